#include <optional>
#include <sopengine/analysis.hpp>
#include <utility>

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
    // A step running a related SOP: the time that SOP's case spends with external actors.
    std::vector<std::int64_t> external_least_minutes;
    std::vector<std::int64_t> external_most_minutes;
};

weights weigh(const detail::definition_data& data, const working_calendar& calendar) {
    weights out;
    std::vector<std::optional<analysis>> related_analyses(data.related.size());
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        const std::uint32_t related = data.table[i].related;
        if (!data.steps[i].duration && related < data.related.size()) {
            // No time of its own: the related SOP's, from its quickest to its slowest ending
            // (analysed once, however many steps run it).
            std::optional<analysis>& known = related_analyses[related];
            if (!known) known = analyze(data.related[related], calendar);
            const analysis& sub = *known;
            out.least.push_back(sub.shortest.least);
            out.most.push_back(sub.longest.most);
            out.least_minutes.push_back(sub.shortest.least_minutes);
            out.most_minutes.push_back(sub.longest.minutes);
            out.unit_least_minutes.push_back(sub.shortest.least_minutes);
            out.unit_most_minutes.push_back(sub.longest.minutes);
            out.external_least_minutes.push_back(sub.shortest.external_least_minutes);
            out.external_most_minutes.push_back(sub.longest.external_minutes);
            continue;
        }
        const standard_time time = data.steps[i].duration.value_or(standard_time{});
        const bool external = data.table[i].external;
        out.least.push_back(time.least);
        out.most.push_back(time.most);
        out.least_minutes.push_back(calendar.minutes_of(time.least));
        out.most_minutes.push_back(calendar.minutes_of(time.most));
        out.unit_least_minutes.push_back(external ? 0 : out.least_minutes.back());
        out.unit_most_minutes.push_back(external ? 0 : out.most_minutes.back());
        out.external_least_minutes.push_back(0);
        out.external_most_minutes.push_back(0);
    }
    return out;
}

path to_path(const detail::definition_data& data, const weights& w,
             const std::vector<detail::step_index>& order, detail::ending_index ending) {
    path out;
    out.ending = data.endings[ending].id;
    for (detail::step_index i : order) {
        out.steps.push_back(data.steps[i].id);
        out.external_least_minutes += w.external_least_minutes[i];
        out.external_minutes += w.external_most_minutes[i];
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
    detail::ending_index standard_ending = 0;
    bool finishes = true;
    for (detail::step_index at = 0; at != detail::end_index;) {
        if (seen[at]) {
            finishes = false;
            break;
        }
        seen[at] = true;
        standard.push_back(at);
        const detail::compiled_step& row = data.table[at];
        const std::uint8_t exit = row.kind == step_kind::activity ? 0 : 1;  // yes everywhere
        at = row.target(exit);
        standard_ending = row.ending(exit);
    }
    if (finishes) report.standard_path = to_path(data, w, standard, standard_ending);

    // The quickest and slowest way to each ending; overall, the best of those.
    for (std::size_t e = 0; e < data.endings.size(); ++e) {
        const auto only = static_cast<detail::ending_index>(e);
        ending_paths to_ending{
            data.endings[e].id,
            to_path(data, w, detail::shortest_path(data.table, w.unit_least_minutes, only), only),
            to_path(data, w, detail::longest_path(data.table, w.unit_most_minutes, only), only)};
        if (!to_ending.shortest.steps.empty()) {
            const path& quickest = to_ending.shortest;
            const path& slowest = to_ending.longest;
            if (report.shortest.steps.empty() ||
                std::pair(quickest.least_minutes, quickest.steps.size()) <
                    std::pair(report.shortest.least_minutes, report.shortest.steps.size())) {
                report.shortest = quickest;
            }
            if (std::pair(slowest.minutes, slowest.steps.size()) >
                std::pair(report.longest.minutes, report.longest.steps.size())) {
                report.longest = slowest;
            }
        }
        report.endings.push_back(std::move(to_ending));
    }

    report.workload.reserve(data.actors.size());
    for (const actor& who : data.actors) report.workload.push_back({who.id, {}, {}, 0, 0});
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        const bool runs_related = data.table[i].related < data.related.size();
        // The related SOP's own actors do its work; they are not this SOP's.
        if (runs_related && !data.steps[i].duration) continue;
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
