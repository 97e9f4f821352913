//! Every text a dataset prints, with where it was written: what the glyph
//! coverage and the placeholder check read.

use crate::data::model::{Block, Goal, Plan, RichText, TaggedBlock};

/// One text of the dataset: whose it is (a goal's index, or the plan's when
/// `None`), its path relative to that owner (`title`,
/// `years[2].results[1].list[0]`), and the text.
#[derive(Debug, Clone)]
pub struct TextField<'a> {
    pub goal: Option<usize>,
    pub path: String,
    pub text: &'a str,
}

/// Every text the sheets (and the booklet) print, with where it was written.
pub fn text_fields<'a>(plan: &'a Plan, goals: &'a [Goal]) -> Vec<TextField<'a>> {
    let mut out = Vec::new();
    out.push(TextField {
        goal: None,
        path: "title".into(),
        text: &plan.title,
    });
    for (i, issuer) in plan.issuers.iter().enumerate() {
        out.push(TextField {
            goal: None,
            path: format!("issuers[{i}]"),
            text: issuer,
        });
    }
    out.push(TextField {
        goal: None,
        path: "packet_label".into(),
        text: &plan.packet_label,
    });
    for (letter, meaning) in &plan.legend {
        out.push(TextField {
            goal: None,
            path: format!("legend.{}", letter.letter()),
            text: meaning,
        });
    }
    for (i, grade) in plan.scale.iter().enumerate() {
        if let Some(meaning) = &grade.meaning {
            out.push(TextField {
                goal: None,
                path: format!("scale[{i}].meaning"),
                text: meaning,
            });
        }
    }
    for (b, basic) in plan.structure.iter().enumerate() {
        out.push(TextField {
            goal: None,
            path: format!("structure[{b}].name"),
            text: &basic.name,
        });
        for (m, measure) in basic.measures.iter().enumerate() {
            out.push(TextField {
                goal: None,
                path: format!("structure[{b}].measures[{m}].name"),
                text: &measure.name,
            });
        }
    }
    for (g, goal) in goals.iter().enumerate() {
        goal_fields(g, goal, &mut out);
    }
    out
}

fn goal_fields<'a>(g: usize, goal: &'a Goal, out: &mut Vec<TextField<'a>>) {
    let mut push = |path: String, text: &'a str| {
        out.push(TextField {
            goal: Some(g),
            path,
            text,
        })
    };
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
    rich("content", &goal.content, &mut push);
    rich("target", &goal.target, &mut push);
    for (s, segment) in goal.schedule.segments.iter().enumerate() {
        if let Some(label) = &segment.label {
            push(format!("schedule.segments[{s}].label"), label);
        }
    }
    rich("notes", &goal.notes, &mut push);
    rich("direction", &goal.direction, &mut push);
    for (p, programme) in goal.programmes.city.iter().enumerate() {
        push(format!("programmes.city[{p}].name"), &programme.name);
        for (s, section) in programme.sections.iter().enumerate() {
            push(format!("programmes.city[{p}].sections[{s}]"), section);
        }
    }
    for (p, programme) in goal.programmes.council.iter().enumerate() {
        push(format!("programmes.council[{p}]"), programme);
    }
    for (y, entry) in goal.years.iter().enumerate() {
        rich(
            &format!("years[{y}].activities"),
            &entry.activities,
            &mut push,
        );
        rich(&format!("years[{y}].results"), &entry.results, &mut push);
        rich(
            &format!("years[{y}].challenges"),
            &entry.challenges,
            &mut push,
        );
        rich(&format!("years[{y}].remarks"), &entry.remarks, &mut push);
    }
}
