# CLI cases of export and render (sourced by test_cli.sh: uses run/check/has, $bin $data $work $project).

ex="$work/export"; mkdir -p "$ex"
edb="$ex/samples.db"
"$bin" ingest "$project"/data/samples/*.txt --store "$edb" 2>/dev/null

run 0 export-help -- "$bin" export --help && check "export --help lists formats" has "$out" "graphml, dot, gexf, json or csv"
run 0 render-help -- "$bin" render --help && check "render --help names the layouts" has "$out" "sfdp, neato or dot"
run 2 export-no-format -- "$bin" export --store "$edb" && check "export needs --format" has "$err" "format"
run 2 export-bad-format -- "$bin" export --format gml --store "$edb" &&
  check "unknown format named" has "$err" "unknown format 'gml'; formats are graphml, dot, gexf, json, csv"
run 2 export-dynamic-dot -- "$bin" export --format dot --dynamic --store "$edb" &&
  check "--dynamic is for gexf" has "$err" "--dynamic applies to --format gexf only"
run 2 export-bad-actor -- "$bin" export --format json --actor Pakistn --store "$edb" &&
  check "unknown actor suggested" has "$err" "did you mean"
run 1 export-no-store -- "$bin" export --format json --store "$ex/none.db" &&
  check "missing store named" has "$err" "$ex/none.db: error: no such store"
run 2 render-bad-ext -- "$bin" render -o "$ex/x.gif" --store "$edb" &&
  check "render refuses other extensions" has "$err" "-o must name a .svg, .png or .pdf file"

# Every format and view through the offline checker of ../shared.
checker="$project/../shared/tools/check-graph"
files=()
for view in "" "--collapse" "--topics-as-nodes"; do
  tag="${view:-plain}"; tag="${tag#--}"
  for f in graphml dot gexf json; do
    "$bin" export --format "$f" $view --store "$edb" -o "$ex/$tag.$f" 2>/dev/null && files+=("$ex/$tag.$f")
  done
  "$bin" export --format gexf --dynamic $view --store "$edb" -o "$ex/$tag.dynamic.gexf" 2>/dev/null &&
    files+=("$ex/$tag.dynamic.gexf")
  if run 0 "export-csv $tag" -- "$bin" export --format csv $view --store "$edb" -o "$ex/$tag.csv"; then
    check "csv -o writes two tables ($tag)" test -s "$ex/$tag.nodes.csv" -a -s "$ex/$tag.edges.csv"
    files+=("$ex/$tag.nodes.csv" "$ex/$tag.edges.csv")
  fi
done
check "export wrote 21 files" test "${#files[@]}" -eq 21
if [ -x "$checker" ]; then
  run 0 export-check-graph -- "$checker" "${files[@]}" &&
    check "check-graph: every file ok" test "$(grep -c '^ok ' <<<"$out")" -eq 21
else
  echo "skip: $checker absent; exports not validated"
fi

# Determinism: two runs, same bytes, for every format (stdout and -o alike).
for f in graphml dot gexf json csv; do
  "$bin" export --format "$f" --store "$edb" >"$ex/a.$f" 2>/dev/null
  "$bin" export --format "$f" --store "$edb" >"$ex/b.$f" 2>/dev/null
  check "export $f deterministic" cmp -s "$ex/a.$f" "$ex/b.$f"
done
check "stdout equals -o (graphml)" cmp -s "$ex/a.graphml" "$ex/plain.graphml"
"$bin" export --format gexf --dynamic --store "$edb" >"$ex/a.gexf" 2>/dev/null
check "dynamic gexf deterministic" cmp -s "$ex/a.gexf" "$ex/plain.dynamic.gexf"
run 0 export-csv-stdout-nodes -- "$bin" export --format csv --table nodes --store "$edb" &&
  check "csv --table nodes on stdout" test "$out" = "$(cat "$ex/plain.nodes.csv")"

# NetworkX reads the GraphML back with the store's nodes, edges and values: the
# expected graph is recomputed here from `stats --dump`, independently of dipgraph.
"$bin" stats --dump --store "$edb" >"$ex/dump.tsv"
if python3 -c 'import networkx' 2>/dev/null; then
  cat >"$ex/roundtrip.py" <<'PY'
import collections, json, sys
import networkx as nx
graphml, dump, cyjs = sys.argv[1:4]
names, events = {}, collections.defaultdict(list)
for line in open(dump, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "actor":
        names[f[1]] = f[2]
    elif f[0] == "event" and f[12] == "0":   # negated events are not relations
        events[(f[6], f[8], f[7])].append(f)
g = nx.read_graphml(graphml, force_multigraph=True)
assert g.is_directed(), "directed"
codes = {n: d["code"] for n, d in g.nodes(data=True)}
want_nodes = {a for k in events for a in k[:2]}
assert set(codes.values()) == want_nodes, (sorted(codes.values()), sorted(want_nodes))
for n, d in g.nodes(data=True):
    assert d["label"] == names[d["code"]], (d["label"], names[d["code"]])
seen = set()
for u, v, d in g.edges(data=True):
    key = (codes[u], codes[v], d["relation"])
    rows = events.pop(key)
    dates = sorted(r[5] for r in rows if r[5])
    assert d["weight"] == float(len(rows)) and d["weight"] > 0, key
    assert d["articles"] == len({r[1] for r in rows}), key
    assert d["first_seen"] == (dates[0] if dates else ""), key
    assert d["last_seen"] == (dates[-1] if dates else ""), key
    mean = sum(float(r[11]) for r in rows) / len(rows)
    assert abs(d["goldstein_mean"] - mean) <= 0.005 + 1e-9, (key, d["goldstein_mean"], mean)
    topics = {t for r in rows for t in r[17].split(";") if t}
    assert set(filter(None, d["topics"].split(";"))) <= topics, key
    assert isinstance(d["quad"], int) and isinstance(d["articles"], int)
    seen.add(key)
assert not events, ("edges missing from the GraphML", list(events)[:3])
# The Cytoscape JSON through NetworkX's own reader holds the same edges.
c = nx.cytoscape_graph(json.load(open(cyjs, encoding="utf-8")))
assert {(u, v, d["relation"]) for u, v, d in c.edges(data=True)} == seen
print("networkx ok: %d nodes, %d edges" % (g.number_of_nodes(), len(seen)))
PY
  run 0 export-networkx -- python3 "$ex/roundtrip.py" "$ex/plain.graphml" "$ex/dump.tsv" "$ex/plain.json" &&
    check "networkx round trip" has "$out" "networkx ok"
else
  echo "skip: python3-networkx absent; NetworkX round trip not run"
fi

# Atomic -o: a bad path fails with exit 1 and leaves nothing; a failed export keeps the old file.
run 1 export-bad-path -- "$bin" export --format graphml --store "$edb" -o "$ex/no/such/dir/g.graphml" &&
  check "bad -o path named" has "$err" "$ex/no/such/dir/g.graphml: error: cannot write output file"
check "bad -o path: nothing written" test ! -e "$ex/no"
cp "$ex/plain.graphml" "$ex/keep.graphml"
run 1 export-failed-keeps -- "$bin" export --format graphml --store "$ex/none.db" -o "$ex/keep.graphml"
check "failed export leaves the old file" cmp -s "$ex/keep.graphml" "$ex/plain.graphml"
check "no temporary files left" bash -c '! ls -a "$1" | grep -q "\.tmp-"' _ "$ex"

# Render through Graphviz.
if command -v neato >/dev/null && command -v sfdp >/dev/null; then
  if run 0 render-png -- "$bin" render -o "$ex/g.png" --store "$edb"; then
    check "render wrote a PNG" bash -c 'head -c 8 "$1" | grep -q PNG' _ "$ex/g.png"
    check "render said nothing from Graphviz" bash -c '! grep -q "said:" <<<"$1"' _ "$err"
  fi
  run 0 render-svg -- "$bin" render -o "$ex/g.svg" --layout sfdp --collapse --store "$edb" &&
    check "render wrote an SVG" grep -q "<svg" "$ex/g.svg"
  run 1 render-bad-path -- "$bin" render -o "$ex/none/g.png" --store "$edb" &&
    check "render: bad path named" has "$err" "cannot write output file"
  run 1 render-no-graphviz -- env PATH=/nonexistent "$bin" render -o "$ex/h.png" --store "$edb" &&
    check "render: graphviz missing" has "$err" "Graphviz program 'neato' not found on PATH"
  check "render: nothing left after failures" bash -c '! ls -a "$1" | grep -q -e "\.tmp-" -e "^h.png$"' _ "$ex"
else
  echo "skip: graphviz absent; render not run"
fi
