//! Importing returned forms: each file is read and checked whole against the ledger first; a
//! file with any problem is refused whole and changes nothing; the others are applied, each in
//! one transaction, after one automatic backup. Every file ends with a state, also when the run
//! stops early.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::read::{ReadForm, read_form};
use super::{C_EXTEND_REASON, C_EXTEND_TO, C_STATUS, FormProblem, ProblemKind, T_VALUE};
use crate::app::{CheckedExtension, CheckedTargetValue, ExtensionRequest, RawTargetValue};
use crate::error::{Error, Result};
use crate::ledger::forms::{Contact, Returned};
use crate::ledger::reports::ReportFields;
use crate::ledger::{Ledger, TaskFilter, now_text};
use crate::model::{MAX_TEXT_CHARS, Task, clean_text};
use crate::model::{TaskId, UnitName, date_label};
use crate::progress::{CheckedReport, ProgressReport, ReportSource, check_report_for, record_in};
use crate::settings::Settings;
use crate::targets::number;
use crate::timing::Month;

/// A row whose report changes, old → new.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct RowChange {
    pub task_id: String,
    pub seq: String,
    pub old: Option<String>,
    pub new: String,
}

/// Where a file stands after `import forms`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Checked and found good; nothing written (a dry run).
    Checked,
    /// Written to the ledger.
    Applied,
    /// Good, but it changes nothing and was imported before: nothing written.
    AlreadyImported,
    /// Refused whole for its problems; nothing written.
    Refused,
    /// The same file was given twice; imported once.
    Duplicate,
    /// Not attempted: the run stopped before it (see [`ImportOutcome::stopped`]).
    NotAttempted,
}

impl FileState {
    pub fn label(self) -> &'static str {
        match self {
            FileState::Checked => "检查通过（试运行，未写入）",
            FileState::Applied => "已导入",
            FileState::AlreadyImported => "与账本一致，之前已导入，未做改动",
            FileState::Refused => "整份未导入",
            FileState::Duplicate => "与前面的文件相同，只导入一次",
            FileState::NotAttempted => "未处理（导入中途停止）",
        }
    }
}

/// What importing one file did, or would do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub unit: Option<String>,
    pub month: Option<String>,
    pub list_id: Option<String>,
    pub changed: Vec<RowChange>,
    pub unchanged: usize,
    pub blank: usize,
    /// Rows the form was sent with that were deleted from it: 序号 and task id. Not a reason to
    /// refuse the file: the rows count as not reported.
    pub deleted: Vec<(String, String)>,
    pub problems: Vec<FormProblem>,
    /// Things to look at that do not stop the import (an empty 填报人, say).
    pub warnings: Vec<String>,
    /// Who filled in and approved the form.
    pub contact: Option<Contact>,
    pub state: FileState,
    /// True once written to the ledger.
    pub applied: bool,
}

impl FileOutcome {
    fn new(path: &Path, state: FileState) -> FileOutcome {
        FileOutcome {
            path: path.to_path_buf(),
            unit: None,
            month: None,
            list_id: None,
            changed: vec![],
            unchanged: 0,
            blank: 0,
            deleted: vec![],
            warnings: vec![],
            contact: None,
            problems: vec![],
            state,
            applied: false,
        }
    }
}

/// The result of `import forms`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub files: Vec<FileOutcome>,
    /// The backup taken before anything was written.
    pub backup: Option<PathBuf>,
    /// Why the run stopped before the end (the ledger became unavailable, say); the files
    /// applied before stay applied.
    pub stopped: Option<String>,
}

impl ImportOutcome {
    /// Every file was applied (or checked, in a dry run) and the run did not stop.
    pub fn all_good(&self) -> bool {
        self.stopped.is_none() && self.files.iter().all(|f| f.problems.is_empty() && f.state != FileState::NotAttempted)
    }
}

fn summary_of(status: &str, progress: &str, percent: Option<i64>) -> String {
    const SHOWN: usize = 24;
    let mut s = status.to_string();
    if let Some(p) = percent {
        s.push_str(&format!(" {p}%"));
    }
    if !progress.is_empty() {
        let short: String = progress.chars().take(SHOWN).collect();
        s.push_str(&format!("：{short}{}", if progress.chars().count() > SHOWN { "…" } else { "" }));
    }
    s
}

/// What a good form will write: reports, extension requests, targets' values.
#[derive(Debug, Clone, Default)]
pub struct FormWrites {
    reports: Vec<CheckedReport>,
    extensions: Vec<CheckedExtension>,
    values: Vec<CheckedTargetValue>,
}

