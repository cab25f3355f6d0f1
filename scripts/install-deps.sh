#!/usr/bin/env bash
# Installs the system packages the build and the tests need on Debian/Ubuntu.
# Safe to run again; needs root or sudo.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential pkg-config ca-certificates
  # LibreOffice re-saves filled forms in the round-trip tests and renders sheets to PDF.
  libreoffice-calc fonts-noto-cjk poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if [ "$p" = libreoffice-calc ] && command -v libreoffice >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# openpyxl fills in forms in the round-trip tests, as another program than ours would.
if ! python3 -c "import openpyxl" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check openpyxl 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages openpyxl 2>/dev/null \
    || $SUDO apt-get install -y -qq --no-install-recommends python3-openpyxl
  python3 -c "import openpyxl"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "需要 Rust 工具链（cargo）。请先安装 Rust：https://rustup.rs 或 apt-get install cargo" >&2
  exit 1
fi
