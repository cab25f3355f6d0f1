//! Fill-in forms: one workbook per lead unit goes out, the units fill in the unlocked columns,
//! and the returned workbooks are matched row by row to their tasks and recorded as reports.
//!
//! A form carries what it needs to come back in two places that Excel, WPS and LibreOffice keep
//! when they re-save it: a hidden, locked column of task ids on the fill-in sheet, and a very
//! hidden sheet `_taizhang` with the list, month, unit and the text of every row as sent (so
//! that an edited protected cell is noticed).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Color, DataValidation, DataValidationRule, DocProperties, ProtectionOptions, Workbook};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::export::monthly::{list_label, month_words};
use crate::ledger::{Ledger, TaskFilter, now_text};
use crate::model::{ListKind, Task, UnitKind};
use crate::progress::{ProgressReport, Recorded, ReportInput, record_in};
use crate::settings::Settings;
use crate::sheet::{Align, Column, Row, SheetStyle, Table, save_workbook, write_table};
use crate::timing::Month;

pub const FORM_MAGIC: &str = "taizhang-form";
pub const FORM_VERSION: &str = "1";
pub const META_SHEET: &str = "_taizhang";
pub const FILL_SHEET: &str = "填报表";
pub const REFERENCE_SHEET: &str = "配合任务（参考）";
/// Fill of the cells a unit fills in.
const FILL_IN: u32 = 0xFFF7D6;
/// The longest text a unit may put in one cell.
pub const MAX_CELL_CHARS: usize = 5000;

// Columns of the fill-in sheet.
const C_SEQ: usize = 0;
const C_TEXT: usize = 1;
const C_STATUS: usize = 6;
const C_PROGRESS: usize = 7;
const C_PROBLEMS: usize = 8;
const C_NEXT: usize = 9;
const C_PERCENT: usize = 10;
const C_ID: usize = 11;
const HEADERS: [&str; 12] =
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "上月进展", "完成状态", "进展情况", "存在问题", "下步计划", "完成百分比", "编号"];

fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

