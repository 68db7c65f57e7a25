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
    // Restores `text` with its first `from` replaced by `to` (which must be there).
    sop::restore_result restore_changed(std::string text, std::string_view from,
                                        std::string_view to) const {
        const auto found = text.find(from);
        EXPECT_NE(found, std::string::npos) << from;
        if (found != std::string::npos) text.replace(found, from.size(), to);
        return sop::restore(sop, text);
    }
    // Each change of `text` is refused with `expected`.
    void expect_refused(const std::string& text,
                        const std::vector<std::pair<std::string, std::string>>& changes,
                        sop::restore_error expected) const {
        for (const auto& [from, to] : changes) {
            SCOPED_TRACE(to);
            const auto result = restore_changed(text, from, to);
            EXPECT_FALSE(result);
            EXPECT_EQ(result.error, expected) << result.message;
        }
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
        return restore_changed(good, from, to);
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
    expect_refused(sop::snapshot(parked()),
                   {
                       {"record 2 kasubag no", "record 2 staf no"},    // not that actor's step
                       {"record 2 kasubag no", "record 2 kasubag -"},  // a decision, no answer
                       {"record 1 staf - 1710118800", "record 3 staf - 1710118800"},  // not first
                       {"record 2 kasubag no", "record 2 kasubag yes"},  // yes leads to 3, not 1
                       {"status at_decision", "status completed"},
                       {"current 2", "current 1"},
                       {"step-started 1710126000", "step-started 1710126001"},
                       {"record 2 kasubag", "record 2 tamu"},  // no such actor
                       {"current 2", "current 42"},            // no such step
                   },
                   sop::restore_error::inconsistent);
}

// Every field that contradicts the definition, the status or the rules is refused, as is every
// number not written the way snapshot() writes it.
TEST_F(Snapshot, RefusesFieldsThatContradictTheStatusOrTheSteps) {
    const std::string good = sop::snapshot(parked());
    expect_refused(good,
                   {
                       // a due time before its step started: it would show OVERDUE at once
                       {"due 1710127800", "due 1710125000"},
                       // a timed step without a due time, and a due time equal to the start
                       {"due 1710127800", "due -"},
                       {"due 1710127800", "due 1710126000"},
                       // a record's due time before its start, or missing
                       {"record 1 staf - 1710118800 1710121500 1710122400",
                        "record 1 staf - 1710118800 1710121500 1710118000"},
                       {"record 1 staf - 1710118800 1710121500 1710122400",
                        "record 1 staf - 1710118800 1710121500 -"},
                       // who cancelled and why belong to cancelled cases only
                       {"cancelled-by -", "cancelled-by kabag"},
                       {"reason -", "reason lupa"},
                   },
                   sop::restore_error::inconsistent);
    expect_refused(good,
                   {
                       {"history 3", "history 3x"},             // trailing garbage after a number
                       {"history 3", "history 03"},             // a leading zero
                       {"due 1710127800", "due 1710127800x"},   //
                       {"due 1710127800", "due +1710127800"},   // a sign
                       {"due 1710127800", "due 01710127800"},   //
                       {"due 1710127800", "due -1710127800"},   // before 1970
                       {"due 1710127800", "due 253402300800"},  // 10000-01-01T00:00:00Z
                       {"due 1710127800", "due 99999999999999999999"},  // beyond any number
                       {"step-started 1710126000", "step-started 1710126000 "},
                       {"record 2 kasubag no 1710121500", "record 2 kasubag no 1710121500.0"},
                   },
                   sop::restore_error::malformed);

    // A case that has not started carries no times and no step.
    expect_refused(sop::snapshot(sop::instance(sop)),
                   {{"current -", "current 1"},
                    {"step-started -", "step-started 1710126000"},
                    {"due -", "due 1710126000"},
                    {"last-event -", "last-event 1710126000"},
                    {"reason -", "reason x"}},
                   sop::restore_error::inconsistent);
    // A completed case has no current step and no due time.
    sop::instance done = parked();
    ASSERT_TRUE(done.answer("kasubag", sop::answer::yes, at("2024-03-11T10:10")));
    ASSERT_TRUE(done.complete("kabag", at("2024-03-11T11:00")));
    expect_refused(sop::snapshot(done), {{"due -", "due 1710130000"}, {"current -", "current 3"}},
                   sop::restore_error::inconsistent);
}

TEST_F(Snapshot, RestoreOrThrowThrowsTheReason) {
    const std::string text = sop::snapshot(parked());
    EXPECT_EQ(sop::snapshot(sop::restore_or_throw(sop, text)), text);
    try {
        (void)sop::restore_or_throw(sop, "sopengine-snapshot 9\n");
        FAIL() << "no exception";
    } catch (const sop::error& failure) {
        EXPECT_EQ(failure.code(), sop::restore_error::unsupported_version);
        EXPECT_EQ(failure.code().category().name(), std::string("sopengine.restore"));
        EXPECT_NE(std::string(failure.what()).find("snapshot format 9"), std::string::npos);
    }
}

// Restoring takes the due times as written: a calendar that changed since (here: closed) does
// not make a snapshot unreadable, and the case goes on under the new calendar.
TEST_F(Snapshot, RestoresOntoACalendarWithoutWorkingTime) {
    auto closed = std::make_shared<sop::working_calendar>();
    for (unsigned day = 0; day < 7; ++day) closed->set_day(day, std::nullopt);
    const std::string text = sop::snapshot(parked());
    sop::restore_result result = sop::restore(sop, text, closed);
    ASSERT_TRUE(result) << result.message;
    EXPECT_EQ(sop::snapshot(*result.instance), text);
    EXPECT_EQ(result.instance->answer("kasubag", sop::answer::yes, at("2024-03-11T10:30")).code,
              sop::outcome_code::no_working_time);
    EXPECT_EQ(sop::snapshot(*result.instance), text);
}
