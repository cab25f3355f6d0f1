//! The ledger: the plan's task lists, tasks, unit directory and settings in one SQLite file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::{Error, Result};
use crate::model::{AuditEntry, ListKind, Plan, Role, Target, Task, TaskList, Unit, UnitKind, UnitSummary};
use crate::seed::{SeedPlan, builtin_plan};
use crate::storage::{self, OpenMode};
use crate::timing::{DeadlineSource, Milestone, milestones_in_text};

/// The per-user ledger the desktop app and the CLI use by default:
/// `%APPDATA%\taizhang\ledger.db` on Windows, `~/.local/share/taizhang/ledger.db` on Linux.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("taizhang").join("ledger.db")
}

/// An open ledger.
pub struct Ledger {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// What `init` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InitOutcome {
    pub path: PathBuf,
    /// False when a ledger was already there and nothing was changed.
    pub created: bool,
    /// The backup written before `--force` recreated an existing ledger.
    pub backup: Option<PathBuf>,
}

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

/// One row of a task list to create.
#[derive(Debug, Clone, Default)]
pub struct NewListRow {
    pub seq: String,
    pub chapter: Option<String>,
    pub category: Option<String>,
    pub name: Option<String>,
    pub text: String,
    pub lead: Vec<String>,
    pub partner: Vec<String>,
    /// The deadline cell as written (2019年6月底前, 年底前, 2019年), if any.
    pub deadline: Option<String>,
    pub review: Option<String>,
    /// Row of the source sheet, for messages.
    pub source_line: Option<i64>,
}

/// Which tasks to list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub list_id: Option<String>,
    /// Only tasks this unit leads or supports (a name or an alias).
    pub unit: Option<String>,
    pub chapter: Option<String>,
    pub category: Option<String>,
}

