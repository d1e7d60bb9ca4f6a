# extract: sourced by test_cli.sh (uses run, check, has, $bin, $data, $work).
printf 'Title: Test\nDate: 2021-04-07\n\nIndia accused Pakistan of shelling villages on Monday.\n' >"$work/acc.txt"
run 0 extract-jsonl -- "$bin" extract -j 1 "$work/acc.txt" &&
  check "extract: IND accuse PAK" has "$out" '"subject":{"id":"IND"' &&
  check "extract: relation accuse" has "$out" '"relation":"accuse"' &&
  check "extract: event date from 'on Monday'" has "$out" '"date":"2021-04-05"'
run 0 extract-tsv -- "$bin" extract --format tsv "$work/acc.txt" &&
  check "extract tsv header" has "$out" "doc	sentence	date	subject	relation	object" &&
  check "extract tsv row" has "$out" "acc	0	2021-04-05	IND	accuse	PAK"
run 0 extract-output -- "$bin" extract -o "$work/out.jsonl" "$work/acc.txt" &&
  check "extract -o writes the file" grep -q '"relation":"accuse"' "$work/out.jsonl" &&
  check "extract -o leaves no temp file" bash -c "! ls '$work'/out.jsonl.tmp* 2>/dev/null | grep -q ."
run 0 extract-explain -- "$bin" extract --explain "$work/acc.txt" &&
  check "extract --explain on stderr" has "$err" "IND accuse PAK"
run 2 extract-bad-format -- "$bin" extract --format xml "$work/acc.txt" &&
  check "extract: bad --format named" has "$err" "--format must be jsonl or tsv"
run 2 extract-bad-jobs -- "$bin" extract -j 0 "$work/acc.txt" &&
  check "extract: bad -j named" has "$err" "--jobs must be between 1 and 256"
run 1 extract-missing -- "$bin" extract "$work/acc.txt" "$work/no-such.txt" &&
  check "extract: missing file named" has "$err" "no-such.txt" &&
  check "extract: good file still coded" has "$out" '"relation":"accuse"'
run 1 extract-unwritable -- "$bin" extract -o /nonexistent-dir/x.jsonl "$work/acc.txt" &&
  check "extract: unwritable output named" has "$err" "/nonexistent-dir/x.jsonl"
