# CLI cases of `dipgraph query` (sourced by test_cli.sh: uses run/check/has, $bin $data $work $project).

qdir="$work/query"; mkdir -p "$qdir"
qdb="$qdir/q.db"
# q DOC SENTENCE DATE SUBJECT RELATION OBJECT QUAD GOLDSTEIN: one triple line.
q() {
  printf '{"doc":"%s","sentence":%s,"date":"%s","subject":{"id":"%s","name":"%s","type":"country","text":"%s"},"relation":"%s","cameo":"000","quad":%s,"goldstein":%s,"object":{"id":"%s","name":"%s","type":"country","text":"%s"},"topics":["trade"],"negated":false,"confidence":0.9,"evidence":"Evidence %s-%s.","span":[0,10]}\n' \
    "$1" "$2" "$3" "$4" "$4" "$4" "$5" "$7" "$8" "$6" "$6" "$6" "$1" "$2"
}
{
  q a 0 2021-01-05 PAK consult RUS 1 1.0; q a 1 2021-01-05 RUS consult PAK 1 1.0
  q a 2 2021-01-06 PAK accuse IND 3 -2.0
  q b 0 2021-03-02 IND threaten PAK 3 -4.4; q b 1 2021-03-02 PAK cooperate RUS 2 6.4
  q c 0 2021-03-20 CHN aid AFG 2 7.0
} >"$qdir/q.jsonl"
"$bin" ingest --triples "$qdir/q.jsonl" --store "$qdb" 2>/dev/null

# The JSON shapes documented in src/cli/command_query.cpp, checked field by field.
cat >"$qdir/shape.py" <<'EOF'
import json, sys
S, N, X, B = "str", "int", "num", "bool"
D = ("str", None)  # a date or null
ACTOR = {"id": S, "label": S, "type": S}
BUCKET = {"bucket": S, "events": N, "cooperation": N, "conflict": N, "quad": [N]}
FILTERS = {"since": (S, None), "until": (S, None), "relations": [S]}
TOPIC = {"topic": S, "count": N}
SHAPES = {
  "links": {"actor": ACTOR, "links": [{"actor": ACTOR, "events": N, "outgoing": N, "incoming": N,
            "articles": N, "first_seen": D, "last_seen": D, "goldstein_mean": X,
            "cooperation": N, "conflict": N,
            "relations": [{"relation": S, "events": N, "outgoing": N, "incoming": N}],
            "topics": [TOPIC]}]},
  "between": {"a": ACTOR, "b": ACTOR, "events": N, "articles": N, "first_seen": D, "last_seen": D,
              "goldstein_mean": X, "cooperation": N, "conflict": N,
              "relations": [{"subject": S, "relation": S, "object": S, "events": N, "articles": N,
                             "first_seen": D, "last_seen": D, "goldstein_mean": X, "quad": N}],
              "topics": [TOPIC], "by": S, "timeline": [BUCKET],
              "evidence": [{"document": S, "sentence": N, "date": D, "url": (S, None),
                            "title": (S, None), "subject": S, "relation": S, "object": S,
                            "goldstein": X, "confidence": X, "text": S}]},
  "timeline": {"a": ACTOR, "b": ACTOR, "by": S, "events": N, "undated": N, "timeline": [BUCKET],
               "sparkline": {"cooperation": S, "conflict": S}},
  "path": {"from": ACTOR, "to": ACTOR, "method": S, "directed": B, "found": B, "hops": (N, None),
           "cost": (X, None), "actors": [ACTOR],
           "steps": [{"from": S, "to": S, "events": N, "cost": X,
                      "relations": [{"relation": S, "events": N}]}]},
  "top": {"metric": S, "directed": B, "actors": [{"rank": N, "actor": ACTOR, "score": X}]},
}

