//! Small pieces of Chinese official prose: numerals for 一、 and 一是, lists of names joined with
//! 、, percentages with one decimal, counts that read well when they are zero.

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers in Arabic numerals.
pub fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n % 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", D[n / 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// 一、 二、 …: a level-one heading number.
pub fn heading1_number(n: usize) -> String {
    format!("{}、", cn_number(n))
}

/// （一） （二） …: a level-two heading number.
pub fn heading2_number(n: usize) -> String {
    format!("（{}）", cn_number(n))
}

/// 1． 2． …: a level-three item number (full-width stop, as 公文 print it).
pub fn item_number(n: usize) -> String {
    format!("{n}．")
}

/// Names joined with 、: 区建设局、区环保分局、区农水局.
pub fn join_names<S: AsRef<str>>(names: &[S]) -> String {
    names.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join("、")
}

/// Names joined with 、 and the last one with 和: 区建设局、区环保分局和区农水局.
pub fn join_and<S: AsRef<str>>(names: &[S]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].as_ref().to_string(),
        n => format!("{}和{}", join_names(&names[..n - 1]), names[n - 1].as_ref()),
    }
}

/// `part` of `total` as a percentage with one decimal: 62.5%. Zero of zero is 0.0%.
pub fn percent(part: usize, total: usize) -> String {
    if total == 0 {
        return "0.0%".into();
    }
    // Round half away from zero on the exact ratio, as people do by hand.
    let tenths = (part as f64 * 1000.0 / total as f64 + 0.5).floor() / 10.0;
    format!("{tenths:.1}%")
}

/// A number of points without needless decimals: 2, -1, 0.5, 99.5.
pub fn points(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// Ends a sentence taken from a unit's report with 。 unless it ends already.
pub fn sentence(text: &str) -> String {
    let t = text.trim().trim_end_matches(['；', ';', '，', ',', '、']);
    if t.is_empty() {
        return String::new();
    }
    if t.ends_with(['。', '！', '？', '.', '!', '?', '…']) { t.to_string() } else { format!("{t}。") }
}

/// A unit's or a task's text as one line of a 公文: line breaks become spaces, runs of blanks
/// one, and ASCII punctuation next to Chinese text full-width (the plan's text came through a
/// flattened table with `,` and `(街道)`).
/// Text to be quoted in “…”: its own double quotes become single ones (“厕所革命” → ‘厕所革命’),
/// as quotes within quotes are written.
pub fn quoted_within(text: &str) -> String {
    text.replace('“', "‘").replace('”', "’")
}

pub fn one_line(text: &str) -> String {
    full_width_punctuation(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF | 0x201C | 0x201D)
}

/// `,` `;` `:` `(` `)` beside a Chinese character become `，` `；` `：` `（` `）`; in
/// `PM2.5`, `3,000` or `(a)` they stay.
pub fn full_width_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let near_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        out.push(match c {
            ',' if near_cjk => '，',
            ';' if near_cjk => '；',
            ':' if near_cjk => '：',
            '(' if next.is_some_and(is_cjk) || prev.is_some_and(is_cjk) => '（',
            ')' if prev.is_some_and(is_cjk) || next.is_some_and(is_cjk) => '）',
            c => c,
        });
    }
    out
}

/// Removes a leading 一是/1./（一） and trailing punctuation from a clerk's requirement, so
/// that the bulletin can number and join them itself.
pub fn bare_item(text: &str) -> String {
    let mut t = text.trim();
    for prefix in ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start_matches(['，', ',', '：', ':']);
            break;
        }
    }
    // 1． 1. 1、 （1） (一)
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if let Some(rest) = t[digits.len()..].strip_prefix(['．', '.', '、']).filter(|_| !digits.is_empty()) {
        t = rest;
    }
    if let (Some(open), Some(close)) = (t.strip_prefix(['（', '(']), t.find(['）', ')'])) {
        let inner = &t[t.len() - open.len()..close];
        if inner.chars().count() <= 3 && inner.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        {
            t = t[close..].trim_start_matches(['）', ')']);
        }
    }
    t.trim().trim_end_matches(['。', '；', ';', '，', ',', '.']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [1, 2, 9, 10, 11, 15, 20, 21, 99, 100].iter().map(|n| cn_number(*n)).collect();
        assert_eq!(got, ["一", "二", "九", "十", "十一", "十五", "二十", "二十一", "九十九", "100"]);
        assert_eq!(heading1_number(3), "三、");
        assert_eq!(heading2_number(2), "（二）");
        assert_eq!(item_number(4), "4．");
    }

    #[test]
    fn names_and_percentages() {
        assert_eq!(join_names(&["区建设局", "区环保分局"]), "区建设局、区环保分局");
        assert_eq!(join_and(&["甲", "乙", "丙"]), "甲、乙和丙");
        assert_eq!(join_and(&["甲"]), "甲");
        assert_eq!(percent(5, 8), "62.5%");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(percent(45, 45), "100.0%");
        assert_eq!(percent(0, 0), "0.0%");
        assert_eq!(points(-2.0), "-2");
        assert_eq!(points(0.5), "0.5");
        assert_eq!(points(99.5), "99.5");
    }

    #[test]
    fn sentences_end_once() {
        assert_eq!(sentence("资金未到位"), "资金未到位。");
        assert_eq!(sentence("资金未到位；"), "资金未到位。");
        assert_eq!(sentence("已完成。"), "已完成。");
        assert_eq!(sentence("  "), "");
        assert_eq!(one_line("一\n二  三"), "一 二 三");
        assert_eq!(
            one_line("新建管网35公里,城市污水处理率达到96%以上;建制镇(街道)"),
            "新建管网35公里，城市污水处理率达到96%以上；建制镇（街道）"
        );
        assert_eq!(one_line("PM2.5 (a), 3,000"), "PM2.5 (a), 3,000");
    }

    #[test]
    fn requirement_items_lose_their_numbers() {
        assert_eq!(bare_item("一是加快推进滞后任务。"), "加快推进滞后任务");
        assert_eq!(bare_item("2．按时报送；"), "按时报送");
        assert_eq!(bare_item("（三）强化督查"), "强化督查");
        assert_eq!(bare_item("压实责任，确保完成"), "压实责任，确保完成");
        assert_eq!(bare_item("（PM2.5）浓度下降"), "（PM2.5）浓度下降");
    }
}
