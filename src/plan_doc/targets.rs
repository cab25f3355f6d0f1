//! 主要目标 → quantitative targets. The section is the paragraph whose text holds 主要目标 (or
//! 目标任务, 工作目标) and the paragraphs after it up to the next heading of the same level
//! ((三)…, 二、…). Each sentence is read for `indicator + verb + value + unit (+以上/以下)`:
//!
//! - the year is the last `到2020年` / `2022年` written at the start of a clause of the paragraph;
//! - the comparison comes from the words: 以下/控制在/不超过 → `<=`, 以上/达到/不低于/提高到
//!   → `>=` (100% reached → `=`), 低于 → `<`, 高于/超过 → `>`; 零增长 → growth `<=` 0;
//!   `…全部达到或优于Ⅲ类水` → a share `=` 100%;
//! - `A和B均达到92%` gives two targets; `城市、农村…分别达100%、80%以上` gives one per value;
//! - a scope written once (全区PM2.5…, AQI… / 国控站点PM2.5…, AQI…) applies to the targets after
//!   it in the same sentence, and is dropped where the paragraph has no other scope to tell apart
//!   (全区森林覆盖率 → 森林覆盖率);
//! - a bracket right after the value qualifies the indicator (湿地面积（不包括水稻田）).
//!
//! Every target is flagged for review with the sentence it was read from: words are not numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::TargetDraft;

const UNITS: &str = r"微克/立方米|毫克/立方米|μg/m³|万立方米|立方米|平方公里|万平方米|平方米|万亩|亩|公顷|万吨|吨|万千瓦时|千瓦时|万元|亿元|万人|公里|千米|个百分点|%|‰|个|家|条|座|项|天|户|台|处|所|辆|蒸吨|只|套|株|棵|次";
const VERBS: &str = r"均达到|均达|分别达到|分别达|基本达到|全部达到|稳定在|保持在|控制在|提高到|提升到|提高至|提升至|降低到|下降到|降至|不低于|不少于|不高于|不超过|达到|低于|高于|超过|大于|小于|达";
const SCOPES: &[&str] = &["全区", "全市", "全县", "全省", "国控站点", "省控站点", "市控站点", "县控站点"];
const WHOLE_SCOPES: &[&str] = &["全区", "全市", "全县", "全省"];

static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    let val = format!(r"\d+(?:\.\d+)?\s*(?:{UNITS})(?:以上|以下)?");
    Regex::new(&format!(
        r"(?P<ind>[^，,；;。]*?)(?P<verb>{VERBS})(?P<vals>{val}(?:[、和]?{val})*)(?P<paren>[（(][^）)]{{1,20}}[)）])?"
    ))
    .expect("valid regex")
});
static VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?P<v>\d+(?:\.\d+)?)\s*(?P<u>{UNITS})(?P<s>以上|以下)?")).expect("valid regex"));
static ALL_REACH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<ind>[^，,；;。]+?)全部(?P<pred>达到或优于[^，,；;。]+|达到[^，,；;。]+)").expect("valid regex")
});
/// A count to reach, verb first: 累计淘汰燃煤锅炉45台, 新建污水管网40公里, 创建美丽乡村精品村15个.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<ind>(?:累计)?(?:新增|新建|新改建|改建|扩建|创建|建成|建设|完成|淘汰|关停|整治|改造|培育|打造|实施|清理|治理|修复|种植|植树|造林|绿化|拆除|取缔|提标改造)[^，,；;。\d]{{1,24}}?)(?P<v>\d+(?:\.\d+)?)\s*(?P<u>{UNITS})(?P<s>以上)?"
    ))
    .expect("valid regex")
});
/// A change against a base year: 重度污染天数比2018年减少50%, 排放总量比2017年下降20%以上.
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<ind>[^，,；;。]+?)(?:比|较)(?P<base>20\d\d)年(?P<dir>减少|下降|降低|增加|增长|提高|上升)(?P<v>\d+(?:\.\d+)?)\s*(?P<u>%|个百分点)(?P<s>以上)?")
        .expect("valid regex")
});
static ZERO_GROWTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<ind>[^，,；;。]+?)(?:实现|保持)?零增长").expect("valid regex"));
static YEAR_LEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:到|至|在)?(20\d\d)年(?:底|末)?前?").expect("valid regex"));
static SECTION_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])").expect("valid regex"));
static DECIMAL_GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)\s*\.\s+(\d)").expect("valid regex"));

