#!/usr/bin/env bash
# Regenerates the corpus of bad returned forms in tests/corpus/forms/ from forms exported by the
# current build (list annual-2018, month 2018-11), then the hostile corpus of tests/bad_inputs.rs
# (tests/corpus/hostile/, lists/, ledgers/) with make_hostile.py. Needs python3 with openpyxl;
# LibreOffice (soffice) for the .xls forms and msoffcrypto-tool (PyPI) for the encrypted one,
# which are kept as committed when those are missing.
# Each file is refused whole by `taizhang import forms --list annual-2018`; tests/forms.rs
# checks the message for each and that the ledger is unchanged.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q --bin taizhang
T="${CARGO_TARGET_DIR:-target}/debug/taizhang"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
OUT=tests/corpus/forms
rm -f "$OUT"/*.xlsx "$OUT"/*.txt
FILL="python3 tests/support/fill_form.py"

$T --db "$W/x.db" init >/dev/null
mkdir -p "$W/forms" "$W/kp"
$T --db "$W/x.db" export forms --list annual-2018 --month 2018-11 --out-dir "$W/forms" >/dev/null
$T --db "$W/x.db" export forms --list responsibility --month 2018-11 --out-dir "$W/kp" >/dev/null
BASE="$W/forms/区建设局-2018年11月工作进展填报表.xlsx"   # leads A-012 and A-018

ops() { echo "$1" > "$W/ops.json"; $FILL "$BASE" "$OUT/$2" "$W/ops.json"; }

printf '这不是表格，是一段文字。\n' > "$OUT/not-a-zip.xlsx"
head -c 4000 "$BASE" > "$OUT/truncated.xlsx"
python3 -c "import openpyxl,sys; wb=openpyxl.Workbook(); wb.save(sys.argv[1])" "$OUT/empty-workbook.xlsx"
ops '[{"fill": {"id": "A-018", "status": "滞后", "progress": "已完成60%"}}, {"set": {"sheet": "填报表", "cell": "B6", "value": "（改过的任务内容）"}}]' edited-protected-cell.xlsx
ops '[{"fill": {"id": "A-018", "status": "差不多了", "progress": "快完成了"}}]' unknown-status-word.xlsx
ops '[{"fill": {"id": "A-018", "status": "滞后", "progress": "已完成60%"}}, {"clear_id": "A-012"}]' deleted-id.xlsx
ops '[{"fill": {"id": "A-018", "status": "滞后", "progress": "已完成60%"}}, {"duplicate": "A-018"}]' duplicated-row.xlsx
ops '[{"fill": {"id": "A-018", "status": "滞后", "progress": "已完成60%"}}, {"append_rows": 10000}]' ten-thousand-rows.xlsx
python3 - "$OUT/long-cell-ops.json" <<'PY'
import json, sys
json.dump([{"fill": {"id": "A-018", "status": "滞后", "progress": "进" * 100000}}], open(sys.argv[1], "w"), ensure_ascii=False)
PY
$FILL "$BASE" "$OUT/cell-of-100000-characters.xlsx" "$OUT/long-cell-ops.json"; rm "$OUT/long-cell-ops.json"
# A task the ledger does not have: the row and the form's own record both name A-099.
ops '[{"fill": {"id": "A-018", "status": "滞后"}}, {"set": {"sheet": "填报表", "cell": "L6", "value": "A-099"}}, {"set": {"sheet": "_taizhang", "cell": "A9", "value": "A-099"}}]' task-no-longer-exists.xlsx
ops '[{"fill": {"id": "A-018", "status": "滞后", "percent": 150}}]' percent-out-of-range.xlsx
ops '[{"fill": {"id": "A-018", "progress": "只写了进展，没选状态"}}]' missing-status.xlsx
KP="$W/kp/区农办-2018年11月工作进展填报表.xlsx"
echo '[]' > "$W/ops.json"; $FILL "$KP" "$OUT/form-of-another-list.xlsx" "$W/ops.json"
ls -la "$OUT"
python3 tests/corpus/make_hostile.py "$W/forms" tests/corpus
