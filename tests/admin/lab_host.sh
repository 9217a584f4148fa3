# vmha host drain / resume / list on a live three-host lab (tests/admin/lab-host.yaml, utilization
# on): a drain that a restricted domain or the capacity forbids is refused and changes nothing (the
# CIB's configuration byte for byte); a drain of hv1 with --parallel 1 empties it, every guest moved
# live (migrate_to on hv1), one at a time, none ever on two hosts (the sampler), none absent longer
# than libvirt's measured downtime plus the sampler's slack; resume brings them back live.
source "$VMHA_SOURCE_DIR/tests/lab/lablib.sh"
here="$VMHA_SOURCE_DIR/tests/admin"

check "the lab comes up (3 hosts, utilization on)" 0 lab up 3 --topology "$here/lab-host.yaml"
[ "$last_rc" = 0 ] || finish
for h in hv1 hv2 hv3; do
  check "vmha installed on $h" 0 "$vmha_host" install "$h" /usr/sbin "$VMHA_BUILD_DIR/admin/vmha"
done
start_sampler
wait_until "vm1 starts on hv1" 120 runs_only_on vm1 hv1
wait_until "vm2 starts on hv1" 120 runs_only_on vm2 hv1
wait_until "vm3 starts on hv2, its only host" 120 runs_only_on vm3 hv2

check "vmha host list" 0 lab exec hv3 vmha host list
expect "  hv1 runs vm1 and vm2, using 2 of its 2 cpu" grep -Eq "^hv1 +online.* 2 +cpu 2/2 .*vm1 vm2$" <<<"$last_output"

config() { crm cibadmin --query --scope configuration; }
# said REGEX...: the last command's output has a line matching each REGEX.
said() { local r; for r in "$@"; do grep -Eq "$r" <<<"$last_output" || return 1; done; }
before=$(config)
check "vmha host drain hv2 is refused: vm3 may run on hv2 alone" 1 lab exec hv3 vmha host drain hv2
expect "  one line naming vm3" [ "$last_output" = "vmha: refused: draining hv2 would stop vm3 (no other host may run it: failover domain or capacity); --allow-stop accepts that" ]
expect "  nothing changed (configuration identical)" [ "$(config)" = "$before" ]
expect "  vm3 still on hv2" runs_only_on vm3 hv2

# Capacity: with hv3 offering no cpu, hv2 has room for one more guest, not two.
check "hv3 offers 0 cpu (crm_attribute --utilization)" 0 crm crm_attribute --node hv3 --utilization --name cpu --update 0
before=$(config)
check "vmha host drain hv1 is refused: no room for both guests" 1 lab exec hv2 vmha host drain hv1
expect "  one line naming the guest that would stop" grep -Eq "^vmha: refused: draining hv1 would stop vm[12] \(no other host may run it: failover domain or capacity\); --allow-stop accepts that$" <<<"$last_output"
expect "  nothing changed (configuration identical)" [ "$(config)" = "$before" ]
expect "  vm1 and vm2 still on hv1" bash -c "[ \"\$('$lab_tool' where vm1)\" = hv1 ] && [ \"\$('$lab_tool' where vm2)\" = hv1 ]"
check "hv3 offers 2 cpu again" 0 crm crm_attribute --node hv3 --utilization --name cpu --update 2
# The drain starts on a settled cluster. Under placement-strategy=utilization Pacemaker moves the
# lab's fence device to the host with the fewest resources once the guests run, and on a loaded
# machine its start there has taken minutes; a transition waits for it before the standby's.
check "  the cluster settles" 0 crm crm_resource --wait --timeout=300

