#!/usr/bin/env bash
# Fence-off latency (request -> guest destroyed and reported), all four peers in one run, inside a
# private host (fy9) with a real libvirtd and a tiny KVM guest:
#   fence_libvirt                  vs  Debian fence_virsh (ssh to 127.0.0.1, runs virsh)
#   our fence_virt -> our fence_virtd (TCP)  vs  Debian fence_virt -> Debian fence_virtd (TCP)
# usage: tests/bench/fence_off_latency.sh BUILD_DIR [RUNS]     (prints hyperfine's markdown table)
set -euo pipefail
build=${1:?usage: fence_off_latency.sh BUILD_DIR [RUNS]}
build=$(cd "$build" && pwd)
runs=${2:-15}
src=$(cd "$(dirname "$0")/../.." && pwd)
vmha_host=$src/tests/support/vmha-host
host=fy9
work=$(mktemp -d /var/tmp/vmha-fence-bench.XXXXXX)
cleanup() { "$vmha_host" down "$host" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
on() { "$vmha_host" exec "$host" "$@"; }

type=kvm; [ -c /dev/kvm ] || type=qemu
echo "<domain type='$type'><name>fxb1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>" > "$work/fxb1.xml"
head -c 512 /dev/urandom > "$work/key"; chmod 600 "$work/key"
for daemon in ours:1229 debian:1230; do
  name=${daemon%%:*} port=${daemon##*:}
  cat > "$work/$name.conf" <<CONF
fence_virtd {
	listener = "tcp";
	backend = "libvirt";
	module_path = "$(dirname "$(dpkg -L fence-virtd | grep '/fence-virt/virt.so$' | head -1)")";
}
listeners { tcp { key_file = "$work/key"; address = "127.0.0.1"; port = "$port"; } }
backends { libvirt { uri = "qemu:///system"; } }
CONF
  chmod 600 "$work/$name.conf"
done
ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$work/id"
cp "$work/id.pub" "$work/authorized_keys"; chmod 600 "$work/authorized_keys"
cat > "$work/sshd_config" <<CONF
ListenAddress 127.0.0.1
HostKey $work/hostkey
PermitRootLogin prohibit-password
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PidFile /run/sshd-bench.pid
CONF

"$vmha_host" down "$host" >/dev/null 2>&1 || true
"$vmha_host" up "$host" >/dev/null
on virsh -q define "$work/fxb1.xml" >/dev/null
on sh -c "mkdir -p /run/sshd && /usr/sbin/sshd -f '$work/sshd_config'"
on sh -c "'$build/fence/virtd/fence_virtd' -F -f '$work/ours.conf' -p /run/ours.pid >/run/ours.log 2>&1 &"
on sh -c "/usr/sbin/fence_virtd -F -f '$work/debian.conf' -p /run/debian.pid >/run/debian.log 2>&1 &"
sleep 1

# fence_virsh reads its parameters from stdin (as Pacemaker hands them), which avoids quoting the
# default prompt-setting ssh command on a command line.
cat > "$work/virsh.args" <<ARGS
action=off
ip=127.0.0.1
username=root
identity_file=$work/id
plug=fxb1
ssh_options=-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR -t '/bin/bash -c "PS1=\\[EXPECT\\]# /bin/bash --noprofile --norc"'
ARGS
printf 'exec /usr/sbin/fence_virsh < %s\n' "$work/virsh.args" > "$work/virsh.sh"
# Start the guest for the next run. Our agents report a guest off the moment its qemu exits, when
# libvirt may still be finishing the destroy (up to its 200 ms poll) and refuses a start: retry.
cat > "$work/start.sh" <<'SH'
for _ in $(seq 100); do virsh -q start fxb1 >/dev/null 2>&1 && exit 0; sleep 0.05; done
echo "fxb1 would not start" >&2; exit 1
SH
# Sanity: every peer can fence before we time it.
on bash "$work/start.sh"; on bash "$work/virsh.sh" >/dev/null
on bash "$work/start.sh"; on "$build/fence/fence_libvirt" -o off -n fxb1 >/dev/null
on bash "$work/start.sh"; on "$build/fence/xvm/fence_virt" -T 127.0.0.1 -p 1229 -k "$work/key" -o off -n fxb1
on bash "$work/start.sh"; on /usr/sbin/fence_virt -T 127.0.0.1 -p 1230 -k "$work/key" -o off -n fxb1

on hyperfine --runs "$runs" --warmup 1 --style basic --export-markdown "$work/result.md" \
  --prepare "bash $work/start.sh" \
  -n 'fence_libvirt (vmha)' "$build/fence/fence_libvirt -o off -n fxb1" \
  -n 'fence_virsh (Debian, ssh)' "bash $work/virsh.sh" \
  -n 'fence_virt -> fence_virtd (vmha)' "$build/fence/xvm/fence_virt -T 127.0.0.1 -p 1229 -k $work/key -o off -n fxb1" \
  -n 'fence_virt -> fence_virtd (Debian)' "/usr/sbin/fence_virt -T 127.0.0.1 -p 1230 -k $work/key -o off -n fxb1" >&2
cat "$work/result.md"