/// Checks a read form against the ledger: what would change, what is wrong, and the rows to
/// record. `tasks` holds the tasks of the form's list, loaded once for all files.
fn check_file(
    ledger: &Ledger,
    settings: &Settings,
    tasks: &HashMap<String, Task>,
    path: &Path,
    form: &ReadForm,
    expected_list: Option<&str>,
) -> Result<(FileOutcome, FormWrites)> {
    use ProblemKind as K;
    let mut out = FileOutcome {
        unit: Some(form.unit.clone()),
        month: Some(form.month.clone()),
        list_id: Some(form.list_id.clone()),
        blank: form.blank,
        deleted: form.deleted.clone(),
        contact: Some(form.contact.clone()),
        ..FileOutcome::new(path, FileState::Checked)
    };
    let mut checked = Vec::new();
    let refuse = |mut out: FileOutcome, message: String| {
        out.problems.push(FormProblem::file(K::WrongForm, message));
        out.state = FileState::Refused;
        Ok((out, FormWrites::default()))
    };
    if let Some(expected) = expected_list
        && form.list_id != expected
    {
        return refuse(out, format!("这是清单“{}”的填报表，不是要导入的清单“{expected}”。", form.list_id));
    }
    if tasks.is_empty() {
        return refuse(out, format!("账本中没有这份表所属的清单“{}”（或该清单没有任务）。", form.list_id));
    }
    let Ok(month) = Month::parse(&form.month) else {
        return refuse(out, format!("填报表的月份“{}”不正确。", form.month));
    };
    let unit = match ledger.units().get(&form.unit) {
        Ok(u) => u,
        Err(Error::UnknownUnit { .. }) => {
            return refuse(
                out,
                format!("填报单位“{}”不在单位目录中（可能已改名或合并）。请在“单位”中添加别名后再导入。", form.unit),
            );
        }
        Err(e) => return Err(e),
    };
    let current: HashMap<String, ProgressReport> =
        ledger.reports().of_unit(month, &form.list_id, unit.id)?.into_iter().map(|r| (r.task_id.clone(), r)).collect();
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let mut extensions = Vec::new();
    let mut values = Vec::new();
    for r in &form.rows {
        let place = |column: Option<usize>, message: String, kind| {
            FormProblem::at(kind, Some(r.row), column, format!("（序号 {}）{message}", r.seq))
        };
        let Some(task) = tasks.get(&r.task_id) else {
            let message = if ledger.tasks().get(&r.task_id).is_ok() {
                format!("任务 {} 不属于清单“{}”。", r.task_id, form.list_id)
            } else {
                format!("任务 {} 已不在账本中（可能已被删除），这一行无法导入。", r.task_id)
            };
            out.problems.push(place(None, message, K::NotInLedger));
            continue;
        };
        let meaning = match check_report_for(task, &unit.name, &r.status, r.percent, settings) {
            Ok(m) => m,
            Err(e @ Error::BadStatusWord { .. }) => {
                out.problems.push(place(Some(C_STATUS), e.to_string(), K::BadStatus));
                continue;
            }
            Err(e @ Error::UnitNotOnTask { .. }) => {
                out.problems.push(place(None, e.to_string(), K::NotInLedger));
                continue;
            }
            Err(e @ Error::BadPercent { .. }) => {
                out.problems.push(place(None, e.to_string(), K::BadPercent));
                continue;
            }
            Err(e) => return Err(e),
        };
        let text = |field: &str, s: &str| clean_text(field, s, MAX_TEXT_CHARS);
        let fields = ReportFields {
            status: r.status.trim().to_string(),
            meaning,
            progress: text("进展情况", &r.progress)?,
            problems: text("存在问题", &r.problems)?,
            next_steps: text("下步计划", &r.next_steps)?,
            percent: r.percent,
        };
        let old = current.get(&task.id);
        let same = old.is_some_and(|o| {
            o.status == fields.status
                && o.progress == fields.progress
                && o.problems == fields.problems
                && o.next_steps == fields.next_steps
                && o.percent == fields.percent
        });
        if same {
            out.unchanged += 1;
        } else {
            out.changed.push(RowChange {
                task_id: task.id.clone(),
                seq: r.seq.clone(),
                old: old.map(|o| summary_of(&o.status, &o.progress, o.percent)),
                new: summary_of(&fields.status, &fields.progress, fields.percent),
            });
        }
        checked.push(CheckedReport {
            task: task.clone(),
            unit: unit.name.clone(),
            unit_id: unit.id,
            month,
            fields,
            source: ReportSource::Form(file.clone()),
        });
        // 申请延期至 / 延期理由: a request, pending until the clerk decides.
        match check_extension_row(ledger, task, &unit.name, r, &file)? {
            ExtensionRow::None | ExtensionRow::Known => {}
            ExtensionRow::New(e) => {
                out.changed.push(RowChange {
                    task_id: task.id.clone(),
                    seq: r.seq.clone(),
                    old: Some(date_label(e.old_due)),
                    new: format!("申请延期至{}（待审批）：{}", date_label(e.new_due), e.reason),
                });
                extensions.push(*e);
            }
            ExtensionRow::Problem(column, message) => out.problems.push(place(Some(column), message, K::BadExtension)),
        }
    }
    // The unit's targets: a value for the form's month.
    for t in &form.targets {
        let raw = RawTargetValue {
            target: t.code.clone(),
            period: month.to_string(),
            value: number(t.value),
            source: t.source.clone(),
            unit: unit.name.clone(),
        };
        let at = |message: String| {
            FormProblem::at_named(
                K::BadTargetValue,
                Some(t.row),
                Some((T_VALUE, "本期值")),
                format!("（{}）{message}", t.indicator),
            )
        };
        match crate::app::check_target_value(ledger, &raw) {
            Ok(v) => {
                let old = ledger.targets().current(&v.target.code, &v.period.to_string())?;
                if old.as_ref().is_some_and(|o| (o.value - v.value).abs() < 1e-9 && o.source == v.source) {
                    out.unchanged += 1;
                } else {
                    out.changed.push(RowChange {
                        task_id: v.target.code.clone(),
                        seq: v.target.indicator.clone(),
                        old: old.map(|o| format!("{}{}", number(o.value), v.target.unit)),
                        new: format!("{}{}（{}）", number(v.value), v.target.unit, v.period.label()),
                    });
                }
                values.push(v);
            }
            Err(e @ (Error::UnknownTarget { .. } | Error::PeriodOutOfRange { .. } | Error::BadValue { .. })) => {
                out.problems.push(at(e.to_string()))
            }
            Err(Error::TextTooLong { chars, max, .. }) => {
                out.problems.push(at(format!("数据来源过长（{chars} 字），请精简到 {max} 字以内。")))
            }
            Err(e) => return Err(e),
        }
    }
    let missing: Vec<&str> = [("填报人", &form.contact.filled_by), ("联系电话", &form.contact.phone)]
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        let what = missing.join("和");
        if settings.require_contact {
            out.problems.push(FormProblem::file(
                K::MissingContact,
                format!("没有填写{what}（设置要求填报表必须写明）。请让报送单位补填后重新发送。"),
            ));
        } else {
            out.warnings.push(format!("没有填写{what}。"));
        }
    }
    if !out.problems.is_empty() {
        out.state = FileState::Refused;
    }
    Ok((out, FormWrites { reports: checked, extensions, values }))
}

