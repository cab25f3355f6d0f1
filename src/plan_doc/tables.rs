//! Task tables → lists. A table is a task table when a row near its top is a header that names
//! the columns (序号, 工作任务/主要工作任务/重点任务, 牵头单位/责任单位, …, as `import list`
//! accepts them; or 序号, 项目名称, 建设内容, 完成时间 for a key-project table). Below it:
//! chapter rows (一、… in one cell across the table), group rows (a heading across the table),
//! repeated header rows (`w:tblHeader` or the same words), and task rows. A table with no
//! header right after a task table, with the same width and nothing but blank or 续表 lines
//! between, continues it; so does a table that repeats the same header. The paragraphs above a
//! table give its 附件 label and title.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::docx::{Block, Cell, Paragraph, Row, Table};
use super::units::read_units;
use super::{ListDraft, PlanDocError, Provenance, RowDraft};
use crate::model::ListKind;
use crate::timing::deadline_from_cell;

static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])").expect("valid regex"));
static ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附\s*件\s*([0-9０-９]+|[一二三四五六七八九十]+)\s*(?:[:：.．、]\s*(.*))?$").expect("valid regex")
});
static CONTINUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(]?\s*续(?:表|上表|前表)?\s*[0-9０-９]*\s*[)）]?$|^续表").expect("valid regex"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d\d)\s*年").expect("valid regex"));

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Seq,
    Content,
    Group,
    Task,
    Name,
    ProjectContent,
    Lead,
    /// 责任单位: the lead column, where several units may name the lead first.
    Responsible,
    Partner,
    Deadline,
    Remark,
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect()
}

/// The role of a header cell's words, as `import list` reads them, plus the usual variants.
fn role_of(header: &str) -> Option<Role> {
    let h = norm(header);
    // 牵头单位（部门） → 牵头单位.
    let base = h.split(['（', '(']).next().unwrap_or("").to_string();
    for t in [h.as_str(), base.as_str()] {
        let role = match t {
            "序号" | "编号" | "序" => Role::Seq,
            "工作内容" => Role::Content,
            "项目" | "类别" | "工作类别" | "任务类别" | "类型" | "领域" | "重点领域" | "项目类别" => {
                Role::Group
            }
            "主要工作任务" | "工作任务" | "任务" | "任务内容" | "重点任务" | "主要任务" | "具体任务" | "重点工作任务"
            | "工作措施" | "具体措施" | "主要措施" | "工作举措" | "主要内容" | "工作要求" | "目标任务" | "任务名称" => {
                Role::Task
            }
            "项目名称" => Role::Name,
            "建设内容" | "项目内容" | "建设内容及规模" | "建设规模及内容" | "主要建设内容" => {
                Role::ProjectContent
            }
            "牵头单位" | "牵头部门" | "牵头责任单位" | "牵头责任部门" => Role::Lead,
            "责任单位" | "主要责任单位" | "责任部门" | "负责单位" | "责任主体" | "实施单位" => {
                Role::Responsible
            }
            "配合单位" | "协办单位" | "配合部门" | "协同单位" | "参与单位" | "协助单位" | "配合责任单位" | "协作单位" => {
                Role::Partner
            }
            "完成时限" | "完成时间" | "时限" | "完成期限" | "时间节点" | "完成时间节点" | "时间要求" | "时限要求"
            | "完成年限" | "进度安排" | "计划完成时间" => Role::Deadline,
            "备注" | "说明" => Role::Remark,
            _ => continue,
        };
        return Some(role);
    }
    None
}

/// Grid columns `[start, end)` of a role.
type Span = (usize, usize);

#[derive(Debug, Clone, Default)]
struct Columns {
    seq: Option<Span>,
    group: Option<Span>,
    group_is_content: bool,
    task: Option<Span>,
    name: Option<Span>,
    lead: Option<Span>,
    /// The lead column is headed 责任单位.
    responsible: bool,
    partner: Option<Span>,
    deadline: Option<Span>,
    remark: Option<Span>,
}

impl Columns {
    fn kind(&self) -> Option<ListKind> {
        if self.name.is_some() && self.task.is_some() {
            Some(ListKind::Projects)
        } else if self.task.is_some() && self.lead.is_some() {
            // Without a 序号 column the rows are numbered in order.
            Some(if self.group_is_content { ListKind::Responsibility } else { ListKind::Annual })
        } else {
            None
        }
    }

