# vmha-lab chaos: random faults from a seed on a lab of tiny Linux guests, and proof that no guest
# ever ran twice, no synced record was lost and every guest comes back (docs/lab.md, "Chaos").
#
#   vmha-lab chaos --seed S --faults N [--hosts 2|3] [--guests K] [--kinds K,...|all] [--reuse] [--fence-mode lying]
#
# Brings a lab up with --guests linux (--reuse: runs on the lab already up, which must be one), prints
# the timeline (vmha-chaos-plan), runs each fault (tests/lab/chaos/faults.sh), waits for the cluster to settle after it, and ends
# with every guest stopped by ACPI and its record disk checked. --fence-mode lying plants a broken
# fence device (the run must then fail: that is how this test shows it can). Exit 0 only when every
# invariant held; a failed run prints the seed, the timeline and each invariant's evidence, and
# VMHA_LAB_KEEP=1 keeps the lab. Under ctest the arguments come from VMHA_CHAOS_ARGS.
: "${VMHA_SOURCE_DIR:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${VMHA_BUILD_DIR:=$VMHA_SOURCE_DIR/build}"
: "${VMHA_SUPPORT:=$VMHA_SOURCE_DIR/tests/support}"
export VMHA_SOURCE_DIR VMHA_BUILD_DIR VMHA_SUPPORT
usage() { echo "vmha-lab chaos: $*" >&2; echo "usage: vmha-lab chaos --seed S --faults N [--hosts 2|3] [--guests K] [--kinds K,...] [--reuse] [--fence-mode lying]" >&2; exit 2; }
[ $# -gt 0 ] || eval "set -- ${VMHA_CHAOS_ARGS:-}"
seed="" faults="" nhosts=2 nguests="" kinds="" reuse=0 fence_mode=honest
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=${2:-}; shift 2 || usage "--seed needs a value" ;;
    --faults) faults=${2:-}; shift 2 || usage "--faults needs a value" ;;
    --hosts) nhosts=${2:-}; [[ $nhosts =~ ^[23]$ ]] || usage "--hosts 2|3 (the lab's topologies)"; shift 2 ;;
    --guests) nguests=${2:-}; [[ $nguests =~ ^[1-9][0-9]*$ ]] || usage "--guests K: a number of guests"; shift 2 ;;
    --kinds) kinds=${2:-}; [ -n "$kinds" ] || usage "--kinds needs a value"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    --fence-mode) fence_mode=${2:-}; [[ $fence_mode =~ ^(honest|lying)$ ]] || usage "--fence-mode honest|lying"; shift 2 ;;
    *) usage "unknown argument '$1'" ;;
  esac
done
[ -n "$seed" ] && [ -n "$faults" ] || usage "--seed and --faults are required"
[ "$reuse" = 1 ] && export VMHA_LAB_KEEP=1   # a lab the run did not make is not the run's to remove

source "$VMHA_SOURCE_DIR/tests/lab/lablib.sh"
source "$VMHA_SOURCE_DIR/tests/lab/chaos/qdisk_masters.sh"
source "$VMHA_SOURCE_DIR/tests/lab/chaos/faults.sh"
plan_tool="$VMHA_BUILD_DIR/tests/lab/chaos/vmha-chaos-plan"
checker="$VMHA_BUILD_DIR/tests/lab/guest-disk/vmha-guest-disk"
for tool in "$plan_tool" "$checker"; do [ -x "$tool" ] || usage "missing $tool: build first"; done
# How long the cluster may take to settle after one fault (a power fault on TCG: fence, restart on
# the survivor, the host's boot and rejoin, failback by live migration) and at the end.
settle_s=${VMHA_CHAOS_SETTLE_S:-300}
timeline=$(mktemp /var/tmp/vmha-chaos-timeline.XXXXXX)
evidence=$(mktemp /var/tmp/vmha-chaos-evidence.XXXXXX)
qdisk_samples=$(mktemp /var/tmp/vmha-chaos-qdisk.XXXXXX)
trap 'chaos_report; [ -n "$fence_watcher_pid" ] && kill "$fence_watcher_pid" 2>/dev/null; [ -n "$qdisk_sampler_pid" ] && kill "$qdisk_sampler_pid" 2>/dev/null; lab_cleanup; rm -f "$timeline" "$evidence" "$fence_watch" "$qdisk_samples"' EXIT

event() { mark "$*" | tee -a "$timeline"; }
# chaos_report: what a failed run prints last (a CI log keeps the end): seed, timeline, evidence.
chaos_report() {
  [ "$failed" -gt 0 ] || return 0
  echo "════ chaos run FAILED: seed $seed, $faults faults, $nhosts hosts (replay: vmha-lab chaos --seed $seed --faults $faults --hosts $nhosts${nguests:+ --guests $nguests}${kinds:+ --kinds $kinds}$([ "$fence_mode" = lying ] && echo " --fence-mode lying"))"
  echo "── the timeline (time since the start):"; cat "$timeline"
  echo "── the evidence:"; cat "$evidence"
  printf 'failed: %s\n' "${failures[@]}"
}

