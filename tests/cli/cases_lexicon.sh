# End-to-end cases of `dipgraph lexicon` and the matches of `dipgraph inspect`
# (sourced by test_cli.sh: $bin, $data, $work, run, check, has).
lexdata="$data/lexicon"

run 0 lexicon-help -- "$bin" lexicon --help && check "lexicon --help" has "$out" "lookup TEXT"
run 2 lexicon-no-action -- "$bin" lexicon && check "lexicon needs an action" has "$err" "missing action"
run 2 lexicon-bad-action -- "$bin" lexicon frobnicate && check "unknown lexicon action" has "$err" "unknown action 'frobnicate'"
run 0 lexicon-check-builtin -- "$bin" lexicon check && check "built-ins check clean" has "$err" "0 error(s)"
run 0 lexicon-list -- "$bin" lexicon list && {
  check "list shows Pakistan" has "$out" "PAK	country	Pakistan	PK"
  check "list shows the UN" has "$out" "UNO	igo	United Nations"
  check "list has 267 actors" test "$(grep -c '^[A-Z0-9]*	\(country\|igo\)	' <<<"$out")" -eq 267
}
run 0 lexicon-lookup -- "$bin" lexicon lookup --date 2021-04-07 "Russian Foreign Minister Sergey Lavrov" && {
  check "lookup: demonym" has "$out" "Russian	actor	RUS (Russia)	demonym 'Russian'"
  check "lookup: office" has "$out" "Foreign Minister	office	FM	title 'foreign minister'"
  check "lookup: person with source" has "$out" "Sergey Lavrov	person	RUS	FM 2004-03-09.. 'Sergey Lavrov'	data/lexicon/people.tsv:"
}
run 0 lexicon-lookup-resolves -- "$bin" lexicon lookup Islamabad && check "capital resolves" has "$out" "resolves to	PAK (Pakistan)"
run 1 lexicon-lookup-typo -- "$bin" lexicon lookup Pakistn && {
  check "typo: no match" has "$out" "no match for 'Pakistn'"
  check "typo: did you mean" has "$out" "did you mean: 'Pakistan'"
}
run 0 lexicon-override -- "$bin" lexicon lookup --lexicon "$lexdata/override_names.tsv" Congo && check "--lexicon overrides" has "$out" "resolves to	COG"
run 1 lexicon-check-bad -- "$bin" lexicon check "$lexdata/bad_names.tsv" && {
  check "check: unknown code by line" has "$err" "$lexdata/bad_names.tsv:4:1: error: unknown actor code 'XXX'"
  check "check: unknown kind by line" has "$err" "$lexdata/bad_names.tsv:5:5: error: unknown name kind 'nickname'"
  check "check: duplicate warning" has "$err" "$lexdata/bad_names.tsv:8:10: warning: duplicate entry (same as line 3)"
  check "check: summary" has "$err" "6 error(s), 1 warning(s) in 1 file(s)"
}
run 1 lexicon-check-missing -- "$bin" lexicon check "$work/no-such.tsv" && check "missing file named" has "$err" "no-such.tsv: error: cannot open lexicon file"
run 1 lexicon-check-kind -- "$bin" lexicon check "$lexdata/bad_kind.txt" && check "unknown kind is fatal" has "$err" "bad_kind.txt:1: error: cannot tell what kind of lexicon file"

printf 'Title: Test\nDate: 2021-04-07\n\nRussian Foreign Minister Sergey Lavrov held talks in Islamabad.\n' >"$work/lex.txt"
run 0 inspect-matches -- "$bin" inspect "$work/lex.txt" && {
  check "inspect: actor" has "$out" "actor RUS demonym"
  check "inspect: person" has "$out" "person RUS FM"
  check "inspect: place" has "$out" "actor PAK capital place"
}
run 0 inspect-matches-json -- "$bin" inspect --json "$work/lex.txt" && check "inspect --json: matches" has "$out" '"matches":[{"kind":"actor","code":"RUS","detail":"demonym"'
run 0 inspect-lexicon -- "$bin" inspect --lexicon "$lexdata/override_names.tsv" "$work/lex.txt" && check "inspect --lexicon" has "$out" "actor RUS"
