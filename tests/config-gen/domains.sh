#!/usr/bin/env bash
# Failover-domain semantics of the generated CIB, proven with Pacemaker's own scheduler
# (crm_simulate) on examples/three-node.yaml:
#   db1  in db   (ordered hv1 > hv2, restricted)    app1 in app (ordered hv2 > hv3, nofailback)
#   web* in web  (unordered, restricted to hv1 hv3)
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
export VMHA_IPMI_PASSWORD=ipmi-password
check "generate the three-host CIB" 0 "$vmha_config" generate "$VMHA_SOURCE_DIR/examples/three-node.yaml" --target cib -o "$work"
cib=$work/cib.xml

# where RSC STATE → the node RSC runs on, or "stopped"
where() {
  local out
  out=$(CIB_file=$2 crm_resource --locate -r "$1" 2>&1)
  case $out in
    *"is running on: "*) echo "${out##*is running on: }" | head -n1 ;;
    *"NOT running"*) echo stopped ;;
    *) echo "unknown: $out" ;;
  esac
}
# step IN OUT crm_simulate-args... → simulates the events and keeps the transition in $work/transition
step() {
  local in=$1 out=$2; shift 2
  crm_simulate -x "$in" -S "$@" -O "$out" >"$work/transition" 2>&1
}
absent() { ! grep "$@"; }
is() { [ "$(where "$1" "$2")" = "$3" ]; }
in_set() { local at; at=$(where "$1" "$2"); shift 2; for n in "$@"; do [ "$at" = "$n" ] && return 0; done; return 1; }

check "all three hosts up" 0 bootstrap "$cib" "$work/up.xml"
expect "ordered: db1 starts on its priority-1 host hv1" is db1 "$work/up.xml" hv1
expect "ordered: app1 starts on its priority-1 host hv2" is app1 "$work/up.xml" hv2
expect "unordered + restricted: web1 runs on hv1 or hv3" in_set web1 "$work/up.xml" hv1 hv3
expect "unordered + restricted: web2 runs on hv1 or hv3" in_set web2 "$work/up.xml" hv1 hv3

# The preferred host fails → the next priority; it returns → failback.
check "hv1 fails" 0 step "$work/up.xml" "$work/hv1-failed.xml" --node-fail hv1
expect "hv1 is fenced" grep -q "Fence (reboot) hv1" "$work/transition"
expect "db1 moves to its priority-2 host hv2" is db1 "$work/hv1-failed.xml" hv2
expect "web1 stays inside its domain: hv3" is web1 "$work/hv1-failed.xml" hv3
expect "web2 stays inside its domain: hv3" is web2 "$work/hv1-failed.xml" hv3
check "hv1 returns" 0 step "$work/hv1-failed.xml" "$work/hv1-back.xml" -u hv1
expect "db1 fails back to hv1" is db1 "$work/hv1-back.xml" hv1
expect "the failback is a live migration" grep -qE "Migrate +db1 +\( *hv2 -> hv1 *\)" "$work/transition"

# nofailback: the guest stays where it is when the preferred host returns.
check "hv2 fails" 0 step "$work/up.xml" "$work/hv2-failed.xml" --node-fail hv2
expect "app1 moves to its priority-2 host hv3" is app1 "$work/hv2-failed.xml" hv3
check "hv2 returns" 0 step "$work/hv2-failed.xml" "$work/hv2-back.xml" -u hv2
expect "nofailback: app1 stays on hv3" is app1 "$work/hv2-back.xml" hv3
expect "nofailback: no move, migration or restart of app1" absent -qE "(Move|Migrate|Restart|Stop|Start) +app1" "$work/transition"
expect "db1 (ordered, no nofailback) is on hv1 all along" is db1 "$work/hv2-back.xml" hv1

