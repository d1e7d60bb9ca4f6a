#!/usr/bin/env bash
# Regenerates tests/golden/export/ from the graph_export suite's fixed store.
# Review the result as a diff (git diff tests/golden/export) before committing.
# Usage: scripts/update_export_golden.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
cmake --build "$build" --target dipgraph_tests >&2
DIPGRAPH_UPDATE_GOLDEN=1 "$build/tests/dipgraph_tests" --run_test=graph_export/golden_files_for_every_format
git --no-pager diff --stat -- tests/golden/export || true
