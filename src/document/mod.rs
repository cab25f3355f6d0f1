//! Word documents (公文) in the national layout, GB/T 9704-2012, beside the sheets: the model of a
//! document, its `.docx` writer, and the content of the documents a 督考办 sends: 督办通知单,
//! 催办单, 月度通报, and the 考核 score they cite.
//!
//! Builders take plain input structs (no database access); the ledger glue fills them. The
//! window previews the same [`Document`] the writer saves (serialised as JSON, or as
//! [`Document::to_plain_text`]).

pub mod bulletin;
pub mod docx;
pub mod layout;
pub mod model;
pub mod notice;
pub mod samples;
pub mod score;
pub mod text;

use std::path::Path;

pub use notice::{Contact, LatestReport, NoticeInput, NoticeKind, NoticeTask, notice};
pub use score::{ScoreInput, ScoreRules, UnitScore};

pub use bulletin::{BulletinInput, ListStat, RedRow, StatusWords, TaskLine, bulletin};
pub use layout::DocumentStyle;
pub use model::{Align, Appendix, Block, Column, Document, Imprint, Receipt, ReceiptField, ReceiptRow, Signature, Table};

use crate::error::Result;

/// Writes `doc` as a `.docx` file at `out`, through a temporary file renamed over it (as the
/// sheets are saved): `out` is either untouched or the whole new document. A missing folder, a
/// read-only file or a file held open by Word or WPS gives one Chinese line naming the file.
pub fn save_docx(doc: &Document, style: &DocumentStyle, out: &Path) -> Result<()> {
    let bytes = docx::to_docx(doc, style)?;
    crate::files::save_bytes(&bytes, out)
}
