//! The Word documents from a ledger, through the command line: the counts in them are the
//! ledger's, numbers count up, nothing is half written, and bad inputs are one Chinese line.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::taizhang;

fn ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    taizhang(&db, &["init"]).ok();
    taizhang(
        &db,
        &["settings", "--set", "office=区美丽办", "--set", "clerk_name=王晓燕", "--set", "contact_phone=0575-85201234"],
    )
    .ok();
    let r = |task: &str, unit: &str, status: &str, extra: &[&str]| {
        let mut args = vec!["report", "--task", task, "--unit", unit, "--month", "2018-11", "--status", status];
        args.extend_from_slice(extra);
        taizhang(&db, &args).ok();
    };
    r("A-018", "区建设局", "滞后", &["--progress", "已完成流量计安装60%。", "--problems", "运维单位人手不足。"]);
    r("A-036", "区农办", "已完成", &["--progress", "完成公厕改造618座。"]);
    r("A-001", "区环保分局", "按序时推进", &["--progress", "建成3个站点。"]);
    (dir, db)
}

/// The text of a .docx's body, tags dropped.
fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn notices_bulletin_and_scores_from_the_ledger() {
    let (dir, db) = ledger();
    let out = dir.path().join("督办.docx");
    let said = taizhang(
        &db,
        &[
            "export",
            "notice",
            "--kind",
            "督办",
            "--unit",
            "区建设局",
            "--month",
            "2018-11",
            "--out",
            out.to_str().unwrap(),
            "--date",
            "2018-11-26",
        ],
    )
    .ok();
    assert!(said.contains("区美丽办督〔2018〕1号"), "{said}");
    let text = docx_text(&out);
    for s in
        ["督办通知单", "区美丽办督〔2018〕1号", "区建设局", "第18项", "2018年9月底", "运维单位人手不足", "2018年11月26日", "回执"]
    {
        assert!(text.contains(s), "{s} missing in the notice: {text}");
    }
    assert!(!text.contains('{') && !text.contains("TODO"), "no placeholder left: {text}");

    // 催办: one per unit that has not reported, numbered in turn; the sending office is left out.
    let folder = dir.path().join("催办");
    let said = taizhang(
        &db,
        &[
            "export",
            "notice",
            "--kind",
            "催办",
            "--all",
            "--month",
            "2018-11",
            "--out-dir",
            folder.to_str().unwrap(),
            "--date",
            "2018-11-26",
        ],
    )
    .ok();
    let files: Vec<_> =
        std::fs::read_dir(&folder).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    assert!(files.len() > 5, "{files:?}");
    assert!(files.iter().all(|f| f.ends_with("2018年11月催办单.docx")), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("区美丽办-")), "not to itself: {files:?}");
    assert!(said.contains("区美丽办催〔2018〕1号") && said.contains(&format!("区美丽办催〔2018〕{}号", files.len())), "{said}");

    // The 通报 of the year's list: the ledger's counts.
    let out = dir.path().join("通报.docx");
    taizhang(&db, &["export", "bulletin", "--month", "2018-11", "--out", out.to_str().unwrap(), "--date", "2018-11-26"]).ok();
    let text = docx_text(&out);
    for s in [
        "2018年主要工作任务清单共列任务45项",
        "已完成1项，占2.2%",
        "滞后1项",
        "区农办",
        "完成公厕改造618座",
        "运维单位人手不足",
        "下步工作要求",
        "12月25日",
    ] {
        assert!(text.contains(s), "{s} missing in the bulletin: {text}");
    }
    assert!(!text.contains("考核情况"), "scores are off by default");

    // Scores: off by default, then on; the 通报 cites them.
    let err =
        taizhang(&db, &["export", "scores", "--month", "2018-11", "--out", dir.path().join("s.xlsx").to_str().unwrap()]).err();
    assert!(err.contains("考核计分未开启"), "{err}");
    taizhang(
        &db,
        &[
            "settings",
            "--set",
            "score_enabled=是",
            "--set",
            "score_rules=base=100;red=-3;yellow=-1;green=0;early_done=2;unreported=-1;late_report=-1",
        ],
    )
    .ok();
    let ranking = taizhang(&db, &["scores", "--month", "2018-11"]).ok();
    assert!(ranking.lines().nth(1).unwrap().contains("区农办"), "{ranking}");
    let sheet = dir.path().join("得分.xlsx");
    taizhang(&db, &["export", "scores", "--month", "2018-11", "--out", sheet.to_str().unwrap()]).ok();
    assert!(sheet.exists());
    let out2 = dir.path().join("通报2.docx");
    let said =
        taizhang(&db, &["export", "bulletin", "--month", "2018-11", "--out", out2.to_str().unwrap(), "--date", "2018-11-27"])
            .ok();
    assert!(said.contains("区美丽办通〔2018〕2号"), "the second 通报 of the year: {said}");
    assert!(docx_text(&out2).contains("考核情况"));

    // 下步工作要求 from the settings, with their variables filled in.
    taizhang(&db, &["settings", "--set", "requirements=各单位于{报送时间}前报送{下月}计划|{督办单位}将跟踪督办"]).ok();
    let out3 = dir.path().join("通报3.docx");
    taizhang(&db, &["export", "bulletin", "--month", "2018-11", "--out", out3.to_str().unwrap()]).ok();
    let text = docx_text(&out3);
    assert!(text.contains("各单位于12月25日前报送12月计划") && text.contains("区美丽办将跟踪督办"), "{text}");
}

