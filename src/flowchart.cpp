#include "detail/flowchart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "detail/definition_data.hpp"
#include "detail/text.hpp"

namespace sop::detail::chart {
namespace {

// Advance widths of Helvetica, which Arial, Liberation Sans and Arimo share, for ASCII 32..126
// in thousandths of an em (Adobe's AFM files of the core fonts).
constexpr std::array<std::uint16_t, 95> regular_widths = {
    278, 278, 355, 556, 556, 889, 667,  191, 333, 333, 389, 584, 278, 333, 278, 278,  // ' '../
    556, 556, 556, 556, 556, 556, 556,  556, 556, 556,                                // 0..9
    278, 278, 584, 584, 584, 556, 1015,                                               // :..@
    667, 667, 722, 722, 667, 611, 778,  722, 278, 500, 667, 556, 833,                 // A..M
    722, 778, 667, 778, 722, 667, 611,  722, 667, 944, 667, 667, 611,                 // N..Z
    278, 278, 278, 469, 556, 333,                                                     // [..`
    556, 556, 500, 556, 556, 278, 556,  556, 222, 222, 500, 222, 833,                 // a..m
    556, 556, 556, 556, 333, 500, 278,  556, 500, 722, 500, 500, 500,                 // n..z
    334, 260, 334, 584};                                                              // {..~
constexpr std::array<std::uint16_t, 95> bold_widths = {
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,  // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                                // 0..9
    333, 333, 584, 584, 584, 611, 975,                                               // :..@
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,                 // A..M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                 // N..Z
    333, 278, 333, 584, 556, 333,                                                    // [..`
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889,                 // a..m
    611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500,                 // n..z
    389, 280, 389, 584};                                                             // {..~

// Width of one code point in thousandths of an em.
double advance(char32_t c, bool bold) {
    if (c >= 32 && c <= 126) return (bold ? bold_widths : regular_widths)[c - 32];
    if (c >= 0x0300 && c <= 0x036F) return 0;  // combining marks
    if (c == 0x2014) return 1000;              // em dash
    if (c >= 0x2018 && c <= 0x201F) return 333;
    return bold ? 611 : 556;  // a letter of average width
}

// Typography of the table, in points.
constexpr double cell_size = 7.5;
constexpr double title_size = 10;
constexpr double small_size = 6.5;
constexpr double min_heading_size = 5.5;
constexpr double leading = 1.25;
constexpr double pad = 4;
constexpr double lane_pitch = 12;
constexpr double channel_margin = 6;
constexpr double strip_height = 24;
constexpr double footer_height = 14;
constexpr double connector_width = 11;
constexpr double connector_height = 13;
constexpr double entry_drop = 6;  // entry line of a channel arrow below its row's top
constexpr double turn_rise = 6;   // turn of a Z arrow above its source row's bottom
constexpr double process_min_row = 48;
constexpr double decision_min_row = 58;

double line_height(double size) {
    return size * leading;
}

// Baseline of line `i` of a block of `count` lines centred in [top, top + height].
double baseline(double top, double height, std::size_t count, std::size_t i, double size) {
    const double block = static_cast<double>(count) * line_height(size);
    return top + (height - block) / 2 + static_cast<double>(i) * line_height(size) +
           line_height(size) / 2 + size * 0.35;
}

struct span {
    double x = 0;
    double width = 0;
    double centre() const { return x + width / 2; }
    double right() const { return x + width; }
};

enum class side : unsigned char { left, right };

struct row_spec {
    std::string id;
    bool terminal = false;
    step_kind kind = step_kind::activity;
    shape look = shape::process;
    std::vector<actor_index> columns;  // ascending
    const step* source = nullptr;
    bool ends = false;
    std::string ending;  // a terminal's ending, or the ending an end capsule reaches
    std::string label;   // a terminal's text
    std::string sop;     // the related SOP a step runs
    std::string mark;    // the line that says so in its Kegiatan cell
};

struct edge_spec {
    std::size_t from = 0;
    std::size_t to = 0;
    std::string label;
    bool adjacent = false;  // straight down into the next row
    side channel = side::left;
    std::size_t lane = 0;
    double low = 0;  // vertical extent in row units, for lane sharing
    double high = 0;
};

struct columns {
    span number, activity, left, right, requirements, time, output, remark;
    std::vector<span> actors;
    double width = 0;
};

std::string connector_name(std::size_t index) {
    std::string name;
    ++index;
    while (index > 0) {
        --index;
        name.insert(name.begin(), static_cast<char>('A' + index % 26));
        index /= 26;
    }
    return name;
}

// Rows and where the transitions go.
struct table_rows {
    std::vector<row_spec> rows;
    std::size_t offset = 0;  // 1 when an added start terminal precedes the steps
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> ending_row;  // per ending: its terminal's row, or none

