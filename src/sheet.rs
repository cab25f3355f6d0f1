//! The government sheet format every export uses (DESIGN §4): a title merged across the
//! table, an optional 填报单位 / 报送时间 line, a header row, chapter rows merged across,
//! merged group cells, thin borders, wrapped and vertically centred text, A4 landscape fit to
//! one page wide with the header repeated on every page and a 第 &P 页 共 &N 页 footer, and
//! column widths and row heights computed for Chinese text.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::error::{Error, Result};

/// Fonts and sizes, from the settings.
#[derive(Debug, Clone)]
pub struct SheetStyle {
    pub font_title: String,
    pub font_header: String,
    pub font_body: String,
    pub title_size: f64,
    pub header_size: f64,
    pub body_size: f64,
}

impl Default for SheetStyle {
    fn default() -> Self {
        SheetStyle {
            font_title: "方正小标宋简体".into(),
            font_header: "黑体".into(),
            font_body: "仿宋_GB2312".into(),
            title_size: 20.0,
            header_size: 12.0,
            body_size: 12.0,
        }
    }
}

impl SheetStyle {
    pub fn from_settings(s: &crate::settings::Settings) -> SheetStyle {
        SheetStyle {
            font_title: s.font_title.clone(),
            font_header: s.font_header.clone(),
            font_body: s.font_body.clone(),
            ..SheetStyle::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Width bounds in Excel's character units.
    pub min_width: f64,
    pub max_width: f64,
    pub align: Align,
    /// A column the person filling the form may edit (forms only).
    pub unlocked: bool,
    /// Cells that hold numbers are written as numbers (counts, for charts and sums).
    pub numeric: bool,
    /// Hidden (a form's task ids).
    pub hidden: bool,
}

impl Column {
    pub fn new(header: &str, min_width: f64, max_width: f64, align: Align) -> Column {
        Column { header: header.to_string(), min_width, max_width, align, unlocked: false, numeric: false, hidden: false }
    }

    /// A column of counts, written as numbers.
    pub fn count(header: &str) -> Column {
        Column { numeric: true, ..Column::new(header, 6.0, 10.0, Align::Center) }
    }
}

/// A row of the table body.
#[derive(Debug, Clone)]
pub enum Row {
    /// A chapter or category heading merged across the table (一、大力推进绿色发展).
    Heading(String),
    /// A data row: one text per column, and an optional fill colour per column.
    Data { cells: Vec<String>, fills: Vec<Option<Color>> },
}

impl Row {
    pub fn data(cells: Vec<String>) -> Row {
        Row::Data { cells, fills: Vec::new() }
    }
}

/// A cell merged over consecutive body rows of one column (a 工作内容 over its tasks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerticalMerge {
    pub column: u16,
    /// Body row indexes, inclusive.
    pub first: usize,
    pub last: usize,
}

/// A whole table as it is printed.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet_name: String,
    pub title: String,
    /// The 填报单位 / 报送时间 line: left and right text.
    pub info: Option<(String, String)>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub merges: Vec<VerticalMerge>,
    /// Lines printed between the 填报单位 line and the header (a form's 填表说明).
    pub intro: Vec<String>,
    /// Notes printed under the table (说明).
    pub notes: Vec<String>,
}

/// Where things landed on the sheet, for callers that add to it (forms add validation).
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub header_row: u32,
    pub first_body_row: u32,
    /// Sheet row of each body row.
    pub body_rows: usize,
}

impl Layout {
    pub fn sheet_row(&self, body_index: usize) -> u32 {
        self.first_body_row + body_index as u32
    }
}

/// The display width of text in Excel character units at `size` points: a Chinese character
/// is about two narrow widths (Excel's own autofit counts it as one, and cuts it off).
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: f64 = text.chars().map(char_units).sum();
    units * size / 11.0
}

fn char_units(c: char) -> f64 {
    match c {
        '\n' | '\r' => 0.0,
        c if c.is_ascii_digit() => 1.1,
        c if c.is_ascii_uppercase() => 1.3,
        c if c.is_ascii() => 1.1,
        // Chinese characters, and punctuation such as “ ” and ,, which 仿宋 and 宋体 draw full width.
        _ => 2.1,
    }
}

