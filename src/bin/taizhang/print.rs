//! How the command line prints: lines that end quietly on a closed pipe, JSON, tables aligned by
//! display width (a Chinese character is two columns), and argument errors in Chinese.

use std::fmt::Arguments;
use std::io::Write;
use std::process::ExitCode;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde_json::{Value, json};
use taizhang::forms::ImportOutcome;
use taizhang::forms::MissingForm;
use taizhang::model::{AuditEntry, Task, UnitKind, UnitSummary};
use taizhang::progress::{ProgressReport, TaskProgress};

/// `println!` for the command's output: a closed pipe (`taizhang tasks … | head`) ends the
/// program quietly, and control characters from stored text or file names never reach the
/// terminal.
macro_rules! outln {
    () => { $crate::print::write_line(format_args!("")) };
    ($($t:tt)*) => { $crate::print::write_line(format_args!($($t)*)) };
}

pub fn write_line(args: Arguments) {
    let line = safe(&args.to_string());
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("错误：无法输出结果（{e}）。");
        std::process::exit(1);
    }
}

pub fn json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => outln!("{text}"),
        Err(e) => outln!("{{\"error\": \"{e}\"}}"),
    }
}

/// Text from the ledger or a file, safe to print on a terminal: control characters (ESC, NUL …)
/// shown as spaces, so that stored text can never drive the terminal.
pub fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { ' ' } else { c }).collect()
}

/// A message as one line.
pub fn one_line(s: &str) -> String {
    safe(s).replace(['\n', '\r'], " ")
}

pub fn or_none(s: &str) -> &str {
    if s.is_empty() { "无" } else { s }
}

/// A table for the terminal: no frame lines, columns aligned by display width.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled).set_header(header.to_vec());
    t
}

pub fn print_table(t: &Table) {
    for line in t.lines() {
        outln!("{}", line.trim_end());
    }
}

/// The stable JSON shape of a task printed by `taizhang tasks --json`.
pub fn task_json(t: &Task) -> Value {
    json!({
        "id": t.id,
        "list": t.list_id,
        "seq": t.seq,
        "chapter": t.chapter,
        "category": t.category,
        "name": t.name,
        "text": t.text,
        "lead": t.lead,
        "partner": t.partner,
        "deadline": t.deadline.map(|d| d.to_string()),
        "deadline_source": t.deadline_source,
        "deadline_text": t.deadline_text,
        "milestones": t.milestones,
        "review": t.review,
        "source_line": t.source_line,
    })
}

/// A red task as `taizhang overdue --json` prints it.
pub fn red_json(p: &TaskProgress) -> Value {
    json!({
        "task": task_json(&p.task),
        "month": p.month,
        "status": p.status_word,
        "light": p.light,
        "reasons": p.reasons,
    })
}

pub fn tasks(tasks: &[Task]) {
    let mut chapter: Option<&str> = None;
    for t in tasks {
        if t.chapter.is_some() && t.chapter.as_deref() != chapter {
            chapter = t.chapter.as_deref();
            outln!("【{}】", chapter.unwrap_or_default());
        }
        let group = t.name.as_deref().or(t.category.as_deref()).unwrap_or_default();
        outln!("{:>4}  {}  [{}] {}", t.seq, t.id, group, t.text);
        outln!(
            "      牵头：{}  配合：{}  时限：{}{}",
            or_none(&t.lead.join("、")),
            or_none(&t.partner.join("、")),
            t.deadline_label(),
            t.review.as_deref().map(|r| format!("  【待核对：{r}】")).unwrap_or_default()
        );
    }
    outln!("共 {} 行", tasks.len());
}

