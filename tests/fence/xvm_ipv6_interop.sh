#!/usr/bin/env bash
# The fence_xvm protocol over IPv6, both directions against Debian's fence-virt 4.12.1, inside a
# private network namespace: multicast to ff05::3:1 (the default group for ip_family ipv6) with
# the TCP connect-back to the client's IPv6 address, and straight TCP to ::1 / 2001:db8::1;
# then `groups` with IPv6 source addresses.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
enter_private_netns "$@"
add_ipv6_link || { echo "cannot create a veth pair in the private namespace"; exit 1; }
work=$(mktemp -d)
daemon_pids=()
trap 'stop_daemons; rm -rf "$work"' EXIT
new_key "$work/key"
debian_virt=/usr/sbin/fence_virt
debian_xvm=/usr/sbin/fence_xvm

# Every action through one client against one daemon: client-args... (the guest starts running).
all_actions() {
  local t=$1; shift
  check "$t: status ON" 0 "$@" -o status -n test
  check "$t: list" 0 "$@" -o list
  expect "$t: list shows the guest" grep -q '^test  *6695eb01-f6a4-8304-79aa-97f2502e193f on$' <<<"$last_output"
  check "$t: monitor" 0 "$@" -o monitor
  check "$t: off" 0 "$@" -o off -n test
  check "$t: status OFF" 2 "$@" -o status -n test
  check "$t: on" 0 "$@" -o on -n test
  check "$t: reboot by UUID" 0 "$@" -o reboot -n 6695eb01-f6a4-8304-79aa-97f2502e193f
  check "$t: ON after reboot" 0 "$@" -o status -n test
}

port=1600
for who in ours debian; do
  daemon=$our_daemon; [ "$who" = debian ] && daemon=$debian_daemon
  port=$((port + 1))
  write_conf6 "$work/mc-$who.conf" multicast "$port" "$work/key"
  start_daemon "$daemon" "$work/mc-$who.conf" "$work/p$port" "$work/mc-$who.log"
  x=(-i ipv6 -p "$port" -k "$work/key" -t 5 -r 5)
  if [ "$who" = ours ]; then
    wait_serving "$debian_xvm" "${x[@]}" || { echo "our fence_virtd (ipv6 multicast) did not come up"; cat "$work/mc-$who.log"; }
    all_actions "Debian fence_xvm -i ipv6 → ours, multicast ff05::3:1" "$debian_xvm" "${x[@]}"
    check "Debian fence_xvm -a ff05::3:1 (family from the address) → ours" 0 "$debian_xvm" -a ff05::3:1 -p "$port" -k "$work/key" -t 5 -r 5 -o status -n test
    expect "our daemon connected back to the client's IPv6 address" grep -q "from 2001:db8::1: result" "$work/mc-$who.log"
  else
    wait_serving "$our_xvm" "${x[@]}" || { echo "Debian fence_virtd (ipv6 multicast) did not come up"; cat "$work/mc-$who.log"; }
    all_actions "our fence_xvm -i ipv6 → Debian, multicast ff05::3:1" "$our_xvm" "${x[@]}"
    check "our fence_xvm -a ff05::3:1 (family from the address) → Debian" 0 "$our_xvm" -a ff05::3:1 -p "$port" -k "$work/key" -t 5 -r 5 -o status -n test
    check "our fence_xvm on stdin with ip_family=ipv6 → Debian" 0 bash -c "printf 'action=status\nplug=test\nip_family=ipv6\nipport=$port\nkey_file=$work/key\ntimeout=5\nretrans=5\n' | '$our_xvm'"
  fi
  stop_daemons
done
check "our fence_xvm: an IPv4 group with ip_family ipv6 is refused" 1 "$our_xvm" -i ipv6 -a 225.0.0.12 -o status -n test -k "$work/key"

for who in ours debian; do
  daemon=$our_daemon; [ "$who" = debian ] && daemon=$debian_daemon
  port=$((port + 1))
  write_conf6 "$work/tcp-$who.conf" tcp "$port" "$work/key"
  start_daemon "$daemon" "$work/tcp-$who.conf" "$work/p$port" "$work/tcp-$who.log"
  client=$our_client; [ "$who" = ours ] && client=$debian_virt
  c=("$client" -T ::1 -p "$port" -k "$work/key" -t 5)
  wait_serving "${c[@]}" || { echo "$who fence_virtd (ipv6 tcp) did not come up"; cat "$work/tcp-$who.log"; }
  t="our fence_virt → Debian fence_virtd, tcp [::1]"
  [ "$who" = ours ] && t="Debian fence_virt → our fence_virtd, tcp [::1]"
  all_actions "$t" "${c[@]}"
  stop_daemons
done

# groups with IPv6 sources: a TCP daemon on [::] lets 2001:db8::1 act on "test"; ::1 may not.
port=$((port + 1))
write_conf6 "$work/g6.conf" tcp "$port" "$work/key" "::"
printf 'groups {\n\tgroup {\n\t\tip = "2001:DB8:0::1";\n\t\tuuid = "test";\n\t}\n}\n' >> "$work/g6.conf"
start_daemon "$our_daemon" "$work/g6.conf" "$work/g6.pid" "$work/g6.log"
g=("$debian_virt" -p "$port" -k "$work/key" -t 5)
for _ in $(seq 50); do "${g[@]}" -T ::1 -o monitor >/dev/null 2>&1 && break; sleep 0.2; done
check "groups over IPv6: the listed source may act" 0 "${g[@]}" -T 2001:db8::1 -o status -n test
check "groups over IPv6: another source is denied" 3 "${g[@]}" -T ::1 -o off -n test
check "groups over IPv6: the guest is still running" 0 "${g[@]}" -T 2001:db8::1 -o status -n test
expect "groups over IPv6: refusal logged" grep -q "for 'test' from ::1 refused" "$work/g6.log"
stop_daemons
finish
