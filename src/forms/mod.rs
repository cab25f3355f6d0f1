//! Fill-in forms: one workbook per lead unit goes out ([`write`]), the units fill in the
//! unlocked columns, the returned workbooks are read ([`read`]) and matched row by row to their
//! tasks and recorded as reports ([`import`]); [`missing`] tells which have not come back.
//!
//! A form carries what it needs to come back in two places that Excel, WPS and LibreOffice keep
//! when they re-save it: a hidden, locked column of task ids on the fill-in sheet, and a very
//! hidden sheet `_taizhang` with the list, month, unit and the text of every row as sent (so
//! that an edited protected cell is noticed).

pub mod import;
pub mod missing;
pub mod read;
pub mod write;

use serde::Serialize;

use crate::xlsx_read::column_letter;

pub use import::{FileOutcome, ImportOutcome, RowChange, import_forms};
pub use missing::{MissingForm, missing_forms};
pub use read::{FormRow, ReadForm, read_form};
pub use write::{FormFile, export_forms, form_file_name};

pub const FORM_MAGIC: &str = "taizhang-form";
pub const FORM_VERSION: &str = "1";
pub const META_SHEET: &str = "_taizhang";
pub const FILL_SHEET: &str = "填报表";
pub const REFERENCE_SHEET: &str = "配合任务（参考）";

// Columns of the fill-in sheet.
pub(crate) const C_SEQ: usize = 0;
pub(crate) const C_TEXT: usize = 1;
pub(crate) const C_STATUS: usize = 6;
pub(crate) const C_PROGRESS: usize = 7;
pub(crate) const C_PROBLEMS: usize = 8;
pub(crate) const C_NEXT: usize = 9;
pub(crate) const C_PERCENT: usize = 10;
pub(crate) const C_ID: usize = 11;
pub(crate) const HEADERS: [&str; 12] = [
    "序号",
    "工作任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "上月进展",
    "完成状态",
    "进展情况",
    "存在问题",
    "下步计划",
    "完成百分比",
    "编号",
];

/// What is wrong with a returned form.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Not a spreadsheet, damaged, missing, a folder, too large, or a cell far out.
    Unreadable,
    /// A spreadsheet, but not a form of ours.
    NotOurForm,
    /// A sheet or the header the form needs is gone.
    Damaged,
    /// A task row lost its id or names a task the form was not sent with.
    UnknownRow,
    DuplicateRow,
    /// A protected cell (序号, 工作任务) was changed.
    ChangedProtectedCell,
    TooLong,
    /// A formula in a filled-in cell without a calculated value.
    Uncalculated,
    MissingStatus,
    BadStatus,
    BadPercent,
    /// Rows that are not task rows (inserted, pasted).
    StrayRows,
    /// The form is of another list, month or unit than the ledger can take.
    WrongForm,
    /// The task or unit is not (or no longer) in the ledger.
    NotInLedger,
    /// 填报人 or 联系电话 left empty where the settings require them.
    MissingContact,
}

/// One problem of a returned form, naming where it is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct FormProblem {
    pub kind: ProblemKind,
    pub sheet: Option<String>,
    /// 1-based, as Excel shows it.
    pub row: Option<u32>,
    /// 0-based column of the fill-in sheet.
    pub column: Option<usize>,
    /// Where, as a clerk reads it: 工作表“填报表”第 6 行G列（完成状态）; empty for the whole file.
    pub place: String,
    pub message: String,
}

impl FormProblem {
    /// A problem of the whole file.
    pub fn file(kind: ProblemKind, message: impl Into<String>) -> FormProblem {
        FormProblem { kind, sheet: None, row: None, column: None, place: String::new(), message: message.into() }
    }

    /// A problem at a place of the fill-in sheet.
    pub fn at(kind: ProblemKind, row: Option<u32>, column: Option<usize>, message: impl Into<String>) -> FormProblem {
        let mut place = format!("工作表“{FILL_SHEET}”");
        if let Some(r) = row {
            place.push_str(&format!("第 {r} 行"));
        }
        if let Some(c) = column {
            place.push_str(&format!("{}列（{}）", column_letter(c), HEADERS.get(c).copied().unwrap_or("")));
        }
        FormProblem { kind, sheet: Some(FILL_SHEET.to_string()), row, column, place, message: message.into() }
    }
}

impl std::fmt::Display for FormProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.place.is_empty() {
            write!(f, "{}：", self.place)?;
        }
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_names_sheet_row_and_column() {
        let p = FormProblem::at(ProblemKind::BadStatus, Some(6), Some(C_STATUS), "完成状态不对。");
        assert_eq!(p.to_string(), "工作表“填报表”第 6 行G列（完成状态）：完成状态不对。");
        let p = FormProblem::file(ProblemKind::NotOurForm, "不是填报表。");
        assert_eq!(p.to_string(), "不是填报表。");
    }
}
