//! `import`: the sections' returned forms into the dataset.
//!
//! Every problem of every file is found before anything is written, in the
//! clerk's words and place (`高齢福祉課.xlsx › No.5 › E16（評価）: …`); the
//! dataset as it would be after the import is loaded and checked like
//! `check` does before layout; then the files of the dataset are edited by
//! minimal textual edits ([`crate::data::edit`]) and written all at once.
//! A form whose goal changed since it was made is refused unless forced; an
//! empty cell leaves its field as it was; a field that already holds what
//! the form says is no change, so importing a form twice changes nothing the
//! second time.

pub mod read;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::data::cell_text;
use crate::data::edit::{self, Value};
use crate::data::era::FiscalYear;
use crate::data::load::load_dataset_from_bytes;
use crate::data::model::{Evaluation, Goal, RichText};
use crate::data::scale::Scale;
use crate::data::{Dataset, Diagnostic, LoadError, load_dataset};
use crate::documents::form::meta::{self, FieldId};
use crate::documents::output::write_all_atomically;
use crate::messages;
use crate::typeset::coverage::{self, SystemFonts};
use read::{Cell, ReturnedForm, read_form};

/// What `import` was asked.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Returned forms: files, or folders searched for them.
    pub paths: Vec<PathBuf>,
    pub data: PathBuf,
    /// Only tell what would change.
    pub dry_run: bool,
    /// Take forms whose goal changed since they were made.
    pub force: bool,
}

/// A value a form gives a field.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Text(RichText),
    Letter(Evaluation),
}

impl Answer {
    fn shown(&self) -> String {
        match self {
            Answer::Text(text) => cell_text::to_cell(text),
            Answer::Letter(letter) => letter.letter().to_owned(),
        }
    }
}

/// One field the import changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub goal: u32,
    pub field: FieldId,
    /// As a cell shows it, before and after.
    pub old: String,
    pub new: String,
}

/// What the import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Imported {
    pub forms: usize,
    pub changes: Vec<Change>,
    /// Notes: what was read on the clerk's behalf.
    pub notes: Vec<Diagnostic>,
    pub files_written: Vec<PathBuf>,
}

/// Whether a path names a workbook a form may be saved as.
fn is_workbook(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // Excel's lock files (~$name.xlsx) and hidden files are not forms.
    !name.starts_with("~$")
        && !name.starts_with('.')
        && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "xlsx" | "xlsm" | "xls" | "ods"
            )
        })
}

