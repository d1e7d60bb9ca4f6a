#!/usr/bin/env bash
# Tests of scripts/score_triples on hand-made gold/pred files (tests/data/score/) whose
# scores were computed by hand, and validation of the dev set's gold file.
# Usage: test_score_triples.sh PROJECT_DIR
set -u
project="$1"
scorer="$project/scripts/score_triples"
data="$project/tests/data/score"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/testlib.sh"

# run EXPECTED_EXIT NAME -- command...: runs it, keeps stdout/stderr in $out/$err.
run() {
  local expected="$1" name="$2"; shift 3
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local rc=$?
  out="$(cat "$work/out")"; err="$(cat "$work/err")"
  if [ "$rc" -ne "$expected" ]; then
    fail=$((fail + 1)); echo "FAIL $name: exit $rc, expected $expected"
    sed 's/^/    /' "$work/err" | head -20
    return 1
  fi
  pass=$((pass + 1))
  return 0
}
# row NAME GOLD PRED TP P R F: the report line of one measure, as the scorer prints it.
row() { printf '%-12s%7s%7s%7s%11s%9s%9s' "$1" "$2" "$3" "$4" "$5" "$6" "$7"; }

# --- The hand-computed case (docs d1..d4; d4 has no gold line; d5 is not annotated).
# gold: d1 PAK-RUS consult (both directions: one symmetric triple), PAK accuse IND;
#       d2 JPN aid TUR, TUR support JPN; d3 USA threaten CHN; a negated line (ignored).
#       -> 5 triples; dyads d1{PAK,RUS} d1{PAK,IND} d2{JPN,TUR} d3{USA,CHN} = 4.
# pred: d1 RUS consult PAK twice (reverse direction, duplicate) = match;
#       d1 IND accuse PAK (wrong direction) = triple error, dyad match;
#       d2 JPN aid TUR = match; JPN support TUR negated = ignored;
#       d2 TUR accuse TUR (self-relation) = error; d4 GBR sanction IRN = error (empty doc);
#       d5 FRA consult DEU = outside the documents, ignored.
#       -> triples 5, tp 2: P 0.4 R 0.4 F 0.4; dyads 5, tp 3: P 0.6 R 0.75 F 0.6667.
# topics on the 2 matches: consult gold {energy, afghanistan}, pred {energy, trade,
#       security}; aid gold {humanitarian}, pred {humanitarian} -> tp 2, gold 3, pred 4.
# dates: consult gold 2021-04 vs 2021-04-07 (month matches), aid 2023-02-13 vs 2023-02-14.
if run 0 "hand case" -- "$scorer" "$data/gold.jsonl" "$data/pred.jsonl" --docs "$data/docs.list" --by-relation; then
  check "documents and input counts" has "$out" \
    "documents 4  gold lines 7  predictions 8  negated predictions ignored 1  predictions outside the documents 1"
  check "dyads" has "$out" "$(row dyads 4 5 3 0.6000 0.7500 0.6667)"
  check "triples" has "$out" "$(row triples 5 5 2 0.4000 0.4000 0.4000)"
  check "topics" has "$out" "$(row topics 3 4 2 0.5000 0.6667 0.5714)   (on 2 matched triples)"
  check "dates" has "$out" "dates       1/2 matched triples correct (0.5000)"
  check "by relation consult (symmetric)" has "$out" "$(row '  consult' 1 1 1 1.0000 1.0000 1.0000)"
  check "by relation accuse (direction counts)" has "$out" "$(row '  accuse' 1 2 0 0.0000 0.0000 0.0000)"
  check "by relation support (negated pred ignored)" has "$out" "$(row '  support' 1 0 0 0.0000 0.0000 0.0000)"
  check "by relation sanction (empty doc)" has "$out" "$(row '  sanction' 0 1 0 0.0000 0.0000 0.0000)"
  check "no relation row for a relation absent from both" bash -c "! grep -q '^  mobilize' <<<\"\$1\"" _ "$out"
fi

# Same case as JSON: exact values.
if run 0 "json" -- "$scorer" "$data/gold.jsonl" "$data/pred.jsonl" --docs "$data/docs.list" --json; then
  check "json values" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
def near(a, b): return abs(a - b) < 1e-9
assert r["documents"] == 4
d, t, p = r["dyads"], r["triples"], r["topics"]
assert (d["gold"], d["pred"], d["tp"]) == (4, 5, 3)
assert near(d["precision"], 0.6) and near(d["recall"], 0.75) and near(d["f1"], 2/3)
assert (t["gold"], t["pred"], t["tp"]) == (5, 5, 2)
assert near(t["precision"], 0.4) and near(t["recall"], 0.4) and near(t["f1"], 0.4)
assert (p["gold"], p["pred"], p["tp"]) == (3, 4, 2) and near(p["f1"], 4/7)
assert r["dates"] == {"matched_triples": 2, "correct": 1, "accuracy": 0.5}
assert r["input"]["pred_outside"] == 1 and r["input"]["gold_negated"] == 1
assert "by_relation" not in r
' "$out"
fi

