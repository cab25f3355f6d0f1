//! Monthly progress, the domain rules: a task's status for a month rolled up from its lead
//! units' reports, 序时进度, and the lights (亮灯) with their reasons. Also the rule for recording
//! a report (the same report again changes nothing; a new one replaces the old, which stays as
//! history).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::reports::{NewReport, ReportFields};
use crate::ledger::{Ledger, TaskFilter, Tx, now_text};
use crate::model::{AuditAction, MAX_TEXT_CHARS, Task, TaskId, UnitKind, UnitName, clean_text, date_label};

/// Why a task without a concrete lead unit is out of the month's counts.
pub const UNASSIGNED_REASON: &str = "牵头单位未明确（空白或泛指单位），需明确责任单位后纳入统计";
use crate::ledger::closures::ClosureAction;
use crate::settings::{Meaning, Settings};
use crate::task_life::CloseState;
use crate::timing::{Month, schedule_share_by_month};

pub use crate::ledger::reports::{ProgressReport, ReportSource};

/// A report as it comes from a person (the window's grid, the CLI): text fields, checked by
/// [`RawReport::parse`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawReport {
    pub task_id: String,
    pub unit: String,
    pub month: String,
    pub status: String,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub percent: Option<i64>,
}

/// What a unit reports, with its values checked where they entered.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub task_id: TaskId,
    pub unit: UnitName,
    pub month: Month,
    pub status: String,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub percent: Option<i64>,
    pub source: ReportSource,
}

impl RawReport {
    /// Checks the values that can be checked without the ledger: ids, month, the length of the
    /// texts (control characters dropped), the percent.
    pub fn parse(&self, source: ReportSource) -> Result<ReportInput> {
        if let Some(p) = self.percent.filter(|p| !(0..=100).contains(p)) {
            return Err(Error::BadPercent { value: p.to_string() });
        }
        Ok(ReportInput {
            task_id: TaskId::parse(&self.task_id)?,
            unit: UnitName::parse(&self.unit)?,
            month: Month::parse(&self.month)?,
            status: clean_text("完成状态", &self.status, MAX_TEXT_CHARS)?,
            progress: clean_text("进展情况", &self.progress, MAX_TEXT_CHARS)?,
            problems: clean_text("存在问题", &self.problems, MAX_TEXT_CHARS)?,
            next_steps: clean_text("下步计划", &self.next_steps, MAX_TEXT_CHARS)?,
            percent: self.percent,
            source,
        })
    }
}

/// What recording a report did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recorded {
    New,
    /// It replaced an earlier report for the same task, unit and month.
    Replaced,
    /// The same report was there already; nothing changed.
    Unchanged,
}

/// 亮灯.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Red,
    Yellow,
    Green,
    /// No report from the lead units and nothing else to say: 未报送.
    Unreported,
    /// No concrete lead unit (none, or only group words such as 各镇街): nobody can report, so
    /// the task stays out of the month's counts until the clerk names its lead units.
    Unassigned,
}

impl Light {
    pub const ALL: [Light; 5] = [Light::Red, Light::Yellow, Light::Green, Light::Unreported, Light::Unassigned];

    pub fn as_str(self) -> &'static str {
        match self {
            Light::Red => "red",
            Light::Yellow => "yellow",
            Light::Green => "green",
            Light::Unreported => "unreported",
            Light::Unassigned => "unassigned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Light::Red => "红灯",
            Light::Yellow => "黄灯",
            Light::Green => "绿灯",
            Light::Unreported => "未报送",
            Light::Unassigned => "待明确",
        }
    }

    /// The light's colour, in the sheets' cells and in the window.
    pub fn rgb(self) -> u32 {
        match self {
            Light::Red => 0xFF7875,
            Light::Yellow => 0xFFE58F,
            Light::Green => 0xB7EB8F,
            Light::Unreported => 0xD9D9D9,
            Light::Unassigned => 0xBFD7EA,
        }
    }
}

