# vmha status and clustat against a live two-host lab (tests/lab/two-node.yaml): every field the
# JSON gives matches crm_mon's XML and libvirt's own view of each host, through a move (pinned),
# its clearing, a guest banned from both hosts (exit 1, clustat's 110) and a host powered off
# (offline or unclean, then its guest restarted on the survivor).
source "$VMHA_SOURCE_DIR/tests/lab/lablib.sh"
here="$VMHA_SOURCE_DIR/tests/admin"
work=$(mktemp -d /var/tmp/vmha-admin-lab.XXXXXX)
trap 'rm -rf "$work"; lab_cleanup' EXIT

check "the lab comes up (2 hosts)" 0 lab up 2
[ "$last_rc" = 0 ] || finish
for h in hv1 hv2; do
  check "vmha installed on $h" 0 "$vmha_host" install "$h" /usr/sbin "$VMHA_BUILD_DIR/admin/vmha"
  check "  clustat is vmha under rgmanager's name on $h" 0 lab exec "$h" ln -sfn vmha /usr/sbin/clustat
done
wait_until "vm1 starts on hv1" 90 runs_only_on vm1 hv1
wait_until "vm2 starts on hv2" 90 runs_only_on vm2 hv2
check "the cluster settles" 0 crm crm_resource --wait --timeout=60

# snapshot ON: vmha status --json and crm_mon's XML from host ON, one right after the other;
# the exit status of vmha status is kept in status_rc.
snapshot() {
  status_rc=0
  lab exec "$1" vmha status --json >"$work/status.json" 2>"$work/status.err" || status_rc=$?
  lab exec "$1" crm_mon --one-shot --inactive --output-as=xml >"$work/crm_mon.xml" 2>/dev/null
}
field() { jq -r "$1" "$work/status.json"; }
truth() { for g in vm1 vm2; do echo "$g=$(lab where "$g" | head -n1)"; done; }
matches() { python3 "$here/status_matches.py" "$work/status.json" "$work/crm_mon.xml" $(truth); }

snapshot hv1
expect "vmha status exits 0: quorate, every guest runs (rc $status_rc)" [ "$status_rc" = 0 ]
expect "  its JSON matches crm_mon's XML and libvirt" matches
expect "  schema vmha-status/1" [ "$(field .schema)" = vmha-status/1 ]
expect "  cluster name vmhalab, quorate" [ "$(field '.cluster.name + " " + (.cluster.quorate|tostring)')" = "vmhalab true" ]
expect "  votes and expected votes from corosync (3/3 with the quorum disk)" [ "$(field '"\(.cluster.votes)/\(.cluster.expected_votes)"')" = 3/3 ]
expect "  vm1 on hv1, vm2 on hv2, both started, not pinned" \
  [ "$(field '[.guests[] | "\(.name):\(.host):\(.state):\(.pinned)"] | join(" ")')" = "vm1:hv1:started:false vm2:hv2:started:false" ]
expect "  the agent is vmha's VirtualDomain" [ "$(field '.guests[0].agent')" = ocf:vmha:VirtualDomain ]
expect "  hv1 is the local host" [ "$(field '.hosts[] | select(.local) | .name')" = hv1 ]
check "vmha status (the screen) exits 0" 0 lab exec hv2 vmha status
expect "  shows both guests" grep -q "^vm2 *started *hv2" <<<"$last_output"

check "clustat -x" 0 lab exec hv1 clustat -x
printf '%s\n' "$last_output" >"$work/clustat.xml"
check "  parses as XML (xmllint)" 0 xmllint --noout "$work/clustat.xml"
check "  rgmanager's root and version" 0 xmllint --xpath '/clustat[@version="4.1.1"]/quorum[@quorate="1"]' "$work/clustat.xml"
check "  vm:vm1 started (112) on hv1" 0 xmllint --xpath '/clustat/groups/group[@name="vm:vm1" and @state="112" and @state_str="started" and @owner="hv1"]' "$work/clustat.xml"
check "  both hosts online, hv1 local, with node ids" 0 xmllint --xpath '/clustat/nodes[node[@name="hv1" and @state="1" and @local="1" and @nodeid="0x00000001"] and node[@name="hv2" and @state="1" and @local="0"]]' "$work/clustat.xml"
check "clustat -s vm:vm1 (started)" 0 lab exec hv1 clustat -s vm:vm1
check "clustat -Q (quorate)" 0 lab exec hv2 clustat -Q
check "clustat -m hv2 (online)" 0 lab exec hv1 clustat -m hv2
check "clustat -m nosuch" 255 lab exec hv1 clustat -m nosuch
check "clustat -i 1 -x is refused" 1 lab exec hv1 clustat -i 1 -x

