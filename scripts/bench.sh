#!/usr/bin/env bash
# Front-end benchmarks: builds a Release tree with the benchmarks, generates the
# synthetic corpora if missing, runs the Google Benchmark stages on the 50 MB corpus,
# times one streaming read + clean + split pass over the 50 MB and the 200 MB corpora
# under /usr/bin/time for peak memory, and prints one summary table; then the event
# store benchmarks of scripts/bench_store.sh (ingest speed, bytes per event, cached
# 1M- and 5M-event stores, the large crash run).
#
# Environment: DIPGRAPH_BENCH_BUILD (default build/bench), DIPGRAPH_BENCH_CORPORA
# (default build/bench-corpus), DIPGRAPH_JOBS (build jobs, default 2).
# Corpora are regenerated when scripts/make_corpus changes; they are never committed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

build="${DIPGRAPH_BENCH_BUILD:-build/bench}"
corpora="${DIPGRAPH_BENCH_CORPORA:-build/bench-corpus}"
jobs="${DIPGRAPH_JOBS:-2}"

echo "bench: building $build (Release, benchmarks on)" >&2
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DDIPGRAPH_BUILD_BENCH=ON -DDIPGRAPH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target dipgraph dipgraph_bench dipgraph_frontend_pass dipgraph_bench_export >&2
bench_bin="$build/bench/dipgraph_bench"
pass_bin="$build/bench/dipgraph_frontend_pass"

