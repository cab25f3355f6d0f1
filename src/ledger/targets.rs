//! `target`, `target_unit` and `target_value`: the plan's 主要目标, who answers for each, its
//! baseline, and the actual values by period (current ones and replaced ones kept as history).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Write;
use super::plans::CURRENT_PLAN;
use crate::error::{Error, Result};
use crate::model::{Role, Target};

repository!(
    /// The plan's targets and their values.
    Targets
);

/// An actual value of a target for a period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TargetValue {
    pub id: i64,
    pub target: String,
    /// `2018` or `2018-11`.
    pub period: String,
    pub value: f64,
    /// Where the figure comes from (区环保分局监测月报).
    pub source: String,
    /// The unit that reported it, where one did.
    pub reported_by: String,
    pub entered_by: String,
    pub entered_at: String,
    /// `cli`, `app`, or the form's file name.
    pub origin: String,
    /// True for a value a later one replaced (kept as history).
    pub replaced: bool,
}

/// A value to record.
pub struct NewValue<'a> {
    pub target: &'a str,
    pub period: &'a str,
    pub value: f64,
    pub source: &'a str,
    pub reported_by: &'a str,
    pub entered_by: &'a str,
    pub entered_at: &'a str,
    pub origin: &'a str,
}

const VALUE_COLUMNS: &str =
    "v.id, t.code, v.period, v.value, v.source, v.reported_by, v.entered_by, v.entered_at, v.origin, v.replaced";

fn value_from_row(r: &rusqlite::Row) -> rusqlite::Result<TargetValue> {
    Ok(TargetValue {
        id: r.get(0)?,
        target: r.get(1)?,
        period: r.get(2)?,
        value: r.get(3)?,
        source: r.get(4)?,
        reported_by: r.get(5)?,
        entered_by: r.get(6)?,
        entered_at: r.get(7)?,
        origin: r.get(8)?,
        replaced: r.get(9)?,
    })
}

