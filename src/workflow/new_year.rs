//! Rolling a dataset forward to the year to be collected: every goal gets
//! that year's row. The files are edited as text, line by line, so their
//! comments and layout stay as the clerks wrote them.

use std::path::{Path, PathBuf};

use crate::data::era::FiscalYear;
use crate::data::load::{load_dataset, load_dataset_from_bytes};
use crate::data::locate::LocationIndex;
use crate::data::{Diagnostic, LoadError, edit};
use crate::documents::failure::{Failure, Outcome};
use crate::documents::output::write_all_atomically;
use crate::messages;

/// What `new-year` did.
#[derive(Debug)]
pub struct NewYear {
    pub year: FiscalYear,
    pub changed_files: Vec<PathBuf>,
    /// Whether the plan period was extended to take the year.
    pub extended: bool,
    /// Goals that had the year's row already.
    pub already: usize,
}

/// Adds `- year: Y` to every goal of `data` that lacks the year being
/// collected ([`crate::data::Dataset::collecting_year`]) and, with
/// `extend`, moves the plan's last year when Y lies beyond it. The edited
/// files are checked as a whole before any is written; when every goal has
/// the row already, nothing is written and the result says so.
pub fn new_year(data: &Path, extend: bool) -> Outcome<NewYear> {
    let not_written = |failure: Failure| failure.not_written(messages::new_year_not_written());
    let dataset = load_dataset(data).map_err(|err| not_written(err.into()))?;
    let year = dataset.collecting_year();
    let period = dataset.plan.period;
    if year > period.to && !extend {
        return Err(not_written(
            Diagnostic::error(messages::year_beyond_period(
                &year.prose(),
                &period.from.prose(),
                &period.to.prose(),
            ))
            .with_hint(messages::year_beyond_period_hint())
            .into(),
        ));
    }
    let mut texts: Vec<String> = dataset.sources.iter().map(|s| s.text.clone()).collect();
    let mut changed = vec![false; texts.len()];
    // Edit each file from its last goal up, so earlier line numbers hold.
    let mut goals: Vec<usize> = (0..dataset.goals.len()).collect();
    goals.sort_by_key(|&i| std::cmp::Reverse((dataset.origins[i].file, dataset.origins[i].index)));
    let mut already = 0;
    for i in goals {
        let goal = &dataset.goals[i];
        if goal.years.iter().any(|entry| entry.year == year) {
            already += 1;
            continue;
        }
        let origin = dataset.origins[i];
        let text = &mut texts[origin.file];
        *text =
            edit::add_year_row(text, origin.index, goal.years.len(), year).ok_or_else(|| {
                not_written(
                    Diagnostic::error(messages::rows_end_not_found(goal.no))
                        .in_file(&dataset.sources[origin.file].path)
                        .with_hint(messages::rows_end_not_found_hint())
                        .into(),
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
            .ok_or_else(|| {
                not_written(Diagnostic::error(messages::key_not_found("plan.period.to")).into())
            })?;
        texts[plan_file] =
            edit::replace_value(&texts[plan_file], "plan.period.to", &year.row_label())
                .ok_or_else(|| {
                    not_written(Diagnostic::error(messages::key_not_found("plan.period.to")).into())
                })?;
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
        not_written(LoadError { diagnostics }.into())
    })?;
    let writes: Vec<(PathBuf, Vec<u8>)> = dataset
        .sources
        .iter()
        .zip(&texts)
        .zip(changed)
        .filter(|(_, changed)| *changed)
        .map(|((source, text), _)| (source.path.clone(), text.clone().into_bytes()))
        .collect();
    write_all_atomically(&writes).map_err(|err| not_written(err.into()))?;
    Ok(NewYear {
        year,
        changed_files: writes.into_iter().map(|(path, _)| path).collect(),
        extended,
        already,
    })
}
