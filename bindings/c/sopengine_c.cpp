// The C ABI (include/sopengine/sopengine.h) over the C++ library. Every entry point is noexcept
// and catches everything: exceptions become negative sop_error codes and a per-thread message.

#include <sopengine/sopengine.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <sopengine/sopengine.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "handles.hpp"

namespace {

using sop_c::default_calendar;
using sop_c::fail;
using sop_c::guarded;
using sop_c::text_result;
using sop_c::to_seconds;
using sop_c::to_time;

// The C enums are the C++ ones, value for value (the casts between them rely on it).
static_assert(SOP_REFUSED_UNKNOWN_ACTOR == static_cast<int>(sop::outcome_code::unknown_actor));
static_assert(SOP_REFUSED_STEP_IS_ACTIVITY ==
              static_cast<int>(sop::outcome_code::step_is_activity));
static_assert(SOP_REFUSED_TIME_OUT_OF_RANGE ==
              static_cast<int>(sop::outcome_code::time_out_of_range));
static_assert(SOP_REFUSED_ALREADY_CONFIRMED ==
              static_cast<int>(sop::outcome_code::already_confirmed));
static_assert(SOP_REFUSED_SEPARATION_OF_DUTIES ==
              static_cast<int>(sop::outcome_code::separation_of_duties));
static_assert(SOP_RESTORE_INCONSISTENT == static_cast<int>(sop::restore_error::inconsistent));
static_assert(SOP_AT_DECISION == static_cast<int>(sop::status::at_decision) &&
              SOP_CANCELLED == static_cast<int>(sop::status::cancelled));

// Writes `text` into the caller's buffer with snprintf semantics; the length needed.
int write_out(const std::string& text, char* buffer, std::size_t size) noexcept {
    if (buffer != nullptr && size > 0) {
        const std::size_t kept = std::min(text.size(), size - 1);
        std::memcpy(buffer, text.data(), kept);
        buffer[kept] = '\0';
    }
    return static_cast<int>(text.size());
}

const sop::identity_field* identity_field(std::string_view key) noexcept {
    for (const sop::identity_field& field : sop::identity_fields) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

sop_time_amount amount_of(const sop::time_amount& amount) noexcept {
    return {amount.days, amount.minutes, amount.clock_minutes};
}

// Runs a load (of an SOP or a calendar) and, when it succeeded, makes the handle with `make`;
// the diagnostics go to *diagnostics when asked for, also on success.
template <typename Handle, typename Load, typename Make>
int load_into(Load load, Make make, Handle** out, sop_diagnostics** diagnostics) {
    if (out == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no place for what is loaded");
    *out = nullptr;
    if (diagnostics != nullptr) *diagnostics = nullptr;
    auto loaded = load();
    auto list = std::make_unique<sop_diagnostics>(std::move(loaded.diagnostics));
    const bool succeeded = static_cast<bool>(loaded);
    const std::string message = succeeded ? std::string() : sop_c::first_error(list->items);
    if (diagnostics != nullptr) *diagnostics = list.release();
    if (!succeeded) return fail(SOP_ERROR_LOAD_FAILED, message);
    *out = make(loaded);
    return SOP_OK;
}

sop_definition* definition_handle(sop::load_result& loaded) {
    return new sop_definition{std::move(*loaded.definition)};
}

sop_calendar* calendar_handle(sop::calendar_load_result& loaded) {
    return new sop_calendar{
        std::make_shared<const sop::working_calendar>(std::move(*loaded.calendar))};
}

// An operation's outcome as the C result: its code, with the message when refused.
int outcome_result(const sop::outcome& done) {
    if (done) return SOP_ACCEPTED;
    return fail(static_cast<int>(done.code), done.message);
}

const sop::path* path_of(const sop_analysis* analysis, int which) noexcept {
    if (analysis == nullptr) return nullptr;
    switch (which) {
        case SOP_PATH_STANDARD:
            return analysis->analysis.standard_path ? &*analysis->analysis.standard_path : nullptr;
        case SOP_PATH_SHORTEST: return &analysis->analysis.shortest;
        case SOP_PATH_LONGEST: return &analysis->analysis.longest;
    }
    return nullptr;
}

}  // namespace

extern "C" {

// ---- results ---------------------------------------------------------------------------------

const char* sop_last_message(void) {
    return sop_c::last_message().c_str();
}

const char* sop_code_name(int code) {
    return sop_c::code_name(code);
}

const char* sop_restore_error_name(int code) {
    if (code < 0 || code > static_cast<int>(sop::restore_error::inconsistent)) return "unknown";
    return sop::to_string(static_cast<sop::restore_error>(code)).data();
}

void sop_free(void* text) {
    std::free(text);
}

int sop_abi_version(void) {
    return SOP_ABI_VERSION;
}

const char* sop_version(void) {
    return sop::version().data();
}

// ---- diagnostics ---------------------------------------------------------------------------

size_t sop_diagnostics_count(const sop_diagnostics* list) {
    return list == nullptr ? 0 : list->items.size();
}

int sop_diagnostics_get(const sop_diagnostics* list, size_t index, sop_diagnostic* out) {
    return guarded([&]() -> int {
        if (list == nullptr || out == nullptr || index >= list->items.size()) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such diagnostic");
        }
        const sop::diagnostic& item = list->items[index];
        *out = {item.level == sop::severity::error ? SOP_ERROR : SOP_WARNING,
                item.code.c_str(),
                item.where.file.c_str(),
                item.where.line,
                item.where.column,
                item.message.c_str(),
                list->texts[index].c_str()};
        return SOP_OK;
    });
}

void sop_diagnostics_free(sop_diagnostics* list) {
    delete list;
}

// ---- calendars -----------------------------------------------------------------------------

int sop_calendar_load_file(const char* path, sop_calendar** out, sop_diagnostics** diagnostics) {
    return guarded([&]() -> int {
        if (path == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no calendar file named");
        return load_into([&] { return sop::load_calendar_file(path); }, calendar_handle, out,
                         diagnostics);
    });
}

int sop_calendar_load_string(const char* text, size_t length, const char* source_name,
                             sop_calendar** out, sop_diagnostics** diagnostics) {
    return guarded([&]() -> int {
        if (text == nullptr && length > 0) return fail(SOP_ERROR_INVALID_ARGUMENT, "no text");
        return load_into(
            [&] {
                return sop::load_calendar_string(std::string_view(text, length),
                                                 source_name != nullptr ? source_name : "");
            },
            calendar_handle, out, diagnostics);
    });
}

void sop_calendar_free(sop_calendar* calendar) {
    delete calendar;
}

const char* sop_calendar_name(const sop_calendar* calendar) {
    return default_calendar(calendar).name().c_str();
}

int sop_calendar_parse(const sop_calendar* calendar, const char* text, int64_t* out) {
    return guarded([&]() -> int {
        if (text == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no time to parse");
        }
        const std::optional<sop::time_point> parsed = default_calendar(calendar).parse(text);
        if (!parsed) {
            return fail(SOP_ERROR_INVALID_ARGUMENT,
                        std::string("not a local time YYYY-MM-DDTHH:MM in range: ") + text);
        }
        *out = to_seconds(*parsed);
        return SOP_OK;
    });
}

int sop_calendar_format(const sop_calendar* calendar, int64_t at, char* buffer, size_t size) {
    return guarded([&]() -> int {
        const std::optional<sop::time_point> instant = to_time(at);
        if (!instant) return fail(SOP_ERROR_INVALID_ARGUMENT, "a time out of range");
        return write_out(default_calendar(calendar).format(*instant), buffer, size);
    });
}

int sop_calendar_add_working_minutes(const sop_calendar* calendar, int64_t start, int64_t minutes,
                                     int64_t* out) {
    return guarded([&]() -> int {
        const std::optional<sop::time_point> from = to_time(start);
        if (!from || out == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "a time out of range");
        *out = to_seconds(default_calendar(calendar).add_working_minutes(*from, minutes));
        return SOP_OK;
    });
}

int sop_calendar_working_minutes_between(const sop_calendar* calendar, int64_t from, int64_t to,
                                         int64_t* out) {
    return guarded([&]() -> int {
        const std::optional<sop::time_point> begin = to_time(from);
        const std::optional<sop::time_point> end = to_time(to);
        if (!begin || !end || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "a time out of range");
        }
        *out = default_calendar(calendar).working_minutes_between(*begin, *end);
        return SOP_OK;
    });
}

// ---- definitions ---------------------------------------------------------------------------

int sop_load_file(const char* path, sop_definition** out, sop_diagnostics** diagnostics) {
    return guarded([&]() -> int {
        if (path == nullptr) return fail(SOP_ERROR_INVALID_ARGUMENT, "no SOP file named");
        return load_into([&] { return sop::load_file(path); }, definition_handle, out, diagnostics);
    });
}

int sop_load_string(const char* text, size_t length, const char* source_name, sop_definition** out,
                    sop_diagnostics** diagnostics) {
    return guarded([&]() -> int {
        if (text == nullptr && length > 0) return fail(SOP_ERROR_INVALID_ARGUMENT, "no text");
        return load_into(
            [&] {
                return sop::load_string(std::string_view(text, length),
                                        source_name != nullptr ? source_name : "");
            },
            definition_handle, out, diagnostics);
    });
}

void sop_definition_free(sop_definition* definition) {
    delete definition;
}

const char* sop_definition_id(const sop_definition* definition) {
    return definition == nullptr ? nullptr : definition->definition.id().c_str();
}

const char* sop_definition_language(const sop_definition* definition) {
    return definition == nullptr ? nullptr : definition->definition.language().c_str();
}

const char* sop_definition_source_name(const sop_definition* definition) {
    return definition == nullptr ? nullptr : definition->definition.source_name().c_str();
}

const char* sop_definition_fingerprint(const sop_definition* definition) {
    return definition == nullptr ? nullptr : definition->definition.fingerprint().c_str();
}

const char* sop_definition_header(const sop_definition* definition, const char* key) {
    if (definition == nullptr || key == nullptr) return nullptr;
    const sop::identity& header = definition->definition.header();
    const std::string_view wanted(key);
    constexpr std::string_view approver_prefix = "approved_by.";
    if (wanted.starts_with(approver_prefix)) {
        for (const sop::approver_field& field : sop::approver_fields) {
            if (field.attribute == wanted.substr(approver_prefix.size())) {
                return (header.approved_by.*field.value).c_str();
            }
        }
        return nullptr;
    }
    const sop::identity_field* field = identity_field(wanted);
    if (field == nullptr) return nullptr;
    switch (field->kind) {
        case sop::field_kind::text: return (header.*field->text).c_str();
        case sop::field_kind::date: return (header.*field->date).text.c_str();
        case sop::field_kind::approver:
        case sop::field_kind::list: return nullptr;
    }
    return nullptr;
}

int sop_definition_header_date(const sop_definition* definition, const char* key, int* year,
                               int* month, int* day) {
    return guarded([&]() -> int {
        const sop::identity_field* field =
            key == nullptr ? nullptr : identity_field(std::string_view(key));
        if (definition == nullptr || field == nullptr || field->kind != sop::field_kind::date) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "not a date of the header");
        }
        const auto& date = (definition->definition.header().*field->date).date;
        if (!date) return fail(SOP_ERROR_NOT_FOUND, std::string("no whole day given for ") + key);
        if (year != nullptr) *year = static_cast<int>(date->year());
        if (month != nullptr) *month = static_cast<int>(static_cast<unsigned>(date->month()));
        if (day != nullptr) *day = static_cast<int>(static_cast<unsigned>(date->day()));
        return SOP_OK;
    });
}

