//! `audit`: every change of a task, who made it and when.

use rusqlite::params;

use super::Write;
use crate::error::Result;
use crate::model::{AuditAction, AuditEntry};

repository!(
    /// The audit trail.
    Audit
);

/// One change to record.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub task_id: &'a str,
    pub who: &'a str,
    pub at: &'a str,
    pub action: AuditAction,
    pub field: Option<&'a str>,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

impl<M> Audit<'_, M> {
    /// Every recorded change of a task, oldest first.
    pub fn of_task(&self, task_id: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT at, who, action, field, old_value, new_value FROM audit WHERE task_id = ? ORDER BY id")?;
        let rows = stmt.query_map([task_id], |r| {
            let action: String = r.get(2)?;
            Ok(AuditEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                action: AuditAction::parse(&action).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        format!("audit action {action}").into(),
                    )
                })?,
                field: r.get(3)?,
                old_value: r.get(4)?,
                new_value: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Audit<'_, Write> {
    pub fn record(&self, c: &Change) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO audit (task_id, at, who, action, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )?;
        stmt.execute(params![c.task_id, c.at, c.who, c.action.as_str(), c.field, c.old, c.new])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn records_in_order() {
        let (_dir, mut ledger) = testing::ledger();
        let created = ledger.audit().of_task("R-025").unwrap();
        assert_eq!(created.len(), 1);
        assert_eq!(created[0].action, AuditAction::Create);
        ledger
            .write(|tx| {
                let c = Change {
                    task_id: "R-025",
                    who: "张三",
                    at: "2018-11-26 09:00:00",
                    action: AuditAction::Confirm,
                    field: Some("review"),
                    old: Some("待核对"),
                    new: None,
                };
                tx.audit().record(&c)
            })
            .unwrap();
        let all = ledger.audit().of_task("R-025").unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].who, "张三");
        assert_eq!(all[1].action, AuditAction::Confirm);
        assert!(ledger.audit().of_task("R-999").unwrap().is_empty());
    }
}
