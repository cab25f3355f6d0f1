//! 月度通报: the month's bulletin to all units and the leadership, in the usual shape: 基本情况
//! (counts and percentages, per list), 主要成效 (tasks completed this month, the units that did
//! them), 存在问题 (滞后 tasks with their problems, red tasks, units late with reports), 考核情况
//! when scores are on, 下步工作要求 (一是…；二是… from the clerk's templates), and the red-task
//! and score tables as attachments.

use chrono::NaiveDate;

use super::layout::{date_cn, split_title};
use super::model::{Align, Appendix, Block, Column, Document, Imprint, Signature, Table};
use super::score::{UnitScore, table_headers, table_row};
use super::text::{cn_number, heading1_number, heading2_number, item_number, join_names, one_line, percent, points, sentence};
use crate::error::{Error, Result};
use crate::timing::Month;

/// The words for the four statuses, as the settings have them.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusWords {
    pub done: String,
    pub on_track: String,
    pub behind: String,
    pub not_started: String,
}

impl Default for StatusWords {
    fn default() -> Self {
        StatusWords {
            done: "已完成".into(), on_track: "按序时推进".into(), behind: "滞后".into(), not_started: "未启动".into()
        }
    }
}

/// One list's counts for the month (as `export summary` counts them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListStat {
    pub name: String,
    /// The short name tasks are cited with (分解表, 2018年清单).
    pub short: String,
    /// Tasks with no concrete lead unit yet, left out of `total` and the counts.
    pub unassigned: usize,
    pub total: usize,
    pub done: usize,
    pub on_track: usize,
    pub behind: usize,
    pub not_started: usize,
    pub unreported: usize,
}

/// A task named in the bulletin, with a note from its report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskLine {
    /// The list's short name.
    pub list: String,
    pub seq: String,
    pub text: String,
    /// Lead units.
    pub units: Vec<String>,
    /// 完成的任务: its 进展情况; 滞后的任务: its 存在问题. May be empty.
    pub note: String,
}

/// A row of the red-task table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RedRow {
    pub list: String,
    pub seq: String,
    pub text: String,
    pub units: Vec<String>,
    /// 完成时限: 2018年9月底.
    pub deadline: String,
    pub reasons: Vec<String>,
    /// Past its deadline and not done (as opposed to reported 滞后).
    pub overdue: bool,
}

/// What the bulletin needs; the ledger fills it.
#[derive(Debug, Clone, PartialEq)]
pub struct BulletinInput {
    /// 越城区生态文明示范创建行动方案
    pub plan_title: String,
    pub month: Month,
    /// The issuing office: 区美丽办.
    pub office: String,
    pub number: Option<String>,
    pub date: NaiveDate,
    /// 主送: 各镇街，区级有关部门.
    pub addressee: String,
    /// The month's report day (for the templates' {报送时间}: the next month's).
    pub report_day: u32,
    pub words: StatusWords,
    pub lists: Vec<ListStat>,
    /// Tasks completed this month.
    pub completed: Vec<TaskLine>,
    /// Tasks reported 滞后, with their 存在问题.
    pub behind: Vec<TaskLine>,
    /// Lead units that have reported none of their tasks this month.
    pub late_units: Vec<String>,
    /// Lead units that have reported some of their tasks, not all.
    pub partly_late_units: Vec<String>,
    /// 下步工作要求, one item each, as the clerk wrote them in the settings (may use the
    /// variables of [`TEMPLATE_VARIABLES`]); empty: [`DEFAULT_REQUIREMENTS`].
    pub requirements: Vec<String>,
    pub red: Vec<RedRow>,
    /// Lists of the plan left out of the count (no lead unit named yet), by name.
    pub left_out: Vec<String>,
    /// Scores when 考核 is on, best first (from `score::evaluate`).
    pub scores: Option<Vec<UnitScore>>,
    /// 抄送 (the leadership offices), printed in the 版记.
    pub copy_to: Option<String>,
}

