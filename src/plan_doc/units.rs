//! Unit cells (牵头单位, 配合单位) → unit names, and the reasons a reading needs review (待核对).
//!
//! A cell is split into lines (its paragraphs and line breaks) and each line on 、，,；;/ and on
//! spaces between complete names (never inside brackets: 高新区（袍江开发区、…）stays whole).
//! Then:
//! - a line that ends in the middle of a name (`区综合行政` / `执法局`) is joined to the next
//!   one, and the joint is reported;
//! - several units written on separate lines of one cell are read as several units of that
//!   cell, and flagged: in the plan's source the same layout was where lead and partner cells
//!   could not be told apart, and a line may be half of a broken name;
//! - a group word (各镇街, 相关镇街, 区级相关部门 …) as a lead unit is flagged: it names no one;
//! - a lead cell that says who supports (区环保分局牵头，区农水局配合), or whose last line looks
//!   like the partner cell when the table has none or it is empty, is flagged.
//!
//! The same rules as the built-in plan's reading (`tools/extract_seed.py`, `docs/data.md`).

use crate::model::UnitKind;

/// Lead and partner units of one row, and why the reading needs review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitReading {
    pub lead: Vec<String>,
    pub partner: Vec<String>,
    pub reasons: Vec<String>,
}

/// Endings of a complete unit name (区环保分局, 稽山街道, 各镇街, 区级相关部门, 黄酒小镇管委会 …).
const ENDINGS: &[&str] = &[
    "局", "办", "委", "会", "联", "部", "院", "镇", "街道", "镇街", "部门", "单位", "中心", "公司", "集团", "队", "所", "站",
    "处", "科", "厅", "署", "团", "社", "行", "室", "组", "校", "馆", "台", "乡", "村", "社区", "协", "区", "政府", "企业", "园",
    "厂", "场",
];

/// Whether `name` reads as a whole unit name rather than part of one.
pub fn looks_complete(name: &str) -> bool {
    let n = strip_role(name).0;
    let n = n.trim_end_matches([')', '）']);
    let n = match n.rfind(['(', '（']) {
        // 高新区（袍江开发区）: judge the name before the brackets when the bracket is closed.
        Some(i) if name.ends_with([')', '）']) => &n[..i],
        _ => n,
    };
    n.chars().count() >= 2 && ENDINGS.iter().any(|e| n.ends_with(e))
}

/// The role a part says it has: `区环保分局牵头`, `区农水局（配合）`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marked {
    None,
    Lead,
    Partner,
}

/// A part without its role word, the role, and whether the word was in brackets: 区住建局（牵头）
/// marks that unit alone; a bare word marks the run of unmarked units before it as well
/// (区商务局、各镇街配合: both support).
fn strip_role(part: &str) -> (&str, Marked, bool) {
    let p = part.trim();
    for (words, role) in
        [(["牵头", "负责"].as_slice(), Marked::Lead), (["配合", "协助", "参与", "协办"].as_slice(), Marked::Partner)]
    {
        for w in words {
            for (form, bracketed) in [(format!("（{w}）"), true), (format!("({w})"), true), (w.to_string(), false)] {
                if let Some(rest) = p.strip_suffix(form.as_str())
                    && !rest.trim().is_empty()
                {
                    return (rest.trim(), role, bracketed);
                }
            }
        }
    }
    (p, Marked::None, false)
}

/// A line that begins with its role: 牵头单位：区住建局 / 配合单位：区生态环境分局.
fn line_role(line: &str) -> (&str, Marked) {
    const PREFIXES: &[(&str, Marked)] = &[
        ("牵头责任单位", Marked::Lead),
        ("牵头单位", Marked::Lead),
        ("牵头部门", Marked::Lead),
        ("牵头", Marked::Lead),
        ("配合单位", Marked::Partner),
        ("配合部门", Marked::Partner),
        ("协办单位", Marked::Partner),
        ("配合", Marked::Partner),
        ("责任单位", Marked::None),
    ];
    for (prefix, role) in PREFIXES {
        if let Some(rest) = line.strip_prefix(prefix)
            && let Some(rest) = rest.trim_start().strip_prefix(['：', ':'])
        {
            return (rest.trim(), *role);
        }
    }
    (line, Marked::None)
}

fn is_separator(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／' | '。')
}