/// `区环保分局-2018年11月工作进展填报表.xlsx`
pub fn form_file_name(unit: &str, month: Month) -> String {
    let safe: String = unit.chars().map(|c| if r#"\/:*?"<>|"#.contains(c) { '_' } else { c }).collect();
    format!("{safe}-{}年{}月工作进展填报表.xlsx", month.year, month.month)
}

/// A form written by [`export_forms`].
#[derive(Debug, Clone, Serialize)]
pub struct FormFile {
    pub unit: String,
    pub path: PathBuf,
    /// Tasks the unit leads (rows to fill in).
    pub rows: usize,
    /// Tasks it supports (for reference).
    pub supports: usize,
}

/// Writes one form per lead unit of a list into `out_dir`.
pub fn export_forms(ledger: &mut Ledger, list_id: &str, month: &str, out_dir: &Path) -> Result<Vec<FormFile>> {
    let month = Month::parse(month)?;
    let list = ledger.list(list_id)?;
    if !out_dir.is_dir() {
        return Err(Error::File {
            action: "写入填报表到",
            path: out_dir.to_path_buf(),
            reason: "文件夹不存在。请先创建该文件夹，或另选一个文件夹。".into(),
        });
    }
    let plan = ledger.plan()?;
    let settings = Settings::load(ledger)?;
    let style = SheetStyle::from_settings(&settings);
    let tasks = ledger.tasks(&TaskFilter { list_id: Some(list_id.to_string()), ..Default::default() })?;
    let this_month: Vec<ProgressReport> = ledger.reports(month, Some(list_id))?;
    let last_month: Vec<ProgressReport> = ledger.reports(month.prev(), Some(list_id))?;
    let find = |reports: &[ProgressReport], task: &str, unit: &str| -> Option<ProgressReport> {
        reports.iter().find(|r| r.task_id == task && r.unit == unit).cloned()
    };
    let directory = ledger.unit_directory()?;
    let mut written = Vec::new();
    for unit in directory.iter().filter(|u| u.kind != UnitKind::Group) {
        let led: Vec<&Task> = tasks.iter().filter(|t| t.lead.contains(&unit.name)).collect();
        if led.is_empty() {
            continue;
        }
        let supported: Vec<&Task> = tasks.iter().filter(|t| t.partner.contains(&unit.name)).collect();
        let title = format!("{}{}{}工作进展填报表", plan.short_title, list_label(&list), month_words(&list, month));
        let mut columns = vec![
            Column::new("序号", 5.0, 6.0, Align::Center),
            Column::new(list.kind.task_header(), 20.0, 34.0, Align::Left),
            Column::new("牵头单位", 8.0, 12.0, Align::Center),
            Column::new("配合单位", 8.0, 14.0, Align::Center),
            Column::new("完成时限", 7.0, 10.0, Align::Center),
            Column::new("上月进展", 12.0, 22.0, Align::Left),
            Column::new("完成状态", 10.0, 12.0, Align::Center),
            Column::new("进展情况", 24.0, 30.0, Align::Left),
            Column::new("存在问题", 14.0, 18.0, Align::Left),
            Column::new("下步计划", 14.0, 18.0, Align::Left),
            Column::new("完成百分比", 7.0, 8.0, Align::Center),
            Column::new("编号", 8.0, 10.0, Align::Center),
        ];
        for c in &mut columns[C_STATUS..=C_PERCENT] {
            c.unlocked = true;
        }
        columns[C_PERCENT].numeric = true;
        columns[C_ID].hidden = true;
        let mut header = HEADERS.map(str::to_string).to_vec();
        header[C_TEXT] = list.kind.task_header().to_string();
        let rows: Vec<Row> = led
            .iter()
            .map(|t| {
                let now = find(&this_month, &t.id, &unit.name);
                let before = find(&last_month, &t.id, &unit.name);
                let mut fills = vec![None; HEADERS.len()];
                for f in &mut fills[C_STATUS..=C_PERCENT] {
                    *f = Some(Color::RGB(FILL_IN));
                }
                Row::Data { fills, cells: vec![
                    t.seq.clone(),
                    task_cell(t, list.kind),
                    t.lead.join("、"),
                    t.partner.join("、"),
                    t.deadline_label(),
                    before.map(|r| format!("{}：{}", r.status, r.progress)).unwrap_or_default(),
                    now.as_ref().map(|r| r.status.clone()).unwrap_or_default(),
                    now.as_ref().map(|r| r.progress.clone()).unwrap_or_default(),
                    now.as_ref().map(|r| r.problems.clone()).unwrap_or_default(),
                    now.as_ref().map(|r| r.next_steps.clone()).unwrap_or_default(),
                    now.as_ref().and_then(|r| r.percent).map(|p| p.to_string()).unwrap_or_default(),
                    t.id.clone(),
                ] }
            })
            .collect();
        let words = settings.words().join("、");
        let table = Table {
            sheet_name: FILL_SHEET.into(),
            title,
            info: Some((format!("填报单位：{}", unit.name), format!("填报月份：{}", month.label()))),
            columns,
            rows,
            merges: vec![],
            intro: vec![format!(
                "填表说明：只填写浅黄色的“完成状态”（下拉选择：{words}）、“进展情况”“存在问题”“下步计划”“完成百分比”（0-100 的整数）五列；其他列已锁定，无需密码即可填写。请勿增删行、勿改动序号和任务内容。填好后保存，原文件发回{}。",
                settings.office
            )],
            notes: vec![],
        };
        let mut workbook = Workbook::new();
        workbook.set_properties(
            &DocProperties::new()
                .set_title(&table.title)
                .set_company(&settings.office)
                .set_custom_property("taizhang_form", FORM_VERSION)
                .set_custom_property("taizhang_list", list_id)
                .set_custom_property("taizhang_month", month.to_string().as_str())
                .set_custom_property("taizhang_unit", unit.name.as_str()),
        );
        let n = led.len() as u32;
        {
            let ws = workbook.add_worksheet();
            let layout = write_table(ws, &table, &style)?;
            let (first, last) = (layout.first_body_row, layout.first_body_row + n - 1);
            let status = DataValidation::new()
                .allow_list_strings(&settings.words())?
                .set_error_title("完成状态")?
                .set_error_message(&format!("请从下拉列表中选择：{words}"))?;
            ws.add_data_validation(first, C_STATUS as u16, last, C_STATUS as u16, &status)?;
            let percent = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(0, 100))
                .set_error_title("完成百分比")?
                .set_error_message("请填写 0 到 100 之间的整数。")?;
            ws.add_data_validation(first, C_PERCENT as u16, last, C_PERCENT as u16, &percent)?;
            ws.protect_with_options(&ProtectionOptions {
                format_rows: true,
                format_columns: true,
                ..ProtectionOptions::default()
            });
            ws.set_freeze_panes(layout.header_row + 1, 0)?;
            if !supported.is_empty() {
                ws.set_active(true);
            }
        }
        if !supported.is_empty() {
            let reference = Table {
                sheet_name: REFERENCE_SHEET.into(),
                title: format!("{}配合的任务（仅供参考，无需填写）", unit.name),
                info: Some((format!("单位：{}", unit.name), format!("月份：{}", month.label()))),
                columns: vec![
                    Column::new("序号", 5.0, 6.0, Align::Center),
                    Column::new(list.kind.task_header(), 24.0, 44.0, Align::Left),
                    Column::new("牵头单位", 8.0, 14.0, Align::Center),
                    Column::new("配合单位", 8.0, 16.0, Align::Center),
                    Column::new("完成时限", 7.0, 10.0, Align::Center),
                ],
                rows: supported
                    .iter()
                    .map(|t| {
                        Row::data(vec![
                            t.seq.clone(),
                            task_cell(t, list.kind),
                            t.lead.join("、"),
                            t.partner.join("、"),
                            t.deadline_label(),
                        ])
                    })
                    .collect(),
                merges: vec![],
                intro: vec![],
                notes: vec![],
            };
            let ws = workbook.add_worksheet();
            write_table(ws, &reference, &style)?;
            ws.protect();
        }
        // What the form needs to come back: list, month, unit, and every row as sent.
        {
            let meta = workbook.add_worksheet();
            meta.set_name(META_SHEET)?;
            let pairs = [
                (FORM_MAGIC, FORM_VERSION.to_string()),
                ("list", list_id.to_string()),
                ("month", month.to_string()),
                ("unit", unit.name.clone()),
                ("rows", n.to_string()),
            ];
            for (i, (k, v)) in pairs.iter().enumerate() {
                meta.write_string(i as u32, 0, *k)?;
                meta.write_string(i as u32, 1, v)?;
            }
            let base = pairs.len() as u32 + 1;
            for (c, h) in ["id", "seq", "text"].iter().enumerate() {
                meta.write_string(base, c as u16, *h)?;
            }
            for (i, t) in led.iter().enumerate() {
                let r = base + 1 + i as u32;
                meta.write_string(r, 0, &t.id)?;
                meta.write_string(r, 1, &t.seq)?;
                meta.write_string(r, 2, task_cell(t, list.kind))?;
            }
            meta.set_very_hidden(true);
            meta.protect();
        }
        let path = out_dir.join(form_file_name(&unit.name, month));
        save_workbook(&mut workbook, &path)?;
        let tx = ledger.conn.transaction()?;
        tx.execute(
            "INSERT INTO form_issue (list_id, unit_id, month, file, rows, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rusqlite::params![list_id, unit.id, month.to_string(), path.display().to_string(), n, now_text(), settings.clerk_name],
        )?;
        tx.commit()?;
        written.push(FormFile { unit: unit.name.clone(), path, rows: led.len(), supports: supported.len() });
    }
    Ok(written)
}

