//! Monthly progress through the command line: reports, history, status, lights, the monthly
//! sheet and the summary read back, and bad input refused without changes.

mod common;

use common::taizhang;
use common::xlsx::Book;
use serde_json::Value;

fn ledger() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    (dir, db)
}

fn report(db: &std::path::Path, task: &str, unit: &str, month: &str, status: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", "--task", task, "--unit", unit, "--month", month, "--status", status];
    args.extend_from_slice(extra);
    taizhang(db, &args).ok()
}

fn record_month(db: &std::path::Path) {
    report(
        db,
        "A-018",
        "区建设局",
        "2018-11",
        "滞后",
        &[
            "--progress",
            "已完成流量计安装 60%。",
            "--problems",
            "部分终端供电不稳定。",
            "--next",
            "12月底前全部完成。",
            "--percent",
            "60",
        ],
    );
    report(db, "A-001", "区环保分局", "2018-11", "按序时推进", &["--progress", "负氧离子站点已建成3个。", "--percent", "80"]);
    report(db, "A-001", "区气象局", "2018-11", "已完成", &["--progress", "配合完成选址。"]);
    report(db, "A-036", "区农办", "2018-11", "已完成", &["--progress", "完成公厕改造618座。", "--percent", "100"]);
    report(db, "A-033", "区环保分局", "2018-11", "按序时推进", &["--progress", "“绿盾2018”检查已完成。", "--percent", "95"]);
    report(db, "A-033", "区农水局", "2018-11", "未启动", &["--progress", "=尚未开始"]);
}

#[test]
fn a_later_report_replaces_and_the_earlier_stays_in_history() {
    let (_dir, db) = ledger();
    taizhang(&db, &["settings", "--set", "clerk_name=赵文书"]).ok();
    let first = report(&db, "A-036", "区农办", "2018-11", "按序时推进", &["--progress", "已改造400座。", "--percent", "65"]);
    assert!(first.contains("已登记"), "{first}");
    let second = report(&db, "A-036", "区农办", "2018-11", "已完成", &["--progress", "完成公厕改造618座。", "--percent", "100"]);
    assert!(second.contains("已更新"), "{second}");
    let same = report(&db, "A-036", "区农办", "2018-11", "已完成", &["--progress", "完成公厕改造618座。", "--percent", "100"]);
    assert!(same.contains("未做改动"), "{same}");
    let history = taizhang(&db, &["history", "--task", "A-036"]).ok();
    assert!(history.contains("已改造400座。") && history.contains("（已被替换）"), "{history}");
    assert!(history.contains("完成公厕改造618座。"));
    assert!(history.contains("赵文书\t报送\t2018-11 区农办\t按序时推进 → 已完成"), "{history}");
    assert_eq!(history.matches("（已被替换）").count(), 1);
}

#[test]
fn status_rolls_up_from_lead_units_and_can_be_set_by_hand() {
    let (dir, db) = ledger();
    record_month(&db);
    let out = dir.path().join("m.xlsx");
    taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    let row = |seq: &str| rows.iter().find(|r| r[0] == seq).unwrap_or_else(|| panic!("{seq}")).clone();
    // A-033 has two lead units: the worst of 按序时推进 and 未启动.
    assert_eq!(row("33")[6], "未启动");
    // only 区环保分局 leads; 区气象局's 已完成 does not make the task done.
    assert_eq!(row("1")[6], "按序时推进");

    taizhang(&db, &["status", "--task", "A-033", "--month", "2018-11", "--status", "按序时推进"]).ok();
    taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    assert_eq!(rows.iter().find(|r| r[0] == "33").unwrap()[6], "按序时推进");
    let history = taizhang(&db, &["history", "--task", "A-033"]).ok();
    assert!(history.contains("设定状态\t2018-11 完成状态\t → 按序时推进"), "{history}");
}

