#!/usr/bin/env bash
# Cold pull-and-unpack time of a multi-layer image of several hundred MB: `linnet pull` against
# `ctr images pull` (which also unpacks), from the same local registry, in the same run, with
# the order alternated between rounds. Both use the same containerd (linnet's managed one) and
# the same snapshotter (BENCH_SNAPSHOTTER, default linnet's own, which `linnet pull` uses; set
# overlayfs to compare on containerd's), and every round starts with the image, its content and
# its snapshots removed (checked: the round fails if any are left) and every cache dropped.
#
# usage (as root): bash bench/pull_vs_ctr.sh [ROUNDS]   (build first: cargo build --release)
#   BENCH_DIRS="/usr/share /usr/bin /usr/libexec" picks the directories, one layer each.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
linnet=${LINNET:-$PWD/target/release/linnet}
work=$(mktemp -d /var/tmp/linnet-bench.XXXXXX)
export LINNET_DATA_ROOT=$work/root LINNET_STATE_DIR=$work/run
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  "$linnet" system stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$port }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.1; done
image=127.0.0.1:$port/bench/multilayer:v1

echo "== building a multi-layer image from this machine's files"
# shellcheck disable=SC2086 # one layer per directory
python3 bench/mkimage.py "$work/image.tar" ${BENCH_DIRS:-/usr/share /usr/bin /usr/libexec}
"$linnet" load -q -i "$work/image.tar" >/dev/null
"$linnet" tag bench/multilayer:v1 "$image"
"$linnet" push -q "$image" >/dev/null
"$linnet" rmi -f bench/multilayer:v1 "$image" >/dev/null
sock=$("$linnet" system status | awk '/^socket:/ {print $2}')
compressed=$(python3 -c "import json,sys; m=json.load(open('$work/image.json')); print(sum(l['size'] for l in m['layers']))")
echo "image: $image, $(python3 -c "print(round($compressed/1e6,1))") MB compressed in $(python3 -c "import json; print(len(json.load(open('$work/image.json'))['layers']))") layers"

snapshotter=${BENCH_SNAPSHOTTER:-linnet}
linnet_flags=()
[ "$snapshotter" = linnet ] || linnet_flags=(--snapshotter "$snapshotter")
echo "snapshotter: $snapshotter (both)"
# Removes the image from both namespaces and checks that no content or snapshot is left, so
# that every round downloads and unpacks everything.
clean() {
  "$linnet" -n bench-linnet rmi -f "$image" >/dev/null 2>&1 || true
  ctr -a "$sock" -n bench-ctr images rm --sync "$image" >/dev/null 2>&1 || true
  local ns left
  for ns in bench-linnet bench-ctr; do
    left=$( (ctr -a "$sock" -n "$ns" content ls -q; ctr -a "$sock" -n "$ns" snapshots --snapshotter "$snapshotter" ls | tail -n +2) 2>/dev/null | wc -l)
    if [ "$left" -ne 0 ]; then
      echo "pull_vs_ctr: $left content blobs or snapshots left in namespace $ns; not a cold round" >&2
      exit 1
    fi
  done
  sync; echo 3 > /proc/sys/vm/drop_caches
}
now() { date +%s.%N; }
declare -a t_linnet t_ctr
for r in $(seq "$rounds"); do
  for who in $( [ $((r % 2)) -eq 1 ] && echo "linnet ctr" || echo "ctr linnet"); do
    clean
    start=$(now)
    if [ "$who" = linnet ]; then
      "$linnet" -n bench-linnet "${linnet_flags[@]}" pull -q "$image" >/dev/null
      t_linnet+=("$(python3 -c "print($(now)-$start)")")
    else
      ctr -a "$sock" -n bench-ctr images pull --snapshotter "$snapshotter" --plain-http "$image" >/dev/null
      t_ctr+=("$(python3 -c "print($(now)-$start)")")
    fi
  done
  echo "round $r: linnet ${t_linnet[-1]} s, ctr ${t_ctr[-1]} s"
done
python3 - "${t_linnet[@]}" -- "${t_ctr[@]}" <<'PY'
import statistics, sys
args = sys.argv[1:]; i = args.index('--')
l = [float(x) for x in args[:i]]; c = [float(x) for x in args[i+1:]]
ml, mc = statistics.median(l), statistics.median(c)
print(f"median cold pull+unpack: linnet {ml:.2f} s, ctr {mc:.2f} s, ratio linnet/ctr {ml/mc:.2f}")
PY
