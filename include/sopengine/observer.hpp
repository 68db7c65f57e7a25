#pragma once

/// @file
/// The monitoring hook: observers are told of every transition of an instance.

#include <cstdint>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>

namespace sop {

class instance;

/// Where an instance is in its life.
enum class status : std::uint8_t {
    not_started,  ///< Created, not yet started.
    at_activity,  ///< Waiting for an actor to complete the current activity.
    at_decision,  ///< Waiting for an actor to answer the current decision.
    completed,    ///< The procedure reached its end.
    cancelled,    ///< Cancelled before the end.
};

/// "not_started", "at_activity", "at_decision", "completed" or "cancelled".
SOPENGINE_API std::string_view to_string(status value) noexcept;

/// The answer to a decision.
enum class answer : std::uint8_t {
    yes,  ///< Ya.
    no,   ///< Tidak.
};

/// "yes" or "no".
SOPENGINE_API std::string_view to_string(answer value) noexcept;

/// One transition, as observers see it: a plain value that names steps and actors by their XML
/// ids, so an observer may keep it after the instance and its definition are gone.
struct transition {
    std::string from_step;              ///< The step left; empty when the instance starts.
    std::string to_step;                ///< The step entered; empty on completion or cancellation.
    status from = status::not_started;  ///< Status before.
    status to = status::not_started;    ///< Status after.
    std::string actor;                  ///< The acting actor's id.
    std::optional<sop::answer> answer;  ///< The answer given, for a decision.
    time_point at;                      ///< When it happened, as passed in.

    friend bool operator==(const transition&, const transition&) = default;
};

/// Receives the transitions of the instances it is attached to. on_transition runs after the
/// transition took effect, once per observer in the order they were added. It should not
/// throw: an exception is caught, logged at error and dropped, and the next observer is still
/// told. It must not operate on the instance it is told about.
class observer {
public:
    virtual ~observer() = default;
    /// Called once per transition, in order.
    virtual void on_transition(const instance& source, const transition& change) = 0;

protected:
    observer() = default;
    observer(const observer&) = default;
    observer& operator=(const observer&) = default;
};

}  // namespace sop
