#!/usr/bin/env bash
# Renders every export of the built-in plan (with some reports of 2018-11 and one returned form)
# to PDF and PNG pages with LibreOffice, to look at them as a clerk would: the three tables, the
# monthly sheets of two lists, the summary, the 主要目标完成情况表, a form with a unit's targets and
# an extension request.
#
#   bash scripts/render-sheets.sh [OUT_DIR]      (default: target/rendered)
#
# Needs the `taizhang` binary (built here when missing), LibreOffice (soffice), pdftoppm and
# python3 with openpyxl (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-target/rendered}"
TARGET="${CARGO_TARGET_DIR:-target}"
T="$TARGET/debug/taizhang"
[ -x "$T" ] || cargo build -q --bin taizhang
rm -rf "$OUT"
mkdir -p "$OUT/xlsx" "$OUT/pdf" "$OUT/png" "$OUT/forms"
DB="$OUT/demo.db"
t() { "$T" --db "$DB" "$@" >/dev/null; }

t init
t settings --set clerk_name=张丽 --set approver=王建国 --set contact_phone=0575-88123456
report() { t report --task "$1" --unit "$2" --month 2018-11 --status "$3" --progress "$4" ${5:+--problems "$5"} ${6:+--next "$6"} ${7:+--percent "$7"}; }
report A-001 区环保分局 按序时推进 "负氧离子监测站点已建成3个，正在调试。" "" "12月完成第4个站点。" 80
report A-018 区建设局 滞后 "已完成流量计安装60%。" "部分终端供电不稳定，运维单位人手不足。" "12月底前全部完成。" 60
report A-036 区农办 已完成 "完成公厕改造618座。" "" "" 100
report A-033 区环保分局 未启动 "" "资金尚未到位。" "争取12月启动。"
report R-001 区经信局 按序时推进 "关停落后产能企业12家。" "" "继续排查。" 50
report R-019 区气象局 按序时推进 "完成人工增雨作业3次。"
report R-026 区环保分局 滞后 "臭气异味治理完成2家，进度偏慢。" "企业资金困难。" "加大督查力度。" 20

# Targets: who answers, baselines, values; an approved extension; a closed task.
t target set --id T-01 --lead 区环保分局 --baseline 45 --baseline-year 2017
t target set --id T-02 --lead 区环保分局 --baseline 70 --baseline-year 2017
t target set --id T-15 --lead 区农水局 --baseline 25 --baseline-year 2017
t target record --id T-01 --period 2018 --value 41.2 --source 区环保分局监测年报
t target record --id T-02 --period 2018 --value 72.5 --source 区环保分局监测年报
t target record --id T-15 --period 2018 --value 25.2 --source 林业统计年报
t target record --id T-13 --period 2018 --value 99.5
t extend request --task A-001 --unit 区环保分局 --to 2019年3月底 --reason 站点选址调整，需重新报批。 --date 2018-11-10
t extend approve --id 1 --note 同意
printf '%%PDF-1.4\n%%验收报告\n' > "$OUT/验收报告.pdf"
t attach --task A-036 "$OUT/验收报告.pdf"
t close --task A-036 --note 材料齐全 --date 2018-11-25

# One returned form, filled in by another program, with its 填报人 block.
t export forms --list annual-2018 --month 2018-11 --out-dir "$OUT/forms"
FORM="$OUT/forms/区建设局-2018年11月工作进展填报表.xlsx"
cat > "$OUT/ops.json" <<'JSON'
[{"fill": {"id": "A-012", "status": "按序时推进", "progress": "新建配套管网30公里。", "problems": "征地进度偏慢。", "next": "12月完成剩余5公里。", "percent": 86}},
 {"set": {"sheet": "填报表", "cell": "C4", "value": "陈晓"}},
 {"set": {"sheet": "填报表", "cell": "F4", "value": "0575-88007766"}},
 {"set": {"sheet": "填报表", "cell": "C5", "value": "刘副局长"}},
 {"set": {"sheet": "填报表", "cell": "F5", "value": "2018年11月23日"}}]
JSON
python3 tests/support/fill_form.py "$FORM" "$OUT/区建设局-交回.xlsx" "$OUT/ops.json"
t import forms "$OUT/区建设局-交回.xlsx"

for l in responsibility annual-2018 key-projects; do t export table --list "$l" --out "$OUT/xlsx/table-$l.xlsx"; done
t export monthly --list annual-2018 --month 2018-11 --date 2018-11-26 --out "$OUT/xlsx/monthly-annual-2018.xlsx"
t export monthly --list responsibility --month 2018-11 --date 2018-11-26 --out "$OUT/xlsx/monthly-responsibility.xlsx"
t export summary --month 2018-11 --date 2018-11-26 --out "$OUT/xlsx/summary.xlsx"
t export targets --period 2018 --date 2019-01-10 --out "$OUT/xlsx/targets-2018.xlsx"
cp "$OUT/forms/区环保分局-2018年11月工作进展填报表.xlsx" "$OUT/xlsx/form-with-targets.xlsx"
cp "$OUT/区建设局-交回.xlsx" "$OUT/xlsx/form.xlsx"   # as it came back, 填报人 block filled in

PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
soffice -env:UserInstallation="file://$PROFILE" --headless --convert-to pdf --outdir "$OUT/pdf" "$OUT"/xlsx/*.xlsx >/dev/null 2>&1
for pdf in "$OUT"/pdf/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  pdftoppm -png -r 60 "$pdf" "$OUT/png/$name"
  echo "$name: $(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages/ {print $2}') 页"
done
echo "PDF 与 PNG 页面在 $OUT/pdf 和 $OUT/png"