    /// What a header lacks, in words, for the message.
    fn missing(&self) -> String {
        let mut m = Vec::new();
        if self.name.is_some() {
            if self.seq.is_none() {
                m.push("“序号”");
            }
            if self.task.is_none() {
                m.push("“建设内容”");
            }
        } else {
            if self.task.is_none() {
                m.push("“工作任务（或 主要工作任务、重点任务）”");
            }
            if self.lead.is_none() {
                m.push("“牵头单位（或 责任单位）”");
            }
        }
        format!("缺少{}列", m.join("、"))
    }
}

/// Reads the header from the cells of one row (or two rows merged column by column).
fn columns_of(cells: &[(Span, String)]) -> (Columns, usize) {
    let mut c = Columns::default();
    let mut known = 0;
    for (span, text) in cells {
        let Some(role) = role_of(text) else { continue };
        known += 1;
        // Two task columns (主要任务 | 具体措施): the left one is the group its rows share, the
        // right one the task's text.
        if role == Role::Task
            && let Some(first) = c.task
            && c.group.is_none()
        {
            c.group = Some(first);
            c.group_is_content = true;
            c.task = Some(*span);
            continue;
        }
        if role == Role::Responsible && c.lead.is_none() {
            c.responsible = true;
        }
        let slot = match role {
            Role::Seq => &mut c.seq,
            Role::Content => {
                c.group_is_content = true;
                &mut c.group
            }
            Role::Group => &mut c.group,
            Role::Task | Role::ProjectContent => &mut c.task,
            Role::Name => &mut c.name,
            Role::Lead | Role::Responsible => &mut c.lead,
            Role::Partner => &mut c.partner,
            Role::Deadline => &mut c.deadline,
            Role::Remark => &mut c.remark,
        };
        if slot.is_none() {
            *slot = Some(*span);
        }
    }
    // 工作内容 and no other text column: it is the task's text.
    if c.task.is_none() && c.group_is_content && c.name.is_none() {
        c.task = c.group.take();
        c.group_is_content = false;
    }
    // 项目名称 over two columns and no 建设内容: the second column is the content (附件1).
    if let (Some((s, e)), None) = (c.name, c.task)
        && e - s >= 2
    {
        c.name = Some((s, s + 1));
        c.task = Some((s + 1, e));
    }
    (c, known)
}

/// The distinct cells of a row with their spans and texts.
fn row_cells(row: &Row) -> Vec<(Span, String)> {
    row.cells.iter().map(|c| ((c.col, c.col + c.span), c.lines().join(""))).collect()
}

/// The header of two rows read together: for each cell of the lower row, its words, or those
/// of the cell above it where the lower row repeats them (a vertically merged 序号) — so that
/// 责任单位 over 牵头单位 | 配合单位 reads as the two.
fn two_row_cells(upper: &Row, lower: &Row) -> Vec<(Span, String)> {
    let mut out: Vec<(Span, String)> = Vec::new();
    for c in &upper.cells {
        let below: Vec<&Cell> = lower.cells.iter().filter(|l| l.col >= c.col && l.col < c.col + c.span).collect();
        let split =
            below.len() > 1 || below.iter().any(|l| !l.merged_from_above && !l.text().is_empty() && role_of(&l.text()).is_some());
        if split {
            for l in below {
                out.push(((l.col, l.col + l.span), l.lines().join("")));
            }
        } else {
            out.push(((c.col, c.col + c.span), c.lines().join("")));
        }
    }
    out
}

/// Where the header is, how many rows it takes, and its columns.
struct Header {
    row: usize,
    rows: usize,
    columns: Columns,
    kind: ListKind,
    cells: Vec<String>,
    key: String,
}

/// A table whose first rows look like a header that lacks a needed column.
#[derive(Debug, Clone)]
struct Suspect {
    table: usize,
    cells: Vec<String>,
    missing: String,
    /// It names task-table columns (工作任务, 牵头单位 …), not just 序号.
    taskish: bool,
}

impl Suspect {
    fn error(self, file: &str) -> PlanDocError {
        PlanDocError::UnrecognisedHeader {
            file: file.to_string(),
            table: self.table,
            cells: self.cells.iter().map(|c| c.trim()).collect::<Vec<_>>().join("｜"),
            missing: self.missing,
        }
    }
}

