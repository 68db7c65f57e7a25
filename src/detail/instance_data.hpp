#pragma once

// Internal: the plain state of an instance, as snapshots write and read it. The Boost.MSM
// lifecycle that holds the status stays inside instance.cpp.

#include <cstdint>
#include <optional>
#include <sopengine/instance.hpp>
#include <sopengine/snapshot.hpp>
#include <string>
#include <vector>

#include "detail/definition_data.hpp"

namespace sop::detail {

/// Seconds since the epoch (UTC), or no_time.
inline constexpr std::int64_t no_time = INT64_MIN;

/// One performed step, compactly: 32 bytes.
struct history_entry {
    step_index step = 0;
    actor_index actor = 0;
    std::uint8_t answer = 0;     ///< 0 for an activity, 1 yes, 2 no.
    std::int64_t started = 0;    ///< Seconds since the epoch (UTC).
    std::int64_t finished = 0;   ///< Seconds since the epoch (UTC).
    std::int64_t due = no_time;  ///< Seconds since the epoch (UTC), or no_time.

    friend bool operator==(const history_entry&, const history_entry&) = default;
};

/// Everything an instance is, apart from its definition, calendar, lifecycle (which holds the
/// status) and observers.
struct instance_data {
    step_index current = end_index;  ///< The step waiting, or where the case was cancelled.
    std::int64_t step_started = no_time;
    std::int64_t due = no_time;
    std::int64_t last_event = no_time;
    std::vector<history_entry> history;
    actor_index cancelled_by = 0;  ///< Meaningful only when cancelled.
    std::string cancel_reason;     ///< Empty unless cancelled.
};

/// A snapshot as read, before it is checked against the rules.
struct snapshot_state {
    sop::status status = sop::status::not_started;
    instance_data data;
    bool has_canceller = false;  ///< Whether the snapshot names who cancelled.
};

/// The door between sop::instance and snapshot.cpp.
struct instance_access {
    /// The status and the plain state of a case; throws sop::error (errc::moved_from) for a
    /// moved-from instance.
    static std::pair<sop::status, const instance_data&> state_of(const instance& work);
    /// Rebuilds a case by replaying `read` through the lifecycle, after checking that every
    /// field agrees with the definition, the status and the rules; on failure, error is set
    /// and message says why.
    static restore_result rebuild(const definition& sop, const instance_options& options,
                                  const snapshot_state& read);
};

}  // namespace sop::detail
