//! The monthly round trip with the units: forms out, filled in by another program (openpyxl),
//! re-saved by LibreOffice, imported back; bad files refused whole; lists imported.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::taizhang;
use common::xlsx::Book;

fn ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    (dir, db)
}

/// Fills a form with openpyxl, as a unit would in Excel or WPS.
fn fill(src: &Path, dst: &Path, ops: &str) {
    let ops_file = dst.with_extension("json");
    std::fs::write(&ops_file, ops).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fill_form.py");
    let out = Command::new("python3").arg(script).arg(src).arg(dst).arg(&ops_file).output().expect("python3 runs");
    assert!(out.status.success(), "fill_form.py: {}", String::from_utf8_lossy(&out.stderr));
}

fn export_forms(db: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("forms");
    std::fs::create_dir_all(&out).unwrap();
    let printed =
        taizhang(db, &["export", "forms", "--list", "annual-2018", "--month", "2018-11", "--out-dir", out.to_str().unwrap()])
            .ok();
    assert!(printed.contains("区建设局-2018年11月工作进展填报表.xlsx"), "{printed}");
    out
}

/// The month's sheet without the line that carries today's date, and every task's history.
fn snapshot(db: &Path, dir: &Path) -> Vec<Vec<String>> {
    let out = dir.join("snapshot.xlsx");
    taizhang(db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let mut rows = book.rows(&book.sheets[0].clone());
    rows.remove(1);
    for id in ["A-012", "A-018", "A-036"] {
        rows.push(vec![taizhang(db, &["history", "--task", id]).ok()]);
    }
    rows
}

const JIANSHE: &str = r#"[
  {"fill": {"id": "A-012", "status": "按序时推进", "progress": "新建配套管网30公里。", "problems": "征地进度偏慢。", "next": "12月完成剩余5公里。", "percent": 86}},
  {"fill": {"id": "A-018", "status": "滞后", "progress": "已完成流量计安装60%。", "next": "12月底前全部完成。", "percent": 60}}
]"#;
const NONGBAN: &str = r#"[{"fill": {"id": "A-036", "status": "已完成", "progress": "完成公厕改造618座。", "percent": 100}}]"#;

#[test]
fn forms_are_protected_and_carry_their_ids() {
    let (dir, db) = ledger();
    let forms = export_forms(&db, dir.path());
    let path = forms.join("区环保分局-2018年11月工作进展填报表.xlsx");
    let mut book = Book::open(&path);
    assert_eq!(book.sheets, vec!["填报表", "配合任务（参考）", "_taizhang"]);
    let rows = book.rows("填报表");
    assert!(rows[1][0].contains("填报单位：区环保分局"));
    assert!(rows[2][0].starts_with("填表说明"));
    // The notes say what can be filled in without contradicting themselves, and by when.
    assert!(rows[2][0].contains("浅黄色单元格可填写；其他单元格已保护，无需密码"), "{}", rows[2][0]);
    assert!(rows[2][0].contains("请于2018年11月25日前将本表报送区美丽办"), "{}", rows[2][0]);
    // The block a unit fills in: 填报人, 联系电话, 审核人（分管领导）, 填报日期.
    assert_eq!(rows[3][0], "填报人：");
    assert_eq!(rows[3][4], "联系电话：");
    assert_eq!(rows[4][0], "审核人（分管领导）：");
    assert_eq!(rows[4][4], "填报日期：");
    assert!(rows.iter().any(|r| r[0].starts_with("单位（盖章）")), "a line to stamp");
    assert_eq!(
        rows[5],
        vec![
            "序号",
            "主要工作任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "上月进展",
            "完成状态",
            "进展情况",
            "存在问题",
            "下步计划",
            "完成\n百分比",
            "申请\n延期至",
            "延期理由",
            "编号"
        ]
    );
    let body: Vec<&Vec<String>> = rows[6..].iter().filter(|r| !r[13].is_empty()).collect();
    assert!(body.iter().all(|r| r[2].contains("区环保分局")), "only tasks it leads");
    assert!(body.iter().any(|r| r[13] == "A-001"));
    let xml = book.part("xl/worksheets/sheet1.xml");
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(!xml.contains("password"), "no password needed");
    assert!(xml.contains("<dataValidation type=\"list\""), "drop-down");
    assert!(xml.contains("已完成,按序时推进,滞后,未启动"), "status words in the drop-down");
    assert!(xml.contains("hidden=\"1\""), "the id column is hidden");
    let styles = book.part("xl/styles.xml");
    assert!(styles.contains("locked=\"0\""), "fill-in columns unlocked");
    let wb = book.part("xl/workbook.xml");
    assert!(wb.contains("state=\"veryHidden\""), "the record sheet is very hidden");
    let props = book.part("docProps/custom.xml");
    assert!(props.contains("taizhang_unit") && props.contains("区环保分局"));
}

