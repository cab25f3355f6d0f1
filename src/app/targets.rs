//! The plan's 主要目标: list them judged for a period, set who answers for one and its baseline,
//! record an actual value.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::targets::{NewValue, TargetValue};
use crate::ledger::{Ledger, now_text};
use crate::model::{MAX_TEXT_CHARS, Target, UnitKind, UnitName, clean_text};
use crate::progress::{Light, ReportSource};
use crate::settings::Settings;
use crate::targets::{Comparison, PathStart, Period, TargetState, check_period, judge, parse_value};

/// A target as judged for a period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TargetStatus {
    pub target: Target,
    /// The period the value is of (`2018`, `2018-11`), where there is one.
    pub period: Option<String>,
    pub period_label: Option<String>,
    pub value: Option<f64>,
    /// Where the value comes from, and who reported it.
    pub source: String,
    pub reported_by: String,
    pub state: TargetState,
    pub light: Light,
    /// 序时目标值: the value on the straight path at the end of the period.
    pub expected: Option<f64>,
    pub reason: String,
    /// Current values of every period, oldest first (the trend).
    pub values: Vec<TargetValue>,
}

/// Every target judged for `period` (the value of that period, or for a year the latest month
/// of it), or, without a period, each on its latest value.
pub fn target_statuses(ledger: &Ledger, period: Option<Period>) -> Result<Vec<TargetStatus>> {
    let margin = Settings::load(ledger)?.target_risk_margin;
    let mut by_target: HashMap<String, Vec<(Period, TargetValue)>> = HashMap::new();
    for v in ledger.targets().values()? {
        if let Ok(p) = Period::parse(&v.period) {
            by_target.entry(v.target.clone()).or_default().push((p, v));
        }
    }
    let mut out = Vec::new();
    for target in ledger.targets().all()? {
        let mut values = by_target.remove(&target.code).unwrap_or_default();
        values.sort_by_key(|(p, _)| (p.end(), matches!(p, Period::Year(_))));
        let used = match period {
            Some(wanted) => {
                values.iter().rev().find(|(p, _)| *p == wanted).or_else(|| values.iter().rev().find(|(p, _)| wanted.covers(*p)))
            }
            None => values.last(),
        };
        let period_end = used.map(|(p, _)| p.end()).or(period.map(Period::end));
        let start = match (target.baseline, target.baseline_year) {
            (Some(value), Some(year)) => Some(PathStart { value, on: Period::Year(year).end() }),
            _ => used.and_then(|(up, _)| {
                values.iter().find(|(p, _)| p.end() < up.end()).map(|(p, v)| PathStart { value: v.value, on: p.end() })
            }),
        };
        let comparison = Comparison::parse(&target.comparison).unwrap_or(Comparison::Exactly);
        let judgement = match period_end {
            Some(end) => judge(comparison, target.value, target.year, used.map(|(_, v)| v.value), end, start, margin),
            None => judge(comparison, target.value, target.year, None, crate::timing::today(), start, margin),
        };
        out.push(TargetStatus {
            period: used.map(|(p, _)| p.to_string()),
            period_label: used.map(|(p, _)| p.label()),
            value: used.map(|(_, v)| v.value),
            source: used.map(|(_, v)| v.source.clone()).unwrap_or_default(),
            reported_by: used.map(|(_, v)| v.reported_by.clone()).unwrap_or_default(),
            state: judgement.state,
            light: judgement.state.light(),
            expected: judgement.expected,
            reason: judgement.reason,
            values: values.into_iter().map(|(_, v)| v).collect(),
            target,
        });
    }
    Ok(out)
}

/// What to change on a target; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TargetChange {
    pub lead: Option<Vec<UnitName>>,
    pub partner: Option<Vec<UnitName>>,
    /// 基期值 and its year, given together.
    pub baseline: Option<(f64, i32)>,
    /// A corrected reading of a target read from a plan's document.
    pub reading: Option<TargetReading>,
}

/// What a target says: the indicator, how it compares, the value, its unit and year.
#[derive(Debug, Clone, Default)]
pub struct TargetReading {
    pub indicator: Option<String>,
    pub comparison: Option<String>,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub year: Option<i32>,
}

