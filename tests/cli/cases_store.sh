# CLI cases of the event store (sourced by test_cli.sh: uses run/check/has, $bin $data $work $project).

store_dir="$work/store"; mkdir -p "$store_dir"
# Two documents by hand, then one with a bad line and one split in two groups.
t() { # t DOC SENTENCE SUBJECT RELATION OBJECT
  printf '{"doc":"%s","sentence":%s,"date":"2021-04-0%s","subject":{"id":"%s","name":"%s","type":"country","text":"%s"},"relation":"%s","cameo":"040","quad":1,"goldstein":1.0,"object":{"id":"%s","name":"%s","type":"country","text":"%s"},"topics":["trade"],"negated":false,"confidence":0.9,"evidence":"Sentence %s.","span":[0,10]}\n' \
    "$1" "$2" "$(($2 + 1))" "$3" "$3" "$3" "$4" "$5" "$5" "$5" "$2"
}
{ t a 0 PAK consult RUS; t a 1 RUS agree PAK; t b 0 IND accuse PAK; } >"$store_dir/good.jsonl"
db="$store_dir/s.db"

run 0 store-ingest-help -- "$bin" ingest --help &&
  check "ingest --help describes article ingest" has "$out" "Codes articles (as \`extract\` does)"
run 0 store-help-lists -- "$bin" --help && check "help lists ingest, merge, stats" \
  bash -c 'grep -q "^  ingest" <<<"$1" && grep -q "^  merge" <<<"$1" && grep -q "^  stats" <<<"$1"' _ "$out"
run 2 store-both -- "$bin" ingest "$data/bad/good.txt" --triples "$store_dir/good.jsonl" --store "$db" &&
  check "articles and --triples together refused" has "$err" "give either articles or --triples, not both"
run 2 store-nothing -- "$bin" ingest --store "$db" && check "nothing to ingest" has "$err" "give articles or --triples FILE|-"
run 2 store-batch0 -- "$bin" ingest --triples "$store_dir/good.jsonl" --batch 0 --store "$db" &&
  check "batch 0 refused" has "$err" "--batch must be at least 1"
check "usage errors created no store" test ! -e "$db"

if run 0 store-ingest -- "$bin" ingest --triples "$store_dir/good.jsonl" --store "$db"; then
  check "ingest summary" has "$err" "2 document(s) (2 added, 0 replaced, 0 unchanged), 3 event(s) read into $db"
  check "no progress when stderr is not a terminal" bash -c '! grep -q "documents/s" <<<"$1"' _ "$err"
fi
run 0 store-dump1 -- "$bin" stats --dump --store "$db" && dump1="$out"
if run 0 store-reingest -- bash -c '"$1" ingest --triples - --store "$2" <"$3"' _ "$bin" "$db" "$store_dir/good.jsonl"; then
  check "re-ingest from stdin changes nothing" has "$err" "(0 added, 0 replaced, 2 unchanged)"
  run 0 store-dump2 -- "$bin" stats --dump --store "$db" && check "dump unchanged" test "$out" = "$dump1"
fi
kinds() { cut -f1 <<<"$1" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}'; }
check "dump: 3 actors, 2 documents, 3 events" test "$(kinds "$dump1")" = "actor=3 document=2 event=3 "

# A changed document replaces its events.
{ t a 0 PAK consult RUS; t b 0 IND accuse PAK; } >"$store_dir/changed.jsonl"
if run 0 store-changed -- "$bin" ingest --triples "$store_dir/changed.jsonl" --store "$db"; then
  check "changed doc replaced" has "$err" "(0 added, 1 replaced, 1 unchanged), 2 event(s)"
fi

if run 0 store-stats -- "$bin" stats --store "$db"; then
  check "stats: documents" has "$out" "documents:  2"
  check "stats: events" has "$out" "events:     2 (0 negated)"
  check "stats: dyads" has "$out" "dyads:      2"
  check "stats: dates" has "$out" "dates:      2021-04-01 .. 2021-04-01"
  check "stats: relation counts" has "$out" "  accuse      1"
fi
if run 0 store-stats-json -- "$bin" stats --json --store "$db"; then
  check "stats --json" has "$out" "\"documents\":2,\"events\":2,\"negated\":0,\"actors\":3,\"dyads\":2,\"first_date\":\"2021-04-01\",\"last_date\":\"2021-04-01\",\"relations\":{\"accuse\":1,\"consult\":1}}"
