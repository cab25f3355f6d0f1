//! The corpus of plan documents in `tests/corpus/plans/`: Word files written as raw
//! WordprocessingML in a zip, and the bad files beside them. Used by `tests/plan_doc.rs` (which
//! checks that the committed files are what this code writes) and by
//! `examples/make_plan_corpus.rs` (which writes them; `tests/corpus/plans/make.sh` runs it).
//!
//! The main file, `builtin-plan.docx`, is the built-in plan as its Word original would be laid
//! out: the notice and the plan's text (with its 主要目标 section), then 附件1, 附件2 and 附件3
//! as tables with merged cells. Its layout is read from the source text
//! `seeds/000_665781b6c9724361.txt` (which paragraphs form a cell) and from `seeds/plan.json`
//! (where the 牵头单位 cell ends and the 配合单位 cell begins, which the flattened text cannot
//! show). No review flag is written into the document: the reader must find them.
#![allow(dead_code)]

use std::io::{Cursor, Write};

use taizhang::seed::{SOURCE_DOCUMENT, SeedPlan, SeedRow, builtin_plan};

// ---------------------------------------------------------------------------------------------
// Writing WordprocessingML

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    No,
    Restart,
    Continue,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub paras: Vec<String>,
    pub span: usize,
    pub vmerge: VMerge,
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell { paras: if s.is_empty() { vec![] } else { vec![s.to_string()] }, span: 1, vmerge: VMerge::No }
    }
    pub fn paras(p: &[String]) -> Cell {
        Cell { paras: p.to_vec(), span: 1, vmerge: VMerge::No }
    }
    pub fn span(mut self, n: usize) -> Cell {
        self.span = n;
        self
    }
    pub fn restart(mut self) -> Cell {
        self.vmerge = VMerge::Restart;
        self
    }
    pub fn cont() -> Cell {
        Cell { paras: vec![], span: 1, vmerge: VMerge::Continue }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub header: bool,
}

pub fn row(cells: Vec<Cell>) -> Row {
    Row { cells, header: false }
}

pub fn header_row(words: &[&str]) -> Row {
    Row { cells: words.iter().map(|w| Cell::text(w)).collect(), header: true }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const FS: &str = "仿宋_GB2312";

fn run(text: &str, font: &str, half_points: u32, bold: bool) -> String {
    let b = if bold { "<w:b/>" } else { "" };
    // A line break inside a paragraph is written as w:br.
    let mut out = String::new();
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        out.push_str(&format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(part)));
    }
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>{b}<w:sz w:val="{half_points}"/></w:rPr>{out}</w:r>"#
    )
}

/// A body document being written.
#[derive(Default)]
pub struct Doc {
    body: String,
}

impl Doc {
    pub fn new() -> Doc {
        Doc::default()
    }