/// The task cell of a form: the project's name and content for a key project, else the text.
fn task_cell(t: &Task, kind: ListKind) -> String {
    match (kind, &t.name) {
        (ListKind::Projects, Some(name)) => format!("{name}：{}", t.text),
        _ => t.text.clone(),
    }
}

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
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn sheet_rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(cell_text));
        out.push(cells);
    }
    out
}

/// Problems found in one file, each naming where it is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Problems(pub Vec<String>);

impl Problems {
    fn at(&mut self, sheet: &str, row: Option<u32>, col: Option<usize>, message: impl AsRef<str>) {
        let mut place = format!("工作表“{sheet}”");
        if let Some(r) = row {
            place.push_str(&format!("第 {r} 行"));
        }
        if let Some(c) = col {
            place.push_str(&format!("{}列（{}）", column_letter(c), HEADERS[c]));
        }
        self.0.push(format!("{place}：{}", message.as_ref()));
    }
}

/// Reads a returned form. Structural problems (not a spreadsheet, not one of our forms,
/// changed protected cells, bad values) come back as a list, each naming sheet, row and column.
pub fn read_form(path: &Path) -> std::result::Result<ReadForm, Problems> {
    let mut problems = Problems::default();
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            let text = e.to_string();
            let why = if text.contains("Zip") || text.contains("zip") || text.contains("Cfb") || text.contains("ole") {
                "不是 Excel 文件，或文件已损坏（可能没有下载完整）。请让报送单位重新发送原表。"
            } else {
                "无法作为 Excel 文件打开。请确认它是 .xlsx 或 .xls 表格，且没有损坏。"
            };
            problems.0.push(format!("{why}（{text}）"));
            return Err(problems);
        }
    };
    let names = book.sheet_names().to_vec();
    if !names.iter().any(|n| n == META_SHEET) {
        problems.0.push(if names.is_empty() {
            "工作簿是空的，不是本系统导出的填报表。".to_string()
        } else {
            "不是本系统导出的填报表（缺少识别信息）。请使用“导出填报表”生成的表格填写。".to_string()
        });
        return Err(problems);
    }
    let meta = match book.worksheet_range(META_SHEET) {
        Ok(r) => sheet_rows(&r),
        Err(e) => {
            problems.0.push(format!("识别信息无法读取：{e}"));
            return Err(problems);
        }
    };
    let get = |k: &str| meta.iter().find(|r| r.first().map(String::as_str) == Some(k)).and_then(|r| r.get(1)).cloned();
    if get(FORM_MAGIC).as_deref() != Some(FORM_VERSION) {
        problems.0.push("不是本系统导出的填报表（识别信息不符）。".into());
        return Err(problems);
    }
    let (Some(list_id), Some(month), Some(unit)) = (get("list"), get("month"), get("unit")) else {
        problems.0.push("填报表的识别信息不完整，无法确定清单、月份或单位。".into());
        return Err(problems);
    };
    // Rows as sent: id → (seq, text).
    let header_at = meta.iter().position(|r| r.first().map(String::as_str) == Some("id")).unwrap_or(meta.len());
    let sent: HashMap<String, (String, String)> = meta[(header_at + 1).min(meta.len())..]
        .iter()
        .filter(|r| r.len() >= 3 && !r[0].is_empty())
        .map(|r| (r[0].clone(), (r[1].clone(), r[2].clone())))
        .collect();
    if !names.iter().any(|n| n == FILL_SHEET) {
        problems.0.push(format!("找不到工作表“{FILL_SHEET}”（可能被改名或删除）。"));
        return Err(problems);
    }
    let rows = match book.worksheet_range(FILL_SHEET) {
        Ok(r) => sheet_rows(&r),
        Err(e) => {
            problems.0.push(format!("工作表“{FILL_SHEET}”无法读取：{e}"));
            return Err(problems);
        }
    };
    let Some(header) = rows.iter().position(|r| r.first().map(|s| s.trim()) == Some("序号") && r.iter().any(|c| c == "完成状态"))
    else {
        problems.at(FILL_SHEET, None, None, "找不到表头行（序号、完成状态……）。请勿删除或改动表头。");
        return Err(problems);
    };
    let mut out = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut blank = 0;
    // Rows that are not task rows of the form (inserted or pasted), reported together.
    let mut stray: Vec<u32> = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(header + 1) {
        let row_no = i as u32 + 1;
        let cell = |c: usize| r.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        let filled: Vec<usize> = (C_STATUS..=C_PERCENT).filter(|c| !cell(*c).is_empty()).collect();
        let id = cell(C_ID);
        if id.is_empty() {
            if !cell(C_SEQ).is_empty() || !cell(C_TEXT).is_empty() {
                problems.at(FILL_SHEET, Some(row_no), Some(C_ID), "缺少任务编号（隐藏的编号列被清除或改动），无法确定是哪项任务。请使用原表重新填写。");
            } else if !filled.is_empty() || r.iter().any(|c| !c.trim().is_empty()) {
                stray.push(row_no);
            }
            continue;
        }
        let Some((seq, text)) = sent.get(&id) else {
            problems.at(FILL_SHEET, Some(row_no), Some(C_ID), format!("任务编号“{id}”不是这份表发出时的任务。"));
            continue;
        };
        if let Some(first) = seen.insert(id.clone(), row_no) {
            problems.at(FILL_SHEET, Some(row_no), None, format!("任务（序号 {seq}）重复出现：第 {first} 行和第 {row_no} 行。请删除多余的一行。"));
            continue;
        }
        if cell(C_SEQ) != *seq {
            problems.at(FILL_SHEET, Some(row_no), Some(C_SEQ), format!("序号被改动：发出时为“{seq}”，现为“{}”。", cell(C_SEQ)));
        }
        if r.get(C_TEXT).map(|s| s.as_str()).unwrap_or("") != text.as_str() {
            problems.at(FILL_SHEET, Some(row_no), Some(C_TEXT), format!("任务内容被改动（序号 {seq}）。受保护的内容不能修改，请使用原表重新填写。"));
        }
        for c in [C_PROGRESS, C_PROBLEMS, C_NEXT] {
            let n = cell(c).chars().count();
            if n > MAX_CELL_CHARS {
                problems.at(FILL_SHEET, Some(row_no), Some(c), format!("内容过长（{n} 字），请精简到 {MAX_CELL_CHARS} 字以内。"));
            }
        }
        if filled.is_empty() {
            blank += 1;
            continue;
        }
        let status = cell(C_STATUS);
        if status.is_empty() {
            problems.at(FILL_SHEET, Some(row_no), Some(C_STATUS), "已填写进展但未选择完成状态，请从下拉列表中选择。");
        }
        let percent_text = cell(C_PERCENT).trim_end_matches(['%', '％']).trim().to_string();
        let percent = if percent_text.is_empty() {
            None
        } else {
            match percent_text.parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) && p.fract() == 0.0 => Some(p as i64),
                // A cell formatted as a percentage holds 0.6 for 60%.
                Ok(p) if p > 0.0 && p < 1.0 && (p * 100.0).fract().abs() < 1e-9 => Some((p * 100.0).round() as i64),
                _ => {
                    problems.at(FILL_SHEET, Some(row_no), Some(C_PERCENT), format!("“{}”不是 0 到 100 之间的整数。", cell(C_PERCENT)));
                    None
                }
            }
        };
        out.push(FormRow {
            row: row_no,
            task_id: id,
            seq: seq.clone(),
            status,
            progress: cell(C_PROGRESS),
            problems: cell(C_PROBLEMS),
            next_steps: cell(C_NEXT),
            percent,
        });
    }
    if let (Some(first), Some(last)) = (stray.first(), stray.last()) {
        let rows = if stray.len() == 1 { format!("第 {first} 行") } else { format!("第 {first} 行至第 {last} 行中有 {} 行", stray.len()) };
        problems.0.push(format!(
            "工作表“{FILL_SHEET}”{rows}不是表中的任务行（可能是新插入或粘贴的行）。请把内容填到对应任务的行中，删去多余的行。"
        ));
    }
    if problems.0.is_empty() {
        Ok(ReadForm { list_id, month, unit, rows: out, blank })
    } else {
        Err(problems)
    }
}

