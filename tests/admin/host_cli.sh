# vmha host drain / resume / list as a user runs them, on saved CIBs (CIB_file=, which Pacemaker's
# own tools honour, crm_simulate's copy included): every refusal is one line, exit 1, and leaves the
# CIB byte for byte as it was; bad usage exits 2; a drain that the scheduler allows really puts the
# host in standby (the saved CIB says so), a resume ends it.
source "$VMHA_SUPPORT/testlib.sh"
vmha="$VMHA_BUILD_DIR/admin/vmha"
data="$VMHA_SOURCE_DIR/tests/admin/data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
on() { local s=$1; shift; cp "$data/$s.cib.xml" "$work/cib.xml"; CIB_file="$work/cib.xml" "$@"; }
unchanged() { cmp -s "$work/cib.xml" "$data/$1.cib.xml"; }
one_line() { [ "$(printf '%s\n' "$last_output" | wc -l)" = 1 ]; }

check "vmha host (no verb) is bad usage" 2 "$vmha" host
expect "  one line naming the verbs" [ "$last_output" = "vmha: host needs drain, resume or list (see vmha --help)" ]
check "vmha host reboot is bad usage" 2 "$vmha" host reboot
expect "  one line naming the verbs" [ "$last_output" = "vmha: host needs drain, resume or list (see vmha --help)" ]
check "vmha host drain without a host is bad usage" 2 "$vmha" host drain
expect "  one line naming it" [ "$last_output" = "vmha: host drain needs a HOST (see vmha --help)" ]
check "vmha host drain hv1 --parallel 0 is bad usage" 2 "$vmha" host drain hv1 --parallel 0
expect "  one line naming it" [ "$last_output" = "vmha: --parallel needs a number from 1 to 1000, not '0'" ]
check "vmha host drain hv1 --timeout soon is bad usage" 2 "$vmha" host drain hv1 --timeout soon
check "vmha host resume hv1 --allow-stop is bad usage (a drain's option)" 2 "$vmha" host resume hv1 --allow-stop
expect "  one line naming it" [ "$last_output" = "vmha: --allow-stop applies to host drain only" ]
check "vmha host list extra is bad usage" 2 "$vmha" host list extra
check "vmha --help lists the host commands" 0 "$vmha" --help
expect "  drain with its options" grep -q -- "vmha host drain HOST \[--parallel N\] \[--timeout T\] \[--allow-stop\]" <<<"$last_output"

check "vmha host list" 0 on host_ok "$vmha" host list
expect "  hv1 with its two guests and its capacity" grep -q "^hv1 *online (DC) *2 *cpu 2/8 hv_memory 2048/8192 *g1 g2$" <<<"$last_output"

# Refusals decided by Pacemaker's scheduler on a copy (the scenarios of data/regen_host.sh).
for row in "host_capacity:draining hv1 would stop g4 (no other host may run it: failover domain or capacity); --allow-stop accepts that" \
           "host_restricted:draining hv1 would stop ga (no other host may run it: failover domain or capacity); --allow-stop accepts that" \
           "host_restart:draining hv1 would restart gh elsewhere (it cannot migrate live); --allow-stop accepts that" \
           "host_frozen:hv1 would not become empty: Pacemaker does not manage gz (frozen), which would stay there"; do
  s=${row%%:*} why=${row#*:}
  check "vmha host drain hv1 on $s is refused" 1 on "$s" "$vmha" host drain hv1
  expect "  one line: $why" [ "$last_output" = "vmha: refused: $why" ]
  expect "  the CIB is untouched" unchanged "$s"
done
check "vmha host drain hv1 --allow-stop on host_frozen is still refused" 1 on host_frozen "$vmha" host drain hv1 --allow-stop
expect "  the CIB is untouched" unchanged host_frozen
# Refusals before any simulation.
check "vmha host drain hv9 is refused" 1 on host_ok "$vmha" host drain hv9
expect "  one line" one_line
expect "  the CIB is untouched" unchanged host_ok
check "vmha host resume hv1 (not in standby) is refused" 1 on host_ok "$vmha" host resume hv1
expect "  says why" [ "$last_output" = "vmha: refused: hv1 is not in standby: it is online" ]
expect "  the CIB is untouched" unchanged host_ok
check "vmha host drain hv1 on an inquorate partition is refused" 1 on inquorate "$vmha" host drain hv1
expect "  the CIB is untouched" unchanged inquorate
check "vmha host drain hv1 when hv1 is already in standby is refused" 1 on host_back "$vmha" host drain hv1
expect "  the CIB is untouched" unchanged host_back

# Allowed: the standby is really set. A file CIB has no cluster to carry out the moves, so the wait
# ends at the timeout (exit 1, naming the guests still there).
check "vmha host drain hv1 --timeout 2 on host_ok sets standby and times out waiting" 1 on host_ok "$vmha" host drain hv1 --timeout 2
expect "  printed the scheduler's plan" grep -q "^  g1  hv1 -> hv2 (live)$" <<<"$last_output"
expect "  names what is still there" grep -q "hv1 is not empty in time: g1 (started on hv1), g2 (started on hv1); it stays in standby" <<<"$last_output"
standby_of() { CIB_file="$work/cib.xml" crm_attribute --type nodes --node hv1 --name standby --query --quiet 2>/dev/null; }
expect "  hv1 is in standby in the CIB" [ "$(standby_of)" = on ]
check "vmha host drain hv1 --parallel 2 --timeout 1: migration-limit is restored (unset) afterwards" 1 on host_ok "$vmha" host drain hv1 --parallel 2 --timeout 1
expect "  no migration-limit left" bash -c "! CIB_file='$work/cib.xml' crm_attribute --type crm_config --name migration-limit --query --quiet"
check "vmha host resume hv1 --timeout 1 on host_back ends the standby" 1 on host_back "$vmha" host resume hv1 --timeout 1
expect "  printed the scheduler's plan (g1, g2 back live)" grep -q "^  g1  hv2 -> hv1 (live)$" <<<"$last_output"
expect "  hv1's standby is gone" bash -c "[ -z \"\$(CIB_file='$work/cib.xml' crm_attribute --type nodes --node hv1 --name standby --query --quiet 2>/dev/null)\" ]"
check "vmha host list with no cluster to read exits 2" 2 env CIB_file="$work/missing.xml" "$vmha" host list
finish
