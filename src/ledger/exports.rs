//! `export_log`: every sheet, document and set of forms written, for the month's cycle and the
//! window's list of recent exports.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::Write;
use crate::error::Result;
use crate::timing::Month;

repository!(
    /// The record of exports.
    ExportLog
);

/// What was exported.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Table,
    Monthly,
    Summary,
    Forms,
    Notice,
    Bulletin,
    Scores,
    Targets,
}

impl ExportKind {
    pub const ALL: [ExportKind; 8] = [
        ExportKind::Table,
        ExportKind::Monthly,
        ExportKind::Summary,
        ExportKind::Forms,
        ExportKind::Notice,
        ExportKind::Bulletin,
        ExportKind::Scores,
        ExportKind::Targets,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Table => "table",
            ExportKind::Monthly => "monthly",
            ExportKind::Summary => "summary",
            ExportKind::Forms => "forms",
            ExportKind::Notice => "notice",
            ExportKind::Bulletin => "bulletin",
            ExportKind::Scores => "scores",
            ExportKind::Targets => "targets",
        }
    }

    pub fn parse(s: &str) -> Option<ExportKind> {
        ExportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Table => "任务清单",
            ExportKind::Monthly => "进展情况表",
            ExportKind::Summary => "统计汇总",
            ExportKind::Forms => "填报表",
            ExportKind::Notice => "督办/催办通知",
            ExportKind::Bulletin => "月度通报",
            ExportKind::Scores => "考核得分表",
            ExportKind::Targets => "主要目标完成情况表",
        }
    }
}

/// One export as recorded.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub id: i64,
    pub kind: ExportKind,
    pub list_id: Option<String>,
    pub month: Option<String>,
    /// The file, or the folder of a set of forms.
    pub path: String,
    pub at: String,
    pub by: String,
}

fn export_from_row(r: &rusqlite::Row) -> rusqlite::Result<Export> {
    let kind: String = r.get(1)?;
    Ok(Export {
        id: r.get(0)?,
        kind: ExportKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, format!("export kind {kind}").into())
        })?,
        list_id: r.get(2)?,
        month: r.get(3)?,
        path: r.get(4)?,
        at: r.get(5)?,
        by: r.get(6)?,
    })
}

const COLUMNS: &str = "id, kind, list_id, month, path, at, by";

impl<M> ExportLog<'_, M> {
    /// The latest exports, newest first.
    pub fn recent(&self, limit: usize) -> Result<Vec<Export>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM export_log ORDER BY id DESC LIMIT ?"))?;
        let rows = stmt.query_map([limit as i64], export_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Exports of a month, oldest first.
    pub fn of_month(&self, month: Month) -> Result<Vec<Export>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM export_log WHERE month = ? ORDER BY id"))?;
        let rows = stmt.query_map([month.to_string()], export_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl ExportLog<'_, Write> {
    pub fn record(
        &self,
        kind: ExportKind,
        list_id: Option<&str>,
        month: Option<Month>,
        path: &str,
        at: &str,
        by: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO export_log (kind, list_id, month, path, at, by) VALUES (?, ?, ?, ?, ?, ?)",
            params![kind.as_str(), list_id, month.map(|m| m.to_string()), path, at, by],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn recent_and_by_month() {
        let (_dir, mut ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        ledger
            .write(|tx| {
                tx.export_log().record(
                    ExportKind::Monthly,
                    Some("annual-2018"),
                    Some(nov),
                    "/x/m.xlsx",
                    "2018-11-26 10:00:00",
                    "张三",
                )?;
                tx.export_log().record(
                    ExportKind::Table,
                    Some("responsibility"),
                    None,
                    "/x/t.xlsx",
                    "2018-11-26 10:01:00",
                    "张三",
                )
            })
            .unwrap();
        let recent = ledger.export_log().recent(10).unwrap();
        assert_eq!(recent.len(), 2);
        assert_eq!(recent[0].kind, ExportKind::Table, "newest first");
        let month = ledger.export_log().of_month(nov).unwrap();
        assert_eq!(month.len(), 1);
        assert_eq!(month[0].path, "/x/m.xlsx");
    }
}
