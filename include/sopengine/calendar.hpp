#pragma once

/// @file
/// The working calendar on which standard times become due times.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <sopengine/duration.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
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

/// An Indonesian time zone: its name and its fixed offset from UTC.
struct time_zone_name {
    std::string_view name;          ///< "WIB", "WITA" or "WIT".
    std::chrono::minutes offset{};  ///< Its offset from UTC.
};

/// Indonesia's three time zones: the names a calendar file's time-zone accepts, and the names
/// the bindings give those offsets.
inline constexpr std::array<time_zone_name, 3> time_zone_names{{
    {"WIB", std::chrono::hours{7}},
    {"WITA", std::chrono::hours{8}},
    {"WIT", std::chrono::hours{9}},
}};

/// A stretch of a day, as minutes after local midnight: [begin, end).
struct time_span {
    std::int32_t begin = 0;  ///< First minute.
    std::int32_t end = 0;    ///< The minute after the last.

    friend bool operator==(const time_span&, const time_span&) = default;
};

/// The hours of one working day, as minutes after local midnight: open from `begin` to `end`,
/// less its breaks. Working time is [begin, end) without the breaks.
struct working_hours {
    std::int32_t begin = 8 * 60;  ///< First working minute of the day (08:00 by default).
    std::int32_t end = 16 * 60;   ///< End of the working day (16:00 by default).
    /// Breaks (istirahat), in order, apart from each other and strictly inside (begin, end).
    std::vector<time_span> breaks{};

    /// Working minutes of the day: end - begin less the breaks.
    std::int32_t minutes() const noexcept;

    friend bool operator==(const working_hours&, const working_hours&) = default;
};

/// Why a date is not worked.
enum class day_off_kind : std::uint8_t {
    holiday,       ///< Hari libur: a national holiday, or a region's own.
    cuti_bersama,  ///< Cuti bersama: a collective leave day; off unless the calendar works it.
};

/// "holiday" or "cuti-bersama".
SOPENGINE_API std::string_view to_string(day_off_kind kind) noexcept;

/// A date on which no work is done, with what it is and who decreed it.
struct day_off {
    std::chrono::year_month_day date{};         ///< The local date.
    day_off_kind kind = day_off_kind::holiday;  ///< Holiday or cuti bersama.
    std::string name{};  ///< e.g. "Hari Raya Idulfitri 1446 Hijriah"; may be empty.
    std::string
        decree{};  ///< The decree that fixed it, e.g. "SKB ... Nomor 1017 ..."; may be empty.

    friend bool operator==(const day_off&, const day_off&) = default;
};

/// Dates, first to last inclusive, with other weekly hours than the calendar's week (Ramadan).
struct hours_period {
    std::chrono::year_month_day first{};  ///< The first local date of the period.
    std::chrono::year_month_day last{};   ///< The last local date of the period (inclusive).
    std::string name;                     ///< e.g. "Ramadan 1446 H"; may be empty.
    std::string decree;                   ///< The rule that sets the hours; may be empty.
    /// The hours of each weekday within the period (0 = Sunday); std::nullopt closes it.
    std::array<std::optional<working_hours>, 7> week;

    friend bool operator==(const hours_period&, const hours_period&) = default;
};

/// Working days, hours, breaks, periods with other hours and days off at a fixed UTC offset:
/// the time on which standard times become due times. The default is Monday to Friday,
/// 08:00 to 16:00 (480 working minutes a day) at UTC+07:00 (WIB), with nothing else. Calendars
/// are usually loaded from files (sop::load_calendar_file); this class builds and reads them.
/// A calendar is a plain value; it is safe to share between threads once built.
///
/// Like std::filesystem, the arithmetic comes twice: without an std::error_code argument it
/// throws sop::error, with one it is noexcept and sets the code (errc::no_working_time,
/// errc::time_out_of_range, errc::invalid_argument) instead. It is exact for every calendar,
/// however sparse its working time (one working minute a week works), and bounded: its cost
/// grows with the days off and periods it passes, not with the length of the time.
class SOPENGINE_API working_calendar {
public:
    /// The default calendar described above.
    working_calendar();

    /// Sets the hours of one weekday (0 = Sunday ... 6 = Saturday); std::nullopt closes the day.
    /// Throws sop::error (errc::invalid_argument) unless weekday < 7, 0 <= begin < end <= 1440,
    /// and the breaks are in order, apart, and strictly inside (begin, end).
    working_calendar& set_day(unsigned weekday, std::optional<working_hours> hours);

    /// Marks a local date as a holiday, on which no work is done. Adding one twice is harmless.
    /// Throws sop::error (errc::invalid_argument) for a date that does not exist.
    working_calendar& add_holiday(std::chrono::year_month_day date);

    /// Adds a day off. A date may have several (a national holiday that is also a region's);
    /// the same record twice is kept once. A holiday is never worked; a cuti bersama is not
    /// worked while cuti_bersama_off() is true. Throws sop::error (errc::invalid_argument) for
    /// a date that does not exist.
    working_calendar& add_day_off(day_off off);

    /// Adds a period with other hours. Throws sop::error (errc::invalid_argument) when its
    /// dates do not exist, its last date is before its first, it overlaps a period already
    /// added, or its hours are invalid as for set_day.
    working_calendar& add_period(hours_period period);

    /// Whether cuti bersama is a day off (true by default, as for civil servants (ASN); a
    /// service unit that stays open sets false).
    working_calendar& set_cuti_bersama_off(bool off);

    /// Sets the fixed offset of local time from UTC, e.g. +7h for WIB, +8h for WITA.
    /// Throws sop::error (errc::invalid_argument) outside -14h..+14h.
    working_calendar& set_utc_offset(std::chrono::minutes offset);

