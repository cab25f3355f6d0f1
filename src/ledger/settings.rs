//! `setting`: the clerk's settings as key and text; meaning and checks live in
//! [`crate::settings`].

use rusqlite::{OptionalExtension, params};

use super::Write;
use crate::error::Result;

repository!(
    /// The settings table.
    SettingsTable
);

impl<M> SettingsTable<'_, M> {
    /// A stored value, if the clerk set one.
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT value FROM setting WHERE key = ?")?;
        Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
    }
}

impl SettingsTable<'_, Write> {
    pub fn set(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::testing;

    #[test]
    fn set_replaces_and_get_reads() {
        let (_dir, mut ledger) = testing::ledger();
        assert_eq!(ledger.settings_table().get("office").unwrap(), None);
        ledger.write(|tx| tx.settings_table().set("office", "区美丽办")).unwrap();
        ledger.write(|tx| tx.settings_table().set("office", "区督考办")).unwrap();
        assert_eq!(ledger.settings_table().get("office").unwrap().as_deref(), Some("区督考办"));
    }
}