#[test]
fn round_trip_filled_by_another_program_and_imported() {
    let (dir, db) = ledger();
    let forms = export_forms(&db, dir.path());
    let a = dir.path().join("区建设局-交回.xlsx");
    let b = dir.path().join("区农办-交回.xlsx");
    fill(&forms.join("区建设局-2018年11月工作进展填报表.xlsx"), &a, JIANSHE);
    fill(&forms.join("区农办-2018年11月工作进展填报表.xlsx"), &b, NONGBAN);

    // A dry run shows the changes and writes nothing.
    let before = snapshot(&db, dir.path());
    let preview = taizhang(&db, &["import", "forms", a.to_str().unwrap(), b.to_str().unwrap(), "--dry-run"]).ok();
    assert!(preview.contains("单位：区建设局  月份：2018-11"), "{preview}");
    assert!(preview.contains("序号 18（A-018）：（无） → 滞后 60%：已完成流量计安装60%。"), "{preview}");
    assert!(preview.contains("变更 2 行，未变 0 行"), "{preview}");
    assert!(preview.contains("试运行"));
    assert_eq!(snapshot(&db, dir.path()), before);

    let done = taizhang(&db, &["import", "forms", a.to_str().unwrap(), b.to_str().unwrap()]).ok();
    assert!(done.contains("导入前已自动备份账本"), "{done}");
    assert_eq!(done.matches("已导入。").count(), 2, "{done}");
    assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1);

    // The reports are in the monthly sheet.
    let out = dir.path().join("monthly.xlsx");
    taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    let row = |seq: &str| rows.iter().find(|r| r[0] == seq).unwrap().clone();
    assert_eq!(row("12")[6], "按序时推进");
    assert_eq!(row("12")[7], "86", "完成百分比 as reported");
    assert_eq!(row("12")[9], "新建配套管网30公里。");
    assert_eq!(row("12")[10], "征地进度偏慢。");
    assert_eq!(row("18")[6], "滞后");
    assert_eq!(row("18")[12], "红灯");
    assert_eq!(row("36")[6], "已完成\n（待销号）", "a unit's 已完成 waits for the clerk's 销号");
    let history = taizhang(&db, &["history", "--task", "A-018"]).ok();
    assert!(history.contains("区建设局-交回.xlsx") || history.contains("60%"), "{history}");

    // The same files again change nothing.
    let after = snapshot(&db, dir.path());
    let again = taizhang(&db, &["import", "forms", a.to_str().unwrap(), b.to_str().unwrap()]).ok();
    assert!(again.contains("变更 0 行，未变 2 行"), "{again}");
    assert_eq!(snapshot(&db, dir.path()), after);

    // Units whose forms came back are no longer missing.
    let missing = taizhang(&db, &["missing", "--month", "2018-11", "--list", "annual-2018"]).ok();
    assert!(!missing.contains("区建设局") && !missing.contains("区农办"), "{missing}");
    // Columns aligned by display width: unit, list, tasks, when the form went out.
    assert!(missing.lines().any(|l| l.split_whitespace().take(2).eq(["区环保分局", "2018年主要工作任务清单"])), "{missing}");

    // Next month's form shows this month's text as 上月进展 and the unit fills it again.
    let next = dir.path().join("next");
    std::fs::create_dir_all(&next).unwrap();
    taizhang(&db, &["export", "forms", "--list", "annual-2018", "--month", "2018-12", "--out-dir", next.to_str().unwrap()]).ok();
    let mut book = Book::open(&next.join("区建设局-2018年12月工作进展填报表.xlsx"));
    let rows = book.rows("填报表");
    let r18 = rows.iter().find(|r| r.get(13).map(String::as_str) == Some("A-018")).unwrap();
    assert_eq!(r18[5], "滞后：已完成流量计安装60%。");
}