#[test]
fn monthly_sheet_read_back() {
    let (dir, db) = ledger();
    record_month(&db);
    let out = dir.path().join("越城区生态文明示范创建2018年主要工作任务11月进展情况表.xlsx");
    let msg =
        taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    assert!(msg.contains("45"), "{msg}");
    let mut book = Book::open(&out);
    let sheet = book.sheets[0].clone();
    let rows = book.rows(&sheet);
    assert_eq!(rows[0][0], "越城区生态文明示范创建行动方案2018年主要工作任务11月份进展情况表");
    assert!(rows[1][0].starts_with("报送单位："), "{:?}", rows[1]);
    assert!(rows[1].iter().any(|c| c.starts_with("报送时间：")), "{:?}", rows[1]);
    assert_eq!(
        rows[2],
        vec![
            "序号",
            "项目",
            "主要工作任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "完成\n状态",
            "完成\n百分比",
            "序时\n进度",
            "进展情况",
            "存在问题",
            "下步计划",
            "亮灯"
        ]
    );
    let row = |seq: &str| rows.iter().find(|r| r[0] == seq).unwrap_or_else(|| panic!("{seq}")).clone();
    let r18 = row("18");
    assert_eq!(r18[5], "2018年9月底");
    assert_eq!(r18[6], "滞后");
    assert_eq!(r18[9], "已完成流量计安装 60%。");
    assert_eq!(r18[10], "部分终端供电不稳定。");
    assert_eq!(r18[11], "12月底前全部完成。");
    assert_eq!(r18[12], "红灯");
    // Several units reported: each text with its unit's name.
    let r1 = row("1");
    assert_eq!(r1[9], "【区环保分局】负氧离子站点已建成3个。\n【区气象局】配合完成选址。");
    // 80% is below 序时进度 (11/12): yellow, and both figures are on the sheet, as numbers.
    assert_eq!(r1[12], "黄灯");
    assert_eq!(r1[7], "80");
    assert_eq!(r1[8], "0.9167");
    assert_eq!(row("36")[12], "绿灯");
    assert_eq!(row("36")[6], "已完成\n（待销号）");
    // Nobody reported: 未报送.
    assert_eq!(row("2")[6], "未报送");
    assert_eq!(row("2")[12], "未报送");
    // Text beginning with = stays text.
    assert!(row("33")[9].contains("【区农水局】=尚未开始"));
    // The light is the cell's fill colour too.
    let styles = book.part("xl/styles.xml");
    for rgb in ["FFFF7875", "FFFFE58F", "FFB7EB8F", "FFD9D9D9"] {
        assert!(styles.contains(rgb), "fill {rgb} in styles");
    }
    let notes: Vec<String> = rows.iter().filter(|r| r[1].is_empty() && r[0].len() > 30).map(|r| r[0].clone()).collect();
    let count = notes.iter().find(|n| n.contains("本表共")).expect("a line of counts");
    // Yellow: A-001 (80% below 序时进度) and A-033 (未启动 with more than half the year gone).
    assert!(count.contains("红灯 1 项") && count.contains("黄灯 2 项"), "{count}");
    assert_eq!(row("33")[12], "黄灯");
    // The legend says the rules with the settings' threshold; the sending office signs.
    assert!(notes.iter().any(|n| n.starts_with("亮灯说明") && n.contains("不足 30 天")), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with("填表人：") && n.contains("审核人：") && n.contains("联系电话：")), "{notes:?}");
    // 区建设局's and others' reports: who filled in (none came by form here).
    let xml = book.part("xl/worksheets/sheet1.xml");
    assert!(xml.contains("<pane ") && !xml.contains("fitToPage"), "frozen header, a print scale");
}

