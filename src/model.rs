//! The ledger's domain types, as the core hands them to the CLI and the desktop shell, and the
//! typed values the application layer takes (`TaskId`, `ListId`, `UnitName`): each is checked
//! once, where it enters.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::timing::{DeadlineSource, Milestone};

/// The longest text a person may enter in one field (a report's 进展情况, a form's cell).
pub const MAX_TEXT_CHARS: usize = 5000;
/// The longest unit name: long enough for any office's full name, short enough for a file name.
pub const MAX_UNIT_NAME_CHARS: usize = 40;

/// A task's stable id: `R-027`, `R-027-2`, `A-018`, `P-017-2`, or `annual-2019-003`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TaskId(String);

impl TaskId {
    pub fn parse(s: &str) -> Result<TaskId> {
        let t = s.trim();
        let bad = |rule: &str| Err(Error::BadTaskId { id: s.to_string(), rule: rule.to_string() });
        if t.is_empty() {
            return bad("任务编号不能为空。");
        }
        if t.chars().count() > 64 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return bad("任务编号由字母、数字和连字符组成，例如 R-025、A-018。");
        }
        Ok(TaskId(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A task list's id: `responsibility`, `annual-2018`, `key-projects`, `annual-2019`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ListId(String);

impl ListId {
    pub fn parse(s: &str) -> Result<ListId> {
        let t = s.trim();
        let ok = !t.is_empty() && t.len() <= 40 && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok { Ok(ListId(t.to_string())) } else { Err(Error::BadListId { id: s.to_string() }) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ListId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A unit's name as a person writes it (a name or an alias): one name, no separators, no
/// characters that Windows refuses in a file name (forms are named after units).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UnitName(String);

/// Characters that split a cell into several unit names.
pub const UNIT_SEPARATORS: &[char] = &['、', '，', ',', '；', ';', '/', '／'];

/// Characters that print as nothing (zero-width spaces and joiners, direction marks, the byte
/// order mark): a name holding one looks like another name and is not the same.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

impl UnitName {
    /// A name as written; blanks and invisible characters around it (pasted from Word or a web
    /// page) are dropped, inside it refused.
    pub fn parse(s: &str) -> Result<UnitName> {
        let t = s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        let bad = |rule: String| Err(Error::BadUnitName { name: s.to_string(), rule });
        if t.is_empty() {
            return bad("单位名称不能为空。".into());
        }
        let n = t.chars().count();
        if n > MAX_UNIT_NAME_CHARS {
            return bad(format!("单位名称最长 {MAX_UNIT_NAME_CHARS} 个字，现为 {n} 个字。"));
        }
        if t.chars().any(char::is_control) {
            return bad("单位名称不能含有换行或其他控制字符。".into());
        }
        if t.chars().any(is_invisible) {
            return bad("单位名称含有看不见的字符（如零宽空格，常见于从网页或 Word 复制的文字）。请删除后重新输入。".into());
        }
        if let Some(c) = t.chars().find(|c| UNIT_SEPARATORS.contains(c)) {
            return bad(format!("单位名称不能含有分隔符“{c}”（它用来分隔多个单位）。一个名称只写一个单位。"));
        }
        if let Some(c) = t.chars().find(|c| r#"\:*?"<>|"#.contains(*c)) {
            return bad(format!("单位名称不能含有“{c}”（Windows 文件名不允许的字符）。"));
        }
        if t.chars().all(|c| c == '.') {
            return bad("单位名称不能只由“.”组成。".into());
        }
        Ok(UnitName(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Text a person entered (a report's 进展情况, a cell of a returned form), made safe to keep and
/// print: line breaks normalised, control characters (NUL, ESC …) dropped, surrounding blanks
/// trimmed; refused when longer than `max` characters.
pub fn clean_text(field: &str, text: &str, max: usize) -> Result<String> {
    let cleaned: String =
        text.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    let cleaned = cleaned.trim().to_string();
    let chars = cleaned.chars().count();
    if chars > max {
        return Err(Error::TextTooLong { field: field.to_string(), chars, max });
    }
    Ok(cleaned)
}

/// What kind of list a task list is; it decides its columns and layout.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 工作任务责任分解表: 序号 | 工作内容 | 工作任务 | 牵头单位 | 配合单位, under chapters.
    Responsibility,
    /// A year's 主要工作任务清单: 项目 | 序号 | 主要工作任务 | 牵头单位 | 配合单位 | 完成时限.
    Annual,
    /// 重点项目表: 序号 | 项目名称 | 建设内容 | 完成时间.
    Projects,
}

impl ListKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Responsibility => "responsibility",
            ListKind::Annual => "annual",
            ListKind::Projects => "projects",
        }
    }

    pub fn parse(s: &str) -> Option<ListKind> {
        Some(match s {
            "responsibility" => ListKind::Responsibility,
            "annual" => ListKind::Annual,
            "projects" => ListKind::Projects,
            _ => return None,
        })
    }

    /// The header of the grouping column.
    pub fn group_header(self) -> &'static str {
        match self {
            ListKind::Responsibility => "工作内容",
            ListKind::Annual | ListKind::Projects => "项目",
        }
    }

    /// The header of the task column.
    pub fn task_header(self) -> &'static str {
        match self {
            ListKind::Responsibility => "工作任务",
            ListKind::Annual => "主要工作任务",
            ListKind::Projects => "建设内容",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub id: i64,
    pub title: String,
    pub short_title: String,
    pub issuer: String,
    pub issuer_full: String,
    pub issued_on: NaiveDate,
    pub horizon: NaiveDate,
    /// The plan the lists, pages and exports show.
    pub current: bool,
    /// The document it was read from; `None` for the built-in plan.
    pub source: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// Stable within the plan: `T-01`, `T-02` … in the document's order.
    pub code: String,
    pub indicator: String,
    /// `<=`, `>=`, `<`, `>` or `=`.
    pub comparison: String,
    pub value: f64,
    pub unit: String,
    pub year: i32,
    /// The sentence of the plan it was read from.
    pub quote: String,
    /// 基期值 and its year, set by the clerk.
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    /// Responsible units, set by the clerk.
    pub lead: Vec<String>,
    pub partner: Vec<String>,
    /// Why a target read from a document needs the clerk's check; `None` once confirmed.
    pub review: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TaskList {
    pub id: String,
    pub kind: ListKind,
    pub name: String,
    pub title: String,
    pub attachment: Option<String>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Number of task rows.
    pub rows: usize,
    /// What a clerk calls the list in a sentence: 分解表, 2018年清单, 重点项目表.
    pub short_name: String,
    /// The plan it belongs to.
    pub plan_id: i64,
}

/// The short name of a list: 工作任务责任分解表 → 分解表, 2018年主要工作任务清单 → 2018年清单,
/// 重点项目表 stays.
pub fn list_short_name(name: &str) -> String {
    let name = name.trim();
    if name.ends_with("分解表") {
        return "分解表".into();
    }
    if name.ends_with("清单") {
        let before_year: Vec<char> = name.split('年').next().unwrap_or("").chars().collect();
        if name.contains('年') && before_year.len() >= 4 {
            let year: String = before_year[before_year.len() - 4..].iter().collect();
            if year.chars().all(|c| c.is_ascii_digit()) {
                return format!("{year}年清单");
            }
        }
        return "清单".into();
    }
    name.to_string()
}

/// The mark after an assumed deadline (2022年底*), explained once under the table.
pub const ASSUMED_MARK: &str = "*";

/// The note under a table that has assumed deadlines.
pub fn assumed_deadline_note(horizon: NaiveDate) -> String {
    format!("注：完成时限后带“{ASSUMED_MARK}”的，方案未写明完成时间，按方案期限（{}）计。", date_label(horizon))
}

/// A task as a clerk names it: 分解表第16项.
pub fn task_label(list_short_name: &str, seq: &str) -> String {
    format!("{list_short_name}第{seq}项")
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A concrete department: 区环保分局, 区经信局 …
    Department,
    /// A concrete town or street: 稽山街道, 皋埠镇 …
    Town,
    /// A group word: 各镇街, 相关镇街, 区级相关部门 …
    Group,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Town => "town",
            UnitKind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        Some(match s {
            "department" => UnitKind::Department,
            "town" => UnitKind::Town,
            "group" => UnitKind::Group,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Department => "部门",
            UnitKind::Town => "镇街",
            UnitKind::Group => "泛指",
        }
    }

    /// Classifies a unit name as written in a plan.
    pub fn of_name(name: &str) -> UnitKind {
        let group = name.starts_with('各')
            || name.starts_with("相关")
            || name.starts_with("有关")
            || name.starts_with("区级")
            || name.contains("有关部门")
            || name.contains("相关部门");
        if group {
            UnitKind::Group
        } else if name.ends_with("街道") || (name.ends_with('镇') && !name.contains("管委会")) {
            UnitKind::Town
        } else {
            UnitKind::Department
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub aliases: Vec<String>,
    pub position: i64,
}

/// A unit with how many tasks it leads and supports.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct UnitSummary {
    #[serde(flatten)]
    pub unit: Unit,
    pub leads: usize,
    pub supports: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Lead,
    Partner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Partner => "partner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "lead" => Role::Lead,
            "partner" => Role::Partner,
            _ => return None,
        })
    }

    /// 牵头 / 配合
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Partner => "配合",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Stable and unique: `R-027`, `R-027-2`, `A-018`, `P-017-2`.
    pub id: String,
    pub list_id: String,
    /// 序号 as printed.
    pub seq: String,
    pub position: i64,
    /// 一、… chapter (responsibility table).
    pub chapter: Option<String>,
    /// 工作内容 (responsibility table) or 项目 (annual list, key projects).
    pub category: Option<String>,
    /// 项目名称 (key projects).
    pub name: Option<String>,
    pub text: String,
    pub lead: Vec<String>,
    pub partner: Vec<String>,
    /// The final deadline.
    pub deadline: Option<NaiveDate>,
    pub deadline_source: Option<DeadlineSource>,
    pub milestones: Vec<Milestone>,
    /// 完成时限 as a clerk writes it ([`Task::deadline_label`]): 2018年9月底, 原定…，经批准延期至….
    pub deadline_text: String,
    /// Why the reading needs review (待核对); `None` once confirmed.
    pub review: Option<String>,
    pub source_line: Option<i64>,
}

impl Task {
    pub fn involves(&self, unit: &str) -> bool {
        self.lead.iter().chain(&self.partner).any(|u| u == unit)
    }

    /// 完成时限 as a clerk writes it: the written milestones joined, or the assumed one marked.
    pub fn deadline_label(&self) -> String {
        if self.milestones.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self.milestones.iter().map(|m| m.label()).collect();
        let label = parts.join("；");
        if self.deadline_assumed() { format!("{label}{ASSUMED_MARK}") } else { label }
    }

    /// [`Task::deadline_label`] for a sheet's cell: a moved deadline on two lines, 原定… over
    /// 经批准延期至… (a narrow column would otherwise begin a line with the comma).
    pub fn deadline_cell(&self) -> String {
        self.deadline_label().replace("，经批准", "\n经批准")
    }

    /// A deadline moved by an approved extension.
    pub fn extended(&self) -> bool {
        self.milestones.iter().any(|m| m.extended_from.is_some())
    }

    /// The deadline was not written anywhere: it is the plan's horizon, assumed.
    pub fn deadline_assumed(&self) -> bool {
        self.deadline_source == Some(DeadlineSource::Horizon)
    }
}

/// `2018年9月底` for a month end, `2020年底` for a year end, `2019年6月15日` otherwise.
pub fn date_label(d: NaiveDate) -> String {
    use chrono::Datelike;
    if d.month() == 12 && d.day() == 31 {
        format!("{}年底", d.year())
    } else if d.succ_opt().map(|n| n.day() == 1).unwrap_or(false) {
        format!("{}年{}月底", d.year(), d.month())
    } else {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    }
}

/// What a change recorded in the audit trail was.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// The task was created (with the plan, or an imported list).
    Create,
    /// A field was corrected (lead or partner units).
    Edit,
    /// The reading of a 待核对 task was confirmed.
    Confirm,
    /// A unit reported (or replaced its report).
    Report,
    /// The clerk set a month's status by hand.
    Status,
    /// A unit was merged into another.
    Merge,
    /// An extension of a deadline was requested (延期申请).
    ExtensionRequest,
    /// An extension request was approved or rejected.
    ExtensionDecision,
    /// An evidence file was attached.
    Attach,
    /// The task was closed after review (销号).
    Close,
    /// A claim of completion was sent back, or a closed task reopened (退回).
    Return,
}

impl AuditAction {
    pub const ALL: [AuditAction; 11] = [
        AuditAction::Create,
        AuditAction::Edit,
        AuditAction::Confirm,
        AuditAction::Report,
        AuditAction::Status,
        AuditAction::Merge,
        AuditAction::ExtensionRequest,
        AuditAction::ExtensionDecision,
        AuditAction::Attach,
        AuditAction::Close,
        AuditAction::Return,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Edit => "edit",
            AuditAction::Confirm => "confirm",
            AuditAction::Report => "report",
            AuditAction::Status => "status",
            AuditAction::Merge => "merge",
            AuditAction::ExtensionRequest => "extension_request",
            AuditAction::ExtensionDecision => "extension_decision",
            AuditAction::Attach => "attach",
            AuditAction::Close => "close",
            AuditAction::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// How the window names it.
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::Create => "创建",
            AuditAction::Edit => "更正",
            AuditAction::Confirm => "核对",
            AuditAction::Report => "报送",
            AuditAction::Status => "设定状态",
            AuditAction::Merge => "单位合并",
            AuditAction::ExtensionRequest => "申请延期",
            AuditAction::ExtensionDecision => "审批延期",
            AuditAction::Attach => "添加佐证材料",
            AuditAction::Close => "销号",
            AuditAction::Return => "退回",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change recorded in the audit trail.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub who: String,
    pub action: AuditAction,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Splits a cell of unit names on 、，, ; and line breaks.
pub fn split_units(cell: &str) -> Vec<String> {
    cell.split(|c: char| UNIT_SEPARATORS.contains(&c) || c == '\n' || c == '\r')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_kinds() {
        assert_eq!(UnitKind::of_name("区环保分局"), UnitKind::Department);
        assert_eq!(UnitKind::of_name("稽山街道"), UnitKind::Town);
        assert_eq!(UnitKind::of_name("皋埠镇"), UnitKind::Town);
        assert_eq!(UnitKind::of_name("黄酒小镇管委会"), UnitKind::Department);
        for g in ["各镇街", "相关镇街", "区级相关部门", "区级有关部门", "区级各部门"] {
            assert_eq!(UnitKind::of_name(g), UnitKind::Group, "{g}");
        }
    }

    #[test]
    fn unit_cells_split() {
        assert_eq!(split_units("区级相关部门、各镇街"), vec!["区级相关部门", "各镇街"]);
        assert_eq!(split_units(" 区经信局，区农水局\n区建设局 "), vec!["区经信局", "区农水局", "区建设局"]);
        assert!(split_units("  ").is_empty());
    }

    #[test]
    fn typed_ids_are_checked_where_they_enter() {
        assert_eq!(TaskId::parse(" A-018 ").unwrap().as_str(), "A-018");
        assert_eq!(TaskId::parse("").unwrap_err().code(), "bad_task_id");
        assert_eq!(TaskId::parse("A 018").unwrap_err().code(), "bad_task_id");
        assert_eq!(ListId::parse("annual-2019").unwrap().to_string(), "annual-2019");
        assert_eq!(ListId::parse("Annual 2019").unwrap_err().code(), "bad_list_id");
        assert_eq!(UnitName::parse(" 区环保分局 ").unwrap().as_str(), "区环保分局");
        assert_eq!(UnitName::parse("\u{feff}区环保分局\u{200b}").unwrap().as_str(), "区环保分局");
        for bad in
            ["", "区环保分局、区建设局", "../evil", "a\nb", "区*局", "..", &"长".repeat(41), "区建\u{200b}设局", "\u{200b}"]
        {
            let err = UnitName::parse(bad).unwrap_err();
            assert_eq!(err.code(), "bad_unit_name", "{bad}");
        }
    }

    #[test]
    fn entered_text_is_cleaned_and_limited() {
        assert_eq!(clean_text("进展情况", " a\r\nb\u{0}\u{1b}[31mc ", 10).unwrap(), "a\nb[31mc");
        let err = clean_text("进展情况", &"进".repeat(5001), MAX_TEXT_CHARS).unwrap_err();
        assert_eq!(err.code(), "text_too_long");
        assert!(err.to_string().contains("5001"), "{err}");
    }

    #[test]
    fn audit_actions_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn short_names_of_lists() {
        assert_eq!(list_short_name("工作任务责任分解表"), "分解表");
        assert_eq!(list_short_name("2018年主要工作任务清单"), "2018年清单");
        assert_eq!(list_short_name("2019年主要工作任务清单"), "2019年清单");
        assert_eq!(list_short_name("重点项目表"), "重点项目表");
        assert_eq!(list_short_name("督办事项清单"), "清单");
        assert_eq!(task_label("分解表", "16"), "分解表第16项");
    }

    #[test]
    fn date_labels() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(date_label(d(2020, 12, 31)), "2020年底");
        assert_eq!(date_label(d(2018, 9, 30)), "2018年9月底");
        assert_eq!(date_label(d(2019, 6, 15)), "2019年6月15日");
    }
}
