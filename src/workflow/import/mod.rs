//! `import`: the sections' returned forms into the dataset.
//!
//! Every form is assessed once ([`assess`]), and `status` tells the same
//! assessment: already imported, waiting, blank, or refused and why. Every
//! problem of every file is found before anything is written, in the clerk's
//! words and place (`高齢福祉課.xlsx › No.5 › E16（評価（R2））: …`); the
//! dataset as it would be after the import is loaded and checked like
//! `check` does before layout; then the files of the dataset are edited by
//! minimal textual edits ([`crate::data::edit`]), a copy of each is kept,
//! and all are written at once.
//!
//! A form is judged by the fields it asks for: it is stale only when one of
//! them changed since it was made to something other than what the form
//! says (so the committee's remarks do not make the sections' forms stale);
//! a form for a year other than the one being collected is refused unless
//! that year is named (`--year`); a file that is no form is a note; an
//! empty cell leaves its field as it was, and a form already imported
//! changes nothing.

pub mod read;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::data::cell_text;
use crate::data::diagnostic::Severity;
use crate::data::edit::{self, Value as EditValue};
use crate::data::era::FiscalYear;
use crate::data::load::load_dataset_from_bytes;
use crate::data::model::{Evaluation, Goal, Number, RichText, Value};
use crate::data::scale::Scale;
use crate::data::sheet::{Kind, Sheet};
use crate::data::text::one_line;
use crate::data::{Dataset, Diagnostic, LoadError, load_dataset};
use crate::documents::failure::Failure;
use crate::documents::form::meta::{self, FieldId};
use crate::documents::output::{self, write_all_atomically};
use crate::messages;
use crate::typeset::coverage::{self, SystemFonts};
use read::{Cell, ReturnedForm, Unreadable, read_form};

/// What `import` was asked.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Returned forms: files, or folders searched for them.
    pub paths: Vec<PathBuf>,
    pub data: PathBuf,
    /// Only tell what would change.
    pub dry_run: bool,
    /// Take forms whose fields changed since they were made.
    pub force: bool,
    /// Take forms of this year even when it is not the one being collected
    /// (a year already reported, corrected on purpose).
    pub year: Option<FiscalYear>,
}

/// A value a form gives a field.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Text(RichText),
    Letter(Evaluation),
    Number(Number),
    Choice(String),
}

impl Answer {
    fn shown(&self) -> String {
        match self {
            Answer::Text(text) => cell_text::to_cell(text),
            Answer::Letter(letter) => letter.letter().to_owned(),
            Answer::Number(number) => number.display(None),
            Answer::Choice(choice) => choice.clone(),
        }
    }
}

/// One field the import changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub goal: u32,
    pub field: FieldId,
    /// The field as the sheet labels it (`内容と成果（R2）`).
    pub label: String,
    /// As a cell shows it, before and after.
    pub old: String,
    pub new: String,
}

/// Where a returned form stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormState {
    /// Everything it says is in the dataset.
    Imported,
    /// It says this many things the dataset does not hold yet.
    Waiting(usize),
    /// It came back with nothing filled in.
    Blank,
    /// Fields it fills changed since it was made, to something else.
    Stale(Vec<String>),
    /// It collects a year other than the one being collected.
    OtherYear {
        form: FiscalYear,
        expected: FiscalYear,
    },
    /// It was made from another plan's dataset.
    OtherPlan(String),
    /// Cells of it cannot be taken (a letter outside the scale …).
    Invalid(usize),
}

/// What a form says and where it stands, as `import` and `status` tell it.
#[derive(Debug)]
pub struct Assessment {
    pub state: FormState,
    /// Answers the dataset does not hold yet, by goal and field.
    answers: Vec<(u32, FieldId, Answer, Cell)>,
    /// Why it is refused (empty unless the state is a refusal).
    pub problems: Vec<Diagnostic>,
    /// What was read on the clerk's behalf (a full-width letter …).
    pub notes: Vec<Diagnostic>,
    /// What was typed where nothing is read (a locked cell, outside the
    /// form's cells): told one by one, so that nothing goes unseen.
    pub unread: Vec<Diagnostic>,
}