/// How many lines `text` takes in a column `width` units wide at `size` points, wrapping at
/// any character as Excel does for Chinese text.
pub fn lines_needed(text: &str, width: f64, size: f64) -> usize {
    // Cell padding takes about one unit.
    let usable = (width - 1.0).max(1.0);
    let mut lines = 0;
    for para in text.split('\n') {
        let mut line = 0.0;
        let mut count = 1;
        for c in para.chars() {
            let w = char_units(c) * size / 11.0;
            if line + w > usable && line > 0.0 {
                count += 1;
                line = 0.0;
            }
            line += w;
        }
        lines += count;
    }
    lines.max(1)
}

/// Row height in points for `lines` lines of text at `size` points: Excel and WPS need about
/// 1.3 × the font size per line for 仿宋 and 宋体, plus some padding.
pub fn row_height(lines: usize, size: f64) -> f64 {
    (lines as f64 * size * 1.35 + 6.0).min(409.0)
}

pub struct Formats {
    pub title: Format,
    pub info_left: Format,
    pub info_right: Format,
    pub header: Format,
    pub heading: Format,
    pub body_left: Format,
    pub body_center: Format,
    pub note: Format,
}

impl Formats {
    pub fn new(style: &SheetStyle) -> Formats {
        let body = Format::new()
            .set_font_name(&style.font_body)
            .set_font_size(style.body_size)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new()
                .set_font_name(&style.font_title)
                .set_font_size(style.title_size)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            info_left: Format::new().set_font_name(&style.font_body).set_font_size(style.body_size).set_align(FormatAlign::VerticalCenter),
            info_right: Format::new()
                .set_font_name(&style.font_body)
                .set_font_size(style.body_size)
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            header: Format::new()
                .set_font_name(&style.font_header)
                .set_font_size(style.header_size)
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            heading: Format::new()
                .set_font_name(&style.font_header)
                .set_font_size(style.body_size)
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            body_center: body.clone().set_align(FormatAlign::Center),
            body_left: body.set_align(FormatAlign::Left),
            note: Format::new()
                .set_font_name(&style.font_body)
                .set_font_size(style.body_size)
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// Column widths for a table: each column as wide as its widest line, within its bounds.
pub fn column_widths(table: &Table, style: &SheetStyle) -> Vec<f64> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let header = text_width(&c.header, style.header_size) + 2.0;
            let body = table
                .rows
                .iter()
                .filter_map(|r| match r {
                    Row::Data { cells, .. } => cells.get(i),
                    Row::Heading(_) => None,
                })
                .flat_map(|t| t.split('\n'))
                .map(|line| text_width(line, style.body_size) + 2.0)
                .fold(0.0, f64::max);
            header.max(body).clamp(c.min_width, c.max_width)
        })
        .collect()
}

/// Row heights computed for a table: every line of wrapped text shows.
#[derive(Debug, Clone)]
pub struct Measures {
    /// Height in points of each body row.
    pub body_heights: Vec<f64>,
}

/// For each body row and column, the index of the (multi-row) merge covering it.
fn merge_index(table: &Table) -> Vec<Vec<Option<usize>>> {
    let mut at = vec![vec![None; table.columns.len()]; table.rows.len()];
    for (i, m) in table.merges.iter().enumerate() {
        if m.last <= m.first {
            continue;
        }
        for row in at.iter_mut().take(m.last + 1).skip(m.first) {
            if let Some(cell) = row.get_mut(m.column as usize) {
                *cell = Some(i);
            }
        }
    }
    at
}

/// The height of each body row: the most lines any of its cells needs, with a merged cell's
/// text spread over the rows it covers (extra lines go to its last row).
pub fn measure(table: &Table, style: &SheetStyle, widths: &[f64]) -> Measures {
    let total_width: f64 = widths.iter().sum();
    let merge_at = merge_index(table);
    let mut lines: Vec<usize> = vec![1; table.rows.len()];
    for (idx, r) in table.rows.iter().enumerate() {
        match r {
            Row::Heading(text) => lines[idx] = lines_needed(text, total_width, style.body_size),
            Row::Data { cells, .. } => {
                for (col, text) in cells.iter().enumerate() {
                    if merge_at[idx].get(col).copied().flatten().is_none() {
                        lines[idx] = lines[idx].max(lines_needed(text, widths[col], style.body_size));
                    }
                }
            }
        }
    }
    for m in table.merges.iter().filter(|m| m.last > m.first) {
        let Some(Row::Data { cells, .. }) = table.rows.get(m.first) else { continue };
        let needed = lines_needed(&cells[m.column as usize], widths[m.column as usize], style.body_size);
        let have: usize = lines[m.first..=m.last.min(lines.len() - 1)].iter().sum();
        if needed > have {
            lines[m.last] += needed - have;
        }
    }
    Measures { body_heights: lines.iter().map(|l| row_height(*l, style.body_size)).collect() }
}

