// sop-runner run: drive one case interactively, or from a script on standard input.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "runner.hpp"

namespace runner {
namespace {

constexpr std::string_view help_text = R"(commands:
  status                     where the case is, whose turn it is, what is due
  start ACTOR [TIME]         start the case at the first step
  complete ACTOR [TIME]      complete the current activity as ACTOR (also: done)
  yes ACTOR [TIME]           answer the current decision yes (also: ya)
  no ACTOR [TIME]            answer the current decision no (also: tidak)
  cancel ACTOR REASON...     cancel the case
  history                    the steps performed so far
  time [TIME]                show the session clock, or set it (2024-03-12T09:30)
  wait DURATION              move the clock on by working time ("2 jam", "30 menit", "1 hari")
  save FILE                  write a snapshot of the case to FILE
  load FILE                  replace the case with the snapshot in FILE
  help                       this list
  quit                       end the session (also: exit, end of input)
Without TIME an operation happens at the session clock; with it, the clock moves to TIME.
Lines starting with # are comments.
)";

std::string steps_performed(std::size_t count) {
    return fmt::format("{} step{} performed", count, count == 1 ? "" : "s");
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream stream(line);
    for (std::string word; stream >> word;) words.push_back(word);
    return words;
}

// The text after the first `count` words of the line.
std::string rest_after(const std::string& line, std::size_t count) {
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
        at = line.find_first_not_of(" \t", at);
        if (at == std::string::npos) return {};
        at = line.find_first_of(" \t", at);
        if (at == std::string::npos) return {};
    }
    const std::size_t begin = line.find_first_not_of(" \t", at);
    if (begin == std::string::npos) return {};
    return line.substr(begin, line.find_last_not_of(" \t\r") - begin + 1);
}

class session {
public:
    session(sop::definition sop, std::shared_ptr<const sop::working_calendar> calendar,
            sop::time_point clock)
        : sop_(std::move(sop)),
          calendar_(std::move(calendar)),
          work_(sop_, calendar_),
          clock_(clock),
          interactive_(::isatty(STDIN_FILENO) != 0) {}

    /// Runs the session; true when every command succeeded.
    bool run() {
        say("{}: {} steps, {} actors. The clock is {}. Type help for commands.\n",
            sop_heading(sop_), sop_.steps().size(), sop_.actors().size(), time(clock_));
        status();
        std::string line;
        while (true) {
            if (interactive_) say("> ");
            std::fflush(stdout);
            if (!std::getline(std::cin, line)) break;
            if (!interactive_) say("> {}\n", line);
            if (!execute(line)) break;
        }
        return !failed_;
    }

private:
    template <typename... Args>
    void say(fmt::format_string<Args...> format, Args&&... args) {
        fmt::print(format, std::forward<Args>(args)...);
    }

    // Reports a command that failed: the session then ends with a non-zero status.
    template <typename... Args>
    void fail(fmt::format_string<Args...> format, Args&&... args) {
        failed_ = true;
        fmt::print(format, std::forward<Args>(args)...);
    }

    std::string time(sop::time_point at) const { return calendar_->format(at); }

    std::string actor_label(std::string_view id) const {
        const sop::actor* who = sop_.find_actor(id);
        return who == nullptr ? std::string(id) : fmt::format("{} ({})", who->id, who->name);
    }

    // Runs one command line; false to end the session.
    bool execute(const std::string& line) {
        const auto words = split(line);
        if (words.empty() || words[0][0] == '#') return true;
        const std::string& command = words[0];
        if (command == "quit" || command == "exit" || command == "q") return false;
        if (command == "help" || command == "?") {
            say("{}", help_text);
        } else if (command == "status" || command == "s") {
            status();
        } else if (command == "history" || command == "h") {
            history();
        } else if (command == "start" || command == "complete" || command == "done" ||
                   command == "yes" || command == "ya" || command == "no" || command == "tidak") {
            operate(command, words);
        } else if (command == "cancel") {
            if (words.size() < 2) return usage("cancel ACTOR REASON...");
            apply(work_.cancel(words[1], rest_after(line, 2), clock_), "cancelled");
        } else if (command == "time") {
            if (words.size() > 1) {
                const auto at = calendar_->parse(words[1]);
                if (!at) return usage("time 2024-03-12T09:30 (1970 to 9999)");
                clock_ = *at;
            }
            say("the clock is {}\n", time(clock_));
        } else if (command == "wait") {
            const sop::standard_time_result wait = sop::parse_standard_time(rest_after(line, 1));
            if (!wait) return usage("wait DURATION, e.g. wait 2 jam, wait 1 hari");
            std::error_code why;
            const sop::time_point later = calendar_->add(clock_, wait.time->most, why);
            if (why == sop::errc::no_working_time) {
                fail("error: the working calendar has no working day to wait through\n");
            } else if (why) {
                fail(
                    "error: that would move the clock past 9999-12-31T23:59:59Z, the last time "
                    "sopengine keeps\n");
            } else {
                clock_ = later;
                say("the clock is {}\n", time(clock_));
            }
        } else if (command == "save") {
            save(rest_after(line, 1));
        } else if (command == "load") {
            load(rest_after(line, 1));
        } else {
            fail("error: unknown command '{}'; type help for the commands\n", command);
        }
        return true;
    }

