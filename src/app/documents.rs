//! The Word documents a 督考办 sends, filled from the ledger: 督办通知单 (to a unit whose tasks
//! are red), 催办单 (to a unit that has not reported), the monthly 通报, and the 考核 scores they
//! cite. Each can be previewed (the same [`Document`] the writer saves) before it is saved; a
//! saved document takes the next 发文字号 of its kind and year.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::document::bulletin::{BulletinInput, DEFAULT_REQUIREMENTS, ListStat, RedRow, StatusWords, TaskLine};
use crate::document::notice::{Contact, LatestReport, NoticeInput, NoticeKind, NoticeTask, reply_deadline};
use crate::document::score::{ScoreInput, ScoreRules, UnitScore, evaluate, score_sheet};
use crate::document::{Document, DocumentStyle, bulletin, notice, save_docx};
use crate::error::{Error, Result};
use crate::export::summary::summarize;
use crate::ledger::Ledger;
use crate::ledger::exports::ExportKind;
use crate::model::{ListId, ListKind, Task, UnitKind, UnitName};
use crate::progress::{Light, TaskProgress, month_progress};
use crate::settings::{Meaning, Settings, requirement_items};
use crate::timing::{Month, today};

use super::exports::{check_output, log_export};

/// The counter key of a kind of document.
fn counter_key(kind: Option<NoticeKind>) -> &'static str {
    match kind {
        Some(NoticeKind::Supervision) => "supervision",
        Some(NoticeKind::Reminder) => "reminder",
        None => "bulletin",
    }
}

/// 越美办督〔2018〕3号: the prefix set in the settings, or the office's name and 督 / 催 / 通.
fn document_number(settings: &Settings, kind: Option<NoticeKind>, year: i32, n: i64) -> String {
    let (set, suffix) = match kind {
        Some(NoticeKind::Supervision) => (&settings.number_prefix_supervision, "督"),
        Some(NoticeKind::Reminder) => (&settings.number_prefix_reminder, "催"),
        None => (&settings.number_prefix_bulletin, "通"),
    };
    let prefix = if set.trim().is_empty() { format!("{}{suffix}", settings.office.trim()) } else { set.trim().to_string() };
    format!("{prefix}〔{year}〕{n}号")
}

/// The task as a document names it: a key project with its name.
fn task_text(t: &Task, kind: ListKind) -> String {
    crate::forms::write::task_cell(t, kind)
}

/// Whether a red task is `unit`'s to answer for: red by its deadline, a missed milestone or a
/// returned 销号 concerns every lead unit; red only because a lead unit reported 滞后 concerns
/// the units that reported it.
fn red_for(p: &TaskProgress, unit: &str) -> bool {
    if p.light != Light::Red || !p.task.lead.iter().any(|u| u == unit) {
        return false;
    }
    let own_behind = p.reports.iter().any(|r| r.unit == unit && r.meaning == Meaning::Behind);
    let overdue = p.status != Some(Meaning::Done)
        && p.task.deadline.is_some_and(|d| d < Month::parse(&p.month).map(Month::last_day).unwrap_or(d));
    own_behind || overdue || p.status != Some(Meaning::Behind)
}

/// The lead units that reported this month on their tasks: `unit` → reported some.
fn reporters(progress: &[TaskProgress]) -> std::collections::HashSet<String> {
    progress.iter().flat_map(|p| p.reports.iter().filter(|r| p.task.lead.contains(&r.unit)).map(|r| r.unit.clone())).collect()
}

/// The issuing office (and the name it is filed under in the directory), left out of what it
/// sends and counts: it does not write to itself or criticise itself.
fn own_office(ledger: &Ledger, settings: &Settings) -> Result<Vec<String>> {
    let mut names = vec![settings.office.trim().to_string()];
    if let Some(u) = ledger.units().find(settings.office.trim())? {
        names.push(u.name);
    }
    Ok(names)
}

/// A deadline as a document prints it: without the sheet's footnote mark (a document has no
/// footnote to explain it).
fn deadline_text(t: &Task) -> String {
    t.deadline_label().trim_end_matches(crate::model::ASSUMED_MARK).to_string()
}

