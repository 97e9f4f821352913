//! The dataset as it travels inside every PDF: one YAML document holding
//! the plan, the sheet it declares and every goal, loadable again with
//! `--data`.

use crate::data::Dataset;
use crate::data::model::DatasetFile;

/// The file name the dataset is attached under.
pub const FILE_NAME: &str = "dataset.yaml";

/// The whole dataset as one YAML document. A folder dataset is joined; the
/// files' comments do not travel, their values all do.
pub fn dataset_yaml(dataset: &Dataset) -> Vec<u8> {
    let file = DatasetFile {
        plan: Some(dataset.plan.clone()),
        sheet: dataset.sheet.as_ref().map(|(sheet, _)| sheet.clone()),
        goals: dataset.goals.clone(),
    };
    let yaml = serde_yaml::to_string(&file).expect("the model serialises to YAML");
    format!("# {} — welfare-sheets dataset\n{yaml}", dataset.plan.title).into_bytes()
}
