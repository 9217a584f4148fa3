#!/usr/bin/env bash
# base.cli: fence_virtd's and vmha-guestd's command lines, each from its one option table
# (vmha/options.hpp, shared with qdiskd and mkqdisk): --help, --version, the man page help2man makes
# of them, and a bad command line answered with one line naming what is wrong and exit 2.
source "$VMHA_SOURCE_DIR/tests/support/testlib.sh"
version=$(sed -n 's/^project(vmha VERSION \([^ )]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# usage_error NAME RC PROGRAM ARGS...: exit RC, nothing on stdout, one line on stderr naming the program.
usage_error() {
  local what=$1 want=$2 prog=$3; shift 3
  "$prog" "$@" >"$work/out" 2>"$work/err" && rc=0 || rc=$?
  err=$(cat "$work/err")
  expect "$what: exit $want (got $rc)" [ "$rc" = "$want" ]
  expect "  ... one line on stderr, none on stdout: '$err'" [ "$(wc -l <"$work/err")" = 1 ] && [ ! -s "$work/out" ]
  expect "  ... it starts '$(basename "$prog"): '" grep -q "^$(basename "$prog"): " "$work/err"
}

# options PROGRAM LONG...: --help lists each long option, the man page documents each.
options() {
  local prog=$1 name
  name=$(basename "$prog")
  shift
  sed 's/\\//g' "$VMHA_BUILD_DIR/man/$name.8" >"$work/$name.8" # troff's \- read as -
  check "$name --help" 0 "$prog" --help
  help=$last_output
  check "$name -h is --help" 0 "$prog" -h
  expect "  ... the same text" [ "$last_output" = "$help" ]
  for o in "$@" help version; do
    expect "  $name --help lists --$o" grep -q -- "--$o" <<<"$help"
    expect "  $name.8 documents --$o" grep -q -- "--$o" "$work/$name.8"
  done
  check "$name --version" 0 "$prog" --version
  expect "  ... '$name (vmha) $version': $last_output" [ "$last_output" = "$name (vmha) $version" ]
  check "$name -V is --version" 0 "$prog" -V
  expect "  ... the same line" [ "$last_output" = "$name (vmha) $version" ]
}

v=$VMHA_BUILD_DIR/fence/virtd/fence_virtd
options "$v" foreground config pid-file debug wait configure
usage_error "fence_virtd -x" 2 "$v" -x
expect "  ... names -x" grep -q "'-x'" "$work/err"
usage_error "fence_virtd -Fx (x after a good flag)" 2 "$v" -Fx
expect "  ... names -x, not -Fx: $err" grep -q "'-x'" "$work/err"
usage_error "fence_virtd --bogus" 2 "$v" --bogus
expect "  ... names --bogus" grep -q "'--bogus'" "$work/err"
usage_error "fence_virtd -f (no FILE)" 2 "$v" -f
expect "  ... names -f and says it needs an argument: $err" grep -q "'-f'.*needs an argument" "$work/err"
usage_error "fence_virtd --config (no FILE)" 2 "$v" --config
expect "  ... names --config: $err" grep -q "'--config'.*needs an argument" "$work/err"
usage_error "fence_virtd -F extra" 2 "$v" -F extra
expect "  ... names the argument" grep -q "unexpected argument 'extra'" "$work/err"
# The options reach the daemon: -f names the file it reads, -c is refused (exit 1, as before).
usage_error "fence_virtd -F -w -d 3 -p PID -f /nonexistent (exit 1: the file)" 1 "$v" -F -w -d 3 -p "$work/pid" -f /nonexistent
expect "  ... it read -f's file: $err" grep -q "cannot read /nonexistent" "$work/err"
usage_error "fence_virtd --foreground --debug=2 --wait --config=/nonexistent" 1 "$v" --foreground --debug=2 --wait --config=/nonexistent
expect "  ... it read --config's file" grep -q "cannot read /nonexistent" "$work/err"
usage_error "fence_virtd -f FILE -c (not supported)" 1 "$v" -f "$work/f.conf" -c
expect "  ... says edit FILE: $err" grep -q "not supported; edit $work/f.conf" "$work/err"

g=$VMHA_BUILD_DIR/guestd/vmha-guestd
options "$g" connect node run-dir records keepalive status debug
usage_error "vmha-guestd -x" 2 "$g" -x
expect "  ... names -x: $err" grep -q "unknown option '-x'" "$work/err"
usage_error "vmha-guestd --bogus" 2 "$g" --bogus
expect "  ... names --bogus: $err" grep -q "unknown option '--bogus'" "$work/err"
usage_error "vmha-guestd -c (no URI)" 2 "$g" -c
expect "  ... names -c and says it needs an argument: $err" grep -q "'-c'.*needs an argument" "$work/err"
usage_error "vmha-guestd --node (no NAME)" 2 "$g" --node
expect "  ... names --node: $err" grep -q "'--node'.*needs an argument" "$work/err"
for k in 0 3601 abc 5x; do
  usage_error "vmha-guestd --keepalive=$k" 2 "$g" --keepalive="$k"
  expect "  ... says what it wants: $err" grep -q "keepalive wants whole seconds 1-3600, not '$k'" "$work/err"
done
usage_error "vmha-guestd extra" 2 "$g" extra
expect "  ... names the argument" grep -q "unexpected argument 'extra'" "$work/err"
check "vmha-guestd -s -R DIR: not running, exit 3" 3 "$g" -s -R "$work/none"
expect "  ... names the run directory: $last_output" grep -q "not running ($work/none)" <<<"$last_output"
check "vmha-guestd --status --run-dir=DIR -k 7: exit 3" 3 "$g" --status --run-dir="$work/none" -k 7
finish
