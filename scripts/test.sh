#!/usr/bin/env bash
# Installs what is missing, builds sopengine with warnings as errors, and runs every test.
#   scripts/test.sh            the default build (build/)
#   scripts/test.sh asan       the AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash scripts/setup.sh
cmake --preset "$preset"
cmake --build --preset "$preset" --parallel 2
ctest --preset "$preset"
