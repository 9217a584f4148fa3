#!/usr/bin/env bash
# mkqdisk on regular files: initialize, list, find, dump; bad input gets one clear error line.
set -u
. "$VMHA_SUPPORT/testlib.sh"
mk="$VMHA_BUILD_DIR/quorum/mkqdisk"
dir=$(mktemp -d /var/tmp/vmha-quorum-mk.XXXXXX)
trap 'rm -rf "$dir"' EXIT

check "a missing device is an error" 1 "$mk" -c "$dir/nope" -l lab
expect "  ... naming the path" grep -q "$dir/nope: No such file or directory" <<<"$last_output"
expect "  ... saying mkqdisk does not create it and how to" grep -qF "mkqdisk does not create the disk: create the file on the shared storage first, e.g. truncate -s 1M $dir/nope" <<<"$last_output"
expect "  ... in one line" [ "$(wc -l <<<"$last_output")" = 1 ]
expect "  ... and nothing was created" [ ! -e "$dir/nope" ]
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
# Not a disk: a FIFO (hung shared storage looks like this to open(2)), a character device, a
# directory. Each is refused at once; none is ever opened (timeout only turns a hang into a failure).
mkfifo "$dir/fifo"
check "mkqdisk -L FIFO does not hang" 0 timeout 10 "$mk" -L "$dir/fifo" "$dir/disk"
expect "  ... lists the real disk" grep -q "Label: lab-one" <<<"$last_output"
expect "  ... says why it skipped the FIFO" grep -qF "skipped $dir/fifo: not a block device or regular file (a FIFO)" <<<"$last_output"
check "mkqdisk -f LABEL FIFO does not hang" 1 timeout 10 "$mk" -f lab-two "$dir/fifo"
expect "  ... and finds nothing there" grep -q "no quorum disk labelled 'lab-two'" <<<"$last_output"
check "mkqdisk -c FIFO is refused" 1 timeout 10 "$mk" -c "$dir/fifo" -l lab
expect "  ... naming what it is" grep -qF "$dir/fifo: not a block device or regular file (a FIFO)" <<<"$last_output"
check "mkqdisk -d FIFO is refused" 1 timeout 10 "$mk" -d "$dir/fifo"
check "mkqdisk -c /dev/null (a character device) is refused" 1 timeout 10 "$mk" -c /dev/null -l lab
expect "  ... naming what it is" grep -qF "/dev/null: not a block device or regular file (a character device)" <<<"$last_output"
check "mkqdisk -c on a directory is refused" 1 timeout 10 "$mk" -c "$dir" -l lab

# Labels are printable: refused on create, escaped when a disk holds one anyway.
truncate -s 1M "$dir/esc"
check "a label with ESC is refused" 1 "$mk" -c "$dir/esc" -l "$(printf 'lab\033[2Jx')"
expect "  ... naming the byte, escaped" grep -qF "label 'lab\x1b[2Jx': byte 4 (0x1b) is a control character" <<<"$last_output"
expect "  ... and the disk is untouched" [ -z "$(tr -d '\0' < "$dir/esc")" ]
check "a label with a newline is refused" 1 "$mk" -c "$dir/esc" -l "$(printf 'lab\nForged: yes')"
expect "  ... in one line" [ "$(wc -l <<<"$last_output")" = 1 ]
check "a cluster name with a control character is refused" 1 "$mk" -c "$dir/esc" -l ok -n "$(printf 'c\a')"
# A disk written by something else with a hostile label (valid CRC): shown escaped.
check "write a disk with a good label" 0 "$mk" -c "$dir/esc" -l 'labXevilYline'
python3 - "$dir/esc" <<'PY'
import sys, zlib
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
i = b.index(b'labXevilYline')
b[i+3] = 0x1b; b[i+8] = 0x0a
b[216:220] = zlib.crc32(bytes(b[:216])).to_bytes(4, 'little')
open(p, 'r+b').write(b)
PY
check "mkqdisk -L shows a hostile label" 0 "$mk" -L "$dir/esc"
expect "  ... escaped" grep -qF 'Label: lab\x1bevil\x0aline' <<<"$last_output"
expect "  ... with no control byte on the terminal" bash -c '! LC_ALL=C grep -q "[[:cntrl:]]" <<<"$(tr -d "\t\n" <<<"$1")"' _ "$last_output"

# Readable times, as cman's mkqdisk printed them (ctime, local time).
check "mkqdisk -d in UTC" 0 env TZ=UTC "$mk" -d "$dir/disk"
utc=$(sed -n 's/^\tCreated: //p' <<<"$last_output")
expect "  ... Created is a ctime-style date ($utc)" grep -Eq '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}$' <<<"$utc"
check "mkqdisk -d in Tokyo" 0 env TZ=Asia/Tokyo "$mk" -d "$dir/disk"
tokyo=$(sed -n 's/^\tCreated: //p' <<<"$last_output")
expect "  ... in local time: another clock reading ($tokyo), the same instant" \
  [ "$tokyo" != "$utc" ] && [ "$(TZ=UTC date -d "$utc" +%s)" = "$(TZ=Asia/Tokyo date -d "$tokyo" +%s)" ]

# cman's -d is a flag (details), so its `mkqdisk -L -d` lists disks with their slots.
check "mkqdisk -L -d lists with details" 0 "$mk" -L -d "$dir/disk" "$dir/other"
expect "  ... both disks" [ "$(grep -c 'Label: lab-' <<<"$last_output")" = 2 ]
expect "  ... each with its slot table" [ "$(grep -c '^node  *state' <<<"$last_output")" = 2 ]
check "mkqdisk -L without -d shows no slots" 0 "$mk" -L "$dir/disk"
expect "  ... no slot table" bash -c '! grep -q "^node  *state" <<<"$1"' _ "$last_output"
check "mkqdisk -d PATH still shows one disk in detail" 0 "$mk" -d "$dir/other"
expect "  ... with its slot table" grep -q '^node  *state' <<<"$last_output"
check "mkqdisk -f LABEL -d" 0 "$mk" -f lab-two -d "$dir/disk" "$dir/other"
expect "  ... prints the path first" [ "$(head -n1 <<<"$last_output")" = "$dir/other" ]
check "mkqdisk -d alone is a usage error" 2 "$mk" -d

# --help and --version, from the one option table; the version is the project's.
want_version=$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")
for prog in mkqdisk qdiskd; do
  bin="$VMHA_BUILD_DIR/quorum/$prog"
  check "$prog --version" 0 "$bin" --version
  expect "  ... is '$prog $want_version'" [ "$last_output" = "$prog $want_version" ]
  check "$prog -V" 0 "$bin" -V
  check "$prog --help" 0 "$bin" --help
  expect "  ... has a usage line" grep -q "^usage: $prog " <<<"$last_output"
  expect "  ... lists --help and --version" bash -c 'grep -q -- "--help" <<<"$1" && grep -q -- "--version" <<<"$1"' _ "$last_output"
  check "$prog --bogus is a usage error" 2 "$bin" --bogus
done
check "mkqdisk --help shows -d as a flag" 0 "$mk" --help
expect "  ... (no argument)" grep -Eq '^  -d, --details  +also show every slot' <<<"$last_output"
finish
