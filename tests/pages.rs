//! The printed pages, as LibreOffice renders them (CI installs it): no page ends with a chapter
//! or category heading, and every page shows the 工作内容 / 项目 of its first task (a merged
//! category is split at a page break and its text repeated). The break computation itself is
//! tested without LibreOffice in `src/sheet/pages.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::taizhang;
use serde_json::Value;

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Converts an .xlsx to PDF with a profile of its own; returns the PDF.
fn to_pdf(office: &str, xlsx: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join(format!("lo-{}", xlsx.file_stem().unwrap().to_string_lossy()));
    let out = Command::new(office)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .output()
        .expect("LibreOffice runs");
    let pdf = dir.join(xlsx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "LibreOffice wrote no PDF: {}", String::from_utf8_lossy(&out.stderr));
    pdf
}

/// The text of each page: `-layout` keeps lines as printed, `-raw` keeps a cell's lines together.
fn pages(pdf: &Path, mode: &str) -> Vec<String> {
    let out = Command::new("pdftotext").arg(mode).arg(pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_chapter(line: &str) -> bool {
    let t = line.trim();
    let numeral: String = t.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
    !numeral.is_empty() && t[numeral.len()..].starts_with('、')
}

/// Checks every page of a table: the last line above the footer is not a heading, and the
/// category of the page's first task appears on the page.
fn check_pages(pdf: &Path, tasks: &[Value], headings: &[String], what: &str) {
    let layout = pages(pdf, "-layout");
    let raw = pages(pdf, "-raw");
    assert!(layout.len() >= 2, "{what}: {} page(s)", layout.len());
    for (n, page) in layout.iter().enumerate() {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let footer = lines.iter().rposition(|l| l.contains("页") && l.contains("共")).expect("a footer");
        let last = lines[..footer].last().copied().unwrap_or("");
        assert!(!is_chapter(last), "{what} page {} ends with the chapter row {last:?}", n + 1);
        assert!(!headings.iter().any(|h| squeeze(last) == squeeze(h)), "{what} page {} ends with the heading {last:?}", n + 1);
    }
    for (n, page) in raw.iter().enumerate() {
        // The first 序号 printed on the page, after the repeated header.
        let after_header = page.split("配合单位").nth(1).or_else(|| page.split("完成时间").nth(1)).unwrap_or(page);
        let Some(seq) = after_header.split_whitespace().find(|w| w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 3) else {
            continue;
        };
        let Some(task) = tasks.iter().find(|t| t["seq"] == seq) else { continue };
        let category = task["category"].as_str().unwrap_or("");
        if category.is_empty() || n == 0 {
            continue;
        }
        assert!(
            squeeze(page).contains(&squeeze(category)),
            "{what} page {}: first task 序号 {seq}, but its “{category}” is not on the page",
            n + 1
        );
    }
}

#[test]
fn no_page_ends_with_a_heading_and_every_page_shows_its_category() {
    let Some(office) = soffice() else {
        assert!(std::env::var("CI").is_err(), "CI installs LibreOffice (scripts/install-deps.sh)");
        eprintln!("LibreOffice is not installed: the rendered pages are not checked here.");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    taizhang(&db, &["init"]).ok();
    taizhang(
        &db,
        &[
            "report",
            "--task",
            "A-018",
            "--unit",
            "区建设局",
            "--month",
            "2018-11",
            "--status",
            "滞后",
            "--progress",
            "已完成流量计安装60%。",
        ],
    )
    .ok();
    for (list, kind) in
        [("responsibility", "table"), ("key-projects", "table"), ("annual-2018", "table"), ("responsibility", "monthly")]
    {
        let xlsx = dir.path().join(format!("{kind}-{list}.xlsx"));
        let mut args = vec!["export", kind, "--list", list, "--out", xlsx.to_str().unwrap()];
        if kind == "monthly" {
            args.extend(["--month", "2018-11"]);
        }
        taizhang(&db, &args).ok();
        let tasks: Vec<Value> = serde_json::from_str(&taizhang(&db, &["tasks", "--list", list, "--json"]).ok()).unwrap();
        let mut headings: Vec<String> = tasks.iter().filter_map(|t| t["chapter"].as_str().map(str::to_string)).collect();
        if list == "key-projects" {
            headings.extend(tasks.iter().filter_map(|t| t["category"].as_str().map(str::to_string)));
        }
        headings.dedup();
        let pdf = to_pdf(office, &xlsx, dir.path());
        check_pages(&pdf, &tasks, &headings, &format!("{kind} {list}"));
    }
}