/// What the import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Imported {
    /// Forms read, and of them those skipped as already in or blank.
    pub forms: usize,
    pub skipped: Vec<(PathBuf, FormState)>,
    pub changes: Vec<Change>,
    /// Notes: what was read on the clerk's behalf.
    pub notes: Vec<Diagnostic>,
    /// Notes each to be told: files that are no form, what was typed where
    /// nothing is read.
    pub unread: Vec<Diagnostic>,
    pub files_written: Vec<PathBuf>,
    /// The folder holding a copy of every file changed, as it was.
    pub backup: Option<PathBuf>,
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
/// path that does not exist is a problem, a folder without one is none
/// (nothing came back yet).
pub fn workbooks(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(workbooks_in(path));
        } else if path.exists() {
            files.push(path.clone());
        } else {
            problems.push(
                Diagnostic::error(messages::form_missing(&output::shown_path(path)))
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
fn at_cell(form: &Path, cell: &Cell, label: &str, message: String) -> Diagnostic {
    Diagnostic::error(format!(
        "{}: {message}",
        messages::form_place(form, &cell.sheet, &cell.cell, label)
    ))
}

/// A note at a cell of a form.
fn note_at_cell(form: &Path, cell: &Cell, label: &str, message: String) -> Diagnostic {
    let mut note = at_cell(form, cell, label, message);
    note.severity = Severity::Note;
    note
}

/// The kind of the field a form fills.
fn kind_of(sheet: &Sheet, field: &FieldId) -> Kind {
    match field {
        FieldId::Year(_, key) => sheet.column(key).map_or(Kind::Text, |c| c.kind),
        FieldId::Goal(key) => sheet.goal_field(key).map_or(Kind::Text, |f| f.kind),
        FieldId::Actual(..) => Kind::Number,
    }
}

/// The answer a filled cell gives, or the problem with it.
fn answer(
    dataset: &Dataset,
    form: &Path,
    field: &FieldId,
    label: &str,
    cell: &Cell,
    notes: &mut Vec<Diagnostic>,
) -> Result<Option<Answer>, Box<Diagnostic>> {
    let sheet = dataset.sheet();
    if let Some(problem) = &cell.problem {
        let problem = at_cell(form, cell, label, problem.clone());
        return Err(Box::new(problem.with_hint(messages::cell_problem_hint())));
    }
    if let Some(note) = &cell.note {
        notes.push(note_at_cell(form, cell, label, note.clone()));
    }
    let written = cell.text.trim();
    if written.is_empty() {
        return Ok(None);
    }
    let declared = match field {
        FieldId::Year(_, key) => sheet.column(key),
        FieldId::Goal(key) => sheet.goal_field(key),
        FieldId::Actual(..) => None,
    };
    match kind_of(sheet, field) {
        Kind::Grade => {
            let scale = declared.map_or_else(
                || Scale::of(&dataset.plan),
                |f| Scale::for_field(f, &dataset.plan),
            );
            // A lower-case or full-width letter is read as the scale's, with a note.
            let letter = [written.to_owned(), written.to_uppercase()]
                .iter()
                .map(|w| Evaluation::parse(w))
                .find(|letter| scale.contains(letter));
            match letter {
                Some(letter) => {
                    if letter.letter() != written {
                        notes.push(note_at_cell(
                            form,
                            cell,
                            label,
                            messages::full_width_letter(written, letter.letter()),
                        ));
                    }
                    Ok(Some(Answer::Letter(letter)))
                }
                None => Err(Box::new(
                    at_cell(
                        form,
                        cell,
                        label,
                        messages::letter_not_in_scale(written, &scale.letters()),
                    )
                    .with_hint(messages::choose_from_list_hint()),
                )),
            }
        }
        Kind::Choice => {
            let choices: Vec<&str> = declared
                .map(|f| f.choices.iter().map(String::as_str).collect())
                .unwrap_or_default();
            if choices.contains(&written) {
                Ok(Some(Answer::Choice(written.to_owned())))
            } else {
                Err(Box::new(
                    at_cell(
                        form,
                        cell,
                        label,
                        messages::choice_not_in_list(written, &choices),
                    )
                    .with_hint(messages::choose_from_list_hint()),
                ))
            }
        }
        Kind::Number => {
            let unit = match field {
                FieldId::Actual(_, i) => dataset
                    .goals
                    .iter()
                    .find_map(|g| g.indicators.get(*i))
                    .and_then(|i| i.unit.clone()),
                _ => declared.and_then(|f| f.unit.clone()),
            };
            match Number::parse(written, unit.as_deref()) {
                Some(number) => {
                    if number.display(None).replace(',', "") != written {
                        notes.push(note_at_cell(
                            form,
                            cell,
                            label,
                            messages::number_read_as(written, &number.display(None)),
                        ));
                    }
                    Ok(Some(Answer::Number(number)))
                }
                None => Err(Box::new(
                    at_cell(form, cell, label, messages::not_a_number(written))
                        .with_hint(messages::cell_problem_hint()),
                )),
            }
        }
        _ => Ok(Some(Answer::Text(cell_text::from_cell(&cell.text)))),
    }
}

/// What the dataset holds for `field` of `goal`, as an answer would.
fn current(goal: &Goal, field: &FieldId) -> Option<Answer> {
    if let FieldId::Actual(year, index) = field {
        return goal
            .indicators
            .get(*index)
            .and_then(|i| i.actual.get(year))
            .copied()
            .map(Answer::Number);
    }
    let value = match field {
        FieldId::Year(year, key) => goal.year(*year).and_then(|e| e.fields.get(key)),
        FieldId::Goal(key) => goal.fields.get(key),
        FieldId::Actual(..) => None,
    };
    match value {
        Some(Value::Text(text)) => Some(Answer::Text(text.clone())),
        Some(Value::Letter(letter)) => Some(Answer::Letter(letter.clone())),
        Some(Value::Number(number)) => Some(Answer::Number(*number)),
        Some(Value::Choice(choice)) => Some(Answer::Choice(choice.clone())),
        _ => None,
    }
}

/// Whether the dataset already holds `answer` for `field`.
fn holds(goal: &Goal, field: &FieldId, answer: &Answer) -> bool {
    match (current(goal, field), answer) {
        (Some(Answer::Text(now)), Answer::Text(new)) => cell_text::same_text(&now, new),
        (None, Answer::Text(new)) => new.is_empty(),
        (Some(Answer::Number(now)), Answer::Number(new)) => now.value == new.value,
        (now, new) => now.as_ref() == Some(new),
    }
}

/// The year a form should collect: the committee's, the year reported; a
/// section's, the year being collected.
pub fn expected_year(dataset: &Dataset, form: &ReturnedForm) -> FiscalYear {
    if form.is_remarks() {
        dataset
            .reported_years()
            .last()
            .copied()
            .unwrap_or(dataset.plan.period.from)
    } else {
        dataset.collecting_year()
    }
}

/// Where `form` stands against `dataset`. `year` is a year the clerk named
/// to take forms of; `force` takes stale forms.
pub fn assess(
    dataset: &Dataset,
    form: &ReturnedForm,
    year: Option<FiscalYear>,
    force: bool,
) -> Assessment {
    let mut assessment = Assessment {
        state: FormState::Blank,
        answers: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
        unread: Vec::new(),
    };
    let labels = dataset.labels();
    if form.plan != dataset.plan.title {
        assessment.state = FormState::OtherPlan(form.plan.clone());
        assessment.problems.push(
            Diagnostic::error(messages::form_other_plan(&form.plan))
                .in_file(&form.path)
                .with_hint(messages::form_other_plan_hint()),
        );
        return assessment;
    }
    let form_year = FiscalYear::from_number(u64::from(form.year))
        .filter(|year| dataset.plan.period.contains(*year));
    let Some(form_year) = form_year else {
        assessment.state = FormState::Invalid(1);
        assessment
            .problems
            .push(Diagnostic::error(messages::form_year_outside(form.year)).in_file(&form.path));
        return assessment;
    };
    let expected = expected_year(dataset, form);
    let mut waiting = 0;
    let mut imported = 0;
    let mut stale: Vec<String> = Vec::new();
    let mut invalid = 0;
    for returned in &form.goals {
        let Some(goal) = dataset.goals.iter().find(|g| g.no == returned.no) else {
            invalid += 1;
            assessment.problems.push(
                Diagnostic::error(messages::no_such_goals(&[returned.no])).in_file(&form.path),
            );
            continue;
        };
        for (field, cell) in &returned.typed_over {
            assessment.unread.push(note_at_cell(
                &form.path,
                cell,
                &field.label(Some(goal), labels),
                messages::locked_cell_typed_over().to_owned(),
            ));
        }
        for cell in &returned.outside {
            assessment.unread.push(note_at_cell(
                &form.path,
                cell,
                messages::outside_label(),
                messages::typed_outside_form(&one_line(&cell.text)),
            ));
        }
        for (field, cell) in &returned.fills {
            let label = field.label(Some(goal), labels);
            let answer = match answer(
                dataset,
                &form.path,
                field,
                &label,
                cell,
                &mut assessment.notes,
            ) {
                Ok(Some(answer)) => answer,
                Ok(None) => continue,
                Err(problem) => {
                    invalid += 1;
                    assessment.problems.push(*problem);
                    continue;
                }
            };
            if holds(goal, field, &answer) {
                imported += 1;
                continue;
            }
            // Changed since the form was made, to something the form does
            // not say: taking the form would undo that change.
            let made = returned
                .hashes
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, h)| h);
            if made.is_some_and(|hash| *hash != meta::fingerprint(&meta::field_text(goal, field))) {
                stale.push(messages::stale_field(returned.no, &label));
            }
            waiting += 1;
            assessment
                .answers
                .push((returned.no, field.clone(), answer, cell.clone()));
        }
    }
    let named = year == Some(form_year);
    assessment.state = if invalid > 0 {
        FormState::Invalid(invalid)
    } else if form_year != expected && !named && waiting > 0 {
        assessment.problems.push(
            Diagnostic::error(messages::form_other_year(
                &form_year.prose(),
                &expected.prose(),
                form_year < expected,
            ))
            .in_file(&form.path)
            .with_hint(messages::form_other_year_hint(&form_year.row_label())),
        );
        FormState::OtherYear {
            form: form_year,
            expected,
        }
    } else if !stale.is_empty() && !force {
        let reported = form_year < expected;
        assessment.problems.push(
            Diagnostic::error(messages::form_stale(&stale))
                .in_file(&form.path)
                .with_hint(messages::form_stale_hint(reported)),
        );
        FormState::Stale(stale)
    } else if waiting > 0 {
        FormState::Waiting(waiting)
    } else if imported > 0 {
        FormState::Imported
    } else {
        FormState::Blank
    };
    assessment
}

