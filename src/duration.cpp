#include <fmt/format.h>

#include <array>
#include <charconv>
#include <sopengine/duration.hpp>
#include <string>
#include <vector>

#include "detail/text.hpp"

namespace sop {
namespace {

// The most of each unit a standard time may hold: ten years of days, working minutes at 24
// hours a day, or clock minutes.
constexpr std::int64_t max_minutes = max_standard_days * 24 * 60;

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// ---- ISO 8601 ---------------------------------------------------------------------------------

// Reads a run of ASCII digits as a non-negative number; std::nullopt when there is none or it
// overflows.
std::optional<std::int64_t> read_number(std::string_view& text) {
    std::size_t length = 0;
    while (length < text.size() && is_digit(text[length])) ++length;
    if (length == 0) return std::nullopt;
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + length, value);
    if (error != std::errc{}) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return value;
}

// P[nD][T[nH][nM]]
std::optional<time_amount> parse_iso(std::string_view text) {
    text.remove_prefix(1);
    time_amount total;
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
        if (!amount || text.empty() || *amount > max_minutes) return std::nullopt;
        const char designator = static_cast<char>(text.front() & ~0x20);  // upper case
        text.remove_prefix(1);
        int rank = 0;
        if (!in_time && designator == 'D') {
            rank = 0;
            total.days += *amount;
        } else if (in_time && designator == 'H') {
            rank = 1;
            total.minutes += *amount * 60;
        } else if (in_time && designator == 'M') {
            rank = 2;
            total.minutes += *amount;
        } else {
            return std::nullopt;  // years, months, weeks and seconds have no working meaning here
        }
        if (rank <= last_rank) return std::nullopt;
        last_rank = rank;
        any = true;
    }
    if (!any || total.days > max_standard_days || total.minutes > max_minutes) return std::nullopt;
    return total;
}

// ---- the SOP's own words ----------------------------------------------------------------------

enum class token_kind : std::uint8_t { number, word, dot, dash, open, close, about };

struct token {
    token_kind kind;
    std::string text;           // a word in lower case, or the digits of a number as written
    std::int64_t whole = 0;     // numbers: the part before the decimal comma
    std::int64_t fraction = 0;  // numbers: the digits after it, as a number
    std::int64_t scale = 1;     // numbers: 10 to the count of those digits
};

// The token of a one-character mark: . - ( ).
std::optional<token_kind> punctuation(char c) noexcept {
    switch (c) {
        case '.': return token_kind::dot;
        case '-': return token_kind::dash;
        case '(': return token_kind::open;
        case ')': return token_kind::close;
        default: return std::nullopt;
    }
}

// Splits the text into tokens; std::nullopt and `problem` set for a character that has no place.
std::optional<std::vector<token>> tokenize(std::string_view text, std::string& problem) {
    std::vector<token> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const char c = text[at];
        if (is_space(c)) {
            ++at;
        } else if (is_digit(c)) {
            std::size_t end = at;
            while (end < text.size() && is_digit(text[end])) ++end;
            token number{token_kind::number, std::string(text.substr(at, end - at))};
            if (end - at > 12) {
                problem = "the amount is far too large";
                return std::nullopt;
            }
            std::from_chars(text.data() + at, text.data() + end, number.whole);
            if (end + 1 < text.size() && (text[end] == ',' || text[end] == '.') &&
                is_digit(text[end + 1])) {
                if (text[end] == '.') {
                    problem = fmt::format(
                        "\"{}\" has a decimal point; write the decimal with a comma (\"0,5 jam\"), "
                        "or the time in minutes",
                        text.substr(at, end + 2 - at));
                    return std::nullopt;
                }
                std::size_t digits = end + 1;
                while (digits < text.size() && is_digit(text[digits])) ++digits;
                if (digits - end - 1 > 6) {
                    problem = "the decimal has too many digits";
                    return std::nullopt;
                }
                for (std::size_t i = end + 1; i < digits; ++i) {
                    number.fraction = number.fraction * 10 + (text[i] - '0');
                    number.scale *= 10;
                }
                number.text = std::string(text.substr(at, digits - at));
                end = digits;
            }
            out.push_back(std::move(number));
            at = end;
        } else if (is_letter(c)) {
            std::size_t end = at;
            while (end < text.size() &&
                   (is_letter(text[end]) ||
                    (text[end] == '-' && end + 1 < text.size() && is_letter(text[end + 1])))) {
                ++end;
            }
            // "s.d." and "s/d": up to, as one word
            std::string word = detail::ascii_lower(text.substr(at, end - at));
            if (word == "s" && end + 1 < text.size() && (text[end] == '.' || text[end] == '/') &&
                (text[end + 1] == 'd' || text[end + 1] == 'D')) {
                word = "s.d.";
                end += 2;
                if (end < text.size() && text[end] == '.') ++end;
            }
            out.push_back({token_kind::word, std::move(word)});
            at = end;
        } else if (const auto mark = punctuation(c)) {
            out.push_back({*mark, std::string(1, c)});
            ++at;
        } else if (c == '+' && text.substr(at, 3) == "+/-") {
            out.push_back({token_kind::about, "±"});
            at += 3;
        } else if (c == '\xC2' && text.substr(at, 2) == "\xC2\xB1") {  // ±
            out.push_back({token_kind::about, "±"});
            at += 2;
        } else if (c == '\xC3' && text.substr(at, 2) == "\xC3\x97") {  // ×
            out.push_back({token_kind::word, "x"});
            at += 2;
        } else if (text.substr(at, 3) == "\xE2\x80\x93" || text.substr(at, 3) == "\xE2\x80\x94") {
            out.push_back({token_kind::dash, "-"});  // en and em dash
            at += 3;
        } else {
            const std::size_t length = detail::decode_utf8(text, at).second;
            problem = fmt::format("'{}' has no place in a standard time",
                                  detail::shown(text.substr(at, length)));
            return std::nullopt;
        }
    }
    return out;
}

