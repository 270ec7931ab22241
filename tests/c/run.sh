#!/usr/bin/env bash
# Builds and runs the KrJwt C ABI test suite (tests/c/: common.c, one test_*.c per area, the runner
# kr_jwt_test.c; remote_test.c, against the test servers of tests/oidc) under valgrind.
#
# Prerequisite: `cargo build --release` (provides include/kr_jwt.h and target/release/libkr_jwt.so).
# Set KRJWT_NO_VALGRIND=1 to run the test program without valgrind.
# Exit status: 0 when every check passed and valgrind found no errors or definite leaks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

LIB_DIR="$ROOT/target/release"
OUT_DIR="$ROOT/target/c-tests"
BIN="$OUT_DIR/kr_jwt_test"

if [[ ! -f "$LIB_DIR/libkr_jwt.so" ]]; then
    echo "error: $LIB_DIR/libkr_jwt.so not found; run 'cargo build --release' first" >&2
    exit 1
fi
if [[ ! -f "$ROOT/include/kr_jwt.h" ]]; then
    echo "error: $ROOT/include/kr_jwt.h not found; run 'cargo build --release' first (cbindgen writes it)" >&2
    exit 1
fi

mkdir -p "$OUT_DIR"
# The library's SONAME is libkr_jwt.so.0 (capi/build.rs), the name the test programs record as NEEDED: a link
# of that name to target/release/libkr_jwt.so, in a folder of our own, lets them find it through their rpath.
RUN_LIB_DIR="$OUT_DIR/lib"
mkdir -p "$RUN_LIB_DIR"
ln -sfn "$LIB_DIR/libkr_jwt.so" "$RUN_LIB_DIR/libkr_jwt.so.0"
echo "== compiling tests/c/kr_jwt_test.c, common.c and test_*.c"
gcc -std=c11 -Wall -Wextra -Werror -O1 -g -I include -I tests/c \
    tests/c/kr_jwt_test.c tests/c/common.c tests/c/test_*.c \
    -L target/release -lkr_jwt -Wl,-rpath,"$RUN_LIB_DIR" -o "$BIN"

if [[ "${KRJWT_NO_VALGRIND:-0}" == "1" ]]; then
    if [[ -n "${CI:-}" && "${CI}" != "false" && "${CI}" != "0" ]]; then
        echo "error: KRJWT_NO_VALGRIND=1 under CI=true: the C suite must run under valgrind in CI" >&2
        exit 1
    fi
    echo "== running $BIN (valgrind skipped: KRJWT_NO_VALGRIND=1)"
    rc=0
    "$BIN" || rc=$?
    if [[ $rc -ne 0 ]]; then
        echo "== FAILED: test program exited with status $rc" >&2
        exit 1
    fi
    echo "== PASSED (without valgrind)"
    exit 0
fi

if ! command -v valgrind >/dev/null 2>&1; then
    echo "error: valgrind not installed; install it or set KRJWT_NO_VALGRIND=1 to skip it" >&2
    exit 1
fi

VG_LOG="$OUT_DIR/valgrind.log"
echo "== running $BIN under valgrind (log: $VG_LOG)"
rc=0
valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 --quiet \
    --log-file="$VG_LOG" "$BIN" || rc=$?

# With --quiet, valgrind logs only errors and leak records; exit status 3 means errors or definite leaks.
if [[ $rc -eq 3 ]]; then
    echo "== valgrind: FAILED (memory errors or definite leaks):"
    cat "$VG_LOG"
    echo "== FAILED: valgrind found memory errors or definite leaks" >&2
    exit 3
fi
if grep -q '[^[:space:]]' "$VG_LOG"; then
    echo "== valgrind: no memory errors, no definite leaks; non-fatal notes:"
    cat "$VG_LOG"
else
    echo "== valgrind: clean (no memory errors, no leaks reported)"
fi
if [[ $rc -ne 0 ]]; then
    echo "== FAILED: test program exited with status $rc" >&2
    exit 1
fi