impl BulletinInput {
    /// The file a person would name it: 越城区生态文明示范创建行动方案2018年11月推进情况通报.docx.
    pub fn file_name(&self) -> String {
        super::notice::file_safe(&format!("{}{}推进情况通报.docx", self.plan_title.trim(), self.month.label()))
    }
}

/// The default 下步工作要求 (a setting the clerk edits, one item a line).
pub const DEFAULT_REQUIREMENTS: &[&str] = &[
    "各牵头单位要对照年度目标任务，倒排工期、挂图作战，对滞后和亮红灯的任务逐项分析原因、落实整改措施，确保按期完成",
    "各配合单位要主动对接、密切配合，形成工作合力，确保各项任务协同推进",
    "各牵头单位要严格落实月报制度，于{报送时间}前报送当月任务进展情况，做到内容真实、数据准确",
    "{督办单位}将继续加强督查督办，对推进不力、进展缓慢的单位予以通报，并纳入年度考核",
];

/// Variables a requirement may use, and what they stand for.
pub const TEMPLATE_VARIABLES: &[(&str, &str)] = &[
    ("{年月}", "本月，如 2018年11月"),
    ("{月份}", "本月，如 11月"),
    ("{下月}", "下月，如 12月"),
    ("{报送时间}", "下月报送日，如 12月25日"),
    ("{督办单位}", "发文单位，如 区美丽办"),
];

/// One requirement with its variables filled in; an unknown variable or a stray brace gives a
/// message naming the item and the valid variables.
pub fn fill_requirement(template: &str, index: usize, input: &BulletinInput) -> Result<String> {
    let next = input.month.next();
    let values = [
        input.month.label(),
        format!("{}月", input.month.month),
        format!("{}月", next.month),
        format!("{}月{}日", next.month, input.report_day),
        input.office.trim().to_string(),
    ];
    let mut out = template.to_string();
    for ((var, _), value) in TEMPLATE_VARIABLES.iter().zip(values.iter()) {
        out = out.replace(var, value);
    }
    if let Some(start) = out.find(['{', '}']) {
        // The variable as written: up to its closing brace, or a few characters.
        let rest = &out[start..];
        let bad: String = match rest.find('}') {
            Some(e) => rest[..e + '}'.len_utf8()].chars().take(12).collect(),
            None => rest.chars().take(6).collect(),
        };
        let known: Vec<&str> = TEMPLATE_VARIABLES.iter().map(|(v, _)| *v).collect();
        return Err(Error::BadTemplate { index: index + 1, bad, known: known.join("、") });
    }
    Ok(super::text::bare_item(&out))
}

/// How a list of task names is introduced: 区建设局牵头的2018年主要工作任务清单第12项“…”.
fn task_phrase(t: &TaskLine) -> String {
    let units = join_names(&t.units);
    let text = super::text::quoted_within(&one_line(&t.text));
    let text = text.trim_end_matches(['。', '；', ';']);
    let owner = if units.is_empty() { String::new() } else { format!("{units}牵头的") };
    format!("{owner}{}第{}项“{text}”", t.list.trim(), t.seq.trim())
}

/// "已完成12项，占26.7%；…；无滞后、未启动任务。"
fn counts_sentence(total: usize, parts: &[(&str, usize)]) -> String {
    let mut said = Vec::new();
    let mut none = Vec::new();
    for (word, n) in parts {
        if *n > 0 {
            said.push(format!("{word}{n}项，占{}", percent(*n, total)));
        } else {
            none.push(*word);
        }
    }
    let mut s = said.join("；");
    if !none.is_empty() {
        if !s.is_empty() {
            s.push('；');
        }
        s.push_str(&format!("无{}任务", join_names(&none)));
    }
    s.push('。');
    s
}

/// "另有1项尚未明确牵头单位，暂不统计。" where a list has such tasks.
fn unassigned_note(l: &ListStat) -> String {
    if l.unassigned == 0 { String::new() } else { format!("另有{}项尚未明确牵头单位，暂不统计。", l.unassigned) }
}

