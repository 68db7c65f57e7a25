#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <sopengine/calendar.hpp>
#include <sopengine/error.hpp>

#include "detail/time_text.hpp"

namespace sop {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

unsigned weekday_of(sys_days day) {
    return std::chrono::weekday(day).c_encoding();
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
    if (at == holidays_.end() || *at != date) holidays_.insert(at, date);
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

std::optional<working_hours> working_calendar::hours_on(sys_days day) const {
    if (std::binary_search(holidays_.begin(), holidays_.end(), std::chrono::year_month_day(day))) {
        return std::nullopt;
    }
    return days_[weekday_of(day)];
}

bool working_calendar::is_working_day(std::chrono::year_month_day date) const {
    return hours_on(sys_days(date)).has_value();
}

time_point working_calendar::add_working_minutes(time_point start, std::int64_t amount) const {
    std::error_code why;
    const time_point due = add_working_minutes(start, amount, why);
    return or_throw(due, why, "cannot add working minutes");
}

time_point working_calendar::add_working_minutes(time_point start, std::int64_t amount,
                                                 std::error_code& why) const noexcept {
    why.clear();
    if (amount < 0) {
        why = errc::invalid_argument;
        return start;
    }
    if (!in_supported_range(start)) {
        why = errc::time_out_of_range;
        return start;
    }
    if (amount == 0) return start;
    if (!has_working_time()) {
        why = errc::no_working_time;
        return start;
    }
    // Working minutes never outnumber the minutes on the clock: an amount beyond the end of the
    // range cannot fit, whatever the calendar.
    if (amount > std::chrono::duration_cast<minutes>(latest_time - start).count()) {
        why = errc::time_out_of_range;
        return start;
    }
    // Local time stays within a day of the range, far from the limits of the representation.
    seconds remaining = minutes(amount);
    const time_point local_start = start + utc_offset_;
    const time_point local_end = latest_time + utc_offset_;
    sys_days day = std::chrono::floor<days>(local_start);
    time_point cursor = local_start;
    // Every week has working time once past the last holiday, so this ends: at the due time,
    // or past the end of the range.
    while (day <= local_end) {
        if (const auto hours = hours_on(day)) {
            const time_point open = day + minutes(hours->begin);
            const time_point close = day + minutes(hours->end);
            const time_point from = std::max(cursor, open);
            if (from < close) {
                const seconds available = close - from;
                if (remaining <= available) {
                    const time_point due = from + remaining - utc_offset_;
                    if (!in_supported_range(due)) break;
                    return due;
                }
                remaining -= available;
            }
        }
        day += days(1);
        cursor = day;
    }
    why = errc::time_out_of_range;
    return start;
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
        const auto hours = hours_on(day);
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