fi

# Bad lines: named with file:line, skipped, the rest stored, exit 1.
{ t c 0 PAK consult RUS; echo '{"doc":"c","sentence":1,'; t c 2 RUS agree PAK
  echo '{"doc":"c","subject":{"id":"PAK"},"relation":"aid"}'; echo; t d 0 TUR aid SYR; t c 3 PAK aid AFG; } >"$store_dir/bad.jsonl"
if run 1 store-bad-lines -- "$bin" ingest --triples "$store_dir/bad.jsonl" --store "$db"; then
  check "broken JSON named" has "$err" "$store_dir/bad.jsonl:2:"
  check "missing field named" has "$err" "$store_dir/bad.jsonl:4: error: field \"object\" must be an object with an \"id\""
  check "split document named" has "$err" "$store_dir/bad.jsonl:7: error: triples of document \"c\" are not consecutive (its earlier lines are stored); line skipped"
  check "bad lines counted" has "$err" "dipgraph ingest: 3 bad input record(s) skipped"
  check "good lines stored" has "$err" "2 document(s) (2 added, 0 replaced, 0 unchanged), 3 event(s)"
fi

# Shards merged in either order equal one ingest of the whole.
make_triples="$project/scripts/make_triples"
python3 "$make_triples" --documents 40 --seed 3 -o "$store_dir/p1.jsonl"
python3 "$make_triples" --documents 50 --seed 4 --first 41 -o "$store_dir/p2.jsonl"
cat "$store_dir/p1.jsonl" "$store_dir/p2.jsonl" >"$store_dir/whole.jsonl"
"$bin" ingest --triples "$store_dir/whole.jsonl" --store "$store_dir/whole.db" 2>/dev/null
"$bin" ingest --triples "$store_dir/p1.jsonl" --store "$store_dir/p1.db" --batch 7 2>/dev/null
"$bin" ingest --triples "$store_dir/p2.jsonl" --store "$store_dir/p2.db" --batch 1 2>/dev/null
run 0 store-dump-whole -- "$bin" stats --dump --store "$store_dir/whole.db" && whole="$out"
check "whole store has 90 documents" test "$(grep -c '^document' <<<"$whole")" -eq 90
for order in "p1 p2" "p2 p1 p2"; do
  set -- $order; inputs=(); for p in "$@"; do inputs+=("$store_dir/$p.db"); done
  if run 0 "store-merge $order" -- "$bin" merge "${inputs[@]}" -o "$store_dir/m.db"; then
    check "merge $order: summary" has "$err" "dipgraph merge: $# store(s) into $store_dir/m.db: 90 document(s)"
    run 0 store-dump-merged -- "$bin" stats --dump --store "$store_dir/m.db" &&
      check "merge $order equals one ingest" test "$out" = "$whole"
    check "merge $order: no temp file left" bash -c '! ls "$1"/m.db.tmp-* 2>/dev/null' _ "$store_dir"
  fi
done
set --

# Bad stores: exit 1, the file named, no crash; a failed merge leaves OUT as it was.
head -c 4096 /dev/urandom >"$store_dir/random.db"
run 1 store-random -- "$bin" stats --store "$store_dir/random.db" &&
  check "random bytes refused" has "$err" "$store_dir/random.db: error: not a dipgraph store: not an SQLite database"
cp "$store_dir/p1.db" "$store_dir/newer.db"; sqlite3 "$store_dir/newer.db" "PRAGMA user_version = 9"
run 1 store-newer -- "$bin" ingest --triples "$store_dir/good.jsonl" --store "$store_dir/newer.db" &&
  check "newer version refused" has "$err" "$store_dir/newer.db: error: store schema version 9 is newer than this dipgraph supports (6)"
run 1 store-missing -- "$bin" stats --store "$store_dir/none.db" &&
  check "missing store" has "$err" "$store_dir/none.db: error: no such store"
if run 1 store-merge-bad -- "$bin" merge "$store_dir/p1.db" "$store_dir/random.db" -o "$store_dir/m.db"; then
  check "merge names the bad input" has "$err" "$store_dir/random.db: error: not a dipgraph store"
  run 0 store-dump-after-failed-merge -- "$bin" stats --dump --store "$store_dir/m.db" &&
    check "failed merge left OUT untouched" test "$out" = "$whole"
  check "failed merge: no temp file left" bash -c '! ls "$1"/m.db.tmp-* 2>/dev/null' _ "$store_dir"
