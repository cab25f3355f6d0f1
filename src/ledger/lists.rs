//! `task_list`: the lists of a plan (附件1–3, imported lists).

use chrono::NaiveDate;
use rusqlite::params;

use super::Write;
use super::plans::{CURRENT_PLAN, stored_date};
use crate::error::{Error, Result};
use crate::model::{ListKind, TaskList};

repository!(
    /// The task lists.
    Lists
);

/// A task list to create.
#[derive(Debug, Clone)]
pub struct NewList {
    pub id: String,
    pub kind: ListKind,
    pub name: String,
    pub title: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
}

impl<M> Lists<'_, M> {
    /// Every list of the plan worked on, in its order, with its number of task rows.
    pub fn all(&self) -> Result<Vec<TaskList>> {
        self.select(&format!("WHERE l.plan_id = {CURRENT_PLAN}"))
    }

    fn select(&self, condition: &str) -> Result<Vec<TaskList>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT l.id, l.kind, l.name, l.title, l.attachment, l.period_start, l.period_end,
                    (SELECT count(*) FROM task t WHERE t.list_id = l.id), l.plan_id
             FROM task_list l {condition} ORDER BY l.position, l.id"
        ))?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(TaskList {
                id: r.get(0)?,
                kind: ListKind::parse(&kind).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, format!("list kind {kind}").into())
                })?,
                name: r.get(2)?,
                title: r.get(3)?,
                attachment: r.get(4)?,
                period_start: stored_date(&r.get::<_, String>(5)?)?,
                period_end: stored_date(&r.get::<_, String>(6)?)?,
                rows: r.get::<_, i64>(7)? as usize,
                short_name: String::new(),
                plan_id: r.get(8)?,
            })
        })?;
        let mut lists: Vec<TaskList> = rows.collect::<rusqlite::Result<_>>()?;
        for l in &mut lists {
            l.short_name = crate::model::list_short_name(&l.name);
        }
        Ok(lists)
    }

    /// One list, of any plan, or an error naming the lists of the plan worked on.
    pub fn get(&self, id: &str) -> Result<TaskList> {
        if let Some(l) = self.select("")?.into_iter().find(|l| l.id == id) {
            return Ok(l);
        }
        let lists = self.all()?;
        match lists.iter().find(|l| l.id == id) {
            Some(l) => Ok(l.clone()),
            None => Err(Error::UnknownList {
                id: id.to_string(),
                known: lists.iter().map(|l| format!("{}（{}）", l.id, l.name)).collect::<Vec<_>>().join("、"),
            }),
        }
    }

    pub fn exists(&self, id: &str) -> Result<bool> {
        Ok(self.conn.query_row("SELECT count(*) FROM task_list WHERE id = ?", [id], |r| r.get::<_, i64>(0))? > 0)
    }

    /// The position after the last list.
    pub fn next_position(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(position) + 1, 0) FROM task_list", [], |r| r.get(0))?)
    }
}

impl Lists<'_, Write> {
    pub fn insert(&self, plan_id: i64, list: &NewList, attachment: Option<&str>, position: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO task_list (id, plan_id, kind, name, title, attachment, position, period_start, period_end)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                list.id,
                plan_id,
                list.kind.as_str(),
                list.name,
                list.title,
                attachment,
                position,
                list.period_start.to_string(),
                list.period_end.to_string()
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::testing;
    use crate::model::ListKind;

    #[test]
    fn lists_in_their_order_with_row_counts() {
        let (_dir, ledger) = testing::ledger();
        let lists = ledger.lists().all().unwrap();
        let ids: Vec<(&str, usize)> = lists.iter().map(|l| (l.id.as_str(), l.rows)).collect();
        assert_eq!(ids, vec![("responsibility", 100), ("annual-2018", 45), ("key-projects", 21)]);
        assert_eq!(lists[1].kind, ListKind::Annual);
        assert_eq!(ledger.lists().next_position().unwrap(), 3);
        assert!(ledger.lists().exists("annual-2018").unwrap());
        let err = ledger.lists().get("annual-2099").unwrap_err();
        assert_eq!(err.code(), "unknown_list");
        assert!(err.to_string().contains("annual-2018（2018年主要工作任务清单）"), "{err}");
    }
}
