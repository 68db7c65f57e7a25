// Cases in memory: sop::instance with its outcomes, history, observers and snapshots.

#include <fmt/format.h>

#include <memory>
#include <utility>

#include "convert.hpp"

namespace sop_py {

// An outcome as a Python object: every accepted operation returns the same Outcome object (an
// Outcome is immutable), so the common case makes none; a refusal makes a new one.
struct outcome_object {
    py::object object;
};

}  // namespace sop_py

namespace pybind11::detail {

template <>
struct type_caster<sop_py::outcome_object> {
    PYBIND11_TYPE_CASTER(sop_py::outcome_object, const_name("Outcome"));
    bool load(handle /*source*/, bool /*convert*/) { return false; }
    static handle cast(const sop_py::outcome_object& source, return_value_policy /*policy*/,
                       handle /*parent*/) {
        return source.object.inc_ref();
    }
};

}  // namespace pybind11::detail

namespace sop_py {

namespace {

outcome_object as_python(sop::outcome done) {
    // Made on the first operation (after the class is bound), kept for the life of the process.
    static const py::handle accepted = py::cast(sop::outcome{}).release();
    if (done) return {py::reinterpret_borrow<py::object>(accepted)};
    return {py::cast(std::move(done))};
}

using calendar_ptr = std::shared_ptr<sop::working_calendar>;

// The calendar a case runs on: a copy, so that changing the Python object later does not move
// the due times of a case already running. None is the default calendar.
std::shared_ptr<const sop::working_calendar> case_calendar(const calendar_ptr& calendar) {
    if (!calendar) return nullptr;
    return std::make_shared<const sop::working_calendar>(*calendar);
}

std::chrono::minutes offset_of(const sop::instance& work) {
    return work.calendar().utc_offset();
}

// A Python callable told of every transition of the cases it is attached to.
class python_observer final : public sop::observer {
public:
    explicit python_observer(py::function callback) : callback_(std::move(callback)) {}
    python_observer(const python_observer&) = delete;
    python_observer& operator=(const python_observer&) = delete;
    python_observer(python_observer&&) = delete;
    python_observer& operator=(python_observer&&) = delete;
    ~python_observer() override {
        const py::gil_scoped_acquire hold;
        callback_ = py::function();
    }

    void on_transition(const sop::instance& /*source*/, const sop::transition& change) override {
        const py::gil_scoped_acquire hold;
        try {
            callback_(change);
        } catch (py::error_already_set& failure) {
            // As Python does for a callback that has nowhere to raise to: printed, not lost.
            failure.discard_as_unraisable("sopengine observer");
        }
    }

private:
    py::function callback_;
};

void bind_outcome(py::module_& module) {
    py::class_<sop::outcome>(module, "Outcome",
                             "The result of an operation on a case: true when accepted; "
                             "otherwise ``code`` says why it was refused (and the case is "
                             "unchanged) and ``message`` explains it.")
        .def_readonly("code", &sop::outcome::code, "OutcomeCode.ACCEPTED, or why not.")
        .def_readonly("message", &sop::outcome::message, "For people; '' when accepted.")
        .def_property_readonly(
            "accepted", [](const sop::outcome& done) { return static_cast<bool>(done); },
            "True when the operation took effect.")
        .def("__bool__", [](const sop::outcome& done) { return static_cast<bool>(done); })
        .def("__repr__", [](const sop::outcome& done) {
            if (done) return std::string("<Outcome accepted>");
            return fmt::format("<Outcome {}: {}>", sop::to_string(done.code), done.message);
        });

    py::class_<sop::transition>(module, "Transition",
                                "One transition of a case, as an observer is told of it. Its "
                                "time is in UTC.")
        .def_property_readonly(
            "from_step",
            [](const sop::transition& change) { return std::string(change.from_step()); },
            "The step left; '' when the case starts.")
        .def_property_readonly(
            "to_step", [](const sop::transition& change) { return std::string(change.to_step()); },
            "The step entered; '' on completion or cancellation.")
        .def_property_readonly("from_status", &sop::transition::from, "Status before.")
        .def_property_readonly("to_status", &sop::transition::to, "Status after.")
        .def_property_readonly(
            "actor", [](const sop::transition& change) { return std::string(change.actor()); },
            "The acting actor's id.")
        .def_property_readonly("answer", &sop::transition::answer, "The Answer, or None.")
        .def_property_readonly("at", &sop::transition::at, "When it happened (UTC).")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::transition& change) {
            return fmt::format(
                "<Transition {} -> {} by {}>",
                change.from_step().empty() ? "start" : change.from_step(),
                change.to_step().empty() ? sop::to_string(change.to()) : change.to_step(),
                change.actor());
        });
}

// A step record with the zone of the case's calendar, in which its times are given.
struct zoned_record {
    sop::step_record record;
    std::chrono::minutes offset{};
};

