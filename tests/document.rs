//! The Word documents read back: the parts of each `.docx` (page, grid, fonts, sizes, footers),
//! the counts against the inputs, no leftover placeholders, a golden structure per kind, and —
//! where LibreOffice is installed (CI installs it) — the rendered PDF.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use taizhang::document::{self, Block, Document, DocumentStyle, bulletin, notice, samples};

/// The three sample documents: (name, document).
fn documents() -> Vec<(&'static str, Document)> {
    vec![
        ("notice-dubn", notice(&samples::supervision()).unwrap()),
        ("notice-cuiban", notice(&samples::reminder()).unwrap()),
        ("bulletin", bulletin(&samples::bulletin()).unwrap()),
    ]
}

fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        let name = f.name().unwrap().to_string();
        parts.insert(name, s);
    }
    parts
}

fn parts_of(doc: &Document) -> HashMap<String, String> {
    unzip(&document::docx::to_docx(doc, &DocumentStyle::default()).unwrap())
}

/// The value of attribute `name` in the first tag `<tag …>` of `xml`.
fn attr(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = start + xml[start..].find('>')?;
    let t = &xml[start..end];
    let a = t.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(t[a..a + t[a..].find('"')?].to_string())
}

/// Unescapes the few entities the writer produces.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The text of a piece of WordprocessingML: `w:t` contents, tabs as tabs.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:t") {
        let after = &rest[i..];
        if let Some(next) = after.strip_prefix("<w:tab/>") {
            out.push('\t');
            rest = next;
            continue;
        }
        if !(after.starts_with("<w:t>") || after.starts_with("<w:t ")) {
            rest = &after[4..];
            continue;
        }
        let open = after.find('>').unwrap() + 1;
        let close = after.find("</w:t>").unwrap();
        out.push_str(&unescape(&after[open..close]));
        rest = &after[close..];
    }
    out
}

