// Related SOPs: the catalog that links them, and cases that run them as sub-cases, on
// tests/data/catalog:
//   izin-reklame: 1 (pemohon, external, 1 hari) -> 2? (petugas; yes 3, no "ditolak")
//     -> 3 (kabid or petugas, runs survei-lapangan, 5 hari) -> 4? (kabid; yes 5, no "ditolak")
//     -> 5 (kabid, 1 hari, next "terbit").
//   survei-lapangan: 1 (tim, runs cek-tata-ruang) -> 2 (pemohon, external, 1 hari)
//     -> 3? (kasi, 2 jam; yes "layak", no "tidak-layak").
//   cek-tata-ruang: 1 (staf, 2 jam).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sopengine/sopengine.hpp>
#include <string>

#include "support.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path catalog_folder = fs::path(SOPENGINE_TEST_DATA) / "catalog";

// A small SOP as text, with actors "a" and "b": `steps` are the rows of its <procedure>,
// `related` the items of its Keterkaitan.
std::string sop_text(const std::string& id, const std::string& steps,
                     const std::string& related = "<item>semua SOP</item>") {
    return "<sop format=\"1\" id=\"" + id + "\"><identity><unit>U</unit><number>N-" + id +
           "</number><title>T " + id + "</title><approved-by position=\"P\"/><related-sops>" +
           related +
           "</related-sops></identity><actors><actor id=\"a\">A</actor><actor id=\"b\">B</actor>"
           "</actors><procedure>" +
           steps + "</procedure></sop>";
}

sop::definition load(const std::string& id, const std::string& steps,
                     const std::string& related = "<item>semua SOP</item>") {
    return sop::load_string_or_throw(sop_text(id, steps, related), id + ".xml");
}

std::string runs(const std::string& step, const std::string& other) {
    return "<activity id=\"" + step + "\" actor=\"a\" sop=\"" + other +
           "\"><description>D</description></activity>";
}

const std::string plain =
    "<activity id=\"1\" actor=\"a\" duration=\"1 jam\"><description>D</description></activity>";

// The codes of the diagnostics of one severity (errors unless said).
std::vector<std::string> codes(const std::vector<sop::diagnostic>& diagnostics,
                               sop::severity level = sop::severity::error) {
    std::vector<std::string> out;
    for (const auto& one : diagnostics) {
        if (one.level == level) out.push_back(one.code);
    }
    return out;
}

std::vector<std::string> ids(const std::vector<const sop::actor*>& actors) {
    std::vector<std::string> out;
    for (const sop::actor* who : actors) out.push_back(who->id);
    return out;
}

}  // namespace

TEST(Catalog, LoadsAFolderAndLinksTheSopsItsStepsRun) {
    auto made = sop::catalog::load_folder(catalog_folder);
    ASSERT_TRUE(made) << (made.diagnostics.empty() ? "" : sop::to_string(made.diagnostics[0]));
    EXPECT_TRUE(made.diagnostics.empty());
    const sop::catalog& catalog = *made.catalog;
    ASSERT_EQ(catalog.definitions().size(), 3U);  // in file name order
    EXPECT_EQ(catalog.definitions()[0].id(), "cek-tata-ruang");
    EXPECT_EQ(catalog.definitions()[1].id(), "izin-reklame");
    EXPECT_EQ(catalog.find("nothing"), nullptr);

    const sop::definition& permit = *catalog.find("izin-reklame");
    EXPECT_TRUE(permit.linked());
    const sop::step& survey = *permit.find_step("3");
    EXPECT_EQ(survey.sop, "survei-lapangan");
    ASSERT_NE(permit.related(survey), nullptr);
    EXPECT_EQ(permit.related(survey)->id(), "survei-lapangan");
    EXPECT_EQ(permit.related(*permit.find_step("2")), nullptr);
    // The related definition is linked too: it runs cek-tata-ruang.
    const sop::definition& inner = *permit.related(survey);
    EXPECT_EQ(inner.related(inner.steps()[0])->id(), "cek-tata-ruang");
    // A step of another definition is not this one's.
    EXPECT_EQ(permit.related(inner.steps()[0]), nullptr);

    // Loaded on its own, the same file is not linked, and runs no case.
    const sop::definition alone = sop::load_file_or_throw(catalog_folder / "izin-reklame.xml");
    EXPECT_FALSE(alone.linked());
    EXPECT_EQ(alone.related(*alone.find_step("3")), nullptr);
    EXPECT_EQ(alone.fingerprint(), permit.fingerprint());  // linking changes no content
    EXPECT_EQ(sop_test::error_code_of([&] { sop::instance work(alone); }), sop::errc::not_linked);
    // A definition that runs no related SOP is linked as it is.
    EXPECT_TRUE(sop::load_file_or_throw(sop_test::surat_file).linked());
}

