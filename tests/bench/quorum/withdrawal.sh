#!/usr/bin/env bash
# Time from a heuristic starting to fail to the host losing quorum (qdiskd withdrew the vote),
# on one private host (qd9) with a real corosync. Run as root from the source tree:
#   VMHA_BUILD_DIR=build-quorum tests/bench/quorum/withdrawal.sh [RUNS]
# Settings: disk.interval 1 s, tko 4 (bound interval x tko = 4 s); heuristics.interval 1000 ms,
# timeout 500 ms, tko_NAME 1. Prints each run and the median, in seconds.
set -uo pipefail
runs=${1:-7}
export VMHA_SOURCE_DIR=${VMHA_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
export VMHA_BUILD_DIR=$(cd "${VMHA_BUILD_DIR:?set VMHA_BUILD_DIR}" && pwd)
export VMHA_SUPPORT=$VMHA_SOURCE_DIR/tests/support
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
host=qd9
work=$(mktemp -d /var/tmp/vmha-quorum-bench.XXXXXX)
trap '"$vmha_host" down $host >/dev/null 2>&1; rm -rf "$work"' EXIT
"$vmha_host" up $host >/dev/null
: > "$work/disk"
"$mkqdisk_bin" -c "$work/disk" -l bench -n qtest >/dev/null
touch "$work/ok"
corosync_conf "$work/corosync.conf" "$work/disk" "$host:127.0.0.1" "" \
"      mode: on
      interval: 1000
      timeout: 500
      exec_flag: /usr/bin/test -e $work/ok"
start_corosync $host "$work/corosync.conf"
start_qdiskd $host
times=()
for i in $(seq 1 "$runs"); do
  touch "$work/ok"
  wait_until 60 quorate $host || { echo "never quorate"; exit 1; }
  sleep 1.3  # land the failure at a random phase of the heuristic and disk cycles
  t0=$(date +%s.%N)
  rm -f "$work/ok"
  while quorate $host; do sleep 0.02; done
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc)
  times+=("$t")
  printf 'run %d: %.2f s\n' "$i" "$t"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.2f s over %d runs (bound: interval x tko = 4 s)\n", a[int((NR+1)/2)], NR}'
