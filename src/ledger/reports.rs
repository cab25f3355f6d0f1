//! `progress_report` and `status_override`: the units' monthly reports (current and replaced
//! ones) and the clerk's statuses set by hand.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Write;
use crate::error::Result;
use crate::settings::Meaning;
use crate::timing::Month;

repository!(
    /// Reports and status overrides.
    Reports
);

/// Where a report came from; shown (and serialised) as stored: `cli`, `app` or the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportSource {
    /// Typed at the command line.
    Cli,
    /// Entered in the window's month grid.
    App,
    /// A returned form, by its file name.
    Form(String),
}

impl ReportSource {
    /// As stored: `cli`, `app`, or the form's file name.
    pub fn as_stored(&self) -> &str {
        match self {
            ReportSource::Cli => "cli",
            ReportSource::App => "app",
            ReportSource::Form(file) => file,
        }
    }

    pub fn from_stored(s: &str) -> ReportSource {
        match s {
            "cli" => ReportSource::Cli,
            "app" => ReportSource::App,
            file => ReportSource::Form(file.to_string()),
        }
    }
}

impl Serialize for ReportSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_stored())
    }
}

/// One unit's report on one task for one month.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
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
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub source: ReportSource,
    /// True for a report a later one replaced (kept as history).
    pub replaced: bool,
}

/// What a unit reported, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFields {
    pub status: String,
    pub meaning: Meaning,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub percent: Option<i64>,
}

/// A report to store.
pub struct NewReport<'a> {
    pub task_id: &'a str,
    pub unit_id: i64,
    pub month: Month,
    pub fields: &'a ReportFields,
    pub entered_by: &'a str,
    pub entered_at: &'a str,
    pub source: &'a ReportSource,
}

/// Which tasks a query is about.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The tasks of one list.
    List(&'a str),
    /// One task.
    Task(&'a str),
    /// Every task of the plan worked on.
    Plan,
}

impl Scope<'_> {
    /// A condition on `t` (task) and `l` (task_list), with its one argument as `?2`.
    fn condition(&self) -> (String, Option<String>) {
        match self {
            Scope::List(id) => ("t.list_id = ?2".into(), Some(id.to_string())),
            Scope::Task(id) => ("t.id = ?2".into(), Some(id.to_string())),
            Scope::Plan => (format!("(?2 IS NULL AND l.plan_id = {})", super::plans::CURRENT_PLAN), None),
        }
    }
}

/// What a lead unit, or the clerk by hand, said of a task in a month.
#[derive(Debug, Clone)]
pub struct LeadStatus {
    /// The lead unit that reported; `None` for a status set by hand.
    pub unit: Option<String>,
    pub month: Month,
    pub meaning: Meaning,
    /// When it was entered: `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// Set by the clerk rather than reported.
    pub by_hand: bool,
}

/// A status set by hand.
#[derive(Debug, Clone)]
pub struct StatusOverride {
    pub status: String,
    pub meaning: Meaning,
}

const REPORT_COLUMNS: &str = "p.id, p.task_id, u.name, p.month, p.status, p.meaning, p.progress, p.problems, p.next_steps,
     p.percent, p.entered_by, p.entered_at, p.source, p.replaced";

fn meaning_of(text: &str, column: usize) -> rusqlite::Result<Meaning> {
    Meaning::parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, format!("meaning {text}").into())
    })
}

fn report_from_row(r: &rusqlite::Row) -> rusqlite::Result<ProgressReport> {
    Ok(ProgressReport {
        id: r.get(0)?,
        task_id: r.get(1)?,
        unit: r.get(2)?,
        month: r.get(3)?,
        status: r.get(4)?,
        meaning: meaning_of(&r.get::<_, String>(5)?, 5)?,
        progress: r.get(6)?,
        problems: r.get(7)?,
        next_steps: r.get(8)?,
        percent: r.get(9)?,
        entered_by: r.get(10)?,
        entered_at: r.get(11)?,
        source: ReportSource::from_stored(&r.get::<_, String>(12)?),
        replaced: r.get::<_, i64>(13)? != 0,
    })
}

