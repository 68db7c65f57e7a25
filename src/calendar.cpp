#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <sopengine/calendar.hpp>
#include <stdexcept>

namespace sop {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

// A calendar whose working days are all holidays for this long has no working time at all.
constexpr int max_days_scanned = 20 * 366;

unsigned weekday_of(sys_days day) {
    return std::chrono::weekday(day).c_encoding();
}

}  // namespace

working_calendar::working_calendar() {
    for (unsigned weekday = 1; weekday <= 5; ++weekday) days_[weekday] = working_hours{};
}

working_calendar& working_calendar::set_day(unsigned weekday, std::optional<working_hours> hours) {
    if (weekday >= days_.size()) throw std::invalid_argument("weekday must be 0 (Sunday) to 6");
    if (hours && !(hours->begin >= 0 && hours->begin < hours->end && hours->end <= 24 * 60)) {
        throw std::invalid_argument("working hours must satisfy 0 <= begin < end <= 1440");
    }
    days_[weekday] = hours;
    return *this;
}

working_calendar& working_calendar::add_holiday(std::chrono::year_month_day date) {
    if (!date.ok()) throw std::invalid_argument("holiday is not a valid date");
    auto at = std::lower_bound(holidays_.begin(), holidays_.end(), date);
    if (at == holidays_.end() || *at != date) holidays_.insert(at, date);
    return *this;
}

working_calendar& working_calendar::set_utc_offset(std::chrono::minutes offset) {
    if (offset < -minutes(14 * 60) || offset > minutes(14 * 60)) {
        throw std::invalid_argument("UTC offset must lie within -14:00 and +14:00");
    }
    utc_offset_ = offset;
    return *this;
}

std::optional<working_hours> working_calendar::day(unsigned weekday) const {
    if (weekday >= days_.size()) throw std::invalid_argument("weekday must be 0 (Sunday) to 6");
    return days_[weekday];
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
    if (amount < 0) throw std::invalid_argument("working minutes must not be negative");
    if (amount == 0) return start;
    if (std::none_of(days_.begin(), days_.end(), [](const auto& d) { return d.has_value(); })) {
        throw std::domain_error("the working calendar has no working day");
    }
    seconds remaining = minutes(amount);
    const time_point local_start = start + utc_offset_;
    sys_days day = std::chrono::floor<days>(local_start);
    time_point cursor = local_start;
    for (int scanned = 0;; ++scanned) {
        if (scanned > max_days_scanned + amount) {
            throw std::domain_error("the working calendar has no working time left");
        }
        const auto hours = hours_on(day);
        if (hours) {
            const time_point open = day + minutes(hours->begin);
            const time_point close = day + minutes(hours->end);
            const time_point from = std::max(cursor, open);
            if (from < close) {
                const seconds available = close - from;
                if (remaining <= available) return from + remaining - utc_offset_;
                remaining -= available;
            }
        }
        day += days(1);
        cursor = day;
    }
}

std::int64_t working_calendar::working_minutes_between(time_point from, time_point to) const {
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
    return time_point(sys_days(date)) + std::chrono::hours(hour) + minutes(minute) +
           seconds(second) - offset;
}

}  // namespace sop
