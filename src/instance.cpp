// One running case. Every operation is one event of the Boost.MSM lifecycle: the transition
// table says which statuses accept it (no row: a refusal by status), the rows' guard works out
// the whole next state or the reason to refuse (plan::decide), the rows' action commits it with
// steps that cannot fail (plan::commit), and only then are the observers told.
#include <fmt/format.h>

#include <algorithm>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <sopengine/error.hpp>
#include <sopengine/instance.hpp>

#include "detail/definition_data.hpp"
#include "detail/instance_data.hpp"
#include "detail/log.hpp"
#include "detail/time_text.hpp"

namespace sop {
namespace detail {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::Row;

// What a transition leads to: the kind of the step entered, or the end.
enum class target_kind : std::uint8_t { activity, decision, end };

enum class operation : std::uint8_t { start, complete, answer, cancel };

struct plan;

// The lifecycle's events; each carries the operation's plan, which the guard fills in.
struct start_event {
    plan* work;
};
struct complete_event {
    plan* work;
};
struct answer_event {
    plan* work;
};
struct cancel_event {
    plan* work;
};

// Admits the operation when its plan decides it may happen and leads to a step of `Kind`.
template <target_kind Kind>
struct admits {
    template <class Event, class Machine, class Source, class Target>
    bool operator()(const Event& event, Machine&, Source&, Target&) const;
};

// Commits the plan. Cannot fail: every allocation happened while deciding.
struct commit {
    template <class Event, class Machine, class Source, class Target>
    void operator()(const Event& event, Machine&, Source&, Target&) const noexcept;
};

using to_activity = admits<target_kind::activity>;
using to_decision = admits<target_kind::decision>;
using to_end = admits<target_kind::end>;

// The lifecycle of a case: the one place that holds its status and says which operations a
// status allows. The current step is data (instance_data::current).
struct lifecycle_definition : msm::front::state_machine_def<lifecycle_definition> {
    using no_exception_thrown = int;  // guards throw only std::bad_alloc, before any change
    using no_message_queue = int;     // no event is processed from inside another

    struct not_started : msm::front::state<> {};
    struct at_activity : msm::front::state<> {};
    struct at_decision : msm::front::state<> {};
    struct completed : msm::front::state<> {};
    struct cancelled : msm::front::state<> {};
    using initial_state = not_started;

    // clang-format off
    struct transition_table : mpl::vector<
        //   Source       Event           Target       Action  Guard
        Row< not_started, start_event,    at_activity, commit, to_activity >,
        Row< not_started, start_event,    at_decision, commit, to_decision >,
        Row< at_activity, complete_event, at_activity, commit, to_activity >,
        Row< at_activity, complete_event, at_decision, commit, to_decision >,
        Row< at_activity, complete_event, completed,   commit, to_end      >,
        Row< at_decision, answer_event,   at_activity, commit, to_activity >,
        Row< at_decision, answer_event,   at_decision, commit, to_decision >,
        Row< at_decision, answer_event,   completed,   commit, to_end      >,
        Row< at_activity, cancel_event,   cancelled,   commit, to_end      >,
        Row< at_decision, cancel_event,   cancelled,   commit, to_end      >
    > {};
    // clang-format on

    // No row for this event in this status: the status refuses the operation.
    template <class Machine, class Event>
    void no_transition(const Event& event, Machine&, int state);
};

using lifecycle = msm::back::state_machine<lifecycle_definition>;
using table = lifecycle::stt;

status status_of_state(int id) noexcept {
    if (id == msm::back::get_state_id<table, lifecycle_definition::at_activity>::value) {
        return status::at_activity;
    }
    if (id == msm::back::get_state_id<table, lifecycle_definition::at_decision>::value) {
        return status::at_decision;
    }
    if (id == msm::back::get_state_id<table, lifecycle_definition::completed>::value) {
        return status::completed;
    }
    if (id == msm::back::get_state_id<table, lifecycle_definition::cancelled>::value) {
        return status::cancelled;
    }
    return status::not_started;
}

const working_calendar& default_calendar() noexcept {
    static const working_calendar calendar;
    return calendar;
}

std::optional<time_point> to_time(std::int64_t seconds) noexcept {
    if (seconds == no_time) return std::nullopt;
    return time_point(std::chrono::seconds(seconds));
}

std::int64_t from_time(time_point at) noexcept {
    return at.time_since_epoch().count();
}

// Room for one more history record, so that appending it cannot fail: grows geometrically, as
// push_back would, and leaves the vector as it was when it already has room.
void make_room(std::vector<history_entry>& history) {
    if (history.size() == history.capacity()) {
        history.reserve(history.empty() ? 4 : 2 * history.capacity());
    }
}

}  // namespace

struct instance_state {
    sop::definition sop;
    std::shared_ptr<const working_calendar> calendar;  // null: the default calendar
    log_target log;
    lifecycle machine;
    instance_data data;
    std::vector<std::shared_ptr<observer>> observers;

