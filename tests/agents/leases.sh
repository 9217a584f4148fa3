#!/usr/bin/env bash
# Storage leases at the agent's level (docs/leases.md), against real libvirtd + virtlockd hosts:
# ag1 and ag2 share a lockspace (vmha-config --target libvirt), ag3 has no lock manager.
# Whoever holds a guest's lease, no second host starts it: not the agent (whose exit reason names
# the lock), not an administrator's virsh; the lease moves with a live migration; a guest paused
# by libvirt holds none and cannot be resumed once it runs elsewhere; one frozen by SIGSTOP keeps it.
# A save (the snapshot parameter) releases the lease, the restore takes it again and is refused
# while another host holds it; transient (VirtualDomain) and persistent (vm.sh) guests alike, and a
# persistent guest's live migration moves the lease with its definition.
source "$(dirname "$0")/agentlib.sh"

cat > "$work/topology.yaml" <<YAML
cluster: {name: leases, fencing_enabled: false}
nodes: [{name: ag1, id: 1}, {name: ag2, id: 2}]
storage: {leases: lockd, lockspace: $work/locks}
YAML
check "vmha-config writes the hosts' lock-manager fragments" 0 \
  "$VMHA_BUILD_DIR/config-gen/vmha-config" generate "$work/topology.yaml" --target libvirt -o "$work/libvirt/"
mkdir -p "$work/locks"
host_up ag1 --ip 192.0.2.1 --libvirt-conf "$work/libvirt"
host_up ag2 --ip 192.0.2.2 --libvirt-conf "$work/libvirt"
host_up ag3

# The disk sits at one path in each host's private /var/lib/libvirt, as a shared LUN would: QEMU's
# own image lock, which on one kernel would refuse the second open before any lease is asked
# for, cannot see across hosts there, so only the lease can refuse.
disk=/var/lib/libvirt/images/vmha-lease.img
for h in ag1 ag2 ag3; do "$vmha_host" exec "$h" sh -c "mkdir -p ${disk%/*} && truncate -s 16M $disk"; done
cfg=$(make_guest vmha-lease "<disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/><source file='$disk'/><target dev='vda' bus='virtio'/></disk>")
lock=$work/locks/$(printf %s "$disk" | sha256sum | cut -d' ' -f1)
env=(OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=30000)

# A host without a lock manager.
check "ag3 (no lock manager): start with require_lease=true is refused (ERR_INSTALLED)" 5 \
  on ag3 "${env[@]}" OCF_RESKEY_require_lease=true -- "$agent" start
expect "  in one clear line" grep -q "require_lease is set, but this host's libvirt has no lock manager" <<<"$last_output"
expect "  and nothing started" absent_on ag3 vmha-lease
check "ag3: validate-all at OCF_CHECK_LEVEL 10 refuses the same way" 5 \
  on ag3 "${env[@]}" OCF_RESKEY_require_lease=1 OCF_CHECK_LEVEL=10 -- "$agent" validate-all
check "ag3: plain validate-all does not ask the host" 0 on ag3 "${env[@]}" OCF_RESKEY_require_lease=1 -- "$agent" validate-all
check "ag3: vm.sh start with require_lease=1 is refused too" 5 \
  on ag3 OCF_RESKEY_name=vmha-lease OCF_RESKEY_xmlfile="$cfg" OCF_RESKEY_require_lease=1 -- "$vmsh" start
check "ag3: by default (no lock manager, so not required) the guest starts" 0 on ag3 "${env[@]}" -- "$agent" start
check "ag3: stop" 0 on ag3 "${env[@]}" -- "$agent" stop

# On ag1, whose libvirt leases disks, the lease is required by default.
check "ag1: validate-all at OCF_CHECK_LEVEL 10 passes" 0 on ag1 "${env[@]}" OCF_CHECK_LEVEL=10 -- "$agent" validate-all
nodisk=$(make_guest vmha-nodisk)
check "ag1: a guest with nothing to lease is refused by default (ERR_CONFIGURED)" 6 \
  on ag1 OCF_RESKEY_config="$nodisk" -- "$agent" start
expect "  saying why" grep -q "no writable file or block disk" <<<"$last_output"
check "ag1: start" 0 on ag1 "${env[@]}" -- "$agent" start
expect "  ag1's virtlockd holds the lock file of the disk" [ -e "$lock" ]

