# The agent's command line and logging as pcs users meet them (issue 12 item 10): every error once on
# stderr, trace_ra/trace_file accepted and doing what ocf-shellfuncs does, --help and --version on both
# faces, manpage in the usage line, and the project's one version in --version and the meta-data. Nothing
# here reaches libvirt.
source "$VMHA_SOURCE_DIR/tests/support/testlib.sh"
agent="$VMHA_BUILD_DIR/agents/VirtualDomain"
vmsh="$VMHA_BUILD_DIR/agents/vm.sh"
work=$(mktemp -d /tmp/vmha-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")
run() { env -i PATH="$PATH" HA_RSCTMP="$work/rsctmp" OCF_ROOT=/usr/lib/ocf "$@"; }

check "validate-all with a missing config" 5 run OCF_RESKEY_config="$work/missing.xml" "$agent" validate-all
expect "the error appears once on stderr (got: $(grep -c 'missing.xml' <<<"$last_output"))" \
  [ "$(grep -c 'missing.xml' <<<"$last_output")" = 1 ]
check "validate-all with two errors" 6 run OCF_RESKEY_config="$work/missing.xml" OCF_RESKEY_migration_downtime=-1 \
  OCF_RESKEY_force_stop=perhaps "$agent" validate-all
expect "  each appears once" bash -c '[ $(grep -c downtime <<<"$1") = 1 ] && [ $(grep -c perhaps <<<"$1") = 1 ]' _ "$last_output"
check "vm.sh validate-all without name" 6 run "$vmsh" validate-all
expect "  the error appears once" [ "$(grep -c 'name' <<<"$last_output")" = 1 ]

check "VirtualDomain --version" 0 run "$agent" --version
expect "  says the project's version $version" grep -qx "VirtualDomain (vmha) $version" <<<"$last_output"
check "vm.sh --version" 0 run "$vmsh" --version
expect "  says the project's version $version" grep -qx "vm.sh (vmha) $version" <<<"$last_output"
check "VirtualDomain --help" 0 run "$agent" --help
expect "  the usage line lists manpage" grep -q '^usage: .*|manpage}' <<<"$last_output"
expect "  and --help | --version" grep -q -- '--help | --version' <<<"$last_output"
check "vm.sh --help" 0 run "$vmsh" --help
expect "  the usage line lists manpage" grep -q '^usage: .*|manpage}' <<<"$last_output"
check "vm.sh manpage" 0 run "$vmsh" manpage
expect "  is troff" grep -q '^\.TH vm ' <<<"$last_output"
check "VirtualDomain meta-data" 0 run "$agent" meta-data
expect "  carries the project's version" grep -q "<resource-agent name=\"VirtualDomain\" version=\"$version\"" <<<"$last_output"
expect "  declares trace_ra and trace_file (pcs refuses undeclared parameters for ocf:vmha)" \
  bash -c 'grep -q "parameter name=\"trace_ra\"" <<<"$1" && grep -q "parameter name=\"trace_file\"" <<<"$1"' _ "$last_output"
printf '<domain type="kvm"><name>traced</name><memory>65536</memory></domain>' > "$work/ok.xml"

# trace_ra=1 with trace_file: debug lines and the environment go to that file.
check "validate-all with trace_ra=1 trace_file=FILE" 0 run OCF_RESKEY_config="$work/ok.xml" OCF_RESKEY_trace_ra=1 \
  OCF_RESKEY_trace_file="$work/trace.log" OCF_RESOURCE_INSTANCE=vm1 "$agent" validate-all
expect "  the trace file holds the environment" grep -q "environment:.*OCF_RESKEY_config=$work/ok.xml" "$work/trace.log"
# trace_ra=1 alone: ocf-shellfuncs' default place, under HA_VARLIB/trace_ra/<type>/<id>.<action>.<stamp>.
check "monitor refused (bad config) with trace_ra=1 and no trace_file" 6 run OCF_RESKEY_config=/dev/zero \
  OCF_RESKEY_trace_ra=1 HA_VARLIB="$work/varlib" OCF_RESOURCE_INSTANCE=vm1 OCF_RESKEY_CRM_meta_interval=0 "$agent" monitor
trace=$(ls "$work"/varlib/trace_ra/VirtualDomain/vm1.monitor.* 2>/dev/null | head -n1)
expect "  a trace file exists in HA_VARLIB/trace_ra/VirtualDomain/vm1.monitor.<stamp>" [ -n "$trace" ]
expect "  and holds the error" grep -q "ERROR: config file /dev/zero is a character device" "$trace"
check "trace_ra=0 writes no trace" 0 run OCF_RESKEY_config="$work/ok.xml" OCF_RESKEY_trace_ra=0 \
  HA_VARLIB="$work/varlib0" OCF_RESOURCE_INSTANCE=vm1 "$agent" validate-all
expect "  nothing under HA_VARLIB" [ ! -e "$work/varlib0" ]
check "trace_ra=maybe is refused" 6 run OCF_RESKEY_config="$work/ok.xml" OCF_RESKEY_trace_ra=maybe "$agent" validate-all
finish
