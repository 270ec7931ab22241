#!/usr/bin/env bash
# The installed C library, as a user gets it: the README's c-install block (build.ps1 Install into
# $HOME/.local, a consumer built with pkg-config) under a throw-away HOME, then
#   - readelf -d: the installed library's SONAME is libkr_jwt.so.<major>; the links are in place;
#   - a program built with `pkg-config --cflags --libs kr_jwt` (rpath = the prefix's lib/),
#   - programs built with CMake find_package(KrJwt) (KrJwt::kr_jwt and KrJwt::kr_jwt_static),
#   - a program linked statically (`pkg-config --static --libs kr_jwt`, -lkr_jwt taken from libkr_jwt.a),
# each checking the header's version macros against kr_jwt_version() and issuing and validating a token
# (tests/c/install/consumer.c). The dynamic ones must load the library from the prefix, never from target/;
# the static ones must not need it at all. Called by tests/c/run.sh; a missing tool (pwsh, pkg-config, cmake,
# readelf, ldd) fails the test.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/tests/c/install"
passed=0
failed=0
pass() { echo "   ok: $*"; passed=$((passed + 1)); }
fail() { echo "   FAILED: $*" >&2; failed=$((failed + 1)); }
die() { echo "install test: error: $*" >&2; echo "Install: $passed passed, $((failed + 1)) failed"; exit 1; }

[[ -x "$ROOT/.tools/pwsh" ]] || die "$ROOT/.tools/pwsh not found (run tools/bootstrap.sh)"
for tool in pkg-config cmake readelf ldd cc gcc; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed (tools/versions.txt; run tools/bootstrap.sh)"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/krjwt-install-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# The README's C install block, run as written at the repository root with a throw-away HOME: it installs
# into $HOME/.local and builds and runs a consumer with pkg-config.
BLOCK="$(awk '/^<!-- readme-block: c-install/ { marked = 1; next }
    marked && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$ROOT/README.md")"
