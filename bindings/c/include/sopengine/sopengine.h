/* The C ABI of sopengine: load an SOP, drive its cases, render it, keep cases in a store.
 *
 * C11 (and C++), one header, opaque handles, no exception crosses it. Conventions:
 *
 * - Results. A function that can fail returns an int: SOP_OK (0) on success; a negative
 *   sop_error when the call itself failed (a NULL argument, the database unreachable, ...);
 *   or, for the operations on a case, a positive refusal code (sop_outcome, sop_store_refusal),
 *   for restore a sop_restore_error. sop_last_message() explains the last call on the thread
 *   that did not succeed; a refused operation or failed call changed nothing.
 * - Times are seconds since 1970-01-01T00:00:00Z (int64_t), in [0, SOP_LATEST_TIME]. A
 *   calendar turns them into local text and back (sop_calendar_format, sop_calendar_parse).
 * - Strings in are NUL-terminated UTF-8 (sop_load_string takes a length). Strings out are
 *   either borrowed (const char*: owned by the handle they come from, valid as long as the
 *   function's documentation says), written into the caller's buffer with snprintf semantics
 *   (the length needed, without the NUL, is returned; the text is cut to fit and always
 *   terminated when size > 0), or returned as char* that the caller frees with sop_free.
 * - Handles are freed with their own *_free function; each accepts NULL.
 * - Threads. A sop_definition and a sop_calendar are immutable: use them from any number of
 *   threads at once. A sop_instance, a sop_store and every result handle (diagnostics,
 *   analysis, case, lists) belong to one thread at a time. sop_last_message() is per thread.
 */
#ifndef SOPENGINE_SOPENGINE_H
#define SOPENGINE_SOPENGINE_H

#include <stddef.h>
#include <stdint.h>

#if defined(SOP_C_STATIC)
#define SOP_C_API
#elif defined(_WIN32) || defined(__CYGWIN__)
#if defined(SOP_C_BUILDING)
#define SOP_C_API __declspec(dllexport)
#else
#define SOP_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define SOP_C_API __attribute__((visibility("default")))
#else
#define SOP_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI: a program built against another value must not use the library. */
#define SOP_ABI_VERSION 3

/* The latest time the engine accepts: 9999-12-31T23:59:59Z. */
#define SOP_LATEST_TIME INT64_C(253402300799)

/* ---- results ------------------------------------------------------------------------------ */

/* Why a call failed (negative; SOP_OK is 0). */
typedef enum sop_error {
    SOP_OK = 0,                      /* Success. */
    SOP_ERROR_INVALID_ARGUMENT = -1, /* A NULL handle or string, an unknown key, an index out
                                        of range, a time out of range, an unknown enum value. */
    SOP_ERROR_LOAD_FAILED = -2,      /* The SOP or calendar has errors: see its diagnostics. */
    SOP_ERROR_NOT_FOUND = -3,        /* No step, actor, definition or case with that id. */
    SOP_ERROR_NO_WORKING_TIME = -4,  /* The calendar has no working time at all. */
    SOP_ERROR_OUT_OF_MEMORY = -5,    /* An allocation failed. */
    SOP_ERROR_UNAVAILABLE = -6,      /* The store's database cannot be opened, reached or
                                        written. */
    SOP_ERROR_INCOMPATIBLE = -7,     /* Not a sopengine store, or one of a newer schema. */
    SOP_ERROR_DAMAGED = -8,          /* A stored case or definition no longer loads. */
    SOP_ERROR_INTERNAL = -9          /* Anything else the library did not expect. */
} sop_error;

/* Why an operation on a case was refused (positive; SOP_ACCEPTED is 0). */
typedef enum sop_outcome {
    SOP_ACCEPTED = 0,                     /* The operation took effect. */
    SOP_REFUSED_UNKNOWN_ACTOR = 1,        /* The actor id is not declared by the definition. */
    SOP_REFUSED_NOT_YOUR_TURN = 2,        /* The actor does not perform the current step. */
    SOP_REFUSED_NOT_STARTED = 3,          /* The case has not been started. */
    SOP_REFUSED_ALREADY_STARTED = 4,      /* start on a case that has been started. */
    SOP_REFUSED_ALREADY_FINISHED = 5,     /* The case is completed or cancelled. */
    SOP_REFUSED_STEP_IS_DECISION = 6,     /* complete at a decision: answer it instead. */
    SOP_REFUSED_STEP_IS_ACTIVITY = 7,     /* answer at an activity: complete it instead. */
    SOP_REFUSED_TIME_GOES_BACK = 8,       /* The time is earlier than the case's last event. */
    SOP_REFUSED_MISSING_REASON = 9,       /* cancel without a reason. */
    SOP_REFUSED_NO_WORKING_TIME = 10,     /* The next due time needs working time the calendar
                                             lacks. */
    SOP_REFUSED_TIME_OUT_OF_RANGE = 11,   /* The time, or the due time it leads to, is out of
                                             range. */
    SOP_REFUSED_ALREADY_CONFIRMED = 12,   /* The actor has already confirmed the joint step. */
    SOP_REFUSED_PERSON_REQUIRED = 13,     /* The step has a separation-of-duties rule, which
                                             needs the acting person (sop_instance_complete_by,
                                             sop_instance_answer_by). */
    SOP_REFUSED_SEPARATION_OF_DUTIES = 14 /* The person performed a step this one may not
                                             follow by the same person. */
} sop_outcome;

