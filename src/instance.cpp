// One running case. Every operation is one event of the Boost.MSM lifecycle: the transition
// table says which statuses accept it (no row: a refusal by status), the rows' guard works out
// the whole next state or the reason to refuse (plan::decide), the rows' action commits it with
// steps that cannot fail (plan::commit), and only then are the observers told.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <new>
#include <sopengine/error.hpp>
#include <sopengine/instance.hpp>

#include "detail/calendar_access.hpp"
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
// status allows. The current step is data (instance_state::current).
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

}  // namespace

/// The history of a case: its first records inside the instance, more in one heap block that
/// grows geometrically, first sized from the SOP's shape. The inline records are left
/// uninitialised until written, and the heap block is an array of records.
// NOLINTBEGIN(cppcoreguidelines-pro-type-member-init,modernize-avoid-c-arrays)
class history_buffer {
public:
    static constexpr std::uint32_t inline_records = 4;

    history_buffer() noexcept = default;
    history_buffer(const history_buffer& other) { assign(other); }
    history_buffer(history_buffer&& other) noexcept { take(other); }
    history_buffer& operator=(const history_buffer&) = delete;  // instance_state is not
    history_buffer& operator=(history_buffer&&) = delete;       // assignable either
    ~history_buffer() = default;

    std::span<const history_entry> entries() const noexcept { return {data(), size_}; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    const history_entry& back() const noexcept { return data()[size_ - 1]; }

    /// Room for one more record, so that append() cannot fail. The first heap block holds
    /// `first_block` records (at least twice the inline ones), later ones twice as many.
    void make_room(std::size_t first_block) {
        if (size_ < capacity_) return;
        reserve(heap_ ? 2 * std::size_t{capacity_}
                      : std::max<std::size_t>(first_block, std::size_t{2} * inline_records));
    }
    /// Appends after make_room().
    void append(const history_entry& entry) noexcept { data()[size_++] = entry; }
    /// Room for `count` records in all.
    void reserve(std::size_t count) {
        if (count <= capacity_) return;
        if (count > std::numeric_limits<std::uint32_t>::max()) throw std::bad_alloc();
        auto block = std::make_unique_for_overwrite<history_entry[]>(count);
        std::copy_n(data(), size_, block.get());
        heap_ = std::move(block);
        capacity_ = static_cast<std::uint32_t>(count);
    }

private:
    history_entry* data() noexcept { return heap_ ? heap_.get() : inline_.data(); }
    const history_entry* data() const noexcept { return heap_ ? heap_.get() : inline_.data(); }
    void clear() noexcept {
        heap_.reset();
        size_ = 0;
        capacity_ = inline_records;
    }
    void assign(const history_buffer& other) {
        if (other.size_ > inline_records) {
            heap_ = std::make_unique_for_overwrite<history_entry[]>(other.size_);
            capacity_ = other.size_;
        }
        std::copy_n(other.data(), other.size_, data());
        size_ = other.size_;
    }
    void take(history_buffer& other) noexcept {
        if (other.heap_) {
            heap_ = std::move(other.heap_);
            capacity_ = other.capacity_;
        } else {
            std::copy_n(other.inline_.data(), other.size_, inline_.data());
        }
        size_ = other.size_;
        other.clear();
    }

    std::unique_ptr<history_entry[]> heap_;  // null while the records fit inline
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = inline_records;
    std::array<history_entry, inline_records> inline_;
};
// NOLINTEND(cppcoreguidelines-pro-type-member-init,modernize-avoid-c-arrays)

/// Who cancelled a case, and why.
struct cancel_record {
    actor_index by = 0;
    std::string reason;
};

/// What only some cases have: a calendar, a log sink that wants messages, observers, a
/// cancellation. One heap block, made when the first of them is needed.
struct case_extras {
    std::shared_ptr<const working_calendar> calendar;  // null: the default calendar
    log_target log;
    std::vector<std::shared_ptr<observer>> observers;
    std::optional<transition> told;            // what the observers are handed, reused; not copied
    std::unique_ptr<cancel_record> cancelled;  // null unless cancelled
    std::vector<instance> sub_cases;           // one per entry into a step with a related SOP
    std::vector<std::string> people;           // the people operations named, each once
    // Per history record, who performed it: 0 for no one, else 1 + an index into people. Empty
    // until an operation names someone; from then on as long as the history.
    std::vector<std::uint32_t> performers;

    case_extras() = default;
    case_extras(const case_extras& other)
        : calendar(other.calendar),
          log(other.log),
          observers(other.observers),
          cancelled(other.cancelled ? std::make_unique<cancel_record>(*other.cancelled) : nullptr),
          sub_cases(other.sub_cases),
          people(other.people),
          performers(other.performers) {}
    case_extras& operator=(const case_extras&) = delete;
    case_extras(case_extras&&) = delete;
    case_extras& operator=(case_extras&&) = delete;
    ~case_extras() = default;
};

struct instance_state {
    sop::definition sop;  // empty in a moved-from instance
    std::unique_ptr<case_extras> extras;
    lifecycle machine;
    step_index current = end_index;     // the step waiting, or where the case was cancelled
    std::int64_t started = no_time;     // when the case started
    std::int64_t due = no_time;         // when the current step is due
    std::int64_t last_event = no_time;  // the last accepted operation
    history_buffer history;

    instance_state(sop::definition definition, const instance_options& options)
        : sop(std::move(definition)) {
        log_target log = log_target::resolve(options.log);
        if (options.calendar || log.active()) {
            extras = std::make_unique<case_extras>();
            extras->calendar = options.calendar;
            extras->log = std::move(log);
        }
        machine.start();
    }
    instance_state(const instance_state& other)
        : sop(other.sop),
          extras(other.extras ? std::make_unique<case_extras>(*other.extras) : nullptr),
          machine(other.machine),
          current(other.current),
          started(other.started),
          due(other.due),
          last_event(other.last_event),
          history(other.history) {}
    // Leaves `other` empty: no definition, not started.
    instance_state(instance_state&& other) noexcept
        : sop(std::move(other.sop)),
          extras(std::move(other.extras)),
          machine(std::as_const(other.machine)),  // MSM's forwarding constructor takes non-const
          current(std::exchange(other.current, end_index)),
          started(std::exchange(other.started, no_time)),
          due(std::exchange(other.due, no_time)),
          last_event(std::exchange(other.last_event, no_time)),
          history(std::move(other.history)) {
        other.machine = lifecycle();
        other.machine.start();
    }
    instance_state& operator=(const instance_state&) = delete;
    instance_state& operator=(instance_state&&) = delete;
    ~instance_state() = default;

