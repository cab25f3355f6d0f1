//! The bad-input corpus (issue #11): every bad input a clerk, a returned form or a damaged
//! ledger can bring, one row each, run through the `taizhang` binary. For every case:
//!
//! - the exit status (1: never 2, never a panic's 70, never an abort's 134);
//! - stderr is one line starting with `错误：`; no `panicked`, no backtrace, no English SQLite
//!   text, no English sentence outside parentheses, no control characters in stdout or stderr;
//! - the Chinese fragments naming the file, sheet, row and column (for a returned form, on one
//!   `- ` problem line of stdout under its `== file` line; the summary on stderr);
//! - the ledger unchanged: a dump of every table (not the bytes, which WAL changes), or the
//!   bytes of a file that is not a ledger of ours; no file left behind or removed beside it;
//!   files a refused write aimed at keep their bytes.
//!
//! Every run is capped at 1 GiB of address space (`ulimit -v`), so that a reader that blows up
//! fails here instead of taking the machine with it.
//!
//! The corpus files are written by `tests/corpus/make.sh` (→ `make_hostile.py`) and committed.
//! `hostile_forms_time_and_memory` prints the wall time and peak memory of
//! `import forms --dry-run` on each hostile form and asserts nothing.

mod common;

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, types::ValueRef};

/// Address space of every run, in KiB.
const MEMORY_CAP_KB: u64 = 1 << 20;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(dir: &str) -> PathBuf {
    root().join("tests/corpus").join(dir)
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

fn is_root() -> bool {
    // The owner of a file we just created is who we are.
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool} >/dev/null 2>&1")]).status().is_ok_and(|s| s.success())
}

// ---- Running the binary ---------------------------------------------------------------------

struct Ran {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    raw_stdout: Vec<u8>,
    raw_stderr: Vec<u8>,
}

/// `taizhang ARGS…` under the memory cap, with a short busy wait.
fn taizhang(args: &[String]) -> Ran {
    let out: Output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .env_remove("TAIZHANG_DB")
        .env("TAIZHANG_BUSY_TIMEOUT_MS", "500")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("taizhang runs");
    use std::os::unix::process::ExitStatusExt;
    Ran {
        code: out.status.code(),
        signal: out.status.signal(),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
        raw_stdout: out.stdout,
        raw_stderr: out.stderr,
    }
}

impl Ran {
    fn status(&self) -> String {
        match (self.code, self.signal) {
            (Some(c), _) => format!("exit {c}"),
            (None, Some(s)) => format!("signal {s}"),
            _ => "?".into(),
        }
    }
}

// ---- The ledger as data ---------------------------------------------------------------------

/// Every table of a ledger, rows sorted, plus its version and application id. A ledger in a
/// folder made read-only (where SQLite cannot create the `-shm` of WAL) is read as immutable,
/// which is exact when there is no write-ahead log to replay.
fn dump(db: &Path) -> Result<Vec<String>, String> {
    let open = |flags| Connection::open_with_flags(db, flags).map_err(|e| e.to_string()).and_then(|c| dump_of(&c));
    open(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).or_else(|e| {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(e);
        }
        let uri = format!("file:{}?immutable=1", db.display());
        Connection::open_with_flags(&uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
            .map_err(|e2| format!("{e}; immutable: {e2}"))
            .and_then(|c| dump_of(&c))
    })
}

fn dump_of(conn: &Connection) -> Result<Vec<String>, String> {
    let q = |sql: &str| -> Result<i64, String> { conn.query_row(sql, [], |r| r.get(0)).map_err(|e| e.to_string()) };
    let mut out =
        vec![format!("user_version={}", q("PRAGMA user_version")?), format!("application_id={}", q("PRAGMA application_id")?)];
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| e.to_string())?;
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).map_err(|e| e.to_string())?;
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    match r.get_ref(i)? {
                        ValueRef::Null => line.push_str("NULL"),
                        ValueRef::Integer(v) => write!(line, "{v}").unwrap(),
                        ValueRef::Real(v) => write!(line, "{v}").unwrap(),
                        ValueRef::Text(v) => line.push_str(&String::from_utf8_lossy(v)),
                        ValueRef::Blob(v) => write!(line, "blob{v:?}").unwrap(),
                    }
                    line.push('\u{1f}');
                }
                Ok(line)
            })
            .and_then(|r| r.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| e.to_string())?;
        rows.sort();
        out.push(format!("== {t} ({} rows)", rows.len()));
        out.extend(rows);
    }
    Ok(out)
}

/// Files under `dir` (relative, sorted), without SQLite's `-wal` / `-shm` companions.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().to_string();
            if rel.ends_with("-wal") || rel.ends_with("-shm") {
                continue;
            }
            out.push(rel);
            if p.is_dir() && !p.is_symlink() {
                walk(base, &p, out);
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The ledger every case starts from: the built-in plan, three reports, a clerk's name.
struct Template {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

#[rustfmt::skip]
fn template() -> Template {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let d = db.to_str().unwrap();
    for args in [
        vec!["--db", d, "init"],
        vec![
            "--db", d, "report", "--task", "A-036", "--unit", "区农办", "--month", "2018-11",
            "--status", "已完成", "--progress", "完成公厕改造618座。", "--percent", "100",
        ],
        vec![
            "--db", d, "report", "--task", "A-012", "--unit", "区建设局", "--month", "2018-11",
            "--status", "按序时推进", "--progress", "新建配套管网30公里。", "--percent", "86",
        ],
        vec!["--db", d, "settings", "--set", "clerk_name=张三"],
    ] {
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        let r = taizhang(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    }
    Template { _dir: dir, db }
}

// ---- Cases ----------------------------------------------------------------------------------

/// What a case expects.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    /// Exit 1; the fragments in the one line on stderr.
    Refused,
    /// A returned form refused whole: exit 1; stdout has `== file`, `整份未导入` and one `- `
    /// line with all the fragments; the summary line on stderr.
    FormRefused,
    /// A form with control characters: refused naming the cell (as `FormRefused`), or imported
    /// with the text stored without them (exit 0).
    CleanOrRefused,
}

/// How "the ledger is unchanged" is checked.
#[derive(Clone, Copy, PartialEq)]
enum Check {
    /// A dump of every table.
    Dump,
    /// The bytes of the file (it is not a readable ledger of ours).
    Bytes,
    /// `{db}` does not exist and must not be created.
    Absent,
}

/// Something held while the command runs.
#[derive(Clone, Copy, PartialEq)]
enum Hold {
    None,
    /// Another connection in `BEGIN EXCLUSIVE` (in WAL mode: a writer; readers still read).
    Writer,
    /// Another connection with `locking_mode=EXCLUSIVE` in `BEGIN EXCLUSIVE`: nobody reads.
    Everything,
}

/// What a case needs that may be missing.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    None,
    /// A read-only file or folder: chmod, and when running as root (which ignores
    /// permissions) `chattr +i`.
    ReadOnly,
}

struct Case {
    name: &'static str,
    setup: fn(&Ctx),
    /// Arguments; `--db {db}` is put first unless they name `--db`. Placeholders: `{db}`,
    /// `{dir}` (the case's folder), `{hostile}`, `{lists}`, `{ledgers}`, and long texts.
    args: &'static [&'static str],
    want: Want,
    frags: &'static [&'static str],
    check: Check,
    /// Files (placeholders allowed) that must keep their bytes.
    intact: &'static [&'static str],
    hold: Hold,
    need: Need,
}

