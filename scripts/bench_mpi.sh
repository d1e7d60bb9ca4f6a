#!/usr/bin/env bash
# dipgraph-mpi scaling: `ingest` of one >= 200 MB JSON lines corpus with -np 1 and
# -np 2 (one coder thread per rank), wall time and peak memory per rank, speedup,
# and the share of the tree merge in the total (dipgraph-mpi prints it). Also
# `extract` alone on a 20 MB slice, for the cost model (README.md, "Cost model"). The two
# stores are checked to hold the same counts.
#
# Environment: DIPGRAPH_MPI_BUILD (default build/mpi-release), DIPGRAPH_BENCH_CORPUS
# (default build/bench-corpus/corpus-200mb.jsonl, generated when missing),
# DIPGRAPH_JOBS (build jobs, default 2). Needs libboost-mpi-dev and openmpi-bin.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${DIPGRAPH_MPI_BUILD:-build/mpi-release}"
corpus="${DIPGRAPH_BENCH_CORPUS:-build/bench-corpus/corpus-200mb.jsonl}"
jobs="${DIPGRAPH_JOBS:-2}"

echo "bench_mpi: building $build (Release, MPI on)" >&2
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIPGRAPH_MPI=ON \
  -DDIPGRAPH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target dipgraph dipgraph-mpi >&2

if [ ! -f "$corpus" ]; then
  echo "bench_mpi: generating $corpus" >&2
  mkdir -p "$(dirname "$corpus")"
  scripts/make_corpus --megabytes 210 --seed 1 --format jsonl -o "$corpus"
fi
bytes=$(stat -c %s "$corpus")
articles=$(wc -l <"$corpus")

work="$(mktemp -d "${TMPDIR:-/tmp}/bench_mpi.XXXXXX")"; trap 'rm -rf "$work"' EXIT
mpi=(mpirun --oversubscribe --mca btl self,tcp)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)

# run NP: one timed run; leaves $work/npNP.{db,err,time}.
run() {
  local np="$1"
  /usr/bin/time -f '%e %M' -o "$work/np$np.time" \
    "${mpi[@]}" -np "$np" "$build/dipgraph-mpi" ingest -j 1 "$corpus" \
    --store "$work/np$np.db" --verbose 2>"$work/np$np.err"
  cat "$work/np$np.err" >&2
}
run 1
run 2

# extract alone (stdin to stdout, as a streaming filter) on the first 20 MB.
head -c 20000000 "$corpus" | sed '$d' >"$work/slice.jsonl"
slice_articles=$(wc -l <"$work/slice.jsonl")
/usr/bin/time -f '%e %M' -o "$work/extract.time" \
  "$build/dipgraph" extract -j 1 - <"$work/slice.jsonl" >/dev/null 2>&1

# Counts only: the first line names the store.
"$build/dipgraph" stats --store "$work/np1.db" | tail -n +2 >"$work/np1.stats"
"$build/dipgraph" stats --store "$work/np2.db" | tail -n +2 >"$work/np2.stats"
same=yes; cmp -s "$work/np1.stats" "$work/np2.stats" || same=NO

merge_of() { sed -n 's/.*merge \([0-9.e-]*\) s = \([0-9.]*\)%.*/\1 \2/p' "$1"; }
read -r t1 rss1 <"$work/np1.time"
read -r t2 rss2 <"$work/np2.time"
read -r m2 share2 < <(merge_of "$work/np2.err")
read -r te rsse <"$work/extract.time"
db_bytes=$(stat -c %s "$work/np1.db")

awk -v b="$bytes" -v a="$articles" -v t1="$t1" -v t2="$t2" -v m2="$m2" -v s2="$share2" \
    -v r1="$rss1" -v r2="$rss2" -v te="$te" -v re="$rsse" -v sa="$slice_articles" \
    -v db="$db_bytes" -v same="$same" 'BEGIN {
  printf "\ncorpus: %.0f MB, %d articles; store: %.0f MB\n", b / 1e6, a, db / 1e6
  printf "%-34s %10s %12s\n", "run", "seconds", "peak RSS MB"
  printf "%-34s %10.1f %12.0f\n", "ingest -np 1 (-j 1)", t1, r1 / 1024
  printf "%-34s %10.1f %12.0f\n", "ingest -np 2 (-j 1 per rank)", t2, r2 / 1024
  printf "%-34s %10.1f %12.0f\n", "extract -j 1 (" sa " articles)", te, re / 1024
  printf "speedup -np 2 over -np 1: %.2fx; merge %.1f s = %s%% of the -np 2 total\n", t1 / t2, m2, s2
  printf "per million articles, one core: ingest %.0f s, extract %.0f s, merge %.0f s; store %.1f GB\n",
         t1 / a * 1e6, te / sa * 1e6, m2 / (a / 2) * 1e6, db / a * 1e6 / 1e9
  printf "stores of -np 1 and -np 2 hold the same counts: %s\n", same
}'
[ "$same" = yes ]
