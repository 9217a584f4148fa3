# agentlib.sh: what the guest-agent integration tests share: private libvirtd hosts, tiny KVM
# guests, and running the agent inside a host the way Pacemaker would.
source "$VMHA_SUPPORT/testlib.sh"

agent="$VMHA_BUILD_DIR/agents/VirtualDomain"
vmsh="$VMHA_BUILD_DIR/agents/vm.sh"
work=$(mktemp -d /var/tmp/vmha-agent-test.XXXXXX)   # outside /run: hosts have a private /run
hosts_made=()

cleanup() {
  for h in "${hosts_made[@]}"; do "$vmha_host" down "$h" >/dev/null 2>&1 || true; done
  # A host made with --ip created the test switch; `down NAME` keeps it for other hosts. With no host
  # left (these tests hold the hosts' lock), it is ours to remove.
  if [ ${#hosts_made[@]} -gt 0 ] && [ -z "$("$vmha_host" ls 2>/dev/null)" ]; then
    ip netns del vmha-switch 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# KVM when the machine has it, TCG otherwise.
virt_type() { [ -c /dev/kvm ] && echo kvm || echo qemu; }

# make_guest NAME [extra devices XML] → path of its config file
make_guest() {
  local name=$1 extra=${2:-}
  cat > "$work/$name.xml" <<XML
<domain type='$(virt_type)'>
  <name>$name</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator>$extra</devices>
</domain>
XML
  echo "$work/$name.xml"
}

host_up() {
  "$vmha_host" down "$1" >/dev/null 2>&1 || true
  "$vmha_host" up "$@" || { echo "cannot bring up host $1"; exit 1; }
  hosts_made+=("$1")
}

# on HOST VAR=value... -- agent ACTION: runs the agent inside HOST with an OCF environment.
on() {
  local host=$1; shift
  local vars=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  "$vmha_host" exec "$host" env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE="${RESOURCE:-guest}" \
    HA_RSCTMP=/run/resource-agents "${vars[@]}" "$@"
}

virsh_on() { local host=$1; shift; "$vmha_host" exec "$host" virsh -q -c qemu:///system "$@"; }
domstate() { virsh_on "$1" domstate "$2" 2>/dev/null | head -n1; }
runs_on() { [ "$(domstate "$1" "$2")" = running ]; }
absent_on() { ! virsh_on "$1" dominfo "$2" >/dev/null 2>&1; }

# Milliseconds since the epoch, for "did it finish within its timeout" checks.
now_ms() { date +%s%3N; }
