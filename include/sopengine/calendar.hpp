#pragma once

/// @file
/// The working calendar on which standard times become due times.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop {

/// An instant, in UTC, with one-second resolution. sopengine never reads a clock: callers pass
/// every time in.
using time_point = std::chrono::sys_seconds;

/// The hours of one working day, as minutes after local midnight: [begin, end).
struct working_hours {
    std::int32_t begin = 8 * 60;  ///< First working minute of the day (08:00 by default).
    std::int32_t end = 16 * 60;   ///< End of the working day (16:00 by default).

    friend bool operator==(const working_hours&, const working_hours&) = default;
};

/// Working days, hours and holidays at a fixed UTC offset. The default is Monday to Friday,
/// 08:00 to 16:00 (480 working minutes a day) at UTC+07:00 (WIB), with no holidays.
/// A calendar is a plain value; it is safe to share between threads once built.
class working_calendar {
public:
    /// The default calendar described above.
    working_calendar();

    /// Sets the hours of one weekday (0 = Sunday ... 6 = Saturday); std::nullopt closes the day.
    /// Throws std::invalid_argument unless 0 <= begin < end <= 1440 and weekday < 7.
    working_calendar& set_day(unsigned weekday, std::optional<working_hours> hours);

    /// Marks a local date as a holiday, on which no work is done. Adding one twice is harmless.
    working_calendar& add_holiday(std::chrono::year_month_day date);

    /// Sets the fixed offset of local time from UTC, e.g. +7h for WIB, +8h for WITA.
    /// Throws std::invalid_argument outside -14h..+14h.
    working_calendar& set_utc_offset(std::chrono::minutes offset);

    /// The hours of a weekday (0 = Sunday), or std::nullopt when it is not a working day.
    std::optional<working_hours> day(unsigned weekday) const;

    /// The holidays, sorted.
    const std::vector<std::chrono::year_month_day>& holidays() const noexcept { return holidays_; }

    /// The offset of local time from UTC.
    std::chrono::minutes utc_offset() const noexcept { return utc_offset_; }

    /// True when the local date is a working day (its weekday works and it is not a holiday).
    bool is_working_day(std::chrono::year_month_day date) const;

    /// The instant `minutes` working minutes after `start`. Work starting outside working hours
    /// begins at the next working minute; work that ends exactly at the close of a day is due
    /// then, not the next morning. 0 minutes gives `start` itself. Throws std::invalid_argument
    /// for negative minutes, and std::domain_error when the calendar has no working day.
    time_point add_working_minutes(time_point start, std::int64_t amount) const;

    /// Working minutes in [from, to); 0 when to <= from.
    std::int64_t working_minutes_between(time_point from, time_point to) const;

    /// Formats as local ISO 8601 with the offset: "2024-03-12T08:00:00+07:00".
    std::string format(time_point instant) const;

    /// Parses local ISO 8601 ("2024-03-12T08:00", seconds optional) as local time on this
    /// calendar; an explicit "Z" or "+07:00" suffix is honoured. std::nullopt when malformed.
    std::optional<time_point> parse(std::string_view text) const;

    friend bool operator==(const working_calendar&, const working_calendar&) = default;

private:
    // The hours of a local day: none on a closed weekday or a holiday.
    std::optional<working_hours> hours_on(std::chrono::sys_days day) const;

    std::array<std::optional<working_hours>, 7> days_;
    std::vector<std::chrono::year_month_day> holidays_;
    std::chrono::minutes utc_offset_{7 * 60};
};

}  // namespace sop
