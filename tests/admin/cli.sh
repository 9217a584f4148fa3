# vmha and clustat as a user runs them, on saved CIBs (CIB_file=, which Pacemaker's own tools
# honour): exit statuses, the --json document against docs/vmha-status.schema.json, clustat -x
# through xmllint, the face chosen by the program's name, and bad usage / unreadable clusters.
source "$VMHA_SUPPORT/testlib.sh"
vmha="$VMHA_BUILD_DIR/admin/vmha"
clustat="$VMHA_BUILD_DIR/admin/clustat"
data="$VMHA_SOURCE_DIR/tests/admin/data"
schema="$VMHA_SOURCE_DIR/docs/vmha-status.schema.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# on SCENARIO cmd...: run cmd with the scenario's CIB as the cluster (a copy: the tools may touch it).
on() { local s=$1; shift; cp "$data/$s.cib.xml" "$work/cib.xml"; CIB_file="$work/cib.xml" "$@"; }
valid_json() {
  python3 - "$schema" "$1" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
}

check "vmha --version" 0 "$vmha" --version
expect "  says the project's version" grep -qE '^vmha [0-9]+\.[0-9]+\.[0-9]+$' <<<"$last_output"
check "vmha --help" 0 "$vmha" --help
expect "  lists status and --json from the option table" grep -q -- "--json" <<<"$last_output"
check "vmha with no command is bad usage" 2 "$vmha"
check "vmha frobnicate is bad usage" 2 "$vmha" frobnicate
expect "  one line naming it" [ "$last_output" = "vmha: unknown command 'frobnicate' (see vmha --help)" ]
check "vmha status --bogus is bad usage" 2 "$vmha" status --bogus
check "vmha migrate without --to is bad usage" 2 "$vmha" migrate vm1
expect "  one line naming it" [ "$last_output" = "vmha: migrate needs --to HOST" ]
check "vmha migrate without a guest is bad usage" 2 "$vmha" migrate --to hv2
check "vmha status --to hv2 is bad usage (--to is migrate's)" 2 "$vmha" status --to hv2
expect "  one line naming it" [ "$last_output" = "vmha: --to applies to migrate/relocate only" ]
check "vmha unpin a b is bad usage" 2 "$vmha" unpin a b
check "vmha migrate vm1 --to hv1 on a saved CIB is refused (already there)" 1 on started "$vmha" migrate vm1 --to hv1
expect "  the CIB is untouched" cmp -s "$work/cib.xml" "$data/started.cib.xml"
check "vmha migrate vm1 --to hv3 when hv3 is standby is refused" 1 on pinned_failed_frozen_standby "$vmha" migrate vm1 --to hv3
expect "  says why" [ "$last_output" = "vmha: refused: hv3 is standby: it takes no guests" ]