const CASE: Case = Case {
    name: "",
    setup: |_| {},
    args: &[],
    want: Want::Refused,
    frags: &[],
    check: Check::Dump,
    intact: &[],
    hold: Hold::None,
    need: Need::None,
};

/// A returned form of the hostile corpus, imported for real (not a dry run).
macro_rules! form {
    ($name:literal, $file:literal, [$($f:literal),*]) => {
        Case {
            name: $name,
            args: &["import", "forms", concat!("{hostile}/", $file)],
            want: Want::FormRefused,
            frags: &[$($f),*],
            ..CASE
        }
    };
}

struct Ctx {
    dir: PathBuf,
    db: PathBuf,
    /// Paths made read-only, made writable again after the run.
    immutable: RefCell<Vec<PathBuf>>,
}

impl Ctx {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    fn expand(&self, s: &str) -> String {
        s.replace("{db}", self.db.to_str().unwrap())
            .replace("{dir}", self.dir.to_str().unwrap())
            .replace("{hostile}", corpus("hostile").to_str().unwrap())
            .replace("{lists}", corpus("lists").to_str().unwrap())
            .replace("{ledgers}", corpus("ledgers").to_str().unwrap())
            .replace("{name300}", &"改".repeat(300))
            .replace("{word300}", &"完".repeat(300))
            .replace("{progress40000}", &"进".repeat(40_000))
    }

    /// Makes a file or folder read-only: permissions, and for root (which ignores them) the
    /// immutable flag. [`Ctx::release`] undoes it after the run.
    fn read_only(&self, p: &Path) {
        use std::os::unix::fs::PermissionsExt;
        let mode = if p.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        if is_root() {
            let ok = Command::new("chattr").arg("+i").arg(p).status().is_ok_and(|s| s.success());
            assert!(ok, "chattr +i {}", p.display());
        }
        self.immutable.borrow_mut().push(p.to_path_buf());
    }

    fn release(&self) {
        use std::os::unix::fs::PermissionsExt;
        for p in self.immutable.borrow_mut().drain(..) {
            if is_root() {
                let _ = Command::new("chattr").arg("-i").arg(&p).status();
            }
            let mode = if p.is_dir() { 0o755 } else { 0o644 };
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode));
        }
    }
}

fn sql(db: &Path, batch: &str) {
    Connection::open(db).unwrap().execute_batch(batch).unwrap();
}