/* Why the store refused an operation (positive, besides the sop_outcome codes). */
typedef enum sop_store_refusal {
    SOP_REFUSED_CONFLICT = 101,            /* The case changed since the revision read. */
    SOP_REFUSED_NO_SUCH_CASE = 102,        /* No case has that id. */
    SOP_REFUSED_CASE_EXISTS = 103,         /* start with a case id that is taken. */
    SOP_REFUSED_NO_SUCH_DEFINITION = 104,  /* No stored SOP with that id or fingerprint, or none
                                              effective then. */
    SOP_REFUSED_NO_SUCH_CALENDAR = 105,    /* No stored calendar with that name. */
    SOP_REFUSED_NO_SUCH_PERSON = 109,      /* No stored person has that NIP. */
    SOP_REFUSED_NOT_ASSIGNED = 110,        /* The person holds and acts for none of the roles the
                                              step waits for. */
    SOP_REFUSED_APPOINTMENT_EXPIRED = 111, /* The person's assignment to the role ended
                                              before that day. */
    SOP_REFUSED_APPOINTMENT_NOT_STARTED = 112, /* It begins after that day. */
    SOP_REFUSED_NO_SUCH_ASSIGNMENT = 113,      /* No assignment has that id. */
    SOP_REFUSED_NO_SUCH_ROLE = 114, /* No stored SOP of the unit has that actor as its own. */
    SOP_REFUSED_OVERLAPPING = 115   /* The person has the role for some of those days already. */
} sop_store_refusal;

/* Why a snapshot could not be restored (positive). */
typedef enum sop_restore_error {
    SOP_RESTORED = 0,                    /* Restored. */
    SOP_RESTORE_MALFORMED = 1,           /* Not a snapshot, or a field does not parse. */
    SOP_RESTORE_UNSUPPORTED_VERSION = 2, /* A snapshot format this version does not read. */
    SOP_RESTORE_OTHER_DEFINITION = 3,    /* Of another SOP or another version of it. */
    SOP_RESTORE_INCONSISTENT = 4         /* Contradicts the definition or the rules. */
} sop_restore_error;

/* The explanation of the last call on this thread that returned a code other than SOP_OK (or a
 * NULL text), for people: a refusal's or an error's message. A call that returns a code clears
 * it when it succeeds. Valid until the thread's next call. */
SOP_C_API const char* sop_last_message(void);

/* "invalid_argument", "unknown_actor", "conflict", "malformed", ...: the name of any code a
 * function returns (sop_error, sop_outcome, sop_store_refusal; not sop_restore_error, see
 * sop_restore_error_name); "ok" for 0, "unknown" for a code that is none of them. Static. */
SOP_C_API const char* sop_code_name(int code);
/* "none", "malformed", "unsupported_version", "other_definition", "inconsistent". Static. */
SOP_C_API const char* sop_restore_error_name(int code);

/* Frees a char* the library returned. NULL is fine. */
SOP_C_API void sop_free(void* text);

/* SOP_ABI_VERSION of the library linked at run time. */
SOP_C_API int sop_abi_version(void);
/* The library version, "MAJOR.MINOR.PATCH". Static. */
SOP_C_API const char* sop_version(void);

/* ---- diagnostics -------------------------------------------------------------------------- */

/* The problems a load found, errors and warnings, in source order. */
typedef struct sop_diagnostics sop_diagnostics;

/* How serious a diagnostic is. */
typedef enum sop_severity {
    SOP_WARNING = 0, /* The definition loads, but the author should look at this. */
    SOP_ERROR = 1    /* The definition cannot be loaded. */
} sop_severity;

/* One diagnostic; its strings belong to the sop_diagnostics it came from. */
typedef struct sop_diagnostic {
    sop_severity severity; /* Error or warning. */
    const char* code;      /* Stable kebab-case id, e.g. "unknown-actor". */
    const char* file;      /* The file path or source name. */
    uint32_t line;         /* 1-based; 0 when it concerns the whole file. */
    uint32_t column;       /* 1-based, in code points; 0 when there is none. */
    const char* message;   /* What is wrong and what to do, for an SOP author. */
    const char* text;      /* As compilers print it: "file:line:column: error: message [code]". */
} sop_diagnostic;

/* The number of diagnostics (0 for NULL). */
SOP_C_API size_t sop_diagnostics_count(const sop_diagnostics* list);
/* Diagnostic `index` into *out. SOP_ERROR_INVALID_ARGUMENT for an index out of range. */
SOP_C_API int sop_diagnostics_get(const sop_diagnostics* list, size_t index, sop_diagnostic* out);
/* Frees the list and its strings. */
SOP_C_API void sop_diagnostics_free(sop_diagnostics* list);

/* ---- calendars ---------------------------------------------------------------------------- */

/* A working calendar: working hours per weekday, holidays, cuti bersama, periods (Ramadan),
 * its UTC offset. NULL wherever a calendar is taken means the default calendar (Monday to
 * Friday, 08:00-16:00, WIB). Immutable. */
typedef struct sop_calendar sop_calendar;

/* Loads a calendar file (sop-definitions/calendars/README.md describes the format). Returns
 * SOP_OK and sets *out, or SOP_ERROR_LOAD_FAILED. When `diagnostics` is not NULL it receives
 * every diagnostic (free it with sop_diagnostics_free), also on success. */
SOP_C_API int sop_calendar_load_file(const char* path, sop_calendar** out,
                                     sop_diagnostics** diagnostics);
/* As sop_calendar_load_file, from text; `source_name` names it in diagnostics, and its folder
 * is where relative includes are looked for. */
SOP_C_API int sop_calendar_load_string(const char* text, size_t length, const char* source_name,
                                       sop_calendar** out, sop_diagnostics** diagnostics);
/* Frees a calendar. Instances made with it keep their own reference. */
SOP_C_API void sop_calendar_free(sop_calendar* calendar);
/* The calendar's name ("" when it has none). Borrowed from the calendar. */
SOP_C_API const char* sop_calendar_name(const sop_calendar* calendar);
/* Parses local ISO 8601 ("2024-03-12T08:00", seconds optional; a "Z" or "+07:00" suffix is
 * honoured) on the calendar into *out. SOP_ERROR_INVALID_ARGUMENT when it is not such a time
 * or is out of range. */
