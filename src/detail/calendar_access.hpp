#pragma once

// Internal: the calendar's arithmetic on seconds since the epoch, for the instance's hot path.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sopengine/calendar.hpp>
#include <sopengine/error.hpp>

namespace sop::detail {

struct calendar_access {
    /// working_calendar::add without time_point or std::error_code: errc{} and `due` set, or why
    /// not. Working minutes that end within the stretch of working time they start in, on a
    /// calendar whose days are all their weekday's, are worked out here, inline; everything else
    /// (and every refusal) by the calendar.
    static errc add(const working_calendar& days, std::int64_t start, const time_amount& amount,
                    std::int64_t& due) noexcept {
        if (amount.days == 0 && amount.clock_minutes == 0 &&
            same_stretch(days, start, amount.minutes, due)) {
            return errc{};
        }
        return static_cast<errc>(days.add_amount(start, amount, due));
    }

private:
    static bool same_stretch(const working_calendar& days, std::int64_t start, std::int64_t minutes,
                             std::int64_t& due) noexcept {
        constexpr std::int64_t day_seconds = std::int64_t{24} * 60 * 60;
        constexpr std::int64_t most = std::int64_t{24} * 60;  // more cannot fit in a day
        constexpr std::int64_t latest = latest_time.time_since_epoch().count();
        if (minutes <= 0 || minutes > most || start < 0 || start > latest ||
            !days.exceptions_.empty()) {
            return false;  // the calendar says why, or works it out
        }
        const std::int64_t offset = days.utc_offset_.count() * 60;
        // Local time is at least -14 h: adding a day keeps the division non-negative.
        const std::int64_t local = start + offset;
        const std::int64_t day = (local + day_seconds) / day_seconds - 1;
        const auto weekday = static_cast<std::size_t>((day + 4 + 7) % 7);  // 0 = Sunday
        const std::int64_t midnight = day * day_seconds;
        for (const auto& [begin, end] : days.shapes_[days.week_[weekday]].stretches) {
            if (local - midnight >= end) continue;
            const std::int64_t from = std::max(local, midnight + begin);
            const std::int64_t finish = from + minutes * 60;
            if (finish > midnight + end || finish - offset > latest) return false;
            due = finish - offset;
            return true;
        }
        return false;
    }
};

}  // namespace sop::detail
