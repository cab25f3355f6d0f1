#!/usr/bin/env bash
# Installs what building, running and testing 督办台账 needs on Debian/Ubuntu: system packages
# (Tauri's WebKitGTK stack, Xvfb and WebKitWebDriver for the end-to-end tests, mingw-w64 and NSIS
# for the Windows build, Wine for trying it, LibreOffice for the round-trip tests), the Windows
# Rust target, tauri-driver, openpyxl, and the front end's npm packages. Safe to run again; needs
# root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
  build-essential pkg-config ca-certificates curl file
  # Tauri 2 on Linux
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev
  # The real window under a virtual display, driven through WebDriver
  xvfb xauth x11-utils at-spi2-core dbus-x11 webkit2gtk-driver
  # The Windows build (cross-compiled), its installer (makensis), and trying both under Wine,
  # headless: windows found and closed with xdotool, screenshots with ImageMagick's import
  mingw-w64 nsis wine wine64 xdotool imagemagick
  # LibreOffice re-saves filled forms in the round-trip tests and renders sheets (calc) and
  # Word documents (writer) to PDF.
  # Carlito has Calibri's metrics: LibreOffice then lays columns out as Excel does.
  libreoffice-calc libreoffice-writer fonts-noto-cjk fonts-crosextra-carlito poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if [ "$p" = libreoffice-calc ] && command -v libreoffice >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "安装系统软件包：${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "需要 Rust 工具链（cargo）。请先安装 Rust（https://rustup.rs）后重试。" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"

# openpyxl fills in forms in the round-trip tests, as another program than ours would.
if ! python3 -c "import openpyxl" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check openpyxl 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages openpyxl 2>/dev/null \
    || $SUDO apt-get install -y -qq --no-install-recommends python3-openpyxl
  python3 -c "import openpyxl"
fi

# The Windows target for the cross-compiled .exe.
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -q x86_64-pc-windows-gnu; then
  rustup target add x86_64-pc-windows-gnu
fi

# tauri-driver: the WebDriver server for Tauri apps.
if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --locked --quiet
fi

# The front end's packages, as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
