# The rgmanager face: the same binary as vm.sh, with vm.sh's parameters, status depths,
# `migrate <target>`, and 150 when a migration fails with the guest still on the source.
source "$(dirname "$0")/agentlib.sh"

host_up ag1 --ip 192.0.2.1
host_up ag2 --ip 192.0.2.2
cfg=$(make_guest vmha-rg)

check "meta-data" 0 "$vmsh" meta-data
expect "  well-formed XML" bash -c 'xmllint --noout - <<<"$1"' _ "$last_output"
expect "  name is the primary parameter" grep -q '<parameter name="name" primary="1" required="1"' <<<"$last_output"
expect "  rgmanager's special block" grep -q '<special tag="rgmanager">' <<<"$last_output"
expect "  migrate action with its timeout" grep -q '<action name="migrate" timeout="600"/>' <<<"$last_output"
expect "  depth-10 status" grep -q '<action name="status" timeout="20" interval="60" depth="10"/>' <<<"$last_output"

env=(OCF_RESKEY_name=vmha-rg OCF_RESKEY_xmlfile="$cfg" OCF_RESKEY_RGMANAGER_meta_timeout=20
     OCF_RESKEY_migration_uri='qemu+tcp://%s/system')
check "validate-all" 0 on ag1 "${env[@]}" -- "$vmsh" validate-all
check "validate-all without name" 6 on ag1 OCF_RESKEY_xmlfile="$cfg" -- "$vmsh" validate-all
check "status before start" 7 on ag1 "${env[@]}" -- "$vmsh" status
check "start from xmlfile" 0 on ag1 "${env[@]}" -- "$vmsh" start
expect "the guest runs on ag1" runs_on ag1 vmha-rg
check "status" 0 on ag1 "${env[@]}" -- "$vmsh" status
check "depth-10 status with a failing status_program" 1 on ag1 "${env[@]}" OCF_CHECK_LEVEL=10 \
  OCF_RESKEY_status_program=/bin/false -- "$vmsh" status
check "depth-0 status ignores status_program" 0 on ag1 "${env[@]}" OCF_RESKEY_status_program=/bin/false -- "$vmsh" status

check "migrate ag2 (argv)" 0 on ag1 "${env[@]}" -- "$vmsh" migrate ag2
expect "the guest runs on ag2" runs_on ag2 vmha-rg
expect "and no longer on ag1" absent_on ag1 vmha-rg
check "migrate back through migration_mapping" 0 on ag2 "${env[@]}" OCF_RESKEY_migration_mapping=node1:ag1 \
  -- "$vmsh" migrate node1
expect "the guest runs on ag1 again" runs_on ag1 vmha-rg

check "migrate to an unreachable member returns 150" 150 on ag1 "${env[@]}" -- "$vmsh" migrate 192.0.2.9
expect "the guest still runs on ag1" runs_on ag1 vmha-rg
check "migrate without a target" 2 on ag1 "${env[@]}" -- "$vmsh" migrate

check "stop (guest ignores ACPI: destroyed before the timeout)" 0 on ag1 "${env[@]}" -- "$vmsh" stop
expect "the guest is gone" absent_on ag1 vmha-rg
check "start a defined domain by name" 0 bash -c \
  "'$vmha_host' exec ag1 virsh -q -c qemu:///system define '$cfg' >/dev/null && \
   '$vmha_host' exec ag1 env OCF_RESKEY_name=vmha-rg OCF_RESKEY_RGMANAGER_meta_timeout=20 '$vmsh' start"
check "no_kill: a stop that cannot finish gracefully fails" 1 on ag1 OCF_RESKEY_name=vmha-rg \
  OCF_RESKEY_RGMANAGER_meta_timeout=6 OCF_RESKEY_no_kill=1 -- "$vmsh" stop
expect "  and the guest was not destroyed" runs_on ag1 vmha-rg
check "kill destroys at once" 0 on ag1 OCF_RESKEY_name=vmha-rg -- "$vmsh" kill
expect "the defined guest is shut off" [ "$(domstate ag1 vmha-rg)" = "shut off" ]
virsh_on ag1 undefine vmha-rg >/dev/null

finish
