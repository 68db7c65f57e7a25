// The store's part of the C ABI (the sop_store_* functions of <sopengine/sopengine.h>).

#include <sopengine/sopengine.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <utility>
#include <vector>

#include "handles.hpp"

struct sop_store {
    sop::store db;
};

struct sop_case {
    sop::case_info info;
};

struct sop_case_list {
    std::vector<sop_case> cases;
};

struct sop_event_list {
    std::vector<sop::case_event> events;
};

struct sop_report {
    std::vector<sop::step_measure> steps;
};

struct sop_assignment_list {
    std::vector<sop::assignment> assignments;
};

struct sop_desk {
    explicit sop_desk(std::vector<sop::desk_item> list) : items(std::move(list)) {
        cases.reserve(items.size());
        for (const sop::desk_item& item : items) cases.push_back({item.work});
    }
    std::vector<sop::desk_item> items;
    std::vector<sop_case> cases;  // what sop_desk_get lends
};

struct sop_staff_log {
    std::vector<sop::staff_change> changes;
};

namespace {

using sop_c::fail;
using sop_c::guarded;
using sop_c::text_result;
using sop_c::to_seconds;

std::string text_of(const char* text) {
    return text != nullptr ? std::string(text) : std::string();
}

sop::act_options options_of(const sop_act_options* options) {
    sop::act_options out;
    if (options == nullptr) return out;
    if (options->has_revision != 0) out.revision = options->revision;
    out.by = {text_of(options->person_name), text_of(options->person_nip)};
    return out;
}

// A store operation's outcome as the C result, with the case's state when asked for.
int outcome_result(sop::store_outcome done, sop_case** state) {
    if (state != nullptr) {
        *state = done.state ? new sop_case{std::move(*done.state)} : nullptr;
    }
    if (done) return SOP_ACCEPTED;
    return fail(sop_c::code_of(done.code), done.message);
}

template <typename Operation>
int operate(sop_store* store, const char* case_id, const char* actor, sop_case** state,
            Operation operation) {
    return guarded([&]() -> int {
        if (state != nullptr) *state = nullptr;
        if (store == nullptr || case_id == nullptr || actor == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, case id, actor or answer");
        }
        return outcome_result(operation(), state);
    });
}

// Stores a definition with `add`: its warnings, or the errors of a load that failed, go to
// *diagnostics when asked for.
template <typename Add>
int add_definition(sop_diagnostics** diagnostics, Add add) {
    if (diagnostics != nullptr) *diagnostics = nullptr;
    try {
        const sop::definition added = add();
        if (diagnostics != nullptr) {
            *diagnostics = new sop_diagnostics({added.warnings().begin(), added.warnings().end()});
        }
        return SOP_OK;
    } catch (const sop::load_error& e) {
        if (diagnostics != nullptr) *diagnostics = new sop_diagnostics(e.diagnostics());
        return fail(SOP_ERROR_LOAD_FAILED, sop_c::first_error(e.diagnostics()));
    }
}

// A C date as a calendar date; none for {0, 0, 0}, or one that is no date in 1..9999.
std::optional<std::chrono::year_month_day> day_of(const sop_date& date) {
    const std::chrono::year_month_day day{std::chrono::year{date.year},
                                          std::chrono::month{static_cast<unsigned>(date.month)},
                                          std::chrono::day{static_cast<unsigned>(date.day)}};
    if (date.year < 1 || date.year > 9999 || date.month < 1 || date.day < 1 || !day.ok()) {
        return std::nullopt;
    }
    return day;
}

sop_date date_of(std::chrono::year_month_day day) noexcept {
    return {static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
            static_cast<int>(static_cast<unsigned>(day.day()))};
}

// A staff change's outcome as the C result: SOP_OK, a refusal or an error, with its message.
int staff_result(const sop::staff_outcome& done) {
    if (done) return SOP_OK;
    return fail(sop_c::code_of(done.code), done.message);
}

// The options of an operation by a person: the revision only (the store looks the person up).
std::optional<sop::act_options> by_person_options(const sop_act_options* options) {
    sop::act_options out;
    if (options == nullptr) return out;
    if (options->person_name != nullptr || options->person_nip != nullptr) return std::nullopt;
    if (options->has_revision != 0) out.revision = options->revision;
    return out;
}

template <typename Operation>
int operate_by(sop_store* store, const char* case_id, const char* nip, const char* role,
               const sop_act_options* options, sop_case** state, Operation operation) {
    return guarded([&]() -> int {
        if (state != nullptr) *state = nullptr;
        const std::optional<sop::act_options> acting = by_person_options(options);
        if (store == nullptr || case_id == nullptr || nip == nullptr || !acting) {
            return fail(SOP_ERROR_INVALID_ARGUMENT,
                        "no store, case id, NIP or answer, or a person in the options of an "
                        "operation by a person");
        }
        return outcome_result(operation(sop::by_person{nip, text_of(role)}, *acting), state);
    });
}

int list_result(std::vector<sop::case_info> cases, sop_case_list** out) {
    auto list = std::make_unique<sop_case_list>();
    list->cases.reserve(cases.size());
    for (sop::case_info& info : cases) list->cases.push_back({std::move(info)});
    *out = list.release();
    return SOP_OK;
}

}  // namespace

