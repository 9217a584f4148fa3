#!/usr/bin/env bash
# Our fence_xvm / fence_virt against Debian's /usr/sbin/fence_virtd (libvirt backend on
# test:///default), every action and every hash type, over TCP on loopback and over multicast
# with TCP connect-back, inside a private network namespace.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
enter_private_netns "$@"
work=$(mktemp -d)
daemon_pids=()
trap 'stop_daemons; rm -rf "$work"' EXIT
new_key "$work/key"

port=1300
# Debian's fence_virtd cannot run with auth "none" (it still waits for a challenge answer), so the
# request hash "none" is paired with sha1 challenge-response; every other hash with itself.
auth_for() { [ "$1" = none ] && echo sha1 || echo "$1"; }
for hash in none sha1 sha256 sha512; do
  port=$((port + 1))
  # Debian fence_virtd 4.12's TCP listener stores its "auth" setting into the minimum request hash
  # and always challenges with sha256 (its own fence_virt -C sha512 fails against it), so over TCP
  # the request hash varies and challenge-response is sha256.
  auth=sha256
  write_conf "$work/tcp-$hash.conf" tcp "$hash" "$hash" "$port" "$work/key" test:///default
  start_daemon "$debian_daemon" "$work/tcp-$hash.conf" "$work/tcp-$hash.pid" "$work/tcp-$hash.log"
  c=("$our_client" -T 127.0.0.1 -p "$port" -k "$work/key" -c "$hash" -C "$auth" -t 5)
  wait_serving "${c[@]}" || { echo "Debian fence_virtd ($hash) did not come up"; cat "$work/tcp-$hash.log"; }
  check "tcp $hash: status ON" 0 "${c[@]}" -o status -n test
  check "tcp $hash: list" 0 "${c[@]}" -o list
  expect "tcp $hash: list shows the guest and its uuid" grep -q '^test  *6695eb01-f6a4-8304-79aa-97f2502e193f on$' <<<"$last_output"
  check "tcp $hash: monitor" 0 "${c[@]}" -o monitor
  check "tcp $hash: off" 0 "${c[@]}" -o off -n test
  check "tcp $hash: status OFF" 2 "${c[@]}" -o status -n test
  check "tcp $hash: on" 0 "${c[@]}" -o on -n test
  check "tcp $hash: reboot by uuid" 0 "${c[@]}" -o reboot -n 6695eb01-f6a4-8304-79aa-97f2502e193f
  check "tcp $hash: status of a missing guest is OFF" 2 "${c[@]}" -o status -n nosuch
  check "tcp $hash: stdin path" 0 bash -c "printf 'action=status\nport=test\nipaddr=127.0.0.1\nipport=$port\nkey_file=$work/key\nhash=$hash\nauth=$auth\ntimeout=5\n' | '$our_client'"
done
head -c 512 /dev/urandom > "$work/wrong.key"
check "tcp: wrong key is refused" 1 "$our_client" -T 127.0.0.1 -p 1304 -k "$work/wrong.key" -c sha512 -C sha256 -t 5 -o off -n test
check "tcp: weaker hash than the daemon's is refused" 1 "$our_client" -T 127.0.0.1 -p 1304 -k "$work/key" -c sha1 -C sha256 -t 5 -o off -n test
check "tcp: guest still running after refused requests" 0 "$our_client" -T 127.0.0.1 -p 1304 -k "$work/key" -c sha512 -C sha256 -t 5 -o status -n test
stop_daemons

for hash in none sha1 sha256 sha512; do
  port=$((port + 1))
  auth=$(auth_for "$hash")
  write_conf "$work/mc-$hash.conf" multicast "$hash" "$auth" "$port" "$work/key" test:///default
  start_daemon "$debian_daemon" "$work/mc-$hash.conf" "$work/mc-$hash.pid" "$work/mc-$hash.log"
  x=("$our_xvm" -p "$port" -k "$work/key" -c "$hash" -C "$auth" -t 5 -r 5)
  wait_serving "${x[@]}" || { echo "Debian fence_virtd multicast ($hash) did not come up"; cat "$work/mc-$hash.log"; }
  check "multicast $hash: status ON" 0 "${x[@]}" -o status -n test
  check "multicast $hash: list" 0 "${x[@]}" -o list
  check "multicast $hash: off" 0 "${x[@]}" -o off -n test
  check "multicast $hash: status OFF" 2 "${x[@]}" -o status -n test
  check "multicast $hash: on" 0 "${x[@]}" -o on -n test
  check "multicast $hash: reboot" 0 "${x[@]}" -o reboot -n test
  stop_daemons
done
finish
