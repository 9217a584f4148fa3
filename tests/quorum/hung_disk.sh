#!/usr/bin/env bash
# Hung storage: the quorum disk is a file on hangfs (tests/quorum/hangfs.c), a one-file FUSE file
# system. `kill -STOP` of its server makes every request to the disk block in the kernel, as a dead
# path to a SAN does; `kill -CONT` brings the disk back. qdiskd must not hang with it: each read
# and write gives up after io_timeout, the vote is withdrawn (the one-host cluster loses quorum),
# cycles go on, and when the disk comes back the vote comes back.
# (Device-mapper's `dmsetup suspend` would do the same for a block device; FUSE needs no kernel
# module beyond fuse, which machines without device-mapper or nbd still have.)
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/quorum/qdisk_lib.sh"
host=qd1
hangfs_bin=$VMHA_BUILD_DIR/tests/quorum/hangfs
work=$(mktemp -d /var/tmp/vmha-quorum-hung.XXXXXX)
mnt=$work/mnt
disk=$mnt/disk
fs_pid=""
cleanup() {
  [ "$failed" -gt 0 ] && show_logs "$host"
  # The server first: a process with a request queued on a stopped FUSE server cannot exit.
  [ -n "$fs_pid" ] && kill -CONT "$fs_pid" 2>/dev/null
  "$vmha_host" down "$host" >/dev/null 2>&1
  if [ -n "$fs_pid" ]; then
    # The host's mount namespace held a copy of the mount; with it gone, unmounting ends the server.
    fusermount3 -u "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$fs_pid" 2>/dev/null || break; sleep 0.1; done
    kill "$fs_pid" 2>/dev/null && wait "$fs_pid" 2>/dev/null
  fi
  # Never rm -rf through a live mount (it would reach the disk file).
  if mountpoint -q "$mnt" 2>/dev/null; then echo "cleanup: $mnt is still mounted; left $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

truncate -s 1M "$work/img"
mkdir "$mnt"
"$hangfs_bin" "$work/img" "$mnt" "$work/freeze" 2>"$work/hangfs.err" &
fs_pid=$!
expect "hangfs serves $disk" wait_until 20 test -f "$disk"
[ "$failed" -eq 0 ] || { cat "$work/hangfs.err"; finish; }
check "mkqdisk -c on the FUSE disk" 0 "$mkqdisk_bin" -c "$disk" -l qtest-hung -n qtest
corosync_conf "$work/corosync.conf" "$disk" "$host:127.0.0.1" "      io_timeout: 1"

# The host's mount namespace is a copy of the machine's made at `up`: mount first, then the host.
"$vmha_host" down "$host" >/dev/null 2>&1
check "host $host up" 0 "$vmha_host" up "$host"
check "  ... it sees the FUSE disk" 0 on "$host" "$mkqdisk_bin" -d "$disk"
check "corosync starts" 0 start_corosync "$host" "$work/corosync.conf"
# A disk that opens but never answers a read (hangfs waits while $work/freeze exists): qdiskd's
# very first read, the header's, is bounded by the configured io_timeout too.
touch "$work/freeze"
check "qdiskd -t on a disk whose reads hang: an error" 1 on "$host" "$qdiskd_bin" -t
expect "  ... the header read gave up after the configured io_timeout (1 s)" \
  grep -q "read at 0 took longer than 1000 ms (io_timeout)" <<<"$last_output"
rm -f "$work/freeze"

start_qdiskd "$host"
expect "qdiskd casts: quorate" wait_until 60 quorate "$host"
# O_DIRECT is 040000 in the open flags /proc shows in octal.
direct_fd() {
  on "$host" bash -c 'pid=$(cat /run/qdiskd/pid) || exit 1
    for f in /proc/$pid/fd/*; do
      [ "$(readlink "$f")" = "$1" ] || continue
      flags=$(awk "/^flags:/ {print \$2}" "/proc/$pid/fdinfo/${f##*/}")
      (( 8#$flags & 8#40000 )) && exit 0
    done
    exit 1' _ "$disk"
}
expect "  ... qdiskd has the disk open with O_DIRECT" direct_fd

log_says() { on "$host" grep -q "$1" /var/log/corosync/qdiskd.log; }
stopped() { [ "$(awk '{print $3}' "/proc/$fs_pid/stat")" = T ]; }
check "the disk hangs (kill -STOP the FUSE server)" 0 kill -STOP "$fs_pid"
expect "  ... the server is stopped" wait_until 10 stopped
expect "  ... qdiskd gives up on the hung I/O after io_timeout" wait_until 30 log_says "took longer than 1000 ms (io_timeout)"
expect "  ... and withdraws the vote: not quorate" wait_until 30 not_quorate "$host"
c0=$(status_field "$host" Cycles)
cycles_move() { [ "$(status_field "$host" Cycles)" -ge $((c0 + 3)) ]; }
expect "  ... its cycles go on while the disk hangs (cycle $c0 and counting)" wait_until 30 cycles_move
expect "  ... still not quorate" not_quorate "$host"
check "  ... qdiskd -s answers" 0 on "$host" "$qdiskd_bin" -s
expect "  ... and shows no vote" grep -q "^Cast vote: no" <<<"$last_output"
expect "  ... the disk was hung all along (server still stopped)" stopped

check "the disk comes back (kill -CONT)" 0 kill -CONT "$fs_pid"
expect "  ... the vote comes back: quorate" wait_until 60 quorate "$host"
check "  ... qdiskd -s answers" 0 on "$host" "$qdiskd_bin" -s
expect "  ... and shows the vote" grep -q "^Cast vote: yes" <<<"$last_output"
finish
