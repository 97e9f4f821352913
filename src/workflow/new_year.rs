//! Rolling a dataset forward one fiscal year: every goal gets the next
//! year's empty row. The files are edited as text, line by line, so their
//! comments and layout stay as the clerks wrote them.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use crate::data::era::FiscalYear;
use crate::data::load::{load_dataset, load_dataset_from_bytes};
use crate::data::locate::LocationIndex;
use crate::data::{Dataset, Diagnostic, LoadError};
use crate::documents::output::write_atomically;
use crate::messages;

/// What `new-year` did.
#[derive(Debug)]
pub struct NewYear {
    pub year: FiscalYear,
    pub changed_files: Vec<PathBuf>,
    /// Whether the plan period was extended to take the year.
    pub extended: bool,
}

/// The year after the latest row of any goal.
pub fn next_year(dataset: &Dataset) -> FiscalYear {
    dataset
        .goals
        .iter()
        .flat_map(|goal| &goal.years)
        .map(|entry| entry.year)
        .max()
        .unwrap_or(dataset.plan.period.from.prev())
        .next()
}

/// Adds `- year: Y` to every goal of `data` that lacks the next year, and,
/// with `extend`, moves the plan's last year when Y lies beyond it. The
/// edited files are checked as a whole before any is written.
pub fn new_year(data: &Path, extend: bool) -> Result<NewYear> {
    let dataset = load_dataset(data)?;
    let year = next_year(&dataset);
    let period = dataset.plan.period;
    if year > period.to && !extend {
        return Err(LoadError::from(
            Diagnostic::error(messages::year_beyond_period(
                &year.prose(),
                &period.from.prose(),
                &period.to.prose(),
            ))
            .with_hint(messages::year_beyond_period_hint()),
        )
        .into());
    }
    let mut texts: Vec<String> = dataset.sources.iter().map(|s| s.text.clone()).collect();
    let mut changed = vec![false; texts.len()];
    // Edit each file from its last goal up, so earlier line numbers hold.
    let mut goals: Vec<usize> = (0..dataset.goals.len()).collect();
    goals.sort_by_key(|&i| std::cmp::Reverse((dataset.origins[i].file, dataset.origins[i].index)));
    for i in goals {
        let goal = &dataset.goals[i];
        if goal.years.iter().any(|entry| entry.year == year) {
            continue;
        }
        let origin = dataset.origins[i];
        let text = &mut texts[origin.file];
        *text = add_year_row(text, origin.index, goal.years.len(), year).ok_or_else(|| {
            LoadError::from(
                Diagnostic::error(messages::rows_end_not_found(goal.no))
                    .in_file(&dataset.sources[origin.file].path)
                    .with_hint(messages::rows_end_not_found_hint()),
            )
        })?;
        changed[origin.file] = true;
    }
    let extended = year > period.to;
    if extended {
        let plan_file = dataset
            .sources
            .iter()
            .position(|s| {
                LocationIndex::build(&s.text)
                    .value("plan.period.to")
                    .is_some()
            })
            .ok_or_else(|| anyhow!(messages::key_not_found("plan.period.to")))?;
        texts[plan_file] = replace_value(&texts[plan_file], "plan.period.to", &year.row_label())?;
        changed[plan_file] = true;
    }
    // Nothing is written unless the whole edited dataset is valid.
    let files = dataset
        .sources
        .iter()
        .zip(&texts)
        .map(|(s, t)| (s.path.clone(), t.clone().into_bytes()))
        .collect();
    load_dataset_from_bytes(data, files).map_err(|err| {
        let mut diagnostics = vec![Diagnostic::error(messages::edited_dataset_invalid())];
        diagnostics.extend(err.diagnostics);
        LoadError { diagnostics }
    })?;
    let mut changed_files = Vec::new();
    for ((source, text), changed) in dataset.sources.iter().zip(&texts).zip(changed) {
        if changed {
            write_atomically(&source.path, text.as_bytes())?;
            changed_files.push(source.path.clone());
        }
    }
    Ok(NewYear {
        year,
        changed_files,
        extended,
    })
}

