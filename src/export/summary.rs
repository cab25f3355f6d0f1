//! `taizhang export summary`: the month's statistics for leadership: per list, counts by status
//! and light; per lead unit, its tasks by state, with a chart; the red tasks with the units'
//! problems and plans; the units that have not reported, naming tasks as a clerk does.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Chart, ChartFont, ChartType, Color, Workbook};
use serde::Serialize;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::ledger::forms::Contact;
use crate::model::{UnitKind, list_short_name};
use crate::progress::{Light, TaskProgress, month_progress};
use crate::settings::{Meaning, Settings};
use crate::sheet::{Align, Column, Row, SheetStyle, Table, footer, save_workbook, write_table};
use crate::timing::Month;

/// Counts of one list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListCounts {
    pub list_id: String,
    pub name: String,
    /// What a clerk calls the list: 分解表, 2018年清单.
    pub short_name: String,
    pub total: usize,
    /// 已销号: closed after review.
    pub closed: usize,
    /// 已完成 and not yet closed (待销号).
    pub done: usize,
    pub on_track: usize,
    pub behind: usize,
    pub not_started: usize,
    pub unreported: usize,
    /// Tasks with no concrete lead unit: out of the counts above until one is named.
    pub unassigned: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
}

/// One lead unit's tasks by state.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitCounts {
    pub unit: String,
    pub led: usize,
    pub done: usize,
    pub on_track: usize,
    pub behind: usize,
    pub not_started: usize,
    /// Past the deadline and not done.
    pub overdue: usize,
    /// Tasks it leads with no report of its own this month.
    pub not_reported: usize,
    /// Who filled in and approved its form this month, and the phone, when a form came back.
    pub contact: Option<Contact>,
}

/// One task a unit has not reported on, named as a clerk names it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct MissingTask {
    pub task_id: String,
    pub list_id: String,
    /// 分解表, 2018年清单
    pub list_short_name: String,
    pub seq: String,
    pub text: String,
}

/// A lead unit that has not reported on some of its tasks.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct MissingUnit {
    pub unit: String,
    pub tasks: Vec<MissingTask>,
}

impl MissingUnit {
    /// 分解表第1、2、5项；2018年清单第13项
    pub fn tasks_label(&self) -> String {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for t in &self.tasks {
            match groups.iter_mut().find(|(l, _)| *l == t.list_short_name) {
                Some((_, seqs)) => seqs.push(&t.seq),
                None => groups.push((&t.list_short_name, vec![&t.seq])),
            }
        }
        groups.iter().map(|(l, seqs)| format!("{l}第{}项", seqs.join("、"))).collect::<Vec<_>>().join("；")
    }

