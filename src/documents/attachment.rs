//! The dataset as it travels inside every PDF: one YAML document holding
//! the plan, the sheet it declares and every goal, loadable again with
//! `--data`, and a line that says which document it made, so that the PDF
//! alone is enough to make it again (`verify`).

use crate::data::Dataset;
use crate::data::date::CalendarDate;
use crate::data::era::FiscalYear;
use crate::data::model::DatasetFile;

/// The file name the dataset is attached under.
pub const FILE_NAME: &str = "dataset.yaml";

/// What starts the line that names the document (`sheets/2019`).
pub const DOCUMENT_LINE: &str = "# welfare-sheets document: ";

/// The whole dataset as one YAML document, as document `name` of `year`
/// printed it: with the 発行日 it printed (`issued`, which may have come
/// from `SOURCE_DATE_EPOCH`) written into the plan. A folder dataset is
/// joined; the files' comments do not travel, their values all do.
pub fn dataset_yaml(
    dataset: &Dataset,
    name: &str,
    year: FiscalYear,
    issued: Option<CalendarDate>,
) -> Vec<u8> {
    let mut plan = dataset.plan.clone();
    if let Some(date) = issued {
        plan.issued.entry(year).or_insert(date);
    }
    let file = DatasetFile {
        plan: Some(plan),
        sheet: dataset.sheet.as_ref().map(|(sheet, _)| sheet.clone()),
        goals: dataset.goals.clone(),
    };
    let yaml = serde_yaml::to_string(&file).expect("the model serialises to YAML");
    format!(
        "# {} — welfare-sheets dataset\n{DOCUMENT_LINE}{}\n{yaml}",
        dataset.plan.title,
        crate::documents::reproducible::document_name(name, year)
    )
    .into_bytes()
}

/// The document an attached source says it made: its name and year.
pub fn document_of(source: &str) -> Option<(String, FiscalYear)> {
    let line = source.lines().find_map(|l| l.strip_prefix(DOCUMENT_LINE))?;
    let (name, year) = line.trim().rsplit_once('/')?;
    Some((
        name.to_owned(),
        FiscalYear::from_number(year.parse().ok()?)?,
    ))
}
