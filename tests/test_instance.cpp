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
        seen.push_back(std::string(change.from_step) + ">" + std::string(change.to_step) + " " +
                       std::string(sop::to_string(change.to)) + " by " + std::string(change.actor) +
                       (change.answer ? " " + std::string(sop::to_string(*change.answer)) : ""));
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
