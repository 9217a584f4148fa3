#!/usr/bin/env bash
# README's "first commands" for vmha-config, typed as written on a fresh machine: from the top of a
# clone (here: a copy of its examples/), with vmha-config on PATH and no VMHA_* secrets in the
# environment. Each line of that block that runs vmha-config must succeed and leave what it promises.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
work=$(mktemp -d /tmp/vmha-cfg-readme.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$VMHA_SOURCE_DIR/examples" "$work/examples"

# The first ```sh block after "A few first commands", its lines that run vmha-config.
block=$(awk '/^A few first commands/ { want = 1 } want && /^```/ { if (inside) exit; inside = 1; next } inside' "$VMHA_SOURCE_DIR/README.md")
mapfile -t lines < <(grep -E '^([A-Z_]+=[^ ]* )*vmha-config ' <<<"$block")
expect "README's first commands hold vmha-config lines (found ${#lines[@]})" [ "${#lines[@]}" -ge 3 ]

for line in "${lines[@]}"; do
  check "typed as written: $line" 0 env -i PATH="$VMHA_BUILD_DIR/config-gen:/usr/sbin:/usr/bin:/sbin:/bin" HOME="$work" \
    bash -c "cd '$work' && $line"
  expect "  ... prints no error" bash -c '! grep -q "error:" <<<"$1"' _ "$last_output"
done

expect "validate said the example is valid" grep -q 'examples/two-node.yaml: valid' < <(cd "$work" &&
  env -i PATH="$VMHA_BUILD_DIR/config-gen:/usr/bin:/bin" vmha-config validate examples/two-node.yaml 2>/dev/null)
expect "generate -o out/ created out/ with the three files" [ "$(ls "$work/out" 2>/dev/null | tr '\n' ' ')" = "cib.xml cluster.conf corosync.conf " ]
expect "import wrote topology.yaml" grep -q '^cluster:' "$work/topology.yaml"
check "the imported topology validates" 0 env -i PATH="$VMHA_BUILD_DIR/config-gen:/usr/bin:/bin" bash -c "cd '$work' && vmha-config validate topology.yaml"
finish