def ok(value, shape, where):
    if isinstance(shape, tuple):
        if not any(ok_quiet(value, s) for s in shape):
            raise SystemExit(f"{where}: {value!r} is none of {shape}")
    elif shape is None:
        if value is not None: raise SystemExit(f"{where}: {value!r} is not null")
    elif isinstance(shape, list):
        if not isinstance(value, list): raise SystemExit(f"{where}: not a list")
        for i, v in enumerate(value): ok(v, shape[0], f"{where}[{i}]")
    elif isinstance(shape, dict):
        if not isinstance(value, dict): raise SystemExit(f"{where}: not an object")
        if set(value) != set(shape): raise SystemExit(f"{where}: keys {sorted(value)} != {sorted(shape)}")
        for k, s in shape.items(): ok(value[k], s, f"{where}.{k}")
    else:
        good = {"str": lambda v: isinstance(v, str),
                "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
                "num": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
                "bool": lambda v: isinstance(v, bool)}[shape](value)
        if not good: raise SystemExit(f"{where}: {value!r} is not {shape}")

def ok_quiet(value, shape):
    try:
        ok(value, shape, "")
        return True
    except SystemExit:
        return False

lines = sys.stdin.read().splitlines()
if len(lines) != 1: raise SystemExit(f"expected one line of JSON, got {len(lines)}")
doc = json.loads(lines[0])
query = doc.get("query")
if query != sys.argv[1]: raise SystemExit(f"query is {query!r}, not {sys.argv[1]!r}")
shape = dict(SHAPES[query], query=S, filters=FILTERS)
ok(doc, shape, query)
EOF
shape() { python3 "$qdir/shape.py" "$1" <<<"$2"; }
# jq-free field checks: py 'EXPRESSION over d' JSON
py() { python3 -c "import json,sys; d=json.loads(sys.stdin.read()); sys.exit(0 if ($1) else 1)" <<<"$2"; }
QS=(--store "$qdb")

# --- usage
run 0 query-help -- "$bin" query --help && check "query --help lists questions" \
  bash -c 'for w in links between timeline path top; do grep -q "^  $w " <<<"$1" || exit 1; done' _ "$out"
for sub in links between timeline path top; do
  run 0 "query-$sub-help" -- "$bin" query "$sub" --help &&
    check "query $sub --help" bash -c 'grep -q "^usage: dipgraph query $2" <<<"$1" && grep -q -- "--since" <<<"$1" && grep -q -- "--json" <<<"$1"' _ "$out" "$sub"
done
run 0 query-help-path-hops -- "$bin" query path --help && check "path --help names --hops" has "$out" "--hops"
run 0 query-help-top-metric -- "$bin" query top --help && check "top --help names the metrics" has "$out" "betweenness"
run 2 query-none -- "$bin" query && check "query alone prints usage" has "$err" "usage: dipgraph query"
run 2 query-typo -- "$bin" query lnks "${QS[@]}" && check "unknown question: did you mean" has "$err" "unknown question 'lnks' (did you mean 'links'?)"
run 2 query-unknown-actor -- "$bin" query links Pakistn "${QS[@]}" &&
  check "unknown actor: did you mean" has "$err" "dipgraph query links: unknown actor 'Pakistn' (did you mean 'Pakistan'"
run 2 query-unknown-second -- "$bin" query between PAK Narnia "${QS[@]}" && check "unknown second actor named" has "$err" "unknown actor 'Narnia'"
run 2 query-arity -- "$bin" query between PAK "${QS[@]}" && check "between needs two actors" has "$err" "expects 2 actor(s), got 1"
run 2 query-same -- "$bin" query path PAK pakistani "${QS[@]}" && check "same actor twice refused" has "$err" "are the same actor (PAK)"
run 2 query-bad-metric -- "$bin" query top --metric closeness "${QS[@]}" && check "bad metric" has "$err" "--metric must be degree"
run 2 query-bad-by -- "$bin" query timeline PAK RUS --by fortnight "${QS[@]}" && check "bad --by" has "$err" "--by must be day, week, month or year"
run 2 query-bad-dates -- "$bin" query links PAK --since 2021-05-01 --until 2021-01-01 "${QS[@]}" && check "since after until" has "$err" "is after --until"
run 2 query-bad-relation -- "$bin" query links PAK --relation acuse "${QS[@]}" && check "bad relation" has "$err" "did you mean 'accuse'"
run 1 query-no-store -- "$bin" query links PAK --store "$qdir/none.db" && check "missing store" has "$err" "no such store"
check "a query never creates a store" test ! -e "$qdir/none.db"