/// A returned form read, or why the file is none.
pub enum Returned {
    Form(ReturnedForm),
    /// A spreadsheet that is not a welfare-sheets form: told, then left.
    NotAForm,
    /// A form (or what may be one) that cannot be read.
    Unreadable(Unreadable),
    /// The file cannot be read at all (the operating system's reason).
    Unopenable(String),
}

/// Reads the file at `path` as a form of `dataset`.
pub fn read_returned(dataset: &Dataset, path: &Path) -> Returned {
    match std::fs::read(path) {
        Ok(bytes) => match read_form(path, &bytes, dataset.sheet()) {
            Ok(form) => Returned::Form(form),
            Err(Unreadable::NotAForm) => Returned::NotAForm,
            Err(why) => Returned::Unreadable(why),
        },
        Err(err) => Returned::Unopenable(messages::file_unreadable(&err)),
    }
}

/// A refused import, saying that nothing was written (unless it was a
/// dry run, which writes nothing anyway).
fn refused(diagnostics: Vec<Diagnostic>, dry_run: bool) -> Failure {
    let failure = Failure::from(LoadError { diagnostics });
    if dry_run {
        failure
    } else {
        failure.not_written(messages::import_not_written())
    }
}

/// The keys of a yearly row in the order the sheet declares them.
fn row_keys(sheet: &Sheet) -> Vec<&str> {
    std::iter::once("year")
        .chain(sheet.years.columns.iter().map(|c| c.key.as_str()))
        .collect()
}