/// The byte offset where 1-based `line` starts.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Inserts a `- year:` item after the last year of goal `goal` (the index
/// of the goal in the file's `goals`), or a `years:` block when it has none.
fn add_year_row(text: &str, goal: usize, years: usize, year: FiscalYear) -> Option<String> {
    let index = LocationIndex::build(text);
    let lines: Vec<&str> = text.lines().collect();
    let label = year.row_label();
    let (after_line, insertion) = if years > 0 {
        let last = index.value(&format!("goals[{goal}].years[{}]", years - 1))?;
        let item_line = lines.get(last.line - 1)?;
        let dash = item_line[..item_line.char_indices().nth(last.column - 1)?.0].rfind('-')?;
        let end = block_end(&lines, last.line, dash);
        (end, format!("{}- year: {label}\n", " ".repeat(dash)))
    } else {
        // The goal's keys stand where its `no` does.
        let start = index.key(&format!("goals[{goal}].no"))?;
        let key_column = start.column - 1;
        let end = block_end(&lines, start.line, key_column.saturating_sub(1));
        let indent = " ".repeat(key_column);
        (end, format!("{indent}years:\n{indent}  - year: {label}\n"))
    };
    let at = line_start(text, after_line + 1);
    let mut out = String::with_capacity(text.len() + insertion.len() + 1);
    out.push_str(&text[..at]);
    if at > 0 && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&insertion);
    out.push_str(&text[at..]);
    Some(out)
}

/// The last line (1-based) of the block that starts on `first` and whose
/// lines are indented deeper than `column`; trailing blank and comment lines
/// are left to what follows.
fn block_end(lines: &[&str], first: usize, column: usize) -> usize {
    let mut end = first;
    for (i, line) in lines.iter().enumerate().skip(first) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indentation(line) <= column {
            break;
        }
        end = i + 1;
    }
    end
}

/// Replaces the scalar value at `path` with `value`, keeping the rest of
/// its line (a trailing comment, say).
fn replace_value(text: &str, path: &str, value: &str) -> Result<String> {
    let position = LocationIndex::build(text)
        .value(path)
        .ok_or_else(|| anyhow!(messages::key_not_found(path)))?;
    let start = line_start(text, position.line);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let column = line
        .char_indices()
        .nth(position.column - 1)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[column..];
    let old_len = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == '}')
        .unwrap_or(rest.len());
    Ok(format!(
        "{}{}{}",
        &text[..start + column],
        value,
        &text[start + column + old_len..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_goes_after_the_last_year_keeping_comments() {
        let text = "goals:\n  - no: 1\n    years:\n      - year: 28 # first\n        activities: |-\n          a\n          b\n      # a comment\n  - no: 2\n";
        let out = add_year_row(text, 0, 1, "29".parse().unwrap()).unwrap();
        assert_eq!(
            out,
            "goals:\n  - no: 1\n    years:\n      - year: 28 # first\n        activities: |-\n          a\n          b\n      - year: 29\n      # a comment\n  - no: 2\n"
        );
    }

    #[test]
    fn a_goal_without_years_gets_a_years_block() {
        let text = "goals:\n  - no: 1\n    content: x\n";
        let out = add_year_row(text, 0, 0, "R3".parse().unwrap()).unwrap();
        assert_eq!(
            out,
            "goals:\n  - no: 1\n    content: x\n    years:\n      - year: R3\n"
        );
    }

    #[test]
    fn a_value_is_replaced_in_place() {
        let text = "plan:\n  period: { from: H28, to: H32 } # five years\n";
        let out = replace_value(text, "plan.period.to", "R3").unwrap();
        assert_eq!(out, "plan:\n  period: { from: H28, to: R3 } # five years\n");
    }
}
