#!/usr/bin/env bash
# Builds the ML-notebook-like root filesystem in stages (debootstrap minbase, then apt-get in a
# chroot) and, after each stage, writes that stage's layer: a gzip tar of the files the stage
# added or changed. Everything is cached under $CACHE; a stage whose layer exists is skipped.
#
# usage: build_rootfs.sh CACHE_DIR      (root; needs debootstrap and http://deb.debian.org)
# Output: CACHE/layers/NN-name.tar.gz and NN-name.diffid, one per stage, in order.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$1
root=$cache/rootfs
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache/layers" "$cache/state"

# Stages: name and the packages it installs (the first one is debootstrap itself).
stages=(
  "00-base:"
  "01-scipy:python3 python3-numpy python3-scipy python3-pandas"
  "02-sklearn:python3-sklearn"
  "03-torch:python3-torch"
  "04-notebook:jupyter-notebook python3-matplotlib"
)

mounted=""
cleanup() {
  if [ -n "$mounted" ]; then
    umount -l "$root/proc" 2>/dev/null || true
    umount -l "$root/dev/pts" 2>/dev/null || true
  fi
}
trap cleanup EXIT

chroot_apt() {
  mount -t proc proc "$root/proc"
  mounted=1
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # No daemons may start inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  local rc=0
  chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C timeout 3600 sh -c "$1" || rc=$?
  chroot "$root" apt-get clean || true
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/tmp/* "$root"/var/cache/apt/*.bin
  umount "$root/proc"
  mounted=""
  return $rc
}

prev=""
for stage in "${stages[@]}"; do
  name=${stage%%:*}
  pkgs=${stage#*:}
  if [ -f "$cache/layers/$name.tar.gz" ] && [ -f "$cache/state/$name.state" ]; then
    echo "   layer $name: cached"
    prev=$cache/state/$name.state
    continue
  fi
  start=$(date +%s)
  if [ -z "$pkgs" ]; then
    rm -rf "$root"
    echo "   debootstrap --variant=minbase bookworm ($mirror)"
    timeout 3600 debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin
  else
    echo "   apt-get install $pkgs"
    apt="apt-get -q -y -o Acquire::Retries=3"
    chroot_apt "$apt update && $apt install --no-install-recommends $pkgs" >"$cache/apt-$name.log" 2>&1 \
      || { tail -20 "$cache/apt-$name.log" >&2; exit 1; }
  fi
  python3 "$here/layers.py" layer "$root" "$cache/state/$name.state.new" "$cache/layers/$name.tar.gz.new" ${prev:+"$prev"} \
    >"$cache/layers/$name.diffid.new"
  mv "$cache/layers/$name.diffid.new" "$cache/layers/$name.diffid"
  mv "$cache/layers/$name.tar.gz.new" "$cache/layers/$name.tar.gz"
  mv "$cache/state/$name.state.new" "$cache/state/$name.state"
  prev=$cache/state/$name.state
  echo "   layer $name: $(du -m "$cache/layers/$name.tar.gz" | cut -f1) MB gzip, $(($(date +%s) - start)) s"
done
