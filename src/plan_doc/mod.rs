//! Reading a published plan (方案) from its Word document (`.docx`): the task tables of its
//! 附件 and the quantitative targets of its 主要目标 section, as a draft for the clerk to
//! preview and confirm. Pure: nothing here touches the ledger.
//!
//! - [`package`]: the file container: zip (a `.docx`), an OLE compound file (an old `.doc`, or a
//!   password-protected `.docx`), or something else; bounded reading of the main document part.
//! - [`docx`]: the WordprocessingML body as paragraphs and tables in document order, with merged
//!   cells resolved.
//! - [`tables`]: task tables found by their header words, continuation tables, chapter and group
//!   rows, 附件 titles → [`ListDraft`]s.
//! - [`units`]: unit cells → lead and partner units, with the reasons a reading needs review.
//! - [`targets`]: 主要目标 sentences → [`TargetDraft`]s.

pub mod docx;
pub mod package;
pub mod tables;
pub mod targets;
pub mod units;

use std::path::Path;

use serde::Serialize;

use crate::model::ListKind;

/// A plan read from its document, before the clerk confirms it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct PlanDraft {
    /// 《…》 of the 印发 notice, or the title paragraph of the plan.
    pub title: Option<String>,
    /// The issuing office as printed above the date (绍兴市越城区人民政府办公室).
    pub issuer: Option<String>,
    /// The date of issue, `YYYY-MM-DD`, from a line like `2018年10月31日`.
    pub date: Option<String>,
    pub lists: Vec<ListDraft>,
    pub targets: Vec<TargetDraft>,
    /// Things the clerk should know that concern no single row (tables skipped, …), in Chinese.
    pub warnings: Vec<String>,
}

/// One task list: the task table of one 附件 (possibly continued over several Word tables).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ListDraft {
    /// `附件2`, when the table has such a title above it.
    pub attachment: Option<String>,
    /// Short name: the title without the plan's name (工作任务责任分解表).
    pub name: String,
    /// The title line above the table, as printed.
    pub title: String,
    pub kind: ListKind,
    /// A year the list is about, from its title (2018年主要工作任务清单 → 2018): the context
    /// year for deadlines such as 年底前.
    pub year: Option<i32>,
    /// Word tables (1-based, as a clerk counts them in the document) this list was read from.
    pub tables: Vec<usize>,
    /// The header cells as printed, for the preview.
    pub header: Vec<String>,
    pub rows: Vec<RowDraft>,
}

/// One task row of a list, as read.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct RowDraft {
    /// 序号 as printed (a merged 序号 cell gives the same 序号 to each of its rows).
    pub seq: String,
    /// 一、… chapter row above it.
    pub chapter: Option<String>,
    /// 工作内容 (responsibility table) or 项目 (annual list, key projects): the merged group cell,
    /// or a group row spanning the table.
    pub category: Option<String>,
    /// 项目名称 (key projects).
    pub name: Option<String>,
    /// 工作任务 / 主要工作任务, or 建设内容 for a key project.
    pub text: String,
    pub lead: Vec<String>,
    pub partner: Vec<String>,
    /// The deadline cell (完成时限 / 完成时间) as written, if the table has one.
    pub deadline: Option<String>,
    /// 备注, if the table has one.
    pub remark: Option<String>,
    /// Why this reading needs review (待核对), reasons joined with `；`; `None` when sure.
    pub review: Option<String>,
    pub provenance: Provenance,
}

/// Where a row was read from: the Word table and the row in it, both 1-based.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub table: usize,
    pub row: usize,
}

/// A quantitative target read from a 主要目标 sentence. Always to be confirmed by the clerk.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetDraft {
    pub indicator: String,
    /// `<=`, `>=`, `=`, `<` or `>`.
    pub comparison: String,
    pub value: f64,
    pub unit: String,
    pub year: Option<i32>,
    /// The words the target was read from, as printed.
    pub quote: String,
    /// The whole sentence around it, for the clerk to judge.
    pub sentence: String,
    pub review: String,
}

