# Helpers for qdiskd tests against real corosync inside vmha-hosts.
qdiskd_bin=$VMHA_BUILD_DIR/quorum/qdiskd
mkqdisk_bin=$VMHA_BUILD_DIR/quorum/mkqdisk

# corosync_conf FILE DISK "NAME:ADDR ..." [DISK_OPTIONS] [HEURISTICS_BODY]
# Writes the test clusters' corosync.conf (vmha-host corosync-conf: node ids 1..N in order) with the
# quorum disk as its quorum device, each key on its own line.
corosync_conf() {
  local file=$1 disk=$2 nodes=$3 disk_opts=${4:-} heuristics=${5:-}
  {
    printf '  device {\n    model: disk\n    votes: 1\n    timeout: 10000\n'
    printf '    disk {\n      device: %s\n      interval: 1\n      tko: 4\n      reboot: 0\n' "$disk"
    [ -n "$disk_opts" ] && printf '%s\n' "$disk_opts"
    printf '    }\n'
    if [ -n "$heuristics" ]; then printf '    heuristics {\n%s\n    }\n' "$heuristics"; fi
    printf '  }\n'
  } > "$file.quorum"
  # shellcheck disable=SC2086  # one word per node
  "$vmha_host" corosync-conf --name qtest --quorum "$file.quorum" $nodes > "$file"
  rm -f "$file.quorum"
}

# on HOST CMD...: run inside the host
on() { local h=$1; shift; "$vmha_host" exec "$h" "$@"; }

start_corosync() {  # HOST CONF
  on "$1" sh -c "cp '$2' /etc/corosync/corosync.conf && corosync" || return 1
  local i
  for i in $(seq 1 100); do
    on "$1" corosync-cmapctl runtime.votequorum.this_node_id >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

start_qdiskd() {  # HOST
  on "$1" sh -c "'$qdiskd_bin' -f -d >>/var/log/corosync/qdiskd.log 2>&1 &"
}

quorate() { on "$1" corosync-quorumtool -s 2>/dev/null | grep -q '^Quorate: *Yes'; }
not_quorate() { ! quorate "$1"; }
status_field() { on "$1" "$qdiskd_bin" -s 2>/dev/null | sed -n "s/^$2: //p"; }

# wait_until LIMIT_S CMD...: poll every 0.5 s; generous bounds, never a fixed sleep.
wait_until() {
  local limit=$1; shift
  local i
  for i in $(seq 1 $((limit * 2))); do "$@" && return 0; sleep 0.5; done
  return 1
}

show_logs() {  # HOST: on failure, what the daemons said
  echo "--- $1 qdiskd.log"; on "$1" tail -n 25 /var/log/corosync/qdiskd.log 2>/dev/null
  echo "--- $1 corosync-quorumtool"; on "$1" corosync-quorumtool -s 2>/dev/null
}
