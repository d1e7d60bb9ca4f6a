# Bad input for every subcommand (issue 8): no crash, the documented exit code (1 bad
# input, 2 bad command line), a message naming the file (and line where there is
# one). Sourced by test_cli.sh (run/check/has, $bin $data $work $project); the large
# inputs are generated here, never committed.

rb="$work/robust"; mkdir -p "$rb"
tj() { # tj DOC SUBJECT OBJECT DATE: one triple line
  printf '{"doc":"%s","sentence":0,"date":"%s","subject":{"id":"%s"},"relation":"consult","cameo":"040","quad":1,"goldstein":1.0,"object":{"id":"%s"},"topics":[],"negated":false,"confidence":0.9,"evidence":"E.","span":[0,2]}\n' \
    "$1" "$4" "$2" "$3"
}
{ tj a PAK RUS 2021-04-07; tj b IND PAK 2021-04-08; } >"$rb/good.jsonl"
good_db="$rb/good.db"
"$bin" ingest --triples "$rb/good.jsonl" --store "$good_db" 2>/dev/null

# --- Unknown options and bad values: exit 2, the option named, the usage pointer.
for c in inspect extract ingest merge stats export render query lexicon; do
  run 2 "robust-$c-unknown-option" -- "$bin" "$c" --no-such-option &&
    check "$c: unknown option named" has "$err" "no-such-option" &&
    check "$c: usage pointer" has "$err" "dipgraph $c --help"
done
run 2 robust-extract-jobs-word -- "$bin" extract -j many "$data/bad/good.txt" &&
  check "extract -j many named" has "$err" "many"
run 2 robust-ingest-batch-word -- "$bin" ingest --triples "$rb/good.jsonl" --batch lots --store "$rb/x.db" &&
  check "ingest --batch lots named" has "$err" "lots"
run 2 robust-ingest-jobs-big -- "$bin" ingest "$data/bad/good.txt" -j 100000 --store "$rb/x.db" &&
  check "ingest -j 100000 refused" has "$err" "--jobs must be between 1 and 256"
check "usage errors created no store" test ! -e "$rb/x.db"
run 2 robust-stats-store-no-value -- "$bin" stats --store &&
  check "stats --store without a value" has "$err" "store"
run 2 robust-export-min-weight-word -- "$bin" export --format json --min-weight heavy --store "$good_db" &&
  check "export --min-weight heavy named" has "$err" "heavy"
run 2 robust-export-bad-date -- "$bin" export --format json --since 2021-13-45 --store "$good_db" &&
  check "export: impossible --since named" has "$err" "2021-13-45"
run 2 robust-render-bad-layout -- "$bin" render -o "$rb/g.svg" --layout circle --store "$good_db" &&
  check "render: bad layout named" has "$err" "circle"
run 2 robust-query-limit-negative -- "$bin" query top --limit -3 --store "$good_db" &&
  check "query: negative limit named" has "$err" "limit"
run 2 robust-query-since-out-of-range -- "$bin" query links PAK --since 99999-01-01 --store "$good_db" &&
  check "query: --since out of range named" has "$err" "99999-01-01"
run 2 robust-lexicon-lookup-bad-date -- "$bin" lexicon lookup --date yesterday Lavrov &&
  check "lexicon: bad --date named" has "$err" "yesterday"
run 2 robust-merge-no-input -- "$bin" merge -o "$rb/m.db" && check "merge without inputs" has "$err" "merge"

# --- Missing files and directories where a file is expected: exit 1, path named.
mkdir -p "$rb/dir.db" "$rb/dir.tsv" "$rb/dir.jsonl" "$rb/outdir"
run 1 robust-ingest-triples-missing -- "$bin" ingest --triples "$rb/none.jsonl" --store "$rb/t.db" &&
  check "ingest: missing triples file named" has "$err" "$rb/none.jsonl: error: cannot open"
run 1 robust-ingest-triples-dir -- "$bin" ingest --triples "$rb/dir.jsonl" --store "$rb/t.db" &&
  check "ingest: directory as triples file named" has "$err" "$rb/dir.jsonl: error:"
run 1 robust-extract-lexicon-missing -- "$bin" extract --lexicon "$rb/none.tsv" "$data/bad/good.txt" &&
  check "extract: missing lexicon file named" has "$err" "$rb/none.tsv: error: cannot open lexicon file"
run 1 robust-extract-lexicon-dir -- "$bin" extract --lexicon "$rb/dir.tsv" "$data/bad/good.txt" &&
  check "extract: directory as lexicon file named" has "$err" "$rb/dir.tsv: error:"
