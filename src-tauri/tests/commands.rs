//! The commands layer on tauri's mock runtime: each command calls the core and returns what
//! the window expects, and errors come back as `{code, message}` in Chinese.

mod common;

use common::{app, invoke};
use serde_json::{Value, json};
use tauri::test::MockRuntime;
use tauri::webview::WebviewWindow;

#[test]
fn app_info_lists_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/ledger.db");
    let (_app, w) = app(&db);
    assert!(db.exists(), "the ledger is created with the built-in plan at first start");

    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["plan"]["issuer"], "区府办");
    assert_eq!(info["lists"].as_array().unwrap().len(), 3);
    assert_eq!(info["status_words"], json!(["已完成", "按序时推进", "滞后", "未启动"]));
    assert!(info["open_error"].is_null());

    let rows = invoke(&w, "list_progress", json!({"listId": "annual-2018", "month": "2018-11"})).unwrap();
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
    let detail = invoke(&w, "task_detail", json!({"taskId": "A-036", "month": "2018-11"})).unwrap();
    assert_eq!(detail["progress"]["status_word"], "已完成");
    assert_eq!(detail["progress"]["light"], "green");
    assert_eq!(detail["reports"][0]["source"], "app");
    assert!(detail["history"].as_array().unwrap().iter().any(|h| h["action"] == "report"));

    let overview = invoke(&w, "overview", json!({"month": "2018-11"})).unwrap();
    let annual = overview["summary"]["lists"].as_array().unwrap().iter().find(|l| l["list_id"] == "annual-2018").unwrap().clone();
    assert_eq!(annual["done"], 1);
    assert!(!overview["groups"].as_array().unwrap().is_empty());
}

#[test]
fn errors_are_code_and_chinese_message_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let err = invoke(&w, "list_progress", json!({"listId": "annual-2099", "month": "2018-11"})).unwrap_err();
    assert_eq!(err["code"], "unknown_list");
    assert!(err["message"].as_str().unwrap().contains("找不到任务清单“annual-2099”"));

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
    assert!(err["message"].as_str().unwrap().contains("第 2 条"), "{err}");
    let detail = invoke(&w, "task_detail", json!({"taskId": "A-036", "month": "2018-11"})).unwrap();
    assert!(detail["reports"].as_array().unwrap().is_empty());

    let err = invoke(&w, "set_setting", json!({"key": "yellow_days", "value": "abc"})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("abc"));
}

