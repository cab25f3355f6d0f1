//! The 文书 commands that write files, on tauri's mock runtime with the end-to-end answers (the
//! save and folder dialogs return paths in a folder, the opener writes a log). Its own test
//! binary: it sets the process's environment.

mod common;

use common::{app_with_answers, invoke};
use serde_json::json;

#[test]
fn notices_bulletin_and_scores_are_saved_numbered_logged_and_openable() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w, answers, log) = app_with_answers(dir.path());
    invoke(&w, "record_reports", json!({"reports": [{"task_id": "A-018", "unit": "区建设局", "month": "2018-11", "status": "滞后", "problems": "运维单位人手不足"}]})).unwrap();

    // One notice: under its usual name, numbered, in the export log, openable.
    let saved =
        invoke(&w, "export_notice", json!({"kind": "督办", "unit": "区建设局", "month": "2018-11", "date": "2018-11-26"}))
            .unwrap();
    let path = saved["path"].as_str().unwrap().to_string();
    assert_eq!(path, answers.join("区建设局-2018年11月督办通知单.docx").display().to_string());
    assert_eq!(saved["number"], "区美丽办督〔2018〕1号");
    assert_eq!(saved["unit"], "区建设局");
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"), "a .docx (zip)");
    invoke(&w, "open_export", json!({"path": path})).unwrap();
    assert!(std::fs::read_to_string(&log).unwrap().contains(&format!("open {path}\n")));
    assert_eq!(invoke(&w, "recent_exports", json!({})).unwrap()[0]["kind"], "notice");
    // The next preview shows the next number.
    let next =
        invoke(&w, "preview_notice", json!({"kind": "督办", "unit": "区建设局", "month": "2018-11", "date": "2018-11-26"}))
            .unwrap();
    assert_eq!(next["number"], "区美丽办督〔2018〕2号");
    // Refused before any dialog: nothing written.
    let before = std::fs::read_dir(&answers).unwrap().count();
    let err = invoke(&w, "export_notice", json!({"kind": "督办", "unit": "区审计局", "month": "2018-11"})).unwrap_err();
    assert_eq!(err["code"], "nothing_to_notify");
    assert_eq!(std::fs::read_dir(&answers).unwrap().count(), before);

    // 催办单 to every unit concerned, into a folder, each with its own number.
    let all = invoke(&w, "export_notices", json!({"kind": "催办", "month": "2018-11", "date": "2018-11-26"})).unwrap();
    let all = all.as_array().unwrap();
    let expected = invoke(&w, "notice_units", json!({"kind": "催办", "month": "2018-11"})).unwrap();
    assert_eq!(all.len(), expected.as_array().unwrap().len());
    assert!(all.len() > 5);
    assert!(all.iter().all(|s| std::path::Path::new(s["path"].as_str().unwrap()).exists()));
    assert_eq!(all[0]["number"], "区美丽办催〔2018〕1号");
    assert_eq!(all[1]["number"], "区美丽办催〔2018〕2号");
    assert!(all[0]["path"].as_str().unwrap().contains("2018年11月催办单"), "{}", all[0]["path"]);
    invoke(&w, "reveal_export", json!({"path": all[0]["path"]})).unwrap();

    // The 通报.
    let bulletin = invoke(&w, "export_bulletin", json!({"month": "2018-11", "date": "2018-11-26"})).unwrap();
    assert_eq!(bulletin["number"], "区美丽办通〔2018〕1号");
    let p = bulletin["path"].as_str().unwrap();
    assert!(p.ends_with("2018年11月推进情况通报.docx"), "{p}");
    assert!(std::path::Path::new(p).exists());

    // 考核得分表: refused while 考核 is off, saved once on.
    let err = invoke(&w, "export_scores", json!({"month": "2018-11"})).unwrap_err();
    assert_eq!(err["code"], "scores_off");
    invoke(&w, "set_setting", json!({"key": "score_enabled", "value": "是"})).unwrap();
    let scores = invoke(&w, "export_scores", json!({"month": "2018-11"})).unwrap();
    let scores = scores.as_str().unwrap();
    assert!(std::fs::metadata(scores).unwrap().len() > 3000, "{scores}");
    assert_eq!(invoke(&w, "recent_exports", json!({})).unwrap()[0]["kind"], "scores");
    invoke(&w, "open_export", json!({"path": scores})).unwrap();
}