# Held on ag1: ag2 must not start it, however it is asked.
check "ag2: the agent's start is refused (ERR_INSTALLED, not retried)" 5 on ag2 "${env[@]}" -- "$agent" start
expect "  the exit reason names the disk and its lock" grep -qF "the lease of disk $disk of vmha-lease is held by another host (lock $lock)" <<<"$last_output"
expect "  nothing is left on ag2" absent_on ag2 vmha-lease
check "ag2: vm.sh start (rgmanager) is refused the same way" 5 \
  on ag2 OCF_RESKEY_name=vmha-lease OCF_RESKEY_xmlfile="$cfg" -- "$vmsh" start
expect "  naming the lock" grep -qF "lock $lock" <<<"$last_output"
check "ag2: an administrator's virsh create is refused by libvirt" 1 virsh_on ag2 create "$cfg"
expect "  resource busy, the lock is held" grep -q "resource busy" <<<"$last_output"
check "ag2: virsh define" 0 virsh_on ag2 define "$cfg"
check "ag2: an administrator's virsh start of the definition is refused" 1 virsh_on ag2 start vmha-lease
check "ag2: vm.sh start of the persistent definition is refused" 5 on ag2 OCF_RESKEY_name=vmha-lease -- "$vmsh" start
check "ag2: virsh undefine" 0 virsh_on ag2 undefine vmha-lease
expect "the guest still runs on ag1, once" runs_on ag1 vmha-lease

# A live migration: the lease moves with the guest.
check "migrate_to ag2 with the lease" 0 on ag1 "${env[@]}" OCF_RESKEY_migration_transport=tcp \
  OCF_RESKEY_migrate_options=--unsafe OCF_RESKEY_CRM_meta_migrate_target=ag2 -- "$agent" migrate_to
check "migrate_from on ag2" 0 on ag2 "${env[@]}" -- "$agent" migrate_from
expect "the guest runs on ag2 and no longer on ag1" eval 'runs_on ag2 vmha-lease && absent_on ag1 vmha-lease'
check "ag1: start is now refused there (the lease went to ag2)" 5 on ag1 "${env[@]}" -- "$agent" start

# Frozen by SIGSTOP: libvirt sees no pause, virtlockd keeps the lease.
qemu_pid() { "$vmha_host" exec "$1" cat /run/libvirt/qemu/vmha-lease.pid; }
pid=$(qemu_pid ag2)
"$vmha_host" exec ag2 kill -STOP "$pid"
check "ag1: start while the guest is frozen on ag2 is refused" 5 on ag1 "${env[@]}" -- "$agent" start
"$vmha_host" exec ag2 kill -CONT "$pid"
expect "  the guest thaws and runs on ag2" runs_on ag2 vmha-lease

# Paused by libvirt (suspend, an I/O error): the lease is dropped, so another host may start
# it; the paused one can then never resume.
check "ag2: virsh suspend" 0 virsh_on ag2 suspend vmha-lease
check "ag1: start succeeds (ag2's paused guest holds no lease)" 0 on ag1 "${env[@]}" -- "$agent" start
check "ag2: virsh resume of the paused guest is refused by libvirt" 1 virsh_on ag2 resume vmha-lease
expect "  it is still paused on ag2, runs on ag1 only" [ "$(domstate ag2 vmha-lease)" = paused ]
check "ag2: stop (destroys the paused guest)" 0 on ag2 "${env[@]}" -- "$agent" stop
check "ag1: stop" 0 on ag1 "${env[@]}" -- "$agent" stop
check "ag2: with the lease free, start succeeds" 0 on ag2 "${env[@]}" -- "$agent" start
check "ag2: stop" 0 on ag2 "${env[@]}" -- "$agent" stop

