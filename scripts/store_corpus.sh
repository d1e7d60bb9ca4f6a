#!/usr/bin/env bash
# Prints the path of a cached event store of EVENTS synthetic events, building it
# when missing or stale: `scripts/make_triples --triples EVENTS --seed 1` ingested by
# DIPGRAPH. For the graph and store benchmarks. The store is rebuilt when
# make_triples or the store schema changes (recorded in STORE.stamp); build time
# goes to stderr.
#
# usage: scripts/store_corpus.sh DIPGRAPH EVENTS [DIR]   (DIR: build/bench-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$1"; events="$2"; dir="${3:-${DIPGRAPH_BENCH_CORPORA:-build/bench-corpus}}"
name="store-$events"
store="$dir/$name.db"
stamp="$(cat scripts/make_triples src/store/store_schema.cpp | sha256sum | cut -d' ' -f1) --triples $events --seed 1"
if [ -f "$store" ] && [ "$(cat "$store.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "store_corpus: $store is up to date" >&2
  echo "$store"
  exit 0
fi
mkdir -p "$dir"
rm -f "$store" "$store-wal" "$store-shm" "$store.stamp"
start=$(date +%s.%N)
# Piped: the triples are never written to disk, and generating overlaps ingesting.
python3 scripts/make_triples --triples "$events" --seed 1 |
  "$bin" ingest --no-cache --triples - --store "$store" >&2
end=$(date +%s.%N)
printf '%s\n' "$stamp" >"$store.stamp"
echo "store_corpus: built $store ($events events) in $(python3 -c "print(round($end - $start, 1))") s" >&2
echo "$store"
