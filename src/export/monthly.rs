//! `taizhang export monthly`: the month's 工作进展情况表 of a list.

use std::path::Path;

use chrono::Local;
use rust_xlsxwriter::{Color, Workbook};

use crate::error::Result;
use crate::export::table::merges_of_runs;
use crate::ledger::Ledger;
use crate::model::{ListKind, TaskList};
use crate::progress::{Light, ProgressReport, TaskProgress, month_progress};
use crate::settings::Settings;
use crate::sheet::{Align, Column, Row, SheetStyle, Table, save_workbook, write_table};
use crate::task_life::CloseState;
use crate::timing::Month;

/// The words a list goes by in titles: 2018年主要工作任务清单 → 2018年主要工作任务.
pub fn list_label(list: &TaskList) -> String {
    let name = list.name.trim();
    for suffix in ["责任分解表", "清单", "表"] {
        if let Some(s) = name.strip_suffix(suffix)
            && !s.is_empty()
        {
            return s.to_string();
        }
    }
    name.to_string()
}

/// The month as a title says it: `11月份` when the list's name has the year, else `2018年11月份`.
pub fn month_words(list: &TaskList, month: Month) -> String {
    if list.name.contains(&format!("{}年", month.year)) {
        format!("{}月份", month.month)
    } else {
        format!("{}年{}月份", month.year, month.month)
    }
}

/// 越城区生态文明示范创建行动方案2018年主要工作任务11月份进展情况表
pub fn monthly_title(plan_short_title: &str, list: &TaskList, month: Month) -> String {
    format!("{plan_short_title}{}{}进展情况表", list_label(list), month_words(list, month))
}

/// 越城区生态文明示范创建2018年主要工作任务11月进展情况表.xlsx
pub fn monthly_file_name(plan_short_title: &str, list: &TaskList, month: Month) -> String {
    let plan = plan_short_title.trim_end_matches("行动方案");
    let m = month_words(list, month).replace("月份", "月");
    format!("{plan}{}{m}进展情况表.xlsx", list_label(list))
}

/// Texts of several units, each with its name: 【区经信局】…
fn joined(reports: &[ProgressReport], field: impl Fn(&ProgressReport) -> &str) -> String {
    let with_text: Vec<&ProgressReport> = reports.iter().filter(|r| !field(r).trim().is_empty()).collect();
    match with_text.as_slice() {
        [] => String::new(),
        [one] if reports.len() == 1 => field(one).trim().to_string(),
        many => many.iter().map(|r| format!("【{}】{}", r.unit, field(r).trim())).collect::<Vec<_>>().join("\n"),
    }
}

/// Today as the sheets print it: 2018年11月26日.
pub fn today_label() -> String {
    date_words(Local::now().date_naive())
}

/// A date as the sheets print it: 2018年11月26日.
pub fn date_words(d: chrono::NaiveDate) -> String {
    format!("{}", d.format("%Y年%-m月%-d日"))
}

/// 完成状态 as the sheet shows it: 已销号, or 已完成 marked 待销号 until the clerk closes it.
fn status_cell(p: &TaskProgress) -> String {
    if p.status == Some(crate::settings::Meaning::Done) && p.closing == CloseState::Claimed {
        format!("{}\n（待销号）", p.status_word)
    } else {
        p.status_word.clone()
    }
}

/// `；已销号 3 项，已完成待销号 2 项` where there are any.
fn closing_counts(progress: &[TaskProgress]) -> String {
    let closed = progress.iter().filter(|p| p.closing == CloseState::Closed).count();
    let waiting =
        progress.iter().filter(|p| p.closing == CloseState::Claimed && p.status == Some(crate::settings::Meaning::Done)).count();
    if closed + waiting == 0 {
        return String::new();
    }
    format!("；已销号 {closed} 项，已完成待销号 {waiting} 项")
}

