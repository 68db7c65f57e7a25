#pragma once

// Internal: the step graph of a compiled procedure, and the structural checks on it.

#include <optional>
#include <span>
#include <vector>

#include "detail/definition_data.hpp"

namespace sop::detail {

/// The successors of a step in the compiled table: next for an activity, yes then no for a
/// decision. end_index stands for the end.
std::vector<step_index> successors(const compiled_step& row);

/// What makes a procedure's shape invalid.
struct structure_problems {
    std::vector<step_index> unreachable;  ///< Steps no path from the first step reaches.
    /// Where work is trapped: each group of steps that leads only among itself and never to the
    /// end (decision-free loops aside), named by its last decision in document order, which is
    /// where a branch out is missing. Steps upstream that lead only into a trap are not listed.
    struct trap {
        step_index at;                  ///< The decision that reports it.
        std::vector<step_index> steps;  ///< Every step of the trap, in document order.
    };
    std::vector<trap> dead_ends;
    std::vector<std::vector<step_index>> decision_free_loops;  ///< Cycles of activities only.
};

/// Which steps a path from `from` reaches (`from` itself included), in a table whose targets
/// all resolve; the end is not listed.
std::vector<bool> reachable_from(const std::vector<compiled_step>& table, step_index from);

/// Runs the structural checks on a table whose targets all resolve.
structure_problems check_structure(const std::vector<compiled_step>& table);

/// The loop-free path from the first step to the end (to the ending `only`, when given) with
/// the least (or most) minutes, each step weighing `weights[step]`; ties go to fewer (or more)
/// steps. Empty when no path reaches it.
std::vector<step_index> shortest_path(const std::vector<compiled_step>& table,
                                      std::span<const std::int64_t> weights,
                                      std::optional<ending_index> only = std::nullopt);
std::vector<step_index> longest_path(const std::vector<compiled_step>& table,
                                     std::span<const std::int64_t> weights,
                                     std::optional<ending_index> only = std::nullopt);

}  // namespace sop::detail
