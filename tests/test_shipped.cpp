// One group per shipped definition: it loads cleanly, has the source's shape, and can be walked
// to the end through every "no" branch.
#include <gtest/gtest.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>

namespace {

const std::filesystem::path definitions = SOPENGINE_DEFINITIONS;

struct walk_step {
    std::string step;
    std::string actor;
    std::optional<sop::answer> answer;
};

// Performs each step in order as its actor, checking whose turn it is first; each step takes
// exactly its standard time.
void walk(const sop::definition& sop, const std::vector<walk_step>& plan) {
    sop::instance work(sop);
    sop::time_point at = *work.calendar().parse("2024-03-12T08:00");
    ASSERT_TRUE(work.start(plan.front().actor, at));
    for (const walk_step& next : plan) {
        ASSERT_NE(work.current_step(), nullptr) << "ended before step " << next.step;
        ASSERT_EQ(work.current_step()->id, next.step);
        const auto now = work.actors_now();
        ASSERT_TRUE(std::any_of(now.begin(), now.end(),
                                [&](const sop::actor* who) { return who->id == next.actor; }))
            << "step " << next.step << " is not " << next.actor << "'s turn";
        at = work.due().value_or(at);
        const sop::outcome done =
            next.answer ? work.answer(next.actor, *next.answer, at) : work.complete(next.actor, at);
        ASSERT_TRUE(done) << done.message;
    }
    EXPECT_EQ(work.status(), sop::status::completed);
    const auto history = work.history();
    ASSERT_EQ(history.size(), plan.size());
    for (std::size_t i = 0; i < plan.size(); ++i) {
        EXPECT_EQ(history[i].step->id, plan[i].step);
        EXPECT_EQ(history[i].actor->id, plan[i].actor);
        EXPECT_EQ(history[i].answer, plan[i].answer);
        EXPECT_TRUE(history[i].on_time());
    }
}

}  // namespace

TEST(Sidoarjo, LoadsWithoutDiagnostics) {
    const auto result = sop::load_file(definitions / "sidoarjo.xml");
    ASSERT_TRUE(result);
    for (const auto& item : result.diagnostics) ADD_FAILURE() << sop::to_string(item);
    const sop::definition& sop = *result.definition;
    EXPECT_EQ(sop.steps().size(), 10U);
    EXPECT_EQ(sop.actors().size(), 6U);
    EXPECT_EQ(sop.header().number, "065/438.1/SOP/135");
    EXPECT_EQ(sop.header().approved_by.nip, "19680814 199203 2 008");
    EXPECT_EQ(sop.header().legal_basis.size(), 3U);
    EXPECT_EQ(sop.header().revised.date,
              (std::chrono::year_month_day{std::chrono::year(2024), std::chrono::March,
                                           std::chrono::day(12)}));
}

TEST(Sidoarjo, StandardDuration) {
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    const auto report = sop::analyze(sop);
    ASSERT_TRUE(report.standard_path);
    // Steps 1-5: 5 x 1 jam; 6: 1 hari (480); 7: 2 jam; 8, 9, 10: 1 jam each.
    EXPECT_EQ(report.standard_path->minutes, 5 * 60 + 480 + 120 + 3 * 60);
    EXPECT_EQ(report.standard_path->steps.size(), 10U);
}

TEST(Sidoarjo, WalksThroughTheCorrectionLoop) {
    const auto sop = sop::load_file_or_throw(definitions / "sidoarjo.xml");
    walk(sop, {{"1", "sekda", {}},
               {"2", "asisten", {}},
               {"3", "kabag", {}},
               {"4", "jf", {}},
               {"5", "staf", {}},
               {"6", "bagian", {}},
               {"7", "jf", {}},
               {"8", "kabag", sop::answer::no},
               {"7", "jf", {}},
               {"8", "kabag", sop::answer::yes},
               {"9", "staf", {}},
               {"10", "kabag", {}}});
}
