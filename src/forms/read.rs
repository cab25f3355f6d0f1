//! Reading a returned form: its identity (list, month, unit), the rows as they were sent, and
//! what the unit filled in. Nothing here looks at the ledger.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::write::FIELDS;
use super::{
    C_SEQ, C_TEXT, FILL_SHEET, FORM_MAGIC, FORM_VERSIONS_READ, FormProblem, HEADERS, META_SHEET, ProblemKind, T_SOURCE, T_VALUE,
    TARGETS_HEADING,
};
use crate::ledger::forms::Contact;
use crate::model::{MAX_TEXT_CHARS, clean_text};
use crate::xlsx_read::{self, Bounds, Grid, cell_name, parse_cell_name};

/// The most task rows a form is sent with, and the rows and columns a returned form may use.
pub const MAX_FORM_ROWS: u32 = 10_000;
const FORM_BOUNDS: Bounds = Bounds { rows: MAX_FORM_ROWS + 100, cols: HEADERS.len() as u32 + 8 };
const META_BOUNDS: Bounds = Bounds { rows: MAX_FORM_ROWS + 100, cols: 8 };

/// One filled row of a returned form.
#[derive(Debug, Clone, Serialize)]
pub struct FormRow {
    /// 1-based row of the sheet, for messages.
    pub row: u32,
    pub task_id: String,
    pub seq: String,
    pub status: String,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub percent: Option<i64>,
    /// 申请延期至 and 延期理由 as written (empty on forms without these columns).
    pub extend_to: String,
    pub extend_reason: String,
}

/// A value of one of the unit's targets, as filled in under its tasks.
#[derive(Debug, Clone, Serialize)]
pub struct FormTargetRow {
    /// 1-based row of the sheet.
    pub row: u32,
    pub code: String,
    pub indicator: String,
    pub value: f64,
    pub source: String,
}

/// A returned form as read, before it is checked against the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct ReadForm {
    pub list_id: String,
    pub month: String,
    pub unit: String,
    /// Rows with something filled in.
    pub rows: Vec<FormRow>,
    /// Rows left empty.
    pub blank: usize,
    /// Rows the form was sent with that are no longer on it (deleted): (序号, task id).
    pub deleted: Vec<(String, String)>,
    /// 填报人, 联系电话, 审核人, 填报日期 as the unit wrote them.
    pub contact: Contact,
    /// The unit's targets with a value filled in.
    pub targets: Vec<FormTargetRow>,
}

/// Where a returned form's columns are, by the form's version: forms of version 1 have no
/// 申请延期至 / 延期理由 and their hidden 编号 in column L. The columns are fixed (the sheet is
/// protected): an id found anywhere else is a changed form.
#[derive(Debug, Clone)]
struct Columns {
    status: usize,
    progress: usize,
    problems: usize,
    next: usize,
    percent: usize,
    extend_to: Option<usize>,
    extend_reason: Option<usize>,
    id: usize,
    /// The header as written, for naming a column in a message.
    names: Vec<String>,
}

impl Columns {
    fn of_version(version: &str, header: &[String]) -> Columns {
        let mut names: Vec<String> = header.iter().map(|h| h.chars().filter(|c| !c.is_whitespace()).collect()).collect();
        let v1 = version == "1";
        let count = if v1 { 12 } else { HEADERS.len() };
        names.resize(count.max(names.len()), String::new());
        for (i, n) in names.iter_mut().enumerate().take(count) {
            if n.is_empty() {
                *n = if v1 && i == 11 { "编号" } else { HEADERS.get(i).copied().unwrap_or("") }.to_string();
            }
        }
        Columns {
            status: 6,
            progress: 7,
            problems: 8,
            next: 9,
            percent: 10,
            extend_to: (!v1).then_some(11),
            extend_reason: (!v1).then_some(12),
            id: if v1 { 11 } else { 13 },
            names,
        }
    }

    /// The columns a unit fills in.
    fn filled(&self) -> Vec<usize> {
        let mut v = vec![self.status, self.progress, self.problems, self.next, self.percent];
        v.extend(self.extend_to);
        v.extend(self.extend_reason);
        v
    }