# --- links
if run 0 query-links -- "$bin" query links PAK "${QS[@]}"; then
  links_text="$out"
  check "links: RUS with consult and cooperate" bash -c 'grep "^Russia (RUS)" <<<"$1" | grep -q "consult 2 (→1 ←1), cooperate 1 (→1)"' _ "$out"
  check "links: IND with accuse and threaten" bash -c 'grep "^India (IND)" <<<"$1" | grep -q "accuse 1 (→1), threaten 1 (←1)"' _ "$out"
  check "links: heaviest first" bash -c 'grep -n "RUS\|IND" <<<"$1" | head -1 | grep -q RUS' _ "$out"
fi
run 0 query-links-demonym -- "$bin" query links pakistani "${QS[@]}" && check "links by demonym = by code" test "$out" = "$links_text"
if run 0 query-links-json -- "$bin" query links Pakistan --json "${QS[@]}"; then
  check "links --json shape" shape links "$out"
  check "links --json values" py 'd["actor"]["id"]=="PAK" and [l["actor"]["id"] for l in d["links"]]==["RUS","IND"] and d["links"][0]["events"]==3 and d["links"][0]["relations"][0]=={"relation":"consult","events":2,"outgoing":1,"incoming":1}' "$out"
fi
if run 0 query-links-empty -- "$bin" query links AFG --relation consult "${QS[@]}"; then
  check "links: empty answer says so" has "$out" "No links of Afghanistan (AFG) in $qdb for relation(s) consult."
fi
run 0 query-links-empty-json -- "$bin" query links USA --json "${QS[@]}" &&
  check "links --json empty" py 'd["links"]==[] and d["actor"]["label"]=="United States"' "$out"
run 0 query-links-since -- "$bin" query links PAK --since 2021-03-01 --json "${QS[@]}" &&
  check "links --since" py '[(l["actor"]["id"],l["events"]) for l in d["links"]]==[("IND",1),("RUS",1)] and d["filters"]["since"]=="2021-03-01"' "$out"

# --- between
if run 0 query-between -- "$bin" query between RUS PAK "${QS[@]}"; then
  check "between: totals" has "$out" "Russia (RUS) and Pakistan (PAK): 3 event(s) in 2 article(s), 2021-01-05 .. 2021-03-02"
  check "between: evidence, strongest first" bash -c 'grep -A1 "^strongest evidence" <<<"$1" | grep -q "PAK cooperate RUS  (goldstein 6.4"' _ "$out"
  check "between: evidence text" has "$out" '"Evidence b-1."'
fi
if run 0 query-between-json -- "$bin" query between PAK RUS --json --evidence 1 "${QS[@]}"; then
  check "between --json shape" shape between "$out"
  check "between --json values" py 'd["events"]==3 and len(d["evidence"])==1 and d["evidence"][0]["document"]=="b" and [b["bucket"] for b in d["timeline"]]==["2021-01","2021-03"]' "$out"
fi
run 0 query-between-empty -- "$bin" query between IND AFG "${QS[@]}" &&
  check "between: empty answer" has "$out" "No relations between India (IND) and Afghanistan (AFG)"
run 0 query-between-empty-json -- "$bin" query between IND AFG --json "${QS[@]}" &&
  check "between --json empty" bash -c 'python3 "$1" between <<<"$2"' _ "$qdir/shape.py" "$out"

# --- timeline
if run 0 query-timeline -- "$bin" query timeline PAK RUS "${QS[@]}"; then
  check "timeline: table row" bash -c 'grep -Eq "^2021-01 +2 +2 +0 " <<<"$1"' _ "$out"
  check "timeline: sparkline with the empty February" has "$out" "cooperation  █▁▅"
fi
if run 0 query-timeline-json -- "$bin" query timeline PAK RUS --by day --json "${QS[@]}"; then
  check "timeline --json shape" shape timeline "$out"
  check "timeline --json by day" py 'd["by"]=="day" and [b["bucket"] for b in d["timeline"]]==["2021-01-05","2021-03-02"] and len(d["sparkline"]["cooperation"])==57' "$out"
