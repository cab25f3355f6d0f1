//! Plans: a new plan read from its Word document (previewed, then imported whole), the plans of
//! a ledger side by side, the one worked on, and deleting one after a backup.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::lists::NewList;
use crate::ledger::plans::NewPlan;
use crate::model::{ListKind, Plan, Target};
use crate::plan_doc::{ListDraft, PlanDraft, read_plan};
use crate::settings::Settings;
use crate::targets::target_code;
use crate::timing::{deadline_from_cell, today};

use super::ledger_file::{NewListRow, insert_rows};

/// A plan with the size of what it holds.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    pub plan: Plan,
    pub lists: usize,
    pub tasks: usize,
    pub targets: usize,
}

/// Every plan of the ledger, oldest first.
pub fn plans(ledger: &Ledger) -> Result<Vec<PlanSummary>> {
    let mut out = Vec::new();
    for plan in ledger.plans().all()? {
        let (lists, tasks, targets) = ledger.plans().sizes(plan.id)?;
        out.push(PlanSummary { plan, lists, tasks, targets });
    }
    Ok(out)
}

/// Makes a plan the one the window and the commands work on (this connection keeps it even if
/// another program changes the current plan later).
pub fn set_current_plan(ledger: &mut Ledger, id: i64) -> Result<Plan> {
    ledger.plans().by_id(id)?;
    ledger.write(|tx| tx.plans().set_current(id))?;
    ledger.use_plan(id)?;
    ledger.plans().by_id(id)
}

/// Keeps this connection on the plan it works on now (the window at start-up): another program
/// marking another plan current (`taizhang plan use`) does not switch the open window's pages.
pub fn keep_plan(ledger: &Ledger) -> Result<Plan> {
    let plan = ledger.plans().get()?;
    ledger.use_plan(plan.id)?;
    Ok(plan)
}

/// Deletes a plan with everything it holds, after a backup; `title` must repeat its title (or
/// short title) as a guard. Returns the backup.
pub fn delete_plan(ledger: &mut Ledger, id: i64, title: &str) -> Result<PathBuf> {
    let plan = ledger.plans().by_id(id)?;
    if ledger.plans().count()? <= 1 {
        return Err(Error::LastPlan);
    }
    let typed = title.trim();
    if typed != plan.title.trim() && typed != plan.short_title.trim() {
        return Err(Error::PlanTitleMismatch { title: plan.short_title.clone() });
    }
    let backup = ledger.backup_auto("delete-plan")?;
    let was_worked_on = ledger.plans().get()?.id == id;
    ledger.write(|tx| tx.plans().delete(id))?;
    if was_worked_on {
        let current = ledger.plans().all()?.into_iter().find(|p| p.current).or(ledger.plans().all()?.into_iter().next());
        if let Some(p) = current {
            ledger.use_plan(p.id)?;
        }
    }
    Ok(backup)
}

/// A list as it will be created from a table of the document.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ListPlanned {
    pub id: String,
    pub name: String,
    pub title: String,
    pub kind: ListKind,
    pub attachment: Option<String>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Word tables it was read from (1-based).
    pub tables: Vec<usize>,
    pub rows: usize,
    /// Rows to check (待核对).
    pub flagged: usize,
    /// Deadline cells that name no date (长期坚持): kept as a note, the list's end assumed.
    pub undated: usize,
}

/// What importing a plan's document would do, and did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct PlanImport {
    /// The plan's number once imported.
    pub plan_id: Option<i64>,
    pub title: String,
    pub short_title: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub horizon: NaiveDate,
    pub lists: Vec<ListPlanned>,
    pub targets: usize,
    /// Things the clerk should know (tables skipped, 备注 left out, dates assumed), in Chinese.
    pub warnings: Vec<String>,
    /// The draft as read, for the window's preview (rows with their review flags).
    pub draft: PlanDraft,
}

