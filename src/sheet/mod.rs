//! The government sheet format every export uses: an optional 附件 line, a title merged across
//! the table, an optional 填报单位 / 报送时间 line, a header row, chapter rows merged across,
//! merged group cells, thin borders, wrapped and vertically centred text, A4 landscape scaled to
//! one page wide with the header repeated on every page and a 第 &P 页 共 &N 页 footer, column
//! widths and row heights computed for Chinese text, and page breaks computed from those heights
//! ([`pages`]).

pub mod pages;

use std::borrow::{Borrow, Cow};
use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet};

use crate::error::Result;
use pages::{Glue, PagePlan};

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
    /// The number format of a numeric column (`0.0%` for a share); none for whole numbers.
    pub number_format: Option<&'static str>,
    /// Keep the column as wide as its longest value (up to its maximum): a date such as
    /// 2018年9月底 is not broken over two lines to make room.
    pub no_wrap: bool,
}

impl Column {
    pub fn new(header: &str, min_width: f64, max_width: f64, align: Align) -> Column {
        Column {
            header: header.to_string(),
            min_width,
            max_width,
            align,
            unlocked: false,
            numeric: false,
            hidden: false,
            number_format: None,
            no_wrap: false,
        }
    }

    /// See [`Column::no_wrap`].
    pub fn no_wrap(mut self) -> Column {
        self.no_wrap = true;
        self
    }

    /// A column whose cells that hold numbers are written as numbers (序号, 完成时间, percents).
    pub fn numeric(mut self) -> Column {
        self.numeric = true;
        self
    }

    /// A column of shares written as numbers shown as percents (0.917 → 91.7%).
    pub fn percent(mut self) -> Column {
        self.numeric = true;
        self.number_format = Some("0.0%");
        self
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
    /// The rows are one task (a 序号 over two rows): never split over two pages. Otherwise (a
    /// category over its tasks) the merge is split at a page break and its text repeated.
    pub keep_together: bool,
}

/// A cell of a line above the header or under the table (a form's 填报人 / 联系电话 block):
/// its text over columns `first..=last`; an editable one is unlocked and light yellow.
#[derive(Debug, Clone)]
pub struct FieldCell {
    pub text: String,
    pub first: u16,
    pub last: u16,
    pub editable: bool,
}

impl FieldCell {
    pub fn label(text: impl Into<String>, first: u16, last: u16) -> FieldCell {
        FieldCell { text: text.into(), first, last, editable: false }
    }

    pub fn input(text: impl Into<String>, first: u16, last: u16) -> FieldCell {
        FieldCell { text: text.into(), first, last, editable: true }
    }
}

/// Fill of the cells a person fills in (light yellow).
pub const FILL_IN: u32 = 0xFFF7D6;

/// A whole table as it is printed. Build one with [`Table::new`] and the setters.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet_name: String,
    /// The line above the title, as the document prints it: 附件2.
    pub caption: Option<String>,
    pub title: String,
    /// The 填报单位 / 报送时间 line: left and right text.
    pub info: Option<(String, String)>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub merges: Vec<VerticalMerge>,
    /// Lines printed between the 填报单位 line and the header (a form's 填表说明).
    pub intro: Vec<String>,
    /// Lines of label and input cells between the intro and the header (a form's 填报人 block).
    pub fields: Vec<Vec<FieldCell>>,
    /// Header cells merged across columns (one heading over two columns): first and last column.
    pub header_merges: Vec<(u16, u16)>,
    /// Notes printed under the table (说明).
    pub notes: Vec<String>,
    /// Lines of label and input cells under the notes (盖章, 审核人).
    pub closing: Vec<Vec<FieldCell>>,
    /// Smaller tables under the body, before the notes, on the table's columns (a form's
    /// targets under its tasks).
    pub blocks: Vec<Block>,
    /// The rows down to the header stay on screen while scrolling.
    pub freeze_header: bool,
    /// The smallest print scale (percent) the table may print at: when one page wide would need
    /// less, wide columns are narrowed (their text wraps) until it fits.
    pub min_scale: Option<u16>,
}

