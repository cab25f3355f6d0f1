//! Months, deadlines written in words, and 序时进度 (the elapsed share of a task's period).

use std::fmt;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Today, in local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A reporting month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=2999).contains(&year)).then_some(Month { year, month })
    }

    /// Parses `YYYY-MM` (also `YYYY-M`, `YYYY年MM月`), with a message naming the wrong value.
    pub fn parse(s: &str) -> Result<Month> {
        let t = s.trim();
        let parsed = t
            .strip_suffix('月')
            .and_then(|x| x.split_once('年'))
            .or_else(|| t.split_once('-'))
            .and_then(|(y, m)| Some((y.trim().parse::<i32>().ok()?, m.trim().parse::<u32>().ok()?)))
            .and_then(|(y, m)| Month::new(y, m));
        parsed.ok_or_else(|| Error::BadMonth { value: s.to_string() })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { year: self.year, month: self.month + 1 } }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { year: self.year, month: self.month - 1 } }
    }

    /// `2018年11月`
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Parses a date a person types: `2018-11-26`, `2018/11/26`, `2018.11.26`, `2018年11月26日`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .filter(|d| (1900..=2999).contains(&d.year()))
        .ok_or_else(|| Error::BadDate { value: s.to_string() })
}

/// A due date a person types: a date (`2019-06-30`, `2019/6/30`, `2019年6月30日`) or the words
/// of a deadline (`2019年6月底`, `2019年底`, `2019`).
pub fn parse_due(s: &str) -> Result<NaiveDate> {
    parse_date(s).or_else(|_| {
        let t = s.trim();
        // A date with a time, as a spreadsheet cell may give it: 2019-06-30 00:00:00.
        let day = t.split([' ', 'T']).next().unwrap_or(t);
        parse_date(day).or_else(|_| deadline_from_cell(t, None).ok_or_else(|| Error::BadDate { value: s.to_string() }))
    })
}

/// Where a deadline comes from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineSource {
    /// Written in the task's text (到2020年…, 9月底前…).
    Text,
    /// Written in a deadline column (完成时间 / 完成时限).
    Column,
    /// The list's year: an annual list's tasks are due by its end.
    List,
    /// Assumed: the plan's horizon, where nothing is written.
    Horizon,
    /// Set by the clerk.
    Clerk,
}

impl DeadlineSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineSource::Text => "text",
            DeadlineSource::Column => "column",
            DeadlineSource::List => "list",
            DeadlineSource::Horizon => "horizon",
            DeadlineSource::Clerk => "clerk",
        }
    }

    pub fn parse(s: &str) -> Option<DeadlineSource> {
        Some(match s {
            "text" => DeadlineSource::Text,
            "column" => DeadlineSource::Column,
            "list" => DeadlineSource::List,
            "horizon" => DeadlineSource::Horizon,
            "clerk" => DeadlineSource::Clerk,
            _ => return None,
        })
    }

    pub const ALL: [DeadlineSource; 5] =
        [DeadlineSource::Text, DeadlineSource::Column, DeadlineSource::List, DeadlineSource::Horizon, DeadlineSource::Clerk];

    /// How the window names it.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineSource::Text => "任务内容中写明",
            DeadlineSource::Column => "完成时限栏",
            DeadlineSource::List => "清单年度",
            DeadlineSource::Horizon => "按方案期限",
            DeadlineSource::Clerk => "人工设定",
        }
    }

    /// Whether the date was written somewhere rather than assumed.
    pub fn is_written(self) -> bool {
        !matches!(self, DeadlineSource::Horizon)
    }
}

/// A date by which (part of) a task is due, and the words it was read from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub due_on: NaiveDate,
    pub source: DeadlineSource,
    pub quote: Option<String>,
    /// The date as first set, where an approved extension (延期) moved it to `due_on`.
    #[serde(default)]
    pub extended_from: Option<NaiveDate>,
}

