//! `status`: for the year being collected, which goals still lack a field
//! the sheet asks for, grouped by owner; with the folder of returned forms,
//! where each form stands, as `import` would judge it ([`assess`]), and
//! which forms did not come back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::data::era::FiscalYear;
use crate::data::{Dataset, load_dataset};
use crate::documents::failure::Outcome;
use crate::documents::form::{Grouping, REMARKS_STEM, UNOWNED_STEM, file_name, goal_stem, groups};
use crate::workflow::import::{FormState, Returned, assess, read_returned, workbooks};

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
    /// Its name, on one line.
    pub content: String,
    /// The labels of what it lacks: 内容と成果, 課題, 評価 …
    pub fields: Vec<String>,
}

/// One owner's goals (`owner` is `None` for the goals without one).
#[derive(Debug, Clone)]
pub struct OwnerStatus {
    pub owner: Option<String>,
    pub goals: usize,
    pub missing: Vec<Missing>,
}

/// Where a file of the returns folder, or a form expected in it, stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnState {
    /// A form, as `import` judges it.
    Form(FormState),
    /// No returned form was found for it.
    NotReturned,
    /// A spreadsheet that is not a form (`import` reads past it).
    NotAForm,
    /// A file that cannot be read, and why.
    Unreadable(String),
}

/// A form expected back (or a file found that is not one of them).
#[derive(Debug, Clone)]
pub struct FormStatus {
    /// The workbook's name as `forms` names it, or the file's.
    pub name: String,
    pub goals: Vec<u32>,
    pub path: Option<PathBuf>,
    pub state: ReturnState,
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
    /// Whether every goal has every field the sheet asks for in the year.
    pub fn complete(&self) -> bool {
        self.owners.iter().all(|o| o.missing.is_empty())
    }

    /// How many goals have every field the sheet asks for.
    pub fn complete_goals(&self) -> usize {
        let lacking: std::collections::BTreeSet<u32> = self
            .owners
            .iter()
            .flat_map(|o| o.missing.iter().map(|m| m.no))
            .collect();
        self.total - lacking.len()
    }
}

pub fn status(options: &StatusOptions) -> Outcome<Status> {
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
        let fields: Vec<String> = dataset
            .missing(goal, year)
            .into_iter()
            .map(|f| f.label.clone())
            .collect();
        let lacking = (!fields.is_empty()).then(|| Missing {
            no: goal.no,
            content: dataset.goal_name(goal),
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
        Some(dir) => Some(forms(&dataset, dir, options.year)?),
        None => None,
    };
    Ok(Status {
        year,
        total: dataset.goals.len(),
        owners: owners.into_values().collect(),
        forms,
    })
}

/// The forms expected back and what came back into `dir`: every file the
/// folder holds, each as `import` would take it.
fn forms(dataset: &Dataset, dir: &Path, year: Option<FiscalYear>) -> Outcome<Vec<FormStatus>> {
    let files = workbooks(&[dir.to_owned()])?;
    let read: Vec<(PathBuf, Returned)> = files
        .into_iter()
        .map(|path| {
            let returned = read_returned(dataset, &path);
            (path, returned)
        })
        .collect();
    // Expected: the workbooks `forms` made, split as the returned ones say.
    let grouping = read
        .iter()
        .find_map(|(_, r)| match r {
            Returned::Form(form) if form.by == Grouping::Goal.key() => Some(Grouping::Goal),
            Returned::Form(form) if form.by == Grouping::Owner.key() => Some(Grouping::Owner),
            _ => None,
        })
        .unwrap_or_else(|| Grouping::default_for(dataset));
    let mut expected: BTreeMap<String, FormStatus> = groups(dataset, grouping)
        .into_iter()
        .map(|group| {
            let status = FormStatus {
                name: group.stem.clone(),
                goals: group.goals.iter().map(|g| g.no).collect(),
                path: None,
                state: ReturnState::NotReturned,
            };
            (group.stem, status)
        })
        .collect();
    let mut found: Vec<FormStatus> = Vec::new();
    for (path, returned) in read {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let form = match returned {
            Returned::Form(form) => form,
            Returned::NotAForm => {
                found.push(FormStatus {
                    name: file,
                    goals: Vec::new(),
                    path: Some(path),
                    state: ReturnState::NotAForm,
                });
                continue;
            }
            Returned::Unreadable(why) => {
                found.push(FormStatus {
                    name: file,
                    goals: Vec::new(),
                    path: Some(path),
                    state: ReturnState::Unreadable(why.message()),
                });
                continue;
            }
            Returned::Unopenable(why) => {
                found.push(FormStatus {
                    name: file,
                    goals: Vec::new(),
                    path: Some(path),
                    state: ReturnState::Unreadable(why),
                });
                continue;
            }
        };
        let goals: Vec<u32> = form.goals.iter().map(|g| g.no).collect();
        let state = ReturnState::Form(assess(dataset, &form, year, false).state);
        // The workbook it was made as, named as `forms` names it.
        let key = match (&form.owner, goals.as_slice()) {
            _ if form.is_remarks() => REMARKS_STEM.to_owned(),
            (Some(owner), _) => file_name(owner),
            (None, [one]) if form.by == Grouping::Goal.key() => goal_stem(*one),
            (None, _) => UNOWNED_STEM.to_owned(),
        };
        let same_collection = form.by == grouping.key();
        match expected.get_mut(&key) {
            Some(entry) if entry.path.is_none() && same_collection => {
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
