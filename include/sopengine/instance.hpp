#pragma once

/// @file
/// One running case of an SOP.

#include <cstdint>
#include <memory>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/observer.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sop {

namespace detail {
struct instance_state;
struct instance_access;
}  // namespace detail

/// Why an operation was refused, or `accepted`.
enum class outcome_code : std::uint8_t {
    accepted,          ///< The operation took effect.
    unknown_actor,     ///< The actor id is not declared by the definition.
    not_your_turn,     ///< The actor is declared but does not perform the current step.
    not_started,       ///< The instance has not been started.
    already_started,   ///< start() on an instance that has been started.
    already_finished,  ///< The instance is completed or cancelled.
    step_is_decision,  ///< complete() at a decision: answer yes or no instead.
    step_is_activity,  ///< answer() at an activity: complete it instead.
    time_goes_back,    ///< The time is earlier than the instance's last event.
    missing_reason,    ///< cancel() without a reason.
};

/// "accepted", "unknown_actor", "not_your_turn", ...
std::string_view to_string(outcome_code code) noexcept;

/// The result of an operation: accepted, or refused with a code and an explanation. A refused
/// operation changed nothing.
struct outcome {
    outcome_code code = outcome_code::accepted;  ///< Why, or accepted.
    std::string message;                         ///< For people; empty when accepted.

    /// True when the operation took effect.
    explicit operator bool() const noexcept { return code == outcome_code::accepted; }
};

/// One performed step in an instance's history.
struct step_record {
    const sop::step* step = nullptr;    ///< The step, owned by the definition.
    const sop::actor* actor = nullptr;  ///< Who performed it, owned by the definition.
    std::optional<sop::answer> answer;  ///< The answer, for a decision.
    time_point started;                 ///< When the step began.
    time_point finished;                ///< When it was completed or answered.
    std::optional<time_point> due;      ///< When it was due; none for steps without a fixed time.

    /// True when it finished no later than due (always true without a due time).
    bool on_time() const noexcept { return !due || finished <= *due; }
};

/// One running case of a definition. A small value: copies are independent cases that share the
/// definition, the calendar and the observers. Every operation names the acting actor and the
/// time, and is all-or-nothing: a refused operation returns why and changes nothing. Operations
/// are not synchronised: use one instance from one thread at a time.
///
/// @code
/// sop::instance work(sidoarjo);
/// work.start("sekda", at);                     // step 1, Sekretaris Daerah
/// if (auto done = work.complete("asisten", at); !done) std::puts(done.message.c_str());
/// work.answer("kabag", sop::answer::yes, at);  // at the decision of step 8
/// @endcode
class instance {
public:
    /// A case of `sop` on the default working calendar, not started.
    explicit instance(sop::definition sop);
    /// A case of `sop` on `calendar`. Throws std::invalid_argument when calendar is null.
    instance(sop::definition sop, std::shared_ptr<const working_calendar> calendar);
    ~instance();
    instance(const instance& other);
    instance& operator=(const instance& other);
    instance(instance&& other) noexcept;
    instance& operator=(instance&& other) noexcept;

    /// Starts the case at the first step; any declared actor may start it.
    outcome start(std::string_view actor, time_point at);
    /// Completes the current activity as `actor`, moving to the next step or the end.
    outcome complete(std::string_view actor, time_point at);
    /// Answers the current decision as `actor`, moving to its yes or no target.
    outcome answer(std::string_view actor, sop::answer value, time_point at);
    /// Cancels a started case; any declared actor may cancel it, with a non-empty reason.
    outcome cancel(std::string_view actor, std::string_view reason, time_point at);

    /// The definition this case runs.
    const sop::definition& definition() const noexcept;
    /// The working calendar of due times.
    const working_calendar& calendar() const noexcept;
    /// Where the case is.
    sop::status status() const noexcept;
    /// The step waiting to be performed, or nullptr when not at a step.
    const sop::step* current_step() const noexcept;
    /// The actors who may act now: the current step's actors; empty when not at a step.
    std::vector<const actor*> actors_now() const;
    /// When the current step began; std::nullopt when not at a step.
    std::optional<time_point> step_started() const noexcept;
    /// When the current step is due; std::nullopt when not at a step or it has no fixed time.
    std::optional<time_point> due() const noexcept;
    /// True when the current step has a due time earlier than `now`.
    bool overdue(time_point now) const noexcept;
    /// The time of the last accepted operation; std::nullopt before start.
    std::optional<time_point> last_event() const noexcept;
    /// The performed steps, oldest first.
    std::vector<step_record> history() const;
    /// Number of performed steps.
    std::size_t history_size() const noexcept;
    /// Why the case was cancelled; empty unless cancelled.
    const std::string& cancel_reason() const noexcept;

    /// Attaches an observer for every later transition of this instance (and of copies made
    /// afterwards). Throws std::invalid_argument for null.
    void add_observer(std::shared_ptr<observer> watcher);

private:
    friend struct detail::instance_access;
    explicit instance(std::unique_ptr<detail::instance_state> state) noexcept;
    std::unique_ptr<detail::instance_state> state_;
};

}  // namespace sop
