//! The `taizhang` command line as a clerk uses it: init, lists, tasks, units, backup, and the
//! bad inputs a user can give it.

mod common;

use common::{Run, taizhang};
use serde_json::Value;

fn tasks_json(db: &std::path::Path, list: &str) -> Vec<Value> {
    let out = taizhang(db, &["tasks", "--list", list, "--json"]).ok();
    serde_json::from_str::<Vec<Value>>(&out).unwrap()
}

fn find<'a>(tasks: &'a [Value], seq: &str, nth: usize) -> &'a Value {
    tasks.iter().filter(|t| t["seq"] == seq).nth(nth).unwrap_or_else(|| panic!("no {seq}"))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

#[test]
fn init_then_lists_and_tasks_show_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = taizhang(&db, &["init"]).ok();
    assert!(out.contains("已创建账本"), "{out}");

    let lists = taizhang(&db, &["lists"]).ok();
    for (id, n) in [("responsibility", "100"), ("annual-2018", "45"), ("key-projects", "21")] {
        let line = lists.lines().find(|l| l.starts_with(id)).unwrap_or_else(|| panic!("{lists}"));
        assert!(line.trim_end().ends_with(n), "{line}");
    }

    let text = taizhang(&db, &["tasks", "--list", "responsibility"]).ok();
    assert!(text.contains("共 100 行"), "{text}");
    assert!(text.contains("【八、不断加强组织领导】"));

    let r = tasks_json(&db, "responsibility");
    assert_eq!(r.len(), 100);
    let ids: std::collections::HashSet<&str> = r.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 100, "ids are unique");
    for t in &r {
        for key in ["id", "seq", "chapter", "category", "text", "lead", "partner", "deadline", "review"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
    }
    // Specific rows, as printed in the document.
    let t1 = find(&r, "1", 0);
    assert_eq!(t1["text"], "加快淘汰落后产能。");
    assert_eq!(t1["chapter"], "一、大力推进绿色发展");
    assert_eq!(t1["category"], "不断加快产业转型升级");
    assert_eq!(strs(&t1["lead"]), vec!["区经信局"]);
    assert_eq!(strs(&t1["partner"]), vec!["区级相关部门", "各镇街"]);
    assert_eq!(t1["deadline"], "2022-12-31");
    assert_eq!(t1["deadline_source"], "horizon");

    let t19 = find(&r, "19", 0);
    assert_eq!(t19["deadline"], "2022-12-31");
    assert_eq!(t19["deadline_source"], "text");
    assert_eq!(strs(&t19["partner"]), vec!["区气象局", "相关镇街"]);

    let t21 = find(&r, "21", 0);
    assert_eq!(t21["deadline"], "2020-12-31");
    assert_eq!(strs(&t21["partner"]), vec!["区经信局", "区质监局"]);

    let a = find(&r, "27", 0);
    let b = find(&r, "27", 1);
    assert_ne!(a["id"], b["id"]);
    assert_eq!(b["text"], "严格控制餐饮油烟,加大超标排放处罚力度。");
    assert_eq!(strs(&b["partner"]), vec!["区市场监管局", "各镇街"]);
    assert!(r.iter().all(|t| t["seq"] != "65"));

    let t56 = find(&r, "56", 0);
    assert_eq!(strs(&t56["partner"]), vec!["稽山街道"]);
    let t64 = find(&r, "64", 0);
    let t66 = find(&r, "66", 0);
    assert_eq!(t64["category"], t66["category"]);
    let t91 = find(&r, "91", 0);
    assert_eq!(strs(&t91["lead"]), vec!["越城区税务局"]);
    let t94 = find(&r, "94", 0);
    assert_eq!(strs(&t94["lead"]), vec!["美丽越城办"]);
    for seq in ["17", "92", "97"] {
        assert!(find(&r, seq, 0)["partner"].as_array().unwrap().is_empty(), "{seq}");
    }
    assert!(find(&r, "25", 0)["review"].is_string());
    assert!(find(&r, "1", 0)["review"].is_null());

    let y = tasks_json(&db, "annual-2018");
    assert_eq!(y.len(), 45);
    let y18 = find(&y, "18", 0);
    assert_eq!(y18["deadline"], "2018-09-30");
    assert_eq!(y18["deadline_source"], "text");
    let y1 = find(&y, "1", 0);
    assert_eq!(y1["category"], "打赢蓝天保卫战");
    assert_eq!(y1["deadline"], "2018-12-31");
    assert_eq!(y1["deadline_source"], "list");
    let y38 = find(&y, "38", 0);
    assert_eq!(strs(&y38["partner"]), vec!["黄酒小镇管委会"]);
    assert_eq!(find(&y, "44", 0)["partner"][0], "区级各部门");

    let p = tasks_json(&db, "key-projects");
    assert_eq!(p.len(), 21);
    let p17a = find(&p, "17", 0);
    let p17b = find(&p, "17", 1);
    assert_eq!(p17a["name"], "环境监测监控能力建设");
    assert_eq!(p17a["deadline"], "2022-12-31");
    assert_eq!(p17b["deadline"], "2020-12-31");
    assert_eq!(find(&p, "1", 0)["category"], "打赢蓝天保卫战");
}

