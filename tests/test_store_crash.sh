#!/usr/bin/env bash
# Crash safety of `dipgraph ingest --triples` (Contract 3): kill -9 at random moments
# 20 times, rerunning each time on the same store; after every kill the store passes
# PRAGMA integrity_check, and the finished store holds exactly the rows of a clean
# run. The same with SIGINT and SIGTERM, which ingest handles (commit, exit 130/143).
# Then two ingests into one store at once: both finish, nothing lost or doubled.
# scripts/bench.sh runs this with a large corpus (DIPGRAPH_CRASH_DOCUMENTS).
# Usage: test_store_crash.sh DIPGRAPH PROJECT_DIR
set -u
bin="$1"; project="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail=0
say_fail() { echo "FAIL $*"; fail=$((fail + 1)); }

# About 4 MB of triples (by default) in two parts that together make the whole corpus.
# The large run of the benchmark sets the corpus size, the batch and the window in
# which kills land (milliseconds after the start of each run).
half="${DIPGRAPH_CRASH_DOCUMENTS:-2000}"; half=$((half / 2))
batch="${DIPGRAPH_CRASH_BATCH:-40}"
window="${DIPGRAPH_CRASH_WINDOW_MS:-}"
python3 "$project/scripts/make_triples" --documents "$half" --seed 21 -o "$work/p1.jsonl"
python3 "$project/scripts/make_triples" --documents "$half" --seed 22 --first $((half + 1)) -o "$work/p2.jsonl"
cat "$work/p1.jsonl" "$work/p2.jsonl" >"$work/all.jsonl"

start_ms=$(date +%s%3N)
"$bin" ingest --triples "$work/all.jsonl" --store "$work/clean.db" --batch "$batch" 2>/dev/null || say_fail "clean run"
clean_ms=$(( $(date +%s%3N) - start_ms ))
# Kills land from 150 ms into a run to 150 ms + window: by default 80% of the clean
# run's time, so that they hit a running ingest on a fast or a loaded machine.
[ -n "$window" ] || window=$(( clean_ms * 8 / 10 > 200 ? clean_ms * 8 / 10 : 200 ))
"$bin" stats --dump --store "$work/clean.db" >"$work/clean.dump" || say_fail "clean dump"

integrity() {
  local result
  result="$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)"
  [ "$result" = "ok" ] || say_fail "integrity_check after $2: $result"
}

RANDOM=7  # reproducible kill moments
killed_running=0
offset=150
clean_window=$window  # the kills below shrink `window`; the signals start from this
for i in $(seq 1 20); do
  "$bin" ingest --triples "$work/all.jsonl" --store "$work/crash.db" --batch "$batch" 2>/dev/null &
  pid=$!
  t0=$(date +%s%3N)
  ms=$(( (RANDOM * 32768 + RANDOM) % window + offset))
  while kill -0 "$pid" 2>/dev/null && [ $(( $(date +%s%3N) - t0 )) -lt "$ms" ]; do sleep 0.01; done
  if kill -9 "$pid" 2>/dev/null; then
    killed_running=$((killed_running + 1))
  else
    # The run ended first: it had less to store than a clean run (every kill before
    # it committed batches), and so will the next ones. Kills land within its time.
    ran=$(( $(date +%s%3N) - t0 ))
    offset=$(( ran / 10 )); window=$(( ran * 7 / 10 > 10 ? ran * 7 / 10 : 10 ))
  fi
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

