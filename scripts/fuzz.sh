#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; the fuzz preset) and runs each for a given
# number of seconds, seeded with the shipped SOPs, the test documents and the snapshots in
# tests/fuzz/corpus/. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default: 60, all targets)
# New interesting inputs go to build-fuzz/corpus/<target>/ (libFuzzer writes into the first
# folder it is given: when running a target by hand, give a scratch folder first); a crash, hang or sanitizer report
# stops with its input in build-fuzz/artifacts/<target>/. Make every such input a regression
# test: copy it to tests/fuzz/regressions/<load|restore>/ (tests/test_fuzz_regressions.cpp
# replays them in every build). The restore seeds are snapshots of sop-definitions/sidoarjo.xml;
# when that file changes, take them again with sop-runner run ... save (a test checks them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_load fuzz_restore)
fi
bash scripts/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel 2

status=0
for target in "${targets[@]}"; do
    case "${target}" in
        fuzz_load) seeds=(sop-definitions tests/data/valid tests/data/invalid tests/fuzz/regressions/load) ;;
        fuzz_restore) seeds=(tests/fuzz/corpus/restore tests/fuzz/regressions/restore) ;;
        *) echo "fuzz.sh: unknown target ${target}" >&2; exit 2 ;;
    esac
    corpus="build-fuzz/corpus/${target}"
    artifacts="build-fuzz/artifacts/${target}/"
    mkdir -p "${corpus}" "${artifacts}"
    echo "== ${target}: ${seconds} s"
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "./build-fuzz/tests/fuzz/${target}" \
            -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
            -dict=tests/fuzz/sop.dict -print_final_stats=1 \
            -artifact_prefix="${artifacts}" "${corpus}" "${seeds[@]}" 2>&1 | tail -25; then
        echo "fuzz.sh: ${target} found a problem; the input is in ${artifacts}" >&2
        status=1
    fi
done
exit "${status}"
