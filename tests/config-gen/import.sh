#!/usr/bin/env bash
# import: the reference architecture's cluster.conf → topology YAML → cluster.conf again,
# equivalent to the original (canonical comparison), and valid against cluster.rng.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
refarch=$VMHA_SOURCE_DIR/examples/refarch-cluster.conf
check "import the reference architecture" 0 "$vmha_config" import "$refarch" -o "$work/topology.yaml"
expect "nothing was left out (no notes)" [ -z "$last_output" ]
expect "the topology holds its secrets: mode 600" [ "$(stat -c %a "$work/topology.yaml")" = 600 ]
check "the imported topology validates" 0 "$vmha_config" validate "$work/topology.yaml"
for what in "device: /dev/mpath/quorump1" "program: ping 192.168.10.254 -c3 -t1" "expected_votes: 1" "two_node: true" \
            "method: 2" "nodename: station201.example.com" "priority: 2" "migrate: live" "autostart: false" "agent: fence_xvm"; do
  expect "the topology keeps '$what'" grep -qF "$what" "$work/topology.yaml"
done
check "generate cluster.conf from it" 0 "$vmha_config" generate "$work/topology.yaml" --target cluster.conf -o "$work"
check "the round trip is equivalent to the original" 0 "$vmha_config" compare "$refarch" "$work/cluster.conf"
check "and valid against cluster.rng" 0 xmllint --noout --relaxng "$cluster_rng" "$work/cluster.conf"

# compare can fail: a changed priority and a swapped fence method order are differences.
sed 's/priority="2"/priority="3"/' "$refarch" >"$work/changed.conf"
check "compare sees a changed priority" 1 "$vmha_config" compare "$refarch" "$work/changed.conf"
sed 's/<method name="1">/<method name="X">/; s/<method name="2">/<method name="1">/; s/<method name="X">/<method name="2">/' \
  "$refarch" >"$work/swapped.conf"
check "compare sees renamed fence methods" 1 "$vmha_config" compare "$refarch" "$work/swapped.conf"

# What a topology cannot hold is named with its line, never dropped silently.
sed 's|<rm>|<rm log_level="7">\n    <service name="nfs"/>|' "$refarch" >"$work/extra.conf"
check "import a cluster.conf with a plain service" 0 "$vmha_config" import "$work/extra.conf" -o "$work/extra.yaml"
expect "the service is reported with its line" grep -qF "extra.conf:37:1: note: not imported: <service>" <<<"$last_output"
expect "rm log_level is reported" grep -qF "note: not imported: <rm log_level>" <<<"$last_output"
printf '<cluster name="c">\n<clusternodes>\n<clusternode name="a" nodeid="zero"/>\n</clusternodes>\n</cluster>\n' >"$work/bad.conf"
check "a bad cluster.conf is refused" 1 "$vmha_config" import "$work/bad.conf" -o "$work/bad.yaml"
expect "with file, line and field" grep -qF "bad.conf:3:1: error: <clusternode nodeid>: expected an integer, got 'zero'" <<<"$last_output"
expect "and no output" [ ! -e "$work/bad.yaml" ]
finish
