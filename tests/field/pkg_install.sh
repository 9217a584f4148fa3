#!/usr/bin/env bash
# Issue 18: vmha as administrators install it, from its Debian packages. Builds the packages (from
# this build directory: VMHA_DEB_PREBUILT, no second compile), checks them with lintian (no error,
# no warning that debian/*.lintian-overrides does not explain), installs them with dpkg beside
# Debian's fence-virt and fence-virtd, then: pcs describes the agents, man finds every page, every
# installed program answers --version and --help, the units pass systemd-analyze verify and
# fence_virtd's ExecStart line runs, and a one-node corosync + Pacemaker cluster runs a guest with
# the installed agent, pcs and clustat. Removing the packages gives fence-virt its names back.
#
# dpkg runs inside a private mount namespace where /usr, /etc and dpkg's state are overlays with
# tmpfs upper directories: the packages are really installed and removed there, and the machine's
# own files are never changed (on CI's throwaway machine as on a developer's).
set -uo pipefail
if [ -z "${VMHA_PKG_NS:-}" ]; then
  exec unshare --mount --propagation private env VMHA_PKG_NS=1 bash "$0" "$@"
fi
source "$VMHA_SOURCE_DIR/tests/agents/agentlib.sh"   # testlib, hosts, tiny guests; its cleanup
wait_until() { local limit=$1; shift; local i; for i in $(seq 1 $((limit * 2))); do "$@" && return 0; sleep 0.5; done; return 1; }
host=pkg1
scratch=$(mktemp -d /tmp/vmha-field-pkg.XXXXXX)
mount -t tmpfs vmha-pkg "$scratch"
pkg_cleanup() {
  cleanup   # agentlib's: hosts, $work
  cd /
  for d in /var/cache/man /var/lib/systemd /var/lib/dpkg /etc /usr; do umount -l "$d" 2>/dev/null; done
  umount -l "$scratch" 2>/dev/null; rmdir "$scratch" 2>/dev/null
}
trap pkg_cleanup EXIT
overlay() {  # DIR: writes to DIR land in tmpfs, reads fall through to the machine's DIR
  local name; name=$(tr / _ <<<"$1")
  mkdir -p "$scratch/$name.upper" "$scratch/$name.work"
  mount -t overlay "vmha-pkg$name" -o "lowerdir=$1,upperdir=$scratch/$name.upper,workdir=$scratch/$name.work" "$1"
}
vmha_version=$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")

# 1. Build, from a copy of the tree (dpkg-buildpackage writes debian/ and ../*.deb).
src=$scratch/build/vmha
mkdir -p "$src"
if git -C "$VMHA_SOURCE_DIR" rev-parse >/dev/null 2>&1; then
  (cd "$VMHA_SOURCE_DIR" && git ls-files -co --exclude-standard | grep -v '^build/' | tar -cf - -T -) | tar -xf - -C "$src"
else
  tar -C "$VMHA_SOURCE_DIR" --exclude=./build -cf - . | tar -xf - -C "$src"
fi
build_started=$(date +%s)
check "dpkg-buildpackage -us -uc -b (VMHA_DEB_PREBUILT: this build directory)" 0 \
  env -C "$src" VMHA_DEB_PREBUILT="$VMHA_BUILD_DIR" DEB_BUILD_OPTIONS="nocheck noddebs parallel=2" dpkg-buildpackage -us -uc -b
