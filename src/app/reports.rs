//! Reports: record a unit's monthly report (one, or several in one go from the window's grid),
//! and list the red tasks of a month.

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::progress::{Light, Recorded, ReportInput, TaskProgress, check_report, month_progress, record_in};
use crate::settings::Settings;
use crate::timing::Month;

/// Records a report. A later report for the same task, unit and month replaces the earlier one,
/// which stays in the task's history; the same report again changes nothing.
pub fn record_report(ledger: &mut Ledger, input: &ReportInput) -> Result<Recorded> {
    record_reports(ledger, std::slice::from_ref(input)).map(|mut r| r.remove(0)).map_err(|e| match e {
        Error::Batch { source, .. } => *source,
        other => other,
    })
}

/// Records several reports, all or none: every one is checked first, then all are written in
/// one transaction. An error names which one (第 N 条).
pub fn record_reports(ledger: &mut Ledger, inputs: &[ReportInput]) -> Result<Vec<Recorded>> {
    let settings = Settings::load(ledger)?;
    let mut checked = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        checked.push(check_report(ledger, input, &settings).map_err(|e| Error::Batch { index, source: Box::new(e) })?);
    }
    let who = settings.clerk_name.clone();
    ledger.write(|tx| checked.iter().map(|c| record_in(tx, c, &who)).collect())
}

/// The red tasks of a month with their reasons, over every list.
pub fn overdue(ledger: &Ledger, month: Month) -> Result<Vec<TaskProgress>> {
    Ok(month_progress(ledger, None, month)?.into_iter().filter(|p| p.light == Light::Red).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;
    use crate::progress::{RawReport, ReportSource};

    fn input(task: &str, unit: &str, status: &str) -> ReportInput {
        RawReport {
            task_id: task.into(),
            unit: unit.into(),
            month: "2018-11".into(),
            status: status.into(),
            ..Default::default()
        }
        .parse(ReportSource::Cli)
        .unwrap()
    }

    #[test]
    fn new_replaced_unchanged() {
        let (_dir, mut ledger) = testing::ledger();
        assert_eq!(record_report(&mut ledger, &input("A-018", "区建设局", "滞后")).unwrap(), Recorded::New);
        assert_eq!(record_report(&mut ledger, &input("A-018", "区建设局", "滞后")).unwrap(), Recorded::Unchanged);
        assert_eq!(record_report(&mut ledger, &input("A-018", "区建设局", "按序时推进")).unwrap(), Recorded::Replaced);
        assert_eq!(ledger.reports().history("A-018").unwrap().len(), 2);
    }

    #[test]
    fn a_batch_is_all_or_nothing_and_names_the_bad_one() {
        let (_dir, mut ledger) = testing::ledger();
        let batch = [input("A-018", "区建设局", "滞后"), input("A-018", "区环保分局", "滞后")];
        let err = record_reports(&mut ledger, &batch).unwrap_err();
        assert_eq!(err.code(), "unit_not_on_task");
        assert!(err.to_string().starts_with("第 2 条："), "{err}");
        assert!(ledger.reports().history("A-018").unwrap().is_empty());
        let err = record_report(&mut ledger, &input("A-018", "区环保分局", "滞后")).unwrap_err();
        assert!(!err.to_string().starts_with("第 "), "a single report is not numbered: {err}");
    }

    #[test]
    fn red_tasks_of_a_month() {
        let (_dir, mut ledger) = testing::ledger();
        record_report(&mut ledger, &input("A-018", "区建设局", "滞后")).unwrap();
        let red = overdue(&ledger, Month::parse("2018-11").unwrap()).unwrap();
        assert!(red.iter().any(|p| p.task.id == "A-018"));
        assert!(red.iter().all(|p| p.light == Light::Red));
    }
}