const HEADING_WORDS: &[&str] = &["主要目标", "目标任务", "工作目标"];
/// At most this many paragraphs are read after the heading.
const MAX_SECTION: usize = 60;

/// Full-width digits and signs as ASCII; `PM2. 5` → `PM2.5`.
fn normalise(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '％' => '%',
            '．' => '.',
            _ => c,
        })
        .collect();
    DECIMAL_GAP.replace_all(&s, "$1.$2").to_string()
}

/// The paragraphs of the 主要目标 section (the heading paragraph included).
fn section<'a>(paragraphs: &[&'a str]) -> Vec<&'a str> {
    // A heading begins with its words (（二）主要目标。…); a sentence that only mentions them
    // (为确保完成年度目标任务，制定本方案) is passed over unless nothing else is found.
    let heading = |p: &str| {
        let t = p.trim();
        let t = SECTION_HEADING.find(t).map(|m| &t[m.end()..]).unwrap_or(t).trim_start();
        HEADING_WORDS.iter().any(|w| t.find(w).is_some_and(|i| t[..i].chars().count() <= 4))
    };
    let Some(start) = paragraphs
        .iter()
        .position(|p| heading(p))
        .or_else(|| paragraphs.iter().position(|p| HEADING_WORDS.iter().any(|w| p.contains(w))))
    else {
        return Vec::new();
    };
    let mut out = vec![paragraphs[start]];
    for p in paragraphs[start + 1..].iter().take(MAX_SECTION) {
        let t = p.trim();
        if SECTION_HEADING.is_match(t) {
            break;
        }
        out.push(p);
    }
    out
}

fn comparison(verb: &str, suffix: Option<&str>, value: f64, unit: &str) -> &'static str {
    let c = match (suffix, verb) {
        (Some("以下"), _) => "<=",
        (Some("以上"), _) => ">=",
        (_, "不高于" | "不超过" | "控制在" | "降至" | "降低到" | "下降到") => "<=",
        (_, "低于" | "小于") => "<",
        (_, "高于" | "大于" | "超过") => ">",
        _ => ">=",
    };
    if c == ">=" && unit == "%" && value == 100.0 { "=" } else { c }
}

/// Removes words before an indicator that are not part of it.
fn clean_indicator(s: &str) -> String {
    let mut t = s.trim().trim_start_matches(['、', '，', ',', '—', '-', ' ']).to_string();
    loop {
        let before = t.clone();
        for w in ["确保", "力争", "使", "并", "且", "和", "以及", "其中", "同时", "全面"] {
            if let Some(rest) = t.strip_prefix(w)
                && rest.chars().count() >= 2
            {
                t = rest.to_string();
            }
        }
        if t == before {
            break;
        }
    }
    t
}

fn is_indicator_noun(s: &str) -> bool {
    ["率", "比例", "面积", "浓度", "覆盖面", "量", "数", "天数", "指数"].iter().any(|e| s.ends_with(e))
}

/// `A和B` → [A, B] when both are indicators.
fn split_joint(ind: &str) -> Vec<String> {
    for sep in ["和", "、", "及"] {
        let parts: Vec<&str> = ind.split(sep).collect();
        if parts.len() > 1 && parts.iter().all(|p| is_indicator_noun(p) && p.chars().count() >= 3) {
            return parts.iter().map(|p| p.to_string()).collect();
        }
    }
    vec![ind.to_string()]
}