    instance_state(sop::definition definition, const instance_options& options)
        : sop(std::move(definition)),
          calendar(options.calendar),
          log(log_target::resolve(options.log)) {
        machine.start();
    }

    const definition_data& defs() const noexcept { return data_of(sop); }
    const working_calendar& days() const noexcept {
        return calendar ? *calendar : default_calendar();
    }
    status current_status() const noexcept { return status_of_state(machine.current_state()[0]); }
    target_kind kind_of(step_index target) const noexcept {
        if (target == end_index) return target_kind::end;
        return defs().table[target].kind == step_kind::activity ? target_kind::activity
                                                                : target_kind::decision;
    }
    // A time for messages: local ISO 8601 on the case's calendar, or the raw count of seconds
    // when it lies outside the supported range.
    std::string describe(std::int64_t seconds) const {
        const time_point at{std::chrono::seconds(seconds)};
        if (in_supported_range(at)) return days().format(at);
        return raw_time(seconds);
    }
};

namespace {

// An operation's next state, worked out before anything changes.
struct plan {
    instance_state& s;
    operation op;
    actor_index who = 0;  // preset when replaying a snapshot
    std::string_view actor;
    std::int64_t at = no_time;
    std::optional<answer> given;
    std::string_view reason;

    bool decided = false;
    outcome_code refusal = outcome_code::accepted;
    bool due_out_of_range = false;  // time_out_of_range because of the due time, not `at`
    step_index target = end_index;
    target_kind kind = target_kind::end;
    std::int64_t due = no_time;
    std::string reason_text;
    std::optional<transition> change;  // for the observers and the log, when any listens

    plan(instance_state& state, operation what) : s(state), op(what) {}

    bool admits(target_kind wanted) {
        if (!decided) decide();
        return refusal == outcome_code::accepted && kind == wanted;
    }

    // Decides the operation: who acts, whether the time is valid, where it leads and when that
    // step is due. Everything that can fail, allocations included, happens here.
    void decide() {
        decided = true;
        const definition_data& defs = s.defs();
        const auto found = defs.actor_ids.find(actor);
        if (found == defs.actor_ids.end()) {
            refusal = outcome_code::unknown_actor;
            return;
        }
        who = found->second;
        if (op == operation::complete || op == operation::answer) {
            const auto& performers = defs.table[s.data.current].actors;
            if (std::find(performers.begin(), performers.end(), who) == performers.end()) {
                refusal = outcome_code::not_your_turn;
                return;
            }
        }
        const time_point when{std::chrono::seconds(at)};
        if (!in_supported_range(when)) {
            refusal = outcome_code::time_out_of_range;
            return;
        }
        if (s.data.last_event != no_time && at < s.data.last_event) {
            refusal = outcome_code::time_goes_back;
            return;
        }
        switch (op) {
            case operation::start: target = 0; break;
            case operation::complete: target = defs.table[s.data.current].next; break;
            case operation::answer: {
                const compiled_step& row = defs.table[s.data.current];
                target = *given == answer::yes ? row.yes : row.no;
                break;
            }
            case operation::cancel:
                if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
                    refusal = outcome_code::missing_reason;
                    return;
                }
                target = s.data.current;  // a cancelled case stays where it was
                break;
        }
        if (op == operation::cancel) {
            kind = target_kind::end;
            reason_text.assign(reason);
        } else {
            kind = s.kind_of(target);
            if (target != end_index) {
                if (const auto& minutes = defs.table[target].minutes) {
                    std::error_code why;
                    due = from_time(s.days().add_working_minutes(when, *minutes, why));
                    if (why == errc::no_working_time) {
                        refusal = outcome_code::no_working_time;
                        return;
                    }
                    if (why) {
                        refusal = outcome_code::time_out_of_range;
                        due_out_of_range = true;
                        return;
                    }
                }
            }
        }
        // Room for the commit's history record.
        if (op == operation::complete || op == operation::answer) make_room(s.data.history);
        if (!s.observers.empty() || s.log.enabled(log_level::trace)) fill_change(defs);
    }

