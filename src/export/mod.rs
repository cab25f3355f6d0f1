//! Spreadsheets that leave the app, all in the government format of [`crate::sheet`].

pub mod monthly;
pub mod summary;
pub mod table;
pub mod targets;

pub use monthly::export_monthly;
pub use summary::export_summary;
pub use table::{TableOptions, export_table};