/// A row whose report changes, old → new.
#[derive(Debug, Clone, Serialize)]
pub struct RowChange {
    pub task_id: String,
    pub seq: String,
    pub old: Option<String>,
    pub new: String,
}

/// What importing one file did, or would do.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub unit: Option<String>,
    pub month: Option<String>,
    pub list_id: Option<String>,
    pub changed: Vec<RowChange>,
    pub unchanged: usize,
    pub blank: usize,
    pub problems: Vec<String>,
    pub applied: bool,
}

impl FileOutcome {
    fn refused(path: &Path, problems: Vec<String>) -> FileOutcome {
        FileOutcome {
            path: path.to_path_buf(),
            unit: None,
            month: None,
            list_id: None,
            changed: vec![],
            unchanged: 0,
            blank: 0,
            problems,
            applied: false,
        }
    }
}

/// The result of `import forms`.
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub files: Vec<FileOutcome>,
    /// The backup taken before anything was written.
    pub backup: Option<PathBuf>,
}

fn summary_of(status: &str, progress: &str, percent: Option<i64>) -> String {
    let mut s = status.to_string();
    if let Some(p) = percent {
        s.push_str(&format!(" {p}%"));
    }
    if !progress.is_empty() {
        let short: String = progress.chars().take(24).collect();
        s.push_str(&format!("：{short}{}", if progress.chars().count() > 24 { "…" } else { "" }));
    }
    s
}

