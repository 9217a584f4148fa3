# The chaos runner's faults (sourced by tests/lab/chaos/run.sh): one function per kind of the menu
# (`vmha-chaos-plan --help`), `fault_KIND N TARGET DURATION` with the kind's dashes as underscores.
# Each injects its fault, heals what it broke after DURATION seconds, and leaves the rest to the
# runner's settle(): a host the cluster fenced is booted there, once the cluster is done with it.
# They use the runner's event, require_now, host_dead, done_with, all_guests, hosts and _record.

vmha_tool=$VMHA_BUILD_DIR/admin/vmha
vmha_host_tool=$VMHA_SUPPORT/vmha-host

# require_guests_of HOST: every guest HOST runs must keep its newest synced record through the fault;
# their names in $guests_of_target.
require_guests_of() {
  local g; guests_of_target=""
  for g in $all_guests; do
    if lab where "$g" | grep -qx "$1"; then require_now "$g"; guests_of_target+=" $g"; fi
  done
}
# other_host HOST: a live host that is not HOST.
other_host() { local h; for h in $hosts; do [ "$h" != "$1" ] && ! host_dead "$h" && { echo "$h"; return 0; }; done; return 1; }
# boot_when_done HOST: a dead HOST is powered on once the cluster has finished with it (done_with):
# booted before its fence, it would be fenced mid-boot (seed 4's 1 s power fault once took 140 s so).
boot_when_done() {
  local h=$1
  host_dead "$h" || return 0
  for _ in $(seq 1 60); do done_with "$h" && break; sleep 1; done
  if host_dead "$h"; then lab boot "$h" >/dev/null 2>&1 || event "  $h: boot did not rejoin within 120 s"; fi
  event "  $h booted"
}
# vmha_on HOST ARGS...: the operator's tool on HOST; its output in $vmha_out, its exit code returned.
vmha_out=""
vmha_on() { local h=$1; shift; vmha_out=$(lab exec "$h" "$vmha_tool" "$@" 2>&1); }
last_line() { tail -n 1 <<<"$1"; }
# recorded_ms HH:MM:SS.mmm: a time of today's switch log as epoch milliseconds.
recorded_ms() { date -d "$(date +%F) $1" +%s%3N; }

fault_qemu_kill() {  # N GUEST D
  local h; h=$(lab where "$2" | head -n1)
  if [ -z "$h" ]; then event "fault $1: qemu-kill $2: it runs nowhere, skipped"; return 0; fi
  require_now "$2"
  lab exec "$h" sh -c "kill -9 \"\$(cat /run/libvirt/qemu/$2.pid)\""
  event "fault $1: qemu-kill $2 on $h (kill -9); watching $3 s"
  sleep "$3"
}

fault_power() {  # N HOST D
  require_guests_of "$2"
  lab kill "$2"; event "fault $1: power $2 off for $3 s"
  sleep "$3"
  boot_when_done "$2"
}

fault_cable() {  # N HOST D
  require_guests_of "$2"
  lab cut "$2"; event "fault $1: cable of $2 cut for $3 s"
  sleep "$3"
  lab heal "$2"; event "  cable of $2 healed"
}

# Every Pacemaker daemon of the host, at once (corosync, qdiskd and the guests run on): the peers see
# its Pacemaker leave without a shutdown and must fence it before they restart its guests. A host
# still up after the duration (not fenced) gets its Pacemaker back.
fault_pacemaker_kill() {  # N HOST D
  require_guests_of "$2"
  lab exec "$2" sh -c 'pkill -9 -x pacemakerd; pkill -9 "^pacemaker-"' >/dev/null 2>&1
  event "fault $1: pacemaker-kill $2 (kill -9 of pacemakerd and its daemons); watching $3 s"
  sleep "$3"
  if ! host_dead "$2" && ! lab exec "$2" pgrep -x pacemakerd >/dev/null 2>&1; then
    lab exec "$2" sh -c 'setsid pacemakerd </dev/null >/var/log/pacemaker/pacemakerd.out 2>&1 &'
    event "  $2 was not fenced: its Pacemaker started again"
  fi
}

# libvirtd stopped: its guests run on (qemu does not need it), but no agent can see them; the
# monitor must say so (an error, never "not running") and the cluster may recover by stopping them,
# which cannot work without libvirtd either: a failed stop is fenced. Started again after D.
fault_libvirtd_stop() {  # N HOST D
  local pid; pid=$("$vmha_host_tool" libvirtd-pid "$2" 2>/dev/null) || { event "fault $1: libvirtd-stop $2: no libvirtd, skipped"; return 0; }
  require_guests_of "$2"
  kill -TERM "$pid"
  event "fault $1: libvirtd-stop $2 (SIGTERM to its libvirtd; its guests run on) for $3 s"
  sleep "$3"
  if host_dead "$2"; then event "  $2 was fenced meanwhile"; boot_when_done "$2"; return 0; fi
  if "$vmha_host_tool" start-libvirtd "$2" >/dev/null 2>&1; then event "  $2's libvirtd started again"
  else event "  $2's libvirtd did not start again"; fi
}

