//! `plan`: the plan a ledger follows.

use chrono::NaiveDate;
use rusqlite::params;

use super::Write;
use crate::error::{Error, Result};
use crate::model::Plan;

repository!(
    /// The plan and its targets.
    Plans
);

/// The plan this connection works on, in SQL: the one chosen for the command
/// ([`crate::ledger::Ledger::use_plan`]), else the one marked current, else the first.
pub(crate) const CURRENT_PLAN: &str =
    "(SELECT coalesce((SELECT id FROM temp.session_plan LIMIT 1), (SELECT id FROM plan ORDER BY current DESC, id LIMIT 1)))";

const PLAN_COLUMNS: &str = "id, title, short_title, issuer, issuer_full, issued_on, horizon, current, source";

fn plan_from_row(r: &rusqlite::Row) -> rusqlite::Result<Plan> {
    Ok(Plan {
        id: r.get(0)?,
        title: r.get(1)?,
        short_title: r.get(2)?,
        issuer: r.get(3)?,
        issuer_full: r.get(4)?,
        issued_on: stored_date(&r.get::<_, String>(5)?)?,
        horizon: stored_date(&r.get::<_, String>(6)?)?,
        current: r.get(7)?,
        source: r.get(8)?,
    })
}

/// A plan to store.
#[derive(Debug, Clone)]
pub struct NewPlan<'a> {
    /// The document it was read from; `None` for the built-in plan.
    pub source: Option<&'a str>,
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

    /// The plan this connection works on (see [`CURRENT_PLAN`]).
    pub fn get(&self) -> Result<Plan> {
        Ok(self.conn.query_row(&format!("SELECT {PLAN_COLUMNS} FROM plan WHERE id = {CURRENT_PLAN}"), [], plan_from_row)?)
    }

    /// The number the next plan stored will get.
    pub fn next_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM plan", [], |r| r.get(0))?)
    }

    /// How many lists, tasks and targets a plan holds.
    pub fn sizes(&self, id: i64) -> Result<(usize, usize, usize)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM task_list WHERE plan_id = ?1),
                    (SELECT count(*) FROM task t JOIN task_list l ON l.id = t.list_id WHERE l.plan_id = ?1),
                    (SELECT count(*) FROM target WHERE plan_id = ?1)",
            [id],
            |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize)),
        )?)
    }

    /// Every plan, oldest first.
    pub fn all(&self) -> Result<Vec<Plan>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {PLAN_COLUMNS} FROM plan ORDER BY id"))?;
        let rows = stmt.query_map([], plan_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One plan by its number, or an error naming the plans there are.
    pub fn by_id(&self, id: i64) -> Result<Plan> {
        let all = self.all()?;
        match all.iter().find(|p| p.id == id) {
            Some(p) => Ok(p.clone()),
            None => Err(Error::UnknownPlan {
                id: id.to_string(),
                known: all.iter().map(|p| format!("{}（{}）", p.id, p.short_title)).collect::<Vec<_>>().join("、"),
            }),
        }
    }
}

impl Plans<'_, Write> {
    /// Stores a plan; returns its id.
    pub fn insert(&self, plan: &NewPlan) -> Result<i64> {
        let first = self.count()? == 0;
        self.conn.execute(
            "INSERT INTO plan (title, short_title, issuer, issuer_full, issued_on, horizon, current, source)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                plan.title,
                plan.short_title,
                plan.issuer,
                plan.issuer_full,
                plan.issued_on.to_string(),
                plan.horizon.to_string(),
                first,
                plan.source
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Marks a plan as the current one.
    pub fn set_current(&self, id: i64) -> Result<()> {
        self.conn.execute("UPDATE plan SET current = (id = ?)", [id])?;
        Ok(())
    }

    /// Deletes a plan with its lists, tasks, reports and targets.
    pub fn delete(&self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM plan WHERE id = ?", [id])?;
        // Evidence no task uses any more.
        self.conn.execute("DELETE FROM blob WHERE sha256 NOT IN (SELECT sha256 FROM attachment)", [])?;
        if self.conn.query_row("SELECT count(*) FROM plan WHERE current = 1", [], |r| r.get::<_, i64>(0))? == 0 {
            self.conn.execute("UPDATE plan SET current = 1 WHERE id = (SELECT min(id) FROM plan)", [])?;
        }
        Ok(())
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