    std::size_t row_of(const compiled_step& from, std::uint8_t exit) const {
        const step_index target = from.target(exit);
        return target == end_index ? ending_row[from.ending(exit)]
                                   : static_cast<std::size_t>(target) + offset;
    }
};

// The text that marks a step running a related SOP: its number once linked, else its id.
std::string related_mark(const definition_data& data, std::uint32_t related) {
    if (related < data.related.size()) {
        const identity& header = data.related[related].header();
        return "Sesuai SOP " + (header.number.empty() ? header.title : header.number);
    }
    return "Sesuai SOP " + data.related_ids[related];
}

// The rows: an added start terminal when the first step is a decision, every step, and a
// terminal per ending that needs one. A definition that declares no ending keeps the form's
// custom where it can: the one activity that ends the procedure is the end capsule itself. When
// a decision ends it too, or several activities do, all of them meet at one "Selesai" terminal.
// Declared endings each have a terminal labelled with the ending, which all their ends reach.
table_rows make_rows(const definition_data& data) {
    table_rows out;
    std::vector<row_spec>& rows = out.rows;
    const bool start_row = !data.steps.empty() && data.table[0].kind == step_kind::decision;
    out.offset = start_row ? 1 : 0;
    // Who reaches each ending: the first step's first actor, how many exits, any decision.
    struct reach {
        std::optional<actor_index> column;
        std::size_t exits = 0;
        bool decision = false;
    };
    std::vector<reach> reaches(data.endings.size());
    for (const compiled_step& row : data.table) {
        const std::uint8_t first = row.kind == step_kind::activity ? 0 : 1;
        const std::uint8_t last = row.kind == step_kind::activity ? 0 : 2;
        for (std::uint8_t exit = first; exit <= last; ++exit) {
            if (row.target(exit) != end_index) continue;
            reach& r = reaches[row.ending(exit)];
            if (!r.column && !row.actors.empty()) r.column = row.actors.front();
            ++r.exits;
            r.decision = r.decision || row.kind == step_kind::decision;
        }
    }
    std::vector<bool> terminal(data.endings.size(), false);
    for (std::size_t e = 0; e < data.endings.size(); ++e) {
        const reach& r = reaches[e];
        terminal[e] = r.column && (data.endings[e].declared || r.decision || r.exits > 1);
    }
    if (start_row) {
        row_spec start;
        start.id = "start";
        start.terminal = true;
        start.look = shape::terminator;
        start.columns = {data.table[0].actors.front()};
        rows.push_back(std::move(start));
    }
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        const compiled_step& compiled = data.table[i];
        row_spec row;
        row.id = data.steps[i].id;
        row.kind = compiled.kind;
        row.source = &data.steps[i];
        row.columns = compiled.actors;
        std::sort(row.columns.begin(), row.columns.end());
        row.columns.erase(std::unique(row.columns.begin(), row.columns.end()), row.columns.end());
        row.ends = compiled.kind == step_kind::activity && compiled.next == end_index &&
                   !terminal[compiled.next_ending];
        if (row.ends) row.ending = data.endings[compiled.next_ending].id;
        if (compiled.related != no_related) {
            row.sop = data.related_ids[compiled.related];
            row.mark = related_mark(data, compiled.related);
        }
        if (compiled.kind == step_kind::decision) {
            row.look = shape::decision;
        } else if (row.ends || (i == 0 && !start_row)) {
            row.look = shape::terminator;
        }
        rows.push_back(std::move(row));
    }
    out.ending_row.assign(data.endings.size(), table_rows::none);
    for (std::size_t e = 0; e < data.endings.size(); ++e) {
        if (!terminal[e]) continue;
        const ending& which = data.endings[e];
        row_spec end;
        end.id = which.declared ? "end:" + which.id : std::string(end_target);
        end.terminal = true;
        end.look = shape::terminator;
        end.columns = {*reaches[e].column};
        end.ending = which.id;
        end.label = which.label;
        out.ending_row[e] = rows.size();
        rows.push_back(std::move(end));
    }
    return out;
}

std::vector<edge_spec> make_edges(const definition_data& data, const table_rows& table) {
    const std::vector<row_spec>& rows = table.rows;
    std::vector<edge_spec> edges;
    auto add = [&edges](std::size_t from, std::size_t to, std::string label) {
        edge_spec edge;
        edge.from = from;
        edge.to = to;
        edge.label = std::move(label);
        edges.push_back(std::move(edge));
    };
    if (table.offset == 1) add(0, 1, {});
    for (std::size_t i = 0; i < data.table.size(); ++i) {
        const compiled_step& compiled = data.table[i];
        const std::size_t from = i + table.offset;
        if (compiled.kind == step_kind::activity) {
            const std::size_t to = table.row_of(compiled, 0);
            if (to != table_rows::none) add(from, to, {});
        } else {
            add(from, table.row_of(compiled, 1), "Ya");
            add(from, table.row_of(compiled, 2), "Tidak");
        }
    }
    // Ports: the first transition into the next row leaves from the bottom; the others go round
    // through a side channel, loops back on the right and jumps ahead on the left, each side of
    // a symbol used once.
    std::vector<std::array<bool, 3>> taken(rows.size(), {false, false, false});
    for (edge_spec& edge : edges) {
        if (edge.to == edge.from + 1 && !taken[edge.from][2]) {
            edge.adjacent = true;
            taken[edge.from][2] = true;
        }
    }
    for (edge_spec& edge : edges) {
        if (edge.adjacent) continue;
        side preferred = edge.to <= edge.from ? side::right : side::left;
        if (taken[edge.from][static_cast<std::size_t>(preferred)]) {
            preferred = preferred == side::left ? side::right : side::left;
        }
        taken[edge.from][static_cast<std::size_t>(preferred)] = true;
        edge.channel = preferred;
        const double leaves = static_cast<double>(edge.from) + 0.5;
        const double arrives = static_cast<double>(edge.to) + 0.1;
        edge.low = std::min(leaves, arrives);
        edge.high = std::max(leaves, arrives);
    }
    // Lanes: shorter spans nearer the actor columns, so nested loops do not cross.
    for (side channel : {side::left, side::right}) {
        std::vector<edge_spec*> here;
        for (edge_spec& edge : edges) {
            if (!edge.adjacent && edge.channel == channel) here.push_back(&edge);
        }
        std::stable_sort(here.begin(), here.end(), [](const edge_spec* a, const edge_spec* b) {
            return a->high - a->low < b->high - b->low;
        });
        std::vector<std::vector<const edge_spec*>> lanes;
        for (edge_spec* edge : here) {
            std::size_t lane = 0;
            for (; lane < lanes.size(); ++lane) {
                const bool overlaps = std::any_of(
                    lanes[lane].begin(), lanes[lane].end(), [&](const edge_spec* other) {
                        return edge->low <= other->high && other->low <= edge->high;
                    });
                if (!overlaps) break;
            }
            if (lane == lanes.size()) lanes.emplace_back();
            lanes[lane].push_back(edge);
            edge->lane = lane;
        }
    }
    return edges;
}

std::size_t lane_count(const std::vector<edge_spec>& edges, side channel) {
    std::size_t count = 0;
    for (const edge_spec& edge : edges) {
        if (!edge.adjacent && edge.channel == channel) count = std::max(count, edge.lane + 1);
    }
    return count;
}

columns make_columns(std::size_t actor_count, std::size_t left_lanes, std::size_t right_lanes,
                     double width) {
    columns c;
    const double n = static_cast<double>(std::max<std::size_t>(actor_count, 1));
    const double left =
        left_lanes == 0 ? 0 : static_cast<double>(left_lanes) * lane_pitch + channel_margin;
    const double right =
        right_lanes == 0 ? 0 : static_cast<double>(right_lanes) * lane_pitch + channel_margin;
    const double number = 24;
    const double time = 46;
    const double actor = std::clamp(0.4 * width / n, 46.0, 80.0);
    const double rest = std::max(width - number - time - left - right - n * actor, 0.36 * width);
    double x = 0;
    auto next = [&x](double w) {
        const span s{x, w};
        x += w;
        return s;
    };
    c.number = next(number);
    c.activity = next(rest * 0.38);
    c.left = next(left);
    for (std::size_t i = 0; i < actor_count; ++i) c.actors.push_back(next(actor));
    c.right = next(right);
    c.requirements = next(rest * 0.22);
    c.time = next(time);
    c.output = next(rest * 0.22);
    c.remark = next(rest * 0.18);
    c.width = x;
    return c;
}

// A wrapped block of text in a cell: its lines and the height the cell needs for them.
struct block {
    std::vector<std::string> lines;
    double size = cell_size;
    bool bold = false;
    anchor align = anchor::start;