/// A task's state in a month: its status rolled up from its lead units' reports, 序时进度, and
/// its light with the reasons for it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TaskProgress {
    pub task: Task,
    pub month: String,
    pub status: Option<Meaning>,
    /// The status word, or 未报送.
    pub status_word: String,
    /// Set by the clerk rather than rolled up from reports.
    pub overridden: bool,
    /// Current reports of the month, lead units first.
    pub reports: Vec<ProgressReport>,
    /// Lead units with no report this month.
    pub missing: Vec<String>,
    /// Lead units with no report this month whose latest earlier report was 已完成: done still.
    pub done_earlier: Vec<String>,
    /// 序时进度, 0–1.
    pub schedule_share: f64,
    /// The lowest percent the lead units reported.
    pub percent: Option<i64>,
    /// A reported percent below 序时进度.
    pub behind_schedule: bool,
    pub light: Light,
    pub reasons: Vec<String>,
    /// Where the task stands on closing (销号) at the end of the month.
    pub closing: crate::task_life::CloseState,
    /// The 退回 reason, or the 销号 note and date, where there is one.
    pub closing_note: Option<String>,
}

/// The worst of some statuses: 滞后 before 未启动 before 按序时推进 before 已完成.
pub fn roll_up(statuses: impl IntoIterator<Item = Meaning>) -> Option<Meaning> {
    statuses.into_iter().min()
}

/// The light rules in one line, with the settings' threshold, for the legend of a sheet.
pub fn legend(yellow_days: i64) -> String {
    format!(
        "亮灯说明：红灯——已过完成时限仍未完成，或报告进度滞后；黄灯——距完成时限不足 {yellow_days} 天且未完成，或序时进度过半仍未启动，或完成百分比低于序时进度；绿灯——已完成或按序时推进；未报送——本月牵头单位未报送；待明确——牵头单位未明确，暂不统计。"
    )
}

/// A not-started task turns yellow once this share of its period has passed.
pub const NOT_STARTED_YELLOW_SHARE: f64 = 0.5;

/// The light rules, with the thresholds of the settings, as of `as_of` (written down in
/// `docs/rules.md`): red = past its deadline and not done, or reported 滞后; yellow = due within
/// `yellow_days` and not done, not started when half its period is gone, or a percent below
/// 序时进度; green = done or on track; otherwise 未报送.
pub fn light(
    status: Option<Meaning>,
    milestones: &[NaiveDate],
    as_of: NaiveDate,
    schedule_share: f64,
    behind_schedule: bool,
    yellow_days: i64,
) -> (Light, Vec<String>) {
    let done = status == Some(Meaning::Done);
    let final_deadline = milestones.iter().max().copied();
    let next = milestones.iter().filter(|d| **d >= as_of).min().copied();
    let mut red = Vec::new();
    if let Some(d) = final_deadline.filter(|d| *d < as_of && !done) {
        red.push(format!("已过完成时限（{}）仍未完成", date_label(d)));
    }
    if status == Some(Meaning::Behind) {
        red.push("报告进度滞后".to_string());
    }
    if !red.is_empty() {
        return (Light::Red, red);
    }
    let mut yellow = Vec::new();
    if let Some(d) = next.filter(|_| !done) {
        let days = (d - as_of).num_days();
        if days <= yellow_days {
            yellow.push(format!("距完成时限（{}）还有 {days} 天", date_label(d)));
        }
    }
    if status == Some(Meaning::NotStarted) && schedule_share >= NOT_STARTED_YELLOW_SHARE {
        yellow.push(format!("序时进度已过半（{:.0}%）仍未启动", schedule_share * 100.0));
    }
    if behind_schedule && !done {
        yellow.push(format!("完成百分比低于序时进度（{:.0}%）", schedule_share * 100.0));
    }
    if !yellow.is_empty() {
        return (Light::Yellow, yellow);
    }
    match status {
        Some(Meaning::Done) => (Light::Green, vec!["已完成".into()]),
        Some(Meaning::OnTrack) => (Light::Green, vec!["按序时推进".into()]),
        Some(Meaning::NotStarted) => (Light::Green, vec!["未启动，序时进度未过半".into()]),
        _ => (Light::Unreported, vec!["本月未报送".into()]),
    }
}