pub(crate) fn now_text() -> String {
    Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn parse_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

impl Ledger {
    /// Opens an existing ledger.
    pub fn open(path: &Path) -> Result<Ledger> {
        let conn = storage::open(path, OpenMode::Existing)?;
        let ledger = Ledger { conn, path: path.to_path_buf() };
        let plans: i64 = ledger.conn.query_row("SELECT count(*) FROM plan", [], |r| r.get(0))?;
        if plans == 0 {
            return Err(Error::invalid(format!(
                "账本 {} 是空的（没有方案数据）。请运行 `taizhang init --force` 重新创建。",
                path.display()
            )));
        }
        Ok(ledger)
    }

    /// Creates the ledger with the built-in plan. An existing ledger is left as it is unless
    /// `force`, which first writes a backup beside it, then recreates it.
    pub fn init(path: &Path, force: bool) -> Result<InitOutcome> {
        if path.exists() {
            if !force {
                // Say what is there without changing it: a ledger, or something else.
                let existing = Ledger::open(path)?;
                drop(existing);
                return Ok(InitOutcome { path: path.to_path_buf(), created: false, backup: None });
            }
            let backup = match Ledger::open(path) {
                Ok(old) => Some(old.backup_auto("init")?),
                Err(Error::NewerSchema { .. }) => return Err(Ledger::open(path).err().expect("newer schema")),
                Err(_) => {
                    // Not a readable ledger: keep the file itself as the backup.
                    let dest = backup_path_for(path, "init");
                    copy_file(path, &dest)?;
                    Some(dest)
                }
            };
            // Build the new ledger beside the old one, then swap it in.
            let tmp = path.with_extension("db.new");
            remove_db_files(&tmp)?;
            {
                let mut fresh = Ledger { conn: storage::open(&tmp, OpenMode::Create)?, path: tmp.clone() };
                fresh.load_plan(&builtin_plan())?;
                fresh.conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
            }
            remove_db_files(path)?;
            std::fs::rename(&tmp, path).map_err(|e| Error::file("替换账本", path, &e))?;
            remove_db_files(&tmp)?;
            return Ok(InitOutcome { path: path.to_path_buf(), created: true, backup });
        }
        let mut ledger = Ledger { conn: storage::open(path, OpenMode::Create)?, path: path.to_path_buf() };
        ledger.load_plan(&builtin_plan())?;
        Ok(InitOutcome { path: path.to_path_buf(), created: true, backup: None })
    }

    /// Opens the ledger, creating it with the built-in plan when it does not exist (the desktop
    /// app's first start).
    pub fn open_or_init(path: &Path) -> Result<Ledger> {
        if !path.exists() {
            Ledger::init(path, false)?;
        }
        Ledger::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Loads a plan into an empty ledger, in one transaction.
    fn load_plan(&mut self, plan: &SeedPlan) -> Result<()> {
        let who = self.clerk();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO plan (id, title, short_title, issuer, issuer_full, issued_on, horizon) VALUES (1, ?, ?, ?, ?, ?, ?)",
            params![plan.title, plan.short_title, plan.issuer, plan.issuer_full, plan.date, plan.horizon],
        )?;
        for (i, t) in plan.targets.iter().enumerate() {
            tx.execute(
                "INSERT INTO target (plan_id, position, indicator, comparison, value, unit, year, quote) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
                params![i as i64, t.indicator, t.comparison, t.value, t.unit, t.year, t.quote],
            )?;
        }
        let horizon = parse_date(&plan.horizon);
        let issued = parse_date(&plan.date);
        let annual_start = NaiveDate::from_ymd_opt(plan.annual_year, 1, 1).expect("valid year");
        let annual_end = NaiveDate::from_ymd_opt(plan.annual_year, 12, 31).expect("valid year");
        let now = now_text();
        for list in &plan.lists {
            // Shown in this order: the responsibility table, the year's list, the key projects.
            let (kind, prefix, start, end, position) = match list.id.as_str() {
                "responsibility" => (ListKind::Responsibility, "R", issued, horizon, 0),
                "key-projects" => (ListKind::Projects, "P", issued, horizon, 2),
                _ => (ListKind::Annual, "A", annual_start, annual_end, 1),
            };
            let rows: Vec<NewListRow> = list
                .rows
                .iter()
                .map(|row| NewListRow {
                    seq: row.seq.clone(),
                    chapter: row.chapter.clone(),
                    category: row.group().map(str::to_string),
                    name: row.name.clone(),
                    text: row.task_text().to_string(),
                    lead: row.lead.clone(),
                    partner: row.partner.clone(),
                    // 附件1's 完成时间 column.
                    deadline: row.year.map(|y| y.to_string()),
                    review: row.review.clone(),
                    source_line: Some(row.line as i64),
                })
                .collect();
            let new_list = NewList {
                id: list.id.clone(),
                kind,
                name: list.name.clone(),
                title: list.title.clone(),
                period_start: start,
                period_end: end,
            };
            insert_list(&tx, &new_list, Some(&list.attachment), position, prefix, &rows, &who, &now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds a task list (an imported 2019年主要工作任务清单, say) with its rows, in one
    /// transaction. Units not yet in the directory are added to it.
    pub fn create_list(&mut self, list: &NewList, rows: &[NewListRow]) -> Result<TaskList> {
        let id = list.id.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(Error::invalid(format!(
                "清单编号“{id}”不合适：请只用小写英文字母、数字和连字符，例如 annual-2019。"
            )));
        }
        if self.lists()?.iter().any(|l| l.id == id) {
            return Err(Error::invalid(format!("清单编号“{id}”已被使用。请换一个编号。")));
        }
        if rows.is_empty() {
            return Err(Error::invalid("清单中没有任务行。"));
        }
        let who = self.clerk();
        let now = now_text();
        let tx = self.conn.transaction()?;
        let position: i64 = tx.query_row("SELECT coalesce(max(position) + 1, 0) FROM task_list", [], |r| r.get(0))?;
        let list = NewList { id: id.to_string(), ..list.clone() };
        insert_list(&tx, &list, None, position, id, rows, &who, &now)?;
        tx.commit()?;
        self.list(id)
    }

    pub fn plan(&self) -> Result<Plan> {
        Ok(self.conn.query_row(
            "SELECT title, short_title, issuer, issuer_full, issued_on, horizon FROM plan WHERE id = 1",
            [],
            |r| {
                Ok(Plan {
                    title: r.get(0)?,
                    short_title: r.get(1)?,
                    issuer: r.get(2)?,
                    issuer_full: r.get(3)?,
                    issued_on: parse_date(&r.get::<_, String>(4)?),
                    horizon: parse_date(&r.get::<_, String>(5)?),
                })
            },
        )?)
    }

    pub fn targets(&self) -> Result<Vec<Target>> {
        let mut stmt = self.conn.prepare(
            "SELECT indicator, comparison, value, unit, year, quote FROM target ORDER BY position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Target {
                indicator: r.get(0)?,
                comparison: r.get(1)?,
                value: r.get(2)?,
                unit: r.get(3)?,
                year: r.get(4)?,
                quote: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn lists(&self) -> Result<Vec<TaskList>> {
        let mut stmt = self.conn.prepare(
            "SELECT l.id, l.kind, l.name, l.title, l.attachment, l.period_start, l.period_end,
                    (SELECT count(*) FROM task t WHERE t.list_id = l.id)
             FROM task_list l ORDER BY l.position, l.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TaskList {
                id: r.get(0)?,
                kind: ListKind::parse(&r.get::<_, String>(1)?).unwrap_or(ListKind::Annual),
                name: r.get(2)?,
                title: r.get(3)?,
                attachment: r.get(4)?,
                period_start: parse_date(&r.get::<_, String>(5)?),
                period_end: parse_date(&r.get::<_, String>(6)?),
                rows: r.get::<_, i64>(7)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One list, or an error naming the lists there are.
    pub fn list(&self, id: &str) -> Result<TaskList> {
        let lists = self.lists()?;
        match lists.iter().find(|l| l.id == id) {
            Some(l) => Ok(l.clone()),
            None => Err(Error::UnknownList {
                id: id.to_string(),
                known: lists.iter().map(|l| format!("{}（{}）", l.id, l.name)).collect::<Vec<_>>().join("、"),
            }),
        }
    }

    /// Tasks in list order, filtered.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        if let Some(id) = &filter.list_id {
            self.list(id)?;
        }
        let unit = match &filter.unit {
            Some(name) => Some(self.unit(name)?.name),
            None => None,
        };
        let mut tasks = self.select_tasks(filter.list_id.as_deref(), None, filter.chapter.as_deref(), filter.category.as_deref())?;
        self.fill_units_and_deadlines(&mut tasks, filter.list_id.as_deref(), None)?;
        if let Some(unit) = unit {
            tasks.retain(|t| t.involves(&unit));
        }
        Ok(tasks)
    }

    fn select_tasks(&self, list: Option<&str>, task: Option<&str>, chapter: Option<&str>, category: Option<&str>) -> Result<Vec<Task>> {
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
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn task(&self, id: &str) -> Result<Task> {
        let mut tasks = self.select_tasks(None, Some(id), None, None)?;
        self.fill_units_and_deadlines(&mut tasks, None, Some(id))?;
        tasks.pop().ok_or_else(|| Error::UnknownTask { id: id.to_string() })
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
            let Some(&i) = index.get(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?) else { continue };
            let name = names.get(&r.get::<_, i64>(2)?).cloned().unwrap_or_default();
            if r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)? == "lead" { tasks[i].lead.push(name) } else { tasks[i].partner.push(name) }
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT task_id, due_on, source, quote FROM deadline WHERE {scope} ORDER BY task_id, due_on"
        ))?;
        let mut rows = stmt.query([arg])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?) else { continue };
            let m = Milestone {
                due_on: parse_date(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?),
                source: DeadlineSource::parse(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?).unwrap_or(DeadlineSource::Clerk),
                quote: r.get(3)?,
            };
            let t = &mut tasks[i];
            t.deadline = Some(m.due_on);
            t.deadline_source = Some(m.source);
            t.milestones.push(m);
        }
        Ok(())
    }

    /// The unit directory in its order.
    pub fn unit_directory(&self) -> Result<Vec<Unit>> {
        let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT unit_id, alias FROM unit_alias ORDER BY alias")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            aliases.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = self.conn.prepare("SELECT id, name, kind, position FROM unit ORDER BY position, id")?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok(Unit {
                id,
                name: r.get(1)?,
                kind: UnitKind::parse(&r.get::<_, String>(2)?).unwrap_or(UnitKind::Department),
                aliases: Vec::new(),
                position: r.get(3)?,
            })
        })?;
        let mut units: Vec<Unit> = rows.collect::<rusqlite::Result<_>>()?;
        for u in &mut units {
            u.aliases = aliases.remove(&u.id).unwrap_or_default();
        }
        Ok(units)
    }

    /// The unit directory with how many tasks each unit leads and supports.
    pub fn units(&self) -> Result<Vec<UnitSummary>> {
        let mut counts: HashMap<i64, (usize, usize)> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT unit_id, role, count(*) FROM task_unit GROUP BY unit_id, role")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let e = counts.entry(r.get(0)?).or_default();
            let n = r.get::<_, i64>(2)? as usize;
            if r.get::<_, String>(1)? == "lead" { e.0 = n } else { e.1 = n }
        }
        Ok(self
            .unit_directory()?
            .into_iter()
            .map(|unit| {
                let (leads, supports) = counts.get(&unit.id).copied().unwrap_or_default();
                UnitSummary { unit, leads, supports }
            })
            .collect())
    }

    /// A unit by its name or one of its aliases; the error suggests names that look alike.
    pub fn unit(&self, name: &str) -> Result<Unit> {
        let name = name.trim();
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM unit WHERE name = ?1 UNION SELECT unit_id FROM unit_alias WHERE alias = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            let (name, kind, position): (String, String, i64) =
                self.conn.query_row("SELECT name, kind, position FROM unit WHERE id = ?", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let mut stmt = self.conn.prepare_cached("SELECT alias FROM unit_alias WHERE unit_id = ? ORDER BY alias")?;
            let aliases = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            return Ok(Unit { id, name, kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Department), aliases, position });
        }
        let units = self.unit_directory()?;
        let core: String = name.trim_start_matches('区').trim_end_matches(['局', '办']).to_string();
        let similar: Vec<&str> = units
            .iter()
            .filter(|u| !core.is_empty() && (u.name.contains(&core) || core.contains(u.name.trim_start_matches('区'))))
            .map(|u| u.name.as_str())
            .take(5)
            .collect();
        let hint = if similar.is_empty() {
            "请用 `taizhang units` 查看单位目录中的名称。".to_string()
        } else {
            format!("是否指：{}？", similar.join("、"))
        };
        Err(Error::UnknownUnit { name: name.to_string(), hint })
    }

    /// Adds an alias to a unit (区美丽办 → 美丽越城办, say): the clerk decides they are one office.
    pub fn add_unit_alias(&mut self, unit: &str, alias: &str) -> Result<()> {
        let u = self.unit(unit)?;
        let alias = alias.trim();
        if alias.is_empty() {
            return Err(Error::invalid("别名不能为空。"));
        }
        if self.unit(alias).is_ok() {
            return Err(Error::invalid(format!(
                "“{alias}”已是单位目录中的名称或别名。若两者是同一单位，请在“单位”页合并它们。"
            )));
        }
        self.conn.execute("INSERT INTO unit_alias (alias, unit_id) VALUES (?, ?)", params![alias, u.id])?;
        Ok(())
    }

    /// Renames a unit; the old name stays as an alias, so files that still use it match.
    pub fn rename_unit(&mut self, name: &str, new_name: &str) -> Result<Unit> {
        let unit = self.unit(name)?;
        let new_name = new_name.trim();
        if new_name.is_empty() {
            return Err(Error::invalid("单位名称不能为空。"));
        }
        if new_name == unit.name {
            return Ok(unit);
        }
        if let Ok(other) = self.unit(new_name) {
            if other.id != unit.id {
                return Err(Error::invalid(format!("“{new_name}”已是单位目录中的单位。若两者是同一单位，请使用“合并”。")));
            }
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM unit_alias WHERE alias = ?", [new_name])?;
        tx.execute("UPDATE unit SET name = ? WHERE id = ?", params![new_name, unit.id])?;
        tx.execute("INSERT OR IGNORE INTO unit_alias (alias, unit_id) VALUES (?, ?)", params![unit.name, unit.id])?;
        tx.commit()?;
        self.unit(new_name)
    }

    /// Merges unit `from` into `into` (区美丽办 into 美丽越城办, say): its tasks, reports and forms
    /// move over, its name becomes an alias. Recorded in the history of every task it touches.
    pub fn merge_units(&mut self, from: &str, into: &str) -> Result<Unit> {
        let a = self.unit(from)?;
        let b = self.unit(into)?;
        if a.id == b.id {
            return Err(Error::invalid("不能把一个单位合并到它自己。"));
        }
        let who = self.clerk();
        let now = now_text();
        let tx = self.conn.transaction()?;
        let tasks: Vec<(String, String, i64)> = {
            let mut stmt = tx.prepare("SELECT task_id, role, position FROM task_unit WHERE unit_id = ?")?;
            let rows = stmt.query_map([a.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (task_id, _, _) in &tasks {
            let has_b: bool = tx.query_row(
                "SELECT count(*) FROM task_unit WHERE task_id = ? AND unit_id = ?",
                params![task_id, b.id],
                |r| r.get::<_, i64>(0),
            )? > 0;
            if has_b {
                tx.execute("DELETE FROM task_unit WHERE task_id = ? AND unit_id = ?", params![task_id, a.id])?;
            } else {
                tx.execute("UPDATE task_unit SET unit_id = ? WHERE task_id = ? AND unit_id = ?", params![b.id, task_id, a.id])?;
            }
            audit(&tx, task_id, &who, &now, "merge", Some("unit"), Some(&a.name), Some(&b.name))?;
        }
        // Reports: where both reported on the same task and month, the one of `into` stays current.
        tx.execute(
            "UPDATE progress_report SET replaced = 1 WHERE unit_id = ?1 AND replaced = 0 AND EXISTS (
                 SELECT 1 FROM progress_report q WHERE q.unit_id = ?2 AND q.task_id = progress_report.task_id
                 AND q.month = progress_report.month AND q.replaced = 0)",
            params![a.id, b.id],
        )?;
        for table in ["progress_report", "form_issue", "form_return"] {
            tx.execute(&format!("UPDATE {table} SET unit_id = ? WHERE unit_id = ?"), params![b.id, a.id])?;
        }
        tx.execute("UPDATE unit_alias SET unit_id = ? WHERE unit_id = ?", params![b.id, a.id])?;
        tx.execute("DELETE FROM unit WHERE id = ?", [a.id])?;
        tx.execute("INSERT OR IGNORE INTO unit_alias (alias, unit_id) VALUES (?, ?)", params![a.name, b.id])?;
        tx.commit()?;
        self.unit(&b.name)
    }

    /// Puts the units in this order (names not given keep their relative order after them).
    pub fn reorder_units(&mut self, names: &[String]) -> Result<()> {
        let mut ids = Vec::new();
        for n in names {
            ids.push(self.unit(n)?.id);
        }
        let rest: Vec<i64> = self.unit_directory()?.into_iter().map(|u| u.id).filter(|id| !ids.contains(id)).collect();
        let tx = self.conn.transaction()?;
        for (pos, id) in ids.iter().chain(&rest).enumerate() {
            tx.execute("UPDATE unit SET position = ? WHERE id = ?", params![pos as i64, id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces the ledger's content with a backup file's, after a backup of the current one.
    /// The file is checked first (a ledger of ours, not newer) and is not changed.
    pub fn restore_from(&mut self, file: &Path) -> Result<PathBuf> {
        let dir = tempfile::tempdir().map_err(|e| Error::file("恢复", file, &e))?;
        let copy = dir.path().join("restore.db");
        std::fs::copy(file, &copy).map_err(|e| Error::file("读取备份", file, &e))?;
        let source = Ledger::open(&copy).map_err(|e| match e {
            Error::NotALedger { .. } | Error::LedgerMissing { .. } => Error::NotALedger { path: file.to_path_buf() },
            Error::NewerSchema { found, supported, .. } => Error::NewerSchema { path: file.to_path_buf(), found, supported },
            other => other,
        })?;
        let saved = self.backup_auto("restore")?;
        {
            let backup = rusqlite::backup::Backup::new(&source.conn, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        Ok(saved)
    }

    /// The clerk's name recorded as "who" in the audit trail (setting `clerk_name`), or the
    /// login name.
    pub fn clerk(&self) -> String {
        self.setting("clerk_name")
            .ok()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| std::env::var("USERNAME").ok())
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "未署名".to_string())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM setting WHERE key = ?", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }

    /// Every recorded change of a task, oldest first.
    pub fn history(&self, task_id: &str) -> Result<Vec<AuditEntry>> {
        self.task(task_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT at, who, action, field, old_value, new_value FROM audit WHERE task_id = ? ORDER BY id",
        )?;
        let rows = stmt.query_map([task_id], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                action: r.get(2)?,
                field: r.get(3)?,
                old_value: r.get(4)?,
                new_value: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Confirms the reading of a task flagged 待核对, correcting its units where given. Every
    /// change goes to the audit trail, in one transaction.
    pub fn confirm_task(&mut self, task_id: &str, lead: Option<&[String]>, partner: Option<&[String]>) -> Result<Task> {
        let task = self.task(task_id)?;
        let who = self.clerk();
        let now = now_text();
        let tx = self.conn.transaction()?;
        if lead.is_some() || partner.is_some() {
            let lead = lead.map(<[String]>::to_vec).unwrap_or_else(|| task.lead.clone());
            let partner = partner.map(<[String]>::to_vec).unwrap_or_else(|| task.partner.clone());
            if lead.is_empty() {
                return Err(Error::invalid(format!("任务 {task_id} 至少要有一个牵头单位。")));
            }
            tx.execute("DELETE FROM task_unit WHERE task_id = ?", [task_id])?;
            link_units(&tx, task_id, &lead, &partner)?;
            for (field, old, new) in [("lead", &task.lead, &lead), ("partner", &task.partner, &partner)] {
                if old != new {
                    audit(&tx, task_id, &who, &now, "edit", Some(field), Some(&old.join("、")), Some(&new.join("、")))?;
                }
            }
        }
        tx.execute("UPDATE task SET review = NULL, updated_at = ? WHERE id = ?", params![now, task_id])?;
        audit(&tx, task_id, &who, &now, "confirm", Some("review"), task.review.as_deref(), None)?;
        tx.commit()?;
        self.task(task_id)
    }

    /// Writes a consistent copy of the ledger to `out` with SQLite's online backup API. The copy
    /// is written to a temporary file beside `out` and renamed, so `out` is never half written.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(Error::File {
                action: "写入备份",
                path: out.to_path_buf(),
                reason: "目标文件夹不存在。请先创建该文件夹，或换一个位置。".into(),
            });
        }
        let tmp = tempfile::Builder::new()
            .prefix(".taizhang-backup-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::file("写入备份", out, &e))?;
        {
            let mut dst = Connection::open(tmp.path())?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        tmp.persist(out).map_err(|e| Error::file("写入备份", out, &e.error))?;
        Ok(())
    }

    /// A backup into the `backups` folder beside the ledger, named for the time and the reason;
    /// taken before imports and before `init --force`.
    pub fn backup_auto(&self, reason: &str) -> Result<PathBuf> {
        let dest = backup_path_for(&self.path, reason);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::file("创建备份文件夹", dir, &e))?;
        }
        self.backup_to(&dest)?;
        Ok(dest)
    }
}

fn backup_path_for(db: &Path, reason: &str) -> PathBuf {
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups");
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("ledger");
    let stamp = Local::now().format("%Y%m%d-%H%M%S%.3f");
    dir.join(format!("{stem}-{stamp}-{reason}.db"))
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::file("创建备份文件夹", dir, &e))?;
    }
    std::fs::copy(from, to).map_err(|e| Error::file("备份", to, &e))?;
    Ok(())
}

fn remove_db_files(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| Error::file("删除旧账本", &p, &e))?;
        }
    }
    Ok(())
}