size_t sop_definition_list_count(const sop_definition* definition, const char* key) {
    const sop::identity_field* field =
        key == nullptr ? nullptr : identity_field(std::string_view(key));
    if (definition == nullptr || field == nullptr || field->kind != sop::field_kind::list) {
        return 0;
    }
    return (definition->definition.header().*field->items).size();
}

const char* sop_definition_list_item(const sop_definition* definition, const char* key,
                                     size_t index) {
    if (index >= sop_definition_list_count(definition, key)) return nullptr;
    const sop::identity_field* field = identity_field(std::string_view(key));
    return (definition->definition.header().*field->items)[index].c_str();
}

size_t sop_definition_actor_count(const sop_definition* definition) {
    return definition == nullptr ? 0 : definition->definition.actors().size();
}

int sop_definition_actor(const sop_definition* definition, size_t index, sop_actor* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_definition_actor_count(definition)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such actor");
        }
        const sop::actor& actor = definition->definition.actors()[index];
        *out = {actor.id.c_str(), actor.name.c_str(), actor.external ? 1 : 0};
        return SOP_OK;
    });
}

size_t sop_definition_ending_count(const sop_definition* definition) {
    return definition == nullptr ? 0 : definition->definition.endings().size();
}

int sop_definition_ending(const sop_definition* definition, size_t index, sop_ending* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_definition_ending_count(definition)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such ending");
        }
        const sop::ending& ending = definition->definition.endings()[index];
        *out = {ending.id.c_str(), ending.label.c_str(), ending.declared ? 1 : 0};
        return SOP_OK;
    });
}

