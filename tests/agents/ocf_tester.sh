# resource-agents' own ocf-tester drives the agent through its whole protocol on a real guest.
source "$(dirname "$0")/agentlib.sh"

host_up ag1
cfg=$(make_guest vmha-tester)
ocf_tester=$(command -v ocf-tester || echo /usr/sbin/ocf-tester)
expect "ocf-tester is installed" [ -x "$ocf_tester" ]
# ocf-tester expects the agent under OCF_ROOT-like paths only for meta-data's DTD lookup; it runs
# the file it is given. force_stop keeps its stop steps short; the graceful path has its own test.
check "ocf-tester passes" 0 "$vmha_host" exec ag1 env OCF_ROOT=/usr/lib/ocf \
  "$ocf_tester" -v -n vmha-tester -o config="$cfg" -o force_stop=1 "$agent"
expect "  it checked the meta-data against ra-api-1.dtd" grep -q "Testing: meta-data" <<<"$last_output"
expect "  it started and stopped the guest" grep -q "Testing: start" <<<"$last_output"
expect "  no guest left behind" absent_on ag1 vmha-tester

finish
