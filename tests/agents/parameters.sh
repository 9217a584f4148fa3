# Bad input: each required parameter missing or malformed gets the OCF code a cluster acts on
# correctly and one clear exit reason naming the parameter; nothing is started.
source "$(dirname "$0")/agentlib.sh"

host_up ag1
cfg=$(make_guest vmha-params)
printf '<domain><name>broken' > "$work/broken.xml"
printf '<domain type="kvm"><memory>1</memory></domain>' > "$work/nameless.xml"

# bad_case "what" RC WORD env...  (validate-all and start must both refuse; WORD in the reason)
bad_case() {
  local what=$1 rc=$2 word=$3; shift 3
  check "validate-all: $what" "$rc" on ag1 "$@" -- "$agent" validate-all
  expect "  one exit reason naming '$word'" \
    bash -c '[ "$(grep -c "^ocf-exit-reason:" <<<"$1")" = 1 ] && grep "^ocf-exit-reason:" <<<"$1" | grep -q -- "$2"' _ "$last_output" "$word"
  check "start refuses: $what" "$rc" on ag1 "$@" -- "$agent" start
}

bad_case "config unset" 6 OCF_RESKEY_config
bad_case "config file missing" 5 "$work/nowhere.xml" OCF_RESKEY_config="$work/nowhere.xml"
bad_case "config not XML" 6 "not well-formed" OCF_RESKEY_config="$work/broken.xml"
bad_case "config without <name>" 6 "no <name>" OCF_RESKEY_config="$work/nameless.xml"
bad_case "migration_speed not a number" 6 migration_speed OCF_RESKEY_config="$cfg" OCF_RESKEY_migration_speed=fast
bad_case "migration_downtime not a number" 6 migration_downtime OCF_RESKEY_config="$cfg" OCF_RESKEY_migration_downtime=1.5s
bad_case "force_stop not a boolean" 6 force_stop OCF_RESKEY_config="$cfg" OCF_RESKEY_force_stop=perhaps
bad_case "shutdown_mode unknown" 6 "ask-nicely" OCF_RESKEY_config="$cfg" OCF_RESKEY_shutdown_mode=acpi,ask-nicely
bad_case "migrate_options unknown" 6 "--teleport" OCF_RESKEY_config="$cfg" OCF_RESKEY_migrate_options=--teleport
bad_case "force_stop with snapshot" 6 snapshot OCF_RESKEY_config="$cfg" OCF_RESKEY_force_stop=1 OCF_RESKEY_snapshot="$work"
bad_case "unsupported parameter backingfile" 6 backingfile OCF_RESKEY_config="$cfg" OCF_RESKEY_backingfile=/img.qcow2
bad_case "monitor script missing" 5 "$work/nope.sh" OCF_RESKEY_config="$cfg" OCF_RESKEY_monitor_scripts="$work/nope.sh"
expect "no guest was started by any refused start" absent_on ag1 vmha-params

check "unknown action" 3 on ag1 OCF_RESKEY_config="$cfg" -- "$agent" dance
check "no action prints usage and fails" 2 on ag1 -- "$agent"
expect "  usage names the actions" grep -q "usage: .*start|stop|status|monitor" <<<"$last_output"
check "--help" 0 on ag1 -- "$agent" --help
expect "  --help lists every parameter from the table" grep -q "migration_postcopy (boolean, default false" <<<"$last_output"
check "manpage renders" 0 on ag1 -- "$agent" manpage
expect "  the man page has a PARAMETERS section" grep -q '^.SH PARAMETERS' <<<"$last_output"

# A malformed tuning parameter does not stop a stop: it falls back to the default and says so.
check "start a guest" 0 on ag1 OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=20000 -- "$agent" start
check "stop with a malformed migration_speed still stops" 0 \
  on ag1 OCF_RESKEY_config="$cfg" OCF_RESKEY_migration_speed=fast OCF_RESKEY_force_stop=1 -- "$agent" stop
expect "the guest is gone" absent_on ag1 vmha-params

finish