/// Top-level elements of the body: paragraphs and tables, in order.
fn body_elements(document_xml: &str) -> Vec<&str> {
    let body = &document_xml[document_xml.find("<w:body>").unwrap() + 8..document_xml.find("<w:sectPr>").unwrap()];
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let end = if rest.starts_with("<w:tbl>") { rest.find("</w:tbl>").unwrap() + 8 } else { rest.find("</w:p>").unwrap() + 6 };
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// One line per paragraph or table: alignment, font, size, the start of the text.
fn structure(document_xml: &str) -> String {
    let mut lines = Vec::new();
    for el in body_elements(document_xml) {
        if el.starts_with("<w:tbl>") {
            let rows = el.matches("<w:tr>").count();
            let cols = el.matches("<w:gridCol ").count();
            let first_row = &el[..el.find("</w:tr>").unwrap()];
            let header: Vec<String> = first_row.split("</w:tc>").map(text_of).filter(|t| !t.is_empty()).collect();
            lines.push(format!("table {cols}×{rows} [{}]", header.join("|")));
            continue;
        }
        let text = text_of(el);
        let jc = attr(el, "w:jc", "w:val").unwrap_or_default();
        let run = el.find("<w:r>").map(|i| &el[i..]).unwrap_or(el);
        let font = attr(run, "w:rFonts", "w:eastAsia").unwrap_or_default();
        let size = attr(run, "w:sz", "w:val").unwrap_or_default();
        let page = if el.contains("<w:pageBreakBefore/>") { " newpage" } else { "" };
        let head: String = text.chars().take(18).collect();
        lines.push(format!("p {jc} {font} {size}{page} {head}").trim_end().to_string());
    }
    lines.join("\n") + "\n"
}

#[test]
fn every_document_is_on_gb9704_pages() {
    for (name, doc) in documents() {
        let p = parts_of(&doc);
        let d = &p["word/document.xml"];
        let sect = &d[d.find("<w:sectPr>").unwrap()..];
        // A4, margins 37/26/35/28 mm in twips.
        assert_eq!(attr(sect, "w:pgSz", "w:w").as_deref(), Some("11906"), "{name}");
        assert_eq!(attr(sect, "w:pgSz", "w:h").as_deref(), Some("16838"));
        let margins: Vec<String> =
            ["w:top", "w:right", "w:bottom", "w:left"].iter().map(|a| attr(sect, "w:pgMar", a).unwrap()).collect();
        assert_eq!(margins, ["2098", "1474", "1984", "1587"], "{name}");
        // 22 lines of 579 twips in a 版心 225 mm high.
        assert_eq!(attr(sect, "w:docGrid", "w:linePitch").as_deref(), Some("579"));
        assert_eq!(attr(sect, "w:docGrid", "w:type").as_deref(), Some("lines"));
        // Odd and even footers, switched on in the settings.
        assert!(sect.contains(r#"<w:footerReference w:type="default" r:id="rIdFooterOdd"/>"#));
        assert!(sect.contains(r#"<w:footerReference w:type="even" r:id="rIdFooterEven"/>"#));
        assert!(p["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
        let rels = &p["word/_rels/document.xml.rels"];
        assert!(rels.contains(r#"Id="rIdFooterOdd""#) && rels.contains(r#"Target="footer1.xml""#));
        assert!(rels.contains(r#"Id="rIdFooterEven""#) && rels.contains(r#"Target="footer2.xml""#));
        for (footer, jc, side) in [("word/footer1.xml", "right", "w:right"), ("word/footer2.xml", "left", "w:left")] {
            let f = &p[footer];
            assert!(f.contains(r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#), "{footer}");
            assert_eq!(attr(f, "w:jc", "w:val").as_deref(), Some(jc), "{footer}");
            // 空一字 of 四号 (14 pt = 280 twips).
            assert_eq!(attr(f, "w:ind", side).as_deref(), Some("280"), "{footer}");
            assert_eq!(attr(f, "w:rFonts", "w:eastAsia").as_deref(), Some("宋体"));
            assert_eq!(attr(f, "w:sz", "w:val").as_deref(), Some("28"));
            assert_eq!(text_of(f), "— 1 —");
        }
        // The font table names every font with its GB2312 charset and a fallback.
        let fonts = &p["word/fontTable.xml"];
        assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>"#), "{fonts}");
        assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#));
    }
}

/// The run properties of the run holding `text`.
fn run_props<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml.find(&format!(">{text}</w:t>")).unwrap_or_else(|| panic!("“{text}” is not one run"));
    let start = xml[..at].rfind("<w:r>").unwrap();
    &xml[start..at]
}

#[test]
fn fonts_and_sizes_by_role() {
    let doc = bulletin(&samples::bulletin()).unwrap();
    let p = parts_of(&doc);
    let d = &p["word/document.xml"];
    let check = |text: &str, font: &str, half_points: &str| {
        let r = run_props(d, text);
        for a in ["w:ascii", "w:hAnsi", "w:eastAsia"] {
            assert_eq!(attr(r, "w:rFonts", a).as_deref(), Some(font), "{text}: {a} in {r}");
        }
        assert_eq!(attr(r, "w:sz", "w:val").as_deref(), Some(half_points), "{text}");
        r.to_string()
    };
    // Title 方正小标宋简体 二号 centred.
    check(&doc.title[0], "方正小标宋简体", "44");
    let title_p = &d[d[..d.find(&doc.title[0]).unwrap()].rfind("<w:p>").unwrap()..];
    assert_eq!(attr(title_p, "w:jc", "w:val").as_deref(), Some("center"));
    // Headings 黑体 and 楷体, body 仿宋, all 三号, condensed to 28 characters a line.
    let h1 = check("一、基本情况", "黑体", "32");
    assert!(h1.contains(r#"<w:spacing w:val="-5"/>"#), "{h1}");
    check("（一）部分任务推进滞后。", "楷体_GB2312", "32");
    let body = check("各镇街，区级有关部门：", "仿宋_GB2312", "32");
    assert!(body.contains(r#"<w:spacing w:val="-5"/>"#));
    // Body paragraphs: exact 579-twip lines, first line indented two characters.
    let para = body_elements(d).into_iter().find(|e| text_of(e).starts_with("为推动")).unwrap();
    assert_eq!(attr(para, "w:spacing", "w:line").as_deref(), Some("579"));
    assert_eq!(attr(para, "w:spacing", "w:lineRule").as_deref(), Some("exact"));
    assert_eq!(attr(para, "w:ind", "w:firstLineChars").as_deref(), Some("200"));
    assert_eq!(attr(para, "w:jc", "w:val").as_deref(), Some("both"));
    // Tables: header 黑体 小四, body 仿宋 小四, header row repeated, rows kept whole.
    check("清单及序号", "黑体", "24");
    check("2018年9月底", "仿宋_GB2312", "24");
    let table = body_elements(d).into_iter().find(|e| e.starts_with("<w:tbl>")).unwrap();
    assert_eq!(table.matches("<w:tblHeader/>").count(), 1);
    assert_eq!(table.matches("<w:cantSplit/>").count(), table.matches("<w:tr>").count());
    assert!(table.contains(r#"<w:tblLayout w:type="fixed"/>"#));
    // Widths add up to the 版心.
    let grid: i64 = table.split("<w:gridCol w:w=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse::<i64>().unwrap()).sum();
    assert_eq!(grid, 8845);
    // 附件 on a new page, 黑体.
    check("附件1", "黑体", "32");
    // The date in Arabic numerals, right-aligned 右空四字; the office centred over it.
    let date = body_elements(d).into_iter().find(|e| text_of(e) == "2018年11月30日").unwrap();
    assert_eq!(attr(date, "w:jc", "w:val").as_deref(), Some("right"));
    assert_eq!(attr(date, "w:ind", "w:rightChars").as_deref(), Some("400"));
    let office = body_elements(d).into_iter().find(|e| text_of(e) == "区美丽办").unwrap();
    assert_eq!(attr(office, "w:ind", "w:rightChars").as_deref(), Some("550"));
    assert!(office.contains("<w:keepNext/>"));
}

/// The document's text, a line per paragraph; tables too unless `paragraphs_only`.
fn doc_text_of(doc: &Document, paragraphs_only: bool) -> String {
    let p = parts_of(doc);
    body_elements(&p["word/document.xml"])
        .into_iter()
        .filter(|e| !(paragraphs_only && e.starts_with("<w:tbl>")))
        .map(text_of)
        .collect::<Vec<_>>()
        .join("\n")
}

fn doc_text(doc: &Document) -> String {
    doc_text_of(doc, false)
}

#[test]
fn no_placeholder_is_left_in_any_document() {
    for (name, doc) in documents() {
        let text = doc_text(&doc);
        let found = document::model::placeholders(&text);
        assert!(found.is_empty(), "{name}: {found:?}\n{text}");
        // What the document says is what the preview shows.
        let preview = doc.to_plain_text();
        for line in doc_text_of(&doc, true).lines().filter(|l| !l.trim().is_empty() && !l.contains('\t')) {
            assert!(preview.contains(line.trim()), "{name}: “{line}” is not in the preview");
        }
    }
}

fn pct(part: usize, total: usize) -> String {
    format!("{:.1}%", part as f64 * 100.0 / total as f64)
}

#[test]
fn the_bulletin_says_the_counts_it_was_given() {
    let input = samples::bulletin();
    let text = doc_text(&bulletin(&input).unwrap());
    // The three lists overlap: each is counted in its own paragraph, never added up.
    assert_eq!(input.lists.len(), 3);
    let total: usize = input.lists.iter().map(|l| l.total).sum();
    assert!(!text.contains(&format!("{total}项")), "a sum of overlapping lists:\n{text}");
    for (i, l) in input.lists.iter().enumerate() {
        assert!(text.contains(&format!("{}{}项", l.name, l.total)), "{}", l.name);
        let head = format!("（{}）{}。其中，", ["一", "二", "三"][i], l.name);
        let at = text.find(&head).unwrap_or_else(|| panic!("{head} missing:\n{text}"));
        let paragraph = text[at..].lines().next().unwrap();
        let counts = [
            ("已完成", l.done),
            ("按序时推进", l.on_track),
            ("滞后", l.behind),
            ("未启动", l.not_started),
            ("未报送", l.unreported),
        ];
        for (word, n) in counts {
            if n > 0 {
                let said = format!("{word}{n}项，占{}", pct(n, l.total));
                assert!(paragraph.contains(&said), "{said} missing: {paragraph}");
            } else {
                assert!(paragraph.contains("无") && paragraph.contains(word), "{word} none: {paragraph}");
            }
        }
    }
    for s in [
        format!("本月新完成任务：2018年清单{}项", input.completed.len()),
        format!("本月报告滞后的任务：2018年清单{}项", input.behind.len()),
        format!("本月亮红灯任务：2018年清单{}项", input.red.len()),
        format!("共{}个单位未按时报送", input.late_units.len()),
    ] {
        assert!(text.contains(&s), "missing {s}:\n{text}");
    }
    // The score's best and worst units are named with their points.
    let scores = input.scores.as_ref().unwrap();
    assert!(text.contains(&format!("得分居前的是{}（{}分）", scores[0].unit, scores[0].total)), "{text}");
    let last = scores.last().unwrap();
    assert!(text.contains(&format!("{}（{}分）", last.unit, last.total)));
}

#[test]
fn the_notices_name_each_task() {
    for input in [samples::supervision(), samples::reminder()] {
        let text = doc_text(&notice(&input).unwrap());
        assert!(text.contains(&format!("{}：", input.unit)), "{text}");
        assert!(text.contains(&format!("以下{}项任务", input.tasks.len())), "{text}");
        for t in &input.tasks {
            assert!(text.contains(&format!("{}第{}项", t.list, t.seq)), "{}: {text}", t.seq);
            assert!(text.contains(&t.deadline));
        }
    }
}

/// Golden structure: paragraph by paragraph (alignment, font, size, start of the text) and
/// table by table. `UPDATE_GOLDEN=1 cargo test --test document` rewrites the files after a
/// deliberate change; read the diff before committing it.
#[test]
fn golden_structure_per_kind() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    for (name, doc) in documents() {
        let got = structure(&parts_of(&doc)["word/document.xml"]);
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing: run UPDATE_GOLDEN=1 cargo test --test document", path.display()));
        if got != want {
            let diff: Vec<String> = want
                .lines()
                .zip(got.lines())
                .enumerate()
                .filter(|(_, (w, g))| w != g)
                .take(5)
                .map(|(i, (w, g))| format!("line {}:\n  want {w}\n  got  {g}", i + 1))
                .collect();
            panic!(
                "{name} differs from {} ({} lines, was {}):\n{}",
                path.display(),
                got.lines().count(),
                want.lines().count(),
                diff.join("\n")
            );
        }
    }
    // The outline the window previews follows the same order.
    let doc = bulletin(&samples::bulletin()).unwrap();
    let headings: Vec<&str> =
        doc.body.iter().filter_map(|b| if let Block::Heading1 { text } = b { Some(text.as_str()) } else { None }).collect();
    assert_eq!(headings, ["一、基本情况", "二、主要成效", "三、存在问题", "四、考核情况", "五、下步工作要求"]);
}

#[test]
fn saving_replaces_whole_files_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = notice(&samples::supervision()).unwrap();
    let style = DocumentStyle::default();
    // A folder that does not exist: one Chinese line, nothing written.
    let missing = dir.path().join("没有的文件夹").join("督办通知单.docx");
    let e = document::save_docx(&doc, &style, &missing).unwrap_err().to_string();
    assert!(e.contains("督办通知单.docx") && e.contains("文件夹不存在"), "{e}");
    assert!(!e.contains('\n'));
    // A folder given as the file.
    let e = document::save_docx(&doc, &style, dir.path()).unwrap_err().to_string();
    assert!(e.contains("文件夹"), "{e}");
    // A good save, then a read-only file: the old one stays whole.
    let out = dir.path().join("区建设局-2018年11月督办通知单.docx");
    document::save_docx(&doc, &style, &out).unwrap();
    let before = std::fs::read(&out).unwrap();
    assert!(unzip(&before).contains_key("word/document.xml"));
    let mut perms = std::fs::metadata(&out).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&out, perms).unwrap();
    let other = bulletin(&samples::bulletin()).unwrap();
    let e = document::save_docx(&other, &style, &out).unwrap_err().to_string();
    assert!(e.contains("只读"), "{e}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    // No temporary file left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

// ---- Rendering with LibreOffice ----

fn office() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
}

fn office_or_skip() -> Option<&'static str> {
    let found = office();
    if found.is_none() {
        assert!(std::env::var("CI").is_err(), "CI installs LibreOffice (scripts/install-deps.sh)");
        eprintln!("LibreOffice is not installed: rendering skipped here; CI runs it.");
    }
    found
}

/// Renders `docx` to PDF in its folder with a profile of its own; the Windows fonts a 公文
/// names are stood in for by the Noto CJK faces (tests/support/fonts.conf).
fn to_pdf(office: &str, docx: &Path) -> PathBuf {
    let dir = docx.parent().unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fonts.conf");
    let out = Command::new(office)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .env("FONTCONFIG_FILE", fonts)
        .output()
        .unwrap();
    let pdf = docx.with_extension("pdf");
    assert!(pdf.exists(), "LibreOffice did not write {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    pdf
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext").args(args).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn rendered_documents_show_title_counts_and_page_numbers() {
    let Some(office) = office_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, doc) in documents() {
        let docx = dir.path().join(format!("{name}.docx"));
        document::save_docx(&doc, &DocumentStyle::default(), &docx).unwrap();
        let pdf = to_pdf(office, &docx);
        let text = pdftotext(&pdf, &[]);
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(&doc.title.concat()), "{name}: title missing:\n{text}");
        assert!(flat.contains("—1—"), "{name}: page number 1 missing:\n{text}");
        let pages = text.matches('\u{c}').count();
        if pages >= 2 {
            assert!(flat.contains("—2—"), "{name}: page number 2 missing");
        }
        match name {
            "bulletin" => {
                assert!(pages >= 4, "{name}: {pages} pages");
                for s in ["工作任务责任分解表100项", "已完成8项，占8.0%", "未报送6项，占13.3%", "本月亮红灯任务：2018年清单3项"]
                {
                    assert!(flat.contains(s), "{name}: {s} missing:\n{text}");
                }
            }
            "notice-dubn" => {
                for s in ["以下2项任务亮红灯", "督办事项回执", "2018年12月5日前"] {
                    assert!(flat.contains(s), "{name}: {s} missing:\n{text}");
                }
            }
            _ => {
                assert!(flat.contains("以下5项任务"), "{name}:\n{text}");
            }
        }
        // Page numbers: odd pages at the right, even pages at the left.
        let layout = pdftotext(&pdf, &["-layout"]);
        for (i, page) in layout.split('\u{c}').enumerate().filter(|(_, p)| p.contains('—')) {
            let line = page.lines().rev().find(|l| l.contains('—')).unwrap();
            let indent = line.chars().take_while(|c| *c == ' ').count();
            if i % 2 == 0 {
                assert!(indent > 20, "{name} page {}: page number not at the right: {line:?}", i + 1);
            } else {
                assert!(indent < 5, "{name} page {}: page number not at the left: {line:?}", i + 1);
            }
        }
    }
}

#[test]
fn a_full_page_holds_22_lines_of_28_characters() {
    let Some(office) = office_or_skip() else {
        return;
    };
    // Paragraphs of Chinese characters only, so that every full line has exactly 28.
    let para = "各牵头单位要对照年度目标任务倒排工期挂图作战逐项分析原因落实整改措施确保按期完成".repeat(3);
    let doc = Document {
        title: vec!["版心测试".into()],
        body: (0..30).map(|_| Block::paragraph(para.clone())).collect(),
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("grid.docx");
    document::save_docx(&doc, &DocumentStyle::default(), &docx).unwrap();
    let pdf = to_pdf(office, &docx);
    let text = pdftotext(&pdf, &["-f", "2", "-l", "2"]);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty() && !l.contains('—'))
        .collect();
    assert_eq!(lines.len(), 22, "page 2:\n{}", lines.join("\n"));
    let full: Vec<usize> = lines.iter().map(|l| l.chars().count()).filter(|n| *n > 26).collect();
    assert!(!full.is_empty() && full.iter().all(|n| *n == 28), "line lengths {full:?}:\n{}", lines.join("\n"));
}