impl Table {
    /// A table with its sheet name (cut to Excel's 31 characters), title and columns.
    pub fn new(sheet_name: &str, title: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            sheet_name: sheet_name.chars().take(MAX_SHEET_NAME_CHARS).collect(),
            caption: None,
            title: title.into(),
            info: None,
            columns,
            rows: Vec::new(),
            merges: Vec::new(),
            intro: Vec::new(),
            fields: Vec::new(),
            header_merges: Vec::new(),
            notes: Vec::new(),
            closing: Vec::new(),
            blocks: Vec::new(),
            freeze_header: true,
            min_scale: None,
        }
    }

    /// See [`Table::min_scale`].
    pub fn min_scale(mut self, scale: u16) -> Table {
        self.min_scale = Some(scale);
        self
    }

    /// The line above the title (附件2).
    pub fn caption(mut self, caption: Option<String>) -> Table {
        self.caption = caption;
        self
    }

    /// A line of label and input cells above the header.
    pub fn field_line(mut self, cells: Vec<FieldCell>) -> Table {
        self.fields.push(cells);
        self
    }

    /// A line of label and input cells under the notes.
    pub fn closing_line(mut self, cells: Vec<FieldCell>) -> Table {
        self.closing.push(cells);
        self
    }

    /// One heading over columns `first..=last` (the document's 项目名称 over name and content).
    pub fn header_merge(mut self, first: u16, last: u16) -> Table {
        self.header_merges.push((first, last));
        self
    }

    /// The 填报单位 / 报送时间 line.
    pub fn info(mut self, left: impl Into<String>, right: impl Into<String>) -> Table {
        self.info = Some((left.into(), right.into()));
        self
    }

    pub fn rows(mut self, rows: Vec<Row>) -> Table {
        self.rows = rows;
        self
    }

    pub fn merges(mut self, merges: Vec<VerticalMerge>) -> Table {
        self.merges = merges;
        self
    }

    /// Lines between the 填报单位 line and the header.
    pub fn intro(mut self, line: impl Into<String>) -> Table {
        self.intro.push(line.into());
        self
    }

    /// A line under the table.
    pub fn note(mut self, line: impl Into<String>) -> Table {
        self.notes.push(line.into());
        self
    }

    /// A smaller table under the body.
    pub fn block(mut self, block: Block) -> Table {
        self.blocks.push(block);
        self
    }
}

/// A smaller table under a table's body, on the same columns: a heading across, a header and
/// rows whose cells each span some of the table's columns.
#[derive(Debug, Clone)]
pub struct Block {
    pub heading: String,
    /// The columns each cell spans, left to right: (first, last).
    pub spans: Vec<(u16, u16)>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Cells a person fills in (unlocked and tinted), by span.
    pub editable: Vec<bool>,
    /// Cells centred (numbers, years), by span; the others are left-aligned.
    pub centered: Vec<bool>,
}

/// Excel's limit on a sheet name.
pub const MAX_SHEET_NAME_CHARS: usize = 31;

/// Where things landed on the sheet, for callers that add to it (forms add validation).
#[derive(Debug, Clone)]
pub struct Layout {
    pub header_row: u32,
    pub first_body_row: u32,
    /// Sheet rows of the field lines above the header, in order.
    pub field_rows: Vec<u32>,
    /// Sheet rows of the closing lines under the table.
    pub closing_rows: Vec<u32>,
    /// The print scale in percent.
    pub scale: u16,
    /// Body rows (indexes) that begin a printed page.
    pub page_starts: Vec<usize>,
    /// Sheet rows of each block's rows, block by block.
    pub block_rows: Vec<Vec<u32>>,
}

/// The display width of text in Excel character units at `size` points: a Chinese character
/// is about two narrow widths (Excel's own autofit counts it as one, and cuts it off).
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: f64 = text.chars().map(char_units).sum();
    units * size / 11.0
}

fn char_units(c: char) -> f64 {
    match c {
        '\n' | '\r' | ZERO_WIDTH_SPACE => 0.0,
        c if c.is_ascii_digit() => 1.1,
        c if c.is_ascii_uppercase() => 1.3,
        c if c.is_ascii() => 1.1,
        // Chinese characters, and punctuation such as “ ” and ,, which 仿宋 and 宋体 draw full width.
        _ => 2.1,
    }
}

