// sop-runner case: durable cases in a store (sopengine::store): a SQLite file, or PostgreSQL.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sopengine/store.hpp>

#include "runner.hpp"
#include "table.hpp"

namespace runner {
namespace {

using json = nlohmann::ordered_json;

// The calendar a case's times are read and written on: its stored one, or the default.
sop::working_calendar calendar_named(sop::store& db, const std::string& name) {
    if (name.empty()) return {};
    auto found = db.find_calendar(name);
    if (!found) {
        throw usage_error{
            fmt::format("no calendar named \"{}\" is in the store; add it with "
                        "sop-runner case calendar {} FILE",
                        name, name)};
    }
    return std::move(*found);
}

std::string when(const sop::working_calendar& calendar, const std::optional<sop::time_point>& at) {
    return at ? calendar.format(*at) : std::string();
}

json when_json(const sop::working_calendar& calendar, const std::optional<sop::time_point>& at) {
    return at ? json(calendar.format(*at)) : json(nullptr);
}

json case_json(const sop::case_info& info, const sop::working_calendar& calendar) {
    return {{"id", info.id},
            {"sop", info.sop},
            {"fingerprint", info.fingerprint},
            {"calendar", info.calendar},
            {"status", sop::to_string(info.status)},
            {"step", info.step.empty() ? json(nullptr) : json(info.step)},
            {"actors", info.actors},
            {"step_started", when_json(calendar, info.step_started)},
            {"due", when_json(calendar, info.due)},
            {"started", calendar.format(info.started)},
            {"updated", calendar.format(info.updated)},
            {"revision", info.revision},
            {"ending", info.ending.empty() ? json(nullptr) : json(info.ending)}};
}

json event_json(const sop::case_event& event, const sop::working_calendar& calendar) {
    const auto number = [](const std::optional<std::int64_t>& value) {
        return value ? json(*value) : json(nullptr);
    };
    return {{"sequence", event.sequence},
            {"kind", sop::to_string(event.kind)},
            {"step", event.step},
            {"actor", event.actor},
            {"person",
             {{"name", event.person.name}, {"nip", event.person.nip}, {"rank", event.person.rank}}},
            {"capacity", sop::to_string(event.capacity)},
            {"letter", event.letter},
            {"at", calendar.format(event.at)},
            {"answer", event.answer ? json(sop::to_string(*event.answer)) : json(nullptr)},
            {"reason", event.reason},
            {"step_started", when_json(calendar, event.step_started)},
            {"due", when_json(calendar, event.due)},
            {"on_time", event.due ? json(event.on_time()) : json(nullptr)},
            {"working_minutes", number(event.working_minutes)},
            {"standard_minutes", number(event.standard_minutes)},
            {"hash", event.hash}};
}

// Cases as a table or JSON, each case's times on its own calendar (each read once).
void print_cases(const std::vector<sop::case_info>& cases, bool as_json, sop::store& db) {
    std::map<std::string, sop::working_calendar> calendars;
    const auto calendar_of = [&](const std::string& name) -> const sop::working_calendar& {
        auto found = calendars.find(name);
        if (found == calendars.end())
            found = calendars.emplace(name, calendar_named(db, name)).first;
        return found->second;
    };
    if (as_json) {
        json out = json::array();
        for (const auto& info : cases) {
            out.push_back(case_json(info, calendar_of(info.calendar)));
        }
        fmt::print("{}\n", out.dump(2));
        return;
    }
    if (cases.empty()) {
        fmt::print("no cases\n");
        return;
    }
    text_table table({"case", "sop", "status", "step", "actors", "due"}, {2, 2, 1, 1, 1, 2});
    for (const auto& info : cases) {
        std::string actors;
        for (const auto& actor : info.actors) actors += (actors.empty() ? "" : " ") + actor;
        table.add_row({info.id, info.sop, std::string(sop::to_string(info.status)), info.step,
                       actors, when(calendar_of(info.calendar), info.due)});
    }
    fmt::print("{}", table.render(output_width()));
}

// Prints an operation's result: the case as it now is, or why it was refused (exit 1).
int print_outcome(const sop::store_outcome& done, sop::store& db, bool as_json) {
    if (!done) {
        fmt::print(stderr, "sop-runner: refused ({}): {}\n", done.code.message(), done.message);
        return failure;
    }
    const sop::working_calendar calendar = calendar_named(db, done.state->calendar);
    if (as_json) {
        fmt::print("{}\n", case_json(*done.state, calendar).dump(2));
        return success;
    }
    const auto& info = *done.state;
    if (info.step.empty()) {
        fmt::print("case {}: {}{} (revision {})\n", info.id, sop::to_string(info.status),
                   info.ending.empty() ? std::string() : ", ending " + info.ending, info.revision);
    } else {
        std::string actors;
        for (const auto& actor : info.actors) actors += (actors.empty() ? "" : " or ") + actor;
        fmt::print("case {}: step {} for {}{} (revision {})\n", info.id, info.step, actors,
                   info.due ? ", due " + calendar.format(*info.due) : std::string(), info.revision);
    }
    return success;
}

sop::act_options act_options_of(const case_options& options) {
    return {.revision = options.revision, .by = {options.person, options.nip, {}}};
}

// Who acts: --actor (with --person and --nip), or --by, a person whose role the store resolves.
std::optional<sop::by_person> person_of(const case_options& options) {
    if (options.by.empty()) {
        if (options.actor.empty()) throw usage_error{"name who acts: --actor ID, or --by NIP"};
        return std::nullopt;
    }
    return sop::by_person{options.by, options.role};
}

std::chrono::year_month_day date_option(const std::string& text, const char* option) {
    const auto date = parse_date(text);
    if (!date) {
        throw usage_error{fmt::format("{} \"{}\" is not a date; write YYYY-MM-DD", option, text)};
    }
    return *date;
}

// The person an event names, for a table: "Plh. Name (NIP ...)".
std::string person_cell(const sop::case_event& event) {
    std::string out(sop::title_of(event.capacity));
    if (!out.empty()) out += ' ';
    out += event.person.name;
    if (!event.person.nip.empty()) out += " (NIP " + event.person.nip + ")";
    return out;
}

json assignment_json(const sop::assignment& item) {
    return {{"id", item.id},
            {"nip", item.nip},
            {"unit", item.unit},
            {"role", item.role},
            {"capacity", sop::to_string(item.capacity)},
            {"letter", item.letter},
            {"from", iso_date(item.from)},
            {"to", item.to ? json(iso_date(*item.to)) : json(nullptr)},
            {"revoked", item.revoked},
            {"revoked_reason", item.revoked_reason}};
}

// Prints a change to the people's result: the assignment, or why it was refused (exit 1).
int print_staff(const sop::staff_outcome& done, bool as_json, std::string_view what) {
    if (!done) {
        fmt::print(stderr, "sop-runner: refused ({}): {}\n", done.code.message(), done.message);
        return failure;
    }
    if (as_json) {
        fmt::print("{}\n", done.assignment ? assignment_json(*done.assignment).dump(2)
                                           : json{{"done", what}}.dump(2));
        return success;
    }
    if (done.assignment) {
        const auto& item = *done.assignment;
        fmt::print("assignment {}: {} {} {} of {}{}, {} to {}{}\n", item.id, item.nip,
                   sop::to_string(item.capacity), item.role, item.unit,
                   item.letter.empty() ? "" : ", letter " + item.letter, iso_date(item.from),
                   item.to ? iso_date(*item.to) : std::string("(open)"),
                   item.revoked ? " (revoked: " + item.revoked_reason + ")" : "");
    } else {
        fmt::print("{}\n", what);
    }
    return success;
}

int staff_command(sop::store& db, const case_options& options) {
    const std::string& command = options.command;
    const sop::time_point now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (command == "person") {
        return print_staff(db.put_person({options.person, options.nip, options.rank}, now),
                           options.json, fmt::format("person {}: {}", options.nip, options.person));
    }
    if (command == "assign") {
        std::string unit = options.unit;
        if (!options.sop.empty()) {
            const auto versions = db.definitions(options.sop);
            if (versions.empty()) {
                throw usage_error{
                    fmt::format("no SOP \"{}\" is in the store; add it with "
                                "sop-runner case add FILE",
                                options.sop)};
            }
            unit = sop::unit_of(*db.find_definition(versions.back().fingerprint));
        }
        if (unit.empty()) throw usage_error{"name the role's unit: --sop ID or --unit TEXT"};
        sop::assignment what{.nip = options.nip, .unit = unit, .role = options.role};
        what.capacity = options.capacity == "plt"   ? sop::capacity::plt
                        : options.capacity == "plh" ? sop::capacity::plh
                                                    : sop::capacity::holder;
        what.letter = options.letter;
        what.from = date_option(options.from, "--from");
        if (!options.to.empty()) what.to = date_option(options.to, "--to");
        return print_staff(db.assign(what, now), options.json, {});
    }
    if (command == "period") {
        std::optional<std::chrono::year_month_day> to;
        if (!options.to.empty()) to = date_option(options.to, "--to");
        return print_staff(
            db.set_period(options.assignment, date_option(options.from, "--from"), to, now),
            options.json, {});
    }
    if (command == "revoke") {
        return print_staff(db.revoke(options.assignment, options.reason, now), options.json, {});
    }
    if (command == "assignments") {
        sop::assignment_filter filter{.nip = options.nip, .unit = options.unit};
        if (!options.date.empty()) filter.on = date_option(options.date, "--on");
        filter.with_revoked = options.all;
        const auto found = db.assignments(filter);
        if (options.json) {
            json out = json::array();
            for (const auto& item : found) out.push_back(assignment_json(item));
            fmt::print("{}\n", out.dump(2));
            return success;
        }
        if (found.empty()) {
            fmt::print("no assignments\n");
            return success;
        }
        text_table table({"id", "person", "as", "role", "unit", "letter", "from", "to"},
                         {1, 2, 1, 1, 3, 2, 1, 1});
        for (const auto& item : found) {
            const auto who = db.find_person(item.nip);
            table.add_row(
                {std::to_string(item.id),
                 who ? fmt::format("{} ({})", who->name, item.nip) : item.nip,
                 std::string(sop::to_string(item.capacity)) + (item.revoked ? ", revoked" : ""),
                 item.role, item.unit, item.letter, iso_date(item.from),
                 item.to ? iso_date(*item.to) : std::string()});
        }
        fmt::print("{}", table.render(output_width()));
        return success;
    }
    if (command == "staff-log") {
        const auto changes = db.staff_history(options.nip);
        const sop::working_calendar calendar;
        if (options.json) {
            json out = json::array();
            for (const auto& change : changes) {
                out.push_back({{"sequence", change.sequence},
                               {"at", calendar.format(change.at)},
                               {"kind", sop::to_string(change.kind)},
                               {"nip", change.nip},
                               {"assignment", change.assignment},
                               {"details", change.details}});
            }
            fmt::print("{}\n", out.dump(2));
            return success;
        }
        text_table table({"#", "at", "change", "nip", "details"}, {1, 2, 1, 2, 5});
        for (const auto& change : changes) {
            table.add_row({std::to_string(change.sequence), calendar.format(change.at),
                           std::string(sop::to_string(change.kind)), change.nip, change.details});
        }
        fmt::print("{}", table.render(output_width()));
        return success;
    }
    // desk
    const sop::working_calendar calendar;
    const std::chrono::year_month_day day =
        options.date.empty() ? std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                   now + calendar.utc_offset()))
                             : date_option(options.date, "--date");
    const auto items = db.desk(options.nip, day, options.sop, options.limit);
    if (options.json) {
        json out = json::array();
        for (const auto& item : items) {
            json one = case_json(item.work, calendar_named(db, item.work.calendar));
            one["role"] = item.role;
            one["capacity"] = sop::to_string(item.capacity);
            one["letter"] = item.letter;
            out.push_back(std::move(one));
        }
        fmt::print("{}\n", out.dump(2));
        return success;
    }
    if (items.empty()) {
        fmt::print("nothing on the desk of {} on {}\n", options.nip, iso_date(day));
        return success;
    }
    text_table table({"case", "sop", "step", "as", "due"}, {2, 2, 1, 2, 2});
    for (const auto& item : items) {
        const std::string_view title = sop::title_of(item.capacity);
        table.add_row({item.work.id, item.work.sop, item.work.step,
                       title.empty() ? item.role : fmt::format("{} {}", title, item.role),
                       when(calendar_named(db, item.work.calendar), item.work.due)});
    }
    fmt::print("{}", table.render(output_width()));
    return success;
}