    fn p(&mut self, text: &str, jc: &str, font: &str, size: u32, bold: bool, indent: bool) -> &mut Doc {
        let ind = if indent { r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"# } else { "" };
        let r = if text.is_empty() { String::new() } else { run(text, font, size, bold) };
        self.body.push_str(&format!(
            r#"<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/>{ind}<w:jc w:val="{jc}"/></w:pPr>{r}</w:p>"#
        ));
        self
    }

    /// Body text, indented, 仿宋 16 pt.
    pub fn para(&mut self, text: &str) -> &mut Doc {
        self.p(text, "both", FS, 32, false, true)
    }

    /// A line at the left margin (附件2, the addressees).
    pub fn left(&mut self, text: &str) -> &mut Doc {
        self.p(text, "left", "黑体", 32, false, false)
    }

    pub fn right(&mut self, text: &str) -> &mut Doc {
        self.p(text, "right", FS, 32, false, false)
    }

    pub fn title(&mut self, text: &str) -> &mut Doc {
        self.p(text, "center", "方正小标宋简体", 44, false, false)
    }

    pub fn blank(&mut self) -> &mut Doc {
        self.p("", "left", FS, 32, false, false)
    }

    pub fn page_break(&mut self) -> &mut Doc {
        self.body.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
        self
    }

    /// Raw body XML, for the odd cases.
    pub fn raw(&mut self, xml: &str) -> &mut Doc {
        self.body.push_str(xml);
        self
    }

    /// A table with column widths in twips.
    pub fn table(&mut self, widths: &[u32], rows: &[Row]) -> &mut Doc {
        let mut x = String::from(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>"#);
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            x.push_str(&format!(r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#));
        }
        x.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#);
        for w in widths {
            x.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
        }
        x.push_str("</w:tblGrid>");
        for r in rows {
            x.push_str("<w:tr>");
            if r.header {
                x.push_str("<w:trPr><w:tblHeader/><w:jc w:val=\"center\"/></w:trPr>");
            }
            let mut col = 0;
            for c in &r.cells {
                let w: u32 = widths.iter().skip(col).take(c.span).sum();
                col += c.span;
                x.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>"#));
                if c.span > 1 {
                    x.push_str(&format!(r#"<w:gridSpan w:val="{}"/>"#, c.span));
                }
                match c.vmerge {
                    VMerge::Restart => x.push_str(r#"<w:vMerge w:val="restart"/>"#),
                    VMerge::Continue => x.push_str("<w:vMerge/>"),
                    VMerge::No => {}
                }
                x.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
                let (font, size, bold, jc) = if r.header { ("黑体", 24, false, "center") } else { (FS, 24, false, "left") };
                if c.paras.is_empty() {
                    x.push_str("<w:p/>");
                }
                for p in &c.paras {
                    x.push_str(&format!(r#"<w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr>{}</w:p>"#, run(p, font, size, bold)));
                }
                x.push_str("</w:tc>");
            }
            x.push_str("</w:tr>");
        }
        x.push_str("</w:tbl>");
        self.body.push_str(&x);
        self
    }

    /// `word/document.xml`.
    pub fn xml(&self, landscape: bool) -> String {
        let page = if landscape {
            r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/>"#
        } else {
            r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>"#
        };
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                "\n",
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
                "<w:body>{}<w:sectPr>{}</w:sectPr></w:body></w:document>"
            ),
            self.body, page
        )
    }
}

/// A `.docx` package around a main document part.
pub fn package(document_xml: &str) -> Vec<u8> {
    let content_types = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        r#"</Types>"#
    );
    let rels = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
        r#"</Relationships>"#
    );
    zip_of(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}

/// A zip of the given entries, deflated, with a fixed time so that the bytes do not depend on
/// when they were written.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, data) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// An OLE compound file with the given streams.
pub fn ole_of(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut c = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb create");
    for (name, data) in streams {
        if let Some((dir, _)) = name.rsplit_once('/')
            && !dir.is_empty()
        {
            c.create_storage_all(dir).expect("cfb storage");
        }
        let mut s = c.create_stream(name).expect("cfb stream");
        s.write_all(data).expect("cfb write");
    }
    c.flush().expect("cfb flush");
    c.into_inner().into_inner()
}

// ---------------------------------------------------------------------------------------------
// The built-in plan as a Word document

struct Source {
    lines: Vec<&'static str>,
}

impl Source {
    fn new() -> Source {
        Source { lines: SOURCE_DOCUMENT.split('\n').map(|l| l.trim_end_matches('\r')).collect() }
    }

    /// Line `n` (1-based), trimmed.
    fn line(&self, n: usize) -> &'static str {
        self.lines[n - 1].trim()
    }

    /// The non-blank line before line `n`.
    fn prev_nonblank(&self, n: usize) -> usize {
        (1..n).rev().find(|&i| !self.line(i).is_empty()).expect("a line before")
    }

    /// Non-blank lines in `[from, to)`.
    fn nonblank(&self, from: usize, to: usize) -> Vec<String> {
        (from..to).map(|i| self.line(i)).filter(|l| !l.is_empty()).map(str::to_string).collect()
    }

    /// The line of the 序号 `seq` above the line `line`, and the non-blank lines between them
    /// (the 工作内容 or 项目名称 cell written on the row's first line).
    fn after_seq(&self, line: usize, seq: &str) -> (usize, Vec<String>) {
        let mut i = self.prev_nonblank(line);
        while self.line(i) != seq {
            i = self.prev_nonblank(i);
        }
        (i, self.nonblank(i + 1, line))
    }

    fn find(&self, text: &str, after: usize) -> usize {
        (after.max(1)..=self.lines.len()).find(|&i| self.line(i) == text).unwrap_or_else(|| panic!("not in the source: {text}"))
    }

    /// The unit paragraphs after the task on line `task_line`, as the lead cell's and the partner
    /// cell's paragraphs: paragraphs are taken while their units are among the row's, and the
    /// lead cell ends where the row's lead units are all written.
    fn unit_cells(&self, task_line: usize, lead: &[String], partner: &[String]) -> (Vec<String>, Vec<String>) {
        let mut lead_left: Vec<&str> = lead.iter().map(String::as_str).collect();
        let mut partner_left: Vec<&str> = partner.iter().map(String::as_str).collect();
        let (mut lead_cell, mut partner_cell) = (Vec::new(), Vec::new());
        let mut i = task_line + 1;
        while (!lead_left.is_empty() || !partner_left.is_empty()) && i <= self.lines.len() {
            let l = self.line(i);
            i += 1;
            if l.is_empty() {
                continue;
            }
            let units: Vec<&str> = l.split('、').collect();
            let take = |left: &mut Vec<&str>| -> bool {
                if units.iter().all(|u| left.contains(u)) {
                    left.retain(|x| !units.contains(x));
                    true
                } else {
                    false
                }
            };
            if !lead_left.is_empty() {
                assert!(take(&mut lead_left), "line {}: “{l}” is not among the lead units {lead:?}", i - 1);
                lead_cell.push(l.to_string());
            } else {
                assert!(take(&mut partner_left), "line {}: “{l}” is not among the partner units {partner:?}", i - 1);
                partner_cell.push(l.to_string());
            }
        }
        (lead_cell, partner_cell)
    }
}

fn list<'a>(plan: &'a SeedPlan, id: &str) -> &'a [SeedRow] {
    &plan.lists.iter().find(|l| l.id == id).expect("list").rows
}

/// 序号 cells: merged over the rows of the same 序号 (附件2 27, 附件1 17 and 18).
fn seq_cell(rows: &[SeedRow], i: usize) -> Cell {
    let same_as_prev = i > 0 && rows[i - 1].seq == rows[i].seq;
    let same_as_next = rows.get(i + 1).is_some_and(|n| n.seq == rows[i].seq);
    if same_as_prev {
        Cell::cont()
    } else if same_as_next {
        Cell::text(&rows[i].seq).restart()
    } else {
        Cell::text(&rows[i].seq)
    }
}

fn table_key_projects(src: &Source, plan: &SeedPlan) -> Vec<Row> {
    let rows = list(plan, "key-projects");
    let mut out = vec![Row {
        cells: vec![Cell::text("序号"), Cell::text("项目名称").span(2), Cell::text("完成时间")],
        header: true,
    }];
    for (i, r) in rows.iter().enumerate() {
        let first_of_seq = i == 0 || rows[i - 1].seq != r.seq;
        let name = if first_of_seq {
            let (seq_line, name_lines) = src.after_seq(r.line, &r.seq);
            let cat_line = src.prev_nonblank(seq_line);
            if Some(src.line(cat_line)) == r.category.as_deref() {
                out.push(row(vec![Cell::text(src.line(cat_line)).span(4)]));
            }
            let c = Cell::paras(&name_lines);
            if rows.get(i + 1).is_some_and(|n| n.seq == r.seq) { c.restart() } else { c }
        } else {
            Cell::cont()
        };
        let year = r.year.expect("完成时间").to_string();
        out.push(row(vec![seq_cell(rows, i), name, Cell::text(src.line(r.line)), Cell::text(&year)]));
    }
    out
}

fn table_responsibility(src: &Source, plan: &SeedPlan) -> Vec<Row> {
    let rows = list(plan, "responsibility");
    let mut out = vec![header_row(&["序号", "工作内容", "工作任务", "牵头单位", "配合单位"])];
    let mut chapter: Option<&str> = None;
    for (i, r) in rows.iter().enumerate() {
        if r.chapter.as_deref() != chapter {
            chapter = r.chapter.as_deref();
            out.push(row(vec![Cell::text(chapter.unwrap_or("")).span(5)]));
        }
        // The 工作内容 cell starts where the source writes it (between the 序号 and the task),
        // also where it writes it again after a page break (44, then 46).
        let first_of_seq = i == 0 || rows[i - 1].seq != r.seq;
        let content_lines = if first_of_seq { src.after_seq(r.line, &r.seq).1 } else { Vec::new() };
        let content = if content_lines.is_empty() { Cell::cont() } else { Cell::paras(&content_lines).restart() };
        let (lead, partner) = src.unit_cells(r.line, &r.lead, &r.partner);
        out.push(row(vec![seq_cell(rows, i), content, Cell::text(src.line(r.line)), Cell::paras(&lead), Cell::paras(&partner)]));
    }
    out
}

fn table_annual(src: &Source, plan: &SeedPlan) -> Vec<Row> {
    let rows = list(plan, "annual-2018");
    let mut out = vec![header_row(&["项目", "序号", "主要工作任务", "牵头单位", "配合单位"])];
    for (i, r) in rows.iter().enumerate() {
        let seq_line = src.prev_nonblank(r.line);
        let cat_line = src.prev_nonblank(seq_line);
        // The 项目 cell starts again where the source writes it again (after a page break).
        let category = if i == 0 || Some(src.line(cat_line)) == r.category.as_deref() {
            Cell::text(r.category.as_deref().unwrap_or("")).restart()
        } else {
            Cell::cont()
        };
        let (lead, partner) = src.unit_cells(r.line, &r.lead, &r.partner);
        out.push(row(vec![
            category,
            Cell::text(&r.seq),
            Cell::text(src.line(r.line)),
            Cell::paras(&lead),
            Cell::paras(&partner),
        ]));
    }
    out
}

/// The built-in plan as a Word document.
pub fn builtin_plan_docx() -> String {
    let src = Source::new();
    let plan = builtin_plan();
    let mut d = Doc::new();
    // The notice and the plan's text: from the notice's title to the list of attachments,
    // leaving out the web page's own lines.
    let start = (1..=src.lines.len()).find(|&i| src.line(i).contains("关于印发")).expect("notice title");
    let a1 = src.find("附件1", start);
    let title_first = "越城区(高新区、袍江开发区)生态文明";
    for i in start..a1 {
        let l = src.line(i);
        if l.is_empty() || l.starts_with("发布日期") {
            continue;
        }
        if i == start {
            d.title(l).blank();
        } else if l == "绍兴市越城区人民政府办公室" {
            d.blank().right(l);
        } else if l == "20181031" {
            // The web page lost the characters of the date line; the original reads so.
            d.right("2018年10月31日");
        } else if l == "(此件公开发布)" {
            d.left(l).page_break();
        } else if l == title_first || l == "示范创建行动方案" {
            d.title(l);
        } else if l.starts_with("各镇人民政府") || l.starts_with("附件:") {
            d.left(l);
        } else {
            d.para(l);
        }
    }
    let key_projects = table_key_projects(&src, &plan);
    let responsibility = table_responsibility(&src, &plan);
    let annual = table_annual(&src, &plan);
    d.page_break().left("附件1").blank().title("越城区生态文明示范创建行动方案重点项目表").blank();
    d.table(&[900, 2400, 9200, 1300], &key_projects);
    d.page_break().left("附件2").blank().title("越城区生态文明示范创建行动方案工作任务责任分解表").blank();
    d.table(&[800, 2000, 6400, 2200, 2400], &responsibility);
    d.page_break().left("附件3").blank().title("越城区生态文明示范创建行动方案2018年主要工作任务清单").blank();
    d.table(&[1800, 800, 6600, 2200, 2400], &annual);
    d.xml(true)
}

// ---------------------------------------------------------------------------------------------
// The small documents

fn small(title: &str, widths: &[u32], rows: &[Row]) -> Doc {
    let mut d = Doc::new();
    d.left("附件").title(title).blank().table(widths, rows);
    d
}

/// One list over three Word tables: the second repeats the header after a page break, the
/// third has no header and follows a 续表 line.
pub fn split_table_docx() -> String {
    let head = ["序号", "主要工作任务", "牵头单位", "配合单位", "完成时限"];
    let r = |s: &str, t: &str, l: &str, p: &str, d: &str| {
        row(vec![Cell::text(s), Cell::text(t), Cell::text(l), Cell::text(p), Cell::text(d)])
    };
    let w = [800, 7000, 2200, 2600, 1600];
    let mut d = Doc::new();
    d.left("附件").title("某镇2019年主要工作任务清单").blank();
    d.table(
        &w,
        &[
            header_row(&head),
            r("1", "推进工业园区污水零直排区建设。", "镇环保办", "各村", "2019年6月底前"),
            r("2", "完成农村生活污水处理设施标准化运维。", "镇农办", "各村", "年底前"),
            r("3", "开展河道清淤。", "镇水利站", "", "2019年9月底前"),
        ],
    );
    d.page_break();
    d.table(
        &w,
        &[
            header_row(&head),
            r("4", "推进垃圾分类示范村建设。", "镇城建办", "各村", "年底前"),
            r("5", "开展秸秆禁烧巡查。", "镇农办", "镇综合执法中队", "2019年"),
        ],
    );
    d.left("（续表）");
    d.table(
        &w,
        &[
            r("6", "加强餐饮油烟整治。", "镇综合执法中队", "镇市场监管所", "年底前"),
            r("7", "推进企业清洁生产审核。", "镇经发办", "", "2019年12月底前"),
        ],
    );
    d.xml(true)
}

/// 备注 column, deadlines in words, 责任单位/完成时间 as header words.
pub fn remark_column_docx() -> String {
    let r = |s: &str, t: &str, l: &str, p: &str, d: &str, m: &str| {
        row(vec![Cell::text(s), Cell::text(t), Cell::text(l), Cell::text(p), Cell::text(d), Cell::text(m)])
    };
    small(
        "某区2019年生态文明建设重点工作任务清单",
        &[800, 6000, 2000, 2400, 1600, 1600],
        &[
            header_row(&["序号", "重点任务", "责任单位", "配合单位", "完成时间", "备注"]),
            r("1", "完成2个省级美丽河湖创建。", "区农水局", "相关镇街", "2019年11月底前", "省考核项目"),
            r("2", "完成燃煤锅炉淘汰改造。", "区经信局", "区环保分局、各镇街", "年底前", ""),
            r("3", "落实河长制，开展河道日常巡查。", "区治水办", "各镇街", "长期坚持", "每月通报"),
        ],
    )
    .xml(true)
}

/// 序号 | 工作任务 | 牵头单位: no 配合单位 column.
pub fn three_columns_docx() -> String {
    let r = |s: &str, t: &str, l: &[&str]| {
        row(vec![Cell::text(s), Cell::text(t), Cell::paras(&l.iter().map(|x| x.to_string()).collect::<Vec<_>>())])
    };
    small(
        "某街道2019年环境整治工作任务",
        &[800, 9000, 3000],
        &[
            header_row(&["序号", "工作任务", "牵头单位"]),
            r("1", "开展“低散乱”企业整治。", &["街道经发办"]),
            r("2", "推进背街小巷环境提升。", &["街道城管科", "各社区"]),
        ],
    )
    .xml(true)
}

/// 序号 5 written twice.
pub fn duplicate_seq_docx() -> String {
    let r = |s: &str, t: &str, l: &str, p: &str| row(vec![Cell::text(s), Cell::text(t), Cell::text(l), Cell::text(p)]);
    small(
        "某区2019年主要工作任务清单",
        &[800, 8000, 2200, 2600],
        &[
            header_row(&["序号", "主要工作任务", "牵头单位", "配合单位"]),
            r("4", "推进污水零直排区建设。", "区治水办", "各镇街"),
            r("5", "开展土壤污染详查。", "区环保分局", "区农水局"),
            r("5", "加强危险废物规范化管理。", "区环保分局", "各镇街"),
            r("6", "推进垃圾分类。", "区综合执法局", "各镇街"),
        ],
    )
    .xml(true)
}

/// Text and a contact table, but no task table.
pub fn no_task_table_docx() -> String {
    let mut d = Doc::new();
    d.title("关于做好2019年生态文明建设工作的通知").para("各镇街、区级有关部门：请认真做好各项工作，联系人如下。");
    d.table(
        &[3000, 2000, 3000],
        &[
            header_row(&["单位", "联系人", "联系电话"]),
            row(vec![Cell::text("区环保分局"), Cell::text("张三"), Cell::text("88000000")]),
        ],
    );
    d.xml(false)
}

/// A header with 序号 and 时间节点 but no task or lead column the reader knows.
pub fn unrecognised_header_docx() -> String {
    small(
        "某区2019年工作安排",
        &[800, 8000, 2000, 2000],
        &[
            header_row(&["序号", "工作事项", "责任人", "时间节点"]),
            row(vec![Cell::text("1"), Cell::text("召开部署会。"), Cell::text("张三"), Cell::text("2019年3月")]),
        ],
    )
    .xml(true)
}

/// A document with nothing in it.
pub fn empty_docx() -> String {
    let mut d = Doc::new();
    d.blank();
    d.xml(false)
}

/// What a password-protected `.docx` is: an OLE compound file with the encryption streams
/// (MS-OFFCRYPTO agile encryption: version 4.4, then an XML descriptor; the package encrypted).
pub fn encrypted_docx() -> Vec<u8> {
    let mut info = vec![4u8, 0, 4, 0, 0x40, 0, 0, 0];
    info.extend_from_slice(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>"#);
    let mut package = 4096u64.to_le_bytes().to_vec();
    package.extend((0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8));
    ole_of(&[("/EncryptionInfo", &info), ("/EncryptedPackage", &package), ("/\u{6}DataSpaces/Version", b"\x3c\x00\x00\x00")])
}

/// What an old Word document is: an OLE compound file with a WordDocument stream.
pub fn old_doc() -> Vec<u8> {
    // The File Information Block starts with wIdent 0xA5EC.
    let mut word = vec![0xEC, 0xA5, 0xC1, 0x00];
    word.resize(1024, 0);
    ole_of(&[("/WordDocument", &word), ("/1Table", &[0u8; 512]), ("/\u{5}SummaryInformation", &[0u8; 128])])
}

/// An `.xlsx` with a `.docx` name.
pub fn renamed_xlsx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#),
    ])
}