    bool alive() const noexcept { return definition_access::valid(sop); }
    const definition_data& defs() const noexcept { return data_of(sop); }
    const working_calendar& days() const noexcept {
        return extras && extras->calendar ? *extras->calendar : default_calendar();
    }
    const log_target& log() const noexcept {
        static const log_target none;
        // The analyzer loses track of a case copied into its inline storage (a sub-case's
        // operation runs on such a copy) and takes its extras for uninitialised.
        // NOLINTNEXTLINE(clang-analyzer-core.uninitialized.UndefReturn)
        return extras ? extras->log : none;
    }
    status current_status() const noexcept { return status_of_state(machine.current_state()[0]); }
    // Whether the case is at a step that runs a related SOP, whose sub-case is then the last
    // one: the operation that entered the step started it.
    bool at_sub_case() const noexcept {
        return current != end_index && defs().table[current].related != no_related &&
               current_status() == status::at_activity;
    }
    // The running sub-case, which the case owns through its extras (so a const case can give
    // it to the operation that acts on it); null when not at one.
    instance* running_sub_case() const noexcept {
        return at_sub_case() ? &extras->sub_cases.back() : nullptr;
    }
    // The confirmations of the current joint step given so far: the records at the end of the
    // history that did not complete a step.
    std::span<const history_entry> confirmations() const noexcept {
        const auto entries = history.entries();
        std::size_t first = entries.size();
        while (first > 0 && !entries[first - 1].completes()) --first;
        return entries.subspan(first);
    }
    std::int64_t step_started() const noexcept {
        if (current == end_index) return no_time;
        const std::size_t done = history.size() - confirmations().size();
        return done == 0 ? started : history.entries()[done - 1].finished;
    }
    // Who performed history record `record`; empty for no one.
    std::string_view performer(std::size_t record) const noexcept {
        if (!extras || record >= extras->performers.size()) return {};
        const std::uint32_t slot = extras->performers[record];
        return slot == 0 ? std::string_view() : std::string_view(extras->people[slot - 1]);
    }
    // The first step of `row`'s separation-of-duties rule that `person` performed in this case
    // (its records before `records`), or end_index when none.
    step_index performed_by(const compiled_step& row, std::string_view person,
                            std::size_t records) const noexcept {
        const auto entries = history.entries().first(records);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const step_index done = entries[i].step();
            if (std::find(row.not_by.begin(), row.not_by.end(), done) != row.not_by.end() &&
                performer(i) == person) {
                return done;
            }
        }
        return end_index;
    }
    bool has_confirmed(actor_index who) const noexcept {
        const auto given = confirmations();
        return std::any_of(given.begin(), given.end(),
                           [who](const history_entry& entry) { return entry.actor() == who; });
    }
    target_kind kind_of(step_index target) const noexcept {
        if (target == end_index) return target_kind::end;
        return defs().table[target].kind == step_kind::activity ? target_kind::activity
                                                                : target_kind::decision;
    }
    // Room for the next history record, the first heap block sized for a walk through every
    // step with some corrections.
    void make_room() {
        history.make_room(std::clamp<std::size_t>(defs().steps.size() * 3 / 2, 8, 64));
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

// What a cancellation commits besides the plan, allocated while deciding.
struct cancellation {
    std::unique_ptr<cancel_record> record;
    std::unique_ptr<case_extras> extras;  // when the case has none yet
};

// An operation's next state, worked out before anything changes.
struct plan {
    instance_state& s;
    operation op;
    actor_index who = 0;      // valid unless unknown_actor
    bool known_actor = true;  // whether `who` names an actor of the definition
    std::string_view actor;   // as named, for messages
    std::string_view person;  // who acts in that role; empty for no one
    std::int64_t at = no_time;
    std::optional<answer> given;
    std::string_view reason;

    bool decided = false;
    outcome_code refusal = outcome_code::accepted;
    bool due_out_of_range = false;     // time_out_of_range because of the due time, not `at`
    step_index duty_step = end_index;  // separation_of_duties: the step the person performed
    step_index target = end_index;
    target_kind kind = target_kind::end;
    std::int64_t due = no_time;
    bool confirms_only = false;                // a confirmation that leaves the joint step waiting
    cancellation* cancelling = nullptr;        // set for a cancellation
    std::optional<instance> entering;          // the sub-case the target step starts
    std::string sub_message;                   // why that sub-case could not start
    instance* finished = nullptr;              // the completed sub-case that completes the step
    std::unique_ptr<case_extras> made_extras;  // for a sub-case or a person, when none yet
    std::uint32_t person_slot = 0;             // the record's performer (case_extras)
    std::optional<std::string> new_person;     // the person to add to case_extras::people

    plan(instance_state& state, operation what) : s(state), op(what) {}

    // Who acts, checked before anything else: an unknown actor, or (completing or answering)
    // one who is not on the current step; accepted otherwise.
    outcome_code actor_refusal() const {
        if (!known_actor) return outcome_code::unknown_actor;
        if (op != operation::complete && op != operation::answer) return outcome_code::accepted;
        if (finished != nullptr) return outcome_code::accepted;  // the sub-case's actors acted
        const compiled_step& row = s.defs().table[s.current];
        if (std::find(row.actors.begin(), row.actors.end(), who) == row.actors.end()) {
            return outcome_code::not_your_turn;
        }
        if (row.together && s.has_confirmed(who)) return outcome_code::already_confirmed;
        return outcome_code::accepted;
    }

    // The current step's separation-of-duties rule: who acts must be named, and must not have
    // performed any of the steps it names.
    outcome_code duty_refusal() {
        const compiled_step& row = s.defs().table[s.current];
        if (row.not_by.empty()) return outcome_code::accepted;
        if (person.empty()) return outcome_code::person_required;
        duty_step = s.performed_by(row, person, s.history.size());
        return duty_step == end_index ? outcome_code::accepted : outcome_code::separation_of_duties;
    }

    bool admits(target_kind wanted) {
        if (!decided) decide();
        return refusal == outcome_code::accepted && kind == wanted;
    }

    // Decides the operation: who acts, whether the time is valid, where it leads and when that
    // step is due. Everything that can fail, allocations included, happens here.
    void decide() {
        decided = true;
        const definition_data& defs = s.defs();
        if (const outcome_code who_acts = actor_refusal(); who_acts != outcome_code::accepted) {
            refusal = who_acts;
            return;
        }
        if ((op == operation::complete || op == operation::answer) && finished == nullptr) {
            if (const outcome_code duty = duty_refusal(); duty != outcome_code::accepted) {
                refusal = duty;
                return;
            }
        }
        const time_point when{std::chrono::seconds(at)};
        if (!in_supported_range(when)) {
            refusal = outcome_code::time_out_of_range;
            return;
        }
        if (s.last_event != no_time && at < s.last_event) {
            refusal = outcome_code::time_goes_back;
            return;
        }
        switch (op) {
            case operation::start: target = 0; break;
            case operation::complete: {
                const compiled_step& row = defs.table[s.current];
                if (row.together && s.confirmations().size() + 1 < row.actors.size()) {
                    // Others have still to confirm: the case stays at the step, as due as it was.
                    confirms_only = true;
                    target = s.current;
                    kind = target_kind::activity;
                    due = s.due;
                    prepare({});
                    return;
                }
                target = row.next;
                break;
            }
            case operation::answer: {
                const compiled_step& row = defs.table[s.current];
                target = *given == answer::yes ? row.yes : row.no;
                break;
            }
            case operation::cancel:
                if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
                    refusal = outcome_code::missing_reason;
                    return;
                }
                target = s.current;  // a cancelled case stays where it was
                kind = target_kind::end;
                prepare(std::string(reason));
                return;
        }
        kind = s.kind_of(target);
        if (target != end_index && !defs.table[target].external) {
            if (const auto& time = defs.table[target].time) {
                const errc why = calendar_access::add(s.days(), at, *time, due);
                if (why == errc::no_working_time) {
                    refusal = outcome_code::no_working_time;
                    return;
                }
                if (why != errc{}) {
                    refusal = outcome_code::time_out_of_range;
                    due_out_of_range = true;
                    return;
                }
            }
        }
        if (target != end_index && defs.table[target].related != no_related && !start_sub_case()) {
            return;
        }
        prepare({});
    }

    // Starts the case of the related SOP the target step runs, at the time it is entered, on
    // this case's calendar and log sink; false, with the refusal, when it cannot start.
    bool start_sub_case() {
        const definition& related = s.defs().related[s.defs().table[target].related];
        instance_options options;
        if (s.extras) {
            options.calendar = s.extras->calendar;
            options.log = s.extras->log.sink();
        }
        instance& child = entering.emplace(related, options);
        // Any actor may start a case; the related SOP's first step is what it waits for.
        outcome began = child.start(related.actors().front(), time_point(std::chrono::seconds(at)));
        if (began) return true;
        refusal = began.code;
        sub_message = std::move(began.message);
        entering.reset();
        return false;
    }

    // Allocates what the commit will need: the cancellation's record (and the block that holds
    // it, when the case has none), or room for the history record.
    void prepare(std::string why) {
        if (op == operation::cancel) {
            cancelling->record =
                std::make_unique<cancel_record>(cancel_record{who, std::move(why)});
            if (!s.extras) cancelling->extras = std::make_unique<case_extras>();
        } else if (op != operation::start) {
            s.make_room();
            prepare_performer();
        }
        if (entering) {
            if (!s.extras && !made_extras) made_extras = std::make_unique<case_extras>();
            auto& started = (made_extras ? made_extras : s.extras)->sub_cases;
            started.reserve(started.size() + 1);
        }
    }

    // Room for the record's performer, once a case names people (and the person's name, the
    // first time it is named).
    void prepare_performer() {
        const bool tracked = s.extras && !s.extras->performers.empty();
        if (person.empty() && !tracked) return;
        if (!s.extras && !made_extras) made_extras = std::make_unique<case_extras>();
        case_extras& extras = made_extras ? *made_extras : *s.extras;
        extras.performers.reserve(s.history.size() + 1);
        if (person.empty()) return;
        const auto known = std::find(extras.people.begin(), extras.people.end(), person);
        if (known != extras.people.end()) {
            person_slot = static_cast<std::uint32_t>(known - extras.people.begin()) + 1;
            return;
        }
        extras.people.reserve(extras.people.size() + 1);
        new_person.emplace(person);
        person_slot = static_cast<std::uint32_t>(extras.people.size()) + 1;
    }

    // Applies the decided next state. Nothing here allocates or throws.
    void commit() noexcept {
        if (op == operation::cancel) {
            if (cancelling->extras) s.extras = std::move(cancelling->extras);
            s.extras->cancelled = std::move(cancelling->record);
            s.last_event = at;
            return;
        }
        if (made_extras) s.extras = std::move(made_extras);
        if (finished != nullptr) s.extras->sub_cases.back() = std::move(*finished);
        if (entering) s.extras->sub_cases.push_back(std::move(*entering));  // room was made
        if (op == operation::start) {
            s.started = at;
        } else {
            const auto code = static_cast<std::uint8_t>(!given ? 0 : *given == answer::yes ? 1 : 2);
            s.history.append(history_entry{s.current, who, code, at, s.due, !confirms_only});
            if (s.extras && (person_slot != 0 || !s.extras->performers.empty())) {
                // Room was made for both: neither allocates.
                if (new_person) s.extras->people.push_back(std::move(*new_person));
                s.extras->performers.resize(s.history.size() - 1, 0);
                s.extras->performers.push_back(person_slot);
            }
        }
        s.current = target;
        s.last_event = at;
        s.due = target == end_index ? no_time : due;
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
            // Who acts comes before what the step is: an actor who is not on the step hears
            // that it is not their turn, whatever they tried.
            if (work.op == operation::start) {
                work.refusal = outcome_code::already_started;
            } else if (const outcome_code who_acts = work.actor_refusal();
                       who_acts != outcome_code::accepted) {
                work.refusal = who_acts;
            } else {
                work.refusal = work.op == operation::answer ? outcome_code::step_is_activity
                                                            : outcome_code::step_is_decision;
            }
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

// A step's standard time for messages: as written, and as read when that differs.
std::string time_of(const definition_data& defs, step_index at) {
    const step& row = defs.steps[at];
    const std::string read = row.duration ? format_standard_time(*row.duration) : "none";
    return row.duration_text == read ? read : fmt::format("\"{}\" ({})", row.duration_text, read);
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
    if (!work.sub_message.empty()) {
        return fmt::format("{} runs SOP {}, whose case cannot start: {}",
                           describe(defs.steps[work.target]), defs.steps[work.target].sop,
                           work.sub_message);
    }
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
            const step& row = defs.steps[s.current];
            return fmt::format("{} is a decision; answer yes or no ({})", describe(row),
                               row.question);
        }
        case outcome_code::step_is_activity:
            return fmt::format("{} is an activity, not a decision; complete it",
                               describe(defs.steps[s.current]));
        case outcome_code::unknown_actor:
            return fmt::format("'{}' is not an actor of {}; cannot {}", work.actor, defs.id, what);
        case outcome_code::not_your_turn:
            return fmt::format("{} is performed by {}, not by '{}'",
                               describe(defs.steps[s.current]),
                               actor_list(defs, defs.table[s.current]), work.actor);
        case outcome_code::time_goes_back:
            return fmt::format(
                "{} is earlier than the last event of this case, {}; times must not go back",
                s.describe(work.at), s.describe(s.last_event));
        case outcome_code::missing_reason: return "say why the case is cancelled";
        case outcome_code::no_working_time:
            return fmt::format(
                "step {} has a standard time of {}, but the working calendar has no working "
                "time after {}; give the calendar working hours",
                defs.steps[work.target].id, time_of(defs, work.target), s.describe(work.at));
        case outcome_code::already_confirmed: {
            std::vector<std::string_view> waiting;
            for (const actor_index other : defs.table[s.current].actors) {
                if (!s.has_confirmed(other)) waiting.push_back(defs.actors[other].id);
            }
            return fmt::format("'{}' has already confirmed {}, a joint step; it waits for {}",
                               work.actor, describe(defs.steps[s.current]),
                               fmt::join(waiting, ", "));
        }
        case outcome_code::person_required: {
            const step& row = defs.steps[s.current];
            return fmt::format(
                "{} may not be performed by whoever performed step {}; name the "
                "person who acts, so that this can be checked",
                describe(row), fmt::join(row.not_by_performer_of, " or "));
        }
        case outcome_code::separation_of_duties:
            return fmt::format(
                "{} may not be performed by whoever performed step {}, and {} "
                "performed step {} in this case; another person must act",
                describe(defs.steps[s.current]),
                fmt::join(defs.steps[s.current].not_by_performer_of, " or "), work.person,
                defs.steps[work.duty_step].id);
        case outcome_code::time_out_of_range:
            if (work.due_out_of_range) {
                return fmt::format(
                    "step {} would be due {} after {}, later than "
                    "9999-12-31T23:59:59Z, the last time sopengine keeps",
                    defs.steps[work.target].id, time_of(defs, work.target), s.describe(work.at));
            }
            return fmt::format("{} is outside the supported range of times, {}",
                               s.describe(work.at), supported_range);
    }
    return "refused";
}

// Tells the log and the observers of an accepted transition; an observer's exception is caught
// and logged, and the other observers are still told. `from` and `left` are the status and step
// before the transition.
void notify(const instance& source, instance_state& s, const plan& work, status from,
            step_index left) noexcept {
    case_extras& extras = *s.extras;
    const definition_data& defs = s.defs();
    const status to = s.current_status();
    const bool entered = work.op != operation::cancel && s.current != end_index;
    if (extras.log.enabled(log_level::trace)) {  // the time is formatted only when it is wanted
        try {
            extras.log.log(log_level::trace, "{}: {} -> {} by {} at {}", defs.id,
                           left == end_index ? std::string_view("start")
                                             : std::string_view(defs.steps[left].id),
                           entered ? std::string_view(defs.steps[s.current].id) : to_string(to),
                           defs.actors[work.who].id, s.describe(work.at));
        } catch (...) {  // NOLINT(bugprone-empty-catch): logging never fails the operation
        }
    }
    if (extras.observers.empty()) return;
    if (!extras.told) extras.told.emplace(instance_access::make_transition(s.sop));
    instance_access::set(*extras.told, left, entered ? s.current : end_index, from, to, work.who,
                         work.given, work.at);
    const transition& change = *extras.told;
    // By index: an observer may add another one while it is told.
    for (std::size_t i = 0; i < extras.observers.size(); ++i) {
        observer* watcher = extras.observers[i].get();  // the vector keeps it alive
        try {
            watcher->on_transition(source, change);
        } catch (const std::exception& failure) {
            extras.log.log(log_level::error, "{}: an observer threw: {}", defs.id, failure.what());
        } catch (...) {
            extras.log.log(log_level::error, "{}: an observer threw", defs.id);
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

outcome refuse(detail::instance_state& s, const detail::plan& work) {
    if (work.refusal == outcome_code::accepted) {
        throw std::logic_error("sopengine: the lifecycle refused an operation its guard admitted");
    }
    outcome refused{work.refusal, detail::explain(work)};
    s.log().log(log_level::debug, "{}: refused ({}): {}", s.defs().id, to_string(refused.code),
                refused.message);
    return refused;
}

// Runs one operation by an actor already resolved (`known` false: not an actor of the case).
outcome run(instance& self, detail::instance_state& s, operation op, detail::actor_index who,
            bool known, std::string_view actor, time_point at, std::optional<answer> given,
            std::string_view reason, std::string_view person) {
    std::optional<detail::cancellation> cancelling;
    detail::plan work(s, op);
    if (op == operation::cancel) work.cancelling = &cancelling.emplace();
    work.who = who;
    work.known_actor = known;
    work.actor = actor;
    work.person = person;
    work.at = detail::from_time(at);
    work.given = given;
    work.reason = reason;
    if (!s.extras) {  // nobody to tell
        if (detail::process(work)) return {};
        return refuse(s, work);
    }
    const status from = s.current_status();
    const detail::step_index left = op == operation::start ? detail::end_index : s.current;
    if (!detail::process(work)) return refuse(s, work);
    detail::notify(self, s, work, from, left);
    return {};
}

// Completes or answers in the sub-case the current step runs, by one of its actors (named by
// id or by the related definition's record): on a copy of it, so that a refusal, of the
// sub-case or of this case going on after it, changes nothing. When the sub-case completes, so
// does the step, in this case's name of the step's first actor.
bool declares(const detail::definition_data& defs, std::string_view actor) noexcept {
    return detail::find_by_id(defs.actors, defs.actor_order, actor).has_value();
}
bool declares(const detail::definition_data& defs, const actor& who) noexcept {
    return detail::index_within(defs.actors, who).has_value();
}
std::string_view name_of(std::string_view actor) noexcept {
    return actor;
}
std::string_view name_of(const actor& who) noexcept {
    return who.id;
}

template <typename Actor>
outcome run_in_sub_case(instance& self, detail::instance_state& s, instance& running, operation op,
                        const Actor& actor, time_point at, std::optional<answer> given,
                        std::string_view person) {
    const auto& defs = s.defs();
    const step& row = defs.steps[s.current];
    instance next(running);
    outcome done = op == operation::complete ? next.complete(actor, at, person)
                                             : next.answer(actor, *given, at, person);
    if (!done) {
        if (done.code == outcome_code::unknown_actor && declares(defs, actor)) {
            // One of this SOP's actors, while the work is in the sub-case.
            std::vector<std::string> waiting;
            for (const sop::actor* who : running.actors_now()) {
                waiting.push_back(fmt::format("'{}' ({})", who->id, who->name));
            }
            done.code = outcome_code::not_your_turn;
            done.message = fmt::format("{} runs SOP {}, whose case waits for {}, not for '{}'",
                                       detail::describe(row), row.sop, fmt::join(waiting, " or "),
                                       name_of(actor));
        } else {
            done.message =
                fmt::format("{} runs SOP {}: {}", detail::describe(row), row.sop, done.message);
        }
        return done;  // the sub-case logged its refusal, to this case's sink
    }
    if (next.status() != status::completed) {
        running = std::move(next);
        s.last_event = detail::from_time(at);
        return {};
    }
    const detail::actor_index who = defs.table[s.current].actors.front();
    detail::plan work(s, operation::complete);
    work.finished = &next;
    work.who = who;
    work.actor = defs.actors[who].id;
    work.person = person;
    work.at = detail::from_time(at);
    const status from = s.current_status();
    const detail::step_index left = s.current;
    if (!detail::process(work)) return refuse(s, work);
    if (s.extras) detail::notify(self, s, work, from, left);
    return {};
}

// Resolves an actor named by id.
outcome run(instance& self, detail::instance_state& s, operation op, std::string_view actor,
            time_point at, std::optional<answer> given, std::string_view reason,
            std::string_view person = {}) {
    if (!s.alive()) moved_from(detail::operation_name(op));
    if (op == operation::complete || op == operation::answer) {
        if (instance* running = s.running_sub_case()) {
            return run_in_sub_case(self, s, *running, op, actor, at, given, person);
        }
    }
    const auto& defs = s.defs();
    const auto found = detail::find_by_id(defs.actors, defs.actor_order, actor);
    return run(self, s, op, found.value_or(0), found.has_value(), actor, at, given, reason, person);
}

// Resolves an actor named by its record, which must belong to the case's definition (to the
// related SOP's while a sub-case runs).
outcome run(instance& self, detail::instance_state& s, operation op, const actor& who,
            time_point at, std::optional<answer> given, std::string_view reason,
            std::string_view person = {}) {
    if (!s.alive()) moved_from(detail::operation_name(op));
    if (op == operation::complete || op == operation::answer) {
        if (instance* running = s.running_sub_case()) {
            return run_in_sub_case(self, s, *running, op, who, at, given, person);
        }
    }
    const auto index = detail::index_within(s.defs().actors, who);
    return run(self, s, op, index.value_or(0), index.has_value(), who.id, at, given, reason,
               person);
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
        case outcome_code::already_confirmed: return "already_confirmed";
        case outcome_code::person_required: return "person_required";
        case outcome_code::separation_of_duties: return "separation_of_duties";
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

// The storage is the state: the constructors build it in place.
// NOLINTBEGIN(cppcoreguidelines-pro-type-member-init)
instance::instance(sop::definition sop, const instance_options& options) {
    static_assert(sizeof(detail::instance_state) <= detail::instance_state_size);
    static_assert(alignof(detail::instance_state) <= alignof(instance));
    if (detail::definition_access::valid(sop) && !sop.linked()) {
        const auto& defs = detail::data_of(sop);
        throw error(errc::not_linked,
                    fmt::format("{} runs related SOPs ({}) as sub-cases; load it through a "
                                "sop::catalog, which links them, to run a case of it",
                                defs.id, fmt::join(defs.related_ids, ", ")));
    }
    new (storage_.data()) detail::instance_state(std::move(sop), options);
}

instance::instance(sop::definition sop, std::shared_ptr<const working_calendar> calendar)
    : instance(std::move(sop), instance_options{std::move(calendar), nullptr}) {}

instance::~instance() {
    state().~instance_state();
}

instance::instance(const instance& other) {
    new (storage_.data()) detail::instance_state(other.state());
}

instance& instance::operator=(const instance& other) {
    if (this != &other) *this = instance(other);
    return *this;
}

instance::instance(instance&& other) noexcept {
    new (storage_.data()) detail::instance_state(std::move(other.state()));
}

// NOLINTEND(cppcoreguidelines-pro-type-member-init)

instance& instance::operator=(instance&& other) noexcept {
    if (this != &other) {
        state().~instance_state();
        new (storage_.data()) detail::instance_state(std::move(other.state()));
    }
    return *this;
}

detail::instance_state& instance::state() noexcept {
    return *std::launder(reinterpret_cast<detail::instance_state*>(storage_.data()));
}

const detail::instance_state& instance::state() const noexcept {
    return *std::launder(reinterpret_cast<const detail::instance_state*>(storage_.data()));
}

outcome instance::start(std::string_view actor, time_point at) {
    return run(*this, state(), operation::start, actor, at, std::nullopt, {});
}

outcome instance::start(const sop::actor& actor, time_point at) {
    return run(*this, state(), operation::start, actor, at, std::nullopt, {});
}

outcome instance::complete(std::string_view actor, time_point at, std::string_view person) {
    return run(*this, state(), operation::complete, actor, at, std::nullopt, {}, person);
}

outcome instance::complete(const sop::actor& actor, time_point at, std::string_view person) {
    return run(*this, state(), operation::complete, actor, at, std::nullopt, {}, person);
}

outcome instance::answer(std::string_view actor, sop::answer value, time_point at,
                         std::string_view person) {
    return run(*this, state(), operation::answer, actor, at, value, {}, person);
}

outcome instance::answer(const sop::actor& actor, sop::answer value, time_point at,
                         std::string_view person) {
    return run(*this, state(), operation::answer, actor, at, value, {}, person);
}

outcome instance::cancel(std::string_view actor, std::string_view reason, time_point at) {
    return run(*this, state(), operation::cancel, actor, at, std::nullopt, reason);
}

outcome instance::cancel(const sop::actor& actor, std::string_view reason, time_point at) {
    return run(*this, state(), operation::cancel, actor, at, std::nullopt, reason);
}

const sop::definition& instance::definition() const noexcept {
    return state().alive() ? state().sop : empty_definition();
}

const working_calendar& instance::calendar() const noexcept {
    return state().days();
}

sop::status instance::status() const noexcept {
    return state().current_status();
}

const step* instance::current_step() const noexcept {
    const sop::status now = status();
    if (now != status::at_activity && now != status::at_decision) return nullptr;
    return &state().defs().steps[state().current];
}

std::vector<const actor*> instance::actors_now() const {
    std::vector<const actor*> out;
    if (current_step() == nullptr) return out;
    const detail::instance_state& s = state();
    if (const instance* running = s.running_sub_case()) return running->actors_now();
    const auto& defs = s.defs();
    const detail::compiled_step& row = defs.table[s.current];
    for (detail::actor_index who : row.actors) {
        if (!row.together || !s.has_confirmed(who)) out.push_back(&defs.actors[who]);
    }
    return out;
}

std::vector<const actor*> instance::confirmed() const {
    std::vector<const actor*> out;
    if (current_step() == nullptr) return out;
    const detail::instance_state& s = state();
    if (const instance* running = s.running_sub_case()) return running->confirmed();
    for (const detail::history_entry& entry : s.confirmations()) {
        out.push_back(&s.defs().actors[entry.actor()]);
    }
    return out;
}

const instance* instance::sub_case() const noexcept {
    return state().running_sub_case();
}

std::span<const instance> instance::sub_cases() const noexcept {
    const auto& extras = state().extras;
    if (!extras) return {};
    return extras->sub_cases;
}

const ending* instance::ending() const noexcept {
    const detail::instance_state& s = state();
    if (status() != status::completed || s.history.empty()) return nullptr;
    const detail::history_entry& last = s.history.back();
    return &s.defs().endings[s.defs().table[last.step()].ending(last.answer())];
}

case_clock instance::clock(time_point now) const {
    if (!in_supported_range(now)) {
        throw error(
            errc::time_out_of_range,
            fmt::format("{} is outside the supported range of times, {}",
                        detail::raw_time(now.time_since_epoch().count()), detail::supported_range));
    }
    case_clock out;
    const detail::instance_state& s = state();
    if (s.started == detail::no_time) return out;
    const auto& defs = s.defs();
    const working_calendar& days = s.days();
    const std::span<const instance> subs = sub_cases();
    std::size_t next_sub = 0;
    const auto add = [&](detail::step_index step, std::int64_t from, std::int64_t to) {
        if (defs.table[step].related != detail::no_related) {  // as the sub-case counts it
            const case_clock inner = subs[next_sub++].clock(time_point(std::chrono::seconds(to)));
            out.unit_minutes += inner.unit_minutes;
            out.external_minutes += inner.external_minutes;
            return;
        }
        if (to <= from) return;
        const std::int64_t minutes = days.working_minutes_between(
            time_point(std::chrono::seconds(from)), time_point(std::chrono::seconds(to)));
        (defs.table[step].external ? out.external_minutes : out.unit_minutes) += minutes;
    };
    std::int64_t started = s.started;
    for (const detail::history_entry& entry : s.history.entries()) {
        if (!entry.completes()) continue;
        add(entry.step(), started, entry.finished);
        started = entry.finished;
    }
    if (s.current != detail::end_index) {
        const bool cancelled = status() == status::cancelled;
        add(s.current, started, cancelled ? s.last_event : now.time_since_epoch().count());
    }
    return out;
}

std::optional<time_point> instance::step_started() const noexcept {
    if (current_step() == nullptr) return std::nullopt;
    return detail::to_time(state().step_started());
}

std::optional<time_point> instance::due() const noexcept {
    if (current_step() == nullptr) return std::nullopt;
    return detail::to_time(state().due);
}

bool instance::overdue(time_point now) const noexcept {
    const auto when = due();
    return when && *when < now;
}

std::optional<time_point> instance::last_event() const noexcept {
    return detail::to_time(state().last_event);
}

std::vector<step_record> instance::history() const {
    std::vector<step_record> out;
    const detail::instance_state& s = state();
    if (s.history.empty()) return out;
    const auto& defs = s.defs();
    out.reserve(s.history.size());
    std::int64_t started = s.started;
    const std::span<const instance> subs = sub_cases();
    std::size_t next_sub = 0;
    for (const detail::history_entry& entry : s.history.entries()) {
        step_record& record = out.emplace_back();
        record.person = s.performer(out.size() - 1);
        if (defs.table[entry.step()].related != detail::no_related) {
            record.ending = subs[next_sub++].ending()->id;
        }
        record.step = defs.steps[entry.step()].id;
        record.actor = defs.actors[entry.actor()].id;
        if (entry.answer() != 0) record.answer = entry.answer() == 1 ? answer::yes : answer::no;
        record.started = time_point(std::chrono::seconds(started));
        record.finished = time_point(std::chrono::seconds(entry.finished));
        record.due = detail::to_time(entry.due);
        record.completes = entry.completes();
        if (entry.completes()) started = entry.finished;
    }
    return out;
}

std::size_t instance::history_size() const noexcept {
    return state().history.size();
}

const std::string& instance::cancel_reason() const noexcept {
    static const std::string none;
    const auto& extras = state().extras;
    return extras && extras->cancelled ? extras->cancelled->reason : none;
}

void instance::add_observer(std::shared_ptr<observer> watcher) {
    detail::instance_state& s = state();
    if (!s.alive()) moved_from("add an observer to");
    if (!watcher) {
        throw error(errc::invalid_argument, "sop::instance::add_observer needs an observer");
    }
    std::unique_ptr<detail::case_extras> made;
    if (!s.extras) made = std::make_unique<detail::case_extras>();
    detail::case_extras& extras = made ? *made : *s.extras;
    extras.observers.push_back(std::move(watcher));
    if (made) s.extras = std::move(made);
}

// ---- transitions -------------------------------------------------------------------------------

// A moved-from transition has no definition: it names nothing.
std::string_view transition::from_step() const noexcept {
    if (from_step_ == none || !detail::definition_access::valid(sop_)) return {};
    return detail::data_of(sop_).steps[from_step_].id;
}

std::string_view transition::to_step() const noexcept {
    if (to_step_ == none || !detail::definition_access::valid(sop_)) return {};
    return detail::data_of(sop_).steps[to_step_].id;
}

std::string_view transition::actor() const noexcept {
    if (!detail::definition_access::valid(sop_)) return {};
    return detail::data_of(sop_).actors[actor_].id;
}

std::optional<sop::answer> transition::answer() const noexcept {
    if (answer_ == 0) return std::nullopt;
    return answer_ == 1 ? answer::yes : answer::no;
}

bool operator==(const transition& a, const transition& b) noexcept {
    return a.from_step() == b.from_step() && a.to_step() == b.to_step() && a.from() == b.from() &&
           a.to() == b.to() && a.actor() == b.actor() && a.answer() == b.answer() &&
           a.at() == b.at();
}

// ---- snapshots ---------------------------------------------------------------------------------

namespace detail {

case_view instance_access::view_of(const instance& work) {
    const instance_state& s = work.state();
    if (!s.alive()) moved_from("take a snapshot of");
    case_view view;
    view.status = s.current_status();
    view.current = s.current;
    view.started = s.started;
    view.step_started = s.step_started();
    view.due = s.due;
    view.last_event = s.last_event;
    view.history = s.history.entries();
    if (s.extras) {
        view.sub_cases = s.extras->sub_cases;
        view.performers = s.extras->performers;
        view.people = s.extras->people;
    }
    if (s.extras && s.extras->cancelled) {
        view.cancelled_by = s.extras->cancelled->by;
        view.cancel_reason = s.extras->cancelled->reason;
    }
    return view;
}

transition instance_access::make_transition(const definition& sop) noexcept {
    return transition(sop);
}

void instance_access::set(transition& change, step_index from_step, step_index to_step, status from,
                          status to, actor_index who, std::optional<answer> given,
                          std::int64_t at) noexcept {
    change.from_step_ = from_step == end_index ? transition::none : from_step;
    change.to_step_ = to_step == end_index ? transition::none : to_step;
    change.from_ = from;
    change.to_ = to;
    change.actor_ = who;
    change.answer_ = static_cast<std::uint8_t>(!given ? 0 : *given == answer::yes ? 1 : 2);
    change.at_ = time_point(std::chrono::seconds(at));
}

namespace {

restore_result inconsistent(std::string message) {
    return restore_result{std::nullopt, restore_error::inconsistent, std::move(message)};
}

// Replays one recorded operation through the lifecycle, with the next state the snapshot
// gives instead of one computed now (the calendar may have changed since).
bool replay(instance_state& s, operation op, actor_index who, std::int64_t at,
            std::optional<answer> given, step_index target, std::int64_t due,
            std::optional<instance> entering, std::string reason = {}, bool confirms_only = false,
            std::string_view person = {}) {
    plan work(s, op);
    work.decided = true;
    work.person = person;
    work.entering = std::move(entering);
    work.confirms_only = confirms_only;
    work.who = who;
    work.at = at;
    work.given = given;
    work.target = target;
    work.kind = op == operation::cancel ? target_kind::end : s.kind_of(target);
    work.due = due;
    cancellation cancelling;
    if (op == operation::cancel) work.cancelling = &cancelling;
    work.prepare(std::move(reason));
    return process(work);
}

// Whether a due time agrees with the step's standard time: present exactly when the step has
// one, at the start for no minutes, after it otherwise.
bool due_fits(const compiled_step& row, std::int64_t started, std::int64_t due) {
    if (!row.time || row.external) return due == no_time;
    if (due == no_time) return false;
    return row.time->is_zero() ? due == started : due > started;
}

}  // namespace

restore_result instance_access::rebuild(const definition& sop, const instance_options& options,
                                        const snapshot_state& read) {
    instance result(sop, options);
    instance_state& s = result.state();
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
        return restore_result{std::move(result), restore_error::none, {}};
    }
    if (defs.steps.empty()) return inconsistent("the definition has no steps");
    s.history.reserve(data.history.size());

    // The due time each entered step had: the record's for a performed one, the snapshot's
    // for the step the case is at.
    auto due_of_step = [&](std::size_t record) {
        return record < data.history.size() ? data.history[record].due : data.due;
    };
    const std::int64_t started =
        data.history.empty() ? data.step_started : data.history.front().started;
    if (started == no_time) return inconsistent("a started case needs the time it started");

    // The sub-case a step entered at `at` starts, restored from the snapshot's next one; none
    // for a step without a related SOP. Sets `problem` when it does not restore or fit.
    std::size_t next_sub = 0;
    std::string problem;
    auto enter = [&](step_index target, std::int64_t at) -> std::optional<instance> {
        if (target == end_index || defs.table[target].related == no_related) return std::nullopt;
        const step& row = defs.steps[target];
        if (next_sub == read.sub_cases.size()) {
            problem = fmt::format(
                "the history enters step {}, which runs SOP {}, but the "
                "snapshot has no sub-case for it",
                row.id, row.sop);
            return std::nullopt;
        }
        const std::size_t number = ++next_sub;
        const definition& related = defs.related[defs.table[target].related];
        restore_result inner = restore(related, read.sub_cases[number - 1], options);
        if (!inner) {
            problem = fmt::format("sub-case {} (of step {}): {}", number, row.id, inner.message);
            return std::nullopt;
        }
        if (view_of(*inner.instance).started != at) {
            problem =
                fmt::format("sub-case {} did not start when step {} was entered", number, row.id);
            return std::nullopt;
        }
        return std::move(inner.instance);
    };
    std::optional<instance> first = enter(0, started);
    if (!problem.empty()) return inconsistent(problem);
    if (!replay(s, operation::start, 0, started, std::nullopt, 0, due_of_step(0),
                std::move(first))) {
        return inconsistent("the case cannot start");
    }
    for (std::size_t i = 0; i < data.history.size(); ++i) {
        const recorded_step& entry = data.history[i];
        const step_index at = s.current;
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
        if (!entry.completes && !row.together) {
            return inconsistent(
                fmt::format("history record {} confirms step {}, which is not a joint step", number,
                            defs.steps[at].id));
        }
        if (row.together) {
            if (s.has_confirmed(entry.actor)) {
                return inconsistent(fmt::format("history record {}: '{}' confirms step {} twice",
                                                number, defs.actors[entry.actor].id,
                                                defs.steps[at].id));
            }
            const bool last = s.confirmations().size() + 1 == row.actors.size();
            if (entry.completes != last) {
                return inconsistent(fmt::format(
                    "history record {}: joint step {} is completed by the last of its {} "
                    "confirmations, and only by it",
                    number, defs.steps[at].id, row.actors.size()));
            }
        }
        if (!row.not_by.empty()) {
            const step_index earlier = s.performed_by(row, entry.person, s.history.size());
            if (entry.person.empty() || earlier != end_index) {
                return inconsistent(fmt::format(
                    "history record {}: step {} may not be performed by whoever performed step "
                    "{}, and the record {}",
                    number, defs.steps[at].id,
                    fmt::join(defs.steps[at].not_by_performer_of, " or "),
                    entry.person.empty() ? std::string("names no one")
                                         : fmt::format("names {}, who performed step {}",
                                                       entry.person, defs.steps[earlier].id)));
            }
        }
        const bool decision = row.kind == step_kind::decision;
        if (decision != (entry.answer != 0) || entry.answer > 2) {
            return inconsistent(fmt::format("history record {}: step {} is {} but the record {}",
                                            number, defs.steps[at].id, to_string(row.kind),
                                            entry.answer != 0 ? "has an answer" : "has none"));
        }
        if (entry.started != s.step_started() || entry.finished < entry.started) {
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
        const step_index target = !entry.completes    ? at
                                  : !decision         ? row.next
                                  : entry.answer == 1 ? row.yes
                                                      : row.no;
        const std::int64_t next_due = target == end_index ? no_time : due_of_step(i + 1);
        if (!entry.completes && next_due != entry.due) {
            return inconsistent(fmt::format(
                "history record {}: the confirmations of step {} disagree on its due time", number,
                defs.steps[at].id));
        }
        if (row.related != no_related) {
            const instance& done = s.extras->sub_cases.back();
            if (entry.actor != row.actors.front() || done.status() != status::completed ||
                view_of(done).last_event != entry.finished) {
                return inconsistent(fmt::format(
                    "history record {}: step {} is done when its sub-case completes, in the name "
                    "of its first actor, '{}'",
                    number, defs.steps[at].id, defs.actors[row.actors.front()].id));
            }
        }
        std::optional<instance> entered =
            entry.completes ? enter(target, entry.finished) : std::nullopt;
        if (!problem.empty()) return inconsistent(problem);
        if (!replay(s, decision ? operation::answer : operation::complete, entry.actor,
                    entry.finished, given, target, next_due, std::move(entered), {},
                    !entry.completes, entry.person)) {
            return inconsistent(fmt::format("history record {} cannot follow", number));
        }
    }
    if (next_sub != read.sub_cases.size()) {
        return inconsistent(
            fmt::format("the snapshot has {} sub-cases, but the history enters "
                        "steps with a related SOP {} times",
                        read.sub_cases.size(), next_sub));
    }
    // While a sub-case runs, its events are the case's latest.
    if (const instance* running = s.running_sub_case()) {
        const std::int64_t inner = view_of(*running).last_event;
        const bool over =
            running->status() != status::at_activity && running->status() != status::at_decision;
        if (over || (cancelled ? inner > data.last_event : inner != data.last_event)) {
            return inconsistent(
                "the sub-case the current step runs must be under way, and its last event the "
                "case's (no later than its cancellation)");
        }
        if (!cancelled) s.last_event = inner;
    }

    if (cancelled) {
        const status before = s.current_status();
        if (before != status::at_activity && before != status::at_decision) {
            return inconsistent("a completed case cannot also be cancelled");
        }
        if (!read.has_canceller || data.cancelled_by >= defs.actors.size() ||
            data.cancel_reason.find_first_not_of(" \t\r\n") == std::string::npos ||
            data.last_event == no_time || data.last_event < s.last_event) {
            return inconsistent(
                "a cancelled case needs a reason, an actor and a time no earlier than its last "
                "step");
        }
        if (!replay(s, operation::cancel, data.cancelled_by, data.last_event, std::nullopt,
                    s.current, no_time, std::nullopt, data.cancel_reason)) {
            return inconsistent("the case cannot be cancelled where it is");
        }
    }
    if (s.current_status() != read.status) {
        return inconsistent(fmt::format("the history leads to {}, but the snapshot says {}",
                                        to_string(s.current_status()), to_string(read.status)));
    }
    if (s.current != data.current || s.step_started() != data.step_started ||
        s.last_event != data.last_event) {
        return inconsistent("the current step or its times do not follow from the history");
    }
    if (s.current == end_index) {
        if (data.due != no_time) return inconsistent("a completed case has no due time");
    } else if (!due_fits(defs.table[s.current], s.step_started(), s.due)) {
        return inconsistent(fmt::format(
            "the due time does not fit step {}'s standard time ({})", defs.steps[s.current].id,
            defs.steps[s.current].duration_text.empty() ? "none"
                                                        : defs.steps[s.current].duration_text));
    }
    return restore_result{std::move(result), restore_error::none, {}};
}

}  // namespace detail
}  // namespace sop
