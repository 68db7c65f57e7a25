// The standard SOP document (Permenpan RB 35/2012) as HTML with inline SVG, and the flowchart
// alone as SVG. The geometry comes from detail/flowchart.hpp; this file only writes it out.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <sopengine/export.hpp>
#include <sopengine/version.hpp>

#include "detail/definition_data.hpp"
#include "detail/flowchart.hpp"
#include "detail/html.hpp"

namespace sop {
namespace {

constexpr std::string_view font_family = "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif";
constexpr double points_per_mm = 72.0 / 25.4;
// A4 landscape less 10 mm margins on every side.
constexpr double sheet_width_mm = 277;
constexpr double sheet_height_mm = 190;

using detail::escape;
using detail::escaped;

// A coordinate: two decimals at most (rounded as printf's "%.2f" does), no trailing zeros.
std::string num(double value) {
    std::array<char, 32> digits{};
    const auto [end, failed] = std::to_chars(digits.data(), digits.data() + digits.size(), value,
                                             std::chars_format::fixed, 2);
    if (failed != std::errc{}) return fmt::format("{:.2f}", value);  // beyond any page
    std::string text(digits.data(), end);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    if (text == "-0") text = "0";
    return text;
}

std::string_view anchor_name(detail::chart::anchor align) {
    switch (align) {
        case detail::chart::anchor::middle: return "middle";
        case detail::chart::anchor::end: return "end";
        case detail::chart::anchor::start: break;
    }
    return "start";
}

void write_text(std::string& out, const detail::chart::text_line& line) {
    if (line.text.empty()) return;
    out += fmt::format(R"(<text class="{}" x="{}" y="{}" font-size="{}")", line.role,
                       num(line.at.x), num(line.at.y), num(line.size));
    if (line.bold) out += R"( font-weight="bold")";
    // A run of spaces is the author's (a gap in the Nomor): SVG keeps it only when told to.
    if (line.text.find("  ") != std::string::npos) out += R"( xml:space="preserve")";
    if (line.align != detail::chart::anchor::start) {
        out += fmt::format(R"( text-anchor="{}")", anchor_name(line.align));
    }
    // The layout measured the text in Helvetica's metrics; textLength holds that width whatever
    // font the reader's machine uses, so no text leaves its cell.
    out += fmt::format(R"( textLength="{}" lengthAdjust="spacingAndGlyphs">)", num(line.width));
    escape(out, line.text);
    out += "</text>\n";
}

std::string_view shape_name(detail::chart::shape kind) {
    switch (kind) {
        case detail::chart::shape::terminator: return "terminator";
        case detail::chart::shape::decision: return "decision";
        case detail::chart::shape::process: break;
    }
    return "process";
}

void write_symbol(std::string& out, const detail::chart::symbol& s) {
    const detail::chart::box& b = s.bounds;
    const std::string attributes =
        fmt::format(R"(class="symbol {}" data-actor="{}" fill="#fff" stroke="#000" )"
                    R"(stroke-width="0.9")",
                    shape_name(s.kind), escaped(s.actor));
    if (s.kind == detail::chart::shape::decision) {
        const double cx = b.x + b.width / 2;
        const double cy = b.y + b.height / 2;
        out += fmt::format("<polygon {} points=\"{},{} {},{} {},{} {},{}\"/>\n", attributes,
                           num(cx), num(b.y), num(b.x + b.width), num(cy), num(cx),
                           num(b.y + b.height), num(b.x), num(cy));
        return;
    }
    out += fmt::format(R"(<rect {} x="{}" y="{}" width="{}" height="{}")", attributes, num(b.x),
                       num(b.y), num(b.width), num(b.height));
    if (s.kind == detail::chart::shape::terminator) {
        out += fmt::format(R"( rx="{}" ry="{}")", num(b.height / 2), num(b.height / 2));
    }
    out += "/>\n";
}

void write_arrow(std::string& out, const detail::chart::arrow& a) {
    out += fmt::format(R"(<g class="transition" data-from="{}" data-to="{}")", escaped(a.from),
                       escaped(a.to));
    if (!a.label.empty()) out += fmt::format(R"( data-label="{}")", a.label);
    if (a.piece != detail::chart::arrow::part::whole) {
        out += fmt::format(R"( data-part="{}" data-connector="{}")",
                           a.piece == detail::chart::arrow::part::leaves ? "leaves" : "arrives",
                           a.connector);
    }
    out += ">\n<path d=\"";
    for (std::size_t i = 0; i < a.points.size(); ++i) {
        out += fmt::format("{}{} {}", i == 0 ? "M" : " L", num(a.points[i].x), num(a.points[i].y));
    }
    out += "\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.8\"/>\n";
    if (a.points.size() >= 2) {
        // The arrowhead, its tip on the end point, pointing along the last segment.
        const detail::chart::point tip = a.points.back();
        const detail::chart::point before = a.points[a.points.size() - 2];
        const double dx = tip.x - before.x;
        const double dy = tip.y - before.y;
        const double length = std::hypot(dx, dy);
        if (length > 0) {
            const double ux = dx / length;
            const double uy = dy / length;
            constexpr double head = 5;
            constexpr double half = 2.4;
            const double bx = tip.x - ux * head;
            const double by = tip.y - uy * head;
            out += fmt::format(
                "<polygon class=\"arrowhead\" points=\"{},{} {},{} {},{}\" fill=\"#000\"/>\n",
                num(tip.x), num(tip.y), num(bx - uy * half), num(by + ux * half),
                num(bx + uy * half), num(by - ux * half));
        }
    }
    if (!a.label.empty()) {
        out += fmt::format(
            R"(<text class="label" x="{}" y="{}" font-size="6.5" font-style="italic"{}>{})"
            "</text>\n",
            num(a.label_at.x), num(a.label_at.y),
            a.label_align == detail::chart::anchor::start
                ? std::string{}
                : fmt::format(R"( text-anchor="{}")", anchor_name(a.label_align)),
            a.label);
    }
    out += "</g>\n";
}

void write_connector(std::string& out, const detail::chart::connector& c) {
    // The off-page connector: a pentagon pointing down, its label inside.
    const double left = c.centre.x - c.width / 2;
    const double right = c.centre.x + c.width / 2;
    const double top = c.centre.y - c.height / 2;
    const double shoulder = c.centre.y + c.height / 6;
    const double point = c.centre.y + c.height / 2;
    out += fmt::format(
        "<g class=\"connector\" data-connector=\"{}\">\n<polygon class=\"symbol off-page\" "
        R"(points="{},{} {},{} {},{} {},{} {},{}" fill="#fff" stroke="#000" )"
        "stroke-width=\"0.9\"/>\n",
        c.label, num(left), num(top), num(right), num(top), num(right), num(shoulder),
        num(c.centre.x), num(point), num(left), num(shoulder));
    out += fmt::format(R"(<text class="label" x="{}" y="{}" font-size="6.5" font-weight="bold" )"
                       "text-anchor=\"middle\">{}</text>\n</g>\n",
                       num(c.centre.x), num(top + 7), c.label);
}

// One page of the flowchart table as an <svg> element of the given printed size.
void write_page(std::string& out, const detail::chart::page& page, std::size_t number,
                std::size_t count, double width_mm, double height_mm, bool standalone) {
    // Room for the half of the outer rules' strokes that lies outside the table.
    constexpr double margin = 0.5;
    out += fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="{} {} {} {}" )"
        R"(width="{}mm" height="{}mm" )"
        "data-page=\"{}\" data-pages=\"{}\" font-family=\"{}\" role=\"img\">\n",
        num(-margin), num(-margin), num(page.width + 2 * margin), num(page.height + 2 * margin),
        num(width_mm), num(height_mm), number, count, font_family);
    if (standalone) {
        out += fmt::format(R"(<rect class="background" x="{}" y="{}" width="{}" height="{}" )"
                           "fill=\"#fff\"/>\n",
                           num(-margin), num(-margin), num(page.width + 2 * margin),
                           num(page.height + 2 * margin));
    }
    out += "<g class=\"actor-columns\" fill=\"none\" stroke=\"none\">\n";
    for (const detail::chart::column& column : page.actor_columns) {
        out += fmt::format(R"(<rect class="actor-column" data-actor="{}" x="{}" y="{}" width="{}" )"
                           "height=\"{}\"/>\n",
                           escaped(column.actor), num(column.x), num(page.body_top),
                           num(column.width), num(page.body_bottom - page.body_top));
    }
    out += "</g>\n<g class=\"grid\" stroke=\"#000\" stroke-width=\"0.6\">\n";
    for (const detail::chart::rule& r : page.rules) {
        out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", num(r.from.x),
                           num(r.from.y), num(r.to.x), num(r.to.y));
    }
    out += "</g>\n<g class=\"headings\" fill=\"#000\">\n";
    for (const detail::chart::text_line& line : page.texts) write_text(out, line);
    out += "</g>\n";
    for (const detail::chart::node& n : page.nodes) {
        out += fmt::format("<g class=\"cells\" data-node=\"{}\">\n", escaped(n.id));
        for (const detail::chart::text_line& line : n.cells) write_text(out, line);
        out += "</g>\n";
    }
    for (const detail::chart::arrow& a : page.arrows) write_arrow(out, a);
    for (const detail::chart::node& n : page.nodes) {
        if (n.terminal) {
            out += fmt::format(R"(<g class="terminal" data-terminal="{}")", escaped(n.id));
        } else {
            out += fmt::format(R"(<g class="step" data-step="{}" data-kind="{}"{})", escaped(n.id),
                               to_string(n.kind), n.ends ? R"( data-ends="true")" : "");
        }
        if (!n.ending.empty()) out += fmt::format(R"( data-ending="{}")", escaped(n.ending));
        if (!n.sop.empty()) out += fmt::format(R"( data-sop="{}")", escaped(n.sop));
        out += ">\n";
        for (const detail::chart::rule& link : n.links) {
            out +=
                fmt::format(R"(<line class="link" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" )"
                            "stroke-width=\"0.8\"/>\n",
                            num(link.from.x), num(link.from.y), num(link.to.x), num(link.to.y));
        }
        for (const detail::chart::symbol& s : n.symbols) write_symbol(out, s);
        out += "</g>\n";
    }
    for (const detail::chart::connector& c : page.connectors) write_connector(out, c);
    out += "</svg>\n";
}

