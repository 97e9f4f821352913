//! Checks that need the whole parsed dataset: numbering, years, periods.
//! Every finding is collected; the loader gives each its location.

use std::collections::HashMap;

use crate::data::model::{Goal, Plan};

/// One problem, located by serde_yaml-style path relative to its goal (or to
/// `plan` when `goal_index` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub goal_index: Option<usize>,
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
    /// The other place the problem concerns (the first of two duplicates):
    /// goal index and path as above. The loader names it in the message.
    pub also: Option<(usize, String)>,
}

fn finding(goal_index: Option<usize>, path: impl Into<String>, message: String) -> Finding {
    Finding {
        goal_index,
        path: path.into(),
        message,
        hint: None,
        also: None,
    }
}

pub fn validate(plan: &Plan, goals: &[Goal]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let period = plan.period;
    if period.from > period.to {
        findings.push(finding(
            None,
            "period",
            format!(
                "計画期間の初年度 {} が最終年度 {} より後です",
                period.from, period.to
            ),
        ));
    }

    let mut seen: HashMap<u32, usize> = HashMap::new();
    for (index, goal) in goals.iter().enumerate() {
        if goal.no == 0 {
            findings.push(finding(
                Some(index),
                "no",
                "実施目標 No. は 1 以上の番号にしてください".into(),
            ));
        }
        if let Some(&first) = seen.get(&goal.no) {
            let mut duplicate = finding(
                Some(index),
                "no",
                format!("実施目標 No.{} が二度使われています", goal.no),
            );
            duplicate.hint = Some("どちらかの番号を直してください".into());
            duplicate.also = Some((first, "no".into()));
            findings.push(duplicate);
        } else {
            seen.insert(goal.no, index);
        }

        for (s, segment) in goal.schedule.segments.iter().enumerate() {
            if segment.from > segment.to {
                findings.push(finding(
                    Some(index),
                    format!("schedule.segments[{s}]"),
                    format!(
                        "年次計画の矢印が {} から {} へ逆向きです",
                        segment.from, segment.to
                    ),
                ));
            }
            for (key, year) in [("from", segment.from), ("to", segment.to)] {
                if !period.contains(year) {
                    findings.push(finding(
                        Some(index),
                        format!("schedule.segments[{s}].{key}"),
                        format!(
                            "年次計画の年度 {} は計画期間（{}〜{}）の外です",
                            year.plan_label(),
                            period.from.plan_label(),
                            period.to.plan_label()
                        ),
                    ));
                }
            }
        }

        let mut previous = None;
        let mut years_seen = HashMap::new();
        for (y, entry) in goal.years.iter().enumerate() {
            let path = format!("years[{y}].year");
            if !period.contains(entry.year) {
                let mut outside = finding(
                    Some(index),
                    &path,
                    format!(
                        "年度 {} は計画期間（{}〜{}）の外です",
                        entry.year.prose(),
                        period.from.prose(),
                        period.to.prose()
                    ),
                );
                outside.hint = Some(
                    "年度の書き間違い（R1 と R11 など）か、計画期間 (plan.period) を確かめてください"
                        .into(),
                );
                findings.push(outside);
            }
            if let Some(&first) = years_seen.get(&entry.year) {
                let mut twice = finding(
                    Some(index),
                    &path,
                    format!("年度 {} が二度あります", entry.year),
                );
                twice.hint = Some("同じ年度の行は一つにまとめてください".into());
                twice.also = Some((index, format!("years[{first}].year")));
                findings.push(twice);
            } else {
                years_seen.insert(entry.year, y);
                if let Some(before) = previous.filter(|p| *p > entry.year) {
                    let mut out_of_order = finding(
                        Some(index),
                        &path,
                        format!(
                            "年度 {} が前の行の年度 {} より前に来ています",
                            entry.year, before
                        ),
                    );
                    out_of_order.hint = Some("years: は古い年度から順に並べてください".into());
                    findings.push(out_of_order);
                }
            }
            previous = Some(entry.year);
        }
    }
    findings
}
