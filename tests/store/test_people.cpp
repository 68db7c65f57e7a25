// The people behind the roles: assignments, Plt./Plh. appointments, operations by a person,
// desks by person, separation of duties and the audit chain with capacities. On
// tests/data/valid/surat.xml and four-eyes.xml, both of unit "U" (roles staf, kasubag, kabag),
// and a disposition SOP of the same unit whose first step only the kabag performs.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <vector>

#include "../support.hpp"
#include "store/database.hpp"
#include "store_support.hpp"

namespace {

using namespace std::chrono_literals;
using sop_test::backend_test;

constexpr auto day(int y, unsigned m, unsigned d) {
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                       std::chrono::day{d}};
}

const sop::person budi{"Budi Santoso, S.E.", "197501012000031002", "Pembina (IV/a)"};
const sop::person sari{"Sari Dewi, S.Sos.", "198203032006042003", "Penata Tk. I (III/d)"};
const sop::person ani{"Ani Lestari", "199001012015032001", "Penata Muda (III/a)"};
const sop::person dedi{"Dedi Kurnia", "199202022016031002", "Penata Muda (III/a)"};

// Kabag disposes, staf carries it out.
const char* const disposisi = R"(<?xml version="1.0"?>
<sop format="1" id="disposisi">
  <identity><unit>U</unit><number>2</number><title>Disposisi</title>
    <approved-by position="P" name="N"/></identity>
  <actors><actor id="kabag">Kabag</actor><actor id="staf">Staf</actor></actors>
  <procedure>
    <activity id="1" actor="kabag" duration="1 jam"><description>Disposisi</description></activity>
    <activity id="2" actor="staf" duration="1 jam"><description>Tindak lanjut</description></activity>
  </procedure>
</sop>
)";

class people_test : public backend_test {
protected:
    void SetUp() override {
        backend_test::SetUp();
        sop::store db = open();
        db.add_definition(sop_test::surat_text(), "surat.xml");
        db.add_definition(sop_test::read_file(std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" /
                                              "four-eyes.xml"),
                          "four-eyes.xml");
        db.add_definition(disposisi, "disposisi.xml");
        for (const sop::person& who : {budi, sari, ani, dedi}) {
            ASSERT_TRUE(db.put_person(who, at("2026-01-02T08:00")));
        }
    }

    static sop::assignment holder(const sop::person& who, const char* role) {
        return {.nip = who.nip, .unit = "U", .role = role, .from = day(2020, 1, 1)};
    }
    static sop::assignment acting(const sop::person& who, const char* role, sop::capacity kind,
                                  const char* letter, std::chrono::year_month_day from,
                                  std::chrono::year_month_day to) {
        return {.nip = who.nip,
                .unit = "U",
                .role = role,
                .capacity = kind,
                .letter = letter,
                .from = from,
                .to = to};
    }
    static void assign(sop::store& db, const sop::assignment& what) {
        const sop::staff_outcome made = db.assign(what, sop::time_point{});
        ASSERT_TRUE(made) << made.message;
    }
    // A surat case at step 3 (kabag or kasubag), its steps done by Ani and Dedi.
    void surat_at_signing(sop::store& db, const char* id) {
        ASSERT_TRUE(db.start({.sop = "surat", .id = id}, "staf", at("2026-03-02T08:00")));
        ASSERT_TRUE(db.complete(id, "staf", at("2026-03-02T08:30")));
        ASSERT_TRUE(db.answer(id, "kasubag", sop::answer::yes, at("2026-03-02T08:45")));
    }
    static std::vector<std::string> ids(const std::vector<sop::desk_item>& desk) {
        std::vector<std::string> out;
        for (const auto& item : desk) out.push_back(item.work.id + ":" + item.role);
        return out;
    }
};

