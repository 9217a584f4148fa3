#!/usr/bin/env bash
# Every integer range of the key table is one every output accepts (issue 13 item 6): each key
# at its lowest and at its highest value, one topology each, generated and shown to the three
# checkers — xmllint + cluster.rng, crm_verify, corosync -t. The ranges are read from
# `vmha-config keys`, so a range changed in keys.cpp is tested as it is declared.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
has_error_in() { grep -qiE "error|not valid" "$1"; }

# A topology using every section once; EXTRA_<section> adds "key: value" to that section.
topology() {
  local section=$1 key=$2 value=$3 score=1
  declare -A extra=()
  extra[$section]="$key: $value, "
  # min_score at its top needs heuristics that can score that much.
  [ "$section.$key" = quorum.disk.min_score ] && score=$value
  [ "$section" = "quorum.disk.heuristics[]" ] && [ "$key" = score ] && score=$value && extra[$section]=""
  # master_wait must outlast tko_up (qdiskd's default is 2 or more): at its lowest, tko_up is 1.
  [ "$section.$key" = quorum.disk.master_wait ] && extra[$section]="$key: $value, tko_up: 1, "
  local id_a=1 id_b=2
  [ "$section.$key" = "nodes[].id" ] && id_a="" && id_b=$([ "$value" = 2 ] && echo 1 || echo 2)
  cat <<YAML
cluster: {name: c, fencing_enabled: false, ${extra[cluster]:-}fence_daemon: {${extra[cluster.fence_daemon]:-}clean_start: true}}
quorum: {${extra[quorum]:-}disk: {${extra[quorum.disk]:-}label: q, heuristics: [{${extra[quorum.disk.heuristics[]]:-}name: gw, program: /bin/true, score: $score}]}}
nodes: [{${extra[nodes[]]:-}name: a${id_a:+, id: $id_a}}, {name: b, id: $id_b}]
failover_domains: [{name: d, ordered: true, nodes: [{${extra[failover_domains[].nodes[]]:-}node: a}, b]}]
guests: [{${extra[guests[]]:-}name: g, domain: d, path: /vm}]
YAML
}
# One line per case: SECTION KEY VALUE.
"$vmha_config" keys | awk '
  /^### `/ { section = $2; gsub("`", "", section) }
  /^\| `/ && / integer [0-9-]+\.\.[0-9]+ / {
    key = $2; gsub("`", "", key); match($0, / integer [0-9-]+\.\.[0-9]+ /)
    split(substr($0, RSTART + 9, RLENGTH - 10), r, "\\.\\.")
    print section, key, r[1]; print section, key, r[2] }' >"$work/cases"
# The keys that interact in corosync.conf, all at their top: quorum.device.sync_timeout.
expect "the key table has integer ranges to test ($(wc -l <"$work/cases") cases)" [ "$(wc -l <"$work/cases")" -gt 30 ]

n=0
while read -r section key value; do
  n=$((n + 1)); dir=$work/t-case$n; mkdir -p "$dir"
  topology "$section" "$key" "$value" >"$dir/t.yaml"
  echo "$section.$key=$value" >"$dir/what"
done <"$work/cases"
n=$((n + 1)); dir=$work/t-case$n; mkdir -p "$dir"
max() { grep -F "quorum.disk $1 " "$work/cases" | tail -n1 | cut -d' ' -f3; }
topology quorum.disk interval "$(max interval), tko: $(max tko), master_wait: $(max master_wait), tko_up: 2" >"$dir/t.yaml"
echo "quorum.disk interval, tko, master_wait at their top" >"$dir/what"

bad=()
for dir in "$work"/t-case*; do
  what=$(cat "$dir/what")
  if ! "$vmha_config" generate "$dir/t.yaml" --target all -o "$dir" >"$dir/gen.out" 2>&1; then
    bad+=("$what: generate: $(head -n1 "$dir/gen.out")"); continue
  fi
  xmllint --noout --relaxng "$cluster_rng" "$dir/cluster.conf" >"$dir/xmllint.out" 2>&1 ||
    bad+=("$what: cluster.rng: $(grep -v validates "$dir/xmllint.out" | head -n1)")
  crm_verify -x "$dir/cib.xml" >"$dir/verify.out" 2>&1
  has_error_in "$dir/verify.out" && bad+=("$what: crm_verify: $(grep -iE 'error|not valid' "$dir/verify.out" | head -n1)")
done
printf '127.0.0.1 localhost a\n192.0.2.10 b\n' >"$work/hosts"
# corosync -t for every case in one private mount namespace (a throw-away authkey and hosts).
unshare --mount sh -c '
  mount -t tmpfs tmpfs /etc/corosync && mount --bind "$1" /etc/hosts &&
  corosync-keygen -k /etc/corosync/authkey >/dev/null 2>&1 || exit 9
  for dir in "$2"/t-case*; do
    [ -f "$dir/corosync.conf" ] || continue
    corosync -t -c "$dir/corosync.conf" >"$dir/corosync.out" 2>&1 || echo "$(cat "$dir/what"): corosync -t: $(tail -n1 "$dir/corosync.out")"
  done' sh "$work/hosts" "$work" >"$work/corosync-bad"; rc=$?
expect "corosync -t ran in its namespace (rc $rc)" [ "$rc" = 0 ]
while IFS= read -r line; do bad+=("$line"); done <"$work/corosync-bad"
for line in "${bad[@]}"; do echo "     | $line"; done
expect "every case passes every checker (${#bad[@]} failures)" [ "${#bad[@]}" = 0 ]
finish
