#pragma once

/// @file
/// Durations, paths and workloads of a definition, computed on its step graph.

#include <cstdint>
#include <optional>
#include <sopengine/definition.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <vector>

namespace sop {

/// A path through the procedure from its first step to the end.
struct path {
    std::vector<std::string> steps;  ///< Step ids in order.
    std::int64_t minutes = 0;        ///< Sum of standard times; steps without a fixed time count 0.

    friend bool operator==(const path&, const path&) = default;
};

/// The standard working time one actor spends on a procedure.
struct workload {
    std::string actor;         ///< The actor's id.
    std::int64_t minutes = 0;  ///< Working minutes of the steps it performs, each counted once.

    friend bool operator==(const workload&, const workload&) = default;
};

/// What sop::analyze finds.
struct [[nodiscard]] analysis {
    /// The path that answers yes at every decision; std::nullopt when it returns to a step
    /// already on it (the yes answers alone never finish the procedure).
    std::optional<path> standard_path;
    path shortest;  ///< The loop-free path with the fewest minutes (fewest steps on a tie).
    path longest;   ///< The loop-free path with the most minutes (most steps on a tie).
    /// Working minutes of every actor, in declaration order, counting every step once; a step
    /// of several actors (a meeting) counts fully for each of them.
    std::vector<sop::workload> workload;
    std::vector<std::string> steps_without_duration;  ///< Steps with no fixed standard time.
};

/// Analyses a definition. Exact for any procedure with up to a million loop-free paths;
/// beyond that shortest and longest are computed on the procedure with its back edges removed.
[[nodiscard]] SOPENGINE_API analysis analyze(const definition& sop);

}  // namespace sop
