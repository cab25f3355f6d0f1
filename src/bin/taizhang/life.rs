//! The commands of the plan's targets and of a task's life: `targets`, `target …`,
//! `export targets`, `extend …`, `extensions`, `attach`, `attachments`, `close`, `reopen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use taizhang::app::{self, ExtensionRequest, RawTargetValue, TargetChange, TargetStatus};
use taizhang::error::Result;
use taizhang::ledger::extensions::Extension;
use taizhang::model::{TaskId, date_label};
use taizhang::progress::ReportSource;
use taizhang::targets::{Period, number, parse_baseline, parse_value, target_text};
use taizhang::timing::{parse_date, parse_due};

use crate::args::{ExtendCommand, TargetCommand};
use crate::print::{self, or_none};
use crate::{OK, unit_names};

pub fn cmd_targets(db: &Path, period: Option<&str>, json: bool) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let period = period.map(Period::parse).transpose()?;
    let statuses = app::target_statuses(&ledger, period)?;
    if json {
        print::json(&statuses);
        return OK;
    }
    let mut t = print::table(&["编号", "指标", "目标", "年份", "基期", "当前值", "统计期", "完成情况", "责任单位"]);
    for s in &statuses {
        let target = &s.target;
        t.add_row(vec![
            target.code.clone(),
            target.indicator.clone(),
            target_text(target),
            target.year.to_string(),
            match (target.baseline, target.baseline_year) {
                (Some(v), Some(y)) => format!("{}（{y}）", number(v)),
                _ => "—".into(),
            },
            s.value.map(number).unwrap_or_else(|| "—".into()),
            s.period_label.clone().unwrap_or_else(|| "—".into()),
            s.state.label().to_string(),
            or_none(&target.lead.join("、")).to_string(),
        ]);
    }
    print::print_table(&t);
    let unchecked: Vec<&TargetStatus> = statuses.iter().filter(|s| s.target.review.is_some()).collect();
    if !unchecked.is_empty() {
        outln!(
            "待核对 {} 项（从方案文档读出，请对照原文核对后用 `taizhang target set --id 编号 --confirm` 确认）：",
            unchecked.len()
        );
        for s in unchecked.iter().take(30) {
            outln!("  {} {}：{}", s.target.code, s.target.indicator, s.target.review.as_deref().unwrap_or_default());
        }
    }
    let risky: Vec<&TargetStatus> = statuses
        .iter()
        .filter(|s| s.light == taizhang::progress::Light::Red || s.light == taizhang::progress::Light::Yellow)
        .collect();
    for s in &risky {
        outln!("【{}】{} {}：{}", s.state.label(), s.target.code, s.target.indicator, s.reason);
    }
    outln!("共 {} 项指标", statuses.len());
    OK
}

