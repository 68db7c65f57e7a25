#include <sopengine/analysis.hpp>

#include "detail/definition_data.hpp"
#include "detail/graph.hpp"

namespace sop {
namespace {

// Each step's standard time; the unit's minutes weigh the paths, external steps weighing 0.
struct weights {
    std::vector<time_amount> least;
    std::vector<time_amount> most;
    std::vector<std::int64_t> least_minutes;
    std::vector<std::int64_t> most_minutes;
    std::vector<std::int64_t> unit_least_minutes;
    std::vector<std::int64_t> unit_most_minutes;
};

weights weigh(const detail::definition_data& data, const working_calendar& calendar) {
    weights out;
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        const standard_time time = data.steps[i].duration.value_or(standard_time{});
        const bool external = data.table[i].external;
        out.least.push_back(time.least);
        out.most.push_back(time.most);
        out.least_minutes.push_back(calendar.minutes_of(time.least));
        out.most_minutes.push_back(calendar.minutes_of(time.most));
        out.unit_least_minutes.push_back(external ? 0 : out.least_minutes.back());
        out.unit_most_minutes.push_back(external ? 0 : out.most_minutes.back());
    }
    return out;
}

// The ending a path's last step leads to.
detail::ending_index ending_after(const detail::compiled_step& row, bool yes) {
    if (row.kind == step_kind::activity) return row.next_ending;
    return yes ? row.yes_ending : row.no_ending;
}

path to_path(const detail::definition_data& data, const weights& w,
             const std::vector<detail::step_index>& order) {
    path out;
    for (detail::step_index i : order) {
        out.steps.push_back(data.steps[i].id);
        if (data.table[i].external) {
            out.external_least_minutes += w.least_minutes[i];
            out.external_minutes += w.most_minutes[i];
            continue;
        }
        out.least = out.least + w.least[i];
        out.most = out.most + w.most[i];
        out.least_minutes += w.least_minutes[i];
        out.minutes += w.most_minutes[i];
    }
    if (!order.empty()) {
        // The last step leaves for the end; a decision by whichever answer does.
        const detail::compiled_step& last = data.table[order.back()];
        const bool yes = last.kind == step_kind::decision && last.yes == detail::end_index;
        out.ending = data.endings[ending_after(last, yes)].id;
    }
    return out;
}

}  // namespace

analysis analyze(const definition& sop) {
    static const working_calendar standard;
    return analyze(sop, standard);
}

analysis analyze(const definition& sop, const working_calendar& calendar) {
    const detail::definition_data& data = detail::data_of(sop);
    const weights w = weigh(data, calendar);
    analysis report;
    report.day_minutes = calendar.day_minutes();

    std::vector<detail::step_index> standard;
    std::vector<bool> seen(data.steps.size(), false);
    bool finishes = true;
    for (detail::step_index at = 0; at != detail::end_index;) {
        if (seen[at]) {
            finishes = false;
            break;
        }
        seen[at] = true;
        standard.push_back(at);
        const detail::compiled_step& row = data.table[at];
        at = row.kind == step_kind::activity ? row.next : row.yes;
    }
    if (finishes) report.standard_path = to_path(data, w, standard);
    report.shortest = to_path(data, w, detail::shortest_path(data.table, w.unit_least_minutes));
    report.longest = to_path(data, w, detail::longest_path(data.table, w.unit_most_minutes));
    for (std::size_t e = 0; e < data.endings.size(); ++e) {
        const auto only = static_cast<detail::ending_index>(e);
        ending_paths to_ending{data.endings[e].id, {}, {}};
        to_ending.shortest =
            to_path(data, w, detail::shortest_path(data.table, w.unit_least_minutes, only));
        to_ending.longest =
            to_path(data, w, detail::longest_path(data.table, w.unit_most_minutes, only));
        to_ending.shortest.ending = to_ending.longest.ending = data.endings[e].id;
        report.endings.push_back(std::move(to_ending));
    }

    report.workload.reserve(data.actors.size());
    for (const actor& who : data.actors) report.workload.push_back({who.id, {}, {}, 0, 0});
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        for (detail::actor_index who : data.table[i].actors) {
            workload& share = report.workload[who];
            share.least = share.least + w.least[i];
            share.most = share.most + w.most[i];
            share.least_minutes += w.least_minutes[i];
            share.minutes += w.most_minutes[i];
        }
        if (!data.steps[i].duration) report.steps_without_duration.push_back(data.steps[i].id);
    }
    return report;
}

}  // namespace sop
