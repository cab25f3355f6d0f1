#!/usr/bin/env python3
"""Baseline for `cargo bench --bench export`: writes the same government-format
workbook with Python's XlsxWriter from a layout the Rust side computed (widths, heights,
merges), so the baseline does only the writing. Prints the seconds the writing took."""
import json
import sys
import time

import xlsxwriter


def main():
    layout = json.load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    start = time.perf_counter()
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet(layout["sheet"])
    fonts = layout["fonts"]
    title = wb.add_format({"font_name": fonts["title"], "font_size": 20, "align": "center", "valign": "vcenter", "text_wrap": True})
    header = wb.add_format({"font_name": fonts["header"], "font_size": 12, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    heading = wb.add_format({"font_name": fonts["header"], "font_size": 12, "border": 1, "align": "left", "valign": "vcenter", "text_wrap": True})
    body = {
        "left": wb.add_format({"font_name": fonts["body"], "font_size": 12, "border": 1, "align": "left", "valign": "vcenter", "text_wrap": True}),
        "center": wb.add_format({"font_name": fonts["body"], "font_size": 12, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}),
    }
    cols = layout["columns"]
    last = len(cols) - 1
    for i, c in enumerate(cols):
        ws.set_column(i, i, c["width"])
    ws.merge_range(0, 0, 0, last, layout["title"], title)
    ws.set_row(0, 40)
    for i, c in enumerate(cols):
        ws.write_string(1, i, c["header"], header)
    ws.set_row(1, 28)
    first = 2
    merged = {}
    for m in layout["merges"]:
        for r in range(m["first"], m["last"] + 1):
            merged[(r, m["column"])] = m
    for idx, row in enumerate(layout["rows"]):
        r = first + idx
        if "heading" in row:
            ws.merge_range(r, 0, r, last, row["heading"], heading)
        else:
            for c, text in enumerate(row["cells"]):
                fmt = body[cols[c]["align"]]
                m = merged.get((idx, c))
                if m:
                    if m["first"] == idx:
                        ws.merge_range(r, c, first + m["last"], c, text, fmt)
                    continue
                ws.write_string(r, c, text, fmt)
        ws.set_row(r, row["height"])
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.repeat_rows(1)
    ws.set_footer("&C第 &P 页 共 &N 页")
    ws.set_margins(0.71, 0.71, 0.79, 0.79)
    wb.close()
    print(f"{time.perf_counter() - start:.6f}")


if __name__ == "__main__":
    main()
