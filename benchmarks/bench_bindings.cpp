// The cost of one transition through each binding: the C++ API, the C ABI (libsopengine_c.so)
// and the Python module (an embedded interpreter running Python code that calls it). Every
// variant does the same work: on Sidoarjo's SOP, parked at step 7, complete step 7 and answer
// step 8 "no" (back to step 7), 1,000 times per iteration on a case made with the timer
// paused; no observer. docs/benchmarks.md records the figures.
#include <benchmark/benchmark.h>
#include <pybind11/embed.h>
#include <sopengine/sopengine.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sopengine/sopengine.hpp>

#include "bench_support.hpp"

namespace {

namespace py = pybind11;

constexpr int loops = 1000;  // complete + answer pairs per iteration: 2,000 transitions
const std::filesystem::path sidoarjo_file =
    std::filesystem::path(SOPENGINE_DEFINITIONS) / "sidoarjo.xml";
const char* const parked_actors[] = {"sekda", "asisten", "kabag", "jf", "staf", "bagian"};

void count(benchmark::State& state) {
    state.SetItemsProcessed(state.iterations() * 2 * loops);
    state.counters["ns_per_transition"] =
        benchmark::Counter(static_cast<double>(state.iterations() * 2 * loops),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void cpp_transition(benchmark::State& state) {
    const sop::definition sop = sop::load_file_or_throw(sidoarjo_file);
    const sop::time_point at = *sop::working_calendar().parse("2024-03-11T08:00");
    for (auto _ : state) {
        state.PauseTiming();
        sop::instance work(sop);
        bench::must(work.start("sekda", at));
        for (const char* actor : parked_actors) bench::must(work.complete(actor, at));
        state.ResumeTiming();
        for (int i = 0; i < loops; ++i) {
            bench::must(work.complete("jf", at));
            bench::must(work.answer("kabag", sop::answer::no, at));
        }
        benchmark::DoNotOptimize(work);
    }
    count(state);
}

void c_must(int code) {
    if (code != SOP_ACCEPTED) {
        std::fprintf(stderr, "refused (%s): %s\n", sop_code_name(code), sop_last_message());
        std::abort();
    }
}

void c_transition(benchmark::State& state) {
    sop_definition* sop = nullptr;
    c_must(sop_load_file(sidoarjo_file.c_str(), &sop, nullptr));
    std::int64_t at = 0;
    c_must(sop_calendar_parse(nullptr, "2024-03-11T08:00", &at));
    for (auto _ : state) {
        state.PauseTiming();
        sop_instance* work = nullptr;
        c_must(sop_instance_new(sop, nullptr, &work));
        c_must(sop_instance_start(work, "sekda", at));
        for (const char* actor : parked_actors) c_must(sop_instance_complete(work, actor, at));
        state.ResumeTiming();
        for (int i = 0; i < loops; ++i) {
            c_must(sop_instance_complete(work, "jf", at));
            c_must(sop_instance_answer(work, "kabag", SOP_NO, at));
        }
        state.PauseTiming();
        sop_instance_free(work);
        state.ResumeTiming();
    }
    sop_definition_free(sop);
    count(state);
}

// Python code as an application would write it: the loop, the calls and their arguments (an
// aware datetime, an Answer member) are all Python's.
constexpr const char* python_code = R"(
import sopengine
sop = sopengine.load_file(SIDOARJO)
at = sopengine.Calendar().parse("2024-03-11T08:00")
NO = sopengine.Answer.NO

def parked():
    work = sopengine.Instance(sop)
    work.start("sekda", at)
    for actor in ("sekda", "asisten", "kabag", "jf", "staf", "bagian"):
        work.complete(actor, at)
    return work

def run(work, loops):
    complete, answer = work.complete, work.answer
    for _ in range(loops):
        if not complete("jf", at) or not answer("kabag", NO, at):
            raise RuntimeError("refused")
)";

void python_transition(benchmark::State& state) {
    // The interpreter lives as long as the program (main), which runs this function several
    // times: the module is imported once.
    static const py::dict scope = [] {
        py::module_::import("sys").attr("path").attr("insert")(0, SOPENGINE_PYTHON_PATH);
        py::dict made;
        made["SIDOARJO"] = sidoarjo_file.string();
        py::exec(python_code, made);
        return made;
    }();
    const py::object parked = scope["parked"];
    const py::object run = scope["run"];
    for (auto _ : state) {
        state.PauseTiming();
        py::object work = parked();
        state.ResumeTiming();
        run(work, loops);
        state.PauseTiming();
        work = py::none();
        state.ResumeTiming();
    }
    count(state);
}

}  // namespace

BENCHMARK(cpp_transition)->Name("binding_transition/cpp");
BENCHMARK(c_transition)->Name("binding_transition/c");
BENCHMARK(python_transition)->Name("binding_transition/python");

int main(int argc, char** argv) {
    const py::scoped_interpreter interpreter;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
