#!/usr/bin/env bash
# KrJwt vs .NET's JsonWebTokenHandler in one process (see dotnet/Program.cs).
# Builds target/release/libkr_jwt.so, then runs the benchmark app in Release.
# Extra arguments go to the app: --seconds 1.0 --rounds 5 --alg HS256,RS256,ES256
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

(cd "$repo" && cargo build --release)
export KRJWT_NATIVE_LIB="$repo/target/release/libkr_jwt.so"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/dotnet/KrJwt.Bench.csproj" -c Release --nologo -v quiet
exec dotnet "$here/dotnet/bin/Release/net10.0/KrJwt.Bench.dll" "$@"