/// A row checked against the ledger, ready to record.
struct CheckedRow {
    task: Task,
    meaning: crate::settings::Meaning,
    input: ReportInput,
}

/// Checks a read form against the ledger: what would change, what is wrong, and the rows to
/// record. `tasks` holds the tasks of the form's list, loaded once for all files.
fn plan_file(
    ledger: &Ledger,
    settings: &Settings,
    tasks: &HashMap<String, Task>,
    path: &Path,
    form: &ReadForm,
    expected_list: Option<&str>,
) -> (FileOutcome, Vec<CheckedRow>) {
    let mut out = FileOutcome {
        path: path.to_path_buf(),
        unit: Some(form.unit.clone()),
        month: Some(form.month.clone()),
        list_id: Some(form.list_id.clone()),
        changed: vec![],
        unchanged: 0,
        blank: form.blank,
        problems: vec![],
        applied: false,
    };
    let mut checked = Vec::new();
    if let Some(expected) = expected_list {
        if form.list_id != expected {
            out.problems.push(format!("这是清单“{}”的填报表，不是要导入的清单“{expected}”。", form.list_id));
            return (out, checked);
        }
    }
    if tasks.is_empty() {
        out.problems.push(format!("账本中没有这份表所属的清单“{}”（或该清单没有任务）。", form.list_id));
        return (out, checked);
    }
    let Ok(month) = Month::parse(&form.month) else {
        out.problems.push(format!("填报表的月份“{}”不正确。", form.month));
        return (out, checked);
    };
    let unit = match ledger.unit(&form.unit) {
        Ok(u) => u.name,
        Err(e) => {
            out.problems.push(format!("填报单位“{}”不在单位目录中（{e}）。", form.unit));
            return (out, checked);
        }
    };
    let current: HashMap<String, ProgressReport> = ledger
        .reports_of_unit(month, &form.list_id, &unit)
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r.task_id.clone(), r))
        .collect();
    for r in &form.rows {
        let input = ReportInput {
            task_id: r.task_id.clone(),
            unit: unit.clone(),
            month: form.month.clone(),
            status: r.status.clone(),
            progress: r.progress.clone(),
            problems: r.problems.clone(),
            next_steps: r.next_steps.clone(),
            percent: r.percent,
            source: path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default(),
        };
        let place = format!("工作表“{FILL_SHEET}”第 {} 行（序号 {}）：", r.row, r.seq);
        let Some(task) = tasks.get(&r.task_id) else {
            if ledger.task(&r.task_id).is_ok() {
                out.problems.push(format!("{place}任务 {} 不属于清单“{}”。", r.task_id, form.list_id));
            } else {
                out.problems.push(format!("{place}任务 {} 已不在账本中（可能已被删除），这一行无法导入。", r.task_id));
            }
            continue;
        };
        match crate::progress::check_report_for(task, &unit, &input, settings) {
            Ok(meaning) => {
                let old = current.get(&task.id);
                let same = old.is_some_and(|o| {
                    o.status == r.status.trim()
                        && o.progress == r.progress.trim()
                        && o.problems == r.problems.trim()
                        && o.next_steps == r.next_steps.trim()
                        && o.percent == r.percent
                });
                if same {
                    out.unchanged += 1;
                } else {
                    out.changed.push(RowChange {
                        task_id: task.id.clone(),
                        seq: r.seq.clone(),
                        old: old.map(|o| summary_of(&o.status, &o.progress, o.percent)),
                        new: summary_of(&r.status, &r.progress, r.percent),
                    });
                }
                checked.push(CheckedRow { task: task.clone(), meaning, input });
            }
            Err(Error::Invalid { message }) if message.contains("完成状态") => {
                out.problems.push(format!("{place}G列（完成状态）：{message}"));
            }
            Err(e) => out.problems.push(format!("{place}{e}")),
        }
    }
    (out, checked)
}

