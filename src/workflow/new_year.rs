//! Rolling a dataset forward one fiscal year: every goal gets the next
//! year's empty row. The files are edited as text, line by line, so their
//! comments and layout stay as the clerks wrote them.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use crate::data::era::FiscalYear;
use crate::data::load::{load_dataset, load_dataset_from_bytes};
use crate::data::locate::LocationIndex;
use crate::data::{Dataset, Diagnostic, LoadError, edit};
use crate::documents::output::write_atomically;
use crate::messages;

/// What `new-year` did.
#[derive(Debug)]
pub struct NewYear {
    pub year: FiscalYear,
    pub changed_files: Vec<PathBuf>,
    /// Whether the plan period was extended to take the year.
    pub extended: bool,
}

/// The year after the latest row of any goal.
pub fn next_year(dataset: &Dataset) -> FiscalYear {
    dataset
        .goals
        .iter()
        .flat_map(|goal| &goal.years)
        .map(|entry| entry.year)
        .max()
        .unwrap_or(dataset.plan.period.from.prev())
        .next()
}

/// Adds `- year: Y` to every goal of `data` that lacks the next year, and,
/// with `extend`, moves the plan's last year when Y lies beyond it. The
/// edited files are checked as a whole before any is written.
pub fn new_year(data: &Path, extend: bool) -> Result<NewYear> {
    let dataset = load_dataset(data)?;
    let year = next_year(&dataset);
    let period = dataset.plan.period;
    if year > period.to && !extend {
        return Err(LoadError::from(
            Diagnostic::error(messages::year_beyond_period(
                &year.prose(),
                &period.from.prose(),
                &period.to.prose(),
            ))
            .with_hint(messages::year_beyond_period_hint()),
        )
        .into());
    }
    let mut texts: Vec<String> = dataset.sources.iter().map(|s| s.text.clone()).collect();
    let mut changed = vec![false; texts.len()];
    // Edit each file from its last goal up, so earlier line numbers hold.
    let mut goals: Vec<usize> = (0..dataset.goals.len()).collect();
    goals.sort_by_key(|&i| std::cmp::Reverse((dataset.origins[i].file, dataset.origins[i].index)));
    for i in goals {
        let goal = &dataset.goals[i];
        if goal.years.iter().any(|entry| entry.year == year) {
            continue;
        }
        let origin = dataset.origins[i];
        let text = &mut texts[origin.file];
        *text =
            edit::add_year_row(text, origin.index, goal.years.len(), year).ok_or_else(|| {
                LoadError::from(
                    Diagnostic::error(messages::rows_end_not_found(goal.no))
                        .in_file(&dataset.sources[origin.file].path)
                        .with_hint(messages::rows_end_not_found_hint()),
                )
            })?;
        changed[origin.file] = true;
    }
    let extended = year > period.to;
    if extended {
        let plan_file = dataset
            .sources
            .iter()
            .position(|s| {
                LocationIndex::build(&s.text)
                    .value("plan.period.to")
                    .is_some()
            })
            .ok_or_else(|| anyhow!(messages::key_not_found("plan.period.to")))?;
        texts[plan_file] =
            edit::replace_value(&texts[plan_file], "plan.period.to", &year.row_label())
                .ok_or_else(|| anyhow!(messages::key_not_found("plan.period.to")))?;
        changed[plan_file] = true;
    }
    // Nothing is written unless the whole edited dataset is valid.
    let files = dataset
        .sources
        .iter()
        .zip(&texts)
        .map(|(s, t)| (s.path.clone(), t.clone().into_bytes()))
        .collect();
    load_dataset_from_bytes(data, files).map_err(|err| {
        let mut diagnostics = vec![Diagnostic::error(messages::edited_dataset_invalid())];
        diagnostics.extend(err.diagnostics);
        LoadError { diagnostics }
    })?;
    let mut changed_files = Vec::new();
    for ((source, text), changed) in dataset.sources.iter().zip(&texts).zip(changed) {
        if changed {
            write_atomically(&source.path, text.as_bytes())?;
            changed_files.push(source.path.clone());
        }
    }
    Ok(NewYear {
        year,
        changed_files,
        extended,
    })
}
