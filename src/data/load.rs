//! Loading a dataset: one YAML file or a folder of them, read, parsed and
//! joined into one validated [`Dataset`].
//!
//! Every problem is collected, not just the first; each one names its file,
//! line and column, and the goal, year and field as the sheet labels them.

use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::data::dataset::{Dataset, GoalOrigin, SourceFile};
use crate::data::diagnostic::{Diagnostic, LoadError};
use crate::data::model::{DatasetFile, Goal, Plan};
use crate::data::parse::{full_width_notes, parse_source};
use crate::data::place::{goal_path, point_at, value_position};
use crate::data::read::{dataset_files, decode, read_bytes};
use crate::data::validate;
use crate::messages;

/// Reads and validates the dataset at `path` (a YAML file or a folder).
pub fn load_dataset(path: &Path) -> Result<Dataset, LoadError> {
    let files = dataset_files(path)?;
    let mut contents = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match read_bytes(&file) {
            Ok(bytes) => contents.push((file, bytes)),
            Err(err) => problems.extend(err.diagnostics),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    load_dataset_from_bytes(path, contents)
}

/// Reads and validates a dataset held in memory: each file's name (as
/// messages should print it) and bytes, in order. `root` names the dataset
/// in messages that concern no one file.
pub fn load_dataset_from_bytes(
    root: &Path,
    files: Vec<(PathBuf, Vec<u8>)>,
) -> Result<Dataset, LoadError> {
    // The files are independent until they are assembled: read them side by side.
    let read: Vec<_> = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let text = decode(&path, &bytes)?;
            let source = SourceFile::new(path, text);
            let contents = parse_source(&source)
                .map(|contents| (full_width_notes(&source, &contents), contents));
            Ok((source, contents))
        })
        .collect();
    let mut sources = Vec::new();
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for file in read {
        let (source, contents) = match file {
            Ok(file) => file,
            Err(LoadError { diagnostics }) => {
                problems.extend(diagnostics);
                continue;
            }
        };
        match contents {
            Ok((full_width, contents)) => {
                notes.extend(full_width);
                parsed.push((sources.len(), contents));
            }
            Err(diagnostics) => problems.extend(diagnostics),
        }
        sources.push(source);
    }
    if !problems.is_empty() {
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    assemble(root, sources, parsed, notes)
}

/// Reads and validates a dataset of one file held in memory (`name` is what
/// messages call it): for tests, fuzzing and editors.
pub fn load_dataset_from_str(name: &str, text: &str) -> Result<Dataset, LoadError> {
    load_dataset_from_bytes(
        Path::new(name),
        vec![(PathBuf::from(name), text.as_bytes().to_vec())],
    )
}

/// Joins the parsed files into one dataset and runs the whole-dataset checks.
fn assemble(
    root: &Path,
    sources: Vec<SourceFile>,
    parsed: Vec<(usize, DatasetFile)>,
    notes: Vec<Diagnostic>,
) -> Result<Dataset, LoadError> {
    let mut problems = Vec::new();
    let mut plan: Option<(Plan, usize)> = None;
    let mut goals = Vec::new();
    for (file, contents) in parsed {
        if let Some(p) = contents.plan {
            match &plan {
                Some((_, first)) => {
                    let mut diagnostic =
                        Diagnostic::error(messages::plan_twice(&sources[*first].path))
                            .in_file(&sources[file].path)
                            .with_hint(messages::plan_twice_hint());
                    point_at(&mut diagnostic, &sources[file], "plan", true);
                    problems.push(diagnostic);
                }
                None => plan = Some((p, file)),
            }
        }
        for (index, goal) in contents.goals.into_iter().enumerate() {
            goals.push((goal, GoalOrigin { file, index }));
        }
    }
    let Some((plan, plan_file)) = plan else {
        problems.push(
            Diagnostic::error(messages::no_plan())
                .in_file(root)
                .with_hint(messages::no_plan_hint()),
        );
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    };
    if goals.is_empty() {
        problems.push(
            Diagnostic::error(messages::no_goals())
                .in_file(root)
                .with_hint(messages::no_goals_hint()),
        );
    }
    // A stable sort: goals with the same number stay in reading order, so the
    // first one read is the one a duplicate is compared with.
    goals.sort_by_key(|(goal, _)| goal.no);
    let (goals, origins): (Vec<Goal>, Vec<GoalOrigin>) = goals.into_iter().unzip();

    let place_of = |goal_index: Option<usize>, path: &str| -> (usize, String) {
        match goal_index {
            Some(i) => (origins[i].file, goal_path(origins[i].index, path)),
            None => (plan_file, format!("plan.{path}")),
        }
    };
    for finding in validate::validate(&plan, &goals) {
        let mut diagnostic = Diagnostic::error(finding.message);
        diagnostic.hint = finding.hint;
        let (file, full_path) = place_of(finding.goal_index, &finding.path);
        let source = &sources[file];
        diagnostic.file = Some(source.path.clone());
        point_at(&mut diagnostic, source, &full_path, false);
        if let Some((other_goal, other_path)) = &finding.also {
            let (other_file, other_full) = place_of(Some(*other_goal), other_path);
            let other = &sources[other_file];
            let here = diagnostic.location().unwrap_or_default();
            let there = value_position(other, &other_full)
                .map(|p| format!("{}:{}:{}", other.path.display(), p.line, p.column))
                .unwrap_or_else(|| other.path.display().to_string());
            diagnostic.message += &messages::both_places(&there, &here);
        }
        problems.push(diagnostic);
    }
    if !problems.is_empty() {
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    Ok(Dataset {
        plan,
        goals,
        origins,
        sources,
        notes,
    })
}
