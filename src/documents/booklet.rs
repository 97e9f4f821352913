//! The annual booklet: cover, contents, the plan's structure, the summary of
//! evaluations, then the year's sheets — one PDF per reported fiscal year.

use anyhow::Result;
use serde::Serialize;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::data::model::{BasicGoal, Evaluation, Goal};
use crate::documents::summary::Summary;
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
    pub matrix: MatrixView,
    /// The letters' meanings, only when the dataset provides them.
    pub legend: Vec<LegendEntry>,
    pub goals: Vec<GoalView>,
}

/// 計画の体系: the goals under one basic goal (or under no known one).
#[derive(Debug, Serialize)]
pub struct BasicGoalGroup {
    /// I, II, III; empty for goals whose CD is unknown.
    pub basic_goal: String,
    pub goals: Vec<SystemEntry>,
}

#[derive(Debug, Serialize)]
pub struct SystemEntry {
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
    /// Per year: how many goals got A, B, C, D.
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
    pub a: usize,
    pub b: usize,
    pub c: usize,
    pub d: usize,
}

#[derive(Debug, Serialize)]
pub struct LegendEntry {
    pub letter: String,
    pub meaning: String,
}

/// The change of an evaluation from one year to the next (A is best).
pub fn change(previous: Option<Evaluation>, current: Option<Evaluation>) -> &'static str {
    match (previous, current) {
        (Some(p), Some(c)) if c < p => "上昇",
        (Some(p), Some(c)) if c == p => "維持",
        (Some(_), Some(_)) => "低下",
        _ => "",
    }
}

fn system(dataset: &Dataset, sheets: &[GoalView]) -> Vec<BasicGoalGroup> {
    let mut groups: Vec<BasicGoalGroup> = Vec::new();
    let key = |goal: &Goal| goal.plan_code.basic_goal;
    let mut ordered: Vec<(&Goal, &GoalView)> = dataset.goals.iter().zip(sheets).collect();
    // Known basic goals in order I, II, III; unknown CDs last.
    ordered.sort_by_key(|(goal, _)| (key(goal).is_none(), key(goal), goal.no));
    for (goal, view) in ordered {
        let label = key(goal).map(BasicGoal::label).unwrap_or_default();
        if groups.last().is_none_or(|g| g.basic_goal != label) {
            groups.push(BasicGoalGroup {
                basic_goal: label.to_owned(),
                goals: Vec::new(),
            });
        }
        groups
            .last_mut()
            .expect("pushed above")
            .goals
            .push(SystemEntry {
                no: goal.no,
                code: view.code.clone(),
                content: sheet_data::blocks(&goal.content),
                target: sheet_data::blocks(&goal.target),
            });
    }
    groups
}

fn matrix(dataset: &Dataset, year: FiscalYear) -> MatrixView {
    let summary = Summary::new(dataset, Some(year));
    let last = summary.years.len().checked_sub(1);
    let rows = summary
        .rows
        .iter()
        .map(|row| MatrixRow {
            no: row.no,
            content: row.content.clone(),
            cells: row
                .evaluations
                .iter()
                .map(|e| e.map(|e| e.letter().to_owned()).unwrap_or_default())
                .collect(),
            change: match last {
                Some(last) if last > 0 => {
                    change(row.evaluations[last - 1], row.evaluations[last]).to_owned()
                }
                _ => String::new(),
            },
        })
        .collect();
    let counts = summary
        .counts()
        .iter()
        .zip(&summary.years)
        .map(|(counts, year)| LetterCounts {
            year: year.row_label(),
            a: counts[&Evaluation::A],
            b: counts[&Evaluation::B],
            c: counts[&Evaluation::C],
            d: counts[&Evaluation::D],
        })
        .collect();
    MatrixView {
        years: summary.years.iter().map(|y| y.row_label()).collect(),
        rows,
        counts,
        change_year: last
            .filter(|l| *l > 0)
            .map(|l| summary.years[l].row_label()),
    }
}

/// The booklet's data for fiscal year `year`.
pub fn booklet_data(dataset: &Dataset, year: FiscalYear) -> Result<BookletData> {
    let packet = sheet_data::packet(dataset, year, &[], false);
    let issued = reproducible::issue_date(dataset.plan.issued.get(&year).copied())?;
    Ok(BookletData {
        title: format!("{} 実施目標計画 進行管理報告書", year.prose()),
        report_year: packet.report_year,
        report_year_prose: packet.report_year_prose,
        issued: issued
            .and_then(reproducible::calendar_date)
            .map(|date| date.prose()),
        system: system(dataset, &packet.goals),
        matrix: matrix(dataset, year),
        legend: dataset
            .plan
            .legend
            .iter()
            .map(|(letter, meaning)| LegendEntry {
                letter: letter.letter().to_owned(),
                meaning: meaning.clone(),
            })
            .collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_better_letter_is_a_rise() {
        use Evaluation::*;
        assert_eq!(change(Some(C), Some(B)), "上昇");
        assert_eq!(change(Some(B), Some(B)), "維持");
        assert_eq!(change(Some(B), Some(D)), "低下");
        assert_eq!(change(None, Some(B)), "");
        assert_eq!(change(Some(B), None), "");
    }
}
