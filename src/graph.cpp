#include "detail/graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>

namespace sop::detail {
namespace {

// Vertices 0..n-1 are the steps in document order; vertex n is the end.
using graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          boost::property<boost::edge_weight_t, std::int64_t>>;
using vertex = graph::vertex_descriptor;

// The successor `k` of a row (0: next or yes, 1: no) and the ending it names when it is the
// end, or nullopt past the last one. Both answers leading to the same place (one step, or one
// ending) are one exit.
std::optional<std::pair<step_index, ending_index>> successor(const compiled_step& row,
                                                             std::size_t k) {
    if (row.kind == step_kind::activity) {
        return k == 0 ? std::optional(std::pair(row.next, row.next_ending)) : std::nullopt;
    }
    if (k == 0) return std::pair(row.yes, row.yes_ending);
    if (k == 1 && (row.no != row.yes || (row.no == end_index && row.no_ending != row.yes_ending))) {
        return std::pair(row.no, row.no_ending);
    }
    return std::nullopt;
}

// Whether a path may leave by this target: any step, and the end when it is the wanted ending
// (or any ending is wanted).
bool admitted(step_index target, ending_index ends, std::optional<ending_index> only) {
    return target != end_index || !only || ends == *only;
}

graph build(const std::vector<compiled_step>& table, std::span<const std::int64_t> weights,
            bool weighted_shortest, std::optional<ending_index> only = std::nullopt) {
    const std::size_t n = table.size();
    graph g(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        // Weights order first by minutes, then by step count: minutes * (n + 1) + 1.
        const std::int64_t minutes = weights[i];
        const std::int64_t weight =
            weighted_shortest ? minutes * static_cast<std::int64_t>(n + 1) + 1 : minutes;
        for (std::size_t k = 0; const auto exit = successor(table[i], k); ++k) {
            if (!admitted(exit->first, exit->second, only)) continue;
            boost::add_edge(i, exit->first == end_index ? n : exit->first, weight, g);
        }
    }
    return g;
}

// Marks every vertex reachable from the sources.
template <typename Graph>
std::vector<bool> reach(const Graph& g, const std::vector<std::size_t>& sources) {
    std::vector<boost::default_color_type> colors(boost::num_vertices(g), boost::white_color);
    if (!sources.empty()) {
        auto color_map =
            boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
        boost::queue<std::size_t> queue;
        boost::breadth_first_search(g, sources.begin(), sources.end(), queue,
                                    boost::default_bfs_visitor(), color_map);
    }
    std::vector<bool> reached(colors.size());
    for (std::size_t i = 0; i < colors.size(); ++i) reached[i] = colors[i] != boost::white_color;
    return reached;
}

}  // namespace

std::vector<step_index> successors(const compiled_step& row) {
    if (row.kind == step_kind::activity) return {row.next};
    if (row.yes == row.no) return {row.yes};
    return {row.yes, row.no};
}

std::vector<bool> reachable_from(const std::vector<compiled_step>& table, step_index from) {
    const std::vector<std::int64_t> unweighted(table.size(), 0);
    std::vector<bool> reached = reach(build(table, unweighted, false), {from});
    reached.pop_back();  // the end
    return reached;
}

structure_problems check_structure(const std::vector<compiled_step>& table) {
    structure_problems problems;
    const std::size_t n = table.size();
    if (n == 0) return problems;
    const std::vector<std::int64_t> unweighted(n, 0);
    const graph g = build(table, unweighted, false);

    const std::vector<bool> from_start = reach(g, {0});
    for (std::size_t i = 0; i < n; ++i) {
        if (!from_start[i]) problems.unreachable.push_back(static_cast<step_index>(i));
    }

    // Loops: strongly connected components of more than one step (or a step pointing at
    // itself) in which no step is a decision can never be left.
    std::vector<std::size_t> component(n + 1);
    const std::size_t count = boost::strong_components(
        g,
        boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
    std::vector<std::vector<std::size_t>> members(count);
    for (std::size_t i = 0; i < n; ++i) members[component[i]].push_back(i);
    std::vector<std::size_t> in_loops;
    for (const auto& group : members) {
        if (group.empty()) continue;
        const std::size_t first = group.front();
        const bool cyclic = group.size() > 1 || table[first].next == first;
        const bool has_decision = std::any_of(group.begin(), group.end(), [&](std::size_t i) {
            return table[i].kind == step_kind::decision;
        });
        if (!cyclic || has_decision) continue;
        // Every member is an activity with one successor inside the group: walk the cycle from
        // the member that comes first in the document.
        std::vector<step_index> cycle;
        std::size_t at = first;
        do {
            cycle.push_back(static_cast<step_index>(at));
            in_loops.push_back(at);
            at = table[at].next;
        } while (at != first);
        problems.decision_free_loops.push_back(std::move(cycle));
    }
    std::sort(problems.decision_free_loops.begin(), problems.decision_free_loops.end());

    const auto reverse = boost::make_reverse_graph(g);
    const std::vector<bool> to_end = reach(reverse, {n});
    const std::vector<bool> to_loop = reach(reverse, in_loops);
    // A trap is a strongly connected group of steps that cannot reach the end and that no
    // branch leaves; the steps that only lead into one are dead too, but are not its cause.
    std::vector<bool> leaves(count, false);
    for (std::size_t i = 0; i < n; ++i) {
        for (step_index target : successors(table[i])) {
            const std::size_t to = target == end_index ? n : target;
            if (component[to] != component[i]) leaves[component[i]] = true;
        }
    }
    for (const auto& group : members) {
        if (group.empty() || leaves[component[group.front()]]) continue;
        if (to_end[group.front()] || to_loop[group.front()]) continue;
        // Activities alone cannot trap work (each leads on, or loops without a decision): a
        // trap holds a decision, and is reported at the last one.
        structure_problems::trap found{0, {}};
        bool decided = false;
        for (const std::size_t i : group) {
            found.steps.push_back(static_cast<step_index>(i));
            if (table[i].kind == step_kind::decision) {
                found.at = static_cast<step_index>(i);
                decided = true;
            }
        }
        if (decided) problems.dead_ends.push_back(std::move(found));
    }
    std::sort(problems.dead_ends.begin(), problems.dead_ends.end(),
              [](const auto& a, const auto& b) { return a.at < b.at; });
    return problems;
}

std::vector<step_index> shortest_path(const std::vector<compiled_step>& table,
                                      std::span<const std::int64_t> weights,
                                      std::optional<ending_index> only) {
    const std::size_t n = table.size();
    if (n == 0) return {};
    const graph g = build(table, weights, true, only);
    std::vector<vertex> predecessor(n + 1);
    std::vector<std::int64_t> distance(n + 1);
    boost::dijkstra_shortest_paths(
        g, vertex{0},
        boost::predecessor_map(boost::make_iterator_property_map(
                                   predecessor.begin(), boost::get(boost::vertex_index, g)))
            .distance_map(boost::make_iterator_property_map(distance.begin(),
                                                            boost::get(boost::vertex_index, g))));
    std::vector<step_index> path;
    if (predecessor[n] == n) return path;  // the end is unreachable
    for (vertex at = predecessor[n];; at = predecessor[at]) {
        path.push_back(static_cast<step_index>(at));
        if (at == 0) break;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

namespace {

// Exhaustive search of the simple paths, for procedures of a sane size, with an explicit stack
// (a path may be as long as the procedure); gives up (returns false) once `budget` units of
// work (steps entered, steps copied into a better path) are spent.
struct longest_search {
    struct frame {
        step_index at;
        std::int64_t minutes;  // the path's minutes up to and including `at`
        std::size_t next = 0;  // the successor to try next
    };
    const std::vector<compiled_step>& table;
    std::span<const std::int64_t> weights;
    std::vector<bool> on_path;
    std::vector<step_index> path;
    std::vector<step_index> best;
    std::int64_t best_minutes = -1;
    std::optional<ending_index> only;  // the ending a path must reach; any when none
    std::int64_t budget = 1'000'000;

    bool run() {
        std::vector<frame> stack;
        auto enter = [&](step_index at, std::int64_t before) {
            stack.push_back({at, before + weights[at]});
            on_path[at] = true;
            path.push_back(at);
        };
        enter(0, 0);
        while (!stack.empty()) {
            frame& top = stack.back();
            const auto exit = successor(table[top.at], top.next++);
            if (!exit) {
                on_path[top.at] = false;
                path.pop_back();
                stack.pop_back();
                continue;
            }
            const step_index next = exit->first;
            if (!admitted(next, exit->second, only)) {
                // an end, but not the wanted one
            } else if (next == end_index) {
                if (top.minutes > best_minutes ||
                    (top.minutes == best_minutes && path.size() > best.size())) {
                    budget -= static_cast<std::int64_t>(path.size());
                    best_minutes = top.minutes;
                    best = path;
                }
            } else if (!on_path[next]) {
                if (--budget < 0) return false;
                enter(next, top.minutes);
            }
            if (budget < 0) return false;
        }
        return true;
    }
};

// Longest path on the procedure with the back edges of a depth-first search removed (a DAG).
std::vector<step_index> longest_path_acyclic(const std::vector<compiled_step>& table,
                                             std::span<const std::int64_t> weights,
                                             std::optional<ending_index> only) {
    const std::size_t n = table.size();
    graph g = build(table, weights, false, only);
    std::vector<graph::edge_descriptor> back_edges;
    struct back_edge_recorder : boost::default_dfs_visitor {
        std::vector<graph::edge_descriptor>* edges = nullptr;
        void back_edge(graph::edge_descriptor e, const graph&) const { edges->push_back(e); }
    } recorder;
    recorder.edges = &back_edges;
    boost::depth_first_search(g, boost::visitor(recorder).root_vertex(vertex{0}));
    for (const auto& e : back_edges) boost::remove_edge(e, g);
    std::vector<vertex> order;
    boost::topological_sort(g, std::back_inserter(order));
    std::reverse(order.begin(), order.end());
    constexpr std::int64_t unreached = std::numeric_limits<std::int64_t>::min();
    std::vector<std::int64_t> best(n + 1, unreached);
    std::vector<std::size_t> steps(n + 1, 0);
    std::vector<vertex> predecessor(n + 1, n + 1);
    best[0] = 0;
    for (vertex v : order) {
        if (best[v] == unreached || v == n) continue;
        const std::int64_t through = best[v] + weights[v];
        for (auto [e, e_end] = boost::out_edges(v, g); e != e_end; ++e) {
            const vertex to = boost::target(*e, g);
            if (through > best[to] || (through == best[to] && steps[v] + 1 > steps[to])) {
                best[to] = through;
                steps[to] = steps[v] + 1;
                predecessor[to] = v;
            }
        }
    }
    std::vector<step_index> path;
    if (best[n] == unreached) return path;
    for (vertex at = predecessor[n]; at != n + 1; at = predecessor[at]) {
        path.push_back(static_cast<step_index>(at));
        if (at == 0) break;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

}  // namespace

std::vector<step_index> longest_path(const std::vector<compiled_step>& table,
                                     std::span<const std::int64_t> weights,
                                     std::optional<ending_index> only) {
    if (table.empty()) return {};
    longest_search search{table, weights, std::vector<bool>(table.size()), {}, {}, -1, only};
    if (search.run()) return search.best;
    return longest_path_acyclic(table, weights, only);
}

}  // namespace sop::detail
