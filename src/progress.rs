//! Monthly progress: reports of the units, the status of a task for a month, 序时进度, and the
//! lights (亮灯).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::{Ledger, TaskFilter, audit, now_text};
use crate::model::{Task, date_label};
use crate::settings::{Meaning, Settings};
use crate::timing::{Month, schedule_share_by_month};

/// One unit's report on one task for one month.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressReport {
    pub id: i64,
    pub task_id: String,
    pub unit: String,
    pub month: String,
    pub status: String,
    pub meaning: Meaning,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub percent: Option<i64>,
    pub entered_by: String,
    pub entered_at: String,
    /// `cli`, `app`, or the file a form came back in.
    pub source: String,
    /// True for a report a later one replaced (kept as history).
    pub replaced: bool,
}

/// What a unit reports; the status word is one of the settings' words.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub task_id: String,
    pub unit: String,
    pub month: String,
    pub status: String,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub percent: Option<i64>,
    pub source: String,
}

/// What recording a report did.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Red,
    Yellow,
    Green,
    /// No report from the lead units and nothing else to say: 未报送.
    Unreported,
}

impl Light {
    pub fn label(self) -> &'static str {
        match self {
            Light::Red => "红灯",
            Light::Yellow => "黄灯",
            Light::Green => "绿灯",
            Light::Unreported => "未报送",
        }
    }

    /// Fill colour of the light's cell.
    pub fn rgb(self) -> u32 {
        match self {
            Light::Red => 0xFF7875,
            Light::Yellow => 0xFFE58F,
            Light::Green => 0xB7EB8F,
            Light::Unreported => 0xD9D9D9,
        }
    }
}

/// A task's state in a month: its status rolled up from its lead units' reports, 序时进度, and
/// its light with the reasons for it.
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
}

/// The worst of some statuses: 滞后 before 未启动 before 按序时推进 before 已完成.
pub fn roll_up(statuses: impl IntoIterator<Item = Meaning>) -> Option<Meaning> {
    statuses.into_iter().min()
}

