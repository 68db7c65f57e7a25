// sop-runner: check, inspect, walk and drive SOP definitions from a terminal.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "runner.hpp"

namespace {

void add_calendar_options(CLI::App& command, runner::calendar_options& calendar) {
    command.add_option("--calendar", calendar.file,
                       "A working calendar file (e.g. sop-definitions/calendars/"
                       "indonesia-2025.xml); the options below override it. Default: Monday to "
                       "Friday 08:00-16:00 WIB");
    command.add_option("--utc-offset", calendar.utc_offset,
                       "Local time's offset from UTC: +07:00 (WIB), +08:00 (WITA), +09:00 (WIT)");
    command.add_option("--hours", calendar.hours,
                       "Working hours of every working day, e.g. 08:00-16:00 (no breaks)");
    command.add_option("--days", calendar.days, "Working days, e.g. mon,tue,wed,thu,fri,sat");
    command.add_option("--holiday", calendar.holidays, "A holiday, YYYY-MM-DD; repeat for more");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Check, inspect, walk and drive SOP definitions (Permenpan RB 35/2012 form).",
                 "sop-runner"};
    app.set_version_flag("--version", fmt::format("sop-runner {}", sop::version()));
    app.require_subcommand(1);
    app.footer(
        "Exit status: 0 on success, 1 when a file has errors or a command cannot finish, 2 for a "
        "usage error.");

