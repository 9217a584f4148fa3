# The hostile-input table for the agent binary, where it is not pure (issue 13 items 2, 3 and Tests):
# each row is an environment or config file, the action, the exit code and the words of the one-line exit
# reason. Nothing here reaches libvirt (every row is refused before), so no test host is needed; every
# call is wrapped in `timeout`, so a hang shows as rc 124 instead of stalling the suite.
source "$VMHA_SOURCE_DIR/tests/support/testlib.sh"
agent="$VMHA_BUILD_DIR/agents/VirtualDomain"
vmsh="$VMHA_BUILD_DIR/agents/vm.sh"
work=$(mktemp -d /tmp/vmha-hostile.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkfifo "$work/fifo.xml"
printf '<domain type="kvm"><name>big</name>' > "$work/huge.xml"; truncate -s 12G "$work/huge.xml"
printf '<domain type="kvm"><name>ok</name><memory>65536</memory></domain>' > "$work/ok.xml"
printf 'not xml at all' > "$work/garbage.xml"
mkdir "$work/dir.xml"

run() { timeout 60 env -i PATH="$PATH" HA_RSCTMP="$work/rsctmp" OCF_ROOT=/usr/lib/ocf "$@"; }

# rc | action | words in the exit reason | environment...
while IFS='|' read -r rc action words vars; do
  [ -z "$rc" ] && continue
  read -ra envv <<<"$vars"
  check "$action with ${vars:0:90}" "$rc" run "${envv[@]}" "$agent" "$action"
  expect "  exit reason says: $words" grep -qF "ocf-exit-reason:" <<<"$last_output"
  expect "  ... $words" grep -qF -- "$words" <<<"$last_output"
  n=$(grep -c "^ocf-exit-reason:" <<<"$last_output")
  expect "  exactly one exit reason, printed once (got $n)" [ "$n" = 1 ]
done <<ROWS
6|validate-all|is a FIFO, not a regular file|OCF_RESKEY_config=$work/fifo.xml OCF_RESKEY_CRM_meta_timeout=5000
6|monitor|is a FIFO, not a regular file|OCF_RESKEY_config=$work/fifo.xml OCF_RESKEY_CRM_meta_timeout=5000 OCF_RESKEY_CRM_meta_interval=10000
6|stop|is a FIFO, not a regular file|OCF_RESKEY_config=$work/fifo.xml OCF_RESKEY_CRM_meta_timeout=5000
6|start|is a FIFO, not a regular file|OCF_RESKEY_config=$work/fifo.xml OCF_RESKEY_CRM_meta_timeout=5000
6|validate-all|is a character device, not a regular file|OCF_RESKEY_config=/dev/zero
6|monitor|is a character device, not a regular file|OCF_RESKEY_config=/dev/zero OCF_RESKEY_CRM_meta_interval=0
6|stop|is a character device, not a regular file|OCF_RESKEY_config=/dev/zero
6|validate-all|is a directory, not a regular file|OCF_RESKEY_config=$work/dir.xml
6|validate-all|more than the 10485760 bytes allowed|OCF_RESKEY_config=$work/huge.xml
6|stop|more than the 10485760 bytes allowed|OCF_RESKEY_config=$work/huge.xml
6|validate-all|is not a libvirt domain description|OCF_RESKEY_config=$work/garbage.xml
5|validate-all|cannot be read: No such file or directory|OCF_RESKEY_config=$work/missing.xml
6|validate-all|required parameter config|OCF_RESKEY_CRM_meta_timeout=20000
6|validate-all|migration_downtime="-1" is out of range (0 to 2000000)|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_migration_downtime=-1
6|validate-all|migration_speed="-1" is out of range|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_migration_speed=-1
6|validate-all|migrateport="70000" is out of range (1 to 65535)|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_migrateport=70000
6|validate-all|migration_downtime="10e3" is not an integer|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_migration_downtime=10e3
6|validate-all|force_stop="perhaps" is not a boolean|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_force_stop=perhaps
6|validate-all|hypervisor="qemu" is not a libvirt URI|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_hypervisor=qemu
6|stop|hypervisor="xen" is not a libvirt URI|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_hypervisor=xen
6|validate-all|backingfile="/x" is not supported|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_backingfile=/x
6|validate-all|cannot be used together|OCF_RESKEY_config=$work/ok.xml OCF_RESKEY_force_stop=1 OCF_RESKEY_snapshot=/tmp
ROWS

# Timeouts past what a clock can hold are saturated: validate-all succeeds instead of "did not finish
# before its deadline" at once.
for t in 10000000000000 9223372036854775807; do
  check "validate-all with OCF_RESKEY_CRM_meta_timeout=$t" 0 run OCF_RESKEY_config="$work/ok.xml" \
    OCF_RESKEY_CRM_meta_timeout=$t "$agent" validate-all
  expect "  no deadline failure" bash -c "! grep -q 'deadline' <<<\"\$1\"" _ "$last_output"
done
# A monitor reaches the watchdog (and, with no libvirtd outside the test hosts, the process table): with an
# overflowed deadline it "did not finish before its deadline" at once.
printf '<domain type="kvm"><name>vmha-hostile-absent</name><memory>65536</memory></domain>' > "$work/absent.xml"
check "probe with OCF_RESKEY_CRM_meta_timeout=10000000000000 runs to its answer" 7 run \
  OCF_RESKEY_config="$work/absent.xml" OCF_RESKEY_CRM_meta_timeout=10000000000000 OCF_RESKEY_CRM_meta_interval=0 \
  "$agent" monitor
expect "  no deadline failure" bash -c "! grep -q 'deadline' <<<\"\$1\"" _ "$last_output"
check "vm.sh validate-all with RGMANAGER_meta_timeout=9223372036854775807" 0 \
  run OCF_RESKEY_name=g OCF_RESKEY_RGMANAGER_meta_timeout=9223372036854775807 "$vmsh" validate-all
finish
