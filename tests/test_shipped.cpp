// One group per shipped definition: it loads cleanly with the source's shape and identity, its
// all-"yes" path takes the standard time the source gives, and it can be walked to the end
// through every "no" branch once.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sopengine/sopengine.hpp>

namespace {

const std::filesystem::path definitions = SOPENGINE_DEFINITIONS;

// Loads a shipped definition; any diagnostic, warnings included, fails the test.
sop::definition load_clean(const std::string& file) {
    const auto result = sop::load_file(definitions / file);
    for (const auto& item : result.diagnostics) ADD_FAILURE() << sop::to_string(item);
    if (!result) throw std::runtime_error(file + " does not load");
    return *result.definition;
}

std::size_t decisions(const sop::definition& sop) {
    return static_cast<std::size_t>(
        std::count_if(sop.steps().begin(), sop.steps().end(),
                      [](const sop::step& row) { return row.kind == sop::step_kind::decision; }));
}

std::chrono::year_month_day day(int y, unsigned m, unsigned d) {
    return std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m),
                                       std::chrono::day(d)};
}

struct walk_step {
    std::string step;
    std::string actor;
    std::optional<sop::answer> answer;
};

// Performs each step in order as its actor on the default calendar from Tuesday 12 March 2024
// 08:00, checking first that it is that step and that actor's turn; each step takes exactly its
// standard time (a step without one is done when it starts). Checks the history at the end and
// returns the working minutes from start to completion.
std::int64_t walk(const sop::definition& sop, const std::vector<walk_step>& plan) {
    sop::instance work(sop);
    const sop::time_point start = *work.calendar().parse("2024-03-12T08:00");
    sop::time_point at = start;
    EXPECT_TRUE(work.start(plan.front().actor, at));
    for (const walk_step& next : plan) {
        SCOPED_TRACE("step " + next.step);
        if (work.current_step() == nullptr) {
            ADD_FAILURE() << "the procedure ended before step " << next.step;
            return -1;
        }
        EXPECT_EQ(work.current_step()->id, next.step);
        const auto now = work.actors_now();
        EXPECT_TRUE(std::any_of(now.begin(), now.end(),
                                [&](const sop::actor* who) { return who->id == next.actor; }))
            << "not " << next.actor << "'s turn";
        at = work.due().value_or(at);
        const sop::outcome done =
            next.answer ? work.answer(next.actor, *next.answer, at) : work.complete(next.actor, at);
        EXPECT_TRUE(done) << done.message;
    }
    EXPECT_EQ(work.status(), sop::status::completed);
    const auto history = work.history();
    EXPECT_EQ(history.size(), plan.size());
    for (std::size_t i = 0; i < std::min(plan.size(), history.size()); ++i) {
        SCOPED_TRACE("history entry " + std::to_string(i));
        EXPECT_EQ(history[i].step, plan[i].step);
        EXPECT_EQ(history[i].actor, plan[i].actor);
        EXPECT_EQ(history[i].answer, plan[i].answer);
        EXPECT_TRUE(history[i].on_time());
    }
    return work.calendar().working_minutes_between(start, at);
}

// Every "no" of the definition is taken by the walk at least once.
void expect_every_no_taken(const sop::definition& sop, const std::vector<walk_step>& plan) {
    std::set<std::string> taken;
    for (const walk_step& next : plan) {
        if (next.answer == sop::answer::no) taken.insert(next.step);
    }
    for (const sop::step& row : sop.steps()) {
        if (row.kind == sop::step_kind::decision) {
            EXPECT_TRUE(taken.count(row.id)) << "the walk never answers step " << row.id << " no";
        }
    }
}

constexpr auto yes = sop::answer::yes;
constexpr auto no = sop::answer::no;

}  // namespace

// ---- Sidoarjo --------------------------------------------------------------------------------

