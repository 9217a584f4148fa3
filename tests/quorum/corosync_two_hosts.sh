#!/usr/bin/env bash
# Two hosts (qd1, qd2) with real corosync over knet share one file as the quorum disk:
# a network split leaves exactly one side quorate (master_wins: the disk master's side);
# powering off the non-master keeps the master quorate; powering off the master lets the
# survivor take the disk over without ever losing quorum (it holds corosync's sync meanwhile).
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
work=$(mktemp -d /var/tmp/vmha-quorum-two.XXXXXX)
cleanup() {
  if [ "$failed" -gt 0 ]; then show_logs qd1; show_logs qd2; "$mkqdisk_bin" -d "$work/disk"; fi
  ip -n vmha-switch link set s-qd2 up 2>/dev/null
  "$vmha_host" down qd1 >/dev/null 2>&1
  "$vmha_host" down qd2 >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

nodes="qd1:192.0.2.41 qd2:192.0.2.42"
: > "$work/disk"
"$mkqdisk_bin" -c "$work/disk" -l qtest-two -n qtest >/dev/null
corosync_conf "$work/corosync.conf" "$work/disk" "$nodes"
bring_up() {  # HOST IP
  "$vmha_host" down "$1" >/dev/null 2>&1
  "$vmha_host" up "$1" --ip "$2" >/dev/null && start_corosync "$1" "$work/corosync.conf" && start_qdiskd "$1"
}
check "qd1 up with corosync and qdiskd" 0 bring_up qd1 192.0.2.41
check "qd2 up with corosync and qdiskd" 0 bring_up qd2 192.0.2.42

members() { on "$1" corosync-quorumtool -s 2>/dev/null | sed -n 's/^Nodes: *//p'; }
both_members() { [ "$(members qd1)" = 2 ] && [ "$(members qd2)" = 2 ]; }
both_quorate() { quorate qd1 && quorate qd2; }
expect "both hosts form one membership" wait_until 60 both_members
expect "both hosts quorate" wait_until 60 both_quorate
master_is() { [ "$(status_field qd1 Master)" = "$1" ] && [ "$(status_field qd2 Master)" = "$1" ]; }
expect "node 1 is the disk master, as both daemons see it" wait_until 60 master_is 1
expect "master_wins is on by default for two nodes" [ "$(status_field qd2 'Master wins')" = yes ]
check "corosync-quorumtool on qd1" 0 on qd1 corosync-quorumtool -s
expect "  ... expected votes 3 (2 nodes + the disk)" grep -q '^Expected votes: *3' <<<"$last_output"
expect "  ... qd1 casts with master_wins (A,V,MW)" grep -Eq 'A,V,MW +qd1' <<<"$last_output"
expect "  ... qd2 does not cast (A,NV,MW)" grep -Eq 'A,NV,MW +qd2' <<<"$last_output"

# Split: both hosts still write the disk, corosync cannot reach across.
ip -n vmha-switch link set s-qd2 down
split_seen() { [ "$(members qd1)" = 1 ] && [ "$(members qd2)" = 1 ]; }
expect "link cut: each side sees only itself" wait_until 60 split_seen
expect "  ... qd2 (not master) loses quorum" wait_until 30 not_quorate qd2
expect "  ... once the disk showed the master alive (a split, not a death)" on qd2 grep -q "still writes the disk .*: a network split" /var/log/corosync/qdiskd.log
expect "  ... qd1 (disk master) stays quorate" quorate qd1
stays_split() { quorate qd1 && not_quorate qd2; }
c0=$(status_field qd1 Cycles)
for _ in 1 2 3 4 5 6; do
  [ "$(status_field qd1 Cycles)" -ge $((c0 + 5)) ] && break
  sleep 1
done
expect "  ... five cycles later still exactly one side quorate" stays_split
expect "  ... qd1 still sees qd2 on the disk (no eviction)" [ "$(status_field qd1 'Online on disk')" = "1 2" ]
ip -n vmha-switch link set s-qd2 up
expect "link back: one membership again" wait_until 60 both_members
expect "  ... both quorate" wait_until 60 both_quorate

# A daemon that stops writing (SIGSTOP: a hung host) is evicted by the master; when it runs
# again it reads the notice, obeys, and rejoins under a new incarnation.
qd2_qdiskd=$(on qd2 cat /run/qdiskd/pid)
evicted() { "$mkqdisk_bin" -d "$work/disk" | grep -Eq "^$1 +evicted"; }
on qd2 kill -STOP "$qd2_qdiskd"
expect "qd2's qdiskd stopped: the master writes an eviction notice into slot 2" wait_until 30 evicted 2
expect "  ... qd1 stays quorate" quorate qd1
on qd2 kill -CONT "$qd2_qdiskd"
obeyed() { on qd2 grep -q "evicted by node 1" /var/log/corosync/qdiskd.log; }
expect "  ... qd2's daemon reads the notice and obeys" wait_until 30 obeyed
expect "  ... and rejoins under a new incarnation" on qd2 grep -q "rejoining the disk under a new incarnation" /var/log/corosync/qdiskd.log
both_online() { [ "$(status_field qd1 'Online on disk')" = "1 2" ]; }
expect "  ... qd1 sees qd2 online on the disk again" wait_until 60 both_online
expect "  ... both quorate" wait_until 60 both_quorate

# Power off the non-master: the master keeps quorum with the disk's vote, and evicts qd2.
kill -9 "$("$vmha_host" pid qd2)"
qd2_gone() { [ "$(members qd1)" = 1 ]; }
expect "qd2 powered off: qd1 sees it leave" wait_until 60 qd2_gone
expect "  ... qd1 stays quorate (node + disk = 2 of 3)" quorate qd1
expect "  ... and writes an eviction notice into slot 2" wait_until 30 evicted 2
expect "  ... still quorate after the eviction" quorate qd1

check "qd2 powered on again" 0 bring_up qd2 192.0.2.42
expect "qd2 back: both quorate" wait_until 90 both_quorate
expect "  ... node 1 still master" wait_until 30 master_is 1

# Power off the master: the survivor holds corosync's sync while it waits out tko and takes the
# disk over, so it never stops being quorate (Pacemaker would otherwise stop its guests).
kill -9 "$("$vmha_host" pid qd1)"
qd2_master() { [ "$(status_field qd2 State)" = master ]; }
samples=0 inquorate=0
for _ in $(seq 1 120); do
  samples=$((samples + 1))
  quorate qd2 || inquorate=$((inquorate + 1))
  qd2_master && [ "$(members qd2)" = 1 ] && break
  sleep 0.5
done
expect "qd1 (master) powered off: qd2 becomes the disk master" qd2_master
expect "  ... qd2 held corosync's sync for the lost master" on qd2 grep -q "left the membership: holding corosync's sync" /var/log/corosync/qdiskd.log
expect "  ... and answered once it was master" on qd2 grep -q "answering corosync (casting): this host is the disk master now" /var/log/corosync/qdiskd.log
expect "  ... qd2 was quorate in every one of $samples samples through the handover (inquorate: $inquorate)" [ "$inquorate" = 0 ]
expect "  ... corosync completed the change: qd2 alone, quorate with the disk's vote" wait_until 30 quorate qd2
expect "  ... slot 1 carries an eviction notice" wait_until 30 evicted 1
finish