[[ -n "$BLOCK" ]] || die "README.md has no code block marked 'readme-block: c-install'"
mkdir -p "$WORK/home"
PREFIX="$WORK/home/.local"
echo "== README c-install block (HOME=$WORK/home):"
printf '%s\n' "$BLOCK" | sed 's/^/   | /'
# cargo and rustup keep their homes (toolchain, registry configuration) when HOME moves.
if (cd "$ROOT" && env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" HOME="$WORK/home" bash -euo pipefail -c "$BLOCK") \
    >"$WORK/install.log" 2>&1; then
    pass "README c-install block runs as written"
else
    cat "$WORK/install.log" >&2
    die "the README c-install block failed"
fi
grep -E '==> installed|install consumer:' "$WORK/install.log" | sed 's/^/   /' || true

VERSION="$(sed -n 's/^#define KR_JWT_VERSION_STRING "\(.*\)"$/\1/p' "$PREFIX/include/kr_jwt.h")"
MAJOR="${VERSION%%.*}"
[[ -n "$VERSION" ]] || die "no KR_JWT_VERSION_STRING in the installed header"
LIB="$PREFIX/lib"

echo "== installed layout (version $VERSION)"
for f in include/kr_jwt.h "lib/libkr_jwt.so.$VERSION" lib/libkr_jwt.a lib/pkgconfig/kr_jwt.pc \
    lib/cmake/KrJwt/KrJwtConfig.cmake lib/cmake/KrJwt/KrJwtConfigVersion.cmake \
    "lib/debug/libkr_jwt.so.$VERSION.debug" share/doc/kr_jwt/LICENSE share/doc/kr_jwt/c-abi.md; do
    if [[ -f "$PREFIX/$f" ]]; then pass "$f"; else fail "$f is missing"; fi
done
[[ "$(readlink "$LIB/libkr_jwt.so.$MAJOR")" == "libkr_jwt.so.$VERSION" ]] \
    && pass "libkr_jwt.so.$MAJOR -> libkr_jwt.so.$VERSION" || fail "link libkr_jwt.so.$MAJOR: $(readlink "$LIB/libkr_jwt.so.$MAJOR" || echo none)"
[[ "$(readlink "$LIB/libkr_jwt.so")" == "libkr_jwt.so.$MAJOR" ]] \
    && pass "libkr_jwt.so -> libkr_jwt.so.$MAJOR" || fail "link libkr_jwt.so: $(readlink "$LIB/libkr_jwt.so" || echo none)"
soname_line="$(readelf -d "$LIB/libkr_jwt.so.$VERSION" | grep SONAME || true)"
echo "   readelf -d: ${soname_line# }"
[[ "$soname_line" == *"Library soname: [libkr_jwt.so.$MAJOR]"* ]] && pass "SONAME libkr_jwt.so.$MAJOR" || fail "SONAME: '$soname_line'"
if readelf -S "$LIB/libkr_jwt.so.$VERSION" | grep -q '\.debug_info'; then
    fail "the installed shared library is not stripped"
else
    pass "shared library stripped ($(stat -c %s "$LIB/libkr_jwt.so.$VERSION") bytes; built $(stat -c %s "$ROOT/target/release/libkr_jwt.so"))"
fi
readelf -S "$LIB/libkr_jwt.so.$VERSION" | grep -q '\.gnu_debuglink' && pass ".gnu_debuglink to its symbols" || fail "no .gnu_debuglink"

export PKG_CONFIG_PATH="$LIB/pkgconfig"
[[ "$(pkg-config --modversion kr_jwt)" == "$VERSION" ]] && pass "pkg-config --modversion kr_jwt = $VERSION" \
    || fail "pkg-config --modversion kr_jwt: $(pkg-config --modversion kr_jwt 2>&1)"

# A dynamically linked program must record libkr_jwt.so.<major> and resolve it inside the prefix.
check_dynamic() {
    local prog="$1" how="$2" needed resolved
    needed="$(readelf -d "$prog" | sed -n 's/.*Shared library: \[\(libkr_jwt[^]]*\)\].*/\1/p')"
    [[ "$needed" == "libkr_jwt.so.$MAJOR" ]] && pass "$how: NEEDED $needed" || fail "$how: NEEDED '$needed'"
    resolved="$(env -u LD_LIBRARY_PATH ldd "$prog" | sed -n 's/.*libkr_jwt[^ ]* => \([^ ]*\).*/\1/p')"
    [[ "$resolved" == "$LIB/"* ]] && pass "$how: loads $resolved" || fail "$how: loads '$resolved', not from $LIB"
    env -u LD_LIBRARY_PATH "$prog" "$how" && pass "$how: runs" || fail "$how: exited $?"
}
check_static() {
    local prog="$1" how="$2"
    if readelf -d "$prog" | grep -q 'libkr_jwt'; then fail "$how: still needs libkr_jwt.so"; else pass "$how: no libkr_jwt.so needed"; fi
    env -u LD_LIBRARY_PATH "$prog" "$how" && pass "$how: runs" || fail "$how: exited $?"
}

echo "== pkg-config: the README's consumer, and one built with -Wall -Wextra -Werror"
check_dynamic "$PREFIX/bin/kr_jwt_consumer" "pkg-config (README)"
# shellcheck disable=SC2046
if gcc -std=c11 -Wall -Wextra -Werror "$SRC/consumer.c" $(pkg-config --cflags --libs kr_jwt) \
    -Wl,-rpath,"$(pkg-config --variable=libdir kr_jwt)" -o "$WORK/consumer_pkgconfig"; then
    check_dynamic "$WORK/consumer_pkgconfig" pkg-config
else
    fail "pkg-config build"
fi

echo "== static: gcc consumer.c \$(pkg-config --static --libs kr_jwt), -lkr_jwt from libkr_jwt.a"
static_libs="$(pkg-config --static --libs kr_jwt)"
echo "   pkg-config --static --libs kr_jwt: $static_libs"
# shellcheck disable=SC2086
if gcc -std=c11 -Wall -Wextra -Werror "$SRC/consumer.c" $(pkg-config --cflags kr_jwt) \
    ${static_libs/-lkr_jwt/-Wl,-Bstatic -lkr_jwt -Wl,-Bdynamic} -o "$WORK/consumer_static"; then
    check_static "$WORK/consumer_static" static
else
    fail "static build"
fi

echo "== CMake: find_package(KrJwt 0.1) with CMAKE_PREFIX_PATH=$PREFIX"
if cmake -S "$SRC" -B "$WORK/cmake-build" -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_BUILD_TYPE=Release \
        >"$WORK/cmake.log" 2>&1 \
    && cmake --build "$WORK/cmake-build" >>"$WORK/cmake.log" 2>&1; then
    check_dynamic "$WORK/cmake-build/consumer_cmake" "cmake KrJwt::kr_jwt"
    check_static "$WORK/cmake-build/consumer_cmake_static" "cmake KrJwt::kr_jwt_static"
else
    cat "$WORK/cmake.log" >&2
    fail "CMake configure/build"
fi
# A version the package cannot satisfy must be refused: the next minor (before 1.0 a minor may break the ABI,
# so 0.<minor> accepts only 0.<minor>.x; from 1.0 a newer minor is simply not installed).
MINOR="${VERSION#*.}"
MINOR="${MINOR%%.*}"
WANT="$MAJOR.$((MINOR + 1))"
mkdir -p "$WORK/cmake-other-src"
cat >"$WORK/cmake-other-src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(other NONE)
find_package(KrJwt $WANT QUIET)
if(KrJwt_FOUND)
  message(FATAL_ERROR "find_package(KrJwt $WANT) accepted KrJwt $VERSION")
endif()
CMAKE
if cmake -S "$WORK/cmake-other-src" -B "$WORK/cmake-other" -DCMAKE_PREFIX_PATH="$PREFIX" >"$WORK/cmake-other.log" 2>&1; then
    pass "find_package(KrJwt $WANT) refuses $VERSION"
else
    cat "$WORK/cmake-other.log" >&2
    fail "find_package(KrJwt $WANT) accepted $VERSION"
fi

echo "Install: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
