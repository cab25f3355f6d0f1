#!/usr/bin/env python3
"""Compares the workbooks two builds wrote from the same ledger (here: taizhang.exe under Wine and
the Linux build), two ways:

1. the package: the same parts, byte for byte, except the creation and modification times in
   docProps/core.xml (the moment each file was written);
2. read back with openpyxl, cell for cell and format for format: values and types, number formats,
   fonts, fills, borders, alignment, protection, merged cells, column widths, row heights, sheet
   state (hidden, very hidden), protection, data validations, page set-up, print titles, header
   and footer, defined names, custom document properties.

Usage: compare_workbooks.py DIR_A DIR_B
Both folders must hold the same .xlsx file names. Prints one line per workbook; exit status 1 at
the first difference (named with its file, sheet and cell).
"""
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def fail(msg):
    print(f"不一致：{msg}", file=sys.stderr)
    sys.exit(1)


def compare_package(a, b, name):
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    parts_a, parts_b = sorted(za.namelist()), sorted(zb.namelist())
    if parts_a != parts_b:
        fail(f"{name}: parts differ: {sorted(set(parts_a) ^ set(parts_b))}")
    for part in parts_a:
        da, db = za.read(part), zb.read(part)
        if part == "docProps/core.xml":
            da, db = CORE_TIMES.sub(rb"\1\2", da), CORE_TIMES.sub(rb"\1\2", db)
        if da != db:
            # Say where: the first text that differs.
            import re
            ta = re.findall(rb"<t[^>]*>([^<]*)</t>", da)
            tb = re.findall(rb"<t[^>]*>([^<]*)</t>", db)
            where = next(((x.decode(), y.decode()) for x, y in zip(ta, tb) if x != y), None)
            detail = f"（“{where[0]}” 与 “{where[1]}”）" if where else ""
            fail(f"{name}: part {part} differs{detail}")
    return len(parts_a)


def style_of(cell):
    f, fill, al, pr, bd = cell.font, cell.fill, cell.alignment, cell.protection, cell.border
    side = lambda s: (s.style, s.color.rgb if s and s.color is not None else None) if s else None
    return (
        cell.number_format,
        (f.name, f.sz, f.b, f.i, f.u, f.strike, f.color.rgb if f.color is not None else None),
        (fill.fill_type, fill.fgColor.rgb if fill.fgColor is not None else None),
        (side(bd.left), side(bd.right), side(bd.top), side(bd.bottom)),
        (al.horizontal, al.vertical, al.wrap_text, al.indent, al.text_rotation, al.shrink_to_fit),
        (pr.locked, pr.hidden),
    )


def sheet_facts(ws):
    ps = ws.page_setup
    return {
        "state": ws.sheet_state,
        "dimensions": ws.dimensions,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "columns": sorted((k, d.width, d.hidden) for k, d in ws.column_dimensions.items()),
        "rows": sorted((k, d.height, d.hidden) for k, d in ws.row_dimensions.items()),
        "protection": (ws.protection.sheet, ws.protection.password, ws.protection.formatCells),
        "validations": sorted(
            (str(v.sqref), v.type, v.formula1, v.allow_blank, v.showDropDown) for v in ws.data_validations.dataValidation
        ),
        "page": (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage
                 if ws.sheet_properties.pageSetUpPr is not None else None),
        "margins": (ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom),
        "print_titles": (ws.print_title_rows, ws.print_title_cols),
        "print_area": ws.print_area,
        "header_footer": (ws.oddHeader.center.text, ws.oddFooter.center.text, ws.oddFooter.center.font,
                          ws.oddFooter.center.size),
        "freeze": ws.freeze_panes,
    }


def compare_read_back(a, b, name):
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    if wa.sheetnames != wb.sheetnames:
        fail(f"{name}: sheets {wa.sheetnames} against {wb.sheetnames}")
    names_a = sorted((n, str(d.value)) for n, d in wa.defined_names.items())
    names_b = sorted((n, str(d.value)) for n, d in wb.defined_names.items())
    if names_a != names_b:
        fail(f"{name}: defined names differ")
    props_a = sorted((p.name, str(p.value)) for p in wa.custom_doc_props.props)
    props_b = sorted((p.name, str(p.value)) for p in wb.custom_doc_props.props)
    if props_a != props_b:
        fail(f"{name}: custom document properties differ")
    cells = 0
    for sheet in wa.sheetnames:
        sa, sb = wa[sheet], wb[sheet]
        if type(sa) is not type(sb):
            fail(f"{name} / {sheet}: {type(sa).__name__} against {type(sb).__name__}")
        if not isinstance(sa, Worksheet):
            # A chart sheet: openpyxl reads no chart back; its parts were compared byte for byte.
            if sa.sheet_state != sb.sheet_state:
                fail(f"{name} / {sheet}: state {sa.sheet_state} against {sb.sheet_state}")
            continue
        fa, fb = sheet_facts(sa), sheet_facts(sb)
        for key in fa:
            if fa[key] != fb[key]:
                fail(f"{name} / {sheet}: {key}: {fa[key]!r} against {fb[key]!r}")
        for row_a, row_b in zip(sa.iter_rows(), sb.iter_rows(), strict=True):
            for ca, cb in zip(row_a, row_b, strict=True):
                if (ca.value, ca.data_type) != (cb.value, cb.data_type):
                    fail(f"{name} / {sheet}!{ca.coordinate}: {ca.value!r} against {cb.value!r}")
                if style_of(ca) != style_of(cb):
                    fail(f"{name} / {sheet}!{ca.coordinate}: format {style_of(ca)} against {style_of(cb)}")
                cells += 1
    return len(wa.sheetnames), cells


def main():
    dir_a, dir_b = sys.argv[1], sys.argv[2]
    files_a = sorted(f for f in os.listdir(dir_a) if f.endswith(".xlsx"))
    files_b = sorted(f for f in os.listdir(dir_b) if f.endswith(".xlsx"))
    if files_a != files_b:
        fail(f"file names differ: {sorted(set(files_a) ^ set(files_b))}")
    if not files_a:
        fail(f"no .xlsx in {dir_a}")
    total = 0
    for name in files_a:
        a, b = os.path.join(dir_a, name), os.path.join(dir_b, name)
        parts = compare_package(a, b, name)
        sheets, cells = compare_read_back(a, b, name)
        total += cells
        print(f"  相同：{name}（{parts} 个部件，{sheets} 张工作表，{cells} 个单元格）")
    print(f"共 {len(files_a)} 个工作簿、{total} 个单元格逐格一致（值与格式）")


if __name__ == "__main__":
    main()