/// The title without 《》 and the parts in brackets: 越城区(高新区、袍江开发区)生态文明示范创建行动方案
/// → 越城区生态文明示范创建行动方案.
pub fn short_title(title: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in title.trim().trim_start_matches('《').trim_end_matches('》').chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// How the lists of a plan's document become lists of the ledger.
struct Planned {
    import: PlanImport,
    lists: Vec<(NewList, Option<String>, String, Vec<NewListRow>)>,
    targets: Vec<Target>,
}

fn plan_of(ledger: &Ledger, path: &Path, draft: PlanDraft) -> Result<Planned> {
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let title = draft.title.clone().unwrap_or_else(|| file.trim_end_matches(".docx").to_string());
    let short = short_title(&title);
    let issued_on = draft.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut warnings = draft.warnings.clone();
    if issued_on.is_none() {
        warnings.push("文档中没有读出印发日期，按今天计；可在导入后核对。".into());
    }
    let issued_on = issued_on.unwrap_or_else(today);
    // The plan runs to its latest year: of its targets, its lists' titles and its deadlines.
    let mut last_year = issued_on.year();
    for t in &draft.targets {
        last_year = last_year.max(t.year.unwrap_or(0));
    }
    for l in &draft.lists {
        last_year = last_year.max(l.year.unwrap_or(0));
        for r in &l.rows {
            let dates = r.deadline.as_deref().and_then(|c| deadline_from_cell(c, l.year));
            last_year = last_year.max(dates.map(|d| d.year()).unwrap_or(0));
            for m in crate::timing::milestones_in_text(&r.text, l.year) {
                last_year = last_year.max(m.due_on.year());
            }
        }
    }
    let horizon = NaiveDate::from_ymd_opt(last_year, 12, 31).unwrap_or(issued_on);
    let plan_no = ledger.plans().next_id()?;
    let mut lists = Vec::new();
    let mut planned = Vec::new();
    let mut used_ids: Vec<String> = Vec::new();
    for l in &draft.lists {
        let (id, prefix) = list_ids(ledger, plan_no, l, &used_ids)?;
        used_ids.push(id.clone());
        let (start, end) = match (l.kind, l.year) {
            (ListKind::Annual, Some(y)) => {
                (NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(issued_on), NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(horizon))
            }
            _ => (issued_on, horizon),
        };
        let mut undated = 0;
        let mut remarks = 0;
        let rows: Vec<NewListRow> = l
            .rows
            .iter()
            .map(|r| {
                let mut review = r.review.clone();
                let deadline = match r.deadline.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                    Some(cell) if deadline_from_cell(cell, Some(end.year())).is_none() => {
                        undated += 1;
                        let note = format!("完成时限“{cell}”不是日期，按清单期限计");
                        review = Some(match review {
                            Some(r) if !r.contains(cell) => format!("{r}；{note}"),
                            Some(r) => r,
                            None => note,
                        });
                        None
                    }
                    other => other.map(str::to_string),
                };
                if r.remark.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                    remarks += 1;
                }
                NewListRow {
                    seq: r.seq.clone(),
                    chapter: r.chapter.clone(),
                    category: r.category.clone(),
                    name: r.name.clone(),
                    text: r.text.clone(),
                    lead: r.lead.clone(),
                    partner: r.partner.clone(),
                    deadline,
                    review,
                    source_line: Some(r.provenance.row as i64),
                }
            })
            .collect();
        if remarks > 0 {
            warnings.push(format!("{}的“备注”栏有 {remarks} 处内容，台账不保存备注，请另行留存。", l.name));
        }
        planned.push(ListPlanned {
            id: id.clone(),
            name: l.name.clone(),
            title: l.title.clone(),
            kind: l.kind,
            attachment: l.attachment.clone(),
            period_start: start,
            period_end: end,
            tables: l.tables.clone(),
            rows: rows.len(),
            flagged: rows.iter().filter(|r| r.review.is_some()).count(),
            undated,
        });
        let new =
            NewList { id, kind: l.kind, name: l.name.clone(), title: l.title.clone(), period_start: start, period_end: end };
        lists.push((new, l.attachment.clone(), prefix, rows));
    }
    let targets: Vec<Target> = draft
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| Target {
            code: target_code(i),
            indicator: t.indicator.clone(),
            comparison: t.comparison.clone(),
            value: t.value,
            unit: t.unit.clone(),
            year: t.year.unwrap_or(horizon.year()),
            quote: t.quote.clone(),
            baseline: None,
            baseline_year: None,
            lead: vec![],
            partner: vec![],
            review: Some(if t.year.is_none() {
                format!("{}；原文未写年份，按方案期限（{}年）计", t.review, horizon.year())
            } else {
                t.review.clone()
            }),
        })
        .collect();
    Ok(Planned {
        import: PlanImport {
            plan_id: None,
            issuer: draft.issuer.clone().unwrap_or_default(),
            title,
            short_title: short,
            issued_on,
            horizon,
            lists: planned,
            targets: targets.len(),
            warnings,
            draft,
        },
        lists,
        targets,
    })
}

