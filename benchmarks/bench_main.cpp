// Benchmarks on the shipped SOPs: loading, starting, walking, snapshots, memory per parked
// instance, and sop-runner lint over 10,000 files. docs/benchmarks.md records the figures.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sopengine/sopengine.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"

namespace {

using bench::counting_observer;
using bench::must;

namespace fs = std::filesystem;

const fs::path definitions = SOPENGINE_DEFINITIONS;
constexpr std::array<const char*, 5> shipped{"sidoarjo", "pace", "way-kanan", "kalbar", "kediri"};

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

sop::definition load(const std::string& name) {
    return sop::load_file_or_throw(definitions / (name + ".xml"));
}

sop::time_point monday() {
    return *sop::working_calendar().parse("2024-03-11T08:00");
}

// One walk from start to completion: each step by its first actor, the first decision reached
// answered no once, every other answer yes. Returns the number of transitions.
std::size_t walk(sop::instance& work, sop::time_point at) {
    const sop::definition& sop = work.definition();
    must(work.start(sop.steps().front().actors.front(), at));
    std::size_t transitions = 1;
    bool said_no = false;
    while (const sop::step* step = work.current_step()) {
        const std::string& actor = step->actors.front();
        if (step->kind == sop::step_kind::decision) {
            must(work.answer(actor, said_no ? sop::answer::yes : sop::answer::no, at));
            said_no = true;
        } else {
            must(work.complete(actor, at));
        }
        ++transitions;
    }
    return transitions;
}

void load_string(benchmark::State& state, const std::string& name) {
    const std::string text = read(definitions / (name + ".xml"));
    for (auto _ : state) {
        sop::load_result result = sop::load_string(text, name);
        if (!result) state.SkipWithError("does not load");
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

void load_file(benchmark::State& state, const std::string& name) {
    const fs::path file = definitions / (name + ".xml");
    for (auto _ : state) {
        sop::load_result result = sop::load_file(file);
        if (!result) state.SkipWithError("does not load");
        benchmark::DoNotOptimize(result);
    }
}

// A procedure of `steps` activities (a decision every tenth sends work back one step), written
// one element a line or all on one line.
std::string generated(std::size_t steps, bool one_line) {
    const char* newline = one_line ? "" : "\n";
    std::string out = R"(<sop format="1" id="big"><identity><unit>U</unit><number>1</number>)"
                      R"(<title>T</title><approved-by position="P" name="N"/></identity>)"
                      R"(<actors><actor id="a">A</actor><actor id="b">B</actor></actors>)";
    out += newline;
    out += "<procedure>";
    for (std::size_t i = 1; i <= steps; ++i) {
        const std::string id = std::to_string(i);
        if (i % 10 == 0) {
            out += R"(<decision id=")" + id + R"(" actor="b" duration="15 menit" yes=")" +
                   (i == steps ? std::string("end") : std::to_string(i + 1)) + R"(" no=")" +
                   std::to_string(i - 1) + R"("><description>Periksa )" + id +
                   "</description><question>Benar?</question></decision>";
        } else {
            out += R"(<activity id=")" + id +
                   R"(" actor="a" duration="1 jam"><description>)"
                   "Kerjakan " +
                   id + "</description></activity>";
        }
        out += newline;
    }
    out += "</procedure></sop>\n";
    return out;
}

