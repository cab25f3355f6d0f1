//! The document model: what a 公文 says, in the order the standard places it, as plain data.
//! The `.docx` writer and the window's preview both render this one model (the window gets it
//! as JSON), so nothing here knows about fonts or twips.

use serde::Serialize;

/// A whole 公文.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// 发文机关标志, printed red above a red line (e.g. 越城区美丽办); none for a 通知单.
    pub issuer_mark: Option<String>,
    /// 发文字号, e.g. 越美办督〔2018〕3号.
    pub number: Option<String>,
    /// The title, one entry per printed line.
    pub title: Vec<String>,
    /// 主送机关, without the closing colon.
    pub addressee: Option<String>,
    pub body: Vec<Block>,
    /// 附件说明: the names of the attachments, in order, without numbers.
    pub attachments: Vec<String>,
    pub signature: Option<Signature>,
    /// The attachments themselves, each on a new page after the signature.
    pub appendices: Vec<Appendix>,
    /// A 回执 to cut off and send back.
    pub receipt: Option<Receipt>,
    /// 版记: 抄送 and 印发.
    pub imprint: Option<Imprint>,
}

/// One block of the body.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// 一、… in 黑体.
    Heading1 {
        text: String,
    },
    /// （一）… in 楷体, on a line of its own.
    Heading2 {
        text: String,
    },
    /// A paragraph indented two characters. `lead`, when given, starts it in 楷体 (a （一）
    /// heading run into its text: "（一）部分任务推进滞后。本月…").
    Paragraph {
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        lead: Option<String>,
        text: String,
    },
    Table(Table),
    PageBreak,
}

impl Block {
    pub fn heading1(text: impl Into<String>) -> Block {
        Block::Heading1 { text: text.into() }
    }
    pub fn heading2(text: impl Into<String>) -> Block {
        Block::Heading2 { text: text.into() }
    }
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph { lead: None, text: text.into() }
    }
    pub fn lead(lead: impl Into<String>, text: impl Into<String>) -> Block {
        Block::Paragraph { lead: Some(lead.into()), text: text.into() }
    }

    /// The name of the block's kind, for structure tests and the preview.
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Heading1 { .. } => "heading1",
            Block::Heading2 { .. } => "heading2",
            Block::Paragraph { lead: None, .. } => "paragraph",
            Block::Paragraph { lead: Some(_), .. } => "lead_paragraph",
            Block::Table(_) => "table",
            Block::PageBreak => "page_break",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Center,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub header: String,
    /// Relative width; the writer shares the 版心's width out by these.
    pub weight: u32,
    pub align: Align,
}

impl Column {
    pub fn new(header: &str, weight: u32, align: Align) -> Column {
        Column { header: header.to_string(), weight, align }
    }
}

/// A table with one header row (repeated on every page) and rows of text.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

/// 发文机关署名 and 成文日期 (already written as 2018年11月26日).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    pub office: String,
    pub date: String,
}

/// An attachment printed after the signature: "附件1" on its own line, a title, the content.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appendix {
    /// 附件1 (or 附件 when there is one).
    pub label: String,
    pub title: String,
    pub body: Vec<Block>,
}

/// A 回执: a cut line, a title, a form to fill in, a note.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Receipt {
    /// Text in the middle of the cut line: 此联裁下寄回.
    pub cut_line: String,
    pub title: String,
    pub rows: Vec<ReceiptRow>,
    /// Under the form: where and by when to send it.
    pub note: Option<String>,
}

/// One row of the 回执's form: one or two labelled fields, `lines` lines high for writing in.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptRow {
    pub fields: Vec<ReceiptField>,
    pub lines: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptField {
    pub label: String,
    /// Filled in already (the unit's name) or empty for the unit to write.
    pub value: String,
}

/// 版记: 抄送机关 and 印发机关 with 印发日期.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imprint {
    pub copy_to: Option<String>,
    pub printed_by: String,
    /// 2018年11月26日
    pub printed_on: String,
}

impl Document {
    /// Numbers of attachments: "1．名称" when there are several, the name alone for one.
    pub fn attachment_lines(&self) -> Vec<String> {
        match self.attachments.len() {
            0 => Vec::new(),
            1 => vec![self.attachments[0].clone()],
            _ => self.attachments.iter().enumerate().map(|(i, a)| format!("{}．{a}", i + 1)).collect(),
        }
    }