/// Imports the forms; writes nothing unless every form is clean and the
/// edited dataset loads and passes the checks before layout.
pub fn import(options: &ImportOptions) -> Result<Imported, Failure> {
    let dataset =
        load_dataset(&options.data).map_err(|err| refused(err.diagnostics, options.dry_run))?;
    let files =
        workbooks(&options.paths).map_err(|err| refused(err.diagnostics, options.dry_run))?;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut imported = Imported::default();
    // Every answer, by goal and field, with the form it came from.
    let mut answers: BTreeMap<(u32, FieldId), (Answer, PathBuf, Cell)> = BTreeMap::new();
    for path in &files {
        let form = match read_returned(&dataset, path) {
            Returned::Form(form) => form,
            Returned::NotAForm => {
                imported.unread.push(
                    Diagnostic::note(messages::not_a_form_skipped())
                        .in_file(path)
                        .with_hint(messages::not_a_form_skipped_hint()),
                );
                continue;
            }
            Returned::Unreadable(why) => {
                problems.push(
                    Diagnostic::error(why.message())
                        .in_file(path)
                        .with_hint(why.hint()),
                );
                continue;
            }
            Returned::Unopenable(why) => {
                problems.push(Diagnostic::error(why).in_file(path));
                continue;
            }
        };
        imported.forms += 1;
        let assessment = assess(&dataset, &form, options.year, options.force);
        imported.notes.extend(assessment.notes);
        imported.unread.extend(assessment.unread);
        problems.extend(assessment.problems);
        match assessment.state {
            FormState::Imported | FormState::Blank => {
                imported.skipped.push((form.path.clone(), assessment.state));
                continue;
            }
            FormState::Waiting(_) | FormState::Stale(_) => {}
            _ => continue,
        }
        for (no, field, answer, cell) in assessment.answers {
            match answers.get(&(no, field.clone())) {
                Some((other, other_path, _)) if *other != answer => {
                    let same_text = matches!((other, &answer), (Answer::Text(a), Answer::Text(b)) if cell_text::same_text(a, b));
                    if !same_text {
                        let goal = dataset.goals.iter().find(|g| g.no == no);
                        problems.push(at_cell(
                            &form.path,
                            &cell,
                            &field.label(goal, dataset.labels()),
                            messages::forms_disagree(other_path),
                        ));
                    }
                }
                Some(_) => {}
                None => {
                    answers.insert((no, field), (answer, form.path.clone(), cell));
                }
            }
        }
    }
    if !problems.is_empty() {
        problems.extend(imported.unread);
        problems.extend(imported.notes);
        return Err(refused(problems, options.dry_run));
    }

    // The changes, and the files they edit.
    let sheet = dataset.sheet();
    let keys = row_keys(sheet);
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
        let label = field.label(Some(goal), dataset.labels());
        imported.changes.push(Change {
            goal: *no,
            field: field.clone(),
            label: label.clone(),
            old: current(goal, field).map(|a| a.shown()).unwrap_or_default(),
            new: answer.shown(),
        });
        let origin = dataset.origins[index];
        let text = &mut texts[origin.file];
        let failed = || {
            refused(
                vec![
                    Diagnostic::error(messages::cannot_edit(*no, &label))
                        .in_file(&dataset.sources[origin.file].path)
                        .with_hint(messages::rows_end_not_found_hint()),
                ],
                options.dry_run,
            )
        };
        let number;
        let value = match answer {
            Answer::Text(t) => EditValue::Text(t),
            Answer::Letter(l) => EditValue::Word(l.letter()),
            Answer::Choice(c) => EditValue::Word(c),
            Answer::Number(n) => {
                number = n.display(None).replace(',', "");
                EditValue::Word(&number)
            }
        };
        match field {
            FieldId::Year(year, key) => {
                let years = rows
                    .entry(*no)
                    .or_insert_with(|| goal.years.iter().map(|e| e.year).collect());
                let row = match years.iter().position(|y| y == year) {
                    Some(row) => row,
                    None => {
                        *text = edit::add_year_row(text, origin.index, years.len(), *year)
                            .ok_or_else(failed)?;
                        years.push(*year);
                        years.len() - 1
                    }
                };
                *text = edit::set_year_key(text, origin.index, row, key, &value, &keys)
                    .ok_or_else(failed)?;
            }
            FieldId::Actual(year, i) => {
                let EditValue::Word(number) = value else {
                    unreachable!("an actual value is a number");
                };
                let map = format!("goals[{}].indicators[{i}].actual", origin.index);
                *text = edit::set_map_entry(text, &map, &year.row_label(), number)
                    .ok_or_else(failed)?;
            }
            FieldId::Goal(_) => return Err(failed()),
        }
        edited[origin.file] = true;
    }

    // Told in the order the sheet reads: goal, year, then column.
    imported.changes.sort_by_key(|change| {
        let (year, column) = match &change.field {
            FieldId::Year(year, key) => (Some(*year), keys.iter().position(|k| k == key)),
            FieldId::Actual(year, i) => (Some(*year), Some(keys.len() + i)),
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
        refused(diagnostics, options.dry_run)
    })?;
    let glyphs = coverage::check(&after, &[], &SystemFonts::Off);
    if glyphs.diagnostics.iter().any(Diagnostic::is_error) {
        let mut diagnostics = vec![Diagnostic::error(messages::imported_dataset_invalid())];
        diagnostics.extend(glyphs.diagnostics);
        return Err(refused(diagnostics, options.dry_run));
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
        if !writes.is_empty() {
            imported.backup = Some(
                output::keep_copies(&options.data, writes.iter().map(|(p, _)| p.as_path()))
                    .map_err(|err| {
                        Failure::from(err).not_written(messages::import_not_written())
                    })?,
            );
        }
        write_all_atomically(&writes)
            .map_err(|err| Failure::from(err).not_written(messages::import_not_written()))?;
        imported.files_written = writes.into_iter().map(|(path, _)| path).collect();
    }
    Ok(imported)
}
