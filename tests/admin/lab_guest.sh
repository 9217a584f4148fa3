# vmha's guest commands and the clusvcadm/clustat faces against a live two-host lab
# (tests/lab/two-node.yaml: vm1 prefers hv1, vm2 prefers hv2, both restricted to the two hosts),
# in one run: migrate stays past a new transition and is shown pinned; --for 20s expires by
# itself; unpin fails back live; refusals change nothing (the CIB's configuration is the same
# before and after); disable/enable/restart/relocate; freeze: a guest whose qemu is killed is not
# recovered while frozen, and is once unfrozen; an rgmanager-style clusvcadm/clustat script;
# clustat -x with rgmanager's names; vmha status --json's quorum disk with every host's score; last,
# an inquorate partition (hv1 cut off, the quorum disk's daemons killed first so that its heuristic
# does not power hv1 off) refuses migrate, enable and clusvcadm -M, its CIB unchanged.
source "$VMHA_SOURCE_DIR/tests/lab/lablib.sh"
work=$(mktemp -d /var/tmp/vmha-admin-guest.XXXXXX)
trap 'rm -rf "$work"; lab_cleanup' EXIT

check "the lab comes up (2 hosts)" 0 lab up 2
[ "$last_rc" = 0 ] || finish
for h in hv1 hv2; do
  check "vmha installed on $h" 0 "$vmha_host" install "$h" /usr/sbin "$VMHA_BUILD_DIR/admin/vmha"
  check "  with its rgmanager faces" 0 lab exec "$h" sh -c 'ln -sfn vmha /usr/sbin/clustat && ln -sfn vmha /usr/sbin/clusvcadm'
  check "  vmha-guestd runs on $h" 0 lab exec "$h" vmha-guestd --status
done
wait_until "vm1 starts on hv1" 90 runs_only_on vm1 hv1
wait_until "vm2 starts on hv2" 90 runs_only_on vm2 hv2
start_sampler
# The lab's guests ignore ACPI shutdown: stop them by force, so that disable, restart and
# relocate do not wait out the agent's graceful period.
for g in vm1 vm2; do check "force_stop on $g" 0 crm crm_resource -r "$g" -p force_stop -v true; done
check "the cluster settles" 0 crm crm_resource --wait --timeout=90
wait_until "  vm1 on hv1, vm2 on hv2" 30 bash -c "[ \"\$('$lab_tool' where vm1)\" = hv1 ] && [ \"\$('$lab_tool' where vm2)\" = hv2 ]"

status() { lab exec "$1" vmha status --json >"$work/s.json" 2>/dev/null || true; }
field() { jq -r "$1" "$work/s.json"; }
config() { crm cibadmin --query --scope configuration; }
migrations() { lab exec "$1" grep -c "Result of migrate_to operation for $2 on $1: ok" /var/log/pacemaker/pacemaker.log || true; }
qemu_pid() { lab exec "$1" cat "/run/libvirt/qemu/$2.pid" 2>/dev/null; }

# migrate: live, and it stays.
live=$(migrations hv1 vm1)
check "vmha migrate vm1 --to hv2" 0 lab exec hv2 vmha migrate vm1 --to hv2
expect "  says so, with the pin" grep -q "^vm1 moved from hv1 to hv2 in .* s; pinned to hv2 until \`vmha unpin vm1\`$" <<<"$last_output"
expect "  vm1 runs on hv2 alone (libvirt)" runs_only_on vm1 hv2
expect "  live (a migrate_to on hv1)" [ "$(migrations hv1 vm1)" -gt "$live" ]
check "a new transition (a transient node attribute changes)" 0 crm crm_attribute -N hv1 -n vmha-lab-poke -v 1 -l reboot
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
expect "  vm1 stays on hv2" runs_only_on vm1 hv2
status hv1
expect "  the quorum disk: a master, hv1's score against min_score" \
  [ "$(field '.cluster.quorum_disk | "\(.device) \(.master != null) \(.host) \(.score >= .min_score)"')" = "/var/lib/vmha-lab/qdisk true hv1 true" ]