TEST_P(people_test, APlhActsOnlyWithinTheLettersPeriod) {
    sop::store db = open();
    assign(db, holder(budi, "kabag"));
    assign(db, acting(sari, "kabag", sop::capacity::plh, "800/112/404.1.1/2026", day(2026, 3, 3),
                      day(2026, 3, 4)));
    surat_at_signing(db, "c1");
    // Before the letter's first day.
    const auto early = db.complete("c1", sop::by_person{sari.nip}, at("2026-03-02T15:00"));
    EXPECT_EQ(early.code, sop::store_errc::appointment_not_started);
    EXPECT_NE(early.message.find("begins after 2026-03-02"), std::string::npos) << early.message;
    // After its last day.
    const auto late = db.complete("c1", sop::by_person{sari.nip}, at("2026-03-05T09:00"));
    EXPECT_EQ(late.code, sop::store_errc::appointment_expired);
    EXPECT_NE(late.message.find("Plh. kabag of U, letter 800/112/404.1.1/2026, 2026-03-03 to "
                                "2026-03-04, which ended before 2026-03-05"),
              std::string::npos)
        << late.message;
    EXPECT_EQ(db.find_case("c1")->revision, 3);  // neither changed anything
    // Within it, on its last day (WIB: 23:00 local is still the 4th).
    const auto signed_ = db.complete("c1", sop::by_person{sari.nip}, at("2026-03-04T23:00"));
    ASSERT_TRUE(signed_) << signed_.message;
    const sop::case_event last = db.history("c1").back();
    EXPECT_EQ(last.actor, "kabag");
    EXPECT_EQ(last.person, sari);
    EXPECT_EQ(last.capacity, sop::capacity::plh);
    EXPECT_EQ(last.letter, "800/112/404.1.1/2026");
}

TEST_P(people_test, APltActsInAVacantPost) {
    sop::store db = open();
    // Nobody holds kabag; Sari acts for it by letter.
    assign(db, acting(sari, "kabag", sop::capacity::plt, "821/45/2026", day(2026, 2, 1),
                      day(2026, 4, 30)));
    ASSERT_TRUE(db.start({.sop = "disposisi", .id = "d1"}, sop::by_person{sari.nip},
                         at("2026-03-02T08:00")));
    EXPECT_EQ(ids(db.desk(sari.nip, day(2026, 3, 2))), std::vector<std::string>{"d1:kabag"});
    EXPECT_EQ(db.desk(sari.nip, day(2026, 3, 2))[0].capacity, sop::capacity::plt);
    const auto done = db.complete("d1", sop::by_person{sari.nip}, at("2026-03-02T09:00"));
    ASSERT_TRUE(done) << done.message;
    const auto events = db.history("d1");
    EXPECT_EQ(events[0].capacity, sop::capacity::plt);  // she started it in that capacity too
    EXPECT_EQ(events[1].capacity, sop::capacity::plt);
    EXPECT_EQ(events[1].letter, "821/45/2026");
    EXPECT_EQ(sop::title_of(events[1].capacity), "Plt.");
    // A person with no role the step waits for is refused.
    const auto stranger = db.complete("d1", sop::by_person{budi.nip}, at("2026-03-02T09:30"));
    EXPECT_EQ(stranger.code, sop::store_errc::not_assigned);
    EXPECT_NE(stranger.message.find("none of the roles step 2 of disposisi waits for in U: 'staf' "
                                    "(Staf)"),
              std::string::npos)
        << stranger.message;
    EXPECT_EQ(db.complete("d1", sop::by_person{"000"}, at("2026-03-02T09:30")).code,
              sop::store_errc::no_such_person);
}

TEST_P(people_test, TwoPeopleHoldOneRole) {
    sop::store db = open();
    assign(db, holder(ani, "staf"));
    assign(db, holder(dedi, "staf"));
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2026-03-02T08:00")));
    EXPECT_EQ(ids(db.desk(ani.nip, day(2026, 3, 2))), std::vector<std::string>{"c1:staf"});
    EXPECT_EQ(ids(db.desk(dedi.nip, day(2026, 3, 2))), std::vector<std::string>{"c1:staf"});
    const auto done = db.complete("c1", sop::by_person{dedi.nip}, at("2026-03-02T08:30"));
    ASSERT_TRUE(done) << done.message;
    EXPECT_EQ(db.history("c1").back().person, dedi);
    EXPECT_EQ(db.history("c1").back().capacity, sop::capacity::holder);
    EXPECT_TRUE(db.desk(ani.nip, day(2026, 3, 2)).empty());
    EXPECT_TRUE(db.desk(dedi.nip, day(2026, 3, 2)).empty());
}

