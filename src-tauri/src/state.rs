//! The one managed ledger connection.

use std::path::PathBuf;
use std::sync::Mutex;

use taizhang::error::ErrorBody;
use taizhang::{Ledger, app, default_db_path};

/// The ledger the window works on: `TAIZHANG_DB` when set (tests), else the per-user data
/// directory the CLI uses too (`%APPDATA%\taizhang\ledger.db` on Windows).
pub fn ledger_path() -> PathBuf {
    std::env::var_os("TAIZHANG_DB")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(default_db_path)
}

pub struct LedgerState {
    /// When the process started to open the ledger: the window reports how long it took to show
    /// the plan (`ui_ready`).
    pub started: std::time::Instant,
    pub path: PathBuf,
    /// The open ledger, or why it could not be opened (a newer version's file, say): the window
    /// shows that message instead of failing to start.
    pub ledger: Mutex<Result<Ledger, ErrorBody>>,
}

impl LedgerState {
    /// Opens the ledger, creating it with the built-in plan on first start.
    pub fn open(path: PathBuf) -> LedgerState {
        let started = std::time::Instant::now();
        let ledger = app::open_or_init(&path).map_err(ErrorBody::from);
        LedgerState {
            started,
            path,
            ledger: Mutex::new(ledger),
        }
    }
}
