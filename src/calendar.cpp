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

std::string_view to_string(day_off_kind kind) noexcept {
    return kind == day_off_kind::cuti_bersama ? "cuti-bersama" : "holiday";
}

std::int32_t working_hours::minutes() const noexcept {
    std::int32_t total = end - begin;
    for (const time_span& pause : breaks) total -= pause.end - pause.begin;
    return total;
}

namespace {

void check_hours(const working_hours& hours) {
    if (!(hours.begin >= 0 && hours.begin < hours.end && hours.end <= 24 * 60)) {
        invalid("working hours must satisfy 0 <= begin < end <= 1440");
    }
    std::int32_t after = hours.begin;
    for (const time_span& pause : hours.breaks) {
        if (!(pause.begin > after && pause.begin < pause.end && pause.end < hours.end)) {
            invalid(
                "breaks must be in order, apart from each other and strictly inside the working "
                "hours");
        }
        after = pause.end;
    }
}

void check_date(std::chrono::year_month_day date, const char* what) {
    if (!date.ok()) invalid(what);
}

bool ordered(const day_off& a, const day_off& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.name != b.name) return a.name < b.name;
    return a.decree < b.decree;
}

}  // namespace

working_calendar::working_calendar() {
    for (unsigned weekday = 1; weekday <= 5; ++weekday) days_[weekday] = working_hours{};
    rebuild();
}

working_calendar& working_calendar::set_day(unsigned weekday, std::optional<working_hours> hours) {
    if (weekday >= days_.size()) invalid("weekday must be 0 (Sunday) to 6");
    if (hours) check_hours(*hours);
    days_[weekday] = std::move(hours);
    rebuild();
    return *this;
}

working_calendar& working_calendar::add_holiday(std::chrono::year_month_day date) {
    return add_day_off(day_off{date, day_off_kind::holiday, {}, {}});
}

working_calendar& working_calendar::add_day_off(day_off off) {
    check_date(off.date, "a day off must be a valid date");
    const auto at = std::lower_bound(days_off_.begin(), days_off_.end(), off, ordered);
    if (at != days_off_.end() && *at == off) return *this;
    days_off_.insert(at, std::move(off));
    rebuild();
    return *this;
}

working_calendar& working_calendar::add_period(hours_period period) {
    check_date(period.first, "a period's first date must be a valid date");
    check_date(period.last, "a period's last date must be a valid date");
    if (period.last < period.first) invalid("a period's last date must not be before its first");
    for (const auto& hours : period.week) {
        if (hours) check_hours(*hours);
    }
    for (const hours_period& other : periods_) {
        if (!(period.last < other.first || other.last < period.first)) {
            invalid("periods must not overlap");
        }
    }
    const auto at = std::lower_bound(
        periods_.begin(), periods_.end(), period,
        [](const hours_period& a, const hours_period& b) { return a.first < b.first; });
    periods_.insert(at, std::move(period));
    rebuild();
    return *this;
}

working_calendar& working_calendar::set_cuti_bersama_off(bool off) {
    cuti_bersama_off_ = off;
    rebuild();
    return *this;
}

working_calendar& working_calendar::set_utc_offset(std::chrono::minutes offset) {
    if (offset < -minutes(14 * 60) || offset > minutes(14 * 60)) {
        invalid("UTC offset must lie within -14:00 and +14:00");
    }
    utc_offset_ = offset;
    return *this;
}

working_calendar& working_calendar::set_name(std::string name) {
    name_ = std::move(name);
    return *this;
}

std::optional<working_hours> working_calendar::day(unsigned weekday) const {
    if (weekday >= days_.size()) invalid("weekday must be 0 (Sunday) to 6");
    return days_[weekday];
}

bool working_calendar::has_working_time() const noexcept {
    return any_working_time_;
}

bool operator==(const working_calendar& a, const working_calendar& b) noexcept {
    return a.days_ == b.days_ && a.days_off_ == b.days_off_ && a.periods_ == b.periods_ &&
           a.cuti_bersama_off_ == b.cuti_bersama_off_ && a.utc_offset_ == b.utc_offset_ &&
           a.name_ == b.name_;
}

