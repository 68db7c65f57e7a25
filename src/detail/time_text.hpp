#pragma once

// Internal: how messages name the supported range of times, and a time outside it (which the
// calendar cannot format); a date as ISO 8601. The range itself is sop::earliest_time ..
// sop::latest_time.

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace sop::detail {

/// The supported range, as messages write it.
inline constexpr std::string_view supported_range = "1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

/// A time given as seconds since the epoch, for messages about times outside the range.
inline std::string raw_time(std::int64_t seconds) {
    return fmt::format("{} seconds after 1970-01-01T00:00:00Z", seconds);
}

/// A date as ISO 8601: "2025-03-31".
inline std::string iso_date(std::chrono::year_month_day date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace sop::detail
