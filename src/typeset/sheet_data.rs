//! The data the templates read: the model turned into plain JSON values,
//! with every label already as the sheet prints it.
//!
//! Text stays text: each string becomes a JSON string that the template
//! places as a string, so nothing in the data can act as markup.

use serde::Serialize;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::data::model::{Block, Goal, RichText, TaggedBlock};

/// The packet's data: `/data.json` for `sheets.typ`.
#[derive(Debug, Serialize)]
pub struct PacketData {
    pub plan: PlanView,
    /// The fiscal year being reported, as rows print it (R1).
    pub report_year: String,
    /// The same in prose (令和元年度).
    pub report_year_prose: String,
    /// Whether these sheets start the packet, so that the first one carries
    /// the packet label (see [`PacketData::into_parts`]).
    pub opens_packet: bool,
    /// Whether shrunk sheets report the height of each field.
    pub measure_fields: bool,
    pub goals: Vec<GoalView>,
}

impl PacketData {
    /// The packet as consecutive parts of at most `goals_per_part` goals
    /// each, to be laid out one at a time; only the first opens the packet.
    pub fn into_parts(self, goals_per_part: usize) -> Vec<PacketData> {
        let PacketData {
            plan,
            report_year,
            report_year_prose,
            measure_fields,
            goals,
            ..
        } = self;
        let mut goals = goals.into_iter().peekable();
        let mut parts = Vec::new();
        while parts.is_empty() || goals.peek().is_some() {
            parts.push(PacketData {
                plan: plan.clone(),
                report_year: report_year.clone(),
                report_year_prose: report_year_prose.clone(),
                opens_packet: parts.is_empty(),
                measure_fields,
                goals: goals.by_ref().take(goals_per_part.max(1)).collect(),
            });
        }
        parts
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub title: String,
    pub issuers: Vec<String>,
    pub packet_label: String,
    /// The plan's year strip heading: 28 29 30 31 32.
    pub strip_years: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct GoalView {
    pub no: u32,
    /// The three CD cells; an unknown part is an empty cell.
    pub code: [String; 3],
    pub content: Vec<BlockView>,
    pub target: Vec<BlockView>,
    pub schedule: ScheduleView,
    pub notes: Vec<BlockView>,
    pub direction: Vec<BlockView>,
    /// 関係取組・事業 of the city and of the council, as printed.
    pub city: String,
    pub council: String,
    pub rows: Vec<RowView>,
}

#[derive(Debug, Serialize)]
pub struct ScheduleView {
    pub segments: Vec<SegmentView>,
    pub new: bool,
}

/// An arrow from strip column `start` to `end` (0-based, inclusive).
#[derive(Debug, Serialize)]
pub struct SegmentView {
    pub start: usize,
    pub end: usize,
    pub label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub year: String,
    pub activities: Vec<BlockView>,
    pub results: Vec<BlockView>,
    pub challenges: Vec<BlockView>,
    pub evaluation: String,
    pub remarks: Vec<BlockView>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph { text: String },
    List { items: Vec<String> },
    Heading { text: String },
    Table { rows: Vec<Vec<String>> },
}

/// A rich cell as the blocks the templates print.
pub fn blocks(text: &RichText) -> Vec<BlockView> {
    text.blocks()
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(text) | Block::Tagged(TaggedBlock::Paragraph(text)) => {
                BlockView::Paragraph { text }
            }
            Block::Tagged(TaggedBlock::List(items)) => BlockView::List { items },
            Block::Tagged(TaggedBlock::Heading(text)) => BlockView::Heading { text },
            Block::Tagged(TaggedBlock::Table(rows)) => BlockView::Table { rows },
        })
        .collect()
}

fn goal_view(dataset: &Dataset, goal: &Goal, report_year: FiscalYear) -> GoalView {
    let plan_years: Vec<FiscalYear> = dataset.plan.period.years().collect();
    let column = |year: FiscalYear| {
        plan_years
            .iter()
            .position(|y| *y == year)
            .expect("validation keeps arrows inside the plan period")
    };
    let code = &goal.plan_code;
    let rows = goal
        .years
        .iter()
        .filter(|entry| entry.year <= report_year.next())
        .map(|entry| {
            let plan_only = entry.year > report_year;
            let reported = |text: &RichText| if plan_only { Vec::new() } else { blocks(text) };
            RowView {
                year: entry.year.row_label(),
                activities: blocks(&entry.activities),
                results: reported(&entry.results),
                challenges: reported(&entry.challenges),
                evaluation: match &entry.evaluation {
                    Some(letter) if !plan_only => letter.letter().to_owned(),
                    _ => String::new(),
                },
                remarks: reported(&entry.remarks),
            }
        })
        .collect();
    GoalView {
        no: goal.no,
        code: [
            code.basic_goal
                .map(|g| g.label().to_owned())
                .unwrap_or_default(),
            code.measure.map(|m| m.to_string()).unwrap_or_default(),
            code.sub_measure.map(|s| s.label()).unwrap_or_default(),
        ],
        content: blocks(&goal.content),
        target: blocks(&goal.target),
        schedule: ScheduleView {
            segments: goal
                .schedule
                .segments
                .iter()
                .map(|s| SegmentView {
                    start: column(s.from),
                    end: column(s.to),
                    label: s.label.clone(),
                })
                .collect(),
            new: goal.schedule.new,
        },
        notes: blocks(&goal.notes),
        direction: blocks(&goal.direction),
        city: goal.programmes.city_line(),
        council: goal.programmes.council_line(),
        rows,
    }
}

/// The packet for `report_year`: rows up to that year with their results,
/// the next year's row with its plan only. `only` keeps the listed goals;
/// `measure_fields` asks shrunk sheets for the height of each field.
pub fn packet(
    dataset: &Dataset,
    report_year: FiscalYear,
    only: &[u32],
    measure_fields: bool,
) -> PacketData {
    PacketData {
        plan: PlanView {
            title: dataset.plan.title.clone(),
            issuers: dataset.plan.issuers.clone(),
            packet_label: dataset.plan.packet_label.clone(),
            strip_years: dataset
                .plan
                .period
                .years()
                .map(|y| y.plan_label(dataset.plan.period.from))
                .collect(),
        },
        report_year: report_year.row_label(),
        report_year_prose: report_year.prose(),
        opens_packet: true,
        measure_fields,
        goals: dataset
            .goals
            .iter()
            .filter(|goal| only.is_empty() || only.contains(&goal.no))
            .map(|goal| goal_view(dataset, goal, report_year))
            .collect(),
    }
}
