//! The ledger file and its tables. [`Ledger`] owns the one connection (opened by
//! [`crate::storage`]); the SQL lives in one repository per table or aggregate, each a small
//! struct over the connection:
//!
//! | repository | tables |
//! |---|---|
//! | [`plans::Plans`] | `plan` |
//! | [`targets::Targets`] | `target`, `target_unit`, `target_value` |
//! | [`lists::Lists`] | `task_list` |
//! | [`tasks::Tasks`] | `task`, `task_unit`, `deadline` |
//! | [`units::Units`] | `unit`, `unit_alias` |
//! | [`reports::Reports`] | `progress_report`, `status_override` |
//! | [`forms::FormLog`] | `form_issue`, `form_return` |
//! | [`settings::SettingsTable`] | `setting` |
//! | [`audit::Audit`] | `audit` |
//! | [`exports::ExportLog`] | `export_log` |
//! | [`extensions::Extensions`] | `extension` |
//! | [`attachments::Attachments`] | `attachment`, `blob` |
//! | [`closures::Closures`] | `closure` |
//! | [`documents::DocumentNumbers`] | `document_counter` |
//!
//! A repository reached from `&Ledger` can only read. Writing needs a [`Tx`], which
//! [`Ledger::write`] gives inside one `BEGIN IMMEDIATE` transaction: it takes the write lock
//! before reading, so a second writer waits (busy timeout) instead of failing at once, and a
//! crash leaves the ledger as it was before or after, never between.

/// Declares a repository: a struct over the connection, marked [`Read`] or [`Write`].
macro_rules! repository {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name<'a, M> {
            conn: &'a rusqlite::Connection,
            mode: std::marker::PhantomData<M>,
        }

        impl<'a, M> $name<'a, M> {
            pub(crate) fn new(conn: &'a rusqlite::Connection) -> Self {
                $name { conn, mode: std::marker::PhantomData }
            }
        }
    };
}

pub mod attachments;
pub mod audit;
pub mod closures;
pub mod documents;
pub mod exports;
pub mod extensions;
pub mod forms;
pub mod lists;
pub mod plans;
pub mod reports;
pub mod settings;
pub mod targets;
pub mod tasks;
pub mod units;

use std::path::{Path, PathBuf};

use chrono::Local;
use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};
use crate::storage::{self, OpenMode};

pub use tasks::TaskFilter;

/// The per-user ledger the desktop app and the CLI use by default:
/// `%APPDATA%\taizhang\ledger.db` on Windows, `~/.local/share/taizhang/ledger.db` on Linux.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("taizhang").join("ledger.db")
}

/// Marks a repository that may only read.
#[derive(Debug, Clone, Copy)]
pub struct Read;
/// Marks a repository inside a write transaction.
#[derive(Debug, Clone, Copy)]
pub struct Write;

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// A write transaction (`BEGIN IMMEDIATE`), given by [`Ledger::write`].
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

/// The repositories, for reading (`&Ledger`) or writing (`&Tx`).
macro_rules! repositories {
    ($target:ty, $mode:ty, $conn:ident) => {
        impl $target {
            pub fn plans(&self) -> plans::Plans<'_, $mode> {
                plans::Plans::new(&self.$conn)
            }
            pub fn lists(&self) -> lists::Lists<'_, $mode> {
                lists::Lists::new(&self.$conn)
            }
            pub fn tasks(&self) -> tasks::Tasks<'_, $mode> {
                tasks::Tasks::new(&self.$conn)
            }
            pub fn units(&self) -> units::Units<'_, $mode> {
                units::Units::new(&self.$conn)
            }
            pub fn reports(&self) -> reports::Reports<'_, $mode> {
                reports::Reports::new(&self.$conn)
            }
            pub fn form_log(&self) -> forms::FormLog<'_, $mode> {
                forms::FormLog::new(&self.$conn)
            }
            pub fn settings_table(&self) -> settings::SettingsTable<'_, $mode> {
                settings::SettingsTable::new(&self.$conn)
            }
            pub fn audit(&self) -> audit::Audit<'_, $mode> {
                audit::Audit::new(&self.$conn)
            }
            pub fn export_log(&self) -> exports::ExportLog<'_, $mode> {
                exports::ExportLog::new(&self.$conn)
            }
            pub fn targets(&self) -> targets::Targets<'_, $mode> {
                targets::Targets::new(&self.$conn)
            }
            pub fn extensions(&self) -> extensions::Extensions<'_, $mode> {
                extensions::Extensions::new(&self.$conn)
            }
            pub fn attachments(&self) -> attachments::Attachments<'_, $mode> {
                attachments::Attachments::new(&self.$conn)
            }
            pub fn closures(&self) -> closures::Closures<'_, $mode> {
                closures::Closures::new(&self.$conn)
            }
            pub fn document_numbers(&self) -> documents::DocumentNumbers<'_, $mode> {
                documents::DocumentNumbers::new(&self.$conn)
            }
        }
    };
}

