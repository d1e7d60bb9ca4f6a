#!/usr/bin/env bash
# Query benchmark: times each `dipgraph query` (whole process, as a user runs it) on a
# store of about 1,000,000 events made by scripts/make_triples + `dipgraph ingest
# --triples`, cached under build/bench-corpus and remade when make_triples changes.
# Uses hyperfine when installed, else a loop of `date +%s%N` (median of the runs).
# Two columns: "cold" is the first question after the cache was emptied (what the
# first question after each ingest costs: the graph is built from the store and
# saved), "warm" the median of the next runs (read from the graph cache).
#
# Environment: DIPGRAPH_BENCH_BUILD (default build/release), DIPGRAPH_BENCH_CORPORA
# (default build/bench-corpus), DIPGRAPH_BENCH_RUNS (default 5), DIPGRAPH_JOBS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

build="${DIPGRAPH_BENCH_BUILD:-build/release}"
corpora="${DIPGRAPH_BENCH_CORPORA:-build/bench-corpus}"
runs="${DIPGRAPH_BENCH_RUNS:-5}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIPGRAPH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "${DIPGRAPH_JOBS:-2}" --target dipgraph >&2
bin="$build/dipgraph"

# 1,000,000 triples in 222,202 documents with seed 1: the same file as
# scripts/bench_store.sh (same name, same arguments, same stamp).
triples="$corpora/triples-1m.jsonl"
db="$corpora/events-1m.db"
stamp="$(sha256sum scripts/make_triples | cut -d' ' -f1) --triples 1000000 --seed 1"
mkdir -p "$corpora"
if [ ! -f "$triples" ] || [ "$(cat "$triples.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "bench: generating $triples" >&2
  python3 scripts/make_triples --triples 1000000 --seed 1 -o "$triples"
  printf '%s\n' "$stamp" >"$triples.stamp"
  rm -f "$db"
fi
# A store of another schema or build is made again.
db_stamp="$stamp $(sha256sum src/store/store_schema.cpp | cut -d' ' -f1)"
if [ "$(cat "$db.stamp" 2>/dev/null)" != "$db_stamp" ]; then rm -f "$db" "$db-wal" "$db-shm"; fi
if [ ! -f "$db" ]; then
  echo "bench: ingesting $triples into $db" >&2
  "$bin" ingest --triples "$triples" --store "$db.tmp" && mv "$db.tmp" "$db"
  printf '%s\n' "$db_stamp" >"$db.stamp"
fi
"$bin" stats --store "$db" | head -3 >&2

queries=(
  "query links PAK"
  "query links Pakistan --since 2020-01-01 --relation consult"
  "query between PAK RUS"
  "query timeline PAK RUS --by month"
  "query path PAK AFG"
  "query path PAK AFG --hops"
  "query top --metric degree"
  "query top --metric strength"
  "query top --metric pagerank"
  "query top --metric betweenness"
  "query top --metric cooperation"
  "query top --metric conflict"
)

export DIPGRAPH_CACHE_DIR="$corpora/query-cache"
ms_of() {  # ms_of COMMAND...: wall milliseconds of one run
  local start; start=$(date +%s%N)
  "$@" >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
printf '%-60s %8s %12s %8s\n' "command (--store $db)" "cold ms" "warm median" "warm min"
for q in "${queries[@]}"; do
  rm -rf "$DIPGRAPH_CACHE_DIR"
  # shellcheck disable=SC2086
  cold=$(ms_of "$bin" $q --store "$db")
  # shellcheck disable=SC2086
  if command -v hyperfine >/dev/null; then
    hyperfine -N --runs "$runs" --export-json "$corpora/hf.json" "$bin $q --store $db" >/dev/null 2>&1
    read -r median min < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(round(r["median"]*1000), round(r["min"]*1000))' "$corpora/hf.json")
  else
    times=()
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      "$bin" $q --store "$db" >/dev/null
      times+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    median=${sorted[$(( runs / 2 ))]}
    min=${sorted[0]}
  fi
  printf '%-60s %8s %12s %8s\n' "dipgraph $q" "$cold" "$median" "$min"
done