# An operator's move: Pacemaker's cli-prefer constraint, shown as a pin.
check "crm_resource --move vm1 to hv2" 0 crm crm_resource --move -r vm1 -N hv2
wait_until "vm1 moved to hv2" 60 runs_only_on vm1 hv2
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
snapshot hv2
expect "vmha status after the move: exit 0 (rc $status_rc)" [ "$status_rc" = 0 ]
expect "  matches crm_mon and libvirt" matches
expect "  vm1 on hv2, pinned there by cli-prefer-vm1" \
  [ "$(field '.guests[] | select(.name=="vm1") | "\(.host) \(.pinned) \(.pins[0].constraint) \(.pins[0].kind) \(.pins[0].host) \(.pins[0].expires)"')" = "hv2 true cli-prefer-vm1 prefer hv2 null" ]
check "  the screen says so" 0 lab exec hv1 vmha status
expect "  (pinned to hv2)" grep -q "^vm1 .*pinned to hv2" <<<"$last_output"
check "crm_resource --clear vm1" 0 crm crm_resource --clear -r vm1
wait_until "vm1 fails back to hv1" 60 runs_only_on vm1 hv1
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
snapshot hv1
expect "after the clear: vm1 on hv1, not pinned, no pins" \
  [ "$(field '.guests[] | select(.name=="vm1") | "\(.host) \(.pinned) \(.pins|length)"')" = "hv1 false 0" ]
expect "  matches crm_mon and libvirt" matches

# A guest that cannot run anywhere: vmha status exits 1, clustat -s says stopped (110). The lab's guest
# ignores ACPI shutdown, so its stop waits out the agent's graceful period before it forces: up to
# the stop timeout (90 s).
check "crm_resource --ban vm2 from hv2" 0 crm crm_resource --ban -r vm2 -N hv2
wait_until "  vm2 moves to hv1" 60 runs_only_on vm2 hv1
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
check "vmha migrate vm2 --to hv2 is refused (banned there)" 1 lab exec hv1 vmha migrate vm2 --to hv2
expect "  says why in one line" [ "$last_output" = "vmha: refused: vm2 is banned from hv2 (cli-ban-vm2-on-hv2)" ]
check "crm_resource --ban vm2 from hv1 too" 0 crm crm_resource --ban -r vm2 -N hv1
vm2_state() { snapshot hv2; [ "$(field '.guests[] | select(.name=="vm2") | .state')" = "$1" ]; }
wait_until "  vmha status shows vm2 stopping while the agent stops it (a pending stop)" 30 vm2_state stopping
expect "  meanwhile its JSON matches crm_mon's XML" matches
wait_until "  vm2 stops everywhere" 150 runs_nowhere vm2
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
snapshot hv1
expect "vmha status exits 1 while an enabled guest is stopped (rc $status_rc)" [ "$status_rc" = 1 ]
expect "  healthy false; vm2 stopped, nowhere, pinned by two bans" \
  [ "$(field '"\(.healthy) " + (.guests[] | select(.name=="vm2") | "\(.state) \(.host) \(.pinned) \([.pins[].kind] | join(","))")')" = "false stopped null true ban,ban" ]
expect "  matches crm_mon and libvirt" matches
check "clustat -s vm:vm2 says stopped" 110 lab exec hv2 clustat -s vm:vm2
check "clustat -x -s vm:vm2 says stopped" 110 lab exec hv2 clustat -x -s vm:vm2
check "crm_resource --clear vm2" 0 crm crm_resource --clear -r vm2
wait_until "vm2 runs on hv2 again" 90 runs_only_on vm2 hv2
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
snapshot hv1
expect "vmha status exits 0 again (rc $status_rc)" [ "$status_rc" = 0 ]

