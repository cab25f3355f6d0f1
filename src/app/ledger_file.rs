//! The ledger file: create it with the built-in plan, open it, back it up, restore it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::audit::Change;
use crate::ledger::lists::NewList;
use crate::ledger::plans::NewPlan;
use crate::ledger::tasks::NewTask;
use crate::ledger::{Ledger, Tx, now_text};
use crate::model::{AuditAction, ListKind, Target};
use crate::seed::{SeedPlan, builtin_plan};
use crate::settings::Settings;
use crate::timing::{DeadlineSource, Milestone, deadline_from_cell, milestones_in_text};

/// What `init` did.
#[derive(Debug, Clone, Serialize)]
pub struct InitOutcome {
    pub path: PathBuf,
    /// False when a ledger was already there and nothing was changed.
    pub created: bool,
    /// The backup written before `force` recreated an existing ledger.
    pub backup: Option<PathBuf>,
}

/// Opens an existing ledger.
pub fn open(path: &Path) -> Result<Ledger> {
    Ledger::open(path)
}

/// Opens the ledger, creating it with the built-in plan when it does not exist (the desktop
/// app's first start).
pub fn open_or_init(path: &Path) -> Result<Ledger> {
    if !path.exists() {
        init(path, false)?;
    }
    Ledger::open(path)
}

/// Creates the ledger with the built-in plan. An existing ledger is left as it is unless
/// `force`, which first writes a backup beside it, then builds the new ledger beside the old one
/// and renames it over the old one (a kill at any moment leaves the old ledger or the new one).
pub fn init(path: &Path, force: bool) -> Result<InitOutcome> {
    if !path.exists() {
        let mut ledger = Ledger::create(path)?;
        load_plan(&mut ledger, &builtin_plan())?;
        return Ok(InitOutcome { path: path.to_path_buf(), created: true, backup: None });
    }
    // Say what is there without changing it: a ledger, or something else.
    let existing = Ledger::open(path);
    if !force {
        existing?;
        return Ok(InitOutcome { path: path.to_path_buf(), created: false, backup: None });
    }
    let backup = match existing {
        Ok(old) => {
            let saved = old.backup_auto("init")?;
            // Leave no write-ahead log behind for the file that replaces it.
            old.checkpoint()?;
            saved
        }
        Err(e @ Error::NewerSchema { .. }) => return Err(e),
        Err(_) => {
            // Not a readable ledger: keep the file itself as the backup.
            let dest = crate::storage::backup_path_for(path, "init");
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::file("创建备份文件夹", dir, &e))?;
            }
            std::fs::copy(path, &dest).map_err(|e| Error::file("备份", &dest, &e))?;
            dest
        }
    };
    let fresh = crate::storage::sibling_temp(path, "new");
    crate::storage::remove_db_files(&fresh)?;
    {
        let mut ledger = Ledger::create(&fresh)?;
        load_plan(&mut ledger, &builtin_plan())?;
        ledger.checkpoint()?;
    }
    crate::storage::replace_db(&fresh, path)?;
    Ok(InitOutcome { path: path.to_path_buf(), created: true, backup: Some(backup) })
}

/// Backs the ledger up to `out` (SQLite's online backup; safe while it is in use).
pub fn backup(ledger: &Ledger, out: &Path) -> Result<()> {
    super::exports::check_output(ledger, out)?;
    ledger.backup_to(out)
}

/// The file name a clerk would give a backup: `督办台账备份-20181126.db`.
pub fn backup_file_name() -> String {
    format!("督办台账备份-{}.db", crate::timing::today().format("%Y%m%d"))
}

/// Replaces the ledger's content with a backup file's, after a backup of the current one. The
/// file is checked first (a ledger of ours, not newer) and is not changed. Returns where the
/// ledger as it was went.
pub fn restore(ledger: &mut Ledger, file: &Path) -> Result<PathBuf> {
    let dir = tempfile::tempdir().map_err(|e| Error::file("恢复", file, &e))?;
    let copy = dir.path().join("restore.db");
    std::fs::copy(file, &copy).map_err(|e| Error::file("读取备份", file, &e))?;
    let source = Ledger::open(&copy).map_err(|e| match e {
        Error::NotALedger { .. } | Error::LedgerMissing { .. } | Error::EmptyLedger { .. } | Error::LedgerCorrupt { .. } => {
            Error::NotABackup { path: file.to_path_buf() }
        }
        Error::NewerSchema { found, supported, .. } => Error::NewerSchema { path: file.to_path_buf(), found, supported },
        other => other,
    })?;
    let saved = ledger.backup_auto("restore")?;
    ledger.replace_content_with(&source)?;
    // The plans are the backup's now: work on its current one.
    ledger.forget_plan()?;
    super::keep_plan(ledger)?;
    Ok(saved)
}