# make_corpus MEGABYTES PATH: generates PATH unless it exists and was made by the
# current generator with the same arguments (recorded in PATH.stamp).
make_corpus() {
  local mb="$1" path="$2" stamp
  stamp="$(sha256sum scripts/make_corpus | cut -d' ' -f1) --megabytes $mb --seed 1"
  if [ -f "$path" ] && [ "$(cat "$path.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  mkdir -p "$(dirname "$path")"
  echo "bench: generating $path" >&2
  scripts/make_corpus --megabytes "$mb" --seed 1 --format jsonl -o "$path"
  printf '%s\n' "$stamp" >"$path.stamp"
}
small="$corpora/corpus-50mb.jsonl"
big="$corpora/corpus-200mb.jsonl"
make_corpus 50 "$small"
# 210 x 10^6 bytes, so that the "200 MB" corpus is at least 200 MiB too.
make_corpus 210 "$big"

results="$build/results"
mkdir -p "$results"

# Export: a 250-node, 50,000-edge graph in every format (target < 1 s each).
echo "bench: export of 250 nodes / 50,000 edges" >&2
"$build/bench/dipgraph_bench_export" --benchmark_out="$results/export.json" \
  --benchmark_out_format=json >&2

echo "bench: Google Benchmark stages on $small" >&2
DIPGRAPH_BENCH_CORPUS="$small" "$bench_bin" \
  --benchmark_out="$results/stages.json" --benchmark_out_format=json >&2

# pass NAME CORPUS: one read + clean + split pass; stdout fields and peak RSS (KiB).
pass() {
  local name="$1" corpus="$2"
  echo "bench: front-end pass over $corpus" >&2
  /usr/bin/time -f %M -o "$results/$name.rss" "$pass_bin" "$corpus" >"$results/$name.out"
}
pass pass-50mb "$small"
pass pass-200mb "$big"

# The whole coder, as a user runs it: one process, JSON lines out, 1 and 2 threads.
dipgraph_bin="$build/dipgraph"
extract() {  # extract NAME JOBS CORPUS
  echo "bench: dipgraph extract -j $2 over $3" >&2
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f %M -o "$results/$1.rss" "$dipgraph_bin" extract -j "$2" "$3" >"$results/$1.jsonl"
  end=$(date +%s.%N)
  echo "seconds=$(python3 -c "print($end - $start)") triples=$(wc -l <"$results/$1.jsonl")" >"$results/$1.out"
}
extract extract-50mb-j1 1 "$small"
extract extract-200mb-j1 1 "$big"
extract extract-200mb-j2 2 "$big"
cmp -s "$results/extract-200mb-j1.jsonl" "$results/extract-200mb-j2.jsonl" &&
  echo same >"$results/extract-same" || echo different >"$results/extract-same"
rm -f "$results"/extract-*.jsonl

python3 - "$results" "$small" "$big" <<'EOF'
import json
import os
import sys

results = sys.argv[1]
rows = []  # (stage, input, MB/s, peak RSS)

with open(os.path.join(results, "stages.json")) as f:
    stages = json.load(f)
inputs = {"BM_ReadJsonl": "50 MB file", "BM_CleanText": "sample (raw text)",
          "BM_SplitSentences": "sample (clean text)",
          "BM_SplitSentencesReuse": "sample (clean text)", "BM_FrontEnd": "50 MB file"}
inputs["BM_LexiconMatch"] = "sample (tokens)"
names = {"BM_LexiconMatch": "lexicon match", "BM_ReadJsonl": "read (jsonl)", "BM_CleanText": "clean",
         "BM_SplitSentences": "split", "BM_SplitSentencesReuse": "split (reused vector)",
         "BM_FrontEnd": "read+clean+split"}
notes = []
for b in stages["benchmarks"]:
    base = b["name"].split("/")[0]
    if b.get("error_occurred"):
        rate = "skipped"
        notes.append(f"{base}: {b.get('error_message', '')}")
    elif base == "BM_LexiconBuiltin":
        notes.append(f"lexicon start-up (builtin): {b['real_time']:.1f} {b['time_unit']}, "
                     f"{b['memory_MB']:.1f} MB, {int(b['nodes'])} automaton nodes, "
                     f"{int(b['phrases'])} phrases")
        continue
    else:
        rate = f"{b['bytes_per_second'] / 1e6:,.1f}"
    rows.append((names.get(base, base) + " [gbench]", inputs.get(base, ""), rate, "-"))

rss = {}
for name, label in (("pass-50mb", "50 MB file"), ("pass-200mb", "200 MB file")):
    with open(os.path.join(results, name + ".out")) as f:
        fields = dict(kv.split("=", 1) for kv in f.read().split())
    with open(os.path.join(results, name + ".rss")) as f:
        kib = int(f.read().split()[-1])
    rss[name] = kib
    seconds = float(fields["seconds"])
    if int(fields["articles"]) == 0:
        rate = "n/a"
        notes.append(f"{name}: the reader returned no articles, so no throughput")
    else:
        rate = f"{int(fields['bytes']) / 1e6 / max(seconds, 1e-9):,.1f}"
    rows.append(("read+clean+split [pass]", label, rate, f"{kib / 1024:,.1f} MiB"))
    notes.append(f"{name}: {fields['articles']} articles, {fields['sentences']} sentences, "
                 f"{fields['bad']} bad records, {seconds:.2f} s")

sentences = {"50mb": int(dict(kv.split("=", 1) for kv in open(os.path.join(results, "pass-50mb.out")).read().split())["sentences"]),
             "200mb": int(dict(kv.split("=", 1) for kv in open(os.path.join(results, "pass-200mb.out")).read().split())["sentences"])}
sizes = {"50mb": os.path.getsize(sys.argv[2]), "200mb": os.path.getsize(sys.argv[3])}
for name in ("extract-50mb-j1", "extract-200mb-j1", "extract-200mb-j2"):
    fields = dict(kv.split("=", 1) for kv in open(os.path.join(results, name + ".out")).read().split())
    kib = int(open(os.path.join(results, name + ".rss")).read().split()[-1])
    size = name.split("-")[1]
    seconds = float(fields["seconds"])
    rows.append((f"dipgraph extract {name.split('-')[2].replace('j', '-j ')} [process]",
                 f"{size[:-2]} MB file", f"{sizes[size] / 1e6 / seconds:,.1f}", f"{kib / 1024:,.1f} MiB"))
    notes.append(f"{name}: {sentences[size] / seconds:,.0f} sentences/s, {fields['triples']} triples, "
                 f"{seconds:.1f} s")
j1 = float(dict(kv.split("=", 1) for kv in open(os.path.join(results, "extract-200mb-j1.out")).read().split())["seconds"])
j2 = float(dict(kv.split("=", 1) for kv in open(os.path.join(results, "extract-200mb-j2.out")).read().split())["seconds"])
notes.append(f"extract -j 2 speed-up over -j 1: {j1 / j2:.2f}x; output "
             f"{open(os.path.join(results, 'extract-same')).read().strip()} bytes for -j 1 and -j 2")

with open(os.path.join(results, "export.json")) as f:
    for b in json.load(f)["benchmarks"]:
        notes.append(f"export {b['name'][len('BM_Export'):]}: {b['real_time']:.0f} {b['time_unit']} "
                     f"for {int(b['edges'])} edges ({b['MB']:.1f} MB; target < 1 s)")

header = ("stage", "input", "MB/s", "peak RSS")
widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
line = lambda r: "  ".join(r[i].ljust(widths[i]) if i < 2 else r[i].rjust(widths[i])
                           for i in range(4))
print()
print(line(header))
print("  ".join("-" * w for w in widths))
for r in rows:
    print(line(r))
print()
print(f"peak RSS 200 MB / 50 MB pass: {rss['pass-200mb'] / rss['pass-50mb']:.2f} "
      "(about 1.0 when memory does not grow with the corpus)")
print("MB = 10^6 bytes; one thread; gbench sample = first $DIPGRAPH_BENCH_SAMPLE_MB "
      "(default 8) MB of articles, in memory")
for n in notes:
    print("note: " + n)
EOF

# The event store: ingest speed, bytes per event, cached stores, large crash run.
scripts/bench_store.sh "$dipgraph_bin"