# vmha migrate: a live move that stays (a pin) until vmha unpin; refusals change nothing.
constraints() { crm cibadmin --query --scope constraints; }
before=$(constraints)
check "vmha migrate vm1 --to hv1 is refused (already there)" 1 lab exec hv2 vmha migrate vm1 --to hv1
expect "  says why" [ "$last_output" = "vmha: refused: vm1 already runs on hv1" ]
check "vmha migrate vm1 --to hv9 is refused (no such host)" 1 lab exec hv2 vmha migrate vm1 --to hv9
check "vmha migrate nosuch --to hv2 is refused" 1 lab exec hv2 vmha migrate nosuch --to hv2
check "vmha unpin vm1 is refused (no pins)" 1 lab exec hv2 vmha unpin vm1
expect "  the refusals changed no constraint" [ "$(constraints)" = "$before" ]
check "vmha migrate vm1 --to hv2 without the host is bad usage" 2 lab exec hv2 vmha migrate vm1
live_before=$(lab exec hv1 grep -c "Result of migrate_to operation for vm1 on hv1: ok" /var/log/pacemaker/pacemaker.log || true)
check "vmha migrate vm1 --to hv2" 0 lab exec hv2 vmha migrate vm1 --to hv2
expect "  reports the move and the pin" grep -q "^vm1 moved from hv1 to hv2 in .* s; pinned to hv2 until \`vmha unpin vm1\`$" <<<"$last_output"
expect "  returns with vm1 already on hv2 (libvirt)" runs_only_on vm1 hv2
expect "  moved live (migrate_to on hv1)" [ "$(lab exec hv1 grep -c "Result of migrate_to operation for vm1 on hv1: ok" /var/log/pacemaker/pacemaker.log || true)" -gt "$live_before" ]
snapshot hv1
expect "  vmha status: vm1 on hv2, pinned there" [ "$(field '.guests[] | select(.name=="vm1") | "\(.host) \(.pinned) \(.pins[0].kind) \(.pins[0].host)"')" = "hv2 true prefer hv2" ]
expect "  matches crm_mon and libvirt" matches
check "vmha migrate vm1 --to hv2 again is refused" 1 lab exec hv1 vmha migrate vm1 --to hv2
check "vmha unpin vm1" 0 lab exec hv1 vmha unpin vm1
expect "  returns with vm1 back on hv1, its domain's first host" runs_only_on vm1 hv1
expect "  says so" grep -q "^vm1 unpinned in .* s; it runs on hv1$" <<<"$last_output"
snapshot hv2
expect "  vmha status: vm1 on hv1, no pins" [ "$(field '.guests[] | select(.name=="vm1") | "\(.host) \(.pinned) \(.pins|length)"')" = "hv1 false 0" ]

# A host powered off: the survivor shows it offline or unclean until it is fenced, then its guest
# restarted there. The victim is the host without the quorum disk's vote, so the survivor stays
# quorate throughout.
master=""
find_master() { master=$(for h in hv1 hv2; do lab exec "$h" qdiskd -s 2>/dev/null | grep -q "^State: master" && echo "$h"; done | head -n1); [ -n "$master" ]; }
wait_until "one host is the disk's master" 60 find_master
victim=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
guest=$( [ "$victim" = hv1 ] && echo vm1 || echo vm2 )
lab kill "$victim"
mark "$victim powered off (it ran $guest)"
victim_gone() {
  snapshot "$master"
  case $(field ".hosts[] | select(.name==\"$victim\") | .state") in offline|unclean) return 0 ;; esac
  return 1
}
wait_until "vmha status on $master shows $victim offline or unclean" 60 victim_gone
expect "  and exits 1 meanwhile or once the guest is back, never 2 (rc $status_rc)" [ "$status_rc" != 2 ]
wait_until "$guest restarts on $master" 120 runs_only_on "$guest" "$master"
check "  the cluster settles" 0 crm crm_resource --wait --timeout=90
snapshot "$master"
expect "vmha status after the failover: exit 0, quorate (rc $status_rc)" [ "$status_rc" = 0 ]
expect "  $victim offline, $guest started on $master" \
  [ "$(field "(.hosts[] | select(.name==\"$victim\") | .state) + \" \" + (.guests[] | select(.name==\"$guest\") | \"\(.state) \(.host)\")")" = "offline started $master" ]
expect "  matches crm_mon and libvirt" matches
check "clustat -m $victim says offline" 1 lab exec "$master" clustat -m "$victim"
check "clustat -s vm:$guest says started" 0 lab exec "$master" clustat -s "vm:$guest"
finish