    fn at(&self, kind: ProblemKind, row: u32, column: Option<usize>, message: impl Into<String>) -> FormProblem {
        let named =
            column.map(|c| (c, self.names.get(c).map(String::as_str).unwrap_or_else(|| HEADERS.get(c).copied().unwrap_or(""))));
        FormProblem::at_named(kind, Some(row), named, message)
    }
}

/// The longest name, phone or date a unit writes in the 填报人 block.
const MAX_FIELD_CHARS: usize = 60;

fn unreadable(p: xlsx_read::ReadProblem) -> Vec<FormProblem> {
    vec![FormProblem::file(ProblemKind::Unreadable, p.to_string())]
}

/// Reads a returned form. Structural problems (not a spreadsheet, not one of our forms,
/// changed protected cells, bad values) come back as a list, each naming sheet, row and column.
pub fn read_form(path: &Path) -> Result<ReadForm, Vec<FormProblem>> {
    let mut book = xlsx_read::open(path).map_err(unreadable)?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == META_SHEET) {
        return Err(vec![FormProblem::file(
            ProblemKind::NotOurForm,
            if names.is_empty() {
                "工作簿是空的，不是本系统导出的填报表。"
            } else {
                "不是本系统导出的填报表（缺少识别信息）。请使用“导出填报表”生成的表格填写。"
            },
        )]);
    }
    let meta = book.grid(META_SHEET, META_BOUNDS).map_err(unreadable)?;
    let get = |k: &str| meta.rows.iter().find(|r| r.first().map(String::as_str) == Some(k)).and_then(|r| r.get(1)).cloned();
    if !get(FORM_MAGIC).is_some_and(|v| FORM_VERSIONS_READ.contains(&v.as_str())) {
        return Err(vec![FormProblem::file(ProblemKind::NotOurForm, "不是本系统导出的填报表（识别信息不符）。")]);
    }
    let (Some(list_id), Some(month), Some(unit)) = (get("list"), get("month"), get("unit")) else {
        return Err(vec![FormProblem::file(ProblemKind::Damaged, "填报表的识别信息不完整，无法确定清单、月份或单位。")]);
    };
    // Rows as sent, in order: id → (seq, text).
    let header_at = meta.rows.iter().position(|r| r.first().map(String::as_str) == Some("id")).unwrap_or(meta.rows.len());
    let sent_rows: Vec<(String, String, String)> = meta.rows[(header_at + 1).min(meta.rows.len())..]
        .iter()
        .filter(|r| r.len() >= 3 && !r[0].is_empty())
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    let sent: HashMap<&str, (&str, &str)> = sent_rows.iter().map(|(i, s, t)| (i.as_str(), (s.as_str(), t.as_str()))).collect();
    if !names.iter().any(|n| n == FILL_SHEET) {
        return Err(vec![FormProblem::file(ProblemKind::Damaged, format!("找不到工作表“{FILL_SHEET}”（可能被改名或删除）。"))]);
    }
    let grid = book.grid(FILL_SHEET, FORM_BOUNDS).map_err(unreadable)?;
    let Some(header) =
        grid.rows.iter().position(|r| r.first().map(|s| s.trim()) == Some("序号") && r.iter().any(|c| c == "完成状态"))
    else {
        return Err(vec![FormProblem::at(
            ProblemKind::Damaged,
            None,
            None,
            "找不到表头行（序号、完成状态……）。请勿删除或改动表头。",
        )]);
    };
    let cols = Columns::of_version(&get(FORM_MAGIC).unwrap_or_default(), &grid.rows[header]);
    // Where the unit's targets begin, if the form has them.
    let targets_at = grid
        .rows
        .iter()
        .enumerate()
        .skip(header + 1)
        .find(|(_, r)| r.first().is_some_and(|c| c.starts_with(TARGETS_HEADING)))
        .map(|(i, _)| i);
    // A formula in a filled-in cell: its cached value is what Excel shows; without one (a file
    // written by a program that does not calculate) the cell would read as empty.
    let filled = cols.filled();
    let uncalculated: Vec<FormProblem> = book
        .uncalculated_formulas(FILL_SHEET)
        .map_err(unreadable)?
        .into_iter()
        .filter(|&(r, c)| {
            let in_targets = targets_at.is_some_and(|t| r as usize > t);
            let watched = if in_targets { [T_VALUE, T_SOURCE].contains(&(c as usize)) } else { filled.contains(&(c as usize)) };
            watched && grid.get(r as usize, c as usize).trim().is_empty()
        })
        .map(|(r, c)| {
            cols.at(
                ProblemKind::Uncalculated,
                r + 1,
                Some(c as usize),
                "单元格是公式且没有计算结果，无法读取填写的内容。请直接填写文字或数字，不要用公式。",
            )
        })
        .collect();
    if !uncalculated.is_empty() {
        return Err(uncalculated);
    }
    let contact = read_contact(&grid, &get)?;
    let notes: Vec<String> =
        meta.rows.iter().filter(|r| r.first().map(String::as_str) == Some("note")).filter_map(|r| r.get(1).cloned()).collect();
    let task_end = targets_at.unwrap_or(grid.rows.len());
    let rows = read_rows(&grid, &cols, header, task_end, &sent, &sent_rows, &notes);
    let sent_targets: Vec<String> =
        meta.rows.iter().filter(|r| r.first().map(String::as_str) == Some("target")).filter_map(|r| r.get(1).cloned()).collect();
    let targets = match targets_at {
        Some(at) => read_targets(&grid, &cols, at, &sent_targets, &notes),
        None => Ok(vec![]),
    };
    match (rows, targets) {
        (Ok((rows, blank, deleted)), Ok(targets)) => {
            Ok(ReadForm { list_id, month, unit, rows, blank, deleted, contact, targets })
        }
        (rows, targets) => {
            let mut problems = rows.err().unwrap_or_default();
            problems.extend(targets.err().unwrap_or_default());
            Err(problems)
        }
    }
}

