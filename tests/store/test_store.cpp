// The store's shared suite: every test runs on SQLite and on PostgreSQL (a throwaway cluster
// started by scripts/pg-cluster.sh for the run, one fresh database per test).

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <vector>

#include "../support.hpp"
#include "store/database.hpp"
#include "store_support.hpp"

namespace {

using sop_test::backend_test;
using sop_test::surat_text;
using sop_test::surat_version;

constexpr std::string_view surat_id = "surat";

TEST_P(backend_test, OpensCreatesAndReopensTheSchema) {
    {
        sop::store db = open();
        EXPECT_EQ(db.backend(), GetParam());
        db.add_definition(surat_text(), "surat.xml");
    }
    sop::store again = open();
    ASSERT_EQ(again.definitions().size(), 1U);
    EXPECT_EQ(again.definitions()[0].sop, "surat");
    EXPECT_EQ(sop::store::schema_version(), 4);
}

TEST_P(backend_test, RefusesAStoreOfANewerSchema) {
    { sop::store db = open(); }
    raw()->script("UPDATE sop_schema SET version = 99");
    const auto code = sop_test::error_code_of([&] { (void)open(); });
    EXPECT_EQ(code, sop::store_errc::incompatible);
}

TEST_P(backend_test, AWalkIsRecordedAsAChainOfEvents) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    const sop::person ani{"Ani, S.Sos.", "19800101 200501 2 001"};
    auto started =
        db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00"), {.by = ani});
    ASSERT_TRUE(started) << started.message;
    EXPECT_EQ(started.state->step, "1");
    EXPECT_EQ(started.state->revision, 1);
    EXPECT_EQ(started.state->actors, std::vector<std::string>{"staf"});
    EXPECT_EQ(started.state->due, at("2024-03-11T09:00"));
    ASSERT_TRUE(db.complete("c1", "staf", at("2024-03-11T08:45")));
    ASSERT_TRUE(db.answer("c1", "kasubag", sop::answer::no, at("2024-03-11T10:00")));
    ASSERT_TRUE(db.complete("c1", "staf", at("2024-03-11T11:00")));
    ASSERT_TRUE(db.answer("c1", "kasubag", sop::answer::yes, at("2024-03-11T11:10")));
    auto done = db.complete("c1", "kabag", at("2024-03-12T09:00"), {.by = {"Budi", ""}});
    ASSERT_TRUE(done) << done.message;
    EXPECT_EQ(done.state->status, sop::status::completed);
    EXPECT_EQ(done.state->revision, 6);
    EXPECT_EQ(db.find_case("c1"), done.state);

