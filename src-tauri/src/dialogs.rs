//! Native file dialogs, opened from the Rust side (the window itself has no dialog or file
//! permission). For end-to-end tests, `TAIZHANG_E2E_DIALOGS=DIR` answers them without a person:
//! a save dialog returns DIR/<suggested name>, a folder dialog DIR/<name>, and an open dialog
//! the paths listed one per line in DIR/open.txt.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

fn e2e_dir() -> Option<PathBuf> {
    std::env::var_os("TAIZHANG_E2E_DIALOGS").map(PathBuf::from)
}

fn file_path(p: tauri_plugin_dialog::FilePath) -> Option<PathBuf> {
    p.into_path().ok()
}

pub fn save<R: Runtime>(app: &AppHandle<R>, suggested: &str, filter: (&str, &[&str])) -> Option<PathBuf> {
    if let Some(dir) = e2e_dir() {
        return Some(dir.join(suggested));
    }
    app.dialog().file().set_file_name(suggested).add_filter(filter.0, filter.1).blocking_save_file().and_then(file_path)
}

/// A folder to write into; `title` says what goes there. Under the end-to-end tests, DIR/`name`
/// (created).
pub fn folder<R: Runtime>(app: &AppHandle<R>, name: &str, title: &str) -> Option<PathBuf> {
    if let Some(dir) = e2e_dir() {
        let d = dir.join(name);
        let _ = std::fs::create_dir_all(&d);
        return Some(d);
    }
    app.dialog().file().set_title(title).blocking_pick_folder().and_then(file_path)
}

pub fn open<R: Runtime>(app: &AppHandle<R>, multiple: bool, filter: (&str, &[&str])) -> Vec<PathBuf> {
    if let Some(dir) = e2e_dir() {
        let list = std::fs::read_to_string(dir.join("open.txt")).unwrap_or_default();
        return list.lines().filter(|l| !l.trim().is_empty()).map(|l| PathBuf::from(l.trim())).collect();
    }
    let dialog = app.dialog().file().add_filter(filter.0, filter.1);
    if multiple {
        dialog.blocking_pick_files().unwrap_or_default().into_iter().filter_map(file_path).collect()
    } else {
        dialog.blocking_pick_file().and_then(file_path).into_iter().collect()
    }
}