echo "     (package build: $(( $(date +%s) - build_started )) s)"
mapfile -t debs < <(ls "$scratch"/build/*.deb 2>/dev/null | grep -v -- -dbgsym_)
names=$(for d in "${debs[@]}"; do dpkg-deb -f "$d" Package; done | sort | tr '\n' ' ')
expect "five packages (${names})" [ "$names" = "vmha-agents vmha-fence vmha-fence-virt vmha-qdisk vmha-tools " ]
for d in "${debs[@]}"; do
  expect "  ... $(basename "$d") has the project's version $vmha_version" [ "$(dpkg-deb -f "$d" Version)" = "$vmha_version" ]
  # The license (MIT, DEP-5 "Expat") reaches every package as Debian wants: its copyright file.
  pkg=$(dpkg-deb -f "$d" Package)
  check "  ... $pkg's /usr/share/doc/$pkg/copyright grants the Expat license" 0 bash -c \
    'dpkg-deb --fsys-tarfile "$1" | tar -xO "./usr/share/doc/$2/copyright" | grep -qx "License: Expat"' _ "$d" "$pkg"
done
changes=$(ls "$scratch"/build/*.changes 2>/dev/null | head -n1)
check "lintian: no error, no unexplained warning" 0 lintian --fail-on error,warning "$changes"
[ "$failed" -gt 0 ] && finish

# 2. Install, beside Debian's fence-virt and fence-virtd.
for d in /usr /etc /var/lib/dpkg /var/lib/systemd /var/cache/man; do check "overlay $d (tmpfs upper)" 0 overlay "$d"; done
[ "$failed" -gt 0 ] && finish
verify_debian() { dpkg --verify fence-virt fence-virtd; }
check "before: dpkg --verify fence-virt fence-virtd" 0 verify_debian
expect "  ... clean" [ -z "$last_output" ]
debian_virt_sum=$(md5sum < /usr/sbin/fence_virt)
debian_virtd_sum=$(md5sum < /usr/sbin/fence_virtd)
debian_xvm_link=$(readlink /usr/sbin/fence_xvm)
debian_unit_sum=$(md5sum < /lib/systemd/system/fence_virtd.service)
export DEBIAN_FRONTEND=noninteractive
check "dpkg -i the five packages" 0 dpkg --log=/dev/null -i "${debs[@]}"
check "dpkg --verify fence-virt fence-virtd after installing" 0 verify_debian
expect "  ... clean (dpkg follows the diversions)" [ -z "$last_output" ]
expect "  ... Debian's fence_virt kept as fence_virt.distrib" [ "$(md5sum < /usr/sbin/fence_virt.distrib)" = "$debian_virt_sum" ]
expect "  ... Debian's fence_virtd as fence_virtd.distrib" [ "$(md5sum < /usr/sbin/fence_virtd.distrib)" = "$debian_virtd_sum" ]
expect "  ... Debian's unit as fence_virtd.service.distrib" [ "$(md5sum < /lib/systemd/system/fence_virtd.service.distrib)" = "$debian_unit_sum" ]
check "fence_xvm on PATH is vmha's" 0 /usr/sbin/fence_xvm -V
expect "  ... ($vmha_version, not fence-virt's)" bash -c 'grep -qF "$2" <<<"$1" && ! grep -q "^fence release" <<<"$1"' _ "$last_output" "$vmha_version"
check "dpkg-divert lists the seven diversions of vmha-fence-virt" 0 bash -c "dpkg-divert --list | grep -c 'by vmha-fence-virt'"
expect "  ... seven" [ "$last_output" = 7 ]

# 3. What administrators run.
check "pcs resource describe ocf:vmha:VirtualDomain" 0 pcs resource describe ocf:vmha:VirtualDomain
expect "  ... shows the parameters (config, hypervisor)" bash -c 'grep -q "config" <<<"$1" && grep -q "hypervisor" <<<"$1"' _ "$last_output"
check "pcs stonith describe fence_libvirt" 0 pcs stonith describe fence_libvirt
expect "  ... shows its options (uri)" grep -qi "uri" <<<"$last_output"
pages=(vmha-config.1 vmha.1 ocf_vmha_VirtualDomain.7 vm.sh.8 clustat.8 qdiskd.8 mkqdisk.8 fence_libvirt.8
       fence_xvm.8 fence_virt.8 fence_virtd.8)
[ -e /usr/sbin/clusvcadm ] && pages+=(clusvcadm.8)
[ -e /usr/sbin/vmha-guestd ] && pages+=(vmha-guestd.8)
for p in "${pages[@]}"; do
  name=${p%.*} section=${p##*.}
  check "man -w $section $name (nothing on stderr)" 0 bash -c 'out=$(man -w "$1" "$2" 2>"$3") && cat "$3" && echo "$out"' _ "$section" "$name" "$work/man.err"
  expect "  ... is the package's compressed page, quietly ($last_output)" [ "$last_output" = "/usr/share/man/man$section/$p.gz" ]
done
# (Debian's fence_xvm.8.gz is a link to the name fence_virt.8.gz, as its fence_xvm binary is a link to
# fence_virt: diverted, both links keep pointing at that name, which is now vmha's.)
for p in fence_virt fence_virtd; do
  check "man -w 8 $p.distrib is Debian's page" 0 man -w 8 "$p.distrib"
  expect "  ... ($last_output)" [ "$last_output" = "/usr/share/man/man8/$p.distrib.8.gz" ]
done
check "man renders fence_xvm(8) as vmha's page" 0 bash -c 'MANWIDTH=80 man 8 fence_xvm 2>/dev/null | grep -q vmha'
programs=(/usr/bin/vmha-config /usr/bin/vmha /usr/sbin/clustat /usr/sbin/qdiskd /usr/sbin/mkqdisk /usr/sbin/fence_libvirt
          /usr/sbin/fence_xvm /usr/sbin/fence_virt /usr/sbin/fence_virtd /usr/lib/ocf/resource.d/vmha/VirtualDomain
          /usr/share/cluster/vm.sh)
[ -e /usr/sbin/clusvcadm ] && programs+=(/usr/sbin/clusvcadm)
[ -e /usr/sbin/vmha-guestd ] && programs+=(/usr/sbin/vmha-guestd)
for p in "${programs[@]}"; do
  version=--version help=--help
  # rgmanager's faces keep rgmanager's options: -v prints the version, -h the help.
  case $p in */clustat|*/clusvcadm) version=-v help=-h ;; esac
  check "$p $version" 0 timeout 20 "$p" $version
  expect "  ... says $vmha_version" grep -qF "$vmha_version" <<<"$last_output"
  check "$p $help" 0 timeout 20 "$p" $help
