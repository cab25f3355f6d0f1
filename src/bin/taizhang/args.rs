//! The command line's arguments (clap). Every command and option is documented here; `--help`
//! prints it in Chinese.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// The command line as clap reads it.
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
pub struct Cli {
    /// 账本文件路径（也可用环境变量 TAIZHANG_DB）
    #[arg(long, global = true, env = "TAIZHANG_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// 本次命令使用的方案编号（账本中有多个方案时；默认为当前方案，见 `taizhang plans`）
    #[arg(long, global = true, value_name = "ID")]
    pub plan: Option<i64>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// 考核得分：各牵头单位本月得分与排名（规则见设置 score_rules）
    Scores {
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 主要目标：目标值、当前值、完成情况与亮灯
    Targets {
        /// 统计期：年份（如 2018）或年-月（如 2018-11）；默认各指标的最新数据
        #[arg(long)]
        period: Option<String>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 账本中的方案：编号、名称、清单与任务数，当前方案标 *
    Plans {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 方案：切换当前方案、删除方案
    #[command(subcommand)]
    Plan(PlanCommand),
    /// 主要目标维护：责任单位与基期值、登记当前值、历史
    #[command(subcommand)]
    Target(TargetCommand),
    /// 延期：申请、批准、不批准（批准后完成时限才改变）
    #[command(subcommand)]
    Extend(ExtendCommand),
    /// 列出延期申请
    Extensions {
        /// 只看该任务
        #[arg(long)]
        task: Option<String>,
        /// 只看待审批的
        #[arg(long)]
        pending: bool,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 给任务添加佐证材料（PDF、图片、Word、Excel，存入账本；单个文件上限见设置 attachment_max_mb）
    Attach {
        /// 任务编号，如 A-018
        #[arg(long)]
        task: String,
        /// 文件，可一次给多个
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// 说明
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 列出任务的佐证材料与销号情况；--save-to 把材料另存到文件夹
    Attachments {
        /// 任务编号，如 A-018
        #[arg(long)]
        task: String,
        /// 把全部材料另存到该文件夹
        #[arg(long, value_name = "DIR")]
        save_to: Option<PathBuf>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 销号：核实佐证材料后关闭任务（须牵头单位已报“已完成”）
    Close {
        /// 任务编号，如 A-018
        #[arg(long)]
        task: String,
        /// 销号意见
        #[arg(long, default_value = "")]
        note: String,
        /// 没有佐证材料也销号（须在 --note 写明理由，记入变更记录）
        #[arg(long)]
        without_evidence: bool,
        /// 销号日期（默认今天），如 2018-11-28
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 退回：把销号申请退回，或重新打开已销号的任务（理由会显示在该单位下月的填报表中）
    Reopen {
        /// 任务编号，如 A-018
        #[arg(long)]
        task: String,
        /// 退回理由
        #[arg(long)]
        reason: String,
        /// 退回日期（默认今天），如 2018-11-28
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// 把一个方案设为当前方案（窗口和命令默认使用它）
    Use {
        /// 方案编号（见 `taizhang plans`）
        id: i64,
    },
    /// 删除一个方案及其清单、任务、报送和目标（先自动备份）
    Delete {
        /// 方案编号
        id: i64,
        /// 照原样写出方案名称，以免误删
        #[arg(long)]
        title: String,
    },
}

#[derive(Subcommand)]
pub enum TargetCommand {
    /// 设定责任单位和基期值
    Set {
        /// 目标编号，如 T-01（见 `taizhang targets`）
        #[arg(long)]
        id: String,
        /// 牵头单位，用顿号或逗号分隔
        #[arg(long)]
        lead: Option<String>,
        /// 配合单位，用顿号或逗号分隔；写空字符串表示无
        #[arg(long)]
        partner: Option<String>,
        /// 基期值，如 45
        #[arg(long, allow_negative_numbers = true, requires = "baseline_year")]
        baseline: Option<String>,
        /// 基期年份，如 2017
        #[arg(long, requires = "baseline")]
        baseline_year: Option<String>,
        /// 已核对从方案文档读出的目标（去掉“待核对”）
        #[arg(long)]
        confirm: bool,
        /// 更正指标名称（从方案文档读错时）
        #[arg(long)]
        indicator: Option<String>,
        /// 更正比较方式：<=、>=、<、>、=（或 ≤、≥）
        #[arg(long)]
        comparison: Option<String>,
        /// 更正目标值，如 38
        #[arg(long, allow_negative_numbers = true)]
        value: Option<String>,
        /// 更正单位，如 微克/立方米、%
        #[arg(long)]
        unit: Option<String>,
        /// 更正目标年份，如 2020
        #[arg(long)]
        year: Option<i32>,
    },
    /// 登记某统计期的当前值（同一统计期再次登记时替换，旧值留作历史）
    Record {
        /// 目标编号，如 T-01
        #[arg(long)]
        id: String,
        /// 统计期：年份（如 2018）或年-月（如 2018-11）
        #[arg(long)]
        period: String,
        /// 数值，如 41.2
        #[arg(long, allow_negative_numbers = true)]
        value: String,
        /// 数据来源，如 区环保分局监测月报
        #[arg(long, default_value = "")]
        source: String,
        /// 报送数据的单位
        #[arg(long)]
        unit: Option<String>,
    },
    /// 一个目标的全部数据（含被替换的）
    History {
        /// 目标编号，如 T-01
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand)]
pub enum ExtendCommand {
    /// 登记延期申请（待审批，不改变完成时限）
    Request {
        /// 任务编号，如 A-018
        #[arg(long)]
        task: String,
        /// 申请单位（该任务的牵头或配合单位）
        #[arg(long)]
        unit: Option<String>,
        /// 申请延期到的日期，如 2019-06-30 或 2019年6月底
        #[arg(long, value_name = "DATE")]
        to: String,
        /// 要延期的完成时限（任务有多个时限时），默认为申请日之后最近的一个
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// 延期理由
        #[arg(long)]
        reason: String,
        /// 目前进展
        #[arg(long, default_value = "")]
        progress: String,
        /// 申请日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 批准延期申请：完成时限改为申请的日期
    Approve {
        /// 申请编号（见 `taizhang extensions`）
        #[arg(long)]
        id: i64,
        /// 审批意见
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 不批准延期申请：完成时限不变
    Reject {
        /// 申请编号（见 `taizhang extensions`）
        #[arg(long)]
        id: i64,
        /// 审批意见
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
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
        /// 年度清单加一列“完成时限”（方案原表附件3没有这一列）
        #[arg(long)]
        with_deadline: bool,
    },
    /// 导出某清单某月的工作进展情况表（含亮灯、完成百分比、序时进度）
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
        /// 报送时间，如 2018-11-26（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 为每个牵头单位生成本月填报表（可下拉选择状态，其余内容锁定），写入一个文件夹
    Forms {
        /// 清单编号
        #[arg(long)]
        list: String,
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 输出文件夹（不存在时创建）
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
    /// 导出督办通知单（亮红灯的任务）或催办单（未报送的任务），Word 公文格式；--all 为每个相关单位各出一份
    Notice {
        /// 种类：督办 或 催办
        #[arg(long)]
        kind: String,
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 发往的单位（与 --all 二选一）
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        unit: Option<String>,
        /// 为每个相关单位各生成一份，写入 --out-dir
        #[arg(long, requires = "out_dir")]
        all: bool,
        /// 输出文件（.docx），或已有的文件夹
        #[arg(long, value_name = "FILE.docx", required_unless_present = "all")]
        out: Option<PathBuf>,
        /// 输出文件夹（--all 时；不存在时创建）
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// 成文日期，如 2018-11-26（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 导出月度推进情况通报（Word 公文格式：基本情况、主要成效、存在问题、下步工作要求、附件）
    Bulletin {
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 只通报一个清单（默认：本月有报送的各清单，分别统计）
        #[arg(long)]
        list: Option<String>,
        /// 输出文件（.docx），或已有的文件夹
        #[arg(long, value_name = "FILE.docx")]
        out: PathBuf,
        /// 成文日期，如 2018-11-26（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 导出考核得分表（含排名；须在设置中开启考核计分）
    Scores {
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 输出文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// 导出主要目标完成情况表（目标值、基期值、当前值、完成情况、亮灯）
    Targets {
        /// 统计期：年份（如 2018）或年-月（如 2018-11）
        #[arg(long)]
        period: String,
        /// 输出文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 报送时间，如 2019-01-10（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 导出某月的统计汇总（按清单、按牵头单位、红灯任务、未报送单位）
    Summary {
        /// 月份，如 2018-11
        #[arg(long)]
        month: String,
        /// 输出文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 报送时间，如 2018-11-26（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum UnitCommand {
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
pub enum ImportCommand {
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
    /// 从方案的 Word 文档（.docx）导入新方案：附件中的任务表、主要目标；导入后设为当前方案
    Plan {
        /// 方案文档（.docx）
        #[arg(value_name = "FILE.docx")]
        file: PathBuf,
        /// 只读取并列出将导入的内容，不写入
        #[arg(long)]
        dry_run: bool,
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
pub struct ReportArgs {
    /// 任务编号，如 A-018（见 `taizhang tasks --json`）
    #[arg(long)]
    pub task: String,
    /// 报送单位（牵头或配合单位）
    #[arg(long)]
    pub unit: String,
    /// 月份，如 2018-11
    #[arg(long)]
    pub month: String,
    /// 完成状态：设置中的状态词（默认 已完成 / 按序时推进 / 滞后 / 未启动）
    #[arg(long)]
    pub status: String,
    /// 进展情况
    #[arg(long, default_value = "")]
    pub progress: String,
    /// 存在问题
    #[arg(long, default_value = "")]
    pub problems: String,
    /// 下步计划
    #[arg(long, default_value = "")]
    pub next: String,
    /// 完成百分比（0-100）
    #[arg(long, allow_negative_numbers = true)]
    pub percent: Option<i64>,
}

/// Which rows of a list: the same filters for listing and exporting; 序号 are never renumbered.
#[derive(Args)]
pub struct FilterArgs {
    /// 只含该单位牵头或配合的行
    #[arg(long)]
    pub unit: Option<String>,
    /// 只含该章（如“二、坚决打赢蓝天保卫战”，或只写“二”）
    #[arg(long)]
    pub chapter: Option<String>,
    /// 只含该项目/工作内容
    #[arg(long)]
    pub category: Option<String>,
}

#[derive(Args)]
pub struct TasksArgs {
    /// 清单编号：responsibility、annual-2018、key-projects 或导入的清单
    #[arg(long)]
    pub list: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

/// The help in Chinese: headings, the help and version flags, every subcommand alike.
fn localized(cmd: clap::Command) -> clap::Command {
    let cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .mut_args(|a| if a.get_help_heading().is_none() { a.help_heading("选项") } else { a })
        .next_help_heading("选项")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(clap::Arg::new("help").short('h').long("help").action(clap::ArgAction::Help).help("显示帮助"));
    let cmd = if cmd.get_version().is_some() {
        cmd.disable_version_flag(true)
            .arg(clap::Arg::new("version").short('V').long("version").action(clap::ArgAction::Version).help("显示版本"))
    } else {
        cmd
    };
    cmd.mut_subcommands(localized)
}

/// The command line, parsed with the Chinese help.
pub fn parse() -> Result<Cli, clap::Error> {
    let matches = localized(Cli::command()).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}
