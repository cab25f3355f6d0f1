//! `taizhang`: the 督办台账 command line. Everything the desktop app does, headless. Each
//! subcommand is one small `cmd_*` function: parse the arguments into typed values, call the
//! application layer (`taizhang::app`), print. Errors are one Chinese line on stderr, exit 1.

mod args;
#[macro_use]
mod print;
mod documents;
mod life;
mod plans;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{Cli, Command, ExportCommand, FilterArgs, ImportCommand, ReportArgs, TasksArgs, UnitCommand};
use taizhang::app::{self, ImportMode, TaskQuery};
use taizhang::error::{Error, Result};
use taizhang::model::{ListId, TaskId, UnitName, split_units};
use taizhang::progress::{RawReport, Recorded, ReportSource};
use taizhang::timing::{Month, parse_date};
use taizhang::{Ledger, default_db_path};

fn main() -> ExitCode {
    quiet_panics();
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(e) => return print::argument_error(e),
    };
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let e = e.about_ledger(&db);
            eprintln!("错误：{}{}", print::one_line(&e.to_string()), hint(&e));
            ExitCode::FAILURE
        }
    }
}

/// What to type next, added to the core's message by error code.
fn hint(e: &Error) -> &'static str {
    match e.code() {
        "ledger_missing" => "（运行 `taizhang init` 创建账本，或用 --db 指定已有的账本文件）",
        "empty_ledger" => "（运行 `taizhang init --force` 重新创建）",
        "not_a_ledger" => "（请检查 --db 或 TAIZHANG_DB 指定的路径）",
        "unknown_task" => "（可用 `taizhang tasks --list 清单编号 --json` 查看任务编号）",
        "unknown_unit" => "（可用 `taizhang units` 查看单位目录）",
        "unknown_setting" => "（可用 `taizhang settings` 查看全部设置）",
        "ledger_corrupt" => "（可用 `taizhang restore --from 备份文件` 恢复）",
        "unknown_plan" => "（可用 `taizhang plans` 查看方案编号）",
        "unknown_target" => "（可用 `taizhang targets` 查看目标编号）",
        "unknown_extension" | "extension_pending" => "（可用 `taizhang extensions --pending` 查看待审批的申请）",
        "unknown_attachment" => "（可用 `taizhang attachments --task 任务编号` 查看材料编号）",
        "no_evidence" => "（用 `taizhang attach --task 任务编号 文件` 添加；确无材料时加 --without-evidence --note 理由）",
        "scores_off" => "（运行 `taizhang settings --set score_enabled=是` 开启）",
        "not_claimed" => "（可用 `taizhang status --task 任务编号 --month 月份 --status 已完成` 设定）",
        _ => "",
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let db = match cli.db {
        Some(p) if p.as_os_str().is_empty() => {
            return Err(Error::file_because(
                "打开账本",
                &p,
                "账本路径是空的。请用 --db 给出账本文件的路径，或不写 --db 使用默认账本。",
            ));
        }
        Some(p) => p,
        None => default_db_path(),
    };
    if let Some(id) = cli.plan {
        let _ = PLAN.set(id);
    }
    match cli.command {
        Command::Init { force } => cmd_init(&db, force),
        Command::Lists => cmd_lists(&db),
        Command::Tasks(args) => cmd_tasks(&db, args),
        Command::Units { json } => cmd_units(&db, json),
        Command::Unit(cmd) => cmd_unit(&db, cmd),
        Command::Restore { from } => cmd_restore(&db, &from),
        Command::Backup { out } => cmd_backup(&db, &out),
        Command::Export(ExportCommand::Table { list, out, filter, with_deadline }) => {
            cmd_export_table(&db, &list, &out, filter, with_deadline)
        }
        Command::Export(ExportCommand::Monthly { list, month, out, date }) => {
            cmd_export_monthly(&db, &list, &month, &out, date.as_deref())
        }
        Command::Export(ExportCommand::Summary { month, out, date }) => cmd_export_summary(&db, &month, &out, date.as_deref()),
        Command::Export(ExportCommand::Forms { list, month, out_dir }) => cmd_export_forms(&db, &list, &month, &out_dir),
        Command::Import(ImportCommand::Forms { files, dry_run, list }) => cmd_import_forms(&db, &files, dry_run, list.as_deref()),
        Command::Import(ImportCommand::List { file, id, name }) => cmd_import_list(&db, &file, &id, &name),
        Command::Missing { month, list } => cmd_missing(&db, &month, list.as_deref()),
        Command::Report(args) => cmd_report(&db, args),
        Command::Status { task, month, status } => cmd_status(&db, &task, &month, &status),
        Command::Overdue { month, json } => cmd_overdue(&db, month.as_deref(), json),
        Command::Confirm { task, lead, partner } => cmd_confirm(&db, &task, lead.as_deref(), partner.as_deref()),
        Command::History { task } => cmd_history(&db, &task),
        Command::Settings { set } => cmd_settings(&db, &set),
        Command::Export(ExportCommand::Notice { kind, month, unit, all, out, out_dir, date }) => documents::cmd_export_notice(
            &db,
            &kind,
            &month,
            unit.as_deref(),
            all,
            out.as_deref(),
            out_dir.as_deref(),
            date.as_deref(),
        ),
        Command::Export(ExportCommand::Bulletin { month, list, out, date }) => {
            documents::cmd_export_bulletin(&db, &month, list.as_deref(), &out, date.as_deref())
        }
        Command::Export(ExportCommand::Scores { month, out }) => documents::cmd_export_scores(&db, &month, &out),
        Command::Scores { month, json } => documents::cmd_scores(&db, &month, json),
        Command::Targets { period, json } => life::cmd_targets(&db, period.as_deref(), json),
        Command::Target(cmd) => life::cmd_target(&db, cmd),
        Command::Export(ExportCommand::Targets { period, out, date }) => {
            life::cmd_export_targets(&db, &period, &out, date.as_deref())
        }
        Command::Extend(cmd) => life::cmd_extend(&db, cmd),
        Command::Extensions { task, pending, json } => life::cmd_extensions(&db, task.as_deref(), pending, json),
        Command::Attach { task, files, note } => life::cmd_attach(&db, &task, &files, &note),
        Command::Attachments { task, save_to, json } => life::cmd_attachments(&db, &task, save_to.as_deref(), json),
        Command::Close { task, note, without_evidence, date } => {
            life::cmd_close(&db, &task, &note, without_evidence, date.as_deref())
        }
        Command::Reopen { task, reason, date } => life::cmd_reopen(&db, &task, &reason, date.as_deref()),
        Command::Plans { json } => plans::cmd_plans(&db, json),
        Command::Plan(cmd) => plans::cmd_plan(&db, cmd),
        Command::Import(ImportCommand::Plan { file, dry_run }) => plans::cmd_import_plan(&db, &file, dry_run),
    }
}

