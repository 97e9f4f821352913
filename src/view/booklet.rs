//! The annual booklet as it prints: the cover's words, 計画の体系, the
//! summaries of evaluations (per graded column, per 基本目標, the changes
//! against the year before, the indicators), then the year's sheets.

use serde::Serialize;

use crate::data::Dataset;
use crate::data::derive;
use crate::data::era::FiscalYear;
use crate::data::model::{BasicGoal, Evaluation, Goal};
use crate::data::scale::Scale;
use crate::messages;
use crate::view::sheet::{self, BlockView, Frame, PlanView, SheetView};
use crate::view::summary::{GradeColumn, Summary};

/// `/data.json` for `booklet.typ`.
#[derive(Debug, Serialize)]
pub struct BookletView {
    pub plan: PlanView,
    pub frame: Frame,
    /// 令和元年度 実施目標計画 進行管理報告書
    pub title: String,
    pub report_year: String,
    pub report_year_prose: String,
    /// The date of issue in prose, when the data or SOURCE_DATE_EPOCH gives one.
    pub issued: Option<String>,
    pub system: SystemView,
    /// The heading of a goal's name in the tables (内容, 事業名 …).
    pub name_label: String,
    /// 評価の集計: one matrix per graded column of the sheet.
    pub matrices: Vec<MatrixView>,
    /// 基本目標ごとの評価: only when the plan names its 基本目標.
    pub basic_goals: Vec<BasicGoalSummary>,
    /// 評価の変化: only when the plan asks for the page.
    pub movements: Option<MovementsView>,
    /// 指標の集計: only when the sheet has indicators.
    pub indicators: Option<IndicatorsSummary>,
    pub goals: Vec<SheetView>,
}

/// 計画の体系: the goals grouped by 基本目標, with the fields the sheet
/// marks for it.
#[derive(Debug, Serialize)]
pub struct SystemView {
    /// The headings of the fields shown (内容, 目標).
    pub labels: Vec<String>,
    pub groups: Vec<BasicGoalGroup>,
}

#[derive(Debug, Serialize)]
pub struct ScaleLetter {
    pub letter: String,
    pub ranked: bool,
}

/// The goals under one basic goal (or under no known one).
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
    /// One text per label of [`SystemView::labels`].
    pub fields: Vec<Vec<BlockView>>,
}

/// 評価の集計 of one graded column.
#[derive(Debug, Serialize)]
pub struct MatrixView {
    /// The column's heading (評価, 自己評価 …).
    pub label: String,
    /// Its scale, best first.
    pub scale: Vec<ScaleLetter>,
    /// The letters' meanings, only when the dataset provides them.
    pub legend: Vec<LegendEntry>,
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
    /// One per letter of the matrix's scale, in its order.
    pub counts: Vec<usize>,
}