SOP_C_API int sop_calendar_parse(const sop_calendar* calendar, const char* text, int64_t* out);
/* Writes `at` as local ISO 8601 with the offset ("2024-03-12T08:00:00+07:00") into buffer;
 * snprintf semantics. Negative (SOP_ERROR_INVALID_ARGUMENT) for a time out of range. */
SOP_C_API int sop_calendar_format(const sop_calendar* calendar, int64_t at, char* buffer,
                                  size_t size);
/* The time `minutes` working minutes after `start` on the calendar, into *out. */
SOP_C_API int sop_calendar_add_working_minutes(const sop_calendar* calendar, int64_t start,
                                               int64_t minutes, int64_t* out);
/* The working minutes between two times (negative when `to` is earlier), into *out. */
SOP_C_API int sop_calendar_working_minutes_between(const sop_calendar* calendar, int64_t from,
                                                   int64_t to, int64_t* out);

/* ---- definitions -------------------------------------------------------------------------- */

/* A loaded, validated SOP. Immutable; safe to share between threads. */
typedef struct sop_definition sop_definition;

/* Loads the SOP in a file. Returns SOP_OK and sets *out, or SOP_ERROR_LOAD_FAILED (a
 * missing, unreadable, malformed or invalid file). When `diagnostics` is not NULL it receives
 * every diagnostic, warnings included, also on success. */
SOP_C_API int sop_load_file(const char* path, sop_definition** out, sop_diagnostics** diagnostics);
/* As sop_load_file, from `length` bytes of XML; `source_name` names it in diagnostics. */
SOP_C_API int sop_load_string(const char* text, size_t length, const char* source_name,
                              sop_definition** out, sop_diagnostics** diagnostics);
/* Frees a definition. Instances of it keep their own reference. */
SOP_C_API void sop_definition_free(sop_definition* definition);

/* The `id` of <sop>. Every const char* of a definition is borrowed from it and valid until it
 * is freed. */
SOP_C_API const char* sop_definition_id(const sop_definition* definition);
/* The `lang` of <sop> ("id" when not given). */
SOP_C_API const char* sop_definition_language(const sop_definition* definition);
/* The file path or source name it was loaded from. */
SOP_C_API const char* sop_definition_source_name(const sop_definition* definition);
/* The hex digest of its normalised content: its version. */
SOP_C_API const char* sop_definition_fingerprint(const sop_definition* definition);

/* A text of the identity header by its JSON key, as written: "government", "organization",
 * "unit", "address", "number", "title"; a date's wording: "created", "revised", "effective",
 * "ratified"; the approver's "approved_by.position", "approved_by.name", "approved_by.rank",
 * "approved_by.nip". NULL for another key. */
SOP_C_API const char* sop_definition_header(const sop_definition* definition, const char* key);
/* A date of the header ("created", "revised", "effective", "ratified") as year, month, day.
 * SOP_ERROR_NOT_FOUND when the source gives no whole day; SOP_ERROR_INVALID_ARGUMENT for
 * another key. */
SOP_C_API int sop_definition_header_date(const sop_definition* definition, const char* key,
                                         int* year, int* month, int* day);
/* The number of items of a list of the header: "legal_basis", "qualifications",
 * "related_sops", "equipment", "warnings", "records" (0 for another key). */
SOP_C_API size_t sop_definition_list_count(const sop_definition* definition, const char* key);
/* Item `index` of such a list; NULL when out of range or another key. */
SOP_C_API const char* sop_definition_list_item(const sop_definition* definition, const char* key,
                                               size_t index);

/* A role that performs steps (Pelaksana). */
typedef struct sop_actor {
    const char* id;   /* The XML id, e.g. "kabag". */
    const char* name; /* The role as written, e.g. "Kabag Perencanaan". */
    int external;     /* 1 outside the unit (Pemohon, another agency): no due time. */
} sop_actor;

/* The number of actors, in declaration order. */
SOP_C_API size_t sop_definition_actor_count(const sop_definition* definition);
/* Actor `index` into *out. */
SOP_C_API int sop_definition_actor(const sop_definition* definition, size_t index, sop_actor* out);

/* One way the procedure ends (selesai, ditolak, ...); a definition that declares none has one,
 * "end" ("Selesai"). */
typedef struct sop_ending {
    const char* id;    /* The XML id, e.g. "ditolak"; "end" names the first ending. */
    const char* label; /* As written, e.g. "Permohonan ditolak". */
    int declared;      /* 0 for the "end" of a definition that declares no ending. */
} sop_ending;

/* The number of endings, in declaration order (at least 1). */
SOP_C_API size_t sop_definition_ending_count(const sop_definition* definition);
/* Ending `index` into *out. */
SOP_C_API int sop_definition_ending(const sop_definition* definition, size_t index,
                                    sop_ending* out);

/* Whether a step is work to complete or a question to answer. */
typedef enum sop_step_kind {
    SOP_ACTIVITY = 0, /* Completed by one of its actors; continues to `next`. */
    SOP_DECISION = 1  /* Answered yes or no; continues to `yes` or `no`. */
} sop_step_kind;

/* A standard time in working days, working minutes and clock minutes. */
typedef struct sop_time_amount {
    int64_t days;          /* Working days of the calendar. */
    int64_t minutes;       /* Working minutes. */
    int64_t clock_minutes; /* Minutes on the clock, working time or not. */
} sop_time_amount;

