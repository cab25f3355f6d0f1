//! Reading a published plan from its Word document (issue #16, the reading part): the corpus in
//! tests/corpus/plans/, written by tests/support/plan_corpus.rs.

#[path = "support/plan_corpus.rs"]
mod plan_corpus;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use taizhang::model::ListKind;
use taizhang::plan_doc::{ListDraft, PlanDocError, PlanDraft, RowDraft, read_plan, read_plan_bytes};
use taizhang::seed::{SeedRow, builtin_plan};
use taizhang::timing::{deadline_from_cell, milestones_in_text};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/plans").join(name)
}

fn read(name: &str) -> PlanDraft {
    read_plan(&corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refused(name: &str) -> PlanDocError {
    match read_plan(&corpus(name)) {
        Ok(d) => panic!("{name} should be refused, read {} lists", d.lists.len()),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(name), "the message names the file: {msg}");
            assert!(!msg.contains('\n'), "one line: {msg}");
            e
        }
    }
}

#[test]
fn committed_corpus_is_what_the_generator_writes() {
    for (name, bytes, xml) in plan_corpus::corpus() {
        let committed = std::fs::read(corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}; run tests/corpus/plans/make.sh"));
        match xml {
            Some(xml) => {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&committed)).expect("a zip");
                let mut part = String::new();
                zip.by_name("word/document.xml").expect("document part").read_to_string(&mut part).expect("utf-8");
                assert!(part == xml, "{name} is out of date: run tests/corpus/plans/make.sh");
            }
            None => assert_eq!(committed.len(), bytes.len(), "{name} is out of date: run tests/corpus/plans/make.sh"),
        }
    }
}

/// Due dates as the ledger derives them (`ledger.rs::insert_list`): milestones written in the
/// text, then the deadline cell, else the list's end.
fn due_dates(text: &str, deadline: Option<&str>, context_year: i32) -> Vec<NaiveDate> {
    let mut due: Vec<NaiveDate> = milestones_in_text(text, Some(context_year)).into_iter().map(|m| m.due_on).collect();
    if let Some(cell) = deadline.filter(|c| !c.trim().is_empty()) {
        let d = deadline_from_cell(cell, Some(context_year)).expect("a readable deadline cell");
        due.retain(|m| *m < d);
        due.push(d);
    }
    if due.is_empty() {
        due.push(NaiveDate::from_ymd_opt(context_year, 12, 31).expect("date"));
    }
    due.sort();
    due
}

/// Compares a list read from Word with the built-in one, row for row; returns the 序号 of the
/// rows flagged for review in each, for the caller to compare.
fn compare(draft: &ListDraft, builtin: &[SeedRow], context_year: i32) -> (Vec<String>, Vec<String>) {
    assert_eq!(draft.rows.len(), builtin.len(), "{}: rows", draft.title);
    for (i, (d, b)) in draft.rows.iter().zip(builtin).enumerate() {
        let at = format!("{} row {} (序号 {}, table {} row {})", draft.name, i + 1, b.seq, d.provenance.table, d.provenance.row);
        assert_eq!(d.seq, b.seq, "{at}: 序号");
        assert_eq!(d.chapter, b.chapter, "{at}: chapter");
        assert_eq!(d.category.as_deref(), b.group(), "{at}: 工作内容/项目");
        assert_eq!(d.name, b.name, "{at}: 项目名称");
        assert_eq!(d.text, b.task_text(), "{at}: text");
        assert_eq!(d.lead, b.lead, "{at}: lead");
        assert_eq!(d.partner, b.partner, "{at}: partner");
        let builtin_deadline = b.year.map(|y| y.to_string());
        assert_eq!(d.deadline, builtin_deadline, "{at}: deadline cell");
        assert_eq!(
            due_dates(&d.text, d.deadline.as_deref(), context_year),
            due_dates(b.task_text(), builtin_deadline.as_deref(), context_year),
            "{at}: due dates"
        );
    }
    let flagged = |v: Vec<(&String, bool)>| v.into_iter().filter(|(_, f)| *f).map(|(s, _)| s.clone()).collect::<Vec<_>>();
    (
        flagged(draft.rows.iter().map(|r| (&r.seq, r.review.is_some())).collect()),
        flagged(builtin.iter().map(|r| (&r.seq, r.review.is_some())).collect()),
    )
}

fn list<'a>(d: &'a PlanDraft, attachment: &str) -> &'a ListDraft {
    d.lists.iter().find(|l| l.attachment.as_deref() == Some(attachment)).unwrap_or_else(|| panic!("{attachment}"))
}