size_t sop_definition_step_count(const sop_definition* definition) {
    return definition == nullptr ? 0 : definition->definition.steps().size();
}

int sop_definition_step(const sop_definition* definition, size_t index, sop_step* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_definition_step_count(definition)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such step");
        }
        const sop::step& step = definition->definition.steps()[index];
        const sop::standard_time none{};
        const sop::standard_time& time = step.duration ? *step.duration : none;
        *out = {step.id.c_str(),
                step.kind == sop::step_kind::decision ? SOP_DECISION : SOP_ACTIVITY,
                step.actors.size(),
                step.together ? 1 : 0,
                step.description.c_str(),
                step.question.c_str(),
                step.requirements.c_str(),
                step.output.c_str(),
                step.remark.c_str(),
                step.duration_text.c_str(),
                step.duration ? 1 : 0,
                amount_of(time.least),
                amount_of(time.most),
                step.next.c_str(),
                step.yes.c_str(),
                step.no.c_str(),
                step.where.line,
                step.where.column};
        return SOP_OK;
    });
}

int64_t sop_definition_find_step(const sop_definition* definition, const char* id) {
    return guarded([&]() -> int64_t {
        if (definition == nullptr || id == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no definition or step id");
        }
        const sop::step* found = definition->definition.find_step(id);
        if (found == nullptr) return fail(SOP_ERROR_NOT_FOUND, std::string("no step ") + id);
        return sop_c::index_of(definition->definition, found);
    });
}

