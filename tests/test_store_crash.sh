#!/usr/bin/env bash
# Crash safety of `dipgraph ingest --triples` (Contract 3): kill -9 at random moments
# 20 times, rerunning each time on the same store; after every kill the store passes
# PRAGMA integrity_check, and the finished store holds exactly the rows of a clean
# run. Then two ingests into one store at once: both finish, nothing lost or doubled.
# Usage: test_store_crash.sh DIPGRAPH PROJECT_DIR
set -u
bin="$1"; project="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail=0
say_fail() { echo "FAIL $*"; fail=$((fail + 1)); }

# About 4 MB of triples in two parts that together make the whole corpus.
python3 "$project/scripts/make_triples" --documents 1000 --seed 21 -o "$work/p1.jsonl"
python3 "$project/scripts/make_triples" --documents 1000 --seed 22 --first 1001 -o "$work/p2.jsonl"
cat "$work/p1.jsonl" "$work/p2.jsonl" >"$work/all.jsonl"

"$bin" ingest --triples "$work/all.jsonl" --store "$work/clean.db" 2>/dev/null || say_fail "clean run"
"$bin" stats --dump --store "$work/clean.db" >"$work/clean.dump" || say_fail "clean dump"

integrity() {
  local result
  result="$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)"
  [ "$result" = "ok" ] || say_fail "integrity_check after $2: $result"
}

RANDOM=7  # reproducible kill moments
killed_running=0
for i in $(seq 1 20); do
  "$bin" ingest --triples "$work/all.jsonl" --store "$work/crash.db" --batch 40 2>/dev/null &
  pid=$!
  # Between 0.15 and 0.85 s: past the start-up of a sanitizer build, within the run.
  ms=$((RANDOM % 700 + 150)); sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then killed_running=$((killed_running + 1)); fi
  wait "$pid" 2>/dev/null
  integrity "$work/crash.db" "kill $i"
done
stored="$(sqlite3 "$work/crash.db" "SELECT count(*) FROM documents")"
[ "$stored" -gt 0 ] || say_fail "no document survived the kills: they all hit before the first commit"
"$bin" ingest --triples "$work/all.jsonl" --store "$work/crash.db" 2>/dev/null || say_fail "final run"
integrity "$work/crash.db" "final run"
"$bin" stats --dump --store "$work/crash.db" >"$work/crash.dump" || say_fail "crash dump"
cmp -s "$work/clean.dump" "$work/crash.dump" || say_fail "store after 20 kills differs from a clean run"
[ "$killed_running" -ge 10 ] || say_fail "only $killed_running of 20 kills hit a running ingest"

# Two writers at once, each a part of the corpus: both finish, the rows are a clean run's.
"$bin" ingest --triples "$work/p1.jsonl" --store "$work/two.db" --batch 25 2>"$work/err1" &
pid1=$!
"$bin" ingest --triples "$work/p2.jsonl" --store "$work/two.db" --batch 25 2>"$work/err2" &
pid2=$!
wait "$pid1" || say_fail "first concurrent ingest: $(cat "$work/err1")"
wait "$pid2" || say_fail "second concurrent ingest: $(cat "$work/err2")"
"$bin" stats --dump --store "$work/two.db" >"$work/two.dump" || say_fail "two dump"
cmp -s "$work/clean.dump" "$work/two.dump" || say_fail "two concurrent ingests differ from a clean run"

echo "crash test: $killed_running of 20 kills hit a running ingest, $stored documents stored before the final run (of 2000); $fail failure(s)"
[ "$fail" -eq 0 ]
