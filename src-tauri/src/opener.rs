//! Opening what the app wrote: the file in its program (Excel, WPS) or its folder with the
//! file selected. Only files the app itself wrote can be opened, so the window cannot become a
//! launcher for arbitrary paths; the window itself has no opener permission. Those are the paths
//! in the export log (`exported`), and evidence files the app has just saved out of the ledger
//! into a folder of its own (`evidence_copy_dir`), whose path never comes from the window.
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
    let known = app::recent_exports(ledger, LOOK_BACK)?.into_iter().any(|e| absolute(Path::new(&e.path)) == want);
    if !known {
        return Ok(Err(ErrorBody { code: "not_exported".into(), message: "只能打开本程序导出的文件。".into() }));
    }
    if !want.exists() {
        let name = want.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| want.display().to_string());
        return Ok(Err(ErrorBody {
            code: "file_missing".into(),
            message: format!("“{name}”已不在原处（可能已被移动或删除），请重新导出。"),
        }));
    }
    Ok(Ok(want))
}

/// The folder under the temporary folder where the evidence file `id` is saved out to be opened:
/// a new one at each opening, so that a copy still open in Word or WPS is never overwritten.
/// Copies from earlier days are removed on the way (best effort: one still open stays).
pub fn evidence_copy_dir(id: i64) -> taizhang::Result<PathBuf> {
    let root = std::env::temp_dir().join("taizhang-evidence");
    let day = std::time::Duration::from_secs(24 * 3600);
    if let Ok(entries) = std::fs::read_dir(&root) {
        for e in entries.flatten() {
            let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > day);
            if old {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = root.join(format!("{id}-{stamp}-{n}"));
    std::fs::create_dir_all(&dir).map_err(|e| taizhang::Error::file("创建临时文件夹", &dir, &e))?;
    Ok(dir)
}

/// Opens or reveals `path`: one in the export log (checked by `exported`), or an evidence file
/// the app has just written into `evidence_copy_dir`.
pub fn open(path: &Path, how: How) -> Result<(), ErrorBody> {
    if let Some(log) = std::env::var_os("TAIZHANG_E2E_OPENER").filter(|v| !v.is_empty()) {
        let word = match how {
            How::Open => "open",
            How::Reveal => "reveal",
        };
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(log).map_err(failed)?;
        return writeln!(f, "{word} {}", path.display()).map_err(failed);
    }
    match how {
        How::Open => tauri_plugin_opener::open_path(path, None::<&str>).map_err(failed),
        How::Reveal => tauri_plugin_opener::reveal_item_in_dir(path).map_err(failed),
    }
}

fn failed(e: impl std::fmt::Display) -> ErrorBody {
    ErrorBody {
        code: "open_failed".into(), message: format!("无法打开：{e}。请在文件夹中找到该文件后手动打开。")
    }
}
