//! A task's life: 延期 (a deadline moved only by request and approval), evidence files, and 销号
//! (closing a task after review) or 退回 (sending a claim of completion back).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::attachments::{Attachment, NewAttachment};
use crate::ledger::audit::Change;
use crate::ledger::closures::{Closure, ClosureAction, NewClosure};
use crate::ledger::extensions::{Extension, ExtensionState, NewExtension};
use crate::ledger::{Ledger, Tx, now_text};
use crate::model::{AuditAction, MAX_TEXT_CHARS, Task, TaskId, UnitName, clean_text, date_label};
use crate::progress::ReportSource;
use crate::settings::{Meaning, Settings};
use crate::task_life::{CloseState, check_evidence, claim_of, close_state, deadline_to_extend};
use crate::timing::{Month, today};

/// A request to move a task's deadline.
#[derive(Debug, Clone)]
pub struct ExtensionRequest {
    pub task: TaskId,
    /// The unit that asks (one named on the task); none when the clerk enters it on its behalf.
    pub unit: Option<UnitName>,
    /// The deadline to move; by default the first not yet passed.
    pub old_due: Option<NaiveDate>,
    pub new_due: NaiveDate,
    pub reason: String,
    pub progress: String,
    /// Today unless given.
    pub requested_on: Option<NaiveDate>,
}

/// A request checked against the ledger, ready to store.
#[derive(Debug, Clone)]
pub struct CheckedExtension {
    pub task: Task,
    pub unit: Option<(i64, String)>,
    pub old_due: NaiveDate,
    pub new_due: NaiveDate,
    pub reason: String,
    pub progress: String,
    pub requested_on: NaiveDate,
    pub late: bool,
}

/// Checks a request: the task and unit, the deadline it moves, a later new date, a reason, and
/// no other request pending on the same deadline.
pub fn check_extension(ledger: &Ledger, req: &ExtensionRequest) -> Result<CheckedExtension> {
    let task = ledger.tasks().get(req.task.as_str())?;
    let unit = match &req.unit {
        Some(name) => {
            let u = ledger.units().get(name.as_str())?;
            if !task.involves(&u.name) {
                return Err(Error::UnitNotOnTask {
                    unit: u.name,
                    task: task.id.clone(),
                    seq: task.seq.clone(),
                    units: task.lead.iter().chain(&task.partner).cloned().collect::<Vec<_>>().join("、"),
                });
            }
            Some((u.id, u.name))
        }
        None => None,
    };
    let requested_on = req.requested_on.unwrap_or_else(today);
    let old_due = deadline_to_extend(&task, req.old_due, requested_on)?;
    if req.new_due <= old_due {
        return Err(Error::ExtensionNotLater { old: date_label(old_due), new: date_label(req.new_due) });
    }
    let reason = clean_text("延期理由", &req.reason, MAX_TEXT_CHARS)?;
    if reason.is_empty() {
        return Err(Error::NoExtensionReason);
    }
    if let Some(id) = ledger.extensions().pending_on(&task.id, old_due)? {
        return Err(Error::ExtensionPending { task: task.id.clone(), due: date_label(old_due), id });
    }
    Ok(CheckedExtension {
        progress: clean_text("目前进展", &req.progress, MAX_TEXT_CHARS)?,
        late: requested_on > old_due,
        task,
        unit,
        old_due,
        new_due: req.new_due,
        reason,
        requested_on,
    })
}

/// Stores a checked request inside a transaction, in the task's history. Returns its id.
pub(crate) fn store_extension(tx: &Tx<'_>, e: &CheckedExtension, origin: &ReportSource, who: &str) -> Result<i64> {
    let now = now_text();
    let id = tx.extensions().insert(&NewExtension {
        task_id: &e.task.id,
        unit_id: e.unit.as_ref().map(|(id, _)| *id),
        old_due: e.old_due,
        new_due: e.new_due,
        reason: &e.reason,
        progress: &e.progress,
        requested_on: e.requested_on,
        late: e.late,
        origin: origin.as_stored(),
        entered_by: who,
        entered_at: &now,
    })?;
    let field = format!("完成时限（申请 {id}{}）", if e.late { "，逾期申请" } else { "" });
    tx.audit().record(&Change {
        task_id: &e.task.id,
        who,
        at: &now,
        action: AuditAction::ExtensionRequest,
        field: Some(&field),
        old: Some(&date_label(e.old_due)),
        new: Some(&date_label(e.new_due)),
    })?;
    Ok(id)
}

