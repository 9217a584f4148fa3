#!/usr/bin/env bash
# The lab's double master, with real corosync over knet: qd1 is the disk master and writes
# every cycle; qd2 starts (new corosync, new qdiskd) while its link is down, so it is alone in
# its own membership and outside qd1's. qd2 must neither become master nor cast nor be quorate
# while qd1 keeps writing; qd1 stays master and quorate. With the link back, qd2 joins.
# Then the lab's exact case: qd1 (node 1, the lower id) is powered off and qd2 takes the disk
# over; qd1 boots with its link down and, for its first 12 cycles, its reads of the slots
# failing while its own writes succeed (qd1 sees the disk through a loop device whose size limit
# ends after slot 1). Before the fix those failed reads counted as init/upgrade/bid cycles of an
# empty disk: qd1 became a second master, and with node 1 winning the master conflict, the
# partitioned newcomer took the disk from the healthy master.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
work=$(mktemp -d /var/tmp/vmha-quorum-newcomer.XXXXXX)
loop=""
cleanup() {
  ip -n vmha-switch link set s-qd1 up 2>/dev/null
  if [ "$failed" -gt 0 ]; then show_logs qd1; show_logs qd2; "$mkqdisk_bin" -d "$work/disk"; fi
  ip -n vmha-switch link set s-qd2 up 2>/dev/null
  "$vmha_host" down qd1 >/dev/null 2>&1
  "$vmha_host" down qd2 >/dev/null 2>&1
  [ -n "$loop" ] && losetup -d "$loop"
  rm -rf "$work"
}
trap cleanup EXIT

nodes="qd1:192.0.2.41 qd2:192.0.2.42"
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

# ---- the lab's case: the newcomer (node 1) cannot read the disk for its first cycles --------
# direct-io: the loop device reads the file with O_DIRECT, as coherent with qd2's direct writes
# as a second host on a shared disk (buffered, it served qd1 stale copies of slot 2).
if ! loop=$(losetup -f --show --direct-io=on "$work/disk" 2>/dev/null); then
  loop=""
  echo "no loop devices on this machine: the failed-reads case is not exercised here"
  finish
fi
loop_limit() { python3 - "$loop" "$1" <<'PY'
import fcntl, struct, sys
# A bound loop device's size limit (0 = the whole file): struct loop_info64.lo_sizelimit at 32.
with open(sys.argv[1], "rb") as f:
    info = bytearray(232)
    fcntl.ioctl(f, 0x4C05, info)  # LOOP_GET_STATUS64
    struct.pack_into("<Q", info, 32, int(sys.argv[2]))
    fcntl.ioctl(f, 0x4C04, bytes(info))  # LOOP_SET_STATUS64
PY
}
corosync_conf "$work/corosync-loop.conf" "$loop" "$nodes"
kill -9 "$("$vmha_host" pid qd1)"
qd2_master() { [ "$(status_field qd2 State)" = master ] && quorate qd2; }
expect "qd1 powered off: qd2 takes the disk over and is quorate" wait_until 90 qd2_master
"$vmha_host" down qd1 >/dev/null 2>&1
check "qd1 host up again" 0 "$vmha_host" up qd1 --ip 192.0.2.41
check "  ... its link down" 0 ip -n vmha-switch link set s-qd1 down
check "  ... corosync started (disk: $loop)" 0 start_corosync qd1 "$work/corosync-loop.conf"
check "  ... qdiskd started" 0 start_qdiskd qd1
first_cycle() { [ -n "$(status_field qd1 Cycles)" ]; }
expect "  ... qdiskd did its first cycle" wait_until 30 first_cycle
check "  ... from now on its reads of all slots fail (loop device cut after its own slot: it still writes)" 0 loop_limit 8192
c=$(status_field qd1 Cycles)
failing_until=$((c + 12)) watch_until=$((c + 12 + tko + 3 * tko))
read_failed() { on qd1 grep -q "short read" /var/log/corosync/qdiskd.log; }
violations=0 samples=0 restored=0
for _ in $(seq 1 240); do
  c=$(status_field qd1 Cycles)
  s1=$(status_field qd1 State) v1=$(status_field qd1 'Cast vote') s2=$(status_field qd2 State)
  samples=$((samples + 1))
  if [ "$s1" = master ] || [ "$v1" = yes ] || quorate qd1 || [ "$s2" != master ] || ! quorate qd2; then
    violations=$((violations + 1))
    echo "sample $samples: qd1 state=$s1 cast=$v1, qd2 state=$s2"
  fi
  if [ "$restored" = 0 ] && [ -n "$c" ] && [ "$c" -ge "$failing_until" ]; then
    loop_limit 0 && restored=1
  fi
  [ -n "$c" ] && [ "$c" -ge "$watch_until" ] && break
  sleep 0.5
done
expect "  ... qd1's reads did fail" read_failed
expect "  ... reads restored after 12 cycles" [ "$restored" = 1 ]
expect "  ... qd1 ran 12 failing + $((tko + 3 * tko)) good cycles" [ "$(status_field qd1 Cycles)" -ge "$watch_until" ]
expect "  ... in $samples samples: qd1 never master, never casting, never quorate; qd2 always master and quorate" [ "$violations" = 0 ]
expect "  ... qd1 sees node 2 as the master" [ "$(status_field qd1 Master)" = 2 ]
check "  ... qd1 never logged 'became master'" 1 logged qd1 "became master"
check "  ... qd2 logged no master conflict" 1 logged qd2 "master conflict"
ip -n vmha-switch link set s-qd1 up
expect "link up: qd1 joins qd2's membership" wait_until 90 both_members
expect "  ... both quorate" wait_until 60 both_quorate
expect "  ... node 2 still the master, as both see it" wait_until 30 master_is 2
finish
