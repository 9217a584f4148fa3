# Shared by the fence tests: define a tiny disk-less guest (KVM when present, TCG otherwise).
# usage: define_guest HOST NAME
tiny_guest_xml() {
  local type=kvm
  [ -c /dev/kvm ] || type=qemu
  echo "<domain type='$type'><name>$1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>"
}
define_guest() {
  local host=$1 name=$2
  tiny_guest_xml "$name" > "$work/$name.xml"
  "$vmha_host" exec "$host" virsh -q define "$work/$name.xml" >/dev/null
}
domstate() { "$vmha_host" exec "$1" virsh -q domstate "$2" 2>&1 | head -1; }
# shut_off HOST NAME: libvirt reports the guest shut off, allowing it 3 s to get there. Our agents
# report a guest off the moment its qemu exits; libvirt notices at its next poll (up to 200 ms).
shut_off() {
  local i
  for i in $(seq 30); do
    [ "$(domstate "$1" "$2")" = "shut off" ] && return 0
    sleep 0.1
  done
  return 1
}