done
for c in vmha-config vmha clustat; do
  expect "bash completion for $c installed" [ -f "/usr/share/bash-completion/completions/$c" ]
done
check "completion: 'vmha-config gen<TAB>' offers generate" 0 bash -c '
  source /usr/share/bash-completion/completions/vmha-config
  COMP_WORDS=(vmha-config gen); COMP_CWORD=1; _vmha_complete vmha-config; printf "%s\n" "${COMPREPLY[@]}"'
expect "  ... generate" [ "$last_output" = generate ]
check "completion: 'vmha-config generate t.yaml --target <TAB>' offers the targets" 0 bash -c '
  source /usr/share/bash-completion/completions/vmha-config
  COMP_WORDS=(vmha-config generate t.yaml --target ""); COMP_CWORD=4; _vmha_complete vmha-config; printf "%s\n" "${COMPREPLY[@]}"'
expect "  ... cib among them" grep -qx cib <<<"$last_output"
expect "example configuration in /usr/share/doc/vmha-tools/examples" [ -f /usr/share/doc/vmha-tools/examples/two-node.yaml ]
expect "example fence_virt.conf in /usr/share/doc/vmha-fence-virt/examples" [ -f /usr/share/doc/vmha-fence-virt/examples/fence_virt.conf ]

# 4. Units: systemd-analyze verify, and fence_virtd's ExecStart as systemd would run it.
# Test hosts are a machine-wide resource: run by hand (VMHA_MACHINE_LOCK=/tmp/vmha-machine.lock), the
# test takes the machine lock for steps 4 and 5 only; under ctest the RESOURCE_LOCK serializes it.
if [ -n "${VMHA_MACHINE_LOCK:-}" ]; then
  exec 9>"$VMHA_MACHINE_LOCK"
  echo "     (waiting for $VMHA_MACHINE_LOCK)"; flock 9
fi
for unit in /lib/systemd/system/qdiskd.service /lib/systemd/system/fence_virtd.service; do
  check "systemd-analyze verify $unit" 0 systemd-analyze verify "$unit"
  expect "  ... without a complaint" [ -z "$last_output" ]
