#!/usr/bin/env bash
# Issue 12 item 9: the documented install path leaves Debian's files alone. Inside a private mount
# namespace, /usr and /var/lib/dpkg are overlays with tmpfs upper directories (the machine's own are
# never changed); there the install command README.md gives runs verbatim. Then: dpkg --verify
# fence-virt fence-virtd is clean, no installed file is a file of any package, every installed
# program answers --version, Debian's fence_xvm is still Debian's and ours sit beside it; the
# documented way to put ours on PATH refuses while Debian's files are not diverted, works after the
# documented dpkg-divert, and the documented way back restores Debian's.
set -uo pipefail
if [ -z "${VMHA_INSTALL_NS:-}" ]; then
  exec unshare --mount --propagation private env VMHA_INSTALL_NS=1 bash "$0" "$@"
fi
source "$VMHA_SUPPORT/testlib.sh"
readme=$VMHA_SOURCE_DIR/README.md
fencing=$VMHA_SOURCE_DIR/docs/fencing.md
vmha_version=$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")

scratch=$(mktemp -d /tmp/vmha-field-install.XXXXXX)
mount -t tmpfs vmha-install "$scratch"  # private to this namespace: gone with it
trap 'cd /; umount -l /var/lib/dpkg /usr "$scratch" 2>/dev/null; rmdir "$scratch" 2>/dev/null' EXIT
overlay() {  # DIR: writes to DIR land in tmpfs, reads fall through to the machine's DIR
  local name; name=$(tr / _ <<<"$1")
  mkdir -p "$scratch/$name.upper" "$scratch/$name.work"
  mount -t overlay "vmha-install$name" -o "lowerdir=$1,upperdir=$scratch/$name.upper,workdir=$scratch/$name.work" "$1"
}
check "overlay /usr (tmpfs upper)" 0 overlay /usr
check "overlay /var/lib/dpkg (dpkg-divert writes there)" 0 overlay /var/lib/dpkg
[ "$failed" -gt 0 ] && finish

verify_debian() { dpkg --verify fence-virt fence-virtd; }
check "before: dpkg --verify fence-virt fence-virtd" 0 verify_debian
expect "  ... clean" [ -z "$last_output" ]
# Debian's fence-virt: fence_virt is the binary, fence_xvm a link to the name fence_virt.
debian_virt_sum=$(md5sum < /usr/sbin/fence_virt)
debian_xvm_link=$(readlink /usr/sbin/fence_xvm)
debian_virtd_sum=$(md5sum < /usr/sbin/fence_virtd)