#[test]
fn builtin_plan_from_its_word_form_reproduces_the_builtin_lists() {
    let d = read("builtin-plan.docx");
    let plan = builtin_plan();
    assert_eq!(d.title.as_deref(), Some(plan.title.as_str()));
    assert_eq!(d.issuer.as_deref(), Some(plan.issuer_full.as_str()));
    assert_eq!(d.date.as_deref(), Some(plan.date.as_str()));
    assert_eq!(d.lists.len(), 3, "{:?}", d.lists.iter().map(|l| &l.title).collect::<Vec<_>>());
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let horizon = 2022;
    for (attachment, id, kind) in [
        ("附件1", "key-projects", ListKind::Projects),
        ("附件2", "responsibility", ListKind::Responsibility),
        ("附件3", "annual-2018", ListKind::Annual),
    ] {
        let draft = list(&d, attachment);
        let builtin = plan.lists.iter().find(|l| l.id == id).expect("built-in list");
        assert_eq!(draft.kind, kind);
        assert_eq!(draft.title, builtin.title);
        assert_eq!(draft.name, builtin.name);
        let year = draft.year.unwrap_or(horizon);
        let (read_flags, builtin_flags) = compare(draft, &builtin.rows, year);
        // Every flag of the built-in reading has a reason that still holds in Word (several
        // units on separate lines of one cell; a group word as lead), and the reader finds no
        // other: the sets are the same.
        assert_eq!(read_flags, builtin_flags, "{attachment}: rows flagged 待核对");
    }
    assert_eq!(list(&d, "附件3").year, Some(2018));
    // Merged cells: 27 holds two tasks; 44 and 46 both under 开展土壤环境质量调查; 65 is absent.
    let r = &list(&d, "附件2").rows;
    assert_eq!(r.iter().filter(|x| x.seq == "27").count(), 2);
    assert!(!r.iter().any(|x| x.seq == "65"));
    let soil: Vec<&str> =
        r.iter().filter(|x| x.category.as_deref() == Some("开展土壤环境质量调查")).map(|x| x.seq.as_str()).collect();
    assert_eq!(soil, ["44", "45", "46", "47", "48"]);
    assert_eq!(r[0].provenance.table, 2);
    assert_eq!(r[0].provenance.row, 3, "header, chapter row, then 序号 1");
    // The reasons say what to check.
    let by_seq = |s: &str| r.iter().find(|x| x.seq == s).and_then(|x| x.review.clone()).unwrap_or_default();
    assert!(by_seq("25").contains("配合单位一格内分3行"), "{}", by_seq("25"));
    assert!(by_seq("95").contains("泛指"), "{}", by_seq("95"));
    assert!(by_seq("14").contains("区经信局／区农水局／区建设局"), "{}", by_seq("14"));
    // 附件1 17 and 18: two rows each, the name merged over both.
    let p = &list(&d, "附件1").rows;
    let seventeen: Vec<(&str, &str)> = p
        .iter()
        .filter(|x| x.seq == "17")
        .map(|x| (x.name.as_deref().unwrap_or(""), x.deadline.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(seventeen, [("环境监测监控能力建设", "2022"), ("环境监测监控能力建设", "2020")]);
}

#[test]
fn targets_of_the_builtin_plan_are_read_with_review_flags() {
    let d = read("builtin-plan.docx");
    let plan = builtin_plan();
    type Key = (String, String, f64, String, Option<i32>);
    let got: Vec<Key> =
        d.targets.iter().map(|t| (t.indicator.clone(), t.comparison.clone(), t.value, t.unit.clone(), t.year)).collect();
    let expected: Vec<Key> =
        plan.targets.iter().map(|t| (t.indicator.clone(), t.comparison.clone(), t.value, t.unit.clone(), Some(t.year))).collect();
    let missing: Vec<&Key> = expected.iter().filter(|e| !got.contains(e)).collect();
    let extra: Vec<&Key> = got.iter().filter(|g| !expected.contains(g)).collect();
    // 19 of the 23 reviewed targets are read exactly. The other four were reviewed with
    // knowledge the sentences do not hold: 功能区达标率 is the water 水功能区达标率; “均达到92%以上”
    // after “均达到92%” was taken as strictly more (>) while the reader takes 以上 as ≥ as it does
    // for 81%以上; “、资源化利用率” shares its subject 城乡生活垃圾 with the target before it.
    let k = |i: &str, c: &str, v: f64, y: i32| (i.to_string(), c.to_string(), v, "%".to_string(), Some(y));
    assert_eq!(
        missing,
        vec![
            &k("水功能区达标率", "=", 100.0, 2022),
            &k("污染地块安全利用率", ">", 92.0, 2022),
            &k("受污染耕地安全利用率", ">", 92.0, 2022),
            &k("城乡生活垃圾资源化利用率", "=", 100.0, 2022),
        ]
    );
    assert_eq!(expected.len() - missing.len(), 19);
    // What is read instead, and the two 零增长 targets the built-in list leaves out.
    assert_eq!(
        extra,
        vec![
            &k("功能区达标率", "=", 100.0, 2022),
            &k("污染地块安全利用率", ">=", 92.0, 2022),
            &k("受污染耕地安全利用率", ">=", 92.0, 2022),
            &k("年用水总量增幅", "<=", 0.0, 2022),
            &k("城市生活垃圾总量增幅", "<=", 0.0, 2022),
            &k("资源化利用率", "=", 100.0, 2022),
        ]
    );
    for t in &d.targets {
        assert!(t.review.contains(&t.sentence), "{t:?}");
        assert!(t.sentence.contains(&t.quote), "{t:?}");
    }
}

fn rows(d: &PlanDraft) -> &[RowDraft] {
    assert_eq!(d.lists.len(), 1, "{:?}", d.lists.iter().map(|l| &l.title).collect::<Vec<_>>());
    &d.lists[0].rows
}

#[test]
fn a_table_split_over_pages_is_one_list() {
    let d = read("split-table.docx");
    let l = &d.lists[0];
    assert_eq!(l.tables, [1, 2, 3]);
    assert_eq!(l.year, Some(2019));
    assert_eq!(l.name, "某镇2019年主要工作任务清单");
    let seqs: Vec<&str> = rows(&d).iter().map(|r| r.seq.as_str()).collect();
    assert_eq!(seqs, ["1", "2", "3", "4", "5", "6", "7"]);
    let r = rows(&d);
    assert_eq!((r[3].provenance.table, r[3].provenance.row), (2, 2));
    assert_eq!((r[5].provenance.table, r[5].provenance.row), (3, 1));
    assert!(r[2].partner.is_empty());
    assert_eq!(r[1].deadline.as_deref(), Some("年底前"));
    assert!(r.iter().all(|x| x.review.is_none()), "{:?}", r.iter().map(|x| &x.review).collect::<Vec<_>>());
}

#[test]
fn remark_column_and_deadlines_in_words() {
    let d = read("remark-column.docx");
    let r = rows(&d);
    assert_eq!(d.lists[0].header, ["序号", "重点任务", "责任单位", "配合单位", "完成时间", "备注"]);
    assert_eq!(r[0].remark.as_deref(), Some("省考核项目"));
    assert_eq!(r[1].remark, None);
    assert_eq!(r[1].partner, ["区环保分局", "各镇街"]);
    assert_eq!(
        deadline_from_cell(r[1].deadline.as_deref().unwrap_or(""), d.lists[0].year),
        NaiveDate::from_ymd_opt(2019, 12, 31)
    );
    assert_eq!(r[2].deadline.as_deref(), Some("长期坚持"));
    assert!(r[2].review.as_deref().unwrap_or("").contains("“长期坚持”不是具体日期"), "{:?}", r[2].review);
    assert!(r[0].review.is_none() && r[1].review.is_none());
}

#[test]
fn three_columns_without_partner() {
    let d = read("three-columns.docx");
    let r = rows(&d);
    assert_eq!(d.lists[0].kind, ListKind::Annual);
    assert_eq!(r[0].lead, ["街道经发办"]);
    assert!(r[0].review.is_none());
    // 街道城管科 / 各社区 on two lines of the only unit column: the second may be the partner.
    assert_eq!(r[1].lead, ["街道城管科", "各社区"]);
    let why = r[1].review.as_deref().unwrap_or("");
    assert!(why.contains("表格没有配合单位列") && why.contains("泛指"), "{why}");
}

#[test]
fn duplicate_seq_is_kept_and_flagged() {
    let d = read("duplicate-seq.docx");
    let r = rows(&d);
    assert_eq!(r.len(), 4);
    assert!(r[1].review.is_none());
    let why = r[2].review.as_deref().unwrap_or("");
    assert!(why.contains("序号 5 在本清单中重复出现（第1个表格第3行已有）"), "{why}");
}

#[test]
fn bad_documents_are_refused_with_one_line_each() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("old-format.doc", "plan_old_doc", &["旧版 Word 文档（.doc）", "另存为 .docx"]),
        ("encrypted.docx", "plan_encrypted", &["已加密", "取消密码"]),
        ("truncated.docx", "plan_corrupt", &["下载不完整或已损坏", "重新获取"]),
        ("renamed-xlsx.docx", "plan_not_word", &["Excel 表格", "导入清单"]),
        ("not-a-document.docx", "plan_not_word", &["不是 Word 文档"]),
        ("empty.docx", "plan_empty", &["空文档", "未导入任何内容"]),
        ("no-task-table.docx", "plan_no_task_table", &["第1个表格（表头“单位｜联系人｜联系电话”）", "牵头单位"]),
        (
            "unrecognised-header.docx",
            "plan_unrecognised_header",
            &["第1个表格的表头“序号｜工作事项｜责任人｜时间节点”", "缺少“工作任务"],
        ),
    ];
    for (name, code, words) in cases {
        let e = refused(name);
        assert_eq!(e.code(), *code, "{name}: {e}");
        for w in *words {
            assert!(e.to_string().contains(w), "{name}: “{w}” not in: {e}");
        }
    }
    let e = read_plan(&corpus("no-such-file.docx")).unwrap_err();
    assert_eq!(e.code(), "plan_io");
    assert!(e.to_string().contains("no-such-file.docx") && e.to_string().contains("不存在"), "{e}");
}

