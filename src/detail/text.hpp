#pragma once

// Internal: small text utilities shared by the loader, the snapshot reader and the exports.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sop::detail {

/// Collapses runs of XML whitespace to one space and trims both ends.
std::string normalize_space(std::string_view text);

/// Offset of the first byte that does not belong to valid UTF-8, or npos when all is valid.
std::size_t find_invalid_utf8(std::string_view text) noexcept;

/// Levenshtein distance between two byte strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo, else empty.
std::string_view closest(std::string_view word, std::span<const std::string_view> candidates);

/// Maps byte offsets of a text to 1-based lines and code-point columns.
class line_index {
public:
    explicit line_index(std::string_view text);
    /// Line and column (both 1-based) of a byte offset; offsets past the end clamp to it.
    std::pair<std::uint32_t, std::uint32_t> at(std::size_t offset) const;

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

/// True for ids made of ASCII letters, digits, '.', '-' and '_'.
bool is_valid_id(std::string_view id) noexcept;

}  // namespace sop::detail
