//! `taizhang export table`: each list read back and checked against the ledger and the
//! government format .

mod common;

use common::taizhang;
use common::xlsx::{Book, col_widths, lines_for, row_heights};
use serde_json::Value;

fn ledger() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    (dir, db)
}

fn tasks(db: &std::path::Path, list: &str) -> Vec<Value> {
    serde_json::from_str(&taizhang(db, &["tasks", "--list", list, "--json"]).ok()).unwrap()
}

/// The format points every export shares: print setup, repeated header, footer, fonts, borders,
/// and row heights that show every line of wrapped text.
fn assert_government_format(book: &mut Book, sheet: &str, header_row: u32) {
    let xml = book.part("xl/worksheets/sheet1.xml");
    assert!(xml.contains("orientation=\"landscape\""), "landscape");
    assert!(xml.contains("paperSize=\"9\""), "A4");
    // A fixed scale (one page wide), not "fit to page", which would make Excel ignore the page
    // breaks computed for the sheet.
    assert!(!xml.contains("fitToPage"), "a print scale, not fit-to-page");
    assert!(xml.contains("<pane ") && xml.contains("state=\"frozen\""), "panes frozen under the header");
    assert!(xml.contains("第 &amp;P 页 共 &amp;N 页"), "footer");
    assert!(xml.contains("<pageMargins"), "margins");
    let wb = book.part("xl/workbook.xml");
    assert!(wb.contains("_xlnm.Print_Titles") && wb.contains(sheet), "repeated rows: {wb}");
    assert!(wb.contains(&format!("${}:${}", header_row + 1, header_row + 1)), "header row repeated: {wb}");
    let styles = book.part("xl/styles.xml");
    for font in ["方正小标宋简体", "黑体", "仿宋_GB2312"] {
        assert!(styles.contains(&format!("val=\"{font}\"")), "font {font}");
    }
    assert!(styles.contains("<left style=\"thin\">"), "thin borders");
    assert!(styles.contains("wrapText=\"1\""), "wrapped text");
    assert!(styles.contains("vertical=\"center\""), "vertical centre");

    // Every body row is tall enough for its text, counted independently of the exporter.
    let heights = row_heights(&xml);
    let widths = col_widths(&xml);
    let merges = book.merges(sheet);
    let rows = book.rows(sheet);
    for (r, row) in rows.iter().enumerate().skip(header_row as usize + 1) {
        let r = r as u32;
        for (c, text) in row.iter().enumerate() {
            let c = c as u32;
            if text.is_empty() {
                continue;
            }
            // A merged cell spreads its text over all its rows and columns.
            let (rows_span, width) = match merges.iter().find(|((r0, c0), (r1, c1))| *r0 == r && *c0 == c && (r1 > r0 || c1 > c0))
            {
                Some(((r0, c0), (r1, c1))) => ((*r0..=*r1).collect::<Vec<_>>(), (*c0..=*c1).map(|c| widths[&c]).sum()),
                None => (vec![r], widths[&c]),
            };
            let available: f64 = rows_span.iter().map(|r| heights.get(r).copied().unwrap_or(15.0)).sum();
            let needed = lines_for(text, width) as f64 * 15.0;
            assert!(available >= needed, "row {} col {}: height {available} < {needed} for {text:?}", r + 1, c + 1);
        }
    }
}

