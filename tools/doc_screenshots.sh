#!/usr/bin/env bash
# Renders the first page of each sample document (examples/documents.rs) with LibreOffice into
# docs/screenshots/: doc-notice-dubn.png, doc-notice-cuiban.png, doc-bulletin.png.
# Needs libreoffice-writer and poppler-utils (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run -q --example documents -- "$work/docs" >/dev/null
for f in "$work"/docs/*.docx; do
  FONTCONFIG_FILE="$PWD/tests/support/fonts.conf" soffice -env:UserInstallation="file://$work/lo-profile" \
    --headless --convert-to pdf --outdir "$work/pdf" "$f" >/dev/null
done
page1() { pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/pdf/$1.pdf" "docs/screenshots/$2"; }
page1 "区建设局-2018年11月督办通知单" doc-notice-dubn
page1 "区农水局-2018年11月催办单" doc-notice-cuiban
page1 "越城区生态文明示范创建行动方案2018年11月推进情况通报" doc-bulletin
ls -l docs/screenshots/doc-*.png