/// A break opportunity that shows nothing (after each 、 of a long list of numbers, so that a
/// number is never split between lines).
pub const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// How many lines `text` takes in a column `width` units wide at `size` points, wrapping at
/// any character as Excel does for Chinese text.
pub fn lines_needed(text: &str, width: f64, size: f64) -> usize {
    // Cell padding takes about one unit.
    let usable = (width - 1.0).max(1.0);
    let unit = |c: char| char_units(c) * size / 11.0;
    let mut lines = 0;
    for para in text.split('\n') {
        let mut line = 0.0;
        let mut count = 1;
        for word in wrap_units(para) {
            let w: f64 = word.chars().map(unit).sum();
            if line + w > usable && line > 0.0 {
                count += 1;
                line = 0.0;
            }
            if w > usable {
                // A word longer than the line breaks anywhere.
                for c in word.chars() {
                    if line + unit(c) > usable && line > 0.0 {
                        count += 1;
                        line = 0.0;
                    }
                    line += unit(c);
                }
            } else {
                line += w;
            }
        }
        lines += count;
    }
    lines.max(1)
}

/// Punctuation that may not begin a line (Excel, WPS and LibreOffice carry the character before
/// it over with it).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '%'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// The pieces a line breaks between: a run of Latin letters and digits (a number, 18VOCs) is one
/// piece — and so is a list of numbers joined by 、 (16、19、22), which LibreOffice and WPS do not
/// break either —, a Chinese character is one, and a character is kept with the punctuation
/// after it.
fn wrap_units(para: &str) -> WrapUnits<'_> {
    WrapUnits { rest: para }
}

/// The iterator of [`wrap_units`]: no allocation, as it runs for every cell of every export.
struct WrapUnits<'a> {
    rest: &'a str,
}

impl<'a> Iterator for WrapUnits<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest;
        let c = s.chars().next()?;
        let mut end = c.len_utf8();
        if c.is_ascii_alphanumeric() {
            loop {
                let mut ahead = s[end..].chars();
                match ahead.next() {
                    Some(n) if n.is_ascii_alphanumeric() => end += 1,
                    Some(n @ ('、' | '，' | ',' | '.')) if ahead.next().is_some_and(|m| m.is_ascii_alphanumeric()) => {
                        end += n.len_utf8()
                    }
                    _ => break,
                }
            }
        }
        while let Some(n) = s[end..].chars().next().filter(|n| no_line_start(*n)) {
            end += n.len_utf8();
        }
        self.rest = &s[end..];
        Some(&s[..end])
    }
}

/// Row height in points for `lines` lines of text at `size` points: Excel and WPS need about
/// 1.3 × the font size per line for 仿宋 and 宋体, plus some padding.
pub fn row_height(lines: usize, size: f64) -> f64 {
    (lines as f64 * size * 1.35 + 6.0).min(409.0)
}

