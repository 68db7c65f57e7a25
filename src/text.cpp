#include "detail/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <limits>

namespace sop::detail {
namespace {

bool is_xml_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A line ends at a line feed, and at a carriage return not followed by one (old Mac files); a
// CR LF pair ends one line.
bool ends_line(std::string_view text, std::size_t i) noexcept {
    return text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
}

}  // namespace

std::string normalize_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    // Appends each run of non-space bytes whole, one space between runs.
    const char* at = text.data();
    const char* const end = at + text.size();
    while (at != end) {
        const char* word = std::find_if_not(at, end, is_xml_space);
        if (word == end) break;
        at = std::find_if(word, end, is_xml_space);
        if (!out.empty()) out += ' ';
        out.append(word, at);
    }
    return out;
}

std::string trim_space(std::string_view text) {
    const char* begin = std::find_if_not(text.begin(), text.end(), is_xml_space);
    const char* end =
        std::find_if_not(text.rbegin(), std::make_reverse_iterator(begin), is_xml_space).base();
    std::string out(begin, end);
    std::replace_if(out.begin(), out.end(), is_xml_space, ' ');
    return out;
}

std::size_t find_invalid_utf8(std::string_view text) noexcept {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        // ASCII eight bytes at a time.
        std::uint64_t word = 0;
        while (i + sizeof word <= size &&
               (std::memcpy(&word, bytes + i, sizeof word), (word & 0x8080808080808080ULL) == 0)) {
            i += sizeof word;
        }
        if (i == size) break;
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;   // no overlong forms
            if (lead == 0xED) high = 0x9F;  // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
        } else {
            return i;
        }
        if (i + length > size) return i;
        for (std::size_t k = 1; k < length; ++k) {
            const unsigned char next = bytes[i + k];
            const unsigned char min = k == 1 ? low : 0x80;
            const unsigned char max = k == 1 ? high : 0xBF;
            if (next < min || next > max) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string_view suggester::closest(std::string_view word,
                                    std::span<const std::string_view> candidates) {
    if (word.empty() || word.size() > max_typo_length) return {};
    // A typo changes a few characters: at most a third of the word, and never all of it.
    std::string_view best;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    for (std::string_view candidate : candidates) {
        const std::size_t longer = std::max(word.size(), candidate.size());
        const std::size_t shorter = std::min(word.size(), candidate.size());
        // The length difference alone is a lower bound of the distance.
        if (longer - shorter > std::max<std::size_t>(1, longer / 3)) continue;
        const std::size_t cost = (word.size() + 1) * (candidate.size() + 1);
        if (cost > budget_) {
            budget_ = 0;
            return {};
        }
        budget_ -= cost;
        const std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    const std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), best.size()) / 3);
    // Replacing every character is not a typo ("3" for "1"); neither is a distance of zero.
    if (best.empty() || best_distance == 0 || best_distance > limit ||
        best_distance >= word.size()) {
        return {};
    }
    return best;
}

line_index::line_index(std::string_view text) : text_(text) {
    starts_.push_back(0);
    code_points_.reserve(text.size() / checkpoint + 1);
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i % checkpoint == 0) code_points_.push_back(points);
        // Every byte that is not a UTF-8 continuation byte starts a code point.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++points;
        if (ends_line(text, i)) starts_.push_back(i + 1);
    }
}

std::size_t line_index::code_points_before(std::size_t offset) const {
    if (offset == 0) return 0;
    const std::size_t slot = offset / checkpoint;
    if (slot >= code_points_.size()) {  // the very end of a text whose size is a multiple
        return code_points_before(offset - 1) +
               ((static_cast<unsigned char>(text_[offset - 1]) & 0xC0) != 0x80 ? 1 : 0);
    }
    std::size_t points = code_points_[slot];
    for (std::size_t i = slot * checkpoint; i < offset; ++i) {
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++points;
    }
    return points;
}

std::pair<std::uint32_t, std::uint32_t> line_index::at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - starts_.begin());
    const std::size_t start = *(after - 1);
    const std::size_t column = code_points_before(offset) - code_points_before(start) + 1;
    return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)};
}

