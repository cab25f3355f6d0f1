//! The plan's targets and a task's life on the command line: targets recorded and judged, a
//! deadline moved only by an approved request, evidence, 销号 and 退回, a missed milestone; and
//! every bad input refused with one line that changes nothing.

mod common;

use std::path::{Path, PathBuf};

use common::taizhang;
use serde_json::Value;

fn ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    taizhang(&db, &["init"]).ok();
    (dir, db)
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&taizhang(db, args).ok()).unwrap()
}

/// A byte-for-byte copy of the ledger's content, to show a refused command changed nothing.
fn dump(db: &Path) -> Vec<u8> {
    let out = db.with_file_name("dump.db");
    let _ = std::fs::remove_file(&out);
    taizhang(db, &["backup", "--out", out.to_str().unwrap()]).ok();
    let conn = rusqlite::Connection::open(&out).unwrap();
    let mut text = Vec::new();
    for table in ["target", "target_unit", "target_value", "extension", "attachment", "blob", "closure", "audit", "deadline"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                text.extend(format!("{:?}|", r.get_ref(i).unwrap()).into_bytes());
            }
            text.push(b'\n');
        }
    }
    text
}

#[test]
fn targets_are_judged_on_the_path_from_the_baseline() {
    let (dir, db) = ledger();
    taizhang(&db, &["target", "set", "--id", "T-01", "--lead", "区环保分局", "--baseline", "45", "--baseline-year", "2017"]).ok();
    taizhang(&db, &["target", "record", "--id", "T-01", "--period", "2018", "--value", "41.2", "--source", "监测年报"]).ok();
    taizhang(&db, &["target", "record", "--id", "T-15", "--period", "2020", "--value", "26.5"]).ok();
    taizhang(&db, &["target", "record", "--id", "T-13", "--period", "2018", "--value", "99.5"]).ok();
    let all = json(&db, &["targets", "--period", "2018", "--json"]);
    let by = |code: &str| all.as_array().unwrap().iter().find(|t| t["target"]["code"] == code).unwrap().clone();
    assert_eq!(by("T-01")["state"], "on_path");
    assert_eq!(by("T-13")["state"], "no_baseline", "99.5% is not 100% and there is nothing to draw a path from");
    let all2020 = json(&db, &["targets", "--period", "2020", "--json"]);
    let t15 = all2020.as_array().unwrap().iter().find(|t| t["target"]["code"] == "T-15").unwrap();
    assert_eq!((t15["state"].as_str(), t15["light"].as_str()), (Some("missed"), Some("red")), "the target year is over");
    // Replaced values stay as history.
    taizhang(&db, &["target", "record", "--id", "T-01", "--period", "2018", "--value", "40.8", "--source", "监测年报（修正）"])
        .ok();
    let history = taizhang(&db, &["target", "history", "--id", "T-01"]).ok();
    assert!(history.contains("41.2") && history.contains("已被替换") && history.contains("40.8"), "{history}");

    // The sheet: one row per target, the legend, the period in the title.
    let out = dir.path().join("主要目标.xlsx");
    let said = taizhang(&db, &["export", "targets", "--period", "2018", "--out", out.to_str().unwrap()]).ok();
    assert!(said.contains("23 项指标"), "{said}");
    let mut book = common::xlsx::Book::open(&out);
    let rows = book.rows("主要目标");
    assert!(rows[0][0].contains("主要目标2018年完成情况表"), "{:?}", rows[0]);
    let header = rows.iter().find(|r| r[0] == "序号").unwrap();
    assert_eq!(
        header[..10],
        ["序号", "指标", "目标值", "目标\n年份", "基期值", "当前值", "完成情况", "责任单位", "亮灯", "说明"]
    );
    let pm = rows.iter().find(|r| r[1] == "全区PM2.5平均浓度").unwrap();
    assert_eq!(
        (pm[2].as_str(), pm[4].as_str(), pm[5].as_str(), pm[6].as_str()),
        ("≤38微克/立方米", "45（2017年）", "40.8", "有望达标")
    );
    assert!(pm[9].contains("数据来源：监测年报（修正）"), "{pm:?}");
    assert!(rows.iter().any(|r| r[0].starts_with("完成情况说明")), "a legend");
}

