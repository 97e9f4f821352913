//! `forms`: the workbooks for a collection (or the committee's), written
//! all or none, never over a returned form whose answers are not in the
//! data yet.

use std::path::{Path, PathBuf};

use crate::data::era::FiscalYear;
use crate::data::{Diagnostic, load_dataset};
use crate::documents::failure::{Failure, Outcome};
use crate::documents::form::{FormFile, Grouping, make_forms, make_remarks_form};
use crate::documents::output::write_all_atomically;
use crate::messages;
use crate::workflow::import::{FormState, Returned, assess, read_returned};

/// What `forms` was asked.
#[derive(Debug, Clone)]
pub struct FormsOptions {
    pub data: PathBuf,
    /// The year to collect (default: the year being collected; the
    /// committee's form, the year reported).
    pub year: Option<FiscalYear>,
    pub out_dir: PathBuf,
    /// How to split the sections' workbooks (default: by owner when any
    /// goal has one).
    pub by: Option<Grouping>,
    /// The committee's workbook instead of the sections'.
    pub remarks: bool,
    /// Replace workbooks even when they hold answers not imported yet.
    pub replace: bool,
}

/// What `forms` wrote.
#[derive(Debug)]
pub struct FormsWritten {
    pub year: FiscalYear,
    pub files: Vec<(PathBuf, FormFile)>,
    pub goals: usize,
}

/// Makes and writes the workbooks.
pub fn forms(options: &FormsOptions) -> Outcome<FormsWritten> {
    let not_written =
        |failure: Failure| failure.not_written(messages::forms_not_written(&options.out_dir));
    let dataset = load_dataset(&options.data).map_err(|err| not_written(err.into()))?;
    let files = if options.remarks {
        // The committee reviews the year reported.
        let year = dataset
            .report_year(options.year)
            .map_err(|err| not_written(err.into()))?;
        (
            year,
            vec![make_remarks_form(&dataset, year).map_err(not_written)?],
        )
    } else {
        let year = match options.year {
            Some(year) => dataset
                .report_year(Some(year))
                .map_err(|err| not_written(err.into()))?,
            None => dataset.collecting_year(),
        };
        let period = dataset.plan.period;
        if !period.contains(year) {
            return Err(not_written(
                Diagnostic::error(messages::forms_year_outside_period(
                    &year.prose(),
                    &period.from.prose(),
                    &period.to.prose(),
                ))
                .with_hint(messages::year_beyond_period_hint())
                .into(),
            ));
        }
        let grouping = options
            .by
            .unwrap_or_else(|| Grouping::default_for(&dataset));
        (
            year,
            make_forms(&dataset, year, grouping).map_err(not_written)?,
        )
    };
    let (year, files) = files;
    let files: Vec<(PathBuf, FormFile)> = files
        .into_iter()
        .map(|file| (options.out_dir.join(&file.name), file))
        .collect();
    if !options.replace {
        let problems: Vec<Diagnostic> = files
            .iter()
            .filter_map(|(path, _)| unimported(&dataset, path))
            .collect();
        if !problems.is_empty() {
            return Err(not_written(
                crate::data::LoadError {
                    diagnostics: problems,
                }
                .into(),
            ));
        }
    }
    let writes: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(path, file)| (path.clone(), file.bytes.clone()))
        .collect();
    write_all_atomically(&writes).map_err(|err| not_written(err.into()))?;
    Ok(FormsWritten {
        year,
        goals: dataset.goals.len(),
        files,
    })
}

/// A problem when the file at `path` is a returned form holding answers
/// the dataset does not hold yet: writing over it would lose them.
fn unimported(dataset: &crate::data::Dataset, path: &Path) -> Option<Diagnostic> {
    if !path.exists() {
        return None;
    }
    let Returned::Form(form) = read_returned(dataset, path) else {
        return None;
    };
    // Whatever year it collects: its answers would be lost all the same.
    let year = FiscalYear::from_number(u64::from(form.year));
    let pending = match assess(dataset, &form, year, true).state {
        FormState::Waiting(n) | FormState::Invalid(n) => n,
        FormState::Stale(fields) => fields.len(),
        _ => return None,
    };
    Some(
        Diagnostic::error(messages::forms_would_replace_answers(path, pending))
            .in_file(path)
            .with_hint(messages::forms_would_replace_answers_hint()),
    )
}
