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
echo "demo: see one article as dipgraph reads it:  $bin inspect data/samples/001.txt"