/// The light rules (DESIGN §4, with the thresholds of the settings), as of `as_of`:
/// red = past its deadline and not done, or reported 滞后; yellow = due within `yellow_days` and
/// not done, not started when half its period is gone, or a percent below 序时进度; green = done
/// or on track; otherwise 未报送.
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
    if status == Some(Meaning::NotStarted) && schedule_share >= 0.5 {
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

fn report_from_row(r: &rusqlite::Row) -> rusqlite::Result<ProgressReport> {
    Ok(ProgressReport {
        id: r.get(0)?,
        task_id: r.get(1)?,
        unit: r.get(2)?,
        month: r.get(3)?,
        status: r.get(4)?,
        meaning: Meaning::parse(&r.get::<_, String>(5)?).unwrap_or(Meaning::NotStarted),
        progress: r.get(6)?,
        problems: r.get(7)?,
        next_steps: r.get(8)?,
        percent: r.get(9)?,
        entered_by: r.get(10)?,
        entered_at: r.get(11)?,
        source: r.get(12)?,
        replaced: r.get::<_, i64>(13)? != 0,
    })
}

const REPORT_COLUMNS: &str = "p.id, p.task_id, u.name, p.month, p.status, p.meaning, p.progress, p.problems, p.next_steps,
     p.percent, p.entered_by, p.entered_at, p.source, p.replaced";

impl Ledger {
    /// Checks a report without recording it; returns the task, the unit's name and the
    /// status's meaning.
    pub fn check_report(&self, input: &ReportInput, settings: &Settings) -> Result<(Task, String, Meaning, Month)> {
        let month = Month::parse(&input.month)?;
        let task = self.task(&input.task_id)?;
        let unit = self.unit(&input.unit)?.name;
        let meaning = check_report_for(&task, &unit, input, settings)?;
        Ok((task, unit, meaning, month))
    }

    /// Records a report. A later report for the same task, unit and month replaces the earlier
    /// one, which stays in the task's history; the same report again changes nothing.
    pub fn record_report(&mut self, input: &ReportInput) -> Result<Recorded> {
        let settings = Settings::load(self)?;
        let (task, unit, meaning, month) = self.check_report(input, &settings)?;
        let who = settings.clerk_name.clone();
        let tx = self.conn.transaction()?;
        let recorded = record_in(&tx, &task, &unit, meaning, month, input, &who)?;
        tx.commit()?;
        Ok(recorded)
    }

    /// Records several reports at once (a month's grid): all are checked first, then recorded
    /// in one transaction; one bad row records none.
    pub fn record_reports(&mut self, inputs: &[ReportInput]) -> Result<Vec<Recorded>> {
        let settings = Settings::load(self)?;
        let mut checked = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let c = self.check_report(input, &settings).map_err(|e| Error::invalid(format!("第 {} 条：{e}", i + 1)))?;
            checked.push(c);
        }
        let who = settings.clerk_name.clone();
        let tx = self.conn.transaction()?;
        let mut out = Vec::new();
        for ((task, unit, meaning, month), input) in checked.iter().zip(inputs) {
            out.push(record_in(&tx, task, unit, *meaning, *month, input, &who)?);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Sets a task's status for a month by hand; recorded in its history.
    pub fn set_status(&mut self, task_id: &str, month: &str, word: &str) -> Result<()> {
        let settings = Settings::load(self)?;
        let month = Month::parse(month)?;
        let task = self.task(task_id)?;
        let meaning = settings.meaning_of(word)?;
        let who = settings.clerk_name.clone();
        let now = now_text();
        let tx = self.conn.transaction()?;
        let old: Option<String> = tx
            .query_row("SELECT status FROM status_override WHERE task_id = ? AND month = ?", params![task.id, month.to_string()], |r| r.get(0))
            .optional()?;
        tx.execute(
            "INSERT INTO status_override (task_id, month, status, meaning, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(task_id, month) DO UPDATE SET status = ?3, meaning = ?4, set_by = ?5, set_at = ?6",
            params![task.id, month.to_string(), word.trim(), meaning.as_str(), who, now],
        )?;
        audit(&tx, &task.id, &who, &now, "status", Some(&format!("{month} 完成状态")), old.as_deref(), Some(word.trim()))?;
        tx.commit()?;
        Ok(())
    }

    /// Current reports of a month (optionally of one list).
    pub fn reports(&self, month: Month, list_id: Option<&str>) -> Result<Vec<ProgressReport>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report p JOIN unit u ON u.id = p.unit_id JOIN task t ON t.id = p.task_id
             WHERE p.month = ?1 AND p.replaced = 0 AND (?2 IS NULL OR t.list_id = ?2) ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![month.to_string(), list_id], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Current reports of one unit in a month on the tasks of a list.
    pub fn reports_of_unit(&self, month: Month, list_id: &str, unit: &str) -> Result<Vec<ProgressReport>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report p JOIN unit u ON u.id = p.unit_id JOIN task t ON t.id = p.task_id
             WHERE p.unit_id = (SELECT id FROM unit WHERE name = ?3) AND p.month = ?1 AND p.replaced = 0 AND t.list_id = ?2
             ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![month.to_string(), list_id, unit], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every report on a task, replaced ones included, oldest first.
    pub fn report_history(&self, task_id: &str) -> Result<Vec<ProgressReport>> {
        self.task(task_id)?;
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report p JOIN unit u ON u.id = p.unit_id WHERE p.task_id = ? ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([task_id], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every task's state in a month (optionally of one list), in list order.
    pub fn progress(&self, list_id: Option<&str>, month: Month) -> Result<Vec<TaskProgress>> {
        let settings = Settings::load(self)?;
        let lists: HashMap<String, crate::model::TaskList> = self.lists()?.into_iter().map(|l| (l.id.clone(), l)).collect();
        let tasks = self.tasks(&TaskFilter { list_id: list_id.map(str::to_string), ..Default::default() })?;
        let mut by_task: HashMap<String, Vec<ProgressReport>> = HashMap::new();
        for r in self.reports(month, list_id)? {
            by_task.entry(r.task_id.clone()).or_default().push(r);
        }
        let mut overrides: HashMap<String, (String, Meaning)> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT task_id, status, meaning FROM status_override WHERE month = ?")?;
        let mut rows = stmt.query([month.to_string()])?;
        while let Some(r) = rows.next()? {
            let meaning = Meaning::parse(&r.get::<_, String>(2)?).unwrap_or(Meaning::NotStarted);
            overrides.insert(r.get(0)?, (r.get(1)?, meaning));
        }
        // A lead unit that reported 已完成 in an earlier month stays done until it reports
        // otherwise: its latest earlier report, when it meant done.
        let mut done_before: HashMap<String, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT p.task_id, u.name FROM progress_report p JOIN unit u ON u.id = p.unit_id
             WHERE p.replaced = 0 AND p.month < ?1 AND p.meaning = 'done'
               AND p.month = (SELECT max(q.month) FROM progress_report q
                              WHERE q.task_id = p.task_id AND q.unit_id = p.unit_id AND q.replaced = 0 AND q.month < ?1)",
        )?;
        let mut rows = stmt.query([month.to_string()])?;
        while let Some(r) = rows.next()? {
            done_before.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let as_of = month.last_day();
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
                let carried: Vec<&String> = done_before
                    .get(&task.id)
                    .map(|units| {
                        units.iter().filter(|u| task.lead.contains(u) && !lead_reports.iter().any(|r| r.unit == **u)).collect()
                    })
                    .unwrap_or_default();
                let missing: Vec<String> = task
                    .lead
                    .iter()
                    .filter(|u| !lead_reports.iter().any(|r| r.unit == **u) && !carried.contains(u))
                    .cloned()
                    .collect();
                let rolled = roll_up(lead_reports.iter().map(|r| r.meaning).chain(carried.iter().map(|_| Meaning::Done)));
                let (status, overridden) = match overrides.get(&task.id) {
                    Some((_, m)) => (Some(*m), true),
                    None => (rolled, false),
                };
                let status_word = match (overrides.get(&task.id), status) {
                    (Some((w, _)), _) => w.clone(),
                    (None, Some(m)) => settings.word(m).to_string(),
                    (None, None) => "未报送".to_string(),
                };
                let start = lists.get(&task.list_id).map(|l| l.period_start).unwrap_or(as_of);
                let share = task.deadline.map(|d| schedule_share_by_month(start, d, month)).unwrap_or(0.0);
                let percent = lead_reports.iter().filter_map(|r| r.percent).min();
                let behind_schedule = percent.is_some_and(|p| (p as f64) < share * 100.0 - 1e-9);
                let dates: Vec<NaiveDate> = task.milestones.iter().map(|m| m.due_on).collect();
                let (light, reasons) = light(status, &dates, as_of, share, behind_schedule, settings.yellow_days);
                TaskProgress {
                    task,
                    month: month.to_string(),
                    status,
                    status_word,
                    overridden,
                    reports,
                    missing,
                    done_earlier: carried.into_iter().cloned().collect(),
                    schedule_share: share,
                    percent,
                    behind_schedule,
                    light,
                    reasons,
                }
            })
            .collect())
    }
}

/// Checks a report of `unit` (a directory name) on `task`: the unit is named on the task, the
/// status word is one of the settings' words, the percent is 0–100. Returns the status's meaning.
pub fn check_report_for(task: &Task, unit: &str, input: &ReportInput, settings: &Settings) -> Result<Meaning> {
    if !task.involves(unit) {
        let mut named: Vec<String> = task.lead.iter().map(|u| format!("{u}（牵头）")).collect();
        named.extend(task.partner.iter().map(|u| format!("{u}（配合）")));
        return Err(Error::invalid(format!(
            "“{unit}”不是任务 {}（序号 {}）的牵头或配合单位。该任务的单位：{}。",
            task.id,
            task.seq,
            named.join("、")
        )));
    }
    let meaning = settings.meaning_of(&input.status)?;
    if let Some(p) = input.percent {
        if !(0..=100).contains(&p) {
            return Err(Error::invalid(format!("完成百分比“{p}”不正确：应为 0 到 100 之间的整数。")));
        }
    }
    Ok(meaning)
}

/// Records a report inside a transaction (shared with the import of returned forms).
pub(crate) fn record_in(
    tx: &rusqlite::Transaction,
    task: &Task,
    unit: &str,
    meaning: Meaning,
    month: Month,
    input: &ReportInput,
    who: &str,
) -> Result<Recorded> {
    let unit_id: i64 = tx.query_row("SELECT id FROM unit WHERE name = ?", [unit], |r| r.get(0))?;
    let current: Option<(i64, String, String, String, String, Option<i64>)> = tx
        .query_row(
            "SELECT id, status, progress, problems, next_steps, percent FROM progress_report
             WHERE task_id = ? AND unit_id = ? AND month = ? AND replaced = 0",
            params![task.id, unit_id, month.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let status = input.status.trim();
    let (progress, problems, next_steps) = (input.progress.trim(), input.problems.trim(), input.next_steps.trim());
    if let Some((_, s, p, q, n, pc)) = &current {
        if s == status && p == progress && q == problems && n == next_steps && *pc == input.percent {
            return Ok(Recorded::Unchanged);
        }
    }
    // One current report per key (a partial unique index): retire the old one first.
    if let Some((old_id, ..)) = &current {
        tx.execute("UPDATE progress_report SET replaced = 1 WHERE id = ?", [old_id])?;
    }
    let now = now_text();
    tx.execute(
        "INSERT INTO progress_report (task_id, unit_id, month, status, meaning, progress, problems, next_steps, percent,
                                      entered_by, entered_at, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            task.id,
            unit_id,
            month.to_string(),
            status,
            meaning.as_str(),
            progress,
            problems,
            next_steps,
            input.percent,
            who,
            now,
            if input.source.is_empty() { "cli" } else { input.source.as_str() }
        ],
    )?;
    if let Some((_, old_status, ..)) = &current {
        audit(tx, &task.id, who, &now, "report", Some(&format!("{month} {unit}")), Some(old_status), Some(status))?;
    } else {
        audit(tx, &task.id, who, &now, "report", Some(&format!("{month} {unit}")), None, Some(status))?;
    }
    Ok(if current.is_some() { Recorded::Replaced } else { Recorded::New })
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
}
