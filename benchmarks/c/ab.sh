#!/usr/bin/env bash
# Runs benchmarks/c/ab_bench.c: this build's target/release/libkr_jwt.so (A) against another
# libkr_jwt.so (B), both loaded in one process and measured alternately. Arguments: the other library,
# then optionally the samples per row (default 41) and the rows (all | single | batch | HS256).
# KRJWT_BENCH_CPUS (e.g. 0) pins the run with taskset.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/target/c-bench"
mkdir -p "$OUT"
gcc -std=c11 -O2 -Wall -Wextra -I "$ROOT/include" "$ROOT/benchmarks/c/ab_bench.c" -ldl -lpthread -o "$OUT/ab_bench"
pin=()
if [[ -n "${KRJWT_BENCH_CPUS:-}" ]]; then pin=(taskset -c "$KRJWT_BENCH_CPUS"); fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); A = $ROOT/target/release/libkr_jwt.so, B = $1"
"${pin[@]}" "$OUT/ab_bench" "$ROOT/target/release/libkr_jwt.so" "$(realpath "$1")" "${2:-41}" "${3:-all}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