/// Builds the bulletin.
pub fn bulletin(input: &BulletinInput) -> Result<Document> {
    let total: usize = input.lists.iter().map(|l| l.total).sum();
    if total == 0 {
        return Err(Error::NoTasks);
    }
    let unreported: usize = input.lists.iter().map(|l| l.unreported).sum();
    if unreported == total {
        return Err(Error::NoReportsThisMonth { month: input.month.label() });
    }
    if input.office.trim().is_empty() {
        return Err(Error::OfficeNotSet);
    }
    let templates: Vec<String> = if input.requirements.iter().all(|r| r.trim().is_empty()) {
        DEFAULT_REQUIREMENTS.iter().map(|s| s.to_string()).collect()
    } else {
        input.requirements.iter().filter(|r| !r.trim().is_empty()).cloned().collect()
    };
    let requirements: Vec<String> =
        templates.iter().enumerate().map(|(i, t)| fill_requirement(t, i, input)).collect::<Result<_>>()?;

    let w = &input.words;
    let sum = |f: fn(&ListStat) -> usize| input.lists.iter().map(f).sum::<usize>();
    let done = sum(|l| l.done);
    let office = input.office.trim();
    let plan = input.plan_title.trim();
    let m = input.month;
    let mut body = Vec::new();
    body.push(Block::paragraph(format!(
        "为推动《{plan}》各项任务落实落地，{office}对截至{}年{}月底的任务推进情况进行了汇总梳理。现将有关情况通报如下：",
        m.year, m.month
    )));

    // 一、基本情况
    let mut section = 0;
    let mut heading = |body: &mut Vec<Block>, text: &str| {
        section += 1;
        body.push(Block::heading1(format!("{}{text}", heading1_number(section))));
    };
    heading(&mut body, "基本情况");
    let unreported_word = "未报送";
    let counts = |l: &ListStat| {
        counts_sentence(
            l.total,
            &[
                (&w.done, l.done),
                (&w.on_track, l.on_track),
                (&w.behind, l.behind),
                (&w.not_started, l.not_started),
                (unreported_word, l.unreported),
            ],
        )
    };
    // The lists of a plan overlap (a year's list repeats tasks of the plan's table): each is
    // counted on its own, never added up.
    let several = input.lists.len() > 1;
    if several {
        let each: Vec<String> = input.lists.iter().map(|l| format!("{}{}项", l.name.trim(), l.total)).collect();
        body.push(Block::paragraph(format!(
            "截至{}月底，《{plan}》纳入月度调度的{}张任务清单分别列任务：{}。各清单任务有交叉，分别统计如下：",
            m.month,
            input.lists.len(),
            join_names(&each)
        )));
        for (i, l) in input.lists.iter().enumerate() {
            body.push(Block::lead(
                format!("{}{}。", heading2_number(i + 1), l.name.trim()),
                format!("其中，{}{}", counts(l), unassigned_note(l)),
            ));
        }
    } else {
        let l = &input.lists[0];
        body.push(Block::paragraph(format!(
            "截至{}月底，《{plan}》{}共列任务{}项。其中，{}{}",
            m.month,
            l.name.trim(),
            l.total,
            counts(l),
            unassigned_note(l)
        )));
    }
    if !input.left_out.is_empty() {
        body.push(Block::paragraph(format!("{}尚未明确牵头单位，暂未纳入统计。", join_names(&input.left_out))));
    }
    // "分解表3项、2018年清单2项": items counted by the list they cite, in the lists' order.
    let by_list = |cited: &mut dyn Iterator<Item = &str>| -> String {
        let cited: Vec<&str> = cited.collect();
        let parts: Vec<String> = input
            .lists
            .iter()
            .map(|l| (l.short.trim(), cited.iter().filter(|c| c.trim() == l.short.trim()).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{name}{n}项"))
            .collect();
        join_names(&parts)
    };

    // 二、主要成效
    heading(&mut body, "主要成效");
    let so_far = if done == 0 {
        "目前尚无已完成的任务。".to_string()
    } else if several {
        let each: Vec<String> =
            input.lists.iter().map(|l| format!("{}{}项，完成率{}", l.short.trim(), l.done, percent(l.done, l.total))).collect();
        format!("累计已完成任务：{}。", each.join("；"))
    } else {
        format!("累计已完成任务{done}项，完成率{}。", percent(done, total))
    };
    if input.completed.is_empty() {
        body.push(Block::paragraph(format!("本月无新完成的任务。{so_far}")));
    } else {
        let new = if several {
            format!("本月新完成任务：{}。{so_far}", by_list(&mut input.completed.iter().map(|t| t.list.as_str())))
        } else {
            format!("本月新完成任务{}项，{so_far}", input.completed.len())
        };
        body.push(Block::paragraph(format!("{new}本月完成的任务如下：")));
        for (i, t) in input.completed.iter().enumerate() {
            let note = sentence(&one_line(&t.note));
            body.push(Block::paragraph(format!("{}{}已完成。{note}", item_number(i + 1), task_phrase(t))));
        }
        // Praise: the units that completed most, most first.
        let mut by_unit: Vec<(String, usize)> = Vec::new();
        for t in &input.completed {
            for u in &t.units {
                match by_unit.iter_mut().find(|(n, _)| n == u) {
                    Some((_, c)) => *c += 1,
                    None => by_unit.push((u.clone(), 1)),
                }
            }
        }
        by_unit.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
        if !by_unit.is_empty() {
            let named: Vec<String> = by_unit.iter().take(5).map(|(u, c)| format!("{u}完成{c}项")).collect();
            let more = if by_unit.len() > 5 { format!("等{}个单位", by_unit.len()) } else { String::new() };
            body.push(Block::paragraph(format!("其中，{}{more}，推进有力、成效明显，予以通报表扬。", join_names(&named))));
        }
    }

    // 三、存在问题
    heading(&mut body, "存在问题");
    let mut sub = 0;
    let mut lead = |title: &str| {
        sub += 1;
        format!("{}{title}", heading2_number(sub))
    };
    if input.behind.is_empty() {
        body.push(Block::lead(lead("任务推进总体有序。"), format!("本月无{}任务。", w.behind)));
    } else {
        let count = if several {
            format!("：{}，具体如下", by_list(&mut input.behind.iter().map(|t| t.list.as_str())))
        } else {
            format!("{}项", input.behind.len())
        };
        body.push(Block::lead(lead("部分任务推进滞后。"), format!("本月报告{}的任务{count}：", w.behind)));
        for (i, t) in input.behind.iter().enumerate() {
            let note = sentence(&one_line(&t.note));
            let problems = if note.is_empty() {
                "牵头单位未说明存在的问题。".to_string()
            } else {
                format!("存在问题：{note}")
            };
            body.push(Block::paragraph(format!("{}{}，{problems}", item_number(i + 1), task_phrase(t))));
        }
    }
    let red_attachment = !input.red.is_empty();
    if red_attachment {
        let overdue = input.red.iter().filter(|r| r.overdue).count();
        let detail = if overdue > 0 { format!("，其中已过完成时限仍未完成{overdue}项") } else { String::new() };
        let count = if several {
            format!("：{}", by_list(&mut input.red.iter().map(|r| r.list.as_str())))
        } else {
            format!("{}项", input.red.len())
        };
        body.push(Block::lead(lead("部分任务亮红灯。"), format!("本月亮红灯任务{count}{detail}，详见附件1。")));
    } else {
        body.push(Block::lead(lead("无亮红灯任务。"), "本月各项任务均未亮红灯。"));
    }
    let late: Vec<&str> = input.late_units.iter().map(|u| u.trim()).filter(|u| !u.is_empty()).collect();
    let partly: Vec<&str> = input.partly_late_units.iter().map(|u| u.trim()).filter(|u| !u.is_empty()).collect();
    if late.is_empty() && partly.is_empty() {
        body.push(Block::lead(lead("报送总体及时。"), "各牵头单位均按时报送了本月任务进展情况。"));
    } else {
        // 8项 / ：分解表12项、2018年清单8项.
        let tasks = if unreported == 0 {
            String::new()
        } else if several {
            let each: Vec<String> = input
                .lists
                .iter()
                .filter(|l| l.unreported > 0)
                .map(|l| format!("{}{}项", l.short.trim(), l.unreported))
                .collect();
            format!("：{}", join_names(&each))
        } else {
            format!("{unreported}项")
        };
        let mut said = Vec::new();
        if !late.is_empty() {
            said.push(format!("{}共{}个单位未按时报送本月任务进展情况", join_names(&late), late.len()));
        }
        if !partly.is_empty() {
            said.push(format!("{}共{}个单位有部分牵头任务未报送", join_names(&partly), partly.len()));
        }
        let tail = match (said.len(), tasks.is_empty(), several) {
            (_, true, _) => "。".to_string(),
            (1, false, _) => format!("，涉及任务{tasks}。"),
            (_, false, true) => format!("。未报送的任务{tasks}。"),
            (_, false, false) => format!("。未报送的任务共{tasks}。"),
        };
        body.push(Block::lead(lead("部分单位报送不及时。"), format!("{}{tail}", said.join("；"))));
    }

    // 四、考核情况
    let scores = input.scores.as_ref().filter(|s| !s.is_empty());
    if let Some(scores) = scores {
        heading(&mut body, "考核情况");
        body.push(Block::paragraph(score_sentence(scores, if red_attachment { 2 } else { 1 })));
    }

    // 下步工作要求
    heading(&mut body, "下步工作要求");
    let items: Vec<String> = requirements.iter().enumerate().map(|(i, r)| format!("{}是{r}", cn_number(i + 1))).collect();
    body.push(Block::paragraph(format!("{}。", items.join("；"))));

    let mut attachments = Vec::new();
    let mut appendices = Vec::new();
    let label = |n: usize, count: usize| {
        if count > 1 { format!("附件{n}") } else { "附件".to_string() }
    };
    let count = usize::from(red_attachment) + usize::from(scores.is_some());
    if red_attachment {
        let title = format!("{}红灯任务清单", m.label());
        attachments.push(title.clone());
        appendices.push(Appendix {
            label: label(appendices.len() + 1, count),
            title,
            body: vec![Block::Table(red_table(&input.red))],
        });
    }
    if let Some(scores) = scores {
        let title = format!("{}各单位考核得分情况", m.label());
        attachments.push(title.clone());
        appendices.push(Appendix {
            label: label(appendices.len() + 1, count),
            title,
            body: vec![Block::Table(score_table(scores))],
        });
    }
    // With one attachment the standard writes 附件 without a number; say it the same way.
    if count == 1 {
        for b in body.iter_mut() {
            if let Block::Paragraph { text, .. } = b {
                *text = text.replace("详见附件1", "详见附件").replace("详见附件2", "详见附件");
            }
        }
    }
    let title = format!("关于{plan}{}推进情况的通报", m.label());
    Ok(Document {
        number: input.number.clone(),
        title: split_title(&title, 20),
        addressee: Some(input.addressee.trim().trim_end_matches(['：', ':']).to_string()).filter(|a| !a.is_empty()),
        body,
        attachments,
        signature: Some(Signature { office: office.to_string(), date: date_cn(input.date) }),
        appendices,
        imprint: input.copy_to.as_ref().filter(|c| !c.trim().is_empty()).map(|c| Imprint {
            copy_to: Some(c.trim().trim_end_matches('。').to_string()),
            printed_by: office.to_string(),
            printed_on: date_cn(input.date),
        }),
        ..Default::default()
    })
}

fn score_sentence(scores: &[UnitScore], attachment: usize) -> String {
    let named = |s: &UnitScore| format!("{}（{}分）", s.unit, points(s.total));
    let n = scores.len();
    let see = format!("详见附件{attachment}。");
    if n < 4 {
        let all: Vec<String> = scores.iter().map(named).collect();
        return format!("按照考核办法，本月各牵头单位得分依次为：{}。{see}", join_names(&all));
    }
    let k = 3.min(n / 2);
    // Praised: the best of the units that reported every task (a unit that reported nothing
    // may lose less than one that reported trouble, but is not held up as an example).
    let reported_all = |s: &&UnitScore| s.lines.iter().all(|l| l.key != "unreported" || l.count == 0);
    let top_units: Vec<&UnitScore> = scores.iter().filter(reported_all).take(k).collect();
    let top: Vec<String> = top_units.iter().map(|s| named(s)).collect();
    let bottom: Vec<String> = scores
        .iter()
        .rev()
        .filter(|s| !top_units.iter().any(|t| t.unit == s.unit))
        .take(k)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(named)
        .collect();
    if top.is_empty() {
        return format!(
            "按照考核办法，本月{}个牵头单位参与考核，得分靠后的是{}，请相关单位加大推进力度。{see}",
            n,
            join_names(&bottom)
        );
    }
    format!(
        "按照考核办法，本月{}个牵头单位参与考核，得分居前的是{}；得分靠后的是{}，请相关单位加大推进力度。{see}",
        n,
        join_names(&top),
        join_names(&bottom)
    )
}

fn red_table(red: &[RedRow]) -> Table {
    Table {
        columns: vec![
            Column::new("序号", 2, Align::Center),
            Column::new("清单及序号", 5, Align::Center),
            Column::new("任务内容", 12, Align::Left),
            Column::new("牵头单位", 4, Align::Center),
            Column::new("完成时限", 4, Align::Center),
            Column::new("亮灯原因", 7, Align::Left),
        ],
        rows: red
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    format!("{}第{}项", r.list.trim(), r.seq.trim()),
                    one_line(&r.text),
                    join_names(&r.units),
                    r.deadline.trim().to_string(),
                    r.reasons.join("；"),
                ]
            })
            .collect(),
    }
}

