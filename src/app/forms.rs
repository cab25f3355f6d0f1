//! The month's forms: out to the lead units, back from them (checked, previewed, applied), and
//! which have not come back.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::forms::{FormFile, ImportOutcome, MissingForm};
use crate::ledger::Ledger;
use crate::model::ListId;
use crate::timing::Month;

/// Writes one form per lead unit of a list into `out_dir` (created when missing).
pub fn export_forms(ledger: &mut Ledger, list: &ListId, month: Month, out_dir: &Path) -> Result<Vec<FormFile>> {
    ledger.lists().get(list.as_str())?;
    if !out_dir.exists() {
        std::fs::create_dir_all(out_dir).map_err(|e| crate::Error::file("创建文件夹", out_dir, &e))?;
    }
    let files = crate::forms::export_forms(ledger, list.as_str(), month, out_dir)?;
    super::exports::log_export(ledger, crate::ledger::exports::ExportKind::Forms, Some(list.as_str()), Some(month), out_dir)?;
    Ok(files)
}

/// Forms written into a folder.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExportedForms {
    pub dir: String,
    pub files: Vec<FormFile>,
}

/// The folder name a clerk would give the month's forms: `2018年11月填报表`.
pub fn forms_folder_name(month: Month) -> String {
    format!("{}填报表", month.label())
}

/// How to import returned forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Check every file and say what would change; write nothing.
    Preview,
    /// Check, back up, and apply the good files.
    Apply,
}

/// Imports returned forms (see [`crate::forms::import`]): only forms of `list` when given.
pub fn import_forms(ledger: &mut Ledger, paths: &[PathBuf], mode: ImportMode, list: Option<&ListId>) -> Result<ImportOutcome> {
    crate::forms::import_forms(ledger, paths, mode == ImportMode::Preview, list.map(ListId::as_str))
}

/// Lead units whose form for `month` has not come back (of one list, or of all).
pub fn missing_forms(ledger: &Ledger, month: Month, list: Option<&ListId>) -> Result<Vec<MissingForm>> {
    if let Some(l) = list {
        ledger.lists().get(l.as_str())?;
    }
    crate::forms::missing_forms(ledger, month, list.map(ListId::as_str))
}
