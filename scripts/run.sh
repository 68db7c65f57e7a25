#!/usr/bin/env bash
# Installs what is missing, builds sopengine, and runs the bundled example on every shipped SOP:
# each is loaded, checked, and driven from its first step to completion.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --parallel 2 --target sop-embed
status=0
for definition in sop-definitions/*.xml; do
    echo "== ${definition}"
    ./build/examples/sop-embed "${definition}" || status=1
done
exit "${status}"
