// sop::store: the schema, the operations on cases as transactions, the event chain, the queries.
// The SQL is written once in the dialect SQLite and PostgreSQL share ("?" parameters, BIGINT and
// TEXT columns, ON CONFLICT DO NOTHING, partial indexes); database.hpp hides the rest.

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sopengine/catalog.hpp>
#include <sopengine/error.hpp>
#include <sopengine/load.hpp>
#include <sopengine/snapshot.hpp>
#include <sopengine/store.hpp>
#include <unordered_map>

#include "detail/time_text.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"

namespace sop {
namespace detail {

bool sql_row::null(std::size_t column) const {
    return std::holds_alternative<std::monostate>(values_.at(column));
}

std::int64_t sql_row::integer(std::size_t column) const {
    const sql_value& value = values_.at(column);
    if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
    if (const auto* text = std::get_if<std::string>(&value)) {
        // SUM() of BIGINT is NUMERIC in PostgreSQL; read its text.
        std::int64_t number = 0;
        std::from_chars(text->data(), text->data() + text->size(), number);
        return number;
    }
    return 0;
}

std::optional<std::int64_t> sql_row::optional_integer(std::size_t column) const {
    if (null(column)) return std::nullopt;
    return integer(column);
}

const std::string& sql_row::text(std::size_t column) const {
    static const std::string empty;
    const auto* text = std::get_if<std::string>(&values_.at(column));
    return text != nullptr ? *text : empty;
}

namespace {

// Version n of the schema is migrations[n - 1]; a database at an older version gets the rest on
// open. Append new versions; never edit a released one.
constexpr std::array<std::string_view, 4> migrations{R"sql(
CREATE TABLE sop_definitions (
    fingerprint TEXT PRIMARY KEY,
    sop_id TEXT NOT NULL,
    title TEXT NOT NULL,
    effective BIGINT,
    stored BIGINT NOT NULL,
    source_name TEXT NOT NULL,
    xml TEXT NOT NULL);
CREATE INDEX sop_definitions_by_sop ON sop_definitions (sop_id, effective, stored);
CREATE TABLE sop_calendars (
    name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    stored BIGINT NOT NULL,
    xml TEXT NOT NULL,
    PRIMARY KEY (name, fingerprint));
CREATE INDEX sop_calendars_by_name ON sop_calendars (name, stored);
CREATE INDEX sop_calendars_by_fingerprint ON sop_calendars (fingerprint);
CREATE TABLE sop_cases (
    id TEXT PRIMARY KEY,
    sop_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL REFERENCES sop_definitions (fingerprint),
    calendar_name TEXT NOT NULL,
    calendar TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT,
    actors TEXT NOT NULL,
    step_started BIGINT,
    due BIGINT,
    started BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    head TEXT NOT NULL,
    snapshot TEXT NOT NULL);
CREATE INDEX sop_cases_by_sop ON sop_cases (sop_id, status, started);
CREATE INDEX sop_cases_by_started ON sop_cases (started);
CREATE INDEX sop_cases_due ON sop_cases (due) WHERE due IS NOT NULL;
CREATE TABLE sop_case_actors (
    case_id TEXT NOT NULL REFERENCES sop_cases (id),
    actor TEXT NOT NULL,
    sop_id TEXT NOT NULL,
    sort_due BIGINT NOT NULL,
    step_started BIGINT NOT NULL,
    PRIMARY KEY (case_id, actor));
CREATE INDEX sop_case_actors_by_actor ON sop_case_actors (actor, sort_due, step_started, case_id);
CREATE INDEX sop_case_actors_by_sop ON sop_case_actors (sop_id, actor, sort_due, step_started,
                                                        case_id);
CREATE TABLE sop_events (
    case_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    sop_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    step TEXT NOT NULL,
    actor TEXT NOT NULL,
    person_name TEXT NOT NULL,
    person_nip TEXT NOT NULL,
    at BIGINT NOT NULL,
    answer TEXT,
    reason TEXT NOT NULL,
    step_started BIGINT,
    due BIGINT,
    working_minutes BIGINT,
    standard_minutes BIGINT,
    fingerprint TEXT NOT NULL,
    calendar TEXT NOT NULL,
    previous TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (case_id, seq));
CREATE INDEX sop_events_by_step ON sop_events (sop_id, step);
)sql",
                                                     R"sql(
ALTER TABLE sop_cases ADD COLUMN ending TEXT;
)sql",
                                                     R"sql(
CREATE TABLE sop_links (
    fingerprint TEXT NOT NULL REFERENCES sop_definitions (fingerprint),
    related_sop TEXT NOT NULL,
    related_fingerprint TEXT NOT NULL REFERENCES sop_definitions (fingerprint),
    PRIMARY KEY (fingerprint, related_sop));
)sql",
                                                     R"sql(
ALTER TABLE sop_definitions ADD COLUMN unit TEXT NOT NULL DEFAULT '';
CREATE INDEX sop_definitions_by_unit ON sop_definitions (unit);
ALTER TABLE sop_case_actors ADD COLUMN unit TEXT NOT NULL DEFAULT '';
CREATE INDEX sop_case_actors_by_unit ON sop_case_actors (unit, actor);
ALTER TABLE sop_events ADD COLUMN person_rank TEXT NOT NULL DEFAULT '';
ALTER TABLE sop_events ADD COLUMN capacity TEXT NOT NULL DEFAULT 'none';
ALTER TABLE sop_events ADD COLUMN letter TEXT NOT NULL DEFAULT '';
CREATE TABLE sop_people (
    nip TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rank TEXT NOT NULL);
CREATE TABLE sop_assignments (
    id BIGINT PRIMARY KEY,
    nip TEXT NOT NULL REFERENCES sop_people (nip),
    unit TEXT NOT NULL,
    role TEXT NOT NULL,
    capacity TEXT NOT NULL,
    letter TEXT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to BIGINT,
    revoked BIGINT NOT NULL,
    revoked_reason TEXT NOT NULL);
CREATE INDEX sop_assignments_by_nip ON sop_assignments (nip, unit, role);
CREATE INDEX sop_assignments_by_role ON sop_assignments (unit, role, nip);
CREATE TABLE sop_staff_changes (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    nip TEXT NOT NULL,
    assignment BIGINT NOT NULL,
    details TEXT NOT NULL);
CREATE INDEX sop_staff_changes_by_nip ON sop_staff_changes (nip, seq);
)sql"};

constexpr std::string_view case_columns =
    "c.id, c.sop_id, c.fingerprint, c.calendar_name, c.status, c.step, c.actors, "
    "c.step_started, c.due, c.started, c.updated, c.revision, c.ending";
// The columns a full case row has after case_columns.
constexpr std::size_t calendar_column = 13;
constexpr std::size_t head_column = 14;
constexpr std::size_t snapshot_column = 15;
constexpr std::string_view event_columns =
    "case_id, seq, kind, step, actor, person_name, person_nip, at, answer, reason, step_started, "
    "due, working_minutes, standard_minutes, fingerprint, calendar, previous, hash, person_rank, "
    "capacity, letter";

constexpr std::int64_t no_due = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t max_case_id = 200;

std::int64_t seconds(time_point at) {
    return at.time_since_epoch().count();
}
time_point instant(std::int64_t value) {
    return time_point{std::chrono::seconds{value}};
}
std::optional<time_point> optional_instant(const std::optional<std::int64_t>& value) {
    if (!value) return std::nullopt;
    return instant(*value);
}
sql_value value_of(const std::optional<std::int64_t>& number) {
    if (!number) return std::monostate{};
    return *number;
}
sql_value value_of(const std::optional<time_point>& at) {
    if (!at) return std::monostate{};
    return seconds(*at);
}

std::optional<sop::status> status_named(std::string_view name) {
    for (const sop::status value : {status::not_started, status::at_activity, status::at_decision,
                                    status::completed, status::cancelled}) {
        if (to_string(value) == name) return value;
    }
    return std::nullopt;
}

