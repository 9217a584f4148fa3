# vmha-guestd against a real one-node corosync + Pacemaker cluster and real libvirtd hosts: every
# resource's monitor runs only every 5 minutes, so a guest that runs again within seconds was
# recovered by the daemon's report (crm_resource --fail), and one that does not, was not.
source "$VMHA_SOURCE_DIR/tests/guestd/guestdlib.sh"

hangfs="$VMHA_BUILD_DIR/tests/quorum/hangfs"
host_up pm1 --ip 192.0.2.10
host_up pm2 --ip 192.0.2.11   # only a migration target: libvirtd, no cluster
pm1_cluster
check "vmha-guestd --status says it is not running" 3 in_pm1 "$guestd" --status
daemon_up || finish

cfg=$(make_guest gd-1)
check "create vm1 (monitor every 5 minutes)" 0 resource vm1 "$cfg"
wait_for "Pacemaker started gd-1" 60 started vm1 gd-1 || finish
wait_for "vmha-guestd --status shows gd-1 as vm1" 10 bash -c "'$vmha_host' exec pm1 '$guestd' --status | grep -q 'guest gd-1 resource vm1 storage_error_policy kill intent none'"

# 1. A crash: only the event can have started the recovery.
settle
wait_for "the daemon's view of Pacemaker is current (CIB notifications)" 30 bash -c "'$vmha_host' exec pm1 '$guestd' --status | grep -q '^pacemaker view: current'"
pid=$(qemu_pid gd-1); kill -9 "$pid"
wait_for "kill -9 of gd-1's qemu: running again" 30 recovered vm1 gd-1 "$pid"
expect "  because vmha-guestd reported it" logged "gd-1 (vm1): its qemu process died -> report"
expect "  from the view it kept current: no crm_mon between the crash and the report" logged "reported the failure of vm1 on pm1 to Pacemaker (crm_resource --fail; its view kept current)"
expect "  once" [ "$(reports vm1)" = 1 ]
expect "  and Pacemaker counted the failure" [ "$(failures vm1)" -ge 1 ]

# 2. The operator's stop and start: intended, no failure.
in_pm1 crm_resource --cleanup -r vm1 >/dev/null
wait_for "failures cleaned up" 20 no_failures vm1
in_pm1 crm_resource -r vm1 --meta -p target-role -v Stopped >/dev/null
wait_for "operator's stop: gd-1 stopped" 60 absent_on pm1 gd-1
in_pm1 crm_resource -r vm1 --meta -p target-role -v Started >/dev/null
wait_for "operator's start: gd-1 runs" 60 started vm1 gd-1
expect "  the stop was seen as the agent's own" logged "gd-1 (vm1): the agent's stop is under way -> ignore"
expect "  nothing reported" [ "$(reports vm1)" = 1 ]
expect "  no failure counted" no_failures vm1

# 3. A frozen resource (is-managed=false): the administrator's business, not a failure to report. The
# freeze a second before the destroy is a CIB change: the view kept from before it is not used.
in_pm1 crm_resource -r vm1 --meta -p is-managed -v false >/dev/null
sleep 1
in_pm1 virsh -q destroy gd-1 >/dev/null
wait_for "frozen vm1 destroyed by hand: the daemon sees it is not managed" 15 logged "not reporting to Pacemaker: vm1 is not managed"
expect "  nothing reported" [ "$(reports vm1)" = 1 ]
expect "  no failure counted" no_failures vm1
in_pm1 crm_resource -r vm1 --meta -p is-managed -v true >/dev/null
in_pm1 crm_resource --refresh -r vm1 >/dev/null   # re-probe: not running, so Pacemaker starts it
wait_for "unfrozen and re-probed: gd-1 runs" 60 started vm1 gd-1

# 4. Without the daemon nothing acts before the monitor; started again, it finds what it missed.
daemon_down
pid=$(qemu_pid gd-1); kill -9 "$pid"
gone() { [ -z "$(qemu_pid "$1")" ]; }
holds "daemon stopped, gd-1 killed: not recovered (the monitor is 5 minutes away)" 8 gone gd-1
expect "  no failure counted" no_failures vm1
daemon_up
wait_for "daemon started again: it finds gd-1 gone and gd-1 runs again" 30 recovered vm1 gd-1 "$pid"
expect "  from its re-read of the guests' states" logged "gd-1 (vm1): gone from this host (found after reconnecting) -> report"