/// Looks for a header in the first rows of a table. `Err(cells)`: a row that looks like a
/// header (序号, or two known header words) but lacks a needed column.
fn find_header(t: &Table) -> Result<Option<Header>, Suspect> {
    let mut suspect: Option<Suspect> = None;
    for i in 0..t.rows.len().min(6) {
        let cells = row_cells(&t.rows[i]);
        let (cols, known) = columns_of(&cells);
        let texts: Vec<String> = cells.iter().map(|(_, s)| s.clone()).collect();
        // A header over two rows (责任单位 over 牵头单位 | 配合单位) is preferred when its
        // second row names more columns.
        // (Not a title row across the table above the header: it names no column.)
        if let Some(next) = t.rows.get(i + 1).filter(|_| known > 0) {
            let two = two_row_cells(&t.rows[i], next);
            let (cols2, known2) = columns_of(&two);
            if let Some(kind) = cols2.kind().filter(|_| known2 > known || cols.kind().is_none()) {
                let key = two.iter().map(|(_, s)| norm(s)).collect::<Vec<_>>().join("|");
                return Ok(Some(Header {
                    row: i,
                    rows: 2,
                    columns: cols2,
                    kind,
                    cells: two.into_iter().map(|(_, s)| s).collect(),
                    key,
                }));
            }
        }
        if let Some(kind) = cols.kind() {
            let key = texts.iter().map(|s| norm(s)).collect::<Vec<_>>().join("|");
            return Ok(Some(Header { row: i, rows: 1, columns: cols, kind, cells: texts, key }));
        }
        if suspect.is_none() && (known >= 2 || cols.seq.is_some()) {
            let taskish = cols.task.is_some()
                || cols.lead.is_some()
                || cols.partner.is_some()
                || cols.group.is_some()
                || cols.name.is_some();
            suspect = Some(Suspect { table: t.index, cells: texts, missing: cols.missing(), taskish });
        }
    }
    match suspect {
        Some(s) => Err(s),
        None => Ok(None),
    }
}

/// Lines of the cells of `row` that overlap `span`, left to right.
fn lines_in(row: &Row, span: Option<Span>) -> Option<(Vec<String>, &Cell)> {
    let (s, e) = span?;
    let cells: Vec<&Cell> = row.cells.iter().filter(|c| c.col < e && c.col + c.span > s).collect();
    let first = *cells.first()?;
    Some((cells.iter().flat_map(|c| c.lines()).collect(), first))
}

/// Joins the lines of a text cell: Chinese text broken over lines is one text
/// (`优化调整` / `能源结构`); a space is kept between two Latin words or numbers.
pub fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), l.chars().next())
            && a.is_ascii_alphanumeric()
            && b.is_ascii_alphanumeric()
        {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// A row that is one text across the table (a chapter or a group heading), if it is one.
fn spanning_text(row: &Row, width: usize) -> Option<String> {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.merged_from_above && !c.text().is_empty()).collect();
    if filled.len() != 1 {
        return None;
    }
    let c = filled[0];
    let others_empty = row.cells.iter().filter(|x| x.col != c.col).all(|x| x.text().is_empty() || x.merged_from_above);
    let wide = c.span * 2 >= width.max(1) || row.cells.len() == 1;
    (others_empty && wide).then(|| join_lines(&c.lines()))
}

struct ListBuilder {
    draft: ListDraft,
    columns: Columns,
    key: String,
    width: usize,
    chapter: Option<String>,
    group: Option<String>,
    name: Option<String>,
    seq: Option<String>,
    auto_seq: u32,
    /// 序号 → where it was written (not merged), for duplicates.
    seen: HashMap<String, Provenance>,
}

impl ListBuilder {
    fn read_rows(&mut self, t: &Table, from: usize, header_cells: &[String], warnings: &mut Vec<String>) {
        let width = t.width();
        let header_key: Vec<String> = header_cells.iter().map(|s| norm(s)).collect();
        for (i, row) in t.rows.iter().enumerate().skip(from) {
            let prov = Provenance { table: t.index, row: i + 1 };
            let texts: Vec<String> = row.cells.iter().map(|c| norm(&c.lines().join(""))).collect();
            if texts.iter().all(|s| s.is_empty()) {
                continue;
            }
            // A header repeated at a page break.
            if texts == header_key || (row.header && i > 0 && t.rows[..i].iter().all(|r| r.header)) {
                continue;
            }
            if let Some(text) = spanning_text(row, width) {
                // （一） under 一、 is a part of that chapter: its rows' group.
                let sub_chapter = text.starts_with(['（', '('])
                    && self.chapter.as_deref().is_some_and(|c| !c.starts_with(['（', '(']) && CHAPTER.is_match(c));
                if CHAPTER.is_match(&text) && !sub_chapter {
                    self.chapter = Some(text);
                    // A chapter starts its groups afresh.
                    self.group = None;
                } else {
                    self.group = Some(text);
                }
                continue;
            }
            self.read_task_row(row, prov, warnings);
        }
    }

