//! Tasks: list them, show one with its history, confirm or correct a 待核对 reading, set a
//! month's status by hand.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::audit::Change;
use crate::ledger::{Ledger, TaskFilter, now_text};
use crate::model::{AuditAction, AuditEntry, ListId, Task, TaskId, UnitName};
use crate::progress::{ProgressReport, TaskProgress, month_progress};
use crate::settings::Settings;
use crate::timing::Month;

/// Which tasks of a list: the same filters for listing and exporting; 序号 are never renumbered.
#[derive(Debug, Clone)]
pub struct TaskQuery {
    pub list: ListId,
    pub unit: Option<UnitName>,
    /// A chapter as printed, or its number alone (二).
    pub chapter: Option<String>,
    pub category: Option<String>,
}

impl TaskQuery {
    pub fn list(list: ListId) -> TaskQuery {
        TaskQuery { list, unit: None, chapter: None, category: None }
    }
}

/// The tasks of a list as the query says (a unit named by an alias is found by its name).
pub fn tasks(ledger: &Ledger, q: &TaskQuery) -> Result<Vec<Task>> {
    ledger.lists().get(q.list.as_str())?;
    let unit = match &q.unit {
        Some(u) => Some(ledger.units().get(u.as_str())?.name),
        None => None,
    };
    ledger.tasks().list(&TaskFilter {
        list_id: Some(q.list.to_string()),
        unit,
        chapter: q.chapter.clone(),
        category: q.category.clone(),
    })
}

/// A task's page: its state in a month, its changes and every report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TaskDetail {
    pub progress: TaskProgress,
    pub history: Vec<AuditEntry>,
    pub reports: Vec<ProgressReport>,
}

pub fn task_detail(ledger: &Ledger, task: &TaskId, month: Month) -> Result<TaskDetail> {
    let t = ledger.tasks().get(task.as_str())?;
    let progress = month_progress(ledger, Some(&t.list_id), month)?
        .into_iter()
        .find(|p| p.task.id == t.id)
        .ok_or_else(|| Error::UnknownTask { id: task.to_string() })?;
    Ok(TaskDetail { progress, history: ledger.audit().of_task(&t.id)?, reports: ledger.reports().history(&t.id)? })
}

/// A task's recorded changes and reports.
pub fn history(ledger: &Ledger, task: &TaskId) -> Result<(Vec<ProgressReport>, Vec<AuditEntry>)> {
    let t = ledger.tasks().get(task.as_str())?;
    Ok((ledger.reports().history(&t.id)?, ledger.audit().of_task(&t.id)?))
}

/// Confirms the reading of a task flagged 待核对, correcting its units where given (every unit
/// must be in the directory). Every change goes to the task's history, in one transaction.
pub fn confirm_task(ledger: &mut Ledger, task: &TaskId, lead: Option<&[UnitName]>, partner: Option<&[UnitName]>) -> Result<Task> {
    let t = ledger.tasks().get(task.as_str())?;
    let resolve = |names: Option<&[UnitName]>| -> Result<Option<Vec<String>>> {
        names.map(|ns| ns.iter().map(|n| ledger.units().get(n.as_str()).map(|u| u.name)).collect()).transpose()
    };
    let lead = resolve(lead)?;
    let partner = resolve(partner)?;
    let who = Settings::load(ledger)?.clerk_name;
    let now = now_text();
    ledger.write(|tx| {
        if lead.is_some() || partner.is_some() {
            let lead = lead.clone().unwrap_or_else(|| t.lead.clone());
            let partner = partner.clone().unwrap_or_else(|| t.partner.clone());
            if lead.is_empty() {
                return Err(Error::NoLeadUnit { task: t.id.clone() });
            }
            tx.tasks().relink_units(&t.id, &lead, &partner)?;
            for (field, old, new) in [("lead", &t.lead, &lead), ("partner", &t.partner, &partner)] {
                if old != new {
                    tx.audit().record(&Change {
                        task_id: &t.id,
                        who: &who,
                        at: &now,
                        action: AuditAction::Edit,
                        field: Some(field),
                        old: Some(&old.join("、")),
                        new: Some(&new.join("、")),
                    })?;
                }
            }
        }
        tx.tasks().set_review(&t.id, None, &now)?;
        tx.audit().record(&Change {
            task_id: &t.id,
            who: &who,
            at: &now,
            action: AuditAction::Confirm,
            field: Some("review"),
            old: t.review.as_deref(),
            new: None,
        })
    })?;
    ledger.tasks().get(&t.id)
}