std::uint32_t working_calendar::add_shape(const std::optional<working_hours>& hours) {
    shape made;
    if (hours) {
        std::int64_t from = hours->begin;
        for (const time_span& pause : hours->breaks) {
            made.stretches.emplace_back(from * 60, std::int64_t{pause.begin} * 60);
            from = pause.end;
        }
        made.stretches.emplace_back(from * 60, std::int64_t{hours->end} * 60);
        for (const auto& [begin, end] : made.stretches) made.seconds += end - begin;
    }
    for (std::size_t i = 0; i < shapes_.size(); ++i) {
        if (shapes_[i].stretches == made.stretches) return static_cast<std::uint32_t>(i);
    }
    shapes_.push_back(std::move(made));
    return static_cast<std::uint32_t>(shapes_.size() - 1);
}

// Compiles what the calendar is into what its arithmetic reads: a table of day shapes, the
// week's, and the dates whose shape is not their weekday's, sorted.
void working_calendar::rebuild() {
    shapes_.clear();
    shapes_.emplace_back();  // 0: closed
    for (std::size_t w = 0; w < days_.size(); ++w) week_[w] = add_shape(days_[w]);
    std::vector<exception> found;
    for (const hours_period& period : periods_) {
        std::array<std::uint32_t, 7> shapes{};
        for (std::size_t w = 0; w < 7; ++w) shapes[w] = add_shape(period.week[w]);
        for (std::int64_t d = day_number(period.first); d <= day_number(period.last); ++d) {
            found.push_back({d, shapes[weekday_of(d)]});
        }
    }
    for (const day_off& off : days_off_) {
        if (off.kind == day_off_kind::cuti_bersama && !cuti_bersama_off_) continue;
        found.push_back({day_number(off.date), 0});
    }
    // A day off closes a period's day: it comes after it, and the stable sort keeps the order.
    std::stable_sort(found.begin(), found.end(),
                     [](const exception& a, const exception& b) { return a.day < b.day; });
    exceptions_.clear();
    for (const exception& e : found) {
        if (!exceptions_.empty() && exceptions_.back().day == e.day) {
            exceptions_.back().shape = e.shape;
        } else {
            exceptions_.push_back(e);
        }
    }
    std::erase_if(exceptions_,
                  [this](const exception& e) { return e.shape == week_[weekday_of(e.day)]; });
    week_seconds_ = 0;
    week_days_ = 0;
    for (std::uint32_t index : week_) {
        week_seconds_ += shapes_[index].seconds;
        if (shapes_[index].seconds > 0) ++week_days_;
    }
    any_working_time_ =
        week_seconds_ > 0 || std::any_of(exceptions_.begin(), exceptions_.end(),
                                         [](const exception& e) { return e.shape != 0; });
}

std::optional<working_hours> working_calendar::hours_on(std::chrono::year_month_day date) const {
    check_date(date, "not a valid date");
    const auto off = std::lower_bound(
        days_off_.begin(), days_off_.end(), date,
        [](const day_off& d, std::chrono::year_month_day wanted) { return d.date < wanted; });
    for (auto at = off; at != days_off_.end() && at->date == date; ++at) {
        if (at->kind == day_off_kind::holiday || cuti_bersama_off_) return std::nullopt;
    }
    const unsigned weekday = weekday_of(day_number(date));
    for (const hours_period& period : periods_) {
        if (period.first <= date && date <= period.last) return period.week[weekday];
    }
    return days_[weekday];
}

bool working_calendar::is_working_day(std::chrono::year_month_day date) const {
    return hours_on(date).has_value();
}

std::int64_t working_calendar::week_minutes() const noexcept {
    return week_seconds_ / 60;
}

std::int64_t working_calendar::day_minutes() const noexcept {
    return week_days_ == 0 ? 0 : week_seconds_ / 60 / week_days_;
}