/// Records a request to move a task's deadline (pending until the clerk decides).
pub fn request_extension(ledger: &mut Ledger, req: &ExtensionRequest, origin: ReportSource) -> Result<Extension> {
    let checked = check_extension(ledger, req)?;
    let who = Settings::load(ledger)?.clerk_name;
    let id = ledger.write(|tx| store_extension(tx, &checked, &origin, &who))?;
    ledger.extensions().get(id)
}

/// Approves or rejects a pending request. Approved, the deadline moves: lights, 序时进度 and
/// overdue use the new date, and every export shows both.
pub fn decide_extension(ledger: &mut Ledger, id: i64, approve: bool, note: &str) -> Result<Extension> {
    let e = ledger.extensions().get(id)?;
    if e.state != ExtensionState::Pending {
        return Err(Error::ExtensionDecided { id, state: e.state.label() });
    }
    let note = clean_text("审批意见", note, MAX_TEXT_CHARS)?;
    let who = Settings::load(ledger)?.clerk_name;
    let state = if approve { ExtensionState::Approved } else { ExtensionState::Rejected };
    ledger.write(|tx| {
        let now = now_text();
        tx.extensions().decide(id, state, &who, &now, &note)?;
        let field = format!("完成时限（申请 {id}：{}）", state.label());
        tx.audit().record(&Change {
            task_id: &e.task_id,
            who: &who,
            at: &now,
            action: AuditAction::ExtensionDecision,
            field: Some(&field),
            old: Some(&date_label(e.old_due)),
            new: Some(&if approve { date_label(e.new_due) } else { date_label(e.old_due) }),
        })
    })?;
    ledger.extensions().get(id)
}

/// Extension requests, of one task or all; only the pending ones if asked.
pub fn extensions(ledger: &Ledger, task: Option<&TaskId>, pending_only: bool) -> Result<Vec<Extension>> {
    if let Some(t) = task {
        ledger.tasks().get(t.as_str())?;
    }
    ledger.extensions().list(task.map(TaskId::as_str), pending_only)
}

/// Attaches evidence files to a task, all or none: every file is read and checked first.
pub fn attach_files(ledger: &mut Ledger, task: &TaskId, files: &[PathBuf], note: &str) -> Result<Vec<Attachment>> {
    let task = ledger.tasks().get(task.as_str())?;
    let settings = Settings::load(ledger)?;
    let note = clean_text("说明", note, MAX_TEXT_CHARS)?;
    let mut read = Vec::new();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if path.is_dir() {
            return Err(Error::file_because("添加佐证材料", path, "这是一个文件夹。请选择文件夹中的文件。"));
        }
        let size = std::fs::metadata(path).map_err(|e| Error::file("添加佐证材料", path, &e))?.len();
        // Refused by size before it is read whole.
        if size > settings.attachment_max_mb * 1024 * 1024 {
            return Err(Error::AttachmentTooLarge {
                file: name,
                size_mb: size as f64 / 1024.0 / 1024.0,
                max_mb: settings.attachment_max_mb,
            });
        }
        let bytes = std::fs::read(path).map_err(|e| Error::file("读取", path, &e))?;
        check_evidence(&name, &bytes, settings.attachment_max_mb)?;
        read.push((name, sha256_hex(&bytes), bytes));
    }
    let who = settings.clerk_name.clone();
    let ids = ledger.write(|tx| {
        let now = now_text();
        let mut ids = Vec::new();
        for (name, sha, bytes) in &read {
            ids.push(tx.attachments().insert(&NewAttachment {
                task_id: &task.id,
                file_name: name,
                sha256: sha,
                bytes,
                note: &note,
                added_by: &who,
                added_at: &now,
            })?);
            tx.audit().record(&Change {
                task_id: &task.id,
                who: &who,
                at: &now,
                action: AuditAction::Attach,
                field: Some("佐证材料"),
                old: None,
                new: Some(name),
            })?;
        }
        Ok(ids)
    })?;
    ids.into_iter().map(|id| ledger.attachments().get(id)).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A task's evidence files.