pub(crate) const OK: Result<ExitCode> = Ok(ExitCode::SUCCESS);

/// The plan chosen with `--plan` for this command.
static PLAN: std::sync::OnceLock<i64> = std::sync::OnceLock::new();

/// Opens the ledger on the plan chosen with `--plan`, else the one marked current.
pub(crate) fn open(db: &Path) -> Result<Ledger> {
    let ledger = app::open(db)?;
    if let Some(id) = PLAN.get() {
        ledger.use_plan(*id)?;
    }
    Ok(ledger)
}

fn query(list: &str, filter: FilterArgs) -> Result<TaskQuery> {
    Ok(TaskQuery {
        list: ListId::parse(list)?,
        unit: filter.unit.as_deref().map(UnitName::parse).transpose()?,
        chapter: filter.chapter,
        category: filter.category,
    })
}

pub(crate) fn unit_names(cell: &str) -> Result<Vec<UnitName>> {
    split_units(cell).iter().map(|u| UnitName::parse(u)).collect()
}

fn cmd_init(db: &Path, force: bool) -> Result<ExitCode> {
    let outcome = app::init(db, force)?;
    if let Some(backup) = &outcome.backup {
        outln!("已备份原账本到：{}", backup.display());
    }
    if outcome.created {
        let ledger = crate::open(db)?;
        outln!("已创建账本：{}", db.display());
        for l in app::lists(&ledger)? {
            outln!("  {:<16} {}（{} 行）", l.id, l.name, l.rows);
        }
    } else {
        outln!("账本已存在，未做改动：{}（如要重建，请加 --force，会先自动备份）", db.display());
    }
    OK
}

fn cmd_lists(db: &Path) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    if ledger.plans().count()? > 1 {
        let plan = ledger.plans().get()?;
        outln!("方案 {}：{}（其他方案见 `taizhang plans`）", plan.id, plan.short_title);
    }
    outln!("{:<16}\t名称\t行数", "编号");
    for l in app::lists(&ledger)? {
        outln!("{:<16}\t{}\t{}", l.id, l.name, l.rows);
    }
    OK
}