/// One 基本目標 of the 評価の集計: its goals' letters counted per year for
/// each matrix, and the committee's grade of it with the previous year's.
#[derive(Debug, Serialize)]
pub struct BasicGoalSummary {
    pub basic_goal: String,
    pub name: String,
    pub goals: usize,
    /// One per matrix, in order.
    pub counts: Vec<Vec<LetterCounts>>,
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

/// 指標の集計: each indicator's rate and grade in the year, by 基本目標.
#[derive(Debug, Serialize)]
pub struct IndicatorsSummary {
    pub label: String,
    /// The headings of a row: No., 指標, 実績値, 達成率, 判定.
    pub headings: Vec<String>,
    /// The grade's scale, when grades are computed.
    pub scale: Vec<ScaleLetter>,
    pub legend: Vec<LegendEntry>,
    pub groups: Vec<IndicatorGroup>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorGroup {
    /// 基本目標 I … (empty when unknown), with its name when given.
    pub heading: String,
    pub rows: Vec<Vec<String>>,
    /// How many of the group's indicators got each letter.
    pub counts: Vec<usize>,
}

/// The order of goals under the booklet's 基本目標: known ones in order,
/// unknown CDs last.
fn by_basic_goal(dataset: &Dataset) -> Vec<(usize, &Goal)> {
    let key = |goal: &Goal| goal.plan_code.basic_goal;
    let mut ordered: Vec<(usize, &Goal)> = dataset.goals.iter().enumerate().collect();
    ordered.sort_by_key(|(_, goal)| (key(goal).is_none(), key(goal), goal.no));
    ordered
}

fn system(dataset: &Dataset, sheets: &[SheetView]) -> SystemView {
    let fields: Vec<_> = dataset
        .sheet()
        .fields
        .iter()
        .filter(|f| f.summary)
        .collect();
    let mut groups: Vec<BasicGoalGroup> = Vec::new();
    // The 施策 of the goal before, within its group.
    let mut last_measure = None;
    for (index, goal) in by_basic_goal(dataset) {
        let basic = goal.plan_code.basic_goal;
        let label = basic.map(BasicGoal::label).unwrap_or_default();
        let named = basic.and_then(|basic| {
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
            .map(|m| messages::measure_heading(label, m.measure, &m.name));
        last_measure = Some(measure);
        groups
            .last_mut()
            .expect("pushed above")
            .goals
            .push(SystemEntry {
                measure_heading,
                no: goal.no,
                code: sheets[index].code.clone(),
                fields: fields
                    .iter()
                    .map(|f| sheet::blocks(goal.fields.text(&f.key)))
                    .collect(),
            });
    }
    SystemView {
        labels: fields.iter().map(|f| f.label.clone()).collect(),
        groups,
    }
}

fn scale_letters(scale: &Scale) -> Vec<ScaleLetter> {
    scale
        .grades()
        .iter()
        .map(|g| ScaleLetter {
            letter: g.letter.letter().to_owned(),
            ranked: g.ranked,
        })
        .collect()
}

fn legend(scale: &Scale) -> Vec<LegendEntry> {
    scale
        .grades()
        .iter()
        .filter_map(|g| {
            Some(LegendEntry {
                letter: g.letter.letter().to_owned(),
                meaning: g.meaning.clone()?,
            })
        })
        .collect()
}

/// Each year's counts of a column, as the template reads them.
fn letter_counts(summary: &Summary, column: &GradeColumn) -> Vec<LetterCounts> {
    column
        .counts(summary.years.len())
        .into_iter()
        .zip(&summary.years)
        .map(|(counts, year)| LetterCounts {
            year: year.row_label(),
            counts,
        })
        .collect()
}

fn matrix(summary: &Summary, column: &GradeColumn) -> MatrixView {
    let last = summary.years.len().checked_sub(1).filter(|l| *l > 0);
    let rows = summary
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| MatrixRow {
            no: row.no,
            content: row.content.clone(),
            cells: column.cells[i]
                .iter()
                .map(|e| {
                    e.as_ref()
                        .map(|e| e.letter().to_owned())
                        .unwrap_or_default()
                })
                .collect(),
            change: column
                .trend(i)
                .map(|t| t.word())
                .unwrap_or_default()
                .to_owned(),
        })
        .collect();
    MatrixView {
        label: column.label.clone(),
        scale: scale_letters(&column.scale),
        legend: legend(&column.scale),
        years: summary.years.iter().map(|y| y.row_label()).collect(),
        rows,
        counts: letter_counts(summary, column),
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
            let members: Vec<usize> = dataset
                .goals
                .iter()
                .enumerate()
                .filter(|(_, g)| g.plan_code.basic_goal == Some(named.basic_goal))
                .map(|(i, _)| i)
                .collect();
            let grade = named
                .grades
                .get(&year)
                .map(|current| grade_with_previous(current, named.grades.get(&year.prev())));
            BasicGoalSummary {
                basic_goal: named.basic_goal.label().to_owned(),
                name: named.name.clone(),
                goals: members.len(),
                counts: summary
                    .columns
                    .iter()
                    .map(|column| letter_counts(summary, &column.only(&members)))
                    .collect(),
                grade,
            }
        })
        .collect()
}

/// 「B（前年度 C）」, or just 「B」 without a previous grade.
fn grade_with_previous(current: &Evaluation, previous: Option<&Evaluation>) -> String {
    match previous {
        Some(previous) => messages::grade_with_previous(current.letter(), previous.letter()),
        None => current.letter().to_owned(),
    }
}

/// 指標の集計 for `year`, when the sheet has indicators.
fn indicators(dataset: &Dataset, year: FiscalYear) -> Option<IndicatorsSummary> {
    let declared = dataset.sheet().indicators.as_ref()?;
    let scale = declared.grade.as_ref().map(|g| Scale::new(g.scale.clone()));
    let mut groups: Vec<IndicatorGroup> = Vec::new();
    for (_, goal) in by_basic_goal(dataset) {
        if goal.indicators.is_empty() {
            continue;
        }
        let basic = goal.plan_code.basic_goal;
        let heading = match basic {
            Some(basic) => {
                let name = dataset
                    .plan
                    .structure
                    .iter()
                    .find(|b| b.basic_goal == basic)
                    .map(|b| b.name.as_str());
                messages::basic_goal_heading(basic.label(), name)
            }
            None => messages::basic_goal_unknown_heading().to_owned(),
        };
        if groups.last().is_none_or(|g| g.heading != heading) {
            groups.push(IndicatorGroup {
                heading,
                rows: Vec::new(),
                counts: vec![0; scale.as_ref().map_or(0, |s| s.grades().len())],
            });
        }
        let group = groups.last_mut().expect("pushed above");
        for indicator in &goal.indicators {
            let unit = indicator.unit.as_deref().unwrap_or_default();
            let mut row = vec![
                goal.no.to_string(),
                indicator.name.clone(),
                indicator
                    .actual
                    .get(&year)
                    .map(|n| format!("{}{unit}", n.display(None)))
                    .unwrap_or_default(),
            ];
            if declared.rate.is_some() {
                row.push(
                    derive::indicator_rate(indicator, year)
                        .map(|r| {
                            format!(
                                "{}%",
                                crate::data::model::format_number(
                                    r,
                                    declared.decimals.unwrap_or(1)
                                )
                            )
                        })
                        .unwrap_or_default(),
                );
            }
            if let (Some(grade), Some(scale)) = (&declared.grade, &scale) {
                let derived = derive::indicator_grade(indicator, year, &grade.rule);
                if let Some(d) = &derived
                    && let Some(i) = scale.grades().iter().position(|g| g.letter == d.letter)
                {
                    group.counts[i] += 1;
                }
                row.push(match derived {
                    Some(d) if d.changed.is_some() => format!("{}※", d.letter.letter()),
                    Some(d) => d.letter.letter().to_owned(),
                    None => String::new(),
                });
            }
            group.rows.push(row);
        }
    }
    let mut headings = vec![
        messages::goal_no_heading().to_owned(),
        messages::indicator_name_heading().to_owned(),
        messages::indicator_actual_heading().to_owned(),
    ];
    headings.extend(declared.rate.clone());
    headings.extend(declared.grade.as_ref().map(|g| g.label.clone()));
    Some(IndicatorsSummary {
        label: declared.label.clone(),
        headings,
        scale: scale.as_ref().map(scale_letters).unwrap_or_default(),
        legend: scale.as_ref().map(legend).unwrap_or_default(),
        groups,
    })
}

/// The booklet's view for fiscal year `year`; `issued` is its date of issue
/// in prose, when known.
pub fn booklet(dataset: &Dataset, year: FiscalYear, issued: Option<String>) -> BookletView {
    let packet = sheet::packet(dataset, year, &[], false);
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
                change: m.trend.word().to_owned(),
            })
            .collect(),
    });
    BookletView {
        title: messages::booklet_title(&year.prose()),
        report_year: packet.report_year,
        report_year_prose: packet.report_year_prose,
        issued,
        system: system(dataset, &packet.goals),
        name_label: dataset.sheet().name_field().map_or_else(
            || messages::csv_name_heading().to_owned(),
            |f| f.label.clone(),
        ),
        matrices: summary
            .columns
            .iter()
            .map(|c| matrix(&summary, c))
            .collect(),
        basic_goals: basic_goals(dataset, &summary, year),
        movements,
        indicators: indicators(dataset, year),
        plan: packet.plan,
        frame: packet.frame,
        goals: packet.goals,
    }
}