TEST(Sidoarjo, LoadsWithTheSourcesShapeAndIdentity) {
    const auto sop = load_clean("sidoarjo.xml");
    EXPECT_EQ(sop.steps().size(), 10U);
    EXPECT_EQ(sop.actors().size(), 6U);
    EXPECT_EQ(decisions(sop), 1U);
    const sop::identity& header = sop.header();
    EXPECT_EQ(header.number, "065/438.1/SOP/135");
    EXPECT_EQ(header.approved_by.name, "NUR AZIZAH, SH., MH.");
    EXPECT_EQ(header.approved_by.rank, "Pembina Tk.I (IV/b)");
    EXPECT_EQ(header.approved_by.nip, "19680814 199203 2 008");
    EXPECT_EQ(header.created.date, day(2023, 6, 13));
    EXPECT_EQ(header.revised.date, day(2024, 3, 12));
    EXPECT_EQ(header.legal_basis.size(), 3U);
    EXPECT_EQ(header.qualifications.size(), 2U);
    EXPECT_EQ(header.related_sops.size(), 2U);
    EXPECT_EQ(header.equipment.size(), 3U);
    EXPECT_EQ(header.warnings.size(), 1U);
    EXPECT_EQ(header.records.size(), 3U);
    EXPECT_EQ(sop.find_step("8")->yes, "9");
}

TEST(Sidoarjo, StandardDuration) {
    const auto report = sop::analyze(load_clean("sidoarjo.xml"));
    ASSERT_TRUE(report.standard_path);
    // Steps 1-5: 5 x 1 Jam; 6: 1 Hari (480); 7: 2 Jam; 8, 9, 10: 1 Jam each.
    EXPECT_EQ(report.standard_path->minutes, 5 * 60 + 480 + 120 + 3 * 60);
    EXPECT_EQ(report.standard_path->steps.size(), 10U);
    EXPECT_TRUE(report.steps_without_duration.empty());
}

TEST(Sidoarjo, WalksThroughEveryNoOnce) {
    const auto sop = load_clean("sidoarjo.xml");
    const std::vector<walk_step> plan{
        {"1", "sekda", {}}, {"2", "asisten", {}}, {"3", "kabag", {}}, {"4", "jf", {}},
        {"5", "staf", {}},  {"6", "bagian", {}},  {"7", "jf", {}},    {"8", "kabag", no},
        {"7", "jf", {}},    {"8", "kabag", yes},  {"9", "staf", {}},  {"10", "kabag", {}}};
    expect_every_no_taken(sop, plan);
    // The standard 1080 minutes and the loop once more: step 7 (2 Jam) and step 8 (1 Jam).
    EXPECT_EQ(walk(sop, plan), 1080 + 120 + 60);
}

// ---- Pace ------------------------------------------------------------------------------------

TEST(Pace, LoadsWithTheSourcesShapeAndIdentity) {
    const auto sop = load_clean("pace.xml");
    EXPECT_EQ(sop.steps().size(), 9U);
    EXPECT_EQ(sop.actors().size(), 4U);
    EXPECT_EQ(decisions(sop), 1U);
    const sop::identity& header = sop.header();
    EXPECT_EQ(header.number, "30.1/ 1 b /411.513/2021");
    EXPECT_EQ(header.title, "PENGUMPULAN DATA KINERJA.");
    EXPECT_EQ(header.created.date, day(2021, 1, 4));
    EXPECT_EQ(header.revised,
              (sop::dated{.text = {}, .date = {}, .written = true}));  // blank in the source
    EXPECT_EQ(header.effective, (sop::dated{.text = {}, .date = {}, .written = true}));
    EXPECT_EQ(header.approved_by.position, "SEKRETARIS KECAMATAN");
    EXPECT_TRUE(header.approved_by.name.empty());  // the source names no one
    EXPECT_EQ(header.legal_basis.size(), 2U);
    EXPECT_EQ(header.qualifications.size(), 4U);
    EXPECT_EQ(header.related_sops.size(), 1U);
    EXPECT_EQ(header.equipment.size(), 6U);
    EXPECT_EQ(header.warnings.size(), 2U);
    ASSERT_EQ(header.records.size(), 1U);
    EXPECT_EQ(header.records[0],
              "Setiap tahap terdokumentasi dengan baik dalam bentuk softcopy maupun hardcopy");
    EXPECT_EQ(sop.find_step("4")->actors, (std::vector<std::string>{"kasubag", "pelaksana"}));
}

