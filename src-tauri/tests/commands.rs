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

#[test]
fn targets_are_judged_set_recorded_and_bad_values_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let all = invoke(&w, "target_statuses", json!({"period": "2018"})).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 23);
    assert_eq!(all[0]["target"]["code"], "T-01");
    assert_eq!(all[0]["state"], "no_value");
    assert_eq!(all[0]["light"], "unreported");

    let t = invoke(
        &w,
        "set_target",
        json!({"code": "T-01", "lead": ["区环保分局"], "partner": ["区建设局"], "baseline": "45", "baselineYear": "2017"}),
    )
    .unwrap();
    assert_eq!(t["lead"], json!(["区环保分局"]));
    assert_eq!(t["partner"], json!(["区建设局"]));
    assert_eq!(
        (t["baseline"].as_f64(), t["baseline_year"].as_i64()),
        (Some(45.0), Some(2017))
    );

    let value = |v: &str| json!({"value": {"target": "T-01", "period": "2018", "value": v, "source": "区环保分局监测年报", "unit": "区环保分局"}});
    assert_eq!(
        invoke(&w, "record_target_value", value("41.2")).unwrap(),
        json!(true)
    );
    assert_eq!(
        invoke(&w, "record_target_value", value("41.2")).unwrap(),
        json!(false),
        "the same value again changes nothing"
    );
    let pm = &invoke(&w, "target_statuses", json!({"period": "2018"})).unwrap()[0];
    assert_eq!(pm["value"].as_f64(), Some(41.2));
    assert_eq!(pm["state"], "on_path");
    assert_eq!(pm["period_label"], "2018年");
    assert_eq!(pm["reported_by"], "区环保分局");
    assert_eq!(pm["values"].as_array().unwrap().len(), 1);

    // A value that is not a number: the core's code and message, nothing recorded.
    let err = invoke(&w, "record_target_value", value("较好")).unwrap_err();
    assert_eq!(err["code"], "bad_value");
    assert!(err["message"].as_str().unwrap().contains("“较好”"), "{err}");
    let err = invoke(
        &w,
        "record_target_value",
        json!({"value": {"target": "T-01", "period": "明年", "value": "40"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_period");
    let history = invoke(&w, "target_history", json!({"code": "T-01"})).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["origin"], "app");

    // A baseline needs its year; a group word cannot answer for a target; neither changes it.
    let err = invoke(&w, "set_target", json!({"code": "T-01", "lead": ["区环保分局"], "partner": [], "baseline": "44", "baselineYear": ""})).unwrap_err();
    assert_eq!(err["code"], "baseline_half_given");
    let err = invoke(&w, "set_target", json!({"code": "T-01", "lead": ["区环保分局"], "partner": [], "baseline": "四十", "baselineYear": "2017"})).unwrap_err();
    assert_eq!(err["code"], "bad_value");
    let err = invoke(
        &w,
        "set_target",
        json!({"code": "T-01", "lead": ["各镇街"], "partner": []}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_unit_name");
    let pm = &invoke(&w, "target_statuses", json!({})).unwrap()[0];
    assert_eq!(pm["target"]["baseline"].as_f64(), Some(45.0));
    assert_eq!(pm["target"]["partner"], json!(["区建设局"]));
    let err = invoke(&w, "target_statuses", json!({"period": "2018-13"})).unwrap_err();
    assert_eq!(err["code"], "bad_period");
}

#[test]
fn an_extension_is_requested_then_approved_and_moves_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let detail = invoke(
        &w,
        "task_detail",
        json!({"taskId": "A-001", "month": "2018-11"}),
    )
    .unwrap();
    let task = &detail["progress"]["task"];
    let lead = task["lead"][0].as_str().unwrap().to_string();
    let old_due = task["deadline"].as_str().unwrap().to_string();
    assert!(task["milestones"][0]["extended_from"].is_null());

    let request = json!({"taskId": "A-001", "unit": lead, "newDue": "2019-06-30", "reason": "设备到货延迟", "progress": "已完成招标", "requestedOn": "2018-11-20"});
    let e = invoke(&w, "request_extension", request.clone()).unwrap();
    assert_eq!(e["state"], "pending");
    assert_eq!(e["old_due"], old_due.as_str());
    assert_eq!(e["unit"], lead.as_str());
    assert_eq!(e["origin"], "app");
    assert_eq!(e["late"], false);
    let err = invoke(&w, "request_extension", request).unwrap_err();
    assert_eq!(err["code"], "extension_pending");
    let pending = invoke(&w, "extensions", json!({"pendingOnly": true})).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let of_task = invoke(
        &w,
        "extensions",
        json!({"taskId": "A-001", "pendingOnly": false}),
    )
    .unwrap();
    assert_eq!(of_task[0]["id"], e["id"]);

    let decided = invoke(
        &w,
        "decide_extension",
        json!({"id": e["id"], "approve": true, "note": "同意延期"}),
    )
    .unwrap();
    assert_eq!(decided["state"], "approved");
    assert_eq!(decided["note"], "同意延期");
    let err = invoke(
        &w,
        "decide_extension",
        json!({"id": e["id"], "approve": false, "note": ""}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "extension_decided");
    let task = invoke(
        &w,
        "task_detail",
        json!({"taskId": "A-001", "month": "2018-11"}),
    )
    .unwrap()["progress"]["task"]
        .clone();
    assert_eq!(task["deadline"], "2019-06-30");
    let moved = task["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["due_on"] == "2019-06-30")
        .unwrap()
        .clone();
    assert_eq!(moved["extended_from"], old_due.as_str());
    assert!(
        invoke(&w, "extensions", json!({"pendingOnly": true}))
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Bad requests: a date that is not one, a new date not after the old, no reason.
    let bad = |patch: Value| {
        let mut r = json!({"taskId": "A-002", "newDue": "2019-06-30", "reason": "原因", "progress": "", "requestedOn": "2018-11-20"});
        for (k, v) in patch.as_object().unwrap() {
            r[k] = v.clone();
        }
        invoke(&w, "request_extension", r).unwrap_err()["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(bad(json!({"newDue": "明年夏天"})), "bad_date");
    assert_eq!(bad(json!({"newDue": "2018-06-30"})), "extension_not_later");
    assert_eq!(bad(json!({"reason": " "})), "no_extension_reason");
    assert_eq!(bad(json!({"unit": "区审计局"})), "unit_not_on_task");
    let err = invoke(
        &w,
        "decide_extension",
        json!({"id": 999, "approve": true, "note": ""}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "unknown_extension");
}

#[test]
fn a_task_is_closed_with_evidence_and_returned_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let t = json!({"taskId": "A-036"});
    assert_eq!(
        invoke(&w, "task_closing", t.clone()).unwrap()["state"],
        "open"
    );
    let err = invoke(
        &w,
        "close_task",
        json!({"taskId": "A-036", "note": "", "withoutEvidence": false}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_claimed");
    invoke(
        &w,
        "record_reports",
        json!({"reports": [{"task_id": "A-036", "unit": "区农办", "month": "2018-11", "status": "已完成", "percent": 100}]}),
    )
    .unwrap();
    let claimed = invoke(&w, "task_closing", t.clone()).unwrap();
    assert_eq!(claimed["state"], "claimed");
    let err = invoke(
        &w,
        "close_task",
        json!({"taskId": "A-036", "note": "", "withoutEvidence": false}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "no_evidence");
    let err = invoke(
        &w,
        "close_task",
        json!({"taskId": "A-036", "note": " ", "withoutEvidence": true}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "note_required");

    // Evidence: a PDF is added; a file that is not what its name says is refused, all or none.
    let pdf = dir.path().join("验收报告.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 evidence").unwrap();
    let fake = dir.path().join("照片.jpg");
    std::fs::write(&fake, b"not a picture").unwrap();
    let err = invoke(
        &w,
        "attach_files",
        json!({"taskId": "A-036", "paths": [pdf, fake], "note": ""}),
    )
    .unwrap_err();
    assert!(!err["code"].as_str().unwrap().is_empty());
    assert!(
        err["message"].as_str().unwrap().contains("照片.jpg"),
        "{err}"
    );
    assert!(
        invoke(&w, "attachments", t.clone())
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    let added = invoke(
        &w,
        "attach_files",
        json!({"taskId": "A-036", "paths": [pdf], "note": "验收材料"}),
    )
    .unwrap();
    assert_eq!(added[0]["file_name"], "验收报告.pdf");
    assert_eq!(added[0]["note"], "验收材料");
    assert_eq!(
        invoke(&w, "attachments", t.clone())
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let closed = invoke(&w, "close_task", json!({"taskId": "A-036", "note": "材料齐全", "withoutEvidence": false, "on": "2018-11-28"})).unwrap();
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["events"][0]["action"], "close");
    assert_eq!(closed["events"][0]["on_date"], "2018-11-28");
    assert_eq!(closed["events"][0]["note"], "材料齐全");
    let rows = invoke(
        &w,
        "list_progress",
        json!({"listId": "annual-2018", "month": "2018-11"}),
    )
    .unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"]["id"] == "A-036")
        .unwrap()
        .clone();
    assert_eq!(row["closing"], "closed", "the grid sees 已销号");

    let err = invoke(
        &w,
        "return_task",
        json!({"taskId": "A-036", "reason": "  "}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "no_return_reason");
    let returned = invoke(
        &w,
        "return_task",
        json!({"taskId": "A-036", "reason": "现场核查未通过"}),
    )
    .unwrap();
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["events"][1]["action"], "return");
    assert_eq!(returned["events"][1]["note"], "现场核查未通过");
    let err = invoke(&w, "attachments", json!({"taskId": "A-999"})).unwrap_err();
    assert_eq!(err["code"], "unknown_task");
}
