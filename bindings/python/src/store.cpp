// Durable cases: sop::store as a Python context manager.

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <utility>

#include "convert.hpp"

namespace sop_py {

namespace {

using calendar_ptr = std::shared_ptr<sop::working_calendar>;

// A store that can be closed, and shared by Python threads: the database work runs without
// the GIL, one call at a time (a sop::store is one connection).
class python_store {
public:
    python_store(std::string where, std::chrono::milliseconds busy_timeout)
        : where_(std::move(where)) {
        const py::gil_scoped_release unlocked;
        store_.emplace(sop::store::open(where_, {.busy_timeout = busy_timeout}));
    }

    // Runs `work` on the open store, without the GIL.
    template <typename Work>
    auto with(Work&& work) {
        const py::gil_scoped_release unlocked;
        const std::lock_guard<std::mutex> one_at_a_time(mutex_);
        if (!store_) {
            throw sop::error(sop::make_error_code(sop::errc::invalid_argument),
                             "the store is closed");
        }
        return std::forward<Work>(work)(*store_);
    }

    void close() {
        const py::gil_scoped_release unlocked;
        const std::lock_guard<std::mutex> one_at_a_time(mutex_);
        store_.reset();
    }

    bool closed() {
        const std::lock_guard<std::mutex> one_at_a_time(mutex_);
        return !store_.has_value();
    }

    const std::string& where() const noexcept { return where_; }

private:
    std::string where_;
    std::mutex mutex_;
    std::optional<sop::store> store_;
};

sop::act_options acting(std::optional<std::int64_t> revision,
                        const std::optional<sop::person>& by) {
    return {.revision = revision, .by = by.value_or(sop::person{})};
}

void bind_records(py::module_& module) {
    py::class_<sop::person>(module, "Person",
                            "The person behind an actor: a name, a NIP (Nomor Induk Pegawai, the "
                            "person's key in a Store) and a rank (pangkat/golongan).")
        .def(py::init([](std::string name, std::string nip, std::string rank) {
                 return sop::person{std::move(name), std::move(nip), std::move(rank)};
             }),
             py::arg("name"), py::arg("nip") = "", py::arg("rank") = "")
        .def_readonly("name", &sop::person::name)
        .def_readonly("nip", &sop::person::nip)
        .def_readonly("rank", &sop::person::rank)
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::person& who) {
            return fmt::format("Person({}, {}{})", python_repr(who.name), python_repr(who.nip),
                               who.rank.empty() ? "" : ", " + python_repr(who.rank));
        });

    py::class_<sop::by_person>(module, "ByPerson",
                               "An operation by a person, given to a Store in place of the actor: "
                               "the store finds the role (of those the step waits for) and the "
                               "Capacity in which the person may act on that day.")
        .def(py::init([](std::string nip, std::string role) {
                 return sop::by_person{std::move(nip), std::move(role)};
             }),
             py::arg("nip"), py::arg("role") = "")
        .def_readonly("nip", &sop::by_person::nip)
        .def_readonly("role", &sop::by_person::role,
                      "The role to act in; '' for the first the person may act in.")
        .def("__repr__", [](const sop::by_person& who) {
            return fmt::format("ByPerson({}{})", python_repr(who.nip),
                               who.role.empty() ? "" : ", " + python_repr(who.role));
        });

