//! Spreadsheets that leave the app, all in the government format of [`crate::sheet`].

pub mod table;

pub use table::{TableOptions, export_table};
