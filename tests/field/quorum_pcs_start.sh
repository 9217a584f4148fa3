#!/usr/bin/env bash
# Issue 12 item 5: the start path pcs users run, with vmha's quorum disk (quorum.device.model: disk).
# pcs 0.11 starts corosync, then corosync-qdevice for any quorum.device.model, then pacemaker (and
# stops them in reverse); nothing started qdiskd. Here: the qdiskd unit as `cmake --install` puts
# it, checked by systemd-analyze; enabled offline (systemctl --root) it answers to pcs's
# "corosync-qdevice" and is wanted by pacemaker.service; pcs's own code (Debian's pcs) decides the
# order; then each step of that order is run under this test's supervision, the qdiskd step being
# the unit's ExecStart line with a NOTIFY_SOCKET as systemd would give it (Type=notify), against a
# real corosync, and pacemaker started only after qdiskd said READY, as the unit's ordering makes
# systemd do. systemctl itself cannot run here (no systemd as pid 1).
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
host=qpcs1
work=$(mktemp -d /var/tmp/vmha-field-qpcs.XXXXXX)
listener=
cleanup() {
  [ "$failed" -gt 0 ] && { show_logs "$host"; cat "$work/notify.log" 2>/dev/null; }
  [ -n "$listener" ] && kill "$listener" 2>/dev/null
  "$vmha_host" down "$host" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
pcs_python=/usr/bin/python3  # pcs's own interpreter (/usr/sbin/pcs)

# 1. The unit as installed.
prefix=$work/prefix
check "cmake --install puts the unit under lib/systemd/system" 0 cmake --install "$VMHA_BUILD_DIR" --prefix "$prefix"
unit=$prefix/lib/systemd/system/qdiskd.service
expect "  ... qdiskd.service is there" [ -f "$unit" ]
expect "  ... its ExecStart is the installed qdiskd, in the foreground" grep -qx "ExecStart=$prefix/sbin/qdiskd -f" "$unit"
check "systemd-analyze verify accepts it" 0 systemd-analyze verify "$unit"
expect "  ... without a complaint" [ -z "$last_output" ]
key() { sed -n "s/^$1=//p" "$unit"; }
expect "requires corosync" [ "$(key Requires)" = corosync.service ]
expect "ordered after corosync" grep -qx 'After=corosync.service.*' "$unit"
expect "ordered before pacemaker" [ "$(key Before)" = pacemaker.service ]
expect "stopped and restarted with corosync (PartOf)" [ "$(key PartOf)" = corosync.service ]
expect "Type=notify: started means registered" [ "$(key Type)" = notify ]

# 2. Enabled the documented way, offline, in a root holding Debian's corosync and pacemaker units
#    and Debian's corosync-qdevice unit (the package may be installed beside vmha).
root=$work/root
mkdir -p "$root/lib/systemd/system" "$root/etc/systemd/system"
cp "$unit" /lib/systemd/system/corosync.service /lib/systemd/system/pacemaker.service "$root/lib/systemd/system/"
printf '[Unit]\nDescription=stand-in for Debian corosync-qdevice.service\n[Service]\nExecStart=/usr/sbin/corosync-qdevice -f\n[Install]\nWantedBy=multi-user.target\n' \
  > "$root/lib/systemd/system/corosync-qdevice.service"
check "systemctl enable qdiskd" 0 systemctl --root="$root" enable qdiskd.service
expect "  ... pacemaker.service wants qdiskd" [ "$(readlink "$root/etc/systemd/system/pacemaker.service.wants/qdiskd.service")" = /lib/systemd/system/qdiskd.service ]
expect "  ... corosync-qdevice.service is qdiskd (an alias)" [ "$(readlink "$root/etc/systemd/system/corosync-qdevice.service")" = /lib/systemd/system/qdiskd.service ]
check "systemctl is-enabled corosync-qdevice" 0 systemctl --root="$root" is-enabled corosync-qdevice.service
expect "  ... says alias" [ "$last_output" = alias ]
check "systemctl disable qdiskd" 0 systemctl --root="$root" disable qdiskd.service
expect "  ... removes the alias (Debian's corosync-qdevice unit is itself again)" [ ! -e "$root/etc/systemd/system/corosync-qdevice.service" ]
expect "  ... and the wants link" [ ! -e "$root/etc/systemd/system/pacemaker.service.wants/qdiskd.service" ]
expect "  ... and never touched the package's unit" grep -q 'stand-in for Debian' "$root/lib/systemd/system/corosync-qdevice.service"
systemctl --root="$root" enable qdiskd.service >/dev/null 2>&1
resolve() {  # the unit file systemd would load for NAME in $root (/etc wins over /lib; links are root-relative)
  local f
  for f in "$root/etc/systemd/system/$1.service" "$root/lib/systemd/system/$1.service"; do
    if [ -L "$f" ]; then basename "$(readlink "$f")"; return; fi
    if [ -e "$f" ]; then basename "$f"; return; fi
  done
}

# 3. pcs's own decision and order, from Debian's pcs code, for a corosync.conf with model: disk.
"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
disk=$work/disk; : > "$disk"
"$mkqdisk_bin" -c "$disk" -l qpcs-disk -n qtest >/dev/null
corosync_conf "$work/corosync.conf" "$disk" "$host:127.0.0.1"
cat > "$work/pcs_order.py" <<'PY'
import sys
from pcs import settings, utils, cluster
settings.corosync_conf_file = sys.argv[1]
calls = []
utils.hasCorosyncConf = lambda: True
utils.start_service = lambda s: calls.append("start " + s)
utils.stop_service = lambda s: calls.append("stop " + s)
utils.pcs_options = {}
cluster.start_cluster([])           # pcs cluster start
cluster.stop_cluster_pacemaker()    # pcs cluster stop
cluster.stop_cluster_corosync()
print("\n".join(calls))
PY
check "pcs's start_cluster/stop_cluster on this corosync.conf" 0 "$pcs_python" "$work/pcs_order.py" "$work/corosync.conf"
order=$(grep -E '^(start|stop) ' <<<"$last_output")
expect "  ... pcs starts corosync, corosync-qdevice, pacemaker and stops them in reverse" \
  [ "$order" = "$(printf 'start corosync\nstart corosync-qdevice\nstart pacemaker\nstop pacemaker\nstop corosync-qdevice\nstop corosync')" ]
expect "  ... and its corosync-qdevice is qdiskd.service" [ "$(resolve corosync-qdevice)" = qdiskd.service ]

# 4. That order, each step as systemd would run it.
exec_start=$(key ExecStart)
cat > "$work/notify.py" <<'PY'
import os, socket, subprocess, sys
path, log, vmha_host, host = sys.argv[1:5]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
with open(log, "a", buffering=1) as out:
    while True:
        msg = s.recv(4096).decode()
        # What corosync knows at the moment qdiskd says it is ready (systemd would start pacemaker now).
        seen = subprocess.run([vmha_host, "exec", host, "corosync-quorumtool", "-s"], capture_output=True, text=True).stdout
        out.write("MESSAGE " + msg.replace("\n", " ") + "\n" + seen + "END\n")
PY
python3 "$work/notify.py" "$work/notify.sock" "$work/notify.log" "$vmha_host" "$host" &
listener=$!
wait_until 10 test -S "$work/notify.sock"
for step in $(grep '^start ' <<<"$order" | cut -d' ' -f2); do
  case $(resolve "$step") in
    corosync.service)
      check "pcs step 'start $step': corosync" 0 start_corosync "$host" "$work/corosync.conf"
      expect "  ... not quorate yet (expected votes 2: the node and the disk)" not_quorate "$host" ;;
    qdiskd.service)
      on "$host" sh -c "NOTIFY_SOCKET='$work/notify.sock' setsid $exec_start </dev/null >>/var/log/corosync/qdiskd.log 2>&1 &"
      expect "pcs step 'start $step': qdiskd.service's ExecStart says READY=1" wait_until 60 grep -q '^MESSAGE READY=1' "$work/notify.log"
      ready=$(sed -n '/^MESSAGE READY=1/,/^END/p' "$work/notify.log")
      expect "  ... by then corosync lists the device (Qdevice flag)" grep -q 'Flags: .*Qdevice' <<<"$ready"
      expect "  ... registered as QDisk" grep -Eq '^ +0 +[01] +QDisk' <<<"$ready"
      expect "  ... and the host becomes quorate through it" wait_until 60 quorate "$host" ;;
    pacemaker.service)
      expect "pcs step 'start $step' comes after qdiskd's READY" grep -q '^MESSAGE READY=1' "$work/notify.log"
      on "$host" sh -c 'setsid pacemakerd </dev/null >/var/log/pacemaker/pacemakerd.out 2>&1 &'
      expect "  ... Pacemaker sees a partition with quorum" wait_until 120 bash -c "'$vmha_host' exec $host crm_mon -1 2>/dev/null | grep -q 'partition with quorum'" ;;
    *) expect "pcs step 'start $step' maps to a unit we know ($(resolve "$step"))" false ;;
  esac
done

# pcs cluster stop: pacemaker, then corosync-qdevice (= qdiskd: SIGTERM, the unit's stop), then corosync.
on "$host" sh -c 'kill -TERM $(cat /run/pacemaker*.pid 2>/dev/null || pidof pacemakerd)' 2>/dev/null
expect "pcs step 'stop pacemaker'" wait_until 120 bash -c "! '$vmha_host' exec $host pidof pacemakerd >/dev/null"
qpid=$(on "$host" cat /run/qdiskd/pid)
on "$host" kill -TERM "$qpid"
expect "pcs step 'stop corosync-qdevice': qdiskd exits" wait_until 30 bash -c "! '$vmha_host' exec $host kill -0 $qpid 2>/dev/null"
# The listener writes a message only after asking corosync what it sees then: wait for its line.
expect "  ... having told systemd STOPPING=1" wait_until 15 grep -q '^MESSAGE STOPPING=1' "$work/notify.log"
expect "  ... and unregistered the device (no Qdevice flag)" wait_until 10 bash -c "! '$vmha_host' exec $host corosync-quorumtool -s | grep -q 'Flags: .*Qdevice'"
finish
