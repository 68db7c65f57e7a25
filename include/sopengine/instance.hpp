#pragma once

/// @file
/// One running case of an SOP.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/logging.hpp>
#include <sopengine/observer.hpp>
#include <sopengine/visibility.hpp>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace sop {

namespace detail {
struct instance_state;
struct instance_access;
/// The bytes of an instance's state, which sits inside sop::instance (no heap block per case).
inline constexpr std::size_t instance_state_size = 192;
}  // namespace detail

/// Why an operation was refused, or `accepted`.
enum class outcome_code : std::uint8_t {
    accepted,              ///< The operation took effect.
    unknown_actor,         ///< The actor id is not declared by the definition.
    not_your_turn,         ///< The actor is declared but does not perform the current step.
    not_started,           ///< The instance has not been started.
    already_started,       ///< start() on an instance that has been started.
    already_finished,      ///< The instance is completed or cancelled.
    step_is_decision,      ///< complete() at a decision: answer yes or no instead.
    step_is_activity,      ///< answer() at an activity: complete it instead.
    time_goes_back,        ///< The time is earlier than the instance's last event.
    missing_reason,        ///< cancel() without a reason.
    no_working_time,       ///< The next step's due time needs working time the calendar lacks.
    time_out_of_range,     ///< The time, or the due time it leads to, is outside the supported
                           ///< range (sop::earliest_time to sop::latest_time).
    already_confirmed,     ///< The actor has already confirmed the current joint step.
    person_required,       ///< The step has a separation-of-duties rule: name the acting person.
    separation_of_duties,  ///< The person performed a step this one may not be performed
                           ///< after by the same person (step::not_by_performer_of).
};

/// "accepted", "unknown_actor", "not_your_turn", ...
SOPENGINE_API std::string_view to_string(outcome_code code) noexcept;

/// The category of outcome_code values ("sopengine.outcome"), for sop::error::code().
SOPENGINE_API const std::error_category& outcome_category() noexcept;

/// A std::error_code of outcome_category().
SOPENGINE_API std::error_code make_error_code(outcome_code code) noexcept;

/// The result of an operation: accepted, or refused with a code and an explanation. A refused
/// operation changed nothing.
struct [[nodiscard]] outcome {
    outcome_code code = outcome_code::accepted;  ///< Why, or accepted.
    std::string message;                         ///< For people; empty when accepted.

    /// True when the operation took effect.
    explicit operator bool() const noexcept { return code == outcome_code::accepted; }
};

/// One performed step in an instance's history, or one actor's confirmation of a joint step.
/// A plain value: it names the step and the actor by their XML ids and stays valid after the
/// instance and its definition are gone.
struct step_record {
    std::string step;                   ///< The step's id, e.g. "8".
    std::string actor;                  ///< The id of the actor who performed it.
    std::optional<sop::answer> answer;  ///< The answer, for a decision.
    time_point started;                 ///< When the step began.
    time_point finished;                ///< When it was completed, answered or confirmed.
    std::optional<time_point> due;      ///< When it was due; none for steps without a fixed time.
    /// False for a confirmation of a joint step that other actors had still to give; the
    /// record of the last confirmation completes the step.
    bool completes = true;
    /// For a step that ran a related SOP (step::sop): the id of the ending its sub-case reached,
    /// which the following steps go on from. Empty for other steps. The record's actor is then
    /// the step's first actor, who answers for the sub-case in this SOP.
    std::string ending;
    /// Who performed it, as the operation named them (the NIP, or whatever key the application
    /// gives people); empty when the operation named no one.
    std::string person;

    /// True when it finished no later than due (always true without a due time).
    bool on_time() const noexcept { return !due || finished <= *due; }

    friend bool operator==(const step_record&, const step_record&) = default;
};

/// Where a case's working time went: with the unit, or waiting on external actors (the
/// applicant, another agency), as service standards count it. Working minutes on the case's
/// calendar.
struct case_clock {
    std::int64_t unit_minutes = 0;      ///< On steps of the unit's own actors.
    std::int64_t external_minutes = 0;  ///< On steps whose actors are all external.

