#!/usr/bin/env bash
# Benchmark of vmha-config's CIB against the clufter-style mapping of the same topology.
#   tests/config-gen/bench/run.sh BUILD_DIR [HOSTS=64] [GUESTS=5000] [DOMAINS=16] [RUNS=3]
# "ours" is the default CIB (no templates); --templates is shown beside it for size.
# Prints: generation time; CIB sizes and constraint counts; the time the scheduler takes to place
# every guest when all hosts come up (crm_simulate -R, median of RUNS, hyperfine) and whether both
# mappings place every guest alike. With VMHA_BENCH_SIMULATE=1 also crm_simulate -S of that
# bring-up (once per CIB) and of one host failing from the same settled cluster (median of RUNS).
# Startup probes are turned off in both CIBs so that the figures measure placement, not
# HOSTS x GUESTS simulated probes.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [HOSTS GUESTS DOMAINS RUNS]}" && pwd)
hosts=${2:-64} guests=${3:-5000} domains=${4:-16} runs=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
tool=$build/config-gen/vmha-config
clufter=$build/tests/config-gen/vmha_configgen_clufter_style
work=$(mktemp -d /tmp/vmha-config-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$here/make-topology.sh" "$hosts" "$guests" "$domains" >topology.yaml
echo "topology: $hosts hosts, $guests guests, $domains domains of 8 hosts"
mkdir out
hyperfine --runs 5 --warmup 1 --export-json gen.json "$tool generate topology.yaml --target all -o out" >/dev/null
echo "generate --target all: median $(grep -m1 '"median"' gen.json | tr -dc '0-9.') s"

"$tool" generate topology.yaml --target cib -o .   # the default: every primitive in full (pcs reads it)
"$tool" generate topology.yaml --target cib --templates >templates.xml
"$clufter" topology.yaml >clufter.xml
size() { stat -c %s "$1"; }
printf 'CIB bytes: ours %s (%.1fx smaller than clufter-style), ours --templates %s (%.1fx), clufter-style %s\n' \
  "$(size cib.xml)" "$(echo "$(size clufter.xml) / $(size cib.xml)" | bc -l)" \
  "$(size templates.xml)" "$(echo "$(size clufter.xml) / $(size templates.xml)" | bc -l)" "$(size clufter.xml)"
echo "rsc_location constraints: ours $(grep -c '<rsc_location' cib.xml), clufter-style $(grep -c '<rsc_location' clufter.xml)"

no_probes() {
  sed 's|<nvpair id="cib-bootstrap-options-stonith-enabled"|<nvpair id="cib-bootstrap-options-enable-startup-probes" name="enable-startup-probes" value="false"/><nvpair id="cib-bootstrap-options-stonith-enabled"|' "$1" >"$2"
}
no_probes cib.xml ours.xml
no_probes clufter.xml clufter-np.xml
ups=()
for h in $(seq 1 "$hosts"); do ups+=(-u "host$h"); done
# Scheduling: every host comes up and the scheduler places every guest (crm_simulate -R computes
# the transition without simulating its execution).
hyperfine --runs "$runs" --export-json schedule.json \
  "crm_simulate -x ours.xml -R -q 1 ${ups[*]}" \
  "crm_simulate -x clufter-np.xml -R -q 1 ${ups[*]}" >/dev/null
medians=($(grep '"median"' schedule.json | tr -dc '0-9.\n'))
printf 'schedule the bring-up (crm_simulate -R), median of %s: ours %.1f s, clufter-style %.1f s (%.2fx)\n' \
  "$runs" "${medians[0]}" "${medians[1]}" "$(echo "${medians[1]} / ${medians[0]}" | bc -l)"
crm_simulate -x ours.xml -R -q 1 "${ups[@]}" | grep -E '^ +\* (Start|Stop|Move)' | sort >ours.plan
crm_simulate -x clufter-np.xml -R -q 1 "${ups[@]}" | grep -E '^ +\* (Start|Stop|Move)' | sort >clufter.plan
if cmp -s ours.plan clufter.plan; then echo "same placement of all $(grep -c Start ours.plan) starts under both mappings"
else echo "placements differ: $(diff ours.plan clufter.plan | grep -c '^[<>]') lines"; fi

[ "${VMHA_BENCH_SIMULATE:-0}" = 1 ] || exit 0
# Full simulation (crm_simulate -S) of the bring-up, then of one host failing from the same
# settled cluster. Expensive: use a smaller GUESTS.
for which in ours clufter-np; do
  start=$(date +%s.%N)
  crm_simulate -x "$which.xml" -S -q 1 "${ups[@]}" -O "$which-up.xml" >/dev/null
  printf 'bring every host up (crm_simulate -S): %s %.1f s\n' "$which" "$(echo "$(date +%s.%N) - $start" | bc -l)"
done
# The same settled cluster under both mappings: our state, clufter's configuration.
"$clufter" topology.yaml ours-up.xml >clufter-state.xml
no_probes clufter-state.xml clufter-up.xml
hyperfine --runs "$runs" --export-json fail.json \
  "crm_simulate -x ours-up.xml -S --node-fail host1" \
  "crm_simulate -x clufter-up.xml -S --node-fail host1" >/dev/null
medians=($(grep '"median"' fail.json | tr -dc '0-9.\n'))
printf 'host1 fails (crm_simulate -S), median of %s: ours %.2f s, clufter-style %.2f s (%.2fx)\n' \
  "$runs" "${medians[0]}" "${medians[1]}" "$(echo "${medians[1]} / ${medians[0]}" | bc -l)"