/// The concrete units that would get a notice of `kind` for `month`: for 督办, the lead units
/// that answer for red tasks; for 催办, the lead units that have not reported on some task.
pub fn notice_units(ledger: &Ledger, kind: NoticeKind, month: Month) -> Result<Vec<String>> {
    let groups: Vec<String> =
        ledger.units().directory()?.into_iter().filter(|u| u.kind == UnitKind::Group).map(|u| u.name).collect();
    let mut units: Vec<String> = Vec::new();
    for p in month_progress(ledger, None, month)? {
        let named: Vec<&String> = match kind {
            NoticeKind::Supervision if p.light == Light::Red => {
                p.task.lead.iter().filter(|u| !groups.contains(u) && red_for(&p, u)).collect()
            }
            NoticeKind::Supervision => vec![],
            NoticeKind::Reminder => p.missing.iter().collect(),
        };
        for u in named {
            if !units.contains(u) {
                units.push(u.clone());
            }
        }
    }
    // The sending office does not write to itself.
    let own = own_office(ledger, &Settings::load(ledger)?)?;
    units.retain(|u| !own.contains(u));
    let order: Vec<String> = ledger.units().directory()?.into_iter().map(|u| u.name).collect();
    units.sort_by_key(|u| order.iter().position(|o| o == u));
    Ok(units)
}

/// What a notice to one unit says, numbered with the next number (not yet taken).
pub fn notice_input(
    ledger: &Ledger,
    kind: NoticeKind,
    unit: &UnitName,
    month: Month,
    date: Option<NaiveDate>,
) -> Result<NoticeInput> {
    let unit = ledger.units().get(unit.as_str())?.name;
    let settings = Settings::load(ledger)?;
    let plan = ledger.plans().get()?;
    let date = date.unwrap_or_else(today);
    let lists = ledger.lists().all()?;
    let mut tasks = Vec::new();
    let mut reported_some = false;
    for list in &lists {
        let progress = month_progress(ledger, Some(&list.id), month)?;
        reported_some |= reporters(&progress).contains(&unit);
        for p in progress {
            let concerned = match kind {
                NoticeKind::Supervision => red_for(&p, &unit),
                NoticeKind::Reminder => p.missing.contains(&unit),
            };
            if !concerned {
                continue;
            }
            let latest = ledger
                .reports()
                .history(&p.task.id)?
                .into_iter()
                .filter(|r| !r.replaced && r.unit == unit && Month::parse(&r.month).is_ok_and(|m| m <= month))
                .max_by(|a, b| (&a.month, a.id).cmp(&(&b.month, b.id)))
                .and_then(|r| {
                    Some(LatestReport {
                        month: Month::parse(&r.month).ok()?,
                        status: r.status,
                        progress: r.progress,
                        problems: r.problems,
                    })
                });
            tasks.push(NoticeTask {
                list: list.name.clone(),
                seq: p.task.seq.clone(),
                text: task_text(&p.task, list.kind),
                deadline: deadline_text(&p.task),
                reasons: if kind == NoticeKind::Supervision { p.reasons.clone() } else { vec![] },
                latest,
            });
        }
    }
    let number = ledger.document_numbers().next(counter_key(Some(kind)), date.year())?;
    Ok(NoticeInput {
        kind,
        office: settings.office.clone(),
        plan_title: plan.short_title.clone(),
        number: Some(document_number(&settings, Some(kind), date.year(), number)),
        unit,
        month,
        date,
        report_due: crate::forms::write::return_deadline(month, settings.report_day),
        reply_by: reply_deadline(date, settings.reply_days),
        contact: Contact {
            name: if settings.contact_name.trim().is_empty() {
                settings.clerk_name_set.clone()
            } else {
                settings.contact_name.clone()
            },
            phone: settings.contact_phone.clone(),
        },
        tasks,
        reported_some: kind == NoticeKind::Reminder && reported_some,
    })
}