std::int64_t working_calendar::minutes_of(const time_amount& amount) const noexcept {
    constexpr std::int64_t week_clock_minutes = std::int64_t{7} * 24 * 60;
    // Rounded to the nearest minute; the amounts are bounded far below overflow.
    const std::int64_t clock =
        (amount.clock_minutes * week_minutes() * 2 + week_clock_minutes) / (2 * week_clock_minutes);
    return amount.days * day_minutes() + amount.minutes + clock;
}

time_point working_calendar::add_working_minutes(time_point start, std::int64_t amount) const {
    std::error_code why;
    const time_point due = add_working_minutes(start, amount, why);
    return or_throw(due, why, "cannot add working minutes");
}

time_point working_calendar::add_working_minutes(time_point start, std::int64_t amount,
                                                 std::error_code& why) const noexcept {
    return add(start, time_amount{0, amount, 0}, why);
}

time_point working_calendar::add(time_point start, const time_amount& amount) const {
    std::error_code why;
    const time_point due = add(start, amount, why);
    return or_throw(due, why, "cannot work out the due time");
}

time_point working_calendar::add(time_point start, const time_amount& amount,
                                 std::error_code& why) const noexcept {
    std::int64_t due = 0;
    if (const errc failed =
            detail::calendar_access::add(*this, start.time_since_epoch().count(), amount, due);
        failed != errc{}) {
        why = failed;
        return start;
    }
    why.clear();
    return time_point(seconds(due));
}

namespace {

constexpr std::int64_t earliest_second = earliest_time.time_since_epoch().count();
constexpr std::int64_t latest_second = latest_time.time_since_epoch().count();

constexpr int failure(errc code) noexcept {
    return static_cast<int>(code);
}

}  // namespace

int working_calendar::add_amount(std::int64_t start, const time_amount& amount,
                                 std::int64_t& due) const noexcept {
    if (amount.days < 0 || amount.minutes < 0 || amount.clock_minutes < 0) {
        return failure(errc::invalid_argument);
    }
    if (start < earliest_second || start > latest_second) return failure(errc::time_out_of_range);
    // Every part of the range has fewer working days and minutes than days and minutes.
    constexpr std::int64_t range_minutes = (latest_second - earliest_second) / 60;
    if (amount.days > range_minutes / (std::int64_t{24} * 60) || amount.minutes > range_minutes ||
        amount.clock_minutes > range_minutes) {
        return failure(errc::time_out_of_range);
    }
    std::int64_t at = start;
    if (amount.days > 0) {
        if (const int failed = add_days(at, amount.days, at); failed != 0) return failed;
    }
    if (amount.minutes > 0) {
        if (const int failed = add_seconds(at, amount.minutes * 60, at); failed != 0) {
            return failed;
        }
    }
    if (amount.clock_minutes * 60 > latest_second - at) return failure(errc::time_out_of_range);
    due = at + amount.clock_minutes * 60;
    return 0;
}

// Working seconds after `start` (in range; seconds > 0, at most the range).
// Walks the days forward from a day: each day's shape, the exceptions passed in order (one
// search at the start) and the weekday kept by counting, so that a day costs a few compares.
struct working_calendar::day_cursor {
    day_cursor(const working_calendar& calendar, std::int64_t first) noexcept
        : days(calendar), day(first), weekday(weekday_of(first)) {
        next = static_cast<std::size_t>(
            std::lower_bound(days.exceptions_.begin(), days.exceptions_.end(), first,
                             [](const exception& e, std::int64_t d) { return e.day < d; }) -
            days.exceptions_.begin());
    }