/// The unit's targets under its tasks: a value (a number) and its source, by the target's code
/// in the hidden 编号 column.
fn read_targets(
    grid: &Grid,
    cols: &Columns,
    heading: usize,
    sent: &[String],
    notes: &[String],
) -> Result<Vec<FormTargetRow>, Vec<FormProblem>> {
    use ProblemKind as K;
    let mut problems = Vec::new();
    let mut out: Vec<FormTargetRow> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let named = |kind, row: u32, col: usize, name: &str, message: String| {
        FormProblem::at_named(kind, Some(row), Some((col, name)), message)
    };
    // The heading, then the block's header.
    for (i, r) in grid.rows.iter().enumerate().skip(heading + 2) {
        let row_no = i as u32 + 1;
        let cell = |c: usize| r.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        if notes.iter().any(|n| r.first().is_some_and(|c| c == n)) && r.iter().skip(1).all(|c| c.trim().is_empty()) {
            continue;
        }
        let code = cell(cols.id);
        if code.is_empty() {
            if r.iter().any(|c| !c.trim().is_empty()) {
                problems.push(FormProblem::file(
                    K::StrayRows,
                    format!("工作表“{FILL_SHEET}”第 {row_no} 行不是主要目标的行（可能是新插入或粘贴的行）。请删去多余的行。"),
                ));
            }
            continue;
        }
        if !sent.contains(&code) {
            problems.push(cols.at(K::UnknownRow, row_no, Some(cols.id), format!("目标编号“{code}”不是这份表发出时的目标。")));
            continue;
        }
        if let Some(first) = seen.insert(code.clone(), row_no) {
            problems.push(cols.at(
                K::DuplicateRow,
                row_no,
                None,
                format!("目标 {code} 重复出现：第 {first} 行和第 {row_no} 行。"),
            ));
            continue;
        }
        let (value_text, source) = (cell(T_VALUE), cell(T_SOURCE));
        if value_text.is_empty() {
            if !source.is_empty() {
                problems.push(named(K::BadTargetValue, row_no, T_VALUE, "本期值", "填写了数据来源但没有填写本期值。".into()));
            }
            continue;
        }
        let value = match crate::targets::parse_value(&value_text) {
            Ok(v) => v,
            Err(_) => {
                problems.push(named(
                    K::BadTargetValue,
                    row_no,
                    T_VALUE,
                    "本期值",
                    format!("“{value_text}”不是数字。请只填数字，如 41.2 或 81（不要写单位或文字）。"),
                ));
                continue;
            }
        };
        let n = source.chars().count();
        if n > MAX_TEXT_CHARS {
            problems.push(named(
                K::TooLong,
                row_no,
                T_SOURCE,
                "数据来源",
                format!("内容过长（{n} 字），请精简到 {MAX_TEXT_CHARS} 字以内。"),
            ));
            continue;
        }
        out.push(FormTargetRow { row: row_no, code, indicator: cell(1), value, source });
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// The 填报人 block, read from the cells the form's meta sheet names (a form without them, from an
/// earlier version, has none).
fn read_contact(grid: &Grid, get: &dyn Fn(&str) -> Option<String>) -> Result<Contact, Vec<FormProblem>> {
    let mut values: Vec<Option<String>> = Vec::new();
    for (key, label) in FIELDS.iter().zip(["填报人", "联系电话", "审核人", "填报日期"]) {
        let Some((r, c)) = get(key).as_deref().and_then(parse_cell_name) else {
            values.push(None);
            continue;
        };
        let text = clean_text(label, grid.get(r as usize, c as usize), MAX_FIELD_CHARS).map_err(|e| {
            vec![FormProblem {
                kind: ProblemKind::TooLong,
                sheet: Some(FILL_SHEET.into()),
                row: Some(r + 1),
                column: None,
                place: format!("工作表“{FILL_SHEET}”单元格 {}", cell_name(r, c)),
                message: e.to_string(),
            }]
        })?;
        values.push(Some(text).filter(|t| !t.is_empty()));
    }
    let mut v = values.into_iter();
    Ok(Contact {
        filled_by: v.next().flatten(),
        phone: v.next().flatten(),
        approved_by: v.next().flatten(),
        filled_on: v.next().flatten(),
    })
}

type ReadRows = (Vec<FormRow>, usize, Vec<(String, String)>);

fn read_rows(
    grid: &Grid,
    cols: &Columns,
    header: usize,
    end: usize,
    sent: &HashMap<&str, (&str, &str)>,
    sent_rows: &[(String, String, String)],
    notes: &[String],
) -> Result<ReadRows, Vec<FormProblem>> {
    use ProblemKind as K;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut blank = 0;
    // Rows that are not task rows of the form (inserted or pasted), reported together.
    let mut stray: Vec<u32> = Vec::new();
    for (i, r) in grid.rows.iter().enumerate().take(end).skip(header + 1) {
        let row_no = i as u32 + 1;
        let cell = |c: usize| r.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        // A line the form was sent with under the table (单位（盖章）…), as sent.
        if notes.iter().any(|n| r.first().is_some_and(|c| c == n)) && r.iter().skip(1).all(|c| c.trim().is_empty()) {
            continue;
        }
        let filled: Vec<usize> = cols.filled().into_iter().filter(|c| !cell(*c).is_empty()).collect();
        let id = cell(cols.id);
        if id.is_empty() {
            if !cell(C_SEQ).is_empty() || !cell(C_TEXT).is_empty() {
                problems.push(cols.at(
                    K::UnknownRow,
                    row_no,
                    Some(cols.id),
                    "缺少任务编号（隐藏的编号列被清除或改动），无法确定是哪项任务。请使用原表重新填写。",
                ));
            } else if !filled.is_empty() || r.iter().any(|c| !c.trim().is_empty()) {
                stray.push(row_no);
            }
            continue;
        }
        let Some(&(seq, text)) = sent.get(id.as_str()) else {
            problems.push(cols.at(K::UnknownRow, row_no, Some(cols.id), format!("任务编号“{id}”不是这份表发出时的任务。")));
            continue;
        };
        if let Some(first) = seen.insert(id.clone(), row_no) {
            problems.push(cols.at(
                K::DuplicateRow,
                row_no,
                None,
                format!("任务（序号 {seq}）重复出现：第 {first} 行和第 {row_no} 行。请删除多余的一行。"),
            ));
            continue;
        }
        if cell(C_SEQ) != seq {
            problems.push(cols.at(
                K::ChangedProtectedCell,
                row_no,
                Some(C_SEQ),
                format!("序号被改动：发出时为“{seq}”，现为“{}”。", cell(C_SEQ)),
            ));
        }
        if r.get(C_TEXT).map(|s| s.as_str()).unwrap_or("") != text {
            problems.push(cols.at(
                K::ChangedProtectedCell,
                row_no,
                Some(C_TEXT),
                format!("任务内容被改动（序号 {seq}）。受保护的内容不能修改，请使用原表重新填写。"),
            ));
        }
        for c in [cols.progress, cols.problems, cols.next].into_iter().chain(cols.extend_reason) {
            let n = cell(c).chars().count();
            if n > MAX_TEXT_CHARS {
                problems.push(cols.at(
                    K::TooLong,
                    row_no,
                    Some(c),
                    format!("内容过长（{n} 字），请精简到 {MAX_TEXT_CHARS} 字以内。"),
                ));
            }
        }
        if filled.is_empty() {
            blank += 1;
            continue;
        }
        let status = cell(cols.status);
        if status.is_empty() {
            problems.push(cols.at(
                K::MissingStatus,
                row_no,
                Some(cols.status),
                "已填写进展但未选择完成状态，请从下拉列表中选择。",
            ));
        }
        // 申请延期至 / 延期理由: a date and a reason, together (checked against the task on import).
        if let (Some(to_col), Some(reason_col)) = (cols.extend_to, cols.extend_reason) {
            let (to, reason) = (cell(to_col), cell(reason_col));
            if !to.is_empty() && crate::timing::parse_due(&to).is_err() {
                problems.push(cols.at(
                    K::BadExtension,
                    row_no,
                    Some(to_col),
                    format!("（序号 {seq}）“{to}”不是日期。请写成 2019年6月底、2019-06-30 这样的日期。"),
                ));
            } else if !to.is_empty() && reason.is_empty() {
                problems.push(cols.at(
                    K::BadExtension,
                    row_no,
                    Some(reason_col),
                    format!("（序号 {seq}）申请延期须写明延期理由。"),
                ));
            } else if to.is_empty() && !reason.is_empty() {
                problems.push(cols.at(
                    K::BadExtension,
                    row_no,
                    Some(to_col),
                    format!("（序号 {seq}）填写了延期理由，但没有填写申请延期至的日期（如 2019年6月底）。"),
                ));
            }
        }
        let percent_text = cell(cols.percent).trim_end_matches(['%', '％']).trim().to_string();
        let percent = if percent_text.is_empty() {
            None
        } else {
            match percent_text.parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) && p.fract() == 0.0 => Some(p as i64),
                // A cell formatted as a percentage holds 0.6 for 60%.
                Ok(p) if p > 0.0 && p < 1.0 && (p * 100.0).fract().abs() < 1e-9 => Some((p * 100.0).round() as i64),
                _ => {
                    problems.push(cols.at(
                        K::BadPercent,
                        row_no,
                        Some(cols.percent),
                        format!("“{}”不是 0 到 100 之间的整数。", cell(cols.percent)),
                    ));
                    None
                }
            }
        };
        out.push(FormRow {
            row: row_no,
            task_id: id,
            seq: seq.to_string(),
            status,
            progress: cell(cols.progress),
            problems: cell(cols.problems),
            next_steps: cell(cols.next),
            percent,
            extend_to: cols.extend_to.map(&cell).unwrap_or_default(),
            extend_reason: cols.extend_reason.map(&cell).unwrap_or_default(),
        });
    }
    if let (Some(first), Some(last)) = (stray.first(), stray.last()) {
        let rows = if stray.len() == 1 {
            format!("第 {first} 行")
        } else {
            format!("第 {first} 行至第 {last} 行中有 {} 行", stray.len())
        };
        problems.push(FormProblem::file(
            K::StrayRows,
            format!(
                "工作表“{FILL_SHEET}”{rows}不是表中的任务行（可能是新插入或粘贴的行）。请把内容填到对应任务的行中，删去多余的行。"
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let deleted = sent_rows
        .iter()
        .filter(|(id, _, _)| !seen.contains_key(id.as_str()))
        .map(|(id, seq, _)| (seq.clone(), id.clone()))
        .collect();
    Ok((out, blank, deleted))
}
