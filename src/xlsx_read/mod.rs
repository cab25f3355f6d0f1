//! Reading spreadsheets that come back from other people (returned forms, new lists): open the
//! workbook, read a sheet as a grid of texts within bounds, name cells as Excel does. Shared by
//! the forms import and the list import. What the file declares and holds is checked first
//! ([`guard`]), so that no file can make the reader allocate without bound or abort.

pub mod guard;

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto};

/// `A`, `B`, … `Z`, `AA` for a 0-based column.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

/// `B6` for 0-based row 5, column 1.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col as usize), row + 1)
}

/// The 0-based row and column of a cell named like `B6`.
pub fn parse_cell_name(name: &str) -> Option<(u32, u32)> {
    let name = name.trim();
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = name.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32) - 1;
    let row: u32 = digits.parse().ok().filter(|r| *r >= 1)?;
    Some((row - 1, col))
}

/// A cell's text as a person reads it: whole numbers without `.0`.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn cell_ref_text(d: &DataRef) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => dt.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

/// Why a workbook or a sheet could not be read; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    Missing,
    Folder,
    TooLarge {
        bytes: u64,
        max: u64,
    },
    /// Not a zip/OLE file at all, or truncated.
    NotSpreadsheet {
        detail: String,
    },
    /// A spreadsheet calamine opened but could not read.
    Unreadable {
        detail: String,
    },
    /// A compressed part that would unpack to far more than a spreadsheet of this kind holds.
    Inflated {
        part: String,
        bytes: u64,
    },
    /// A workbook saved with an opening password.
    Encrypted,
    /// A package missing a part Excel needs.
    Incomplete {
        what: String,
    },
    /// A part that declares what it does not hold.
    Forged {
        part: String,
        what: String,
    },
    /// A cell over Excel's limit of 32,767 characters.
    CellTooLong {
        sheet: String,
        cell: String,
        chars: usize,
    },
    /// A cell beyond what the sheet can hold for its purpose.
    CellOutOfBounds {
        sheet: String,
        cell: String,
    },
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadProblem::Missing => write!(f, "文件不存在。请检查文件名和所在文件夹。"),
            ReadProblem::Folder => write!(f, "这是一个文件夹，不是表格文件。请选择文件夹中的 .xlsx 文件。"),
            ReadProblem::TooLarge { bytes, max } => write!(
                f,
                "文件太大（{:.1} MB，上限 {} MB），不像是填报表或任务清单。请确认选对了文件。",
                *bytes as f64 / 1e6,
                max / 1_000_000
            ),
            ReadProblem::NotSpreadsheet { detail } => {
                write!(f, "不是 Excel 文件，或文件已损坏（可能没有下载完整）。请让对方重新发送原表。（{detail}）")
            }
            ReadProblem::Unreadable { detail } => {
                write!(f, "无法作为 Excel 文件读取。请确认它是 .xlsx 或 .xls 表格，且没有损坏。（{detail}）")
            }
            ReadProblem::CellOutOfBounds { sheet, cell } => write!(
                f,
                "工作表“{sheet}”的单元格 {cell} 超出了表格应有的范围（可能被误填或文件被改动）。请删除该处内容，或使用原表重新填写。"
            ),
            ReadProblem::Encrypted => {
                write!(f, "文件设有打开密码，无法读取。请让对方在 Excel 或 WPS 中取消密码后重新发送。")
            }
            ReadProblem::Incomplete { what } => {
                write!(f, "文件不完整（{what}），可能已损坏或被改动。请让对方用原表重新填写后发送。")
            }
            ReadProblem::Forged { part, what } => {
                write!(f, "文件内容与其声明不符（{part}：{what}），可能已损坏或被改动。请让对方用原表重新填写后发送。")
            }
            ReadProblem::CellTooLong { sheet, cell, chars } => write!(
                f,
                "工作表“{sheet}”的单元格 {cell} 内容过长（{chars} 字，超过 Excel 单元格 {MAX_CELL_CHARS} 字的上限），可能已损坏或被改动。请精简后重新发送。"
            ),
            ReadProblem::Inflated { part, bytes } => write!(
                f,
                "文件解压后过大（其中 {part} 有 {:.0} MB），不像是正常的表格，可能已损坏或被改动。请让对方用原表重新填写后发送。",
                *bytes as f64 / 1e6
            ),
        }
    }
}

