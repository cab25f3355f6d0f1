//! The window's commands: each takes its arguments, calls the core on a blocking thread, and
//! returns a serializable result or a `{code, message}` error whose message a clerk can act on.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::export::summary::{GroupCounts, Summary};
use taizhang::forms::{FormFile, ImportOutcome, MissingForm};
use taizhang::import_list::ListImport;
use taizhang::model::{AuditEntry, Plan, Task, TaskList, UnitSummary};
use taizhang::progress::{ProgressReport, Recorded, ReportInput, TaskProgress};
use taizhang::settings::Settings;
use taizhang::timing::Month;
use taizhang::Ledger;
use tauri::{AppHandle, Manager, Runtime};

use crate::dialogs;
use crate::state::LedgerState;

/// An error as the window receives it.
#[derive(Debug, Clone, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl From<taizhang::Error> for CommandError {
    fn from(e: taizhang::Error) -> Self {
        CommandError { code: e.code().to_string(), message: e.to_string() }
    }
}

pub type CmdResult<T> = Result<T, CommandError>;

/// Runs `f` on the ledger on a blocking thread (the window stays responsive).
async fn with_ledger<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&mut Ledger, &AppHandle<R>) -> taizhang::Result<T> + Send + 'static,
) -> CmdResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<LedgerState>();
        let mut guard = state.ledger.lock().map_err(|_| CommandError {
            code: "busy".into(),
            message: "账本正被另一操作占用，请稍后重试。".into(),
        })?;
        match guard.as_mut() {
            Ok(ledger) => f(ledger, &app).map_err(CommandError::from),
            Err(e) => Err(e.clone()),
        }
    })
    .await
    .map_err(|e| CommandError { code: "internal".into(), message: format!("程序内部出错：{e}") })?
}

fn month_or_now(month: Option<String>) -> taizhang::Result<Month> {
    match month {
        Some(m) if !m.is_empty() => Month::parse(&m),
        _ => Ok(Month::of(taizhang::timing::today())),
    }
}

fn path_text(p: PathBuf) -> String {
    p.display().to_string()
}

#[derive(Serialize)]
pub struct AppInfo {
    pub db_path: String,
    pub plan: Option<Plan>,
    pub lists: Vec<TaskList>,
    pub settings: Option<Settings>,
    pub status_words: Vec<String>,
    pub current_month: String,
    pub version: String,
    /// Why the ledger could not be opened, when it could not.
    pub open_error: Option<CommandError>,
}

#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    let path = app.state::<LedgerState>().path.display().to_string();
    let current_month = Month::of(taizhang::timing::today()).to_string();
    let version = env!("CARGO_PKG_VERSION").to_string();
    let result = with_ledger(&app, |l, _| {
        let settings = Settings::load(l)?;
        let words = settings.words().iter().map(|w| w.to_string()).collect();
        Ok((l.plan()?, l.lists()?, settings, words))
    })
    .await;
    Ok(match result {
        Ok((plan, lists, settings, status_words)) => AppInfo {
            db_path: path,
            plan: Some(plan),
            lists,
            settings: Some(settings),
            status_words,
            current_month,
            version,
            open_error: None,
        },
        Err(e) => AppInfo {
            db_path: path,
            plan: None,
            lists: vec![],
            settings: None,
            status_words: vec![],
            current_month,
            version,
            open_error: Some(e),
        },
    })
}

/// Milliseconds from the start of the process to now: the window calls it once the plan is on
/// screen.
#[tauri::command]
pub async fn ui_ready<R: Runtime>(app: AppHandle<R>) -> CmdResult<u64> {
    Ok(app.state::<LedgerState>().started.elapsed().as_millis() as u64)
}

#[tauri::command]
pub async fn list_progress<R: Runtime>(app: AppHandle<R>, list_id: String, month: Option<String>) -> CmdResult<Vec<TaskProgress>> {
    with_ledger(&app, move |l, _| l.progress(Some(&list_id), month_or_now(month)?)).await
}

#[derive(Serialize)]
pub struct TaskDetail {
    pub progress: TaskProgress,
    pub history: Vec<AuditEntry>,
    pub reports: Vec<ProgressReport>,
}