std::pair<std::uint32_t, std::uint32_t> forward_locator::at(std::size_t offset) noexcept {
    offset = std::min(offset, text_.size());
    if (offset < done_) return last_;  // not forward: the contract says it does not happen
    std::size_t line_start = done_;
    const std::string_view part = text_.substr(done_, offset - done_);
    if (part.find('\r') == std::string_view::npos) {
        // Line feeds only, as almost every file: counted by the library's fast loops.
        if (const auto feeds = std::count(part.begin(), part.end(), '\n'); feeds > 0) {
            last_.first += static_cast<std::uint32_t>(feeds);
            last_.second = 1;
            line_start = done_ + part.rfind('\n') + 1;
        }
    } else {
        for (std::size_t i = done_; i < offset; ++i) {
            if (ends_line(text_, i)) {
                ++last_.first;
                last_.second = 1;
                line_start = i + 1;
            }
        }
    }
    // Every byte that is not a UTF-8 continuation byte starts a code point.
    last_.second += static_cast<std::uint32_t>(
        std::count_if(text_.begin() + static_cast<std::ptrdiff_t>(line_start),
                      text_.begin() + static_cast<std::ptrdiff_t>(offset),
                      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    done_ = offset;
    return last_;
}

std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at) noexcept {
    const auto byte = static_cast<unsigned char>(text[at]);
    std::size_t length = 1;
    char32_t value = byte;
    if (byte >= 0xF0) {
        length = 4;
        value = byte & 0x07U;
    } else if (byte >= 0xE0) {
        length = 3;
        value = byte & 0x0FU;
    } else if (byte >= 0xC0) {
        length = 2;
        value = byte & 0x1FU;
    }
    length = std::min(length, text.size() - at);
    for (std::size_t i = 1; i < length; ++i) {
        value = (value << 6U) | (static_cast<unsigned char>(text[at + i]) & 0x3FU);
    }
    return {value, length};
}

std::optional<std::string_view> utf16_kind(std::string_view text) noexcept {
    if (text.size() < 2) return std::nullopt;
    const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    if (byte(0) == 0xFF && byte(1) == 0xFE) return "UTF-16 (little-endian, with a byte-order mark)";
    if (byte(0) == 0xFE && byte(1) == 0xFF) return "UTF-16 (big-endian, with a byte-order mark)";
    // Without a mark: ASCII markup such as "<?" has every other byte zero.
    if (text.size() < 4) return std::nullopt;
    if (byte(0) != 0 && byte(1) == 0 && byte(2) != 0 && byte(3) == 0) {
        return "UTF-16 (little-endian)";
    }
    if (byte(0) == 0 && byte(1) != 0 && byte(2) == 0 && byte(3) != 0) {
        return "UTF-16 (big-endian)";
    }
    return std::nullopt;
}

namespace {

// Characters an author cannot tell from a space, a quote or a hyphen, or cannot see at all.
struct lookalike {
    char32_t code;
    std::string_view name;
};
constexpr std::array<lookalike, 24> lookalikes{{
    {0x00A0, "a no-break space"},
    {0x00AD, "a soft hyphen"},
    {0x2000, "a typographic space"},
    {0x2001, "a typographic space"},
    {0x2002, "an en space"},
    {0x2003, "an em space"},
    {0x2007, "a figure space"},
    {0x2009, "a thin space"},
    {0x200A, "a hair space"},
    {0x200B, "a zero-width space"},
    {0x200C, "a zero-width non-joiner"},
    {0x200D, "a zero-width joiner"},
    {0x2010, "a Unicode hyphen"},
    {0x2013, "an en dash"},
    {0x2014, "an em dash"},
    {0x2018, "a curly single quote"},
    {0x2019, "a curly single quote"},
    {0x201C, "a curly double quote"},
    {0x201D, "a curly double quote"},
    {0x202F, "a narrow no-break space"},
    {0x2060, "a word joiner"},
    {0x2212, "a minus sign"},
    {0x3000, "an ideographic space"},
    {0xFEFF, "a zero-width no-break space"},
}};

const lookalike* find_lookalike(char32_t code) noexcept {
    for (const lookalike& entry : lookalikes) {
        if (entry.code == code) return &entry;
    }
    return nullptr;
}

// Decodes the code point at `i` of valid UTF-8 and moves `i` past it.
char32_t next_code_point(std::string_view text, std::size_t& i) noexcept {
    const auto [value, length] = decode_utf8(text, i);
    i += length;
    return value;
}

bool is_hidden(char32_t code) noexcept {
    return code < 0x20 || code == 0x7F || find_lookalike(code) != nullptr;
}

}  // namespace

std::string shown(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t code = next_code_point(text, i);
        if (is_hidden(code)) {
            out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(code));
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    return out;
}

std::string lookalike_note(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const char32_t code = next_code_point(text, i);
        if (const lookalike* found = find_lookalike(code)) {
            return fmt::format(
                " (\\u{:04X} is {}, which looks like a plain character but is not: "
                "type it again)",
                static_cast<std::uint32_t>(code), found->name);
        }
        if (code < 0x20 || code == 0x7F) {
            return fmt::format(" (\\u{:04X} is an invisible control character: remove it)",
                               static_cast<std::uint32_t>(code));
        }
    }
    return {};
}

namespace {

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = lower(c);
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

bool is_valid_id(std::string_view id) noexcept {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-' || c == '_';
    });
}

}  // namespace sop::detail
