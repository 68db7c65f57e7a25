#include "table.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <string>

namespace runner {
namespace {

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// The byte length of the first `count` code points of text.
std::size_t prefix_bytes(std::string_view text, std::size_t count) {
    std::size_t bytes = 0;
    while (bytes < text.size() && count > 0) {
        ++bytes;
        while (bytes < text.size() && continuation(text[bytes])) ++bytes;
        --count;
    }
    return bytes;
}

// The widest word of a cell: a column is never narrower, so words are not cut needlessly.
std::size_t widest_word(std::string_view text) {
    std::size_t widest = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(" \n", start);
        if (end == std::string_view::npos) end = text.size();
        widest = std::max(widest, display_width(text.substr(start, end - start)));
        start = end + 1;
    }
    return widest;
}

}  // namespace

std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !continuation(c); }));
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
    width = std::max<std::size_t>(width, 1);
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = text.find('\n', start);
        std::string_view paragraph = text.substr(
            start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
        std::string line;
        std::size_t line_width = 0;
        std::size_t at = 0;
        while (at < paragraph.size()) {
            if (paragraph[at] == ' ') {
                ++at;
                continue;
            }
            std::size_t end = paragraph.find(' ', at);
            if (end == std::string_view::npos) end = paragraph.size();
            std::string_view word = paragraph.substr(at, end - at);
            at = end;
            while (!word.empty()) {
                const std::size_t word_width = display_width(word);
                const std::size_t needed = line.empty() ? word_width : line_width + 1 + word_width;
                if (needed <= width) {
                    if (!line.empty()) line += ' ';
                    line += word;
                    line_width = needed;
                    break;
                }
                if (!line.empty()) {
                    lines.push_back(std::move(line));
                    line.clear();
                    line_width = 0;
                    continue;
                }
                const std::size_t cut = prefix_bytes(word, width);  // longer than a whole line
                lines.emplace_back(word.substr(0, cut));
                word.remove_prefix(cut);
            }
        }
        lines.push_back(std::move(line));
        if (newline == std::string_view::npos) break;
        start = newline + 1;
    }
    return lines;
}

std::size_t output_width() {
    std::size_t width = 120;
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
        width = static_cast<std::size_t>(std::strtoul(columns, nullptr, 10));
    } else if (::isatty(STDOUT_FILENO) != 0) {
        winsize size{};
        if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) width = size.ws_col;
    }
    return std::max<std::size_t>(width, 60);
}

text_table::text_table(std::vector<std::string> headers, std::vector<double> weights)
    : headers_(std::move(headers)), weights_(std::move(weights)) {
    weights_.resize(headers_.size(), 1.0);
}

void text_table::add_row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

std::string text_table::render(std::size_t width) const {
    const std::size_t columns = headers_.size();
    constexpr std::size_t gap = 2;
    std::vector<std::size_t> widths(columns);
    std::vector<std::size_t> minimum(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        widths[c] = display_width(headers_[c]);
        minimum[c] = std::min<std::size_t>(std::max<std::size_t>(widest_word(headers_[c]), 4), 16);
        for (const auto& row : rows_) {
            for (const std::string& line : wrap(row[c], std::string::npos)) {
                widths[c] = std::max(widths[c], display_width(line));
            }
            minimum[c] = std::max(minimum[c], std::min<std::size_t>(widest_word(row[c]), 16));
        }
    }
    // Narrow the column widest for its weight that can still give, one step at a time, until
    // the table fits.
    const std::size_t available = width > gap * (columns - 1) ? width - gap * (columns - 1) : 1;
    auto relative = [&](std::size_t c) { return static_cast<double>(widths[c]) / weights_[c]; };
    while (std::accumulate(widths.begin(), widths.end(), std::size_t{0}) > available) {
        std::size_t widest = columns;
        for (std::size_t c = 0; c < columns; ++c) {
            if (widths[c] > minimum[c] && (widest == columns || relative(c) > relative(widest))) {
                widest = c;
            }
        }
        if (widest == columns) break;  // every column at its minimum: let the table run wide
        --widths[widest];
    }

    std::string out;
    auto emit = [&](const std::vector<std::string>& cells) {
        std::vector<std::vector<std::string>> wrapped(columns);
        std::size_t height = 1;
        for (std::size_t c = 0; c < columns; ++c) {
            wrapped[c] = wrap(cells[c], widths[c]);
            height = std::max(height, wrapped[c].size());
        }
        for (std::size_t line = 0; line < height; ++line) {
            std::string text;
            for (std::size_t c = 0; c < columns; ++c) {
                const std::string cell = line < wrapped[c].size() ? wrapped[c][line] : "";
                text += cell;
                if (c + 1 < columns) text.append(widths[c] - display_width(cell) + gap, ' ');
            }
            while (!text.empty() && text.back() == ' ') text.pop_back();
            out += text;
            out += '\n';
        }
    };
    emit(headers_);
    std::vector<std::string> rules(columns);
    for (std::size_t c = 0; c < columns; ++c) rules[c] = std::string(widths[c], '-');
    emit(rules);
    for (const auto& row : rows_) emit(row);
    return out;
}

}  // namespace runner