    py::class_<sop::assignment>(
        module, "Assignment",
        "A person's appointment to a role (an actor id) of a unit (see unit_of): as the post's "
        "holder, or acting for it (Plt., Plh.) by a letter, for whole days ``from_`` to ``to`` "
        "(inclusive; ``to`` None: open).")
        .def(py::init([](std::string nip, std::string unit, std::string role,
                         std::chrono::year_month_day from,
                         std::optional<std::chrono::year_month_day> to, sop::capacity capacity,
                         std::string letter) {
                 return sop::assignment{.nip = std::move(nip),
                                        .unit = std::move(unit),
                                        .role = std::move(role),
                                        .capacity = capacity,
                                        .letter = std::move(letter),
                                        .from = from,
                                        .to = to};
             }),
             py::arg("nip"), py::arg("unit"), py::arg("role"), py::arg("from_"), py::kw_only(),
             py::arg("to") = py::none(), py::arg("capacity") = sop::capacity::holder,
             py::arg("letter") = "")
        .def_readonly("id", &sop::assignment::id, "Given by the store; 0 until stored.")
        .def_readonly("nip", &sop::assignment::nip)
        .def_readonly("unit", &sop::assignment::unit)
        .def_readonly("role", &sop::assignment::role)
        .def_readonly("capacity", &sop::assignment::capacity)
        .def_readonly("letter", &sop::assignment::letter,
                      "The letter number (Surat Perintah Plt./Plh.); required for Plt. and Plh.")
        .def_readonly("from_", &sop::assignment::from, "The first day.")
        .def_readonly("to", &sop::assignment::to, "The last day; None: open.")
        .def_readonly("revoked", &sop::assignment::revoked)
        .def_readonly("revoked_reason", &sop::assignment::revoked_reason)
        .def("covers", &sop::assignment::covers, py::arg("day"),
             "True when it counts on ``day``: not revoked, and ``day`` within from_..to.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::assignment& made) {
            return fmt::format("<Assignment {} {} {} of {} {}{}{}>", made.id, made.nip, made.role,
                               made.unit, sop::to_string(made.capacity),
                               made.letter.empty() ? std::string() : " letter " + made.letter,
                               made.revoked ? " (revoked)" : "");
        });

    py::class_<sop::staff_change>(module, "StaffChange",
                                  "One change to the people and their assignments, in a Store's "
                                  "append-only history of them (times in UTC).")
        .def_readonly("sequence", &sop::staff_change::sequence)
        .def_readonly("at", &sop::staff_change::at)
        .def_readonly("kind", &sop::staff_change::kind, "A StaffChangeKind.")
        .def_readonly("nip", &sop::staff_change::nip)
        .def_readonly("assignment", &sop::staff_change::assignment,
                      "The Assignment's id; 0 for a person's change.")
        .def_readonly("details", &sop::staff_change::details)
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::staff_change& change) {
            return fmt::format("<StaffChange #{} {} {}: {}>", change.sequence,
                               sop::to_string(change.kind), change.nip, change.details);
        });

    py::class_<sop::staff_outcome>(module, "StaffOutcome",
                                   "The result of a change to the people and their assignments: "
                                   "true when made; otherwise ``code`` says why, and nothing "
                                   "changed.")
        .def_property_readonly(
            "code", [](const sop::staff_outcome& done) { return code_to_python(done.code); },
            "None when made; or why not: a StoreErrc, or ErrorCode.INVALID_ARGUMENT.")
        .def_readonly("message", &sop::staff_outcome::message)
        .def_readonly("assignment", &sop::staff_outcome::assignment,
                      "The Assignment as stored, after assign(), set_period() or revoke().")
        .def("__bool__", [](const sop::staff_outcome& done) { return static_cast<bool>(done); })
        .def("__repr__", [](const sop::staff_outcome& done) {
            if (done) return std::string("<StaffOutcome made>");
            return fmt::format("<StaffOutcome {}: {}>", done.code.message(), done.message);
        });

    py::class_<sop::case_info>(module, "Case", "A case as a Store keeps it (times in UTC).")
        .def_readonly("id", &sop::case_info::id)
        .def_readonly("sop", &sop::case_info::sop, "The SOP id.")
        .def_readonly("fingerprint", &sop::case_info::fingerprint, "The definition version.")
        .def_readonly("calendar", &sop::case_info::calendar, "The calendar's name; '' for default.")
        .def_readonly("status", &sop::case_info::status)
        .def_readonly("step", &sop::case_info::step, "The current step's id; '' when at none.")
        .def_readonly("actors", &sop::case_info::actors, "Who may act now.")
        .def_readonly("step_started", &sop::case_info::step_started)
        .def_readonly("due", &sop::case_info::due)
        .def_readonly("started", &sop::case_info::started)
        .def_readonly("updated", &sop::case_info::updated, "The time of its last event.")
        .def_readonly("revision", &sop::case_info::revision, "The number of events.")
        .def_readonly("ending", &sop::case_info::ending,
                      "How a completed case ended (an Ending's id); '' otherwise.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::case_info& found) {
            return fmt::format(
                "<Case {} {} {}{}, revision {}>", found.id, found.sop, sop::to_string(found.status),
                found.step.empty() ? std::string() : " at step " + found.step, found.revision);
        });

    py::class_<sop::case_event>(module, "CaseEvent",
                                "One event of a stored case's hash-chained log (times in UTC).")
        .def_readonly("case_id", &sop::case_event::case_id)
        .def_readonly("sequence", &sop::case_event::sequence)
        .def_readonly("kind", &sop::case_event::kind, "An EventKind.")
        .def_readonly("step", &sop::case_event::step)
        .def_readonly("actor", &sop::case_event::actor)
        .def_readonly("person", &sop::case_event::person)
        .def_readonly("capacity", &sop::case_event::capacity,
                      "How the person acted in the role: resolved for an operation by a person "
                      "(ByPerson); Capacity.NONE for one that named the actor.")
        .def_readonly("letter", &sop::case_event::letter, "The Plt./Plh. appointment's letter.")
        .def_readonly("at", &sop::case_event::at)
        .def_readonly("answer", &sop::case_event::answer)
        .def_readonly("reason", &sop::case_event::reason)
        .def_readonly("step_started", &sop::case_event::step_started)
        .def_readonly("due", &sop::case_event::due)
        .def_readonly("working_minutes", &sop::case_event::working_minutes)
        .def_readonly("standard_minutes", &sop::case_event::standard_minutes)
        .def_readonly("fingerprint", &sop::case_event::fingerprint)
        .def_readonly("calendar", &sop::case_event::calendar)
        .def_readonly("previous", &sop::case_event::previous, "The previous event's hash (hex).")
        .def_readonly("hash", &sop::case_event::hash, "This event's SHA-256 (hex).")
        .def_property_readonly("on_time", &sop::case_event::on_time)
        .def("__repr__", [](const sop::case_event& event) {
            return fmt::format(
                "<CaseEvent {}#{} {} step {} by {} at {}>", event.case_id, event.sequence,
                sop::to_string(event.kind), event.step, event.actor,
                py::str(to_datetime(event.at, std::chrono::minutes{0}).attr("isoformat")())
                    .cast<std::string>());
        });

    py::class_<sop::store_outcome>(module, "StoreOutcome",
                                   "The result of an operation on a stored case: true when "
                                   "committed; otherwise ``code`` (an OutcomeCode or a StoreErrc) "
                                   "says why, and nothing changed.")
        .def_property_readonly(
            "code",
            [](const sop::store_outcome& done) -> py::object {
                if (!done.code) return to_python(sop::outcome_code::accepted);
                return code_to_python(done.code);
            },
            "OutcomeCode.ACCEPTED; or why not: an OutcomeCode (the case refused) or a StoreErrc.")
        .def_readonly("message", &sop::store_outcome::message)
        .def_readonly("state", &sop::store_outcome::state,
                      "The Case after the operation; when refused, as it is (None if none).")
        .def_property_readonly(
            "accepted", [](const sop::store_outcome& done) { return static_cast<bool>(done); })
        .def("__bool__", [](const sop::store_outcome& done) { return static_cast<bool>(done); })
        .def("__repr__", [](const sop::store_outcome& done) {
            if (done) {
                return fmt::format("<StoreOutcome accepted, revision {}>",
                                   done.state ? done.state->revision : 0);
            }
            return fmt::format("<StoreOutcome {}: {}>", done.code.message(), done.message);
        });

    py::class_<sop::desk_item>(module, "DeskItem",
                               "A case on a person's desk: the case, and the role and capacity "
                               "in which they may act on it.")
        .def_readonly("case", &sop::desk_item::work)
        .def_readonly("role", &sop::desk_item::role, "The role (actor id) it waits for.")
        .def_readonly("capacity", &sop::desk_item::capacity)
        .def_readonly("letter", &sop::desk_item::letter, "The appointment's letter.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::desk_item& item) {
            return fmt::format("<DeskItem {} as {} ({})>", item.work.id, item.role,
                               sop::to_string(item.capacity));
        });

    py::class_<sop::stored_definition>(module, "StoredDefinition", "A stored definition version.")
        .def_readonly("sop", &sop::stored_definition::sop)
        .def_readonly("fingerprint", &sop::stored_definition::fingerprint)
        .def_readonly("title", &sop::stored_definition::title)
        .def_readonly("effective", &sop::stored_definition::effective, "datetime.date or None.")
        .def("__repr__", [](const sop::stored_definition& stored) {
            return fmt::format("<StoredDefinition {} {}>", stored.sop,
                               stored.fingerprint.substr(0, 12));
        });

    py::class_<sop::step_measure>(module, "StepMeasure",
                                  "The mutu baku as measured: one step over an SOP's cases.")
        .def_readonly("step", &sop::step_measure::step)
        .def_readonly("performed", &sop::step_measure::performed)
        .def_readonly("timed", &sop::step_measure::timed)
        .def_readonly("on_time", &sop::step_measure::on_time)
        .def_readonly("working_minutes", &sop::step_measure::working_minutes)
        .def_readonly("standard_minutes", &sop::step_measure::standard_minutes)
        .def_property_readonly("on_time_rate", &sop::step_measure::on_time_rate)
        .def("__repr__", [](const sop::step_measure& measure) {
            return fmt::format("<StepMeasure {}: {} performed, {}/{} on time>", measure.step,
                               measure.performed, measure.on_time, measure.timed);
        });

    py::class_<sop::ending_count>(module, "EndingCount",
                                  "How many of an SOP's cases ended one way.")
        .def_readonly("ending", &sop::ending_count::ending, "The ending's id.")
        .def_readonly("label", &sop::ending_count::label, "Its label in the latest version.")
        .def_readonly("cases", &sop::ending_count::cases)
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::ending_count& counted) {
            return fmt::format("<EndingCount {}: {}>", counted.ending, counted.cases);
        });

    py::class_<sop::verify_problem>(module, "VerifyProblem", "One problem Store.verify() found.")
        .def_readonly("case_id", &sop::verify_problem::case_id)
        .def_readonly("sequence", &sop::verify_problem::sequence, "The event; 0 for the case.")
        .def_readonly("message", &sop::verify_problem::message)
        .def("__repr__", [](const sop::verify_problem& problem) {
            return fmt::format("<VerifyProblem {}#{}: {}>", problem.case_id, problem.sequence,
                               problem.message);
        });

    py::class_<sop::verify_result>(module, "VerifyResult",
                                   "What Store.verify() found: true when every chain holds.")
        .def_readonly("cases", &sop::verify_result::cases)
        .def_readonly("events", &sop::verify_result::events)
        .def_readonly("problems", &sop::verify_result::problems)
        .def("__bool__", [](const sop::verify_result& found) { return static_cast<bool>(found); })
        .def("__repr__", [](const sop::verify_result& found) {
            return fmt::format("<VerifyResult {} cases, {} events, {} problems>", found.cases,
                               found.events, found.problems.size());
        });
}

