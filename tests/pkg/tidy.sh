#!/usr/bin/env bash
# pkg.tidy: clang-tidy's default checks (clang-analyzer-*, clang-diagnostic-*) over the product code
# (every translation unit of this build outside tests/), two at a time; fails naming FILE:LINE:COLUMN
# of each finding. pkg.tidy-all (-DVMHA_TIDY_ALL=ON) runs the same over the whole tree: TIDY_SCOPE=--all.
set -euo pipefail
exec env JOBS=2 bash "$VMHA_SOURCE_DIR/scripts/tidy" ${TIDY_SCOPE:-} "$VMHA_BUILD_DIR"