# SIGINT and SIGTERM: ingest commits the documents it finished, says so, exits
# 128 + signal; the count it reports is what the store holds; a rerun completes it.
for sig in INT TERM; do
  code=$([ "$sig" = INT ] && echo 130 || echo 143)
  rm -f "$work/sig.db" "$work/sig.db-wal" "$work/sig.db-shm"
  interrupted=0
  max_delay=$((clean_window * 5 / 7))
  # Signals land after ingest set up its handlers: 200 ms, or a tenth of a clean
  # run when that is shorter (a fast build may be done in 300 ms).
  first_ms=$(( clean_ms / 10 < 200 ? clean_ms / 10 : 200 ))
  # Up to 8 attempts for 3 interruptions: on a loaded machine a run can end before
  # the signal; then the store is emptied (a rerun of stored documents is much
  # faster and would end first again) and the next signal comes sooner.
  for i in 1 2 3 4 5 6 7 8; do
    [ "$interrupted" -ge 3 ] && break
    before="$(sqlite3 "$work/sig.db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)"
    "$bin" ingest --triples "$work/all.jsonl" --store "$work/sig.db" --batch "$batch" 2>"$work/sig.err" &
    pid=$!
    ms=$(( (RANDOM * 32768 + RANDOM) % max_delay + first_ms)); sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid"; rc=$?
    integrity "$work/sig.db" "SIG$sig $i"
    if grep -q "interrupted by" "$work/sig.err"; then
      interrupted=$((interrupted + 1))
      [ "$rc" -eq "$code" ] || say_fail "SIG$sig $i: exit $rc after the interruption message (expected $code)"
      grep -q "^dipgraph ingest: interrupted by SIG$sig: [0-9]* document(s) stored in $work/sig.db and committed; run the same command again to store the rest$" "$work/sig.err" ||
        say_fail "SIG$sig $i: wrong interruption message: $(cat "$work/sig.err")"
      reported="$(sed -n "s/^dipgraph ingest: interrupted by SIG$sig: \([0-9]*\) document(s).*/\1/p" "$work/sig.err")"
      now="$(sqlite3 "$work/sig.db" "SELECT count(*) FROM documents")"
      # Each run reads the corpus from the start: documents stored by earlier runs
      # come back unchanged and are counted again, so the store holds exactly the
      # reported count after the first run and never fewer documents than before.
      if [ "$before" -eq 0 ]; then
        [ "$now" = "$reported" ] || say_fail "SIG$sig $i: reported $reported documents, the store holds $now"
      else
        [ "$now" -ge "$before" ] || say_fail "SIG$sig $i: the store lost documents ($before -> $now)"
      fi
    elif [ "$rc" -eq 0 ]; then
      rm -f "$work/sig.db" "$work/sig.db-wal" "$work/sig.db-shm"
      max_delay=$((max_delay / 2 + 1))
    elif [ "$rc" -ne "$code" ]; then
      # $code without a message: the signal came before ingest set up its handler
      # (process start-up) and killed it, like kill -9.
      say_fail "SIG$sig $i: exit $rc (expected $code or 0): $(cat "$work/sig.err")"
    fi
  done
  [ "$interrupted" -ge 2 ] || say_fail "SIG$sig interrupted only $interrupted of $i runs"
  "$bin" ingest --triples "$work/all.jsonl" --store "$work/sig.db" 2>/dev/null || say_fail "SIG$sig final run"
  "$bin" stats --dump --store "$work/sig.db" >"$work/sig.dump" || say_fail "SIG$sig dump"
  cmp -s "$work/clean.dump" "$work/sig.dump" || say_fail "store after SIG$sig differs from a clean run"
done

# Two writers at once, each a part of the corpus: both finish, the rows are a clean run's.
"$bin" ingest --triples "$work/p1.jsonl" --store "$work/two.db" --batch 25 2>"$work/err1" &
pid1=$!
"$bin" ingest --triples "$work/p2.jsonl" --store "$work/two.db" --batch 25 2>"$work/err2" &
pid2=$!
wait "$pid1" || say_fail "first concurrent ingest: $(cat "$work/err1")"
wait "$pid2" || say_fail "second concurrent ingest: $(cat "$work/err2")"
"$bin" stats --dump --store "$work/two.db" >"$work/two.dump" || say_fail "two dump"
cmp -s "$work/clean.dump" "$work/two.dump" || say_fail "two concurrent ingests differ from a clean run"

echo "crash test: clean run $clean_ms ms, last kills within $((window + offset)) ms; $killed_running of 20 kills hit a running ingest, $stored documents stored before the final run (of $((half * 2))); $fail failure(s)"
[ "$fail" -eq 0 ]
