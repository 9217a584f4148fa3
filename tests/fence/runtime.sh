#!/usr/bin/env bash
# The fence runtime through fence_libvirt on libvirt's in-process test driver (test:///default):
# metadata against the fence-agents schema, stdin and getopt paths, delay, exit codes, a wrong
# URI, and a hung libvirtd that must not hang the agent.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
agent=$VMHA_BUILD_DIR/fence/fence_libvirt
rng=/usr/share/cluster/relaxng/metadata.rng
work=$(mktemp -d)
hung_pid=
cleanup() { [ -n "$hung_pid" ] && kill "$hung_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

for a in fence_libvirt fence_xvm fence_virt; do
  bin=$VMHA_BUILD_DIR/fence/$a
  [ -x "$bin" ] || bin=$VMHA_BUILD_DIR/fence/xvm/$a
  [ -x "$bin" ] || continue
  "$bin" -o metadata > "$work/$a.xml"
  check "$a metadata valid against metadata.rng" 0 xmllint --noout --relaxng "$rng" "$work/$a.xml"
  check "$a metadata via stdin action=metadata" 0 bash -c "echo action=metadata | '$bin' | xmllint --noout --relaxng '$rng' -"
done
check "metadata lists plug obsoleting port" 0 grep -q 'name="plug" unique="0" required="1" obsoletes="port"' "$work/fence_libvirt.xml"
check "metadata lists port deprecated" 0 grep -q 'name="port" unique="0" required="1" deprecated="1"' "$work/fence_libvirt.xml"
check "manpage action" 0 "$agent" -o manpage
check "validate-all with a plug" 0 "$agent" -o validate-all -n test
check "status needs a plug" 1 "$agent" -o status --uri test:///default
check "unknown getopt option fails" 1 "$agent" --no-such-option
check "unknown action fails" 1 "$agent" -o explode -n test

# stdin path, with old and new names and the boolean spellings
check "stdin: status of a running guest (port=)" 0 bash -c "printf 'action=status\nport=test\nuri=test:///default\n' | '$agent'"
check "stdin: status of a running guest (plug=)" 0 bash -c "printf 'action=status\nplug=test\nuri=test:///default\n' | '$agent'"
check "stdin: unknown option warned, ignored" 0 bash -c "printf 'action=status\nplug=test\nbogus=1\nnodename=n1\nuri=test:///default\n' | '$agent' 2>&1 | grep -q 'Ignoring unknown option .bogus.'"
check "stdin: missing guest is a failure" 1 bash -c "printf 'action=status\nplug=nope\nuri=test:///default\n' | '$agent'"
check "stdin: missing_as_off=yes → OFF" 2 bash -c "printf 'action=status\nplug=nope\nmissing_as_off=yes\nuri=test:///default\n' | '$agent'"
check "stdin: bad boolean names the line" 0 bash -c "printf 'action=status\nplug=x\nmissing_as_off=perhaps\n' | '$agent' 2>&1 | grep -q 'stdin line 3'"

# getopt path: the test driver's state lives in the process, so each call starts with 'test' running
check "getopt: off" 0 "$agent" -o off -n test --uri test:///default
check "getopt: on of a running guest" 0 "$agent" -o on -n test --uri test:///default
check "getopt: status by UUID" 0 "$agent" -o status -n 6695eb01-f6a4-8304-79aa-97f2502e193f --uri test:///default
check "getopt: list shows name,uuid" 0 bash -c "'$agent' -o list --uri test:///default | grep -qx 'test,6695eb01-f6a4-8304-79aa-97f2502e193f'"
check "getopt: list-status" 0 bash -c "'$agent' -o list-status --uri test:///default | grep -qx 'test,6695eb01-f6a4-8304-79aa-97f2502e193f,ON'"
check "getopt: monitor" 0 "$agent" -o monitor --uri test:///default
check "wrong URI fails" 1 "$agent" -o status -n test --uri nosuchdriver:///x

# delay=N really waits N seconds before acting
start=$(date +%s%N)
check "stdin: delay=2 then off" 0 bash -c "printf 'action=off\nplug=test\ndelay=2\nuri=test:///default\n' | '$agent'"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect "delay=2 waited at least 2 s (took $elapsed_ms ms)" [ "$elapsed_ms" -ge 2000 ]

# --help and --version on every fence program, all saying the project's one version.
version=$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")
for bin in "$agent" "$VMHA_BUILD_DIR/fence/xvm/fence_xvm" "$VMHA_BUILD_DIR/fence/xvm/fence_virt" "$VMHA_BUILD_DIR/fence/virtd/fence_virtd"; do
  name=$(basename "$bin")
  check "$name --version" 0 "$bin" --version
  expect "$name --version says $name (vmha) $version" [ "$last_output" = "$name (vmha) $version" ]
  check "$name --help" 0 "$bin" --help
  expect "$name --help names it" grep -q "$name" <<<"$last_output"
done
check "fence_xvm -o manpage (docs/fencing.md lists it)" 0 "$VMHA_BUILD_DIR/fence/xvm/fence_xvm" -o manpage
expect "fence_xvm manpage lists its options" grep -q -- '-k' <<<"$last_output"
xvm_md=$("$VMHA_BUILD_DIR/fence/xvm/fence_xvm" -o metadata)
expect "fence_xvm metadata advertises domain (deprecated, as fence-virt)" grep -q '<parameter name="domain" unique="0" required="0" deprecated="1">' <<<"$xvm_md"
check "fence_xvm validate-all with domain= on stdin" 0 bash -c "printf 'action=validate-all\ndomain=g1\n' | '$VMHA_BUILD_DIR/fence/xvm/fence_xvm'"

# fence-agents' common options on fence_libvirt, with fence_virsh's names and getopt spellings.
md=$("$agent" -o metadata)
for p in 'quiet" unique="0" required="0">' 'verbose_level" unique="0" required="0">' \
         'debug" unique="0" required="0" deprecated="1">' 'debug_file" unique="0" required="0" obsoletes="debug">' \
         'plug_separator" unique="0" required="0">' 'disable_timeout" unique="0" required="0">'; do
  expect "fence_libvirt metadata: parameter name=\"$p" grep -qF "<parameter name=\"$p" <<<"$md"
done
for g in '-q, --quiet' '--verbose-level' '-D, --debug-file=[debugfile]' '--plug-separator=[char]' '--disable-timeout=[true/false]'; do
  expect "fence_libvirt metadata: getopt $g" grep -qF "<getopt mixed=\"$g\" />" <<<"$md"
done
err=$("$agent" -o status -n nope --uri test:///default --quiet 2>&1 >/dev/null); rc=$?
expect "quiet: a failure still exits 1 (rc $rc)" [ "$rc" = 1 ]
expect "quiet: nothing on stderr" [ -z "$err" ]
check "debug_file: a failure is written there" 1 "$agent" -o status -n nope --uri test:///default -D "$work/debug.log"
expect "debug_file holds the failure" grep -q "Failed: guest 'nope' not found" "$work/debug.log"
check "stdin debug= (the old name) appends to the same file" 1 bash -c "printf 'action=status\nplug=nope\nuri=test:///default\ndebug=$work/debug.log\nquiet=1\n' | '$agent'"
expect "debug_file appended, not overwritten" [ "$(grep -c 'not found' "$work/debug.log")" = 2 ]
check "debug_file also gets the verbose trace" 0 bash -c "printf 'action=status\nplug=test\nuri=test:///default\ndebug_file=$work/trace.log\n' | '$agent'"
expect "trace in debug_file" [ -s "$work/trace.log" ]
check "verbose_level=1 traces on stderr" 0 bash -c "printf 'action=status\nplug=test\nuri=test:///default\nverbose_level=1\n' | '$agent' 2>&1 >/dev/null | grep -q ."
check "verbose_level must be an integer" 1 "$agent" -o status -n test --uri test:///default --verbose-level=loud
check "plug_separator: status of test,nope with missing_as_off is ON" 0 "$agent" -o status -n test,nope --missing-as-off --uri test:///default
check "plug_separator: status of two missing guests is OFF" 2 "$agent" -o status -n nope1,nope2 --missing-as-off --uri test:///default
check "plug_separator=+ (stdin): off test+nope" 0 bash -c "printf 'action=off\nplug=test+nope\nplug_separator=+\nmissing_as_off=1\nuri=test:///default\n' | '$agent'"
check "plug_separator: a missing plug fails without missing_as_off" 1 "$agent" -o off -n test,nope --uri test:///default
check "disable_timeout=true accepted" 0 "$agent" -o status -n test --uri test:///default --disable-timeout=true
check "disable_timeout=perhaps refused" 1 "$agent" -o status -n test --uri test:///default --disable-timeout=perhaps

# A libvirtd that accepts the connection and never answers: the agent must give up by itself.
python3 - "$work/hung.sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(8)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
PY
hung_pid=$!
for _ in $(seq 50); do [ -S "$work/hung.sock" ] && break; sleep 0.1; done
check "hung libvirtd: agent exits 1 on its own (power_timeout=2)" 1 timeout 60 "$agent" -o status -n test --power-timeout=2 --uri "qemu+unix:///system?socket=$work/hung.sock"
check "hung libvirtd: the message says timed out" 0 grep -q "timed out" <<<"$last_output"
finish
