//! The plan's 主要目标, the domain rules: how a target compares, the periods values are
//! recorded for, and how a value is judged against the target (已达标 / 有望达标 / 存在风险 /
//! 未达标) on the straight path from the baseline to the target. Written down in `docs/rules.md`.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Target;
use crate::progress::Light;
use crate::timing::Month;

/// `T-01` for the first target of a plan (`index` counts from 0).
pub fn target_code(index: usize) -> String {
    format!("T-{:02}", index + 1)
}

/// How a target compares a value with its target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    AtMost,
    AtLeast,
    Below,
    Above,
    /// `=`: 100% read as "all"; 99.5% is not met.
    Exactly,
}

/// Two values this close are equal (values are typed with a few decimals).
const EPSILON: f64 = 1e-9;

impl Comparison {
    pub fn parse(s: &str) -> Option<Comparison> {
        Some(match s.trim() {
            "<=" | "≤" => Comparison::AtMost,
            ">=" | "≥" => Comparison::AtLeast,
            "<" => Comparison::Below,
            ">" => Comparison::Above,
            "=" => Comparison::Exactly,
            _ => return None,
        })
    }

    /// As printed in a sheet: ≤ 38, ≥ 81%, = 100%.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtMost => "≤",
            Comparison::AtLeast => "≥",
            Comparison::Below => "<",
            Comparison::Above => ">",
            Comparison::Exactly => "=",
        }
    }

    pub fn is_met(self, value: f64, target: f64) -> bool {
        match self {
            Comparison::AtMost => value <= target + EPSILON,
            Comparison::AtLeast => value >= target - EPSILON,
            Comparison::Below => value < target - EPSILON,
            Comparison::Above => value > target + EPSILON,
            Comparison::Exactly => (value - target).abs() <= EPSILON,
        }
    }

    /// Whether lower values are better, going from `start` towards `target`.
    fn lower_is_better(self, start: f64, target: f64) -> bool {
        match self {
            Comparison::AtMost | Comparison::Below => true,
            Comparison::AtLeast | Comparison::Above => false,
            Comparison::Exactly => target < start,
        }
    }
}

/// The period a value is recorded for: a year (an annual figure) or a month (a monthly
/// monitored figure such as PM2.5, the year to date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Month(Month),
}

impl Period {
    /// `2018`, `2018年`, `2018-11`, `2018年11月`.
    pub fn parse(s: &str) -> Result<Period> {
        let t = s.trim();
        if let Ok(y) = t.trim_end_matches('年').parse::<i32>()
            && (1900..=2999).contains(&y)
        {
            return Ok(Period::Year(y));
        }
        Month::parse(t).map(Period::Month).map_err(|_| Error::BadPeriod { value: s.to_string() })
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) => y,
            Period::Month(m) => m.year,
        }
    }

    /// The last day the figure covers.
    pub fn end(self) -> NaiveDate {
        match self {
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).expect("valid year"),
            Period::Month(m) => m.last_day(),
        }
    }

    /// `2018年` or `2018年11月`.
    pub fn label(self) -> String {
        match self {
            Period::Year(y) => format!("{y}年"),
            Period::Month(m) => m.label(),
        }
    }

    /// Whether a figure of `other` belongs to this period: the period itself, or a month of this
    /// year.
    pub fn covers(self, other: Period) -> bool {
        match (self, other) {
            (a, b) if a == b => true,
            (Period::Year(y), Period::Month(m)) => m.year == y,
            _ => false,
        }
    }
}

impl fmt::Display for Period {
    /// As stored: `2018` or `2018-11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Month(m) => write!(f, "{m}"),
        }
    }
}

/// How far from the plan's year a value may be recorded: from the plan's year to five years
/// after the target's.
pub fn check_period(period: Period, plan_year: i32, target: &Target) -> Result<()> {
    let last = target.year + 5;
    if period.year() < plan_year || period.year() > last {
        return Err(Error::PeriodOutOfRange { value: period.label(), first: plan_year, last });
    }
    Ok(())
}

