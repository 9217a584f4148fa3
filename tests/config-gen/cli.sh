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
# -o: a directory, created when missing (README: -o out/); for a single target, also a file name.
check "an output directory that does not exist is created" 0 "$vmha_config" generate "$examples/two-node.yaml" --target all -o "$work/new/out/"
expect "  ... with the three files" [ "$(ls "$work/new/out" | tr '\n' ' ')" = "cib.xml cluster.conf corosync.conf " ]
check "without the trailing /, --target all still means a directory" 0 "$vmha_config" generate "$examples/two-node.yaml" --target all -o "$work/new2"
expect "  ... with the three files" [ "$(ls "$work/new2" | wc -l)" = 3 ]
check "a file name for a single target" 0 "$vmha_config" generate "$examples/two-node.yaml" --target cib -o "$work/named/my-cib.xml"
expect "  ... is the file written" grep -q '<cib ' "$work/named/my-cib.xml"
check "a single target into an existing directory" 0 "$vmha_config" generate "$examples/two-node.yaml" --target corosync.conf -o "$work/named"
expect "  ... under its usual name" grep -q 'model: disk' "$work/named/corosync.conf"
check "several targets into a file is bad usage" 2 "$vmha_config" generate "$examples/two-node.yaml" --target all -o "$work/named/my-cib.xml"
expect "  ... saying why" grep -qF "is not a directory (several targets are written into a directory)" <<<"$last_output"
expect "  ... and the file is untouched" grep -q '<cib ' "$work/named/my-cib.xml"
check "a directory that cannot be created is a failure" 1 "$vmha_config" generate "$examples/two-node.yaml" --target all -o "$work/named/my-cib.xml/sub/"
expect "  ... saying why" grep -qF "my-cib.xml is not a directory" <<<"$last_output"

# Secrets by reference: a missing variable is a warning for validate (it may run where the secrets
# are not), an error when generating a file that holds it, and nothing for a target that holds none.
check "validate: a missing password variable is a warning" 0 env -u VMHA_APC_PASSWORD "$vmha_config" validate "$examples/two-node.yaml"
expect "  ... naming the line" grep -qF "two-node.yaml:34:15: warning: password of fence device 'fence_station200': environment variable VMHA_APC_PASSWORD is not set" <<<"$last_output"
check "generate cluster.conf: a missing password variable is an error" 1 env -u VMHA_APC_PASSWORD "$vmha_config" generate "$examples/two-node.yaml" --target cluster.conf
expect "  ... naming the line" grep -qF "two-node.yaml:34:15: error: password of fence device 'fence_station200': environment variable VMHA_APC_PASSWORD is not set" <<<"$last_output"
check "generate the CIB: the same error" 1 env -u VMHA_APC_PASSWORD "$vmha_config" generate "$examples/two-node.yaml" --target cib
check "generate corosync.conf (no secret in it) does not need the password" 0 env -u VMHA_APC_PASSWORD "$vmha_config" generate "$examples/two-node.yaml" --target corosync.conf
expect "  ... and says nothing about it" bash -c '! grep -q password <<<"$1"' _ "$last_output"
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
check "usage error for an unknown option" 2 "$vmha_config" generate "$examples/two-node.yaml" --target cib --colour
check "--version" 0 "$vmha_config" --version
expect "  ... is the project's version" grep -qxE "vmha-config [0-9]+\.[0-9]+\.[0-9]+" <<<"$last_output"
expect "  ... from the top-level project() line" grep -qF "$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")" <<<"$last_output"
check "--help" 0 "$vmha_config" --help
expect "  ... describes the options" grep -qF -- "--templates" <<<"$last_output"
check "generate --help" 0 "$vmha_config" generate --help
expect "  ... prints the same help" grep -qF -- "-o, --output PATH" <<<"$last_output"

# "did you mean" knows abbreviations.
printf 'cluster: {name: c}\nnodes: [{name: a, id: 1}]\nfailover_domains:\n  - {name: d, ordered: true, nodes: [{node: a, prio: 1}]}\n' >"$work/prio.yaml"
check "an abbreviated key" 1 "$vmha_config" validate "$work/prio.yaml"
expect "  ... gets its full name offered" grep -qF "unknown key 'prio' in failover domain member; did you mean 'priority'?" <<<"$last_output"

