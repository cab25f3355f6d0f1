//! `closure`: 销号 (a task closed after the clerk reviewed its evidence) and 退回 (a claim of
//! completion sent back, or a closed task reopened), newest last.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::Write;
use super::plans::stored_date;
use crate::error::Result;

repository!(
    /// Closing events.
    Closures
);

/// What the clerk did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureAction {
    /// 销号
    Close,
    /// 退回
    Return,
}

impl ClosureAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ClosureAction::Close => "close",
            ClosureAction::Return => "return",
        }
    }
}

/// A 销号 or 退回.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Closure {
    pub id: i64,
    pub task_id: String,
    pub action: ClosureAction,
    pub on_date: NaiveDate,
    /// The review note, or why it was sent back.
    pub note: String,
    pub without_evidence: bool,
    pub by: String,
    pub at: String,
}

/// An event to store.
pub struct NewClosure<'a> {
    pub task_id: &'a str,
    pub action: ClosureAction,
    pub on_date: NaiveDate,
    pub note: &'a str,
    pub without_evidence: bool,
    pub by: &'a str,
    pub at: &'a str,
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Closure> {
    let action: String = r.get(2)?;
    Ok(Closure {
        id: r.get(0)?,
        task_id: r.get(1)?,
        action: if action == "close" { ClosureAction::Close } else { ClosureAction::Return },
        on_date: stored_date(&r.get::<_, String>(3)?)?,
        note: r.get(4)?,
        without_evidence: r.get(5)?,
        by: r.get(6)?,
        at: r.get(7)?,
    })
}

const COLUMNS: &str = "id, task_id, action, on_date, note, without_evidence, by, at";

impl<M> Closures<'_, M> {
    /// Every task's latest event on or before `as_of`: task id → event.
    pub fn latest(&self, as_of: NaiveDate) -> Result<HashMap<String, Closure>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM closure c WHERE on_date <= ?1 AND id = (
                 SELECT max(id) FROM closure d WHERE d.task_id = c.task_id AND d.on_date <= ?1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([as_of.to_string()], from_row)?;
        rows.map(|r| r.map(|c| (c.task_id.clone(), c)).map_err(Into::into)).collect()
    }

    /// A task's events, oldest first.
    pub fn of_task(&self, task_id: &str) -> Result<Vec<Closure>> {
        let sql = format!("SELECT {COLUMNS} FROM closure WHERE task_id = ? ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([task_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Closures<'_, Write> {
    pub fn insert(&self, c: &NewClosure) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO closure (task_id, action, on_date, note, without_evidence, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            params![c.task_id, c.action.as_str(), c.on_date.to_string(), c.note, c.without_evidence, c.by, c.at],
        )?;
        Ok(self.conn.last_insert_rowid())
    }
}