expect "  every host's score from the disk's slots (hv1 and hv2, each at least min_score)" \
  [ "$(field '.cluster.quorum_disk | . as $q | [.hosts[] | "\(.host):\(.score >= $q.min_score)"] | join(" ")')" = "hv1:true hv2:true" ]
[ "$(field '.cluster.quorum_disk | . as $q | [.hosts[] | "\(.host):\(.score >= $q.min_score)"] | join(" ")')" = "hv1:true hv2:true" ] ||
  field '.cluster.quorum_disk' | sed 's/^/#   /'   # what the check saw, for the log
expect "  the master's own slot says master" \
  [ "$(field '.cluster.quorum_disk | . as $q | [.hosts[] | select(.state == "master") | .host] == [$q.master]')" = true ]
expect "  vmha status: vm1 on hv2, pinned, domain1 prefers hv1, moved by the operator" \
  [ "$(field '.guests[] | select(.name=="vm1") | "\(.host) \(.pinned) \(.domain.name) \(.preferred_host) \(.last_transition.kind)"')" = "hv2 true domain1 hv1 operator" ]
check "  clustat -x: vm:vm1 started (112), owner hv2" 0 lab exec hv1 clustat -x
printf '%s\n' "$last_output" >"$work/c.xml"
check "  parses, with rgmanager's element names" 0 xmllint --xpath \
  '/clustat[@version="4.1.1"][cluster[@name="vmhalab"]][quorum[@quorate="1"]][nodes/node[@name="hv1" and @local="1"]]/groups/group[@name="vm:vm1" and @state="112" and @state_str="started" and @owner="hv2" and @last_transition!="0"]' "$work/c.xml"

# Refusals: one line, exit 1, the configuration untouched.
before=$(config)
check "vmha migrate vm1 --to hv2 again is refused" 1 lab exec hv1 vmha migrate vm1 --to hv2
expect "  one line" [ "$last_output" = "vmha: refused: vm1 already runs on hv2" ]
check "vmha migrate vm1 --to hv9 is refused" 1 lab exec hv1 vmha migrate vm1 --to hv9
check "vmha relocate vm2 --to hv9 is refused" 1 lab exec hv1 vmha relocate vm2 --to hv9
check "vmha restart nosuch is refused" 1 lab exec hv1 vmha restart nosuch
check "vmha unfreeze vm2 (not frozen): nothing to do" 0 lab exec hv1 vmha unfreeze vm2
check "clusvcadm -M vm:vm1 -m hv9: not a member" 1 lab exec hv1 clusvcadm -M vm:vm1 -m hv9
check "clusvcadm -M vm:nosuch -m hv1: Service does not exist (-4)" 252 lab exec hv1 clusvcadm -M vm:nosuch -m hv1
expect "  the configuration is unchanged" [ "$(config)" = "$before" ]

check "vmha unpin vm1" 0 lab exec hv1 vmha unpin vm1
expect "  it fails back to hv1" runs_only_on vm1 hv1
expect "  live" [ "$(migrations hv2 vm1)" -ge 1 ]

# migrate --for: the pin ends by itself (Pacemaker rechecks at the rule's end).
check "vmha migrate vm2 --to hv1 --for 20s" 0 lab exec hv1 vmha migrate vm2 --to hv1 --for 20s
expect "  says until when" grep -q "^vm2 moved from hv2 to hv1 in .* s; pinned to hv1 until .*, then its failover domain decides again$" <<<"$last_output"
mark "vm2 pinned to hv1 for 20 s"
status hv2
expect "  vmha status: pinned, with an end" [ "$(field '.guests[] | select(.name=="vm2") | "\(.pinned) \(.pins[0].expires != null)"')" = "true true" ]

