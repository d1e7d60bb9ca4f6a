#!/usr/bin/env bash
# End-to-end tests of the dipgraph binary: exit codes, stdout, stderr on real files.
# Usage: test_cli.sh DIPGRAPH TEST_DATA_DIR PROJECT_DIR [CASES]
# With CASES (e.g. robust_input), only tests/cli/cases_CASES.sh runs after the
# top-level cases; without it, every cases_*.sh except the cases_robust_*.sh files,
# which CTest runs as tests of their own (they are the slow ones).
set -u
bin="$1"; data="$2"; project="$3"; only="${4:-}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# The graph cache of `dipgraph query` goes to the test's folder, not ~/.cache.
export DIPGRAPH_CACHE_DIR="$work/cache"
. "$(dirname "$0")/../testlib.sh"

# run EXPECTED_EXIT NAME -- command...: runs it, keeps stdout/stderr in $out/$err.
run() {
  local expected="$1" name="$2"; shift 3
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local rc=$?
  out="$(cat "$work/out")"; err="$(cat "$work/err")"
  if [ "$rc" -ne "$expected" ]; then
    fail=$((fail + 1)); echo "FAIL $name: exit $rc, expected $expected"; sed 's/^/    /' "$work/err" | head -20
    return 1
  fi
  return 0
}

# --- top level
run 0 help -- "$bin" --help && check "help lists inspect" has "$out" "inspect"
run 0 version -- "$bin" --version && check "version" has "$out" "dipgraph 0."
run 2 no-args -- "$bin" && check "no args prints usage" has "$err" "usage: dipgraph"
run 2 typo -- "$bin" inspcet && check "did you mean" has "$err" "did you mean 'inspect'?"
run 0 help-cmd -- "$bin" help inspect && check "help inspect" has "$out" "usage: dipgraph inspect"
run 0 cmd-help -- "$bin" inspect --help && check "inspect --help" has "$out" "--json"
run 2 bad-option -- "$bin" inspect --no-such-option x && check "unknown option named" has "$err" "no-such-option"
run 2 missing-input -- "$bin" inspect && check "missing input is usage" has "$err" "inspect"

# Further cases are appended by each module's issue (see tests/cli/*.sh).
for extra in "$(dirname "$0")"/cases_*.sh; do
  name="$(basename "$extra" .sh)"; name="${name#cases_}"
  if [ -n "$only" ]; then [ "$name" = "$only" ] || continue
  else case "$name" in robust_*) continue ;; esac
  fi
  . "$extra"
done

finish
