# Failover domains rgmanager-style on a three-host lab (tests/lab/three-node.yaml):
#   vm-a restricted to hv1        → stays stopped while hv1 is down, returns with it
#   vm-b ordered hv2 > hv3, nofailback → moves to hv3 when hv2 dies, stays there when hv2 returns
#   vm-c unordered hv2 / hv3      → runs on one of them, never on hv1
source "$(dirname "$0")/lablib.sh"
provider=${LAB_PROVIDER:-vmha}

check "the lab comes up (3 hosts, ocf:$provider:VirtualDomain)" 0 lab up 3 --provider "$provider"
[ "$last_rc" = 0 ] || finish
# The demo prints lab up's output in its timeline: corosync's start-up banner must not land in it.
banner=$(printf '%s\n' "$last_output" | grep -c 'Corosync Cluster Engine' || true)
expect "  lab up prints no corosync start-up banner" [ "$banner" = 0 ]
start_sampler

wait_until "vm-a starts on hv1, its only host" 90 runs_only_on vm-a hv1
wait_until "vm-b starts on hv2, the first of its ordered domain" 90 runs_only_on vm-b hv2
on_hv2_or_hv3() { local w; w=$(lab where vm-c); [ "$w" = hv2 ] || [ "$w" = hv3 ]; }
wait_until "vm-c starts on hv2 or hv3" 90 on_hv2_or_hv3

lab kill hv1
mark "hv1 powered off"
fenced_hv1() { crm stonith_admin --history hv1 2>/dev/null | grep -q "hv1"; }
wait_until "hv1 is fenced" 120 fenced_hv1
sleep 10   # give the scheduler every chance to misplace vm-a
expect "vm-a stays stopped: its restricted domain has no live host" runs_nowhere vm-a
not_started() { ! crm crm_mon -1 2>/dev/null | grep -q "vm-a.*Started"; }
expect "  and the cluster agrees" not_started
check "hv1 powers on and rejoins" 0 lab boot hv1
wait_until "vm-a starts again on hv1" 90 runs_only_on vm-a hv1

lab kill hv2
mark "hv2 powered off"
wait_until "vm-b moves to hv3, next in its domain" 120 runs_only_on vm-b hv3
wait_until "vm-c runs on hv3" 120 runs_only_on vm-c hv3
check "hv2 powers on and rejoins" 0 lab boot hv2
sleep 15   # time for a failback that must not happen
expect "nofailback: vm-b stays on hv3 after hv2 returns" runs_only_on vm-b hv3
expect "vm-c never ran on hv1 (restricted to hv2, hv3)" bash -c "! grep -q ' hv1:[^ ]*vm-c,' '$samples'"

for g in vm-a vm-b vm-c; do expect "no guest ever ran on two hosts at once: $g" never_twice "$g"; done

check "the lab goes down" 0 lab down
expect "  and leaves nothing it made behind" nothing_left_of_the_lab
check "  a second down is harmless" 0 lab down
finish
