# The two-masters judge of the chaos runner (qdisk_masters.sh), by a table of sample files: what
# the quorum disk looks like through a handover, a dead master's stale slot, and two masters at once.
source "$VMHA_SOURCE_DIR/tests/support/testlib.sh"
source "$VMHA_SOURCE_DIR/tests/lab/chaos/qdisk_masters.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# judge NAME WANT_RC WANT_MASTERS LINES...: the sample file LINES; two_masters's verdict and the
# live masters it saw.
judge() {
  local name=$1 want=$2 masters=$3; shift 3
  printf '%s\n' "$@" > "$dir/$name"
  check "$name: two_masters exits $want" "$want" two_masters "$dir/$name"
  expect "$name: the live masters were '$masters'" [ "$(masters_seen "$dir/$name")" = "$masters" ]
}
judge "one master, heartbeats advancing" 0 "1 " \
  "100 1:master:10 2:run:10" "600 1:master:11 2:run:11" "1100 1:master:12 2:run:12"
judge "handover: the master dies, its slot stays 'master', the other takes over" 0 "1 2 " \
  "100 1:master:10 2:run:10" "600 1:master:11 2:run:11" "1100 1:master:11 2:run:12" \
  "1600 1:master:11 2:master:13" "2100 1:master:11 2:master:14" "2600 1:evicted:11 2:master:15"
judge "a stale master slot beside a live one is not two" 0 "2 " \
  "100 1:master:5 2:master:20" "600 1:master:5 2:master:21" "1100 1:master:5 2:master:22"
judge "a first 'master' sample is not yet a live master" 0 "1 " \
  "100 1:master:10 2:run:10" "600 1:master:11 2:master:11" "1100 1:master:12 2:run:12"
judge "two masters writing at once" 1 "1 2 " \
  "100 1:master:10 2:run:10" "600 1:master:11 2:master:11" "1100 1:master:12 2:master:12"
judge "a new life (heartbeat from 0) as master beside the old master" 1 "1 2 " \
  "100 1:master:10 2:master:0" "600 1:master:11 2:master:1"
check "an unreadable disk gives no sample line" 0 bash -c "source '$VMHA_SOURCE_DIR/tests/lab/chaos/qdisk_masters.sh'; [ -z \"\$(qdisk_sample '$dir/none')\" ]"
finish
