#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>
#include <sopengine/spdlog_sink.hpp>
#include <sstream>

#include "support.hpp"

namespace {

using sop_test::surat_file;

// Everything a sink receives, one "level message" string each.
struct recording {
    std::vector<std::string> lines;
    std::shared_ptr<sop::log_sink> sink(sop::log_level level) {
        return sop::function_sink(level, [this](sop::log_level at, std::string_view message) {
            lines.push_back(std::string(sop::to_string(at)) + " " + std::string(message));
        });
    }
    bool has(std::string_view text) const {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
            return line.find(text) != std::string::npos;
        });
    }
};

// A spdlog logger writing to a string, as an embedder would set one up.
std::shared_ptr<spdlog::logger> string_logger(const std::string& name, std::ostringstream& out) {
    auto logger = std::make_shared<spdlog::logger>(
        name, std::make_shared<spdlog::sinks::ostream_sink_st>(out));
    logger->set_level(spdlog::level::trace);
    logger->set_pattern("%l %v");
    return logger;
}

// One accepted start and one refused completion, at 2024-03-11T08:00 WIB.
void drive(sop::instance& work) {
    const sop::time_point at = *work.calendar().parse("2024-03-11T08:00");
    ASSERT_TRUE(work.start("staf", at));
    EXPECT_FALSE(work.complete("kabag", at));
}

}  // namespace

TEST(Logging, SilentWithoutALogger) {
    // Without a "sopengine" logger, nothing reaches spdlog's default logger (or any other).
    spdlog::drop(std::string(sop::logger_name));
    std::ostringstream out;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(string_logger("default", out));
    const auto sop = sop::load_file_or_throw(surat_file);
    sop::instance work(sop);
    drive(work);
    spdlog::set_default_logger(previous);
    EXPECT_EQ(out.str(), "");
}

TEST(Logging, GoesThroughTheRegisteredSpdlogLoggerByDefault) {
    std::ostringstream out;
    spdlog::register_logger(string_logger(std::string(sop::logger_name), out));
    const auto sop = sop::load_file_or_throw(surat_file);
    sop::instance work(sop);  // looks the logger up now
    spdlog::drop(std::string(sop::logger_name));
    drive(work);

    const std::string text = out.str();
    EXPECT_NE(text.find("debug loaded surat (3 steps, 3 actors, fingerprint " + sop.fingerprint()),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("trace surat: start -> 1 by staf at 2024-03-11T08:00:00+07:00"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("debug surat: refused (not_your_turn): step 1 (Membuat konsep) is "
                        "performed by 'staf' (Staf), not by 'kabag'"),
              std::string::npos)
        << text;
}

TEST(Logging, GoesToTheSinkInTheOptions) {
    spdlog::drop(std::string(sop::logger_name));
    recording loads;
    recording cases;
    sop::load_options load_options;
    load_options.log = loads.sink(sop::log_level::trace);
    const auto sop = sop::load_file_or_throw(surat_file, load_options);
    sop::instance work(sop, sop::instance_options{nullptr, cases.sink(sop::log_level::trace)});
    drive(work);
    ASSERT_EQ(loads.lines.size(), 1U);
    EXPECT_TRUE(loads.has("debug loaded surat (3 steps")) << loads.lines[0];
    EXPECT_EQ(cases.lines.size(), 2U);
    EXPECT_TRUE(cases.has("trace surat: start -> 1 by staf"));
    EXPECT_TRUE(cases.has("debug surat: refused (not_your_turn)"));
    // Copies share the sink.
    sop::instance copy = work;
    ASSERT_TRUE(copy.complete("staf", *work.calendar().parse("2024-03-11T09:00")));
    EXPECT_TRUE(cases.has("trace surat: 1 -> 2 by staf at 2024-03-11T09:00:00+07:00"));
}

TEST(Logging, NothingBelowTheSinksLevelIsSent) {
    recording cases;
    const auto sop = sop::load_file_or_throw(surat_file);
    sop::instance work(sop, sop::instance_options{nullptr, cases.sink(sop::log_level::info)});
    drive(work);
    EXPECT_EQ(cases.lines, std::vector<std::string>{});
    recording silent;
    sop::instance off(sop, sop::instance_options{nullptr, silent.sink(sop::log_level::off)});
    drive(off);
    EXPECT_EQ(silent.lines, std::vector<std::string>{});
}

TEST(Logging, AThrowingSinkNeverFailsAnOperation) {
    const auto sop = sop::load_file_or_throw(surat_file);
    auto thrower = sop::function_sink(sop::log_level::trace, [](sop::log_level, std::string_view) {
        throw std::runtime_error("sink failure");
    });
    sop::instance work(sop, sop::instance_options{nullptr, thrower});
    drive(work);
    EXPECT_EQ(work.status(), sop::status::at_activity);
    EXPECT_THROW((void)sop::function_sink(sop::log_level::trace, {}), sop::error);
}

TEST(Logging, AnObserverThatThrowsIsLoggedAndTheOthersAreStillTold) {
    struct thrower : sop::observer {
        void on_transition(const sop::instance&, const sop::transition&) override {
            throw std::runtime_error("observer failure");
        }
    };
    struct counter : sop::observer {
        int seen = 0;
        void on_transition(const sop::instance&, const sop::transition&) override { ++seen; }
    };
    recording cases;
    const auto sop = sop::load_file_or_throw(surat_file);
    sop::instance work(sop, sop::instance_options{nullptr, cases.sink(sop::log_level::error)});
    work.add_observer(std::make_shared<thrower>());
    auto after = std::make_shared<counter>();
    work.add_observer(after);
    drive(work);
    EXPECT_EQ(after->seen, 1);
    EXPECT_EQ(cases.lines,
              std::vector<std::string>{"error surat: an observer threw: observer failure"});
}

TEST(Logging, TheSpdlogAdapterWritesToTheApplicationsLogger) {
    // The adapter is compiled here, against this program's spdlog, and reaches a logger that is
    // not registered anywhere.
    std::ostringstream out;
    auto logger = string_logger("application", out);
    logger->set_level(spdlog::level::debug);
    const auto sink = sop::spdlog_sink(logger);
    EXPECT_EQ(sink->level(), sop::log_level::debug);
    const auto sop = sop::load_file_or_throw(surat_file);
    sop::instance work(sop, sop::instance_options{nullptr, sink});
    drive(work);
    const std::string text = out.str();
    EXPECT_EQ(text.find("trace"), std::string::npos) << text;  // below the logger's level
    EXPECT_NE(text.find("debug surat: refused (not_your_turn)"), std::string::npos) << text;
    EXPECT_THROW((void)sop::spdlog_sink(nullptr), sop::error);
}