    const auto events = db.history("c1");
    ASSERT_EQ(events.size(), 6U);
    EXPECT_EQ(events[0].kind, sop::event_kind::start);
    EXPECT_EQ(events[0].person, ani);
    EXPECT_FALSE(events[0].fingerprint.empty());
    EXPECT_TRUE(events[0].previous.empty());
    EXPECT_EQ(events[2].kind, sop::event_kind::answer);
    EXPECT_EQ(events[2].answer, sop::answer::no);
    EXPECT_EQ(events[2].step, "2");
    EXPECT_EQ(events[2].due, at("2024-03-11T09:15"));  // 1: done 08:45, 2 due 30 min later
    EXPECT_FALSE(events[2].on_time());
    EXPECT_EQ(events[2].working_minutes, 75);
    EXPECT_EQ(events[2].standard_minutes, 30);
    EXPECT_EQ(events[5].person.name, "Budi");
    for (std::size_t index = 0; index < events.size(); ++index) {
        EXPECT_EQ(events[index].sequence, static_cast<std::int64_t>(index) + 1);
        EXPECT_EQ(events[index].hash.size(), 64U);
        if (index > 0) {
            EXPECT_EQ(events[index].previous, events[index - 1].hash);
        }
    }
    // The same walk in memory gives the same history.
    const auto loaded = db.load_case("c1");
    ASSERT_TRUE(loaded);
    sop::instance memory(surat);
    ASSERT_TRUE(memory.start("staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(memory.complete("staf", at("2024-03-11T08:45")));
    ASSERT_TRUE(memory.answer("kasubag", sop::answer::no, at("2024-03-11T10:00")));
    ASSERT_TRUE(memory.complete("staf", at("2024-03-11T11:00")));
    ASSERT_TRUE(memory.answer("kasubag", sop::answer::yes, at("2024-03-11T11:10")));
    ASSERT_TRUE(memory.complete("kabag", at("2024-03-12T09:00")));
    EXPECT_EQ(loaded->history(), memory.history());
    EXPECT_TRUE(db.verify());
}

TEST_P(backend_test, ARefusalChangesNothing) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00")));
    const auto before = db.find_case("c1");
    const auto wrong = db.complete("c1", "kabag", at("2024-03-11T08:30"));
    EXPECT_EQ(wrong.code, sop::outcome_code::not_your_turn);
    EXPECT_FALSE(wrong.message.empty());
    EXPECT_EQ(wrong.state, before);
    EXPECT_EQ(db.answer("c1", "staf", sop::answer::yes, at("2024-03-11T08:30")).code,
              sop::outcome_code::step_is_activity);
    EXPECT_EQ(db.complete("c1", "nobody", at("2024-03-11T08:30")).code,
              sop::outcome_code::unknown_actor);
    EXPECT_EQ(db.complete("c1", "staf", at("2024-03-11T07:00")).code,
              sop::outcome_code::time_goes_back);
    EXPECT_EQ(db.cancel("c1", "staf", "", at("2024-03-11T08:30")).code,
              sop::outcome_code::missing_reason);
    EXPECT_EQ(db.find_case("c1"), before);
    EXPECT_EQ(db.history("c1").size(), 1U);
    EXPECT_TRUE(db.verify());
}

TEST_P(backend_test, UnknownThingsAreTypedRefusals) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    EXPECT_EQ(db.complete("nope", "staf", at("2024-03-11T08:00")).code,
              sop::store_errc::no_such_case);
    EXPECT_EQ(db.start({.sop = "other"}, "staf", at("2024-03-11T08:00")).code,
              sop::store_errc::no_such_definition);
    EXPECT_EQ(db.start({.sop = "surat", .fingerprint = "abc"}, "staf", at("2024-03-11T08:00")).code,
              sop::store_errc::no_such_definition);
    EXPECT_EQ(db.start({.sop = "surat", .calendar = "asn"}, "staf", at("2024-03-11T08:00")).code,
              sop::store_errc::no_such_calendar);
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00")));
    const auto twice = db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00"));
    EXPECT_EQ(twice.code, sop::store_errc::case_exists);
    EXPECT_EQ(
        db.start({.sop = "surat", .id = std::string(201, 'x')}, "staf", at("2024-03-11T08:00"))
            .code,
        sop::errc::invalid_argument);
    EXPECT_EQ(db.cases().size(), 1U);
    EXPECT_FALSE(db.find_case("nope"));
    EXPECT_TRUE(db.history("nope").empty());
    EXPECT_THROW(db.add_definition("<sop/>", "bad.xml"), sop::load_error);
}

TEST_P(backend_test, GeneratedCaseIdsAreUuids) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    const auto first = db.start({.sop = "surat"}, "staf", at("2024-03-11T08:00"));
    const auto second = db.start({.sop = "surat"}, "staf", at("2024-03-11T08:00"));
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first.state->id.size(), 36U);
    EXPECT_EQ(first.state->id[14], '4');
    EXPECT_NE(first.state->id, second.state->id);
}

