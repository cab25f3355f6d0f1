//! The document model as a `.docx` file: WordprocessingML written directly into a zip.
//!
//! Why not docx-rs: it is maintained and covers most of this, but it has no repeated table
//! header row (`w:tblHeader`), which every multi-page table in a 公文 needs, it would bring a
//! second major version of `zip`, `quick-xml` and `image`, and its XML is one more layer between
//! us and what WPS and Word read. The parts written here are few (document, styles, settings,
//! font table, two footers) and the XML is checked by the tests; element order follows the
//! schema (ECMA-376 Part 1), which Word enforces.

use std::io::Write;

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::layout::{self, DocumentStyle, FontSize, GB9704, PageLayout};
use super::model::{Align, Appendix, Block, Document, Imprint, Receipt, Table};
use crate::error::{Error, Result};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Escapes text for XML content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newline are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// How a run looks.
#[derive(Debug, Clone)]
struct RunStyle<'a> {
    font: &'a str,
    size: FontSize,
    bold: bool,
    color: Option<&'a str>,
    /// Character spacing in twentieths of a point (negative: condensed).
    spacing: i64,
}

impl<'a> RunStyle<'a> {
    fn new(font: &'a str, size: FontSize) -> RunStyle<'a> {
        RunStyle { font, size, bold: false, color: None, spacing: 0 }
    }

    fn rpr(&self) -> String {
        let f = esc(self.font);
        let mut s = format!(r#"<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}" w:hint="eastAsia"/>"#);
        if self.bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = self.color {
            s.push_str(&format!(r#"<w:color w:val="{c}"/>"#));
        }
        if self.spacing != 0 {
            s.push_str(&format!(r#"<w:spacing w:val="{}"/>"#, self.spacing));
        }
        let sz = self.size.half_points();
        s.push_str(&format!(r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>"#));
        s
    }

    /// A run of text; line breaks become `w:br`, tabs `w:tab`.
    fn run(&self, text: &str) -> String {
        let mut s = format!("<w:r>{}", self.rpr());
        let mut buf = String::new();
        let flush = |buf: &mut String, s: &mut String| {
            if !buf.is_empty() {
                s.push_str(&format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(buf)));
                buf.clear();
            }
        };
        for c in text.chars() {
            match c {
                '\n' => {
                    flush(&mut buf, &mut s);
                    s.push_str("<w:br/>");
                }
                '\t' => {
                    flush(&mut buf, &mut s);
                    s.push_str("<w:tab/>");
                }
                '\r' => {}
                c => buf.push(c),
            }
        }
        flush(&mut buf, &mut s);
        s.push_str("</w:r>");
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn val(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// Paragraph properties, written in schema order.
#[derive(Debug, Clone)]
struct Para {
    keep_next: bool,
    page_break_before: bool,
    /// Bottom border (the red separator line): colour, width in eighths of a point.
    border_bottom: Option<(&'static str, u32)>,
    /// Tab stops: (kind, position in twips, leader).
    tabs: Vec<(&'static str, i64, &'static str)>,
    snap_to_grid: bool,
    /// Exact line height in twips, or None for single spacing.
    line_exact: Option<i64>,
    before: i64,
    /// Indents in characters of the grid: left, right, first line (negative = hanging).
    left_chars: f64,
    right_chars: f64,
    first_chars: f64,
    /// Indents in twips for paragraphs outside the grid (footers): left, right.
    left_twips: i64,
    right_twips: i64,
    jc: Jc,
    outline: Option<u8>,
}

impl Para {
    /// A body paragraph: 22 lines a page, justified.
    fn body(page: &PageLayout) -> Para {
        Para {
            keep_next: false,
            page_break_before: false,
            border_bottom: None,
            tabs: Vec::new(),
            snap_to_grid: true,
            line_exact: Some(page.line_pitch()),
            before: 0,
            left_chars: 0.0,
            right_chars: 0.0,
            first_chars: 0.0,
            left_twips: 0,
            right_twips: 0,
            jc: Jc::Both,
            outline: None,
        }
    }

    /// Text in a table cell: single spacing, off the grid.
    fn cell(jc: Jc) -> Para {
        Para { snap_to_grid: false, line_exact: None, jc, ..Para::body(&GB9704) }
    }

    fn ppr(&self, page: &PageLayout, mark: &RunStyle) -> String {
        let mut s = String::from("<w:pPr>");
        if self.keep_next {
            s.push_str("<w:keepNext/>");
        }
        if self.page_break_before {
            s.push_str("<w:pageBreakBefore/>");
        }
        s.push_str(r#"<w:widowControl w:val="0"/>"#);
        if let Some((color, sz)) = self.border_bottom {
            s.push_str(&format!(r#"<w:pBdr><w:bottom w:val="single" w:sz="{sz}" w:space="1" w:color="{color}"/></w:pBdr>"#));
        }
        if !self.tabs.is_empty() {
            s.push_str("<w:tabs>");
            for (kind, pos, leader) in &self.tabs {
                s.push_str(&format!(r#"<w:tab w:val="{kind}" w:leader="{leader}" w:pos="{pos}"/>"#));
            }
            s.push_str("</w:tabs>");
        }
        if !self.snap_to_grid {
            s.push_str(r#"<w:snapToGrid w:val="0"/>"#);
        }
        match self.line_exact {
            Some(line) => {
                s.push_str(&format!(r#"<w:spacing w:before="{}" w:after="0" w:line="{line}" w:lineRule="exact"/>"#, self.before))
            }
            None => s.push_str(&format!(r#"<w:spacing w:before="{}" w:after="0" w:line="240" w:lineRule="auto"/>"#, self.before)),
        }
        let mut ind = String::new();
        let hundredths = |c: f64| (c * 100.0).round() as i64;
        if self.left_chars != 0.0 {
            ind.push_str(&format!(
                r#" w:leftChars="{}" w:left="{}""#,
                hundredths(self.left_chars),
                page.chars_twips(self.left_chars)
            ));
        } else if self.left_twips != 0 {
            ind.push_str(&format!(r#" w:left="{}""#, self.left_twips));
        }
        if self.right_chars != 0.0 {
            ind.push_str(&format!(
                r#" w:rightChars="{}" w:right="{}""#,
                hundredths(self.right_chars),
                page.chars_twips(self.right_chars)
            ));
        } else if self.right_twips != 0 {
            ind.push_str(&format!(r#" w:right="{}""#, self.right_twips));
        }
        if self.first_chars > 0.0 {
            ind.push_str(&format!(
                r#" w:firstLineChars="{}" w:firstLine="{}""#,
                hundredths(self.first_chars),
                page.chars_twips(self.first_chars)
            ));
        } else if self.first_chars < 0.0 {
            ind.push_str(&format!(
                r#" w:hangingChars="{}" w:hanging="{}""#,
                hundredths(-self.first_chars),
                page.chars_twips(-self.first_chars)
            ));
        }
        if !ind.is_empty() {
            s.push_str(&format!("<w:ind{ind}/>"));
        }
        s.push_str(&format!(r#"<w:jc w:val="{}"/>"#, self.jc.val()));
        if let Some(level) = self.outline {
            s.push_str(&format!(r#"<w:outlineLvl w:val="{level}"/>"#));
        }
        s.push_str(&mark.rpr());
        s.push_str("</w:pPr>");
        s
    }
}

/// Writes `document.xml`'s body.
struct Writer<'a> {
    style: &'a DocumentStyle,
    page: PageLayout,
    xml: String,
}

impl<'a> Writer<'a> {
    fn body_run(&self) -> RunStyle<'a> {
        self.grid_run(&self.style.font_body)
    }

    /// A run of 三号 text on the 28-character line.
    fn grid_run(&self, font: &'a str) -> RunStyle<'a> {
        let mut r = RunStyle::new(font, layout::BODY_SIZE);
        r.spacing = self.page.char_condense(layout::BODY_SIZE);
        r
    }

    fn para(&mut self, p: &Para, runs: &[(RunStyle, &str)]) {
        let mark = runs.first().map(|(r, _)| r.clone()).unwrap_or_else(|| self.body_run());
        self.xml.push_str("<w:p>");
        self.xml.push_str(&p.ppr(&self.page, &mark));
        for (r, text) in runs {
            if !text.is_empty() {
                self.xml.push_str(&r.run(text));
            }
        }
        self.xml.push_str("</w:p>");
    }

    fn blank(&mut self) {
        self.blank_kept(false);
    }

    /// An empty line, kept with the next paragraph or not.
    fn blank_kept(&mut self, keep_next: bool) {
        let p = Para { keep_next, ..Para::body(&self.page) };
        self.para(&p, &[]);
    }

    fn header(&mut self, doc: &Document) {
        let title_font = self.style.font_title.clone();
        if let Some(mark) = &doc.issuer_mark {
            let mut r = RunStyle::new(&title_font, layout::MARK_SIZE);
            r.color = Some(layout::RED);
            let p = Para { jc: Jc::Center, snap_to_grid: false, line_exact: None, ..Para::body(&self.page) };
            self.para(&p, &[(r, mark)]);
            self.blank();
            // 发文字号 centred under the mark, above the red line.
            let p = Para { jc: Jc::Center, border_bottom: Some((layout::RED, 12)), ..Para::body(&self.page) };
            let n = doc.number.clone().unwrap_or_default();
            self.para(&p, &[(self.body_run(), &n)]);
            self.blank();
            self.blank();
        }
        let title = RunStyle::new(&title_font, layout::TITLE_SIZE);
        for line in &doc.title {
            let p = Para { jc: Jc::Center, snap_to_grid: false, keep_next: true, ..Para::body(&self.page) };
            self.para(&p, &[(title.clone(), line)]);
        }
        if let (None, Some(n)) = (&doc.issuer_mark, &doc.number) {
            let p = Para { jc: Jc::Center, ..Para::body(&self.page) };
            self.para(&p, &[(self.body_run(), n)]);
        }
        self.blank();
        if let Some(a) = &doc.addressee {
            let p = Para::body(&self.page);
            self.para(&p, &[(self.body_run(), &format!("{a}："))]);
        }
    }

    /// Writes blocks; `keep_last` keeps the last paragraph on the page of what follows (the
    /// signature is never alone on a page, as 7.3.5 requires).
    fn blocks(&mut self, blocks: &[Block], keep_last: bool) {
        let plain = Para { first_chars: 2.0, ..Para::body(&self.page) };
        for (i, b) in blocks.iter().enumerate() {
            let indent = Para { keep_next: keep_last && i + 1 == blocks.len(), ..plain.clone() };
            match b {
                Block::Heading1 { text } => {
                    let p = Para { keep_next: true, outline: Some(0), ..indent.clone() };
                    let r = self.grid_run(&self.style.font_heading1);
                    self.para(&p, &[(r, text)]);
                }
                Block::Heading2 { text } => {
                    let p = Para { keep_next: true, outline: Some(1), ..indent.clone() };
                    let r = self.grid_run(&self.style.font_heading2);
                    self.para(&p, &[(r, text)]);
                }
                Block::Paragraph { lead: Some(lead), text } => {
                    let r = self.grid_run(&self.style.font_heading2);
                    self.para(&indent, &[(r, lead), (self.body_run(), text)]);
                }
                Block::Paragraph { lead: None, text } => {
                    self.para(&indent, &[(self.body_run(), text)]);
                }
                Block::Table(t) => self.table(t),
                Block::PageBreak => {
                    self.xml.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
                }
            }
        }
    }

    /// Column widths in twips from the weights, summing to the 版心's width.
    fn widths(&self, weights: &[u32]) -> Vec<i64> {
        let total = self.page.text_width();
        let sum: u32 = weights.iter().map(|w| (*w).max(1)).sum();
        let mut out: Vec<i64> = weights.iter().map(|w| total * (*w).max(1) as i64 / sum.max(1) as i64).collect();
        let used: i64 = out.iter().sum();
        if let Some(last) = out.last_mut() {
            *last += total - used;
        }
        out
    }

    fn table_start(&mut self, widths: &[i64], floating_bottom: bool, borders: &str) {
        let total: i64 = widths.iter().sum();
        self.xml.push_str("<w:tbl><w:tblPr>");
        if floating_bottom {
            self.xml.push_str(
                r#"<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>"#,
            );
        }
        self.xml.push_str(&format!(r#"<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>"#));
        self.xml.push_str(&format!("<w:tblBorders>{borders}</w:tblBorders>"));
        self.xml.push_str(
            r#"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>"#,
        );
        self.xml.push_str("</w:tblPr><w:tblGrid>");
        for w in widths {
            self.xml.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
        }
        self.xml.push_str("</w:tblGrid>");
    }

    fn cell(&mut self, width: i64, span: usize, p: &Para, runs: &[(RunStyle, &str)]) {
        self.xml.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#));
        if span > 1 {
            self.xml.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
        }
        self.xml.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
        self.para(p, runs);
        self.xml.push_str("</w:tc>");
    }

    fn table(&mut self, t: &Table) {
        let thin = "single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000";
        let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|side| format!(r#"<w:{side} w:val="{thin}"/>"#))
            .collect();
        let widths = self.widths(&t.columns.iter().map(|c| c.weight).collect::<Vec<_>>());
        self.table_start(&widths, false, &borders);
        let min_height = (layout::TABLE_SIZE.points() * 20.0 * 1.9) as i64;
        // Header row: 黑体, repeated on every page, never split.
        self.xml.push_str(&format!(
            r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{min_height}" w:hRule="atLeast"/><w:tblHeader/></w:trPr>"#
        ));
        let head = RunStyle::new(&self.style.font_heading1, layout::TABLE_SIZE);
        for (c, w) in t.columns.iter().zip(&widths) {
            let p = Para { keep_next: true, ..Para::cell(Jc::Center) };
            self.cell(*w, 1, &p, &[(head.clone(), &c.header)]);
        }
        self.xml.push_str("</w:tr>");
        let body = RunStyle::new(&self.style.font_body, layout::TABLE_SIZE);
        for row in &t.rows {
            self.xml.push_str(&format!(
                r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{min_height}" w:hRule="atLeast"/></w:trPr>"#
            ));
            for (i, (c, w)) in t.columns.iter().zip(&widths).enumerate() {
                let text = row.get(i).map(String::as_str).unwrap_or("");
                let jc = if c.align == Align::Center { Jc::Center } else { Jc::Left };
                self.cell(*w, 1, &Para::cell(jc), &[(body.clone(), text)]);
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
        // A table is followed by a paragraph: an empty line keeps what follows off its border.
        let p = Para { line_exact: Some(self.page.line_pitch() / 2), ..Para::body(&self.page) };
        self.para(&p, &[]);
    }

    /// 附件：1．… with later names aligned under the first (7.3.4).
    fn attachments(&mut self, doc: &Document) {
        let lines = doc.attachment_lines();
        if lines.is_empty() {
            return;
        }
        let keep = doc.signature.is_some();
        self.blank_kept(keep);
        let numbered = doc.attachments.len() > 1;
        // Where the attachment names start: 空二字 + 附件： + 1．
        let name_at = 2.0 + 3.0 + if numbered { 2.0 } else { 0.0 };
        for (i, line) in lines.iter().enumerate() {
            let (text, hanging) = if i == 0 {
                (format!("附件：{line}"), name_at - 2.0)
            } else {
                (line.clone(), if numbered { 2.0 } else { 0.0 })
            };
            let p = Para { left_chars: name_at, first_chars: -hanging, keep_next: keep, ..Para::body(&self.page) };
            self.para(&p, &[(self.body_run(), &text)]);
        }
    }

    fn signature(&mut self, doc: &Document) {
        let Some(s) = &doc.signature else { return };
        self.blank_kept(true);
        let (office_right, date_right) = layout::signature_indents(&s.office, &s.date);
        let p = Para { jc: Jc::Right, right_chars: office_right, keep_next: true, ..Para::body(&self.page) };
        self.para(&p, &[(self.body_run(), &s.office)]);
        let p = Para { jc: Jc::Right, right_chars: date_right, ..Para::body(&self.page) };
        self.para(&p, &[(self.body_run(), &s.date)]);
    }

    fn appendix(&mut self, a: &Appendix) {
        // "附件1" 黑体, 顶格, on a new page; the title two lines below it, as offices print it.
        let p = Para { page_break_before: true, jc: Jc::Left, keep_next: true, ..Para::body(&self.page) };
        let r = RunStyle::new(&self.style.font_heading1, layout::BODY_SIZE);
        self.para(&p, &[(r, &a.label)]);
        let title = RunStyle::new(&self.style.font_title, layout::TITLE_SIZE);
        let p = Para { jc: Jc::Center, snap_to_grid: false, keep_next: true, ..Para::body(&self.page) };
        self.para(&p, &[(title, &a.title)]);
        let p = Para { keep_next: true, ..Para::body(&self.page) };
        self.para(&p, &[]);
        self.blocks(&a.body, false);
    }

    fn receipt(&mut self, r: &Receipt) {
        let width = self.page.text_width();
        // ✂ - - - - （此联裁下寄回） - - - -
        let p = Para {
            keep_next: true,
            before: self.page.line_pitch(),
            tabs: vec![("center", width / 2, "hyphen"), ("right", width, "hyphen")],
            jc: Jc::Left,
            ..Para::body(&self.page)
        };
        let body = self.body_run();
        let mid = format!("\t（{}）\t", r.cut_line);
        self.para(&p, &[(body.clone(), "✂"), (body.clone(), &mid)]);
        let title = RunStyle::new(&self.style.font_title, layout::RECEIPT_TITLE_SIZE);
        let p = Para { jc: Jc::Center, keep_next: true, snap_to_grid: false, ..Para::body(&self.page) };
        self.para(&p, &[(title, &r.title)]);

        // Labels of up to seven 四号 characters on one line.
        let widths = self.widths(&[13, 12, 13, 12]);
        let thin = "single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000";
        let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|side| format!(r#"<w:{side} w:val="{thin}"/>"#))
            .collect();
        self.table_start(&widths, false, &borders);
        let text = RunStyle::new(&self.style.font_body, layout::RECEIPT_SIZE);
        let line = (layout::RECEIPT_SIZE.points() * 20.0 * 1.6) as i64;
        for (i, row) in r.rows.iter().enumerate() {
            let height = line * row.lines.max(1) as i64 + 120;
            self.xml
                .push_str(&format!(r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/></w:trPr>"#));
            // Keep the form together with the cut line above it.
            let keep = i + 1 < r.rows.len();
            let label = Para { keep_next: keep, ..Para::cell(Jc::Center) };
            let value = Para { keep_next: keep, ..Para::cell(Jc::Left) };
            match row.fields.as_slice() {
                [one] => {
                    self.cell(widths[0], 1, &label, &[(text.clone(), &one.label)]);
                    self.cell(widths[1] + widths[2] + widths[3], 3, &value, &[(text.clone(), &one.value)]);
                }
                fields => {
                    for (k, f) in fields.iter().take(2).enumerate() {
                        self.cell(widths[2 * k], 1, &label, &[(text.clone(), &f.label)]);
                        self.cell(widths[2 * k + 1], 1, &value, &[(text.clone(), &f.value)]);
                    }
                    if fields.len() < 2 {
                        // No fields: an empty row still needs its cells.
                        self.cell(widths[0], 1, &label, &[]);
                        self.cell(widths[1] + widths[2] + widths[3], 3, &value, &[]);
                    }
                }
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
        let p = Para { first_chars: 2.0, ..Para::body(&self.page) };
        match &r.note {
            Some(n) => self.para(&p, &[(self.body_run(), n)]),
            None => self.para(&p, &[]),
        }
    }

    /// 版记 at the foot of the last page: thick lines above and below, a thin one between
    /// 抄送 and 印发 (7.4), as a table anchored to the bottom margin.
    fn imprint(&mut self, i: &Imprint) {
        // A hair narrower than the 版心: LibreOffice floats only tables narrower than the text.
        let width = self.page.text_width() - 20;
        let borders = r#"<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:left w:val="nil"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:right w:val="nil"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="nil"/>"#;
        self.table_start(&[width], true, borders);
        let r = RunStyle::new(&self.style.font_body, layout::IMPRINT_SIZE);
        let one = layout::IMPRINT_SIZE.em_twips();
        let base = Para { left_twips: one, right_twips: one, line_exact: Some(self.page.line_pitch()), ..Para::cell(Jc::Left) };
        let row = |w: &mut Writer, p: &Para, text: &str| {
            w.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            w.cell(width, 1, p, &[(r.clone(), text)]);
            w.xml.push_str("</w:tr>");
        };
        if let Some(c) = &i.copy_to {
            // The hanging indent keeps a long list aligned after 抄送：.
            let p = Para { jc: Jc::Both, ..base.clone() };
            row(self, &p, &format!("抄送：{c}。"));
        }
        // Tab stops count from the cell's text edge: 印发日期 ends one character from the right.
        let tab_at = width - 2 * 85 - one;
        let p = Para { tabs: vec![("right", tab_at, "none")], ..base.clone() };
        row(self, &p, &format!("{}\t{}印发", i.printed_by, i.printed_on));
        self.xml.push_str("</w:tbl>");
        self.para(&Para::body(&self.page), &[]);
    }

    fn section(&mut self) {
        let p = self.page;
        self.xml.push_str(&format!(
            concat!(
                r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>"#,
                r#"<w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" w:footer="{}" w:gutter="0"/>"#,
                r#"<w:pgNumType w:start="1"/><w:cols w:space="425"/>"#,
                r#"<w:docGrid w:type="lines" w:linePitch="{}"/></w:sectPr>"#
            ),
            p.width(),
            p.height(),
            p.top(),
            p.right(),
            p.bottom(),
            p.left(),
            p.footer(),
            p.line_pitch(),
        ));
    }
}

/// `word/document.xml`.
pub fn document_xml(doc: &Document, style: &DocumentStyle) -> String {
    let mut w = Writer { style, page: GB9704, xml: String::new() };
    w.header(doc);
    w.blocks(&doc.body, doc.signature.is_some());
    w.attachments(doc);
    w.signature(doc);
    for a in &doc.appendices {
        w.appendix(a);
    }
    if let Some(r) = &doc.receipt {
        w.receipt(r);
    }
    if let Some(i) = &doc.imprint {
        w.imprint(i);
    }
    w.section();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{}</w:body></w:document>"#,
        "\n", w.xml
    )
}

/// A footer with "— PAGE —" in 宋体 四号: odd pages right, even pages left, one character in.
pub fn footer_xml(style: &DocumentStyle, even: bool) -> String {
    let one = layout::page_number_indent();
    let p = Para {
        snap_to_grid: false,
        line_exact: None,
        left_twips: if even { one } else { 0 },
        right_twips: if even { 0 } else { one },
        jc: if even { Jc::Left } else { Jc::Right },
        ..Para::body(&GB9704)
    };
    let r = RunStyle::new(&style.font_page_number, layout::PAGE_NUMBER_SIZE);
    let rpr = r.rpr();
    let dash = layout::PAGE_NUMBER_DASH;
    let field = format!(
        concat!(
            r#"<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>"#,
            r#"<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>"#,
            r#"<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>"#,
            r#"<w:r>{rpr}<w:t>1</w:t></w:r>"#,
            r#"<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>"#
        ),
        rpr = rpr
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p>{}{}{}{}</w:p></w:ftr>"#,
        "\n",
        p.ppr(&GB9704, &r),
        r.run(&format!("{dash} ")),
        field,
        r.run(&format!(" {dash}"))
    )
}

/// `word/styles.xml`: defaults in the body font at 三号, Chinese language, no widow control
/// (which would move lines and break the 22-line page).
pub fn styles_xml(style: &DocumentStyle) -> String {
    let f = esc(&style.font_body);
    let sz = layout::BODY_SIZE.half_points();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:styles xmlns:w="{ns}"><w:docDefaults><w:rPrDefault><w:rPr>"#,
            r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/><w:kern w:val="2"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#,
            r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>"#,
            // The grid's character pitch is relative to this size (LibreOffice reads it here).
            r#"<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:style>"#,
            r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
            r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>"#,
            r#"<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
            r#"</w:styles>"#
        ),
        ns = W_NS,
        f = f,
        sz = sz
    )
}

/// `word/settings.xml`: different odd and even footers, punctuation not compressed, Word 2013+
/// layout.
pub fn settings_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:settings xmlns:w="{}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>"#,
            r#"<w:characterSpacingControl w:val="doNotCompress"/>"#,
            r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
            r#"<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#
        ),
        W_NS
    )
}

/// `word/fontTable.xml`: every font with the GB2312 charset and the name to fall back on.
pub fn font_table_xml(style: &DocumentStyle) -> String {
    let mut s = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:fonts xmlns:w="{W_NS}">"#, "\n");
    for f in style.fonts() {
        s.push_str(&format!(r#"<w:font w:name="{}">"#, esc(f)));
        if let Some(alt) = layout::fallback_name(f) {
            s.push_str(&format!(r#"<w:altName w:val="{alt}"/>"#));
        }
        s.push_str(r#"<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#);
    }
    s.push_str("</w:fonts>");
    s
}

fn content_types() -> &'static str {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
        r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
        r#"<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>"#,
        r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
        r#"<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
        r#"</Types>"#
    )
}

fn package_rels() -> &'static str {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
        r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
        r#"</Relationships>"#
    )
}

fn document_rels() -> &'static str {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        r#"<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
        r#"<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>"#,
        r#"<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
        r#"<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>"#,
        r#"</Relationships>"#
    )
}

fn core_xml(doc: &Document) -> String {
    let title = esc(&doc.title.concat());
    let creator = esc(doc.signature.as_ref().map(|s| s.office.as_str()).unwrap_or("督办台账"));
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{}</dc:title><dc:creator>{}</dc:creator></cp:coreProperties>"#
        ),
        title, creator
    )
}

fn app_xml() -> &'static str {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>督办台账</Application></Properties>"#
    )
}

/// The document as the bytes of a `.docx` file.
pub fn to_docx(doc: &Document, style: &DocumentStyle) -> Result<Vec<u8>> {
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types().to_string()),
        ("_rels/.rels", package_rels().to_string()),
        ("docProps/core.xml", core_xml(doc)),
        ("docProps/app.xml", app_xml().to_string()),
        ("word/document.xml", document_xml(doc, style)),
        ("word/_rels/document.xml.rels", document_rels().to_string()),
        ("word/styles.xml", styles_xml(style)),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml(style)),
        ("word/footer1.xml", footer_xml(style, false)),
        ("word/footer2.xml", footer_xml(style, true)),
    ];
    let fail = |e: &dyn std::fmt::Display| Error::DocumentWrite { reason: e.to_string() };
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{Column, ReceiptField, ReceiptRow, Signature};

    fn doc() -> Document {
        Document {
            title: vec!["督办通知单".into()],
            number: Some("越美办督〔2018〕3号".into()),
            addressee: Some("区建设局".into()),
            body: vec![
                Block::heading1("一、基本情况"),
                Block::heading2("（一）总体"),
                Block::paragraph("A&B <测试>"),
                Block::Table(Table {
                    columns: vec![Column::new("序号", 1, Align::Center), Column::new("任务", 5, Align::Left)],
                    rows: vec![vec!["1".into(), "新建管网".into()]],
                }),
            ],
            attachments: vec!["红灯任务清单".into(), "考核情况表".into()],
            signature: Some(Signature { office: "区美丽办".into(), date: "2018年11月26日".into() }),
            receipt: Some(Receipt {
                cut_line: "此联裁下寄回".into(),
                title: "督办事项回执".into(),
                rows: vec![
                    ReceiptRow { fields: vec![ReceiptField { label: "单位".into(), value: "区建设局".into() }], lines: 1 },
                    ReceiptRow {
                        fields: vec![
                            ReceiptField { label: "联系人".into(), value: String::new() },
                            ReceiptField { label: "联系电话".into(), value: String::new() },
                        ],
                        lines: 1,
                    },
                ],
                note: None,
            }),
            imprint: Some(Imprint {
                copy_to: Some("区委办".into()),
                printed_by: "区美丽办".into(),
                printed_on: "2018年11月26日".into(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn escapes_text() {
        assert_eq!(esc("A&B <x> \"q\""), "A&amp;B &lt;x&gt; &quot;q&quot;");
        assert_eq!(esc("a\u{1}b"), "ab");
        let xml = document_xml(&doc(), &DocumentStyle::default());
        assert!(xml.contains("A&amp;B &lt;测试&gt;"));
    }

    #[test]
    fn section_is_gb9704() {
        let xml = document_xml(&doc(), &DocumentStyle::default());
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "{xml}");
        assert!(xml.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#));
        assert!(xml.contains(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#));
        assert!(xml.contains(r#"<w:footerReference w:type="even" r:id="rIdFooterEven"/>"#));
    }

    #[test]
    fn headings_and_body_fonts() {
        let xml = document_xml(&doc(), &DocumentStyle::default());
        let run_of = |text: &str| {
            let at = xml.find(&format!(">{text}<")).unwrap_or_else(|| panic!("{text} not in document"));
            let start = xml[..at].rfind("<w:r>").unwrap();
            xml[start..at].to_string()
        };
        assert!(run_of("督办通知单").contains(r#"w:eastAsia="方正小标宋简体""#));
        assert!(run_of("督办通知单").contains(r#"<w:sz w:val="44"/>"#));
        assert!(run_of("一、基本情况").contains(r#"w:eastAsia="黑体""#));
        assert!(run_of("（一）总体").contains(r#"w:eastAsia="楷体_GB2312""#));
        let body = run_of("区建设局：");
        assert!(body.contains(r#"w:ascii="仿宋_GB2312""#) && body.contains(r#"<w:sz w:val="32"/>"#));
        assert!(run_of("序号").contains(r#"w:eastAsia="黑体""#));
        assert!(xml.contains("<w:tblHeader/>") && xml.contains("<w:cantSplit/>"));
    }

    #[test]
    fn footers_put_odd_right_and_even_left() {
        let s = DocumentStyle::default();
        let odd = footer_xml(&s, false);
        let even = footer_xml(&s, true);
        assert!(odd.contains(r#"<w:jc w:val="right"/>"#) && odd.contains(r#"w:right="280""#));
        assert!(even.contains(r#"<w:jc w:val="left"/>"#) && even.contains(r#"w:left="280""#));
        for f in [&odd, &even] {
            assert!(f.contains(" PAGE ") && f.contains("— ") && f.contains(" —"));
            assert!(f.contains(r#"w:eastAsia="宋体""#) && f.contains(r#"<w:sz w:val="28"/>"#));
        }
        assert!(settings_xml().contains("<w:evenAndOddHeaders/>"));
    }

    #[test]
    fn attachments_align_under_the_first_name() {
        let xml = document_xml(&doc(), &DocumentStyle::default());
        // 附件：1．… hangs 5 characters from 7; 2．… hangs 2 from 7.
        assert!(xml.contains(r#"w:leftChars="700" w:left="2205" w:hangingChars="500""#), "{xml}");
        assert!(xml.contains(r#"w:leftChars="700" w:left="2205" w:hangingChars="200""#));
    }

    #[test]
    fn issuer_mark_in_red_above_a_red_line() {
        let mut d = doc();
        d.issuer_mark = Some("越城区美丽越城建设办公室".into());
        let xml = document_xml(&d, &DocumentStyle::default());
        let at = xml.find(">越城区美丽越城建设办公室<").unwrap();
        let run = &xml[xml[..at].rfind("<w:r>").unwrap()..at];
        assert!(run.contains(r#"<w:color w:val="FF0000"/>"#) && run.contains(r#"<w:sz w:val="52"/>"#), "{run}");
        // The number is centred under the mark, on the paragraph that draws the red line, and
        // comes before the title.
        let number = xml.find(">越美办督〔2018〕3号<").unwrap();
        let para = &xml[xml[..number].rfind("<w:p>").unwrap()..number];
        assert!(para.contains(r#"<w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/>"#), "{para}");
        assert!(at < number && number < xml.find(">督办通知单<").unwrap());
    }

    #[test]
    fn a_zip_with_every_part() {
        let bytes = to_docx(&doc(), &DocumentStyle::default()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for name in [
            "[Content_Types].xml",
            "word/document.xml",
            "word/footer1.xml",
            "word/footer2.xml",
            "word/settings.xml",
            "word/fontTable.xml",
        ] {
            assert!(zip.by_name(name).is_ok(), "{name}");
        }
    }
}
