// Drives many instances with random sequences of valid and invalid operations and checks every
// outcome against a small reference model of the rules. A refused operation must leave the
// instance unchanged, byte for byte through its snapshot; a snapshot taken at any point must
// restore to a case that goes on exactly like the original.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sopengine/sopengine.hpp>

namespace {

// The rules, written independently of the engine from the public view of a definition.
struct model {
    const sop::definition* sop = nullptr;
    sop::status status = sop::status::not_started;
    std::string current;
    std::int64_t last = INT64_MIN;
    std::int64_t started = INT64_MIN;
    std::size_t history = 0;
    std::set<std::string> confirmed;  // at a joint step, who has confirmed it
    std::string ending;               // once completed, the ending's id
    std::unique_ptr<model> sub;       // the case of the related SOP the current step runs

    bool declared(const std::string& actor) const { return sop->find_actor(actor) != nullptr; }
    // A target names a step, or else an ending ("end" the first).
    sop::status status_at(const std::string& target) const {
        const sop::step* row = sop->find_step(target);
        if (row == nullptr) return sop::status::completed;
        return row->kind == sop::step_kind::activity ? sop::status::at_activity
                                                     : sop::status::at_decision;
    }
    // Enters a step, starting the case of its related SOP, if any, at the same time.
    void go_to(const std::string& target, std::int64_t at) {
        current = target;
        status = status_at(target);
        confirmed.clear();
        sub.reset();
        if (status == sop::status::completed) {
            ending = sop->find_ending(target)->id;
        } else if (const sop::definition* related = sop->related(*sop->find_step(target))) {
            sub = std::make_unique<model>();
            sub->sop = related;
            sub->start(related->actors().front().id, at);
        }
    }
    // The innermost case: where the work is.
    const model& deepest() const { return sub ? sub->deepest() : *this; }
    // Whether the current step has a due time: a fixed standard time, and a unit actor.
    bool due_expected() const {
        const sop::step& row = *sop->find_step(current);
        if (!row.duration) return false;
        return std::any_of(row.actors.begin(), row.actors.end(), [this](const std::string& id) {
            return !sop->find_actor(id)->external;
        });
    }
    sop::outcome_code finished_or(sop::outcome_code otherwise) const {
        if (status == sop::status::not_started) return sop::outcome_code::not_started;
        if (status == sop::status::completed || status == sop::status::cancelled) {
            return sop::outcome_code::already_finished;
        }
        return otherwise;
    }
    sop::outcome_code start(const std::string& actor, std::int64_t at) {
        if (status != sop::status::not_started) {
            return status == sop::status::completed || status == sop::status::cancelled
                       ? sop::outcome_code::already_finished
                       : sop::outcome_code::already_started;
        }
        if (!declared(actor)) return sop::outcome_code::unknown_actor;
        go_to(sop->steps().front().id, at);
        last = at;
        started = at;
        return sop::outcome_code::accepted;
    }
    sop::outcome_code act(const std::string& actor, std::int64_t at,
                          std::optional<sop::answer> given) {
        if (auto code = finished_or(sop::outcome_code::accepted);
            code != sop::outcome_code::accepted) {
            return code;
        }
        const sop::step& row = *sop->find_step(current);
        if (sub) {  // the sub-case's actors act on it; when it completes, so does the step
            const sop::outcome_code code = sub->act(actor, at, given);
            if (code == sop::outcome_code::unknown_actor && declared(actor)) {
                return sop::outcome_code::not_your_turn;
            }
            if (code != sop::outcome_code::accepted) return code;
            last = at;
            if (sub->status == sop::status::completed) {
                ++history;
                go_to(row.next, at);
            }
            return code;
        }
        // Who acts is checked before what the step is.
        if (!declared(actor)) return sop::outcome_code::unknown_actor;
        if (std::find(row.actors.begin(), row.actors.end(), actor) == row.actors.end()) {
            return sop::outcome_code::not_your_turn;
        }
        if (row.together && confirmed.count(actor) > 0) {
            return sop::outcome_code::already_confirmed;
        }
        if (!given && status == sop::status::at_decision)
            return sop::outcome_code::step_is_decision;
        if (given && status == sop::status::at_activity) return sop::outcome_code::step_is_activity;
        if (at < last) return sop::outcome_code::time_goes_back;
        last = at;
        ++history;
        if (row.together && confirmed.size() + 1 < row.actors.size()) {
            confirmed.insert(actor);  // the others have still to confirm
            return sop::outcome_code::accepted;
        }
        go_to(!given ? row.next : *given == sop::answer::yes ? row.yes : row.no, at);
        return sop::outcome_code::accepted;
    }
    sop::outcome_code cancel(const std::string& actor, std::int64_t at, const std::string& reason) {
        if (auto code = finished_or(sop::outcome_code::accepted);
            code != sop::outcome_code::accepted) {
            return code;
        }
        if (!declared(actor)) return sop::outcome_code::unknown_actor;
        if (at < last) return sop::outcome_code::time_goes_back;
        if (reason.empty()) return sop::outcome_code::missing_reason;
        status = sop::status::cancelled;
        last = at;
        return sop::outcome_code::accepted;
    }
};

sop::instance drive(const sop::definition& sop, unsigned seed, int operations) {
    std::mt19937 random(seed);
    auto pick = [&random](auto low, auto high) {
        return std::uniform_int_distribution<long long>(low, high)(random);
    };
    std::vector<std::string> actors;
    std::vector<const sop::definition*> tree{&sop};  // and the related SOPs its steps run
    for (std::size_t i = 0; i < tree.size(); ++i) {
        for (const auto& who : tree[i]->actors()) actors.push_back(who.id);
        for (const auto& row : tree[i]->steps()) {
            if (const sop::definition* related = tree[i]->related(row)) tree.push_back(related);
        }
    }
    actors.push_back("tamu");  // not declared

    sop::instance work(sop);
    model reference;
    reference.sop = &sop;
    std::int64_t clock = 1710118800;  // 2024-03-11T08:00+07:00
    for (int i = 0; i < operations; ++i) {
        const std::string before = sop::snapshot(work);
        clock += pick(-30, 240) * 60;
        const sop::time_point at{std::chrono::seconds(clock)};
        const std::string& actor =
            actors[static_cast<std::size_t>(pick(0, static_cast<long long>(actors.size()) - 1))];
        // Half the time, act as an actor who may act now, so that cases make progress.
        const auto now = work.actors_now();
        const std::string chosen =
            !now.empty() && pick(0, 1) == 0
                ? now[static_cast<std::size_t>(pick(0, static_cast<long long>(now.size()) - 1))]->id
                : actor;
        sop::outcome result;
        sop::outcome_code expected{};
        switch (pick(0, 9)) {
            case 0:
                result = work.start(chosen, at);
                expected = reference.start(chosen, clock);
                break;
            case 1: {
                const std::string reason = pick(0, 1) == 0 ? "" : "dibatalkan";
                if (pick(0, 3) != 0) break;  // cancel rarely
                result = work.cancel(chosen, reason, at);
                expected = reference.cancel(chosen, clock, reason);
                break;
            }
            case 2:
            case 3:
            case 4: {
                const auto given = pick(0, 2) == 0 ? sop::answer::no : sop::answer::yes;
                result = work.answer(chosen, given, at);
                expected = reference.act(chosen, clock, given);
                break;
            }
            default:
                if (work.status() == sop::status::not_started && pick(0, 1) == 0) {
                    result = work.start(chosen, at);
                    expected = reference.start(chosen, clock);
                } else {
                    result = work.complete(chosen, at);
                    expected = reference.act(chosen, clock, std::nullopt);
                }
        }
        EXPECT_EQ(result.code, expected) << "operation " << i << ": " << result.message;
        if (!result) {
            EXPECT_FALSE(result.message.empty());
            EXPECT_EQ(sop::snapshot(work), before) << "a refused operation changed the case";
            clock = std::max(clock, reference.last == INT64_MIN ? clock : reference.last);
        }
        EXPECT_EQ(work.status(), reference.status);
        EXPECT_EQ(work.history_size(), reference.history);
        if (work.current_step() != nullptr) {
            EXPECT_EQ(work.current_step()->id, reference.current);
            EXPECT_EQ(work.due().has_value(), reference.due_expected()) << reference.current;
            // Where the work is: the innermost sub-case, as deep as the model's.
            const sop::instance* inner = &work;
            while (inner->sub_case() != nullptr) inner = inner->sub_case();
            const model& deepest = reference.deepest();
            EXPECT_EQ(inner->definition().id(), deepest.sop->id());
            if (inner->current_step() == nullptr) {
                ADD_FAILURE() << "a running sub-case is at no step";
                return work;
            }
            EXPECT_EQ(inner->current_step()->id, deepest.current);
            const auto confirmed = work.confirmed();
            EXPECT_EQ(confirmed.size(), deepest.confirmed.size());
            for (const sop::actor* who : confirmed) {
                EXPECT_EQ(deepest.confirmed.count(who->id), 1U) << who->id;
            }
            EXPECT_EQ(work.actors_now().size() + confirmed.size(),
                      inner->current_step()->actors.size());
        }
        if (work.status() == sop::status::completed) {
            EXPECT_EQ(work.ending() != nullptr ? work.ending()->id : "(none)", reference.ending);
        } else {
            EXPECT_EQ(work.ending(), nullptr);
        }
        if (reference.started != INT64_MIN) {
            // Every moment since the start was spent either with the unit or outside it.
            const bool active = work.status() == sop::status::at_activity ||
                                work.status() == sop::status::at_decision;
            const sop::time_point until =
                active ? sop::time_point(std::chrono::seconds(std::max(clock, reference.last)))
                       : sop::time_point(std::chrono::seconds(reference.last));
            const sop::case_clock spent = work.clock(until);
            EXPECT_EQ(spent.unit_minutes + spent.external_minutes,
                      work.calendar().working_minutes_between(
                          sop::time_point(std::chrono::seconds(reference.started)), until));
        }
        if (i % 7 == 0) {
            const std::string text = sop::snapshot(work);
            auto restored = sop::restore(sop, text);
            EXPECT_TRUE(restored) << restored.message << "\n" << text;
            if (!restored) return work;
            EXPECT_EQ(sop::snapshot(*restored.instance), text);
            work = std::move(*restored.instance);  // go on with the restored case
        }
        if (::testing::Test::HasFailure()) return work;
    }
    return work;
}

}  // namespace

