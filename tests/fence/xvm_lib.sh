# Helpers for the fence_xvm protocol tests. Everything runs inside a private network namespace
# (unshare -n) whose only interface is loopback with a multicast route: no packet leaves it.
our_client=$VMHA_BUILD_DIR/fence/xvm/fence_virt
our_xvm=$VMHA_BUILD_DIR/fence/xvm/fence_xvm
our_daemon=$VMHA_BUILD_DIR/fence/virtd/fence_virtd
debian_daemon=/usr/sbin/fence_virtd
fv_module_path=$(dirname "$(dpkg -L fence-virtd | grep '/fence-virt/virt.so$' | head -1)")

# Re-run the calling script inside a fresh network namespace (once).
enter_private_netns() {
  if [ -z "${VMHA_FENCE_NETNS:-}" ]; then
    VMHA_FENCE_NETNS=1 exec unshare -n -- bash "$0" "$@"
  fi
  ip link set lo up
  ip link set lo multicast on
  ip route add 224.0.0.0/4 dev lo
}

# virtd_conf FILE LISTENER BACKEND URI KEYFILE LISTENER_LINES [EXTRA_BLOCKS]: a fence_virt.conf
# (mode 600) that Debian's fence_virtd and ours both read. LISTENER_LINES go inside the listener
# block (address, port, family, hash, ...); EXTRA_BLOCKS (e.g. groups) follow the backends.
virtd_conf() {
  local file=$1 listener=$2 backend=$3 uri=$4 key=$5 lines=$6 extra=${7:-}
  cat > "$file" <<CONF
fence_virtd {
	listener = "$listener";
	backend = "$backend";
	module_path = "$fv_module_path";
}
listeners {
	$listener {
		key_file = "$key";
		$lines
	}
}
backends {
	$backend {
		uri = "$uri";
	}
}
$extra
CONF
  chmod 600 "$file"
}

# write_conf FILE LISTENER(tcp|multicast) HASH AUTH PORT KEYFILE URI: an IPv4 libvirt listener.
write_conf() {
  local where='address = "127.0.0.1";'
  [ "$2" = multicast ] && where='address = "225.0.0.12"; interface = "lo"; family = "ipv4";'
  virtd_conf "$1" "$2" libvirt "$7" "$6" "$where port = \"$5\"; hash = \"$3\"; auth = \"$4\";"
}

new_key() { head -c 512 /dev/urandom > "$1"; chmod 600 "$1"; }

# start_daemon BINARY CONF PIDFILE LOG: starts in the foreground (background job), records its pid.
start_daemon() {
  "$1" -F -f "$2" -p "$3" > "$4" 2>&1 &
  daemon_pids+=("$!")
}

stop_daemons() {
  local p
  for p in "${daemon_pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  daemon_pids=()
}

# wait_serving CLIENT-ARGS...: polls "status" until the daemon answers 0 or 2 (bounded).
wait_serving() {
  local i rc
  for i in $(seq 50); do
    "$@" -o status -n test >/dev/null 2>&1; rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 2 ] && return 0
    sleep 0.2
  done
  return 1
}

# An IPv6 link inside the private namespace: fence-virt's clients send from global addresses
# only (not ::1, not link-local), and loopback carries no IPv6 multicast, so a veth pair gives
# the namespace one interface (v0, 2001:db8::1 from the documentation range) whose multicast
# loops back to local listeners. Nothing leaves the namespace: v1, the other end, is in it too.
add_ipv6_link() {
  ip link add v0 type veth peer name v1 || return 1
  ip link set v1 up
  ip link set v0 up
  ip -6 addr add 2001:db8::1/64 dev v0 nodad
}

# write_conf6 FILE LISTENER(tcp|multicast) PORT KEYFILE [ADDRESS]: IPv6 listener on test:///default.
write_conf6() {
  local where='family = "ipv6";'
  [ "$2" = multicast ] && where='family = "ipv6"; interface = "v0";'
  [ -n "${5:-}" ] && where="$where address = \"$5\";"
  virtd_conf "$1" "$2" libvirt test:///default "$4" "$where port = \"$3\";"
}
