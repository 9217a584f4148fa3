#!/usr/bin/env bash
# The quorum disk on a real block device (a loop device over a file): mkqdisk -c / -L / -f / -d,
# and the label search through /proc/partitions that qdiskd uses for quorum.device.disk.label.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
mk=$VMHA_BUILD_DIR/quorum/mkqdisk
work=$(mktemp -d /var/tmp/vmha-quorum-blk.XXXXXX)
loop=""
cleanup() { [ -n "$loop" ] && losetup -d "$loop"; rm -rf "$work"; }
trap cleanup EXIT

truncate -s 1M "$work/img"
if ! loop=$(losetup -f --show "$work/img" 2>/dev/null); then
  loop=""
  echo "no loop devices on this machine: the block device path is not exercised here"
  finish
fi
label=qd-loop-$$
check "mkqdisk -c on $loop" 0 "$mk" -c "$loop" -l "$label"
expect "  ... block size 4096 (>= the device's sector size)" grep -q "slots of 4096 bytes" <<<"$last_output"
check "mkqdisk -L (no paths) scans /proc/partitions" 0 "$mk" -L
expect "  ... and lists $loop" grep -q "^$loop:" <<<"$last_output"
expect "  ... label $label" grep -q "Label: $label" <<<"$last_output"
check "mkqdisk -f finds it by label" 0 "$mk" -f "$label"
expect "  ... at $loop" [ "$last_output" = "$loop" ]
check "mkqdisk -d dumps it" 0 "$mk" -d "$loop"
expect "  ... 16 slots" grep -q "Slots: 16" <<<"$last_output"
finish
