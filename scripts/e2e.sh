#!/usr/bin/env bash
# End-to-end tests of the desktop app: the built binary under Xvfb, driven through WebDriver
# (tauri-driver + WebKitWebDriver). Expects the app and the CLI built (scripts/test.sh does it).
# Screenshots of every page land in ui/e2e/shots/.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
export TAIZHANG_APP="$TARGET/debug/taizhang-app"
export TAIZHANG_CLI="$TARGET/debug/taizhang"
if [ "${1:-}" != --inner ]; then
  WORK=$(mktemp -d)
  export TAIZHANG_DB="$WORK/data/ledger.db"
  export TAIZHANG_E2E_DIALOGS="$WORK/dialogs"
  # The opener writes what it would open here instead of starting Excel or a file manager.
  export TAIZHANG_E2E_OPENER="$WORK/opener.log"
  # A fresh profile for the window too (WebKit's storage), so earlier runs leave nothing behind.
  export XDG_DATA_HOME="$WORK/xdg/data" XDG_CONFIG_HOME="$WORK/xdg/config" XDG_CACHE_HOME="$WORK/xdg/cache"
fi
export E2E_SHOTS="$PWD/ui/e2e/shots"
mkdir -p "$TAIZHANG_E2E_DIALOGS" "$E2E_SHOTS"

PATH="$HOME/.cargo/bin:$PATH"
command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: cargo install tauri-driver --locked" >&2; exit 1; }

cleanup() {
  [ -n "${TD_PID:-}" ] && kill "$TD_PID" 2>/dev/null || true
  pkill -f "$TAIZHANG_APP" 2>/dev/null || true
  if [ "${1:-}" != --inner ]; then rm -rf "$WORK"; fi
}
trap 'cleanup "$@"' EXIT

if [ "${1:-}" = --inner ]; then
  # Inside the virtual display: the driver, then the tests. The app inherits the driver's
  # environment. WebKitWebDriver's screenshot hangs when WebKit's accelerated compositing is off,
  # which the app sets on Linux: app.e2e.mjs runs with it on (0 keeps it), and paint.e2e.mjs then
  # checks the window as shipped by capturing the display.
  WEBKIT_DISABLE_COMPOSITING_MODE=0 tauri-driver --port 4444 >"$WORK/tauri-driver.log" 2>&1 &
  TD_PID=$!
  for _ in $(seq 1 100); do curl -s http://127.0.0.1:4444/status >/dev/null 2>&1 && break; sleep 0.1; done
  (cd ui && node --test --test-concurrency=1 e2e/app.e2e.mjs)
  kill "$TD_PID" 2>/dev/null || true
  wait "$TD_PID" 2>/dev/null || true
  # Other ports: the first driver's may still be held by closing connections.
  env -u WEBKIT_DISABLE_COMPOSITING_MODE tauri-driver --port 4446 --native-port 4447 >>"$WORK/tauri-driver.log" 2>&1 &
  TD_PID=$!
  for _ in $(seq 1 100); do curl -s http://127.0.0.1:4446/status >/dev/null 2>&1 && break; sleep 0.1; done
  cd ui && env -u WEBKIT_DISABLE_COMPOSITING_MODE WEBDRIVER_URL=http://127.0.0.1:4446 node --test e2e/paint.e2e.mjs
  exit $?
fi
export WORK
xvfb-run -a -s "-screen 0 1366x850x24" bash "$0" --inner || { cat "$WORK/tauri-driver.log" >&2 2>/dev/null || true; exit 1; }
