#!/usr/bin/env python3
"""Writes the hostile corpus of tests/bad_inputs.rs: returned forms edited at the XML / zip /
BIFF level (tests/corpus/hostile/), list spreadsheets (tests/corpus/lists/) and ledger files
that are not ledgers (tests/corpus/ledgers/). Called by tests/corpus/make.sh.

Usage: make_hostile.py FORMS_DIR OUT_ROOT

FORMS_DIR holds the forms of list annual-2018, month 2018-11, exported by the current build
(区建设局 leads A-012 on row 5 and A-018 on row 6 of the sheet 填报表). Every form here starts from
that file as rust_xlsxwriter wrote it and is edited with zipfile, so that what is tested is the
edit, not another library's re-save.

Files that need a tool (LibreOffice for .xls, msoffcrypto-tool for an encrypted workbook) are
kept as committed when the tool is missing. Every file stays small (< 100 KB) except the one the
issue asks for literally: 500 MB of whitespace in a sheet, which deflate cannot pack below ~490 KB.
"""
import io
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

FORMS, ROOT = sys.argv[1], sys.argv[2]
BASE = os.path.join(FORMS, "区建设局-2018年11月工作进展填报表.xlsx")
HOSTILE = os.path.join(ROOT, "hostile")
LISTS = os.path.join(ROOT, "lists")
LEDGERS = os.path.join(ROOT, "ledgers")
SHEET = "xl/worksheets/sheet1.xml"  # 填报表
META = "xl/worksheets/sheet3.xml"  # _taizhang
SST = "xl/sharedStrings.xml"

# Files written with a tool that may be missing; kept when it is.
KEEP = {"form-cell-at-IV65536.xls", "form-dimensions-forged.xls", "form-filled.xls", "encrypted.xlsx"}
for d in (HOSTILE, LISTS, LEDGERS):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f not in KEEP and os.path.isfile(os.path.join(d, f)):
            os.remove(os.path.join(d, f))