using store_class = py::class_<python_store>;

// start, complete, answer and cancel with a ByPerson in place of the actor: overloads of the
// ones that name the actor, tried after them.
void bind_by_person(store_class& store) {
    const char* by_doc =
        " As a person (ByPerson): the store resolves the role and Capacity in which they may act "
        "on that day of the case's calendar (holder, then Plt., then Plh.) and records them in "
        "the event; refused with StoreErrc.NO_SUCH_PERSON, NOT_ASSIGNED, APPOINTMENT_EXPIRED or "
        "APPOINTMENT_NOT_STARTED.";
    store
        .def(
            "start",
            [](python_store& db, std::string sop, const sop::by_person& who, sop::time_point at,
               std::string id, std::string fingerprint, std::string calendar) {
                return db.with([&](sop::store& opened) {
                    return opened.start({.sop = std::move(sop),
                                         .id = std::move(id),
                                         .fingerprint = std::move(fingerprint),
                                         .calendar = std::move(calendar)},
                                        who, at);
                });
            },
            py::arg("sop"), py::arg("who"), py::arg("at"), py::kw_only(), py::arg("id") = "",
            py::arg("fingerprint") = "", py::arg("calendar") = "",
            (std::string("Starts a case of the SOP.") + by_doc).c_str())
        .def(
            "complete",
            [](python_store& db, std::string case_id, const sop::by_person& who, sop::time_point at,
               std::optional<std::int64_t> revision) {
                return db.with([&](sop::store& opened) {
                    return opened.complete(case_id, who, at, {.revision = revision});
                });
            },
            py::arg("case_id"), py::arg("who"), py::arg("at"), py::kw_only(),
            py::arg("revision") = py::none(),
            (std::string("Completes the case's current activity.") + by_doc).c_str())
        .def(
            "answer",
            [](python_store& db, std::string case_id, const sop::by_person& who, sop::answer value,
               sop::time_point at, std::optional<std::int64_t> revision) {
                return db.with([&](sop::store& opened) {
                    return opened.answer(case_id, who, value, at, {.revision = revision});
                });
            },
            py::arg("case_id"), py::arg("who"), py::arg("answer"), py::arg("at"), py::kw_only(),
            py::arg("revision") = py::none(),
            (std::string("Answers the case's current decision.") + by_doc).c_str())
        .def(
            "cancel",
            [](python_store& db, std::string case_id, const sop::by_person& who, std::string reason,
               sop::time_point at, std::optional<std::int64_t> revision) {
                return db.with([&](sop::store& opened) {
                    return opened.cancel(case_id, who, reason, at, {.revision = revision});
                });
            },
            py::arg("case_id"), py::arg("who"), py::arg("reason"), py::arg("at"), py::kw_only(),
            py::arg("revision") = py::none(),
            (std::string("Cancels the case, in any role of its SOP the person holds or acts "
                         "for then.") +
             by_doc)
                .c_str());
}