TEST(Pace, StandardDuration) {
    const auto report = sop::analyze(load_clean("pace.xml"));
    ASSERT_TRUE(report.standard_path);
    // 15 + 30 + 15 + 60 + 480 + 480 + 480 + 240 + 480 menit.
    EXPECT_EQ(report.standard_path->minutes, 15 + 30 + 15 + 60 + 480 + 480 + 480 + 240 + 480);
    EXPECT_EQ(report.standard_path->minutes, 2280);
    EXPECT_EQ(report.standard_path->steps.size(), 9U);
}

TEST(Pace, WalksThroughEveryNoOnce) {
    const auto sop = load_clean("pace.xml");
    const std::vector<walk_step> plan{
        {"1", "camat", {}},     {"2", "sekcam", {}},    {"3", "kasubag", {}},
        {"4", "pelaksana", {}}, {"5", "pelaksana", {}}, {"6", "pelaksana", {}},
        {"7", "kasubag", {}},   {"8", "sekcam", no},    {"7", "kasubag", {}},
        {"8", "sekcam", yes},   {"9", "pelaksana", {}}};
    expect_every_no_taken(sop, plan);
    // The standard 2280 minutes and the correction once more: step 7 (480) and step 8 (240).
    EXPECT_EQ(walk(sop, plan), 2280 + 480 + 240);
}

// ---- Way Kanan -------------------------------------------------------------------------------

TEST(WayKanan, LoadsWithTheSourcesShapeAndIdentity) {
    const auto sop = load_clean("way-kanan.xml");
    EXPECT_EQ(sop.steps().size(), 13U);
    EXPECT_EQ(sop.actors().size(), 4U);
    EXPECT_EQ(decisions(sop), 1U);
    const sop::identity& header = sop.header();
    EXPECT_EQ(header.number, "/ /I.10-WK/2022");
    EXPECT_EQ(header.created.text, "Februari 2022");
    EXPECT_FALSE(header.created.date);  // a month, not a day
    EXPECT_EQ(header.revised.text, "-");
    EXPECT_EQ(header.ratified.text, "Februari 2022");
    EXPECT_TRUE(header.effective.text.empty());  // the form has a Tanggal Pengesahan instead
    EXPECT_EQ(header.approved_by.name, "SAIFUL, S. Sos., M.IP");
    EXPECT_EQ(header.approved_by.rank, "Pembina Utama Muda");
    EXPECT_EQ(header.approved_by.nip, "19710726 199902 1 001");
    EXPECT_EQ(header.legal_basis.size(), 4U);
    EXPECT_EQ(header.qualifications.size(), 3U);
    EXPECT_EQ(header.related_sops.size(), 3U);
    EXPECT_EQ(header.equipment.size(), 4U);
    EXPECT_EQ(header.warnings.size(), 1U);
    EXPECT_EQ(header.records.size(), 1U);
    EXPECT_EQ(sop.headings().quality, "MUTU BUKU");  // as written
    EXPECT_EQ(sop.headings().title, "SOP : PENGUMPULAN DATA AKUNTABILITAS KINERJA");
    EXPECT_EQ(sop.find_step("5")->remark, "SOP pelaksanaan rapat");
    EXPECT_EQ(sop.find_step("6")->remark, "SOP Pengumpulan Data");
}

TEST(WayKanan, StandardDuration) {
    const auto report = sop::analyze(load_clean("way-kanan.xml"));
    ASSERT_TRUE(report.standard_path);
    // 10 Menit + 2 Jam + 1 Jam + 30 Menit + 2 Jam + 3 Jam + 4 Hari + 2 Hari + 1 Hari + 1 Jam
    // + 10 Menit + 15 Menit + 1 Jam, a Hari being 480 working minutes.
    EXPECT_EQ(report.standard_path->minutes,
              10 + 120 + 60 + 30 + 120 + 180 + 4 * 480 + 2 * 480 + 480 + 60 + 10 + 15 + 60);
    EXPECT_EQ(report.standard_path->minutes, 4025);
    EXPECT_EQ(report.standard_path->steps.size(), 13U);
}