    fn read_task_row(&mut self, row: &Row, prov: Provenance, warnings: &mut Vec<String>) {
        let cols = self.columns.clone();
        let mut reasons: Vec<String> = Vec::new();
        let text = lines_in(row, cols.task).map(|(l, _)| join_lines(&l)).unwrap_or_default();
        // seq
        let seq_cell = lines_in(row, cols.seq);
        let seq_text = seq_cell.as_ref().map(|(l, _)| join_lines(l)).unwrap_or_default();
        let seq_merged = seq_cell.as_ref().map(|(_, c)| c.merged_from_above).unwrap_or(false);
        let numbered = seq_cell.as_ref().map(|(_, c)| c.numbered).unwrap_or(false);
        let seq = if cols.seq.is_none() {
            // No 序号 column: numbered in order.
            self.auto_seq += 1;
            self.auto_seq.to_string()
        } else if !seq_text.is_empty() {
            if !seq_merged && numbered {
                // Text and numbering both: the text is what is printed after the number.
                self.auto_seq += 1;
            }
            seq_text
        } else if numbered {
            self.auto_seq += 1;
            reasons.push(format!("序号是 Word 自动编号，文字中没有：按顺序读作 {}", self.auto_seq));
            self.auto_seq.to_string()
        } else if let Some(last) = &self.seq {
            reasons.push(format!("序号一栏为空：按上一行的序号 {last} 读取"));
            last.clone()
        } else {
            reasons.push("序号一栏为空".to_string());
            String::new()
        };
        if text.is_empty() && lines_in(row, cols.lead).map(|(l, _)| l.is_empty()).unwrap_or(true) {
            warnings.push(format!(
                "第{}个表格第{}行没有任务内容和牵头单位（{}），未读入。",
                prov.table,
                prov.row,
                row.cells.iter().map(|c| join_lines(&c.lines())).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("｜")
            ));
            return;
        }
        if !seq_merged && !seq.is_empty() {
            if let Some(first) = self.seen.get(&seq) {
                reasons.push(format!(
                    "序号 {seq} 在本清单中重复出现（第{}个表格第{}行已有）：已保留，请核对",
                    first.table, first.row
                ));
            } else {
                self.seen.insert(seq.clone(), prov);
            }
        }
        self.seq = Some(seq.clone());
        // group (工作内容 / 项目), filled down.
        if let Some((l, _)) = lines_in(row, cols.group) {
            let g = join_lines(&l);
            if !g.is_empty() {
                self.group = Some(g);
            }
        }
        let name = if cols.name.is_some() {
            let n = lines_in(row, cols.name).map(|(l, _)| join_lines(&l)).unwrap_or_default();
            if !n.is_empty() {
                self.name = Some(n);
            }
            self.name.clone()
        } else {
            None
        };
        if text.is_empty() {
            reasons.push(format!("{}一栏为空", self.draft.kind.task_header()));
        }
        let (lead, partner) = if cols.lead.is_some() {
            let lead_lines = lines_in(row, cols.lead).map(|(l, _)| l).unwrap_or_default();
            let partner_lines = cols.partner.map(|_| lines_in(row, cols.partner).map(|(l, _)| l).unwrap_or_default());
            let r = read_units(&lead_lines, partner_lines.as_deref(), cols.responsible && cols.partner.is_none());
            if r.lead.is_empty() {
                reasons.push("牵头单位一栏为空".to_string());
            }
            reasons.extend(r.reasons);
            (r.lead, r.partner)
        } else {
            (Vec::new(), Vec::new())
        };
        let deadline = lines_in(row, cols.deadline).map(|(l, _)| join_lines(&l)).filter(|d| !d.is_empty());
        if let Some(d) = &deadline
            && deadline_from_cell(d, self.draft.year).is_none()
        {
            reasons.push(format!("完成时限“{d}”不是具体日期，请核对"));
        }
        let remark = lines_in(row, cols.remark).map(|(l, _)| l.join("\n")).filter(|d| !d.is_empty());
        self.draft.rows.push(RowDraft {
            seq,
            chapter: self.chapter.clone(),
            category: self.group.clone(),
            name,
            text,
            lead,
            partner,
            deadline,
            remark,
            review: (!reasons.is_empty()).then(|| reasons.join("；")),
            provenance: prov,
        });
    }
}

