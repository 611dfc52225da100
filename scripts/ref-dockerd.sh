#!/usr/bin/env bash
# Starts a private dockerd (Debian's docker.io, the behaviour reference) beside linnet, for
# comparing outputs and exit codes by hand: own data root, exec root and socket, no bridge, no
# iptables, no ip forwarding, so it touches nothing of the host's or linnet's networking.
#   bash scripts/ref-dockerd.sh start   # prints the DOCKER_HOST to export
#   bash scripts/ref-dockerd.sh stop
# It imports a busybox-static rootfs as the image `busybox` on first start.
set -euo pipefail
root=${REF_DOCKERD_ROOT:-/var/lib/linnet-ref-dockerd}
run=/run/linnet-ref-dockerd
sock=$run/docker.sock
case "${1:-start}" in
start)
  command -v dockerd >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io >/dev/null; }
  mkdir -p "$root" "$run"
  if ! [ -S "$sock" ] || ! DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1; then
    nohup dockerd --data-root "$root/data" --exec-root "$run/exec" -H "unix://$sock" \
      --pidfile "$run/dockerd.pid" --iptables=false --ip-forward=false --ip-masq=false \
      --bridge=none --containerd-namespace linnet-ref --containerd-plugins-namespace linnet-ref-plugins \
      >"$run/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  export DOCKER_HOST=unix://$sock
  if ! docker image inspect busybox >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    mkdir -p "$tmp/bin" && cp /bin/busybox "$tmp/bin/busybox"
    for a in $("$tmp/bin/busybox" --list); do [ -e "$tmp/bin/$a" ] || ln -s busybox "$tmp/bin/$a"; done
    tar -C "$tmp" -c . | docker import -c 'CMD ["sh"]' - busybox >/dev/null
    rm -rf "$tmp"
  fi
  echo "export DOCKER_HOST=unix://$sock"
  ;;
stop)
  [ -f "$run/dockerd.pid" ] && kill "$(cat "$run/dockerd.pid")" 2>/dev/null || true
  ;;
esac