std::string footer_of(const identity& header) {
    if (header.number.empty()) return header.title;
    if (header.title.empty()) return header.number;
    return header.number + " \u2013 " + header.title;
}

constexpr std::string_view style = R"(@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Liberation Sans', Arimo, Arial, Helvetica, sans-serif; font-size: 9pt;
       color: #000; }
.sheet { width: 277mm; height: 190mm; overflow: hidden; page-break-after: always;
         break-after: page; background: #fff; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
.sheet.identity { height: auto; min-height: 190mm; overflow: visible; display: flex;
                  flex-direction: column; }
.page-footer { margin-top: auto; padding-top: 2mm; display: flex; justify-content: space-between;
               font-size: 6.5pt; }
.page-footer .document, td.number { white-space: pre-wrap; }
.flowchart { display: block; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: 0.6pt solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left;
         overflow-wrap: break-word; }
th { font-weight: normal; width: 30mm; }
.identity-head .agency { text-align: center; vertical-align: middle; font-weight: bold;
                         text-transform: none; }
.logo { height: 24mm; margin: 0 auto 3mm; display: flex; align-items: center;
        justify-content: center; }
.logo img { max-height: 24mm; max-width: 60mm; }
.agency div { margin: 0.5mm 0; }
.agency .address { font-weight: normal; font-size: 8pt; }
.approval { text-align: center; }
.approval .signature { height: 14mm; }
.approval .name { font-weight: bold; text-decoration: underline; }
.identity-head .title { font-weight: bold; font-size: 10pt; }
.identity-body { margin-top: -0.6pt; }
.identity-body td { width: 50%; }
.identity-body h2 { font-size: 9pt; margin: 0 0 1mm; }
.identity-body ol { margin: 0; padding-left: 5mm; }
.identity-body p { margin: 0; }
@media screen {
  body { background: #d9d9d9; }
  .sheet { width: 297mm; height: 210mm; padding: 10mm; margin: 6mm auto;
           box-shadow: 0 0.5mm 2mm rgba(0, 0, 0, 0.35); }
  .sheet.identity { height: auto; min-height: 210mm; }
}
)";

// One section of the identity table's lower part: a heading and its items, numbered when
// there are several.
void write_list(std::string& out, std::string_view heading, const std::vector<std::string>& items,
                std::string_view role) {
    out += fmt::format(R"(<td class="{}"><h2>{}:</h2>)", role, heading);
    if (items.size() == 1) {
        out += "<p>";
        escape(out, items.front());
        out += "</p>";
    } else if (!items.empty()) {
        out += "<ol>";
        for (const std::string& item : items) {
            out += "<li>";
            escape(out, item);
            out += "</li>";
        }
        out += "</ol>";
    }
    out += "</td>\n";
}

// The text a head row shows; the approval block has a layout of its own.
std::string_view row_text(const identity& h, const identity_field& field) {
    return field.kind == field_kind::date ? std::string_view((h.*(field.date)).text)
                                          : std::string_view(h.*(field.text));
}

void write_approval(std::string& out, const identity_field& field, const approver& a) {
    out += fmt::format(R"(<tr><th>{}</th><td class="approval">)", field.label);
    out += '\n';
    for (const auto& [text, role] : {std::pair{a.position, "position"},
                                     {std::string{}, "signature"},
                                     {a.name, "name"},
                                     {a.rank, "rank"},
                                     {a.nip.empty() ? std::string{} : "NIP. " + a.nip, "nip"}}) {
        if (text.empty() && std::string_view(role) != "signature") continue;
        out += fmt::format(R"(<div class="{}">)", role);
        escape(out, text);
        out += "</div>\n";
    }
    out += "</td></tr>\n";
}

// The identity table, laid out as the form places each field (sop::identity_fields): the agency
// block beside the head rows, then the lists two to a row.
void write_identity(std::string& out, const identity& h, const html_options& options,
                    std::size_t page_count) {
    std::vector<const identity_field*> head;
    std::vector<const identity_field*> body;
    for (const identity_field& field : identity_fields) {
        // A date's row stands when the SOP has the element, even blank; the others always.
        if (field.place == form_place::head &&
            (field.kind != field_kind::date || (h.*(field.date)).written)) {
            head.push_back(&field);
        }
        if (field.place == form_place::body) body.push_back(&field);
    }
    std::stable_sort(head.begin(), head.end(),
                     [](const auto* a, const auto* b) { return a->form_row < b->form_row; });

    out += "<section class=\"sheet identity\">\n<table class=\"identity-head\">\n";
    out += "<colgroup><col style=\"width: 42%\"/><col style=\"width: 17%\"/><col/></colgroup>\n";
    out +=
        fmt::format("<tr><td class=\"agency\" rowspan=\"{}\">\n<div class=\"logo\">", head.size());
    if (!options.logo.empty()) {
        out += fmt::format(R"(<img src="{}" alt="Logo"/>)", escaped(options.logo));
    }
    out += "</div>\n";
    for (const identity_field& field : identity_fields) {
        if (field.place != form_place::agency || (h.*(field.text)).empty()) continue;
        out += fmt::format(R"(<div class="{}">)", field.element);
        escape(out, h.*(field.text));
        out += "</div>\n";
    }
    out += "</td>\n";
    for (std::size_t i = 0; i < head.size(); ++i) {
        const identity_field& field = *head[i];
        if (field.kind == field_kind::approver) {
            write_approval(out, field, h.*(field.person));
            continue;
        }
        // The first row shares its <tr> with the agency block.
        out += fmt::format(R"({}<th>{}</th><td class="{}">)", i == 0 ? "" : "<tr>", field.label,
                           field.element);
        escape(out, row_text(h, field));
        out += "</td></tr>\n";
    }
    out += "</table>\n<table class=\"identity-body\">\n";
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (i % 2 == 0) out += "<tr>\n";
        write_list(out, body[i]->label, h.*(body[i]->items), body[i]->element);
        if (i % 2 == 1 || i + 1 == body.size()) out += "</tr>\n";
    }
    out += "</table>\n<div class=\"page-footer\"><span class=\"document\">";
    escape(out, footer_of(h));
    out += fmt::format("</span><span class=\"page-number\">Halaman 1 dari {}</span></div>\n",
                       page_count);
    out += "</section>\n";
}

}  // namespace

