#!/usr/bin/env bash
# Fuzzes linnet's parsers of untrusted bytes on stable Rust: ITERATIONS seeded mutations per
# target (default 100000), release build in its own target dir so target/release is untouched.
# Extra arguments go to linnet-fuzz (--seed N, --seconds S per target, --target NAME, --out DIR).
# Findings (panicking or >1 s inputs) land in $FUZZ_OUT (default /work/target-fuzz/findings).
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-100000}
shift || true
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-fuzz}
out=${FUZZ_OUT:-$CARGO_TARGET_DIR/findings}
cargo build --release -p linnet-fuzz --bin linnet-fuzz
exec "$CARGO_TARGET_DIR/release/linnet-fuzz" --iterations "$iterations" --out "$out" "$@"
