//! GB/T 9704-2012 (党政机关公文格式) as offices apply it: the one place that holds paper, margins,
//! the 22-line × 28-character grid, font sizes, the page-number format and the date format.
//! Everything else in `document` asks this module for a size or a distance.
//!
//! The standard (5.2): A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm, so the bottom margin is
//! 297 − 37 − 225 = 35 mm and the right one 210 − 28 − 156 = 26 mm; "一般每面排22行，每行排28个字，
//! 并撑满版心"; elements in 3号仿宋 unless said otherwise. 7.5: page numbers in 4号半角宋体
//! Arabic numerals with an 一字线 on each side, 7 mm below the 版心; odd pages 居右空一字, even
//! pages 居左空一字.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Twips (1/20 pt) in one millimetre.
pub const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// Millimetres to twips, rounded.
pub fn mm(v: f64) -> i64 {
    (v * TWIPS_PER_MM).round() as i64
}

/// The page of a 公文.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageLayout {
    pub width_mm: f64,
    pub height_mm: f64,
    pub top_mm: f64,
    pub bottom_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
    /// Lines on a full page of body text.
    pub lines: u32,
    /// Characters of body text on a full line.
    pub chars: u32,
    /// Distance from the bottom edge of the paper to the bottom of the page-number line, chosen
    /// so that its 一字线 sits about 7 mm under the 版心.
    pub footer_mm: f64,
}

/// GB/T 9704-2012 on A4.
pub const GB9704: PageLayout = PageLayout {
    width_mm: 210.0,
    height_mm: 297.0,
    top_mm: 37.0,
    bottom_mm: 35.0,
    left_mm: 28.0,
    right_mm: 26.0,
    lines: 22,
    chars: 28,
    // 35 mm − 7 mm gap − about 3 mm from the top of a 14 pt line to the middle of its dash.
    footer_mm: 25.0,
};

impl PageLayout {
    pub fn width(&self) -> i64 {
        mm(self.width_mm)
    }
    pub fn height(&self) -> i64 {
        mm(self.height_mm)
    }
    pub fn top(&self) -> i64 {
        mm(self.top_mm)
    }
    pub fn bottom(&self) -> i64 {
        mm(self.bottom_mm)
    }
    pub fn left(&self) -> i64 {
        mm(self.left_mm)
    }
    pub fn right(&self) -> i64 {
        mm(self.right_mm)
    }
    pub fn footer(&self) -> i64 {
        mm(self.footer_mm)
    }

    /// Width of the 版心 in twips (156 mm = 8844).
    pub fn text_width(&self) -> i64 {
        self.width() - self.left() - self.right()
    }

    /// Height of the 版心 in twips (225 mm = 12756).
    pub fn text_height(&self) -> i64 {
        self.height() - self.top() - self.bottom()
    }

    /// Line pitch in twips, rounded down so that `lines` lines fit (579 = 28.95 pt for 22).
    pub fn line_pitch(&self) -> i64 {
        self.text_height() / self.lines as i64
    }

    /// Character pitch in twips, rounded down so that `chars` characters fit (315 ≈ 15.8 pt).
    pub fn char_pitch(&self) -> i64 {
        self.text_width() / self.chars as i64
    }

    /// How much each character of body text is condensed, in twentieths of a point
    /// (`w:spacing` of a run), so that `chars` of them fill a line: -5 (0.25 pt) for 28 三号
    /// characters in 156 mm. Written on the runs rather than as a character grid
    /// (`w:docGrid w:type="linesAndChars"` with a negative `w:charSpace`): Word and WPS would
    /// honour both, but LibreOffice gives every character two grid cells when the cell is
    /// narrower than the font, which halves the line.
    pub fn char_condense(&self, body: FontSize) -> i64 {
        let pitch_pt = self.text_width() as f64 / 20.0 / self.chars as f64;
        ((pitch_pt - body.points()) * 20.0).floor() as i64
    }

    /// `n` characters as twips on the grid (indents written in characters: 空二字 …).
    pub fn chars_twips(&self, n: f64) -> i64 {
        (n * self.char_pitch() as f64).round() as i64
    }
}

/// A font size in half-points, as WordprocessingML writes it (`w:sz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FontSize(pub u32);

impl FontSize {
    pub fn points(self) -> f64 {
        self.0 as f64 / 2.0
    }
    pub fn half_points(self) -> u32 {
        self.0
    }
    /// Its width in twips: one Chinese character.
    pub fn em_twips(self) -> i64 {
        (self.0 * 10) as i64
    }
}

/// Chinese type sizes (号).
pub mod size {
    use super::FontSize;
    /// 一号, 26 pt: the 发文机关标志 when there is one.
    pub const YI: FontSize = FontSize(52);
    /// 二号, 22 pt: the title.
    pub const ER: FontSize = FontSize(44);
    /// 三号, 16 pt: body text and headings.
    pub const SAN: FontSize = FontSize(32);
    /// 四号, 14 pt: page numbers, 版记.
    pub const SI: FontSize = FontSize(28);
    /// 小二, 18 pt: the title of a 回执.
    pub const XIAO_ER: FontSize = FontSize(36);
    /// 小四, 12 pt: tables in attachments.
    pub const XIAO_SI: FontSize = FontSize(24);
}