    runner::lint_options lint;
    CLI::App* lint_command = app.add_subcommand(
        "lint", "Report every diagnostic of SOP files as file:line:column: severity: message");
    lint_command->add_option("files", lint.files, "SOP files, or folders of them (*.xml)")
        ->required();
    lint_command->add_flag("--werror", lint.werror, "Treat warnings as errors");
    lint_command->add_flag("--json", lint.json, "Print the diagnostics as JSON");
    lint_command->add_option("--color", lint.colour, "Colour the output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();

    runner::info_options info;
    CLI::App* info_command = app.add_subcommand(
        "info", "Show the identity header, the actors, the procedure table and its analysis");
    info_command->add_option("file", info.file, "SOP file")->required();
    info_command->add_option("--catalog", info.catalog,
                             "Folder of the SOPs its steps run (default: the file's folder)");
    info_command->add_flag("--json", info.json, "Print one JSON object");
    add_calendar_options(*info_command, info.calendar);

    runner::walk_options walk;
    std::string answers;
    CLI::App* walk_command = app.add_subcommand(
        "walk",
        "Run one case to the end: each step done by its first actor in exactly its standard "
        "time on the working calendar");
    walk_command->add_option("file", walk.file, "SOP file")->required();
    walk_command->add_option("--catalog", walk.catalog,
                             "Folder of the SOPs its steps run (default: the file's folder)");
    CLI::Option* answers_option = walk_command->add_option(
        "--answers", answers,
        "Answers at the decisions, in order, separated by commas: yes, no, ya, "
        "tidak, y, n or t (any case); without it every decision is answered "
        "yes");
    walk_command->add_option("--start", walk.start,
                             "When the case starts, e.g. 2024-03-12T08:00 (default: now)");
    walk_command->add_flag("--json", walk.json, "Print one JSON object");
    add_calendar_options(*walk_command, walk.calendar);

    runner::run_options run;
    CLI::App* run_command = app.add_subcommand(
        "run", "Drive one case step by step; commands come from the terminal or a pipe");
    run_command->add_option("file", run.file, "SOP file")->required();
    run_command->add_option("--catalog", run.catalog,
                            "Folder of the SOPs its steps run (default: the file's folder)");
    run_command->add_option("--start", run.start,
                            "The session clock at the start, e.g. 2024-03-12T08:00 (default: "
                            "now)");
    add_calendar_options(*run_command, run.calendar);

    runner::dot_options dot;
    CLI::App* dot_command =
        app.add_subcommand("dot", "Print the procedure as Graphviz DOT, one lane per actor");
    dot_command->add_option("file", dot.file, "SOP file")->required();

    runner::render_options render;
    CLI::App* render_command = app.add_subcommand(
        "render",
        "Write the SOP as the standard document (Permenpan RB 35/2012): identity table and "
        "flowchart table, one self-contained HTML page that prints on A4 landscape");
    render_command->add_option("file", render.file, "SOP file")->required();
    render_command->add_option("--catalog", render.catalog,
                               "Folder of the SOPs its steps run (default: the file's folder)");
    render_command->add_option("-o,--output", render.output,
                               "Where to write it (default: standard output)");
    render_command->add_flag("--svg", render.svg,
                             "Write the flowchart table alone as one SVG image instead");

    runner::case_options cases;
    CLI::App* case_command = app.add_subcommand(
        "case",
        "Durable cases in a store: a SQLite file (created when missing) or a PostgreSQL "
        "database");
    case_command->require_subcommand(1);
    case_command
        ->add_option("--db", cases.db,
                     "The store: a SQLite file, or postgresql://... (default: $SOP_DB)")
        ->envname("SOP_DB")
        ->required();
    const auto sub = [&](const char* name, const char* about) {
        CLI::App* command = case_command->add_subcommand(name, about);
        command->fallthrough();
        command->callback([&cases, name] { cases.command = name; });
        return command;
    };
    const auto acting = [&](CLI::App* command) {
        CLI::Option* actor =
            command->add_option("--actor", cases.actor, "The acting actor's id (the role)");
        CLI::Option* by = command->add_option(
            "--by", cases.by,
            "Act as this person (NIP): the store finds the role they hold or act for (Plt., "
            "Plh.) that day, and records it");
        actor->excludes(by);
        command
            ->add_option("--role", cases.role,
                         "With --by: the role to act in, when they may act in several")
            ->needs(by);
        command->add_option("--at", cases.at, "When, local time (default: now)");
        command->add_option("--person", cases.person, "The acting person's name (with --actor)")
            ->excludes(by);
        command->add_option("--nip", cases.nip, "The acting person's NIP (with --actor)")
            ->excludes(by);
        command->add_option("--revision", cases.revision,
                            "The revision the decision was made on; a case that moved on since "
                            "is refused (conflict)");
        command->add_flag("--json", cases.json, "Print the case as JSON");
    };
    CLI::App* add = sub("add", "Store SOP definitions (each version is kept by fingerprint)");
    add->add_option("files", cases.files, "SOP files")->required();
    CLI::App* calendar = sub("calendar", "Store a working calendar under a name");
    calendar->add_option("name", cases.name, "The name cases refer to")->required();
    calendar->add_option("file", cases.files, "The calendar file")->required()->expected(1);
    CLI::App* start = sub("start", "Start a case of an SOP (its id, or a file, stored first)");
    start->add_option("sop", cases.sop, "SOP id or file")->required();
    start->add_option("--id", cases.id, "The case id (default: a generated UUID)");
    start->add_option("--calendar", cases.calendar, "A stored calendar's name");
    start->add_option("--version", cases.version,
                      "A definition version (fingerprint); default: the one in effect");
    acting(start);
    CLI::App* complete = sub("complete", "Complete the case's current activity");
    complete->add_option("case", cases.id, "Case id")->required();
    acting(complete);
    CLI::App* answer = sub("answer", "Answer the case's current decision");
    answer->add_option("case", cases.id, "Case id")->required();
    answer->add_option("answer", cases.answer, "yes or no (ya, tidak)")->required();
    acting(answer);
    CLI::App* cancel = sub("cancel", "Cancel a case, with a reason");
    cancel->add_option("case", cases.id, "Case id")->required();
    cancel->add_option("--reason", cases.reason, "Why")->required();
    acting(cancel);
    CLI::App* show = sub("show", "Show a case and its event log");
    show->add_option("case", cases.id, "Case id")->required();
    CLI::Option* show_json = show->add_flag("--json", cases.json, "Print one JSON object");
    show->add_flag("--html", cases.html,
                   "Write the case's record as a printable page (A4 landscape HTML)")
        ->excludes(show_json);
    show->add_option("-o,--output", cases.output,
                     "With --html: where to write it (default: "
                     "standard output)");
    CLI::App* person = sub("person", "Add a person, or change a person's name or rank");
    person->add_option("nip", cases.nip, "The person's NIP")->required();
    person->add_option("--name", cases.person, "Name with titles")->required();
    person->add_option("--rank", cases.rank, "Pangkat/golongan, e.g. \"Pembina (IV/a)\"");
    CLI::App* assign = sub("assign",
                           "Appoint a person to a role of a unit: as its holder, or acting for it "
                           "(Plt., Plh.) by a letter");
    assign->add_option("nip", cases.nip, "The person's NIP")->required();
    assign->add_option("role", cases.role, "The role (an actor id of the unit's SOPs)")->required();
    CLI::Option* assign_sop =
        assign->add_option("--sop", cases.sop, "An SOP id: the role is of that SOP's unit");
    assign->add_option("--unit", cases.unit, "The unit, as the store writes it (see assignments)")
        ->excludes(assign_sop);
    assign->add_option("--as", cases.capacity, "holder, plt or plh")
        ->check(CLI::IsMember({"holder", "plt", "plh"}))
        ->capture_default_str();
    assign->add_option("--letter", cases.letter, "The letter's number (required for plt and plh)");
    assign->add_option("--from", cases.from, "The first day, YYYY-MM-DD")->required();
    assign->add_option("--to", cases.to, "The last day, YYYY-MM-DD (required for plt and plh)");
    CLI::App* period = sub("period", "Change an assignment's period (end it early, extend it)");
    period->add_option("assignment", cases.assignment, "The assignment's id")->required();
    period->add_option("--from", cases.from, "The first day, YYYY-MM-DD")->required();
    period->add_option("--to", cases.to, "The last day, YYYY-MM-DD (none: open)");
    CLI::App* revoke = sub("revoke", "Revoke an assignment made in error; it stays on record");
    revoke->add_option("assignment", cases.assignment, "The assignment's id")->required();
    revoke->add_option("--reason", cases.reason, "Why")->required();
    CLI::App* assignments = sub("assignments", "People's assignments to roles");
    assignments->add_option("--nip", cases.nip, "Only this person's");
    assignments->add_option("--unit", cases.unit, "Only this unit's");
    assignments->add_option("--on", cases.date, "Only those that count on this day");
    assignments->add_flag("--all", cases.all, "Revoked ones too");
    CLI::App* staff_log =
        sub("staff-log", "The history of changes to the people and their assignments");
    staff_log->add_option("--nip", cases.nip, "Only this person's");
    CLI::App* desk =
        sub("desk", "What is on a person's desk on a day: the roles they hold and act for");
    desk->add_option("nip", cases.nip, "The person's NIP")->required();
    desk->add_option("--date", cases.date, "The day, YYYY-MM-DD (default: today)");
    desk->add_option("--sop", cases.sop, "Only this SOP's cases");
    desk->add_option("--limit", cases.limit, "At most this many")->capture_default_str();
    for (CLI::App* listed : {person, assign, period, revoke, assignments, staff_log, desk}) {
        listed->add_flag("--json", cases.json, "Print JSON");
    }
    CLI::App* inbox = sub("inbox", "The work waiting for an actor, earliest due first");
    inbox->add_option("actor", cases.actor, "Actor id")->required();
    CLI::App* overdue = sub("overdue", "Cases whose current step is overdue, most overdue first");
    overdue->add_option("--at", cases.at, "At this local time (default: now)");
    CLI::App* list = sub("list", "Cases, latest started first");
    list->add_option("--status", cases.status,
                     "Only cases at_activity, at_decision, completed or cancelled");
    for (CLI::App* listing : {inbox, overdue, list}) {
        listing->add_option("--limit", cases.limit, "At most this many")->capture_default_str();
        listing->add_flag("--json", cases.json, "Print a JSON array");
    }
    inbox->add_option("--sop", cases.sop, "Only this SOP's cases");
    list->add_option("--sop", cases.sop, "Only this SOP's cases");
    CLI::App* report = sub("report",
                           "Per step of an SOP: on-time rate, working vs standard time; and how "
                           "many cases ended each way");
    report->add_option("sop", cases.sop, "SOP id")->required();
    report->add_flag("--json", cases.json, "Print JSON: {\"steps\": [...], \"endings\": [...]}");
    CLI::App* verify = sub("verify", "Check every case's hash chain and replay (or one case's)");
    verify->add_option("case", cases.id, "Case id");
    verify->add_flag("--json", cases.json, "Print one JSON object");

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {
        return app.exit(done);  // --help, --version
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return runner::usage;
    }

    try {
        if (*lint_command) return runner::lint(lint);
        if (*info_command) return runner::info(info);
        if (*walk_command) {
            if (*answers_option) walk.answers = answers;
            return runner::walk(walk);
        }
        if (*run_command) return runner::run(run);
        if (*dot_command) return runner::dot(dot);
        if (*render_command) return runner::render(render);
        if (*case_command) return runner::case_command(cases);
    } catch (const runner::calendar_error& error) {
        fmt::print(stderr, "sop-runner: {}\n", error.what());
        return runner::failure;
    } catch (const runner::usage_error& error) {
        fmt::print(stderr, "sop-runner: {}\n", error.message);
        return runner::usage;
    } catch (const std::exception& error) {
        fmt::print(stderr, "sop-runner: {}\n", error.what());
        return runner::failure;
    }
    return runner::usage;
}
