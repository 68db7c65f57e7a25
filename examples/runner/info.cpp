// sop-runner info and dot: what an SOP says, as text, JSON or Graphviz.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "runner.hpp"
#include "table.hpp"

namespace runner {
namespace {

using nlohmann::json;

json to_json(const sop::dated& value) {
    return {{"text", value.text},
            {"date", value.date ? json(iso_date(*value.date)) : json(nullptr)},
            {"written", value.written}};
}

// Every identity field, as sop::identity_fields lists them.
json to_json(const sop::identity& header) {
    json out = json::object();
    for (const sop::identity_field& field : sop::identity_fields) {
        json& value = out[std::string(field.key)];
        switch (field.kind) {
            case sop::field_kind::text: value = header.*(field.text); break;
            case sop::field_kind::date: value = to_json(header.*(field.date)); break;
            case sop::field_kind::list: value = header.*(field.items); break;
            case sop::field_kind::approver:
                value = json::object();
                for (const sop::approver_field& part : sop::approver_fields) {
                    value[std::string(part.attribute)] = (header.*(field.person)).*(part.value);
                }
                break;
        }
    }
    return out;
}

json to_json(const sop::time_amount& amount) {
    return {{"days", amount.days},
            {"minutes", amount.minutes},
            {"clock_minutes", amount.clock_minutes}};
}

json bounds(const sop::time_amount& least, const sop::time_amount& most) {
    return {{"least", to_json(least)}, {"most", to_json(most)}};
}

json to_json(const sop::definition& sop, const sop::step& row,
             const sop::working_calendar& calendar) {
    const bool decision = row.kind == sop::step_kind::decision;
    const sop::definition* related = sop.related(row);
    json out = {{"id", row.id},
                {"kind", sop::to_string(row.kind)},
                {"actors", row.actors},
                {"together", row.together}};
    for (const sop::step_field& field : sop::step_fields) {
        out[std::string(field.element)] =
            decision || field.in_activity ? json(row.*(field.value)) : json(nullptr);
    }
    out.update(
        json{{"duration_minutes",
              row.duration ? json(calendar.minutes_of(row.duration->most)) : json(nullptr)},
             {"duration",
              row.duration ? bounds(row.duration->least, row.duration->most) : json(nullptr)},
             {"duration_text", row.duration_text},
             {"next", decision ? json(nullptr) : json(row.next)},
             {"yes", decision ? json(row.yes) : json(nullptr)},
             {"no", decision ? json(row.no) : json(nullptr)},
             {"sop", row.sop.empty() ? json(nullptr) : json(row.sop)},
             {"sop_number", related != nullptr ? json(related->header().number) : json(nullptr)},
             {"line", row.where.line}});
    return out;
}

json to_json(const sop::analysis& report) {
    json workload_minutes = json::object();
    json workload = json::object();
    for (const sop::workload& share : report.workload) {
        workload_minutes[share.actor] = share.minutes;
        workload[share.actor] = bounds(share.least, share.most);
    }
    // Per ending: its quickest and slowest ways, with the external waiting time apart.
    json endings = json::object();
    for (const sop::ending_paths& to : report.endings) {
        const bool reached = !to.shortest.steps.empty();
        endings[to.ending] = {
            {"shortest_minutes", reached ? json(to.shortest.least_minutes) : json(nullptr)},
            {"shortest_external_minutes",
             reached ? json(to.shortest.external_least_minutes) : json(nullptr)},
            {"shortest_path", to.shortest.steps},
            {"longest_minutes", reached ? json(to.longest.minutes) : json(nullptr)},
            {"longest_external_minutes",
             reached ? json(to.longest.external_minutes) : json(nullptr)},
            {"longest_path", to.longest.steps}};
    }
    const auto& standard = report.standard_path;
    return {
        {"day_minutes", report.day_minutes},
        {"standard_ending", standard ? json(standard->ending) : json(nullptr)},
        {"standard_external_minutes", standard ? json(standard->external_minutes) : json(nullptr)},
        {"standard_duration_minutes", standard ? json(standard->minutes) : json(nullptr)},
        {"standard_duration_least_minutes",
         standard ? json(standard->least_minutes) : json(nullptr)},
        {"standard_duration", standard ? bounds(standard->least, standard->most) : json(nullptr)},
        {"standard_path", standard ? json(standard->steps) : json(nullptr)},
        {"steps_without_duration", report.steps_without_duration},
        {"shortest_minutes", report.shortest.least_minutes},
        {"shortest_duration", bounds(report.shortest.least, report.shortest.most)},
        {"shortest_path", report.shortest.steps},
        {"longest_minutes", report.longest.minutes},
        {"longest_duration", bounds(report.longest.least, report.longest.most)},
        {"longest_path", report.longest.steps},
        {"workload_minutes", std::move(workload_minutes)},
        {"workload", std::move(workload)},
        {"endings", std::move(endings)}};
}

json to_json(const sop::definition& sop, const sop::analysis& report,
             const sop::working_calendar& calendar) {
    json actors = json::array();
    for (const sop::actor& who : sop.actors()) {
        actors.push_back({{"id", who.id}, {"name", who.name}, {"external", who.external}});
    }
    json endings = json::array();
    for (const sop::ending& one : sop.endings()) {
        endings.push_back({{"id", one.id}, {"label", one.label}, {"declared", one.declared}});
    }
    json steps = json::array();
    for (const sop::step& row : sop.steps()) steps.push_back(to_json(sop, row, calendar));
    json warnings = json::array();
    for (const sop::diagnostic& item : sop.warnings()) {
        warnings.push_back({{"code", item.code},
                            {"line", item.where.line},
                            {"column", item.where.column},
                            {"message", item.message}});
    }
    json headings = json::object();
    for (const sop::heading_field& field : sop::heading_fields) {
        headings[std::string(field.attribute)] = sop.headings().*(field.value);
    }
    if (sop.headings().title.empty()) headings["title"] = nullptr;
    return {{"id", sop.id()},
            {"title", sop.header().title},
            {"number", sop.header().number},
            {"language", sop.language()},
            {"fingerprint", sop.fingerprint()},
            {"identity", to_json(sop.header())},
            {"headings", std::move(headings)},
            {"actors", std::move(actors)},
            {"endings", std::move(endings)},
            {"steps", std::move(steps)},
            {"analysis", to_json(report)},
            {"warnings", std::move(warnings)}};
}

// "label   value" with the value wrapped under itself.
void field(std::string& out, std::string_view label, const std::string& value, std::size_t width) {
    if (value.empty()) return;
    constexpr std::size_t indent = 22;
    const auto lines = wrap(value, width > indent + 20 ? width - indent : 20);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string lead = i == 0 ? fmt::format("  {}", label) : std::string();
        out += lead;
        out.append(indent > display_width(lead) ? indent - display_width(lead) : 1, ' ');
        out += lines[i];
        out += '\n';
    }
}

void numbered(std::string& out, std::string_view heading, const std::vector<std::string>& items,
              std::size_t width) {
    if (items.empty()) return;
    out += fmt::format("\n{}\n", heading);
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto lines = wrap(items[i], width - 6);
        for (std::size_t l = 0; l < lines.size(); ++l) {
            out += l == 0 ? fmt::format("  {:>2}. ", i + 1) : std::string(6, ' ');
            out += lines[l];
            out += '\n';
        }
    }
}

