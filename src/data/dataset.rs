//! A loaded dataset: the plan, the goals in order, and where each was
//! written, so that anything found later (a glyph, a layout) can be pointed
//! at the clerk's file, line and column.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::data::diagnostic::{Diagnostic, LoadError, SheetPlace};
use crate::data::era::FiscalYear;
use crate::data::locate::LocationIndex;
use crate::data::model::{Goal, Plan};
use crate::data::place::{Segment, field_name, find_after, goal_path, segments};
use crate::messages;

/// One file of the dataset as it was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Where every key and value of the file stands.
    pub index: LocationIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        let index = LocationIndex::build(&text);
        SourceFile {
            path: path.into(),
            text,
            index,
        }
    }

    /// The text of line `line` (1-based), without its line break.
    pub fn line(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }
}

/// Where a goal was written: which file, and its index in that file's `goals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalOrigin {
    pub file: usize,
    pub index: usize,
}

/// A whole, valid dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub plan: Plan,
    /// Ordered by `no`.
    pub goals: Vec<Goal>,
    /// Parallel to `goals`.
    pub origins: Vec<GoalOrigin>,
    pub sources: Vec<SourceFile>,
    /// What the loader did on the clerk's behalf (full-width Ａ–Ｄ read as
    /// A–D): notes for `check` to show.
    pub notes: Vec<Diagnostic>,
}

impl Dataset {
    /// The fiscal year a document reports: `requested` (the `--year` flag)
    /// when it lies in the plan period, else by default the latest year with
    /// results (the plan's first year when there is none yet).
    pub fn report_year(&self, requested: Option<FiscalYear>) -> Result<FiscalYear, LoadError> {
        let period = self.plan.period;
        match requested {
            Some(year) if !period.contains(year) => {
                Err(Diagnostic::error(messages::year_flag_outside_period(
                    &year.prose(),
                    year.western(),
                    &period.from.prose(),
                    &period.to.prose(),
                ))
                .with_hint(messages::year_flag_outside_period_hint())
                .into())
            }
            Some(year) => Ok(year),
            None => Ok(self.reported_years().last().copied().unwrap_or(period.from)),
        }
    }

    /// The fiscal year whose results are being collected: the latest with
    /// results while some goal still has none for it, else the year after
    /// (the plan's first year when no goal has results yet). What `forms`
    /// and `status` work on by default.
    pub fn collecting_year(&self) -> FiscalYear {
        let Some(latest) = self.reported_years().last().copied() else {
            return self.plan.period.from;
        };
        let all_in = self.goals.iter().all(|goal| {
            goal.years
                .iter()
                .any(|entry| entry.year == latest && entry.has_results())
        });
        if all_in { latest.next() } else { latest }
    }

    /// Every fiscal year for which some goal reports results, in order.
    pub fn reported_years(&self) -> Vec<FiscalYear> {
        let years: BTreeSet<FiscalYear> = self
            .goals
            .iter()
            .flat_map(|goal| &goal.years)
            .filter(|entry| entry.has_results())
            .map(|entry| entry.year)
            .collect();
        years.into_iter().collect()
    }

    /// A diagnostic pointing at `relative_path` (serde_yaml's notation,
    /// relative to the goal, e.g. `years[2].results`) inside goal number
    /// `goal_index`'s file, with the goal, year and field it concerns.
    pub fn locate(&self, goal_index: usize, relative_path: &str) -> Diagnostic {
        let origin = self.origins[goal_index];
        let source = &self.sources[origin.file];
        let full = goal_path(origin.index, relative_path);
        let mut diagnostic = Diagnostic::error(String::new()).in_file(&source.path);
        diagnostic.position = source
            .index
            .value(&full)
            .or_else(|| source.index.key(&full));
        diagnostic.source_line = diagnostic
            .position
            .and_then(|p| source.line(p.line))
            .map(str::to_owned);
        diagnostic.place = self.place(goal_index, relative_path);
        diagnostic
    }

    /// Like [`Dataset::locate`], but pointing at the first `needle` written
    /// at or after the start of the value (a character in a text, say).
    pub fn locate_text(&self, goal_index: usize, relative_path: &str, needle: &str) -> Diagnostic {
        let mut diagnostic = self.locate(goal_index, relative_path);
        let source = &self.sources[self.origins[goal_index].file];
        if let Some(start) = diagnostic.position
            && let Some(found) = find_after(&source.text, start, needle)
        {
            diagnostic.position = Some(found);
            diagnostic.source_line = source.line(found.line).map(str::to_owned);
        }
        diagnostic
    }

    /// The goal, year and field `relative_path` names, read from the model.
    fn place(&self, goal_index: usize, relative_path: &str) -> SheetPlace {
        let goal = &self.goals[goal_index];
        let parts = segments(relative_path);
        let year = match parts.as_slice() {
            [Segment::Key(key), Segment::Index(i), ..] if key == "years" => {
                goal.years.get(*i).map(|y| y.year.row_label())
            }
            _ => None,
        };
        let keys: Vec<&str> = parts
            .iter()
            .filter_map(|part| match part {
                Segment::Key(key) if key != "years" => Some(key.as_str()),
                _ => None,
            })
            .collect();
        SheetPlace {
            goal: Some(goal.no),
            year,
            field: field_name(&keys),
        }
    }
}
