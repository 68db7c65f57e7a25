// The people behind the roles: people, assignments, their history, and who may act in which
// capacity. The SQL is in the dialect both databases share, as in store.cpp.

#include "store/staff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <sopengine/error.hpp>

#include "detail/time_text.hpp"

namespace sop {

std::string_view to_string(capacity value) noexcept {
    switch (value) {
        case capacity::none: return "none";
        case capacity::holder: return "holder";
        case capacity::plt: return "plt";
        case capacity::plh: return "plh";
    }
    return "unknown";
}

std::string_view title_of(capacity value) noexcept {
    switch (value) {
        case capacity::plt: return "Plt.";
        case capacity::plh: return "Plh.";
        default: return {};
    }
}

std::string_view to_string(staff_change_kind kind) noexcept {
    switch (kind) {
        case staff_change_kind::person: return "person";
        case staff_change_kind::assign: return "assign";
        case staff_change_kind::period: return "period";
        case staff_change_kind::revoke: return "revoke";
    }
    return "unknown";
}

std::string unit_of(const definition& sop) {
    const identity& header = sop.header();
    std::string out;
    for (const std::string* part : {&header.government, &header.organization, &header.unit}) {
        std::string folded;
        bool space = false;
        for (const char c : *part) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = !folded.empty();
                continue;
            }
            if (space) folded += ' ';
            space = false;
            folded += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        }
        if (folded.empty()) continue;
        if (!out.empty()) out += " / ";
        out += folded;
    }
    return out;
}

