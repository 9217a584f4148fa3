#!/usr/bin/env bash
# Guest crash (qemu killed with SIGKILL) → the guest running again, in one one-node corosync +
# Pacemaker cluster on a private host (pm9): ocf:vmha:VirtualDomain with vmha-guestd against
# ocf:heartbeat:VirtualDomain (Debian's resource-agents) at its usual 10 s monitor. Both resources
# have the same 10 s monitor, the same tiny guest and force_stop=true; runs alternate between them.
# Then the daemon's CPU time while it watches the guests idle. Run as root from the source tree:
#   flock /tmp/vmha-machine.lock env VMHA_BUILD_DIR=build tests/bench/guestd/recovery.sh [RUNS] [IDLE_SECONDS] [IDLE_GUESTS]
# IDLE_GUESTS more guests (default 28, so 30 in all) are started by the agent for the CPU figure.
# Prints each run in ms and the medians.
set -uo pipefail
runs=${1:-10}
idle=${2:-120}
extra=${3:-28}
export VMHA_SOURCE_DIR=${VMHA_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
export VMHA_BUILD_DIR=$(cd "${VMHA_BUILD_DIR:?set VMHA_BUILD_DIR}" && pwd)
export VMHA_SUPPORT=$VMHA_SOURCE_DIR/tests/support
source "$VMHA_SOURCE_DIR/tests/agents/agentlib.sh"
guestd="$VMHA_BUILD_DIR/guestd/vmha-guestd"

host_up pm9 --ip 192.0.2.19 >/dev/null
in_pm9() { "$vmha_host" exec pm9 "$@"; }
"$vmha_host" install pm9 /usr/lib/ocf/resource.d/vmha "$agent"
"$vmha_host" cluster-up --name vmha-guestd-bench pm9:192.0.2.19 >/dev/null
for _ in $(seq 1 240); do in_pm9 crm_mon -1 2>/dev/null | grep -q "Online: \[ pm9 \]" && break; sleep 0.5; done
in_pm9 crm_attribute --type crm_config --name stonith-enabled --update false
"$vmha_host" exec pm9 bash -c "exec '$guestd' >>'$work/guestd.log' 2>&1" &

resource() {  # ID PROVIDER GUEST
  local cfg; cfg=$(make_guest "$3")
  in_pm9 cibadmin --create -o resources --xml-text "
  <primitive id='$1' class='ocf' provider='$2' type='VirtualDomain'>
    <instance_attributes id='$1-ia'>
      <nvpair id='$1-config' name='config' value='$cfg'/>
      <nvpair id='$1-force' name='force_stop' value='true'/>
    </instance_attributes>
    <operations><op id='$1-mon' name='monitor' interval='10s' timeout='30s'/></operations>
  </primitive>"
}
resource r-vmha vmha b-vmha
resource r-hb heartbeat b-hb
qemu_pid() { pgrep -f -- "-name guest=$1," | head -n1; }
for g in b-vmha b-hb; do
  for _ in $(seq 1 240); do [ -n "$(qemu_pid $g)" ] && runs_on pm9 $g && break; sleep 0.5; done
done

# One crash: ms from the kill to libvirt reporting a new qemu of that guest running.
measure() {
  local g=$1 pid t0 p
  pid=$(qemu_pid "$g"); t0=$(now_ms)
  kill -9 "$pid"
  for _ in $(seq 1 2400); do
    p=$(qemu_pid "$g")
    if [ -n "$p" ] && [ "$p" != "$pid" ] && [ "$(domstate pm9 "$g")" = running ]; then echo $(( $(now_ms) - t0 )); return; fi
    sleep 0.05
  done
  echo 120000
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
vmha=(); hb=()
for i in $(seq 1 "$runs"); do
  vmha+=("$(measure b-vmha)")
  sleep $((RANDOM % 5 + 2))   # a different phase of the 10 s monitor each time
  hb+=("$(measure b-hb)")
  sleep $((RANDOM % 5 + 2))
  echo "run $i: vmha+guestd ${vmha[-1]} ms, heartbeat ${hb[-1]} ms"
done
mv=$(printf '%s\n' "${vmha[@]}" | median); mh=$(printf '%s\n' "${hb[@]}" | median)
echo "reports from the view kept current: $(grep -c 'its view kept current' "$work/guestd.log"), from crm_mon at the report: $(grep -c 'its view from crm_mon now' "$work/guestd.log")"
echo "median of $runs: vmha+guestd $mv ms, heartbeat VirtualDomain (10 s monitor) $mh ms, ratio $(awk "BEGIN { printf \"%.1f\", $mh / $mv }")x"

for i in $(seq 1 "$extra"); do
  RESOURCE=idle$i on pm9 OCF_RESKEY_config="$(make_guest idle-$i)" OCF_RESKEY_CRM_meta_timeout=60000 -- "$agent" start >/dev/null 2>&1
done
sleep 5
# The daemon's CPU while the guests idle (utime + stime from /proc, in clock ticks).
dpid=$(in_pm9 cat /run/vmha/guestd/pid)
cpu() { in_pm9 awk '{ print $14 + $15 }' "/proc/$dpid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(cpu); sleep "$idle"; c1=$(cpu)
echo "vmha-guestd CPU watching $(in_pm9 ls /run/vmha/guests | wc -l) idle guests: $(( (c1 - c0) * 1000 / hz )) ms in $idle s = $(awk "BEGIN { printf \"%.1f\", ($c1 - $c0) * 1000 / $hz * 3600 / $idle }") ms per hour"
in_pm9 bash -c 'kill "$(cat /run/vmha/guestd/pid)"'
