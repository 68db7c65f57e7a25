#pragma once

// Internal: the calendar's arithmetic on seconds since the epoch, for the instance's hot path.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sopengine/calendar.hpp>
#include <sopengine/error.hpp>

namespace sop::detail {

struct calendar_access {
    /// add_working_minutes without time_point or std::error_code: errc{} and `due` set, or why
    /// not. Work that ends on the working day it starts, on a calendar without holidays, is
    /// worked out here, inline; everything else (and every refusal) by the calendar.
    static errc add_working_minutes(const working_calendar& days, std::int64_t start,
                                    std::int64_t minutes, std::int64_t& due) noexcept {
        if (same_day(days, start, minutes, due)) return errc{};
        return static_cast<errc>(days.add_seconds(start, minutes, due));
    }

private:
    static bool same_day(const working_calendar& days, std::int64_t start, std::int64_t minutes,
                         std::int64_t& due) noexcept {
        constexpr std::int64_t day_seconds = std::int64_t{24} * 60 * 60;
        constexpr std::int64_t most = std::int64_t{24} * 60;  // more cannot fit in a day
        constexpr std::int64_t latest = latest_time.time_since_epoch().count();
        if (minutes <= 0 || minutes > most || start < 0 || start > latest ||
            !days.holiday_days_.empty()) {
            return false;  // the calendar says why, or works it out
        }
        const std::int64_t offset = days.utc_offset_.count() * 60;
        // Local time is at least -14 h: adding a day keeps the division non-negative.
        const std::int64_t local = start + offset;
        const std::int64_t day = (local + day_seconds) / day_seconds - 1;
        const auto weekday = static_cast<std::size_t>((day + 4 + 7) % 7);  // 0 = Sunday
        const auto& hours = days.days_[weekday];
        if (!hours) return false;
        const std::int64_t midnight = day * day_seconds;
        const std::int64_t from = std::max(local, midnight + std::int64_t{hours->begin} * 60);
        const std::int64_t end = from + minutes * 60;
        if (end > midnight + std::int64_t{hours->end} * 60 || end - offset > latest) {
            return false;
        }
        due = end - offset;
        return true;
    }
};

}  // namespace sop::detail