extern "C" {

int sop_store_open(const char* where, sop_store** out) {
    return guarded([&]() -> int {
        if (where == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store named");
        }
        *out = nullptr;
        *out = new sop_store{sop::store::open(where)};
        return SOP_OK;
    });
}

void sop_store_close(sop_store* store) {
    delete store;
}

const char* sop_store_backend(const sop_store* store) {
    return store == nullptr ? "" : store->db.backend().data();
}

int sop_store_add_definition_file(sop_store* store, const char* path,
                                  sop_diagnostics** diagnostics) {
    return guarded([&]() -> int {
        if (store == nullptr || path == nullptr) {
            if (diagnostics != nullptr) *diagnostics = nullptr;
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or SOP file");
        }
        return add_definition(diagnostics, [&] { return store->db.add_definition_file(path); });
    });
}

int sop_store_add_definition(sop_store* store, const char* text, size_t length,
                             const char* source_name, sop_diagnostics** diagnostics) {
    return guarded([&]() -> int {
        if (store == nullptr || (text == nullptr && length > 0)) {
            if (diagnostics != nullptr) *diagnostics = nullptr;
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or text");
        }
        return add_definition(diagnostics, [&] {
            return store->db.add_definition(std::string_view(text, length), text_of(source_name));
        });
    });
}

int sop_store_add_calendar(sop_store* store, const char* name, const sop_calendar* calendar) {
    return guarded([&]() -> int {
        if (store == nullptr || name == nullptr || calendar == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, name or calendar");
        }
        store->db.add_calendar(name, *calendar->calendar);
        return SOP_OK;
    });
}

int sop_store_start(sop_store* store, const sop_new_case* what, const char* actor, int64_t at,
                    const sop_act_options* options, sop_case** state) {
    return guarded([&]() -> int {
        if (state != nullptr) *state = nullptr;
        if (store == nullptr || what == nullptr || what->sop == nullptr || actor == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, SOP id or actor");
        }
        const sop::new_case started{.sop = what->sop,
                                    .id = text_of(what->id),
                                    .fingerprint = text_of(what->fingerprint),
                                    .calendar = text_of(what->calendar)};
        return outcome_result(
            store->db.start(started, actor, sop_c::any_time(at), options_of(options)), state);
    });
}

int sop_store_complete(sop_store* store, const char* case_id, const char* actor, int64_t at,
                       const sop_act_options* options, sop_case** state) {
    return operate(store, case_id, actor, state, [&] {
        return store->db.complete(case_id, actor, sop_c::any_time(at), options_of(options));
    });
}

int sop_store_answer(sop_store* store, const char* case_id, const char* actor, int value,
                     int64_t at, const sop_act_options* options, sop_case** state) {
    const std::optional<sop::answer> answer = sop_c::answer_of(value);
    return operate(store, answer ? case_id : nullptr, actor, state, [&] {
        return store->db.answer(case_id, actor, *answer, sop_c::any_time(at), options_of(options));
    });
}

int sop_store_cancel(sop_store* store, const char* case_id, const char* actor, const char* reason,
                     int64_t at, const sop_act_options* options, sop_case** state) {
    return operate(store, case_id, actor, state, [&] {
        return store->db.cancel(case_id, actor, text_of(reason), sop_c::any_time(at),
                                options_of(options));
    });
}

int sop_store_start_by(sop_store* store, const sop_new_case* what, const char* nip,
                       const char* role, int64_t at, const sop_act_options* options,
                       sop_case** state) {
    const char* sop = what != nullptr ? what->sop : nullptr;
    return operate_by(store, sop, nip, role, options, state,
                      [&](const sop::by_person& who, const sop::act_options& acting) {
                          const sop::new_case started{.sop = sop,
                                                      .id = text_of(what->id),
                                                      .fingerprint = text_of(what->fingerprint),
                                                      .calendar = text_of(what->calendar)};
                          return store->db.start(started, who, sop_c::any_time(at), acting);
                      });
}

int sop_store_complete_by(sop_store* store, const char* case_id, const char* nip, const char* role,
                          int64_t at, const sop_act_options* options, sop_case** state) {
    return operate_by(store, case_id, nip, role, options, state,
                      [&](const sop::by_person& who, const sop::act_options& acting) {
                          return store->db.complete(case_id, who, sop_c::any_time(at), acting);
                      });
}

int sop_store_answer_by(sop_store* store, const char* case_id, const char* nip, const char* role,
                        int value, int64_t at, const sop_act_options* options, sop_case** state) {
    const std::optional<sop::answer> answer = sop_c::answer_of(value);
    return operate_by(store, answer ? case_id : nullptr, nip, role, options, state,
                      [&](const sop::by_person& who, const sop::act_options& acting) {
                          return store->db.answer(case_id, who, *answer, sop_c::any_time(at),
                                                  acting);
                      });
}

int sop_store_cancel_by(sop_store* store, const char* case_id, const char* nip, const char* role,
                        const char* reason, int64_t at, const sop_act_options* options,
                        sop_case** state) {
    return operate_by(store, case_id, nip, role, options, state,
                      [&](const sop::by_person& who, const sop::act_options& acting) {
                          return store->db.cancel(case_id, who, text_of(reason),
                                                  sop_c::any_time(at), acting);
                      });
}

int sop_store_find_case(sop_store* store, const char* case_id, sop_case** out) {
    return guarded([&]() -> int {
        if (store == nullptr || case_id == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or case id");
        }
        *out = nullptr;
        std::optional<sop::case_info> found = store->db.find_case(case_id);
        if (!found) return fail(SOP_ERROR_NOT_FOUND, std::string("no case ") + case_id);
        *out = new sop_case{std::move(*found)};
        return SOP_OK;
    });
}

int sop_store_load_case(sop_store* store, const char* case_id, sop_instance** out) {
    return guarded([&]() -> int {
        if (store == nullptr || case_id == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or case id");
        }
        *out = nullptr;
        std::optional<sop::instance> loaded = store->db.load_case(case_id);
        if (!loaded) return fail(SOP_ERROR_NOT_FOUND, std::string("no case ") + case_id);
        const sop_definition definition{loaded->definition()};
        *out = new sop_instance(definition, std::move(*loaded));
        return SOP_OK;
    });
}

int sop_store_inbox(sop_store* store, const char* actor, const char* sop, size_t limit,
                    sop_case_list** out) {
    return guarded([&]() -> int {
        if (store == nullptr || actor == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or actor");
        }
        *out = nullptr;
        return list_result(store->db.inbox(actor, text_of(sop), limit), out);
    });
}

int sop_store_overdue(sop_store* store, int64_t at, size_t limit, sop_case_list** out) {
    return guarded([&]() -> int {
        if (store == nullptr || out == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no store");
        *out = nullptr;
        return list_result(store->db.overdue(sop_c::any_time(at), limit), out);
    });
}

int sop_store_cases(sop_store* store, const char* sop, int status, size_t limit,
                    sop_case_list** out) {
    return guarded([&]() -> int {
        if (store == nullptr || out == nullptr || status < -1 || status > SOP_CANCELLED) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, or not a status");
        }
        *out = nullptr;
        sop::case_filter filter{.sop = text_of(sop), .limit = limit};
        if (status >= 0) filter.status = static_cast<sop::status>(status);
        return list_result(store->db.cases(filter), out);
    });
}

int sop_store_history(sop_store* store, const char* case_id, sop_event_list** out) {
    return guarded([&]() -> int {
        if (store == nullptr || case_id == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or case id");
        }
        *out = nullptr;
        *out = new sop_event_list{store->db.history(case_id)};
        return SOP_OK;
    });
}

int sop_store_report(sop_store* store, const char* sop, sop_report** out) {
    return guarded([&]() -> int {
        if (store == nullptr || sop == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store or SOP id");
        }
        *out = nullptr;
        *out = new sop_report{store->db.report(sop)};
        return SOP_OK;
    });
}

int sop_store_verify(sop_store* store, const char* case_id, int64_t* cases, int64_t* events,
                     char** problems) {
    return guarded([&]() -> int {
        if (problems != nullptr) *problems = nullptr;
        if (store == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no store");
        const sop::verify_result checked = store->db.verify(text_of(case_id));
        if (cases != nullptr) *cases = checked.cases;
        if (events != nullptr) *events = checked.events;
        if (checked) return SOP_OK;
        std::string lines;
        for (const sop::verify_problem& problem : checked.problems) {
            lines += "case " + problem.case_id + ", event " + std::to_string(problem.sequence) +
                     ": " + problem.message + "\n";
        }
        if (problems != nullptr) {
            *problems = sop_c::copy_out(lines);
            if (*problems == nullptr) return fail(SOP_ERROR_OUT_OF_MEMORY, "out of memory");
        }
        return fail(SOP_ERROR_DAMAGED, lines.substr(0, lines.find('\n')));
    });
}

int sop_case_get(const sop_case* stored, sop_case_info* out) {
    return guarded([&]() -> int {
        if (stored == nullptr || out == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no case");
        const sop::case_info& info = stored->info;
        *out = {info.id.c_str(),
                info.sop.c_str(),
                info.fingerprint.c_str(),
                info.calendar.c_str(),
                static_cast<sop_status>(info.status),
                info.step.c_str(),
                info.actors.size(),
                info.step_started ? 1 : 0,
                info.step_started ? to_seconds(*info.step_started) : 0,
                info.due ? 1 : 0,
                info.due ? to_seconds(*info.due) : 0,
                to_seconds(info.started),
                to_seconds(info.updated),
                info.revision};
        return SOP_OK;
    });
}

const char* sop_case_actor(const sop_case* stored, size_t index) {
    return stored != nullptr && index < stored->info.actors.size()
               ? stored->info.actors[index].c_str()
               : nullptr;
}

void sop_case_free(sop_case* stored) {
    delete stored;
}

size_t sop_case_list_count(const sop_case_list* list) {
    return list == nullptr ? 0 : list->cases.size();
}

const sop_case* sop_case_list_get(const sop_case_list* list, size_t index) {
    return index < sop_case_list_count(list) ? &list->cases[index] : nullptr;
}

void sop_case_list_free(sop_case_list* list) {
    delete list;
}

size_t sop_event_list_count(const sop_event_list* list) {
    return list == nullptr ? 0 : list->events.size();
}

int sop_event_list_get(const sop_event_list* list, size_t index, sop_event* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_event_list_count(list)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such event");
        }
        const sop::case_event& event = list->events[index];
        *out = {event.sequence,
                sop::to_string(event.kind).data(),
                event.step.c_str(),
                event.actor.c_str(),
                event.person.name.c_str(),
                event.person.nip.c_str(),
                event.person.rank.c_str(),
                static_cast<sop_capacity>(event.capacity),
                event.letter.c_str(),
                to_seconds(event.at),
                sop_c::answer_code(event.answer),
                event.reason.c_str(),
                event.due ? 1 : 0,
                event.due ? to_seconds(*event.due) : 0,
                event.on_time() ? 1 : 0,
                event.working_minutes ? 1 : 0,
                event.working_minutes.value_or(0),
                event.standard_minutes.value_or(0),
                event.previous.c_str(),
                event.hash.c_str()};
        return SOP_OK;
    });
}

