//! One file's text into the model: YAML syntax and serde's type errors
//! turned into located diagnostics in the clerk's words.
//!
//! Hostile or broken files cost bounded work: the [`LocationIndex`] scan
//! that runs before serde_yaml stops at nesting deeper than
//! [`locate::MAX_DEPTH`] and at aliases that expand past
//! [`locate::MAX_EXPANDED_NODES`] nodes, and such a file never reaches serde.
//!
//! [`LocationIndex`]: crate::data::locate::LocationIndex

use crate::data::dataset::SourceFile;
use crate::data::diagnostic::{Diagnostic, SheetPlace};
use crate::data::locate::{self, Position, ScanProblem};
use crate::data::model::{DatasetFile, Evaluation, field_label};
use crate::data::place::point_at;
use crate::messages;

/// Parses one file; a syntax or type problem becomes a located diagnostic.
pub(super) fn parse_source(source: &SourceFile) -> Result<DatasetFile, Vec<Diagnostic>> {
    let has_content = source.text.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#') && line != "---" && line != "..."
    });
    if !has_content {
        return Err(vec![
            Diagnostic::error(messages::file_empty())
                .in_file(&source.path)
                .with_hint(messages::file_empty_hint()),
        ]);
    }
    // The scan that built the index stopped early: the file is broken or
    // hostile, and serde_yaml is not given it.
    if let Some(problem) = &source.index.problem {
        let (at, message, hint) = match problem {
            ScanProblem::Syntax { at, message } if !message.contains("recursion limit") => {
                let (message, hint) = messages::yaml_syntax(message);
                (syntax_position(&source.text, *at), message, Some(hint))
            }
            // yaml-rust2's own limit on nested brackets, which its scanner
            // may meet before the index meets ours.
            ScanProblem::Syntax { at, .. } | ScanProblem::TooDeep { at } => (
                *at,
                messages::nesting_too_deep(locate::MAX_DEPTH),
                Some(messages::nesting_too_deep_hint().to_owned()),
            ),
            ScanProblem::TooManyNodes { at, aliases: true } => (
                *at,
                messages::aliases_too_large(locate::MAX_EXPANDED_NODES),
                Some(messages::no_aliases_hint().to_owned()),
            ),
            ScanProblem::TooManyNodes { at, aliases: false } => (
                *at,
                messages::too_many_values(locate::MAX_EXPANDED_NODES),
                Some(messages::too_many_values_hint().to_owned()),
            ),
        };
        let mut diagnostic = Diagnostic::error(message).in_file(&source.path);
        diagnostic.hint = hint;
        diagnostic.position = Some(at);
        diagnostic.source_line = source.line(at.line).map(str::to_owned);
        return Err(vec![diagnostic]);
    }
    serde_yaml::from_str::<DatasetFile>(&source.text).map_err(|err| vec![translate(source, &err)])
}

/// A note for each full-width evaluation letter (Ａ–Ｄ) the file wrote.
pub(super) fn full_width_notes(source: &SourceFile, contents: &DatasetFile) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for (g, goal) in contents.goals.iter().enumerate() {
        for (y, entry) in goal.years.iter().enumerate() {
            let Some(evaluation) = &entry.evaluation else {
                continue;
            };
            let path = format!("goals[{g}].years[{y}].evaluation");
            let Some(at) = source.index.value(&path) else {
                continue;
            };
            let written: String = source
                .line(at.line)
                .unwrap_or_default()
                .chars()
                .skip(at.column - 1)
                .skip_while(|c| *c == '"' || *c == '\'')
                .take(1)
                .collect();
            if Evaluation::is_full_width(&written) {
                let mut note =
                    Diagnostic::note(messages::full_width_letter(&written, evaluation.letter()))
                        .in_file(&source.path)
                        .with_hint(messages::full_width_letter_hint(evaluation.letter()));
                note.position = Some(at);
                note.source_line = source.line(at.line).map(str::to_owned);
                note.place = SheetPlace {
                    goal: Some(goal.no),
                    year: Some(entry.year.row_label()),
                    field: field_label("evaluation").map(str::to_owned),
                };
                notes.push(note);
            }
        }
    }
    notes
}

