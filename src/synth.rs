//! Synthetic ledgers for the benchmarks: plans of many tasks, many units, months of reports —
//! the size a ledger reaches after years of work. Deterministic (the same spec gives the same
//! ledger). Used by `cargo run --release --example synth` and `cargo bench --bench scale`.

use std::path::Path;

use chrono::NaiveDate;

use crate::app::{self, NewListRow};
use crate::error::Result;
#[cfg(test)]
use crate::ledger::Ledger;
use crate::ledger::TaskFilter;
use crate::ledger::lists::NewList;
use crate::ledger::plans::NewPlan;
use crate::ledger::reports::{NewReport, ReportFields, ReportSource};
use crate::model::ListKind;
use crate::settings::Meaning;
use crate::timing::Month;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Plans besides the built-in one.
    pub plans: usize,
    /// Tasks in each plan (one 分解表 of this many rows).
    pub tasks: usize,
    /// Concrete units that lead and support.
    pub units: usize,
    /// Months of reports, from each plan's first month.
    pub months: usize,
}

/// How much was generated.
#[derive(Debug, Clone, Copy, Default)]
pub struct Generated {
    pub plans: usize,
    pub tasks: usize,
    pub reports: usize,
}

const PHRASES: &[&str] = &[
    "加快推进重点行业废气深化治理，",
    "全面开展“污水零直排区”建设，",
    "持续推进绿化造林工程，",
    "完善土壤环境监测网络，",
    "实施固体废物闭环式管理，",
    "建立健全长效管理机制，",
    "强化部门协同和属地责任，",
    "确保按期完成年度目标任务。",
];
const CHAPTERS: &[&str] =
    &["一、大力推进绿色发展", "二、坚决打赢蓝天保卫战", "三、深入实施“五水共治”碧水行动", "四、着力落实净土行动"];

/// A unit's name: 测试单位07.
pub fn unit_name(i: usize) -> String {
    format!("测试单位{:02}", i + 1)
}

fn rows(spec: &Spec, plan: usize) -> Vec<NewListRow> {
    (0..spec.tasks)
        .map(|i| {
            let k = i * 7919 + plan * 31;
            let leads = 1 + k % 3;
            let lead: Vec<String> = (0..leads).map(|j| unit_name((k + j * 17) % spec.units)).collect();
            let partner = unit_name((k + 29) % spec.units);
            let text: String = (0..2 + k % 5).map(|j| PHRASES[(i + j) % PHRASES.len()]).collect();
            NewListRow {
                seq: (i + 1).to_string(),
                chapter: Some(CHAPTERS[i * CHAPTERS.len() / spec.tasks.max(1)].to_string()),
                category: Some(format!("第{}项工作内容", i / 4 + 1)),
                text,
                partner: if lead.contains(&partner) { vec![] } else { vec![partner] },
                lead,
                // A third of the tasks have a deadline of their own within the plan.
                deadline: k.is_multiple_of(3).then(|| format!("{}年底", 2019 + k % 4)),
                ..Default::default()
            }
        })
        .collect()
}

/// Creates `path` (which must not exist) with the built-in plan and `spec.plans` synthetic plans,
/// each with its reports; the last plan generated is the current one.
pub fn generate(path: &Path, spec: &Spec) -> Result<Generated> {
    let mut ledger = app::open_or_init(path)?;
    let mut out = Generated::default();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
    let meanings = [Meaning::OnTrack, Meaning::OnTrack, Meaning::OnTrack, Meaning::Behind, Meaning::NotStarted, Meaning::Done];
    for p in 0..spec.plans {
        let title = format!("合成方案{:02}", p + 1);
        let plan_id = ledger.write(|tx| {
            let id = tx.plans().insert(&NewPlan {
                source: Some("synth"),
                title: &title,
                short_title: &title,
                issuer: "区府办",
                issuer_full: "区人民政府办公室",
                issued_on: d(2019, 1, 1),
                horizon: d(2022, 12, 31),
            })?;
            tx.plans().set_current(id)?;
            Ok(id)
        })?;
        let list = NewList {
            id: format!("synth-{plan_id}"),
            kind: ListKind::Responsibility,
            name: "工作任务责任分解表".into(),
            title: format!("{title}工作任务责任分解表"),
            period_start: d(2019, 1, 1),
            period_end: d(2022, 12, 31),
        };
        app::create_list(&mut ledger, &list, &rows(spec, p))?;
        let tasks = ledger.tasks().list(&TaskFilter { list_id: Some(list.id.clone()), ..Default::default() })?;
        let units: std::collections::HashMap<String, i64> =
            ledger.units().directory()?.into_iter().map(|u| (u.name, u.id)).collect();
        let reports = ledger.write(|tx| {
            let mut n = 0;
            let mut month = Month::new(2019, 1).expect("month");
            for m in 0..spec.months {
                for (i, t) in tasks.iter().enumerate() {
                    for (j, unit) in t.lead.iter().chain(&t.partner).enumerate() {
                        let meaning = meanings[(i + j + m) % meanings.len()];
                        let fields = ReportFields {
                            status: meaning.default_word().to_string(),
                            meaning,
                            progress: format!("第{}月完成阶段工作，{}", m + 1, PHRASES[(i + m) % PHRASES.len()]),
                            problems: if meaning == Meaning::Behind { "资金尚未到位。".into() } else { String::new() },
                            next_steps: "下月继续推进。".into(),
                            percent: Some(((m * 100) / spec.months.max(1)) as i64),
                        };
                        tx.reports().insert(&NewReport {
                            task_id: &t.id,
                            unit_id: units[unit],
                            month,
                            fields: &fields,
                            entered_by: "合成",
                            entered_at: &format!("{} 09:00:00", month.last_day()),
                            source: &ReportSource::Cli,
                        })?;
                        n += 1;
                    }
                }
                month = month.next();
            }
            Ok(n)
        })?;
        out.plans += 1;
        out.tasks += tasks.len();
        out.reports += reports;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_synthetic_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synth.db");
        let g = generate(&path, &Spec { plans: 2, tasks: 20, units: 6, months: 3 }).unwrap();
        assert_eq!((g.plans, g.tasks), (2, 40));
        assert!(g.reports >= 40 * 3);
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(ledger.plans().count().unwrap(), 3);
        assert_eq!(ledger.lists().all().unwrap()[0].rows, 20, "the last plan is current");
        let nov = Month::new(2019, 3).unwrap();
        assert!(crate::progress::month_progress(&ledger, None, nov).unwrap().iter().any(|p| !p.reports.is_empty()));
    }
}
