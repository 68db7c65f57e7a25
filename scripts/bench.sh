#!/usr/bin/env bash
# Builds the Release benchmarks and runs them, printing one table of medians (and the spread)
# over repeated runs. Extra arguments go to Google Benchmark, e.g.
#   scripts/bench.sh --benchmark_filter=full_walk --benchmark_repetitions=10
#   scripts/bench.sh store    the store's benchmarks instead (SQLite, and PostgreSQL on a
#                             throwaway cluster; a few minutes, most of it seeding 1,000,000 cases)
#   scripts/bench.sh bindings one transition through the C++ API, the C ABI and Python
# docs/benchmarks.md records the figures and how they were taken.
set -euo pipefail
cd "$(dirname "$0")/.."
program=sopengine_benchmarks
if [ "${1:-}" = store ]; then
    program=sopengine_store_benchmarks
    shift
elif [ "${1:-}" = bindings ]; then
    program=sopengine_binding_benchmarks
    shift
fi
bash scripts/setup.sh
cmake --preset bench >/dev/null
cmake --build --preset bench --parallel 2
"./build-bench/benchmarks/${program}" \
    --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true \
    --benchmark_display_aggregates_only=true \
    "$@"