# Meanwhile vm1: disable, enable, restart.
check "vmha disable vm1" 0 lab exec hv2 vmha disable vm1
expect "  says so" grep -q "^vm1 disabled in .* s (it ran on hv1); it stays stopped until \`vmha enable vm1\`$" <<<"$last_output"
expect "  vm1 runs nowhere" runs_nowhere vm1
check "  clustat -s vm:vm1 says disabled" 119 lab exec hv2 clustat -s vm:vm1
check "vmha disable vm1 again: nothing to do" 0 lab exec hv2 vmha disable vm1
check "vmha enable vm1" 0 lab exec hv2 vmha enable vm1
expect "  runs on hv1 again" runs_only_on vm1 hv1
pid=$(qemu_pid hv1 vm1)
check "vmha restart vm1" 0 lab exec hv2 vmha restart vm1
expect "  says so" grep -q "^vm1 restarted in .* s; it runs on hv1$" <<<"$last_output"
expect "  a new qemu on hv1 ($pid before)" bash -c "[ -n '$pid' ] && [ \"\$('$lab_tool' exec hv1 cat /run/libvirt/qemu/vm1.pid)\" != '$pid' ]"
expect "  still on hv1 alone" runs_only_on vm1 hv1

wait_until "vm2's 20 s pin ends by itself: back on hv2" 90 runs_only_on vm2 hv2
status hv1
expect "  vmha status: the pin is expired, vm2 not pinned" [ "$(field '.guests[] | select(.name=="vm2") | "\(.pinned) \(.pins[0].expired)"')" = "false true" ]
check "vmha unpin vm2 clears the expired constraint" 0 lab exec hv1 vmha unpin vm2

# relocate: stop, start there (not live).
live=$(migrations hv1 vm1)
check "vmha relocate vm1 --to hv2" 0 lab exec hv1 vmha relocate vm1 --to hv2
expect "  says so" grep -q "^vm1 relocated from hv1 to hv2 (stopped, started there) in .* s; pinned to hv2" <<<"$last_output"
expect "  runs on hv2 alone" runs_only_on vm1 hv2
expect "  not live (no new migrate_to)" [ "$(migrations hv1 vm1)" = "$live" ]

# rgmanager's commands, as a script written for rgmanager runs them.
check "clusvcadm -r vm:vm1 -m hv1" 0 lab exec hv2 clusvcadm -r vm:vm1 -m hv1
expect "  rgmanager's lines" [ "$last_output" = "Trying to relocate vm:vm1 to hv1...Success"$'\n'"vm:vm1 is now running on hv1" ]
expect "  vm1 on hv1" runs_only_on vm1 hv1
check "an rgmanager-style script: migrate vm2, then check it with clustat" 0 lab exec hv1 sh -c \
  'clusvcadm -M vm:vm2 -m hv1 && clustat -s vm:vm2 >/dev/null && clustat -x -s vm:vm2 | grep -q "owner=\"hv1\"" && echo migrated'
expect "  Trying to migrate vm:vm2 to hv1...Success" [ "$last_output" = "Trying to migrate vm:vm2 to hv1...Success"$'\n'"migrated" ]
expect "  vm2 on hv1" runs_only_on vm2 hv1
before=$(config)
check "clusvcadm -M vm:vm2 -m hv1 again: Invalid operation (-8)" 248 lab exec hv2 clusvcadm -M vm:vm2 -m hv1
expect "  rgmanager's line" grep -q "^Trying to migrate vm:vm2 to hv1...Invalid operation for resource$" <<<"$last_output"
expect "  the configuration is unchanged" [ "$(config)" = "$before" ]
check "vmha unpin vm1, vm2" 0 lab exec hv2 sh -c 'vmha unpin vm1 && vmha unpin vm2'
expect "  vm2 back on hv2" runs_only_on vm2 hv2
# Every move, stop and start above was intended: no host's vmha-guestd took one for a failure.
expect "vmha-guestd reported nothing for migrate, unpin, disable, enable, restart, relocate" [ -z "$(guestd_reports)" ]
guestd_reports | sed 's/^/#   /'
expect "  (it watched: hv1's saw vm1's live migration as the agent's)" \
  grep -q "vm1 (vm1): the agent's migration away is under way -> ignore" "$lab_dir/logs/hv1.guestd.log"

