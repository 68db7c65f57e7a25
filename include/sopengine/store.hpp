#pragma once

/// @file
/// Durable cases: definitions by fingerprint, cases, a hash-chained event log per case,
/// worklists, overdue and on-time reports, with optimistic concurrency. One interface over two
/// databases: SQLite (an embedded file, the default) and PostgreSQL (shared by many servers).
/// Part of the library sopengine::store (link it besides sopengine::sopengine).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/instance.hpp>
#include <sopengine/observer.hpp>
#include <sopengine/people.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace sop {

/// Why a store could not do what was asked (besides an instance's own refusals, which keep
/// their sop::outcome_code).
enum class store_errc : std::uint8_t {
    conflict = 1,         ///< The case changed since the revision the caller read: a stale write.
    no_such_case,         ///< No case has that id.
    case_exists,          ///< start() with a case id that is already taken.
    no_such_definition,   ///< No stored SOP with that id or fingerprint, or none effective then.
    no_such_calendar,     ///< No stored calendar with that name.
    damaged,              ///< A stored case or definition that no longer loads (see verify()).
    unavailable,          ///< The database cannot be opened or reached, or failed (thrown).
    incompatible,         ///< Not a sopengine store, or one of a newer schema (thrown).
    no_such_person,       ///< No stored person has that NIP.
    not_assigned,         ///< The person holds and acts for none of the roles the step waits for.
    appointment_expired,  ///< The person's assignment to the role ended before that day.
    appointment_not_started,  ///< The person's assignment to the role begins after that day.
    no_such_assignment,       ///< No assignment has that id.
    no_such_role,             ///< No stored SOP of the unit has that actor (of the unit's own).
    overlapping,  ///< The person already has an assignment to the role for some of those days.
};

/// "conflict", "no_such_case", "case_exists", ...
SOPENGINE_API std::string_view to_string(store_errc code) noexcept;

/// The category of store_errc values ("sopengine.store").
SOPENGINE_API const std::error_category& store_category() noexcept;

/// A std::error_code of store_category().
SOPENGINE_API std::error_code make_error_code(store_errc code) noexcept;

/// A case as the store keeps it.
struct case_info {
    std::string id;                            ///< The case id.
    std::string sop;                           ///< The SOP id.
    std::string fingerprint;                   ///< The definition version the case runs on.
    std::string calendar;                      ///< The calendar's name; empty for the default.
    sop::status status = status::not_started;  ///< Where the case is.
    std::string step;                          ///< The current step's id; empty when at none.
    std::vector<std::string> actors;           ///< Who may act now: the current step's actors.
    std::optional<time_point> step_started;    ///< When the current step began.
    /// When the current step is due, if it has a time; while a sub-case runs, the earliest of that
    /// and the due times of the steps its sub-cases wait at.
    std::optional<time_point> due;
    time_point started{};       ///< When the case was started.
    time_point updated{};       ///< The time of its last event.
    std::int64_t revision = 0;  ///< The number of events; 1 after start.
    std::string ending;         ///< How a completed case ended (sop::ending's id); empty otherwise.

    friend bool operator==(const case_info&, const case_info&) = default;
};

/// What an event of a case's log records.
enum class event_kind : std::uint8_t {
    start,     ///< The case was started (step: the first step).
    complete,  ///< An activity was completed (step: the activity).
    answer,    ///< A decision was answered (step: the decision).
    cancel,    ///< The case was cancelled (step: the step it was at).
};

/// "start", "complete", "answer" or "cancel".
SOPENGINE_API std::string_view to_string(event_kind kind) noexcept;

