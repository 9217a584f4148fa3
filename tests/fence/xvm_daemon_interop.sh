#!/usr/bin/env bash
# Our fence_virtd (libvirt backend on test:///default) served to Debian's /usr/sbin/fence_virt
# (TCP) and /usr/sbin/fence_xvm (multicast), every action and hash type; then forged, bit-flipped,
# truncated, replayed, too-weak and wrong-key requests are refused while the daemon keeps serving;
# a key file readable by others is refused. All inside a private network namespace.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
enter_private_netns "$@"
work=$(mktemp -d)
daemon_pids=()
trap 'stop_daemons; rm -rf "$work"' EXIT
new_key "$work/key"
raw=$VMHA_SOURCE_DIR/tests/fence/xvm_raw.py
debian_virt=/usr/sbin/fence_virt
debian_xvm=/usr/sbin/fence_xvm

port=1400
for hash in none sha1 sha256 sha512; do
  for auth in sha1 sha256 sha512; do
    [ "$hash" = none ] || [ "$auth" = "$hash" ] || continue
    port=$((port + 1))
    write_conf "$work/tcp-$hash-$auth.conf" tcp "$hash" "$auth" "$port" "$work/key" test:///default
    start_daemon "$our_daemon" "$work/tcp-$hash-$auth.conf" "$work/p$port" "$work/tcp-$hash-$auth.log"
    c=("$debian_virt" -T 127.0.0.1 -p "$port" -k "$work/key" -c "$hash" -C "$auth" -t 5)
    wait_serving "${c[@]}" || { echo "our fence_virtd did not come up"; cat "$work/tcp-$hash-$auth.log"; }
    t="Debian fence_virt → ours, tcp hash $hash auth $auth"
    check "$t: status ON" 0 "${c[@]}" -o status -n test
    check "$t: list" 0 "${c[@]}" -o list
    expect "$t: list shows guest and uuid" grep -q '^test  *6695eb01-f6a4-8304-79aa-97f2502e193f on$' <<<"$last_output"
    check "$t: monitor" 0 "${c[@]}" -o monitor
    check "$t: off" 0 "${c[@]}" -o off -n test
    check "$t: status OFF" 2 "${c[@]}" -o status -n test
    check "$t: reboot of a stopped guest leaves it off" 0 "${c[@]}" -o reboot -n test
    check "$t: still OFF" 2 "${c[@]}" -o status -n test
    check "$t: on" 0 "${c[@]}" -o on -n test
    check "$t: reboot by uuid" 0 "${c[@]}" -o reboot -n 6695eb01-f6a4-8304-79aa-97f2502e193f
    check "$t: ON after reboot" 0 "${c[@]}" -o status -n test
    check "$t: missing guest status is OFF" 2 "${c[@]}" -o status -n nosuch
    check "$t: missing guest off fails" 1 "${c[@]}" -o off -n nosuch
    check "$t: our client too" 0 "$our_client" -T 127.0.0.1 -p "$port" -k "$work/key" -c "$hash" -C "$auth" -t 5 -o status -n test
  done
done
stop_daemons

for hash in none sha1 sha256 sha512; do
  port=$((port + 1))
  auth=$hash; [ "$hash" = none ] && auth=sha256
  write_conf "$work/mc-$hash.conf" multicast "$hash" "$auth" "$port" "$work/key" test:///default
  start_daemon "$our_daemon" "$work/mc-$hash.conf" "$work/p$port" "$work/mc-$hash.log"
  x=("$debian_xvm" -p "$port" -k "$work/key" -c "$hash" -C "$auth" -t 5 -r 5)
  wait_serving "${x[@]}" || { echo "our fence_virtd (multicast) did not come up"; cat "$work/mc-$hash.log"; }
  t="Debian fence_xvm → ours, multicast $hash"
  check "$t: status ON" 0 "${x[@]}" -o status -n test
  check "$t: list" 0 "${x[@]}" -o list
  check "$t: off" 0 "${x[@]}" -o off -n test
  check "$t: status OFF" 2 "${x[@]}" -o status -n test
  check "$t: on" 0 "${x[@]}" -o on -n test
  check "$t: reboot" 0 "${x[@]}" -o reboot -n test
  check "$t: our fence_xvm too" 0 "$our_xvm" -p "$port" -k "$work/key" -c "$hash" -C "$auth" -t 5 -r 5 -o status -n test
  stop_daemons
done