void sop_event_list_free(sop_event_list* list) {
    delete list;
}

size_t sop_report_count(const sop_report* report) {
    return report == nullptr ? 0 : report->steps.size();
}

int sop_report_get(const sop_report* report, size_t index, sop_step_measure* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_report_count(report)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such step measure");
        }
        const sop::step_measure& measure = report->steps[index];
        *out = {measure.step.c_str(), measure.performed,       measure.timed,
                measure.on_time,      measure.working_minutes, measure.standard_minutes};
        return SOP_OK;
    });
}

void sop_report_free(sop_report* report) {
    delete report;
}

// ---- the people behind the roles -----------------------------------------------------------

char* sop_definition_unit(const sop_definition* definition) {
    return text_result([&] {
        if (definition == nullptr) throw sop::error(sop::errc::invalid_argument, "no definition");
        return sop::unit_of(definition->definition);
    });
}

int sop_store_put_person(sop_store* store, const char* nip, const char* name, const char* rank,
                         int64_t at) {
    return guarded([&]() -> int {
        if (store == nullptr || nip == nullptr || name == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, NIP or name");
        }
        return staff_result(store->db.put_person({name, nip, text_of(rank)}, sop_c::any_time(at)));
    });
}

int sop_store_assign(sop_store* store, const sop_assignment* what, int64_t at, int64_t* id) {
    return guarded([&]() -> int {
        if (id != nullptr) *id = 0;
        if (store == nullptr || what == nullptr || what->nip == nullptr || what->unit == nullptr ||
            what->role == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, NIP, unit or role");
        }
        const std::optional<std::chrono::year_month_day> from = day_of(what->from);
        const bool open = what->to.year == 0 && what->to.month == 0 && what->to.day == 0;
        const std::optional<std::chrono::year_month_day> to = day_of(what->to);
        if (!from || (!open && !to) || what->capacity < SOP_HOLDER || what->capacity > SOP_PLH) {
            return fail(SOP_ERROR_INVALID_ARGUMENT,
                        "an assignment needs a first day, a last day that is a date or "
                        "{0, 0, 0}, and a capacity SOP_HOLDER, SOP_PLT or SOP_PLH");
        }
        const sop::staff_outcome made =
            store->db.assign({.nip = what->nip,
                              .unit = what->unit,
                              .role = what->role,
                              .capacity = static_cast<sop::capacity>(what->capacity),
                              .letter = text_of(what->letter),
                              .from = *from,
                              .to = to},
                             sop_c::any_time(at));
        if (made && id != nullptr) *id = made.assignment->id;
        return staff_result(made);
    });
}