fi
run 0 query-timeline-empty -- "$bin" query timeline PAK AFG "${QS[@]}" &&
  check "timeline: empty answer" has "$out" "No dated events between Pakistan (PAK) and Afghanistan (AFG)"

# --- path
if run 0 query-path -- "$bin" query path IND RUS "${QS[@]}"; then
  check "path: two hops through PAK" bash -c 'grep -q "^  1  India (IND) *Pakistan (PAK)" <<<"$1" && grep -q "^  2  Pakistan (PAK) *Russia (RUS)" <<<"$1"' _ "$out"
fi
if run 0 query-path-json -- "$bin" query path IND RUS --hops --json "${QS[@]}"; then
  check "path --json shape" shape path "$out"
  check "path --json values" py 'd["found"] and d["method"]=="hops" and d["hops"]==2 and [a["id"] for a in d["actors"]]==["IND","PAK","RUS"] and abs(d["cost"]-(1/2+1/3))<1e-9' "$out"
fi
run 0 query-path-none -- "$bin" query path PAK AFG "${QS[@]}" && check "path: no chain says so" has "$out" "No chain of relations from Pakistan (PAK) to Afghanistan (AFG)"
if run 0 query-path-none-json -- "$bin" query path RUS IND --directed --relation threaten --json "${QS[@]}"; then
  check "path --json not found" shape path "$out"
  check "path --json found false" py 'd["found"] is False and d["hops"] is None and d["steps"]==[]' "$out"
fi

# --- top
for metric in degree strength pagerank betweenness cooperation conflict; do
  run 0 "query-top-$metric" -- "$bin" query top --metric "$metric" --json "${QS[@]}" &&
    check "top $metric --json shape" shape top "$out"
done
run 0 query-top-strength -- "$bin" query top --metric strength --json --limit 2 "${QS[@]}" &&
  check "top strength values" py '[(a["actor"]["id"],a["score"]) for a in d["actors"]]==[("PAK",5),("RUS",3)]' "$out"
if run 0 query-top-text -- "$bin" query top --metric pagerank "${QS[@]}"; then
  check "top: aligned table" python3 -c 'import sys; t=sys.argv[1].split("\n\n")[1].splitlines(); sys.exit(len({len(l) for l in t})!=1 or len(t)!=6)' "$out"
fi
run 0 query-top-empty -- "$bin" query top --until 2000-01-01 "${QS[@]}" && check "top: empty answer" has "$out" "No actors with relations"

# --- the graph cache: the same answers cold, warm and without it; it follows the store.
cdb="$qdir/cache.db"; cp "$qdb" "$cdb"
export DIPGRAPH_CACHE_DIR="$qdir/cache"
for question in "links PAK" "top --metric pagerank --limit 0" "top --metric conflict --collapse" "path RUS IND" \
    "between PAK RUS" "timeline PAK IND --by day" "links RUS --relation consult"; do
  # shellcheck disable=SC2086
  "$bin" query $question --json --store "$cdb" --no-cache >"$qdir/nocache.json" 2>&1
  rm -rf "$qdir/cache"
  "$bin" query $question --json --store "$cdb" >"$qdir/cold.json" 2>&1
  "$bin" query $question --json --store "$cdb" >"$qdir/warm.json" 2>&1
  check "cache: $question cold = --no-cache" cmp -s "$qdir/cold.json" "$qdir/nocache.json"
  check "cache: $question warm = cold" cmp -s "$qdir/warm.json" "$qdir/cold.json"
  check "cache: $question wrote an entry" test -n "$(ls "$qdir/cache"/*.graph 2>/dev/null)"
done
run 0 query-cache-before -- "$bin" query links PAK --json --store "$cdb" &&
  check "cache: no CHN link yet" py 'all(l["actor"]["id"]!="CHN" for l in d["links"])' "$out"
q d 0 2021-04-01 PAK consult CHN 1 1.0 >"$qdir/more.jsonl"
"$bin" ingest --triples "$qdir/more.jsonl" --store "$cdb" 2>/dev/null
run 0 query-cache-after -- "$bin" query links PAK --json --store "$cdb" &&
  check "cache: the new link after ingest" py 'any(l["actor"]["id"]=="CHN" for l in d["links"])' "$out"
