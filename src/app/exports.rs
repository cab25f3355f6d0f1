//! The sheets that leave the app, with the file names a clerk would choose for them.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::export::summary::Summary;
use crate::export::{TableOptions, monthly, table};
use crate::ledger::exports::{Export, ExportKind};
use crate::ledger::{Ledger, now_text};
use crate::model::ListId;
use crate::settings::Settings;
use crate::timing::Month;

use super::tasks::TaskQuery;

/// Exports a list as the document prints it, filtered as the query says. Returns the number of
/// task rows written.
pub fn export_table(ledger: &mut Ledger, q: &TaskQuery, with_deadline: bool, out: &Path) -> Result<usize> {
    let unit = match &q.unit {
        Some(u) => Some(ledger.units().get(u.as_str())?.name),
        None => None,
    };
    check_output(ledger, out)?;
    let options = TableOptions { unit, chapter: q.chapter.clone(), category: q.category.clone(), with_deadline };
    let n = table::export_table(ledger, q.list.as_str(), &options, out)?;
    log_export(ledger, ExportKind::Table, Some(q.list.as_str()), None, out)?;
    Ok(n)
}

/// Refuses an output path that is the ledger itself or one of its side files (`-wal`, `-shm`,
/// `-journal`): saving a sheet or a backup there would destroy the ledger.
pub(crate) fn check_output(ledger: &Ledger, out: &Path) -> Result<()> {
    let Some(out_full) = resolved(out) else { return Ok(()) };
    let Some(db) = resolved(ledger.path()) else { return Ok(()) };
    let same = |a: &Path, b: &Path| {
        if cfg!(windows) { a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase() } else { a == b }
    };
    let mut guarded = vec![db.clone()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.clone().into_os_string();
        name.push(suffix);
        guarded.push(name.into());
    }
    if guarded.iter().any(|g| same(g, &out_full)) {
        return Err(crate::Error::OutputIsLedger { path: out.to_path_buf() });
    }
    Ok(())
}

/// A path with its folder resolved (links, `..`), whether or not the file itself exists yet.
fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let absolute = std::path::absolute(path).ok()?;
    let parent = absolute.parent()?.canonicalize().ok()?;
    Some(parent.join(absolute.file_name()?))
}

/// The 报送时间 printed on a sheet: the date given, else today.
fn report_date(date: Option<NaiveDate>) -> String {
    monthly::date_words(date.unwrap_or_else(crate::timing::today))
}

/// Records an export for the month's cycle and the list of recent exports.
pub(crate) fn log_export(
    ledger: &mut Ledger,
    kind: ExportKind,
    list: Option<&str>,
    month: Option<Month>,
    path: &Path,
) -> Result<()> {
    let who = Settings::load(ledger)?.clerk_name;
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    ledger.write(|tx| tx.export_log().record(kind, list, month, &path.display().to_string(), &now_text(), &who))
}

/// The latest exports, newest first (the export page's list).
pub fn recent_exports(ledger: &Ledger, limit: usize) -> Result<Vec<Export>> {
    ledger.export_log().recent(limit)
}

/// `越城区生态文明示范创建行动方案2018年主要工作任务清单.xlsx`, or with the unit: `…（区建设局）.xlsx`.
pub fn table_file_name(ledger: &Ledger, q: &TaskQuery) -> Result<String> {
    let list = ledger.lists().get(q.list.as_str())?;
    let unit = match &q.unit {
        Some(u) => Some(ledger.units().get(u.as_str())?.name),
        None => None,
    };
    Ok(table::suggested_file_name(&list, unit.as_deref()))
}

/// Exports the month's 工作进展情况表 of a list. Returns the number of tasks.
pub fn export_monthly(ledger: &mut Ledger, list: &ListId, month: Month, date: Option<NaiveDate>, out: &Path) -> Result<usize> {
    check_output(ledger, out)?;
    let n = monthly::export_monthly(ledger, list.as_str(), month, &report_date(date), out)?;
    log_export(ledger, ExportKind::Monthly, Some(list.as_str()), Some(month), out)?;
    Ok(n)
}

/// `越城区生态文明示范创建2018年主要工作任务11月进展情况表.xlsx`
pub fn monthly_file_name(ledger: &Ledger, list: &ListId, month: Month) -> Result<String> {
    let l = ledger.lists().get(list.as_str())?;
    Ok(monthly::monthly_file_name(&ledger.plans().get()?.short_title, &l, month))
}