# libvirtd SIGSTOPped: every call to it hangs (the agents' too: they must give up within their
# operation timeouts, which the end's executor check holds them to). SIGCONT after D.
fault_libvirtd_freeze() {  # N HOST D
  local pid; pid=$("$vmha_host_tool" libvirtd-pid "$2" 2>/dev/null) || { event "fault $1: libvirtd-freeze $2: no libvirtd, skipped"; return 0; }
  require_guests_of "$2"
  kill -STOP "$pid"
  event "fault $1: libvirtd-freeze $2 (SIGSTOP to its libvirtd) for $3 s"
  sleep "$3"
  if kill -CONT "$pid" 2>/dev/null; then event "  $2's libvirtd continued (SIGCONT)"; else event "  $2's libvirtd is gone (the host was fenced)"; fi
  boot_when_done "$2"
}

# corosync killed: the host leaves the membership without a word; its peers must fence it (a host
# that left uncleanly is fenced whether it ran guests or not) before they restart its guests.
fault_corosync_kill() {  # N HOST D
  require_guests_of "$2"
  lab exec "$2" pkill -9 -x corosync >/dev/null 2>&1
  event "fault $1: corosync-kill $2 (kill -9); watching $3 s"
  sleep "$3"
  local waited=0
  while ! host_dead "$2" && [ "$waited" -lt 90 ]; do sleep 1; waited=$((waited + 1)); done
  if host_dead "$2"; then _record 1 "fault $1: $2 was fenced (or fenced itself) after its corosync died"
  else
    _record 0 "fault $1: $2 was fenced (or fenced itself) after its corosync died"
    { echo "── $2 still up $((waited + $3)) s after its corosync was killed:"; lab status 2>&1 | head -20; } >> "$evidence"
    lab kill "$2"; event "  $2 was not fenced within $((waited + $3)) s: powered off by the runner"
  fi
  boot_when_done "$2"
}

# The fence device fails (the lab switch answers every request with an error) while HOST is powered
# off; after D it works again. The cluster must keep trying, and must not start HOST's guests
# elsewhere before the switch has reported HOST off: judged here from the sampler and the switch log.
fault_fence_fail() {  # N HOST D
  require_guests_of "$2"
  local t0; t0=$(date +%s%3N)
  lab fence-mode failing
  lab kill "$2"
  event "fault $1: fence-fail $2: the fence device fails for $3 s while $2 is powered off"
  sleep "$3"
  lab fence-mode honest
  event "  the fence device works again"
  local g waited=0
  for g in $guests_of_target; do
    while [ -z "$(lab where "$g")" ] && [ "$waited" -lt "$settle_s" ]; do sleep 1; waited=$((waited + 1)); done
  done
  local ok_at; ok_at=$(awk -v h="$2" '$2 == "off" && $3 == h":" && $4 == "ok" { print $1 }' "$lab_dir/switch/log" |
    while read -r ts; do ms=$(recorded_ms "$ts"); [ "$ms" -ge "$t0" ] && { echo "$ms"; break; }; done)
  for g in $guests_of_target; do
    local first; first=$(awk -v g="$g" -v t0="$t0" '$1 >= t0 { for (i = 2; i <= NF; i++) { split($i, a, ":"); if (("," a[2]) ~ ("," g ",")) { print $1; exit } } }' "$samples")
    if [ -z "$first" ]; then event "  $g has not run again yet"; continue; fi
    if [ -n "$ok_at" ] && [ "$first" -ge "$ok_at" ]; then
      _record 1 "fault $1: $g ran again only after the switch reported $2 off ($(( (first - ok_at) )) ms after it, $(( (ok_at - t0) / 1000 )) s after the power-off)"
    else
      _record 0 "fault $1: $g ran again only after the switch reported $2 off"
      echo "── $g ran again at $first ms; the switch reported $2 off at ${ok_at:-never} ms (the fault began at $t0 ms)" >> "$evidence"
    fi
  done
  boot_when_done "$2"
}

# Every host isolated from every other (the gateway still answers): the quorum disk picks the
# partition that keeps quorum, the others are fenced. Joined after D.
fault_split() {  # N all D
  local g; for g in $all_guests; do require_now "$g"; done
  lab split; event "fault $1: split (every host isolated) for $3 s"
  sleep "$3"
  lab join; event "  joined"
}