/// Loads the built-in plan into an empty ledger, in one transaction.
fn load_plan(ledger: &mut Ledger, plan: &SeedPlan) -> Result<()> {
    let who = Settings::load(ledger)?.clerk_name;
    let issued = seed_date(&plan.date)?;
    let horizon = seed_date(&plan.horizon)?;
    let year = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31));
    let (annual_start, annual_end) = year(plan.annual_year).ok_or(Error::BadDate { value: plan.annual_year.to_string() })?;
    ledger.write(|tx| {
        let plan_id = tx.plans().insert(&NewPlan {
            source: None,
            title: &plan.title,
            short_title: &plan.short_title,
            issuer: &plan.issuer,
            issuer_full: &plan.issuer_full,
            issued_on: issued,
            horizon,
        })?;
        for (i, t) in plan.targets.iter().enumerate() {
            let target = Target {
                code: crate::targets::target_code(i),
                baseline: None,
                baseline_year: None,
                lead: Vec::new(),
                partner: Vec::new(),
                review: None,
                indicator: t.indicator.clone(),
                comparison: t.comparison.clone(),
                value: t.value,
                unit: t.unit.clone(),
                year: t.year,
                quote: t.quote.clone(),
            };
            tx.targets().insert(plan_id, i, &target)?;
        }
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
            tx.lists().insert(plan_id, &new_list, Some(&list.attachment), position)?;
            insert_rows(tx, &new_list, prefix, &rows, &who)?;
        }
        Ok(())
    })
}

fn seed_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::BadDate { value: s.to_string() })
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
    /// Row of the source sheet or line of the source document, for messages.
    pub source_line: Option<i64>,
}

/// Inserts the rows of a list: ids `{prefix}-{序号:03}` (a second row of the same 序号 gets
/// `-2`), deadlines from the deadline cell and the text, else the end of the list's period.
/// Each task's creation goes to its history.
pub(crate) fn insert_rows(tx: &Tx<'_>, list: &NewList, prefix: &str, rows: &[NewListRow], who: &str) -> Result<()> {
    let context_year = Some(list.period_end.year());
    let now = now_text();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (pos, row) in rows.iter().enumerate() {
        // A 序号 that is not a plain number (1.1, （一）) gives an id of letters, digits and hyphens.
        let seq: String = row.seq.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let seq = seq.trim_matches('-');
        let seq = if seq.is_empty() { (pos + 1).to_string() } else { seq.to_string() };
        let n = seen.entry(seq.clone()).or_insert(0);
        *n += 1;
        let task_id = if *n == 1 { format!("{prefix}-{seq:0>3}") } else { format!("{prefix}-{seq:0>3}-{n}") };
        let mut milestones = milestones_in_text(&row.text, context_year);
        if let Some(cell) = row.deadline.as_deref().filter(|c| !c.trim().is_empty()) {
            let Some(due_on) = deadline_from_cell(cell, context_year) else {
                return Err(Error::BadDeadline { row: pos + 1, seq: row.seq.clone(), text: cell.to_string() });
            };
            milestones.retain(|m| m.due_on < due_on);
            milestones.push(Milestone {
                due_on,
                source: DeadlineSource::Column,
                quote: Some(cell.trim().to_string()),
                extended_from: None,
            });
        }
        if milestones.is_empty() {
            let source = if list.kind == ListKind::Annual { DeadlineSource::List } else { DeadlineSource::Horizon };
            milestones.push(Milestone { due_on: list.period_end, source, quote: None, extended_from: None });
        }
        milestones.sort_by_key(|m| m.due_on);
        tx.tasks().insert(&NewTask {
            id: &task_id,
            list_id: &list.id,
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
        })?;
        tx.audit().record(&Change {
            task_id: &task_id,
            who,
            at: &now,
            action: AuditAction::Create,
            field: None,
            old: None,
            new: Some(&row.text),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_creates_then_leaves_alone_then_force_rebuilds_with_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        assert!(init(&path, false).unwrap().created);
        let again = init(&path, false).unwrap();
        assert!(!again.created && again.backup.is_none());
        let forced = init(&path, true).unwrap();
        assert!(forced.created);
        assert!(forced.backup.unwrap().exists());
        assert!(!crate::storage::sibling_temp(&path, "new").exists(), "no leftover");
        assert_eq!(open(&path).unwrap().lists().all().unwrap().len(), 3);
    }

    #[test]
    fn restore_refuses_a_file_that_is_not_a_ledger_and_keeps_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let mut ledger = open_or_init(&path).unwrap();
        let text = dir.path().join("t.txt");
        std::fs::write(&text, "不是账本").unwrap();
        let err = restore(&mut ledger, &text).unwrap_err();
        assert_eq!(err.code(), "not_a_backup");
        assert!(err.to_string().contains("t.txt"));
        assert_eq!(ledger.lists().all().unwrap().len(), 3);
    }
}
