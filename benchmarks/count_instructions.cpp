// A fixed amount of engine work for instruction counts, which unlike the clock are the same on
// every run: run it for N and for 2N cases under `valgrind --tool=callgrind` and divide the
// difference by N, so that start-up and loading cancel out (docs/benchmarks.md).
//
//   sopengine_instructions SOP.xml N walk      N cases walked to the end (each step by its first
//                                              actor, on its due time; the first decision
//                                              answered no once)
//   sopengine_instructions SOP.xml N people    the same, each operation naming a person
//   sopengine_instructions SOP.xml N snapshot  N cases parked after 4 operations, each
//                                              snapshotted and restored
#include <cstdlib>
#include <iostream>
#include <sopengine/sopengine.hpp>
#include <string>
#include <string_view>

namespace {

// Walks one case of `sop` (at most `operations` operations after the start); its history size,
// or -1 when an operation was refused.
long walk(const sop::definition& sop, std::size_t operations, bool people) {
    const sop::time_point start = *sop::working_calendar{}.parse("2024-03-12T08:00");
    sop::instance work(sop);
    if (!work.start(sop.steps().front().actors.front(), start)) return -1;
    bool said_no = false;
    const std::string person = people ? "198203032006042003" : "";
    for (std::size_t done = 0; done < operations && work.current_step() != nullptr; ++done) {
        const sop::step& step = *work.current_step();
        const sop::time_point at = work.due().value_or(start);
        const bool decision = step.kind == sop::step_kind::decision;
        const sop::outcome result =
            decision ? work.answer(step.actors.front(),
                                   said_no ? sop::answer::yes : sop::answer::no, at, person)
                     : work.complete(step.actors.front(), at, person);
        said_no = said_no || decision;
        if (!result) return -1;
    }
    if (operations == 4) {
        const sop::restore_result back = sop::restore(sop, sop::snapshot(work));
        if (!back) return -1;
    }
    return static_cast<long>(work.history_size());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: sopengine_instructions SOP.xml N walk|people|snapshot\n";
        return 2;
    }
    const sop::definition sop = sop::load_file_or_throw(argv[1]);
    const long cases = std::strtol(argv[2], nullptr, 10);
    const std::string_view mode = argv[3];
    const std::size_t operations = mode == "snapshot" ? 4 : 4 * sop.steps().size();
    long records = 0;
    for (long i = 0; i < cases; ++i) {
        const long kept = walk(sop, operations, mode == "people");
        if (kept < 0) {
            std::cerr << "an operation was refused\n";
            return 1;
        }
        records += kept;
    }
    std::cout << records << " history records\n";
    return 0;
}
