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
    let key = key.trim();
    let value = value.trim();
    check(&Settings::load(ledger)?, key, value)?;
    ledger.write(|tx| tx.settings_table().set(key, value))
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
}
