// Separation of duties (not-by-performer-of) and the people an instance records, on
// tests/data/valid/four-eyes.xml:
// 1 (staf or kasubag, 1 jam) -> 2? (staf or kasubag, not by 1's performer; yes 3, no 1)
//   -> 3 (kabag or kasubag, not by the performers of 1 and 2).
#include <gtest/gtest.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>

#include "support.hpp"

namespace {

class Duties : public ::testing::Test {
protected:
    sop::definition sop = sop::load_file_or_throw(std::filesystem::path(SOPENGINE_TEST_DATA) /
                                                  "valid" / "four-eyes.xml");
    sop::working_calendar calendar;
    sop::time_point at(const char* local) const { return calendar.parse(local).value(); }

    // A case at decision 2, its draft made by `drafter` as staf.
    sop::instance drafted_by(std::string_view drafter) const {
        sop::instance work(sop);
        EXPECT_TRUE(work.start("staf", at("2026-03-02T08:00")));
        EXPECT_TRUE(work.complete("staf", at("2026-03-02T08:30"), drafter));
        return work;
    }
};

TEST_F(Duties, TheRuleIsReadFromTheDocument) {
    EXPECT_EQ(sop.find_step("2")->not_by_performer_of, std::vector<std::string>{"1"});
    EXPECT_EQ(sop.find_step("3")->not_by_performer_of, (std::vector<std::string>{"1", "2"}));
    EXPECT_TRUE(sop.find_step("1")->not_by_performer_of.empty());
}

TEST_F(Duties, TheRuleIsPartOfTheVersion) {
    const std::filesystem::path file =
        std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" / "four-eyes.xml";
    std::string xml = sop_test::read_file(file);
    const std::string rule = " not-by-performer-of=\"1\"";
    const auto where = xml.find(rule);
    ASSERT_NE(where, std::string::npos);
    xml.erase(where, rule.size());
    const sop::definition without = sop::load_string_or_throw(xml, "four-eyes.xml");
    EXPECT_NE(without.fingerprint(), sop.fingerprint());
}

TEST_F(Duties, ADecisionIsRefusedToWhoeverPreparedTheWorkAndAcceptedFromAnother) {
    sop::instance work = drafted_by("198001012005011001");
    // The same person, now in the verifier's role: refused, and nothing changes.
    const sop::outcome same =
        work.answer("kasubag", sop::answer::yes, at("2026-03-02T09:00"), "198001012005011001");
    EXPECT_EQ(same.code, sop::outcome_code::separation_of_duties);
    EXPECT_NE(same.message.find("198001012005011001 performed step 1"), std::string::npos)
        << same.message;
    EXPECT_EQ(work.current_step()->id, "2");
    EXPECT_EQ(work.history_size(), 1U);
    // Someone else verifies.
    EXPECT_TRUE(
        work.answer("kasubag", sop::answer::yes, at("2026-03-02T09:00"), "197501012000031002"));
    EXPECT_EQ(work.current_step()->id, "3");
    const auto history = work.history();
    ASSERT_EQ(history.size(), 2U);
    EXPECT_EQ(history[0].person, "198001012005011001");
    EXPECT_EQ(history[1].person, "197501012000031002");
}

TEST_F(Duties, AStepWithTheRuleNeedsTheActingPerson) {
    sop::instance work = drafted_by("198001012005011001");
    const sop::outcome nobody = work.answer("kasubag", sop::answer::yes, at("2026-03-02T09:00"));
    EXPECT_EQ(nobody.code, sop::outcome_code::person_required);
    EXPECT_NE(nobody.message.find("name the person"), std::string::npos) << nobody.message;
    EXPECT_EQ(work.history_size(), 1U);
}

TEST_F(Duties, EveryNamedStepCountsAndEveryRoundOfTheLoop) {
    sop::instance work = drafted_by("A");
    // B sends the draft back; C redrafts it; A may not verify (A drafted it in the first round).
    ASSERT_TRUE(work.answer("kasubag", sop::answer::no, at("2026-03-02T09:00"), "B"));
    ASSERT_TRUE(work.complete("staf", at("2026-03-02T10:00"), "C"));
    EXPECT_EQ(work.answer("staf", sop::answer::yes, at("2026-03-02T10:30"), "A").code,
              sop::outcome_code::separation_of_duties);
    ASSERT_TRUE(work.answer("staf", sop::answer::yes, at("2026-03-02T10:30"), "B"));
    // Step 3 may be signed by none of A, B and C.
    for (const char* who : {"A", "B", "C"}) {
        EXPECT_EQ(work.complete("kasubag", at("2026-03-02T11:00"), who).code,
                  sop::outcome_code::separation_of_duties)
            << who;
    }
    ASSERT_TRUE(work.complete("kabag", at("2026-03-02T11:00"), "D"));
    EXPECT_EQ(work.status(), sop::status::completed);
}

TEST_F(Duties, StepsWithoutTheRuleTakeOperationsThatNameNoOne) {
    sop::instance work(sop);
    ASSERT_TRUE(work.start("staf", at("2026-03-02T08:00")));
    ASSERT_TRUE(work.complete("staf", at("2026-03-02T08:30")));
    EXPECT_TRUE(work.history().front().person.empty());
    // A draft by no one named is no one's: a named verifier may answer.
    EXPECT_TRUE(work.answer("kasubag", sop::answer::yes, at("2026-03-02T09:00"), "B"));
}

TEST_F(Duties, PeopleSurviveASnapshotAndARuleBreakingOneIsRefused) {
    sop::instance work = drafted_by("A");
    ASSERT_TRUE(work.answer("kasubag", sop::answer::yes, at("2026-03-02T09:00"), "B%C"));
    const std::string text = sop::snapshot(work);
    EXPECT_EQ(text.rfind("sopengine-snapshot 3\n", 0), 0U) << text;
    sop::restore_result back = sop::restore(sop, text);
    ASSERT_TRUE(back) << back.message;
    EXPECT_EQ(back.instance->history(), work.history());
    EXPECT_EQ(sop::snapshot(*back.instance), text);
    // The restored case still knows who drafted.
    EXPECT_EQ(back.instance->complete("kasubag", at("2026-03-02T10:00"), "A").code,
              sop::outcome_code::separation_of_duties);

    // The same snapshot with the verifier made the drafter breaks the rule.
    std::string edited = text;
    const auto verifier = edited.find(" B%25C\n");
    ASSERT_NE(verifier, std::string::npos) << text;
    edited.replace(verifier, 7, " A\n");
    const sop::restore_result broken = sop::restore(sop, edited);
    EXPECT_EQ(broken.error, sop::restore_error::inconsistent);
    EXPECT_NE(broken.message.find("names A, who performed step 1"), std::string::npos)
        << broken.message;
}

TEST_F(Duties, ACaseThatNamesNoOneKeepsItsSnapshotFormat) {
    const sop::definition surat =
        sop::load_file_or_throw(std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" / "surat.xml");
    sop::instance work(surat);
    ASSERT_TRUE(work.start("staf", at("2026-03-02T08:00")));
    ASSERT_TRUE(work.complete("staf", at("2026-03-02T08:30")));
    EXPECT_EQ(sop::snapshot(work).rfind("sopengine-snapshot 1\n", 0), 0U);
}

}  // namespace
