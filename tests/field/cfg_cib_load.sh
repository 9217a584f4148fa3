#!/usr/bin/env bash
# Loading the CIB vmha-config writes into a real cluster (a one-node corosync + Pacemaker cluster in
# a test host), as docs/topology.md says to: `cibadmin --replace --scope configuration --xml-file
# cib.xml`, or pcs's `pcs cluster cib-push cib.xml --config`. Both on a new cluster and on one whose
# configuration has a higher epoch than the file — where the whole-CIB `cibadmin --replace --xml-file`
# that the docs used to give is refused ("Update was older than existing configuration").
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
host=cfgload
work=$(mktemp -d /var/tmp/vmha-cfg-load.XXXXXX)
cleanup() {
  [ "$failed" -gt 0 ] && "$vmha_host" exec "$host" crm_mon -1 2>/dev/null | tail -20
  "$vmha_host" down "$host" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
on() { "$vmha_host" exec "$host" "$@"; }
vmha_config=$VMHA_BUILD_DIR/config-gen/vmha-config
wait_until() { local limit=$1; shift; local i; for i in $(seq 1 $((limit * 2))); do "$@" && return 0; sleep 0.5; done; return 1; }
online() { local s; s=$(on crm_mon -1 2>/dev/null); grep -q "Online: \[ $host \]" <<<"$s"; }
epoch() { on cibadmin --query 2>/dev/null | grep -o '<cib [^>]*' | grep -o ' epoch="[0-9]*"' | tr -dc 0-9; }
# (The query is read whole first: grep -q would close the pipe early and pipefail would count that.)
in_cib() { local cfg; cfg=$(on cibadmin --query --scope configuration 2>/dev/null); grep -qF -- "$1" <<<"$cfg"; }
not_in_cib() { ! in_cib "$1"; }

# A one-node topology for this host: fencing off on purpose (a test cluster), guests not started.
topology() {
  cat <<YAML
cluster: {name: cfgload, config_version: 2, fencing_enabled: false}
nodes:
  - {name: $host, id: 1, utilization: {cpu: 4, memory: 4096}}
failover_domains:
  - {name: only, nodes: [$host]}
guests:
YAML
  local g
  for g in "$@"; do echo "  - {name: $g, domain: only, path: /etc/libvirt/qemu, autostart: false, utilization: {cpu: 1, memory: 512}}"; done
}
topology vm1 vm2 >"$work/first.yaml"
topology vm1 vm2 vm3 >"$work/second.yaml"
topology vm1 vm2 vm3 vm4 >"$work/third.yaml"
for t in first second third; do
  check "generate the $t CIB" 0 "$vmha_config" generate "$work/$t.yaml" --target cib -o "$work/$t.xml"
done
expect "the files' epoch is the topology's config_version (2)" grep -q '<cib [^>]* epoch="2"' "$work/first.xml"

"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
# The guests' agent, so that Pacemaker's probes of the (stopped) guests get real answers.
check "install the built agent inside the host" 0 "$vmha_host" install "$host" /usr/lib/ocf/resource.d/vmha "$VMHA_BUILD_DIR/agents/VirtualDomain"
"$vmha_host" cluster-up --name cfgload "$host" >/dev/null
expect "a new one-node cluster comes online" wait_until 120 online
expect "  ... and its CIB answers" wait_until 60 bash -c "[ -n \"\$('$vmha_host' exec $host cibadmin --query --scope nodes 2>/dev/null)\" ]"

# A new cluster.
before=$(epoch)
check "new cluster: cibadmin --replace --scope configuration --xml-file cib.xml" 0 \
  on cibadmin --replace --scope configuration --xml-file "$work/first.xml"
expect "  ... the guests are in the live configuration" in_cib '<primitive id="vm2"'
expect "  ... with their agent" in_cib 'type="VirtualDomain"'
# (the placement the generator chose for a topology with utilization: balanced, as docs/topology.md says)
placement=$(grep -o 'name="placement-strategy" value="[a-z]*"' "$work/first.xml" || true)
expect "  ... the generator wrote balanced placement (utilization given)" [ "$placement" = 'name="placement-strategy" value="balanced"' ]
expect "  ... and the topology's cluster options are live" in_cib "$placement"
expect "  ... the epoch went up ($before → $(epoch))" [ "$(epoch)" -gt "$before" ]
expect "  ... the node is still online" wait_until 30 online

# A cluster whose configuration is newer than the file: changes an administrator made since.
for i in $(seq 1 6); do on crm_attribute --type crm_config --name vmha-test-change --update "$i" >/dev/null 2>&1; done
high=$(epoch)
expect "the live configuration's epoch ($high) is above the file's (2)" [ "$high" -gt 2 ]
check "the whole-CIB replace the docs gave is refused there" 103 on cibadmin --replace --xml-file "$work/second.xml"
expect "  ... as 'Update was older than existing configuration'" grep -qF "Update was older than existing configuration" <<<"$last_output"
check "live cluster: cibadmin --replace --scope configuration --xml-file cib.xml" 0 \
  on cibadmin --replace --scope configuration --xml-file "$work/second.xml"
expect "  ... the new guest vm3 is live" in_cib '<primitive id="vm3"'
expect "  ... the configuration is the file's: the administrator's extra option is gone" not_in_cib 'vmha-test-change'
expect "  ... the epoch went up again ($high → $(epoch))" [ "$(epoch)" -gt "$high" ]
expect "  ... the node is still online" wait_until 30 online

# pcs users push the configuration section of the same file.
check "live cluster: pcs cluster cib-push cib.xml --config" 0 on pcs cluster cib-push "$work/third.xml" --config
expect "  ... vm4 is live" in_cib '<primitive id="vm4"'
check "crm_verify -L on the loaded cluster" 0 on crm_verify -L
finish
