//! 督办通知单 (to a unit whose tasks are red) and 催办单 (to a unit that has not returned the
//! month's form): their content from plain inputs, as an office writes them.

use chrono::NaiveDate;

use super::layout::{date_cn, split_title};
use super::model::{Block, Document, Receipt, ReceiptField, ReceiptRow, Signature};
use super::text::{heading2_number, item_number, one_line, sentence};
use crate::error::{Error, Result};
use crate::timing::Month;

/// Which notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 督办通知单: red or overdue tasks.
    Supervision,
    /// 催办单: the month's form not returned.
    Reminder,
}

impl NoticeKind {
    /// `督办` / `催办` (also `supervision` / `reminder`), with a message naming the valid kinds.
    pub fn parse(s: &str) -> Result<NoticeKind> {
        match s.trim() {
            "督办" | "督办通知单" | "supervision" => Ok(NoticeKind::Supervision),
            "催办" | "催办单" | "reminder" => Ok(NoticeKind::Reminder),
            other => Err(Error::UnknownDocumentKind { kind: other.to_string() }),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::Supervision => "督办",
            NoticeKind::Reminder => "催办",
        }
    }

    /// The document's title.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Supervision => "督办通知单",
            NoticeKind::Reminder => "催办单",
        }
    }
}

/// Whom to call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

impl Contact {
    /// "联系人：张三，联系电话：0575-88888888。", or None when neither is known.
    fn line(&self) -> Option<String> {
        let (n, p) = (self.name.trim(), self.phone.trim());
        match (n.is_empty(), p.is_empty()) {
            (true, true) => None,
            (false, true) => Some(format!("联系人：{n}。")),
            (true, false) => Some(format!("联系电话：{p}。")),
            (false, false) => Some(format!("联系人：{n}，联系电话：{p}。")),
        }
    }
}

/// A unit's latest report on a task.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestReport {
    pub month: Month,
    /// The status word it reported (滞后 …).
    pub status: String,
    /// 进展情况
    pub progress: String,
    /// 存在问题
    pub problems: String,
}

/// One task in a notice.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeTask {
    /// The list's short name: 2018年主要工作任务清单, 责任分解表.
    pub list: String,
    /// 序号 as printed.
    pub seq: String,
    pub text: String,
    /// 完成时限 as people say it: 2018年9月底, 2018年底.
    pub deadline: String,
    /// Why it is red (督办): 已过完成时限（2018年9月底）仍未完成; 报告进度滞后.
    pub reasons: Vec<String>,
    /// The unit's latest report, if it ever reported.
    pub latest: Option<LatestReport>,
}

/// What a notice needs; the ledger fills it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeInput {
    pub kind: NoticeKind,
    /// The issuing office: 区美丽办.
    pub office: String,
    /// The plan's title, without 《》: 越城区生态文明示范创建行动方案.
    pub plan_title: String,
    /// 发文字号: 越美办督〔2018〕3号.
    pub number: Option<String>,
    /// The unit the notice goes to.
    pub unit: String,
    pub month: Month,
    /// 成文日期.
    pub date: NaiveDate,
    /// The month's report day (催办: by when the form was due).
    pub report_due: NaiveDate,
    /// By when the unit must answer (督办: 整改措施; 催办: the form).
    pub reply_by: NaiveDate,
    pub contact: Contact,
    pub tasks: Vec<NoticeTask>,
    /// 催办: the unit reported some of its tasks this month (the notice names the others).
    pub reported_some: bool,
}

/// The reply deadline `days` days after the notice's date (a setting), moved off a weekend to
/// the Monday after (public holidays are not known).
pub fn reply_deadline(date: NaiveDate, days: u32) -> NaiveDate {
    use chrono::Datelike;
    let due = date.checked_add_days(chrono::Days::new(days as u64)).unwrap_or(date);
    let extra = match due.weekday() {
        chrono::Weekday::Sat => 2,
        chrono::Weekday::Sun => 1,
        _ => 0,
    };
    due.checked_add_days(chrono::Days::new(extra)).unwrap_or(due)
}

/// Characters Windows does not allow in file names, replaced.
pub fn file_safe(name: &str) -> String {
    name.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '-' } else { c }).collect::<String>().trim().to_string()
}

