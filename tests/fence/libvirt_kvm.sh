#!/usr/bin/env bash
# fence_libvirt against a real libvirtd with real KVM guests, inside a private host (fx1):
# every action, name and UUID, a missing guest, a wrong URI, and libvirtd gone (must not say OFF).
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/fence/guest.sh"
agent=$VMHA_BUILD_DIR/fence/fence_libvirt
host=fx1
work=$(mktemp -d)
cleanup() { "$vmha_host" down "$host" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
define_guest "$host" fxg1
define_guest "$host" fxg2
"$vmha_host" exec "$host" virsh -q start fxg1 >/dev/null
uuid=$("$vmha_host" exec "$host" virsh domuuid fxg1 | head -1)
fa() { "$vmha_host" exec "$host" "$agent" "$@"; }
fa_stdin() { printf "$1" | "$vmha_host" exec "$host" "$agent"; }

check "status of a running guest" 0 fa -o status -n fxg1
check "status of a defined, stopped guest" 2 fa -o status -n fxg2
check "status by UUID" 0 fa -o status -n "$uuid"
check "list-status shows both guests with UUIDs" 0 bash -c "$(declare -f fa); vmha_host=$vmha_host host=$host agent=$agent; out=\$(fa -o list-status); grep -qx 'fxg1,$uuid,ON' <<<\"\$out\" && grep -q '^fxg2,.*,OFF$' <<<\"\$out\""
pid_before=$("$vmha_host" exec "$host" cat /run/libvirt/qemu/fxg1.pid)
# qemu_alive PID: the process exists and is not a zombie (a zombie runs nothing; its parent reaps it).
qemu_alive() {
  local st
  st=$("$vmha_host" exec "$host" cat "/proc/$1/stat" 2>/dev/null | sed 's/.*) //' | cut -d' ' -f1)
  [ -n "$st" ] && [ "$st" != Z ]
}
qemu_gone() { ! qemu_alive "$1"; }
expect "the guest's qemu runs (pid $pid_before)" qemu_alive "$pid_before"
check "off (stdin, port=) destroys the guest" 0 fa_stdin 'action=off\nport=fxg1\nverbose=1\n'
# What fencing promises: when off reports success, the guest's qemu is gone. On the local system
# daemon the agent watches that process itself and reports its exit at once, while libvirt
# finishes the destroy in the background (it notices the exit only at its next 200 ms poll).
expect "its qemu process was gone when off reported success" qemu_gone "$pid_before"
expect "off watched the qemu process exit" grep -q "qemu process $pid_before of fxg1 exited: the guest is off" <<<"$last_output"
expect "libvirt reports the guest shut off once its destroy completes" shut_off "$host" fxg1
check "off again: already off" 0 fa -o off -n fxg1
check "status after off" 2 fa -o status -n fxg1
check "on starts the guest" 0 fa -o on -n fxg1
expect "guest runs after on" [ "$(domstate $host fxg1)" = "running" ]
pid_mid=$("$vmha_host" exec "$host" cat /run/libvirt/qemu/fxg1.pid)
check "reboot by UUID (stdin, plug=)" 0 fa_stdin "action=reboot\nplug=$uuid\n"
pid_after=$("$vmha_host" exec "$host" cat /run/libvirt/qemu/fxg1.pid)
expect "reboot ran a new qemu process" [ -n "$pid_after" -a "$pid_after" != "$pid_mid" -a "$pid_mid" != "$pid_before" ]
check "reboot of a stopped guest starts it" 0 fa -o reboot -n fxg2
expect "fxg2 runs after reboot" [ "$(domstate $host fxg2)" = "running" ]
# A URI other than the local system daemon's: the agent cannot see the guest's process, so it
# waits for libvirt's own answer (the same daemon here, reached as libvirt would reach a remote one).
pid_fxg2=$("$vmha_host" exec "$host" cat /run/libvirt/qemu/fxg2.pid)
check "off through another URI" 0 fa -o off -n fxg2 -v --uri qemu+unix:///system
expect "  waited for libvirt, not for the process" bash -c "! grep -q 'qemu process .* exited' <<<\"\$1\"" _ "$last_output"
expect "  libvirt already reports it shut off" [ "$(domstate $host fxg2)" = "shut off" ]
expect "  its qemu is gone" qemu_gone "$pid_fxg2"
check "missing guest: status fails" 1 fa -o status -n nosuchguest
check "missing guest: off fails" 1 fa -o off -n nosuchguest
check "missing guest with missing_as_off: off succeeds" 0 fa -o off -n nosuchguest --missing-as-off
check "wrong URI fails" 1 fa -o status -n fxg1 --uri qemu+unix:///system?socket=/nonexistent.sock
check "monitor" 0 fa -o monitor

# libvirtd gone: the agent cannot know, so it must fail rather than report OFF
kill "$("$vmha_host" libvirtd-pid "$host")"
for _ in $(seq 100); do "$vmha_host" exec "$host" test -S /run/libvirt/libvirt-sock || break; sleep 0.1; done
check "libvirtd down: status is an error, not OFF" 1 fa -o status -n fxg1 --power-timeout=5
check "libvirtd down: off is an error" 1 fa -o off -n fxg1 --power-timeout=5
finish