// A step that runs a related SOP and has no time of its own takes that SOP's times in the
// analysis, its external time apart; that SOP's work is its own actors'.
TEST(Catalog, AnalysisCountsARelatedSopsTimesForItsStep) {
    auto made = sop::catalog::load_folder(catalog_folder);
    ASSERT_TRUE(made);
    const sop::definition& survey = *made.catalog->find("survei-lapangan");
    const sop::analysis linked = sop::analyze(survey);
    // Step 1 runs cek-tata-ruang (2 jam); step 2 is the applicant's (1 hari); step 3 takes 2 jam.
    EXPECT_EQ(linked.longest.steps, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(linked.longest.minutes, 240);
    EXPECT_EQ(linked.longest.external_minutes, 480);
    EXPECT_TRUE(linked.steps_without_duration.empty());
    const auto tim = std::find_if(linked.workload.begin(), linked.workload.end(),
                                  [](const sop::workload& w) { return w.actor == "tim"; });
    ASSERT_NE(tim, linked.workload.end());
    EXPECT_EQ(tim->minutes, 0);
    // Loaded alone, the step has no time the analysis can know.
    const sop::analysis alone =
        sop::analyze(sop::load_file_or_throw(catalog_folder / "survei-lapangan.xml"));
    EXPECT_EQ(alone.longest.minutes, 120);
    EXPECT_EQ(alone.steps_without_duration, std::vector<std::string>{"1"});
    // The parent's own Waktu for a related step stands: izin-reklame gives step 3 "5 hari".
    const sop::analysis permit = sop::analyze(*made.catalog->find("izin-reklame"));
    const sop::analysis permit_alone =
        sop::analyze(sop::load_file_or_throw(catalog_folder / "izin-reklame.xml"));
    EXPECT_EQ(permit.longest, permit_alone.longest);
}

TEST(Catalog, ARelatedSopThatIsMissingIsALocatedError) {
    auto made = sop::catalog::link(
        {load("induk", runs("1", "survei")), load("survey", plain), load("lain", plain)});
    ASSERT_FALSE(made);
    ASSERT_EQ(codes(made.diagnostics), std::vector<std::string>{"unknown-sop"});
    const sop::diagnostic& missing = made.diagnostics[0];
    EXPECT_EQ(missing.where.file, "induk.xml");
    EXPECT_EQ(missing.where.line, 1U);
    EXPECT_GT(missing.where.column, 1U);
    EXPECT_EQ(missing.message,
              "step 1 of induk runs SOP 'survei', which the catalog does not have; did you mean "
              "'survey'?");

    made = sop::catalog::link({load("induk", runs("1", "zzzzzzzz")), load("lain", plain)});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.diagnostics[0].message,
              "step 1 of induk runs SOP 'zzzzzzzz', which the catalog does not have; add its "
              "file, or name one of induk, lain");
}

TEST(Catalog, SopsThatRunEachOtherAreALocatedError) {
    auto made = sop::catalog::link({load("a", plain + runs("2", "b")), load("b", runs("1", "c")),
                                    load("c", runs("1", "a")), load("d", runs("1", "a"))});
    ASSERT_FALSE(made);
    ASSERT_EQ(codes(made.diagnostics), std::vector<std::string>{"sop-cycle"});  // reported once
    const sop::diagnostic& cycle = made.diagnostics[0];
    EXPECT_EQ(cycle.where.file, "c.xml");  // the step that closes the circle
    EXPECT_EQ(cycle.message,
              "step 1 of c runs SOP 'a', which runs it again: a (step 2) -> b (step 1) -> c "
              "(step 1) -> a; a case of SOPs that run each other never ends, so let one of them "
              "send the work back with a decision instead");

    // An SOP that runs itself is refused by the loader already.
    const auto self = sop::load_string(sop_text("a", runs("1", "a")), "a.xml");
    ASSERT_FALSE(self);
    EXPECT_EQ(codes(self.diagnostics), std::vector<std::string>{"sop-cycle"});
}

