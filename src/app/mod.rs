//! The application layer: one function per use case, used by both front doors (the `taizhang`
//! command line and the desktop window). Each takes typed inputs (`Month`, `TaskId`,
//! `UnitName`, `ListId`), checks them against the ledger, calls the domain and the storage, and
//! returns a typed result; printing and serialising is the front door's business.
//!
//! | file | use cases |
//! |---|---|
//! | `ledger_file.rs` | init, open, backup, restore |
//! | `tasks.rs` | tasks of a list, a task's detail and history, confirm/correct, status by hand |
//! | `reports.rs` | record reports, red tasks |
//! | `units.rs` | the unit directory: list, rename, alias, merge, order |
//! | `exports.rs` | the sheets and their suggested file names |
//! | `forms.rs` | forms out, forms back (preview and apply), missing forms |
//! | `lists.rs` | lists, import a list |
//! | `settings.rs` | settings |
//! | `overview.rs` | the month at a glance |
//! | `targets.rs` | the plan's 主要目标: judged for a period, units and baseline, values |
//! | `task_life.rs` | 延期 (request, approve, reject), evidence files, 销号 and 退回 |
//! | `documents.rs` | 督办通知单, 催办单, the monthly 通报 (preview and save), 考核 scores |
//! | `plans.rs` | plans side by side: import one from its Word document (preview first), the one worked on, delete |
//! | `cycle.rs` | the month's cycle (forms out → back → imported → sheets exported), the month to open on |

mod cycle;
mod documents;
mod exports;
mod forms;
mod ledger_file;
mod lists;
mod overview;
mod plans;
mod reports;
mod settings;
mod targets;
mod task_life;
mod tasks;
mod units;

pub use cycle::*;
pub use documents::*;
pub use exports::*;
pub use forms::*;
pub use ledger_file::*;
pub use lists::*;
pub use overview::*;
pub use plans::*;
pub use reports::*;
pub use settings::*;
pub use targets::*;
pub use task_life::*;
pub use tasks::*;
pub use units::*;

use crate::timing::{Month, today};

/// The month to work on when none is given: this month.
pub fn default_month() -> Month {
    Month::of(today())
}