    double height() const {
        return lines.empty() ? 0 : static_cast<double>(lines.size()) * line_height(size) + 2 * pad;
    }
};

block make_block(std::string_view text, const span& cell, anchor align = anchor::start,
                 bool bold = false, double size = cell_size) {
    block b;
    b.lines = wrap(text, cell.width - 2 * pad, size, bold);
    b.size = size;
    b.bold = bold;
    b.align = align;
    return b;
}

// Places a block centred vertically in a cell.
void place(const block& b, const span& cell, double top, double height, const std::string& role,
           std::vector<text_line>& out) {
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        text_line line;
        line.text = b.lines[i];
        line.size = b.size;
        line.bold = b.bold;
        line.align = b.align;
        line.role = role;
        line.width = text_width(line.text, b.size, b.bold);
        line.at.y = baseline(top, height, b.lines.size(), i, b.size);
        line.at.x = b.align == anchor::start    ? cell.x + pad
                    : b.align == anchor::middle ? cell.centre()
                                                : cell.right() - pad;
        out.push_back(std::move(line));
    }
}

struct row_geometry {
    std::vector<std::pair<block, span>> cells;
    double height = 0;
};

struct header_geometry {
    std::vector<std::pair<block, span>> top;     // rowspan or spanning headings
    std::vector<std::pair<block, span>> second;  // actor names and the mutu baku headings
    std::vector<bool> tall;                      // which of `top` span both heading rows
    double first_height = 0;
    double second_height = 0;
    block title;
    double title_height = 0;
};