/// Sets who answers for a target and its baseline.
pub fn set_target(ledger: &mut Ledger, code: &str, change: &TargetChange) -> Result<Target> {
    let target = ledger.targets().get(code)?;
    let resolve = |names: &[UnitName]| -> Result<Vec<(i64, String)>> {
        let mut out: Vec<(i64, String)> = Vec::new();
        for n in names {
            let u = ledger.units().get(n.as_str())?;
            if u.kind == UnitKind::Group {
                return Err(Error::BadUnitName {
                    name: u.name,
                    rule: "主要目标的责任单位须是具体单位，不能是“各镇街”“相关部门”这类泛指。".into(),
                });
            }
            if out.iter().any(|(id, _)| *id == u.id) {
                return Err(Error::DuplicateUnit { task: target.code.clone(), name: u.name });
            }
            out.push((u.id, u.name));
        }
        Ok(out)
    };
    let current_ids = |names: &[String]| -> Result<Vec<UnitName>> { names.iter().map(|n| UnitName::parse(n)).collect() };
    let lead = resolve(&match &change.lead {
        Some(l) => l.clone(),
        None => current_ids(&target.lead)?,
    })?;
    let partner = resolve(&match &change.partner {
        Some(p) => p.clone(),
        None => current_ids(&target.partner)?,
    })?;
    if let Some((_, name)) = partner.iter().find(|(id, _)| lead.iter().any(|(l, _)| l == id)) {
        return Err(Error::DuplicateUnit { task: target.code.clone(), name: name.clone() });
    }
    // A corrected reading, checked whole.
    let mut read = target.clone();
    if let Some(r) = &change.reading {
        if let Some(i) = &r.indicator {
            let i = clean_text("指标", i, 100)?;
            if i.is_empty() {
                return Err(Error::BadTargetReading { what: "指标名称不能为空。".into() });
            }
            read.indicator = i;
        }
        if let Some(c) = &r.comparison {
            let c = Comparison::parse(c).ok_or_else(|| Error::BadTargetReading {
                what: format!("比较方式“{c}”不认识：应为 <=、>=、<、>、=（或 ≤、≥）之一。"),
            })?;
            read.comparison = match c {
                Comparison::AtMost => "<=",
                Comparison::AtLeast => ">=",
                Comparison::Below => "<",
                Comparison::Above => ">",
                Comparison::Exactly => "=",
            }
            .into();
        }
        if let Some(v) = r.value {
            read.value = v;
        }
        if let Some(u) = &r.unit {
            read.unit = clean_text("单位", u, 20)?;
        }
        if let Some(y) = r.year {
            if !(1990..=2100).contains(&y) {
                return Err(Error::BadTargetReading { what: format!("目标年份“{y}”不正确，如 2020。") });
            }
            read.year = y;
        }
    }
    if let Some((_, year)) = change.baseline
        && !(1990..read.year).contains(&year)
    {
        return Err(Error::BadBaselineYear { value: year.to_string() });
    }
    ledger.write(|tx| {
        let ids = |v: &[(i64, String)]| v.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        tx.targets().set_units(&target.code, &ids(&lead), &ids(&partner))?;
        if let Some((value, year)) = change.baseline {
            tx.targets().set_baseline(&target.code, Some(value), Some(year))?;
        }
        if change.reading.is_some() {
            tx.targets().set_reading(&target.code, &read)?;
        }
        Ok(())
    })?;
    ledger.targets().get(&target.code)
}

/// The clerk has checked a target read from a plan's document: its 待核对 is cleared.
pub fn confirm_target(ledger: &mut Ledger, code: &str) -> Result<Target> {
    let target = ledger.targets().get(code)?;
    ledger.write(|tx| tx.targets().confirm(&target.code))?;
    ledger.targets().get(&target.code)
}

/// An actual value as a person gives it (the window, the CLI): text fields, checked here.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RawTargetValue {
    pub target: String,
    pub period: String,
    pub value: String,
    pub source: String,
    /// The unit that reported it (optional).
    pub unit: String,
}

/// A value checked against the ledger, ready to record.
#[derive(Debug, Clone)]
pub struct CheckedTargetValue {
    pub target: Target,
    pub period: Period,
    pub value: f64,
    pub source: String,
    pub unit: String,
}

/// Checks a value: known target, a number, a period from the plan's year to five years after
/// the target's, a known unit.
pub fn check_target_value(ledger: &Ledger, raw: &RawTargetValue) -> Result<CheckedTargetValue> {
    let target = ledger.targets().get(&raw.target)?;
    let value = parse_value(&raw.value)?;
    let period = Period::parse(&raw.period)?;
    let plan_year = chrono::Datelike::year(&ledger.plans().get()?.issued_on);
    check_period(period, plan_year, &target)?;
    let source = clean_text("数据来源", &raw.source, MAX_TEXT_CHARS)?;
    let unit = if raw.unit.trim().is_empty() { String::new() } else { ledger.units().get(raw.unit.trim())?.name };
    Ok(CheckedTargetValue { target, period, value, source, unit })
}

