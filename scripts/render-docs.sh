#!/usr/bin/env bash
# Renders every shipped SOP with `sop-runner render` and keeps the browser's pictures of them in
# docs/render/*.png, through the very test that checks them (tests/runner/test_render.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target sop-runner
python=python3
python3 -c "import PIL" 2>/dev/null || python=/usr/bin/python3
SOP_RUNNER=build/examples/sop-runner SOP_RENDER_PICTURES=docs/render \
    "$python" tests/runner/test_render.py