int show(sop::store& db, const case_options& options) {
    const auto info = db.find_case(options.id);
    if (!info) {
        fmt::print(stderr, "sop-runner: no case has id \"{}\"\n", options.id);
        return failure;
    }
    if (options.html) return write_output(options.output, *db.record_html(options.id));
    const sop::working_calendar calendar = calendar_named(db, info->calendar);
    const auto events = db.history(options.id);
    if (options.json) {
        json out = case_json(*info, calendar);
        json history = json::array();
        for (const auto& event : events) history.push_back(event_json(event, calendar));
        out["history"] = std::move(history);
        fmt::print("{}\n", out.dump(2));
        return success;
    }
    std::string actors;
    for (const auto& actor : info->actors) actors += (actors.empty() ? "" : " or ") + actor;
    fmt::print("case {} of {} (version {}), {}{}\n", info->id, info->sop,
               info->fingerprint.substr(0, 12), sop::to_string(info->status),
               info->ending.empty() ? std::string() : ", ending " + info->ending);
    if (!info->step.empty()) {
        fmt::print("now: step {} for {}, started {}{}\n", info->step, actors,
                   when(calendar, info->step_started),
                   info->due ? ", due " + calendar.format(*info->due) : std::string());
    }
    text_table table({"#", "event", "step", "actor", "person", "at", "due", "on time"},
                     {1, 1, 1, 1, 2, 2, 2, 1});
    for (const auto& event : events) {
        std::string what(sop::to_string(event.kind));
        if (event.answer)
            fmt::format_to(std::back_inserter(what), " {}", sop::to_string(*event.answer));
        if (!event.reason.empty()) what += ": " + event.reason;
        table.add_row({std::to_string(event.sequence), what, event.step, event.actor,
                       person_cell(event), calendar.format(event.at), when(calendar, event.due),
                       event.due ? (event.on_time() ? "yes" : "late") : ""});
    }
    fmt::print("{}", table.render(output_width()));
    return success;
}

