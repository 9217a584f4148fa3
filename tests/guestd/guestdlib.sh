# guestdlib.sh: what the vmha-guestd tests on a one-node cluster share: the cluster on host pm1, the
# daemon started and stopped inside it, its log, and the checks on what it did.
source "$VMHA_SOURCE_DIR/tests/agents/agentlib.sh"

guestd="$VMHA_BUILD_DIR/guestd/vmha-guestd"
log="$work/guestd.log"
in_pm1() { "$vmha_host" exec pm1 "$@"; }

# wait_for WHAT SECONDS command...: polls every 0.2 s until the command succeeds, for SECONDS of time
# (a command that itself takes seconds, as a guest-agent call, does not stretch the wait).
wait_for() {
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  while [ "$SECONDS" -lt "$end" ]; do "$@" >/dev/null 2>&1 && { _record 1 "$what"; return 0; }; sleep 0.2; done
  _record 0 "$what (not within ${secs} s)"
  return 1
}
# holds WHAT SECONDS command...: the command stays true for that long (what must NOT happen, doesn't).
holds() {
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  while [ "$SECONDS" -lt "$end" ]; do "$@" >/dev/null 2>&1 || { _record 0 "$what"; return 1; }; sleep 0.2; done
  _record 1 "$what"
}
daemon_up() {
  "$vmha_host" exec pm1 bash -c "exec '$guestd' -d >>'$log' 2>&1" &
  wait_for "vmha-guestd runs" 20 in_pm1 "$guestd" --status
}
daemon_down() { in_pm1 bash -c 'kill "$(cat /run/vmha/guestd/pid)"'; wait_for "vmha-guestd stopped" 10 bash -c "! '$vmha_host' exec pm1 '$guestd' --status"; }
logged() { grep -qF -- "$1" "$log"; }
# The transition a change starts includes the first run of the re-registered monitor: a check that
# begins before it ends could see that monitor, not the daemon, act on what it does next.
settle() { in_pm1 crm_resource --wait --timeout=60 >/dev/null 2>&1 || true; }
# On a failed check, what the daemon said of a guest (the CI's log shows only this test's output).
tell_log() { grep -F -- "$1" "$log" | tail -n 20 | sed 's/^/#   /'; }
reports() { grep -c "reported the failure of $1 " "$log" || true; }
qemu_pid() { pgrep -f -- "-name guest=$1," | head -n1; }
started() { in_pm1 crm_mon -1 | grep -q "$1.*Started pm1" && runs_on pm1 "$2"; }
failures() { in_pm1 crm_failcount --query -r "$1" -N pm1 | sed -n 's/.*value=//p'; }
no_failures() { local f; f=$(failures "$1"); [ -z "$f" ] || [ "$f" = 0 ]; }
recovered() { local p; p=$(qemu_pid "$2"); [ -n "$p" ] && [ "$p" != "$3" ] && started "$1" "$2"; }

node_online() { in_pm1 crm_mon -1 | grep -q "Online: \[ pm1 \]"; }
# pm1_cluster: a one-node corosync + Pacemaker cluster on pm1 (already up), the agent installed, no fencing.
pm1_cluster() {
  "$vmha_host" install pm1 /usr/lib/ocf/resource.d/vmha "$agent"
  "$vmha_host" cluster-up --name vmha-guestd-test pm1:192.0.2.10
  wait_for "the one-node cluster is up" 120 node_online || finish
  in_pm1 crm_attribute --type crm_config --name stonith-enabled --update false
}

resource() {  # resource ID CONFIG [policy [more nvpairs]]
  in_pm1 cibadmin --create -o resources --xml-text "
  <primitive id='$1' class='ocf' provider='vmha' type='VirtualDomain'>
    <instance_attributes id='$1-ia'>
      <nvpair id='$1-config' name='config' value='$2'/>
      <nvpair id='$1-force' name='force_stop' value='true'/>
      <nvpair id='$1-policy' name='storage_error_policy' value='${3:-kill}'/>${4:-}
    </instance_attributes>
    <operations><op id='$1-mon' name='monitor' interval='300s' timeout='30s'/></operations>
  </primitive>"
}