run 1 robust-lexicon-check-dir -- "$bin" lexicon check "$rb/dir.tsv" &&
  check "lexicon check: directory named" has "$err" "$rb/dir.tsv: error:"
for c in stats export query render; do
  args=(); case $c in export) args=(--format json) ;; query) args=(links PAK) ;; render) args=(-o "$rb/g.svg") ;; esac
  run 1 "robust-$c-store-dir" -- "$bin" $c "${args[@]}" --store "$rb/dir.db" &&
    check "$c: directory as store named" has "$err" "$rb/dir.db: error:"
  run 1 "robust-$c-store-missing" -- "$bin" $c "${args[@]}" --store "$rb/none.db" &&
    check "$c: missing store named" has "$err" "$rb/none.db: error: no such store"
done
run 1 robust-ingest-store-dir -- "$bin" ingest --triples "$rb/good.jsonl" --store "$rb/dir.db" &&
  check "ingest: directory as store named" has "$err" "$rb/dir.db: error:"
run 1 robust-merge-input-missing -- "$bin" merge "$good_db" "$rb/none.db" -o "$rb/m.db" &&
  check "merge: missing input named" has "$err" "$rb/none.db: error: no such store"
run 1 robust-merge-input-dir -- "$bin" merge "$good_db" "$rb/dir.db" -o "$rb/m.db" &&
  check "merge: directory as input named" has "$err" "$rb/dir.db: error:"
check "failed merges left no output" test ! -e "$rb/m.db"
run 1 robust-export-output-dir -- "$bin" export --format json --store "$good_db" -o "$rb/outdir" &&
  check "export: directory as output named" has "$err" "$rb/outdir: error:"
run 1 robust-extract-output-dir -- "$bin" extract -o "$rb/outdir" "$data/bad/good.txt" &&
  check "extract: directory as output named" has "$err" "$rb/outdir: error:"
run 1 robust-merge-output-dir -- "$bin" merge "$good_db" -o "$rb/outdir" &&
  check "merge: directory as output named" has "$err" "$rb/outdir"
check "output directory left alone" test -d "$rb/outdir"
check "no temporary file left in $rb" bash -c '! ls -a "$1" | grep -q "tmp"' _ "$rb"

# --- Unwritable output paths (procfs refuses new files, even to root).
run 1 robust-export-unwritable -- "$bin" export --format graphml --store "$good_db" -o /proc/dipgraph-x.graphml &&
  check "export: unwritable output named" has "$err" "/proc/dipgraph-x.graphml: error: cannot write output file"
run 1 robust-extract-unwritable -- "$bin" extract -o /proc/dipgraph-x.jsonl "$data/bad/good.txt" &&
  check "extract: unwritable output named" has "$err" "/proc/dipgraph-x.jsonl: error: cannot write output file"
run 1 robust-merge-unwritable -- "$bin" merge "$good_db" -o /proc/dipgraph-x.db &&
  check "merge: unwritable output named" has "$err" "/proc/dipgraph-x.db: error: cannot write merged store"
run 1 robust-render-unwritable -- "$bin" render -o /proc/dipgraph-x.svg --store "$good_db" &&
  check "render: unwritable output named" has "$err" "/proc/dipgraph-x.svg: error:"
# Unreadable files: root reads anything, so only for other users.
if [ "$(id -u)" != 0 ]; then
  cp "$rb/good.jsonl" "$rb/secret.jsonl"; chmod 000 "$rb/secret.jsonl"
  run 1 robust-triples-unreadable -- "$bin" ingest --triples "$rb/secret.jsonl" --store "$rb/t.db" &&
    check "unreadable triples named" has "$err" "$rb/secret.jsonl: error: cannot open: Permission denied"
  cp "$data/bad/good.txt" "$rb/secret.txt"; chmod 000 "$rb/secret.txt"
  run 1 robust-article-unreadable -- "$bin" extract "$rb/secret.txt" &&
    check "unreadable article named" has "$err" "$rb/secret.txt: error: cannot open"
  chmod 644 "$rb/secret.jsonl" "$rb/secret.txt"
fi

