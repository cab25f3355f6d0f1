//! The window's commands: each parses its arguments into the core's typed values, calls the
//! application layer (`taizhang::app`) on a blocking thread with the ledger, and returns a
//! serializable result or a `{code, message}` error whose message a clerk can act on. Native
//! dialogs open between two calls, never while the ledger is held.

use std::path::PathBuf;

use taizhang::Ledger;
use taizhang::app::{
    self, AppInfo, ExportedForms, ExtensionRequest, ImportMode, Overview, PlanImport, PlanSummary, RawTargetValue, SavedDocument,
    SettingItem, TargetChange, TargetStatus, TaskClosing, TaskDetail, TaskQuery,
};
use taizhang::document::score::RuleRow;
use taizhang::document::{Document, NoticeKind, UnitScore};
use taizhang::error::ErrorBody;
use taizhang::forms::{ImportOutcome, MissingForm};
use taizhang::import_list::ListImport;
use taizhang::ledger::attachments::Attachment;
use taizhang::ledger::extensions::Extension;
use taizhang::ledger::targets::TargetValue;
use taizhang::model::{ListId, Plan, Target, Task, TaskId, UnitName, UnitSummary};
use taizhang::progress::{RawReport, Recorded, ReportSource, TaskProgress};
use taizhang::targets::{Period, parse_baseline};
use taizhang::timing::{Month, parse_date, parse_due};
use tauri::{AppHandle, Manager, Runtime};

use crate::dialogs;
use crate::opener::{self, How};
use crate::state::LedgerState;

pub type CmdResult<T> = Result<T, ErrorBody>;

fn internal(e: impl std::fmt::Display) -> ErrorBody {
    ErrorBody { code: "internal".into(), message: format!("程序内部出错：{e}") }
}

/// Runs `f` on the ledger on a blocking thread (the window stays responsive), once the ledger is
/// open.
async fn with_ledger<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&mut Ledger) -> taizhang::Result<T> + Send + 'static,
) -> CmdResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<LedgerState>();
        let mut guard = state.lock()?;
        match guard.as_mut() {
            Some(Ok(ledger)) => f(ledger).map_err(|e| ErrorBody::from(e.about_ledger(&state.path))),
            Some(Err(e)) => Err(e.clone()),
            None => Err(internal("账本尚未打开")),
        }
    })
    .await
    .map_err(internal)?
}

/// Runs a native dialog on a blocking thread, with the ledger free.
async fn ask<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&AppHandle<R>) -> T + Send + 'static,
) -> CmdResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app)).await.map_err(internal)
}

fn month_or_now(month: Option<String>) -> taizhang::Result<Month> {
    match month {
        Some(m) if !m.is_empty() => Month::parse(&m),
        _ => Ok(app::default_month()),
    }
}

fn unit_names(names: Option<Vec<String>>) -> taizhang::Result<Option<Vec<UnitName>>> {
    names.map(|ns| ns.iter().map(|n| UnitName::parse(n)).collect()).transpose()
}

fn path_text(p: PathBuf) -> String {
    p.display().to_string()
}

#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    let path = app.state::<LedgerState>().path.clone();
    let version = env!("CARGO_PKG_VERSION");
    let app2 = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app2.state::<LedgerState>();
        let guard = state.lock()?;
        let ledger = match guard.as_ref() {
            Some(Ok(l)) => Ok(l),
            Some(Err(e)) => Err(e),
            None => return Err(internal("账本尚未打开")),
        };
        Ok(app::app_info(&path, ledger, version))
    })
    .await
    .map_err(internal)?
}

/// Milliseconds from the start of the process to now: the window calls it once the plan is on
/// screen.
#[tauri::command]
pub async fn ui_ready<R: Runtime>(app: AppHandle<R>) -> CmdResult<u64> {
    Ok(app.state::<LedgerState>().started.elapsed().as_millis() as u64)
}

#[tauri::command]
pub async fn list_progress<R: Runtime>(
    app: AppHandle<R>,
    list_id: String,
    month: Option<String>,
) -> CmdResult<Vec<TaskProgress>> {
    with_ledger(&app, move |l| app::list_progress(l, &ListId::parse(&list_id)?, month_or_now(month)?)).await
}