header_geometry make_header(const definition_data& data, const columns& c) {
    header_geometry h;
    const table_headings& words = data.headings;
    const span actors{c.left.x, c.right.right() - c.left.x};
    const span quality{c.requirements.x, c.output.right() - c.requirements.x};
    // A heading is set smaller rather than broken inside a word ("Perencanaa-n"), down to a
    // size still legible in print; only a word too long even then is broken.
    auto heading = [](std::string_view text, const span& cell) {
        double size = cell_size;
        double widest = 0;
        for (std::string_view rest = text; !rest.empty();) {
            const std::size_t gap = rest.find(' ');
            widest = std::max(widest, text_width(rest.substr(0, gap), 1, true));
            rest = gap == std::string_view::npos ? std::string_view{} : rest.substr(gap + 1);
        }
        if (widest > 0)
            size = std::clamp((cell.width - 2 * pad) / widest, min_heading_size, cell_size);
        return make_block(text, cell, anchor::middle, true, size);
    };
    h.top = {{heading(words.number, c.number), c.number},
             {heading(words.activity, c.activity), c.activity},
             {heading(words.actors, actors), actors},
             {heading(words.quality, quality), quality},
             {heading(words.remark, c.remark), c.remark}};
    h.tall = {true, true, false, false, true};
    // The side channels' room belongs to the outer actor columns: the form has no columns of
    // its own for the arrows that go round.
    for (std::size_t i = 0; i < c.actors.size(); ++i) {
        span cell = c.actors[i];
        if (i == 0) cell = {c.left.x, cell.right() - c.left.x};
        if (i + 1 == c.actors.size()) cell.width = c.right.right() - cell.x;
        h.second.emplace_back(heading(data.actors[i].name, cell), cell);
    }
    h.second.emplace_back(heading(words.requirements, c.requirements), c.requirements);
    h.second.emplace_back(heading(words.time, c.time), c.time);
    h.second.emplace_back(heading(words.output, c.output), c.output);
    for (std::size_t i = 0; i < h.top.size(); ++i) {
        if (!h.tall[i]) h.first_height = std::max(h.first_height, h.top[i].first.height());
    }
    for (const auto& cell : h.second)
        h.second_height = std::max(h.second_height, cell.first.height());
    h.first_height = std::max(h.first_height, line_height(cell_size) + 2 * pad);
    h.second_height = std::max(h.second_height, line_height(cell_size) + 2 * pad);
    for (std::size_t i = 0; i < h.top.size(); ++i) {
        if (h.tall[i]) {
            h.second_height = std::max(h.second_height, h.top[i].first.height() - h.first_height);
        }
    }
    if (!words.title.empty()) {
        const span whole{0, c.width};
        h.title = make_block(words.title, whole, anchor::middle, true, title_size);
        h.title_height = h.title.height() + 2;
    }
    return h;
}

row_geometry make_row(const row_spec& row, const columns& c) {
    row_geometry g;
    if (row.terminal) {
        g.cells.emplace_back(make_block(row.id == "start" ? "Mulai" : row.label, c.activity),
                             c.activity);
    } else {
        const step& s = *row.source;
        g.cells.emplace_back(make_block(s.id, c.number, anchor::middle), c.number);
        block activity = make_block(s.description, c.activity);
        if (!s.question.empty()) {
            const block question = make_block(s.question, c.activity);
            activity.lines.insert(activity.lines.end(), question.lines.begin(),
                                  question.lines.end());
        }
        if (!row.mark.empty()) {
            const block mark = make_block(row.mark, c.activity);
            activity.lines.insert(activity.lines.end(), mark.lines.begin(), mark.lines.end());
        }
        g.cells.emplace_back(std::move(activity), c.activity);
        g.cells.emplace_back(make_block(s.requirements, c.requirements), c.requirements);
        g.cells.emplace_back(make_block(s.duration_text, c.time, anchor::middle), c.time);
        g.cells.emplace_back(make_block(s.output, c.output), c.output);
        g.cells.emplace_back(make_block(s.remark, c.remark), c.remark);
    }
    g.height = row.look == shape::decision ? decision_min_row : process_min_row;
    for (const auto& cell : g.cells) g.height = std::max(g.height, cell.first.height());
    return g;
}

