// The peer workload: the 10-step "Pengumpulan Data Kinerja" SOP (workload/, decision at s8:
// yes -> s9, no -> s7) and its event script, start then next x7, no, next, yes, next, next:
// 13 operations, 12 transitions after the start. Every operation names the current step's actor
// and happens when the step is due on the default calendar, so every due time is computed on
// working days (Tue 2024-03-12 08:00 -> Thu 2024-03-14 14:30 WIB). Other engines run the same
// SOP and script; docs/benchmarks.md sets the figures side by side.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sopengine/sopengine.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"

namespace {

enum class event : unsigned char { next, yes, no };

// One operation of the script, with its actor and time worked out beforehand, as an embedder
// has its logged-in user and its clock reading at hand.
struct operation {
    event what;
    std::string actor;
    const sop::actor* record;  // the same actor, looked up once in the definition
    sop::time_point at;
};

struct script {
    std::string start_actor;
    const sop::actor* start_record;
    sop::time_point start_at;
    std::vector<operation> operations;
};

const std::string& workload_text() {
    static const std::string text = [] {
        std::ifstream in(PEER_WORKLOAD, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }();
    return text;
}

const sop::definition& workload() {
    static const sop::definition sop = sop::load_string_or_throw(workload_text(), "workload.xml");
    return sop;
}

// The actor named by id, or by its record in the definition.
enum class naming : unsigned char { by_id, by_record };

// One operation by `who`, an id or a record.
template <typename Actor>
sop::outcome perform(sop::instance& work, event what, const Actor& who, sop::time_point at) {
    switch (what) {
        case event::next: return work.complete(who, at);
        case event::yes: return work.answer(who, sop::answer::yes, at);
        case event::no: break;
    }
    return work.answer(who, sop::answer::no, at);
}

sop::outcome apply(sop::instance& work, const operation& op, naming how) {
    return how == naming::by_record ? perform(work, op.what, *op.record, op.at)
                                    : perform(work, op.what, op.actor, op.at);
}

sop::outcome start(sop::instance& work, const script& steps, naming how) {
    return how == naming::by_record ? work.start(*steps.start_record, steps.start_at)
                                    : work.start(steps.start_actor, steps.start_at);
}

// The script walked once, untimed: each operation by the current step's actor when it is due.
script plan(std::size_t length) {
    const std::vector<event> events{event::next, event::next, event::next, event::next,
                                    event::next, event::next, event::next, event::no,
                                    event::next, event::yes,  event::next, event::next};
    const sop::definition& sop = workload();
    script out;
    out.start_actor = sop.steps().front().actors.front();
    out.start_record = sop.find_actor(out.start_actor);
    out.start_at = *sop::working_calendar().parse("2024-03-12T08:00");
    sop::instance work(sop);
    bench::must(work.start(out.start_actor, out.start_at));
    for (std::size_t i = 0; i < length; ++i) {
        const std::string& actor = work.current_step()->actors.front();
        const operation op{events[i], actor, sop.find_actor(actor), *work.due()};
        bench::must(apply(work, op, naming::by_id));
        out.operations.push_back(op);
    }
    return out;
}

// One case: construct, start, the 12 operations, destroy.
void run(benchmark::State& state, naming how, bool observed) {
    const sop::definition& sop = workload();
    const script steps = plan(12);
    auto watcher = std::make_shared<bench::counting_observer>();
    for (auto _ : state) {
        sop::instance work(sop);
        if (observed) work.add_observer(watcher);
        bench::must(start(work, steps, how));
        for (const operation& op : steps.operations) bench::must(apply(work, op, how));
        if (work.status() != sop::status::completed) state.SkipWithError("case did not complete");
        benchmark::DoNotOptimize(work);
    }
    if (observed && watcher->count != 13 * state.iterations()) {
        state.SkipWithError("the observer missed transitions");
    }
    state.counters["transitions_per_s"] = benchmark::Counter(
        static_cast<double>(12 * state.iterations()), benchmark::Counter::kIsRate);
}

void load(benchmark::State& state) {
    const std::string& text = workload_text();
    for (auto _ : state) {
        sop::load_result result = sop::load_string(text, "workload.xml");
        if (!result || !result.diagnostics.empty()) state.SkipWithError("does not load cleanly");
        benchmark::DoNotOptimize(result);
    }
}

sop::instance parked_at_s5(const script& steps) {
    sop::instance work(workload());
    bench::must(start(work, steps, naming::by_record));
    for (const operation& op : steps.operations) bench::must(apply(work, op, naming::by_record));
    return work;
}

void snapshot_restore(benchmark::State& state) {
    const sop::instance work = parked_at_s5(plan(4));
    for (auto _ : state) {
        const std::string text = sop::snapshot(work);
        sop::restore_result back = sop::restore(workload(), text);
        if (!back) state.SkipWithError("restore failed");
        benchmark::DoNotOptimize(back);
    }
}

// 100,000 cases parked at s5 with their 4 history records, in one vector reserved after the
// baseline: the heap grows by the instances themselves and whatever they allocate.
void memory(benchmark::State& state) {
    constexpr std::size_t count = 100'000;
    const script steps = plan(4);
    double per_case = 0;
    for (auto _ : state) {
        const std::int64_t before = bench::heap_bytes();
        std::vector<sop::instance> parked;
        parked.reserve(count);
        for (std::size_t i = 0; i < count; ++i) parked.push_back(parked_at_s5(steps));
        const std::int64_t after = bench::heap_bytes();
        per_case = static_cast<double>(after - before) / static_cast<double>(count);
        benchmark::DoNotOptimize(parked);
    }
    state.counters["bytes_per_case"] = per_case;
}

}  // namespace

namespace bench {

void register_peer_workload() {
    benchmark::RegisterBenchmark("peer/load", load);
    benchmark::RegisterBenchmark("peer/case", run, naming::by_record, false);
    benchmark::RegisterBenchmark("peer/case_observed", run, naming::by_record, true);
    benchmark::RegisterBenchmark("peer/case_by_id", run, naming::by_id, false);
    benchmark::RegisterBenchmark("peer/case_by_id_observed", run, naming::by_id, true);
    benchmark::RegisterBenchmark("peer/snapshot_restore", snapshot_restore);
    benchmark::RegisterBenchmark("peer/memory", memory)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
}

}  // namespace bench
