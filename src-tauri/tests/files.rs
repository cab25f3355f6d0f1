//! Commands that write or open files, on tauri's mock runtime with the end-to-end answers: the
//! save dialog returns a path in a folder (`TAIZHANG_E2E_DIALOGS`) and the opener writes what it
//! would open into a log (`TAIZHANG_E2E_OPENER`). Its own test binary: it sets the process's
//! environment.

mod common;

use common::{app_with_answers, invoke};
use serde_json::json;

#[test]
fn exports_targets_saves_and_opens_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w, answers, log) = app_with_answers(dir.path());

    // 主要目标完成情况表: written where the save dialog said, in the export log, openable.
    let path = invoke(&w, "export_targets", json!({"period": "2018"})).unwrap();
    let path = path.as_str().unwrap().to_string();
    assert!(path.ends_with("越城区生态文明示范创建主要目标2018年完成情况表.xlsx"), "{path}");
    assert!(std::fs::metadata(&path).unwrap().len() > 3000);
    let recent = invoke(&w, "recent_exports", json!({})).unwrap();
    assert_eq!(recent[0]["kind"], "targets");
    invoke(&w, "open_export", json!({"path": path})).unwrap();
    assert!(std::fs::read_to_string(&log).unwrap().contains(&format!("open {path}\n")));
    let err = invoke(&w, "export_targets", json!({"period": "去年"})).unwrap_err();
    assert_eq!(err["code"], "bad_period");

    // An evidence file: 另存为 through the save dialog, 打开 from a copy the app writes itself.
    let pdf = dir.path().join("验收报告.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 evidence").unwrap();
    std::fs::write(answers.join("open.txt"), format!("{}\n", pdf.display())).unwrap();
    let picked = invoke(&w, "pick_evidence", json!({})).unwrap();
    assert_eq!(picked, json!([pdf.display().to_string()]));
    let added = invoke(&w, "attach_files", json!({"taskId": "A-018", "paths": picked, "note": ""})).unwrap();
    let id = added[0]["id"].clone();
    let saved = invoke(&w, "save_attachment", json!({"taskId": "A-018", "id": id})).unwrap();
    assert_eq!(saved.as_str().unwrap(), answers.join("验收报告.pdf").display().to_string());
    assert_eq!(std::fs::read(answers.join("验收报告.pdf")).unwrap(), b"%PDF-1.4 evidence");

    invoke(&w, "open_attachment", json!({"taskId": "A-018", "id": id})).unwrap();
    let opened = std::fs::read_to_string(&log).unwrap();
    let line = opened.lines().last().unwrap();
    let copy = line.strip_prefix("open ").expect("opened, not revealed");
    assert!(copy.ends_with("验收报告.pdf") && copy.contains("taizhang-evidence"), "{copy}");
    assert_eq!(std::fs::read(copy).unwrap(), b"%PDF-1.4 evidence");
    // Opened twice: a second copy, so that one still open is never overwritten.
    invoke(&w, "open_attachment", json!({"taskId": "A-018", "id": id})).unwrap();
    let again = std::fs::read_to_string(&log).unwrap();
    let second = again.lines().last().unwrap().strip_prefix("open ").unwrap().to_string();
    assert_eq!(again.lines().count(), opened.lines().count() + 1);
    assert_ne!(second, copy);
    assert_eq!(std::fs::read(copy).unwrap(), b"%PDF-1.4 evidence", "the first copy is left alone");
    let _ = std::fs::remove_dir_all(std::path::Path::new(copy).parent().unwrap());
    let _ = std::fs::remove_dir_all(std::path::Path::new(&second).parent().unwrap());

    // Only the task's own files, and the copy is the only path the opener is given.
    let err = invoke(&w, "open_attachment", json!({"taskId": "A-001", "id": id})).unwrap_err();
    assert_eq!(err["code"], "unknown_attachment");
    let err = invoke(&w, "open_export", json!({"path": copy})).unwrap_err();
    assert_eq!(err["code"], "not_exported", "a copy of evidence is not a door to open anything else");
}
