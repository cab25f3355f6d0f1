#!/usr/bin/env bash
# Memory and start-up of the window against an empty Tauri window with the same WebKitGTK (the
# floor), in one run under Xvfb through WebDriver. Builds both in release first. Prints figures
# and ratios; asserts nothing (not run in CI). Usage: bash scripts/bench-window.sh
# Environment: BENCH_STARTS (5), BENCH_SWITCHES (200), BENCH_EDITS (20); BENCH_NO_BUILD=1 uses
# the binaries as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"

if [ "${1:-}" != --inner ]; then
  if [ -z "${BENCH_NO_BUILD:-}" ]; then
    (cd ui && npx vite build >/dev/null)
    cargo build --release --locked -p taizhang-app --bin taizhang-app
    cargo build --release --locked -p taizhang-app --features bench --bin blank-window
  fi
  command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: cargo install tauri-driver --locked" >&2; exit 1; }
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  export TAIZHANG_APP="${TAIZHANG_APP:-$TARGET/release/taizhang-app}" BLANK_WINDOW="${BLANK_WINDOW:-$TARGET/release/blank-window}"
  export TAIZHANG_DB="$WORK/data/ledger.db"
  export XDG_DATA_HOME="$WORK/xdg/data" XDG_CONFIG_HOME="$WORK/xdg/config" XDG_CACHE_HOME="$WORK/xdg/cache"
  echo "app: $TAIZHANG_APP"
  echo "floor: $BLANK_WINDOW"
  xvfb-run -a -s "-screen 0 1366x850x24" bash "$0" --inner
  exit $?
fi

tauri-driver --port 4444 >"$WORK/tauri-driver.log" 2>&1 &
TD_PID=$!
trap 'kill $TD_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s http://127.0.0.1:4444/status >/dev/null 2>&1 && break; sleep 0.1; done
cd ui && node bench/window.bench.mjs
