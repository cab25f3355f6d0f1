//! The ledger file: one SQLite database. This module opens it (the only place that sets the
//! connection's pragmas), brings its schema up to date with numbered migrations, turns SQLite's
//! errors about the file into messages a clerk can act on, and writes backups.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Local;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{Error, Result};

/// Marks a SQLite file as a 督办台账 ledger ("TZ" + 1), so that another program's database is
/// refused rather than altered.
pub const APPLICATION_ID: i64 = 0x545A_0001;

/// Numbered migrations; migration N brings the schema from version N-1 to N. Never edit one
/// that has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_progress.sql"),
    include_str!("migrations/0003_forms.sql"),
    include_str!("migrations/0004_exports_and_returns.sql"),
    include_str!("migrations/0005_targets_and_task_life.sql"),
    include_str!("migrations/0006_plans.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist and be a ledger.
    Existing,
    /// Create the file when it does not exist.
    Create,
}

/// Opens (or creates) a ledger and brings its schema to [`SCHEMA_VERSION`].
pub fn open(path: &Path, mode: OpenMode) -> Result<Connection> {
    if mode == OpenMode::Existing && !path.exists() {
        let leftover = leftover_rebuilds(path)
            .into_iter()
            .find(|p| !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm"));
        if let Some(leftover) = leftover {
            return Err(Error::InterruptedRebuild { path: path.to_path_buf(), leftover, backup: latest_backup(path) });
        }
        return Err(Error::LedgerMissing { path: path.to_path_buf() });
    }
    if path.is_dir() {
        return Err(Error::File {
            action: "打开账本",
            path: path.to_path_buf(),
            reason: "这是一个文件夹，不是账本文件。请给出文件名，例如 ledger.db。".into(),
        });
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if mode == OpenMode::Create {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::file("创建文件夹", parent, &e))?;
        }
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    clean_leftovers(path);
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
    check_identity(&conn, path, mode)?;
    configure(&conn).map_err(|e| open_error(path, e))?;
    migrate(&conn, path)?;
    Ok(conn)
}

/// How long a writer waits for another one (the window and the CLI may write at the same time).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

fn open_error(path: &Path, err: rusqlite::Error) -> Error {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotALedger { path: path.to_path_buf() },
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => Error::File {
            action: "打开账本",
            path: path.to_path_buf(),
            reason: "无法打开或写入该文件。请检查文件夹是否存在、是否有写入权限。".into(),
        },
        _ => classify(path, err),
    }
}

/// Turns an error of SQLite about the ledger file into the cause a clerk can act on: held by
/// another program, read-only, damaged (naming the latest backup), or a plain database error.
pub fn classify(path: &Path, err: rusqlite::Error) -> Error {
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::LedgerBusy { path: path.to_path_buf() },
        Some(ErrorCode::ReadOnly) => Error::LedgerReadOnly { path: path.to_path_buf() },
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
            Error::LedgerCorrupt { path: path.to_path_buf(), backup: latest_backup(path) }
        }
        _ => Error::Database(err),
    }
}

/// The newest backup in the `backups` folder beside the ledger, if any.
pub fn latest_backup(db: &Path) -> Option<PathBuf> {
    let dir = backup_dir(db);
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "db"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, p)| p)
}

fn backup_dir(db: &Path) -> PathBuf {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups")
}

/// `backups/ledger-20181126-093000.123-import.db` beside the ledger.
pub fn backup_path_for(db: &Path, reason: &str) -> PathBuf {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("ledger");
    let stamp = Local::now().format("%Y%m%d-%H%M%S%.3f");
    backup_dir(db).join(format!("{stem}-{stamp}-{reason}.db"))
}

/// Prefix of the temporary files backups are written to before they are renamed.
pub const BACKUP_TEMP_PREFIX: &str = ".taizhang-backup-";

/// Writes a consistent copy of the database of `conn` to `out` with SQLite's online backup API,
/// through a temporary file beside `out` that is renamed into place.
pub fn backup_to(conn: &Connection, out: &Path) -> Result<()> {
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::file_because("写入备份", out, "目标文件夹不存在。请先创建该文件夹，或换一个位置。"));
    }
    if out.is_dir() {
        return Err(Error::file_because("写入备份", out, "这是一个文件夹。请给出备份文件名，例如 台账备份.db。"));
    }
    if std::fs::metadata(out).is_ok_and(|m| m.permissions().readonly()) {
        return Err(Error::file_because("写入备份", out, "文件是只读的。请另存为其他文件名，或先取消该文件的只读属性。"));
    }
    let tmp = crate::files::temp_in(dir, BACKUP_TEMP_PREFIX).map_err(|e| Error::file("写入备份", out, &e))?;
    {
        let mut dst = Connection::open(tmp.path())?;
        let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    crate::files::persist(tmp, out, "写入备份")
}

