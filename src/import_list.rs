//! `taizhang import list`: a new task list (a 2019年主要工作任务清单, say) from a spreadsheet
//! laid out like 附件3. The header row is found by its words; merged cells are filled down;
//! units are split on 、，, and line breaks and matched to the directory; deadlines in words are
//! read. Every problem is reported first and nothing is written unless there are none.

use std::path::Path;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;

use crate::app::NewListRow;
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::lists::NewList;
use crate::model::{ListId, ListKind, MAX_TEXT_CHARS, TaskList, UnitName, split_units};
use crate::timing::deadline_from_cell;
use crate::xlsx_read::{self, Bounds, column_letter};

/// What importing a list did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ListImport {
    pub list: TaskList,
    /// Unit names that were not in the directory and were added to it.
    pub new_units: Vec<String>,
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The rows and columns a list's sheet may use.
const LIST_BOUNDS: Bounds = Bounds { rows: 20_000, cols: 60 };

#[derive(Default, Debug)]
struct Columns {
    seq: Option<usize>,
    task: Option<usize>,
    lead: Option<usize>,
    partner: Option<usize>,
    group: Option<usize>,
    group_is_content: bool,
    deadline: Option<usize>,
}

fn find_columns(row: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, h) in row.iter().enumerate() {
        let h = norm(h);
        match h.as_str() {
            "序号" | "编号" => c.seq = Some(i),
            "主要工作任务" | "工作任务" | "任务" | "任务内容" | "重点任务" => c.task = Some(i),
            "牵头单位" | "责任单位" | "牵头部门" => c.lead = Some(i),
            "配合单位" | "协办单位" | "配合部门" => c.partner = Some(i),
            "项目" | "类别" | "工作类别" => c.group = Some(i),
            "工作内容" => {
                c.group = Some(i);
                c.group_is_content = true;
            }
            "完成时限" | "完成时间" | "时限" | "完成期限" => c.deadline = Some(i),
            _ => {}
        }
    }
    c
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d\d)年").expect("valid regex"));
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("valid regex"));

