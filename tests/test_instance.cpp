#include <gtest/gtest.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>

#include "support.hpp"

namespace {

class Instance : public sop_test::surat_case {
protected:
    std::string when(std::optional<sop::time_point> instant) const {
        return instant ? calendar.format(*instant) : std::string("none");
    }
};

struct recorder : sop::observer {
    std::vector<std::string> seen;
    void on_transition(const sop::instance&, const sop::transition& change) override {
        seen.push_back(
            std::string(change.from_step()) + ">" + std::string(change.to_step()) + " " +
            std::string(sop::to_string(change.to())) + " by " + std::string(change.actor()) +
            (change.answer() ? " " + std::string(sop::to_string(*change.answer())) : ""));
    }
};

}  // namespace

TEST_F(Instance, StartsAtTheFirstStepWithItsDueTime) {
    sop::instance work(sop);
    EXPECT_EQ(work.status(), sop::status::not_started);
    EXPECT_EQ(work.current_step(), nullptr);
    EXPECT_TRUE(work.actors_now().empty());
    ASSERT_TRUE(work.start("kabag", at("2024-03-11T08:00")));
    EXPECT_EQ(work.status(), sop::status::at_activity);
    ASSERT_NE(work.current_step(), nullptr);
    EXPECT_EQ(work.current_step()->id, "1");
    ASSERT_EQ(work.actors_now().size(), 1U);
    EXPECT_EQ(work.actors_now()[0]->id, "staf");
    EXPECT_EQ(when(work.step_started()), "2024-03-11T08:00:00+07:00");
    EXPECT_EQ(when(work.due()), "2024-03-11T09:00:00+07:00");
    EXPECT_FALSE(work.overdue(at("2024-03-11T09:00")));
    EXPECT_TRUE(work.overdue(at("2024-03-11T09:01")));
}

TEST_F(Instance, WalksThroughADecisionBothWays) {
    sop::instance work(sop);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(work.complete("staf", at("2024-03-11T08:45")));
    EXPECT_EQ(work.status(), sop::status::at_decision);
    EXPECT_EQ(when(work.due()), "2024-03-11T09:15:00+07:00");
    ASSERT_TRUE(work.answer("kasubag", sop::answer::no, at("2024-03-11T10:00")));
    EXPECT_EQ(work.current_step()->id, "1");
    ASSERT_TRUE(work.complete("staf", at("2024-03-11T11:00")));
    ASSERT_TRUE(work.answer("kasubag", sop::answer::yes, at("2024-03-11T11:10")));
    EXPECT_EQ(work.current_step()->id, "3");
    EXPECT_EQ(work.actors_now().size(), 2U);
    EXPECT_EQ(when(work.due()), "2024-03-12T11:10:00+07:00");
    ASSERT_TRUE(work.complete("kasubag", at("2024-03-12T15:00")));
    EXPECT_EQ(work.status(), sop::status::completed);
    EXPECT_EQ(work.current_step(), nullptr);
    EXPECT_EQ(work.due(), std::nullopt);

    const auto history = work.history();
    ASSERT_EQ(history.size(), 5U);
    const std::vector<std::string> steps{"1", "2", "1", "2", "3"};
    const std::vector<std::string> actors{"staf", "kasubag", "staf", "kasubag", "kasubag"};
    for (std::size_t i = 0; i < history.size(); ++i) {
        EXPECT_EQ(history[i].step, steps[i]);
        EXPECT_EQ(history[i].actor, actors[i]);
    }
    EXPECT_EQ(history[1].answer, sop::answer::no);
    EXPECT_EQ(history[3].answer, sop::answer::yes);
    EXPECT_EQ(history[0].answer, std::nullopt);
    EXPECT_TRUE(history[0].on_time());
    EXPECT_FALSE(history[1].on_time());  // due 09:15, answered 10:00
    EXPECT_EQ(when(history[1].due), "2024-03-11T09:15:00+07:00");
    EXPECT_EQ(when(history[2].started), "2024-03-11T10:00:00+07:00");
    EXPECT_FALSE(history[4].on_time());  // due 12th 11:10, done 15:00
}

