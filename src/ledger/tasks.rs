//! `task`, `task_unit` and `deadline`: the tasks of the lists, their lead and partner units,
//! and their deadlines (milestones).

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use super::Write;
use super::plans::stored_date;
use super::units::Units;
use crate::error::{Error, Result};
use crate::model::{Role, Task};
use crate::timing::{DeadlineSource, Milestone};

repository!(
    /// The tasks, their units and deadlines.
    Tasks
);

/// Which tasks to list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub list_id: Option<String>,
    /// Only tasks this unit leads or supports (a directory name; resolve aliases first).
    pub unit: Option<String>,
    /// A chapter as printed (一、大力推进绿色发展) or its number alone (一).
    pub chapter: Option<String>,
    pub category: Option<String>,
}

/// A task to create.
pub struct NewTask<'a> {
    pub id: &'a str,
    pub list_id: &'a str,
    pub seq: &'a str,
    pub position: i64,
    pub chapter: Option<&'a str>,
    pub category: Option<&'a str>,
    pub name: Option<&'a str>,
    pub text: &'a str,
    pub lead: &'a [String],
    pub partner: &'a [String],
    pub milestones: &'a [Milestone],
    pub review: Option<&'a str>,
    pub source_line: Option<i64>,
}

fn text_column<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)
}