/// A backup in `backups/` beside the ledger, as an import would have left it.
fn with_backup(c: &Ctx) {
    let dir = c.path("backups");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&c.db, dir.join("ledger-20181126-093000.000-import.db")).unwrap();
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        // ==== 1. Hostile returned forms ===========================================================
        form!("form: a cell at XFD1048576 (dimension A1:XFD1048576)", "cell-at-XFD1048576.xlsx", ["填报表", "XFD1048576"]),
        form!("form: a cell at XFD5000", "cell-at-XFD5000.xlsx", ["填报表", "XFD5000"]),
        form!("form: a cell reference beyond u32 (A99999999999)", "cell-reference-overflow.xlsx", ["填报表"]),
        form!("form: 500 MB of whitespace in the sheet XML", "sheet-with-500MB-of-whitespace.xlsx", ["过大"]),
        form!("form: sharedStrings declares 300 MB", "sharedstrings-declares-300MB.xlsx", ["过大"]),
        form!("form: sharedStrings inflates to 90 MB, declares 2 KB", "sharedstrings-inflates-90MB-declares-2KB.xlsx", []),
        form!("form: zip bomb, three sheets of 55 MB", "zip-bomb-three-sheets-of-55MB.xlsx", ["过大"]),
        form!("form: sharedStrings uniqueCount=4e9", "sharedstrings-uniquecount-4e9.xlsx", []),
        form!("form: one 4 MB shared string in 1000 cells", "shared-string-used-by-1000-cells.xlsx", []),
        form!("form: billion laughs entities in sharedStrings", "billion-laughs-in-sharedstrings.xlsx", []),
        form!("form: shared formula si=4e9", "shared-formula-index-4e9.xlsx", []),
        form!("form: [Content_Types].xml missing", "content-types-missing.xlsx", []),
        form!("form: the fill-in sheet's part missing", "fill-in-sheet-part-missing.xlsx", ["填报表"]),
        form!("form: _taizhang list unknown", "meta-unknown-list.xlsx", ["annual-2099"]),
        form!("form: _taizhang month 2018-13", "meta-month-2018-13.xlsx", ["2018-13"]),
        form!("form: _taizhang unit unknown", "meta-unknown-unit.xlsx", ["区不存在局", "单位目录"]),
        form!("form: _taizhang unit with terminal escapes", "meta-unit-with-terminal-escapes.xlsx", ["单位目录"]),
        form!("form: id column moved from L to M", "id-column-moved.xlsx", ["填报表", "第 6 行L列", "缺少任务编号"]),
        form!("form: formula without cached value in H6", "formula-without-value-in-H6.xlsx", ["填报表", "第 6 行H列", "公式"]),
        Case {
            name: "form: control characters as raw bytes in H6",
            args: &["import", "forms", "{hostile}/control-chars-raw-bytes.xlsx"],
            want: Want::CleanOrRefused,
            frags: &["填报表", "第 6 行H列"],
            ..CASE
        },
        Case {
            name: "form: control characters as &#x1B; references in H6",
            args: &["import", "forms", "{hostile}/control-chars-char-refs.xlsx"],
            want: Want::CleanOrRefused,
            frags: &["填报表", "第 6 行H列"],
            ..CASE
        },
        Case {
            name: "form: control characters as _x001B_ escapes in H6",
            args: &["import", "forms", "{hostile}/control-chars-x-escapes.xlsx"],
            want: Want::CleanOrRefused,
            frags: &["填报表", "第 6 行H列"],
            ..CASE
        },
        form!("form: terminal escapes in the status G6", "control-chars-in-status.xlsx", ["填报表", "第 6 行G列"]),
        form!("form: a cell of 5001 characters", "cell-of-5001-characters.xlsx", ["填报表", "第 6 行H列", "5001"]),
        form!("form: percent 60.5", "percent-60.5.xlsx", ["填报表", "第 6 行K列", "60.5"]),
        form!("form: percent -1", "percent-minus-1.xlsx", ["填报表", "第 6 行K列", "-1"]),
        form!("form: percent abc", "percent-abc.xlsx", ["填报表", "第 6 行K列", "abc"]),
        form!("form: percent 1e9", "percent-1e9.xlsx", ["填报表", "第 6 行K列", "1000000000"]),
        form!(".xls form: a cell at IV65536 (row 65535, col 255)", "form-cell-at-IV65536.xls", ["填报表", "IV65536"]),
        form!(".xls form: DIMENSIONS says 4 billion rows", "form-dimensions-forged.xls", []),
        form!("form: a .docx named .xlsx", "word-document-named.xlsx", ["Excel"]),
        form!("form: an empty file", "empty-file.xlsx", ["Excel"]),
        form!("form: encrypted with a password", "encrypted.xlsx", ["密码"]),
        Case {
            name: "form: a folder named x.xlsx",
            setup: |c| std::fs::create_dir(c.path("x.xlsx")).unwrap(),
            args: &["import", "forms", "{dir}/x.xlsx"],
            want: Want::FormRefused,
            frags: &["文件夹"],
            ..CASE
        },
        Case {
            name: "form: a path that does not exist",
            args: &["import", "forms", "{dir}/交回/区建设局.xlsx"],
            want: Want::FormRefused,
            frags: &["不存在"],
            ..CASE
        },
        Case {
            name: "form: a file over 20 MB (sparse)",
            setup: |c| {
                let f = std::fs::File::create(c.path("big.xlsx")).unwrap();
                f.set_len(20_000_001).unwrap();
            },
            args: &["import", "forms", "{dir}/big.xlsx"],
            want: Want::FormRefused,
            frags: &["太大"],
            ..CASE
        },
        Case {
            name: "form: a file name with terminal escapes",
            setup: |c| {
                std::fs::copy(corpus("hostile/empty-file.xlsx"), c.path("\u{1b}]0;pwned\u{7}\u{1b}[2J.xlsx")).unwrap();
            },
            args: &["import", "forms", "{dir}/\u{1b}]0;pwned\u{7}\u{1b}[2J.xlsx"],
            want: Want::FormRefused,
            frags: &["Excel"],
            ..CASE
        },
        // ==== 2. Bad command-line values ==========================================================
        Case {
            name: "report --percent abc",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后", "--percent", "abc"],
            frags: &["完成百分比", "abc"],
            ..CASE
        },
        Case {
            name: "report --percent 60.5",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后", "--percent", "60.5"],
            frags: &["完成百分比", "60.5"],
            ..CASE
        },
        Case {
            name: "report --percent 150",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后", "--percent", "150"],
            frags: &["完成百分比", "150"],
            ..CASE
        },
        Case {
            name: "report --percent -1",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后", "--percent", "-1"],
            frags: &["完成百分比", "-1"],
            ..CASE
        },
        Case {
            name: "--db \"\"",
            args: &["--db", "", "tasks", "--list", "annual-2018"],
            frags: &["账本路径是空的"],
            check: Check::Dump,
            ..CASE
        },
        Case {
            name: "report --month 2018-13",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-13", "--status", "滞后"],
            frags: &["2018-13"],
            ..CASE
        },
        Case {
            name: "report --month 18-11",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "18-11", "--status", "滞后"],
            frags: &["18-11"],
            ..CASE
        },
        Case {
            name: "report: unknown task A-999",
            args: &["report", "--task", "A-999", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["A-999"],
            ..CASE
        },
        Case {
            name: "report: task id with a space",
            args: &["report", "--task", "A 018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["A 018"],
            ..CASE
        },
        Case {
            name: "report: unit not in the directory",
            args: &["report", "--task", "A-018", "--unit", "区不存在局", "--month", "2018-11", "--status", "滞后"],
            frags: &["区不存在局"],
            ..CASE
        },
        Case {
            name: "report: unit with 、",
            args: &["report", "--task", "A-018", "--unit", "区建设局、区农办", "--month", "2018-11", "--status", "滞后"],
            frags: &["区建设局、区农办", "、"],
            ..CASE
        },
        Case {
            name: "report: --progress of 40,000 characters",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后", "--progress", "{progress40000}"],
            frags: &["进展情况", "40000"],
            ..CASE
        },
        Case {
            name: "report: unknown status word",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "差不多了"],
            frags: &["差不多了"],
            ..CASE
        },
        Case {
            name: "unknown subcommand",
            args: &["frobnicate"],
            frags: &["frobnicate"],
            ..CASE
        },
        Case {
            name: "missing required argument",
            args: &["report", "--task", "A-018"],
            frags: &["缺少", "--unit"],
            ..CASE
        },
        Case {
            name: "status: unknown task",
            args: &["status", "--task", "R-999", "--month", "2018-11", "--status", "滞后"],
            frags: &["R-999"],
            ..CASE
        },
        Case {
            name: "confirm: empty lead",
            args: &["confirm", "--task", "R-025", "--lead", ""],
            frags: &["R-025", "牵头"],
            ..CASE
        },
        Case {
            name: "tasks --list nosuchlist",
            args: &["tasks", "--list", "nosuchlist"],
            frags: &["nosuchlist"],
            ..CASE
        },
        Case {
            name: "settings --set status_done=已,完成",
            args: &["settings", "--set", "status_done=已,完成"],
            frags: &["status_done", "“,”"],
            ..CASE
        },
        Case {
            name: "settings: a status word of 300 characters",
            args: &["settings", "--set", "status_done={word300}"],
            frags: &["status_done"],
            ..CASE
        },
        Case {
            name: "settings --set yellow_days=999",
            args: &["settings", "--set", "yellow_days=999"],
            frags: &["yellow_days", "999"],
            ..CASE
        },
        Case {
            name: "settings --set report_day=0",
            args: &["settings", "--set", "report_day=0"],
            frags: &["report_day", "1 到 28"],
            ..CASE
        },
        Case {
            name: "settings: unknown key",
            args: &["settings", "--set", "nosuchkey=1"],
            frags: &["nosuchkey"],
            ..CASE
        },
        Case {
            name: "settings --set novalue",
            args: &["settings", "--set", "novalue"],
            frags: &["novalue", "键=值"],
            ..CASE
        },
        Case {
            name: "settings: a good --set then a bad one (all or nothing)",
            args: &["settings", "--set", "clerk_name=李四", "--set", "report_day=0"],
            frags: &["report_day"],
            ..CASE
        },
        Case {
            name: "unit rename to 300 characters",
            args: &["unit", "rename", "区经信局", "{name300}"],
            frags: &["40"],
            ..CASE
        },
        Case {
            name: "unit rename with a newline",
            args: &["unit", "rename", "区经信局", "区经信局\n第二行"],
            frags: &["控制字符"],
            ..CASE
        },
        Case {
            name: "unit rename to an existing name",
            args: &["unit", "rename", "区经信局", "区建设局"],
            frags: &["区建设局"],
            ..CASE
        },
        Case {
            name: "unit rename of an unknown unit",
            args: &["unit", "rename", "区不存在局", "区新局"],
            frags: &["区不存在局"],
            ..CASE
        },
        Case {
            name: "unit merge into itself",
            args: &["unit", "merge", "区经信局", "区经信局"],
            frags: &["区经信局"],
            ..CASE
        },
        Case {
            name: "unit alias already used",
            setup: |c| {
                let r = taizhang(&[
                    "--db".into(),
                    c.db.to_str().unwrap().into(),
                    "unit".into(),
                    "alias".into(),
                    "区经信局".into(),
                    "经信局".into(),
                ]);
                assert_eq!(r.code, Some(0), "{}", r.stderr);
            },
            args: &["unit", "alias", "区建设局", "经信局"],
            frags: &["经信局"],
            ..CASE
        },
        Case {
            name: "import list: unit cell ../evil",
            args: &["import", "list", "{lists}/unit-dotdot-slash-evil.xlsx", "--id", "annual-2019", "--name", "2019年主要工作任务清单"],
            frags: &["unit-dotdot-slash-evil.xlsx", "2019年清单", "第 4 行"],
            ..CASE
        },
        Case {
            name: "import list: unit cell ..\\..\\evil",
            args: &["import", "list", "{lists}/unit-backslash-evil.xlsx", "--id", "annual-2019", "--name", "2019年主要工作任务清单"],
            frags: &["unit-backslash-evil.xlsx", "2019年清单", "第 3 行"],
            ..CASE
        },
        Case {
            name: "import list --id 'Annual 2019'",
            args: &["import", "list", "{lists}/good-list.xlsx", "--id", "Annual 2019", "--name", "2019年主要工作任务清单"],
            frags: &["Annual 2019"],
            ..CASE
        },
        Case {
            name: "import list: id already used",
            args: &["import", "list", "{lists}/good-list.xlsx", "--id", "annual-2018", "--name", "2019年主要工作任务清单"],
            frags: &["annual-2018", "已被使用"],
            ..CASE
        },
        Case {
            name: "import list: file missing",
            args: &["import", "list", "{dir}/2019年清单.xlsx", "--id", "annual-2019", "--name", "2019年主要工作任务清单"],
            frags: &["2019年清单.xlsx", "不存在"],
            ..CASE
        },
        Case {
            name: "import list: a folder",
            setup: |c| std::fs::create_dir(c.path("清单.xlsx")).unwrap(),
            args: &["import", "list", "{dir}/清单.xlsx", "--id", "annual-2019", "--name", "2019年主要工作任务清单"],
            frags: &["清单.xlsx", "文件夹"],
            ..CASE
        },
        Case {
            name: "import list: not a spreadsheet",
            args: &["import", "list", "{lists}/not-a-spreadsheet.xlsx", "--id", "annual-2019", "--name", "2019年主要工作任务清单"],
            frags: &["not-a-spreadsheet.xlsx", "Excel"],
            ..CASE
        },
        Case {
            name: "import list: no header row",
            args: &["import", "list", "{lists}/no-header.xlsx", "--id", "annual-2019", "--name", "2019年主要工作任务清单"],
            frags: &["no-header.xlsx", "表头"],
            ..CASE
        },
        Case {
            name: "restore --from a text file",
            args: &["restore", "--from", "{ledgers}/notes.db"],
            frags: &["notes.db", "不是督办台账的账本文件"],
            ..CASE
        },
        Case {
            name: "restore --from another program's database",
            args: &["restore", "--from", "{ledgers}/other-program.db"],
            frags: &["other-program.db", "不是督办台账的账本文件"],
            ..CASE
        },
        Case {
            name: "restore --from a folder",
            setup: |c| std::fs::create_dir(c.path("备份.db")).unwrap(),
            args: &["restore", "--from", "{dir}/备份.db"],
            frags: &["备份.db", "文件夹"],
            ..CASE
        },
        Case {
            name: "restore --from a missing file",
            args: &["restore", "--from", "{dir}/没有这个备份.db"],
            frags: &["没有这个备份.db", "不存在"],
            ..CASE
        },
        Case {
            name: "restore --from a ledger of a newer version",
            setup: |c| {
                std::fs::copy(&c.db, c.path("newer.db")).unwrap();
                sql(&c.path("newer.db"), "PRAGMA user_version = 99;");
            },
            args: &["restore", "--from", "{dir}/newer.db"],
            frags: &["newer.db", "99", "升级"],
            intact: &["{dir}/newer.db"],
            ..CASE
        },
        Case {
            name: "backup --out into a missing folder",
            args: &["backup", "--out", "{dir}/没有的文件夹/备份.db"],
            frags: &["备份.db", "不存在"],
            ..CASE
        },
        Case {
            name: "backup --out onto a folder",
            setup: |c| std::fs::create_dir(c.path("备份.db")).unwrap(),
            args: &["backup", "--out", "{dir}/备份.db"],
            frags: &["备份.db", "文件夹"],
            ..CASE
        },
        Case {
            name: "backup --out onto a read-only file",
            setup: |c| {
                std::fs::write(c.path("旧备份.db"), "旧的备份，不能被覆盖").unwrap();
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(c.path("旧备份.db"), std::fs::Permissions::from_mode(0o444)).unwrap();
            },
            args: &["backup", "--out", "{dir}/旧备份.db"],
            frags: &["旧备份.db", "只读"],
            intact: &["{dir}/旧备份.db"],
            ..CASE
        },
        Case {
            name: "backup --out into a read-only folder",
            setup: |c| {
                std::fs::create_dir(c.path("ro")).unwrap();
                c.read_only(&c.path("ro"));
            },
            args: &["backup", "--out", "{dir}/ro/备份.db"],
            frags: &["备份.db"],
            need: Need::ReadOnly,
            ..CASE
        },
        Case {
            name: "export table --out into a missing folder",
            args: &["export", "table", "--list", "annual-2018", "--out", "{dir}/没有的文件夹/清单.xlsx"],
            frags: &["清单.xlsx", "不存在"],
            ..CASE
        },
        Case {
            name: "export table --out onto a read-only file",
            setup: |c| {
                std::fs::write(c.path("清单.xlsx"), "上次导出的表").unwrap();
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(c.path("清单.xlsx"), std::fs::Permissions::from_mode(0o444)).unwrap();
            },
            args: &["export", "table", "--list", "annual-2018", "--out", "{dir}/清单.xlsx"],
            frags: &["清单.xlsx", "只读"],
            intact: &["{dir}/清单.xlsx"],
            ..CASE
        },
        Case {
            name: "export table --out onto a folder",
            setup: |c| std::fs::create_dir(c.path("清单.xlsx")).unwrap(),
            args: &["export", "table", "--list", "annual-2018", "--out", "{dir}/清单.xlsx"],
            frags: &["清单.xlsx", "文件夹"],
            ..CASE
        },
        Case {
            name: "export monthly --out into a read-only folder",
            setup: |c| {
                std::fs::create_dir(c.path("ro")).unwrap();
                c.read_only(&c.path("ro"));
            },
            args: &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", "{dir}/ro/进展情况表.xlsx"],
            frags: &["进展情况表.xlsx"],
            need: Need::ReadOnly,
            ..CASE
        },
        Case {
            name: "export forms --list nosuchlist",
            args: &["export", "forms", "--list", "nosuchlist", "--month", "2018-11", "--out-dir", "{dir}/填报表"],
            frags: &["nosuchlist"],
            ..CASE
        },
        Case {
            name: "import forms of a missing path",
            args: &["import", "forms", "{dir}/没有这个文件.xlsx"],
            want: Want::FormRefused,
            frags: &["不存在"],
            ..CASE
        },
        Case {
            name: "import forms of a folder",
            setup: |c| std::fs::create_dir(c.path("填报表")).unwrap(),
            args: &["import", "forms", "{dir}/填报表"],
            want: Want::FormRefused,
            frags: &["文件夹"],
            ..CASE
        },
        Case {
            name: "tasks --list with terminal escapes",
            args: &["tasks", "--list", "\u{1b}]0;pwned\u{7}\u{1b}[2J"],
            frags: &["清单编号"],
            ..CASE
        },
        Case {
            name: "unit alias with a zero-width space (looks like 区建设局)",
            args: &["unit", "alias", "区建设局", "区建\u{200b}设局"],
            frags: &["区建"],
            ..CASE
        },
        Case {
            name: "backup --out onto the ledger itself",
            args: &["backup", "--out", "{db}"],
            frags: &["ledger.db"],
            ..CASE
        },
        Case {
            name: "export table --out onto the ledger itself",
            args: &["export", "table", "--list", "annual-2018", "--out", "{db}"],
            frags: &["ledger.db"],
            ..CASE
        },
        Case {
            name: "export summary --out onto the ledger itself",
            args: &["export", "summary", "--month", "2018-11", "--out", "{db}"],
            frags: &["ledger.db"],
            ..CASE
        },
        Case {
            name: "restore --from a damaged backup",
            setup: |c| {
                std::fs::copy(&c.db, c.path("坏备份.db")).unwrap();
                let f = std::fs::OpenOptions::new().write(true).open(c.path("坏备份.db")).unwrap();
                f.set_len(f.metadata().unwrap().len() / 2).unwrap();
            },
            args: &["restore", "--from", "{dir}/坏备份.db"],
            frags: &["坏备份.db"],
            intact: &["{dir}/坏备份.db"],
            ..CASE
        },
        Case {
            name: "init over a text file",
            setup: |c| {
                std::fs::copy(corpus("ledgers/notes.db"), &c.db).unwrap();
            },
            args: &["init"],
            frags: &["ledger.db", "不是督办台账的账本文件"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "import forms when backups/ is a file (no backup, no import)",
            setup: |c| std::fs::write(c.path("backups"), "不是文件夹").unwrap(),
            args: &["import", "forms", "{hostile}/form-filled.xlsx"],
            frags: &["backups"],
            ..CASE
        },
        // ==== 3. Bad ledgers ======================================================================
        Case {
            name: "ledger: a text file",
            setup: |c| {
                std::fs::copy(corpus("ledgers/notes.db"), &c.db).unwrap();
            },
            args: &["tasks", "--list", "annual-2018"],
            frags: &["ledger.db", "不是督办台账的账本文件"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: another program's SQLite database",
            setup: |c| {
                std::fs::copy(corpus("ledgers/other-program.db"), &c.db).unwrap();
            },
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "不是督办台账的账本文件"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: a newer schema version (user_version=99)",
            setup: |c| sql(&c.db, "PRAGMA user_version = 99;"),
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "99", "升级"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: ours, schema only, no plan",
            setup: |c| {
                std::fs::remove_file(&c.db).unwrap();
                drop(taizhang::storage::open(&c.db, taizhang::storage::OpenMode::Create).unwrap());
            },
            args: &["tasks", "--list", "annual-2018"],
            frags: &["ledger.db", "是空的"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: a file of zero bytes",
            setup: |c| std::fs::write(&c.db, b"").unwrap(),
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: a read-only file",
            setup: |c| c.read_only(&c.db.clone()),
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "只读"],
            need: Need::ReadOnly,
            ..CASE
        },
        Case {
            name: "ledger: in a read-only folder",
            setup: |c| c.read_only(&c.dir),
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "写入"],
            need: Need::ReadOnly,
            ..CASE
        },
        Case {
            name: "ledger: truncated to half (report)",
            setup: |c| {
                with_backup(c);
                let len = std::fs::metadata(&c.db).unwrap().len();
                std::fs::OpenOptions::new().write(true).open(&c.db).unwrap().set_len(len / 2).unwrap();
            },
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "已损坏", "ledger-20181126-093000.000-import.db"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: truncated to half (tasks)",
            setup: |c| {
                with_backup(c);
                let len = std::fs::metadata(&c.db).unwrap().len();
                std::fs::OpenOptions::new().write(true).open(&c.db).unwrap().set_len(len / 2).unwrap();
            },
            args: &["tasks", "--list", "key-projects"],
            frags: &["ledger.db", "已损坏", "ledger-20181126-093000.000-import.db"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: page 2 overwritten with garbage",
            setup: |c| {
                use std::io::{Seek, SeekFrom, Write};
                with_backup(c);
                let bytes = std::fs::read(&c.db).unwrap();
                let page = u16::from_be_bytes([bytes[16], bytes[17]]) as u64;
                let mut f = std::fs::OpenOptions::new().write(true).open(&c.db).unwrap();
                f.seek(SeekFrom::Start(page)).unwrap();
                f.write_all(&vec![0xA5; page as usize]).unwrap();
            },
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "已损坏", "ledger-20181126-093000.000-import.db"],
            check: Check::Bytes,
            ..CASE
        },
        Case {
            name: "ledger: held by another writer (BEGIN EXCLUSIVE)",
            args: &["report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "被其他程序占用"],
            hold: Hold::Writer,
            ..CASE
        },
        Case {
            name: "ledger: held exclusively (locking_mode=EXCLUSIVE), read command",
            args: &["tasks", "--list", "annual-2018"],
            frags: &["ledger.db", "被其他程序占用"],
            hold: Hold::Everything,
            ..CASE
        },
        Case {
            name: "ledger: its folder does not exist",
            args: &["--db", "{dir}/没有的文件夹/ledger.db", "report", "--task", "A-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"],
            frags: &["ledger.db", "不存在"],
            check: Check::Absent,
            ..CASE
        },
        Case {
            name: "ledger: the file does not exist",
            args: &["--db", "{dir}/none.db", "tasks", "--list", "annual-2018"],
            frags: &["none.db", "不存在"],
            check: Check::Absent,
            ..CASE
        },
        Case {
            name: "ledger: --db is a folder",
            args: &["--db", "{dir}", "tasks", "--list", "annual-2018"],
            frags: &["文件夹"],
            check: Check::Absent,
            ..CASE
        },
    ]
}

// ---- Checks ---------------------------------------------------------------------------------

/// Text that must never reach a clerk.
const FORBIDDEN: &[&str] = &[
    "panicked",
    "stack backtrace",
    "RUST_BACKTRACE",
    "memory allocation of",
    "程序内部出错",
    "database is locked",
    "malformed",
    "not a database",
    "unable to open database",
    "readonly database",
    "disk I/O error",
    "SQLITE_",
    "os error",
    "No such file or directory",
    "Permission denied",
    "Is a directory",
];

/// An English sentence (three words or more) outside parentheses and backticks: a message
/// passed through untranslated. Details in parentheses after a Chinese explanation are allowed.
fn english_outside_parentheses(s: &str) -> Option<String> {
    let mut plain = String::new();
    let mut depth = 0i32;
    let mut tick = false;
    for c in s.chars() {
        match c {
            '`' => tick = !tick,
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth > 0 || tick => {}
            _ => plain.push(c),
        }
    }
    // Paths are not sentences.
    let plain: String = plain.split(' ').filter(|w| !w.contains('/')).collect::<Vec<_>>().join(" ");
    let re = regex::Regex::new(r"[A-Za-z]{2,}(?:[,:]? [A-Za-z]{2,}){2,}").unwrap();
    re.find(&plain).map(|m| m.as_str().to_string())
}

fn control_chars(bytes: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(bytes);
    let bad: Vec<String> =
        s.chars().filter(|c| c.is_control() && *c != '\n' && *c != '\t').map(|c| format!("U+{:04X}", c as u32)).collect();
    (!bad.is_empty()).then(|| bad.join(" "))
}

fn first_chars(s: &str, n: usize) -> String {
    s.replace('\n', "⏎").chars().take(n).collect()
}

struct Outcome {
    name: String,
    expected: String,
    actual: String,
    verdict: &'static str,
    problems: Vec<String>,
    command: String,
}

fn run_case(case: &Case, tpl: &Template) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx { dir: dir.path().to_path_buf(), db: dir.path().join("ledger.db"), immutable: RefCell::new(vec![]) };
    std::fs::copy(&tpl.db, &ctx.db).unwrap();
    let mut out = Outcome {
        name: case.name.to_string(),
        expected: match case.want {
            Want::Refused => "exit 1, one line naming the cause".into(),
            Want::FormRefused => "exit 1, refused whole, problem named".into(),
            Want::CleanOrRefused => "exit 1 naming the cell, or exit 0 stored clean".into(),
        },
        actual: String::new(),
        verdict: "PASS",
        problems: vec![],
        command: String::new(),
    };
    if case.need == Need::ReadOnly && is_root() && !have("chattr") {
        out.verdict = if in_ci() { "FAIL" } else { "SKIP" };
        out.problems.push("running as root (permissions ignored) and chattr is missing: cannot make a read-only file".into());
        return out;
    }
    (case.setup)(&ctx);
    if case.check == Check::Absent {
        // The ledger named by the case is elsewhere; the copy is not the one.
        let _ = std::fs::remove_file(&ctx.db);
    }
    let mut args: Vec<String> = case.args.iter().map(|a| ctx.expand(a)).collect();
    if !case.args.contains(&"--db") {
        args.splice(0..0, ["--db".to_string(), ctx.db.to_str().unwrap().to_string()]);
    }
    let intact: Vec<(PathBuf, Vec<u8>)> = case
        .intact
        .iter()
        .map(|p| {
            let p = PathBuf::from(ctx.expand(p));
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    let absent_db = match case.check {
        Check::Absent => args.iter().position(|a| a == "--db").map(|i| PathBuf::from(&args[i + 1])),
        _ => None,
    };
    let before_dump = (case.check == Check::Dump).then(|| dump(&ctx.db));
    let before_bytes = (case.check == Check::Bytes).then(|| std::fs::read(&ctx.db).unwrap());
    let before_files = files_under(&ctx.dir);

    // Another program holding the ledger while the command runs.
    let holder = (case.hold != Hold::None).then(|| {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let db = ctx.db.clone();
        let everything = case.hold == Hold::Everything;
        let h = std::thread::spawn(move || {
            let c = Connection::open(&db).unwrap();
            if everything {
                c.pragma_update(None, "locking_mode", "EXCLUSIVE").unwrap();
            }
            c.execute_batch("BEGIN EXCLUSIVE; UPDATE setting SET value = value;").unwrap();
            ready_tx.send(()).unwrap();
            let _ = stop_rx.recv_timeout(Duration::from_secs(30));
            c.execute_batch("ROLLBACK").unwrap();
        });
        ready_rx.recv().unwrap();
        (stop_tx, h)
    });

    let ran = taizhang(&args);
    out.command = format!(
        "taizhang {}",
        args.iter()
            .map(|a| {
                let a = if a.chars().count() > 60 { format!("<{} chars>", a.chars().count()) } else { a.clone() };
                if a.is_empty() || a.contains(' ') || a.contains('\n') { format!("{a:?}") } else { a }
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    if let Some((stop, h)) = holder {
        stop.send(()).unwrap();
        h.join().unwrap();
    }
    ctx.release();

    let stderr = ran.stderr.trim_end_matches('\n');
    let problem_line = ran.stdout.lines().find(|l| l.trim_start().starts_with("- ")).map(|l| l.trim_start().to_string());
    out.actual = format!(
        "{}: {}",
        ran.status(),
        first_chars(
            if matches!(case.want, Want::FormRefused | Want::CleanOrRefused) && ran.code != Some(0) {
                problem_line.as_deref().unwrap_or(stderr)
            } else if stderr.is_empty() {
                ran.stdout.trim()
            } else {
                stderr
            },
            100
        )
    );
    let p = &mut out.problems;
    let accepted_clean = case.want == Want::CleanOrRefused && ran.code == Some(0);
    if !accepted_clean {
        if ran.code != Some(1) {
            p.push(format!("exit status {} (want 1)", ran.status()));
        }
        if !stderr.starts_with("错误：") {
            p.push("stderr does not start with 错误：".into());
        }
        if stderr.contains('\n') {
            p.push(format!("stderr has {} lines (want 1)", stderr.lines().count()));
        }
    }
    for text in [&ran.stdout, &ran.stderr] {
        for f in FORBIDDEN {
            if text.contains(f) {
                p.push(format!("output contains “{f}”"));
            }
        }
    }
    if let Some(e) = english_outside_parentheses(stderr) {
        p.push(format!("English text in the message: “{e}”"));
    }
    for (what, raw) in [("stdout", &ran.raw_stdout), ("stderr", &ran.raw_stderr)] {
        if let Some(c) = control_chars(raw) {
            p.push(format!("control characters on {what}: {c}"));
        }
    }
    match case.want {
        Want::Refused => {
            for f in case.frags {
                if !stderr.contains(f) {
                    p.push(format!("message lacks “{f}”"));
                }
            }
        }
        Want::FormRefused | Want::CleanOrRefused if !accepted_clean => {
            let file = Path::new(args.last().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .chars()
                // Printed with control characters shown as spaces.
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>();
            if !ran.stdout.lines().any(|l| l.starts_with("== ") && l.contains(&file)) {
                p.push(format!("stdout lacks the line “== …{file}”"));
            }
            if !ran.stdout.contains("整份未导入") {
                p.push("stdout lacks 整份未导入".into());
            }
            if !stderr.contains("未导入") {
                p.push("stderr lacks the summary (未导入)".into());
            }
            let lines: Vec<&str> = ran.stdout.lines().map(str::trim_start).filter(|l| l.starts_with("- ")).collect();
            if lines.is_empty() {
                p.push("no “- ” problem line on stdout".into());
            } else if !lines.iter().any(|l| case.frags.iter().all(|f| l.contains(f))) {
                p.push(format!("no problem line has all of {:?}", case.frags));
            }
        }
        _ => {}
    }
    // The ledger.
    match case.check {
        Check::Dump if accepted_clean => match dump(&ctx.db) {
            Ok(rows) => {
                if let Some(row) = rows.iter().find(|r| r.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\u{1f}')))
                {
                    p.push(format!("accepted, but the ledger stores control characters: {:?}", first_chars(row, 80)));
                }
                if !rows.iter().any(|r| r.contains("红字")) {
                    p.push("accepted, but the text is not in the ledger".into());
                }
            }
            Err(e) => p.push(format!("the ledger cannot be read after the run: {e}")),
        },
        Check::Dump => match (before_dump.unwrap(), dump(&ctx.db)) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(a), Ok(b)) => {
                let gone: Vec<_> = a.iter().filter(|r| !b.contains(r)).take(2).collect();
                let new: Vec<_> = b.iter().filter(|r| !a.contains(r)).take(2).collect();
                p.push(format!(
                    "the ledger changed: - {:?} + {:?}",
                    gone.iter().map(|r| first_chars(r, 60)).collect::<Vec<_>>(),
                    new.iter().map(|r| first_chars(r, 60)).collect::<Vec<_>>()
                ));
            }
            (a, b) => p.push(format!(
                "cannot dump the ledger: before: {}, after: {}",
                a.err().unwrap_or_else(|| "ok".into()),
                b.err().unwrap_or_else(|| "ok".into())
            )),
        },
        Check::Bytes => {
            if std::fs::read(&ctx.db).ok() != before_bytes {
                p.push("the file given as ledger changed".into());
            }
        }
        Check::Absent => {
            if let Some(db) = &absent_db
                && db.exists()
                && !db.is_dir()
            {
                p.push(format!("{} was created", db.display()));
            }
        }
    }
    if !accepted_clean {
        let after_files = files_under(&ctx.dir);
        let new: Vec<_> = after_files.iter().filter(|f| !before_files.contains(f)).collect();
        let gone: Vec<_> = before_files.iter().filter(|f| !after_files.contains(f)).collect();
        if !new.is_empty() {
            p.push(format!("files left behind: {new:?}"));
        }
        if !gone.is_empty() {
            p.push(format!("files removed: {gone:?}"));
        }
    }
    for (path, bytes) in intact {
        if std::fs::read(&path).ok().as_ref() != Some(&bytes) {
            p.push(format!("{} changed", path.display()));
        }
    }
    if !out.problems.is_empty() {
        out.verdict = "FAIL";
    }
    out
}

#[test]
fn bad_inputs_are_refused_clearly_and_change_nothing() {
    for dir in ["hostile", "lists", "ledgers"] {
        assert!(corpus(dir).is_dir(), "tests/corpus/{dir} is missing: run tests/corpus/make.sh");
    }
    let tpl = template();
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(names.insert(c.name), "two cases named {}", c.name);
        for a in c.args {
            if let Some(rest) = a.strip_prefix("{hostile}/") {
                assert!(
                    corpus("hostile").join(rest).exists(),
                    "{}: tests/corpus/hostile/{rest} is missing: run tests/corpus/make.sh",
                    c.name
                );
            }
        }
    }
    let started = Instant::now();
    let outcomes: Vec<Outcome> = cases.iter().map(|c| run_case(c, &tpl)).collect();

    let mut table =
        String::from("\n| # | case | expected | actual (status: first 100 characters) | verdict |\n|---|---|---|---|---|\n");
    for (i, o) in outcomes.iter().enumerate() {
        writeln!(table, "| {} | {} | {} | {} | {} |", i + 1, o.name, o.expected, o.actual.replace('|', "\\|"), o.verdict)
            .unwrap();
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.verdict == "FAIL").collect();
    let skipped: Vec<&Outcome> = outcomes.iter().filter(|o| o.verdict == "SKIP").collect();
    writeln!(
        table,
        "\n{} cases: {} pass, {} fail, {} skipped, in {:.1} s",
        outcomes.len(),
        outcomes.iter().filter(|o| o.verdict == "PASS").count(),
        failed.len(),
        skipped.len(),
        started.elapsed().as_secs_f64()
    )
    .unwrap();
    for o in &skipped {
        writeln!(table, "SKIP {}: {}", o.name, o.problems.join("; ")).unwrap();
    }
    for o in &failed {
        writeln!(table, "\nFAIL {}\n  $ {}", o.name, o.command).unwrap();
        for p in &o.problems {
            writeln!(table, "  - {p}").unwrap();
        }
    }
    println!("{table}");
    assert!(
        failed.is_empty(),
        "{} of {} bad inputs are not handled as they should be:{}",
        failed.len(),
        outcomes.len(),
        failed.iter().map(|o| format!("\n  {}: {}", o.name, o.problems.join("; "))).collect::<String>()
    );
}

/// The good files the hostile ones start from are accepted, so that each refusal above is the
/// edit's doing.
#[test]
#[rustfmt::skip]
fn the_corpus_bases_are_accepted() {
    let tpl = template();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(&tpl.db, &db).unwrap();
    let d = db.to_str().unwrap().to_string();
    let hostile = corpus("hostile");
    let lists = corpus("lists");
    for args in [
        vec!["import", "forms", "--dry-run", hostile.join("form-filled.xlsx").to_str().unwrap()],
        vec!["import", "forms", "--dry-run", hostile.join("form-filled.xls").to_str().unwrap()],
        vec![
            "import", "list", lists.join("good-list.xlsx").to_str().unwrap(), "--id", "annual-2019",
            "--name", "2019年主要工作任务清单",
        ],
    ] {
        let mut all = vec!["--db".to_string(), d.clone()];
        all.extend(args.iter().map(|s| s.to_string()));
        let r = taizhang(&all);
        assert_eq!(r.code, Some(0), "{all:?}:\n{}\n{}", r.stdout, r.stderr);
    }
}

/// Wall time and peak memory of `import forms --dry-run` on each hostile form (debug build,
/// capped at 1 GiB of address space). Prints a table; asserts nothing. The goal: ≤ 200 MB and
/// ≤ 5 s for any file of ≤ 20 MB.
#[test]
fn hostile_forms_time_and_memory() {
    let timer = if Path::new("/usr/bin/time").exists() {
        "time"
    } else if have("python3") {
        "python"
    } else {
        assert!(!in_ci(), "neither /usr/bin/time nor python3 to measure memory");
        println!("SKIP hostile_forms_time_and_memory: neither /usr/bin/time nor python3");
        return;
    };
    let tpl = template();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus("hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain(std::fs::read_dir(corpus("hostile/limits")).into_iter().flatten().map(|e| e.unwrap().path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut table = String::from(
        "\n| file | size | status | wall time (s) | CPU time (s) | peak RSS (MB) | within 5 s / 200 MB |\n|---|---|---|---|---|---|---|\n",
    );
    for f in files {
        let out = tempfile::NamedTempFile::new().unwrap();
        let bin = env!("CARGO_BIN_EXE_taizhang");
        let measure = match timer {
            "time" => format!(
                "ulimit -v {MEMORY_CAP_KB}; exec /usr/bin/time -o \"$1\" -f '%e %M %U %S' \"$0\" --db \"$2\" import forms --dry-run \"$3\""
            ),
            _ => format!(
                "ulimit -v {MEMORY_CAP_KB}; exec python3 -c 'import resource,subprocess,sys,time\nt=time.time(); subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nr=resource.getrusage(resource.RUSAGE_CHILDREN)\nopen(sys.argv[1],\"w\").write(\"%.2f %d %.2f %.2f\" % (time.time()-t, r.ru_maxrss, r.ru_utime, r.ru_stime))' \"$1\" \"$0\" --db \"$2\" import forms --dry-run \"$3\""
            ),
        };
        let status = Command::new("sh")
            .arg("-c")
            .arg(measure)
            .arg(bin)
            .arg(out.path())
            .arg(&tpl.db)
            .arg(&f)
            .env("TAIZHANG_BUSY_TIMEOUT_MS", "500")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        let figures = std::fs::read_to_string(out.path()).unwrap_or_default();
        // /usr/bin/time prints "Command terminated by signal 6" before the figures.
        let last = figures.lines().last().unwrap_or("").to_string();
        let mut parts = last.split_whitespace();
        let secs: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
        let kb: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
        let cpu: f64 = parts.map(|s| s.parse::<f64>().unwrap_or(f64::NAN)).sum();
        let signal = figures.lines().find(|l| l.contains("signal")).map(|l| l.trim().to_string());
        use std::os::unix::process::ExitStatusExt;
        let shown = signal.unwrap_or_else(|| match (status.code(), status.signal()) {
            (Some(c), _) => format!("exit {c}"),
            (_, Some(s)) => format!("signal {s}"),
            _ => "?".into(),
        });
        let mb = kb / 1024.0;
        writeln!(
            table,
            "| {} | {:.0} KB | {} | {:.2} | {:.2} | {:.0} | {} |",
            f.strip_prefix(corpus("hostile")).unwrap().display(),
            std::fs::metadata(&f).unwrap().len() as f64 / 1024.0,
            shown,
            secs,
            cpu,
            mb,
            if secs <= 5.0 && mb <= 200.0 { "yes" } else { "NO" }
        )
        .unwrap();
    }
    println!(
        "{table}\n({} build; every run capped at {} MiB of address space; wall time depends on \
         the machine's load, CPU time less so)",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        MEMORY_CAP_KB / 1024
    );
}
