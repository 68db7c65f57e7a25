#pragma once

// Internal: small text utilities shared by the loader, the snapshot reader and the exports.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sop::detail {

/// Collapses runs of XML whitespace to one space and trims both ends.
std::string normalize_space(std::string_view text);

/// Trims XML whitespace at both ends and turns each inside into a space, keeping runs (the gap
/// an author leaves in a number for the hand-written part).
std::string trim_space(std::string_view text);

/// How a text's inner whitespace is read: folded to single spaces, or kept as runs of spaces.
enum class spacing : unsigned char { folded, kept };

/// Offset of the first byte that does not belong to valid UTF-8, or npos when all is valid.
std::size_t find_invalid_utf8(std::string_view text) noexcept;

/// Levenshtein distance between two byte strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Words longer than this are not typos of anything: no suggestion is looked for.
inline constexpr std::size_t max_typo_length = 64;

/// Finds likely typos' intended words, within a budget of work shared by every look-up of one
/// load, so that suggestions never make a load slow whatever the document holds.
class suggester {
public:
    /// The candidate closest to `word` when it is close enough to be a likely typo, else empty;
    /// empty too for a word over max_typo_length, or once the budget is spent.
    std::string_view closest(std::string_view word, std::span<const std::string_view> candidates);

private:
    std::size_t budget_ = 20'000'000;  ///< Cells of edit-distance tables left to compute.
};

/// Maps byte offsets of a text to 1-based lines and code-point columns (a line ends at LF, CR LF
/// or a lone CR). Built once per document in one pass; each look-up costs a binary search and
/// at most one checkpoint's worth of bytes, so locating every element of a document written on
/// one line stays linear.
class line_index {
public:
    explicit line_index(std::string_view text);
    /// Line and column (both 1-based) of a byte offset; offsets past the end clamp to it.
    std::pair<std::uint32_t, std::uint32_t> at(std::size_t offset) const;

private:
    static constexpr std::size_t checkpoint = 256;  ///< Bytes between code-point counts.
    /// Code points before `offset`, from the start of the text.
    std::size_t code_points_before(std::size_t offset) const;

    std::string_view text_;
    std::vector<std::size_t> starts_;       ///< Offset of each line's first byte.
    std::vector<std::size_t> code_points_;  ///< Code points before each checkpoint.
};

/// Maps byte offsets, asked for in document order, to 1-based lines and code-point columns in
/// one pass over the text up to the last offset asked for, building nothing.
class forward_locator {
public:
    explicit forward_locator(std::string_view text) noexcept : text_(text) {}
    /// Line and column of `offset`, which must not be less than the one asked for before;
    /// offsets past the end clamp to it.
    std::pair<std::uint32_t, std::uint32_t> at(std::size_t offset) noexcept;

private:
    std::string_view text_;
    std::size_t done_ = 0;                                ///< Bytes counted so far.
    std::pair<std::uint32_t, std::uint32_t> last_{1, 1};  ///< Where done_ is.
};

/// The code point at byte `at` of valid UTF-8 (checked before), and its length in bytes (cut
/// short at the end of the text).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at) noexcept;

/// The encoding of a text saved as UTF-16 (with or without a byte-order mark), described for
/// its author; nullopt for any other text.
std::optional<std::string_view> utf16_kind(std::string_view text) noexcept;

/// Valid UTF-8 text as a message quotes it: control characters and the invisible or look-alike
/// characters an author cannot tell apart from a space, quote or hyphen (no-break and
/// zero-width spaces, curly quotes, dashes) escaped as \uXXXX; everything else as is.
std::string shown(std::string_view text);

/// For a message about `text`: names its first invisible or look-alike character and says to
/// type it again, e.g. " (\u00A0 is a no-break space, ...)"; empty when it has none.
std::string lookalike_note(std::string_view text);

/// The text with ASCII letters in lower case (other bytes as they are).
std::string ascii_lower(std::string_view text);

/// Whether two texts are equal with ASCII letters compared regardless of case.
bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept;

/// True for ids made of ASCII letters, digits, '.', '-' and '_'.
bool is_valid_id(std::string_view id) noexcept;

}  // namespace sop::detail
