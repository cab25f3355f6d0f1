#!/usr/bin/env bash
# Runs every test: the core and the command line (cargo test).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked --all-targets