TEST_P(backend_test, AStaleRevisionIsAConflict) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00")));
    const std::int64_t read = db.find_case("c1")->revision;
    // Two officials read revision 1; the first to write wins, the second gets a conflict.
    ASSERT_TRUE(db.complete("c1", "staf", at("2024-03-11T08:30"), {.revision = read}));
    const auto late = db.complete("c1", "staf", at("2024-03-11T08:31"), {.revision = read});
    EXPECT_EQ(late.code, sop::store_errc::conflict);
    ASSERT_TRUE(late.state);
    EXPECT_EQ(late.state->revision, 2);
    EXPECT_EQ(db.history("c1").size(), 2U);
    // Another store on the same database sees the same revision.
    sop::store other = open();
    EXPECT_EQ(
        other.answer("c1", "kasubag", sop::answer::yes, at("2024-03-11T09:00"), {.revision = 1})
            .code,
        sop::store_errc::conflict);
    EXPECT_TRUE(
        other.answer("c1", "kasubag", sop::answer::yes, at("2024-03-11T09:00"), {.revision = 2}));
}

TEST_P(backend_test, ACaseStaysOnItsVersionAndNewCasesTakeTheEffectiveOne) {
    sop::store db = open();
    const sop::definition one = db.add_definition(surat_version("2024-01-01", "1 jam"), "v1");
    ASSERT_TRUE(db.start({.sop = "surat", .id = "early"}, "staf", at("2024-06-03T08:00")));
    const sop::definition two = db.add_definition(surat_version("2025-01-01", "2 jam"), "v2");
    ASSERT_NE(one.fingerprint(), two.fingerprint());
    EXPECT_EQ(db.definitions("surat").size(), 2U);

    // The running case finishes on version 1 (step 1 due after one hour, not two).
    ASSERT_TRUE(db.complete("early", "staf", at("2024-06-03T08:30")));
    ASSERT_TRUE(db.answer("early", "kasubag", sop::answer::yes, at("2024-06-03T08:40")));
    auto finished = db.complete("early", "kabag", at("2024-06-03T09:00"));
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished.state->fingerprint, one.fingerprint());
    EXPECT_EQ(db.load_case("early")->definition().fingerprint(), one.fingerprint());

    auto later = db.start({.sop = "surat", .id = "later"}, "staf", at("2025-02-03T08:00"));
    ASSERT_TRUE(later);
    EXPECT_EQ(later.state->fingerprint, two.fingerprint());
    EXPECT_EQ(later.state->due, at("2025-02-03T10:00"));
    auto before = db.start({.sop = "surat", .id = "december"}, "staf", at("2024-12-31T08:00"));
    EXPECT_EQ(before.state->fingerprint, one.fingerprint());
    auto chosen = db.start({.sop = "surat", .id = "chosen", .fingerprint = one.fingerprint()},
                           "staf", at("2025-02-03T08:00"));
    EXPECT_EQ(chosen.state->fingerprint, one.fingerprint());
    const auto none = db.start({.sop = "surat"}, "staf", at("2023-06-01T08:00"));
    EXPECT_EQ(none.code, sop::store_errc::no_such_definition);
    EXPECT_NE(none.message.find("2023-06-01"), std::string::npos) << none.message;
    EXPECT_TRUE(db.verify());
}

TEST_P(backend_test, CasesRunOnTheirStoredCalendar) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    const sop::working_calendar asn = sop::load_calendar_file_or_throw(
        std::filesystem::path(SOPENGINE_DEFINITIONS) / "calendars" / "indonesia.xml");
    db.add_calendar("indonesia", asn);
    EXPECT_EQ(db.find_calendar("indonesia"), asn);
    // Friday 2025-03-28 is cuti bersama, 31 March and 1 April are Idul Fitri, then cuti bersama
    // to 7 April: step 3 (1 hari) answered at 10:00 on Thursday 27 March is due on 8 April.
    const sop::time_point thursday = asn.parse("2025-03-27T09:00").value();
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1", .calendar = "indonesia"}, "staf", thursday));
    ASSERT_TRUE(db.complete("c1", "staf", asn.parse("2025-03-27T09:30").value()));
    auto answered =
        db.answer("c1", "kasubag", sop::answer::yes, asn.parse("2025-03-27T10:00").value());
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered.state->calendar, "indonesia");
    sop::instance memory(surat, std::make_shared<const sop::working_calendar>(asn));
    ASSERT_TRUE(memory.start("staf", thursday));
    ASSERT_TRUE(memory.complete("staf", asn.parse("2025-03-27T09:30").value()));
    ASSERT_TRUE(memory.answer("kasubag", sop::answer::yes, asn.parse("2025-03-27T10:00").value()));
    EXPECT_EQ(answered.state->due, memory.due());
    EXPECT_EQ(asn.format(*answered.state->due), "2025-04-08T10:00:00+07:00");

    // A new version of the calendar is for new cases; the running one keeps its own.
    sop::working_calendar plain;
    db.add_calendar("indonesia", plain);
    EXPECT_EQ(db.find_calendar("indonesia"), plain);
    EXPECT_EQ(db.load_case("c1")->calendar(), asn);
    db.add_calendar("indonesia", asn);  // stored again: the latest once more
    EXPECT_EQ(db.find_calendar("indonesia"), asn);
    EXPECT_TRUE(db.verify());
}

