#!/usr/bin/env bash
# Regenerates the corpus of plan documents in tests/corpus/plans/ from
# tests/support/plan_corpus.rs (raw WordprocessingML in a zip; OLE files through the cfb crate).
# tests/plan_doc.rs checks that the committed .docx files hold what that code writes, and reads
# every file of the corpus.
set -euo pipefail
cd "$(dirname "$0")/../../.."
cargo run -q --example make_plan_corpus -- tests/corpus/plans

# Files written by real office tools, when they are at hand (committed; not regenerated in CI):
# the built-in plan re-saved by LibreOffice Writer as .docx and as an old .doc, and a .docx
# encrypted with a password (MS-OFFCRYPTO agile encryption) by msoffcrypto-tool (PyPI).
OUT=tests/corpus/plans
if command -v soffice >/dev/null; then
  W=$(mktemp -d)
  trap 'rm -rf "$W"' EXIT
  for fmt in "docx:MS Word 2007 XML" doc; do
    soffice --headless "-env:UserInstallation=file://$W/profile" --convert-to "$fmt" --outdir "$W" "$OUT/builtin-plan.docx" >/dev/null
  done
  cp "$W/builtin-plan.docx" "$OUT/builtin-plan-libreoffice.docx"
  cp "$W/builtin-plan.doc" "$OUT/builtin-plan-libreoffice.doc"
fi
if command -v msoffcrypto-tool >/dev/null; then
  msoffcrypto-tool -e -p 123456 "$OUT/split-table.docx" "$OUT/encrypted-msoffcrypto.docx"
fi
