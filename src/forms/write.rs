//! Writing the month's fill-in forms: one workbook per lead unit of a list.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Color, DataValidation, DataValidationRule, DocProperties, ProtectionOptions, Workbook};
use serde::Serialize;

use super::{
    C_EXTEND_TO, C_FILLED, C_ID, C_PERCENT, C_STATUS, FILL_SHEET, FORM_MAGIC, FORM_VERSION, HEADERS, META_SHEET, REFERENCE_SHEET,
    T_VALUE, TARGETS_HEADING,
};
use crate::error::{Error, Result};
use crate::export::monthly::{list_label, month_words};
use crate::files;
use crate::ledger::forms::Issued;
use crate::ledger::{Ledger, TaskFilter, now_text};
use crate::model::{ListKind, Target, Task, TaskList, Unit, UnitKind};
use crate::progress::ProgressReport;
use crate::settings::Settings;
use crate::sheet::{Align, Block, Column, FieldCell, Row, SheetStyle, Table, write_table};
use crate::targets::{Period, number, target_text};
use crate::task_life::CloseState;
use crate::timing::Month;
use crate::xlsx_read::cell_name;

pub use crate::sheet::FILL_IN;

/// `区环保分局-2018年11月工作进展填报表.xlsx`
pub fn form_file_name(unit: &str, month: Month) -> String {
    let safe: String = unit.chars().map(|c| if r#"\/:*?"<>|"#.contains(c) || c.is_control() { '_' } else { c }).collect();
    format!("{safe}-{}年{}月工作进展填报表.xlsx", month.year, month.month)
}

/// The keys, in the meta sheet, of the cells of the 填报人 block, in their order on the form.
pub const FIELDS: [&str; 4] = ["field_filled_by", "field_phone", "field_approved_by", "field_filled_on"];

/// The day by which the month's forms come back: the report day of the month.
pub fn return_deadline(month: Month, report_day: u32) -> chrono::NaiveDate {
    let day = report_day.clamp(1, 28);
    chrono::NaiveDate::from_ymd_opt(month.year, month.month, day).unwrap_or_else(|| month.last_day())
}

/// A form written by [`export_forms`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct FormFile {
    pub unit: String,
    pub path: PathBuf,
    /// Tasks the unit leads (rows to fill in).
    pub rows: usize,
    /// Tasks it supports (for reference).
    pub supports: usize,
}

/// Everything the forms of a list and month are built from, read once.
struct FormsData {
    plan_short_title: String,
    list: TaskList,
    month: Month,
    settings: Settings,
    tasks: Vec<Task>,
    this_month: HashMap<(String, String), ProgressReport>,
    last_month: HashMap<(String, String), ProgressReport>,
    /// Why a claim of completion was sent back (退回), by task: shown to the unit.
    returned: HashMap<String, String>,
    targets: Vec<Target>,
    /// The latest value of each target before this month: code → (period, value).
    earlier_values: HashMap<String, (String, f64)>,
    this_month_values: HashMap<String, (f64, String)>,
}

fn by_task_and_unit(reports: Vec<ProgressReport>) -> HashMap<(String, String), ProgressReport> {
    reports.into_iter().map(|r| ((r.task_id.clone(), r.unit.clone()), r)).collect()
}

