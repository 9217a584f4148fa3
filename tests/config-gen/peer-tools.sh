#!/usr/bin/env bash
# Every generated file passes its peer's own checker: cluster.conf → xmllint + cluster.rng,
# CIB → crm_verify, corosync.conf → corosync -t. Each checker is also shown a broken file,
# so a checker that accepts anything would fail this test.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
# crm_verify exits 78 for warnings and for schema errors alike; its words tell them apart.
has_error_in() { grep -qiE "error|not valid" "$1"; }
no_error_in() { ! has_error_in "$1"; }
check "generate the examples" 0 produce_golden "$vmha_config" "$VMHA_SOURCE_DIR" "$shared" "$work/out"

for case in two-node three-node refarch-import; do
  dir=$work/out/$case
  check "$case: cluster.conf is valid against cluster.rng" 0 xmllint --noout --relaxng "$cluster_rng" "$dir/cluster.conf"

  # An offline CIB with an empty status always warns (quorum, unclean nodes): no errors allowed.
  crm_verify -x "$dir/cib.xml" >"$work/verify.out" 2>&1; rc=$?
  expect "$case: crm_verify on the fresh CIB gives no error (rc $rc)" [ "$rc" = 0 -o "$rc" = 78 ]
  expect "$case: crm_verify reports no error" no_error_in "$work/verify.out"
  check "$case: bring every node up with crm_simulate" 0 bootstrap "$dir/cib.xml" "$work/$case-up.xml"
  check "$case: crm_verify on the settled CIB exits 0" 0 crm_verify -x "$work/$case-up.xml"

  # corosync -t reads the key and resolves the node names; give it both in a private mount
  # namespace, so the machine's own /etc/corosync and /etc/hosts are never touched.
  nodes=$(sed -n 's/^ *name: //p' "$dir/corosync.conf")
  first=$(echo "$nodes" | head -n1)
  { echo "127.0.0.1 localhost $first"; n=10; for node in $(echo "$nodes" | tail -n +2); do echo "192.0.2.$n $node"; n=$((n + 1)); done; } >"$work/hosts"
  check "$case: corosync -t accepts corosync.conf" 0 unshare --mount sh -c '
    mount -t tmpfs tmpfs /etc/corosync && mount --bind "$1" /etc/hosts &&
    corosync-keygen -k /etc/corosync/authkey >/dev/null 2>&1 && corosync -t -c "$2"' sh "$work/hosts" "$dir/corosync.conf"
done

# The checkers can fail.
sed 's/<clusternode /<clusternode colour="red" /' "$work/out/two-node/cluster.conf" >"$work/bad-cluster.conf"
check "xmllint rejects an attribute cluster.rng does not know" 3 xmllint --noout --relaxng "$cluster_rng" "$work/bad-cluster.conf"
sed 's/<rsc_location /<rsc_location bogus="1" /' "$work/out/three-node/cib.xml" >"$work/bad-cib.xml"
crm_verify -x "$work/bad-cib.xml" >"$work/verify.out" 2>&1
expect "crm_verify reports an error for an attribute the CIB schema does not know" has_error_in "$work/verify.out"
sed '0,/^}/s/^}//' "$work/out/three-node/corosync.conf" >"$work/bad-corosync.conf"
check "corosync -t rejects a missing brace" 8 unshare --mount sh -c '
  mount -t tmpfs tmpfs /etc/corosync && mount --bind "$1" /etc/hosts &&
  corosync-keygen -k /etc/corosync/authkey >/dev/null 2>&1 && corosync -t -c "$2"' sh "$work/hosts" "$work/bad-corosync.conf"
finish