static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*20\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$").expect("valid regex"));

/// 附件 label and title from the paragraphs between the previous table and this one.
fn title_above(paras: &[&Paragraph]) -> (Option<String>, Option<String>) {
    let lines: Vec<String> = paras.iter().map(|p| p.text.trim().to_string()).filter(|t| !t.is_empty()).collect();
    // 附件 alone on its line (one attachment has no number), or 附件2, 附件2：title.
    let bare = |l: &str| norm(l) == "附件";
    if let Some(i) = lines.iter().rposition(|l| ATTACHMENT.is_match(l) || bare(l)) {
        let caps = ATTACHMENT.captures(&lines[i]);
        let num = caps.as_ref().and_then(|c| c.get(1)).map(|m| {
            m.as_str()
                .chars()
                .map(|c| {
                    if ('０'..='９').contains(&c) {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect::<String>()
        });
        let inline = caps.as_ref().and_then(|c| c.get(2)).map(|m| m.as_str().trim().to_string()).filter(|s| !s.is_empty());
        let after: Vec<&String> =
            lines[i + 1..].iter().filter(|l| !CONTINUED.is_match(l) && l.chars().count() <= 80).take(3).collect();
        let title = inline.or_else(|| (!after.is_empty()).then(|| after.iter().map(|s| s.as_str()).collect::<String>()));
        let label = num.map(|n| format!("附件{n}")).or_else(|| bare(&lines[i]).then(|| "附件".to_string()));
        return (label, title);
    }
    // Not a date (2019年3月1日, the signature's) nor a line that ends a sentence.
    let title = lines
        .iter()
        .rev()
        .find(|l| !CONTINUED.is_match(l))
        .filter(|l| l.chars().count() <= 60 && !l.ends_with(['。', '：', ':', '；', ';']) && !DATE_LINE.is_match(l))
        .cloned();
    (None, title)
}

/// A title row inside the table, above the header (one text across the table).
fn title_in_table(t: &Table, header_row: usize) -> Option<String> {
    let width = t.width();
    t.rows[..header_row].iter().rev().find_map(|r| spanning_text(r, width)).filter(|s| !ATTACHMENT.is_match(s))
}

/// The short name of a list: its title without the plan's name before it.
fn short_name(title: &str) -> String {
    for key in ["方案", "计划", "意见"] {
        if let Some(i) = title.rfind(key) {
            let rest = title[i + key.len()..].trim_start_matches(['》', '”', '"', ' ']);
            if rest.chars().count() >= 2 {
                return rest.to_string();
            }
        }
    }
    title.to_string()
}

fn header_summary(t: &Table) -> String {
    let row = t.rows.iter().find(|r| r.cells.iter().any(|c| !c.text().is_empty()));
    let cells: Vec<String> = row
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    let s = join_lines(&c.lines());
                    if s.chars().count() > 16 { format!("{}…", s.chars().take(16).collect::<String>()) } else { s }
                })
                .take(8)
                .collect()
        })
        .unwrap_or_default();
    if cells.iter().all(|c| c.is_empty()) { "（空表格）".to_string() } else { format!("“{}”", cells.join("｜")) }
}