/// Intermediate milestones that passed before `as_of` without the lead units saying, in the
/// milestone's month or later, that the task was on track or done (`last_good`). The final
/// deadline is left to the rule of the deadline itself.
pub fn missed_milestones(milestones: &[NaiveDate], as_of: NaiveDate, last_good: Option<Month>) -> Vec<NaiveDate> {
    let Some(last) = milestones.iter().max() else { return vec![] };
    milestones
        .iter()
        .filter(|m| *m != last && **m < as_of)
        .filter(|m| last_good.is_none_or(|g| g < Month::of(**m)))
        .copied()
        .collect()
}

/// Every task's state in a month (optionally of one list), in list order.
pub fn month_progress(ledger: &Ledger, list_id: Option<&str>, month: Month) -> Result<Vec<TaskProgress>> {
    let settings = Settings::load(ledger)?;
    let lists: HashMap<String, crate::model::TaskList> = ledger.lists().all()?.into_iter().map(|l| (l.id.clone(), l)).collect();
    if let Some(id) = list_id {
        ledger.lists().get(id)?;
    }
    let tasks = ledger.tasks().list(&TaskFilter { list_id: list_id.map(str::to_string), ..Default::default() })?;
    let mut by_task: HashMap<String, Vec<ProgressReport>> = HashMap::new();
    for r in ledger.reports().of_month(month, list_id)? {
        by_task.entry(r.task_id.clone()).or_default().push(r);
    }
    let overrides = ledger.reports().overrides(month)?;
    let scope = match list_id {
        Some(id) => crate::ledger::reports::Scope::List(id),
        None => crate::ledger::reports::Scope::Plan,
    };
    // What each lead unit said last (one index lookup per task and unit).
    let latest = ledger.reports().latest_lead_statuses(month, scope)?;
    let groups: std::collections::HashSet<String> =
        ledger.units().directory()?.into_iter().filter(|u| u.kind == UnitKind::Group).map(|u| u.name).collect();
    let as_of = month.last_day();
    let closures = ledger.closures().latest(as_of)?;
    Ok(tasks
        .into_iter()
        .map(|task| {
            let mut reports = by_task.remove(&task.id).unwrap_or_default();
            reports.sort_by_key(|r| {
                let lead_pos = task.lead.iter().position(|u| *u == r.unit);
                let partner_pos = task.partner.iter().position(|u| *u == r.unit);
                (lead_pos.is_none(), lead_pos.or(partner_pos))
            });
            let lead_reports: Vec<&ProgressReport> = reports.iter().filter(|r| task.lead.contains(&r.unit)).collect();
            let said = latest.get(&task.id).map(Vec::as_slice).unwrap_or_default();
            // A lead unit whose latest report, before this month, said 已完成 stays done.
            let carried: Vec<&String> = said
                .iter()
                .filter(|s| s.month < month && s.meaning == Meaning::Done)
                .filter_map(|s| s.unit.as_ref())
                .filter(|u| task.lead.contains(u) && !lead_reports.iter().any(|r| r.unit == **u))
                .collect();
            // Group words (各镇街, 区级相关部门) do not report: they are not missing.
            let missing: Vec<String> = task
                .lead
                .iter()
                .filter(|u| !groups.contains(*u))
                .filter(|u| !lead_reports.iter().any(|r| r.unit == **u) && !carried.contains(u))
                .cloned()
                .collect();
            let assigned = task.lead.iter().any(|u| !groups.contains(u));
            let rolled = roll_up(lead_reports.iter().map(|r| r.meaning).chain(carried.iter().map(|_| Meaning::Done)));
            let overridden = overrides.get(&task.id);
            let status = overridden.map(|o| o.meaning).or(rolled);
            let status_word = match (overridden, status) {
                (Some(o), _) => o.status.clone(),
                (None, Some(m)) => settings.word(m).to_string(),
                (None, None) if !assigned => Light::Unassigned.label().to_string(),
                (None, None) => Light::Unreported.label().to_string(),
            };
            let start = lists.get(&task.list_id).map(|l| l.period_start).unwrap_or(as_of);
            let share = task.deadline.map(|d| schedule_share_by_month(start, d, month)).unwrap_or(0.0);
            let percent = lead_reports.iter().filter_map(|r| r.percent).min();
            let behind_schedule = percent.is_some_and(|p| (p as f64) < share * 100.0 - 1e-9);
            let dates: Vec<NaiveDate> = task.milestones.iter().map(|m| m.due_on).collect();
            let event = closures.get(&task.id);
            let claim = crate::task_life::claim_of(said);
            let closing = crate::task_life::close_state(event, claim.as_ref());
            let closing_note = event.map(|e| match e.action {
                ClosureAction::Close => format!(
                    "{}销号{}",
                    date_label(e.on_date),
                    if e.note.is_empty() { String::new() } else { format!("：{}", e.note) }
                ),
                ClosureAction::Return => e.note.clone(),
            });
            let (mut status, mut status_word) = (status, status_word);
            let (light, reasons) = match closing {
                CloseState::Closed => {
                    status = Some(Meaning::Done);
                    status_word = CloseState::Closed.label().to_string();
                    (Light::Green, vec![format!("已于{}销号", event.map(|e| date_label(e.on_date)).unwrap_or_default())])
                }
                CloseState::Returned if status == Some(Meaning::Done) => {
                    // The claim of completion was sent back: 未完成 again.
                    status = None;
                    status_word = "已退回".to_string();
                    let why = format!("销号申请已退回：{}", closing_note.clone().unwrap_or_default());
                    match light(None, &dates, as_of, share, false, settings.yellow_days) {
                        (Light::Red, mut reasons) => {
                            reasons.push(why);
                            (Light::Red, reasons)
                        }
                        _ => (Light::Yellow, vec![why]),
                    }
                }
                _ if assigned || status.is_some() => {
                    let (l, mut reasons) = light(status, &dates, as_of, share, behind_schedule, settings.yellow_days);
                    // Only a task with a passed intermediate milestone asks when it was last on track.
                    let missed = if status == Some(Meaning::Done) || missed_milestones(&dates, as_of, None).is_empty() {
                        vec![]
                    } else {
                        let good = ledger.reports().last_good_month(&task.id, month).ok().flatten();
                        missed_milestones(&dates, as_of, good)
                    };
                    if missed.is_empty() {
                        (l, reasons)
                    } else {
                        let mut red: Vec<String> =
                            missed.iter().map(|m| format!("阶段节点（{}）已过，未见完成报告", date_label(*m))).collect();
                        if l == Light::Red {
                            red.append(&mut reasons);
                        }
                        (Light::Red, red)
                    }
                }
                _ => (Light::Unassigned, vec![UNASSIGNED_REASON.to_string()]),
            };
            TaskProgress {
                task,
                month: month.to_string(),
                status,
                status_word,
                overridden: overridden.is_some(),
                reports,
                missing,
                done_earlier: carried.into_iter().cloned().collect(),
                schedule_share: share,
                percent,
                behind_schedule,
                light,
                reasons,
                closing,
                closing_note,
            }
        })
        .collect())
}

