#!/usr/bin/env bash
# Issue 18: the packaging says what the project says. debian/changelog's version is the top-level
# project() VERSION (debian/rules refuses to build otherwise; this catches it before a build), and
# every build dependency in debian/control is installed by scripts/setup (CI installs only that).
# VMHA_PKG_DEBIAN_DIR / VMHA_PKG_SETUP name other files (the test's own fault injection).
set -uo pipefail
source "$VMHA_SUPPORT/testlib.sh"
debian=${VMHA_PKG_DEBIAN_DIR:-$VMHA_SOURCE_DIR/debian}
setup=${VMHA_PKG_SETUP:-$VMHA_SOURCE_DIR/scripts/setup}
project_version=$(sed -n 's/^project(vmha VERSION \([0-9.]*\).*/\1/p' "$VMHA_SOURCE_DIR/CMakeLists.txt")
changelog_version=$(dpkg-parsechangelog -l "$debian/changelog" -S Version)
expect "debian/changelog's version ($changelog_version) is project()'s ($project_version)" \
  [ "$changelog_version" = "$project_version" ]

# scripts/setup's list: the words inside packages=( ... ), comments dropped.
setup_packages=$(sed -n '/^packages=(/,/^)/p' "$setup" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$')
build_depends=$(sed -n '/^Build-Depends:/,/^[A-Z][A-Za-z-]*:/p' "$debian/control" | grep -v '^#' |
  sed -e 's/^Build-Depends://' -e '/^[A-Z][A-Za-z-]*:/d' | tr ',' '\n' | sed -e 's/[(<[].*//' -e 's/^ *//' -e 's/ *$//' |
  grep -v '^$' | sed 's/^debhelper-compat$/debhelper/')
expect "debian/control has build dependencies" [ -n "$build_depends" ]
for p in $build_depends; do
  expect "build dependency $p is in scripts/setup" grep -qx -- "$p" <<<"$setup_packages"
done
finish
