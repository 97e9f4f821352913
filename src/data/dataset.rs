//! A loaded dataset: the plan, the goals in order, and where each was
//! written, so that anything found later (a glyph, a layout) can be pointed
//! at the clerk's file, line and column.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::data::diagnostic::{Diagnostic, LoadError, SheetPlace};
use crate::data::era::FiscalYear;
use crate::data::locate::LocationIndex;
use crate::data::model::{Goal, Plan, YearEntry};
use crate::data::place::{Labels, Segment, find_after, goal_path, segments};
use crate::data::sheet::{Field, Kind, Sheet};
use crate::data::text::Owner;
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
    /// The file that holds the plan (index into `sources`).
    pub plan_file: usize,
    /// The sheet the dataset declares and the file that declares it;
    /// `None` for the default sheet (see [`Dataset::sheet`]).
    pub sheet: Option<(Sheet, usize)>,
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

    /// The sheet the dataset is printed on: its own, or the default.
    pub fn sheet(&self) -> &Sheet {
        self.sheet
            .as_ref()
            .map_or(Sheet::default_sheet(), |(sheet, _)| sheet)
    }

    /// Names fields by their labels on this dataset's sheet.
    pub fn labels(&self) -> Labels<'_> {
        Labels::new(self.sheet())
    }

    /// Whether `goal` reports something for `year`: a result of any column
    /// other than the plan, or an indicator's actual value. The one rule for
    /// when a year counts as "in".
    pub fn reports(&self, goal: &Goal, year: FiscalYear) -> bool {
        let sheet = self.sheet();
        let row = goal.year(year).is_some_and(|entry| {
            sheet
                .years
                .columns
                .iter()
                .filter(|column| !column.plan)
                .any(|column| entry.fields.has(&column.key))
        });
        row || goal.indicators.iter().any(|i| i.actual.contains_key(&year))
    }

    /// The fields `status` asks for that `goal` still lacks for `year`.
    pub fn missing(&self, goal: &Goal, year: FiscalYear) -> Vec<&Field> {
        let entry: Option<&YearEntry> = goal.year(year);
        self.sheet()
            .years
            .columns
            .iter()
            .filter(|column| column.asked && column.kind != Kind::Rate)
            .filter(|column| entry.is_none_or(|e| !e.fields.has(&column.key)))
            .collect()
    }

    /// The fiscal year whose results are being collected: the latest with
    /// results while some goal still lacks a field `status` asks for, else
    /// the year after (the plan's first year when no goal has results
    /// yet). What `forms` and `status` work on by default.
    pub fn collecting_year(&self) -> FiscalYear {
        let Some(latest) = self.reported_years().last().copied() else {
            return self.plan.period.from;
        };
        let all_in = self
            .goals
            .iter()
            .all(|goal| self.reports(goal, latest) && self.missing(goal, latest).is_empty());
        if all_in { latest.next() } else { latest }
    }

    /// The goals that report nothing, or lack a field `status` asks for,
    /// in `year`: a packet of that year prints them with gaps.
    pub fn incomplete(&self, year: FiscalYear) -> Vec<u32> {
        self.goals
            .iter()
            .filter(|goal| !self.reports(goal, year) || !self.missing(goal, year).is_empty())
            .map(|goal| goal.no)
            .collect()
    }

    /// Every fiscal year for which some goal reports results, in order.
    pub fn reported_years(&self) -> Vec<FiscalYear> {
        let years: BTreeSet<FiscalYear> = self
            .goals
            .iter()
            .flat_map(|goal| {
                goal.years
                    .iter()
                    .map(|entry| entry.year)
                    .chain(
                        goal.indicators
                            .iter()
                            .flat_map(|i| i.actual.keys().copied()),
                    )
                    .filter(|year| self.reports(goal, *year))
            })
            .collect();
        years.into_iter().collect()
    }

    /// The goal's name on one line (its sheet's name field), for lists.
    pub fn goal_name(&self, goal: &Goal) -> String {
        let text = self
            .sheet()
            .name_field()
            .map(|field| goal.fields.text(&field.key).plain_text())
            .unwrap_or_default();
        crate::data::text::one_line(&text)
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

    /// A diagnostic pointing at the first `needle` in the text at `path` of
    /// `owner` (a goal's, the plan's or the sheet declaration's text).
    pub fn locate_owned_text(&self, owner: Owner, path: &str, needle: &str) -> Diagnostic {
        let (file, full) = match owner {
            Owner::Goal(goal) => return self.locate_text(goal, path, needle),
            Owner::Plan => (self.plan_file, format!("plan.{path}")),
            Owner::Sheet => match &self.sheet {
                Some((_, file)) => (*file, format!("sheet.{path}")),
                None => (self.plan_file, String::new()),
            },
        };
        let source = &self.sources[file];
        let mut diagnostic = Diagnostic::error(String::new()).in_file(&source.path);
        if let Some(start) = source.index.value(&full) {
            let found = find_after(&source.text, start, needle).unwrap_or(start);
            diagnostic.position = Some(found);
            diagnostic.source_line = source.line(found.line).map(str::to_owned);
        }
        diagnostic.place.field = self.labels().field(&full, false);
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
        SheetPlace {
            goal: Some(goal.no),
            year,
            field: self.labels().field(relative_path, true),
        }
    }
}