    // The transition the observers and the log will be told of, built in place.
    void fill_change(const definition_data& defs) {
        transition& out = change.emplace();
        if (op != operation::start) out.from_step = defs.steps[s.data.current].id;
        if (op != operation::cancel && target != end_index) out.to_step = defs.steps[target].id;
        out.from = s.current_status();
        out.to = op == operation::cancel         ? status::cancelled
                 : kind == target_kind::end      ? status::completed
                 : kind == target_kind::activity ? status::at_activity
                                                 : status::at_decision;
        out.actor = defs.actors[who].id;
        out.answer = given;
        out.at = time_point(std::chrono::seconds(at));
    }

    // Applies the decided next state. Nothing here allocates or throws.
    void commit() noexcept {
        instance_data& d = s.data;
        if (op == operation::cancel) {
            d.cancel_reason = std::move(reason_text);
            d.cancelled_by = who;
            d.last_event = at;
            return;
        }
        if (op != operation::start) {
            const auto code = static_cast<std::uint8_t>(!given ? 0 : *given == answer::yes ? 1 : 2);
            d.history.push_back(history_entry{d.current, who, code, d.step_started, at, d.due});
        }
        d.current = target;
        d.last_event = at;
        d.step_started = target == end_index ? no_time : at;
        d.due = target == end_index ? no_time : due;
    }
};

}  // namespace

template <target_kind Kind>
template <class Event, class Machine, class Source, class Target>
bool admits<Kind>::operator()(const Event& event, Machine&, Source&, Target&) const {
    return event.work->admits(Kind);
}

template <class Event, class Machine, class Source, class Target>
void commit::operator()(const Event& event, Machine&, Source&, Target&) const noexcept {
    event.work->commit();
}

template <class Machine, class Event>
void lifecycle_definition::no_transition(const Event& event, Machine&, int state) {
    plan& work = *event.work;
    work.decided = true;
    switch (status_of_state(state)) {
        case status::not_started: work.refusal = outcome_code::not_started; break;
        case status::completed:
        case status::cancelled: work.refusal = outcome_code::already_finished; break;
        case status::at_activity:
        case status::at_decision:
            work.refusal = work.op == operation::start    ? outcome_code::already_started
                           : work.op == operation::answer ? outcome_code::step_is_activity
                                                          : outcome_code::step_is_decision;
            break;
    }
}