pub struct Formats {
    pub caption: Format,
    pub field_label: Format,
    pub field_input: Format,
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
            caption: Format::new()
                .set_font_name(&style.font_header)
                .set_font_size(style.header_size + 4.0)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            field_label: Format::new()
                .set_font_name(&style.font_body)
                .set_font_size(style.body_size)
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            field_input: Format::new()
                .set_font_name(&style.font_body)
                .set_font_size(style.body_size)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(Color::RGB(FILL_IN))
                .set_unlocked(),
            title: Format::new()
                .set_font_name(&style.font_title)
                .set_font_size(style.title_size)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            info_left: Format::new()
                .set_font_name(&style.font_body)
                .set_font_size(style.body_size)
                .set_align(FormatAlign::VerticalCenter),
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
            let header = c.header.split('\n').map(|l| text_width(l, style.header_size) + 2.0).fold(0.0, f64::max);
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
fn merge_index_of(rows: usize, columns: usize, merges: &[VerticalMerge]) -> Vec<Vec<Option<usize>>> {
    let mut at = vec![vec![None; columns]; rows];
    for (i, m) in merges.iter().enumerate() {
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
    measure_with(table, &table.merges, style, widths)
}

/// [`measure`] with the merges as they are after splitting at page breaks.
fn measure_with(table: &Table, merges: &[VerticalMerge], style: &SheetStyle, widths: &[f64]) -> Measures {
    measure_cached(&table.rows, table.columns.len(), merges, style, &cell_lines(table, style, widths))
}

/// The lines each cell takes at the table's widths (a heading: across the table), computed once
/// for the several measurements a page plan takes.
struct CellLines(Vec<Vec<usize>>);

fn cell_lines(table: &Table, style: &SheetStyle, widths: &[f64]) -> CellLines {
    let total_width: f64 = widths.iter().zip(&table.columns).filter(|(_, c)| !c.hidden).map(|(w, _)| *w).sum();
    CellLines(table.rows.iter().map(|r| row_lines(r, style, widths, total_width)).collect())
}

fn row_lines(r: &Row, style: &SheetStyle, widths: &[f64], total_width: f64) -> Vec<usize> {
    match r {
        Row::Heading(text) => vec![lines_needed(text, total_width, style.body_size)],
        Row::Data { cells, .. } => {
            cells.iter().enumerate().map(|(col, t)| lines_needed(t, widths[col], style.body_size)).collect()
        }
    }
}

fn measure_cached<R: Borrow<Row>>(
    rows: &[R],
    columns: usize,
    merges: &[VerticalMerge],
    style: &SheetStyle,
    cache: &CellLines,
) -> Measures {
    let merge_at = merge_index_of(rows.len(), columns, merges);
    let mut lines: Vec<usize> = vec![1; rows.len()];
    for (idx, r) in rows.iter().enumerate() {
        let cells = &cache.0[idx];
        match r.borrow() {
            Row::Heading(_) => lines[idx] = cells[0],
            Row::Data { .. } => {
                for (col, n) in cells.iter().enumerate() {
                    if merge_at[idx].get(col).copied().flatten().is_none() {
                        lines[idx] = lines[idx].max(*n);
                    }
                }
            }
        }
    }
    for m in merges.iter().filter(|m| m.last > m.first) {
        let Some(Row::Data { .. }) = rows.get(m.first).map(Borrow::borrow) else {
            continue;
        };
        let needed = cache.0[m.first][m.column as usize];
        let have: usize = lines[m.first..=m.last.min(lines.len() - 1)].iter().sum();
        if needed > have {
            lines[m.last] += needed - have;
        }
    }
    Measures { body_heights: lines.iter().map(|l| row_height(*l, style.body_size)).collect() }
}

/// Excel's limit on the text of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Text as a cell can hold it: longer text (only a ledger from before the limits on input can
/// have it) is cut with a note rather than failing the whole export.
pub fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    const NOTE: &str = "……（内容过长，已截断）";
    if text.len() <= MAX_CELL_CHARS || text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(MAX_CELL_CHARS - NOTE.chars().count()).collect();
    std::borrow::Cow::Owned(kept + NOTE)
}

/// Merges a range, or writes the one cell when the range is a single cell.
fn merge(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str, fmt: &Format) -> Result<()> {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, cell_text(text), fmt)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, &cell_text(text), fmt)?;
    }
    Ok(())
}

/// Splits category merges that cross a page break, so that the category shows again at the top
/// of the next page (as the source document does at its own page breaks).
fn split_merges_at(merges: &[VerticalMerge], page_starts: &[usize]) -> Vec<VerticalMerge> {
    let mut out = Vec::new();
    for m in merges {
        if m.keep_together {
            out.push(*m);
            continue;
        }
        let mut first = m.first;
        for &b in page_starts.iter().filter(|b| **b > m.first && **b <= m.last) {
            out.push(VerticalMerge { first, last: b - 1, ..*m });
            first = b;
        }
        out.push(VerticalMerge { first, ..*m });
    }
    out
}

/// The heading repeated at the top of a page that begins inside its chapter.
fn continued_heading(heading: &Row) -> String {
    match heading {
        Row::Heading(text) => format!("{text}（续）"),
        Row::Data { .. } => String::new(),
    }
}

fn heading_height(text: &str, total_width: f64, style: &SheetStyle) -> f64 {
    row_height(lines_needed(text, total_width, style.body_size), style.body_size)
}