/// Every file of the corpus: name, bytes, and the document.xml it holds (for the `.docx` files
/// written from XML).
pub fn corpus() -> Vec<(&'static str, Vec<u8>, Option<String>)> {
    let docx = |name: &'static str, xml: String| (name, package(&xml), Some(xml));
    let builtin = builtin_plan_docx();
    let builtin_bytes = package(&builtin);
    // A download cut short: the first 60% of the file.
    let truncated = builtin_bytes[..builtin_bytes.len() * 6 / 10].to_vec();
    vec![
        ("builtin-plan.docx", builtin_bytes, Some(builtin)),
        docx("split-table.docx", split_table_docx()),
        docx("remark-column.docx", remark_column_docx()),
        docx("three-columns.docx", three_columns_docx()),
        docx("duplicate-seq.docx", duplicate_seq_docx()),
        docx("no-task-table.docx", no_task_table_docx()),
        docx("unrecognised-header.docx", unrecognised_header_docx()),
        docx("empty.docx", empty_docx()),
        ("encrypted.docx", encrypted_docx(), None),
        ("old-format.doc", old_doc(), None),
        ("truncated.docx", truncated, None),
        ("renamed-xlsx.docx", renamed_xlsx(), None),
        ("not-a-document.docx", "这不是 Word 文档，是一段文字。\n".as_bytes().to_vec(), None),
    ]
}
