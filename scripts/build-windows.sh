#!/usr/bin/env bash
# Builds what a Windows user gets, on Linux, with no network:
#   dist/督办台账-<version>-setup.exe        per-user installer (Debian's makensis, windows/installer.nsi)
#   dist/督办台账-<version>-windows-x64.zip  portable build (the two .exe, WebView2Loader.dll, 使用说明.txt)
# The app (taizhang-app.exe, the window) and the CLI (taizhang.exe) are cross-compiled in ONE cargo
# invocation for x86_64-pc-windows-gnu with the `dist` profile (release, stripped).
# Needs what scripts/install-deps.sh installs (mingw-w64, nsis, the Rust target, ui/node_modules).
# Honours CARGO_TARGET_DIR. scripts/test-windows.sh then tries both artefacts under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

TARGET=x86_64-pc-windows-gnu
PROFILE=dist
TARGET_DIR=${CARGO_TARGET_DIR:-target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
OUT_DIR="$TARGET_DIR/$TARGET/$PROFILE"
PRODUCT=督办台账

step_start=0
step() { step_start=$SECONDS; printf '\n==> %s\n' "$*"; }
step_done() { printf '    （用时 %d 秒）\n' "$((SECONDS - step_start))"; }
die() { echo "错误：$*" >&2; exit 1; }

step "检查构建工具"
for tool in x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres makensis python3 npx cargo; do
  command -v "$tool" >/dev/null 2>&1 || die "缺少 $tool。请先运行 bash scripts/install-deps.sh。"
done
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$TARGET"; then
  die "缺少 Rust 目标 $TARGET。请先运行 bash scripts/install-deps.sh（或 rustup target add $TARGET）。"
fi
[ -d ui/node_modules ] || die "缺少前端依赖 ui/node_modules。请先运行 bash scripts/install-deps.sh。"
# One version for both programs: the CLI takes Cargo.toml's, the app tauri.conf.json's.
VERSION=$(python3 - <<'EOF'
import json, tomllib
core = tomllib.load(open("Cargo.toml", "rb"))["package"]["version"]
app = json.load(open("src-tauri/tauri.conf.json", encoding="utf-8"))["version"]
if core != app:
    raise SystemExit(f"版本号不一致：Cargo.toml 为 {core}，src-tauri/tauri.conf.json 为 {app}。请改成同一个版本号。")
print(core)
EOF
)
echo "版本 $VERSION，目标 $TARGET，输出 $OUT_DIR"
step_done

step "前端构建（ui/dist，嵌入窗口程序）"
(cd ui && npx vite build --logLevel warn)
step_done

step "交叉编译 taizhang-app.exe 与 taizhang.exe（$TARGET，$PROFILE 配置）"
cargo build --locked --profile "$PROFILE" --target "$TARGET" \
  -p taizhang --bin taizhang -p taizhang-app --bin taizhang-app
step_done

step "整理文件"
STAGE_ROOT="$TARGET_DIR/windows-stage"
STAGE="$STAGE_ROOT/$PRODUCT-$VERSION"
rm -rf "$STAGE_ROOT"
mkdir -p "$STAGE"
cp "$OUT_DIR/taizhang-app.exe" "$OUT_DIR/taizhang.exe" "$STAGE/"
# The app imports WebView2Loader.dll (the -gnu target cannot link Microsoft's static loader).
# Take it from the webview2-com-sys crate the lock file names, not from whatever build dir is newest.
LOADER=$(cargo metadata --locked --format-version 1 --filter-platform "$TARGET" | python3 -c '
import json, os, sys
pkgs = [p for p in json.load(sys.stdin)["packages"] if p["name"] == "webview2-com-sys"]
if len(pkgs) != 1:
    raise SystemExit("webview2-com-sys: expected one version in the lock file, found %d" % len(pkgs))
print(os.path.join(os.path.dirname(pkgs[0]["manifest_path"]), "x64", "WebView2Loader.dll"))')
[ -f "$LOADER" ] || die "找不到 WebView2Loader.dll：$LOADER"
cp "$LOADER" "$STAGE/WebView2Loader.dll"
# Text files for Windows: UTF-8 with BOM (Notepad and WPS read it whatever the code page), CRLF.
python3 - "$VERSION" "$STAGE" <<'EOF'
import sys
version, stage = sys.argv[1], sys.argv[2]
def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")
notes = open("windows/使用说明.txt", encoding="utf-8").read().replace("@VERSION@", version)
open(f"{stage}/使用说明.txt", "wb").write(b"\xef\xbb\xbf" + crlf(notes).encode("utf-8"))
# The launcher stays ASCII without BOM: cmd.exe reads batch files in the console code page.
launcher = open("windows/用本文件夹的账本打开.cmd", encoding="ascii").read()
open(f"{stage}/用本文件夹的账本打开.cmd", "wb").write(crlf(launcher).encode("ascii"))
EOF
ls -l "$STAGE"
step_done

step "安装包（makensis）"
mkdir -p dist
SETUP="dist/$PRODUCT-$VERSION-setup.exe"
rm -f "$SETUP"
makensis -V2 -WX -DVERSION="$VERSION" -DSTAGE="$STAGE" -DOUTFILE="$ROOT/$SETUP" \
  -DICON="$ROOT/src-tauri/icons/icon.ico" windows/installer.nsi
step_done

step "便携版（zip）"
ZIP="dist/$PRODUCT-$VERSION-windows-x64.zip"
rm -f "$ZIP"
python3 - "$STAGE" "$ZIP" <<'EOF'
import os, sys, time, zipfile
stage, out = sys.argv[1], sys.argv[2]
top = os.path.basename(stage)
# Entry times from SOURCE_DATE_EPOCH when set, for a reproducible archive.
stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))[:6]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted(os.listdir(stage)):
        info = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        # Non-ASCII names get the UTF-8 flag (bit 11), which Windows 10/11 Explorer honours.
        with open(os.path.join(stage, name), "rb") as f:
            z.writestr(info, f.read())
EOF
step_done

echo
ls -l dist/
(cd dist && sha256sum "$PRODUCT-$VERSION-setup.exe" "$PRODUCT-$VERSION-windows-x64.zip")
echo "Windows 安装包与便携版已生成（用时合计 ${SECONDS} 秒）。"