TEST_F(Instance, RefusesAndChangesNothing) {
    sop::instance work(sop);
    const auto snapshot_before = [&] { return sop::snapshot(work); };

    std::string before = snapshot_before();
    auto result = work.complete("staf", at("2024-03-11T08:00"));
    EXPECT_EQ(result.code, sop::outcome_code::not_started);
    EXPECT_EQ(snapshot_before(), before);
    EXPECT_EQ(work.start("tamu", at("2024-03-11T08:00")).code, sop::outcome_code::unknown_actor);
    EXPECT_EQ(work.cancel("staf", "x", at("2024-03-11T08:00")).code,
              sop::outcome_code::not_started);
    EXPECT_EQ(snapshot_before(), before);

    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    before = snapshot_before();
    EXPECT_EQ(work.start("staf", at("2024-03-11T08:00")).code, sop::outcome_code::already_started);
    result = work.complete("kabag", at("2024-03-11T09:00"));
    EXPECT_EQ(result.code, sop::outcome_code::not_your_turn);
    EXPECT_EQ(result.message,
              "step 1 (Membuat konsep) is performed by 'staf' (Staf), not by 'kabag'");
    EXPECT_FALSE(result);
    EXPECT_EQ(work.answer("staf", sop::answer::yes, at("2024-03-11T09:00")).code,
              sop::outcome_code::step_is_activity);
    // Who acts before what the step is: an actor not on the step hears it is not their turn.
    EXPECT_EQ(work.answer("kabag", sop::answer::yes, at("2024-03-11T09:00")).code,
              sop::outcome_code::not_your_turn);
    EXPECT_EQ(work.answer("tamu", sop::answer::yes, at("2024-03-11T09:00")).code,
              sop::outcome_code::unknown_actor);
    result = work.complete("staf", at("2024-03-11T07:59"));
    EXPECT_EQ(result.code, sop::outcome_code::time_goes_back);
    EXPECT_EQ(result.message,
              "2024-03-11T07:59:00+07:00 is earlier than the last event of this case, "
              "2024-03-11T08:00:00+07:00; times must not go back");
    EXPECT_EQ(work.cancel("staf", "  ", at("2024-03-11T09:00")).code,
              sop::outcome_code::missing_reason);
    EXPECT_EQ(snapshot_before(), before);

    ASSERT_TRUE(work.complete("staf", at("2024-03-11T09:00")));
    before = snapshot_before();
    result = work.complete("kasubag", at("2024-03-11T09:30"));
    EXPECT_EQ(result.code, sop::outcome_code::step_is_decision);
    EXPECT_EQ(result.message,
              "step 2 (Memeriksa konsep) is a decision; answer yes or no (Konsep benar?)");
    EXPECT_EQ(work.answer("kabag", sop::answer::yes, at("2024-03-11T09:30")).code,
              sop::outcome_code::not_your_turn);
    EXPECT_EQ(work.complete("kabag", at("2024-03-11T09:30")).code,
              sop::outcome_code::not_your_turn);
    EXPECT_EQ(snapshot_before(), before);

    ASSERT_TRUE(work.cancel("kabag", "surat ditarik", at("2024-03-11T09:30")));
    EXPECT_EQ(work.status(), sop::status::cancelled);
    EXPECT_EQ(work.cancel_reason(), "surat ditarik");
    EXPECT_EQ(work.current_step(), nullptr);
    before = snapshot_before();
    EXPECT_EQ(work.answer("kasubag", sop::answer::yes, at("2024-03-11T10:00")).code,
              sop::outcome_code::already_finished);
    EXPECT_EQ(work.cancel("kabag", "lagi", at("2024-03-11T10:00")).code,
              sop::outcome_code::already_finished);
    EXPECT_EQ(work.start("kabag", at("2024-03-11T10:00")).code,
              sop::outcome_code::already_finished);
    EXPECT_EQ(snapshot_before(), before);
}

