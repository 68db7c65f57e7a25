#pragma once

/// @file
/// An adapter from sop::log_sink to a spdlog logger, compiled in the application: include it
/// where the application's own spdlog is (shared, static or header-only) and pass the sink in
/// sop::load_options::log and sop::instance_options::log. Not part of <sopengine/sopengine.hpp>,
/// since it needs spdlog's headers.
///
/// @code
/// auto log = sop::spdlog_sink(spdlog::default_logger());
/// sop::load_options options;
/// options.log = log;
/// @endcode

#include <spdlog/spdlog.h>

#include <memory>
#include <sopengine/error.hpp>
#include <sopengine/logging.hpp>
#include <utility>

namespace sop {

/// Writes sopengine's messages to a spdlog logger, at the logger's level as it is when the
/// sink is made.
class spdlog_log_sink final : public log_sink {
public:
    /// Throws sop::error (errc::invalid_argument) for a null logger.
    explicit spdlog_log_sink(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {
        if (!logger_) {
            throw error(errc::invalid_argument, "sop::spdlog_sink needs a logger");
        }
        level_ = from_spdlog(logger_->level());
    }
    [[nodiscard]] log_level level() const noexcept override { return level_; }
    void write(log_level level, std::string_view message) override {
        logger_->log(to_spdlog(level), "{}", message);
    }

    /// The sop::log_level of a spdlog level (critical is error).
    static log_level from_spdlog(spdlog::level::level_enum level) noexcept {
        switch (level) {
            case spdlog::level::trace: return log_level::trace;
            case spdlog::level::debug: return log_level::debug;
            case spdlog::level::info: return log_level::info;
            case spdlog::level::warn: return log_level::warn;
            case spdlog::level::err:
            case spdlog::level::critical: return log_level::error;
            default: return log_level::off;
        }
    }
    /// The spdlog level of a sop::log_level.
    static spdlog::level::level_enum to_spdlog(log_level level) noexcept {
        switch (level) {
            case log_level::trace: return spdlog::level::trace;
            case log_level::debug: return spdlog::level::debug;
            case log_level::info: return spdlog::level::info;
            case log_level::warn: return spdlog::level::warn;
            case log_level::error: return spdlog::level::err;
            case log_level::off: break;
        }
        return spdlog::level::off;
    }

private:
    std::shared_ptr<spdlog::logger> logger_;
    log_level level_ = log_level::off;
};

/// A sink writing to `logger` (see spdlog_log_sink).
inline std::shared_ptr<log_sink> spdlog_sink(std::shared_ptr<spdlog::logger> logger) {
    return std::make_shared<spdlog_log_sink>(std::move(logger));
}

}  // namespace sop
