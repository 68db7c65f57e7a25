// sop-runner walk: one case from start to end, each step done by its first actor (a joint step
// by all of its actors, in order) in exactly its standard time, decisions answered from
// --answers (yes everywhere without it). A step that runs a related SOP is walked through that
// SOP's sub-case the same way.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "runner.hpp"
#include "table.hpp"

namespace runner {
namespace {

struct walked_step {
    const sop::step* step = nullptr;
    std::string sop;                  // the SOP the step belongs to
    std::vector<std::string> within;  // the steps, outermost first, whose sub-cases it is in
    std::string actor;
    std::optional<sop::answer> answer;
    sop::time_point started;
    std::optional<sop::time_point> due;
    sop::time_point finished;
    bool completes = true;  // false for a confirmation others had still to join
};

struct walk_error {
    std::string message;
};

struct walked_case {
    std::vector<walked_step> steps;
    const sop::ending* ending = nullptr;
    sop::case_clock clock;
};

// Every step once, each actor of a joint step once, a related SOP's steps in the step that
// runs it: a walk longer than that went round.
std::size_t once_each(const sop::definition& sop) {
    std::size_t count = 0;
    for (const sop::step& row : sop.steps()) {
        const sop::definition* related = sop.related(row);
        count += related != nullptr ? once_each(*related) : row.together ? row.actors.size() : 1;
    }
    return count;
}

walked_case drive(const sop::definition& sop, std::shared_ptr<const sop::working_calendar> calendar,
                  sop::time_point at, const std::vector<sop::answer>* answers) {
    sop::instance work(sop, std::move(calendar));
    const sop::outcome started = work.start(sop.steps().front().actors.front(), at);
    if (!started) throw walk_error{started.message};
    std::vector<walked_step> walked;
    std::size_t next_answer = 0;
    const std::size_t longest = once_each(sop);
    while (work.current_step() != nullptr) {
        // Where the work is: the innermost running sub-case.
        const sop::instance* inner = &work;
        std::vector<std::string> within;
        while (const sop::instance* sub = inner->sub_case()) {
            within.push_back(inner->current_step()->id);
            inner = sub;
        }
        const sop::step* step = inner->current_step();
        if (answers == nullptr && walked.size() > longest) {
            throw walk_error{fmt::format(
                "answering yes everywhere never reaches the end (step {} again); give the "
                "answers with --answers",
                step->id)};
        }
        walked_step done{step,
                         inner->definition().id(),
                         std::move(within),
                         work.actors_now().front()->id,
                         std::nullopt,
                         *inner->step_started(),
                         inner->due(),
                         *inner->step_started()};
        // Exactly the standard time; an external step has no due time but takes its time too.
        done.finished = done.due.value_or(done.started);
        if (!done.due && step->duration) {
            done.finished = work.calendar().add(done.started, step->duration->most);
        }
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
        done.completes = !step->together || work.confirmed().empty();
        walked.push_back(std::move(done));
    }
    const sop::time_point finished = walked.empty() ? at : walked.back().finished;
    if (answers != nullptr && next_answer < answers->size()) {
        throw walk_error{
            fmt::format("the procedure ended after {} answer{}; {} answer{} left over in --answers",
                        next_answer, next_answer == 1 ? "" : "s", answers->size() - next_answer,
                        answers->size() - next_answer == 1 ? " is" : "s are")};
    }
    return {std::move(walked), work.ending(), work.clock(finished)};
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
    const auto sop = load_for_command(options.file, options.catalog);
    if (!sop) return failure;

    walked_case walked;
    try {
        walked = drive(*sop, calendar, start, options.answers ? &answers : nullptr);
    } catch (const walk_error& error) {
        fmt::print(stderr, "{}: walk stopped: {}\n", options.file, error.message);
        return failure;
    }

    const auto time = [&](sop::time_point at) { return calendar->format(at); };
    if (options.json) {
        nlohmann::json steps = nlohmann::json::array();
        for (const walked_step& done : walked.steps) {
            steps.push_back(
                {{"step", done.step->id},
                 {"sop", done.sop},
                 {"within", done.within},
                 {"actor", done.actor},
                 {"answer", done.answer ? nlohmann::json(sop::to_string(*done.answer))
                                        : nlohmann::json(nullptr)},
                 {"started", time(done.started)},
                 {"due", done.due ? nlohmann::json(time(*done.due)) : nlohmann::json(nullptr)},
                 {"finished", time(done.finished)},
                 {"completes", done.completes}});
        }
        const nlohmann::json report{{"sop", sop->id()},
                                    {"completed", true},
                                    {"started", time(start)},
                                    {"finished", time(walked.steps.back().finished)},
                                    {"working_minutes", calendar->working_minutes_between(
                                                            start, walked.steps.back().finished)},
                                    {"unit_minutes", walked.clock.unit_minutes},
                                    {"external_minutes", walked.clock.external_minutes},
                                    {"ending", walked.ending->id},
                                    {"steps", std::move(steps)}};
        fmt::print("{}\n", report.dump(2));
        return success;
    }

    text_table table({"step", "actor", "answer", "started", "due", "finished"});
    for (const walked_step& done : walked.steps) {
        std::string where;
        for (const std::string& outer : done.within) where += outer + " > ";
        table.add_row({where + done.step->id, done.actor,
                       done.answer ? std::string(sop::to_string(*done.answer)) : "-",
                       time(done.started), done.due ? time(*done.due) : "-", time(done.finished)});
    }
    const std::int64_t minutes =
        calendar->working_minutes_between(start, walked.steps.back().finished);
    std::string split;
    if (walked.clock.external_minutes > 0) {
        split = fmt::format(", of them {} with the unit and {} with external actors",
                            walked.clock.unit_minutes, walked.clock.external_minutes);
    }
    std::string ending;
    if (walked.ending->declared) {
        ending = fmt::format(": {} ({})", walked.ending->id, walked.ending->label);
    }
    const auto steps = std::count_if(walked.steps.begin(), walked.steps.end(),
                                     [](const walked_step& done) { return done.completes; });
    fmt::print("{}: a walk from {}\n{}completed after {} steps, {} working minutes{}{}{}\n",
               sop_heading(*sop), time(start), table.render(output_width()), steps, minutes,
               minutes > 0 ? fmt::format(" ({})", sop::format_minutes(minutes)) : "", split,
               ending);
    return success;
}

}  // namespace runner