repositories!(Ledger, Read, conn);
repositories!(Tx<'_>, Write, tx);

/// This connection's own choices (the plan of a command), in SQLite's temporary database.
fn session(conn: &Connection) -> Result<()> {
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS session_plan (id INTEGER)")?;
    Ok(())
}

/// Local time as the ledger records it: `2018-11-26 09:30:00`.
pub fn now_text() -> String {
    Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

impl Ledger {
    /// Opens an existing ledger with a plan in it.
    pub fn open(path: &Path) -> Result<Ledger> {
        let conn = storage::open(path, OpenMode::Existing)?;
        session(&conn)?;
        let ledger = Ledger { conn, path: path.to_path_buf() };
        if ledger.plans().count()? == 0 {
            return Err(Error::EmptyLedger { path: path.to_path_buf() });
        }
        Ok(ledger)
    }

    /// Creates an empty ledger (schema only) at `path`, which must not hold one yet.
    pub fn create(path: &Path) -> Result<Ledger> {
        let conn = storage::open(path, OpenMode::Create)?;
        session(&conn)?;
        Ok(Ledger { conn, path: path.to_path_buf() })
    }

    /// Forgets the plan chosen for this connection (after a restore replaced the plans).
    pub fn forget_plan(&self) -> Result<()> {
        self.conn.execute("DELETE FROM temp.session_plan", [])?;
        Ok(())
    }

    /// Works on plan `id` for this connection only (a command's `--plan`); the plan marked
    /// current stays as it is. Refused for a plan that does not exist.
    pub fn use_plan(&self, id: i64) -> Result<()> {
        self.plans().by_id(id)?;
        self.conn.execute("DELETE FROM temp.session_plan", [])?;
        self.conn.execute("INSERT INTO temp.session_plan (id) VALUES (?)", [id])?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`): all of it is kept, or none.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| storage::classify(&path, e))?;
        let tx = Tx { tx };
        let out = f(&tx)?;
        tx.tx.commit().map_err(|e| storage::classify(&path, e))?;
        Ok(out)
    }

    /// Writes a consistent copy of the ledger to `out` with SQLite's online backup API. The copy
    /// is written to a temporary file beside `out` and renamed, so `out` is never half written.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        storage::backup_to(&self.conn, out)
    }

    /// A backup into the `backups` folder beside the ledger, named for the time and the reason;
    /// taken before imports, restores and `init --force`.
    pub fn backup_auto(&self, reason: &str) -> Result<PathBuf> {
        let dest = storage::backup_path_for(&self.path, reason);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::file("创建备份文件夹", dir, &e))?;
        }
        self.backup_to(&dest)?;
        Ok(dest)
    }

    /// Replaces this ledger's content with `source`'s (SQLite's backup API, page by page, in
    /// one step as other connections see it).
    pub fn replace_content_with(&mut self, source: &Ledger) -> Result<()> {
        let backup = rusqlite::backup::Backup::new(&source.conn, &mut self.conn)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        Ok(())
    }

    /// Checkpoints the write-ahead log into the main file (before the file is moved).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A ledger with the built-in plan, for the repositories' tests.

    use super::*;

    pub fn ledger() -> (tempfile::TempDir, Ledger) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ledger.db");
        crate::app::init(&path, false).expect("init");
        let ledger = Ledger::open(&path).expect("open");
        (dir, ledger)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_changes_nothing() {
        let (_dir, mut ledger) = testing::ledger();
        let before = ledger.settings_table().get("clerk_name").unwrap();
        let err = ledger
            .write(|tx| {
                tx.settings_table().set("clerk_name", "半途")?;
                Err::<(), _>(Error::EmptyList)
            })
            .unwrap_err();
        assert_eq!(err.code(), "empty_list");
        assert_eq!(ledger.settings_table().get("clerk_name").unwrap(), before);
        ledger.write(|tx| tx.settings_table().set("clerk_name", "张三")).unwrap();
        assert_eq!(ledger.settings_table().get("clerk_name").unwrap().as_deref(), Some("张三"));
    }

    #[test]
    fn empty_ledger_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        drop(Ledger::create(&path).unwrap());
        assert_eq!(Ledger::open(&path).err().map(|e| e.code()), Some("empty_ledger"));
    }
}