/// Sizes of each element.
pub const TITLE_SIZE: FontSize = size::ER;
pub const MARK_SIZE: FontSize = size::YI;
pub const BODY_SIZE: FontSize = size::SAN;
pub const PAGE_NUMBER_SIZE: FontSize = size::SI;
pub const TABLE_SIZE: FontSize = size::XIAO_SI;
pub const IMPRINT_SIZE: FontSize = size::SI;
pub const RECEIPT_TITLE_SIZE: FontSize = size::XIAO_ER;
/// The 回执's form is written in by hand: larger than an attachment's table.
pub const RECEIPT_SIZE: FontSize = size::SI;

/// The 一字线 either side of a page number: "— 1 —".
pub const PAGE_NUMBER_DASH: &str = "—";

/// Page numbers: odd pages right with one character (of the page-number size) from the edge of
/// the 版心, even pages left with one.
pub fn page_number_indent() -> i64 {
    PAGE_NUMBER_SIZE.em_twips()
}

/// The red of the 发文机关标志 and its separator line.
pub const RED: &str = "FF0000";

/// Fonts of a 公文, from the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentStyle {
    /// Title (and 发文机关标志): 方正小标宋简体.
    pub font_title: String,
    /// Body, addressee, signature, tables: 仿宋_GB2312.
    pub font_body: String,
    /// 一、 headings, table headers, "附件1": 黑体.
    pub font_heading1: String,
    /// （一） headings: 楷体_GB2312.
    pub font_heading2: String,
    /// Page numbers: 宋体.
    pub font_page_number: String,
}

impl Default for DocumentStyle {
    fn default() -> Self {
        DocumentStyle {
            font_title: "方正小标宋简体".into(),
            font_body: "仿宋_GB2312".into(),
            font_heading1: "黑体".into(),
            font_heading2: "楷体_GB2312".into(),
            font_page_number: "宋体".into(),
        }
    }
}

impl DocumentStyle {
    /// The fonts the sheets use (title, header = 黑体, body); 楷体 and 宋体 keep their defaults.
    pub fn from_settings(s: &crate::settings::Settings) -> DocumentStyle {
        DocumentStyle {
            font_title: s.font_title.clone(),
            font_body: s.font_body.clone(),
            font_heading1: s.font_header.clone(),
            ..DocumentStyle::default()
        }
    }

    /// Every font the document names, without repeats.
    pub fn fonts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in [&self.font_title, &self.font_body, &self.font_heading1, &self.font_heading2, &self.font_page_number] {
            if !out.contains(&f.as_str()) {
                out.push(f);
            }
        }
        out
    }
}

/// The name Word and WPS may use when a font is missing (`w:altName` in the font table): the
/// `_GB2312` fonts of old Windows and the 方正 fonts are often absent, while 仿宋, 楷体, 黑体 and
/// 宋体 come with every Chinese Windows.
pub fn fallback_name(font: &str) -> Option<&'static str> {
    match font {
        f if f.starts_with("仿宋") && f != "仿宋" => Some("仿宋"),
        f if f.starts_with("楷体") && f != "楷体" => Some("楷体"),
        f if f.contains("小标宋") || f.contains("标宋") => Some("宋体"),
        f if f.contains("黑体") && f != "黑体" => Some("黑体"),
        _ => None,
    }
}

