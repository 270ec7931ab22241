#!/usr/bin/env bash
# Runs benchmarks/c/validate_bench.c against this build's target/release/libkr_jwt.so and against each
# other libkr_jwt.so given as an argument, interleaved (A B A B …) so that the machine's load falls on
# both alike. KRJWT_BENCH_ROUNDS (default 3) interleaved runs; KRJWT_BENCH_ONLY=single|batch|all;
# KRJWT_BENCH_CPUS (e.g. 0 or 0,1) pins the runs with taskset.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/target/c-bench"
mkdir -p "$OUT"
libs=("$ROOT/target/release/libkr_jwt.so" "$@")
for i in "${!libs[@]}"; do
    mkdir -p "$OUT/lib$i"
    ln -sfn "$(realpath "${libs[$i]}")" "$OUT/lib$i/libkr_jwt.so.0"
    ln -sfn "$(realpath "${libs[$i]}")" "$OUT/lib$i/libkr_jwt.so"
    gcc -std=c11 -O2 -I "$ROOT/include" "$ROOT/benchmarks/c/validate_bench.c" \
        -L "$OUT/lib$i" -lkr_jwt -Wl,-rpath,"$OUT/lib$i" -o "$OUT/bench$i"
done
pin=()
if [[ -n "${KRJWT_BENCH_CPUS:-}" ]]; then pin=(taskset -c "$KRJWT_BENCH_CPUS"); fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "${KRJWT_BENCH_ROUNDS:-3}"); do
    for i in "${!libs[@]}"; do
        "${pin[@]}" "$OUT/bench$i" "${KRJWT_BENCH_ONLY:-all}" | sed "s|^|round$round lib$i |"
    done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
