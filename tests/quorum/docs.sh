#!/usr/bin/env bash
# docs/quorum.md documents every key qdiskd reads (qdiskd --keys comes from the parsing table),
# and its corosync.conf example is accepted by corosync -t.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
doc=$VMHA_SOURCE_DIR/docs/quorum.md
work=$(mktemp -d /var/tmp/vmha-quorum-docs.XXXXXX)
trap 'rm -rf "$work"' EXIT

check "qdiskd --keys" 0 "$VMHA_BUILD_DIR/quorum/qdiskd" --keys
keys=$(sed -n 's/^\(quorum\.device\.[A-Za-z_.]*\) (.*/\1/p' <<<"$last_output")
expect "  ... lists 21 keys" [ "$(wc -l <<<"$keys")" = 21 ]
for k in $keys; do
  expect "docs/quorum.md has a row for $k" grep -q "^| \`$k\` |" "$doc"
done

# The two-node example: the first block starting with "quorum {" (node 1 must be a local address for -t).
sed -n '/^quorum {$/,/^}$/p' "$doc" | sed -n '1,/^}$/p' > "$work/quorum.part"
{
  printf 'totem {\n  version: 2\n  cluster_name: mycluster\n  transport: knet\n}\n'
  printf 'nodelist {\n  node {\n    nodeid: 1\n    ring0_addr: 127.0.0.1\n  }\n  node {\n    nodeid: 2\n    ring0_addr: 127.0.0.2\n  }\n}\n'
  cat "$work/quorum.part"
} > "$work/corosync.conf"
expect "the example has a disk and a heuristics section" grep -q 'exec_gateway' "$work/corosync.conf"
check "corosync -t accepts the documented example" 0 corosync -t -c "$work/corosync.conf"
finish