TEST(Catalog, TwoSopsOfOneIdAreAnError) {
    auto made = sop::catalog::link({load("a", plain), load("b", plain),
                                    sop::load_string_or_throw(sop_text("a", plain), "lagi.xml")});
    ASSERT_FALSE(made);
    ASSERT_EQ(codes(made.diagnostics), std::vector<std::string>{"duplicate-sop"});
    EXPECT_EQ(made.diagnostics[0].where.file, "lagi.xml");
    EXPECT_EQ(made.diagnostics[0].message,
              "SOP id 'a' is also the id of a.xml; give every SOP of a catalog its own id");
}

TEST(Catalog, ARelatedSopItsKeterkaitanDoesNotListIsAWarning) {
    // Listed by id, by number or by title, in any case: no warning.
    for (const std::string item :
         {"<item>SOP B</item>", "<item>sesuai n-b</item>", "<item>t B</item>"}) {
        auto made = sop::catalog::link({load("a", runs("1", "b"), item), load("b", plain)});
        ASSERT_TRUE(made);
        EXPECT_TRUE(made.diagnostics.empty()) << item;
    }
    auto made =
        sop::catalog::link({load("a", runs("1", "b"), "<item>SOP lain</item>"), load("b", plain)});
    ASSERT_TRUE(made);
    ASSERT_EQ(codes(made.diagnostics, sop::severity::warning),
              std::vector<std::string>{"unlisted-related-sop"});
    EXPECT_EQ(made.diagnostics[0].message,
              "step 1 of a runs SOP 'b' (T b), which its Keterkaitan does not list; add an "
              "<item> naming it to <related-sops>");
}

TEST(Catalog, AFolderWithAProblemGivesItsDiagnostics) {
    const fs::path scratch = fs::path(testing::TempDir()) / "sopengine-catalog";
    fs::remove_all(scratch);
    fs::create_directories(scratch);
    auto made = sop::catalog::load_folder(scratch);
    ASSERT_FALSE(made);
    EXPECT_EQ(codes(made.diagnostics), std::vector<std::string>{"empty-catalog"});

    made = sop::catalog::load_folder(scratch / "none");
    ASSERT_FALSE(made);
    EXPECT_EQ(codes(made.diagnostics), std::vector<std::string>{"file-unreadable"});

    // A file with an error is reported with its own location, and no catalog is made.
    {
        std::ofstream(scratch / "a.xml") << sop_text("a", runs("1", "b"));
        std::ofstream(scratch / "b.xml") << sop_text("b", "<activity/>");
        std::ofstream(scratch / "notes.txt") << "not an SOP";
    }
    made = sop::catalog::load_folder(scratch);
    ASSERT_FALSE(made);
    ASSERT_FALSE(made.diagnostics.empty());
    ASSERT_FALSE(codes(made.diagnostics).empty());
    for (const auto& one : made.diagnostics) {
        if (one.level == sop::severity::error) {
            EXPECT_EQ(fs::path(one.where.file).filename(), "b.xml");
        }
    }
    fs::remove_all(scratch);
}

TEST(Catalog, TheLoaderChecksTheSopAttribute) {
    const auto joint =
        sop::load_string(sop_text("a",
                                  "<activity id=\"1\" actor=\"a b\" together=\"true\" sop=\"b\">"
                                  "<description>D</description></activity>"),
                         "a.xml");
    EXPECT_EQ(codes(joint.diagnostics), std::vector<std::string>{"joint-related-sop"});
    const auto bad = sop::load_string(sop_text("a", runs("1", "b c")), "a.xml");
    EXPECT_EQ(codes(bad.diagnostics), std::vector<std::string>{"bad-id"});
    const auto on_decision =
        sop::load_string(sop_text("a",
                                  "<decision id=\"1\" actor=\"a\" sop=\"b\" yes=\"end\" no=\"end\">"
                                  "<description>D</description><question>Q?</question></decision>"),
                         "a.xml");
    EXPECT_EQ(codes(on_decision.diagnostics), std::vector<std::string>{"unknown-attribute"});
    // The related SOP is part of the content.
    EXPECT_NE(load("a", runs("1", "b")).fingerprint(), load("a", runs("1", "c")).fingerprint());
}