TEST(WayKanan, WalksThroughEveryNoOnce) {
    const auto sop = load_clean("way-kanan.xml");
    const std::vector<walk_step> plan{
        {"1", "kabag", {}},  {"2", "kasubag", {}},  {"3", "staf", {}},    {"4", "kabag", {}},
        {"5", "kabag", {}},  {"6", "staf", {}},     {"7", "kasubag", {}}, {"8", "kasubag", {}},
        {"9", "kabag", no},  {"8", "kasubag", {}},  {"9", "kabag", yes},  {"10", "kabag", {}},
        {"11", "sekda", {}}, {"12", "kasubag", {}}, {"13", "staf", {}}};
    expect_every_no_taken(sop, plan);
    // The standard 4025 minutes and the draft once more: step 8 (2 Hari) and step 9 (1 Hari).
    EXPECT_EQ(walk(sop, plan), 4025 + 2 * 480 + 480);
}

// ---- Kalimantan Barat ------------------------------------------------------------------------

TEST(Kalbar, LoadsWithTheSourcesShapeAndIdentity) {
    const auto sop = load_clean("kalbar.xml");
    EXPECT_EQ(sop.steps().size(), 10U);
    EXPECT_EQ(sop.actors().size(), 6U);
    EXPECT_EQ(decisions(sop), 2U);
    const sop::identity& header = sop.header();
    EXPECT_EQ(header.number, "065 / 3 / DP-B");
    EXPECT_EQ(header.effective.date, day(2021, 1, 4));
    EXPECT_EQ(header.approved_by.position, "Kepala Biro Organisasi");
    EXPECT_EQ(header.approved_by.name, "Rita Hastarita, S.Sos, M.Si");
    EXPECT_EQ(header.approved_by.nip, "19791208 200003 2 002");
    EXPECT_TRUE(header.approved_by.rank.empty());
    EXPECT_EQ(header.legal_basis.size(), 2U);
    EXPECT_EQ(header.qualifications.size(), 2U);
    EXPECT_EQ(header.related_sops.size(), 3U);
    EXPECT_EQ(header.equipment.size(), 3U);
    EXPECT_EQ(header.warnings.size(), 1U);
    EXPECT_EQ(header.records.size(), 1U);
    // Each decision sends the work back to the previous actor's step, forward when in order.
    EXPECT_EQ(sop.find_step("6")->yes, "7");
    EXPECT_EQ(sop.find_step("6")->no, "5");
    EXPECT_EQ(sop.find_step("7")->yes, "8");
    EXPECT_EQ(sop.find_step("7")->no, "6");
    EXPECT_EQ(sop.find_step("2")->duration_text, "Sesuai dengan waktu yang ditentukan");
    EXPECT_FALSE(sop.find_step("2")->duration);
}

TEST(Kalbar, StandardDuration) {
    const auto report = sop::analyze(load_clean("kalbar.xml"));
    ASSERT_TRUE(report.standard_path);
    // 20 + (step 2: no fixed time, counts 0) + 20 + 20 + 120 + 30 + 240 + 30 + 15 + 5 Menit.
    EXPECT_EQ(report.standard_path->minutes, 20 + 0 + 20 + 20 + 120 + 30 + 240 + 30 + 15 + 5);
    EXPECT_EQ(report.standard_path->minutes, 500);
    EXPECT_EQ(report.steps_without_duration, std::vector<std::string>{"2"});
}

