//! The month's cycle as the overview shows it, read from the ledger: forms sent → forms back →
//! imported → monthly sheet exported → summary exported; and the month the window opens on.

use serde::Serialize;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::ledger::exports::ExportKind;
use crate::model::{UnitKind, date_label};
use crate::timing::{Month, today};

/// A step of the month's cycle.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct CycleStep {
    /// `forms_sent`, `forms_back`, `imported`, `monthly_exported`, `summary_exported`.
    pub key: &'static str,
    pub label: &'static str,
    pub done: bool,
    /// What the ledger says about it: "12 份，2018-11-01 发出", "交回 9/12" …
    pub detail: String,
    /// The window's page that does it.
    pub page: &'static str,
}

/// The cycle of a month, over every list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct MonthCycle {
    pub month: String,
    pub steps: Vec<CycleStep>,
}

pub fn month_cycle(ledger: &Ledger, month: Month) -> Result<MonthCycle> {
    let lists = ledger.lists().all()?;
    // Forms sent: units and the latest date, over every list.
    let mut sent_units = std::collections::BTreeSet::new();
    let mut sent_lists = Vec::new();
    let mut last_sent: Option<String> = None;
    for l in &lists {
        for (unit, at) in ledger.form_log().issued(month, &l.id)? {
            if !sent_lists.contains(&l.id) {
                sent_lists.push(l.id.clone());
            }
            sent_units.insert(unit);
            if last_sent.as_ref().is_none_or(|d| at > *d) {
                last_sent = Some(at);
            }
        }
    }
    // Lead units that owe a report (those sent a form, or every concrete lead unit when none
    // was sent), and those whose report came back.
    // Where forms went out, only those lists count: a list nobody was sent a form for owes none.
    let missing = if sent_lists.is_empty() {
        crate::forms::missing_forms(ledger, month, None)?
    } else {
        let mut all = Vec::new();
        for id in &sent_lists {
            all.extend(crate::forms::missing_forms(ledger, month, Some(id))?);
        }
        all
    };
    let missing_units: std::collections::BTreeSet<&str> = missing.iter().map(|m| m.unit.as_str()).collect();
    let expected: std::collections::BTreeSet<String> = if sent_units.is_empty() {
        let directory = ledger.units().directory()?;
        let concrete: std::collections::HashSet<&str> =
            directory.iter().filter(|u| u.kind != UnitKind::Group).map(|u| u.name.as_str()).collect();
        let mut leads = std::collections::BTreeSet::new();
        for t in ledger.tasks().list(&Default::default())? {
            leads.extend(t.lead.into_iter().filter(|u| concrete.contains(u.as_str())));
        }
        leads
    } else {
        sent_units.clone()
    };
    let back = expected.iter().filter(|u| !missing_units.contains(u.as_str())).count();
    let mut imported_files = 0;
    for l in &lists {
        imported_files += ledger.form_log().returned_files(month, &l.id)?;
    }
    let exports = ledger.export_log().of_month(month)?;
    let monthly: Vec<&str> =
        exports.iter().filter(|e| e.kind == ExportKind::Monthly).filter_map(|e| e.list_id.as_deref()).collect();
    let monthly_names: Vec<String> =
        lists.iter().filter(|l| monthly.contains(&l.id.as_str())).map(|l| l.short_name.clone()).collect();
    let summary = exports.iter().rev().find(|e| e.kind == ExportKind::Summary);
    let day = |at: &str| at.get(..10).unwrap_or(at).to_string();
    let steps = vec![
        CycleStep {
            key: "forms_sent",
            label: "填报表已发出",
            done: !sent_units.is_empty(),
            detail: match &last_sent {
                Some(at) => format!("{} 份，{} 发出", sent_units.len(), day(at)),
                None => "尚未生成本月填报表".into(),
            },
            page: "export",
        },
        CycleStep {
            key: "forms_back",
            label: "已交回",
            done: !expected.is_empty() && back == expected.len(),
            detail: format!("交回 {back}/{}", expected.len()),
            page: "monthly",
        },
        CycleStep {
            key: "imported",
            label: "已导入",
            done: imported_files > 0 && missing.is_empty(),
            detail: if imported_files > 0 {
                format!("已导入 {imported_files} 份填报表")
            } else {
                "尚未导入交回的填报表".into()
            },
            page: "monthly",
        },
        CycleStep {
            key: "monthly_exported",
            label: "进展情况表已导出",
            done: !monthly_names.is_empty(),
            detail: if monthly_names.is_empty() {
                "尚未导出".into()
            } else {
                format!("已导出：{}", monthly_names.join("、"))
            },
            page: "export",
        },
        CycleStep {
            key: "summary_exported",
            label: "统计汇总已导出",
            done: summary.is_some(),
            detail: summary.map(|e| format!("{} 导出", day(&e.at))).unwrap_or_else(|| "尚未导出".into()),
            page: "export",
        },
    ];
    Ok(MonthCycle { month: month.to_string(), steps })
}

