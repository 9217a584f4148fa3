#!/usr/bin/env bash
# Benchmark: what storage leases cost. Start, stop and live migration of one guest by vmha's
# agent, with libvirt's lock manager (lockd + virtlockd, the lockspace in a shared directory) and
# without, in one run on the same machine: two pairs of hosts (tests/support/vmha-host), la1/la2
# from vmha-config --target libvirt with leases: lockd, lb1/lb2 with no lock manager, the same guest
# XML (a 64 MiB KVM guest with one raw disk). Rounds alternate lease/no lease so that a change of
# the machine's load hits both; figures are medians and the ratio leases / no leases.
#
#   tests/bench/leases/measure.sh [ROUNDS=9]      (as root, after a build; hold /tmp/vmha-machine.lock)
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "${VMHA_BUILD_DIR:-$here/build}" && pwd)  # absolute: the agent runs inside the test hosts
rounds=${1:-9}
vmha_host="$here/tests/support/vmha-host"
agent="$build/agents/VirtualDomain"
config="$build/config-gen/vmha-config"
for f in "$agent" "$config"; do [ -x "$f" ] || { echo "missing $f (build first)"; exit 1; }; done

work=$(mktemp -d /var/tmp/vmha-bench-leases.XXXXXX)
hosts=(la1 la2 lb1 lb2)
cleanup() {
  for h in "${hosts[@]}"; do "$vmha_host" down "$h" >/dev/null 2>&1 || true; done
  [ -z "$("$vmha_host" ls 2>/dev/null)" ] && ip netns del vmha-switch 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/topology.yaml" <<YAML
cluster: {name: bench, fencing_enabled: false}
nodes: [{name: la1, id: 1}, {name: la2, id: 2}]
storage: {leases: lockd, lockspace: $work/locks}
YAML
"$config" generate "$work/topology.yaml" --target libvirt -o "$work/libvirt/"
mkdir -p "$work/locks"
"$vmha_host" up la1 --ip 192.0.2.11 --libvirt-conf "$work/libvirt"
"$vmha_host" up la2 --ip 192.0.2.12 --libvirt-conf "$work/libvirt"
"$vmha_host" up lb1 --ip 192.0.2.13
"$vmha_host" up lb2 --ip 192.0.2.14

virt=kvm; [ -c /dev/kvm ] || virt=qemu
guest() {  # guest NAME: its config file
  truncate -s 16M "$work/$1.img"
  cat > "$work/$1.xml" <<XML
<domain type='$virt'><name>$1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><emulator>/usr/bin/qemu-system-x86_64</emulator>
<disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/><source file='$work/$1.img'/><target dev='vda' bus='virtio'/></disk>
</devices></domain>
XML
  echo "$work/$1.xml"
}
declare -A cfg=([a]=$(guest bench-leased) [b]=$(guest bench-plain))
declare -A first=([a]=la1 [b]=lb1) second=([a]=la2 [b]=lb2)

# agent HOST VARS... -- ACTION; elapsed_ms CMD...: wall time of CMD in ms, which must succeed.
agent() {
  local h=$1; shift; local vars=()
  while [ "$1" != -- ]; do vars+=("$1"); shift; done; shift
  "$vmha_host" exec "$h" env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=bench HA_RSCTMP=/run/resource-agents \
    OCF_RESKEY_CRM_meta_timeout=60000 "${vars[@]}" "$agent" "$@" >/dev/null 2>&1
}
elapsed_ms() { local t0; t0=$(date +%s%N); "$@" || { echo "failed: $*" >&2; exit 1; }; echo $(( ($(date +%s%N) - t0) / 1000000 )); }
migrate() {  # migrate KIND FROM TO
  agent "$2" OCF_RESKEY_config="${cfg[$1]}" OCF_RESKEY_migration_transport=tcp OCF_RESKEY_migrate_options=--unsafe \
    OCF_RESKEY_CRM_meta_migrate_target="$3" -- migrate_to &&
  agent "$3" OCF_RESKEY_config="${cfg[$1]}" -- migrate_from
}

# downtime KIND HOST: the last migration's downtime in ms as libvirt measured it (the switch-over, in
# which the source releases the lease and the target takes it), from the target's completed job.
declare -A name=([a]=bench-leased [b]=bench-plain)
downtime() {
  "$vmha_host" exec "$2" virsh -q -c qemu:///system domjobinfo --completed "${name[$1]}" 2>/dev/null |
    awk '/^Total downtime:/ { print $3 }'
}

declare -A samples
for round in $(seq 1 "$rounds"); do
  order="a b"; [ $((round % 2)) = 0 ] && order="b a"
  for k in $order; do
    samples[$k.start]+=" $(elapsed_ms agent "${first[$k]}" OCF_RESKEY_config="${cfg[$k]}" -- start)"
    sleep 1   # let the guest's BIOS settle before migrating it
    samples[$k.migrate]+=" $(elapsed_ms migrate "$k" "${first[$k]}" "${second[$k]}")"
    samples[$k.downtime]+=" $(downtime "$k" "${second[$k]}")"
    samples[$k.stop]+=" $(elapsed_ms agent "${second[$k]}" OCF_RESKEY_config="${cfg[$k]}" OCF_RESKEY_force_stop=true -- stop)"
  done
done

# Three views of the same rounds, because this machine's load swings by ±30% within a run: the ratio
# of the medians; the median of each round's own ratio (the two pairs ran back to back, so a round's
# ratio cancels load that lasts a round); and best against best (the least disturbed round of each).
summary() {
  python3 - "$@" <<'PY'
import statistics as st, sys
print("| operation | leases (lockd) ms, median | no lock manager ms, median | ratio of medians | median of round ratios | best / best |")
print("|---|---|---|---|---|---|")
for arg in sys.argv[1:]:
    op, a, b = arg.split(":")
    a = [int(x) for x in a.split()]; b = [int(x) for x in b.split()]
    if not a or not b:
        print(f"| {op} | n/a | n/a | n/a | n/a | n/a |"); continue
    rr = st.median([x / y for x, y in zip(a, b) if y])
    print(f"| {op} | {st.median(a):g} | {st.median(b):g} | {st.median(a) / st.median(b):.3f} | {rr:.3f} | {min(a) / min(b):.3f} |")
PY
}
args=()
for op in start migrate downtime stop; do args+=("$op:${samples[a.$op]}:${samples[b.$op]}"); done
summary "${args[@]}"
for op in start migrate downtime stop; do
  echo "rounds, $op: leases:${samples[a.$op]}; none:${samples[b.$op]}"
done
echo "(medians of $rounds rounds; start = agent start until running, migrate = migrate_to + migrate_from,"
echo " downtime = libvirt's 'Total downtime' of the migration (domjobinfo --completed on the target), stop = agent stop with force_stop)"
