#!/usr/bin/env bash
# Runs every test: the core and the CLI (cargo test), the front end's logic (Vitest), the
# commands layer on tauri's mock runtime, the real app end to end under Xvfb through WebDriver,
# and the Windows cross-build (it must compile and link).
# Run scripts/install-deps.sh first on a fresh machine (.ci/run does).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

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

step "Windows 交叉编译（x86_64-pc-windows-gnu）"
cargo build --locked -p taizhang-app --target x86_64-pc-windows-gnu
ls -l "${CARGO_TARGET_DIR:-target}/x86_64-pc-windows-gnu/debug/taizhang-app.exe"

step "全部测试通过"
