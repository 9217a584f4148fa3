# The field: a live two-host lab cluster run the way a pcs user runs one, with utilization on.
#   - placement-strategy utilization, node capacities from vmha-config, the guests' utilization written
#     by the agent's own monitor: the guests are placed, migrate live and fail over (a capacity a node
#     does not declare would be 0 for Pacemaker, and every guest would stop "due to node availability");
#   - a host cannot take a third guest: capacity is really enforced, not ignored;
#   - pcs's everyday commands on the CIB vmha-config wrote (config, update, relations, constraint,
#     stonith config, cluster cib / cib-push) answer without a traceback and change what they say.
source "$VMHA_SOURCE_DIR/tests/lab/lablib.sh"
here=$(cd "$(dirname "$0")" && pwd)

check "the lab comes up with utilization on (2 hosts)" 0 lab up 2 --topology "$here/lab-utilization.yaml"
[ "$last_rc" = 0 ] || finish
start_sampler

check "placement-strategy is utilization" 0 crm crm_attribute --type crm_config --name placement-strategy --query --quiet
expect "  (it says: ${last_output})" grep -qx utilization <<<"$last_output"

wait_until "vm1 starts on hv1 (domain1)" 120 runs_only_on vm1 hv1
wait_until "vm2 starts on hv2 (domain2)" 120 runs_only_on vm2 hv2

# What the agent's monitor wrote on each guest, and what each node offers under the same names.
agent_wrote() { crm crm_resource --resource "$1" --utilization --get-parameter "$2" --quiet; }
wait_until "the agent's monitor wrote vm1's hv_memory utilization" 60 agent_wrote vm1 hv_memory
for attr in cpu hv_memory host_memory; do
  if value=$(agent_wrote vm1 "$attr" 2>/dev/null) && [ -n "$value" ]; then
    check "  hv1 declares the capacity $attr that vm1's utilization uses ($value)" 0 \
      crm crm_attribute --node hv1 --type nodes --name "$attr" --utilization --query --quiet
  fi
done
check "the cluster settles with every guest placed" 0 crm crm_resource --wait --timeout=60
expect "  vm1 still runs on hv1 once its utilization is known" runs_only_on vm1 hv1
expect "  vm2 still runs on hv2 once its utilization is known" runs_only_on vm2 hv2

# Live migration with utilization on: hv2 has room for vm1 next to vm2.
check "crm_resource --move vm1 to hv2" 0 crm crm_resource --move -r vm1 -N hv2
wait_until "vm1 moved live to hv2, beside vm2" 60 runs_only_on vm1 hv2
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
check "crm_resource --clear vm1" 0 crm crm_resource --clear -r vm1
wait_until "vm1 fails back to hv1" 60 runs_only_on vm1 hv1

# Capacity is enforced: a third resource runs while it fits beside a guest, and stops when it no longer does.
check "pcs resource create big (a Dummy, allowed on both hosts)" 0 \
  crm pcs resource create big ocf:heartbeat:Dummy meta target-role=Started
check "  pcs constraint location big prefers hv1 hv2" 0 crm pcs constraint location big prefers hv1 hv2
check "  pcs resource utilization big cpu=1 hv_memory=10 host_memory=10" 0 \
  crm pcs resource utilization big cpu=1 hv_memory=10 host_memory=10
ran() { crm crm_resource --locate -r big 2>/dev/null | grep -q "is running on"; }
not_running() { ! ran; }
wait_until "  big runs (10 of memory fits beside a guest)" 60 ran
# More than any host has at all (160): Pacemaker could otherwise make room by putting both guests on
# one host, which is right, but would not show the capacity enforced.
check "  pcs resource utilization big hv_memory=161 host_memory=161" 0 \
  crm pcs resource utilization big hv_memory=161 host_memory=161
check "  the cluster settles" 0 crm crm_resource --wait --timeout=60
expect "  big now runs nowhere (no host has 161 of memory)" not_running
expect "  vm1 and vm2 stayed where they were" bash -c "'$lab_tool' where vm1 | grep -qx hv1 && '$lab_tool' where vm2 | grep -qx hv2"
check "pcs resource delete big" 0 crm pcs resource delete big

# pcs's everyday commands on the configuration vmha-config wrote, on the live cluster.
no_traceback() { ! grep -q Traceback <<<"$last_output"; }
check "pcs resource config vm1" 0 crm pcs resource config vm1
expect "  shows its agent and config" bash -c 'grep -q "provider=vmha type=VirtualDomain" <<<"$1" && grep -q "config=" <<<"$1"' _ "$last_output"
check "pcs stonith config" 0 crm pcs stonith config
expect "  names the lab's fence device" grep -q lab_power <<<"$last_output"
check "pcs resource relations vm1" 0 crm pcs resource relations vm1
expect "  no traceback" no_traceback
check "pcs constraint" 0 crm pcs constraint
expect "  lists the failover domain's location rules" grep -qi "location" <<<"$last_output"
check "pcs resource update vm1 meta migration-threshold=3" 0 crm pcs resource update vm1 meta migration-threshold=3
check "  the CIB says so" 0 crm crm_resource -r vm1 --meta --get-parameter migration-threshold --quiet
expect "  (3, it says: ${last_output})" grep -qx 3 <<<"$last_output"
expect "  vm1 kept running on hv1 (a meta change is no restart)" runs_only_on vm1 hv1
check "pcs resource update vm1 op monitor interval=15s" 0 crm pcs resource update vm1 op monitor interval=15s
check "  the monitor is now 15 s" 0 crm pcs resource config vm1
expect "  (pcs shows interval=15s)" grep -q "interval=15s" <<<"$last_output"
check "pcs cluster cib to a file" 0 crm pcs cluster cib /tmp/field-cib.xml
check "pcs -f FILE resource meta vm2 migration-threshold=4" 0 crm pcs -f /tmp/field-cib.xml resource meta vm2 migration-threshold=4
check "pcs cluster cib-push FILE --config" 0 crm pcs cluster cib-push /tmp/field-cib.xml --config
check "  the live CIB has it" 0 crm crm_resource -r vm2 --meta --get-parameter migration-threshold --quiet
expect "  (4, it says: ${last_output})" grep -qx 4 <<<"$last_output"

# Failover with utilization on: hv1 takes vm2 next to vm1 when hv2 dies.
lab kill hv2
mark "hv2 powered off"
wait_until "vm2 restarts on hv1 after hv2 is fenced (hv1 has room for both)" 120 runs_only_on vm2 hv1
expect "  vm1 never left hv1" runs_only_on vm1 hv1

expect "no guest ever ran on two hosts at once: vm1" never_twice vm1
expect "no guest ever ran on two hosts at once: vm2" never_twice vm2
finish
