# Never lie for a remote hypervisor (issue 13 item 1): with hypervisor=qemu+tcp://HOST/system or
# qemu+ssh://HOST/system and HOST unreachable, the local process table proves nothing about that host's
# guest, so monitor and probe fail (OCF_ERR_GENERIC) and stop fails, never "not running"/"stopped".
# HOST is a real address nothing answers: 192.0.2.99 on the test switch, inside the hosts' private network
# namespaces only. hypervisor=qemu (not a URI) is refused by validate-all and by every action.
source "$(dirname "$0")/agentlib.sh"

host_up ag1 --ip 192.0.2.41
cfg=$(make_guest vmha-remote)
base=(OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=20000)
expect "nothing answers at 192.0.2.99" bash -c "! '$vmha_host' exec ag1 ping -c1 -W1 192.0.2.99 >/dev/null 2>&1"

for uri in qemu+tcp://192.0.2.99/system qemu+ssh://root@192.0.2.99/system; do
  env=("${base[@]}" OCF_RESKEY_hypervisor="$uri")
  check "$uri: probe fails, never 'not running'" 1 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor
  expect "  and says why" grep -q "ocf-exit-reason:.*is not this host's own daemon" <<<"$last_output"
  check "$uri: monitor fails" 1 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
  check "$uri: stop fails, never 'stopped'" 1 on ag1 "${env[@]}" -- "$agent" stop
  check "$uri: start fails" 1 on ag1 "${env[@]}" -- "$agent" start
  vmenv=(OCF_RESKEY_name=vmha-remote OCF_RESKEY_hypervisor_uri="$uri" OCF_RESKEY_RGMANAGER_meta_timeout=20)
  check "vm.sh $uri: status fails, never 'not running'" 1 on ag1 "${vmenv[@]}" -- "$vmsh" status
  check "vm.sh $uri: stop fails" 1 on ag1 "${vmenv[@]}" -- "$vmsh" stop
done

# This host's own daemon stopped: the process table is the evidence, as before.
lpid=$("$vmha_host" libvirtd-pid ag1)
kill -TERM "$lpid"
for _ in $(seq 1 100); do kill -0 "$lpid" 2>/dev/null || break; sleep 0.1; done
expect "libvirtd is down" bash -c "! kill -0 $lpid 2>/dev/null"
check "qemu:///system with libvirtd down and no qemu process: probe says not running" 7 \
  on ag1 "${base[@]}" OCF_RESKEY_hypervisor=qemu:///system OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor
check "vm.sh, hypervisor=qemu (local) with libvirtd down: status says not running" 7 \
  on ag1 OCF_RESKEY_name=vmha-remote OCF_RESKEY_hypervisor=qemu -- "$vmsh" status
"$vmha_host" start-libvirtd ag1 >/dev/null

for action in validate-all monitor stop start; do
  check "hypervisor=qemu (not a URI): $action refuses it" 6 \
    on ag1 "${base[@]}" OCF_RESKEY_hypervisor=qemu OCF_RESKEY_CRM_meta_interval=0 -- "$agent" "$action"
done
expect "  with a one-line reason" grep -q 'ocf-exit-reason:parameter hypervisor="qemu" is not a libvirt URI' <<<"$last_output"
check "vm.sh hypervisor_uri=qemu (not a URI): status refuses it" 6 \
  on ag1 OCF_RESKEY_name=vmha-remote OCF_RESKEY_hypervisor_uri=qemu -- "$vmsh" status

finish
