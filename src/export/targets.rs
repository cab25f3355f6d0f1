//! `taizhang export targets`: the 主要目标完成情况表 of a period, in the government sheet format.

use std::path::Path;

use rust_xlsxwriter::{Color, Workbook};

use crate::app::TargetStatus;
use crate::error::Result;
use crate::progress::Light;
use crate::sheet::{Align, Column, Row, SheetStyle, Table, save_workbook, write_table};
use crate::targets::{Period, TargetState, legend, number, target_text};

/// What the sheet needs besides its rows.
#[derive(Debug, Clone)]
pub struct TargetsContext {
    pub title: String,
    pub office: String,
    /// 报送时间: 2019年1月10日
    pub date: String,
    pub period: Period,
    pub margin_percent: f64,
    pub filled_by: String,
    pub approver: String,
    pub phone: String,
}

/// 越城区生态文明示范创建行动方案主要目标2018年完成情况表
pub fn targets_title(plan_short_title: &str, period: Period) -> String {
    format!("{plan_short_title}主要目标{}完成情况表", period.label())
}

/// 越城区生态文明示范创建主要目标2018年完成情况表.xlsx
pub fn targets_file_name(plan_short_title: &str, period: Period) -> String {
    format!("{}主要目标{}完成情况表.xlsx", plan_short_title.trim_end_matches("行动方案"), period.label())
}

// Columns.
const T_LIGHT: usize = 8;

/// The value as the sheet shows it: the figure, and its month where it is not the period asked.
fn value_cell(s: &TargetStatus, asked: Period) -> String {
    let Some(v) = s.value else { return String::new() };
    match s.period.as_deref().and_then(|p| Period::parse(p).ok()) {
        Some(p) if p != asked => format!("{}（{}）", number(v), p.label()),
        _ => number(v),
    }
}

/// 说明: why the state, the path value, and where the figure comes from.
fn remark(s: &TargetStatus) -> String {
    let mut parts = vec![s.reason.clone()];
    if !s.source.trim().is_empty() {
        parts.push(format!("数据来源：{}", s.source.trim()));
    }
    if s.target.lead.is_empty() {
        parts.push("责任单位待明确".to_string());
    }
    parts.join("；")
}

/// The table of the targets for a period.
pub fn build_targets(ctx: &TargetsContext, statuses: &[TargetStatus]) -> Table {
    let columns = vec![
        Column::new("序号", 5.0, 6.0, Align::Center).numeric(),
        Column::new("指标", 16.0, 28.0, Align::Left),
        // ≤38微克/立方米 and 45（2017年） on one line.
        Column::new("目标值", 12.0, 18.0, Align::Center).no_wrap(),
        Column::new("目标\n年份", 6.0, 6.0, Align::Center).numeric(),
        Column::new("基期值", 12.0, 16.0, Align::Center).no_wrap(),
        Column::new("当前值", 9.0, 14.0, Align::Center),
        Column::new("完成情况", 9.0, 9.0, Align::Center).no_wrap(),
        Column::new("责任单位", 10.0, 16.0, Align::Center),
        Column::new("亮灯", 8.0, 8.0, Align::Center),
        Column::new("说明", 18.0, 34.0, Align::Left),
    ];
    let rows: Vec<Row> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let t = &s.target;
            let mut fills = vec![None; columns.len()];
            fills[T_LIGHT] = Some(Color::RGB(s.light.rgb()));
            let baseline = match (t.baseline, t.baseline_year) {
                (Some(v), Some(y)) => format!("{}（{y}年）", number(v)),
                _ => String::new(),
            };
            let mut units = t.lead.join("、");
            if !t.partner.is_empty() {
                units.push_str(&format!("\n配合：{}", t.partner.join("、")));
            }
            Row::Data {
                cells: vec![
                    (i + 1).to_string(),
                    t.indicator.clone(),
                    target_text(t),
                    t.year.to_string(),
                    baseline,
                    value_cell(s, ctx.period),
                    s.state.label().to_string(),
                    units,
                    s.state.light_label().to_string(),
                    remark(s),
                ],
                fills,
            }
        })
        .collect();
    let count = |st: TargetState| statuses.iter().filter(|s| s.state == st).count();
    let mut counts: Vec<String> =
        TargetState::ALL.iter().filter(|st| count(**st) > 0).map(|st| format!("{} {} 项", st.label(), count(*st))).collect();
    if counts.is_empty() {
        counts.push("无".into());
    }
    let blank = "　　　　　　";
    let or_blank = |s: &str| if s.trim().is_empty() { blank.to_string() } else { s.to_string() };
    let red = statuses.iter().filter(|s| s.light == Light::Red).count();
    Table::new("主要目标", ctx.title.clone(), columns)
        .info(format!("报送单位：{}", ctx.office), format!("报送时间：{}", ctx.date))
        .rows(rows)
        .min_scale(crate::export::summary::MIN_BODY_SCALE)
        .note(format!(
            "说明：本表共 {} 项指标，其中{}{}。目标值、基期值、当前值的单位见目标值栏；当前值后括号内为数据所属月份（年度数据未报时取该年最近一个月的数据）。",
            statuses.len(),
            counts.join("、"),
            if red > 0 { format!("；红灯 {red} 项需重点关注") } else { String::new() },
        ))
        .note(legend(ctx.margin_percent))
        .note(format!(
            "填表人：{}　　　　审核人：{}　　　　联系电话：{}",
            or_blank(&ctx.filled_by),
            or_blank(&ctx.approver),
            or_blank(&ctx.phone)
        ))
}

/// Writes the sheet to `out`.
pub fn export_targets(ctx: &TargetsContext, statuses: &[TargetStatus], style: &SheetStyle, out: &Path) -> Result<()> {
    let table = build_targets(ctx, statuses);
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    write_table(ws, &table, style)?;
    save_workbook(&mut workbook, out)
}
