//! A new plan from its Word document on the command line: previewed, imported beside the
//! built-in one, chosen per command or as current, deleted only by its title and after a backup;
//! documents that cannot be read refused with one line, nothing imported.

mod common;

use std::path::{Path, PathBuf};

use common::taizhang;

fn ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    taizhang(&db, &["init"]).ok();
    (dir, db)
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/plans").join(name).display().to_string()
}

#[test]
fn two_plans_side_by_side() {
    let (dir, db) = ledger();
    let preview = taizhang(&db, &["import", "plan", &corpus("builtin-plan.docx"), "--dry-run"]).ok();
    assert!(preview.contains("工作任务责任分解表（附件2") && preview.contains("100 行，待核对 18 行"), "{preview}");
    assert!(preview.contains("试运行"), "{preview}");
    assert!(!taizhang(&db, &["plans"]).ok().contains("builtin-plan.docx"), "a dry run imports nothing");

    let said = taizhang(&db, &["import", "plan", &corpus("builtin-plan.docx")]).ok();
    assert!(said.contains("已导入为方案 2"), "{said}");
    let plans = taizhang(&db, &["plans"]).ok();
    assert!(plans.lines().any(|l| l.trim_start().starts_with("* ") && l.contains("builtin-plan.docx")), "{plans}");
    // The lists shown are the current plan's; --plan shows another's without changing it.
    let lists = taizhang(&db, &["lists"]).ok();
    assert!(lists.contains("p2-responsibility") && !lists.lines().any(|l| l.starts_with("annual-2018")), "{lists}");
    let first = taizhang(&db, &["--plan", "1", "lists"]).ok();
    assert!(first.contains("annual-2018") && !first.contains("p2-"), "{first}");
    assert!(taizhang(&db, &["lists"]).ok().contains("p2-responsibility"), "--plan changes nothing for later commands");
    // The same 100 rows as the built-in plan, with ids of their own.
    let tasks: serde_json::Value =
        serde_json::from_str(&taizhang(&db, &["tasks", "--list", "p2-responsibility", "--json"]).ok()).unwrap();
    let builtin: serde_json::Value =
        serde_json::from_str(&taizhang(&db, &["tasks", "--list", "responsibility", "--json"]).ok()).unwrap();
    let (a, b) = (tasks.as_array().unwrap(), builtin.as_array().unwrap());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(
            (&x["seq"], &x["text"], &x["lead"], &x["partner"], &x["deadline"]),
            (&y["seq"], &y["text"], &y["lead"], &y["partner"], &y["deadline"])
        );
    }
    assert_eq!(a[0]["id"], "R2-001");
    // Its targets wait for the clerk's check.
    let targets = taizhang(&db, &["targets"]).ok();
    assert!(targets.contains("待核对 25 项"), "{targets}");
    taizhang(&db, &["target", "set", "--id", "T-01", "--confirm"]).ok();
    assert!(taizhang(&db, &["targets"]).ok().contains("待核对 24 项"));
    // Reports and exports of one plan leave the other alone.
    taizhang(&db, &["report", "--task", "A2-018", "--unit", "区建设局", "--month", "2018-11", "--status", "滞后"]).ok();
    let red = taizhang(&db, &["overdue", "--month", "2018-11"]).ok();
    assert!(red.contains("A2-018") && !red.contains("A-018 "), "{red}");
    assert!(!taizhang(&db, &["--plan", "1", "overdue", "--month", "2018-11"]).ok().contains("A2-018"));

    // Switching, and deleting only by the title, after a backup.
    taizhang(&db, &["plan", "use", "1"]).ok();
    assert!(taizhang(&db, &["lists"]).ok().contains("annual-2018"));
    let err = taizhang(&db, &["plan", "delete", "2", "--title", "别的方案"]).err();
    assert!(err.contains("方案名称不符"), "{err}");
    let said = taizhang(&db, &["plan", "delete", "2", "--title", "越城区生态文明示范创建行动方案"]).ok();
    assert!(said.contains("已删除方案 2") && said.contains("backups"), "{said}");
    assert!(!taizhang(&db, &["plans"]).ok().contains("builtin-plan.docx"));
    let err = taizhang(&db, &["plan", "delete", "1", "--title", "越城区生态文明示范创建行动方案"]).err();
    assert!(err.contains("唯一的方案"), "{err}");
    let err = taizhang(&db, &["--plan", "9", "lists"]).err();
    assert!(err.contains("找不到方案“9”"), "{err}");
    drop(dir);
}

#[test]
fn documents_that_cannot_be_read_import_nothing() {
    let (_dir, db) = ledger();
    for (file, expected) in [
        ("old-format.doc", "另存为 .docx"),
        ("encrypted.docx", "已加密"),
        ("no-task-table.docx", "没有找到任务表"),
        ("not-a-document.docx", "不是"),
        ("truncated.docx", "不是完整的 Word 文档"),
        ("empty.docx", "空文档"),
        ("unrecognised-header.docx", "无法识别"),
    ] {
        let err = taizhang(&db, &["import", "plan", &corpus(file)]).err();
        assert!(err.contains(expected), "{file}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{file}: {err}");
    }
    let plans = taizhang(&db, &["plans"]).ok();
    assert_eq!(plans.lines().filter(|l| l.contains("2018-10-31")).count(), 1, "{plans}");
    // Tables the reader takes: a split table, a 备注 column (its notes left out, said so), three
    // columns, a 序号 twice (kept, flagged).
    for (file, expected) in [
        ("split-table.docx", "行"),
        ("remark-column.docx", "备注"),
        ("three-columns.docx", "行"),
        ("duplicate-seq.docx", "待核对"),
    ] {
        let out = taizhang(&db, &["import", "plan", &corpus(file), "--dry-run"]).ok();
        assert!(out.contains(expected), "{file}: {out}");
    }
}