TEST(Kalbar, WalksThroughEveryNoOnce) {
    const auto sop = load_clean("kalbar.xml");
    const std::vector<walk_step> plan{
        {"1", "karo", {}},     {"2", "bagian", {}},    {"3", "pelaksana", {}},
        {"4", "kasubbag", {}}, {"5", "kasubbag", {}},  {"6", "kabag", no},
        {"5", "kasubbag", {}}, {"6", "kabag", yes},    {"7", "karo", no},
        {"6", "kabag", yes},   {"7", "karo", yes},     {"8", "kabag", {}},
        {"9", "kasubbag", {}}, {"10", "arsiparis", {}}};
    expect_every_no_taken(sop, plan);
    // The standard 500 minutes, then step 5 and 6 again after the Kabag's "no" (120 + 30), and
    // steps 6 and 7 again after the Karo's "no" (30 + 240).
    EXPECT_EQ(walk(sop, plan), 500 + 120 + 30 + 30 + 240);
}

TEST(Kalbar, WrongActorIsRefusedAndChangesNothing) {
    const auto sop = load_clean("kalbar.xml");
    sop::instance work(sop);
    const sop::time_point at = *work.calendar().parse("2024-03-12T08:00");
    ASSERT_TRUE(work.start("karo", at));
    ASSERT_TRUE(work.complete("karo", at + std::chrono::minutes(20)));
    ASSERT_EQ(work.current_step()->id, "2");
    const std::string before = sop::snapshot(work);

    // Step 2 is the Bagian-Bagian's: the Arsiparis may not complete it.
    const sop::outcome refused = work.complete("arsiparis", at + std::chrono::minutes(30));
    EXPECT_EQ(refused.code, sop::outcome_code::not_your_turn);
    EXPECT_NE(refused.message.find("arsiparis"), std::string::npos) << refused.message;
    // A role the SOP does not declare is refused too.
    EXPECT_EQ(work.complete("sekda", at + std::chrono::minutes(30)).code,
              sop::outcome_code::unknown_actor);
    EXPECT_EQ(sop::snapshot(work), before);
    EXPECT_EQ(work.history_size(), 1U);
    EXPECT_EQ(work.current_step()->id, "2");

    // At the Kabag's decision, the Kasubbag (who drafted) cannot approve their own draft.
    ASSERT_TRUE(work.complete("bagian", at + std::chrono::hours(1)));
    ASSERT_TRUE(work.complete("pelaksana", at + std::chrono::hours(2)));
    ASSERT_TRUE(work.complete("kasubbag", at + std::chrono::hours(3)));
    ASSERT_TRUE(work.complete("kasubbag", at + std::chrono::hours(5)));
    ASSERT_EQ(work.current_step()->id, "6");
    const std::string at_decision = sop::snapshot(work);
    EXPECT_EQ(work.answer("kasubbag", sop::answer::yes, at + std::chrono::hours(6)).code,
              sop::outcome_code::not_your_turn);
    EXPECT_EQ(sop::snapshot(work), at_decision);
    EXPECT_TRUE(work.answer("kabag", sop::answer::yes, at + std::chrono::hours(6)));
    EXPECT_EQ(work.current_step()->id, "7");
}

// ---- Kediri ----------------------------------------------------------------------------------

TEST(Kediri, LoadsWithTheSourcesShapeAndIdentity) {
    const auto sop = load_clean("kediri.xml");
    EXPECT_EQ(sop.steps().size(), 6U);
    EXPECT_EQ(sop.actors().size(), 3U);
    EXPECT_EQ(decisions(sop), 0U);
    const sop::identity& header = sop.header();
    EXPECT_EQ(header.number, "067/108 / 419 .113 / 2021");
    EXPECT_EQ(header.title, "Mekanisme Pengumpulan Data Kinerja");
    EXPECT_EQ(header.created.date, day(2021, 1, 18));
    EXPECT_EQ(header.revised, (sop::dated{.text = {}, .date = {}, .written = true}));
    EXPECT_EQ(header.approved_by.name, "Drs. APIP PERMANA, MM.");
    EXPECT_EQ(header.approved_by.nip, "19650125 199303 1 008");
    EXPECT_EQ(header.legal_basis.size(), 5U);
    EXPECT_TRUE(header.qualifications.empty());  // the source has no such section
    EXPECT_TRUE(header.equipment.empty());
    EXPECT_EQ(header.related_sops.size(), 4U);
    EXPECT_EQ(header.warnings.size(), 1U);
    ASSERT_EQ(header.records.size(), 4U);
    EXPECT_EQ(
        header.records[3],
        "Setiap tanpa terdokumentasi dengan baik, baik dalam bentuk softcopy maupun hardcopy");
    EXPECT_EQ(sop.headings().time, "Waktu (menit)");
    // "Waktu (menit)": the bare numbers are minutes, kept as written.
    EXPECT_EQ(sop.find_step("4")->duration_text, "480");
    EXPECT_EQ(sop.find_step("4")->duration, (sop::standard_time{{0, 480, 0}, {0, 480, 0}}));
}