enum class unit : std::uint8_t { minute, hour, day, clock_day };

struct unit_word {
    std::string_view word;
    unit means;
};

constexpr std::array<unit_word, 17> unit_words{{
    {"menit", unit::minute},
    {"mnt", unit::minute},
    {"min", unit::minute},
    {"mins", unit::minute},
    {"minute", unit::minute},
    {"minutes", unit::minute},
    {"jam", unit::hour},
    {"hour", unit::hour},
    {"hours", unit::hour},
    {"hari", unit::day},
    {"hr", unit::day},
    {"day", unit::day},
    {"days", unit::day},
    {"hk", unit::day},
    {"hari-kerja", unit::day},
    {"hari-kalender", unit::clock_day},
    {"workday", unit::day},
}};

// Words that are not units of a standard time, and what to write instead.
struct not_a_unit {
    std::string_view word;
    std::string_view instead;
};

constexpr std::string_view a_week =
    R"(a week is not a standard time; write its working days ("5 hari") or "7 hari kalender")";
constexpr std::string_view a_month =
    R"(a month is not a standard time; write its working days ("20 hari") or "30 hari kalender")";
constexpr std::string_view a_year =
    R"(a year is not a standard time; write its working days or "365 hari kalender")";
constexpr std::string_view no_seconds = "seconds are not kept; write whole minutes";

constexpr std::array<not_a_unit, 16> not_units{{
    {"hrs", R"("hrs" may mean hours or days; write "jam" for hours or "hari" for days)"},
    {"minggu", a_week},
    {"pekan", a_week},
    {"week", a_week},
    {"weeks", a_week},
    {"bulan", a_month},
    {"month", a_month},
    {"months", a_month},
    {"tahun", a_year},
    {"year", a_year},
    {"years", a_year},
    {"detik", no_seconds},
    {"dtk", no_seconds},
    {"second", no_seconds},
    {"seconds", no_seconds},
    {"sec", no_seconds},
}};

// Words in front of an amount that change nothing ("± 15 menit", "maks. 2 hari").
constexpr std::array<std::string_view, 8> leading_words{
    {"maks", "maksimal", "maksimum", "max", "sekitar", "kurang-lebih", "lebih-kurang", "paling"}};

// Words between the bounds of a range.
constexpr std::array<std::string_view, 5> range_words{{"s.d.", "sd", "sampai", "hingga", "to"}};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
    for (std::string_view w : words) {
        if (w == word) return true;
    }
    return false;
}