TEST_P(backend_test, InboxOverdueAndListings) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    // c1 at step 1 due 09:00; c2 at step 1 due 10:00; c3 at step 3 (kabag or kasubag, 1 hari).
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c2"}, "staf", at("2024-03-11T09:00")));
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c3"}, "staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("c3", "staf", at("2024-03-11T08:10")));
    ASSERT_TRUE(db.answer("c3", "kasubag", sop::answer::yes, at("2024-03-11T08:20")));
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c4"}, "staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.cancel("c4", "kabag", "duplikat", at("2024-03-11T08:05")));

    const auto ids = [](const std::vector<sop::case_info>& cases) {
        std::vector<std::string> out;
        for (const auto& item : cases) out.push_back(item.id);
        return out;
    };
    EXPECT_EQ(ids(db.inbox("staf")), (std::vector<std::string>{"c1", "c2"}));
    EXPECT_EQ(ids(db.inbox("staf", "surat", 1)), (std::vector<std::string>{"c1"}));
    EXPECT_EQ(ids(db.inbox("staf", "other")), std::vector<std::string>{});
    EXPECT_EQ(ids(db.inbox("kasubag")), (std::vector<std::string>{"c3"}));
    EXPECT_EQ(ids(db.inbox("kabag")), (std::vector<std::string>{"c3"}));
    EXPECT_EQ(db.inbox("kabag")[0].actors, (std::vector<std::string>{"kabag", "kasubag"}));

    EXPECT_EQ(ids(db.overdue(at("2024-03-11T09:00"))), std::vector<std::string>{});
    EXPECT_EQ(ids(db.overdue(at("2024-03-11T09:30"))), (std::vector<std::string>{"c1"}));
    EXPECT_EQ(ids(db.overdue(at("2024-03-13T09:00"))),
              (std::vector<std::string>{"c1", "c2", "c3"}));
    EXPECT_EQ(ids(db.overdue(at("2024-03-13T09:00"), 2)), (std::vector<std::string>{"c1", "c2"}));

    EXPECT_EQ(db.cases().size(), 4U);
    EXPECT_EQ(ids(db.cases({.status = sop::status::cancelled})), (std::vector<std::string>{"c4"}));
    EXPECT_EQ(ids(db.cases({.sop = "surat", .status = sop::status::at_decision})),
              std::vector<std::string>{});
    EXPECT_EQ(db.cases({.sop = "surat", .status = sop::status::at_activity}).size(), 3U);
    EXPECT_EQ(ids(db.cases({.limit = 1})), (std::vector<std::string>{"c2"}));  // latest started
    EXPECT_EQ(db.cases({.sop = "other"}).size(), 0U);
}