    bool on_exception() const noexcept {
        return next < days.exceptions_.size() && days.exceptions_[next].day == day;
    }
    bool exception_ahead() const noexcept { return next < days.exceptions_.size(); }
    // The next exception's day (on or after this day), or `otherwise` when there is none.
    std::int64_t next_exception(std::int64_t otherwise) const noexcept {
        return exception_ahead() ? days.exceptions_[next].day : otherwise;
    }
    const shape& today() const noexcept {
        return days.shapes_[on_exception() ? days.exceptions_[next].shape : days.week_[weekday]];
    }
    void step() noexcept {
        if (on_exception()) ++next;
        ++day;
        weekday = weekday == 6 ? 0 : weekday + 1;
    }
    // The first exception's day after this day, or `otherwise`.
    std::int64_t next_exception_after(std::int64_t otherwise) const noexcept {
        const std::size_t after = next + (on_exception() ? 1 : 0);
        return after < days.exceptions_.size() ? days.exceptions_[after].day : otherwise;
    }
    // Whole weeks ahead, which the caller knows hold no exception after this day.
    void skip_weeks(std::int64_t weeks) noexcept {
        if (on_exception()) ++next;
        day += 7 * weeks;
    }
    // To the next exception's day (the days between have no working time).
    void to_next_exception() noexcept {
        day = days.exceptions_[next].day;
        weekday = weekday_of(day);
    }

    const working_calendar& days;
    std::int64_t day;
    unsigned weekday;
    std::size_t next = 0;  // the first exception on or after `day`
};

// Working seconds after `start` (in range; seconds > 0, at most the range).
int working_calendar::add_seconds(std::int64_t start, std::int64_t amount,
                                  std::int64_t& due) const noexcept {
    if (amount > latest_second - start) return failure(errc::time_out_of_range);
    if (!any_working_time_) return failure(errc::no_working_time);
    // Local time stays within a day of the range, far from the limits of the representation.
    const std::int64_t offset = utc_offset_.count() * 60;
    const std::int64_t local = start + offset;
    const std::int64_t last_day = floor_div(latest_second + offset, seconds_per_day);
    day_cursor at(*this, floor_div(local, seconds_per_day));
    std::int64_t time_of_day = local - at.day * seconds_per_day;
    std::int64_t remaining = amount;
    while (at.day <= last_day) {
        for (const auto& [begin, end] : at.today().stretches) {
            const std::int64_t from = std::max(time_of_day, begin);
            if (from >= end) continue;
            if (remaining <= end - from) {
                const std::int64_t result = at.day * seconds_per_day + from + remaining - offset;
                if (result > latest_second) return failure(errc::time_out_of_range);
                due = result;
                return 0;
            }
            remaining -= end - from;
        }
        at.step();
        time_of_day = 0;
        if (week_seconds_ == 0) {
            // Only exceptions have working time: go to the next one, if any.
            if (!at.exception_ahead()) return failure(errc::no_working_time);
            at.to_next_exception();
            continue;
        }
        // Whole weeks without an exception, while more than a week's work remains.
        const std::int64_t weeks = std::min((at.next_exception(last_day + 8) - at.day) / 7,
                                            (remaining - 1) / week_seconds_);
        if (weeks > 0) {
            at.skip_weeks(weeks);
            remaining -= weeks * week_seconds_;
        }
    }
    return failure(errc::time_out_of_range);
}

