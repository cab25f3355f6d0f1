//! `extension`: requests to move a task's deadline (延期) and the clerk's decisions.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Write;
use super::plans::stored_date;
use crate::error::{Error, Result};

repository!(
    /// Extension requests.
    Extensions
);

/// Where a request stands.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionState {
    Pending,
    Approved,
    Rejected,
}

impl ExtensionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionState::Pending => "pending",
            ExtensionState::Approved => "approved",
            ExtensionState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ExtensionState> {
        [ExtensionState::Pending, ExtensionState::Approved, ExtensionState::Rejected].into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExtensionState::Pending => "待审批",
            ExtensionState::Approved => "已批准",
            ExtensionState::Rejected => "未批准",
        }
    }
}

/// A request to move one of a task's deadlines.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Extension {
    pub id: i64,
    pub task_id: String,
    /// The unit that asked, where one did.
    pub unit: Option<String>,
    pub old_due: NaiveDate,
    pub new_due: NaiveDate,
    pub reason: String,
    pub progress: String,
    pub requested_on: NaiveDate,
    /// Asked after the deadline it moves (逾期申请).
    pub late: bool,
    /// `cli`, `app`, or the form's file name.
    pub origin: String,
    pub entered_by: String,
    pub entered_at: String,
    pub state: ExtensionState,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub note: Option<String>,
}

/// A request to store.
pub struct NewExtension<'a> {
    pub task_id: &'a str,
    pub unit_id: Option<i64>,
    pub old_due: NaiveDate,
    pub new_due: NaiveDate,
    pub reason: &'a str,
    pub progress: &'a str,
    pub requested_on: NaiveDate,
    pub late: bool,
    pub origin: &'a str,
    pub entered_by: &'a str,
    pub entered_at: &'a str,
}

const COLUMNS: &str = "e.id, e.task_id, u.name, e.old_due, e.new_due, e.reason, e.progress, e.requested_on, e.late, e.origin,
     e.entered_by, e.entered_at, e.state, e.decided_by, e.decided_at, e.note";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Extension> {
    let state: String = r.get(12)?;
    Ok(Extension {
        id: r.get(0)?,
        task_id: r.get(1)?,
        unit: r.get(2)?,
        old_due: stored_date(&r.get::<_, String>(3)?)?,
        new_due: stored_date(&r.get::<_, String>(4)?)?,
        reason: r.get(5)?,
        progress: r.get(6)?,
        requested_on: stored_date(&r.get::<_, String>(7)?)?,
        late: r.get(8)?,
        origin: r.get(9)?,
        entered_by: r.get(10)?,
        entered_at: r.get(11)?,
        state: ExtensionState::parse(&state).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, format!("state {state}").into())
        })?,
        decided_by: r.get(13)?,
        decided_at: r.get(14)?,
        note: r.get(15)?,
    })
}

impl<M> Extensions<'_, M> {
    pub fn get(&self, id: i64) -> Result<Extension> {
        let sql = format!("SELECT {COLUMNS} FROM extension e LEFT JOIN unit u ON u.id = e.unit_id WHERE e.id = ?");
        self.conn.query_row(&sql, [id], from_row).optional()?.ok_or(Error::UnknownExtension { id })
    }

    /// Requests of one task, or all (pending first, then newest first).
    pub fn list(&self, task_id: Option<&str>, only_pending: bool) -> Result<Vec<Extension>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM extension e LEFT JOIN unit u ON u.id = e.unit_id
             WHERE (?1 IS NULL OR e.task_id = ?1) AND (?2 = 0 OR e.state = 'pending')
             ORDER BY e.state <> 'pending', e.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![task_id, only_pending], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pending request on one deadline of a task, if any.
    pub fn pending_on(&self, task_id: &str, old_due: NaiveDate) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM extension WHERE task_id = ? AND old_due = ? AND state = 'pending'",
                params![task_id, old_due.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl Extensions<'_, Write> {
    pub fn insert(&self, e: &NewExtension) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO extension (task_id, unit_id, old_due, new_due, reason, progress, requested_on, late, origin, entered_by, entered_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                e.task_id,
                e.unit_id,
                e.old_due.to_string(),
                e.new_due.to_string(),
                e.reason,
                e.progress,
                e.requested_on.to_string(),
                e.late,
                e.origin,
                e.entered_by,
                e.entered_at
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Approves or rejects a pending request.
    pub fn decide(&self, id: i64, state: ExtensionState, by: &str, at: &str, note: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE extension SET state = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND state = 'pending'",
            params![state.as_str(), by, at, note, id],
        )?;
        if n == 0 {
            let e = self.get(id)?;
            return Err(Error::ExtensionDecided { id, state: e.state.label() });
        }
        Ok(())
    }

    /// Moves a unit's requests to another (a merge).
    pub fn move_unit(&self, from: i64, into: i64) -> Result<()> {
        self.conn.execute("UPDATE extension SET unit_id = ? WHERE unit_id = ?", params![into, from])?;
        Ok(())
    }
}
