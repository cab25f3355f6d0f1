//! The WordprocessingML body (`w:body` of `word/document.xml`) as paragraphs and tables in
//! document order, with table cells resolved to grid columns:
//!
//! - `w:gridSpan` → the cell covers N grid columns (`w:gridBefore` shifts a row's first cell);
//! - `w:vMerge` restart/continue → a continuation cell gets the paragraphs of the cell above it
//!   and is marked `merged_from_above` (the legacy `w:hMerge` joins cells across);
//! - paragraphs inside a cell are kept apart; `w:br`/`w:cr` become `\n`, `w:tab` `\t`;
//! - the text of `w:t` (spaces kept where `xml:space="preserve"`); deleted revisions (`w:del`,
//!   `w:moveFrom`) are left out, inserted ones (`w:ins`) kept; fields give their result text
//!   (`w:instrText` is not text); text boxes are left out (their content is not part of the
//!   flow, and each is stored twice, as a drawing and as its fallback);
//! - a table inside a cell is read into that cell as its paragraphs, row by row, with a warning.
//!
//! The reader is a loop over events with explicit stacks, never recursion, and refuses
//! absurd structures (tables nested deeper than [`MAX_TABLE_DEPTH`], a row wider than
//! [`MAX_GRID_COLUMNS`]) with [`PlanDocError::TooComplex`].

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use super::PlanDocError;

/// Tables nested deeper than this are refused.
pub const MAX_TABLE_DEPTH: usize = 8;
/// Word allows 63 columns; a row wider than this is refused.
pub const MAX_GRID_COLUMNS: usize = 64;
/// Text copied into vertically merged cells, in all: a small document cannot make the reader
/// copy one big cell into a million merged ones.
pub const MAX_MERGED_TEXT_BYTES: usize = 64 << 20;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The document body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    /// Notes for the clerk (nested tables read as text, …), in Chinese.
    pub warnings: Vec<String>,
}

impl Body {
    /// No text and no table at all.
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| match b {
            Block::Paragraph(p) => p.text.trim().is_empty(),
            Block::Table(_) => false,
        })
    }

    /// The text of the paragraphs outside tables, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub text: String,
    /// `w:pStyle` id, if any.
    pub style: Option<String>,
    /// Numbered by Word (`w:numPr`): its number is not in the text.
    pub numbered: bool,
    /// Starts on a new page (`w:pageBreakBefore`, or a page break in it).
    pub page_break: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// 1-based among the tables of the body (tables inside cells are not counted).
    pub index: usize,
    /// Columns of `w:tblGrid`.
    pub grid_columns: usize,
    pub rows: Vec<Row>,
}

impl Table {
    /// The widest row, in grid columns.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.width()).max().unwrap_or(0).max(self.grid_columns)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// `w:tblHeader`: repeated at the top of each page.
    pub header: bool,
}

impl Row {
    /// The grid columns this row reaches.
    pub fn width(&self) -> usize {
        self.cells.last().map(|c| c.col + c.span).unwrap_or(0)
    }

    /// The cell covering grid column `col`.
    pub fn cell_at(&self, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.col <= col && col < c.col + c.span)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// First grid column (0-based).
    pub col: usize,
    /// Grid columns covered (`w:gridSpan`).
    pub span: usize,
    /// Paragraph texts, in order (a paragraph may hold `\n` from a line break).
    pub paragraphs: Vec<String>,
    /// A `w:vMerge` continuation: the text is that of the cell above.
    pub merged_from_above: bool,
    /// Some paragraph of the cell is numbered by Word (`w:numPr`).
    pub numbered: bool,
    /// The cell held a table, read in as paragraphs.
    pub nested: bool,
}

impl Cell {
    /// Paragraphs joined with `\n`, trimmed.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n").trim().to_string()
    }

    /// Non-empty lines (paragraphs and line breaks), trimmed.
    pub fn lines(&self) -> Vec<String> {
        self.paragraphs.iter().flat_map(|p| p.split('\n')).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug, Default)]
struct CellBuilder {
    span: usize,
    vmerge: Option<VMerge>,
    hmerge_continue: bool,
    paragraphs: Vec<String>,
    numbered: bool,
    nested: bool,
}