# Without --docs and no articles next to the gold file: the gold documents only, so d4's
# prediction is outside: triples P 2/4, R 2/5, F 4/9.
if run 0 "default documents" -- "$scorer" "$data/gold.jsonl" "$data/pred.jsonl"; then
  check "default documents warn" has "$err" "scoring only the documents named in it"
  check "default documents triples" has "$out" "$(row triples 5 4 2 0.5000 0.4000 0.4444)"
fi

# Articles next to the gold file (with a subfolder) define the documents, as Contract 1 ids.
mkdir -p "$work/corpus/sub"
for d in d1 d2 d3 d4; do echo "text" >"$work/corpus/$d.txt"; done
echo "text" >"$work/corpus/sub/d6.txt"
cp "$data/gold.jsonl" "$work/corpus/gold.jsonl"
if run 0 "documents from the gold folder" -- "$scorer" "$work/corpus/gold.jsonl" "$data/pred.jsonl"; then
  check "folder documents counted" has "$out" "documents 5  gold lines 7"
  check "folder documents: empty doc counts" has "$out" "$(row triples 5 5 2 0.4000 0.4000 0.4000)"
fi
printf '{"id":"d5","text":"x"}\n{"title":"no text: not an article"}\n' >"$work/corpus/more.jsonl"
if run 0 "jsonl articles in the folder" -- "$scorer" "$work/corpus/gold.jsonl" "$data/pred.jsonl"; then
  check "jsonl ids join the documents" has "$out" "documents 6  gold lines 7  predictions 8  negated predictions ignored 1  predictions outside the documents 0"
  # d5's FRA consult DEU now counts against an empty document.
  check "jsonl document scored" has "$out" "$(row triples 5 6 2 0.3333 0.4000 0.3636)"
fi

# Gold against itself: everything matches; the symmetric pair is one triple.
if run 0 "gold vs gold" -- "$scorer" "$data/gold.jsonl" "$data/gold.jsonl" --docs "$data/docs.list"; then
  check "self dyads" has "$out" "$(row dyads 4 4 4 1.0000 1.0000 1.0000)"
  check "self triples" has "$out" "$(row triples 5 5 5 1.0000 1.0000 1.0000)"
fi
# No predictions: all zero. Nothing on either side: all one.
: >"$work/empty.jsonl"
if run 0 "no predictions" -- "$scorer" "$data/gold.jsonl" "$work/empty.jsonl" --docs "$data/docs.list"; then
  check "no predictions triples" has "$out" "$(row triples 5 0 0 0.0000 0.0000 0.0000)"
fi
if run 0 "both empty" -- "$scorer" "$work/empty.jsonl" "$work/empty.jsonl" --docs "$data/docs.list"; then
  check "both empty triples" has "$out" "$(row triples 0 0 0 1.0000 1.0000 1.0000)"
fi

# Floors: dyad F1 0.6667, triple F1 0.4.
floor() { "$scorer" "$data/gold.jsonl" "$data/pred.jsonl" --docs "$data/docs.list" "$@"; }
run 0 "dyad floor met" -- floor --min-dyad-f1 0.66
run 1 "dyad floor missed" -- floor --min-dyad-f1 0.67 && check "floor message" has "$err" "dyads F1 0.6667 is below the floor 0.67"
run 0 "triple floor met" -- floor --min-triple-f1 0.39
run 1 "triple floor missed" -- floor --min-triple-f1 0.41
run 1 "one of two floors missed" -- floor --min-dyad-f1 0.5 --min-triple-f1 0.41
run 0 "both floors met" -- floor --min-dyad-f1 0.5 --min-triple-f1 0.3

# Bad input: exit 2 with file:line.
run 2 "broken prediction" -- "$scorer" "$data/gold.jsonl" "$data/broken_pred.jsonl" --docs "$data/docs.list" \
  && check "broken prediction names the line" has "$err" "broken_pred.jsonl:2: bad JSON"
run 2 "missing file" -- "$scorer" "$data/gold.jsonl" "$work/nope.jsonl" --docs "$data/docs.list"
run 2 "no PRED" -- "$scorer" "$data/gold.jsonl"
run 0 "help" -- "$scorer" --help && check "help names the measures" has "$out" "undirected pairs"

