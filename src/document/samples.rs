//! Realistic inputs for the three documents, from the built-in plan (2018年主要工作任务清单,
//! November 2018): for the example that writes them, the rendering tests and the screenshots,
//! and for the window to show what a document looks like before the ledger has a month.

use chrono::NaiveDate;

use super::bulletin::{BulletinInput, ListStat, RedRow, StatusWords, TaskLine};
use super::notice::{Contact, LatestReport, NoticeInput, NoticeKind, NoticeTask};
use super::score::{ScoreInput, ScoreRules, evaluate};
use crate::progress::Light;
use crate::settings::Meaning;
use crate::timing::Month;

const PLAN: &str = "越城区生态文明示范创建行动方案";
const LIST: &str = "2018年主要工作任务清单";
const OFFICE: &str = "区美丽办";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 11, d).unwrap_or_default()
}

fn november() -> Month {
    Month { year: 2018, month: 11 }
}

fn contact() -> Contact {
    Contact { name: "王晓燕".into(), phone: "0575-85201234".into() }
}

/// 督办通知单 to 区建设局: two red tasks, one reported 滞后, one past its deadline.
pub fn supervision() -> NoticeInput {
    NoticeInput {
        kind: NoticeKind::Supervision,
        office: OFFICE.into(),
        plan_title: PLAN.into(),
        number: Some("越美办督〔2018〕3号".into()),
        unit: "区建设局".into(),
        month: november(),
        date: day(26),
        report_due: day(25),
        reply_by: NaiveDate::from_ymd_opt(2018, 12, 5).unwrap_or_default(),
        contact: contact(),
        tasks: vec![
            NoticeTask {
                list: LIST.into(),
                seq: "12".into(),
                text: "配合市级部门新建城镇污水配套管网35公里,城市污水处理率达到96%以上,全区再生水利用率达到13%".into(),
                deadline: "2018年底".into(),
                reasons: vec!["报告进度滞后".into()],
                latest: Some(LatestReport {
                    month: november(),
                    status: "滞后".into(),
                    progress: "已完成城镇污水配套管网铺设22.6公里，城市污水处理率94.8%。".into(),
                    problems: "部分路段涉及政策处理，管网施工受阻；再生水利用项目尚在前期阶段。".into(),
                }),
            },
            NoticeTask {
                list: LIST.into(),
                seq: "18".into(),
                text: "全面提升农村生活污水治理设施运维科学管理水平,各镇街开展对“日处理能力30吨以上、受益农户在100户以上的终端”规范安装流量计量和运行状况监控工作,9月底前完成。".into(),
                deadline: "2018年9月底".into(),
                reasons: vec!["已过完成时限（2018年9月底）仍未完成".into()],
                latest: Some(LatestReport {
                    month: Month { year: 2018, month: 10 },
                    status: "按序时推进".into(),
                    progress: "已完成86个终端的流量计量设备安装。".into(),
                    problems: String::new(),
                }),
            },
        ],
        reported_some: false,
    }
}

/// 催办单 to 区农水局, which has not returned its November form.
pub fn reminder() -> NoticeInput {
    let task = |seq: &str, text: &str| NoticeTask {
        list: LIST.into(),
        seq: seq.into(),
        text: text.into(),
        deadline: "2018年底".into(),
        reasons: vec![],
        latest: None,
    };
    NoticeInput {
        kind: NoticeKind::Reminder,
        office: OFFICE.into(),
        plan_title: PLAN.into(),
        number: Some("越美办催〔2018〕5号".into()),
        unit: "区农水局".into(),
        month: november(),
        date: day(26),
        report_due: day(25),
        reply_by: day(28),
        contact: contact(),
        tasks: vec![
            task("14", "大力推进美丽“五园一场”建设。全区创建省级美丽生态牧场2个、市级2个。"),
            task("15", "深入推进养殖尾水生态化治理,全区完成水产养殖尾水生态化治理示范场(点)11个。"),
            task("16", "全区完成河道综合整治 16公里,完成河湖塘库清淤270万立方米。"),
            task("23", "开展受污染耕地的治理修复,推广应用生物治理、种植品种调整、栽培措施优化、土壤环境改良等技术。"),
            task("34", "争创会稽山国家森林公园,推进鉴湖国家湿地公园建设。"),
        ],
        reported_some: false,
    }
}