/// A target's standing in a period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    /// 已达标: the value meets the target.
    Met,
    /// 有望达标: not met yet, on (or close to) the straight path from the baseline.
    OnPath,
    /// 存在风险: behind the path by more than the setting.
    AtRisk,
    /// 未达标: the target year is over and the value does not meet it.
    Missed,
    /// 未报送: no value for the period.
    NoValue,
    /// 待设基期: not met, and neither a baseline nor an earlier value to draw the path from.
    NoBaseline,
}

impl TargetState {
    pub const ALL: [TargetState; 6] = [
        TargetState::Met,
        TargetState::OnPath,
        TargetState::AtRisk,
        TargetState::Missed,
        TargetState::NoValue,
        TargetState::NoBaseline,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TargetState::Met => "已达标",
            TargetState::OnPath => "有望达标",
            TargetState::AtRisk => "存在风险",
            TargetState::Missed => "未达标",
            TargetState::NoValue => "未报送",
            TargetState::NoBaseline => "待设基期",
        }
    }

    /// The 亮灯 cell: 绿灯, 黄灯, 红灯, 未报送, or 无法判断 where there is no path to judge by.
    pub fn light_label(self) -> &'static str {
        match self {
            TargetState::NoBaseline => "无法判断",
            s => s.light().label(),
        }
    }

    pub fn light(self) -> Light {
        match self {
            TargetState::Met | TargetState::OnPath => Light::Green,
            TargetState::AtRisk => Light::Yellow,
            TargetState::Missed => Light::Red,
            TargetState::NoValue => Light::Unreported,
            TargetState::NoBaseline => Light::Unassigned,
        }
    }
}

/// The rules in one line, for the legend of the 主要目标完成情况表.
pub fn legend(margin_percent: f64) -> String {
    format!(
        "完成情况说明：已达标（绿灯）——当前值已达到目标；有望达标（绿灯）——未达到目标，但不低于从基期值到目标值按时间均匀推进的序时目标值，或差距不超过总改善幅度的 {}%；存在风险（黄灯）——差距超过该幅度；未达标（红灯）——目标年份已过仍未达到；未报送——本期没有数据；待设基期——未达到目标且没有基期值或更早的数据，无法判断进度。",
        number(margin_percent)
    )
}

/// What the straight path is drawn from: a value and the day it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathStart {
    pub value: f64,
    pub on: NaiveDate,
}

/// A target judged in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub state: TargetState,
    /// The value on the straight path at the end of the period (序时目标值), where there is a path.
    pub expected: Option<f64>,
    pub reason: String,
}

