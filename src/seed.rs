//! The built-in plan: `seeds/plan.json`, read by hand from the source document
//! `seeds/plan-document.txt` (see `tools/extract_seed.py` and `docs/data.md`).

use serde::Deserialize;

/// The source document, verbatim.
pub const SOURCE_DOCUMENT: &str = include_str!("../seeds/plan-document.txt");
const PLAN_JSON: &str = include_str!("../seeds/plan.json");

#[derive(Debug, Clone, Deserialize)]
pub struct SeedPlan {
    pub title: String,
    pub short_title: String,
    pub issuer: String,
    pub issuer_full: String,
    pub date: String,
    pub horizon: String,
    pub annual_year: i32,
    pub targets: Vec<SeedTarget>,
    pub lists: Vec<SeedList>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedTarget {
    pub indicator: String,
    pub comparison: String,
    pub value: f64,
    pub unit: String,
    pub year: i32,
    pub quote: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedList {
    pub id: String,
    pub name: String,
    pub attachment: String,
    pub title: String,
    pub rows: Vec<SeedRow>,
}

/// One row of an attachment. Which fields are set depends on the attachment.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedRow {
    pub seq: String,
    /// 附件2: 一、… chapter.
    #[serde(default)]
    pub chapter: Option<String>,
    /// 附件2: 工作内容 (merged over its rows).
    #[serde(default)]
    pub content: Option<String>,
    /// 附件1 and 附件3: 项目 category.
    #[serde(default)]
    pub category: Option<String>,
    /// 附件1: 项目名称.
    #[serde(default)]
    pub name: Option<String>,
    /// 附件2 and 附件3: the task.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub lead: Vec<String>,
    #[serde(default)]
    pub partner: Vec<String>,
    /// 附件1: 完成时间.
    #[serde(default)]
    pub year: Option<i32>,
    /// Line of the task text in the source document.
    pub line: usize,
    pub review: Option<String>,
}

impl SeedRow {
    /// The task text: 工作任务 / 主要工作任务, or 建设内容 for a key project.
    pub fn task_text(&self) -> &str {
        self.text.as_deref().or(self.content.as_deref().filter(|_| self.name.is_some())).unwrap_or("")
    }

    /// The grouping column: 工作内容 (附件2) or 项目 (附件1, 附件3).
    pub fn group(&self) -> Option<&str> {
        if self.name.is_some() { self.category.as_deref() } else { self.content.as_deref().or(self.category.as_deref()) }
    }
}

pub fn builtin_plan() -> SeedPlan {
    serde_json::from_str(PLAN_JSON).expect("seeds/plan.json is valid (checked by tests)")
}

/// The source document with its line breaks removed, for checking that a text appears in it.
pub fn joined_document() -> String {
    SOURCE_DOCUMENT.chars().filter(|c| *c != '\n' && *c != '\r').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_json_parses() {
        let plan = builtin_plan();
        assert_eq!(plan.lists.len(), 3);
        assert_eq!(plan.issuer, "区府办");
    }
}