/// A list's id and its tasks' prefix: `p2-responsibility` with tasks `R2-001`, `p2-annual-2019`
/// with `A2-001` (a second list of a kind: `A2B-001`).
fn list_ids(ledger: &Ledger, plan_no: i64, l: &ListDraft, used: &[String]) -> Result<(String, String)> {
    let (base, letter) = match l.kind {
        ListKind::Responsibility => ("responsibility".to_string(), "R"),
        ListKind::Annual => (l.year.map(|y| format!("annual-{y}")).unwrap_or_else(|| "annual".into()), "A"),
        ListKind::Projects => ("key-projects".to_string(), "P"),
    };
    for n in 0..26u8 {
        let id = if n == 0 { format!("p{plan_no}-{base}") } else { format!("p{plan_no}-{base}-{}", n + 1) };
        if !used.contains(&id) && !ledger.lists().exists(&id)? {
            let suffix = if n == 0 { String::new() } else { ((b'A' + n) as char).to_string() };
            return Ok((id, format!("{letter}{plan_no}{suffix}")));
        }
    }
    Err(Error::ListIdTaken { id: format!("p{plan_no}-{base}") })
}

/// Reads a plan's Word document and says what importing it would create; nothing is written.
pub fn preview_plan_import(ledger: &Ledger, path: &Path) -> Result<PlanImport> {
    let draft = read_plan(path).map_err(Error::from)?;
    Ok(plan_of(ledger, path, draft)?.import)
}

/// Imports a plan from its Word document, all or nothing, and makes it the plan worked on.
pub fn import_plan(ledger: &mut Ledger, path: &Path) -> Result<PlanImport> {
    let draft = read_plan(path).map_err(Error::from)?;
    let planned = plan_of(ledger, path, draft)?;
    let who = Settings::load(ledger)?.clerk_name;
    let source = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let Planned { mut import, lists, targets } = planned;
    let id = ledger.write(|tx| {
        let id = tx.plans().insert(&NewPlan {
            source: Some(&source),
            title: &import.title,
            short_title: &import.short_title,
            issuer: &import.issuer,
            issuer_full: &import.issuer,
            issued_on: import.issued_on,
            horizon: import.horizon,
        })?;
        for (i, t) in targets.iter().enumerate() {
            tx.targets().insert(id, i, t)?;
        }
        for (list, attachment, prefix, rows) in &lists {
            let position = tx.lists().next_position()?;
            tx.lists().insert(id, list, attachment.as_deref(), position)?;
            insert_rows(tx, list, prefix, rows, &who)?;
        }
        tx.plans().set_current(id)?;
        Ok(id)
    })?;
    import.plan_id = Some(id);
    ledger.use_plan(id)?;
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn short_titles() {
        assert_eq!(short_title("《越城区(高新区、袍江开发区)生态文明示范创建行动方案》"), "越城区生态文明示范创建行动方案");
        assert_eq!(short_title("2019年重点工作督办事项"), "2019年重点工作督办事项");
    }

    #[test]
    fn the_built_in_plan_from_its_word_document_gives_the_same_lists() {
        let (_dir, mut ledger) = testing::ledger();
        let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/plans/builtin-plan.docx");
        let preview = preview_plan_import(&ledger, &doc).unwrap();
        assert!(preview.plan_id.is_none());
        assert_eq!(ledger.plans().count().unwrap(), 1, "a preview writes nothing");
        let imported = import_plan(&mut ledger, &doc).unwrap();
        let id = imported.plan_id.unwrap();
        assert_eq!(ledger.plans().get().unwrap().id, id, "the new plan is the one worked on");
        let new_lists = ledger.lists().all().unwrap();
        assert_eq!(new_lists.len(), 3);
        ledger.use_plan(1).unwrap();
        let old_lists = ledger.lists().all().unwrap();
        for old in &old_lists {
            let new = new_lists.iter().find(|l| l.kind == old.kind).unwrap();
            let of = |list: &str| {
                ledger.tasks().list(&crate::ledger::TaskFilter { list_id: Some(list.into()), ..Default::default() }).unwrap()
            };
            let (a, b) = (of(&old.id), of(&new.id));
            assert_eq!(a.len(), b.len(), "{}", old.name);
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(
                    (&x.seq, &x.text, &x.lead, &x.partner),
                    (&y.seq, &y.text, &y.lead, &y.partner),
                    "{} {}",
                    old.name,
                    x.seq
                );
                assert_eq!(x.deadline, y.deadline, "{} {}: deadline", old.name, x.seq);
                assert_eq!(x.chapter, y.chapter);
                assert_eq!(
                    x.review.is_some(),
                    y.review.is_some(),
                    "{} {}: review {:?} / {:?}",
                    old.name,
                    x.seq,
                    x.review,
                    y.review
                );
            }
        }
        // Its targets wait for review.
        ledger.use_plan(id).unwrap();
        let targets = ledger.targets().all().unwrap();
        assert!(!targets.is_empty() && targets.iter().all(|t| t.review.is_some()));
    }
}
