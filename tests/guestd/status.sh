# vmha-guestd's status file, against libvirt's in-process test driver (test:///default, one running
# domain "test"): no libvirtd, no cluster, no lock. The status is written when something changed (a
# record appears, changes or goes; a decision), never on a timer: 30 idle guests cost no rewrites.
source "$VMHA_SUPPORT/testlib.sh"
guestd="$VMHA_BUILD_DIR/guestd/vmha-guestd"
work=$(mktemp -d)
run="$work/run" guests="$work/guests"
"$guestd" -c test:///default -N node1 -R "$run" -G "$guests" -d 2>"$work/log" &
dpid=$!
trap 'kill $dpid 2>/dev/null; wait $dpid 2>/dev/null; rm -rf "$work"' EXIT

status() { "$guestd" -R "$run" --status; }
wait_for() {
  local what=$1; shift
  for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && { _record 1 "$what"; return 0; }; sleep 0.1; done
  _record 0 "$what (not within 10 s)"; sed 's/^/#   /' "$work/log" | tail -n 10
}
record() {  # NAME RESOURCE: as the agent writes it, a temporary file renamed
  printf 'resource=%s\nstorage_error_policy=kill\nintent=none\nintent_until=0\nstarted=1\n' "$2" >"$guests/$1.tmp"
  mv "$guests/$1.tmp" "$guests/$1"
}
inode() { stat -c %i "$run/status"; }

wait_for "vmha-guestd runs and made its records directory" bash -c "'$guestd' -R '$run' --status && test -d '$guests'"
record test vm1
wait_for "a new record is in --status (inotify)" bash -c "'$guestd' -R '$run' --status | grep -q '^guest test resource vm1 .* heartbeat none: running'"
before=$(inode)
sleep 6
expect "idle for 6 s: the status file was not rewritten" [ "$(inode)" = "$before" ]
record test vm2
wait_for "a changed record is in --status" bash -c "'$guestd' -R '$run' --status | grep -q '^guest test resource vm2 '"
expect "  and only then was the file rewritten" [ "$(inode)" != "$before" ]
rm "$guests/test"
wait_for "a removed record leaves --status" bash -c "! '$guestd' -R '$run' --status | grep -q '^guest test '"
printf 'resource=vm3\nheartbeat=guest-agent\n' >"$guests/test"
wait_for "--status shows the heartbeat and its reset limit" bash -c "'$guestd' -R '$run' --status | grep -q '^guest test resource vm3 .* heartbeat guest-agent (resets 0/3 in 3600 s, agent not heard yet): running'"
kill "$dpid"; wait "$dpid"
check "stopped: --status says it is not running" 3 "$guestd" -R "$run" --status
finish