# The drain itself, one migration at a time.
migrations() { lab exec "$2" grep -c "Result of migrate_to operation for $1 on $2: ok" /var/log/pacemaker/pacemaker.log || true; }
m1=$(migrations vm1 hv1); m2=$(migrations vm2 hv1)
drained_at=$(date +%s%3N)
check "vmha host drain hv1 --parallel 1" 0 lab exec hv2 vmha host drain hv1 --parallel 1
printf '%s\n' "$last_output" | sed 's/^/     | /'
expect "  shows the scheduler's plan: both guests, live" said '^  vm1  hv1 -> hv[23] \(live\)$' '^  vm2  hv1 -> hv[23] \(live\)$'
expect "  reports each guest moved live" said '^  vm1: hv1 -> hv[23], live, after' '^  vm2: hv1 -> hv[23], live, after'
expect "  and that hv1 is empty" grep -q "^hv1 is empty after .* s; it stays in standby until \`vmha host resume hv1\`$" <<<"$last_output"
expect "  hv1 runs no guest (libvirt)" bash -c "[ -z \"\$('$lab_tool' exec hv1 virsh -q -c qemu:///system list --name)\" ]"
for g in vm1 vm2; do
  expect "  $g runs on hv2 or hv3 alone" bash -c "w=\$('$lab_tool' where $g); [ \"\$w\" = hv2 ] || [ \"\$w\" = hv3 ]"
done
expect "  vm1 left by migrate_to (live)" [ "$(migrations vm1 hv1)" -gt "$m1" ]
expect "  vm2 left by migrate_to (live)" [ "$(migrations vm2 hv1)" -gt "$m2" ]
# --parallel 1: the second migrate_to on hv1 was asked for only after the first had finished.
order() {
  lab exec hv1 grep -nE "Requesting local execution of migrate_to operation for vm[12] on hv1|Result of migrate_to operation for vm[12] on hv1" \
    /var/log/pacemaker/pacemaker.log | tail -n 4 | sed -E 's/^([0-9]+):.*(Requesting|Result).* for (vm[12]) .*/\2 \3/' | awk '{ print $1 }' | tr '\n' ' '
}
expect "  one migration at a time: request, result, request, result on hv1 ($(order))" [ "$(order)" = "Requesting Result Requesting Result " ]
check "  the standby is Pacemaker's (crm_attribute says on)" 0 crm crm_attribute --type nodes --node hv1 --name standby --query --quiet
expect "  (on)" grep -qx on <<<"$last_output"
check "  migration-limit is restored (unset: crm_attribute finds none)" 105 crm crm_attribute --type crm_config --name migration-limit --query --quiet
for g in vm1 vm2; do
  where=$(lab where "$g")
  downtime=$(lab exec "$where" virsh -q -c qemu:///system domjobinfo --completed "$g" | awk -F: '/Total downtime/ { gsub(/[^0-9]/, "", $2); print $2 }')
  gap=$(longest_absence "$g" "$drained_at"); slack=$(longest_absence "$g" "$drained_at" slack)
  within=0; [ -n "$downtime" ] && [ "$gap" -le $((downtime + slack)) ] && within=1
  expect "  $g never seen stopped longer than libvirt's downtime ${downtime:-?} ms + the sampler's ${slack} ms (longest gap ${gap} ms)" [ "$within" = 1 ]
done
check "vmha host list shows hv1 in standby, empty" 0 lab exec hv3 vmha host list
expect "  (standby, 0 guests)" grep -Eq "^hv1 +standby.* 0 " <<<"$last_output"
check "vmha host drain hv1 again is refused (already in standby)" 1 lab exec hv3 vmha host drain hv1

resumed_at=$(date +%s%3N)
check "vmha host resume hv1" 0 lab exec hv3 vmha host resume hv1
printf '%s\n' "$last_output" | sed 's/^/     | /'
expect "  vm1 back on hv1 (its ordered domain)" runs_only_on vm1 hv1
expect "  vm2 back on hv1" runs_only_on vm2 hv1
expect "  both came back live" said '^  vm1: hv[23] -> hv1, live, after' '^  vm2: hv[23] -> hv1, live, after'
for g in vm1 vm2; do
  downtime=$(lab exec hv1 virsh -q -c qemu:///system domjobinfo --completed "$g" | awk -F: '/Total downtime/ { gsub(/[^0-9]/, "", $2); print $2 }')
  gap=$(longest_absence "$g" "$resumed_at"); slack=$(longest_absence "$g" "$resumed_at" slack)
  within=0; [ -n "$downtime" ] && [ "$gap" -le $((downtime + slack)) ] && within=1
  expect "  $g never seen stopped longer than libvirt's downtime ${downtime:-?} ms + the sampler's ${slack} ms on the way back (longest gap ${gap} ms)" [ "$within" = 1 ]
done
for g in vm1 vm2 vm3; do expect "no guest ever ran on two hosts at once: $g" never_twice "$g"; done
finish