impl<M> Reports<'_, M> {
    /// Current reports of a month (optionally of one list), in the order they were entered.
    pub fn of_month(&self, month: Month, list_id: Option<&str>) -> Result<Vec<ProgressReport>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report p JOIN unit u ON u.id = p.unit_id JOIN task t ON t.id = p.task_id
             WHERE p.month = ?1 AND p.replaced = 0 AND (?2 IS NULL OR t.list_id = ?2) ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![month.to_string(), list_id], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Current reports of one unit in a month on the tasks of a list.
    pub fn of_unit(&self, month: Month, list_id: &str, unit_id: i64) -> Result<Vec<ProgressReport>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report p JOIN unit u ON u.id = p.unit_id JOIN task t ON t.id = p.task_id
             WHERE p.unit_id = ?3 AND p.month = ?1 AND p.replaced = 0 AND t.list_id = ?2 ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![month.to_string(), list_id, unit_id], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every report on a task, replaced ones included, oldest first.
    pub fn history(&self, task_id: &str) -> Result<Vec<ProgressReport>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report p JOIN unit u ON u.id = p.unit_id WHERE p.task_id = ? ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([task_id], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current report of a task by a unit in a month: its id and fields.
    pub fn current(&self, task_id: &str, unit_id: i64, month: Month) -> Result<Option<(i64, ReportFields)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, status, meaning, progress, problems, next_steps, percent FROM progress_report
             WHERE task_id = ? AND unit_id = ? AND month = ? AND replaced = 0",
        )?;
        Ok(stmt
            .query_row(params![task_id, unit_id, month.to_string()], |r| {
                Ok((
                    r.get(0)?,
                    ReportFields {
                        status: r.get(1)?,
                        meaning: meaning_of(&r.get::<_, String>(2)?, 2)?,
                        progress: r.get(3)?,
                        problems: r.get(4)?,
                        next_steps: r.get(5)?,
                        percent: r.get(6)?,
                    },
                ))
            })
            .optional()?)
    }

    /// The latest month with a current report.
    pub fn latest_month(&self) -> Result<Option<Month>> {
        let m: Option<String> =
            self.conn.query_row("SELECT max(month) FROM progress_report WHERE replaced = 0", [], |r| r.get(0))?;
        Ok(m.and_then(|m| Month::parse(&m).ok()))
    }

    /// What the lead units (or the clerk, by hand) said last of each task, up to `up_to`: for
    /// each lead unit its latest report, and the latest status set by hand. One index lookup per
    /// task and lead unit, so the cost follows the tasks asked about, not the years of reports.
    pub fn latest_lead_statuses(&self, up_to: Month, scope: Scope<'_>) -> Result<HashMap<String, Vec<LeadStatus>>> {
        let (condition, arg) = scope.condition();
        let mut out: HashMap<String, Vec<LeadStatus>> = HashMap::new();
        let sql = format!(
            "SELECT tu.task_id, u.name, r.month, r.meaning, r.entered_at FROM task_unit tu
             JOIN task t ON t.id = tu.task_id JOIN task_list l ON l.id = t.list_id JOIN unit u ON u.id = tu.unit_id
             JOIN progress_report r ON r.id = (
                 SELECT p.id FROM progress_report p
                 WHERE p.task_id = tu.task_id AND p.unit_id = tu.unit_id AND p.replaced = 0 AND p.month <= ?1
                 ORDER BY p.month DESC LIMIT 1)
             WHERE tu.role = 'lead' AND {condition}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![up_to.to_string(), arg])?;
        while let Some(r) = rows.next()? {
            let Ok(month) = Month::parse(&r.get::<_, String>(2)?) else { continue };
            out.entry(r.get(0)?).or_default().push(LeadStatus {
                unit: Some(r.get(1)?),
                month,
                meaning: meaning_of(&r.get::<_, String>(3)?, 3)?,
                at: r.get(4)?,
                by_hand: false,
            });
        }
        let sql = format!(
            "SELECT o.task_id, o.month, o.meaning, o.set_at FROM task t JOIN task_list l ON l.id = t.list_id
             JOIN status_override o ON o.task_id = t.id AND o.month = (
                 SELECT max(x.month) FROM status_override x WHERE x.task_id = t.id AND x.month <= ?1)
             WHERE {condition}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![up_to.to_string(), arg])?;
        while let Some(r) = rows.next()? {
            let Ok(month) = Month::parse(&r.get::<_, String>(1)?) else { continue };
            out.entry(r.get(0)?).or_default().push(LeadStatus {
                unit: None,
                month,
                meaning: meaning_of(&r.get::<_, String>(2)?, 2)?,
                at: r.get(3)?,
                by_hand: true,
            });
        }
        Ok(out)
    }

    /// The latest month up to `up_to` in which a lead unit (or the clerk, by hand) said the task
    /// was on track or done.
    pub fn last_good_month(&self, task_id: &str, up_to: Month) -> Result<Option<Month>> {
        let month: Option<String> = self.conn.query_row(
            "SELECT max(m) FROM (
                 SELECT max(p.month) AS m FROM progress_report p
                 JOIN task_unit tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id AND tu.role = 'lead'
                 WHERE p.task_id = ?1 AND p.replaced = 0 AND p.month <= ?2 AND p.meaning IN ('done', 'on_track')
                 UNION ALL
                 SELECT max(month) FROM status_override WHERE task_id = ?1 AND month <= ?2 AND meaning IN ('done', 'on_track'))",
            params![task_id, up_to.to_string()],
            |r| r.get(0),
        )?;
        Ok(month.and_then(|m| Month::parse(&m).ok()))
    }

    /// Statuses set by hand for a month: task id → status.
    pub fn overrides(&self, month: Month) -> Result<HashMap<String, StatusOverride>> {
        let mut out = HashMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT task_id, status, meaning FROM status_override WHERE month = ?")?;
        let mut rows = stmt.query([month.to_string()])?;
        while let Some(r) = rows.next()? {
            out.insert(r.get(0)?, StatusOverride { status: r.get(1)?, meaning: meaning_of(&r.get::<_, String>(2)?, 2)? });
        }
        Ok(out)
    }

    /// The status set by hand for a task and month, if any.
    pub fn override_of(&self, task_id: &str, month: Month) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT status FROM status_override WHERE task_id = ? AND month = ?")?;
        Ok(stmt.query_row(params![task_id, month.to_string()], |r| r.get(0)).optional()?)
    }
}