/// Writes one form per lead unit of a list into `out_dir`, all or nothing: every workbook is
/// built first, then each is written to a temporary file and renamed into place; only the forms
/// written are recorded as sent.
pub fn export_forms(ledger: &mut Ledger, list_id: &str, month: Month, out_dir: &Path) -> Result<Vec<FormFile>> {
    let list = ledger.lists().get(list_id)?;
    if !out_dir.is_dir() {
        return Err(Error::file_because("写入填报表到", out_dir, "文件夹不存在。请先创建该文件夹，或另选一个文件夹。"));
    }
    let closing = crate::app::closing_states(ledger, month.last_day())?;
    let returned = closing
        .into_iter()
        .filter(|(_, (state, _))| *state == CloseState::Returned)
        .filter_map(|(task, (_, event))| event.map(|e| (task, e.note)))
        .collect();
    let mut earlier_values = HashMap::new();
    let mut this_month_values = HashMap::new();
    for v in ledger.targets().values()? {
        let Ok(p) = Period::parse(&v.period) else { continue };
        if p == Period::Month(month) {
            this_month_values.insert(v.target.clone(), (v.value, v.source.clone()));
        } else if p.end() < month.first_day() {
            // Values come sorted by period: the last one kept is the latest.
            earlier_values.insert(v.target.clone(), (p.label(), v.value));
        }
    }
    let data = FormsData {
        returned,
        targets: ledger.targets().all()?,
        earlier_values,
        this_month_values,
        plan_short_title: ledger.plans().get()?.short_title,
        tasks: ledger.tasks().list(&TaskFilter { list_id: Some(list_id.to_string()), ..Default::default() })?,
        this_month: by_task_and_unit(ledger.reports().of_month(month, Some(list_id))?),
        last_month: by_task_and_unit(ledger.reports().of_month(month.prev(), Some(list_id))?),
        settings: Settings::load(ledger)?,
        list,
        month,
    };
    let style = SheetStyle::from_settings(&data.settings);
    // 1. Build every workbook.
    let mut built: Vec<(FormFile, i64, Vec<u8>)> = Vec::new();
    for unit in ledger.units().directory()?.iter().filter(|u| u.kind != UnitKind::Group) {
        let led: Vec<&Task> = data.tasks.iter().filter(|t| t.lead.contains(&unit.name)).collect();
        if led.is_empty() {
            continue;
        }
        let supported: Vec<&Task> = data.tasks.iter().filter(|t| t.partner.contains(&unit.name)).collect();
        let mut workbook = form_workbook(&data, unit, &led, &supported, &style)?;
        let bytes = workbook.save_to_buffer()?;
        let file = FormFile {
            unit: unit.name.clone(),
            path: out_dir.join(form_file_name(&unit.name, month)),
            rows: led.len(),
            supports: supported.len(),
        };
        built.push((file, unit.id, bytes));
    }
    // 2. Write them: temporary files first, then renames.
    let mut temps = Vec::new();
    for (file, _, bytes) in &built {
        files::check_target(&file.path, "写入填报表")?;
        let mut tmp = files::temp_in(out_dir, files::TEMP_PREFIX).map_err(|e| Error::file("写入填报表", &file.path, &e))?;
        std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::file("写入填报表", &file.path, &e))?;
        temps.push(tmp);
    }
    let mut written = Vec::new();
    let mut failure = None;
    for ((file, unit_id, _), tmp) in built.into_iter().zip(temps) {
        if failure.is_some() {
            break;
        }
        match files::persist(tmp, &file.path, "写入填报表") {
            Ok(()) => written.push((file, unit_id)),
            Err(e) => failure = Some(e),
        }
    }
    // 3. Record as sent what was written.
    let who = data.settings.clerk_name.clone();
    let now = now_text();
    ledger.write(|tx| {
        for (f, unit_id) in &written {
            tx.form_log().record_issue(&Issued {
                list_id,
                unit_id: *unit_id,
                month,
                file: &f.path.display().to_string(),
                rows: f.rows,
                at: &now,
                by: &who,
            })?;
        }
        Ok(())
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(written.into_iter().map(|(f, _)| f).collect()),
    }
}

/// The task cell of a form: the project's name and content for a key project, else the text.
pub fn task_cell(t: &Task, kind: ListKind) -> String {
    match (kind, &t.name) {
        (ListKind::Projects, Some(name)) => format!("{name}：{}", t.text),
        _ => t.text.clone(),
    }
}

/// The columns the cells of a form's targets span: 序号, 指标, 目标值, 目标年份, 上期值, 本期值,
/// 数据来源, 备注, and the hidden 编号.
const TARGET_SPANS: [(u16, u16); 9] = [(0, 0), (1, 1), (2, 3), (4, 4), (5, 5), (6, 6), (7, 9), (10, 12), (13, 13)];

/// The heading over the targets: it names the period the values are for.
pub(crate) fn targets_heading(month: Month) -> String {
    format!("{TARGETS_HEADING}（统计期：{}；请填写本期值和数据来源，本期值只填数字，单位同目标值）", month.label())
}

/// The unit's targets under its tasks.
fn targets_block(data: &FormsData, targets: &[&Target]) -> Block {
    let rows = targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let earlier =
                data.earlier_values.get(&t.code).map(|(p, v)| format!("{}{}（{p}）", number(*v), t.unit)).unwrap_or_default();
            let (value, source) = data.this_month_values.get(&t.code).map(|(v, s)| (number(*v), s.clone())).unwrap_or_default();
            let remark = match (t.baseline, t.baseline_year) {
                (Some(b), Some(y)) => format!("基期值 {}{}（{y}年）", number(b), t.unit),
                _ => String::new(),
            };
            vec![
                (i + 1).to_string(),
                t.indicator.clone(),
                target_text(t),
                t.year.to_string(),
                earlier,
                value,
                source,
                remark,
                t.code.clone(),
            ]
        })
        .collect();
    Block {
        heading: targets_heading(data.month),
        spans: TARGET_SPANS.to_vec(),
        header: ["序号", "指标", "目标值", "目标年份", "上期值", "本期值", "数据来源", "备注", "编号"].map(String::from).to_vec(),
        rows,
        editable: vec![false, false, false, false, false, true, true, false, false],
        centered: vec![true, false, true, true, true, true, false, false, true],
    }
}