#[test]
fn a_deadline_moves_only_when_the_request_is_approved() {
    let (_dir, db) = ledger();
    let said = taizhang(
        &db,
        &[
            "extend",
            "request",
            "--task",
            "A-018",
            "--unit",
            "区建设局",
            "--to",
            "2019年6月底",
            "--reason",
            "设备到货延迟",
            "--date",
            "2018-11-20",
        ],
    )
    .ok();
    assert!(said.contains("待审批"), "{said}");
    let list = json(&db, &["extensions", "--json"]);
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let rejected = taizhang(&db, &["extend", "reject", "--id", &id, "--note", "理由不充分"]).ok();
    assert!(rejected.contains("仍为 2018年9月底"), "{rejected}");
    let tasks = json(&db, &["tasks", "--list", "annual-2018", "--json"]);
    let a18 = tasks.as_array().unwrap().iter().find(|t| t["id"] == "A-018").unwrap();
    assert_eq!(a18["deadline"], "2018-09-30");
    // A new request after the deadline is allowed and marked 逾期申请; approved, it moves.
    taizhang(
        &db,
        &["extend", "request", "--task", "A-018", "--to", "2019-03-31", "--reason", "重新申请", "--date", "2019-01-05"],
    )
    .ok();
    let list = json(&db, &["extensions", "--pending", "--json"]);
    assert_eq!(list[0]["late"], true);
    let id = list[0]["id"].as_i64().unwrap().to_string();
    taizhang(&db, &["extend", "approve", "--id", &id]).ok();
    let history = taizhang(&db, &["history", "--task", "A-018"]).ok();
    assert!(history.contains("申请延期") && history.contains("审批延期"), "{history}");
    // 2019-01: within the new deadline, not red for the old one.
    let red = taizhang(&db, &["overdue", "--month", "2019-01"]).ok();
    assert!(!red.contains("A-018"), "{red}");
}

#[test]
fn closing_needs_evidence_and_a_return_reopens() {
    let (dir, db) = ledger();
    let pdf = dir.path().join("验收报告.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%evidence\n").unwrap();
    let err = taizhang(&db, &["close", "--task", "A-036"]).err();
    assert!(err.contains("尚未报告“已完成”"), "{err}");
    taizhang(&db, &["report", "--task", "A-036", "--unit", "区农办", "--month", "2018-11", "--status", "已完成"]).ok();
    let err = taizhang(&db, &["close", "--task", "A-036"]).err();
    assert!(err.contains("还没有佐证材料"), "{err}");
    taizhang(&db, &["attach", "--task", "A-036", pdf.to_str().unwrap(), "--note", "验收报告"]).ok();
    taizhang(&db, &["close", "--task", "A-036", "--note", "材料齐全", "--date", "2018-11-28"]).ok();
    let listing = taizhang(&db, &["attachments", "--task", "A-036"]).ok();
    assert!(listing.starts_with("任务 A-036：已销号") && listing.contains("验收报告.pdf"), "{listing}");
    // The month's sheet says 已销号 and counts it.
    let out = dir.path().join("月报.xlsx");
    taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let rows = common::xlsx::Book::open(&out).rows("11月份进展");
    assert_eq!(rows.iter().find(|r| r[0] == "36").unwrap()[6], "已销号");
    assert!(rows.iter().any(|r| r[0].contains("已销号 1 项")));
    // Saved out as it went in.
    let saved = dir.path().join("另存");
    taizhang(&db, &["attachments", "--task", "A-036", "--save-to", saved.to_str().unwrap()]).ok();
    assert_eq!(std::fs::read(saved.join("验收报告.pdf")).unwrap(), std::fs::read(&pdf).unwrap());
    // 退回: reopened, shown in the unit's next form.
    taizhang(&db, &["reopen", "--task", "A-036", "--reason", "现场核查发现仍有3座未改造", "--date", "2018-12-05"]).ok();
    let forms = dir.path().join("forms");
    taizhang(&db, &["export", "forms", "--list", "annual-2018", "--month", "2018-12", "--out-dir", forms.to_str().unwrap()]).ok();
    let rows = common::xlsx::Book::open(&forms.join("区农办-2018年12月工作进展填报表.xlsx")).rows("填报表");
    let a36 = rows.iter().find(|r| r.get(13).map(String::as_str) == Some("A-036")).unwrap();
    assert!(a36[5].starts_with("【销号申请已退回：现场核查发现仍有3座未改造】"), "{a36:?}");
    // Without evidence: only with a reason, recorded.
    taizhang(&db, &["report", "--task", "A-036", "--unit", "区农办", "--month", "2018-12", "--status", "已完成"]).ok();
    let t = "A-012";
    taizhang(&db, &["report", "--task", t, "--unit", "区建设局", "--month", "2018-11", "--status", "已完成"]).ok();
    let err = taizhang(&db, &["close", "--task", t, "--without-evidence"]).err();
    assert!(err.contains("必须写明理由"), "{err}");
    taizhang(&db, &["close", "--task", t, "--without-evidence", "--note", "现场已核实"]).ok();
    assert!(taizhang(&db, &["history", "--task", t]).ok().contains("无佐证材料"));
}

