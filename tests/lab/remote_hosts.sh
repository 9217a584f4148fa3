# Remote hosts (pacemaker_remote) on a four-host lab (tests/lab/remote-hosts.yaml): hv1, hv2 are
# full members, hv3, hv4 remote hosts running Debian's pacemaker-remoted and nothing of corosync.
#   vm-a  ordered hv3 > hv1   → starts on hv3; restarts on the member hv1 when hv3 is powered off
#   vm-b  ordered hv3 > hv4   → starts on hv3; restarts on the remote host hv4
#   vm-c  only hv4            → runs on hv4 throughout, never restarted
# hv3's power-off is found by its connection's monitor, Pacemaker fences hv3 through the lab power
# switch, and only then are its guests started elsewhere: the sampler shows none ever on two hosts.
# hv3 boots again, the cluster reconnects it by itself (reconnect_interval) and vm-a, vm-b move back.
source "$(dirname "$0")/lablib.sh"
vmha=$VMHA_BUILD_DIR/admin/vmha
work=$(mktemp -d /var/tmp/vmha-lab-remote.XXXXXX)
trap 'rm -rf "$work"; lab_cleanup' EXIT

check "the lab comes up (hv1, hv2 members; hv3, hv4 remote hosts)" 0 lab up 4 --topology "$VMHA_SOURCE_DIR/tests/lab/remote-hosts.yaml"
[ "$last_rc" = 0 ] || finish
start_sampler
mark "lab up"

# What each host runs, in its own PID namespace.
runs() { lab exec "$1" pgrep -f "^$2( |\$)" >/dev/null; }
for h in hv3 hv4; do
  expect "$h runs pacemaker-remoted" runs "$h" /usr/sbin/pacemaker-remoted
  expect "  and no corosync, no pacemakerd" bash -c "! '$lab_tool' exec $h pgrep -x corosync >/dev/null && ! '$lab_tool' exec $h pgrep -x pacemakerd >/dev/null"
done
expect "hv1 runs corosync and pacemakerd" bash -c "'$lab_tool' exec hv1 pgrep -x corosync >/dev/null && '$lab_tool' exec hv1 pgrep -x pacemakerd >/dev/null"
members=$(crm corosync-cmapctl -b nodelist.node 2>/dev/null | sed -n 's/.*\.name (str) = //p' | sort | tr '\n' ' ')
expect "corosync's membership is hv1 and hv2 alone (got: $members)" [ "$members" = "hv1 hv2 " ]

