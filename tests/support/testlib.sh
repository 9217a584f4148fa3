# testlib.sh: the small harness every shell-level vmha test sources.
#   check "what is asserted" EXPECTED_RC cmd args...   run cmd, compare its exit code
#   expect "what is asserted" test-expression...        assert any condition ([ ... ], grep -q, ...)
#   finish                                              print "N passed, N failed" and exit 0/1
# Output of a failing command is shown; a passing one stays quiet unless VMHA_TEST_VERBOSE=1.
passed=0
failed=0
failures=()
: "${VMHA_BUILD_DIR:?run through ctest (VMHA_BUILD_DIR unset)}"
: "${VMHA_SOURCE_DIR:?run through ctest (VMHA_SOURCE_DIR unset)}"
VMHA_SUPPORT=${VMHA_SUPPORT:-$VMHA_SOURCE_DIR/tests/support}
vmha_host="$VMHA_SUPPORT/vmha-host"

_record() {
  local ok=$1 what=$2
  if [ "$ok" = 1 ]; then
    passed=$((passed + 1)); echo "ok   - $what"
  else
    failed=$((failed + 1)); failures+=("$what"); echo "FAIL - $what"
  fi
}

check() {
  local what=$1 want=$2; shift 2
  local out rc
  out=$("$@" 2>&1) && rc=0 || rc=$?
  last_output=$out
  last_rc=$rc
  if [ "$rc" = "$want" ]; then
    _record 1 "$what (rc $rc)"
    [ "${VMHA_TEST_VERBOSE:-0}" = 1 ] && printf '%s\n' "$out" | sed 's/^/     | /'
  else
    _record 0 "$what: want rc $want, got $rc"
    printf '%s\n' "$out" | tail -n 20 | sed 's/^/     | /'
  fi
  return 0
}

expect() {
  local what=$1; shift
  if "$@"; then _record 1 "$what"; else _record 0 "$what"; fi
  return 0
}

finish() {
  echo "$passed passed, $failed failed"
  if [ "$failed" -gt 0 ]; then
    printf 'failed: %s\n' "${failures[@]}"
    exit 1
  fi
  exit 0
}
