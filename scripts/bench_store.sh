#!/usr/bin/env bash
# Event store benchmarks (issue 5), run by scripts/bench.sh or alone:
#   1. `ingest --triples` of 1,000,000 synthetic triples into a new store: triples/s
#      (whole process, wall clock), CPU seconds, peak RSS, store bytes per event;
#      then the same file again (every document unchanged).
#   2. The cached 1,000,000- and 5,000,000-event stores of scripts/store_corpus.sh
#      (for the graph benchmark), with the time it took to build them.
#   3. Crash safety, large: tests/test_store_crash.sh on 1,000,000 triples (20 kill -9
#      at random moments, SIGINT and SIGTERM, two concurrent ingests; integrity_check
#      after each, final dump equal to a clean run's). DIPGRAPH_BENCH_CRASH=0 skips it.
#
# usage: scripts/bench_store.sh [DIPGRAPH]   (default: builds $DIPGRAPH_BENCH_BUILD)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${DIPGRAPH_BENCH_BUILD:-build/bench}"
corpora="${DIPGRAPH_BENCH_CORPORA:-build/bench-corpus}"
if [ $# -ge 1 ]; then
  bin="$(realpath "$1")"
else
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIPGRAPH_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j "${DIPGRAPH_JOBS:-2}" --target dipgraph >&2
  bin="$(realpath "$build/dipgraph")"
fi
results="$build/results"; mkdir -p "$results" "$corpora"

# 1,000,000 triples, cached with the generator's hash.
triples="$corpora/triples-1m.jsonl"
stamp="$(sha256sum scripts/make_triples | cut -d' ' -f1) --triples 1000000 --seed 1"
if [ ! -f "$triples" ] || [ "$(cat "$triples.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "bench: generating $triples" >&2
  python3 scripts/make_triples --triples 1000000 --seed 1 -o "$triples"
  printf '%s\n' "$stamp" >"$triples.stamp"
fi
cat "$triples" >/dev/null  # in the page cache, so the first run reads no faster than the second

# timed NAME COMMAND...: wall seconds, user+sys CPU seconds, peak RSS in KiB.
timed() {
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$results/$name.time" "$@" 2>"$results/$name.err"
  end=$(date +%s.%N)
  read -r user sys rss <"$results/$name.time"
  echo "$(python3 -c "print(round($end - $start, 3))") $(python3 -c "print(round($user + $sys, 2))") $rss"
}
store="$results/ingest-1m.db"
rm -f "$store" "$store-wal" "$store-shm"
echo "bench: ingest --triples $triples" >&2
# --no-cache: the triples/s of storing alone (preparing the query graphs is one more scan).
read -r wall cpu rss < <(timed ingest-1m "$bin" ingest --no-cache --triples "$triples" --store "$store")
events=$(sqlite3 "$store" "SELECT count(*) FROM events")
bytes=$(( $(stat -c %s "$store") + $(stat -c %s "$store-wal" 2>/dev/null || echo 0) ))
read -r wall2 cpu2 rss2 < <(timed reingest-1m "$bin" ingest --no-cache --triples "$triples" --store "$store")
grep -Eq "\(0 added, 0 replaced, [0-9]+ unchanged\)" "$results/reingest-1m.err" || { cat "$results/reingest-1m.err" >&2; exit 1; }

echo "bench: cached stores for the graph benchmark" >&2
store_line() {  # store_line EVENTS
  local err="$results/store-$1.err" path
  path="$(scripts/store_corpus.sh "$bin" "$1" "$corpora" 2>"$err")"
  echo "$path: $(sqlite3 "$path" "SELECT count(*) FROM events") events, $(( $(stat -c %s "$path") / 1000000 )) MB; $(grep store_corpus: "$err" | sed 's/^store_corpus: //')"
}
s1m="$(store_line 1000000)"
s5m="$(store_line 5000000)"

crash="skipped (DIPGRAPH_BENCH_CRASH=0)"
if [ "${DIPGRAPH_BENCH_CRASH:-1}" != 0 ]; then
  echo "bench: crash safety on 1,000,000 triples (20 kill -9, SIGINT, SIGTERM, two writers)" >&2
  start=$(date +%s)
  if DIPGRAPH_CRASH_DOCUMENTS=222222 DIPGRAPH_CRASH_BATCH=20000 \
      bash tests/test_store_crash.sh "$bin" "$PWD" >"$results/crash.out" 2>&1; then
    crash="passed: $(tail -1 "$results/crash.out") ($(( $(date +%s) - start )) s)"
  else
    crash="FAILED: $(grep FAIL "$results/crash.out" | head -3 | tr '\n' ';')"
  fi
fi

python3 - "$wall" "$cpu" "$rss" "$events" "$bytes" "$wall2" "$cpu2" <<'PY'
import sys
wall, cpu, rss, events, size, wall2, cpu2 = (float(v) for v in sys.argv[1:])
print()
print("store: ingest --triples, 1,000,000 synthetic triples (scripts/make_triples --triples 1000000 --seed 1)")
print(f"  new store:   {events / wall:>10,.0f} triples/s  ({wall:.1f} s wall, {cpu:.1f} s CPU, "
      f"peak RSS {rss / 1024:.0f} MiB)")
print(f"  same again:  {events / wall2:>10,.0f} triples/s  ({wall2:.1f} s wall, {cpu2:.1f} s CPU; "
      "every document unchanged)")
print(f"  store size:  {size / events:,.0f} bytes per event ({size / 1e6:,.0f} MB for {events:,.0f} events)")
PY
echo "  1M store:    $s1m"
echo "  5M store:    $s5m"
echo "  crash, large: $crash"
