//! `taizhang export summary`: the month's statistics for leadership: per list, counts by status
//! and light; per lead unit, its tasks by state, with a chart; the red tasks; the units that have
//! not reported.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Chart, ChartFont, ChartType, Color, Workbook};
use serde::Serialize;

use crate::error::Result;
use crate::export::monthly::today_label;
use crate::ledger::Ledger;
use crate::model::UnitKind;
use crate::progress::{Light, TaskProgress, month_progress};
use crate::settings::{Meaning, Settings};
use crate::sheet::{Align, Column, Row, SheetStyle, Table, save_workbook, write_table};
use crate::timing::Month;

/// Counts of one list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListCounts {
    pub list_id: String,
    pub name: String,
    pub total: usize,
    pub done: usize,
    pub on_track: usize,
    pub behind: usize,
    pub not_started: usize,
    pub unreported: usize,
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
}

/// A lead unit that has not reported on some of its tasks.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct MissingUnit {
    pub unit: String,
    /// `list:序号` of the tasks without its report.
    pub tasks: Vec<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub month: String,
    pub lists: Vec<ListCounts>,
    pub units: Vec<UnitCounts>,
    pub red: Vec<TaskProgress>,
    pub missing: Vec<MissingUnit>,
}

fn is_overdue(p: &TaskProgress, month: Month) -> bool {
    p.status != Some(Meaning::Done) && p.task.deadline.is_some_and(|d| d < month.last_day())
}

/// The month's statistics over every list.
pub fn summarize(ledger: &Ledger, month: Month) -> Result<Summary> {
    let lists = ledger.lists().all()?;
    let directory = ledger.units().directory()?;
    let order: BTreeMap<&str, (i64, UnitKind)> = directory
        .iter()
        .map(|u| (u.name.as_str(), (u.position, u.kind)))
        .collect();
    let mut list_counts = Vec::new();
    let mut units: BTreeMap<String, UnitCounts> = BTreeMap::new();
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut red = Vec::new();
    for list in &lists {
        let progress = month_progress(ledger, Some(&list.id), month)?;
        let mut c = ListCounts {
            list_id: list.id.clone(),
            name: list.name.clone(),
            total: progress.len(),
            ..Default::default()
        };
        for p in &progress {
            match p.status {
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
                Light::Unreported => {}
            }
            for lead in &p.task.lead {
                let u = units.entry(lead.clone()).or_insert_with(|| UnitCounts {
                    unit: lead.clone(),
                    ..Default::default()
                });
                u.led += 1;
                let own = p
                    .reports
                    .iter()
                    .find(|r| r.unit == *lead)
                    .map(|r| r.meaning);
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
                    missing
                        .entry(lead.clone())
                        .or_default()
                        .push(format!("{}:{}", list.id, p.task.seq));
                }
            }
            if p.light == Light::Red {
                red.push(p.clone());
            }
        }
        list_counts.push(c);
    }
    let rank = |name: &str| {
        order
            .get(name)
            .map(|(pos, kind)| (*kind == UnitKind::Group, *pos))
            .unwrap_or((true, i64::MAX))
    };
    let mut units: Vec<UnitCounts> = units.into_values().collect();
    units.sort_by_key(|u| rank(&u.unit));
    let mut missing: Vec<MissingUnit> = missing
        .into_iter()
        .map(|(unit, tasks)| MissingUnit { unit, tasks })
        .collect();
    missing.sort_by_key(|m| rank(&m.unit));
    Ok(Summary {
        month: month.to_string(),
        lists: list_counts,
        units,
        red,
        missing,
    })
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
}

/// Counts by light per chapter (responsibility table) or category (other lists).
pub fn by_group(ledger: &Ledger, month: Month) -> Result<Vec<GroupCounts>> {
    let mut out: Vec<GroupCounts> = Vec::new();
    for list in ledger.lists().all()? {
        for p in month_progress(ledger, Some(&list.id), month)? {
            let group = p
                .task
                .chapter
                .clone()
                .or_else(|| p.task.category.clone())
                .unwrap_or_else(|| "（未分类）".into());
            let i = match out
                .iter()
                .position(|g| g.list_id == list.id && g.group == group)
            {
                Some(i) => i,
                None => {
                    out.push(GroupCounts {
                        list_id: list.id.clone(),
                        group,
                        ..Default::default()
                    });
                    out.len() - 1
                }
            };
            match p.light {
                Light::Red => out[i].red += 1,
                Light::Yellow => out[i].yellow += 1,
                Light::Green => out[i].green += 1,
                Light::Unreported => out[i].unreported += 1,
            }
        }
    }
    Ok(out)
}

fn n(v: usize) -> String {
    v.to_string()
}