TEST_F(Instance, ObserversSeeEveryTransitionInOrder) {
    sop::instance work(sop);
    auto watcher = std::make_shared<recorder>();
    work.add_observer(watcher);
    EXPECT_THROW(work.add_observer(nullptr), sop::error);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(work.complete("staf", at("2024-03-11T08:10")));
    EXPECT_FALSE(work.complete("staf", at("2024-03-11T08:20")));  // refused: not reported
    ASSERT_TRUE(work.answer("kasubag", sop::answer::yes, at("2024-03-11T08:20")));
    ASSERT_TRUE(work.complete("kabag", at("2024-03-11T08:30")));
    const std::vector<std::string> expected{">1 at_activity by staf", "1>2 at_decision by staf",
                                            "2>3 at_activity by kasubag yes",
                                            "3> completed by kabag"};
    EXPECT_EQ(watcher->seen, expected);
}

TEST_F(Instance, CancellationIsReported) {
    sop::instance work(sop);
    auto watcher = std::make_shared<recorder>();
    work.add_observer(watcher);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(work.cancel("kabag", "batal", at("2024-03-11T08:30")));
    EXPECT_EQ(watcher->seen.back(), "1> cancelled by kabag");
    EXPECT_EQ(when(work.last_event()), "2024-03-11T08:30:00+07:00");
}

TEST_F(Instance, AThrowingObserverDoesNotUndoTheTransition) {
    struct thrower : sop::observer {
        void on_transition(const sop::instance&, const sop::transition&) override {
            throw std::runtime_error("observer failure");
        }
    };
    sop::instance work(sop);
    work.add_observer(std::make_shared<thrower>());
    EXPECT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    EXPECT_EQ(work.status(), sop::status::at_activity);
}

TEST_F(Instance, CopiesAreIndependentCases) {
    sop::instance first(sop);
    ASSERT_TRUE(first.start("staf", at("2024-03-11T08:00")));
    sop::instance second = first;
    ASSERT_TRUE(second.complete("staf", at("2024-03-11T08:30")));
    EXPECT_EQ(first.current_step()->id, "1");
    EXPECT_EQ(second.current_step()->id, "2");
    EXPECT_EQ(first.history_size(), 0U);
    EXPECT_EQ(second.history_size(), 1U);
    first = second;
    EXPECT_EQ(first.status(), sop::status::at_decision);  // the lifecycle is copied too
    ASSERT_TRUE(first.answer("kasubag", sop::answer::yes, at("2024-03-11T09:00")));
    EXPECT_EQ(second.status(), sop::status::at_decision);
    sop::instance moved = std::move(first);
    EXPECT_EQ(moved.current_step()->id, "3");
}

TEST_F(Instance, UsesTheGivenCalendar) {
    auto holidays = std::make_shared<sop::working_calendar>();
    holidays->add_holiday(std::chrono::year_month_day{std::chrono::year(2024), std::chrono::March,
                                                      std::chrono::day(11)});
    sop::instance work(sop, holidays);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    EXPECT_EQ(when(work.due()), "2024-03-12T09:00:00+07:00");
    // A null calendar is the default calendar, as everywhere.
    sop::instance plain(sop, nullptr);
    EXPECT_EQ(plain.calendar(), sop::working_calendar());
    ASSERT_TRUE(plain.start("staf", at("2024-03-11T08:00")));
    EXPECT_EQ(when(plain.due()), "2024-03-11T09:00:00+07:00");
}

TEST_F(Instance, AStepWithoutFixedTimeHasNoDueTime) {
    const auto untimed = sop::load_string_or_throw(R"(<sop format="1" id="u">
      <identity><unit>U</unit><number>1</number><title>T</title>
        <approved-by position="P" name="N"/></identity>
      <actors><actor id="a">A</actor></actors>
      <procedure><activity id="1" actor="a" time-note="Sesuai dengan waktu yang ditentukan">
        <description>D</description></activity></procedure></sop>)",
                                                   "u.xml");
    sop::instance work(untimed);
    ASSERT_TRUE(work.start("a", at("2024-03-11T08:00")));
    EXPECT_EQ(work.due(), std::nullopt);
    EXPECT_FALSE(work.overdue(at("2030-01-01T08:00")));
    ASSERT_TRUE(work.complete("a", at("2024-04-11T08:00")));
    EXPECT_TRUE(work.history()[0].on_time());
}

