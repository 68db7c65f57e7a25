#include <array>
#include <charconv>
#include <sopengine/duration.hpp>

#include "detail/text.hpp"

namespace sop {
namespace {

// Ten years of working days at the given day length: anything longer is a typo, not a time.
constexpr std::int64_t max_days = std::int64_t{10} * 366;

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Reads a run of ASCII digits as a non-negative number; std::nullopt when there is none or it
// overflows.
std::optional<std::int64_t> read_number(std::string_view& text) {
    std::size_t length = 0;
    while (length < text.size() && text[length] >= '0' && text[length] <= '9') ++length;
    if (length == 0) return std::nullopt;
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + length, value);
    if (error != std::errc{}) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return value;
}

struct unit_word {
    std::string_view word;
    int unit;  // 0 minutes, 1 hours, 2 days
};

constexpr std::array<unit_word, 16> unit_words{{
    {"menit", 0},
    {"mnt", 0},
    {"minute", 0},
    {"minutes", 0},
    {"min", 0},
    {"mins", 0},
    {"jam", 1},
    {"hour", 1},
    {"hours", 1},
    {"hr", 1},
    {"hrs", 1},
    {"hari", 2},
    {"day", 2},
    {"days", 2},
    {"hk", 2},
    {"hari-kerja", 2},
}};

std::optional<std::int64_t> to_minutes(std::int64_t amount, int unit, std::int64_t per_day) {
    const std::int64_t limit = max_days * per_day;
    std::int64_t factor = unit == 0 ? 1 : unit == 1 ? 60 : per_day;
    if (amount > limit / factor) return std::nullopt;
    return amount * factor;
}

std::optional<std::int64_t> parse_iso(std::string_view text, std::int64_t per_day) {
    // P[nD][T[nH][nM]]
    text.remove_prefix(1);
    std::int64_t total = 0;
    bool in_time = false;
    bool any = false;
    int last_rank = -1;  // keeps the designators in order: D, then H, then M
    while (!text.empty()) {
        if (text.front() == 'T' || text.front() == 't') {
            if (in_time) return std::nullopt;
            in_time = true;
            text.remove_prefix(1);
            if (text.empty()) return std::nullopt;
            continue;
        }
        auto amount = read_number(text);
        if (!amount || text.empty()) return std::nullopt;
        char designator = static_cast<char>(std::toupper(static_cast<unsigned char>(text.front())));
        text.remove_prefix(1);
        int unit = 0;
        int rank = 0;
        if (!in_time && designator == 'D') {
            unit = 2;
            rank = 0;
        } else if (in_time && designator == 'H') {
            unit = 1;
            rank = 1;
        } else if (in_time && designator == 'M') {
            unit = 0;
            rank = 2;
        } else {
            return std::nullopt;  // years, months, weeks and seconds have no working meaning here
        }
        if (rank <= last_rank) return std::nullopt;
        last_rank = rank;
        auto minutes = to_minutes(*amount, unit, per_day);
        if (!minutes) return std::nullopt;
        total += *minutes;
        any = true;
    }
    if (!any) return std::nullopt;
    return total;
}

std::optional<std::int64_t> parse_words(std::string_view text, std::int64_t per_day) {
    std::int64_t total = 0;
    bool any = false;
    while (true) {
        while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
        if (text.empty()) break;
        auto amount = read_number(text);
        if (!amount) return std::nullopt;
        while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
        std::size_t length = 0;
        while (length < text.size() && !is_space(text[length]) &&
               !(text[length] >= '0' && text[length] <= '9')) {
            ++length;
        }
        std::string_view word = text.substr(0, length);
        text.remove_prefix(length);
        const unit_word* found = nullptr;
        for (const auto& candidate : unit_words) {
            if (detail::equals_ignoring_case(candidate.word, word)) found = &candidate;
        }
        if (found == nullptr) return std::nullopt;
        // "hari kerja": working days, as the SOPs sometimes say.
        std::string_view rest = text;
        while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
        if (found->unit == 2 && rest.size() >= 5 &&
            detail::equals_ignoring_case(rest.substr(0, 5), "kerja") &&
            (rest.size() == 5 || is_space(rest[5]))) {
            text = rest.substr(5);
        }
        auto minutes = to_minutes(*amount, found->unit, per_day);
        if (!minutes) return std::nullopt;
        total += *minutes;
        if (total > max_days * per_day) return std::nullopt;
        any = true;
    }
    if (!any) return std::nullopt;
    return total;
}

}  // namespace

std::optional<std::int64_t> parse_duration(std::string_view text, std::int64_t minutes_per_day) {
    if (minutes_per_day <= 0 || minutes_per_day > std::int64_t{24} * 60) return std::nullopt;
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    if (text.front() == 'P' || text.front() == 'p') return parse_iso(text, minutes_per_day);
    return parse_words(text, minutes_per_day);
}

std::string format_duration(std::int64_t minutes, std::int64_t minutes_per_day) {
    if (minutes <= 0) return "0 menit";
    if (minutes_per_day <= 0) minutes_per_day = default_minutes_per_day;
    std::string out;
    auto append = [&out](std::int64_t amount, std::string_view unit) {
        if (amount == 0) return;
        if (!out.empty()) out += ' ';
        out += std::to_string(amount);
        out += ' ';
        out += unit;
    };
    append(minutes / minutes_per_day, "hari");
    minutes %= minutes_per_day;
    append(minutes / 60, "jam");
    append(minutes % 60, "menit");
    return out;
}

}  // namespace sop
