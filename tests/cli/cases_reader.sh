# CLI cases of the article reader (sourced by test_cli.sh: uses run/check/has, $bin $data $work).

# A good folder: every document, sorted, exit 0; the skipped .md is only a warning.
if run 0 reader-good-dir -- "$bin" inspect "$data/reader/corpus"; then
  check "good dir: first doc" has "$out" "== 000  ($data/reader/corpus/000.txt)"
  check "good dir: header date" has "$out" "== sub/a  ($data/reader/corpus/sub/a.txt)"
  check "good dir: jsonl fallback id" has "$out" "== feed:2  ($data/reader/corpus/feed.jsonl:2)"
  check "good dir: numeric id" has "$out" "== 42  ($data/reader/corpus/feed.jsonl:5)"
  check "good dir: date" has "$out" "date:   2021-04-07"
  check "good dir: warning for notes.md" has "$err" "notes.md: warning: skipped: not a .txt, .jsonl or .ndjson file"
  check "good dir: hidden files silent" bash -c '! grep -qi hidden <<<"$1$2"' _ "$out" "$err"
  check "good dir: nine docs" test "$(grep -c '^== ' <<<"$out")" -eq 9
fi

# The bad folder: exit 1, each bad file named with its line, good documents still printed.
if run 1 reader-bad-dir -- "$bin" inspect "$data/bad"; then
  b="$data/bad"
  for msg in \
    "$b/binary.txt:1:1: error: invalid UTF-8 (byte 0xDC)" \
    "$b/dangling.txt: error: cannot open: dangling symbolic link" \
    "$b/deep.jsonl:1:549: error: JSON nested deeper than 512 levels" \
    "$b/invalid_utf8.jsonl:4:25: error: The surrogate pair in string is invalid." \
    "$b/invalid_utf8.txt:3:25: error: invalid UTF-8 (byte 0xFF)" \
    "$b/missing_text.jsonl:1: error: missing required field \"text\"" \
    "$b/not_object.jsonl:2:1: error: expected a JSON object, found a number" \
    "$b/nul.jsonl:2:19: error: field \"text\" contains a NUL character" \
    "$b/nul_bytes.txt:2:6: error: NUL byte in text" \
    "$b/truncated.jsonl:2:34: error: Missing a closing quotation mark in string." \
    "$b/wrong_types.jsonl:3:7: error: field \"id\" must be a string or an integer, found a number" \
    "$b/empty.txt: warning: empty article; skipped" \
    "dipgraph inspect: 22 input record(s) skipped"; do
    check "bad dir: $msg" has "$err" "$msg"
  done
  check "bad dir: good.txt printed" has "$out" "== good  ($b/good.txt)"
  check "bad dir: line after a truncated one printed" has "$out" "== t3  ($b/truncated.jsonl:3)"
  check "bad dir: nine good docs" test "$(grep -c '^== ' <<<"$out")" -eq 9
fi

# stdin: JSON lines with `-`; ids `stdin:<line>`, messages name <stdin>.
if run 1 reader-stdin -- bash -c '"$1" inspect --json - <"$2"' _ "$bin" "$data/bad/truncated.jsonl"; then
  check "stdin: doc ids" has "$out" '"doc":"t1","origin":"<stdin>:1"'
  check "stdin: line 3 read" has "$out" '"doc":"t3","origin":"<stdin>:3"'
  check "stdin: error names <stdin>" has "$err" "<stdin>:2:34: error: Missing a closing quotation mark in string."
fi
if run 0 reader-stdin-good -- bash -c 'printf "%s\n" "{\"text\":\"From a pipe.\"}" | "$1" inspect -' _ "$bin"; then
  check "stdin: fallback id" has "$out" "== stdin:1  (<stdin>:1)"
fi

# A missing path is bad input, not a usage error; the other inputs are still read.
if run 1 reader-missing -- "$bin" inspect "$work/no-such-file.txt" "$data/bad/good.txt"; then
  check "missing path named" has "$err" "$work/no-such-file.txt: error: cannot open: No such file or directory"
  check "missing path: next input read" has "$out" "== good"
fi

# 50 MB without a newline, generated here (never committed): skipped with a message.
head -c 52428800 /dev/zero | tr '\0' 'a' >"$work/huge.txt"
{ printf '{"text":"'; cat "$work/huge.txt"; } | head -c 52428800 >"$work/huge.jsonl"
if run 1 reader-huge -- "$bin" inspect "$work/huge.txt" "$work/huge.jsonl" "$data/bad/good.txt"; then
  check "huge txt refused" has "$err" "$work/huge.txt: error: file of 52428800 bytes exceeds max_document_bytes (8388608); skipped"
  check "huge jsonl line skipped" has "$err" "$work/huge.jsonl:1: error: line of 52428800 bytes exceeds max_document_bytes (8388608); skipped"
  check "huge: next input read" has "$out" "== good"
fi
rm -f "$work/huge.txt" "$work/huge.jsonl"
