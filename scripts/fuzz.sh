#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) and runs each one
# for SECONDS (default 60), one after another so that it uses one core.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: json_lines text_article
#                                             lexicon_file triples coder (default all)
#
# Each target starts from its seed corpus (fuzz/seeds.txt, files of tests/data), the
# crash regressions (tests/data/fuzz-regressions/TARGET/) and the corpus it grew in
# earlier runs (build/fuzz/corpus/TARGET/, kept). Prints per target libFuzzer's final
# figures: executions, executions per second, coverage (cov: edges, ft: features),
# corpus size and peak memory. Exits 1 if any target crashed, leaked, ran out of
# memory or timed out; the input that did it is in build/fuzz/artifacts/TARGET/.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json_lines text_article lexicon_file triples coder)
build="${DIPGRAPH_FUZZ_BUILD:-build/fuzz}"
rss_limit_mb=2048   # a target that needs more is a memory bug
timeout_s=10        # one input taking longer is a hang (or quadratic)

scripts/setup.sh || exit 1
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDIPGRAPH_FUZZ=ON -DDIPGRAPH_BUILD_TESTS=OFF >/dev/null || exit 1
cmake --build "$build" -j 2 --target "${targets[@]/#/fuzz_}" >/dev/null || exit 1

# seeds TARGET DIR: copies the seed files of TARGET (fuzz/seeds.txt) into DIR.
seeds() {
  rm -rf "$2" && mkdir -p "$2"
  local target pattern f
  while read -r target pattern; do
    [ "$target" = "$1" ] || continue
    for f in $pattern; do [ -f "$f" ] && cp "$f" "$2/"; done
  done < <(grep -v '^#' fuzz/seeds.txt)
}

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=0
summary=$(printf '%-13s %8s %12s %8s %7s %7s %6s %7s  %s\n' \
  target seconds executions exec/s cov ft corpus rss_mb result)
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t" artifacts="$build/artifacts/$t" log="$build/fuzz_$t.log"
  mkdir -p "$corpus" "$artifacts"
  seeds "$t" "$build/seeds/$t"
  dirs=("$corpus" "$build/seeds/$t")
  [ -d "tests/data/fuzz-regressions/$t" ] && dirs+=("tests/data/fuzz-regressions/$t")
  echo "fuzz: $t for ${seconds}s (log: $log)" >&2
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb="$rss_limit_mb" \
    -timeout="$timeout_s" -print_final_stats=1 -artifact_prefix="$artifacts/" "${dirs[@]}" \
    >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$artifacts")" ]; then
    result="FAILED (exit $rc): $(grep -m1 -E 'ERROR: |SUMMARY: ' "$log" || echo see log)"
    failed=1
  fi
  summary+=$(printf '\n%-13s %8s %12s %8s %7s %7s %6s %7s  %s' \
    "$t" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "$result")
done
echo "$summary"
exit "$failed"