fi
run 2 store-merge-no-out -- "$bin" merge "$store_dir/p1.db" && check "merge needs -o" has "$err" "output"
run 1 store-readonly -- "$bin" ingest --triples "$store_dir/good.jsonl" --store /dev/null/s.db &&
  check "unwritable location named" has "$err" "/dev/null: error: cannot create directory"

# A location where nothing can be created (procfs refuses new files even to root).
run 1 store-unwritable -- "$bin" ingest --triples "$store_dir/good.jsonl" --store /proc/dipgraph-test.db &&
  check "uncreatable store named" has "$err" "/proc/dipgraph-test.db: error: cannot create store: unable to open database file (does its folder exist, and may this user write there?)"
# A read-only store or folder (root may write anywhere, so only for other users).
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$store_dir/ro"; cp "$store_dir/p1.db" "$store_dir/ro/s.db"; chmod 555 "$store_dir/ro"; chmod 444 "$store_dir/ro/s.db"
  run 1 store-readonly-file -- "$bin" ingest --triples "$store_dir/good.jsonl" --store "$store_dir/ro/s.db" &&
    check "read-only store named" has "$err" "$store_dir/ro/s.db: error: store is read-only"
  chmod 755 "$store_dir/ro"; chmod 644 "$store_dir/ro/s.db"
fi
# A store whose pages were overwritten: named as corrupt when a query meets them.
cp "$store_dir/whole.db" "$store_dir/corrupt.db"
python3 -c 'import os, sys
size = os.path.getsize(sys.argv[1])
with open(sys.argv[1], "r+b") as f:
    f.seek(size // 4); f.write(bytes([0x5a]) * (size // 2))' "$store_dir/corrupt.db"
run 1 store-corrupt -- "$bin" stats --dump --store "$store_dir/corrupt.db" &&
  check "corrupt store named" has "$err" "$store_dir/corrupt.db: error: store is corrupt (database disk image is malformed); restore it from a copy"

# The default store is graphs/dipgraph.db under the working directory.
mkdir -p "$store_dir/cwd"
if run 0 store-default -- bash -c 'cd "$1" && "$2" ingest --triples "$3" && "$2" stats' _ "$store_dir/cwd" "$bin" "$store_dir/good.jsonl"; then
  check "default store path" has "$out" "store:      graphs/dipgraph.db"
  check "default store created" test -s "$store_dir/cwd/graphs/dipgraph.db"
fi

# Articles: coded and stored in one pass; the same articles again change nothing.
adb="$store_dir/articles.db"
printf 'Title: T\nDate: 2021-04-07\n\nIndia accused Pakistan of shelling villages on Monday.\n' >"$store_dir/acc.txt"
printf 'Title: Calm\nDate: 2021-04-08\n\nThe weather was fine.\n' >"$store_dir/calm.txt"
if run 0 store-articles -- "$bin" ingest "$store_dir/acc.txt" "$store_dir/calm.txt" --store "$adb"; then
  check "articles: both documents stored" has "$err" "2 document(s) (2 added, 0 replaced, 0 unchanged), 1 event(s)"
  run 0 store-articles-stats -- "$bin" stats --store "$adb" && check "articles: the accusation is stored" has "$out" "accuse"
fi
run 0 store-articles-again -- "$bin" ingest "$store_dir/acc.txt" "$store_dir/calm.txt" --store "$adb" &&
  check "articles: re-ingest changes nothing" has "$err" "(0 added, 0 replaced, 2 unchanged)"
printf 'Title: T\nDate: 2021-04-07\n\nIndia accused Pakistan of shelling villages on Monday. Pakistan rejected the claim.\n' >"$store_dir/acc.txt"
run 0 store-articles-changed -- "$bin" ingest "$store_dir/acc.txt" --store "$adb" &&
  check "articles: a changed article replaces its events" has "$err" "(0 added, 1 replaced, 0 unchanged)"
run 1 store-articles-bad -- "$bin" ingest "$store_dir/acc.txt" "$store_dir/missing.txt" --store "$adb" &&
  check "articles: a missing file is named" has "$err" "missing.txt"
