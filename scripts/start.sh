#!/usr/bin/env bash
# Sets up what is needed and starts 督办台账 with the built-in plan.
# Until the desktop window lands, this builds the `taizhang` command line, creates the ledger
# with the built-in plan and shows it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cargo build --release --bin taizhang
BIN=target/release/taizhang
DB="${TAIZHANG_DB:-}"
ARGS=()
if [ -n "$DB" ]; then ARGS=(--db "$DB"); fi
"$BIN" "${ARGS[@]}" init
"$BIN" "${ARGS[@]}" lists
"$BIN" "${ARGS[@]}" tasks --list annual-2018
echo
echo "更多用法：$BIN --help"