#[test]
fn a_form_resaved_by_libreoffice_imports_the_same() {
    if Command::new("libreoffice").arg("--version").output().is_err() {
        assert!(std::env::var("CI").is_err(), "CI installs LibreOffice (scripts/install-deps.sh)");
        eprintln!("LibreOffice is not installed: skipped here; CI runs it.");
        return;
    }
    let (dir, db) = ledger();
    let forms = export_forms(&db, dir.path());
    let filled = dir.path().join("filled");
    std::fs::create_dir_all(&filled).unwrap();
    let a = filled.join("区建设局.xlsx");
    fill(&forms.join("区建设局-2018年11月工作进展填报表.xlsx"), &a, JIANSHE);
    let resaved = dir.path().join("resaved");
    std::fs::create_dir_all(&resaved).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let out = Command::new("libreoffice")
        .args([&profile, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(&resaved)
        .arg(&a)
        .output()
        .unwrap();
    let again = resaved.join("区建设局.xlsx");
    assert!(again.exists(), "LibreOffice did not write the file: {}", String::from_utf8_lossy(&out.stderr));
    assert_ne!(std::fs::read(&again).unwrap(), std::fs::read(&a).unwrap(), "it was re-saved");

    let preview = taizhang(&db, &["import", "forms", again.to_str().unwrap(), "--dry-run"]).ok();
    assert!(preview.contains("变更 2 行，未变 0 行"), "{preview}");
    taizhang(&db, &["import", "forms", again.to_str().unwrap()]).ok();
    // The original filled file is now the same as what was imported.
    let same = taizhang(&db, &["import", "forms", a.to_str().unwrap()]).ok();
    assert!(same.contains("变更 0 行，未变 2 行"), "{same}");
}

#[test]
fn bad_files_are_refused_whole_and_change_nothing() {
    let (dir, db) = ledger();
    // Some reports first, so that there is something to damage.
    let forms = export_forms(&db, dir.path());
    let good = dir.path().join("good.xlsx");
    fill(&forms.join("区农办-2018年11月工作进展填报表.xlsx"), &good, NONGBAN);
    taizhang(&db, &["import", "forms", good.to_str().unwrap()]).ok();
    let before = snapshot(&db, dir.path());
    let backups_before = std::fs::read_dir(dir.path().join("backups")).unwrap().count();

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/forms");
    let expected: &[(&str, &[&str])] = &[
        ("not-a-zip.xlsx", &["不是 Excel 文件"]),
        ("truncated.xlsx", &["已损坏"]),
        ("empty-workbook.xlsx", &["不是本系统导出的填报表"]),
        ("form-of-another-list.xlsx", &["responsibility", "annual-2018"]),
        ("edited-protected-cell.xlsx", &["第 6 行B列", "任务内容被改动"]),
        ("unknown-status-word.xlsx", &["第 6 行", "完成状态", "差不多了", "已完成、按序时推进、滞后、未启动"]),
        ("deleted-id.xlsx", &["第 5 行L列", "缺少任务编号"]),
        ("duplicated-row.xlsx", &["重复出现", "第 6 行和第 7 行"]),
        ("ten-thousand-rows.xlsx", &["10000 行不是表中的任务行"]),
        ("cell-of-100000-characters.xlsx", &["第 6 行H列", "内容过长"]),
        ("task-no-longer-exists.xlsx", &["A-099", "已不在账本中"]),
        ("percent-out-of-range.xlsx", &["K列", "150"]),
        ("missing-status.xlsx", &["G列", "未选择完成状态"]),
    ];
    let files: Vec<String> =
        std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(files.len(), expected.len(), "every corpus file has its expectation: {files:?}");
    for (file, fragments) in expected {
        let path = corpus.join(file);
        let run = taizhang(&db, &["import", "forms", "--list", "annual-2018", path.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&run.output.stdout).to_string();
        let stderr = run.err();
        assert!(stderr.contains("未导入"), "{file}: {stderr}");
        assert!(stdout.contains(file), "{file}: the message names the file: {stdout}");
        assert!(stdout.contains("整份未导入"), "{file}: {stdout}");
        for f in *fragments {
            assert!(stdout.contains(f), "{file}: expected “{f}” in {stdout}");
        }
    }
    assert_eq!(snapshot(&db, dir.path()), before, "the ledger is the same in content");
    let backups_after = std::fs::read_dir(dir.path().join("backups")).unwrap().count();
    assert_eq!(backups_after, backups_before, "nothing applied, so no backup either");

    // A good file beside a bad one: the good one is applied, the exit status says one failed.
    let jianshe = dir.path().join("jianshe.xlsx");
    fill(&forms.join("区建设局-2018年11月工作进展填报表.xlsx"), &jianshe, JIANSHE);
    let run = taizhang(&db, &["import", "forms", jianshe.to_str().unwrap(), corpus.join("truncated.xlsx").to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.output.stdout).to_string();
    run.err();
    assert!(stdout.contains("已导入。"), "{stdout}");
    assert_ne!(snapshot(&db, dir.path()), before);
}

fn write_list_sheet(path: &Path, rows: &[[&str; 6]], merge_category: Option<(u32, u32)>) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 5, "越城区生态文明示范创建行动方案2019年主要工作任务清单", &Format::new()).unwrap();
    for (c, h) in ["项目", "序号", "主要工作任务", "牵头单位", "配合单位", "完成时限"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + i as u32, c as u16, *v).unwrap();
            }
        }
    }
    if let Some((first, last)) = merge_category {
        ws.merge_range(first, 0, last, 0, rows[(first - 2) as usize][0], &Format::new()).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn import_a_new_list() {
    let (dir, db) = ledger();
    let path = dir.path().join("2019年主要工作任务清单.xlsx");
    write_list_sheet(
        &path,
        &[
            ["打赢蓝天保卫战", "1", "完成重点行业VOCs治理项目20个。", "区环保分局", "区经信局、相关镇街", "2019年6月底前"],
            ["", "2", "淘汰老旧车500辆。", "区环保分局", "区公安分局，区交通局", "年底前"],
            ["", "3", "完成清新空气示范区创建。", "区环保分局\n区气象局", "", "2019年"],
            ["“清废”行动", "4", "建设固废处置中心。", "区综合执法局", "区环保分局", ""],
        ],
        Some((2, 4)),
    );
    let out =
        taizhang(&db, &["import", "list", path.to_str().unwrap(), "--id", "annual-2019", "--name", "2019年主要工作任务清单"])
            .ok();
    assert!(out.contains("已导入清单 annual-2019（2019年主要工作任务清单），共 4 行"), "{out}");
    assert!(out.contains("新增：区交通局"), "new unit reported: {out}");
    let tasks: Vec<serde_json::Value> =
        serde_json::from_str(&taizhang(&db, &["tasks", "--list", "annual-2019", "--json"]).ok()).unwrap();
    assert_eq!(tasks.len(), 4);
    assert_eq!(tasks[0]["deadline"], "2019-06-30");
    assert_eq!(tasks[1]["deadline"], "2019-12-31");
    assert_eq!(tasks[1]["category"], "打赢蓝天保卫战", "merged 项目 filled down");
    assert_eq!(tasks[1]["partner"], serde_json::json!(["区公安分局", "区交通局"]));
    assert_eq!(tasks[2]["lead"], serde_json::json!(["区环保分局", "区气象局"]));
    assert_eq!(tasks[2]["deadline"], "2019-12-31");
    assert_eq!(tasks[3]["category"], "“清废”行动");
    assert_eq!(tasks[3]["deadline_source"], "list");
    let lists = taizhang(&db, &["lists"]).ok();
    assert!(lists.contains("annual-2019"));
    // It works like the built-in lists: export and forms.
    let table = dir.path().join("t.xlsx");
    taizhang(&db, &["export", "table", "--list", "annual-2019", "--with-deadline", "--out", table.to_str().unwrap()]).ok();
    let mut book = Book::open(&table);
    let rows = book.rows(&book.sheets[0].clone());
    assert_eq!(rows[0][0], "越城区生态文明示范创建行动方案2019年主要工作任务清单");
    assert_eq!(rows[2][5], "2019年6月底");

    // Problems first, all or nothing.
    let bad = dir.path().join("bad.xlsx");
    write_list_sheet(
        &bad,
        &[
            ["项目", "1", "任务一。", "区环保分局", "", "2019年6月底前"],
            ["", "2", "任务二。", "", "区经信局", ""],
            ["", "3", "任务三。", "区经信局", "", "下个月吧"],
        ],
        None,
    );
    let err =
        taizhang(&db, &["import", "list", bad.to_str().unwrap(), "--id", "annual-2020", "--name", "2020年主要工作任务清单"])
            .err();
    assert!(err.contains("2 处问题") && err.contains("第 4 行") && err.contains("没有牵头单位"), "{err}");
    assert!(err.contains("第 5 行") && err.contains("下个月吧"), "{err}");
    assert!(!taizhang(&db, &["lists"]).ok().contains("annual-2020"));
    let err = taizhang(&db, &["import", "list", path.to_str().unwrap(), "--id", "annual-2019", "--name", "again"]).err();
    assert!(err.contains("已被使用"), "{err}");
    let err = taizhang(&db, &["import", "list", dir.path().join("x.db").to_str().unwrap(), "--id", "x", "--name", "x"]).err();
    assert!(err.contains("不是 Excel 表格"), "{err}");
}

/// The unit's targets ride under its tasks, and an extension request in the two extension
/// columns: imported with the same checks, a request that waits for the clerk.
#[test]
fn a_form_carries_targets_and_an_extension_request() {
    let (dir, db) = ledger();
    taizhang(&db, &["target", "set", "--id", "T-01", "--lead", "区环保分局", "--baseline", "45", "--baseline-year", "2017"]).ok();
    taizhang(&db, &["target", "set", "--id", "T-15", "--lead", "区环保分局"]).ok();
    let forms = export_forms(&db, dir.path());
    let sent = forms.join("区环保分局-2018年11月工作进展填报表.xlsx");
    let mut book = Book::open(&sent);
    let rows = book.rows("填报表");
    let heading = rows.iter().position(|r| r[0].starts_with("本单位负责的主要目标")).expect("targets under the tasks");
    assert!(rows[heading][0].contains("2018年11月"), "the heading names the period: {}", rows[heading][0]);
    let t01 = rows.iter().find(|r| r.get(13).map(String::as_str) == Some("T-01")).expect("T-01 row");
    assert_eq!(t01[1], "全区PM2.5平均浓度");
    assert_eq!(t01[2], "≤38微克/立方米");
    assert!(t01[10].contains("基期值 45微克/立方米（2017年）"), "{t01:?}");
    // A unit that answers for no target gets no such block.
    let other = Book::open(&forms.join("区建设局-2018年11月工作进展填报表.xlsx")).rows("填报表");
    assert!(!other.iter().any(|r| r[0].starts_with("本单位负责的主要目标")));

    // Filled in: a value with its source, and an extension request on A-001.
    let filled = dir.path().join("区环保分局-交回.xlsx");
    fill(
        &sent,
        &filled,
        r#"[
          {"fill": {"id": "A-001", "status": "滞后", "progress": "完成2个站点。", "extend_to": "2019年6月底", "extend_reason": "站点选址调整，需重新报批。"}},
          {"target": {"code": "T-01", "value": 41.2, "source": "区环保分局监测月报"}}
        ]"#,
    );
    let preview = taizhang(&db, &["import", "forms", filled.to_str().unwrap(), "--dry-run"]).ok();
    assert!(preview.contains("申请延期至2019年6月底（待审批）"), "{preview}");
    assert!(preview.contains("41.2微克/立方米（2018年11月）"), "{preview}");
    assert!(taizhang(&db, &["extensions"]).ok().contains("共 0 份申请"), "a dry run writes nothing");
    taizhang(&db, &["import", "forms", filled.to_str().unwrap()]).ok();
    let pending: serde_json::Value = serde_json::from_str(&taizhang(&db, &["extensions", "--pending", "--json"]).ok()).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let request = &pending[0];
    assert_eq!((request["task_id"].as_str(), request["unit"].as_str()), (Some("A-001"), Some("区环保分局")));
    assert_eq!((request["old_due"].as_str(), request["new_due"].as_str()), (Some("2018-12-31"), Some("2019-06-30")));
    let targets: serde_json::Value =
        serde_json::from_str(&taizhang(&db, &["targets", "--period", "2018-11", "--json"]).ok()).unwrap();
    assert_eq!(targets[0]["value"].as_f64(), Some(41.2));
    assert_eq!(targets[0]["source"].as_str(), Some("区环保分局监测月报"));
    assert_eq!(targets[0]["reported_by"].as_str(), Some("区环保分局"));
    assert_eq!(targets[0]["state"].as_str(), Some("on_path"));
    // Pending: the deadline has not moved.
    let task = |id: &str| -> serde_json::Value {
        let all: serde_json::Value =
            serde_json::from_str(&taizhang(&db, &["tasks", "--list", "annual-2018", "--json"]).ok()).unwrap();
        all.as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone()
    };
    assert_eq!(task("A-001")["deadline"].as_str(), Some("2018-12-31"));

    // The same file again adds nothing: no second request, no second value.
    let again = taizhang(&db, &["import", "forms", filled.to_str().unwrap()]).ok();
    assert!(again.contains("之前已导入"), "{again}");
    assert!(taizhang(&db, &["extensions"]).ok().contains("共 1 份申请"));

    // Approved: the deadline moves, and the sheets say both dates.
    let id = request["id"].as_i64().unwrap().to_string();
    taizhang(&db, &["extend", "approve", "--id", &id, "--note", "同意延期"]).ok();
    assert_eq!(task("A-001")["deadline"].as_str(), Some("2019-06-30"));
    let out = dir.path().join("月报.xlsx");
    taizhang(&db, &["export", "monthly", "--list", "annual-2018", "--month", "2018-11", "--out", out.to_str().unwrap()]).ok();
    let monthly = Book::open(&out).rows("11月份进展");
    let a1 = monthly.iter().find(|r| r[0] == "1").unwrap();
    assert_eq!(a1[5], "原定2018年底\n经批准延期至2019年6月底");
    let err = taizhang(&db, &["extend", "approve", "--id", &id]).err();
    assert!(err.contains("已批准，不能再次审批"), "{err}");

    // Bad cells are refused whole, each named.
    let bad = dir.path().join("区环保分局-错.xlsx");
    fill(
        &sent,
        &bad,
        r#"[
          {"fill": {"id": "A-002", "status": "按序时推进", "extend_to": "明年", "extend_reason": "资金"}},
          {"fill": {"id": "A-003", "status": "按序时推进", "extend_to": "2019年3月底"}},
          {"target": {"code": "T-15", "value": "较好", "source": "林业部门"}}
        ]"#,
    );
    let out = taizhang(&db, &["import", "forms", bad.to_str().unwrap()]).run_output();
    assert!(out.contains("L列（申请延期至）：（序号 2）“明年”不是日期"), "{out}");
    assert!(out.contains("M列（延期理由）：（序号 3）申请延期须写明延期理由"), "{out}");
    assert!(out.contains("G列（本期值）：“较好”不是数字"), "{out}");
    assert!(out.contains("整份未导入"), "{out}");
    assert!(taizhang(&db, &["extensions"]).ok().contains("共 1 份申请"), "nothing written");
}