/// Why a document could not be read. Each kind has a stable [`code`](PlanDocError::code) and a
/// one-line Chinese message naming the file and what to do.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PlanDocError {
    #[error("无法读取文件 {file}：{reason}")]
    Io { file: String, reason: String },

    #[error("{file} 是旧版 Word 文档（.doc）。请在 Word 或 WPS 中打开，另存为 .docx 后再导入。")]
    OldDoc { file: String },

    #[error("文件 {file} 已加密（设有打开密码），无法读取。请在 Word/WPS 中取消密码后另存，再导入。")]
    Encrypted { file: String },

    #[error(
        "{file} 不是完整的 Word 文档（.docx），可能下载不完整或已损坏（{detail}）。请重新获取文件，或在 Word/WPS 中打开后另存为 .docx 再导入。"
    )]
    Corrupt { file: String, detail: String },

    #[error("{file} 不是 Word 文档（.docx）{what}。请选择方案的 .docx 文件；其他格式请先在 Word/WPS 中打开并另存为 .docx。")]
    NotWord { file: String, what: String },

    #[error("{file} 过大（{what}超过 {limit_mb} MB），不像是方案文档，未导入。")]
    TooLarge { file: String, what: String, limit_mb: u64 },

    #[error("{file} 的结构异常（{detail}），无法读取，未导入。请在 Word/WPS 中打开后另存为 .docx 再试。")]
    TooComplex { file: String, detail: String },

    #[error("{file} 是空文档，没有文字也没有表格，未导入任何内容。")]
    Empty { file: String },

    #[error(
        "{file} 中没有找到任务表：{found}。任务表需要“序号”“工作任务（或 主要工作任务、重点任务）”“牵头单位（或 责任单位）”等列，或“序号”“项目名称”“完成时间”列。"
    )]
    NoTaskTable { file: String, found: String },

    #[error("{file} 第{table}个表格的表头“{cells}”无法识别：{missing}。请在 Word/WPS 中把表头改成这些名称后再导入。")]
    UnrecognisedHeader { file: String, table: usize, cells: String, missing: String },
}

impl PlanDocError {
    /// A stable code for programs; the message is for people.
    pub fn code(&self) -> &'static str {
        match self {
            PlanDocError::Io { .. } => "plan_io",
            PlanDocError::OldDoc { .. } => "plan_old_doc",
            PlanDocError::Encrypted { .. } => "plan_encrypted",
            PlanDocError::Corrupt { .. } => "plan_corrupt",
            PlanDocError::NotWord { .. } => "plan_not_word",
            PlanDocError::TooLarge { .. } => "plan_too_large",
            PlanDocError::TooComplex { .. } => "plan_too_complex",
            PlanDocError::Empty { .. } => "plan_empty",
            PlanDocError::NoTaskTable { .. } => "plan_no_task_table",
            PlanDocError::UnrecognisedHeader { .. } => "plan_unrecognised_header",
        }
    }
}

/// Reads a plan from a `.docx` file.
pub fn read_plan(path: &Path) -> Result<PlanDraft, PlanDocError> {
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_else(|| path.display().to_string());
    let io_err = |e: std::io::Error| PlanDocError::Io { file: file.clone(), reason: crate::error::describe_io(&e) };
    let len = std::fs::metadata(path).map_err(io_err)?.len();
    if len > package::MAX_FILE_BYTES {
        return Err(PlanDocError::TooLarge { file, what: "文件".into(), limit_mb: package::MAX_FILE_BYTES >> 20 });
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    read_plan_bytes(&file, &bytes)
}

/// Reads a plan from the bytes of a `.docx` file; `file` names it in messages.
pub fn read_plan_bytes(file: &str, bytes: &[u8]) -> Result<PlanDraft, PlanDocError> {
    let xml = package::main_document(file, bytes)?;
    let body = docx::parse_body(file, &xml)?;
    if body.is_empty() {
        return Err(PlanDocError::Empty { file: file.to_string() });
    }
    let mut warnings = body.warnings.clone();
    let lists = tables::read_lists(file, &body.blocks, &mut warnings)?;
    let paragraphs: Vec<&str> = body.paragraphs().collect();
    let targets = targets::read_targets(&paragraphs);
    let head = tables::read_heading(&paragraphs);
    Ok(PlanDraft { title: head.title, issuer: head.issuer, date: head.date, lists, targets, warnings })
}