/// Imports a list from a spreadsheet. Nothing is written when any row has a problem; the error
/// lists every problem with its sheet, row and column.
pub fn import_list(ledger: &mut Ledger, path: &Path, id: &ListId, name: &str) -> Result<ListImport> {
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let not_a_sheet = |p: xlsx_read::ReadProblem| Error::NotASpreadsheet { file: file.clone(), reason: p.to_string() };
    let mut book = xlsx_read::open(path).map_err(not_a_sheet)?;
    let mut found = None;
    for sheet in book.sheet_names() {
        let grid = book.grid(&sheet, LIST_BOUNDS).map_err(not_a_sheet)?;
        let rows: Vec<Vec<String>> =
            grid.rows.into_iter().map(|r| r.into_iter().map(|c| c.trim().to_string()).collect()).collect();
        if let Some(h) = rows.iter().position(|r| {
            let c = find_columns(r);
            c.seq.is_some() && c.task.is_some() && c.lead.is_some()
        }) {
            found = Some((sheet.clone(), rows, h));
            break;
        }
    }
    let Some((sheet, rows, header)) = found else {
        return Err(Error::ListFile {
            file,
            problems: vec![
                "找不到表头行：需要“序号”“主要工作任务（或 工作任务）”“牵头单位”等列，可选“配合单位”“项目/工作内容”“完成时限”。"
                    .into(),
            ],
        });
    };
    let cols = find_columns(&rows[header]);
    let col_name = column_letter;
    let year = YEAR.captures(name).or_else(|| YEAR.captures(&file)).and_then(|c| c[1].parse::<i32>().ok());
    let plan = ledger.plans().get()?;
    let (period_start, period_end) = match year {
        Some(y) => {
            (NaiveDate::from_ymd_opt(y, 1, 1).expect("valid year"), NaiveDate::from_ymd_opt(y, 12, 31).expect("valid year"))
        }
        None => (plan.issued_on, plan.horizon),
    };
    let mut problems = Vec::new();
    let mut out: Vec<NewListRow> = Vec::new();
    let (mut group, mut chapter, mut last_seq) = (None::<String>, None::<String>, None::<String>);
    let get = |r: &Vec<String>, c: Option<usize>| c.and_then(|c| r.get(c)).cloned().unwrap_or_default();
    for (i, r) in rows.iter().enumerate().skip(header + 1) {
        let row_no = i + 1;
        let nonempty: Vec<&String> = r.iter().filter(|c| !c.is_empty()).collect();
        if nonempty.is_empty() {
            continue;
        }
        let task = get(r, cols.task);
        // A heading row: one text across the table (merged), no task.
        if task.is_empty() && nonempty.len() == 1 {
            let text = nonempty[0].clone();
            if CHAPTER.is_match(&text) {
                chapter = Some(text);
            } else {
                group = Some(text);
            }
            continue;
        }
        if task.is_empty() {
            problems.push(format!("工作表“{sheet}”第 {row_no} 行{}列：没有任务内容。", col_name(cols.task.unwrap_or(0))));
            continue;
        }
        if task.chars().count() > MAX_TEXT_CHARS {
            problems.push(format!(
                "工作表“{sheet}”第 {row_no} 行{}列：任务内容过长（{} 字）。",
                col_name(cols.task.unwrap_or(0)),
                task.chars().count()
            ));
            continue;
        }
        let g = get(r, cols.group);
        if !g.is_empty() {
            group = Some(g);
        }
        let mut seq = get(r, cols.seq);
        if seq.is_empty() {
            // A merged 序号 over several tasks (like 附件2 序号 27).
            match &last_seq {
                Some(s) => seq = s.clone(),
                None => {
                    problems.push(format!("工作表“{sheet}”第 {row_no} 行{}列：缺少序号。", col_name(cols.seq.unwrap_or(0))));
                    continue;
                }
            }
        }
        last_seq = Some(seq.clone());
        let lead = split_units(&get(r, cols.lead));
        if lead.is_empty() {
            problems.push(format!(
                "工作表“{sheet}”第 {row_no} 行{}列（序号 {seq}）：没有牵头单位。",
                col_name(cols.lead.unwrap_or(0))
            ));
            continue;
        }
        let partner: Vec<String> = split_units(&get(r, cols.partner)).into_iter().filter(|p| !lead.contains(p)).collect();
        let bad_names: Vec<String> =
            lead.iter().chain(&partner).filter_map(|u| UnitName::parse(u).err()).map(|e| e.to_string()).collect();
        if !bad_names.is_empty() {
            problems.push(format!("工作表“{sheet}”第 {row_no} 行（序号 {seq}）：{}", bad_names.join("；")));
            continue;
        }
        let deadline = get(r, cols.deadline);
        if !deadline.is_empty() && deadline_from_cell(&deadline, Some(period_end.year())).is_none() {
            problems.push(format!(
                "工作表“{sheet}”第 {row_no} 行{}列（序号 {seq}）：完成时限“{deadline}”无法识别，请写成 2019年6月底前、年底前、2019年 或 2019-06-30。",
                col_name(cols.deadline.unwrap_or(0))
            ));
            continue;
        }
        out.push(NewListRow {
            seq,
            chapter: chapter.clone(),
            category: group.clone(),
            name: None,
            text: task,
            lead,
            partner,
            deadline: (!deadline.is_empty()).then_some(deadline),
            review: None,
            source_line: Some(row_no as i64),
        });
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(format!("工作表“{sheet}”表头下没有任务行。"));
    }
    if !problems.is_empty() {
        return Err(Error::ListFile { file, problems });
    }
    let known: Vec<String> =
        ledger.units().directory()?.into_iter().flat_map(|u| std::iter::once(u.name).chain(u.aliases)).collect();
    let mut new_units: Vec<String> = Vec::new();
    for u in out.iter().flat_map(|r| r.lead.iter().chain(&r.partner)) {
        if !known.contains(u) && !new_units.contains(u) {
            new_units.push(u.clone());
        }
    }
    let kind = if cols.group_is_content { ListKind::Responsibility } else { ListKind::Annual };
    let title = if name.contains("方案") { name.to_string() } else { format!("{}{}", plan.short_title, name) };
    let list = crate::app::create_list(
        ledger,
        &NewList { id: id.to_string(), kind, name: name.to_string(), title, period_start, period_end },
        &out,
    )?;
    Ok(ListImport { list, new_units })
}
