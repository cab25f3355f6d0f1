#!/usr/bin/env bash
# Sets up what is needed and starts the 督办台账 desktop app with the built-in plan.
# The first start creates the ledger (~/.local/share/taizhang/ledger.db, or TAIZHANG_DB).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npx vite build)
cargo build --release -p taizhang-app --bin taizhang-app
cargo build --release --bin taizhang
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
echo "命令行：$TARGET/release/taizhang --help"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "没有图形显示（DISPLAY 未设置）：在虚拟显示中启动，截图见 /tmp/taizhang-window.png" >&2
  exec xvfb-run -a -s "-screen 0 1366x850x24" bash -c \
    '"$0" & P=$!; sleep 5; import -window root /tmp/taizhang-window.png 2>/dev/null || true; wait $P' \
    "$TARGET/release/taizhang-app"
fi
exec "$TARGET/release/taizhang-app"