pub fn cmd_target(db: &Path, cmd: TargetCommand) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    match cmd {
        TargetCommand::Set { id, lead, partner, baseline, baseline_year, confirm, indicator, comparison, value, unit, year } => {
            let baseline = parse_baseline(baseline.as_deref(), baseline_year.as_deref())?;
            let corrected = indicator.is_some() || comparison.is_some() || value.is_some() || unit.is_some() || year.is_some();
            let reading = if corrected {
                let value = value.as_deref().map(parse_value).transpose()?;
                Some(app::TargetReading { indicator, comparison, value, unit, year })
            } else {
                None
            };
            let change = TargetChange {
                lead: lead.as_deref().map(unit_names).transpose()?,
                partner: partner.as_deref().map(unit_names).transpose()?,
                baseline,
                reading,
            };
            let t = app::set_target(&mut ledger, &id, &change)?;
            let t = if confirm { app::confirm_target(&mut ledger, &t.code)? } else { t };
            outln!("已更新 {} {}（目标 {}，{} 年）", t.code, t.indicator, target_text(&t), t.year);
            outln!("  牵头：{}  配合：{}", or_none(&t.lead.join("、")), or_none(&t.partner.join("、")));
            if let (Some(v), Some(y)) = (t.baseline, t.baseline_year) {
                outln!("  基期值：{}{}（{y}年）", number(v), t.unit);
            }
        }
        TargetCommand::Record { id, period, value, source, unit } => {
            let raw = RawTargetValue { target: id, period, value, source, unit: unit.unwrap_or_default() };
            let changed = app::record_target_value(&mut ledger, &raw, ReportSource::Cli)?;
            let t = ledger.targets().get(&raw.target)?;
            let p = Period::parse(&raw.period)?;
            if changed {
                outln!("已登记 {} {} {}：{}{}", t.code, t.indicator, p.label(), raw.value.trim(), t.unit);
            } else {
                outln!("与已登记的数据相同，未做改动：{} {}", t.code, p.label());
            }
        }
        TargetCommand::History { id } => {
            let t = ledger.targets().get(&id)?;
            outln!("{} {}（目标 {}，{} 年）", t.code, t.indicator, target_text(&t), t.year);
            let mut table = print::table(&["统计期", "数值", "数据来源", "报送单位", "登记人", "登记时间", ""]);
            for v in app::target_history(&ledger, &t.code)? {
                table.add_row(vec![
                    Period::parse(&v.period).map(|p| p.label()).unwrap_or(v.period.clone()),
                    number(v.value),
                    v.source.clone(),
                    v.reported_by.clone(),
                    v.entered_by.clone(),
                    v.entered_at.clone(),
                    if v.replaced { "已被替换".into() } else { String::new() },
                ]);
            }
            print::print_table(&table);
        }
    }
    OK
}

pub fn cmd_export_targets(db: &Path, period: &str, out: &Path, date: Option<&str>) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let period = Period::parse(period)?;
    let date = date.map(parse_date).transpose()?;
    let statuses = app::export_targets(&mut ledger, period, date, out)?;
    let red = statuses.iter().filter(|s| s.light == taizhang::progress::Light::Red).count();
    let met = statuses.iter().filter(|s| s.state == taizhang::targets::TargetState::Met).count();
    outln!("已导出主要目标完成情况表到：{}（{} 项指标，已达标 {} 项，红灯 {} 项）", out.display(), statuses.len(), met, red);
    OK
}

fn print_extension(e: &Extension) {
    outln!(
        "申请 {}  任务 {}  {}：{} → {}{}",
        e.id,
        e.task_id,
        e.state.label(),
        date_label(e.old_due),
        date_label(e.new_due),
        if e.late { "（逾期申请）" } else { "" }
    );
    outln!(
        "      申请单位：{}  申请日期：{}  理由：{}",
        e.unit.as_deref().unwrap_or("（文书代为登记）"),
        e.requested_on,
        e.reason
    );
    if !e.progress.is_empty() {
        outln!("      目前进展：{}", e.progress);
    }
    if let (Some(by), Some(at)) = (&e.decided_by, &e.decided_at) {
        outln!(
            "      审批：{by} {at}{}",
            e.note.as_deref().filter(|n| !n.is_empty()).map(|n| format!("，意见：{n}")).unwrap_or_default()
        );
    }
}

pub fn cmd_extend(db: &Path, cmd: ExtendCommand) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let e = match cmd {
        ExtendCommand::Request { task, unit, to, from, reason, progress, date } => {
            let req = ExtensionRequest {
                task: TaskId::parse(&task)?,
                unit: unit.as_deref().map(taizhang::model::UnitName::parse).transpose()?,
                old_due: from.as_deref().map(parse_due).transpose()?,
                new_due: parse_due(&to)?,
                reason,
                progress,
                requested_on: date.as_deref().map(parse_date).transpose()?,
            };
            let e = app::request_extension(&mut ledger, &req, ReportSource::Cli)?;
            outln!("已登记延期申请（待审批，完成时限暂不改变）：");
            e
        }
        ExtendCommand::Approve { id, note } => {
            let e = app::decide_extension(&mut ledger, id, true, &note)?;
            outln!("已批准，任务 {} 的完成时限改为 {}：", e.task_id, date_label(e.new_due));
            e
        }
        ExtendCommand::Reject { id, note } => {
            let e = app::decide_extension(&mut ledger, id, false, &note)?;
            outln!("未批准，任务 {} 的完成时限仍为 {}：", e.task_id, date_label(e.old_due));
            e
        }
    };
    print_extension(&e);
    OK
}