/// Splits one line into parts on separators outside brackets, and on spaces between complete
/// names (a space inside a name, 区 经信局, is dropped).
fn split_line(line: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in line.chars() {
        match c {
            '(' | '（' | '【' | '[' => {
                depth += 1;
                cur.push(c);
            }
            ')' | '）' | '】' | ']' => {
                depth = (depth - 1).max(0);
                cur.push(c);
            }
            c if depth == 0 && is_separator(c) => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    let mut out = Vec::new();
    for part in parts {
        let words: Vec<&str> = part.split(|c: char| c.is_whitespace() || c == '\u{3000}').filter(|w| !w.is_empty()).collect();
        if words.len() > 1 && words.iter().all(|w| looks_complete(w)) {
            out.extend(words.iter().map(|w| w.to_string()));
        } else {
            let joined: String = words.concat();
            if !joined.is_empty() {
                out.push(joined);
            }
        }
    }
    out
}

/// Units of one cell, line by line, with the joints of broken names.
struct CellUnits {
    /// Units of each non-empty line, after joining broken names.
    lines: Vec<Vec<(String, Marked)>>,
    reasons: Vec<String>,
}

fn read_cell(lines: &[String], role: &str) -> CellUnits {
    // A line that ends with a separator (区级相关部门、) goes on in the next one.
    let mut logical: Vec<String> = Vec::new();
    for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match logical.last_mut() {
            Some(prev) if prev.ends_with(is_separator) => prev.push_str(l),
            _ => logical.push(l.to_string()),
        }
    }
    let mut line_roles: Vec<Marked> = Vec::new();
    let mut split: Vec<Vec<String>> = Vec::new();
    for l in &logical {
        let (rest, role) = line_role(l);
        let parts = split_line(rest);
        if !parts.is_empty() {
            split.push(parts);
            line_roles.push(role);
        }
    }
    let mut reasons = Vec::new();
    // Join a line that ends inside a name with the start of the next line.
    let mut i = 0;
    while i + 1 < split.len() {
        let last = split[i].last().cloned().unwrap_or_default();
        let next_first = split[i + 1].first().cloned().unwrap_or_default();
        let joined = format!("{last}{next_first}");
        if !looks_complete(&last) && looks_complete(&joined) {
            reasons.push(format!("{role}“{last}”“{next_first}”分两行书写，按一个单位“{joined}”读取"));
            let rest: Vec<String> = split[i + 1][1..].to_vec();
            if let Some(l) = split[i].last_mut() {
                *l = joined;
            }
            split[i].extend(rest);
            split.remove(i + 1);
            line_roles.remove(i + 1);
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (line, line_role) in split.into_iter().zip(line_roles) {
        let mut units: Vec<(String, Marked)> = Vec::new();
        // Unmarked units waiting for a bare role word after them.
        let mut pending: Vec<usize> = Vec::new();
        for part in line {
            let (name, marked, bracketed) = strip_role(&part);
            // 区发改局等: the unit is 区发改局.
            let name = name.strip_suffix('等').filter(|n| looks_complete(n)).unwrap_or(name);
            if !looks_complete(name) {
                reasons.push(format!("{role}“{name}”不像完整的单位名称"));
            }
            match marked {
                Marked::None => pending.push(units.len()),
                m if !bracketed => {
                    for i in pending.drain(..) {
                        units[i].1 = m;
                    }
                }
                _ => {}
            }
            units.push((name.to_string(), if marked == Marked::None { line_role } else { marked }));
        }
        out.push(units);
    }
    CellUnits { lines: out, reasons }
}

fn is_group(name: &str) -> bool {
    UnitKind::of_name(name) == UnitKind::Group
}

fn push_unique(v: &mut Vec<String>, name: &str) {
    if !v.iter().any(|u| u == name) {
        v.push(name.to_string());
    }
}

/// Reads the lead cell and the partner cell (`None`: the table has no 配合单位 column) of a row.
/// `responsible`: the lead column is headed 责任单位 (not 牵头单位) and there is no partner column:
/// several units there name the lead first, as plans say (责任单位中排在第一位的为牵头单位).
pub fn read_units(lead_lines: &[String], partner_lines: Option<&[String]>, responsible: bool) -> UnitReading {
    let mut lead_cell = read_cell(lead_lines, "牵头单位");
    let partner_cell = partner_lines.map(|l| read_cell(l, "配合单位"));
    let mut r = UnitReading::default();
    r.reasons.extend(lead_cell.reasons.iter().cloned());

    let marked_lead = lead_cell.lines.iter().flatten().any(|(_, m)| *m == Marked::Lead);
    let unmarked: Vec<String> =
        lead_cell.lines.iter().flatten().filter(|(_, m)| *m == Marked::None).map(|(n, _)| n.clone()).collect();
    let all: Vec<String> = lead_cell.lines.iter().flatten().map(|(n, _)| n.clone()).collect();
    if marked_lead && !unmarked.is_empty() {
        // 区水利局、区住建局（牵头）: the cell says who leads; the others support.
        for (_, m) in lead_cell.lines.iter_mut().flatten() {
            if *m == Marked::None {
                *m = Marked::Partner;
            }
        }
    } else if responsible && !marked_lead && all.len() > 1 && lead_cell.lines.iter().flatten().all(|(_, m)| *m == Marked::None) {
        for (i, (_, m)) in lead_cell.lines.iter_mut().flatten().enumerate() {
            *m = if i == 0 { Marked::Lead } else { Marked::Partner };
        }
        r.reasons.push(format!(
            "责任单位一栏有{}个单位（{}）：按排在第一位的“{}”为牵头单位、其余为配合单位读取，请核对",
            all.len(),
            all.join("、"),
            all[0]
        ));
    }

    let mut moved = Vec::new();
    for line in &lead_cell.lines {
        for (name, marked) in line {
            if *marked == Marked::Partner {
                moved.push(name.clone());
            } else {
                push_unique(&mut r.lead, name);
            }
        }
    }
    // Under 责任单位 with the first named leading, the others are partners by that rule (said above).
    let by_first = responsible && !marked_lead && unmarked.len() == all.len();
    if !moved.is_empty() && !by_first {
        r.reasons.push(format!("牵头单位一栏写有配合单位（{}），已按配合单位读取", moved.join("、")));
    }
    let lead_lines_n = lead_cell.lines.len();
    if lead_lines_n >= 2 {
        let shown: Vec<String> =
            lead_cell.lines.iter().map(|l| l.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join("、")).collect();
        r.reasons.push(format!(
            "牵头单位一格内分{lead_lines_n}行书写（{}）：已按{}个牵头单位读取，请核对是否都是牵头单位、有无一个名称被折行",
            shown.join("／"),
            r.lead.len()
        ));
    }
    if let Some(pc) = &partner_cell {
        r.reasons.extend(pc.reasons.iter().cloned());
        let n = pc.lines.len();
        if n >= 2 {
            let shown: Vec<String> =
                pc.lines.iter().map(|l| l.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join("、")).collect();
            r.reasons
                .push(format!("配合单位一格内分{n}行书写（{}）：请核对其中有无牵头单位、有无一个名称被折行", shown.join("／")));
        }
        for line in &pc.lines {
            for (name, _) in line {
                push_unique(&mut r.partner, name);
            }
        }
    }
    for name in moved {
        push_unique(&mut r.partner, &name);
    }
    // The last line of a lead cell that looks like a partner cell, where there is none.
    let partner_empty = partner_cell.as_ref().map(|p| p.lines.is_empty()).unwrap_or(true);
    if partner_empty
        && lead_lines_n >= 2
        && let Some(last) = lead_cell.lines.last()
    {
        let looks_partner = last.len() >= 2 || last.iter().all(|(n, _)| is_group(n));
        if looks_partner {
            let what = if partner_cell.is_none() { "表格没有配合单位列" } else { "配合单位一栏为空" };
            let shown: Vec<&str> = last.iter().map(|(n, _)| n.as_str()).collect();
            r.reasons.push(format!("{what}，牵头单位的末行“{}”可能是配合单位", shown.join("、")));
        }
    }
    let groups: Vec<&str> = r.lead.iter().filter(|u| is_group(u)).map(String::as_str).collect();
    if !groups.is_empty() {
        r.reasons.push(format!("牵头单位“{}”是泛指，不是具体单位：请核对由谁牵头", groups.join("、")));
    }
    r.partner.retain(|p| !r.lead.contains(p));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_line_each_is_sure() {
        let r = read_units(&lines(&["区经信局"]), Some(&lines(&["区级相关部门、各镇街"])), false);
        assert_eq!(r.lead, vec!["区经信局"]);
        assert_eq!(r.partner, vec!["区级相关部门", "各镇街"]);
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
        let r = read_units(&lines(&["区经信局，区农水局；区建设局 区商务局"]), Some(&[]), false);
        assert_eq!(r.lead, vec!["区经信局", "区农水局", "区建设局", "区商务局"]);
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
    }

    #[test]
    fn several_lines_in_a_cell_are_flagged() {
        let r = read_units(&lines(&["区经信局", "区农水局", "区建设局"]), Some(&lines(&["各镇街"])), false);
        assert_eq!(r.lead, vec!["区经信局", "区农水局", "区建设局"]);
        assert_eq!(r.partner, vec!["各镇街"]);
        assert_eq!(r.reasons.len(), 1);
        assert!(r.reasons[0].contains("分3行"), "{:?}", r.reasons);
        let r = read_units(&lines(&["区商务局"]), Some(&lines(&["区发改局", "区市场监管局", "区质监局"])), false);
        assert_eq!(r.partner.len(), 3);
        assert!(r.reasons[0].starts_with("配合单位一格内分3行"), "{:?}", r.reasons);
    }

    #[test]
    fn broken_names_are_joined_and_reported() {
        let r = read_units(&lines(&["区综合行政", "执法局"]), None, false);
        assert_eq!(r.lead, vec!["区综合行政执法局"]);
        assert!(r.reasons[0].contains("按一个单位“区综合行政执法局”读取"), "{:?}", r.reasons);
        // A line ending with 、 goes on in the next: one line, nothing to check.
        let r = read_units(&lines(&["区环保分局"]), Some(&lines(&["区级相关部门、", "各镇街"])), false);
        assert_eq!(r.partner, vec!["区级相关部门", "各镇街"]);
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
        // Brackets keep their separators; a space inside a name is dropped.
        let r = read_units(&lines(&["高新区（袍江开发区、越城区）管委会、区 经信局"]), None, false);
        assert_eq!(r.lead, vec!["高新区（袍江开发区、越城区）管委会", "区经信局"]);
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
    }

    #[test]
    fn group_words_and_roles_in_the_lead_cell() {
        let r = read_units(&lines(&["区级相关部门、各镇街"]), Some(&[]), false);
        assert_eq!(r.lead, vec!["区级相关部门", "各镇街"]);
        assert_eq!(r.reasons.len(), 1);
        assert!(r.reasons[0].contains("泛指"), "{:?}", r.reasons);

        let r = read_units(&lines(&["区环保分局牵头，区农水局配合"]), Some(&[]), false);
        assert_eq!(r.lead, vec!["区环保分局"]);
        assert_eq!(r.partner, vec!["区农水局"]);
        assert!(r.reasons[0].contains("已按配合单位读取"), "{:?}", r.reasons);

        // A bracketed mark names one unit; a bare one the run before it; a line may begin with
        // its role; 等 ends a list.
        let r = read_units(&lines(&["区水利局、区住建局（牵头）"]), None, false);
        assert_eq!((r.lead.clone(), r.partner.clone()), (vec!["区住建局".to_string()], vec!["区水利局".to_string()]));
        assert!(r.reasons[0].contains("已按配合单位读取"), "{:?}", r.reasons);
        let r = read_units(&lines(&["区综合执法局牵头，区商务局、各镇（街道）配合"]), None, false);
        assert_eq!(r.lead, vec!["区综合执法局"]);
        assert_eq!(r.partner, vec!["区商务局", "各镇（街道）"]);
        let r = read_units(&lines(&["牵头单位：区住建局", "配合单位：区生态环境分局、区发改局等"]), None, true);
        assert_eq!(r.lead, vec!["区住建局"]);
        assert_eq!(r.partner, vec!["区生态环境分局", "区发改局"]);
        // 责任单位 alone: the first named leads, flagged.
        let r = read_units(&lines(&["区环保分局、区农水局、区建设局"]), None, true);
        assert_eq!(r.lead, vec!["区环保分局"]);
        assert_eq!(r.partner, vec!["区农水局", "区建设局"]);
        assert!(r.reasons.iter().any(|x| x.contains("排在第一位")), "{:?}", r.reasons);
        // Under a 牵头单位 heading all are leads.
        let r = read_units(&lines(&["区环保分局、区农水局"]), None, false);
        assert_eq!(r.lead, vec!["区环保分局", "区农水局"]);

        // Three columns, no 配合单位: the last line of the lead cell may be the partner cell.
        let r = read_units(&lines(&["区经信局", "区级相关部门、各镇街"]), None, false);
        assert!(r.reasons.iter().any(|x| x.contains("可能是配合单位")), "{:?}", r.reasons);
        assert!(r.reasons.iter().any(|x| x.contains("泛指")), "{:?}", r.reasons);
    }
}
