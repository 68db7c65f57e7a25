#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <sopengine/instance.hpp>
#include <stdexcept>

#include "detail/definition_data.hpp"
#include "detail/instance_data.hpp"

namespace sop {
namespace detail {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

// What a transition leads to: the kind of the step entered, or the end.
enum class target_kind : std::uint8_t { activity, decision, end };

// The lifecycle events; each carries where the step table says the transition goes.
struct begin_event {
    target_kind target;
};
struct complete_event {
    target_kind target;
};
struct answer_event {
    target_kind target;
};
struct cancel_event {};

template <target_kind Kind>
struct leads_to {
    template <class Event, class Machine, class Source, class Target>
    bool operator()(const Event& event, Machine&, Source&, Target&) const {
        return event.target == Kind;
    }
};
using to_activity = leads_to<target_kind::activity>;
using to_decision = leads_to<target_kind::decision>;
using to_end = leads_to<target_kind::end>;

// The lifecycle of a case. The current step is data (instance_data::current); this machine
// decides which operations a status allows and which status each leads to.
struct lifecycle_definition : msm::front::state_machine_def<lifecycle_definition> {
    using no_exception_thrown = int;  // guards and actions never throw
    using no_message_queue = int;     // no event is processed from inside another

    struct not_started : msm::front::state<> {};
    struct at_activity : msm::front::state<> {};
    struct at_decision : msm::front::state<> {};
    struct completed : msm::front::state<> {};
    struct cancelled : msm::front::state<> {};
    using initial_state = not_started;

    // clang-format off
    struct transition_table : mpl::vector<
        //   Source       Event           Target       Action Guard
        Row< not_started, begin_event,    at_activity, none,  to_activity >,
        Row< not_started, begin_event,    at_decision, none,  to_decision >,
        Row< at_activity, complete_event, at_activity, none,  to_activity >,
        Row< at_activity, complete_event, at_decision, none,  to_decision >,
        Row< at_activity, complete_event, completed,   none,  to_end      >,
        Row< at_decision, answer_event,   at_activity, none,  to_activity >,
        Row< at_decision, answer_event,   at_decision, none,  to_decision >,
        Row< at_decision, answer_event,   completed,   none,  to_end      >,
        Row< at_activity, cancel_event,   cancelled,   none,  none        >,
        Row< at_decision, cancel_event,   cancelled,   none,  none        >
    > {};
    // clang-format on

    // An event the current status does not accept: instance checks first and reports why, so
    // reaching this means nothing happens, which process_event's result reports.
    template <class Machine, class Event>
    void no_transition(const Event&, Machine&, int) {}
};

using lifecycle = msm::back::state_machine<lifecycle_definition>;
using table = lifecycle::stt;

status status_of(const lifecycle& machine) {
    const int id = machine.current_state()[0];
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

const working_calendar& default_calendar() {
    static const working_calendar calendar;
    return calendar;
}

std::optional<time_point> to_time(std::int64_t seconds) {
    if (seconds == history_entry::no_time) return std::nullopt;
    return time_point(std::chrono::seconds(seconds));
}

std::int64_t from_time(time_point at) {
    return at.time_since_epoch().count();
}

}  // namespace

struct instance_state {
    sop::definition sop;
    std::shared_ptr<const working_calendar> calendar;  // null: the default calendar
    lifecycle machine;
    instance_data data;
    std::vector<std::shared_ptr<observer>> observers;

    instance_state(sop::definition definition, std::shared_ptr<const working_calendar> days)
        : sop(std::move(definition)), calendar(std::move(days)) {
        machine.start();
    }
    instance_state(const instance_state&) = default;  // copies the machine from a const source

    const definition_data& defs() const noexcept { return data_of(sop); }
    const working_calendar& days() const noexcept {
        return calendar ? *calendar : default_calendar();
    }
    target_kind kind_of(step_index target) const noexcept {
        if (target == end_index) return target_kind::end;
        return defs().table[target].kind == step_kind::activity ? target_kind::activity
                                                                : target_kind::decision;
    }

