//! Settings a clerk can change: name, status words, light thresholds, report day, fonts.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::Ledger;

/// What a status word means, so that rules work whatever words a place uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    // Order: worst first, as the roll-up of lead units' reports takes the worst.
    Behind,
    NotStarted,
    OnTrack,
    Done,
}

impl Meaning {
    pub const ALL: [Meaning; 4] = [Meaning::Done, Meaning::OnTrack, Meaning::Behind, Meaning::NotStarted];

    pub fn as_str(self) -> &'static str {
        match self {
            Meaning::Done => "done",
            Meaning::OnTrack => "on_track",
            Meaning::Behind => "behind",
            Meaning::NotStarted => "not_started",
        }
    }

    pub fn parse(s: &str) -> Option<Meaning> {
        Meaning::ALL.into_iter().find(|m| m.as_str() == s)
    }

    fn key(self) -> &'static str {
        match self {
            Meaning::Done => "status_done",
            Meaning::OnTrack => "status_on_track",
            Meaning::Behind => "status_behind",
            Meaning::NotStarted => "status_not_started",
        }
    }

    fn default_word(self) -> &'static str {
        match self {
            Meaning::Done => "已完成",
            Meaning::OnTrack => "按序时推进",
            Meaning::Behind => "滞后",
            Meaning::NotStarted => "未启动",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Recorded as "who" in the audit trail and on reports.
    pub clerk_name: String,
    /// Status words, in the order 已完成 / 按序时推进 / 滞后 / 未启动 (by meaning).
    pub status_words: Vec<(Meaning, String)>,
    /// Yellow light: due within this many days and not done.
    pub yellow_days: i64,
    /// Day of the month by which units report.
    pub report_day: u32,
    pub font_title: String,
    pub font_header: String,
    pub font_body: String,
    /// The office that sends the sheets (报送单位 line).
    pub office: String,
}

/// Keys, their meaning for `--help`-like listings, and defaults.
pub const KEYS: &[(&str, &str, &str)] = &[
    ("clerk_name", "填报人/经办人姓名（记入变更记录）", ""),
    ("office", "报送单位（报表抬头）", "区美丽办"),
    ("status_done", "表示“完成”的状态词", "已完成"),
    ("status_on_track", "表示“正常推进”的状态词", "按序时推进"),
    ("status_behind", "表示“滞后”的状态词", "滞后"),
    ("status_not_started", "表示“未启动”的状态词", "未启动"),
    ("yellow_days", "黄灯：距完成时限不足多少天且未完成", "30"),
    ("report_day", "每月报送日（1-28）", "25"),
    ("font_title", "标题字体", "方正小标宋简体"),
    ("font_header", "表头字体", "黑体"),
    ("font_body", "正文字体", "仿宋_GB2312"),
];

fn default(key: &str) -> &'static str {
    KEYS.iter().find(|(k, _, _)| *k == key).map(|(_, _, d)| *d).unwrap_or("")
}

impl Settings {
    pub fn load(ledger: &Ledger) -> Result<Settings> {
        let get = |k: &str| -> Result<String> {
            Ok(ledger.setting(k)?.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default(k).to_string()))
        };
        Ok(Settings {
            clerk_name: ledger.clerk(),
            status_words: Meaning::ALL.iter().map(|m| Ok((*m, get(m.key())?))).collect::<Result<_>>()?,
            yellow_days: get("yellow_days")?.parse().unwrap_or(30),
            report_day: get("report_day")?.parse().unwrap_or(25),
            font_title: get("font_title")?,
            font_header: get("font_header")?,
            font_body: get("font_body")?,
            office: get("office")?,
        })
    }

    pub fn word(&self, meaning: Meaning) -> &str {
        self.status_words.iter().find(|(m, _)| *m == meaning).map(|(_, w)| w.as_str()).unwrap_or_else(|| meaning.default_word())
    }

    /// The meaning of a status word, or a message listing the valid words.
    pub fn meaning_of(&self, word: &str) -> Result<Meaning> {
        let w = word.trim();
        self.status_words.iter().find(|(_, s)| s == w).map(|(m, _)| *m).ok_or_else(|| {
            Error::invalid(format!("完成状态“{word}”不在设置的状态词中。可用的状态词：{}。", self.words().join("、")))
        })
    }

    pub fn words(&self) -> Vec<&str> {
        self.status_words.iter().map(|(_, w)| w.as_str()).collect()
    }
}

/// Sets one setting after checking its value.
pub fn set(ledger: &mut Ledger, key: &str, value: &str) -> Result<()> {
    if !KEYS.iter().any(|(k, _, _)| *k == key) {
        let known: Vec<_> = KEYS.iter().map(|(k, d, _)| format!("{k}（{d}）")).collect();
        return Err(Error::invalid(format!("没有设置项“{key}”。可用的设置项：{}。", known.join("、"))));
    }
    match key {
        "yellow_days" => {
            if !value.parse::<i64>().map(|n| (0..=365).contains(&n)).unwrap_or(false) {
                return Err(Error::invalid(format!("yellow_days 应为 0 到 365 的整数，收到“{value}”。")));
            }
        }
        "report_day" => {
            if !value.parse::<u32>().map(|n| (1..=28).contains(&n)).unwrap_or(false) {
                return Err(Error::invalid(format!("report_day 应为 1 到 28 的整数，收到“{value}”。")));
            }
        }
        k if k.starts_with("status_") => {
            if value.is_empty() {
                return Err(Error::invalid("状态词不能为空。"));
            }
            let current = Settings::load(ledger)?;
            if current.status_words.iter().any(|(m, w)| w == value && m.key() != key) {
                return Err(Error::invalid(format!("状态词“{value}”已用于另一种状态，请换一个词。")));
            }
        }
        _ => {}
    }
    ledger.set_setting(key, value)
}

/// Every setting with its current value, for listing.
pub fn all(ledger: &Ledger) -> Result<Vec<(String, String)>> {
    KEYS.iter()
        .map(|(k, _, d)| Ok((k.to_string(), ledger.setting(k)?.unwrap_or_else(|| d.to_string()))))
        .collect()
}