def read_parts(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def write_parts(path, parts, big=None):
    """Writes parts in order; `big` maps a part name to a generator of byte chunks, streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if big and name in big:
                with z.open(name, "w") as w:
                    for chunk in big[name]():
                        w.write(chunk)
            else:
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def set_declared_size(path, part, size):
    """Rewrites the uncompressed size of one part in its local header and in the central
    directory (both, so that they agree), leaving the data as it is."""
    b = bytearray(open(path, "rb").read())
    eocd = b.rfind(b"PK\x05\x06")
    count = struct.unpack_from("<H", b, eocd + 10)[0]
    off = struct.unpack_from("<I", b, eocd + 16)[0]
    for _ in range(count):
        assert b[off:off + 4] == b"PK\x01\x02"
        nlen, xlen, clen = struct.unpack_from("<HHH", b, off + 28)
        name = b[off + 46:off + 46 + nlen].decode()
        local = struct.unpack_from("<I", b, off + 42)[0]
        if name == part:
            struct.pack_into("<I", b, off + 24, size)
            assert b[local:local + 4] == b"PK\x03\x04"
            struct.pack_into("<I", b, local + 22, size)
        off += 46 + nlen + xlen + clen
    open(path, "wb").write(bytes(b))


def inline(ref, text, style=""):
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def fill_row6(xml, status="滞后", progress="已完成流量计安装60%。", percent=None, extra=""):
    """Fills A-018's row (6) as a unit would: status G6, progress H6, percent K6."""
    xml = xml.replace('<c r="G6" s="8"/>', inline("G6", status, "8") if status is not None else '<c r="G6" s="8"/>')
    xml = xml.replace('<c r="H6" s="9"/>', inline("H6", progress, "9") if progress is not None else '<c r="H6" s="9"/>')
    if percent is not None:
        xml = xml.replace('<c r="K6" s="8"/>', percent)
    return xml.replace("</sheetData>", extra + "</sheetData>")


BASE_PARTS = read_parts(BASE)


def form(name, sheet=None, meta=None, sst=None, drop=(), big=None, **fill):
    """A form with A-018 filled in (unless `sheet` replaces the fill-in sheet's XML)."""
    parts = dict(BASE_PARTS)
    xml = parts[SHEET].decode()
    parts[SHEET] = (sheet(xml) if sheet else fill_row6(xml, **fill)).encode()
    if meta:
        parts[META] = meta(parts[META].decode()).encode()
    if sst:
        parts[SST] = sst(parts[SST].decode()).encode()
    for d in drop:
        del parts[d]
    path = os.path.join(HOSTILE, name)
    write_parts(path, parts, big)
    return path


def meta_value(ref, value):
    """Replaces the value of a cell of the _taizhang sheet with an inline string."""
    def edit(xml):
        start = xml.index(f'<c r="{ref}"')
        end = xml.index("</c>", start) + 4
        return xml[:start] + inline(ref, value) + xml[end:]
    return edit


# ---- A good form, the start of every hostile one: the test checks it is accepted. -----------
form("form-filled.xlsx")

# ---- Cells far out. ---------------------------------------------------------------------------
form("cell-at-XFD1048576.xlsx", sheet=lambda x: fill_row6(x.replace('<dimension ref="A1:L6"/>', '<dimension ref="A1:XFD1048576"/>'),
     extra='<row r="1048576">' + inline("XFD1048576", "远处的一格") + "</row>"))
form("cell-at-XFD5000.xlsx", sheet=lambda x: fill_row6(x, extra='<row r="5000">' + inline("XFD5000", "远处的一格") + "</row>"))
# A reference beyond what a u32 row holds: readers that multiply without checking overflow.
form("cell-reference-overflow.xlsx", sheet=lambda x: fill_row6(x, extra='<row r="7">' + inline("A99999999999", "溢出") + "</row>"))

# ---- Sizes: inflated, declared, bombs. --------------------------------------------------------
def whitespace(total, chunk=1 << 20):
    def gen():
        head, tail = BASE_SHEET_FILLED.split("</sheetData>")
        yield head.encode()
        left = total
        block = b" " * chunk
        while left > 0:
            n = min(left, chunk)
            yield block[:n]
            left -= n
        yield ("</sheetData>" + tail).encode()
    return gen


BASE_SHEET_FILLED = fill_row6(BASE_PARTS[SHEET].decode())
form("sheet-with-500MB-of-whitespace.xlsx", big={SHEET: whitespace(500_000_000)})
# The shared strings as they are, but their size in the zip says 300 MB.
p = form("sharedstrings-declares-300MB.xlsx")
set_declared_size(p, SST, 300_000_000)
# Shared strings that unpack to 90 MB but say they are 2 KB (the reader must stop at 2 KB).
def sst_inflating():
    head = BASE_PARTS[SST].decode()
    cut = head.index("</sst>")
    yield head[:cut].encode()
    yield b"<si><t>"
    for _ in range(90):
        yield b"x" * 1_000_000
    yield b"</t></si></sst>"
p = form("sharedstrings-inflates-90MB-declares-2KB.xlsx", big={SST: sst_inflating})
set_declared_size(p, SST, 2048)
# A zip bomb in parts the reader must read: the three sheets, 55 MB of whitespace each, 165 MB
# in all (each part under a per-part limit of 64 MB, together over a total of 160 MB).
def padded(part, n):
    def gen():
        xml = (BASE_SHEET_FILLED if part == SHEET else BASE_PARTS[part].decode())
        head, tail = xml.split("</sheetData>")
        yield head.encode()
        for _ in range(n // 1_000_000):
            yield b" " * 1_000_000
        yield ("</sheetData>" + tail).encode()
    return gen
form("zip-bomb-three-sheets-of-55MB.xlsx",
     big={s: padded(s, 55_000_000) for s in (SHEET, "xl/worksheets/sheet2.xml", META)})
# uniqueCount is what a reader may reserve room for before reading a single string.
form("sharedstrings-uniquecount-4e9.xlsx", sst=lambda x: x.replace('uniqueCount="46"', 'uniqueCount="4000000000"'))
# One shared string of 4 MB (4 KB packed) used by 1000 cells: 4 GB if each cell copies it.
form("shared-string-used-by-1000-cells.xlsx",
     sst=lambda x: x.replace("</sst>", "<si><t>" + "重" * 1_400_000 + "</t></si></sst>").replace('uniqueCount="46"', 'uniqueCount="47"'),
     sheet=lambda x: fill_row6(x, extra="".join(
         f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>46</v></c>' for c in range(20)) + "</row>"
         for r in range(100, 150))))
# Entities that expand to gigabytes if a reader expands them.
LAUGHS = ('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)) + "]>")
form("billion-laughs-in-sharedstrings.xlsx",
     sst=lambda x: x.replace("<sst ", LAUGHS + "<sst ", 1).replace("<si><t>12</t></si>", "<si><t>&i;</t></si>", 1))
# A shared formula whose index makes a reader allocate a table of 4e9 entries.
form("shared-formula-index-4e9.xlsx", sheet=lambda x: fill_row6(x, extra=
     '<row r="8"><c r="M8"><f t="shared" ref="M8:M9" si="4000000000">A1</f><v>1</v></c></row>'))

# Near the limits, for the time and memory table only (not cases: these are forms a reader must
# cope with): a sheet of 63 MB (whitespace) and shared strings of 63 MB (3.7 million strings).
LIMITS = os.path.join(HOSTILE, "limits")
os.makedirs(LIMITS, exist_ok=True)
for f in os.listdir(LIMITS):
    os.remove(os.path.join(LIMITS, f))
write_parts(os.path.join(LIMITS, "sheet-with-63MB-of-whitespace.xlsx"),
            {**BASE_PARTS, SHEET: b""}, big={SHEET: whitespace(63_000_000)})
def tiny_strings():
    x = BASE_PARTS[SST].decode().replace('uniqueCount="46"', 'uniqueCount="3700046"')
    cut = x.index("</sst>")
    yield x[:cut].encode()
    for _ in range(37):
        yield b"<si><t>a</t></si>" * 100_000
    yield b"</sst>"
write_parts(os.path.join(LIMITS, "sharedstrings-63MB-of-tiny-strings.xlsx"),
            {**BASE_PARTS, SHEET: BASE_SHEET_FILLED.encode()}, big={SST: tiny_strings})

# ---- The package. -----------------------------------------------------------------------------
form("content-types-missing.xlsx", drop=["[Content_Types].xml"])
form("fill-in-sheet-part-missing.xlsx", drop=[SHEET])

# ---- The form's own record (_taizhang) tampered with. -------------------------------------------
form("meta-unknown-list.xlsx", meta=meta_value("B2", "annual-2099"))
form("meta-month-2018-13.xlsx", meta=meta_value("B3", "2018-13"))
form("meta-unknown-unit.xlsx", meta=meta_value("B4", "区不存在局"))
form("meta-unit-with-terminal-escapes.xlsx", meta=meta_value("B4", "区建设局\x1b]0;pwned\x07\x1b[2J"))

# ---- The fill-in sheet. -----------------------------------------------------------------------
def move_id_column(xml):
    import re
    # Every cell of column L to column M (the hidden id column moved one to the right).
    return fill_row6(re.sub(r'<c r="L(\d+)"', r'<c r="M\1"', xml))
form("id-column-moved.xlsx", sheet=move_id_column)
form("formula-without-value-in-H6.xlsx", sheet=lambda x: fill_row6(x, progress=None).replace(
    '<c r="H6" s="9"/>', '<c r="H6" s="9"><f>A1&amp;"x"</f></c>'))
# Control characters as an attacker can really put them in the XML: raw bytes (XML 1.0 forbids
# them, lenient parsers pass them), character references, and OOXML's _xHHHH_ escapes (what
# Excel itself writes for a control character in a cell).
form("control-chars-raw-bytes.xlsx", progress="已完成\x1b[31m红字\x1b[0m\x07\x08\x0b\x0c。")
form("control-chars-char-refs.xlsx", progress="已完成&#x1B;[31m红字&#x1B;[0m&#7;&#x8;。")
form("control-chars-x-escapes.xlsx", progress="已完成_x001B_[31m红字_x001B_[0m_x0007__x0000_。")
form("control-chars-in-status.xlsx", status="滞后\x1b[2J\x1b]0;pwned\x07")
form("cell-of-5001-characters.xlsx", progress="进" * 5001)
form("percent-60.5.xlsx", percent='<c r="K6" s="8"><v>60.5</v></c>')
form("percent-minus-1.xlsx", percent='<c r="K6" s="8"><v>-1</v></c>')
form("percent-abc.xlsx", percent=inline("K6", "abc", "8"))
form("percent-1e9.xlsx", percent='<c r="K6" s="8"><v>1E9</v></c>')

# ---- Not spreadsheets. ------------------------------------------------------------------------
open(os.path.join(HOSTILE, "empty-file.xlsx"), "wb").close()
def docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>关于报送11月工作进展的通知</w:t></w:r></w:p></w:body></w:document>')
    return buf.getvalue()
open(os.path.join(HOSTILE, "word-document-named.xlsx"), "wb").write(docx())

# ---- Files made with tools: an .xls form (LibreOffice), an encrypted workbook (msoffcrypto). ----
def cfb_patch(path, stream_name, patches):
    """Patches bytes of one stream of an OLE compound file in place: `patches` maps an offset
    in the stream to new bytes. Regular (not mini) streams only."""
    b = bytearray(open(path, "rb").read())
    sector = 1 << struct.unpack_from("<H", b, 30)[0]
    difat = [x for x in struct.unpack_from("<109I", b, 76) if x < 0xFFFFFFFA]
    fat = []
    for s in difat:
        fat += struct.unpack_from(f"<{sector // 4}I", b, (s + 1) * sector)
    def chain(s):
        while s < 0xFFFFFFFA:
            yield s
            s = fat[s]
    dir_start = struct.unpack_from("<I", b, 48)[0]
    entries = b"".join(bytes(b[(s + 1) * sector:(s + 2) * sector]) for s in chain(dir_start))
    for i in range(0, len(entries), 128):
        e = entries[i:i + 128]
        nlen = struct.unpack_from("<H", e, 64)[0]
        name = e[:max(nlen - 2, 0)].decode("utf-16-le")
        if name == stream_name:
            start, size = struct.unpack_from("<IQ", e, 116)
            break
    else:
        raise SystemExit(f"no stream {stream_name}")
    assert size >= 4096, "mini stream"
    sectors = list(chain(start))
    def at(off):
        return (sectors[off // sector] + 1) * sector + off % sector
    data = b"".join(bytes(b[(s + 1) * sector:(s + 2) * sector]) for s in sectors)[:size]
    for off, new in patches(data).items():
        for k, byte in enumerate(new):
            b[at(off + k)] = byte
    open(path, "wb").write(bytes(b))


def biff_records(data):
    i = 0
    while i + 4 <= len(data):
        typ, n = struct.unpack_from("<HH", data, i)
        yield i, typ, data[i + 4:i + 4 + n]
        i += 4 + n


def sheet_substream(data, sheet_name):
    """Offset of the BOF of the named sheet (BOUNDSHEET8 records of the globals)."""
    for _, typ, body in biff_records(data):
        if typ == 0x0085:
            pos, cch, flags = struct.unpack_from("<IxxBB", body, 0)
            name = body[8:8 + cch * (2 if flags & 1 else 1)].decode("utf-16-le" if flags & 1 else "latin-1")
            if name == sheet_name:
                return pos
    raise SystemExit(f"no sheet {sheet_name}")


def records_of_sheet(data, sheet_name):
    start = sheet_substream(data, sheet_name)
    for off, typ, body in biff_records(data[start:]):
        yield start + off, typ, body
        if typ == 0x000A:  # EOF
            return


if shutil.which("soffice"):
    with tempfile.TemporaryDirectory() as w:
        src = os.path.join(w, "form.xlsx")
        shutil.copy(os.path.join(HOSTILE, "form-filled.xlsx"), src)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{w}/profile",
                        "--convert-to", "xls", "--outdir", w, src], check=True, capture_output=True)
        xls = os.path.join(w, "form.xls")
        shutil.copy(xls, os.path.join(HOSTILE, "form-filled.xls"))
        # The title cell A1 of 填报表 (a LABELSST record) moved to row 65535, column 255: IV65536.
        far = os.path.join(HOSTILE, "form-cell-at-IV65536.xls")
        shutil.copy(xls, far)
        def move_title(data):
            for off, typ, body in records_of_sheet(data, "填报表"):
                if typ == 0x00FD and body[:4] == b"\0\0\0\0":
                    return {off + 4: struct.pack("<HH", 65535, 255)}
            raise SystemExit("no A1 label")
        cfb_patch(far, "Workbook", move_title)
        # The DIMENSIONS record of 填报表 says its last row is 0xFFFFFFFF: a reader that reserves
        # room for the whole rectangle asks for terabytes. No cell moves.
        dims = os.path.join(HOSTILE, "form-dimensions-forged.xls")
        shutil.copy(xls, dims)
        def forge(data):
            for off, typ, body in records_of_sheet(data, "填报表"):
                if typ == 0x0200:
                    return {off + 8: struct.pack("<I", 0xFFFFFFFF)}
            raise SystemExit("no DIMENSIONS")
        cfb_patch(dims, "Workbook", forge)
else:
    print("make_hostile.py: soffice not found, the .xls forms are kept as committed", file=sys.stderr)

# msoffcrypto-tool (PyPI) is only for making the file; e.g. `python3 -m venv /tmp/v &&
# /tmp/v/bin/pip install msoffcrypto-tool && PATH=$PATH:/tmp/v/bin bash tests/corpus/make.sh`.
crypt = shutil.which("msoffcrypto-tool")
if crypt:
    subprocess.run([crypt, "-e", "-p", "123456", os.path.join(HOSTILE, "form-filled.xlsx"),
                    os.path.join(HOSTILE, "encrypted.xlsx")], check=True)
else:
    print("make_hostile.py: msoffcrypto-tool not found (pip install msoffcrypto-tool), encrypted.xlsx kept as committed", file=sys.stderr)

# ---- Lists for `import list`. -----------------------------------------------------------------
import openpyxl

HEADER = ["序号", "主要工作任务", "牵头单位", "配合单位", "完成时限"]


def list_book(name, rows, header=HEADER, sheet="2019年清单"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["越城区2019年主要工作任务清单"])
    if header:
        ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(os.path.join(LISTS, name))


list_book("good-list.xlsx", [["1", "推进污水零直排区建设", "区建设局", "相关镇街", "2019年底前"],
                             ["2", "开展秸秆禁烧巡查", "区农办", "", "2019年6月底前"]])
list_book("unit-dotdot-slash-evil.xlsx", [["1", "推进污水零直排区建设", "区建设局", "", "2019年底前"],
                                         ["2", "开展秸秆禁烧巡查", "../evil", "", "2019年6月底前"]])
list_book("unit-backslash-evil.xlsx", [["1", "推进污水零直排区建设", "..\\..\\evil", "", "2019年底前"]])
list_book("no-header.xlsx", [["1", "推进污水零直排区建设", "区建设局", "相关镇街", "2019年底前"]], header=None)
open(os.path.join(LISTS, "not-a-spreadsheet.xlsx"), "w").write("序号,主要工作任务,牵头单位\n1,推进,区建设局\n")

# ---- Ledgers that are not ledgers. ------------------------------------------------------------
open(os.path.join(LEDGERS, "notes.db"), "w", encoding="utf-8").write("这不是账本，是一段文字。\n" * 50)
c = sqlite3.connect(os.path.join(LEDGERS, "other-program.db"))
c.executescript("CREATE TABLE contacts(name TEXT, phone TEXT); INSERT INTO contacts VALUES ('张三', '13800000000');")
c.commit()
c.close()

for d in (HOSTILE, LIMITS, LISTS, LEDGERS):
    for f in sorted(x for x in os.listdir(d) if os.path.isfile(os.path.join(d, x))):
        print(f"{os.path.getsize(os.path.join(d, f)):>9}  {os.path.join(d, f)}")