/// The workbooks in `dir` and the folders below it, in order.
pub fn workbooks_in(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            } else if is_workbook(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The workbooks named by `paths` (folders searched below), in order; a
/// path that does not exist, or a folder without one, is a problem.
pub fn workbooks(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = workbooks_in(path);
            if found.is_empty() {
                problems.push(
                    Diagnostic::error(messages::no_forms_in_folder())
                        .in_file(path)
                        .with_hint(messages::forms_extensions_hint()),
                );
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            problems.push(
                Diagnostic::error(messages::form_missing())
                    .in_file(path)
                    .with_hint(messages::forms_extensions_hint()),
            );
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(LoadError {
            diagnostics: problems,
        })
    }
}

/// A problem at a cell of a form.
fn at_cell(form: &Path, cell: &Cell, field: FieldId, message: String) -> Diagnostic {
    Diagnostic::error(format!(
        "{}: {message}",
        messages::form_place(form, &cell.sheet, &cell.cell, &field.label())
    ))
}

/// A note at a cell of a form.
fn note_at_cell(form: &Path, cell: &Cell, field: FieldId, message: String) -> Diagnostic {
    let mut note = at_cell(form, cell, field, message);
    note.severity = crate::data::diagnostic::Severity::Note;
    note
}

/// The answer a filled cell gives, or the problem with it.
fn answer(
    form: &Path,
    field: FieldId,
    cell: &Cell,
    scale: &Scale,
    notes: &mut Vec<Diagnostic>,
) -> Result<Option<Answer>, Box<Diagnostic>> {
    if let Some(problem) = &cell.problem {
        let problem = at_cell(form, cell, field, problem.clone());
        return Err(Box::new(problem.with_hint(messages::cell_problem_hint())));
    }
    if let Some(note) = &cell.note {
        notes.push(note_at_cell(form, cell, field, note.clone()));
    }
    if cell.text.trim().is_empty() {
        return Ok(None);
    }
    if let FieldId::Year(_, "evaluation") = field {
        let written = cell.text.trim();
        // A lower-case letter is read as its capital, with a note.
        let letter = [written.to_owned(), written.to_uppercase()]
            .iter()
            .map(|w| Evaluation::parse(w))
            .find(|letter| scale.contains(letter));
        return match letter {
            Some(letter) => {
                if letter.letter() != written {
                    notes.push(note_at_cell(
                        form,
                        cell,
                        field,
                        messages::full_width_letter(written, letter.letter()),
                    ));
                }
                Ok(Some(Answer::Letter(letter)))
            }
            None => Err(Box::new(
                at_cell(
                    form,
                    cell,
                    field,
                    messages::letter_not_in_scale(written, &scale.letters()),
                )
                .with_hint(messages::choose_from_list_hint()),
            )),
        };
    }
    Ok(Some(Answer::Text(cell_text::from_cell(&cell.text))))
}

/// What the dataset holds for `field` of `goal`, as an answer would.
fn current(goal: &Goal, field: FieldId) -> Option<Answer> {
    let FieldId::Year(year, key) = field else {
        return None;
    };
    let entry = goal.years.iter().find(|e| e.year == year);
    Some(match key {
        "evaluation" => return entry.and_then(|e| e.evaluation.clone()).map(Answer::Letter),
        "activities" => Answer::Text(entry.map(|e| e.activities.clone()).unwrap_or_default()),
        "results" => Answer::Text(entry.map(|e| e.results.clone()).unwrap_or_default()),
        "challenges" => Answer::Text(entry.map(|e| e.challenges.clone()).unwrap_or_default()),
        _ => Answer::Text(entry.map(|e| e.remarks.clone()).unwrap_or_default()),
    })
}

/// Whether the dataset already holds `answer` for `field`.
fn holds(goal: &Goal, field: FieldId, answer: &Answer) -> bool {
    match (current(goal, field), answer) {
        (Some(Answer::Text(now)), Answer::Text(new)) => cell_text::same_text(&now, new),
        (now, new) => now.as_ref() == Some(new),
    }
}

/// Imports the forms; writes nothing unless every form is clean and the
/// edited dataset loads and passes the checks before layout.
pub fn import(options: &ImportOptions) -> Result<Imported> {
    let files = workbooks(&options.paths)?;
    let dataset = load_dataset(&options.data)?;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut imported = Imported::default();
    let mut forms: Vec<ReturnedForm> = Vec::new();
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                problems.push(Diagnostic::error(messages::file_unreadable(&err)).in_file(path));
                continue;
            }
        };
        match read_form(path, &bytes) {
            Ok(form) => forms.push(form),
            Err(why) => problems.push(
                Diagnostic::error(why.message())
                    .in_file(path)
                    .with_hint(why.hint()),
            ),
        }
    }
    imported.forms = forms.len();

    // Every answer, by goal and field, with the form it came from.
    let mut answers: BTreeMap<(u32, FieldId), (Answer, PathBuf, Cell)> = BTreeMap::new();
    let scale = Scale::of(&dataset.plan);
    for form in &forms {
        if form.plan != dataset.plan.title {
            problems.push(
                Diagnostic::error(messages::form_other_plan(&form.plan))
                    .in_file(&form.path)
                    .with_hint(messages::form_other_plan_hint()),
            );
            continue;
        }
        let in_period = FiscalYear::from_number(u64::from(form.year))
            .is_some_and(|year| dataset.plan.period.contains(year));
        if !in_period {
            problems.push(
                Diagnostic::error(messages::form_year_outside(form.year)).in_file(&form.path),
            );
            continue;
        }
        for returned in &form.goals {
            let Some(goal) = dataset.goals.iter().find(|g| g.no == returned.no) else {
                problems.push(
                    Diagnostic::error(messages::no_such_goals(&[returned.no])).in_file(&form.path),
                );
                continue;
            };
            let mut form_answers = Vec::new();
            let mut clean = true;
            for (field, cell) in &returned.fills {
                match answer(&form.path, *field, cell, &scale, &mut imported.notes) {
                    Ok(Some(a)) => form_answers.push((*field, a, cell.clone())),
                    Ok(None) => {}
                    Err(problem) => {
                        clean = false;
                        problems.push(*problem);
                    }
                }
            }
            for (field, cell) in &returned.typed_over {
                imported.notes.push(note_at_cell(
                    &form.path,
                    cell,
                    *field,
                    messages::locked_cell_typed_over().to_owned(),
                ));
            }
            // Fields changed since the form was made: not by an import of
            // this very form (its answer is what the field now holds).
            let changed: Vec<String> = returned
                .hashes
                .iter()
                .filter(|(field, hash)| meta::fingerprint(&meta::field_text(goal, *field)) != *hash)
                .filter(|(field, _)| {
                    !form_answers
                        .iter()
                        .any(|(f, a, _)| f == field && holds(goal, *f, a))
                })
                .map(|(field, _)| field.label())
                .collect();
            if !changed.is_empty() && !options.force {
                problems.push(
                    Diagnostic::error(messages::form_stale(returned.no, &changed))
                        .in_file(&form.path)
                        .with_hint(messages::form_stale_hint()),
                );
                continue;
            }
            if !clean {
                continue;
            }
            for (field, answer, cell) in form_answers {
                let key = (returned.no, field);
                match answers.get(&key) {
                    Some((other, other_path, _)) if *other != answer => {
                        let same_text = matches!((other, &answer), (Answer::Text(a), Answer::Text(b)) if cell_text::same_text(a, b));
                        if !same_text {
                            problems.push(at_cell(
                                &form.path,
                                &cell,
                                field,
                                messages::forms_disagree(other_path),
                            ));
                        }
                    }
                    Some(_) => {}
                    None => {
                        answers.insert(key, (answer, form.path.clone(), cell));
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        problems.extend(imported.notes);
        return Err(LoadError {
            diagnostics: problems,
        }
        .into());
    }

    // The changes, and the files they edit.
    let mut texts: Vec<String> = dataset.sources.iter().map(|s| s.text.clone()).collect();
    let mut edited = vec![false; texts.len()];
    // Each goal's rows as its file stands after the edits so far.
    let mut rows: BTreeMap<u32, Vec<FiscalYear>> = BTreeMap::new();
    for ((no, field), (answer, _, _)) in &answers {
        let index = dataset
            .goals
            .iter()
            .position(|g| g.no == *no)
            .expect("answers are for goals of the dataset");
        let goal = &dataset.goals[index];
        let FieldId::Year(year, key) = *field else {
            continue;
        };
        if holds(goal, *field, answer) {
            continue;
        }
        imported.changes.push(Change {
            goal: *no,
            field: *field,
            old: current(goal, *field).map(|a| a.shown()).unwrap_or_default(),
            new: answer.shown(),
        });
        let origin = dataset.origins[index];
        let text = &mut texts[origin.file];
        let failed = || {
            LoadError::from(
                Diagnostic::error(messages::cannot_edit(*no, &field.label()))
                    .in_file(&dataset.sources[origin.file].path)
                    .with_hint(messages::rows_end_not_found_hint()),
            )
        };
        let years = rows
            .entry(*no)
            .or_insert_with(|| goal.years.iter().map(|e| e.year).collect());
        let row = match years.iter().position(|y| *y == year) {
            Some(row) => row,
            None => {
                *text =
                    edit::add_year_row(text, origin.index, years.len(), year).ok_or_else(failed)?;
                years.push(year);
                years.len() - 1
            }
        };
        let value = match answer {
            Answer::Text(t) => Value::Text(t),
            Answer::Letter(l) => Value::Word(l.letter()),
        };
        *text = edit::set_year_key(text, origin.index, row, key, &value).ok_or_else(failed)?;
        edited[origin.file] = true;
    }

    // Told in the order the sheet reads: goal, year, then column.
    imported.changes.sort_by_key(|change| {
        let (year, column) = match change.field {
            FieldId::Year(year, key) => {
                (Some(year), edit::YEAR_KEYS.iter().position(|k| *k == key))
            }
            FieldId::Goal(_) => (None, None),
        };
        (change.goal, year, column)
    });

    // The dataset as it would be: loaded and checked before anything is written.
    let files: Vec<(PathBuf, Vec<u8>)> = dataset
        .sources
        .iter()
        .zip(&texts)
        .map(|(s, t)| (s.path.clone(), t.clone().into_bytes()))
        .collect();
    let after = load_dataset_from_bytes(&options.data, files).map_err(|err| {
        let mut diagnostics = vec![Diagnostic::error(messages::imported_dataset_invalid())];
        diagnostics.extend(err.diagnostics);
        LoadError { diagnostics }
    })?;
    let glyphs = coverage::check(&after, &[], &SystemFonts::Off);
    if glyphs.diagnostics.iter().any(Diagnostic::is_error) {
        let mut diagnostics = vec![Diagnostic::error(messages::imported_dataset_invalid())];
        diagnostics.extend(glyphs.diagnostics);
        return Err(LoadError { diagnostics }.into());
    }
    if !options.dry_run {
        let writes: Vec<(PathBuf, Vec<u8>)> = dataset
            .sources
            .iter()
            .zip(&texts)
            .zip(&edited)
            .filter(|(_, edited)| **edited)
            .map(|((s, t), _)| (s.path.clone(), t.clone().into_bytes()))
            .collect();
        write_all_atomically(&writes)?;
        imported.files_written = writes.into_iter().map(|(path, _)| path).collect();
    }
    Ok(imported)
}

/// How many fields `form` would change, counted as `import` counts them:
/// used by `status` to tell a form waiting to be imported from one already in.
pub fn pending_changes(dataset: &Dataset, form: &ReturnedForm) -> usize {
    let mut notes = Vec::new();
    let scale = Scale::of(&dataset.plan);
    form.goals
        .iter()
        .filter_map(|returned| {
            let goal = dataset.goals.iter().find(|g| g.no == returned.no)?;
            Some(
                returned
                    .fills
                    .iter()
                    .filter_map(|(field, cell)| {
                        answer(&form.path, *field, cell, &scale, &mut notes)
                            .ok()
                            .flatten()
                            .map(|a| (*field, a))
                    })
                    .filter(|(field, a)| !holds(goal, *field, a))
                    .count(),
            )
        })
        .sum()
}