/// One event of a case's append-only log. Each event's hash is SHA-256 over the previous
/// event's hash and a canonical encoding of every other field, so an edited, deleted or
/// reordered event breaks the chain (store::verify).
struct case_event {
    std::string case_id;        ///< The case.
    std::int64_t sequence = 0;  ///< 1 for the start, then 2, 3, ...: the revision it made.
    event_kind kind = event_kind::start;  ///< What happened.
    std::string step;                     ///< The step acted on (see event_kind).
    std::string actor;                    ///< The acting actor's id (the role acted in).
    sop::person person;                   ///< Who acted, when known.
    /// In which capacity the person acted in the role: resolved by the store for an operation
    /// by_person; none for an operation that named the actor.
    sop::capacity capacity = capacity::none;
    std::string letter;  ///< The letter of a Plt./Plh. appointment (or the holder's decree).
    time_point at{};     ///< When.
    std::optional<sop::answer> answer;  ///< The answer, for a decision.
    std::string reason;                 ///< Why, for a cancellation.
    /// For a completed or answered step: when it began and when it was due (none without a
    /// fixed time); and, when the event completed it, the working minutes it took and its
    /// standard time in working minutes, both on the case's calendar (none for a confirmation
    /// of a joint step that others had still to give, or an operation inside a sub-case still
    /// running).
    std::optional<time_point> step_started;
    std::optional<time_point> due;                 ///< See step_started.
    std::optional<std::int64_t> working_minutes;   ///< See step_started.
    std::optional<std::int64_t> standard_minutes;  ///< See step_started.
    std::string fingerprint;  ///< The start only: the definition version the case runs on.
    std::string calendar;     ///< The start only: the calendar's fingerprint; empty for default.
    std::string previous;     ///< The previous event's hash (hex); empty for the start.
    std::string hash;         ///< This event's hash (hex).

    /// True when a step with a due time finished no later than due.
    bool on_time() const noexcept { return !due || at <= *due; }

    friend bool operator==(const case_event&, const case_event&) = default;
};

/// The result of an operation on a stored case. `code` is empty when accepted; otherwise an
/// sop::outcome_code (the instance refused, as in memory) or an sop::store_errc (conflict,
/// no_such_case, ...). A refused operation changed nothing in the store.
struct [[nodiscard]] store_outcome {
    std::error_code code;  ///< Empty when accepted.
    std::string message;   ///< For people; empty when accepted.
    /// The case after the operation; when refused, as it is (when it exists).
    std::optional<case_info> state;

    /// True when the operation took effect and was committed.
    explicit operator bool() const noexcept { return !code; }
};

/// How start() picks what a new case runs on.
struct new_case {
    std::string sop{};  ///< The SOP id.
    /// The case id; generated (a random UUID) when empty.
    std::string id{};
    /// A definition version (fingerprint) to start on; empty for the version effective on the
    /// case's start date (the latest `<effective>` date not after it, the latest stored among
    /// equal dates; a definition without an effective date counts as effective from always).
    std::string fingerprint{};
    /// The name of a stored calendar (its latest version); empty for the default calendar.
    std::string calendar{};
};

/// Who acts and on which revision, for an operation on a stored case.
struct act_options {
    /// The revision the caller last read (case_info::revision). When set and the case has moved
    /// on, the operation is refused with store_errc::conflict. When unset, the operation applies
    /// to the case as it is when the transaction reads it; a write that races with another is
    /// still refused with conflict, never lost.
    std::optional<std::int64_t> revision{};
    /// The person acting, recorded in the event, for an operation that names the actor; its NIP
    /// is who the case's separation-of-duties rules check. Leave it empty for an operation
    /// by_person, whose person the store looks up.
    sop::person by{};
};

/// The result of a change to the people and their assignments: `code` is empty when it was
/// made; otherwise nothing changed.
struct [[nodiscard]] staff_outcome {
    std::error_code code;  ///< Empty when made.
    std::string message;   ///< For people; empty when made.
    /// The assignment as stored after assign(), set_period() or revoke().
    std::optional<sop::assignment> assignment;

    /// True when the change was made and committed.
    explicit operator bool() const noexcept { return !code; }
};

/// One case on a person's desk: the case, and the role and capacity in which they may act.
struct desk_item {
    case_info work;                           ///< The case.
    std::string role;                         ///< The role (actor id) it waits for.
    sop::capacity capacity = capacity::none;  ///< holder, plt or plh.
    std::string letter;                       ///< The appointment's letter.