    /// [`MissingUnit::tasks_label`] for a cell: a long list of numbers may break after each 、
    /// (and never inside a number).
    pub fn tasks_cell(&self) -> String {
        self.tasks_label().replace('、', &format!("、{}", crate::sheet::ZERO_WIDTH_SPACE))
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub month: String,
    pub lists: Vec<ListCounts>,
    /// Concrete lead units (group words such as 各镇街 report nothing and are left out).
    pub units: Vec<UnitCounts>,
    pub red: Vec<TaskProgress>,
    pub missing: Vec<MissingUnit>,
    /// Tasks whose lead units are only group words or none: they need a concrete lead unit.
    pub unassigned: Vec<TaskProgress>,
}

fn is_overdue(p: &TaskProgress, month: Month) -> bool {
    p.status != Some(Meaning::Done) && p.task.deadline.is_some_and(|d| d < month.last_day())
}

/// The month's statistics over every list.
pub fn summarize(ledger: &Ledger, month: Month) -> Result<Summary> {
    let lists = ledger.lists().all()?;
    let directory = ledger.units().directory()?;
    let order: BTreeMap<&str, (i64, UnitKind)> = directory.iter().map(|u| (u.name.as_str(), (u.position, u.kind))).collect();
    let is_group = |name: &str| order.get(name).is_some_and(|(_, k)| *k == UnitKind::Group);
    let contacts = ledger.form_log().contacts(month)?;
    let mut list_counts = Vec::new();
    let mut units: BTreeMap<String, UnitCounts> = BTreeMap::new();
    let mut missing: BTreeMap<String, Vec<MissingTask>> = BTreeMap::new();
    let mut red = Vec::new();
    let mut unassigned = Vec::new();
    for list in &lists {
        let progress = month_progress(ledger, Some(&list.id), month)?;
        let mut c = ListCounts {
            list_id: list.id.clone(),
            name: list.name.clone(),
            short_name: list_short_name(&list.name),
            total: progress.len(),
            ..Default::default()
        };
        for p in &progress {
            if p.light == Light::Unassigned {
                c.unassigned += 1;
                unassigned.push(p.clone());
                continue;
            }
            match p.status {
                Some(Meaning::Done) if p.closing == crate::task_life::CloseState::Closed => c.closed += 1,
                Some(Meaning::Done) => c.done += 1,
                Some(Meaning::OnTrack) => c.on_track += 1,
                Some(Meaning::Behind) => c.behind += 1,
                Some(Meaning::NotStarted) => c.not_started += 1,
                None => c.unreported += 1,
            }
            match p.light {
                Light::Red => c.red += 1,
                Light::Yellow => c.yellow += 1,
                Light::Green => c.green += 1,
                Light::Unreported | Light::Unassigned => {}
            }
            for lead in p.task.lead.iter().filter(|u| !is_group(u)) {
                let u = units.entry(lead.clone()).or_insert_with(|| UnitCounts {
                    unit: lead.clone(),
                    contact: contacts.get(lead).cloned(),
                    ..Default::default()
                });
                u.led += 1;
                let own = p.reports.iter().find(|r| r.unit == *lead).map(|r| r.meaning);
                let own = own.or_else(|| p.done_earlier.contains(lead).then_some(Meaning::Done));
                match own {
                    Some(Meaning::Done) => u.done += 1,
                    Some(Meaning::OnTrack) => u.on_track += 1,
                    Some(Meaning::Behind) => u.behind += 1,
                    Some(Meaning::NotStarted) => u.not_started += 1,
                    None => {}
                }
                if is_overdue(p, month) {
                    u.overdue += 1;
                }
                if own.is_none() {
                    u.not_reported += 1;
                    missing.entry(lead.clone()).or_default().push(MissingTask {
                        task_id: p.task.id.clone(),
                        list_id: list.id.clone(),
                        list_short_name: c.short_name.clone(),
                        seq: p.task.seq.clone(),
                        text: p.task.text.clone(),
                    });
                }
            }
            if p.light == Light::Red {
                red.push(p.clone());
            }
        }
        list_counts.push(c);
    }
    let rank = |name: &str| order.get(name).map(|(pos, kind)| (*kind == UnitKind::Group, *pos)).unwrap_or((true, i64::MAX));
    let mut units: Vec<UnitCounts> = units.into_values().collect();
    units.sort_by_key(|u| rank(&u.unit));
    let mut missing: Vec<MissingUnit> = missing.into_iter().map(|(unit, tasks)| MissingUnit { unit, tasks }).collect();
    missing.sort_by_key(|m| rank(&m.unit));
    Ok(Summary { month: month.to_string(), lists: list_counts, units, red, missing, unassigned })
}

/// Lights of the tasks under one chapter or category of a list, for the overview's chart.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupCounts {
    pub list_id: String,
    pub group: String,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
    pub unreported: usize,
    pub unassigned: usize,
}

/// Counts by light per chapter (responsibility table) or category (other lists).
pub fn by_group(ledger: &Ledger, month: Month) -> Result<Vec<GroupCounts>> {
    let mut out: Vec<GroupCounts> = Vec::new();
    for list in ledger.lists().all()? {
        for p in month_progress(ledger, Some(&list.id), month)? {
            let group = p.task.chapter.clone().or_else(|| p.task.category.clone()).unwrap_or_else(|| "（未分类）".into());
            let i = match out.iter().position(|g| g.list_id == list.id && g.group == group) {
                Some(i) => i,
                None => {
                    out.push(GroupCounts { list_id: list.id.clone(), group, ..Default::default() });
                    out.len() - 1
                }
            };
            match p.light {
                Light::Red => out[i].red += 1,
                Light::Yellow => out[i].yellow += 1,
                Light::Green => out[i].green += 1,
                Light::Unreported => out[i].unreported += 1,
                Light::Unassigned => out[i].unassigned += 1,
            }
        }
    }
    Ok(out)
}

/// A header word on two even lines when it is long (按序时推进 → 按序时 / 推进), so that a
/// narrow count column never breaks it anywhere else.
fn two_lines(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= 4 {
        return word.to_string();
    }
    let half = chars.len().div_ceil(2);
    format!("{}\n{}", chars[..half].iter().collect::<String>(), chars[half..].iter().collect::<String>())
}

fn n(v: usize) -> String {
    v.to_string()
}

/// One reporter line: 王五（审核：赵六；电话：0575-88001234）
pub fn contact_label(c: &Contact) -> String {
    let mut s = c.filled_by.clone().unwrap_or_default();
    let mut extra = Vec::new();
    if let Some(a) = c.approved_by.as_deref().filter(|a| !a.is_empty()) {
        extra.push(format!("审核：{a}"));
    }
    if let Some(p) = c.phone.as_deref().filter(|p| !p.is_empty()) {
        extra.push(format!("电话：{p}"));
    }
    if !extra.is_empty() {
        s.push_str(&format!("（{}）", extra.join("；")));
    }
    s
}