// The people and their assignments, the desk of a person and the printable case record.
void bind_people(store_class& store) {
    store
        .def(
            "put_person",
            [](python_store& db, const sop::person& who, sop::time_point at) {
                return db.with([&](sop::store& opened) { return opened.put_person(who, at); });
            },
            py::arg("person"), py::arg("at"),
            "Adds a Person, or changes a stored one's name or rank (keyed by NIP, which must "
            "not be empty; nor may the name); recorded in staff_history() at ``at``.")
        .def(
            "find_person",
            [](python_store& db, std::string nip) {
                return db.with([&](sop::store& opened) { return opened.find_person(nip); });
            },
            py::arg("nip"), "The Person with this NIP, or None.")
        .def(
            "people",
            [](python_store& db) {
                return db.with([](sop::store& opened) { return opened.people(); });
            },
            "Every stored Person, by NIP.")
        .def(
            "assign",
            [](python_store& db, const sop::assignment& what, sop::time_point at) {
                return db.with([&](sop::store& opened) { return opened.assign(what, at); });
            },
            py::arg("assignment"), py::arg("at"),
            "Appoints a person to a role of a unit; the StaffOutcome has the stored Assignment. "
            "Refused with StoreErrc.NO_SUCH_PERSON, NO_SUCH_ROLE (no stored SOP of the unit has "
            "that actor, or only as an external party), OVERLAPPING (the person has the role for "
            "some of those days already), or ErrorCode.INVALID_ARGUMENT (a Plt./Plh. without a "
            "letter or a last day, or a period that ends before it begins).")
        .def(
            "set_period",
            [](python_store& db, std::int64_t assignment_id, std::chrono::year_month_day from,
               std::optional<std::chrono::year_month_day> to, sop::time_point at) {
                return db.with([&](sop::store& opened) {
                    return opened.set_period(assignment_id, from, to, at);
                });
            },
            py::arg("assignment_id"), py::arg("from_"), py::arg("to"), py::arg("at"),
            "Changes an assignment's period (ends it early, or extends it); refused as assign(), "
            "and with NO_SUCH_ASSIGNMENT; a revoked one cannot change.")
        .def(
            "revoke",
            [](python_store& db, std::int64_t assignment_id, std::string reason,
               sop::time_point at) {
                return db.with(
                    [&](sop::store& opened) { return opened.revoke(assignment_id, reason, at); });
            },
            py::arg("assignment_id"), py::arg("reason"), py::arg("at"),
            "Revokes an assignment made in error, with a reason; it stays on record.")
        .def(
            "assignments",
            [](python_store& db, std::string nip, std::string unit, std::string role,
               std::optional<std::chrono::year_month_day> on, bool with_revoked) {
                return db.with([&](sop::store& opened) {
                    return opened.assignments({.nip = std::move(nip),
                                               .unit = std::move(unit),
                                               .role = std::move(role),
                                               .on = on,
                                               .with_revoked = with_revoked});
                });
            },
            py::kw_only(), py::arg("nip") = "", py::arg("unit") = "", py::arg("role") = "",
            py::arg("on") = py::none(), py::arg("with_revoked") = false,
            "The Assignments that match (of a person, unit, role; counting ``on`` a day; revoked "
            "ones too when asked), by unit, role, then first day.")
        .def(
            "staff_history",
            [](python_store& db, std::string nip) {
                return db.with([&](sop::store& opened) { return opened.staff_history(nip); });
            },
            py::arg("nip") = "",
            "The changes to the people and their assignments (StaffChange), oldest first: of "
            "one person, or all.")
        .def(
            "desk",
            [](python_store& db, std::string nip, std::chrono::year_month_day day, std::string sop,
               std::size_t limit) {
                return db.with(
                    [&](sop::store& opened) { return opened.desk(nip, day, sop, limit); });
            },
            py::arg("nip"), py::arg("day"), py::kw_only(), py::arg("sop") = "",
            py::arg("limit") = 100,
            "What is on a person's desk on ``day`` (DeskItem): the cases waiting for a role they "
            "hold or act for that day, earliest due first; a case waiting for two of their roles "
            "is listed once per role.")
        .def(
            "record_html",
            [](python_store& db, std::string case_id) {
                return db.with([&](sop::store& opened) { return opened.record_html(case_id); });
            },
            py::arg("case_id"),
            "The case's record as a printable HTML page (who acted, in which capacity, when, "
            "due, on time or late, and whether its chain verifies), or None.");
}