impl<M> Targets<'_, M> {
    /// The plan's targets in the document's order, with their units.
    pub fn all(&self) -> Result<Vec<Target>> {
        let sql = format!(
            "SELECT id, code, indicator, comparison, value, unit, year, quote, baseline, baseline_year, review
             FROM target WHERE plan_id = {CURRENT_PLAN} ORDER BY position"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Target {
                    code: r.get(1)?,
                    indicator: r.get(2)?,
                    comparison: r.get(3)?,
                    value: r.get(4)?,
                    unit: r.get(5)?,
                    year: r.get(6)?,
                    quote: r.get(7)?,
                    baseline: r.get(8)?,
                    baseline_year: r.get(9)?,
                    lead: Vec::new(),
                    partner: Vec::new(),
                    review: r.get(10)?,
                },
            ))
        })?;
        let mut targets: Vec<(i64, Target)> = rows.collect::<rusqlite::Result<_>>()?;
        let mut units: HashMap<i64, Vec<(Role, String)>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT tu.target_id, tu.role, u.name FROM target_unit tu JOIN unit u ON u.id = tu.unit_id
             ORDER BY tu.target_id, tu.role, tu.position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let role = if r.get::<_, String>(1)? == "lead" { Role::Lead } else { Role::Partner };
            units.entry(r.get(0)?).or_default().push((role, r.get(2)?));
        }
        for (id, t) in &mut targets {
            for (role, name) in units.remove(id).unwrap_or_default() {
                match role {
                    Role::Lead => t.lead.push(name),
                    Role::Partner => t.partner.push(name),
                }
            }
        }
        Ok(targets.into_iter().map(|(_, t)| t).collect())
    }

    /// One target by its code (`T-01`; `t-1` and `T1` are read the same).
    pub fn get(&self, code: &str) -> Result<Target> {
        let wanted = normalise_code(code);
        let all = self.all()?;
        match all.iter().position(|t| t.code == wanted) {
            Some(i) => Ok(all.into_iter().nth(i).expect("found")),
            None => Err(unknown(code, &all)),
        }
    }

    pub(crate) fn id_of(&self, code: &str) -> Result<i64> {
        let sql = format!("SELECT id FROM target WHERE plan_id = {CURRENT_PLAN} AND code = ?");
        match self.conn.query_row(&sql, [normalise_code(code)], |r| r.get(0)).optional()? {
            Some(id) => Ok(id),
            None => Err(unknown(code, &self.all()?)),
        }
    }

    /// The current values (one per target and period), in target order and period order.
    pub fn values(&self) -> Result<Vec<TargetValue>> {
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM target_value v JOIN target t ON t.id = v.target_id
             WHERE v.replaced = 0 AND t.plan_id = {CURRENT_PLAN} ORDER BY t.position, v.period"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], value_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every value of one target, replaced ones too, oldest first.
    pub fn history(&self, code: &str) -> Result<Vec<TargetValue>> {
        let id = self.id_of(code)?;
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM target_value v JOIN target t ON t.id = v.target_id
             WHERE v.target_id = ? ORDER BY v.period, v.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([id], value_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current value of a target for a period.
    pub fn current(&self, code: &str, period: &str) -> Result<Option<TargetValue>> {
        let id = self.id_of(code)?;
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM target_value v JOIN target t ON t.id = v.target_id
             WHERE v.target_id = ? AND v.period = ? AND v.replaced = 0"
        );
        Ok(self.conn.query_row(&sql, params![id, period], value_from_row).optional()?)
    }
}

fn unknown(code: &str, all: &[Target]) -> Error {
    let known = match (all.first(), all.last()) {
        (Some(a), Some(b)) => format!("{} 至 {}", a.code, b.code),
        _ => "（无）".to_string(),
    };
    Error::UnknownTarget { code: code.trim().to_string(), known }
}

/// `T-01` from `t-1`, `T1`, ` T-01 `.
pub fn normalise_code(code: &str) -> String {
    let t = code.trim().to_uppercase();
    let digits = t.trim_start_matches('T').trim_start_matches(['-', '－']);
    match digits.parse::<u32>() {
        Ok(n) => format!("T-{n:02}"),
        Err(_) => code.trim().to_string(),
    }
}

impl Targets<'_, Write> {
    /// Stores a target of a plan at `position`.
    pub fn insert(&self, plan_id: i64, position: usize, t: &Target) -> Result<()> {
        if crate::targets::Comparison::parse(&t.comparison).is_none() {
            return Err(Error::BadSetting {
                key: "comparison".into(),
                value: t.comparison.clone(),
                rule: "比较方式应为 <=、>=、<、>、= 之一。".into(),
            });
        }
        self.conn.execute(
            "INSERT INTO target (plan_id, position, code, indicator, comparison, value, unit, year, quote, baseline, baseline_year, review)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                plan_id,
                position as i64,
                t.code,
                t.indicator,
                t.comparison,
                t.value,
                t.unit,
                t.year,
                t.quote,
                t.baseline,
                t.baseline_year,
                t.review
            ],
        )?;
        Ok(())
    }

    /// Replaces a target's responsible units (directory ids, in order).
    pub fn set_units(&self, code: &str, lead: &[i64], partner: &[i64]) -> Result<()> {
        let id = self.id_of(code)?;
        self.conn.execute("DELETE FROM target_unit WHERE target_id = ?", [id])?;
        let mut stmt =
            self.conn.prepare_cached("INSERT INTO target_unit (target_id, role, position, unit_id) VALUES (?, ?, ?, ?)")?;
        for (role, units) in [("lead", lead), ("partner", partner)] {
            for (i, unit) in units.iter().enumerate() {
                stmt.execute(params![id, role, i as i64, unit])?;
            }
        }
        Ok(())
    }

    /// Corrects what a target says (a reading from a document the clerk fixed).
    pub fn set_reading(&self, code: &str, t: &Target) -> Result<()> {
        let id = self.id_of(code)?;
        self.conn.execute(
            "UPDATE target SET indicator = ?, comparison = ?, value = ?, unit = ?, year = ? WHERE id = ?",
            params![t.indicator, t.comparison, t.value, t.unit, t.year, id],
        )?;
        Ok(())
    }

    /// The clerk has checked a target read from a document.
    pub fn confirm(&self, code: &str) -> Result<()> {
        let id = self.id_of(code)?;
        self.conn.execute("UPDATE target SET review = NULL WHERE id = ?", [id])?;
        Ok(())
    }

    pub fn set_baseline(&self, code: &str, baseline: Option<f64>, year: Option<i32>) -> Result<()> {
        let id = self.id_of(code)?;
        self.conn.execute("UPDATE target SET baseline = ?, baseline_year = ? WHERE id = ?", params![baseline, year, id])?;
        Ok(())
    }

    /// Records a value: the same value and source again changes nothing (returns false); a
    /// different one replaces the current one, which stays as history.
    pub fn record(&self, v: &NewValue) -> Result<bool> {
        let id = self.id_of(v.target)?;
        let current: Option<(i64, f64, String)> = self
            .conn
            .query_row(
                "SELECT id, value, source FROM target_value WHERE target_id = ? AND period = ? AND replaced = 0",
                params![id, v.period],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((_, value, source)) = &current
            && (*value - v.value).abs() < 1e-9
            && source == v.source
        {
            return Ok(false);
        }
        if let Some((old, _, _)) = current {
            self.conn.execute("UPDATE target_value SET replaced = 1 WHERE id = ?", [old])?;
        }
        self.conn.execute(
            "INSERT INTO target_value (target_id, period, value, source, reported_by, entered_by, entered_at, origin)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            params![id, v.period, v.value, v.source, v.reported_by, v.entered_by, v.entered_at, v.origin],
        )?;
        Ok(true)
    }

    /// Moves a unit's responsibilities to another (a merge).
    pub fn move_unit(&self, from: i64, into: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM target_unit WHERE unit_id = ?1 AND target_id IN (SELECT target_id FROM target_unit WHERE unit_id = ?2)",
            params![from, into],
        )?;
        self.conn.execute("UPDATE target_unit SET unit_id = ? WHERE unit_id = ?", params![into, from])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn codes_units_and_values_with_history() {
        let (_dir, mut ledger) = testing::ledger();
        assert_eq!(normalise_code("t-1"), "T-01");
        assert_eq!(normalise_code("T15"), "T-15");
        assert_eq!(ledger.targets().get("T-99").unwrap_err().code(), "unknown_target");
        let unit = ledger.units().get("区环保分局").unwrap().id;
        let new = |value: f64, source: &'static str| NewValue {
            target: "T-01",
            period: "2018",
            value,
            source,
            reported_by: "区环保分局",
            entered_by: "张三",
            entered_at: "2019-01-10 09:00:00",
            origin: "cli",
        };
        ledger
            .write(|tx| {
                tx.targets().set_units("T-01", &[unit], &[])?;
                tx.targets().set_baseline("T-01", Some(45.0), Some(2017))?;
                assert!(tx.targets().record(&new(41.2, "监测月报"))?);
                assert!(!tx.targets().record(&new(41.2, "监测月报"))?, "the same value again changes nothing");
                assert!(tx.targets().record(&new(40.8, "监测年报"))?);
                Ok(())
            })
            .unwrap();
        let t = ledger.targets().get("t-1").unwrap();
        assert_eq!((t.lead.clone(), t.baseline, t.baseline_year), (vec!["区环保分局".to_string()], Some(45.0), Some(2017)));
        assert_eq!(ledger.targets().current("T-01", "2018").unwrap().unwrap().value, 40.8);
        let history = ledger.targets().history("T-01").unwrap();
        assert_eq!(history.len(), 2);
        assert!(history[0].replaced && !history[1].replaced);
        assert_eq!(ledger.targets().values().unwrap().len(), 1);
    }
}