/// Exports the summary for leadership. `date` is the 报送时间 printed on every sheet.
pub fn export_summary(ledger: &Ledger, month: Month, date: &str, out: &Path) -> Result<Summary> {
    let summary = summarize(ledger, month)?;
    let settings = Settings::load(ledger)?;
    let plan = ledger.plans().get()?;
    let style = SheetStyle::from_settings(&settings);
    let info = (format!("报送单位：{}", settings.office), format!("报送时间：{date}"));
    let w = |m| settings.word(m).to_string();
    let mut workbook = Workbook::new();

    // 1. Per list. The lists overlap (a year's list is that year's share of the plan): each is
    //    counted on its own and they are not added up.
    let rows: Vec<Row> = summary
        .lists
        .iter()
        .map(|c| {
            Row::data(vec![
                c.name.clone(),
                n(c.total),
                n(c.closed),
                n(c.done),
                n(c.on_track),
                n(c.behind),
                n(c.not_started),
                n(c.unreported),
                n(c.unassigned),
                n(c.red),
                n(c.yellow),
                n(c.green),
            ])
        })
        .collect();
    let num = Column::count;
    let mut table = Table::new(
        "总体情况",
        format!("{}推进情况统计（{}）", plan.short_title, month.label()),
        vec![
            Column::new("清单", 16.0, 26.0, Align::Left),
            num("任务数"),
            num("已销号"),
            num(&format!("{}\n待销号", w(Meaning::Done))),
            num(&two_lines(&w(Meaning::OnTrack))),
            num(&two_lines(&w(Meaning::Behind))),
            num(&two_lines(&w(Meaning::NotStarted))),
            num("未报送"),
            num("待明确\n牵头单位"),
            num("红灯"),
            num("黄灯"),
            num("绿灯"),
        ],
    )
    .info(info.0.clone(), info.1.clone())
    .rows(rows);
    if summary.lists.len() > 1 {
        table = table.note("说明：各清单分别统计。各清单的任务有交叉（年度清单是责任分解表当年的工作），不宜相加。");
    }
    let unassigned_total: usize = summary.lists.iter().map(|l| l.unassigned).sum();
    if unassigned_total > 0 {
        table = table.note(format!(
            "“待明确牵头单位”的任务 {unassigned_total} 项：牵头单位空白或为泛指单位（如各镇街），暂不计入各项统计，需明确责任单位。"
        ));
    }
    table = table.note(crate::progress::legend(settings.yellow_days));
    write_table(workbook.add_worksheet(), &table, &style)?;

    // 2. Per lead unit, with a chart.
    let rows: Vec<Row> = summary
        .units
        .iter()
        .map(|u| {
            Row::data(vec![
                u.unit.clone(),
                n(u.led),
                n(u.done),
                n(u.on_track),
                n(u.behind),
                n(u.not_started),
                n(u.not_reported),
                n(u.overdue),
                u.contact.as_ref().map(contact_label).unwrap_or_default(),
            ])
        })
        .collect();
    let unit_rows = rows.len() as u32;
    let group_led: usize = summary.unassigned.len();
    let mut table = Table::new(
        "牵头单位情况",
        format!("各牵头单位任务推进情况（{}）", month.label()),
        vec![
            Column::new("牵头单位", 12.0, 18.0, Align::Center),
            num("牵头任务"),
            num(&two_lines(&w(Meaning::Done))),
            num(&two_lines(&w(Meaning::OnTrack))),
            num(&two_lines(&w(Meaning::Behind))),
            num(&two_lines(&w(Meaning::NotStarted))),
            num("未报送"),
            num("逾期"),
            Column::new("填报人（审核人、电话）", 14.0, 30.0, Align::Left),
        ],
    )
    .info(info.0.clone(), info.1.clone())
    .rows(rows);
    if group_led > 0 {
        table = table.note(format!("泛指单位牵头或未明确牵头单位的任务 {group_led} 项，需明确责任单位，未计入上表。"));
    }
    let layout = write_table(workbook.add_worksheet(), &table, &style)?;
    if unit_rows > 0 {
        use crate::labels::{UNREPORTED_CHART_RGB, meaning_chart_rgb};
        let (first, last) = (layout.first_body_row, layout.first_body_row + unit_rows - 1);
        let mut chart = Chart::new(ChartType::BarStacked);
        // The states a lead unit's own report can be in; together they add up to its tasks.
        let colors = [
            meaning_chart_rgb(Meaning::Done),
            meaning_chart_rgb(Meaning::OnTrack),
            meaning_chart_rgb(Meaning::Behind),
            meaning_chart_rgb(Meaning::NotStarted),
            UNREPORTED_CHART_RGB,
        ];
        for (i, col) in [2u16, 3, 4, 5, 6].into_iter().enumerate() {
            chart
                .add_series()
                .set_name(("牵头单位情况", layout.header_row, col))
                .set_categories(("牵头单位情况", first, 0, last, 0))
                .set_values(("牵头单位情况", first, col, last, col))
                .set_format(
                    rust_xlsxwriter::ChartFormat::new()
                        .set_solid_fill(rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(colors[i]))),
                );
        }
        chart.title().set_name(&format!("各牵头单位任务状态（{}）", month.label()));
        // In a bar chart the categories run along the vertical (y) axis: first unit at the top.
        chart.y_axis().set_reverse().set_label_interval(1).set_font(ChartFont::new().set_size(8));
        // On a chart sheet of its own: one printed page, whatever the number of units.
        let sheet = workbook.add_chartsheet();
        sheet.set_name("单位情况图")?;
        sheet.set_landscape().set_paper_size(9).set_footer(footer(&style));
        sheet.insert_chart(0, 0, &chart)?;
    }

    // 3. Red tasks, with what the units say about them and whom to call.
    let rows: Vec<Row> = summary
        .red
        .iter()
        .map(|p| {
            let list =
                summary.lists.iter().find(|l| l.list_id == p.task.list_id).map(|l| l.short_name.clone()).unwrap_or_default();
            let said = |field: fn(&crate::progress::ProgressReport) -> &str| {
                p.reports
                    .iter()
                    .filter(|r| !field(r).trim().is_empty())
                    .map(|r| field(r).trim().to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let contacts: Vec<String> = p
                .task
                .lead
                .iter()
                .filter_map(|u| {
                    summary
                        .units
                        .iter()
                        .find(|x| x.unit == *u)
                        .and_then(|x| x.contact.as_ref())
                        .map(|c| format!("{u} {}", contact_label(c)))
                })
                .collect();
            Row::data(vec![
                list,
                p.task.seq.clone(),
                p.task.text.clone(),
                p.task.lead.join("、"),
                p.task.deadline_cell(),
                p.status_word.clone(),
                p.reasons.join("；"),
                said(|r| &r.problems),
                said(|r| &r.next_steps),
                contacts.join("\n"),
            ])
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        "红灯任务",
        format!("红灯任务清单（{}）", month.label()),
        vec![
            Column::new("清单", 8.0, 12.0, Align::Center),
            Column::new("序号", 5.0, 6.0, Align::Center).numeric(),
            Column::new("任务", 20.0, 34.0, Align::Left),
            Column::new("牵头单位", 10.0, 14.0, Align::Center),
            Column::new("完成时限", 9.0, 15.0, Align::Center),
            Column::new("完成状态", 7.0, 10.0, Align::Center),
            Column::new("亮灯原因", 12.0, 22.0, Align::Left),
            Column::new("存在问题", 12.0, 22.0, Align::Left),
            Column::new("下步计划", 12.0, 22.0, Align::Left),
            Column::new("联系人", 10.0, 18.0, Align::Left),
        ],
    )
    .info(info.0.clone(), info.1.clone())
    .rows(rows)
    .min_scale(MIN_BODY_SCALE);
    let table = if empty { table.note("本月没有红灯任务。") } else { table };
    write_table(workbook.add_worksheet(), &table, &style)?;

    // 4. Units not reported, their tasks named as a clerk names them.
    let rows: Vec<Row> =
        summary.missing.iter().map(|m| Row::data(vec![m.unit.clone(), n(m.tasks.len()), m.tasks_cell()])).collect();
    let empty = rows.is_empty();
    let table = Table::new(
        "未报送单位",
        format!("未报送单位（{}）", month.label()),
        vec![
            Column::new("牵头单位", 12.0, 18.0, Align::Center),
            Column::count("未报送任务数"),
            Column::new("未报送的任务", 30.0, 80.0, Align::Left),
        ],
    )
    .info(info.0, info.1)
    .rows(rows);
    let table = if empty { table.note("各牵头单位均已报送。") } else { table };
    write_table(workbook.add_worksheet(), &table, &style)?;

    save_workbook(&mut workbook, out)?;
    Ok(summary)
}

/// The smallest print scale (percent) at which 12-point body text still prints at 10 points.
pub const MIN_BODY_SCALE: u16 = 84;

#[cfg(test)]
mod tests {
    use super::*;

    fn task(list: &str, seq: &str) -> MissingTask {
        MissingTask {
            task_id: String::new(),
            list_id: String::new(),
            list_short_name: list.into(),
            seq: seq.into(),
            text: String::new(),
        }
    }

    #[test]
    fn missing_tasks_are_named_per_list() {
        let m = MissingUnit {
            unit: "区建设局".into(),
            tasks: vec![task("分解表", "1"), task("分解表", "16"), task("2018年清单", "13")],
        };
        assert_eq!(m.tasks_label(), "分解表第1、16项；2018年清单第13项");
    }
}
