//! The month at a glance, for the window's 总览 and its start.

use serde::Serialize;

use crate::error::{ErrorBody, Result};
use crate::export::summary::{GroupCounts, Summary, by_group, summarize};
use crate::ledger::Ledger;
use crate::model::{Plan, TaskList};
use crate::progress::{TaskProgress, month_progress};
use crate::settings::Settings;
use crate::timing::Month;

/// The month's statistics and the lights per chapter or category.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub summary: Summary,
    pub groups: Vec<GroupCounts>,
}

pub fn overview(ledger: &Ledger, month: Month) -> Result<Overview> {
    Ok(Overview { summary: summarize(ledger, month)?, groups: by_group(ledger, month)? })
}

/// A list's tasks with their state in a month.
pub fn list_progress(ledger: &Ledger, list: &crate::model::ListId, month: Month) -> Result<Vec<TaskProgress>> {
    month_progress(ledger, Some(list.as_str()), month)
}

/// What the window needs to start: the plan, its lists, the settings and the status words.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct LedgerInfo {
    pub plan: Plan,
    pub lists: Vec<TaskList>,
    pub settings: Settings,
    pub status_words: Vec<String>,
}

pub fn ledger_info(ledger: &Ledger) -> Result<LedgerInfo> {
    let settings = Settings::load(ledger)?;
    let status_words = settings.words().iter().map(|w| w.to_string()).collect();
    Ok(LedgerInfo { plan: ledger.plans().get()?, lists: ledger.lists().all()?, settings, status_words })
}

/// What the window shows first: where the ledger is, what is in it (or why it could not be
/// opened), and the month to open on.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppInfo {
    pub db_path: String,
    pub plan: Option<Plan>,
    pub lists: Vec<TaskList>,
    pub settings: Option<Settings>,
    pub status_words: Vec<String>,
    pub current_month: String,
    pub version: String,
    /// Why the ledger could not be opened, when it could not.
    pub open_error: Option<ErrorBody>,
}

pub fn app_info(db_path: &std::path::Path, ledger: std::result::Result<&Ledger, &ErrorBody>, version: &str) -> AppInfo {
    let current_month = super::default_month().to_string();
    let info = match ledger {
        Ok(l) => ledger_info(l).map_err(ErrorBody::from),
        Err(e) => Err(e.clone()),
    };
    let (plan, lists, settings, status_words, open_error) = match info {
        Ok(i) => (Some(i.plan), i.lists, Some(i.settings), i.status_words, None),
        Err(e) => (None, vec![], None, vec![], Some(e)),
    };
    AppInfo {
        db_path: db_path.display().to_string(),
        plan,
        lists,
        settings,
        status_words,
        current_month,
        version: version.to_string(),
        open_error,
    }
}
