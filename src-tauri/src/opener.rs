//! Opening what the app exported: the file in its program (Excel, WPS) or its folder with the
//! file selected. Only paths in the export log can be opened, so the window cannot become a
//! launcher for arbitrary paths; the window itself has no opener permission.
//!
//! For end-to-end tests, `TAIZHANG_E2E_OPENER=FILE` appends `open PATH` or `reveal PATH` to FILE
//! instead of opening anything.

use std::io::Write;
use std::path::{Path, PathBuf};

use taizhang::Ledger;
use taizhang::app;
use taizhang::error::ErrorBody;

/// How far back the export log is searched.
const LOOK_BACK: usize = 1000;

#[derive(Clone, Copy)]
pub enum How {
    Open,
    Reveal,
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The path as recorded when the app exported it, or an error a clerk can act on.
pub fn exported(ledger: &Ledger, path: &str) -> taizhang::Result<Result<PathBuf, ErrorBody>> {
    let want = absolute(Path::new(path));
    let known = app::recent_exports(ledger, LOOK_BACK)?
        .into_iter()
        .any(|e| absolute(Path::new(&e.path)) == want);
    if !known {
        return Ok(Err(ErrorBody {
            code: "not_exported".into(),
            message: "只能打开本程序导出的文件。".into(),
        }));
    }
    if !want.exists() {
        let name = want
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| want.display().to_string());
        return Ok(Err(ErrorBody {
            code: "file_missing".into(),
            message: format!("“{name}”已不在原处（可能已被移动或删除），请重新导出。"),
        }));
    }
    Ok(Ok(want))
}

/// Opens or reveals `path` (already checked against the export log).
pub fn open(path: &Path, how: How) -> Result<(), ErrorBody> {
    if let Some(log) = std::env::var_os("TAIZHANG_E2E_OPENER").filter(|v| !v.is_empty()) {
        let word = match how {
            How::Open => "open",
            How::Reveal => "reveal",
        };
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(failed)?;
        return writeln!(f, "{word} {}", path.display()).map_err(failed);
    }
    match how {
        How::Open => tauri_plugin_opener::open_path(path, None::<&str>).map_err(failed),
        How::Reveal => tauri_plugin_opener::reveal_item_in_dir(path).map_err(failed),
    }
}

fn failed(e: impl std::fmt::Display) -> ErrorBody {
    ErrorBody {
        code: "open_failed".into(),
        message: format!("无法打开：{e}。请在文件夹中找到该文件后手动打开。"),
    }
}
