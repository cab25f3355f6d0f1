//! 督办台账 desktop shell: a Tauri 2 window over the `taizhang` core. Every command is a few
//! lines that call the core on a blocking thread; nothing about the plan's data, formats or
//! rules lives here.

mod commands;
mod dialogs;
mod opener;
mod startup;
mod state;

pub use state::LedgerState;

/// Adds the ledger and the commands to a builder on any runtime (the real one, or
/// `tauri::test::mock_builder()` in tests).
pub fn app_builder<R: tauri::Runtime>(builder: tauri::Builder<R>, state: LedgerState) -> tauri::Builder<R> {
    builder.manage(state).invoke_handler(tauri::generate_handler![
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
        commands::month_cycle,
        commands::opening_month,
        commands::recent_exports,
        commands::tasks,
        commands::open_export,
        commands::reveal_export,
        commands::is_e2e,
        commands::target_statuses,
        commands::set_target,
        commands::record_target_value,
        commands::target_history,
        commands::export_targets,
        commands::request_extension,
        commands::decide_extension,
        commands::extensions,
        commands::pick_evidence,
        commands::attach_files,
        commands::attachments,
        commands::save_attachment,
        commands::open_attachment,
        commands::task_closing,
        commands::close_task,
        commands::return_task,
        commands::notice_units,
        commands::preview_notice,
        commands::export_notice,
        commands::export_notices,
        commands::preview_bulletin,
        commands::export_bulletin,
        commands::score_rules,
        commands::month_scores,
        commands::export_scores,
        commands::set_settings,
        commands::plans,
        commands::set_current_plan,
        commands::delete_plan,
        commands::pick_plan_file,
        commands::preview_plan_import,
        commands::import_plan,
        commands::confirm_target,
    ])
}

pub fn run() {
    let started = std::time::Instant::now();
    #[cfg(target_os = "linux")]
    webkit::before_start();
    startup::require_webview();
    // The ledger opens beside the window: the frame is painted first, the data follow.
    let state = LedgerState::open_in_background(state::ledger_path(), started);
    let result = app_builder(tauri::Builder::default(), state)
        // Size, position and maximised state are remembered between runs.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .setup(|app| {
            #[cfg(target_os = "linux")]
            {
                use tauri::Manager;
                if let Some(w) = app.get_webview_window("main") {
                    webkit::tune(&w);
                }
            }
            let _ = app;
            Ok(())
        })
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

/// WebKitGTK settings for a light window (Linux only; Windows' WebView2 is left as it is).
#[cfg(target_os = "linux")]
mod webkit {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};

    /// Set before WebKit starts, while the process has one thread. Accelerated compositing keeps
    /// a backing store for every layer of the page: on the overview it is ~165 MB of the web
    /// process's memory, for a window of tables and text that draws as well without it. A user
    /// who sets the variable (0 to keep compositing) decides.
    pub fn before_start() {
        const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        if std::env::var_os(VAR).is_none() {
            // SAFETY: called first thing in `run`, before any thread is started.
            unsafe { std::env::set_var(VAR, "1") };
        }
    }

    pub fn tune<R: tauri::Runtime>(w: &tauri::WebviewWindow<R>) {
        let _ = w.with_webview(|wv| {
            let view = wv.inner();
            // Compositing is off from the start (`before_start`); the same through
            // HardwareAccelerationPolicy::Never, switched on a loaded page, left the view painting
            // no more after a while under Xvfb (WebDriver's screenshots hung).
            // One local page, no browsing: keep no caches of other pages.
            if let Some(ctx) = view.context() {
                ctx.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
}