TEST(Kediri, StandardDuration) {
    const auto report = sop::analyze(load_clean("kediri.xml"));
    ASSERT_TRUE(report.standard_path);
    // 5 + 5 + 10 + 480 + 480 + 480 menit.
    EXPECT_EQ(report.standard_path->minutes, 5 + 5 + 10 + 480 + 480 + 480);
    EXPECT_EQ(report.standard_path->minutes, 1460);
    EXPECT_EQ(report.shortest.minutes, report.longest.minutes);  // one path: no decision
}

TEST(Kediri, WalksToCompletion) {
    const auto sop = load_clean("kediri.xml");
    const std::vector<walk_step> plan{{"1", "kasubbag", {}}, {"2", "penyusun", {}},
                                      {"3", "penyusun", {}}, {"4", "bidang", {}},
                                      {"5", "penyusun", {}}, {"6", "penyusun", {}}};
    expect_every_no_taken(sop, plan);  // there is none
    EXPECT_EQ(walk(sop, plan), 1460);
}

// ---- all of them -----------------------------------------------------------------------------

TEST(Shipped, EveryDefinitionIsTestedAndHasItsOwnId) {
    std::set<std::string> files;
    std::set<std::string> sop_ids;
    for (const auto& entry : std::filesystem::directory_iterator(definitions)) {
        if (entry.path().extension() != ".xml") continue;
        files.insert(entry.path().filename().string());
        sop_ids.insert(load_clean(entry.path().filename().string()).id());
    }
    EXPECT_EQ(files, (std::set<std::string>{"kalbar.xml", "kediri.xml", "pace.xml", "sidoarjo.xml",
                                            "way-kanan.xml"}));
    std::set<std::string> example_files;
    for (const auto& entry : std::filesystem::directory_iterator(definitions / "examples")) {
        example_files.insert(entry.path().filename().string());
    }
    EXPECT_EQ(example_files, (std::set<std::string>{"izin-reklame.xml", "survei-lokasi.xml"}));
    EXPECT_EQ(sop_ids.size(), files.size());
}

// Stores key a definition by its fingerprint: a shipped SOP keeps the one it had when format 1
// gained endings, external actors and joint steps, which these files do not use.
TEST(Shipped, FingerprintsStayAsStoresKnowThem) {
    const std::vector<std::pair<std::string, std::string>> known{
        {"sidoarjo.xml", "740f7b8bbeae661e"},
        {"pace.xml", "139418b8f7187c31"},
        {"way-kanan.xml", "4ef74590e94ee28c"},
        {"kalbar.xml", "70e0b30586b9ffc6"},
        {"kediri.xml", "21f6b7b25444bf4b"}};
    for (const auto& [file, fingerprint] : known) {
        const sop::definition sop = load_clean(file);
        EXPECT_EQ(sop.fingerprint(), fingerprint) << file;
        ASSERT_EQ(sop.endings().size(), 1U);
        EXPECT_FALSE(sop.endings()[0].declared);
    }
}

// ---- the example service SOP -------------------------------------------------------------------

