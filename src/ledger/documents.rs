//! `document_counter`: the 发文字号 given to each kind of document, numbered from 1 each year.

use rusqlite::{OptionalExtension, params};

use super::Write;
use crate::error::Result;

repository!(
    /// The documents' numbers.
    DocumentNumbers
);

impl<M> DocumentNumbers<'_, M> {
    /// The number the next document of `kind` in `year` will get.
    pub fn next(&self, kind: &str, year: i32) -> Result<i64> {
        let last: Option<i64> = self
            .conn
            .query_row("SELECT last FROM document_counter WHERE kind = ? AND year = ?", params![kind, year], |r| r.get(0))
            .optional()?;
        Ok(last.unwrap_or(0) + 1)
    }
}

impl DocumentNumbers<'_, Write> {
    /// Records that `number` was given (the counter never goes back).
    pub fn record(&self, kind: &str, year: i32, number: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO document_counter (kind, year, last) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, year) DO UPDATE SET last = max(last, excluded.last)",
            params![kind, year, number],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::testing;

    #[test]
    fn numbers_count_up_each_year() {
        let (_dir, mut ledger) = testing::ledger();
        assert_eq!(ledger.document_numbers().next("supervision", 2018).unwrap(), 1);
        ledger.write(|tx| tx.document_numbers().record("supervision", 2018, 1)).unwrap();
        ledger.write(|tx| tx.document_numbers().record("supervision", 2018, 2)).unwrap();
        assert_eq!(ledger.document_numbers().next("supervision", 2018).unwrap(), 3);
        assert_eq!(ledger.document_numbers().next("supervision", 2019).unwrap(), 1);
        assert_eq!(ledger.document_numbers().next("reminder", 2018).unwrap(), 1);
    }
}
