#!/usr/bin/env bash
# The lying fence with storage leases off (docs/leases.md), the side-by-side run of lab.leases:
# the same lab (tests/lab/leases.yaml, `vmha-lab up 2 --leases off`: leases: none, no lock
# manager; each guest's disk still at one path in each host's private /var/lib/libvirt, so QEMU's
# image lock cannot refuse either). hv2's cable is cut, each host "fences" the other and the switch
# only says so; Pacemaker starts every guest on the survivor it believes alone, and the sampler
# sees vm1 and vm2 on both hosts: without the lease, nothing prevents the double run that
# lab.leases shows refused. Short form: no migration, no administrator's virsh, no pause.
source "$(dirname "$0")/lablib.sh"

check "the lab comes up (2 hosts, storage leases off)" 0 \
  lab up 2 --topology "$VMHA_SOURCE_DIR/tests/lab/leases.yaml" --leases off
[ "$last_rc" = 0 ] || finish
start_sampler
wait_until "vm1 starts on hv1" 90 runs_only_on vm1 hv1
wait_until "vm2 starts on hv2" 90 runs_only_on vm2 hv2
for h in hv1 hv2; do
  expect "$h's libvirt has no lock manager" lab exec "$h" sh -c '! grep -q "^lock_manager" /etc/libvirt/qemu.conf'
done

check "the lab's switch lies from now on" 0 lab fence-mode lying
cut_at=$(date +%s%3N)
check "cut hv2's network" 0 lab cut hv2
lying() { grep -q "LYING: reporting $1 off" "$lab_dir/switch/log"; }
wait_until "hv2 is 'fenced' (the switch says off, the host runs on)" 90 lying hv2
wait_until "hv1 is 'fenced' by hv2 the same way" 90 lying hv1
both() { [ "$(lab where "$1" | tr '\n' ' ')" = "hv1 hv2 " ]; }
wait_until "vm1 starts on hv2 while it runs on hv1: the double run" 90 both vm1
wait_until "vm2 starts on hv1 while it runs on hv2: the double run" 90 both vm2
sleep 2  # a few more samples of the double run
expect "the sampler saw vm1 on two hosts (no lease prevents it)" eval '! never_twice vm1'
expect "the sampler saw vm2 on two hosts" eval '! never_twice vm2'
mark "double run at $(( ($(date +%s%3N) - cut_at) / 1000 )) s after the cut"
check "the lab comes down" 0 lab down
expect "nothing is left of the lab" nothing_left_of_the_lab
finish
