//! The commands of plans: `plans`, `plan use`, `plan delete`, `import plan`.

use std::path::Path;
use std::process::ExitCode;

use taizhang::app;
use taizhang::error::Result;
use taizhang::model::date_label;

use crate::args::PlanCommand;
use crate::{OK, print};

pub fn cmd_plans(db: &Path, json: bool) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let plans = app::plans(&ledger)?;
    if json {
        print::json(&plans);
        return OK;
    }
    let mut t = print::table(&["", "编号", "方案", "印发", "期限", "清单", "任务", "目标", "来源"]);
    for p in &plans {
        t.add_row(vec![
            if p.plan.current { "*".into() } else { String::new() },
            p.plan.id.to_string(),
            p.plan.short_title.clone(),
            p.plan.issued_on.to_string(),
            date_label(p.plan.horizon),
            p.lists.to_string(),
            p.tasks.to_string(),
            p.targets.to_string(),
            p.plan.source.clone().unwrap_or_else(|| "内置".into()),
        ]);
    }
    print::print_table(&t);
    outln!("* 为当前方案；其他方案可用 --plan 编号 临时使用，或 `taizhang plan use 编号` 设为当前。");
    OK
}

pub fn cmd_plan(db: &Path, cmd: PlanCommand) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    match cmd {
        PlanCommand::Use { id } => {
            let plan = app::set_current_plan(&mut ledger, id)?;
            outln!("当前方案：{}（编号 {}）", plan.short_title, plan.id);
        }
        PlanCommand::Delete { id, title } => {
            let backup = app::delete_plan(&mut ledger, id, &title)?;
            outln!("已删除方案 {id}；删除前已备份账本：{}", backup.display());
        }
    }
    OK
}

pub fn cmd_import_plan(db: &Path, file: &Path, dry_run: bool) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    let import = if dry_run { app::preview_plan_import(&ledger, file)? } else { app::import_plan(&mut ledger, file)? };
    outln!("方案：{}", import.title);
    outln!("印发：{}  {}    期限：{}", or_unknown(&import.issuer), import.issued_on, date_label(import.horizon));
    for l in &import.lists {
        outln!(
            "  {:<24} {}（{}，{} 至 {}）：{} 行{}{}",
            l.id,
            l.name,
            l.attachment.as_deref().unwrap_or("无附件号"),
            l.period_start,
            l.period_end,
            l.rows,
            if l.flagged > 0 { format!("，待核对 {} 行", l.flagged) } else { String::new() },
            if l.undated > 0 { format!("，{} 行完成时限不是日期", l.undated) } else { String::new() },
        );
    }
    outln!("  主要目标 {} 项（均待核对：taizhang targets 查看，target set --id … --confirm 确认）", import.targets);
    for w in &import.warnings {
        outln!("  提示：{w}");
    }
    match import.plan_id {
        Some(id) => {
            outln!("已导入为方案 {id}，并设为当前方案。原方案可用 `taizhang plans` 查看、`taizhang plan use 编号` 切换。")
        }
        None => outln!("试运行：未写入。去掉 --dry-run 即导入。"),
    }
    OK
}

fn or_unknown(s: &str) -> &str {
    if s.trim().is_empty() { "（未读出发文单位）" } else { s }
}
