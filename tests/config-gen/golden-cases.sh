# golden-cases.sh: the golden scenarios, shared by regen-golden (writes tests/data/config-gen)
# and golden.sh (writes a temporary directory and diffs it against tests/data/config-gen).
#   produce_golden VMHA_CONFIG SOURCE_DIR SHARED_DIR OUT_DIR
# Passwords come from fixed, fake environment values so that the outputs are reproducible.
produce_golden() {
  local tool=$1 source=$2 shared=$3 out=$4 example
  for example in two-node three-node; do
    mkdir -p "$out/$example"
    VMHA_APC_PASSWORD=apc-password VMHA_IPMI_PASSWORD=ipmi-password \
      "$tool" generate "$source/examples/$example.yaml" --target all -o "$out/$example" || return 1
  done
  # Each host's libvirt lock manager (storage leases).
  "$tool" generate "$source/examples/two-node.yaml" --target libvirt -o "$out/two-node/libvirt" || return 1
  # The crmsh-friendly form: guests share resource templates.
  VMHA_IPMI_PASSWORD=ipmi-password \
    "$tool" generate "$source/examples/three-node.yaml" --target cib --templates -o "$out/three-node/cib-templates.xml" || return 1
  # Remote hosts: the CIB and corosync.conf (cman's cluster.conf has no remote hosts: refused).
  mkdir -p "$out/remote-hosts"
  for example in cib corosync.conf; do
    VMHA_IPMI_PASSWORD=ipmi-password "$tool" generate "$source/examples/remote-hosts.yaml" --target "$example" \
      -o "$out/remote-hosts/$([ "$example" = cib ] && echo cib.xml || echo corosync.conf)" || return 1
  done
  # The migration path: the reference architecture's cluster.conf → topology → cluster.conf.
  mkdir -p "$out/refarch-import"
  (cd "$source/examples" && "$tool" import refarch-cluster.conf -o "$out/refarch-import/topology.yaml") || return 1
  "$tool" generate "$out/refarch-import/topology.yaml" --target all -o "$out/refarch-import" || return 1
}

# The golden capacity plans: each topology of tests/data/plan → NAME.plan (text) and NAME.json.
#   produce_plans VMHA_CONFIG PLAN_DIR
produce_plans() {
  local tool=$1 dir=$2 yaml
  for yaml in "$dir"/*.yaml; do
    "$tool" plan "$yaml" >"${yaml%.yaml}.plan" 2>&1 || true  # exit 1: a protected guest stays stopped
    "$tool" plan "$yaml" --json >"${yaml%.yaml}.json" 2>&1 || true
  done
  return 0
}