#[test]
fn a_zip_bomb_is_refused_while_reading() {
    // 60 MB of spaces in one paragraph compress to a few hundred KB.
    let big = " ".repeat(60 << 20);
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{big}</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = plan_corpus::package(&xml);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let e = read_plan_bytes("bomb.docx", &bytes).unwrap_err();
    assert_eq!(e.code(), "plan_too_large", "{e}");
    assert!(e.to_string().contains("50 MB"), "{e}");
}

#[test]
fn drafts_serialise_for_the_window() {
    let d = read("split-table.docx");
    let v = serde_json::to_value(&d).expect("serialisable");
    assert_eq!(v["lists"][0]["kind"], "annual");
    assert_eq!(v["lists"][0]["rows"][0]["provenance"]["table"], 1);
    assert_eq!(v["lists"][0]["rows"][0]["lead"][0], "镇环保办");
}

#[test]
fn damaged_documents_never_panic() {
    // Every prefix of the document part at a few hundred cuts, and the package with bytes
    // overwritten: each is read or refused with a message, never a panic.
    let xml = plan_corpus::builtin_plan_docx();
    let step = xml.len() / 150;
    for cut in (0..xml.len()).step_by(step.max(1)) {
        let mut end = cut;
        while !xml.is_char_boundary(end) {
            end -= 1;
        }
        let bytes = plan_corpus::package(&xml[..end]);
        match read_plan_bytes("cut.docx", &bytes) {
            Ok(d) => assert!(!d.lists.is_empty()),
            Err(e) => assert!(e.to_string().starts_with("cut.docx"), "{e}"),
        }
    }
    let good = std::fs::read(corpus("builtin-plan.docx")).expect("corpus");
    for k in 0..200usize {
        let mut bytes = good.clone();
        let at = (k * 7919) % bytes.len();
        for b in bytes.iter_mut().skip(at).take(16) {
            *b = b.wrapping_mul(31).wrapping_add(k as u8);
        }
        if let Err(e) = read_plan_bytes("flip.docx", &bytes) {
            assert!(e.to_string().starts_with("flip.docx"), "{e}");
        }
    }
}