/// The date of a 公文 in Arabic numerals, as GB/T 9704 (7.3.5) requires: 2018年11月26日.
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// How wide `text` is in characters of the grid: Chinese characters 1, half-width ones ½.
pub fn width_chars(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

/// Right indents, in characters, of the 发文机关署名 and the 成文日期 (7.3.5.1, 加盖印章的公文):
/// the date 右空四字 and the office centred over it; an office longer than the date 右空二字 with
/// the date centred under it.
pub fn signature_indents(office: &str, date: &str) -> (f64, f64) {
    let (o, d) = (width_chars(office), width_chars(date));
    if o <= d { (4.0 + (d - o) / 2.0, 4.0) } else { (2.0, 2.0 + (o - d) / 2.0) }
}

/// Breaks a long title into lines of at most `max` characters, as even as possible with the
/// upper lines not longer than the lower ones (梯形), preferring breaks after 的/关于/于/和/、/）.
pub fn split_title(title: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    if chars.len() <= max || max == 0 {
        return vec![title.to_string()];
    }
    let n = chars.len().div_ceil(max);
    let mut lines = Vec::new();
    let mut start = 0;
    for i in 1..n {
        let remaining = chars.len() - start;
        let ideal = start + remaining / (n - i + 1);
        // Candidates near the ideal break, keeping every line within `max`.
        let lo = ideal.saturating_sub(3).max(start + 1);
        let hi = (ideal + 3).min(start + max).min(chars.len() - 1);
        let good = |k: usize| {
            let prev = chars[k - 1];
            let next = chars[k];
            let in_number = prev.is_ascii_digit() && next.is_ascii_digit();
            // Best after a function word or a closing mark, then where a number or a bracket
            // starts; never inside a number.
            let score = match prev {
                _ if in_number => 9,
                '的' | '于' | '和' | '、' | '）' | ')' | '”' | '》' | '及' => 0,
                _ if next.is_ascii_digit() || next == '关' || next == '（' || next == '《' => 1,
                _ => 2,
            };
            // Prefer the upper line shorter, then closeness to the ideal.
            (score, k.abs_diff(ideal) * 2 + usize::from(k > ideal))
        };
        let k = (lo..=hi.max(lo)).min_by_key(|k| good(*k)).unwrap_or(ideal);
        lines.push(chars[start..k].iter().collect());
        start = k;
    }
    lines.push(chars[start..].iter().collect());
    lines.retain(|l: &String| !l.is_empty());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_in_twips() {
        let p = GB9704;
        assert_eq!((p.width(), p.height()), (11906, 16838));
        assert_eq!((p.top(), p.bottom(), p.left(), p.right()), (2098, 1984, 1587, 1474));
        // 版心 156 mm × 225 mm.
        assert_eq!(p.text_width(), 8845);
        assert_eq!(p.text_height(), 12756);
    }

    #[test]
    fn grid_of_22_lines_and_28_characters() {
        let p = GB9704;
        assert_eq!(p.line_pitch(), 579);
        assert!(p.line_pitch() * 22 <= p.text_height() && p.line_pitch() * 23 > p.text_height());
        // Each character 0.25 pt narrower than 三号: 28 fit, 29 do not.
        let cs = p.char_condense(BODY_SIZE);
        assert_eq!(cs, -5);
        let pitch = BODY_SIZE.points() + cs as f64 / 20.0;
        assert!(pitch * 28.0 <= p.text_width() as f64 / 20.0);
        assert!(pitch * 29.0 > p.text_width() as f64 / 20.0);
        assert_eq!(p.chars_twips(2.0), 630);
    }

    #[test]
    fn sizes_in_half_points() {
        assert_eq!(TITLE_SIZE.half_points(), 44);
        assert_eq!(BODY_SIZE.half_points(), 32);
        assert_eq!(PAGE_NUMBER_SIZE.half_points(), 28);
        assert_eq!(page_number_indent(), 280);
    }

    #[test]
    fn dates_in_arabic_numerals() {
        let d = NaiveDate::from_ymd_opt(2018, 11, 26).unwrap();
        assert_eq!(date_cn(d), "2018年11月26日");
        let d = NaiveDate::from_ymd_opt(2019, 1, 5).unwrap();
        assert_eq!(date_cn(d), "2019年1月5日");
    }

    #[test]
    fn signature_centred_over_the_date() {
        // "2018年11月26日" is 7 characters wide; 区美丽办 4: centred over it, 5.5 from the right.
        assert_eq!(signature_indents("区美丽办", "2018年11月26日"), (5.5, 4.0));
        let long = "越城区生态文明示范创建工作领导小组办公室";
        let (o, d) = signature_indents(long, "2018年11月26日");
        assert_eq!(o, 2.0);
        assert_eq!(d, 2.0 + (20.0 - 7.0) / 2.0);
    }

    #[test]
    fn titles_break_evenly_at_words() {
        assert_eq!(split_title("督办通知单", 20), vec!["督办通知单"]);
        let t = "关于越城区生态文明示范创建行动方案2018年11月份任务推进情况的通报";
        let lines = split_title(t, 20);
        assert_eq!(lines.concat(), t);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        // Not inside "2018".
        assert!(!lines[0].ends_with("20") && !lines[0].ends_with("201"), "{lines:?}");
        let t = "关于越城区生态文明示范创建行动方案2018年11月推进情况的通报";
        assert_eq!(split_title(t, 20), vec!["关于越城区生态文明示范创建行动方案", "2018年11月推进情况的通报"]);
        let n0 = lines[0].chars().count() as i64;
        let n1 = lines[1].chars().count() as i64;
        assert!((n0 - n1).abs() <= 6, "{lines:?}");
    }

    #[test]
    fn any_title_breaks_into_its_own_text() {
        let words = "关于2018年度生态文明示范创建重点项目推进情况的通报（第12期）";
        for max in [5, 10, 20] {
            for len in 1..=words.chars().count() {
                let t: String = words.chars().take(len).collect();
                let lines = split_title(&t, max);
                assert_eq!(lines.concat(), t);
                assert!(lines.iter().all(|l| !l.is_empty()), "{lines:?}");
            }
        }
    }

    #[test]
    fn fallbacks_for_missing_fonts() {
        assert_eq!(fallback_name("仿宋_GB2312"), Some("仿宋"));
        assert_eq!(fallback_name("楷体_GB2312"), Some("楷体"));
        assert_eq!(fallback_name("方正小标宋简体"), Some("宋体"));
        assert_eq!(fallback_name("黑体"), None);
        assert_eq!(DocumentStyle::default().fonts().len(), 5);
    }
}
