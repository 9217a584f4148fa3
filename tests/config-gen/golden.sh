#!/usr/bin/env bash
# Golden files: each example topology → each output, and the reference architecture's import,
# must match tests/data/config-gen exactly. Regenerate with tests/config-gen/regen-golden.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
check "produce every golden output" 0 produce_golden "$vmha_config" "$VMHA_SOURCE_DIR" "$shared" "$work/out"
golden=$VMHA_SOURCE_DIR/tests/data/config-gen
for file in $(cd "$golden" && find . -type f | sort); do
  check "golden $file" 0 diff -u "$golden/$file" "$work/out/$file"
done
expect "no output without a golden file" [ "$(cd "$work/out" && find . -type f | sort)" = "$(cd "$golden" && find . -type f | sort)" ]
expect "all 15 golden files are there" [ "$(cd "$golden" && find . -type f | wc -l)" -eq 15 ]
finish
