//! `taizhang export table`: a task list laid out as the document prints it: 附件N above the
//! title, the document's columns and headings, merged 工作内容/项目 cells, 序号 as printed.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::error::Result;
use crate::ledger::{Ledger, TaskFilter};
use crate::model::{ListKind, Task, TaskList};
use crate::settings::Settings;
use crate::sheet::{Align, Column, Row, SheetStyle, Table, VerticalMerge, save_workbook, write_table};

/// Which rows of a list to export; the layout and the 序号 stay as printed.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// A unit's directory name (aliases resolved by the caller).
    pub unit: Option<String>,
    pub chapter: Option<String>,
    pub category: Option<String>,
    /// Add a 完成时限 column to a year's list (the document's 附件3 has none).
    pub with_deadline: bool,
}

/// Merges runs of equal, non-empty values in `column` of consecutive data rows (a heading row
/// ends a run). `key` gives the value of a row. `keep_together` marks the rows of one task.
pub fn merges_of_runs(
    rows: &[Row],
    column: u16,
    keep_together: bool,
    key: impl Fn(usize) -> Option<String>,
) -> Vec<VerticalMerge> {
    let mut out = Vec::new();
    let mut start: Option<(usize, String)> = None;
    let close = |start: &Option<(usize, String)>, end: usize, out: &mut Vec<VerticalMerge>| {
        if let Some((first, _)) = start.as_ref().filter(|(first, _)| end > *first) {
            out.push(VerticalMerge { column, first: *first, last: end, keep_together });
        }
    };
    for (i, r) in rows.iter().enumerate() {
        let k = match r {
            Row::Data { .. } => key(i).filter(|k| !k.is_empty()),
            Row::Heading(_) => None,
        };
        match (&start, k) {
            (Some((_, cur)), Some(k)) if *cur == k => {}
            (_, k) => {
                close(&start, i.saturating_sub(1), &mut out);
                start = k.map(|k| (i, k));
            }
        }
    }
    close(&start, rows.len().saturating_sub(1), &mut out);
    out
}

/// The table of a list (filtered), ready for [`write_table`].
pub fn build_table(list: &TaskList, tasks: &[Task], filter_note: Option<String>, with_deadline: bool) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    // Which task each body row shows (None for headings).
    let mut row_task: Vec<Option<&Task>> = Vec::new();
    let mut columns;
    match list.kind {
        ListKind::Responsibility => {
            columns = vec![
                Column::new("序号", 5.0, 6.0, Align::Center).numeric(),
                Column::new("工作内容", 10.0, 16.0, Align::Center),
                Column::new("工作任务", 30.0, 58.0, Align::Left),
                Column::new("牵头单位", 10.0, 18.0, Align::Center),
                Column::new("配合单位", 12.0, 28.0, Align::Center),
            ];
            let mut chapter: Option<&str> = None;
            for t in tasks {
                if t.chapter.is_some() && t.chapter.as_deref() != chapter {
                    chapter = t.chapter.as_deref();
                    rows.push(Row::Heading(chapter.unwrap_or_default().to_string()));
                    row_task.push(None);
                }
                rows.push(Row::data(vec![
                    t.seq.clone(),
                    t.category.clone().unwrap_or_default(),
                    t.text.clone(),
                    t.lead.join("、"),
                    t.partner.join("、"),
                ]));
                row_task.push(Some(t));
            }
        }
        ListKind::Annual => {
            columns = vec![
                Column::new("项目", 8.0, 14.0, Align::Center),
                Column::new("序号", 5.0, 6.0, Align::Center).numeric(),
                Column::new("主要工作任务", 30.0, 56.0, Align::Left),
                Column::new("牵头单位", 10.0, 18.0, Align::Center),
                Column::new("配合单位", 12.0, 28.0, Align::Center),
            ];
            if with_deadline {
                columns.push(Column::new("完成时限", 9.0, 15.0, Align::Center));
            }
            for t in tasks {
                let mut cells = vec![
                    t.category.clone().unwrap_or_default(),
                    t.seq.clone(),
                    t.text.clone(),
                    t.lead.join("、"),
                    t.partner.join("、"),
                ];
                if with_deadline {
                    cells.push(t.deadline_cell());
                }
                rows.push(Row::data(cells));
                row_task.push(Some(t));
            }
        }
        ListKind::Projects => {
            // The document heads the project's name and its content with one 项目名称.
            columns = vec![
                Column::new("序号", 5.0, 6.0, Align::Center).numeric(),
                Column::new("项目名称", 12.0, 18.0, Align::Center),
                Column::new("项目名称", 40.0, 80.0, Align::Left),
                Column::new("完成时间", 8.0, 10.0, Align::Center).numeric(),
            ];
            let mut category: Option<&str> = None;
            for t in tasks {
                if t.category.is_some() && t.category.as_deref() != category {
                    category = t.category.as_deref();
                    rows.push(Row::Heading(category.unwrap_or_default().to_string()));
                    row_task.push(None);
                }
                let year = t.deadline.map(|d| chrono::Datelike::year(&d).to_string()).unwrap_or_default();
                rows.push(Row::data(vec![t.seq.clone(), t.name.clone().unwrap_or_default(), t.text.clone(), year]));
                row_task.push(Some(t));
            }
        }
    }
    let seq_col: u16 = if list.kind == ListKind::Annual { 1 } else { 0 };
    let seq_of = |i: usize| row_task[i].map(|t| t.seq.clone());
    let mut merges = merges_of_runs(&rows, seq_col, true, seq_of);
    match list.kind {
        ListKind::Responsibility => {
            merges.extend(merges_of_runs(&rows, 1, false, |i| row_task[i].and_then(|t| t.category.clone())));
        }
        ListKind::Annual => {
            merges.extend(merges_of_runs(&rows, 0, false, |i| row_task[i].and_then(|t| t.category.clone())));
        }
        ListKind::Projects => {
            // A project's name over its rows: one project, kept on one page.
            merges.extend(merges_of_runs(&rows, 1, true, |i| {
                row_task[i].map(|t| format!("{}\u{0}{}", t.seq, t.name.clone().unwrap_or_default()))
            }));
        }
    }
    let mut table =
        Table::new(&list.name, list.title.clone(), columns).caption(list.attachment.clone()).rows(rows).merges(merges);
    if list.kind == ListKind::Projects {
        table = table.header_merge(1, 2);
    }
    match filter_note {
        Some(note) => table.info(note, String::new()),
        None => table,
    }
}