/* One row of the procedure table with its mutu baku. Strings as in sop_definition_id. */
typedef struct sop_step {
    const char* id;            /* The SOP's own number, e.g. "8". */
    sop_step_kind kind;        /* Activity or decision. */
    size_t actor_count;        /* Its actors: sop_definition_step_actor. */
    int together;              /* 1 for a joint activity: every actor confirms it. */
    const char* description;   /* Kegiatan. */
    const char* question;      /* The decision's question; "" for activities. */
    const char* requirements;  /* Kelengkapan. */
    const char* output;        /* Output. */
    const char* remark;        /* Keterangan. */
    const char* duration_text; /* Waktu as written. */
    int has_duration;          /* 1 when it has a fixed standard time, else 0. */
    sop_time_amount least;     /* The shortest time allowed (equals most unless a range). */
    sop_time_amount most;      /* The standard time: the due time. */
    const char* next;          /* Activities: the next step or ending id, or "end". */
    const char* yes;           /* Decisions: where "Ya" leads (a step or an ending). */
    const char* no;            /* Decisions: where "Tidak" leads (a step or an ending). */
    uint32_t line;             /* Where it is declared. */
    uint32_t column;           /* See line. */
} sop_step;

/* The number of steps, in document order; the first starts the procedure. */
SOP_C_API size_t sop_definition_step_count(const sop_definition* definition);
/* Step `index` into *out. */
SOP_C_API int sop_definition_step(const sop_definition* definition, size_t index, sop_step* out);
/* The index of the step with this id, or SOP_ERROR_NOT_FOUND (negative). */
SOP_C_API int64_t sop_definition_find_step(const sop_definition* definition, const char* id);
/* Actor id `actor_index` of step `step_index`; NULL when out of range. */
SOP_C_API const char* sop_definition_step_actor(const sop_definition* definition, size_t step_index,
                                                size_t actor_index);

/* ---- analysis ----------------------------------------------------------------------------- */

/* Durations, paths and workloads of a definition (sop_analyze). */
typedef struct sop_analysis sop_analysis;

/* Which path of an analysis. */
typedef enum sop_path_kind {
    SOP_PATH_STANDARD = 0, /* Yes at every decision; may not exist (yes answers loop). */
    SOP_PATH_SHORTEST = 1, /* The loop-free path with the fewest least minutes. */
    SOP_PATH_LONGEST = 2   /* The loop-free path with the most minutes. */
} sop_path_kind;

/* A path's size and times; its steps through sop_analysis_path_step. */
typedef struct sop_path_info {
    size_t step_count;              /* Steps on it. */
    int64_t least_minutes;          /* The unit's steps' least times, in working minutes. */
    int64_t minutes;                /* The unit's steps' standard times, in working minutes. */
    const char* ending;             /* The id of the ending it reaches (the analysis's). */
    int64_t external_least_minutes; /* External steps' least times, in working minutes. */
    int64_t external_minutes;       /* External steps' standard times, in working minutes. */
} sop_path_info;

/* One actor's working minutes over the procedure, each of its steps counted once. */
typedef struct sop_workload {
    const char* actor;     /* The actor's id. */
    int64_t least_minutes; /* Least times. */
    int64_t minutes;       /* Standard times. */
} sop_workload;

/* Analyses a definition, counting minutes on `calendar` (NULL: the default, a working day is
 * 480 minutes). */
SOP_C_API int sop_analyze(const sop_definition* definition, const sop_calendar* calendar,
                          sop_analysis** out);
SOP_C_API void sop_analysis_free(sop_analysis* analysis);
/* A path (`which` is a sop_path_kind) into *out; SOP_ERROR_NOT_FOUND for a standard path that
 * does not exist, SOP_ERROR_INVALID_ARGUMENT for another value. Enum parameters are ints, so
 * that any value a caller passes is defined on both sides. */
SOP_C_API int sop_analysis_path(const sop_analysis* analysis, int which, sop_path_info* out);
/* Step id `index` of a path; NULL when out of range. Borrowed from the analysis. */
SOP_C_API const char* sop_analysis_path_step(const sop_analysis* analysis, int which, size_t index);
/* The number of workloads (one per actor, in declaration order). */
SOP_C_API size_t sop_analysis_workload_count(const sop_analysis* analysis);
/* Workload `index` into *out. */
SOP_C_API int sop_analysis_workload(const sop_analysis* analysis, size_t index, sop_workload* out);
/* The number of steps without a fixed standard time. */
SOP_C_API size_t sop_analysis_untimed_count(const sop_analysis* analysis);
/* Untimed step id `index`; NULL when out of range. */
SOP_C_API const char* sop_analysis_untimed_step(const sop_analysis* analysis, size_t index);
/* The working minutes a working day counted for. */
SOP_C_API int64_t sop_analysis_day_minutes(const sop_analysis* analysis);

/* ---- instances ---------------------------------------------------------------------------- */

/* One running case of a definition. One thread at a time. */
typedef struct sop_instance sop_instance;

/* Where a case is. */
typedef enum sop_status {
    SOP_NOT_STARTED = 0, /* Created, not yet started. */
    SOP_AT_ACTIVITY = 1, /* Waiting for an actor to complete the current activity. */
    SOP_AT_DECISION = 2, /* Waiting for an actor to answer the current decision. */
    SOP_COMPLETED = 3,   /* The procedure reached its end. */
    SOP_CANCELLED = 4    /* Cancelled before the end. */
} sop_status;

/* A decision's answer. */
typedef enum sop_answer {
    SOP_NO = 0, /* Tidak. */
    SOP_YES = 1 /* Ya. */
} sop_answer;

/* One performed step (or confirmation of a joint step) of a case's history. Its step and actor
 * are the definition's; its person is the instance's, valid until its next operation. */