# The quorum disk's ping heuristic of HOST fails and recovers every 1.5 s for D seconds (a route to
# the pinged address blackholed and restored): qdiskd's scoring must ride a flap out, or remove the
# host cleanly (a host that fails its heuristic while it votes powers itself off in the lab).
fault_heuristic_flap() {  # N HOST D
  local target; target=$(grep -rhoE 'ping [^"]*' "$lab_dir/config" 2>/dev/null | awk '{ print $NF }' | head -n1)
  if [ -z "$target" ]; then event "fault $1: heuristic-flap $2: the topology has no ping heuristic, skipped"; return 0; fi
  require_guests_of "$2"
  event "fault $1: heuristic-flap $2 (ping of $target fails and recovers every 1.5 s) for $3 s"
  local end=$(( $(date +%s) + $3 )) flaps=0
  while [ "$(date +%s)" -lt "$end" ] && ! host_dead "$2"; do
    lab exec "$2" ip route add blackhole "$target/32" >/dev/null 2>&1; sleep 1.5
    lab exec "$2" ip route del blackhole "$target/32" >/dev/null 2>&1; sleep 1.5
    flaps=$((flaps + 1))
  done
  if host_dead "$2"; then event "  $2 is off after $flaps flaps (it powered itself off, or was fenced)"; boot_when_done "$2"
  else event "  $flaps flaps, $2 still up"; fi
}

# A live migration whose target loses its power midway: vmha migrate --no-wait, the target powered
# off as soon as it holds the incoming guest. The guest must go on, or restart, exactly once.
fault_migration_target_power() {  # N GUEST D
  local h t; h=$(lab where "$2" | head -n1)
  if [ -z "$h" ] || ! t=$(other_host "$h"); then event "fault $1: migration-target-power $2: no running guest or no other host, skipped"; return 0; fi
  require_now "$2"
  if ! vmha_on "$h" migrate "$2" --to "$t" --no-wait; then
    event "fault $1: migration-target-power $2: vmha migrate refused: $(last_line "$vmha_out")"; return 0
  fi
  event "fault $1: migration-target-power $2: live migration $h → $t started (vmha migrate --no-wait)"
  for _ in $(seq 1 200); do lab exec "$t" timeout 3 virsh -q -c qemu:///system list --name 2>/dev/null | grep -qx "$2" && break; sleep 0.05; done
  local state; state=$(lab exec "$t" timeout 3 virsh -q -c qemu:///system domstate "$2" 2>/dev/null | head -n1)
  lab kill "$t"
  event "  $t powered off with $2 ${state:-not yet} there"
  sleep "$3"
  boot_when_done "$t"
  if vmha_on "$h" unpin "$2"; then event "  vmha unpin $2: $(last_line "$vmha_out")"; else event "  vmha unpin $2 failed: $(last_line "$vmha_out")"; fi
}

# An operator's move: vmha migrate GUEST --to another host (it waits until the cluster has done
# it), D seconds there, then vmha unpin (its domain decides again, live). Both must succeed on a
# settled cluster.
fault_migrate() {  # N GUEST D
  local h t; h=$(lab where "$2" | head -n1)
  if [ -z "$h" ] || ! t=$(other_host "$h"); then event "fault $1: migrate $2: no running guest or no other host, skipped"; return 0; fi
  if vmha_on "$h" migrate "$2" --to "$t"; then
    _record 1 "fault $1: vmha migrate $2 --to $t: $(last_line "$vmha_out")"
  else
    _record 0 "fault $1: vmha migrate $2 --to $t (a settled cluster, a live host)"
    { echo "── vmha migrate $2 --to $t said:"; echo "$vmha_out" | tail -n 5; } >> "$evidence"
  fi
  sleep "$3"
  if vmha_on "$t" unpin "$2"; then _record 1 "fault $1: vmha unpin $2: $(last_line "$vmha_out")"
  else _record 0 "fault $1: vmha unpin $2"; { echo "── vmha unpin $2 said:"; echo "$vmha_out" | tail -n 5; } >> "$evidence"; fi
}

# An operator's maintenance window: vmha host drain HOST (from another host), D seconds, vmha host
# resume HOST. A drain the scheduler forbids (a guest restricted to HOST) is refused, naming why, and
# changes nothing; anything else must succeed and leave HOST empty.
fault_drain() {  # N HOST D
  local o; o=$(other_host "$2") || { event "fault $1: drain $2: no other host, skipped"; return 0; }
  if vmha_on "$o" host drain "$2" --timeout 240; then
    if [ -z "$(lab running "$2")" ]; then _record 1 "fault $1: vmha host drain $2: $(last_line "$vmha_out")"
    else _record 0 "fault $1: vmha host drain $2 left it empty"; echo "── $2 still runs $(lab running "$2" | tr '\n' ' ')after vmha host drain" >> "$evidence"; fi
  elif grep -q "^vmha: refused: " <<<"$vmha_out"; then
    event "fault $1: vmha host drain $2 refused: $(grep -m1 '^vmha: refused: ' <<<"$vmha_out")"; return 0
  else
    _record 0 "fault $1: vmha host drain $2"; { echo "── vmha host drain $2 said:"; echo "$vmha_out" | tail -n 5; } >> "$evidence"
  fi
  sleep "$3"
  if vmha_on "$o" host resume "$2" --timeout 240; then _record 1 "fault $1: vmha host resume $2: $(last_line "$vmha_out")"
  else _record 0 "fault $1: vmha host resume $2"; { echo "── vmha host resume $2 said:"; echo "$vmha_out" | tail -n 5; } >> "$evidence"; fi
}