#[test]
fn db_option_before_or_after_the_command_and_from_env() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    let after = Run::new(&["tasks", "--list", "annual-2018", "--db", db.to_str().unwrap()]).run().ok();
    assert!(after.contains("共 45 行"));
    let env = Run::new(&["lists"]).env("TAIZHANG_DB", db.to_str().unwrap()).run().ok();
    assert!(env.contains("annual-2018"));
}

#[test]
fn unit_filter_and_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    let out = taizhang(&db, &["tasks", "--list", "annual-2018", "--unit", "区农办", "--json"]).ok();
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let seqs: Vec<&str> = rows.iter().map(|t| t["seq"].as_str().unwrap()).collect();
    assert_eq!(seqs, vec!["18", "36"], "区农办 supports 18 and leads 36");

    let units: Vec<Value> = serde_json::from_str(&taizhang(&db, &["units", "--json"]).ok()).unwrap();
    let get = |name: &str| units.iter().find(|u| u["name"] == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(get("区环保分局")["kind"], "department");
    assert_eq!(get("稽山街道")["kind"], "town");
    assert_eq!(get("各镇街")["kind"], "group");
    assert!(get("区环保分局")["leads"].as_u64().unwrap() > 50);
    // 区美丽办 and 美丽越城办 stay two entries until the clerk says they are one.
    get("区美丽办");
    get("美丽越城办");

    let err = taizhang(&db, &["tasks", "--list", "annual-2018", "--unit", "区环保局"]).err();
    assert!(err.contains("单位目录中没有“区环保局”"), "{err}");
    assert!(err.contains("区环保分局"), "suggests the likely name: {err}");
}

#[test]
fn init_twice_changes_nothing_and_force_backs_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    taizhang(&db, &["settings", "--set", "clerk_name=王文书"]).ok();
    let before = taizhang(&db, &["settings"]).ok();
    let out = taizhang(&db, &["init"]).ok();
    assert!(out.contains("账本已存在，未做改动"), "{out}");
    assert_eq!(taizhang(&db, &["settings"]).ok(), before);

    let out = taizhang(&db, &["init", "--force"]).ok();
    assert!(out.contains("已备份原账本到"), "{out}");
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().collect();
    assert_eq!(backups.len(), 1);
    // The backup holds the old ledger (with its setting); the new one is fresh.
    let backup = backups[0].as_ref().unwrap().path();
    assert!(taizhang(&backup, &["settings"]).ok().contains("clerk_name=王文书"));
    assert!(!taizhang(&db, &["settings"]).ok().contains("王文书"));
    assert!(taizhang(&db, &["lists"]).ok().contains("responsibility"));
}

#[test]
fn backup_is_a_working_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    let copy = dir.path().join("备份 2018.db");
    let out = taizhang(&db, &["backup", "--out", copy.to_str().unwrap()]).ok();
    assert!(out.contains("已备份到"));
    let r = tasks_json(&copy, "responsibility");
    assert_eq!(r.len(), 100);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    let err = taizhang(&db, &["backup", "--out", dir.path().join("no/such/dir/b.db").to_str().unwrap()]).err();
    assert!(err.contains("文件夹不存在"), "{err}");
}

#[test]
fn confirm_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    taizhang(&db, &["settings", "--set", "clerk_name=李文书"]).ok();
    let out =
        taizhang(&db, &["confirm", "--task", "R-025", "--lead", "区商务局、区发改局", "--partner", "区市场监管局、区质监局"])
            .ok();
    assert!(out.contains("牵头 区商务局、区发改局"), "{out}");
    let r = tasks_json(&db, "responsibility");
    let t = find(&r, "25", 0);
    assert!(t["review"].is_null());
    assert_eq!(strs(&t["lead"]), vec!["区商务局", "区发改局"]);
    let history = taizhang(&db, &["history", "--task", "R-025"]).ok();
    assert!(history.contains("李文书\t更正\t牵头单位\t区商务局 → 区商务局、区发改局"), "{history}");
    assert!(history.contains("核对"), "{history}");

    let err = taizhang(&db, &["confirm", "--task", "R-025", "--lead", "区不存在局"]).err();
    assert!(err.contains("区不存在局"), "{err}");
}