# Restricted: every domain host down → stopped, never started outside the domain. Quorum is
# forced (-q 1) so that the restriction, not a quorum loss, is what stops it.
check "hv1 and hv2 fail together" 0 step "$work/up.xml" "$work/db-hosts-down.xml" -q 1 --node-fail hv1 --node-fail hv2
expect "restricted: db1 is stopped" is db1 "$work/db-hosts-down.xml" stopped
expect "restricted: db1 is not started on hv3" absent -qE "(Start|Move|Recover) +db1" "$work/transition"
expect "the cluster still runs guests on hv3 (web1)" is web1 "$work/db-hosts-down.xml" hv3
check "hv3 fails as well" 0 step "$work/hv1-failed.xml" "$work/web-hosts-down.xml" -q 1 --node-fail hv3
expect "restricted: web1 is stopped when hv1 and hv3 are down" is web1 "$work/web-hosts-down.xml" stopped
expect "app1 (unrestricted domain) keeps running on hv2" is app1 "$work/web-hosts-down.xml" hv2

# Recovery policies: db1 (relocate) moves after one failure; app1 (restart, max_restarts 2)
# restarts where it is.
check "db1's monitor fails on hv1" 0 step "$work/up.xml" "$work/db1-failed.xml" -i db1_monitor_10000@hv1=7
expect "relocate: db1 is recovered on hv2" grep -qE "Recover +db1 +\( *hv1 -> hv2 *\)" "$work/transition"
check "app1's monitor fails on hv2" 0 step "$work/up.xml" "$work/app1-failed.xml" -i app1_monitor_10000@hv2=7
expect "restart: app1 is recovered in place on hv2" grep -qE "Recover +app1 +\( *hv2 *\)" "$work/transition"

# An operator's move of a guest that migrates live: migrate_to + migrate_from, no stop/start.
cp "$work/up.xml" "$work/move.xml"
check "operator moves db1 to hv2" 0 env CIB_file="$work/move.xml" crm_resource --move -r db1 -N hv2
check "schedule the move" 0 step "$work/move.xml" "$work/moved.xml"
expect "db1 is moved by migration" grep -qE "Migrate +db1 +\( *hv1 -> hv2 *\)" "$work/transition"
expect "migrate_to on the source" grep -qE "db1 +migrate_to on hv1" "$work/transition"
expect "migrate_from on the target" grep -qE "db1 +migrate_from on hv2" "$work/transition"
expect "no start of db1 anywhere" absent -qE "db1 +start on" "$work/transition"
expect "db1 runs on hv2" is db1 "$work/moved.xml" hv2

# exclusive: the guest runs alone on a host, and nothing joins it.
cat >"$work/exclusive.yaml" <<'YAML'
cluster: {name: ex, fencing_enabled: false}   # --node-fail without a fence device: the host is taken as down
nodes: [{name: n1, id: 1}, {name: n2, id: 2}]
guests:
  - {name: big, path: /vms, exclusive: true}
  - {name: a, path: /vms}
  - {name: b, path: /vms}
YAML
mkdir "$work/ex"
check "generate the exclusive topology" 0 "$vmha_config" generate "$work/exclusive.yaml" --target cib -o "$work/ex"
check "both hosts up" 0 bootstrap "$work/ex/cib.xml" "$work/ex-up.xml"
big_at=$(where big "$work/ex-up.xml")
expect "exclusive: big runs ($big_at)" in_set big "$work/ex-up.xml" n1 n2
expect "exclusive: a does not share big's host" [ "$(where a "$work/ex-up.xml")" != "$big_at" ]
expect "exclusive: b does not share big's host" [ "$(where b "$work/ex-up.xml")" != "$big_at" ]
other=n1; [ "$big_at" = n1 ] && other=n2
check "the other host fails" 0 step "$work/ex-up.xml" "$work/ex-down.xml" --node-fail "$other"
expect "exclusive: a is not moved onto big's host" is a "$work/ex-down.xml" stopped
expect "exclusive: big keeps running" is big "$work/ex-down.xml" "$big_at"
finish