// ---- sub-cases ------------------------------------------------------------------------------

namespace {

class SubCase : public ::testing::Test {
protected:
    sop::catalog catalog = std::move(*sop::catalog::load_folder(catalog_folder).catalog);
    const sop::definition& permit = *catalog.find("izin-reklame");
    sop::working_calendar calendar;
    sop::time_point at(const char* local) const { return calendar.parse(local).value(); }

    // A case at step 3, whose sub-case survei-lapangan is at its step 1, whose own sub-case
    // cek-tata-ruang waits for staf: entered Tuesday 09:00.
    sop::instance at_survey() const {
        sop::instance work(permit);
        EXPECT_TRUE(work.start("pemohon", at("2024-03-11T08:00")));
        EXPECT_TRUE(work.complete("pemohon", at("2024-03-12T08:00")));
        EXPECT_TRUE(work.answer("petugas", sop::answer::yes, at("2024-03-12T09:00")));
        return work;
    }
    // Through the sub-case to its decision, by 2024-03-13T11:00.
    sop::instance at_assessment() const {
        sop::instance work = at_survey();
        EXPECT_TRUE(work.complete("staf", at("2024-03-12T11:00")));
        EXPECT_TRUE(work.complete("pemohon", at("2024-03-13T11:00")));
        return work;
    }
};

}  // namespace

TEST_F(SubCase, EnteringTheStepStartsACaseOfTheRelatedSop) {
    const sop::instance work = at_survey();
    EXPECT_EQ(work.status(), sop::status::at_activity);
    EXPECT_EQ(work.current_step()->id, "3");
    ASSERT_NE(work.sub_case(), nullptr);
    const sop::instance& survey = *work.sub_case();
    EXPECT_EQ(survey.definition().id(), "survei-lapangan");
    EXPECT_EQ(survey.current_step()->id, "1");
    EXPECT_EQ(survey.step_started(), at("2024-03-12T09:00"));
    // Its first step runs cek-tata-ruang, started at the same moment.
    ASSERT_NE(survey.sub_case(), nullptr);
    EXPECT_EQ(survey.sub_case()->definition().id(), "cek-tata-ruang");
    EXPECT_EQ(survey.sub_case()->due(), at("2024-03-12T11:00"));
    // Whose turn it is: the innermost case's actor; the step's own due time stays this case's.
    EXPECT_EQ(ids(work.actors_now()), std::vector<std::string>{"staf"});
    EXPECT_EQ(work.due(), at("2024-03-19T09:00"));  // 5 hari
    EXPECT_EQ(work.sub_cases().size(), 1U);
    EXPECT_EQ(&work.sub_cases()[0], &survey);
}

