#!/usr/bin/env bash
# Benchmark of vmha-config plan (issue 15): the N+1 plan of HOSTS hosts x GUESTS guests, and the cost
# of one failure scenario against one bare crm_simulate of the same CIB in the same run.
#   tests/bench/plan/run.sh BUILD_DIR [HOSTS=16] [GUESTS=1000] [RUNS=3] [CPUS=72]
# Hosts offer 256 GiB and CPUS CPUs, guests take 2 GiB and 1 CPU, in failover domains of 8 hosts
# (72: 16 x 1000 survives one host's loss, as a cluster planned for N+1 does; 64 fills it to 98%, and
# a host's loss leaves about 40 guests that fit nowhere: see docs/PERFORMANCE.md for what that costs
# Pacemaker's scheduler)
# (tests/config-gen/bench/make-topology.sh). Prints:
#   plan --failures 1 (total, every core), plan --failures 0 (the steady state alone);
#   per scenario: (plan -k1 - plan -k0) / HOSTS with --jobs 1, against the median of RUNS bare
#   `crm_simulate -x STEADY -R --node-fail host1 --output-as=xml` on the CIB the plan saved.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [HOSTS GUESTS RUNS]}" && pwd)
hosts=${2:-16} guests=${3:-1000} runs=${4:-3} cpus=${5:-72}
source_dir=$(cd "$(dirname "$0")/../../.." && pwd)
tool=$build/config-gen/vmha-config
work=$(mktemp -d /tmp/vmha-plan-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
domains=$(( hosts / 4 > 0 ? hosts / 4 : 1 ))
"$source_dir/tests/config-gen/bench/make-topology.sh" "$hosts" "$guests" "$domains" |
  sed -E 's/^(  - \{name: host[0-9]+, id: [0-9]+, )/\1utilization: {memory: 262144, cpu: '"$cpus"'}, /;
          s/^(  - \{name: vm[0-9]+, domain: dom[0-9]+, path: \/vms)\}/\1, utilization: {memory: 2048, cpu: 1}}/' >topology.yaml
echo "topology: $hosts hosts ($cpus CPUs each), $guests guests, $domains failover domains of 8 hosts; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null || true; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'; }
calc() { awk "BEGIN { printf \"%.2f\\n\", $1 }"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
total=$(seconds "$tool" plan topology.yaml --failures 1)
echo "plan --failures 1 (all CPUs): $total s  (goal < 60 s for 16 x 1000)"
steady=$(seconds "$tool" plan topology.yaml --failures 0 --save-cib steady.xml)
echo "plan --failures 0 (the steady state: one crm_simulate from an empty status): $steady s"
serial=$(seconds "$tool" plan topology.yaml --failures 1 --jobs 1)
ours=$(calc "($serial - $steady) / $hosts")
bare=$(for _ in $(seq "$runs"); do seconds crm_simulate -x steady.xml -R --node-fail host1 --output-as=xml; done | median)
bare13=$(seconds crm_simulate -x steady.xml -R --node-fail host13 --output-as=xml)
echo "per scenario: plan $ours s (--jobs 1: $serial s - $steady s, / $hosts); bare crm_simulate $bare s (host1, median of $runs), $bare13 s (host13, once)"
echo "ratio plan / bare: $(calc "$ours / $bare")  (goal <= 1.2)"