// An Indonesian number written in words ("satu", "dua belas", "seratus dua puluh"), as
// thousandths; std::nullopt when the words are not one.
std::optional<std::int64_t> number_in_words(const std::vector<std::string>& words) {
    static constexpr std::array<std::string_view, 10> digits{
        {"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"}};
    std::int64_t total = 0;
    std::int64_t chunk = 0;  // below a thousand
    std::int64_t last = -1;  // a digit waiting for its place
    std::int64_t decimals = 0;
    int decimal_places = -1;  // after "koma"
    for (const std::string& word : words) {
        std::int64_t digit = -1;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (digits[i] == word) digit = static_cast<std::int64_t>(i);
        }
        if (decimal_places >= 0) {
            if (digit < 0 || decimal_places == 3) return std::nullopt;
            decimals = decimals * 10 + digit;
            ++decimal_places;
            continue;
        }
        const auto take = [&](std::int64_t factor) {
            if (last < 0) return false;
            chunk += last * factor;
            last = -1;
            return true;
        };
        if (digit >= 0) {
            if (last >= 0) return std::nullopt;
            last = digit;
        } else if (word == "sepuluh") {
            if (last >= 0) return std::nullopt;
            chunk += 10;
        } else if (word == "sebelas") {
            if (last >= 0) return std::nullopt;
            chunk += 11;
        } else if (word == "seratus") {
            if (last >= 0) return std::nullopt;
            chunk += 100;
        } else if (word == "seribu") {
            if (last >= 0 || chunk != 0) return std::nullopt;
            total += 1000;
        } else if (word == "belas") {
            if (last < 0) return std::nullopt;
            chunk += last + 10;
            last = -1;
        } else if (word == "puluh") {
            if (!take(10)) return std::nullopt;
        } else if (word == "ratus") {
            if (!take(100)) return std::nullopt;
        } else if (word == "ribu") {
            if (last >= 0) chunk += last;
            last = -1;
            if (chunk == 0) return std::nullopt;
            total += chunk * 1000;
            chunk = 0;
        } else if (word == "koma") {
            decimal_places = 0;
            if (last >= 0) chunk += last;
            last = -1;
        } else {
            return std::nullopt;
        }
    }
    if (last >= 0) chunk += last;
    if (decimal_places == 0) return std::nullopt;
    std::int64_t thousandths = (total + chunk) * 1000;
    for (int place = decimal_places; place > 0 && place < 3; ++place) decimals *= 10;
    if (decimal_places > 0) thousandths += decimals;
    return thousandths;
}

class words_parser {
public:
    explicit words_parser(std::vector<token> tokens) : tokens_(std::move(tokens)) {}

    std::optional<standard_time> parse() {
        skip_leading();
        if (at_ < tokens_.size() && tokens_.back().kind == token_kind::dot) tokens_.pop_back();
        if (at_ == tokens_.size()) return fail("there is no amount");

        // "1-2 hari": a bare number, then the range's second bound with the unit of both.
        if (peek(token_kind::number) && at_ + 1 < tokens_.size() && is_range_word(at_ + 1)) {
            const token first = tokens_[at_++];
            skip_range_word();
            const std::size_t second_at = at_;
            auto most = sum();
            if (!most) return std::nullopt;
            if (terms_ != 1) {
                return fail(fmt::format("write the unit after {} as well", first.text));
            }
            auto least = amount_of(first, unit_, tokens_[second_at].text);
            if (!least) return std::nullopt;
            return range(*least, *most);
        }
        auto least = sum();
        if (!least) return std::nullopt;
        if (at_ == tokens_.size()) return standard_time{*least, *least};
        if (!is_range_word(at_)) return unexpected();
        skip_range_word();
        auto most = sum();
        if (!most) return std::nullopt;
        return range(*least, *most);
    }

    std::string problem;

private:
    // Records why the text is not a standard time; converts to any empty optional.
    std::nullopt_t fail(std::string why) {
        problem = std::move(why);
        return std::nullopt;
    }

    // The token at at_, which the grammar has no place for.
    std::nullopt_t unexpected() {
        const token& t = tokens_[at_];
        if (t.kind == token_kind::number) {
            return fail(
                fmt::format("{} follows a complete amount; join amounts with units, as "
                            "in \"1 jam 30 menit\"",
                            t.text));
        }
        return fail(fmt::format("\"{}\" has no place here", t.text));
    }

    bool peek(token_kind kind) const { return at_ < tokens_.size() && tokens_[at_].kind == kind; }
    bool peek_word(std::string_view word) const {
        return peek(token_kind::word) && tokens_[at_].text == word;
    }

    void skip_leading() {
        if (peek(token_kind::about)) {
            ++at_;
            return;
        }
        if (peek_word("kurang") || peek_word("lebih")) {
            const std::string_view other = tokens_[at_].text == "kurang" ? "lebih" : "kurang";
            if (at_ + 1 < tokens_.size() && tokens_[at_ + 1].text == other) at_ += 2;
            return;
        }
        if (peek_word("paling")) {
            if (at_ + 1 < tokens_.size() && tokens_[at_ + 1].text == "lama") at_ += 2;
            return;
        }
        if (peek(token_kind::word) && is_one_of(tokens_[at_].text, leading_words)) {
            ++at_;
            if (peek(token_kind::dot)) ++at_;
        }
    }