TEST_F(SubCase, OperationsActOnTheSubCaseAndItsCompletionCompletesTheStep) {
    sop::instance work = at_survey();
    // The step's own actors do not perform it: the sub-case's do.
    const sop::outcome refused = work.complete("kabid", at("2024-03-12T10:00"));
    EXPECT_EQ(refused.code, sop::outcome_code::not_your_turn);
    EXPECT_EQ(refused.message,
              "step 3 (Survei lapangan sesuai SOP Survei Lapangan) runs SOP survei-lapangan, "
              "whose case waits for 'staf' (Staf Tata Ruang), not for 'kabid'");
    EXPECT_EQ(work.complete(*permit.find_actor("kabid"), at("2024-03-12T10:00")).code,
              sop::outcome_code::not_your_turn);
    // An actor of the middle SOP is told so by it; one of none is unknown.
    const sop::outcome middle = work.complete("kasi", at("2024-03-12T10:00"));
    EXPECT_EQ(middle.code, sop::outcome_code::not_your_turn);
    EXPECT_EQ(middle.message,
              "step 3 (Survei lapangan sesuai SOP Survei Lapangan) runs SOP survei-lapangan: "
              "step 1 (Memeriksa tata ruang) runs SOP cek-tata-ruang, whose case waits for "
              "'staf' (Staf Tata Ruang), not for 'kasi'");
    EXPECT_EQ(work.complete("tamu", at("2024-03-12T10:00")).code, sop::outcome_code::unknown_actor);
    // An actor record of the innermost definition works too.
    const sop::definition& inner = work.sub_case()->sub_case()->definition();
    ASSERT_TRUE(work.complete(*inner.find_actor("staf"), at("2024-03-12T11:00")));
    EXPECT_EQ(work.history_size(), 2U);  // nothing of this case's own yet
    EXPECT_EQ(work.last_event(), at("2024-03-12T11:00"));
    EXPECT_EQ(ids(work.actors_now()), std::vector<std::string>{"pemohon"});
    ASSERT_TRUE(work.complete("pemohon", at("2024-03-13T11:00")));
    const sop::actor& kasi = *work.sub_case()->definition().find_actor("kasi");
    EXPECT_EQ(work.answer("kasi", sop::answer::no, at("2024-03-13T10:00")).code,
              sop::outcome_code::time_goes_back);
    ASSERT_TRUE(work.answer(kasi, sop::answer::no, at("2024-03-13T12:00")));

    // The sub-case ended "tidak-layak", and step 3 with it; decision 4 goes on from there.
    EXPECT_EQ(work.sub_case(), nullptr);
    EXPECT_EQ(work.current_step()->id, "4");
    ASSERT_EQ(work.sub_cases().size(), 1U);
    EXPECT_EQ(work.sub_cases()[0].ending()->id, "tidak-layak");
    const auto history = work.history();
    ASSERT_EQ(history.size(), 3U);
    EXPECT_EQ(history[2].step, "3");
    EXPECT_EQ(history[2].actor, "kabid");  // the step's first actor answers for it
    EXPECT_EQ(history[2].ending, "tidak-layak");
    EXPECT_EQ(history[2].started, at("2024-03-12T09:00"));
    EXPECT_EQ(history[2].finished, at("2024-03-13T12:00"));
    EXPECT_TRUE(history[2].on_time());
    EXPECT_EQ(history[1].ending, "");
    ASSERT_TRUE(work.answer("kabid", sop::answer::no, at("2024-03-13T13:00")));
    EXPECT_EQ(work.ending()->id, "ditolak");

    // The sub-cases' clocks: staf 2 hours and kasi 1 hour with the unit, pemohon's day apart.
    const sop::case_clock clock = work.clock(at("2024-03-20T08:00"));
    EXPECT_EQ(clock.external_minutes, 8 * 60 + 8 * 60);  // pemohon here and in the survey
    EXPECT_EQ(clock.unit_minutes, 60 + 2 * 60 + 60 + 60);
}

TEST_F(SubCase, ARefusalOfTheCaseGoingOnLeavesTheSubCaseAsItWas) {
    // On a calendar without working time, completing the sub-case would need a due time for
    // step 4: refused, and nothing changes, in the sub-case either.
    auto closed = std::make_shared<sop::working_calendar>();
    for (unsigned day = 0; day < 7; ++day) closed->set_day(day, std::nullopt);
    sop::instance work =
        sop::restore_or_throw(permit, sop::snapshot(at_assessment()), {closed, nullptr});
    const std::string before = sop::snapshot(work);
    const sop::outcome refused = work.answer("kasi", sop::answer::yes, at("2024-03-13T12:00"));
    EXPECT_EQ(refused.code, sop::outcome_code::no_working_time);
    EXPECT_EQ(sop::snapshot(work), before);
    EXPECT_EQ(work.sub_case()->current_step()->id, "3");

    // Entering a step whose sub-case cannot start is refused whole too.
    sop::instance entering =
        sop::restore_or_throw(permit, sop::snapshot([&] {
                                  sop::instance open(permit);
                                  EXPECT_TRUE(open.start("pemohon", at("2024-03-11T08:00")));
                                  EXPECT_TRUE(open.complete("pemohon", at("2024-03-12T08:00")));
                                  return open;
                              }()),
                              {closed, nullptr});
    const std::string waiting = sop::snapshot(entering);
    EXPECT_EQ(entering.answer("petugas", sop::answer::yes, at("2024-03-12T09:00")).code,
              sop::outcome_code::no_working_time);
    EXPECT_EQ(sop::snapshot(entering), waiting);
    EXPECT_TRUE(entering.sub_cases().empty());
}

