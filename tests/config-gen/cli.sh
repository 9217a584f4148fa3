#!/usr/bin/env bash
# The command line: validate's messages, exit codes, atomic outputs, file modes, secrets.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
examples=$VMHA_SOURCE_DIR/examples
export VMHA_APC_PASSWORD=apc-password VMHA_IPMI_PASSWORD=ipmi-password

check "validate two-node.yaml" 0 "$vmha_config" validate "$examples/two-node.yaml"
check "validate three-node.yaml" 0 "$vmha_config" validate "$examples/three-node.yaml"

cat >"$work/bad.yaml" <<'YAML'
cluster: {name: c}
quorum: {two_node: true}
nodes:
  - {name: a, id: 1}
  - {name: b, id: 1}
  - {name: c, id: 3}
failover_domains:
  - {name: d, ordered: true, restricted: true, nodes: [{node: a, priority: 0}, {node: x}]}
  - {name: empty, restricted: true, nodes: []}
guests:
  - {name: g, domain: dd, path: /vm, recovry: restart}
YAML
check "validate a topology with many errors" 1 "$vmha_config" validate "$work/bad.yaml"
for line in \
  "bad.yaml:8:76: error: 'priority' of failover domain member: 0 is out of range 1..100" \
  "bad.yaml:11:38: error: unknown key 'recovry' in guest; did you mean 'recovery'?"; do
  expect "reports: $line" grep -qF "$line" <<<"$last_output"
done
check "after fixing the syntax errors, validate the rest" 1 "$vmha_config" validate <(sed 's/priority: 0/priority: 1/; s/recovry/recovery/' "$work/bad.yaml")
for line in \
  ":2:20: error: two_node needs exactly 2 nodes; the topology has 3" \
  ":5:19: error: duplicate node id 1 (also node 'a')" \
  ":8:87: error: unknown node 'x' in failover domain 'd'" \
  ":9:5: error: restricted failover domain 'empty' has no nodes" \
  ":11:23: error: unknown failover domain 'dd' for guest 'g'; did you mean 'd'?"; do
  expect "reports: $line" grep -qF "$line" <<<"$last_output"
done

# Nothing half-written: a failing generate leaves the old files alone and no temporaries.
mkdir "$work/out"
echo old >"$work/out/cluster.conf"
check "generate refuses an invalid topology" 1 "$vmha_config" generate "$work/bad.yaml" --target all -o "$work/out"
expect "the old cluster.conf is untouched" [ "$(cat "$work/out/cluster.conf")" = old ]
expect "nothing else was written" [ "$(ls -A "$work/out")" = cluster.conf ]
check "generate all" 0 "$vmha_config" generate "$examples/two-node.yaml" --target all -o "$work/out"
expect "three files, no temporaries" [ "$(ls -A "$work/out" | tr '\n' ' ')" = "cib.xml cluster.conf corosync.conf " ]
expect "files with passwords are mode 600" [ "$(stat -c %a "$work/out/cluster.conf") $(stat -c %a "$work/out/cib.xml")" = "600 600" ]
expect "corosync.conf (no secret) is mode 644" [ "$(stat -c %a "$work/out/corosync.conf")" = 644 ]
expect "the password from the environment is in cluster.conf" grep -qF 'passwd="apc-password"' "$work/out/cluster.conf"
check "a single target goes to stdout" 0 "$vmha_config" generate "$examples/two-node.yaml" --target corosync.conf
expect "stdout holds corosync.conf" grep -qF "model: disk" <<<"$last_output"
check "--target all needs -o" 2 "$vmha_config" generate "$examples/two-node.yaml" --target all
check "an unknown target is a usage error" 2 "$vmha_config" generate "$examples/two-node.yaml" --target pcs
check "an output directory that does not exist" 1 "$vmha_config" generate "$examples/two-node.yaml" --target all -o "$work/none"

# Secrets by reference: a missing variable is an error; a password file must not be world-readable.
check "a missing password variable is an error" 1 env -u VMHA_APC_PASSWORD "$vmha_config" validate "$examples/two-node.yaml"
expect "naming the line" grep -qF "two-node.yaml:34:15: error: password of fence device 'fence_station200': environment variable VMHA_APC_PASSWORD is not set" <<<"$last_output"
printf 'from-a-file\n' >"$work/pw"
chmod 644 "$work/pw"
sed 's/password: {env: VMHA_APC_PASSWORD}/password: {file: pw}/' "$examples/two-node.yaml" >"$work/file.yaml"
check "a world-readable password file is refused" 1 "$vmha_config" validate "$work/file.yaml"
expect "with the reason" grep -qF "is world-readable" <<<"$last_output"
chmod 600 "$work/pw"
check "a private password file, relative to the topology" 0 "$vmha_config" generate "$work/file.yaml" --target cluster.conf
expect "its contents are the password" grep -qF 'passwd="from-a-file"' <<<"$last_output"
stderr_text=$("$vmha_config" generate "$work/file.yaml" --target cluster.conf 2>&1 >/dev/null)
expect "secrets never reach stderr" [ -z "$stderr_text" ]
check "usage error without a command" 2 "$vmha_config"

# docs/topology.md carries the key tables as the code declares them.
"$vmha_config" keys >"$work/keys.md"
missing=$(grep -v '^$' "$work/keys.md" | while IFS= read -r line; do grep -qxF -- "$line" "$VMHA_SOURCE_DIR/docs/topology.md" || echo "$line"; done)
expect "docs/topology.md has every line of 'vmha-config keys'${missing:+ (missing: $missing)}" [ -z "$missing" ]
finish
