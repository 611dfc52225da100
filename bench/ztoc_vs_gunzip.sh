#!/usr/bin/env bash
# ztoc build speed against a plain single-threaded gunzip of the same real layer (>= 300 MB
# compressed, made from this machine's files with pigz -6), in the same run, order alternated
# over the rounds; then an end-to-end `linnet image convert --soci` of a 3-layer image made of
# such layers, with CPU utilisation sampled from /proc/stat to show the layers build in parallel.
#
# usage (as root): bash bench/ztoc_vs_gunzip.sh [ROUNDS]   (builds the release binaries it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
min_mb=${MIN_LAYER_MB:-300}
work=$(mktemp -d /var/tmp/linnet-ztoc-bench.XXXXXX)
export LINNET_DATA_ROOT=$work/root LINNET_STATE_DIR=$work/run
linnet=${LINNET:-$PWD/target/release/linnet}
cleanup() {
  "$linnet" system stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building release binaries"
cargo build -q --release -p linnet
cargo build -q --release -p linnet-ztoc --example ztoc_build
ztoc_build=$PWD/target/release/examples/ztoc_build

now() { date +%s.%N; }
calc() { python3 -c "print($*)"; }

# Directories of this machine, until their gzip'd tar should reach the target (libraries and
# binaries compress to roughly a third); more are added if it falls short.
candidates=(/usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib/jvm /usr/lib/llvm-14
  /usr/lib/llvm-15 /usr/share /usr/bin /usr/include /opt /usr/lib)
dirs=()
for d in "${candidates[@]}"; do [ -d "$d" ] && dirs+=("${d#/}"); done
layer=$work/layer.tar.gz
picked=()
mb=0
for d in "${dirs[@]}"; do
  picked+=("$d")
  mb=$((mb + $(du -sm "/$d" | cut -f1)))
  if [ "$mb" -ge $((min_mb * 3)) ]; then
    echo "== gzip layer (pigz -6) of: ${picked[*]}"
    tar -C / --hard-dereference -cf - "${picked[@]}" 2>/dev/null | pigz -6 >"$layer" || true
    [ "$(stat -c %s "$layer")" -ge $((min_mb * 1000000)) ] && break
  fi
done
[ -f "$layer" ] || tar -C / --hard-dereference -cf - "${picked[@]}" 2>/dev/null | pigz -6 >"$layer" || true
size=$(stat -c %s "$layer")
usize=$(gzip -dc "$layer" | wc -c)
echo "layer: $(calc "round($size/1e6,1)") MB compressed, $(calc "round($usize/1e6,1)") MB uncompressed (${picked[*]})"
[ "$size" -ge $((min_mb * 1000000)) ] || echo "warning: layer is smaller than $min_mb MB (not enough files here)"

declare -a t_ztoc t_gzip t_zrs
ztoc_line=""
for r in $(seq "$rounds"); do
  order="ztoc gzip zlibrs"
  [ $((r % 2)) -eq 0 ] && order="zlibrs gzip ztoc"
  for who in $order; do
    cat "$layer" >/dev/null # same page-cache state for everyone
    start=$(now)
    case $who in
      ztoc) ztoc_line=$("$ztoc_build" "$layer" 4194304 "$work/layer.ztoc"); t_ztoc+=("$(calc "$(now)-$start")") ;;
      gzip) gzip -dc "$layer" >/dev/null; t_gzip+=("$(calc "$(now)-$start")") ;;
      zlibrs) "$ztoc_build" "$layer" --gunzip >/dev/null; t_zrs+=("$(calc "$(now)-$start")") ;;
    esac
  done
  echo "round $r: ztoc ${t_ztoc[-1]} s, gzip -dc ${t_gzip[-1]} s, zlib-rs gunzip ${t_zrs[-1]} s"