/// The month the window opens on, and why when it is not this month.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct OpeningMonth {
    pub month: String,
    /// A quiet note when the plan's period is over: which month is shown instead.
    pub note: Option<String>,
}

/// This month while the plan runs; once its horizon has passed, the month of the latest report
/// (or the plan's last month), with a note saying so.
pub fn opening_month(ledger: &Ledger) -> Result<OpeningMonth> {
    opening_month_at(ledger, Month::of(today()))
}

pub fn opening_month_at(ledger: &Ledger, now: Month) -> Result<OpeningMonth> {
    let plan = ledger.plans().get()?;
    let last = Month::of(plan.horizon);
    if now <= last {
        return Ok(OpeningMonth { month: now.to_string(), note: None });
    }
    let (month, what) = match ledger.reports().latest_month()? {
        Some(m) if m <= last => (m, "最近有报送的月份"),
        Some(m) => (m, "最近有报送的月份"),
        None => (last, "方案的最后一个月"),
    };
    Ok(OpeningMonth {
        month: month.to_string(),
        note: Some(format!(
            "本方案期限至{}，当前显示{what} {}。可在右上角选择其他月份。",
            date_label(plan.horizon),
            month.label()
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;
    use crate::model::ListId;

    #[test]
    fn the_cycle_follows_the_ledger() {
        let (dir, mut ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        let c = month_cycle(&ledger, nov).unwrap();
        assert!(c.steps.iter().all(|s| !s.done));
        assert_eq!(c.steps[0].detail, "尚未生成本月填报表");
        let annual = ListId::parse("annual-2018").unwrap();
        let files = crate::app::export_forms(&mut ledger, &annual, nov, &dir.path().join("forms")).unwrap();
        let c = month_cycle(&ledger, nov).unwrap();
        assert!(c.steps[0].done);
        assert!(c.steps[0].detail.starts_with(&format!("{} 份", files.len())), "{}", c.steps[0].detail);
        assert_eq!(c.steps[1].detail, format!("交回 0/{}", files.len()));
        // A unit's report counts as its form back (the lists no form went out for owe nothing).
        let lead = ledger.tasks().get("A-018").unwrap().lead[0].clone();
        let input = crate::progress::RawReport {
            task_id: "A-018".into(),
            unit: lead,
            month: "2018-11".into(),
            status: "滞后".into(),
            ..Default::default()
        }
        .parse(crate::progress::ReportSource::Cli)
        .unwrap();
        crate::app::record_report(&mut ledger, &input).unwrap();
        let c = month_cycle(&ledger, nov).unwrap();
        assert_eq!(c.steps[1].detail, format!("交回 1/{}", files.len()));
        crate::app::export_monthly(&mut ledger, &annual, nov, None, &dir.path().join("m.xlsx")).unwrap();
        let c = month_cycle(&ledger, nov).unwrap();
        assert!(c.steps[3].done);
        assert_eq!(c.steps[3].detail, "已导出：2018年清单");
        assert!(!c.steps[4].done);
    }

    #[test]
    fn an_expired_plan_opens_on_its_latest_report() {
        let (_dir, mut ledger) = testing::ledger();
        let during = opening_month_at(&ledger, Month::parse("2019-03").unwrap()).unwrap();
        assert_eq!((during.month.as_str(), during.note.is_none()), ("2019-03", true));
        let after = opening_month_at(&ledger, Month::parse("2026-11").unwrap()).unwrap();
        assert_eq!(after.month, "2022-12");
        assert!(after.note.unwrap().contains("方案的最后一个月"));
        let input = crate::progress::RawReport {
            task_id: "A-018".into(),
            unit: "区建设局".into(),
            month: "2018-11".into(),
            status: "滞后".into(),
            ..Default::default()
        }
        .parse(crate::progress::ReportSource::Cli)
        .unwrap();
        crate::app::record_report(&mut ledger, &input).unwrap();
        let after = opening_month_at(&ledger, Month::parse("2026-11").unwrap()).unwrap();
        assert_eq!(after.month, "2018-11");
        assert_eq!(after.note.unwrap(), "本方案期限至2022年底，当前显示最近有报送的月份 2018年11月。可在右上角选择其他月份。");
    }
}