#[tauri::command]
pub async fn task_detail<R: Runtime>(app: AppHandle<R>, task_id: String, month: Option<String>) -> CmdResult<TaskDetail> {
    with_ledger(&app, move |l| app::task_detail(l, &TaskId::parse(&task_id)?, month_or_now(month)?)).await
}

#[tauri::command]
pub async fn confirm_task<R: Runtime>(
    app: AppHandle<R>,
    task_id: String,
    lead: Option<Vec<String>>,
    partner: Option<Vec<String>>,
) -> CmdResult<Task> {
    with_ledger(&app, move |l| {
        let (lead, partner) = (unit_names(lead)?, unit_names(partner)?);
        app::confirm_task(l, &TaskId::parse(&task_id)?, lead.as_deref(), partner.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn record_reports<R: Runtime>(app: AppHandle<R>, reports: Vec<RawReport>) -> CmdResult<Vec<Recorded>> {
    with_ledger(&app, move |l| {
        let inputs = reports
            .iter()
            .enumerate()
            .map(|(index, r)| r.parse(ReportSource::App).map_err(|e| taizhang::Error::Batch { index, source: Box::new(e) }))
            .collect::<taizhang::Result<Vec<_>>>()?;
        app::record_reports(l, &inputs)
    })
    .await
}

#[tauri::command]
pub async fn set_status<R: Runtime>(app: AppHandle<R>, task_id: String, month: String, status: String) -> CmdResult<()> {
    with_ledger(&app, move |l| app::set_status(l, &TaskId::parse(&task_id)?, Month::parse(&month)?, &status)).await
}

#[tauri::command]
pub async fn units<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<UnitSummary>> {
    with_ledger(&app, |l| app::units(l)).await
}

#[tauri::command]
pub async fn rename_unit<R: Runtime>(app: AppHandle<R>, name: String, new_name: String) -> CmdResult<()> {
    with_ledger(&app, move |l| app::rename_unit(l, &UnitName::parse(&name)?, &UnitName::parse(&new_name)?).map(|_| ())).await
}

#[tauri::command]
pub async fn add_unit_alias<R: Runtime>(app: AppHandle<R>, name: String, alias: String) -> CmdResult<()> {
    with_ledger(&app, move |l| app::add_unit_alias(l, &UnitName::parse(&name)?, &UnitName::parse(&alias)?)).await
}

#[tauri::command]
pub async fn merge_units<R: Runtime>(app: AppHandle<R>, from: String, into: String) -> CmdResult<()> {
    with_ledger(&app, move |l| app::merge_units(l, &UnitName::parse(&from)?, &UnitName::parse(&into)?).map(|_| ())).await
}

#[tauri::command]
pub async fn reorder_units<R: Runtime>(app: AppHandle<R>, names: Vec<String>) -> CmdResult<()> {
    with_ledger(&app, move |l| {
        let names = names.iter().map(|n| UnitName::parse(n)).collect::<taizhang::Result<Vec<_>>>()?;
        app::reorder_units(l, &names)
    })
    .await
}

#[tauri::command]
pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<SettingItem>> {
    with_ledger(&app, |l| app::setting_items(l)).await
}

#[tauri::command]
pub async fn set_setting<R: Runtime>(app: AppHandle<R>, key: String, value: String) -> CmdResult<()> {
    with_ledger(&app, move |l| app::set_setting(l, &key, &value)).await
}

#[tauri::command]
pub async fn overview<R: Runtime>(app: AppHandle<R>, month: Option<String>) -> CmdResult<Overview> {
    with_ledger(&app, move |l| app::overview(l, month_or_now(month)?)).await
}

#[tauri::command]
pub async fn missing<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<Vec<MissingForm>> {
    with_ledger(&app, move |l| app::missing_forms(l, Month::parse(&month)?, None)).await
}

const XLSX: (&str, &[&str]) = ("Excel 表格", &["xlsx"]);

#[tauri::command]
pub async fn export_table<R: Runtime>(app: AppHandle<R>, list_id: String, unit: Option<String>) -> CmdResult<Option<String>> {
    let q = TaskQuery {
        unit: unit.as_deref().filter(|u| !u.is_empty()).map(UnitName::parse).transpose()?,
        ..TaskQuery::list(ListId::parse(&list_id)?)
    };
    let q2 = q.clone();
    let name = with_ledger(&app, move |l| app::table_file_name(l, &q2)).await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, XLSX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_table(l, &q, false, &path).map(|_| Some(path_text(path)))).await
}

#[tauri::command]
pub async fn export_monthly<R: Runtime>(app: AppHandle<R>, list_id: String, month: String) -> CmdResult<Option<String>> {
    let (list, month) = (ListId::parse(&list_id)?, Month::parse(&month)?);
    let list2 = list.clone();
    let name = with_ledger(&app, move |l| app::monthly_file_name(l, &list2, month)).await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, XLSX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_monthly(l, &list, month, None, &path).map(|_| Some(path_text(path)))).await
}

#[tauri::command]
pub async fn export_summary<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<Option<String>> {
    let month = Month::parse(&month)?;
    let name = with_ledger(&app, move |l| app::summary_file_name(l, month)).await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, XLSX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_summary(l, month, None, &path).map(|_| Some(path_text(path)))).await
}

#[tauri::command]
pub async fn export_forms<R: Runtime>(app: AppHandle<R>, list_id: String, month: String) -> CmdResult<Option<ExportedForms>> {
    let (list, month) = (ListId::parse(&list_id)?, Month::parse(&month)?);
    let name = app::forms_folder_name(month);
    let Some(dir) = ask(&app, move |a| dialogs::folder(a, &name, "选择保存填报表的文件夹")).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| {
        let files = app::export_forms(l, &list, month, &dir)?;
        Ok(Some(ExportedForms { dir: path_text(dir), files }))
    })
    .await
}

