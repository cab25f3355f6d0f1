//! 考核 score: points per unit per month for its tasks' lights and for late or missing reports,
//! from rules a clerk keeps in the settings as one line (`base=100;red=-2;yellow=-1;…`), with
//! the ranking the 通报 and the score sheet print. Off by default.

use serde::Serialize;

use super::text::points;
use crate::error::{Error, Result};
use crate::progress::Light;
use crate::settings::Meaning;
use crate::sheet;
use crate::timing::Month;

/// The rules: what each kind of task or report is worth. Every rule except `base` counts once
/// per task a unit leads.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRules {
    /// Whether scores are computed and cited at all (a separate setting; off by default).
    pub enabled: bool,
    /// 基础分 each unit starts from.
    pub base: f64,
    pub red: f64,
    pub yellow: f64,
    pub green: f64,
    /// Done before its deadline.
    pub early_done: f64,
    /// The unit did not report on the task this month.
    pub unreported: f64,
    /// The unit reported after the month's report day.
    pub late_report: f64,
}

impl Default for ScoreRules {
    fn default() -> Self {
        ScoreRules {
            enabled: false,
            base: 100.0,
            red: -2.0,
            yellow: -1.0,
            green: 0.0,
            early_done: 1.0,
            unreported: -1.0,
            late_report: -1.0,
        }
    }
}

/// One rule as the window's table shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    pub key: &'static str,
    pub label: &'static str,
    /// What it counts: 每项任务 or 每个单位.
    pub per: &'static str,
    pub points: f64,
}

/// Keys, Chinese labels, what they count.
pub const RULES: &[(&str, &str, &str)] = &[
    ("base", "基础分", "每个单位"),
    ("red", "红灯", "每项任务"),
    ("yellow", "黄灯", "每项任务"),
    ("green", "绿灯", "每项任务"),
    ("early_done", "提前完成", "每项任务"),
    ("unreported", "未报送", "每项任务"),
    ("late_report", "逾期报送", "每项任务"),
];

/// The rules' default text, for the settings.
pub const DEFAULT_RULES: &str = "base=100;red=-2;yellow=-1;green=0;early_done=1;unreported=-1;late_report=-1";

fn known_keys() -> String {
    RULES.iter().map(|(k, l, _)| format!("{k}（{l}）")).collect::<Vec<_>>().join("、")
}

impl ScoreRules {
    fn slot(&mut self, key: &str) -> Option<&mut f64> {
        Some(match key {
            "base" => &mut self.base,
            "red" => &mut self.red,
            "yellow" => &mut self.yellow,
            "green" => &mut self.green,
            "early_done" => &mut self.early_done,
            "unreported" => &mut self.unreported,
            "late_report" => &mut self.late_report,
            _ => return None,
        })
    }

    pub fn get(&self, key: &str) -> Option<f64> {
        self.clone().slot(key).map(|v| *v)
    }

    /// Reads the rules' text: `key=points` separated by `;` (or `；`, `,`, a new line); keys in
    /// English or as their Chinese labels (`红灯=-2`); rules not written keep their default.
    /// A bad rule gives one Chinese line naming it and the valid keys. `enabled` stays off.
    pub fn parse(text: &str) -> Result<ScoreRules> {
        let mut rules = ScoreRules::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for item in text.split([';', '；', ',', '，', '\n']) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let Some((k, v)) = item.split_once(['=', '＝', ':', '：']) else {
                return Err(Error::BadScoreRule {
                    rule: item.to_string(),
                    reason: format!("缺少分值。请写成“规则=分值”，例如 red=-2；可用的规则：{}。", known_keys()),
                });
            };
            let (k, v) = (k.trim(), v.trim());
            let Some((key, _, _)) = RULES.iter().find(|(key, label, _)| *key == k || *label == k) else {
                return Err(Error::BadScoreRule {
                    rule: item.to_string(),
                    reason: format!("“{k}”不认识。可用的规则：{}。", known_keys()),
                });
            };
            let number = v.replace(['−', '－', '—'], "-").replace('＋', "+");
            let value: f64 =
                number.parse().ok().filter(|x: &f64| x.is_finite() && x.abs() <= 1000.0).ok_or_else(|| Error::BadScoreRule {
                    rule: item.to_string(),
                    reason: format!("分值“{v}”不是 -1000 到 1000 之间的数。请写成如 {key}=-2。"),
                })?;
            if seen.contains(key) {
                return Err(Error::BadScoreRule { rule: k.to_string(), reason: "写了两次。请只保留一条。".into() });
            }
            seen.push(key);
            if let Some(slot) = rules.slot(key) {
                *slot = value;
            }
        }
        Ok(rules)
    }

    /// The rules' text for the settings, every rule written out.
    pub fn to_setting_string(&self) -> String {
        RULES.iter().map(|(k, _, _)| format!("{k}={}", points(self.get(k).unwrap_or(0.0)))).collect::<Vec<_>>().join(";")
    }

    /// The rules as rows for the window's table.
    pub fn table(&self) -> Vec<RuleRow> {
        RULES.iter().map(|(key, label, per)| RuleRow { key, label, per, points: self.get(key).unwrap_or(0.0) }).collect()
    }
}