namespace detail {
namespace {

constexpr std::string_view assignment_columns =
    "id, nip, unit, role, capacity, letter, valid_from, valid_to, revoked, revoked_reason";

std::int64_t seconds(time_point at) {
    return at.time_since_epoch().count();
}

// holder before Plt. before Plh.
int precedence(capacity value) {
    return value == capacity::holder ? 0 : value == capacity::plt ? 1 : 2;
}

assignment assignment_from(const sql_row& row) {
    assignment out;
    out.id = row.integer(0);
    out.nip = row.text(1);
    out.unit = row.text(2);
    out.role = row.text(3);
    out.capacity = capacity_named(row.text(4)).value_or(capacity::holder);
    out.letter = row.text(5);
    out.from = day_of(row.integer(6));
    if (const auto last = row.optional_integer(7)) out.to = day_of(*last);
    out.revoked = row.integer(8) != 0;
    out.revoked_reason = row.text(9);
    return out;
}

std::string period_text(std::chrono::year_month_day from,
                        const std::optional<std::chrono::year_month_day>& to) {
    return fmt::format("{} to {}", iso_date(from), to ? iso_date(*to) : std::string("(open)"));
}

// "Plt. kabag of UNIT, letter X, 2026-03-01 to 2026-03-31"
std::string describe(const assignment& what) {
    std::string out = what.capacity == capacity::holder
                          ? fmt::format("holder of {}", what.role)
                          : fmt::format("{} {}", title_of(what.capacity), what.role);
    out += fmt::format(" of {}", what.unit);
    if (!what.letter.empty()) out += fmt::format(", letter {}", what.letter);
    out += ", " + period_text(what.from, what.to);
    return out;
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

staff_outcome refused(std::error_code code, std::string message) {
    return {code, std::move(message), std::nullopt};
}

void record_change(database& db, time_point at, staff_change_kind kind, const std::string& nip,
                   std::int64_t assignment_id, const std::string& details) {
    const std::array<sql_value, 5> values{seconds(at), std::string(to_string(kind)), nip,
                                          assignment_id, details};
    db.change(
        "INSERT INTO sop_staff_changes (seq, at, kind, nip, assignment, details) SELECT "
        "COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM sop_staff_changes WHERE TRUE",
        values);
}

std::optional<assignment> find_assignment(database& db, std::int64_t id) {
    static const std::string sql =
        fmt::format("SELECT {} FROM sop_assignments WHERE id = ?", assignment_columns);
    const std::array<sql_value, 1> values{id};
    const auto rows = db.query(sql, values);
    if (rows.empty()) return std::nullopt;
    return assignment_from(rows[0]);
}

// The assignment `id`, which an edit may change (stored and not revoked); otherwise why not, in
// `refusal`. `revoked` words the refusal of a revoked one.
std::optional<assignment> editable(database& db, std::int64_t id, std::string_view revoked,
                                   staff_outcome& refusal) {
    std::optional<assignment> found = find_assignment(db, id);
    if (!found) {
        refusal =
            refused(store_errc::no_such_assignment, fmt::format("no assignment has id {}", id));
    } else if (found->revoked) {
        refusal = refused(errc::invalid_argument, fmt::format("assignment {} {}", id, revoked));
        found.reset();
    }
    return found;
}

// The checks every period passes: it does not end before it begins, Plt. and Plh. have a last
// day, and the person has no other assignment to the role for any of its days.
staff_outcome check_period(database& db, const assignment& what) {
    if (what.to && *what.to < what.from) {
        return refused(errc::invalid_argument, fmt::format("the period {} ends before it begins",
                                                           period_text(what.from, what.to)));
    }
    if (what.capacity != capacity::holder && !what.to) {
        return refused(errc::invalid_argument,
                       fmt::format("a {} appointment is for a period: give its last day, as the "
                                   "letter does",
                                   title_of(what.capacity)));
    }
    const assignment_filter same{what.nip, what.unit, what.role, std::nullopt, false};
    for (const assignment& other : assignments(db, same)) {
        if (other.id == what.id) continue;
        const bool apart =
            (what.to && *what.to < other.from) || (other.to && *other.to < what.from);
        if (!apart) {
            return refused(store_errc::overlapping,
                           fmt::format("{} is already {} (assignment {}); end or revoke that "
                                       "first, or choose days outside it",
                                       what.nip, describe(other), other.id));
        }
    }
    return {};
}

}  // namespace

std::optional<capacity> capacity_named(std::string_view name) {
    for (const capacity value : {capacity::none, capacity::holder, capacity::plt, capacity::plh}) {
        if (to_string(value) == name) return value;
    }
    return std::nullopt;
}

std::int64_t day_number(std::chrono::year_month_day day) {
    return std::chrono::sys_days(day).time_since_epoch().count();
}

std::chrono::year_month_day day_of(std::int64_t number) {
    return {std::chrono::sys_days(std::chrono::days(number))};
}

std::chrono::year_month_day local_day(time_point at, std::chrono::minutes utc_offset) {
    return {std::chrono::floor<std::chrono::days>(at + utc_offset)};
}

staff_outcome put_person(database& db, const person& who, time_point at) {
    if (blank(who.nip) || blank(who.name)) {
        return refused(errc::invalid_argument,
                       "a person needs a NIP (or another number unique in the agency) and a name");
    }
    transaction work(db);
    db.lock_staff();
    const std::optional<person> before = find_person(db, who.nip);
    if (before == who) return {};
    const std::array<sql_value, 3> values{who.nip, who.name, who.rank};
    db.change(
        "INSERT INTO sop_people (nip, name, rank) VALUES (?, ?, ?) ON CONFLICT (nip) DO UPDATE "
        "SET name = excluded.name, rank = excluded.rank",
        values);
    std::string details;
    if (!before) {
        details = fmt::format("added: {}{}", who.name, who.rank.empty() ? "" : ", " + who.rank);
    } else {
        if (before->name != who.name) {
            details += fmt::format("name: {} -> {}", before->name, who.name);
        }
        if (before->rank != who.rank) {
            details += fmt::format("{}rank: {} -> {}", details.empty() ? "" : "; ", before->rank,
                                   who.rank);
        }
    }
    record_change(db, at, staff_change_kind::person, who.nip, 0, details);
    work.commit();
    return {};
}

std::optional<person> find_person(database& db, std::string_view nip) {
    const std::array<sql_value, 1> values{std::string(nip)};
    const auto rows = db.query("SELECT name, nip, rank FROM sop_people WHERE nip = ?", values);
    if (rows.empty()) return std::nullopt;
    return person{rows[0].text(0), rows[0].text(1), rows[0].text(2)};
}

std::vector<person> people(database& db) {
    std::vector<person> out;
    for (const sql_row& row : db.query("SELECT name, nip, rank FROM sop_people ORDER BY nip", {})) {
        out.push_back({row.text(0), row.text(1), row.text(2)});
    }
    return out;
}

staff_outcome assign(database& db, const assignment& what, time_point at) {
    if (what.capacity == capacity::none) {
        return refused(errc::invalid_argument,
                       "an assignment is as holder, Plt. or Plh. (capacity none is not one)");
    }
    if (what.role.empty() || what.unit.empty()) {
        return refused(errc::invalid_argument, "an assignment names a unit and a role");
    }
    if (what.capacity != capacity::holder && blank(what.letter)) {
        return refused(errc::invalid_argument,
                       fmt::format("a {} appointment needs the number of its letter (Surat "
                                   "Perintah), which the record cites",
                                   title_of(what.capacity)));
    }
    transaction work(db);
    db.lock_staff();
    if (!find_person(db, what.nip)) {
        return refused(
            store_errc::no_such_person,
            fmt::format("no person with NIP {} is stored; add them with put_person", what.nip));
    }
    assignment stored = what;
    stored.revoked = false;
    stored.revoked_reason.clear();
    const auto next = db.query("SELECT COALESCE(MAX(id), 0) + 1 FROM sop_assignments", {});
    stored.id = next.at(0).integer(0);
    if (staff_outcome checked = check_period(db, stored); !checked) return checked;
    const std::array<sql_value, 8> values{
        stored.id,
        stored.nip,
        stored.unit,
        stored.role,
        std::string(to_string(stored.capacity)),
        stored.letter,
        day_number(stored.from),
        stored.to ? sql_value(day_number(*stored.to)) : sql_value(std::monostate{})};
    db.change(
        "INSERT INTO sop_assignments (id, nip, unit, role, capacity, letter, valid_from, "
        "valid_to, revoked, revoked_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '')",
        values);
    record_change(db, at, staff_change_kind::assign, stored.nip, stored.id, describe(stored));
    work.commit();
    return {{}, {}, stored};
}

staff_outcome set_period(database& db, std::int64_t id, std::chrono::year_month_day from,
                         std::optional<std::chrono::year_month_day> to, time_point at) {
    transaction work(db);
    db.lock_staff();
    staff_outcome refusal;
    const std::optional<assignment> found =
        editable(db, id, "was revoked; make a new one", refusal);
    if (!found) return refusal;
    assignment changed = *found;
    changed.from = from;
    changed.to = to;
    if (changed == *found) return {{}, {}, changed};
    if (staff_outcome checked = check_period(db, changed); !checked) return checked;
    const std::array<sql_value, 3> values{
        day_number(from), to ? sql_value(day_number(*to)) : sql_value(std::monostate{}), id};
    db.change("UPDATE sop_assignments SET valid_from = ?, valid_to = ? WHERE id = ?", values);
    record_change(db, at, staff_change_kind::period, changed.nip, id,
                  fmt::format("period: {} -> {}", period_text(found->from, found->to),
                              period_text(from, to)));
    work.commit();
    return {{}, {}, changed};
}

staff_outcome revoke(database& db, std::int64_t id, std::string_view reason, time_point at) {
    if (blank(reason)) {
        return refused(errc::invalid_argument, "say why the assignment is revoked");
    }
    transaction work(db);
    db.lock_staff();
    staff_outcome refusal;
    std::optional<assignment> found = editable(db, id, "was revoked already", refusal);
    if (!found) return refusal;
    const std::array<sql_value, 2> values{std::string(reason), id};
    db.change("UPDATE sop_assignments SET revoked = 1, revoked_reason = ? WHERE id = ?", values);
    record_change(db, at, staff_change_kind::revoke, found->nip, id,
                  fmt::format("revoked ({}): {}", describe(*found), reason));
    work.commit();
    found->revoked = true;
    found->revoked_reason = std::string(reason);
    return {{}, {}, *found};
}

std::vector<assignment> assignments(database& db, const assignment_filter& filter) {
    std::string sql = fmt::format("SELECT {} FROM sop_assignments WHERE TRUE", assignment_columns);
    std::vector<sql_value> values;
    for (const auto& [column, value] :
         {std::pair{"nip", &filter.nip}, std::pair{"unit", &filter.unit},
          std::pair{"role", &filter.role}}) {
        if (value->empty()) continue;
        sql += fmt::format(" AND {} = ?", column);
        values.emplace_back(*value);
    }
    if (!filter.with_revoked) sql += " AND revoked = 0";
    if (filter.on) {
        sql += " AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)";
        values.emplace_back(day_number(*filter.on));
        values.emplace_back(day_number(*filter.on));
    }
    sql += " ORDER BY unit, role, valid_from, id";
    std::vector<assignment> out;
    for (const sql_row& row : db.query(sql, values)) out.push_back(assignment_from(row));
    return out;
}

std::vector<staff_change> staff_history(database& db, std::string_view nip) {
    constexpr std::string_view all =
        "SELECT seq, at, kind, nip, assignment, details FROM sop_staff_changes ORDER BY seq";
    constexpr std::string_view one =
        "SELECT seq, at, kind, nip, assignment, details FROM sop_staff_changes WHERE nip = ? "
        "ORDER BY seq";
    const std::array<sql_value, 1> values{std::string(nip)};
    std::vector<staff_change> out;
    for (const sql_row& row : nip.empty() ? db.query(all, {}) : db.query(one, values)) {
        staff_change change;
        change.sequence = row.integer(0);
        change.at = time_point(std::chrono::seconds(row.integer(1)));
        for (const staff_change_kind kind :
             {staff_change_kind::person, staff_change_kind::assign, staff_change_kind::period,
              staff_change_kind::revoke}) {
            if (to_string(kind) == row.text(2)) change.kind = kind;
        }
        change.nip = row.text(3);
        change.assignment = row.integer(4);
        change.details = row.text(5);
        out.push_back(std::move(change));
    }
    return out;
}

acting_role resolve(database& db, std::string_view nip, std::string_view unit,
                    const std::vector<role_wanted>& roles, std::chrono::year_month_day day,
                    std::string_view what) {
    acting_role out;
    const std::optional<person> who = find_person(db, nip);
    if (!who) {
        out.code = store_errc::no_such_person;
        out.message = fmt::format("no person with NIP {} is stored; add them with put_person", nip);
        return out;
    }
    out.who = *who;
    const std::vector<assignment> held =
        assignments(db, {std::string(nip), std::string(unit), {}, std::nullopt, false});
    const assignment* expired = nullptr;      // the latest that ended before the day
    const assignment* not_started = nullptr;  // the earliest that begins after it
    for (const role_wanted& role : roles) {
        const assignment* best = nullptr;
        for (const assignment& one : held) {
            if (one.role != role.id) continue;
            if (one.covers(day)) {
                if (best == nullptr || precedence(one.capacity) < precedence(best->capacity)) {
                    best = &one;
                }
            } else if (one.to && *one.to < day) {
                if (expired == nullptr || *expired->to < *one.to) expired = &one;
            } else if (not_started == nullptr || one.from < not_started->from) {
                not_started = &one;
            }
        }
        if (best != nullptr) {
            out.role = best->role;
            out.capacity = best->capacity;
            out.letter = best->letter;
            return out;
        }
    }
    std::vector<std::string> wanted;
    wanted.reserve(roles.size());
    for (const role_wanted& role : roles) {
        wanted.push_back(fmt::format("'{}' ({})", role.id, role.name));
    }
    const std::string name = fmt::format("{} (NIP {})", who->name, who->nip);
    if (expired != nullptr) {
        out.code = store_errc::appointment_expired;
        out.message = fmt::format(
            "{} was {}, which ended before {}; {} needs someone appointed "
            "that day",
            name, describe(*expired), iso_date(day), what);
    } else if (not_started != nullptr) {
        out.code = store_errc::appointment_not_started;
        out.message = fmt::format(
            "{} is {}, which begins after {}; {} needs someone appointed "
            "that day",
            name, describe(*not_started), iso_date(day), what);
    } else {
        out.code = store_errc::not_assigned;
        out.message = fmt::format("{} holds and acts for none of the roles {} waits for in {}: {}",
                                  name, what, unit, fmt::join(wanted, " or "));
    }
    return out;
}

}  // namespace detail
}  // namespace sop