    friend bool operator==(const case_clock&, const case_clock&) = default;
};

/// How a case runs: its working calendar and where its log messages go. The same null means
/// the same default everywhere (instance, restore, sop-runner).
struct instance_options {
    /// The calendar of due times; null for the default (Monday to Friday, 08:00-16:00, WIB).
    std::shared_ptr<const working_calendar> calendar;
    /// Where the case logs refusals (debug) and transitions (trace); null for the default sink
    /// (spdlog's "sopengine" logger, looked up when the case is made; see logging.hpp).
    std::shared_ptr<log_sink> log;
};

/// One running case of a definition. A value: copies are independent cases that share the
/// definition, the calendar, the log sink and the observers. Its state, the first four history
/// records included, sits inside the object: a case makes no heap allocation of its own until
/// its history outgrows that, or it is given a calendar, a log sink, an observer or a
/// cancellation.
///
/// Every operation names the acting actor and the time, and is all-or-nothing. complete() and
/// answer() may also name the person who acts (any key the application gives people, such as
/// the NIP): it is recorded in the history (step_record::person), and it is what a step's
/// separation-of-duties rule (step::not_by_performer_of) checks; such a step refuses an
/// operation that names no one (person_required). A case keeps the people named in one heap
/// block with its other extras. It first works
/// out the whole next state (the lifecycle's Boost.MSM guards decide whether the status allows
/// it, who may act, whether the time is valid, and compute the next due time); anything that
/// can fail fails there, as a refusal that changed nothing. Only then is the next state
/// committed, by steps that cannot fail, and only after that are the observers told. Operations
/// are not synchronised: use one instance from one thread at a time.
///
/// The actor is named by id, or, cheaper, by the definition's own record of it
/// (definition::find_actor, looked up once): an operation is then a table lookup, a few checks
/// and an append. A record of another definition is refused as unknown_actor.
///
/// A step that names a related SOP (step::sop) runs it as a sub-case: entering the step starts
/// a case of that SOP at the same time, on the same calendar; while it runs, complete() and
/// answer() act on the sub-case (by the related SOP's actors), and when it completes, so does
/// the step, in the same operation, and this case goes on. cancel() cancels this case and leaves
/// the sub-case where it stood. Such a case needs a definition a sop::catalog has linked.
///
/// A moved-from instance is empty: its const queries answer as for a case with no steps that
/// has not started (an empty definition, no step, no history), and its operations and
/// snapshot() throw sop::error (errc::moved_from). Assigning to it makes it whole again.
///
/// @code
/// sop::instance work(sidoarjo);
/// work.start("sekda", at);                     // step 1, Sekretaris Daerah
/// if (auto done = work.complete("asisten", at); !done) std::puts(done.message.c_str());
/// const sop::actor& kabag = *sidoarjo.find_actor("kabag");  // once, then by reference
/// work.answer(kabag, sop::answer::yes, at);    // at the decision of step 8
/// @endcode
class SOPENGINE_API instance {
public:
    /// A case of `sop`, not started, on the calendar and log sink of `options`. Throws
    /// sop::error (errc::not_linked) when `sop` names related SOPs that no sop::catalog linked.
    explicit instance(sop::definition sop, const instance_options& options = {});
    /// A case of `sop` on `calendar` (the default calendar when null).
    instance(sop::definition sop, std::shared_ptr<const working_calendar> calendar);
    ~instance();
    instance(const instance& other);
    instance& operator=(const instance& other);
    instance(instance&& other) noexcept;
    instance& operator=(instance&& other) noexcept;