/// `城市、农村生活垃圾分类覆盖面` with two values → [城市生活垃圾分类覆盖面, 农村生活垃圾分类覆盖面].
fn split_respectively(ind: &str, n: usize) -> Vec<String> {
    let parts: Vec<&str> = ind.split(['、', '和']).collect();
    if parts.len() != n || n < 2 {
        return vec![ind.to_string(); n];
    }
    let last = parts[n - 1];
    if parts[..n - 1].iter().all(|p| p.chars().count() <= 4) && last.chars().count() > parts[0].chars().count() {
        let stem: String = last.chars().skip(parts[0].chars().count()).collect();
        let mut out: Vec<String> = parts[..n - 1].iter().map(|p| format!("{p}{stem}")).collect();
        out.push(last.to_string());
        return out;
    }
    parts.iter().map(|p| p.to_string()).collect()
}

fn review(sentence: &str, year: Option<i32>) -> String {
    let mut r = format!("从“主要目标”读取，请核对指标、比较、数值、单位和年份：“{sentence}”");
    if year.is_none() {
        r.push_str("；句中没有写明年份");
    }
    r
}

struct Found {
    indicator: String,
    comparison: &'static str,
    value: f64,
    unit: String,
    year: Option<i32>,
    quote: String,
    sentence: String,
    scoped: bool,
}

/// Reads the targets of the 主要目标 section of a document's paragraphs.
pub fn read_targets(paragraphs: &[&str]) -> Vec<TargetDraft> {
    let mut out = Vec::new();
    for para in section(paragraphs) {
        let text = normalise(para);
        let mut found: Vec<Found> = Vec::new();
        let mut year: Option<i32> = None;
        for sentence in text.split(['；', ';', '。']) {
            let sentence_t = sentence.trim().trim_start_matches('—').trim();
            let mut scope: Option<&str> = None;
            for clause in sentence.split(['，', ',']) {
                let mut clause = clause.trim();
                if let Some(c) = YEAR_LEAD.captures(clause) {
                    year = c[1].parse().ok();
                    clause = clause[c[0].len()..].trim();
                }
                let before = found.len();
                read_clause(clause, year, sentence_t, &mut found);
                for f in &mut found[before..] {
                    match SCOPES.iter().find(|s| f.indicator.starts_with(*s)) {
                        Some(s) => scope = Some(s),
                        None => {
                            if let Some(s) = scope {
                                f.indicator = format!("{s}{}", f.indicator);
                                f.scoped = true;
                            }
                        }
                    }
                }
            }
        }
        // A whole-district scope is dropped unless the paragraph tells scopes apart.
        let other_scope = found.iter().any(|f| SCOPES.iter().any(|s| !WHOLE_SCOPES.contains(s) && f.indicator.starts_with(s)));
        for f in found {
            let mut indicator = f.indicator;
            if !other_scope
                && let Some(s) = WHOLE_SCOPES.iter().find(|s| indicator.starts_with(*s))
                && indicator.chars().count() > s.chars().count() + 1
            {
                indicator = indicator[s.len()..].to_string();
            }
            let _ = f.scoped;
            out.push(TargetDraft {
                indicator,
                comparison: f.comparison.to_string(),
                value: f.value,
                unit: f.unit,
                year: f.year,
                quote: f.quote,
                review: review(&f.sentence, f.year),
                sentence: f.sentence,
            });
        }
    }
    out
}