std::optional<event_kind> kind_named(std::string_view name) {
    for (const event_kind value :
         {event_kind::start, event_kind::complete, event_kind::answer, event_kind::cancel}) {
        if (to_string(value) == name) return value;
    }
    return std::nullopt;
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find(' ', at), text.size());
        if (end > at) words.emplace_back(text.substr(at, end - at));
        at = end + 1;
    }
    return words;
}

std::string hex(std::span<const unsigned char> bytes) {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char byte : bytes) {
        out += digits[byte >> 4U];
        out += digits[byte & 0xfU];
    }
    return out;
}

std::string sha256(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw error(store_errc::unavailable, "OpenSSL could not compute a SHA-256 digest");
    }
    return hex(std::span(digest.data(), size));
}

// A random (version 4) UUID, from OpenSSL's generator.
std::string new_case_id() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw error(store_errc::unavailable, "OpenSSL could not generate random bytes");
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0fU) | 0x40U);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3fU) | 0x80U);
    const std::string digits = hex(bytes);
    return fmt::format("{}-{}-{}-{}-{}", digits.substr(0, 8), digits.substr(8, 4),
                       digits.substr(12, 4), digits.substr(16, 4), digits.substr(20));
}

// The canonical encoding an event's hash is taken over: every field but the hash, in a fixed
// order, each as "|<length>:<bytes>" ("|-" for none), so no two events encode alike. An event
// with a person's rank, capacity or letter is encoding 2, which adds them; every other event
// is encoding 1, as it was before they existed, so that older chains still verify. The
// encodings start differently, so none of one equals any of the other.
std::string canonical(const case_event& event) {
    const bool staffed =
        event.capacity != capacity::none || !event.person.rank.empty() || !event.letter.empty();
    std::string out = staffed ? "sopengine.event.2" : "sopengine.event.1";
    const auto text = [&out](std::string_view value) {
        fmt::format_to(std::back_inserter(out), "|{}:", value.size());
        out += value;
    };
    const auto number = [&text](const std::optional<std::int64_t>& value) {
        text(value ? std::to_string(*value) : std::string("-"));
    };
    const auto moment = [&number](const std::optional<time_point>& at) {
        number(at ? std::optional<std::int64_t>(seconds(*at)) : std::nullopt);
    };
    text(event.previous);
    text(event.case_id);
    number(event.sequence);
    text(to_string(event.kind));
    text(event.step);
    text(event.actor);
    text(event.person.name);
    text(event.person.nip);
    moment(event.at);
    text(event.answer ? to_string(*event.answer) : std::string_view("-"));
    text(event.reason);
    moment(event.step_started);
    moment(event.due);
    number(event.working_minutes);
    number(event.standard_minutes);
    text(event.fingerprint);
    text(event.calendar);
    if (staffed) {
        text(event.person.rank);
        text(to_string(event.capacity));
        text(event.letter);
    }
    return out;
}

std::string event_hash(const case_event& event) {
    return sha256(canonical(event));
}

case_info case_from(const sql_row& row) {
    case_info info;
    info.id = row.text(0);
    info.sop = row.text(1);
    info.fingerprint = row.text(2);
    info.calendar = row.text(3);
    info.status = status_named(row.text(4)).value_or(status::not_started);
    info.step = row.text(5);
    info.actors = split_words(row.text(6));
    info.step_started = optional_instant(row.optional_integer(7));
    info.due = optional_instant(row.optional_integer(8));
    info.started = instant(row.integer(9));
    info.updated = instant(row.integer(10));
    info.revision = row.integer(11);
    info.ending = row.text(12);
    return info;
}

case_event event_from(const sql_row& row) {
    case_event event;
    event.case_id = row.text(0);
    event.sequence = row.integer(1);
    event.kind = kind_named(row.text(2)).value_or(event_kind::start);
    event.step = row.text(3);
    event.actor = row.text(4);
    event.person = {row.text(5), row.text(6), row.text(18)};
    event.at = instant(row.integer(7));
    if (!row.null(8)) event.answer = row.text(8) == "yes" ? answer::yes : answer::no;
    event.reason = row.text(9);
    event.step_started = optional_instant(row.optional_integer(10));
    event.due = optional_instant(row.optional_integer(11));
    event.working_minutes = row.optional_integer(12);
    event.standard_minutes = row.optional_integer(13);
    event.fingerprint = row.text(14);
    event.calendar = row.text(15);
    event.previous = row.text(16);
    event.hash = row.text(17);
    event.capacity = capacity_named(row.text(19)).value_or(capacity::none);
    event.letter = row.text(20);
    return event;
}

// Where the work of a case is: the case, or the sub-case (of a sub-case ...) its step runs.
const instance& where_work_is(const instance& work) {
    const instance* at = &work;
    while (const instance* inner = at->sub_case()) at = inner;
    return *at;
}

std::string join_ids(const std::vector<const actor*>& actors) {
    std::string out;
    for (const actor* who : actors) {
        if (!out.empty()) out += ' ';
        out += who->id;
    }
    return out;
}

// When the work waiting on a case is due: the earliest due time of its current step and of the
// steps its running sub-cases wait at (a sub-case's step may fall due before the step that runs
// it, and the desks and the overdue list are about the work waiting now).
std::optional<time_point> desk_due(const instance& work) {
    std::optional<time_point> due = work.due();
    for (const instance* sub = work.sub_case(); sub != nullptr; sub = sub->sub_case()) {
        if (const auto inner = sub->due(); inner && (!due || *inner < *due)) due = inner;
    }
    return due;
}

// A case's listed state, as an operation leaves it.
case_info info_of(case_info info, const instance& work, time_point updated) {
    info.status = work.status();
    const step* now = work.current_step();
    info.step = now != nullptr ? now->id : std::string();
    info.actors.clear();
    for (const actor* who : work.actors_now()) info.actors.push_back(who->id);
    info.step_started = work.step_started();
    info.due = desk_due(work);
    info.ending = work.ending() != nullptr ? work.ending()->id : std::string();
    info.updated = updated;
    ++info.revision;
    return info;
}

store_outcome refused(std::error_code code, std::string message,
                      std::optional<case_info> state = std::nullopt) {
    return {code, std::move(message), std::move(state)};
}

}  // namespace

// The store's state: the connection and what it has read of definitions and calendars (both
// immutable once stored, so never stale).
class store_backend {
public:
    explicit store_backend(std::unique_ptr<database> db) : db_(std::move(db)) { migrate(); }

    database& db() { return *db_; }

    // --- definitions and calendars -------------------------------------------------------

    definition add_definition(std::string_view xml, std::string source_name) {
        definition loaded = load_string_or_throw(xml, std::move(source_name));
        // A version that runs related SOPs is pinned, when first stored, to the latest stored
        // version of each; stored again, it keeps its pins.
        std::vector<std::pair<std::string, std::string>> pins;
        if (!loaded.linked()) {
            pins = links_of(loaded.fingerprint());
            if (pins.empty()) pins = latest_pins(loaded);
            loaded = link_with(loaded, pins, errc::not_linked);
        }
        const auto& effective = loaded.header().effective.date;
        const std::array<sql_value, 7> values{
            loaded.fingerprint(),
            loaded.id(),
            loaded.header().title,
            effective ? sql_value(std::int64_t{
                            std::chrono::sys_days(*effective).time_since_epoch().count()})
                      : sql_value(std::monostate{}),
            loaded.source_name(),
            std::string(xml),
            unit_for(loaded)};
        transaction work(*db_);
        db_->change(
            "INSERT INTO sop_definitions (fingerprint, sop_id, title, effective, stored, "
            "source_name, xml, unit) SELECT ?, ?, ?, ?, COALESCE(MAX(stored), 0) + 1, ?, ?, ? "
            "FROM sop_definitions WHERE TRUE ON CONFLICT (fingerprint) DO NOTHING",
            values);
        for (const auto& [related, fingerprint] : pins) {
            const std::array<sql_value, 3> link{loaded.fingerprint(), related, fingerprint};
            db_->change(
                "INSERT INTO sop_links (fingerprint, related_sop, related_fingerprint) VALUES "
                "(?, ?, ?) ON CONFLICT (fingerprint, related_sop) DO NOTHING",
                link);
        }
        work.commit();
        definitions_.emplace(loaded.fingerprint(), loaded);
        return loaded;
    }

