#!/usr/bin/env bash
# Hostile and broken input at the command line (issue 13): the exit code, the one-line error,
# and that nothing is written — by generate (a full disk, a directory in the way) and by import.
# The messages themselves are tabled in hostile_topology_test.cpp and hostile_import_test.cpp.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
examples=$VMHA_SOURCE_DIR/examples
export VMHA_APC_PASSWORD=apc-password VMHA_IPMI_PASSWORD=ipmi-password
one_line() { [ "$(printf '%s\n' "$last_output" | wc -l)" = 1 ]; }

# 4: a newline in a value never reaches corosync.conf as a key of its own.
printf 'cluster: {name: c, fencing_enabled: false}\nnodes: [{name: a, id: 1}, {name: b, id: 2}]\nquorum:\n  disk:\n    label: q\n    heuristics: [{name: gw, program: "ping gw\\nexec_evil: /bin/evil"}]\n' >"$work/inject.yaml"
check "validate refuses a newline in a heuristic program" 1 "$vmha_config" validate "$work/inject.yaml"
expect "on one line, with its position" grep -qF "inject.yaml:6:38: error: 'ping gw\\nexec_evil: /bin/evil' contains the control character U+000A" <<<"$last_output"
check "generate refuses it too" 1 "$vmha_config" generate "$work/inject.yaml" --target corosync.conf
expect "and prints no corosync.conf" [ -z "$("$vmha_config" generate "$work/inject.yaml" --target corosync.conf 2>/dev/null)" ]

# 8: a key holding a newline cannot forge a second error line.
printf 'cluster: {name: c, fencing_enabled: false}\nnodes: [{name: a, id: 1}]\n"x\\nforged.yaml:1:1: error: fake": 1\n' >"$work/forge.yaml"
check "a forged error line" 1 "$vmha_config" validate "$work/forge.yaml"
expect "is one line" one_line
check "duplicate keys" 1 "$vmha_config" validate <(printf 'cluster: {name: c, fencing_enabled: false}\nnodes: [{name: a, id: 1}]\nnodes: [{name: b, id: 2}]\n')
expect "name both positions" grep -qF ":3:1: error: duplicate key 'nodes' (first at 2:1)" <<<"$last_output"
: >"$work/empty.yaml"
check "an empty topology" 1 "$vmha_config" validate "$work/empty.yaml"
expect "has a position" grep -qxF "$work/empty.yaml:1:1: error: the topology is empty; it needs at least cluster and nodes" <<<"$last_output"

# 8: a password file must be a file: a directory read as an empty password.
mkdir -m 700 "$work/pwdir"
sed 's/password: {env: VMHA_APC_PASSWORD}/password: {file: pwdir}/' "$examples/two-node.yaml" >"$work/pwdir.yaml"
check "a directory as a password file" 1 "$vmha_config" validate "$work/pwdir.yaml"
expect "is refused" grep -qF "password file $work/pwdir is a directory, not a file" <<<"$last_output"
install -m 600 /dev/null "$work/pwempty"
sed 's/password: {env: VMHA_APC_PASSWORD}/password: {file: pwempty}/' "$examples/two-node.yaml" >"$work/pwempty.yaml"
check "an empty password file" 1 "$vmha_config" validate "$work/pwempty.yaml"
expect "is refused" grep -qF "password of fence device 'fence_station200' is empty" <<<"$last_output"

# 10: inputs that are not regular files are bounded or refused, never read forever.
check "/dev/zero as a topology" 1 timeout 60 "$vmha_config" validate /dev/zero
expect "stops at the size limit" grep -qF "/dev/zero:1:1: error: is larger than the limit of 4194304 bytes" <<<"$last_output"
mkfifo "$work/fifo"
check "a FIFO nobody writes to" 1 timeout 60 "$vmha_config" validate "$work/fifo"
expect "reads as empty, at once" grep -qF "error: the topology is empty" <<<"$last_output"
check "a directory as a topology" 1 "$vmha_config" validate "$work"
expect "is named as one" grep -qF "error: is a directory, not a file" <<<"$last_output"
check "compare bounds its inputs too" 2 timeout 60 "$vmha_config" compare /dev/zero /dev/zero
{ printf '<cluster name="c"'; for i in $(seq 40000); do printf ' a%s="x"' "$i"; done; printf '/>\n'; } >"$work/attrs.conf"
check "compare refuses 40000 attributes on one element (tinyxml2 is quadratic in them)" 2 timeout 60 "$vmha_config" compare "$work/attrs.conf" "$work/attrs.conf"
expect "with its position" grep -qxF "$work/attrs.conf:1:1: error: an element with more than 256 attributes" <<<"$last_output"

