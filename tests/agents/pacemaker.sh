# The agent under a real Pacemaker: a one-node corosync + Pacemaker cluster in a private host
# with ocf:vmha:VirtualDomain installed. Pacemaker reads OCF 1.1 meta-data, starts the guest,
# the agent writes its utilization, a killed guest is recovered, a reloadable parameter change
# is applied by reload-agent without restarting the guest, and target-role=Stopped stops it.
source "$(dirname "$0")/agentlib.sh"

host_up pm1 --ip 192.0.2.10
in_pm1() { "$vmha_host" exec pm1 "$@"; }

# Install the agent for this host only (the machine's /usr/lib/ocf stays untouched).
"$vmha_host" install pm1 /usr/lib/ocf/resource.d/vmha "$agent"

"$vmha_host" cluster-up --name vmha-agent-test pm1:192.0.2.10

# wait_for WHAT SECONDS command...: poll until the command succeeds.
wait_for() {
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 2))); do "$@" >/dev/null 2>&1 && { _record 1 "$what"; return 0; }; sleep 0.5; done
  _record 0 "$what (not within ${secs} s)"
  return 1
}
node_online() { in_pm1 crm_mon -1 | grep -q "Online: \[ pm1 \]"; }
wait_for "the one-node cluster is up" 120 node_online || finish

check "Pacemaker reads the agent's meta-data" 0 in_pm1 crm_resource --show-metadata ocf:vmha:VirtualDomain
expect "  as OCF 1.1, with reloadable parameters" grep -q 'reloadable="1"' <<<"$last_output"

cfg=$(make_guest vmha-pcmk)
sed -i 's|<vcpu>1</vcpu>|<vcpu>2</vcpu>|' "$cfg"
in_pm1 crm_attribute --type crm_config --name stonith-enabled --update false
check "create the resource" 0 in_pm1 cibadmin --create -o resources --xml-text "
  <primitive id='vm1' class='ocf' provider='vmha' type='VirtualDomain'>
    <instance_attributes id='vm1-ia'>
      <nvpair id='vm1-config' name='config' value='$cfg'/>
      <nvpair id='vm1-force' name='force_stop' value='true'/>
    </instance_attributes>
    <operations><op id='vm1-mon' name='monitor' interval='3s' timeout='30s'/></operations>
  </primitive>"
started() { in_pm1 crm_mon -1 | grep -q "vm1.*Started pm1" && runs_on pm1 vmha-pcmk; }
wait_for "Pacemaker started the guest" 60 started
util() { in_pm1 crm_resource -r vm1 -z -g "$1" 2>/dev/null; }
wait_for "utilization cpu = the guest's 2 vCPUs" 20 bash -c "[ \"\$('$vmha_host' exec pm1 crm_resource -r vm1 -z -g cpu 2>/dev/null)\" = 2 ]"
expect "utilization host_memory = 64 MiB" [ "$(util host_memory)" = 64 ]
expect "utilization hv_memory = 64 MiB" [ "$(util hv_memory)" = 64 ]

qemu_pid() { pgrep -f -- "-name guest=vmha-pcmk," | head -n1; }
pid=$(qemu_pid)
kill -9 "$pid"
recovered() { local p; p=$(qemu_pid); [ -n "$p" ] && [ "$p" != "$pid" ] && started; }
wait_for "a killed guest is seen failed and restarted by Pacemaker" 60 recovered
fails() { in_pm1 crm_failcount --query -r vm1 -N pm1 | grep -q 'value=[1-9]'; }
expect "  and the failure was counted" fails

pid=$(qemu_pid)
check "change a reloadable parameter" 0 in_pm1 crm_resource -r vm1 -p migration_speed -v 100
reloaded() { in_pm1 grep -q "Result of reload-agent operation for vm1 on pm1: ok" /var/log/pacemaker/pacemaker.log; }
wait_for "Pacemaker applied it with reload-agent" 30 reloaded
expect "  without restarting the guest" [ "$(qemu_pid)" = "$pid" ]

check "target-role=Stopped" 0 in_pm1 crm_resource -r vm1 --meta -p target-role -v Stopped
stopped() { in_pm1 crm_resource --locate -r vm1 2>&1 | grep -q "NOT running" && absent_on pm1 vmha-pcmk; }
wait_for "Pacemaker stopped the guest" 60 stopped

finish
