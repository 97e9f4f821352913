//! The annual booklet: cover, contents, the plan's structure, the summary of
//! evaluations, then the year's sheets — one PDF per reported fiscal year.

use anyhow::Result;
use serde::Serialize;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::data::model::{BasicGoal, Evaluation, Goal};
use crate::documents::summary::{Summary, trend_word};
use crate::documents::{attachment, reproducible};
use crate::typeset::render::{self, Rendered};
use crate::typeset::sheet_data::{self, BlockView, GoalView};
use crate::typeset::templates;
use crate::typeset::world::SheetWorld;

/// `/data.json` for `booklet.typ`.
#[derive(Debug, Serialize)]
pub struct BookletData {
    pub plan: sheet_data::PlanView,
    /// 令和元年度 実施目標計画 進行管理報告書
    pub title: String,
    pub report_year: String,
    pub report_year_prose: String,
    /// The date of issue in prose, when the data or SOURCE_DATE_EPOCH gives one.
    pub issued: Option<String>,
    pub system: Vec<BasicGoalGroup>,
    /// The plan's scale, best first.
    pub scale: Vec<ScaleLetter>,
    pub matrix: MatrixView,
    /// The letters' meanings, only when the dataset provides them.
    pub legend: Vec<LegendEntry>,
    /// 基本目標ごとの評価: only when the plan names its 基本目標.
    pub basic_goals: Vec<BasicGoalSummary>,
    /// 評価の変化: only when the plan asks for the page.
    pub movements: Option<MovementsView>,
    pub goals: Vec<GoalView>,
}

#[derive(Debug, Serialize)]
pub struct ScaleLetter {
    pub letter: String,
    pub ranked: bool,
}

/// 計画の体系: the goals under one basic goal (or under no known one).
#[derive(Debug, Serialize)]
pub struct BasicGoalGroup {
    /// I, II, III; empty for goals whose CD is unknown.
    pub basic_goal: String,
    /// Its name, when the plan's structure gives one.
    pub name: Option<String>,
    pub goals: Vec<SystemEntry>,
}

#[derive(Debug, Serialize)]
pub struct SystemEntry {
    /// `I-1 福祉意識の醸成`, on the first goal of a named 施策.
    pub measure_heading: Option<String>,
    pub no: u32,
    pub code: [String; 3],
    pub content: Vec<BlockView>,
    pub target: Vec<BlockView>,
}

/// 評価の集計.
#[derive(Debug, Serialize)]
pub struct MatrixView {
    pub years: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// Per year: how many goals got each letter of the scale.
    pub counts: Vec<LetterCounts>,
    /// The year the change column compares with its predecessor.
    pub change_year: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub no: u32,
    pub content: String,
    pub cells: Vec<String>,
    /// 上昇, 維持 or 低下 against the previous year; empty when either is missing.
    pub change: String,
}

#[derive(Debug, Serialize)]
pub struct LetterCounts {
    pub year: String,
    /// One per letter of [`BookletData::scale`], in its order.
    pub counts: Vec<usize>,
}

/// One 基本目標 of the 評価の集計: its goals' letters counted per year, and
/// the committee's grade of it with the previous year's.
#[derive(Debug, Serialize)]
pub struct BasicGoalSummary {
    pub basic_goal: String,
    pub name: String,
    pub goals: usize,
    pub counts: Vec<LetterCounts>,
    /// 「B（前年度 C）」, when the plan gives this year's grade.
    pub grade: Option<String>,
}

/// 評価の変化: the goals whose evaluation rose or fell.
#[derive(Debug, Serialize)]
pub struct MovementsView {
    pub year: String,
    pub previous_year: String,
    pub rows: Vec<MovementRow>,
}

#[derive(Debug, Serialize)]
pub struct MovementRow {
    pub no: u32,
    pub content: String,
    pub previous: String,
    pub current: String,
    pub change: String,
}

#[derive(Debug, Serialize)]
pub struct LegendEntry {
    pub letter: String,
    pub meaning: String,
}

fn system(dataset: &Dataset, sheets: &[GoalView]) -> Vec<BasicGoalGroup> {
    let mut groups: Vec<BasicGoalGroup> = Vec::new();
    let key = |goal: &Goal| goal.plan_code.basic_goal;
    let mut ordered: Vec<(&Goal, &GoalView)> = dataset.goals.iter().zip(sheets).collect();
    // Known basic goals in order I, II, III; unknown CDs last.
    ordered.sort_by_key(|(goal, _)| (key(goal).is_none(), key(goal), goal.no));
    // The 施策 of the goal before, within its group.
    let mut last_measure = None;
    for (goal, view) in ordered {
        let label = key(goal).map(BasicGoal::label).unwrap_or_default();
        let named = key(goal).and_then(|basic| {
            dataset
                .plan
                .structure
                .iter()
                .find(|b| b.basic_goal == basic)
        });
        if groups.last().is_none_or(|g| g.basic_goal != label) {
            groups.push(BasicGoalGroup {
                basic_goal: label.to_owned(),
                name: named.map(|b| b.name.clone()),
                goals: Vec::new(),
            });
            last_measure = None;
        }
        let measure = goal.plan_code.measure;
        let measure_heading = named
            .filter(|_| last_measure != Some(measure))
            .and_then(|b| b.measures.iter().find(|m| Some(m.measure) == measure))
            .map(|m| format!("{label}-{} {}", m.measure, m.name));
        last_measure = Some(measure);
        groups
            .last_mut()
            .expect("pushed above")
            .goals
            .push(SystemEntry {
                measure_heading,
                no: goal.no,
                code: view.code.clone(),
                content: sheet_data::blocks(&goal.content),
                target: sheet_data::blocks(&goal.target),
            });
    }
    groups
}