/// A notice as it will be saved (for the window's preview).
pub fn preview_notice(
    ledger: &Ledger,
    kind: NoticeKind,
    unit: &UnitName,
    month: Month,
    date: Option<NaiveDate>,
) -> Result<Document> {
    notice(&notice_input(ledger, kind, unit, month, date)?)
}

/// A document written.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct SavedDocument {
    /// The unit it goes to (notices).
    pub unit: Option<String>,
    pub number: String,
    pub path: PathBuf,
}

/// Writes the notice of `kind` to one unit at `out` (a file, or a folder to put it in under its
/// usual name), and takes its number.
pub fn export_notice(
    ledger: &mut Ledger,
    kind: NoticeKind,
    unit: &UnitName,
    month: Month,
    date: Option<NaiveDate>,
    out: &Path,
) -> Result<SavedDocument> {
    let input = notice_input(ledger, kind, unit, month, date)?;
    let doc = notice(&input)?;
    let path = if out.is_dir() { out.join(input.file_name()) } else { out.to_path_buf() };
    save_document(ledger, &doc, Some(kind), input.date, month, &path)?;
    Ok(SavedDocument { unit: Some(input.unit), number: input.number.unwrap_or_default(), path })
}

/// Writes the notice of `kind` to every unit concerned into `out_dir` (created when missing),
/// each with its own number. Returns what was written; stops at the first failure.
pub fn export_notices(
    ledger: &mut Ledger,
    kind: NoticeKind,
    month: Month,
    date: Option<NaiveDate>,
    out_dir: &Path,
) -> Result<Vec<SavedDocument>> {
    let units = notice_units(ledger, kind, month)?;
    if units.is_empty() {
        let (what, document) = match kind {
            NoticeKind::Supervision => ("亮红灯", "督办通知单"),
            NoticeKind::Reminder => ("未报送", "催办单"),
        };
        return Err(Error::NothingToNotify { unit: "各单位".into(), month: month.label(), what, document });
    }
    if !out_dir.exists() {
        std::fs::create_dir_all(out_dir).map_err(|e| Error::file("创建文件夹", out_dir, &e))?;
    }
    let mut saved = Vec::new();
    for u in units {
        saved.push(export_notice(ledger, kind, &UnitName::parse(&u)?, month, date, out_dir)?);
    }
    Ok(saved)
}

/// Saves a document and, once it is on disk, records its number and the export.
fn save_document(
    ledger: &mut Ledger,
    doc: &Document,
    kind: Option<NoticeKind>,
    date: NaiveDate,
    month: Month,
    path: &Path,
) -> Result<()> {
    check_output(ledger, path)?;
    let settings = Settings::load(ledger)?;
    save_docx(doc, &DocumentStyle::from_settings(&settings), path)?;
    let key = counter_key(kind);
    let number = ledger.document_numbers().next(key, date.year())?;
    ledger.write(|tx| tx.document_numbers().record(key, date.year(), number))?;
    let export_kind = if kind.is_some() { ExportKind::Notice } else { ExportKind::Bulletin };
    log_export(ledger, export_kind, None, Some(month), path)
}