done
[ -e /lib/systemd/system/vmha-guestd.service ] && check "systemd-analyze verify vmha-guestd.service" 0 systemd-analyze verify /lib/systemd/system/vmha-guestd.service
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/fence_virtd.service)
args_default=$(sed -n 's/^Environment="FENCE_VIRTD_ARGS=\(.*\)"$/\1/p' /lib/systemd/system/fence_virtd.service)
expect "fence_virtd.service reads /etc/default/fence_virtd, as fence-virtd's does" grep -qx 'EnvironmentFile=-/etc/default/fence_virtd' /lib/systemd/system/fence_virtd.service
host_up "$host"
conf=$work/fence_virt.conf
printf 'fence_virtd { listener = "tcp"; backend = "libvirt"; }\nlisteners { tcp { address = "127.0.0.1"; port = "1239"; hash = "none"; auth = "none"; } }\nbackends { libvirt { uri = "test:///default"; } }\n' > "$conf"
cmd=${exec_start//\$FENCE_VIRTD_ARGS/$args_default -f $conf}
"$vmha_host" exec "$host" sh -c "setsid $cmd </dev/null >$work/virtd.log 2>&1 & echo \$! > $work/virtd.pid"
expect "fence_virtd.service's ExecStart ($cmd) serves" wait_until 20 grep -q 'serving tcp on 127.0.0.1 port 1239' "$work/virtd.log"
check "  ... the installed fence_virt lists the test driver's guest through it" 0 \
  "$vmha_host" exec "$host" timeout 20 /usr/sbin/fence_virt -T 127.0.0.1 -p 1239 -C none -c none -o list
expect "  ... (test)" grep -q '^test' <<<"$last_output"
"$vmha_host" exec "$host" kill -TERM "$(cat "$work/virtd.pid")"
expect "  ... and stops on SIGTERM, as systemctl stop sends" wait_until 20 bash -c "! $vmha_host exec $host kill -0 $(cat "$work/virtd.pid") 2>/dev/null"

# 5. A one-node cluster from the installed files.
check "corosync + pacemaker on $host" 0 "$vmha_host" cluster-up "$host"
has_dc() { "$vmha_host" exec "$host" crm_mon -1 --output-as=xml 2>/dev/null | grep -q '<current_dc present="true".* with_quorum="true"'; }
expect "  ... Pacemaker has a DC, with quorum" wait_until 90 has_dc
check "pcs property set stonith-enabled=false" 0 "$vmha_host" exec "$host" pcs property set stonith-enabled=false
cfg=$(make_guest pkg-guest)
check "pcs resource create g ocf:vmha:VirtualDomain (the installed agent)" 0 \
  "$vmha_host" exec "$host" pcs resource create g ocf:vmha:VirtualDomain config="$cfg"
expect "  ... the guest runs" wait_until 90 runs_on "$host" pkg-guest
expect "  ... Pacemaker says g is started" wait_until 60 bash -c "$vmha_host exec $host crm_resource --locate -r g 2>/dev/null | grep -q 'is running on: $host'"
check "the installed clustat shows it" 0 "$vmha_host" exec "$host" clustat
expect "  ... g on $host" bash -c 'grep -q "\bg\b" <<<"$1" && grep -q "$2" <<<"$1"' _ "$last_output" "$host"
check "the installed fence_libvirt sees it on" 0 "$vmha_host" exec "$host" /usr/sbin/fence_libvirt -o status -n pkg-guest --uri qemu:///system
check "pcs resource disable g" 0 "$vmha_host" exec "$host" pcs resource disable g
not_running() { ! runs_on "$host" pkg-guest; }
expect "  ... the guest is stopped" wait_until 90 not_running
"$vmha_host" down "$host" >/dev/null 2>&1
[ -n "${VMHA_MACHINE_LOCK:-}" ] && exec 9>&-

# 6. Removal gives fence-virt its names back.
check "dpkg -r the five packages" 0 dpkg --log=/dev/null -r vmha-fence-virt vmha-fence vmha-agents vmha-qdisk vmha-tools
expect "  ... no diversion left" [ -z "$(dpkg-divert --list | grep vmha-fence-virt)" ]
expect "  ... Debian's fence_virt is back" [ "$(md5sum < /usr/sbin/fence_virt)" = "$debian_virt_sum" ]
expect "  ... Debian's fence_virtd is back" [ "$(md5sum < /usr/sbin/fence_virtd)" = "$debian_virtd_sum" ]
expect "  ... Debian's fence_xvm link is back" [ "$(readlink /usr/sbin/fence_xvm)" = "$debian_xvm_link" ]
expect "  ... Debian's fence_virtd.service is back" [ "$(md5sum < /lib/systemd/system/fence_virtd.service)" = "$debian_unit_sum" ]
check "  ... dpkg --verify fence-virt fence-virtd" 0 verify_debian
expect "  ... clean" [ -z "$last_output" ]
expect "  ... nothing of vmha left in /usr" bash -c '[ ! -e /usr/lib/vmha ] && [ ! -e /usr/lib/ocf/resource.d/vmha ] && [ ! -e /usr/bin/vmha ]'
finish