/// The body with a （续） heading inserted where a page begins inside a chapter, the merges and
/// page starts moved to the new row numbers (a page now begins with its repeated heading), and
/// where each of the table's rows went.
fn with_continued_headings<'a>(
    table: &'a Table,
    merges: &[VerticalMerge],
    page_starts: &[usize],
    continued: &[Option<f64>],
) -> (Vec<Cow<'a, Row>>, Vec<VerticalMerge>, Vec<usize>, Vec<usize>) {
    let mut rows = Vec::with_capacity(table.rows.len() + page_starts.len());
    let mut new_index = Vec::with_capacity(table.rows.len());
    let mut starts = Vec::with_capacity(page_starts.len());
    let mut last_heading: Option<&Row> = None;
    let mut next_start = page_starts.iter().peekable();
    for (i, r) in table.rows.iter().enumerate() {
        while next_start.next_if(|s| **s < i).is_some() {}
        if next_start.next_if(|s| **s == i).is_some() {
            starts.push(rows.len());
            if let (Some(h), Some(_)) = (last_heading, continued.get(i).copied().flatten()) {
                rows.push(Cow::Owned(Row::Heading(continued_heading(h))));
            }
        }
        if matches!(r, Row::Heading(_)) {
            last_heading = Some(r);
        }
        new_index.push(rows.len());
        rows.push(Cow::Borrowed(r));
    }
    let merges = merges.iter().map(|m| VerticalMerge { first: new_index[m.first], last: new_index[m.last], ..*m }).collect();
    (rows, merges, starts, new_index)
}

/// How each body row holds on to the next: headings to their first row, the rows of one task
/// to each other.
fn glue_of(table: &Table) -> Vec<Glue> {
    let mut glue: Vec<Glue> =
        table.rows.iter().map(|r| if matches!(r, Row::Heading(_)) { Glue::ToNext } else { Glue::None }).collect();
    for m in table.merges.iter().filter(|m| m.keep_together) {
        for g in glue.iter_mut().take(m.last).skip(m.first) {
            *g = Glue::ToNext;
        }
    }
    glue
}

/// Rows looked at when choosing which column to narrow (enough to know the table's texts).
const NARROWING_SAMPLE: usize = 300;

/// Widths narrowed until the table prints one page wide at its `min_scale` or more, a unit at a
/// time from the column whose narrowing makes the rows grow least (an empty column before the
/// column of task texts), never below a column's minimum.
fn narrowed_to_scale(table: &Table, mut widths: Vec<f64>, style: &SheetStyle) -> Vec<f64> {
    let Some(min) = table.min_scale else {
        return widths;
    };
    let visible = |w: &[f64]| -> Vec<f64> { w.iter().zip(&table.columns).filter(|(_, c)| !c.hidden).map(|(w, _)| *w).collect() };
    let sample: Vec<&Vec<String>> = table
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Data { cells, .. } => Some(cells),
            Row::Heading(_) => None,
        })
        .take(NARROWING_SAMPLE)
        .collect();
    let lines = |text: &str, w: f64| lines_needed(text, w, style.body_size);
    let floor: Vec<f64> = table.columns.iter().zip(&widths).map(|(c, w)| if c.no_wrap { *w } else { c.min_width }).collect();
    while pages::fit_scale(&visible(&widths)) < min {
        let row_lines: Vec<usize> =
            sample.iter().map(|cells| cells.iter().enumerate().map(|(c, t)| lines(t, widths[c])).max().unwrap_or(1)).collect();
        let cost = |c: usize| -> usize {
            let header = lines_needed(&table.columns[c].header, widths[c] - 1.0, style.header_size);
            let body: usize = sample
                .iter()
                .zip(&row_lines)
                .map(|(cells, now)| cells.get(c).map(|t| lines(t, widths[c] - 1.0).saturating_sub(*now)).unwrap_or(0))
                .sum();
            body + header * 2
        };
        let best = (0..widths.len())
            .filter(|&i| !table.columns[i].hidden && widths[i] - 1.0 >= floor[i])
            .min_by(|&a, &b| cost(a).cmp(&cost(b)).then(widths[b].total_cmp(&widths[a])));
        match best {
            Some(i) => widths[i] -= 1.0,
            None => break,
        }
    }
    widths
}

/// Writes the cells of a field line.
fn write_fields(ws: &mut Worksheet, row: u32, cells: &[FieldCell], f: &Formats) -> Result<()> {
    for c in cells {
        let fmt = if c.editable { &f.field_input } else { &f.field_label };
        merge(ws, row, c.first, row, c.last, &c.text, fmt)?;
    }
    Ok(())
}

