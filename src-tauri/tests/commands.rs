//! The commands layer on tauri's mock runtime: each command calls the core and returns what
//! the window expects, and errors come back as `{code, message}` in Chinese.

use serde_json::{Value, json};
use taizhang_app::{LedgerState, app_builder};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::{InvokeRequest, WebviewWindow};

fn app(db: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = app_builder(mock_builder(), LedgerState::open(db.to_path_buf()))
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window");
    (app, webview)
}

fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
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

#[test]
fn app_info_lists_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/ledger.db");
    let (_app, w) = app(&db);
    assert!(
        db.exists(),
        "the ledger is created with the built-in plan at first start"
    );

    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["plan"]["issuer"], "区府办");
    assert_eq!(info["lists"].as_array().unwrap().len(), 3);
    assert_eq!(
        info["status_words"],
        json!(["已完成", "按序时推进", "滞后", "未启动"])
    );
    assert!(info["open_error"].is_null());

    let rows = invoke(
        &w,
        "list_progress",
        json!({"listId": "annual-2018", "month": "2018-11"}),
    )
    .unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 45);
    assert_eq!(rows[17]["task"]["deadline"], "2018-09-30");
    assert_eq!(rows[17]["light"], "red", "past 9月底 and not done");

    let saved = invoke(
        &w,
        "record_reports",
        json!({"reports": [{"task_id": "A-036", "unit": "区农办", "month": "2018-11", "status": "已完成", "progress": "完成公厕改造618座。", "percent": 100}]}),
    )
    .unwrap();
    assert_eq!(saved, json!(["new"]));
    let detail = invoke(
        &w,
        "task_detail",
        json!({"taskId": "A-036", "month": "2018-11"}),
    )
    .unwrap();
    assert_eq!(detail["progress"]["status_word"], "已完成");
    assert_eq!(detail["progress"]["light"], "green");
    assert_eq!(detail["reports"][0]["source"], "app");
    assert!(
        detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["action"] == "report")
    );

    let overview = invoke(&w, "overview", json!({"month": "2018-11"})).unwrap();
    let annual = overview["summary"]["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["list_id"] == "annual-2018")
        .unwrap()
        .clone();
    assert_eq!(annual["done"], 1);
    assert!(!overview["groups"].as_array().unwrap().is_empty());
}

#[test]
fn errors_are_code_and_chinese_message_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let err = invoke(
        &w,
        "list_progress",
        json!({"listId": "annual-2099", "month": "2018-11"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "unknown_list");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("找不到任务清单“annual-2099”")
    );

    // One bad row of the grid records none.
    let err = invoke(
        &w,
        "record_reports",
        json!({"reports": [
            {"task_id": "A-036", "unit": "区农办", "month": "2018-11", "status": "已完成"},
            {"task_id": "A-001", "unit": "区环保分局", "month": "2018-11", "status": "差不多"}
        ]}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_status_word");
    assert!(
        err["message"].as_str().unwrap().contains("第 2 条"),
        "{err}"
    );
    let detail = invoke(
        &w,
        "task_detail",
        json!({"taskId": "A-036", "month": "2018-11"}),
    )
    .unwrap();
    assert!(detail["reports"].as_array().unwrap().is_empty());

    let err = invoke(
        &w,
        "set_setting",
        json!({"key": "yellow_days", "value": "abc"}),
    )
    .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("abc"));
}

#[test]
fn units_settings_and_review() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    invoke(
        &w,
        "set_setting",
        json!({"key": "clerk_name", "value": "钱文书"}),
    )
    .unwrap();
    let settings = invoke(&w, "get_settings", json!({})).unwrap();
    assert!(
        settings
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "clerk_name" && s["value"] == "钱文书")
    );

    let task = invoke(&w, "confirm_task", json!({"taskId": "R-025", "lead": ["区商务局", "区发改局"], "partner": ["区市场监管局", "区质监局"]})).unwrap();
    assert!(task["review"].is_null());
    assert_eq!(task["lead"], json!(["区商务局", "区发改局"]));
    let detail = invoke(
        &w,
        "task_detail",
        json!({"taskId": "R-025", "month": "2018-11"}),
    )
    .unwrap();
    assert!(
        detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["who"] == "钱文书" && h["action"] == "confirm")
    );

    invoke(
        &w,
        "merge_units",
        json!({"from": "区美丽办", "into": "美丽越城办"}),
    )
    .unwrap();
    let units = invoke(&w, "units", json!({})).unwrap();
    let merged = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "美丽越城办")
        .unwrap()
        .clone();
    assert_eq!(merged["aliases"], json!(["区美丽办"]));
    let err = invoke(
        &w,
        "merge_units",
        json!({"from": "区美丽办", "into": "美丽越城办"}),
    )
    .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("自己"), "{err}");
}

#[test]
fn a_ledger_from_a_newer_version_is_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    taizhang::app::init(&db, false).unwrap();
    rusqlite_user_version(&db, 99);
    let (_app, w) = app(&db);
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["open_error"]["code"], "newer_schema");
    assert!(
        info["open_error"]["message"]
            .as_str()
            .unwrap()
            .contains("升级")
    );
    let err = invoke(&w, "units", json!({})).unwrap_err();
    assert_eq!(err["code"], "newer_schema");
}

fn rusqlite_user_version(db: &std::path::Path, v: i64) {
    let conn = taizhang_sqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "user_version", v).unwrap();
}
