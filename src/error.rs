//! Errors of the core. Every variant has a stable `code` for programs (the CLI adds its hints
//! by code, the desktop shell sends the code to the window) and a Chinese message that tells a
//! clerk what is wrong and what to do. Nothing branches on the text of a message.
//!
//! Messages here do not name command-line flags or commands: the CLI adds those (see
//! `hint` in the `taizhang` binary).

use std::io;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // ---- The ledger file ------------------------------------------------------------------
    #[error("账本文件不存在：{}。请先创建账本，或指定已有的账本文件。", .path.display())]
    LedgerMissing { path: PathBuf },

    #[error("账本文件 {} 不存在：上次重建账本时被中断，留下了未完成的 {}。请从备份恢复（{}），或重新创建账本。", .path.display(), .leftover.display(), match .backup {
        Some(b) => format!("最近的备份是 {}", b.display()),
        None => "没有找到自动备份".to_string(),
    })]
    InterruptedRebuild { path: PathBuf, leftover: PathBuf, backup: Option<PathBuf> },

    #[error("{} 不是督办台账的账本文件。请检查账本文件的路径；如有备份，可用备份文件替换它。", .path.display())]
    NotALedger { path: PathBuf },

    #[error("{} 不是督办台账的账本文件（或已损坏），无法从它恢复。请选择用“备份”生成的 .db 文件，或自动备份文件夹 backups 中的文件。", .path.display())]
    NotABackup { path: PathBuf },

    #[error(
        "账本 {} 由更新版本的督办台账写入（数据版本 {found}，本程序只认识到版本 {supported}）。为免损坏数据，本程序不会修改它，请升级督办台账后再打开。",
        .path.display()
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },

    #[error("账本 {} 是空的（没有方案数据）。请重新创建账本（会先自动备份）。", .path.display())]
    EmptyLedger { path: PathBuf },

    #[error("账本 {} 正被其他程序占用（可能是另一个督办台账窗口或命令正在写入）。请稍候再试；如一直如此，请关闭其他督办台账程序。", .path.display())]
    LedgerBusy { path: PathBuf },

    #[error("账本 {} 是只读的，不能写入。请取消该文件的只读属性，或把账本放到可写的文件夹。", .path.display())]
    LedgerReadOnly { path: PathBuf },

    #[error("账本 {} 已损坏。{}", .path.display(), match .backup {
        Some(b) => format!("最近的备份是 {}，请从该备份恢复。", b.display()),
        None => "没有找到自动备份；如有手工备份，请从备份恢复。".to_string(),
    })]
    LedgerCorrupt { path: PathBuf, backup: Option<PathBuf> },

    #[error("{action} {} 失败：{reason}", .path.display())]
    File { action: &'static str, path: PathBuf, reason: String },

    // ---- Things looked up that are not there ----------------------------------------------
    #[error("找不到任务清单“{id}”。现有清单：{known}。")]
    UnknownList { id: String, known: String },

    #[error("找不到任务“{id}”。请核对任务编号（如 R-025、A-018）。")]
    UnknownTask { id: String },

    #[error("单位目录中没有“{name}”。{hint}")]
    UnknownUnit { name: String, hint: String },

    #[error("没有设置项“{key}”。可用的设置项：{known}。")]
    UnknownSetting { key: String, known: String },

    /// A plan's Word document that cannot be read (its own code, `plan_…`).
    #[error("{0}")]
    PlanDocument(#[from] crate::plan_doc::PlanDocError),

    #[error("找不到方案“{id}”。现有方案：{known}。")]
    UnknownPlan { id: String, known: String },

    #[error("要删除的方案名称不符：应为“{title}”。为免误删，请照原样写出方案名称。")]
    PlanTitleMismatch { title: String },

    #[error("这是账本中唯一的方案，不能删除。")]
    LastPlan,

    #[error("找不到主要目标“{code}”。现有目标编号为 {known}。")]
    UnknownTarget { code: String, known: String },

    #[error("找不到延期申请 {id}。")]
    UnknownExtension { id: i64 },

    #[error("找不到佐证材料 {id}。")]
    UnknownAttachment { id: i64 },

    // ---- Values a user typed or a file holds ----------------------------------------------
    #[error("月份“{value}”不正确。请写成 年-月，例如 2018-11（月份为 1 到 12）。")]
    BadMonth { value: String },

    #[error("日期“{value}”不正确。请写成 年-月-日，例如 2018-11-26。")]
    BadDate { value: String },

    #[error("清单编号“{id}”不合适：请只用小写英文字母、数字和连字符，例如 annual-2019。")]
    BadListId { id: String },

    #[error("任务编号“{id}”不合适：{rule}")]
    BadTaskId { id: String, rule: String },

    #[error("清单编号“{id}”已被使用。请换一个编号。")]
    ListIdTaken { id: String },

    #[error("单位名称“{name}”不合适：{rule}")]
    BadUnitName { name: String, rule: String },

    #[error("“{name}”已是单位目录中的名称或别名。若两者是同一单位，请使用“合并”。")]
    UnitNameTaken { name: String },

    #[error("不能把单位“{name}”合并到它自己。")]
    MergeIntoItself { name: String },

    #[error("完成状态“{word}”不在设置的状态词中。可用的状态词：{words}。")]
    BadStatusWord { word: String, words: String },

    #[error("完成百分比“{value}”不正确：应为 0 到 100 之间的整数。")]
    BadPercent { value: String },

    #[error("数值“{value}”不正确：请只填数字，如 41.2 或 81（百分数可写 81%）。")]
    BadValue { value: String },

    #[error("统计期“{value}”不正确。请写成年份（如 2018）或年-月（如 2018-11）。")]
    BadPeriod { value: String },

    #[error("统计期“{value}”超出范围：应在 {first} 年（方案印发之年）到 {last} 年（目标年份后五年）之间。")]
    PeriodOutOfRange { value: String, first: i32, last: i32 },

    #[error("基期年份“{value}”不正确：应为目标年份之前的年份，如 2017。")]
    BadBaselineYear { value: String },

    #[error("目标内容不正确：{what}")]
    BadTargetReading { what: String },

    #[error("基期值和基期年份要一起给出。")]
    BaselineHalfGiven,

    #[error("任务 {task} 没有{due}这个完成时限。该任务的完成时限：{dues}。")]
    NoSuchDeadline { task: String, due: String, dues: String },

    #[error("延期后的日期（{new}）应晚于原完成时限（{old}）。")]
    ExtensionNotLater { old: String, new: String },

    #[error("延期理由不能为空。请写明需要延期的原因。")]
    NoExtensionReason,

    #[error("任务 {task} 的完成时限 {due} 已有一份待审批的延期申请（编号 {id}）。请先审批该申请。")]
    ExtensionPending { task: String, due: String, id: i64 },

    #[error("延期申请 {id} 已{state}，不能再次审批。")]
    ExtensionDecided { id: i64, state: &'static str },

    #[error("文件 {file} 太大（{size_mb:.1} MB，上限 {max_mb} MB）。请压缩或拆分后再添加。")]
    AttachmentTooLarge { file: String, size_mb: f64, max_mb: u64 },

    #[error("文件 {file} 是空的（0 字节），不能作为佐证材料。")]
    AttachmentEmpty { file: String },

    #[error("文件 {file} 的内容不是{kind}（可能已损坏，或扩展名被改过）。请确认文件能正常打开后再添加。")]
    AttachmentUnreadable { file: String, kind: &'static str },

    #[error(
        "文件 {file} 不是可作为佐证材料的类型。可添加：PDF、图片（jpg、png 等）、Word（doc、docx、wps）、Excel（xls、xlsx、et）、OFD。"
    )]
    AttachmentType { file: String },

    #[error("任务 {task} 已于 {on} 销号，不能再次销号。")]
    AlreadyClosed { task: String, on: String },

    #[error("任务 {task} 的牵头单位尚未报告“{done}”，不能销号。如已核实完成，可先把本月完成状态设为“{done}”。")]
    NotClaimed { task: String, done: String },

    #[error("任务 {task} 还没有佐证材料，不能销号。请先添加佐证材料；确实没有材料的，须写明理由后选择“无佐证材料销号”。")]
    NoEvidence { task: String },

    #[error("无佐证材料销号时必须写明理由。")]
    NoteRequired,

    #[error("退回理由不能为空。请写明退回的原因（会显示在该单位下月的填报表中）。")]
    NoReturnReason,

    #[error("任务 {task} 既没有销号，也没有单位申请销号，无需退回。")]
    NothingToReturn { task: String },

    #[error("设置项 {key} 的值“{value}”不合适：{rule}")]
    BadSetting { key: String, value: String, rule: String },

    #[error("{field}过长（{chars} 字），请精简到 {max} 字以内。")]
    TextTooLong { field: String, chars: usize, max: usize },

    #[error("{field}含有控制字符（如换页、退格等不可见字符），请删去后重试。")]
    ControlCharacters { field: String },

    #[error("“{unit}”不是任务 {task}（序号 {seq}）的牵头或配合单位。该任务的单位：{units}。")]
    UnitNotOnTask { unit: String, task: String, seq: String, units: String },

    #[error("任务 {task} 至少要有一个牵头单位。")]
    NoLeadUnit { task: String },

    #[error("任务 {task} 中单位“{name}”出现了两次。")]
    DuplicateUnit { task: String, name: String },

    #[error("第 {row} 行（序号 {seq}）的完成时限“{text}”无法识别。请写成 2019年6月底前、年底前、2019年 或 2019-06-30。")]
    BadDeadline { row: usize, seq: String, text: String },

    #[error("清单中没有任务行。")]
    EmptyList,

    #[error("文件 {file} 有 {} 处问题，未导入任何内容：{}", .problems.len(), first_problems(.problems))]
    ListFile { file: String, problems: Vec<String> },

    #[error("文件 {file} 不是 Excel 表格，或已损坏，无法导入（{reason}）。")]
    NotASpreadsheet { file: String, reason: String },

    #[error("文书种类“{kind}”不认识。可用的种类：督办（督办通知单）、催办（催办单）。")]
    UnknownDocumentKind { kind: String },

    #[error("没有指定发往的单位。请给出单位名称，如 区建设局。")]
    NoUnitGiven,

    #[error("没有设置发文单位（office）。请在设置中填写，如 区美丽办。")]
    OfficeNotSet,

    #[error("{unit}在{month}没有{what}的任务，不需要发{document}。")]
    NothingToNotify { unit: String, month: String, what: &'static str, document: &'static str },

    #[error("回复期限（{reply}）早于成文日期（{date}）。请检查回复天数的设置。")]
    ReplyBeforeDate { reply: String, date: String },

    #[error("下步工作要求第{index}条中的“{bad}”不认识。可用的写法：{known}。")]
    BadTemplate { index: usize, bad: String, known: String },

    #[error("没有任何任务，无法生成通报。请先载入或导入任务清单。")]
    NoTasks,

    #[error("{month}还没有任何单位报送进展情况，无法生成通报。请先导入或登记本月的进展情况。")]
    NoReportsThisMonth { month: String },

    #[error("考核计分未开启。请在设置中把“考核计分”（score_enabled）设为“是”。")]
    ScoresOff,

    #[error("考核规则“{rule}”不正确：{reason}")]
    BadScoreRule { rule: String, reason: String },

    #[error("生成 Word 文档失败：{reason}。请重试；如反复出现，请把此信息告诉维护人员。")]
    DocumentWrite { reason: String },

    #[error("不能保存到 {}：这是账本文件（或它的附属文件），保存会覆盖账本。请另选文件名或位置。", .path.display())]
    OutputIsLedger { path: PathBuf },

    #[error("第 {} 条：{source}", .index + 1)]
    Batch { index: usize, source: Box<Error> },

    // ---- Lower layers ---------------------------------------------------------------------
    #[error("数据库操作失败：{0}。请重试；如问题反复出现，请从备份恢复账本。")]
    Database(#[from] rusqlite::Error),

    #[error("生成表格失败：{0}")]
    Sheet(#[from] rust_xlsxwriter::XlsxError),
}

/// An error as the window receives it: the stable code and the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> ErrorBody {
        ErrorBody { code: e.code().to_string(), message: e.to_string() }
    }
}

impl From<Error> for ErrorBody {
    fn from(e: Error) -> ErrorBody {
        ErrorBody::from(&e)
    }
}

/// The first problems of a list, one line: "；"-separated, with how many more there are.
fn first_problems(problems: &[String]) -> String {
    const SHOWN: usize = 30;
    let mut s = problems.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("；");
    if problems.len() > SHOWN {
        s.push_str(&format!("；……另有 {} 处问题", problems.len() - SHOWN));
    }
    s
}

impl Error {
    /// A stable code for programs; the message is for people.
    pub fn code(&self) -> &'static str {
        match self {
            Error::LedgerMissing { .. } => "ledger_missing",
            Error::InterruptedRebuild { .. } => "interrupted_rebuild",
            Error::NotALedger { .. } => "not_a_ledger",
            Error::NotABackup { .. } => "not_a_backup",
            Error::NewerSchema { .. } => "newer_schema",
            Error::EmptyLedger { .. } => "empty_ledger",
            Error::LedgerBusy { .. } => "ledger_busy",
            Error::LedgerReadOnly { .. } => "ledger_read_only",
            Error::LedgerCorrupt { .. } => "ledger_corrupt",
            Error::File { .. } => "file",
            Error::UnknownList { .. } => "unknown_list",
            Error::UnknownTask { .. } => "unknown_task",
            Error::UnknownUnit { .. } => "unknown_unit",
            Error::UnknownSetting { .. } => "unknown_setting",
            Error::BadMonth { .. } => "bad_month",
            Error::BadDate { .. } => "bad_date",
            Error::BadListId { .. } => "bad_list_id",
            Error::BadTaskId { .. } => "bad_task_id",
            Error::ListIdTaken { .. } => "list_id_taken",
            Error::BadUnitName { .. } => "bad_unit_name",
            Error::UnitNameTaken { .. } => "unit_name_taken",
            Error::MergeIntoItself { .. } => "merge_into_itself",
            Error::BadStatusWord { .. } => "bad_status_word",
            Error::BadPercent { .. } => "bad_percent",
            Error::BadSetting { .. } => "bad_setting",
            Error::TextTooLong { .. } => "text_too_long",
            Error::ControlCharacters { .. } => "control_characters",
            Error::UnitNotOnTask { .. } => "unit_not_on_task",
            Error::NoLeadUnit { .. } => "no_lead_unit",
            Error::DuplicateUnit { .. } => "duplicate_unit",
            Error::BadDeadline { .. } => "bad_deadline",
            Error::EmptyList => "empty_list",
            Error::ListFile { .. } => "list_file",
            Error::NotASpreadsheet { .. } => "not_a_spreadsheet",
            Error::UnknownDocumentKind { .. } => "unknown_document_kind",
            Error::NoUnitGiven => "no_unit_given",
            Error::OfficeNotSet => "office_not_set",
            Error::NothingToNotify { .. } => "nothing_to_notify",
            Error::ReplyBeforeDate { .. } => "reply_before_date",
            Error::BadTemplate { .. } => "bad_template",
            Error::NoTasks => "no_tasks",
            Error::NoReportsThisMonth { .. } => "no_reports_this_month",
            Error::BadScoreRule { .. } => "bad_score_rule",
            Error::ScoresOff => "scores_off",
            Error::DocumentWrite { .. } => "document_write",
            Error::OutputIsLedger { .. } => "output_is_ledger",
            Error::UnknownTarget { .. } => "unknown_target",
            Error::UnknownPlan { .. } => "unknown_plan",
            Error::PlanDocument(e) => e.code(),
            Error::PlanTitleMismatch { .. } => "plan_title_mismatch",
            Error::LastPlan => "last_plan",
            Error::UnknownExtension { .. } => "unknown_extension",
            Error::UnknownAttachment { .. } => "unknown_attachment",
            Error::BadValue { .. } => "bad_value",
            Error::BadPeriod { .. } => "bad_period",
            Error::PeriodOutOfRange { .. } => "period_out_of_range",
            Error::BadBaselineYear { .. } => "bad_baseline_year",
            Error::BaselineHalfGiven => "baseline_half_given",
            Error::BadTargetReading { .. } => "bad_target_reading",
            Error::NoSuchDeadline { .. } => "no_such_deadline",
            Error::ExtensionNotLater { .. } => "extension_not_later",
            Error::NoExtensionReason => "no_extension_reason",
            Error::ExtensionPending { .. } => "extension_pending",
            Error::ExtensionDecided { .. } => "extension_decided",
            Error::AttachmentTooLarge { .. } => "attachment_too_large",
            Error::AttachmentEmpty { .. } => "attachment_empty",
            Error::AttachmentUnreadable { .. } => "attachment_unreadable",
            Error::AttachmentType { .. } => "attachment_type",
            Error::AlreadyClosed { .. } => "already_closed",
            Error::NotClaimed { .. } => "not_claimed",
            Error::NoEvidence { .. } => "no_evidence",
            Error::NoteRequired => "note_required",
            Error::NoReturnReason => "no_return_reason",
            Error::NothingToReturn { .. } => "nothing_to_return",
            Error::Batch { source, .. } => source.code(),
            Error::Database(_) => "database",
            Error::Sheet(_) => "sheet",
        }
    }

    /// A database error about the ledger file itself (held by another program, read-only,
    /// damaged) becomes the cause a clerk can act on, naming the file; other errors stay.
    pub fn about_ledger(self, path: &Path) -> Error {
        match self {
            Error::Database(e) => crate::storage::classify(path, e),
            other => other,
        }
    }

    /// Describes a failed file operation the way a clerk can act on it.
    pub fn file(action: &'static str, path: &Path, err: &io::Error) -> Error {
        let reason = if path.is_dir() && !matches!(err.kind(), io::ErrorKind::PermissionDenied) {
            "这是一个文件夹，不是文件。请选择文件夹中的文件，或给出文件名。".to_string()
        } else {
            describe_io(err)
        };
        Error::File { action, path: path.to_path_buf(), reason }
    }

    /// A file error with a reason of our own.
    pub fn file_because(action: &'static str, path: &Path, reason: impl Into<String>) -> Error {
        Error::File { action, path: path.to_path_buf(), reason: reason.into() }
    }
}

