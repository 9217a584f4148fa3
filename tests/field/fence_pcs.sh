#!/usr/bin/env bash
# pcs users' view of vmha's fence agents (issue 12 item 10): inside a test host, our fence_libvirt,
# fence_xvm and fence_virt appear in /usr/sbin (an overlay of that host only; the machine's
# /usr/sbin and Debian's fence-virt stay as they are); `pcs stonith describe` reads their metadata,
# and `pcs -f cib.xml stonith create` accepts what pcs users type for fence-virt (domain=) and
# fence-agents (quiet, debug_file, verbose_level, plug_separator, disable_timeout); crm_verify is
# clean on the result. Run under the machine lock.
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
host=ffpcs
work=$(mktemp -d /var/tmp/vmha-field-fence-pcs.XXXXXX)
cleanup() { "$vmha_host" down "$host" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
on() { "$vmha_host" exec "$host" "$@"; }

# fence_xvm is fence_virt under another name: a copy, so the overlay holds a file of that name.
cp "$VMHA_BUILD_DIR/fence/fence_libvirt" "$VMHA_BUILD_DIR/fence/xvm/fence_virt" "$work/"
cp "$VMHA_BUILD_DIR/fence/xvm/fence_virt" "$work/fence_xvm"
machine_xvm=$(sha256sum /usr/sbin/fence_xvm)

"$vmha_host" down "$host" >/dev/null 2>&1
"$vmha_host" up "$host" >/dev/null || { echo "cannot start host $host"; exit 1; }
check "install our agents into the host's /usr/sbin" 0 "$vmha_host" install "$host" /usr/sbin \
  "$work/fence_libvirt" "$work/fence_virt" "$work/fence_xvm"
check "inside the host, fence_xvm is ours" 0 on /usr/sbin/fence_xvm --version
expect "  ... it says vmha" grep -q '^fence_xvm (vmha) ' <<<"$last_output"
expect "the machine's /usr/sbin/fence_xvm is untouched" [ "$(sha256sum /usr/sbin/fence_xvm)" = "$machine_xvm" ]
check "Debian's fence-virt package verifies clean" 0 dpkg --verify fence-virt

check "pcs stonith describe fence_libvirt" 0 on pcs stonith describe fence_libvirt
for p in uri quiet debug_file verbose_level plug_separator disable_timeout missing_as_off; do
  expect "  ... describes $p" grep -q "^  $p:" <<<"$last_output"
done
check "pcs stonith describe fence_xvm" 0 on pcs stonith describe fence_xvm --full
for p in key_file plug domain multicast_address; do
  expect "  ... describes $p" grep -q "^  $p" <<<"$last_output"
done

on cibadmin --empty > "$work/cib.xml" || echo "cibadmin --empty failed"
cib=$work/cib.xml
check "pcs stonith create fence_xvm domain= (fence-virt's spelling)" 0 \
  on pcs -f "$cib" stonith create f1 fence_xvm domain=g1 key_file=/etc/cluster/fence_xvm.key pcmk_host_list=n1
expect "  ... without an error" bash -c "! grep -qi error <<<\"\$1\"" _ "$last_output"
check "pcs stonith create fence_xvm plug= multicast" 0 \
  on pcs -f "$cib" stonith create f2 fence_xvm plug=g2 multicast_address=225.0.0.12 ipport=1229 pcmk_host_list=n2
check "pcs stonith create fence_virt ipaddr= (TCP)" 0 \
  on pcs -f "$cib" stonith create f3 fence_virt plug=g3 ipaddr=192.0.2.1 pcmk_host_list=n3
check "pcs stonith create fence_libvirt with fence-agents' common options" 0 \
  on pcs -f "$cib" stonith create f4 fence_libvirt plug=g4,g5 uri=qemu+ssh://192.0.2.1/system plug_separator=, \
  quiet=1 debug_file=/var/log/cluster/fence_libvirt.log verbose_level=1 disable_timeout=false pcmk_host_list=n4
check "pcs stonith create fence_libvirt with the old name debug=" 0 \
  on pcs -f "$cib" stonith create f5 fence_libvirt plug=g6 debug=/var/log/cluster/f5.log pcmk_host_list=n5
check "an option the agent does not have is refused (pcs reads our metadata)" 1 \
  on pcs -f "$cib" stonith create f6 fence_libvirt plug=g7 no_such_option=1
check "pcs stonith config shows f1's domain" 0 on pcs -f "$cib" stonith config f1
expect "  ... domain=g1" grep -q 'domain=g1' <<<"$last_output"
check "pcs stonith config shows f4's options" 0 on pcs -f "$cib" stonith config f4
expect "  ... plug_separator and quiet" bash -c "grep -q 'plug_separator=,' <<<\"\$1\" && grep -q 'quiet=1' <<<\"\$1\"" _ "$last_output"
check "crm_verify on the CIB" 0 on crm_verify -x "$cib"
expect "  ... clean (no errors, no warnings)" [ -z "$last_output" ]
check "the agent accepts f4's options as Pacemaker hands them (stdin), validate-all" 0 \
  on bash -c "printf 'action=validate-all\nplug=g4,g5\nplug_separator=,\nquiet=1\nverbose_level=1\ndisable_timeout=false\nnodename=n4\n' | /usr/sbin/fence_libvirt"
check "fence_xvm accepts f1's options on stdin, validate-all" 0 \
  on bash -c "printf 'action=validate-all\ndomain=g1\nkey_file=/etc/cluster/fence_xvm.key\nnodename=n1\n' | /usr/sbin/fence_xvm"
finish