TEST(Model, RandomOperationsFollowTheRules) {
    const std::filesystem::path folder = SOPENGINE_TEST_DATA;
    std::vector<sop::definition> definitions{
        sop::load_file_or_throw(std::filesystem::path(SOPENGINE_DEFINITIONS) / "sidoarjo.xml"),
        sop::load_file_or_throw(folder / "valid" / "minutes.xml"),
        sop::load_file_or_throw(folder / "valid" / "service.xml"),
        *sop::catalog::load_folder(folder / "catalog").catalog->find("izin-reklame")};
    unsigned seed = 20240312;
    for (const auto& sop : definitions) {
        SCOPED_TRACE(sop.id());
        std::map<sop::status, int> finished;
        std::map<std::string, int> endings;
        for (int run = 0; run < 150; ++run) {
            SCOPED_TRACE(seed);
            const sop::instance work = drive(sop, seed++, 120);
            ++finished[work.status()];
            if (work.ending() != nullptr) ++endings[work.ending()->id];
            if (HasFailure()) return;
        }
        // The random runs cover the whole life of a case, not just refusals: every ending.
        EXPECT_GT(finished[sop::status::completed], 10);
        EXPECT_GT(finished[sop::status::cancelled], 10);
        for (const sop::ending& one : sop.endings()) EXPECT_GT(endings[one.id], 3) << one.id;
    }
}