    /// The kinds of the body's blocks in order, for structure tests.
    pub fn outline(&self) -> Vec<&'static str> {
        self.body.iter().map(Block::kind).collect()
    }

    /// The document as plain text, in reading order: for the preview and for tests.
    pub fn to_plain_text(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        if let Some(mark) = &self.issuer_mark {
            out.push(mark.clone());
        }
        if let Some(n) = &self.number {
            out.push(n.clone());
        }
        out.extend(self.title.iter().cloned());
        out.push(String::new());
        if let Some(a) = &self.addressee {
            out.push(format!("{a}："));
        }
        blocks_text(&self.body, &mut out);
        let lines = self.attachment_lines();
        if !lines.is_empty() {
            out.push(String::new());
            for (i, l) in lines.iter().enumerate() {
                out.push(if i == 0 { format!("　　附件：{l}") } else { format!("　　　　　{l}") });
            }
        }
        if let Some(s) = &self.signature {
            out.push(String::new());
            out.push(s.office.clone());
            out.push(s.date.clone());
        }
        for a in &self.appendices {
            out.push(String::new());
            out.push(a.label.clone());
            out.push(a.title.clone());
            blocks_text(&a.body, &mut out);
        }
        if let Some(r) = &self.receipt {
            out.push(String::new());
            out.push(format!("✂------------（{}）------------", r.cut_line));
            out.push(r.title.clone());
            for row in &r.rows {
                let cells: Vec<String> = row.fields.iter().map(|f| format!("{}：{}", f.label, f.value)).collect();
                out.push(cells.join("　"));
            }
            if let Some(n) = &r.note {
                out.push(n.clone());
            }
        }
        if let Some(i) = &self.imprint {
            out.push(String::new());
            if let Some(c) = &i.copy_to {
                out.push(format!("抄送：{c}。"));
            }
            out.push(format!("{}　　{}印发", i.printed_by, i.printed_on));
        }
        out.join("\n")
    }
}

fn blocks_text(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading1 { text } | Block::Heading2 { text } => out.push(format!("　　{text}")),
            Block::Paragraph { lead, text } => out.push(format!("　　{}{text}", lead.as_deref().unwrap_or(""))),
            Block::Table(t) => {
                out.push(t.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>().join(" | "));
                for r in &t.rows {
                    out.push(r.join(" | "));
                }
            }
            Block::PageBreak => out.push(String::new()),
        }
    }
}

/// Text left from a template: braces, XX/××, TODO, a letter standing for a count (N项).
/// Empty when the text is clean.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for p in ["{", "}", "XX", "xx", "××", "TODO", "＊＊", "**", "[[", "]]"] {
        if text.contains(p) {
            found.push(p.to_string());
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len().saturating_sub(1) {
        let (letter, next) = (chars[i], chars[i + 1]);
        // A lone letter standing for a count (N项), not the end of a word such as VOCs.
        let lone = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if letter.is_ascii_alphabetic() && lone && matches!(next, '项' | '个' | '家' | '条' | '名') {
            found.push(format!("{letter}{next}"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document {
            number: Some("越美办督〔2018〕3号".into()),
            title: vec!["督办通知单".into()],
            addressee: Some("区建设局".into()),
            body: vec![
                Block::paragraph("经查，截至2018年11月底，你单位牵头的以下2项任务亮红灯："),
                Block::heading2("（一）2018年主要工作任务清单第12项"),
                Block::lead("（二）", "推进厕所革命。"),
                Block::Table(Table {
                    columns: vec![Column::new("序号", 1, Align::Center), Column::new("任务", 4, Align::Left)],
                    rows: vec![vec!["1".into(), "新建管网35公里".into()]],
                }),
            ],
            attachments: vec!["红灯任务清单".into(), "考核情况表".into()],
            signature: Some(Signature { office: "区美丽办".into(), date: "2018年11月26日".into() }),
            ..Default::default()
        }
    }

    #[test]
    fn plain_text_in_reading_order() {
        let t = sample().to_plain_text();
        let order = [
            "越美办督〔2018〕3号",
            "督办通知单",
            "区建设局：",
            "亮红灯",
            "（一）",
            "新建管网35公里",
            "附件：1．红灯任务清单",
            "2．考核情况表",
            "区美丽办",
            "2018年11月26日",
        ];
        let mut at = 0;
        for o in order {
            let i = t[at..].find(o).unwrap_or_else(|| panic!("{o} missing after {at}: {t}"));
            at += i;
        }
        assert!(placeholders(&t).is_empty(), "{:?}", placeholders(&t));
    }

    #[test]
    fn one_attachment_has_no_number() {
        let mut d = sample();
        d.attachments.truncate(1);
        assert_eq!(d.attachment_lines(), vec!["红灯任务清单"]);
    }

    #[test]
    fn outline_names_kinds() {
        assert_eq!(sample().outline(), vec!["paragraph", "heading2", "lead_paragraph", "table"]);
    }

    #[test]
    fn serialises_for_the_window() {
        let json = serde_json::to_value(sample()).unwrap();
        assert_eq!(json["body"][0]["kind"], "paragraph");
        assert_eq!(json["body"][3]["kind"], "table");
        assert_eq!(json["body"][3]["columns"][1]["header"], "任务");
        assert_eq!(json["signature"]["date"], "2018年11月26日");
    }

    #[test]
    fn finds_leftover_placeholders() {
        assert_eq!(placeholders("共有N项任务"), vec!["N项"]);
        assert!(placeholders("请于{日期}前").contains(&"{".to_string()));
        assert!(!placeholders("XX单位").is_empty());
        assert!(!placeholders("××局").is_empty());
        assert!(!placeholders("TODO").is_empty());
        assert!(placeholders("完成VOCs治理项目12项，PM2.5达标").is_empty());
        assert!(placeholders("本月无滞后任务。").is_empty());
    }
}
