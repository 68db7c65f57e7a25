#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>
#include <sstream>

namespace {

const std::filesystem::path document =
    std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" / "surat.xml";

}  // namespace

TEST(Logging, SilentWithoutALogger) {
    spdlog::drop(std::string(sop::logger_name));
    const auto sop = sop::load_file_or_throw(document);
    sop::instance work(sop);
    EXPECT_FALSE(work.complete("staf", sop::time_point{}));  // nothing to log to, nothing breaks
}

TEST(Logging, GoesThroughTheEmbeddersLogger) {
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
    auto logger = std::make_shared<spdlog::logger>(std::string(sop::logger_name), sink);
    logger->set_level(spdlog::level::trace);
    logger->set_pattern("%l %v");
    spdlog::register_logger(logger);

    const auto sop = sop::load_file_or_throw(document);  // picks the logger up
    sop::instance work(sop);
    const sop::time_point at = *work.calendar().parse("2024-03-11T08:00");
    ASSERT_TRUE(work.start("staf", at));
    EXPECT_FALSE(work.complete("kabag", at));
    spdlog::drop(std::string(sop::logger_name));

    const std::string text = out.str();
    EXPECT_NE(text.find("debug loaded surat (3 steps, 3 actors, fingerprint " + sop.fingerprint()),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("trace surat: start -> 1 by staf"), std::string::npos) << text;
    EXPECT_NE(text.find("debug surat: refused (not_your_turn): step 1 (Membuat konsep) is "
                        "performed by 'staf' (Staf), not by 'kabag'"),
              std::string::npos)
        << text;
}

TEST(Logging, ConsoleLoggingRegistersTheNamedLogger) {
    sop::enable_console_logging(sop::log_level::warn);
    const auto logger = spdlog::get(std::string(sop::logger_name));
    ASSERT_NE(logger, nullptr);
    EXPECT_EQ(logger->level(), spdlog::level::warn);
    sop::enable_console_logging(sop::log_level::off);
    EXPECT_EQ(spdlog::get(std::string(sop::logger_name))->level(), spdlog::level::off);
    spdlog::drop(std::string(sop::logger_name));
}