symbol make_symbol(shape look, const span& column, double centre_y, const std::string& actor) {
    symbol s;
    s.kind = look;
    s.actor = actor;
    const double width = look == shape::decision ? std::min(column.width - 14, 46.0)
                                                 : std::min(column.width - 14, 60.0);
    const double height = look == shape::decision ? 30 : 20;
    s.bounds = {column.centre() - width / 2, centre_y - height / 2, width, height};
    return s;
}

point top_of(const symbol& s) {
    return {s.bounds.x + s.bounds.width / 2, s.bounds.y};
}
point bottom_of(const symbol& s) {
    return {s.bounds.x + s.bounds.width / 2, s.bounds.y + s.bounds.height};
}
double centre_x(const symbol& s) {
    return s.bounds.x + s.bounds.width / 2;
}
double centre_y(const symbol& s) {
    return s.bounds.y + s.bounds.height / 2;
}

// Where each row sits: its page and its top on that page.
struct placement {
    std::size_t page = 0;
    double top = 0;
};

}  // namespace

double text_width(std::string_view text, double size, bool bold) {
    double total = 0;
    for (std::size_t at = 0; at < text.size();) {
        const auto [c, length] = detail::decode_utf8(text, at);
        total += advance(c, bold);
        at += length;
    }
    return total * size / 1000;
}

std::vector<std::size_t> hyphenation_points(std::string_view word) {
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    std::vector<std::size_t> points;
    struct unit {
        std::size_t at = 0;
        bool vowel = false;
    };
    std::vector<unit> units;
    for (std::size_t begin = 0; begin < word.size();) {
        if (!letter(word[begin])) {
            ++begin;
            continue;
        }
        std::size_t end = begin;
        while (end < word.size() && letter(word[end])) ++end;
        // The run's sounds: a vowel, or a consonant (ng, ny, sy and kh are one).
        units.clear();
        for (std::size_t i = begin; i < end;) {
            const char a = lower(word[i]);
            const char b = i + 1 < end ? lower(word[i + 1]) : '\0';
            const bool digraph = (a == 'n' && (b == 'g' || b == 'y')) || (a == 's' && b == 'y') ||
                                 (a == 'k' && b == 'h');
            units.push_back({i, vowel(a)});
            i += digraph ? 2 : 1;
        }
        // Between two vowels the next syllable takes the last consonant when there is one
        // (ba-pak, man-di), all but the first when there are more (in-stru-men), and starts at
        // the second vowel when there is none, unless the two are a diphthong (pan-tai).
        std::optional<std::size_t> previous;
        for (std::size_t u = 0; u < units.size(); ++u) {
            if (!units[u].vowel) continue;
            if (previous) {
                const std::size_t consonants = u - *previous - 1;
                const std::size_t cut = consonants == 0   ? u
                                        : consonants == 1 ? u - 1
                                                          : *previous + 2;
                const char first = lower(word[units[*previous].at]);
                const char second = lower(word[units[u].at]);
                const bool diphthong =
                    consonants == 0 &&
                    ((second == 'i' && (first == 'a' || first == 'e' || first == 'o')) ||
                     (first == 'a' && second == 'u'));
                const std::size_t at = units[cut].at;
                if (!diphthong && at - begin >= 2 && end - at >= 2) points.push_back(at);
            }
            previous = u;
        }
        begin = end;
    }
    return points;
}

