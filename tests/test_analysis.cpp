#include <gtest/gtest.h>

#include <sopengine/sopengine.hpp>

namespace {

// 1 -> 2 -> 3? (yes 5, no 4) ; 4 -> 2 ; 5? (yes end, no 6) ; 6 (no fixed time) -> 5
const char* const review = R"(<?xml version="1.0"?>
<sop format="1" id="review">
  <identity><unit>U</unit><number>1</number><title>Review</title>
    <approved-by position="P" name="N"/></identity>
  <actors>
    <actor id="staf">Staf</actor><actor id="kasubag">Kasubag</actor>
    <actor id="kabag">Kabag</actor><actor id="idle">Tidak bertugas</actor>
  </actors>
  <procedure>
    <activity id="1" actor="staf" duration="1 jam"><description>Menerima</description></activity>
    <activity id="2" actor="staf" duration="2 jam"><description>Menyusun</description></activity>
    <decision id="3" actor="kasubag" duration="30 menit" yes="5" no="4">
      <description>Memeriksa</description><question>Benar?</question></decision>
    <activity id="4" actor="staf kasubag" duration="1 hari" next="2">
      <description>Memperbaiki bersama</description></activity>
    <decision id="5" actor="kabag" duration="15 menit" yes="end" no="6">
      <description>Menyetujui</description><question>Setuju?</question></decision>
    <activity id="6" actor="kabag" time-note="Sesuai dengan waktu yang ditentukan" next="5">
      <description>Menunggu</description></activity>
  </procedure>
</sop>
)";

}  // namespace

TEST(Analysis, StandardPathAnswersYesEverywhere) {
    const auto sop = sop::load_string_or_throw(review, "review.xml");
    const sop::analysis report = sop::analyze(sop);
    ASSERT_TRUE(report.standard_path);
    EXPECT_EQ(report.standard_path->steps, (std::vector<std::string>{"1", "2", "3", "5"}));
    EXPECT_EQ(report.standard_path->minutes, 60 + 120 + 30 + 15);
}

TEST(Analysis, ShortestAndLongestLoopFreePaths) {
    const auto sop = sop::load_string_or_throw(review, "review.xml");
    const sop::analysis report = sop::analyze(sop);
    EXPECT_EQ(report.shortest.steps, (std::vector<std::string>{"1", "2", "3", "5"}));
    EXPECT_EQ(report.shortest.minutes, 225);
    // Loop-free: 4 goes back to 2, which is already on every path through 4, so 4 never
    // appears; 6 goes back to 5 likewise. The longest loop-free path is the standard one.
    EXPECT_EQ(report.longest.steps, (std::vector<std::string>{"1", "2", "3", "5"}));
}

TEST(Analysis, LongestPrefersMoreMinutes) {
    // 1? yes -> 3 (1 minute) ; no -> 2 (1 day) -> 3
    const auto sop = sop::load_string_or_throw(R"(<sop format="1" id="fork">
      <identity><unit>U</unit><number>1</number><title>T</title>
        <approved-by position="P" name="N"/></identity>
      <actors><actor id="a">A</actor></actors>
      <procedure>
        <decision id="1" actor="a" duration="1 menit" yes="3" no="2">
          <description>D</description><question>Q?</question></decision>
        <activity id="2" actor="a" duration="1 hari"><description>D</description></activity>
        <activity id="3" actor="a" duration="1 menit"><description>D</description></activity>
      </procedure></sop>)",
                                               "fork.xml");
    const sop::analysis report = sop::analyze(sop);
    EXPECT_EQ(report.shortest.steps, (std::vector<std::string>{"1", "3"}));
    EXPECT_EQ(report.shortest.minutes, 2);
    EXPECT_EQ(report.longest.steps, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(report.longest.minutes, 482);
}

TEST(Analysis, StandardPathThatLoopsIsReportedAsNone) {
    // "yes" sends the work back: answering yes alone never ends the procedure.
    const auto sop = sop::load_string_or_throw(R"(<sop format="1" id="loop">
      <identity><unit>U</unit><number>1</number><title>T</title>
        <approved-by position="P" name="N"/></identity>
      <actors><actor id="a">A</actor></actors>
      <procedure>
        <activity id="1" actor="a" duration="1 jam"><description>D</description></activity>
        <decision id="2" actor="a" duration="1 jam" yes="1" no="end">
          <description>D</description><question>Ulang?</question></decision>
      </procedure></sop>)",
                                               "loop.xml");
    EXPECT_FALSE(sop::analyze(sop).standard_path);
}

TEST(Analysis, WorkloadCountsEveryStepOncePerActor) {
    const auto sop = sop::load_string_or_throw(review, "review.xml");
    const sop::analysis report = sop::analyze(sop);
    const auto share = [](std::string actor, sop::time_amount time, std::int64_t minutes) {
        return sop::workload{std::move(actor), time, time, minutes, minutes};
    };
    const std::vector<sop::workload> expected{share("staf", {1, 180, 0}, 60 + 120 + 480),
                                              share("kasubag", {1, 30, 0}, 30 + 480),
                                              share("kabag", {0, 15, 0}, 15), share("idle", {}, 0)};
    EXPECT_EQ(report.workload, expected);
    EXPECT_EQ(report.steps_without_duration, std::vector<std::string>{"6"});
}

