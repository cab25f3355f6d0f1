//! Fault injection: the command line killed (SIGKILL) at random moments while it imports 30+
//! returned forms, rebuilds the ledger (`init --force`), backs it up and writes forms. After
//! every kill: the ledger passes `PRAGMA integrity_check`, each form is in whole or not at all,
//! no target file is half written, and no temporary file is left once the next command ran.
//!
//! 30 kills per run (14 imports, 6 rebuilds, 5 backups, 5 form exports); `TAIZHANG_FAULT_KILLS=N`
//! kills each kind N times instead (a longer run for by hand, not CI). `TAIZHANG_FAULT_SEED`
//! repeats a run's random moments.
#![cfg(target_os = "linux")]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::taizhang;

/// A small, seeded random source (xorshift), so that a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("TAIZHANG_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7) | 1
        });
        eprintln!("fault injection seed: {seed} (TAIZHANG_FAULT_SEED={seed} repeats this run)");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A moment before `max` (a little before, as a run's time varies); every other one in its
    /// second half, where the writing is.
    fn moment(&mut self, max: Duration) -> Duration {
        let ms = (max.as_millis() as u64 * 4 / 5).max(2);
        let r = self.next();
        Duration::from_millis(if r.is_multiple_of(2) { r / 2 % ms } else { ms / 2 + r / 2 % (ms / 2) })
    }
}

/// How many kills of one kind (a run that finished before its moment does not count).
fn quota(default: usize) -> usize {
    std::env::var("TAIZHANG_FAULT_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// Repeats `round` (which returns whether it killed) until `quota` kills, or gives up after
/// ten times as many tries.
fn until_killed(quota: usize, mut round: impl FnMut() -> bool) -> usize {
    let (mut kills, mut tries) = (0, 0);
    while kills < quota && tries < quota * 10 {
        tries += 1;
        if round() {
            kills += 1;
        }
    }
    kills
}

/// Runs `taizhang ARGS` and kills it after `after`; returns whether it had finished first.
fn run_and_kill(db: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("taizhang starts");
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().expect("wait").is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

fn timed(db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(&all).output().expect("runs");
    assert!(out.status.success() || out.status.code() == Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    t.elapsed()
}

fn integrity(db: &Path) {
    let conn = taizhang_sqlite(db);
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check runs");
    assert_eq!(ok, "ok", "{}", db.display());
}

fn taizhang_sqlite(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("opens")
}

/// Our temporary files in a folder.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| (n.starts_with(".taizhang-") && n.ends_with(".tmp")) || n.contains(".db.new"))
                .collect()
        })
        .unwrap_or_default()
}

/// The lists whose forms are imported: together more than 30 forms.
const LISTS: [&str; 2] = ["responsibility", "annual-2018"];

/// A ledger and the forms of two lists for 2018-11, every one filled in; the rows each unit
/// leads in each list.
fn filled_forms(dir: &Path) -> (PathBuf, Vec<PathBuf>, HashMap<(String, String), usize>) {
    let db = dir.join("pristine.db");
    taizhang(&db, &["init"]).ok();
    let forms = dir.join("forms");
    for list in LISTS {
        let out = forms.join(list);
        std::fs::create_dir_all(&out).unwrap();
        taizhang(&db, &["export", "forms", "--list", list, "--month", "2018-11", "--out-dir", out.to_str().unwrap()]).ok();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/openpyxl_forms.py");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut leads: HashMap<(String, String), usize> = HashMap::new();
    for list in LISTS {
        let out = Command::new("python3").arg(&script).arg("fill").arg(forms.join(list)).output().expect("python3 runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        files.extend(std::fs::read_dir(forms.join(list)).unwrap().flatten().map(|e| e.path()));
        // Rows each unit's form fills in: the tasks it leads.
        let json = taizhang(&db, &["tasks", "--list", list, "--json"]).ok();
        let tasks: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        for t in &tasks {
            for u in t["lead"].as_array().unwrap() {
                *leads.entry((u.as_str().unwrap().to_string(), list.to_string())).or_default() += 1;
            }
        }
    }
    files.sort();
    (db, files, leads)
}

/// Each unit's current reports of 2018-11: a form is in whole (every row it leads) or not at all.
fn forms_whole_or_absent(db: &Path, leads: &HashMap<(String, String), usize>) -> usize {
    let conn = taizhang_sqlite(db);
    let mut stmt = conn
        .prepare(
            "SELECT u.name, t.list_id, count(*) FROM progress_report p JOIN unit u ON u.id = p.unit_id
             JOIN task t ON t.id = p.task_id
             WHERE p.month = '2018-11' AND p.replaced = 0 GROUP BY u.name, t.list_id",
        )
        .unwrap();
    let counts: Vec<((String, String), usize)> =
        stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, i64>(2)? as usize))).unwrap().map(|r| r.unwrap()).collect();
    let returned: i64 = conn.query_row("SELECT count(*) FROM form_return WHERE month = '2018-11'", [], |r| r.get(0)).unwrap();
    for (key, n) in &counts {
        assert_eq!(Some(n), leads.get(key), "{key:?}: {n} rows of its form were recorded, not all of them");
    }
    assert_eq!(returned as usize, counts.len(), "a form's record of return goes with its rows");
    counts.len()
}

