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


def fill(d):
    for path in forms(d):
        wb = openpyxl.load_workbook(path)
        ws = wb["填报表"]
        for r in range(1, ws.max_row + 1):
            task_id = ws.cell(r, 12).value
            if not task_id or task_id == "编号":
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
        for row in ws.iter_rows(values_only=True):
            if len(row) >= 12 and row[11] and row[11] != "编号":
                _ = (row[11], row[6], row[7], row[8], row[9], row[10])
                rows += 1
        wb.close()
    print(f"{time.perf_counter() - start:.6f} {rows}")


if __name__ == "__main__":
    {"fill": fill, "read": read}[sys.argv[1]](sys.argv[2])