TEST(Analysis, WarnsAboutAnActorWithoutWork) {
    const auto sop = sop::load_string_or_throw(review, "review.xml");
    ASSERT_EQ(sop.warnings().size(), 1U);
    EXPECT_EQ(sop.warnings()[0].code, "unused-actor");
    EXPECT_EQ(sop.warnings()[0].where.line, 7U);
}

TEST(Export, DotHasALanePerActorAndLabelledDecisionEdges) {
    const auto sop = sop::load_string_or_throw(review, "review.xml");
    const std::string dot = sop::to_dot(sop);
    EXPECT_EQ(dot.rfind("digraph \"review\" {", 0), 0U);
    for (const char* expected :
         {"subgraph cluster_0 {\n    label=\"Staf\";",
          "subgraph cluster_1 {\n    label=\"Kasubag\";",
          "subgraph cluster_2 {\n    label=\"Kabag\";",
          "subgraph cluster_3 {\n    label=\"Tidak bertugas\";",
          "\"step_3\" [label=\"3. Benar? [30 menit]\", shape=diamond];",
          "\"step_4\" [label=\"4. Memperbaiki bersama (bersama\\nKasubag) [1 hari]\", shape=box];",
          "start -> \"step_1\";", "\"step_3\" -> \"step_5\" [label=\"Ya\"];",
          "\"step_3\" -> \"step_4\" [label=\"Tidak\", style=dashed];",
          "\"step_5\" -> end [label=\"Ya\"];", "\"step_4\" -> \"step_2\";"}) {
        EXPECT_NE(dot.find(expected), std::string::npos) << expected << "\n" << dot;
    }
    EXPECT_EQ(dot.back(), '\n');
}

// 1 (pemohon, external, 2 hari) -> 2? (petugas; yes 3, no "kembali") -> 3? (kabid; yes
// "terbit", no "tolak"). Ending "batal" is declared and reached by no step.
TEST(Analysis, PathsPerEndingWithExternalTimeApart) {
    const auto sop = sop::load_string_or_throw(R"(<?xml version="1.0"?>
<sop format="1" id="layanan">
  <identity><unit>U</unit><number>1</number><title>Layanan</title>
    <approved-by position="P" name="N"/></identity>
  <actors>
    <actor id="pemohon" external="true">Pemohon</actor>
    <actor id="petugas">Petugas</actor><actor id="kabid">Kabid</actor>
  </actors>
  <endings>
    <ending id="terbit">Terbit</ending><ending id="tolak">Ditolak</ending>
    <ending id="kembali">Dikembalikan</ending><ending id="batal">Batal</ending>
  </endings>
  <procedure>
    <activity id="1" actor="pemohon" duration="2 hari"><description>Mengajukan</description>
    </activity>
    <decision id="2" actor="petugas" duration="30 menit" yes="3" no="kembali">
      <description>Memeriksa</description><question>Lengkap?</question></decision>
    <decision id="3" actor="kabid" duration="1 jam" yes="terbit" no="tolak">
      <description>Memutuskan</description><question>Layak?</question></decision>
  </procedure>
</sop>
)",
                                               "layanan.xml");
    const sop::analysis report = sop::analyze(sop);
    ASSERT_TRUE(report.standard_path);
    EXPECT_EQ(report.standard_path->ending, "terbit");
    // The applicant's two days are waiting time, not the unit's.
    EXPECT_EQ(report.standard_path->minutes, 90);
    EXPECT_EQ(report.standard_path->external_minutes, 960);
    EXPECT_EQ(report.shortest.steps, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(report.shortest.ending, "kembali");
    ASSERT_EQ(report.endings.size(), 4U);
    const auto& [terbit, tolak, kembali, batal] =
        std::tie(report.endings[0], report.endings[1], report.endings[2], report.endings[3]);
    EXPECT_EQ(terbit.ending, "terbit");
    EXPECT_EQ(terbit.shortest.steps, (std::vector<std::string>{"1", "2", "3"}));
    // Step 3's yes and no both end, in different endings: each is its own way out.
    EXPECT_EQ(tolak.shortest.steps, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(tolak.longest.ending, "tolak");
    EXPECT_EQ(kembali.longest.steps, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(kembali.longest.minutes, 30);
    EXPECT_EQ(kembali.longest.external_least_minutes, 960);
    EXPECT_TRUE(batal.shortest.steps.empty());
    EXPECT_TRUE(batal.longest.steps.empty());
    // The applicant's workload is still counted, as its own.
    EXPECT_EQ(report.workload[0].minutes, 960);
}
