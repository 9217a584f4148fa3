#!/usr/bin/env bash
# Benchmark: the cost of one monitor of a running guest, vmha's VirtualDomain against
# resource-agents' VirtualDomain, `virsh domstate`, and the floor (a C program that only connects,
# looks the guest up and reads its state); then one monitor round over many running guests.
#
#   tests/bench/agent/monitor.sh [RUNS=15] [GUESTS=50]      (as root, after scripts/test or a build)
#
# Every command runs inside one private host (tests/support/vmha-host) against its libvirtd, on
# the same running guest, in one run; figures are medians of RUNS. Both agents get the same
# parameters (hypervisor given, utilization autoset off: outside a cluster crm_resource would
# only fail) so that the monitor itself is what is measured.
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VMHA_BUILD_DIR:-$here/build}
runs=${1:-15}
guests=${2:-50}
vmha_host="$here/tests/support/vmha-host"
measure="$build/tests/bench/agent/bench_measure_command"
floor="$build/tests/bench/agent/bench_libvirt_floor"
ours="$build/agents/VirtualDomain"
theirs=/usr/lib/ocf/resource.d/heartbeat/VirtualDomain
for f in "$measure" "$floor" "$ours" "$theirs"; do [ -x "$f" ] || { echo "missing $f (build first)"; exit 1; }; done