/// Exports the month's statistics for leadership.
pub fn export_summary(ledger: &mut Ledger, month: Month, date: Option<NaiveDate>, out: &Path) -> Result<Summary> {
    check_output(ledger, out)?;
    let s = crate::export::summary::export_summary(ledger, month, &report_date(date), out)?;
    log_export(ledger, ExportKind::Summary, None, Some(month), out)?;
    Ok(s)
}

/// Exports the 主要目标完成情况表 of a period. Returns the targets as judged.
pub fn export_targets(
    ledger: &mut Ledger,
    period: crate::targets::Period,
    date: Option<NaiveDate>,
    out: &Path,
) -> Result<Vec<super::TargetStatus>> {
    check_output(ledger, out)?;
    let statuses = super::target_statuses(ledger, Some(period))?;
    let settings = Settings::load(ledger)?;
    let plan = ledger.plans().get()?;
    let ctx = crate::export::targets::TargetsContext {
        title: crate::export::targets::targets_title(&plan.short_title, period),
        office: settings.office.clone(),
        date: report_date(date),
        period,
        margin_percent: settings.target_risk_margin,
        filled_by: settings.clerk_name_set.clone(),
        approver: settings.approver.clone(),
        phone: settings.contact_phone.clone(),
    };
    crate::export::targets::export_targets(&ctx, &statuses, &crate::sheet::SheetStyle::from_settings(&settings), out)?;
    let month = match period {
        crate::targets::Period::Month(m) => Some(m),
        crate::targets::Period::Year(_) => None,
    };
    log_export(ledger, ExportKind::Targets, None, month, out)?;
    Ok(statuses)
}

/// `越城区生态文明示范创建主要目标2018年完成情况表.xlsx`
pub fn targets_file_name(ledger: &Ledger, period: crate::targets::Period) -> Result<String> {
    Ok(crate::export::targets::targets_file_name(&ledger.plans().get()?.short_title, period))
}

/// `越城区生态文明示范创建2018年11月推进情况统计.xlsx`
pub fn summary_file_name(ledger: &Ledger, month: Month) -> Result<String> {
    let plan = ledger.plans().get()?;
    Ok(format!("{}{}推进情况统计.xlsx", plan.short_title.trim_end_matches("行动方案"), month.label()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn suggested_names() {
        let (_dir, ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        let annual = ListId::parse("annual-2018").unwrap();
        assert_eq!(
            monthly_file_name(&ledger, &annual, nov).unwrap(),
            "越城区生态文明示范创建2018年主要工作任务11月进展情况表.xlsx"
        );
        assert_eq!(summary_file_name(&ledger, nov).unwrap(), "越城区生态文明示范创建2018年11月推进情况统计.xlsx");
        let q = TaskQuery { unit: Some(crate::model::UnitName::parse("区建设局").unwrap()), ..TaskQuery::list(annual) };
        assert_eq!(
            table_file_name(&ledger, &q).unwrap(),
            "越城区生态文明示范创建行动方案2018年主要工作任务清单（区建设局）.xlsx"
        );
    }

    #[test]
    fn exports_write_files() {
        let (dir, mut ledger) = testing::ledger();
        let nov = Month::parse("2018-11").unwrap();
        let out = dir.path().join("m.xlsx");
        let annual = ListId::parse("annual-2018").unwrap();
        assert_eq!(export_monthly(&mut ledger, &annual, nov, None, &out).unwrap(), 45);
        assert!(out.exists());
        let ledger_path = ledger.path().to_path_buf();
        for target in [ledger_path.clone(), ledger_path.with_file_name("ledger.db-wal"), dir.path().join(".").join("ledger.db")] {
            let err = export_monthly(&mut ledger, &annual, nov, None, &target).unwrap_err();
            assert_eq!(err.code(), "output_is_ledger", "{}", target.display());
        }
        let s = dir.path().join("s.xlsx");
        export_summary(&mut ledger, nov, None, &s).unwrap();
        assert!(s.exists());
        let recent = recent_exports(&ledger, 5).unwrap();
        let kinds: Vec<ExportKind> = recent.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec![ExportKind::Summary, ExportKind::Monthly]);
        assert!(std::path::Path::new(&recent[0].path).is_absolute());
    }
}
