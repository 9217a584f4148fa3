#!/usr/bin/env bash
# pkg.tidy: clang-tidy's default checks (clang-analyzer-*, clang-diagnostic-*) over every translation
# unit of this build but the fuzz targets, two at a time; fails naming FILE:LINE:COLUMN of each finding.
set -euo pipefail
exec env JOBS=2 bash "$VMHA_SOURCE_DIR/scripts/tidy" "$VMHA_BUILD_DIR"