work=$(mktemp -d /var/tmp/vmha-bench.XXXXXX)
cleanup() { "$vmha_host" down bench1 >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$vmha_host" down bench1 >/dev/null 2>&1 || true
"$vmha_host" up bench1

virt_type=kvm; [ -c /dev/kvm ] || virt_type=qemu
for i in $(seq 1 "$guests"); do
  cat > "$work/bench-$i.xml" <<XML
<domain type='$virt_type'>
  <name>bench-$i</name>
  <memory unit='MiB'>32</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>
XML
done
in_host() { "$vmha_host" exec bench1 "$@"; }
in_host virsh -q -c qemu:///system create "$work/bench-1.xml" >/dev/null

common=(OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=bench-1 OCF_RESKEY_config="$work/bench-1.xml"
        OCF_RESKEY_hypervisor=qemu:///system OCF_RESKEY_CRM_meta_timeout=20000 OCF_RESKEY_CRM_meta_interval=10000
        OCF_RESKEY_autoset_utilization_cpu=false OCF_RESKEY_autoset_utilization_host_memory=false
        OCF_RESKEY_autoset_utilization_hv_memory=false)

# Interleaved: each round measures every command a few times, so that a load arriving halfway
# through the run weighs on all of them alike; the medians are over all samples.
# Two more rows show each agent with its own defaults inside a cluster: vmha keeps utilization
# (one more libvirt call, a cache file, no fork while unchanged), heartbeat asks `virsh uri` for
# the hypervisor and runs `virsh dominfo` + `crm_resource` for utilization on every monitor.
pcmk_vars="OCF_RESKEY_crm_feature_set=3.16.2 OCF_RESKEY_autoset_utilization_cpu=true
  OCF_RESKEY_autoset_utilization_host_memory=true OCF_RESKEY_autoset_utilization_hv_memory=true"
in_host sh -c 'mkdir -p /run/resource-agents && printf "cpu=1\nhost_memory=32\nhv_memory=32\n" \
  > /run/resource-agents/vmha-VirtualDomain-bench-1.utilization'
commands=(floor ours virsh theirs ours_defaults theirs_defaults)
declare -A label=([floor]="floor (C program linking libvirt)" [ours]="vmha VirtualDomain monitor"
                  [virsh]="virsh domstate" [theirs]="heartbeat VirtualDomain monitor"
                  [ours_defaults]="vmha, defaults, in a cluster" [theirs_defaults]="heartbeat, defaults, in a cluster")
declare -A argv=([floor]="$floor qemu:///system bench-1" [ours]="$ours monitor"
                 [virsh]="virsh -q -c qemu:///system domstate bench-1" [theirs]="$theirs monitor"
                 [ours_defaults]="env -u OCF_RESKEY_hypervisor $pcmk_vars $ours monitor"
                 [theirs_defaults]="env -u OCF_RESKEY_hypervisor $pcmk_vars $theirs monitor")
declare -A samples
per_round=3
rounds=$(( (runs + per_round - 1) / per_round ))
for r in $(seq 1 "$rounds"); do
  for c in "${commands[@]}"; do
    # shellcheck disable=SC2086
    samples[$c]+=$(in_host env "${common[@]}" MEASURE_SAMPLES=1 "$measure" "$per_round" 0 -- ${argv[$c]} | grep '^sample')$'\n'
  done
done
median_of() {  # median_of COMMAND COLUMN(2=wall,3=cpu)
  grep '^sample' <<<"${samples[$1]}" | awk -v c="$2" '{ print $c }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
n=$(grep -c '^sample' <<<"${samples[ours]}")
echo "monitor of one running guest: median of $n runs each, interleaved ($(nproc) cores, $virt_type)"
echo
printf '| %-44s | %8s | %8s |\n' "command" "wall ms" "CPU ms"
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "----------" "----------"
for c in "${commands[@]}"; do
  printf '| %-44s | %8s | %8s |\n' "${label[$c]}" "$(median_of "$c" 2)" "$(median_of "$c" 3)"
done
echo
echo "vmha / floor: wall $(ratio "$(median_of ours 2)" "$(median_of floor 2)")x, CPU $(ratio "$(median_of ours 3)" "$(median_of floor 3)")x"
echo "heartbeat / vmha: wall $(ratio "$(median_of theirs 2)" "$(median_of ours 2)")x, CPU $(ratio "$(median_of theirs 3)" "$(median_of ours 3)")x"
echo "heartbeat / vmha, each with its defaults in a cluster: wall $(ratio "$(median_of theirs_defaults 2)" "$(median_of ours_defaults 2)")x, CPU $(ratio "$(median_of theirs_defaults 3)" "$(median_of ours_defaults 3)")x"

if [ "$guests" -gt 1 ]; then
  for i in $(seq 2 "$guests"); do in_host virsh -q -c qemu:///system create "$work/bench-$i.xml" >/dev/null; done
  cat > "$work/round.sh" <<'EOF'
#!/bin/bash
# One monitor round: every guest's agent once, as Pacemaker's executor would run them.
agent=$1 dir=$2 n=$3
for i in $(seq 1 "$n"); do
  OCF_RESOURCE_INSTANCE=bench-$i OCF_RESKEY_config=$dir/bench-$i.xml "$agent" monitor || exit 1
done
EOF
  chmod +x "$work/round.sh"
  field() { local v=${1#*$2=}; echo "${v%% *}"; }
  round_runs=$(( runs / 3 > 3 ? runs / 3 : 3 ))
  ours_round=$(in_host env "${common[@]}" "$measure" "$round_runs" 0 -- "$work/round.sh" "$ours" "$work" "$guests")
  theirs_round=$(in_host env "${common[@]}" "$measure" "$round_runs" 0 -- "$work/round.sh" "$theirs" "$work" "$guests")
  echo
  echo "one monitor round over $guests running guests, median of $round_runs rounds"
  echo
  printf '| %-44s | %8s | %8s |\n' "agent" "wall ms" "CPU ms"
  printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "----------" "----------"
  printf '| %-44s | %8s | %8s |\n' "vmha VirtualDomain" "$(field "$ours_round" wall_ms)" "$(field "$ours_round" cpu_ms)"
  printf '| %-44s | %8s | %8s |\n' "heartbeat VirtualDomain" "$(field "$theirs_round" wall_ms)" "$(field "$theirs_round" cpu_ms)"
  echo
  echo "heartbeat / vmha per round: CPU $(ratio "$(field "$theirs_round" cpu_ms)" "$(field "$ours_round" cpu_ms)")x"
fi