int sop_store_set_period(sop_store* store, int64_t id, const sop_date* from, const sop_date* to,
                         int64_t at) {
    return guarded([&]() -> int {
        const std::optional<std::chrono::year_month_day> first =
            from != nullptr ? day_of(*from) : std::nullopt;
        const std::optional<std::chrono::year_month_day> last =
            to != nullptr ? day_of(*to) : std::nullopt;
        if (store == nullptr || !first || (to != nullptr && !last)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, or a period that is no dates");
        }
        return staff_result(store->db.set_period(id, *first, last, sop_c::any_time(at)));
    });
}

int sop_store_revoke(sop_store* store, int64_t id, const char* reason, int64_t at) {
    return guarded([&]() -> int {
        if (store == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no store");
        return staff_result(store->db.revoke(id, text_of(reason), sop_c::any_time(at)));
    });
}

int sop_store_assignments(sop_store* store, const char* nip, const char* unit, const char* role,
                          const sop_date* on, int with_revoked, sop_assignment_list** out) {
    return guarded([&]() -> int {
        if (out != nullptr) *out = nullptr;
        const std::optional<std::chrono::year_month_day> day =
            on != nullptr ? day_of(*on) : std::nullopt;
        if (store == nullptr || out == nullptr || (on != nullptr && !day)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, or a day that is no date");
        }
        *out = new sop_assignment_list{store->db.assignments({.nip = text_of(nip),
                                                              .unit = text_of(unit),
                                                              .role = text_of(role),
                                                              .on = day,
                                                              .with_revoked = with_revoked != 0})};
        return SOP_OK;
    });
}

size_t sop_assignment_list_count(const sop_assignment_list* list) {
    return list == nullptr ? 0 : list->assignments.size();
}

int sop_assignment_list_get(const sop_assignment_list* list, size_t index, sop_assignment* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_assignment_list_count(list)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such assignment");
        }
        const sop::assignment& made = list->assignments[index];
        *out = {made.id,
                made.nip.c_str(),
                made.unit.c_str(),
                made.role.c_str(),
                static_cast<sop_capacity>(made.capacity),
                made.letter.c_str(),
                date_of(made.from),
                made.to ? date_of(*made.to) : sop_date{0, 0, 0},
                made.revoked ? 1 : 0,
                made.revoked_reason.c_str()};
        return SOP_OK;
    });
}

