#!/usr/bin/env bash
# vmha-config diagram: the SVG is well-formed and names every object of the topology; --failed overlays
# the plan's moves and stops (the plan's own answer, read from plan --json); bad input is one line, exit
# status, and no output file written or touched.
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
yaml=$VMHA_SOURCE_DIR/tests/data/diagram/failover.yaml
svg=$work/picture.svg

# texts SVG TITLE: the text lines of the SVG node whose title (Graphviz: the node's id) is TITLE.
texts() { xmllint --xpath "//*[local-name()='g'][*[local-name()='title']='$2']//*[local-name()='text']/text()" "$1" 2>/dev/null; }
# names_all SVG: every host, domain, guest, fence device of the topology and its quorum disk has its node.
names_all() {
  local name missing=""
  for name in $(jq -r '.scenarios[0].hosts[].name' "$work/plan.json"); do texts "$1" "host:$name" | grep -qx "$name" || missing+=" host:$name"; done
  for name in $(jq -r '.scenarios[0].guests[].name' "$work/plan.json"); do texts "$1" "guest:$name" | grep -qx "$name" || missing+=" guest:$name"; done
  for name in db web; do texts "$1" "domain:$name" | grep -qx "domain $name" || missing+=" domain:$name"; done
  for name in pdu ipmi_hv1; do texts "$1" "fence:$name" | grep -qx "fence $name" || missing+=" fence:$name"; done
  texts "$1" quorum-disk | grep -qx "label picture_qdisk" || missing+=" quorum-disk"
  [ -z "$missing" ] || { echo "not in the picture:$missing"; return 1; }
}

"$vmha_config" plan "$yaml" --json >"$work/plan.json" || true
check "diagram -o FILE.svg" 0 "$vmha_config" diagram "$yaml" -o "$svg"
check "the SVG is well-formed XML" 0 xmllint --noout "$svg"
check "the SVG names every host, domain, guest, fence device and the quorum disk" 0 names_all "$svg"
expect "the ordered domain's priorities are drawn" grep -q '>priority 2<' "$svg"
expect "the fence methods are drawn in order, with ports" grep -q '>2. method power, port 1<' "$svg"
check "diagram to stdout, the same picture" 0 cmp -s "$svg" <("$vmha_config" diagram "$yaml")

# --failed hv1: the plan's scenario, every move and every stop, as plan --json says.
check "diagram --failed hv1" 0 "$vmha_config" diagram "$yaml" --failed hv1 -o "$work/failed.svg"
check "the overlay is well-formed XML" 0 xmllint --noout "$work/failed.svg"
check "the overlay still names every object" 0 names_all "$work/failed.svg"
overlay_is_the_plan() {
  local guest host was bad=""
  for guest in $(jq -r '.scenarios[0].guests[].name' "$work/plan.json"); do
    was=$(jq -r --arg g "$guest" '.scenarios[0].guests[] | select(.name == $g) | .host // "stopped"' "$work/plan.json")
    host=$(jq -r --arg g "$guest" '.scenarios[] | select(.failed == ["hv1"]) | .guests[] | select(.name == $g) | .host // "stopped"' "$work/plan.json")
    if [ "$host" = stopped ]; then
      texts "$work/failed.svg" "guest:$guest" | grep -q '^stays stopped: ' || bad+=" $guest:stopped"
    elif [ "$host" != "$was" ]; then
      texts "$work/failed.svg" "guest:$guest" | grep -qx "then on $host" || bad+=" $guest:$host"
    else
      ! texts "$work/failed.svg" "guest:$guest" | grep -q '^then on \|^stays stopped' || bad+=" $guest:unmoved"
    fi
  done
  [ -z "$bad" ] || { echo "the overlay disagrees with the plan on$bad"; return 1; }
}
check "the overlay shows the plan's moves and stops for hv1's failure" 0 overlay_is_the_plan
expect "... db1 moves hv1 -> hv2 (the topology's known answer)" bash -c "xmllint --xpath \"//*[local-name()='g'][*[local-name()='title']='guest:db1']//*[local-name()='text']/text()\" '$work/failed.svg' | grep -qx 'then on hv2'"
expect "... big stays stopped, outranked" grep -q '>stays stopped: outranked by priority' "$work/failed.svg"
expect "... hv1 is drawn failed" bash -c "xmllint --xpath \"//*[local-name()='g'][*[local-name()='title']='host:hv1']//*[local-name()='text']/text()\" '$work/failed.svg' | grep -qx 'FAILED (fenced)'"
check "--format dot is Graphviz's own input" 0 bash -c "'$vmha_config' diagram '$yaml' --format dot | grep -q '^digraph \"picture\" {'"

# Bad input: one line, exit status, no output file written, an existing one untouched.
check "--failed with an unknown host: exit 1" 1 "$vmha_config" diagram "$yaml" --failed hv9 -o "$work/none.svg"
expect "... one line naming the host and the file" bash -c "[ \$(printf '%s\n' \"\$1\" | wc -l) = 1 ] && grep -q 'error: --failed hv9: .*failover.yaml has no such host' <<<\"\$1\"" _ "$last_output"
expect "... no output file" test ! -e "$work/none.svg"
echo "kept" >"$work/kept.svg"
check "--failed unknown host, -o over an existing file: exit 1" 1 "$vmha_config" diagram "$yaml" --failed nosuch -o "$work/kept.svg"
expect "... the existing file is untouched" grep -qx kept "$work/kept.svg"
check "--format bogus: exit 2" 2 "$vmha_config" diagram "$yaml" --format bogus -o "$work/none.svg"
check "--failed without a host: exit 2" 2 "$vmha_config" diagram "$yaml" --failed
check "no TOPOLOGY: exit 2" 2 "$vmha_config" diagram
check "a topology that does not exist: exit 1" 1 "$vmha_config" diagram "$work/missing.yaml" -o "$work/none.svg"
expect "... no output file" test ! -e "$work/none.svg"
expect "--help lists diagram's options (from its table)" bash -c "'$vmha_config' --help | grep -q -- '--failed HOST' && '$vmha_config' --help | grep -q 'vmha-config diagram TOPOLOGY \[-o FILE\] \[--failed HOST\]'"
finish
