// Replays every input the fuzzers found a problem with (tests/fuzz/regressions/) through the
// fuzz targets' own checks (tests/fuzz/checks.hpp), so that each problem stays fixed in every
// build, the sanitizer build included; and checks the restore fuzzer's seed snapshots.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sopengine/sopengine.hpp>

#include "fuzz/checks.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path fuzz_dir = fs::path(SOPENGINE_TEST_DATA).parent_path() / "fuzz";
const fs::path definitions = SOPENGINE_DEFINITIONS;

using sop_test::read_file;

std::vector<fs::path> inputs(const fs::path& folder) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().filename() != ".gitkeep") {
            found.push_back(entry.path());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

// Each folder holds at least one input, so these tests always check something.
TEST(FuzzRegressions, LoaderInputsKeepTheFuzzersProperties) {
    const auto files = inputs(fuzz_dir / "regressions" / "load");
    ASSERT_FALSE(files.empty());
    for (const fs::path& file : files) {
        EXPECT_TRUE(sop_fuzz::check_load(read_file(file))) << file.filename();
    }
}

// The loader fuzzer's seeds (scripts/fuzz.sh) keep the properties too: a seed that fails one
// stops every fuzzing run at once, before any input of its own.
TEST(FuzzRegressions, LoaderSeedsKeepTheFuzzersProperties) {
    const fs::path data = SOPENGINE_TEST_DATA;
    std::vector<fs::path> files;
    for (const fs::path& folder : {definitions, data / "valid", data / "invalid"}) {
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
            if (entry.is_regular_file()) files.push_back(entry.path());
        }
    }
    ASSERT_GE(files.size(), 100U);
    for (const fs::path& file : files) {
        EXPECT_TRUE(sop_fuzz::check_load(read_file(file))) << file;
    }
}

TEST(FuzzRegressions, RestoreInputsKeepTheFuzzersProperties) {
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    const auto files = inputs(fuzz_dir / "regressions" / "restore");
    ASSERT_FALSE(files.empty());
    for (const fs::path& file : files) {
        EXPECT_TRUE(sop_fuzz::check_restore(sop, read_file(file))) << file.filename();
    }
}

// What each saved input was about.
TEST(FuzzRegressions, SavedInputsGetTheirVerdicts) {
    // A 40 KB actor id: refused at once, with no typo suggestion worked out for it.
    const sop::load_result long_id = sop::load_string(
        read_file(fuzz_dir / "regressions" / "load" / "forty-kilobyte-unknown-actor.xml"), "x");
    ASSERT_EQ(long_id.diagnostics.size(), 1U);
    EXPECT_EQ(long_id.diagnostics[0].code, "unknown-actor");
    EXPECT_EQ(long_id.diagnostics[0].message.find("did you mean"), std::string::npos);
    // Times at the limit of the representation once overflowed the calendar: now malformed.
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    EXPECT_EQ(sop::restore(sop, read_file(fuzz_dir / "regressions" / "restore" /
                                          "times-at-the-int64-limit.snapshot"))
                  .error,
              sop::restore_error::malformed);
}

// The restore fuzzer starts from these; when sidoarjo.xml changes, its fingerprint does, and
// they must be taken again (scripts/fuzz.sh says how) or the fuzzer only ever sees refusals.
TEST(FuzzRegressions, RestoreSeedsAreSnapshotsOfTheShippedSidoarjo) {
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    const auto seeds = inputs(fuzz_dir / "corpus" / "restore");
    ASSERT_GE(seeds.size(), 5U);
    for (const fs::path& file : seeds) {
        SCOPED_TRACE(file.filename().string());
        const std::string text = read_file(file);
        EXPECT_TRUE(sop_fuzz::check_restore(sop, text));
        const sop::restore_result result = sop::restore(sop, text);
        if (file.filename() == "pace.snapshot") {
            EXPECT_EQ(result.error, sop::restore_error::other_definition);
        } else {
            EXPECT_TRUE(result) << result.message;
        }
    }
}