const char* sop_definition_step_actor(const sop_definition* definition, size_t step_index,
                                      size_t actor_index) {
    if (step_index >= sop_definition_step_count(definition)) return nullptr;
    const sop::step& step = definition->definition.steps()[step_index];
    return actor_index < step.actors.size() ? step.actors[actor_index].c_str() : nullptr;
}

// ---- analysis ------------------------------------------------------------------------------

int sop_analyze(const sop_definition* definition, const sop_calendar* calendar,
                sop_analysis** out) {
    return guarded([&]() -> int {
        if (definition == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no definition to analyse");
        }
        *out = nullptr;
        *out = new sop_analysis{sop::analyze(definition->definition, default_calendar(calendar))};
        return SOP_OK;
    });
}

void sop_analysis_free(sop_analysis* analysis) {
    delete analysis;
}

int sop_analysis_path(const sop_analysis* analysis, int which, sop_path_info* out) {
    return guarded([&]() -> int {
        if (analysis == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no analysis");
        }
        const sop::path* path = path_of(analysis, which);
        if (path == nullptr) {
            return fail(
                which == SOP_PATH_STANDARD ? SOP_ERROR_NOT_FOUND : SOP_ERROR_INVALID_ARGUMENT,
                which == SOP_PATH_STANDARD ? "the yes answers alone never finish the procedure"
                                           : "no such path");
        }
        *out = {path->steps.size(),   path->least_minutes,          path->minutes,
                path->ending.c_str(), path->external_least_minutes, path->external_minutes};
        return SOP_OK;
    });
}

const char* sop_analysis_path_step(const sop_analysis* analysis, int which, size_t index) {
    const sop::path* path = path_of(analysis, which);
    return path != nullptr && index < path->steps.size() ? path->steps[index].c_str() : nullptr;
}

size_t sop_analysis_workload_count(const sop_analysis* analysis) {
    return analysis == nullptr ? 0 : analysis->analysis.workload.size();
}

int sop_analysis_workload(const sop_analysis* analysis, size_t index, sop_workload* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_analysis_workload_count(analysis)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such workload");
        }
        const sop::workload& load = analysis->analysis.workload[index];
        *out = {load.actor.c_str(), load.least_minutes, load.minutes};
        return SOP_OK;
    });
}

size_t sop_analysis_untimed_count(const sop_analysis* analysis) {
    return analysis == nullptr ? 0 : analysis->analysis.steps_without_duration.size();
}

const char* sop_analysis_untimed_step(const sop_analysis* analysis, size_t index) {
    return index < sop_analysis_untimed_count(analysis)
               ? analysis->analysis.steps_without_duration[index].c_str()
               : nullptr;
}