/// Every concrete lead unit's tasks of the month (of one list, or all) as the score counts them.
fn score_items(ledger: &Ledger, month: Month, list: Option<&str>, settings: &Settings) -> Result<Vec<ScoreInput>> {
    let groups: Vec<String> =
        ledger.units().directory()?.into_iter().filter(|u| u.kind == UnitKind::Group).map(|u| u.name).collect();
    let due = crate::forms::write::return_deadline(month, settings.report_day);
    let own_office = own_office(ledger, settings)?;
    let mut items = Vec::new();
    for p in month_progress(ledger, list, month)? {
        if p.light == Light::Unassigned {
            continue;
        }
        for unit in p.task.lead.iter().filter(|u| !groups.contains(u) && !own_office.contains(u)) {
            let own = p.reports.iter().find(|r| r.unit == *unit);
            let status = own.map(|r| r.meaning).or_else(|| p.done_earlier.contains(unit).then_some(Meaning::Done));
            let entered = own.and_then(|r| NaiveDate::parse_from_str(r.entered_at.get(..10).unwrap_or(""), "%Y-%m-%d").ok());
            // Each of the unit's tasks counts once: 未报送 when it did not report, else the light
            // it answers for (not a red that another lead unit's 滞后 gave the task).
            let light = match status {
                None => Light::Unreported,
                Some(_) if p.light == Light::Red && !red_for(&p, unit) => {
                    let dates: Vec<NaiveDate> = p.task.milestones.iter().map(|m| m.due_on).collect();
                    let behind_schedule =
                        own.and_then(|r| r.percent).is_some_and(|pc| (pc as f64) < p.schedule_share * 100.0 - 1e-9);
                    crate::progress::light(
                        status,
                        &dates,
                        month.last_day(),
                        p.schedule_share,
                        behind_schedule,
                        settings.yellow_days,
                    )
                    .0
                }
                Some(_) => p.light,
            };
            items.push(ScoreInput {
                unit: unit.clone(),
                light,
                status,
                done_early: own.is_some_and(|r| r.meaning == Meaning::Done)
                    && p.status == Some(Meaning::Done)
                    && p.task.deadline.is_some_and(|d| month < Month::of(d)),
                report_late: entered.is_some_and(|d| d > due && Month::of(d) == month),
                report_missing: status.is_none(),
            });
        }
    }
    Ok(items)
}

/// The rules in the settings (whether on or not).
pub fn score_rules(ledger: &Ledger) -> Result<ScoreRules> {
    let settings = Settings::load(ledger)?;
    let mut rules = ScoreRules::parse(&settings.score_rules)?;
    rules.enabled = settings.score_enabled;
    Ok(rules)
}

/// The month's 考核 scores, best first.
pub fn month_scores(ledger: &Ledger, month: Month) -> Result<Vec<UnitScore>> {
    let settings = Settings::load(ledger)?;
    let rules = score_rules(ledger)?;
    Ok(evaluate(&rules, &score_items(ledger, month, None, &settings)?))
}

/// `越城区生态文明示范创建2018年11月考核得分表.xlsx`
pub fn scores_file_name(ledger: &Ledger, month: Month) -> Result<String> {
    let plan = ledger.plans().get()?;
    Ok(format!("{}{}考核得分表.xlsx", plan.short_title.trim_end_matches("行动方案"), month.label()))
}

/// Writes the month's score sheet with its ranking. Needs 考核计分 on.
pub fn export_scores(ledger: &mut Ledger, month: Month, out: &Path) -> Result<Vec<UnitScore>> {
    check_output(ledger, out)?;
    let rules = score_rules(ledger)?;
    if !rules.enabled {
        return Err(Error::ScoresOff);
    }
    let scores = month_scores(ledger, month)?;
    let settings = Settings::load(ledger)?;
    let plan = ledger.plans().get()?;
    let table = score_sheet(&scores, &rules, month, &plan.short_title, &settings.office);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    crate::sheet::write_table(workbook.add_worksheet(), &table, &crate::sheet::SheetStyle::from_settings(&settings))?;
    crate::sheet::save_workbook(&mut workbook, out)?;
    log_export(ledger, ExportKind::Scores, None, Some(month), out)?;
    Ok(scores)
}