TEST_P(people_test, ADecisionIsRefusedBySeparationOfDutiesAndAcceptedFromAnother) {
    sop::store db = open();
    assign(db, holder(ani, "staf"));
    assign(db, holder(budi, "kasubag"));
    ASSERT_TRUE(db.start({.sop = "empat-mata", .id = "e1"}, sop::by_person{ani.nip},
                         at("2026-03-02T08:00")));
    ASSERT_TRUE(db.complete("e1", sop::by_person{ani.nip}, at("2026-03-02T08:30")));
    // Ani may act at decision 2 as staf, but she drafted step 1.
    const auto same =
        db.answer("e1", sop::by_person{ani.nip}, sop::answer::yes, at("2026-03-02T09:00"));
    EXPECT_EQ(same.code, sop::outcome_code::separation_of_duties);
    EXPECT_NE(same.message.find("199001012015032001 performed step 1"), std::string::npos)
        << same.message;
    EXPECT_EQ(db.find_case("e1")->revision, 2);
    const auto other =
        db.answer("e1", sop::by_person{budi.nip}, sop::answer::yes, at("2026-03-02T09:00"));
    ASSERT_TRUE(other) << other.message;
    EXPECT_EQ(db.history("e1").back().actor, "kasubag");
    // By actor, the rule checks the NIP the caller gives, and needs one.
    EXPECT_EQ(db.complete("e1", "kasubag", at("2026-03-02T10:00")).code,
              sop::outcome_code::person_required);
    EXPECT_EQ(db.complete("e1", "kasubag", at("2026-03-02T10:00"), {.by = budi}).code,
              sop::outcome_code::separation_of_duties);
    // The store's replay agrees with what was recorded.
    EXPECT_TRUE(db.verify());
    sop::store reopened = open();
    EXPECT_EQ(reopened.load_case("e1")->history()[1].person, budi.nip);
}

TEST_P(people_test, TheAuditChainVerifiesWithCapacitiesRecorded) {
    sop::store db = open();
    assign(db, holder(budi, "kasubag"));
    assign(db, acting(sari, "kabag", sop::capacity::plh, "800/7/2026", day(2026, 3, 2),
                      day(2026, 3, 6)));
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c1"}, "staf", at("2026-03-02T08:00")));
    ASSERT_TRUE(db.complete("c1", "staf", at("2026-03-02T08:30")));
    ASSERT_TRUE(
        db.answer("c1", sop::by_person{budi.nip}, sop::answer::yes, at("2026-03-02T09:00")));
    ASSERT_TRUE(db.complete("c1", sop::by_person{sari.nip, "kabag"}, at("2026-03-03T09:00")));
    const sop::verify_result clean = db.verify();
    EXPECT_TRUE(clean) << (clean.problems.empty() ? "" : clean.problems[0].message);
    EXPECT_EQ(clean.events, 4);
    // The record says "Plh. Kabag", and an edit of the capacity, the letter or the rank breaks
    // the chain.
    const auto events = db.history("c1");
    EXPECT_EQ(events[3].capacity, sop::capacity::plh);
    EXPECT_EQ(events[2].person.rank, budi.rank);
    const std::vector<std::pair<std::string, const sop::case_event*>> edits{
        {"capacity = 'holder'", &events[3]},
        {"letter = '800/8/2026'", &events[3]},
        {"person_rank = 'Pembina'", &events[2]},
        {"capacity = 'none', person_rank = '', person_name = 'Budi'", &events[2]}};
    for (const auto& [change, original] : edits) {
        const std::string seq = std::to_string(original->sequence);
        raw()->script("UPDATE sop_events SET " + change + " WHERE case_id = 'c1' AND seq = " + seq);
        const sop::verify_result broken = open().verify();
        ASSERT_FALSE(broken) << change;
        EXPECT_NE(broken.problems[0].message.find("was altered"), std::string::npos) << change;
        // Put it back as it was.
        raw()->script("UPDATE sop_events SET capacity = '" +
                      std::string(sop::to_string(original->capacity)) + "', letter = '" +
                      original->letter + "', person_rank = '" + original->person.rank +
                      "', person_name = '" + original->person.name +
                      "' WHERE case_id = 'c1' AND seq = " + seq);
        EXPECT_TRUE(open().verify()) << change;
    }
}

