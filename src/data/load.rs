//! Loading a dataset: one YAML file or a folder of them, read, parsed and
//! joined into one validated [`Dataset`].
//!
//! Every problem is collected, not just the first; each one names its file,
//! line and column, and the goal, year and field as the sheet labels them.

use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, IntoParallelRefIterator, ParallelIterator};

use crate::data::dataset::{Dataset, GoalOrigin, SourceFile};
use crate::data::diagnostic::{Diagnostic, LoadError};
use crate::data::locate::{Position, ScanProblem};
use crate::data::model::{DatasetFile, Goal, Plan};
use crate::data::parse::{parse_sheet, parse_source, reading_notes};
use crate::data::place::{Labels, goal_path, point_at, sheet_place, value_position};
use crate::data::read::{dataset_files, decode, read_bytes};
use crate::data::sheet::Sheet;
use crate::data::slips;
use crate::data::validate;
use crate::messages::{self, SlipWord};

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
    let decoded: Vec<Result<SourceFile, LoadError>> = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let text = decode(&path, &bytes)?;
            Ok(SourceFile::new(path, text))
        })
        .collect();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for file in decoded {
        match file {
            Ok(source) => sources.push(source),
            Err(LoadError { diagnostics }) => problems.extend(diagnostics),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    // Slips first: they explain the parse errors they would cause. Against
    // the default sheet's keys, then the declared sheet's (its text keys).
    let slipped = slip_diagnostics(&sources, Sheet::default_sheet());
    if !slipped.is_empty() {
        return Err(LoadError {
            diagnostics: slipped,
        });
    }
    let (sheet, sheet_file) = declared_sheet(&sources)?;
    let sheet_ref = sheet.as_ref().unwrap_or(Sheet::default_sheet());
    if sheet.is_some() {
        let slipped = slip_diagnostics(&sources, sheet_ref);
        if !slipped.is_empty() {
            return Err(LoadError {
                diagnostics: slipped,
            });
        }
    }
    let read: Vec<_> = sources
        .par_iter()
        .map(|source| {
            parse_source(source, sheet_ref)
                .map(|contents| (reading_notes(source, &contents, sheet_ref), contents))
        })
        .collect();
    let mut parsed = Vec::new();
    let mut notes = Vec::new();
    for (file, contents) in read.into_iter().enumerate() {
        match contents {
            Ok((read_notes, contents)) => {
                notes.extend(read_notes);
                parsed.push((file, contents));
            }
            Err(diagnostics) => problems.extend(diagnostics),
        }
    }
    if !problems.is_empty() {
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    assemble(root, sources, parsed, notes, sheet, sheet_file)
}

/// A diagnostic at every slip of every file: where YAML would read
/// something other than what the clerk typed (see [`slips`]). A file whose
/// scan found it hostile is left to the error that says so.
fn slip_diagnostics(sources: &[SourceFile], sheet: &Sheet) -> Vec<Diagnostic> {
    let labels = Labels::new(sheet);
    // Every label a key could have been typed as, with its key.
    let mut by_label: std::collections::HashMap<String, String> = Default::default();
    for field in sheet.fields.iter().chain(&sheet.years.columns) {
        by_label.insert(field.label.clone(), field.key.clone());
    }
    let is_text = |path: &str| sheet.is_text_path(path);
    let for_label = |label: &str| -> Option<&str> { by_label.get(label).map(String::as_str) };
    let keys = slips::Keys {
        is_text: &is_text,
        for_label: &for_label,
    };
    let mut out = Vec::new();
    for source in sources {
        if matches!(
            source.index.problem,
            Some(ScanProblem::TooDeep { .. } | ScanProblem::TooManyNodes { .. })
        ) {
            continue;
        }
        for slip in slips::find_slips(&source.text, &keys) {
            let word = match slip.kind {
                slips::SlipKind::CommentInValue => SlipWord::CommentInValue,
                slips::SlipKind::ValueEmptiedByComment => SlipWord::EmptiedByComment,
                slips::SlipKind::Indicator(c) => SlipWord::Indicator(c),
                slips::SlipKind::TextAfterQuote(q) => SlipWord::TextAfterQuote(q),
                slips::SlipKind::FullWidthColon => SlipWord::FullWidthColon,
                slips::SlipKind::NoSpaceAfterColon => SlipWord::NoSpaceAfterColon,
                slips::SlipKind::FullWidthIndent => SlipWord::FullWidthIndent,
                slips::SlipKind::TabIndent => SlipWord::TabIndent,
            };
            let (message, hint) = messages::slip(word);
            let mut diagnostic = Diagnostic::error(message)
                .in_file(&source.path)
                .with_hint(hint);
            diagnostic.position = Some(Position {
                line: slip.line,
                column: slip.column,
            });
            diagnostic.source_line = source.line(slip.line).map(str::to_owned);
            if let Some(path) = &slip.path {
                diagnostic.place = sheet_place(source, path, labels);
            }
            out.push(diagnostic);
        }
    }
    out
}

/// The sheet the dataset declares (and the file that declares it), or
/// `None` for the default; a declaration in two files, or one that cannot
/// be laid out, is every problem it has.
fn declared_sheet(sources: &[SourceFile]) -> Result<(Option<Sheet>, Option<usize>), LoadError> {
    let mut found: Option<(Sheet, usize)> = None;
    let mut problems = Vec::new();
    let labels = Labels::new(Sheet::default_sheet());
    for (file, source) in sources.iter().enumerate() {
        let sheet = match parse_sheet(source) {
            Ok(Some(sheet)) => sheet,
            Ok(None) => continue,
            Err(diagnostics) => {
                problems.extend(diagnostics);
                continue;
            }
        };
        if let Some((_, first)) = &found {
            let mut diagnostic = Diagnostic::error(messages::sheet_twice(&sources[*first].path))
                .in_file(&source.path)
                .with_hint(messages::sheet_twice_hint());
            point_at(&mut diagnostic, source, "sheet", true, labels);
            problems.push(diagnostic);
            continue;
        }
        for problem in sheet.problems() {
            let mut diagnostic = Diagnostic::error(problem.message).in_file(&source.path);
            diagnostic.hint = problem.hint;
            let path = if problem.path.is_empty() {
                "sheet".to_owned()
            } else {
                format!("sheet.{}", problem.path)
            };
            point_at(&mut diagnostic, source, &path, false, labels);
            problems.push(diagnostic);
        }
        found = Some((sheet, file));
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    Ok(match found {
        Some((sheet, file)) => (Some(sheet), Some(file)),
        None => (None, None),
    })
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
    sheet: Option<Sheet>,
    sheet_file: Option<usize>,
) -> Result<Dataset, LoadError> {
    let labels = Labels::new(sheet.as_ref().unwrap_or(Sheet::default_sheet()));
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
                    point_at(&mut diagnostic, &sources[file], "plan", true, labels);
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
    let sheet_place = |path: &str| -> (usize, String) {
        (sheet_file.unwrap_or(plan_file), format!("sheet.{path}"))
    };
    let sheet_ref = sheet.as_ref().unwrap_or(Sheet::default_sheet());
    for finding in validate::validate(&plan, sheet_ref, sheet.is_some(), &goals) {
        let mut diagnostic = Diagnostic::error(finding.message);
        diagnostic.hint = finding.hint;
        let (file, full_path) = if finding.in_sheet {
            sheet_place(&finding.path)
        } else {
            place_of(finding.goal_index, &finding.path)
        };
        let source = &sources[file];
        diagnostic.file = Some(source.path.clone());
        point_at(&mut diagnostic, source, &full_path, false, labels);
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
        plan_file,
        sheet: sheet.map(|sheet| (sheet, sheet_file.expect("a declared sheet has its file"))),
        goals,
        origins,
        sources,
        notes,
    })
}