/// Each year's counts of a summary, as the template reads them.
fn letter_counts(summary: &Summary) -> Vec<LetterCounts> {
    summary
        .counts()
        .into_iter()
        .zip(&summary.years)
        .map(|(counts, year)| LetterCounts {
            year: year.row_label(),
            counts,
        })
        .collect()
}

fn matrix(summary: &Summary) -> MatrixView {
    let last = summary.years.len().checked_sub(1).filter(|l| *l > 0);
    let rows = summary
        .rows
        .iter()
        .map(|row| MatrixRow {
            no: row.no,
            content: row.content.clone(),
            cells: row
                .evaluations
                .iter()
                .map(|e| {
                    e.as_ref()
                        .map(|e| e.letter().to_owned())
                        .unwrap_or_default()
                })
                .collect(),
            change: last
                .and_then(|last| {
                    summary.scale.trend(
                        row.evaluations[last - 1].as_ref(),
                        row.evaluations[last].as_ref(),
                    )
                })
                .map(trend_word)
                .unwrap_or_default()
                .to_owned(),
        })
        .collect();
    MatrixView {
        years: summary.years.iter().map(|y| y.row_label()).collect(),
        rows,
        counts: letter_counts(summary),
        change_year: last.map(|l| summary.years[l].row_label()),
    }
}

/// 基本目標ごとの評価, for each 基本目標 the plan names.
fn basic_goals(dataset: &Dataset, summary: &Summary, year: FiscalYear) -> Vec<BasicGoalSummary> {
    dataset
        .plan
        .structure
        .iter()
        .map(|named| {
            let members: Vec<u32> = dataset
                .goals
                .iter()
                .filter(|g| g.plan_code.basic_goal == Some(named.basic_goal))
                .map(|g| g.no)
                .collect();
            let part = Summary {
                rows: summary
                    .rows
                    .iter()
                    .filter(|row| members.contains(&row.no))
                    .cloned()
                    .collect(),
                ..summary.clone()
            };
            let grade = named
                .grades
                .get(&year)
                .map(|current| messages_grade(current, named.grades.get(&year.prev())));
            BasicGoalSummary {
                basic_goal: named.basic_goal.label().to_owned(),
                name: named.name.clone(),
                goals: members.len(),
                counts: letter_counts(&part),
                grade,
            }
        })
        .collect()
}

/// 「B（前年度 C）」, or just 「B」 without a previous grade.
fn messages_grade(current: &Evaluation, previous: Option<&Evaluation>) -> String {
    match previous {
        Some(previous) => format!("{}（前年度 {}）", current.letter(), previous.letter()),
        None => current.letter().to_owned(),
    }
}

/// The booklet's data for fiscal year `year`.
pub fn booklet_data(dataset: &Dataset, year: FiscalYear) -> Result<BookletData> {
    let packet = sheet_data::packet(dataset, year, &[], false);
    let issued = reproducible::issue_date(dataset.plan.issued.get(&year).copied())?;
    let summary = Summary::new(dataset, Some(year));
    let movements = dataset.plan.changes_page.then(|| MovementsView {
        year: year.row_label(),
        previous_year: year.prev().row_label(),
        rows: summary
            .movements()
            .into_iter()
            .map(|m| MovementRow {
                no: m.no,
                content: m.content,
                previous: m.previous.letter().to_owned(),
                current: m.current.letter().to_owned(),
                change: trend_word(m.trend).to_owned(),
            })
            .collect(),
    });
    Ok(BookletData {
        title: format!("{} 実施目標計画 進行管理報告書", year.prose()),
        report_year: packet.report_year,
        report_year_prose: packet.report_year_prose,
        issued: issued
            .and_then(reproducible::calendar_date)
            .map(|date| date.prose()),
        system: system(dataset, &packet.goals),
        scale: summary
            .scale
            .grades()
            .iter()
            .map(|g| ScaleLetter {
                letter: g.letter.letter().to_owned(),
                ranked: g.ranked,
            })
            .collect(),
        matrix: matrix(&summary),
        legend: summary
            .scale
            .grades()
            .iter()
            .filter_map(|g| {
                Some(LegendEntry {
                    letter: g.letter.letter().to_owned(),
                    meaning: g.meaning.clone()?,
                })
            })
            .collect(),
        basic_goals: basic_goals(dataset, &summary, year),
        movements,
        plan: packet.plan,
        goals: packet.goals,
    })
}

/// A laid-out booklet and its PDF.
pub struct Booklet {
    pub year: FiscalYear,
    pub rendered: Rendered,
    pub pdf: Vec<u8>,
}

/// Lays out the booklet of `year` (default: the latest with results).
pub fn make_booklet(
    world: &mut SheetWorld,
    dataset: &Dataset,
    year: Option<FiscalYear>,
) -> Result<Booklet> {
    let year = dataset.report_year(year)?;
    let data = booklet_data(dataset, year)?;
    let rendered = render::compile(
        world,
        templates::BOOKLET_MAIN,
        serde_json::to_vec(&data)?,
        attachment::dataset_yaml(dataset),
    )?;
    let export = reproducible::export_options(dataset, "booklet", year)?;
    let pdf = render::export_pdf(world, &rendered.document, &export)?;
    Ok(Booklet {
        year,
        rendered,
        pdf,
    })
}