# --- Bad stores for every command that opens one: random bytes, truncated, newer.
head -c 65536 /dev/urandom >"$rb/random.db"
python3 "$project/scripts/make_triples" --documents 300 --seed 5 -o "$rb/many.jsonl"
"$bin" ingest --triples "$rb/many.jsonl" --store "$rb/full.db" 2>/dev/null
size=$(stat -c %s "$rb/full.db")
head -c $((size / 3)) "$rb/full.db" >"$rb/truncated.db"
cp "$good_db" "$rb/newer.db"; sqlite3 "$rb/newer.db" "PRAGMA user_version = 99"
for kind in random truncated newer; do
  s="$rb/$kind.db"
  for c in stats export query render ingest merge; do
    case $c in
      stats) cmd=("$bin" stats --dump --store "$s") ;;
      export) cmd=("$bin" export --format json --store "$s" -o "$rb/$kind.json") ;;
      query) cmd=("$bin" query top --store "$s") ;;
      render) cmd=("$bin" render -o "$rb/$kind.svg" --store "$s") ;;
      ingest) cp "$s" "$rb/ingest-$kind.db"; cmd=("$bin" ingest --triples "$rb/good.jsonl" --store "$rb/ingest-$kind.db") ;;
      merge) cmd=("$bin" merge "$good_db" "$s" -o "$rb/merged-$kind.db") ;;
    esac
    named="$s"; [ "$c" = ingest ] && named="$rb/ingest-$kind.db"
    run 1 "robust-$c-$kind-store" -- "${cmd[@]}" &&
      check "$c: $kind store named" has "$err" "$named: error:"
  done
  check "$kind store: no output written" bash -c '! ls "$1"/'"$kind"'.json "$1"/'"$kind"'.svg "$1"/merged-'"$kind"'.db 2>/dev/null' _ "$rb"
done
check "random store: says what it is" has "$("$bin" stats --store "$rb/random.db" 2>&1)" "not a dipgraph store"
check "newer store: says what it is" has "$("$bin" stats --store "$rb/newer.db" 2>&1)" "store schema version 99 is newer"
cmp -s "$rb/newer.db" "$rb/ingest-newer.db" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL ingest changed a newer store"; }

# --- A lexicon with broken rows: every coding command names file:line, exit 1.
for c in extract inspect; do
  run 1 "robust-$c-bad-lexicon" -- "$bin" $c --lexicon "$data/lexicon/bad_names.tsv" "$data/bad/good.txt" &&
    check "$c: broken lexicon row by line" has "$err" "$data/lexicon/bad_names.tsv:4:1: error: unknown actor code 'XXX'"
done
run 1 robust-ingest-bad-lexicon -- "$bin" ingest --lexicon "$data/lexicon/bad_cues.tsv" "$data/bad/good.txt" --store "$rb/lex.db" &&
  check "ingest: broken lexicon row by line" has "$err" "$data/lexicon/bad_cues.tsv:"

# --- Triples with unknown codes and dates out of range: reported by line, skipped.
{ tj u1 XXX PAK 2021-04-07; tj u2 PAK RUS 2021-13-45; tj u3 PAK RUS 99999-01-01
  tj u4 PAK RUS 2021-02-30; tj u5 PAK RUS "not a date"; tj u6 PAK RUS 2021-04-09; } >"$rb/odd.jsonl"
if run 1 robust-ingest-odd-triples -- "$bin" ingest --triples "$rb/odd.jsonl" --store "$rb/odd.db"; then
  check "unknown actor code by line" has "$err" "$rb/odd.jsonl:1: error: unknown actor code 'XXX' in field \"subject.id\""
  check "month 13 by line" has "$err" "$rb/odd.jsonl:2: error: field \"date\" must be a date YYYY-MM-DD (or empty), not \"2021-13-45\""
  check "year 99999 by line" has "$err" "$rb/odd.jsonl:3: error:"
  check "February 30 by line" has "$err" "$rb/odd.jsonl:4: error:"
  check "not a date by line" has "$err" "$rb/odd.jsonl:5: error:"
  check "the good triple is stored" has "$err" "1 document(s) (1 added"
fi
# Articles with publication dates out of range: a warning, the article still read.
printf 'Title: Old\nDate: 1066-10-14\n\nIndia accused Pakistan of shelling villages.\n' >"$rb/old.txt"
printf 'Title: Future\nDate: 2999-02-30\n\nIndia accused Pakistan of shelling villages.\n' >"$rb/future.txt"
if run 0 robust-article-dates -- "$bin" extract "$rb/old.txt" "$rb/future.txt"; then
  check "impossible date: warning names the file" has "$err" "$rb/future.txt:2"
  check "articles with odd dates still coded" test "$(grep -c '"relation":"accuse"' <<<"$out")" -eq 2
fi