#[derive(Debug, Default)]
struct RowBuilder {
    cells: Vec<CellBuilder>,
    header: bool,
    grid_before: usize,
    /// Deleted as a tracked change (`w:trPr/w:del`).
    deleted: bool,
}

#[derive(Debug, Default)]
struct TableBuilder {
    grid_columns: usize,
    rows: Vec<RowBuilder>,
    row: Option<RowBuilder>,
    cell: Option<CellBuilder>,
}

#[derive(Debug, Default)]
struct ParaBuilder {
    text: String,
    style: Option<String>,
    numbered: bool,
    page_break: bool,
}

/// What kind of element an event is about, for the few names that matter.
fn is_w(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.as_ref() == W_NS || n.as_ref() == W_STRICT_NS)
}

fn is_mc(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.as_ref() == MC_NS)
}

/// `w:val` of an element.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.to_string()))
}

/// An on/off property: present without `w:val`, or with a true value.
fn on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0") | Some("false") | Some("off"))
}

/// Elements whose content is not part of the text.
fn skipped_w(local: &str) -> bool {
    matches!(
        local,
        "del"
            | "moveFrom"
            | "delText"
            | "instrText"
            | "txbxContent"
            | "tcPrChange"
            | "trPrChange"
            | "pPrChange"
            | "rPrChange"
            | "tblPrChange"
            | "tblGridChange"
            | "sectPrChange"
            | "numberingChange"
            | "sdtPr"
            | "sectPr"
            | "rt"
    )
}

struct Parser<'a> {
    file: &'a str,
    body: Body,
    tables: Vec<TableBuilder>,
    paras: Vec<ParaBuilder>,
    in_text: Option<bool>,
    top_tables: usize,
    merged_bytes: usize,
}

/// Reads the body of a main document part.
pub fn parse_body(file: &str, xml: &str) -> Result<Body, PlanDocError> {
    let mut reader = NsReader::from_str(xml);
    let mut p = Parser {
        file,
        body: Body::default(),
        tables: Vec::new(),
        paras: Vec::new(),
        in_text: None,
        top_tables: 0,
        merged_bytes: 0,
    };
    let mut skip_depth = 0usize;
    let mut in_body = false;
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok(x) => x,
            Err(_) => {
                return Err(PlanDocError::Corrupt {
                    file: file.to_string(),
                    detail: format!("正文 XML 在第 {} 字节附近有误", reader.error_position()),
                });
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                if skip_depth > 0 {
                    skip_depth += 1;
                    continue;
                }
                let local = e.local_name();
                let local = local.as_ref();
                if is_w(&ns) {
                    if local == "body" {
                        in_body = true;
                        continue;
                    }
                    if !in_body {
                        continue;
                    }
                    if skipped_w(local) {
                        skip_depth = 1;
                        continue;
                    }
                    p.start(local, &e, false)?;
                } else if is_mc(&ns) && local == "Fallback" {
                    skip_depth = 1;
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 || !in_body || !is_w(&ns) {
                    continue;
                }
                let local = e.local_name();
                p.start(local.as_ref(), &e, true)?;
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if !is_w(&ns) {
                    continue;
                }
                let local = e.local_name();
                match local.as_ref() {
                    "body" => in_body = false,
                    l if in_body => p.end(l)?,
                    _ => {}
                }
            }
            Event::Text(t) if skip_depth == 0 => {
                p.text(&t.xml10_content());
            }
            Event::CData(t) if skip_depth == 0 => {
                p.text(&t);
            }
            Event::GeneralRef(r) if skip_depth == 0 => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string),
                };
                if let Some(s) = ch {
                    p.text(&s);
                }
            }
            _ => {}
        }
    }
    Ok(p.body)
}