int64_t sop_analysis_day_minutes(const sop_analysis* analysis) {
    return analysis == nullptr ? 0 : analysis->analysis.day_minutes;
}

// ---- instances -----------------------------------------------------------------------------

int sop_instance_new(const sop_definition* definition, const sop_calendar* calendar,
                     sop_instance** out) {
    return guarded([&]() -> int {
        if (definition == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no definition for the case");
        }
        *out = nullptr;
        *out = new sop_instance(*definition, calendar != nullptr ? calendar->calendar : nullptr);
        return SOP_OK;
    });
}

int sop_instance_copy(const sop_instance* instance, sop_instance** out) {
    return guarded([&]() -> int {
        if (instance == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case to copy");
        }
        *out = nullptr;
        *out = new sop_instance(*instance);
        return SOP_OK;
    });
}

void sop_instance_free(sop_instance* instance) {
    delete instance;
}

int sop_instance_start(sop_instance* instance, const char* actor, int64_t at) {
    return guarded([&]() -> int {
        if (instance == nullptr || actor == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case or actor");
        }
        return outcome_result(instance->work.start(actor, sop_c::any_time(at)));
    });
}

int sop_instance_complete(sop_instance* instance, const char* actor, int64_t at) {
    return sop_instance_complete_by(instance, actor, nullptr, at);
}

int sop_instance_complete_by(sop_instance* instance, const char* actor, const char* person,
                             int64_t at) {
    return guarded([&]() -> int {
        if (instance == nullptr || actor == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case or actor");
        }
        return outcome_result(
            instance->work.complete(actor, sop_c::any_time(at), person != nullptr ? person : ""));
    });
}

int sop_instance_answer(sop_instance* instance, const char* actor, int value, int64_t at) {
    return sop_instance_answer_by(instance, actor, nullptr, value, at);
}

int sop_instance_answer_by(sop_instance* instance, const char* actor, const char* person, int value,
                           int64_t at) {
    return guarded([&]() -> int {
        const std::optional<sop::answer> answer = sop_c::answer_of(value);
        if (instance == nullptr || actor == nullptr || !answer) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case, actor or answer");
        }
        return outcome_result(instance->work.answer(actor, *answer, sop_c::any_time(at),
                                                    person != nullptr ? person : ""));
    });
}

int sop_instance_cancel(sop_instance* instance, const char* actor, const char* reason, int64_t at) {
    return guarded([&]() -> int {
        if (instance == nullptr || actor == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case or actor");
        }
        return outcome_result(
            instance->work.cancel(actor, reason != nullptr ? reason : "", sop_c::any_time(at)));
    });
}

const sop_definition* sop_instance_definition(const sop_instance* instance) {
    return instance == nullptr ? nullptr : &instance->definition;
}

sop_status sop_instance_status(const sop_instance* instance) {
    return instance == nullptr ? SOP_NOT_STARTED : static_cast<sop_status>(instance->work.status());
}

int64_t sop_instance_current_step(const sop_instance* instance) {
    if (instance == nullptr) return -1;
    const sop::step* step = instance->work.current_step();
    return sop_c::index_of(instance->work.definition(), step);
}

// Allocates a little (the list of actors); 0 and NULL when out of memory.
size_t sop_instance_actor_count(const sop_instance* instance) {
    if (instance == nullptr) return 0;
    try {
        return instance->work.actors_now().size();
    } catch (...) {
        return 0;
    }
}

const char* sop_instance_actor(const sop_instance* instance, size_t index) {
    if (instance == nullptr) return nullptr;
    try {
        const auto now = instance->work.actors_now();
        return index < now.size() ? now[index]->id.c_str() : nullptr;
    } catch (...) {
        return nullptr;
    }
}

int sop_instance_step_started(const sop_instance* instance, int64_t* out) {
    return guarded([&]() -> int {
        if (instance == nullptr || out == nullptr)
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case");
        const auto started = instance->work.step_started();
        if (!started) return fail(SOP_ERROR_NOT_FOUND, "the case is at no step");
        *out = to_seconds(*started);
        return SOP_OK;
    });
}

int sop_instance_due(const sop_instance* instance, int64_t* out) {
    return guarded([&]() -> int {
        if (instance == nullptr || out == nullptr)
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case");
        const auto due = instance->work.due();
        if (!due) return fail(SOP_ERROR_NOT_FOUND, "the case is at no step with a fixed time");
        *out = to_seconds(*due);
        return SOP_OK;
    });
}

