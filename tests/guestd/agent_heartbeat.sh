# vmha-guestd's guest-agent heartbeat on a guest whose QEMU guest agent really answers: the lab's tiny
# Linux guest (tests/lab/guest; its agent is tests/lab/guest/vmha-agent) as a resource of a one-node
# cluster. While the agent answers, nothing happens; silenced (a lab-only agent command: nothing inside
# the guest is touched) it is reset, a new boot of the same qemu; silenced again after that boot, it is
# left alone, heartbeat_max_resets=1 being reached. Pacemaker is never told: a reset is no failure.
# GUESTD_TEST_HEARTBEAT=none runs the same steps with the heartbeat off: then the guest is never reset
# and the test fails (the proof that it is the heartbeat that acts).
source "$VMHA_SOURCE_DIR/tests/guestd/guestdlib.sh"
heartbeat=${GUESTD_TEST_HEARTBEAT:-guest-agent}

host_up pm1 --ip 192.0.2.10
pm1_cluster
daemon_up || finish

console="$work/gd-5.console"
truncate -s 64M "$work/gd-5.img"
check "the tiny Linux guest, with its guest agent channel" 0 \
  bash -c "'$VMHA_SOURCE_DIR/tests/lab/guest/linux-guest' xml gd-5 '$work/gd-5.img' '$console' >'$work/gd-5.xml'"
[ "$last_rc" = 0 ] || finish
hb="<nvpair id='vm5-hb' name='heartbeat' value='$heartbeat'/><nvpair id='vm5-to' name='heartbeat_timeout' value='10'/>
<nvpair id='vm5-max' name='heartbeat_max_resets' value='1'/>"
check "create vm5 (heartbeat=$heartbeat, heartbeat_timeout=10, heartbeat_max_resets=1)" 0 resource vm5 "$work/gd-5.xml" kill "$hb"
wait_for "Pacemaker started gd-5" 60 started vm5 gd-5 || finish
pid=$(qemu_pid gd-5)

agent() { in_pm1 virsh -q qemu-agent-command --timeout 3 gd-5 "{\"execute\":\"$1\"}"; }
heard() { "$vmha_host" exec pm1 "$guestd" --status | grep "^guest gd-5 " | grep -q ", agent answering)"; }
boots() { grep -c 'vmha-guest: up after' "$console" 2>/dev/null || true; }
resets() { grep -c 'gd-5: reset (hung)' "$log" || true; }
wait_for "gd-5 boots and its guest agent answers guest-ping" 90 agent guest-ping ||
  { agent guest-ping 2>&1 | sed 's/^/#   /'; grep 'vmha-guest: [^s]' "$console" | tail -n 5 | sed 's/^/#   /'; finish; }
wait_for "  vmha-guestd hears it (--status: agent answering)" 30 heard
holds "  while it answers (longer than heartbeat_timeout): no reset" 15 [ "$(resets)" = 0 ]

check "silence its guest agent (vmha-lab-silence)" 0 agent vmha-lab-silence
wait_for "  silent for heartbeat_timeout: vmha-guestd resets gd-5" 45 bash -c "[ \$(grep -c 'gd-5: reset (hung)' '$log') -ge 1 ]" ||
  tell_log gd-5
wait_for "  a second boot" 60 bash -c "[ \$(grep -c 'vmha-guest: up after' '$console') -ge 2 ]"
expect "  of the same qemu (a reset, not a restart)" [ "$(qemu_pid gd-5)" = "$pid" ]
wait_for "  after that boot its agent answers again" 60 agent guest-ping
# Its silence counts only once the daemon has heard it since the reset: until then the second
# silence would be no hang at all.
wait_for "  and vmha-guestd hears it again" 60 heard

check "silence it again" 0 agent vmha-lab-silence
wait_for "  hung again: left alone, heartbeat_max_resets=1 reached" 45 logged \
  "gd-5 (vm5) its guest agent has not answered guest-ping for heartbeat_timeout (heartbeat=$heartbeat); hung; left alone: reset 1 times in 3600 s" ||
  tell_log gd-5
holds "  and so it stays: one reset, two boots" 10 bash -c "[ \$(grep -c 'gd-5: reset (hung)' '$log') = 1 ] && [ \$(grep -c 'vmha-guest: up after' '$console') = 2 ]"
expect "  vmha-guestd --status says so" bash -c "'$vmha_host' exec pm1 '$guestd' --status | grep 'guest gd-5 ' | grep -q 'heartbeat guest-agent (resets 1/1 in 3600 s, agent [a-z ]*): .*left alone'"
expect "  nothing reported to Pacemaker" [ "$(reports vm5)" = 0 ]
expect "  no failure counted" no_failures vm5
in_pm1 cibadmin --delete -o resources --xml-text "<primitive id='vm5'/>" >/dev/null 2>&1
daemon_down
finish
