#!/usr/bin/env bash
# The cluster-wide (CPG) backend: two hosts (fx1, fx2) in one corosync cluster, our fence_virtd
# on each with a TCP listener on loopback. A client on fx1 fences a guest that runs on fx2.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/guest.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
daemon=$VMHA_BUILD_DIR/fence/virtd/fence_virtd
client=$VMHA_BUILD_DIR/fence/xvm/fence_virt
work=$(mktemp -d /var/tmp/vmha-fence-cpg.XXXXXX)
hosts=(fx1 fx2)
cleanup() {
  if [ "$failed" -gt 0 ]; then for h in "${hosts[@]}"; do echo "--- $h fence_virtd"; "$vmha_host" exec "$h" cat /run/fence_virtd.log 2>/dev/null | tail -15; done; fi
  for h in "${hosts[@]}"; do "$vmha_host" down "$h" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
on() { local h=$1; shift; "$vmha_host" exec "$h" "$@"; }

new_key "$work/key"
virtd_conf "$work/fence_virt.conf" tcp cpg qemu:///system "$work/key" 'address = "127.0.0.1"; port = "1229";'

for i in 1 2; do
  h=fx$i
  "$vmha_host" down "$h" >/dev/null 2>&1
  "$vmha_host" up "$h" --ip "192.0.2.2$i" >/dev/null || { echo "cannot start $h"; exit 1; }
done
"$vmha_host" cluster-up --name fxcpg --no-pacemaker fx1:192.0.2.21 fx2:192.0.2.22 || { echo "corosync did not start"; exit 1; }
define_guest fx1 fxc1
define_guest fx2 fxc2
on fx1 virsh -q start fxc1 >/dev/null
on fx2 virsh -q start fxc2 >/dev/null
members() { on fx1 corosync-cpgtool 2>/dev/null | grep -c 'nodeid' ; }
for _ in $(seq 100); do on fx1 corosync-quorumtool -s 2>/dev/null | grep -q 'Total votes: *2' && break; sleep 0.3; done
for h in "${hosts[@]}"; do
  on "$h" sh -c "'$daemon' -F -f '$work/fence_virt.conf' -p /run/fence_virtd.pid > /run/fence_virtd.log 2>&1 &"
done
c=("$client" -T 127.0.0.1 -k "$work/key" -t 40)
uuid2=$(on fx2 virsh domuuid fxc2 | head -1)
# Both daemons announce their guests within a few seconds of joining.
for _ in $(seq 100); do on fx1 "${c[@]}" -o list 2>/dev/null | grep -q '^fxc2 ' && break; sleep 0.3; done

check "fx1 lists guests of both hosts" 0 on fx1 "${c[@]}" -o list
expect "  ... fxc1 (local) on" grep -q '^fxc1 .* on$' <<<"$last_output"
expect "  ... fxc2 (on fx2) on, with its uuid" grep -q "^fxc2  *$uuid2 on$" <<<"$last_output"
check "status of fxc2 asked on fx1" 0 on fx1 "${c[@]}" -o status -n fxc2
check "off of fxc2 asked on fx1" 0 on fx1 "${c[@]}" -o off -n fxc2
expect "fxc2 is shut off on fx2" shut_off fx2 fxc2
check "status of fxc2 now OFF" 2 on fx1 "${c[@]}" -o status -n fxc2
check "on of fxc2 (by uuid) asked on fx1" 0 on fx1 "${c[@]}" -o on -n "$uuid2"
expect "fxc2 runs on fx2 again" [ "$(domstate fx2 fxc2)" = "running" ]
check "reboot of fxc1 asked on fx2 (local to fx1)" 0 on fx2 "${c[@]}" -o reboot -n fxc1
expect "fxc1 runs after reboot" [ "$(domstate fx1 fxc1)" = "running" ]
check "Debian fence_virt on fx1 fences fxc2 through ours" 0 on fx1 /usr/sbin/fence_virt -T 127.0.0.1 -k "$work/key" -t 40 -o off -n fxc2
expect "fxc2 is shut off on fx2" shut_off fx2 fxc2
check "a guest no host knows is OFF" 2 on fx1 "${c[@]}" -o status -n nosuchguest
finish
