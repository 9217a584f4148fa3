#!/bin/bash
# Regenerates the fixtures of vmha host drain / resume (host_*.xml) from host_source.cib.xml with
# Pacemaker's own tools (2.1.5 on Debian 12), the way vmha asks them: each scenario starts some
# guests on hv1 (crm_simulate plays the start), then crm_simulate plays hv1's standby (or its end)
# on a copy, saving the result and the transition graph. Run: tests/admin/data/regen_host.sh;
# review the diff.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
all="g1 g2 g3 g4 ga gz gh"
dc() { sed -i "0,/<cib /s/<cib /<cib dc-uuid=\"1\" have-quorum=\"1\" /" "$1"; }
# save NAME FILE: what vmha reads, crm_mon's XML and the CIB.
save() { CIB_file=$2 crm_mon --one-shot --inactive --output-as=xml >"$here/host_$1.crm_mon.xml"; CIB_file=$2 cibadmin --query >"$here/host_$1.cib.xml"; }
# scenario NAME GUESTS... [-- EDIT]: those guests enabled, every other one disabled, all started.
scenario() {
  local name=$1; shift
  cp "$here/host_source.cib.xml" "$w/$name.xml"; dc "$w/$name.xml"
  for g in $all; do
    [[ " $* " == *" $g "* ]] || CIB_file=$w/$name.xml crm_resource -r "$g" --meta -p target-role -v Stopped >/dev/null 2>&1
  done
  crm_simulate -x "$w/$name.xml" -q true --node-up hv1 --node-up hv2 --node-up hv3 -S -O "$w/$name.up.xml" >/dev/null 2>&1
  save "$name" "$w/$name.up.xml"
}
# verb NAME standby|unstandby: the simulation vmha host drain / resume runs.
verb() {
  local name=$1 file=$w/$1.up.xml out=$2
  cp "$file" "$w/$name.$out.in.xml"
  if [ "$out" = drain ]; then CIB_file=$w/$name.$out.in.xml crm_attribute --type nodes --node hv1 --name standby --update on
  else CIB_file=$w/$name.$out.in.xml crm_attribute --type nodes --node hv1 --name standby --delete >/dev/null; fi
  crm_simulate -x "$w/$name.$out.in.xml" -S -O "$w/$name.$out.xml" -G "$here/host_$name.$out.graph.xml" >/dev/null 2>&1
  save "$name.$out" "$w/$name.$out.xml"
}
scenario ok g1 g2; verb ok drain
scenario capacity g1 g2 g3 g4; verb capacity drain
scenario restricted g1 ga; verb restricted drain
scenario restart g1 gh; verb restart drain
scenario frozen g1 gz
CIB_file=$w/frozen.up.xml crm_resource -r gz --meta -p is-managed -v false >/dev/null 2>&1
save frozen "$w/frozen.up.xml"; verb frozen drain
# Resume: the drained cluster of "ok" takes hv1 back.
cp "$w/ok.drain.xml" "$w/back.up.xml"; save back "$w/back.up.xml"; verb back resume
