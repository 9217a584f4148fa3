# The VirtualDomain face's everyday life against a real libvirtd and a real KVM guest:
# validate-all → start → monitor/probe → idempotent start → stop → probe, and stop of a guest
# that ignores ACPI (destroy before the deadline, never after the timeout).
source "$(dirname "$0")/agentlib.sh"

host_up ag1
cfg=$(make_guest vmha-life)
env=(OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=20000)

check "validate-all with a readable config" 0 on ag1 "${env[@]}" -- "$agent" validate-all
check "probe before start says not running" 7 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor
check "start" 0 on ag1 "${env[@]}" -- "$agent" start
expect "the guest runs after start" runs_on ag1 vmha-life
expect "started as a transient domain, as VirtualDomain does" \
  bash -c "! '$vmha_host' exec ag1 virsh -q -c qemu:///system list --persistent --name | grep -qx vmha-life"
check "monitor while running" 0 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
check "probe while running" 0 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor
check "status is monitor's synonym" 0 on ag1 "${env[@]}" -- "$agent" status
check "second start is a no-op success" 0 on ag1 "${env[@]}" -- "$agent" start

# The tiny guest has no OS: it ignores the ACPI request, so stop must power it off itself,
# and do so before its 20 s timeout.
t0=$(now_ms)
check "stop of a guest that ignores ACPI" 0 on ag1 "${env[@]}" -- "$agent" stop
elapsed=$(( $(now_ms) - t0 ))
expect "stop ended inside its 20 s timeout (took ${elapsed} ms)" [ "$elapsed" -lt 20000 ]
expect "stop first asked for a shutdown, then powered off" grep -q "powering it off" <<<"$last_output"
expect "the guest is gone after stop" absent_on ag1 vmha-life
check "monitor after stop" 7 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
check "second stop is a no-op success" 0 on ag1 "${env[@]}" -- "$agent" stop

# force_stop: destroy at once, no shutdown request.
check "start again" 0 on ag1 "${env[@]}" -- "$agent" start
check "stop with force_stop" 0 on ag1 "${env[@]}" OCF_RESKEY_force_stop=true -- "$agent" stop
expect "force_stop did not wait for a shutdown" bash -c "! grep -q 'requested shutdown' <<<\"\$1\"" _ "$last_output"
expect "the guest is gone after the forced stop" absent_on ag1 vmha-life

# A stale persistent definition of the same name is replaced by the cluster's config.
virsh_on ag1 define "$cfg" >/dev/null
check "start over a stale inactive definition" 0 on ag1 "${env[@]}" -- "$agent" start
expect "the guest runs" runs_on ag1 vmha-life
expect "and the config file is still there" [ -s "$cfg" ]
check "stop (force)" 0 on ag1 "${env[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop

# monitor_scripts: a failing script makes monitor fail; start waits for it to pass.
printf '#!/bin/sh\n[ -e %s/healthy ]\n' "$work" > "$work/check.sh"; chmod +x "$work/check.sh"
touch "$work/healthy"
check "start with a passing monitor script" 0 on ag1 "${env[@]}" OCF_RESKEY_monitor_scripts="$work/check.sh" -- "$agent" start
rm -f "$work/healthy"
check "monitor fails when a monitor script fails" 1 on ag1 "${env[@]}" OCF_RESKEY_monitor_scripts="$work/check.sh" \
  OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
expect "the failing script is named in the exit reason" grep -q "ocf-exit-reason:.*check.sh failed" <<<"$last_output"
check "stop" 0 on ag1 "${env[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop

# Depth 10: the QEMU guest agent must answer when the guest has its channel (this one has no OS,
# so nothing answers); a guest without the channel is not asked.
agent_cfg=$(make_guest vmha-qga "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>")
genv=(OCF_RESKEY_config="$agent_cfg" OCF_RESKEY_CRM_meta_timeout=20000 OCF_RESKEY_CRM_meta_interval=60000)
check "start a guest with a guest-agent channel" 0 on ag1 "${genv[@]}" -- "$agent" start
check "depth-0 monitor does not ask the guest agent" 0 on ag1 "${genv[@]}" OCF_CHECK_LEVEL=0 -- "$agent" monitor
check "depth-10 monitor fails when the guest agent is silent" 1 on ag1 "${genv[@]}" OCF_CHECK_LEVEL=10 -- "$agent" monitor
expect "the exit reason names the guest agent" grep -q "guest agent does not answer" <<<"$last_output"
check "stop it" 0 on ag1 "${genv[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop

finish
