#pragma once

// Internal: the geometry of the standard SOP flowchart table (Permenpan RB 35/2012), laid out in
// points, page by page. The SVG and HTML writers only serialise what this computes.

#include <cstddef>
#include <sopengine/definition.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sop::detail::chart {

struct point {
    double x = 0;
    double y = 0;
};

struct box {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
};

/// Width of `text` in points when set in Liberation Sans / Arial / Helvetica at `size` points.
double text_width(std::string_view text, double size, bool bold = false);

/// Where an Indonesian word may be hyphenated: the byte offsets between its syllables (PUEBI:
/// V-CV, VC-CV, VC-CCV, between vowels that are no diphthong; ng, ny, sy and kh count as one
/// consonant), in runs of ASCII letters only, leaving at least two letters on either side.
std::vector<std::size_t> hyphenation_points(std::string_view word);

/// Breaks `text` into lines no wider than `width` points: at spaces; a word wider than the line
/// at its syllables (with a hyphen), else after '/' or '-', else wherever it must.
std::vector<std::string> wrap(std::string_view text, double width, double size, bool bold = false);

enum class anchor : unsigned char { start, middle, end };

/// One line of text; `width` is its measured width (the writers fix it with textLength, so the
/// layout holds whatever font the reader's machine substitutes).
struct text_line {
    std::string text;
    point at;  ///< The baseline's anchor point.
    double width = 0;
    double size = 0;
    bool bold = false;
    anchor align = anchor::start;
    std::string role;  ///< What the text is: "title", "heading", "cell", "label", "footer".
};

/// A rule of the table grid.
struct rule {
    point from;
    point to;
};

enum class shape : unsigned char { terminator, process, decision };

struct symbol {
    shape kind = shape::process;
    box bounds;
    std::string actor;  ///< The actor id of the column the symbol stands in.
};

/// A step's row, or a start or end terminal row added where no step can carry the capsule.
struct node {
    /// The step id; "start" for an added start terminal; for an ending's terminal "end" (a
    /// definition that declares no ending) or "end:" and the ending's id.
    std::string id;
    bool terminal = false;
    step_kind kind = step_kind::activity;
    std::vector<symbol> symbols;  ///< One per actor of the step, left to right.
    std::vector<rule> links;      ///< Lines joining the symbols of a step of several actors.
    std::vector<text_line> cells;
    bool ends = false;   ///< An activity that ends the procedure (drawn as the end capsule).
    std::string ending;  ///< The ending id a terminal or an end capsule stands for.
    std::string sop;     ///< The related SOP the step runs, by id; empty for none.
};

struct connector {
    std::string label;  ///< "A", "B", ...: the same on both pages.
    point centre;
    double width = 0;
    double height = 0;
};

/// One transition, or the part of it drawn on one page when it continues on another.
struct arrow {
    std::string from;   ///< Step id, "start".
    std::string to;     ///< Step id, "end".
    std::string label;  ///< "Ya", "Tidak" or empty.
    std::vector<point> points;
    enum class part : unsigned char { whole, leaves, arrives } piece = part::whole;
    std::string connector;  ///< The connector's label for a part.
    point label_at;
    anchor label_align = anchor::start;
};

struct column {
    std::string actor;  ///< Actor id.
    double x = 0;
    double width = 0;
};

struct page {
    double width = 0;   ///< Points.
    double height = 0;  ///< Points.
    std::vector<rule> rules;
    std::vector<text_line> texts;  ///< Title, headings, footer.
    std::vector<column> actor_columns;
    double body_top = 0;  ///< Where the rows (and actor columns) start.
    double body_bottom = 0;
    std::vector<node> nodes;
    std::vector<arrow> arrows;
    std::vector<connector> connectors;
};

struct options {
    double width = 785.2;   ///< Points of usable width: A4 landscape less 10 mm margins.
    double height = 538.6;  ///< Points of usable height per page; <= 0 for one long page.
    std::string footer;     ///< Left part of each page's footer; empty for none.
    /// Pages of the document before the chart's first (the identity sheet), for the footer's
    /// "Halaman k dari n".
    std::size_t pages_before = 0;
};

/// Lays out the flowchart table of `sop`. With a page height, the rows are split into pages
/// (each with the title and headings again), transitions crossing a break end and resume at
/// off-page connectors. When the table is wider than `width` it keeps its natural width; the
/// writer scales it to the paper.
std::vector<page> layout(const definition& sop, const options& settings);

}  // namespace sop::detail::chart