fn cmd_tasks(db: &Path, args: TasksArgs) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let tasks = app::tasks(&ledger, &query(&args.list, args.filter)?)?;
    if args.json {
        print::json(&tasks.iter().map(print::task_json).collect::<Vec<_>>());
    } else {
        print::tasks(&tasks);
    }
    OK
}

fn cmd_units(db: &Path, json: bool) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    let units = app::units(&ledger)?;
    if json {
        print::json(&units);
    } else {
        print::units(&units);
    }
    OK
}

fn cmd_unit(db: &Path, cmd: UnitCommand) -> Result<ExitCode> {
    let mut ledger = crate::open(db)?;
    match cmd {
        UnitCommand::Rename { name, new_name } => {
            let u = app::rename_unit(&mut ledger, &UnitName::parse(&name)?, &UnitName::parse(&new_name)?)?;
            outln!("已改名：{name} → {}（原名保留为别名）", u.name);
        }
        UnitCommand::Alias { name, alias } => {
            app::add_unit_alias(&mut ledger, &UnitName::parse(&name)?, &UnitName::parse(&alias)?)?;
            outln!("已为 {name} 添加别名：{alias}");
        }
        UnitCommand::Merge { from, into } => {
            let u = app::merge_units(&mut ledger, &UnitName::parse(&from)?, &UnitName::parse(&into)?)?;
            outln!("已把 {from} 合并到 {}（别名：{}）", u.name, u.aliases.join("、"));
        }
        UnitCommand::Order { names } => {
            let names = names.iter().map(|n| UnitName::parse(n)).collect::<Result<Vec<_>>>()?;
            app::reorder_units(&mut ledger, &names)?;
            outln!("已调整单位顺序。");
        }
    }
    OK
}

fn cmd_restore(db: &Path, from: &Path) -> Result<ExitCode> {
    let mut ledger = app::open_or_init(db)?;
    let saved = app::restore(&mut ledger, from)?;
    outln!("已从 {} 恢复账本；恢复前的账本已备份到：{}", from.display(), saved.display());
    OK
}

fn cmd_backup(db: &Path, out: &Path) -> Result<ExitCode> {
    let ledger = crate::open(db)?;
    app::backup(&ledger, out)?;
    outln!("已备份到：{}", out.display());
    OK
}

fn cmd_export_table(db: &Path, list: &str, out: &Path, filter: FilterArgs, with_deadline: bool) -> Result<ExitCode> {
    let q = query(list, filter)?;
    let mut ledger = crate::open(db)?;
    let n = app::export_table(&mut ledger, &q, with_deadline, out)?;
    outln!("已导出 {n} 行到：{}", out.display());
    OK
}

fn cmd_export_monthly(db: &Path, list: &str, month: &str, out: &Path, date: Option<&str>) -> Result<ExitCode> {
    let (list, month, date) = (ListId::parse(list)?, Month::parse(month)?, date.map(parse_date).transpose()?);
    let mut ledger = crate::open(db)?;
    let n = app::export_monthly(&mut ledger, &list, month, date, out)?;
    outln!("已导出 {n} 项任务的进展情况到：{}", out.display());
    OK
}

fn cmd_export_summary(db: &Path, month: &str, out: &Path, date: Option<&str>) -> Result<ExitCode> {
    let (month, date) = (Month::parse(month)?, date.map(parse_date).transpose()?);
    let mut ledger = crate::open(db)?;
    let s = app::export_summary(&mut ledger, month, date, out)?;
    outln!("已导出统计汇总到：{}（红灯 {} 项，未报送单位 {} 个）", out.display(), s.red.len(), s.missing.len());
    OK
}

fn cmd_export_forms(db: &Path, list: &str, month: &str, out_dir: &Path) -> Result<ExitCode> {
    let (list, month) = (ListId::parse(list)?, Month::parse(month)?);
    let mut ledger = crate::open(db)?;
    let files = app::export_forms(&mut ledger, &list, month, out_dir)?;
    for f in &files {
        outln!("{}\t牵头 {} 项\t配合 {} 项", f.path.display(), f.rows, f.supports);
    }
    outln!("共生成 {} 份填报表。", files.len());
    OK
}

fn cmd_import_forms(db: &Path, files: &[PathBuf], dry_run: bool, list: Option<&str>) -> Result<ExitCode> {
    let list = list.map(ListId::parse).transpose()?;
    let mut ledger = crate::open(db)?;
    let mode = if dry_run { ImportMode::Preview } else { ImportMode::Apply };
    let outcome = app::import_forms(&mut ledger, files, mode, list.as_ref())?;
    print::import_outcome(&outcome);
    if outcome.all_good() { OK } else { Ok(ExitCode::FAILURE) }
}

