//! The one managed ledger connection, opened on a thread of its own so that the window's first
//! paint never waits for the ledger (creating it on first start, migrations, the first query).

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use taizhang::error::ErrorBody;
use taizhang::{Ledger, app, default_db_path};

/// The ledger the window works on: `TAIZHANG_DB` when set (tests), else the per-user data
/// directory the CLI uses too (`%APPDATA%\taizhang\ledger.db` on Windows).
pub fn ledger_path() -> PathBuf {
    std::env::var_os("TAIZHANG_DB").filter(|p| !p.is_empty()).map(PathBuf::from).unwrap_or_else(default_db_path)
}

/// The open ledger, or why it could not be opened (a newer version's file, say): the window
/// shows that message instead of failing to start. `None` while it is being opened.
pub type Slot = Option<Result<Ledger, ErrorBody>>;

struct Inner {
    ledger: Mutex<Slot>,
    opened: Condvar,
}

pub struct LedgerState {
    /// When the process started: the window reports how long it took to show the plan
    /// (`ui_ready`).
    pub started: std::time::Instant,
    pub path: PathBuf,
    inner: Arc<Inner>,
}

impl LedgerState {
    /// Opens the ledger now, creating it with the built-in plan on first start.
    pub fn open(path: PathBuf) -> LedgerState {
        let started = std::time::Instant::now();
        let ledger = open_keeping_plan(&path);
        LedgerState { started, path, inner: Arc::new(Inner { ledger: Mutex::new(Some(ledger)), opened: Condvar::new() }) }
    }

    /// Starts opening the ledger on a thread of its own; commands wait for it (`lock`).
    pub fn open_in_background(path: PathBuf, started: std::time::Instant) -> LedgerState {
        let inner = Arc::new(Inner { ledger: Mutex::new(None), opened: Condvar::new() });
        let (p, i) = (path.clone(), inner.clone());
        std::thread::spawn(move || {
            let ledger = open_keeping_plan(&p);
            if let Ok(mut slot) = i.ledger.lock() {
                *slot = Some(ledger);
            }
            i.opened.notify_all();
        });
        LedgerState { started, path, inner }
    }

    /// The ledger once it is open (or why it could not be), waiting while it is being opened.
    pub fn lock(&self) -> Result<MutexGuard<'_, Slot>, ErrorBody> {
        let poisoned =
            |_| ErrorBody { code: "busy".into(), message: "账本正被另一操作占用，请稍后重试。".into() };
        let guard = self.inner.ledger.lock().map_err(poisoned)?;
        self.inner.opened.wait_while(guard, |slot| slot.is_none()).map_err(poisoned)
    }
}

/// Opens (or creates) the ledger and keeps the window on the plan current now: a command line
/// `plan use` meanwhile does not switch the open window's pages under the clerk.
fn open_keeping_plan(path: &std::path::Path) -> Result<taizhang::Ledger, ErrorBody> {
    let ledger = app::open_or_init(path).map_err(ErrorBody::from)?;
    app::keep_plan(&ledger).map_err(ErrorBody::from)?;
    Ok(ledger)
}