#[tauri::command]
pub async fn task_detail<R: Runtime>(app: AppHandle<R>, task_id: String, month: Option<String>) -> CmdResult<TaskDetail> {
    with_ledger(&app, move |l, _| {
        let task = l.task(&task_id)?;
        let progress = l
            .progress(Some(&task.list_id), month_or_now(month)?)?
            .into_iter()
            .find(|p| p.task.id == task_id)
            .ok_or(taizhang::Error::UnknownTask { id: task_id.clone() })?;
        Ok(TaskDetail { progress, history: l.history(&task_id)?, reports: l.report_history(&task_id)? })
    })
    .await
}

#[tauri::command]
pub async fn confirm_task<R: Runtime>(
    app: AppHandle<R>,
    task_id: String,
    lead: Option<Vec<String>>,
    partner: Option<Vec<String>>,
) -> CmdResult<Task> {
    with_ledger(&app, move |l, _| {
        for name in lead.iter().chain(partner.iter()).flatten() {
            l.unit(name)?;
        }
        l.confirm_task(&task_id, lead.as_deref(), partner.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn record_reports<R: Runtime>(app: AppHandle<R>, reports: Vec<ReportInput>) -> CmdResult<Vec<Recorded>> {
    with_ledger(&app, move |l, _| {
        let inputs: Vec<ReportInput> = reports.into_iter().map(|r| ReportInput { source: "app".into(), ..r }).collect();
        l.record_reports(&inputs)
    })
    .await
}

#[tauri::command]
pub async fn set_status<R: Runtime>(app: AppHandle<R>, task_id: String, month: String, status: String) -> CmdResult<()> {
    with_ledger(&app, move |l, _| l.set_status(&task_id, &month, &status)).await
}

#[tauri::command]
pub async fn units<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<UnitSummary>> {
    with_ledger(&app, |l, _| l.units()).await
}

#[tauri::command]
pub async fn rename_unit<R: Runtime>(app: AppHandle<R>, name: String, new_name: String) -> CmdResult<()> {
    with_ledger(&app, move |l, _| l.rename_unit(&name, &new_name).map(|_| ())).await
}

#[tauri::command]
pub async fn add_unit_alias<R: Runtime>(app: AppHandle<R>, name: String, alias: String) -> CmdResult<()> {
    with_ledger(&app, move |l, _| l.add_unit_alias(&name, &alias)).await
}

#[tauri::command]
pub async fn merge_units<R: Runtime>(app: AppHandle<R>, from: String, into: String) -> CmdResult<()> {
    with_ledger(&app, move |l, _| l.merge_units(&from, &into).map(|_| ())).await
}

#[tauri::command]
pub async fn reorder_units<R: Runtime>(app: AppHandle<R>, names: Vec<String>) -> CmdResult<()> {
    with_ledger(&app, move |l, _| l.reorder_units(&names)).await
}

#[derive(Serialize)]
pub struct SettingItem {
    pub key: String,
    pub label: String,
    pub value: String,
}

#[tauri::command]
pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<SettingItem>> {
    with_ledger(&app, |l, _| {
        let values = taizhang::settings::all(l)?;
        Ok(taizhang::settings::KEYS
            .iter()
            .zip(values)
            .map(|((k, label, _), (_, v))| SettingItem { key: k.to_string(), label: label.to_string(), value: v })
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn set_setting<R: Runtime>(app: AppHandle<R>, key: String, value: String) -> CmdResult<()> {
    with_ledger(&app, move |l, _| taizhang::settings::set(l, &key, &value)).await
}

#[derive(Serialize)]
pub struct Overview {
    pub summary: Summary,
    pub groups: Vec<GroupCounts>,
}

#[tauri::command]
pub async fn overview<R: Runtime>(app: AppHandle<R>, month: Option<String>) -> CmdResult<Overview> {
    with_ledger(&app, move |l, _| {
        let month = month_or_now(month)?;
        Ok(Overview {
            summary: taizhang::export::summary::summarize(l, month)?,
            groups: taizhang::export::summary::by_group(l, month)?,
        })
    })
    .await
}

#[tauri::command]
pub async fn missing<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<Vec<MissingForm>> {
    with_ledger(&app, move |l, _| taizhang::forms::missing_forms(l, &month, None)).await
}

const XLSX: (&str, &[&str]) = ("Excel 表格", &["xlsx"]);

#[tauri::command]
pub async fn export_table<R: Runtime>(app: AppHandle<R>, list_id: String, unit: Option<String>) -> CmdResult<Option<String>> {
    with_ledger(&app, move |l, app| {
        let list = l.list(&list_id)?;
        let name = taizhang::export::table::suggested_file_name(&list, unit.as_deref());
        let Some(path) = dialogs::save(app, &name, XLSX) else { return Ok(None) };
        let options = taizhang::export::TableOptions { unit, ..Default::default() };
        taizhang::export::export_table(l, &list_id, &options, &path)?;
        Ok(Some(path_text(path)))
    })
    .await
}

#[tauri::command]
pub async fn export_monthly<R: Runtime>(app: AppHandle<R>, list_id: String, month: String) -> CmdResult<Option<String>> {
    with_ledger(&app, move |l, app| {
        let m = Month::parse(&month)?;
        let list = l.list(&list_id)?;
        let name = taizhang::export::monthly::monthly_file_name(&l.plan()?.short_title, &list, m);
        let Some(path) = dialogs::save(app, &name, XLSX) else { return Ok(None) };
        taizhang::export::export_monthly(l, &list_id, &month, &path)?;
        Ok(Some(path_text(path)))
    })
    .await
}

#[tauri::command]
pub async fn export_summary<R: Runtime>(app: AppHandle<R>, month: String) -> CmdResult<Option<String>> {
    with_ledger(&app, move |l, app| {
        let m = Month::parse(&month)?;
        let plan = l.plan()?;
        let name = format!("{}{}推进情况统计.xlsx", plan.short_title.trim_end_matches("行动方案"), m.label());
        let Some(path) = dialogs::save(app, &name, XLSX) else { return Ok(None) };
        taizhang::export::export_summary(l, &month, &path)?;
        Ok(Some(path_text(path)))
    })
    .await
}

#[derive(Serialize)]
pub struct ExportedForms {
    pub dir: String,
    pub files: Vec<FormFile>,
}

#[tauri::command]
pub async fn export_forms<R: Runtime>(app: AppHandle<R>, list_id: String, month: String) -> CmdResult<Option<ExportedForms>> {
    with_ledger(&app, move |l, app| {
        let m = Month::parse(&month)?;
        let Some(dir) = dialogs::folder(app, &format!("{}填报表", m.label())) else { return Ok(None) };
        let files = taizhang::forms::export_forms(l, &list_id, &month, &dir)?;
        Ok(Some(ExportedForms { dir: path_text(dir), files }))
    })
    .await
}

#[tauri::command]
pub async fn pick_forms<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<String>> {
    let app2 = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        dialogs::open(&app2, true, ("Excel 表格", &["xlsx", "xls"])).into_iter().map(path_text).collect()
    })
    .await
    .map_err(|e| CommandError { code: "internal".into(), message: format!("程序内部出错：{e}") })
}

#[tauri::command]
pub async fn preview_forms<R: Runtime>(app: AppHandle<R>, paths: Vec<String>) -> CmdResult<ImportOutcome> {
    with_ledger(&app, move |l, _| {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        taizhang::forms::import_forms(l, &paths, true, None)
    })
    .await
}

#[tauri::command]
pub async fn import_forms<R: Runtime>(app: AppHandle<R>, paths: Vec<String>) -> CmdResult<ImportOutcome> {
    with_ledger(&app, move |l, _| {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        taizhang::forms::import_forms(l, &paths, false, None)
    })
    .await
}

#[tauri::command]
pub async fn pick_list_file<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    let app2 = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        dialogs::open(&app2, false, ("Excel 表格", &["xlsx", "xls"])).into_iter().next().map(path_text)
    })
    .await
    .map_err(|e| CommandError { code: "internal".into(), message: format!("程序内部出错：{e}") })
}

#[tauri::command]
pub async fn import_list<R: Runtime>(app: AppHandle<R>, path: String, id: String, name: String) -> CmdResult<ListImport> {
    with_ledger(&app, move |l, _| taizhang::import_list::import_list(l, &PathBuf::from(path), &id, &name)).await
}

#[tauri::command]
pub async fn backup<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    with_ledger(&app, move |l, app| {
        let name = format!("督办台账备份-{}.db", taizhang::timing::today().format("%Y%m%d"));
        let Some(path) = dialogs::save(app, &name, ("账本备份", &["db"])) else { return Ok(None) };
        l.backup_to(&path)?;
        Ok(Some(path_text(path)))
    })
    .await
}

#[tauri::command]
pub async fn restore<R: Runtime>(app: AppHandle<R>) -> CmdResult<Option<String>> {
    with_ledger(&app, move |l, app| {
        let Some(path) = dialogs::open(app, false, ("账本备份", &["db"])).into_iter().next() else { return Ok(None) };
        let saved = l.restore_from(&path)?;
        Ok(Some(path_text(saved)))
    })
    .await
}
