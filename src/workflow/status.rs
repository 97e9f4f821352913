//! `status`: for the year being collected, which goals still lack 内容と成果,
//! 課題 or 評価, grouped by owner; with the folder of returned forms, which
//! forms came back (imported, or waiting to be) and which did not.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use crate::data::era::FiscalYear;
use crate::data::model::Goal;
use crate::data::{Dataset, LoadError, load_dataset};
use crate::documents::form::{Grouping, file_name, groups};
use crate::messages;
use crate::workflow::import::read::read_form;
use crate::workflow::import::{pending_changes, workbooks, workbooks_in};

/// What `status` was asked.
#[derive(Debug, Clone)]
pub struct StatusOptions {
    pub data: PathBuf,
    /// Default: [`Dataset::collecting_year`].
    pub year: Option<FiscalYear>,
    /// The folder the returned forms are collected in.
    pub forms: Option<PathBuf>,
}

/// A goal that still lacks something for the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub no: u32,
    /// 内容, on one line.
    pub content: String,
    /// The labels of what it lacks: 内容と成果, 課題, 評価.
    pub fields: Vec<&'static str>,
}

/// One owner's goals (`owner` is `None` for the goals without one).
#[derive(Debug, Clone)]
pub struct OwnerStatus {
    pub owner: Option<String>,
    pub goals: usize,
    pub missing: Vec<Missing>,
}

/// Where a form stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormState {
    /// Everything it says is in the dataset.
    Imported,
    /// It says this many things the dataset does not hold yet.
    Waiting(usize),
    /// It came back with nothing filled in.
    Blank,
    /// No returned form was found for it.
    NotReturned,
    /// A file that cannot be read as a form, and why.
    Unreadable(String),
}

/// A form expected back (or a file found that is not one of them).
#[derive(Debug, Clone)]
pub struct FormStatus {
    /// The owner's name, or the file's, or the goal's label.
    pub name: String,
    pub goals: Vec<u32>,
    pub path: Option<PathBuf>,
    pub state: FormState,
}

/// The whole answer.
#[derive(Debug, Clone)]
pub struct Status {
    pub year: FiscalYear,
    pub total: usize,
    pub owners: Vec<OwnerStatus>,
    pub forms: Option<Vec<FormStatus>>,
}

impl Status {
    /// Whether every goal has 内容と成果, 課題 and 評価 for the year.
    pub fn complete(&self) -> bool {
        self.owners.iter().all(|o| o.missing.is_empty())
    }
}

/// What `goal` lacks for `year`.
fn missing(goal: &Goal, year: FiscalYear) -> Vec<&'static str> {
    let entry = goal.years.iter().find(|e| e.year == year);
    let mut fields = Vec::new();
    if entry.is_none_or(|e| e.results.is_empty()) {
        fields.push("内容と成果");
    }
    if entry.is_none_or(|e| e.challenges.is_empty()) {
        fields.push("課題");
    }
    if entry.is_none_or(|e| e.evaluation.is_none()) {
        fields.push("評価");
    }
    fields
}

pub fn status(options: &StatusOptions) -> Result<Status> {
    let dataset = load_dataset(&options.data)?;
    let year = match options.year {
        Some(year) => dataset.report_year(Some(year))?,
        None => dataset.collecting_year(),
    };
    let mut owners: BTreeMap<(bool, String), OwnerStatus> = BTreeMap::new();
    for goal in &dataset.goals {
        let keys: Vec<Option<&String>> = if goal.owners.is_empty() {
            vec![None]
        } else {
            goal.owners.iter().map(Some).collect()
        };
        let fields = missing(goal, year);
        let lacking = (!fields.is_empty()).then(|| Missing {
            no: goal.no,
            content: goal
                .content
                .plain_text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            fields,
        });
        for owner in keys {
            let key = (owner.is_none(), owner.cloned().unwrap_or_default());
            let entry = owners.entry(key).or_insert_with(|| OwnerStatus {
                owner: owner.cloned(),
                goals: 0,
                missing: Vec::new(),
            });
            entry.goals += 1;
            entry.missing.extend(lacking.clone());
        }
    }
    let forms = match &options.forms {
        Some(dir) => Some(forms(&dataset, year, dir)?),
        None => None,
    };
    Ok(Status {
        year,
        total: dataset.goals.len(),
        owners: owners.into_values().collect(),
        forms,
    })
}

/// The forms expected back for `year` and what came back into `dir`.
fn forms(dataset: &Dataset, year: FiscalYear, dir: &PathBuf) -> Result<Vec<FormStatus>, LoadError> {
    let grouping = Grouping::default_for(dataset);
    // Expected: the workbooks `forms` makes, by file name.
    let mut expected: BTreeMap<String, FormStatus> = groups(dataset, grouping)
        .into_iter()
        .map(|group| {
            let status = FormStatus {
                name: group.stem.clone(),
                goals: group.goals.iter().map(|g| g.no).collect(),
                path: None,
                state: FormState::NotReturned,
            };
            (group.stem, status)
        })
        .collect();
    // An empty folder is a collection that has not begun: nothing came back.
    if !dir.is_dir() {
        workbooks(std::slice::from_ref(dir))?;
    }
    let mut found: Vec<FormStatus> = Vec::new();
    for path in workbooks_in(dir) {
        let read = std::fs::read(&path)
            .map_err(|err| messages::file_unreadable(&err))
            .and_then(|bytes| read_form(&path, &bytes).map_err(|why| why.message()));
        let form = match read {
            Ok(form) if u32::from(form.year) == u32::from(year.western()) => form,
            Ok(_) => continue,
            Err(why) => {
                found.push(FormStatus {
                    name: path.display().to_string(),
                    goals: Vec::new(),
                    path: Some(path),
                    state: FormState::Unreadable(why),
                });
                continue;
            }
        };
        let goals: Vec<u32> = form.goals.iter().map(|g| g.no).collect();
        // The workbook it was made as, named as `forms` names it.
        let key = match (&form.owner, goals.as_slice()) {
            (Some(owner), _) => file_name(owner),
            (None, [one]) if grouping == Grouping::Goal => messages::form_file_goal(*one),
            (None, _) => messages::form_file_unowned().to_owned(),
        };
        let waiting = pending_changes(dataset, &form);
        // Nothing of it is in the dataset, and nothing waits: it came back
        // as it was sent.
        let blank = waiting == 0
            && form.goals.iter().all(|g| {
                dataset
                    .goals
                    .iter()
                    .find(|d| d.no == g.no)
                    .is_none_or(|d| !missing(d, year).is_empty())
            });
        let state = if waiting > 0 {
            FormState::Waiting(waiting)
        } else if blank {
            FormState::Blank
        } else {
            FormState::Imported
        };
        match expected.get_mut(&key) {
            Some(entry) if entry.path.is_none() => {
                entry.path = Some(path);
                entry.state = state;
            }
            _ => found.push(FormStatus {
                name: key,
                goals,
                path: Some(path),
                state,
            }),
        }
    }
    Ok(expected.into_values().chain(found).collect())
}