std::string to_html(const definition& sop, const html_options& options) {
    const identity& header = sop.header();
    detail::chart::options settings;
    settings.width = sheet_width_mm * points_per_mm;
    settings.height = sheet_height_mm * points_per_mm;
    settings.footer = footer_of(header);
    settings.pages_before = 1;  // the identity sheet
    const std::vector<detail::chart::page> pages = detail::chart::layout(sop, settings);

    std::string out;
    out.reserve(std::size_t{64} * 1024);
    out += fmt::format(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{}\">\n<head>\n"
        "<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"sopengine {}\"/>\n"
        "<title>",
        escaped(sop.language()), version());
    escape(out, footer_of(header));
    out += "</title>\n<style>\n";
    out += style;
    out += "</style>\n</head>\n<body>\n";
    write_identity(out, header, options, pages.size() + 1);
    for (std::size_t i = 0; i < pages.size(); ++i) {
        out += "<section class=\"sheet chart\">\n";
        write_page(out, pages[i], i + 1, pages.size(), sheet_width_mm, sheet_height_mm, false);
        out += "</section>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

std::string to_svg(const definition& sop) {
    detail::chart::options settings;
    settings.width = sheet_width_mm * points_per_mm;
    settings.height = 0;
    const std::vector<detail::chart::page> pages = detail::chart::layout(sop, settings);
    const detail::chart::page& page = pages.front();
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    write_page(out, page, 1, 1, page.width / points_per_mm, page.height / points_per_mm, true);
    return out;
}

}  // namespace sop