# 5. libvirtd restarted while a guest crashes: reported after the reconnect.
kill "$("$vmha_host" libvirtd-pid pm1)"
pid=$(qemu_pid gd-1); kill -9 "$pid"
sleep 1
"$vmha_host" start-libvirtd pm1
wait_for "libvirtd restarted after gd-1 crashed: gd-1 runs again" 40 recovered vm1 gd-1 "$pid"
expect "  the daemon lost and re-made its connection" logged "lost the connection to libvirtd"
expect "  and reported the crash it found" [ "$(reports vm1)" = 3 ]

# 6. Storage errors: a guest whose disk is on a FUSE file system that fails with EIO on demand.
truncate -s 8M "$work/backing"; mkdir -p "$work/mnt"
"$vmha_host" exec pm1 bash -c "exec '$hangfs' '$work/backing' '$work/mnt' '' '$work/eio' >/dev/null 2>&1" &
wait_for "the FUSE disk is mounted" 10 in_pm1 test -e "$work/mnt/disk"
disk="<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='stop' rerror_policy='stop'/>
<source file='$work/mnt/disk'/><target dev='hda' bus='ide'/></disk>"
cfg2=$(make_guest gd-2 "$disk")
check "create vm2 (storage_error_policy=leave)" 0 resource vm2 "$cfg2" leave
wait_for "Pacemaker started gd-2" 60 started vm2 gd-2
settle
eio_pause() {  # the firmware reads the boot disk after a reset: with EIO on, the guest pauses
  touch "$work/eio"; in_pm1 virsh -q reset gd-2 >/dev/null
  wait_for "$1: gd-2 paused on the I/O error" 15 bash -c "'$vmha_host' exec pm1 virsh domstate --reason gd-2 | grep -q 'paused (I/O error)'"
}
eio_pause "leave"
holds "  leave: it stays paused" 4 bash -c "'$vmha_host' exec pm1 virsh domstate --reason gd-2 | grep -q 'paused (I/O error)'"
expect "  vmha-guestd --status shows why" bash -c "'$vmha_host' exec pm1 '$guestd' --status | grep -q 'gd-2.*storage_error_policy=leave keeps it paused'"
check "  the monitor reports it active (not failed)" 0 in_pm1 crm_resource -r vm2 --force-check
expect "  nothing reported" [ "$(reports vm2)" = 0 ]
rm -f "$work/eio"; in_pm1 virsh -q resume gd-2 >/dev/null

in_pm1 crm_resource -r vm2 -p storage_error_policy -v resume >/dev/null
wait_for "policy resume reloaded into the guest's record" 30 in_pm1 grep -q storage_error_policy=resume /run/vmha/guests/gd-2
settle
eio_pause "resume"
holds "  resume: stays paused while the disk fails" 3 bash -c "'$vmha_host' exec pm1 virsh domstate --reason gd-2 | grep -q 'paused (I/O error)'"
rm -f "$work/eio"
wait_for "  and runs again once the disk heals" 15 runs_on pm1 gd-2
expect "  resumed by vmha-guestd" logged "gd-2: its disks answer again; resumed it"
expect "  nothing reported" [ "$(reports vm2)" = 0 ]

in_pm1 crm_resource -r vm2 -p storage_error_policy -v kill >/dev/null
wait_for "policy kill reloaded into the guest's record" 30 in_pm1 grep -q storage_error_policy=kill /run/vmha/guests/gd-2
settle
pid=$(qemu_pid gd-2)
# The disk heals on the pause itself: the daemon reports within milliseconds and Pacemaker's restart
# comes soon after, before a poll of the guest's state would see it paused. A restart that still met
# the failing disk pauses again and is (rightly) reported again: one report per start, not one in all.
in_pm1 bash -c "virsh -q event --domain gd-2 --event lifecycle --loop --timeout 60 | { grep -qi -m1 suspended; rm -f '$work/eio'; cat >/dev/null; }" &
healer=$!
sleep 1   # the watcher's event registration, before the pause it waits for
lines_before=$(wc -l <"$log")
# No poll of the guest's state here: the report and Pacemaker's restart can both come before a poll
# would see it paused. What the daemon decided on the pause is in its log.
touch "$work/eio"; in_pm1 virsh -q reset gd-2 >/dev/null
wait_for "kill: gd-2 paused on the I/O error (the daemon's decision)" 15 logged "gd-2 (vm2): paused on a storage error (storage_error_policy=kill) -> report"
rm -f "$work/eio"   # in case the watcher missed it
wait_for "  kill: reported, and gd-2 was restarted" 40 recovered vm2 gd-2 "$pid"
kill "$healer" 2>/dev/null; wait "$healer" 2>/dev/null
n=$(reports vm2)
# Between two reports of gd-2 the agent started it again (a failure is reported once per start).
once_per_start() {
  tail -n +"$((lines_before + 1))" "$log" | awk '/gd-2 .*reported the failure of vm2 /{ if (r) bad=1; r=1 }
    /gd-2 \(vm2\): the agent.s start is under way/{ r=0 } END { exit bad }'
}
expect "  by vmha-guestd's report (reported $n times, once per start)" bash -c "[ '$n' -ge 1 ]" 
expect "  never twice for one start" once_per_start
[ "$n" = 1 ] || { tell_log gd-2; in_pm1 crm_mon -1 --include=failcounts,operations | tail -n 15 | sed 's/^/#   /'; }