    // The related SOPs a stored version is pinned to: (SOP id, fingerprint), by SOP id.
    std::vector<std::pair<std::string, std::string>> links_of(const std::string& fingerprint) {
        const std::array<sql_value, 1> values{fingerprint};
        std::vector<std::pair<std::string, std::string>> out;
        for (const sql_row& row : db_->query("SELECT related_sop, related_fingerprint FROM "
                                             "sop_links WHERE fingerprint = ? ORDER BY related_sop",
                                             values)) {
            out.emplace_back(row.text(0), row.text(1));
        }
        return out;
    }

    // The latest stored version of each related SOP `sop`'s steps run; throws sop::error
    // (errc::not_linked) for one the store does not have.
    std::vector<std::pair<std::string, std::string>> latest_pins(const definition& sop) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const step& row : sop.steps()) {
            if (row.sop.empty() || std::any_of(out.begin(), out.end(), [&](const auto& pin) {
                    return pin.first == row.sop;
                })) {
                continue;
            }
            const std::vector<stored_definition> versions = list_definitions(row.sop);
            if (versions.empty()) {
                throw error(errc::not_linked,
                            fmt::format("step {} of {} runs SOP '{}', which the store does not "
                                        "have; add that SOP first",
                                        row.id, sop.id(), row.sop));
            }
            out.emplace_back(row.sop, versions.back().fingerprint);
        }
        return out;
    }

    // `sop` linked with the pinned versions of its related SOPs (linked in turn by their own
    // pins). Throws sop::error(`code`) with the catalog's first error when they do not link.
    definition link_with(const definition& sop,
                         const std::vector<std::pair<std::string, std::string>>& pins,
                         std::error_code code) {
        std::vector<definition> tree{sop};
        std::function<void(const definition&)> gather = [&](const definition& one) {
            if (std::any_of(tree.begin(), tree.end(), [&](const definition& known) {
                    return known.fingerprint() == one.fingerprint();
                })) {
                return;
            }
            tree.push_back(one);
            for (const step& row : one.steps()) {
                if (const definition* related = one.related(row)) gather(*related);
            }
        };
        for (const auto& [related, fingerprint] : pins) {
            const std::optional<definition> pinned = definition_of(fingerprint);
            if (!pinned) {
                throw error(store_errc::damaged,
                            fmt::format("{} is pinned to version {} of {}, which is not stored",
                                        sop.id(), fingerprint, related));
            }
            gather(*pinned);
        }
        catalog_result made = catalog::link(std::move(tree));
        if (!made) {
            const auto first =
                std::find_if(made.diagnostics.begin(), made.diagnostics.end(),
                             [](const diagnostic& item) { return item.level == severity::error; });
            throw error(code, fmt::format("{} does not link with the stored versions of its "
                                          "related SOPs: {}",
                                          sop.id(), first->message));
        }
        return *made.catalog->find(sop.id());
    }

    // The unit whose roles a definition's actors are (sop::unit_of), worked out once per version:
    // every write to a case's worklist needs it.
    const std::string& unit_for(const definition& sop) {
        auto found = units_.find(sop.fingerprint());
        if (found == units_.end()) found = units_.emplace(sop.fingerprint(), unit_of(sop)).first;
        return found->second;
    }

    std::vector<stored_definition> list_definitions(std::string_view sop) {
        constexpr std::string_view all =
            "SELECT sop_id, fingerprint, title, effective FROM sop_definitions "
            "ORDER BY sop_id, stored, fingerprint";
        constexpr std::string_view one =
            "SELECT sop_id, fingerprint, title, effective FROM sop_definitions WHERE sop_id = ? "
            "ORDER BY sop_id, stored, fingerprint";
        const std::array<sql_value, 1> values{std::string(sop)};
        const auto rows = sop.empty() ? db_->query(all, {}) : db_->query(one, values);
        std::vector<stored_definition> out;
        for (const sql_row& row : rows) {
            stored_definition item{row.text(0), row.text(1), row.text(2), std::nullopt};
            if (const auto days = row.optional_integer(3)) {
                item.effective =
                    std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(*days)));
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    // The definition with this fingerprint; std::nullopt when not stored. Throws
    // sop::error(store_errc::damaged) when its stored text no longer loads as that version.
    std::optional<definition> definition_of(std::string_view fingerprint) {
        if (auto found = definitions_.find(std::string(fingerprint)); found != definitions_.end()) {
            return found->second;
        }
        const std::array<sql_value, 1> values{std::string(fingerprint)};
        const auto rows = db_->query(
            "SELECT xml, source_name FROM sop_definitions WHERE fingerprint = ?", values);
        if (rows.empty()) return std::nullopt;
        load_result loaded = load_string(rows[0].text(0), rows[0].text(1));
        if (!loaded.definition || loaded.definition->fingerprint() != fingerprint) {
            throw error(store_errc::damaged,
                        fmt::format("the stored definition {} no longer loads as that version",
                                    fingerprint));
        }
        definition found = std::move(*loaded.definition);
        if (!found.linked()) {
            found = link_with(found, links_of(found.fingerprint()), store_errc::damaged);
        }
        definitions_.emplace(std::string(fingerprint), found);
        return found;
    }

    // The version of `sop` effective on `day` (days since the epoch), if any.
    std::optional<std::string> effective_version(std::string_view sop, std::int64_t day) {
        const std::array<sql_value, 2> values{std::string(sop), day};
        const auto rows = db_->query(
            "SELECT fingerprint FROM sop_definitions WHERE sop_id = ? AND "
            "(effective IS NULL OR effective <= ?) ORDER BY COALESCE(effective, -1000000000) "
            "DESC, stored DESC, fingerprint DESC LIMIT 1",
            values);
        if (rows.empty()) return std::nullopt;
        return rows[0].text(0);
    }

    std::string add_calendar(std::string_view name, const working_calendar& calendar) {
        const std::string xml = calendar_xml(calendar);
        std::string fingerprint = sha256(xml);
        const std::array<sql_value, 3> values{std::string(name), fingerprint, xml};
        transaction work(*db_);
        // The same calendar stored again under its name becomes its latest version again.
        db_->change(
            "INSERT INTO sop_calendars (name, fingerprint, stored, xml) SELECT ?, ?, "
            "COALESCE(MAX(stored), 0) + 1, ? FROM sop_calendars WHERE TRUE ON CONFLICT (name, "
            "fingerprint) DO UPDATE SET stored = excluded.stored",
            values);
        work.commit();
        calendars_.emplace(fingerprint, std::make_shared<const working_calendar>(calendar));
        return fingerprint;
    }

    // The latest version of a named calendar: its fingerprint, or std::nullopt.
    std::optional<std::string> calendar_version(std::string_view name) {
        const std::array<sql_value, 1> values{std::string(name)};
        const auto rows = db_->query(
            "SELECT fingerprint FROM sop_calendars WHERE name = ? ORDER BY stored DESC LIMIT 1",
            values);
        if (rows.empty()) return std::nullopt;
        return rows[0].text(0);
    }

    // The calendar with this fingerprint (null for "", the default calendar).
    std::shared_ptr<const working_calendar> calendar_of(const std::string& fingerprint) {
        if (fingerprint.empty()) return nullptr;
        if (auto found = calendars_.find(fingerprint); found != calendars_.end()) {
            return found->second;
        }
        const std::array<sql_value, 1> values{fingerprint};
        const auto rows =
            db_->query("SELECT xml FROM sop_calendars WHERE fingerprint = ? LIMIT 1", values);
        calendar_load_result loaded =
            rows.empty() ? calendar_load_result{} : load_calendar_string(rows[0].text(0), "store");
        if (!loaded.calendar) {
            throw error(
                store_errc::damaged,
                fmt::format("the stored calendar {} is missing or no longer loads", fingerprint));
        }
        auto shared = std::make_shared<const working_calendar>(std::move(*loaded.calendar));
        calendars_.emplace(fingerprint, shared);
        return shared;
    }

    // --- cases ---------------------------------------------------------------------------

    std::optional<case_info> find_case(std::string_view id) {
        const auto rows = case_row(id, false);
        if (rows.empty()) return std::nullopt;
        return case_from(rows[0]);
    }

    // The stored row of a case: its case_info columns, then calendar, head and snapshot.
    std::vector<sql_row> case_row(std::string_view id, bool full) {
        static const std::string brief =
            fmt::format("SELECT {} FROM sop_cases c WHERE c.id = ?", case_columns);
        static const std::string complete =
            fmt::format("SELECT {}, c.calendar, c.head, c.snapshot FROM sop_cases c WHERE c.id = ?",
                        case_columns);
        const std::array<sql_value, 1> values{std::string(id)};
        return db_->query(full ? complete : brief, values);
    }

    // The case's instance, from its snapshot, or else from its log; the message says why not.
    std::optional<instance> instance_of(const sql_row& row, std::string& why) {
        const std::string& id = row.text(0);
        try {
            const std::optional<definition> sop = definition_of(row.text(2));
            if (!sop) {
                why = fmt::format("case {} runs on definition {}, which is not stored", id,
                                  row.text(2));
                return std::nullopt;
            }
            const auto calendar = calendar_of(row.text(calendar_column));
            if (restore_result restored = restore(*sop, row.text(snapshot_column), calendar)) {
                return std::move(restored.instance);
            }
            return replay(*sop, calendar, events_of(id), why);
        } catch (const error& failure) {
            if (failure.code() != store_errc::damaged) throw;
            why = failure.what();
            return std::nullopt;
        }
    }

    // Replays a log on a definition; the message says which event does not replay.
    static std::optional<instance> replay(const definition& sop,
                                          std::shared_ptr<const working_calendar> calendar,
                                          const std::vector<case_event>& events, std::string& why) {
        instance work(sop, std::move(calendar));
        for (const case_event& event : events) {
            outcome done;
            switch (event.kind) {
                case event_kind::start: done = work.start(event.actor, event.at); break;
                case event_kind::complete:
                    done = work.complete(event.actor, event.at, event.person.nip);
                    break;
                case event_kind::answer:
                    done = work.answer(event.actor, event.answer.value_or(answer::no), event.at,
                                       event.person.nip);
                    break;
                case event_kind::cancel:
                    done = work.cancel(event.actor, event.reason, event.at);
                    break;
            }
            if (!done) {
                why = fmt::format("event {} ({} by {}) does not replay: {}", event.sequence,
                                  to_string(event.kind), event.actor, done.message);
                return std::nullopt;
            }
        }
        return work;
    }

    std::vector<case_event> events_of(std::string_view id) {
        static const std::string sql =
            fmt::format("SELECT {} FROM sop_events WHERE case_id = ? ORDER BY seq", event_columns);
        const std::array<sql_value, 1> values{std::string(id)};
        std::vector<case_event> events;
        for (const sql_row& row : db_->query(sql, values)) events.push_back(event_from(row));
        return events;
    }

    // The role and capacity in which a person acts among `candidates` (the roles the work waits
    // for, of `roles_of`), on the day of `at` on a calendar of `offset`; code set when they may
    // not.
    acting_role acting_as(const by_person& who, const act_options& options,
                          const definition& roles_of, const std::vector<const actor*>& candidates,
                          time_point at, std::chrono::minutes offset, const std::string& what) {
        acting_role out;
        if (!options.by.name.empty() || !options.by.nip.empty() || !options.by.rank.empty()) {
            out.code = errc::invalid_argument;
            out.message =
                "an operation by a person takes the person from the store; leave "
                "act_options::by empty";
            return out;
        }
        std::vector<role_wanted> roles;
        for (const actor* one : candidates) {
            if (one->external || (!who.role.empty() && one->id != who.role)) continue;
            roles.push_back({one->id, one->name});
        }
        if (roles.empty()) {
            std::vector<std::string> wanted;
            wanted.reserve(candidates.size());
            for (const actor* one : candidates) {
                wanted.push_back(fmt::format("'{}' ({}){}", one->id, one->name,
                                             one->external ? ", external" : ""));
            }
            if (!who.role.empty()) {
                out.code = outcome_code::not_your_turn;
                out.message = fmt::format("'{}' is not a role {} waits for; it waits for {}",
                                          who.role, what, fmt::join(wanted, " or "));
            } else {
                out.code = store_errc::not_assigned;
                out.message = fmt::format(
                    "{} waits only for external parties ({}), whom no one "
                    "of the unit is assigned to; act by actor",
                    what, fmt::join(wanted, " or "));
            }
            return out;
        }
        return resolve(*db_, who.nip, unit_for(roles_of), roles, local_day(at, offset), what);
    }

    // An event's who: the person resolved to act.
    static void set_person(case_event& event, acting_role&& resolved) {
        event.actor = std::move(resolved.role);
        event.person = std::move(resolved.who);
        event.capacity = resolved.capacity;
        event.letter = std::move(resolved.letter);
    }

    store_outcome start(const new_case& what, std::string_view actor, time_point at,
                        const act_options& options, const by_person* who = nullptr) {
        if (what.id.size() > max_case_id) {
            return refused(errc::invalid_argument,
                           fmt::format("a case id has at most {} bytes", max_case_id));
        }
        // The calendar first: its local date picks the definition version.
        std::string calendar_fingerprint;
        if (!what.calendar.empty()) {
            auto version = calendar_version(what.calendar);
            if (!version) {
                return refused(store_errc::no_such_calendar,
                               fmt::format("no calendar named \"{}\" is stored; add it with "
                                           "add_calendar",
                                           what.calendar));
            }
            calendar_fingerprint = std::move(*version);
        }
        const auto calendar = calendar_of(calendar_fingerprint);
        std::string fingerprint = what.fingerprint;
        if (fingerprint.empty()) {
            const auto offset = calendar ? calendar->utc_offset() : working_calendar().utc_offset();
            const auto day = std::chrono::floor<std::chrono::days>(at + offset);
            auto version = effective_version(what.sop, day.time_since_epoch().count());
            if (!version) {
                const bool any = !list_definitions(what.sop).empty();
                return refused(
                    store_errc::no_such_definition,
                    any ? fmt::format("no version of SOP \"{}\" is effective on {}", what.sop,
                                      detail::iso_date(std::chrono::year_month_day(day)))
                        : fmt::format("no SOP \"{}\" is stored; add it with "
                                      "add_definition",
                                      what.sop));
            }
            fingerprint = std::move(*version);
        }
        const std::optional<definition> sop = definition_of(fingerprint);
        if (!sop || (!what.sop.empty() && sop->id() != what.sop)) {
            return refused(
                store_errc::no_such_definition,
                fmt::format("no version {} of SOP \"{}\" is stored", fingerprint, what.sop));
        }
        case_event event;
        event.actor = std::string(actor);
        event.person = options.by;
        if (who != nullptr) {
            // A role of the first step, or else any role of the SOP.
            std::vector<const sop::actor*> candidates;
            for (const std::string& first : sop->steps().front().actors) {
                candidates.push_back(sop->find_actor(first));
            }
            for (const sop::actor& other : sop->actors()) {
                if (std::find(candidates.begin(), candidates.end(), &other) == candidates.end()) {
                    candidates.push_back(&other);
                }
            }
            const auto offset = calendar ? calendar->utc_offset() : working_calendar().utc_offset();
            acting_role resolved = acting_as(*who, options, *sop, candidates, at, offset,
                                             fmt::format("a case of {}", sop->id()));
            if (resolved.code) return refused(resolved.code, std::move(resolved.message));
            set_person(event, std::move(resolved));
        }
        instance work(*sop, calendar);
        if (outcome done = work.start(event.actor, at); !done) {
            return refused(done.code, done.message);
        }
        event.case_id = what.id.empty() ? new_case_id() : what.id;
        event.sequence = 1;
        event.kind = event_kind::start;
        event.step = work.current_step() != nullptr ? work.current_step()->id : std::string();
        event.at = at;
        event.fingerprint = fingerprint;
        event.calendar = calendar_fingerprint;
        event.hash = event_hash(event);

        transaction writing(*db_);
        const std::array<sql_value, 15> values{
            event.case_id,
            sop->id(),
            fingerprint,
            what.calendar,
            calendar_fingerprint,
            std::string(to_string(work.status())),
            event.step.empty() ? sql_value(std::monostate{}) : sql_value(event.step),
            join_ids(work.actors_now()),
            value_of(work.step_started()),
            value_of(desk_due(work)),
            seconds(at),
            seconds(at),
            std::int64_t{1},
            event.hash,
            snapshot(work)};
        const std::int64_t inserted = db_->change(
            "INSERT INTO sop_cases (id, sop_id, fingerprint, calendar_name, calendar, status, "
            "step, actors, step_started, due, started, updated, revision, head, snapshot) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            values);
        if (inserted == 0) {
            return refused(store_errc::case_exists,
                           fmt::format("a case with id \"{}\" exists already", event.case_id));
        }
        append(event, sop->id());
        set_actors(event.case_id, sop->id(), work);
        writing.commit();
        case_info info;
        info.id = event.case_id;
        info.sop = sop->id();
        info.fingerprint = fingerprint;
        info.calendar = what.calendar;
        info.started = at;
        return {{}, {}, info_of(std::move(info), work, at)};
    }

    // complete, answer and cancel: one transaction around the instance's own operation.
    store_outcome act(std::string_view id, const act_options& options, event_kind kind,
                      std::string_view actor, std::optional<answer> value, std::string_view reason,
                      time_point at, const by_person* who = nullptr) {
        transaction writing(*db_);
        const auto rows = case_row(id, true);
        if (rows.empty()) {
            return refused(store_errc::no_such_case, fmt::format("no case has id \"{}\"", id));
        }
        const sql_row& row = rows[0];
        case_info before = case_from(row);
        if (options.revision && *options.revision != before.revision) {
            std::string message = fmt::format(
                "case {} changed since revision {} was read (it is at revision {}); read it again",
                id, *options.revision, before.revision);
            return refused(store_errc::conflict, std::move(message), std::move(before));
        }
        std::string why;
        std::optional<instance> work = instance_of(row, why);
        if (!work) return refused(store_errc::damaged, why, std::move(before));

        const step* performed = work->current_step();
        case_event event;
        event.actor = std::string(actor);
        event.person = options.by;
        if (who != nullptr) {
            const instance& here = where_work_is(*work);
            if (here.current_step() == nullptr) {
                // A finished case: the instance says so, whoever acts.
                event.actor = work->definition().actors().front().id;
            } else {
                std::vector<const sop::actor*> candidates;
                const definition& roles_of =
                    kind == event_kind::cancel ? work->definition() : here.definition();
                if (kind == event_kind::cancel) {
                    for (const sop::actor& one : roles_of.actors()) candidates.push_back(&one);
                } else {
                    candidates = work->actors_now();
                }
                const std::string what =
                    kind == event_kind::cancel
                        ? fmt::format("cancelling case {}", id)
                        : fmt::format("step {} of {}", here.current_step()->id, roles_of.id());
                acting_role resolved = acting_as(*who, options, roles_of, candidates, at,
                                                 work->calendar().utc_offset(), what);
                if (resolved.code) {
                    return refused(resolved.code, std::move(resolved.message), std::move(before));
                }
                set_person(event, std::move(resolved));
            }
        }
        actor = event.actor;
        event.case_id = std::string(id);
        event.sequence = before.revision + 1;
        event.kind = kind;
        event.step = performed != nullptr ? performed->id : std::string();
        event.at = at;
        event.answer = value;
        event.reason = std::string(reason);
        if (kind != event_kind::cancel) {
            event.step_started = work->step_started();
            event.due = work->due();
        }
        const std::size_t records = work->history_size();
        outcome done;
        switch (kind) {
            case event_kind::complete: done = work->complete(actor, at, event.person.nip); break;
            case event_kind::answer:
                done = work->answer(actor, value.value_or(answer::no), at, event.person.nip);
                break;
            default: done = work->cancel(actor, reason, at); break;
        }
        if (!done) return refused(done.code, done.message, std::move(before));

        // Only an event that completed the step measures it: not a confirmation of a joint step
        // that others had still to give, nor an operation inside a sub-case still running.
        const bool completed = work->history_size() > records && work->history().back().completes;
        if (completed && event.step_started) {
            std::error_code ignored;
            event.working_minutes =
                work->calendar().working_minutes_between(*event.step_started, at, ignored);
            if (performed->duration) {
                event.standard_minutes = work->calendar().minutes_of(performed->duration->most);
            }
        }
        event.previous = row.text(head_column);
        event.hash = event_hash(event);

        const step* now = work->current_step();
        const std::array<sql_value, 12> values{
            std::string(to_string(work->status())),
            now != nullptr ? sql_value(now->id) : sql_value(std::monostate{}),
            join_ids(work->actors_now()),
            value_of(work->step_started()),
            value_of(desk_due(*work)),
            seconds(at),
            event.sequence,
            event.hash,
            snapshot(*work),
            work->ending() != nullptr ? sql_value(work->ending()->id) : sql_value(std::monostate{}),
            std::string(id),
            before.revision};
        const std::int64_t updated = db_->change(
            "UPDATE sop_cases SET status = ?, step = ?, actors = ?, step_started = ?, due = ?, "
            "updated = ?, revision = ?, head = ?, snapshot = ?, ending = ? WHERE id = ? AND "
            "revision = ?",
            values);
        if (updated == 0) {
            return refused(store_errc::conflict,
                           fmt::format("case {} was changed by another writer while this "
                                       "operation ran; read it again",
                                       id),
                           std::move(before));
        }
        append(event, before.sop);
        set_actors(event.case_id, before.sop, *work);
        writing.commit();
        return {{}, {}, info_of(std::move(before), *work, at)};
    }

    void append(const case_event& event, const std::string& sop) {
        const std::array<sql_value, 22> values{
            event.case_id,
            event.sequence,
            sop,
            std::string(to_string(event.kind)),
            event.step,
            event.actor,
            event.person.name,
            event.person.nip,
            seconds(event.at),
            event.answer ? sql_value(std::string(to_string(*event.answer)))
                         : sql_value(std::monostate{}),
            event.reason,
            value_of(event.step_started),
            value_of(event.due),
            value_of(event.working_minutes),
            value_of(event.standard_minutes),
            event.fingerprint,
            event.calendar,
            event.previous,
            event.hash,
            event.person.rank,
            std::string(to_string(event.capacity)),
            event.letter};
        db_->change(
            "INSERT INTO sop_events (case_id, seq, sop_id, kind, step, actor, person_name, "
            "person_nip, at, answer, reason, step_started, due, working_minutes, "
            "standard_minutes, fingerprint, calendar, previous, hash, person_rank, capacity, "
            "letter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values);
    }

    // The worklist rows of a case: one per actor who may act now.
    void set_actors(const std::string& id, const std::string& sop, const instance& work) {
        const std::array<sql_value, 1> key{id};
        db_->change("DELETE FROM sop_case_actors WHERE case_id = ?", key);
        const auto started = work.step_started();
        if (!started) return;
        const std::optional<time_point> waiting = desk_due(work);
        const std::int64_t due = waiting ? seconds(*waiting) : no_due;
        // The actors now are those of the SOP where the work is, and the roles of its unit.
        const std::string& unit = unit_for(where_work_is(work).definition());
        for (const actor* who : work.actors_now()) {
            const std::array<sql_value, 6> values{id, who->id, sop, due, seconds(*started), unit};
            db_->change(
                "INSERT INTO sop_case_actors (case_id, actor, sop_id, sort_due, step_started, "
                "unit) VALUES (?, ?, ?, ?, ?, ?)",
                values);
        }
    }

    std::vector<case_info> listed(std::string_view sql, std::span<const sql_value> values) {
        std::vector<case_info> out;
        for (const sql_row& row : db_->query(sql, values)) out.push_back(case_from(row));
        return out;
    }

    std::vector<case_info> inbox(std::string_view actor, std::string_view sop, std::size_t limit) {
        static const std::string any = fmt::format(
            "SELECT {} FROM sop_case_actors a JOIN sop_cases c ON c.id = a.case_id WHERE "
            "a.actor = ? ORDER BY a.sort_due, a.step_started, a.case_id LIMIT ?",
            case_columns);
        static const std::string one = fmt::format(
            "SELECT {} FROM sop_case_actors a JOIN sop_cases c ON c.id = a.case_id WHERE "
            "a.sop_id = ? AND a.actor = ? ORDER BY a.sort_due, a.step_started, a.case_id LIMIT ?",
            case_columns);
        const auto count = static_cast<std::int64_t>(std::min<std::size_t>(limit, INT32_MAX));
        if (sop.empty()) {
            const std::array<sql_value, 2> values{std::string(actor), count};
            return listed(any, values);
        }
        const std::array<sql_value, 3> values{std::string(sop), std::string(actor), count};
        return listed(one, values);
    }

    std::vector<desk_item> desk(std::string_view nip, std::chrono::year_month_day day,
                                std::string_view sop, std::size_t limit) {
        const std::string sql = fmt::format(
            "SELECT {}, a.actor, s.capacity, s.letter FROM sop_case_actors a JOIN sop_cases c ON "
            "c.id = a.case_id JOIN sop_assignments s ON s.unit = a.unit AND s.role = a.actor "
            "WHERE s.nip = ? AND s.revoked = 0 AND s.valid_from <= ? AND (s.valid_to IS NULL OR "
            "s.valid_to >= ?){} ORDER BY a.sort_due, a.step_started, a.case_id, a.actor LIMIT ?",
            case_columns, sop.empty() ? "" : " AND a.sop_id = ?");
        std::vector<sql_value> values{std::string(nip), day_number(day), day_number(day)};
        if (!sop.empty()) values.emplace_back(std::string(sop));
        values.emplace_back(static_cast<std::int64_t>(std::min<std::size_t>(limit, INT32_MAX)));
        std::vector<desk_item> out;
        for (const sql_row& row : db_->query(sql, values)) {
            out.push_back({case_from(row), row.text(13),
                           capacity_named(row.text(14)).value_or(capacity::none), row.text(15)});
        }
        return out;
    }

    staff_outcome assign(const assignment& what, time_point at) {
        std::vector<std::string> roles;  // the unit's own roles, in its stored SOPs
        const std::array<sql_value, 1> values{what.unit};
        for (const sql_row& row :
             db_->query("SELECT fingerprint FROM sop_definitions WHERE unit = ?", values)) {
            for (const actor& one : definition_of(row.text(0))->actors()) {
                if (!one.external && std::find(roles.begin(), roles.end(), one.id) == roles.end()) {
                    roles.push_back(one.id);
                }
            }
        }
        if (std::find(roles.begin(), roles.end(), what.role) != roles.end()) {
            return detail::assign(*db_, what, at);
        }
        std::string message;
        if (roles.empty()) {
            std::vector<std::string> units;
            for (const sql_row& row :
                 db_->query("SELECT DISTINCT unit FROM sop_definitions ORDER BY unit", {})) {
                units.push_back(fmt::format("\"{}\"", row.text(0)));
            }
            message = fmt::format(
                "no stored SOP is of unit \"{}\"; the units of the stored SOPs "
                "are {}",
                what.unit, units.empty() ? "none" : fmt::format("{}", fmt::join(units, ", ")));
        } else {
            std::sort(roles.begin(), roles.end());
            message = fmt::format(
                "no stored SOP of unit \"{}\" has the role '{}'; its roles are "
                "{} (external parties are not assigned)",
                what.unit, what.role, fmt::join(roles, ", "));
        }
        return {store_errc::no_such_role, std::move(message), std::nullopt};
    }

    std::vector<case_info> overdue(time_point at, std::size_t limit) {
        static const std::string sql = fmt::format(
            "SELECT {} FROM sop_cases c WHERE c.due IS NOT NULL AND c.due < ? ORDER BY c.due, "
            "c.id LIMIT ?",
            case_columns);
        const std::array<sql_value, 2> values{
            seconds(at), static_cast<std::int64_t>(std::min<std::size_t>(limit, INT32_MAX))};
        return listed(sql, values);
    }

    std::vector<case_info> cases(const case_filter& filter) {
        std::string where;
        std::vector<sql_value> values;
        if (!filter.sop.empty()) {
            where += " WHERE c.sop_id = ?";
            values.emplace_back(filter.sop);
        }
        if (filter.status) {
            where += where.empty() ? " WHERE c.status = ?" : " AND c.status = ?";
            values.emplace_back(std::string(to_string(*filter.status)));
        }
        values.emplace_back(
            static_cast<std::int64_t>(std::min<std::size_t>(filter.limit, INT32_MAX)));
        const std::string sql =
            fmt::format("SELECT {} FROM sop_cases c{} ORDER BY c.started DESC, c.id LIMIT ?",
                        case_columns, where);
        return listed(sql, values);
    }

    // The latest stored version of an SOP, if any.
    std::optional<definition> latest_version(std::string_view sop) {
        const auto versions = list_definitions(sop);
        if (versions.empty()) return std::nullopt;
        return definition_of(versions.back().fingerprint);
    }

    std::vector<step_measure> report(std::string_view sop) {
        const std::array<sql_value, 1> values{std::string(sop)};
        const auto rows = db_->query(
            "SELECT step, COUNT(*), SUM(CASE WHEN due IS NULL THEN 0 ELSE 1 END), "
            "SUM(CASE WHEN due IS NOT NULL AND at <= due THEN 1 ELSE 0 END), "
            "COALESCE(SUM(working_minutes), 0), "
            "COALESCE(SUM(CASE WHEN due IS NULL THEN 0 ELSE standard_minutes END), 0) "
            "FROM sop_events WHERE sop_id = ? AND kind IN ('complete', 'answer') AND "
            "working_minutes IS NOT NULL GROUP BY step",
            values);
        std::map<std::string, step_measure> measured;
        for (const sql_row& row : rows) {
            measured[row.text(0)] = {row.text(0),    row.integer(1), row.integer(2),
                                     row.integer(3), row.integer(4), row.integer(5)};
        }
        // In the step order of the latest stored version; steps it no longer has after.
        std::vector<step_measure> out;
        if (const auto latest = latest_version(sop)) {
            for (const step& item : latest->steps()) {
                auto found = measured.find(item.id);
                out.push_back(found != measured.end() ? found->second : step_measure{item.id});
                if (found != measured.end()) measured.erase(found);
            }
        }
        for (auto& [id, measure] : measured) out.push_back(std::move(measure));
        return out;
    }

    std::vector<ending_count> endings(std::string_view sop) {
        const std::array<sql_value, 1> values{std::string(sop)};
        const auto rows = db_->query(
            "SELECT ending, COUNT(*) FROM sop_cases WHERE sop_id = ? AND ending IS NOT NULL "
            "GROUP BY ending",
            values);
        std::map<std::string, std::int64_t> counted;
        for (const sql_row& row : rows) counted[row.text(0)] = row.integer(1);
        // In the order of the latest stored version, with its labels; endings it no longer has
        // after.
        std::vector<ending_count> out;
        if (const auto latest = latest_version(sop)) {
            for (const ending& one : latest->endings()) {
                auto found = counted.find(one.id);
                out.push_back({one.id, one.label, found != counted.end() ? found->second : 0});
                if (found != counted.end()) counted.erase(found);
            }
        }
        for (auto& [id, cases] : counted) out.push_back({id, {}, cases});
        return out;
    }

    verify_result verify(std::string_view only) {
        verify_result result;
        std::vector<std::string> ids;
        if (only.empty()) {
            for (const sql_row& row : db_->query("SELECT id FROM sop_cases ORDER BY id", {})) {
                ids.push_back(row.text(0));
            }
            for (const sql_row& row :
                 db_->query("SELECT DISTINCT case_id FROM sop_events WHERE case_id NOT IN "
                            "(SELECT id FROM sop_cases) ORDER BY case_id",
                            {})) {
                result.problems.push_back(
                    {row.text(0), 0, "the case has events but no case record (deleted?)"});
            }
        } else {
            ids.emplace_back(only);
        }
        for (const std::string& id : ids) verify_case(id, result);
        return result;
    }

    void verify_case(const std::string& id, verify_result& result) {
        const auto problem = [&result, &id](std::int64_t sequence, std::string message) {
            result.problems.push_back({id, sequence, std::move(message)});
        };
        const auto rows = case_row(id, true);
        const std::vector<case_event> events = events_of(id);
        ++result.cases;
        result.events += static_cast<std::int64_t>(events.size());
        if (rows.empty()) {
            problem(0, events.empty() ? "no such case" : "the case has events but no record");
            return;
        }
        const sql_row& row = rows[0];
        const case_info info = case_from(row);
        std::string previous;
        std::int64_t expected = 1;
        bool chain_holds = true;
        for (const case_event& event : events) {
            if (event.sequence != expected) {
                problem(event.sequence, fmt::format("event {} follows event {}: events are "
                                                    "missing or out of order",
                                                    event.sequence, expected - 1));
                chain_holds = false;
            }
            if (event.previous != previous) {
                problem(event.sequence,
                        fmt::format("event {} does not follow the event before it (its "
                                    "previous hash differs)",
                                    event.sequence));
                chain_holds = false;
            }
            if (event_hash(event) != event.hash) {
                problem(event.sequence,
                        fmt::format("event {} was altered: its hash does not match its content",
                                    event.sequence));
                chain_holds = false;
            }
            previous = event.hash;
            expected = event.sequence + 1;
        }
        if (info.revision != static_cast<std::int64_t>(events.size()) ||
            row.text(head_column) != previous) {
            problem(0, fmt::format("the case is at revision {} but its log has {} events ending "
                                   "elsewhere: events were deleted or added",
                                   info.revision, events.size()));
            chain_holds = false;
        }
        if (!chain_holds || events.empty()) return;
        const case_event& first = events.front();
        if (first.kind != event_kind::start || first.fingerprint != info.fingerprint ||
            first.calendar != row.text(calendar_column)) {
            problem(1, "the case's definition or calendar differs from what its start recorded");
            return;
        }
        std::string why;
        try {
            const std::optional<definition> sop = definition_of(info.fingerprint);
            if (!sop) {
                problem(0, fmt::format("its definition {} is not stored", info.fingerprint));
                return;
            }
            const auto replayed = replay(*sop, calendar_of(row.text(calendar_column)), events, why);
            if (!replayed) {
                problem(0, why);
                return;
            }
            if (snapshot(*replayed) != row.text(snapshot_column)) {
                problem(0, "the stored case differs from the replay of its log");
                return;
            }
            const step* now = replayed->current_step();
            if (info.status != replayed->status() ||
                info.step != (now != nullptr ? now->id : std::string()) ||
                info.due != desk_due(*replayed) || info.step_started != replayed->step_started() ||
                row.text(6) != join_ids(replayed->actors_now()) ||
                info.ending != (replayed->ending() != nullptr ? replayed->ending()->id : "")) {
                problem(0, "the case's listed state differs from the replay of its log");
            }
        } catch (const error& failure) {
            if (failure.code() != store_errc::damaged) throw;
            problem(0, failure.what());
        }
    }

private:
    void migrate() {
        transaction work(*db_);
        db_->lock_schema();
        db_->script("CREATE TABLE IF NOT EXISTS sop_schema (version BIGINT NOT NULL)");
        const auto rows = db_->query("SELECT version FROM sop_schema", {});
        const std::int64_t version = rows.empty() ? 0 : rows[0].integer(0);
        const auto latest = static_cast<std::int64_t>(migrations.size());
        if (version > latest) {
            throw error(store_errc::incompatible,
                        fmt::format("the store is at schema version {}, newer than this "
                                    "sopengine's {}; use a newer sopengine",
                                    version, latest));
        }
        for (std::int64_t next = version; next < latest; ++next) {
            db_->script(migrations[static_cast<std::size_t>(next)]);
        }
        if (version == 1) record_endings();
        if (version >= 1 && version < 4) record_units();
        const std::array<sql_value, 1> values{latest};
        if (rows.empty()) {
            db_->change("INSERT INTO sop_schema (version) VALUES (?)", values);
        } else if (version != latest) {
            db_->change("UPDATE sop_schema SET version = ?", values);
        }
        work.commit();
    }

    // Schema 2 keeps how each completed case ended; the cases completed before learn it from
    // their state. One that no longer loads keeps none, and verify() reports it.
    void record_endings() {
        const auto ids = db_->query("SELECT id FROM sop_cases WHERE status = 'completed'", {});
        for (const sql_row& id : ids) {
            const auto rows = case_row(id.text(0), true);
            std::string why;
            const std::optional<instance> work = instance_of(rows.at(0), why);
            if (!work || work->ending() == nullptr) continue;
            const std::array<sql_value, 2> values{work->ending()->id, id.text(0)};
            db_->change("UPDATE sop_cases SET ending = ? WHERE id = ?", values);
        }
    }

    // Schema 4 keys roles by unit: the stored definitions learn theirs, and the worklist rows of
    // the cases under way are written again with it.
    void record_units() {
        for (const sql_row& row : db_->query("SELECT fingerprint FROM sop_definitions", {})) {
            std::optional<definition> stored;
            try {
                stored = definition_of(row.text(0));
            } catch (const error& failure) {
                if (failure.code() != store_errc::damaged) throw;
                continue;  // verify() reports it
            }
            const std::array<sql_value, 2> values{unit_for(*stored), row.text(0)};
            db_->change("UPDATE sop_definitions SET unit = ? WHERE fingerprint = ?", values);
        }
        const auto ids = db_->query(
            "SELECT id, sop_id FROM sop_cases WHERE status IN ('at_activity', 'at_decision')", {});
        for (const sql_row& id : ids) {
            const auto rows = case_row(id.text(0), true);
            std::string why;
            const std::optional<instance> work = instance_of(rows.at(0), why);
            if (work) set_actors(id.text(0), id.text(1), *work);
        }
    }

    std::unique_ptr<database> db_;
    std::unordered_map<std::string, definition> definitions_;
    std::unordered_map<std::string, std::string> units_;  // by fingerprint
    std::unordered_map<std::string, std::shared_ptr<const working_calendar>> calendars_;
};

}  // namespace detail

std::string_view to_string(store_errc code) noexcept {
    switch (code) {
        case store_errc::conflict: return "conflict";
        case store_errc::no_such_case: return "no_such_case";
        case store_errc::case_exists: return "case_exists";
        case store_errc::no_such_definition: return "no_such_definition";
        case store_errc::no_such_calendar: return "no_such_calendar";
        case store_errc::damaged: return "damaged";
        case store_errc::unavailable: return "unavailable";
        case store_errc::incompatible: return "incompatible";
        case store_errc::no_such_person: return "no_such_person";
        case store_errc::not_assigned: return "not_assigned";
        case store_errc::appointment_expired: return "appointment_expired";
        case store_errc::appointment_not_started: return "appointment_not_started";
        case store_errc::no_such_assignment: return "no_such_assignment";
        case store_errc::no_such_role: return "no_such_role";
        case store_errc::overlapping: return "overlapping";
    }
    return "unknown";
}

const std::error_category& store_category() noexcept {
    class category final : public std::error_category {
    public:
        const char* name() const noexcept override { return "sopengine.store"; }
        std::string message(int value) const override {
            return std::string(to_string(static_cast<store_errc>(value)));
        }
    };
    static const category instance;
    return instance;
}

std::error_code make_error_code(store_errc code) noexcept {
    return {static_cast<int>(code), store_category()};
}

std::string_view to_string(event_kind kind) noexcept {
    switch (kind) {
        case event_kind::start: return "start";
        case event_kind::complete: return "complete";
        case event_kind::answer: return "answer";
        case event_kind::cancel: return "cancel";
    }
    return "unknown";
}

store store::open(std::string_view where, const store_options& options) {
    const auto starts = [where](std::string_view prefix) { return where.starts_with(prefix); };
    std::unique_ptr<detail::database> db;
    if (starts("postgresql://") || starts("postgres://")) {
        db = detail::open_postgresql(std::string(where));
    } else {
        std::string path(starts("sqlite:") ? where.substr(7) : where);
        if (path.empty()) throw error(errc::invalid_argument, "the store's file name is empty");
        db = detail::open_sqlite(path, options.busy_timeout.count());
    }
    return store(std::make_unique<detail::store_backend>(std::move(db)));
}

store::store(std::unique_ptr<detail::store_backend> backend) : backend_(std::move(backend)) {}
store::~store() = default;
store::store(store&& other) noexcept = default;
store& store::operator=(store&& other) noexcept = default;

std::string_view store::backend() const noexcept {
    return backend_->db().backend();
}

int store::schema_version() noexcept {
    return static_cast<int>(detail::migrations.size());
}

definition store::add_definition(std::string_view xml, std::string source_name) {
    return backend_->add_definition(xml, std::move(source_name));
}

definition store::add_definition_file(const std::filesystem::path& path) {
    std::error_code failed;
    const auto size = std::filesystem::file_size(path, failed);
    std::ifstream in(path, std::ios::binary);
    if (failed || !in || size > load_options{}.max_file_size) {
        load_file_or_throw(path);  // reports why, as the loader words it
        throw error(errc::invalid_argument, fmt::format("cannot read {}", path.string()));
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return backend_->add_definition(text, path.string());
}

std::vector<stored_definition> store::definitions(std::string_view sop) {
    return backend_->list_definitions(sop);
}

std::optional<definition> store::find_definition(std::string_view fingerprint) {
    return backend_->definition_of(fingerprint);
}

std::string store::add_calendar(std::string_view name, const working_calendar& calendar) {
    return backend_->add_calendar(name, calendar);
}

std::optional<working_calendar> store::find_calendar(std::string_view name) {
    const auto version = backend_->calendar_version(name);
    if (!version) return std::nullopt;
    return *backend_->calendar_of(*version);
}

store_outcome store::start(const new_case& what, std::string_view actor, time_point at,
                           const act_options& options) {
    return backend_->start(what, actor, at, options);
}

store_outcome store::complete(std::string_view case_id, std::string_view actor, time_point at,
                              const act_options& options) {
    return backend_->act(case_id, options, event_kind::complete, actor, std::nullopt, {}, at);
}

store_outcome store::answer(std::string_view case_id, std::string_view actor, sop::answer value,
                            time_point at, const act_options& options) {
    return backend_->act(case_id, options, event_kind::answer, actor, value, {}, at);
}

store_outcome store::cancel(std::string_view case_id, std::string_view actor,
                            std::string_view reason, time_point at, const act_options& options) {
    return backend_->act(case_id, options, event_kind::cancel, actor, std::nullopt, reason, at);
}

store_outcome store::start(const new_case& what, const by_person& who, time_point at,
                           const act_options& options) {
    return backend_->start(what, {}, at, options, &who);
}

store_outcome store::complete(std::string_view case_id, const by_person& who, time_point at,
                              const act_options& options) {
    return backend_->act(case_id, options, event_kind::complete, {}, std::nullopt, {}, at, &who);
}

store_outcome store::answer(std::string_view case_id, const by_person& who, sop::answer value,
                            time_point at, const act_options& options) {
    return backend_->act(case_id, options, event_kind::answer, {}, value, {}, at, &who);
}

store_outcome store::cancel(std::string_view case_id, const by_person& who, std::string_view reason,
                            time_point at, const act_options& options) {
    return backend_->act(case_id, options, event_kind::cancel, {}, std::nullopt, reason, at, &who);
}

staff_outcome store::put_person(const person& who, time_point at) {
    return detail::put_person(backend_->db(), who, at);
}

std::optional<person> store::find_person(std::string_view nip) {
    return detail::find_person(backend_->db(), nip);
}

std::vector<person> store::people() {
    return detail::people(backend_->db());
}

staff_outcome store::assign(const assignment& what, time_point at) {
    return backend_->assign(what, at);
}

staff_outcome store::set_period(std::int64_t assignment_id, std::chrono::year_month_day from,
                                std::optional<std::chrono::year_month_day> to, time_point at) {
    return detail::set_period(backend_->db(), assignment_id, from, to, at);
}

staff_outcome store::revoke(std::int64_t assignment_id, std::string_view reason, time_point at) {
    return detail::revoke(backend_->db(), assignment_id, reason, at);
}

std::vector<assignment> store::assignments(const assignment_filter& filter) {
    return detail::assignments(backend_->db(), filter);
}

std::vector<staff_change> store::staff_history(std::string_view nip) {
    return detail::staff_history(backend_->db(), nip);
}

std::vector<desk_item> store::desk(std::string_view nip, std::chrono::year_month_day day,
                                   std::string_view sop, std::size_t limit) {
    return backend_->desk(nip, day, sop, limit);
}

std::optional<case_info> store::find_case(std::string_view case_id) {
    return backend_->find_case(case_id);
}

std::optional<instance> store::load_case(std::string_view case_id) {
    const auto rows = backend_->case_row(case_id, true);
    if (rows.empty()) return std::nullopt;
    std::string why;
    auto work = backend_->instance_of(rows[0], why);
    if (!work) throw error(store_errc::damaged, why);
    return work;
}

std::vector<case_event> store::history(std::string_view case_id) {
    return backend_->events_of(case_id);
}

std::vector<case_info> store::inbox(std::string_view actor, std::string_view sop,
                                    std::size_t limit) {
    return backend_->inbox(actor, sop, limit);
}

std::vector<case_info> store::overdue(time_point at, std::size_t limit) {
    return backend_->overdue(at, limit);
}

std::vector<case_info> store::cases(const case_filter& filter) {
    return backend_->cases(filter);
}

std::vector<step_measure> store::report(std::string_view sop) {
    return backend_->report(sop);
}

std::vector<ending_count> store::endings(std::string_view sop) {
    return backend_->endings(sop);
}

verify_result store::verify(std::string_view case_id) {
    return backend_->verify(case_id);
}

}  // namespace sop
