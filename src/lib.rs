//! 督办台账 core: the responsibility ledger of an action plan, its storage, its government-format
//! spreadsheets and its monthly cycle. No GUI dependency: the `taizhang` CLI and the desktop
//! shell both call this library.

pub mod document;
pub mod error;
pub mod export;
pub mod forms;
pub mod import_list;
pub mod ledger;
pub mod model;
pub mod progress;
pub mod seed;
pub mod settings;
pub mod sheet;
pub mod storage;
pub mod timing;

pub use error::{Error, Result};
pub use ledger::{Ledger, NewList, NewListRow, TaskFilter, default_db_path};