# ---- the lab ------------------------------------------------------------------------------------
if [ "$reuse" = 1 ]; then
  [ "$(cat "$lab_dir/config/guest-kind" 2>/dev/null)" = linux ] || usage "--reuse: no lab with --guests linux is up"
  [ "$(wc -l < "$lab_dir/hosts")" = "$nhosts" ] || usage "--reuse: the lab up has $(wc -l < "$lab_dir/hosts") hosts, not $nhosts"
else
  check "the lab comes up ($nhosts hosts, Linux guests)" 0 lab up "$nhosts" --guests linux
  [ "$last_rc" = 0 ] || finish
fi
hosts=$(cat "$lab_dir/hosts")
all_guests=$(grep -o 'name="config" value="[^"]*"' "$lab_dir/config/cib.xml" | sed 's/.*value="\(.*\)"/\1/' | xargs -n1 basename | sed 's/\.xml$//')
targets=$all_guests
if [ -n "$nguests" ]; then
  [ "$nguests" -le "$(wc -w <<<"$all_guests")" ] || usage "--guests $nguests: the topology has $(wc -w <<<"$all_guests") guests ($(echo $all_guests))"
  targets=$(head -n "$nguests" <<<"$all_guests")
fi
# Hosts that may be off at once without losing quorum: with the quorum disk one vote survives
# alone (last man standing by the disk); without it a majority must stay.
if grep -q 'model: disk' "$lab_dir/config/corosync.conf"; then max_down=$((nhosts - 1)); else max_down=$(((nhosts - 1) / 2)); fi
# shellcheck disable=SC2086
plan=$("$plan_tool" --seed "$seed" --faults "$faults" --hosts "$nhosts" --max-down "$max_down" --guests $targets ${kinds:+--kinds "$kinds"}) || exit 2
echo "$plan" | tee -a "$timeline"
lab fence-mode "$fence_mode"
[ "$fence_mode" = lying ] && event "PLANTED: the fence device lies (reports off, leaves the host on)"

# ---- invariants, checked after every fault and at the end -------------------------------------------
disk_of() { echo "$lab_dir/shared/$1.img"; }
last_record() { "$checker" last "$(disk_of "$1")" 2>/dev/null; }
host_dead() { [ "$(cat "$lab_dir/power/$1" 2>/dev/null)" != on ] || ! lab exec "$1" true >/dev/null 2>&1; }
online_all() { local out; out=$(crm crm_mon -1 2>/dev/null) || return 1; grep -q "partition with quorum" <<<"$out" || return 1
  for h in $hosts; do grep -Eq "Online: \[.* $h( |\])" <<<"$out" || return 1; done; }
