# A plain monitor asks the local libvirtd over its socket (agents/libvirt_wire.cpp) without
# loading libvirt's client library; it must report exactly what the library-backed monitor
# reports, in every state a guest can be in, and fall back to the library where the wire
# declines or fails.
source "$(dirname "$0")/agentlib.sh"

host_up aw1
cfg=$(make_guest vmha-wire)
sed -i 's|<vcpu>1</vcpu>|<vcpu>2</vcpu>|' "$cfg"
env=(OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=20000 OCF_RESKEY_CRM_meta_interval=10000)
# The same daemon through a URI the wire declines (URI parameters are the library's business).
library=(OCF_RESKEY_hypervisor="qemu+unix:///system?socket=/var/run/libvirt/libvirt-sock")

# monitor_both "state" EXPECTED: the wire and the library agree, and both say EXPECTED.
monitor_both() {
  local what=$1 rc=$2
  check "monitor over the socket: $what" "$rc" on aw1 "${env[@]}" -- "$agent" monitor
  check "monitor through libvirt's library: $what" "$rc" on aw1 "${env[@]}" "${library[@]}" -- "$agent" monitor
  check "rgmanager status over the socket: $what" "$rc" on aw1 OCF_RESKEY_name=vmha-wire -- "$vmsh" status
}

monitor_both "not defined" 7
virsh_on aw1 define "$cfg" >/dev/null
monitor_both "defined, shut off" 7
check "start" 0 on aw1 "${env[@]}" -- "$agent" start
monitor_both "running" 0
virsh_on aw1 suspend vmha-wire >/dev/null
monitor_both "paused by an administrator" 0
virsh_on aw1 resume vmha-wire >/dev/null

# What makes it cheap: the plain monitor never loads libvirt.so; the library path does.
loaded() { grep -c "calling init: .*libvirt.so" <<<"$last_output" || true; }
check "monitor traced by the dynamic loader" 0 on aw1 "${env[@]}" LD_DEBUG=libs -- "$agent" monitor
expect "the socket monitor did not load libvirt's library" [ "$(loaded)" = 0 ]
check "library monitor traced by the dynamic loader" 0 on aw1 "${env[@]}" "${library[@]}" LD_DEBUG=libs -- "$agent" monitor
expect "the library monitor did load it (the trace can see it)" [ "$(loaded)" -ge 1 ]

# Utilization is kept from the guest's size read over the socket: 2 vCPUs, 64 MiB. crm_resource
# here only records what it was asked (outside a cluster the real one cannot reach a CIB).
printf '#!/bin/sh\necho "$*" >> /var/tmp/vmha-wire-crm.log\n' > "$work/crm_resource"; chmod +x "$work/crm_resource"
"$vmha_host" install aw1 /usr/sbin "$work/crm_resource"
rm -f /var/tmp/vmha-wire-crm.log; mkdir -p /var/tmp/vmha-wire-rsctmp
check "monitor with utilization kept" 0 on aw1 "${env[@]}" HA_RSCTMP=/var/tmp/vmha-wire-rsctmp \
  OCF_RESKEY_crm_feature_set=3.16.2 HA_debug=1 -- "$agent" monitor
expect "the wire answered it (no fallback to the library)" bash -c "! grep -q 'did not answer' <<<\"\$1\"" _ "$last_output"
expect "cpu set to the guest's 2 vCPUs" grep -q -- "--set-parameter cpu --parameter-value 2" /var/tmp/vmha-wire-crm.log
expect "host_memory set to 64 MiB" grep -q -- "--set-parameter host_memory --parameter-value 64" /var/tmp/vmha-wire-crm.log
rm -rf /var/tmp/vmha-wire-crm.log /var/tmp/vmha-wire-rsctmp

# A daemon that is there but answers nonsense: the wire gives up and the library decides (it
# cannot talk to it either, so the process table does). A listener on libvirtd's socket path
# that writes garbage stands in for the broken daemon.
cat > "$work/nonsense.py" <<'PY'
import os, socket, sys
path = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
# Bound and listening under another name first, then renamed into place: the socket file must
# not appear before it accepts, or a monitor racing in would be refused instead of answered.
s.bind(path + ".new")
s.listen(8)
os.rename(path + ".new", path)
while True:
    c, _ = s.accept()
    # Answer the monitor's first call, once it has been sent: closing before it is read would
    # make the monitor fail to send instead of failing to understand.
    c.recv(65536)
    c.sendall(b"\xff\xff\xff\xffjunk")
    c.close()
PY
"$vmha_host" exec aw1 mv /var/run/libvirt/libvirt-sock /var/run/libvirt/libvirt-sock.real
"$vmha_host" exec aw1 bash -c "nohup python3 '$work/nonsense.py' /var/run/libvirt/libvirt-sock >/dev/null 2>&1 &"
for _ in $(seq 50); do "$vmha_host" exec aw1 test -S /var/run/libvirt/libvirt-sock && break; sleep 0.1; done
check "monitor against a daemon speaking nonsense" 0 on aw1 "${env[@]}" HA_debug=1 -- "$agent" monitor
# shown_or_dumped PATTERN: the monitor's output has PATTERN; if not, show what it said instead.
shown_or_dumped() {
  grep -q "$1" <<<"$last_output" && return 0
  printf '%s\n' "$last_output" | tail -n 8 | sed 's/^/     | /'
  return 1
}
expect "the wire named what was wrong before handing over" \
  shown_or_dumped "did not answer (libvirtd's reply: message length 4294967295 exceeds"
expect "the library could not talk to it either, so the process table decided" \
  grep -q "the qemu process of vmha-wire (pid [0-9]*) is alive" <<<"$last_output"
"$vmha_host" exec aw1 bash -c "pkill -f '[n]onsense.py'; rm -f /var/run/libvirt/libvirt-sock; mv /var/run/libvirt/libvirt-sock.real /var/run/libvirt/libvirt-sock"
check "monitor with the real daemon back" 0 on aw1 "${env[@]}" HA_debug=1 -- "$agent" monitor
expect "answered over the socket again" bash -c "! grep -Eq 'did not answer|cannot connect' <<<\"\$1\"" _ "$last_output"

check "stop" 0 on aw1 "${env[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop
monitor_both "stopped (still defined)" 7
finish