# freeze: no monitoring, no recovery.
check "vmha freeze vm1" 0 lab exec hv2 vmha freeze vm1
expect "  says so" grep -q "^vm1 frozen in .* s: Pacemaker neither monitors" <<<"$last_output"
pid=$(qemu_pid hv1 vm1)
check "kill -9 of vm1's qemu on hv1 (pid $pid)" 0 lab exec hv1 kill -9 "$pid"
wait_until "  libvirt sees vm1 gone" 20 runs_nowhere vm1
mark "vm1's qemu killed while frozen; a monitor interval (10 s) and more passes"
sleep 15
expect "  not recovered while frozen" runs_nowhere vm1
expect "  hv1's vmha-guestd saw it die and did not report it (not managed)" bash -c "'$lab_tool' guestd-reports |
  grep -q '^hv1: .* vm1: not reporting to Pacemaker: vm1 is not managed'"
status hv2
expect "  vmha status: vm1 frozen, fail count 0 (not monitored)" [ "$(field '.guests[] | select(.name=="vm1") | "\(.state) \(.frozen) \(.fail_count)"')" = "frozen true 0" ]
check "  clustat shows [Z]" 0 lab exec hv2 clustat -s vm:vm1
expect "  (frozen flag)" grep -q "vm:vm1 .*\[Z\]" <<<"$last_output"
check "clusvcadm -U vm:vm1" 0 lab exec hv2 clusvcadm -U vm:vm1
expect "  Local machine unfreezing vm:vm1...Success" grep -q "^Local machine unfreezing vm:vm1...Success$" <<<"$last_output"
wait_until "  once unfrozen, vm1 is recovered on hv1" 90 runs_only_on vm1 hv1
expect "  by its monitor: vmha-guestd reported no failure at all" [ "$(guestd_reported vm1)$(guestd_reported vm2)" = 00 ]
check "  the cluster settles" 0 crm crm_resource --wait --timeout=90
for g in vm1 vm2; do expect "$g never ran on two hosts (the sampler)" never_twice "$g"; done

# Last (it breaks the cluster): an inquorate partition refuses. Without the quorum disk's vote
# (both qdiskds killed: their heuristic would power a cut-off host off) hv1 and hv2 have 2 of 3
# votes; hv1 cut off has 1 of 3, and so has hv2, so nobody fences anybody.
for h in hv1 hv2; do check "qdiskd on $h killed (its pid file)" 0 lab exec "$h" sh -c 'kill -9 "$(cat /run/qdiskd/pid)"'; done
wait_until "  hv1 still quorate without the disk (2 of 3 votes)" 60 bash -c "'$lab_tool' exec hv1 corosync-quorumtool -s | grep -Eq 'Quorate: +Yes'"
check "hv1 cut off the network" 0 lab cut hv1
wait_until "  hv1 is inquorate (corosync)" 60 bash -c "'$lab_tool' exec hv1 corosync-quorumtool -s | grep -Eq 'Quorate: +No'"
local_config() { lab exec hv1 cibadmin --query --local --scope configuration; }
before=$(local_config)
inquorate="vmha: refused: this partition is not quorate: Pacemaker would not move anything"
check "vmha migrate vm1 --to hv2 on inquorate hv1 is refused" 1 lab exec hv1 vmha migrate vm1 --to hv2
expect "  says why" [ "$last_output" = "$inquorate" ]
check "vmha enable vm2 on inquorate hv1 is refused" 1 lab exec hv1 vmha enable vm2 --on hv1
expect "  says why" [ "$last_output" = "$inquorate" ]
# As rgmanager's clusvcadm: the target's membership is checked first (hv2 is offline from here)…
check "clusvcadm -M vm:vm1 -m hv2 on inquorate hv1: hv2 is offline, exit 1" 1 lab exec hv1 clusvcadm -M vm:vm1 -m hv2
expect "  rgmanager's line" [ "$last_output" = "'hv2' is offline" ]
# …and a request with no target meets the quorum check: -9, "Operation requires quorum".
check "clusvcadm -R vm:vm1 on inquorate hv1: -9, exit 247" 247 lab exec hv1 clusvcadm -R vm:vm1
expect "  rgmanager's result string" grep -q "Operation requires quorum" <<<"$last_output"
expect "  hv1's CIB configuration unchanged" [ "$(local_config)" = "$before" ]
check "vmha status on hv1 says INQUORATE, exit 1" 1 lab exec hv1 vmha status
expect "  (the first line)" grep -q "^Cluster vmhalab: INQUORATE" <<<"$last_output"
finish
