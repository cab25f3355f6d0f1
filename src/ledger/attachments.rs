//! `attachment` and `blob`: evidence files (佐证材料) kept inside the ledger, each content
//! stored once (by its SHA-256) however often it is attached.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Write;
use crate::error::{Error, Result};

repository!(
    /// Evidence files.
    Attachments
);

/// An evidence file attached to a task.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub task_id: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub note: String,
    pub added_by: String,
    pub added_at: String,
}

/// A file to attach.
pub struct NewAttachment<'a> {
    pub task_id: &'a str,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub bytes: &'a [u8],
    pub note: &'a str,
    pub added_by: &'a str,
    pub added_at: &'a str,
}

const COLUMNS: &str = "a.id, a.task_id, a.file_name, b.size, a.sha256, a.note, a.added_by, a.added_at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        task_id: r.get(1)?,
        file_name: r.get(2)?,
        size: r.get(3)?,
        sha256: r.get(4)?,
        note: r.get(5)?,
        added_by: r.get(6)?,
        added_at: r.get(7)?,
    })
}

impl<M> Attachments<'_, M> {
    /// A task's files, oldest first.
    pub fn of_task(&self, task_id: &str) -> Result<Vec<Attachment>> {
        let sql =
            format!("SELECT {COLUMNS} FROM attachment a JOIN blob b ON b.sha256 = a.sha256 WHERE a.task_id = ? ORDER BY a.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([task_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn get(&self, id: i64) -> Result<Attachment> {
        let sql = format!("SELECT {COLUMNS} FROM attachment a JOIN blob b ON b.sha256 = a.sha256 WHERE a.id = ?");
        self.conn.query_row(&sql, [id], from_row).optional()?.ok_or(Error::UnknownAttachment { id })
    }

    /// The content of an attachment.
    pub fn bytes(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT b.bytes FROM attachment a JOIN blob b ON b.sha256 = a.sha256 WHERE a.id = ?", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::UnknownAttachment { id })
    }

    /// How many files each task has: task id → count.
    pub fn counts(&self) -> Result<std::collections::HashMap<String, usize>> {
        let mut stmt = self.conn.prepare_cached("SELECT task_id, count(*) FROM attachment GROUP BY task_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Attachments<'_, Write> {
    /// Attaches a file; its content is stored once. Returns the attachment's id.
    pub fn insert(&self, a: &NewAttachment) -> Result<i64> {
        self.conn.execute(
            "INSERT OR IGNORE INTO blob (sha256, size, bytes) VALUES (?, ?, ?)",
            params![a.sha256, a.bytes.len() as i64, a.bytes],
        )?;
        self.conn.execute(
            "INSERT INTO attachment (task_id, sha256, file_name, note, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)",
            params![a.task_id, a.sha256, a.file_name, a.note, a.added_by, a.added_at],
        )?;
        Ok(self.conn.last_insert_rowid())
    }
}