/// Sets a task's status for a month by hand; recorded in its history.
pub fn set_status(ledger: &mut Ledger, task: &TaskId, month: Month, word: &str) -> Result<()> {
    let settings = Settings::load(ledger)?;
    let t = ledger.tasks().get(task.as_str())?;
    let meaning = settings.meaning_of(word)?;
    let word = word.trim();
    let who = settings.clerk_name.clone();
    let now = now_text();
    ledger.write(|tx| {
        let old = tx.reports().override_of(&t.id, month)?;
        tx.reports().set_override(&t.id, month, word, meaning, &who, &now)?;
        tx.audit().record(&Change {
            task_id: &t.id,
            who: &who,
            at: &now,
            action: AuditAction::Status,
            field: Some(&format!("{month} 完成状态")),
            old: old.as_deref(),
            new: Some(word),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    fn id(s: &str) -> TaskId {
        TaskId::parse(s).unwrap()
    }

    #[test]
    fn confirm_corrects_units_and_records_why() {
        let (_dir, mut ledger) = testing::ledger();
        let lead = [UnitName::parse("区商务局").unwrap(), UnitName::parse("区发改局").unwrap()];
        let dup = confirm_task(&mut ledger, &id("R-025"), Some(&lead), None).unwrap_err();
        assert_eq!(dup.code(), "duplicate_unit", "区发改局 is a partner already");
        let partner = [UnitName::parse("区市场监管局").unwrap()];
        let t = confirm_task(&mut ledger, &id("R-025"), Some(&lead), Some(&partner)).unwrap();
        assert_eq!(t.lead, vec!["区商务局", "区发改局"]);
        assert!(t.review.is_none());
        let (_, history) = history(&ledger, &id("R-025")).unwrap();
        let actions: Vec<AuditAction> = history.iter().map(|h| h.action).collect();
        assert_eq!(actions, vec![AuditAction::Create, AuditAction::Edit, AuditAction::Edit, AuditAction::Confirm]);
        let unknown = [UnitName::parse("区不存在局").unwrap()];
        assert_eq!(confirm_task(&mut ledger, &id("R-025"), Some(&unknown), None).unwrap_err().code(), "unknown_unit");
        assert_eq!(confirm_task(&mut ledger, &id("R-025"), Some(&[]), None).unwrap_err().code(), "no_lead_unit");
    }

    #[test]
    fn a_status_set_by_hand_wins_and_is_recorded() {
        let (_dir, mut ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        set_status(&mut ledger, &id("A-033"), nov, "按序时推进").unwrap();
        let d = task_detail(&ledger, &id("A-033"), nov).unwrap();
        assert!(d.progress.overridden);
        assert_eq!(d.progress.status_word, "按序时推进");
        assert_eq!(d.history.last().unwrap().action, AuditAction::Status);
        assert_eq!(set_status(&mut ledger, &id("A-033"), nov, "差不多").unwrap_err().code(), "bad_status_word");
    }

    #[test]
    fn tasks_by_unit_alias() {
        let (_dir, mut ledger) = testing::ledger();
        crate::app::add_unit_alias(&mut ledger, &UnitName::parse("区建设局").unwrap(), &UnitName::parse("建设局").unwrap())
            .unwrap();
        let q = TaskQuery {
            unit: Some(UnitName::parse("建设局").unwrap()),
            ..TaskQuery::list(ListId::parse("annual-2018").unwrap())
        };
        let t = tasks(&ledger, &q).unwrap();
        assert!(!t.is_empty() && t.iter().all(|t| t.involves("区建设局")));
    }
}