/// What the month's 通报 says: of one list, or of every list of the plan worked on this month
/// (with lead units and at least one report; each counted on its own, as the lists overlap);
/// numbered with the next number (not yet taken).
pub fn bulletin_input(ledger: &Ledger, month: Month, list: Option<&ListId>, date: Option<NaiveDate>) -> Result<BulletinInput> {
    let settings = Settings::load(ledger)?;
    let plan = ledger.plans().get()?;
    let date = date.unwrap_or_else(today);
    let mut summary = summarize(ledger, month)?;
    if let Some(id) = list {
        let chosen = ledger.lists().get(id.as_str())?;
        summary.lists.retain(|l| l.list_id == chosen.id);
    }
    // A list whose rows name no lead unit yet cannot be reported on: said apart.
    let left_out: Vec<String> =
        summary.lists.iter().filter(|c| c.total == c.unassigned && c.total > 0).map(|c| c.name.clone()).collect();
    summary.lists.retain(|c| c.total > c.unassigned);
    // Each list's tasks this month; of all lists, those with a report made this month (a list
    // no unit reported on is not worked on monthly, and a task done earlier carries no report).
    let all = ledger.lists().all()?;
    let mut progress: Vec<(&crate::model::TaskList, Vec<TaskProgress>)> = Vec::new();
    for l in all.iter().filter(|l| summary.lists.iter().any(|c| c.list_id == l.id)) {
        progress.push((l, month_progress(ledger, Some(&l.id), month)?));
    }
    progress.retain(|(_, ps)| list.is_some() || ps.iter().any(|p| !p.reports.is_empty()));
    if !progress.iter().any(|(_, ps)| ps.iter().any(|p| !p.reports.is_empty())) {
        return Err(Error::NoReportsThisMonth { month: month.label() });
    }
    let kept: Vec<String> = progress.iter().map(|(l, _)| l.id.clone()).collect();
    let reported: std::collections::HashSet<String> = progress.iter().flat_map(|(_, ps)| reporters(ps)).collect();
    summary.lists.retain(|c| kept.contains(&c.list_id));
    summary.red.retain(|p| kept.contains(&p.task.list_id));
    for m in &mut summary.missing {
        m.tasks.retain(|t| kept.contains(&t.list_id));
    }
    summary.missing.retain(|m| !m.tasks.is_empty());
    let own = own_office(ledger, &settings)?;
    let late_units: Vec<String> = summary.missing.iter().map(|m| m.unit.clone()).filter(|u| !own.contains(u)).collect();
    let short =
        |list_id: &str| summary.lists.iter().find(|l| l.list_id == list_id).map(|l| l.short_name.clone()).unwrap_or_default();
    let mut completed = Vec::new();
    let mut behind = Vec::new();
    for (list, month_tasks) in progress {
        for p in month_tasks {
            let line = |note: String| TaskLine {
                list: short(&list.id),
                seq: p.task.seq.clone(),
                text: task_text(&p.task, list.kind),
                units: p.task.lead.clone(),
                note,
            };
            // Named: the lead units whose own report says so (one unit's 滞后 is not the others').
            let said = |m: Meaning| -> Vec<String> {
                p.reports.iter().filter(|r| p.task.lead.contains(&r.unit) && r.meaning == m).map(|r| r.unit.clone()).collect()
            };
            if p.status == Some(Meaning::Done) && !said(Meaning::Done).is_empty() {
                completed.push(TaskLine { units: p.task.lead.clone(), ..line(joined(&p, |r| &r.progress)) });
            } else if p.status == Some(Meaning::Behind) {
                behind.push(TaskLine { units: said(Meaning::Behind), ..line(joined_by(&p, Meaning::Behind, |r| &r.problems)) });
            }
        }
    }
    let red = summary
        .red
        .iter()
        .map(|p: &TaskProgress| RedRow {
            list: short(&p.task.list_id),
            seq: p.task.seq.clone(),
            text: p.task.text.clone(),
            units: p.task.lead.clone(),
            deadline: deadline_text(&p.task),
            reasons: p.reasons.clone(),
            overdue: p.status != Some(Meaning::Done) && p.task.deadline.is_some_and(|d| d < month.last_day()),
        })
        .collect();
    let rules = score_rules(ledger)?;
    // The month's scores over every list of the plan, as the 考核 table and sheet give them.
    let scores = if rules.enabled { Some(evaluate(&rules, &score_items(ledger, month, None, &settings)?)) } else { None };
    let requirements = {
        let items = requirement_items(&settings.requirements);
        if items.is_empty() { DEFAULT_REQUIREMENTS.iter().map(|s| s.to_string()).collect() } else { items }
    };
    let number = ledger.document_numbers().next(counter_key(None), date.year())?;
    Ok(BulletinInput {
        plan_title: plan.short_title.clone(),
        month,
        office: settings.office.clone(),
        number: Some(document_number(&settings, None, date.year(), number)),
        date,
        addressee: settings.bulletin_addressee.clone(),
        report_day: settings.report_day,
        words: StatusWords {
            done: settings.word(Meaning::Done).into(),
            on_track: settings.word(Meaning::OnTrack).into(),
            behind: settings.word(Meaning::Behind).into(),
            not_started: settings.word(Meaning::NotStarted).into(),
        },
        lists: summary
            .lists
            .iter()
            .map(|c| ListStat {
                name: c.name.clone(),
                short: c.short_name.clone(),
                unassigned: c.unassigned,
                total: c.total - c.unassigned,
                done: c.done + c.closed,
                on_track: c.on_track,
                behind: c.behind,
                not_started: c.not_started,
                unreported: c.unreported,
            })
            .collect(),
        completed,
        behind,
        late_units: late_units.iter().filter(|u| !reported.contains(*u)).cloned().collect(),
        partly_late_units: late_units.iter().filter(|u| reported.contains(*u)).cloned().collect(),
        requirements,
        red,
        left_out,
        scores,
        copy_to: Some(settings.bulletin_copy_to.clone()).filter(|s| !s.trim().is_empty()),
    })
}

