#!/usr/bin/env bash
# `dipgraph-mpi ingest` (issue 9): with 2 and 3 ranks (oversubscribed, TCP forced),
# the store equals, row by row (`stats --dump`), the single-process `dipgraph ingest`
# of the same corpus: the bundled samples (a folder), a generated folder of .txt
# articles in subfolders (ids are relative paths) and a generated JSON lines file
# split across ranks by byte ranges, a third of its lines without `id` (ids are
# `<stem>:<line>`, so every piece must number its lines as the whole file does) and
# two broken lines (reported with the same file:line, skipped, exit 1 in both runs).
# Then: merging into an existing store, and failures (a rank that cannot read its
# input, a missing input) that leave no store and no shard behind.
# Usage: test_mpi.sh DIPGRAPH DIPGRAPH_MPI PROJECT_DIR
set -u
bin="$1"; mpibin="$2"; project="$3"
source "$project/tests/testlib.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# Under the sanitizers: OpenMPI never frees some of what MPI_Init allocates. Its
# leaks are suppressed by library; the slow unwinder and plugins kept loaded give
# every stack the library names to match. Harmless in a plain build.
printf 'leak:%s\n' libmpi.so libopen-pal.so libopen-rte.so libpmix.so libhwloc.so libevent mca_ \
  >"$work/lsan.supp"
export LSAN_OPTIONS="suppressions=$work/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export OMPI_MCA_mca_base_component_disable_dlclose=1

mpi=(mpirun --oversubscribe --mca btl self,tcp)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
run_mpi() { local np="$1"; shift; "${mpi[@]}" -np "$np" "$mpibin" ingest -j 1 "$@"; }

# The corpus: about 4 MB.
python3 "$project/scripts/make_corpus" --articles 240 --seed 5 --format txt --per-folder 100 \
  -o "$work/corpus/txt" --quiet
python3 "$project/scripts/make_corpus" --megabytes 3 --seed 6 --format jsonl -o "$work/gen.jsonl" --quiet
python3 - "$work/gen.jsonl" "$work/corpus/wire.jsonl" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, line in enumerate(lines):
        record = json.loads(line)
        if i % 3 == 0:
            record.pop("id", None)
        out.write(json.dumps(record) + "\n")
        if i in (40, len(lines) - 30):
            out.write('{"text": "a broken line\n')
EOF
inputs=("$project/data/samples" "$work/corpus")

"$bin" ingest -j 1 "${inputs[@]}" --store "$work/single.db" 2>"$work/single.err"
check "single-process ingest exits 1 for the two broken lines" [ $? -eq 1 ]
"$bin" stats --dump --store "$work/single.db" >"$work/single.dump"
check "the single-process store has thousands of rows" [ "$(wc -l <"$work/single.dump")" -gt 5000 ]
check "line ids of the JSON lines file are in the store" grep -q 'wire:4	' "$work/single.dump"
grep ': error: ' "$work/single.err" | sort >"$work/single.errors"

for np in 2 3; do
  run_mpi "$np" "${inputs[@]}" --store "$work/mpi$np.db" --verbose 2>"$work/mpi$np.err"
  status=$?
  check "np $np exits 1 for the two broken lines" [ "$status" -eq 1 ]
  "$bin" stats --dump --store "$work/mpi$np.db" >"$work/mpi$np.dump" 2>/dev/null
  check "np $np store equals the single-process store" cmp -s "$work/single.dump" "$work/mpi$np.dump"
  grep ': error: ' "$work/mpi$np.err" | sort >"$work/mpi$np.errors"
  check "np $np reports the broken lines at the same file:line" \
    cmp -s "$work/single.errors" "$work/mpi$np.errors"
  check "np $np splits the JSON lines file across ranks" \
    [ "$(grep -c 'rank [0-9]*: [1-9][0-9]* unit' "$work/mpi$np.err")" -eq "$np" ]
  check "np $np prints the merge's share" grep -q '% of the total' "$work/mpi$np.err"
  check "np $np leaves no shard" [ -z "$(ls "$work" | grep '\.mpi-')" ]
done

# Into an existing store: the samples first, then the rest through MPI.
"$bin" ingest -j 1 "$project/data/samples" --store "$work/grow.db" 2>/dev/null
run_mpi 3 "$work/corpus" --store "$work/grow.db" 2>/dev/null
"$bin" stats --dump --store "$work/grow.db" >"$work/grow.dump" 2>/dev/null
check "merging into an existing store gives the single-process store" \
  cmp -s "$work/single.dump" "$work/grow.dump"

# A rank that cannot read its input: the run fails with the file named, no store.
mkdir -p "$work/broken/a"
cp "$project/data/samples/"*.txt "$work/broken/a/"
ln -s "$work/does-not-exist.txt" "$work/broken/a/zz-gone.txt"
run_mpi 3 "$work/broken" --store "$work/broken.db" 2>"$work/broken.err"
check "an unreadable input fails the run" [ $? -ne 0 ]
check "the failing rank's message names the file" \
  grep -q 'rank [0-9]: .*zz-gone.txt: error: cannot open: dangling symbolic link' "$work/broken.err"
check "a failed run leaves no store" [ ! -e "$work/broken.db" ]
check "a failed run leaves no shard" [ -z "$(ls "$work" | grep '\.mpi-')" ]

# ... and leaves an existing store as it was.
cp "$work/mpi2.db" "$work/kept.db"
run_mpi 2 "$work/broken" --store "$work/kept.db" 2>/dev/null
check "a failed run into an existing store fails" [ $? -ne 0 ]
"$bin" stats --dump --store "$work/kept.db" >"$work/kept.dump" 2>/dev/null
check "a failed run leaves the existing store unchanged" cmp -s "$work/single.dump" "$work/kept.dump"

# A missing input is found while planning.
run_mpi 2 "$work/nowhere" --store "$work/missing.db" 2>"$work/missing.err"
check "a missing input fails the run" [ $? -ne 0 ]
check "the message names the missing input" grep -q 'nowhere: error: cannot open' "$work/missing.err"
check "no store after a missing input" [ ! -e "$work/missing.db" ]

# Usage errors are reported once, with exit 2.
run_mpi 2 --triples "$work/x.jsonl" --store "$work/u.db" 2>"$work/usage.err"
check "--triples is a usage error" [ $? -eq 2 ]
check "a usage error is printed once" [ "$(grep -c 'dipgraph-mpi: --triples' "$work/usage.err")" -eq 1 ]

finish "mpi:"
