// Replays every input the fuzzers found a problem with (tests/fuzz/regressions/), and the
// restore fuzzer's seed snapshots, through the same checks as the fuzz targets, so that each
// problem stays fixed in every build, the sanitizer build included.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sopengine/sopengine.hpp>
#include <sstream>

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

TEST(FuzzRegressions, LoaderInputsLoadOrFailWithAReason) {
    for (const fs::path& file : inputs(fuzz_dir / "regressions" / "load")) {
        SCOPED_TRACE(file.filename().string());
        const std::string text = read_file(file);
        const sop::load_result result = sop::load_string(text, "fuzz.xml");
        if (!result) {
            EXPECT_TRUE(sop::has_errors(result.diagnostics));
            continue;
        }
        EXPECT_EQ(sop::load_string(text, "again.xml").definition->fingerprint(),
                  result.definition->fingerprint());
        (void)sop::analyze(*result.definition);
        (void)sop::to_dot(*result.definition);
    }
}

TEST(FuzzRegressions, RestoreInputsRestoreOrFailWithAReason) {
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    for (const fs::path& file : inputs(fuzz_dir / "regressions" / "restore")) {
        SCOPED_TRACE(file.filename().string());
        const sop::restore_result result = sop::restore(sop, read_file(file));
        if (!result) {
            EXPECT_NE(result.error, sop::restore_error::none);
            EXPECT_FALSE(result.message.empty());
            continue;
        }
        const std::string again = sop::snapshot(*result.instance);
        const sop::restore_result twice = sop::restore(sop, again);
        ASSERT_TRUE(twice) << twice.message;
        EXPECT_EQ(sop::snapshot(*twice.instance), again);
    }
}

// The restore fuzzer starts from these; when sidoarjo.xml changes, its fingerprint does, and
// they must be taken again (scripts/fuzz.sh says how) or the fuzzer only ever sees refusals.
TEST(FuzzRegressions, RestoreSeedsAreSnapshotsOfTheShippedSidoarjo) {
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    const auto seeds = inputs(fuzz_dir / "corpus" / "restore");
    ASSERT_GE(seeds.size(), 5U);
    for (const fs::path& file : seeds) {
        SCOPED_TRACE(file.filename().string());
        const sop::restore_result result = sop::restore(sop, read_file(file));
        if (file.filename() == "pace.snapshot") {
            EXPECT_EQ(result.error, sop::restore_error::other_definition);
        } else {
            EXPECT_TRUE(result) << result.message;
        }
    }
}
