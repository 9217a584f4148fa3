#!/usr/bin/env bash
# Pacemaker calls our agents: a one-node cluster (real corosync + pacemaker) inside host fx3,
# stonith resources using fence_libvirt and fence_xvm (TCP to our fence_virtd) with pcmk_host_map;
# (stonith_admin 2.1 spells "off" --fence)
# stonith_admin --fence / --reboot of guests works and is reported in the fencing history.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/guest.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
host=fx3
work=$(mktemp -d /var/tmp/vmha-fence-pcmk.XXXXXX)
cleanup() {
  if [ "$failed" -gt 0 ]; then
    "$vmha_host" exec "$host" crm_mon -1 2>/dev/null | tail -20
    "$vmha_host" exec "$host" sh -c 'grep -h "fence\|stonith" /var/log/pacemaker/pacemaker.log | tail -30' 2>/dev/null
  fi
  "$vmha_host" down "$host" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
on() { "$vmha_host" exec "$host" "$@"; }
wait_until() { local limit=$1; shift; local i; for i in $(seq 1 $((limit * 2))); do "$@" && return 0; sleep 0.5; done; return 1; }

# Pacemaker looks for agents named fence_* in /usr/sbin: inside this host only, overlay our
# binaries on top of /usr/sbin (our fence_xvm hides Debian's there; the machine is untouched).
mkdir -p "$work/sbin"
cp "$VMHA_BUILD_DIR/fence/fence_libvirt" "$VMHA_BUILD_DIR/fence/xvm/fence_virt" "$work/sbin/"
ln -s fence_virt "$work/sbin/fence_xvm"
new_key "$work/key"
virtd_conf "$work/fence_virt.conf" tcp libvirt qemu:///system "$work/key" 'address = "127.0.0.1"; port = "1229";'

"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
on mount -t overlay overlay -o "lowerdir=$work/sbin:/usr/sbin" /usr/sbin || { echo "overlay failed"; exit 1; }
define_guest "$host" fxp1
define_guest "$host" fxp2
on virsh -q start fxp1 >/dev/null
on virsh -q start fxp2 >/dev/null
on sh -c "/usr/sbin/fence_virtd -F -f '$work/fence_virt.conf' -p /run/fence_virtd.pid > /run/fence_virtd.log 2>&1 &"
"$vmha_host" cluster-up --name fxpcmk "$host"
online() { on crm_mon -1 2>/dev/null | grep -q 'Online: \[ fx3 \]'; }
expect "the one-node cluster comes online" wait_until 120 online

check "stonith_admin sees our fence_libvirt metadata" 0 on stonith_admin -a fence_libvirt -M
check "stonith_admin sees our fence_xvm metadata" 0 on stonith_admin -a fence_xvm -M
expect "  ... it is ours (TCP client, plug obsoletes port)" grep -q 'Power Fencing agent for virtual machines speaking the fence_xvm protocol' <<<"$last_output"
on crm_attribute -t crm_config -n stonith-enabled -v true >/dev/null
check "add stonith resource fence_libvirt" 0 on cibadmin --create -o resources --xml-text \
  '<primitive id="f-libvirt" class="stonith" type="fence_libvirt"><instance_attributes id="f-libvirt-ia"><nvpair id="f-libvirt-uri" name="uri" value="qemu:///system"/><nvpair id="f-libvirt-map" name="pcmk_host_map" value="node-a:fxp1"/></instance_attributes></primitive>'
check "add stonith resource fence_xvm" 0 on cibadmin --create -o resources --xml-text \
  "<primitive id=\"f-xvm\" class=\"stonith\" type=\"fence_xvm\"><instance_attributes id=\"f-xvm-ia\"><nvpair id=\"f-xvm-ip\" name=\"ipaddr\" value=\"127.0.0.1\"/><nvpair id=\"f-xvm-key\" name=\"key_file\" value=\"$work/key\"/><nvpair id=\"f-xvm-map\" name=\"pcmk_host_map\" value=\"node-b:fxp2\"/></instance_attributes></primitive>"
started() { on crm_mon -1 2>/dev/null | grep -q "$1.*Started"; }
expect "fence_libvirt device started (monitor passes)" wait_until 60 started f-libvirt
expect "fence_xvm device started (monitor passes)" wait_until 60 started f-xvm

check "stonith_admin --fence node-a (fence_libvirt, host map → fxp1)" 0 on stonith_admin --fence node-a --timeout 60
expect "fxp1 is shut off" shut_off "$host" fxp1
expect "fxp2 untouched" [ "$(domstate $host fxp2)" = "running" ]
pid_before=$(on cat /run/libvirt/qemu/fxp2.pid)
check "stonith_admin --reboot node-b (fence_xvm → our fence_virtd → fxp2)" 0 on stonith_admin --reboot node-b --timeout 60
pid_after=$(on cat /run/libvirt/qemu/fxp2.pid 2>/dev/null)
expect "fxp2 was restarted (new qemu process)" [ -n "$pid_after" -a "$pid_after" != "$pid_before" ]
check "stonith_admin --fence node-b" 0 on stonith_admin --fence node-b --timeout 60
expect "fxp2 is shut off" shut_off "$host" fxp2
check "fencing history of node-a" 0 on stonith_admin --history node-a
expect "  ... reports the off as successful" grep -qi 'successful' <<<"$last_output"
check "fencing history of node-b" 0 on stonith_admin --history node-b
expect "  ... reports a successful fencing of node-b" grep -qi 'of node-b successful' <<<"$last_output"
check "fencing an unmapped target fails (no such device)" 105 on stonith_admin --fence node-z --timeout 20
finish