#[test]
fn units_settings_and_review() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    invoke(&w, "set_setting", json!({"key": "clerk_name", "value": "钱文书"})).unwrap();
    let settings = invoke(&w, "get_settings", json!({})).unwrap();
    assert!(settings.as_array().unwrap().iter().any(|s| s["key"] == "clerk_name" && s["value"] == "钱文书"));

    let task = invoke(
        &w,
        "confirm_task",
        json!({"taskId": "R-025", "lead": ["区商务局", "区发改局"], "partner": ["区市场监管局", "区质监局"]}),
    )
    .unwrap();
    assert!(task["review"].is_null());
    assert_eq!(task["lead"], json!(["区商务局", "区发改局"]));
    let detail = invoke(&w, "task_detail", json!({"taskId": "R-025", "month": "2018-11"})).unwrap();
    assert!(detail["history"].as_array().unwrap().iter().any(|h| h["who"] == "钱文书" && h["action"] == "confirm"));

    invoke(&w, "merge_units", json!({"from": "区美丽办", "into": "美丽越城办"})).unwrap();
    let units = invoke(&w, "units", json!({})).unwrap();
    let merged = units.as_array().unwrap().iter().find(|u| u["name"] == "美丽越城办").unwrap().clone();
    assert_eq!(merged["aliases"], json!(["区美丽办"]));
    let err = invoke(&w, "merge_units", json!({"from": "区美丽办", "into": "美丽越城办"})).unwrap_err();
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
    assert!(info["open_error"]["message"].as_str().unwrap().contains("升级"));
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
    assert_eq!((t["baseline"].as_f64(), t["baseline_year"].as_i64()), (Some(45.0), Some(2017)));

    let value = |v: &str| json!({"value": {"target": "T-01", "period": "2018", "value": v, "source": "区环保分局监测年报", "unit": "区环保分局"}});
    assert_eq!(invoke(&w, "record_target_value", value("41.2")).unwrap(), json!(true));
    assert_eq!(invoke(&w, "record_target_value", value("41.2")).unwrap(), json!(false), "the same value again changes nothing");
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
    let err =
        invoke(&w, "record_target_value", json!({"value": {"target": "T-01", "period": "明年", "value": "40"}})).unwrap_err();
    assert_eq!(err["code"], "bad_period");
    let history = invoke(&w, "target_history", json!({"code": "T-01"})).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["origin"], "app");

    // A baseline needs its year; a group word cannot answer for a target; neither changes it.
    let err = invoke(
        &w,
        "set_target",
        json!({"code": "T-01", "lead": ["区环保分局"], "partner": [], "baseline": "44", "baselineYear": ""}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "baseline_half_given");
    let err = invoke(
        &w,
        "set_target",
        json!({"code": "T-01", "lead": ["区环保分局"], "partner": [], "baseline": "四十", "baselineYear": "2017"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_value");
    let err = invoke(&w, "set_target", json!({"code": "T-01", "lead": ["各镇街"], "partner": []})).unwrap_err();
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
    let detail = invoke(&w, "task_detail", json!({"taskId": "A-001", "month": "2018-11"})).unwrap();
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
    let of_task = invoke(&w, "extensions", json!({"taskId": "A-001", "pendingOnly": false})).unwrap();
    assert_eq!(of_task[0]["id"], e["id"]);

    let decided = invoke(&w, "decide_extension", json!({"id": e["id"], "approve": true, "note": "同意延期"})).unwrap();
    assert_eq!(decided["state"], "approved");
    assert_eq!(decided["note"], "同意延期");
    let err = invoke(&w, "decide_extension", json!({"id": e["id"], "approve": false, "note": ""})).unwrap_err();
    assert_eq!(err["code"], "extension_decided");
    let task = invoke(&w, "task_detail", json!({"taskId": "A-001", "month": "2018-11"})).unwrap()["progress"]["task"].clone();
    assert_eq!(task["deadline"], "2019-06-30");
    let moved = task["milestones"].as_array().unwrap().iter().find(|m| m["due_on"] == "2019-06-30").unwrap().clone();
    assert_eq!(moved["extended_from"], old_due.as_str());
    assert!(invoke(&w, "extensions", json!({"pendingOnly": true})).unwrap().as_array().unwrap().is_empty());

    // Bad requests: a date that is not one, a new date not after the old, no reason.
    let bad = |patch: Value| {
        let mut r =
            json!({"taskId": "A-002", "newDue": "2019-06-30", "reason": "原因", "progress": "", "requestedOn": "2018-11-20"});
        for (k, v) in patch.as_object().unwrap() {
            r[k] = v.clone();
        }
        invoke(&w, "request_extension", r).unwrap_err()["code"].as_str().unwrap().to_string()
    };
    assert_eq!(bad(json!({"newDue": "明年夏天"})), "bad_date");
    assert_eq!(bad(json!({"newDue": "2018-06-30"})), "extension_not_later");
    assert_eq!(bad(json!({"reason": " "})), "no_extension_reason");
    assert_eq!(bad(json!({"unit": "区审计局"})), "unit_not_on_task");
    let err = invoke(&w, "decide_extension", json!({"id": 999, "approve": true, "note": ""})).unwrap_err();
    assert_eq!(err["code"], "unknown_extension");
}

#[test]
fn a_task_is_closed_with_evidence_and_returned_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let t = json!({"taskId": "A-036"});
    assert_eq!(invoke(&w, "task_closing", t.clone()).unwrap()["state"], "open");
    let err = invoke(&w, "close_task", json!({"taskId": "A-036", "note": "", "withoutEvidence": false})).unwrap_err();
    assert_eq!(err["code"], "not_claimed");
    invoke(
        &w,
        "record_reports",
        json!({"reports": [{"task_id": "A-036", "unit": "区农办", "month": "2018-11", "status": "已完成", "percent": 100}]}),
    )
    .unwrap();
    let claimed = invoke(&w, "task_closing", t.clone()).unwrap();
    assert_eq!(claimed["state"], "claimed");
    let err = invoke(&w, "close_task", json!({"taskId": "A-036", "note": "", "withoutEvidence": false})).unwrap_err();
    assert_eq!(err["code"], "no_evidence");
    let err = invoke(&w, "close_task", json!({"taskId": "A-036", "note": " ", "withoutEvidence": true})).unwrap_err();
    assert_eq!(err["code"], "note_required");

    // Evidence: a PDF is added; a file that is not what its name says is refused, all or none.
    let pdf = dir.path().join("验收报告.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 evidence").unwrap();
    let fake = dir.path().join("照片.jpg");
    std::fs::write(&fake, b"not a picture").unwrap();
    let err = invoke(&w, "attach_files", json!({"taskId": "A-036", "paths": [pdf, fake], "note": ""})).unwrap_err();
    assert!(!err["code"].as_str().unwrap().is_empty());
    assert!(err["message"].as_str().unwrap().contains("照片.jpg"), "{err}");
    assert!(invoke(&w, "attachments", t.clone()).unwrap().as_array().unwrap().is_empty());
    let added = invoke(&w, "attach_files", json!({"taskId": "A-036", "paths": [pdf], "note": "验收材料"})).unwrap();
    assert_eq!(added[0]["file_name"], "验收报告.pdf");
    assert_eq!(added[0]["note"], "验收材料");
    assert_eq!(invoke(&w, "attachments", t.clone()).unwrap().as_array().unwrap().len(), 1);

    let closed =
        invoke(&w, "close_task", json!({"taskId": "A-036", "note": "材料齐全", "withoutEvidence": false, "on": "2018-11-28"}))
            .unwrap();
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["events"][0]["action"], "close");
    assert_eq!(closed["events"][0]["on_date"], "2018-11-28");
    assert_eq!(closed["events"][0]["note"], "材料齐全");
    let rows = invoke(&w, "list_progress", json!({"listId": "annual-2018", "month": "2018-11"})).unwrap();
    let row = rows.as_array().unwrap().iter().find(|r| r["task"]["id"] == "A-036").unwrap().clone();
    assert_eq!(row["closing"], "closed", "the grid sees 已销号");

    let err = invoke(&w, "return_task", json!({"taskId": "A-036", "reason": "  "})).unwrap_err();
    assert_eq!(err["code"], "no_return_reason");
    let returned = invoke(&w, "return_task", json!({"taskId": "A-036", "reason": "现场核查未通过"})).unwrap();
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["events"][1]["action"], "return");
    assert_eq!(returned["events"][1]["note"], "现场核查未通过");
    let err = invoke(&w, "attachments", json!({"taskId": "A-999"})).unwrap_err();
    assert_eq!(err["code"], "unknown_task");
}