/// What a row's 申请延期至 / 延期理由 ask for.
enum ExtensionRow {
    /// Nothing.
    None,
    /// The same request is in the ledger already (the form imported again).
    Known,
    New(Box<CheckedExtension>),
    /// Which column is wrong, and why.
    Problem(usize, String),
}

fn check_extension_row(ledger: &Ledger, task: &Task, unit: &str, r: &super::FormRow, file: &str) -> Result<ExtensionRow> {
    let (to, reason) = (r.extend_to.trim(), r.extend_reason.trim());
    if to.is_empty() && reason.is_empty() {
        return Ok(ExtensionRow::None);
    }
    if to.is_empty() {
        return Ok(ExtensionRow::Problem(C_EXTEND_TO, "填写了延期理由，但没有填写申请延期至的日期（如 2019年6月底）。".into()));
    }
    let Ok(new_due) = crate::timing::parse_due(to) else {
        return Ok(ExtensionRow::Problem(C_EXTEND_TO, format!("“{to}”不是日期。请写成 2019年6月底、2019-06-30 这样的日期。")));
    };
    if reason.is_empty() {
        return Ok(ExtensionRow::Problem(C_EXTEND_REASON, "申请延期须写明延期理由。".into()));
    }
    let req = ExtensionRequest {
        task: TaskId::parse(&task.id)?,
        unit: Some(UnitName::parse(unit)?),
        old_due: None,
        new_due,
        reason: reason.to_string(),
        progress: r.progress.clone(),
        requested_on: None,
    };
    // The same request from this file (or with the same date and reason) was taken before.
    let same = ledger
        .extensions()
        .list(Some(&task.id), false)?
        .into_iter()
        .any(|e| e.new_due == new_due && (e.reason == reason || e.origin == file));
    if same {
        return Ok(ExtensionRow::Known);
    }
    match crate::app::check_extension(ledger, &req) {
        Ok(e) => Ok(ExtensionRow::New(Box::new(e))),
        Err(e @ (Error::ExtensionNotLater { .. } | Error::NoSuchDeadline { .. } | Error::ExtensionPending { .. })) => {
            Ok(ExtensionRow::Problem(C_EXTEND_TO, e.to_string()))
        }
        Err(e @ (Error::TextTooLong { .. } | Error::NoExtensionReason)) => {
            Ok(ExtensionRow::Problem(C_EXTEND_REASON, e.to_string()))
        }
        Err(e) => Err(e),
    }
}