impl Reports<'_, Write> {
    /// Stores a report as the current one (retire the old one first: one current report per
    /// task, unit and month).
    pub fn insert(&self, r: &NewReport) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO progress_report (task_id, unit_id, month, status, meaning, progress, problems, next_steps, percent,
                                          entered_by, entered_at, source)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        let f = r.fields;
        stmt.execute(params![
            r.task_id,
            r.unit_id,
            r.month.to_string(),
            f.status,
            f.meaning.as_str(),
            f.progress,
            f.problems,
            f.next_steps,
            f.percent,
            r.entered_by,
            r.entered_at,
            r.source.as_stored()
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Marks a report as replaced by a later one (it stays as history).
    pub fn retire(&self, report_id: i64) -> Result<()> {
        self.conn.execute("UPDATE progress_report SET replaced = 1 WHERE id = ?", [report_id])?;
        Ok(())
    }

    pub fn set_override(&self, task_id: &str, month: Month, word: &str, meaning: Meaning, who: &str, at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO status_override (task_id, month, status, meaning, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(task_id, month) DO UPDATE SET status = ?3, meaning = ?4, set_by = ?5, set_at = ?6",
            params![task_id, month.to_string(), word, meaning.as_str(), who, at],
        )?;
        Ok(())
    }

    /// Moves the reports of unit `from` to `into`: where both reported on the same task and
    /// month, the report of `into` stays current and the other becomes history.
    pub fn move_unit(&self, from: i64, into: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE progress_report SET replaced = 1 WHERE unit_id = ?1 AND replaced = 0 AND EXISTS (
                 SELECT 1 FROM progress_report q WHERE q.unit_id = ?2 AND q.task_id = progress_report.task_id
                 AND q.month = progress_report.month AND q.replaced = 0)",
            params![from, into],
        )?;
        self.conn.execute("UPDATE progress_report SET unit_id = ? WHERE unit_id = ?", params![into, from])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    fn fields(status: &str, meaning: Meaning) -> ReportFields {
        ReportFields {
            status: status.into(),
            meaning,
            progress: "进展".into(),
            problems: String::new(),
            next_steps: String::new(),
            percent: Some(50),
        }
    }

    #[test]
    fn current_reports_history_and_carried_done() {
        let (_dir, mut ledger) = testing::ledger();
        let unit = ledger.units().get("区建设局").unwrap().id;
        let oct = Month::parse("2018-10").unwrap();
        let nov = Month::parse("2018-11").unwrap();
        let done = fields("已完成", Meaning::Done);
        ledger
            .write(|tx| {
                let r = NewReport {
                    task_id: "A-012",
                    unit_id: unit,
                    month: oct,
                    fields: &done,
                    entered_by: "张三",
                    entered_at: "2018-10-25 10:00:00",
                    source: &ReportSource::Cli,
                };
                tx.reports().insert(&r).map(|_| ())
            })
            .unwrap();
        assert_eq!(ledger.reports().of_month(oct, Some("annual-2018")).unwrap().len(), 1);
        assert!(ledger.reports().of_month(oct, Some("responsibility")).unwrap().is_empty());
        assert_eq!(ledger.reports().of_unit(oct, "annual-2018", unit).unwrap()[0].source, ReportSource::Cli);
        // The latest report of each lead unit, up to a month.
        let latest = ledger.reports().latest_lead_statuses(nov, Scope::List("annual-2018")).unwrap();
        let a12 = &latest["A-012"];
        assert_eq!((a12.len(), a12[0].unit.as_deref(), a12[0].month, a12[0].meaning), (1, Some("区建设局"), oct, Meaning::Done));
        let sept = Month::parse("2018-09").unwrap();
        assert!(ledger.reports().latest_lead_statuses(sept, Scope::Plan).unwrap().is_empty());
        assert_eq!(ledger.reports().last_good_month("A-012", nov).unwrap(), Some(oct));

        let (old, _) = ledger.reports().current("A-012", unit, oct).unwrap().unwrap();
        let behind = fields("滞后", Meaning::Behind);
        ledger
            .write(|tx| {
                tx.reports().retire(old)?;
                let r = NewReport {
                    task_id: "A-012",
                    unit_id: unit,
                    month: oct,
                    fields: &behind,
                    entered_by: "张三",
                    entered_at: "2018-10-26 10:00:00",
                    source: &ReportSource::Form("区建设局.xlsx".into()),
                };
                tx.reports().insert(&r).map(|_| ())
            })
            .unwrap();
        let history = ledger.reports().history("A-012").unwrap();
        assert_eq!(history.len(), 2);
        assert!(history[0].replaced && !history[1].replaced);
        assert_eq!(history[1].source, ReportSource::Form("区建设局.xlsx".into()));
        assert_eq!(ledger.reports().current("A-012", unit, oct).unwrap().unwrap().1, behind);
        let latest = ledger.reports().latest_lead_statuses(nov, Scope::Task("A-012")).unwrap();
        assert_eq!(latest["A-012"][0].meaning, Meaning::Behind, "the replaced report does not count");
        assert_eq!(ledger.reports().last_good_month("A-012", nov).unwrap(), None);
    }

    #[test]
    fn overrides_by_month() {
        let (_dir, mut ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        ledger.write(|tx| tx.reports().set_override("A-033", nov, "按序时推进", Meaning::OnTrack, "张三", "now")).unwrap();
        ledger.write(|tx| tx.reports().set_override("A-033", nov, "已完成", Meaning::Done, "张三", "now")).unwrap();
        let o = ledger.reports().overrides(nov).unwrap();
        assert_eq!(o.len(), 1);
        assert_eq!(o["A-033"].meaning, Meaning::Done);
        assert_eq!(ledger.reports().override_of("A-033", nov).unwrap().as_deref(), Some("已完成"));
        assert!(ledger.reports().overrides(nov.prev()).unwrap().is_empty());
    }
}