// Loading (what lint does) a 10,000-step procedure; the one-line form must cost about the same.
void load_generated(benchmark::State& state, bool one_line) {
    const std::string text = generated(10'000, one_line);
    for (auto _ : state) {
        sop::load_result result = sop::load_string(text, "generated.xml");
        if (!result) state.SkipWithError("does not load");
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

// The standard document (HTML with the paginated flowchart) or the flowchart alone (SVG).
void render(benchmark::State& state, const std::string& name, bool svg) {
    const sop::definition sop = load(name);
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string document = svg ? sop::to_svg(sop) : sop::to_html(sop);
        bytes += document.size();
        benchmark::DoNotOptimize(document);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void start_instance(benchmark::State& state) {
    const sop::definition sop = load("sidoarjo");
    const sop::time_point at = monday();
    for (auto _ : state) {
        sop::instance work(sop);
        must(work.start("sekda", at));
        benchmark::DoNotOptimize(work);
    }
}

// A whole case per iteration, with its history kept and one observer attached; the time per
// transition is the iteration time divided by the transitions counter.
void full_walk(benchmark::State& state, const std::string& name) {
    const sop::definition sop = load(name);
    const sop::time_point at = monday();
    auto watcher = std::make_shared<counting_observer>();
    std::size_t transitions = 0;
    for (auto _ : state) {
        sop::instance work(sop);
        work.add_observer(watcher);
        transitions += walk(work, at);
        benchmark::DoNotOptimize(work);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(transitions));
    state.counters["transitions"] = benchmark::Counter(static_cast<double>(transitions) /
                                                       static_cast<double>(state.iterations()));
    state.counters["ns_per_transition"] =
        benchmark::Counter(static_cast<double>(transitions),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    if (watcher->count != static_cast<std::int64_t>(transitions))
        state.SkipWithError("the observer missed transitions");
}

// Transitions alone: one instance, its history kept, an observer attached, driven around the
// Sidoarjo correction loop (step 7 complete, step 8 answered no) between fresh instances.
void transition(benchmark::State& state) {
    const sop::definition sop = load("sidoarjo");
    const sop::time_point at = monday();
    auto watcher = std::make_shared<counting_observer>();
    auto fresh = [&] {
        sop::instance work(sop);
        work.add_observer(watcher);
        must(work.start("sekda", at));
        for (const char* actor : {"sekda", "asisten", "kabag", "jf", "staf", "bagian"}) {
            must(work.complete(actor, at));
        }
        return work;
    };
    sop::instance work = fresh();
    std::size_t in_this_instance = 0;
    for (auto _ : state) {
        // Two transitions per iteration; a new instance every 1,000 loops keeps the history small.
        must(work.complete("jf", at));
        must(work.answer("kabag", sop::answer::no, at));
        if (++in_this_instance == 1000) {
            state.PauseTiming();
            work = fresh();
            in_this_instance = 0;
            state.ResumeTiming();
        }
    }
    state.SetItemsProcessed(state.iterations() * 2);
    state.counters["ns_per_transition"] =
        benchmark::Counter(static_cast<double>(state.iterations() * 2),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

sop::instance parked_at_step_5(const sop::definition& sop, sop::time_point at) {
    sop::instance work(sop);
    must(work.start("sekda", at));
    for (const char* actor : {"sekda", "asisten", "kabag", "jf"}) must(work.complete(actor, at));
    return work;
}

void snapshot_restore(benchmark::State& state) {
    const sop::definition sop = load("sidoarjo");
    const sop::instance work = parked_at_step_5(sop, monday());
    for (auto _ : state) {
        const std::string text = sop::snapshot(work);
        sop::restore_result back = sop::restore(sop, text);
        if (!back) state.SkipWithError("restore failed");
        benchmark::DoNotOptimize(back);
    }
}

// 100,000 Sidoarjo instances parked at step 5 with their history; bytes per instance from the
// heap before and after (the vector of instances included).
void memory_per_instance(benchmark::State& state) {
    constexpr std::size_t count = 100'000;
    const sop::definition sop = load("sidoarjo");
    const sop::time_point at = monday();
    double per_instance = 0;
    for (auto _ : state) {
        const std::int64_t before = bench::heap_bytes();
        std::vector<sop::instance> parked;
        parked.reserve(count);
        for (std::size_t i = 0; i < count; ++i) parked.push_back(parked_at_step_5(sop, at));
        const std::int64_t after = bench::heap_bytes();
        per_instance = static_cast<double>(after - before) / static_cast<double>(count);
        benchmark::DoNotOptimize(parked);
    }
    state.counters["bytes_per_instance"] = per_instance;
}

#ifdef SOP_RUNNER
// `sop-runner lint` over a folder of 10,000 copies of the shipped SOPs, the whole command.
void lint_folder(benchmark::State& state) {
    const fs::path folder = fs::temp_directory_path() / "sopengine-bench-lint";
    fs::remove_all(folder);
    fs::create_directories(folder);
    for (std::size_t i = 0; i < 10'000; ++i) {
        const std::string name = shipped[i % shipped.size()];
        fs::copy_file(definitions / (name + ".xml"),
                      folder / (name + "-" + std::to_string(i) + ".xml"));
    }
    const std::string command =
        std::string(SOP_RUNNER) + " lint --werror " + folder.string() + " >/dev/null 2>&1";
    for (auto _ : state) {
        if (std::system(command.c_str()) != 0) state.SkipWithError("lint failed");
    }
    fs::remove_all(folder);
    state.counters["files"] = 10'000;
}
#endif

}  // namespace

// Due times across April 2025 on the national calendar: from a working day in Ramadan's last
// week, across Nyepi, Idulfitri and its cuti bersama (10 days off in 12), `amount` later.
void due_time(benchmark::State& state, sop::time_amount amount) {
    const sop::working_calendar calendar =
        sop::load_calendar_file_or_throw(definitions / "calendars" / "indonesia-2025.xml");
    const sop::time_point start = *calendar.parse("2025-03-27T10:15");
    for (auto _ : state) {
        sop::time_point at = start;
        benchmark::DoNotOptimize(at);
        benchmark::DoNotOptimize(calendar.add(at, amount));
    }
}

int main(int argc, char** argv) {
    for (const char* name : shipped) {
        benchmark::RegisterBenchmark((std::string("load_string/") + name).c_str(), load_string,
                                     std::string(name));
    }
    for (const char* name : shipped) {
        benchmark::RegisterBenchmark((std::string("load_file/") + name).c_str(), load_file,
                                     std::string(name));
    }
    for (const char* name : shipped) {
        benchmark::RegisterBenchmark((std::string("render_html/") + name).c_str(), render,
                                     std::string(name), false);
    }
    benchmark::RegisterBenchmark("render_svg/way-kanan", render, std::string("way-kanan"), true);
    benchmark::RegisterBenchmark("load_10000_steps/lines", load_generated, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("load_10000_steps/one_line", load_generated, true)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("due_time/holiday_month/1_jam", due_time,
                                 sop::time_amount{0, 60, 0});
    benchmark::RegisterBenchmark("due_time/holiday_month/2_hari", due_time,
                                 sop::time_amount{2, 0, 0});
    benchmark::RegisterBenchmark("due_time/holiday_month/3000_menit", due_time,
                                 sop::time_amount{0, 3000, 0});
    benchmark::RegisterBenchmark("start_instance/sidoarjo", start_instance);
    for (const char* name : shipped) {
        benchmark::RegisterBenchmark((std::string("full_walk/") + name).c_str(), full_walk,
                                     std::string(name));
    }
    benchmark::RegisterBenchmark("transition/sidoarjo", transition);
    benchmark::RegisterBenchmark("snapshot_restore/sidoarjo", snapshot_restore);
    benchmark::RegisterBenchmark("memory_per_instance/sidoarjo", memory_per_instance)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
#ifdef SOP_RUNNER
    benchmark::RegisterBenchmark("lint_10000_files", lint_folder)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
#endif
    bench::register_peer_workload();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