int report(sop::store& db, const case_options& options) {
    const auto measures = db.report(options.sop);
    const auto endings = db.endings(options.sop);
    if (options.json) {
        json out = {{"steps", json::array()}, {"endings", json::array()}};
        for (const auto& item : endings) {
            out["endings"].push_back(
                {{"ending", item.ending}, {"label", item.label}, {"cases", item.cases}});
        }
        for (const auto& item : measures) {
            out["steps"].push_back({{"step", item.step},
                                    {"performed", item.performed},
                                    {"timed", item.timed},
                                    {"on_time", item.on_time},
                                    {"on_time_rate", item.on_time_rate()},
                                    {"working_minutes", item.working_minutes},
                                    {"standard_minutes", item.standard_minutes}});
        }
        fmt::print("{}\n", out.dump(2));
        return success;
    }
    if (measures.empty()) {
        fmt::print("no SOP \"{}\" in the store\n", options.sop);
        return failure;
    }
    text_table table({"step", "performed", "on time", "rate", "mean minutes", "standard"});
    for (const auto& item : measures) {
        const auto mean = [&item](std::int64_t total, std::int64_t count) {
            return count == 0 ? std::string("-")
                              : fmt::format("{:.0f}", double(total) / double(count));
        };
        table.add_row({item.step, std::to_string(item.performed),
                       fmt::format("{} of {}", item.on_time, item.timed),
                       item.timed == 0 ? "-" : fmt::format("{:.0f}%", item.on_time_rate() * 100),
                       mean(item.working_minutes, item.performed),
                       mean(item.standard_minutes, item.timed)});
    }
    fmt::print("{}", table.render(output_width()));
    text_table ended({"ending", "cases", "label"}, {1, 1, 3});
    for (const auto& item : endings) {
        ended.add_row({item.ending, std::to_string(item.cases), item.label});
    }
    fmt::print("\n{}", ended.render(output_width()));
    return success;
}