void bind_history(py::module_& module) {
    py::class_<zoned_record>(module, "StepRecord",
                             "One performed step of a case's history, its times in the zone of "
                             "the case's calendar.")
        .def_property_readonly(
            "step", [](const zoned_record& done) { return done.record.step; }, "The step's id.")
        .def_property_readonly(
            "actor", [](const zoned_record& done) { return done.record.actor; },
            "The id of the actor who performed it.")
        .def_property_readonly(
            "answer", [](const zoned_record& done) { return done.record.answer; },
            "The Answer, for a decision; None otherwise.")
        .def_property_readonly(
            "person", [](const zoned_record& done) { return done.record.person; },
            "Who performed it, as the operation named them; empty when it named no one.")
        .def_property_readonly(
            "started",
            [](const zoned_record& done) { return to_datetime(done.record.started, done.offset); },
            "When the step began.")
        .def_property_readonly(
            "finished",
            [](const zoned_record& done) { return to_datetime(done.record.finished, done.offset); },
            "When it was completed, answered or confirmed.")
        .def_property_readonly(
            "due",
            [](const zoned_record& done) { return to_datetime(done.record.due, done.offset); },
            "When it was due; None for a step without a fixed time.")
        .def_property_readonly(
            "on_time", [](const zoned_record& done) { return done.record.on_time(); },
            "True when it finished no later than due (always without a due time).")
        .def_property_readonly(
            "completes", [](const zoned_record& done) { return done.record.completes; },
            "False for a confirmation of a joint step that others had still to give.")
        .def_property_readonly(
            "ending", [](const zoned_record& done) { return done.record.ending; },
            "For a step that ran a related SOP: the id of the ending its sub-case reached; '' "
            "for other steps.")
        .def("__eq__",
             [](const zoned_record& a, const zoned_record& b) { return a.record == b.record; })
        .def("__repr__", [](const zoned_record& done) {
            return fmt::format("<StepRecord {} by {}{}>", done.record.step, done.record.actor,
                               done.record.answer
                                   ? fmt::format(" ({})", sop::to_string(*done.record.answer))
                                   : std::string());
        });
}

std::vector<zoned_record> history(const sop::instance& work) {
    const std::chrono::minutes offset = offset_of(work);
    std::vector<zoned_record> records;
    for (sop::step_record& done : work.history()) records.push_back({std::move(done), offset});
    return records;
}

sop::instance restored(const sop::definition& sop, std::string_view text,
                       const calendar_ptr& calendar) {
    sop::restore_result result = sop::restore(sop, text, case_calendar(calendar));
    if (!result) throw sop::error(sop::make_error_code(result.error), result.message);
    return std::move(*result.instance);
}

void bind_clock(py::module_& module) {
    py::class_<sop::case_clock>(module, "CaseClock",
                                "Where a case's working time went: with the unit, or waiting on "
                                "external actors, in working minutes.")
        .def_readonly("unit_minutes", &sop::case_clock::unit_minutes,
                      "On steps of the unit's own actors.")
        .def_readonly("external_minutes", &sop::case_clock::external_minutes,
                      "On steps whose actors are all external.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::case_clock& clock) {
            return fmt::format("<CaseClock unit {} external {} working minutes>",
                               clock.unit_minutes, clock.external_minutes);
        });
}

