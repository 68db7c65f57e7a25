#!/usr/bin/env bash
# Builds the Release benchmarks and runs them all, printing one table of medians (and the
# spread) over repeated runs. Extra arguments go to Google Benchmark, e.g.
#   scripts/bench.sh --benchmark_filter=full_walk --benchmark_repetitions=10
# docs/benchmarks.md records the figures and how they were taken.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset bench >/dev/null
cmake --build --preset bench --parallel 2
./build-bench/benchmarks/sopengine_benchmarks \
    --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true \
    --benchmark_display_aggregates_only=true \
    "$@"