/// One task a unit leads, in one month.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreInput {
    pub unit: String,
    pub light: Light,
    pub status: Option<Meaning>,
    /// Done before its deadline.
    pub done_early: bool,
    /// Reported after the month's report day.
    pub report_late: bool,
    /// Not reported this month.
    pub report_missing: bool,
}

/// How many tasks one rule counted and what they were worth.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreLine {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub points: f64,
}

/// One unit's score for the month.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitScore {
    pub unit: String,
    pub tasks: usize,
    pub total: f64,
    /// Every rule but `base`, in the rules' order, with its count (zero included).
    pub lines: Vec<ScoreLine>,
    /// 1 for the best; equal totals share a rank (1, 2, 2, 4).
    pub rank: usize,
}

impl UnitScore {
    pub fn count(&self, key: &str) -> usize {
        self.lines.iter().find(|l| l.key == key).map(|l| l.count).unwrap_or(0)
    }
}

fn tenths(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

/// Scores per unit, best first; units in the order they first appear among equals.
pub fn evaluate(rules: &ScoreRules, items: &[ScoreInput]) -> Vec<UnitScore> {
    let mut units: Vec<(String, Vec<&ScoreInput>)> = Vec::new();
    for it in items {
        match units.iter_mut().find(|(u, _)| *u == it.unit) {
            Some((_, v)) => v.push(it),
            None => units.push((it.unit.clone(), vec![it])),
        }
    }
    let mut scores: Vec<UnitScore> = units
        .into_iter()
        .map(|(unit, tasks)| {
            let counts = |key: &str| -> usize {
                tasks
                    .iter()
                    .filter(|t| match key {
                        "red" => t.light == Light::Red,
                        "yellow" => t.light == Light::Yellow,
                        "green" => t.light == Light::Green,
                        "early_done" => t.done_early && t.status == Some(Meaning::Done),
                        "unreported" => t.report_missing,
                        "late_report" => t.report_late && !t.report_missing,
                        _ => false,
                    })
                    .count()
            };
            let lines: Vec<ScoreLine> = RULES
                .iter()
                .filter(|(k, _, _)| *k != "base")
                .map(|(key, label, _)| {
                    let count = counts(key);
                    ScoreLine { key, label, count, points: count as f64 * rules.get(key).unwrap_or(0.0) }
                })
                .collect();
            let total = rules.base + lines.iter().map(|l| l.points).sum::<f64>();
            UnitScore { unit, tasks: tasks.len(), total: tenths(total) as f64 / 10.0, lines, rank: 0 }
        })
        .collect();
    // Stable: equal totals keep the order of first appearance.
    scores.sort_by_key(|s| std::cmp::Reverse(tenths(s.total)));
    for i in 0..scores.len() {
        scores[i].rank = if i > 0 && tenths(scores[i].total) == tenths(scores[i - 1].total) { scores[i - 1].rank } else { i + 1 };
    }
    scores
}

/// The score table's columns: 排名, 单位, one per rule, 得分.
pub fn table_headers() -> Vec<String> {
    let mut h = vec!["排名".to_string(), "单位".to_string(), "任务数".to_string()];
    h.extend(RULES.iter().filter(|(k, _, _)| *k != "base").map(|(_, l, _)| l.to_string()));
    h.push("得分".into());
    h
}

/// One unit's row under [`table_headers`].
pub fn table_row(s: &UnitScore) -> Vec<String> {
    let mut r = vec![s.rank.to_string(), s.unit.clone(), s.tasks.to_string()];
    r.extend(s.lines.iter().map(|l| l.count.to_string()));
    r.push(points(s.total));
    r
}

/// The score sheet in the government sheet format (`export scores`): title, a line with the
/// office and the month, the ranking, the rules as a note.
pub fn score_sheet(scores: &[UnitScore], rules: &ScoreRules, month: Month, plan_title: &str, office: &str) -> sheet::Table {
    let headers = table_headers();
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, h)| match i {
            1 => sheet::Column::new(h, 14.0, 22.0, sheet::Align::Center),
            _ => sheet::Column::count(h),
        })
        .collect();
    let rule_text: Vec<String> = rules
        .table()
        .iter()
        .map(|r| {
            if r.key == "base" {
                format!("{}{}分", r.label, points(r.points))
            } else {
                format!("{}{}{}分", r.label, r.per, points(r.points))
            }
        })
        .collect();
    sheet::Table::new("考核得分", format!("{plan_title}{}考核得分情况", month.label()), columns)
        .info(format!("填报单位：{office}"), format!("统计月份：{}", month.label()))
        .rows(scores.iter().map(|s| sheet::Row::data(table_row(s))).collect())
        .note(format!("说明：{}。得分相同的单位名次相同。", rule_text.join("，")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(unit: &str, light: Light) -> ScoreInput {
        ScoreInput { unit: unit.into(), light, status: None, done_early: false, report_late: false, report_missing: false }
    }

    #[test]
    fn off_by_default_with_the_usual_points() {
        let r = ScoreRules::default();
        assert!(!r.enabled);
        assert_eq!((r.red, r.yellow, r.unreported, r.early_done), (-2.0, -1.0, -1.0, 1.0));
        assert_eq!(ScoreRules::parse(DEFAULT_RULES).unwrap(), r);
        assert_eq!(ScoreRules::parse(&r.to_setting_string()).unwrap(), r);
    }

    #[test]
    fn parses_chinese_labels_and_full_width_signs() {
        let r = ScoreRules::parse("红灯＝－3；黄灯=-0.5\nearly_done=+2").unwrap();
        assert_eq!((r.red, r.yellow, r.early_done), (-3.0, -0.5, 2.0));
        // Not written: the default.
        assert_eq!(r.unreported, -1.0);
        assert_eq!(r.to_setting_string(), "base=100;red=-3;yellow=-0.5;green=0;early_done=2;unreported=-1;late_report=-1");
    }

    #[test]
    fn bad_rules_are_named() {
        let e = ScoreRules::parse("red=-2;blue=-1").unwrap_err().to_string();
        assert!(e.contains("blue") && e.contains("red（红灯）") && e.contains("late_report（逾期报送）"), "{e}");
        let e = ScoreRules::parse("red=abc").unwrap_err().to_string();
        assert!(e.contains("abc") && e.contains("red=-2"), "{e}");
        let e = ScoreRules::parse("red").unwrap_err().to_string();
        assert!(e.contains("缺少分值"), "{e}");
        let e = ScoreRules::parse("red=-2;红灯=-3").unwrap_err().to_string();
        assert!(e.contains("两次"), "{e}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn scores_rank_with_shared_places() {
        let rules = ScoreRules { enabled: true, ..ScoreRules::default() };
        let mut done = item("区农水局", Light::Green);
        done.status = Some(Meaning::Done);
        done.done_early = true;
        let mut missing = item("区综合执法局", Light::Unreported);
        missing.report_missing = true;
        let mut late = item("区经信局", Light::Yellow);
        late.report_late = true;
        let items = vec![
            item("区建设局", Light::Red),
            item("区建设局", Light::Green),
            done,
            item("区环保分局", Light::Yellow),
            item("区环保分局", Light::Green),
            missing,
            late,
        ];
        let s = evaluate(&rules, &items);
        let got: Vec<(&str, f64, usize)> = s.iter().map(|s| (s.unit.as_str(), s.total, s.rank)).collect();
        assert_eq!(
            got,
            vec![
                ("区农水局", 101.0, 1),
                ("区环保分局", 99.0, 2),
                ("区综合执法局", 99.0, 2),
                ("区建设局", 98.0, 4),
                ("区经信局", 98.0, 4)
            ]
        );
        let jianshe = s.iter().find(|s| s.unit == "区建设局").unwrap();
        assert_eq!((jianshe.tasks, jianshe.count("red"), jianshe.count("green")), (2, 1, 1));
        assert_eq!(table_row(&s[0]), vec!["1", "区农水局", "1", "0", "0", "1", "1", "0", "0", "101"]);
        assert_eq!(table_headers().len(), table_row(&s[0]).len());
    }

    #[test]
    fn score_sheet_has_the_ranking_and_the_rules() {
        let rules = ScoreRules::default();
        let s = evaluate(&rules, &[item("区建设局", Light::Red)]);
        let t = score_sheet(&s, &rules, Month::new(2018, 11).unwrap(), "越城区生态文明示范创建行动方案", "区美丽办");
        assert_eq!(t.title, "越城区生态文明示范创建行动方案2018年11月考核得分情况");
        assert_eq!(t.rows.len(), 1);
        assert!(t.notes[0].contains("基础分100分，红灯每项任务-2分，"), "{}", t.notes[0]);
    }
}