/// The largest spreadsheet we read.
pub const MAX_FILE_BYTES: u64 = 20_000_000;
/// The most text one sheet may hold once read (a shared string used by many cells is copied
/// into each).
pub const MAX_SHEET_TEXT_BYTES: usize = 64_000_000;
/// Excel's limit on the text of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Rows and columns a sheet may use; a cell beyond them is refused rather than read (a single
/// cell at XFD1048576 would otherwise make the reader allocate the whole sheet).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub rows: u32,
    pub cols: u32,
}

/// A sheet read as texts: `rows[r][c]`, 0-based as on the sheet (row 0 is Excel's row 1).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).map(String::as_str).unwrap_or("")
    }
}

/// An open workbook.
pub struct Workbook {
    inner: Sheets<BufReader<File>>,
    path: std::path::PathBuf,
    /// The sheets' parts of an .xlsx (checked before each is read).
    package: Option<guard::Package>,
    /// Cells holding a formula without a calculated value, per sheet read.
    uncalculated: std::collections::HashMap<String, Vec<(u32, u32)>>,
}

/// Opens a workbook (.xlsx, .xls) after checking it is a file of a sensible size.
pub fn open(path: &Path) -> Result<Workbook, ReadProblem> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadProblem::Missing),
        Err(e) => {
            return Err(ReadProblem::Unreadable { detail: crate::error::describe_io(&e) });
        }
    };
    if meta.is_dir() {
        return Err(ReadProblem::Folder);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadProblem::TooLarge { bytes: meta.len(), max: MAX_FILE_BYTES });
    }
    let package = guard::inspect(path)?;
    match open_workbook_auto(path) {
        Ok(inner) => Ok(Workbook { inner, path: path.to_path_buf(), package, uncalculated: Default::default() }),
        Err(e) => {
            use calamine::Error as E;
            let detail = e.to_string();
            Err(match e {
                E::Io(_) | E::Xlsx(calamine::XlsxError::Zip(_)) | E::Xls(calamine::XlsError::Cfb(_)) => {
                    ReadProblem::NotSpreadsheet { detail }
                }
                E::Msg(_) => ReadProblem::NotSpreadsheet { detail },
                E::Xlsx(calamine::XlsxError::Password) | E::Xls(calamine::XlsError::Password) => ReadProblem::Encrypted,
                _ => ReadProblem::Unreadable { detail },
            })
        }
    }
}

impl Workbook {
    pub fn sheet_names(&self) -> Vec<String> {
        self.inner.sheet_names().to_vec()
    }

