//! The ledger's domain types, as the core hands them to the CLI and the desktop shell.

use chrono::NaiveDate;
use serde::Serialize;

use crate::timing::{DeadlineSource, Milestone};

/// What kind of list a task list is; it decides its columns and layout.
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

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub title: String,
    pub short_title: String,
    pub issuer: String,
    pub issuer_full: String,
    pub issued_on: NaiveDate,
    pub horizon: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub indicator: String,
    pub comparison: String,
    pub value: f64,
    pub unit: String,
    pub year: i32,
    pub quote: String,
}

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
}

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

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub aliases: Vec<String>,
    pub position: i64,
}

/// A unit with how many tasks it leads and supports.
#[derive(Debug, Clone, Serialize)]
pub struct UnitSummary {
    #[serde(flatten)]
    pub unit: Unit,
    pub leads: usize,
    pub supports: usize,
}

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
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Stable and unique: `R-027`, `R-027-2`, `A-18`, `P-17-2`.
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
        let parts: Vec<String> = self.milestones.iter().map(|m| date_label(m.due_on)).collect();
        let label = parts.join("；");
        match self.deadline_source {
            Some(DeadlineSource::Horizon) => format!("{label}（按方案期限）"),
            _ => label,
        }
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

/// One change recorded in the audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub who: String,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Splits a cell of unit names on 、，, ; and line breaks.
pub fn split_units(cell: &str) -> Vec<String> {
    cell.split(|c: char| matches!(c, '、' | '，' | ',' | '；' | ';' | '\n' | '\r' | '/' | '／'))
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
    fn date_labels() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(date_label(d(2020, 12, 31)), "2020年底");
        assert_eq!(date_label(d(2018, 9, 30)), "2018年9月底");
        assert_eq!(date_label(d(2019, 6, 15)), "2019年6月15日");
    }
}
