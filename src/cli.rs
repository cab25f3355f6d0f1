//! Helpers of the command line: JSON shapes and settings plumbing.

use serde_json::{Value, json};
use taizhang::error::Result;
use taizhang::model::Task;
use taizhang::{Ledger, settings};

/// The stable JSON shape of a task printed by `taizhang tasks --json`.
pub fn task_json(t: &Task) -> Value {
    json!({
        "id": t.id,
        "list": t.list_id,
        "seq": t.seq,
        "chapter": t.chapter,
        "category": t.category,
        "name": t.name,
        "text": t.text,
        "lead": t.lead,
        "partner": t.partner,
        "deadline": t.deadline.map(|d| d.to_string()),
        "deadline_source": t.deadline_source,
        "milestones": t.milestones,
        "review": t.review,
        "source_line": t.source_line,
    })
}

pub fn set_setting(ledger: &mut Ledger, key: &str, value: &str) -> Result<()> {
    settings::set(ledger, key, value)
}

pub fn settings(ledger: &Ledger) -> Result<Vec<(String, String)>> {
    settings::all(ledger)
}
