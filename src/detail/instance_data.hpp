#pragma once

// Internal: the plain state of an instance, as snapshots write and read it. The Boost.MSM
// lifecycle that guards it stays inside instance.cpp.

#include <cstdint>
#include <optional>
#include <sopengine/instance.hpp>
#include <sopengine/snapshot.hpp>
#include <string>
#include <vector>

#include "detail/definition_data.hpp"

namespace sop::detail {

/// One performed step, compactly: 32 bytes.
struct history_entry {
    step_index step = 0;
    actor_index actor = 0;
    std::uint8_t answer = 0;     ///< 0 for an activity, 1 yes, 2 no.
    std::int64_t started = 0;    ///< Seconds since the epoch (UTC).
    std::int64_t finished = 0;   ///< Seconds since the epoch (UTC).
    std::int64_t due = no_time;  ///< Seconds since the epoch (UTC), or no_time.

    static constexpr std::int64_t no_time = INT64_MIN;
    friend bool operator==(const history_entry&, const history_entry&) = default;
};

/// Everything an instance is, apart from its definition, calendar, lifecycle and observers.
struct instance_data {
    sop::status status = sop::status::not_started;
    step_index current = end_index;  ///< The step waiting, while at a step.
    std::int64_t step_started = history_entry::no_time;
    std::int64_t due = history_entry::no_time;
    std::int64_t last_event = history_entry::no_time;
    std::vector<history_entry> history;
    actor_index cancelled_by = 0;
    std::string cancel_reason;
};

/// The door between sop::instance and snapshot.cpp.
struct instance_access {
    /// A copy of the plain state.
    static instance_data state_of(const instance& work);
    /// Rebuilds an instance by replaying `data` through the lifecycle, after checking that it
    /// is a state the rules can reach; on failure, error is set and message says why.
    static restore_result rebuild(const definition& sop,
                                  std::shared_ptr<const working_calendar> calendar,
                                  instance_data data);
};

}  // namespace sop::detail
