#!/usr/bin/env bash
# Installs what building and testing KrJwt needs and is missing, at the versions pinned in tools/versions.txt:
# the cargo registry setup (../shared/cargo-offline), PowerShell (dotnet global tool), Pester (NuGet, restored
# into .tools/pester), the Debian packages the tests use, and npm packages from committed package-lock.json files.
#
# Says what it found or installed, with versions, one line each. An install that fails stops it, printing the
# command that failed and its output. Idempotent: a second run only checks.
#
# Leaves .tools/pwsh: a link to the PowerShell to run build.ps1 with (the pinned global tool, or an installed
# pwsh of at least the minimum version).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="${KRJWT_SHARED:-$root/../shared}"
versions="$root/tools/versions.txt"

say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: ERROR: $*" >&2; exit 1; }

# Runs a command quietly; when it fails, prints the command and everything it printed, and stops.
run() {
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "bootstrap: FAILED (exit $rc): $*" >&2
        printf '%s\n' "$out" | sed 's/^/    /' >&2
        exit 1
    fi
}

# The pinned version of KIND NAME, from tools/versions.txt.
pinned() {
    local v
    v=$(awk -v k="$1" -v n="$2" '$1 == k && $2 == n { print $3; exit }' "$versions")
    [ -n "$v" ] || die "tools/versions.txt pins no '$1 $2'"
    printf '%s' "$v"
}

# True when dotted version $1 >= $2 (numeric, component by component).
version_at_least() {
    [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# --- toolchains the machine must already have --------------------------------------------------------------
for tool in cargo rustc dotnet gcc; do
    command -v "$tool" >/dev/null || die "'$tool' is required and not installed"
done
say "found $(rustc --version), $(cargo --version | cut -d' ' -f1-2), dotnet $(dotnet --version), $(gcc --version | head -n 1)"

if [ -x "$shared/cargo-offline/enable" ] || [ -f "$shared/cargo-offline/enable" ]; then
    run bash "$shared/cargo-offline/enable"
    say "cargo uses the offline registry in $shared/crates"
else
    say "no $shared/cargo-offline: cargo uses its configured registry"
fi

# --- Debian packages ----------------------------------------------------------------------------------------
missing=()
while read -r kind name version; do
    [ "$kind" = debian ] || continue
    have=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$name" 2>/dev/null || true)
    if [ "$have" = "installed $version" ]; then
        say "found $name $version"
    else
        missing+=("$name=$version")
    fi
done < <(grep -v '^[[:space:]]*#' "$versions")
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    command -v apt-get >/dev/null || die "apt-get is not available to install: ${missing[*]}"
    run apt-get update -qq
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    for spec in "${missing[@]}"; do
        say "installed ${spec%%=*} ${spec#*=}"
    done
fi

# --- PowerShell ---------------------------------------------------------------------------------------------
pwsh_version=$(pinned dotnet-tool PowerShell)
pwsh_minimum=$(pinned minimum pwsh)
tool_pwsh="$HOME/.dotnet/tools/pwsh"

# The version a pwsh reports, or nothing when it cannot run.
pwsh_version_of() {
    "$1" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | tr -d '\r' | tail -n 1
}

chosen=""
for candidate in "$tool_pwsh" "$(command -v pwsh || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    found=$(pwsh_version_of "$candidate")
    if [ -z "$found" ]; then
        say "found $candidate, which does not run; ignored"
    elif version_at_least "$found" "$pwsh_minimum"; then
        chosen="$candidate"
        say "found PowerShell $found at $candidate (pinned $pwsh_version, minimum $pwsh_minimum): using it"
        break
    else
        say "found PowerShell $found at $candidate, older than $pwsh_minimum: not used"
    fi
done
if [ -z "$chosen" ]; then
    if [ -e "$tool_pwsh" ]; then
        say "updating the PowerShell global tool to $pwsh_version"
        run dotnet tool update --global PowerShell --version "$pwsh_version"
    else
        say "installing PowerShell $pwsh_version (dotnet tool install --global PowerShell --version $pwsh_version)"
        run dotnet tool install --global PowerShell --version "$pwsh_version"
    fi
    found=$(pwsh_version_of "$tool_pwsh")
    [ "$found" = "$pwsh_version" ] || die "$tool_pwsh reports version '$found' after installing $pwsh_version"
    chosen="$tool_pwsh"
    say "installed PowerShell $found at $chosen"
fi
mkdir -p "$root/.tools"
ln -sfn "$chosen" "$root/.tools/pwsh"

# --- Pester -------------------------------------------------------------------------------------------------
pester_version=$(pinned nuget Pester)
pester_manifest="$root/.tools/pester/pester/$pester_version/tools/Pester.psd1"
if [ -f "$pester_manifest" ]; then
    say "found Pester $pester_version in .tools/pester"
else
    say "restoring Pester $pester_version from NuGet into .tools/pester"
    tmp=$(mktemp -d)
    cat > "$tmp/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$pester_version]" /></ItemGroup>
</Project>
XML
    run dotnet restore "$tmp/restore.csproj" --packages "$root/.tools/pester" --nologo -v quiet
    rm -rf "$tmp"
    [ -f "$pester_manifest" ] || die "the restore did not produce $pester_manifest"
    say "installed Pester $pester_version"
fi

# --- npm packages (committed package-lock.json files) -------------------------------------------------------
while read -r kind folder _; do
    [ "$kind" = npm-lock ] || continue
    dir="$root/$folder"
    [ -f "$dir/package-lock.json" ] || die "tools/versions.txt names $folder, which has no package-lock.json"
    command -v npm >/dev/null || die "npm is required for $folder and not installed"
    stamp="$dir/node_modules/.package-lock.json"
    if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ]; then
        say "found $folder/node_modules (npm ci done)"
    else
        say "installing $folder with npm ci (node $(node --version), npm $(npm --version))"
        run npm ci --prefix "$dir" --no-audit --no-fund
        say "installed $folder/node_modules from its package-lock.json"
    fi
done < <(grep -v '^[[:space:]]*#' "$versions")

say "ready: run build.ps1 with $root/.tools/pwsh"