namespace {

// Processes the plan's event; true when the lifecycle took the transition.
bool process(plan& work) {
    msm::back::HandledEnum handled = msm::back::HANDLED_FALSE;
    switch (work.op) {
        case operation::start: handled = work.s.machine.process_event(start_event{&work}); break;
        case operation::complete:
            handled = work.s.machine.process_event(complete_event{&work});
            break;
        case operation::answer: handled = work.s.machine.process_event(answer_event{&work}); break;
        case operation::cancel: handled = work.s.machine.process_event(cancel_event{&work}); break;
    }
    return handled == msm::back::HANDLED_TRUE;
}

std::string_view operation_name(operation op) {
    switch (op) {
        case operation::start: return "start the case";
        case operation::complete: return "complete the step";
        case operation::answer: return "answer the decision";
        case operation::cancel: break;
    }
    return "cancel the case";
}

std::string describe(const step& row) {
    return fmt::format("step {} ({})", row.id, row.description);
}

std::string actor_list(const definition_data& defs, const compiled_step& row) {
    std::string out;
    for (std::size_t i = 0; i < row.actors.size(); ++i) {
        if (i > 0) out += i + 1 == row.actors.size() ? " or " : ", ";
        const actor& who = defs.actors[row.actors[i]];
        out += fmt::format("'{}' ({})", who.id, who.name);
    }
    return out;
}

// The explanation of a refusal, for people.
std::string explain(const plan& work) {
    const instance_state& s = work.s;
    const definition_data& defs = s.defs();
    const std::string_view what = operation_name(work.op);
    switch (work.refusal) {
        case outcome_code::accepted: return {};
        case outcome_code::not_started:
            return fmt::format("the case has not been started; cannot {}", what);
        case outcome_code::already_finished:
            return fmt::format(
                "the case {}; cannot {}",
                s.current_status() == status::completed ? "is completed" : "was cancelled",
                work.op == operation::start ? "start it again" : what);
        case outcome_code::already_started: return "the case has already been started";
        case outcome_code::step_is_decision: {
            const step& row = defs.steps[s.data.current];
            return fmt::format("{} is a decision; answer yes or no ({})", describe(row),
                               row.question);
        }
        case outcome_code::step_is_activity:
            return fmt::format("{} is an activity, not a decision; complete it",
                               describe(defs.steps[s.data.current]));
        case outcome_code::unknown_actor:
            return fmt::format("'{}' is not an actor of {}; cannot {}", work.actor, defs.id, what);
        case outcome_code::not_your_turn:
            return fmt::format("{} is performed by {}, not by '{}'",
                               describe(defs.steps[s.data.current]),
                               actor_list(defs, defs.table[s.data.current]), work.actor);
        case outcome_code::time_goes_back:
            return fmt::format(
                "{} is earlier than the last event of this case, {}; times must not go back",
                s.describe(work.at), s.describe(s.data.last_event));
        case outcome_code::missing_reason: return "say why the case is cancelled";
        case outcome_code::no_working_time:
            return fmt::format(
                "step {} has a standard time of {} working minutes, but the working calendar "
                "has no working day; give the calendar working hours",
                defs.steps[work.target].id, defs.table[work.target].minutes.value_or(0));
        case outcome_code::time_out_of_range:
            if (work.due_out_of_range) {
                return fmt::format(
                    "step {} would be due {} working minutes after {}, later than "
                    "9999-12-31T23:59:59Z, the last time sopengine keeps",
                    defs.steps[work.target].id, defs.table[work.target].minutes.value_or(0),
                    s.describe(work.at));
            }
            return fmt::format("{} is outside the supported range of times, {}",
                               s.describe(work.at), supported_range);
    }
    return "refused";
}

// Tells the log and the observers of an accepted transition; an observer's exception is caught
// and logged, and the other observers are still told.
void notify(const instance& source, instance_state& s, const plan& work) {
    if (!work.change) return;
    const transition& change = *work.change;
    if (s.log.enabled(log_level::trace)) {  // the time is formatted only when it is wanted
        s.log.log(log_level::trace, "{}: {} -> {} by {} at {}", s.defs().id,
                  change.from_step.empty() ? std::string_view("start") : change.from_step,
                  change.to_step.empty() ? to_string(change.to) : change.to_step, change.actor,
                  s.describe(work.at));
    }
    // By index: an observer may add another one while it is told.
    for (std::size_t i = 0; i < s.observers.size(); ++i) {
        observer* watcher = s.observers[i].get();  // the vector keeps it alive
        try {
            watcher->on_transition(source, change);
        } catch (const std::exception& failure) {
            s.log.log(log_level::error, "{}: an observer threw: {}", s.defs().id, failure.what());
        } catch (...) {
            s.log.log(log_level::error, "{}: an observer threw", s.defs().id);
        }
    }
}

}  // namespace
}  // namespace detail

namespace {

using detail::operation;

[[noreturn]] void moved_from(std::string_view what) {
    throw error(
        errc::moved_from,
        fmt::format("cannot {} a moved-from sop::instance; assign a case to it first", what));
}

const definition& empty_definition() {
    static const definition empty =
        detail::definition_access::make(std::make_shared<const detail::definition_data>());
    return empty;
}

outcome run(instance& self, detail::instance_state* s, operation op, std::string_view actor,
            time_point at, std::optional<answer> given, std::string_view reason) {
    if (s == nullptr) moved_from(detail::operation_name(op));
    detail::plan work(*s, op);
    work.actor = actor;
    work.at = detail::from_time(at);
    work.given = given;
    work.reason = reason;
    if (detail::process(work)) {
        detail::notify(self, *s, work);
        return {};
    }
    if (work.refusal == outcome_code::accepted) {
        throw std::logic_error("sopengine: the lifecycle refused an operation its guard admitted");
    }
    outcome refused{work.refusal, detail::explain(work)};
    s->log.log(log_level::debug, "{}: refused ({}): {}", s->defs().id, to_string(refused.code),
               refused.message);
    return refused;
}

}  // namespace

