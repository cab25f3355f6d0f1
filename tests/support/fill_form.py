#!/usr/bin/env python3
"""Fills in a 督办台账 form the way a unit would, with a different library (openpyxl) than the
one that wrote it. Used by the integration tests and by tests/corpus/make.sh.

Usage: fill_form.py IN.xlsx OUT.xlsx OPS.json

OPS.json is a list of operations:
  {"fill": {"id": "A-018", "status": "滞后", "progress": "…", "problems": "…", "next": "…", "percent": 60,
            "extend_to": "2019年6月底", "extend_reason": "…"}}
  {"target": {"code": "T-01", "value": 41.2, "source": "…"}}
  {"set": {"sheet": "填报表", "cell": "B6", "value": "…"}}
  {"clear_id": "A-018"}
  {"duplicate": "A-018"}
  {"append_rows": 10000}
"""
import json
import sys

import openpyxl

FILL = "填报表"
# Columns by their header (newlines in a header are ignored); the id column is hidden.
HEADERS = {"status": "完成状态", "progress": "进展情况", "problems": "存在问题", "next": "下步计划",
           "percent": "完成百分比", "extend_to": "申请延期至", "extend_reason": "延期理由"}
# The targets under the tasks: 本期值 and 数据来源 (columns G and H).
TARGET_COLS = {"value": 7, "source": 8}


def columns(ws):
    for r in range(1, 30):
        if ws.cell(r, 1).value == "序号":
            names = {}
            for c in range(1, ws.max_column + 1):
                v = ws.cell(r, c).value
                if isinstance(v, str):
                    names["".join(v.split())] = c
            cols = {k: names[h] for k, h in HEADERS.items() if h in names}
            return cols, names["编号"]
    raise SystemExit("no header row")


def row_of(ws, task_id):
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, ID_COL).value == task_id:
            return r
    raise SystemExit(f"no row for {task_id}")


def main():
    src, dst, ops_file = sys.argv[1:4]
    ops = json.load(open(ops_file, encoding="utf-8"))
    global ID_COL
    wb = openpyxl.load_workbook(src)
    ws = wb[FILL]
    cols, ID_COL = columns(ws)
    for op in ops:
        if "fill" in op:
            f = op["fill"]
            r = row_of(ws, f["id"])
            for key, value in f.items():
                if key != "id":
                    ws.cell(r, cols[key]).value = value
        elif "target" in op:
            t = op["target"]
            r = row_of(ws, t["code"])
            for key, col in TARGET_COLS.items():
                if key in t:
                    ws.cell(r, col).value = t[key]
        elif "set" in op:
            s = op["set"]
            wb[s["sheet"]][s["cell"]].value = s["value"]
        elif "clear_id" in op:
            ws.cell(row_of(ws, op["clear_id"]), ID_COL).value = None
        elif "duplicate" in op:
            r = row_of(ws, op["duplicate"])
            new = ws.max_row + 1
            for c in range(1, ID_COL + 1):
                ws.cell(new, c).value = ws.cell(r, c).value
        elif "append_rows" in op:
            start = ws.max_row + 1
            for i in range(op["append_rows"]):
                ws.cell(start + i, 8).value = f"第{i + 1}行补充内容"
        else:
            raise SystemExit(f"unknown op {op}")
    wb.save(dst)


if __name__ == "__main__":
    main()
