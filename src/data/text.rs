//! Every text a dataset prints, with where it was written: what the glyph
//! coverage and the placeholder check read.

use crate::data::model::{Block, Goal, Plan, RichText, TaggedBlock, Value};
use crate::data::sheet::Sheet;

/// `text` on one line: its words with one space between them.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whose a text is: the plan's, the sheet declaration's, or a goal's (by
/// its index in the dataset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Plan,
    Sheet,
    Goal(usize),
}

/// One text of the dataset: whose it is, its path relative to that owner
/// (`title`, `years[2].results[1].list[0]`), and the text.
#[derive(Debug, Clone)]
pub struct TextField<'a> {
    pub owner: Owner,
    pub path: String,
    pub text: &'a str,
}

/// Every text the sheets (and the booklet) print, with where it was
/// written. `sheet` is the declaration the dataset writes out (`None` for
/// the default, whose words are the program's own).
pub fn text_fields<'a>(
    plan: &'a Plan,
    sheet: Option<&'a Sheet>,
    goals: &'a [Goal],
) -> Vec<TextField<'a>> {
    let mut out = Vec::new();
    let mut plan_text = |path: String, text: &'a str| {
        out.push(TextField {
            owner: Owner::Plan,
            path,
            text,
        })
    };
    plan_text("title".into(), &plan.title);
    for (i, issuer) in plan.issuers.iter().enumerate() {
        plan_text(format!("issuers[{i}]"), issuer);
    }
    plan_text("packet_label".into(), &plan.packet_label);
    for (letter, meaning) in &plan.legend {
        plan_text(format!("legend.{}", letter.letter()), meaning);
    }
    for (i, grade) in plan.scale.iter().enumerate() {
        if let Some(meaning) = &grade.meaning {
            plan_text(format!("scale[{i}].meaning"), meaning);
        }
    }
    for (b, basic) in plan.structure.iter().enumerate() {
        plan_text(format!("structure[{b}].name"), &basic.name);
        for (m, measure) in basic.measures.iter().enumerate() {
            plan_text(format!("structure[{b}].measures[{m}].name"), &measure.name);
        }
    }
    if let Some(sheet) = sheet {
        sheet_texts(sheet, &mut out);
    }
    for (g, goal) in goals.iter().enumerate() {
        goal_texts(g, goal, &mut out);
    }
    out
}

/// The words of a declared sheet that are printed: its title, labels,
/// choices and the meanings of its scales.
fn sheet_texts<'a>(sheet: &'a Sheet, out: &mut Vec<TextField<'a>>) {
    let mut push = |path: String, text: &'a str| {
        out.push(TextField {
            owner: Owner::Sheet,
            path,
            text,
        })
    };
    push("title".into(), &sheet.title);
    let fields = sheet
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (format!("fields[{i}]"), f))
        .chain(
            sheet
                .years
                .columns
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("years.columns[{i}]"), f)),
        );
    for (path, field) in fields {
        push(format!("{path}.label"), &field.label);
        let optional = [
            ("group", &field.group),
            ("unit", &field.unit),
            ("city", &field.city),
            ("council", &field.council),
        ];
        for (key, text) in optional {
            if let Some(text) = text {
                push(format!("{path}.{key}"), text);
            }
        }
        for (c, choice) in field.choices.iter().enumerate() {
            push(format!("{path}.choices[{c}]"), choice);
        }
        for (s, grade) in field.scale.iter().enumerate() {
            push(format!("{path}.scale[{s}].letter"), grade.letter.letter());
            if let Some(meaning) = &grade.meaning {
                push(format!("{path}.scale[{s}].meaning"), meaning);
            }
        }
    }
    for (s, section) in sheet.plan.iter().enumerate() {
        if let Some(group) = &section.group {
            push(format!("plan[{s}].group"), group);
        }
    }
    push("years.label".into(), &sheet.years.label);
    if let Some(indicators) = &sheet.indicators {
        push("indicators.label".into(), &indicators.label);
        if let Some(rate) = &indicators.rate {
            push("indicators.rate".into(), rate);
        }
        if let Some(grade) = &indicators.grade {
            push("indicators.grade.label".into(), &grade.label);
            for (s, letter) in grade.scale.iter().enumerate() {
                push(
                    format!("indicators.grade.scale[{s}].letter"),
                    letter.letter.letter(),
                );
                if let Some(meaning) = &letter.meaning {
                    push(format!("indicators.grade.scale[{s}].meaning"), meaning);
                }
            }
        }
    }
}

