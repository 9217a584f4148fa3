# vmha and clustat as a user runs them, on saved CIBs (CIB_file=, which Pacemaker's own tools
# honour): exit statuses, the --json document against docs/vmha-status.schema.json, clustat -x
# through xmllint, the face chosen by the program's name, and bad usage / unreadable clusters.
source "$VMHA_SUPPORT/testlib.sh"
vmha="$VMHA_BUILD_DIR/admin/vmha"
clustat="$VMHA_BUILD_DIR/admin/clustat"
data="$VMHA_SOURCE_DIR/tests/admin/data"
schema="$VMHA_SOURCE_DIR/docs/vmha-status.schema.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# on SCENARIO cmd...: run cmd with the scenario's CIB as the cluster (a copy: the tools may touch it).
on() { local s=$1; shift; cp "$data/$s.cib.xml" "$work/cib.xml"; CIB_file="$work/cib.xml" "$@"; }
valid_json() {
  python3 - "$schema" "$1" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
}

check "vmha --version" 0 "$vmha" --version
expect "  says the project's version" grep -qE '^vmha [0-9]+\.[0-9]+\.[0-9]+$' <<<"$last_output"
check "vmha --help" 0 "$vmha" --help
expect "  lists status and --json from the option table" grep -q -- "--json" <<<"$last_output"
check "vmha with no command is bad usage" 2 "$vmha"
check "vmha frobnicate is bad usage" 2 "$vmha" frobnicate
expect "  one line naming it" [ "$last_output" = "vmha: unknown command 'frobnicate' (see vmha --help)" ]
check "vmha status --bogus is bad usage" 2 "$vmha" status --bogus
check "vmha migrate without --to is bad usage" 2 "$vmha" migrate vm1
expect "  one line naming it" [ "$last_output" = "vmha: migrate needs --to HOST" ]
check "vmha migrate without a guest is bad usage" 2 "$vmha" migrate --to hv2
check "vmha status --to hv2 is bad usage (--to is migrate's)" 2 "$vmha" status --to hv2
expect "  one line naming it" [ "$last_output" = "vmha: --to applies to migrate/relocate only" ]
check "vmha unpin a b is bad usage" 2 "$vmha" unpin a b
check "vmha migrate vm1 --to hv1 on a saved CIB is refused (already there)" 1 on started "$vmha" migrate vm1 --to hv1
expect "  the CIB is untouched" cmp -s "$work/cib.xml" "$data/started.cib.xml"
check "vmha migrate vm1 --to hv3 when hv3 is standby is refused" 1 on pinned_failed_frozen_standby "$vmha" migrate vm1 --to hv3
expect "  says why" [ "$last_output" = "vmha: refused: hv3 is standby: it takes no guests" ]

for row in started:0 pinned_failed_frozen_standby:1 host_offline:1 host_unclean:1 maintenance:0 inquorate:1; do
  s=${row%%:*} want=${row#*:}
  check "vmha status on $s exits $want" "$want" on "$s" "$vmha" status
  check "vmha status --json on $s exits $want" "$want" on "$s" "$vmha" status --json
  printf '%s\n' "$last_output" >"$work/$s.json"
  check "  valid against docs/vmha-status.schema.json" 0 valid_json "$work/$s.json"
  expect "  healthy agrees with the exit status" [ "$(jq -r .healthy "$work/$s.json")" = "$([ "$want" = 0 ] && echo true || echo false)" ]
  check "clustat -x on $s" 0 on "$s" "$clustat" -x
  printf '%s\n' "$last_output" >"$work/$s.xml"
  check "  parses (xmllint)" 0 xmllint --noout "$work/$s.xml"
done
expect "the schema rejects what it must (a guest without state)" \
  bash -c "! jq 'del(.guests[0].state)' '$work/started.json' >'$work/bad.json' || ! python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(\"$work/bad.json\")), json.load(open(\"$schema\")))' 2>/dev/null"

check "clustat by its name (a link to vmha)" 0 on started "$clustat"
expect "  rgmanager's header" grep -q "^Member Status: Quorate$" <<<"$last_output"
check "clustat -s vm:vm3 (disabled)" 119 on started "$clustat" -s vm:vm3
check "clustat -Q inquorate" 1 on inquorate "$clustat" -Q
check "clustat -i 1 redraws until interrupted (timeout sends SIGINT after 4.5 s)" 124 on started timeout -s INT 4.5 "$clustat" -i 1
expect "  at least twice, clearing the screen each time" [ "$(grep -c $'\033\[H\033\[2JCluster Status for vmhalab' <<<"$last_output")" -ge 2 ]
check "clustat -z: usage, exit 1" 1 "$clustat" -z
check "clustat -v" 0 "$clustat" -v
expect "  names itself and vmha's version" grep -q "^clustat version " <<<"$last_output"

check "vmha status with no cluster to read exits 2" 2 env CIB_file="$work/missing.xml" "$vmha" status
expect "  one line naming the tool" bash -c "[ \$(wc -l <<<'$last_output') = 1 ] && grep -q '^vmha: crm_mon' <<<'$last_output'"
check "clustat with no cluster to read exits 1" 1 env CIB_file="$work/missing.xml" "$clustat"
finish
