//! 督办台账 desktop shell: a Tauri 2 window over the `taizhang` core. Every command is a few
//! lines that call the core on a blocking thread; nothing about the plan's data, formats or
//! rules lives here.

mod commands;
mod dialogs;
mod startup;
mod state;

pub use state::LedgerState;

/// Adds the ledger and the commands to a builder on any runtime (the real one, or
/// `tauri::test::mock_builder()` in tests).
pub fn app_builder<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: LedgerState,
) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::ui_ready,
            commands::list_progress,
            commands::task_detail,
            commands::confirm_task,
            commands::record_reports,
            commands::set_status,
            commands::units,
            commands::rename_unit,
            commands::add_unit_alias,
            commands::merge_units,
            commands::reorder_units,
            commands::get_settings,
            commands::set_setting,
            commands::overview,
            commands::missing,
            commands::export_table,
            commands::export_monthly,
            commands::export_summary,
            commands::export_forms,
            commands::pick_forms,
            commands::preview_forms,
            commands::import_forms,
            commands::pick_list_file,
            commands::import_list,
            commands::backup,
            commands::restore,
        ])
}

pub fn run() {
    startup::require_webview();
    let state = LedgerState::open(state::ledger_path());
    let result = app_builder(tauri::Builder::default(), state)
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        startup::fail(&format!("督办台账无法启动：{e}。请把这段文字告诉信息技术人员。"));
    }
}