// Working days after `start` (in range; days > 0, at most the range's days).
int working_calendar::add_days(std::int64_t start, std::int64_t days,
                               std::int64_t& due) const noexcept {
    if (!any_working_time_) return failure(errc::no_working_time);
    const std::int64_t offset = utc_offset_.count() * 60;
    const std::int64_t local = start + offset;
    const std::int64_t last_day = floor_div(latest_second + offset, seconds_per_day);
    day_cursor at(*this, floor_div(local, seconds_per_day));
    const std::int64_t time_of_day = local - at.day * seconds_per_day;

    // Moves to the next day with working time, or says why there is none.
    const auto next_working = [&]() -> int {
        while (true) {
            at.step();
            if (week_seconds_ == 0 && !at.on_exception()) {
                if (!at.exception_ahead()) return failure(errc::no_working_time);
                at.to_next_exception();
            }
            if (at.day > last_day) return failure(errc::time_out_of_range);
            if (!at.today().stretches.empty()) return 0;
        }
    };

    // Where work begins: day D0 at clock time `clock`.
    std::int64_t clock = -1;
    for (const auto& [begin, end] : at.today().stretches) {
        if (time_of_day < end) {
            clock = std::max(time_of_day, begin);
            break;
        }
    }
    if (clock < 0) {
        if (const int failed = next_working(); failed != 0) return failed;
        clock = at.today().stretches.front().first;
    }

    // The days-th working day after it, and the working day before that when known (-1 when it
    // lies in weeks skipped whole).
    std::int64_t counted = at.day;
    std::int64_t previous = -1;
    for (std::int64_t remaining = days; remaining > 0;) {
        if (week_days_ > 0) {
            // The days after this one, up to the next exception, are ordinary weeks.
            const std::int64_t weeks =
                std::min((at.next_exception_after(last_day + 8) - at.day - 1) / 7,
                         (remaining - 1) / week_days_);
            if (weeks > 0) {
                at.skip_weeks(weeks);
                remaining -= weeks * week_days_;
                counted = -1;
            }
        }
        if (const int failed = next_working(); failed != 0) return failed;
        if (--remaining == 0) previous = counted;
        counted = at.day;
    }
    const std::int64_t day = at.day;
    const shape& target = at.today();
    const std::int64_t opening = target.stretches.front().first;
    const std::int64_t close = target.stretches.back().second;
    const std::int64_t moment = std::clamp(clock, opening, close);
    std::int64_t result = -1;
    for (std::size_t i = target.stretches.size(); i-- > 0;) {
        const auto [begin, end] = target.stretches[i];
        if (moment > begin && moment <= end) {
            result = day * seconds_per_day + moment;  // inside a stretch of working time
            break;
        }
        if (end <= moment) {
            result = day * seconds_per_day + end;  // in a break: its start
            break;
        }
    }
    if (result < 0) {
        // At the opening: the close of the working day before, which is the same point of
        // working time, unless that day closes at or before the clock time: its own count
        // ended at its close, and one day more must end later, so the opening stands.
        const auto shape_on = [this](std::int64_t d) -> const shape& {
            return day_cursor(*this, d).today();
        };
        std::int64_t before = previous;
        if (before < 0) {
            before = day - 1;
            while (shape_on(before).stretches.empty()) --before;
        }
        const std::int64_t before_close = shape_on(before).stretches.back().second;
        result = clock < before_close ? before * seconds_per_day + before_close
                                      : day * seconds_per_day + opening;
    }
    result -= offset;
    if (result > latest_second) return failure(errc::time_out_of_range);
    due = result;
    return 0;
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
    const std::int64_t offset = utc_offset_.count() * 60;
    const std::int64_t low = from.time_since_epoch().count() + offset;
    const std::int64_t high = to.time_since_epoch().count() + offset;
    const std::int64_t last = floor_div(high - 1, seconds_per_day);
    const std::int64_t whole_end = floor_div(high, seconds_per_day);  // days before it are whole
    std::int64_t total = 0;
    for (day_cursor at(*this, floor_div(low, seconds_per_day)); at.day <= last; at.step()) {
        if (at.day * seconds_per_day >= low) {
            if (week_seconds_ == 0 && !at.on_exception()) {
                if (!at.exception_ahead()) break;
                at.to_next_exception();
                if (at.day > last) break;
            } else if (week_seconds_ > 0) {
                // Whole weeks without an exception, inside [from, to).
                const std::int64_t weeks =
                    std::min(at.next_exception(last + 8) - at.day, whole_end - at.day) / 7;
                if (weeks > 0) {
                    total += weeks * week_seconds_;
                    at.skip_weeks(weeks);
                    if (at.day > last) break;
                }
            }
        }
        const std::int64_t start_of_day = at.day * seconds_per_day;
        for (const auto& [begin, end] : at.today().stretches) {
            const std::int64_t open = std::max(start_of_day + begin, low);
            const std::int64_t close = std::min(start_of_day + end, high);
            if (open < close) total += close - open;
        }
    }
    return total / 60;
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