/// Judges `value` (the figure of a period ending on `period_end`) against the target.
/// `start` is the baseline, or else the earliest earlier figure. `margin_percent` is how far
/// behind the path, as a share of the whole change from the start to the target, still counts
/// as 有望达标.
pub fn judge(
    comparison: Comparison,
    target: f64,
    target_year: i32,
    value: Option<f64>,
    period_end: NaiveDate,
    start: Option<PathStart>,
    margin_percent: f64,
) -> Judgement {
    let Some(value) = value else {
        return Judgement { state: TargetState::NoValue, expected: None, reason: "本期没有数据".into() };
    };
    if comparison.is_met(value, target) {
        return Judgement { state: TargetState::Met, expected: None, reason: "已达到目标".into() };
    }
    let target_end = NaiveDate::from_ymd_opt(target_year, 12, 31).expect("valid year");
    if period_end >= target_end {
        return Judgement {
            state: TargetState::Missed,
            expected: None,
            reason: format!("目标年份（{target_year}年）已到，当前值 {} 未达到目标", number(value)),
        };
    }
    let Some(start) = start.filter(|s| s.on < target_end) else {
        return Judgement {
            state: TargetState::NoBaseline,
            expected: None,
            reason: "未设基期值，也没有更早的数据，无法判断进度".into(),
        };
    };
    let total = (target_end - start.on).num_days() as f64;
    let elapsed = (period_end - start.on).num_days().max(0) as f64;
    let share = (elapsed / total).clamp(0.0, 1.0);
    let expected = start.value + (target - start.value) * share;
    let lower_better = comparison.lower_is_better(start.value, target);
    // How far behind the path the value is (0 or less: on or ahead of it).
    let behind = if lower_better { value - expected } else { expected - value };
    let span = (target - start.value).abs();
    let tolerance = margin_percent / 100.0 * if span > EPSILON { span } else { target.abs() };
    let expected_text = number(round2(expected));
    if behind <= EPSILON {
        Judgement {
            state: TargetState::OnPath, expected: Some(expected), reason: format!("达到序时目标值 {expected_text}")
        }
    } else if behind <= tolerance + EPSILON {
        Judgement {
            state: TargetState::OnPath,
            expected: Some(expected),
            reason: format!("略落后于序时目标值 {expected_text}（差距在允许范围内）"),
        }
    } else {
        Judgement {
            state: TargetState::AtRisk,
            expected: Some(expected),
            reason: format!("落后于序时目标值 {expected_text}，差距超过总改善幅度的 {}%", number(margin_percent)),
        }
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A figure as a clerk writes it: 38, 81.5, 8.7 (no trailing zeros).
pub fn number(v: f64) -> String {
    if v.fract().abs() < EPSILON && v.abs() < 1e15 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The target as written in a sheet: `≤38微克/立方米`, `≥81%`, `=100%`.
pub fn target_text(t: &Target) -> String {
    let symbol = Comparison::parse(&t.comparison).map(Comparison::symbol).unwrap_or("");
    format!("{symbol}{}{}", number(t.value), t.unit)
}

/// A value a person typed: `41.2`, `81%`, `８１` (full-width digits), with the message naming it.
pub fn parse_value(s: &str) -> Result<f64> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    let t = t.trim_end_matches(['%', '％']).trim();
    t.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() < 1e12).ok_or_else(|| Error::BadValue { value: s.to_string() })
}

/// A baseline as typed: value and year both, or neither (blank counts as not given); `2017` or
/// `2017年`.
pub fn parse_baseline(value: Option<&str>, year: Option<&str>) -> Result<Option<(f64, i32)>> {
    fn given(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|v| !v.is_empty())
    }
    match (given(value), given(year)) {
        (Some(v), Some(y)) => {
            let year = y.trim_end_matches('年').parse::<i32>().map_err(|_| Error::BadBaselineYear { value: y.to_string() })?;
            Ok(Some((parse_value(v)?, year)))
        }
        (None, None) => Ok(None),
        _ => Err(Error::BaselineHalfGiven),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baselines_are_value_and_year_or_nothing() {
        assert_eq!(parse_baseline(Some("45"), Some("2017年")).unwrap(), Some((45.0, 2017)));
        assert_eq!(parse_baseline(Some(" "), None).unwrap(), None);
        assert_eq!(parse_baseline(Some("45"), None).unwrap_err().code(), Error::BaselineHalfGiven.code());
        assert!(parse_baseline(Some("45"), Some("去年")).is_err());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn comparisons_and_all_means_all() {
        assert!(Comparison::AtMost.is_met(38.0, 38.0));
        assert!(!Comparison::AtMost.is_met(38.1, 38.0));
        assert!(Comparison::AtLeast.is_met(81.0, 81.0));
        assert!(!Comparison::Above.is_met(92.0, 92.0));
        assert!(Comparison::Above.is_met(92.1, 92.0));
        assert!(Comparison::Exactly.is_met(100.0, 100.0));
        assert!(!Comparison::Exactly.is_met(99.5, 100.0), "99.5% is not all");
        assert_eq!(Comparison::parse("≥"), Some(Comparison::AtLeast));
        assert_eq!(Comparison::parse("~"), None);
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("2018").unwrap(), Period::Year(2018));
        assert_eq!(Period::parse("2018年").unwrap(), Period::Year(2018));
        assert_eq!(Period::parse("2018-11").unwrap().to_string(), "2018-11");
        assert_eq!(Period::parse("2018年11月").unwrap().label(), "2018年11月");
        assert_eq!(Period::parse("明年").unwrap_err().code(), "bad_period");
        assert_eq!(Period::Year(2018).end(), d(2018, 12, 31));
        assert!(Period::Year(2018).covers(Period::parse("2018-11").unwrap()));
        assert!(!Period::parse("2018-11").unwrap().covers(Period::Year(2018)));
    }

    #[test]
    fn met_missed_and_the_path() {
        let start = Some(PathStart { value: 45.0, on: d(2017, 12, 31) });
        // PM2.5 ≤ 38 by 2020, from 45 at the end of 2017: the path at the end of 2018 is 42.67.
        let j = judge(Comparison::AtMost, 38.0, 2020, Some(42.0), d(2018, 12, 31), start, 10.0);
        assert_eq!(j.state, TargetState::OnPath, "{j:?}");
        assert!((j.expected.unwrap() - 42.667).abs() < 0.01);
        // 43.2 is 0.53 behind; 10% of the 7 to go is 0.7: still on the path.
        assert_eq!(judge(Comparison::AtMost, 38.0, 2020, Some(43.2), d(2018, 12, 31), start, 10.0).state, TargetState::OnPath);
        // 44 is 1.33 behind: at risk.
        let j = judge(Comparison::AtMost, 38.0, 2020, Some(44.0), d(2018, 12, 31), start, 10.0);
        assert_eq!(j.state, TargetState::AtRisk);
        assert!(j.reason.contains("42.67"), "{}", j.reason);
        // Met at any time.
        assert_eq!(judge(Comparison::AtMost, 38.0, 2020, Some(37.5), d(2018, 12, 31), start, 10.0).state, TargetState::Met);
        // The target year's figure not met: missed.
        assert_eq!(judge(Comparison::AtMost, 38.0, 2020, Some(39.0), d(2020, 12, 31), start, 10.0).state, TargetState::Missed);
        // A month of the target year is still on the way.
        assert_eq!(judge(Comparison::AtMost, 38.0, 2020, Some(38.2), d(2020, 11, 30), start, 10.0).state, TargetState::OnPath);
        // Rising targets: 森林覆盖率 ≥ 27 from 25.
        let up = Some(PathStart { value: 25.0, on: d(2017, 12, 31) });
        assert_eq!(judge(Comparison::AtLeast, 27.0, 2020, Some(25.2), d(2018, 12, 31), up, 10.0).state, TargetState::AtRisk);
        assert_eq!(judge(Comparison::AtLeast, 27.0, 2020, Some(25.7), d(2018, 12, 31), up, 10.0).state, TargetState::OnPath);
    }

    #[test]
    fn no_value_and_no_baseline() {
        assert_eq!(judge(Comparison::AtMost, 38.0, 2020, None, d(2018, 12, 31), None, 10.0).state, TargetState::NoValue);
        let j = judge(Comparison::Exactly, 100.0, 2022, Some(99.5), d(2018, 12, 31), None, 10.0);
        assert_eq!(j.state, TargetState::NoBaseline);
        assert_eq!(j.state.light(), Light::Unassigned);
    }

    #[test]
    fn values_as_typed() {
        assert_eq!(parse_value(" 41.2 ").unwrap(), 41.2);
        assert_eq!(parse_value("81%").unwrap(), 81.0);
        assert_eq!(parse_value("８１．５").unwrap(), 81.5);
        assert_eq!(parse_value("较好").unwrap_err().code(), "bad_value");
        assert_eq!(parse_value("NaN").unwrap_err().code(), "bad_value");
        assert_eq!(number(38.0), "38");
        assert_eq!(number(8.70), "8.7");
    }
}