#[test]
fn bad_inputs_give_one_clear_line_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();

    // A text file passed as --db.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "会议纪要：请各单位于25日前报送。\n".repeat(50)).unwrap();
    let before = std::fs::read(&text).unwrap();
    for args in [&["lists"][..], &["init"][..], &["tasks", "--list", "responsibility"][..]] {
        let err = taizhang(&text, args).err();
        assert!(err.contains("不是督办台账的账本文件"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(!err.contains("panicked") && !err.contains("backtrace"));
    }
    assert_eq!(std::fs::read(&text).unwrap(), before);

    // A ledger that does not exist is not created by reading it.
    let missing = dir.path().join("missing.db");
    let err = taizhang(&missing, &["lists"]).err();
    assert!(err.contains("账本文件不存在") && err.contains("taizhang init"), "{err}");
    assert!(!missing.exists());

    // A list id that does not exist.
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    let err = taizhang(&db, &["tasks", "--list", "annual-2019"]).err();
    assert!(err.contains("找不到任务清单“annual-2019”") && err.contains("annual-2018"), "{err}");

    // A database from a newer schema version.
    let newer = dir.path().join("newer.db");
    taizhang(&newer, &["init"]).ok();
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    for args in [&["lists"][..], &["init", "--force"][..]] {
        let err = taizhang(&newer, args).err();
        assert!(err.contains("更新版本") && err.contains("升级"), "{err}");
    }
    assert_eq!(std::fs::read(&newer).unwrap(), before);

    // A directory where nothing can be written.
    let ro = common::unwritable_dir(dir.path());
    let target = ro.join("ledger.db");
    let err = taizhang(&target, &["init"]).err();
    assert!(err.contains("ledger.db") && (err.contains("权限") || err.contains("无法")), "{err}");
    assert!(!target.exists());
}

#[test]
fn unit_directory_maintenance_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    // The clerk decides 区美丽办 and 美丽越城办 are one office.
    taizhang(&db, &["report", "--task", "R-098", "--unit", "区美丽办", "--month", "2018-11", "--status", "按序时推进"]).ok();
    let out = taizhang(&db, &["unit", "merge", "区美丽办", "美丽越城办"]).ok();
    assert!(out.contains("别名：区美丽办"), "{out}");
    let r = tasks_json(&db, "responsibility");
    assert_eq!(strs(&find(&r, "98", 0)["lead"]), vec!["区督考办", "美丽越城办"]);
    // The old name still finds the unit, and its report moved with it.
    let t = taizhang(&db, &["tasks", "--list", "responsibility", "--unit", "区美丽办", "--json"]).ok();
    let t: Vec<Value> = serde_json::from_str(&t).unwrap();
    assert_eq!(t.iter().map(|t| t["seq"].as_str().unwrap()).collect::<Vec<_>>(), vec!["94", "97", "98"]);
    let history = taizhang(&db, &["history", "--task", "R-098"]).ok();
    assert!(history.contains("美丽越城办\t按序时推进"), "{history}");
    assert!(history.contains("单位合并\t单位\t区美丽办 → 美丽越城办"), "{history}");

    taizhang(&db, &["unit", "rename", "区环保分局", "市生态环境局越城分局"]).ok();
    let units: Vec<Value> = serde_json::from_str(&taizhang(&db, &["units", "--json"]).ok()).unwrap();
    let u = units.iter().find(|u| u["name"] == "市生态环境局越城分局").unwrap();
    assert_eq!(u["aliases"][0], "区环保分局");
    taizhang(&db, &["unit", "order", "越城区税务局"]).ok();
    let units: Vec<Value> = serde_json::from_str(&taizhang(&db, &["units", "--json"]).ok()).unwrap();
    assert_eq!(units[0]["name"], "越城区税务局");
    let err = taizhang(&db, &["unit", "rename", "区经信局", "区农水局"]).err();
    assert!(err.contains("合并"), "{err}");

    // Restore: back to the backup, with the current ledger saved first.
    let copy = dir.path().join("b.db");
    let fresh = dir.path().join("fresh.db");
    taizhang(&fresh, &["init"]).ok();
    taizhang(&fresh, &["backup", "--out", copy.to_str().unwrap()]).ok();
    let out = taizhang(&db, &["restore", "--from", copy.to_str().unwrap()]).ok();
    assert!(out.contains("恢复前的账本已备份到"), "{out}");
    let units: Vec<Value> = serde_json::from_str(&taizhang(&db, &["units", "--json"]).ok()).unwrap();
    assert!(units.iter().any(|u| u["name"] == "区环保分局"));
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "不是账本").unwrap();
    let err = taizhang(&db, &["restore", "--from", text.to_str().unwrap()]).err();
    assert!(err.contains("t.txt") && err.contains("不是督办台账的账本文件"), "{err}");
}