/// Inserts a list and its rows: ids `{prefix}-{序号:03}` (a second row of the same 序号 gets
/// `-2`), deadlines from the deadline cell and the text, else the end of the list's period.
#[allow(clippy::too_many_arguments)]
fn insert_list(
    tx: &Transaction,
    list: &NewList,
    attachment: Option<&str>,
    position: i64,
    prefix: &str,
    rows: &[NewListRow],
    who: &str,
    now: &str,
) -> Result<()> {
    let id = list.id.as_str();
    tx.execute(
        "INSERT INTO task_list (id, plan_id, kind, name, title, attachment, position, period_start, period_end)
         VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
        params![id, list.kind.as_str(), list.name, list.title, attachment, position, list.period_start.to_string(), list.period_end.to_string()],
    )?;
    let context_year = Some(chrono::Datelike::year(&list.period_end));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (pos, row) in rows.iter().enumerate() {
        let n = seen.entry(row.seq.as_str()).or_insert(0);
        *n += 1;
        let task_id = if *n == 1 { format!("{prefix}-{:0>3}", row.seq) } else { format!("{prefix}-{:0>3}-{n}", row.seq) };
        let mut milestones = milestones_in_text(&row.text, context_year);
        if let Some(cell) = row.deadline.as_deref().filter(|c| !c.trim().is_empty()) {
            match crate::timing::deadline_from_cell(cell, context_year) {
                Some(due_on) => {
                    milestones.retain(|m| m.due_on < due_on);
                    milestones.push(Milestone { due_on, source: DeadlineSource::Column, quote: Some(cell.trim().to_string()) });
                }
                None => {
                    return Err(Error::invalid(format!(
                        "第 {} 行（序号 {}）的完成时限“{cell}”无法识别。请写成 2019年6月底前、年底前、2019年 或 2019-06-30。",
                        pos + 1,
                        row.seq
                    )));
                }
            }
        }
        if milestones.is_empty() {
            let source = if list.kind == ListKind::Annual { DeadlineSource::List } else { DeadlineSource::Horizon };
            milestones.push(Milestone { due_on: list.period_end, source, quote: None });
        }
        milestones.sort_by_key(|m| m.due_on);
        insert_task(
            tx,
            &NewTask {
                id: &task_id,
                list_id: id,
                seq: &row.seq,
                position: pos as i64,
                chapter: row.chapter.as_deref(),
                category: row.category.as_deref(),
                name: row.name.as_deref(),
                text: &row.text,
                lead: &row.lead,
                partner: &row.partner,
                milestones: &milestones,
                review: row.review.as_deref(),
                source_line: row.source_line,
            },
            who,
            now,
        )?;
    }
    Ok(())
}