std::string_view to_string(outcome_code code) noexcept {
    switch (code) {
        case outcome_code::accepted: return "accepted";
        case outcome_code::unknown_actor: return "unknown_actor";
        case outcome_code::not_your_turn: return "not_your_turn";
        case outcome_code::not_started: return "not_started";
        case outcome_code::already_started: return "already_started";
        case outcome_code::already_finished: return "already_finished";
        case outcome_code::step_is_decision: return "step_is_decision";
        case outcome_code::step_is_activity: return "step_is_activity";
        case outcome_code::time_goes_back: return "time_goes_back";
        case outcome_code::missing_reason: return "missing_reason";
        case outcome_code::no_working_time: return "no_working_time";
        case outcome_code::time_out_of_range: return "time_out_of_range";
    }
    return "unknown";
}

std::string_view to_string(status value) noexcept {
    switch (value) {
        case status::not_started: return "not_started";
        case status::at_activity: return "at_activity";
        case status::at_decision: return "at_decision";
        case status::completed: return "completed";
        case status::cancelled: return "cancelled";
    }
    return "unknown";
}

std::string_view to_string(answer value) noexcept {
    return value == answer::yes ? "yes" : "no";
}

instance::instance(sop::definition sop, const instance_options& options)
    : state_(std::make_unique<detail::instance_state>(std::move(sop), options)) {}

instance::instance(sop::definition sop, std::shared_ptr<const working_calendar> calendar)
    : instance(std::move(sop), instance_options{std::move(calendar), nullptr}) {}

instance::~instance() = default;
instance::instance(const instance& other)
    : state_(other.state_ ? std::make_unique<detail::instance_state>(*other.state_) : nullptr) {}
instance& instance::operator=(const instance& other) {
    if (this != &other) {
        state_ = other.state_ ? std::make_unique<detail::instance_state>(*other.state_) : nullptr;
    }
    return *this;
}
instance::instance(instance&& other) noexcept = default;
instance& instance::operator=(instance&& other) noexcept = default;

instance::instance(std::unique_ptr<detail::instance_state> state) noexcept
    : state_(std::move(state)) {}

outcome instance::start(std::string_view actor, time_point at) {
    return run(*this, state_.get(), operation::start, actor, at, std::nullopt, {});
}

outcome instance::complete(std::string_view actor, time_point at) {
    return run(*this, state_.get(), operation::complete, actor, at, std::nullopt, {});
}

outcome instance::answer(std::string_view actor, sop::answer value, time_point at) {
    return run(*this, state_.get(), operation::answer, actor, at, value, {});
}

outcome instance::cancel(std::string_view actor, std::string_view reason, time_point at) {
    return run(*this, state_.get(), operation::cancel, actor, at, std::nullopt, reason);
}

const sop::definition& instance::definition() const noexcept {
    return state_ ? state_->sop : empty_definition();
}

const working_calendar& instance::calendar() const noexcept {
    return state_ ? state_->days() : detail::default_calendar();
}

sop::status instance::status() const noexcept {
    return state_ ? state_->current_status() : status::not_started;
}

const step* instance::current_step() const noexcept {
    const sop::status now = status();
    if (now != status::at_activity && now != status::at_decision) return nullptr;
    return &state_->defs().steps[state_->data.current];
}

std::vector<const actor*> instance::actors_now() const {
    std::vector<const actor*> out;
    if (current_step() == nullptr) return out;
    const auto& defs = state_->defs();
    for (detail::actor_index who : defs.table[state_->data.current].actors) {
        out.push_back(&defs.actors[who]);
    }
    return out;
}

std::optional<time_point> instance::step_started() const noexcept {
    if (current_step() == nullptr) return std::nullopt;
    return detail::to_time(state_->data.step_started);
}