pub fn attachments(ledger: &Ledger, task: &TaskId) -> Result<Vec<Attachment>> {
    ledger.tasks().get(task.as_str())?;
    ledger.attachments().of_task(task.as_str())
}

/// Saves an evidence file out of the ledger to `out` (a file, or a folder to save it into under
/// its own name). Returns where it went.
pub fn save_attachment(ledger: &Ledger, id: i64, out: &Path) -> Result<PathBuf> {
    let a = ledger.attachments().get(id)?;
    let target = if out.is_dir() { out.join(&a.file_name) } else { out.to_path_buf() };
    super::exports::check_output(ledger, &target)?;
    crate::files::save_bytes(&ledger.attachments().bytes(id)?, &target)?;
    Ok(target)
}

/// Where a task stands on closing, with what it rests on.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TaskClosing {
    pub task_id: String,
    pub state: CloseState,
    /// When a unit (or the clerk's status) said 已完成, where it did.
    pub claimed_at: Option<String>,
    /// 销号 and 退回, oldest first.
    pub events: Vec<Closure>,
    pub attachments: Vec<Attachment>,
}

/// Every task's closing state as of a day: task id → state (tasks not listed are 未完成).
pub fn closing_states(ledger: &Ledger, as_of: NaiveDate) -> Result<HashMap<String, (CloseState, Option<Closure>)>> {
    let latest = ledger.closures().latest(as_of)?;
    let statuses = ledger.reports().latest_lead_statuses(Month::of(as_of), crate::ledger::reports::Scope::Plan)?;
    let mut out = HashMap::new();
    for (task, list) in &statuses {
        let claim = claim_of(list);
        let event = latest.get(task);
        let state = close_state(event, claim.as_ref());
        if state != CloseState::Open {
            out.insert(task.clone(), (state, event.cloned()));
        }
    }
    for (task, event) in latest {
        out.entry(task).or_insert_with(|| (close_state(Some(&event), None), Some(event)));
    }
    Ok(out)
}

/// A task's closing state today, its events and its evidence.
pub fn task_closing(ledger: &Ledger, task: &TaskId) -> Result<TaskClosing> {
    let t = ledger.tasks().get(task.as_str())?;
    let events = ledger.closures().of_task(&t.id)?;
    let statuses =
        ledger.reports().latest_lead_statuses(Month::of(today()).next(), crate::ledger::reports::Scope::Task(&t.id))?;
    let claim = statuses.get(&t.id).and_then(|s| claim_of(s));
    Ok(TaskClosing {
        task_id: t.id.clone(),
        state: close_state(events.last(), claim.as_ref()),
        claimed_at: claim,
        attachments: ledger.attachments().of_task(&t.id)?,
        events,
    })
}

/// Closes a task (销号) after review. It needs a claim of completion (a lead unit's 已完成, or
/// the clerk's status set to it) and evidence files, or, without files, a note saying why.
pub fn close_task(
    ledger: &mut Ledger,
    task: &TaskId,
    note: &str,
    without_evidence: bool,
    on: Option<NaiveDate>,
) -> Result<TaskClosing> {
    let closing = task_closing(ledger, task)?;
    let settings = Settings::load(ledger)?;
    let note = clean_text("销号意见", note, MAX_TEXT_CHARS)?;
    match closing.state {
        CloseState::Closed => {
            let on = closing.events.last().map(|e| date_label(e.on_date)).unwrap_or_default();
            return Err(Error::AlreadyClosed { task: closing.task_id, on });
        }
        CloseState::Open | CloseState::Returned => {
            return Err(Error::NotClaimed { task: closing.task_id, done: settings.word(Meaning::Done).to_string() });
        }
        CloseState::Claimed => {}
    }
    if closing.attachments.is_empty() && !without_evidence {
        return Err(Error::NoEvidence { task: closing.task_id });
    }
    if without_evidence && closing.attachments.is_empty() && note.is_empty() {
        return Err(Error::NoteRequired);
    }
    let who = settings.clerk_name.clone();
    ledger.write(|tx| {
        let now = now_text();
        tx.closures().insert(&NewClosure {
            task_id: &closing.task_id,
            action: ClosureAction::Close,
            on_date: on.unwrap_or_else(today),
            note: &note,
            without_evidence: without_evidence && closing.attachments.is_empty(),
            by: &who,
            at: &now,
        })?;
        let evidence = if closing.attachments.is_empty() {
            "无佐证材料".to_string()
        } else {
            format!("佐证材料 {} 份", closing.attachments.len())
        };
        tx.audit().record(&Change {
            task_id: &closing.task_id,
            who: &who,
            at: &now,
            action: AuditAction::Close,
            field: Some(&evidence),
            old: Some(CloseState::Claimed.label()),
            new: Some(CloseState::Closed.label()),
        })
    })?;
    task_closing(ledger, task)
}

