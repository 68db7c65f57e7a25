#pragma once

// What the benchmark programs share: a refusal stops the run, an observer that counts, and the
// resident set size.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sopengine/sopengine.hpp>

namespace bench {

// Every operation benchmarked is one the rules accept; a refusal means the benchmark measures
// nothing.
inline void must(const sop::outcome& done) {
    if (!done) {
        std::fprintf(stderr, "benchmark operation refused: %s\n", done.message.c_str());
        std::abort();
    }
}

// Counts transitions, as an embedder's observer would do something small with each.
class counting_observer final : public sop::observer {
public:
    void on_transition(const sop::instance&, const sop::transition& change) override {
        ++count;
        benchmark::DoNotOptimize(change.to_step().data());
    }
    std::int64_t count = 0;
};

// Bytes of the process's resident set.
inline std::int64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::int64_t size = 0;
    std::int64_t resident = 0;
    statm >> size >> resident;
    return resident * ::sysconf(_SC_PAGESIZE);
}

// The peer workload's benchmarks (bench_peer.cpp).
void register_peer_workload();

}  // namespace bench
