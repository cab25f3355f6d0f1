//! Writing files so that a reader never sees half of one: every export and backup is written to
//! a temporary file in the target folder and renamed over the target. A target held open by
//! Excel or WPS, a read-only one or a missing folder gives a message naming the file, and the
//! old file stays as it was.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Prefix of our temporary files (exports, forms); backups use their own
/// ([`crate::storage::BACKUP_TEMP_PREFIX`]).
pub const TEMP_PREFIX: &str = ".taizhang-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// A new temporary file in `dir`, readable by others as a normal file is (0644 under the
/// usual umask on Linux; tempfile's default 0600 would make an export private). Its name carries
/// the process id (`.taizhang-1234-Ab3dE.tmp`), so that one left by a killed process can be told
/// from one being written and removed later ([`clean_stale`]); stale ones in `dir` go first.
pub fn temp_in(dir: &Path, prefix: &str) -> std::io::Result<NamedTempFile> {
    clean_stale(dir);
    let prefix = format!("{prefix}{}-", std::process::id());
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The process umask still applies at creation.
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// Whether process `pid` is still running; `None` where this cannot be told.
fn process_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") { Some(Path::new("/proc").join(pid.to_string()).exists()) } else { None }
}

/// The process id in the name of one of our temporary files, if it is one.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_suffix(TEMP_SUFFIX)?;
    let rest = rest.strip_prefix(crate::storage::BACKUP_TEMP_PREFIX).or_else(|| rest.strip_prefix(TEMP_PREFIX))?;
    rest.split('-').next()?.parse().ok()
}

/// Removes our temporary files in `dir` that a killed process left behind: those whose process
/// is gone (Linux), or that nobody holds open any more (Windows refuses to delete a file that is
/// open). Files of running processes and anything not ours are left alone. Never fails.
pub fn clean_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(pid) = temp_owner(&name) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        match process_alive(pid) {
            Some(true) => {}
            // Dead on Linux; elsewhere the removal fails while a live process holds it.
            Some(false) | None => {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Checks that `out` can be written as a file: its folder exists, it is not a folder, it is not
/// read-only.
pub fn check_target(out: &Path, action: &'static str) -> Result<()> {
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::file_because(action, out, "目标文件夹不存在。请先创建该文件夹，或另选保存位置。"));
    }
    if out.is_dir() {
        return Err(Error::file_because(action, out, "这是一个文件夹。请给出要保存的文件名。"));
    }
    if std::fs::metadata(out).is_ok_and(|m| m.permissions().readonly()) {
        return Err(Error::file_because(action, out, "文件是只读的。请另存为其他文件名，或先取消该文件的只读属性。"));
    }
    if out.exists() {
        // Excel and WPS hold an open workbook without write sharing: opening it for writing
        // fails with a sharing violation, which names the cause, where renaming over it later
        // would only say "access denied" (Windows and Wine alike). Nothing is written here.
        std::fs::OpenOptions::new().write(true).open(out).map_err(|e| Error::file(action, out, &e))?;
    }
    Ok(())
}

/// Renames a finished temporary file over `out`.
pub fn persist(tmp: NamedTempFile, out: &Path, action: &'static str) -> Result<()> {
    tmp.as_file().sync_all().map_err(|e| Error::file(action, out, &e))?;
    // On failure the temporary file is removed when the error's file handle drops.
    tmp.persist(out).map_err(|e| Error::file(action, out, &e.error))?;
    Ok(())
}

/// Writes `bytes` to `out` safely: `out` is either the old file or the whole new one.
pub fn save_bytes(bytes: &[u8], out: &Path) -> Result<()> {
    const ACTION: &str = "保存";
    check_target(out, ACTION)?;
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = temp_in(dir, TEMP_PREFIX).map_err(|e| Error::file(ACTION, out, &e))?;
    tmp.write_all(bytes).map_err(|e| Error::file(ACTION, out, &e))?;
    persist(tmp, out, ACTION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_whole_files_and_explains_refusals() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("表.xlsx");
        save_bytes(b"one", &out).unwrap();
        save_bytes(b"two", &out).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left");

        let missing = dir.path().join("没有/表.xlsx");
        assert!(save_bytes(b"x", &missing).unwrap_err().to_string().contains("文件夹不存在"));
        assert!(save_bytes(b"x", dir.path()).unwrap_err().to_string().contains("文件夹"));
        let mut perm = std::fs::metadata(&out).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&out, perm).unwrap();
        let err = save_bytes(b"three", &out).unwrap_err().to_string();
        assert!(err.contains("只读") && err.contains("表.xlsx"), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".taizhang-4000000-abcdef.tmp");
        let dead_backup = dir.path().join(".taizhang-backup-4000001-abcdef.tmp");
        let mine = dir.path().join(format!(".taizhang-{}-abcdef.tmp", std::process::id()));
        let other = dir.path().join(".taizhang-notes.tmp");
        let clerk = dir.path().join("台账.xlsx");
        for f in [&dead, &dead_backup, &mine, &other, &clerk] {
            std::fs::write(f, b"x").unwrap();
        }
        clean_stale(dir.path());
        if cfg!(target_os = "linux") {
            assert!(!dead.exists() && !dead_backup.exists());
        }
        assert!(mine.exists() && other.exists() && clerk.exists());
    }

    #[cfg(unix)]
    #[test]
    fn exports_are_readable_by_others_under_the_usual_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.xlsx");
        save_bytes(b"x", &out).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o044, 0o044 & !current_umask(), "mode {mode:o}");
    }

    #[cfg(unix)]
    fn current_umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status.lines().find_map(|l| l.strip_prefix("Umask:")).and_then(|v| u32::from_str_radix(v.trim(), 8).ok()).unwrap_or(0o022)
    }
}