namespace {

// Runs an operation by name, for tables of operations.
sop::outcome perform(sop::instance& work, std::string_view operation, std::string_view actor,
                     sop::time_point when) {
    if (operation == "start") return work.start(actor, when);
    if (operation == "complete") return work.complete(actor, when);
    if (operation == "yes") return work.answer(actor, sop::answer::yes, when);
    if (operation == "no") return work.answer(actor, sop::answer::no, when);
    return work.cancel(actor, "dibatalkan", when);
}

std::shared_ptr<const sop::working_calendar> closed_calendar() {
    auto closed = std::make_shared<sop::working_calendar>();
    for (unsigned day = 0; day < 7; ++day) closed->set_day(day, std::nullopt);
    return closed;
}

}  // namespace

// Every operation that needs working time the calendar lacks is refused whole: the same
// snapshot before and after, no observer told; one that needs none goes through.
TEST_F(Instance, WithoutWorkingTimeOperationsAreRefusedWhole) {
    const auto closed = closed_calendar();
    auto watcher = std::make_shared<recorder>();
    sop::instance work(sop, closed);
    work.add_observer(watcher);
    std::string before = sop::snapshot(work);
    sop::outcome result = work.start("staf", at("2024-03-11T08:00"));
    EXPECT_EQ(result.code, sop::outcome_code::no_working_time);
    EXPECT_EQ(result.message,
              "step 1 has a standard time of 1 jam, but the working calendar has no working time "
              "after 2024-03-11T08:00:00+07:00; give the calendar working hours");
    EXPECT_EQ(sop::snapshot(work), before);
    EXPECT_EQ(work.status(), sop::status::not_started);

    // Cases started on working days, then carried onto the closed calendar, at each step.
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"start staf"}, "complete staf"},                 // 1 -> 2 needs 30 minutes
        {{"start staf", "complete staf"}, "no kasubag"},   // 2 -> 1 needs 60 minutes
        {{"start staf", "complete staf"}, "yes kasubag"},  // 2 -> 3 needs 1 hari
    };
    for (const auto& [steps, operation] : cases) {
        SCOPED_TRACE(operation);
        sop::instance open(sop);
        for (const std::string& step : steps) {
            const auto space = step.find(' ');
            ASSERT_TRUE(perform(open, step.substr(0, space), step.substr(space + 1),
                                at("2024-03-11T08:00")));
        }
        sop::instance stuck = sop::restore_or_throw(sop, sop::snapshot(open), {closed, nullptr});
        stuck.add_observer(watcher);
        before = sop::snapshot(stuck);
        const auto space = operation.find(' ');
        result = perform(stuck, operation.substr(0, space), operation.substr(space + 1),
                         at("2024-03-11T09:00"));
        EXPECT_EQ(result.code, sop::outcome_code::no_working_time);
        EXPECT_EQ(sop::snapshot(stuck), before);
        // Cancelling needs no working time.
        EXPECT_TRUE(stuck.cancel("kabag", "libur panjang", at("2024-03-11T09:00")));
    }
    EXPECT_EQ(watcher->seen,
              (std::vector<std::string>{"1> cancelled by kabag", "2> cancelled by kabag",
                                        "2> cancelled by kabag"}));

    // The last step leads to the end: completing it needs no working time either.
    sop::instance last(sop);
    ASSERT_TRUE(last.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(last.complete("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(last.answer("kasubag", sop::answer::yes, at("2024-03-11T08:00")));
    sop::instance ending = sop::restore_or_throw(sop, sop::snapshot(last), {closed, nullptr});
    EXPECT_TRUE(ending.complete("kabag", at("2024-03-11T10:00")));
    EXPECT_EQ(ending.status(), sop::status::completed);
}

// Times at the limits of the supported range are accepted when their due times fit; times
// beyond them, and due times that would fall beyond, are refused whole.
TEST_F(Instance, TimesAtAndBeyondTheSupportedRange) {
    using namespace std::chrono_literals;
    const std::vector<sop::time_point> outside{sop::time_point::max(), sop::time_point::min(),
                                               sop::latest_time + 1s, sop::earliest_time - 1s};
    sop::instance fresh(sop);
    const std::string not_started = sop::snapshot(fresh);
    for (const sop::time_point when : outside) {
        const sop::outcome result = fresh.start("staf", when);
        EXPECT_EQ(result.code, sop::outcome_code::time_out_of_range);
        EXPECT_NE(result.message.find("is outside the supported range of times"), std::string::npos)
            << result.message;
        EXPECT_EQ(sop::snapshot(fresh), not_started);
    }
    // The latest time itself: step 1 would be due an hour later, past the range.
    const sop::outcome late = fresh.start("staf", sop::latest_time);
    EXPECT_EQ(late.code, sop::outcome_code::time_out_of_range);
    EXPECT_NE(late.message.find("would be due 1 jam after"), std::string::npos) << late.message;
    EXPECT_EQ(sop::snapshot(fresh), not_started);

    // The earliest time: 1970-01-01 07:00 WIB, a Thursday; due at 09:00.
    ASSERT_TRUE(fresh.start("staf", sop::earliest_time));
    EXPECT_EQ(when(fresh.due()), "1970-01-01T09:00:00+07:00");

    sop::instance work(sop);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(work.complete("staf", at("2024-03-11T08:30")));
    const std::string started = sop::snapshot(work);
    for (const sop::time_point when : outside) {
        for (const char* operation : {"yes", "no", "cancel", "complete"}) {
            SCOPED_TRACE(operation);
            const sop::outcome result = perform(work, operation, "kasubag", when);
            if (std::string_view(operation) == "complete") {
                EXPECT_EQ(result.code, sop::outcome_code::step_is_decision);
            } else {
                EXPECT_EQ(result.code, sop::outcome_code::time_out_of_range);
            }
            EXPECT_EQ(sop::snapshot(work), started);
        }
    }
    // At the latest time, a step that needs no new due time goes through.
    EXPECT_TRUE(work.cancel("kabag", "arsip", sop::latest_time));
    EXPECT_EQ(work.last_event(), sop::latest_time);
}

// An observer that throws neither undoes nor half-does an operation, and the observers after it
// are still told, for every operation.
TEST_F(Instance, AThrowingObserverLeavesEveryOperationWhole) {
    struct thrower : sop::observer {
        void on_transition(const sop::instance&, const sop::transition&) override {
            throw std::runtime_error("observer failure");
        }
    };
    struct stranger : sop::observer {
        void on_transition(const sop::instance&, const sop::transition&) override { throw 42; }
    };
    sop::instance work(sop);
    work.add_observer(std::make_shared<thrower>());
    work.add_observer(std::make_shared<stranger>());
    auto watcher = std::make_shared<recorder>();
    work.add_observer(watcher);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(work.complete("staf", at("2024-03-11T08:10")));
    ASSERT_TRUE(work.answer("kasubag", sop::answer::no, at("2024-03-11T08:20")));
    ASSERT_TRUE(work.complete("staf", at("2024-03-11T08:30")));
    ASSERT_TRUE(work.cancel("kasubag", "ditarik", at("2024-03-11T08:40")));
    EXPECT_EQ(watcher->seen,
              (std::vector<std::string>{">1 at_activity by staf", "1>2 at_decision by staf",
                                        "2>1 at_activity by kasubag no", "1>2 at_decision by staf",
                                        "2> cancelled by kasubag"}));
    EXPECT_EQ(work.history_size(), 3U);
    EXPECT_EQ(work.status(), sop::status::cancelled);
    // The whole state is as if no observer had been there.
    sop::instance plain(sop);
    ASSERT_TRUE(plain.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(plain.complete("staf", at("2024-03-11T08:10")));
    ASSERT_TRUE(plain.answer("kasubag", sop::answer::no, at("2024-03-11T08:20")));
    ASSERT_TRUE(plain.complete("staf", at("2024-03-11T08:30")));
    ASSERT_TRUE(plain.cancel("kasubag", "ditarik", at("2024-03-11T08:40")));
    EXPECT_EQ(sop::snapshot(work), sop::snapshot(plain));
}

// History records and transitions are values: they read correctly after the instance and the
// definition are gone (AddressSanitizer checks it in the asan build).
TEST(InstanceLifetime, HistoryAndTransitionsOutliveTheirSources) {
    struct keeper : sop::observer {
        std::vector<sop::transition> kept;
        void on_transition(const sop::instance&, const sop::transition& change) override {
            kept.push_back(change);
        }
    };
    auto watcher = std::make_shared<keeper>();
    std::vector<sop::step_record> history;
    sop::time_point start;
    {
        const sop::working_calendar days;
        start = *days.parse("2024-03-11T08:00");
        sop::instance work(sop::load_file_or_throw(sop_test::surat_file));
        work.add_observer(watcher);
        ASSERT_TRUE(work.start("staf", start));
        ASSERT_TRUE(work.complete("staf", start));
        ASSERT_TRUE(work.answer("kasubag", sop::answer::yes, start));
        ASSERT_TRUE(work.complete("kabag", start));
        history = work.history();
    }  // the only copy of the definition goes with the instance
    ASSERT_EQ(history.size(), 3U);
    EXPECT_EQ(history[0].step, "1");
    EXPECT_EQ(history[0].actor, "staf");
    EXPECT_EQ(history[1].step, "2");
    EXPECT_EQ(history[1].answer, sop::answer::yes);
    EXPECT_EQ(history[2].actor, "kabag");
    EXPECT_EQ(history[2].started, start);
    ASSERT_EQ(watcher->kept.size(), 4U);
    EXPECT_EQ(watcher->kept[2].from_step(), "2");
    EXPECT_EQ(watcher->kept[2].to_step(), "3");
    EXPECT_EQ(watcher->kept[3].actor(), "kabag");
    EXPECT_EQ(watcher->kept[3].to(), sop::status::completed);
    EXPECT_EQ(watcher->kept[0].from_step(), "");
    EXPECT_EQ(watcher->kept[0].from(), sop::status::not_started);
    EXPECT_EQ(watcher->kept[1].answer(), std::nullopt);
    EXPECT_EQ(watcher->kept[2].answer(), sop::answer::yes);
    EXPECT_EQ(watcher->kept[3].to_step(), "");
    EXPECT_EQ(watcher->kept[3].at(), start);
    EXPECT_NE(watcher->kept[2], watcher->kept[3]);
}

// A moved-from instance answers every const query as an empty case that has not started, throws
// sop::error (moved_from) for operations, and is whole again once assigned.
// Every due time a case computes is the calendar's own answer (the case works same-day ones
// out inline), on calendars of any offset, hours and holidays, from any minute of the week,
// also just after the epoch where local time is negative.
TEST(InstanceDueTimes, AgreeWithTheCalendarEverywhere) {
    const std::vector<std::string> durations{"1 menit",    "59 menit",  "1 jam",  "7 jam",
                                             "480 menit",  "1 hari",    "24 jam", "1439 menit",
                                             "1440 menit", "1441 menit"};
    std::string text =
        "<sop format=\"1\" id=\"d\"><identity><unit>U</unit><number>1</number><title>T</title>"
        "<approved-by position=\"P\"/></identity><actors><actor id=\"a\">A</actor></actors>"
        "<procedure>";
    for (std::size_t i = 0; i < durations.size(); ++i) {
        text += "<activity id=\"" + std::to_string(i + 1) + "\" actor=\"a\" duration=\"" +
                durations[i] + "\"><description>x</description></activity>";
    }
    text += "</procedure></sop>";
    const sop::definition sop = sop::load_string_or_throw(text, "durations.xml");

    std::vector<std::shared_ptr<const sop::working_calendar>> calendars;
    calendars.push_back(std::make_shared<sop::working_calendar>());
    for (const int offset : {-14 * 60, -3 * 60, 0, 14 * 60}) {
        auto days = std::make_shared<sop::working_calendar>();
        days->set_utc_offset(std::chrono::minutes(offset));
        days->set_day(6, sop::working_hours{0, 24 * 60});            // Saturday, all day
        days->set_day(3, sop::working_hours{13 * 60, 13 * 60 + 1});  // Wednesday, one minute
        calendars.push_back(days);
    }
    auto holidays = std::make_shared<sop::working_calendar>();
    holidays->add_holiday(std::chrono::year{2024} / 3 / 12);
    calendars.push_back(holidays);

    std::size_t checked = 0;
    for (const auto& days : calendars) {
        for (const sop::time_point week : {sop::earliest_time, *days->parse("2024-03-10T00:00")}) {
            for (int minute = 0; minute < 8 * 24 * 60; minute += 37) {
                const sop::time_point at = week + std::chrono::minutes(minute);
                sop::instance work(sop, days);
                ASSERT_TRUE(work.start("a", at));
                for (std::size_t i = 0; i < durations.size(); ++i) {
                    const sop::time_amount wanted = sop.steps()[i].duration->most;
                    ASSERT_EQ(work.due(), days->add(at, wanted))
                        << durations[i] << " from " << days->format(at);
                    ++checked;
                    ASSERT_TRUE(work.complete("a", at));
                }
            }
        }
    }
    EXPECT_EQ(checked, calendars.size() * 2 * 312 * durations.size());
}

// An actor named by the definition's record acts exactly as one named by id; a record of
// another definition (even of the same file) is not an actor of this case.
TEST_F(Instance, ActorsByTheirRecordActLikeActorsById) {
    const sop::actor& staf = *sop.find_actor("staf");
    const sop::actor& kasubag = *sop.find_actor("kasubag");
    sop::instance by_record(sop);
    sop::instance by_id(sop);
    ASSERT_TRUE(by_record.start(staf, at("2024-03-11T08:00")));
    ASSERT_TRUE(by_id.start("staf", at("2024-03-11T08:00")));
    const sop::outcome wrong = by_record.complete(kasubag, at("2024-03-11T08:30"));
    EXPECT_EQ(wrong.code, sop::outcome_code::not_your_turn);
    EXPECT_EQ(wrong.message, by_id.complete("kasubag", at("2024-03-11T08:30")).message);
    ASSERT_TRUE(by_record.complete(staf, at("2024-03-11T08:30")));
    ASSERT_TRUE(by_id.complete("staf", at("2024-03-11T08:30")));
    ASSERT_TRUE(by_record.answer(kasubag, sop::answer::no, at("2024-03-11T09:00")));
    ASSERT_TRUE(by_id.answer("kasubag", sop::answer::no, at("2024-03-11T09:00")));
    EXPECT_EQ(by_record.history(), by_id.history());
    EXPECT_EQ(sop::snapshot(by_record), sop::snapshot(by_id));

    const sop::definition other = sop::load_file_or_throw(sop_test::surat_file);
    const std::string before = sop::snapshot(by_record);
    const sop::outcome foreign =
        by_record.complete(*other.find_actor("staf"), at("2024-03-11T10:00"));
    EXPECT_EQ(foreign.code, sop::outcome_code::unknown_actor);
    EXPECT_NE(foreign.message.find("'staf'"), std::string::npos) << foreign.message;
    EXPECT_EQ(by_record.cancel(*other.find_actor("staf"), "x", at("2024-03-11T10:00")).code,
              sop::outcome_code::unknown_actor);
    EXPECT_EQ(sop::snapshot(by_record), before);
    ASSERT_TRUE(by_record.cancel(kasubag, "ditarik", at("2024-03-11T10:00")));
    EXPECT_EQ(by_record.cancel_reason(), "ditarik");
}

// The first records sit inside the instance, later ones on the heap: copies and moves keep every
// record either way, and copies stay independent.
TEST_F(Instance, LongHistoriesSurviveCopiesAndMoves) {
    sop::instance work(sop);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    for (int round = 0; round < 12; ++round) {  // 24 records: past the inline ones, then regrown
        ASSERT_TRUE(work.complete("staf", at("2024-03-11T09:00")));
        ASSERT_TRUE(work.answer("kasubag", sop::answer::no, at("2024-03-11T09:00")));
        if (round == 1) {  // 4 records: still inside; copy and move that form too
            sop::instance small = work;
            EXPECT_EQ(small.history(), work.history());
            sop::instance moved = std::move(small);
            EXPECT_EQ(moved.history_size(), 4U);
            EXPECT_EQ(moved.history(), work.history());
        }
    }
    ASSERT_EQ(work.history_size(), 24U);
    const std::vector<sop::step_record> history = work.history();
    sop::instance copy = work;
    EXPECT_EQ(copy.history(), history);
    ASSERT_TRUE(copy.complete("staf", at("2024-03-11T10:00")));
    EXPECT_EQ(copy.history_size(), 25U);
    EXPECT_EQ(work.history(), history);
    sop::instance moved = std::move(work);
    EXPECT_EQ(moved.history(), history);
    EXPECT_EQ(work.history_size(), 0U);  // NOLINT(bugprone-use-after-move): what is tested
    copy = moved;
    EXPECT_EQ(copy.history(), history);
    EXPECT_EQ(sop::snapshot(copy), sop::snapshot(moved));
}

TEST_F(Instance, AMovedFromInstanceIsEmptyAndDefined) {
    sop::instance work(sop);
    ASSERT_TRUE(work.start("staf", at("2024-03-11T08:00")));
    sop::instance taken = std::move(work);
    const sop::instance& moved = work;  // NOLINT(bugprone-use-after-move): what is tested
    EXPECT_EQ(moved.status(), sop::status::not_started);
    EXPECT_EQ(moved.current_step(), nullptr);
    EXPECT_TRUE(moved.actors_now().empty());
    EXPECT_EQ(moved.step_started(), std::nullopt);
    EXPECT_EQ(moved.due(), std::nullopt);
    EXPECT_FALSE(moved.overdue(sop::latest_time));
    EXPECT_EQ(moved.last_event(), std::nullopt);
    EXPECT_TRUE(moved.history().empty());
    EXPECT_EQ(moved.history_size(), 0U);
    EXPECT_EQ(moved.cancel_reason(), "");
    EXPECT_EQ(moved.definition().id(), "");
    EXPECT_TRUE(moved.definition().steps().empty());
    EXPECT_EQ(moved.calendar(), sop::working_calendar());
    const sop::instance copied = moved;  // copying an empty instance gives an empty one
    EXPECT_EQ(copied.status(), sop::status::not_started);
    using sop_test::error_code_of;
    EXPECT_EQ(error_code_of([&] { (void)work.start("staf", at("2024-03-11T08:00")); }),
              sop::errc::moved_from);
    EXPECT_EQ(error_code_of([&] { (void)work.cancel("staf", "x", at("2024-03-11T08:00")); }),
              sop::errc::moved_from);
    EXPECT_EQ(error_code_of([&] { (void)sop::snapshot(work); }), sop::errc::moved_from);
    EXPECT_EQ(error_code_of([&] { work.add_observer(std::make_shared<recorder>()); }),
              sop::errc::moved_from);
    work = taken;
    EXPECT_EQ(work.current_step()->id, "1");
    EXPECT_TRUE(work.complete("staf", at("2024-03-11T09:00")));
}
