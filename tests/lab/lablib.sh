# lablib.sh: what the lab's end-to-end tests share: the lab tool, waiting on the cluster, and a
# sampler that records on which hosts each guest runs, to prove a guest never ran twice.
source "$VMHA_SUPPORT/testlib.sh"
lab_tool="$VMHA_SOURCE_DIR/tests/lab/vmha-lab"
lab_dir=${VMHA_LAB_DIR:-/var/lib/vmha-lab}
samples=$(mktemp /var/tmp/vmha-lab-samples.XXXXXX)
sampler_pid=""

lab() { "$lab_tool" "$@"; }
t_start=$(date +%s%3N)
mark() { printf '%7.1f s  %s\n' "$(awk -v a="$(date +%s%3N)" -v b="$t_start" 'BEGIN { print (a - b) / 1000 }')" "$*"; }

failure_notes=$(mktemp /var/tmp/vmha-lab-notes.XXXXXX)

# note_failure WHAT: what the cluster said about it at the time, printed again when the test ends
# (a CI log keeps a test's last lines; the moment of failure may be far above them).
note_failure() {
  local h
  {
    echo "── when \"$1\" failed:"
    lab status 2>&1 | grep -E '^hv|Stopped|FAILED|Failed|Migrat|\* [a-z]' | head -20
    for h in $(alive_hosts); do
      lab exec "$h" grep -E 'error|warning|Result of .* (failed|error|Timed Out)' /var/log/pacemaker/pacemaker.log 2>/dev/null |
        grep -Ev 'debug|StartupLog' | tail -n 8 | sed "s/^/$h: /"
    done
    lab guestd-reports | tail -n 8 | sed 's/^/vmha-guestd /'
  } >> "$failure_notes" 2>&1
}

lab_cleanup() {
  [ -s "$failure_notes" ] && cat "$failure_notes"
  rm -f "$failure_notes"
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  if [ "${VMHA_LAB_KEEP:-0}" != 1 ]; then lab down >/dev/null 2>&1 || true; fi
  rm -f "$samples"
}
trap lab_cleanup EXIT

# What every host's vmha-guestd decided to report and what became of it (vmha-lab guestd-reports);
# guestd_reported GUEST: how many failures of GUEST it reported to Pacemaker.
guestd_reports() { lab guestd-reports; }
guestd_reported() { lab guestd-reports | grep -c -- "[: ]$1 .*: reported the failure of " || true; }

powered() { [ "$(cat "$lab_dir/power/$1" 2>/dev/null)" = on ]; }
alive_hosts() { for h in $(cat "$lab_dir/hosts"); do powered "$h" && echo "$h"; done; }
# runs_only_on GUEST HOST: libvirt on every live host agrees the guest runs on HOST and nowhere else.
runs_only_on() { [ "$(lab where "$1" | tr '\n' ' ')" = "$2 " ]; }
runs_nowhere() { [ -z "$(lab where "$1")" ]; }
# The cluster's view from a live host.
crm() { local h; h=$(alive_hosts | head -n1); lab exec "$h" "$@"; }

# wait_until WHAT SECONDS command...: poll every 0.5 s; record ok/FAIL; return the verdict.
wait_until() {
  local what=$1 secs=$2; shift 2
  local t0; t0=$(date +%s%3N)
  while true; do
    if "$@" >/dev/null 2>&1; then
      waited_ms=$(( $(date +%s%3N) - t0 ))
      _record 1 "$what (after $(awk -v m="$waited_ms" 'BEGIN { printf "%.1f", m / 1000 }') s)"
      return 0
    fi
    if [ $(( $(date +%s%3N) - t0 )) -ge $((secs * 1000)) ]; then
      _record 0 "$what (not within $secs s)"
      lab status 2>&1 | sed 's/^/     | /' | head -40
      note_failure "$what"
      return 1
    fi
    sleep 0.5
  done
}

# The sampler: every ~150 ms, one line "ms host:guest,guest host:..." of guests in state running
# (`vmha-lab running`: libvirt's view, the host's qemu processes while its libvirtd is away).
start_sampler() {
  (
    while true; do
      line="$(date +%s%3N)"
      for h in $(cat "$lab_dir/hosts" 2>/dev/null); do
        powered "$h" || continue
        g=$("$lab_tool" running "$h" 2>/dev/null | tr '\n' ',')
        line+=" $h:$g"
      done
      echo "$line" >> "$samples"
      sleep 0.1
    done
  ) &
  sampler_pid=$!
}

# never_twice GUEST: GUEST was never seen running on two hosts in two consecutive samples. One
# sample reads the hosts one after the other (~50 ms apart), so the instant a live migration
# switches over can show the guest on both in a single sample; a real double run lasts longer.
never_twice() {
  awk -v g="$1" '{ n = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); if (("," a[2]) ~ ("," g ",")) n++ }
                   if (n > 1 && prev > 1) bad++; prev = n }
                 END { exit bad > 0 }' "$samples"
}

# nothing_left_of_the_lab: after `vmha-lab down`, prints and fails on anything the lab made that
# is still there: its directory, its hosts, their network namespaces, the switch (no other test
# hosts exist during a lab test), and cluster or guest processes in a PID namespace not ours.
nothing_left_of_the_lab() {
  local left="" pid comm
  [ -e "$lab_dir" ] && left+=" directory $lab_dir;"
  left+=$("$VMHA_SOURCE_DIR/tests/support/vmha-host" ls 2>/dev/null | sed 's/^/ host /; s/$/;/' | tr -d '\n')
  left+=$(ip netns list | awk '$1 ~ /^vmha-/ { printf " netns %s;", $1 }')
  local ours; ours=$(readlink /proc/self/ns/pid)
  for pid in /proc/[0-9]*; do
    comm=$(cat "$pid/comm" 2>/dev/null) || continue
    case $comm in corosync|pacemakerd|pacemaker-*|libvirtd|virtlogd|virtlockd|qemu-system-*|qdiskd) ;; *) continue ;; esac
    [ "$(readlink "$pid/ns/pid" 2>/dev/null)" = "$ours" ] && continue
    left+=" process ${pid#/proc/} ($comm);"
  done
  [ -z "$left" ] || { echo "    left behind:$left"; return 1; }
}

# longest_absence GUEST FROM_MS [slack]: the longest run of samples (ms) after FROM_MS in which
# GUEST ran nowhere; with "slack", how much of that run the sampler itself may have added: the guest
# may have left just before the first empty sample and come back just after the last one, so the
# run can exceed the real absence by the two sampling periods around it (long when hosts are busy).
longest_absence() {
  awk -v g="$1" -v from="$2" -v want="${3:-gap}" '$1 >= from {
      seen = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); if (("," a[2]) ~ ("," g ",")) seen = 1 }
      if (!seen && start == "" && prev != "") { start = prev; first_empty = $1 }
      if (seen && start != "") {
        if ($1 - start > worst) { worst = $1 - start; slack = (first_empty - start) + ($1 - prev) }
        start = "" }
      prev = $1 }
    END { print (want == "slack" ? slack : worst) + 0 }' "$samples"
}