impl<M> Tasks<'_, M> {
    /// Tasks in list order, filtered.
    pub fn list(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let mut tasks = self.select(filter.list_id.as_deref(), None, filter.chapter.as_deref(), filter.category.as_deref())?;
        self.fill_units_and_deadlines(&mut tasks, filter.list_id.as_deref(), None)?;
        if let Some(unit) = &filter.unit {
            tasks.retain(|t| t.involves(unit));
        }
        Ok(tasks)
    }

    /// One task.
    pub fn get(&self, id: &str) -> Result<Task> {
        let mut tasks = self.select(None, Some(id), None, None)?;
        self.fill_units_and_deadlines(&mut tasks, None, Some(id))?;
        tasks.pop().ok_or_else(|| Error::UnknownTask { id: id.to_string() })
    }

    fn select(&self, list: Option<&str>, task: Option<&str>, chapter: Option<&str>, category: Option<&str>) -> Result<Vec<Task>> {
        // Only the conditions that apply, so that SQLite uses the indexes.
        let mut sql = String::from(
            "SELECT t.id, t.list_id, t.seq, t.position, t.chapter, t.category, t.name, t.text, t.review, t.source_line
             FROM task t JOIN task_list l ON l.id = t.list_id WHERE 1",
        );
        let mut args: Vec<&str> = Vec::new();
        if let Some(id) = task {
            sql.push_str(" AND t.id = ?");
            args.push(id);
        }
        if let Some(list) = list {
            sql.push_str(" AND t.list_id = ?");
            args.push(list);
        } else if task.is_none() {
            // Every list: those of the plan worked on.
            sql.push_str(&format!(" AND l.plan_id = {}", super::plans::CURRENT_PLAN));
        }
        if let Some(chapter) = chapter {
            sql.push_str(" AND (t.chapter = ? OR t.chapter LIKE ? || '%')");
            args.push(chapter);
            args.push(chapter);
        }
        if let Some(category) = category {
            sql.push_str(" AND t.category = ?");
            args.push(category);
        }
        // Within one list the (list_id, position) index gives the order without a sort.
        sql.push_str(if list.is_some() { " ORDER BY t.position" } else { " ORDER BY l.position, t.position" });
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(Task {
                id: r.get(0)?,
                list_id: r.get(1)?,
                seq: r.get(2)?,
                position: r.get(3)?,
                chapter: r.get(4)?,
                category: r.get(5)?,
                name: r.get(6)?,
                text: r.get(7)?,
                review: r.get(8)?,
                source_line: r.get(9)?,
                lead: Vec::new(),
                partner: Vec::new(),
                deadline: None,
                deadline_source: None,
                milestones: Vec::new(),
                deadline_text: String::new(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Fills in units and deadlines of `tasks`, reading those of one task, of one list, or all.
    fn fill_units_and_deadlines(&self, tasks: &mut [Task], list: Option<&str>, task: Option<&str>) -> Result<()> {
        let index: HashMap<String, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let names: HashMap<i64, String> = {
            let mut stmt = self.conn.prepare_cached("SELECT id, name FROM unit")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let (scope, arg) = match (task, list) {
            (Some(id), _) => ("task_id = ?1", Some(id)),
            (None, Some(list)) => ("task_id IN (SELECT id FROM task WHERE list_id = ?1)", Some(list)),
            (None, None) => ("?1 IS NULL", None),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT task_id, role, unit_id FROM task_unit WHERE {scope} ORDER BY task_id, role, position"
        ))?;
        let mut rows = stmt.query([arg])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(text_column(r, 0)?) else {
                continue;
            };
            let unit_id: i64 = r.get(2)?;
            let Some(name) = names.get(&unit_id).cloned() else {
                continue;
            };
            match Role::parse(text_column(r, 1)?) {
                Some(Role::Lead) => tasks[i].lead.push(name),
                Some(Role::Partner) => tasks[i].partner.push(name),
                None => {}
            }
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT task_id, due_on, source, quote FROM deadline WHERE {scope} ORDER BY task_id, due_on"
        ))?;
        let mut rows = stmt.query([arg])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(text_column(r, 0)?) else {
                continue;
            };
            let m = Milestone {
                due_on: stored_date(text_column(r, 1)?)?,
                source: DeadlineSource::parse(text_column(r, 2)?).unwrap_or(DeadlineSource::Clerk),
                quote: r.get(3)?,
                extended_from: None,
            };
            let t = &mut tasks[i];
            t.deadline = Some(m.due_on);
            t.deadline_source = Some(m.source);
            t.milestones.push(m);
        }
        // Approved extensions move their deadline, in the order they were approved.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT task_id, old_due, new_due FROM extension WHERE state = 'approved' AND {scope} ORDER BY decided_at, id"
        ))?;
        let mut rows = stmt.query([arg])?;
        let mut moved = std::collections::HashSet::new();
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(text_column(r, 0)?) else {
                continue;
            };
            let (old, new) = (stored_date(text_column(r, 1)?)?, stored_date(text_column(r, 2)?)?);
            if let Some(m) = tasks[i].milestones.iter_mut().find(|m| m.due_on == old) {
                m.extended_from = m.extended_from.or(Some(old));
                m.due_on = new;
                moved.insert(i);
            }
        }
        for i in moved {
            let t = &mut tasks[i];
            t.milestones.sort_by_key(|m| m.due_on);
            t.deadline = t.milestones.last().map(|m| m.due_on);
        }
        for t in tasks.iter_mut() {
            t.deadline_text = t.deadline_label();
        }
        Ok(())
    }

    /// How many tasks each unit leads and supports: unit id → (leads, supports).
    pub fn counts_by_unit(&self) -> Result<HashMap<i64, (usize, usize)>> {
        let mut counts: HashMap<i64, (usize, usize)> = HashMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT unit_id, role, count(*) FROM task_unit GROUP BY unit_id, role")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let e = counts.entry(r.get(0)?).or_default();
            let n = r.get::<_, i64>(2)? as usize;
            match Role::parse(text_column(r, 1)?) {
                Some(Role::Lead) => e.0 = n,
                Some(Role::Partner) => e.1 = n,
                None => {}
            }
        }
        Ok(counts)
    }

    /// The tasks a unit is named on: (task id, role).
    pub fn of_unit(&self, unit_id: i64) -> Result<Vec<(String, Role)>> {
        let mut stmt = self.conn.prepare_cached("SELECT task_id, role FROM task_unit WHERE unit_id = ? ORDER BY task_id")?;
        let mut rows = stmt.query([unit_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            if let Some(role) = Role::parse(text_column(r, 1)?) {
                out.push((r.get(0)?, role));
            }
        }
        Ok(out)
    }

    pub fn names_unit(&self, task_id: &str, unit_id: i64) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM task_unit WHERE task_id = ? AND unit_id = ?",
            params![task_id, unit_id],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

impl Tasks<'_, Write> {
    /// Creates a task with its units and milestones.
    pub fn insert(&self, t: &NewTask) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO task (id, list_id, seq, position, chapter, category, name, text, source_line, review, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, datetime('now', 'localtime'))",
        )?;
        stmt.execute(params![
            t.id,
            t.list_id,
            t.seq,
            t.position,
            t.chapter,
            t.category,
            t.name,
            t.text,
            t.source_line,
            t.review
        ])?;
        self.link_units(t.id, t.lead, t.partner)?;
        let mut stmt =
            self.conn.prepare_cached("INSERT OR IGNORE INTO deadline (task_id, due_on, source, quote) VALUES (?, ?, ?, ?)")?;
        for m in t.milestones {
            stmt.execute(params![t.id, m.due_on.to_string(), m.source.as_str(), m.quote])?;
        }
        Ok(())
    }

    /// Links a task to its units in order, adding names the directory does not have yet.
    pub fn link_units(&self, task_id: &str, lead: &[String], partner: &[String]) -> Result<()> {
        let units = Units::<Write>::new(self.conn);
        let mut seen = HashSet::new();
        let mut stmt =
            self.conn.prepare_cached("INSERT INTO task_unit (task_id, role, position, unit_id) VALUES (?, ?, ?, ?)")?;
        for (role, names) in [(Role::Lead, lead), (Role::Partner, partner)] {
            for (pos, name) in names.iter().enumerate() {
                let unit_id = units.ensure(name)?;
                if !seen.insert(unit_id) {
                    return Err(Error::DuplicateUnit { task: task_id.to_string(), name: name.clone() });
                }
                stmt.execute(params![task_id, role.as_str(), pos as i64, unit_id])?;
            }
        }
        Ok(())
    }

    /// Replaces a task's units.
    pub fn relink_units(&self, task_id: &str, lead: &[String], partner: &[String]) -> Result<()> {
        self.conn.execute("DELETE FROM task_unit WHERE task_id = ?", [task_id])?;
        self.link_units(task_id, lead, partner)
    }

    /// Sets or clears the 待核对 reason, and marks the task changed.
    pub fn set_review(&self, task_id: &str, review: Option<&str>, now: &str) -> Result<()> {
        self.conn.execute("UPDATE task SET review = ?, updated_at = ? WHERE id = ?", params![review, now, task_id])?;
        Ok(())
    }

    /// Moves a task's link from one unit to another; drops it where the task names both.
    pub fn move_unit_link(&self, task_id: &str, from: i64, to: i64) -> Result<()> {
        if self.names_unit(task_id, to)? {
            self.conn.execute("DELETE FROM task_unit WHERE task_id = ? AND unit_id = ?", params![task_id, from])?;
        } else {
            self.conn
                .execute("UPDATE task_unit SET unit_id = ? WHERE task_id = ? AND unit_id = ?", params![to, task_id, from])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn list_filters_and_keeps_the_printed_order() {
        let (_dir, ledger) = testing::ledger();
        let all = ledger.tasks().list(&TaskFilter { list_id: Some("responsibility".into()), ..Default::default() }).unwrap();
        assert_eq!(all.len(), 100);
        assert_eq!(all[0].seq, "1");
        assert_eq!(all[0].lead, vec!["区经信局"]);
        assert_eq!(all[0].partner, vec!["区级相关部门", "各镇街"]);
        let two = ledger
            .tasks()
            .list(&TaskFilter { list_id: Some("responsibility".into()), chapter: Some("二".into()), ..Default::default() })
            .unwrap();
        assert!(!two.is_empty() && two.iter().all(|t| t.chapter.as_deref().unwrap_or("").starts_with("二、")));
        let unit = ledger
            .tasks()
            .list(&TaskFilter { list_id: Some("annual-2018".into()), unit: Some("区建设局".into()), ..Default::default() })
            .unwrap();
        assert!(unit.iter().all(|t| t.involves("区建设局")));
        let every = ledger.tasks().list(&TaskFilter::default()).unwrap();
        assert_eq!(every.len(), 166);
    }

    #[test]
    fn get_with_milestones_and_unknown_task() {
        let (_dir, ledger) = testing::ledger();
        let t = ledger.tasks().get("A-018").unwrap();
        assert_eq!(t.deadline.unwrap().to_string(), "2018-09-30");
        assert_eq!(t.deadline_source, Some(DeadlineSource::Text));
        assert_eq!(ledger.tasks().get("A-999").unwrap_err().code(), "unknown_task");
    }

    #[test]
    fn relinking_units_and_counts() {
        let (_dir, mut ledger) = testing::ledger();
        let before = ledger.tasks().counts_by_unit().unwrap();
        let unit = ledger.units().get("区商务局").unwrap();
        let leads_before = before[&unit.id].0;
        ledger
            .write(|tx| {
                tx.tasks().relink_units("R-025", &["区商务局".into(), "区发改局".into()], &["区市场监管局".into()])?;
                tx.tasks().set_review("R-025", None, "2018-11-26 09:00:00")
            })
            .unwrap();
        let t = ledger.tasks().get("R-025").unwrap();
        assert_eq!(t.lead, vec!["区商务局", "区发改局"]);
        assert_eq!(t.review, None);
        assert_eq!(ledger.tasks().counts_by_unit().unwrap()[&unit.id].0, leads_before);
        let err = ledger.write(|tx| tx.tasks().relink_units("R-025", &["区商务局".into()], &["区商务局".into()])).unwrap_err();
        assert_eq!(err.code(), "duplicate_unit");
        assert_eq!(ledger.tasks().get("R-025").unwrap().lead, vec!["区商务局", "区发改局"], "nothing changed");
    }
}