/// Exports the summary for leadership.
pub fn export_summary(ledger: &Ledger, month: Month, out: &Path) -> Result<Summary> {
    let summary = summarize(ledger, month)?;
    let settings = Settings::load(ledger)?;
    let plan = ledger.plans().get()?;
    let style = SheetStyle::from_settings(&settings);
    let info = (
        format!("报送单位：{}", settings.office),
        format!("报送时间：{}", today_label()),
    );
    let w = |m| settings.word(m).to_string();
    let mut workbook = Workbook::new();

    // 1. Per list.
    let mut rows: Vec<Row> = summary
        .lists
        .iter()
        .map(|c| {
            Row::data(vec![
                c.name.clone(),
                n(c.total),
                n(c.done),
                n(c.on_track),
                n(c.behind),
                n(c.not_started),
                n(c.unreported),
                n(c.red),
                n(c.yellow),
                n(c.green),
            ])
        })
        .collect();
    let sum = |f: fn(&ListCounts) -> usize| n(summary.lists.iter().map(f).sum());
    rows.push(Row::data(vec![
        "合计".into(),
        sum(|c| c.total),
        sum(|c| c.done),
        sum(|c| c.on_track),
        sum(|c| c.behind),
        sum(|c| c.not_started),
        sum(|c| c.unreported),
        sum(|c| c.red),
        sum(|c| c.yellow),
        sum(|c| c.green),
    ]));
    let num = Column::count;
    let table = Table::new(
        "总体情况",
        format!("{}推进情况统计（{}）", plan.short_title, month.label()),
        vec![
            Column::new("清单", 16.0, 26.0, Align::Left),
            num("任务数"),
            num(&w(Meaning::Done)),
            num(&w(Meaning::OnTrack)),
            num(&w(Meaning::Behind)),
            num(&w(Meaning::NotStarted)),
            num("未报送"),
            num("红灯"),
            num("黄灯"),
            num("绿灯"),
        ],
    )
    .info(info.0.clone(), info.1.clone())
    .rows(rows);
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
            ])
        })
        .collect();
    let unit_rows = rows.len() as u32;
    let table = Table::new(
        "牵头单位情况",
        format!("各牵头单位任务推进情况（{}）", month.label()),
        vec![
            Column::new("牵头单位", 12.0, 18.0, Align::Center),
            num("牵头任务"),
            num(&w(Meaning::Done)),
            num(&w(Meaning::OnTrack)),
            num(&w(Meaning::Behind)),
            num(&w(Meaning::NotStarted)),
            num("未报送"),
            num("逾期"),
        ],
    )
    .info(info.0.clone(), info.1.clone())
    .rows(rows);
    let layout = write_table(workbook.add_worksheet(), &table, &style)?;
    if unit_rows > 0 {
        let (first, last) = (layout.first_body_row, layout.first_body_row + unit_rows - 1);
        let mut chart = Chart::new(ChartType::BarStacked);
        // The states a lead unit's own report can be in; together they add up to its tasks.
        use crate::labels::{UNREPORTED_CHART_RGB, meaning_chart_rgb};
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
                .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                    rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(colors[i])),
                ));
        }
        chart.title().set_name("各牵头单位任务状态");
        // In a bar chart the categories run along the vertical (y) axis: first unit at the top.
        chart
            .y_axis()
            .set_reverse()
            .set_label_interval(1)
            .set_font(ChartFont::new().set_size(8));
        // On a chart sheet of its own: one printed page, whatever the number of units.
        let sheet = workbook.add_chartsheet();
        sheet.set_name("单位情况图")?;
        sheet.set_landscape().set_paper_size(9);
        sheet.insert_chart(0, 0, &chart)?;
    }

    // 3. Red tasks.
    let rows: Vec<Row> = summary
        .red
        .iter()
        .map(|p| {
            let list = summary
                .lists
                .iter()
                .find(|l| l.list_id == p.task.list_id)
                .map(|l| l.name.clone())
                .unwrap_or_default();
            Row::data(vec![
                list,
                p.task.seq.clone(),
                p.task.text.clone(),
                p.task.lead.join("、"),
                p.task.partner.join("、"),
                p.task.deadline_label(),
                p.status_word.clone(),
                p.reasons.join("；"),
            ])
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        "红灯任务",
        format!("红灯任务清单（{}）", month.label()),
        vec![
            Column::new("清单", 10.0, 14.0, Align::Center),
            Column::new("序号", 5.0, 6.0, Align::Center),
            Column::new("任务", 24.0, 40.0, Align::Left),
            Column::new("牵头单位", 10.0, 14.0, Align::Center),
            Column::new("配合单位", 10.0, 18.0, Align::Center),
            Column::new("完成时限", 8.0, 12.0, Align::Center),
            Column::new("完成状态", 7.0, 10.0, Align::Center),
            Column::new("亮灯原因", 14.0, 26.0, Align::Left),
        ],
    )
    .info(info.0.clone(), info.1.clone())
    .rows(rows);
    let table = if empty {
        table.note("本月没有红灯任务。")
    } else {
        table
    };
    write_table(workbook.add_worksheet(), &table, &style)?;

    // 4. Units not reported.
    let rows: Vec<Row> = summary
        .missing
        .iter()
        .map(|m| Row::data(vec![m.unit.clone(), n(m.tasks.len()), m.tasks.join("、")]))
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        "未报送单位",
        format!("未报送单位（{}）", month.label()),
        vec![
            Column::new("牵头单位", 12.0, 18.0, Align::Center),
            Column::new("未报送任务数", 8.0, 12.0, Align::Center),
            Column::new("未报送任务（清单:序号）", 30.0, 80.0, Align::Left),
        ],
    )
    .info(info.0, info.1)
    .rows(rows);
    let table = if empty {
        table.note("各牵头单位均已报送。")
    } else {
        table
    };
    write_table(workbook.add_worksheet(), &table, &style)?;

    save_workbook(&mut workbook, out)?;
    Ok(summary)
}