# No fencing: import carries the cluster over with a warning; validate and generate then refuse.
printf '<?xml version="1.0"?>\n<cluster name="c" config_version="1">\n<clusternodes><clusternode name="a" nodeid="1"/><clusternode name="b" nodeid="2"/></clusternodes>\n</cluster>\n' >"$work/nofence.conf"
check "import a cluster.conf without fencing" 0 "$vmha_config" import "$work/nofence.conf" -o "$work/nofence.yaml"
expect "  ... with a warning" grep -qF "nofence.conf:2:1: warning: no node has a fence method" <<<"$last_output"
check "validate refuses the topology without fencing" 1 "$vmha_config" validate "$work/nofence.yaml"
expect "  ... saying how to say it on purpose" grep -qF "set fencing_enabled: false in cluster" <<<"$last_output"
sed -i 's/^cluster:$/cluster:\n  fencing_enabled: false/' "$work/nofence.yaml"
check "fencing_enabled: false is accepted" 0 "$vmha_config" generate "$work/nofence.yaml" --target cib
expect "  ... and the CIB turns fencing off" grep -qF 'name="stonith-enabled" value="false"' <<<"$last_output"
check "the reference architecture's manual fencing is a warning for the CIB" 0 "$vmha_config" generate "$examples/two-node.yaml" --target cib
expect "  ... naming stonith_admin --confirm" grep -qF "warning: fence device 'manualfence' is fence_manual, which Pacemaker does not have" <<<"$last_output"

# Storage leases (target libvirt): the lockspace must be an absolute path; errors name the line.
cat >"$work/leases.yaml" <<'YAML'
cluster: {name: c, fencing_enabled: false}
nodes: [{name: a, id: 1}, {name: b, id: 2}]
storage:
  leases: lockd
  lockspace: shared/locks
YAML
check "validate: a relative lockspace is refused" 1 "$vmha_config" validate "$work/leases.yaml"
expect "  naming its line and column" grep -qF "leases.yaml:5:14: error: storage lockspace 'shared/locks' must be an absolute path" <<<"$last_output"
check "generate --target libvirt writes nothing then" 1 "$vmha_config" generate "$work/leases.yaml" --target libvirt -o "$work/libvirt-bad/"
expect "  no directory, no file" [ ! -e "$work/libvirt-bad" ]
check "--target libvirt needs -o (two files)" 2 "$vmha_config" generate "$examples/two-node.yaml" --target libvirt
sed -i 's|lockspace: shared/locks|lockspace: /shared/locks|' "$work/leases.yaml"
check "generate --target libvirt" 0 "$vmha_config" generate "$work/leases.yaml" --target libvirt -o "$work/libvirt/"
expect "  qemu.conf gets lock_manager lockd" grep -qx 'lock_manager = "lockd"' "$work/libvirt/qemu.conf.lock_manager"
expect "  qemu-lockd.conf the lockspace" grep -qx 'file_lockspace_dir = "/shared/locks"' "$work/libvirt/qemu-lockd.conf"
expect "  and leases every disk" grep -qx 'auto_disk_leases = 1' "$work/libvirt/qemu-lockd.conf"
sed -i 's|leases: lockd|leases: none|' "$work/leases.yaml"
check "leases: none is valid, with a warning for the unused lockspace" 0 "$vmha_config" validate "$work/leases.yaml"
expect "  the warning" grep -q "warning: storage lockspace has no effect with leases: none" <<<"$last_output"
check "generate --target libvirt with leases: none" 0 "$vmha_config" generate "$work/leases.yaml" --target libvirt -o "$work/libvirt/"
expect "  no lock_manager line" eval '! grep -q "^lock_manager" "$work/libvirt/qemu.conf.lock_manager"'

# docs/topology.md carries the key tables as the code declares them.
"$vmha_config" keys >"$work/keys.md"
missing=$(grep -v '^$' "$work/keys.md" | while IFS= read -r line; do grep -qxF -- "$line" "$VMHA_SOURCE_DIR/docs/topology.md" || echo "$line"; done)
expect "docs/topology.md has every line of 'vmha-config keys'${missing:+ (missing: $missing)}" [ -z "$missing" ]
finish