once_each() { local g; for g in $all_guests; do [ "$(lab where "$g" | wc -l)" = 1 ] || return 1; done; }
declare -A required=()   # guest → the records read at the moment of each fault that killed it
require_now() {  # require_now GUEST: its newest synced record must survive what comes next
  local r; r=$(last_record "$1") || return 0
  required[$1]+=" --require $r"; event "  $1's last synced record: $r"
}
# A fenced host runs no guest: a watcher looks at the host's libvirt as soon as the lab's power switch
# has answered "off HOST: ok" (within ~0.3 s: a host with a lying fence may still power itself off
# a little later, when its heuristic fails, which must not hide the lie).
fence_watch=$(mktemp /var/tmp/vmha-chaos-fence.XXXXXX)
fence_watcher_pid=""
start_fence_watcher() {
  (
    log="$lab_dir/switch/log"
    seen=$( { wc -l < "$log"; } 2>/dev/null || echo 0)
    while true; do
      lines=$( { wc -l < "$log"; } 2>/dev/null || echo 0)
      if [ "$lines" -gt "$seen" ]; then
        for h in $(tail -n +"$((seen + 1))" "$log" | sed -n 's/^[0-9:.]* off \(hv[0-9]*\): ok$/\1/p' | sort -u); do
          running=$(lab exec "$h" virsh -q -c qemu:///system list --name 2>/dev/null | tr '\n' ' ')
          [ -n "${running// }" ] && echo "$(date +%T.%3N) the switch reported $h off, and $h still runs: $running(switch log: $(tail -n +"$((seen + 1))" "$log" | grep " $h" | tr '\n' ';'))" >> "$fence_watch"
        done
        seen=$lines
      fi
      sleep 0.3
    done
  ) &
  fence_watcher_pid=$!
}
fenced_hosts_run_nothing() { [ ! -s "$fence_watch" ]; }
# done_with HOST: the cluster has finished with a dead HOST — a live host's Pacemaker shows it offline
# and clean (fenced, or found off by its fence device) — or no host is left alive to fence it. Not
# before: a host that powered itself off (its qdiskd's heuristic) is still fenced moments later, and
# an operator who powers it on first sees it killed mid-boot. (Seed 4's 1 s cable cut once took 144 s
# to settle: the runner's first boot of hv1 "did not rejoin within 120 s".)
done_with() {
  local h xml node alive=0
  for h in $hosts; do
    [ "$h" = "$1" ] && continue
    host_dead "$h" && continue
    alive=1
    xml=$(lab exec "$h" crm_mon -1 --output-as=xml 2>/dev/null) || continue
    node=$(grep -E "<node name=\"$1\" " <<<"$xml")
    grep -q 'online="false"' <<<"$node" && grep -q 'unclean="false"' <<<"$node" && return 0
    return 1
  done
  [ "$alive" = 0 ]
}
# settle WHAT: every host powered on and online, every guest running on exactly one host, twice in a
# row 3 s apart; a host the cluster fenced (or that powered itself off) is booted again.
settle() {
  local what=$1 t0; t0=$(date +%s%3N)
  local end=$((t0 + settle_s * 1000)) h
  while [ "$(date +%s%3N)" -lt "$end" ]; do
    if ! fenced_hosts_run_nothing; then
      _record 0 "$what: a fenced host ran no guest"
      { echo "── fenced hosts that still ran guests:"; cat "$fence_watch"; } >> "$evidence"
      return 1
    fi
    for h in $hosts; do
      if host_dead "$h" && done_with "$h"; then event "  $h is off (fenced, or powered itself off): booting it"; lab boot "$h" >/dev/null 2>&1 || event "  $h: boot did not rejoin within 120 s"; fi
    done
    if online_all && once_each; then
      sleep 3
      if online_all && once_each && ! for h in $hosts; do host_dead "$h" && echo dead; done | grep -q dead; then
        local secs; secs=$(awk -v m="$(( $(date +%s%3N) - t0 ))" 'BEGIN { printf "%.1f", m / 1000 }')
        _record 1 "$what: every host back, every guest on exactly one host (after $secs s)"
        event "  settled after $secs s"; return 0
      fi
    fi
    sleep 1
  done
  _record 0 "$what: every host back, every guest on exactly one host (not within $settle_s s)"
  { echo "── not settled after \"$what\":"; lab status 2>&1 | head -30; for g in $all_guests; do echo "$g on: $(lab where "$g" | tr '\n' ' ')"; done; } >> "$evidence"
  note_failure "$what"
  return 1
}
# never twice, from the sampler's lines: judged at the end, or at once when the run stops early.
sampler_judged=0
judge_sampler() {
  [ "$sampler_judged" = 1 ] && return 0
  sampler_judged=1
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null; sampler_pid=""
  for g in $all_guests; do
    if ! never_twice "$g"; then
      _record 0 "$g never ran on two hosts at once (the sampler)"
      { echo "── the sampler saw $g on two hosts in consecutive samples (ms host:guests...):"
        awk -v g="$g" '{ n = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); if (("," a[2]) ~ ("," g ",")) n++ } if (n > 1) print }' "$samples" | head -n 10; } >> "$evidence"
    else _record 1 "$g never ran on two hosts at once (the sampler, $(wc -l < "$samples") samples)"; fi
  done
}
# fail_now: a broken invariant ends the run; the sampler's verdict is still given.
fail_now() { judge_sampler; finish; }
writing() { local g; for g in $all_guests; do last_record "$g" >/dev/null || return 1; done; }

# The watchers start once every function they call is defined (bash looks a name up when it runs:
# called above its definition, the fence watcher was "command not found", and every run had passed
# the fenced-host invariant without a look — lab.chaos.planted is what showed it).
start_sampler
start_fence_watcher
# The quorum disk's slots, read from the machine (the disk is a shared file there).
qdisk=$(awk '/device:/ && /\// { print $2; exit }' "$lab_dir/config/corosync.conf")
[ -n "$qdisk" ] && start_qdisk_sampler "$qdisk" "$qdisk_samples"
settle "before the first fault" || fail_now
wait_until "every guest writes its record disk" 120 writing

# ---- the faults -----------------------------------------------------------------------------------
# The plan on fd 3: the lab commands in the loop must not eat it from stdin.
while read -r -u 3 n kind target rest; do
  [[ $n =~ ^[0-9]+$ ]] || continue
  duration=$(sed -n 's/.*duration=\([0-9]*\).*/\1/p' <<<"$rest"); pause=$(sed -n 's/.*pause=\([0-9]*\).*/\1/p' <<<"$rest")
  fault_fn=fault_${kind//-/_}
  if ! declare -F "$fault_fn" >/dev/null; then _record 0 "fault $n: unknown kind $kind"; finish; fi
  "$fault_fn" "$n" "$target" "$duration"
  settle "after fault $n ($kind $target)" || fail_now
  sleep "$pause"
done 3<<<"$plan"
event "the faults stopped"

# ---- the end: never twice, ACPI stop, the record disks ---------------------------------------------
settle "once the faults stopped" || fail_now
# An invariant no watcher looked at holds vacuously: each must still be running at the end.
watching() { [ -n "$2" ] && kill -0 "$2" 2>/dev/null && _record 1 "$1 watched to the end" || _record 0 "$1 watched to the end"; }
watching "guests on hosts (the sampler)" "$sampler_pid"
watching "fenced hosts (the fence watcher)" "$fence_watcher_pid"
[ -n "$qdisk" ] && watching "the quorum disk's masters (the disk sampler)" "$qdisk_sampler_pid"
kill "$sampler_pid" 2>/dev/null; sampler_pid=""
kill "$fence_watcher_pid" 2>/dev/null; fence_watcher_pid=""
if fenced_hosts_run_nothing; then _record 1 "a fenced host ran no guest ($(grep -c ' off hv[0-9]*: ok$' "$lab_dir/switch/log" 2>/dev/null) fences)"
else _record 0 "a fenced host ran no guest"; { echo "── fenced hosts that still ran guests:"; cat "$fence_watch"; } >> "$evidence"; fi
judge_sampler
if [ -n "$qdisk" ]; then
  kill "$qdisk_sampler_pid" 2>/dev/null; qdisk_sampler_pid=""
  if doubled=$(two_masters "$qdisk_samples"); then
    _record 1 "the quorum disk never had two masters ($(wc -l < "$qdisk_samples") samples; masters: nodes $(masters_seen "$qdisk_samples"))"
  else
    _record 0 "the quorum disk never had two masters"
    { echo "── samples with two live masters (ms: nodes):"; head -n 10 <<<"$doubled"; } >> "$evidence"
  fi
fi
# Every agent returned within its operation timeout: Pacemaker's executor logs an operation it had
# to kill at its timeout ("... timed out after ...", "could not be executed: Timed Out"). A host's
# log survives its power cuts (a boot keeps its disk), so every operation of the run is there.
guest_ops() {  # guest_ops PATTERN: the executor's lines of the guests' operations matching PATTERN, by host
  local h alt; alt=$(tr ' \n' '||' <<<"$all_guests" | sed 's/|*$//; s/||*/|/g')
  for h in $hosts; do
    lab exec "$h" grep -E "$1" /var/log/pacemaker/pacemaker.log 2>/dev/null | grep -E "(^|[^a-z0-9-])($alt)[ _]" | sed "s/^/$h: /"
  done
}
late=$(guest_ops "timed out after|could not be executed: Timed Out")
if [ -z "$late" ]; then
  _record 1 "every agent returned within its operation timeout (the executor's logs: $(guest_ops '\(call [0-9]+.*\) exited with status' | wc -l) operations of the guests, none ended at its timeout)"
else
  _record 0 "every agent returned within its operation timeout"
  { echo "── operations the executor ended at their timeout:"; head -n 10 <<<"$late"; } >> "$evidence"
fi
# The cluster must not restart what ACPI stops: maintenance mode leaves the guests to us.
check "the cluster leaves the guests alone (maintenance-mode)" 0 crm crm_attribute --type crm_config --name maintenance-mode --update true
for g in $all_guests; do
  h=$(lab where "$g" | head -n1)
  [ -n "$h" ] && lab exec "$h" virsh -q -c qemu:///system shutdown "$g" >/dev/null
done
stopped() { [ -z "$(lab where "$1")" ]; }
for g in $all_guests; do wait_until "$g powers itself off on ACPI (virsh shutdown)" 90 stopped "$g"; done
for g in $all_guests; do
  # shellcheck disable=SC2086
  check "$g's record disk: one writer at a time, every record synced before a fault still there" 0 "$checker" check "$(disk_of "$g")" ${required[$g]:-}
  echo "$last_output" | tail -n 3 | sed 's/^/     | /'
  [ "$last_rc" = 0 ] || { echo "── $g's disk (vmha-guest-disk check${required[$g]:-}):"; echo "$last_output" | head -n 10; } >> "$evidence"
done
# A lab that stays (--reuse, VMHA_LAB_KEEP=1) goes back to the cluster's hands: it restarts the guests.
[ "${VMHA_LAB_KEEP:-0}" = 1 ] && crm crm_attribute --type crm_config --name maintenance-mode --delete >/dev/null 2>&1
echo "── timeline of seed $seed:"; cat "$timeline"
finish