pub(crate) struct NewTask<'a> {
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

pub(crate) fn insert_task(tx: &Transaction, t: &NewTask, who: &str, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO task (id, list_id, seq, position, chapter, category, name, text, source_line, review, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![t.id, t.list_id, t.seq, t.position, t.chapter, t.category, t.name, t.text, t.source_line, t.review, now],
    )?;
    link_units(tx, t.id, t.lead, t.partner)?;
    for m in t.milestones {
        tx.execute(
            "INSERT OR IGNORE INTO deadline (task_id, due_on, source, quote) VALUES (?, ?, ?, ?)",
            params![t.id, m.due_on.to_string(), m.source.as_str(), m.quote],
        )?;
    }
    audit(tx, t.id, who, now, "create", None, None, Some(t.text))?;
    Ok(())
}

/// Links a task to its units, adding names the directory does not have yet.
pub(crate) fn link_units(tx: &Transaction, task_id: &str, lead: &[String], partner: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (role, names) in [(Role::Lead, lead), (Role::Partner, partner)] {
        for (pos, name) in names.iter().enumerate() {
            let unit_id = ensure_unit(tx, name)?;
            if !seen.insert(unit_id) {
                return Err(Error::invalid(format!("任务 {task_id} 中单位“{name}”出现了两次。")));
            }
            tx.execute(
                "INSERT INTO task_unit (task_id, role, position, unit_id) VALUES (?, ?, ?, ?)",
                params![task_id, role.as_str(), pos as i64, unit_id],
            )?;
        }
    }
    Ok(())
}

/// The id of a unit by name or alias; a new name is added to the directory.
pub(crate) fn ensure_unit(tx: &Transaction, name: &str) -> Result<i64> {
    let name = name.trim();
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM unit WHERE name = ?1 UNION SELECT unit_id FROM unit_alias WHERE alias = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let kind = UnitKind::of_name(name);
    // Departments first, then towns, then group words; within a kind, order of first appearance.
    let base = match kind {
        UnitKind::Department => 0,
        UnitKind::Town => 10_000,
        UnitKind::Group => 20_000,
    };
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position) + 1, ?1) FROM unit WHERE position >= ?1 AND position < ?1 + 10000",
        [base],
        |r| r.get(0),
    )?;
    tx.execute("INSERT INTO unit (name, kind, position) VALUES (?, ?, ?)", params![name, kind.as_str(), position])?;
    Ok(tx.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn audit(
    tx: &Connection,
    task_id: &str,
    who: &str,
    at: &str,
    action: &str,
    field: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (task_id, at, who, action, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![task_id, at, who, action, field, old, new],
    )?;
    Ok(())
}