typedef struct sop_record {
    const char* step;   /* The step's id. */
    const char* actor;  /* Who performed it. */
    const char* person; /* The person named for it (sop_instance_complete_by); else "". */
    int answer;         /* SOP_YES or SOP_NO for a decision, -1 for an activity. */
    int64_t started;    /* When the step began. */
    int64_t finished;   /* When it was completed, answered or confirmed. */
    int has_due;        /* 1 when it had a due time. */
    int64_t due;        /* That due time (0 without). */
    int on_time;        /* 1 when it finished by its due time (or had none). */
    int completes;      /* 0 for a confirmation of a joint step others had still to give. */
} sop_record;

/* A new case of `definition`, not started, on `calendar` (NULL: the default). */
SOP_C_API int sop_instance_new(const sop_definition* definition, const sop_calendar* calendar,
                               sop_instance** out);
/* An independent copy of a case (same definition and calendar). */
SOP_C_API int sop_instance_copy(const sop_instance* instance, sop_instance** out);
SOP_C_API void sop_instance_free(sop_instance* instance);

/* The operations. Each returns SOP_ACCEPTED, a positive sop_outcome when refused (nothing
 * changed; sop_last_message says why), or a negative sop_error. An answer's `value` is a
 * sop_answer (SOP_YES or SOP_NO; another value is SOP_ERROR_INVALID_ARGUMENT). */
SOP_C_API int sop_instance_start(sop_instance* instance, const char* actor, int64_t at);
SOP_C_API int sop_instance_complete(sop_instance* instance, const char* actor, int64_t at);
SOP_C_API int sop_instance_answer(sop_instance* instance, const char* actor, int value, int64_t at);
SOP_C_API int sop_instance_cancel(sop_instance* instance, const char* actor, const char* reason,
                                  int64_t at);
/* As sop_instance_complete and sop_instance_answer, naming the person who acts in the actor's
 * role (any key the application gives people, such as the NIP; NULL or "" for no one). It is
 * kept in the history, and it is what a step's separation-of-duties rule checks: such a step
 * refuses SOP_REFUSED_PERSON_REQUIRED without a person, and SOP_REFUSED_SEPARATION_OF_DUTIES for
 * one who performed a step it names. */
SOP_C_API int sop_instance_complete_by(sop_instance* instance, const char* actor,
                                       const char* person, int64_t at);
SOP_C_API int sop_instance_answer_by(sop_instance* instance, const char* actor, const char* person,
                                     int value, int64_t at);

/* The definition the case runs (borrowed from the instance). */
SOP_C_API const sop_definition* sop_instance_definition(const sop_instance* instance);
/* Where the case is (SOP_NOT_STARTED for NULL). */
SOP_C_API sop_status sop_instance_status(const sop_instance* instance);
/* The index of the current step in the definition, or -1 when at none. */
SOP_C_API int64_t sop_instance_current_step(const sop_instance* instance);
/* The number of actors who may act now (the current step's; at a joint step, those who have
 * not confirmed it yet). */
SOP_C_API size_t sop_instance_actor_count(const sop_instance* instance);
/* Actor id `index` of those; NULL when out of range. The definition's string. */
SOP_C_API const char* sop_instance_actor(const sop_instance* instance, size_t index);
/* When the current step began, into *out; SOP_ERROR_NOT_FOUND when at no step. */
SOP_C_API int sop_instance_step_started(const sop_instance* instance, int64_t* out);
/* When the current step is due, into *out; SOP_ERROR_NOT_FOUND when at no step or it has no
 * fixed time. */
SOP_C_API int sop_instance_due(const sop_instance* instance, int64_t* out);
/* 1 when the current step has a due time earlier than `now`, else 0. */
SOP_C_API int sop_instance_overdue(const sop_instance* instance, int64_t now);
/* The time of the last accepted operation, into *out; SOP_ERROR_NOT_FOUND before start. */
SOP_C_API int sop_instance_last_event(const sop_instance* instance, int64_t* out);
/* The number of performed steps. */
SOP_C_API size_t sop_instance_history_count(const sop_instance* instance);
/* Performed step `index` (oldest first) into *out. */
SOP_C_API int sop_instance_history(const sop_instance* instance, size_t index, sop_record* out);
/* The id of the ending a completed case reached; NULL unless completed. The definition's. */
SOP_C_API const char* sop_instance_ending(const sop_instance* instance);
/* The working minutes the case spent with the unit and with external actors, the current step
 * counted up to `now`, into *unit_minutes and *external_minutes. */
SOP_C_API int sop_instance_clock(const sop_instance* instance, int64_t now, int64_t* unit_minutes,
                                 int64_t* external_minutes);
/* Why the case was cancelled; "" unless cancelled. Valid until the next operation. */
SOP_C_API const char* sop_instance_cancel_reason(const sop_instance* instance);

/* The case's state as text (sop_free it); NULL on failure (sop_last_message says why). */
SOP_C_API char* sop_instance_snapshot(const sop_instance* instance);
/* Restores a case of `definition` on `calendar` (NULL: the default) from snapshot text.
 * Returns SOP_RESTORED and sets *out, a positive sop_restore_error (sop_last_message says
 * why), or a negative sop_error. */
SOP_C_API int sop_instance_restore(const sop_definition* definition, const char* text,
                                   const sop_calendar* calendar, sop_instance** out);

/* ---- rendering ---------------------------------------------------------------------------- */

/* Graphviz DOT of the procedure (sop_free it); NULL on failure. */
SOP_C_API char* sop_to_dot(const sop_definition* definition);
/* The standard printed document, one self-contained HTML page (sop_free it); `logo` is an
 * image URI for the logo space, or NULL. NULL on failure. */
SOP_C_API char* sop_to_html(const sop_definition* definition, const char* logo);
/* The flowchart table alone as one SVG image (sop_free it); NULL on failure. */
SOP_C_API char* sop_to_svg(const sop_definition* definition);

