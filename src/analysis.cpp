#include <sopengine/analysis.hpp>

#include "detail/definition_data.hpp"
#include "detail/graph.hpp"

namespace sop {
namespace {

struct weights {
    std::vector<time_amount> least;
    std::vector<time_amount> most;
    std::vector<std::int64_t> least_minutes;
    std::vector<std::int64_t> most_minutes;
};

weights weigh(const detail::definition_data& data, const working_calendar& calendar) {
    weights out;
    for (const step& row : data.steps) {
        const standard_time time = row.duration.value_or(standard_time{});
        out.least.push_back(time.least);
        out.most.push_back(time.most);
        out.least_minutes.push_back(calendar.minutes_of(time.least));
        out.most_minutes.push_back(calendar.minutes_of(time.most));
    }
    return out;
}

path to_path(const detail::definition_data& data, const weights& w,
             const std::vector<detail::step_index>& order) {
    path out;
    for (detail::step_index i : order) {
        out.steps.push_back(data.steps[i].id);
        out.least = out.least + w.least[i];
        out.most = out.most + w.most[i];
        out.least_minutes += w.least_minutes[i];
        out.minutes += w.most_minutes[i];
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
    report.shortest = to_path(data, w, detail::shortest_path(data.table, w.least_minutes));
    report.longest = to_path(data, w, detail::longest_path(data.table, w.most_minutes));

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
