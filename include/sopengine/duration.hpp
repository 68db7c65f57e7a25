#pragma once

/// @file
/// Standard times (Waktu) of SOP steps, written as ISO 8601 or in the SOP's own words, kept in
/// the units they are written in: a working day stays a working day until a calendar resolves it.

#include <cstdint>
#include <optional>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>

namespace sop {

/// An amount of time in the units an SOP writes it, each kept apart: working days ("1 hari"),
/// working minutes ("2 jam", "15 menit") and minutes on the clock ("1 x 24 jam", "3 hari
/// kalender"). A working_calendar gives it a due time (working_calendar::add); it is not a
/// number of minutes until then, because a working day is as long as the calendar's day.
struct time_amount {
    std::int64_t days = 0;           ///< Working days.
    std::int64_t minutes = 0;        ///< Working minutes.
    std::int64_t clock_minutes = 0;  ///< Minutes on the clock, working time or not.

    /// True when every part is 0.
    constexpr bool is_zero() const noexcept {
        return days == 0 && minutes == 0 && clock_minutes == 0;
    }
    /// The parts added one by one.
    friend constexpr time_amount operator+(time_amount a, time_amount b) noexcept {
        return {a.days + b.days, a.minutes + b.minutes, a.clock_minutes + b.clock_minutes};
    }
    friend bool operator==(const time_amount&, const time_amount&) = default;
};

/// A step's standard time as parsed: one amount, or a range ("1-2 hari", "1 s.d. 2 hari") from
/// `least` to `most`. A due time uses `most`.
struct standard_time {
    time_amount least{};  ///< The shortest time the SOP allows; equals `most` unless a range.
    time_amount most{};   ///< The standard time; the due time.

    /// True for a range whose bounds differ.
    constexpr bool is_range() const noexcept { return least != most; }
    friend bool operator==(const standard_time&, const standard_time&) = default;
};

/// The longest standard time sopengine reads, in each unit: ten years of working days (3,660),
/// of working minutes at 24 hours a day, or of minutes on the clock. Longer is a typo, not a time.
inline constexpr std::int64_t max_standard_days = std::int64_t{10} * 366;

/// What parse_standard_time makes of a text: the time, or why not and what to write instead.
struct [[nodiscard]] standard_time_result {
    std::optional<standard_time> time;  ///< Set when the text is a standard time.
    std::string problem;  ///< Otherwise: what is wrong and what to write, for a diagnostic.

    /// True when the text is a standard time.
    explicit operator bool() const noexcept { return time.has_value(); }
};

/// Parses a standard time. Case-insensitive; spaces are free. Accepts:
/// - ISO 8601 days, hours and minutes: "PT15M", "PT2H", "P4D", "P1DT2H30M";
/// - sums of amounts with a unit: "15 menit", "1 jam 30 menit", "2 hari", "90 minutes";
///   units menit/mnt/min/minute(s), jam/hour(s), hari/Hr/Hr./HK/day(s) and "hari kerja" (working
///   days); "hari kalender" and "N x 24 jam" are days on the clock;
/// - decimal commas that give whole minutes: "0,5 jam", "1,5 jam";
/// - an amount spelled out after it in brackets, checked: "1 (satu) hari";
/// - a leading "±", "kurang lebih", "maks.", "maksimal", "paling lama" and a final full stop,
///   which change nothing: the standard time is the amount;
/// - ranges "1-2 hari", "1 s.d. 2 hari", "1 s/d 2 hari", "1 sampai 2 hari", "30 menit - 1 jam".
SOPENGINE_API standard_time_result parse_standard_time(std::string_view text);

/// Formats an amount in Indonesian, days first: {1, 90, 0} -> "1 hari 1 jam 30 menit";
/// clock time as "N x 24 jam" when whole days ("1 x 24 jam 30 menit" otherwise). "0 menit"
/// when zero.
SOPENGINE_API std::string format_amount(const time_amount& amount);

/// Formats a standard time: its amount, or "least - most" for a range.
SOPENGINE_API std::string format_standard_time(const standard_time& time);

/// Formats working minutes in Indonesian as hours and minutes: 570 -> "9 jam 30 menit".
SOPENGINE_API std::string format_minutes(std::int64_t minutes);

}  // namespace sop
