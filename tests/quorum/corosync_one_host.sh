#!/usr/bin/env bash
# qdiskd against a real corosync on one host (qd1): the device's vote decides quorum
# (expected 2 = node + disk), a failing heuristic withdraws it, a reload and a clean exit.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
host=qd1
work=$(mktemp -d /var/tmp/vmha-quorum-one.XXXXXX)
cleanup() {
  [ "$failed" -gt 0 ] && show_logs "$host"
  "$vmha_host" down "$host" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
disk=$work/disk; : > "$disk"
"$mkqdisk_bin" -c "$disk" -l qtest-disk -n qtest >/dev/null
touch "$work/ok"
corosync_conf "$work/corosync.conf" "$disk" "$host:127.0.0.1" "" \
"      mode: on
      interval: 500
      timeout: 400
      exec_flag: /usr/bin/test -e $work/ok
      score_flag: 2
      tko_flag: 1"

check "corosync -t accepts the quorum.device.disk and heuristics keys" 0 corosync -t -c "$work/corosync.conf"
check "corosync starts with the disk device configured" 0 start_corosync "$host" "$work/corosync.conf"
expect "without qdiskd the host is not quorate (expected votes 2)" not_quorate "$host"
check "qdiskd -t accepts the configuration from cmap" 0 on "$host" "$qdiskd_bin" -t
check "qdiskd -s says not running" 3 on "$host" "$qdiskd_bin" -s

# Bad input, each changed in cmap, checked with qdiskd -t, then put back.
bad_input() {  # WHAT KEY TYPE VALUE WANT
  on "$host" corosync-cmapctl -s "$2" "$3" "$4" >/dev/null
  check "bad input: $1" 1 on "$host" "$qdiskd_bin" -t
  expect "  ... error says: $5" grep -qF -- "$5" <<<"$last_output"
  expect "  ... in one line" [ "$(wc -l <<<"$last_output")" = 1 ]
}
: > "$work/foreign"; "$mkqdisk_bin" -c "$work/foreign" -l other-disk -n othercluster >/dev/null
truncate -s 1M "$work/blank"
printf '#!/bin/sh\nexit 0\n' > "$work/noexec"; chmod 644 "$work/noexec"
bad_input "missing device" quorum.device.disk.device str "$work/absent" "$work/absent: No such file or directory"
bad_input "unlabelled device" quorum.device.disk.device str "$work/blank" "$work/blank: no quorum disk header"
bad_input "disk of another cluster" quorum.device.disk.device str "$work/foreign" "belongs to cluster 'othercluster', this is cluster 'qtest'"
mkfifo "$work/fifo"
on "$host" corosync-cmapctl -s quorum.device.disk.device str "$work/fifo" >/dev/null
check "bad input: a FIFO as the disk is refused at once (never opened)" 1 timeout 20 "$vmha_host" exec "$host" "$qdiskd_bin" -t
expect "  ... error says: not a block device or regular file (a FIFO)" grep -qF "$work/fifo: not a block device or regular file (a FIFO)" <<<"$last_output"
on "$host" corosync-cmapctl -s quorum.device.disk.device str "$disk" >/dev/null
bad_input "label mismatch" quorum.device.disk.label str wrong-label "label is 'qtest-disk', configured label is 'wrong-label'"
on "$host" corosync-cmapctl -d quorum.device.disk.label >/dev/null
bad_input "unreadable heuristic program" quorum.device.heuristics.exec_flag str "$work/noexec" "quorum.device.heuristics.exec_flag: $work/noexec: cannot execute"
on "$host" corosync-cmapctl -s quorum.device.heuristics.exec_flag str "/usr/bin/test -e $work/ok" >/dev/null
bad_input "bad tko" quorum.device.disk.tko str x "quorum.device.disk.tko: 'x' is not a number"
on "$host" corosync-cmapctl -s quorum.device.disk.tko str 4 >/dev/null
check "configuration is good again" 0 on "$host" "$qdiskd_bin" -t

start_qdiskd "$host"
expect "quorate once qdiskd casts the vote" wait_until 60 quorate "$host"
check "corosync-quorumtool -s" 0 on "$host" corosync-quorumtool -s
expect "  ... flags show Qdevice" grep -q 'Flags: .*Qdevice' <<<"$last_output"
expect "  ... the device row: node 0, 1 vote, name QDisk" grep -Eq '^ +0 +1 +QDisk' <<<"$last_output"
expect "  ... this node is alive and casting (A,V)" grep -Eq 'A,V,(NMW|MW) +qd1' <<<"$last_output"
check "qdiskd -s reports the running daemon" 0 on "$host" "$qdiskd_bin" -s
expect "  ... as master" grep -q "^State: master" <<<"$last_output"
expect "  ... casting the vote" grep -q "^Cast vote: yes" <<<"$last_output"
expect "  ... with score 2/2" grep -q "^Score: 2/2" <<<"$last_output"
check "mkqdisk -d shows node 1 as master" 0 "$mkqdisk_bin" -d "$disk"
expect "  ... in slot 1" grep -Eq '^1 +master +2/2' <<<"$last_output"

# A failing heuristic: the vote goes within interval x tko cycles (counted by qdiskd itself).
cycles_before=$(status_field "$host" Cycles)
rm -f "$work/ok"
expect "heuristic fails -> host loses quorum" wait_until 30 not_quorate "$host"
cycles_after=$(status_field "$host" Cycles)
expect "  ... within tko (4) cycles + 1 (took $((cycles_after - cycles_before)))" [ $((cycles_after - cycles_before)) -le 5 ]
expect "  ... status says the vote is withdrawn" [ "$(status_field "$host" 'Cast vote')" = no ]
expect "  ... the device row shows 0 votes" bash -c "'$vmha_host' exec $host corosync-quorumtool -s | grep -Eq '^ +0 +0 +QDisk'"
touch "$work/ok"
expect "heuristic passes again -> quorum regained" wait_until 60 quorate "$host"

# Reload of an unchanged configuration on SIGHUP: the vote is kept (heuristic state carries over).
withdrawals() { on "$host" grep -c "withdrawing the vote" /var/log/corosync/qdiskd.log; }
reloads() { on "$host" grep -c "reloaded:" /var/log/corosync/qdiskd.log; }
w0=$(withdrawals)
r0=$(reloads)
c0=$(status_field "$host" Cycles)
on "$host" sh -c 'kill -HUP $(cat /run/qdiskd/pid)'
three_cycles_later() { [ "$(status_field "$host" Cycles)" -ge $((c0 + 3)) ]; }
expect "SIGHUP with the same configuration: three cycles pass" wait_until 30 three_cycles_later
expect "  ... the daemon reloaded" [ "$(reloads)" -gt "$r0" ]
expect "  ... without withdrawing the vote" [ "$(withdrawals)" = "$w0" ]
expect "  ... still quorate" quorate "$host"

# A change in cmap reaches the daemon by itself (cmap tracking, no signal).
on "$host" corosync-cmapctl -s quorum.device.heuristics.exec_flag str /bin/false >/dev/null
expect "corosync-cmapctl -s of a failing heuristic: the vote goes" wait_until 30 not_quorate "$host"
on "$host" corosync-cmapctl -s quorum.device.heuristics.exec_flag str "/usr/bin/test -e $work/ok" >/dev/null
expect "  ... and comes back with the passing one" wait_until 60 quorate "$host"

# The vmha-config flow: a new corosync.conf, then corosync-cfgtool -R.
on "$host" sed -i "s|exec_flag: .*|exec_flag: /bin/false|" /etc/corosync/corosync.conf
check "corosync-cfgtool -R with a failing heuristic in corosync.conf" 0 on "$host" corosync-cfgtool -R
expect "  ... the vote goes" wait_until 30 not_quorate "$host"
on "$host" cp "$work/corosync.conf" /etc/corosync/corosync.conf
check "corosync-cfgtool -R with the original corosync.conf" 0 on "$host" corosync-cfgtool -R
expect "  ... quorate again" wait_until 60 quorate "$host"

# Mode sync: heuristics run at start (here: the reload) and at membership changes only, so a
# program that starts failing later changes nothing until the next membership change.
r1=$(reloads)
on "$host" corosync-cmapctl -s quorum.device.heuristics.mode str sync >/dev/null
synced() { [ "$(reloads)" -gt "$r1" ]; }
expect "mode sync taken from cmap" wait_until 30 synced
c1=$(status_field "$host" Cycles)
rm -f "$work/ok"
four_cycles_later() { [ "$(status_field "$host" Cycles)" -ge $((c1 + 4)) ]; }
expect "  ... four cycles after the program starts failing" wait_until 30 four_cycles_later
expect "  ... the host is still quorate (no re-run outside sync points)" quorate "$host"
touch "$work/ok"
on "$host" corosync-cmapctl -s quorum.device.heuristics.mode str on >/dev/null

# Clean exit: the device is unregistered, the slot says "none".
on "$host" sh -c 'kill -TERM $(cat /run/qdiskd/pid)'
gone() { ! on "$host" corosync-quorumtool -s | grep -q QDisk; }
expect "SIGTERM unregisters the device (no QDisk row)" wait_until 20 gone
expect "  ... and the host is no longer quorate" not_quorate "$host"
check "qdiskd -s says not running" 3 on "$host" "$qdiskd_bin" -s
check "mkqdisk -d after the exit" 0 "$mkqdisk_bin" -d "$disk"
expect "  ... slot 1 says none (a departure, not a death)" grep -Eq '^1 +none' <<<"$last_output"

# reboot: 1 — a score drop while voting reboots the host. Inside the host's PID namespace,
# reboot(2) ends the namespace: the host powers off, which is what we watch for.
on "$host" corosync-cmapctl -s quorum.device.disk.reboot str 1 >/dev/null
start_qdiskd "$host"
expect "qdiskd with reboot: 1 is voting" wait_until 60 quorate "$host"
host_pid=$("$vmha_host" pid "$host")
rm -f "$work/ok"
host_gone() { ! kill -0 "$host_pid" 2>/dev/null; }
expect "heuristic fails with reboot: 1 -> the host reboots (its init is gone)" wait_until 30 host_gone
finish