void bind_store_class(py::module_& module) {
    const char* revision_doc =
        " ``revision`` is the Case.revision the caller read (a stale one is refused with "
        "StoreErrc.CONFLICT); ``by`` is the Person acting.";
    store_class store(
        module, "Store",
        "Definitions, calendars and cases kept in a database: a SQLite file (the default) or "
        "PostgreSQL ('postgresql://...'). Every operation on a case is one transaction and "
        "returns a StoreOutcome. Use it as a context manager to close it; it may be shared by "
        "threads (its calls run one at a time, without the GIL). Raises StoreError when the "
        "database cannot be opened or is not a sopengine store.");
    store
        .def(py::init([](const py::object& where, const py::object& busy_timeout) {
                 std::chrono::milliseconds timeout = sop::store_options{}.busy_timeout;
                 if (!busy_timeout.is_none()) {
                     if (!py::isinstance(busy_timeout,
                                         py::module_::import("datetime").attr("timedelta"))) {
                         throw py::type_error("busy_timeout must be a datetime.timedelta");
                     }
                     timeout = std::chrono::milliseconds{static_cast<std::int64_t>(
                         busy_timeout.attr("total_seconds")().cast<double>() * 1000.0)};
                 }
                 const py::object path = py::module_::import("os").attr("fspath")(where);
                 return std::make_unique<python_store>(py::str(path), timeout);
             }),
             py::arg("where"), py::kw_only(), py::arg("busy_timeout") = py::none(),
             "Opens (creating or migrating) the store at ``where``: a SQLite path (str or "
             "os.PathLike, optionally 'sqlite:...') or a PostgreSQL URI. ``busy_timeout`` "
             "(datetime.timedelta, 10 s by default) is how long a SQLite writer waits for "
             "another.")
        .def("close", &python_store::close, "Closes the connection; later calls raise Error.")
        .def_property_readonly("closed", &python_store::closed)
        .def(
            "__enter__", [](python_store& db) -> python_store& { return db; },
            py::return_value_policy::reference)
        .def("__exit__",
             [](python_store& db, const py::object& /*type*/, const py::object& /*value*/,
                const py::object& /*traceback*/) { db.close(); })
        .def_property_readonly(
            "backend",
            [](python_store& db) {
                return db.with([](sop::store& opened) { return std::string(opened.backend()); });
            },
            "'sqlite' or 'postgresql'.")
        .def_property_readonly_static(
            "schema_version",
            [](const py::object& /*type*/) { return sop::store::schema_version(); })
        .def(
            "add_definition",
            [](python_store& db, std::string xml, std::string source_name) {
                return db.with([&](sop::store& opened) {
                    return opened.add_definition(xml, std::move(source_name));
                });
            },
            py::arg("xml"), py::arg("source_name") = "<string>",
            "Stores a definition version from XML text (raises LoadError when it has errors); "
            "returns its Definition. Storing the same version again changes nothing.")
        .def(
            "add_definition_file",
            [](python_store& db, const std::filesystem::path& path) {
                return db.with(
                    [&](sop::store& opened) { return opened.add_definition_file(path); });
            },
            py::arg("path"), "As add_definition(), from a file.")
        .def(
            "definitions",
            [](python_store& db, std::string sop) {
                return db.with([&](sop::store& opened) { return opened.definitions(sop); });
            },
            py::arg("sop") = "", "The stored versions (StoredDefinition), of one SOP or all.")
        .def(
            "find_definition",
            [](python_store& db, std::string fingerprint) {
                return db.with(
                    [&](sop::store& opened) { return opened.find_definition(fingerprint); });
            },
            py::arg("fingerprint"), "The Definition of that version, or None.")
        .def(
            "add_calendar",
            [](python_store& db, std::string name, const sop::working_calendar& calendar) {
                return db.with(
                    [&](sop::store& opened) { return opened.add_calendar(name, calendar); });
            },
            py::arg("name"), py::arg("calendar"),
            "Stores a calendar under ``name`` (a new version when the name exists: new cases "
            "take it); returns the version's fingerprint.")
        .def(
            "find_calendar",
            [](python_store& db, std::string name) -> calendar_ptr {
                auto found =
                    db.with([&](sop::store& opened) { return opened.find_calendar(name); });
                if (!found) return nullptr;
                return std::make_shared<sop::working_calendar>(std::move(*found));
            },
            py::arg("name"), "The latest Calendar of that name, or None.")
        .def(
            "start",
            [](python_store& db, std::string sop, std::string actor, sop::time_point at,
               std::string id, std::string fingerprint, std::string calendar,
               std::optional<sop::person> by) {
                return db.with([&](sop::store& opened) {
                    return opened.start({.sop = std::move(sop),
                                         .id = std::move(id),
                                         .fingerprint = std::move(fingerprint),
                                         .calendar = std::move(calendar)},
                                        actor, at, acting(std::nullopt, by));
                });
            },
            py::arg("sop"), py::arg("actor"), py::arg("at"), py::kw_only(), py::arg("id") = "",
            py::arg("fingerprint") = "", py::arg("calendar") = "", py::arg("by") = py::none(),
            "Starts a case of the SOP as ``actor``: on the version effective at its start (or "
            "``fingerprint``), on the named stored calendar (or the default); ``id`` is "
            "generated when empty.")
        .def(
            "complete",
            [](python_store& db, std::string case_id, std::string actor, sop::time_point at,
               std::optional<std::int64_t> revision, std::optional<sop::person> by) {
                return db.with([&](sop::store& opened) {
                    return opened.complete(case_id, actor, at, acting(revision, by));
                });
            },
            py::arg("case_id"), py::arg("actor"), py::arg("at"), py::kw_only(),
            py::arg("revision") = py::none(), py::arg("by") = py::none(),
            (std::string("Completes the case's current activity as ``actor``.") + revision_doc)
                .c_str())
        .def(
            "answer",
            [](python_store& db, std::string case_id, std::string actor, sop::answer value,
               sop::time_point at, std::optional<std::int64_t> revision,
               std::optional<sop::person> by) {
                return db.with([&](sop::store& opened) {
                    return opened.answer(case_id, actor, value, at, acting(revision, by));
                });
            },
            py::arg("case_id"), py::arg("actor"), py::arg("answer"), py::arg("at"), py::kw_only(),
            py::arg("revision") = py::none(), py::arg("by") = py::none(),
            (std::string("Answers the case's current decision as ``actor``.") + revision_doc)
                .c_str())
        .def(
            "cancel",
            [](python_store& db, std::string case_id, std::string actor, std::string reason,
               sop::time_point at, std::optional<std::int64_t> revision,
               std::optional<sop::person> by) {
                return db.with([&](sop::store& opened) {
                    return opened.cancel(case_id, actor, reason, at, acting(revision, by));
                });
            },
            py::arg("case_id"), py::arg("actor"), py::arg("reason"), py::arg("at"), py::kw_only(),
            py::arg("revision") = py::none(), py::arg("by") = py::none(),
            (std::string("Cancels the case as ``actor``, with a reason.") + revision_doc).c_str());
    bind_by_person(store);
    bind_people(store);
    store
        .def(
            "find_case",
            [](python_store& db, std::string case_id) {
                return db.with([&](sop::store& opened) { return opened.find_case(case_id); });
            },
            py::arg("case_id"), "The Case, or None.")
        .def(
            "load_case",
            [](python_store& db, std::string case_id) {
                return db.with([&](sop::store& opened) { return opened.load_case(case_id); });
            },
            py::arg("case_id"),
            "The case as an Instance on its own version and calendar, or None. Raises "
            "StoreError (DAMAGED) when it no longer loads.")
        .def(
            "history",
            [](python_store& db, std::string case_id) {
                return db.with([&](sop::store& opened) { return opened.history(case_id); });
            },
            py::arg("case_id"), "The case's events (CaseEvent), oldest first.")
        .def(
            "inbox",
            [](python_store& db, std::string actor, std::string sop, std::size_t limit) {
                return db.with([&](sop::store& opened) { return opened.inbox(actor, sop, limit); });
            },
            py::arg("actor"), py::kw_only(), py::arg("sop") = "", py::arg("limit") = 100,
            "The cases waiting for ``actor``, earliest due first.")
        .def(
            "overdue",
            [](python_store& db, sop::time_point at, std::size_t limit) {
                return db.with([&](sop::store& opened) { return opened.overdue(at, limit); });
            },
            py::arg("at"), py::kw_only(), py::arg("limit") = 100,
            "Cases whose current step was due before ``at``, most overdue first.")
        .def(
            "cases",
            [](python_store& db, std::string sop, std::optional<sop::status> status,
               std::size_t limit) {
                return db.with([&](sop::store& opened) {
                    return opened.cases({.sop = std::move(sop), .status = status, .limit = limit});
                });
            },
            py::kw_only(), py::arg("sop") = "", py::arg("status") = py::none(),
            py::arg("limit") = 100, "Cases of an SOP and Status, latest started first.")
        .def(
            "report",
            [](python_store& db, std::string sop) {
                return db.with([&](sop::store& opened) { return opened.report(sop); });
            },
            py::arg("sop"), "Per step of the SOP: performed, on time, minutes (StepMeasure).")
        .def(
            "endings",
            [](python_store& db, std::string sop) {
                return db.with([&](sop::store& opened) { return opened.endings(sop); });
            },
            py::arg("sop"), "Per ending of the SOP, how many cases ended so (EndingCount).")
        .def(
            "verify",
            [](python_store& db, std::string case_id) {
                return db.with([&](sop::store& opened) { return opened.verify(case_id); });
            },
            py::arg("case_id") = "",
            "Checks every case (or one): its hash chain, and that it equals its log's replay.")
        .def("__repr__", [](python_store& db) {
            return fmt::format("<Store {}{}>", db.where(), db.closed() ? " (closed)" : "");
        });
}

}  // namespace

void bind_store(py::module_& module) {
    bind_records(module);
    bind_store_class(module);
    module.def(
        "unit_of", [](const sop::definition& sop) { return sop::unit_of(sop); },
        py::arg("definition"),
        "The unit whose roles an SOP's actors are (its government, organization and unit, "
        "spaces folded and in capitals, joined by ' / '): SOPs of one unit share their roles' "
        "people in a Store.");
    module.def(
        "title_of", [](sop::capacity value) { return std::string(sop::title_of(value)); },
        py::arg("capacity"), "The title an acting official signs with: 'Plt.', 'Plh.' or ''.");
}

}  // namespace sop_py