void bind_instance_class(py::module_& module) {
    py::class_<sop::instance>(
        module, "Instance",
        "One running case of a Definition. Every operation names the acting actor (an actor id) "
        "and the time (an aware datetime), and is all-or-nothing: it returns an Outcome, and a "
        "refused one changed nothing. Times it returns are in its calendar's zone. Use one "
        "instance from one thread at a time.")
        .def(py::init([](sop::definition sop, const calendar_ptr& calendar) {
                 return sop::instance(std::move(sop), case_calendar(calendar));
             }),
             py::arg("definition"), py::arg("calendar") = nullptr,
             "A case of ``definition``, not started, on ``calendar`` (a copy of it; the default "
             "calendar when None).")
        .def(
            "start",
            [](sop::instance& work, std::string_view actor, sop::time_point at) {
                return as_python(work.start(actor, at));
            },
            py::arg("actor"), py::arg("at"), "Starts the case at its first step; any actor may.")
        .def(
            "complete",
            [](sop::instance& work, std::string_view actor, sop::time_point at,
               std::string_view person) { return as_python(work.complete(actor, at, person)); },
            py::arg("actor"), py::arg("at"), py::kw_only(), py::arg("person") = "",
            "Completes the current activity as ``actor``; ``person`` names who acts in that role "
            "(recorded, and checked by a step's separation of duties).")
        .def(
            "answer",
            [](sop::instance& work, std::string_view actor, sop::answer value, sop::time_point at,
               std::string_view person) {
                return as_python(work.answer(actor, value, at, person));
            },
            py::arg("actor"), py::arg("answer"), py::arg("at"), py::kw_only(),
            py::arg("person") = "",
            "Answers the current decision (Answer.YES / Answer.NO, or True / False); ``person`` "
            "as for complete.")
        .def(
            "cancel",
            [](sop::instance& work, std::string_view actor, std::string_view reason,
               sop::time_point at) { return as_python(work.cancel(actor, reason, at)); },
            py::arg("actor"), py::arg("reason"), py::arg("at"),
            "Cancels a started case; any actor may, with a reason.")
        .def_property_readonly("definition", &sop::instance::definition, "The Definition it runs.")
        .def_property_readonly(
            "calendar",
            [](const sop::instance& work) {
                return std::make_shared<sop::working_calendar>(work.calendar());
            },
            "A copy of the calendar of its due times.")
        .def_property_readonly("status", &sop::instance::status, "Where the case is: a Status.")
        .def_property_readonly(
            "current_step",
            [](const sop::instance& work) -> std::optional<sop::step> {
                const sop::step* step = work.current_step();
                if (step == nullptr) return std::nullopt;
                return *step;
            },
            "The Step waiting to be performed, or None.")
        .def_property_readonly(
            "actors_now",
            [](const sop::instance& work) {
                std::vector<sop::actor> actors;
                for (const sop::actor* actor : work.actors_now()) actors.push_back(*actor);
                return actors;
            },
            "The Actors who may act now (at a joint step, those who have not confirmed); empty "
            "when not at a step.")
        .def_property_readonly(
            "sub_case",
            [](const sop::instance& work) -> std::optional<sop::instance> {
                const sop::instance* running = work.sub_case();
                if (running == nullptr) return std::nullopt;
                return *running;
            },
            "A copy of the sub-case the current step runs (a case of the related SOP), or None. "
            "Act on the case itself: its complete() and answer() act on the sub-case.")
        .def_property_readonly(
            "sub_cases",
            [](const sop::instance& work) {
                return std::vector<sop::instance>(work.sub_cases().begin(), work.sub_cases().end());
            },
            "Copies of every sub-case the case started, oldest first (the running one last).")
        .def_property_readonly(
            "confirmed",
            [](const sop::instance& work) {
                std::vector<sop::actor> actors;
                for (const sop::actor* actor : work.confirmed()) actors.push_back(*actor);
                return actors;
            },
            "At a joint step, the Actors who have confirmed it so far; empty otherwise.")
        .def_property_readonly(
            "ending",
            [](const sop::instance& work) -> std::optional<sop::ending> {
                const sop::ending* found = work.ending();
                if (found == nullptr) return std::nullopt;
                return *found;
            },
            "How the completed case ended (an Ending); None unless completed.")
        .def("clock", &sop::instance::clock, py::arg("now"),
             "The CaseClock: working minutes with the unit and with external actors, the current "
             "step counted up to ``now``.")
        .def_property_readonly(
            "step_started",
            [](const sop::instance& work) {
                return to_datetime(work.step_started(), offset_of(work));
            },
            "When the current step began, or None.")
        .def_property_readonly(
            "due",
            [](const sop::instance& work) { return to_datetime(work.due(), offset_of(work)); },
            "When the current step is due, or None (not at a step, or no fixed time).")
        .def_property_readonly(
            "last_event",
            [](const sop::instance& work) {
                return to_datetime(work.last_event(), offset_of(work));
            },
            "The time of the last accepted operation, or None before start.")
        .def_property_readonly("history", &history,
                               "The performed steps, oldest first (StepRecord).")
        .def_property_readonly("history_size", &sop::instance::history_size)
        .def_property_readonly("cancel_reason", &sop::instance::cancel_reason,
                               "Why it was cancelled; '' unless cancelled.")
        .def("is_overdue", &sop::instance::overdue, py::arg("now"),
             "True when the current step was due before ``now``.")
        .def(
            "add_observer",
            [](sop::instance& work, py::function callback) {
                work.add_observer(std::make_shared<python_observer>(std::move(callback)));
            },
            py::arg("callback"),
            "Calls ``callback(transition)`` after every later transition. An exception it raises "
            "is reported as unraisable (sys.unraisablehook) and does not undo the transition.")
        .def("snapshot", &sop::snapshot,
             "The case's state as text, for Instance.restore(); the calendar and observers are "
             "not part of it.")
        .def_static("restore", &restored, py::arg("definition"), py::arg("snapshot"),
                    py::arg("calendar") = nullptr,
                    "The case a snapshot() of ``definition`` saved, on ``calendar``. Raises "
                    "RestoreError with its RestoreReason.")
        .def("__copy__", [](const sop::instance& work) { return sop::instance(work); })
        .def("__deepcopy__", [](const sop::instance& work,
                                const py::dict& /*memo*/) { return sop::instance(work); })
        .def("__repr__", [](const sop::instance& work) {
            std::string text = fmt::format("<Instance {} {}", work.definition().id(),
                                           sop::to_string(work.status()));
            if (const sop::step* step = work.current_step()) {
                text += fmt::format(" at step {}", step->id);
                if (work.due()) text += ", due " + work.calendar().format(*work.due());
            }
            return text + ">";
        });
}

}  // namespace

void bind_instance(py::module_& module) {
    bind_outcome(module);
    bind_history(module);
    bind_clock(module);
    bind_instance_class(module);
}

}  // namespace sop_py