/// Checks a report of `unit` (a directory name) on `task`: the unit is named on the task, the
/// status word is one of the settings' words, the percent is 0–100. Returns the status's meaning.
pub fn check_report_for(task: &Task, unit: &str, status: &str, percent: Option<i64>, settings: &Settings) -> Result<Meaning> {
    if !task.involves(unit) {
        let mut named: Vec<String> = task.lead.iter().map(|u| format!("{u}（牵头）")).collect();
        named.extend(task.partner.iter().map(|u| format!("{u}（配合）")));
        return Err(Error::UnitNotOnTask {
            unit: unit.to_string(),
            task: task.id.clone(),
            seq: task.seq.clone(),
            units: named.join("、"),
        });
    }
    let meaning = settings.meaning_of(status)?;
    if let Some(p) = percent.filter(|p| !(0..=100).contains(p)) {
        return Err(Error::BadPercent { value: p.to_string() });
    }
    Ok(meaning)
}

/// A report checked against the ledger, ready to record.
#[derive(Debug, Clone)]
pub struct CheckedReport {
    pub task: Task,
    pub unit: String,
    pub unit_id: i64,
    pub month: Month,
    pub fields: ReportFields,
    pub source: ReportSource,
}

/// Checks a report against the ledger (task, unit on the task, status word).
pub fn check_report(ledger: &Ledger, input: &ReportInput, settings: &Settings) -> Result<CheckedReport> {
    let task = ledger.tasks().get(input.task_id.as_str())?;
    let unit = ledger.units().get(input.unit.as_str())?;
    let meaning = check_report_for(&task, &unit.name, &input.status, input.percent, settings)?;
    Ok(CheckedReport {
        task,
        unit: unit.name,
        unit_id: unit.id,
        month: input.month,
        fields: ReportFields {
            status: input.status.trim().to_string(),
            meaning,
            progress: input.progress.trim().to_string(),
            problems: input.problems.trim().to_string(),
            next_steps: input.next_steps.trim().to_string(),
            percent: input.percent,
        },
        source: input.source.clone(),
    })
}

