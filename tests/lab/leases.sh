#!/usr/bin/env bash
# Storage leases end to end (tests/lab/leases.yaml, docs/leases.md): two lab hosts whose libvirt
# leases every guest disk through virtlockd, a real Pacemaker cluster, and a fence device that lies.
# - An administrator's virsh create/start of a running cluster guest on the other host is refused.
# - Live migration by Pacemaker: the lease follows the guest.
# - The lying fence: hv2's cable is cut, each host "fences" the other and the switch only says so.
#   Pacemaker's starts of the leased guests fail on the lease while the originals run (the exit
#   reason names the lock); the control guest ctl, which holds no lease, runs twice: the lease is
#   what prevents it. vm1, paused by libvirt on hv1 (no lease), starts on hv2 and can no longer be
#   resumed on hv1; vm2, frozen by SIGSTOP on hv2, keeps its lease.
# - Once hv2 is really powered off, its guest starts on the survivor.
# The sampler watches both hosts throughout: vm1 and vm2 never run twice.
source "$(dirname "$0")/lablib.sh"
virsh_in() { local h=$1; shift; lab exec "$h" virsh -q -c qemu:///system "$@"; }

check "the lab comes up (2 hosts, storage leases by virtlockd)" 0 lab up 2 --topology "$VMHA_SOURCE_DIR/tests/lab/leases.yaml"
[ "$last_rc" = 0 ] || finish
start_sampler
wait_until "vm1 starts on hv1" 90 runs_only_on vm1 hv1
wait_until "vm2 starts on hv2" 90 runs_only_on vm2 hv2
wait_until "ctl starts on hv2" 90 runs_only_on ctl hv2
for h in hv1 hv2; do
  expect "$h runs virtlockd, libvirt's lock manager is lockd" \
    lab exec "$h" sh -c 'test -S /run/libvirt/virtlockd-sock && grep -q "^lock_manager = \"lockd\"" /etc/libvirt/qemu.conf'
done

# The administrator on the other host.
check "hv2: virsh create of vm1 (running on hv1) is refused by libvirt" 1 virsh_in hv2 create "$lab_dir/shared/vm1.xml"
expect "  resource busy: the lease is held" grep -q "resource busy" <<<"$last_output"
check "hv2: virsh define vm1" 0 virsh_in hv2 define "$lab_dir/shared/vm1.xml"
check "hv2: virsh start vm1 is refused" 1 virsh_in hv2 start vm1
check "hv2: virsh undefine vm1" 0 virsh_in hv2 undefine vm1
expect "vm1 still runs on hv1 only" runs_only_on vm1 hv1

# Live migration: the lease follows.
check "crm_resource --move vm1 to hv2" 0 crm crm_resource --move -r vm1 -N hv2
wait_until "vm1 moved to hv2" 60 runs_only_on vm1 hv2
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
expect "  by migrate_to (live)" lab exec hv1 grep -q "Result of migrate_to operation for vm1 on hv1: ok" /var/log/pacemaker/pacemaker.log
check "hv1: virsh create of vm1 is refused now (hv2 holds the lease)" 1 virsh_in hv1 create "$lab_dir/shared/vm1.xml"
check "crm_resource --clear vm1" 0 crm crm_resource --clear -r vm1
wait_until "vm1 fails back to hv1" 60 runs_only_on vm1 hv1
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60

# The lying fence.
check "the lab's switch lies from now on" 0 lab fence-mode lying
check "hv1: virsh suspend vm1 (paused by libvirt: its lease is released)" 0 virsh_in hv1 suspend vm1
vm2_qemu=$(lab exec hv2 cat /run/libvirt/qemu/vm2.pid)
check "hv2: SIGSTOP vm2's qemu (frozen: libvirt sees no pause)" 0 lab exec hv2 kill -STOP "$vm2_qemu"
cut_at=$(date +%s%3N)
check "cut hv2's network" 0 lab cut hv2
lying() { grep -q "LYING: reporting $1 off" "$lab_dir/switch/log"; }
wait_until "hv2 is 'fenced' (the switch says off, the host runs on)" 90 lying hv2
wait_until "hv1 is 'fenced' by hv2 the same way" 90 lying hv1
both() { [ "$(lab where "$1" | tr '\n' ' ')" = "hv1 hv2 " ]; }
wait_until "ctl (no lease) starts on hv1 while it runs on hv2: the double run" 90 both ctl
start_failed_on_lease() {
  lab exec "$1" crm_mon -1 --output-as=xml | grep "op_key=\"$2_start_0\" node=\"$1\"" | grep -q 'exitreason="the lease of disk [^"]* of '"$2"' is held by another host (lock '
}
wait_until "hv1's start of vm2 failed on the lease, its exit reason names the lock" 90 start_failed_on_lease hv1 vm2
wait_until "hv2 started vm1 (hv1's copy is paused, holding no lease)" 90 eval '[ "$(lab where vm1)" = hv2 ]'
check "hv1: virsh resume vm1 is refused (hv2 holds the lease now)" 1 virsh_in hv1 resume vm1
expect "  vm1 stays paused on hv1" [ "$(virsh_in hv1 domstate vm1 | head -n1)" = paused ]
check "hv2: SIGCONT vm2" 0 lab exec hv2 kill -CONT "$vm2_qemu"
expect "vm2 runs on hv2 only, where it always ran" runs_only_on vm2 hv2

# Really powered off: the lease dies with hv2's virtlockd, and the survivor may start vm2.
check "power hv2 off for real" 0 lab kill hv2
check "hv1: clear vm2's failed start" 0 crm crm_resource --cleanup -r vm2 -N hv1
wait_until "vm2 starts on hv1" 90 runs_only_on vm2 hv1

expect "the sampler never saw vm1 on two hosts" never_twice vm1
expect "the sampler never saw vm2 on two hosts" never_twice vm2
expect "the sampler did see ctl, the guest without a lease, on two hosts (the lease is what prevents it)" eval '! never_twice ctl'
mark "lying fence at $(( ($(date +%s%3N) - cut_at) / 1000 )) s after the cut: done"
check "the lab comes down" 0 lab down
expect "nothing is left of the lab" nothing_left_of_the_lab
finish
