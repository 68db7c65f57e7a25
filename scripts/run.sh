#!/usr/bin/env bash
# The main job: installs what is missing, builds sopengine and sop-runner, then shows every
# shipped SOP (sop-runner info) and walks each one from its first step to completion
# (sop-runner walk, every decision answered yes, each step taking its standard time), and
# renders each as the standard SOP document in build/render/NAME.html (sop-runner render).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --parallel 2 --target sop-runner
runner=./build/examples/sop-runner
"${runner}" lint --werror sop-definitions
status=0
for definition in sop-definitions/*.xml; do
    echo
    echo "=================================================================== ${definition}"
    "${runner}" info "${definition}" || status=1
    echo
    "${runner}" walk "${definition}" --start 2024-03-12T08:00 || status=1
    name=$(basename "${definition}" .xml)
    mkdir -p build/render
    "${runner}" render "${definition}" -o "build/render/${name}.html" || status=1
    echo
    echo "rendered: build/render/${name}.html (open it in a browser; it prints on A4 landscape)"
done
exit "${status}"
