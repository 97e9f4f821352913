//! Checks that need the whole parsed dataset: numbering, years, periods.
//! Every finding is collected; the loader gives each its location.

use std::collections::HashMap;

use crate::data::era::FiscalYear;
use crate::data::model::{Evaluation, Goal, Plan, Value};
use crate::data::scale::Scale;
use crate::data::sheet::{Kind, Sheet};
use crate::data::text::{Owner, text_fields};
use crate::messages;

/// One problem, located by serde_yaml-style path relative to its goal (or to
/// `plan` when `goal_index` is `None`, or to `sheet` when `in_sheet`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub goal_index: Option<usize>,
    pub in_sheet: bool,
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
        in_sheet: false,
        path: path.into(),
        message,
        hint: None,
        also: None,
    }
}

/// The mark that starts every sample text `init` writes: a text that still
/// starts with it was never replaced, and is refused.
pub const PLACEHOLDER: char = '★';

/// Every problem of a parsed dataset: placeholders left, the plan's period
/// and scale, goal numbers, owners, arrows, years, and each declared field's
/// value against its declaration (a letter of its scale, a choice of its
/// list, a rate that can be computed).
pub fn validate(plan: &Plan, sheet: &Sheet, declared: bool, goals: &[Goal]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for field in text_fields(plan, declared.then_some(sheet), goals) {
        if field.text.trim_start().starts_with(PLACEHOLDER) {
            let (goal, in_sheet) = match field.owner {
                Owner::Goal(g) => (Some(g), false),
                Owner::Plan => (None, false),
                Owner::Sheet => (None, true),
            };
            let mut left = finding(
                goal,
                field.path,
                messages::placeholder_left(field.text.trim()),
            );
            left.in_sheet = in_sheet;
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

        for (key, value) in goal.fields.iter() {
            let Value::Schedule(schedule) = value else {
                continue;
            };
            for (s, segment) in schedule.segments.iter().enumerate() {
                if segment.from > segment.to {
                    findings.push(finding(
                        Some(index),
                        format!("{key}.segments[{s}]"),
                        messages::arrow_reversed(segment.from, segment.to),
                    ));
                }
                for (end, year) in [("from", segment.from), ("to", segment.to)] {
                    if !period.contains(year) {
                        findings.push(finding(
                            Some(index),
                            format!("{key}.segments[{s}].{end}"),
                            messages::arrow_outside_period(
                                &year.plan_label(period.from),
                                &period.from.plan_label(period.from),
                                &period.to.plan_label(period.from),
                            ),
                        ));
                    }
                }
            }
        }
        for (key, value) in goal.fields.iter() {
            if let (Value::Choice(choice), Some(field)) = (value, sheet.goal_field(key)) {
                findings.extend(choice_finding(
                    index,
                    key.to_owned(),
                    choice,
                    &field.choices,
                ));
            }
        }

        let mut previous = None;
        let mut years_seen = HashMap::new();
        for (y, entry) in goal.years.iter().enumerate() {
            findings.extend(row_findings(plan, sheet, index, y, entry));
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
        findings.extend(indicator_findings(plan, sheet, index, goal));
    }
    findings
}

/// A choice outside its list.
fn choice_finding(index: usize, path: String, choice: &str, choices: &[String]) -> Option<Finding> {
    if choices.iter().any(|c| c == choice.trim()) {
        return None;
    }
    let listed: Vec<&str> = choices.iter().map(String::as_str).collect();
    let mut outside = finding(
        Some(index),
        path,
        messages::choice_not_in_list(choice, &listed),
    );
    outside.hint = Some(messages::choose_from_list_hint().into());
    Some(outside)
}

/// The values of one yearly row against their declarations.
fn row_findings(
    plan: &Plan,
    sheet: &Sheet,
    index: usize,
    y: usize,
    entry: &crate::data::model::YearEntry,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for column in &sheet.years.columns {
        let path = format!("years[{y}].{}", column.key);
        match (column.kind, entry.fields.get(&column.key)) {
            (Kind::Grade, Some(Value::Letter(letter))) => {
                let scale = Scale::for_field(column, plan);
                if !scale.contains(letter) {
                    let mut outside = finding(
                        Some(index),
                        path,
                        messages::letter_not_in_scale(letter.letter(), &scale.letters()),
                    );
                    outside.hint = Some(messages::no_evaluation_yet_hint(&column.key));
                    findings.push(outside);
                }
            }
            (Kind::Choice, Some(Value::Choice(choice))) => {
                findings.extend(choice_finding(index, path, choice, &column.choices));
            }
            (Kind::Derived, Some(Value::Judged(judged))) => {
                findings.extend(judged_findings(
                    index,
                    &path,
                    judged,
                    &Scale::for_field(column, plan),
                ));
            }
            (Kind::Rate, _) => {
                let number =
                    |key: &Option<String>| match key.as_deref().and_then(|k| entry.fields.get(k)) {
                        Some(Value::Number(n)) => Some(n.value),
                        _ => None,
                    };
                let denominator_key = column.denominator.clone().unwrap_or_default();
                match (number(&column.numerator), number(&column.denominator)) {
                    (Some(_), None) => {
                        let label = sheet
                            .column(&denominator_key)
                            .map_or("", |c| c.label.as_str());
                        let numerator = column.numerator.clone().unwrap_or_default();
                        findings.push(finding(
                            Some(index),
                            format!("years[{y}].{numerator}"),
                            messages::rate_without_denominator(&column.label, label),
                        ));
                    }
                    (_, Some(0.0)) => findings.push(finding(
                        Some(index),
                        format!("years[{y}].{denominator_key}"),
                        messages::rate_denominator_zero(&column.label),
                    )),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    findings
}

/// A grade a person set instead of the computed one: a letter of the scale,
/// and a reason.
fn judged_findings(
    index: usize,
    path: &str,
    judged: &crate::data::model::Judged,
    scale: &Scale,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !scale.contains(&judged.letter) {
        findings.push(finding(
            Some(index),
            format!("{path}.letter"),
            messages::letter_not_in_scale(judged.letter.letter(), &scale.letters()),
        ));
    }
    if judged.reason.trim().is_empty() {
        let mut no_reason = finding(
            Some(index),
            format!("{path}.reason"),
            messages::judged_needs_reason().into(),
        );
        no_reason.hint = Some(messages::judged_needs_reason_hint().into());
        findings.push(no_reason);
    }
    findings
}

/// A goal's indicators: the sheet has the table, years in the plan period,
/// targets to compute rates with, overrides of the sheet's scale with a
/// reason.
fn indicator_findings(plan: &Plan, sheet: &Sheet, index: usize, goal: &Goal) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(declared) = &sheet.indicators else {
        if !goal.indicators.is_empty() {
            let mut no_table = finding(
                Some(index),
                "indicators",
                messages::indicators_not_on_sheet().into(),
            );
            no_table.hint = Some(messages::indicators_not_on_sheet_hint().into());
            findings.push(no_table);
        }
        return findings;
    };
    let period = plan.period;
    let outside = |path: String, year: FiscalYear| {
        let mut outside = finding(
            Some(index),
            path,
            messages::year_outside_period(&year.prose(), &period.from.prose(), &period.to.prose()),
        );
        outside.hint = Some(messages::year_outside_period_hint().into());
        outside
    };
    for (i, indicator) in goal.indicators.iter().enumerate() {
        let base = format!("indicators[{i}]");
        for (name, years) in [("target", &indicator.target), ("actual", &indicator.actual)] {
            for year in years.keys() {
                if !period.contains(*year) {
                    findings.push(outside(format!("{base}.{name}"), *year));
                }
            }
        }
        for year in indicator.actual.keys() {
            match indicator.target_for(*year) {
                None if declared.rate.is_some() || declared.grade.is_some() => {
                    let mut no_target = finding(
                        Some(index),
                        format!("{base}.actual"),
                        messages::indicator_without_target(&indicator.name, &year.row_label()),
                    );
                    no_target.hint = Some(messages::indicator_without_target_hint().into());
                    findings.push(no_target);
                }
                Some(target) if target.value == 0.0 && declared.rate.is_some() => {
                    findings.push(finding(
                        Some(index),
                        format!("{base}.target"),
                        messages::indicator_target_zero(&indicator.name),
                    ));
                }
                _ => {}
            }
        }
        if let Some(grade) = &declared.grade {
            let scale = Scale::new(grade.scale.clone());
            for (year, judged) in &indicator.judged {
                let path = format!("{base}.judged.{}", year.row_label());
                findings.extend(judged_findings(index, &path, judged, &scale));
            }
        } else if !indicator.judged.is_empty() {
            findings.push(finding(
                Some(index),
                format!("{base}.judged"),
                messages::judged_without_grade().into(),
            ));
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