/// A file's outcome so far, with what applying it will write.
type Planned = (FileOutcome, Option<(ReadForm, FormWrites)>);

/// The same file named twice (or by two paths) is imported once.
fn file_identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Imports returned forms. With `dry_run`, nothing is written.
pub fn import_forms(ledger: &mut Ledger, paths: &[PathBuf], dry_run: bool, expected_list: Option<&str>) -> Result<ImportOutcome> {
    let settings = Settings::load(ledger)?;
    let mut list_tasks: HashMap<String, HashMap<String, Task>> = HashMap::new();
    let mut seen = HashSet::new();
    let mut planned: Vec<Planned> = Vec::new();
    for path in paths {
        if !seen.insert(file_identity(path)) {
            planned.push((FileOutcome::new(path, FileState::Duplicate), None));
            continue;
        }
        match read_form(path) {
            Ok(form) => {
                if !list_tasks.contains_key(&form.list_id) {
                    let tasks =
                        match ledger.tasks().list(&TaskFilter { list_id: Some(form.list_id.clone()), ..Default::default() }) {
                            Ok(t) => t,
                            Err(Error::UnknownList { .. }) => vec![],
                            Err(e) => return Err(e),
                        };
                    list_tasks.insert(form.list_id.clone(), tasks.into_iter().map(|t| (t.id.clone(), t)).collect());
                }
                let (plan, checked) = check_file(ledger, &settings, &list_tasks[&form.list_id], path, &form, expected_list)?;
                planned.push((plan, Some((form, checked))));
            }
            Err(problems) => {
                let mut out = FileOutcome::new(path, FileState::Refused);
                out.problems = problems;
                planned.push((out, None));
            }
        }
    }
    // Files that were imported before and change nothing now are left alone.
    for (plan, checked) in &mut planned {
        if let (true, Some((form, _))) = (plan.problems.is_empty() && plan.changed.is_empty(), checked.as_ref())
            && let (Ok(month), Ok(unit)) = (Month::parse(&form.month), ledger.units().get(&form.unit))
            && ledger.form_log().returned_units(month, &form.list_id)?.contains(&unit.name)
        {
            plan.state = FileState::AlreadyImported;
        }
    }
    let mut outcome = ImportOutcome { files: vec![], backup: None, stopped: None };
    let to_apply = |p: &FileOutcome| p.problems.is_empty() && p.state == FileState::Checked;
    if !dry_run && planned.iter().any(|(p, _)| to_apply(p) && !p.changed.is_empty()) {
        outcome.backup = Some(ledger.backup_auto("import")?);
    }
    for (mut plan, checked) in planned {
        if let (false, true, None, Some((form, rows))) = (dry_run, to_apply(&plan), &outcome.stopped, &checked) {
            match apply_form(ledger, &settings, form, rows, &plan) {
                Ok(()) => {
                    plan.state = FileState::Applied;
                    plan.applied = true;
                }
                Err(e) => {
                    plan.state = FileState::NotAttempted;
                    outcome.stopped = Some(e.to_string());
                }
            }
        } else if outcome.stopped.is_some() && to_apply(&plan) {
            plan.state = FileState::NotAttempted;
        }
        outcome.files.push(plan);
    }
    Ok(outcome)
}

fn apply_form(ledger: &mut Ledger, settings: &Settings, form: &ReadForm, writes: &FormWrites, plan: &FileOutcome) -> Result<()> {
    let month = Month::parse(&form.month)?;
    let unit = ledger.units().get(&form.unit)?;
    let file = plan.path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let who = settings.clerk_name.clone();
    ledger.write(|tx| {
        for row in &writes.reports {
            record_in(tx, row, &who)?;
        }
        let origin = ReportSource::Form(file.clone());
        for e in &writes.extensions {
            crate::app::store_extension(tx, e, &origin, &who)?;
        }
        for v in &writes.values {
            crate::app::record_target_value_in(tx, v, &origin, &who)?;
        }
        tx.form_log().record_return(&Returned {
            list_id: &form.list_id,
            unit_id: unit.id,
            month,
            file: &file,
            changed: plan.changed.len(),
            unchanged: plan.unchanged,
            at: &now_text(),
            by: &who,
            contact: &form.contact,
        })
    })
}
