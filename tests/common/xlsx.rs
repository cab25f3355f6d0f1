//! Reading exported workbooks back: cell text with calamine, merged ranges, and the parts of
//! the file calamine does not read (print setup, row heights, fonts) from the XML itself.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

pub struct Book {
    pub sheets: Vec<String>,
    xlsx: Xlsx<std::io::BufReader<std::fs::File>>,
    path: std::path::PathBuf,
}

impl Book {
    pub fn open(path: &Path) -> Book {
        let xlsx: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Book { sheets: xlsx.sheet_names().to_vec(), xlsx, path: path.to_path_buf() }
    }

    /// Every row of a sheet as text, empty cells as "".
    pub fn rows(&mut self, sheet: &str) -> Vec<Vec<String>> {
        let range = self.xlsx.worksheet_range(sheet).unwrap();
        let (h, w) = range.get_size();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut out = vec![vec![String::new(); w + c0 as usize]; h + r0 as usize];
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                out[r + r0 as usize][c + c0 as usize] = match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                };
            }
        }
        out
    }

    /// Merged ranges of a sheet as ((first_row, first_col), (last_row, last_col)).
    pub fn merges(&mut self, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
        self.xlsx.merge_cells_by_sheet_name(sheet).unwrap().into_iter().map(|d| (d.start, d.end)).collect()
    }

    /// The XML of one part of the package, e.g. `xl/worksheets/sheet1.xml`.
    pub fn part(&self, name: &str) -> String {
        let file = std::fs::File::open(&self.path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap_or_else(|_| panic!("no {name}")).read_to_string(&mut s).unwrap();
        s
    }

    pub fn has_part(&self, name: &str) -> bool {
        let file = std::fs::File::open(&self.path).unwrap();
        let zip = zip::ZipArchive::new(file).unwrap();
        zip.index_for_name(name).is_some()
    }
}

/// Attribute `name` of each `<row>` element: row index (0-based) → value.
pub fn row_heights(sheet_xml: &str) -> std::collections::HashMap<u32, f64> {
    let mut out = std::collections::HashMap::new();
    for chunk in sheet_xml.split("<row ").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let r = attr(tag, "r").and_then(|v| v.parse::<u32>().ok());
        let ht = attr(tag, "ht").and_then(|v| v.parse::<f64>().ok());
        if let (Some(r), Some(ht)) = (r, ht) {
            out.insert(r - 1, ht);
        }
    }
    out
}

/// Column widths from `<col min max width>`: column index (0-based) → width.
pub fn col_widths(sheet_xml: &str) -> std::collections::HashMap<u32, f64> {
    let mut out = std::collections::HashMap::new();
    for chunk in sheet_xml.split("<col ").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let (Some(min), Some(max), Some(w)) = (attr(tag, "min"), attr(tag, "max"), attr(tag, "width")) else {
            continue;
        };
        for c in min.parse::<u32>().unwrap()..=max.parse::<u32>().unwrap() {
            out.insert(c - 1, w.parse::<f64>().unwrap());
        }
    }
    out
}

pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).or_else(|| {
        let key = format!("{name}=\"");
        tag.starts_with(&key).then_some(key.len())
    })?;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// Lines a text needs in a column `width` wide, counted independently of the exporter: each
/// Chinese character is 16 px at 12 pt, Excel's width unit is 7 px, a cell loses 5 px of padding.
pub fn lines_for(text: &str, width: f64) -> usize {
    let usable_px = width * 7.0 - 5.0;
    text.split('\n')
        .map(|para| {
            let px: f64 = para.chars().map(|c| if c.is_ascii() { 8.0 } else { 16.0 }).sum();
            ((px / usable_px).ceil() as usize).max(1)
        })
        .sum()
}

/// Rows (0-based) that begin a printed page, from `<rowBreaks><brk id=…>` (a break at id N is
/// between rows N and N+1, 1-based: row N, 0-based, starts the page).
pub fn row_breaks(sheet_xml: &str) -> Vec<u32> {
    let Some(start) = sheet_xml.find("<rowBreaks") else {
        return vec![];
    };
    let end = sheet_xml[start..].find("</rowBreaks>").map(|e| start + e).unwrap_or(sheet_xml.len());
    sheet_xml[start..end]
        .split("<brk ")
        .skip(1)
        .filter_map(|chunk| attr(&chunk[..chunk.find('>').unwrap_or(chunk.len())], "id").and_then(|v| v.parse().ok()))
        .collect()
}