/// Writes a table in the government format on `ws` and returns where things landed.
pub fn write_table(ws: &mut Worksheet, table: &Table, style: &SheetStyle) -> Result<Layout> {
    let f = Formats::new(style);
    let ncols = table.columns.len() as u16;
    let last_col = ncols - 1;
    let widths = narrowed_to_scale(table, column_widths(table, style), style);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
        if table.columns[i].hidden {
            ws.set_column_hidden(i as u16)?;
        }
    }
    let visible: Vec<f64> = widths.iter().zip(&table.columns).filter(|(_, c)| !c.hidden).map(|(w, _)| *w).collect();
    let total_width: f64 = visible.iter().sum();
    let scale = pages::fit_scale(&visible);

    ws.set_name(&table.sheet_name)?;
    let mut row: u32 = 0;
    let mut top = 0.0;
    let mut height = |ws: &mut Worksheet, row: u32, h: f64| -> Result<()> {
        ws.set_row_height(row, h)?;
        top += h;
        Ok(())
    };
    // 附件2.
    if let Some(caption) = &table.caption {
        merge(ws, row, 0, row, last_col, caption, &f.caption)?;
        height(ws, row, style.header_size * 1.35 + 12.0)?;
        row += 1;
    }
    // Title.
    merge(ws, row, 0, row, last_col, &table.title, &f.title)?;
    let title_lines = lines_needed(&table.title, total_width, style.title_size);
    height(ws, row, (title_lines as f64 * style.title_size * 1.4 + 14.0).max(40.0))?;
    row += 1;
    // 填报单位 / 报送时间.
    if let Some((left, right)) = &table.info {
        if ncols == 1 {
            ws.write_string_with_format(row, 0, format!("{left}　{right}"), &f.info_left)?;
        } else {
            // The left text gets as many columns as it needs (at least half), the right the rest.
            let need = text_width(left, style.body_size) + 2.0;
            let mut split = 1;
            while split < ncols - 1 && (widths[..split as usize].iter().sum::<f64>() < need || split < ncols / 2) {
                split += 1;
            }
            merge(ws, row, 0, row, split - 1, left, &f.info_left)?;
            merge(ws, row, split, row, last_col, right, &f.info_right)?;
        }
        height(ws, row, style.body_size * 1.35 + 10.0)?;
        row += 1;
    }
    for line in &table.intro {
        merge(ws, row, 0, row, last_col, line, &f.note)?;
        height(ws, row, row_height(lines_needed(line, total_width, style.body_size), style.body_size))?;
        row += 1;
    }
    let mut field_rows = Vec::new();
    for cells in &table.fields {
        write_fields(ws, row, cells, &f)?;
        height(ws, row, row_height(1, style.body_size) + 6.0)?;
        field_rows.push(row);
        row += 1;
    }
    // Header.
    let header_row = row;
    let mut header_lines = 1;
    let merged_header = |col: u16| table.header_merges.iter().find(|(a, b)| *a <= col && col <= *b).copied();
    for (i, c) in table.columns.iter().enumerate() {
        let col = i as u16;
        match merged_header(col) {
            Some((a, b)) if a == col => {
                merge(ws, row, a, row, b, &c.header, &f.header)?;
                let w: f64 = widths[a as usize..=b as usize].iter().sum();
                header_lines = header_lines.max(lines_needed(&c.header, w, style.header_size));
            }
            Some(_) => {}
            None => {
                ws.write_string_with_format(row, col, &c.header, &f.header)?;
                header_lines = header_lines.max(lines_needed(&c.header, widths[i], style.header_size));
            }
        }
    }
    let header_height = row_height(header_lines, style.header_size).max(28.0);
    height(ws, row, header_height)?;
    row += 1;
    let first_body_row = row;

    // Pages: the breaks follow from the row heights, which depend on where merges are split;
    // a few rounds settle both.
    let glue = glue_of(table);
    // A page that begins inside a chapter repeats its heading, marked （续）.
    let mut heading: Option<usize> = None;
    let continued: Vec<Option<f64>> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| match r {
            Row::Heading(_) => {
                heading = Some(i);
                None
            }
            Row::Data { .. } => heading.map(|h| heading_height(&continued_heading(&table.rows[h]), total_width, style)),
        })
        .collect();
    let mut merges = table.merges.clone();
    let mut page_starts: Vec<usize> = Vec::new();
    let cache = cell_lines(table, style, &widths);
    let mut m = measure_cached(&table.rows, table.columns.len(), &merges, style, &cache);
    for _ in 0..4 {
        let plan = PagePlan {
            first_page_top: top,
            repeated_header: header_height,
            heights: &m.body_heights,
            glue: &glue,
            continued: &continued,
            scale,
        };
        let next = pages::page_breaks(&plan);
        if next == page_starts {
            break;
        }
        page_starts = next;
        merges = split_merges_at(&table.merges, &page_starts);
        m = measure_cached(&table.rows, table.columns.len(), &merges, style, &cache);
    }
    let (body, merges, page_starts, new_index) = with_continued_headings(table, &merges, &page_starts, &continued);
    // The body's rows are the table's, with （续） headings inserted: measured once more only
    // where inserted.
    let body_cache = {
        let mut lines: Vec<Option<Vec<usize>>> = vec![None; body.len()];
        for (from, to) in cache.0.into_iter().zip(&new_index) {
            lines[*to] = Some(from);
        }
        CellLines(
            lines.into_iter().zip(&body).map(|(l, r)| l.unwrap_or_else(|| row_lines(r, style, &widths, total_width))).collect(),
        )
    };
    let m = measure_cached(&body, table.columns.len(), &merges, style, &body_cache);

    let merge_at = merge_index_of(body.len(), table.columns.len(), &merges);
    let column_formats: Vec<Format> = table
        .columns
        .iter()
        .map(|c| {
            let base = if c.align == Align::Center { f.body_center.clone() } else { f.body_left.clone() };
            let base = match c.number_format {
                Some(nf) => base.set_num_format(nf),
                None => base,
            };
            if c.unlocked { base.set_unlocked() } else { base }
        })
        .collect();
    for (idx, r) in body.iter().enumerate() {
        let sheet_row = first_body_row + idx as u32;
        match r.as_ref() {
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
                    if let Some(mg) = merge_at[idx].get(col).copied().flatten().map(|i| &merges[i]) {
                        if mg.first == idx {
                            ws.merge_range(
                                sheet_row,
                                col as u16,
                                first_body_row + mg.last as u32,
                                col as u16,
                                &cell_text(text),
                                fmt,
                            )?;
                        }
                        continue;
                    }
                    let number = if table.columns[col].numeric { text.trim().parse::<f64>().ok() } else { None };
                    match number {
                        Some(v) => {
                            ws.write_number_with_format(sheet_row, col as u16, v, fmt)?;
                        }
                        // write_string never turns text into a formula, whatever it begins with.
                        None => {
                            ws.write_string_with_format(sheet_row, col as u16, cell_text(text), fmt)?;
                        }
                    }
                }
            }
        }
        ws.set_row_height(sheet_row, m.body_heights[idx])?;
    }
    let mut row = first_body_row + body.len() as u32;
    // Text that looks like a number (序号 "27", a year in a sentence) stays text without Excel's
    // green triangles.
    if !table.rows.is_empty() {
        ws.ignore_error_range(first_body_row, 0, row - 1, last_col, IgnoreError::NumberStoredAsText)?;
    }
    let mut block_rows = Vec::new();
    for block in &table.blocks {
        let span_width = |(a, b): (u16, u16)| widths[a as usize..=b as usize].iter().sum::<f64>();
        let heading_fmt = f.heading.clone();
        merge(ws, row, 0, row, last_col, &block.heading, &heading_fmt)?;
        ws.set_row_height(row, heading_height(&block.heading, total_width, style))?;
        row += 1;
        for (span, text) in block.spans.iter().zip(&block.header) {
            merge(ws, row, span.0, row, span.1, text, &f.header)?;
        }
        let header_lines = block
            .spans
            .iter()
            .zip(&block.header)
            .map(|(s, t)| lines_needed(t, span_width(*s), style.header_size))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, row_height(header_lines, style.header_size))?;
        row += 1;
        let mut rows = Vec::new();
        for cells in &block.rows {
            let mut lines = 1;
            for (i, (span, text)) in block.spans.iter().zip(cells).enumerate() {
                let base = if block.centered.get(i).copied().unwrap_or(false) { &f.body_center } else { &f.body_left };
                let fmt = if block.editable.get(i).copied().unwrap_or(false) {
                    base.clone().set_unlocked().set_background_color(Color::RGB(FILL_IN))
                } else {
                    base.clone()
                };
                merge(ws, row, span.0, row, span.1, text, &fmt)?;
                if !table.columns[span.0 as usize].hidden {
                    lines = lines.max(lines_needed(text, span_width(*span), style.body_size));
                }
            }
            ws.set_row_height(row, row_height(lines, style.body_size))?;
            rows.push(row);
            row += 1;
        }
        block_rows.push(rows);
    }
    for note in &table.notes {
        merge(ws, row, 0, row, last_col, note, &f.note)?;
        ws.set_row_height(row, row_height(lines_needed(note, total_width, style.body_size), style.body_size))?;
        row += 1;
    }
    let mut closing_rows = Vec::new();
    for cells in &table.closing {
        write_fields(ws, row, cells, &f)?;
        ws.set_row_height(row, row_height(1, style.body_size) + 10.0)?;
        closing_rows.push(row);
        row += 1;
    }

    print_setup(ws, header_row, scale, style)?;
    const MAX_PAGE_BREAKS: usize = 1023;
    // Excel keeps at most 1,023 manual breaks; past them (a list of thousands of rows) it
    // breaks pages by itself.
    let breaks: Vec<u32> = page_starts.iter().take(MAX_PAGE_BREAKS).map(|b| first_body_row + *b as u32).collect();
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    if table.freeze_header {
        ws.set_freeze_panes(header_row + 1, 0)?;
    }
    Ok(Layout { header_row, first_body_row, field_rows, closing_rows, scale, page_starts, block_rows })
}

