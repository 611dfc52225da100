#!/usr/bin/env bash
# The main job end to end on this machine: install what is needed, build and install linnet,
# start a local registry with password auth, build a small image from local files (busybox),
# then run the user's workflow: login, pull, image convert --soci, push --platform, pull, run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== build and install linnet"
cargo build --release --quiet
install -m 0755 target/release/linnet /usr/local/bin/linnet
# Daemons left by an older linnet keep running its code: restart them on the new binary.
linnet system stop >/dev/null 2>&1 || true

work=$(mktemp -d /tmp/linnet-demo.XXXXXX)
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== start a local registry with htpasswd auth"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
htpasswd -Bbn demo demo-password > "$work/htpasswd"
cat > "$work/registry.yml" <<YML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
auth: { htpasswd: { realm: linnet-demo, path: $work/htpasswd } }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.1; done
REGISTRY=127.0.0.1:$port
REPO=linnet-demo

echo "== build a small image from local files (busybox)"
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in sh echo cat ls uname id; do ln -s busybox "$work/rootfs/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$work/rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/rootfs/etc/group"
echo "hello from linnet" > "$work/rootfs/etc/motd"
# A 16 MiB "model" so that the layer is above soci's 10 MiB minimum and gets a ztoc.
mkdir -p "$work/rootfs/opt"
head -c 16777216 /dev/urandom > "$work/rootfs/opt/model.bin"
tar -C "$work/rootfs" -czf "$work/rootfs.tar.gz" .
linnet import -c 'CMD ["cat", "/etc/motd"]' "$work/rootfs.tar.gz" "$REGISTRY/$REPO:original-image"

echo "== seed the registry with the original image"
echo demo-password | linnet login -u demo --password-stdin "$REGISTRY"
linnet push "$REGISTRY/$REPO:original-image"
linnet rmi "$REGISTRY/$REPO:original-image"

echo "== the workflow (as in the article, with linnet in place of nerdctl)"
echo demo-password | linnet login -u demo --password-stdin "$REGISTRY"
linnet pull "$REGISTRY/$REPO:original-image"
linnet image convert --soci "$REGISTRY/$REPO:original-image" "$REGISTRY/$REPO:soci-image"
linnet push --platform linux/amd64 "$REGISTRY/$REPO:soci-image"
linnet rmi "$REGISTRY/$REPO:original-image" "$REGISTRY/$REPO:soci-image"
linnet pull "$REGISTRY/$REPO:soci-image"
linnet soci index list
linnet images
linnet run --rm "$REGISTRY/$REPO:soci-image"
linnet run --rm "$REGISTRY/$REPO:soci-image" sh -c 'uname -s; ls -l /opt/model.bin'
linnet logout "$REGISTRY"
linnet rmi "$REGISTRY/$REPO:soci-image" >/dev/null
echo "== demo: ok"
