#!/bin/bash
# Regenerates the fixtures of tests/admin from source.cib.xml with Pacemaker's own tools (2.1.5 on
# Debian 12): crm_simulate plays transitions on file CIBs, crm_mon/cibadmin print what `vmha status`
# reads on a live cluster. Run from anywhere: tests/admin/data/regen.sh; review the diff.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
sim() { crm_simulate -x "$1" -q true "${@:3}" -O "$2" >/dev/null 2>&1; }
# A file CIB has no DC; name one (and its quorum) as a live cluster would.
dc() { sed -i "0,/<cib /s/<cib /<cib dc-uuid=\"$2\" /" "$1"; sed -i "0,/<cib /s/have-quorum=\"[a-z0-9]*\"/have-quorum=\"$3\"/" "$1"; }
sim "$here/source.cib.xml" "$w/up.xml" --node-up hv1 --node-up hv2 --node-up hv3 -S
cp "$w/up.xml" "$w/rich.xml"
( export CIB_file=$w/rich.xml
  crm_resource --move -r vm1 -N hv2 --lifetime=PT1H
  crm_resource --ban -r vm2 -N hv1
  crm_resource -r vm4 --meta -p is-managed -v false
  crm_attribute -N hv3 -n standby -v on ) >/dev/null 2>&1
sim "$w/rich.xml" "$w/rich2.xml" -S
sim "$w/rich2.xml" "$w/pinned_failed_frozen_standby.xml" -i vm2_monitor_10000@hv2=7
sim "$w/up.xml" "$w/host_offline.xml" --node-fail hv1
cp "$w/up.xml" "$w/st.xml"; CIB_file=$w/st.xml crm_attribute -n stonith-enabled -v true
sim "$w/st.xml" "$w/host_unclean.xml" --node-fail hv1
cp "$w/up.xml" "$w/maintenance.xml"
CIB_file=$w/maintenance.xml crm_attribute -n maintenance-mode -v true
CIB_file=$w/maintenance.xml crm_attribute -N hv2 -n maintenance -v on
# Failover domains as vmha-config writes them: vm1 in "domain1" (a tag), ordered hv2 then hv1 and
# restricted to them; vm2's own unrestricted preference for hv1; vm4 frozen by vmha freeze.
cp "$w/up.xml" "$w/dom.xml"
( export CIB_file=$w/dom.xml
  cibadmin --create --scope configuration --xml-text '<tags><tag id="domain-domain1"><obj_ref id="vm1"/></tag></tags>'
  cibadmin --create --scope constraints --xml-text '<rsc_location id="location-domain-domain1-node-2" rsc="domain-domain1" node="hv2" score="10000"/>'
  cibadmin --create --scope constraints --xml-text '<rsc_location id="location-domain-domain1-node-1" rsc="domain-domain1" node="hv1" score="9900"/>'
  cibadmin --create --scope constraints --xml-text '<rsc_location id="location-domain-domain1-restricted" rsc="domain-domain1"><rule id="location-domain-domain1-restricted-rule" score="-INFINITY" boolean-op="and"><expression id="location-domain-domain1-restricted-rule-1" attribute="#uname" operation="ne" value="hv2"/><expression id="location-domain-domain1-restricted-rule-2" attribute="#uname" operation="ne" value="hv1"/></rule></rsc_location>'
  cibadmin --create --scope constraints --xml-text '<rsc_location id="prefer-vm2-hv1" rsc="vm2" node="hv1" score="100"/>'
  crm_resource -r vm4 --meta -p maintenance -v true ) >/dev/null 2>&1
sim "$w/dom.xml" "$w/domains.xml" -S
dc "$w/domains.xml" 1 true
cp "$w/up.xml" "$w/started.xml"; cp "$w/up.xml" "$w/inquorate.xml"
for s in started pinned_failed_frozen_standby maintenance; do dc "$w/$s.xml" 1 true; done
for s in host_offline host_unclean; do dc "$w/$s.xml" 2 true; done
dc "$w/inquorate.xml" 1 0
for s in started pinned_failed_frozen_standby host_offline host_unclean maintenance inquorate domains; do
  CIB_file=$w/$s.xml crm_mon --output-as=xml >"$here/$s.crm_mon.xml"
  CIB_file=$w/$s.xml cibadmin --query >"$here/$s.cib.xml"
done