/// Reads the task lists of a document body.
pub fn read_lists(file: &str, blocks: &[Block], warnings: &mut Vec<String>) -> Result<Vec<ListDraft>, PlanDocError> {
    let mut lists: Vec<ListDraft> = Vec::new();
    let mut current: Option<ListBuilder> = None;
    let mut between: Vec<&Paragraph> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    let mut empty_tables: Vec<String> = Vec::new();
    let mut suspects: Vec<Suspect> = Vec::new();
    for block in blocks {
        let t = match block {
            Block::Paragraph(p) => {
                between.push(p);
                continue;
            }
            Block::Table(t) => t,
        };
        let only_blank = between.iter().all(|p| {
            let s = p.text.trim();
            s.is_empty() || CONTINUED.is_match(s)
        });
        let (attachment, title) = title_above(&between);
        between.clear();
        let header = match find_header(t) {
            Ok(h) => h,
            Err(suspect) => {
                // A header-like row in a table that continues a task table is a body row.
                if let Some(cur) = current.as_mut().filter(|c| only_blank && t.width() == c.width) {
                    cur.draft.tables.push(t.index);
                    cur.read_rows(t, 0, &[], warnings);
                    continue;
                }
                // A table that names task columns but not all that are needed is refused; one
                // that only has 序号 (a contact list, say) is skipped unless no task table is found.
                if suspect.taskish {
                    return Err(suspect.error(file));
                }
                if let Some(done) = current.take() {
                    lists.push(done.draft);
                }
                let summary = format!("第{}个表格（表头“{}”）", t.index, suspect.cells.join("｜"));
                warnings.push(format!("{summary}不是任务表，已跳过。"));
                others.push(summary);
                suspects.push(suspect);
                continue;
            }
        };
        match header {
            Some(h) => {
                let continues = current.as_ref().is_some_and(|c| only_blank && c.key == h.key);
                if continues {
                    if let Some(cur) = current.as_mut() {
                        cur.draft.tables.push(t.index);
                        cur.read_rows(t, h.row + h.rows, &h.cells, warnings);
                    }
                    continue;
                }
                if let Some(done) = current.take() {
                    lists.push(done.draft);
                }
                // A title row inside the table is the table's own; a line above it without a
                // 附件 line may be a signature's date or office.
                let title = if attachment.is_some() {
                    title.or_else(|| title_in_table(t, h.row))
                } else {
                    title_in_table(t, h.row).or(title)
                }
                .unwrap_or_else(|| format!("第{}个表格", t.index));
                let year = YEAR.captures(&title).and_then(|c| c[1].parse::<i32>().ok());
                let mut b = ListBuilder {
                    draft: ListDraft {
                        attachment,
                        name: short_name(&title),
                        title,
                        kind: h.kind,
                        year,
                        tables: vec![t.index],
                        header: h.cells.clone(),
                        rows: Vec::new(),
                    },
                    columns: h.columns,
                    key: h.key,
                    width: t.width(),
                    chapter: None,
                    group: None,
                    name: None,
                    seq: None,
                    auto_seq: 0,
                    seen: HashMap::new(),
                };
                b.read_rows(t, h.row + h.rows, &h.cells, warnings);
                current = Some(b);
            }
            None => {
                if let Some(cur) = current.as_mut().filter(|c| only_blank && t.width() == c.width) {
                    cur.draft.tables.push(t.index);
                    cur.read_rows(t, 0, &[], warnings);
                    continue;
                }
                if let Some(done) = current.take() {
                    lists.push(done.draft);
                }
                let summary = format!("第{}个表格（表头{}）", t.index, header_summary(t));
                warnings.push(format!("{summary}不是任务表，已跳过。"));
                others.push(summary);
            }
        }
    }
    if let Some(done) = current.take() {
        lists.push(done.draft);
    }
    let mut kept = Vec::new();
    for l in lists {
        if l.rows.is_empty() {
            let t = l.tables.first().copied().unwrap_or(0);
            warnings.push(format!("第{t}个表格（{}）只有表头，没有任务行，未读入。", l.title));
            empty_tables.push(format!("第{t}个表格只有表头，没有任务行"));
        } else {
            kept.push(l);
        }
    }
    if kept.is_empty() {
        if let Some(s) = suspects.into_iter().next() {
            return Err(s.error(file));
        }
        let tables = blocks.iter().filter(|b| matches!(b, Block::Table(_))).count();
        let found = if tables == 0 {
            "文档中没有表格（任务清单应是 Word 表格；如果是图片或纯文字，请先在 Word/WPS 中转换成表格）".to_string()
        } else {
            let mut parts = others;
            parts.extend(empty_tables);
            format!("共{tables}个表格，{}", parts.join("；"))
        };
        return Err(PlanDocError::NoTaskTable { file: file.to_string(), found });
    }
    Ok(kept)
}

/// The plan's title, issuer and date, from the paragraphs outside tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
}

