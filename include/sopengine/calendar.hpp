#pragma once

/// @file
/// The working calendar on which standard times become due times.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace sop {

namespace detail {
struct calendar_access;
}  // namespace detail

/// An instant, in UTC, with one-second resolution. sopengine never reads a clock: callers pass
/// every time in.
using time_point = std::chrono::sys_seconds;

/// The earliest instant sopengine accepts: 1970-01-01T00:00:00Z.
inline constexpr time_point earliest_time{};

/// The latest instant sopengine accepts: 9999-12-31T23:59:59Z. Every time that enters the
/// engine (an operation's time, a due time it computes, a snapshot's times, a parsed time) lies
/// in [earliest_time, latest_time]; one outside is refused with errc::time_out_of_range or the
/// refusal outcome_code::time_out_of_range, never wrapped.
inline constexpr time_point latest_time =
    std::chrono::sys_days{std::chrono::year{9999} / std::chrono::December / 31} +
    std::chrono::seconds{24 * 60 * 60 - 1};

/// True when `instant` lies in the supported range [earliest_time, latest_time].
constexpr bool in_supported_range(time_point instant) noexcept {
    return instant >= earliest_time && instant <= latest_time;
}

/// The hours of one working day, as minutes after local midnight: [begin, end).
struct working_hours {
    std::int32_t begin = 8 * 60;  ///< First working minute of the day (08:00 by default).
    std::int32_t end = 16 * 60;   ///< End of the working day (16:00 by default).

    friend bool operator==(const working_hours&, const working_hours&) = default;
};

/// Working days, hours and holidays at a fixed UTC offset. The default is Monday to Friday,
/// 08:00 to 16:00 (480 working minutes a day) at UTC+07:00 (WIB), with no holidays.
/// A calendar is a plain value; it is safe to share between threads once built.
///
/// Like std::filesystem, the arithmetic comes twice: without an std::error_code argument it
/// throws sop::error, with one it is noexcept and sets the code (errc::no_working_time,
/// errc::time_out_of_range, errc::invalid_argument) instead.
class SOPENGINE_API working_calendar {
public:
    /// The default calendar described above.
    working_calendar();

    /// Sets the hours of one weekday (0 = Sunday ... 6 = Saturday); std::nullopt closes the day.
    /// Throws sop::error (errc::invalid_argument) unless 0 <= begin < end <= 1440 and weekday < 7.
    working_calendar& set_day(unsigned weekday, std::optional<working_hours> hours);

    /// Marks a local date as a holiday, on which no work is done. Adding one twice is harmless.
    /// Throws sop::error (errc::invalid_argument) for a date that does not exist.
    working_calendar& add_holiday(std::chrono::year_month_day date);

    /// Sets the fixed offset of local time from UTC, e.g. +7h for WIB, +8h for WITA.
    /// Throws sop::error (errc::invalid_argument) outside -14h..+14h.
    working_calendar& set_utc_offset(std::chrono::minutes offset);

    /// The hours of a weekday (0 = Sunday), or std::nullopt when it is not a working day.
    /// Throws sop::error (errc::invalid_argument) for a weekday over 6.
    std::optional<working_hours> day(unsigned weekday) const;

    /// True when some weekday has working hours. A calendar with a working weekday always has
    /// working time ahead: holidays are finitely many.
    bool has_working_time() const noexcept;

    /// The holidays, sorted.
    const std::vector<std::chrono::year_month_day>& holidays() const noexcept { return holidays_; }

    /// The offset of local time from UTC.
    std::chrono::minutes utc_offset() const noexcept { return utc_offset_; }

    /// True when the local date is a working day (its weekday works and it is not a holiday).
    bool is_working_day(std::chrono::year_month_day date) const;

    /// The instant `amount` working minutes after `start`. Work starting outside working hours
    /// begins at the next working minute; work that ends exactly at the close of a day is due
    /// then, not the next morning. 0 minutes gives `start` itself. Exact for any calendar with
    /// working time, however many holidays it has. Throws sop::error: errc::invalid_argument
    /// for negative minutes, errc::no_working_time when no weekday has working hours,
    /// errc::time_out_of_range when `start` or the result lies outside the supported range.
    time_point add_working_minutes(time_point start, std::int64_t amount) const;
    /// As above; on failure returns `start` and sets `why`, on success clears it.
    time_point add_working_minutes(time_point start, std::int64_t amount,
                                   std::error_code& why) const noexcept;

    /// Working minutes in [from, to); 0 when to <= from. Throws sop::error
    /// (errc::time_out_of_range) when either lies outside the supported range.
    std::int64_t working_minutes_between(time_point from, time_point to) const;
    /// As above; on failure returns 0 and sets `why`, on success clears it.
    std::int64_t working_minutes_between(time_point from, time_point to,
                                         std::error_code& why) const noexcept;

    /// Formats as local ISO 8601 with the offset: "2024-03-12T08:00:00+07:00". Throws
    /// sop::error (errc::time_out_of_range) outside the supported range.
    std::string format(time_point instant) const;

    /// Parses local ISO 8601 ("2024-03-12T08:00", seconds optional) as local time on this
    /// calendar; an explicit "Z" or "+07:00" suffix is honoured. std::nullopt when malformed or
    /// outside the supported range.
    std::optional<time_point> parse(std::string_view text) const;

    friend bool operator==(const working_calendar&, const working_calendar&) = default;

private:
    friend struct detail::calendar_access;

    // The hours of a local day (days since the epoch): none on a closed weekday or a holiday.
    std::optional<working_hours> hours_on(std::int64_t day) const noexcept;
    // add_working_minutes on seconds since the epoch: the error, or 0 with `due` set.
    int add_seconds(std::int64_t start, std::int64_t amount, std::int64_t& due) const noexcept;

    std::array<std::optional<working_hours>, 7> days_;
    std::vector<std::chrono::year_month_day> holidays_;
    std::vector<std::int64_t> holiday_days_;  // the same days, as days since the epoch
    std::chrono::minutes utc_offset_{7 * 60};
};

}  // namespace sop
