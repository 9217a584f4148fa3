# Can the chaos run fail? The same runner as lab.chaos with a planted broken fence device
# (`--fence-mode lying`: the lab's power switch answers "off" and leaves the host on). Seed 2's only
# fault, drawn from `--kinds pacemaker-kill`, kills every Pacemaker daemon of hv1 while it runs vm1:
# hv2 must fence hv1, the switch lies, and hv1 — its corosync, qdiskd and qemu untouched — still runs
# vm1 when the runner's fence watcher looks. The run must fail, and for that reason: a fenced host ran
# a guest. (A cable cut does not show it in this lab: hv1's own qdiskd powers it off when its
# heuristic fails, before hv2's fence, so the lie harms nobody; tried, the run passed.) If this test
# passes while the runner's invariants are broken, lab.chaos's passing proves nothing: it was this
# test that showed the fence watcher had never run.
source "$VMHA_SOURCE_DIR/tests/support/testlib.sh"
runner="$VMHA_SOURCE_DIR/tests/lab/chaos/run.sh"
args=${VMHA_CHAOS_PLANTED_ARGS:---seed 2 --faults 1 --hosts 2 --guests 2 --kinds pacemaker-kill}
out=$(mktemp /var/tmp/vmha-chaos-planted.XXXXXX)
trap 'rm -f "$out"' EXIT

# shellcheck disable=SC2086
bash "$runner" $args --fence-mode lying >"$out" 2>&1 && rc=0 || rc=$?
sed 's/^/     | /' "$out"
expect "the run with a lying fence device fails (rc $rc)" [ "$rc" -ne 0 ]
expect "  it says the fence device was planted" grep -q "PLANTED: the fence device lies" "$out"
expect "  it fails because a fenced host still ran a guest" grep -q "^failed: .*a fenced host ran no guest" "$out"
expect "  its evidence names the host and the guest" grep -Eq "the switch reported hv[0-9] off, and hv[0-9] still runs: vm[0-9]" "$out"
expect "  it prints the seed and how to replay it" grep -q "chaos run FAILED: seed .* --fence-mode lying" "$out"
finish
