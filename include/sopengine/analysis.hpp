#pragma once

/// @file
/// Durations, paths and workloads of a definition, computed on its step graph.

#include <cstdint>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/duration.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <vector>

namespace sop {

/// A path through the procedure from its first step to one of its endings. Its time is the sum
/// of the standard times of the unit's steps, unit by unit (steps without a fixed time count 0),
/// and that sum in working minutes on the calendar of the analysis
/// (working_calendar::minutes_of). Steps of external actors (the applicant, another agency) are
/// waiting time, counted apart, as service standards count it. A step that runs a related SOP
/// and has no time of its own takes, in a linked definition, that SOP's times: from its
/// shortest path's least to its longest path's most, with that SOP's external time apart.
struct path {
    std::vector<std::string> steps;           ///< Step ids in order.
    std::string ending;                       ///< The id of the ending it reaches.
    time_amount least{};                      ///< The sum of the unit's steps' least times.
    time_amount most{};                       ///< The sum of the unit's steps' standard times.
    std::int64_t least_minutes = 0;           ///< `least` in working minutes.
    std::int64_t minutes = 0;                 ///< `most` in working minutes.
    std::int64_t external_least_minutes = 0;  ///< The external steps' least times, in minutes.
    std::int64_t external_minutes = 0;        ///< The external steps' standard times, in minutes.

    friend bool operator==(const path&, const path&) = default;
};

/// The standard time one actor spends on a procedure: the steps it performs, each counted once.
struct workload {
    std::string actor;               ///< The actor's id.
    time_amount least{};             ///< The sum of those steps' least times.
    time_amount most{};              ///< The sum of those steps' standard times.
    std::int64_t least_minutes = 0;  ///< `least` in working minutes.
    std::int64_t minutes = 0;        ///< `most` in working minutes.

    friend bool operator==(const workload&, const workload&) = default;
};

/// The quickest and the slowest way to one ending.
struct ending_paths {
    std::string ending;  ///< The ending's id.
    path shortest;       ///< As analysis::shortest, among the paths that reach this ending.
    path longest;        ///< As analysis::longest, among the paths that reach this ending.

    friend bool operator==(const ending_paths&, const ending_paths&) = default;
};

/// What sop::analyze finds.
struct [[nodiscard]] analysis {
    /// The path that answers yes at every decision; std::nullopt when it returns to a step
    /// already on it (the yes answers alone never finish the procedure).
    std::optional<path> standard_path;
    /// The loop-free path with the fewest least_minutes (fewest steps on a tie): the quickest a
    /// case can finish.
    path shortest;
    /// The loop-free path with the most minutes (most steps on a tie): the longest a case may
    /// take without going round a loop.
    path longest;
    /// The shortest and longest paths to each ending, in declaration order (a definition that
    /// declares none has one, `end`).
    std::vector<ending_paths> endings;
    /// Working minutes of every actor, in declaration order, counting every step once; a step
    /// of several actors (a joint meeting, or a step any of them may do) counts fully for each.
    /// The related SOP a step runs is its own actors' work, not counted here.
    std::vector<sop::workload> workload;
    std::vector<std::string> steps_without_duration;  ///< Steps with no fixed standard time.
    std::int64_t day_minutes = 0;  ///< The working minutes a working day counts for here.
};

/// Analyses a definition, counting minutes on the default calendar (a working day is 480
/// minutes). Exact for any procedure with up to a million loop-free paths; beyond that shortest
/// and longest are computed on the procedure with its back edges removed.
[[nodiscard]] SOPENGINE_API analysis analyze(const definition& sop);

/// Analyses a definition, counting minutes on `calendar` (working_calendar::minutes_of: a
/// working day is its day_minutes()).
[[nodiscard]] SOPENGINE_API analysis analyze(const definition& sop,
                                             const working_calendar& calendar);

}  // namespace sop