/// What a monthly sheet needs besides its rows.
#[derive(Debug, Clone)]
pub struct MonthlyContext {
    pub title: String,
    pub office: String,
    /// 报送时间: 2018年11月26日
    pub date: String,
    pub yellow_days: i64,
    /// The plan's horizon, for the note on assumed deadlines.
    pub horizon: chrono::NaiveDate,
    /// 填表人 / 审核人 / 联系电话 of the sending office.
    pub filled_by: String,
    pub approver: String,
    pub phone: String,
    /// Who filled in each unit's returned form: unit → 王五（审核：赵六；电话：…）.
    pub reporters: Vec<(String, String)>,
}

// Columns of the monthly sheet.
const M_LIGHT: usize = 12;

/// The table of a month's progress.
pub fn build_monthly(ctx: &MonthlyContext, list: &TaskList, progress: &[TaskProgress]) -> Table {
    let group_header = if list.kind == ListKind::Projects { "项目名称" } else { list.kind.group_header() };
    let columns = vec![
        Column::new("序号", 5.0, 6.0, Align::Center).numeric(),
        Column::new(group_header, 8.0, 11.0, Align::Center),
        Column::new(list.kind.task_header(), 20.0, 30.0, Align::Left),
        // 区环保分局 on one line.
        Column::new("牵头单位", 12.5, 12.5, Align::Center),
        Column::new("配合单位", 10.0, 12.5, Align::Center),
        // 2018年9月底 on one line.
        Column::new("完成时限", 9.0, 15.0, Align::Center).no_wrap(),
        Column::new("完成\n状态", 7.0, 8.0, Align::Center),
        Column::new("完成\n百分比", 8.0, 8.0, Align::Center).numeric(),
        // 100.0% without ###.
        Column::new("序时\n进度", 8.0, 8.0, Align::Center).percent(),
        Column::new("进展情况", 16.0, 28.0, Align::Left),
        Column::new("存在问题", 9.0, 16.0, Align::Left),
        Column::new("下步计划", 9.0, 16.0, Align::Left),
        // 未报送 and 待明确 on one line.
        Column::new("亮灯", 8.0, 8.0, Align::Center),
    ];
    let mut rows = Vec::new();
    let mut row_task: Vec<Option<&TaskProgress>> = Vec::new();
    let mut heading: Option<&str> = None;
    for p in progress {
        let t = &p.task;
        let head = match list.kind {
            ListKind::Responsibility => t.chapter.as_deref(),
            ListKind::Projects => t.category.as_deref(),
            ListKind::Annual => None,
        };
        if head.is_some() && head != heading {
            heading = head;
            rows.push(Row::Heading(head.unwrap_or_default().to_string()));
            row_task.push(None);
        }
        let group = match list.kind {
            ListKind::Projects => t.name.clone(),
            _ => t.category.clone(),
        };
        let mut fills = vec![None; columns.len()];
        fills[M_LIGHT] = Some(Color::RGB(p.light.rgb()));
        rows.push(Row::Data {
            cells: vec![
                t.seq.clone(),
                group.unwrap_or_default(),
                t.text.clone(),
                t.lead.join("、"),
                t.partner.join("、"),
                t.deadline_cell(),
                status_cell(p),
                p.percent.map(|v| v.to_string()).unwrap_or_default(),
                if t.deadline.is_some() { format!("{:.4}", p.schedule_share) } else { String::new() },
                joined(&p.reports, |r| &r.progress),
                joined(&p.reports, |r| &r.problems),
                joined(&p.reports, |r| &r.next_steps),
                p.light.label().to_string(),
            ],
            fills,
        });
        row_task.push(Some(p));
    }
    let mut merges = merges_of_runs(&rows, 0, true, |i| row_task[i].map(|p| p.task.seq.clone()));
    merges.extend(merges_of_runs(&rows, 1, false, |i| {
        row_task[i].and_then(|p| if list.kind == ListKind::Projects { p.task.name.clone() } else { p.task.category.clone() })
    }));
    let counts = |l: Light| progress.iter().filter(|p| p.light == l).count();
    let sheet =
        format!("{}月份进展", progress.first().map(|p| p.month[5..].trim_start_matches('0').to_string()).unwrap_or_default());
    let mut table = Table::new(&sheet, ctx.title.clone(), columns)
        .info(format!("报送单位：{}", ctx.office), format!("报送时间：{}", ctx.date))
        .rows(rows)
        .merges(merges)
        .min_scale(crate::export::summary::MIN_BODY_SCALE)
        .note(format!(
            "说明：本表共 {} 项，其中红灯 {} 项、黄灯 {} 项、绿灯 {} 项、未报送 {} 项{}{}。完成百分比为各牵头单位所报的最低值；序时进度为完成时限内已过去的月份占比。",
            progress.len(),
            counts(Light::Red),
            counts(Light::Yellow),
            counts(Light::Green),
            counts(Light::Unreported),
            match counts(Light::Unassigned) {
                0 => String::new(),
                n => format!("、牵头单位待明确 {n} 项"),
            },
            closing_counts(progress),
        ))
        .note(crate::progress::legend(ctx.yellow_days));
    if progress.iter().any(|p| p.task.deadline_assumed()) {
        table = table.note(crate::model::assumed_deadline_note(ctx.horizon));
    }
    if !ctx.reporters.is_empty() {
        let who: Vec<String> = ctx.reporters.iter().map(|(u, c)| format!("{u} {c}")).collect();
        table = table.note(format!("各单位填报人：{}。", who.join("；")));
    }
    let blank = "　　　　　　";
    let or_blank = |s: &str| {
        if s.trim().is_empty() { blank.to_string() } else { s.to_string() }
    };
    table.note(format!(
        "填表人：{}　　　　审核人：{}　　　　联系电话：{}",
        or_blank(&ctx.filled_by),
        or_blank(&ctx.approver),
        or_blank(&ctx.phone)
    ))
}

