#!/usr/bin/env bash
# Issue 4's lazy-start benchmark: time from `run` to the container's "ready" line, cold, for an
# ML-notebook-like image (Debian 12 + python3, numpy, scipy, pandas, sklearn, torch, jupyter;
# > 1.5 GB uncompressed, built here from Debian packages and cached), over a shaped network:
#
#   lincli netns: linnet, containerd, linnet's snapshotter, shims, ctr, delaying proxy on
#                 127.0.0.1:5000 (RTT via per-chunk delay; counts bytes per request)
#        | veth, tbf on both ends (bandwidth)
#   linreg netns: docker-registry on 10.213.77.2:5000
#
# Modes per network: lazy (linnet --snapshotter linnet on the SOCI image), eager (linnet
# --snapshotter overlayfs on the plain image), ctr (ctr images pull + ctr run, same containerd);
# every run is cold: daemons stopped, data root wiped, page cache dropped. Then warm runs
# (image local, page cache dropped) of linnet, ctr and a second lazy run. Order of modes
# alternates between rounds; medians are printed. It is a benchmark, not a test.
#
# usage (as root): bash bench/lazy_start.sh [ROUNDS]      (default 3)
#   BENCH_NETWORKS="400mbit 2gbit"  tbf rates, one cell each
#   BENCH_RTT_MS=20                 round trip added by the proxy
#   BENCH_MODES="lazy eager ctr"    cold modes to measure
#   BENCH_TIMEOUT=600               seconds per measured run
#   LINNET=path                     binary to use (default: cargo build --release, then target/release)
#   BENCH_CACHE=/var/tmp/linnet-bench-cache   image layers, OCI archive, registry storage (pushed once)
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
lazydir=$repo/bench/lazy
rounds=${1:-3}
networks=${BENCH_NETWORKS:-400mbit 2gbit}
rtt_ms=${BENCH_RTT_MS:-20}
modes=${BENCH_MODES:-lazy eager ctr}
run_timeout=${BENCH_TIMEOUT:-600}
cache=${BENCH_CACHE:-/var/tmp/linnet-bench-cache}
cli_ns=lincli
reg_ns=linreg
cli_ip=10.213.77.1
reg_ip=10.213.77.2
proxy_addr=127.0.0.1:5000
eager_ref=$proxy_addr/bench/ml-notebook:eager
soci_ref=$proxy_addr/bench/ml-notebook:soci
ready_cmd=(python3 -c 'import sklearn; print("ready")')
script_start=$(date +%s)

work=$(mktemp -d /var/tmp/linnet-lazy-bench.XXXXXX)
export LINNET_DATA_ROOT=$work/root LINNET_STATE_DIR=$work/run DOCKER_CONFIG=$work/docker
unset CONTAINERD_ADDRESS CONTAINERD_NAMESPACE CONTAINERD_SNAPSHOTTER
mkdir -p "$DOCKER_CONFIG"
results=$work/results.jsonl
registry_pid=""
proxy_pid=""

log() { echo "$(date +%H:%M:%S) $*"; }
die() { echo "lazy_start: error: $*" >&2; exit 1; }
incli() { nsenter --net=/run/netns/$cli_ns "$@"; }
inreg() { nsenter --net=/run/netns/$reg_ns "$@"; }

# Kills processes (by pid) whose command line names this run's linnet root or state directory:
# the managed containerd, snapshotter, shims and monitors started from it.
kill_ours() {
  local pid
  for pid in $(grep -lsaF -e "$work/root" -e "$work/run" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 | sort -u); do
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    kill -9 "$pid" 2>/dev/null || true
  done
}