#[test]
fn responsibility_table_as_the_document_prints_it() {
    let (dir, db) = ledger();
    let out = dir.path().join("责任分解表.xlsx");
    let msg = taizhang(&db, &["export", "table", "--list", "responsibility", "--out", out.to_str().unwrap()]).ok();
    assert!(msg.contains("100"), "{msg}");
    let mut book = Book::open(&out);
    let sheet = book.sheets[0].clone();
    let rows = book.rows(&sheet);
    // 附件2 above the title, as the document prints it.
    assert_eq!(rows[0][0], "附件2");
    assert_eq!(rows[1][0], "越城区生态文明示范创建行动方案工作任务责任分解表");
    assert_eq!(rows[2], vec!["序号", "工作内容", "工作任务", "牵头单位", "配合单位"]);
    assert_eq!(rows[3][0], "一、大力推进绿色发展");
    // Every task of the ledger is there, in order, with its units joined by 、.
    let ledger_tasks = tasks(&db, "responsibility");
    let body: Vec<&Vec<String>> = rows[3..].iter().filter(|r| !r[2].is_empty()).collect();
    assert_eq!(body.len(), 100);
    for (row, t) in body.iter().zip(&ledger_tasks) {
        assert_eq!(row[2], t["text"].as_str().unwrap());
        let lead: Vec<&str> = t["lead"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(row[3], lead.join("、"));
    }
    let headings: Vec<&str> =
        rows[2..].iter().filter(|r| r[2].is_empty() && r[0].contains('、')).map(|r| r[0].as_str()).collect();
    let chapters: Vec<&&str> = headings.iter().filter(|h| !h.ends_with("（续）")).collect();
    assert_eq!(chapters.len(), 8, "{chapters:?}");
    // A page that begins inside a chapter repeats its heading.
    assert!(headings.contains(&"一、大力推进绿色发展（续）"), "{headings:?}");
    assert!(!rows.iter().any(|r| r[0] == "65"));

    let merges = book.merges(&sheet);
    // Title and chapter rows are merged across the five columns.
    assert!(merges.contains(&((1, 0), (1, 4))));
    assert!(merges.contains(&((3, 0), (3, 4))));
    // 工作内容 “不断加快产业转型升级” over 序号 1–3 (rows 5–7).
    assert!(merges.contains(&((4, 1), (6, 1))), "{merges:?}");
    // 序号 is a number, as printed.
    assert!(book.part("xl/worksheets/sheet1.xml").contains("<c r=\"A5\" s=\""), "A5 written");
    // 序号 27 over its two tasks.
    let r27 = rows.iter().position(|r| r[0] == "27").unwrap() as u32;
    assert!(merges.contains(&((r27, 0), (r27 + 1, 0))));
    assert_eq!(rows[r27 as usize + 1][2], "严格控制餐饮油烟,加大超标排放处罚力度。");
    assert_government_format(&mut book, &sheet, 2);
    // Page breaks computed for the table: several, and never right after a chapter row.
    let xml = book.part("xl/worksheets/sheet1.xml");
    let breaks = common::xlsx::row_breaks(&xml);
    assert!(breaks.len() >= 3, "{breaks:?}");
    for b in &breaks {
        let before = &rows[*b as usize - 1];
        assert!(!(before[2].is_empty() && before[0].contains('、')), "a page ends with the chapter row {before:?}");
        // The first row of the page shows its 工作内容 (the merge is split there).
        let mut first = &rows[*b as usize];
        if first[2].is_empty() && first[0].ends_with("（续）") {
            first = &rows[*b as usize + 1];
        }
        assert!(!first[1].is_empty() || first[0].contains('、'), "row {} starts a page without its 工作内容: {first:?}", b + 1);
    }
}

#[test]
fn annual_list_and_key_projects() {
    let (dir, db) = ledger();
    let out = dir.path().join("清单.xlsx");
    taizhang(&db, &["export", "table", "--list", "annual-2018", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let sheet = book.sheets[0].clone();
    let rows = book.rows(&sheet);
    assert_eq!(rows[0][0], "附件3");
    // As 附件3 prints it: no 完成时限 column.
    assert_eq!(rows[2], vec!["项目", "序号", "主要工作任务", "牵头单位", "配合单位"]);
    assert_eq!(rows.len(), 3 + 45);
    // 项目 merged over its rows: 打赢蓝天保卫战 from 序号 1 (split where a page breaks).
    let merges = book.merges(&sheet);
    assert!(merges.iter().any(|((r0, c0), (r1, _))| (*r0, *c0) == (3, 0) && *r1 > 3), "{merges:?}");
    assert_eq!(rows[3][0], "打赢蓝天保卫战");
    assert_government_format(&mut book, &sheet, 2);

    // With --with-deadline, the deadlines in a column of their own.
    let out = dir.path().join("清单（含时限）.xlsx");
    taizhang(&db, &["export", "table", "--list", "annual-2018", "--with-deadline", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    assert_eq!(rows[2][5], "完成时限");
    let r18 = rows.iter().find(|r| r[1] == "18").unwrap();
    assert_eq!(r18[5], "2018年9月底");
    assert_eq!(rows.iter().find(|r| r[1] == "1").unwrap()[5], "2018年底");

    let out = dir.path().join("重点项目.xlsx");
    taizhang(&db, &["export", "table", "--list", "key-projects", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let sheet = book.sheets[0].clone();
    let rows = book.rows(&sheet);
    assert_eq!(rows[0][0], "附件1");
    // The document heads name and content with one 项目名称 over two columns.
    assert_eq!(rows[2], vec!["序号", "项目名称", "", "完成时间"]);
    assert!(book.merges(&sheet).contains(&((2, 1), (2, 2))));
    assert_eq!(rows[3][0], "打赢蓝天保卫战");
    let r17: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r[2].starts_with("健全和扩展") || r[2].starts_with("配合市建设城市大气"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(r17.len(), 2);
    assert_eq!(rows[r17[0]][3], "2022");
    assert_eq!(rows[r17[1]][3], "2020");
    let merges = book.merges(&sheet);
    let first = r17[0] as u32;
    assert!(merges.contains(&((first, 0), (first + 1, 0))), "序号 17 over two rows");
    assert!(merges.contains(&((first, 1), (first + 1, 1))), "项目名称 17 over two rows");
    assert_eq!(rows[r17[0]][1], "环境监测监控能力建设");
    assert_government_format(&mut book, &sheet, 2);
}

#[test]
fn filters_keep_layout_and_numbering() {
    let (dir, db) = ledger();
    let out = dir.path().join("区农办.xlsx");
    let msg =
        taizhang(&db, &["export", "table", "--list", "responsibility", "--unit", "区农办", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let sheet = book.sheets[0].clone();
    let rows = book.rows(&sheet);
    assert!(rows[2][0].contains("区农办"), "filter line: {:?}", rows[2]);
    assert_eq!(rows[3][0], "序号");
    let seqs: Vec<&str> = rows[4..].iter().filter(|r| !r[2].is_empty()).map(|r| r[0].as_str()).collect();
    assert_eq!(seqs, vec!["43", "79"], "{msg}");
    assert_government_format(&mut book, &sheet, 3);

    let out = dir.path().join("第二章.xlsx");
    taizhang(&db, &["export", "table", "--list", "responsibility", "--chapter", "二", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    let seqs: Vec<&str> = rows.iter().skip(3).filter(|r| !r[2].is_empty() && r[0] != "序号").map(|r| r[0].as_str()).collect();
    assert_eq!(seqs.first(), Some(&"19"));
    assert_eq!(seqs.last(), Some(&"30"));

    let out = dir.path().join("净土.xlsx");
    taizhang(&db, &["export", "table", "--list", "annual-2018", "--category", "“净土”行动", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    let rows = book.rows(&book.sheets[0].clone());
    let seqs: Vec<&str> = rows[4..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(seqs, vec!["19", "20", "21", "22", "23", "24", "25"]);
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    use rust_xlsxwriter::Workbook;
    use taizhang::sheet::{Align, Column, Row, SheetStyle, Table, write_table};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.xlsx");
    let texts = ["=SUM(A1:A2)", "+86 0575", "-1 项", "@区环保分局"];
    let table = Table::new("表", "测试", vec![Column::new("内容", 10.0, 30.0, Align::Left)])
        .rows(texts.iter().map(|t| Row::data(vec![t.to_string()])).collect());
    let mut wb = Workbook::new();
    write_table(wb.add_worksheet(), &table, &SheetStyle::default()).unwrap();
    taizhang::sheet::save_workbook(&mut wb, &out).unwrap();
    let mut book = Book::open(&out);
    let rows = book.rows("表");
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(rows[2 + i][0], *t);
    }
    assert!(!book.part("xl/worksheets/sheet1.xml").contains("<f>"), "no formulas");
}

#[test]
fn unsafe_targets_give_a_message_naming_the_file_and_leave_nothing_behind() {
    let (dir, db) = ledger();
    // Missing folder.
    let out = dir.path().join("没有的文件夹/表.xlsx");
    let err = taizhang(&db, &["export", "table", "--list", "responsibility", "--out", out.to_str().unwrap()]).err();
    assert!(err.contains("表.xlsx") && err.contains("文件夹不存在"), "{err}");

    // A read-only target keeps its content.
    let out = dir.path().join("只读.xlsx");
    std::fs::write(&out, b"old").unwrap();
    let mut perm = std::fs::metadata(&out).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&out, perm).unwrap();
    let err = taizhang(&db, &["export", "table", "--list", "responsibility", "--out", out.to_str().unwrap()]).err();
    assert!(err.contains("只读.xlsx") && err.contains("只读"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"old");

    // An unwritable folder.
    let ro = common::unwritable_dir(dir.path());
    let out = ro.join("表.xlsx");
    let err = taizhang(&db, &["export", "table", "--list", "responsibility", "--out", out.to_str().unwrap()]).err();
    assert!(err.contains("表.xlsx"), "{err}");
    assert!(!out.exists());

    // No temporary files left anywhere.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".taizhang-"))
        .collect();
    assert!(leftovers.is_empty());

    // An existing file is replaced whole.
    let out = dir.path().join("表.xlsx");
    std::fs::write(&out, b"old").unwrap();
    taizhang(&db, &["export", "table", "--list", "key-projects", "--out", out.to_str().unwrap()]).ok();
    let mut book = Book::open(&out);
    assert_eq!(book.rows(&book.sheets[0].clone())[1][0], "越城区生态文明示范创建行动方案重点项目表");
}
