#!/usr/bin/env python3
"""Round-trip benchmark helper for `cargo bench --bench export`.

  openpyxl_forms.py fill DIR   fills every form in DIR as a unit would (not timed)
  openpyxl_forms.py read DIR   the baseline: reads every form in DIR with openpyxl, the cells a
                               clerk copies (id, status, progress, problems, next steps,
                               percent); prints the seconds it took
"""
import os
import sys
import time

import openpyxl

STATUS = ["已完成", "按序时推进", "滞后", "未启动"]


def forms(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".xlsx"))


def id_column(ws):
    """The hidden 编号 column, found by its header (L on forms of version 1, N since)."""
    for r in range(1, 30):
        if ws.cell(r, 1).value == "序号":
            for c in range(1, ws.max_column + 1):
                if ws.cell(r, c).value == "编号":
                    return c
    raise SystemExit("no 编号 column")


def fill(d):
    for path in forms(d):
        wb = openpyxl.load_workbook(path)
        ws = wb["填报表"]
        id_col = id_column(ws)
        for r in range(1, ws.max_row + 1):
            task_id = ws.cell(r, id_col).value
            if not task_id or task_id == "编号" or task_id.startswith("T-"):
                continue
            ws.cell(r, 7).value = STATUS[r % 4]
            ws.cell(r, 8).value = f"本月完成了第{r}项工作的阶段任务，进展顺利。"
            ws.cell(r, 9).value = "无" if r % 3 else "资金尚未到位。"
            ws.cell(r, 10).value = "下月继续推进。"
            ws.cell(r, 11).value = (r * 7) % 101
        wb.save(path)


def read(d):
    start = time.perf_counter()
    rows = 0
    for path in forms(d):
        wb = openpyxl.load_workbook(path, read_only=True)
        meta = wb["_taizhang"]
        _ = [row for row in meta.iter_rows(values_only=True)]
        ws = wb["填报表"]
        id_at = None
        for row in ws.iter_rows(values_only=True):
            if id_at is None:
                if row and row[0] == "序号":
                    id_at = row.index("编号")
                continue
            if len(row) > id_at and row[id_at] and not str(row[id_at]).startswith("T-"):
                _ = (row[id_at], row[6], row[7], row[8], row[9], row[10])
                rows += 1
        wb.close()
    print(f"{time.perf_counter() - start:.6f} {rows}")


if __name__ == "__main__":
    {"fill": fill, "read": read}[sys.argv[1]](sys.argv[2])