TEST_P(backend_test, TheReportMeasuresTheMutuBaku) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    // Case 1: step 1 takes 45 minutes (on time, standard 60), step 2 80 minutes (late, 30).
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("c1", "staf", at("2024-03-11T08:45")));
    ASSERT_TRUE(db.answer("c1", "kasubag", sop::answer::yes, at("2024-03-11T10:05")));
    // Case 2: step 1 takes 2 hours (late).
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c2"}, "staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("c2", "staf", at("2024-03-11T10:00")));
    const auto report = db.report("surat");
    ASSERT_EQ(report.size(), 3U);
    EXPECT_EQ(report[0].step, "1");
    EXPECT_EQ(report[0].performed, 2);
    EXPECT_EQ(report[0].timed, 2);
    EXPECT_EQ(report[0].on_time, 1);
    EXPECT_DOUBLE_EQ(report[0].on_time_rate(), 0.5);
    EXPECT_EQ(report[0].working_minutes, 45 + 120);
    EXPECT_EQ(report[0].standard_minutes, 120);
    EXPECT_EQ(report[1].step, "2");
    EXPECT_EQ(report[1].performed, 1);
    EXPECT_EQ(report[1].on_time, 0);
    EXPECT_EQ(report[1].working_minutes, 80);
    EXPECT_EQ(report[2].step, "3");
    EXPECT_EQ(report[2].performed, 0);
    EXPECT_DOUBLE_EQ(report[2].on_time_rate(), 1.0);
    EXPECT_TRUE(db.report("other").empty());
}