    bool is_range_word(std::size_t i) const {
        return tokens_[i].kind == token_kind::dash ||
               (tokens_[i].kind == token_kind::word && is_one_of(tokens_[i].text, range_words));
    }

    void skip_range_word() {
        const bool until = tokens_[at_].text == "sampai";
        ++at_;
        if (until && peek_word("dengan")) ++at_;
    }

    // One or more "amount unit" terms.
    std::optional<time_amount> sum() {
        time_amount total;
        terms_ = 0;
        while (peek(token_kind::number)) {
            const token& number = tokens_[at_++];
            if (peek(token_kind::open)) {
                if (!spelled_out(number)) return std::nullopt;
            }
            // "3 x 24 jam": days on the clock
            if (peek_word("x")) {
                ++at_;
                if (!(peek(token_kind::number) && tokens_[at_].whole == 24 &&
                      tokens_[at_].scale == 1 && at_ + 1 < tokens_.size() &&
                      tokens_[at_ + 1].text == "jam")) {
                    return fail(fmt::format(R"(after "{} x" write "24 jam" for days on the clock)",
                                            number.text));
                }
                at_ += 2;
                auto part = amount_of(number, unit::clock_day, number.text + " x 24 jam");
                if (!part) return std::nullopt;
                total = total + *part;
            } else {
                if (!peek(token_kind::word)) {
                    return fail(fmt::format(
                        R"({} has no unit; write e.g. "{} menit", "{} jam" or "{} hari")",
                        number.text, number.text, number.text, number.text));
                }
                const std::string written = tokens_[at_].text;
                auto read = read_unit();
                if (!read) return std::nullopt;
                unit_ = *read;
                auto part = amount_of(number, *read, written);
                if (!part) return std::nullopt;
                total = total + *part;
            }
            ++terms_;
            if ((total.days != 0 || total.minutes != 0) && total.clock_minutes != 0) {
                return fail("working time and time on the clock are mixed; write one or the other");
            }
            if (total.days > max_standard_days || total.minutes > max_minutes ||
                total.clock_minutes > max_minutes) {
                return fail("it is longer than ten years");
            }
        }
        if (terms_ == 0) {
            if (at_ < tokens_.size()) return unexpected();
            return fail("there is no amount");
        }
        return total;
    }

    // The unit word at at_ (with "kerja", "kalender" and a dot after it).
    std::optional<unit> read_unit() {
        const std::string word = tokens_[at_++].text;
        std::optional<unit> found;
        for (const unit_word& candidate : unit_words) {
            if (candidate.word == word) found = candidate.means;
        }
        if (!found) {
            for (const not_a_unit& other : not_units) {
                if (other.word == word) {
                    problem = std::string(other.instead);
                    return std::nullopt;
                }
            }
            std::vector<std::string_view> names;
            names.reserve(unit_words.size());
            for (const unit_word& candidate : unit_words) names.push_back(candidate.word);
            std::string why = fmt::format("\"{}\" is not a unit of time", word);
            std::string_view best;
            std::size_t best_distance = 3;
            for (std::string_view name : names) {
                const std::size_t distance = detail::edit_distance(word, name);
                if (distance < best_distance &&
                    distance * 3 <= std::max(word.size(), name.size())) {
                    best = name;
                    best_distance = distance;
                }
            }
            if (!best.empty()) {
                why += fmt::format("; did you mean \"{}\"?", best);
            } else {
                why += "; write menit, jam or hari (working time), or \"hari kalender\"";
            }
            problem = std::move(why);
            return std::nullopt;
        }
        if (peek(token_kind::dot) && *found != unit::clock_day) ++at_;  // "Hr.", "mnt."
        // "hari kerja", "jam kerja": working time, as the unit says anyway.
        if ((*found == unit::day || *found == unit::hour) && peek_word("kerja")) {
            ++at_;
        } else if (*found == unit::day && peek_word("kalender")) {
            ++at_;
            found = unit::clock_day;
        }
        return found;
    }

    // "1 (satu)": the words must say the number.
    bool spelled_out(const token& number) {
        ++at_;  // (
        std::vector<std::string> words;
        while (peek(token_kind::word)) words.push_back(tokens_[at_++].text);
        if (!peek(token_kind::close) || words.empty()) {
            problem = fmt::format(
                "after {} write the amount in words in brackets, as in "
                "\"1 (satu) hari\"",
                number.text);
            return false;
        }
        ++at_;  // )
        std::string said;
        for (const std::string& word : words) said += (said.empty() ? "" : " ") + word;
        const auto value = number_in_words(words);
        if (!value) {
            problem = fmt::format("\"({})\" is not a number in words", said);
            return false;
        }
        const std::int64_t written = number.whole * 1000 + number.fraction * 1000 / number.scale;
        if (*value != written) {
            problem = fmt::format("{} says one amount and \"({})\" another; make them agree",
                                  number.text, said);
            return false;
        }
        return true;
    }

