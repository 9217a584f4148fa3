# The reference architecture end to end on a two-host lab (tests/lab/two-node.yaml): placement by
# failover domain, live migration from the cluster CLI and failback, power-off → fence → restart
# on the survivor (of the host without the disk's vote and of the disk master), a network split
# decided by the quorum disk, and a failing heuristic.
# A sampler watches both hosts the whole time: no guest may ever run on two hosts at once.
source "$(dirname "$0")/lablib.sh"
provider=${LAB_PROVIDER:-vmha}

check "the lab comes up (2 hosts, ocf:$provider:VirtualDomain)" 0 lab up 2 --provider "$provider"
[ "$last_rc" = 0 ] || finish
start_sampler

wait_until "vm1 starts on hv1, the first of domain1" 90 runs_only_on vm1 hv1
wait_until "vm2 starts on hv2, the first of domain2" 90 runs_only_on vm2 hv2

# Live migration from the cluster CLI, then failback when the move is cleared.
moved_at=$(date +%s%3N)
check "crm_resource --move vm1 to hv2" 0 crm crm_resource --move -r vm1 -N hv2
wait_until "vm1 moved live to hv2" 60 runs_only_on vm1 hv2
# migrations GUEST FROM: how many successful migrate_to of GUEST FROM's executor has logged;
# migrated_live GUEST FROM [BEFORE]: more than BEFORE (default none).
migrations() { lab exec "$2" grep -c "Result of migrate_to operation for $1 on $2: ok" /var/log/pacemaker/pacemaker.log || true; }
migrated_live() { [ "$(migrations "$1" "$2")" -gt "${3:-0}" ]; }
wait_until "  by migrate_to (live), not stop + start" 20 migrated_live vm1 hv1
# The guest runs on hv2 before Pacemaker has finished the move (migrate_from, then the stop that
# cleans up hv1). A move cleared in that window is a partial migration, which Pacemaker recovers by
# stop + start, not live: an operator (and this test) waits for the cluster to settle first.
check "  the cluster settles after the move" 0 crm crm_resource --wait --timeout=60
gap=$(longest_absence vm1 "$moved_at")
downtime=$(lab exec hv2 virsh -q -c qemu:///system domjobinfo --completed vm1 | awk -F: '/Total downtime/ { gsub(/[^0-9]/, "", $2); print $2 }')
mark "vm1 migration: libvirt measured ${downtime:-?} ms of guest downtime"
# The sampler reads each host every ~150 ms (longer while the hosts are busy), one after the other:
# a gap it sees may exceed the real downtime by the two sampling periods around it, never by more.
slack=$(longest_absence vm1 "$moved_at" slack)
within=0
[ -n "$downtime" ] && [ "$gap" -le $((downtime + slack)) ] && within=1
expect "  vm1 was never seen stopped longer than the measured downtime ${downtime:-?} ms + the sampler's ${slack} ms (longest gap ${gap} ms)" [ "$within" = 1 ]
check "crm_resource --clear vm1" 0 crm crm_resource --clear -r vm1
wait_until "vm1 fails back to hv1 (ordered domain)" 60 runs_only_on vm1 hv1
wait_until "  by migrate_to (live)" 20 migrated_live vm1 hv2

# The same from pcs (0.11, run locally; pcsd is not needed): `pcs resource move` removes its
# constraint once the guest moved, so it refuses a guest whose ordered domain would fail it back;
# `move-with-constraint` is the operator's move that stays until `pcs resource clear`.
check "pcs resource move vm2 hv1 is refused (domain2 would fail vm2 back)" 1 crm pcs resource move vm2 hv1
expect "  pcs says why" grep -q "will stay on the same node" <<<"$last_output"
expect "  vm2 did not move" runs_only_on vm2 hv2
moved_at=$(date +%s%3N)
check "pcs resource move-with-constraint vm2 hv1" 0 crm pcs resource move-with-constraint vm2 hv1
wait_until "vm2 moved live to hv1" 60 runs_only_on vm2 hv1
check "  the cluster settles after the move" 0 crm crm_resource --wait --timeout=60
# As for vm1: a loaded host stretches the sampler's periods, so the bound is libvirt's own
# measurement plus the periods the sampler really had around the gap, not a fixed second.
gap=$(longest_absence vm2 "$moved_at")
downtime=$(lab exec hv1 virsh -q -c qemu:///system domjobinfo --completed vm2 | awk -F: '/Total downtime/ { gsub(/[^0-9]/, "", $2); print $2 }')
slack=$(longest_absence vm2 "$moved_at" slack)
within=0
[ -n "$downtime" ] && [ "$gap" -le $((downtime + slack)) ] && within=1
expect "  vm2 was never seen stopped longer than the measured downtime ${downtime:-?} ms + the sampler's ${slack} ms (longest gap ${gap} ms)" [ "$within" = 1 ]
check "pcs resource clear vm2" 0 crm pcs resource clear vm2
wait_until "vm2 fails back to hv2" 60 runs_only_on vm2 hv2
wait_until "  by migrate_to (live)" 20 migrated_live vm2 hv1

# Power-off of a host: the other fences it, then restarts its guest (next in the domain). The
# victim is the host that does not hold the quorum disk's vote, so that the survivor keeps quorum
# throughout (when the master itself dies, see the heuristic scenario below).
master=""
find_master() { master=$(for h in hv1 hv2; do lab exec "$h" qdiskd -s 2>/dev/null | grep -q "^State: master" && echo "$h"; done | head -n1); [ -n "$master" ]; }
wait_until "one host is the disk's master" 60 find_master
victim=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
guest=$( [ "$victim" = hv1 ] && echo vm1 || echo vm2 )
other_guest=$( [ "$guest" = vm1 ] && echo vm2 || echo vm1 )
killed_at=$(date +%s%3N)
lab kill "$victim"
mark "$victim powered off (it ran $guest; $master holds the disk's vote)"
wait_until "$guest restarts on $master after $victim is fenced" 120 runs_only_on "$guest" "$master"
failover_ms=$(( $(date +%s%3N) - killed_at ))
mark "failover of $guest: ${failover_ms} ms"
fenced() { crm stonith_admin --history "$victim" | grep -q "off of $victim successful\|$victim.*successful"; }
wait_until "  $victim was fenced by the cluster" 30 fenced
expect "  $other_guest never left $master" runs_only_on "$other_guest" "$master"

before=$(migrations "$guest" "$master")
check "$victim powers on and rejoins" 0 lab boot "$victim"
wait_until "$guest fails back to $victim" 120 runs_only_on "$guest" "$victim"
wait_until "  by migrate_to (live)" 20 migrated_live "$guest" "$master" "$before"

# A network split with both hosts still reaching the gateway: the quorum disk's master keeps
# quorum, the other side stops and is fenced; every guest ends on the master's side.
master=$(for h in hv1 hv2; do lab exec "$h" qdiskd -s 2>/dev/null | grep -q "^State: master" && echo "$h"; done | head -n1)
mark "qdisk master before the split: ${master:-unknown}"
lab split
mark "network split"
one_side() { [ "$(alive_hosts | wc -l)" = 1 ]; }
wait_until "exactly one host survives the split" 120 one_side
survivor=$(alive_hosts)
mark "survivor: $survivor"
[ -n "$master" ] && expect "  the survivor is the disk's master ($master)" [ "$survivor" = "$master" ]
wait_until "vm1 runs on the survivor" 120 runs_only_on vm1 "$survivor"
wait_until "vm2 runs on the survivor" 120 runs_only_on vm2 "$survivor"
lab join
lost=$( [ "$survivor" = hv1 ] && echo hv2 || echo hv1 )
check "the fenced host powers on and rejoins" 0 lab boot "$lost"

wait_until "both guests are back in their preferred hosts" 120 bash -c "'$lab_tool' where vm1 | grep -qx hv1 && '$lab_tool' where vm2 | grep -qx hv2"

# The heuristic fails on the host that holds the disk's vote: it withdraws and (reboot: true)
# powers itself off; the other host takes the vote, fences it and runs every guest.
# The survivor holds corosync's sync until it has the disk's vote (docs/quorum.md), so it never
# loses quorum and its own guest never stops.
wait_until "one host is the disk's master" 60 find_master
other=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
own_guest=$( [ "$other" = hv1 ] && echo vm1 || echo vm2 )
failed_at=$(date +%s%3N)
lab exec "$master" ip route add blackhole 192.0.2.254/32
mark "the gateway heuristic fails on $master"
master_dead() { ! lab exec "$master" true 2>/dev/null; }
wait_until "$master withdraws its vote and powers itself off" 60 master_dead
wait_until "vm1 runs on $other" 240 runs_only_on vm1 "$other"
wait_until "vm2 runs on $other" 240 runs_only_on vm2 "$other"
gap=$(longest_absence "$own_guest" "$failed_at")
expect "  $own_guest never stopped on $other while it took the disk over (longest gap ${gap} ms)" [ "$gap" -le 1000 ]
check "$master powers on and rejoins" 0 lab boot "$master"
wait_until "both guests are back in their preferred hosts" 120 bash -c "'$lab_tool' where vm1 | grep -qx hv1 && '$lab_tool' where vm2 | grep -qx hv2"

# Power-off of the disk master itself: the survivor holds corosync's sync while it waits out tko
# and takes the disk over, keeps quorum (and its own guest) throughout, then fences the master
# and restarts the master's guest.
wait_until "one host is the disk's master" 60 find_master
other=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
guest=$( [ "$master" = hv1 ] && echo vm1 || echo vm2 )
own_guest=$( [ "$other" = hv1 ] && echo vm1 || echo vm2 )
takeovers() { lab exec "$other" grep -c "answering corosync (casting): this host is the disk master now" /var/log/corosync/qdiskd.log; }
takeovers_before=$(takeovers)
killed_at=$(date +%s%3N)
lab kill "$master"
mark "$master powered off (the disk master; it ran $guest)"
wait_until "$guest restarts on $other after $master is fenced" 120 runs_only_on "$guest" "$other"
mark "failover of $guest from the disk master: $(( $(date +%s%3N) - killed_at )) ms"
held() { [ "$(takeovers)" -gt "$takeovers_before" ]; }
expect "  $other held corosync's sync until it was the disk master" held
gap=$(longest_absence "$own_guest" "$killed_at")
expect "  $own_guest never stopped on $other (longest gap ${gap} ms)" [ "$gap" -le 1000 ]

expect "no guest ever ran on two hosts at once: vm1" never_twice vm1
expect "no guest ever ran on two hosts at once: vm2" never_twice vm2
finish