fn report(w: &WebviewWindow<MockRuntime>, task: &str, unit: &str, status: &str, problems: &str) {
    invoke(
        w,
        "record_reports",
        json!({"reports": [{"task_id": task, "unit": unit, "month": "2018-11", "status": status, "problems": problems}]}),
    )
    .unwrap();
}

/// The text of every block of a previewed document (the window renders these).
fn block_texts(doc: &Value) -> String {
    doc["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{}{}", b["lead"].as_str().unwrap_or(""), b["text"].as_str().unwrap_or("")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn documents_are_previewed_from_the_model_and_refused_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let units = |kind: &str| invoke(&w, "notice_units", json!({"kind": kind, "month": "2018-11"})).unwrap();
    // A-018 (due 2018年9月底) is red before any report: its lead unit is concerned.
    assert!(units("督办").as_array().unwrap().contains(&json!("区建设局")));
    let err = invoke(&w, "notice_units", json!({"kind": "通知", "month": "2018-11"})).unwrap_err();
    assert_eq!(err["code"], "unknown_document_kind");

    report(&w, "A-018", "区建设局", "滞后", "运维单位人手不足");
    let doc = invoke(&w, "preview_notice", json!({"kind": "督办", "unit": "区建设局", "month": "2018-11", "date": "2018-11-26"}))
        .unwrap();
    assert_eq!(doc["number"], "区美丽办督〔2018〕1号", "the number it would take");
    assert!(doc["title"][0].as_str().unwrap().contains("督办"), "{}", doc["title"]);
    assert_eq!(doc["addressee"], "区建设局");
    assert_eq!(doc["signature"]["date"], "2018年11月26日");
    assert!(doc["receipt"]["title"].as_str().unwrap().contains("回执"));
    let body = block_texts(&doc);
    assert!(
        doc["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["kind"] == "paragraph" && b["lead"] == "（一）2018年主要工作任务清单第18项。"),
        "{doc:#}"
    );
    assert!(body.contains("完成时限：2018年9月底") && body.contains("存在问题：运维单位人手不足"), "{body}");
    // Previewing takes no number.
    let again = invoke(&w, "preview_notice", json!({"kind": "督办", "unit": "区建设局", "month": "2018-11"})).unwrap();
    assert!(again["number"].as_str().unwrap().ends_with("〕1号"), "{}", again["number"]);

    // A unit with nothing red gets no 督办通知单; a unit that reported everything no 催办单.
    let err = invoke(&w, "preview_notice", json!({"kind": "督办", "unit": "区审计局", "month": "2018-11"})).unwrap_err();
    assert_eq!(err["code"], "nothing_to_notify");
    assert!(err["message"].as_str().unwrap().contains("区审计局"), "{err}");
    let err = invoke(&w, "preview_notice", json!({"kind": "催办", "unit": "不存在的单位", "month": "2018-11"})).unwrap_err();
    assert_eq!(err["code"], "unknown_unit");

    // The 通报: the lists reported on this month by default (here the year's list), with the
    // real counts.
    let bulletin = invoke(&w, "preview_bulletin", json!({"month": "2018-11", "date": "2018-11-26"})).unwrap();
    let text = block_texts(&bulletin);
    assert!(text.contains("2018年主要工作任务清单共列任务45项"), "{text}");
    assert!(text.contains("运维单位人手不足"), "{text}");
    assert!(!text.contains("考核情况"), "scores are off: {text}");
    // Another list: refused while none of its tasks has a report this month.
    let err = invoke(&w, "preview_bulletin", json!({"month": "2018-11", "listId": "responsibility"})).unwrap_err();
    assert_eq!(err["code"], "no_reports_this_month");
    report(&w, "R-001", "区经信局", "按序时推进", "");
    let responsibility = invoke(&w, "preview_bulletin", json!({"month": "2018-11", "listId": "responsibility"})).unwrap();
    let text = block_texts(&responsibility);
    // 99 of 100: one task has no concrete lead unit (待明确) and is not counted.
    assert!(text.contains("工作任务责任分解表共列任务99项。其中，按序时推进1项"), "{text}");
    // Both lists now have reports: the default 通报 counts each on its own, never added up.
    let both = block_texts(&invoke(&w, "preview_bulletin", json!({"month": "2018-11"})).unwrap());
    assert!(both.contains("2张任务清单分别列任务：工作任务责任分解表99项、2018年主要工作任务清单45项"), "{both}");
    assert!(!both.contains("144"), "{both}");
    let err = invoke(&w, "preview_bulletin", json!({"month": "2018-10"})).unwrap_err();
    assert_eq!(err["code"], "no_reports_this_month");
    let err = invoke(&w, "preview_bulletin", json!({"month": "2018-11", "date": "26号"})).unwrap_err();
    assert_eq!(err["code"], "bad_date");

    // 考核: off by default; the rules as rows; settings changed together, all or none.
    let rules = invoke(&w, "score_rules", json!({})).unwrap();
    assert_eq!(rules["enabled"], false);
    let rows = rules["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert_eq!(
        (rows[1]["key"].as_str(), rows[1]["label"].as_str(), rows[1]["points"].as_f64()),
        (Some("red"), Some("红灯"), Some(-2.0))
    );
    let err = invoke(&w, "set_settings", json!({"values": [["score_enabled", "是"], ["score_rules", "base=100;red=很多"]]}))
        .unwrap_err();
    assert_eq!(err["code"], "bad_setting");
    assert!(err["message"].as_str().unwrap().contains("很多"), "{err}");
    assert_eq!(invoke(&w, "score_rules", json!({})).unwrap()["enabled"], false, "none was set");
    invoke(&w, "set_settings", json!({"values": [["score_enabled", "是"], ["score_rules", "base=100;red=-3;yellow=-1;green=0;early_done=1;unreported=-1;late_report=-1"]]})).unwrap();
    let rules = invoke(&w, "score_rules", json!({})).unwrap();
    assert_eq!((rules["enabled"].as_bool(), rules["rows"][1]["points"].as_f64()), (Some(true), Some(-3.0)));
    report(&w, "A-036", "区农办", "已完成", "");
    let scores = invoke(&w, "month_scores", json!({"month": "2018-11"})).unwrap();
    let scores = scores.as_array().unwrap();
    assert_eq!(scores[0]["rank"], 1);
    let of = |u: &str| scores.iter().find(|s| s["unit"] == u).unwrap().clone();
    assert!(of("区农办")["total"].as_f64() > of("区建设局")["total"].as_f64());
    let cited = invoke(&w, "preview_bulletin", json!({"month": "2018-11"})).unwrap();
    assert!(block_texts(&cited).contains("考核情况"), "{}", block_texts(&cited));
    assert!(cited["appendices"].to_string().contains("各单位考核得分情况"));

    // 下步工作要求: the core's message for a bad template, as it is.
    let err = invoke(&w, "set_settings", json!({"values": [["requirements", "按时报送{不认识}"]]})).unwrap_err();
    assert_eq!(err["code"], "bad_setting");
    invoke(&w, "set_settings", json!({"values": [["requirements", "一要抓紧\n二要于{报送时间}前报送"]]})).unwrap();
    let text = block_texts(&invoke(&w, "preview_bulletin", json!({"month": "2018-11", "date": "2018-11-26"})).unwrap());
    assert!(text.contains("一要抓紧") && !text.contains("{报送时间}"), "{text}");
}

fn corpus(name: &str) -> String {
    format!("{}/../tests/corpus/plans/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn plans_are_previewed_imported_switched_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(&dir.path().join("ledger.db"));
    let plans = invoke(&w, "plans", json!({})).unwrap();
    assert_eq!(plans.as_array().unwrap().len(), 1);
    assert_eq!(plans[0]["plan"]["current"], true);
    assert_eq!(plans[0]["tasks"], 166);
    let err = invoke(&w, "delete_plan", json!({"id": 1, "title": plans[0]["plan"]["title"]})).unwrap_err();
    assert_eq!(err["code"], "last_plan");

    // Documents that are not a plan: each its own code, nothing imported.
    for (file, code) in [
        ("old-format.doc", "plan_old_doc"),
        ("encrypted.docx", "plan_encrypted"),
        ("no-task-table.docx", "plan_no_task_table"),
        ("truncated.docx", "plan_corrupt"),
        ("renamed-xlsx.docx", "plan_not_word"),
    ] {
        let err = invoke(&w, "import_plan", json!({"path": corpus(file)})).unwrap_err();
        assert_eq!(err["code"], code, "{file}: {err}");
        assert!(err["message"].as_str().unwrap().contains(file.split('.').next().unwrap()), "{err}");
    }
    assert_eq!(invoke(&w, "plans", json!({})).unwrap().as_array().unwrap().len(), 1);

    // The preview: lists with rows and rows to check, targets, the draft's rows; nothing written.
    let preview = invoke(&w, "preview_plan_import", json!({"path": corpus("builtin-plan.docx")})).unwrap();
    assert!(preview["plan_id"].is_null());
    let lists: Vec<(String, u64, u64)> = preview["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].as_str().unwrap().to_string(), l["rows"].as_u64().unwrap(), l["flagged"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        lists,
        [
            ("重点项目表".to_string(), 21, 0),
            ("工作任务责任分解表".to_string(), 100, 18),
            ("2018年主要工作任务清单".to_string(), 45, 3)
        ]
    );
    assert_eq!(preview["targets"], 25);
    let flagged = preview["draft"]["lists"][1]["rows"].as_array().unwrap().iter().filter(|r| !r["review"].is_null()).count();
    assert_eq!(flagged, 18);
    assert_eq!(invoke(&w, "plans", json!({})).unwrap().as_array().unwrap().len(), 1);

    // Imported: the current plan; the window's lists, tasks and targets are its own.
    let imported = invoke(&w, "import_plan", json!({"path": corpus("builtin-plan.docx")})).unwrap();
    assert_eq!(imported["plan_id"], 2);
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["plan"]["id"], 2);
    let ids: Vec<&str> = info["lists"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["p2-key-projects", "p2-responsibility", "p2-annual-2018"]);
    let tasks = invoke(&w, "tasks", json!({})).unwrap();
    assert_eq!(tasks.as_array().unwrap().len(), 166);
    assert!(tasks.as_array().unwrap().iter().all(|t| t["list_id"].as_str().unwrap().starts_with("p2-")));
    let targets = invoke(&w, "target_statuses", json!({})).unwrap();
    assert_eq!(targets.as_array().unwrap().len(), 25);
    let t01 = &targets[0]["target"];
    assert!(!t01["review"].is_null() && !t01["quote"].as_str().unwrap().is_empty());
    let confirmed = invoke(&w, "confirm_target", json!({"code": "T-01"})).unwrap();
    assert!(confirmed["review"].is_null());
    assert!(invoke(&w, "target_statuses", json!({})).unwrap()[0]["target"]["review"].is_null());
    let err = invoke(&w, "confirm_target", json!({"code": "T-99"})).unwrap_err();
    assert_eq!(err["code"], "unknown_target");

    // Back to plan 1: its lists and targets again (confirmed there already).
    let plan = invoke(&w, "set_current_plan", json!({"id": 1})).unwrap();
    assert_eq!(plan["current"], true);
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["lists"][0]["id"], "responsibility");
    assert_eq!(invoke(&w, "target_statuses", json!({})).unwrap().as_array().unwrap().len(), 23);
    let err = invoke(&w, "set_current_plan", json!({"id": 9})).unwrap_err();
    assert_eq!(err["code"], "unknown_plan");

    // Deleting plan 2: its title must be typed; a backup is taken first.
    let err = invoke(&w, "delete_plan", json!({"id": 2, "title": "方案"})).unwrap_err();
    assert_eq!(err["code"], "plan_title_mismatch");
    assert_eq!(invoke(&w, "plans", json!({})).unwrap().as_array().unwrap().len(), 2);
    let backup = invoke(&w, "delete_plan", json!({"id": 2, "title": imported["short_title"]})).unwrap();
    assert!(std::path::Path::new(backup.as_str().unwrap()).exists(), "{backup}");
    assert_eq!(invoke(&w, "plans", json!({})).unwrap().as_array().unwrap().len(), 1);
}
