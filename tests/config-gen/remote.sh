#!/usr/bin/env bash
# Remote hosts (examples/remote-hosts.yaml: 2 full members + 2 pacemaker_remote hosts): the CIB passes
# crm_verify and pcs reads it (the connections, the remote nodes online once the cluster settles);
# corosync.conf lists the members only and corosync -t accepts it; cluster.conf is refused, naming
# each remote host, and nothing is written.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
export VMHA_IPMI_PASSWORD=ipmi-password
yaml=$VMHA_SOURCE_DIR/examples/remote-hosts.yaml
has_error_in() { grep -qiE "error|not valid" "$1"; }

check "validate remote-hosts.yaml" 0 "$vmha_config" validate "$yaml"
check "generate the CIB" 0 "$vmha_config" generate "$yaml" --target cib -o "$work/cib.xml"
check "generate corosync.conf" 0 "$vmha_config" generate "$yaml" --target corosync.conf -o "$work/corosync.conf"

crm_verify -x "$work/cib.xml" >"$work/verify.out" 2>&1; rc=$?
expect "crm_verify on the fresh CIB: no error (rc $rc)" [ "$rc" = 0 -o "$rc" = 78 ]
expect "... and it reports none" bash -c "! grep -qiE 'error|not valid' '$work/verify.out'"
# The members come up; the scheduler starts each remote connection on a member, then the guests.
check "bring the members up with crm_simulate" 0 bootstrap "$work/cib.xml" "$work/up.xml"
check "crm_verify on the settled CIB exits 0" 0 crm_verify -x "$work/up.xml"
locate() { CIB_file=$1 crm_resource --locate -r "$2" --output-as=xml 2>/dev/null | xmllint --xpath 'string(//nodes/node[1])' -; }
expect "db1 runs on rh1 (its domain's first host)" [ "$(locate "$work/up.xml" db1)" = rh1 ]
expect "rh1's connection runs on a member" grep -qx 'hv[12]' <<<"$(locate "$work/up.xml" rh1)"
# A remote host powered off: its connection's monitor fails; it is fenced, db1 restarts on rh2.
crm_simulate -x "$work/up.xml" -S -i "rh1_monitor_30000@$(locate "$work/up.xml" rh1)=1" -O "$work/rh1-lost.xml" >"$work/lost.out" 2>&1
expect "rh1's loss: the scheduler fences rh1" grep -q "Fence (reboot) rh1" "$work/lost.out"
expect "... and db1 restarts on rh2" [ "$(locate "$work/rh1-lost.xml" db1)" = rh2 ]

# pcs (Debian's 0.11) reads what vmha-config wrote, as it reads what pcs cluster node add-remote writes.
cp "$work/cib.xml" "$work/pcs.xml"
check "pcs resource config rh2" 0 pcs -f "$work/pcs.xml" resource config rh2
for line in "Resource: rh2 (class=ocf provider=pacemaker type=remote)" "server=10.0.0.112" "port=3131" "reconnect_interval=60s"; do
  expect "... shows $line" grep -qF "$line" <<<"$last_output"
done
cp "$work/up.xml" "$work/pcs-up.xml"
check "pcs status nodes on the settled CIB" 0 pcs -f "$work/pcs-up.xml" status nodes
expect "... the remote hosts are Pacemaker Remote Nodes, online" \
  bash -c "grep -A1 '^Pacemaker Remote Nodes:' <<<'$last_output' | grep -qx ' Online: rh1 rh2'"
expect "... the members are Pacemaker Nodes, online" \
  bash -c "grep -A1 '^Pacemaker Nodes:' <<<'$last_output' | grep -qx ' Online: hv1 hv2'"

# corosync.conf: the members only, and corosync -t accepts it (private mount namespace: the
# machine's /etc/corosync and /etc/hosts are never touched).
expect "corosync.conf's nodelist holds hv1 and hv2 only" [ "$(sed -n 's/^ *name: //p' "$work/corosync.conf" | tr '\n' ' ')" = "hv1 hv2 " ]
expect "... with two_node (two members vote)" grep -q "two_node: 1" "$work/corosync.conf"
echo "127.0.0.1 localhost hv1
192.0.2.10 hv2" >"$work/hosts"
sed 's/ring0_addr: 10.0.0.101/ring0_addr: hv1/; s/ring0_addr: 10.0.0.102/ring0_addr: hv2/' "$work/corosync.conf" >"$work/corosync-local.conf"
check "corosync -t accepts corosync.conf" 0 unshare --mount sh -c '
  mount -t tmpfs tmpfs /etc/corosync && mount --bind "$1" /etc/hosts &&
  corosync-keygen -k /etc/corosync/authkey >/dev/null 2>&1 && corosync -t -c "$2"' sh "$work/hosts" "$work/corosync-local.conf"

# cman cannot express a remote host: refused, each named, nothing written.
mkdir "$work/out"
check "generate --target cluster.conf is refused" 1 "$vmha_config" generate "$yaml" --target cluster.conf -o "$work/out/cluster.conf"
expect "... naming rh1" grep -qF "remote-hosts.yaml:36:13: error: node 'rh1' is remote: true; cluster.conf (cman) has no remote hosts: generate --target cib and --target corosync.conf instead" <<<"$last_output"
expect "... and rh2" grep -qF "error: node 'rh2' is remote: true" <<<"$last_output"
check "generate --target all is refused too" 1 "$vmha_config" generate "$yaml" --target all -o "$work/out"
expect "nothing was written" [ -z "$(ls -A "$work/out")" ]
finish