/// The November bulletin over the three lists, with scores on.
pub fn bulletin() -> BulletinInput {
    let line = |seq: &str, text: &str, unit: &str, note: &str| TaskLine {
        list: "2018年清单".into(),
        seq: seq.into(),
        text: text.into(),
        units: vec![unit.into()],
        note: note.into(),
    };
    let red = |seq: &str, text: &str, unit: &str, deadline: &str, reason: &str, overdue: bool| RedRow {
        list: "2018年清单".into(),
        seq: seq.into(),
        text: text.into(),
        units: vec![unit.into()],
        deadline: deadline.into(),
        reasons: vec![reason.into()],
        overdue,
    };
    let rules = ScoreRules { enabled: true, ..ScoreRules::default() };
    let task = |unit: &str, light: Light, status: Option<Meaning>| ScoreInput {
        unit: unit.into(),
        light,
        status,
        done_early: false,
        report_late: false,
        report_missing: status.is_none(),
    };
    let mut early = task("区农办", Light::Green, Some(Meaning::Done));
    early.done_early = true;
    let mut late = task("区经信局", Light::Green, Some(Meaning::OnTrack));
    late.report_late = true;
    let items = vec![
        task("区环保分局", Light::Green, Some(Meaning::OnTrack)),
        task("区环保分局", Light::Green, Some(Meaning::OnTrack)),
        task("区环保分局", Light::Yellow, Some(Meaning::OnTrack)),
        task("区建设局", Light::Red, Some(Meaning::Behind)),
        task("区建设局", Light::Red, Some(Meaning::OnTrack)),
        task("区治水办", Light::Green, Some(Meaning::OnTrack)),
        task("区治水办", Light::Green, Some(Meaning::Done)),
        early,
        late,
        task("区经信局", Light::Green, Some(Meaning::OnTrack)),
        task("区国土分局", Light::Red, Some(Meaning::Behind)),
        task("区综合执法局", Light::Unreported, None),
        task("区农水局", Light::Unreported, None),
        task("区农水局", Light::Yellow, None),
    ];
    BulletinInput {
        plan_title: PLAN.into(),
        month: november(),
        office: OFFICE.into(),
        number: Some("越美办〔2018〕12号".into()),
        date: day(30),
        addressee: "各镇街，区级有关部门".into(),
        report_day: 25,
        words: StatusWords::default(),
        lists: vec![
            ListStat {
                name: "工作任务责任分解表".into(),
                short: "分解表".into(),
                unassigned: 0,
                total: 100,
                done: 8,
                on_track: 71,
                behind: 4,
                not_started: 5,
                unreported: 12,
            },
            ListStat {
                name: LIST.into(),
                short: "2018年清单".into(),
                unassigned: 0,
                total: 45,
                done: 14,
                on_track: 21,
                behind: 3,
                not_started: 1,
                unreported: 6,
            },
            ListStat {
                name: "重点项目表".into(),
                short: "重点项目表".into(),
                unassigned: 0,
                total: 21,
                done: 2,
                on_track: 17,
                behind: 1,
                not_started: 0,
                unreported: 1,
            },
        ],
        completed: vec![
            line("36", "推进厕所革命,完成618座公厕改造建设工作。", "区农办", "全区618座公厕改造建设已全部完工并投入使用。"),
            line(
                "10",
                "完成3个工业园区、10个城镇生活小区和2个建制镇(街道)“污水零直排区”创建试点。",
                "区治水办",
                "15个创建试点均已通过验收。",
            ),
        ],
        behind: vec![
            line(
                "12",
                "配合市级部门新建城镇污水配套管网35公里,城市污水处理率达到96%以上,全区再生水利用率达到13%",
                "区建设局",
                "部分路段涉及政策处理，管网施工受阻",
            ),
            line("20", "基本完成农用地土壤污染状况详查。", "区国土分局", "详查点位采样需与省级部门衔接，进度滞后"),
            line("35", "实施垃圾分类处理,城区分类收集覆盖率达到80%", "区综合执法局", ""),
        ],
        late_units: vec!["区农水局".into(), "区综合执法局".into()],
        partly_late_units: vec!["区建设局".into()],
        requirements: vec![],
        red: vec![
            red(
                "12",
                "配合市级部门新建城镇污水配套管网35公里,城市污水处理率达到96%以上,全区再生水利用率达到13%",
                "区建设局",
                "2018年底",
                "报告进度滞后",
                false,
            ),
            red(
                "18",
                "全面提升农村生活污水治理设施运维科学管理水平,各镇街开展对“日处理能力30吨以上、受益农户在100户以上的终端”规范安装流量计量和运行状况监控工作,9月底前完成。",
                "区建设局",
                "2018年9月底",
                "已过完成时限（2018年9月底）仍未完成",
                true,
            ),
            red("20", "基本完成农用地土壤污染状况详查。", "区国土分局", "2018年底", "报告进度滞后", false),
        ],
        left_out: vec![],
        scores: Some(evaluate(&rules, &items)),
        copy_to: Some("区委办，区府办，区人大办，区政协办".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{bulletin::bulletin as build_bulletin, model::placeholders, notice::notice};

    #[test]
    fn samples_build_without_placeholders() {
        for doc in [notice(&supervision()).unwrap(), notice(&reminder()).unwrap(), build_bulletin(&bulletin()).unwrap()] {
            let t = doc.to_plain_text();
            assert!(placeholders(&t).is_empty(), "{:?}\n{t}", placeholders(&t));
            // The plan's ASCII commas are written full-width.
            assert!(!t.contains("公里,"), "{t}");
        }
    }
}
