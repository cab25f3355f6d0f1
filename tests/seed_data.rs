//! The structured seed file against the source document: every text in it is in the
//! document, and the counts and traps of the document (docs/data.md) hold.

use std::collections::{BTreeSet, HashMap};

use taizhang::seed::{builtin_plan, joined_document};

fn list<'a>(plan: &'a taizhang::seed::SeedPlan, id: &str) -> &'a taizhang::seed::SeedList {
    plan.lists.iter().find(|l| l.id == id).unwrap()
}

#[test]
fn every_text_appears_in_the_document() {
    let doc = joined_document();
    let plan = builtin_plan();
    let mut checked = 0;
    let mut check = |what: &str, text: &str| {
        assert!(!text.trim().is_empty(), "empty {what}");
        assert!(doc.contains(text), "{what} not in the document: {text}");
        checked += 1;
    };
    check("title", &plan.title);
    for t in &plan.targets {
        check("target quote", &t.quote);
    }
    for l in &plan.lists {
        check("list title", &l.title);
        for r in &l.rows {
            for (what, v) in [
                ("chapter", &r.chapter),
                ("content", &r.content),
                ("category", &r.category),
                ("name", &r.name),
                ("text", &r.text),
            ] {
                if let Some(v) = v {
                    check(what, v);
                }
            }
            for u in r.lead.iter().chain(&r.partner) {
                check("unit", u);
            }
        }
    }
    assert!(checked > 700, "checked only {checked} texts");
}

#[test]
fn line_numbers_point_at_the_text() {
    let lines: Vec<&str> = taizhang::seed::SOURCE_DOCUMENT.split('\n').collect();
    for l in &builtin_plan().lists {
        for r in &l.rows {
            let line = lines[r.line - 1].trim();
            assert_eq!(line, r.task_text(), "{} {}", l.id, r.seq);
        }
    }
}

#[test]
fn responsibility_table_counts_and_traps() {
    let plan = builtin_plan();
    let rows = &list(&plan, "responsibility").rows;
    assert_eq!(rows.len(), 100);
    let chapters: Vec<&str> = rows.iter().filter_map(|r| r.chapter.as_deref()).collect::<BTreeSet<_>>().into_iter().collect();
    assert_eq!(chapters.len(), 8);
    for prefix in ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"] {
        assert!(chapters.iter().any(|c| c.starts_with(prefix)), "{prefix}");
    }
    let mut per_seq: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        *per_seq.entry(r.seq.as_str()).or_default() += 1;
    }
    assert!(!per_seq.contains_key("65"), "序号 65 does not exist in the document");
    assert_eq!(per_seq["27"], 2, "序号 27 holds two tasks");
    for n in (1..=100).filter(|n| *n != 65) {
        assert!(per_seq.contains_key(n.to_string().as_str()), "序号 {n} missing");
    }
    // Cell text broken over lines is joined.
    let r20 = rows.iter().find(|r| r.seq == "20").unwrap();
    assert_eq!(r20.content.as_deref(), Some("优化调整能源结构"));
    let r31 = rows.iter().find(|r| r.seq == "31").unwrap();
    assert_eq!(r31.content.as_deref(), Some("开展“污水零直排区”建设"));
    // A merged 工作内容 applies to the rows below it.
    let r32 = rows.iter().find(|r| r.seq == "32").unwrap();
    assert_eq!(r32.content.as_deref(), Some("开展“污水零直排区”建设"));
    // The heading repeated at a page break is one category.
    let r44 = rows.iter().find(|r| r.seq == "44").unwrap();
    let r46 = rows.iter().find(|r| r.seq == "46").unwrap();
    assert_eq!(r44.content, r46.content);
    assert_eq!(r44.content.as_deref(), Some("开展土壤环境质量调查"));
    // Empty partner cells.
    for seq in ["17", "92", "97"] {
        let r = rows.iter().find(|r| r.seq == seq).unwrap();
        assert!(r.partner.is_empty(), "{seq}");
        assert_eq!(r.lead.len(), 1, "{seq}");
    }
    // The unknowable lead/partner split is marked for review.
    let r25 = rows.iter().find(|r| r.seq == "25").unwrap();
    assert!(r25.review.is_some());
    assert_eq!(r25.lead, vec!["区商务局"]);
}

#[test]
fn annual_list_counts_and_traps() {
    let plan = builtin_plan();
    let rows = &list(&plan, "annual-2018").rows;
    assert_eq!(rows.len(), 45);
    let seqs: Vec<String> = rows.iter().map(|r| r.seq.clone()).collect();
    assert_eq!(seqs, (1..=45).map(|n| n.to_string()).collect::<Vec<_>>());
    // Headings repeated at page breaks are one category each.
    let categories: BTreeSet<&str> = rows.iter().filter_map(|r| r.category.as_deref()).collect();
    assert_eq!(categories.len(), 6, "{categories:?}");
    assert_eq!(rows.iter().filter(|r| r.category.as_deref() == Some("“清废”行动")).count(), 6);
    // 41 and 43 read with the help of 附件2 83 and 86, and marked for review.
    let r41 = &rows[40];
    assert_eq!(r41.lead, vec!["区环保分局"]);
    assert_eq!(r41.partner, vec!["区检察院", "区法院", "区公安分局"]);
    assert!(r41.review.as_deref().unwrap().contains("86"));
    let r43 = &rows[42];
    assert_eq!(r43.partner, vec!["区委组织部", "区编办", "区人社局"]);
    assert!(r43.review.is_some());
    assert!(rows[17].text.as_deref().unwrap().contains("9月底前"));
}

#[test]
fn key_projects_counts() {
    let plan = builtin_plan();
    let rows = &list(&plan, "key-projects").rows;
    assert_eq!(rows.len(), 21);
    let seqs: BTreeSet<&str> = rows.iter().map(|r| r.seq.as_str()).collect();
    assert_eq!(seqs.len(), 19);
    for seq in ["17", "18"] {
        let years: Vec<i32> = rows.iter().filter(|r| r.seq == seq).map(|r| r.year.unwrap()).collect();
        assert_eq!(years, vec![2022, 2020], "{seq}");
    }
    assert_eq!(rows[0].name.as_deref(), Some("天然气管网建设"));
    assert_eq!(rows[9].name.as_deref(), Some("受污染耕地安全利用和治理修复"));
}

#[test]
fn plan_and_targets() {
    let plan = builtin_plan();
    assert_eq!(plan.issuer, "区府办");
    assert_eq!(plan.date, "2018-10-31");
    let pm = plan.targets.iter().find(|t| t.indicator == "全区PM2.5平均浓度").unwrap();
    assert_eq!((pm.comparison.as_str(), pm.value, pm.year), ("<=", 38.0, 2020));
    let forest = plan.targets.iter().find(|t| t.indicator == "森林覆盖率").unwrap();
    assert_eq!((forest.comparison.as_str(), forest.value), (">=", 27.0));
    let wet = plan.targets.iter().find(|t| t.indicator.starts_with("湿地面积")).unwrap();
    assert_eq!((wet.value, wet.unit.as_str()), (8.7, "万亩"));
    assert!(plan.targets.iter().any(|t| t.year == 2022));
}