int verify(sop::store& db, const case_options& options) {
    const sop::verify_result result = db.verify(options.id);
    if (options.json) {
        json problems = json::array();
        for (const auto& problem : result.problems) {
            problems.push_back({{"case", problem.case_id},
                                {"event", problem.sequence},
                                {"message", problem.message}});
        }
        fmt::print(
            "{}\n",
            json{{"cases", result.cases}, {"events", result.events}, {"problems", problems}}.dump(
                2));
    } else {
        for (const auto& problem : result.problems) {
            fmt::print("case {}{}: {}\n", problem.case_id,
                       problem.sequence > 0 ? fmt::format(", event {}", problem.sequence) : "",
                       problem.message);
        }
        fmt::print(
            "{} cases, {} events: {}\n", result.cases, result.events,
            result ? "every chain holds" : fmt::format("{} problems", result.problems.size()));
    }
    return result ? success : failure;
}

}  // namespace

int case_command(const case_options& options) {
    sop::store db = sop::store::open(options.db);
    const std::string& command = options.command;
    if (command == "add") {
        std::vector<std::pair<std::string, sop::definition>> pending;
        std::set<std::string> given;
        for (const std::string& file : options.files) {
            auto loaded = load_for_command(file);
            if (!loaded) return failure;
            given.insert(loaded->id());
            pending.emplace_back(file, std::move(*loaded));
        }
        // The store pins a definition to the stored versions of the SOPs its steps run: those
        // given too are stored first.
        std::set<std::string> added;
        while (!pending.empty()) {
            auto ready = std::find_if(pending.begin(), pending.end(), [&](const auto& item) {
                return std::none_of(item.second.steps().begin(), item.second.steps().end(),
                                    [&](const sop::step& row) {
                                        return given.contains(row.sop) && !added.contains(row.sop);
                                    });
            });
            if (ready == pending.end()) ready = pending.begin();  // a circle: the store says so
            const sop::definition stored = db.add_definition_file(ready->first);
            fmt::print("{}: {} version {}\n", ready->first, stored.id(),
                       stored.fingerprint().substr(0, 12));
            added.insert(stored.id());
            pending.erase(ready);
        }
        return success;
    }
    if (command == "calendar") {
        calendar_options from_file;
        from_file.file = options.files.at(0);
        const auto calendar = make_calendar(from_file);
        const std::string version = db.add_calendar(options.name, *calendar);
        fmt::print("calendar {}: version {}\n", options.name, version.substr(0, 12));
        return success;
    }
    if (command == "start") {
        std::string sop = options.sop;
        if (std::filesystem::is_regular_file(sop)) {  // a file: stored first
            if (!load_for_command(sop)) return failure;
            sop = db.add_definition_file(sop).id();
        }
        const sop::working_calendar calendar = calendar_named(db, options.calendar);
        const sop::time_point at = start_time(calendar, options.at);
        const sop::new_case what{.sop = sop,
                                 .id = options.id,
                                 .fingerprint = options.version,
                                 .calendar = options.calendar};
        const auto who = person_of(options);
        return print_outcome(who ? db.start(what, *who, at, {.revision = options.revision})
                                 : db.start(what, options.actor, at, act_options_of(options)),
                             db, options.json);
    }
    if (command == "complete" || command == "answer" || command == "cancel") {
        const auto info = db.find_case(options.id);
        const sop::working_calendar calendar =
            info ? calendar_named(db, info->calendar) : sop::working_calendar();
        const sop::time_point at = start_time(calendar, options.at);
        const auto who = person_of(options);
        const sop::act_options by_person_options{.revision = options.revision};
        if (command == "complete") {
            return print_outcome(
                who ? db.complete(options.id, *who, at, by_person_options)
                    : db.complete(options.id, options.actor, at, act_options_of(options)),
                db, options.json);
        }
        if (command == "answer") {
            const auto value = parse_answer(options.answer);
            if (!value) {
                throw usage_error{
                    fmt::format("\"{}\" is not an answer; write yes or no (ya, "
                                "tidak)",
                                options.answer)};
            }
            return print_outcome(
                who ? db.answer(options.id, *who, *value, at, by_person_options)
                    : db.answer(options.id, options.actor, *value, at, act_options_of(options)),
                db, options.json);
        }
        return print_outcome(
            who ? db.cancel(options.id, *who, options.reason, at, by_person_options)
                : db.cancel(options.id, options.actor, options.reason, at, act_options_of(options)),
            db, options.json);
    }
    if (command == "show") return show(db, options);
    if (command == "inbox") {
        print_cases(db.inbox(options.actor, options.sop, options.limit), options.json, db);
        return success;
    }
    if (command == "overdue") {
        const sop::time_point at = start_time(sop::working_calendar(), options.at);
        print_cases(db.overdue(at, options.limit), options.json, db);
        return success;
    }
    if (command == "list") {
        std::optional<sop::status> status;
        if (!options.status.empty()) {
            for (const auto value : {sop::status::at_activity, sop::status::at_decision,
                                     sop::status::completed, sop::status::cancelled}) {
                if (sop::to_string(value) == options.status) status = value;
            }
            if (!status) {
                throw usage_error{
                    fmt::format("--status \"{}\" is not a status; write "
                                "at_activity, at_decision, completed or cancelled",
                                options.status)};
            }
        }
        print_cases(db.cases({.sop = options.sop, .status = status, .limit = options.limit}),
                    options.json, db);
        return success;
    }
    if (command == "report") return report(db, options);
    for (const char* staff :
         {"person", "assign", "period", "revoke", "assignments", "staff-log", "desk"}) {
        if (command == staff) return staff_command(db, options);
    }
    if (command == "verify") return verify(db, options);
    return usage;
}

}  // namespace runner
