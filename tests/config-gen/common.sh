# common.sh: what every vmha-config shell test shares.
. "$VMHA_SUPPORT/testlib.sh"
vmha_config=$VMHA_BUILD_DIR/config-gen/vmha-config
# CI copies shared/ beside the clone; a missing schema is a failure, never a skip.
shared=$VMHA_SOURCE_DIR/../shared
cluster_rng=$shared/schemas/cluster.rng
if [ ! -f "$cluster_rng" ]; then
  echo "FAIL - $cluster_rng is missing (shared/ must sit beside the repository)"
  exit 1
fi
work=$(mktemp -d /tmp/vmha-config-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
. "$VMHA_SOURCE_DIR/tests/config-gen/golden-cases.sh"

# The names of the nodes of a generated CIB, in order.
cib_nodes() { grep -o '<node id="[0-9]*" uname="[^"]*"' "$1" | sed 's/.*uname="\([^"]*\)"/\1/'; }

# Brings every node of a CIB up, quorate, and saves the settled state.
bootstrap() {
  local cib=$1 out=$2 args=() node
  for node in $(cib_nodes "$cib"); do args+=(-u "$node"); done
  crm_simulate -x "$cib" -S -q 1 "${args[@]}" -O "$out" >/dev/null
}
