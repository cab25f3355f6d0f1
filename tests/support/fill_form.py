#!/usr/bin/env python3
"""Fills in a 督办台账 form the way a unit would, with a different library (openpyxl) than the
one that wrote it. Used by the integration tests and by tests/corpus/make.sh.

Usage: fill_form.py IN.xlsx OUT.xlsx OPS.json

OPS.json is a list of operations:
  {"fill": {"id": "A-018", "status": "滞后", "progress": "…", "problems": "…", "next": "…", "percent": 60}}
  {"set": {"sheet": "填报表", "cell": "B6", "value": "…"}}
  {"clear_id": "A-018"}
  {"duplicate": "A-018"}
  {"append_rows": 10000}
"""
import json
import sys

import openpyxl

FILL = "填报表"
COLS = {"status": 7, "progress": 8, "problems": 9, "next": 10, "percent": 11}
ID_COL = 12


def row_of(ws, task_id):
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, ID_COL).value == task_id:
            return r
    raise SystemExit(f"no row for {task_id}")


def main():
    src, dst, ops_file = sys.argv[1:4]
    ops = json.load(open(ops_file, encoding="utf-8"))
    wb = openpyxl.load_workbook(src)
    ws = wb[FILL]
    for op in ops:
        if "fill" in op:
            f = op["fill"]
            r = row_of(ws, f["id"])
            for key, col in COLS.items():
                if key in f:
                    ws.cell(r, col).value = f[key]
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
