//! The commands of the Word documents and the 考核 scores: `export notice`, `export bulletin`,
//! `export scores`, `scores`.

use std::path::Path;
use std::process::ExitCode;

use taizhang::app;
use taizhang::document::NoticeKind;
use taizhang::error::Result;
use taizhang::model::UnitName;
use taizhang::targets::number;
use taizhang::timing::{Month, parse_date};

use crate::OK;
use crate::print;

#[allow(clippy::too_many_arguments)]
pub fn cmd_export_notice(
    db: &Path,
    kind: &str,
    month: &str,
    unit: Option<&str>,
    all: bool,
    out: Option<&Path>,
    out_dir: Option<&Path>,
    date: Option<&str>,
) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let kind = NoticeKind::parse(kind)?;
    let month = Month::parse(month)?;
    let date = date.map(parse_date).transpose()?;
    let saved = match (all, unit, out, out_dir) {
        (true, _, _, Some(dir)) => app::export_notices(&mut ledger, kind, month, date, dir)?,
        (_, Some(unit), Some(out), _) => vec![app::export_notice(&mut ledger, kind, &UnitName::parse(unit)?, month, date, out)?],
        // clap requires --unit and --out, or --all and --out-dir.
        _ => unreachable!("clap checks the arguments"),
    };
    for s in &saved {
        outln!("已生成{}（{}）：{}", kind.title(), s.number, s.path.display());
    }
    if saved.len() > 1 {
        outln!("共 {} 份", saved.len());
    }
    OK
}

pub fn cmd_export_bulletin(db: &Path, month: &str, list: Option<&str>, out: &Path, date: Option<&str>) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let list = list.map(taizhang::model::ListId::parse).transpose()?;
    let saved = app::export_bulletin(&mut ledger, Month::parse(month)?, list.as_ref(), date.map(parse_date).transpose()?, out)?;
    outln!("已生成月度通报（{}）：{}", saved.number, saved.path.display());
    OK
}

pub fn cmd_export_scores(db: &Path, month: &str, out: &Path) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let scores = app::export_scores(&mut ledger, Month::parse(month)?, out)?;
    outln!("已导出考核得分表到：{}（{} 个单位）", out.display(), scores.len());
    OK
}

pub fn cmd_scores(db: &Path, month: &str, json: bool) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let month = Month::parse(month)?;
    let rules = app::score_rules(&ledger)?;
    let scores = app::month_scores(&ledger, month)?;
    if json {
        print::json(&scores);
        return OK;
    }
    if !rules.enabled {
        outln!("（考核计分未开启，以下按设置中的规则试算；开启：taizhang settings --set score_enabled=是）");
    }
    let mut header = vec!["名次".to_string(), "单位".to_string(), "任务".to_string(), "得分".to_string()];
    if let Some(first) = scores.first() {
        header.extend(first.lines.iter().map(|l| l.label.to_string()));
    }
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = print::table(&refs);
    for s in &scores {
        let mut row = vec![s.rank.to_string(), s.unit.clone(), s.tasks.to_string(), number(s.total)];
        row.extend(s.lines.iter().map(|l| if l.count == 0 { String::new() } else { l.count.to_string() }));
        t.add_row(row);
    }
    print::print_table(&t);
    OK
}