/// Turns a serde_yaml error into a diagnostic in the clerk's terms.
fn translate(source: &SourceFile, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml prints "path: message at line L column C".
    let without_mark = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full[..],
    };
    let (path, message) = match without_mark.split_once(": ") {
        Some((path, message)) if looks_like_path(path) => (path.to_owned(), message.to_owned()),
        _ => (".".to_owned(), without_mark.to_owned()),
    };
    let (message, hint) = explain(&message, &path);
    let mut diagnostic = Diagnostic::error(message).in_file(&source.path);
    diagnostic.hint = hint;
    if let Some(location) = err.location() {
        diagnostic.position = Some(Position {
            line: location.line(),
            column: location.column(),
        });
    }
    let is_key_problem = full.contains("unknown field");
    point_at(&mut diagnostic, source, &path, is_key_problem);
    diagnostic
}

fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.[]?".contains(c))
}

/// Where to point for a syntax error found at `at`: a parser notices an
/// unclosed bracket or quote only at the end of the file or on a blank line,
/// so such a position moves back to the end of the last line written.
fn syntax_position(text: &str, at: Position) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |n: usize| {
        lines
            .get(n.wrapping_sub(1))
            .is_none_or(|l| l.trim().is_empty())
    };
    if !blank(at.line) {
        return at;
    }
    let mut line = at.line.min(lines.len() + 1);
    while line > 1 && blank(line) {
        line -= 1;
    }
    match lines.get(line - 1) {
        Some(text) if !text.trim().is_empty() => Position {
            line,
            column: text.trim_end().chars().count() + 1,
        },
        _ => at,
    }
}

/// Rewords serde's English for the people who edit the data: the message
/// and the hint. serde's words are read, never shown.
fn explain(message: &str, path: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| !c.is_empty())
            .collect();
        let suggestion = candidates
            .iter()
            .map(|c| (strsim::damerau_levenshtein(name, c), *c))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        let hint = match suggestion {
            Some((_, best)) => messages::did_you_mean(best, field_label(best)),
            None if candidates.is_empty() => messages::no_keys_here().to_owned(),
            None => messages::keys_allowed(&candidates),
        };
        return (messages::unknown_key(name), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return (
            messages::missing_key(name, field_label(name)),
            Some(messages::add_key_hint(name)),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or(rest);
        if path.ends_with("basic_goal") {
            return (
                messages::basic_goal_unknown(value),
                Some(messages::basic_goal_unknown_hint().into()),
            );
        }
        return (messages::value_not_allowed(value), None);
    }
    if message.starts_with("data did not match any variant of untagged enum RichText")
        || message.starts_with("data did not match any variant of untagged enum Block")
    {
        return (
            messages::text_shape_unreadable().into(),
            Some(messages::text_shape_hint().into()),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum SubMeasure") {
        return (
            messages::sub_measure_unreadable().into(),
            Some(messages::sub_measure_hint().into()),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let hint = expected
                .starts_with("struct DatasetFile")
                .then(|| messages::file_starts_hint().to_owned());
            return (messages::wrong_kind(expected, found), hint);
        }
        return (messages::wrong_kind_unknown().into(), None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return (messages::invalid_value(found, expected), None);
    }
    if message.contains("more than one document") {
        return (
            messages::several_documents().into(),
            Some(messages::several_documents_hint().into()),
        );
    }
    if message.contains("recursion limit exceeded") || message.contains("repetition limit") {
        return (
            messages::expansion_too_large().into(),
            Some(messages::no_aliases_hint().into()),
        );
    }
    // Our own types' errors (a year, a date) are already in the clerk's words.
    if !message.is_ascii() {
        return (message.to_owned(), None);
    }
    (
        messages::value_unreadable().into(),
        Some(messages::value_unreadable_hint().into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_the_nearest_one() {
        let (message, hint) = explain(
            "unknown field `evalution`, expected one of `year`, `activities`, `evaluation`",
            "goals[0].years[0]",
        );
        assert!(message.contains("evalution"), "{message}");
        assert_eq!(
            hint.as_deref(),
            Some("もしかして「evaluation」（評価）ですか？")
        );
    }
}