    /// Names the calendar (e.g. "Hari kerja ASN 2025"); empty by default.
    working_calendar& set_name(std::string name);

    /// The hours of a weekday (0 = Sunday), or std::nullopt when it is not a working day.
    /// Throws sop::error (errc::invalid_argument) for a weekday over 6.
    std::optional<working_hours> day(unsigned weekday) const;

    /// True when the calendar has any working time: a weekday, or a day of a period, with
    /// working hours.
    bool has_working_time() const noexcept;

    /// The days off, sorted by date (then kind and name).
    const std::vector<day_off>& days_off() const noexcept { return days_off_; }

    /// The periods with other hours, sorted by their first date.
    const std::vector<hours_period>& periods() const noexcept { return periods_; }

    /// Whether cuti bersama is a day off.
    bool cuti_bersama_off() const noexcept { return cuti_bersama_off_; }

    /// The offset of local time from UTC.
    std::chrono::minutes utc_offset() const noexcept { return utc_offset_; }

    /// The calendar's name; empty when it has none.
    const std::string& name() const noexcept { return name_; }

    /// The hours of a local date: its period's or its weekday's, std::nullopt when it is not
    /// worked (a closed weekday, a holiday, a cuti bersama that is off). Throws sop::error
    /// (errc::invalid_argument) for a date that does not exist.
    std::optional<working_hours> hours_on(std::chrono::year_month_day date) const;

    /// True when the local date has working hours.
    bool is_working_day(std::chrono::year_month_day date) const;

    /// Working minutes in an ordinary week (the weekdays' hours, no periods or days off).
    std::int64_t week_minutes() const noexcept;

    /// The working minutes of an ordinary working day: week_minutes() over the weekdays with
    /// working hours (480 on the default calendar, 450 for the 37.5-hour ASN week); 0 when no
    /// weekday works. What the analysis counts a working day as.
    std::int64_t day_minutes() const noexcept;

    /// `amount` in working minutes on an ordinary week of this calendar: days at day_minutes(),
    /// clock minutes at the share of working time in a week's clock time (rounded). The
    /// analysis's measure, not a due time.
    std::int64_t minutes_of(const time_amount& amount) const noexcept;

    /// The instant `amount` working minutes after `start`. Work starting outside working hours
    /// begins at the next working minute; work that ends exactly at the close of a stretch of
    /// working time is due then, not after the break or the next morning. 0 minutes gives
    /// `start` itself. Throws sop::error: errc::invalid_argument for negative minutes,
    /// errc::no_working_time when the calendar has no working time after `start`,
    /// errc::time_out_of_range when `start` or the result lies outside the supported range.
    time_point add_working_minutes(time_point start, std::int64_t amount) const;
    /// As above; on failure returns `start` and sets `why`, on success clears it.
    time_point add_working_minutes(time_point start, std::int64_t amount,
                                   std::error_code& why) const noexcept;

    /// The due time of `amount` from `start`, in three moves: its working days, then its
    /// working minutes, then its clock minutes.
    ///
    /// Working days: work begins at the first working moment at or after `start`, on its day
    /// D0 at clock time c. N working days later is clock time c on the N-th working day after
    /// D0, moved into that day's hours when it falls outside them (before its opening: the
    /// opening; after its close: the close), and then, like add_working_minutes, to the end of
    /// the stretch of working time before it when it lies at the start of one or in a break
    /// (so a day that starts at the opening ends at that day's close); at the opening, it
    /// stays there when the working day before closes at or before c, so that every further
    /// day ends later. On a calendar whose
    /// working days all have the same hours and no breaks, this is N times the day's minutes.
    /// Clock minutes are added as they are, working time or not.
    ///
    /// Same errors as add_working_minutes (invalid_argument for a negative part).
    time_point add(time_point start, const time_amount& amount) const;
    /// As above; on failure returns `start` and sets `why`, on success clears it.
    time_point add(time_point start, const time_amount& amount,
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

    friend bool operator==(const working_calendar& a, const working_calendar& b) noexcept;

private:
    friend struct detail::calendar_access;

    // A day's working time, compiled: stretches in seconds after local midnight.
    struct shape {
        std::vector<std::pair<std::int64_t, std::int64_t>> stretches;  // [begin, end) seconds
        std::int64_t seconds = 0;                                      // their total
    };
    // A date whose working time is not its weekday's: a day off, or a day of a period.
    struct exception {
        std::int64_t day;     // days since the epoch (local)
        std::uint32_t shape;  // index into shapes_; 0 is closed
    };

    struct day_cursor;  // walks the days forward (calendar.cpp)

    void rebuild();
    std::uint32_t add_shape(const std::optional<working_hours>& hours);
    // The arithmetic on seconds since the epoch: 0 with `due` set, or the errc.
    int add_seconds(std::int64_t start, std::int64_t amount, std::int64_t& due) const noexcept;
    int add_days(std::int64_t start, std::int64_t days, std::int64_t& due) const noexcept;
    int add_amount(std::int64_t start, const time_amount& amount, std::int64_t& due) const noexcept;

    // What the calendar is, as built.
    std::array<std::optional<working_hours>, 7> days_;
    std::vector<day_off> days_off_;
    std::vector<hours_period> periods_;
    bool cuti_bersama_off_ = true;
    std::chrono::minutes utc_offset_{7 * 60};
    std::string name_;

    // The same, compiled for the arithmetic by rebuild().
    std::vector<shape> shapes_;
    std::array<std::uint32_t, 7> week_{};
    std::vector<exception> exceptions_;  // sorted by day
    std::int64_t week_seconds_ = 0;
    std::int64_t week_days_ = 0;  // weekdays with working time
    bool any_working_time_ = false;
};

}  // namespace sop