    /// The cells of a sheet read with [`Workbook::grid`] that hold a formula without a calculated
    /// value (0-based row and column): Excel shows nothing there, so nothing was filled in.
    pub fn uncalculated_formulas(&mut self, sheet: &str) -> Result<Vec<(u32, u32)>, ReadProblem> {
        if let Some(cells) = self.uncalculated.get(sheet) {
            return Ok(cells.clone());
        }
        // An .xls: its formulas, read by the reader (its extent was checked on opening).
        let unreadable = |e: &dyn std::fmt::Display| ReadProblem::Unreadable { detail: e.to_string() };
        let range = self.inner.worksheet_formula(sheet).map_err(|e| unreadable(&e))?;
        let values = self.inner.worksheet_range(sheet).map_err(|e| unreadable(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut out = Vec::new();
        for (i, row) in range.rows().enumerate() {
            for (j, f) in row.iter().enumerate() {
                let (r, c) = (r0 + i as u32, c0 + j as u32);
                if !f.is_empty() && values.get_value((r, c)).is_none_or(|v| cell_text(v).trim().is_empty()) {
                    out.push((r, c));
                }
            }
        }
        Ok(out)
    }

    /// Reads a sheet within `bounds`. An .xlsx sheet is streamed cell by cell and refused at the
    /// first cell beyond the bounds.
    pub fn grid(&mut self, sheet: &str, bounds: Bounds) -> Result<Grid, ReadProblem> {
        // An .xlsx sheet's references and formulas are checked in its XML before the reader
        // sees them.
        if let Some(part) = self.package.as_ref().and_then(|p| p.sheets.iter().find(|(n, _)| n == sheet)).map(|(_, p)| p.clone())
        {
            let uncalculated = guard::scan_sheet(&self.path, &part, sheet, bounds)?;
            self.uncalculated.insert(sheet.to_string(), uncalculated);
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut bytes = 0usize;
        let mut put = |r: u32, c: u32, text: String| -> Result<(), ReadProblem> {
            if r >= bounds.rows || c >= bounds.cols {
                return Err(ReadProblem::CellOutOfBounds { sheet: sheet.to_string(), cell: cell_name(r, c) });
            }
            if text.is_empty() {
                return Ok(());
            }
            if text.len() > MAX_CELL_CHARS {
                let chars = text.chars().count();
                if chars > MAX_CELL_CHARS {
                    return Err(ReadProblem::CellTooLong { sheet: sheet.to_string(), cell: cell_name(r, c), chars });
                }
            }
            bytes += text.len();
            if bytes > MAX_SHEET_TEXT_BYTES {
                return Err(ReadProblem::Inflated { part: format!("工作表“{sheet}”"), bytes: bytes as u64 });
            }
            let (r, c) = (r as usize, c as usize);
            if rows.len() <= r {
                rows.resize(r + 1, Vec::new());
            }
            if rows[r].len() <= c {
                rows[r].resize(c + 1, String::new());
            }
            rows[r][c] = text;
            Ok(())
        };
        match &mut self.inner {
            Sheets::Xlsx(x) => {
                let mut cells = x.worksheet_cells_reader(sheet).map_err(|e| ReadProblem::Unreadable { detail: e.to_string() })?;
                while let Some(cell) = cells.next_cell().map_err(|e| ReadProblem::Unreadable { detail: e.to_string() })? {
                    let (r, c) = cell.get_position();
                    put(r, c, cell_ref_text(cell.get_value()))?;
                }
            }
            other => {
                let range = other.worksheet_range(sheet).map_err(|e| ReadProblem::Unreadable { detail: e.to_string() })?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (i, row) in range.rows().enumerate() {
                    for (j, d) in row.iter().enumerate() {
                        put(r0 + i as u32, c0 + j as u32, cell_text(d))?;
                    }
                }
            }
        }
        Ok(Grid { rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_and_cell_names() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(6), "G");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
        assert_eq!(cell_name(5, 1), "B6");
        assert_eq!(parse_cell_name("B6"), Some((5, 1)));
        assert_eq!(parse_cell_name("XFD1048576"), Some((1048575, 16383)));
        assert_eq!(parse_cell_name("6B"), None);
        assert_eq!(parse_cell_name("B0"), None);
    }

    #[test]
    fn missing_and_folder_are_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(open(&dir.path().join("none.xlsx")).err(), Some(ReadProblem::Missing));
        assert_eq!(open(dir.path()).err(), Some(ReadProblem::Folder));
        let text = dir.path().join("t.xlsx");
        std::fs::write(&text, "不是表格").unwrap();
        assert!(matches!(open(&text).err(), Some(ReadProblem::NotSpreadsheet { .. })));
    }

    #[test]
    fn a_cell_beyond_the_bounds_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("far.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "序号").unwrap();
        ws.write_string(4999, 3, "远处").unwrap();
        wb.save(&path).unwrap();
        let mut book = open(&path).unwrap();
        let grid = book.grid("Sheet1", Bounds { rows: 5000, cols: 10 }).unwrap();
        assert_eq!(grid.get(4999, 3), "远处");
        let err = book.grid("Sheet1", Bounds { rows: 100, cols: 10 }).unwrap_err();
        assert_eq!(err, ReadProblem::CellOutOfBounds { sheet: "Sheet1".into(), cell: "D5000".into() });
    }
}