// "1 hari 2 jam (600 working minutes)", or both bounds of a range.
std::string time_text(const sop::time_amount& least, const sop::time_amount& most,
                      std::int64_t least_minutes, std::int64_t minutes) {
    if (least == most) {
        return fmt::format("{} ({} working minutes)", sop::format_amount(most), minutes);
    }
    return fmt::format("{} - {} ({}-{} working minutes)", sop::format_amount(least),
                       sop::format_amount(most), least_minutes, minutes);
}

// The step's actors; a joint step's joined with "+", as all of them act.
std::string actor_names(const sop::definition& sop, const sop::step& row) {
    std::string names;
    for (const std::string& id : row.actors) {
        if (!names.empty()) names += row.together ? " + " : ", ";
        names += fmt::format("{} ({})", sop.find_actor(id)->name, id);
    }
    return names;
}

std::string render_text(const sop::definition& sop, const sop::analysis& report) {
    const std::size_t width = output_width();
    const sop::identity& header = sop.header();
    std::string out = header.title + "\n";
    std::string owner;
    for (const std::string* part : {&header.government, &header.organization, &header.unit}) {
        if (part->empty()) continue;
        if (!owner.empty()) owner += " / ";
        owner += *part;
    }
    field(out, "Unit", owner, width);
    field(out, "Alamat", header.address, width);
    // The labelled fields, in the order the form prints them; the title heads the output.
    std::vector<const sop::identity_field*> rows;
    for (const sop::identity_field& item : sop::identity_fields) {
        if (item.place == sop::form_place::head && item.text != &sop::identity::title) {
            rows.push_back(&item);
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto* a, const auto* b) { return a->form_row < b->form_row; });
    for (const sop::identity_field* item : rows) {
        if (item->kind == sop::field_kind::approver) {
            const sop::approver& who = header.*(item->person);
            std::string approval = who.position;
            for (const std::string* part : {&who.name, &who.rank}) {
                if (!part->empty()) approval += "; " + *part;
            }
            if (!who.nip.empty()) approval += "; NIP " + who.nip;
            field(out, item->label, approval, width);
        } else {
            field(out, item->label,
                  item->kind == sop::field_kind::date ? (header.*(item->date)).text
                                                      : header.*(item->text),
                  width);
        }
    }
    field(out, "Id", fmt::format("{} (fingerprint {})", sop.id(), sop.fingerprint()), width);
    for (const sop::identity_field& item : sop::identity_fields) {
        if (item.kind == sop::field_kind::list) {
            numbered(out, item.label, header.*(item.items), width);
        }
    }

    out += "\nPelaksana\n";
    for (const sop::actor& who_acts : sop.actors()) {
        field(out, who_acts.id, who_acts.external ? who_acts.name + " (external)" : who_acts.name,
              width);
    }
    if (sop.endings().front().declared) {
        out += "\nEndings\n";
        for (const sop::ending& one : sop.endings()) field(out, one.id, one.label, width);
    }

    const sop::table_headings& headings = sop.headings();
    out += fmt::format("\n{}\n", headings.title.empty() ? std::string("Prosedur") : headings.title);
    text_table table({headings.number, headings.activity, headings.actors, headings.requirements,
                      headings.time, headings.output, headings.remark},
                     {1, 3, 1.2, 1, 1, 1, 1});
    const auto steps = sop.steps();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const sop::step& row = steps[i];
        std::string activity = row.description;
        if (row.kind == sop::step_kind::decision) {
            activity += fmt::format("\n? {}\nYa -> {}, Tidak -> {}", row.question, row.yes, row.no);
        } else {
            const std::string following =
                i + 1 < steps.size() ? steps[i + 1].id : std::string(sop::end_target);
            if (row.next != following) activity += fmt::format("\n-> {}", row.next);
        }
        if (const sop::definition* related = sop.related(row)) {
            activity += fmt::format("\n=> SOP {} ({})", related->id(), sop_heading(*related));
        } else if (!row.sop.empty()) {
            activity += fmt::format("\n=> SOP {}", row.sop);
        }
        table.add_row({row.id, activity, actor_names(sop, row), row.requirements, row.duration_text,
                       row.output, row.remark});
    }
    out += table.render(width);

    out += fmt::format("\nAnalysis (a working day counts {} minutes)\n", report.day_minutes);
    const bool endings = sop.endings().front().declared;
    auto path_text = [](const sop::path& route, bool name_ending) {
        std::string text = fmt::format(
            "{}: steps {}", time_text(route.least, route.most, route.least_minutes, route.minutes),
            fmt::join(route.steps, " "));
        if (route.external_minutes > 0) {
            text += route.external_least_minutes == route.external_minutes
                        ? fmt::format("; and {} working minutes with external actors",
                                      route.external_minutes)
                        : fmt::format("; and {}-{} working minutes with external actors",
                                      route.external_least_minutes, route.external_minutes);
        }
        if (name_ending) text += fmt::format(" -> {}", route.ending);
        return text;
    };
    field(out, "standard (all yes)",
          report.standard_path ? path_text(*report.standard_path, endings)
                               : std::string("never ends: the yes answers loop"),
          width);
    field(out, "shortest", path_text(report.shortest, endings), width);
    field(out, "longest", path_text(report.longest, endings), width);
    if (endings) {
        for (const sop::ending_paths& to : report.endings) {
            std::string text;
            if (to.shortest.steps.empty()) {
                text = "no step leads there";
            } else if (to.shortest.steps == to.longest.steps) {
                text = path_text(to.shortest, false);
            } else {
                text = fmt::format("shortest {}; longest {}", path_text(to.shortest, false),
                                   path_text(to.longest, false));
            }
            field(out, fmt::format("to {}", to.ending), text, width);
        }
    }
    if (!report.steps_without_duration.empty()) {
        field(out, "no fixed time",
              fmt::format("steps {} (counted as 0)", fmt::join(report.steps_without_duration, " ")),
              width);
    }
    for (const sop::workload& share : report.workload) {
        field(out, fmt::format("workload {}", share.actor),
              time_text(share.least, share.most, share.least_minutes, share.minutes), width);
    }
    for (const sop::diagnostic& item : sop.warnings()) {
        out += sop::to_string(item) + '\n';
    }
    return out;
}

}  // namespace

int info(const info_options& options) {
    const auto sop = load_for_command(options.file, options.catalog);
    if (!sop) return failure;
    const auto calendar = make_calendar(options.calendar);
    const sop::analysis report = sop::analyze(*sop, *calendar);
    if (options.json) {
        fmt::print("{}\n", to_json(*sop, report, *calendar).dump(2));
    } else {
        const std::string text = render_text(*sop, report);
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return success;
}

int dot(const dot_options& options) {
    const auto sop = load_for_command(options.file);
    if (!sop) return failure;
    const std::string graph = sop::to_dot(*sop);
    std::fwrite(graph.data(), 1, graph.size(), stdout);
    return success;
}

}  // namespace runner
