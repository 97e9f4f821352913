//! The evaluation matrix: every goal × every fiscal year, one letter each,
//! for each graded column of the sheet (a grade a section gives, one the
//! committee gives, one derived from a rate); the count of each letter per
//! year; and the goals whose evaluation rose or fell against the previous
//! year. The booklet, `summary` and the web edition all print these.

use crate::data::Dataset;
use crate::data::derive;
use crate::data::era::FiscalYear;
use crate::data::model::{Evaluation, Value};
use crate::data::scale::{Scale, Trend};
use crate::data::sheet::Kind;
use crate::messages;

/// One goal of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub no: u32,
    /// Its name, on one line.
    pub content: String,
}

/// One graded column of the sheet, over the matrix's goals and years.
#[derive(Debug, Clone)]
pub struct GradeColumn {
    pub key: String,
    pub label: String,
    pub scale: Scale,
    /// Per goal (as [`Summary::rows`]), per year (as [`Summary::years`]).
    pub cells: Vec<Vec<Option<Evaluation>>>,
}

impl GradeColumn {
    /// How many goals got each letter of the scale (in its order) in each
    /// year.
    pub fn counts(&self, years: usize) -> Vec<Vec<usize>> {
        (0..years)
            .map(|column| {
                self.scale
                    .grades()
                    .iter()
                    .map(|grade| {
                        self.cells
                            .iter()
                            .filter(|row| row[column].as_ref() == Some(&grade.letter))
                            .count()
                    })
                    .collect()
            })
            .collect()
    }

    /// How goal `row`'s letter in the last year compares with the year
    /// before, when both are ranked.
    pub fn trend(&self, row: usize) -> Option<Trend> {
        let cells = &self.cells[row];
        let last = cells.len().checked_sub(1).filter(|l| *l > 0)?;
        self.scale
            .trend(cells[last - 1].as_ref(), cells[last].as_ref())
    }

    /// The same column over only the goals `keep` selects (by row index).
    pub fn only(&self, keep: &[usize]) -> GradeColumn {
        GradeColumn {
            cells: keep.iter().map(|&i| self.cells[i].clone()).collect(),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone)]
pub struct Summary {
    /// The heading of a goal's name (内容, 事業名 …).
    pub name_label: String,
    pub years: Vec<FiscalYear>,
    pub rows: Vec<SummaryRow>,
    /// The sheet's graded columns, in its order.
    pub columns: Vec<GradeColumn>,
    /// The sheet's columns of numbers, rates and choices, as printed.
    pub values: Vec<ValueColumn>,
}

/// A column of numbers, rates or choices over the matrix's goals and years,
/// each cell as the sheet prints it.
#[derive(Debug, Clone)]
pub struct ValueColumn {
    pub label: String,
    /// Per goal, per year.
    pub cells: Vec<Vec<String>>,
}

/// A goal whose evaluation moved against the previous year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub no: u32,
    pub content: String,
    pub previous: Evaluation,
    pub current: Evaluation,
    pub trend: Trend,
}

impl Summary {
    /// The matrix over the plan's years up to `until` (all of them if `None`).
    pub fn new(dataset: &Dataset, until: Option<FiscalYear>) -> Summary {
        let sheet = dataset.sheet();
        let years: Vec<FiscalYear> = dataset
            .plan
            .period
            .years()
            .filter(|y| until.is_none_or(|until| *y <= until))
            .collect();
        let rows = dataset
            .goals
            .iter()
            .map(|goal| SummaryRow {
                no: goal.no,
                content: dataset.goal_name(goal),
            })
            .collect();
        let columns = sheet
            .years
            .columns
            .iter()
            .filter(|c| matches!(c.kind, Kind::Grade | Kind::Derived))
            .map(|column| {
                let rate = column.from.as_deref().and_then(|k| sheet.column(k));
                let cells = dataset
                    .goals
                    .iter()
                    .map(|goal| {
                        years
                            .iter()
                            .map(|year| {
                                let entry = goal.year(*year)?;
                                match (column.kind, entry.fields.get(&column.key)) {
                                    (Kind::Grade, Some(Value::Letter(letter))) => {
                                        Some(letter.clone())
                                    }
                                    (Kind::Derived, _) => {
                                        derive::row_grade(entry, column, rate?).map(|g| g.letter)
                                    }
                                    _ => None,
                                }
                            })
                            .collect()
                    })
                    .collect();
                GradeColumn {
                    key: column.key.clone(),
                    label: column.label.clone(),
                    scale: Scale::for_field(column, &dataset.plan),
                    cells,
                }
            })
            .collect();
        let values = sheet
            .years
            .columns
            .iter()
            .filter(|c| matches!(c.kind, Kind::Number | Kind::Rate | Kind::Choice))
            .map(|column| ValueColumn {
                label: match &column.group {
                    Some(group) => messages::grouped_label(group, &column.label),
                    None => column.label.clone(),
                },
                cells: dataset
                    .goals
                    .iter()
                    .map(|goal| {
                        years
                            .iter()
                            .map(|year| {
                                goal.year(*year)
                                    .map(|entry| crate::view::sheet::value_text(entry, column))
                                    .unwrap_or_default()
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Summary {
            name_label: sheet.name_field().map_or_else(
                || messages::csv_name_heading().to_owned(),
                |f| f.label.clone(),
            ),
            years,
            rows,
            columns,
            values,
        }
    }

    /// The first graded column: what the changes against the previous year
    /// are told for.
    pub fn main_column(&self) -> Option<&GradeColumn> {
        self.columns.first()
    }

    /// The goals whose (ranked) evaluation in the main column in the last
    /// year of the matrix rose or fell against the year before; empty with
    /// fewer than two years.
    pub fn movements(&self) -> Vec<Movement> {
        let Some(column) = self.main_column() else {
            return Vec::new();
        };
        let Some(last) = self.years.len().checked_sub(1).filter(|l| *l > 0) else {
            return Vec::new();
        };
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                let previous = column.cells[i][last - 1].as_ref()?;
                let current = column.cells[i][last].as_ref()?;
                let trend = column.trend(i)?;
                (trend != Trend::Same).then(|| Movement {
                    no: row.no,
                    content: row.content.clone(),
                    previous: previous.clone(),
                    current: current.clone(),
                    trend,
                })
            })
            .collect()
    }

    /// The labels of the last two years (the year before, the year).
    pub fn last_two_labels(&self) -> (String, String) {
        let label = |i: Option<usize>| {
            i.and_then(|i| self.years.get(i))
                .map(|y| y.row_label())
                .unwrap_or_default()
        };
        let last = self.years.len().checked_sub(1);
        (label(last.and_then(|l| l.checked_sub(1))), label(last))
    }
}
