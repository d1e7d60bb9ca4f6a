#!/usr/bin/env bash
# scripts/make_corpus is deterministic, writes what it is asked for, and its JSON lines parse.
set -u
project="$1"; gen="$project/scripts/make_corpus"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/testlib.sh"

"$gen" --articles 300 --seed 7 --format jsonl -o "$work/a.jsonl" 2>/dev/null
"$gen" --articles 300 --seed 7 --format jsonl -o "$work/b.jsonl" 2>/dev/null
"$gen" --articles 300 --seed 8 --format jsonl -o "$work/c.jsonl" 2>/dev/null
check "same seed, same bytes" cmp -s "$work/a.jsonl" "$work/b.jsonl"
check "other seed, other bytes" bash -c "! cmp -s '$work/a.jsonl' '$work/c.jsonl'"
check "300 lines" test "$(wc -l <"$work/a.jsonl")" -eq 300
check "every line is an object with text" python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    assert isinstance(o, dict) and isinstance(o["text"], str) and o["text"], line[:80]
' "$work/a.jsonl"
"$gen" --articles 25 --seed 7 --format txt --per-folder 10 -o "$work/txt" 2>/dev/null
check "txt: 25 files" test "$(find "$work/txt" -name '*.txt' | wc -l)" -eq 25
check "txt: at most 10 per folder" bash -c "! find '$work/txt' -type d -exec sh -c 'ls \"\$1\"/*.txt 2>/dev/null | wc -l' _ {} \; | awk '\$1 > 10' | grep -q ."
finish
