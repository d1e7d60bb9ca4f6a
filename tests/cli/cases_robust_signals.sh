# SIGINT and SIGTERM during ingest (articles), export, extract and merge (issue 8):
# the store stays consistent, no partial or temporary output file is left, and the
# exit status is 128 + the signal (130, 143) or 0 when the run ended first. Sourced
# by test_cli.sh (run/check/has, $bin $data $work $project). Ingest of triples under
# SIGINT, SIGTERM and kill -9 is tests/test_store_crash.sh.

sg="$work/signals"; mkdir -p "$sg"
python3 "$project/scripts/make_triples" --documents 3000 --seed 9 -o "$sg/t.jsonl"
"$bin" ingest --triples "$sg/t.jsonl" --store "$sg/s.db" 2>/dev/null
sqlite3 "$sg/s.db" "PRAGMA integrity_check" >/dev/null 2>&1 || echo "note: sqlite3 missing"

# A shell without job control starts background commands with SIGINT ignored, and
# an ignored signal stays ignored; this restores the default, as in a terminal.
# (An array, not a function: a function in the background is a subshell, and $!
# would be its pid instead of dipgraph's.)
with_sigint=(python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])')
dev=("$data"/dev/dev0*.txt)

# interrupt SIG NAME OUTPUT -- command...: starts the command, waits until its hidden
# temporary file next to OUTPUT exists (so the signal lands mid-write), sends SIG;
# sets $rc and $hit (1 when the signal was sent while the temporary file existed).
interrupt() {
  local sig="$1" name="$2" output="$3"; shift 4
  local dir base pid i
  dir="$(dirname "$output")"; base="$(basename "$output")"
  "${with_sigint[@]}" "$@" >/dev/null 2>"$sg/err" &
  pid=$!; hit=0
  for i in $(seq 1 2000); do
    if compgen -G "$dir/.$base.tmp-$pid*" >/dev/null || compgen -G "$dir/$base.tmp-$pid*" >/dev/null; then
      kill -"$sig" "$pid" 2>/dev/null && hit=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  wait "$pid"; rc=$?
}

# no_temp DIR: no temporary file of any run is left in DIR.
no_temp() { ! ls -a "$1" | grep -q '\.tmp'; }

for sig in INT TERM; do
  code=$([ "$sig" = INT ] && echo 130 || echo 143)
  # export: up to 5 tries for one signal that lands while the file is written.
  hits=0
  for try in 1 2 3 4 5; do
    rm -f "$sg/g.gexf"
    interrupt "$sig" export "$sg/g.gexf" -- "$bin" export --format gexf --dynamic --store "$sg/s.db" -o "$sg/g.gexf"
    if [ "$hit" = 1 ] && [ "$rc" = "$code" ]; then
      hits=$((hits + 1))
      check "export SIG$sig: no output file" test ! -e "$sg/g.gexf"
      break
    fi
    check "export SIG$sig try $try: exit $rc is 0 or $code" test "$rc" = 0 -o "$rc" = "$code"
  done
  check "export SIG$sig: interrupted while writing ($hits)" test "$hits" -ge 1
  check "export SIG$sig: no temporary file" no_temp "$sg"
  check "export SIG$sig: store intact" test "$(sqlite3 "$sg/s.db" "PRAGMA integrity_check")" = ok

  # merge: the half-merged temporary store and its journal are removed.
  hits=0
  for try in 1 2 3 4 5; do
    rm -f "$sg/m.db"
    interrupt "$sig" merge "$sg/m.db" -- "$bin" merge "$sg/s.db" -o "$sg/m.db"
    if [ "$hit" = 1 ] && [ "$rc" = "$code" ]; then
      hits=$((hits + 1))
      check "merge SIG$sig: no output store" test ! -e "$sg/m.db"
      break
    fi
  done
  check "merge SIG$sig: interrupted while writing ($hits)" test "$hits" -ge 1
  check "merge SIG$sig: no temporary file" no_temp "$sg"

  # extract: the output file appears only complete.
  rm -f "$sg/x.jsonl"
  interrupt "$sig" extract "$sg/x.jsonl" -- "$bin" extract -j 1 "${dev[@]}" -o "$sg/x.jsonl"
  check "extract SIG$sig: exit $rc is 0 or $code" test "$rc" = 0 -o "$rc" = "$code"
  [ "$rc" = "$code" ] && check "extract SIG$sig: no output file" test ! -e "$sg/x.jsonl"
  check "extract SIG$sig: no temporary file" no_temp "$sg"

  # ingest of articles: what finished is committed, the store is consistent, and a
  # rerun completes it to the same store as one clean run.
  rm -f "$sg/a.db"*
  "$bin" ingest -j 1 "${dev[@]}" --store "$sg/clean.db" 2>/dev/null
  "${with_sigint[@]}" "$bin" ingest -j 1 --batch 2 "${dev[@]}" --store "$sg/a.db" 2>"$sg/err" &
  pid=$!
  # The signal goes once the store exists (the handler is installed by then).
  for i in $(seq 1 1000); do [ -e "$sg/a.db" ] && break; sleep 0.01; done
  sleep 0.3; kill -"$sig" "$pid" 2>/dev/null; wait "$pid"; rc=$?
  check "ingest articles SIG$sig: exit $rc is 0 or $code" test "$rc" = 0 -o "$rc" = "$code"
  [ "$rc" = "$code" ] && check "ingest articles SIG$sig: says what was kept" has "$(cat "$sg/err")" "interrupted by SIG$sig"
  check "ingest articles SIG$sig: store intact" test "$(sqlite3 "$sg/a.db" "PRAGMA integrity_check")" = ok
  "$bin" ingest -j 1 "${dev[@]}" --store "$sg/a.db" 2>/dev/null
  check "ingest articles SIG$sig: rerun equals a clean run" \
    test "$("$bin" stats --dump --store "$sg/a.db")" = "$("$bin" stats --dump --store "$sg/clean.db")"
  rm -f "$sg/clean.db"*
done