int sop_instance_overdue(const sop_instance* instance, int64_t now) {
    return instance != nullptr && instance->work.overdue(sop_c::any_time(now)) ? 1 : 0;
}

int sop_instance_last_event(const sop_instance* instance, int64_t* out) {
    return guarded([&]() -> int {
        if (instance == nullptr || out == nullptr)
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case");
        const auto last = instance->work.last_event();
        if (!last) return fail(SOP_ERROR_NOT_FOUND, "the case has not started");
        *out = to_seconds(*last);
        return SOP_OK;
    });
}

size_t sop_instance_history_count(const sop_instance* instance) {
    return instance == nullptr ? 0 : instance->work.history_size();
}

int sop_instance_history(const sop_instance* instance, size_t index, sop_record* out) {
    return guarded([&]() -> int {
        if (out == nullptr || index >= sop_instance_history_count(instance)) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no such history record");
        }
        const sop::step_record& record = instance->history().at(index);
        const sop::definition& definition = instance->work.definition();
        const sop::step* step = definition.find_step(record.step);
        const sop::actor* actor = definition.find_actor(record.actor);
        *out = {step != nullptr ? step->id.c_str() : "",
                actor != nullptr ? actor->id.c_str() : "",
                record.person.c_str(),
                sop_c::answer_code(record.answer),
                to_seconds(record.started),
                to_seconds(record.finished),
                record.due ? 1 : 0,
                record.due ? to_seconds(*record.due) : 0,
                record.on_time() ? 1 : 0,
                record.completes ? 1 : 0};
        return SOP_OK;
    });
}

const char* sop_instance_ending(const sop_instance* instance) {
    if (instance == nullptr) return nullptr;
    const sop::ending* ending = instance->work.ending();
    return ending == nullptr ? nullptr : ending->id.c_str();
}

int sop_instance_clock(const sop_instance* instance, int64_t now, int64_t* unit_minutes,
                       int64_t* external_minutes) {
    return guarded([&]() -> int {
        if (instance == nullptr || unit_minutes == nullptr || external_minutes == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no case or place for the minutes");
        }
        const sop::case_clock clock = instance->work.clock(sop_c::any_time(now));
        *unit_minutes = clock.unit_minutes;
        *external_minutes = clock.external_minutes;
        return SOP_OK;
    });
}

const char* sop_instance_cancel_reason(const sop_instance* instance) {
    return instance == nullptr ? "" : instance->work.cancel_reason().c_str();
}

char* sop_instance_snapshot(const sop_instance* instance) {
    return text_result([&] {
        if (instance == nullptr) throw sop::error(sop::errc::invalid_argument, "no case");
        return sop::snapshot(instance->work);
    });
}

int sop_instance_restore(const sop_definition* definition, const char* text,
                         const sop_calendar* calendar, sop_instance** out) {
    return guarded([&]() -> int {
        if (definition == nullptr || text == nullptr || out == nullptr) {
            return fail(SOP_ERROR_INVALID_ARGUMENT, "no definition, snapshot or place for it");
        }
        *out = nullptr;
        sop::restore_result restored = sop::restore(
            definition->definition, text, calendar != nullptr ? calendar->calendar : nullptr);
        if (!restored) return fail(static_cast<int>(restored.error), restored.message);
        *out = new sop_instance(*definition, std::move(*restored.instance));
        return SOP_OK;
    });
}

// ---- rendering -----------------------------------------------------------------------------

char* sop_to_dot(const sop_definition* definition) {
    return text_result([&] {
        if (definition == nullptr) throw sop::error(sop::errc::invalid_argument, "no definition");
        return sop::to_dot(definition->definition);
    });
}

char* sop_to_html(const sop_definition* definition, const char* logo) {
    return text_result([&] {
        if (definition == nullptr) throw sop::error(sop::errc::invalid_argument, "no definition");
        return sop::to_html(definition->definition, {.logo = logo != nullptr ? logo : ""});
    });
}

char* sop_to_svg(const sop_definition* definition) {
    return text_result([&] {
        if (definition == nullptr) throw sop::error(sop::errc::invalid_argument, "no definition");
        return sop::to_svg(definition->definition);
    });
}

}  // extern "C"