/// A file beside the ledger for this process: `ledger.db.new-1234` for `tag` = `new`.
pub fn sibling_temp(db: &Path, tag: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(format!(".{tag}-{}", std::process::id()));
    PathBuf::from(p)
}

/// Files a killed `init --force` may have left beside the ledger: `ledger.db.new-<pid>` (and
/// its `-wal`, `-shm`).
pub fn leftover_rebuilds(db: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return vec![];
    };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!("{}.new", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out: Vec<PathBuf> =
        entries.flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&prefix)).map(|e| e.path()).collect();
    out.sort();
    out
}

/// Removes what killed processes left beside the ledger: temporary backups, and unfinished
/// rebuilds whose process is gone. Runs whenever a ledger is opened; never fails.
pub fn clean_leftovers(db: &Path) {
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::files::clean_stale(dir);
    crate::files::clean_stale(&backup_dir(db));
    for p in leftover_rebuilds(db) {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let pid = name
            .rsplit('.')
            .next()
            .and_then(|t| t.strip_prefix("new-"))
            .and_then(|t| t.split('-').next())
            .and_then(|t| t.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| {
            pid == std::process::id() || (cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists())
        });
        if !alive && db.exists() {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// Removes a database file and its `-wal` and `-shm` companions, where they exist.
pub fn remove_db_files(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| Error::file("删除旧文件", &p, &e))?;
        }
    }
    Ok(())
}

/// Puts the finished database `from` in the place of `to` with one rename (atomic on Linux; on
/// Windows the standard library's rename replaces the file in one call too). A kill at any
/// moment leaves `to` as the old ledger or the new one.
pub fn replace_db(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::file("替换账本", to, &e))?;
    remove_db_files(&sibling_temp(to, "new")).ok();
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Tests of the busy paths set a short wait.
    let timeout = std::env::var("TAIZHANG_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(BUSY_TIMEOUT);
    conn.busy_timeout(timeout)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Refuses a file that is not a SQLite database, or is another program's database.
fn check_identity(conn: &Connection, path: &Path, mode: OpenMode) -> Result<()> {
    // Reading the header is what fails on a file that is not a database.
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| open_error(path, e))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(|e| open_error(path, e))?;
    let fresh = app_id == 0 && tables == 0;
    if app_id == APPLICATION_ID || (fresh && mode == OpenMode::Create) {
        Ok(())
    } else {
        Err(Error::NotALedger { path: path.to_path_buf() })
    }
}

/// The schema version of an open ledger.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    let found = schema_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema { path: path.to_path_buf(), found, supported: SCHEMA_VERSION });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    // One transaction for all pending migrations: a crash leaves the old schema or the new one.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(())
    })();
    match result {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_and_reopens_at_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/ledger.db");
        let conn = open(&path, OpenMode::Create).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        let conn = open(&path, OpenMode::Existing).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn every_older_version_is_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        for version in 1..SCHEMA_VERSION {
            let path = dir.path().join(format!("v{version}.db"));
            {
                let conn = Connection::open(&path).unwrap();
                for sql in &MIGRATIONS[..version as usize] {
                    conn.execute_batch(sql).unwrap();
                }
                conn.pragma_update(None, "user_version", version).unwrap();
                conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
            }
            let conn = open(&path, OpenMode::Existing).unwrap();
            assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION, "from version {version}");
            let check: String = conn.pragma_query_value(None, "integrity_check", |r| r.get(0)).unwrap();
            assert_eq!(check, "ok");
        }
    }

    #[test]
    fn missing_file_is_not_created_when_opening_existing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        let err = open(&path, OpenMode::Existing).unwrap_err();
        assert_eq!(err.code(), "ledger_missing");
        assert!(!path.exists());
    }

    #[test]
    fn newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        drop(open(&path, OpenMode::Create).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = open(&path, OpenMode::Existing).unwrap_err();
        assert_eq!(err.code(), "newer_schema");
        assert!(err.to_string().contains("升级"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn text_file_and_foreign_database_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
        let before = std::fs::read(&text).unwrap();
        assert_eq!(open(&text, OpenMode::Existing).unwrap_err().code(), "not_a_ledger");
        assert_eq!(std::fs::read(&text).unwrap(), before);

        let other = dir.path().join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
        assert_eq!(open(&other, OpenMode::Existing).unwrap_err().code(), "not_a_ledger");
    }
}