/// Records a checked report inside a transaction: the same report again changes nothing; a
/// different one replaces the current one, which stays as history. Recorded in the task's
/// history.
pub fn record_in(tx: &Tx<'_>, r: &CheckedReport, who: &str) -> Result<Recorded> {
    let current = tx.reports().current(&r.task.id, r.unit_id, r.month)?;
    if let Some((_, old)) = &current
        && same_report(old, &r.fields)
    {
        return Ok(Recorded::Unchanged);
    }
    if let Some((old_id, _)) = &current {
        tx.reports().retire(*old_id)?;
    }
    let now = now_text();
    tx.reports().insert(&NewReport {
        task_id: &r.task.id,
        unit_id: r.unit_id,
        month: r.month,
        fields: &r.fields,
        entered_by: who,
        entered_at: &now,
        source: &r.source,
    })?;
    let field = format!("{} {}", r.month, r.unit);
    tx.audit().record(&crate::ledger::audit::Change {
        task_id: &r.task.id,
        who,
        at: &now,
        action: AuditAction::Report,
        field: Some(&field),
        old: current.as_ref().map(|(_, f)| f.status.as_str()),
        new: Some(&r.fields.status),
    })?;
    Ok(if current.is_some() { Recorded::Replaced } else { Recorded::New })
}