for row in started:0 pinned_failed_frozen_standby:1 host_offline:1 host_unclean:1 maintenance:0 inquorate:1 domains:0; do
  s=${row%%:*} want=${row#*:}
  check "vmha status on $s exits $want" "$want" on "$s" "$vmha" status
  check "vmha status --json on $s exits $want" "$want" on "$s" "$vmha" status --json
  printf '%s\n' "$last_output" >"$work/$s.json"
  check "  valid against docs/vmha-status.schema.json" 0 valid_json "$work/$s.json"
  expect "  healthy agrees with the exit status" [ "$(jq -r .healthy "$work/$s.json")" = "$([ "$want" = 0 ] && echo true || echo false)" ]
  check "clustat -x on $s" 0 on "$s" "$clustat" -x
  printf '%s\n' "$last_output" >"$work/$s.xml"
  check "  parses (xmllint)" 0 xmllint --noout "$work/$s.xml"
done
expect "the schema rejects what it must (a guest without state)" \
  bash -c "! jq 'del(.guests[0].state)' '$work/started.json' >'$work/bad.json' || ! python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(\"$work/bad.json\")), json.load(open(\"$schema\")))' 2>/dev/null"

check "clustat by its name (a link to vmha)" 0 on started "$clustat"
expect "  rgmanager's header" grep -q "^Member Status: Quorate$" <<<"$last_output"
check "clustat -s vm:vm3 (disabled)" 119 on started "$clustat" -s vm:vm3
check "clustat -Q inquorate" 1 on inquorate "$clustat" -Q
check "clustat -i 1 redraws until interrupted (timeout sends SIGINT after 4.5 s)" 124 on started timeout -s INT 4.5 "$clustat" -i 1
expect "  at least twice, clearing the screen each time" [ "$(grep -c $'\033\[H\033\[2JCluster Status for vmhalab' <<<"$last_output")" -ge 2 ]
check "clustat -z: usage, exit 1" 1 "$clustat" -z
check "clustat -v" 0 "$clustat" -v
expect "  names itself and vmha's version" grep -q "^clustat version " <<<"$last_output"

# The guest commands on saved CIBs: bad usage exits 2; each refusal exits 1 with one line and
# leaves the CIB as it was (cmp against the fixture).
clusvcadm="$VMHA_BUILD_DIR/admin/clusvcadm"
check "vmha relocate without --to is bad usage" 2 "$vmha" relocate vm1
expect "  one line naming it" [ "$last_output" = "vmha: relocate needs --to HOST" ]
check "vmha migrate --for nonsense is bad usage" 2 "$vmha" migrate vm1 --to hv2 --for 5x
expect "  one line naming it" [ "$last_output" = "vmha: --for: '5x' is not a duration (20s, 5m, 2h, 1d, 1h30m or PT20S)" ]
check "vmha enable --for is bad usage (--for is migrate's)" 2 "$vmha" enable vm1 --for 20s
check "vmha status --watch=0 is bad usage" 2 "$vmha" status --watch=0
check "vmha status --watch --json is bad usage" 2 "$vmha" status --watch --json
check "vmha --help lists every guest command" 0 "$vmha" --help
for c in enable disable restart relocate freeze unfreeze "--no-wait" "--for DURATION" "--watch\\[=S\\]" "--on HOST"; do
  expect "  $c" grep -q -- "$c" <<<"$last_output"
done
refused() {  # refused SCENARIO WANT_LINE cmd...: exit 1, the line, the CIB untouched
  local s=$1 line=$2; shift 2
  check "$* on $s is refused" 1 on "$s" "$@"
  expect "  says: $line" [ "$last_output" = "$line" ]
  expect "  the CIB is untouched" cmp -s "$work/cib.xml" "$data/$s.cib.xml"
}
refused domains "vmha: refused: hv3 is outside vm1's restricted failover domain domain1 (hv2, hv1)" "$vmha" migrate vm1 --to hv3
refused domains "vmha: refused: hv3 is outside vm1's restricted failover domain domain1 (hv2, hv1)" "$vmha" relocate vm1 --to hv3
refused started "vmha: refused: vm2 cannot migrate live (allow-migrate is not true): use vmha relocate vm2 --to hv2 (stop, start there)" "$vmha" migrate vm2 --to hv2
refused inquorate "vmha: refused: this partition is not quorate: Pacemaker would not move anything" "$vmha" disable vm1
refused inquorate "vmha: refused: this partition is not quorate: Pacemaker would not move anything" "$vmha" freeze vm1
refused host_offline "vmha: refused: hv1 is offline: it takes no guests" "$vmha" enable vm3 --on hv1
refused pinned_failed_frozen_standby "vmha: refused: hv3 is standby: it takes no guests" "$vmha" relocate vm1 --to hv3
refused domains "vmha: refused: vm4 is frozen (not managed): \`vmha unfreeze vm4\` first" "$vmha" restart vm4
check "vmha disable vm3 (already disabled) exits 0, nothing to do" 0 on started "$vmha" disable vm3
expect "  says so" [ "$last_output" = "vm3 is already disabled; nothing to do" ]
expect "  the CIB is untouched" cmp -s "$work/cib.xml" "$data/started.cib.xml"
check "vmha status --json on domains: vm1's domain, preferred host, last transition" 0 on domains "$vmha" status --json
expect "  domain1 restricted to hv2, hv1; prefers hv2; came by migration" [ "$(jq -r '.guests[] | select(.name=="vm1") | "\(.domain.name) \(.domain.restricted) \(.domain.hosts|join(",")) \(.preferred_host) \(.last_transition.kind) \(.last_transition.host)"' <<<"$last_output")" = "domain1 true hv2,hv1 hv2 migration hv2" ]
expect "  every guest and host carries the added fields" [ "$(jq '[.guests[] | has("domain") and has("preferred_host") and has("last_transition") and has("migration")] + [.hosts[] | has("fenced")] | all' <<<"$last_output")" = true ]

check "clusvcadm by its name: -M to a host outside the restricted domain" 249 on domains "$clusvcadm" -M vm:vm1 -m hv3
expect "  rgmanager's lines" [ "$(head -n1 <<<"$last_output")" = "Trying to migrate vm:vm1 to hv3...Operation violates dependency rule" ]
expect "  the CIB is untouched" cmp -s "$work/cib.xml" "$data/domains.cib.xml"
check "clusvcadm -d vm:vm1 inquorate: -9, exit 247" 247 on inquorate "$clusvcadm" -d vm:vm1
expect "  Operation requires quorum" grep -q "^Local machine disabling vm:vm1...Operation requires quorum$" <<<"$last_output"
check "clusvcadm -e vm:nosuch: -4, exit 252" 252 on started "$clusvcadm" -e vm:nosuch
check "clusvcadm -e vm:vm1 (running): already running, exit 0" 0 on started "$clusvcadm" -e vm:vm1
expect "  Service is already running" grep -q "^Local machine trying to enable vm:vm1...Service is already running$" <<<"$last_output"
check "clusvcadm -M vm:vm1 -m hv9: not a member, exit 1" 1 on started "$clusvcadm" -M vm:vm1 -m hv9
expect "  rgmanager's lines" [ "$last_output" = "'hv9' not in membership list"$'\n'"No matches for 'hv9' found" ]
check "clusvcadm -M vm:vm1 without -m, exit 1" 1 on started "$clusvcadm" -M vm:vm1
expect "  Migration requires a target cluster member" [ "$last_output" = "Migration requires a target cluster member" ]
check "clusvcadm -Z vm:vm4 on a frozen guest: Success, exit 0" 0 on domains "$clusvcadm" -Z vm:vm4
check "clusvcadm -q -e vm:nosuch prints nothing on stdout" 252 on started bash -c "'$clusvcadm' -q -e vm:nosuch 2>/dev/null"
expect "  (empty)" [ -z "$last_output" ]
check "clusvcadm -v" 0 "$clusvcadm" -v
expect "  names itself and vmha's version" grep -q "^clusvcadm version " <<<"$last_output"

# vmha status --watch in a real terminal (tmux): it redraws in place, the second screen over the
# first, no scrolling and no clear-screen flicker; Ctrl-C ends it.
tmux_sock="$work/tmux"
cp "$data/domains.cib.xml" "$work/watch.xml"
check "tmux runs vmha status --watch=1" 0 tmux -S "$tmux_sock" new-session -d -x 120 -y 40 \
  "CIB_file=$work/watch.xml $vmha status --watch=1; echo EXITED \$?; sleep 30"
# pane_shows PATTERN: wait (up to 20 s: a loaded host runs Pacemaker's tools slowly) until the pane
# shows an extended regex, then print the pane.
pane_shows() {
  local pane
  for _ in $(seq 1 80); do
    pane=$(tmux -S "$tmux_sock" capture-pane -p)
    grep -qE "$1" <<<"$pane" && break
    sleep 0.25
  done
  printf '%s\n' "$pane"
}
first=$(pane_shows '^\(every 1 s, ')
expect "  the screen shows the cluster" grep -q "^Cluster vmhalab: quorate" <<<"$first"
expect "  once: it redraws in place rather than scrolling" [ "$(grep -c '^Cluster vmhalab' <<<"$first")" = 1 ]
stamp1=$(grep -o '(every 1 s, [^;]*' <<<"$first")
CIB_file="$work/watch.xml" crm_resource -r vm3 --meta -p target-role -v Started >/dev/null 2>&1
for _ in $(seq 1 80); do
  second=$(tmux -S "$tmux_sock" capture-pane -p)
  # a redraw whose read began after the change: a new time and vm3 no longer disabled
  ! grep -qF "$stamp1" <<<"$second" && ! grep -q '^vm3 *disabled' <<<"$second" && break
  sleep 0.25
done
expect "  a later screen replaced it (new time, still one screen)" bash -c "[ '$(grep -c '^Cluster vmhalab' <<<"$second")' = 1 ] && ! grep -qF '$stamp1' <<<'$second'"
expect "  and shows the change (vm3 no longer disabled)" bash -c "! grep -q '^vm3 *disabled' <<<'$second'"
tmux -S "$tmux_sock" send-keys C-c
expect "  Ctrl-C ends it" grep -qE "EXITED [0-9]+$" <<<"$(pane_shows 'EXITED [0-9]+$')"
tmux -S "$tmux_sock" kill-server 2>/dev/null || true

# The CIB is read in-process (libcib, or the saved file itself), never by forking cibadmin: with a
# cibadmin on PATH that fails, status still reads the cluster; and a compressed saved CIB, which
# only libcib unpacks, gives the same screen as the plain one.
mkdir -p "$work/fakebin"
printf '#!/bin/sh\necho "cibadmin must not be run by vmha status" >&2\nexit 1\n' >"$work/fakebin/cibadmin"
chmod +x "$work/fakebin/cibadmin"
check "vmha status never forks cibadmin (a failing one first on PATH)" 0 on started env PATH="$work/fakebin:$PATH" "$vmha" status
plain=$last_output
cp "$data/started.cib.xml" "$work/started.xml" && bzip2 -f "$work/started.xml"
check "vmha status on a bzip2 CIB_file (read through libcib)" 0 env CIB_file="$work/started.xml.bz2" "$vmha" status
expect "  the same screen as the plain file (but the time)" \
  diff <(grep -v '^Cluster ' <<<"$plain") <(grep -v '^Cluster ' <<<"$last_output")
# A command reads the CIB more than once (migrate: the plan, then the pin it writes); through libcib
# the second read crashed the process (exit 139) when each read set up and tore down libxml2 — the
# lab's live `vmha migrate` and `unpin` did the same.
cp "$work/started.xml.bz2" "$work/moved.xml.bz2"
check "vmha migrate --no-wait on a bzip2 CIB_file: reads it twice, no crash" 0 env CIB_file="$work/moved.xml.bz2" "$vmha" migrate vm1 --to hv2 --no-wait
expect "  the move was requested" grep -q "vm1: migrate requested" <<<"$last_output"
check "vmha status with no cluster to read exits 2" 2 env CIB_file="$work/missing.xml" "$vmha" status
expect "  one line naming the tool" bash -c "[ \$(wc -l <<<'$last_output') = 1 ] && grep -q '^vmha: libpacemaker: Could not connect to the CIB' <<<'$last_output'"
# A host where Pacemaker does not run (a network namespace of its own: no pacemakerd answers on its
# abstract socket): the reason in one line, as crm_mon gave it, and nothing of Pacemaker's logging.
check "vmha status where Pacemaker does not run exits 2" 2 unshare --net "$vmha" status
expect "  one line: the launcher cannot be reached" \
  [ "$last_output" = "vmha: libpacemaker: error: Could not connect to launcher: Connection refused" ]
# A pacemakerd that takes the connection and never answers: libpacemaker's IPC has no timeout of its
# own, so vmha gives up at its 30 s deadline, says so in one line, and exits as for any unreadable
# cluster.
check "vmha status with a hung pacemakerd exits 2 at its deadline" 2 \
  unshare --net python3 "$VMHA_SOURCE_DIR/tests/admin/hung_pacemakerd.py" "$vmha" status
expect "  one line: no answer before the deadline" \
  [ "$last_output" = "vmha: libpacemaker: no answer before the deadline (pacemakerd, the CIB manager or the fencer hangs)" ]

# The status is built in-process (libpacemaker's pcmk_status()), never by forking crm_mon: with a
# crm_mon on PATH that fails, status still reads the cluster. Only when libpacemaker cannot be loaded
# (here a stub library of that soname first on the library path) does the crm_mon process stand in.
printf '#!/bin/sh\necho "crm_mon must not be run by vmha status" >&2\nexit 1\n' >"$work/fakebin/crm_mon"
chmod +x "$work/fakebin/crm_mon"
check "vmha status never forks crm_mon (a failing one first on PATH)" 0 on started env PATH="$work/fakebin:$PATH" "$vmha" status
expect "  the same screen as without it (but the time)" \
  diff <(grep -v '^Cluster ' <<<"$plain") <(grep -v '^Cluster ' <<<"$last_output")
mkdir -p "$work/monbin"
printf '#!/bin/sh\ntouch "%s/crm_mon-ran"\nexec env -u LD_LIBRARY_PATH %s "$@"\n' "$work" "$(command -v crm_mon)" >"$work/monbin/crm_mon"
chmod +x "$work/monbin/crm_mon"
check "vmha status without a usable libpacemaker: crm_mon stands in" 0 \
  on started env PATH="$work/monbin:$PATH" LD_LIBRARY_PATH="$VMHA_BUILD_DIR/tests/admin/stub-libpacemaker" "$vmha" status
expect "  crm_mon ran" [ -e "$work/crm_mon-ran" ]
expect "  the same screen (but the time)" diff <(grep -v '^Cluster ' <<<"$plain") <(grep -v '^Cluster ' <<<"$last_output")
check "clustat with no cluster to read exits 1" 1 env CIB_file="$work/missing.xml" "$clustat"
finish