/* ---- the store ---------------------------------------------------------------------------- */

/* Durable cases in SQLite or PostgreSQL (sopengine::store): definitions by fingerprint, cases,
 * a hash-chained event log per case, worklists and reports. A store is one connection: one
 * thread at a time (open one per thread); many stores in many processes share a database. */
typedef struct sop_store sop_store;
/* A case as the store keeps it (a copy, read when it was returned). */
typedef struct sop_case sop_case;
/* Cases a query returned. */
typedef struct sop_case_list sop_case_list;
/* A case's event log. */
typedef struct sop_event_list sop_event_list;
/* The per-step measures of an SOP's cases. */
typedef struct sop_report sop_report;

/* Opens (creating or migrating) a store: a "postgresql://" or "postgres://" URI, else a SQLite
 * file path. SOP_ERROR_UNAVAILABLE or SOP_ERROR_INCOMPATIBLE when it cannot. */
SOP_C_API int sop_store_open(const char* where, sop_store** out);
/* Closes the connection. */
SOP_C_API void sop_store_close(sop_store* store);
/* "sqlite" or "postgresql". Static. */
SOP_C_API const char* sop_store_backend(const sop_store* store);

/* Stores an SOP version from a file (SOP_ERROR_LOAD_FAILED with its diagnostics when it has
 * errors); storing one already there changes nothing. */
SOP_C_API int sop_store_add_definition_file(sop_store* store, const char* path,
                                            sop_diagnostics** diagnostics);
/* As sop_store_add_definition_file, from `length` bytes of XML named `source_name`. */
SOP_C_API int sop_store_add_definition(sop_store* store, const char* text, size_t length,
                                       const char* source_name, sop_diagnostics** diagnostics);
/* Stores a calendar under `name`: new cases take its latest version, running cases keep theirs. */
SOP_C_API int sop_store_add_calendar(sop_store* store, const char* name,
                                     const sop_calendar* calendar);

/* What a new case runs on. */
typedef struct sop_new_case {
    const char* sop;         /* The SOP id. */
    const char* id;          /* The case id; NULL or "" for a generated one. */
    const char* fingerprint; /* A version to start on; NULL or "" for the one effective then. */
    const char* calendar;    /* A stored calendar's name; NULL or "" for the default. */
} sop_new_case;

/* Who acts, and on which revision. */
typedef struct sop_act_options {
    int has_revision;        /* 1: refuse with SOP_REFUSED_CONFLICT unless the case is at... */
    int64_t revision;        /* ...this revision (the one the caller read). */
    const char* person_name; /* The person acting, recorded in the event; may be NULL. */
    const char* person_nip;  /* Their NIP; may be NULL. */
} sop_act_options;

/* In which capacity a person acts in a role. */
typedef enum sop_capacity {
    SOP_CAPACITY_NONE = 0, /* Not resolved by the store: the operation named the actor. */
    SOP_HOLDER = 1,        /* The official who holds the post (pejabat definitif). */
    SOP_PLT = 2,           /* Pelaksana Tugas: acts in a vacant post or a long absence. */
    SOP_PLH = 3            /* Pelaksana Harian: acts in a short absence. */
} sop_capacity;

/* The operations on a stored case, each one transaction. Each returns SOP_ACCEPTED, a positive
 * sop_outcome or sop_store_refusal when refused (nothing changed), or a negative sop_error.
 * `options` may be NULL. When `state` is not NULL it receives the case after the operation
 * (free it with sop_case_free), or as it is when refused, or NULL when there is none. */
SOP_C_API int sop_store_start(sop_store* store, const sop_new_case* what, const char* actor,
                              int64_t at, const sop_act_options* options, sop_case** state);
SOP_C_API int sop_store_complete(sop_store* store, const char* case_id, const char* actor,
                                 int64_t at, const sop_act_options* options, sop_case** state);
SOP_C_API int sop_store_answer(sop_store* store, const char* case_id, const char* actor, int value,
                               int64_t at, const sop_act_options* options, sop_case** state);
SOP_C_API int sop_store_cancel(sop_store* store, const char* case_id, const char* actor,
                               const char* reason, int64_t at, const sop_act_options* options,
                               sop_case** state);
/* The same operations by a person, given by NIP in place of the actor: the store finds the role
 * the step waits for (`role`, or the first when NULL or "") that the person holds or acts for on
 * that day of the case's calendar, as holder, then Plt., then Plh., and records person, role,
 * capacity and letter in the event. Refused with SOP_REFUSED_NO_SUCH_PERSON, NOT_ASSIGNED,
 * APPOINTMENT_EXPIRED or APPOINTMENT_NOT_STARTED, and otherwise as the operations above. The
 * options' person fields must be NULL (the store looks the person up). A case starts in a role
 * of its first step, or else any role of the SOP; a cancellation may come from any role of it. */
SOP_C_API int sop_store_start_by(sop_store* store, const sop_new_case* what, const char* nip,
                                 const char* role, int64_t at, const sop_act_options* options,
                                 sop_case** state);
SOP_C_API int sop_store_complete_by(sop_store* store, const char* case_id, const char* nip,
                                    const char* role, int64_t at, const sop_act_options* options,
                                    sop_case** state);
SOP_C_API int sop_store_answer_by(sop_store* store, const char* case_id, const char* nip,
                                  const char* role, int value, int64_t at,
                                  const sop_act_options* options, sop_case** state);
SOP_C_API int sop_store_cancel_by(sop_store* store, const char* case_id, const char* nip,
                                  const char* role, const char* reason, int64_t at,
                                  const sop_act_options* options, sop_case** state);