/// Exports the month's 工作进展情况表 of a list, with 报送时间 `date`. Returns the number of tasks.
pub fn export_monthly(ledger: &Ledger, list_id: &str, month: Month, date: &str, out: &Path) -> Result<usize> {
    let list = ledger.lists().get(list_id)?;
    let plan = ledger.plans().get()?;
    let settings = Settings::load(ledger)?;
    let progress = month_progress(ledger, Some(list_id), month)?;
    let contacts = ledger.form_log().contacts(month)?;
    let mut reporters: Vec<(String, String)> = Vec::new();
    for p in &progress {
        for u in &p.task.lead {
            if let Some(c) = contacts.get(u)
                && !reporters.iter().any(|(x, _)| x == u)
            {
                reporters.push((u.clone(), crate::export::summary::contact_label(c)));
            }
        }
    }
    let ctx = MonthlyContext {
        title: monthly_title(&plan.short_title, &list, month),
        office: settings.office.clone(),
        date: date.to_string(),
        yellow_days: settings.yellow_days,
        horizon: plan.horizon,
        filled_by: settings.clerk_name_set.clone(),
        approver: settings.approver.clone(),
        phone: settings.contact_phone.clone(),
        reporters,
    };
    let table = build_monthly(&ctx, &list, &progress);
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    write_table(ws, &table, &SheetStyle::from_settings(&settings))?;
    save_workbook(&mut workbook, out)?;
    Ok(progress.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn list(name: &str) -> TaskList {
        let d = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
        TaskList {
            id: "x".into(),
            kind: ListKind::Annual,
            name: name.into(),
            title: name.into(),
            attachment: None,
            period_start: d,
            period_end: d,
            rows: 0,
            short_name: String::new(),
            plan_id: 1,
        }
    }

    #[test]
    fn titles_and_file_names() {
        let m = Month::parse("2018-11").unwrap();
        let l = list("2018年主要工作任务清单");
        assert_eq!(
            monthly_title("越城区生态文明示范创建行动方案", &l, m),
            "越城区生态文明示范创建行动方案2018年主要工作任务11月份进展情况表"
        );
        assert_eq!(
            monthly_file_name("越城区生态文明示范创建行动方案", &l, m),
            "越城区生态文明示范创建2018年主要工作任务11月进展情况表.xlsx"
        );
        let r = list("工作任务责任分解表");
        assert_eq!(
            monthly_title("越城区生态文明示范创建行动方案", &r, m),
            "越城区生态文明示范创建行动方案工作任务2018年11月份进展情况表"
        );
    }
}
