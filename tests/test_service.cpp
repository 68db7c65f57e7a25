// What real service SOPs say: endings, external actors and joint steps, on
// tests/data/valid/service.xml:
// 1 (pemohon, external, 1 hari) -> 2? (petugas, 30 menit; yes 3, no "dikembalikan")
//   -> 3 (petugas + teknis + kabid together, 2 jam) -> 4? (kabid, 1 jam; yes 5, no "ditolak")
//   -> 5 (kabid, 1 hari, next "end": the first ending, "terbit").
#include <gtest/gtest.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>

#include "support.hpp"

namespace {

class Service : public ::testing::Test {
protected:
    sop::definition sop = sop::load_file_or_throw(std::filesystem::path(SOPENGINE_TEST_DATA) /
                                                  "valid" / "service.xml");
    sop::working_calendar calendar;
    sop::time_point at(const char* local) const { return calendar.parse(local).value(); }

    // A case at the joint step 3, started Monday 08:00, back from the applicant Tuesday 08:00,
    // checked by 08:30.
    sop::instance at_meeting() const {
        sop::instance work(sop);
        EXPECT_TRUE(work.start("pemohon", at("2024-03-11T08:00")));
        EXPECT_TRUE(work.complete("pemohon", at("2024-03-12T08:00")));
        EXPECT_TRUE(work.answer("petugas", sop::answer::yes, at("2024-03-12T08:30")));
        return work;
    }
    std::vector<std::string> ids(const std::vector<const sop::actor*>& actors) const {
        std::vector<std::string> out;
        for (const sop::actor* who : actors) out.push_back(who->id);
        return out;
    }
};

TEST_F(Service, DeclaresEndingsExternalActorsAndJointSteps) {
    ASSERT_EQ(sop.endings().size(), 3U);
    EXPECT_EQ(sop.endings()[1].id, "ditolak");
    EXPECT_EQ(sop.endings()[1].label, "Permohonan ditolak");
    EXPECT_TRUE(sop.endings()[1].declared);
    EXPECT_EQ(sop.find_ending("end"), &sop.endings()[0]);  // "end" names the first
    EXPECT_EQ(sop.find_ending("dikembalikan"), &sop.endings()[2]);
    EXPECT_EQ(sop.find_ending("3"), nullptr);
    EXPECT_TRUE(sop.find_actor("pemohon")->external);
    EXPECT_FALSE(sop.find_actor("petugas")->external);
    EXPECT_TRUE(sop.external(*sop.find_step("1")));
    EXPECT_FALSE(sop.external(*sop.find_step("3")));
    EXPECT_TRUE(sop.find_step("3")->together);
    EXPECT_FALSE(sop.find_step("4")->together);
    EXPECT_EQ(sop.find_step("2")->no, "dikembalikan");

    // A definition that declares no ending has one: end, "Selesai".
    const sop::definition surat = sop::load_file_or_throw(sop_test::surat_file);
    ASSERT_EQ(surat.endings().size(), 1U);
    EXPECT_EQ(surat.endings()[0], (sop::ending{"end", "Selesai", false}));
    EXPECT_EQ(surat.find_ending("end"), &surat.endings()[0]);
}

TEST_F(Service, ACompletedCaseReportsItsEnding) {
    sop::instance returned(sop);
    ASSERT_TRUE(returned.start("pemohon", at("2024-03-11T08:00")));
    EXPECT_EQ(returned.ending(), nullptr);
    ASSERT_TRUE(returned.complete("pemohon", at("2024-03-11T09:00")));
    ASSERT_TRUE(returned.answer("petugas", sop::answer::no, at("2024-03-11T09:30")));
    EXPECT_EQ(returned.status(), sop::status::completed);
    ASSERT_NE(returned.ending(), nullptr);
    EXPECT_EQ(returned.ending()->id, "dikembalikan");

    sop::instance issued = at_meeting();
    for (const char* who : {"petugas", "teknis", "kabid"}) {
        ASSERT_TRUE(issued.complete(who, at("2024-03-12T10:00")));
    }
    ASSERT_TRUE(issued.answer("kabid", sop::answer::yes, at("2024-03-12T11:00")));
    ASSERT_TRUE(issued.complete("kabid", at("2024-03-13T11:00")));
    ASSERT_NE(issued.ending(), nullptr);
    EXPECT_EQ(issued.ending()->id, "terbit");  // next="end": the first ending

    // A cancelled case has no ending.
    sop::instance cancelled = at_meeting();
    ASSERT_TRUE(cancelled.cancel("petugas", "ditarik pemohon", at("2024-03-12T09:00")));
    EXPECT_EQ(cancelled.ending(), nullptr);
}

TEST_F(Service, ExternalStepsHaveNoDueTimeAndStopTheUnitsClock) {
    sop::instance work(sop);
    ASSERT_TRUE(work.start("pemohon", at("2024-03-11T08:00")));
    // Step 1 has a standard time of a day, but the applicant is not held to the unit's clock.
    EXPECT_EQ(work.due(), std::nullopt);
    EXPECT_FALSE(work.overdue(at("2024-03-20T08:00")));
    // Two working days with the applicant, then half an hour at the counter.
    ASSERT_TRUE(work.complete("pemohon", at("2024-03-13T08:00")));
    EXPECT_EQ(work.due(), at("2024-03-13T08:30"));
    EXPECT_EQ(work.clock(at("2024-03-13T08:20")), (sop::case_clock{20, 2 * 480}));
    ASSERT_TRUE(work.answer("petugas", sop::answer::no, at("2024-03-13T08:30")));
    const auto history = work.history();
    ASSERT_EQ(history.size(), 2U);
    EXPECT_EQ(history[0].due, std::nullopt);
    // Finished: `now` no longer counts.
    EXPECT_EQ(work.clock(at("2024-03-29T08:00")), (sop::case_clock{30, 960}));
    // Not started: nothing spent.
    EXPECT_EQ(sop::instance(sop).clock(at("2024-03-11T09:00")), sop::case_clock{});
    EXPECT_EQ(sop_test::error_code_of(
                  [&] { (void)work.clock(sop::time_point(std::chrono::seconds(-1))); }),
              sop::errc::time_out_of_range);
}

TEST_F(Service, AJointStepWaitsForEveryActor) {
    sop::instance work = at_meeting();
    const auto due = work.due();
    ASSERT_EQ(due, at("2024-03-12T10:30"));
    EXPECT_EQ(ids(work.actors_now()), (std::vector<std::string>{"petugas", "teknis", "kabid"}));
    EXPECT_TRUE(work.confirmed().empty());

    ASSERT_TRUE(work.complete("teknis", at("2024-03-12T09:00")));
    EXPECT_EQ(work.current_step()->id, "3");  // the others have still to confirm
    EXPECT_EQ(work.due(), due);
    EXPECT_EQ(work.step_started(), at("2024-03-12T08:30"));
    EXPECT_EQ(ids(work.actors_now()), (std::vector<std::string>{"petugas", "kabid"}));
    EXPECT_EQ(ids(work.confirmed()), std::vector<std::string>{"teknis"});

    // A second confirmation, a foreign one and an answer are refused, and change nothing.
    const std::string before = sop::snapshot(work);
    const auto again = work.complete("teknis", at("2024-03-12T09:10"));
    EXPECT_EQ(again.code, sop::outcome_code::already_confirmed);
    EXPECT_EQ(again.message,
              "'teknis' has already confirmed step 3 (Rapat verifikasi), a joint step; it waits "
              "for petugas, kabid");
    EXPECT_EQ(work.complete("pemohon", at("2024-03-12T09:10")).code,
              sop::outcome_code::not_your_turn);
    EXPECT_EQ(work.answer("teknis", sop::answer::yes, at("2024-03-12T09:10")).code,
              sop::outcome_code::already_confirmed);
    EXPECT_EQ(work.answer("kabid", sop::answer::yes, at("2024-03-12T09:10")).code,
              sop::outcome_code::step_is_activity);
    EXPECT_EQ(work.complete("kabid", at("2024-03-12T08:50")).code,
              sop::outcome_code::time_goes_back);
    EXPECT_EQ(sop::snapshot(work), before);

    ASSERT_TRUE(work.complete("kabid", at("2024-03-12T09:30")));
    EXPECT_EQ(work.current_step()->id, "3");
    ASSERT_TRUE(work.complete("petugas", at("2024-03-12T10:00")));
    EXPECT_EQ(work.current_step()->id, "4");
    EXPECT_EQ(work.step_started(), at("2024-03-12T10:00"));
    EXPECT_TRUE(work.confirmed().empty());

    // Every confirmation is in the history; the last one completes the step.
    const auto history = work.history();
    ASSERT_EQ(history.size(), 5U);
    for (std::size_t i = 2; i < 5; ++i) {
        EXPECT_EQ(history[i].step, "3");
        EXPECT_EQ(history[i].started, at("2024-03-12T08:30"));
        EXPECT_EQ(history[i].due, due);
        EXPECT_EQ(history[i].completes, i == 4);
    }
    EXPECT_EQ(history[2].actor, "teknis");
    EXPECT_EQ(history[3].actor, "kabid");
    EXPECT_EQ(history[4].actor, "petugas");
    EXPECT_EQ(history[4].finished, at("2024-03-12T10:00"));
}

TEST_F(Service, ObserversSeeEachConfirmation) {
    struct recorder : sop::observer {
        std::vector<std::string> seen;
        void on_transition(const sop::instance&, const sop::transition& change) override {
            seen.push_back(std::string(change.from_step()) + "->" + std::string(change.to_step()) +
                           " " + std::string(change.actor()));
        }
    };
    sop::instance work = at_meeting();
    auto watcher = std::make_shared<recorder>();
    work.add_observer(watcher);
    ASSERT_TRUE(work.complete("kabid", at("2024-03-12T09:00")));
    ASSERT_TRUE(work.complete("teknis", at("2024-03-12T09:00")));
    ASSERT_TRUE(work.complete("petugas", at("2024-03-12T09:00")));
    EXPECT_EQ(watcher->seen,
              (std::vector<std::string>{"3->3 kabid", "3->3 teknis", "3->4 petugas"}));
}

TEST_F(Service, SnapshotsKeepConfirmations) {
    sop::instance work = at_meeting();
    ASSERT_TRUE(work.complete("teknis", at("2024-03-12T09:00")));
    ASSERT_TRUE(work.complete("kabid", at("2024-03-12T09:30")));
    const std::string text = sop::snapshot(work);
    EXPECT_NE(text.find("record 3 teknis confirmed "), std::string::npos) << text;
    EXPECT_NE(text.find("record 3 kabid confirmed "), std::string::npos) << text;
    auto restored = sop::restore(sop, text);
    ASSERT_TRUE(restored) << restored.message;
    EXPECT_EQ(sop::snapshot(*restored.instance), text);
    EXPECT_EQ(ids(restored.instance->actors_now()), std::vector<std::string>{"petugas"});
    EXPECT_EQ(restored.instance->complete("teknis", at("2024-03-12T10:00")).code,
              sop::outcome_code::already_confirmed);
    ASSERT_TRUE(restored.instance->complete("petugas", at("2024-03-12T10:00")));
    EXPECT_EQ(restored.instance->current_step()->id, "4");

    // Confirmations that the rules cannot give are refused.
    const auto changed = [&](std::string from, std::string to) {
        std::string copy = text;
        const auto found = copy.find(from);
        EXPECT_NE(found, std::string::npos) << from;
        if (found != std::string::npos) copy.replace(found, from.size(), to);
        return sop::restore(sop, copy);
    };
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"record 3 kabid confirmed", "record 3 teknis confirmed"},  // twice by one actor
             {"record 3 kabid confirmed", "record 3 kabid -"},           // completed before petugas
             {"record 2 petugas yes", "record 2 petugas confirmed"},     // a step that is not joint
             {"record 3 kabid confirmed", "record 3 pemohon confirmed"},  // not on the step
         }) {
        SCOPED_TRACE(to);
        const auto result = changed(from, to);
        EXPECT_FALSE(result);
        EXPECT_EQ(result.error, sop::restore_error::inconsistent) << result.message;
    }
    // A due time on an external step is refused: it has none against the unit.
    sop::instance outside(sop);
    ASSERT_TRUE(outside.start("pemohon", at("2024-03-11T08:00")));
    const std::string waiting = sop::snapshot(outside);
    std::string with_due = waiting;
    with_due.replace(with_due.find("due -"), 5, "due 1710205200");
    const auto refused = sop::restore(sop, with_due);
    EXPECT_EQ(refused.error, sop::restore_error::inconsistent) << refused.message;
}