impl Milestone {
    /// `2018年9月底`, or `原定2018年9月底，经批准延期至2018年12月底` where it was moved.
    pub fn label(&self) -> String {
        match self.extended_from {
            Some(from) => {
                format!("原定{}，经批准延期至{}", crate::model::date_label(from), crate::model::date_label(self.due_on))
            }
            None => crate::model::date_label(self.due_on),
        }
    }
}

fn end_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    Month::new(year, month).map(Month::last_day)
}

fn end_of_year(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

static MILESTONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(?P<ym_y>20\d\d)年(?P<ym_m>1[0-2]|0?[1-9])月(?:底|末)?前?)",
        r"|(?:(?:到|至)(?P<y>20\d\d)年(?:底|末)?前?)",
        r"|(?:(?P<yb>20\d\d)年(?:底|末)前?)",
        r"|(?:(?P<m>1[0-2]|[1-9])月(?:底|末)前)",
        r"|(?P<ye>年底前|年内)",
    ))
    .expect("valid regex")
});

/// Dates written in a task's text, in order of appearance: `到2020年` (end of 2020), `2019年6月底前`,
/// `9月底前` and `年底前` (in `context_year`, the list's year, when it has one).
pub fn milestones_in_text(text: &str, context_year: Option<i32>) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = Vec::new();
    for c in MILESTONE.captures_iter(text) {
        let date = if let (Some(y), Some(m)) = (c.name("ym_y"), c.name("ym_m")) {
            end_of_month(y.as_str().parse().unwrap_or(0), m.as_str().parse().unwrap_or(0))
        } else if let Some(y) = c.name("y").or_else(|| c.name("yb")) {
            end_of_year(y.as_str().parse().unwrap_or(0))
        } else if let Some(m) = c.name("m") {
            context_year.and_then(|y| end_of_month(y, m.as_str().parse().unwrap_or(0)))
        } else if c.name("ye").is_some() {
            context_year.and_then(end_of_year)
        } else {
            None
        };
        if let Some(due_on) = date
            && !out.iter().any(|m| m.due_on == due_on)
        {
            out.push(Milestone { due_on, source: DeadlineSource::Text, quote: Some(c[0].to_string()), extended_from: None });
        }
    }
    out
}

/// Year and month written with a dot or a slash: `2020.12`, `2020/6`.
static YEAR_DOT_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(20\d\d)\s*[.．/／]\s*(1[0-2]|0?[1-9])$").expect("valid regex"));
/// A span of years: `2019—2021年`, `2019年-2020年`, `2019至2021年`.
static YEAR_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"20\d\d\s*年?\s*[—–\-~～至到]+\s*(20\d\d)\s*年").expect("valid regex"));
/// Half years and quarters: `2020年上半年`, `上半年`, `第三季度末`, `三季度`.
static PART_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(20\d\d)\s*年)?\s*(?:(上|下)半年|第?([一二三四1-4])季度)(?:末|底)?(?:前|内)?(?:完成)?$")
        .expect("valid regex")
});

