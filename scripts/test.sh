#!/usr/bin/env bash
# Installs what is needed, builds with AddressSanitizer + UBSan and warnings as errors,
# and runs the whole test suite through CTest. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
build="${DIPGRAPH_TEST_BUILD:-build/sanitize}"
# dipgraph-mpi and its test join when mpirun and Boost.MPI's CMake package are there.
mpi=OFF
if command -v mpirun >/dev/null && compgen -G "/usr/lib/*/cmake/boost_mpi-*" >/dev/null; then mpi=ON; fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DDIPGRAPH_SANITIZE=ON -DDIPGRAPH_WERROR=ON -DDIPGRAPH_BUILD_TESTS=ON -DDIPGRAPH_MPI="$mpi" >/dev/null
cmake --build "$build" -j "$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
