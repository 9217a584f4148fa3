#!/usr/bin/env bash
# mkqdisk on regular files: initialize, list, find, dump; bad input gets one clear error line.
set -u
. "$VMHA_SUPPORT/testlib.sh"
mk="$VMHA_BUILD_DIR/quorum/mkqdisk"
dir=$(mktemp -d /var/tmp/vmha-quorum-mk.XXXXXX)
trap 'rm -rf "$dir"' EXIT

check "a missing device is an error" 1 "$mk" -c "$dir/nope" -l lab
expect "  ... naming the path" grep -q "$dir/nope: No such file or directory" <<<"$last_output"
check "-c without -l is a usage error" 2 "$mk" -c "$dir/nope"
check "a slot count outside 1..64 is a usage error" 2 "$mk" -c "$dir/nope" -l lab -s 65

: > "$dir/disk"
check "mkqdisk -c initializes an empty file" 0 "$mk" -c "$dir/disk" -l lab-one -n refarch
expect "  ... grown to header + 16 slots" [ "$(stat -c %s "$dir/disk")" = $((17 * 4096)) ]
check "mkqdisk -d dumps it" 0 "$mk" -d "$dir/disk"
expect "  ... with its label and cluster" grep -q "Label: lab-one" <<<"$last_output"
expect "  ... and 16 slots" grep -q "Slots: 16" <<<"$last_output"

truncate -s 1M "$dir/other"
check "a second disk with 4 slots" 0 "$mk" -c "$dir/other" -l lab-two -s 4
check "mkqdisk -L lists labelled disks" 0 "$mk" -L "$dir/disk" "$dir/other" "$dir/nope"
expect "  ... both of them" [ "$(grep -c 'Label: lab-' <<<"$last_output")" = 2 ]
check "mkqdisk -f finds a disk by label" 0 "$mk" -f lab-two "$dir/disk" "$dir/other"
expect "  ... the right one" [ "$last_output" = "$dir/other" ]
check "mkqdisk -f with an unknown label fails" 1 "$mk" -f lab-three "$dir/disk" "$dir/other"
expect "  ... saying so" grep -q "no quorum disk labelled 'lab-three'" <<<"$last_output"

truncate -s 1M "$dir/blank"
check "dumping an unlabelled file fails" 1 "$mk" -d "$dir/blank"
expect "  ... saying it has no header" grep -q "no quorum disk header" <<<"$last_output"

# A torn slot (one byte changed) is shown as untrusted, never decoded.
printf '\x5a' | dd of="$dir/disk" bs=1 seek=$((3 * 4096 + 20)) conv=notrunc status=none
check "dump after damaging slot 3" 0 "$mk" -d "$dir/disk"
expect "  ... marks slot 3 as not trusted" grep -q "^3 .*corrupt or torn" <<<"$last_output"
finish