TEST_F(SubCase, CancellingTheCaseLeavesTheSubCaseWhereItStood) {
    sop::instance work = at_assessment();
    ASSERT_TRUE(work.cancel("petugas", "pemohon mundur", at("2024-03-13T12:00")));
    EXPECT_EQ(work.status(), sop::status::cancelled);
    EXPECT_EQ(work.sub_case(), nullptr);
    ASSERT_EQ(work.sub_cases().size(), 1U);
    EXPECT_EQ(work.sub_cases()[0].status(), sop::status::at_decision);
    // A sub-case's actor cannot cancel this case.
    sop::instance other = at_assessment();
    EXPECT_EQ(other.cancel("kasi", "x", at("2024-03-13T12:00")).code,
              sop::outcome_code::unknown_actor);
}

TEST_F(SubCase, SnapshotsCarryTheSubCasesAndRestoreThem) {
    sop::instance work = at_survey();
    std::vector<std::string> taken{sop::snapshot(work)};
    ASSERT_TRUE(work.complete("staf", at("2024-03-12T11:00")));
    taken.push_back(sop::snapshot(work));
    ASSERT_TRUE(work.complete("pemohon", at("2024-03-13T11:00")));
    ASSERT_TRUE(work.answer("kasi", sop::answer::yes, at("2024-03-13T12:00")));
    taken.push_back(sop::snapshot(work));
    ASSERT_TRUE(work.answer("kabid", sop::answer::yes, at("2024-03-13T13:00")));
    ASSERT_TRUE(work.complete("kabid", at("2024-03-14T13:00")));
    EXPECT_EQ(work.ending()->id, "terbit");
    taken.push_back(sop::snapshot(work));
    EXPECT_EQ(taken[0].rfind("sopengine-snapshot 2\n", 0), 0U);
    EXPECT_NE(taken[0].find("\nsub-cases 1\nsub-case "), std::string::npos);
    for (const std::string& text : taken) {
        auto restored = sop::restore(permit, text);
        ASSERT_TRUE(restored) << restored.message << "\n" << text;
        EXPECT_EQ(sop::snapshot(*restored.instance), text);
    }
    // The restored case goes on as the original did.
    sop::instance again = sop::restore_or_throw(permit, taken[1]);
    ASSERT_TRUE(again.complete("pemohon", at("2024-03-13T11:00")));
    ASSERT_TRUE(again.answer("kasi", sop::answer::yes, at("2024-03-13T12:00")));
    EXPECT_EQ(sop::snapshot(again), taken[2]);

    // Definitions without related SOPs keep writing format 1.
    sop::instance plain(sop::load_file_or_throw(sop_test::surat_file));
    EXPECT_EQ(sop::snapshot(plain).rfind("sopengine-snapshot 1\n", 0), 0U);
}

TEST_F(SubCase, ASnapshotWhoseSubCasesDoNotFitIsRefused) {
    const std::string text = sop::snapshot(at_assessment());
    auto refused = [&](std::string changed) {
        const auto result = sop::restore(permit, changed);
        EXPECT_FALSE(result) << changed;
        return result.error;
    };
    // No sub-case for the step the case is at.
    std::string missing = text.substr(0, text.find("sub-cases 1")) + "sub-cases 0\nend\n";
    EXPECT_EQ(refused(missing), sop::restore_error::inconsistent);
    // A sub-case that started later than the step was entered.
    std::string late = text;
    const std::string started = std::to_string(at("2024-03-12T09:00").time_since_epoch().count());
    const std::string later = std::to_string(at("2024-03-12T09:30").time_since_epoch().count());
    const std::string first = "record 1 tim - ";
    const auto record = late.find(first + started, late.find("sub-case "));
    ASSERT_NE(record, std::string::npos);
    late.replace(record + first.size(), started.size(), later);
    EXPECT_EQ(refused(late), sop::restore_error::inconsistent);
    // A line count past the end.
    std::string cut = text;
    const auto count = cut.find("sub-case ", cut.find("sub-cases"));
    cut.replace(count, cut.find('\n', count) - count, "sub-case 999");
    EXPECT_EQ(refused(cut), sop::restore_error::malformed);
}

TEST_F(SubCase, CopiesAreIndependent) {
    const sop::instance work = at_survey();
    sop::instance copy = work;
    ASSERT_TRUE(copy.complete("staf", at("2024-03-12T11:00")));
    EXPECT_EQ(ids(work.actors_now()), std::vector<std::string>{"staf"});
    EXPECT_EQ(ids(copy.actors_now()), std::vector<std::string>{"pemohon"});
}
