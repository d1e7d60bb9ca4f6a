#!/usr/bin/env bash
# The main job in one command: installs what is needed, builds dipgraph (Release) and runs
# it on the bundled sample articles in data/samples/, writing its output into graphs/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh
bin=build/release/dipgraph
mkdir -p graphs

# Front end: how every sample article was read, cleaned and split (one JSON object each).
"$bin" inspect --json data/samples/*.txt >graphs/samples.inspect.jsonl
docs=$(wc -l <graphs/samples.inspect.jsonl)
echo "demo: read $docs sample articles -> graphs/samples.inspect.jsonl"

# The coder: who did what to whom, one triple per line (Contract 2), and as a table.
"$bin" extract data/samples/*.txt -o graphs/samples.triples.jsonl
"$bin" extract --format tsv data/samples/*.txt -o graphs/samples.triples.tsv
echo "demo: coded $(wc -l <graphs/samples.triples.jsonl) triples -> graphs/samples.triples.jsonl (.tsv)"

# The event store: documents and events, merged over time (re-running changes nothing).
"$bin" ingest data/samples/*.txt --store graphs/dipgraph.db
"$bin" stats --store graphs/dipgraph.db
echo "demo: see one article as dipgraph reads it:  $bin inspect data/samples/001.txt"
echo "demo: see why each triple was coded:         $bin extract --explain data/samples/001.txt"

# Exports: the sample graph for Gephi, NetworkX/igraph/yEd, Graphviz, and two pictures.
"$bin" export --format graphml --store graphs/dipgraph.db -o graphs/demo.graphml
"$bin" export --format gexf --dynamic --store graphs/dipgraph.db -o graphs/demo.gexf
"$bin" export --format dot --store graphs/dipgraph.db -o graphs/demo.dot
"$bin" render --store graphs/dipgraph.db -o graphs/demo.svg
"$bin" render --store graphs/dipgraph.db -o graphs/demo.png
echo "demo: graphs/demo.graphml (NetworkX, igraph, yEd), demo.gexf (Gephi, with its timeline),"
echo "demo: demo.dot (Graphviz), demo.svg and demo.png (the picture)"
