//! Settings: read them all, change one (checked).

use serde::Serialize;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::settings::{KEYS, Settings, check};

/// A setting as the window lists it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct SettingItem {
    pub key: String,
    pub label: String,
    pub value: String,
}

/// Every setting with its label and current value.
pub fn setting_items(ledger: &Ledger) -> Result<Vec<SettingItem>> {
    let values = crate::settings::all(ledger)?;
    Ok(KEYS
        .iter()
        .zip(values)
        .map(|(k, (_, v))| SettingItem { key: k.key.to_string(), label: k.label.to_string(), value: v })
        .collect())
}

/// Sets one setting after checking its value.
pub fn set_setting(ledger: &mut Ledger, key: &str, value: &str) -> Result<()> {
    set_settings(ledger, &[(key, value)])
}

/// Sets several settings, all or none: each is checked against the settings as the ones before
/// it left them, in one transaction.
pub fn set_settings(ledger: &mut Ledger, pairs: &[(&str, &str)]) -> Result<()> {
    ledger.write(|tx| {
        let table = tx.settings_table();
        for (key, value) in pairs {
            let (key, value) = (key.trim(), value.trim());
            check(&Settings::from_table(&table)?, key, value)?;
            table.set(key, value)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn a_bad_value_changes_nothing() {
        let (_dir, mut ledger) = testing::ledger();
        set_setting(&mut ledger, "status_done", "完成").unwrap();
        assert_eq!(set_setting(&mut ledger, "status_done", "已,完成").unwrap_err().code(), "bad_setting");
        let items = setting_items(&ledger).unwrap();
        assert_eq!(items.iter().find(|i| i.key == "status_done").unwrap().value, "完成");
        assert_eq!(items.len(), KEYS.len());
    }

    #[test]
    fn several_settings_are_set_all_or_none() {
        let (_dir, mut ledger) = testing::ledger();
        let err = set_settings(&mut ledger, &[("office", "区治水办"), ("report_day", "0")]).unwrap_err();
        assert_eq!(err.code(), "bad_setting");
        assert_ne!(Settings::load(&ledger).unwrap().office, "区治水办");
        // Each is checked against the ones before it: two status words swapped in one go are
        // refused only if they collide after the first is set.
        let err = set_settings(&mut ledger, &[("status_done", "滞后"), ("status_late", "完成")]).unwrap_err();
        assert_eq!(err.code(), "bad_setting");
        set_settings(&mut ledger, &[("office", "区治水办"), ("report_day", "10")]).unwrap();
        let s = Settings::load(&ledger).unwrap();
        assert_eq!((s.office.as_str(), s.report_day), ("区治水办", 10));
    }
}