#[tauri::command]
pub async fn pick_forms<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<String>> {
    ask(&app, |a| dialogs::open(a, true, ("Excel 表格", &["xlsx", "xls"])).into_iter().map(path_text).collect()).await
}

#[tauri::command]
pub async fn preview_forms<R: Runtime>(app: AppHandle<R>, paths: Vec<String>) -> CmdResult<ImportOutcome> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    with_ledger(&app, move |l| app::import_forms(l, &paths, ImportMode::Preview, None)).await
}

#[tauri::command]
pub async fn import_forms<R: Runtime>(app: AppHandle<R>, paths: Vec<String>) -> CmdResult<ImportOutcome> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    with_ledger(&app, move |l| app::import_forms(l, &paths, ImportMode::Apply, None)).await
}

#[tauri::command]
pub async fn pick_list_file<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    ask(&app, |a| dialogs::open(a, false, ("Excel 表格", &["xlsx", "xls"])).into_iter().next().map(path_text)).await
}

#[tauri::command]
pub async fn import_list<R: Runtime>(app: AppHandle<R>, path: String, id: String, name: String) -> CmdResult<ListImport> {
    let id = ListId::parse(&id)?;
    with_ledger(&app, move |l| app::import_list(l, &PathBuf::from(path), &id, &name)).await
}

#[tauri::command]
pub async fn backup<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    let name = app::backup_file_name();
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, ("账本备份", &["db"]))).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::backup(l, &path).map(|_| Some(path_text(path)))).await
}

#[tauri::command]
pub async fn restore<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    let Some(path) = ask(&app, |a| dialogs::open(a, false, ("账本备份", &["db"])).into_iter().next()).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::restore(l, &path).map(|saved| Some(path_text(saved)))).await
}

#[tauri::command]
pub async fn month_cycle<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<app::MonthCycle> {
    with_ledger(&app, move |l| app::month_cycle(l, Month::parse(&month)?)).await
}

#[tauri::command]
pub async fn opening_month<R: Runtime>(app: AppHandle<R>) -> CmdResult<app::OpeningMonth> {
    with_ledger(&app, |l| app::opening_month(l)).await
}

#[tauri::command]
pub async fn recent_exports<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<taizhang::ledger::exports::Export>> {
    with_ledger(&app, |l| app::recent_exports(l, RECENT_EXPORTS)).await
}

/// How many recent exports the export page lists.
const RECENT_EXPORTS: usize = 10;

/// Every task of every list: the window names tasks as a clerk does (分解表第12项) and shows
/// their text.
#[tauri::command]
pub async fn tasks<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<Task>> {
    with_ledger(&app, |l| {
        let mut out = Vec::new();
        for list in app::lists(l)? {
            out.extend(app::tasks(l, &TaskQuery::list(ListId::parse(&list.id)?))?);
        }
        Ok(out)
    })
    .await
}