    friend bool operator==(const desk_item&, const desk_item&) = default;
};

/// A stored definition version.
struct stored_definition {
    std::string sop;                                       ///< The SOP id.
    std::string fingerprint;                               ///< The version.
    std::string title;                                     ///< Its title (Nama SOP).
    std::optional<std::chrono::year_month_day> effective;  ///< Its effective date, if given.

    friend bool operator==(const stored_definition&, const stored_definition&) = default;
};

/// Which cases a listing returns.
struct case_filter {
    std::string sop{};                    ///< Only this SOP's cases; empty for all.
    std::optional<sop::status> status{};  ///< Only cases with this status.
    std::size_t limit = 100;              ///< At most this many.
};

/// The mutu baku as measured: one step over the performed steps of an SOP's cases.
struct step_measure {
    std::string step;                   ///< The step id.
    std::int64_t performed = 0;         ///< How often it was completed or answered.
    std::int64_t timed = 0;             ///< Of those, how many had a due time.
    std::int64_t on_time = 0;           ///< Of those, how many finished by it.
    std::int64_t working_minutes = 0;   ///< Total working minutes taken (case calendars).
    std::int64_t standard_minutes = 0;  ///< Total standard working minutes of the timed ones.

    /// on_time / timed; 1 when nothing was timed.
    double on_time_rate() const noexcept {
        return timed == 0 ? 1.0 : static_cast<double>(on_time) / static_cast<double>(timed);
    }
};

/// How many of an SOP's cases ended one way.
struct ending_count {
    std::string ending;      ///< The ending's id.
    std::string label;       ///< Its label in the latest stored version; empty if it has none.
    std::int64_t cases = 0;  ///< Completed cases that ended so.

    friend bool operator==(const ending_count&, const ending_count&) = default;
};

/// One problem verify() found.
struct verify_problem {
    std::string case_id;        ///< The case.
    std::int64_t sequence = 0;  ///< The event, or 0 for the case itself.
    std::string message;        ///< What is wrong.
};

/// What verify() found: nothing, when every chain holds and every case equals its log's replay.
struct verify_result {
    std::int64_t cases = 0;                ///< Cases checked.
    std::int64_t events = 0;               ///< Events checked.
    std::vector<verify_problem> problems;  ///< Empty when all holds.

    /// True when no problem was found.
    explicit operator bool() const noexcept { return problems.empty(); }
};

/// How a store is opened.
struct store_options {
    /// SQLite: how long a writer waits for another process's transaction before giving up.
    std::chrono::milliseconds busy_timeout{10'000};
};

namespace detail {
class store_backend;
}  // namespace detail

/// Definitions, calendars and cases kept in a database. Open one with store::open:
///
/// @code
/// auto db = sop::store::open("cases.sqlite");   // or "postgresql://host/db"
/// db.add_definition_file("sop-definitions/sidoarjo.xml");
/// auto started = db.start({.sop = "sidoarjo-setda-pengumpulan-data-kinerja"}, "sekda", at);
/// auto done = db.complete(started.state->id, "asisten", later);
/// @endcode
///
/// Every operation on a case is one transaction: it reads the case, applies the operation
/// through sop::instance (a refusal changes nothing), appends the event and updates the case,
/// then commits. Two writers never both win: the case's revision guards every write.
///
/// Errors of the database itself (unreachable, disk full, a newer schema) are thrown as
/// sop::error with a store_errc code (unavailable, incompatible); everything a caller can
/// cause is a value. A store is a connection: use one from one thread at a time (open one per
/// thread or per request); many stores, in many processes, may share one database.
class SOPENGINE_API store {
public:
    /// Opens (and creates or migrates) a store. `where` is a PostgreSQL connection URI
    /// ("postgresql://..." or "postgres://...") or a SQLite file path (an optional "sqlite:"
    /// prefix). Throws sop::error (store_errc::unavailable, store_errc::incompatible).
    static store open(std::string_view where, const store_options& options = {});

