#!/usr/bin/env bash
# Runs every test: the core and the CLI (cargo test), the front end's logic (Vitest), the
# commands layer on tauri's mock runtime, the real app end to end under Xvfb through WebDriver,
# and the Windows delivery: installer and portable zip built (scripts/build-windows.sh) and tried
# under Wine (scripts/test-windows.sh).
# It first installs what is missing (scripts/install-deps.sh; quick when all is there), so that
# it runs on a fresh machine; TAIZHANG_SKIP_DEPS=1 skips that (.ci/run installs before timing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TAIZHANG_SKIP_DEPS:-}" ]; then
  bash scripts/install-deps.sh
fi
export PATH="$HOME/.cargo/bin:$PATH"

# Each step prints how long the one before it took.
STEP_NAME=""
STEP_START=$SECONDS
step() {
  if [ -n "$STEP_NAME" ]; then printf '    （%s：用时 %d 秒）\n' "$STEP_NAME" "$((SECONDS - STEP_START))"; fi
  STEP_NAME=$*
  STEP_START=$SECONDS
  printf '\n==> %s\n' "$*"
}

step "核心库与命令行（cargo test）"
cargo test --locked --all-targets

step "前端类型与 Rust 类型一致（ts-rs）"
bash scripts/gen-types.sh --check

step "前端逻辑（Vitest）与前端构建"
(cd ui && npx vitest run && npx vue-tsc --noEmit && npx vite build)

step "命令层（tauri 模拟运行时）"
cargo test --locked -p taizhang-app

# After the tests above: `cargo test` links the app with tauri's `test` feature, the window needs
# the real one.
step "桌面程序（Tauri）构建"
cargo build --locked -p taizhang-app --bin taizhang-app

step "端到端（Xvfb + tauri-driver + WebKitWebDriver）"
bash scripts/e2e.sh

step "Windows 安装包与便携版（交叉编译 release，makensis，zip）"
bash scripts/build-windows.sh

step "Windows 检查（Wine + Xvfb）"
bash scripts/test-windows.sh

step "全部测试通过（合计 $((SECONDS / 60)) 分 $((SECONDS % 60)) 秒）"