# Remote key sources (tests/c/remote_test.c) against tests/oidc/'s provider and fault server, under valgrind.
# The servers are started here on free loopback ports and stopped on exit, failure included.
REMOTE_BIN="$OUT_DIR/remote_test"
echo "== compiling tests/c/remote_test.c"
gcc -std=c11 -Wall -Wextra -Werror -O1 -g -I include tests/c/remote_test.c \
    -L target/release -lkr_jwt -lpthread -Wl,-rpath,"$RUN_LIB_DIR" -o "$REMOTE_BIN"
SERVER_PIDS=()
stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT
# Starts tests/oidc/<script> and stores its JSON ready line in the variable named by $2.
start_server() {
    local script="$1" out="$OUT_DIR/${1%.mjs}.out"
    : >"$out"
    node "$ROOT/tests/oidc/$script" --ignore-stdin >"$out" 2>"$OUT_DIR/${1%.mjs}.err" &
    SERVER_PIDS+=("$!")
    for _ in $(seq 200); do
        if [[ -s "$out" ]] && head -1 "$out" | grep -q '}$'; then
            printf -v "$2" '%s' "$(head -1 "$out")"
            return 0
        fi
        sleep 0.1
    done
    echo "error: tests/oidc/$script did not print its ready line (see $OUT_DIR/${1%.mjs}.err)" >&2
    return 1
}
export KRJWT_PROVIDER_READY="" KRJWT_FAULTS_READY=""
if command -v node >/dev/null 2>&1 && [[ -d "$ROOT/tests/oidc/node_modules/oidc-provider" ]]; then
    start_server provider.mjs KRJWT_PROVIDER_READY
    start_server faults.mjs KRJWT_FAULTS_READY
elif [[ -n "${CI:-}" && "${CI}" != "false" && "${CI}" != "0" ]]; then
    echo "error: node or tests/oidc/node_modules missing under CI=true (run tools/bootstrap.sh)" >&2
    exit 1
else
    echo "== note: node or tests/oidc/node_modules missing: remote tests run without the servers"
fi
REMOTE_LOG="$OUT_DIR/valgrind-remote.log"
echo "== running $REMOTE_BIN under valgrind (log: $REMOTE_LOG)"
rc=0
if [[ "${KRJWT_NO_VALGRIND:-0}" == "1" ]]; then
    "$REMOTE_BIN" || rc=$?
else
    valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 --quiet \
        --log-file="$REMOTE_LOG" "$REMOTE_BIN" || rc=$?
fi
stop_servers
SERVER_PIDS=()
if [[ $rc -eq 3 ]]; then
    echo "== valgrind: FAILED (memory errors or definite leaks):"
    cat "$REMOTE_LOG"
    exit 3
fi
if [[ $rc -ne 0 ]]; then
    echo "== FAILED: remote test program exited with status $rc" >&2
    exit 1
fi
if [[ -s "$REMOTE_LOG" ]]; then
    echo "== valgrind (remote): no memory errors, no definite leaks; non-fatal notes:"
    cat "$REMOTE_LOG"
else
    echo "== valgrind (remote): clean"
fi

# Resident memory over 100 000 build/validate/free cycles (no valgrind: it would distort RSS).
RSS_BIN="$OUT_DIR/rss_test"
echo "== compiling tests/c/rss_test.c"
gcc -std=c11 -Wall -Wextra -Werror -O1 -g -I include tests/c/rss_test.c \
    -L target/release -lkr_jwt -Wl,-rpath,"$RUN_LIB_DIR" -o "$RSS_BIN"
"$RSS_BIN" || { echo "== FAILED: resident memory grew or a cycle failed" >&2; exit 1; }

# The installed library: build.ps1 Install to a temporary prefix, then programs built with pkg-config, CMake
# find_package(KrJwt) and a static link (tests/c/install_test.sh).
bash "$ROOT/tests/c/install_test.sh" || { echo "== FAILED: install test" >&2; exit 1; }
echo "== PASSED"
