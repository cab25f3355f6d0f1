//! Settings a clerk can change: name, status words, light thresholds, report day, fonts. Stored
//! as text in the `setting` table; this module knows their meaning, defaults and checks.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::settings::SettingsTable;

/// What a status word means, so that rules work whatever words a place uses.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
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

    /// The word used where the clerk set none.
    pub fn default_word(self) -> &'static str {
        match self {
            Meaning::Done => "已完成",
            Meaning::OnTrack => "按序时推进",
            Meaning::Behind => "滞后",
            Meaning::NotStarted => "未启动",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Recorded as "who" in the audit trail and on reports: the setting, else the login name.
    pub clerk_name: String,
    /// The clerk's name as set, empty where none is: what sheets and documents print (never a
    /// login name).
    pub clerk_name_set: String,
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
    /// 审核人 of the sending office, printed under the monthly sheet.
    pub approver: String,
    /// 联系电话 of the sending office.
    pub contact_phone: String,
    /// Refuse a returned form whose 填报人 or 联系电话 is empty (otherwise a warning).
    pub require_contact: bool,
    /// 主要目标: how far behind the straight path, in percent of the whole change from the
    /// baseline to the target, still counts as 有望达标.
    pub target_risk_margin: f64,
    /// The largest evidence file, in MB.
    pub attachment_max_mb: u64,
    /// 考核 scores computed and cited (off by default), and their rules (`base=100;red=-2;…`).
    pub score_enabled: bool,
    pub score_rules: String,
    /// Days a unit has to answer a 督办通知单 or 催办单.
    pub reply_days: u32,
    /// 下步工作要求 of the 通报, one item a line (empty: the defaults).
    pub requirements: String,
    /// 发文字号 prefixes (越美办督); empty: the office's name and 督 / 催 / 通.
    pub number_prefix_supervision: String,
    pub number_prefix_reminder: String,
    pub number_prefix_bulletin: String,
    /// 主送 and 抄送 of the 通报.
    pub bulletin_addressee: String,
    pub bulletin_copy_to: String,
    /// 联系人 printed on notices; empty: the clerk's name.
    pub contact_name: String,
}

/// A setting: its key, what it is (for listings), and its default.
pub struct Key {
    pub key: &'static str,
    pub label: &'static str,
    pub default: &'static str,
}

const fn key(key: &'static str, label: &'static str, default: &'static str) -> Key {
    Key { key, label, default }
}

/// Every setting.
pub const KEYS: &[Key] = &[
    key("clerk_name", "填报人/经办人姓名（记入变更记录）", ""),
    key("office", "报送单位（报表抬头）", "区美丽办"),
    key("status_done", "表示“完成”的状态词", "已完成"),
    key("status_on_track", "表示“正常推进”的状态词", "按序时推进"),
    key("status_behind", "表示“滞后”的状态词", "滞后"),
    key("status_not_started", "表示“未启动”的状态词", "未启动"),
    key("yellow_days", "黄灯：距完成时限不足多少天且未完成", "30"),
    key("report_day", "每月报送日（1-28）", "25"),
    key("font_title", "标题字体", "方正小标宋简体"),
    key("font_header", "表头字体", "黑体"),
    key("font_body", "正文字体", "仿宋_GB2312"),
    key("approver", "审核人（报表落款）", ""),
    key("contact_phone", "联系电话（报表落款、填报表）", ""),
    key("require_contact", "填报表必须写明填报人和联系电话（是/否）", "否"),
    key("target_risk_margin", "主要目标：落后于序时目标值多少（占总改善幅度的百分比）仍算有望达标", "10"),
    key("attachment_max_mb", "佐证材料单个文件上限（MB）", "20"),
    key("contact_name", "联系人（文书落款；不填则用经办人姓名）", ""),
    key("reply_days", "督办通知单、催办单的回复期限（天）", "5"),
    key("number_prefix_supervision", "督办通知单发文字号前缀（如 越美办督；不填则用报送单位加“督”）", ""),
    key("number_prefix_reminder", "催办单发文字号前缀（如 越美办催）", ""),
    key("number_prefix_bulletin", "月度通报发文字号前缀（如 越美办通）", ""),
    key("bulletin_addressee", "月度通报主送", "各镇街，区级有关部门"),
    key("bulletin_copy_to", "月度通报抄送（如 区委办，区府办）", ""),
    key(
        "requirements",
        "月度通报“下步工作要求”（每条一行；可用 {年月} {月份} {下月} {报送时间} {督办单位}；不填则用默认四条）",
        "",
    ),
    key("score_enabled", "考核计分（是/否）", "否"),
    key(
        "score_rules",
        "考核规则（如 base=100;red=-2;yellow=-1;green=0;early_done=1;unreported=-1;late_report=-1）",
        crate::document::score::DEFAULT_RULES,
    ),
];