    /// Starts the case at the first step; any declared actor may start it.
    outcome start(std::string_view actor, time_point at);
    /// As above, with the actor's record in definition().
    outcome start(const sop::actor& actor, time_point at);
    /// Completes the current activity as `actor`, moving to the next step or an ending. At a
    /// joint step (step::together) it confirms the actor's part, and the last confirmation
    /// completes the step; a second confirmation by one actor is refused (already_confirmed).
    /// `person` names who acts in that role (see the class comment); empty for no one.
    outcome complete(std::string_view actor, time_point at, std::string_view person = {});
    /// As above, with the actor's record in definition().
    outcome complete(const sop::actor& actor, time_point at, std::string_view person = {});
    /// Answers the current decision as `actor`, moving to its yes or no target; `person` as for
    /// complete().
    outcome answer(std::string_view actor, sop::answer value, time_point at,
                   std::string_view person = {});
    /// As above, with the actor's record in definition().
    outcome answer(const sop::actor& actor, sop::answer value, time_point at,
                   std::string_view person = {});
    /// Cancels a started case; any declared actor may cancel it, with a non-empty reason.
    outcome cancel(std::string_view actor, std::string_view reason, time_point at);
    /// As above, with the actor's record in definition().
    outcome cancel(const sop::actor& actor, std::string_view reason, time_point at);

    /// The definition this case runs.
    const sop::definition& definition() const noexcept;
    /// The working calendar of due times.
    const working_calendar& calendar() const noexcept;
    /// Where the case is, as the lifecycle machine holds it.
    sop::status status() const noexcept;
    /// The step waiting to be performed, or nullptr when not at a step. It belongs to the
    /// definition and stays valid while any copy of definition() lives.
    const sop::step* current_step() const noexcept;
    /// The actors who may act now: the current step's actors (at a joint step, those who have
    /// not confirmed yet); empty when not at a step. Like current_step(), they belong to the
    /// definition; while a sub-case runs, they are its actors now, of the related SOP.
    std::vector<const actor*> actors_now() const;
    /// At a joint step, the actors who have confirmed it so far, in order; empty otherwise.
    /// While a sub-case runs, those of the sub-case.
    std::vector<const actor*> confirmed() const;
    /// The sub-case the current step runs, or nullptr: it is where the work is while it runs.
    const instance* sub_case() const noexcept;
    /// Every sub-case this case started, oldest first: one per entry into a step that runs a
    /// related SOP, in the order of the history records of those steps (the one running, if
    /// any, last).
    std::span<const instance> sub_cases() const noexcept;
    /// How the completed case ended; nullptr unless completed. It belongs to the definition.
    const sop::ending* ending() const noexcept;
    /// The working minutes the case has spent with the unit and with external actors: every
    /// performed step from its start to its completion, and the current step from its start to
    /// `now` (to the cancellation for a cancelled case). A step that ran a related SOP counts as
    /// its sub-case's clock does. Throws sop::error
    /// (errc::time_out_of_range) when `now` is outside the supported range.
    case_clock clock(time_point now) const;
    /// When the current step began; std::nullopt when not at a step.
    std::optional<time_point> step_started() const noexcept;
    /// When the current step is due; std::nullopt when not at a step, or it has no fixed time,
    /// or it is done by external actors (no due time against the unit).
    std::optional<time_point> due() const noexcept;
    /// True when the current step has a due time earlier than `now`.
    bool overdue(time_point now) const noexcept;
    /// The time of the last accepted operation; std::nullopt before start.
    std::optional<time_point> last_event() const noexcept;
    /// The performed steps, oldest first, as values independent of the instance.
    std::vector<step_record> history() const;
    /// Number of history records (performed steps and confirmations).
    std::size_t history_size() const noexcept;
    /// Why the case was cancelled; empty unless cancelled.
    const std::string& cancel_reason() const noexcept;

    /// Attaches an observer for every later transition of this instance (and of copies made
    /// afterwards). Throws sop::error: errc::invalid_argument for null, errc::moved_from on a
    /// moved-from instance.
    void add_observer(std::shared_ptr<observer> watcher);

private:
    friend struct detail::instance_access;
    detail::instance_state& state() noexcept;
    const detail::instance_state& state() const noexcept;

    alignas(8) std::array<unsigned char, detail::instance_state_size> storage_;
};

}  // namespace sop

template <>
struct std::is_error_code_enum<sop::outcome_code> : std::true_type {};