/// Texts of the lead units' reports that say `meaning`.
fn joined_by(p: &TaskProgress, meaning: Meaning, field: impl Fn(&crate::progress::ProgressReport) -> &str) -> String {
    let parts: Vec<String> = p
        .reports
        .iter()
        .filter(|r| p.task.lead.contains(&r.unit) && r.meaning == meaning && !field(r).trim().is_empty())
        .map(|r| field(r).trim().to_string())
        .collect();
    parts.join("；")
}

/// Texts of the lead units' reports, each with its unit where there are several.
fn joined(p: &TaskProgress, field: impl Fn(&crate::progress::ProgressReport) -> &str) -> String {
    let parts: Vec<String> = p
        .reports
        .iter()
        .filter(|r| p.task.lead.contains(&r.unit) && !field(r).trim().is_empty())
        .map(|r| field(r).trim().to_string())
        .collect();
    parts.join("；")
}

/// The 通报 as it will be saved (for the window's preview).
pub fn preview_bulletin(ledger: &Ledger, month: Month, list: Option<&ListId>, date: Option<NaiveDate>) -> Result<Document> {
    bulletin(&bulletin_input(ledger, month, list, date)?)
}

/// Writes the month's 通报 of a list at `out` (a file, or a folder to put it in under its usual
/// name).
pub fn export_bulletin(
    ledger: &mut Ledger,
    month: Month,
    list: Option<&ListId>,
    date: Option<NaiveDate>,
    out: &Path,
) -> Result<SavedDocument> {
    let input = bulletin_input(ledger, month, list, date)?;
    let doc = bulletin(&input)?;
    let path = if out.is_dir() { out.join(input.file_name()) } else { out.to_path_buf() };
    save_document(ledger, &doc, None, input.date, month, &path)?;
    Ok(SavedDocument { unit: None, number: input.number.unwrap_or_default(), path })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;
    use crate::progress::{RawReport, ReportSource};

    fn report(ledger: &mut Ledger, task: &str, unit: &str, status: &str, problems: &str) {
        let raw = RawReport {
            task_id: task.into(),
            unit: unit.into(),
            month: "2018-11".into(),
            status: status.into(),
            problems: problems.into(),
            ..Default::default()
        };
        crate::app::record_report(ledger, &raw.parse(ReportSource::Cli).unwrap()).unwrap();
    }

    fn nov() -> Month {
        Month::parse("2018-11").unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn notices_name_the_units_tasks_and_take_numbers() {
        let (dir, mut ledger) = testing::ledger();
        report(&mut ledger, "A-018", "区建设局", "滞后", "运维单位人手不足");
        let units = notice_units(&ledger, NoticeKind::Supervision, nov()).unwrap();
        assert!(units.contains(&"区建设局".to_string()), "{units:?}");
        let u = UnitName::parse("区建设局").unwrap();
        let input = notice_input(&ledger, NoticeKind::Supervision, &u, nov(), d(2018, 11, 26)).unwrap();
        assert_eq!(input.number.as_deref(), Some("区美丽办督〔2018〕1号"));
        let a18 = input.tasks.iter().find(|t| t.seq == "18").unwrap();
        assert_eq!(a18.deadline, "2018年9月底");
        assert!(a18.reasons.iter().any(|r| r.contains("滞后") || r.contains("已过完成时限")), "{:?}", a18.reasons);
        assert_eq!(a18.latest.as_ref().unwrap().problems, "运维单位人手不足");
        let first = export_notice(&mut ledger, NoticeKind::Supervision, &u, nov(), d(2018, 11, 26), dir.path()).unwrap();
        assert!(first.path.ends_with("区建设局-2018年11月督办通知单.docx"));
        let second =
            export_notice(&mut ledger, NoticeKind::Supervision, &u, nov(), d(2018, 11, 27), &dir.path().join("b.docx")).unwrap();
        assert_eq!((first.number.as_str(), second.number.as_str()), ("区美丽办督〔2018〕1号", "区美丽办督〔2018〕2号"));
        // A unit with nothing red gets no notice.
        let calm = UnitName::parse("区审计局").unwrap();
        let err = export_notice(&mut ledger, NoticeKind::Supervision, &calm, nov(), None, dir.path()).unwrap_err();
        assert_eq!(err.code(), "nothing_to_notify");
        // 催办: every unit that has not reported, one file each.
        let all = export_notices(&mut ledger, NoticeKind::Reminder, nov(), d(2018, 11, 26), &dir.path().join("催办")).unwrap();
        assert!(all.len() > 5 && all.iter().all(|s| s.path.exists()));
        let reminder = notice_input(&ledger, NoticeKind::Reminder, &u, nov(), None).unwrap();
        assert!(!reminder.tasks.iter().any(|t| t.seq == "18"), "区建设局 reported on A-018; its other tasks are asked for");
        assert!(!reminder.tasks.is_empty());
    }

    #[test]
    fn the_bulletin_counts_from_the_ledger_and_scores_when_on() {
        let (dir, mut ledger) = testing::ledger();
        let err = export_bulletin(&mut ledger, nov(), None, d(2018, 11, 26), dir.path()).unwrap_err();
        assert_eq!(err.code(), "no_reports_this_month");
        report(&mut ledger, "A-018", "区建设局", "滞后", "运维单位人手不足");
        report(&mut ledger, "A-036", "区农办", "已完成", "");
        let input = bulletin_input(&ledger, nov(), None, d(2018, 11, 26)).unwrap();
        assert_eq!(input.lists.len(), 1, "the lists overlap: the year's list is reported on");
        let annual = input.lists.iter().find(|l| l.name == "2018年主要工作任务清单").unwrap();
        assert_eq!((annual.total, annual.done, annual.behind), (45, 1, 1));
        assert!(input.completed.iter().any(|t| t.seq == "36"));
        assert!(input.behind.iter().any(|t| t.seq == "18" && t.note == "运维单位人手不足"));
        assert!(input.scores.is_none(), "scores are off by default");
        assert_eq!(export_scores(&mut ledger, nov(), &dir.path().join("s.xlsx")).unwrap_err().code(), "scores_off");
        crate::app::set_setting(&mut ledger, "score_enabled", "是").unwrap();
        let scores = month_scores(&ledger, nov()).unwrap();
        let jianshe = scores.iter().find(|s| s.unit == "区建设局").unwrap();
        let nongban = scores.iter().find(|s| s.unit == "区农办").unwrap();
        assert!(nongban.total > jianshe.total, "{nongban:?} {jianshe:?}");
        export_scores(&mut ledger, nov(), &dir.path().join("s.xlsx")).unwrap();
        let saved = export_bulletin(&mut ledger, nov(), None, d(2018, 11, 26), dir.path()).unwrap();
        assert_eq!(saved.number, "区美丽办通〔2018〕1号");
        let text = preview_bulletin(&ledger, nov(), None, d(2018, 11, 26)).unwrap().to_plain_text();
        assert!(text.contains("2018年主要工作任务清单共列任务45项"), "{text}");
        assert!(text.contains("考核"), "{text}");
    }
}