TEST_P(people_test, TheDeskOfAPersonWhoHoldsOneRoleAndActsForAnother) {
    sop::store db = open();
    assign(db, holder(budi, "kasubag"));
    assign(db, acting(budi, "kabag", sop::capacity::plh, "800/9/2026", day(2026, 3, 2),
                      day(2026, 3, 3)));
    // a1 waits for kasubag (decision 2); d1 for kabag (disposition); s1 for staf.
    ASSERT_TRUE(db.start({.sop = "surat", .id = "a1"}, "staf", at("2026-03-02T08:00")));
    ASSERT_TRUE(db.complete("a1", "staf", at("2026-03-02T08:10")));
    ASSERT_TRUE(db.start({.sop = "disposisi", .id = "d1"}, "kabag", at("2026-03-02T08:20")));
    ASSERT_TRUE(db.start({.sop = "surat", .id = "s1"}, "staf", at("2026-03-02T08:30")));
    const auto on_monday = db.desk(budi.nip, day(2026, 3, 2));
    // Earliest due first: a1's decision (30 minutes, due 08:40), then d1 (1 hour, due 09:20).
    EXPECT_EQ(ids(on_monday), (std::vector<std::string>{"a1:kasubag", "d1:kabag"}));
    EXPECT_EQ(on_monday[0].capacity, sop::capacity::holder);
    EXPECT_EQ(on_monday[1].capacity, sop::capacity::plh);
    EXPECT_EQ(on_monday[1].letter, "800/9/2026");
    // Of one SOP.
    EXPECT_EQ(ids(db.desk(budi.nip, day(2026, 3, 2), "disposisi")),
              std::vector<std::string>{"d1:kabag"});
    // After the Plh. letter's period, only his own role's work.
    EXPECT_EQ(ids(db.desk(budi.nip, day(2026, 3, 4))), std::vector<std::string>{"a1:kasubag"});
}

TEST_P(people_test, AssignmentsAreCheckedEditedAndKeptWithTheirHistory) {
    sop::store db = open();
    const auto no_role = db.assign(holder(budi, "kabg"), at("2026-01-05T08:00"));
    EXPECT_EQ(no_role.code, sop::store_errc::no_such_role);
    EXPECT_NE(no_role.message.find("its roles are kabag, kasubag, staf"), std::string::npos)
        << no_role.message;
    auto elsewhere = holder(budi, "kabag");
    elsewhere.unit = "BAGIAN UMUM";
    EXPECT_EQ(db.assign(elsewhere, at("2026-01-05T08:00")).code, sop::store_errc::no_such_role);
    EXPECT_EQ(db.assign(holder({"X", "000"}, "kabag"), at("2026-01-05T08:00")).code,
              sop::store_errc::no_such_person);
    auto no_letter =
        acting(sari, "kabag", sop::capacity::plh, "", day(2026, 3, 2), day(2026, 3, 3));
    EXPECT_EQ(db.assign(no_letter, at("2026-01-05T08:00")).code, sop::errc::invalid_argument);
    auto open_ended =
        acting(sari, "kabag", sop::capacity::plt, "1/2026", day(2026, 3, 2), day(2026, 3, 3));
    open_ended.to.reset();
    EXPECT_EQ(db.assign(open_ended, at("2026-01-05T08:00")).code, sop::errc::invalid_argument);
    auto backwards =
        acting(sari, "kabag", sop::capacity::plh, "1/2026", day(2026, 3, 3), day(2026, 3, 2));
    EXPECT_EQ(db.assign(backwards, at("2026-01-05T08:00")).code, sop::errc::invalid_argument);

    const auto plh = db.assign(
        acting(sari, "kabag", sop::capacity::plh, "800/1/2026", day(2026, 3, 2), day(2026, 3, 3)),
        at("2026-01-05T08:00"));
    ASSERT_TRUE(plh) << plh.message;
    const std::int64_t id = plh.assignment->id;
    const auto twice = db.assign(
        acting(sari, "kabag", sop::capacity::plt, "800/2/2026", day(2026, 3, 3), day(2026, 3, 10)),
        at("2026-01-05T08:10"));
    EXPECT_EQ(twice.code, sop::store_errc::overlapping);
    // The letter is extended; then the appointment is revoked as made in error.
    const auto longer = db.set_period(id, day(2026, 3, 2), day(2026, 3, 6), at("2026-03-03T10:00"));
    ASSERT_TRUE(longer) << longer.message;
    EXPECT_EQ(longer.assignment->to, day(2026, 3, 6));
    EXPECT_EQ(db.assignments({.nip = sari.nip, .on = day(2026, 3, 5)}).size(), 1U);
    ASSERT_TRUE(db.revoke(id, "surat perintah dibatalkan", at("2026-03-04T10:00")));
    EXPECT_TRUE(db.assignments({.nip = sari.nip}).empty());
    const auto all = db.assignments({.nip = sari.nip, .with_revoked = true});
    ASSERT_EQ(all.size(), 1U);
    EXPECT_TRUE(all[0].revoked);
    EXPECT_EQ(all[0].revoked_reason, "surat perintah dibatalkan");
    EXPECT_EQ(db.revoke(id, "again", at("2026-03-04T10:00")).code, sop::errc::invalid_argument);
    EXPECT_EQ(db.set_period(99, day(2026, 3, 2), std::nullopt, at("2026-03-04T10:00")).code,
              sop::store_errc::no_such_assignment);
    // A revoked appointment no longer acts.
    ASSERT_TRUE(db.start({.sop = "disposisi", .id = "d1"}, "kabag", at("2026-03-05T08:00")));
    EXPECT_EQ(db.complete("d1", sop::by_person{sari.nip}, at("2026-03-05T09:00")).code,
              sop::store_errc::not_assigned);

    // A promotion changes the rank; the history keeps every change, in order.
    sop::person promoted = sari;
    promoted.rank = "Pembina (IV/a)";
    ASSERT_TRUE(db.put_person(promoted, at("2026-04-01T08:00")));
    ASSERT_TRUE(db.put_person(promoted, at("2026-04-02T08:00")));  // no change, no record
    EXPECT_EQ(db.find_person(sari.nip), promoted);
    const auto changes = db.staff_history(sari.nip);
    ASSERT_EQ(changes.size(), 5U);
    EXPECT_EQ(changes[0].kind, sop::staff_change_kind::person);
    EXPECT_EQ(changes[1].kind, sop::staff_change_kind::assign);
    EXPECT_EQ(changes[1].details, "Plh. kabag of U, letter 800/1/2026, 2026-03-02 to 2026-03-03");
    EXPECT_EQ(changes[2].kind, sop::staff_change_kind::period);
    EXPECT_EQ(changes[2].details, "period: 2026-03-02 to 2026-03-03 -> 2026-03-02 to 2026-03-06");
    EXPECT_EQ(changes[3].kind, sop::staff_change_kind::revoke);
    EXPECT_EQ(changes[4].details, "rank: Penata Tk. I (III/d) -> Pembina (IV/a)");
    EXPECT_EQ(changes[4].at, at("2026-04-01T08:00"));
    EXPECT_EQ(db.people().size(), 4U);
    EXPECT_EQ(db.put_person({"", "1"}, at("2026-04-02T08:00")).code, sop::errc::invalid_argument);
}