std::vector<std::string> wrap(std::string_view text, double width, double size, bool bold) {
    std::vector<std::string> lines;
    std::string line;
    double line_width = 0;
    const double space = text_width(" ", size, bold);
    auto flush = [&] {
        if (!line.empty()) lines.push_back(std::move(line));
        line.clear();
        line_width = 0;
    };
    while (!text.empty()) {
        const std::size_t gap = text.find(' ');
        const std::string_view word = text.substr(0, gap);
        text = gap == std::string_view::npos ? std::string_view{} : text.substr(gap + 1);
        if (word.empty()) continue;
        const double word_width = text_width(word, size, bold);
        if (word_width <= width) {
            if (!line.empty() && line_width + space + word_width > width) flush();
            if (!line.empty()) {
                line += ' ';
                line_width += space;
            }
            line += word;
            line_width += word_width;
            continue;
        }
        // A word wider than the line: hyphenate it between syllables, else break it after '/'
        // or '-' where it can, else anywhere.
        flush();
        const std::vector<std::size_t> syllables = hyphenation_points(word);
        const double hyphen = text_width("-", size, bold);
        std::size_t start = 0;
        while (start < word.size()) {
            std::size_t cut = 0;
            const bool rest_fits = text_width(word.substr(start), size, bold) <= width;
            for (const std::size_t point : syllables) {
                if (rest_fits) break;
                if (point <= start) continue;
                if (text_width(word.substr(start, point - start), size, bold) + hyphen > width)
                    break;
                cut = point;
            }
            if (cut > 0) {
                line.assign(word.substr(start, cut - start));
                line += '-';
                start = cut;
                flush();
                continue;
            }
            double used = 0;
            std::size_t fits = start;
            std::size_t soft = std::string_view::npos;
            for (std::size_t at = start; at < word.size();) {
                const auto [c, length] = detail::decode_utf8(word, at);
                used += advance(c, bold) * size / 1000;
                if (used > width && at > start) break;
                at += length;
                fits = at;
                if (c == '/' || c == '-') soft = at;
            }
            const std::size_t end =
                fits == word.size() || soft == std::string_view::npos ? fits : soft;
            line.assign(word.substr(start, end - start));
            line_width = text_width(line, size, bold);
            start = end;
            if (start < word.size()) flush();
        }
    }
    flush();
    return lines;
}