/// Windows: ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION, what Excel or WPS cause when they
/// hold a file open.
const SHARING_VIOLATION: i32 = 32;
const LOCK_VIOLATION: i32 = 33;

/// A Chinese description of an I/O error with what to do about it.
pub fn describe_io(err: &io::Error) -> String {
    describe_io_on(err, cfg!(windows))
}

/// [`describe_io`] as it reads on Windows (`windows`) or elsewhere, so that the Windows mapping
/// is tested on every platform.
pub fn describe_io_on(err: &io::Error, windows: bool) -> String {
    if windows && matches!(err.raw_os_error(), Some(SHARING_VIOLATION) | Some(LOCK_VIOLATION)) {
        return "文件正被其他程序（如 Excel 或 WPS）打开。请先关闭该文件，再重试。".into();
    }
    match err.kind() {
        io::ErrorKind::NotFound => "文件或文件夹不存在。请检查路径是否正确、文件夹是否已创建。".into(),
        io::ErrorKind::PermissionDenied => {
            "没有权限（文件只读、文件夹不可写，或文件正被其他程序打开）。请换一个可写的位置，或关闭正在使用该文件的程序后重试。"
                .into()
        }
        io::ErrorKind::AlreadyExists => "文件已存在。".into(),
        io::ErrorKind::StorageFull => "磁盘空间不足。请清理磁盘后重试。".into(),
        io::ErrorKind::ReadOnlyFilesystem => "该位置只读，不能写入。请换一个位置。".into(),
        io::ErrorKind::NotADirectory => "路径中的某一级不是文件夹。请检查路径。".into(),
        io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件。请给出文件名。".into(),
        io::ErrorKind::InvalidFilename => "文件名不合适（含有 Windows 不允许的字符或过长）。请换一个文件名。".into(),
        _ => match err.raw_os_error() {
            Some(code) => format!("系统拒绝了这个操作（错误代码 {code}）。请检查路径、权限和磁盘后重试。"),
            None => "系统拒绝了这个操作。请检查路径、权限和磁盘后重试。".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_violation_names_excel() {
        let err = io::Error::from_raw_os_error(SHARING_VIOLATION);
        assert!(describe_io_on(&err, true).contains("Excel"));
        let err = io::Error::from_raw_os_error(LOCK_VIOLATION);
        assert!(describe_io_on(&err, true).contains("关闭"));
        // On Linux 32 is EPIPE: not a sharing violation.
        assert!(!describe_io_on(&err, false).contains("Excel"));
    }

    #[test]
    fn permission_and_missing_folder_are_explained() {
        let err = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(describe_io(&err).contains("没有权限"));
        let err = io::Error::from(io::ErrorKind::NotFound);
        assert!(describe_io(&err).contains("不存在"));
    }

    #[test]
    fn file_error_names_the_file() {
        let err = Error::file("写入", Path::new("/x/台账.xlsx"), &io::Error::from(io::ErrorKind::NotFound));
        let msg = err.to_string();
        assert!(msg.contains("台账.xlsx"), "{msg}");
        assert_eq!(err.code(), "file");
    }

    #[test]
    fn every_message_is_one_line() {
        let problems: Vec<String> = (1..40).map(|i| format!("第 {i} 行：没有牵头单位。")).collect();
        let err = Error::ListFile { file: "x.xlsx".into(), problems };
        let msg = err.to_string();
        assert!(!msg.contains('\n'), "{msg}");
        assert!(msg.contains("另有 9 处问题"), "{msg}");
        let batch = Error::Batch { index: 2, source: Box::new(Error::BadPercent { value: "150".into() }) };
        assert_eq!(batch.code(), "bad_percent");
        assert!(batch.to_string().starts_with("第 3 条："));
    }
}
