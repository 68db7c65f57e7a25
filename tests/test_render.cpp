// The standard SOP document (sop::to_html) and the flowchart image (sop::to_svg), read back as
// XML: every step's symbols in its actors' columns, every transition drawn as an orthogonal
// arrow from its source to its target that crosses no symbol, connectors pairing the halves of
// arrows that cross a page, the identity table's fields, texts as written.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sopengine/sopengine.hpp>
#include <string>
#include <vector>

#include "detail/flowchart.hpp"
#include "support.hpp"

namespace {

struct point {
    double x = 0;
    double y = 0;
};

struct bounds {
    double left = 0;
    double top = 0;
    double right = 0;
    double bottom = 0;

    bool touches(point p, double slack) const {
        const bool near = p.x >= left - slack && p.x <= right + slack && p.y >= top - slack &&
                          p.y <= bottom + slack;
        const bool inside =
            p.x > left + slack && p.x < right - slack && p.y > top + slack && p.y < bottom - slack;
        return near && !inside;
    }
};

// Every number in an attribute such as a path's d or a polygon's points.
std::vector<double> numbers(std::string_view text) {
    std::vector<double> out;
    const char* at = text.data();
    const char* end = text.data() + text.size();
    while (at < end) {
        if ((*at >= '0' && *at <= '9') || *at == '-' || *at == '.') {
            double value = 0;
            const auto [next, error] = std::from_chars(at, end, value);
            EXPECT_EQ(error, std::errc{}) << text;
            out.push_back(value);
            at = next;
        } else {
            ++at;
        }
    }
    return out;
}

std::vector<point> points_of(std::string_view text) {
    const std::vector<double> values = numbers(text);
    EXPECT_EQ(values.size() % 2, 0U) << text;
    std::vector<point> out;
    for (std::size_t i = 0; i + 1 < values.size(); i += 2)
        out.push_back({values[i], values[i + 1]});
    return out;
}

bounds bounds_of(const pugi::xml_node& shape) {
    if (std::string_view(shape.name()) == "rect") {
        const double x = shape.attribute("x").as_double();
        const double y = shape.attribute("y").as_double();
        return {x, y, x + shape.attribute("width").as_double(),
                y + shape.attribute("height").as_double()};
    }
    const std::vector<point> corners = points_of(shape.attribute("points").as_string());
    bounds b{1e9, 1e9, -1e9, -1e9};
    for (const point& p : corners) {
        b.left = std::min(b.left, p.x);
        b.right = std::max(b.right, p.x);
        b.top = std::min(b.top, p.y);
        b.bottom = std::max(b.bottom, p.y);
    }
    return b;
}

struct drawn_symbol {
    std::string actor;
    std::string kind;  // terminator, process, decision
    bounds box;
};

struct drawn_node {
    std::size_t page = 0;
    std::string kind;  // activity, decision, or terminal
    bool ends = false;
    std::string ending;  // data-ending: what a terminal or an end capsule stands for
    std::string sop;     // data-sop: the related SOP a step runs
    std::vector<drawn_symbol> symbols;
    std::string text;  // the row's cells, lines joined by spaces
};

struct drawn_arrow {
    std::size_t page = 0;
    std::string from, to, label, part, connector;
    std::vector<point> points;
};

struct drawn_page {
    std::map<std::string, std::pair<double, double>> columns;  // actor -> [left, right]
    double body_top = 0;
    double body_bottom = 0;
    std::vector<bounds> obstacles;             // every symbol and connector
    std::map<std::string, bounds> connectors;  // label -> pentagon
};

struct drawn_chart {
    std::vector<drawn_page> pages;
    std::map<std::string, drawn_node> nodes;  // step id, or "start" / "end"
    std::vector<drawn_arrow> arrows;
};

std::string text_of(const pugi::xml_node& group) {
    std::string joined;
    for (const pugi::xpath_node& line : group.select_nodes(".//text")) {
        if (!joined.empty()) joined += ' ';
        joined += line.node().child_value();
    }
    return joined;
}

drawn_chart read_chart(const pugi::xml_document& document) {
    drawn_chart chart;
    for (const pugi::xpath_node& svg : document.select_nodes("//svg[@class='flowchart']")) {
        const std::size_t page = chart.pages.size();
        drawn_page& p = chart.pages.emplace_back();
        for (const pugi::xpath_node& column :
             svg.node().select_nodes(".//rect[@class='actor-column']")) {
            const bounds b = bounds_of(column.node());
            p.columns[column.node().attribute("data-actor").as_string()] = {b.left, b.right};
            p.body_top = b.top;
            p.body_bottom = b.bottom;
        }
        for (const pugi::xpath_node& group :
             svg.node().select_nodes(".//g[@class='step' or @class='terminal']")) {
            const pugi::xml_node g = group.node();
            const bool terminal = std::string_view(g.attribute("class").as_string()) == "terminal";
            const std::string id =
                g.attribute(terminal ? "data-terminal" : "data-step").as_string();
            EXPECT_FALSE(chart.nodes.contains(id)) << "step " << id << " drawn twice";
            drawn_node& n = chart.nodes[id];
            n.page = page;
            n.kind = terminal ? "terminal" : g.attribute("data-kind").as_string();
            n.ends = g.attribute("data-ends").as_bool();
            n.ending = g.attribute("data-ending").as_string();
            n.sop = g.attribute("data-sop").as_string();
            for (const pugi::xml_node shape : g.children()) {
                const std::string_view classes = shape.attribute("class").as_string();
                if (!classes.starts_with("symbol ")) continue;
                drawn_symbol s{shape.attribute("data-actor").as_string(),
                               std::string(classes.substr(7)), bounds_of(shape)};
                p.obstacles.push_back(s.box);
                n.symbols.push_back(std::move(s));
            }
            const pugi::xpath_node cells = svg.node().select_node(
                fmt::format(".//g[@class='cells'][@data-node='{}']", id).c_str());
            if (cells) n.text = text_of(cells.node());
        }
        for (const pugi::xpath_node& group : svg.node().select_nodes(".//g[@class='connector']")) {
            const bounds b = bounds_of(group.node().child("polygon"));
            const std::string label = group.node().attribute("data-connector").as_string();
            EXPECT_FALSE(p.connectors.contains(label)) << "connector " << label << " twice";
            p.connectors[label] = b;
            p.obstacles.push_back(b);
            EXPECT_EQ(text_of(group.node()), label);
        }
        for (const pugi::xpath_node& group : svg.node().select_nodes(".//g[@class='transition']")) {
            const pugi::xml_node g = group.node();
            drawn_arrow a{page,
                          g.attribute("data-from").as_string(),
                          g.attribute("data-to").as_string(),
                          g.attribute("data-label").as_string(),
                          g.attribute("data-part").as_string(),
                          g.attribute("data-connector").as_string(),
                          points_of(g.child("path").attribute("d").as_string())};
            EXPECT_TRUE(g.child("polygon")) << "arrow without a head: " << a.from << "->" << a.to;
            chart.arrows.push_back(std::move(a));
        }
    }
    return chart;
}

bool on_symbol(const drawn_node& n, point p) {
    return std::any_of(n.symbols.begin(), n.symbols.end(),
                       [&](const drawn_symbol& s) { return s.box.touches(p, 0.6); });
}

// A segment that enters a shape's inside (shrunk by a point, so touching its edge is fine).
bool crosses(point a, point b, const bounds& box) {
    const bounds inner{box.left + 1, box.top + 1, box.right - 1, box.bottom - 1};
    const double left = std::min(a.x, b.x);
    const double right = std::max(a.x, b.x);
    const double top = std::min(a.y, b.y);
    const double bottom = std::max(a.y, b.y);
    return left < inner.right && right > inner.left && top < inner.bottom && bottom > inner.top;
}

struct expected_transition {
    std::string from, to, label;
};

// How each ending is drawn: by the id of its terminal, or by none when the one activity that
// reaches it is the end capsule itself. That is so only for the implicit ending of an SOP that
// declares none, reached by a single activity; declared endings always have their terminal, and
// every transition to an ending meets at it.
std::map<std::string, std::string> terminals_of(const sop::definition& sop) {
    std::map<std::string, std::pair<std::size_t, bool>> reached;  // ending -> exits, a decision
    for (const sop::step& s : sop.steps()) {
        for (const std::string* target : {&s.next, &s.yes, &s.no}) {
            const sop::ending* e = target->empty() ? nullptr : sop.find_ending(*target);
            if (e == nullptr) continue;
            auto& [exits, decision] = reached[e->id];
            ++exits;
            decision = decision || s.kind == sop::step_kind::decision;
        }
    }
    std::map<std::string, std::string> out;
    for (const sop::ending& e : sop.endings()) {
        const auto found = reached.find(e.id);
        if (found == reached.end()) continue;
        const bool terminal = e.declared || found->second.first > 1 || found->second.second;
        out[e.id] = !terminal ? std::string{} : e.declared ? "end:" + e.id : "end";
    }
    return out;
}

// The ending a step's exit reaches, or nullptr for a step.
const sop::ending* ending_of(const sop::definition& sop, const std::string& target) {
    return target.empty() ? nullptr : sop.find_ending(target);
}

std::vector<expected_transition> transitions_of(const sop::definition& sop) {
    const std::map<std::string, std::string> terminals = terminals_of(sop);
    std::vector<expected_transition> out;
    auto add = [&](const std::string& from, const std::string& target, const char* label) {
        const sop::ending* e = ending_of(sop, target);
        if (e == nullptr) {
            out.push_back({from, target, label});
        } else if (!terminals.at(e->id).empty()) {
            out.push_back({from, terminals.at(e->id), label});
        }
    };
    const auto steps = sop.steps();
    if (steps.front().kind == sop::step_kind::decision) out.push_back({"start", steps[0].id, ""});
    for (const sop::step& s : steps) {
        if (s.kind == sop::step_kind::activity) {
            add(s.id, s.next, "");
        } else {
            add(s.id, s.yes, "Ya");
            add(s.id, s.no, "Tidak");
        }
    }
    return out;
}

// Everything the chart must say about `sop`, checked on its drawing.
void expect_faithful(const sop::definition& sop, const drawn_chart& chart) {
    ASSERT_FALSE(chart.pages.empty());
    const auto steps = sop.steps();
    const std::map<std::string, std::string> terminals = terminals_of(sop);
    // An ending with a terminal: one, labelled with the ending, in the column of an actor whose
    // step reaches it.
    for (const auto& [ending, terminal] : terminals) {
        SCOPED_TRACE("ending " + ending);
        if (terminal.empty()) continue;
        const auto found = chart.nodes.find(terminal);
        ASSERT_NE(found, chart.nodes.end()) << "no terminal " << terminal;
        EXPECT_EQ(found->second.kind, "terminal");
        EXPECT_EQ(found->second.ending, ending);
        EXPECT_EQ(found->second.text, sop.find_ending(ending)->label);
        ASSERT_EQ(found->second.symbols.size(), 1U);
        EXPECT_EQ(found->second.symbols.front().kind, "terminator");
    }
    for (const auto& [id, node] : chart.nodes) {
        if (node.kind == "terminal" && id != "start") {
            EXPECT_TRUE(terminals.contains(node.ending) && terminals.at(node.ending) == id)
                << "a terminal for no ending: " << id;
        }
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const sop::step& s = steps[i];
        SCOPED_TRACE("step " + s.id);
        const auto found = chart.nodes.find(s.id);
        ASSERT_NE(found, chart.nodes.end()) << "step not drawn";
        const drawn_node& n = found->second;
        const drawn_page& page = chart.pages[n.page];
        EXPECT_EQ(n.kind, sop::to_string(s.kind));
        // One symbol per actor, each inside its actor's column and the table's body.
        std::multiset<std::string> wanted(s.actors.begin(), s.actors.end());
        std::multiset<std::string> drawn;
        for (const drawn_symbol& symbol : n.symbols) {
            drawn.insert(symbol.actor);
            const auto column = page.columns.find(symbol.actor);
            ASSERT_NE(column, page.columns.end()) << "no column for " << symbol.actor;
            EXPECT_GE(symbol.box.left, column->second.first) << symbol.actor;
            EXPECT_LE(symbol.box.right, column->second.second) << symbol.actor;
            EXPECT_GE(symbol.box.top, page.body_top);
            EXPECT_LE(symbol.box.bottom, page.body_bottom);
            const bool ends = s.kind == sop::step_kind::activity &&
                              ending_of(sop, s.next) != nullptr &&
                              terminals.at(ending_of(sop, s.next)->id).empty();
            const bool starts = i == 0 && s.kind == sop::step_kind::activity;
            const std::string shape = s.kind == sop::step_kind::decision ? "decision"
                                      : ends || starts                   ? "terminator"
                                                                         : "process";
            EXPECT_EQ(symbol.kind, shape);
        }
        EXPECT_EQ(drawn, wanted);
        const sop::ending* capsule =
            s.kind == sop::step_kind::activity ? ending_of(sop, s.next) : nullptr;
        const bool ends = capsule != nullptr && terminals.at(capsule->id).empty();
        EXPECT_EQ(n.ends, ends);
        EXPECT_EQ(n.ending, ends ? capsule->id : std::string{});
        EXPECT_EQ(n.sop, s.sop);
        // The row says what the step says, as written.
        EXPECT_NE(n.text.find(s.description), std::string::npos) << n.text;
        for (const std::string* cell : {&s.requirements, &s.output, &s.remark, &s.duration_text}) {
            EXPECT_NE(n.text.find(*cell), std::string::npos) << *cell << " in " << n.text;
        }
    }

    // Every transition is one arrow on one page, or two halves joined by a pair of connectors.
    std::vector<bool> used(chart.arrows.size(), false);
    for (const expected_transition& t : transitions_of(sop)) {
        SCOPED_TRACE(t.from + " -> " + t.to + " " + t.label);
        const auto source = chart.nodes.find(t.from);
        const auto target = chart.nodes.find(t.to);
        ASSERT_NE(source, chart.nodes.end());
        ASSERT_NE(target, chart.nodes.end());
        std::optional<std::size_t> whole, leaves, arrives;
        for (std::size_t k = 0; k < chart.arrows.size(); ++k) {
            const drawn_arrow& a = chart.arrows[k];
            if (used[k] || a.from != t.from || a.to != t.to) continue;
            if (a.part.empty() && a.label == t.label && !whole) whole = k;
            if (a.part == "leaves" && a.label == t.label && !leaves) leaves = k;
        }
        if (leaves) {
            for (std::size_t k = 0; k < chart.arrows.size(); ++k) {
                const drawn_arrow& a = chart.arrows[k];
                if (!used[k] && a.from == t.from && a.to == t.to && a.part == "arrives" &&
                    a.connector == chart.arrows[*leaves].connector) {
                    arrives = k;
                }
            }
        }
        ASSERT_TRUE(whole || (leaves && arrives)) << "no arrow";
        if (whole) {
            used[*whole] = true;
            const drawn_arrow& a = chart.arrows[*whole];
            EXPECT_EQ(a.page, source->second.page);
            EXPECT_EQ(a.page, target->second.page);
            ASSERT_GE(a.points.size(), 2U);
            EXPECT_TRUE(on_symbol(source->second, a.points.front())) << "does not leave the source";
            EXPECT_TRUE(on_symbol(target->second, a.points.back())) << "does not reach the target";
            continue;
        }
        used[*leaves] = used[*arrives] = true;
        const drawn_arrow& out = chart.arrows[*leaves];
        const drawn_arrow& in = chart.arrows[*arrives];
        EXPECT_NE(out.page, in.page);
        EXPECT_EQ(out.page, source->second.page);
        EXPECT_EQ(in.page, target->second.page);
        EXPECT_TRUE(on_symbol(source->second, out.points.front()));
        EXPECT_TRUE(on_symbol(target->second, in.points.back()));
        const auto out_connector = chart.pages[out.page].connectors.find(out.connector);
        const auto in_connector = chart.pages[in.page].connectors.find(in.connector);
        ASSERT_NE(out_connector, chart.pages[out.page].connectors.end()) << out.connector;
        ASSERT_NE(in_connector, chart.pages[in.page].connectors.end()) << in.connector;
        EXPECT_TRUE(out_connector->second.touches(out.points.back(), 0.6));
        EXPECT_TRUE(in_connector->second.touches(in.points.front(), 0.6));
    }
    for (std::size_t k = 0; k < chart.arrows.size(); ++k) {
        EXPECT_TRUE(used[k]) << "an arrow for no transition: " << chart.arrows[k].from << " -> "
                             << chart.arrows[k].to;
    }

    // Arrows are orthogonal and never pass through a symbol.
    for (const drawn_arrow& a : chart.arrows) {
        SCOPED_TRACE(a.from + " -> " + a.to + " " + a.label + " " + a.part);
        for (std::size_t k = 1; k < a.points.size(); ++k) {
            const point p = a.points[k - 1];
            const point q = a.points[k];
            EXPECT_TRUE(std::abs(p.x - q.x) < 0.01 || std::abs(p.y - q.y) < 0.01)
                << "oblique segment " << k;
            for (const bounds& box : chart.pages[a.page].obstacles) {
                EXPECT_FALSE(crosses(p, q, box))
                    << "segment " << k << " crosses the symbol at " << box.left << "," << box.top;
            }
        }
    }
}

pugi::xml_document parse(const std::string& markup) {
    pugi::xml_document document;
    const pugi::xml_parse_result parsed = document.load_string(markup.c_str());
    EXPECT_TRUE(parsed) << parsed.description() << " at byte " << parsed.offset << ": "
                        << markup.substr(static_cast<std::size_t>(
                                             std::max<std::ptrdiff_t>(parsed.offset - 80, 0)),
                                         160);
    return document;
}

std::string cell(const pugi::xml_document& document, const std::string& role) {
    const pugi::xpath_node found =
        document.select_node(fmt::format("//*[@class='{}']", role).c_str());
    return found ? found.node().text().as_string() : "<missing " + role + ">";
}

// Nothing fetched from elsewhere: no script, stylesheet, font or image by address.
void expect_self_contained(const std::string& markup) {
    std::string rest = markup;
    for (const std::string_view space :
         {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"}) {
        for (std::size_t at = rest.find(space); at != std::string::npos; at = rest.find(space)) {
            rest.erase(at, space.size());
        }
    }
    for (const std::string_view remote :
         {"http:", "https:", "<script", "<link", "url(", "@import"}) {
        EXPECT_EQ(rest.find(remote), std::string::npos) << remote;
    }
}

class shipped_render : public ::testing::TestWithParam<std::string> {
protected:
    sop::definition sop = sop::load_file_or_throw(std::filesystem::path(SOPENGINE_DEFINITIONS) /
                                                  (GetParam() + ".xml"));
};

TEST_P(shipped_render, DocumentIsWellFormedAndTheChartFaithful) {
    const std::string html = sop::to_html(sop);
    const pugi::xml_document document = parse(html);
    expect_self_contained(html);
    const drawn_chart chart = read_chart(document);
    expect_faithful(sop, chart);
    // A page's table is the procedure in order; pages after the first start below connectors.
    for (const drawn_page& page : chart.pages) EXPECT_LT(page.body_top, page.body_bottom);
}

TEST_P(shipped_render, IdentityTableHoldsTheHeader) {
    const pugi::xml_document document = parse(sop::to_html(sop));
    const sop::identity& h = sop.header();
    EXPECT_EQ(cell(document, "number"), h.number);
    EXPECT_EQ(cell(document, "title"), h.title);
    // A date the SOP has is a row, even blank; a date it lacks is none.
    for (const auto& [role, date] : {std::pair{"created", &h.created},
                                     {"revised", &h.revised},
                                     {"effective", &h.effective},
                                     {"ratified", &h.ratified}}) {
        EXPECT_EQ(cell(document, role),
                  date->written ? date->text : "<missing " + std::string(role) + ">")
            << role;
    }
    EXPECT_EQ(cell(document, "unit"), h.unit);
    EXPECT_EQ(cell(document, "position"), h.approved_by.position);
    if (!h.approved_by.name.empty()) {
        EXPECT_EQ(cell(document, "name"), h.approved_by.name);
    }
    if (!h.approved_by.nip.empty()) {
        EXPECT_EQ(cell(document, "nip"), "NIP. " + h.approved_by.nip);
    }
    // The lower part pairs the lists as the form does, each in order.
    const std::vector<std::pair<std::string, const std::vector<std::string>*>> lists = {
        {"legal-basis", &h.legal_basis},   {"qualifications", &h.qualifications},
        {"related-sops", &h.related_sops}, {"equipment", &h.equipment},
        {"warnings", &h.warnings},         {"records", &h.records}};
    for (const auto& [role, items] : lists) {
        const pugi::xpath_node section =
            document.select_node(fmt::format("//td[@class='{}']", role).c_str());
        ASSERT_TRUE(section) << role;
        std::vector<std::string> drawn;
        for (const pugi::xpath_node& item : section.node().select_nodes(".//li | .//p")) {
            drawn.emplace_back(item.node().text().as_string());
        }
        EXPECT_EQ(drawn, *items) << role;
    }
    const std::vector<std::string> pairs = {"legal-basis", "qualifications", "related-sops",
                                            "equipment",   "warnings",       "records"};
    for (std::size_t i = 0; i < pairs.size(); i += 2) {
        const pugi::xpath_node left =
            document.select_node(fmt::format("//td[@class='{}']", pairs[i]).c_str());
        EXPECT_EQ(std::string_view(left.node().next_sibling("td").attribute("class").as_string()),
                  pairs[i + 1]);
    }
}

TEST_P(shipped_render, SvgIsOneFaithfulPage) {
    const std::string svg = sop::to_svg(sop);
    const pugi::xml_document document = parse(svg);
    expect_self_contained(svg);
    const drawn_chart chart = read_chart(document);
    EXPECT_EQ(chart.pages.size(), 1U);
    expect_faithful(sop, chart);
    EXPECT_EQ(std::string_view(document.document_element().attribute("data-pages").as_string()),
              "1");
}

INSTANTIATE_TEST_SUITE_P(agencies, shipped_render,
                         ::testing::Values("sidoarjo", "pace", "way-kanan", "kalbar", "kediri"),
                         [](const auto& agency) {
                             std::string name = agency.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// A procedure of `count` steps in `actors` columns with every kind of route: a decision first,
// jumps ahead, loops back over several rows and across pages, a decision leading to the end,
// steps of several actors, and an early end.
std::string awkward_procedure(std::size_t count, std::size_t actors) {
    std::string xml = R"(<sop format="1" id="awkward"><identity><unit>U</unit><number>N/1</number>)"
                      R"(<title>Awkward</title><approved-by position="P"/></identity><actors>)";
    for (std::size_t a = 0; a < actors; ++a) {
        xml += fmt::format(
            R"(<actor id="a{}">Pelaksana nomor {} dengan nama jabatan panjang</actor>)", a, a);
    }
    xml += "</actors><procedure>";
    for (std::size_t i = 1; i <= count; ++i) {
        const std::string actor = fmt::format("a{}", (i * 3) % actors);
        const std::string text = fmt::format("Langkah {} mengerjakan sesuatu", i);
        if (i == 1) {
            xml += fmt::format(
                R"(<decision id="1" actor="{}" duration="1 jam" yes="2" no="4"><description>{})"
                R"(</description><question>Lanjut?</question></decision>)",
                actor, text);
        } else if (i % 9 == 0) {  // loops back several rows, or to the very first step
            xml += fmt::format(
                R"(<decision id="{}" actor="{}" duration="1 jam" yes="{}" no="{}"><description>{})"
                R"(</description><question>Benar?</question></decision>)",
                i, actor, i + 1, i > 20 ? i - 7 : 1, text);
        } else if (i % 13 == 0) {  // jumps ahead, or ends the procedure at once
            xml += fmt::format(
                R"(<decision id="{}" actor="{}" duration="1 jam" yes="{}" no="{}"><description>{})"
                R"(</description><question>Benar?</question></decision>)",
                i, actor,
                i == 26          ? std::to_string(i + 1)
                : i + 3 <= count ? std::to_string(i + 3)
                                 : "end",
                i == 26 ? "end" : std::to_string(i + 1), text);
        } else if (i % 5 == 0) {  // several actors, far apart
            xml += fmt::format(
                R"(<activity id="{}" actor="a0 {}" duration="1 jam"><description>{}</description></activity>)",
                i, fmt::format("a{}", actors - 1), text);
        } else if (i == 16) {  // past the early end below
            xml += fmt::format(
                R"(<decision id="16" actor="{}" duration="1 jam" yes="18" no="17">)"
                R"(<description>{}</description><question>Benar?</question></decision>)",
                actor, text);
        } else if (i == 17) {  // an early end
            xml += fmt::format(
                R"(<activity id="17" actor="{}" duration="1 jam" next="end"><description>{})"
                R"(</description></activity>)",
                actor, text);
        } else {
            xml += fmt::format(
                R"(<activity id="{}" actor="{}" duration="1 jam"><description>{}</description></activity>)",
                i, actor, text);
        }
    }
    xml += "</procedure></sop>";
    return xml;
}

TEST(render, AwkwardProcedureAcrossManyPages) {
    const sop::load_result loaded = sop::load_string(awkward_procedure(60, 5), "awkward.xml");
    for (const sop::diagnostic& problem : loaded.diagnostics)
        ADD_FAILURE() << sop::to_string(problem);
    ASSERT_TRUE(loaded);
    const drawn_chart chart = read_chart(parse(sop::to_html(*loaded.definition)));
    EXPECT_GE(chart.pages.size(), 4U);
    std::size_t halves = 0;
    for (const drawn_arrow& a : chart.arrows) halves += a.part.empty() ? 0U : 1U;
    EXPECT_GE(halves, 6U) << "loops back across pages";
    expect_faithful(*loaded.definition, chart);
    // A decision that ends the procedure leads to an end capsule of its own.
    ASSERT_TRUE(chart.nodes.contains("end"));
    EXPECT_EQ(chart.nodes.at("end").symbols.at(0).kind, "terminator");
    ASSERT_TRUE(chart.nodes.contains("start")) << "a decision first needs a start capsule";
}

TEST(render, ManyActorsKeepTheTableOnThePaper) {
    const sop::load_result loaded = sop::load_string(awkward_procedure(30, 14), "wide.xml");
    for (const sop::diagnostic& problem : loaded.diagnostics)
        ADD_FAILURE() << sop::to_string(problem);
    ASSERT_TRUE(loaded);
    const pugi::xml_document document = parse(sop::to_html(*loaded.definition));
    const drawn_chart chart = read_chart(document);
    expect_faithful(*loaded.definition, chart);
    // The table is scaled to the sheet: the printed width stays that of A4 landscape.
    for (const pugi::xpath_node& svg : document.select_nodes("//svg[@class='flowchart']")) {
        EXPECT_STREQ(svg.node().attribute("width").as_string(), "277mm");
        EXPECT_STREQ(svg.node().attribute("height").as_string(), "190mm");
    }
    EXPECT_EQ(chart.pages.front().columns.size(), 14U);
}

TEST(render, TextsAsWrittenAndWrappedToTheirColumn) {
    const std::string description =
        "Kepala Dinas menelaah “Surat Masuk” & <Lampiran> milik Bu Ñoño – café 100% lengkap; "
        "kemudian mendisposisikan kepada Sekretaris, Kepala Bidang, dan Kepala Sub Bagian Umum "
        "dan Kepegawaian untuk ditindaklanjuti sesuai dengan ketentuan peraturan perundang-"
        "undangan yang berlaku pada Pemerintah Kabupaten";
    const std::string xml = fmt::format(
        R"(<sop format="1" id="teks"><identity><unit>Bagian &amp; Umum</unit><number>1</number>)"
        R"(<title>Teks</title><approved-by position="P"/></identity><actors><actor id="a">A</actor>)"
        R"(</actors><procedure><activity id="1" actor="a"><description>{}</description>)"
        R"(<output>Surat_keterangan_dengan_nama_yang_sangat_panjang_tanpa_spasi_sama_sekali</output>)"
        R"(</activity></procedure></sop>)",
        description.substr(0, description.find('&')) + "&amp; &lt;Lampiran&gt;" +
            description.substr(description.find('>') + 1));
    const sop::definition sop = sop::load_string_or_throw(xml, "teks.xml");
    ASSERT_EQ(sop.steps()[0].description, description);
    const pugi::xml_document document = parse(sop::to_html(sop));
    EXPECT_EQ(cell(document, "unit"), "Bagian & Umum");
    const drawn_chart chart = read_chart(document);
    EXPECT_NE(chart.nodes.at("1").text.find(description), std::string::npos)
        << chart.nodes.at("1").text;
    // Long texts take several lines, none wider than its column (the first text column after
    // the number is Kegiatan, which ends where the actor columns begin).
    const double kegiatan_right = chart.pages[0].columns.at("a").first;
    std::size_t lines = 0;
    for (const pugi::xpath_node& line :
         document.select_nodes("//g[@class='cells'][@data-node='1']/text")) {
        const double x = line.node().attribute("x").as_double();
        const double width = line.node().attribute("textLength").as_double();
        // Kegiatan's lines start at the column's left; the step's number is centred.
        if (x > kegiatan_right || line.node().attribute("text-anchor")) continue;
        ++lines;
        EXPECT_LE(x + width, kegiatan_right) << line.node().child_value();
    }
    EXPECT_GE(lines, 5U);
    // The word longer than its column is broken rather than left to overflow.
    const std::string text = chart.nodes.at("1").text;
    EXPECT_EQ(text.find("Surat_keterangan_dengan_nama_yang_sangat_panjang_tanpa_spasi_sama_sekali"),
              std::string::npos);
}

TEST(render, LogoIsEmbeddedWhereTheFormKeepsItsSpace) {
    const sop::definition sop = sop::load_file_or_throw(sop_test::surat_file);
    const std::string logo = "data:image/png;base64,iVBORw0KGgo=";
    const pugi::xml_document with = parse(sop::to_html(sop, {.logo = logo}));
    EXPECT_EQ(std::string_view(
                  with.select_node("//div[@class='logo']/img").node().attribute("src").as_string()),
              logo);
    const pugi::xml_document without = parse(sop::to_html(sop));
    EXPECT_TRUE(without.select_node("//div[@class='logo']"));
    EXPECT_FALSE(without.select_node("//div[@class='logo']/img"));
}

TEST(render, StepOfSeveralActorsHasASymbolInEachColumn) {
    const sop::definition sop = sop::load_file_or_throw(sop_test::surat_file);
    const drawn_chart chart = read_chart(parse(sop::to_svg(sop)));
    expect_faithful(sop, chart);
    ASSERT_EQ(chart.nodes.at("3").symbols.size(), 2U);
}

// Named outcomes: each declared ending is one terminator labelled with it, and every transition
// to it (from an activity or a decision) arrives there; no step is an end capsule.
TEST(render, EachEndingIsOneTerminatorLabelledWithItsOutcome) {
    const sop::definition sop = sop::load_file_or_throw(std::filesystem::path(SOPENGINE_TEST_DATA) /
                                                        "valid" / "service.xml");
    const drawn_chart chart = read_chart(parse(sop::to_html(sop)));
    expect_faithful(sop, chart);
    EXPECT_EQ(chart.nodes.at("end:terbit").text, "Izin diterbitkan");
    EXPECT_EQ(chart.nodes.at("end:ditolak").text, "Permohonan ditolak");
    EXPECT_EQ(chart.nodes.at("end:dikembalikan").text, "Berkas dikembalikan kepada pemohon");
    EXPECT_FALSE(chart.nodes.contains("end"));
    EXPECT_FALSE(chart.nodes.at("5").ends);
    EXPECT_EQ(chart.nodes.at("5").symbols.front().kind, "process");
    // The rejection leaves the decision of step 4 and reaches its terminal in Kabid's column.
    const auto rejection =
        std::find_if(chart.arrows.begin(), chart.arrows.end(),
                     [](const auto& a) { return a.from == "4" && a.to == "end:ditolak"; });
    ASSERT_NE(rejection, chart.arrows.end());
    EXPECT_EQ(rejection->label, "Tidak");
    EXPECT_EQ(chart.nodes.at("end:ditolak").symbols.front().actor, "kabid");
}

// An SOP that declares no ending: a decision's "Tidak" that ends it and the last activity meet at
// one "Selesai" terminator, instead of the decision having its own while the last step is a
// capsule too.
TEST(render, EndsOfAnUndeclaredEndingConverge) {
    const sop::definition sop = sop::load_string_or_throw(
        R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number><title>T</title>)"
        R"(<approved-by position="P"/></identity><actors><actor id="a">A</actor>)"
        R"(<actor id="b">B</actor></actors><procedure>)"
        R"(<activity id="1" actor="a"><description>Menerima</description></activity>)"
        R"(<decision id="2" actor="b" yes="3" no="end"><description>Memeriksa</description>)"
        R"(<question>Lengkap?</question></decision>)"
        R"(<activity id="3" actor="a"><description>Mengarsipkan</description></activity>)"
        R"(</procedure></sop>)",
        "t.xml");
    const drawn_chart chart = read_chart(parse(sop::to_svg(sop)));
    expect_faithful(sop, chart);
    const drawn_node& end = chart.nodes.at("end");
    EXPECT_EQ(end.text, "Selesai");
    EXPECT_EQ(end.ending, "end");
    EXPECT_EQ(chart.nodes.at("3").symbols.front().kind, "process");
    std::set<std::string> into_end;
    for (const drawn_arrow& a : chart.arrows) {
        if (a.to == "end") into_end.insert(a.from + " " + a.label);
    }
    EXPECT_EQ(into_end, (std::set<std::string>{"2 Tidak", "3 "}));
}

// The form's custom stays where it is unambiguous: the one activity that ends an SOP declaring no
// ending is the end capsule itself, and there is no separate terminator.
TEST(render, TheOnlyEndOfAnUndeclaredEndingIsTheLastStepsCapsule) {
    const sop::definition sop = sop::load_file_or_throw(sop_test::surat_file);
    const drawn_chart chart = read_chart(parse(sop::to_svg(sop)));
    expect_faithful(sop, chart);
    EXPECT_FALSE(chart.nodes.contains("end"));
    const auto capsule = std::find_if(chart.nodes.begin(), chart.nodes.end(),
                                      [](const auto& n) { return n.second.ends; });
    ASSERT_NE(capsule, chart.nodes.end());
    EXPECT_EQ(capsule->second.ending, "end");
    EXPECT_EQ(capsule->second.symbols.front().kind, "terminator");
}

// The x of every vertical grid rule that runs through the body of a chart page.
std::vector<double> vertical_rules(const pugi::xml_node& svg, double body_top) {
    std::vector<double> out;
    for (const pugi::xpath_node& line : svg.select_nodes(".//g[@class='grid']/line")) {
        const pugi::xml_node l = line.node();
        const double x1 = l.attribute("x1").as_double();
        const double y1 = l.attribute("y1").as_double();
        const double y2 = l.attribute("y2").as_double();
        if (std::abs(x1 - l.attribute("x2").as_double()) < 0.01 && y1 < body_top && y2 > body_top) {
            out.push_back(x1);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Arrows that go round a row run in room beside the actor columns, but the form has no column
// for them: under Pelaksana there is exactly one column per actor, each headed by its name.
TEST(render, NoUnlabelledColumnsUnderPelaksana) {
    // A loop back (right) and a jump ahead (left) need both side channels.
    const sop::definition sop = sop::load_string_or_throw(
        R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number><title>T</title>)"
        R"(<approved-by position="P"/></identity><actors><actor id="pemohon">Pemohon</actor>)"
        R"(<actor id="petugas">Petugas</actor><actor id="teknis">Tim Teknis</actor>)"
        R"(<actor id="kabid">Kepala Bidang</actor></actors><procedure>)"
        R"(<activity id="1" actor="pemohon"><description>Mengajukan</description></activity>)"
        R"(<decision id="2" actor="petugas" yes="3" no="1"><description>Memeriksa</description>)"
        R"(<question>Lengkap?</question></decision>)"
        R"(<decision id="3" actor="teknis" yes="5" no="4"><description>Meninjau</description>)"
        R"(<question>Sederhana?</question></decision>)"
        R"(<activity id="4" actor="teknis"><description>Survei</description></activity>)"
        R"(<activity id="5" actor="kabid"><description>Menandatangani</description></activity>)"
        R"(</procedure></sop>)",
        "t.xml");
    const pugi::xml_document document = parse(sop::to_svg(sop));
    const drawn_chart chart = read_chart(document);
    const drawn_page& page = chart.pages.front();
    bool left_channel = false;
    bool right_channel = false;
    for (const drawn_arrow& a : chart.arrows) {
        for (const point& p : a.points) {
            left_channel = left_channel || p.x < page.columns.at("pemohon").first - 1;
            right_channel = right_channel || p.x > page.columns.at("kabid").second + 1;
        }
    }
    ASSERT_TRUE(left_channel && right_channel) << "the test needs arrows in both channels";
    const std::vector<double> rules =
        vertical_rules(document.document_element(), page.body_top + 1);
    // The rules bounding Pelaksana: the last at or left of the first actor's column, the first at
    // or right of the last actor's.
    const auto left = std::find_if(rules.rbegin(), rules.rend(), [&](double x) {
        return x <= page.columns.at("pemohon").first + 0.01;
    });
    const auto right = std::find_if(rules.begin(), rules.end(), [&](double x) {
        return x >= page.columns.at("kabid").second - 0.01;
    });
    ASSERT_NE(left, rules.rend());
    ASSERT_NE(right, rules.end());
    std::vector<double> inside(left.base(), right);
    const std::vector<std::string> actors = {"pemohon", "petugas", "teknis", "kabid"};
    ASSERT_EQ(inside.size(), actors.size() - 1) << "a column under Pelaksana that is no actor's";
    for (std::size_t i = 1; i < actors.size(); ++i) {
        EXPECT_NEAR(inside[i - 1], page.columns.at(actors[i]).first, 0.01);
    }
    // Each actor's heading stands in its cell: the outer ones take the channels' room.
    std::vector<double> bounds{*left};
    bounds.insert(bounds.end(), inside.begin(), inside.end());
    bounds.push_back(*right);
    for (std::size_t i = 0; i < actors.size(); ++i) {
        const std::string name = sop.actors()[i].name;
        const pugi::xpath_node heading = document.select_node(
            fmt::format("//text[@class='heading'][starts-with('{}', text())]", name).c_str());
        ASSERT_TRUE(heading) << name;
        const double x = heading.node().attribute("x").as_double();
        EXPECT_GT(x, bounds[i]) << name;
        EXPECT_LT(x, bounds[i + 1]) << name;
    }
}

// The identity sheet is page 1 of the document, the chart's pages follow it.
TEST(render, PagesAreNumberedFromTheIdentitySheet) {
    const sop::definition sop =
        sop::load_file_or_throw(std::filesystem::path(SOPENGINE_DEFINITIONS) / "sidoarjo.xml");
    const pugi::xml_document document = parse(sop::to_html(sop));
    const auto charts = document.select_nodes("//svg[@class='flowchart']");
    ASSERT_GE(charts.size(), 1U);
    const std::size_t total = charts.size() + 1;
    EXPECT_EQ(cell(document, "page-number"), fmt::format("Halaman 1 dari {}", total));
    EXPECT_EQ(cell(document, "document"), sop.header().number + " \u2013 " + sop.header().title);
    std::size_t number = 2;
    for (const pugi::xpath_node& chart : charts) {
        const pugi::xpath_node footer =
            chart.node().select_node(".//text[@class='footer'][@text-anchor='end']");
        ASSERT_TRUE(footer);
        EXPECT_EQ(std::string_view(footer.node().child_value()),
                  fmt::format("Halaman {} dari {}", number++, total));
    }
}

// A date the SOP lacks has no row; one written blank keeps its empty row; the gap an author
// leaves in the Nomor for the hand-written part is printed.
TEST(render, IdentityShowsWhatTheSopHasAsWritten) {
    const sop::definition sop = sop::load_file_or_throw(std::filesystem::path(SOPENGINE_TEST_DATA) /
                                                        "valid" / "headings.xml");
    const std::string html = sop::to_html(sop);
    const pugi::xml_document document = parse(html);
    EXPECT_EQ(cell(document, "revised"), "");
    EXPECT_EQ(cell(document, "ratified"), "14 Februari 2022");
    EXPECT_FALSE(document.select_node("//td[@class='effective']"));
    EXPECT_FALSE(document.select_node("//th[text()='Tanggal Efektif']"));
    EXPECT_EQ(cell(document, "number"), "/      /I.10-UJ/2022");
    EXPECT_NE(html.find("td.number { white-space: pre-wrap; }"), std::string::npos);
    // The chart's footer keeps the gap too, and tells SVG to.
    const pugi::xpath_node footer =
        document.select_node("//svg//text[@class='footer'][not(@text-anchor)]");
    ASSERT_TRUE(footer);
    EXPECT_EQ(std::string_view(footer.node().child_value()),
              "/      /I.10-UJ/2022 \u2013 PENGUMPULAN DATA KINERJA.");
    EXPECT_EQ(std::string_view(footer.node().attribute("xml:space").as_string()), "preserve");
}

TEST(render, IndonesianWordsBreakBetweenSyllables) {
    using sop::detail::chart::hyphenation_points;
    auto syllables = [](std::string_view word) {
        std::string out;
        std::size_t from = 0;
        for (const std::size_t at : hyphenation_points(word)) {
            out += word.substr(from, at - from);
            out += '-';
            from = at;
        }
        return out + std::string(word.substr(from));
    };
    EXPECT_EQ(syllables("Perencanaan"), "Pe-ren-ca-na-an");
    EXPECT_EQ(syllables("Kepegawaian"), "Ke-pe-ga-wai-an");
    EXPECT_EQ(syllables("PENGANGKATAN"), "PE-NGANG-KA-TAN");
    EXPECT_EQ(syllables("menyanyikan"), "me-nya-nyi-kan");
    EXPECT_EQ(syllables("masyarakat"), "ma-sya-ra-kat");
    EXPECT_EQ(syllables("instrumen"), "in-stru-men");
    EXPECT_EQ(syllables("Sekretariat"), "Sek-re-ta-ri-at");  // PUEBI: Ap-ril
    EXPECT_EQ(syllables("Kabag/Kasubbag"), "Ka-bag/Ka-sub-bag");
    EXPECT_EQ(syllables("ia"), "ia");  // never one letter alone on a line
    EXPECT_EQ(syllables("NIP.19870203"), "NIP.19870203");
}

// A long word in a narrow actor column is hyphenated between syllables, not cut anywhere.
TEST(render, LongActorNamesAreHyphenatedInNarrowColumns) {
    std::string actors;
    std::string columns;
    for (int i = 0; i < 12; ++i) {
        actors += fmt::format(R"(<actor id="a{}">Kasubbag Perencanaan{}</actor>)", i, i);
        columns += fmt::format(" a{}", i);
    }
    const sop::definition sop = sop::load_string_or_throw(
        fmt::format(R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number>)"
                    R"(<title>T</title><approved-by position="P"/></identity><actors>{}</actors>)"
                    R"(<procedure><activity id="1" actor="{}"><description>Rapat</description>)"
                    R"(</activity></procedure></sop>)",
                    actors, columns.substr(1)),
        "t.xml");
    const pugi::xml_document document = parse(sop::to_svg(sop));
    std::vector<std::string> lines;
    for (const pugi::xpath_node& text : document.select_nodes("//text[@class='heading']")) {
        lines.emplace_back(text.node().child_value());
    }
    // Every piece of "Perencanaan" is whole syllables, the first ones ending in a hyphen.
    std::string joined;
    bool broken = false;
    for (const std::string& line : lines) {
        if (line.starts_with("Pe") && line.ends_with("-")) {
            broken = true;
            EXPECT_TRUE(line == "Pe-" || line == "Peren-" || line == "Perenca-" ||
                        line == "Perencana-")
                << line;
        }
    }
    EXPECT_TRUE(broken) << "the columns are wide enough not to break: make the test narrower";
}

// A step that runs a related SOP says so with that SOP's number, once linked.
TEST(render, AStepRunningARelatedSopIsMarkedWithItsNumber) {
    auto made = sop::catalog::load_folder(std::filesystem::path(SOPENGINE_TEST_DATA) / "catalog");
    ASSERT_TRUE(made.catalog);
    const sop::definition& permit = *made.catalog->find("izin-reklame");
    const drawn_chart chart = read_chart(parse(sop::to_html(permit)));
    expect_faithful(permit, chart);
    EXPECT_EQ(chart.nodes.at("3").sop, "survei-lapangan");
    EXPECT_NE(chart.nodes.at("3").text.find("Sesuai SOP 11/SOP/2024"), std::string::npos)
        << chart.nodes.at("3").text;
    // Loaded alone, the related SOP is named by its id.
    const sop::definition alone = sop::load_file_or_throw(
        std::filesystem::path(SOPENGINE_TEST_DATA) / "catalog" / "izin-reklame.xml");
    const drawn_chart unlinked = read_chart(parse(sop::to_svg(alone)));
    EXPECT_NE(unlinked.nodes.at("3").text.find("Sesuai SOP survei-lapangan"), std::string::npos);
}

}  // namespace
