#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <sopengine/calendar.hpp>
#include <sopengine/error.hpp>

#include "detail/calendar_access.hpp"
#include "detail/time_text.hpp"

namespace sop {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::int64_t seconds_per_day = std::int64_t{24} * 60 * 60;

// Floor division and its remainder, for days before the epoch in local time.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return q * b > a ? q - 1 : q;
}

// 0 = Sunday; the epoch, day 0, was a Thursday.
constexpr unsigned weekday_of(std::int64_t day) noexcept {
    return static_cast<unsigned>(day - 7 * floor_div(day + 4, 7) + 4);
}
static_assert(weekday_of(0) == 4 && weekday_of(-1) == 3 && weekday_of(3) == 0);

constexpr std::int64_t day_number(std::chrono::year_month_day date) noexcept {
    return sys_days(date).time_since_epoch().count();
}

[[noreturn]] void invalid(const char* message) {
    throw error(errc::invalid_argument, message);
}

// The value, or the exception that `why` stands for.
template <typename T>
T or_throw(T value, const std::error_code& why, std::string_view what) {
    if (why) throw error(why, fmt::format("{}: {}", what, why.message()));
    return value;
}

}  // namespace

working_calendar::working_calendar() {
    for (unsigned weekday = 1; weekday <= 5; ++weekday) days_[weekday] = working_hours{};
}

working_calendar& working_calendar::set_day(unsigned weekday, std::optional<working_hours> hours) {
    if (weekday >= days_.size()) invalid("weekday must be 0 (Sunday) to 6");
    if (hours && !(hours->begin >= 0 && hours->begin < hours->end && hours->end <= 24 * 60)) {
        invalid("working hours must satisfy 0 <= begin < end <= 1440");
    }
    days_[weekday] = hours;
    return *this;
}

working_calendar& working_calendar::add_holiday(std::chrono::year_month_day date) {
    if (!date.ok()) invalid("holiday is not a valid date");
    auto at = std::lower_bound(holidays_.begin(), holidays_.end(), date);
    if (at == holidays_.end() || *at != date) {
        const std::int64_t day = day_number(date);
        holiday_days_.reserve(holidays_.size() + 1);  // both grow, or neither
        holidays_.insert(at, date);
        holiday_days_.insert(std::lower_bound(holiday_days_.begin(), holiday_days_.end(), day),
                             day);
    }
    return *this;
}

working_calendar& working_calendar::set_utc_offset(std::chrono::minutes offset) {
    if (offset < -minutes(14 * 60) || offset > minutes(14 * 60)) {
        invalid("UTC offset must lie within -14:00 and +14:00");
    }
    utc_offset_ = offset;
    return *this;
}

std::optional<working_hours> working_calendar::day(unsigned weekday) const {
    if (weekday >= days_.size()) invalid("weekday must be 0 (Sunday) to 6");
    return days_[weekday];
}

bool working_calendar::has_working_time() const noexcept {
    return std::any_of(days_.begin(), days_.end(), [](const auto& d) { return d.has_value(); });
}

std::optional<working_hours> working_calendar::hours_on(std::int64_t day) const noexcept {
    if (!holiday_days_.empty() &&
        std::binary_search(holiday_days_.begin(), holiday_days_.end(), day)) {
        return std::nullopt;
    }
    return days_[weekday_of(day)];
}

bool working_calendar::is_working_day(std::chrono::year_month_day date) const {
    return hours_on(day_number(date)).has_value();
}

time_point working_calendar::add_working_minutes(time_point start, std::int64_t amount) const {
    std::error_code why;
    const time_point due = add_working_minutes(start, amount, why);
    return or_throw(due, why, "cannot add working minutes");
}

time_point working_calendar::add_working_minutes(time_point start, std::int64_t amount,
                                                 std::error_code& why) const noexcept {
    std::int64_t due = 0;
    if (const errc failed = detail::calendar_access::add_working_minutes(
            *this, start.time_since_epoch().count(), amount, due);
        failed != errc{}) {
        why = failed;
        return start;
    }
    why.clear();
    return time_point(seconds(due));
}