void sop_assignment_list_free(sop_assignment_list* list) {
    delete list;
}

int sop_store_desk(sop_store* store, const char* nip, const sop_date* day, const char* sop,
                   size_t limit, sop_desk** out) {
    return guarded([&]() -> int {
        if (out != nullptr) *out = nullptr;
        const std::optional<std::chrono::year_month_day> on =
            day != nullptr ? day_of(*day) : std::nullopt;
        if (store == nullptr || nip == nullptr || out == nullptr || !on) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no store, NIP or day");
        }
        *out = new sop_desk(store->db.desk(nip, *on, text_of(sop), limit));
        return SOP_OK;
    });
}

size_t sop_desk_count(const sop_desk* desk) {
    return desk == nullptr ? 0 : desk->items.size();
}

const sop_case* sop_desk_get(const sop_desk* desk, size_t index, const char** role,
                             sop_capacity* capacity, const char** letter) {
    if (index >= sop_desk_count(desk)) return nullptr;
    const sop::desk_item& item = desk->items[index];
    if (role != nullptr) *role = item.role.c_str();
    if (capacity != nullptr) *capacity = static_cast<sop_capacity>(item.capacity);
    if (letter != nullptr) *letter = item.letter.c_str();
    return &desk->cases[index];
}

void sop_desk_free(sop_desk* desk) {
    delete desk;
}