async fn open_exported<R: Runtime>(app: AppHandle<R>, path: String, how: How) -> CmdResult<()> {
    let checked = with_ledger(&app, move |l| opener::exported(l, &path)).await??;
    ask(&app, move |_| opener::open(&checked, how)).await?
}

/// Opens a file the app exported (Excel or WPS opens it), or the folder of a set of forms.
#[tauri::command]
pub async fn open_export<R: Runtime>(app: AppHandle<R>, path: String) -> CmdResult<()> {
    open_exported(app, path, How::Open).await
}

/// Opens the folder of a file the app exported, with the file selected.
#[tauri::command]
pub async fn reveal_export<R: Runtime>(app: AppHandle<R>, path: String) -> CmdResult<()> {
    open_exported(app, path, How::Reveal).await
}

/// True under the end-to-end tests (dialogs or the opener answered by files): the window then
/// installs its test hooks.
#[tauri::command]
pub async fn is_e2e() -> CmdResult<bool> {
    Ok(["TAIZHANG_E2E_DIALOGS", "TAIZHANG_E2E_OPENER"].iter().any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty())))
}

// ---- 主要目标 (the plan's targets) ----------------------------------------------------------

fn period_or_latest(period: Option<String>) -> taizhang::Result<Option<Period>> {
    period.filter(|p| !p.trim().is_empty()).map(|p| Period::parse(&p)).transpose()
}

/// Every target judged for a period (`2018`, `2018-11`), or each on its latest value.
#[tauri::command]
pub async fn target_statuses<R: Runtime>(app: AppHandle<R>, period: Option<String>) -> CmdResult<Vec<TargetStatus>> {
    with_ledger(&app, move |l| app::target_statuses(l, period_or_latest(period)?)).await
}

/// Sets a target's responsible units and, given both, its baseline (基期值 and year).
#[tauri::command]
pub async fn set_target<R: Runtime>(
    app: AppHandle<R>,
    code: String,
    lead: Vec<String>,
    partner: Vec<String>,
    baseline: Option<String>,
    baseline_year: Option<String>,
) -> CmdResult<Target> {
    with_ledger(&app, move |l| {
        let baseline = parse_baseline(baseline.as_deref(), baseline_year.as_deref())?;
        let change =
            TargetChange { lead: unit_names(Some(lead))?, partner: unit_names(Some(partner))?, baseline, ..Default::default() };
        app::set_target(l, &code, &change)
    })
    .await
}

/// Records a target's value for a period; false when the same value was already there.
#[tauri::command]
pub async fn record_target_value<R: Runtime>(app: AppHandle<R>, value: RawTargetValue) -> CmdResult<bool> {
    with_ledger(&app, move |l| app::record_target_value(l, &value, ReportSource::App)).await
}

/// Every value of a target, replaced ones too, oldest first.
#[tauri::command]
pub async fn target_history<R: Runtime>(app: AppHandle<R>, code: String) -> CmdResult<Vec<TargetValue>> {
    with_ledger(&app, move |l| app::target_history(l, &code)).await
}

/// The 主要目标完成情况表 of a period, through a save dialog.
#[tauri::command]
pub async fn export_targets<R: Runtime>(app: AppHandle<R>, period: String) -> CmdResult<Option<String>> {
    let period = Period::parse(&period)?;
    let name = with_ledger(&app, move |l| app::targets_file_name(l, period)).await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, XLSX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_targets(l, period, None, &path).map(|_| Some(path_text(path)))).await
}

// ---- 延期 (extensions) ---------------------------------------------------------------------

/// A date the clerk may leave empty (today, or the core's default).
fn date_given<T>(s: Option<String>, parse: fn(&str) -> taizhang::Result<T>) -> taizhang::Result<Option<T>> {
    s.filter(|v| !v.trim().is_empty()).map(|v| parse(&v)).transpose()
}

/// Records a request to move a task's deadline (pending until decided).
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn request_extension<R: Runtime>(
    app: AppHandle<R>,
    task_id: String,
    unit: Option<String>,
    old_due: Option<String>,
    new_due: String,
    reason: String,
    progress: String,
    requested_on: Option<String>,
) -> CmdResult<Extension> {
    with_ledger(&app, move |l| {
        let req = ExtensionRequest {
            task: TaskId::parse(&task_id)?,
            unit: unit.filter(|u| !u.trim().is_empty()).map(|u| UnitName::parse(&u)).transpose()?,
            old_due: date_given(old_due, parse_due)?,
            new_due: parse_due(&new_due)?,
            reason,
            progress,
            requested_on: date_given(requested_on, parse_date)?,
        };
        app::request_extension(l, &req, ReportSource::App)
    })
    .await
}