/// Two reports say the same thing (the meaning of a status word may have been renamed since).
fn same_report(a: &ReportFields, b: &ReportFields) -> bool {
    a.status == b.status
        && a.progress == b.progress
        && a.problems == b.problems
        && a.next_steps == b.next_steps
        && a.percent == b.percent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn roll_up_takes_the_worst() {
        use Meaning::*;
        assert_eq!(roll_up([Done, OnTrack]), Some(OnTrack));
        assert_eq!(roll_up([Done, NotStarted, OnTrack]), Some(NotStarted));
        assert_eq!(roll_up([NotStarted, Behind]), Some(Behind));
        assert_eq!(roll_up([Done]), Some(Done));
        assert_eq!(roll_up([]), None);
    }

    #[test]
    fn red_past_deadline_and_not_done_at_the_boundary() {
        let due = [d(2018, 9, 30)];
        // On the deadline day: not yet past.
        let (l, _) = light(Some(Meaning::OnTrack), &due, d(2018, 9, 30), 1.0, false, 30);
        assert_eq!(l, Light::Yellow, "due today is within 30 days");
        // The day after: red.
        let (l, why) = light(Some(Meaning::OnTrack), &due, d(2018, 10, 1), 1.0, false, 30);
        assert_eq!(l, Light::Red);
        assert!(why[0].contains("2018年9月底"), "{why:?}");
        // Done is never red for its deadline.
        assert_eq!(light(Some(Meaning::Done), &due, d(2018, 12, 31), 1.0, false, 30).0, Light::Green);
        // No report and past the deadline: red too.
        assert_eq!(light(None, &due, d(2018, 10, 31), 1.0, false, 30).0, Light::Red);
    }

    #[test]
    fn red_when_reported_behind() {
        let (l, why) = light(Some(Meaning::Behind), &[d(2022, 12, 31)], d(2018, 11, 30), 0.1, false, 30);
        assert_eq!(l, Light::Red);
        assert_eq!(why, vec!["报告进度滞后"]);
    }

    #[test]
    fn yellow_within_threshold_days() {
        let due = [d(2018, 12, 31)];
        // 31 days before: green; 30 days before: yellow.
        assert_eq!(light(Some(Meaning::OnTrack), &due, d(2018, 11, 30), 0.9, false, 30).0, Light::Green);
        assert_eq!(light(Some(Meaning::OnTrack), &due, d(2018, 12, 1), 0.9, false, 30).0, Light::Yellow);
        // The threshold is a setting.
        assert_eq!(light(Some(Meaning::OnTrack), &due, d(2018, 11, 30), 0.9, false, 31).0, Light::Yellow);
        // The next milestone counts, not only the last.
        let two = [d(2020, 12, 31), d(2022, 12, 31)];
        assert_eq!(light(Some(Meaning::OnTrack), &two, d(2020, 12, 15), 0.5, false, 30).0, Light::Yellow);
    }

    #[test]
    fn yellow_not_started_when_half_gone() {
        let due = [d(2018, 12, 31)];
        assert_eq!(light(Some(Meaning::NotStarted), &due, d(2018, 5, 31), 5.0 / 12.0, false, 30).0, Light::Green);
        let (l, why) = light(Some(Meaning::NotStarted), &due, d(2018, 6, 30), 0.5, false, 30);
        assert_eq!(l, Light::Yellow);
        assert!(why[0].contains("50%"), "{why:?}");
    }

    #[test]
    fn yellow_below_schedule_and_green_otherwise() {
        let due = [d(2018, 12, 31)];
        let (l, why) = light(Some(Meaning::OnTrack), &due, d(2018, 6, 30), 0.5, true, 30);
        assert_eq!(l, Light::Yellow);
        assert!(why[0].contains("低于序时进度"));
        assert_eq!(light(Some(Meaning::OnTrack), &due, d(2018, 6, 30), 0.5, false, 30).0, Light::Green);
        assert_eq!(light(None, &due, d(2018, 6, 30), 0.5, false, 30).0, Light::Unreported);
    }

    #[test]
    fn a_passed_milestone_needs_a_report_saying_it_was_met() {
        let two = [d(2020, 12, 31), d(2022, 12, 31)];
        let m = |s: &str| Some(Month::parse(s).unwrap());
        // Before the milestone: nothing missed.
        assert!(missed_milestones(&two, d(2020, 11, 30), None).is_empty());
        // After it, with no report since: missed.
        assert_eq!(missed_milestones(&two, d(2021, 1, 31), m("2020-10")), vec![d(2020, 12, 31)]);
        // A report on track in the milestone's month or later: met.
        assert!(missed_milestones(&two, d(2021, 1, 31), m("2020-12")).is_empty());
        // The final deadline is the deadline rule's business.
        assert!(missed_milestones(&two, d(2023, 1, 31), m("2021-06")).is_empty());
    }

    #[test]
    fn raw_reports_are_checked_where_they_enter() {
        let raw = RawReport {
            task_id: "A-018".into(),
            unit: "区建设局".into(),
            month: "2018-11".into(),
            status: "滞后".into(),
            progress: "进\u{0}展".into(),
            percent: Some(60),
            ..Default::default()
        };
        let input = raw.parse(ReportSource::Cli).unwrap();
        assert_eq!(input.progress, "进展");
        let long = RawReport { progress: "进".repeat(40_000), ..raw.clone() };
        assert_eq!(long.parse(ReportSource::Cli).unwrap_err().code(), "text_too_long");
        let pct = RawReport { percent: Some(150), ..raw.clone() };
        assert_eq!(pct.parse(ReportSource::Cli).unwrap_err().code(), "bad_percent");
        let month = RawReport { month: "2018-13".into(), ..raw };
        assert_eq!(month.parse(ReportSource::Cli).unwrap_err().code(), "bad_month");
    }
}