/// The texts of a rich cell, each with its path below `path`.
fn rich<'a>(path: &str, text: &'a RichText, push: &mut dyn FnMut(String, &'a str)) {
    match text {
        RichText::Empty => {}
        RichText::Plain(s) => push(path.to_owned(), s),
        RichText::Blocks(blocks) => {
            for (b, block) in blocks.iter().enumerate() {
                match block {
                    Block::Paragraph(s) => push(format!("{path}[{b}]"), s),
                    Block::Tagged(TaggedBlock::Paragraph(s)) => {
                        push(format!("{path}[{b}].paragraph"), s)
                    }
                    Block::Tagged(TaggedBlock::Heading(s)) => {
                        push(format!("{path}[{b}].heading"), s)
                    }
                    Block::Tagged(TaggedBlock::List(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            push(format!("{path}[{b}].list[{i}]"), item);
                        }
                    }
                    Block::Tagged(TaggedBlock::Table(rows)) => {
                        for (r, row) in rows.iter().enumerate() {
                            for (c, cell) in row.iter().enumerate() {
                                push(format!("{path}[{b}].table[{r}][{c}]"), cell);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The texts of one declared value at `path`.
fn value_texts<'a>(path: &str, value: &'a Value, push: &mut dyn FnMut(String, &'a str)) {
    match value {
        Value::Text(text) => rich(path, text, push),
        Value::Choice(choice) => push(path.to_owned(), choice),
        Value::Judged(judged) => push(format!("{path}.reason"), &judged.reason),
        Value::Schedule(schedule) => {
            for (s, segment) in schedule.segments.iter().enumerate() {
                if let Some(label) = &segment.label {
                    push(format!("{path}.segments[{s}].label"), label);
                }
            }
        }
        Value::Programmes(programmes) => {
            for (p, programme) in programmes.city.iter().enumerate() {
                push(format!("{path}.city[{p}].name"), &programme.name);
                for (s, section) in programme.sections.iter().enumerate() {
                    push(format!("{path}.city[{p}].sections[{s}]"), section);
                }
            }
            for (p, programme) in programmes.council.iter().enumerate() {
                push(format!("{path}.council[{p}]"), programme);
            }
        }
        Value::Letter(_) | Value::Number(_) => {}
    }
}

fn goal_texts<'a>(g: usize, goal: &'a Goal, out: &mut Vec<TextField<'a>>) {
    let mut push = |path: String, text: &'a str| {
        out.push(TextField {
            owner: Owner::Goal(g),
            path,
            text,
        })
    };
    for (key, value) in goal.fields.iter() {
        value_texts(key, value, &mut push);
    }
    for (o, owner) in goal.owners.iter().enumerate() {
        push(format!("owners[{o}]"), owner);
    }
    for (i, indicator) in goal.indicators.iter().enumerate() {
        push(format!("indicators[{i}].name"), &indicator.name);
        if let Some(unit) = &indicator.unit {
            push(format!("indicators[{i}].unit"), unit);
        }
        for (year, judged) in &indicator.judged {
            push(
                format!("indicators[{i}].judged.{}.reason", year.row_label()),
                &judged.reason,
            );
        }
    }
    for (y, entry) in goal.years.iter().enumerate() {
        for (key, value) in entry.fields.iter() {
            value_texts(&format!("years[{y}].{key}"), value, &mut push);
        }
    }
}