# 7. A migration away by the agent: intended, never taken for a failure. (gd-3 is no Pacemaker
# resource: a report would show as "not reporting ... is not a resource".)
cfg3=$(make_guest gd-3)
mig=(OCF_RESKEY_config="$cfg3" OCF_RESKEY_migration_transport=tcp OCF_RESKEY_CRM_meta_timeout=60000)
RESOURCE=mig1 check "start gd-3 with the agent" 0 on pm1 "${mig[@]}" -- "$agent" start
expect "  its record names resource mig1" in_pm1 grep -q resource=mig1 /run/vmha/guests/gd-3
RESOURCE=mig1 check "migrate_to pm2" 0 on pm1 "${mig[@]}" OCF_RESKEY_CRM_meta_migrate_target=192.0.2.11 -- "$agent" migrate_to
wait_for "  the daemon saw the migration as the agent's" 10 logged "gd-3 (mig1): the agent's migration away is under way -> ignore"
expect "  and decided on nothing else" bash -c "! grep 'gd-3' '$log' | grep -v -- '-> ignore' | grep -q 'mig1'"
expect "  the record left with the guest" bash -c "! '$vmha_host' exec pm1 test -e /run/vmha/guests/gd-3"
virsh_on pm2 destroy gd-3 >/dev/null 2>&1

in_pm1 cibadmin --delete -o resources --xml-text "<primitive id='vm2'/>" >/dev/null 2>&1
in_pm1 fusermount3 -u "$work/mnt" 2>/dev/null

# 8. A hung guest, heartbeat=watchdog: its boot sector arms its ib700 watchdog (6 s) and never feeds it
# again, as a guest OS that hangs does; action='none' leaves the decision to the daemon, which resets it
# at most heartbeat_max_resets=2 times in the window, then leaves it hung and says so. Each reset boots
# the same sector, so the guest hangs again: the limit, not the guest, ends it.
printf '\xba\x43\x04\xb0\x0c\xee\xf4\xeb\xfd' >"$work/hang.img"   # mov dx,0x443; mov al,12; out dx,al; hlt; jmp
truncate -s 510 "$work/hang.img"; printf '\x55\xaa' >>"$work/hang.img"
cfg4=$(make_guest gd-4 "<disk type='file' device='disk'><driver name='qemu' type='raw'/>
<source file='$work/hang.img'/><target dev='hda' bus='ide'/><boot order='1'/></disk>
<watchdog model='ib700' action='none'/>")
hb="<nvpair id='vm4-hb' name='heartbeat' value='watchdog'/><nvpair id='vm4-max' name='heartbeat_max_resets' value='2'/>"
check "create vm4 (heartbeat=watchdog, heartbeat_max_resets=2)" 0 resource vm4 "$cfg4" kill "$hb"
wait_for "Pacemaker started gd-4" 60 started vm4 gd-4
pid=$(qemu_pid gd-4)
left="gd-4 (vm4) its watchdog fired (heartbeat=watchdog); hung; left alone: reset 2 times in 3600 s"
wait_for "hung gd-4: reset, hung again, until the limit" 90 logged "$left" || tell_log gd-4
expect "  reset exactly twice" [ "$(grep -c 'gd-4: reset (hung)' "$log")" = 2 ]
expect "  vmha-guestd --status says it is left hung, and why" bash -c "'$vmha_host' exec pm1 '$guestd' --status | grep 'guest gd-4 ' | grep -q 'heartbeat watchdog (resets 2/2 in 3600 s): .*left alone'"
expect "  reset, never restarted: the same qemu all along" [ "$(qemu_pid gd-4)" = "$pid" ]
expect "  nothing reported to Pacemaker" [ "$(reports vm4)" = 0 ]
expect "  no failure counted" no_failures vm4
in_pm1 cibadmin --delete -o resources --xml-text "<primitive id='vm4'/>" >/dev/null 2>&1
daemon_down
finish