pub fn units(units: &[UnitSummary]) {
    let mut t = table(&["单位", "类别", "牵头", "配合", "别名"]);
    for u in units {
        t.add_row(vec![
            u.unit.name.clone(),
            u.unit.kind.label().to_string(),
            u.leads.to_string(),
            u.supports.to_string(),
            u.unit.aliases.join("、"),
        ]);
    }
    for c in [2, 3] {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    print_table(&t);
    let concrete = units.iter().filter(|u| u.unit.kind != UnitKind::Group).count();
    outln!("共 {} 个单位（其中具体单位 {} 个，泛指 {} 个）", units.len(), concrete, units.len() - concrete);
}

pub fn missing(missing: &[MissingForm]) {
    if missing.is_empty() {
        return;
    }
    let mut t = table(&["单位", "清单", "牵头任务", "填报表"]);
    for m in missing {
        t.add_row(vec![
            m.unit.clone(),
            m.list_name.clone(),
            format!("{} 项", m.tasks),
            m.issued_at.as_deref().map(|at| format!("发出于 {at}")).unwrap_or_else(|| "未发填报表".into()),
        ]);
    }
    print_table(&t);
}

pub fn overdue(red: &[TaskProgress]) {
    if red.is_empty() {
        return;
    }
    let mut t = table(&["编号", "序号", "任务", "牵头单位", "完成时限", "状态", "原因"]);
    for p in red {
        let short: String = p.task.text.chars().take(24).collect();
        let more = if p.task.text.chars().count() > 24 { "…" } else { "" };
        t.add_row(vec![
            p.task.id.clone(),
            p.task.seq.clone(),
            format!("{short}{more}"),
            p.task.lead.join("、"),
            p.task.deadline_label(),
            p.status_word.clone(),
            p.reasons.join("；"),
        ]);
    }
    print_table(&t);
}

pub fn history(reports: &[ProgressReport], changes: &[AuditEntry]) {
    if !reports.is_empty() {
        outln!("进展报告：");
        for r in reports {
            outln!(
                "  {}\t{}\t{}\t{}{}\t{}\t{}",
                r.month,
                r.unit,
                safe(&r.status),
                r.percent.map(|p| format!("{p}%")).unwrap_or_default(),
                if r.replaced { "（已被替换）" } else { "" },
                one_line(&r.progress),
                r.entered_at
            );
        }
        outln!("变更记录：");
    }
    for h in changes {
        // Fields stored by key in the first version, named as a clerk names them.
        let field = match h.field.as_deref().unwrap_or_default() {
            "lead" => "牵头单位",
            "partner" => "配合单位",
            "unit" => "单位",
            "review" => "待核对",
            other => other,
        };
        outln!(
            "{}\t{}\t{}\t{}\t{} → {}",
            h.at,
            h.who,
            h.action.label(),
            field,
            one_line(h.old_value.as_deref().unwrap_or_default()),
            one_line(h.new_value.as_deref().unwrap_or_default())
        );
    }
}

/// Every file with what happened to it; the run's end when it stopped early.
pub fn import_outcome(outcome: &ImportOutcome) {
    use taizhang::forms::import::FileState;
    if let Some(b) = &outcome.backup {
        outln!("导入前已自动备份账本：{}", b.display());
    }
    let mut refused = 0;
    for f in &outcome.files {
        outln!("== {}", f.path.display());
        if let (Some(unit), Some(month)) = (&f.unit, &f.month) {
            outln!("   单位：{unit}  月份：{month}  清单：{}", f.list_id.as_deref().unwrap_or(""));
        }
        for c in &f.changed {
            outln!("   序号 {}（{}）：{} → {}", c.seq, c.task_id, c.old.as_deref().unwrap_or("（无）"), c.new);
        }
        for (seq, id) in &f.deleted {
            outln!("   序号 {seq}（{id}）：未填报（行已删除）");
        }
        if let Some(c) = f.contact.as_ref().filter(|c| !c.is_empty()) {
            outln!("   填报人：{}", taizhang::export::summary::contact_label(c));
        }
        for w in &f.warnings {
            outln!("   提示：{w}");
        }
        if f.state != FileState::Duplicate && f.state != FileState::NotAttempted {
            outln!("   变更 {} 行，未变 {} 行，未填写 {} 行", f.changed.len(), f.unchanged, f.blank);
        }
        if f.problems.is_empty() {
            outln!("   {}。", f.state.label());
        } else {
            refused += 1;
            outln!("   有 {} 处问题，{}：", f.problems.len(), f.state.label());
            const SHOWN: usize = 30;
            for p in f.problems.iter().take(SHOWN) {
                outln!("   - {p}");
            }
            if f.problems.len() > SHOWN {
                outln!("   - ……另有 {} 处", f.problems.len() - SHOWN);
            }
        }
    }
    if let Some(why) = &outcome.stopped {
        let applied = outcome.files.iter().filter(|f| f.applied).count();
        let left = outcome.files.iter().filter(|f| f.state == FileState::NotAttempted).count();
        let why = one_line(why);
        eprintln!("错误：导入中途停止（{why}）。已导入 {applied} 个文件，{left} 个文件未处理；请稍后对未处理的文件重新导入。");
    } else if refused > 0 {
        eprintln!("错误：{refused} 个文件有问题，未导入；请按上面的提示处理后重新导入。");
    }
}

/// clap's errors in Chinese, exit status 1 like every other error; `--help` and `--version`
/// print and exit 0.
pub fn argument_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let arg = arg.split_whitespace().next().unwrap_or("").to_string();
    let value = text(ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if arg.starts_with("--percent") => {
            format!("完成百分比“{value}”不正确：应为 0 到 100 之间的整数（如 60）。")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if arg.starts_with("--db") && value.trim().is_empty() => {
            "账本路径是空的：请在 --db 后写账本文件的路径，或去掉 --db 使用默认账本。".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("参数 {arg} 的值“{value}”不正确。")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必填参数：{}。", text(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”。"),
        ErrorKind::InvalidSubcommand => format!("不认识的命令“{}”。", text(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingSubcommand => "缺少子命令。".to_string(),
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他参数同时使用。"),
        ErrorKind::TooManyValues => format!("参数 {arg} 给了多次。"),
        _ => "命令行参数不正确。".to_string(),
    };
    let message = one_line(&message);
    eprintln!("错误：{message}请运行 `taizhang --help`（或 `taizhang 命令 --help`）查看用法。");
    ExitCode::FAILURE
}
