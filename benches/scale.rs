//! How the costs grow with the ledger: synthetic ledgers of 1× and 10× the built-in plan's size
//! (166 tasks × 60 units × 36 months of reports; 100× with `TAIZHANG_SCALE_100=1`), and for each
//! the time of the things a clerk does. Each size is printed beside 1×, with the ratio of times
//! and the ratio of sizes: growth near the size ratio (or below) is linear (or better).
//!
//! Run: `cargo bench --bench scale` (needs python3 with openpyxl to fill the forms, untimed).
//! Under `cargo test --all-targets` it runs once on a small ledger, untimed, to stay working.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use taizhang::app::{self, TaskQuery};
use taizhang::ledger::Ledger;
use taizhang::model::ListId;
use taizhang::progress::month_progress;
use taizhang::synth::{Spec, generate, unit_name};
use taizhang::timing::Month;

const BUILT_IN_TASKS: usize = 166;

/// One measurement: what, and seconds.
type Figures = Vec<(&'static str, f64)>;

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64())
}

fn measure(dir: &Path, factor: usize, months: usize, fill: bool) -> Result<(Figures, usize), Box<dyn std::error::Error>> {
    let db = dir.join(format!("scale-{factor}.db"));
    let spec = Spec { plans: 1, tasks: BUILT_IN_TASKS * factor, units: 60, months };
    let (g, gen_s) = time(|| generate(&db, &spec));
    let g = g?;
    eprintln!("  {factor}×：生成 {} 项任务、{} 条报送，用时 {gen_s:.1} s", g.tasks, g.reports);
    let mut ledger = Ledger::open(&db)?;
    let list = ListId::parse(&ledger.lists().all()?[0].id)?;
    let month = Month::new(2019, 1).expect("month");
    let month = (1..months).fold(month, |m, _| m.next());
    let mut f: Figures = Vec::new();
    f.push(("账本大小（MB）", std::fs::metadata(&db)?.len() as f64 / 1e6));
    let (_, s) = time(|| app::tasks(&ledger, &TaskQuery::list(list.clone())));
    f.push(("任务清单（tasks）", s));
    let unit = unit_name(0);
    let (grid, s) = time(|| -> taizhang::Result<usize> {
        let rows = month_progress(&ledger, Some(list.as_str()), month)?;
        Ok(rows.into_iter().filter(|p| p.task.involves(&unit)).count())
    });
    grid?;
    f.push(("一个单位的月度表格（窗口）", s));
    let (r, s) = time(|| app::export_monthly(&mut ledger, &list, month, None, &dir.join("monthly.xlsx")));
    r?;
    f.push(("导出进展情况表", s));
    let (r, s) = time(|| app::export_summary(&mut ledger, month, None, &dir.join("summary.xlsx")));
    r?;
    f.push(("导出统计汇总", s));
    let next = month.next();
    let forms_dir = dir.join(format!("forms-{factor}"));
    let (files, s) = time(|| app::export_forms(&mut ledger, &list, next, &forms_dir));
    let files = files?;
    f.push(("导出全部单位填报表", s));
    if fill {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/openpyxl_forms.py");
        let ok = Command::new("python3").arg(&script).arg("fill").arg(&forms_dir).status()?.success();
        assert!(ok, "filling the forms with openpyxl failed");
    }
    let paths: Vec<_> = files.iter().map(|f| f.path.clone()).collect();
    let (outcome, s) = time(|| app::import_forms(&mut ledger, &paths, app::ImportMode::Apply, None));
    let outcome = outcome?;
    assert!(outcome.files.iter().all(|f| f.problems.is_empty()), "a form was refused");
    f.push(("导入全部交回的填报表", s));
    let (r, s) = time(|| app::backup(&ledger, &dir.join(format!("backup-{factor}.db"))));
    r?;
    f.push(("备份", s));
    Ok((f, g.reports))
}

/// `text` padded to `width` terminal columns (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn smoke() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (f, reports) = measure(dir.path(), 1, 3, false)?;
    assert!(reports > 0 && f.len() == 8);
    println!("规模基准自检：1× 的各项操作正常（计时请运行 cargo bench --bench scale）");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if !std::env::args().any(|a| a == "--bench") {
        return smoke();
    }
    let mut factors = vec![1, 10];
    if std::env::var("TAIZHANG_SCALE_100").is_ok_and(|v| v == "1") {
        factors.push(100);
    }
    let dir = tempfile::tempdir()?;
    let mut runs = Vec::new();
    for &k in &factors {
        runs.push((k, measure(dir.path(), k, 36, true)?));
    }
    let (_, (base, base_reports)) = &runs[0];
    println!("\n规模（内置方案 166 项任务的倍数；60 个单位，36 个月的报送）：");
    let mut line = pad("", 28);
    for (k, (_, reports)) in &runs {
        line.push_str(&pad(&format!("{k}×（{reports} 条报送）"), 30));
    }
    println!("{line}");
    for (i, (what, v1)) in base.iter().enumerate() {
        let mut line = pad(what, 28);
        for (k, (f, reports)) in &runs {
            let v = f[i].1;
            let cell = if *k == 1 {
                format!("{v:.3}")
            } else {
                let size = *reports as f64 / *base_reports as f64;
                format!("{v:.3}（{:.1}×，规模 {size:.0}×）", v / v1.max(1e-9))
            };
            line.push_str(&pad(&cell, 30));
        }
        println!("{line}");
    }
    println!("（时间单位：秒；括号内为相对 1× 的倍数，与规模倍数相近或更小即为线性或更好。）");
    Ok(())
}