# 7: all or nothing. A directory where cib.xml goes: cluster.conf must stay as it was.
mkdir -p "$work/out/cib.xml"
echo old >"$work/out/cluster.conf"
check "generate with cib.xml a directory" 1 "$vmha_config" generate "$examples/three-node.yaml" --target all -o "$work/out"
expect "says why" grep -qF "cannot replace $work/out/cib.xml: it is not a regular file" <<<"$last_output"
expect "cluster.conf is untouched" [ "$(cat "$work/out/cluster.conf")" = old ]
expect "no corosync.conf, no temporaries" [ "$(ls -A "$work/out" | tr '\n' ' ')" = "cib.xml cluster.conf " ]

# 7: a full disk (a 64 KiB tmpfs in a private mount namespace): the CIB of 300 guests does not fit.
{ printf 'cluster: {name: big, fencing_enabled: false}\nnodes: [{name: a, id: 1}, {name: b, id: 2}]\nguests:\n'
  for i in $(seq 300); do printf '  - {name: guest%s, path: /vm}\n' "$i"; done; } >"$work/big.yaml"
check "generate onto a full disk" 1 unshare --mount sh -c '
  mount --make-rprivate / && mkdir -p "$2" && mount -t tmpfs -o size=64k tmpfs "$2" && echo old >"$2/cluster.conf" &&
  { "$1" generate "$3" --target all -o "$2"; rc=$?; } ;
  echo "left: $(ls -A "$2" | tr "\n" " ")"; echo "cluster.conf: $(head -c 40 "$2/cluster.conf")"; exit $rc' \
  sh "$vmha_config" "$work/full" "$work/big.yaml"
expect "fails for want of space" grep -qF "No space left on device" <<<"$last_output"
expect "leaves cluster.conf as it was" grep -qxF "cluster.conf: old" <<<"$last_output"
expect "and no temporary file" grep -qxF "left: cluster.conf " <<<"$last_output"

# 9: import writes only what its own validate accepts, and nothing when it cannot.
printf '<cluster name="c&#10;quorum {" config_version="1">\n<clusternodes><clusternode name="a" nodeid="1"/></clusternodes>\n</cluster>\n' >"$work/inject.conf"
check "import of a name holding &#10;" 1 "$vmha_config" import "$work/inject.conf" -o "$work/inject-import.yaml"
expect "is refused with its line" grep -qF "inject.conf:1:1: error: <cluster name>: 'c\\nquorum {' contains the control character U+000A" <<<"$last_output"
expect "and writes nothing" [ ! -e "$work/inject-import.yaml" ]
printf '<cluster name="c" config_version="1">\n<clusternodes><clusternode name="a"/></clusternodes>\n<rm><vm path="/vm"/></rm>\n</cluster>\n' >"$work/unnamed.conf"
check "import of a vm without a name and a node without a nodeid" 1 "$vmha_config" import "$work/unnamed.conf" -o "$work/unnamed.yaml"
expect "names the node" grep -qF "unnamed.conf:2:1: error: <clusternode>: needs the attribute 'nodeid'" <<<"$last_output"
expect "names the vm" grep -qF "unnamed.conf:3:1: error: <vm>: needs the attribute 'name'" <<<"$last_output"
expect "and writes nothing" [ ! -e "$work/unnamed.yaml" ]
printf '<cluster name="c" config_version="1">\n<clusternodes><clusternode name="a" nodeid="1"/></clusternodes>\n<fencedevices><fencedevice name="d" agent="fence_apc" a:b="1"/></fencedevices>\n</cluster>\n' >"$work/prefixed.conf"
check "import of an attribute no topology option can be" 1 "$vmha_config" import "$work/prefixed.conf"
expect "is refused" grep -qF "prefixed.conf:3:1: error: <fencedevice a:b>: a topology option name is" <<<"$last_output"
finish
