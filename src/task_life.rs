//! A task's life after it is assigned, the domain rules: which deadline an extension request
//! moves (延期), what an evidence file must be, and where a task stands on closing (销号).
//! Written down in `docs/rules.md`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::closures::{Closure, ClosureAction};
use crate::ledger::reports::LeadStatus;
use crate::model::{Task, date_label};
use crate::settings::Meaning;

/// The deadline an extension request moves: the one given (it must be one of the task's), or
/// else the first not yet passed on the day of the request, or else the last (a late request).
pub fn deadline_to_extend(task: &Task, given: Option<NaiveDate>, requested_on: NaiveDate) -> Result<NaiveDate> {
    let dues: Vec<NaiveDate> = task.milestones.iter().map(|m| m.due_on).collect();
    let listed = || {
        if dues.is_empty() { "无".to_string() } else { dues.iter().map(|d| date_label(*d)).collect::<Vec<_>>().join("、") }
    };
    match given {
        Some(d) if dues.contains(&d) => Ok(d),
        Some(d) => Err(Error::NoSuchDeadline { task: task.id.clone(), due: date_label(d), dues: listed() }),
        None => dues
            .iter()
            .copied()
            .filter(|d| *d >= requested_on)
            .min()
            .or_else(|| dues.iter().copied().max())
            .ok_or_else(|| Error::NoSuchDeadline { task: task.id.clone(), due: "任何".into(), dues: listed() }),
    }
}

/// The file types evidence may be: extension, what a clerk calls it, and how its content begins.
const EVIDENCE_TYPES: &[(&str, &str, &[&[u8]])] = &[
    ("pdf", "PDF 文件", &[b"%PDF"]),
    ("ofd", "OFD 文件", &[b"PK\x03\x04"]),
    ("jpg", "JPEG 图片", &[b"\xFF\xD8\xFF"]),
    ("jpeg", "JPEG 图片", &[b"\xFF\xD8\xFF"]),
    ("png", "PNG 图片", &[b"\x89PNG\r\n\x1a\n"]),
    ("gif", "GIF 图片", &[b"GIF87a", b"GIF89a"]),
    ("bmp", "BMP 图片", &[b"BM"]),
    ("tif", "TIFF 图片", &[b"II*\0", b"MM\0*"]),
    ("tiff", "TIFF 图片", &[b"II*\0", b"MM\0*"]),
    ("docx", "Word 文档", &[b"PK\x03\x04"]),
    ("doc", "Word 文档", &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
    ("wps", "WPS 文字文档", &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"PK\x03\x04"]),
    ("xlsx", "Excel 表格", &[b"PK\x03\x04"]),
    ("xls", "Excel 表格", &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
    ("et", "WPS 表格", &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"PK\x03\x04"]),
];

/// Checks an evidence file's name, size and content. Returns the content.
pub fn check_evidence(file_name: &str, bytes: &[u8], max_mb: u64) -> Result<()> {
    let ext = std::path::Path::new(file_name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let Some((_, kind, magics)) = EVIDENCE_TYPES.iter().find(|(e, _, _)| *e == ext) else {
        return Err(Error::AttachmentType { file: file_name.to_string() });
    };
    if bytes.is_empty() {
        return Err(Error::AttachmentEmpty { file: file_name.to_string() });
    }
    let size = bytes.len() as u64;
    if size > max_mb * 1024 * 1024 {
        return Err(Error::AttachmentTooLarge { file: file_name.to_string(), size_mb: size as f64 / 1024.0 / 1024.0, max_mb });
    }
    if !magics.iter().any(|m| bytes.starts_with(m)) {
        return Err(Error::AttachmentUnreadable { file: file_name.to_string(), kind });
    }
    Ok(())
}

/// Where a task stands on closing.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseState {
    /// 未完成
    Open,
    /// 申请销号: a lead unit (or the clerk's status) says 已完成; waiting for review.
    Claimed,
    /// 已销号
    Closed,
    /// 退回: the claim was sent back (or the closed task reopened); 未完成 again.
    Returned,
}

impl CloseState {
    pub const ALL: [CloseState; 4] = [CloseState::Open, CloseState::Claimed, CloseState::Closed, CloseState::Returned];

    pub fn label(self) -> &'static str {
        match self {
            CloseState::Open => "未完成",
            CloseState::Claimed => "申请销号",
            CloseState::Closed => "已销号",
            CloseState::Returned => "退回",
        }
    }
}

/// A claim of completion: when it was entered (`YYYY-MM-DD HH:MM:SS`).
pub type ClaimedAt = String;

/// The claim of completion in what the lead units said: their latest month says 已完成 (the
/// clerk's status of that month, where set, else the worst of the units' reports). Returns when
/// the claim was entered.
pub fn claim_of(statuses: &[LeadStatus]) -> Option<ClaimedAt> {
    let last = statuses.iter().map(|s| s.month).max()?;
    let month: Vec<&LeadStatus> = statuses.iter().filter(|s| s.month == last).collect();
    let by_hand: Vec<&&LeadStatus> = month.iter().filter(|s| s.by_hand).collect();
    let meaning = match by_hand.last() {
        Some(s) => s.meaning,
        None => month.iter().map(|s| s.meaning).min()?,
    };
    (meaning == Meaning::Done).then(|| month.iter().map(|s| s.at.clone()).max()).flatten()
}

