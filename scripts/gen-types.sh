#!/usr/bin/env bash
# Generates the window's TypeScript types and labels from the Rust ones (ts-rs) into
# ui/src/bindings/. With --check, fails when the checked-in files are not current (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
rm -rf ui/src/bindings
cargo test --locked --quiet --features ts --lib export_bindings >/dev/null
(cd ui/src/bindings && for f in *.ts; do [ "$f" = index.ts ] || [ "$f" = labels.ts ] || echo "export type * from './${f%.ts}'"; done) > ui/src/bindings/index.ts
if [ "${1:-}" = --check ]; then
  if ! git diff --quiet --exit-code -- ui/src/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/bindings)" ]; then
    git --no-pager diff --stat -- ui/src/bindings
    echo "ui/src/bindings 与 Rust 类型不一致：请运行 bash scripts/gen-types.sh 并提交生成的文件。" >&2
    exit 1
  fi
  echo "ui/src/bindings 与 Rust 类型一致。"
fi