/// Approves or rejects a pending request, with a note.
#[tauri::command]
pub async fn decide_extension<R: Runtime>(app: AppHandle<R>, id: i64, approve: bool, note: String) -> CmdResult<Extension> {
    with_ledger(&app, move |l| app::decide_extension(l, id, approve, &note)).await
}

/// Requests of one task or of all, only the pending ones if asked.
#[tauri::command]
pub async fn extensions<R: Runtime>(app: AppHandle<R>, task_id: Option<String>, pending_only: bool) -> CmdResult<Vec<Extension>> {
    with_ledger(&app, move |l| {
        let task = task_id.as_deref().map(TaskId::parse).transpose()?;
        app::extensions(l, task.as_ref(), pending_only)
    })
    .await
}

// ---- evidence files and 销号 -----------------------------------------------------------------

/// The file types evidence may be (the core checks each file's content too).
const EVIDENCE: (&str, &[&str]) = (
    "佐证材料（PDF、OFD、图片、Word、Excel）",
    &["pdf", "ofd", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "doc", "docx", "wps", "xls", "xlsx", "et"],
);

/// Picks evidence files (nothing is read yet).
#[tauri::command]
pub async fn pick_evidence<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<String>> {
    ask(&app, |a| dialogs::open(a, true, EVIDENCE).into_iter().map(path_text).collect()).await
}

/// Attaches files to a task, all or none.
#[tauri::command]
pub async fn attach_files<R: Runtime>(
    app: AppHandle<R>,
    task_id: String,
    paths: Vec<String>,
    note: String,
) -> CmdResult<Vec<Attachment>> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    with_ledger(&app, move |l| app::attach_files(l, &TaskId::parse(&task_id)?, &paths, &note)).await
}

#[tauri::command]
pub async fn attachments<R: Runtime>(app: AppHandle<R>, task_id: String) -> CmdResult<Vec<Attachment>> {
    with_ledger(&app, move |l| app::attachments(l, &TaskId::parse(&task_id)?)).await
}

/// One of a task's evidence files, or an error naming what is missing.
fn attachment_of(l: &Ledger, task_id: &str, id: i64) -> taizhang::Result<Attachment> {
    let task = TaskId::parse(task_id)?;
    app::attachments(l, &task)?.into_iter().find(|a| a.id == id).ok_or(taizhang::Error::UnknownAttachment { id })
}

/// Saves an evidence file out of the ledger through a save dialog (另存为).
#[tauri::command]
pub async fn save_attachment<R: Runtime>(app: AppHandle<R>, task_id: String, id: i64) -> CmdResult<Option<String>> {
    let a = with_ledger(&app, move |l| attachment_of(l, &task_id, id)).await?;
    let ext = std::path::Path::new(&a.file_name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name = a.file_name.clone();
    let Some(path) = ask(&app, move |d| {
        let exts = [ext.as_str()];
        let filter: &[&str] = if ext.is_empty() { &[] } else { &exts };
        dialogs::save(d, &name, ("佐证材料", filter))
    })
    .await?
    else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::save_attachment(l, a.id, &path).map(|p| Some(path_text(p)))).await
}

/// Opens an evidence file in its program: saved out of the ledger into a folder of its own
/// under the temporary folder, then opened. The path never comes from the window.
#[tauri::command]
pub async fn open_attachment<R: Runtime>(app: AppHandle<R>, task_id: String, id: i64) -> CmdResult<()> {
    let written = with_ledger(&app, move |l| {
        let a = attachment_of(l, &task_id, id)?;
        let dir = opener::evidence_copy_dir(a.id)?;
        app::save_attachment(l, a.id, &dir)
    })
    .await?;
    ask(&app, move |_| opener::open(&written, How::Open)).await?
}

/// Where a task stands on closing, its 销号/退回 events and its evidence.
#[tauri::command]
pub async fn task_closing<R: Runtime>(app: AppHandle<R>, task_id: String) -> CmdResult<TaskClosing> {
    with_ledger(&app, move |l| app::task_closing(l, &TaskId::parse(&task_id)?)).await
}