impl NoticeInput {
    /// The file a person would name it: 区建设局-2018年11月督办通知单.docx.
    pub fn file_name(&self) -> String {
        file_safe(&format!("{}-{}{}.docx", self.unit, self.month.label(), self.kind.title()))
    }
}

/// 截至2018年11月底
fn month_end(m: Month) -> String {
    format!("截至{}年{}月底", m.year, m.month)
}

fn task_name(t: &NoticeTask) -> String {
    format!("{}第{}项", t.list.trim(), t.seq.trim())
}

/// Builds the notice of `input.kind`.
pub fn notice(input: &NoticeInput) -> Result<Document> {
    let unit = input.unit.trim();
    if unit.is_empty() {
        return Err(Error::NoUnitGiven);
    }
    if input.office.trim().is_empty() {
        return Err(Error::OfficeNotSet);
    }
    if input.tasks.is_empty() {
        let (what, document) = match input.kind {
            NoticeKind::Supervision => ("亮红灯", "督办通知单"),
            NoticeKind::Reminder => ("未报送", "催办单"),
        };
        return Err(Error::NothingToNotify { unit: unit.to_string(), month: input.month.label(), what, document });
    }
    if input.reply_by < input.date {
        return Err(Error::ReplyBeforeDate { reply: date_cn(input.reply_by), date: date_cn(input.date) });
    }
    Ok(match input.kind {
        NoticeKind::Supervision => supervision(input, unit),
        NoticeKind::Reminder => reminder(input, unit),
    })
}

fn supervision(input: &NoticeInput, unit: &str) -> Document {
    let n = input.tasks.len();
    let office = input.office.trim();
    let mut body = vec![Block::paragraph(format!(
        "根据《{}》任务分工和{}各牵头单位报送的进展情况，经查，{}，你单位牵头的以下{n}项任务亮红灯（已过完成时限仍未完成，或报告进度滞后），现予督办。",
        input.plan_title.trim(),
        input.month.label(),
        month_end(input.month),
    ))];
    for (i, t) in input.tasks.iter().enumerate() {
        body.push(Block::lead(format!("{}{}。", heading2_number(i + 1), task_name(t)), sentence(&one_line(&t.text))));
        let mut facts = format!("完成时限：{}。", t.deadline.trim());
        let reasons: Vec<String> = t.reasons.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
        if !reasons.is_empty() {
            facts.push_str(&format!("亮灯原因：{}。", reasons.join("；")));
        }
        body.push(Block::paragraph(facts));
        body.push(Block::paragraph(latest_text(t.latest.as_ref())));
    }
    body.push(Block::paragraph(format!(
        "请你单位高度重视，认真分析原因，制定切实可行的整改措施，明确责任人和完成时间，加快推进，并于{}前将整改措施和进展情况书面报送{office}（填写所附回执）。",
        date_cn(input.reply_by)
    )));
    if let Some(c) = input.contact.line() {
        body.push(Block::paragraph(c));
    }
    let what = match &input.number {
        Some(num) => format!("{num}督办的{n}项任务"),
        None => format!("{}督办通知单所列{n}项任务", input.month.label()),
    };
    let field = |label: &str, value: &str| ReceiptField { label: label.into(), value: value.into() };
    let receipt = Receipt {
        cut_line: "此联裁下寄回".into(),
        title: "督办事项回执".into(),
        rows: vec![
            ReceiptRow { fields: vec![field("单位", unit)], lines: 1 },
            ReceiptRow { fields: vec![field("督办事项", &what)], lines: 1 },
            ReceiptRow { fields: vec![field("联系人", ""), field("联系电话", "")], lines: 1 },
            ReceiptRow { fields: vec![field("整改措施及进展", "")], lines: 5 },
            ReceiptRow { fields: vec![field("预计完成时间", ""), field("单位负责人（签字）", "")], lines: 1 },
        ],
        note: Some(format!("请于{}前将本回执报送{office}。", date_cn(input.reply_by))),
    };
    Document {
        number: input.number.clone(),
        title: split_title(NoticeKind::Supervision.title(), 20),
        addressee: Some(unit.to_string()),
        body,
        signature: Some(Signature { office: office.to_string(), date: date_cn(input.date) }),
        receipt: Some(receipt),
        ..Default::default()
    }
}