/// Records a value of a target for a period. The same value again changes nothing (false);
/// a different one replaces the earlier, which stays as history.
pub fn record_target_value(ledger: &mut Ledger, raw: &RawTargetValue, origin: ReportSource) -> Result<bool> {
    let checked = check_target_value(ledger, raw)?;
    let who = Settings::load(ledger)?.clerk_name;
    ledger.write(|tx| record_target_value_in(tx, &checked, &origin, &who))
}

/// Records a checked value inside a transaction.
pub(crate) fn record_target_value_in(
    tx: &crate::ledger::Tx<'_>,
    v: &CheckedTargetValue,
    origin: &ReportSource,
    who: &str,
) -> Result<bool> {
    tx.targets().record(&NewValue {
        target: &v.target.code,
        period: &v.period.to_string(),
        value: v.value,
        source: &v.source,
        reported_by: &v.unit,
        entered_by: who,
        entered_at: &now_text(),
        origin: origin.as_stored(),
    })
}

/// Every value of one target, replaced ones too, oldest first.
pub fn target_history(ledger: &Ledger, code: &str) -> Result<Vec<TargetValue>> {
    ledger.targets().history(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    fn raw(target: &str, period: &str, value: &str) -> RawTargetValue {
        RawTargetValue {
            target: target.into(),
            period: period.into(),
            value: value.into(),
            source: "监测月报".into(),
            unit: "".into(),
        }
    }

    #[test]
    fn set_record_and_judge() {
        let (_dir, mut ledger) = testing::ledger();
        let n = |s: &str| UnitName::parse(s).unwrap();
        let t = set_target(
            &mut ledger,
            "T-01",
            &TargetChange { lead: Some(vec![n("区环保分局")]), baseline: Some((45.0, 2017)), ..Default::default() },
        )
        .unwrap();
        assert_eq!(t.lead, vec!["区环保分局"]);
        assert!(record_target_value(&mut ledger, &raw("T-01", "2018", "41.2"), ReportSource::Cli).unwrap());
        assert!(!record_target_value(&mut ledger, &raw("T-01", "2018", "41.2"), ReportSource::Cli).unwrap());
        let all = target_statuses(&ledger, Some(Period::Year(2018))).unwrap();
        assert_eq!(all.len(), 23);
        let pm = &all[0];
        assert_eq!((pm.value, pm.state), (Some(41.2), TargetState::OnPath));
        // A monthly figure of 2019 on its own.
        record_target_value(&mut ledger, &raw("T-01", "2019-06", "44"), ReportSource::Cli).unwrap();
        let pm = &target_statuses(&ledger, Some(Period::Year(2019))).unwrap()[0];
        assert_eq!((pm.period.as_deref(), pm.state), (Some("2019-06"), TargetState::AtRisk));
        // Nothing recorded: 未报送.
        assert_eq!(all[4].state, TargetState::NoValue);
    }

    #[test]
    fn bad_values_change_nothing() {
        let (_dir, mut ledger) = testing::ledger();
        let code =
            |ledger: &mut Ledger, r: RawTargetValue| record_target_value(ledger, &r, ReportSource::Cli).unwrap_err().code();
        assert_eq!(code(&mut ledger, raw("T-99", "2018", "1")), "unknown_target");
        assert_eq!(code(&mut ledger, raw("T-01", "2018", "较好")), "bad_value");
        assert_eq!(code(&mut ledger, raw("T-01", "2017", "40")), "period_out_of_range");
        assert_eq!(code(&mut ledger, raw("T-01", "2026", "40")), "period_out_of_range");
        assert_eq!(code(&mut ledger, raw("T-01", "明年", "40")), "bad_period");
        assert!(ledger.targets().values().unwrap().is_empty());
        let n = |s: &str| UnitName::parse(s).unwrap();
        let err = set_target(&mut ledger, "T-01", &TargetChange { lead: Some(vec![n("各镇街")]), ..Default::default() });
        assert_eq!(err.unwrap_err().code(), "bad_unit_name");
        let err = set_target(&mut ledger, "T-01", &TargetChange { baseline: Some((45.0, 2020)), ..Default::default() });
        assert_eq!(err.unwrap_err().code(), "bad_baseline_year");
        assert!(ledger.targets().get("T-01").unwrap().baseline.is_none());
        // A reading corrected.
        let fix = TargetReading { comparison: Some("≥".into()), value: Some(40.0), year: Some(2021), ..Default::default() };
        let t = set_target(&mut ledger, "T-01", &TargetChange { reading: Some(fix), ..Default::default() }).unwrap();
        assert_eq!((t.comparison.as_str(), t.value, t.year), (">=", 40.0, 2021));
        let bad = TargetReading { comparison: Some("约".into()), ..Default::default() };
        let err = set_target(&mut ledger, "T-01", &TargetChange { reading: Some(bad), ..Default::default() });
        assert_eq!(err.unwrap_err().code(), "bad_target_reading");
    }
}