#[test]
fn a_merged_cell_copied_into_many_rows_is_bounded() {
    use plan_corpus::{Cell, Doc, header_row, row};
    let big = "任".repeat(1 << 20);
    let mut rows = vec![header_row(&["序号", "工作内容", "工作任务", "牵头单位", "配合单位"])];
    rows.push(row(vec![
        Cell::text("1"),
        Cell::text(&big).restart(),
        Cell::text("任务"),
        Cell::text("区环保分局"),
        Cell::text(""),
    ]));
    for i in 2..40 {
        rows.push(row(vec![
            Cell::text(&i.to_string()),
            Cell::cont(),
            Cell::text("任务"),
            Cell::text("区环保分局"),
            Cell::text(""),
        ]));
    }
    let mut d = Doc::new();
    d.table(&[800, 2000, 6000, 2000, 2000], &rows);
    let e = read_plan_bytes("merged.docx", &plan_corpus::package(&d.xml(true))).unwrap_err();
    assert_eq!(e.code(), "plan_too_complex", "{e}");
}

#[test]
fn files_saved_by_office_tools() {
    // The built-in plan re-saved by LibreOffice Writer 7.4: its own XML (styles, revision ids,
    // table properties), the same reading.
    let ours = read("builtin-plan.docx");
    let lo = read("builtin-plan-libreoffice.docx");
    assert_eq!(serde_json::to_value(&lo.lists).ok(), serde_json::to_value(&ours.lists).ok());
    assert_eq!(serde_json::to_value(&lo.targets).ok(), serde_json::to_value(&ours.targets).ok());
    assert_eq!((lo.title, lo.issuer, lo.date), (ours.title, ours.issuer, ours.date));
    // The same saved as an old .doc by LibreOffice, and a .docx encrypted by msoffcrypto-tool.
    assert_eq!(refused("builtin-plan-libreoffice.doc").code(), "plan_old_doc");
    assert_eq!(refused("encrypted-msoffcrypto.docx").code(), "plan_encrypted");
}
