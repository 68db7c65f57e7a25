#pragma once

// What the benchmark programs share: a refusal stops the run, an observer that counts, and the
// bytes on the heap.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

// Bytes the allocator has handed out and not had back, its own headers included. Unlike the
// resident set, this does not depend on whether freed memory went back to the system, so every
// repetition of a memory benchmark measures the same thing.
inline std::int64_t heap_bytes() {
    const struct mallinfo2 info = ::mallinfo2();
    return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
}

// The peer workload's benchmarks (bench_peer.cpp).
void register_peer_workload();

}  // namespace bench
