//! Several writers on one ledger at once (the window and the CLI may well run together): every
//! write waits its turn instead of failing with "database is locked", and every write is kept.
//! Also: when the ledger stays locked, an import stops and says, file by file, what it did.

mod common;

use std::path::Path;
use std::process::Command;

use common::taizhang;

/// (task, lead unit) pairs of the 2018 list that a writer reports on.
fn pairs(db: &Path) -> Vec<(String, String)> {
    let json = taizhang(db, &["tasks", "--list", "annual-2018", "--json"]).ok();
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    tasks.iter().take(10).map(|t| (t["id"].as_str().unwrap().to_string(), t["lead"][0].as_str().unwrap().to_string())).collect()
}

fn writer(db: &Path, pairs: &[(String, String)], w: usize, calls: usize) -> Vec<String> {
    let mut failures = Vec::new();
    for i in 0..calls {
        let (task, unit) = (&pairs[i % pairs.len()].0, &pairs[i % pairs.len()].1);
        // Each writer its own years, each call its own month and pair: every key is new.
        let k = i / pairs.len();
        let month = format!("{}-{:02}", 2019 + w * 20 + k / 12, k % 12 + 1);
        let progress = format!("写入者{w}第{i}次");
        let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .args(["--db", db.to_str().unwrap(), "report", "--task", task, "--unit", unit, "--month", &month])
            .args(["--status", "按序时推进", "--progress", &progress])
            .output()
            .expect("taizhang runs");
        if !out.status.success() {
            failures.push(format!("{month} {task}: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
    }
    failures
}

#[test]
fn three_writers_lose_nothing_and_never_see_a_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    taizhang(&db, &["init"]).ok();
    // TAIZHANG_CONCURRENT_CALLS=200 for the longer run of issue #11's goal (3 × 200).
    let calls = std::env::var("TAIZHANG_CONCURRENT_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let writers = 3;
    let pairs = pairs(&db);
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (db, pairs) = (db.clone(), pairs.clone());
            std::thread::spawn(move || writer(&db, &pairs, w, calls))
        })
        .collect();
    let failures: Vec<String> = handles.into_iter().flat_map(|h| h.join().expect("writer thread")).collect();
    assert!(
        failures.is_empty(),
        "{} of {} calls failed: {:?}",
        failures.len(),
        writers * calls,
        &failures[..failures.len().min(5)]
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM progress_report WHERE progress LIKE '写入者%' AND replaced = 0", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept as usize, writers * calls, "every write is kept");
    eprintln!("{writers} writers × {calls} calls: 0 failures, {kept} reports kept");
}

#[test]
fn an_import_that_cannot_get_the_ledger_says_what_it_did_with_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    taizhang(&db, &["init"]).ok();
    let forms = dir.path().join("forms");
    std::fs::create_dir_all(&forms).unwrap();
    taizhang(&db, &["export", "forms", "--list", "annual-2018", "--month", "2018-11", "--out-dir", forms.to_str().unwrap()]).ok();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/openpyxl_forms.py");
    assert!(Command::new("python3").arg(script).arg("fill").arg(&forms).status().unwrap().success());
    let files: Vec<String> = std::fs::read_dir(&forms).unwrap().flatten().map(|e| e.path().display().to_string()).collect();

    // Another program holds the write lock for the whole import.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut args = vec!["--db".to_string(), db.display().to_string(), "import".into(), "forms".into()];
    args.extend(files.iter().cloned());
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(&args).env("TAIZHANG_BUSY_TIMEOUT_MS", "300").output().unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("错误：导入中途停止") && stderr.contains("被其他程序占用"), "{stderr}");
    assert!(stderr.contains(&format!("已导入 0 个文件，{} 个文件未处理", files.len())), "{stderr}");
    assert!(!stderr.contains("database is locked"), "{stderr}");
    assert_eq!(stdout.matches("未处理（导入中途停止）").count(), files.len(), "{stdout}");
    // Nothing was half applied; the same import afterwards goes through.
    let again = taizhang(
        &db,
        &["import", "forms"]
            .iter()
            .map(|s| s.to_string())
            .chain(files.iter().cloned())
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .ok();
    assert_eq!(again.matches("已导入。").count(), files.len(), "{again}");
}
