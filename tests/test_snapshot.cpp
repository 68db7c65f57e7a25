#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sopengine/sopengine.hpp>
#include <sstream>

#include "support.hpp"

namespace {

class Snapshot : public sop_test::surat_case {
protected:
    // A case parked at the decision after one round of corrections.
    sop::instance parked() const {
        sop::instance work(sop);
        EXPECT_TRUE(work.start("staf", at("2024-03-11T08:00")));
        EXPECT_TRUE(work.complete("staf", at("2024-03-11T08:45")));
        EXPECT_TRUE(work.answer("kasubag", sop::answer::no, at("2024-03-11T09:00")));
        EXPECT_TRUE(work.complete("staf", at("2024-03-11T10:00")));
        return work;
    }
};

}  // namespace

TEST_F(Snapshot, RoundTripsEveryStatus) {
    std::vector<sop::instance> cases;
    cases.emplace_back(sop);
    cases.push_back(parked());
    sop::instance done = parked();
    ASSERT_TRUE(done.answer("kasubag", sop::answer::yes, at("2024-03-11T10:10")));
    ASSERT_TRUE(done.complete("kabag", at("2024-03-11T11:00")));
    cases.push_back(done);
    sop::instance cancelled = parked();
    ASSERT_TRUE(cancelled.cancel("kabag", "baris 1\nbaris 2 % - selesai", at("2024-03-11T12:00")));
    cases.push_back(cancelled);
    for (const sop::instance& original : cases) {
        SCOPED_TRACE(sop::to_string(original.status()));
        const std::string text = sop::snapshot(original);
        sop::restore_result restored = sop::restore(sop, text);
        ASSERT_TRUE(restored) << restored.message;
        EXPECT_EQ(restored.error, sop::restore_error::none);
        EXPECT_EQ(sop::snapshot(*restored.instance), text);
        EXPECT_EQ(restored.instance->status(), original.status());
        EXPECT_EQ(restored.instance->cancel_reason(), original.cancel_reason());
        EXPECT_EQ(restored.instance->history_size(), original.history_size());
    }
}

TEST_F(Snapshot, RestoredCaseBehavesLikeTheOriginal) {
    sop::instance original = parked();
    sop::instance restored = *sop::restore(sop, sop::snapshot(original)).instance;
    EXPECT_EQ(restored.due(), original.due());
    EXPECT_EQ(restored.complete("kasubag", at("2024-03-11T10:30")).code,
              original.complete("kasubag", at("2024-03-11T10:30")).code);
    EXPECT_EQ(restored.answer("kasubag", sop::answer::yes, at("2024-03-11T09:00")).code,
              sop::outcome_code::time_goes_back);
    ASSERT_TRUE(original.answer("kasubag", sop::answer::yes, at("2024-03-11T10:30")));
    ASSERT_TRUE(restored.answer("kasubag", sop::answer::yes, at("2024-03-11T10:30")));
    EXPECT_EQ(sop::snapshot(restored), sop::snapshot(original));
}

TEST_F(Snapshot, ReadsAsDocumented) {
    const std::string text = sop::snapshot(parked());
    const std::string expected =
        "sopengine-snapshot 1\n"
        "definition surat\n"
        "fingerprint " +
        sop.fingerprint() +
        "\n"
        "status at_decision\n"
        "current 2\n"
        "step-started 1710126000\n"  // 2024-03-11T10:00+07:00
        "due 1710127800\n"           // 30 working minutes later
        "last-event 1710126000\n"
        "cancelled-by -\n"
        "reason -\n"
        "history 3\n"
        // 08:00-08:45 (due 09:00), 08:45-09:00 (due 09:15), 09:00-10:00 (due 10:00)
        "record 1 staf - 1710118800 1710121500 1710122400\n"
        "record 2 kasubag no 1710121500 1710122400 1710123300\n"
        "record 1 staf - 1710122400 1710126000 1710126000\n"
        "end\n";
    EXPECT_EQ(text, expected);
}

TEST_F(Snapshot, RefusesAnotherDefinitionOrVersion) {
    const std::string text = sop::snapshot(parked());
    std::ifstream in(sop_test::surat_file);
    std::stringstream text_of_document;
    text_of_document << in.rdbuf();
    std::string changed = text_of_document.str();
    changed.replace(changed.find("1 hari"), 6, "2 hari");
    const auto newer = sop::load_string_or_throw(changed, "surat.xml");
    const auto result = sop::restore(newer, text);
    EXPECT_FALSE(result);
    EXPECT_EQ(result.error, sop::restore_error::other_definition);
    EXPECT_NE(result.message.find("version " + sop.fingerprint()), std::string::npos);
}

TEST_F(Snapshot, RejectsMalformedText) {
    const std::string good = sop::snapshot(parked());
    auto broken = [&](std::string_view from, std::string_view to) {
        std::string text = good;
        const auto at_pos = text.find(from);
        EXPECT_NE(at_pos, std::string::npos) << from;
        text.replace(at_pos, from.size(), to);
        return sop::restore(sop, text);
    };
    EXPECT_EQ(sop::restore(sop, "").error, sop::restore_error::malformed);
    EXPECT_EQ(sop::restore(sop, "hello\n").error, sop::restore_error::malformed);
    EXPECT_EQ(sop::restore(sop, good.substr(0, good.size() / 2)).error,
              sop::restore_error::malformed);
    EXPECT_EQ(broken("sopengine-snapshot 1", "sopengine-snapshot 9").error,
              sop::restore_error::unsupported_version);
    EXPECT_EQ(broken("status at_decision", "status waiting").error, sop::restore_error::malformed);
    EXPECT_EQ(broken("due 1710127800", "due soon").error, sop::restore_error::malformed);
    EXPECT_EQ(broken("history 3", "history 4").error, sop::restore_error::malformed);
    EXPECT_EQ(broken("history 3", "history 99999999999999999999").error,
              sop::restore_error::malformed);
    EXPECT_EQ(broken("end\n", "end\nmore\n").error, sop::restore_error::malformed);
    EXPECT_EQ(broken("record 2 kasubag no", "record 2 kasubag maybe").error,
              sop::restore_error::malformed);
}

TEST_F(Snapshot, RejectsStatesTheRulesCannotReach) {
    const std::string good = sop::snapshot(parked());
    auto broken = [&](std::string_view from, std::string_view to) {
        std::string text = good;
        text.replace(text.find(from), from.size(), to);
        return sop::restore(sop, text);
    };
    const std::vector<std::pair<std::string, std::string>> cases{
        {"record 2 kasubag no", "record 2 staf no"},    // not that actor's step
        {"record 2 kasubag no", "record 2 kasubag -"},  // a decision without an answer
        {"record 1 staf - 1710118800", "record 3 staf - 1710118800"},  // not the first step
        {"record 2 kasubag no", "record 2 kasubag yes"},  // yes leads to 3, not back to 1
        {"status at_decision", "status completed"},
        {"current 2", "current 1"},
        {"step-started 1710126000", "step-started 1710126001"},
    };
    for (const auto& [from, to] : cases) {
        ASSERT_NE(good.find(from), std::string::npos) << from;
        SCOPED_TRACE(to);
        const auto result = broken(from, to);
        EXPECT_FALSE(result);
        EXPECT_EQ(result.error, sop::restore_error::inconsistent) << result.message;
    }
    EXPECT_EQ(broken("record 2 kasubag", "record 2 tamu").error, sop::restore_error::inconsistent);
    EXPECT_EQ(broken("current 2", "current 42").error, sop::restore_error::inconsistent);
}