#[test]
fn summary_read_back() {
    let (dir, db) = ledger();
    record_month(&db);
    let out = dir.path().join("汇总.xlsx");
    let msg = taizhang(&db, &["export", "summary", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    assert!(msg.contains("红灯 1 项"), "{msg}");
    let mut book = Book::open(&out);
    assert_eq!(book.sheets, vec!["总体情况", "牵头单位情况", "单位情况图", "红灯任务", "未报送单位"]);
    let rows = book.rows("总体情况");
    let annual = rows.iter().find(|r| r[0] == "2018年主要工作任务清单").unwrap();
    // total, closed, done (not yet closed), on track, behind, not started, unreported, no lead
    // unit, red, yellow, green
    assert_eq!(&annual[1..], &["45", "0", "1", "1", "1", "1", "41", "0", "1", "2", "1"]);
    // The lists overlap: no sum over them, and a note says why.
    assert!(!rows.iter().any(|r| r[0] == "合计"));
    assert!(rows.iter().any(|r| r[0].contains("不宜相加")));
    // The key projects name no lead unit: out of the counts until one is named.
    let projects = rows.iter().find(|r| r[0] == "重点项目表").unwrap();
    assert_eq!((projects[1].as_str(), projects[7].as_str(), projects[8].as_str()), ("21", "0", "21"));

    let rows = book.rows("牵头单位情况");
    let unit = |name: &str| rows.iter().find(|r| r[0] == name).unwrap_or_else(|| panic!("{name}")).clone();
    // 区环保分局 leads 66 + 37 + ... tasks; reported on A-001 and A-033 (on track).
    let hb = unit("区环保分局");
    assert_eq!(hb[3], "2");
    let led: usize = hb[1].parse().unwrap();
    let not_reported: usize = hb[6].parse().unwrap();
    assert_eq!(led - not_reported, 2);
    assert_eq!(unit("区建设局")[4], "1", "behind");
    assert_eq!(unit("区建设局")[7], "1", "overdue: A-018 past 9月底");
    assert!(book.has_part("xl/charts/chart1.xml"), "a chart");
    let chart = book.part("xl/charts/chart1.xml");
    assert!(chart.contains("牵头单位情况"), "chart refers to the unit table");

    // Group words lead no unit's row.
    assert!(!rows.iter().any(|r| r[0] == "各镇街" || r[0] == "区级相关部门"));
    assert!(rows.iter().any(|r| r[0].starts_with("泛指单位牵头")), "a line for tasks led by group words");

    let rows = book.rows("红灯任务");
    let red: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "18").collect();
    assert_eq!(red.len(), 1);
    assert_eq!(red[0][0], "2018年清单");
    assert!(red[0][6].contains("已过完成时限"), "{:?}", red[0]);
    assert_eq!(red[0][7], "部分终端供电不稳定。", "the unit's 存在问题");
    assert_eq!(red[0][8], "12月底前全部完成。", "the unit's 下步计划");

    let rows = book.rows("未报送单位");
    let nongban = rows.iter().find(|r| r[0] == "区农办");
    // 区农办 leads A-036 (reported) and R-043, R-079 (not reported).
    let nongban = nongban.expect("区农办 has unreported tasks in the responsibility table");
    // Numbers may break after each 、 (an invisible break opportunity), never inside a number.
    assert_eq!(nongban[2].replace('\u{200B}', ""), "分解表第43、79项", "{nongban:?}");
    assert_eq!(nongban[1], "2");
}

#[test]
fn overdue_lists_red_tasks_with_reasons() {
    let (_dir, db) = ledger();
    record_month(&db);
    let out = taizhang(&db, &["overdue", "--month", "2018-11", "--json"]).ok();
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["task"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["A-018"]);
    let reasons: Vec<&str> = rows[0]["reasons"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(reasons.iter().any(|r| r.contains("已过完成时限")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("滞后")), "{reasons:?}");
    // In January 2019 every 2018 task not done is past its deadline. A-036, reported done in
    // November, stays done; A-001 is not done (区气象局 is a partner; its 已完成 does not count).
    let out = taizhang(&db, &["overdue", "--month", "2019-01", "--json"]).ok();
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let annual: Vec<&str> =
        rows.iter().filter(|r| r["task"]["list"] == "annual-2018").map(|r| r["task"]["id"].as_str().unwrap()).collect();
    assert_eq!(annual.len(), 44);
    assert!(!annual.contains(&"A-036") && annual.contains(&"A-001"));
    let text = taizhang(&db, &["overdue", "--month", "2018-11"]).ok();
    assert!(text.contains("共 1 项红灯任务"), "{text}");
}

fn snapshot(db: &std::path::Path, dir: &std::path::Path) -> Vec<Vec<String>> {
    let out = dir.join("snap.xlsx");
    taizhang(db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let mut rows = book.rows(&book.sheets[0].clone());
    rows.remove(1); // the 报送时间 line carries today's date
    let history = taizhang(db, &["history", "--task", "A-036"]).ok();
    rows.push(vec![history]);
    rows
}

#[test]
fn bad_report_input_names_the_wrong_value_and_changes_nothing() {
    let (dir, db) = ledger();
    record_month(&db);
    let before = snapshot(&db, dir.path());
    let cases: &[(&[&str], &[&str])] = &[
        (&["--task", "A-099", "--unit", "区农办", "--month", "2018-11", "--status", "已完成"], &["A-099"]),
        (
            &["--task", "A-036", "--unit", "区环保分局", "--month", "2018-11", "--status", "已完成"],
            &["区环保分局", "区农办（牵头）", "区综合执法局（配合）"],
        ),
        (&["--task", "A-036", "--unit", "区不存在办", "--month", "2018-11", "--status", "已完成"], &["区不存在办"]),
        (
            &["--task", "A-036", "--unit", "区农办", "--month", "2018-11", "--status", "完成"],
            &["“完成”", "已完成、按序时推进、滞后、未启动"],
        ),
        (&["--task", "A-036", "--unit", "区农办", "--month", "2018-13", "--status", "已完成"], &["2018-13", "2018-11"]),
        (&["--task", "A-036", "--unit", "区农办", "--month", "十一月", "--status", "已完成"], &["十一月"]),
        (
            &["--task", "A-036", "--unit", "区农办", "--month", "2018-11", "--status", "已完成", "--percent", "101"],
            &["101", "0 到 100"],
        ),
        (
            &["--task", "A-036", "--unit", "区农办", "--month", "2018-11", "--status", "已完成", "--percent", "-5"],
            &["-5", "0 到 100"],
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        let err = taizhang(&db, &all).err();
        for e in *expected {
            assert!(err.contains(e), "{args:?}: {err} should name {e}");
        }
    }
    let err = taizhang(&db, &["status", "--task", "A-036", "--month", "2018-11", "--status", "搞定了"]).err();
    assert!(err.contains("搞定了"), "{err}");
    assert_eq!(snapshot(&db, dir.path()), before);
}

#[test]
fn status_words_are_settings() {
    let (dir, db) = ledger();
    taizhang(&db, &["settings", "--set", "status_on_track=正常推进", "--set", "yellow_days=45"]).ok();
    report(&db, "A-036", "区农办", "2018-11", "正常推进", &[]);
    let err =
        taizhang(&db, &["report", "--task", "A-001", "--unit", "区环保分局", "--month", "2018-11", "--status", "按序时推进"])
            .err();
    assert!(err.contains("正常推进"), "{err}");
    let out = dir.path().join("m.xlsx");
    taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    let r36 = rows.iter().find(|r| r[0] == "36").unwrap();
    assert_eq!(r36[6], "正常推进");
    // 45 days of warning: due 2018-12-31, 31 days after the end of November → yellow.
    assert_eq!(r36[12], "黄灯");
    let err = taizhang(&db, &["settings", "--set", "yellow_days=abc"]).err();
    assert!(err.contains("abc"), "{err}");
}
