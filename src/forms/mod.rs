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
/// Version 2 added the 申请延期至 / 延期理由 columns and the unit's targets under its tasks;
/// forms of version 1 are still read.
pub const FORM_VERSION: &str = "2";
pub const FORM_VERSIONS_READ: [&str; 2] = ["1", "2"];
pub const META_SHEET: &str = "_taizhang";
pub const FILL_SHEET: &str = "填报表";
pub const REFERENCE_SHEET: &str = "配合任务（参考）";

// Columns of the fill-in sheet.
pub(crate) const C_SEQ: usize = 0;
pub(crate) const C_TEXT: usize = 1;
pub(crate) const C_STATUS: usize = 6;
pub(crate) const C_PERCENT: usize = 10;
pub(crate) const C_EXTEND_TO: usize = 11;
pub(crate) const C_EXTEND_REASON: usize = 12;
pub(crate) const C_ID: usize = 13;
/// The columns a unit fills in.
pub(crate) const C_FILLED: std::ops::RangeInclusive<usize> = C_STATUS..=C_EXTEND_REASON;
pub(crate) const HEADERS: [&str; 14] = [
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
    "申请延期至",
    "延期理由",
    "编号",
];

// Columns of the targets under the tasks (the same sheet columns).
pub(crate) const T_VALUE: usize = 6;
pub(crate) const T_SOURCE: usize = 7;
/// The heading over a form's targets.
pub(crate) const TARGETS_HEADING: &str = "本单位负责的主要目标";

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
    /// An extension request that cannot be taken (no date, no reason, not later …).
    BadExtension,
    /// A target's value that is not a number, or of a period out of range.
    BadTargetValue,
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

    /// A problem at a place of the fill-in sheet (a form of the current version).
    pub fn at(kind: ProblemKind, row: Option<u32>, column: Option<usize>, message: impl Into<String>) -> FormProblem {
        FormProblem::at_named(kind, row, column.map(|c| (c, HEADERS.get(c).copied().unwrap_or(""))), message)
    }

    /// A problem at a place of the fill-in sheet, the column named as the form's header names it.
    pub fn at_named(
        kind: ProblemKind,
        row: Option<u32>,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
    ) -> FormProblem {
        let mut place = format!("工作表“{FILL_SHEET}”");
        if let Some(r) = row {
            place.push_str(&format!("第 {r} 行"));
        }
        let column = column.map(|(c, name)| {
            place.push_str(&format!("{}列（{}）", column_letter(c), name.replace('\n', "")));
            c
        });
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