#[test]
fn bad_inputs_are_one_line_and_write_nothing() {
    let (dir, db) = ledger();
    let out = dir.path().join("x.docx");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["export", "notice", "--kind", "催", "--unit", "区建设局", "--month", "2018-11", "--out", "x.docx"],
            "文书种类“催”不认识",
        ),
        (
            vec!["export", "notice", "--kind", "督办", "--unit", "区不存在局", "--month", "2018-11", "--out", "x.docx"],
            "单位目录中没有“区不存在局”",
        ),
        (
            vec!["export", "notice", "--kind", "督办", "--unit", "区审计局", "--month", "2018-11", "--out", "x.docx"],
            "没有亮红灯的任务",
        ),
        (vec!["export", "bulletin", "--month", "2019-03", "--out", "x.docx"], "还没有任何单位报送"),
        (vec!["export", "bulletin", "--month", "2018-13", "--out", "x.docx"], "月份“2018-13”不正确"),
        (
            vec![
                "export",
                "notice",
                "--kind",
                "督办",
                "--unit",
                "区建设局",
                "--month",
                "2018-11",
                "--out",
                "/nonexistent/folder/x.docx",
            ],
            "目标文件夹不存在",
        ),
        (vec!["settings", "--set", "requirements=请于{截止日}前报送"], "{截止日}"),
        (vec!["settings", "--set", "score_rules=red=abc"], "score_rules"),
        (vec!["settings", "--set", "number_prefix_supervision=越美办督〔"], "〔"),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(|a| if *a == "x.docx" { out.to_str().unwrap() } else { a }).collect();
        let err = taizhang(&db, &args).err();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    assert!(!out.exists(), "nothing written");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(!left.iter().any(|f| f.to_string_lossy().contains(".tmp")), "{left:?}");
}

/// A task with three lead units of which one reported 滞后: only that unit answers for it (督办,
/// 通报, 考核); a unit that reported some tasks is asked for the others, not told it sent
/// nothing; each unit's tasks are counted once in the score.
#[test]
fn one_units_delay_is_not_the_others() {
    let (dir, db) = ledger();
    let r = |task: &str, unit: &str, status: &str, extra: &[&str]| {
        let mut args = vec!["report", "--task", task, "--unit", unit, "--month", "2018-11", "--status", status];
        args.extend_from_slice(extra);
        taizhang(&db, &args).ok();
    };
    // 分解表第14项: 区经信局、区农水局、区建设局 lead it.
    r("R-014", "区农水局", "滞后", &["--problems", "部分镇街项目招投标延迟。"]);
    r("R-014", "区经信局", "按序时推进", &[]);
    let text = |args: &[&str], name: &str| {
        let out = dir.path().join(name);
        let mut a: Vec<&str> = args.to_vec();
        a.extend_from_slice(&["--month", "2018-11", "--date", "2018-11-26", "--out", out.to_str().unwrap()]);
        taizhang(&db, &a).ok();
        docx_text(&out)
    };
    let bulletin = text(&["export", "bulletin"], "通报.docx");
    assert!(bulletin.contains("区农水局牵头的分解表第14项"), "{bulletin}");
    assert!(!bulletin.contains("区经信局、区农水局、区建设局牵头的"), "{bulletin}");
    // 区经信局 reported some of its tasks: named apart from the units that sent nothing.
    assert!(bulletin.contains("有部分牵头任务未报送"), "{bulletin}");
    let notice = text(&["export", "notice", "--kind", "督办", "--unit", "区农水局"], "农水.docx");
    assert!(notice.contains("分解表第14项") || notice.contains("第14项"), "{notice}");
    // Every 督办通知单 of the month: 区经信局's, if it has red tasks of its own, does not hold
    // 分解表第14项.
    let all = dir.path().join("督办");
    taizhang(&db, &["export", "notice", "--kind", "督办", "--all", "--month", "2018-11", "--out-dir", all.to_str().unwrap()])
        .ok();
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&all).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.iter().any(|f| f.to_string_lossy().contains("区农水局")), "{files:?}");
    for f in files.iter().filter(|f| f.to_string_lossy().contains("区经信局") || f.to_string_lossy().contains("区建设局"))
    {
        let t = docx_text(f);
        assert!(!t.contains("招投标延迟") && !t.contains("分解表第14项"), "{}: {t}", f.display());
    }
    // The 催办单 to a unit that reported some tasks asks for the others.
    let reminder = text(&["export", "notice", "--kind", "催办", "--unit", "区经信局"], "催办.docx");
    assert!(reminder.contains("进展情况尚未报送") && !reminder.contains("尚未收到你单位"), "{reminder}");

    // 考核: every task of a unit counted once: lights and 未报送 add up to its tasks.
    taizhang(&db, &["settings", "--set", "score_enabled=true"]).ok();
    let json = taizhang(&db, &["scores", "--month", "2018-11", "--json"]).ok();
    let scores: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    for s in &scores {
        let count = |k: &str| s["lines"].as_array().unwrap().iter().find(|l| l["key"] == k).unwrap()["count"].as_u64().unwrap();
        assert_eq!(count("red") + count("yellow") + count("green") + count("unreported"), s["tasks"].as_u64().unwrap(), "{s}");
        // The office does not score itself.
        assert_ne!(s["unit"], "区美丽办");
    }
    let nn = scores.iter().find(|s| s["unit"] == "区农水局").unwrap();
    let nn_red = nn["lines"].as_array().unwrap().iter().find(|l| l["key"] == "red").unwrap()["count"].as_u64().unwrap();
    assert!(nn_red >= 1, "{nn}");
}