/// 销号 after review; without evidence files only with `without_evidence` and a note.
#[tauri::command]
pub async fn close_task<R: Runtime>(
    app: AppHandle<R>,
    task_id: String,
    note: String,
    without_evidence: bool,
    on: Option<String>,
) -> CmdResult<TaskClosing> {
    with_ledger(&app, move |l| {
        app::close_task(l, &TaskId::parse(&task_id)?, &note, without_evidence, date_given(on, parse_date)?)
    })
    .await
}

/// 退回, with the reason.
#[tauri::command]
pub async fn return_task<R: Runtime>(
    app: AppHandle<R>,
    task_id: String,
    reason: String,
    on: Option<String>,
) -> CmdResult<TaskClosing> {
    with_ledger(&app, move |l| app::return_task(l, &TaskId::parse(&task_id)?, &reason, date_given(on, parse_date)?)).await
}

// ---- 文书 (督办通知单, 催办单, 月度通报) and 考核 -------------------------------------------------

const DOCX: (&str, &[&str]) = ("Word 文档", &["docx"]);

fn notice_kind(kind: &str) -> taizhang::Result<NoticeKind> {
    NoticeKind::parse(kind)
}

fn list_given(list_id: Option<String>) -> taizhang::Result<Option<ListId>> {
    list_id.filter(|l| !l.trim().is_empty()).map(|l| ListId::parse(&l)).transpose()
}

/// The units that would get a notice of a kind (`督办` / `催办`) for the month.
#[tauri::command]
pub async fn notice_units<R: Runtime>(app: AppHandle<R>, kind: String, month: String) -> CmdResult<Vec<String>> {
    with_ledger(&app, move |l| app::notice_units(l, notice_kind(&kind)?, Month::parse(&month)?)).await
}

/// A notice to one unit as it will be saved, with the number it would take.
#[tauri::command]
pub async fn preview_notice<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    unit: String,
    month: String,
    date: Option<String>,
) -> CmdResult<Document> {
    with_ledger(&app, move |l| {
        app::preview_notice(
            l,
            notice_kind(&kind)?,
            &UnitName::parse(&unit)?,
            Month::parse(&month)?,
            date_given(date, parse_date)?,
        )
    })
    .await
}

/// Saves a notice to one unit through a save dialog (.docx); it takes its number.
#[tauri::command]
pub async fn export_notice<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    unit: String,
    month: String,
    date: Option<String>,
) -> CmdResult<Option<SavedDocument>> {
    let (kind, unit, month) = (notice_kind(&kind)?, UnitName::parse(&unit)?, Month::parse(&month)?);
    let date = date_given(date, parse_date)?;
    let u = unit.clone();
    // Refused (nothing to notify) before the dialog opens.
    let name = with_ledger(&app, move |l| {
        app::preview_notice(l, kind, &u, month, date)?;
        Ok(app::notice_input(l, kind, &u, month, date)?.file_name())
    })
    .await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, DOCX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_notice(l, kind, &unit, month, date, &path).map(Some)).await
}

/// Saves a notice to every unit concerned into a folder chosen in a dialog (the window offers it
/// only when `notice_units` names some; the core refuses otherwise, `nothing_to_notify`).
#[tauri::command]
pub async fn export_notices<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    month: String,
    date: Option<String>,
) -> CmdResult<Option<Vec<SavedDocument>>> {
    let (kind, month) = (notice_kind(&kind)?, Month::parse(&month)?);
    let date = date_given(date, parse_date)?;
    let name = format!("{}{}", month.label(), kind.title());
    let title = format!("选择保存{}的文件夹", kind.title());
    let Some(dir) = ask(&app, move |a| dialogs::folder(a, &name, &title)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_notices(l, kind, month, date, &dir).map(Some)).await
}

/// The month's 通报 as it will be saved, with the number it would take.
#[tauri::command]
pub async fn preview_bulletin<R: Runtime>(
    app: AppHandle<R>,
    month: String,
    list_id: Option<String>,
    date: Option<String>,
) -> CmdResult<Document> {
    with_ledger(&app, move |l| {
        app::preview_bulletin(l, Month::parse(&month)?, list_given(list_id)?.as_ref(), date_given(date, parse_date)?)
    })
    .await
}

