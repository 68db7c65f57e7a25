#pragma once

// Plain-text tables for a terminal: columns sized to their content, cells wrapped on words,
// widths counted in code points so Indonesian text lines up.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace runner {

/// Code points in UTF-8 text (the width of the text on a terminal, for the scripts SOPs use).
std::size_t display_width(std::string_view text);

/// Splits text into lines of at most `width` code points, breaking at spaces and at newlines;
/// a word longer than the width is cut.
std::vector<std::string> wrap(std::string_view text, std::size_t width);

/// The width to lay tables out in: $COLUMNS, else the terminal's width when stdout is one, else
/// 120; never under 60.
std::size_t output_width();

/// A table with a header row, rules under the header and wrapped cells, at most `width` wide.
/// When the content is wider, columns give up width in proportion to their weights (default 1):
/// a column of weight 3 keeps three times the width of one of weight 1.
class text_table {
public:
    explicit text_table(std::vector<std::string> headers, std::vector<double> weights = {});
    void add_row(std::vector<std::string> cells);
    std::string render(std::size_t width) const;

private:
    std::vector<std::string> headers_;
    std::vector<double> weights_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace runner
