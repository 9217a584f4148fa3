# The tiny Linux guest on two real libvirtd hosts (tests/support/vmha-host), no cluster: it boots,
# writes its record disk, is live-migrated, killed (kill -9 of its qemu) and started on the other
# host, shut down by ACPI; vmha-guest-disk then proves one writer at a time and no lost record.
# And the negative case the checker exists for: two instances writing one disk at once (a
# shareable disk, so nothing refuses the second) must fail it, naming the interleaving.
source "$VMHA_SUPPORT/testlib.sh"

guest_tool="$VMHA_SOURCE_DIR/tests/lab/guest/linux-guest"
checker="$VMHA_BUILD_DIR/tests/lab/guest-disk/vmha-guest-disk"
work=$(mktemp -d /var/tmp/vmha-linux-guest.XXXXXX)   # outside /run: hosts have a private /run
hosts_made=()
cleanup() {
  for h in "${hosts_made[@]}"; do "$vmha_host" down "$h" >/dev/null 2>&1 || true; done
  if [ ${#hosts_made[@]} -gt 0 ] && [ -z "$("$vmha_host" ls 2>/dev/null)" ]; then ip netns del vmha-switch 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
host_up() { "$vmha_host" down "$1" >/dev/null 2>&1 || true; "$vmha_host" up "$1" --ip "$2" >/dev/null || { echo "cannot bring up $1"; exit 1; }; hosts_made+=("$1"); }
virsh_on() { local h=$1; shift; "$vmha_host" exec "$h" virsh -q -c qemu:///system "$@"; }
runs_on() { [ "$(virsh_on "$1" domstate "$2" 2>/dev/null | head -n1)" = running ]; }
absent_on() { ! virsh_on "$1" dominfo "$2" >/dev/null 2>&1; }
last_record() { "$checker" last "$1" 2>/dev/null; }
boot_of() { echo "${1%%:*}"; }
seq_of() { echo "${1##*:}"; }
now_ms() { date +%s%3N; }
# wait_for SECONDS command...: poll every 0.2 s until SECONDS have passed (by the clock: one poll
# can take long on a busy machine).
wait_for() {
  local end=$(($(now_ms) + $1 * 1000)); shift
  while true; do
    "$@" >/dev/null 2>&1 && return 0
    [ "$(now_ms)" -lt "$end" ] || return 1
    sleep 0.2
  done
}
# writes_past DISK BOOT SEQ: the newest record is BOOT's and later than SEQ.
writes_past() { local l; l=$(last_record "$1") && [ "$(boot_of "$l")" = "$2" ] && [ "$(seq_of "$l")" -gt "$3" ]; }
# new_boot_writes IMAGE BOOT: a boot other than BOOT has written to IMAGE. Not "the newest record is
# another boot's": two instances on one disk each write at their own next slot, and the one that
# started first stays ahead, so the newest record can stay the first one's for as long as both run
# (a CI run failed that way while the checker saw both boots interleaved).
new_boot_writes() { "$checker" check "$1" 2>/dev/null | grep -o 'boot [0-9a-f]\{8\}' | grep -qv "boot ${2:0:8}"; }

check "the guest builds (or is found in its cache)" 0 "$guest_tool" build
host_up lg1 192.0.2.71
host_up lg2 192.0.2.72

# ---- the guest's life: boot, live migration, failover, ACPI power-off ---------------------------
disk=$work/lg-linux.img log=$work/lg-linux.console
truncate -s 16M "$disk"
"$guest_tool" xml lg-linux "$disk" "$log" > "$work/lg-linux.xml"
t0=$(now_ms)
check "start on lg1" 0 virsh_on lg1 create "$work/lg-linux.xml"
expect "it writes records to its disk" wait_for 90 last_record "$disk"
boot_ms=$(( $(now_ms) - t0 ))
first=$(last_record "$disk"); boot1=$(boot_of "$first")
echo "     | from virsh create to its first record: $boot_ms ms (${VMHA_GUEST_VIRT:-qemu}: KVM only when VMHA_GUEST_VIRT=kvm)"
expect "it keeps writing" wait_for 30 writes_past "$disk" "$boot1" "$(( $(seq_of "$first") + 20 ))"
s0=$(last_record "$disk"); t1=$(now_ms); sleep 5; s1=$(last_record "$disk"); t2=$(now_ms)
echo "     | write rate: $(( ($(seq_of "$s1") - $(seq_of "$s0")) * 1000 / (t2 - t1) )) records/s"

# One local filesystem is never "shared" to libvirt: --unsafe, as the lab's migrate_options.
check "live migration to lg2" 0 virsh_on lg1 migrate --live --unsafe lg-linux qemu+tcp://192.0.2.72/system tcp://192.0.2.72
expect "it runs on lg2" runs_on lg2 lg-linux
expect "and no longer on lg1" absent_on lg1 lg-linux
before=$(last_record "$disk")
expect "the same boot goes on writing after the migration" wait_for 30 writes_past "$disk" "$boot1" "$(seq_of "$before")"

check "kill -9 of its qemu on lg2" 0 "$vmha_host" exec lg2 sh -c 'kill -9 "$(cat /run/libvirt/qemu/lg-linux.pid)"'
expect "it is gone from lg2" wait_for 20 absent_on lg2 lg-linux
synced=$(last_record "$disk")
check "started again on lg1" 0 virsh_on lg1 create "$work/lg-linux.xml"
expect "a new boot writes after the last synced record" wait_for 90 new_boot_writes "$disk" "$boot1"
boot2=$(boot_of "$(last_record "$disk")")
expect "and keeps writing" wait_for 30 writes_past "$disk" "$boot2" 10

check "ACPI shutdown (virsh shutdown)" 0 virsh_on lg1 shutdown lg-linux
expect "the guest powers itself off" wait_for 60 absent_on lg1 lg-linux
expect "  through its power button" grep -q "vmha-guest: power button" "$log"
check "the checker: one writer at a time, the last record before the kill still there" 0 \
  "$checker" check "$disk" --require "$synced"
echo "$last_output" | sed 's/^/     | /'
expect "  two boots on the disk, the first continued across the migration" \
  grep -Eq "ok: .* boot ${boot1:0:8} seq 0\.\.[0-9]+ \(slots 1-[0-9]+\), boot ${boot2:0:8} seq 0\.\." <<<"$last_output"

# ---- the negative case: two instances on one disk ----------------------------------------------
disk2=$work/lg-twice.img
truncate -s 16M "$disk2"
"$guest_tool" xml lg-twice "$disk2" "$work/lg-twice.console" --shareable > "$work/lg-twice.xml"
check "one instance on lg1" 0 virsh_on lg1 create "$work/lg-twice.xml"
expect "  it writes" wait_for 90 last_record "$disk2"
bootA=$(boot_of "$(last_record "$disk2")")
check "a second instance of the same guest on lg2 (bypassing any cluster)" 0 virsh_on lg2 create "$work/lg-twice.xml"
expect "  the second writes too" wait_for 90 new_boot_writes "$disk2" "$bootA"
sleep 3
check "the second dies first" 0 virsh_on lg2 destroy lg-twice
expect "  and the first writes on after it" wait_for 30 writes_past "$disk2" "$bootA" 0
sleep 2
check "the first is destroyed" 0 virsh_on lg1 destroy lg-twice
check "the checker fails on the disk two instances wrote" 1 "$checker" check "$disk2"
echo "$last_output" | head -n 5 | sed 's/^/     | /'
expect "  naming the interleaving" grep -q "boot ${bootA:0:8} writes again .* two writers interleaved" <<<"$last_output"

finish