/// Saves the month's 通报 through a save dialog (.docx); it takes its number.
#[tauri::command]
pub async fn export_bulletin<R: Runtime>(
    app: AppHandle<R>,
    month: String,
    list_id: Option<String>,
    date: Option<String>,
) -> CmdResult<Option<SavedDocument>> {
    let (month, list) = (Month::parse(&month)?, list_given(list_id)?);
    let date = date_given(date, parse_date)?;
    let list2 = list.clone();
    let name = with_ledger(&app, move |l| {
        app::preview_bulletin(l, month, list2.as_ref(), date)?;
        Ok(app::bulletin_input(l, month, list2.as_ref(), date)?.file_name())
    })
    .await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, DOCX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_bulletin(l, month, list.as_ref(), date, &path).map(Some)).await
}

/// The 考核 rules: on or off, and one row per rule (`ScoreRules::table`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScoreRulesView {
    pub enabled: bool,
    pub rows: Vec<RuleRow>,
}

#[tauri::command]
pub async fn score_rules<R: Runtime>(app: AppHandle<R>) -> CmdResult<ScoreRulesView> {
    with_ledger(&app, |l| {
        let rules = app::score_rules(l)?;
        Ok(ScoreRulesView { enabled: rules.enabled, rows: rules.table() })
    })
    .await
}

/// The month's 考核 scores, best first, with their ranks.
#[tauri::command]
pub async fn month_scores<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<Vec<UnitScore>> {
    with_ledger(&app, move |l| app::month_scores(l, Month::parse(&month)?)).await
}

/// The 考核得分表 through a save dialog; refused (`scores_off`) before the dialog when 考核 is off.
#[tauri::command]
pub async fn export_scores<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<Option<String>> {
    let month = Month::parse(&month)?;
    if !with_ledger(&app, |l| app::score_rules(l)).await?.enabled {
        return Err(taizhang::Error::ScoresOff.into());
    }
    let name = with_ledger(&app, move |l| app::scores_file_name(l, month)).await?;
    let Some(path) = ask(&app, move |a| dialogs::save(a, &name, XLSX)).await? else {
        return Ok(None);
    };
    with_ledger(&app, move |l| app::export_scores(l, month, &path).map(|_| Some(path_text(path)))).await
}

/// Several settings at once, all or none (`[key, value]` pairs, checked in order).
#[tauri::command]
pub async fn set_settings<R: Runtime>(app: AppHandle<R>, values: Vec<(String, String)>) -> CmdResult<()> {
    with_ledger(&app, move |l| {
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        app::set_settings(l, &pairs)
    })
    .await
}

// ---- 方案 (several plans; a plan imported from its Word document) -------------------------------

#[tauri::command]
pub async fn plans<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<PlanSummary>> {
    with_ledger(&app, |l| app::plans(l)).await
}

/// Makes a plan the one the window works on.
#[tauri::command]
pub async fn set_current_plan<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<Plan> {
    with_ledger(&app, move |l| app::set_current_plan(l, id)).await
}

/// Deletes a plan once its title is typed out; returns where the backup taken first went.
#[tauri::command]
pub async fn delete_plan<R: Runtime>(app: AppHandle<R>, id: i64, title: String) -> CmdResult<String> {
    with_ledger(&app, move |l| app::delete_plan(l, id, &title).map(path_text)).await
}

/// Picks a plan's Word document (nothing is read yet).
#[tauri::command]
pub async fn pick_plan_file<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    ask(&app, |a| dialogs::open(a, false, ("方案 Word 文档", &["docx"])).into_iter().next().map(path_text)).await
}

/// What importing a plan's document would create; nothing is written.
#[tauri::command]
pub async fn preview_plan_import<R: Runtime>(app: AppHandle<R>, path: String) -> CmdResult<PlanImport> {
    with_ledger(&app, move |l| app::preview_plan_import(l, &PathBuf::from(path))).await
}

/// Imports a plan from its document, all or nothing; it becomes the current plan.
#[tauri::command]
pub async fn import_plan<R: Runtime>(app: AppHandle<R>, path: String) -> CmdResult<PlanImport> {
    with_ledger(&app, move |l| app::import_plan(l, &PathBuf::from(path))).await
}

/// Confirms a target read from a plan's document (clears its 待核对).
#[tauri::command]
pub async fn confirm_target<R: Runtime>(app: AppHandle<R>, code: String) -> CmdResult<Target> {
    with_ledger(&app, move |l| app::confirm_target(l, &code)).await
}