fn score_table(scores: &[UnitScore]) -> Table {
    let columns =
        table_headers().iter().enumerate().map(|(i, h)| Column::new(h, if i == 1 { 5 } else { 2 }, Align::Center)).collect();
    Table { columns, rows: scores.iter().map(table_row).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::placeholders;
    use crate::document::score::{ScoreInput, ScoreRules, evaluate};
    use crate::progress::Light;

    pub(crate) fn sample() -> BulletinInput {
        let line = |list: &str, seq: &str, text: &str, unit: &str, note: &str| TaskLine {
            list: list.into(),
            seq: seq.into(),
            text: text.into(),
            units: vec![unit.into()],
            note: note.into(),
        };
        BulletinInput {
            plan_title: "越城区生态文明示范创建行动方案".into(),
            month: Month::new(2018, 11).unwrap(),
            office: "区美丽办".into(),
            number: None,
            date: NaiveDate::from_ymd_opt(2018, 11, 30).unwrap(),
            addressee: "各镇街，区级有关部门".into(),
            report_day: 25,
            words: StatusWords::default(),
            lists: vec![
                ListStat {
                    name: "2018年主要工作任务清单".into(),
                    short: "2018年清单".into(),
                    unassigned: 0,
                    total: 45,
                    done: 12,
                    on_track: 20,
                    behind: 3,
                    not_started: 2,
                    unreported: 8,
                },
                ListStat {
                    name: "重点项目表".into(),
                    short: "重点项目表".into(),
                    unassigned: 0,
                    total: 21,
                    done: 0,
                    on_track: 21,
                    behind: 0,
                    not_started: 0,
                    unreported: 0,
                },
            ],
            completed: vec![line(
                "2018年清单",
                "36",
                "推进厕所革命，完成618座公厕改造建设工作。",
                "区农办",
                "618座公厕全部完成改造",
            )],
            behind: vec![line("2018年清单", "12", "配合市级部门新建城镇污水配套管网35公里", "区建设局", "")],
            late_units: vec!["区综合执法局".into(), "区审计局".into()],
            partly_late_units: vec![],
            requirements: vec![],
            red: vec![RedRow {
                list: "2018年清单".into(),
                seq: "18".into(),
                text: "规范安装流量计量设施".into(),
                units: vec!["区建设局".into()],
                deadline: "2018年9月底".into(),
                reasons: vec!["已过完成时限（2018年9月底）仍未完成".into()],
                overdue: true,
            }],
            left_out: vec![],
            scores: None,
            copy_to: Some("区委办，区府办".into()),
        }
    }

    #[test]
    fn structure_of_a_bulletin() {
        let doc = bulletin(&sample()).unwrap();
        assert_eq!(doc.title.concat(), "关于越城区生态文明示范创建行动方案2018年11月推进情况的通报");
        assert_eq!(doc.title.len(), 2);
        assert_eq!(
            doc.outline(),
            vec![
                "paragraph",
                "heading1",
                "paragraph",
                "lead_paragraph",
                "lead_paragraph",
                "heading1",
                "paragraph",
                "paragraph",
                "paragraph",
                "heading1",
                "lead_paragraph",
                "paragraph",
                "lead_paragraph",
                "lead_paragraph",
                "heading1",
                "paragraph",
            ]
        );
        let headings: Vec<&str> =
            doc.body.iter().filter_map(|b| if let Block::Heading1 { text } = b { Some(text.as_str()) } else { None }).collect();
        assert_eq!(headings, ["一、基本情况", "二、主要成效", "三、存在问题", "四、下步工作要求"]);
        assert_eq!(doc.attachments, ["2018年11月红灯任务清单"]);
        assert_eq!(doc.appendices[0].label, "附件");
        assert!(doc.imprint.is_some());
        assert_eq!(sample().file_name(), "越城区生态文明示范创建行动方案2018年11月推进情况通报.docx");
    }

    #[test]
    fn sentences_carry_the_real_counts() {
        let t = bulletin(&sample()).unwrap().to_plain_text();
        for s in [
            "纳入月度调度的2张任务清单分别列任务：2018年主要工作任务清单45项、重点项目表21项。各清单任务有交叉，分别统计如下：",
            "（一）2018年主要工作任务清单。其中，已完成12项，占26.7%；按序时推进20项，占44.4%；滞后3项，占6.7%；未启动2项，占4.4%；未报送8项，占17.8%。",
            "（二）重点项目表。其中，按序时推进21项，占100.0%；无已完成、滞后、未启动、未报送任务。",
            "本月新完成任务：2018年清单1项。累计已完成任务：2018年清单12项，完成率26.7%；重点项目表0项，完成率0.0%。本月完成的任务如下：",
            "1．区农办牵头的2018年清单第36项“推进厕所革命，完成618座公厕改造建设工作”已完成。618座公厕全部完成改造。",
            "其中，区农办完成1项，推进有力、成效明显，予以通报表扬。",
            "（一）部分任务推进滞后。本月报告滞后的任务：2018年清单1项，具体如下：",
            "区建设局牵头的2018年清单第12项“配合市级部门新建城镇污水配套管网35公里”，牵头单位未说明存在的问题。",
            "（二）部分任务亮红灯。本月亮红灯任务：2018年清单1项，其中已过完成时限仍未完成1项，详见附件。",
            "（三）部分单位报送不及时。区综合执法局、区审计局共2个单位未按时报送本月任务进展情况，涉及任务：2018年清单8项。",
            "一是各牵头单位要对照年度目标任务",
            "；三是各牵头单位要严格落实月报制度，于12月25日前报送当月任务进展情况",
            "；四是区美丽办将继续加强督查督办",
            "附件：2018年11月红灯任务清单",
            "2018年9月底",
        ] {
            assert!(t.contains(s), "missing {s}:\n{t}");
        }
        assert!(placeholders(&t).is_empty(), "{:?}", placeholders(&t));
    }

    #[test]
    fn zero_counts_read_well() {
        let mut input = sample();
        input.lists = vec![ListStat { name: "重点项目表".into(), total: 8, done: 5, on_track: 3, ..Default::default() }];
        input.completed.clear();
        input.behind.clear();
        input.red.clear();
        input.late_units.clear();
        let doc = bulletin(&input).unwrap();
        let t = doc.to_plain_text();
        for s in [
            "重点项目表共列任务8项。其中，已完成5项，占62.5%；按序时推进3项，占37.5%；无滞后、未启动、未报送任务。",
            "本月无新完成的任务。累计已完成任务5项，完成率62.5%。",
            "（一）任务推进总体有序。本月无滞后任务。",
            "（二）无亮红灯任务。本月各项任务均未亮红灯。",
            "（三）报送总体及时。各牵头单位均按时报送了本月任务进展情况。",
        ] {
            assert!(t.contains(s), "missing {s}:\n{t}");
        }
        assert!(doc.attachments.is_empty() && doc.appendices.is_empty());
        assert!(!doc.outline().contains(&"table"));
        assert!(placeholders(&t).is_empty());
    }

    #[test]
    fn scores_cited_when_on() {
        let mut input = sample();
        let rules = ScoreRules { enabled: true, ..ScoreRules::default() };
        let units = ["区建设局", "区环保分局", "区农水局", "区经信局", "区农办", "区综合执法局"];
        let lights = [Light::Red, Light::Green, Light::Green, Light::Yellow, Light::Green, Light::Unreported];
        let items: Vec<ScoreInput> = units
            .iter()
            .zip(lights)
            .map(|(u, l)| ScoreInput {
                unit: u.to_string(),
                light: l,
                status: None,
                done_early: false,
                report_late: false,
                report_missing: l == Light::Unreported,
            })
            .collect();
        input.scores = Some(evaluate(&rules, &items));
        let doc = bulletin(&input).unwrap();
        let t = doc.to_plain_text();
        assert!(t.contains("四、考核情况"), "{t}");
        assert!(t.contains("五、下步工作要求"));
        assert!(t.contains("本月6个牵头单位参与考核，得分居前的是区环保分局（100分）、区农水局（100分）、区农办（100分）；得分靠后的是区经信局（99分）、区综合执法局（99分）、区建设局（98分）"), "{t}");
        assert!(t.contains("详见附件2。"));
        assert_eq!(doc.attachments.len(), 2);
        assert_eq!(doc.appendices[1].label, "附件2");
        assert!(t.contains("详见附件1"));
    }

    #[test]
    fn templates_fill_and_complain() {
        let mut input = sample();
        input.requirements = vec!["一是{年月}任务要在{下月}底前补齐。".into(), "  ".into(), "{督办单位}每月通报".into()];
        let t = bulletin(&input).unwrap().to_plain_text();
        assert!(t.contains("一是2018年11月任务要在12月底前补齐；二是区美丽办每月通报。"), "{t}");
        input.requirements = vec!["按时报送".into(), "于{报送日期}前报送".into()];
        let e = bulletin(&input).unwrap_err().to_string();
        assert_eq!(e, "下步工作要求第2条中的“{报送日期}”不认识。可用的写法：{年月}、{月份}、{下月}、{报送时间}、{督办单位}。");
        // An unclosed brace, after Chinese text, is named too (and does not panic).
        input.requirements = vec!["于{报送日期前报送".into()];
        let e = bulletin(&input).unwrap_err().to_string();
        assert!(e.starts_with("下步工作要求第1条中的“{报送日期前”不认识。"), "{e}");
        input.requirements = vec!["要求}".into()];
        assert!(bulletin(&input).unwrap_err().to_string().contains("“}”"));
    }

    #[test]
    fn a_month_without_reports_is_refused() {
        let mut input = sample();
        for l in &mut input.lists {
            l.unreported = l.total;
        }
        let e = bulletin(&input).unwrap_err().to_string();
        assert!(e.contains("2018年11月还没有任何单位报送进展情况"), "{e}");
    }
}
