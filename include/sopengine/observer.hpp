#pragma once

/// @file
/// The monitoring hook: observers are told of every transition of an instance.

#include <cstdint>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>

namespace sop {

class instance;

namespace detail {
struct instance_access;
}  // namespace detail

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

/// One transition, as observers see it. It names steps and actors by their XML ids, read from
/// the definition it holds a reference to, so it stays valid after the instance is gone, and a
/// copy (which shares the definition) may be kept as long as wanted. The one an observer is
/// handed belongs to the instance and is reused for its next transition: copy it to keep it.
/// A moved-from transition names no steps and no actor.
class SOPENGINE_API transition {
public:
    /// The step left; empty when the instance starts.
    std::string_view from_step() const noexcept;
    /// The step entered; empty on completion or cancellation.
    std::string_view to_step() const noexcept;
    /// Status before.
    sop::status from() const noexcept { return from_; }
    /// Status after.
    sop::status to() const noexcept { return to_; }
    /// The acting actor's id.
    std::string_view actor() const noexcept;
    /// The answer given, for a decision.
    std::optional<sop::answer> answer() const noexcept;
    /// When it happened, as passed in.
    time_point at() const noexcept { return at_; }
    /// The definition the ids belong to.
    const sop::definition& definition() const noexcept { return sop_; }

    /// Equal when every field above is equal (the definitions may be different objects).
    friend SOPENGINE_API bool operator==(const transition& a, const transition& b) noexcept;

private:
    friend struct detail::instance_access;
    explicit transition(sop::definition sop) noexcept : sop_(std::move(sop)) {}

    static constexpr std::uint32_t none = 0xFFFFFFFF;
    sop::definition sop_;
    std::uint32_t from_step_ = none;
    std::uint32_t to_step_ = none;
    std::uint32_t actor_ = 0;
    sop::status from_ = sop::status::not_started;
    sop::status to_ = sop::status::not_started;
    std::uint8_t answer_ = 0;  // 0 none, 1 yes, 2 no
    time_point at_;
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
