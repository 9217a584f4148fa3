#!/usr/bin/env bash
# The operator's tool measured against its peers in the same lab, same run (on demand, as root,
# after a full build):
#   1. drain of a host running 10 guests until it is empty: `vmha host drain hv1` with vmha's
#      VirtualDomain against `pcs node standby hv1 --wait` with resource-agents' (heartbeat)
#      VirtualDomain; each on its own 3-host lab, ROUNDS drains (and resumes) each. Wall time of
#      the command, and each guest's downtime as libvirt measured it (virsh domjobinfo --completed).
#   2. `vmha status` against `crm_mon -1` and `pcs status` on the vmha lab (10 guests, 3 hosts):
#      wall and CPU (user + system of the command and its children), median of STATUS_RUNS.
#
#   tests/bench/admin/drain.sh [ROUNDS=3] [STATUS_RUNS=10]
#   tests/bench/admin/drain.sh --status-only [STATUS_RUNS=30] [CIB_FILE]
#      only 2., on a saved CIB (CIB_file=; default tests/admin/data/host_capacity.cib.xml), no lab,
#      no root: vmha status, crm_mon -1 and pcs -f CIB_FILE status, interleaved run by run so the
#      machine's load falls on all three alike.
#   tests/bench/admin/drain.sh --status-live [STATUS_RUNS=30]
#      only 2., on the live 3-host vmha lab with the 10 guests running (no drain): vmha status,
#      crm_mon -1 and pcs status inside hv2, interleaved run by run (as root).
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
export VMHA_BUILD_DIR=${VMHA_BUILD_DIR:-$here/build}
lab="$here/tests/lab/vmha-lab"
vmha_host="$here/tests/support/vmha-host"
rounds=${1:-3}
status_runs=${2:-10}
work=$(mktemp -d /var/tmp/vmha-bench-admin.XXXXXX)
lab_up=no  # only a lab this script started is taken down
trap '[ "$lab_up" = no ] || "$lab" down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
now() { date +%s%3N; }
until_true() { local secs=$1; shift; local t=$(( $(date +%s) + secs )); while ! "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt "$t" ] || return 1; sleep 0.5; done; }
median() { sort -n | awk 'NF { v[++n] = $1 } END { if (n == 0) print "n/a"; else if (n % 2) print v[(n + 1) / 2]; else print (v[n / 2] + v[n / 2 + 1]) / 2 }'; }
guests=$(seq -f 'g%02g' 1 10)
on_hv1() { [ "$("$lab" exec hv1 virsh -q -c qemu:///system list --state-running --name | grep -c .)" = 10 ]; }
hv1_empty() { [ -z "$("$lab" exec hv1 virsh -q -c qemu:///system list --state-running --name)" ]; }

# Ten guests that prefer hv1, then hv2, then hv3 (the agent's provider is the lab's --provider).
topology() {
  printf 'cluster:\n  name: vmhabench\nfence_devices:\n  - {name: lab_power, agent: fence_vmha_lab}\nnodes:\n'
  for i in 1 2 3; do
    printf '  - name: hv%s\n    id: %s\n    fencing:\n      - method: "1"\n        devices:\n          - {device: lab_power, port: hv%s}\n' "$i" "$i" "$i"
  done
  printf 'failover_domains:\n  - name: hv1-first\n    ordered: true\n    restricted: true\n    nodes: [{node: hv1, priority: 1}, {node: hv2, priority: 2}, {node: hv3, priority: 3}]\nguests:\n'
  for g in $guests; do
    printf '  - {name: %s, domain: hv1-first, path: /var/lib/vmha-lab/shared, migrate: live, migration_transport: tcp, migrate_options: --unsafe}\n' "$g"
  done
}
# Each guest's downtime (ms) of its last completed migration, on the host it runs on now.
downtimes() {
  local g h
  for g in $guests; do
    h=$("$lab" where "$g" | head -n1)
    [ -n "$h" ] && "$lab" exec "$h" virsh -q -c qemu:///system domjobinfo --completed "$g" 2>/dev/null |
      awk -F: '/Total downtime/ { gsub(/[^0-9]/, "", $2); print $2 }'
  done
}
declare -A drain_ms empty_ms down_max down_med
drain_round() {  # PROVIDER COMMAND...: time COMMAND, and when libvirt saw hv1 empty
  local provider=$1; shift
  local t0 t1 te
  t0=$(now)
  ( while ! hv1_empty; do sleep 0.2; done; now > "$work/empty" ) &
  local watcher=$!
  "$lab" exec hv2 "$@" > "$work/drain.out" 2>&1 || { echo "$provider: drain failed:"; cat "$work/drain.out"; }
  t1=$(now)
  wait "$watcher" || true
  te=$(cat "$work/empty")
  drain_ms[$provider]+="$(( t1 - t0 ))"$'\n'
  empty_ms[$provider]+="$(( te - t0 ))"$'\n'
  downtimes > "$work/down"
  down_max[$provider]+="$(sort -n "$work/down" | tail -n1)"$'\n'
  down_med[$provider]+="$(median < "$work/down")"$'\n'
  echo "$provider: drain $(( t1 - t0 )) ms (hv1 empty for libvirt after $(( te - t0 )) ms), downtimes ms: $(tr '\n' ' ' < "$work/down")" >&2
}

declare -A status_wall status_cpu
# RUNS NAME=COMMAND...: each command once per run, in turn; median wall and CPU ms per command.
# VMHA_BENCH_IN=HOST runs the measuring loop inside that lab host.
interleaved() {
  cat > "$work/interleaved.py" <<'PY'
import resource, shlex, statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmds = [a.split("=", 1) for a in sys.argv[2:]]
got = {name: ([], []) for name, _ in cmds}
for _ in range(runs):
    for name, cmd in cmds:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.monotonic()
        subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        got[name][0].append((time.monotonic() - t) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        got[name][1].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
base = statistics.median(got[cmds[1][0]][0]), statistics.median(got[cmds[1][0]][1])
print(f"| command (median of {runs}, interleaved) | wall ms | CPU ms | wall / {cmds[1][0]} | CPU / {cmds[1][0]} |")
print("|---|---|---|---|---|")
for name, _ in cmds:
    w, c = statistics.median(got[name][0]), statistics.median(got[name][1])
    print(f"| `{name}` | {w:.1f} | {c:.1f} | {w / base[0]:.2f} | {c / base[1]:.2f} |")
PY
  if [ -n "${VMHA_BENCH_IN:-}" ]; then
    "$lab" exec "$VMHA_BENCH_IN" python3 "$work/interleaved.py" "$@"
  else
    python3 "$work/interleaved.py" "$@"
  fi
}
if [ "${1:-}" = --status-only ]; then
  cib=$(realpath "${3:-$here/tests/admin/data/host_capacity.cib.xml}")
  cp "$cib" "$work/cib.xml"  # the tools may touch the file they are given
  echo "saved CIB: $cib; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  CIB_file="$work/cib.xml" interleaved "${2:-30}" "vmha status=$VMHA_BUILD_DIR/admin/vmha status" \
    "crm_mon -1=crm_mon -1" "pcs -f FILE status=pcs -f $work/cib.xml status"
  exit 0
fi
if [ "${1:-}" = --status-live ]; then
  topology > "$work/bench-vmha.yaml"
  lab_up=yes
  "$lab" up 3 --topology "$work/bench-vmha.yaml" --provider vmha >/dev/null
  for h in hv1 hv2 hv3; do "$vmha_host" install "$h" /usr/sbin "$VMHA_BUILD_DIR/admin/vmha" >/dev/null; done
  until_true 600 on_hv1 || { echo "the 10 guests did not all start on hv1"; exit 1; }
  "$lab" exec hv1 crm_resource --wait --timeout=300 >/dev/null || true
  echo "live lab: 3 hosts, 10 guests on hv1; measured inside hv2; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  VMHA_BENCH_IN=hv2 interleaved "${2:-30}" "vmha status=vmha status" "crm_mon -1=crm_mon -1" "pcs status=pcs status"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  exit 0
fi
measure_status() {  # NAME COMMAND...: wall and CPU ms of COMMAND run inside hv2, STATUS_RUNS times
  cat > "$work/measure.py" <<'PY'
import os, resource, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.monotonic() - t) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    print(f"{wall:.1f} {cpu:.1f}")
PY
  local name=$1; shift
  "$lab" exec hv2 python3 "$work/measure.py" "$status_runs" "$@" > "$work/status.$name"
  status_wall[$name]=$(awk '{ print $1 }' "$work/status.$name" | median)
  status_cpu[$name]=$(awk '{ print $2 }' "$work/status.$name" | median)
  echo "$name: wall ${status_wall[$name]} ms, CPU ${status_cpu[$name]} ms (median of $status_runs)" >&2
}

for provider in vmha heartbeat; do
  topology > "$work/bench-$provider.yaml"
  lab_up=yes
  "$lab" up 3 --topology "$work/bench-$provider.yaml" --provider "$provider" >/dev/null
  for h in hv1 hv2 hv3; do "$vmha_host" install "$h" /usr/sbin "$VMHA_BUILD_DIR/admin/vmha" >/dev/null; done
  for r in $(seq 1 "$rounds"); do
    until_true 600 on_hv1 || { echo "$provider: the 10 guests did not all start on hv1"; exit 1; }
    "$lab" exec hv1 crm_resource --wait --timeout=300 >/dev/null || true
    if [ "$provider" = vmha ]; then
      drain_round vmha vmha host drain hv1 --timeout 20m
      "$lab" exec hv2 vmha host resume hv1 --timeout 20m >/dev/null || true
    else
      drain_round heartbeat pcs node standby hv1 --wait=1200
      "$lab" exec hv2 pcs node unstandby hv1 --wait=1200 >/dev/null || true
    fi
  done
  if [ "$provider" = vmha ]; then
    until_true 600 on_hv1 || true
    "$lab" exec hv1 crm_resource --wait --timeout=300 >/dev/null || true
    measure_status "vmha status" vmha status
    measure_status "crm_mon -1" crm_mon -1
    measure_status "pcs status" pcs status
  fi
  "$lab" down >/dev/null
done

echo
echo "| drain of hv1 running 10 guests (median of $rounds) | vmha host drain (vmha agent) | pcs node standby --wait (heartbeat agent) |"
echo "|---|---|---|"
echo "| command wall time until it returns (ms) | $(median <<<"${drain_ms[vmha]}") | $(median <<<"${drain_ms[heartbeat]}") |"
echo "| hv1 empty for libvirt (ms) | $(median <<<"${empty_ms[vmha]}") | $(median <<<"${empty_ms[heartbeat]}") |"
echo "| guest downtime, median over guests (ms, libvirt) | $(median <<<"${down_med[vmha]}") | $(median <<<"${down_med[heartbeat]}") |"
echo "| guest downtime, worst guest (ms, libvirt) | $(median <<<"${down_max[vmha]}") | $(median <<<"${down_max[heartbeat]}") |"
echo
echo "| status of 3 hosts / 10 guests (median of $status_runs) | wall ms | CPU ms |"
echo "|---|---|---|"
for n in "vmha status" "crm_mon -1" "pcs status"; do echo "| \`$n\` | ${status_wall[$n]} | ${status_cpu[$n]} |"; done
