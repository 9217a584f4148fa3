#!/usr/bin/env bash
# Lab measurements, vmha against resource-agents' VirtualDomain in the same lab, same run:
#   1. failover: power-off of a host → its guest running on the other host (2-host lab), for the
#      host without the quorum disk's vote and for the disk master
#   2. live migration: `crm_resource --move` → guest running on the target; guest downtime from
#      libvirt's job statistics of the completed migration (virsh domjobinfo --completed)
#   3. monitor CPU: 30 guests on 3 hosts, monitor every 10 s; CPU used by every agent run, per
#      host per minute (pacemaker-execd's reaped children: cutime + cstime over 60 s)
#
#   tests/bench/lab/measure.sh [ROUNDS=3]      (as root, after a full build)
#   tests/bench/lab/measure.sh 0               only part 3, monitor CPU (about 10 minutes)
#   VMHA_BENCH_TOKEN=1000 tests/bench/lab/measure.sh 1
#                                              parts 1 and 2 with that totem token (ms) instead of
#                                              corosync's default 3000 (monitor CPU skipped)
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
export VMHA_BUILD_DIR=${VMHA_BUILD_DIR:-$here/build}
lab="$here/tests/lab/vmha-lab"
rounds=${1:-3}
work=$(mktemp -d /var/tmp/vmha-lab-bench.XXXXXX)
trap '"$lab" down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
now() { date +%s%3N; }
until_true() { local secs=$1; shift; local t=$(( $(date +%s) + secs )); while ! "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt "$t" ] || return 1; sleep 0.2; done; }
runs_only_on() { [ "$("$lab" where "$1" | tr '\n' ' ')" = "$2 " ]; }
median() { sort -n | awk 'NF { v[++n] = $1 } END { if (n == 0) print "n/a"; else if (n % 2) print v[(n + 1) / 2]; else print (v[n / 2] + v[n / 2 + 1]) / 2 }'; }

declare -A failover failover_master migrate downtime cpu
disk_master() {
  local h
  for _ in $(seq 1 300); do
    for h in hv1 hv2; do "$lab" exec "$h" qdiskd -s 2>/dev/null | grep -q "^State: master" && { echo "$h"; return; }; done
    sleep 0.2
  done
}
# Where a failover's time goes, from the survivor's pacemaker.log (ms timestamps): power-off →
# Pacemaker hears the host is lost (corosync: token + consensus) → the fence reports success →
# the guest's start succeeds.
declare -A detect fence restart
log_ms() {  # HOST PATTERN SINCE_MS: ms epoch of the first pacemaker.log line matching PATTERN at or after SINCE_MS
  local stamp ms
  while read -r stamp; do
    ms=$(date -d "$stamp" +%s%3N)
    [ "$ms" -ge "$3" ] && { echo "$ms"; return 0; }
  done < <("$lab" exec "$1" grep -E "$2" /var/log/pacemaker/pacemaker.log | awk '{ print $1, $2, $3 }')
  return 1
}
phases() {  # SURVIVOR VICTIM GUEST KILLED_MS
  local lost fenced started
  lost=$(log_ms "$1" "Node $2 state is now lost" "$4") || return 0
  fenced=$(log_ms "$1" "Operation 'off' targeting $2 .*OK" "$4") || return 0
  started=$(log_ms "$1" "Result of start operation for $3 on $1: ok" "$4") || return 0
  detect[$provider]+="$(( lost - $4 ))"$'\n'
  fence[$provider]+="$(( fenced - lost ))"$'\n'
  restart[$provider]+="$(( started - fenced ))"$'\n'
  echo "  failover phases: host lost after $(( lost - $4 )) ms, fenced +$(( fenced - lost )) ms, $3 started +$(( started - fenced )) ms" >&2
}

two_node=("--topology" "$here/tests/lab/two-node.yaml")
if [ -n "${VMHA_BENCH_TOKEN:-}" ]; then
  sed "s/^cluster:\$/cluster:\n  token: $VMHA_BENCH_TOKEN/" "$here/tests/lab/two-node.yaml" > "$work/two-node.yaml"
  two_node=("--topology" "$work/two-node.yaml")
fi
for provider in vmha heartbeat; do
  for r in $(seq 1 "$rounds"); do
    "$lab" up 2 "${two_node[@]}" --provider "$provider" >/dev/null
    until_true 120 runs_only_on vm1 hv1; until_true 120 runs_only_on vm2 hv2
    t=$(now); "$lab" exec hv1 crm_resource --move -r vm1 -N hv2 >/dev/null
    until_true 120 runs_only_on vm1 hv2
    migrate[$provider]+="$(( $(now) - t ))"$'\n'
    d=$("$lab" exec hv2 virsh -q -c qemu:///system domjobinfo --completed vm1 2>/dev/null |
        awk -F: '/Total downtime/ { gsub(/[^0-9]/, "", $2); print $2 }')
    [ -n "$d" ] && downtime[$provider]+="$d"$'\n'
    "$lab" exec hv1 crm_resource --clear -r vm1 >/dev/null
    until_true 120 runs_only_on vm1 hv1
    # Failover twice: first the host without the disk's vote (the survivor stays quorate and
    # fences at once), then, after it is back, the disk master itself (the survivor first takes
    # the disk over: tko + master_wait + 3 cycles, docs/quorum.md).
    master=$(disk_master); victim=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
    guest=$( [ "$victim" = hv1 ] && echo vm1 || echo vm2 )
    t=$(now); "$lab" kill "$victim"
    until_true 180 runs_only_on "$guest" "$master"
    failover[$provider]+="$(( $(now) - t ))"$'\n'
    phases "$master" "$victim" "$guest" "$t"
    "$lab" boot "$victim" >/dev/null
    until_true 180 runs_only_on "$guest" "$victim"
    master=$(disk_master); survivor=$( [ "$master" = hv1 ] && echo hv2 || echo hv1 )
    guest=$( [ "$master" = hv1 ] && echo vm1 || echo vm2 )
    t=$(now); "$lab" kill "$master"
    until_true 240 runs_only_on "$guest" "$survivor"
    failover_master[$provider]+="$(( $(now) - t ))"$'\n'
    "$lab" down >/dev/null
    echo "$provider round $r: migration $(tail -n1 <<<"${migrate[$provider]%$'\n'}") ms, downtime ${d:-?} ms," \
         "failover $(tail -n1 <<<"${failover[$provider]%$'\n'}") ms, of the disk master $(tail -n1 <<<"${failover_master[$provider]%$'\n'}") ms" >&2
  done
done

# 30 guests on 3 hosts, one unordered domain over all of them.
topology() {
  cat <<YAML
cluster:
  name: vmhabench
  resource_provider: $1
fence_devices:
  - {name: lab_power, agent: fence_vmha_lab}
nodes:
YAML
  for i in 1 2 3; do
    printf '  - name: hv%s\n    id: %s\n    fencing:\n      - method: "1"\n        devices:\n          - {device: lab_power, port: hv%s}\n' "$i" "$i" "$i"
  done
  printf 'failover_domains:\n  - name: all\n    nodes: [{node: hv1}, {node: hv2}, {node: hv3}]\nguests:\n'
  for g in $(seq -w 1 30); do
    printf '  - {name: g%s, domain: all, path: /var/lib/vmha-lab/shared, migration_transport: tcp}\n' "$g"
  done
}
# (skipped when the token is changed: it does not bear on monitors)
if [ -z "${VMHA_BENCH_TOKEN:-}" ]; then
for provider in vmha heartbeat; do
  topology "$provider" > "$work/bench-$provider.yaml"
  "$lab" up 3 --topology "$work/bench-$provider.yaml" >/dev/null
  all_running() { [ "$(for h in hv1 hv2 hv3; do "$lab" exec "$h" virsh -q -c qemu:///system list --name; done | grep -c .)" -ge 30 ]; }
  until_true 300 all_running
  sleep 20   # let start-up settle: only recurring monitors from here on
  ticks=$(getconf CLK_TCK)
  execd_cpu() {  # cutime + cstime of the host's pacemaker-execd, in ticks
    "$lab" exec "$1" sh -c 'awk "{ print \$16 + \$17 }" /proc/$(pgrep -x pacemaker-execd)/stat'
  }
  before=(); for h in hv1 hv2 hv3; do before+=("$(execd_cpu "$h")"); done
  sleep 60
  i=0; per_host=()
  for h in hv1 hv2 hv3; do
    after=$(execd_cpu "$h")
    per_host+=("$(( (after - before[i]) * 1000 / ticks ))"); i=$((i + 1))
  done
  cpu[$provider]="${per_host[*]}"
  echo "$provider: agent CPU per host per minute (ms): ${per_host[*]}" >&2
  "$lab" down >/dev/null
done
fi

echo
echo "| measure (median of $rounds rounds) | vmha | heartbeat |"
echo "|---|---|---|"
if [ "$rounds" -gt 0 ]; then
echo "| failover: power-off → guest running on the survivor (ms) | $(median <<<"${failover[vmha]}") | $(median <<<"${failover[heartbeat]}") |"
echo "| … of which: power-off → Pacemaker hears the host is lost (corosync token + consensus) (ms) | $(median <<<"${detect[vmha]:-}") | $(median <<<"${detect[heartbeat]:-}") |"
echo "| … of which: lost → fence reported done (ms) | $(median <<<"${fence[vmha]:-}") | $(median <<<"${fence[heartbeat]:-}") |"
echo "| … of which: fenced → guest start succeeded (ms) | $(median <<<"${restart[vmha]:-}") | $(median <<<"${restart[heartbeat]:-}") |"
echo "| failover when the powered-off host was the disk master (ms) | $(median <<<"${failover_master[vmha]}") | $(median <<<"${failover_master[heartbeat]}") |"
echo "| live migration: crm_resource --move → running on target (ms) | $(median <<<"${migrate[vmha]}") | $(median <<<"${migrate[heartbeat]}") |"
echo "| guest downtime during migration, libvirt job stats (ms) | $(median <<<"${downtime[vmha]:-}") | $(median <<<"${downtime[heartbeat]:-}") |"
fi
[ -z "${VMHA_BENCH_TOKEN:-}" ] &&
  echo "| monitor CPU, 30 guests on 3 hosts, per host per minute (ms; hv1 hv2 hv3) | ${cpu[vmha]} | ${cpu[heartbeat]} |"
exit 0