/// Merges a range, or writes the one cell when the range is a single cell.
fn merge(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str, fmt: &Format) -> Result<()> {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, text, fmt)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, text, fmt)?;
    }
    Ok(())
}

/// Writes a table in the government format on `ws` and returns where things landed.
pub fn write_table(ws: &mut Worksheet, table: &Table, style: &SheetStyle) -> Result<Layout> {
    let f = Formats::new(style);
    let ncols = table.columns.len() as u16;
    let last_col = ncols - 1;
    let widths = column_widths(table, style);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
        if table.columns[i].hidden {
            ws.set_column_hidden(i as u16)?;
        }
    }
    let total_width: f64 = widths.iter().sum();

    ws.set_name(&table.sheet_name)?;
    let mut row: u32 = 0;
    // Title.
    merge(ws, row, 0, row, last_col, &table.title, &f.title)?;
    let title_lines = lines_needed(&table.title, total_width, style.title_size);
    ws.set_row_height(row, (title_lines as f64 * style.title_size * 1.4 + 14.0).max(40.0))?;
    row += 1;
    // 填报单位 / 报送时间.
    if let Some((left, right)) = &table.info {
        if ncols == 1 {
            ws.write_string_with_format(row, 0, &format!("{left}　{right}"), &f.info_left)?;
        } else {
            let split = (ncols / 2).max(1);
            merge(ws, row, 0, row, split - 1, left, &f.info_left)?;
            merge(ws, row, split, row, last_col, right, &f.info_right)?;
        }
        ws.set_row_height(row, style.body_size * 1.35 + 10.0)?;
        row += 1;
    }
    for line in &table.intro {
        merge(ws, row, 0, row, last_col, line, &f.note)?;
        ws.set_row_height(row, row_height(lines_needed(line, total_width, style.body_size), style.body_size))?;
        row += 1;
    }
    // Header.
    let header_row = row;
    let mut header_lines = 1;
    for (i, c) in table.columns.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, &c.header, &f.header)?;
        header_lines = header_lines.max(lines_needed(&c.header, widths[i], style.header_size));
    }
    ws.set_row_height(row, row_height(header_lines, style.header_size).max(28.0))?;
    row += 1;
    let first_body_row = row;

    let m = measure(table, style, &widths);
    let merge_at = merge_index(table);
    let column_formats: Vec<Format> = table
        .columns
        .iter()
        .map(|c| {
            let f = if c.align == Align::Center { f.body_center.clone() } else { f.body_left.clone() };
            if c.unlocked { f.set_unlocked() } else { f }
        })
        .collect();
    for (idx, r) in table.rows.iter().enumerate() {
        let sheet_row = first_body_row + idx as u32;
        match r {
            Row::Heading(text) => {
                merge(ws, sheet_row, 0, sheet_row, last_col, text, &f.heading)?;
            }
            Row::Data { cells, fills } => {
                for (col, text) in cells.iter().enumerate() {
                    let base = &column_formats[col];
                    let filled;
                    let fmt = match fills.get(col) {
                        Some(Some(color)) => {
                            filled = base.clone().set_background_color(*color);
                            &filled
                        }
                        _ => base,
                    };
                    if let Some(mg) = merge_at[idx].get(col).copied().flatten().map(|i| &table.merges[i]) {
                        if mg.first == idx {
                            ws.merge_range(sheet_row, col as u16, first_body_row + mg.last as u32, col as u16, text, fmt)?;
                        }
                        continue;
                    }
                    let number = if table.columns[col].numeric { text.parse::<f64>().ok() } else { None };
                    match number {
                        Some(v) => {
                            ws.write_number_with_format(sheet_row, col as u16, v, fmt)?;
                        }
                        // write_string never turns text into a formula, whatever it begins with.
                        None => {
                            ws.write_string_with_format(sheet_row, col as u16, text, fmt)?;
                        }
                    }
                }
            }
        }
        ws.set_row_height(sheet_row, m.body_heights[idx])?;
    }
    let mut row = first_body_row + table.rows.len() as u32;
    for note in &table.notes {
        merge(ws, row, 0, row, last_col, note, &f.note)?;
        ws.set_row_height(row, row_height(lines_needed(note, total_width, style.body_size), style.body_size))?;
        row += 1;
    }

    print_setup(ws, header_row)?;
    Ok(Layout { header_row, first_body_row, body_rows: table.rows.len() })
}