/* The case into *out; SOP_ERROR_NOT_FOUND when there is none. */
SOP_C_API int sop_store_find_case(sop_store* store, const char* case_id, sop_case** out);
/* The case as an instance on its own version and calendar; SOP_ERROR_NOT_FOUND, or
 * SOP_ERROR_DAMAGED when it no longer loads. */
SOP_C_API int sop_store_load_case(sop_store* store, const char* case_id, sop_instance** out);
/* The work waiting for `actor`, earliest due first; of one SOP unless `sop` is NULL or "". */
SOP_C_API int sop_store_inbox(sop_store* store, const char* actor, const char* sop, size_t limit,
                              sop_case_list** out);
/* Cases whose current step was due before `at`, most overdue first. */
SOP_C_API int sop_store_overdue(sop_store* store, int64_t at, size_t limit, sop_case_list** out);
/* Cases of an SOP (NULL or "": all) and a status (-1: any), latest started first. */
SOP_C_API int sop_store_cases(sop_store* store, const char* sop, int status, size_t limit,
                              sop_case_list** out);
/* The case's event log, oldest first (empty when there is no such case). */
SOP_C_API int sop_store_history(sop_store* store, const char* case_id, sop_event_list** out);
/* Per step of an SOP: performed, on time, working minutes taken and standard. */
SOP_C_API int sop_store_report(sop_store* store, const char* sop, sop_report** out);
/* Checks every case (case_id NULL or "") or one: the hash chains, and that each case equals its
 * log's replay. SOP_OK when all holds; SOP_ERROR_DAMAGED when not, with one line per problem
 * ("case <id>, event <n>: <what>") in *problems when it is not NULL (sop_free it; NULL when all
 * holds). `cases` and `events` (may be NULL) receive how many were checked. */
SOP_C_API int sop_store_verify(sop_store* store, const char* case_id, int64_t* cases,
                               int64_t* events, char** problems);

/* A stored case. Strings belong to the sop_case (or its list). */
typedef struct sop_case_info {
    const char* id;          /* The case id. */
    const char* sop;         /* The SOP id. */
    const char* fingerprint; /* The definition version it runs on. */
    const char* calendar;    /* The calendar's name; "" for the default. */
    sop_status status;       /* Where it is. */
    const char* step;        /* The current step's id; "" when at none. */
    size_t actor_count;      /* Who may act now: sop_case_actor. */
    int has_step_started;    /* 1 when at a step... */
    int64_t step_started;    /* ...which began then. */
    int has_due;             /* 1 when the current step has a due time... */
    int64_t due;             /* ...which is this. */
    int64_t started;         /* When the case was started. */
    int64_t updated;         /* Its last event's time. */
    int64_t revision;        /* The number of events; 1 after start. */
} sop_case_info;

SOP_C_API int sop_case_get(const sop_case* stored, sop_case_info* out);
/* Actor id `index` of those who may act now; NULL when out of range. */
SOP_C_API const char* sop_case_actor(const sop_case* stored, size_t index);
SOP_C_API void sop_case_free(sop_case* stored);
SOP_C_API size_t sop_case_list_count(const sop_case_list* list);
/* Case `index` of the list (borrowed from it); NULL when out of range. */
SOP_C_API const sop_case* sop_case_list_get(const sop_case_list* list, size_t index);
SOP_C_API void sop_case_list_free(sop_case_list* list);

/* One event of a case's log. Strings belong to the sop_event_list. */
typedef struct sop_event {
    int64_t sequence;         /* 1 for the start, then 2, 3, ... */
    const char* kind;         /* "start", "complete", "answer" or "cancel". */
    const char* step;         /* The step acted on. */
    const char* actor;        /* The acting actor's id (the role acted in). */
    const char* person_name;  /* Who acted, when known; else "". */
    const char* person_nip;   /* Their NIP, or "". */
    const char* person_rank;  /* Their rank (pangkat/golongan), or "". */
    sop_capacity capacity;    /* How they acted in the role (an operation by a person). */
    const char* letter;       /* The Plt./Plh. appointment's letter, or "". */
    int64_t at;               /* When. */
    int answer;               /* SOP_YES or SOP_NO for an answer, else -1. */
    const char* reason;       /* Why, for a cancellation; else "". */
    int has_due;              /* 1 when the step performed had a due time... */
    int64_t due;              /* ...which is this. */
    int on_time;              /* 1 when it finished by then (or had none). */
    int has_minutes;          /* 1 for a completed or answered step: */
    int64_t working_minutes;  /* the working minutes it took, */
    int64_t standard_minutes; /* and its standard time in working minutes. */
    const char* previous;     /* The previous event's hash (hex); "" for the start. */
    const char* hash;         /* This event's hash (hex). */
} sop_event;

SOP_C_API size_t sop_event_list_count(const sop_event_list* list);
SOP_C_API int sop_event_list_get(const sop_event_list* list, size_t index, sop_event* out);
SOP_C_API void sop_event_list_free(sop_event_list* list);

/* One step's measures over an SOP's performed steps. */
typedef struct sop_step_measure {
    const char* step;         /* The step id. */
    int64_t performed;        /* How often it was completed or answered. */
    int64_t timed;            /* Of those, how many had a due time. */
    int64_t on_time;          /* Of those, how many finished by it. */
    int64_t working_minutes;  /* Total working minutes taken. */
    int64_t standard_minutes; /* Total standard working minutes of the timed ones. */
} sop_step_measure;

SOP_C_API size_t sop_report_count(const sop_report* report);
SOP_C_API int sop_report_get(const sop_report* report, size_t index, sop_step_measure* out);
SOP_C_API void sop_report_free(sop_report* report);

/* ---- the people behind the roles ---------------------------------------------------------- */

