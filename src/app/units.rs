//! The unit directory: list it, rename a unit, add an alias, merge two units, set the order.

use crate::error::{Error, Result};
use crate::ledger::audit::Change;
use crate::ledger::{Ledger, now_text};
use crate::model::{AuditAction, Unit, UnitName, UnitSummary};
use crate::settings::Settings;

/// The directory with how many tasks each unit leads and supports.
pub fn units(ledger: &Ledger) -> Result<Vec<UnitSummary>> {
    let counts = ledger.tasks().counts_by_unit()?;
    Ok(ledger
        .units()
        .directory()?
        .into_iter()
        .map(|unit| {
            let (leads, supports) = counts.get(&unit.id).copied().unwrap_or_default();
            UnitSummary { unit, leads, supports }
        })
        .collect())
}

/// Adds an alias to a unit (区美丽办 → 美丽越城办, say): the clerk decides they are one office.
pub fn add_unit_alias(ledger: &mut Ledger, unit: &UnitName, alias: &UnitName) -> Result<()> {
    let u = ledger.units().get(unit.as_str())?;
    if ledger.units().find(alias.as_str())?.is_some() {
        return Err(Error::UnitNameTaken { name: alias.to_string() });
    }
    ledger.write(|tx| tx.units().add_alias(u.id, alias.as_str()))
}

/// Renames a unit; the old name stays as an alias, so files that still use it match.
pub fn rename_unit(ledger: &mut Ledger, name: &UnitName, new_name: &UnitName) -> Result<Unit> {
    let unit = ledger.units().get(name.as_str())?;
    if new_name.as_str() == unit.name {
        return Ok(unit);
    }
    if let Some(other) = ledger.units().find(new_name.as_str())?
        && other.id != unit.id
    {
        return Err(Error::UnitNameTaken { name: new_name.to_string() });
    }
    ledger.write(|tx| tx.units().rename(&unit, new_name.as_str()))?;
    ledger.units().get(new_name.as_str())
}

/// Merges unit `from` into `into` (区美丽办 into 美丽越城办, say): its tasks, reports and forms
/// move over, its name becomes an alias. Recorded in the history of every task it touches.
pub fn merge_units(ledger: &mut Ledger, from: &UnitName, into: &UnitName) -> Result<Unit> {
    let a = ledger.units().get(from.as_str())?;
    let b = ledger.units().get(into.as_str())?;
    if a.id == b.id {
        return Err(Error::MergeIntoItself { name: a.name });
    }
    let who = Settings::load(ledger)?.clerk_name;
    let now = now_text();
    ledger.write(|tx| {
        for (task_id, _) in tx.tasks().of_unit(a.id)? {
            tx.tasks().move_unit_link(&task_id, a.id, b.id)?;
            tx.audit().record(&Change {
                task_id: &task_id,
                who: &who,
                at: &now,
                action: AuditAction::Merge,
                field: Some("unit"),
                old: Some(&a.name),
                new: Some(&b.name),
            })?;
        }
        tx.reports().move_unit(a.id, b.id)?;
        tx.form_log().move_unit(a.id, b.id)?;
        tx.units().fold_into(&a, &b)
    })?;
    ledger.units().get(&b.name)
}

/// Puts the units in this order (units not named keep their relative order after them).
pub fn reorder_units(ledger: &mut Ledger, names: &[UnitName]) -> Result<()> {
    let mut ids = Vec::new();
    for n in names {
        ids.push(ledger.units().get(n.as_str())?.id);
    }
    let rest: Vec<i64> = ledger.units().directory()?.into_iter().map(|u| u.id).filter(|id| !ids.contains(id)).collect();
    ledger.write(|tx| {
        for (pos, id) in ids.iter().chain(&rest).enumerate() {
            tx.units().set_position(*id, pos as i64)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    fn n(s: &str) -> UnitName {
        UnitName::parse(s).unwrap()
    }

    #[test]
    fn merge_moves_tasks_and_keeps_the_name_as_alias() {
        let (_dir, mut ledger) = testing::ledger();
        let before = units(&ledger).unwrap();
        let leads = |us: &[crate::model::UnitSummary], name: &str| us.iter().find(|u| u.unit.name == name).map(|u| u.leads);
        let (a, b) = (leads(&before, "区美丽办").unwrap(), leads(&before, "美丽越城办").unwrap());
        let merged = merge_units(&mut ledger, &n("区美丽办"), &n("美丽越城办")).unwrap();
        assert!(merged.aliases.contains(&"区美丽办".to_string()));
        let after = units(&ledger).unwrap();
        assert_eq!(leads(&after, "美丽越城办"), Some(a + b));
        assert_eq!(leads(&after, "区美丽办"), None);
        assert_eq!(merge_units(&mut ledger, &n("美丽越城办"), &n("区美丽办")).unwrap_err().code(), "merge_into_itself");
    }

    #[test]
    fn rename_and_alias_refuse_names_in_use() {
        let (_dir, mut ledger) = testing::ledger();
        assert_eq!(rename_unit(&mut ledger, &n("区经信局"), &n("区农水局")).unwrap_err().code(), "unit_name_taken");
        assert_eq!(add_unit_alias(&mut ledger, &n("区经信局"), &n("区农水局")).unwrap_err().code(), "unit_name_taken");
        rename_unit(&mut ledger, &n("区经信局"), &n("区经济和信息化局")).unwrap();
        assert_eq!(ledger.units().get("区经信局").unwrap().name, "区经济和信息化局");
    }

    #[test]
    fn order_puts_named_units_first() {
        let (_dir, mut ledger) = testing::ledger();
        reorder_units(&mut ledger, &[n("区农办"), n("区建设局")]).unwrap();
        let d = ledger.units().directory().unwrap();
        assert_eq!((d[0].name.as_str(), d[1].name.as_str()), ("区农办", "区建设局"));
    }
}