    bool usage(std::string_view form) {
        fail("error: write {}\n", form);
        return true;
    }

    void operate(const std::string& command, const std::vector<std::string>& words) {
        if (words.size() < 2 || words.size() > 3) {
            usage(fmt::format("{} ACTOR [TIME]", command));
            return;
        }
        if (words.size() == 3) {
            const auto at = calendar_->parse(words[2]);
            if (!at) {
                fail("error: \"{}\" is not a time; write 2024-03-12T09:30\n", words[2]);
                return;
            }
            clock_ = *at;
        }
        const std::string& actor = words[1];
        const sop::step* step = work_.current_step();
        const std::string where = step == nullptr ? std::string() : "step " + step->id;
        if (command == "start") {
            apply(work_.start(actor, clock_), "started");
        } else if (command == "complete" || command == "done") {
            apply(work_.complete(actor, clock_), where + " completed");
        } else {
            const sop::answer value = *parse_answer(command);  // yes, ya, no or tidak
            apply(work_.answer(actor, value, clock_),
                  fmt::format("{} answered {}", where,
                              value == sop::answer::yes ? "yes (Ya)" : "no (Tidak)"));
        }
    }

    void apply(const sop::outcome& result, const std::string& done) {
        if (!result) {
            fail("refused [{}]: {}\n", sop::to_string(result.code), result.message);
            return;
        }
        say("ok: {} at {}\n", done, time(clock_));
        status();
    }

    void status() {
        switch (work_.status()) {
            case sop::status::not_started: {
                const sop::step& first = sop_.steps().front();
                say("not started; 'start ACTOR' begins at step {} ({})\n", first.id,
                    actor_label(first.actors.front()));
                return;
            }
            case sop::status::completed:
                say("completed at {} after {}\n", time(*work_.last_event()),
                    steps_performed(work_.history_size()));
                return;
            case sop::status::cancelled:
                say("cancelled at {}: {}\n", time(*work_.last_event()), work_.cancel_reason());
                return;
            case sop::status::at_activity:
            case sop::status::at_decision: break;
        }
        const sop::step& step = *work_.current_step();
        const bool decision = step.kind == sop::step_kind::decision;
        say("step {} ({}): {}\n", step.id, sop::to_string(step.kind), step.description);
        std::string turn;
        for (const sop::actor* who : work_.actors_now()) {
            if (!turn.empty()) turn += ", ";
            turn += actor_label(who->id);
        }
        say("  whose turn:  {}\n", turn);
        if (decision) {
            say("  question:    {} (yes -> {}, no -> {})\n", step.question, step.yes, step.no);
        }
        if (!step.requirements.empty()) say("  needs:       {}\n", step.requirements);
        if (!step.output.empty()) say("  produces:    {}\n", step.output);
        if (!step.remark.empty()) say("  remark:      {}\n", step.remark);
        const auto due = work_.due();
        say("  started:     {}\n", time(*work_.step_started()));
        if (due) {
            say("  due:         {} ({}){}\n", time(*due), step.duration_text,
                work_.overdue(clock_) ? ", OVERDUE" : "");
        } else {
            say("  due:         no fixed time ({})\n", step.duration_text);
        }
        say("  next:        {} {}\n", decision ? "yes|no" : "complete", step.actors.front());
    }

    void history() {
        const auto records = work_.history();
        if (records.empty()) {
            say("no step performed yet\n");
            return;
        }
        for (const sop::step_record& record : records) {
            say("  {:>4}  {:<12} {:<4} {} -> {}{}\n", record.step, record.actor,
                record.answer ? sop::to_string(*record.answer) : "-", time(record.started),
                time(record.finished), record.on_time() ? "" : "  (late)");
        }
    }

    void save(const std::string& file) {
        if (file.empty()) {
            usage("save FILE");
            return;
        }
        if (const std::string problem = write_whole(file, sop::snapshot(work_)); !problem.empty()) {
            fail("error: {}\n", problem);
            return;
        }
        say("saved {} ({})\n", file, steps_performed(work_.history_size()));
    }

    void load(const std::string& file) {
        if (file.empty()) {
            usage("load FILE");
            return;
        }
        std::string text;
        if (const std::string problem = read_whole(file, max_snapshot_size, text);
            !problem.empty()) {
            fail("error: {}\n", problem);
            return;
        }
        sop::restore_result restored = sop::restore(sop_, text, calendar_);
        if (!restored) {
            fail("error: cannot load {} [{}]: {}\n", file, sop::to_string(restored.error),
                 restored.message);
            return;
        }
        work_ = std::move(*restored.instance);
        if (const auto last = work_.last_event(); last && *last > clock_) clock_ = *last;
        say("loaded {} ({}); the clock is {}\n", file, steps_performed(work_.history_size()),
            time(clock_));
        status();
    }

    sop::definition sop_;
    std::shared_ptr<const sop::working_calendar> calendar_;
    sop::instance work_;
    sop::time_point clock_;
    bool interactive_;
    bool failed_ = false;  ///< A command failed.
};

}  // namespace

int run(const run_options& options) {
    const auto calendar = make_calendar(options.calendar);
    const sop::time_point start = start_time(*calendar, options.start);
    auto sop = load_for_command(options.file, options.catalog);
    if (!sop) return failure;
    return session(std::move(*sop), calendar, start).run() ? success : failure;
}

}  // namespace runner