std::vector<page> layout(const definition& sop, const options& settings) {
    const definition_data& data = data_of(sop);
    const table_rows table = make_rows(data);
    const std::vector<row_spec>& rows = table.rows;
    std::vector<edge_spec> edges = make_edges(data, table);
    const columns c = make_columns(data.actors.size(), lane_count(edges, side::left),
                                   lane_count(edges, side::right), settings.width);
    const header_geometry header = make_header(data, c);
    std::vector<row_geometry> geometry;
    geometry.reserve(rows.size());
    for (const row_spec& row : rows) geometry.push_back(make_row(row, c));

    // A table wider than the paper keeps its proportions and is scaled down by the writer, so a
    // page holds correspondingly more points.
    const double scale = std::min(1.0, settings.width / c.width);
    const double page_width = std::max(settings.width, c.width);
    const bool paginated = settings.height > 0;
    const double head = header.title_height + header.first_height + header.second_height;
    const double footer = paginated && !settings.footer.empty() ? footer_height : 0;

    // Pagination: as many rows as fit, keeping room for the connector strips.
    std::vector<placement> where(rows.size());
    std::vector<std::size_t> first_row{0};
    if (paginated) {
        const double capacity = settings.height / scale - head - footer;
        double used = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const double top_strip = first_row.size() > 1 ? strip_height : 0;
            const double bottom_strip = i + 1 < rows.size() ? strip_height : 0;
            const bool first_on_page = i == first_row.back();
            if (!first_on_page && top_strip + used + geometry[i].height + bottom_strip > capacity) {
                first_row.push_back(i);
                used = 0;
            }
            where[i].page = first_row.size() - 1;
            used += geometry[i].height;
        }
    }
    const std::size_t page_count = first_row.size();
    std::vector<page> pages(page_count);
    for (std::size_t p = 0; p < page_count; ++p) {
        pages[p].width = page_width;
        pages[p].body_top = head + (p > 0 ? strip_height : 0);
    }
    {
        std::vector<double> cursor(page_count);
        for (std::size_t p = 0; p < page_count; ++p) cursor[p] = pages[p].body_top;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            where[i].top = cursor[where[i].page];
            cursor[where[i].page] += geometry[i].height;
        }
        for (std::size_t p = 0; p < page_count; ++p) {
            pages[p].body_bottom = cursor[p] + (p + 1 < page_count ? strip_height : 0);
            pages[p].height = paginated ? settings.height / scale : pages[p].body_bottom + 1;
        }
    }

    // Nodes: texts, symbols, links.
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const row_spec& row = rows[i];
        page& on = pages[where[i].page];
        node n;
        n.id = row.id;
        n.terminal = row.terminal;
        n.kind = row.kind;
        n.ends = row.ends;
        n.ending = row.ending;
        n.sop = row.sop;
        for (const auto& [text, cell] : geometry[i].cells) {
            place(text, cell, where[i].top, geometry[i].height, "cell", n.cells);
        }
        const double middle = where[i].top + geometry[i].height / 2;
        for (actor_index column : row.columns) {
            n.symbols.push_back(
                make_symbol(row.look, c.actors[column], middle, data.actors[column].id));
        }
        for (std::size_t k = 1; k < n.symbols.size(); ++k) {
            n.links.push_back({{n.symbols[k - 1].bounds.x + n.symbols[k - 1].bounds.width, middle},
                               {n.symbols[k].bounds.x, middle}});
        }
        on.nodes.push_back(std::move(n));
    }
    auto node_of = [&](std::size_t row) -> const node& {
        const page& on = pages[where[row].page];
        const std::size_t index = row - first_row[where[row].page];
        return on.nodes[index];
    };

    // Arrows. One that crosses a page becomes two halves, each ending at a connector of the
    // same letter: `leaving` on the source's page runs to the connector centred at `out_at`,
    // `arriving` on the target's page starts at the one centred at `in_at`.
    std::size_t connectors = 0;
    auto split = [&](const arrow& whole, std::size_t from_page, std::size_t to_page,
                     std::vector<point> leaving, point out_at, std::vector<point> arriving,
                     point in_at) {
        const std::string label = connector_name(connectors++);
        arrow leaves = whole;
        leaves.piece = arrow::part::leaves;
        leaves.connector = label;
        leaves.points = std::move(leaving);
        arrow arrives = whole;
        arrives.label.clear();
        arrives.piece = arrow::part::arrives;
        arrives.connector = label;
        arrives.points = std::move(arriving);
        pages[from_page].connectors.push_back({label, out_at, connector_width, connector_height});
        pages[from_page].arrows.push_back(std::move(leaves));
        pages[to_page].connectors.push_back({label, in_at, connector_width, connector_height});
        pages[to_page].arrows.push_back(std::move(arrives));
    };
    for (const edge_spec& edge : edges) {
        const node& from = node_of(edge.from);
        const node& to = node_of(edge.to);
        const std::size_t from_page = where[edge.from].page;
        const std::size_t to_page = where[edge.to].page;
        page& source_page = pages[from_page];
        page& target_page = pages[to_page];
        arrow base;
        base.from = from.id;
        base.to = to.id;
        base.label = edge.label;
        const bool same_page = from_page == to_page;
        const double bottom_strip = source_page.body_bottom - strip_height / 2;
        if (edge.adjacent) {
            // The pair of symbols closest to each other.
            const symbol* a = &from.symbols.front();
            const symbol* b = &to.symbols.front();
            for (const symbol& x : from.symbols) {
                for (const symbol& y : to.symbols) {
                    if (std::abs(centre_x(x) - centre_x(y)) <
                        std::abs(centre_x(*a) - centre_x(*b))) {
                        a = &x;
                        b = &y;
                    }
                }
            }
            const point out = bottom_of(*a);
            const point in = top_of(*b);
            // The label goes on the side the arrow does not turn to.
            const bool straight = std::abs(out.x - in.x) < 0.01;
            const bool label_right = straight || in.x < out.x;
            base.label_at = {out.x + (label_right ? 3 : -3), out.y + 8};
            base.label_align = label_right ? anchor::start : anchor::end;
            if (same_page) {
                base.points = {out};
                if (!straight) {
                    const double turn =
                        where[edge.from].top + geometry[edge.from].height - turn_rise;
                    base.points.push_back({out.x, turn});
                    base.points.push_back({in.x, turn});
                }
                base.points.push_back(in);
                source_page.arrows.push_back(std::move(base));
            } else {
                const double top_strip = target_page.body_top - strip_height / 2;
                split(base, from_page, to_page, {out, {out.x, bottom_strip - connector_height / 2}},
                      {out.x, bottom_strip}, {{in.x, top_strip + connector_height / 2}, in},
                      {in.x, top_strip});
            }
            continue;
        }
        const bool left = edge.channel == side::left;
        const double lane_x = left ? c.left.right() - channel_margin / 2 -
                                         (static_cast<double>(edge.lane) + 0.5) * lane_pitch
                                   : c.right.x + channel_margin / 2 +
                                         (static_cast<double>(edge.lane) + 0.5) * lane_pitch;
        const symbol& a = left ? from.symbols.front() : from.symbols.back();
        const symbol& b = left ? to.symbols.front() : to.symbols.back();
        const point out{left ? a.bounds.x : a.bounds.x + a.bounds.width, centre_y(a)};
        const point in = top_of(b);
        const double entry = where[edge.to].top + entry_drop;
        base.label_at = {out.x + (left ? -2 : 2), out.y - 3};
        base.label_align = left ? anchor::end : anchor::start;
        if (same_page) {
            base.points = {out, {lane_x, out.y}, {lane_x, entry}, {in.x, entry}, in};
            source_page.arrows.push_back(std::move(base));
            continue;
        }
        const bool forward = to_page > from_page;
        // The source's page: to the strip the arrow leaves by (below for ahead, above for back).
        const double leave_centre =
            forward ? bottom_strip : source_page.body_top - strip_height / 2;
        const double arrive_centre = forward ? target_page.body_top - strip_height / 2
                                             : target_page.body_bottom - strip_height / 2;
        const double toward = forward ? 1 : -1;  // down the page ahead, up it back
        split(base, from_page, to_page,
              {out, {lane_x, out.y}, {lane_x, leave_centre - toward * connector_height / 2}},
              {lane_x, leave_centre},
              {{lane_x, arrive_centre + toward * connector_height / 2},
               {lane_x, entry},
               {in.x, entry},
               in},
              {lane_x, arrive_centre});
    }

    // Title, headings, grid and footer of every page; what they all repeat is made once.
    const double top = header.title_height;
    const double second = top + header.first_height;
    const double below = second + header.second_height;
    std::vector<text_line> headings;
    place(header.title, span{0, c.width}, 0, header.title_height, "title", headings);
    for (std::size_t i = 0; i < header.top.size(); ++i) {
        const double height =
            header.tall[i] ? header.first_height + header.second_height : header.first_height;
        place(header.top[i].first, header.top[i].second, top, height, "heading", headings);
    }
    for (const auto& [text, cell] : header.second) {
        place(text, cell, second, header.second_height, "heading", headings);
    }
    std::vector<column> actor_columns;
    for (std::size_t i = 0; i < c.actors.size(); ++i) {
        actor_columns.push_back({data.actors[i].id, c.actors[i].x, c.actors[i].width});
    }
    text_line footer_text;  // the footer's own text takes at most three quarters of the line
    if (footer > 0) {
        // As written when it fits (runs of spaces in the Nomor included), else cut with an
        // ellipsis.
        if (text_width(settings.footer, small_size) <= c.width * 0.75) {
            footer_text.text = settings.footer;
        } else {
            const std::vector<std::string> lines =
                wrap(settings.footer, c.width * 0.75, small_size);
            footer_text.text = lines.empty() ? std::string{} : lines.front();
            if (lines.size() > 1) footer_text.text += "\u2026";
        }
        footer_text.size = small_size;
        footer_text.role = "footer";
        footer_text.width = text_width(footer_text.text, small_size);
    }
    for (std::size_t p = 0; p < page_count; ++p) {
        page& on = pages[p];
        on.texts = headings;
        on.actor_columns = actor_columns;
        const double bottom = on.body_bottom;
        // Horizontal rules: the table's top, under the spanning headings, under the headings,
        // under every row and strip.
        on.rules.push_back({{0, top}, {c.width, top}});
        on.rules.push_back({{c.left.x, second}, {c.output.right(), second}});
        on.rules.push_back({{0, below}, {c.width, below}});
        if (p > 0) on.rules.push_back({{0, on.body_top}, {c.width, on.body_top}});
        for (std::size_t i = first_row[p]; i < rows.size() && where[i].page == p; ++i) {
            const double y = where[i].top + geometry[i].height;
            on.rules.push_back({{0, y}, {c.width, y}});
        }
        if (p + 1 < page_count) on.rules.push_back({{0, bottom}, {c.width, bottom}});
        // Vertical rules: full height between the main columns, from the second heading row
        // inside Pelaksana and Mutu Baku.
        for (double x : {0.0, c.activity.x, c.left.x, c.requirements.x, c.remark.x, c.width}) {
            on.rules.push_back({{x, top}, {x, bottom}});
        }
        for (std::size_t i = 1; i < c.actors.size(); ++i) {
            on.rules.push_back({{c.actors[i].x, second}, {c.actors[i].x, bottom}});
        }
        for (double x : {c.time.x, c.output.x}) on.rules.push_back({{x, second}, {x, bottom}});
        if (footer > 0) {
            text_line left_footer = footer_text;
            left_footer.at = {0, on.height - 3};
            text_line right_footer = left_footer;
            right_footer.text = "Halaman " + std::to_string(settings.pages_before + p + 1) +
                                " dari " + std::to_string(settings.pages_before + page_count);
            right_footer.width = text_width(right_footer.text, small_size);
            right_footer.at = {c.width, on.height - 3};
            right_footer.align = anchor::end;
            on.texts.push_back(std::move(left_footer));
            on.texts.push_back(std::move(right_footer));
        }
    }
    return pages;
}

}  // namespace sop::detail::chart