/// Settings that hold longer text (templates, rules): their own length limit, and line breaks
/// allowed where they separate items.
fn long_text(key: &str) -> Option<(usize, bool)> {
    match key {
        "requirements" => Some((2000, true)),
        "score_rules" => Some((300, false)),
        _ => None,
    }
}

/// The default yellow-light threshold in days.
pub const DEFAULT_YELLOW_DAYS: i64 = 30;
/// The default margin of 有望达标, in percent.
pub const DEFAULT_TARGET_RISK_MARGIN: f64 = 10.0;
/// The default largest evidence file, in MB.
pub const DEFAULT_ATTACHMENT_MAX_MB: u64 = 20;
/// The default report day of the month.
pub const DEFAULT_REPORT_DAY: u32 = 25;
/// The longest status word (it must fit a drop-down and a narrow column).
pub const MAX_STATUS_WORD_CHARS: usize = 10;
/// Excel's limit on the text of a list drop-down (the words joined with commas).
pub const MAX_DROPDOWN_CHARS: usize = 255;
/// The longest text of any other setting.
pub const MAX_SETTING_CHARS: usize = 100;

fn default_of(key: &str) -> &'static str {
    KEYS.iter().find(|k| k.key == key).map(|k| k.default).unwrap_or("")
}

impl Settings {
    pub fn load(ledger: &Ledger) -> Result<Settings> {
        Settings::from_table(&ledger.settings_table())
    }

    pub fn from_table<M>(table: &SettingsTable<'_, M>) -> Result<Settings> {
        let get = |k: &str| -> Result<String> {
            Ok(table.get(k)?.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default_of(k).to_string()))
        };
        Ok(Settings {
            clerk_name: clerk(table.get("clerk_name")?),
            clerk_name_set: table.get("clerk_name")?.unwrap_or_default().trim().to_string(),
            status_words: Meaning::ALL.iter().map(|m| Ok((*m, get(m.key())?))).collect::<Result<_>>()?,
            yellow_days: get("yellow_days")?.parse().unwrap_or(DEFAULT_YELLOW_DAYS),
            report_day: get("report_day")?.parse().unwrap_or(DEFAULT_REPORT_DAY),
            font_title: get("font_title")?,
            font_header: get("font_header")?,
            font_body: get("font_body")?,
            office: get("office")?,
            approver: get("approver")?,
            contact_phone: get("contact_phone")?,
            require_contact: yes(&get("require_contact")?),
            target_risk_margin: get("target_risk_margin")?.parse().unwrap_or(DEFAULT_TARGET_RISK_MARGIN),
            attachment_max_mb: get("attachment_max_mb")?.parse().unwrap_or(DEFAULT_ATTACHMENT_MAX_MB),
            score_enabled: yes(&get("score_enabled")?),
            score_rules: get("score_rules")?,
            reply_days: get("reply_days")?.parse().unwrap_or(5),
            requirements: table.get("requirements")?.unwrap_or_default(),
            number_prefix_supervision: table.get("number_prefix_supervision")?.unwrap_or_default(),
            number_prefix_reminder: table.get("number_prefix_reminder")?.unwrap_or_default(),
            number_prefix_bulletin: table.get("number_prefix_bulletin")?.unwrap_or_default(),
            bulletin_addressee: get("bulletin_addressee")?,
            bulletin_copy_to: table.get("bulletin_copy_to")?.unwrap_or_default(),
            contact_name: table.get("contact_name")?.unwrap_or_default(),
        })
    }

    pub fn word(&self, meaning: Meaning) -> &str {
        self.status_words.iter().find(|(m, _)| *m == meaning).map(|(_, w)| w.as_str()).unwrap_or_else(|| meaning.default_word())
    }

    /// The meaning of a status word, or a message listing the valid words.
    pub fn meaning_of(&self, word: &str) -> Result<Meaning> {
        let w = word.trim();
        self.status_words
            .iter()
            .find(|(_, s)| s == w)
            .map(|(m, _)| *m)
            .ok_or_else(|| Error::BadStatusWord { word: word.to_string(), words: self.words().join("、") })
    }

    pub fn words(&self) -> Vec<&str> {
        self.status_words.iter().map(|(_, w)| w.as_str()).collect()
    }
}

