//! Writes a synthetic ledger: the built-in plan and more plans of many tasks, with months of
//! reports, to try the window and the commands on years of work.
//!
//! ```bash
//! cargo run --release --example synth -- --plans 10 --tasks 1000 --units 60 --months 36 --out 合成账本.db
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use taizhang::synth::{Spec, generate};

fn main() -> ExitCode {
    let mut spec = Spec { plans: 1, tasks: 166, units: 60, months: 12 };
    let mut out = PathBuf::from("synth.db");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        let n = || value.parse::<usize>().ok();
        match (flag.as_str(), n()) {
            ("--plans", Some(v)) => spec.plans = v,
            ("--tasks", Some(v)) => spec.tasks = v,
            ("--units", Some(v)) if v > 0 => spec.units = v,
            ("--months", Some(v)) => spec.months = v,
            ("--out", _) => out = PathBuf::from(&value),
            _ => {
                eprintln!(
                    "用法：synth [--plans N] [--tasks N] [--units N] [--months N] [--out 文件.db]（参数“{flag} {value}”不正确）"
                );
                return ExitCode::FAILURE;
            }
        }
    }
    if out.exists() {
        eprintln!("错误：{} 已存在。请换一个文件名，或先删除它。", out.display());
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    match generate(&out, &spec) {
        Ok(g) => {
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            println!(
                "已生成 {}：方案 {} 个（另有内置方案），任务 {} 项，报送 {} 条，{:.1} MB，用时 {:.1} 秒",
                out.display(),
                g.plans,
                g.tasks,
                g.reports,
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
