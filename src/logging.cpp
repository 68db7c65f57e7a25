#include <spdlog/spdlog.h>

#include <cstdio>
#include <sopengine/error.hpp>
#include <sopengine/logging.hpp>
#include <sopengine/spdlog_sink.hpp>

#include "detail/log.hpp"

namespace sop {
namespace {

class function_log_sink final : public log_sink {
public:
    function_log_sink(log_level level, std::function<void(log_level, std::string_view)> write)
        : level_(level), write_(std::move(write)) {}
    log_level level() const noexcept override { return level_; }
    void write(log_level level, std::string_view message) override { write_(level, message); }

private:
    log_level level_;
    std::function<void(log_level, std::string_view)> write_;
};

}  // namespace

std::string_view to_string(log_level level) noexcept {
    switch (level) {
        case log_level::trace: return "trace";
        case log_level::debug: return "debug";
        case log_level::info: return "info";
        case log_level::warn: return "warn";
        case log_level::error: return "error";
        case log_level::off: break;
    }
    return "off";
}

std::shared_ptr<log_sink> function_sink(log_level level,
                                        std::function<void(log_level, std::string_view)> write) {
    if (!write) throw error(errc::invalid_argument, "sop::function_sink needs a function");
    return std::make_shared<function_log_sink>(level, std::move(write));
}

std::shared_ptr<log_sink> console_sink(log_level level) {
    return function_sink(level, [](log_level at, std::string_view message) {
        const std::string_view name = to_string(at);
        std::fprintf(stderr, "[sopengine] %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
                     static_cast<int>(message.size()), message.data());
    });
}

namespace detail {

log_target log_target::resolve(std::shared_ptr<log_sink> sink) {
    if (!sink) {
        auto logger = spdlog::get(std::string(logger_name));
        if (!logger || logger->level() == spdlog::level::off) return {};
        sink = std::make_shared<spdlog_log_sink>(std::move(logger));
    }
    log_target target;
    target.level_ = sink->level();
    if (target.level_ != log_level::off) target.sink_ = std::move(sink);
    return target;
}

}  // namespace detail
}  // namespace sop
