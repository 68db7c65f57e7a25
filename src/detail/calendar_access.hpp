#pragma once

// Internal: the calendar's arithmetic on seconds since the epoch, for the instance's hot path.

#include <cstdint>
#include <sopengine/calendar.hpp>
#include <sopengine/error.hpp>

namespace sop::detail {

struct calendar_access {
    /// add_working_minutes without time_point or std::error_code: errc{} and `due` set, or why
    /// not.
    static errc add_working_minutes(const working_calendar& days, std::int64_t start,
                                    std::int64_t minutes, std::int64_t& due) noexcept {
        return static_cast<errc>(days.add_seconds(start, minutes, due));
    }
};

}  // namespace sop::detail