# Unmounts everything below a directory, deepest first.
unmount_under() {
  local dir=$1 m
  for m in $(awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$m" 2>/dev/null || umount -f "$m" 2>/dev/null || true
  done
}

stop_daemons() {
  incli timeout 60 "$linnet" system stop >/dev/null 2>&1 || true
  kill_ours
  unmount_under "$work/root"
  unmount_under "$work/run"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  [ -n "${linnet:-}" ] && [ -x "$linnet" ] && stop_daemons
  local ns pid
  for ns in $cli_ns $reg_ns; do
    if [ -e /run/netns/$ns ]; then
      for pid in $(ip netns pids $ns 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
      ip netns del $ns 2>/dev/null || true
    fi
  done
  sleep 0.5
  unmount_under "$work"
  rm -rf "$work"
  log "done in $(( $(date +%s) - script_start )) s"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "run as root (network namespaces, tc, containerd)"
mkdir -p "$cache"
# One run at a time: runs share the namespaces, port and cache.
exec 9>"$cache/lock"
flock -n 9 || die "another lazy_start.sh is running (lock $cache/lock)"
# The project's packages, plus what only this benchmark needs (Debian's packages).
bash "$repo/scripts/setup.sh" >/dev/null || die "scripts/setup.sh failed"
for pkg in debootstrap ethtool; do
  command -v "$pkg" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null \
    || die "cannot install $pkg"
done
for tool in debootstrap ethtool nsenter tc ip pigz curl docker-registry ctr python3; do
  command -v $tool >/dev/null || die "$tool is not installed"
done

# ---------------------------------------------------------------------------------------------
log "== linnet binary"
if [ -n "${LINNET:-}" ]; then
  linnet=$LINNET
else
  timeout 3600 cargo build -q --release -p linnet || die "cargo build --release -p linnet failed"
  linnet=$repo/target/release/linnet
fi
[ -x "$linnet" ] || die "no linnet binary at $linnet"
# One binary for the whole run, even if the tree is rebuilt meanwhile.
cp "$linnet" "$work/linnet" && linnet=$work/linnet
"$linnet" --version

# ---------------------------------------------------------------------------------------------
log "== image (cached in $cache)"
mkdir -p "$cache"
timeout 5400 bash "$lazydir/build_rootfs.sh" "$cache" || die "building the root filesystem failed"
archive=$cache/ml-notebook.oci.tar
newest_layer=$(ls -t "$cache"/layers/*.tar.gz | head -1)
if [ ! -f "$archive" ] || [ "$newest_layer" -nt "$archive" ]; then
  timeout 1800 python3 "$lazydir/mkoci.py" "$cache/layers" "$archive" "$eager_ref" || die "writing the OCI archive failed"
  rm -f "$cache/uncompressed"
fi
if [ ! -f "$cache/uncompressed" ]; then
  total=0
  for l in "$cache"/layers/*.tar.gz; do total=$((total + $(pigz -dc "$l" | wc -c))); done
  echo $total >"$cache/uncompressed"
fi
compressed=$(python3 -c "import json; print(sum(l['size'] for l in json.load(open('$archive.json'))['layers']))")
uncompressed=$(cat "$cache/uncompressed")
nlayers=$(python3 -c "import json; print(len(json.load(open('$archive.json'))['layers']))")
log "image: $nlayers layers, $((compressed / 1000000)) MB compressed, $((uncompressed / 1000000)) MB uncompressed"
[ "$uncompressed" -ge 1500000000 ] || log "warning: the image is under 1.5 GB uncompressed"

# ---------------------------------------------------------------------------------------------
log "== network namespaces $cli_ns and $reg_ns"
for ns in $cli_ns $reg_ns; do
  if [ -e /run/netns/$ns ]; then
    # Left over by an interrupted run of this benchmark.
    for pid in $(ip netns pids $ns 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del $ns || die "cannot delete the stale namespace $ns"
  fi
  ip netns add $ns || die "cannot create namespace $ns"
  ip -n $ns link set lo up
done
ip link add vlc0 netns $cli_ns type veth peer name vlr0 netns $reg_ns || die "cannot create the veth pair"
ip -n $cli_ns addr add $cli_ip/30 dev vlc0
ip -n $reg_ns addr add $reg_ip/30 dev vlr0
ip -n $cli_ns link set vlc0 up
ip -n $reg_ns link set vlr0 up
if command -v ethtool >/dev/null; then
  # Offloads make tbf see 64 KiB super-packets; real NICs shape on wire packets.
  incli ethtool -K vlc0 tso off gso off gro off >/dev/null 2>&1 || true
  inreg ethtool -K vlr0 tso off gso off gro off >/dev/null 2>&1 || true
fi

# The registry's storage is cached with the pushed images; registry.ok names the image it holds
# and the linnet binary that converted it, so that a new linnet re-converts (its SOCI index may
# differ) instead of measuring an index an older build made.
regroot=$cache/registry
image_id="$(sha256sum "$archive.json" | cut -c1-64) linnet $(sha256sum "$linnet" | cut -c1-64)"
[ "$(cat "$cache/registry.ok" 2>/dev/null)" = "$image_id" ] || { rm -rf "$regroot"; rm -f "$cache/registry.ok"; }
cat >"$work/registry.yml" <<YML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $regroot }, delete: { enabled: true } }
http: { addr: $reg_ip:5000 }
YML
# nsenter itself (not a shell function) in the background, so that $! is the server's pid.
nsenter --net=/run/netns/$reg_ns docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do incli curl -s -o /dev/null "http://$reg_ip:5000/v2/" && break; sleep 0.1; done
incli curl -sf -o /dev/null "http://$reg_ip:5000/v2/" || die "the registry does not answer: $(tail -3 "$work/registry.log")"

start_proxy() {
  local delay=$1
  [ -n "$proxy_pid" ] && { kill "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null; }
  : >"$work/proxy.log"
  nsenter --net=/run/netns/$cli_ns python3 "$lazydir/delayproxy.py" $proxy_addr $reg_ip:5000 "$delay" \
    "$work/proxy.log" >"$work/proxy.out" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 100); do
    kill -0 "$proxy_pid" 2>/dev/null || break
    incli curl -s -o /dev/null "http://$proxy_addr/v2/" && return 0
    sleep 0.1
  done
  die "the delaying proxy does not answer: $(tail -3 "$work/proxy.out")"
}

# Wipes linnet's data root and state, drops the page cache, starts linnet's daemons in lincli.
cold_start() {
  stop_daemons
  rm -rf "$work/root" "$work/run"
  sync
  echo 3 >/proc/sys/vm/drop_caches
  incli timeout 120 "$linnet" system start >"$work/start.log" 2>&1 || {
    echo "linnet system start failed: $(tail -3 "$work/start.log")"
    return 1
  }
}
L() { incli timeout "$run_timeout" "$linnet" -n bench "$@"; }

# ---------------------------------------------------------------------------------------------
if [ ! -f "$cache/registry.ok" ]; then
  log "== pushing the image and its SOCI conversion (unshaped, no delay)"
  start_proxy 0
  cold_start || die "cannot start linnet"
  t0=$(date +%s)
  L load -q -i "$archive" >/dev/null || die "linnet load failed"
  L push -q "$eager_ref" >/dev/null || die "linnet push $eager_ref failed"
  t1=$(date +%s)
  L image convert --soci "$eager_ref" "$soci_ref" || die "linnet image convert --soci failed"
  t2=$(date +%s)
  L push -q --platform linux/amd64 "$soci_ref" >/dev/null || die "linnet push $soci_ref failed"
  log "load+push $((t1 - t0)) s, convert --soci $((t2 - t1)) s, push $(( $(date +%s) - t2 )) s"
  echo "$image_id" >"$cache/registry.ok"
fi
start_proxy "$(python3 -c "print($rtt_ms / 2)")"

# ---------------------------------------------------------------------------------------------
burst_for() {
  # tbf needs a bucket of at least rate/HZ and one (GRO-merged) packet; 2 ms of traffic, >= 128 KiB.
  python3 - "$1" <<'PY'
import re, sys
m = re.fullmatch(r'(\d+(?:\.\d+)?)([kmg]?)bit', sys.argv[1].lower())
if not m:
    sys.exit(f'bad rate {sys.argv[1]} (want e.g. 400mbit, 2gbit)')
bits = float(m.group(1)) * {'': 1, 'k': 1e3, 'm': 1e6, 'g': 1e9}[m.group(2)]
print(max(131072, int(bits / 8 * 0.002)))
PY
}
shape() {
  local rate=$1 burst
  burst=$(burst_for "$rate") || return 1
  incli tc qdisc replace dev vlc0 root tbf rate "$rate" burst "$burst" latency 50ms || return 1
  inreg tc qdisc replace dev vlr0 root tbf rate "$rate" burst "$burst" latency 50ms || return 1
  # Check: a 64 MB range of the largest layer straight from the registry, and a round trip
  # through the proxy.
  local blob mbps rtt
  blob=$(python3 -c "import json; print(max(json.load(open('$archive.json'))['layers'], key=lambda l: l['size'])['digest'])")
  mbps=$(incli curl -s -o /dev/null -r 0-67108863 -w '%{size_download} %{time_total}' \
    "http://$reg_ip:5000/v2/bench/ml-notebook/blobs/$blob" | awk '{printf "%.0f", $1 * 8 / $2 / 1e6}')
  rtt=$(incli curl -s -o /dev/null -w '%{time_starttransfer}' "http://$proxy_addr/v2/" | awk '{printf "%.1f", $1 * 1000}')
  log "network $rate: measured $mbps Mbit/s on the veth, $rtt ms for a /v2/ request through the proxy (burst $burst B)"
}

rotate_log() {
  mv "$work/proxy.log" "$1"
  kill -USR1 "$proxy_pid"
  sleep 0.3
}

ctr_seq=0
measure() {
  local mode=$1 net=$2 rnd=$3 sock
  local out=$work/ready.json
  rm -f "$out"
  case $mode in
    lazy)
      incli python3 "$lazydir/ready.py" "$run_timeout" ready -- \
        "$linnet" -n bench --snapshotter linnet run --rm --network none "$soci_ref" "${ready_cmd[@]}" >"$out" ;;
    eager | warm-linnet)
      incli python3 "$lazydir/ready.py" "$run_timeout" ready -- \
        "$linnet" -n bench --snapshotter overlayfs run --rm --network none "$eager_ref" "${ready_cmd[@]}" >"$out" ;;
    warm-lazy)
      incli python3 "$lazydir/ready.py" "$run_timeout" ready -- \
        "$linnet" -n bench --snapshotter linnet run --rm --network none "$soci_ref" "${ready_cmd[@]}" >"$out" ;;
    ctr | warm-ctr)
      sock=$(incli "$linnet" system status 2>/dev/null | awk '/^socket:/ {print $2}')
      ctr_seq=$((ctr_seq + 1))
      local pull="true"
      [ "$mode" = ctr ] && pull="ctr -a $sock -n bench-ctr images pull --plain-http $eager_ref >/dev/null"
      incli python3 "$lazydir/ready.py" "$run_timeout" ready -- sh -c \
        "$pull && exec ctr -a $sock -n bench-ctr run --rm $eager_ref bench-ctr-$$-$ctr_seq $(printf '%q ' "${ready_cmd[@]}")" >"$out" ;;
  esac
  rotate_log "$work/proxy-$mode-$net-$rnd.log"
  python3 "$lazydir/report.py" record "$results" "$mode" "$net" "$rnd" "$out" "$work/proxy-$mode-$net-$rnd.log"
}

record_failure() {
  local mode=$1 net=$2 rnd=$3 why=$4
  python3 -c "import json,sys; print(json.dumps({'ok': False, 'output': sys.argv[1]}))" "$why" >"$work/ready.json"
  python3 "$lazydir/report.py" record "$results" "$mode" "$net" "$rnd" "$work/ready.json" /dev/null
}

# ---------------------------------------------------------------------------------------------
read -r -a mode_list <<<"$modes"
last_net=""
for net in $networks; do
  log "== network $net, RTT $rtt_ms ms (proxy), cold runs"
  shape "$net" || { log "cannot shape the veth at $net; skipping"; continue; }
  last_net=$net
  for rnd in $(seq "$rounds"); do
    order=("${mode_list[@]}")
    if [ $((rnd % 2)) -eq 0 ]; then
      order=()
      for ((i = ${#mode_list[@]} - 1; i >= 0; i--)); do order+=("${mode_list[i]}"); done
    fi
    for mode in "${order[@]}"; do
      if ! cold_start >"$work/cold.out" 2>&1; then
        record_failure "$mode" "$net" "$rnd" "$(tail -2 "$work/cold.out" | tr '\n' ' ')"
        continue
      fi
      measure "$mode" "$net" "$rnd"
    done
  done
done

# Warm: everything local (page cache dropped before each run); the proxy stays in place and
# would count any byte that still came from the registry.
if [ -n "$last_net" ]; then
  log "== warm runs (image local, page cache dropped)"
  if cold_start >"$work/cold.out" 2>&1; then
    sock=$(incli "$linnet" system status 2>/dev/null | awk '/^socket:/ {print $2}')
    L --snapshotter overlayfs pull -q "$eager_ref" >/dev/null 2>&1 || log "warm: linnet pull failed"
    incli timeout "$run_timeout" ctr -a "$sock" -n bench-ctr images pull --plain-http "$eager_ref" >/dev/null 2>&1 \
      || log "warm: ctr pull failed"
    warm_modes="warm-linnet warm-ctr"
    if [[ " $modes " == *" lazy "* ]]; then
      # The first lazy run fetches its spans; the measured ones reuse them.
      L --snapshotter linnet run --rm --network none "$soci_ref" "${ready_cmd[@]}" >/dev/null 2>&1 \
        && warm_modes="$warm_modes warm-lazy" || log "warm: lazy priming run failed; no warm lazy runs"
    fi
    read -r -a warm_list <<<"$warm_modes"
    for rnd in $(seq "$rounds"); do
      order=("${warm_list[@]}")
      [ $((rnd % 2)) -eq 0 ] && order=($(printf '%s\n' "${warm_list[@]}" | tac))
      for mode in "${order[@]}"; do
        sync
        echo 3 >/proc/sys/vm/drop_caches
        measure "$mode" local "$rnd"
      done
    done
  else
    log "warm runs skipped: $(tail -2 "$work/cold.out" | tr '\n' ' ')"
  fi
fi

# ---------------------------------------------------------------------------------------------
echo
log "== results: median of $rounds rounds; time from invoking run to the line \"ready\""
echo "command: ${ready_cmd[*]}; RTT $rtt_ms ms through a delaying proxy, bandwidth by tbf on a veth"
echo "kernel $(uname -r), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
[ -s "$results" ] && python3 "$lazydir/report.py" table "$results" "$compressed" "$uncompressed"
cp "$results" "$cache/last-results.jsonl" 2>/dev/null && echo "raw results: $cache/last-results.jsonl"