fn form_workbook(data: &FormsData, unit: &Unit, led: &[&Task], supported: &[&Task], style: &SheetStyle) -> Result<Workbook> {
    let FormsData { list, month, settings, .. } = data;
    let month = *month;
    let targets_led: Vec<&Target> = data.targets.iter().filter(|t| t.lead.contains(&unit.name)).collect();
    let title = format!("{}{}{}工作进展填报表", data.plan_short_title, list_label(list), month_words(list, month));
    let mut columns = vec![
        Column::new("序号", 5.0, 6.0, Align::Center),
        Column::new(list.kind.task_header(), 20.0, 34.0, Align::Left),
        Column::new("牵头单位", 8.0, 12.0, Align::Center),
        Column::new("配合单位", 8.0, 14.0, Align::Center),
        // Wide enough for 2018年9月底 on one line.
        Column::new("完成时限", 12.0, 15.0, Align::Center),
        Column::new("上月进展", 12.0, 22.0, Align::Left),
        Column::new("完成状态", 12.0, 12.0, Align::Center),
        Column::new("进展情况", 24.0, 30.0, Align::Left),
        Column::new("存在问题", 14.0, 18.0, Align::Left),
        Column::new("下步计划", 14.0, 18.0, Align::Left),
        Column::new("完成\n百分比", 8.0, 8.0, Align::Center),
        // 2019年6月底 on one line.
        Column::new("申请\n延期至", 12.0, 12.0, Align::Center),
        Column::new("延期理由", 12.0, 16.0, Align::Left),
        Column::new("编号", 8.0, 10.0, Align::Center),
    ];
    for c in &mut columns[C_FILLED] {
        c.unlocked = true;
    }
    columns[C_PERCENT].numeric = true;
    columns[C_ID].hidden = true;
    let rows: Vec<Row> = led
        .iter()
        .map(|t| {
            let key = (t.id.clone(), unit.name.clone());
            let now = data.this_month.get(&key);
            let before = data.last_month.get(&key);
            let mut fills = vec![None; HEADERS.len()];
            for f in &mut fills[C_FILLED] {
                *f = Some(Color::RGB(FILL_IN));
            }
            let mut earlier = before.map(|r| format!("{}：{}", r.status, r.progress)).unwrap_or_default();
            if let Some(why) = data.returned.get(&t.id) {
                earlier = format!("【销号申请已退回：{why}】{earlier}");
            }
            Row::Data {
                fills,
                cells: vec![
                    t.seq.clone(),
                    task_cell(t, list.kind),
                    t.lead.join("、"),
                    t.partner.join("、"),
                    t.deadline_cell(),
                    earlier,
                    now.map(|r| r.status.clone()).unwrap_or_default(),
                    now.map(|r| r.progress.clone()).unwrap_or_default(),
                    now.map(|r| r.problems.clone()).unwrap_or_default(),
                    now.map(|r| r.next_steps.clone()).unwrap_or_default(),
                    now.and_then(|r| r.percent).map(|p| p.to_string()).unwrap_or_default(),
                    String::new(),
                    String::new(),
                    t.id.clone(),
                ],
            }
        })
        .collect();
    let words = settings.words().join("、");
    let due = return_deadline(month, settings.report_day);
    let phone = if settings.contact_phone.trim().is_empty() {
        String::new()
    } else {
        format!("（联系电话：{}）", settings.contact_phone.trim())
    };
    let table = Table::new(FILL_SHEET, title, columns)
        .info(format!("填报单位：{}", unit.name), format!("填报月份：{}", month.label()))
        .rows(rows)
        .intro(format!(
            "填表说明：浅黄色单元格可填写；其他单元格已保护，无需密码。完成状态从下拉列表选择（{words}），完成百分比填 0 到 100 的整数；确需延期的，填写“申请延期至”（如 2019年6月底）和延期理由，经审批后生效。{}请勿增删行、勿改动序号和任务内容。请于{}前将本表报送{}{phone}。",
            if targets_led.is_empty() { "" } else { "表末“主要目标”请填写本期值和数据来源。" },
            crate::export::monthly::date_words(due),
            settings.office
        ))
        .field_line(vec![
            FieldCell::label("填报人：", 0, 1),
            FieldCell::input("", 2, 3),
            FieldCell::label("联系电话：", 4, 4),
            FieldCell::input("", 5, 5),
        ])
        .field_line(vec![
            FieldCell::label("审核人（分管领导）：", 0, 1),
            FieldCell::input("", 2, 3),
            FieldCell::label("填报日期：", 4, 4),
            FieldCell::input("", 5, 5),
        ])
        .note("单位（盖章）：　　　　　　　　　　　　　　　　　　　　　　　　　　　　年　　月　　日");
    let table = if targets_led.is_empty() { table } else { table.block(targets_block(data, &targets_led)) };
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&table.title)
            .set_company(&settings.office)
            .set_custom_property("taizhang_form", FORM_VERSION)
            .set_custom_property("taizhang_list", list.id.as_str())
            .set_custom_property("taizhang_month", month.to_string().as_str())
            .set_custom_property("taizhang_unit", unit.name.as_str()),
    );
    let n = led.len() as u32;
    let field_cells: Vec<(&str, String)>;
    {
        let ws = workbook.add_worksheet();
        let layout = write_table(ws, &table, style)?;
        field_cells = FIELDS
            .iter()
            .enumerate()
            .map(|(i, key)| (*key, cell_name(layout.field_rows[i / 2], if i % 2 == 0 { 2 } else { 5 })))
            .collect();
        let (first, last) = (layout.first_body_row, layout.first_body_row + n - 1);
        let status = DataValidation::new()
            .allow_list_strings(&settings.words())?
            .set_error_title("完成状态")?
            .set_error_message(format!("请从下拉列表中选择：{words}"))?;
        ws.add_data_validation(first, C_STATUS as u16, last, C_STATUS as u16, &status)?;
        let percent = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 100))
            .set_error_title("完成百分比")?
            .set_error_message("请填写 0 到 100 之间的整数。")?;
        ws.add_data_validation(first, C_PERCENT as u16, last, C_PERCENT as u16, &percent)?;
        let extend = DataValidation::new()
            .allow_any_value()
            .set_input_title("申请延期至")?
            .set_input_message("确需延期时填写，如 2019年6月底；并在“延期理由”中说明原因。经审批后生效。")?;
        ws.add_data_validation(first, C_EXTEND_TO as u16, last, C_EXTEND_TO as u16, &extend)?;
        if let Some(rows) = layout.block_rows.first().filter(|r| !r.is_empty()) {
            let value = DataValidation::new()
                .allow_decimal_number(rust_xlsxwriter::DataValidationRule::Between(-1e9, 1e9))
                .set_error_title("本期值")?
                .set_error_message("请只填数字，如 41.2 或 81。")?;
            ws.add_data_validation(rows[0], T_VALUE as u16, rows[rows.len() - 1], T_VALUE as u16, &value)?;
        }
        ws.protect_with_options(&ProtectionOptions { format_rows: true, format_columns: true, ..ProtectionOptions::default() });
        if !supported.is_empty() {
            ws.set_active(true);
        }
    }
    if !supported.is_empty() {
        let reference = Table::new(
            REFERENCE_SHEET,
            format!("{}配合的任务（仅供参考，无需填写）", unit.name),
            vec![
                Column::new("序号", 5.0, 6.0, Align::Center),
                Column::new(list.kind.task_header(), 24.0, 44.0, Align::Left),
                Column::new("牵头单位", 8.0, 14.0, Align::Center),
                Column::new("配合单位", 8.0, 16.0, Align::Center),
                Column::new("完成时限", 7.0, 10.0, Align::Center),
            ],
        )
        .info(format!("单位：{}", unit.name), format!("月份：{}", month.label()))
        .rows(
            supported
                .iter()
                .map(|t| {
                    Row::data(vec![
                        t.seq.clone(),
                        task_cell(t, list.kind),
                        t.lead.join("、"),
                        t.partner.join("、"),
                        t.deadline_cell(),
                    ])
                })
                .collect(),
        );
        let ws = workbook.add_worksheet();
        write_table(ws, &reference, style)?;
        ws.protect();
    }
    // What the form needs to come back: list, month, unit, and every row as sent.
    let meta = workbook.add_worksheet();
    meta.set_name(META_SHEET)?;
    let mut pairs = vec![
        (FORM_MAGIC, FORM_VERSION.to_string()),
        ("list", list.id.clone()),
        ("month", month.to_string()),
        ("unit", unit.name.clone()),
        ("rows", n.to_string()),
    ];
    // Where the unit writes who filled in and approved the form, and the lines under the table
    // (they are not task rows).
    pairs.extend(field_cells);
    pairs.extend(table.notes.iter().map(|n| ("note", n.clone())));
    pairs.extend(targets_led.iter().map(|t| ("target", t.code.clone())));
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
    Ok(workbook)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_on_windows() {
        let m = Month::parse("2018-11").unwrap();
        assert_eq!(form_file_name("区环保分局", m), "区环保分局-2018年11月工作进展填报表.xlsx");
        assert_eq!(form_file_name("a/b", m), "a_b-2018年11月工作进展填报表.xlsx");
        assert_eq!(form_file_name("a\nb", m), "a_b-2018年11月工作进展填报表.xlsx");
    }
}