# Ingest prepares the graphs of unfiltered path and top; an ingest that changes
# nothing, or --no-cache, prepares nothing.
rm -rf "$qdir/cache"
q e 0 2021-05-01 RUS agree CHN 1 3.0 >"$qdir/warm.jsonl"
run 0 ingest-prepares -- "$bin" ingest --triples "$qdir/warm.jsonl" --store "$cdb" &&
  check "ingest: two graphs prepared" test "$(ls "$qdir/cache"/*.graph | wc -l)" -eq 2
for question in "path RUS IND" "path PAK CHN --hops" "top --metric pagerank --limit 0"; do
  # shellcheck disable=SC2086
  "$bin" query $question --json --store "$cdb" >"$qdir/warm.json" 2>&1
  # shellcheck disable=SC2086
  "$bin" query $question --json --store "$cdb" --no-cache >"$qdir/nocache.json" 2>&1
  check "ingest: prepared graph answers $question as --no-cache" cmp -s "$qdir/warm.json" "$qdir/nocache.json"
done
check "ingest: path and top found their graphs ready" test "$(ls "$qdir/cache"/*.graph | wc -l)" -eq 2
check "ingest: the store's event table prepared" test "$(ls "$qdir/cache"/*.events | wc -l)" -eq 1
# Whole-store questions with filters are counted from the event table: the answers
# of a build from the store.
for question in "top --metric pagerank --limit 0 --since 2021-03-02" "top --metric degree --relation consult" \
    "path RUS IND --until 2021-03-31" "top --metric conflict --collapse --until 2021-12-31"; do
  # shellcheck disable=SC2086
  run 0 "query-table $question" -- "$bin" query $question --json --store "$cdb" || continue
  printf '%s\n' "$out" >"$qdir/table.json"
  # shellcheck disable=SC2086
  run 0 "query-table-nocache $question" -- "$bin" query $question --json --store "$cdb" --no-cache || continue
  printf '%s\n' "$out" >"$qdir/nocache.json"
  check "event table: $question as --no-cache" cmp -s "$qdir/table.json" "$qdir/nocache.json"
done
rm -rf "$qdir/cache"
run 0 ingest-unchanged -- "$bin" ingest --triples "$qdir/warm.jsonl" --store "$cdb" &&
  check "ingest: nothing changed, nothing prepared" test ! -e "$qdir/cache"
q e 0 2021-05-02 RUS agree CHN 1 3.0 >"$qdir/warm.jsonl"
run 0 ingest-no-cache -- "$bin" ingest --no-cache --triples "$qdir/warm.jsonl" --store "$cdb" &&
  check "ingest --no-cache: nothing prepared" test ! -e "$qdir/cache"
printf 'x' >"$qdir/not-a-folder"
DIPGRAPH_CACHE_DIR="$qdir/not-a-folder" run 0 query-cache-unusable -- "$bin" query links PAK --json --store "$cdb" &&
  check "cache: an unusable folder is ignored" py 'any(l["actor"]["id"]=="CHN" for l in d["links"])' "$out"
rm -rf "$qdir/cache"
DIPGRAPH_CACHE_DIR="" run 0 query-cache-off -- "$bin" query top --store "$cdb" &&
  check "cache: empty DIPGRAPH_CACHE_DIR writes nothing" test ! -e "$qdir/cache"
export DIPGRAPH_CACHE_DIR="$work/cache"

# --- the demo: the sample articles as scripts/demo.sh stores them.
if run 0 query-demo-ingest -- "$bin" ingest "$project"/data/samples/*.txt --store "$qdir/demo.db"; then
  if run 0 query-demo-links -- "$bin" query links Pakistan --store "$qdir/demo.db"; then
    check "demo: Pakistan-Russia consult, cooperate, agree" bash -c 'l=$(grep "^Russia (RUS)" <<<"$1") && grep -q "consult" <<<"$l" && grep -q "cooperate" <<<"$l" && grep -q "agree" <<<"$l"' _ "$out"
    check "demo: Pakistan-India accuse" bash -c 'grep "^India (IND)" <<<"$1" | grep -q "accuse"' _ "$out"
  fi
fi