int sop_store_staff_history(sop_store* store, const char* nip, sop_staff_log** out) {
    return guarded([&]() -> int {
        if (out != nullptr) *out = nullptr;
        if (store == nullptr || out == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no store");
        *out = new sop_staff_log{store->db.staff_history(text_of(nip))};
        return SOP_OK;
    });
}

size_t sop_staff_log_count(const sop_staff_log* log) {
    return log == nullptr ? 0 : log->changes.size();
}

int sop_staff_log_get(const sop_staff_log* log, size_t index, sop_staff_change* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_staff_log_count(log)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such staff change");
        }
        const sop::staff_change& change = log->changes[index];
        *out = {change.sequence,    to_seconds(change.at), sop::to_string(change.kind).data(),
                change.nip.c_str(), change.assignment,     change.details.c_str()};
        return SOP_OK;
    });
}

void sop_staff_log_free(sop_staff_log* log) {
    delete log;
}

char* sop_store_record_html(sop_store* store, const char* case_id) {
    return text_result([&] {
        if (store == nullptr || case_id == nullptr) {
            throw sop::error(sop::make_error_code(sop::errc::invalid_argument),
                             "no store or case id");
        }
        std::optional<std::string> page = store->db.record_html(case_id);
        if (!page) {
            throw sop::error(sop::make_error_code(sop::store_errc::no_such_case),
                             std::string("no case ") + case_id);
        }
        return std::move(*page);
    });
}

}  // extern "C"