# The README's install line, its last command, run as written from a tree whose build/ is ours.
install_line=$(sed -n 's/^Install: `\(.*\)`\.$/\1/p' "$readme")
install_cmd=${install_line##*&& }
expect "README.md's Install line ends with cmake --install ($install_cmd)" [ "$install_cmd" = "cmake --install build --prefix /usr" ]
mkdir -p "$scratch/tree" && ln -s "$VMHA_BUILD_DIR" "$scratch/tree/build"
check "the documented install: $install_cmd" 0 bash -c "cd '$scratch/tree' && $install_cmd"
manifest=$VMHA_BUILD_DIR/install_manifest.txt

check "dpkg --verify fence-virt fence-virtd after the install" 0 verify_debian
expect "  ... clean" [ -z "$last_output" ]
expect "Debian's /usr/sbin/fence_xvm is still its link ($debian_xvm_link)" [ "$(readlink /usr/sbin/fence_xvm)" = "$debian_xvm_link" ]
expect "  ... Debian's fence_virt has Debian's bytes" [ "$(md5sum < /usr/sbin/fence_virt)" = "$debian_virt_sum" ]
expect "  ... Debian's fence_virtd too" [ "$(md5sum < /usr/sbin/fence_virtd)" = "$debian_virtd_sum" ]
check "  ... and answers as Debian's" 0 /usr/sbin/fence_xvm -V
expect "  ... (fence-virt's version line)" grep -q "^fence release 4\." <<<"$last_output"

owned=""
while read -r f; do
  dpkg -S "$f" >/dev/null 2>&1 && owned+=" $f"
done < "$manifest"
expect "no installed file is a file of a Debian package (${owned:-none})" [ -z "$owned" ]

# Every installed program (ELF executables in the manifest, links resolved) answers --version.
for f in $(sort -u "$manifest"); do
  [ -x "$f" ] && [ "$(head -c4 "$(readlink -f "$f")" | od -An -c | tr -d ' ')" = 177ELF ] || continue
  check "$f --version" 0 timeout 20 "$f" --version
done
for f in fence_xvm fence_virt fence_virtd; do
  expect "ours: /usr/lib/vmha/fence-virt/$f" [ -x "/usr/lib/vmha/fence-virt/$f" ]
done
check "the qdiskd unit installed is accepted by systemd-analyze verify" 0 systemd-analyze verify /usr/lib/systemd/system/qdiskd.service
expect "  ... and runs /usr/sbin/qdiskd" grep -qx 'ExecStart=/usr/sbin/qdiskd -f' /usr/lib/systemd/system/qdiskd.service

# Putting ours on PATH: refused while Debian's files are Debian's.
on_path_cmd="cmake --install build --prefix /usr --component fence-virt-on-path"
expect "docs/fencing.md gives: $on_path_cmd" grep -qxF "$on_path_cmd" "$fencing"
check "fence-virt-on-path without diverting is refused" 1 bash -c "cd '$scratch/tree' && $on_path_cmd"
expect "  ... naming the package" grep -qF "/usr/sbin/fence_xvm belongs to the Debian package fence-virt: divert it first" <<<"$last_output"
expect "  ... and fence-virtd's file" grep -qF "/usr/sbin/fence_virtd belongs to the Debian package fence-virtd" <<<"$last_output"
check "  ... having changed nothing" 0 verify_debian
expect "  ... (dpkg --verify clean)" [ -z "$last_output" ]
expect "  ... (fence_xvm still Debian's link)" [ "$(readlink /usr/sbin/fence_xvm)" = "$debian_xvm_link" ]
expect "  ... (fence_virt still Debian's)" [ "$(md5sum < /usr/sbin/fence_virt)" = "$debian_virt_sum" ]

block() {  # the shell block after the marker line in docs/fencing.md
  sed -n "/^<!-- install: $1 -->\$/,/^\`\`\`\$/p" "$fencing" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d'
}
on_path=$(block "fence-virt on path")
back=$(block "fence-virt back to Debian")
expect "docs/fencing.md has the on-path block" [ -n "$on_path" ]
expect "docs/fencing.md has the way back" [ -n "$back" ]
check "the documented on-path block (dpkg-divert, then the component)" 0 bash -c "cd '$scratch/tree' && set -e && $on_path"
expect "  ... /usr/sbin/fence_xvm is ours" [ "$(readlink /usr/sbin/fence_xvm)" = /usr/lib/vmha/fence-virt/fence_xvm ]
check "  ... fence_xvm -V on PATH" 0 fence_xvm -V
expect "  ... with vmha's version ($vmha_version), not fence-virt's" bash -c 'grep -qF "$2" <<<"$1" && ! grep -q "^fence release" <<<"$1"' _ "$last_output" "$vmha_version"
expect "  ... Debian's client kept as /usr/sbin/fence_virt.distrib" [ "$(md5sum < /usr/sbin/fence_virt.distrib)" = "$debian_virt_sum" ]
expect "  ... Debian's daemon as /usr/sbin/fence_virtd.distrib" [ "$(md5sum < /usr/sbin/fence_virtd.distrib)" = "$debian_virtd_sum" ]
check "  ... dpkg --verify still clean (it follows the diversion)" 0 verify_debian
expect "  ... (no output)" [ -z "$last_output" ]
check "the documented way back" 0 bash -c "set -e && $back"
expect "  ... Debian's fence_xvm link is back" [ "$(readlink /usr/sbin/fence_xvm)" = "$debian_xvm_link" ]
expect "  ... Debian's fence_virt is back" [ "$(md5sum < /usr/sbin/fence_virt)" = "$debian_virt_sum" ]
expect "  ... Debian's fence_virtd is back" [ "$(md5sum < /usr/sbin/fence_virtd)" = "$debian_virtd_sum" ]
expect "  ... no diversion left" [ -z "$(dpkg-divert --list '/usr/sbin/fence_*')" ]
check "  ... dpkg --verify fence-virt fence-virtd" 0 verify_debian
expect "  ... clean" [ -z "$last_output" ]
finish
