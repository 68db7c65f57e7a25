#pragma once

// Internal: where one load or one case writes its log messages, resolved once when it begins.

#include <fmt/format.h>

#include <memory>
#include <sopengine/logging.hpp>
#include <string>

namespace sop::detail {

/// The sink of a load or a case: the embedder's, or else spdlog's "sopengine" logger in the
/// registry libsopengine uses (through spdlog_log_sink), looked up once when made. An inactive
/// target (no sink wants anything) holds nothing. Cheap to copy; writing never throws.
class log_target {
public:
    log_target() = default;
    /// The embedder's sink, or the default when null.
    static log_target resolve(std::shared_ptr<log_sink> sink);

    /// The sink written to; null when no level is wanted.
    const std::shared_ptr<log_sink>& sink() const noexcept { return sink_; }

    /// True when some level is wanted.
    bool active() const noexcept { return level_ != log_level::off; }

    bool enabled(log_level level) const noexcept {
        return level >= level_ && level_ != log_level::off;
    }

    /// Formats and writes a message at `level` when enabled. The arguments are evaluated before
    /// the call: guard with enabled() when computing one costs.
    template <typename... Args>
    void log(log_level level, fmt::format_string<Args...> format, Args&&... args) const noexcept {
        if (!enabled(level)) return;
        try {
            write(level, fmt::format(format, std::forward<Args>(args)...));
        } catch (...) {  // NOLINT(bugprone-empty-catch): logging never fails the operation
        }
    }

private:
    void write(log_level level, const std::string& message) const { sink_->write(level, message); }

    std::shared_ptr<log_sink> sink_;
    log_level level_ = log_level::off;
};

}  // namespace sop::detail
