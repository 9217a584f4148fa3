#!/usr/bin/env bash
# fence_virtd under hostile connections: ours and Debian's side by side in one run, each on
# libvirt's test driver with its TCP listener on 127.0.0.1, inside a private network namespace.
# For each load (none; 1 idle connection; 10 slow-loris connections sending a byte every 0.3 s;
# 200 idle connections), held open by tests/fence/xvm_hold.py, one legitimate request
# (Debian's fence_virt -o status, the same client for both daemons, -t 30) is timed; RUNS runs
# per cell, fresh hostile connections each run. Prints a markdown table: median seconds and
# failed runs.
# usage: tests/bench/fence_virtd_hostile.sh BUILD_DIR [RUNS]     (run under the machine lock)
set -euo pipefail
build=${1:?usage: fence_virtd_hostile.sh BUILD_DIR [RUNS]}
build=$(cd "$build" && pwd)
runs=${2:-5}
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${VMHA_BENCH_NETNS:-}" ]; then
  VMHA_BENCH_NETNS=1 exec unshare -n -- bash "$0" "$@"
fi
ip link set lo up
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
head -c 512 /dev/urandom > "$work/key"; chmod 600 "$work/key"
module_path=$(dirname "$(dpkg -L fence-virtd | grep '/fence-virt/virt.so$' | head -1)")
for daemon in "vmha:$build/fence/virtd/fence_virtd:1700" "Debian:/usr/sbin/fence_virtd:1701"; do
  IFS=: read -r name bin port <<<"$daemon"
  cat > "$work/$name.conf" <<CONF
fence_virtd {
	listener = "tcp";
	backend = "libvirt";
	module_path = "$module_path";
}
listeners { tcp { key_file = "$work/key"; address = "127.0.0.1"; port = "$port"; } }
backends { libvirt { uri = "test:///default"; } }
CONF
  chmod 600 "$work/$name.conf"
  "$bin" -F -f "$work/$name.conf" -p "$work/$name.pid" > "$work/$name.log" 2>&1 &
  pids+=("$!")
done
client() { echo "/usr/sbin/fence_virt -T 127.0.0.1 -p $1 -k $work/key -t 30 -o status -n test"; }
for port in 1700 1701; do
  for _ in $(seq 50); do $(client $port) >/dev/null 2>&1 && break; sleep 0.2; done
done

loads=("none:" "1 idle:--idle 1" "10 slow-loris:--slow 10" "200 idle:--idle 200")
echo "| load | vmha fence_virtd: median s (failed/runs) | Debian fence_virtd: median s (failed/runs) |"
echo "|---|---|---|"
for load in "${loads[@]}"; do
  label=${load%%:*} opts=${load#*:}
  row="| $label |"
  for port in 1700 1701; do
    : > "$work/times"
    failed=0
    for _ in $(seq "$runs"); do
      # shellcheck disable=SC2086
      line=$(timeout 120 python3 "$src/tests/fence/xvm_hold.py" --time $opts "$port" -- "$(client $port)" | grep '^cmd 1 ')
      rc=$(awk '{print $4}' <<<"$line")
      [ "$rc" = 0 ] || failed=$((failed + 1))
      awk '{print $NF}' <<<"$line" >> "$work/times"
      sleep 1  # the held connections are gone; let each daemon notice before the next run
    done
    median=$(sort -n "$work/times" | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m}')
    row="$row $median ($failed/$runs) |"
  done
  echo "$row"
done
