#!/usr/bin/env python3
"""Summarise the last `cargo bench --bench jwt` run as Markdown: criterion's median per benchmark
(target/criterion/<group>/<bench>/new/estimates.json) and the ratios measured in that same run.

Usage: python3 benchmarks/criterion-summary.py [target/criterion]
"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
medians = {}
for bench in root.glob("**/new/benchmark.json"):
    info = json.loads(bench.read_text())
    est = json.loads((bench.parent / "estimates.json").read_text())
    medians[info["full_id"]] = est["median"]["point_estimate"]  # nanoseconds

if not medians:
    sys.exit(f"no criterion results under {root}; run 'cargo bench --bench jwt' first")


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


algs = ["HS256", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"]
print("| alg | sign: KrJwt (kept signer) | sign: jsonwebtoken::encode | encode / KrJwt | "
      "validate: KrJwt | validate: jsonwebtoken::decode | decode / KrJwt |")
print("|---|---:|---:|---:|---:|---:|---:|")
for alg in algs:
    cells = [alg]
    for op in ("sign", "validate"):
        kr = medians.get(f"{op}/{alg}/kr_jwt")
        jw = medians.get(f"{op}/{alg}/jsonwebtoken")
        cells.append(fmt(kr) if kr else "—")
        cells.append(fmt(jw) if jw else "n/a")
        cells.append(f"{jw / kr:.2f}x" if kr and jw else "—")
    if any(c not in ("—", "n/a") for c in cells[1:]):
        print("| " + " | ".join(cells) + " |")

print()
print("| alg | signature only: KrJwt kept Signer | jsonwebtoken::crypto::sign | jsonwebtoken / KrJwt |")
print("|---|---:|---:|---:|")
for alg in algs:
    kr = medians.get(f"signature/{alg}/kr_jwt_signer")
    jw = medians.get(f"signature/{alg}/jsonwebtoken_crypto")
    if kr:
        print(f"| {alg} | {fmt(kr)} | {fmt(jw) if jw else 'n/a'} | {f'{jw / kr:.2f}x' if jw else '—'} |")

print()
print("| batch of 1000 tokens | validate_many | loop of validate | loop / validate_many | tokens/s (validate_many) |")
print("|---|---:|---:|---:|---:|")
for alg in algs:
    many = medians.get(f"batch1000/{alg}/validate_many")
    loop = medians.get(f"batch1000/{alg}/loop")
    if many and loop:
        print(f"| {alg} | {fmt(many)} | {fmt(loop)} | {loop / many:.2f}x | {1000 / (many / 1e9):,.0f} |")