std::optional<time_point> instance::due() const noexcept {
    if (current_step() == nullptr) return std::nullopt;
    return detail::to_time(state_->data.due);
}

bool instance::overdue(time_point now) const noexcept {
    const auto when = due();
    return when && *when < now;
}

std::optional<time_point> instance::last_event() const noexcept {
    return state_ ? detail::to_time(state_->data.last_event) : std::nullopt;
}

std::vector<step_record> instance::history() const {
    std::vector<step_record> out;
    if (!state_) return out;
    const auto& defs = state_->defs();
    out.reserve(state_->data.history.size());
    for (const detail::history_entry& entry : state_->data.history) {
        step_record& record = out.emplace_back();
        record.step = defs.steps[entry.step].id;
        record.actor = defs.actors[entry.actor].id;
        if (entry.answer != 0) record.answer = entry.answer == 1 ? answer::yes : answer::no;
        record.started = time_point(std::chrono::seconds(entry.started));
        record.finished = time_point(std::chrono::seconds(entry.finished));
        record.due = detail::to_time(entry.due);
    }
    return out;
}

std::size_t instance::history_size() const noexcept {
    return state_ ? state_->data.history.size() : 0;
}

const std::string& instance::cancel_reason() const noexcept {
    static const std::string none;
    return state_ ? state_->data.cancel_reason : none;
}

void instance::add_observer(std::shared_ptr<observer> watcher) {
    if (!state_) moved_from("add an observer to");
    if (!watcher) {
        throw error(errc::invalid_argument, "sop::instance::add_observer needs an observer");
    }
    state_->observers.push_back(std::move(watcher));
}

// ---- snapshots ---------------------------------------------------------------------------------