/// The file name a clerk would choose for a list's table.
pub fn suggested_file_name(list: &TaskList, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{}（{}）.xlsx", list.title, u),
        None => format!("{}.xlsx", list.title),
    }
}

/// Exports a list as the document prints it. Returns the number of task rows written.
pub fn export_table(ledger: &Ledger, list_id: &str, options: &TableOptions, out: &Path) -> Result<usize> {
    let list = ledger.lists().get(list_id)?;
    let tasks = ledger.tasks().list(&TaskFilter {
        list_id: Some(list_id.to_string()),
        unit: options.unit.clone(),
        chapter: options.chapter.clone(),
        category: options.category.clone(),
    })?;
    let mut notes = Vec::new();
    if let Some(u) = &options.unit {
        notes.push(format!("单位：{u}（牵头或配合）"));
    }
    if let Some(c) = &options.chapter {
        notes.push(format!("章节：{c}"));
    }
    if let Some(c) = &options.category {
        notes.push(format!("{}：{c}", list.kind.group_header()));
    }
    let note = (!notes.is_empty()).then(|| notes.join("　"));
    let table = build_table(&list, &tasks, note, options.with_deadline);
    let settings = Settings::load(ledger)?;
    let style = SheetStyle::from_settings(&settings);
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    write_table(ws, &table, &style)?;
    save_workbook(&mut workbook, out)?;
    Ok(tasks.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_within_headings_only() {
        let rows = vec![
            Row::Heading("一、".into()),
            Row::data(vec!["a".into()]),
            Row::data(vec!["a".into()]),
            Row::data(vec!["b".into()]),
            Row::Heading("二、".into()),
            Row::data(vec!["b".into()]),
            Row::data(vec!["b".into()]),
        ];
        let key = |i: usize| match &rows[i] {
            Row::Data { cells, .. } => Some(cells[0].clone()),
            _ => None,
        };
        let m = merges_of_runs(&rows, 1, false, key);
        assert_eq!(
            m,
            vec![
                VerticalMerge { column: 1, first: 1, last: 2, keep_together: false },
                VerticalMerge { column: 1, first: 5, last: 6, keep_together: false }
            ]
        );
    }
}
