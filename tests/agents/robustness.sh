# Never lie, never hang: a guest killed under the agent, libvirtd stopped, libvirtd frozen.
source "$(dirname "$0")/agentlib.sh"

host_up ag1
cfg=$(make_guest vmha-robust)
env=(OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=20000)
qemu_pid() { pgrep -f -- "-name guest=vmha-robust," | head -n1; }

# kill -9 of the guest's qemu: the recurring monitor must not report it running.
check "start" 0 on ag1 "${env[@]}" -- "$agent" start
pid=$(qemu_pid)
expect "the guest has a qemu process" [ -n "$pid" ]
kill -9 "$pid"
# libvirtd learns of the death from qemu's monitor socket closing: give it a moment.
for _ in $(seq 1 100); do runs_on ag1 vmha-robust || break; sleep 0.1; done
check "monitor after kill -9 of qemu reports the guest not running" 7 \
  on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor

# libvirtd stopped while the guest runs: stop must fail, a probe must not say "not running".
check "start again" 0 on ag1 "${env[@]}" -- "$agent" start
lpid=$("$vmha_host" libvirtd-pid ag1)
kill -TERM "$lpid"
for _ in $(seq 1 100); do kill -0 "$lpid" 2>/dev/null || break; sleep 0.1; done
expect "libvirtd is down" bash -c "! kill -0 $lpid 2>/dev/null"
expect "the guest's qemu still runs" [ -n "$(qemu_pid)" ]
check "stop fails while libvirtd is down and qemu runs" 1 on ag1 "${env[@]}" -- "$agent" stop
expect "the guest's qemu survived the failed stop" [ -n "$(qemu_pid)" ]
check "probe reports it running from the process table" 0 \
  on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor
expect "and says why" grep -q "qemu process of vmha-robust .* is alive" <<<"$last_output"

# libvirtd back: it reconnects to the running guest, and stop works.
"$vmha_host" start-libvirtd ag1
check "monitor after libvirtd restarts" 0 on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor

# libvirtd frozen (SIGSTOP): monitor must give up with an error before its timeout.
lpid=$("$vmha_host" libvirtd-pid ag1)
kill -STOP "$lpid"
t0=$(now_ms)
check "monitor against a frozen libvirtd returns an error" 1 \
  on ag1 OCF_RESKEY_config="$cfg" OCF_RESKEY_CRM_meta_timeout=8000 OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
elapsed=$(( $(now_ms) - t0 ))
kill -CONT "$lpid"
expect "and it answered inside its 8 s timeout (took ${elapsed} ms)" [ "$elapsed" -lt 8000 ]
expect "the exit reason says it gave up at the deadline" grep -q "did not finish before its deadline" <<<"$last_output"

check "stop after libvirtd thaws" 0 on ag1 "${env[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop
expect "the guest is gone" absent_on ag1 vmha-robust

# Now libvirtd down and no qemu: a probe may say "not running", since that is provable.
lpid=$("$vmha_host" libvirtd-pid ag1)
kill -TERM "$lpid"
for _ in $(seq 1 100); do kill -0 "$lpid" 2>/dev/null || break; sleep 0.1; done
check "probe with libvirtd down and no qemu process" 7 \
  on ag1 "${env[@]}" OCF_RESKEY_CRM_meta_interval=0 -- "$agent" monitor
"$vmha_host" start-libvirtd ag1

# The config file vanishes (shared storage lost) while the guest runs: the name remembered
# from start keeps monitor and stop truthful.
cp "$cfg" "$work/shared.xml"
senv=(OCF_RESKEY_config="$work/shared.xml" OCF_RESKEY_CRM_meta_timeout=20000)
RESOURCE=robust check "start from shared storage" 0 on ag1 "${senv[@]}" -- "$agent" start
rm -f "$work/shared.xml"
RESOURCE=robust check "monitor without the config file still sees it running" 0 \
  on ag1 "${senv[@]}" OCF_RESKEY_CRM_meta_interval=10000 -- "$agent" monitor
RESOURCE=robust check "stop without the config file still stops it" 0 \
  on ag1 "${senv[@]}" OCF_RESKEY_force_stop=1 -- "$agent" stop
expect "the guest is gone" absent_on ag1 vmha-robust
RESOURCE=never-started check "a resource never started here cannot be judged without its config" 5 \
  on ag1 "${senv[@]}" -- "$agent" stop

finish
