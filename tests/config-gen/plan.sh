#!/usr/bin/env bash
# vmha-config plan: golden plans for topologies with a known answer (tests/data/plan), each checked
# against Pacemaker's scheduler run here directly, the slow honest way: every host brought up from an
# empty status with crm_simulate -S (probes and all), then each host failed with --node-fail and every
# guest located in the revised status. The plan states its steady state instead; both must agree.
# Regenerate the golden plans with tests/config-gen/regen-golden.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
data=$VMHA_SOURCE_DIR/tests/data/plan

# where CIB GUEST: the host a guest runs on in a (simulated) CIB, or "stopped".
where() {
  local host
  host=$(CIB_file=$1 crm_resource --locate -r "$2" --output-as=xml 2>/dev/null | xmllint --xpath 'string(//nodes/node[1])' - 2>/dev/null)
  echo "${host:-stopped}"
}
# planned JSON FAILED GUEST: where the plan puts GUEST when FAILED (a JSON list) failed.
planned() { jq -r --argjson f "$2" --arg g "$3" '.scenarios[] | select(.failed == $f) | .guests[] | select(.name == $g) | .host // "stopped"' "$1"; }
guests_of() { awk '/^guests:/ { on = 1; next } /^[a-z]/ { on = 0 } on' "$1" | grep -o '^  - {name: [A-Za-z0-9_]*' | sed 's/.*name: //'; }
hosts_of() { grep -o '^  - {name: [hr][vh][0-9]*' "$1" | sed 's/.*name: //' | sort -u; }
# members_of: the full members (remote hosts, rhN, are no corosync nodes: crm_simulate -u is for members).
members_of() { hosts_of "$1" | grep '^hv'; }
# fail_args UP_CIB HOST: how crm_simulate is told HOST is lost. A member: --node-fail. A remote host:
# its connection's monitor fails where the connection runs, as a powered-off remote host looks to
# the cluster (--node-fail does nothing to a remote node).
fail_args() {
  case $2 in
    rh*) echo "-i $2_monitor_30000@$(where "$1" "$2")=1" ;;
    *) echo "--node-fail $2" ;;
  esac
}
# agree TOPOLOGY: the plan's every-host-up and one-failure placements are the scheduler's own.
agree() {
  local yaml=$1 name json host guest args=() bad=""
  name=$(basename "$yaml" .yaml)
  json=$work/$name.json
  "$vmha_config" plan "$yaml" --json >"$json"
  "$vmha_config" generate "$yaml" --target cib -o "$work/$name-cib.xml" || return 1
  for host in $(members_of "$yaml"); do args+=(-u "$host"); done
  crm_simulate -x "$work/$name-cib.xml" -S -q 1 "${args[@]}" -O "$work/$name-up.xml" >/dev/null || return 1
  for guest in $(guests_of "$yaml"); do
    [ "$(where "$work/$name-up.xml" "$guest")" = "$(planned "$json" '[]' "$guest")" ] || bad+=" up:$guest"
  done
  for host in $(hosts_of "$yaml"); do
    # shellcheck disable=SC2046 # fail_args is two words
    crm_simulate -x "$work/$name-up.xml" -S $(fail_args "$work/$name-up.xml" "$host") -O "$work/$name-$host.xml" >/dev/null || return 1
    for guest in $(guests_of "$yaml"); do
      [ "$(where "$work/$name-$host.xml" "$guest")" = "$(planned "$json" "[\"$host\"]" "$guest")" ] || bad+=" $host:$guest"
    done
  done
  [ -z "$bad" ] || { echo "plan and crm_simulate disagree on$bad"; return 1; }
}

for case in memory priority restricted balanced remote; do
  check "golden plan $case (text)" 0 diff -u "$data/$case.plan" <("$vmha_config" plan "$data/$case.yaml" 2>&1)
  check "golden plan $case (json)" 0 diff -u "$data/$case.json" <("$vmha_config" plan "$data/$case.yaml" --json 2>&1)
  check "$case: the plan agrees with crm_simulate run directly" 0 agree "$data/$case.yaml"
done

# Exit status: 1 when a protected guest would stay stopped, else 0.
check "memory: hv1's loss leaves big stopped: exit 1" 1 "$vmha_config" plan "$data/memory.yaml"
expect "memory: ... for lack of memory" grep -q '"name":"big","host":null,"reason":"no capacity left"' "$work/memory.json"
check "priority: only an unprotected guest stays stopped: exit 0" 0 "$vmha_config" plan "$data/priority.yaml"
expect "priority: gold takes hv2 when hv1 fails" [ "$(planned "$work/priority.json" '["hv1"]' gold)" = hv2 ]
expect "priority: ... and bronze is outranked" grep -q 'outranked by priority (gold took its place)' "$work/priority.json"
check "restricted: exit 1" 1 "$vmha_config" plan "$data/restricted.yaml"
expect "restricted: lonely's domain has no live host" grep -q "restricted domain 'solo' has no live host" "$work/restricted.json"
check "balanced: exit 0" 0 "$vmha_config" plan "$data/balanced.yaml"
expect "balanced: two guests on each host" [ "$(jq '[.scenarios[0].hosts[].guests] == [2,2,2]' "$work/balanced.json")" = true ]
# Remote hosts: guests placed on them by their domain; rh1's loss fences it and restarts its guests on rh2.
check "remote: exit 0" 0 "$vmha_config" plan "$data/remote.yaml"
expect "remote: g1 and g2 on rh1 with every host up" [ "$(planned "$work/remote.json" '[]' g1)/$(planned "$work/remote.json" '[]' g2)" = rh1/rh1 ]
expect "remote: rh1 fails: g1 and g2 restart on rh2" [ "$(planned "$work/remote.json" '["rh1"]' g1)/$(planned "$work/remote.json" '["rh1"]' g2)" = rh2/rh2 ]
expect "remote: hv1 fails (it runs rh1's connection): g1 stays on rh1" [ "$(planned "$work/remote.json" '["hv1"]' g1)" = rh1 ]
expect "remote: the remote hosts are marked remote" [ "$(jq -c '[.scenarios[0].hosts[] | .remote // false]' "$work/remote.json")" = "[false,false,true,true]" ]
expect "remote: the scheduler fences rh1 when its connection fails" grep -q "Fence (reboot) rh1" <(crm_simulate -x "$work/remote-up.xml" -R $(fail_args "$work/remote-up.xml" rh1) 2>&1)
# Two of three hosts at once: the survivor has no quorum (1 of 3 votes), so Pacemaker stops everything.
"$vmha_config" plan "$data/balanced.yaml" --failures 2 --json >"$work/balanced2.json"
expect "balanced --failures 2: 1 + 3 + 3 scenarios; a lone survivor without quorum runs nothing" \
  [ "$(jq -c '[(.scenarios | length), .scenarios[4].quorum, (.scenarios[4].broken | length)]' "$work/balanced2.json")" = "[7,false,6]" ]
check "validate --plan warns about memory's hv1" 0 bash -c "'$vmha_config' validate --plan '$data/memory.yaml' 2>&1 | grep -q 'warning: if hv1 fails, big would stay stopped'"
check "bad usage: --failures x" 2 "$vmha_config" plan "$data/memory.yaml" --failures x
check "a topology error: exit 1, nothing planned" 1 "$vmha_config" plan /dev/null
check "bad usage: --timeout 0" 2 "$vmha_config" plan "$data/memory.yaml" --timeout 0

# --timeout: a scenario Pacemaker 2.1's scheduler does not answer in time (16 x 1000, host13's loss:
# minutes in its transition graph's loop check, docs/PERFORMANCE.md) is that scenario's error, the
# plan ends with exit 1, and no crm_simulate of it is left running.
"$VMHA_SOURCE_DIR/tests/config-gen/bench/make-topology.sh" 16 1000 4 |
  sed -E 's/^(  - \{name: host[0-9]+, id: [0-9]+, )/\1utilization: {memory: 262144, cpu: 64}, /;
          s/^(  - \{name: vm[0-9]+, domain: dom[0-9]+, path: \/vms)\}/\1, utilization: {memory: 2048, cpu: 1}}/' >"$work/large.yaml"
mkdir -p "$work/tmp"
check "16 x 1000 --timeout 1: the plan ends, exit 1" 1 env TMPDIR="$work/tmp" "$vmha_config" plan "$work/large.yaml" --timeout 1 --jobs 2 --json
printf '%s\n' "$last_output" >"$work/large.json"
expect "... host13's scenario is the scheduler's timeout" \
  [ "$(jq -r '.scenarios[] | select(.failed == ["host13"]) | .error' "$work/large.json")" = "Pacemaker's scheduler did not answer within 1 s" ]
none_left() { ! ps -eo args= | grep -q "^crm_simulate -x $work/tmp/"; }
expect "... no crm_simulate of the plan left running" none_left
finish
