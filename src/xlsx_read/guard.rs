//! Checks of a spreadsheet from someone else before the reader (calamine) sees it: what it
//! declares and holds is bounded, so that a 15 KB file cannot make the program allocate
//! gigabytes or abort. Each check refuses with the part, sheet or cell at fault.
//!
//! - .xlsx: every part's declared size (the zip reader never unpacks more than declared); the
//!   shared strings' declared count; every cell reference and formula of a sheet, streamed
//!   (a reference must be within Excel's limits and the sheet's bounds; a shared formula index
//!   must be sensible); formulas without a calculated value are noted.
//! - .xls: the DIMENSIONS record and every cell record of each sheet, named by its sheet.
//! - an OLE file holding an encrypted package: a workbook with a password.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::{Bounds, ReadProblem, cell_name};

/// The most one part of an .xlsx may unpack to; the shared strings less (each string costs
/// memory beyond its bytes), and all parts together.
pub const MAX_PART_BYTES: u64 = 64_000_000;
pub const MAX_SHARED_STRINGS_BYTES: u64 = 32_000_000;
pub const MAX_UNPACKED_BYTES: u64 = 160_000_000;
/// The most cells an .xls sheet may span (its reader allocates the whole rectangle).
pub const MAX_XLS_CELLS: u64 = 2_000_000;
/// Excel's own limits.
pub const EXCEL_ROWS: u64 = 1_048_576;
pub const EXCEL_COLS: u64 = 16_384;
/// A shared formula's index beyond this is not from a real sheet (its reader sizes a table by it).
const MAX_SHARED_FORMULA_INDEX: u64 = 1_000_000;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn first_bytes(path: &Path) -> Vec<u8> {
    let mut head = Vec::new();
    if let Ok(f) = File::open(path) {
        let _ = f.take(8).read_to_end(&mut head);
    }
    head
}

/// What the package of an .xlsx says about its sheets: each sheet's name and part.
#[derive(Debug, Clone, Default)]
pub struct Package {
    pub sheets: Vec<(String, String)>,
}

/// Checks the file as a package: an .xlsx (sizes, content types, shared strings), an encrypted
/// one, or an .xls (extents). Returns the sheets' parts of an .xlsx.
pub fn inspect(path: &Path) -> Result<Option<Package>, ReadProblem> {
    let head = first_bytes(path);
    if head.starts_with(&OLE_MAGIC) {
        let bytes = std::fs::read(path).map_err(|e| ReadProblem::Unreadable { detail: crate::error::describe_io(&e) })?;
        if crate::plan_doc::package::ole_kind(&bytes) == crate::plan_doc::package::OleKind::EncryptedPackage {
            return Err(ReadProblem::Encrypted);
        }
        check_xls(&bytes)?;
        return Ok(None);
    }
    if !head.starts_with(b"PK") {
        return Ok(None);
    }
    let file = File::open(path).map_err(|e| ReadProblem::Unreadable { detail: crate::error::describe_io(&e) })?;
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        // Let the reader say what is wrong with it.
        return Ok(None);
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else { continue };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let size = entry.size();
        total = total.saturating_add(size);
        let limit = if name.ends_with("sharedStrings.xml") { MAX_SHARED_STRINGS_BYTES } else { MAX_PART_BYTES };
        if size > limit {
            return Err(ReadProblem::Inflated { part: name, bytes: size });
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(ReadProblem::Inflated { part: "全部内容".into(), bytes: total });
    }
    if zip.index_for_name("xl/workbook.xml").is_none() {
        return Ok(None);
    }
    // Excel refuses a package without its content types: nobody at the unit saw this file.
    if zip.index_for_name("[Content_Types].xml").is_none() {
        return Err(ReadProblem::Incomplete { what: "缺少 [Content_Types].xml，Excel 打不开这个文件".into() });
    }
    if let Ok(sst) = zip.by_name("xl/sharedStrings.xml") {
        let size = sst.size();
        check_shared_string_count(BufReader::new(sst), size)?;
    }
    Ok(Some(Package { sheets: sheet_parts(&mut zip) }))
}

/// The value of attribute `name` of an element, as text.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| a.value.to_string())
}

