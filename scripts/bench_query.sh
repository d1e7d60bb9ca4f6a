#!/usr/bin/env bash
# Query benchmark: times each `dipgraph query` (whole process, as a user runs it) on a
# store of about 1,000,000 events made by scripts/make_triples + `dipgraph ingest
# --triples`, cached under build/bench-corpus and remade when make_triples or the
# store schema changes. Uses hyperfine when installed, else a loop of `date +%s%N`.
# Three columns:
#   first     the first question after the ingest: the graph cache as `ingest` left
#             it (the unfiltered whole-store graphs of path and top are there; any
#             other question builds its graphs from the store and saves them), the
#             median of as many runs, each on a fresh copy of that cache;
#   warm      the median of the next runs (graphs read from the cache);
#   no cache  the same question with --no-cache (graphs built from the store).
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
# A store of another schema or graph cache format is made again, with the cache its ingest
# prepared kept aside: the cache key holds the store's path, so the store is ingested
# where it stays (the stamp, written last, marks a finished ingest).
db_stamp="$stamp $(cat src/store/store_schema.cpp src/graph/graph_cache.cpp src/graph/graph_codec.cpp src/graph/event_table.cpp | sha256sum | cut -d' ' -f1)"
ingest_cache="$corpora/ingest-cache"
if [ "$(cat "$db.stamp" 2>/dev/null)" != "$db_stamp" ] || [ ! -d "$ingest_cache" ]; then
  rm -rf "$db" "$db-wal" "$db-shm" "$db.stamp" "$ingest_cache"
  echo "bench: ingesting $triples into $db" >&2
  DIPGRAPH_CACHE_DIR="$ingest_cache" "$bin" ingest --triples "$triples" --store "$db"
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
  "query top --metric pagerank --since 2024-01-01"
  "query top --metric pagerank --since 2020-01-01"
  "query path PAK AFG --since 2020-01-01"
)

export DIPGRAPH_CACHE_DIR="$corpora/query-cache"
ms_of() {  # ms_of COMMAND...: wall milliseconds of one run
  local start; start=$(date +%s%N)
  "$@" >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
median() {  # median NUMBER...: the middle one
  local sorted
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  echo "${sorted[$(( $# / 2 ))]}"
}
median_ms() {  # median_ms COMMAND...: median wall milliseconds of $runs runs
  if command -v hyperfine >/dev/null; then
    hyperfine -N --runs "$runs" --export-json "$corpora/hf.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$corpora/hf.json"
    return
  fi
  local times=()
  for _ in $(seq "$runs"); do times+=("$(ms_of "$@")"); done
  median "${times[@]}"
}
printf '%-62s %6s %6s %9s\n' "command (--store $db)" "first" "warm" "no cache"
first_ms() {  # first_ms COMMAND...: median wall milliseconds on the cache ingest left
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf "$DIPGRAPH_CACHE_DIR"
    cp -r "$ingest_cache" "$DIPGRAPH_CACHE_DIR"
    sync  # the copy's writeback is not the question's cost
    times+=("$(ms_of "$@")")
  done
  median "${times[@]}"
}
for q in "${queries[@]}"; do
  # shellcheck disable=SC2086
  first=$(first_ms "$bin" $q --store "$db")
  # shellcheck disable=SC2086
  warm=$(median_ms "$bin" $q --store "$db")
  # shellcheck disable=SC2086
  none=$(median_ms "$bin" $q --no-cache --store "$db")
  printf '%-62s %6s %6s %9s\n' "dipgraph $q" "$first" "$warm" "$none"
done