/// The items of the 下步工作要求 setting: one a line (also split at ｜ or |), blanks dropped.
pub fn requirement_items(value: &str) -> Vec<String> {
    value.split(['\n', '\r', '|', '｜']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A yes/no setting: 是, 1, yes, true.
fn yes(v: &str) -> bool {
    matches!(v.trim(), "是" | "1" | "yes" | "true" | "on")
}

/// The clerk's name recorded as "who": the setting, else the login name, else 未署名.
fn clerk(setting: Option<String>) -> String {
    setting
        .filter(|s| !s.trim().is_empty())
        .or_else(|| std::env::var("USERNAME").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "未署名".to_string())
}

/// Checks a value for a setting: known key, and a value that keeps every export and form
/// working (numbers in range; status words that fit a drop-down and are distinct).
pub fn check(current: &Settings, key: &str, value: &str) -> Result<()> {
    let bad = |rule: String| Err(Error::BadSetting { key: key.to_string(), value: value.to_string(), rule });
    if !KEYS.iter().any(|k| k.key == key) {
        let known: Vec<_> = KEYS.iter().map(|k| format!("{}（{}）", k.key, k.label)).collect();
        return Err(Error::UnknownSetting { key: key.to_string(), known: known.join("、") });
    }
    let (max, lines) = long_text(key).unwrap_or((MAX_SETTING_CHARS, false));
    if value.chars().any(|c| c.is_control() && !(lines && (c == '\n' || c == '\r'))) {
        return bad("不能含有换行或其他控制字符。".into());
    }
    if value.chars().count() > max {
        return bad(format!("最长 {max} 个字。"));
    }
    match key {
        "yellow_days" if !value.parse::<i64>().is_ok_and(|n| (0..=365).contains(&n)) => {
            return bad("应为 0 到 365 的整数。".into());
        }
        "require_contact"
            if !matches!(value.trim(), "是" | "否" | "1" | "0" | "yes" | "no" | "true" | "false" | "on" | "off") =>
        {
            return bad("应为“是”或“否”。".into());
        }
        "target_risk_margin" if !value.parse::<f64>().is_ok_and(|n| (0.0..=100.0).contains(&n)) => {
            return bad("应为 0 到 100 之间的数。".into());
        }
        "attachment_max_mb" if !value.parse::<u64>().is_ok_and(|n| (1..=200).contains(&n)) => {
            return bad("应为 1 到 200 的整数。".into());
        }
        "reply_days" if !value.parse::<u32>().is_ok_and(|n| (1..=60).contains(&n)) => {
            return bad("应为 1 到 60 的整数。".into());
        }
        "score_enabled" if !matches!(value.trim(), "是" | "否" | "1" | "0" | "yes" | "no" | "true" | "false" | "on" | "off") => {
            return bad("应为“是”或“否”。".into());
        }
        "score_rules" => {
            if let Err(e) = crate::document::ScoreRules::parse(value) {
                return bad(e.to_string());
            }
        }
        "requirements" => {
            let sample = crate::document::samples::bulletin();
            for (i, item) in requirement_items(value).iter().enumerate() {
                if let Err(e) = crate::document::bulletin::fill_requirement(item, i, &sample) {
                    return bad(e.to_string());
                }
            }
        }
        k if k.starts_with("number_prefix_") => {
            if let Some(c) = value.chars().find(|c| "〔〕[]（）()".contains(*c)) {
                return bad(format!("前缀不能含有“{c}”（年份和序号会自动加上，如 越美办督〔2018〕3号）。"));
            }
        }
        "report_day" if !value.parse::<u32>().is_ok_and(|n| (1..=28).contains(&n)) => {
            return bad("应为 1 到 28 的整数。".into());
        }
        k if k.starts_with("status_") => {
            if value.trim().is_empty() {
                return bad("状态词不能为空。".into());
            }
            if let Some(c) = value.chars().find(|c| matches!(c, ',' | '，' | '"' | '、' | ';' | '；')) {
                return bad(format!("状态词不能含有“{c}”（下拉列表用它分隔选项）。"));
            }
            let n = value.chars().count();
            if n > MAX_STATUS_WORD_CHARS {
                return bad(format!("状态词最长 {MAX_STATUS_WORD_CHARS} 个字，现为 {n} 个字。"));
            }
            if current.status_words.iter().any(|(m, w)| w == value && m.key() != key) {
                return bad("该词已用于另一种状态，请换一个词。".into());
            }
            let joined: usize =
                current.status_words.iter().map(|(m, w)| if m.key() == key { n } else { w.chars().count() } + 1).sum();
            if joined > MAX_DROPDOWN_CHARS {
                return bad(format!("四个状态词合起来不能超过 {MAX_DROPDOWN_CHARS} 个字符（下拉列表的限制）。"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every setting with its current value (the default where none is set), for listing.
pub fn all(ledger: &Ledger) -> Result<Vec<(String, String)>> {
    KEYS.iter()
        .map(|k| Ok((k.key.to_string(), ledger.settings_table().get(k.key)?.unwrap_or_else(|| k.default.to_string()))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Settings {
        Settings {
            clerk_name: "张三".into(),
            clerk_name_set: "张三".into(),
            status_words: Meaning::ALL.iter().map(|m| (*m, m.default_word().to_string())).collect(),
            yellow_days: 30,
            report_day: 25,
            font_title: String::new(),
            font_header: String::new(),
            font_body: String::new(),
            office: String::new(),
            approver: String::new(),
            contact_phone: String::new(),
            require_contact: false,
            target_risk_margin: DEFAULT_TARGET_RISK_MARGIN,
            attachment_max_mb: DEFAULT_ATTACHMENT_MAX_MB,
            score_enabled: false,
            score_rules: crate::document::score::DEFAULT_RULES.into(),
            reply_days: 5,
            requirements: String::new(),
            number_prefix_supervision: String::new(),
            number_prefix_reminder: String::new(),
            number_prefix_bulletin: String::new(),
            bulletin_addressee: String::new(),
            bulletin_copy_to: String::new(),
            contact_name: String::new(),
        }
    }

    #[test]
    fn status_words_must_fit_a_drop_down() {
        let s = defaults();
        assert!(check(&s, "status_done", "完成").is_ok());
        for bad in ["已,完成", "已，完成", "", &"长".repeat(11), "按序时推进", "a\nb"] {
            let err = check(&s, "status_done", bad).unwrap_err();
            assert_eq!(err.code(), "bad_setting", "{bad}");
        }
        assert_eq!(check(&s, "nope", "1").unwrap_err().code(), "unknown_setting");
        assert!(check(&s, "report_day", "29").unwrap_err().to_string().contains("1 到 28"));
        assert!(check(&s, "yellow_days", "15").is_ok());
    }

    #[test]
    fn words_and_meanings() {
        let s = defaults();
        assert_eq!(s.meaning_of(" 滞后 ").unwrap(), Meaning::Behind);
        let err = s.meaning_of("差不多了").unwrap_err();
        assert_eq!(err.code(), "bad_status_word");
        assert!(err.to_string().contains("已完成、按序时推进、滞后、未启动"), "{err}");
    }
}