/* People are keyed by NIP. An assignment appoints a person to a role (an actor id) of a unit
 * (sop_definition_unit: SOPs of one unit share their roles' people), as the post's holder or
 * acting for it (Plt., Plh.) by a letter, for whole days on the case's calendar. Changes to
 * people and assignments return SOP_OK, a positive sop_store_refusal when refused (nothing
 * changed), or a negative sop_error (SOP_ERROR_INVALID_ARGUMENT for a blank name or NIP, a
 * Plt./Plh. without a letter or a last day, a period that ends before it begins). */

/* A calendar date; {0, 0, 0} where a date may be absent. */
typedef struct sop_date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..31 */
} sop_date;

/* An assignment. Given to sop_store_assign (id, revoked and revoked_reason are ignored), and
 * returned by sop_assignment_list_get (strings belong to the list). */
typedef struct sop_assignment {
    int64_t id;                 /* Given by the store. */
    const char* nip;            /* The person. */
    const char* unit;           /* The unit (sop_definition_unit). */
    const char* role;           /* The actor id. */
    sop_capacity capacity;      /* SOP_HOLDER, SOP_PLT or SOP_PLH. */
    const char* letter;         /* The letter's number; required for Plt. and Plh. */
    sop_date from;              /* The first day, inclusive. */
    sop_date to;                /* The last day, inclusive; {0, 0, 0}: open. */
    int revoked;                /* 1 when withdrawn (kept for the record, counts no more). */
    const char* revoked_reason; /* Why, or "". */
} sop_assignment;

/* Assignments a query returned. */
typedef struct sop_assignment_list sop_assignment_list;
/* A person's desk. */
typedef struct sop_desk sop_desk;

/* The unit whose roles the SOP's actors are: government, organization and unit, spaces folded
 * and in capitals, joined by " / " (sop_free it); NULL on failure. */
SOP_C_API char* sop_definition_unit(const sop_definition* definition);

/* Adds a person, or changes a stored one's name or rank (`rank` may be NULL); recorded in the
 * staff history at `at`. */
SOP_C_API int sop_store_put_person(sop_store* store, const char* nip, const char* name,
                                   const char* rank, int64_t at);
/* Appoints a person to a role; *id (when not NULL) receives the new assignment's id. Refused
 * with SOP_REFUSED_NO_SUCH_PERSON, SOP_REFUSED_NO_SUCH_ROLE or SOP_REFUSED_OVERLAPPING. */
SOP_C_API int sop_store_assign(sop_store* store, const sop_assignment* what, int64_t at,
                               int64_t* id);
/* Changes an assignment's period (`to` NULL: open); refused as sop_store_assign, and with
 * SOP_REFUSED_NO_SUCH_ASSIGNMENT. A revoked one cannot change. */
SOP_C_API int sop_store_set_period(sop_store* store, int64_t id, const sop_date* from,
                                   const sop_date* to, int64_t at);
/* Revokes an assignment made in error, with a reason; it stays on record. */
SOP_C_API int sop_store_revoke(sop_store* store, int64_t id, const char* reason, int64_t at);
/* The assignments of a person, unit and role (each NULL or "": any) that count on `on` (NULL:
 * any day), revoked ones too when `with_revoked` is 1; by unit, role, then first day. */
SOP_C_API int sop_store_assignments(sop_store* store, const char* nip, const char* unit,
                                    const char* role, const sop_date* on, int with_revoked,
                                    sop_assignment_list** out);
SOP_C_API size_t sop_assignment_list_count(const sop_assignment_list* list);
SOP_C_API int sop_assignment_list_get(const sop_assignment_list* list, size_t index,
                                      sop_assignment* out);
SOP_C_API void sop_assignment_list_free(sop_assignment_list* list);

/* What is on a person's desk on `day`: the cases waiting for a role they hold or act for that
 * day, earliest due first, once per role; of one SOP unless `sop` is NULL or "". */
SOP_C_API int sop_store_desk(sop_store* store, const char* nip, const sop_date* day,
                             const char* sop, size_t limit, sop_desk** out);
SOP_C_API size_t sop_desk_count(const sop_desk* desk);
/* Case `index` of the desk (borrowed from it; NULL when out of range), and the role, capacity
 * and letter in which the person may act on it (the strings belong to the desk). */
SOP_C_API const sop_case* sop_desk_get(const sop_desk* desk, size_t index, const char** role,
                                       sop_capacity* capacity, const char** letter);
SOP_C_API void sop_desk_free(sop_desk* desk);

/* The changes to the people and their assignments, oldest first: of one person (`nip`), or all
 * when `nip` is NULL or "". */
typedef struct sop_staff_log sop_staff_log;
typedef struct sop_staff_change {
    int64_t sequence;    /* 1, 2, ...: the order of changes. */
    int64_t at;          /* When it was recorded. */
    const char* kind;    /* "person", "assign", "period" or "revoke". */
    const char* nip;     /* The person concerned. */
    int64_t assignment;  /* The assignment concerned; 0 for a person's change. */
    const char* details; /* What changed, for people. */
} sop_staff_change;

SOP_C_API int sop_store_staff_history(sop_store* store, const char* nip, sop_staff_log** out);
SOP_C_API size_t sop_staff_log_count(const sop_staff_log* log);
SOP_C_API int sop_staff_log_get(const sop_staff_log* log, size_t index, sop_staff_change* out);
SOP_C_API void sop_staff_log_free(sop_staff_log* log);

/* One case's record as a printable HTML page: who acted in which capacity, when, due, on time or
 * late, and whether its chain verifies (sop_free it). NULL when there is no such case
 * (sop_last_message says so) or on failure. */
SOP_C_API char* sop_store_record_html(sop_store* store, const char* case_id);

#ifdef __cplusplus
}
#endif

#endif /* SOPENGINE_SOPENGINE_H */