/// Imports returned forms: each file is checked whole; a file with problems is refused whole
/// and changes nothing; the others are applied, each in one transaction, after one automatic
/// backup of the ledger. With `dry_run`, nothing is written.
pub fn import_forms(ledger: &mut Ledger, paths: &[PathBuf], dry_run: bool, expected_list: Option<&str>) -> Result<ImportOutcome> {
    let settings = Settings::load(ledger)?;
    let mut list_tasks: HashMap<String, HashMap<String, Task>> = HashMap::new();
    let mut plans: Vec<(FileOutcome, Option<(ReadForm, Vec<CheckedRow>)>)> = Vec::new();
    for path in paths {
        match read_form(path) {
            Ok(form) => {
                if !list_tasks.contains_key(&form.list_id) {
                    let tasks = ledger
                        .tasks(&TaskFilter { list_id: Some(form.list_id.clone()), ..Default::default() })
                        .unwrap_or_default();
                    list_tasks.insert(form.list_id.clone(), tasks.into_iter().map(|t| (t.id.clone(), t)).collect());
                }
                let (plan, checked) = plan_file(ledger, &settings, &list_tasks[&form.list_id], path, &form, expected_list);
                plans.push((plan, Some((form, checked))));
            }
            Err(p) => plans.push((FileOutcome::refused(path, p.0), None)),
        }
    }
    let mut backup = None;
    if !dry_run && plans.iter().any(|(p, _)| p.problems.is_empty() && !p.changed.is_empty()) {
        backup = Some(ledger.backup_auto("import")?);
    }
    let mut files = Vec::new();
    for (mut plan, checked) in plans {
        if let (true, false, Some((form, rows))) = (plan.problems.is_empty(), dry_run, checked) {
            apply_form(ledger, &settings, &form, &rows, &plan)?;
            plan.applied = true;
        }
        files.push(plan);
    }
    Ok(ImportOutcome { files, backup })
}

