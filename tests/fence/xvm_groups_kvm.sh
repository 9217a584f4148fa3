#!/usr/bin/env bash
# fence_virtd `groups` access control with real KVM guests (host fy1): Debian's fence_virt (TCP)
# asks our fence_virtd from two source addresses. Group "web" lets 192.0.2.60 act on fyg1 only;
# group "local" lets 127.0.0.1 act on fyg2, listed by UUID and asked for by name. A request for a
# guest outside the caller's groups gets "permission denied" (exit 3), is logged, and nothing
# happens to the guest.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/guest.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
daemon=$VMHA_BUILD_DIR/fence/virtd/fence_virtd
debian_virt=/usr/sbin/fence_virt
host=fy1
work=$(mktemp -d /var/tmp/vmha-fence-groups.XXXXXX)
cleanup() {
  [ "$failed" -gt 0 ] && { echo "--- fence_virtd log"; cat "$work/virtd.log" 2>/dev/null | tail -20; }
  "$vmha_host" down "$host" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
on() { "$vmha_host" exec "$host" "$@"; }

"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" --ip 192.0.2.60 >/dev/null || { echo "cannot start host $host"; exit 1; }
define_guest "$host" fyg1
define_guest "$host" fyg2
on virsh -q start fyg1 >/dev/null
on virsh -q start fyg2 >/dev/null
uuid2=$(on virsh domuuid fyg2 | head -1)

new_key "$work/key"
virtd_conf "$work/fence_virt.conf" tcp libvirt qemu:///system "$work/key" 'address = "0.0.0.0"; port = "1229";' "groups {
	group { name = \"web\"; ip = \"192.0.2.60\"; uuid = \"fyg1\"; }
	group { name = \"local\"; ip = \"127.0.0.1\"; uuid = \"${uuid2^^}\"; }
}"
on sh -c "'$daemon' -F -f '$work/fence_virt.conf' -p /run/fence_virtd.pid > '$work/virtd.log' 2>&1 &"

# Connecting to an address of the host itself makes that address the source the daemon sees.
from_web=(on "$debian_virt" -T 192.0.2.60 -k "$work/key" -t 10)
from_local=(on "$debian_virt" -T 127.0.0.1 -k "$work/key" -t 10)
for _ in $(seq 100); do "${from_web[@]}" -o monitor >/dev/null 2>&1 && break; sleep 0.2; done

check "web: status of its guest" 0 "${from_web[@]}" -o status -n fyg1
check "web: status of another group's guest is denied" 3 "${from_web[@]}" -o status -n fyg2
check "web: list shows only its guest" 0 "${from_web[@]}" -o list
expect "web: list has fyg1" grep -q '^fyg1 ' <<<"$last_output"
expect "web: list hides fyg2" bash -c "! grep -q '^fyg2 ' <<<'$last_output'"
check "web: off of another group's guest is denied" 3 "${from_web[@]}" -o off -n fyg2
expect "fyg2 still running after the denied off" [ "$(domstate $host fyg2)" = "running" ]
check "web: reboot by UUID of another group's guest is denied" 3 "${from_web[@]}" -o reboot -n "$uuid2"
expect "fyg2 still running after the denied reboot" [ "$(domstate $host fyg2)" = "running" ]
check "web: off of its guest" 0 "${from_web[@]}" -o off -n fyg1
expect "fyg1 shut off" shut_off "$host" fyg1
check "local: on of web's guest is denied" 3 "${from_local[@]}" -o on -n fyg1
expect "fyg1 still off after the denied on" [ "$(domstate $host fyg1)" = "shut off" ]
check "web: on of its guest" 0 "${from_web[@]}" -o on -n fyg1
expect "fyg1 running again" [ "$(domstate $host fyg1)" = "running" ]
check "local: off of its guest, listed by UUID, asked by name" 0 "${from_local[@]}" -o off -n fyg2
expect "fyg2 shut off" shut_off "$host" fyg2
check "local: monitor needs no guest access" 0 "${from_local[@]}" -o monitor
check "an unknown guest is denied, not reported OFF" 3 "${from_web[@]}" -o status -n nosuch
expect "the daemon logged the refusals" grep -q "request 1 for 'fyg2' from 192.0.2.60 refused: no group" "$work/virtd.log"
expect "the daemon logged the refusal of 127.0.0.1" grep -q "request 3 for 'fyg1' from 127.0.0.1 refused" "$work/virtd.log"
finish
