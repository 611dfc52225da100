#!/usr/bin/env bash
# Installs what linnet and its tests need on a fresh Debian 12 machine (run as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  containerd runc            # the runtime linnet drives
  docker-registry            # a local registry for the demo and the tests
  busybox-static             # test images are built from it
  protobuf-compiler libprotobuf-dev  # containerd-client's build needs protoc and the well-known .proto files
  fuse3                      # the lazy snapshotter (fusermount3 for non-root use)
  apache2-utils openssl      # htpasswd and a self-signed CA for registry auth/TLS tests
  pigz iproute2 bsdutils curl ca-certificates
  containernetworking-plugins iptables  # bridge networking: CNI plugins in /usr/lib/cni, iptables-nft for portmap/firewall
  tini                       # --init: /usr/bin/tini-static, bind-mounted as /sbin/docker-init
  procps                     # `linnet top` runs the host's ps, as Docker does
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  # Keep package scripts from starting services: linnet runs its own containerd and the tests
  # their own registries.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
fi
# Debian's packages start services where an init system runs them; linnet manages its own
# containerd and the tests start their own registries, so stop the system ones if present.
for svc in containerd docker-registry; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done
echo "setup: ok (containerd $(containerd --version | awk '{print $3}'), runc $(runc --version | head -1 | awk '{print $3}'))"
