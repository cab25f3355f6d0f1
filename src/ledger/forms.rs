//! `form_issue` and `form_return`: which fill-in forms went out to which unit, and which came
//! back.

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use super::Write;
use crate::error::Result;
use crate::timing::Month;

repository!(
    /// The record of forms sent and returned.
    FormLog
);

/// A form sent.
pub struct Issued<'a> {
    pub list_id: &'a str,
    pub unit_id: i64,
    pub month: Month,
    pub file: &'a str,
    pub rows: usize,
    pub at: &'a str,
    pub by: &'a str,
}

/// Who filled in a returned form, who approved it, and how to reach them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// 填报人
    pub filled_by: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
    /// 审核人（分管领导）
    pub approved_by: Option<String>,
    /// 填报日期, as written
    pub filled_on: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        [&self.filled_by, &self.phone, &self.approved_by, &self.filled_on]
            .iter()
            .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// A form that came back and was imported.
pub struct Returned<'a> {
    pub list_id: &'a str,
    pub unit_id: i64,
    pub month: Month,
    pub file: &'a str,
    pub changed: usize,
    pub unchanged: usize,
    pub at: &'a str,
    pub by: &'a str,
    pub contact: &'a Contact,
}

impl<M> FormLog<'_, M> {
    /// Units sent a form of a list for a month: unit name → when (the latest).
    pub fn issued(&self, month: Month, list_id: &str) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.name, max(f.issued_at) FROM form_issue f JOIN unit u ON u.id = f.unit_id
             WHERE f.month = ? AND f.list_id = ? GROUP BY u.name",
        )?;
        let rows = stmt.query_map(params![month.to_string(), list_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Units whose form of a list for a month came back.
    pub fn returned_units(&self, month: Month, list_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT u.name FROM form_return f JOIN unit u ON u.id = f.unit_id WHERE f.month = ? AND f.list_id = ?",
        )?;
        let rows = stmt.query_map(params![month.to_string(), list_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl<M> FormLog<'_, M> {
    /// The contact on each unit's latest returned form of a month (of any list): unit → contact.
    pub fn contacts(&self, month: Month) -> Result<HashMap<String, Contact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.name, f.filled_by, f.phone, f.approved_by, f.filled_on FROM form_return f JOIN unit u ON u.id = f.unit_id
             WHERE f.month = ? AND (f.filled_by IS NOT NULL OR f.phone IS NOT NULL OR f.approved_by IS NOT NULL)
             ORDER BY f.id",
        )?;
        let mut rows = stmt.query([month.to_string()])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            out.insert(
                r.get(0)?,
                Contact { filled_by: r.get(1)?, phone: r.get(2)?, approved_by: r.get(3)?, filled_on: r.get(4)? },
            );
        }
        Ok(out)
    }

    /// How many returned forms of a list for a month were imported.
    pub fn returned_files(&self, month: Month, list_id: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM form_return WHERE month = ? AND list_id = ?",
            params![month.to_string(), list_id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}

impl FormLog<'_, Write> {
    pub fn record_issue(&self, f: &Issued) -> Result<()> {
        self.conn.execute(
            "INSERT INTO form_issue (list_id, unit_id, month, file, rows, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            params![f.list_id, f.unit_id, f.month.to_string(), f.file, f.rows as i64, f.at, f.by],
        )?;
        Ok(())
    }

    pub fn record_return(&self, f: &Returned) -> Result<()> {
        self.conn.execute(
            "INSERT INTO form_return (list_id, unit_id, month, file, changed, unchanged, imported_at, imported_by,
                                      filled_by, phone, approved_by, filled_on)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                f.list_id,
                f.unit_id,
                f.month.to_string(),
                f.file,
                f.changed as i64,
                f.unchanged as i64,
                f.at,
                f.by,
                f.contact.filled_by,
                f.contact.phone,
                f.contact.approved_by,
                f.contact.filled_on
            ],
        )?;
        Ok(())
    }

    /// Moves the forms of unit `from` to `into` (units merged).
    pub fn move_unit(&self, from: i64, into: i64) -> Result<()> {
        self.conn.execute("UPDATE form_issue SET unit_id = ? WHERE unit_id = ?", params![into, from])?;
        self.conn.execute("UPDATE form_return SET unit_id = ? WHERE unit_id = ?", params![into, from])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn issued_and_returned_by_month_and_list() {
        let (_dir, mut ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        let a = ledger.units().get("区建设局").unwrap().id;
        let b = ledger.units().get("区农办").unwrap().id;
        ledger
            .write(|tx| {
                for (unit_id, at) in [(a, "2018-11-01 09:00:00"), (a, "2018-11-02 09:00:00"), (b, "2018-11-01 09:00:00")] {
                    tx.form_log().record_issue(&Issued {
                        list_id: "annual-2018",
                        unit_id,
                        month: nov,
                        file: "f.xlsx",
                        rows: 2,
                        at,
                        by: "张三",
                    })?;
                }
                tx.form_log().record_return(&Returned {
                    list_id: "annual-2018",
                    unit_id: a,
                    month: nov,
                    file: "f.xlsx",
                    changed: 2,
                    unchanged: 0,
                    at: "2018-11-20 09:00:00",
                    by: "张三",
                    contact: &Contact {
                        filled_by: Some("王五".into()),
                        phone: Some("0575-88001234".into()),
                        ..Default::default()
                    },
                })
            })
            .unwrap();
        let contacts = ledger.form_log().contacts(nov).unwrap();
        assert_eq!(contacts["区建设局"].filled_by.as_deref(), Some("王五"));
        let issued = ledger.form_log().issued(nov, "annual-2018").unwrap();
        assert_eq!(issued.len(), 2);
        assert_eq!(issued["区建设局"], "2018-11-02 09:00:00");
        assert_eq!(ledger.form_log().returned_units(nov, "annual-2018").unwrap(), vec!["区建设局"]);
        assert!(ledger.form_log().issued(nov, "responsibility").unwrap().is_empty());
        ledger.write(|tx| tx.form_log().move_unit(a, b)).unwrap();
        assert_eq!(ledger.form_log().returned_units(nov, "annual-2018").unwrap(), vec!["区农办"]);
    }
}