fn apply_form(ledger: &mut Ledger, settings: &Settings, form: &ReadForm, rows: &[CheckedRow], plan: &FileOutcome) -> Result<()> {
    let month = Month::parse(&form.month)?;
    let unit = ledger.unit(&form.unit)?;
    let file = plan.path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let who = settings.clerk_name.clone();
    let tx = ledger.conn.transaction()?;
    for row in rows {
        let _: Recorded = record_in(&tx, &row.task, &unit.name, row.meaning, month, &row.input, &who)?;
    }
    tx.execute(
        "INSERT INTO form_return (list_id, unit_id, month, file, changed, unchanged, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rusqlite::params![form.list_id, unit.id, month.to_string(), file, plan.changed.len() as i64, plan.unchanged as i64, now_text(), who],
    )?;
    tx.commit()?;
    Ok(())
}

/// A lead unit whose form for a month has not come back.
#[derive(Debug, Clone, Serialize)]
pub struct MissingForm {
    pub unit: String,
    pub list_id: String,
    pub list_name: String,
    /// Tasks it leads in the list.
    pub tasks: usize,
    /// When a form was sent to it for the month, if one was.
    pub issued_at: Option<String>,
}

/// Lead units (concrete ones, not group words) whose form for `month` has not come back, and
/// who have not reported otherwise for the list that month.
pub fn missing_forms(ledger: &Ledger, month: &str, list_id: Option<&str>) -> Result<Vec<MissingForm>> {
    let month = Month::parse(month)?;
    let lists = match list_id {
        Some(id) => vec![ledger.list(id)?],
        None => ledger.lists()?,
    };
    let directory = ledger.unit_directory()?;
    let mut out = Vec::new();
    for list in lists {
        let tasks = ledger.tasks(&TaskFilter { list_id: Some(list.id.clone()), ..Default::default() })?;
        let reports = ledger.reports(month, Some(&list.id))?;
        let issued: HashMap<String, String> = {
            let mut stmt = ledger.conn.prepare(
                "SELECT u.name, max(f.issued_at) FROM form_issue f JOIN unit u ON u.id = f.unit_id
                 WHERE f.month = ? AND f.list_id = ? GROUP BY u.name",
            )?;
            let rows = stmt.query_map([month.to_string(), list.id.clone()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let returned: Vec<String> = {
            let mut stmt = ledger.conn.prepare(
                "SELECT DISTINCT u.name FROM form_return f JOIN unit u ON u.id = f.unit_id WHERE f.month = ? AND f.list_id = ?",
            )?;
            let rows = stmt.query_map([month.to_string(), list.id.clone()], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let any_issued = !issued.is_empty();
        for unit in directory.iter().filter(|u| u.kind != UnitKind::Group) {
            let led = tasks.iter().filter(|t| t.lead.contains(&unit.name)).count();
            if led == 0 {
                continue;
            }
            // When forms went out for the month, a unit counts as missing if its form was sent;
            // either way, a returned form or any report of its own counts as back.
            if any_issued && !issued.contains_key(&unit.name) {
                continue;
            }
            let back = returned.contains(&unit.name) || reports.iter().any(|r| r.unit == unit.name && tasks.iter().any(|t| t.id == r.task_id && t.lead.contains(&unit.name)));
            if !back {
                out.push(MissingForm {
                    unit: unit.name.clone(),
                    list_id: list.id.clone(),
                    list_name: list.name.clone(),
                    tasks: led,
                    issued_at: issued.get(&unit.name).cloned(),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_columns() {
        let m = Month::parse("2018-11").unwrap();
        assert_eq!(form_file_name("区环保分局", m), "区环保分局-2018年11月工作进展填报表.xlsx");
        assert_eq!(form_file_name("a/b", m), "a_b-2018年11月工作进展填报表.xlsx");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(6), "G");
        assert_eq!(column_letter(26), "AA");
    }
}
