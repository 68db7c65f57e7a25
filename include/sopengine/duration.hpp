#pragma once

/// @file
/// Standard times (Waktu) of SOP steps, written as ISO 8601 or in the SOP's own words.

#include <cstdint>
#include <optional>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>

namespace sop {

/// Working minutes in one working day unless a calendar or load option says otherwise.
inline constexpr std::int64_t default_minutes_per_day = 480;

/// Parses a standard time into working minutes; std::nullopt when the text is not a duration.
///
/// Accepts ISO 8601 durations of days, hours and minutes ("PT15M", "PT2H", "P4D", "P1DT2H30M")
/// and sums of amounts with Indonesian or English units, case-insensitive ("15 menit", "1 Jam",
/// "2 hari", "1 jam 30 menit", "90 minutes", "2 hours", "1 day"). A day is one working day of
/// `minutes_per_day` minutes. Amounts are whole numbers; a result over ten years of working
/// minutes is rejected.
SOPENGINE_API std::optional<std::int64_t> parse_duration(
    std::string_view text, std::int64_t minutes_per_day = default_minutes_per_day);

/// Formats working minutes in Indonesian, largest unit first: 570 -> "1 hari 1 jam 30 menit".
SOPENGINE_API std::string format_duration(std::int64_t minutes,
                                          std::int64_t minutes_per_day = default_minutes_per_day);

}  // namespace sop
