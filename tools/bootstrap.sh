#!/usr/bin/env bash
# Installs what building and testing KrJwt needs and is missing, from this machine's package sources:
# the cargo registry setup (../shared/cargo-offline), PowerShell (dotnet global tool), Pester 5 (NuGet,
# restored into .tools/pester). Idempotent: a second run only checks.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="${KRJWT_SHARED:-$root/../shared}"
pester_version="${KRJWT_PESTER_VERSION:-5.7.1}"

if [ -x "$shared/cargo-offline/enable" ]; then
    bash "$shared/cargo-offline/enable"
fi

for tool in cargo dotnet gcc; do
    command -v "$tool" >/dev/null || { echo "bootstrap: '$tool' is required and not installed" >&2; exit 1; }
done
if ! command -v valgrind >/dev/null; then
    echo "bootstrap: installing valgrind"
    apt-get update -qq && apt-get install -y -qq valgrind
fi

# Independent JOSE implementations for the interop tests (Debian's PyJWT, cryptography, jwcrypto).
if ! /usr/bin/python3 -c 'import jwt, cryptography, jwcrypto' 2>/dev/null; then
    echo "bootstrap: installing python3-jwt, python3-cryptography, python3-jwcrypto"
    apt-get update -qq && apt-get install -y -qq python3-jwt python3-cryptography python3-jwcrypto >/dev/null
fi

pwsh="$HOME/.dotnet/tools/pwsh"
if ! [ -x "$pwsh" ]; then
    echo "bootstrap: installing PowerShell (dotnet global tool)"
    dotnet tool install --global PowerShell
fi
DOTNET_ROLL_FORWARD=Major "$pwsh" -NoProfile -Command '"bootstrap: PowerShell $($PSVersionTable.PSVersion)"'

if ! compgen -G "$root/.tools/pester/pester/*/tools/Pester.psd1" >/dev/null; then
    echo "bootstrap: restoring Pester $pester_version from NuGet"
    tmp=$(mktemp -d)
    cat > "$tmp/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$pester_version]" /></ItemGroup>
</Project>
XML
    dotnet restore "$tmp/restore.csproj" --packages "$root/.tools/pester" --nologo -v quiet
    rm -rf "$tmp"
fi
echo "bootstrap: Pester $(basename "$(dirname "$(dirname "$(compgen -G "$root/.tools/pester/pester/*/tools/Pester.psd1" | head -1)")")")"