# --- Deeply nested JSON: 100,000 '[' as an article line, a triple line and stdin.
python3 -c 'import sys; sys.stdout.write("[" * 100000 + "\n" + "{\"text\":\"Still read.\"}\n")' >"$rb/deep.jsonl"
python3 -c 'import sys; sys.stdout.write("{\"text\":\"x\",\"a\":" + "[" * 100000 + "\n")' >"$rb/deep2.jsonl"
if run 1 robust-deep-jsonl -- "$bin" inspect "$rb/deep.jsonl" "$rb/deep2.jsonl"; then
  check "deep array by line" has "$err" "$rb/deep.jsonl:1:1: error: expected a JSON object, found an array"
  check "deep member by line" has "$err" "$rb/deep2.jsonl:1:"
  check "next line still read" has "$out" "== deep:2"
fi
run 1 robust-deep-stdin -- bash -c '"$1" extract - <"$2"' _ "$bin" "$rb/deep.jsonl" &&
  check "deep stdin names <stdin>:1" has "$err" "<stdin>:1:1: error: expected a JSON object, found an array"
{ cat "$rb/deep.jsonl" | head -1; tj d1 PAK RUS 2021-04-07; } >"$rb/deep-triples.jsonl"
if run 1 robust-deep-triples -- "$bin" ingest --triples "$rb/deep-triples.jsonl" --store "$rb/deep.db"; then
  check "deep triple line by line" has "$err" "$rb/deep-triples.jsonl:1:"
  check "deep triples: next line stored" has "$err" "1 document(s) (1 added"
fi

# --- A 10 MB sentence: over the document limit, refused by name; 6 MB is coded.
python3 -c 'import sys; sys.stdout.write("Title: Long\n\nPakistan " + "and Russia " * 953000 + "held talks.\n")' >"$rb/ten-mb.txt"
if run 1 robust-10mb-sentence -- "$bin" extract "$rb/ten-mb.txt" "$data/bad/good.txt"; then
  check "10 MB article refused by name" has "$err" "$rb/ten-mb.txt: error: file of"
  check "10 MB: message names the limit" has "$err" "exceeds max_document_bytes (8388608); skipped"
fi
python3 -c 'import sys; sys.stdout.write("Title: Long\n\nPakistan " + "and Russia " * 570000 + "held talks in the capital.\n")' >"$rb/six-mb.txt"
run 0 robust-6mb-sentence -- "$bin" extract -j 1 "$rb/six-mb.txt" &&
  check "6 MB sentence coded" has "$out" '"relation":"consult"'
# A triple line with a 10 MB evidence is read; one over the line limit is skipped.
python3 -c 'import sys; sys.stdout.write("{\"doc\":\"big\",\"subject\":{\"id\":\"PAK\"},\"relation\":\"consult\",\"quad\":1,\"object\":{\"id\":\"RUS\"},\"evidence\":\"" + "x" * 10000000 + "\"}\n")' >"$rb/big-triple.jsonl"
run 0 robust-10mb-triple -- "$bin" ingest --triples "$rb/big-triple.jsonl" --store "$rb/big.db" &&
  check "10 MB evidence stored" has "$err" "1 document(s) (1 added"
python3 -c 'import sys; sys.stdout.write("{\"doc\":\"huge\",\"evidence\":\"" + "x" * 34000000 + "\"}\n")' >"$rb/huge-triple.jsonl"
tj after PAK RUS 2021-04-07 >>"$rb/huge-triple.jsonl"
if run 1 robust-huge-triple -- "$bin" ingest --triples "$rb/huge-triple.jsonl" --store "$rb/big.db"; then
  check "over-long triple line by line" has "$err" "$rb/huge-triple.jsonl:1: error: line of 34000028 bytes exceeds max_triple_line_bytes (33554432); skipped"
  check "line after it stored" has "$err" "1 document(s) (1 added"
fi
rm -f "$rb/ten-mb.txt" "$rb/six-mb.txt" "$rb/big-triple.jsonl" "$rb/huge-triple.jsonl"

# --- 100,000 actors in one sentence: coded within the test's time, parties capped.
python3 -c '
import sys
names = ["Pakistan", "Russia", "India", "China", "Iran", "Turkey", "Egypt", "Japan"]
parts = [names[i % len(names)] for i in range(100000)]
sys.stdout.write("Title: Crowd\n\n" + ", ".join(parts) + " held talks on trade.\n")' >"$rb/crowd.txt"
if run 0 robust-100k-actors -- "$bin" extract -j 1 "$rb/crowd.txt"; then
  check "100k actors: some triples" has "$out" '"relation":"consult"'
  check "100k actors: output bounded" test "$(wc -l <<<"$out")" -le 1000
fi
run 0 robust-100k-actors-inspect -- "$bin" inspect "$rb/crowd.txt" &&
  check "100k actors: inspect prints the sentence" has "$out" "sentences: 1"
rm -f "$rb/crowd.txt"