namespace {

const std::filesystem::path examples = definitions / "examples";

// The example catalog, every diagnostic (warnings included) failing the test.
sop::catalog example_catalog() {
    auto made = sop::catalog::load_folder(examples);
    for (const auto& item : made.diagnostics) ADD_FAILURE() << sop::to_string(item);
    if (!made) throw std::runtime_error("the examples do not link");
    return *made.catalog;
}

struct example_case {
    sop::working_calendar calendar;
    sop::catalog catalog = example_catalog();
    sop::instance work{*catalog.find("dpmptsp-izin-reklame")};
    sop::time_point now = calendar.parse("2026-03-10T08:00").value();

    // The next operation, an hour after the last.
    void act(const std::string& actor, std::optional<sop::answer> answer = std::nullopt) {
        now += std::chrono::hours(1);
        const sop::outcome done =
            answer ? work.answer(actor, *answer, now) : work.complete(actor, now);
        ASSERT_TRUE(done) << done.message;
    }
};

}  // namespace

TEST(Example, PermitLinksWithItsSurveyAndShowsWhatServiceSopsNeed) {
    const sop::catalog catalog = example_catalog();
    ASSERT_EQ(catalog.definitions().size(), 2U);
    const sop::definition& permit = *catalog.find("dpmptsp-izin-reklame");
    const sop::definition& survey = *catalog.find("dpmptsp-survei-lokasi");
    EXPECT_EQ(permit.endings().size(), 3U);
    EXPECT_TRUE(permit.find_actor("pemohon")->external);
    EXPECT_TRUE(permit.find_step("4")->together);
    EXPECT_EQ(permit.find_step("4")->actors.size(), 3U);
    ASSERT_NE(permit.related(*permit.find_step("5")), nullptr);
    EXPECT_EQ(permit.related(*permit.find_step("5"))->id(), "dpmptsp-survei-lokasi");
    EXPECT_EQ(survey.endings().size(), 2U);
    EXPECT_EQ(permit.header().number, "503/     /438.7.23/2026");  // the hand-written gap
}

TEST(Example, AnApplicationIsIssuedThroughTheSurveySubCase) {
    example_case c;
    ASSERT_TRUE(c.work.start("pemohon", c.now));
    c.act("pemohon");
    c.act("petugas", sop::answer::yes);
    c.act("petugas");
    for (const char* who : {"kabid", "verifikator", "tim-teknis"}) c.act(who);  // the meeting
    ASSERT_NE(c.work.sub_case(), nullptr);
    EXPECT_EQ(c.work.sub_case()->definition().id(), "dpmptsp-survei-lokasi");
    c.act("verifikator");
    c.act("pemohon");
    c.act("tim-teknis");
    c.act("verifikator", sop::answer::yes);
    EXPECT_EQ(c.work.current_step()->id, "6");
    EXPECT_EQ(c.work.history().back().ending, "layak");
    c.act("kabid", sop::answer::yes);
    c.act("pemohon");
    c.act("kadis");
    c.act("petugas");
    ASSERT_NE(c.work.ending(), nullptr);
    EXPECT_EQ(c.work.ending()->id, "terbit");
}

TEST(Example, AnIncompleteFileGoesBackAndAnUnfitSiteIsRefused) {
    example_case returned;
    ASSERT_TRUE(returned.work.start("pemohon", returned.now));
    returned.act("pemohon");
    returned.act("petugas", sop::answer::no);
    ASSERT_NE(returned.work.ending(), nullptr);
    EXPECT_EQ(returned.work.ending()->id, "dikembalikan");

    example_case refused;
    ASSERT_TRUE(refused.work.start("pemohon", refused.now));
    refused.act("pemohon");
    refused.act("petugas", sop::answer::yes);
    refused.act("petugas");
    for (const char* who : {"verifikator", "tim-teknis", "kabid"}) refused.act(who);
    refused.act("verifikator");
    refused.act("pemohon");
    refused.act("tim-teknis");
    refused.act("verifikator", sop::answer::no);
    EXPECT_EQ(refused.work.history().back().ending, "tidak-layak");
    refused.act("kabid", sop::answer::no);
    ASSERT_NE(refused.work.ending(), nullptr);
    EXPECT_EQ(refused.work.ending()->id, "ditolak");
}