/// A4 landscape at `scale` percent (one page wide), the rows down to the header repeated on
/// every page, page numbers in the footer, margins as offices use them.
pub fn print_setup(ws: &mut Worksheet, header_row: u32, scale: u16, style: &SheetStyle) -> Result<()> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_scale(scale);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer(footer(style));
    ws.set_margins(
        pages::MARGIN_LEFT_RIGHT_IN,
        pages::MARGIN_LEFT_RIGHT_IN,
        pages::MARGIN_TOP_BOTTOM_IN,
        pages::MARGIN_TOP_BOTTOM_IN,
        pages::MARGIN_HEADER_IN,
        pages::MARGIN_FOOTER_IN,
    );
    Ok(())
}

/// The page footer: 第 1 页 共 3 页, in the body font.
pub fn footer(style: &SheetStyle) -> String {
    format!("&C&\"{}\"&{}第 &P 页 共 &N 页", style.font_body, style.body_size)
}

/// Saves a workbook safely: written to a temporary file in the target folder and renamed over
/// `out`, so `out` is either the old file or the whole new one. A read-only target, a missing
/// folder or a file held open by Excel gives a message naming the file.
pub fn save_workbook(workbook: &mut Workbook, out: &Path) -> Result<()> {
    crate::files::check_target(out, "保存")?;
    let bytes = workbook.save_to_buffer()?;
    crate::files::save_bytes(&bytes, out)
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
        // A number is not split between lines: it moves to the next line whole.
        let numbers = "分解表第16、19、22、24、30、31、34、37、40、44、45、46、47、48、50、51、54";
        let by_char = numbers.chars().map(|c| char_units(c) * 12.0 / 11.0).sum::<f64>() / 29.0;
        assert!(lines_needed(numbers, 30.0, 12.0) as f64 >= by_char.ceil());
        assert_eq!(wrap_units("第16、19项").collect::<Vec<_>>(), vec!["第", "16、19", "项"]);
        assert_eq!(
            wrap_units("建成3个，正在调试。").collect::<Vec<_>>(),
            vec!["建", "成", "3", "个，", "正", "在", "调", "试。"]
        );
        assert!(row_height(3, 12.0) >= 3.0 * 12.0 * 1.3);
    }
}