#[test]
fn a_passed_milestone_without_a_report_lights_red() {
    let (_dir, db) = ledger();
    // R-tasks carry intermediate milestones (2020) before the plan's 2022; find one.
    let tasks = json(&db, &["tasks", "--list", "responsibility", "--json"]);
    let task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["milestones"].as_array().unwrap().len() >= 2 && t["milestones"][0]["due_on"] == "2020-12-31")
        .expect("a task with a 2020 milestone")
        .clone();
    let id = task["id"].as_str().unwrap();
    let lead = task["lead"][0].as_str().unwrap();
    taizhang(&db, &["report", "--task", id, "--unit", lead, "--month", "2020-10", "--status", "按序时推进"]).ok();
    let red = taizhang(&db, &["overdue", "--month", "2021-01"]).ok();
    assert!(red.contains(id) && red.contains("阶段节点（2020年底）已过，未见完成报告"), "{red}");
    // A report on track in the milestone's month says it was met.
    taizhang(&db, &["report", "--task", id, "--unit", lead, "--month", "2020-12", "--status", "按序时推进"]).ok();
    let red = taizhang(&db, &["overdue", "--month", "2021-01"]).ok();
    assert!(!red.contains(&format!("{id} ")), "{red}");
}

#[test]
fn bad_inputs_are_refused_with_one_line_and_change_nothing() {
    let (dir, db) = ledger();
    let txt = dir.path().join("说明.txt");
    std::fs::write(&txt, "文字").unwrap();
    let fake = dir.path().join("假.pdf");
    std::fs::write(&fake, "不是PDF").unwrap();
    let big = dir.path().join("大.pdf");
    std::fs::write(&big, [b"%PDF".as_slice(), &vec![b' '; 3 * 1024 * 1024]].concat()).unwrap();
    taizhang(&db, &["settings", "--set", "attachment_max_mb=2"]).ok();
    let missing = dir.path().join("没有.pdf");
    let before = dump(&db);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["target", "record", "--id", "T-99", "--period", "2018", "--value", "1"], "找不到主要目标“T-99”"),
        (vec!["target", "record", "--id", "T-01", "--period", "2018", "--value", "较好"], "数值“较好”不正确"),
        (vec!["target", "record", "--id", "T-01", "--period", "2017", "--value", "40"], "超出范围"),
        (vec!["target", "record", "--id", "T-01", "--period", "2026", "--value", "40"], "2025 年"),
        (vec!["target", "record", "--id", "T-01", "--period", "18年", "--value", "40"], "统计期“18年”不正确"),
        (vec!["target", "set", "--id", "T-01", "--lead", "各镇街"], "具体单位"),
        (vec!["target", "set", "--id", "T-01", "--baseline", "45", "--baseline-year", "2021"], "基期年份"),
        (vec!["extend", "request", "--task", "A-018", "--to", "2018-06-30", "--reason", "x"], "应晚于原完成时限"),
        (vec!["extend", "request", "--task", "A-018", "--to", "下个月", "--reason", "x"], "日期“下个月”不正确"),
        (vec!["extend", "request", "--task", "A-999", "--to", "2019-06-30", "--reason", "x"], "找不到任务“A-999”"),
        (vec!["extend", "request", "--task", "A-018", "--to", "2019-06-30", "--reason", " "], "延期理由不能为空"),
        (
            vec!["extend", "request", "--task", "A-018", "--from", "2018-06-30", "--to", "2019-06-30", "--reason", "x"],
            "没有2018年6月底这个完成时限",
        ),
        (vec!["extend", "approve", "--id", "42"], "找不到延期申请 42"),
        (vec!["attach", "--task", "A-018", txt.to_str().unwrap()], "不是可作为佐证材料的类型"),
        (vec!["attach", "--task", "A-018", fake.to_str().unwrap()], "不是PDF 文件"),
        (vec!["attach", "--task", "A-018", big.to_str().unwrap()], "上限 2 MB"),
        (vec!["attach", "--task", "A-018", missing.to_str().unwrap()], "不存在"),
        (vec!["close", "--task", "A-018"], "尚未报告"),
        (vec!["reopen", "--task", "A-018", "--reason", "x"], "无需退回"),
    ];
    for (args, expected) in cases {
        let err = taizhang(&db, &args).err();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line: {err}");
    }
    assert!(dump(&db) == before, "refused commands changed the ledger");
    // Approving twice.
    taizhang(&db, &["extend", "request", "--task", "A-018", "--to", "2019-06-30", "--reason", "设备"]).ok();
    taizhang(&db, &["extend", "approve", "--id", "1"]).ok();
    let err = taizhang(&db, &["extend", "approve", "--id", "1"]).err();
    assert!(err.contains("已批准，不能再次审批"), "{err}");
}