/// Reads a deadline cell (完成时限 / 完成时间): `2019`, `2019年`, `2019年6月底前`, `年底前`,
/// `2019-06-30`, `2019/6/30`, `2020.12`, `9月底前`, `2019—2021年` (the end of the last year),
/// `2020年上半年`, `第三季度末` (in `context_year` when no year is written). `None` when the words
/// name no date (长期坚持, 每年, 2019年起).
pub fn deadline_from_cell(cell: &str, context_year: Option<i32>) -> Option<NaiveDate> {
    let t = cell.trim();
    if let Ok(y) = t.trim_end_matches('年').parse::<i32>() {
        return (1900..=2999).contains(&y).then(|| end_of_year(y)).flatten();
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Some(d);
        }
    }
    if let Some(c) = YEAR_DOT_MONTH.captures(t) {
        return end_of_month(c[1].parse().ok()?, c[2].parse().ok()?);
    }
    if let Some(c) = PART_OF_YEAR.captures(t) {
        let year = match c.get(1) {
            Some(y) => y.as_str().parse().ok()?,
            None => context_year?,
        };
        let month = match (c.get(2).map(|m| m.as_str()), c.get(3).map(|m| m.as_str())) {
            (Some("上"), _) => 6,
            (Some(_), _) => 12,
            (_, Some("一" | "1")) => 3,
            (_, Some("二" | "2")) => 6,
            (_, Some("三" | "3")) => 9,
            _ => 12,
        };
        return end_of_month(year, month);
    }
    // 2020年年底 is 2020年底.
    let t = t.replace("年年底", "年底").replace("年年末", "年末");
    let spans = YEAR_SPAN.captures_iter(&t).filter_map(|c| c[1].parse().ok()).filter_map(end_of_year);
    milestones_in_text(&t, context_year).into_iter().map(|m| m.due_on).chain(spans).max()
}