    ~store();
    store(store&& other) noexcept;
    store& operator=(store&& other) noexcept;
    store(const store&) = delete;
    store& operator=(const store&) = delete;

    /// "sqlite" or "postgresql".
    std::string_view backend() const noexcept;
    /// The schema version the database is at (the latest this version knows, once opened).
    static int schema_version() noexcept;

    /// Stores a definition version from its XML text (loaded first: throws sop::load_error when
    /// it has errors). Storing one already there (same fingerprint) changes nothing. A
    /// definition whose steps run related SOPs (step::sop) is linked with the latest stored
    /// version of each, and pinned to them: its cases, now and after any reopening, run those
    /// versions as sub-cases, whatever is stored later (store a new version of it to move on).
    /// Throws sop::error (errc::not_linked) when a related SOP is not stored yet, or the stored
    /// versions do not link (SOPs that run each other in a circle).
    sop::definition add_definition(std::string_view xml, std::string source_name);
    /// As above, from a file.
    sop::definition add_definition_file(const std::filesystem::path& path);
    /// The stored versions, of one SOP or of all when `sop` is empty, by SOP then as stored.
    std::vector<stored_definition> definitions(std::string_view sop = {});
    /// The version with this fingerprint, if stored.
    std::optional<sop::definition> find_definition(std::string_view fingerprint);

    /// Stores a calendar under `name` (a later one of the same name is a new version: new cases
    /// take it, running cases keep theirs). Returns the version's fingerprint.
    std::string add_calendar(std::string_view name, const working_calendar& calendar);
    /// The latest version of the named calendar, if stored.
    std::optional<working_calendar> find_calendar(std::string_view name);

    /// Starts a case as `actor` at `at` (see new_case for the version and calendar it takes).
    store_outcome start(const new_case& what, std::string_view actor, time_point at,
                        const act_options& options = {});
    /// Completes the case's current activity as `actor`.
    store_outcome complete(std::string_view case_id, std::string_view actor, time_point at,
                           const act_options& options = {});
    /// Answers the case's current decision as `actor`.
    store_outcome answer(std::string_view case_id, std::string_view actor, sop::answer value,
                         time_point at, const act_options& options = {});
    /// Cancels the case as `actor`, with a reason.
    store_outcome cancel(std::string_view case_id, std::string_view actor, std::string_view reason,
                         time_point at, const act_options& options = {});

    /// Starts a case as a person (see by_person): in a role of the SOP's first step, or else any
    /// role of the SOP, that the person holds or acts for on the day of `at`. Refusals as for
    /// complete() below.
    store_outcome start(const new_case& what, const by_person& who, time_point at,
                        const act_options& options = {});
    /// Completes the case's current activity as a person: the store resolves the role the step
    /// waits for (of the sub-case's SOP, while one runs) that the person holds or acts for on the
    /// day of `at` on the case's calendar, as holder first, then Plt., then Plh., and records
    /// person, role, capacity and letter in the event. Refused with no_such_person,
    /// not_assigned, appointment_expired or appointment_not_started (store_errc), or
    /// not_your_turn when `who.role` is not a role the step waits for; and as complete() by
    /// actor otherwise (separation_of_duties included).
    store_outcome complete(std::string_view case_id, const by_person& who, time_point at,
                           const act_options& options = {});
    /// Answers the case's current decision as a person (see complete()).
    store_outcome answer(std::string_view case_id, const by_person& who, sop::answer value,
                         time_point at, const act_options& options = {});
    /// Cancels the case as a person, in any role of its SOP that they hold or act for then.
    store_outcome cancel(std::string_view case_id, const by_person& who, std::string_view reason,
                         time_point at, const act_options& options = {});

