#!/usr/bin/env bash
# Issue 9's bridge overhead: wall time of `linnet run --rm IMAGE true` on the default bridge
# against `--network host`, median of N each, interleaved in one run (bridge, host, bridge,
# host, ...) so that both see the same machine state. A private data root and state dir, a
# busybox image imported from the host's static busybox, one warm-up run of each first.
#
# usage (as root): bash bench/bridge_overhead.sh [N]        (default 20)
#   LINNET=path    binary to use (default: target/debug/linnet, built if missing)
#   BENCH_PUBLISH=1  also measure bridge with `-p 0:80` (a published ephemeral port)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
linnet=${LINNET:-$PWD/target/debug/linnet}
[ -x "$linnet" ] || cargo build -p linnet
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || { echo "bridge_overhead: busybox not found (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d /var/tmp/linnet-bridge-bench.XXXXXX)
export LINNET_DATA_ROOT=$work/root LINNET_STATE_DIR=$work/run
unset CONTAINERD_ADDRESS CONTAINERD_NAMESPACE
cleanup() {
  "$linnet" rm -f $("$linnet" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  # The private default network's bridge and its network-level iptables rules (tagged
  # linnet:BRIDGE) outlive the data root otherwise.
  local bridge
  bridge=$("$linnet" network inspect bridge 2>/dev/null |
    sed -n 's/.*"com.docker.network.bridge.name": *"\([^"]*\)".*/\1/p' | head -1)
  if [ -n "$bridge" ]; then
    for table in nat filter; do
      iptables-save -t "$table" | grep -F "\"linnet:$bridge\"" | sed 's/^-A //' |
        while read -r rule; do eval "iptables -w -t $table -D $rule" || true; done
    done
    ip link delete "$bridge" type bridge 2>/dev/null || true
  fi
  "$linnet" system stop >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/proc" "$work/rootfs/sys" "$work/rootfs/dev" "$work/rootfs/tmp"
cp "$busybox" "$work/rootfs/bin/busybox"
for a in sh true; do ln -s busybox "$work/rootfs/bin/$a"; done
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
"$linnet" import -c 'CMD ["sh"]' "$work/rootfs.tar" bench-busybox:latest >/dev/null

now_ms() { date +%s%3N; }
time_run() { # prints ms of one run --rm
  local t0 t1
  t0=$(now_ms)
  "$linnet" run --rm --pull never "$@" bench-busybox:latest true >/dev/null
  t1=$(now_ms)
  echo $((t1 - t0))
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

modes=("bridge" "host")
[ "${BENCH_PUBLISH:-0}" = 1 ] && modes+=("bridge-p")
args_of() {
  case $1 in
    bridge) echo "--network bridge" ;;
    host) echo "--network host" ;;
    bridge-p) echo "--network bridge -p 80" ;;
  esac
}
for m in "${modes[@]}"; do time_run $(args_of "$m") >/dev/null; done # warm-up
for m in "${modes[@]}"; do : >"$work/$m.ms"; done
for _ in $(seq "$n"); do
  for m in "${modes[@]}"; do time_run $(args_of "$m") >>"$work/$m.ms"; done
done
host=$(median <"$work/host.ms")
for m in "${modes[@]}"; do
  med=$(median <"$work/$m.ms")
  printf '%-9s median %5d ms  (min %d, max %d, n=%d)  extra vs host: %+d ms  ratio %s\n' "$m" "$med" \
    "$(sort -n "$work/$m.ms" | head -1)" "$(sort -n "$work/$m.ms" | tail -1)" "$n" $((med - host)) \
    "$(awk -v a="$med" -v b="$host" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
done
# The machine's load during the run (interleaving cancels most of it; the figure says how much).
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