    // Makes `target` the current step from `at`, or ends the case.
    void enter(step_index target, std::int64_t at) {
        data.current = target;
        data.last_event = at;
        if (target == end_index) {
            data.step_started = history_entry::no_time;
            data.due = history_entry::no_time;
            return;
        }
        data.step_started = at;
        const auto& minutes = defs().table[target].minutes;
        data.due = minutes ? from_time(days().add_working_minutes(
                                 time_point(std::chrono::seconds(at)), *minutes))
                           : history_entry::no_time;
    }
};

}  // namespace detail

namespace {

using detail::actor_index;
using detail::end_index;
using detail::history_entry;
using detail::step_index;

outcome refuse(outcome_code code, std::string message) {
    return outcome{code, std::move(message)};
}

std::string describe(const step& row) {
    return fmt::format("step {} ({})", row.id, row.description);
}

std::string actor_list(const detail::definition_data& defs, const detail::compiled_step& row) {
    std::string out;
    for (std::size_t i = 0; i < row.actors.size(); ++i) {
        if (i > 0) out += i + 1 == row.actors.size() ? " or " : ", ";
        const actor& who = defs.actors[row.actors[i]];
        out += fmt::format("'{}' ({})", who.id, who.name);
    }
    return out;
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

namespace {

std::shared_ptr<const working_calendar> required(std::shared_ptr<const working_calendar> calendar) {
    if (!calendar) throw std::invalid_argument("sop::instance needs a working calendar");
    return calendar;
}

}  // namespace

instance::instance(sop::definition sop)
    : state_(std::make_unique<detail::instance_state>(std::move(sop), nullptr)) {}

instance::instance(sop::definition sop, std::shared_ptr<const working_calendar> calendar)
    : state_(std::make_unique<detail::instance_state>(std::move(sop),
                                                      required(std::move(calendar)))) {}

instance::~instance() = default;
instance::instance(const instance& other)
    : state_(std::make_unique<detail::instance_state>(*other.state_)) {}
instance& instance::operator=(const instance& other) {
    if (this != &other) state_ = std::make_unique<detail::instance_state>(*other.state_);
    return *this;
}
instance::instance(instance&& other) noexcept = default;
instance& instance::operator=(instance&& other) noexcept = default;

const sop::definition& instance::definition() const noexcept {
    return state_->sop;
}
const working_calendar& instance::calendar() const noexcept {
    return state_->days();
}
sop::status instance::status() const noexcept {
    return state_->data.status;
}

const step* instance::current_step() const noexcept {
    const step_index at = state_->data.current;
    const auto s = state_->data.status;
    if (at == end_index || (s != status::at_activity && s != status::at_decision)) return nullptr;
    return &state_->defs().steps[at];
}

std::vector<const actor*> instance::actors_now() const {
    std::vector<const actor*> out;
    if (current_step() == nullptr) return out;
    const auto& defs = state_->defs();
    for (actor_index who : defs.table[state_->data.current].actors) {
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
    return detail::to_time(state_->data.last_event);
}

std::vector<step_record> instance::history() const {
    const auto& defs = state_->defs();
    std::vector<step_record> out;
    out.reserve(state_->data.history.size());
    for (const history_entry& entry : state_->data.history) {
        step_record record;
        record.step = &defs.steps[entry.step];
        record.actor = &defs.actors[entry.actor];
        if (entry.answer != 0) record.answer = entry.answer == 1 ? answer::yes : answer::no;
        record.started = time_point(std::chrono::seconds(entry.started));
        record.finished = time_point(std::chrono::seconds(entry.finished));
        record.due = detail::to_time(entry.due);
        out.push_back(record);
    }
    return out;
}

std::size_t instance::history_size() const noexcept {
    return state_->data.history.size();
}

const std::string& instance::cancel_reason() const noexcept {
    return state_->data.cancel_reason;
}

void instance::add_observer(std::shared_ptr<observer> watcher) {
    if (!watcher) throw std::invalid_argument("sop::instance::add_observer needs an observer");
    state_->observers.push_back(std::move(watcher));
}

// The checks every operation shares, in the order people expect to hear about them: whether
// the case is in a state that allows it, then who is acting, then when.
namespace {

struct checked {
    outcome refusal;
    actor_index who = 0;
};

checked check(const detail::instance_state& s, std::string_view operation, std::string_view actor,
              time_point at, bool needs_turn) {
    const auto& defs = s.defs();
    checked result;
    const auto found = defs.actor_ids.find(actor);
    if (found == defs.actor_ids.end()) {
        result.refusal =
            refuse(outcome_code::unknown_actor,
                   fmt::format("'{}' is not an actor of {}; cannot {}", actor, defs.id, operation));
        return result;
    }
    result.who = found->second;
    if (needs_turn) {
        const auto& row = defs.table[s.data.current];
        if (std::find(row.actors.begin(), row.actors.end(), result.who) == row.actors.end()) {
            result.refusal = refuse(
                outcome_code::not_your_turn,
                fmt::format("{} is performed by {}, not by '{}'",
                            describe(defs.steps[s.data.current]), actor_list(defs, row), actor));
            return result;
        }
    }
    if (s.data.last_event != history_entry::no_time && detail::from_time(at) < s.data.last_event) {
        result.refusal =
            refuse(outcome_code::time_goes_back,
                   fmt::format(
                       "{} is earlier than the last event of this case, {}; times must not go back",
                       s.days().format(at),
                       s.days().format(time_point(std::chrono::seconds(s.data.last_event)))));
    }
    return result;
}

outcome refuse_by_status(const detail::instance_state& s, std::string_view operation) {
    switch (s.data.status) {
        case status::not_started:
            return refuse(outcome_code::not_started,
                          fmt::format("the case has not been started; cannot {}", operation));
        case status::completed:
            return refuse(outcome_code::already_finished,
                          fmt::format("the case is completed; cannot {}", operation));
        case status::cancelled:
            return refuse(outcome_code::already_finished,
                          fmt::format("the case was cancelled; cannot {}", operation));
        default: return {};
    }
}

void log_refusal(const detail::instance_state& s, const outcome& result) {
    if (result || !s.defs().logger) return;
    s.defs().logger->debug("{}: refused ({}): {}", s.defs().id, to_string(result.code),
                           result.message);
}

void notify(const instance& source, const detail::instance_state& s, const transition& change) {
    const auto& logger = s.defs().logger;
    if (logger) {
        logger->trace("{}: {} -> {} by {} at {}", s.defs().id,
                      change.from_step.empty() ? "start" : change.from_step,
                      change.to_step.empty() ? to_string(change.to) : change.to_step, change.actor,
                      change.at.time_since_epoch().count());
    }
    for (const auto& watcher : s.observers) {
        try {
            watcher->on_transition(source, change);
        } catch (const std::exception& failure) {
            if (logger) logger->error("{}: an observer threw: {}", s.defs().id, failure.what());
        } catch (...) {
            if (logger) logger->error("{}: an observer threw", s.defs().id);
        }
    }
}

std::string_view step_id(const detail::instance_state& s, step_index at) {
    return at == end_index ? std::string_view{} : std::string_view(s.defs().steps[at].id);
}

}  // namespace

outcome instance::start(std::string_view actor, time_point at) {
    detail::instance_state& s = *state_;
    if (s.data.status != status::not_started) {
        outcome refused =
            s.data.status == status::completed || s.data.status == status::cancelled
                ? refuse_by_status(s, "start it again")
                : refuse(outcome_code::already_started, "the case has already been started");
        log_refusal(s, refused);
        return refused;
    }
    const checked verdict = check(s, "start the case", actor, at, false);
    if (!verdict.refusal) {
        log_refusal(s, verdict.refusal);
        return verdict.refusal;
    }
    if (s.machine.process_event(detail::begin_event{s.kind_of(0)}) !=
        boost::msm::back::HANDLED_TRUE) {
        throw std::logic_error("sopengine: the lifecycle refused a start that the checks allowed");
    }
    s.data.status = detail::status_of(s.machine);
    s.enter(0, detail::from_time(at));
    notify(*this, s,
           {{},
            step_id(s, 0),
            status::not_started,
            s.data.status,
            s.defs().actors[verdict.who].id,
            std::nullopt,
            at});
    return {};
}

namespace {

// Completes or answers the current step: the shared path of complete() and answer().
template <typename Event>
outcome advance(instance& self, detail::instance_state& s, std::string_view actor, time_point at,
                std::optional<answer> given) {
    const bool is_answer = given.has_value();
    const std::string_view operation = is_answer ? "answer the decision" : "complete the step";
    if (outcome refused = refuse_by_status(s, operation); !refused) {
        log_refusal(s, refused);
        return refused;
    }
    const step& row = s.defs().steps[s.data.current];
    if (!is_answer && s.data.status == status::at_decision) {
        outcome refused = refuse(
            outcome_code::step_is_decision,
            fmt::format("{} is a decision; answer yes or no ({})", describe(row), row.question));
        log_refusal(s, refused);
        return refused;
    }
    if (is_answer && s.data.status == status::at_activity) {
        outcome refused =
            refuse(outcome_code::step_is_activity,
                   fmt::format("{} is an activity, not a decision; complete it", describe(row)));
        log_refusal(s, refused);
        return refused;
    }
    const checked verdict = check(s, operation, actor, at, true);
    if (!verdict.refusal) {
        log_refusal(s, verdict.refusal);
        return verdict.refusal;
    }
    const detail::compiled_step& compiled = s.defs().table[s.data.current];
    const step_index target = !is_answer              ? compiled.next
                              : *given == answer::yes ? compiled.yes
                                                      : compiled.no;
    const status before = s.data.status;
    if (s.machine.process_event(Event{s.kind_of(target)}) != boost::msm::back::HANDLED_TRUE) {
        throw std::logic_error("sopengine: the lifecycle refused an operation the checks allowed");
    }
    const std::int64_t now = detail::from_time(at);
    const step_index from = s.data.current;
    s.data.history.push_back(history_entry{from, verdict.who,
                                           static_cast<std::uint8_t>(!is_answer              ? 0
                                                                     : *given == answer::yes ? 1
                                                                                             : 2),
                                           s.data.step_started, now, s.data.due});
    s.data.status = detail::status_of(s.machine);
    s.enter(target, now);
    notify(self, s,
           {step_id(s, from), step_id(s, target), before, s.data.status,
            s.defs().actors[verdict.who].id, given, at});
    return {};
}

}  // namespace

outcome instance::complete(std::string_view actor, time_point at) {
    return advance<detail::complete_event>(*this, *state_, actor, at, std::nullopt);
}

outcome instance::answer(std::string_view actor, sop::answer value, time_point at) {
    return advance<detail::answer_event>(*this, *state_, actor, at, value);
}

outcome instance::cancel(std::string_view actor, std::string_view reason, time_point at) {
    detail::instance_state& s = *state_;
    if (outcome refused = refuse_by_status(s, "cancel it"); !refused) {
        log_refusal(s, refused);
        return refused;
    }
    const checked verdict = check(s, "cancel the case", actor, at, false);
    if (!verdict.refusal) {
        log_refusal(s, verdict.refusal);
        return verdict.refusal;
    }
    if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        outcome refused = refuse(outcome_code::missing_reason, "say why the case is cancelled");
        log_refusal(s, refused);
        return refused;
    }
    const sop::status before = s.data.status;
    if (s.machine.process_event(detail::cancel_event{}) != boost::msm::back::HANDLED_TRUE) {
        throw std::logic_error("sopengine: the lifecycle refused a cancel that the checks allowed");
    }
    s.data.status = detail::status_of(s.machine);
    s.data.cancel_reason = std::string(reason);
    s.data.cancelled_by = verdict.who;
    s.data.last_event = detail::from_time(at);
    notify(*this, s,
           {step_id(s, s.data.current),
            {},
            before,
            s.data.status,
            s.defs().actors[verdict.who].id,
            std::nullopt,
            at});
    return {};
}

// ---- snapshots ---------------------------------------------------------------------------------

namespace detail {

instance_data instance_access::state_of(const instance& work) {
    return work.state_->data;
}

namespace {

restore_result inconsistent(std::string message) {
    return restore_result{std::nullopt, restore_error::inconsistent, std::move(message)};
}

}  // namespace

restore_result instance_access::rebuild(const definition& sop,
                                        std::shared_ptr<const working_calendar> calendar,
                                        instance_data data) {
    auto state = std::make_unique<instance_state>(sop, std::move(calendar));
    const definition_data& defs = state->defs();
    instance_data& replayed = state->data;

    if (data.status == status::not_started) {
        if (!data.history.empty() || data.last_event != history_entry::no_time) {
            return inconsistent("a case that has not started has no history and no events");
        }
        return restore_result{instance(std::move(state)), restore_error::none, {}};
    }
    if (data.history.empty() && data.step_started == history_entry::no_time) {
        return inconsistent("a started case needs the time its first step started");
    }
    const std::int64_t started =
        data.history.empty() ? data.step_started : data.history.front().started;
    state->machine.process_event(begin_event{state->kind_of(0)});
    replayed.status = status_of(state->machine);
    state->enter(0, started);

    for (std::size_t i = 0; i < data.history.size(); ++i) {
        const history_entry& entry = data.history[i];
        const step_index at = replayed.current;
        if (at == end_index || entry.step != at) {
            return inconsistent(
                fmt::format("history record {} is not the step the rules lead to", i + 1));
        }
        const compiled_step& row = defs.table[at];
        if (entry.actor >= defs.actors.size() ||
            std::find(row.actors.begin(), row.actors.end(), entry.actor) == row.actors.end()) {
            return inconsistent(
                fmt::format("history record {}: that actor does not perform step {}", i + 1,
                            defs.steps[at].id));
        }
        const bool decision = row.kind == step_kind::decision;
        if (decision != (entry.answer != 0) || entry.answer > 2) {
            return inconsistent(fmt::format("history record {}: step {} is {} but the record {}",
                                            i + 1, defs.steps[at].id, to_string(row.kind),
                                            entry.answer != 0 ? "has an answer" : "has none"));
        }
        if (entry.started != replayed.step_started || entry.finished < entry.started) {
            return inconsistent(fmt::format(
                "history record {}: its times do not follow on from the one before", i + 1));
        }
        const step_index target = !decision ? row.next : entry.answer == 1 ? row.yes : row.no;
        const auto handled =
            decision ? state->machine.process_event(answer_event{state->kind_of(target)})
                     : state->machine.process_event(complete_event{state->kind_of(target)});
        if (handled != boost::msm::back::HANDLED_TRUE) {
            return inconsistent(fmt::format("history record {} continues a finished case", i + 1));
        }
        replayed.history.push_back(entry);
        replayed.status = status_of(state->machine);
        state->enter(target, entry.finished);
    }

    if (data.status == status::cancelled) {
        if (replayed.status != status::at_activity && replayed.status != status::at_decision) {
            return inconsistent("a completed case cannot also be cancelled");
        }
        if (data.cancel_reason.empty() || data.cancelled_by >= defs.actors.size() ||
            data.last_event < replayed.last_event) {
            return inconsistent(
                "a cancelled case needs a reason, an actor and a time after its "
                "last step");
        }
        state->machine.process_event(cancel_event{});
        replayed.status = status_of(state->machine);
        replayed.cancel_reason = std::move(data.cancel_reason);
        replayed.cancelled_by = data.cancelled_by;
        replayed.last_event = data.last_event;
    }
    if (replayed.status != data.status) {
        return inconsistent(fmt::format("the history leads to {}, but the snapshot says {}",
                                        to_string(replayed.status), to_string(data.status)));
    }
    if (replayed.current != data.current || replayed.step_started != data.step_started ||
        replayed.last_event != data.last_event) {
        return inconsistent("the current step or its times do not follow from the history");
    }
    // The due time was computed on the calendar in force when the step began; keep it.
    if (replayed.current == end_index && data.due != history_entry::no_time) {
        return inconsistent("a completed case has no due time");
    }
    replayed.due = data.due;
    return restore_result{instance(std::move(state)), restore_error::none, {}};
}

}  // namespace detail

instance::instance(std::unique_ptr<detail::instance_state> state) noexcept
    : state_(std::move(state)) {}

}  // namespace sop
