#include <sopengine/analysis.hpp>

#include "detail/definition_data.hpp"
#include "detail/graph.hpp"

namespace sop {
namespace {

path to_path(const detail::definition_data& data, const std::vector<detail::step_index>& order) {
    path out;
    for (detail::step_index i : order) {
        out.steps.push_back(data.steps[i].id);
        out.minutes += data.table[i].minutes.value_or(0);
    }
    return out;
}

}  // namespace

analysis analyze(const definition& sop) {
    const detail::definition_data& data = detail::data_of(sop);
    analysis report;

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
    if (finishes) report.standard_path = to_path(data, standard);
    report.shortest = to_path(data, detail::shortest_path(data.table));
    report.longest = to_path(data, detail::longest_path(data.table));

    report.workload.reserve(data.actors.size());
    for (const actor& who : data.actors) report.workload.push_back({who.id, 0});
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        for (detail::actor_index who : data.table[i].actors) {
            report.workload[who].minutes += data.table[i].minutes.value_or(0);
        }
        if (!data.table[i].minutes) report.steps_without_duration.push_back(data.steps[i].id);
    }
    return report;
}

}  // namespace sop
