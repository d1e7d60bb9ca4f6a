#!/usr/bin/env bash
# Release build of the dipgraph binary into build/release (used by demo and bench).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${DIPGRAPH_BUILD:-build/release}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