/// Where a task stands: its latest 销号/退回 event against its latest claim of completion.
/// A claim entered after a 退回 asks again.
pub fn close_state(latest: Option<&Closure>, claim: Option<&ClaimedAt>) -> CloseState {
    match (latest, claim) {
        (Some(c), _) if c.action == ClosureAction::Close => CloseState::Closed,
        (Some(c), Some(at)) if *at > c.at => CloseState::Claimed,
        (Some(_), _) => CloseState::Returned,
        (None, Some(_)) => CloseState::Claimed,
        (None, None) => CloseState::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::{DeadlineSource, Milestone, Month};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn task(dues: &[NaiveDate]) -> Task {
        Task {
            id: "R-001".into(),
            list_id: "responsibility".into(),
            seq: "1".into(),
            position: 0,
            chapter: None,
            category: None,
            name: None,
            text: String::new(),
            lead: vec![],
            partner: vec![],
            deadline: dues.last().copied(),
            deadline_source: Some(DeadlineSource::Text),
            milestones: dues
                .iter()
                .map(|d| Milestone { due_on: *d, source: DeadlineSource::Text, quote: None, extended_from: None })
                .collect(),
            review: None,
            source_line: None,
            deadline_text: String::new(),
        }
    }

    #[test]
    fn the_deadline_a_request_moves() {
        let t = task(&[d(2020, 12, 31), d(2022, 12, 31)]);
        assert_eq!(deadline_to_extend(&t, None, d(2019, 5, 1)).unwrap(), d(2020, 12, 31));
        assert_eq!(deadline_to_extend(&t, None, d(2021, 5, 1)).unwrap(), d(2022, 12, 31));
        // All passed: the last one, a late request.
        assert_eq!(deadline_to_extend(&t, None, d(2023, 2, 1)).unwrap(), d(2022, 12, 31));
        assert_eq!(deadline_to_extend(&t, Some(d(2022, 12, 31)), d(2019, 5, 1)).unwrap(), d(2022, 12, 31));
        let err = deadline_to_extend(&t, Some(d(2021, 6, 30)), d(2019, 5, 1)).unwrap_err();
        assert_eq!(err.code(), "no_such_deadline");
        assert!(err.to_string().contains("2020年底、2022年底"), "{err}");
    }

    #[test]
    fn evidence_is_checked_by_type_size_and_content() {
        assert!(check_evidence("验收报告.pdf", b"%PDF-1.7 ...", 20).is_ok());
        assert!(check_evidence("现场.JPG", b"\xFF\xD8\xFF\xE0....", 20).is_ok());
        assert_eq!(check_evidence("说明.txt", b"text", 20).unwrap_err().code(), "attachment_type");
        assert_eq!(check_evidence("空.pdf", b"", 20).unwrap_err().code(), "attachment_empty");
        assert_eq!(check_evidence("假.pdf", b"not a pdf", 20).unwrap_err().code(), "attachment_unreadable");
        let big = vec![b'%'; 2 * 1024 * 1024 + 1];
        assert_eq!(check_evidence("大.pdf", &big, 2).unwrap_err().code(), "attachment_too_large");
    }

    #[test]
    fn claims_and_good_months() {
        let s = |month: &str, meaning, at: &str, by_hand| LeadStatus {
            unit: None,
            month: Month::parse(month).unwrap(),
            meaning,
            at: at.into(),
            by_hand,
        };
        use Meaning::*;
        let two_units = [
            s("2018-10", OnTrack, "2018-10-20 09:00:00", false),
            s("2018-11", Done, "2018-11-20 09:00:00", false),
            s("2018-11", OnTrack, "2018-11-21 09:00:00", false),
        ];
        assert_eq!(claim_of(&two_units), None, "one of two lead units is not done");
        let done = [s("2018-11", Done, "2018-11-20 09:00:00", false)];
        assert_eq!(claim_of(&done).as_deref(), Some("2018-11-20 09:00:00"));
        let by_hand = [s("2018-11", OnTrack, "2018-11-20 09:00:00", false), s("2018-11", Done, "2018-11-28 09:00:00", true)];
        assert!(claim_of(&by_hand).is_some(), "the clerk's status wins");
    }

    #[test]
    fn close_states() {
        let ev = |action, at: &str| Closure {
            id: 1,
            task_id: "R-001".into(),
            action,
            on_date: d(2018, 11, 30),
            note: String::new(),
            without_evidence: false,
            by: "张三".into(),
            at: at.into(),
        };
        let claim = "2018-11-20 10:00:00".to_string();
        assert_eq!(close_state(None, None), CloseState::Open);
        assert_eq!(close_state(None, Some(&claim)), CloseState::Claimed);
        assert_eq!(close_state(Some(&ev(ClosureAction::Close, "2018-11-30 09:00:00")), Some(&claim)), CloseState::Closed);
        let back = ev(ClosureAction::Return, "2018-11-30 09:00:00");
        assert_eq!(close_state(Some(&back), Some(&claim)), CloseState::Returned);
        // Claimed again after the 退回.
        assert_eq!(close_state(Some(&back), Some(&"2018-12-20 10:00:00".to_string())), CloseState::Claimed);
    }
}