# Validation: the hand-made bad gold file fails with one message per problem.
if run 1 "validate bad gold" -- "$scorer" --validate "$project/tests/data/dev" "$data/bad_gold.jsonl"; then
  for msg in "bad_gold.jsonl:1: subject 'XXX' is not an actor code" \
             "bad_gold.jsonl:2: relation 'meet' is not a PLOVER type" \
             "bad_gold.jsonl:3: topic 'weather' is neither a topic nor a country label" \
             "bad_gold.jsonl:3: date '2023-02-30' does not exist" \
             "bad_gold.jsonl:4: document 'dev999' is not in" \
             "bad_gold.jsonl:4: self-relation JPN" \
             "bad_gold.jsonl:5: unknown field(s) extra" \
             "bad_gold.jsonl:5: negated is not true/false" \
             "bad_gold.jsonl:6: duplicate of line 5" \
             "bad_gold.jsonl:3: symmetric agree JPN->IND lacks the line IND->JPN"; do
    check "validate: $msg" has "$out" "$msg"
  done
  check "validate counts problems" has "$err" "6 gold lines, 77 documents, 12 problem(s)"
fi

# The dev set itself: valid, and every folder document is either annotated or meant empty.
if run 0 "validate dev gold" -- "$scorer" --validate "$project/tests/data/dev" "$project/tests/data/dev/gold.jsonl"; then
  check "dev gold has no problems" has "$err" "0 problem(s)"
  n_docs=$(find "$project/tests/data/dev" -name 'dev*.txt' | wc -l)
  check "dev set has at least 60 articles" test "$n_docs" -ge 60
fi
if run 0 "dev gold vs itself" -- "$scorer" "$project/tests/data/dev/gold.jsonl" "$project/tests/data/dev/gold.jsonl"; then
  check "dev gold self-score" has "$out" "1.0000   1.0000   1.0000"
  check "dev gold self-score triples" bash -c "grep '^triples' <<<\"\$1\" | grep -q '1.0000   1.0000   1.0000'" _ "$out"
fi

# --- plover_gsr_to_gold on a small hand-written record file (same JSON shape as PLOVER's).
conv="$project/scripts/plover_gsr_to_gold"
if run 0 "plover conversion" -- "$conv" "$work/plover" --input "$data/plover_sample.json"; then
  check "plover counts" has "$out" "converted 4 articles, 5 gold lines (4 triples after symmetric normalisation)"
  check "plover domestic dropped" has "$out" "domestic (self-relation only), dropped 1"
  check "plover gold" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = sorted((r["doc"], r["subject"], r["relation"], r["object"]) for r in rows)
want = sorted([("S-0001", "JPN", "request", "ITA"),        # JAPGOV, ITL; DEMAND
               ("S-0002", "VNM", "consult", "FRA"),        # VTN; IGO skipped
               ("S-0002", "FRA", "consult", "VNM"),        # symmetric: both directions
               ("S-0005", "USA", "accuse", "ISR"),         # ISR->ISR dropped, "X" skipped
               ("S-0005~2", "KEN", "accuse", "UGA")])      # repeated id; INVESTIGATE; NGO
assert got == want, got
ids = [json.loads(l)["id"] for l in open(sys.argv[2])]
assert ids == ["S-0001", "S-0002", "S-0005", "S-0005~2"], ids
' "$work/plover/gold.jsonl" "$work/plover/articles.jsonl"
  run 0 "plover gold validates" -- "$scorer" --validate "$work/plover" "$work/plover/gold.jsonl"
fi
run 2 "plover refuses a tracked directory" -- "$conv" "$project/tests/data/plover-out" --input "$data/plover_sample.json"
check "plover wrote nothing in the tree" test ! -e "$project/tests/data/plover-out"

# The real PLOVER records, when the shared folder is there: the README says about 230
# records have a country on both sides; the converted gold must validate.
gsr="${DIPGRAPH_SHARED_DIR:-$project/../shared}/eval/plover-gsr/PLOVER_GSR_CAMEO.txt"
if [ -f "$gsr" ]; then
  if run 0 "plover real file" -- "$conv" "$work/gsr" --input "$gsr"; then
    both=$(sed -n 's/^  with a country on both sides \([0-9]*\)$/\1/p' <<<"$out")
    check "plover real: about 230 with countries on both sides ($both)" test "${both:-0}" -ge 200 -a "${both:-0}" -le 260
    run 0 "plover real gold validates" -- "$scorer" --validate "$work/gsr" "$work/gsr/gold.jsonl"
  fi
else
  echo "skip: $gsr not found (set DIPGRAPH_SHARED_DIR)"
fi

finish "score_triples:"
