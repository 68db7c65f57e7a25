#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <sopengine/logging.hpp>

namespace sop {

void enable_console_logging(log_level level) {
    const std::string name(logger_name);
    spdlog::drop(name);
    auto logger = spdlog::stderr_color_mt(name);
    switch (level) {
        case log_level::trace: logger->set_level(spdlog::level::trace); break;
        case log_level::debug: logger->set_level(spdlog::level::debug); break;
        case log_level::info: logger->set_level(spdlog::level::info); break;
        case log_level::warn: logger->set_level(spdlog::level::warn); break;
        case log_level::error: logger->set_level(spdlog::level::err); break;
        case log_level::off: logger->set_level(spdlog::level::off); break;
    }
}

}  // namespace sop