/// Sends a claim of completion back, or reopens a closed task (退回), with the reason; the
/// task is 未完成 again and the reason is shown in the unit's next form.
pub fn return_task(ledger: &mut Ledger, task: &TaskId, reason: &str, on: Option<NaiveDate>) -> Result<TaskClosing> {
    let closing = task_closing(ledger, task)?;
    let reason = clean_text("退回理由", reason, MAX_TEXT_CHARS)?;
    if reason.is_empty() {
        return Err(Error::NoReturnReason);
    }
    if !matches!(closing.state, CloseState::Claimed | CloseState::Closed) {
        return Err(Error::NothingToReturn { task: closing.task_id });
    }
    let who = Settings::load(ledger)?.clerk_name;
    ledger.write(|tx| {
        let now = now_text();
        tx.closures().insert(&NewClosure {
            task_id: &closing.task_id,
            action: ClosureAction::Return,
            on_date: on.unwrap_or_else(today),
            note: &reason,
            without_evidence: false,
            by: &who,
            at: &now,
        })?;
        tx.audit().record(&Change {
            task_id: &closing.task_id,
            who: &who,
            at: &now,
            action: AuditAction::Return,
            field: Some(&reason),
            old: Some(closing.state.label()),
            new: Some(CloseState::Returned.label()),
        })
    })?;
    task_closing(ledger, task)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;
    use crate::progress::{RawReport, ReportSource};

    fn id(s: &str) -> TaskId {
        TaskId::parse(s).unwrap()
    }

    fn report(ledger: &mut Ledger, task: &str, unit: &str, month: &str, status: &str) {
        let raw = RawReport {
            task_id: task.into(),
            unit: unit.into(),
            month: month.into(),
            status: status.into(),
            ..Default::default()
        };
        crate::app::record_report(ledger, &raw.parse(ReportSource::Cli).unwrap()).unwrap();
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_extension_moves_the_deadline_once_approved() {
        let (_dir, mut ledger) = testing::ledger();
        // A-001 of the 2018 list is due by the end of 2018.
        let before = ledger.tasks().get("A-001").unwrap();
        let old = before.deadline.unwrap();
        let req = ExtensionRequest {
            task: id("A-001"),
            unit: Some(UnitName::parse(&before.lead[0]).unwrap()),
            old_due: None,
            new_due: d(2019, 6, 30),
            reason: "设备到货延迟".into(),
            progress: "已完成招标".into(),
            requested_on: Some(d(2018, 11, 20)),
        };
        let e = request_extension(&mut ledger, &req, ReportSource::Cli).unwrap();
        assert_eq!((e.state, e.old_due, e.late), (ExtensionState::Pending, old, false));
        assert_eq!(ledger.tasks().get("A-001").unwrap().deadline, Some(old), "pending moves nothing");
        // A second request on the same deadline waits for the first.
        assert_eq!(request_extension(&mut ledger, &req, ReportSource::Cli).unwrap_err().code(), "extension_pending");
        decide_extension(&mut ledger, e.id, true, "同意").unwrap();
        let after = ledger.tasks().get("A-001").unwrap();
        assert_eq!(after.deadline, Some(d(2019, 6, 30)));
        assert_eq!(after.deadline_label(), format!("原定{}，经批准延期至2019年6月底", date_label(old)));
        assert_eq!(decide_extension(&mut ledger, e.id, false, "").unwrap_err().code(), "extension_decided");
        let history = ledger.audit().of_task("A-001").unwrap();
        assert!(history.iter().any(|h| h.action == AuditAction::ExtensionDecision));
    }

    #[test]
    fn bad_requests_are_refused() {
        let (_dir, mut ledger) = testing::ledger();
        let base = ExtensionRequest {
            task: id("A-001"),
            unit: None,
            old_due: None,
            new_due: d(2018, 6, 30),
            reason: "原因".into(),
            progress: String::new(),
            requested_on: Some(d(2018, 11, 20)),
        };
        let code =
            |ledger: &mut Ledger, r: &ExtensionRequest| request_extension(ledger, r, ReportSource::Cli).unwrap_err().code();
        assert_eq!(code(&mut ledger, &base), "extension_not_later");
        let no_reason = ExtensionRequest { new_due: d(2019, 6, 30), reason: " ".into(), ..base.clone() };
        assert_eq!(code(&mut ledger, &no_reason), "no_extension_reason");
        let wrong_due = ExtensionRequest { new_due: d(2019, 6, 30), old_due: Some(d(2018, 3, 31)), ..base.clone() };
        assert_eq!(code(&mut ledger, &wrong_due), "no_such_deadline");
        let stranger =
            ExtensionRequest { new_due: d(2019, 6, 30), unit: Some(UnitName::parse("区审计局").unwrap()), ..base.clone() };
        assert_eq!(code(&mut ledger, &stranger), "unit_not_on_task");
        assert!(ledger.extensions().list(None, false).unwrap().is_empty());
        // After the deadline: allowed, marked late.
        let late = ExtensionRequest { new_due: d(2019, 6, 30), requested_on: Some(d(2019, 1, 10)), ..base };
        assert!(request_extension(&mut ledger, &late, ReportSource::Cli).unwrap().late);
    }

    #[test]
    fn closing_needs_a_claim_and_evidence() {
        let (dir, mut ledger) = testing::ledger();
        let task = ledger.tasks().get("A-018").unwrap();
        let t = id("A-018");
        assert_eq!(close_task(&mut ledger, &t, "", false, None).unwrap_err().code(), "not_claimed");
        report(&mut ledger, "A-018", &task.lead[0], "2018-11", "已完成");
        assert_eq!(task_closing(&ledger, &t).unwrap().state, CloseState::Claimed);
        assert_eq!(close_task(&mut ledger, &t, "", false, None).unwrap_err().code(), "no_evidence");
        assert_eq!(close_task(&mut ledger, &t, "", true, None).unwrap_err().code(), "note_required");
        let pdf = dir.path().join("验收报告.pdf");
        std::fs::write(&pdf, b"%PDF-1.4 evidence").unwrap();
        let copy = dir.path().join("验收报告（副本）.pdf");
        std::fs::write(&copy, b"%PDF-1.4 evidence").unwrap();
        let missing = dir.path().join("没有.pdf");
        assert_eq!(attach_files(&mut ledger, &t, &[pdf.clone(), missing], "").unwrap_err().code(), "file");
        assert!(attachments(&ledger, &t).unwrap().is_empty(), "all or none");
        let added = attach_files(&mut ledger, &t, &[pdf, copy], "验收材料").unwrap();
        assert_eq!(added.len(), 2);
        assert_eq!(added[0].sha256, added[1].sha256, "stored once");
        let closed = close_task(&mut ledger, &t, "材料齐全", false, None).unwrap();
        assert_eq!(closed.state, CloseState::Closed);
        assert_eq!(close_task(&mut ledger, &t, "", false, None).unwrap_err().code(), "already_closed");
        let out = dir.path().join("出");
        std::fs::create_dir(&out).unwrap();
        let saved = save_attachment(&ledger, added[0].id, &out).unwrap();
        assert_eq!(std::fs::read(saved).unwrap(), b"%PDF-1.4 evidence");
        // Reopened: 退回, then claimed again by a later report.
        assert_eq!(return_task(&mut ledger, &t, " ", None).unwrap_err().code(), "no_return_reason");
        assert_eq!(return_task(&mut ledger, &t, "现场核查未通过", None).unwrap().state, CloseState::Returned);
        assert_eq!(return_task(&mut ledger, &t, "再退", None).unwrap_err().code(), "nothing_to_return");
    }
}