/// A4 landscape, one page wide, the rows down to the header repeated on every page, page
/// numbers in the footer, margins as offices use them.
pub fn print_setup(ws: &mut Worksheet, header_row: u32) -> Result<()> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer("&C&\"仿宋_GB2312\"&12第 &P 页 共 &N 页");
    // Inches: 1.8 cm left/right, 2 cm top, 2 cm bottom.
    ws.set_margins(0.71, 0.71, 0.79, 0.79, 0.31, 0.39);
    Ok(())
}

/// Saves a workbook safely: written to a temporary file in the target folder and renamed over
/// `out`, so `out` is either the old file or the whole new one. A read-only target, a missing
/// folder or a file held open by Excel gives a message naming the file.
pub fn save_workbook(workbook: &mut Workbook, out: &Path) -> Result<()> {
    let bytes = workbook.save_to_buffer()?;
    save_bytes(&bytes, out)
}

pub fn save_bytes(bytes: &[u8], out: &Path) -> Result<()> {
    use std::io::Write;
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::File {
            action: "保存",
            path: out.to_path_buf(),
            reason: "目标文件夹不存在。请先创建该文件夹，或另选保存位置。".into(),
        });
    }
    if out.is_dir() {
        return Err(Error::File {
            action: "保存",
            path: out.to_path_buf(),
            reason: "这是一个文件夹。请给出要保存的文件名，例如 进展情况表.xlsx。".into(),
        });
    }
    if let Ok(meta) = std::fs::metadata(out) {
        if meta.permissions().readonly() {
            return Err(Error::File {
                action: "保存",
                path: out.to_path_buf(),
                reason: "文件是只读的。请另存为其他文件名，或先取消该文件的只读属性。".into(),
            });
        }
        // Excel and WPS hold an open workbook without write sharing: opening it for writing then
        // fails with a sharing violation, which names the cause, where renaming over it below
        // would only say "access denied" (Windows and Wine alike). Nothing is written here.
        std::fs::OpenOptions::new().write(true).open(out).map_err(|e| Error::file("保存", out, &e))?;
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".taizhang-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::file("保存", out, &e))?;
    tmp.write_all(bytes).map_err(|e| Error::file("保存", out, &e))?;
    tmp.as_file().sync_all().map_err(|e| Error::file("保存", out, &e))?;
    // On failure the temporary file is removed when `tmp` drops.
    tmp.persist(out).map_err(|e| Error::file("保存", out, &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert!((text_width("区环保分局", 11.0) - 10.5).abs() < 1e-9);
        assert!(text_width("abc", 11.0) < text_width("环保局", 11.0) / 1.5);
    }

    #[test]
    fn wrapped_lines() {
        let text = "加".repeat(40);
        // Characters of 2.1×12/11 = 2.29 units in 31 usable units: 13 a line, so 40 take 4 lines.
        assert_eq!(lines_needed(&text, 32.0, 12.0), 4);
        assert_eq!(lines_needed(&"加".repeat(13), 32.0, 12.0), 1);
        assert_eq!(lines_needed("短", 32.0, 12.0), 1);
        assert_eq!(lines_needed("一\n二\n三", 32.0, 12.0), 3);
        assert_eq!(lines_needed("", 10.0, 12.0), 1);
        assert!(row_height(3, 12.0) >= 3.0 * 12.0 * 1.3);
    }
}
