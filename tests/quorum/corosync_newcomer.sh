#!/usr/bin/env bash
# The lab's double master, with real corosync over knet: qd1 is the disk master and writes
# every cycle; qd2 starts (new corosync, new qdiskd) while its link is down, so it is alone in
# its own membership and outside qd1's. qd2 must neither become master nor cast nor be quorate
# while qd1 keeps writing; qd1 stays master and quorate. With the link back, qd2 joins.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
work=$(mktemp -d /var/tmp/vmha-quorum-newcomer.XXXXXX)
cleanup() {
  if [ "$failed" -gt 0 ]; then show_logs qd1; show_logs qd2; "$mkqdisk_bin" -d "$work/disk"; fi
  ip -n vmha-switch link set s-qd2 up 2>/dev/null
  "$vmha_host" down qd1 >/dev/null 2>&1
  "$vmha_host" down qd2 >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

nodes="1:qd1:192.0.2.41 2:qd2:192.0.2.42"
: > "$work/disk"
"$mkqdisk_bin" -c "$work/disk" -l qtest-newcomer -n qtest >/dev/null
corosync_conf "$work/corosync.conf" "$work/disk" "$nodes"
"$vmha_host" down qd1 >/dev/null 2>&1
"$vmha_host" down qd2 >/dev/null 2>&1
up_qd1() { "$vmha_host" up qd1 --ip 192.0.2.41 >/dev/null && start_corosync qd1 "$work/corosync.conf" && start_qdiskd qd1; }
check "qd1 up alone with corosync and qdiskd" 0 up_qd1
qd1_master() { [ "$(status_field qd1 State)" = master ] && [ "$(status_field qd1 'Cast vote')" = yes ]; }
expect "qd1 becomes the disk master and casts" wait_until 60 qd1_master
expect "  ... qd1 is quorate (node + disk = 2 of 3)" wait_until 30 quorate qd1

# qd2 boots with its cable unplugged: its corosync cannot reach qd1, but it shares the disk.
check "qd2 host up" 0 "$vmha_host" up qd2 --ip 192.0.2.42
check "  ... its link down" 0 ip -n vmha-switch link set s-qd2 down
check "  ... corosync started" 0 start_corosync qd2 "$work/corosync.conf"
check "  ... qdiskd started" 0 start_qdiskd qd2
members() { on "$1" corosync-quorumtool -s 2>/dev/null | sed -n 's/^Nodes: *//p'; }
expect "  ... qd2 alone in its membership" wait_until 30 test "$(members qd2)" = 1
expect "  ... qd1 alone in its membership" [ "$(members qd1)" = 1 ]

# Watch qd2 for 3 x tko cycles after its init (4 + 3*4 cycles in all), sampling twice a second.
tko=4
watch_cycles=$((tko + 3 * tko))
violations=0 samples=0
for _ in $(seq 1 240); do  # at most 120 s; ends when qd2 has done watch_cycles cycles
  c=$(status_field qd2 Cycles)
  s2=$(status_field qd2 State) v2=$(status_field qd2 'Cast vote') s1=$(status_field qd1 State)
  samples=$((samples + 1))
  if [ "$s2" = master ] || [ "$v2" = yes ] || quorate qd2 || [ "$s1" != master ] || ! quorate qd1; then
    violations=$((violations + 1))
    echo "sample $samples: qd2 state=$s2 cast=$v2, qd1 state=$s1"
  fi
  [ -n "$c" ] && [ "$c" -ge "$watch_cycles" ] && break
  sleep 0.5
done
expect "qd2 ran $watch_cycles cycles next to the writing master" [ "$(status_field qd2 Cycles)" -ge "$watch_cycles" ]
expect "  ... in $samples samples: qd2 never master, never casting, never quorate; qd1 always master and quorate" [ "$violations" = 0 ]
expect "  ... qd2 sees node 1 as the master on the disk" [ "$(status_field qd2 Master)" = 1 ]
expect "  ... qd2 is running (not master)" [ "$(status_field qd2 State)" = running ]
logged() { on "$1" grep -q "$2" /var/log/corosync/qdiskd.log; }
check "  ... qd1 logged no master conflict" 1 logged qd1 "master conflict"
check "  ... qd2 never logged 'became master'" 1 logged qd2 "became master"

# The cable back: one membership, qd1 still master, both quorate.
ip -n vmha-switch link set s-qd2 up
both_members() { [ "$(members qd1)" = 2 ] && [ "$(members qd2)" = 2 ]; }
both_quorate() { quorate qd1 && quorate qd2; }
expect "link up: qd2 joins qd1's membership" wait_until 90 both_members
expect "  ... both quorate" wait_until 60 both_quorate
master_is() { [ "$(status_field qd1 Master)" = "$1" ] && [ "$(status_field qd2 Master)" = "$1" ]; }
expect "  ... node 1 still the master, as both see it" wait_until 30 master_is 1
finish