/// 序时进度 by whole months, as offices count it: at the end of November a task of the year is
/// at 11/12. Months are counted from the month of `start` to the month of `deadline`.
pub fn schedule_share_by_month(start: NaiveDate, deadline: NaiveDate, month: Month) -> f64 {
    let index = |m: Month| m.year as i64 * 12 + m.month as i64;
    let (s, e, m) = (index(Month::of(start)), index(Month::of(deadline)), index(month));
    if e < s {
        return 1.0;
    }
    let total = (e - s + 1) as f64;
    ((m - s + 1).clamp(0, e - s + 1) as f64 / total).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_parsing_accepts_usual_forms_and_refuses_impossible_ones() {
        assert_eq!(Month::parse("2018-11").unwrap(), Month { year: 2018, month: 11 });
        assert_eq!(Month::parse("2018-1").unwrap(), Month { year: 2018, month: 1 });
        assert_eq!(Month::parse("2018年9月").unwrap(), Month { year: 2018, month: 9 });
        for bad in ["2018-13", "2018-00", "18-11", "abc", "", "2018"] {
            let err = Month::parse(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("“{bad}”")), "{err}");
            assert!(err.contains("2018-11"), "{err}");
        }
        assert_eq!(Month::parse("2018-02").unwrap().last_day(), d(2018, 2, 28));
        assert_eq!(Month::parse("2020-02").unwrap().last_day(), d(2020, 2, 29));
        assert_eq!(Month::parse("2018-12").unwrap().next().to_string(), "2019-01");
        assert_eq!(Month::parse("2019-01").unwrap().prev().to_string(), "2018-12");
    }

    #[test]
    fn due_dates_as_typed() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(parse_due("2019-06-30").unwrap(), d(2019, 6, 30));
        assert_eq!(parse_due("2019年6月底").unwrap(), d(2019, 6, 30));
        assert_eq!(parse_due("2019年底").unwrap(), d(2019, 12, 31));
        assert_eq!(parse_due("2019-06-30 00:00:00").unwrap(), d(2019, 6, 30));
        assert_eq!(parse_due("下个月").unwrap_err().code(), "bad_date");
    }

    #[test]
    fn deadline_cells_in_the_words_plans_use() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (cell, year, due) in [
            ("2020.12", None, d(2020, 12, 31)),
            ("2020/6", None, d(2020, 6, 30)),
            ("2019—2021年", None, d(2021, 12, 31)),
            ("2019年-2020年", None, d(2020, 12, 31)),
            ("2020年上半年", None, d(2020, 6, 30)),
            ("上半年", Some(2020), d(2020, 6, 30)),
            ("下半年", Some(2020), d(2020, 12, 31)),
            ("第三季度末", Some(2020), d(2020, 9, 30)),
            ("2019年一季度", None, d(2019, 3, 31)),
            ("2020年年底", None, d(2020, 12, 31)),
            ("2020年11月—2021年3月", None, d(2021, 3, 31)),
            ("2019年6月底前", None, d(2019, 6, 30)),
        ] {
            assert_eq!(deadline_from_cell(cell, year), Some(due), "{cell}");
        }
        for cell in ["长期坚持", "每年", "2019年起", "持续推进", "上半年"] {
            assert_eq!(deadline_from_cell(cell, None), None, "{cell}");
        }
    }

    #[test]
    fn milestones_from_the_plan_text() {
        let t = "开展建设清新空气示范区活动,创造良好的治气氛围,到2022年,力争建成清新空气示范区。";
        let m = milestones_in_text(t, None);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].due_on, d(2022, 12, 31));
        assert_eq!(m[0].quote.as_deref(), Some("到2022年"));

        let t = "加强固体废物处置能力建设,到2020年,基本实现……,到2022年,固体废物利用处置能力得到进一步规范提升。";
        let due: Vec<_> = milestones_in_text(t, None).into_iter().map(|m| m.due_on).collect();
        assert_eq!(due, vec![d(2020, 12, 31), d(2022, 12, 31)]);

        // 附件3 序号 18: 9月底前, in the list's year.
        let t = "各镇街开展对“日处理能力30吨以上、受益农户在100户以上”的处理终端进行标准化运维,9月底前完成。";
        let m = milestones_in_text(t, Some(2018));
        assert_eq!(m[0].due_on, d(2018, 9, 30));
        assert!(milestones_in_text("9月底前完成", None).is_empty());

        assert_eq!(milestones_in_text("2019年6月底前完成", None)[0].due_on, d(2019, 6, 30));
        assert_eq!(milestones_in_text("年底前完成", Some(2019))[0].due_on, d(2019, 12, 31));
        // A year that is not a deadline (a baseline, a campaign name) is not read as one.
        assert!(milestones_in_text("维持在2013年的排放水平", None).is_empty());
        assert!(milestones_in_text("开展“绿盾2018”专项行动", None).is_empty());
    }

    #[test]
    fn typed_dates() {
        assert_eq!(parse_date("2018-11-26").unwrap(), d(2018, 11, 26));
        assert_eq!(parse_date("2018年11月26日").unwrap(), d(2018, 11, 26));
        assert_eq!(parse_date("2018-02-30").unwrap_err().code(), "bad_date");
    }

    #[test]
    fn deadline_cells() {
        assert_eq!(deadline_from_cell("2020", None), Some(d(2020, 12, 31)));
        assert_eq!(deadline_from_cell("2019年", None), Some(d(2019, 12, 31)));
        assert_eq!(deadline_from_cell("2019年6月底前", None), Some(d(2019, 6, 30)));
        assert_eq!(deadline_from_cell("年底前", Some(2019)), Some(d(2019, 12, 31)));
        assert_eq!(deadline_from_cell("2019-06-15", None), Some(d(2019, 6, 15)));
        assert_eq!(deadline_from_cell("2019/6/15", None), Some(d(2019, 6, 15)));
        assert_eq!(deadline_from_cell("长期", None), None);
    }

    #[test]
    fn schedule_share_of_a_year() {
        let nov = Month::parse("2018-11").unwrap();
        let by_month = schedule_share_by_month(d(2018, 1, 1), d(2018, 12, 31), nov);
        assert!((by_month - 11.0 / 12.0).abs() < 1e-9);
        // Before the start, after the deadline.
        assert_eq!(schedule_share_by_month(d(2018, 1, 1), d(2018, 12, 31), Month::parse("2017-12").unwrap()), 0.0);
        assert_eq!(schedule_share_by_month(d(2018, 1, 1), d(2018, 12, 31), Month::parse("2019-03").unwrap()), 1.0);
        // A task due at the end of September, in June: 6/9.
        let share = schedule_share_by_month(d(2018, 1, 1), d(2018, 9, 30), Month::parse("2018-06").unwrap());
        assert!((share - 6.0 / 9.0).abs() < 1e-9);
    }
}
