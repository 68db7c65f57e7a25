#include <fmt/format.h>

#include <sopengine/export.hpp>

#include "detail/definition_data.hpp"

namespace sop {
namespace {

// A DOT double-quoted string.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

// Breaks a long label into lines of about `width` bytes at spaces (DOT's "\n" escape).
std::string wrapped(std::string_view text, std::size_t width = 32) {
    std::string out;
    std::size_t line = 0;
    while (!text.empty()) {
        const std::size_t space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        if (line > 0 && line + 1 + word.size() > width) {
            out += "\\n";
            line = 0;
        } else if (line > 0) {
            out += ' ';
            ++line;
        }
        for (char c : word) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        line += word.size();
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    }
    return "\"" + out + "\"";
}

}  // namespace

std::string to_dot(const definition& sop) {
    const detail::definition_data& data = detail::data_of(sop);
    std::string out;
    out += fmt::format("digraph {} {{\n", quoted(data.id));
    out += fmt::format("  label={};\n  labelloc=t;\n  rankdir=TB;\n  compound=true;\n",
                       quoted(data.header.title));
    out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    out +=
        "  start [label=\"Mulai\", shape=box, style=\"rounded,filled\", fillcolor=\"#e8f5e9\"];\n";
    out +=
        "  end [label=\"Selesai\", shape=box, style=\"rounded,filled\", fillcolor=\"#ffebee\"];\n";
    for (std::size_t lane = 0; lane < data.actors.size(); ++lane) {
        out += fmt::format("  subgraph cluster_{} {{\n    label={};\n    style=rounded;\n", lane,
                           quoted(data.actors[lane].name));
        for (std::size_t i = 0; i < data.steps.size(); ++i) {
            const detail::compiled_step& row = data.table[i];
            if (row.actors.empty() || row.actors.front() != lane) continue;
            const step& s = data.steps[i];
            std::string label =
                s.id + ". " +
                (s.kind == step_kind::decision && !s.question.empty() ? s.question : s.description);
            if (row.actors.size() > 1) {
                label += " (bersama";
                for (std::size_t k = 1; k < row.actors.size(); ++k) {
                    label += (k == 1 ? " " : ", ") + data.actors[row.actors[k]].name;
                }
                label += ")";
            }
            if (!s.duration_text.empty()) label += " [" + s.duration_text + "]";
            out += fmt::format("    {} [label={}, shape={}];\n", quoted("step_" + s.id),
                               wrapped(label), s.kind == step_kind::decision ? "diamond" : "box");
        }
        out += "  }\n";
    }
    auto node = [&](detail::step_index target) {
        return target == detail::end_index ? std::string("end")
                                           : quoted("step_" + data.steps[target].id);
    };
    if (!data.steps.empty()) out += fmt::format("  start -> {};\n", node(0));
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        const detail::compiled_step& row = data.table[i];
        const std::string from = node(static_cast<detail::step_index>(i));
        if (row.kind == step_kind::activity) {
            out += fmt::format("  {} -> {};\n", from, node(row.next));
        } else {
            out += fmt::format("  {} -> {} [label=\"Ya\"];\n", from, node(row.yes));
            out += fmt::format("  {} -> {} [label=\"Tidak\", style=dashed];\n", from, node(row.no));
        }
    }
    out += "}\n";
    return out;
}

}  // namespace sop