/// The shared strings' declared count must fit in their part (the reader reserves room for
/// that many strings before reading one).
fn check_shared_string_count<R: BufRead>(reader: R, size: u64) -> Result<(), ReadProblem> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                for key in ["count", "uniqueCount"] {
                    let n = attr(&e, key).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(0);
                    // A string takes at least <si><t/></si>, 13 bytes.
                    if n > size / 13 + 16 {
                        return Err(ReadProblem::Forged {
                            part: "xl/sharedStrings.xml".into(),
                            what: format!("声称有 {n} 个字符串，与文件内容不符"),
                        });
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Sheet names and their parts, from `xl/workbook.xml` and its relationships.
fn sheet_parts<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    const MAX: u64 = 4_000_000;
    let read = |zip: &mut zip::ZipArchive<R>, name: &str| -> Option<String> {
        let f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.take(MAX).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(book), Some(rels)) = (read(zip, "xl/workbook.xml"), read(zip, "xl/_rels/workbook.xml.rels")) else {
        return vec![];
    };
    let mut targets = std::collections::HashMap::new();
    let mut xml = quick_xml::Reader::from_str(&rels);
    loop {
        match xml.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let t = target.trim_start_matches('/');
                    let part = if t.starts_with("xl/") { t.to_string() } else { format!("xl/{t}") };
                    targets.insert(id, part);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut xml = quick_xml::Reader::from_str(&book);
    loop {
        match xml.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "id"))
                    && let Some(part) = targets.get(&id)
                {
                    let name = quick_xml::escape::unescape(&name).map(|c| c.to_string()).unwrap_or(name);
                    out.push((name, part.clone()));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// A cell reference within Excel's limits: 0-based row and column. Never overflows.
pub fn checked_ref(text: &str) -> Option<(u32, u32)> {
    let t = text.trim();
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    if letters.is_empty() || letters.len() > 3 || digits.len() > 7 {
        return None;
    }
    let mut col: u64 = 0;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (b - b'A' + 1) as u64;
    }
    let row: u64 = digits.parse().ok()?;
    ((1..=EXCEL_ROWS).contains(&row) && (1..=EXCEL_COLS).contains(&col)).then(|| ((row - 1) as u32, (col - 1) as u32))
}

/// Streams a sheet's part: every reference within bounds, shared formula indexes sensible.
/// Returns the cells holding a formula without a calculated value.
pub fn scan_sheet(path: &Path, part: &str, sheet: &str, bounds: Bounds) -> Result<Vec<(u32, u32)>, ReadProblem> {
    let unreadable = |detail: String| ReadProblem::Unreadable { detail };
    let file = File::open(path).map_err(|e| unreadable(crate::error::describe_io(&e)))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| unreadable(e.to_string()))?;
    let entry = zip.by_name(part).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => ReadProblem::Incomplete { what: format!("缺少工作表“{sheet}”的内容") },
        e => unreadable(e.to_string()),
    })?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    let out_of_bounds = |cell: String| ReadProblem::CellOutOfBounds { sheet: sheet.to_string(), cell };
    let shown = |r: &str| r.chars().take(12).collect::<String>();
    // The cell being read: its place, whether it has a formula and a value.
    let mut cell: Option<((u32, u32), bool, bool)> = None;
    let mut in_value = false;
    let mut uncalculated = Vec::new();
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| unreadable(e.to_string()))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "row" => {
                    if let Some(r) = attr(e, "r") {
                        let ok = r.trim().parse::<u64>().ok().filter(|n| (1..=EXCEL_ROWS).contains(n));
                        // A row beyond the bounds is refused by its first cell, named; an
                        // empty one holds nothing and is harmless.
                        if ok.is_none() {
                            return Err(out_of_bounds(format!("第 {} 行", shown(&r))));
                        }
                    }
                }
                "c" => {
                    if let Some(r) = attr(e, "r") {
                        let Some((row, col)) = checked_ref(&r) else { return Err(out_of_bounds(shown(&r))) };
                        if row >= bounds.rows || col >= bounds.cols {
                            return Err(out_of_bounds(cell_name(row, col)));
                        }
                        cell = Some(((row, col), false, false));
                        if matches!(event, Event::Empty(_)) {
                            cell = None;
                        }
                    }
                }
                "f" => {
                    if let Some(si) = attr(e, "si")
                        && si.trim().parse::<u64>().map_or(true, |n| n > MAX_SHARED_FORMULA_INDEX)
                    {
                        return Err(ReadProblem::Forged {
                            part: part.to_string(),
                            what: format!("共享公式编号“{}”不合理", shown(&si)),
                        });
                    }
                    if let Some(c) = cell.as_mut() {
                        c.1 = true;
                    }
                }
                "v" => in_value = matches!(event, Event::Start(_)),
                _ => {}
            },
            Event::Text(t) if in_value => {
                if !t.as_ref().chars().all(char::is_whitespace)
                    && let Some(c) = cell.as_mut()
                {
                    c.2 = true;
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "v" => in_value = false,
                "c" => {
                    if let Some((place, true, false)) = cell.take() {
                        uncalculated.push(place);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(uncalculated)
}

/// The BIFF8 records that hold a cell: their row and first column are the first two u16.
const XLS_CELL_RECORDS: &[u16] = &[0x0006, 0x00BD, 0x00BE, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E];
const BOF: u16 = 0x0809;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
/// BOF substream types.
const BOF_GLOBALS: u16 = 0x0005;

/// A sheet's name from its BOUNDSHEET record (a ShortXLUnicodeString after 6 bytes).
fn boundsheet_name(body: &[u8]) -> String {
    let Some(&cch) = body.get(6) else { return String::new() };
    let high = body.get(7).copied().unwrap_or(0) & 1 == 1;
    let text = body.get(8..).unwrap_or(&[]);
    if high {
        let units: Vec<u16> = text.chunks_exact(2).take(cch as usize).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(cch as usize).map(|b| *b as char).collect()
    }
}

/// Refuses an .xls whose sheets declare (DIMENSIONS) or spread cells over more than
/// [`MAX_XLS_CELLS`], or beyond the format's 65,536 rows and 256 columns: its reader would
/// allocate the whole rectangle. The refusal names the sheet and the far cell.
fn check_xls(bytes: &[u8]) -> Result<(), ReadProblem> {
    let Ok(mut cfb) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let stream = if cfb.exists("/Workbook") { "/Workbook" } else { "/Book" };
    let Ok(mut s) = cfb.open_stream(stream) else { return Ok(()) };
    let mut data = Vec::new();
    if s.by_ref().take(super::MAX_FILE_BYTES * 2).read_to_end(&mut data).is_err() {
        return Ok(());
    }
    let mut names: Vec<String> = Vec::new();
    // Substreams after the globals, in order: the k-th is the sheet of the k-th BOUNDSHEET.
    let mut substream: Option<usize> = None;
    let mut seen_globals = false;
    let (mut min, mut max): ((u64, u64), (u64, u64)) = ((u64::MAX, u64::MAX), (0, 0));
    let sheet_name = |names: &[String], k: Option<usize>| {
        k.and_then(|k| names.get(k).cloned()).unwrap_or_else(|| format!("第 {} 个工作表", k.map_or(1, |k| k + 1)))
    };
    let too_big = |min: (u64, u64), max: (u64, u64)| {
        max.0 >= min.0 && max.1 >= min.1 && (max.0 - min.0 + 1).saturating_mul(max.1 - min.1 + 1) > MAX_XLS_CELLS
    };
    let far = |names: &[String], k: Option<usize>, row: u64, col: u64| ReadProblem::CellOutOfBounds {
        sheet: sheet_name(names, k),
        cell: if row < EXCEL_ROWS && col < EXCEL_COLS {
            cell_name(row as u32, col as u32)
        } else {
            format!("第 {} 行第 {} 列", row + 1, col + 1)
        },
    };
    let mut i = 0;
    while i + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[i], data[i + 1]]);
        let len = u16::from_le_bytes([data[i + 2], data[i + 3]]) as usize;
        let body = &data[(i + 4).min(data.len())..(i + 4 + len).min(data.len())];
        i += 4 + len;
        match kind {
            BOF => {
                if too_big(min, max) {
                    return Err(far(&names, substream, max.0, max.1));
                }
                (min, max) = ((u64::MAX, u64::MAX), (0, 0));
                let dt = body.get(2..4).map(|b| u16::from_le_bytes([b[0], b[1]])).unwrap_or(0);
                if dt == BOF_GLOBALS && !seen_globals {
                    seen_globals = true;
                } else {
                    substream = Some(substream.map_or(0, |k| k + 1));
                }
            }
            BOUNDSHEET => names.push(boundsheet_name(body)),
            DIMENSIONS if body.len() >= 12 => {
                let u32at = |o: usize| u32::from_le_bytes([body[o], body[o + 1], body[o + 2], body[o + 3]]) as u64;
                let u16at = |o: usize| u16::from_le_bytes([body[o], body[o + 1]]) as u64;
                let (r0, r1, c0, c1) = (u32at(0), u32at(4), u16at(8), u16at(10));
                // rwMac and colMac are one past the last row and column.
                if r1 > 65_536 || c1 > 256 || r0 > r1 || c0 > c1 || (r1 - r0).saturating_mul(c1 - c0) > MAX_XLS_CELLS {
                    return Err(far(&names, substream, r1.saturating_sub(1), c1.saturating_sub(1)));
                }
            }
            k if XLS_CELL_RECORDS.contains(&k) && body.len() >= 4 => {
                let row = u16::from_le_bytes([body[0], body[1]]) as u64;
                let col = u16::from_le_bytes([body[2], body[3]]) as u64;
                // MULRK / MULBLANK end with their last column.
                let last = if matches!(k, 0x00BD | 0x00BE) && body.len() >= 6 {
                    u16::from_le_bytes([body[body.len() - 2], body[body.len() - 1]]) as u64
                } else {
                    col
                };
                min = (min.0.min(row), min.1.min(col));
                max = (max.0.max(row), max.1.max(last));
            }
            _ => {}
        }
    }
    if too_big(min, max) {
        return Err(far(&names, substream, max.0, max.1));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_checked_without_overflow() {
        assert_eq!(checked_ref("B6"), Some((5, 1)));
        assert_eq!(checked_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(checked_ref("A99999999999"), None);
        assert_eq!(checked_ref("XFE1"), None);
        assert_eq!(checked_ref("ZZZZ1"), None);
        assert_eq!(checked_ref("A0"), None);
    }

    #[test]
    fn sheet_names_of_biff_records() {
        let mut body = vec![0, 0, 0, 0, 0, 0, 3, 0];
        body.extend_from_slice(b"abc");
        assert_eq!(boundsheet_name(&body), "abc");
        let mut body = vec![0, 0, 0, 0, 0, 0, 3, 1];
        for u in "填报表".encode_utf16() {
            body.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(boundsheet_name(&body), "填报表");
    }
}
