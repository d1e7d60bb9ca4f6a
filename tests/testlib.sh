# Shared by the shell tests (source it): counts checks and prints the closing line
# "N passed, M failed" that CTest logs and CI read.
pass=0
fail=0

# check NAME CONDITION-COMMAND...: counts a pass or a failure.
check() {
  local name="$1"; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}

# has TEXT NEEDLE: TEXT contains NEEDLE literally.
has() { grep -qF -- "$2" <<<"$1"; }

# finish [LABEL:]: the closing line; the script's status says whether all passed.
finish() {
  echo "${1:+$1 }$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