    /// Adds a person, or changes a stored person's name or rank (keyed by NIP, which must not be
    /// empty; nor may the name). Recorded in staff_history() at `at`.
    staff_outcome put_person(const person& who, time_point at);
    /// The person with this NIP, if stored.
    std::optional<person> find_person(std::string_view nip);
    /// Every stored person, by NIP.
    std::vector<person> people();
    /// Appoints a person to a role of a unit (what.id is ignored; the stored one is returned).
    /// Refused with no_such_person; no_such_role when no stored SOP of the unit has that actor,
    /// or only as an external party; overlapping when the person already has the role for some
    /// of those days; errc::invalid_argument for a Plt./Plh. without a letter or a last day, or
    /// a period that ends before it begins.
    staff_outcome assign(const assignment& what, time_point at);
    /// Changes an assignment's period: ends it early, or extends it (no_such_assignment,
    /// overlapping and invalid_argument as for assign; a revoked one cannot change).
    staff_outcome set_period(std::int64_t assignment_id, std::chrono::year_month_day from,
                             std::optional<std::chrono::year_month_day> to, time_point at);
    /// Revokes an assignment made in error, with a reason; it stays in the record.
    staff_outcome revoke(std::int64_t assignment_id, std::string_view reason, time_point at);
    /// The assignments that match, by unit, role, then first day.
    std::vector<assignment> assignments(const assignment_filter& filter = {});
    /// The changes to the people and their assignments, oldest first: of one person, or all
    /// when `nip` is empty.
    std::vector<staff_change> staff_history(std::string_view nip = {});
    /// What is on a person's desk on `day`: the cases waiting for a role they hold or act for
    /// that day (in the unit of the SOP whose step waits), earliest due first, as inbox(); a
    /// case waiting for two of their roles is listed once per role. Of one SOP when `sop` is
    /// not empty.
    std::vector<desk_item> desk(std::string_view nip, std::chrono::year_month_day day,
                                std::string_view sop = {}, std::size_t limit = 100);

    /// One case's record as a printable page (HTML, A4 landscape, in the style of the SOP
    /// document): the SOP's identity, then each event: the step, the role, who acted and in which
    /// capacity ("Plh. Kabag ..." with the letter), when, when it was due, on time or late, and
    /// the answer or outcome; and whether the case's chain verifies. std::nullopt when there is
    /// no such case.
    std::optional<std::string> record_html(std::string_view case_id);

    /// The case, if stored.
    std::optional<case_info> find_case(std::string_view case_id);
    /// The case as an instance, on its own definition version and calendar, if stored: from its
    /// cached snapshot, or, when that does not restore, by replaying its log. Throws sop::error
    /// (store_errc::damaged) when neither loads.
    std::optional<sop::instance> load_case(std::string_view case_id);
    /// The case's event log, oldest first (empty when there is no such case).
    std::vector<case_event> history(std::string_view case_id);
    /// The work waiting for an actor (the steps they may perform now), earliest due first (steps
    /// without a due time last, oldest first); of one SOP when `sop` is not empty.
    std::vector<case_info> inbox(std::string_view actor, std::string_view sop = {},
                                 std::size_t limit = 100);
    /// Cases whose current step was due before `at`, most overdue first.
    std::vector<case_info> overdue(time_point at, std::size_t limit = 100);
    /// Cases of an SOP and status, latest started first.
    std::vector<case_info> cases(const case_filter& filter = {});
    /// Per step of an SOP: performed, on time, working minutes taken and standard, in the
    /// SOP's step order (steps no version has any more come last).
    std::vector<step_measure> report(std::string_view sop);
    /// Per ending of an SOP, how many of its cases ended so: in the order of the latest stored
    /// version (endings no case reached count 0), then endings it no longer has.
    std::vector<ending_count> endings(std::string_view sop);
    /// Checks every case (or one): each event's hash chain, the sequence, and that the stored
    /// case equals the replay of its log on its definition and calendar.
    verify_result verify(std::string_view case_id = {});

private:
    explicit store(std::unique_ptr<detail::store_backend> backend);
    std::unique_ptr<detail::store_backend> backend_;
};

}  // namespace sop

template <>
struct std::is_error_code_enum<sop::store_errc> : std::true_type {};
