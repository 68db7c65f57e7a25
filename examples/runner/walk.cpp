// sop-runner walk: one case from start to end, each step done by its first actor in exactly its
// standard time, decisions answered from --answers (yes everywhere without it).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "runner.hpp"
#include "table.hpp"

namespace runner {
namespace {

struct walked_step {
    const sop::step* step = nullptr;
    std::string actor;
    std::optional<sop::answer> answer;
    sop::time_point started;
    std::optional<sop::time_point> due;
    sop::time_point finished;
};

struct walk_error {
    std::string message;
};

std::vector<walked_step> drive(const sop::definition& sop,
                               std::shared_ptr<const sop::working_calendar> calendar,
                               sop::time_point at, const std::vector<sop::answer>* answers) {
    sop::instance work(sop, std::move(calendar));
    const sop::outcome started = work.start(sop.steps().front().actors.front(), at);
    if (!started) throw walk_error{started.message};
    std::vector<walked_step> walked;
    std::size_t next_answer = 0;
    while (const sop::step* step = work.current_step()) {
        if (answers == nullptr && walked.size() > sop.steps().size()) {
            throw walk_error{fmt::format(
                "answering yes everywhere never reaches the end (step {} again); give the "
                "answers with --answers",
                step->id)};
        }
        walked_step done{step,       step->actors.front(), std::nullopt, *work.step_started(),
                         work.due(), *work.step_started()};
        done.finished = done.due.value_or(done.started);  // exactly the standard time
        sop::outcome result;
        if (step->kind == sop::step_kind::decision) {
            if (answers == nullptr) {
                done.answer = sop::answer::yes;
            } else if (next_answer < answers->size()) {
                done.answer = (*answers)[next_answer++];
            } else {
                throw walk_error{fmt::format(
                    "step {} is a decision (\"{}\") and --answers has no answer left: it gave "
                    "{}, the walk needs at least {}",
                    step->id, step->question, answers->size(), answers->size() + 1)};
            }
            result = work.answer(done.actor, *done.answer, done.finished);
        } else {
            result = work.complete(done.actor, done.finished);
        }
        if (!result) throw walk_error{result.message};
        walked.push_back(std::move(done));
    }
    if (answers != nullptr && next_answer < answers->size()) {
        throw walk_error{
            fmt::format("the procedure ended after {} answer{}; {} answer{} left over in --answers",
                        next_answer, next_answer == 1 ? "" : "s", answers->size() - next_answer,
                        answers->size() - next_answer == 1 ? " is" : "s are")};
    }
    return walked;
}

}  // namespace

int walk(const walk_options& options) {
    const auto calendar = make_calendar(options.calendar);
    const sop::time_point start = start_time(*calendar, options.start);
    std::vector<sop::answer> answers;
    if (options.answers) {
        std::string_view rest = *options.answers;
        for (std::size_t item = 1;; ++item) {
            const std::size_t comma = rest.find(',');
            const std::string_view word = rest.substr(0, comma);
            if (word.empty()) {
                throw usage_error{fmt::format(
                    "--answers: answer {} is empty; separate the answers with single commas, "
                    "e.g. --answers yes,no,yes",
                    item)};
            }
            const auto value = parse_answer(word);
            if (!value) {
                throw usage_error{
                    fmt::format("--answers: \"{}\" is not an answer; write yes, no, "
                                "ya, tidak, y, n or t",
                                word)};
            }
            answers.push_back(*value);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    const auto sop = load_for_command(options.file);
    if (!sop) return failure;

    std::vector<walked_step> walked;
    try {
        walked = drive(*sop, calendar, start, options.answers ? &answers : nullptr);
    } catch (const walk_error& error) {
        fmt::print(stderr, "{}: walk stopped: {}\n", options.file, error.message);
        return failure;
    }

    const auto time = [&](sop::time_point at) { return calendar->format(at); };
    if (options.json) {
        nlohmann::json steps = nlohmann::json::array();
        for (const walked_step& done : walked) {
            steps.push_back(
                {{"step", done.step->id},
                 {"actor", done.actor},
                 {"answer", done.answer ? nlohmann::json(sop::to_string(*done.answer))
                                        : nlohmann::json(nullptr)},
                 {"started", time(done.started)},
                 {"due", done.due ? nlohmann::json(time(*done.due)) : nlohmann::json(nullptr)},
                 {"finished", time(done.finished)}});
        }
        const nlohmann::json report{
            {"sop", sop->id()},
            {"completed", true},
            {"started", time(start)},
            {"finished", time(walked.back().finished)},
            {"working_minutes", calendar->working_minutes_between(start, walked.back().finished)},
            {"steps", std::move(steps)}};
        fmt::print("{}\n", report.dump(2));
        return success;
    }

    text_table table({"step", "actor", "answer", "started", "due", "finished"});
    for (const walked_step& done : walked) {
        table.add_row({done.step->id, done.actor,
                       done.answer ? std::string(sop::to_string(*done.answer)) : "-",
                       time(done.started), done.due ? time(*done.due) : "-", time(done.finished)});
    }
    const std::int64_t minutes = calendar->working_minutes_between(start, walked.back().finished);
    fmt::print("{}: a walk from {}\n{}completed after {} steps, {} working minutes{}\n",
               sop_heading(*sop), time(start), table.render(output_width()), walked.size(), minutes,
               minutes > 0 ? fmt::format(" ({})", sop::format_minutes(minutes)) : "");
    return success;
}

}  // namespace runner
