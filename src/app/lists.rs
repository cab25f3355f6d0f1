//! Task lists: what the ledger holds, and a new list from a spreadsheet.

use std::path::Path;

use crate::error::{Error, Result};
use crate::import_list::ListImport;
use crate::ledger::Ledger;
use crate::ledger::lists::NewList;
use crate::model::{ListId, TaskList};
use crate::settings::Settings;

use super::ledger_file::{NewListRow, insert_rows};

pub fn lists(ledger: &Ledger) -> Result<Vec<TaskList>> {
    ledger.lists().all()
}

/// Imports a list from a spreadsheet laid out like 附件3 (see [`crate::import_list`]).
pub fn import_list(ledger: &mut Ledger, path: &Path, id: &ListId, name: &str) -> Result<ListImport> {
    crate::import_list::import_list(ledger, path, id, name)
}

/// Adds a task list with its rows, in one transaction; units not yet in the directory are added
/// to it. The tasks' ids start with the list's id.
pub fn create_list(ledger: &mut Ledger, list: &NewList, rows: &[NewListRow]) -> Result<TaskList> {
    let id = ListId::parse(&list.id)?;
    if ledger.lists().exists(id.as_str())? {
        return Err(Error::ListIdTaken { id: id.to_string() });
    }
    if rows.is_empty() {
        return Err(Error::EmptyList);
    }
    let who = Settings::load(ledger)?.clerk_name;
    let list = NewList { id: id.to_string(), ..list.clone() };
    ledger.write(|tx| {
        let position = tx.lists().next_position()?;
        let plan = tx.plans().get()?.id;
        tx.lists().insert(plan, &list, None, position)?;
        insert_rows(tx, &list, id.as_str(), rows, &who)
    })?;
    ledger.lists().get(id.as_str())
}