fn latest_text(latest: Option<&LatestReport>) -> String {
    let Some(r) = latest else {
        return "最近报送：你单位尚未报送该项任务的进展情况。".into();
    };
    let mut s = format!("最近报送：{}报“{}”。", r.month.label(), r.status.trim());
    let progress = sentence(&one_line(&r.progress));
    let problems = sentence(&one_line(&r.problems));
    s.push_str(&if progress.is_empty() { "未填写进展情况。".to_string() } else { format!("进展情况：{progress}") });
    s.push_str(&if problems.is_empty() {
        "未说明存在的问题。".to_string()
    } else {
        format!("存在问题：{problems}")
    });
    s
}

fn reminder(input: &NoticeInput, unit: &str) -> Document {
    let n = input.tasks.len();
    let office = input.office.trim();
    let missing = if input.reported_some {
        format!("你单位牵头的以下{n}项任务{}的进展情况尚未报送：", input.month.label())
    } else {
        format!("{office}尚未收到你单位{}的进展情况，涉及你单位牵头的以下{n}项任务：", input.month.label())
    };
    let mut body = vec![Block::paragraph(format!(
        "按照《{}》月度调度要求，各牵头单位应于{}前报送{}任务进展情况。截至{}，{missing}",
        input.plan_title.trim(),
        date_cn(input.report_due),
        input.month.label(),
        date_cn(input.date),
    ))];
    for (i, t) in input.tasks.iter().enumerate() {
        let text = one_line(&t.text);
        let text = text.trim_end_matches(['。', '；', ';']);
        body.push(Block::paragraph(format!(
            "{}{}：{text}（完成时限：{}）。",
            item_number(i + 1),
            task_name(t),
            t.deadline.trim()
        )));
    }
    body.push(Block::paragraph(format!(
        "请你单位接此单后抓紧组织填报，于{}前将上述任务的进展情况报送{office}。逾期仍未报送的，将在月度通报中予以通报。如已报送，请及时与{office}联系核实。",
        date_cn(input.reply_by)
    )));
    if let Some(c) = input.contact.line() {
        body.push(Block::paragraph(c));
    }
    Document {
        number: input.number.clone(),
        title: split_title(NoticeKind::Reminder.title(), 20),
        addressee: Some(unit.to_string()),
        body,
        signature: Some(Signature { office: office.to_string(), date: date_cn(input.date) }),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::placeholders;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn sample(kind: NoticeKind) -> NoticeInput {
        NoticeInput {
            kind,
            office: "区美丽办".into(),
            plan_title: "越城区生态文明示范创建行动方案".into(),
            number: Some("越美办督〔2018〕3号".into()),
            unit: "区建设局".into(),
            month: Month::new(2018, 11).unwrap(),
            date: d(2018, 11, 26),
            report_due: d(2018, 11, 25),
            reply_by: d(2018, 12, 5),
            contact: Contact { name: "张三".into(), phone: "0575-88888888".into() },
            tasks: vec![
                NoticeTask {
                    list: "2018年主要工作任务清单".into(),
                    seq: "12".into(),
                    text: "配合市级部门新建城镇污水配套管网35公里，城市污水处理率达到96%以上".into(),
                    deadline: "2018年底".into(),
                    reasons: vec!["报告进度滞后".into()],
                    latest: Some(LatestReport {
                        month: Month::new(2018, 11).unwrap(),
                        status: "滞后".into(),
                        progress: "已完成管网铺设22公里".into(),
                        problems: "政策处理难度大；".into(),
                    }),
                },
                NoticeTask {
                    list: "2018年主要工作任务清单".into(),
                    seq: "18".into(),
                    text: "规范安装流量计量和运行状况监控设施。".into(),
                    deadline: "2018年9月底".into(),
                    reasons: vec!["已过完成时限（2018年9月底）仍未完成".into()],
                    latest: None,
                },
            ],
            reported_some: false,
        }
    }

    #[test]
    fn kinds_parse_with_a_message() {
        assert_eq!(NoticeKind::parse("督办").unwrap(), NoticeKind::Supervision);
        assert_eq!(NoticeKind::parse("催办").unwrap(), NoticeKind::Reminder);
        let e = NoticeKind::parse("通报").unwrap_err().to_string();
        assert!(e.contains("通报") && e.contains("督办") && e.contains("催办"), "{e}");
    }

    #[test]
    fn supervision_structure_and_sentences() {
        let doc = notice(&sample(NoticeKind::Supervision)).unwrap();
        assert_eq!(doc.title, vec!["督办通知单"]);
        assert_eq!(doc.addressee.as_deref(), Some("区建设局"));
        assert_eq!(
            doc.outline(),
            vec![
                "paragraph",
                "lead_paragraph",
                "paragraph",
                "paragraph",
                "lead_paragraph",
                "paragraph",
                "paragraph",
                "paragraph",
                "paragraph"
            ]
        );
        let t = doc.to_plain_text();
        for s in [
            "截至2018年11月底，你单位牵头的以下2项任务亮红灯",
            "（一）2018年主要工作任务清单第12项。配合市级部门新建城镇污水配套管网35公里，城市污水处理率达到96%以上。",
            "完成时限：2018年底。亮灯原因：报告进度滞后。",
            "最近报送：2018年11月报“滞后”。进展情况：已完成管网铺设22公里。存在问题：政策处理难度大。",
            "最近报送：你单位尚未报送该项任务的进展情况。",
            "于2018年12月5日前将整改措施和进展情况书面报送区美丽办",
            "联系人：张三，联系电话：0575-88888888。",
            "区美丽办\n2018年11月26日",
            "督办事项回执",
            "督办事项：越美办督〔2018〕3号督办的2项任务",
            "请于2018年12月5日前将本回执报送区美丽办。",
        ] {
            assert!(t.contains(s), "missing {s}:\n{t}");
        }
        assert!(placeholders(&t).is_empty(), "{:?}\n{t}", placeholders(&t));
        assert_eq!(sample(NoticeKind::Supervision).file_name(), "区建设局-2018年11月督办通知单.docx");
    }

    #[test]
    fn reminder_structure_and_sentences() {
        let mut input = sample(NoticeKind::Reminder);
        input.number = None;
        input.contact.phone.clear();
        let doc = notice(&input).unwrap();
        assert_eq!(doc.title, vec!["催办单"]);
        assert!(doc.receipt.is_none());
        assert_eq!(doc.outline(), vec!["paragraph", "paragraph", "paragraph", "paragraph", "paragraph"]);
        let t = doc.to_plain_text();
        for s in [
            "各牵头单位应于2018年11月25日前报送2018年11月任务进展情况。截至2018年11月26日，区美丽办尚未收到你单位2018年11月的进展情况，涉及你单位牵头的以下2项任务：",
            "1．2018年主要工作任务清单第12项：配合市级部门新建城镇污水配套管网35公里，城市污水处理率达到96%以上（完成时限：2018年底）。",
            "2．2018年主要工作任务清单第18项：规范安装流量计量和运行状况监控设施（完成时限：2018年9月底）。",
            "于2018年12月5日前将上述任务的进展情况报送区美丽办",
            "联系人：张三。",
        ] {
            assert!(t.contains(s), "missing {s}:\n{t}");
        }
        assert!(placeholders(&t).is_empty(), "{:?}", placeholders(&t));
        assert_eq!(input.file_name(), "区建设局-2018年11月催办单.docx");
    }

    #[test]
    fn nothing_to_send_is_said_plainly() {
        let mut input = sample(NoticeKind::Supervision);
        input.tasks.clear();
        let e = notice(&input).unwrap_err().to_string();
        assert_eq!(e, "区建设局在2018年11月没有亮红灯的任务，不需要发督办通知单。");
        input.kind = NoticeKind::Reminder;
        assert!(notice(&input).unwrap_err().to_string().contains("不需要发催办单"));
        let mut input = sample(NoticeKind::Supervision);
        input.unit = " ".into();
        assert_eq!(notice(&input).unwrap_err().code(), "no_unit_given");
        let mut input = sample(NoticeKind::Supervision);
        input.reply_by = d(2018, 11, 1);
        assert!(notice(&input).unwrap_err().to_string().contains("回复期限"));
    }

    #[test]
    fn helpers() {
        assert_eq!(reply_deadline(d(2018, 11, 26), 10), d(2018, 12, 6));
        assert_eq!(file_safe("a/b:c"), "a-b-c");
    }
}