done
echo "$ztoc_line"
ztoc_size=$(stat -c %s "$work/layer.ztoc")
spans=$(echo "$ztoc_line" | sed -n 's/.* \([0-9]*\) spans.*/\1/p')
python3 - "$size" "$usize" "$ztoc_size" "$spans" "${t_ztoc[*]}" "${t_gzip[*]}" "${t_zrs[*]}" <<'PY'
import statistics, sys
size, usize, zsize, spans = (int(x) for x in sys.argv[1:5])
z, g, r = ([float(x) for x in a.split()] for a in sys.argv[5:8])
mz, mg, mr = statistics.median(z), statistics.median(g), statistics.median(r)
mb = lambda t: usize / t / 1e6
print(f"median times: ztoc build {mz:.2f} s, gzip -dc {mg:.2f} s, zlib-rs gunzip {mr:.2f} s")
print(f"throughput (uncompressed MB/s): ztoc {mb(mz):.0f}, gzip -dc {mb(mg):.0f}, zlib-rs gunzip {mb(mr):.0f}"
      f" (compressed: ztoc {size/mz/1e6:.0f}, gzip -dc {size/mg/1e6:.0f}, zlib-rs {size/mr/1e6:.0f})")
print(f"ratio ztoc/gunzip time: {mz/mg:.2f} vs gzip -dc, {mz/mr:.2f} vs zlib-rs")
print(f"ztoc: {zsize} bytes = {100*zsize/size:.2f}% of the layer; {spans} spans, {zsize/max(spans,1)/1024:.1f} KiB per span")
PY

echo "== end to end: linnet image convert --soci of a 3-layer image of such layers"
"$linnet" system start >/dev/null
# One layer per directory: the first three candidates (each a few hundred MB).
rm -f "$layer" "$work/layer.ztoc"
python3 bench/mkimage.py "$work/image.tar" $(printf "/%s " "${dirs[@]:0:3}") >/dev/null
python3 -c "
import json; m = json.load(open('$work/image.json'))
print('image: %d layers, %s MB compressed' % (len(m['layers']), ' + '.join(str(round(l['size']/1e6,1)) for l in m['layers'])))"
"$linnet" load -q -i "$work/image.tar" >/dev/null
rm -f "$work/image.tar"
cpu() { awk '/^cpu / {idle=$5+$6; total=0; for (i=2;i<=NF;i++) total+=$i; print total, idle}' /proc/stat; }
per_cpu() { awk '/^cpu[0-9]/ {idle=$5+$6; total=0; for (i=2;i<=NF;i++) total+=$i; print $1, total, idle}' /proc/stat; }
read -r t0 i0 < <(cpu)
per0=$(per_cpu)
samples=$work/samples
: >"$samples"
(
  read -r pt pi < <(cpu)
  while sleep 0.5; do
    read -r t i < <(cpu)
    [ "$t" -gt "$pt" ] && calc "round(100*(1-($i-$pi)/($t-$pt)))" >>"$samples"
    pt=$t; pi=$i
  done
) &
sampler=$!
start=$(now)
"$linnet" image convert --soci bench/multilayer:v1 bench/multilayer:soci 2>/dev/null | tee "$work/convert.out" | sed 's/^/  /'
elapsed=$(calc "$(now)-$start")
layer_secs=$(grep -o '[0-9.]*s)$' "$work/convert.out" | tr -d 's)' | awk '{s+=$1} END {print s+0}')
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
read -r t1 i1 < <(cpu)
per1=$(per_cpu)
ncpu=$(nproc)
echo "convert: $(calc "round($elapsed,2)") s on $ncpu CPUs; per-layer ztoc times add up to $layer_secs s (parallel speedup $(calc "round($layer_secs/$elapsed,2)"))"
echo "CPU utilisation during convert (all CPUs, /proc/stat): $(calc "round(100*(1-($i1-$i0)/($t1-$t0)))")% (100% = all $ncpu busy)"
paste <(echo "$per0") <(echo "$per1") | awk '{ printf "  %s busy %d%%\n", $1, 100*(1-($6-$3)/($5-$2)) }'
echo "  0.5 s samples (% of all CPUs): $(tr '\n' ' ' <"$samples")"
