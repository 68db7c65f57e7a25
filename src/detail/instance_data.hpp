#pragma once

// Internal: the state of an instance as snapshots write and read it. The live instance keeps it
// compactly (instance.cpp, with the Boost.MSM lifecycle that holds the status); snapshots see it
// through case_view and hand it back as snapshot_state.

#include <cstdint>
#include <optional>
#include <sopengine/instance.hpp>
#include <sopengine/load.hpp>
#include <sopengine/snapshot.hpp>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "detail/definition_data.hpp"

namespace sop::detail {

/// Seconds since the epoch (UTC), or no_time.
inline constexpr std::int64_t no_time = INT64_MIN;

/// One performed step, or one confirmation of a joint step, compactly, as the live instance
/// keeps it: 24 bytes. When it started is the finish of the last record that completed a step
/// (or the case's start). Trivial, so that the records an instance holds inline cost nothing
/// until written.
struct history_entry {
    /// Set in actor_and_flag on a confirmation that left the joint step waiting for others.
    static constexpr std::uint32_t confirmation_flag = 1U << 31;

    history_entry() = default;
    history_entry(step_index step, actor_index by, std::uint8_t answer, std::int64_t finished_at,
                  std::int64_t due_at, bool completes = true) noexcept
        : finished(finished_at),
          due(due_at),
          step_and_answer(step | (std::uint32_t{answer} << 30)),
          actor_and_flag(by | (completes ? 0 : confirmation_flag)) {}

    step_index step() const noexcept { return step_and_answer & ((1U << 30) - 1); }
    /// 0 for an activity, 1 yes, 2 no.
    std::uint8_t answer() const noexcept {
        return static_cast<std::uint8_t>(step_and_answer >> 30);
    }
    actor_index actor() const noexcept { return actor_and_flag & ~confirmation_flag; }
    /// False for a confirmation of a joint step that others have still to give.
    bool completes() const noexcept { return (actor_and_flag & confirmation_flag) == 0; }

    std::int64_t finished;          ///< Seconds since the epoch (UTC).
    std::int64_t due;               ///< Seconds since the epoch (UTC), or no_time.
    std::uint32_t step_and_answer;  ///< The step, and the answer in the two high bits.
    std::uint32_t actor_and_flag;   ///< The actor, and confirmation_flag.
};
static_assert(sizeof(history_entry) == 24 &&
              std::is_trivially_default_constructible_v<history_entry>);
static_assert(max_steps < (std::size_t{1} << 30), "a step index leaves two bits for the answer");
static_assert(max_actors < history_entry::confirmation_flag, "an actor index leaves a bit free");

/// One performed step as a snapshot reads it.
struct recorded_step {
    step_index step = 0;
    actor_index actor = 0;
    std::uint8_t answer = 0;     ///< 0 for an activity, 1 yes, 2 no.
    std::int64_t started = 0;    ///< Seconds since the epoch (UTC).
    std::int64_t finished = 0;   ///< Seconds since the epoch (UTC).
    std::int64_t due = no_time;  ///< Seconds since the epoch (UTC), or no_time.
    bool completes = true;       ///< False for a confirmation others must still join.
    std::string person;          ///< Who performed it; empty when no one was named.

    friend bool operator==(const recorded_step&, const recorded_step&) = default;
};

/// A case as a snapshot reads it: everything apart from the definition, calendar, status and
/// observers.
struct instance_data {
    step_index current = end_index;  ///< The step waiting, or where the case was cancelled.
    std::int64_t step_started = no_time;
    std::int64_t due = no_time;
    std::int64_t last_event = no_time;
    std::vector<recorded_step> history;
    actor_index cancelled_by = 0;  ///< Meaningful only when cancelled.
    std::string cancel_reason;     ///< Empty unless cancelled.
};

/// A snapshot as read, before it is checked against the rules.
struct snapshot_state {
    sop::status status = sop::status::not_started;
    instance_data data;
    bool has_canceller = false;  ///< Whether the snapshot names who cancelled.
    /// The snapshots of the sub-cases, oldest first (views into the snapshot's text).
    std::vector<std::string_view> sub_cases;
};

/// A live case, as snapshot() reads it.
struct case_view {
    sop::status status = sop::status::not_started;
    step_index current = end_index;
    std::int64_t started = no_time;  ///< When the case started.
    std::int64_t step_started = no_time;
    std::int64_t due = no_time;
    std::int64_t last_event = no_time;
    std::span<const history_entry> history;
    /// Per history record, who performed it: 0 for no one, else 1 + an index into people.
    /// Empty when the case never named anyone.
    std::span<const std::uint32_t> performers;
    std::span<const std::string> people;
    actor_index cancelled_by = 0;
    std::string_view cancel_reason;
    std::span<const instance> sub_cases;
};

/// The door between sop::instance and snapshot.cpp.
struct instance_access {
    /// A view of a case; throws sop::error (errc::moved_from) for a moved-from instance.
    static case_view view_of(const instance& work);
    /// A transition of `sop`, for a case's observers.
    static transition make_transition(const definition& sop) noexcept;
    /// Sets every field of a transition (end_index: no step).
    static void set(transition& change, step_index from_step, step_index to_step, status from,
                    status to, actor_index who, std::optional<answer> given,
                    std::int64_t at) noexcept;
    /// Rebuilds a case by replaying `read` through the lifecycle, after checking that every
    /// field agrees with the definition, the status and the rules; on failure, error is set
    /// and message says why.
    static restore_result rebuild(const definition& sop, const instance_options& options,
                                  const snapshot_state& read);
};

}  // namespace sop::detail