namespace detail {

std::pair<sop::status, const instance_data&> instance_access::state_of(const instance& work) {
    if (!work.state_) moved_from("take a snapshot of");
    return {work.state_->current_status(), work.state_->data};
}

namespace {

restore_result inconsistent(std::string message) {
    return restore_result{std::nullopt, restore_error::inconsistent, std::move(message)};
}

// Replays one recorded operation through the lifecycle, with the next state the snapshot
// gives instead of one computed now (the calendar may have changed since).
bool replay(instance_state& s, operation op, actor_index who, std::int64_t at,
            std::optional<answer> given, step_index target, std::int64_t due,
            std::string reason = {}) {
    plan work(s, op);
    work.decided = true;
    work.who = who;
    work.at = at;
    work.given = given;
    work.target = target;
    work.kind = op == operation::cancel ? target_kind::end : s.kind_of(target);
    work.due = due;
    work.reason_text = std::move(reason);
    if (op == operation::complete || op == operation::answer) make_room(s.data.history);
    return process(work);
}

// Whether a due time agrees with the step's standard time: present exactly when the step has
// one, at the start for no minutes, after it otherwise.
bool due_fits(const compiled_step& row, std::int64_t started, std::int64_t due) {
    if (!row.minutes) return due == no_time;
    if (due == no_time) return false;
    return *row.minutes == 0 ? due == started : due > started;
}

}  // namespace

restore_result instance_access::rebuild(const definition& sop, const instance_options& options,
                                        const snapshot_state& read) {
    auto state = std::make_unique<instance_state>(sop, options);
    instance_state& s = *state;
    const definition_data& defs = s.defs();
    const instance_data& data = read.data;
    const bool cancelled = read.status == status::cancelled;

    if (!cancelled && (read.has_canceller || !data.cancel_reason.empty())) {
        return inconsistent(
            fmt::format("only a cancelled case names who cancelled it and why, and this one is {}",
                        to_string(read.status)));
    }
    if (read.status == status::not_started) {
        if (!data.history.empty() || data.current != end_index || data.step_started != no_time ||
            data.due != no_time || data.last_event != no_time) {
            return inconsistent(
                "a case that has not started has no history, no current step and no times");
        }
        return restore_result{instance(std::move(state)), restore_error::none, {}};
    }
    if (defs.steps.empty()) return inconsistent("the definition has no steps");
    s.data.history.reserve(data.history.size());

    // The due time each entered step had: the record's for a performed one, the snapshot's
    // for the step the case is at.
    auto due_of_step = [&](std::size_t record) {
        return record < data.history.size() ? data.history[record].due : data.due;
    };
    const std::int64_t started =
        data.history.empty() ? data.step_started : data.history.front().started;
    if (started == no_time) return inconsistent("a started case needs the time it started");
    if (!replay(s, operation::start, 0, started, std::nullopt, 0, due_of_step(0))) {
        return inconsistent("the case cannot start");
    }
    for (std::size_t i = 0; i < data.history.size(); ++i) {
        const history_entry& entry = data.history[i];
        const step_index at = s.data.current;
        const std::size_t number = i + 1;
        if (s.current_status() == status::completed || entry.step != at) {
            return inconsistent(
                fmt::format("history record {} is not the step the rules lead to", number));
        }
        const compiled_step& row = defs.table[at];
        if (entry.actor >= defs.actors.size() ||
            std::find(row.actors.begin(), row.actors.end(), entry.actor) == row.actors.end()) {
            return inconsistent(
                fmt::format("history record {}: that actor does not perform step {}", number,
                            defs.steps[at].id));
        }
        const bool decision = row.kind == step_kind::decision;
        if (decision != (entry.answer != 0) || entry.answer > 2) {
            return inconsistent(fmt::format("history record {}: step {} is {} but the record {}",
                                            number, defs.steps[at].id, to_string(row.kind),
                                            entry.answer != 0 ? "has an answer" : "has none"));
        }
        if (entry.started != s.data.step_started || entry.finished < entry.started) {
            return inconsistent(fmt::format(
                "history record {}: its times do not follow on from the one before", number));
        }
        if (!due_fits(row, entry.started, entry.due)) {
            return inconsistent(fmt::format(
                "history record {}: its due time does not fit step {}'s standard time ({})", number,
                defs.steps[at].id,
                defs.steps[at].duration_text.empty() ? "none" : defs.steps[at].duration_text));
        }
        const std::optional<answer> given =
            decision ? std::optional(entry.answer == 1 ? answer::yes : answer::no) : std::nullopt;
        const step_index target = !decision ? row.next : entry.answer == 1 ? row.yes : row.no;
        const std::int64_t next_due = target == end_index ? no_time : due_of_step(i + 1);
        if (!replay(s, decision ? operation::answer : operation::complete, entry.actor,
                    entry.finished, given, target, next_due)) {
            return inconsistent(fmt::format("history record {} cannot follow", number));
        }
    }

    if (cancelled) {
        const status before = s.current_status();
        if (before != status::at_activity && before != status::at_decision) {
            return inconsistent("a completed case cannot also be cancelled");
        }
        if (!read.has_canceller || data.cancelled_by >= defs.actors.size() ||
            data.cancel_reason.find_first_not_of(" \t\r\n") == std::string::npos ||
            data.last_event == no_time || data.last_event < s.data.last_event) {
            return inconsistent(
                "a cancelled case needs a reason, an actor and a time no earlier than its last "
                "step");
        }
        if (!replay(s, operation::cancel, data.cancelled_by, data.last_event, std::nullopt,
                    s.data.current, no_time, data.cancel_reason)) {
            return inconsistent("the case cannot be cancelled where it is");
        }
    }
    if (s.current_status() != read.status) {
        return inconsistent(fmt::format("the history leads to {}, but the snapshot says {}",
                                        to_string(s.current_status()), to_string(read.status)));
    }
    if (s.data.current != data.current || s.data.step_started != data.step_started ||
        s.data.last_event != data.last_event) {
        return inconsistent("the current step or its times do not follow from the history");
    }
    if (s.data.current == end_index) {
        if (data.due != no_time) return inconsistent("a completed case has no due time");
    } else if (!due_fits(defs.table[s.data.current], s.data.step_started, s.data.due)) {
        return inconsistent(fmt::format("the due time does not fit step {}'s standard time ({})",
                                        defs.steps[s.data.current].id,
                                        defs.steps[s.data.current].duration_text.empty()
                                            ? "none"
                                            : defs.steps[s.data.current].duration_text));
    }
    return restore_result{instance(std::move(state)), restore_error::none, {}};
}

}  // namespace detail
}  // namespace sop