# Saved and restored (the snapshot parameter; the directory is shared like the lockspace, so a
# guest saved on one host could be restored on another). The save stops the guest: its lease is
# released. The restore resumes it: the lease is taken again, and a restore while another host holds
# it is refused like a start (the lock named, the saved state kept, no fresh boot instead).
snap=$work/snapshots
state=$snap/vmha-lease.state
mkdir -p "$snap"
restore_refused_on() {  # restore_refused_on HOST: the restore failed on the lease and left HOST as it was
  grep -qF "the lease of disk $disk of vmha-lease is held by another host (lock $lock)" <<<"$last_output" &&
    [ -s "$state" ] && ! runs_on "$1" vmha-lease
}
# A transient guest, ocf:vmha:VirtualDomain.
senv=("${env[@]}" OCF_RESKEY_snapshot="$snap")
check "ag1: start (transient, with a snapshot directory)" 0 on ag1 "${senv[@]}" -- "$agent" start
check "ag1: stop saves its state" 0 on ag1 "${senv[@]}" -- "$agent" stop
expect "  into the snapshot directory, and it is gone from ag1" eval '[ -s "$state" ] && absent_on ag1 vmha-lease'
check "ag2: start succeeds: the save released the lease" 0 on ag2 "${env[@]}" -- "$agent" start
check "ag1: the restore while ag2 holds the lease is refused (ERR_INSTALLED, not retried)" 5 \
  on ag1 "${senv[@]}" -- "$agent" start
expect "  naming the disk and its lock; the saved state is kept, nothing runs on ag1" restore_refused_on ag1
check "ag2: stop" 0 on ag2 "${env[@]}" -- "$agent" stop
check "ag1: start restores the saved state" 0 on ag1 "${senv[@]}" -- "$agent" start
expect "  from the file, which is then removed" eval 'grep -q "restoring vmha-lease from its saved state" <<<"$last_output" && [ ! -e "$state" ]'
check "ag2: start is refused: the restored guest holds the lease again" 5 on ag2 "${env[@]}" -- "$agent" start
check "ag1: stop (shut down, no snapshot)" 0 on ag1 "${env[@]}" -- "$agent" stop
# A persistent guest, rgmanager's vm.sh on its libvirt definition.
vm=(OCF_RESKEY_name=vmha-lease OCF_RESKEY_snapshot="$snap")
check "ag1: virsh define" 0 virsh_on ag1 define "$cfg"
check "ag1: vm.sh start (persistent, with a snapshot directory)" 0 on ag1 "${vm[@]}" -- "$vmsh" start
check "ag1: vm.sh stop saves its state" 0 on ag1 "${vm[@]}" -- "$vmsh" stop
expect "  into the snapshot directory; ag1 keeps the definition, shut off" eval '[ -s "$state" ] && [ "$(domstate ag1 vmha-lease)" = "shut off" ]'
check "ag2: start succeeds: the save released the lease" 0 on ag2 "${env[@]}" -- "$agent" start
check "ag1: vm.sh's restore while ag2 holds the lease is refused (ERR_INSTALLED)" 5 on ag1 "${vm[@]}" -- "$vmsh" start
expect "  naming the disk and its lock; the saved state is kept, nothing runs on ag1" restore_refused_on ag1
check "ag2: stop" 0 on ag2 "${env[@]}" -- "$agent" stop
check "ag1: vm.sh start restores the saved state" 0 on ag1 "${vm[@]}" -- "$vmsh" start
expect "  from the file, which is then removed" eval 'grep -q "restoring vmha-lease from its saved state" <<<"$last_output" && [ ! -e "$state" ]'
check "ag2: start is refused: the restored guest holds the lease again" 5 on ag2 "${env[@]}" -- "$agent" start
# The persistent guest's live migration (vm.sh): the lease and the definition move to ag2.
check "ag1: vm.sh migrate ag2 (persistent, live)" 0 on ag1 OCF_RESKEY_name=vmha-lease \
  OCF_RESKEY_migration_uri='qemu+tcp://%s/system' OCF_RESKEY_migrate_options='--unsafe --persistent --undefinesource' \
  -- "$vmsh" migrate ag2
expect "  it runs on ag2, defined there, and is gone from ag1" \
  eval 'runs_on ag2 vmha-lease && virsh_on ag2 dominfo vmha-lease | grep -q "^Persistent: *yes" && absent_on ag1 vmha-lease'
check "ag1: start is refused: the lease went to ag2 with the persistent guest" 5 on ag1 "${env[@]}" -- "$agent" start
check "ag2: vm.sh stop" 0 on ag2 OCF_RESKEY_name=vmha-lease -- "$vmsh" stop
check "ag2: virsh undefine" 0 virsh_on ag2 undefine vmha-lease
finish
