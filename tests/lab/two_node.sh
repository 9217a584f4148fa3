# The reference architecture end to end on a two-host lab (tests/lab/two-node.yaml): placement by
# failover domain, live migration from the cluster CLI and failback, power-off → fence → restart
# on the survivor, a network split decided by the quorum disk, and a failing heuristic.
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
migrated_live() { lab exec hv1 grep -q 'Result of migrate_to operation for vm1 on hv1: ok' /var/log/pacemaker/pacemaker.log; }
wait_until "  by migrate_to (live), not stop + start" 20 migrated_live
gap=$(longest_absence vm1 "$moved_at")
expect "  vm1 was never seen stopped for more than 1 s during the move (longest gap ${gap} ms)" [ "$gap" -le 1000 ]
check "crm_resource --clear vm1" 0 crm crm_resource --clear -r vm1
wait_until "vm1 fails back to hv1 (ordered domain)" 60 runs_only_on vm1 hv1

# Power-off of hv1: Pacemaker on hv2 fences it, then restarts vm1 on hv2 (next in domain1).
killed_at=$(date +%s%3N)
lab kill hv1
mark "hv1 powered off"
wait_until "vm1 restarts on hv2 after hv1 is fenced" 120 runs_only_on vm1 hv2
failover_ms=$(( $(date +%s%3N) - killed_at ))
mark "failover of vm1: ${failover_ms} ms"
fenced() { crm stonith_admin --history hv1 | grep -q "successful.*hv1\|hv1.*successful\|turning off of hv1"; }
expect "  hv1 was fenced by the cluster" fenced
expect "  vm2 never left hv2" runs_only_on vm2 hv2

check "hv1 powers on and rejoins" 0 lab boot hv1
wait_until "vm1 fails back to hv1 by live migration" 120 runs_only_on vm1 hv1

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
master=""
find_master() { master=$(for h in hv1 hv2; do lab exec "$h" qdiskd -s 2>/dev/null | grep -q "^State: master" && echo "$h"; done | head -n1); [ -n "$master" ]; }
wait_until "one host is the disk's master" 60 find_master
other=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
lab exec "$master" ip route add blackhole 192.0.2.254/32
mark "the gateway heuristic fails on $master"
master_dead() { ! lab exec "$master" true 2>/dev/null; }
wait_until "$master withdraws its vote and powers itself off" 60 master_dead
wait_until "vm1 runs on $other" 120 runs_only_on vm1 "$other"
wait_until "vm2 runs on $other" 120 runs_only_on vm2 "$other"

expect "no guest ever ran on two hosts at once: vm1" never_twice vm1
expect "no guest ever ran on two hosts at once: vm2" never_twice vm2
finish
