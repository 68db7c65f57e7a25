#pragma once

/// @file
/// How sopengine logs. The library logs through the spdlog logger named "sopengine" when the
/// embedder has registered one before loading a definition, and is silent otherwise: it never
/// creates loggers on its own and never writes to the console unasked.

#include <cstdint>
#include <string_view>

namespace sop {

/// The name of the spdlog logger that sopengine uses.
inline constexpr std::string_view logger_name = "sopengine";

/// Verbosity for enable_console_logging.
enum class log_level : std::uint8_t {
    trace,  ///< Every transition.
    debug,  ///< Refused operations and loads.
    info,   ///< Informational messages.
    warn,   ///< Warnings.
    error,  ///< Errors only.
    off,    ///< Nothing.
};

/// Convenience for programs without their own spdlog set-up: registers (or replaces) the
/// "sopengine" logger with one writing to standard error at `level`. Definitions loaded
/// afterwards log through it.
void enable_console_logging(log_level level);

}  // namespace sop