    std::optional<time_amount> amount_of(const token& number, unit what, std::string_view written) {
        const std::int64_t factor = what == unit::minute ? 1
                                    : what == unit::hour ? 60
                                    : what == unit::day  ? 1
                                                         : 24 * 60;
        if (number.fraction != 0 && what == unit::day) {
            problem = fmt::format(
                "\"{} {}\": part of a working day depends on the calendar's hours; write it in "
                "jam or menit (\"4 jam\" is half of an 8-hour day)",
                number.text, written);
            return std::nullopt;
        }
        if (number.whole > max_minutes) {
            problem = "it is longer than ten years";
            return std::nullopt;
        }
        const std::int64_t whole = number.whole * factor;
        const std::int64_t part = number.fraction * factor;
        if (part % number.scale != 0) {
            problem =
                fmt::format("\"{} {}\" is not a whole number of minutes", number.text, written);
            return std::nullopt;
        }
        const std::int64_t value = whole + part / number.scale;
        switch (what) {
            case unit::minute:
            case unit::hour: return time_amount{0, value, 0};
            case unit::day: return time_amount{value, 0, 0};
            case unit::clock_day: return time_amount{0, 0, value};
        }
        return std::nullopt;
    }

    std::optional<standard_time> range(time_amount least, time_amount most) {
        if (at_ != tokens_.size()) return unexpected();
        if ((least.clock_minutes != 0) != (most.clock_minutes != 0) &&
            !(least.is_zero() || most.is_zero())) {
            return fail("a range has working time on one side and time on the clock on the other");
        }
        const bool ordered = least.days != most.days ? least.days < most.days
                             : least.minutes != most.minutes
                                 ? least.minutes < most.minutes
                                 : least.clock_minutes <= most.clock_minutes;
        if (!ordered) {
            return fail("a range gives the shorter time first, as in \"1-2 hari\"");
        }
        return standard_time{least, most};
    }

    std::vector<token> tokens_;
    std::size_t at_ = 0;
    std::size_t terms_ = 0;     // terms of the last sum
    unit unit_ = unit::minute;  // the unit of the last term
};

void append(std::string& out, std::int64_t amount, std::string_view unit) {
    if (amount == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(amount);
    out += ' ';
    out += unit;
}

}  // namespace

standard_time_result parse_standard_time(std::string_view text) {
    standard_time_result result;
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    if (text.empty()) {
        result.problem = "it is empty";
        return result;
    }
    if ((text.front() == 'P' || text.front() == 'p') && text.size() > 1 &&
        (is_digit(text[1]) || text[1] == 'T' || text[1] == 't')) {
        if (auto amount = parse_iso(text)) {
            result.time = standard_time{*amount, *amount};
        } else {
            result.problem =
                R"(it is not an ISO 8601 duration of days, hours and minutes ("PT2H", "P1DT30M"))";
        }
        return result;
    }
    auto tokens = tokenize(text, result.problem);
    if (!tokens) return result;
    words_parser parser(std::move(*tokens));
    result.time = parser.parse();
    if (!result.time) result.problem = std::move(parser.problem);
    return result;
}

std::string format_amount(const time_amount& amount) {
    std::string out;
    append(out, amount.days, "hari");
    append(out, amount.minutes / 60, "jam");
    append(out, amount.minutes % 60, "menit");
    if (amount.clock_minutes != 0) {
        if (!out.empty()) out += ' ';
        constexpr std::int64_t day = std::int64_t{24} * 60;
        const std::int64_t days = amount.clock_minutes / day;
        const std::int64_t rest = amount.clock_minutes % day;
        std::string clock;
        if (days != 0) clock = fmt::format("{} x 24 jam", days);
        append(clock, rest / 60, "jam");
        append(clock, rest % 60, "menit");
        out += clock;
        if (days == 0) out += " kalender";
    }
    return out.empty() ? "0 menit" : out;
}

std::string format_standard_time(const standard_time& time) {
    if (!time.is_range()) return format_amount(time.most);
    return fmt::format("{} - {}", format_amount(time.least), format_amount(time.most));
}

std::string format_minutes(std::int64_t minutes) {
    if (minutes <= 0) return "0 menit";
    std::string out;
    append(out, minutes / 60, "jam");
    append(out, minutes % 60, "menit");
    return out;
}

}  // namespace sop