impl Parser<'_> {
    fn too_complex(&self, detail: String) -> PlanDocError {
        PlanDocError::TooComplex { file: self.file.to_string(), detail }
    }

    fn start(&mut self, local: &str, e: &BytesStart, empty: bool) -> Result<(), PlanDocError> {
        match local {
            "p" => {
                self.paras.push(ParaBuilder::default());
                if empty {
                    self.end("p")?;
                }
            }
            "t" if !empty => {
                let preserve =
                    e.attributes().flatten().any(|a| a.key.local_name().as_ref() == "space" && a.value.as_ref() == "preserve");
                self.in_text = Some(preserve);
            }
            "br" | "cr" => {
                let page = local == "br" && matches!(val_of(e, "type").as_deref(), Some("page"));
                if let Some(p) = self.paras.last_mut() {
                    if page {
                        p.page_break = true;
                    }
                    p.text.push('\n');
                }
            }
            "tab" => {
                // `w:tab` in a run is a tab character; in `w:tabs` (paragraph properties) it is a
                // tab stop, which has a `w:pos`.
                if val_of(e, "pos").is_none()
                    && let Some(p) = self.paras.last_mut()
                {
                    p.text.push('\t');
                }
            }
            "noBreakHyphen" => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push('-');
                }
            }
            "pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = val(e);
                }
            }
            "numId" => {
                if let Some(p) = self.paras.last_mut() {
                    p.numbered = val(e).map(|v| v.trim() != "0").unwrap_or(false);
                }
            }
            "pageBreakBefore" => {
                if let Some(p) = self.paras.last_mut() {
                    p.page_break = on(e);
                }
            }
            "del" if empty => {
                // `w:trPr/w:del`: the row is deleted as a tracked change.
                if let Some(t) = self.tables.last_mut()
                    && let (Some(r), None) = (t.row.as_mut(), t.cell.as_ref())
                {
                    r.deleted = true;
                }
            }
            "tbl" if !empty => {
                if self.tables.len() >= MAX_TABLE_DEPTH {
                    return Err(self.too_complex(format!("表格套表格超过 {MAX_TABLE_DEPTH} 层")));
                }
                if self.tables.is_empty() {
                    self.top_tables += 1;
                }
                self.tables.push(TableBuilder::default());
            }
            "gridCol" => {
                if let Some(t) = self.tables.last_mut() {
                    t.grid_columns += 1;
                    if t.grid_columns > MAX_GRID_COLUMNS {
                        let n = self.top_tables;
                        return Err(self.too_complex(format!("第{n}个表格超过 {MAX_GRID_COLUMNS} 列")));
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(RowBuilder::default());
                    if empty {
                        self.end("tr")?;
                    }
                }
            }
            "tblHeader" => {
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    r.header = on(e);
                }
            }
            "gridBefore" => {
                let n = val(e).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0);
                if n > MAX_GRID_COLUMNS {
                    let t = self.top_tables;
                    return Err(self.too_complex(format!("第{t}个表格有一行前空 {n} 列")));
                }
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    r.grid_before = n;
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(CellBuilder { span: 1, ..CellBuilder::default() });
                    if empty {
                        self.end("tc")?;
                    }
                }
            }
            "gridSpan" => {
                let n = val(e).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1).max(1);
                if n > MAX_GRID_COLUMNS as u64 {
                    let t = self.top_tables;
                    return Err(self.too_complex(format!("第{t}个表格有单元格横跨 {n} 列")));
                }
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.span = n as usize;
                }
            }
            "vMerge" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.vmerge = Some(match val(e).as_deref() {
                        Some("restart") => VMerge::Restart,
                        _ => VMerge::Continue,
                    });
                }
            }
            "hMerge" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.hmerge_continue = !matches!(val(e).as_deref(), Some("restart"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local: &str) -> Result<(), PlanDocError> {
        match local {
            "t" => self.in_text = None,
            "p" => {
                let Some(p) = self.paras.pop() else {
                    return Ok(());
                };
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.numbered |= p.numbered;
                    cell.paragraphs.push(p.text);
                } else if let Some(outer) = self.paras.last_mut() {
                    // A paragraph inside a paragraph (only through content we do not skip):
                    // its text joins the outer one.
                    outer.text.push_str(&p.text);
                } else if self.tables.is_empty() {
                    self.body.blocks.push(Block::Paragraph(Paragraph {
                        text: p.text,
                        style: p.style,
                        numbered: p.numbered,
                        page_break: p.page_break,
                    }));
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut())
                {
                    row.cells.push(cell);
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(row) = t.row.take().filter(|r| !r.deleted)
                {
                    t.rows.push(row);
                }
            }
            "tbl" => {
                let Some(t) = self.tables.pop() else {
                    return Ok(());
                };
                let index = self.top_tables;
                let table = resolve(t, index, &mut self.merged_bytes).map_err(|d| self.too_complex(d))?;
                if let Some(outer) = self.tables.last_mut() {
                    // A table inside a cell: its cells' paragraphs, row by row, join the cell.
                    if let Some(cell) = outer.cell.as_mut() {
                        cell.nested = true;
                        for row in table.rows {
                            for c in row.cells.into_iter().filter(|c| !c.merged_from_above) {
                                cell.paragraphs.extend(c.paragraphs);
                            }
                        }
                    }
                    let note = format!("第{index}个表格的单元格中套有表格，已按文字读入该单元格，请核对。");
                    if !self.body.warnings.contains(&note) {
                        self.body.warnings.push(note);
                    }
                } else {
                    self.body.blocks.push(Block::Table(table));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, s: &str) {
        let Some(preserve) = self.in_text else { return };
        if let Some(p) = self.paras.last_mut() {
            if preserve {
                p.text.push_str(s);
            } else {
                p.text.push_str(s.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\n' || c == '\r'));
            }
        }
    }
}

/// An attribute of an element by its local name.
fn val_of(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.to_string()))
}

/// Grid positions and merged cells of a table.
fn resolve(t: TableBuilder, index: usize, merged_bytes: &mut usize) -> Result<Table, String> {
    let mut rows: Vec<Row> = Vec::with_capacity(t.rows.len());
    for rb in t.rows {
        let mut cells: Vec<Cell> = Vec::with_capacity(rb.cells.len());
        let mut col = rb.grid_before;
        let mut vmerges: Vec<VMerge> = Vec::with_capacity(rb.cells.len());
        for cb in rb.cells {
            if cb.hmerge_continue
                && let Some(prev) = cells.last_mut()
            {
                prev.span += cb.span;
                col += cb.span;
                if col > MAX_GRID_COLUMNS {
                    return Err(format!("第{index}个表格第{}行超过 {MAX_GRID_COLUMNS} 列", rows.len() + 1));
                }
                continue;
            }
            cells.push(Cell {
                col,
                span: cb.span,
                paragraphs: cb.paragraphs,
                merged_from_above: false,
                numbered: cb.numbered,
                nested: cb.nested,
            });
            vmerges.push(cb.vmerge.unwrap_or(VMerge::None));
            col += cb.span;
            if col > MAX_GRID_COLUMNS {
                return Err(format!("第{index}个表格第{}行超过 {MAX_GRID_COLUMNS} 列", rows.len() + 1));
            }
        }
        if let Some(above) = rows.last() {
            for (cell, vm) in cells.iter_mut().zip(&vmerges) {
                if *vm == VMerge::Continue
                    && let Some(a) = above.cells.iter().find(|a| a.col == cell.col)
                {
                    *merged_bytes += a.paragraphs.iter().map(String::len).sum::<usize>();
                    if *merged_bytes > MAX_MERGED_TEXT_BYTES {
                        return Err(format!("第{index}个表格的合并单元格过多过大"));
                    }
                    cell.paragraphs = a.paragraphs.clone();
                    cell.numbered = a.numbered;
                    cell.merged_from_above = true;
                }
            }
        }
        rows.push(Row { cells, header: rb.header });
    }
    Ok(Table { index, grid_columns: t.grid_columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        )
    }

    #[test]
    fn text_runs_breaks_revisions_and_fields() {
        let xml = doc(concat!(
            r#"<w:p><w:r><w:t xml:space="preserve">区经信局 </w:t></w:r><w:r><w:br/><w:t>区农水局</w:t></w:r></w:p>"#,
            r#"<w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>新加的</w:t></w:r></w:ins></w:p>"#,
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>A&amp;B&#x4E00;</w:t></w:r><w:r><w:tab/><w:t>  x  </w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:t>旧</w:t></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>"#,
        ));
        let body = parse_body("t.docx", &xml).unwrap();
        let paras: Vec<&str> = body.paragraphs().collect();
        assert_eq!(paras, vec!["区经信局 \n区农水局", "新加的", "3", "A&B一\tx", "正文"]);
    }

    fn tc(props: &str, paras: &[&str]) -> String {
        let ps: String = paras.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
        let ps = if ps.is_empty() { "<w:p/>".to_string() } else { ps };
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{ps}</w:tc>")
    }

    #[test]
    fn merged_cells_resolve_to_grid_columns() {
        let xml = doc(&format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr>\
             <w:tr>{}</w:tr>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}{}</w:tr></w:tbl>",
            tc("", &["序号"]),
            tc("", &["工作内容"]),
            tc("", &["牵头单位"]),
            tc(r#"<w:gridSpan w:val="3"/>"#, &["一、大力推进绿色发展"]),
            tc("", &["1"]),
            tc(r#"<w:vMerge w:val="restart"/>"#, &["优化调整", "能源结构"]),
            tc("", &["区经信局", "区农水局"]),
            tc("", &["2"]),
            tc("<w:vMerge/>", &[]),
            tc("", &[]),
        ));
        let body = parse_body("t.docx", &xml).unwrap();
        let t = body.tables().next().unwrap();
        assert_eq!(t.index, 1);
        assert_eq!(t.width(), 3);
        assert!(t.rows[0].header);
        assert_eq!(t.rows[1].cells.len(), 1);
        assert_eq!(t.rows[1].cells[0].span, 3);
        let merged = &t.rows[3].cells[1];
        assert!(merged.merged_from_above);
        assert_eq!(merged.paragraphs, vec!["优化调整", "能源结构"]);
        assert_eq!(t.rows[2].cells[2].lines(), vec!["区经信局", "区农水局"]);
        assert!(t.rows[3].cells[2].text().is_empty());
        assert_eq!(t.rows[3].cell_at(2).map(|c| c.col), Some(2));
    }

    #[test]
    fn deleted_rows_and_ruby_text_are_left_out() {
        let xml = doc(&format!(
            "<w:tbl><w:tr>{}</w:tr><w:tr><w:trPr><w:del w:id=\"1\" w:author=\"a\"/></w:trPr>{}</w:tr></w:tbl>\
             <w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>yuè</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>越</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>",
            tc("", &["留下"]),
            tc("", &["删掉的行"]),
        ));
        let body = parse_body("t.docx", &xml).unwrap();
        let t = body.tables().next().unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells[0].text(), "留下");
        assert_eq!(body.paragraphs().collect::<Vec<_>>(), vec!["越"]);
    }

    #[test]
    fn absurd_structures_are_refused() {
        let wide = doc(&format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc(r#"<w:gridSpan w:val="99999999999"/>"#, &["x"])));
        let err = parse_body("t.docx", &wide).unwrap_err();
        assert_eq!(err.code(), "plan_too_complex");
        assert!(err.to_string().contains("第1个表格"), "{err}");

        let mut deep = String::new();
        for _ in 0..20 {
            deep.push_str("<w:tbl><w:tr><w:tc>");
        }
        deep.push_str("<w:p/>");
        for _ in 0..20 {
            deep.push_str("</w:tc></w:tr></w:tbl>");
        }
        let err = parse_body("t.docx", &doc(&deep)).unwrap_err();
        assert_eq!(err.code(), "plan_too_complex");

        let err = parse_body("t.docx", "<w:document><w:body><w:p></w:body>").unwrap_err();
        assert_eq!(err.code(), "plan_corrupt");
    }

    #[test]
    fn nested_table_is_read_into_its_cell() {
        let inner = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("", &["区环保分局"]), tc("", &["区农水局"]));
        let xml = doc(&format!("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>牵头</w:t></w:r></w:p>{inner}<w:p/></w:tc></w:tr></w:tbl>"));
        let body = parse_body("t.docx", &xml).unwrap();
        let t: Vec<&Table> = body.tables().collect();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows[0].cells[0].lines(), vec!["牵头", "区环保分局", "区农水局"]);
        assert!(t[0].rows[0].cells[0].nested);
        assert_eq!(body.warnings.len(), 1);
    }
}
