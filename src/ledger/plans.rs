//! `plan`: the plan a ledger follows.

use chrono::NaiveDate;
use rusqlite::params;

use super::Write;
use crate::error::Result;
use crate::model::Plan;

repository!(
    /// The plan and its targets.
    Plans
);

/// The plan the ledger follows, in SQL (the first stored).
pub(crate) const CURRENT_PLAN: &str = "(SELECT id FROM plan ORDER BY id LIMIT 1)";

/// A plan to store.
#[derive(Debug, Clone)]
pub struct NewPlan<'a> {
    pub title: &'a str,
    pub short_title: &'a str,
    pub issuer: &'a str,
    pub issuer_full: &'a str,
    pub issued_on: NaiveDate,
    pub horizon: NaiveDate,
}

/// Reads a stored `YYYY-MM-DD`; a value that is not one is a damaged ledger, said so.
pub(crate) fn stored_date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

impl<M> Plans<'_, M> {
    /// How many plans the ledger holds (0 for an empty file).
    pub fn count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM plan", [], |r| r.get(0))?)
    }

    /// The plan.
    pub fn get(&self) -> Result<Plan> {
        Ok(self.conn.query_row(
            "SELECT title, short_title, issuer, issuer_full, issued_on, horizon FROM plan ORDER BY id LIMIT 1",
            [],
            |r| {
                Ok(Plan {
                    title: r.get(0)?,
                    short_title: r.get(1)?,
                    issuer: r.get(2)?,
                    issuer_full: r.get(3)?,
                    issued_on: stored_date(&r.get::<_, String>(4)?)?,
                    horizon: stored_date(&r.get::<_, String>(5)?)?,
                })
            },
        )?)
    }
}

impl Plans<'_, Write> {
    /// Stores a plan; returns its id.
    pub fn insert(&self, plan: &NewPlan) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO plan (title, short_title, issuer, issuer_full, issued_on, horizon) VALUES (?, ?, ?, ?, ?, ?)",
            params![
                plan.title,
                plan.short_title,
                plan.issuer,
                plan.issuer_full,
                plan.issued_on.to_string(),
                plan.horizon.to_string()
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::testing;

    #[test]
    fn the_built_in_plan_and_its_targets() {
        let (_dir, ledger) = testing::ledger();
        let plans = ledger.plans();
        assert_eq!(plans.count().unwrap(), 1);
        let plan = plans.get().unwrap();
        assert_eq!(plan.issuer, "区府办");
        assert_eq!(plan.horizon.to_string(), "2022-12-31");
        let targets = ledger.targets().all().unwrap();
        assert_eq!(targets.len(), 23);
        assert_eq!(targets[0].indicator, "全区PM2.5平均浓度");
        assert_eq!(targets[0].comparison, "<=");
        assert_eq!(targets[0].code, "T-01");
        assert_eq!(targets[22].code, "T-23");
    }
}