pub fn cmd_extensions(db: &Path, task: Option<&str>, pending: bool, json: bool) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let task = task.map(TaskId::parse).transpose()?;
    let list = app::extensions(&ledger, task.as_ref(), pending)?;
    if json {
        print::json(&list);
        return OK;
    }
    for e in &list {
        print_extension(e);
    }
    let waiting = list.iter().filter(|e| e.state == taizhang::ledger::extensions::ExtensionState::Pending).count();
    outln!("共 {} 份申请，其中待审批 {} 份", list.len(), waiting);
    OK
}

pub fn cmd_attach(db: &Path, task: &str, files: &[PathBuf], note: &str) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let added = app::attach_files(&mut ledger, &TaskId::parse(task)?, files, note)?;
    for a in &added {
        outln!("已添加佐证材料 {}：{}（{}）", a.id, a.file_name, size_words(a.size));
    }
    OK
}

fn size_words(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

pub fn cmd_attachments(db: &Path, task: &str, save_to: Option<&Path>, json: bool) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let closing = app::task_closing(&ledger, &TaskId::parse(task)?)?;
    if json {
        print::json(&closing);
        return OK;
    }
    outln!("任务 {}：{}", closing.task_id, closing.state.label());
    for e in &closing.events {
        let what = match e.action {
            taizhang::ledger::closures::ClosureAction::Close => "销号",
            taizhang::ledger::closures::ClosureAction::Return => "退回",
        };
        outln!("  {} {} {}{}", e.on_date, what, e.by, if e.note.is_empty() { String::new() } else { format!("：{}", e.note) });
    }
    let mut t = print::table(&["编号", "文件", "大小", "说明", "添加人", "添加时间"]);
    for a in &closing.attachments {
        t.add_row(vec![
            a.id.to_string(),
            a.file_name.clone(),
            size_words(a.size),
            a.note.clone(),
            a.added_by.clone(),
            a.added_at.clone(),
        ]);
    }
    print::print_table(&t);
    outln!("共 {} 份佐证材料", closing.attachments.len());
    if let Some(dir) = save_to {
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).map_err(|e| taizhang::Error::file("创建文件夹", dir, &e))?;
        }
        for a in &closing.attachments {
            let path = app::save_attachment(&ledger, a.id, dir)?;
            outln!("已另存：{}", path.display());
        }
    }
    OK
}

pub fn cmd_close(db: &Path, task: &str, note: &str, without_evidence: bool, date: Option<&str>) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let on = date.map(parse_date).transpose()?;
    let closing = app::close_task(&mut ledger, &TaskId::parse(task)?, note, without_evidence, on)?;
    outln!(
        "任务 {} 已销号（佐证材料 {} 份{}）",
        closing.task_id,
        closing.attachments.len(),
        if closing.attachments.is_empty() { "，无佐证材料销号已记入变更记录" } else { "" }
    );
    OK
}

pub fn cmd_reopen(db: &Path, task: &str, reason: &str, date: Option<&str>) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let on = date.map(parse_date).transpose()?;
    let closing = app::return_task(&mut ledger, &TaskId::parse(task)?, reason, on)?;
    outln!("任务 {} 已退回，现为未完成；退回理由将显示在牵头单位下月的填报表中。", closing.task_id);
    OK
}
