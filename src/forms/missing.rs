//! Which lead units' forms for a month have not come back.

use serde::Serialize;

use crate::error::Result;
use crate::ledger::{Ledger, TaskFilter};
use crate::model::UnitKind;
use crate::timing::Month;

/// A lead unit whose form for a month has not come back.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct MissingForm {
    pub unit: String,
    pub list_id: String,
    pub list_name: String,
    /// Tasks it leads in the list.
    pub tasks: usize,
    /// When a form was sent to it for the month, if one was.
    pub issued_at: Option<String>,
}

/// Lead units (concrete ones, not group words) whose form for `month` has not come back, and
/// who have not reported otherwise for the list that month.
pub fn missing_forms(ledger: &Ledger, month: Month, list_id: Option<&str>) -> Result<Vec<MissingForm>> {
    let lists = match list_id {
        Some(id) => vec![ledger.lists().get(id)?],
        None => ledger.lists().all()?,
    };
    let directory = ledger.units().directory()?;
    let mut out = Vec::new();
    for list in lists {
        let tasks = ledger.tasks().list(&TaskFilter { list_id: Some(list.id.clone()), ..Default::default() })?;
        let reports = ledger.reports().of_month(month, Some(&list.id))?;
        let issued = ledger.form_log().issued(month, &list.id)?;
        let returned = ledger.form_log().returned_units(month, &list.id)?;
        let any_issued = !issued.is_empty();
        for unit in directory.iter().filter(|u| u.kind != UnitKind::Group) {
            let led = tasks.iter().filter(|t| t.lead.contains(&unit.name)).count();
            if led == 0 {
                continue;
            }
            // When forms went out for the month, a unit counts as missing if its form was sent;
            // either way, a returned form or any report of its own counts as back.
            if any_issued && !issued.contains_key(&unit.name) {
                continue;
            }
            let back = returned.contains(&unit.name)
                || reports
                    .iter()
                    .any(|r| r.unit == unit.name && tasks.iter().any(|t| t.id == r.task_id && t.lead.contains(&unit.name)));
            if !back {
                out.push(MissingForm {
                    unit: unit.name.clone(),
                    list_id: list.id.clone(),
                    list_name: list.name.clone(),
                    tasks: led,
                    issued_at: issued.get(&unit.name).cloned(),
                });
            }
        }
    }
    Ok(out)
}
