//! 督办台账 core: the responsibility ledger of an action plan, its storage, its government-format
//! spreadsheets and its monthly cycle. No GUI dependency: the `taizhang` CLI and the desktop
//! shell both call [`app`], the application layer. The layers, from the bottom (see
//! `docs/architecture.md`):
//!
//! 1. plan data: [`seed`] (the built-in plan);
//! 2. storage: [`storage`] (the SQLite file), [`ledger`] (one repository per table);
//! 3. domain rules: [`model`], [`timing`], [`settings`], [`progress`];
//! 4. sheets, documents and forms: [`sheet`], [`export`], [`document`] (Word 公文), [`forms`],
//!    [`import_list`], [`plan_doc`] (a plan's Word document), [`xlsx_read`], [`files`];
//! 5. the application layer: [`app`].

pub mod app;
pub mod document;
pub mod error;
pub mod export;
pub mod files;
pub mod forms;
pub mod import_list;
pub mod labels;
pub mod ledger;
pub mod model;
pub mod plan_doc;
pub mod progress;
pub mod seed;
pub mod settings;
pub mod sheet;
pub mod storage;
pub mod synth;
pub mod targets;
pub mod task_life;
pub mod timing;
pub mod xlsx_read;

pub use error::{Error, Result};
pub use ledger::{Ledger, default_db_path};
