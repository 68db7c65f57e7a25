#pragma once

// sop-runner: the commands and what they share. Only the public sopengine API is used.

#include <cstdio>
#include <memory>
#include <optional>
#include <sopengine/sopengine.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace runner {

/// Exit statuses of every command.
enum exit_code : int {
    success = 0,  ///< The command did what was asked; lint found no error.
    failure = 1,  ///< A file has errors, cannot be read, or the command could not finish.
    usage = 2,    ///< The command line is wrong.
};

/// A command-line value that does not parse; main reports it as a usage error.
struct usage_error {
    std::string message;
};

/// Working-calendar options of `walk` and `run`.
/// The calendar options: a calendar file, and overrides on top of it (or of the default
/// calendar, Monday to Friday 08:00-16:00 WIB).
struct calendar_options {
    std::string file;                       ///< --calendar; empty for the default calendar.
    std::optional<std::string> utc_offset;  ///< --utc-offset
    std::optional<std::string> hours;       ///< --hours: every working weekday's hours.
    std::optional<std::string> days;        ///< --days: the working weekdays.
    std::vector<std::string> holidays;      ///< --holiday, added.
};

/// Builds the calendar; throws usage_error for a value that does not parse, and
/// calendar_error (after printing its diagnostics) for a calendar file that does not load.
std::shared_ptr<const sop::working_calendar> make_calendar(const calendar_options& options);

/// A calendar file that does not load.
struct calendar_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The instant `text` names on `calendar`, or now (to the minute) when `text` is empty; throws
/// usage_error when it does not parse.
sop::time_point start_time(const sop::working_calendar& calendar, const std::string& text);

/// A date written YYYY-MM-DD; std::nullopt for anything else.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
/// A date as YYYY-MM-DD.
std::string iso_date(const std::chrono::year_month_day& date);

/// Exactly "yes", "ya" or "y", or "no", "tidak", "n" or "t" (any case); std::nullopt otherwise.
std::optional<sop::answer> parse_answer(std::string_view text);

/// "TITLE (NUMBER)", or the title alone when the SOP has no number.
std::string sop_heading(const sop::definition& sop);

/// Writes `text` to `path` through a temporary file beside it, so an existing file is either
/// replaced whole or left as it was. Empty on success, else why not ("cannot write F: reason",
/// the reason as the system gives it).
std::string write_whole(const std::string& path, const std::string& text);
/// Writes a command's output to the file `output` (write_whole), or to stdout when it is empty
/// or "-". success, or failure with the problem on stderr.
int write_output(const std::string& output, const std::string& text);

/// The snapshot files `load` reads are at most this large.
inline constexpr std::uintmax_t max_snapshot_size = std::uintmax_t{64} << 20U;

/// Reads a whole file of at most `limit` bytes into `text`. Empty on success, else why not:
/// missing, a folder, over the limit, or the system's reason.
std::string read_whole(const std::string& path, std::uintmax_t limit, std::string& text);

/// Loads a definition for a command that needs a valid one: prints its errors to stderr and
/// returns std::nullopt when it has any. A definition whose steps run related SOPs is linked
/// with the SOPs of `catalog` (a folder; the file's own folder when empty), or fails when they
/// do not link.
std::optional<sop::definition> load_for_command(const std::string& file,
                                                const std::string& catalog = {});

/// Whether to colour output meant for `stream`: "always", "never", or "auto" (a terminal, and
/// NO_COLOR not set).
bool use_colour(const std::string& mode, std::FILE* stream);

struct lint_options {
    std::vector<std::string> files;
    bool werror = false;
    bool json = false;
    std::string colour = "auto";
};
int lint(const lint_options& options);

struct info_options {
    std::string file;
    std::string catalog;  ///< --catalog: where its related SOPs are (default: its folder).
    bool json = false;
    calendar_options calendar;  ///< The analysis counts working days on it.
};
int info(const info_options& options);

struct walk_options {
    std::string file;
    std::string catalog;                 ///< --catalog, as for info.
    std::optional<std::string> answers;  ///< --answers as given: "yes,no,...".
    std::string start;
    calendar_options calendar;
    bool json = false;
};
int walk(const walk_options& options);

struct run_options {
    std::string file;
    std::string catalog;  ///< --catalog, as for info.
    std::string start;
    calendar_options calendar;
};
int run(const run_options& options);

struct dot_options {
    std::string file;
};
int dot(const dot_options& options);

struct render_options {
    std::string file;
    std::string catalog;  ///< --catalog, as for info (the related SOPs' numbers are printed).
    std::string output;   ///< Empty or "-" for standard output.
    bool svg = false;     ///< The flowchart alone as SVG instead of the whole document as HTML.
};
int render(const render_options& options);

/// `case`: durable cases in a store. `command` is the sub-command (add, calendar, start,
/// complete, answer, cancel, show, inbox, overdue, list, report, verify); the rest are its
/// arguments and options, unused ones empty.
struct case_options {
    std::string db;                  ///< --db: a SQLite file or a postgresql:// URI.
    std::string command;             ///< The sub-command.
    std::vector<std::string> files;  ///< add: SOP files; calendar: the calendar file.
    std::string name;                ///< calendar: the calendar's name in the store.
    std::string sop;       ///< start: an SOP id or file; inbox, list: --sop; report: the SOP id.
    std::string id;        ///< The case id (start: --id, chosen instead of generated).
    std::string actor;     ///< --actor; inbox: the actor.
    std::string answer;    ///< answer: yes or no.
    std::string reason;    ///< cancel: --reason.
    std::string at;        ///< --at: local time (default now).
    std::string calendar;  ///< start: --calendar, a stored calendar's name.
    std::string version;   ///< start: --version, a definition fingerprint.
    std::string person;    ///< --person: the acting person's name; person: --name.
    std::string nip;       ///< --nip: the acting person's NIP; person, assign, desk: the NIP.
    std::string by;        ///< --by: the NIP of a person the store resolves the role of.
    std::string role;      ///< --role with --by; assign: the role (actor id).
    std::string rank;      ///< person: --rank.
    std::string unit;      ///< assign, assignments: --unit (or the unit of --sop).
    std::string capacity = "holder";       ///< assign: --as holder, plt or plh.
    std::string letter;                    ///< assign: --letter.
    std::string from;                      ///< assign, period: --from, YYYY-MM-DD.
    std::string to;                        ///< assign, period: --to, YYYY-MM-DD.
    std::string date;                      ///< desk, assignments: --date / --on, YYYY-MM-DD.
    std::int64_t assignment = 0;           ///< period, revoke: the assignment's id.
    bool all = false;                      ///< assignments: --all (revoked ones too).
    bool html = false;                     ///< show: --html.
    std::string output;                    ///< show --html: -o, where to write it.
    std::string status;                    ///< list: --status.
    std::optional<std::int64_t> revision;  ///< --revision read before acting.
    std::size_t limit = 100;               ///< --limit for listings.
    bool json = false;                     ///< --json
};
int case_command(const case_options& options);

}  // namespace runner
