# Live migration between two namespaced libvirtd hosts, as Pacemaker drives it:
# migrate_to on the source, then migrate_from on the target.
source "$(dirname "$0")/agentlib.sh"

host_up ag1 --ip 192.0.2.1
host_up ag2 --ip 192.0.2.2
cfg=$(make_guest vmha-mig)
env=(OCF_RESKEY_config="$cfg" OCF_RESKEY_migration_transport=tcp OCF_RESKEY_CRM_meta_timeout=60000)

check "start on ag1" 0 on ag1 "${env[@]}" -- "$agent" start
check "migrate_to ag2" 0 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_migrate_target=ag2 \
  OCF_RESKEY_CRM_meta_migrate_source=ag1 OCF_RESKEY_migration_downtime=200 OCF_RESKEY_migration_speed=200 -- "$agent" migrate_to
expect "  the agent derived qemu+tcp://ag2/system and a tcp data URI" \
  grep -q "qemu+tcp://ag2/system, data tcp:ag2:49[12][0-9][0-9]" <<<"$last_output"
check "migrate_from on ag2" 0 on ag2 "${env[@]}" OCF_RESKEY_CRM_meta_migrate_source=ag1 -- "$agent" migrate_from
expect "the guest runs on ag2" runs_on ag2 vmha-mig
expect "and no longer on ag1" absent_on ag1 vmha-mig
check "monitor on ag2" 0 on ag2 "${env[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
check "probe on ag1 says not running" 7 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor

# Back with an explicit remoteuri/migrateuri (%n = target node) and VirtualDomain-style options.
check "migrate_to ag1 with remoteuri, migrateuri and migrate_options" 0 on ag2 "${env[@]}" \
  OCF_RESKEY_CRM_meta_migrate_target=ag1 OCF_RESKEY_remoteuri='qemu+tcp://%n/system' \
  OCF_RESKEY_migrateuri='tcp://%n:49300' OCF_RESKEY_migrate_options='--unsafe --auto-converge' -- "$agent" migrate_to
check "migrate_from on ag1" 0 on ag1 "${env[@]}" -- "$agent" migrate_from
expect "the guest runs on ag1" runs_on ag1 vmha-mig
expect "and no longer on ag2" absent_on ag2 vmha-mig

# The target is unreachable: failure, and the guest keeps running on the source.
check "migrate_to an unreachable host fails" 1 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_timeout=20000 \
  OCF_RESKEY_CRM_meta_migrate_target=192.0.2.9 -- "$agent" migrate_to
expect "  the exit reason says it still runs here" grep -q "still running on this host" <<<"$last_output"
expect "the guest still runs on ag1" runs_on ag1 vmha-mig

# The target's libvirtd answers but its qemu cannot take the data connection (an address the
# target does not have): the hypervisor-level failure is reported the same way.
check "migrate_to with an unusable data URI fails" 1 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_timeout=20000 \
  OCF_RESKEY_CRM_meta_migrate_target=ag2 OCF_RESKEY_migrateuri='tcp://192.0.2.9:49300' -- "$agent" migrate_to
expect "the guest still runs on ag1" runs_on ag1 vmha-mig
expect "nothing was left on ag2" absent_on ag2 vmha-mig
check "migrate_to without a target" 1 on ag1 "${env[@]}" -- "$agent" migrate_to

check "stop on ag1" 0 on ag1 "${env[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop
check "migrate_to of a guest that does not run here" 1 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_migrate_target=ag2 -- "$agent" migrate_to

finish