TEST_P(people_test, ARoleTheStepDoesNotWaitForIsNotYourTurn) {
    sop::store db = open();
    assign(db, holder(budi, "kabag"));
    assign(db, holder(budi, "kasubag"));
    surat_at_signing(db, "c1");
    const auto wrong = db.complete("c1", sop::by_person{budi.nip, "staf"}, at("2026-03-02T10:00"));
    EXPECT_EQ(wrong.code, sop::outcome_code::not_your_turn);
    // He holds both roles step 3 waits for: the first it names is taken, unless he says.
    ASSERT_TRUE(db.complete("c1", sop::by_person{budi.nip, "kasubag"}, at("2026-03-02T10:00")));
    EXPECT_EQ(db.history("c1").back().actor, "kasubag");
    // Giving the person twice is refused.
    ASSERT_TRUE(db.start({.sop = "surat", .id = "c2"}, "staf", at("2026-03-02T08:00")));
    EXPECT_EQ(
        db.cancel("c2", sop::by_person{budi.nip}, "salah", at("2026-03-02T10:00"), {.by = budi})
            .code,
        sop::errc::invalid_argument);
    const auto cancelled =
        db.cancel("c2", sop::by_person{budi.nip}, "salah kirim", at("2026-03-02T10:00"));
    ASSERT_TRUE(cancelled) << cancelled.message;
    EXPECT_EQ(db.history("c2").back().actor, "kasubag");  // his first role in the SOP's order
}

// A store of schema 3 learns the units of its SOPs, and its cases under way reach the desks.
TEST_P(people_test, AnOlderStoreLearnsTheUnitsOfItsSopsAndCases) {
    {
        sop::store db = open();
        ASSERT_TRUE(db.start({.sop = "disposisi", .id = "d1"}, "kabag", at("2026-03-02T08:00")));
    }
    raw()->script(std::string(sop_test::undo_schema_4) + "UPDATE sop_schema SET version = 3");
    sop::store db = open();
    ASSERT_TRUE(db.put_person(budi, at("2026-03-02T08:00")));
    assign(db, holder(budi, "kabag"));
    EXPECT_EQ(ids(db.desk(budi.nip, day(2026, 3, 2))), std::vector<std::string>{"d1:kabag"});
    EXPECT_TRUE(db.verify());
}

INSTANTIATE_TEST_SUITE_P(store, people_test, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& test) { return std::string(test.param); });

}  // namespace