// tests/data/valid/service.xml: 1 (pemohon, external) -> 2? (petugas; no "dikembalikan")
// -> 3 (petugas + teknis + kabid together, 2 jam) -> 4? (kabid; no "ditolak") -> 5 -> "terbit".
TEST_P(backend_test, EndingsAreKeptAndAJointStepIsMeasuredOnce) {
    sop::store db = open();
    db.add_definition(
        sop_test::read_file(std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" / "service.xml"),
        "service.xml");
    // Issued: the meeting's three confirmations, the last 90 minutes after it began.
    ASSERT_TRUE(db.start({.sop = "izin", .id = "terbit"}, "pemohon", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("terbit", "pemohon", at("2024-03-11T09:00")));
    ASSERT_TRUE(db.answer("terbit", "petugas", sop::answer::yes, at("2024-03-11T09:30")));
    ASSERT_TRUE(db.complete("terbit", "teknis", at("2024-03-11T10:00")));
    ASSERT_TRUE(db.complete("terbit", "kabid", at("2024-03-11T10:30")));
    ASSERT_TRUE(db.complete("terbit", "petugas", at("2024-03-11T11:00")));
    ASSERT_TRUE(db.answer("terbit", "kabid", sop::answer::yes, at("2024-03-11T11:30")));
    const auto issued = db.complete("terbit", "kabid", at("2024-03-11T12:00"));
    ASSERT_TRUE(issued);
    EXPECT_EQ(issued.state->ending, "terbit");
    // Returned to the applicant; another still running, another cancelled.
    ASSERT_TRUE(db.start({.sop = "izin", .id = "kembali"}, "pemohon", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("kembali", "pemohon", at("2024-03-11T09:00")));
    ASSERT_TRUE(db.answer("kembali", "petugas", sop::answer::no, at("2024-03-11T09:30")));
    ASSERT_TRUE(db.start({.sop = "izin", .id = "jalan"}, "pemohon", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.start({.sop = "izin", .id = "batal"}, "pemohon", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.cancel("batal", "petugas", "mundur", at("2024-03-11T09:00")));

    EXPECT_EQ(db.find_case("terbit")->ending, "terbit");
    EXPECT_EQ(db.find_case("kembali")->ending, "dikembalikan");
    EXPECT_EQ(db.find_case("jalan")->ending, "");
    EXPECT_EQ(db.find_case("batal")->ending, "");
    EXPECT_EQ(db.endings("izin"), (std::vector<sop::ending_count>{
                                      {"terbit", "Izin diterbitkan", 1},
                                      {"ditolak", "Permohonan ditolak", 0},
                                      {"dikembalikan", "Berkas dikembalikan kepada pemohon", 1}}));
    EXPECT_TRUE(db.endings("other").empty());
    // The meeting was performed once, in 90 minutes: the confirmations before the last are in
    // the log, but measure nothing.
    const auto report = db.report("izin");
    ASSERT_EQ(report.size(), 5U);
    EXPECT_EQ(report[2].step, "3");
    EXPECT_EQ(report[2].performed, 1);
    EXPECT_EQ(report[2].working_minutes, 90);
    EXPECT_EQ(report[2].standard_minutes, 120);
    EXPECT_EQ(report[2].on_time, 1);
    const auto events = db.history("terbit");
    ASSERT_EQ(events.size(), 8U);
    EXPECT_EQ(events[3].step, "3");
    EXPECT_FALSE(events[3].working_minutes.has_value());
    EXPECT_TRUE(events[3].due.has_value());
    EXPECT_EQ(events[5].working_minutes, 90);
    EXPECT_TRUE(db.verify());
}

// A store of schema 1 learns how its completed cases ended when it is opened.
TEST_P(backend_test, AnOlderStoreLearnsTheEndingsOfItsCases) {
    {
        sop::store db = open();
        db.add_definition(surat_text(), "surat.xml");
        ASSERT_TRUE(db.start({.sop = "surat", .id = "done"}, "staf", at("2024-03-11T08:00")));
        ASSERT_TRUE(db.complete("done", "staf", at("2024-03-11T08:30")));
        ASSERT_TRUE(db.answer("done", "kasubag", sop::answer::yes, at("2024-03-11T08:50")));
        ASSERT_TRUE(db.complete("done", "kabag", at("2024-03-11T09:30")));
        ASSERT_TRUE(db.start({.sop = "surat", .id = "open"}, "staf", at("2024-03-11T08:00")));
    }
    raw()->script(std::string(sop_test::undo_schema_4) +
                  "ALTER TABLE sop_cases DROP COLUMN ending; DROP TABLE sop_links; "
                  "UPDATE sop_schema SET version = 1");
    sop::store db = open();
    EXPECT_EQ(db.find_case("done")->ending, "end");
    EXPECT_EQ(db.find_case("open")->ending, "");
    EXPECT_TRUE(db.verify());
}

// An SOP whose step runs a related SOP: stored after it, pinned to the version stored then, its
// cases run the related SOP as a sub-case, through the store's operations, across reopening.
TEST_P(backend_test, RelatedSopsRunAsSubCasesOfTheirPinnedVersions) {
    const std::filesystem::path folder = std::filesystem::path(SOPENGINE_TEST_DATA) / "catalog";
    auto text = [&](const char* name) { return sop_test::read_file(folder / name); };
    {
        sop::store db = open();
        // The permit runs survei-lapangan, which runs cek-tata-ruang: neither is stored yet.
        const auto missing = [&] {
            db.add_definition(text("izin-reklame.xml"), "izin-reklame.xml");
        };
        EXPECT_EQ(sop_test::error_code_of(missing), sop::errc::not_linked);
        try {
            missing();
        } catch (const sop::error& refused) {
            EXPECT_STREQ(refused.what(),
                         "step 3 of izin-reklame runs SOP 'survei-lapangan', which the store does "
                         "not have; add that SOP first");
        }
        EXPECT_TRUE(db.definitions().empty());
        db.add_definition(text("cek-tata-ruang.xml"), "cek-tata-ruang.xml");
        db.add_definition(text("survei-lapangan.xml"), "survei-lapangan.xml");
        const sop::definition permit =
            db.add_definition(text("izin-reklame.xml"), "izin-reklame.xml");
        EXPECT_TRUE(permit.linked());
        ASSERT_TRUE(
            db.start({.sop = "izin-reklame", .id = "r1"}, "pemohon", at("2024-03-11T08:00")));
        ASSERT_TRUE(db.complete("r1", "pemohon", at("2024-03-12T08:00")));
        ASSERT_TRUE(db.answer("r1", "petugas", sop::answer::yes, at("2024-03-12T09:00")));
        // Step 3 runs the survey, whose first step runs the check: staf's desk has the case.
        const auto waiting = db.find_case("r1");
        EXPECT_EQ(waiting->step, "3");
        EXPECT_EQ(waiting->actors, std::vector<std::string>{"staf"});
        // Due when the check is (2 jam), before step 3's own 5 hari: on the overdue list after.
        EXPECT_EQ(waiting->due, at("2024-03-12T11:00"));
        EXPECT_TRUE(db.overdue(at("2024-03-12T11:00")).empty());
        ASSERT_EQ(db.overdue(at("2024-03-12T11:30")).size(), 1U);
        ASSERT_EQ(db.inbox("staf").size(), 1U);
        EXPECT_EQ(db.complete("r1", "kabid", at("2024-03-12T10:00")).code,
                  sop::outcome_code::not_your_turn);
        ASSERT_TRUE(db.complete("r1", "staf", at("2024-03-12T11:00")));
        // A newer version of the check, stored now, changes nothing for the permit.
        std::string newer = text("cek-tata-ruang.xml");
        newer.replace(newer.find("2 jam"), 5, "3 jam");
        db.add_definition(newer, "cek-tata-ruang.xml");
    }
    sop::store db = open();
    ASSERT_TRUE(db.complete("r1", "pemohon", at("2024-03-13T11:00")));
    ASSERT_TRUE(db.answer("r1", "kasi", sop::answer::no, at("2024-03-13T12:00")));
    const auto decided = db.find_case("r1");
    EXPECT_EQ(decided->step, "4");
    EXPECT_EQ(decided->actors, std::vector<std::string>{"kabid"});
    ASSERT_TRUE(db.answer("r1", "kabid", sop::answer::no, at("2024-03-13T13:00")));
    EXPECT_EQ(db.find_case("r1")->ending, "ditolak");
    // The operations inside the sub-case are the permit's events, against the step that runs
    // it; only the one that ended the survey completed (and measures) step 3.
    const auto events = db.history("r1");
    ASSERT_EQ(events.size(), 7U);
    EXPECT_EQ(events[3].step, "3");
    EXPECT_EQ(events[3].actor, "staf");
    EXPECT_FALSE(events[3].working_minutes.has_value());
    EXPECT_EQ(events[5].actor, "kasi");
    EXPECT_EQ(events[5].working_minutes,
              7 * 60 + 4 * 60);  // from 09:00 on the 12th to 12:00 on the 13th
    EXPECT_TRUE(db.verify());
    // A new case of the same permit version still runs the pinned check (2 jam).
    ASSERT_TRUE(db.start({.sop = "izin-reklame", .id = "r2"}, "pemohon", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("r2", "pemohon", at("2024-03-12T08:00")));
    ASSERT_TRUE(db.answer("r2", "petugas", sop::answer::yes, at("2024-03-12T09:00")));
    const std::optional<sop::definition> pinned =
        db.find_definition(db.find_case("r2")->fingerprint);
    ASSERT_TRUE(pinned);
    const sop::definition* survey = pinned->related(*pinned->find_step("3"));
    ASSERT_NE(survey, nullptr);
    const sop::definition* check = survey->related(survey->steps()[0]);
    ASSERT_NE(check, nullptr);
    EXPECT_EQ(check->steps()[0].duration_text, "2 jam");
}

// Three cases walked to the end; the middle one is then tampered with.
class tamper_test : public backend_test {
protected:
    void SetUp() override {
        backend_test::SetUp();
        sop::store db = open();
        db.add_definition(surat_text(), "surat.xml");
        for (const char* id : {"a", "b", "c"}) {
            ASSERT_TRUE(db.start({.sop = "surat", .id = id}, "staf", at("2024-03-11T08:00")));
            ASSERT_TRUE(db.complete(id, "staf", at("2024-03-11T08:30")));
            ASSERT_TRUE(db.answer(id, "kasubag", sop::answer::yes, at("2024-03-11T08:50")));
            ASSERT_TRUE(db.complete(id, "kabag", at("2024-03-11T09:30")));
        }
        ASSERT_TRUE(db.verify());
    }
    // What verify says, as "case:event" items.
    std::set<std::string> found() {
        sop::store db = open();
        std::set<std::string> out;
        const auto result = db.verify();
        EXPECT_EQ(result.cases, 3);
        for (const auto& problem : result.problems) {
            out.insert(problem.case_id + ":" + std::to_string(problem.sequence));
            EXPECT_FALSE(problem.message.empty());
        }
        return out;
    }
};

TEST_P(tamper_test, AnEditedEventIsNamed) {
    raw()->script("UPDATE sop_events SET actor = 'kasubag' WHERE case_id = 'b' AND seq = 4");
    EXPECT_EQ(found(), std::set<std::string>{"b:4"});
}

TEST_P(tamper_test, AnEditedTimeIsNamed) {
    raw()->script("UPDATE sop_events SET at = at - 60 WHERE case_id = 'b' AND seq = 2");
    EXPECT_EQ(found(), std::set<std::string>{"b:2"});
}

TEST_P(tamper_test, ADeletedEventIsNamed) {
    raw()->script("DELETE FROM sop_events WHERE case_id = 'b' AND seq = 2");
    const auto problems = found();
    EXPECT_TRUE(problems.contains("b:3")) << ::testing::PrintToString(problems);
    EXPECT_TRUE(problems.contains("b:0")) << ::testing::PrintToString(problems);
    for (const auto& problem : problems) EXPECT_EQ(problem.substr(0, 2), "b:");
}

TEST_P(tamper_test, ADeletedLastEventIsNamed) {
    raw()->script("DELETE FROM sop_events WHERE case_id = 'b' AND seq = 4");
    EXPECT_EQ(found(), std::set<std::string>{"b:0"});
}

TEST_P(tamper_test, ReorderedEventsAreNamed) {
    raw()->script(
        "UPDATE sop_events SET seq = 100 WHERE case_id = 'b' AND seq = 2; "
        "UPDATE sop_events SET seq = 2 WHERE case_id = 'b' AND seq = 3; "
        "UPDATE sop_events SET seq = 3 WHERE case_id = 'b' AND seq = 100");
    const auto problems = found();
    EXPECT_TRUE(problems.contains("b:2")) << ::testing::PrintToString(problems);
    EXPECT_TRUE(problems.contains("b:3")) << ::testing::PrintToString(problems);
}

TEST_P(tamper_test, AnEditedCaseIsNamed) {
    raw()->script("UPDATE sop_cases SET status = 'cancelled' WHERE id = 'b'");
    EXPECT_EQ(found(), std::set<std::string>{"b:0"});
}

TEST_P(tamper_test, ADeletedCaseIsNamed) {
    raw()->script("DELETE FROM sop_cases WHERE id = 'b'");
    sop::store db = open();
    const auto result = db.verify();
    ASSERT_EQ(result.problems.size(), 1U);
    EXPECT_EQ(result.problems[0].case_id, "b");
}

TEST_P(backend_test, ADamagedSnapshotFallsBackToTheLog) {
    sop::store db = open();
    db.add_definition(surat_text(), "surat.xml");
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2024-03-11T08:00")));
    ASSERT_TRUE(db.complete("c1", "staf", at("2024-03-11T08:30")));
    raw()->script("UPDATE sop_cases SET snapshot = 'garbage' WHERE id = 'c1'");
    const auto loaded = db.load_case("c1");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->history_size(), 1U);
    EXPECT_FALSE(db.verify());
    // The next operation works from the log and writes a good snapshot again.
    ASSERT_TRUE(db.answer("c1", "kasubag", sop::answer::yes, at("2024-03-11T09:00")));
    EXPECT_TRUE(db.verify());
}

INSTANTIATE_TEST_SUITE_P(store, backend_test, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& test) { return std::string(test.param); });
INSTANTIATE_TEST_SUITE_P(store, tamper_test, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& test) { return std::string(test.param); });

}  // namespace
