//! Checks that need the whole parsed dataset: numbering, years, periods.
//! Every finding is collected; the loader gives each its location.

use std::collections::HashMap;

use crate::data::model::{Evaluation, Goal, Plan};
use crate::data::scale::Scale;
use crate::data::text::text_fields;
use crate::messages;

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

/// The mark that starts every sample text `init` writes: a text that still
/// starts with it was never replaced, and is refused.
pub const PLACEHOLDER: char = '★';

pub fn validate(plan: &Plan, goals: &[Goal]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for field in text_fields(plan, goals) {
        if field.text.trim_start().starts_with(PLACEHOLDER) {
            let mut left = finding(
                field.goal,
                field.path,
                messages::placeholder_left(field.text.trim()),
            );
            left.hint = Some(messages::placeholder_left_hint(PLACEHOLDER));
            findings.push(left);
        }
    }
    let period = plan.period;
    if period.from > period.to {
        findings.push(finding(
            None,
            "period",
            messages::period_reversed(period.from, period.to),
        ));
    }
    findings.extend(scale_and_structure(plan));
    let scale = Scale::of(plan);
    let letters = scale.letters();

    let mut seen: HashMap<u32, usize> = HashMap::new();
    for (index, goal) in goals.iter().enumerate() {
        if goal.no == 0 {
            findings.push(finding(
                Some(index),
                "no",
                messages::goal_number_zero().into(),
            ));
        }
        if let Some(&first) = seen.get(&goal.no) {
            let mut duplicate = finding(Some(index), "no", messages::goal_number_twice(goal.no));
            duplicate.hint = Some(messages::goal_number_twice_hint().into());
            duplicate.also = Some((first, "no".into()));
            findings.push(duplicate);
        } else {
            seen.insert(goal.no, index);
        }

        for (o, owner) in goal.owners.iter().enumerate() {
            let path = format!("owners[{o}]");
            if owner.trim().is_empty() {
                findings.push(finding(Some(index), path, messages::owner_empty().into()));
            } else if goal.owners[..o].contains(owner) {
                findings.push(finding(Some(index), path, messages::owner_twice(owner)));
            }
        }

        for (s, segment) in goal.schedule.segments.iter().enumerate() {
            if segment.from > segment.to {
                findings.push(finding(
                    Some(index),
                    format!("schedule.segments[{s}]"),
                    messages::arrow_reversed(segment.from, segment.to),
                ));
            }
            for (key, year) in [("from", segment.from), ("to", segment.to)] {
                if !period.contains(year) {
                    findings.push(finding(
                        Some(index),
                        format!("schedule.segments[{s}].{key}"),
                        messages::arrow_outside_period(
                            &year.plan_label(period.from),
                            &period.from.plan_label(period.from),
                            &period.to.plan_label(period.from),
                        ),
                    ));
                }
            }
        }

        let mut previous = None;
        let mut years_seen = HashMap::new();
        for (y, entry) in goal.years.iter().enumerate() {
            if let Some(letter) = entry.evaluation.as_ref().filter(|l| !scale.contains(l)) {
                let mut outside = finding(
                    Some(index),
                    format!("years[{y}].evaluation"),
                    messages::letter_not_in_scale(letter.letter(), &letters),
                );
                outside.hint = Some(messages::no_evaluation_yet_hint().into());
                findings.push(outside);
            }
            let path = format!("years[{y}].year");
            if !period.contains(entry.year) {
                let mut outside = finding(
                    Some(index),
                    &path,
                    messages::year_outside_period(
                        &entry.year.prose(),
                        &period.from.prose(),
                        &period.to.prose(),
                    ),
                );
                outside.hint = Some(messages::year_outside_period_hint().into());
                findings.push(outside);
            }
            if let Some(&first) = years_seen.get(&entry.year) {
                let mut twice = finding(Some(index), &path, messages::year_twice(entry.year));
                twice.hint = Some(messages::year_twice_hint().into());
                twice.also = Some((index, format!("years[{first}].year")));
                findings.push(twice);
            } else {
                years_seen.insert(entry.year, y);
                if let Some(before) = previous.filter(|p| *p > entry.year) {
                    let mut out_of_order = finding(
                        Some(index),
                        &path,
                        messages::year_out_of_order(entry.year, before),
                    );
                    out_of_order.hint = Some(messages::year_out_of_order_hint().into());
                    findings.push(out_of_order);
                }
            }
            previous = Some(entry.year);
        }
    }
    findings
}

/// The plan's scale and structure: no letter twice, `scale` and `legend`
/// not both, every 基本目標 and 施策 named once, grades of the scale within
/// the plan period.
fn scale_and_structure(plan: &Plan) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !plan.scale.is_empty() && !plan.legend.is_empty() {
        let mut both = finding(None, "legend", messages::scale_and_legend().into());
        both.hint = Some(messages::scale_and_legend_hint().into());
        findings.push(both);
    }
    for letter in plan.legend.keys() {
        if !Evaluation::DEFAULT_LETTERS.contains(&letter.letter()) {
            findings.push(finding(
                None,
                "legend",
                messages::letter_not_in_scale(letter.letter(), &Evaluation::DEFAULT_LETTERS),
            ));
        }
    }
    for (i, grade) in plan.scale.iter().enumerate() {
        if plan.scale[..i].iter().any(|g| g.letter == grade.letter) {
            findings.push(finding(
                None,
                format!("scale[{i}].letter"),
                messages::letter_twice(grade.letter.letter()),
            ));
        }
    }
    let scale = Scale::of(plan);
    let letters = scale.letters();
    for (b, basic) in plan.structure.iter().enumerate() {
        if plan.structure[..b]
            .iter()
            .any(|other| other.basic_goal == basic.basic_goal)
        {
            findings.push(finding(
                None,
                format!("structure[{b}].basic_goal"),
                messages::basic_goal_twice(basic.basic_goal.label()),
            ));
        }
        for (m, measure) in basic.measures.iter().enumerate() {
            if basic.measures[..m]
                .iter()
                .any(|o| o.measure == measure.measure)
            {
                findings.push(finding(
                    None,
                    format!("structure[{b}].measures[{m}].measure"),
                    messages::measure_twice(basic.basic_goal.label(), measure.measure),
                ));
            }
        }
        for (year, letter) in &basic.grades {
            let path = format!("structure[{b}].grades");
            if !scale.contains(letter) {
                findings.push(finding(
                    None,
                    path.clone(),
                    messages::letter_not_in_scale(letter.letter(), &letters),
                ));
            }
            if !plan.period.contains(*year) {
                findings.push(finding(
                    None,
                    path,
                    messages::year_outside_period(
                        &year.prose(),
                        &plan.period.from.prose(),
                        &plan.period.to.prose(),
                    ),
                ));
            }
        }
    }
    findings
}
