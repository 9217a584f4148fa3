#!/usr/bin/env bash
# fence_virtd on hostile configuration files (issue 13 item 12): each is refused with exit 1 and
# exactly one line on stderr naming FILE:LINE:COLUMN (or the file, when it is not a file at all),
# promptly: deep nesting, duplicate keys and listener blocks, control bytes, a FIFO, /dev/zero, a
# directory, a file past the size bound. Nothing listens (no network needed).
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
daemon=$VMHA_BUILD_DIR/fence/virtd/fence_virtd

# refused NAME FILE PATTERN: exit 1 (not a timeout), one stderr line matching PATTERN.
refused() {
  local name=$1 file=$2 pattern=$3 err
  check "$name: exit 1" 1 timeout 60 "$daemon" -F -f "$file" -p "$work/pid"
  err=$(timeout 60 "$daemon" -F -f "$file" -p "$work/pid" 2>&1 >/dev/null)
  expect "$name: one line" [ "$(printf '%s\n' "$err" | wc -l)" = 1 ]
  expect "$name: says '$pattern'" grep -q -- "$pattern" <<<"$err"
  expect "$name: no pid file" [ ! -e "$work/pid" ]
}

python3 -c 'import sys; n=40000; sys.stdout.write("a{"*n + "}"*n)' > "$work/deep.conf"
refused "40,000 nested blocks" "$work/deep.conf" "deep.conf:1:65: block 'a' nested deeper than 32 levels"
python3 -c 'import sys; n=300000; sys.stdout.write("a{"*n + "}"*n)' > "$work/deeper.conf"
refused "300,000 nested blocks (900 KB)" "$work/deeper.conf" "deeper.conf:1:65: block 'a' nested deeper than 32 levels"
printf 'listeners {\n\ttcp {\n\t\tport = "1";\n\t\tport = "2";\n\t}\n}\n' > "$work/dupkey.conf"
refused "duplicate key" "$work/dupkey.conf" "dupkey.conf:4:3: duplicate key 'port' in listeners/tcp (first at line 3)"
printf 'fence_virtd { listener = "tcp"; }\nlisteners {\n\ttcp { port = "1"; }\n\ttcp { port = "2"; }\n}\n' > "$work/duplistener.conf"
refused "duplicate listener block" "$work/duplistener.conf" "duplistener.conf:4:2: duplicate block 'tcp' in listeners (first at line 3)"
printf 'a {\n\tk = "x\033]0;owned\007";\n}\n' > "$work/escape.conf"
refused "escape sequence in a value" "$work/escape.conf" "escape.conf:2:8: value of 'k' contains the control character 0x1b"
printf 'a {\n\000}\n' > "$work/nul.conf"
refused "NUL byte" "$work/nul.conf" "nul.conf:2:1: unexpected byte 0x00"
head -c 2000000 /dev/zero | tr '\0' ' ' > "$work/big.conf"
refused "2 MB of spaces" "$work/big.conf" "big.conf:1:1: larger than 1048576 bytes"
mkfifo "$work/fifo.conf"
refused "a FIFO (nobody writes: must not hang)" "$work/fifo.conf" "fifo.conf: not a regular file"
refused "/dev/zero (must not read forever)" /dev/zero "/dev/zero: not a regular file"
refused "a directory" "$work" "$work: not a regular file"
refused "a missing file" "$work/none.conf" "cannot read $work/none.conf: No such file or directory"
finish
