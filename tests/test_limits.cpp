// The loader's limits are diagnosed, never wrapped, and procedures far larger than any real SOP
// load, analyse and render.
#include <gtest/gtest.h>

#include <sopengine/sopengine.hpp>
#include <string>

#include "support.hpp"

namespace {

// A procedure of `steps` steps, step i by actor a(i-1 mod actors), one hour each, with a
// decision every tenth step that sends work back one step.
std::string generated(std::size_t steps, std::size_t actors, bool one_line = false) {
    const char* newline = one_line ? "" : "\n";
    std::string out = R"(<sop format="1" id="big"><identity><unit>U</unit><number>1</number>)"
                      R"(<title>T</title><approved-by position="P" name="N"/></identity>)";
    out += "<actors>";
    for (std::size_t a = 0; a < actors; ++a) {
        out += "<actor id=\"a" + std::to_string(a) + "\">Actor " + std::to_string(a) + "</actor>";
        out += newline;
    }
    out += "</actors><procedure>";
    for (std::size_t i = 1; i <= steps; ++i) {
        const std::string id = std::to_string(i);
        const std::string actor = "a" + std::to_string((i - 1) % actors);
        if (i % 10 == 0) {
            const std::string yes = i == steps ? "end" : std::to_string(i + 1);
            out += "<decision id=\"" + id + "\" actor=\"" + actor + "\" duration=\"1 jam\" yes=\"" +
                   yes + "\" no=\"" + std::to_string(i - 1) + "\"><description>Check " + id +
                   "</description><question>Ok?</question></decision>";
        } else {
            out += "<activity id=\"" + id + "\" actor=\"" + actor +
                   "\" duration=\"1 jam\"><description>Step " + id + "</description></activity>";
        }
        out += newline;
    }
    out += "</procedure></sop>\n";
    return out;
}

std::vector<std::string> codes(const sop::load_result& result) {
    std::vector<std::string> out;
    for (const auto& item : result.diagnostics) out.push_back(item.code);
    return out;
}

}  // namespace

TEST(Limits, StepsOverTheLimitAreAnError) {
    sop::load_options options;
    options.max_steps = 25;
    const sop::load_result result = sop::load_string(generated(30, 3), "steps.xml", options);
    EXPECT_FALSE(result);
    ASSERT_EQ(codes(result), std::vector<std::string>{"too-many-steps"});
    EXPECT_EQ(result.diagnostics[0].message,
              "<procedure> has 30 steps, over the limit of 25; this is the first one over it");
    EXPECT_EQ(result.diagnostics[0].where.line, 29U);  // step k stands on line 3 + k
    options.max_steps = 30;
    EXPECT_TRUE(sop::load_string(generated(30, 3), "steps.xml", options));
}

TEST(Limits, ActorsOverTheLimitAreAnError) {
    sop::load_options options;
    options.max_actors = 4;
    const sop::load_result result = sop::load_string(generated(10, 5), "actors.xml", options);
    // The steps of the actor left out then name an undeclared actor.
    ASSERT_EQ(codes(result),
              (std::vector<std::string>{"too-many-actors", "unknown-actor", "unknown-actor"}));
    EXPECT_EQ(result.diagnostics[0].where.line, 5U);  // a4
    // An option cannot raise a limit over the library's own.
    options.max_actors = sop::max_actors * 2;
    EXPECT_TRUE(sop::load_string(generated(10, 5), "actors.xml", options));
}

TEST(Limits, TextsOverTheLimitAreAnError) {
    sop::load_options options;
    options.max_text_length = 6;
    const std::string document = sop_test::read_file(sop_test::surat_file);
    const sop::load_result result = sop::load_string(document, "surat.xml", options);
    EXPECT_FALSE(result);
    ASSERT_FALSE(result.diagnostics.empty());
    for (const auto& item : result.diagnostics) EXPECT_EQ(item.code, "text-too-long");
    EXPECT_NE(result.diagnostics[0].message.find("over the limit of 6"), std::string::npos)
        << result.diagnostics[0].message;
}

TEST(LargeSops, AHundredThousandStepsLoadAnalyseAndRender) {
    const sop::load_result result = sop::load_string(generated(100'000, 7), "big.xml");
    ASSERT_TRUE(result) << (result.diagnostics.empty() ? ""
                                                       : sop::to_string(result.diagnostics[0]));
    EXPECT_TRUE(result.diagnostics.empty());
    const sop::definition& sop = *result.definition;
    ASSERT_EQ(sop.steps().size(), 100'000U);
    const sop::analysis report = sop::analyze(sop);
    ASSERT_TRUE(report.standard_path);
    EXPECT_EQ(report.standard_path->steps.size(), 100'000U);
    EXPECT_EQ(report.longest.minutes, 100'000 * 60);
    const std::string html = sop::to_html(sop);
    EXPECT_NE(html.find("data-step=\"100000\""), std::string::npos);
}

TEST(LargeSops, SeventyThousandActorsKeepTheirOwnSteps) {
    constexpr std::size_t actors = 70'000;
    const sop::load_result result = sop::load_string(generated(actors, actors), "actors.xml");
    ASSERT_TRUE(result);
    const sop::definition& sop = *result.definition;
    ASSERT_EQ(sop.actors().size(), actors);
    // Each actor performs exactly one step of an hour: none is taken for another (an actor
    // index of 16 bits would give a65536's step to a0).
    const sop::analysis report = sop::analyze(sop);
    ASSERT_EQ(report.workload.size(), actors);
    for (std::size_t a = 0; a < actors; ++a) {
        ASSERT_EQ(report.workload[a],
                  (sop::workload{"a" + std::to_string(a), {0, 60, 0}, {0, 60, 0}, 60, 60}));
    }
    EXPECT_EQ(sop.steps()[65'536].actors, std::vector<std::string>{"a65536"});
    const std::string html = sop::to_html(sop);
    EXPECT_NE(html.find("data-actor=\"a69999\""), std::string::npos);
    // Ids are found among many (a binary search there, a scan for a handful), and a case runs.
    for (const std::size_t a : {std::size_t{0}, std::size_t{9}, std::size_t{65'536}, actors - 1}) {
        const std::string id = "a" + std::to_string(a);
        ASSERT_NE(sop.find_actor(id), nullptr) << id;
        EXPECT_EQ(sop.find_actor(id), &sop.actors()[a]);
        EXPECT_EQ(sop.find_step(std::to_string(a + 1)), &sop.steps()[a]);
    }
    EXPECT_EQ(sop.find_actor("a70000"), nullptr);
    EXPECT_EQ(sop.find_actor(""), nullptr);
    EXPECT_EQ(sop.find_step("0"), nullptr);
    sop::instance work(sop);
    const sop::time_point monday = *work.calendar().parse("2024-03-11T08:00");
    EXPECT_EQ(work.start("a70000", monday).code, sop::outcome_code::unknown_actor);
    ASSERT_TRUE(work.start("a69999", monday));
    EXPECT_EQ(work.complete("a1", monday).code, sop::outcome_code::not_your_turn);
    ASSERT_TRUE(work.complete("a0", monday));
    EXPECT_EQ(work.current_step()->id, "2");
}
