//! What the command tests share: the app on tauri's mock runtime and a call to a command as the
//! window makes it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use taizhang_app::{LedgerState, app_builder};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::{InvokeRequest, WebviewWindow};

/// The app on the ledger at `db`, and its main window.
pub fn app(db: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = app_builder(mock_builder(), LedgerState::open(db.to_path_buf()))
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("a window");
    (app, webview)
}

/// The app with the end-to-end answers in `dir`: the file dialogs return paths in
/// `dir/dialogs`, the opener writes what it would open into `dir/opener.log` (both returned).
/// Sets the process's environment: for a test binary of one test.
pub fn app_with_answers(dir: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>, PathBuf, PathBuf) {
    let answers = dir.join("dialogs");
    std::fs::create_dir_all(&answers).unwrap();
    let log = dir.join("opener.log");
    // SAFETY: the only test of its binary; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("TAIZHANG_E2E_DIALOGS", &answers);
        std::env::set_var("TAIZHANG_E2E_OPENER", &log);
    }
    let (app, w) = app(&dir.join("ledger.db"));
    (app, w, answers, log)
}

/// Calls a command as the window does: `Ok` with its result, `Err` with `{code, message}`.
pub fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The mock webview's URL on Linux; every call fails as "not allowed" otherwise.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json"))
}
