#!/usr/bin/env bash
# fence_virtd under hostile connections (issue 13 item 11): while idle, slow-loris and hundreds
# of connections are held open to its TCP listener (and junk datagrams flood its multicast
# group), real requests from Debian's fence_virt / fence_xvm and ours get through and are
# answered while every held connection is still open, i.e. before any of them has been closed
# by its deadline. Afterwards the daemon closes every held connection itself (deadline), and a
# flood from one address is bounded (its oldest connections are closed to make room).
# Behaviour, not time: the assertions are about order and cause. Private network namespace.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/xvm_lib.sh"
enter_private_netns "$@"
work=$(mktemp -d)
daemon_pids=()
trap 'stop_daemons; rm -rf "$work"' EXIT
new_key "$work/key"
hold=(timeout 120 python3 "$VMHA_SOURCE_DIR/tests/fence/xvm_hold.py")

port=1600
write_conf "$work/tcp.conf" tcp sha256 sha256 "$port" "$work/key" test:///default
start_daemon "$our_daemon" "$work/tcp.conf" "$work/tcp.pid" "$work/tcp.log"
deb="/usr/sbin/fence_virt -T 127.0.0.1 -p $port -k $work/key -t 10"
our="$our_client -T 127.0.0.1 -p $port -k $work/key -t 10"
wait_serving $deb || { echo "our fence_virtd did not come up"; cat "$work/tcp.log"; }

# 20 idle + 10 slow-loris connections from 127.0.0.1 (within the per-source bound of 32).
out=$("${hold[@]}" --idle 20 --slow 10 --wait-closed 60 "$port" \
  -- "$deb -o status -n test" -- "$our -o status -n test" -- "$deb -o off -n test" \
  -- "$our -o status -n test" -- "$deb -o on -n test" -- "$deb -o list")
echo "$out" | sed 's/^/     | /'
expect "all 30 hostile connections opened" grep -qx 'opened 30/30' <<<"$out"
expect "Debian fence_virt status answered ON while all 30 are still open" grep -qx 'cmd 1 rc 0 held-open 30/30' <<<"$out"
expect "our fence_virt status answered ON while all 30 are still open" grep -qx 'cmd 2 rc 0 held-open 30/30' <<<"$out"
expect "a fence (off) got through while all 30 are still open" grep -qx 'cmd 3 rc 0 held-open 30/30' <<<"$out"
expect "the guest is OFF (status 2), all 30 still open" grep -qx 'cmd 4 rc 2 held-open 30/30' <<<"$out"
expect "on got through, all 30 still open" grep -qx 'cmd 5 rc 0 held-open 30/30' <<<"$out"
expect "list got through, all 30 still open" grep -qx 'cmd 6 rc 0 held-open 30/30' <<<"$out"
expect "then the daemon closed every held connection itself (deadline)" grep -qx 'closed-by-daemon 30/30' <<<"$out"
expect "the deadline is the logged cause" grep -q 'no complete request within 5 s; closed' "$work/tcp.log"

# 200 idle connections from one address: more than the per-source bound. The oldest are closed
# to make room; a real request from that same address still gets through.
out=$("${hold[@]}" --idle 200 "$port" -- "$deb -o status -n test" -- "$our -o reboot -n test" -- "$deb -o status -n test")
echo "$out" | sed 's/^/     | /'
expect "all 200 connections were accepted" grep -qx 'opened 200/200' <<<"$out"
expect "Debian fence_virt status got through 200 idle connections" grep -q '^cmd 1 rc 0 ' <<<"$out"
expect "our fence_virt reboot got through" grep -q '^cmd 2 rc 0 ' <<<"$out"
expect "status after the reboot: ON" grep -q '^cmd 3 rc 0 ' <<<"$out"
held=$(sed -n 's|^cmd 1 rc [0-9]* held-open \([0-9]*\)/200$|\1|p' <<<"$out")
expect "at most 32 of one address's unauthenticated connections stay open (got ${held:-?})" [ -n "$held" ] && [ "$held" -le 32 ]
expect "the bound is the logged cause" grep -q 'too many unauthenticated connections (from 127.0.0.1): its oldest closed' "$work/tcp.log"
check "daemon still serving afterwards" 0 $deb -o status -n test
stop_daemons

# Multicast: junk datagrams flood the group while Debian's fence_xvm and ours fence.
port=1601
write_conf "$work/mc.conf" multicast sha256 sha256 "$port" "$work/key" test:///default
start_daemon "$our_daemon" "$work/mc.conf" "$work/mc.pid" "$work/mc.log"
debx="/usr/sbin/fence_xvm -p $port -k $work/key -t 10 -r 5"
ourx="$our_xvm -p $port -k $work/key -t 10 -r 5"
wait_serving $debx || { echo "our fence_virtd (multicast) did not come up"; cat "$work/mc.log"; }
out=$("${hold[@]}" --junk-to "225.0.0.12:$port" "$port" -- "$debx -o status -n test" -- "$ourx -o off -n test" \
  -- "$debx -o status -n test" -- "$ourx -o on -n test")
echo "$out" | sed 's/^/     | /'
expect "Debian fence_xvm status through a junk flood" grep -q '^cmd 1 rc 0 ' <<<"$out"
expect "our fence_xvm off through a junk flood" grep -q '^cmd 2 rc 0 ' <<<"$out"
expect "guest OFF" grep -q '^cmd 3 rc 2 ' <<<"$out"
expect "our fence_xvm on through a junk flood" grep -q '^cmd 4 rc 0 ' <<<"$out"
expect "junk logs are rate-limited (fewer than 100 refusal lines)" [ "$(grep -c 'refused:' "$work/mc.log")" -lt 100 ]
stop_daemons
finish