TEST_F(Service, FingerprintsSeeTheAdditionsAndOnlyThem) {
    const std::string text =
        sop_test::read_file(std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" / "service.xml");
    const auto fingerprint = [](std::string changed) {
        return sop::load_string_or_throw(changed, "service.xml").fingerprint();
    };
    const auto replaced = [&](std::string_view from, std::string_view to) {
        std::string copy = text;
        copy.replace(copy.find(from), from.size(), to);
        return fingerprint(copy);
    };
    const std::string original = fingerprint(text);
    EXPECT_NE(replaced(R"(external="true")", R"(external="false")"), original);
    EXPECT_NE(replaced(R"(together="true")", R"(together="false")"), original);
    EXPECT_NE(replaced("Permohonan ditolak", "Ditolak"), original);
    EXPECT_EQ(replaced(R"(together="true")", R"(together="1")"), original);
}

TEST_F(Service, MoreThanSixtyFourEndingsAreRefusedAtTheFirstOneOver) {
    std::string endings;
    for (int i = 0; i < 65; ++i) {
        endings += "<ending id=\"e" + std::to_string(i) + "\">E</ending>";
    }
    const std::string text = R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number>)"
                             R"(<title>T</title><approved-by position="P"/></identity><actors>)"
                             R"(<actor id="a">A</actor></actors><endings>)" +
                             endings +
                             R"(</endings><procedure><activity id="1" actor="a" duration="1 jam">)"
                             R"(<description>D</description></activity></procedure></sop>)";
    const sop::load_result result = sop::load_string(text, "t.xml");
    EXPECT_FALSE(result.definition);
    ASSERT_FALSE(result.diagnostics.empty());
    EXPECT_EQ(result.diagnostics[0].code, "too-many-endings");
    EXPECT_EQ(result.diagnostics[0].message,
              "<endings> has 65 endings, over the limit of 64; this is the first one over it");
}

}  // namespace