crm_xml() { crm crm_mon -1 --inactive --output-as=xml > "$work/mon.xml" 2>/dev/null; }
xpath() { xmllint --xpath "$1" "$work/mon.xml" 2>/dev/null; }
crm_xml
for h in hv3 hv4; do
  expect "crm_mon: $h is a remote node, online" [ "$(xpath "count(//nodes/node[@name='$h' and @type='remote' and @online='true'])")" = 1 ]
done

# Where the cluster runs a guest (crm_mon's XML): GUEST HOST.
cluster_has() { crm_xml && [ "$(xpath "string(//resources/resource[@id='$1' and @role='Started']/node/@name)")" = "$2" ]; }
on() { runs_only_on "$1" "$2" && cluster_has "$1" "$2"; }
# 180 s: Pacemaker 2.1.5's controller can lose an asynchronous child (the fence agent's or a
# resource agent's meta-data) while it reads a remote connection's meta-data synchronously, and
# then waits out that operation's timeout (80 s) before it goes on (ClusterLabs/pacemaker#3374).
wait_until "vm-a starts on hv3 (libvirt and crm_mon agree)" 180 on vm-a hv3
wait_until "vm-b starts on hv3" 120 on vm-b hv3
wait_until "vm-c starts on hv4" 120 on vm-c hv4
mark "guests placed"
# The lab hosts' resource.d overlay keeps heartbeat/.ocf-shellfuncs (a relative link) working.
remote_metadata_read() { local h; for h in hv1 hv2; do ! lab exec "$h" grep -q "Failed to retrieve meta-data for ocf:pacemaker:remote" /var/log/pacemaker/pacemaker.log || return 1; done; }
expect "the members read ocf:pacemaker:remote's meta-data" remote_metadata_read

# vmha's own view of a cluster with remote nodes (vmha status --json, run on a member).
lab exec hv1 "$vmha" status --json > "$work/s.json" 2>/dev/null || true
field() { jq -r "$1" "$work/s.json" 2>/dev/null; }
expect "vmha status --json: vm-a on hv3, its preferred host" [ "$(field '.guests[] | select(.name=="vm-a") | "\(.host) \(.preferred_host)"')" = "hv3 hv3" ]
expect "  vm-c on hv4" [ "$(field '.guests[] | select(.name=="vm-c") | .host')" = hv4 ]
expect "  hv3 online with vm-a and vm-b" [ "$(field '.hosts[] | select(.name=="hv3") | "\(.state) \(.guests | sort | join(","))"')" = "online vm-a,vm-b" ]
expect "  the connection resources are not guests" [ "$(field '[.guests[].name] | sort | join(",")')" = "vm-a,vm-b,vm-c" ]
expect "  healthy" [ "$(field .healthy)" = true ]

vm_c_id=$(lab exec hv4 virsh -q -c qemu:///system domid vm-c 2>/dev/null)
t_kill=$(date +%s%3N)
lab kill hv3
mark "hv3 powered off"
# Pacemaker's fencer records it (target hv3, action off, done); the switch did it.
fenced_hv3() {
  crm stonith_admin --history hv3 --output-as=xml 2>/dev/null |
    xmllint --xpath "count(//fence_event[@target='hv3' and @action='off' and @status='success'])" - 2>/dev/null | grep -qx '[1-9][0-9]*'
}
wait_until "hv3 is fenced (stonith_admin --history)" 180 fenced_hv3
mark "hv3 fenced"
# The fencer's own record of running the lab's fence agent (it finds hv3 already off, as a real
# power switch reports a host that lost its power).
fence_agent_ran() { local h; for h in hv1 hv2; do lab exec "$h" grep -q "Operation 'off' .*targeting hv3 using lab_power returned 0" /var/log/pacemaker/pacemaker.log && return 0; done; return 1; }
expect "  by the lab's fence agent (device lab_power, off, returned 0)" fence_agent_ran
wait_until "vm-a restarts on the member hv1" 120 on vm-a hv1
wait_until "vm-b restarts on the remote host hv4" 120 on vm-b hv4
mark "hv3's guests restarted"
expect "vm-c ran on hv4 throughout (the same libvirt domain id)" \
  [ "$(lab exec hv4 virsh -q -c qemu:///system domid vm-c 2>/dev/null)" = "$vm_c_id" ]
# vmha's view once the cluster has restarted hv3's guests. Asked until it says so (up to 60 s), and
# every read that did not is shown: what vmha printed on stderr, its exit code, hv3's and vm-a's entries.
status_after_fence() {
  local rc=0
  lab exec hv1 "$vmha" status --json > "$work/s.json" 2> "$work/s.err" || rc=$?
  [ "$(field '.hosts[] | select(.name=="hv3") | "\(.state) \(.fenced != null)"')" = "offline true" ] &&
    [ "$(field '.guests[] | select(.name=="vm-a") | "\(.host) \(.preferred_host)"')" = "hv1 hv1" ] && return 0
  { echo "exit $rc; stderr: $(head -c 300 "$work/s.err" | tr '\n' ' ')"
    echo "  hv3: $(jq -c '.hosts[] | select(.name=="hv3") | {state, fenced}' "$work/s.json" 2>&1)"
    echo "  vm-a: $(jq -c '.guests[] | select(.name=="vm-a") | {host, preferred_host, state}' "$work/s.json" 2>&1)"; } >> "$work/status-reads"
  return 1
}
wait_until "vmha status --json: hv3 fenced, offline; vm-a on hv1, preferred host hv1 (hv3 is down)" 60 status_after_fence
[ -s "$work/status-reads" ] && { echo "    reads of vmha status that did not say so yet:"; head -12 "$work/status-reads" | sed 's/^/      /'; }

check "hv3 powers on and the cluster reconnects it" 0 lab boot hv3
mark "hv3 back"
wait_until "vm-a moves back to hv3" 120 on vm-a hv3
wait_until "vm-b moves back to hv3" 120 on vm-b hv3
mark "guests back on hv3"
expect "vm-c still never restarted" [ "$(lab exec hv4 virsh -q -c qemu:///system domid vm-c 2>/dev/null)" = "$vm_c_id" ]
for g in vm-a vm-b vm-c; do expect "no guest ever ran on two hosts at once: $g" never_twice "$g"; done
echo "    hv3's guests ran nowhere for at most $(longest_absence vm-a "$t_kill") ms (vm-a), $(longest_absence vm-b "$t_kill") ms (vm-b)"

check "the lab goes down" 0 lab down
expect "  and leaves nothing it made behind" nothing_left_of_the_lab
finish