int working_calendar::add_seconds(std::int64_t start, std::int64_t amount,
                                  std::int64_t& due) const noexcept {
    const auto failure = [](errc code) { return static_cast<int>(code); };
    constexpr std::int64_t earliest = earliest_time.time_since_epoch().count();
    constexpr std::int64_t latest = latest_time.time_since_epoch().count();
    if (amount < 0) return failure(errc::invalid_argument);
    if (start < earliest || start > latest) return failure(errc::time_out_of_range);
    if (amount == 0) {
        due = start;
        return 0;
    }
    // Working minutes never outnumber the minutes on the clock: an amount beyond the end of the
    // range cannot fit, whatever the calendar.
    if (amount > (latest - earliest) / 60 || amount * 60 > latest - start) {
        return failure(errc::time_out_of_range);
    }
    // Local time stays within a day of the range, far from the limits of the representation.
    const std::int64_t offset = std::chrono::duration_cast<seconds>(utc_offset_).count();
    std::int64_t remaining = amount * 60;
    const std::int64_t local_start = start + offset;
    std::int64_t day = floor_div(local_start, seconds_per_day);
    std::int64_t cursor = local_start;
    if (!has_working_time()) return failure(errc::no_working_time);
    const std::int64_t last_day = floor_div(latest + offset, seconds_per_day);
    // Every week has working time once past the last holiday, so this ends: at the due time,
    // or past the end of the range.
    for (; day <= last_day; ++day, cursor = day * seconds_per_day) {
        const auto hours = hours_on(day);
        if (!hours) continue;
        const std::int64_t midnight = day * seconds_per_day;
        const std::int64_t close = midnight + std::int64_t{hours->end} * 60;
        const std::int64_t from = std::max(cursor, midnight + std::int64_t{hours->begin} * 60);
        if (from >= close) continue;
        if (remaining <= close - from) {
            const std::int64_t result = from + remaining - offset;
            if (result > latest) break;
            due = result;
            return 0;
        }
        remaining -= close - from;
    }
    return failure(errc::time_out_of_range);
}

std::int64_t working_calendar::working_minutes_between(time_point from, time_point to) const {
    std::error_code why;
    const std::int64_t total = working_minutes_between(from, to, why);
    return or_throw(total, why, "cannot count working minutes");
}

std::int64_t working_calendar::working_minutes_between(time_point from, time_point to,
                                                       std::error_code& why) const noexcept {
    why.clear();
    if (!in_supported_range(from) || !in_supported_range(to)) {
        why = errc::time_out_of_range;
        return 0;
    }
    if (to <= from) return 0;
    const time_point local_from = from + utc_offset_;
    const time_point local_to = to + utc_offset_;
    seconds total{0};
    for (sys_days day = std::chrono::floor<days>(local_from); day < local_to; day += days(1)) {
        const auto hours = hours_on(day.time_since_epoch().count());
        if (!hours) continue;
        const time_point open = std::max<time_point>(day + minutes(hours->begin), local_from);
        const time_point close = std::min<time_point>(day + minutes(hours->end), local_to);
        if (open < close) total += close - open;
    }
    return std::chrono::duration_cast<minutes>(total).count();
}

std::string working_calendar::format(time_point instant) const {
    if (!in_supported_range(instant)) {
        throw error(errc::time_out_of_range,
                    fmt::format("{} is outside the supported range of times, {}",
                                detail::raw_time(instant.time_since_epoch().count()),
                                detail::supported_range));
    }
    const time_point local = instant + utc_offset_;
    const sys_days day = std::chrono::floor<days>(local);
    const std::chrono::year_month_day date(day);
    const std::chrono::hh_mm_ss time(local - day);
    const auto offset = utc_offset_.count();
    const auto magnitude = offset < 0 ? -offset : offset;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", int(date.year()),
                       unsigned(date.month()), unsigned(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), offset < 0 ? '-' : '+',
                       magnitude / 60, magnitude % 60);
}

std::optional<time_point> working_calendar::parse(std::string_view text) const {
    std::size_t at = 0;
    auto number = [&](std::size_t digits, int& out) {
        if (at + digits > text.size()) return false;
        for (std::size_t i = at; i < at + digits; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
        }
        std::from_chars(text.data() + at, text.data() + at + digits, out);
        at += digits;
        return true;
    };
    auto literal = [&](char expected) {
        if (at >= text.size() || text[at] != expected) return false;
        ++at;
        return true;
    };
    int year = 0, month = 0, day_of_month = 0, hour = 0, minute = 0, second = 0;
    if (!number(4, year) || !literal('-') || !number(2, month) || !literal('-') ||
        !number(2, day_of_month)) {
        return std::nullopt;
    }
    if (at >= text.size() || (text[at] != 'T' && text[at] != ' ')) return std::nullopt;
    ++at;
    if (!number(2, hour) || !literal(':') || !number(2, minute)) return std::nullopt;
    if (at < text.size() && text[at] == ':' && (++at, !number(2, second))) return std::nullopt;
    minutes offset = utc_offset_;
    if (at < text.size()) {
        if (text[at] == 'Z' && at + 1 == text.size()) {
            offset = minutes(0);
            ++at;
        } else if (text[at] == '+' || text[at] == '-') {
            const bool negative = text[at] == '-';
            ++at;
            int offset_hours = 0, offset_minutes = 0;
            if (!number(2, offset_hours) || !literal(':') || !number(2, offset_minutes) ||
                offset_hours > 14 || offset_minutes > 59) {
                return std::nullopt;
            }
            offset = minutes(offset_hours * 60 + offset_minutes);
            if (negative) offset = -offset;
        }
    }
    if (at != text.size()) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year),
                                           std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day_of_month))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    const time_point instant = time_point(sys_days(date)) + std::chrono::hours(hour) +
                               minutes(minute) + seconds(second) - offset;
    if (!in_supported_range(instant)) return std::nullopt;
    return instant;
}

}  // namespace sop