#[test]
fn kills_leave_every_ledger_and_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new();
    let (pristine, forms, leads) = filled_forms(dir.path());
    assert!(forms.len() >= 30, "{} forms", forms.len());
    let form_args: Vec<String> = forms.iter().map(|p| p.display().to_string()).collect();
    let mut kills = 0;

    // 1. import forms, killed at random moments.
    let work = dir.path().join("import");
    std::fs::create_dir_all(&work).unwrap();
    let db = work.join("ledger.db");
    std::fs::copy(&pristine, &db).unwrap();
    let mut import: Vec<&str> = vec!["import", "forms"];
    import.extend(form_args.iter().map(String::as_str));
    let full = timed(&db, &import);
    let mut seen_partial = 0;
    kills += until_killed(quota(14), || {
        std::fs::remove_dir_all(&work).unwrap();
        std::fs::create_dir_all(&work).unwrap();
        std::fs::copy(&pristine, &db).unwrap();
        let killed = !run_and_kill(&db, &import, rng.moment(full));
        integrity(&db);
        let applied = forms_whole_or_absent(&db, &leads);
        if applied > 0 && applied < forms.len() {
            seen_partial += 1;
        }
        for b in
            std::fs::read_dir(work.join("backups")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_else(|_| vec![])
        {
            if b.extension().is_some_and(|x| x == "db") {
                integrity(&b);
            }
        }
        taizhang(&db, &["lists"]).ok();
        assert!(temporaries(&work).is_empty(), "{:?}", temporaries(&work));
        assert!(temporaries(&work.join("backups")).is_empty(), "{:?}", temporaries(&work.join("backups")));
        killed
    });
    eprintln!("import forms: {} forms, full run {full:?}, {seen_partial} kills left some forms in and others out", forms.len());

    // 2. init --force, killed: the old ledger or the new one, never none.
    let work = dir.path().join("init");
    std::fs::create_dir_all(&work).unwrap();
    let db = work.join("ledger.db");
    std::fs::copy(&pristine, &db).unwrap();
    taizhang(&db, &["settings", "--set", "clerk_name=旧账本"]).ok();
    let full = timed(&db, &["init", "--force"]);
    kills += until_killed(quota(6), || {
        std::fs::copy(&pristine, &db).unwrap();
        for s in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{s}", db.display()));
        }
        taizhang(&db, &["settings", "--set", "clerk_name=旧账本"]).ok();
        let killed = !run_and_kill(&db, &["init", "--force"], rng.moment(full));
        assert!(db.exists(), "the ledger is always there");
        integrity(&db);
        let settings = taizhang(&db, &["settings"]).ok();
        let lists = taizhang(&db, &["lists"]).ok();
        assert!(lists.contains("responsibility"), "{lists}");
        // The old ledger (the clerk's name kept) or the new one (the default): both are whole.
        assert!(settings.contains("clerk_name="), "{settings}");
        assert!(temporaries(&work).is_empty(), "{:?}", temporaries(&work));
        killed
    });

    // 3. backup --out, killed: the target is absent or a whole ledger.
    let work = dir.path().join("backup");
    std::fs::create_dir_all(&work).unwrap();
    let db = work.join("ledger.db");
    std::fs::copy(&pristine, &db).unwrap();
    let out = work.join("copies");
    std::fs::create_dir_all(&out).unwrap();
    let target = out.join("备份.db");
    let full = timed(&db, &["backup", "--out", target.to_str().unwrap()]).max(Duration::from_millis(20));
    kills += until_killed(quota(5), || {
        let _ = std::fs::remove_file(&target);
        let killed = !run_and_kill(&db, &["backup", "--out", target.to_str().unwrap()], rng.moment(full));
        if target.exists() {
            integrity(&target);
            assert!(taizhang(&target, &["lists"]).ok().contains("annual-2018"));
        }
        // The next backup into the same folder clears what the killed one left.
        taizhang(&db, &["backup", "--out", out.join("再备份.db").to_str().unwrap()]).ok();
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
        killed
    });

    // 4. export forms, killed: each form there is whole; only forms written are recorded.
    let work = dir.path().join("export");
    std::fs::create_dir_all(&work).unwrap();
    let db = work.join("ledger.db");
    std::fs::copy(&pristine, &db).unwrap();
    let out = work.join("forms");
    std::fs::create_dir_all(&out).unwrap();
    let args = ["export", "forms", "--list", "responsibility", "--month", "2018-12", "--out-dir", out.to_str().unwrap()];
    let full = timed(&db, &args);
    kills += until_killed(quota(5), || {
        std::fs::remove_dir_all(&out).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::copy(&pristine, &db).unwrap();
        let killed = !run_and_kill(&db, &args, rng.moment(full));
        integrity(&db);
        let written: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
            .collect();
        for f in &written {
            let bytes = std::fs::read(f).unwrap();
            assert!(zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok(), "{} is whole", f.display());
        }
        let conn = taizhang_sqlite(&db);
        let issued: i64 = conn.query_row("SELECT count(*) FROM form_issue WHERE month = '2018-12'", [], |r| r.get(0)).unwrap();
        assert!(issued == 0 || issued as usize == written.len(), "recorded {issued}, written {}", written.len());
        drop(conn);
        // The next export into the folder clears what the killed one left.
        taizhang(&db, &args).ok();
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
        killed
    });
    eprintln!("fault injection: {kills} kills in all");
    let expected = quota(14) + quota(6) + quota(5) + quota(5);
    assert!(kills >= expected, "only {kills} of {expected} runs were killed before they finished");
}