static NOTICE_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"印发\s*《(.+?)》").expect("valid regex"));
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S{2,40}?(?:人民政府办公室|人民政府|办公室|委员会|领导小组|指挥部|管理委员会)$").expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9〇零一二三四五六七八九○Ｏ]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日$")
        .expect("valid regex")
});

fn chinese_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| match c {
        '〇' | '零' | '○' | 'Ｏ' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    if s.chars().count() == 4 {
        // 二〇一八: digit by digit.
        return s.chars().try_fold(0u32, |acc, c| digit(c).map(|d| acc * 10 + d));
    }
    // 十, 十二, 二十, 三十一.
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => digit(*d).map(|d| 10 + d),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// Reads the title (《…》 in the 印发 notice, or the title lines), the issuer and the date.
pub fn read_heading(paragraphs: &[&str]) -> Heading {
    let lines: Vec<String> = paragraphs.iter().map(|p| p.trim().to_string()).collect();
    let mut h = Heading {
        title: lines.iter().find_map(|l| NOTICE_TITLE.captures(l).map(|c| c[1].trim().to_string())),
        ..Heading::default()
    };
    if h.title.is_none() {
        let nonblank: Vec<&String> = lines.iter().filter(|l| !l.is_empty()).collect();
        for (i, l) in nonblank.iter().enumerate() {
            // 方案, 计划, 工作要点, 实施意见, also with a span of years after it: 行动方案（2019—2021年）.
            let core: &str = l;
            let core = match core.rfind(['（', '(']) {
                Some(i) if core.ends_with(['）', ')']) && core[i..].contains('年') => core[..i].trim_end(),
                _ => core,
            };
            let titled = ["方案", "计划", "要点", "意见", "规划"].iter().any(|w| core.ends_with(w));
            if l.chars().count() <= 60 && titled && !ATTACHMENT.is_match(l) {
                let prev = i.checked_sub(1).map(|j| nonblank[j]);
                let title = match prev {
                    Some(p)
                        if p.chars().count() <= 30 && !p.ends_with(['。', '：', ':', '；', '，', ',']) && !DATE.is_match(p) =>
                    {
                        format!("{p}{l}")
                    }
                    _ => l.to_string(),
                };
                h.title = Some(title);
                break;
            }
        }
    }
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = DATE.captures(l) else { continue };
        let (Some(y), Some(m), Some(d)) = (chinese_number(&c[1]), chinese_number(&c[2]), chinese_number(&c[3])) else {
            continue;
        };
        if chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_none() {
            continue;
        }
        h.date = Some(format!("{y:04}-{m:02}-{d:02}"));
        h.issuer = lines[..i].iter().rev().filter(|l| !l.is_empty()).take(2).find(|l| ISSUER.is_match(l)).cloned();
        break;
    }
    if h.issuer.is_none() {
        h.issuer = lines.iter().find(|l| ISSUER.is_match(l)).cloned();
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_and_variants() {
        let cells = |v: &[&str]| v.iter().enumerate().map(|(i, s)| ((i, i + 1), s.to_string())).collect::<Vec<_>>();
        let (c, _) = columns_of(&cells(&["序 号", "工作内容", "工作任务", "牵头单位", "配合单位"]));
        assert_eq!(c.kind(), Some(ListKind::Responsibility));
        let (c, _) = columns_of(&cells(&["序号", "重点任务", "责任单位（部门）", "完成期限", "备注"]));
        assert_eq!(c.kind(), Some(ListKind::Annual));
        assert_eq!(c.deadline, Some((3, 4)));
        assert_eq!(c.remark, Some((4, 5)));
        // 项目名称 over two columns: the second holds the content.
        let (c, _) = columns_of(&[((0, 1), "序号".into()), ((1, 3), "项目名称".into()), ((3, 4), "完成时间".into())]);
        assert_eq!(c.kind(), Some(ListKind::Projects));
        assert_eq!((c.name, c.task), (Some((1, 2)), Some((2, 3))));
        let (c, _) = columns_of(&cells(&["序号", "事项", "负责人"]));
        assert_eq!(c.kind(), None);
        assert!(c.missing().contains("工作任务"), "{}", c.missing());
    }

    fn body(xml_rows: &str) -> Vec<Block> {
        let xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>附件1：2019年重点任务清单</w:t></w:r></w:p><w:tbl>{xml_rows}</w:tbl></w:body></w:document>"#
        );
        crate::plan_doc::docx::parse_body("t.docx", &xml).expect("parses").blocks
    }

    fn tc(props: &str, text: &str, numbered: bool) -> String {
        let num = if numbered { r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>"# } else { "" };
        let run = if text.is_empty() { String::new() } else { format!("<w:r><w:t>{text}</w:t></w:r>") };
        format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p>{num}{run}</w:p></w:tc>")
    }

    #[test]
    fn two_row_header_and_word_numbering() {
        // 责任单位 over 牵头单位 | 配合单位; 序号 merged down the two header rows; the 序号
        // column numbered by Word, so its cells hold no text.
        let rows = format!(
            "<w:tr>{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr>",
            tc(r#"<w:vMerge w:val="restart"/>"#, "序号", false),
            tc(r#"<w:vMerge w:val="restart"/>"#, "重点任务", false),
            tc(r#"<w:gridSpan w:val="2"/>"#, "责任单位", false),
            tc("<w:vMerge/>", "", false),
            tc("<w:vMerge/>", "", false),
            tc("", "牵头单位", false),
            tc("", "配合单位", false),
            tc("", "", true),
            tc("", "完成河道清淤。", false),
            tc("", "区农水局", false),
            tc("", "各镇街", false),
            tc("", "", true),
            tc("", "推进垃圾分类。", false),
            tc("", "区综合执法局", false),
            tc("", "", false),
        );
        let mut warnings = Vec::new();
        let lists = read_lists("t.docx", &body(&rows), &mut warnings).expect("a list");
        assert_eq!(lists.len(), 1);
        let l = &lists[0];
        assert_eq!((l.attachment.as_deref(), l.title.as_str(), l.year), (Some("附件1"), "2019年重点任务清单", Some(2019)));
        assert_eq!(l.header, ["序号", "重点任务", "牵头单位", "配合单位"]);
        let seqs: Vec<&str> = l.rows.iter().map(|r| r.seq.as_str()).collect();
        assert_eq!(seqs, ["1", "2"]);
        assert_eq!(l.rows[0].partner, ["各镇街"]);
        assert_eq!(l.rows[1].lead, ["区综合执法局"]);
        assert!(l.rows[0].review.as_deref().unwrap_or("").contains("自动编号"), "{:?}", l.rows[0].review);
        assert_eq!(l.rows[1].provenance, Provenance { table: 1, row: 4 });
    }

    #[test]
    fn plan_titles_of_several_kinds() {
        for (lines, title) in [
            (vec!["东湖区2019年生态文明建设工作要点", "东湖区生态文明建设领导小组办公室"], "东湖区2019年生态文明建设工作要点"),
            (vec!["东湖区清新空气行动方案（2019—2021年）", "2019年3月1日"], "东湖区清新空气行动方案（2019—2021年）"),
            (vec!["关于加快推进美丽乡村建设的实施意见"], "关于加快推进美丽乡村建设的实施意见"),
        ] {
            assert_eq!(read_heading(&lines).title.as_deref(), Some(title), "{lines:?}");
        }
    }

    #[test]
    fn titles_names_and_dates() {
        assert_eq!(short_name("越城区生态文明示范创建行动方案2018年主要工作任务清单"), "2018年主要工作任务清单");
        assert_eq!(short_name("重点项目表"), "重点项目表");
        let h = read_heading(&["关于印发《某区行动方案》的通知", "", "某区人民政府办公室", "二〇一八年十月三十一日"]);
        assert_eq!(h.title.as_deref(), Some("某区行动方案"));
        assert_eq!(h.issuer.as_deref(), Some("某区人民政府办公室"));
        assert_eq!(h.date.as_deref(), Some("2018-10-31"));
        let h = read_heading(&["越城区(高新区、袍江开发区)生态文明", "示范创建行动方案", "2018年10月31日"]);
        assert_eq!(h.title.as_deref(), Some("越城区(高新区、袍江开发区)生态文明示范创建行动方案"));
        assert_eq!(h.date.as_deref(), Some("2018-10-31"));
        assert_eq!(join_lines(&["优化调整".into(), "能源结构".into()]), "优化调整能源结构");
        assert_eq!(join_lines(&["PM2.5 and".into(), "AQI".into()]), "PM2.5 and AQI");
    }
}