fn cmd_import_list(db: &Path, file: &Path, id: &str, name: &str) -> Result<ExitCode> {
    let id = ListId::parse(id)?;
    let mut ledger = crate::open(db)?;
    let done = app::import_list(&mut ledger, file, &id, name)?;
    outln!("已导入清单 {}（{}），共 {} 行。", done.list.id, done.list.name, done.list.rows);
    if !done.new_units.is_empty() {
        outln!("单位目录中新增：{}（如与已有单位为同一单位，请在“单位”中合并或设为别名）", done.new_units.join("、"));
    }
    OK
}

fn cmd_missing(db: &Path, month: &str, list: Option<&str>) -> Result<ExitCode> {
    let month = Month::parse(month)?;
    let list = list.map(ListId::parse).transpose()?;
    let ledger = crate::open(db)?;
    let missing = app::missing_forms(&ledger, month, list.as_ref())?;
    print::missing(&missing);
    outln!("{month} 共 {} 个单位未交回。", missing.len());
    OK
}

fn cmd_report(db: &Path, a: ReportArgs) -> Result<ExitCode> {
    let raw = RawReport {
        task_id: a.task,
        unit: a.unit,
        month: a.month,
        status: a.status,
        progress: a.progress,
        problems: a.problems,
        next_steps: a.next,
        percent: a.percent,
    };
    let input = raw.parse(ReportSource::Cli)?;
    let mut ledger = crate::open(db)?;
    let what = match app::record_report(&mut ledger, &input)? {
        Recorded::New => "已登记",
        Recorded::Replaced => "已更新（原记录保留在历史中）",
        Recorded::Unchanged => "与已登记内容相同，未做改动",
    };
    outln!("{what}：{} {} {} {}", input.task_id, input.unit, input.month, input.status);
    OK
}

fn cmd_status(db: &Path, task: &str, month: &str, status: &str) -> Result<ExitCode> {
    let (task, month) = (TaskId::parse(task)?, Month::parse(month)?);
    let mut ledger = crate::open(db)?;
    app::set_status(&mut ledger, &task, month, status)?;
    outln!("已设定 {task} {month} 的完成状态为：{status}");
    OK
}

fn cmd_overdue(db: &Path, month: Option<&str>, json: bool) -> Result<ExitCode> {
    let month = month.map(Month::parse).transpose()?.unwrap_or_else(app::default_month);
    let ledger = crate::open(db)?;
    let red = app::overdue(&ledger, month)?;
    if json {
        print::json(&red.iter().map(print::red_json).collect::<Vec<_>>());
    } else {
        print::overdue(&red);
        outln!("{} 共 {} 项红灯任务", month.label(), red.len());
    }
    OK
}

fn cmd_confirm(db: &Path, task: &str, lead: Option<&str>, partner: Option<&str>) -> Result<ExitCode> {
    let task = TaskId::parse(task)?;
    let lead = lead.map(unit_names).transpose()?;
    let partner = partner.map(unit_names).transpose()?;
    let mut ledger = crate::open(db)?;
    let t = app::confirm_task(&mut ledger, &task, lead.as_deref(), partner.as_deref())?;
    outln!("已核对 {}：牵头 {}；配合 {}", t.id, t.lead.join("、"), print::or_none(&t.partner.join("、")));
    OK
}

fn cmd_history(db: &Path, task: &str) -> Result<ExitCode> {
    let task = TaskId::parse(task)?;
    let ledger = crate::open(db)?;
    let (reports, changes) = app::history(&ledger, &task)?;
    print::history(&reports, &changes);
    OK
}

fn cmd_settings(db: &Path, set: &[String]) -> Result<ExitCode> {
    let mut pairs = Vec::new();
    for kv in set {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(Error::BadSetting {
                key: kv.clone(),
                value: String::new(),
                rule: "格式应为 键=值，例如 --set clerk_name=张三。".into(),
            });
        };
        pairs.push((k.trim(), v.trim()));
    }
    let mut ledger: Ledger = crate::open(db)?;
    app::set_settings(&mut ledger, &pairs)?;
    for item in app::setting_items(&ledger)? {
        outln!("{}={}", item.key, item.value);
    }
    OK
}

/// A closed pipe (`taizhang tasks ... | head`) ends the program quietly; any other panic prints
/// one line in Chinese instead of a backtrace.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        eprintln!("错误：程序内部出错（{msg}）。请把这条信息告诉维护人员；账本未被改动到一半。");
        std::process::exit(70);
    }));
}
