#!/usr/bin/env bash
# pcs 0.11, as RHEL-family administrators use it, on the CIB vmha-config writes by default, offline
# (pcs -f FILE): show, relate, update and add resources, fence devices and constraints. Every command
# must succeed without a Python traceback, and the edited CIB must still pass crm_verify.
# pcs reads an agent's meta-data to update or create a resource: the built ocf:vmha:VirtualDomain is
# installed inside a test host only (an overlay of /usr/lib/ocf/resource.d there), and pcs runs there.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
host=cfgpcs
work=$(mktemp -d /var/tmp/vmha-cfg-pcs.XXXXXX)
cleanup() { "$vmha_host" down "$host" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
on() { "$vmha_host" exec "$host" "$@"; }
vmha_config=$VMHA_BUILD_DIR/config-gen/vmha-config
cib=$work/cib.xml
export VMHA_IPMI_PASSWORD=ipmi-password

no_traceback() { ! grep -q Traceback <<<"$last_output"; }
says() { grep -qF -- "$1" <<<"$last_output"; }
# pcs_ok WHAT ARGS...: pcs -f CIB ARGS inside the host, rc 0 and no traceback.
pcs_ok() {
  local what=$1; shift
  check "pcs $what" 0 on pcs -f "$cib" "$@"
  expect "  ... without a Python traceback" no_traceback
}
# crm_verify exits 78 for the warnings of an offline CIB (no quorum, unclean nodes); errors are errors.
verifies() {
  crm_verify -x "$1" >"$work/verify.out" 2>&1; local rc=$?
  [ "$rc" = 0 -o "$rc" = 78 ] && ! grep -qiE "error|not valid" "$work/verify.out"
}

check "generate examples/three-node.yaml's CIB (the default: no templates)" 0 \
  "$vmha_config" generate "$VMHA_SOURCE_DIR/examples/three-node.yaml" --target cib -o "$work"
"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
check "install the built agent inside the host" 0 "$vmha_host" install "$host" /usr/lib/ocf/resource.d/vmha "$VMHA_BUILD_DIR/agents/VirtualDomain"
check "  ... Pacemaker's tools find its meta-data there" 0 on crm_resource --show-metadata ocf:vmha:VirtualDomain
expect "  ... and the machine's own /usr/lib/ocf/resource.d is untouched" [ ! -e /usr/lib/ocf/resource.d/vmha ]

pcs_ok "resource config db1" resource config db1
expect "  ... shows its agent" says "class=ocf provider=vmha type=VirtualDomain"
expect "  ... and its operations" says "migrate_to"
pcs_ok "resource config (every resource)" resource config
pcs_ok "stonith config" stonith config
expect "  ... shows the fence devices" says "ipmi_hv1"
expect "  ... and the fencing levels" says "Level 1 - ipmi_hv1"
pcs_ok "resource relations app1" resource relations app1
expect "  ... shows the order db1 then app1" says "start db1 then start app1"
pcs_ok "constraint config" constraint config
expect "  ... shows that a fence device avoids the node it fences" grep -qzE "Resource: ipmi_hv1\s+Disabled on:\s+Node: hv1 \(score:-INFINITY\)" <<<"$last_output"
expect "  ... and the order with its actions" says "start db1 then start app1 (kind:Mandatory)"
pcs_ok "constraint list" constraint list
pcs_ok "constraint ref db1" constraint ref db1
expect "  ... names the order constraint" says "order-db1-then-app1"
pcs_ok "constraint ref ipmi_hv2" constraint ref ipmi_hv2
expect "  ... names its avoids-its-node location" says "location-ipmi_hv2-hv2--INFINITY"
pcs_ok "resource update db1 (a parameter of the agent)" resource update db1 migration_transport=ssh
pcs_ok "  ... resource config db1 shows the change" resource config db1
expect "  ... migration_transport=ssh" says "migration_transport=ssh"
pcs_ok "resource update db1 meta" resource update db1 meta migration-threshold=2
pcs_ok "resource create web3 ocf:vmha:VirtualDomain" resource create web3 ocf:vmha:VirtualDomain \
  config=/etc/libvirt/qemu/web3.xml migration_transport=tcp meta allow-migrate=true op monitor interval=10s
pcs_ok "constraint location web3 prefers hv3" constraint location web3 prefers hv3=500
pcs_ok "constraint order db1 then web3" constraint order start db1 then start web3
pcs_ok "resource relations web3 (an order pcs wrote beside ours)" resource relations web3
pcs_ok "stonith create (Debian's fence_ipmilan)" stonith create ipmi_spare fence_ipmilan ip=192.0.2.99 \
  username=admin password=spare pcmk_host_list=hv3
pcs_ok "constraint location ipmi_spare avoids hv3" constraint location ipmi_spare avoids hv3
pcs_ok "stonith level add" stonith level add 2 hv3 ipmi_spare
pcs_ok "stonith config after the changes" stonith config
expect "  ... has the new level" says "Level 2 - ipmi_spare"

expect "the edited CIB passes crm_verify" verifies "$cib"
check "  ... every node comes up in crm_simulate" 0 crm_simulate -x "$cib" -S -q 1 -u hv1 -u hv2 -u hv3 -O "$work/up.xml"
check "  ... and the settled CIB passes crm_verify" 0 crm_verify -x "$work/up.xml"
finish