# groups over multicast: the source is the connect-back address the request carries (127.0.0.1).
for allowed in test other; do
  port=$((port + 1))
  write_conf "$work/mg-$allowed.conf" multicast sha256 sha256 "$port" "$work/key" test:///default
  printf 'groups {\n\tgroup {\n\t\tname = "g";\n\t\tip = "127.0.0.1";\n\t\tuuid = "%s";\n\t}\n}\n' "$allowed" >> "$work/mg-$allowed.conf"
  start_daemon "$our_daemon" "$work/mg-$allowed.conf" "$work/p$port" "$work/mg-$allowed.log"
  x=("$debian_xvm" -p "$port" -k "$work/key" -t 5 -r 5)
  for _ in $(seq 50); do "${x[@]}" -o monitor >/dev/null 2>&1 && break; sleep 0.2; done
  if [ "$allowed" = test ]; then
    check "multicast groups: a listed guest is served" 0 "${x[@]}" -o status -n test
    check "multicast groups: list shows it" 0 "${x[@]}" -o list
    expect "multicast groups: list has test" grep -q '^test ' <<<"$last_output"
  else
    check "multicast groups: an unlisted guest is denied" 3 "${x[@]}" -o off -n test
    check "multicast groups: list is empty" 0 "${x[@]}" -o list
    expect "multicast groups: list hides test" [ -z "$last_output" ]
    expect "multicast groups: refusal logged" grep -q "for 'test' from 127.0.0.1 refused" "$work/mg-$allowed.log"
  fi
  stop_daemons
done

# Refusals. A sha256/sha256 TCP daemon; the guest starts running.
port=$((port + 1))
write_conf "$work/neg.conf" tcp sha256 sha256 "$port" "$work/key" test:///default
start_daemon "$our_daemon" "$work/neg.conf" "$work/neg.pid" "$work/neg.log"
c=("$debian_virt" -T 127.0.0.1 -p "$port" -k "$work/key" -t 5)
wait_serving "${c[@]}"
check "raw: a valid signed off is served" 0 bash -c "python3 '$raw' $port '$work/key' valid off test '$work/off.pkt' | grep -qx 'result 0'"
check "guest is off" 2 "${c[@]}" -o status -n test
check "guest back on" 0 "${c[@]}" -o on -n test
for mode in replay flip truncate wrongkey weak; do
  check "raw: $mode off request refused" 0 bash -c "python3 '$raw' $port '$work/key' $mode off test '$work/off.pkt' | grep -qx refused"
  check "after $mode: guest still running, daemon still serving" 0 "${c[@]}" -o status -n test
done
check "wrong key from Debian fence_virt refused" 1 "$debian_virt" -T 127.0.0.1 -p "$port" -k "$work/neg.conf" -t 5 -o off -n test
check "after wrong key: guest still running" 0 "${c[@]}" -o status -n test
expect "daemon logged the refusals" grep -q 'refused: bad signature' "$work/neg.log"
expect "daemon logged the replay" grep -Eq 'refused: (replay|duplicate)' "$work/neg.log"
expect "the key never appears in the log" python3 -c "import sys; k=open(sys.argv[1],'rb').read(); sys.exit(k[:32] in open(sys.argv[2],'rb').read() or k[:32].hex() in open(sys.argv[2]).read())" "$work/key" "$work/neg.log"
stop_daemons

# Multicast garbage and a flood of junk datagrams: ignored, still serving.
port=$((port + 1))
write_conf "$work/mneg.conf" multicast sha256 sha256 "$port" "$work/key" test:///default
start_daemon "$our_daemon" "$work/mneg.conf" "$work/mneg.pid" "$work/mneg.log"
x=("$debian_xvm" -p "$port" -k "$work/key" -t 5 -r 5)
wait_serving "${x[@]}"
python3 - "$port" <<'PY'
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in (0, 1, 100, 175, 177, 176, 176, 1000):
    s.sendto(os.urandom(n), ('225.0.0.12', int(sys.argv[1])))
PY
check "multicast junk ignored; still serving" 0 "${x[@]}" -o status -n test
stop_daemons

# A key file others can read is refused.
cp "$work/key" "$work/open.key"; chmod 644 "$work/open.key"
write_conf "$work/open.conf" tcp sha256 sha256 "$((port + 1))" "$work/open.key" test:///default
check "key file readable by others: daemon refuses to start" 1 timeout 20 "$our_daemon" -F -f "$work/open.conf" -p "$work/open.pid"
expect "the refusal names the key file" grep -q 'open.key is accessible by group or others' <<<"$last_output"
write_conf "$work/bad.conf" tcp sha256 sha256 "$((port + 1))" "$work/key" test:///default
sed -i 's/port = "\([0-9]*\)";/port = "\1"/' "$work/bad.conf"
check "config syntax error: refused with file, line and column" 1 timeout 20 "$our_daemon" -F -f "$work/bad.conf" -p "$work/bad.pid"
expect "the error names file:line:column" grep -q "bad.conf:[0-9]*:[0-9]*: missing" <<<"$last_output"
finish
