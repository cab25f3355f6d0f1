//! `taizhang`: the 督办台账 command line. Everything the desktop app does, headless.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use taizhang::error::Result;
use taizhang::model::{Task, UnitKind};
use taizhang::progress::{Light, Recorded, ReportInput};
use taizhang::timing::Month;
use taizhang::{Ledger, TaskFilter, default_db_path};

mod cli;

#[derive(Parser)]
#[command(
    name = "taizhang",
    version,
    about = "督办台账：行动方案任务责任台账（牵头/配合单位、完成时限、月度进展、Excel 报表）",
    long_about = "督办台账：行动方案任务责任台账。\n\
                  内置《越城区生态文明示范创建行动方案》的工作任务责任分解表（responsibility）、\n\
                  2018年主要工作任务清单（annual-2018）和重点项目表（key-projects）。\n\n\
                  账本位置：--db 路径，或环境变量 TAIZHANG_DB，默认为本机用户数据目录\n\
                  （Windows：%APPDATA%\\taizhang\\ledger.db；Linux：~/.local/share/taizhang/ledger.db）。",
    after_help = "示例：\n  taizhang init\n  taizhang tasks --list responsibility --unit 区环保分局\n  taizhang export table --list annual-2018 --out 主要工作任务清单.xlsx\n  taizhang backup --out 台账备份.db"
)]
struct Cli {
    /// 账本文件路径（也可用环境变量 TAIZHANG_DB）
    #[arg(long, global = true, env = "TAIZHANG_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 创建账本并载入内置方案；账本已存在时不做改动
    Init {
        /// 先备份已有账本，再重新创建
        #[arg(long)]
        force: bool,
    },
    /// 列出任务清单：编号、名称、行数
    Lists,
    /// 列出一个清单的任务
    Tasks(TasksArgs),
    /// 单位目录：类别、别名，以及牵头、配合的任务数
    Units {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 单位目录维护：改名、别名、合并、排序
    #[command(subcommand)]
    Unit(UnitCommand),
    /// 从备份文件恢复账本（先自动备份当前账本）
    Restore {
        /// 备份文件
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// 把账本完整备份到一个文件（SQLite 在线备份，可在使用中进行）
    Backup {
        /// 备份文件路径
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 导出 Excel 报表（政府公文表格格式，A4 横向打印）
    #[command(subcommand)]
    Export(ExportCommand),
    /// 登记一个单位对一项任务的月度进展（同一任务、单位、月份再次登记时替换，旧记录留作历史）
    Report(ReportArgs),
    /// 手工设定任务某月的完成状态（记入变更记录）
    Status {
        /// 任务编号，如 A-018
        #[arg(long)]
        task: String,
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 状态词，如 已完成
        #[arg(long)]
        status: String,
    },
    /// 列出红灯任务及原因
    Overdue {
        /// 月份（默认本月），如 2018-11
        #[arg(long)]
        month: Option<String>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 导入：各单位交回的填报表，或新的任务清单
    #[command(subcommand)]
    Import(ImportCommand),
    /// 列出某月填报表尚未交回的牵头单位
    Missing {
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 只看该清单
        #[arg(long)]
        list: Option<String>,
    },
    /// 核对“待核对”的任务：确认，或更正牵头/配合单位
    Confirm {
        /// 任务编号，如 R-025
        #[arg(long)]
        task: String,
        /// 更正后的牵头单位，用顿号或逗号分隔
        #[arg(long)]
        lead: Option<String>,
        /// 更正后的配合单位，用顿号或逗号分隔；写空字符串表示无
        #[arg(long)]
        partner: Option<String>,
    },
    /// 一个任务的全部变更记录
    History {
        /// 任务编号，如 R-025
        #[arg(long)]
        task: String,
    },
    /// 查看或修改设置（填报人姓名 clerk_name 等）
    Settings {
        /// 设置一项，格式 键=值，例如 clerk_name=张三
        #[arg(long, value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// 按方案原表格式导出一个清单（责任分解表 / 主要工作任务清单 / 重点项目表）
    Table {
        /// 清单编号
        #[arg(long)]
        list: String,
        /// 输出文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// 导出某清单某月的工作进展情况表（含亮灯）
    Monthly {
        /// 清单编号
        #[arg(long)]
        list: String,
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 输出文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// 为每个牵头单位生成本月填报表（可下拉选择状态，其余内容锁定），写入一个文件夹
    Forms {
        /// 清单编号
        #[arg(long)]
        list: String,
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 输出文件夹
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
    /// 导出某月的统计汇总（按清单、按牵头单位、红灯任务、未报送单位）
    Summary {
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 输出文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum UnitCommand {
    /// 单位改名（原名保留为别名）
    Rename { name: String, new_name: String },
    /// 给单位加一个别名（如 区美丽办 → 美丽越城办）
    Alias { name: String, alias: String },
    /// 把前一个单位合并到后一个单位（任务、报告、填报表都转过去）
    Merge { from: String, into: String },
    /// 按给出的顺序排列单位（未列出的排在后面）
    Order { names: Vec<String> },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// 导入交回的填报表：先逐个文件检查并列出变更，有问题的文件整份不导入；导入前自动备份
    Forms {
        /// 填报表文件（.xlsx 或 .xls），可一次给多个
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// 只检查并列出变更，不写入
        #[arg(long)]
        dry_run: bool,
        /// 只接受该清单的填报表
        #[arg(long)]
        list: Option<String>,
    },
    /// 从表格导入一个新的任务清单（格式同附件3：序号、主要工作任务、牵头单位、配合单位……）
    List {
        /// 表格文件（.xlsx 或 .xls）
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 新清单的编号，如 annual-2019
        #[arg(long)]
        id: String,
        /// 新清单的名称，如 2019年主要工作任务清单
        #[arg(long)]
        name: String,
    },
}

#[derive(Args)]
struct ReportArgs {
    /// 任务编号，如 A-018（见 `taizhang tasks --json`）
    #[arg(long)]
    task: String,
    /// 报送单位（牵头或配合单位）
    #[arg(long)]
    unit: String,
    /// 月份，如 2018-11
    #[arg(long)]
    month: String,
    /// 完成状态：设置中的状态词（默认 已完成 / 按序时推进 / 滞后 / 未启动）
    #[arg(long)]
    status: String,
    /// 进展情况
    #[arg(long, default_value = "")]
    progress: String,
    /// 存在问题
    #[arg(long, default_value = "")]
    problems: String,
    /// 下步计划
    #[arg(long, default_value = "")]
    next: String,
    /// 完成百分比（0-100）
    #[arg(long, allow_negative_numbers = true)]
    percent: Option<i64>,
}

/// Which rows of a list: the same filters for listing and exporting; 序号 are never renumbered.
#[derive(Args)]
struct FilterArgs {
    /// 只含该单位牵头或配合的行
    #[arg(long)]
    unit: Option<String>,
    /// 只含该章（如“二、坚决打赢蓝天保卫战”，或只写“二”）
    #[arg(long)]
    chapter: Option<String>,
    /// 只含该项目/工作内容
    #[arg(long)]
    category: Option<String>,
}

#[derive(Args)]
struct TasksArgs {
    /// 清单编号：responsibility、annual-2018、key-projects 或导入的清单
    #[arg(long)]
    list: String,
    #[command(flatten)]
    filter: FilterArgs,
    /// 以 JSON 输出
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    match cli.command {
        Command::Init { force } => {
            let outcome = Ledger::init(&db, force)?;
            if let Some(backup) = &outcome.backup {
                println!("已备份原账本到：{}", backup.display());
            }
            if outcome.created {
                let ledger = Ledger::open(&db)?;
                println!("已创建账本：{}", db.display());
                for l in ledger.lists()? {
                    println!("  {:<16} {}（{} 行）", l.id, l.name, l.rows);
                }
            } else {
                println!("账本已存在，未做改动：{}（如要重建，请加 --force，会先自动备份）", db.display());
            }
        }
        Command::Lists => {
            let ledger = Ledger::open(&db)?;
            println!("{:<16}\t{}\t{}", "编号", "名称", "行数");
            for l in ledger.lists()? {
                println!("{:<16}\t{}\t{}", l.id, l.name, l.rows);
            }
        }
        Command::Tasks(args) => {
            let ledger = Ledger::open(&db)?;
            let filter = TaskFilter {
                list_id: Some(args.list.clone()),
                unit: args.filter.unit.clone(),
                chapter: args.filter.chapter.clone(),
                category: args.filter.category.clone(),
            };
            let tasks = ledger.tasks(&filter)?;
            if args.json {
                let rows: Vec<_> = tasks.iter().map(cli::task_json).collect();
                println!("{}", serde_json::to_string_pretty(&rows).expect("serializable"));
            } else {
                print_tasks(&tasks);
            }
        }
        Command::Units { json } => {
            let ledger = Ledger::open(&db)?;
            let units = ledger.units()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&units).expect("serializable"));
            } else {
                println!("{:<14}\t{}\t{}\t{}\t{}", "单位", "类别", "牵头", "配合", "别名");
                for u in &units {
                    println!(
                        "{:<14}\t{}\t{}\t{}\t{}",
                        u.unit.name,
                        u.unit.kind.label(),
                        u.leads,
                        u.supports,
                        u.unit.aliases.join("、")
                    );
                }
                let concrete = units.iter().filter(|u| u.unit.kind != UnitKind::Group).count();
                println!("共 {} 个单位（其中具体单位 {} 个，泛指 {} 个）", units.len(), concrete, units.len() - concrete);
            }
        }
        Command::Unit(cmd) => {
            let mut ledger = Ledger::open(&db)?;
            match cmd {
                UnitCommand::Rename { name, new_name } => {
                    let u = ledger.rename_unit(&name, &new_name)?;
                    println!("已改名：{name} → {}（原名保留为别名）", u.name);
                }
                UnitCommand::Alias { name, alias } => {
                    ledger.add_unit_alias(&name, &alias)?;
                    println!("已为 {name} 添加别名：{alias}");
                }
                UnitCommand::Merge { from, into } => {
                    let u = ledger.merge_units(&from, &into)?;
                    println!("已把 {from} 合并到 {}（别名：{}）", u.name, u.aliases.join("、"));
                }
                UnitCommand::Order { names } => {
                    ledger.reorder_units(&names)?;
                    println!("已调整单位顺序。");
                }
            }
        }
        Command::Restore { from } => {
            let mut ledger = Ledger::open_or_init(&db)?;
            let saved = ledger.restore_from(&from)?;
            println!("已从 {} 恢复账本；恢复前的账本已备份到：{}", from.display(), saved.display());
        }
        Command::Backup { out } => {
            let ledger = Ledger::open(&db)?;
            ledger.backup_to(&out)?;
            println!("已备份到：{}", out.display());
        }
        Command::Export(ExportCommand::Table { list, out, filter }) => {
            let ledger = Ledger::open(&db)?;
            let options = taizhang::export::TableOptions { unit: filter.unit, chapter: filter.chapter, category: filter.category };
            let n = taizhang::export::export_table(&ledger, &list, &options, &out)?;
            println!("已导出 {} 行到：{}", n, out.display());
        }
        Command::Export(ExportCommand::Monthly { list, month, out }) => {
            let ledger = Ledger::open(&db)?;
            let n = taizhang::export::export_monthly(&ledger, &list, &month, &out)?;
            println!("已导出 {} 项任务的进展情况到：{}", n, out.display());
        }
        Command::Export(ExportCommand::Summary { month, out }) => {
            let ledger = Ledger::open(&db)?;
            let s = taizhang::export::export_summary(&ledger, &month, &out)?;
            println!(
                "已导出统计汇总到：{}（红灯 {} 项，未报送单位 {} 个）",
                out.display(),
                s.red.len(),
                s.missing.len()
            );
        }
        Command::Export(ExportCommand::Forms { list, month, out_dir }) => {
            let mut ledger = Ledger::open(&db)?;
            let files = taizhang::forms::export_forms(&mut ledger, &list, &month, &out_dir)?;
            for f in &files {
                println!("{}\t牵头 {} 项\t配合 {} 项", f.path.display(), f.rows, f.supports);
            }
            println!("共生成 {} 份填报表。", files.len());
        }
        Command::Import(ImportCommand::Forms { files, dry_run, list }) => {
            let mut ledger = Ledger::open(&db)?;
            let outcome = taizhang::forms::import_forms(&mut ledger, &files, dry_run, list.as_deref())?;
            if let Some(b) = &outcome.backup {
                println!("导入前已自动备份账本：{}", b.display());
            }
            let mut refused = 0;
            for f in &outcome.files {
                println!("== {}", f.path.display());
                if let (Some(unit), Some(month)) = (&f.unit, &f.month) {
                    println!("   单位：{unit}  月份：{month}  清单：{}", f.list_id.as_deref().unwrap_or(""));
                }
                for c in &f.changed {
                    println!("   序号 {}（{}）：{} → {}", c.seq, c.task_id, c.old.as_deref().unwrap_or("（无）"), c.new);
                }
                println!("   变更 {} 行，未变 {} 行，未填写 {} 行", f.changed.len(), f.unchanged, f.blank);
                if f.problems.is_empty() {
                    println!("   {}", if f.applied { "已导入。" } else { "检查通过（试运行，未写入）。" });
                } else {
                    refused += 1;
                    println!("   有 {} 处问题，整份未导入：", f.problems.len());
                    for p in f.problems.iter().take(30) {
                        println!("   - {p}");
                    }
                    if f.problems.len() > 30 {
                        println!("   - ……另有 {} 处", f.problems.len() - 30);
                    }
                }
            }
            if refused > 0 {
                eprintln!("错误：{} 个文件有问题，未导入；请按上面的提示处理后重新导入。", refused);
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Import(ImportCommand::List { file, id, name }) => {
            let mut ledger = Ledger::open(&db)?;
            let done = taizhang::import_list::import_list(&mut ledger, &file, &id, &name)?;
            println!("已导入清单 {}（{}），共 {} 行。", done.list.id, done.list.name, done.list.rows);
            if !done.new_units.is_empty() {
                println!("单位目录中新增：{}（如与已有单位为同一单位，请在“单位”中合并或设为别名）", done.new_units.join("、"));
            }
        }
        Command::Missing { month, list } => {
            let ledger = Ledger::open(&db)?;
            let missing = taizhang::forms::missing_forms(&ledger, &month, list.as_deref())?;
            for m in &missing {
                println!(
                    "{}\t{}\t牵头 {} 项\t{}",
                    m.unit,
                    m.list_name,
                    m.tasks,
                    m.issued_at.as_deref().map(|t| format!("填报表发出于 {t}")).unwrap_or_else(|| "未发填报表".into())
                );
            }
            println!("{} 共 {} 个单位未交回。", month, missing.len());
        }
        Command::Report(a) => {
            let mut ledger = Ledger::open(&db)?;
            let input = ReportInput {
                task_id: a.task,
                unit: a.unit,
                month: a.month,
                status: a.status,
                progress: a.progress,
                problems: a.problems,
                next_steps: a.next,
                percent: a.percent,
                source: "cli".into(),
            };
            let done = ledger.record_report(&input)?;
            let what = match done {
                Recorded::New => "已登记",
                Recorded::Replaced => "已更新（原记录保留在历史中）",
                Recorded::Unchanged => "与已登记内容相同，未做改动",
            };
            println!("{what}：{} {} {} {}", input.task_id, input.unit, input.month, input.status);
        }
        Command::Status { task, month, status } => {
            let mut ledger = Ledger::open(&db)?;
            ledger.set_status(&task, &month, &status)?;
            println!("已设定 {task} {month} 的完成状态为：{status}");
        }
        Command::Overdue { month, json } => {
            let ledger = Ledger::open(&db)?;
            let month = match month {
                Some(m) => Month::parse(&m)?,
                None => Month::of(chrono::Local::now().date_naive()),
            };
            let red: Vec<_> = ledger.progress(None, month)?.into_iter().filter(|p| p.light == Light::Red).collect();
            if json {
                let rows: Vec<_> = red
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "task": cli::task_json(&p.task),
                            "month": p.month,
                            "status": p.status_word,
                            "light": p.light,
                            "reasons": p.reasons,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows).expect("serializable"));
            } else {
                for p in &red {
                    println!(
                        "{}  {:>4}  {}  牵头：{}  时限：{}  状态：{}  原因：{}",
                        p.task.id,
                        p.task.seq,
                        p.task.text.chars().take(30).collect::<String>(),
                        p.task.lead.join("、"),
                        p.task.deadline_label(),
                        p.status_word,
                        p.reasons.join("；")
                    );
                }
                println!("{} 共 {} 项红灯任务", month.label(), red.len());
            }
        }
        Command::Confirm { task, lead, partner } => {
            let mut ledger = Ledger::open(&db)?;
            let lead = lead.map(|s| taizhang::model::split_units(&s));
            let partner = partner.map(|s| taizhang::model::split_units(&s));
            for name in lead.iter().chain(partner.iter()).flatten() {
                ledger.unit(name)?;
            }
            let t = ledger.confirm_task(&task, lead.as_deref(), partner.as_deref())?;
            println!("已核对 {}：牵头 {}；配合 {}", t.id, t.lead.join("、"), or_none(&t.partner.join("、")));
        }
        Command::History { task } => {
            let ledger = Ledger::open(&db)?;
            let reports = ledger.report_history(&task)?;
            if !reports.is_empty() {
                println!("进展报告：");
                for r in &reports {
                    println!(
                        "  {}\t{}\t{}\t{}{}\t{}\t{}",
                        r.month,
                        r.unit,
                        r.status,
                        r.percent.map(|p| format!("{p}%")).unwrap_or_default(),
                        if r.replaced { "（已被替换）" } else { "" },
                        r.progress,
                        r.entered_at
                    );
                }
                println!("变更记录：");
            }
            for h in ledger.history(&task)? {
                println!(
                    "{}\t{}\t{}\t{}\t{} → {}",
                    h.at,
                    h.who,
                    h.action,
                    h.field.unwrap_or_default(),
                    h.old_value.unwrap_or_default(),
                    h.new_value.unwrap_or_default()
                );
            }
        }
        Command::Settings { set } => {
            let mut ledger = Ledger::open(&db)?;
            for kv in &set {
                let (k, v) = kv.split_once('=').ok_or_else(|| {
                    taizhang::Error::invalid(format!("设置“{kv}”格式不对，应写成 键=值，例如 clerk_name=张三。"))
                })?;
                cli::set_setting(&mut ledger, k.trim(), v.trim())?;
            }
            for (k, v) in cli::settings(&ledger)? {
                println!("{k}={v}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
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
        if msg.contains("Broken pipe") || msg.contains("os error 32") {
            std::process::exit(0);
        }
        eprintln!("错误：程序内部出错（{msg}）。请把这条信息告诉维护人员；账本未被改动到一半。");
        std::process::exit(70);
    }));
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "无" } else { s }
}

fn print_tasks(tasks: &[Task]) {
    let mut chapter: Option<&str> = None;
    for t in tasks {
        if t.chapter.is_some() && t.chapter.as_deref() != chapter {
            chapter = t.chapter.as_deref();
            println!("【{}】", chapter.unwrap_or_default());
        }
        let group = t.name.as_deref().or(t.category.as_deref()).unwrap_or_default();
        println!("{:>4}  {}  [{}] {}", t.seq, t.id, group, t.text);
        println!(
            "      牵头：{}  配合：{}  时限：{}{}",
            or_none(&t.lead.join("、")),
            or_none(&t.partner.join("、")),
            t.deadline_label(),
            t.review.as_deref().map(|r| format!("  【待核对：{r}】")).unwrap_or_default()
        );
    }
    println!("共 {} 行", tasks.len());
}
