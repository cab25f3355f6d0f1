//! Errors of the core. Every variant has a stable `code` for programs (the desktop shell sends
//! it to the window) and a Chinese message that tells a clerk what is wrong and what to do.

use std::io;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("账本文件不存在：{}。请先运行 `taizhang init` 创建账本，或用 --db 指定已有的账本文件。", .path.display())]
    LedgerMissing { path: PathBuf },

    #[error("{} 不是督办台账的账本文件，或文件已损坏。请检查 --db 指定的路径；如有备份，可用备份文件替换它。", .path.display())]
    NotALedger { path: PathBuf },

    #[error(
        "账本 {} 由更新版本的督办台账写入（数据版本 {found}，本程序只认识到版本 {supported}）。为免损坏数据，本程序不会修改它，请升级督办台账后再打开。",
        .path.display()
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },

    #[error("账本 {} 已存在，未做任何改动。如要重建，请使用 `taizhang init --force`（会先自动备份）。", .path.display())]
    LedgerExists { path: PathBuf },

    #[error("{action} {} 失败：{reason}", .path.display())]
    File { action: &'static str, path: PathBuf, reason: String },

    #[error("找不到任务清单“{id}”。现有清单：{known}。")]
    UnknownList { id: String, known: String },

    #[error("找不到任务“{id}”。请用 `taizhang tasks --list 清单编号 --json` 查看任务编号。")]
    UnknownTask { id: String },

    #[error("单位目录中没有“{name}”。{hint}")]
    UnknownUnit { name: String, hint: String },

    /// A value a user typed or a file holds that is not acceptable; the message names it
    /// and the valid values.
    #[error("{message}")]
    Invalid { message: String },

    #[error("数据库操作失败：{0}。如问题反复出现，请从备份恢复账本。")]
    Database(#[from] rusqlite::Error),

    #[error("生成表格失败：{0}")]
    Sheet(#[from] rust_xlsxwriter::XlsxError),
}

impl Error {
    /// A stable code for programs; the message is for people.
    pub fn code(&self) -> &'static str {
        match self {
            Error::LedgerMissing { .. } => "ledger_missing",
            Error::NotALedger { .. } => "not_a_ledger",
            Error::NewerSchema { .. } => "newer_schema",
            Error::LedgerExists { .. } => "ledger_exists",
            Error::File { .. } => "file",
            Error::UnknownList { .. } => "unknown_list",
            Error::UnknownTask { .. } => "unknown_task",
            Error::UnknownUnit { .. } => "unknown_unit",
            Error::Invalid { .. } => "invalid",
            Error::Database(_) => "database",
            Error::Sheet(_) => "sheet",
        }
    }

    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid { message: message.into() }
    }

    /// Describes a failed file operation the way a clerk can act on it.
    pub fn file(action: &'static str, path: &Path, err: &io::Error) -> Error {
        Error::File { action, path: path.to_path_buf(), reason: describe_io(err) }
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
            "没有权限（文件只读、文件夹不可写，或文件正被其他程序打开）。请换一个可写的位置，或关闭正在使用该文件的程序后重试。".into()
        }
        io::ErrorKind::AlreadyExists => "文件已存在。".into(),
        io::ErrorKind::StorageFull => "磁盘空间不足。请清理磁盘后重试。".into(),
        io::ErrorKind::ReadOnlyFilesystem => "该位置只读，不能写入。请换一个位置。".into(),
        io::ErrorKind::NotADirectory => "路径中的某一级不是文件夹。请检查路径。".into(),
        io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件。请给出文件名。".into(),
        _ => format!("{err}"),
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
}