fn read_clause(clause: &str, year: Option<i32>, sentence: &str, found: &mut Vec<Found>) {
    let mut any = false;
    for m in TARGET.captures_iter(clause) {
        let Some(whole) = m.get(0) else { continue };
        let ind_raw = m.name("ind").map(|x| x.as_str()).unwrap_or("");
        let mut ind = clean_indicator(ind_raw);
        if ind.is_empty() {
            continue;
        }
        let verb = m.name("verb").map(|x| x.as_str()).unwrap_or("");
        if let Some(p) = m.name("paren") {
            let inner = p.as_str().trim_matches(['(', ')', '（', '）']);
            ind = format!("{ind}（{inner}）");
        }
        let values: Vec<(f64, String, Option<String>)> = VALUE
            .captures_iter(m.name("vals").map(|x| x.as_str()).unwrap_or(""))
            .filter_map(|v| Some((v["v"].parse::<f64>().ok()?, v["u"].to_string(), v.name("s").map(|s| s.as_str().to_string()))))
            .collect();
        if values.is_empty() {
            continue;
        }
        let quote_start = whole.start() + (ind_raw.len() - ind_raw.trim_start_matches(['、', '，', ',', '—', '-', ' ']).len());
        let quote = clause[quote_start..whole.end()].to_string();
        let indicators: Vec<String> = if values.len() > 1 {
            split_respectively(&ind, values.len())
        } else if verb.starts_with('均') {
            split_joint(&ind)
        } else {
            vec![ind.clone()]
        };
        for (k, indicator) in indicators.iter().enumerate() {
            let (value, unit, suffix) = &values[k.min(values.len() - 1)];
            found.push(Found {
                indicator: indicator.clone(),
                comparison: comparison(verb, suffix.as_deref(), *value, unit),
                value: *value,
                unit: unit.clone(),
                year,
                quote: quote.clone(),
                sentence: sentence.to_string(),
                scoped: false,
            });
        }
        any = true;
    }
    if any {
        return;
    }
    // A change against a base year, then counts to reach: at least the value, in its unit.
    let at_least = |indicator: String, m: &regex::Captures| {
        Some(Found {
            indicator,
            comparison: ">=",
            value: m["v"].parse::<f64>().ok()?,
            unit: m["u"].to_string(),
            year,
            quote: m[0].trim().to_string(),
            sentence: sentence.to_string(),
            scoped: false,
        })
    };
    for m in CHANGE.captures_iter(clause) {
        let ind = clean_indicator(&m["ind"]);
        if ind.is_empty() {
            continue;
        }
        if let Some(f) = at_least(format!("{ind}较{}年{}幅度", &m["base"], &m["dir"]), &m) {
            found.push(f);
            any = true;
        }
    }
    for m in COUNT.captures_iter(clause) {
        // 完成“污水零直排区”创建镇街8个 → 完成“污水零直排区”创建镇街 (个).
        let ind = clean_indicator(&m["ind"]).trim_matches(|c: char| c == '“' || c == '”').to_string();
        if ind.chars().count() < 3 {
            continue;
        }
        if let Some(f) = at_least(ind, &m) {
            found.push(f);
            any = true;
        }
    }
    if any {
        return;
    }
    if let Some(m) = ALL_REACH.captures(clause) {
        let ind = clean_indicator(&m["ind"]);
        let pred = m["pred"].to_string();
        found.push(Found {
            indicator: format!("{ind}{pred}比例"),
            comparison: "=",
            value: 100.0,
            unit: "%".into(),
            year,
            quote: clause.trim().to_string(),
            sentence: sentence.to_string(),
            scoped: false,
        });
    } else if let Some(m) = ZERO_GROWTH.captures(clause) {
        let ind = clean_indicator(&m["ind"]);
        for part in split_joint(&ind) {
            found.push(Found {
                indicator: format!("{part}增幅"),
                comparison: "<=",
                value: 0.0,
                unit: "%".into(),
                year,
                quote: clause.trim().to_string(),
                sentence: sentence.to_string(),
                scoped: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p: &str) -> Vec<(String, String, f64, String, Option<i32>)> {
        read_targets(&["(二)主要目标。具体目标如下:", p])
            .into_iter()
            .map(|t| (t.indicator, t.comparison, t.value, t.unit, t.year))
            .collect()
    }

    #[test]
    fn comparisons_values_units_and_years() {
        let t = one(
            "——空气环境质量。到2020年,全区PM2.5平均浓度控制在38微克/立方米以下AQI优良天数比例达到81%以上;国控站点PM2. 5年均浓度控制在38微克/立方米以下,AQI优良天数比例达到78%以上",
        );
        assert_eq!(
            t,
            vec![
                ("全区PM2.5平均浓度".into(), "<=".into(), 38.0, "微克/立方米".into(), Some(2020)),
                ("全区AQI优良天数比例".into(), ">=".into(), 81.0, "%".into(), Some(2020)),
                ("国控站点PM2.5年均浓度".into(), "<=".into(), 38.0, "微克/立方米".into(), Some(2020)),
                ("国控站点AQI优良天数比例".into(), ">=".into(), 78.0, "%".into(), Some(2020)),
            ]
        );
        let t = one("到2020年,全区森林覆盖率稳定在27%以上;湿地面积不低于8.7万亩(不包括水稻田)、自然湿地面积不低于8.2万亩");
        assert_eq!(t[0].0, "森林覆盖率");
        assert_eq!(t[1], ("湿地面积（不包括水稻田）".into(), ">=".into(), 8.7, "万亩".into(), Some(2020)));
        assert_eq!(t[2].0, "自然湿地面积");
        let t = one("到2020年,城市、农村生活垃圾分类覆盖面分别达100%、80%以上。到2022年,年用水总量和城市生活垃圾总量实现零增长");
        assert_eq!(t[0], ("城市生活垃圾分类覆盖面".into(), "=".into(), 100.0, "%".into(), Some(2020)));
        assert_eq!(t[1], ("农村生活垃圾分类覆盖面".into(), ">=".into(), 80.0, "%".into(), Some(2020)));
        assert_eq!(t[2], ("年用水总量增幅".into(), "<=".into(), 0.0, "%".into(), Some(2022)));
        assert_eq!(t[3].0, "城市生活垃圾总量增幅");
        let t = one("2020年,污染地块安全利用率和受污染耕地安全利用率均达到92%");
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].0, "受污染耕地安全利用率");
    }

    #[test]
    fn a_sentence_that_mentions_the_words_is_not_the_heading() {
        let t = read_targets(&[
            "为确保完成年度污染防治目标任务，制定本方案。",
            "一、工作目标",
            "到2019年底，全区PM2.5年均浓度控制在40微克/立方米以下。",
            "二、重点任务",
        ]);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].indicator, "PM2.5年均浓度");
    }

    #[test]
    fn counts_to_reach_and_changes_against_a_year() {
        let t = one("到2021年，累计淘汰燃煤锅炉45台，新增新能源公交车200辆。");
        assert_eq!(t[0], ("累计淘汰燃煤锅炉".into(), ">=".into(), 45.0, "台".into(), Some(2021)));
        assert_eq!(t[1], ("新增新能源公交车".into(), ">=".into(), 200.0, "辆".into(), Some(2021)));
        let t = one("到2020年，新增城市绿地面积50万平方米，建成区绿化覆盖率不低于40%。");
        assert_eq!(t[0], ("新增城市绿地面积".into(), ">=".into(), 50.0, "万平方米".into(), Some(2020)));
        assert_eq!(t[1].0, "建成区绿化覆盖率");
        let t = one("到2021年，重度及以上污染天数比2018年减少50%，挥发性有机物排放总量比2017年下降20%以上。");
        assert_eq!(t[0], ("重度及以上污染天数较2018年减少幅度".into(), ">=".into(), 50.0, "%".into(), Some(2021)));
        assert_eq!(t[1].0, "挥发性有机物排放总量较2017年下降幅度");
    }

    #[test]
    fn every_target_is_flagged_and_no_section_gives_none() {
        let t = read_targets(&["二、主要目标", "到2020年,森林覆盖率达到30%", "三、重点任务", "森林覆盖率达到40%"]);
        assert_eq!(t.len(), 1);
        assert!(t[0].review.contains("森林覆盖率达到30%"), "{}", t[0].review);
        assert!(read_targets(&["一、总体要求", "森林覆盖率达到30%"]).is_empty());
    }
}
