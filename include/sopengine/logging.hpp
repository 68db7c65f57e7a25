#pragma once

/// @file
/// Where sopengine's log messages go. A load (sop::load_options::log) and a case
/// (sop::instance_options::log) write to the sink they are given; without one, to the spdlog
/// logger named "sopengine" in the spdlog registry libsopengine was built with, when one is
/// registered at that moment (silent otherwise). sopengine never creates loggers on its own,
/// never registers one, and never writes to the console unasked. An application that uses
/// another copy of spdlog (header-only, or a static one) passes sop::spdlog_sink
/// (<sopengine/spdlog_sink.hpp>, compiled in the application) to reach its own loggers.
///
/// Looking the default up takes spdlog's registry lock once per load and per case. An
/// application that makes many cases, from many threads, passes its sink (or one whose level is
/// log_level::off, for none) in the options instead, and no case then touches the registry.

#include <cstdint>
#include <functional>
#include <memory>
#include <sopengine/visibility.hpp>
#include <string_view>

namespace sop {

/// The name of the spdlog logger the default sink looks for.
inline constexpr std::string_view logger_name = "sopengine";

/// How severe a message is; a sink's level is the least severe it wants.
enum class log_level : std::uint8_t {
    trace,  ///< Every transition of a case.
    debug,  ///< Refused operations and loads.
    info,   ///< Informational messages.
    warn,   ///< Warnings.
    error,  ///< Errors, such as an observer that threw.
    off,    ///< Nothing.
};

/// "trace", "debug", "info", "warn", "error" or "off".
SOPENGINE_API std::string_view to_string(log_level level) noexcept;

/// A destination for log messages. sopengine asks level() once when a load or a case begins
/// and formats nothing below it, so keep the level fixed while the sink is in use.
class SOPENGINE_API log_sink {
public:
    virtual ~log_sink() = default;
    /// The least severe level this sink wants; log_level::off for none.
    [[nodiscard]] virtual log_level level() const noexcept = 0;
    /// Receives one message at or above level(). An exception it throws is caught and dropped.
    virtual void write(log_level level, std::string_view message) = 0;

protected:
    log_sink() = default;
    log_sink(const log_sink&) = default;
    log_sink& operator=(const log_sink&) = default;
};

/// A sink that calls `write` for every message at or above `level`. Throws sop::error
/// (errc::invalid_argument) when `write` is empty.
SOPENGINE_API std::shared_ptr<log_sink> function_sink(
    log_level level, std::function<void(log_level, std::string_view)> write);

/// A sink that writes "[sopengine] level: message" lines to standard error at `level`, for
/// programs without logging of their own.
SOPENGINE_API std::shared_ptr<log_sink> console_sink(log_level level);

}  // namespace sop
