//! Minimal textual edits of a data file: a row added, a value replaced, a
//! field set, each by changing only the lines concerned, so that the
//! clerks' comments, key order and layout stay as they wrote them.
//! `new-year` and `import` edit the dataset this way; every edited file is
//! loaded again before anything is written.

use crate::data::era::FiscalYear;
use crate::data::locate::LocationIndex;
use crate::data::model::{Block, RichText, TaggedBlock};

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
pub fn add_year_row(text: &str, goal: usize, years: usize, year: FiscalYear) -> Option<String> {
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
    Some(insert_after(text, after_line, &insertion))
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
pub fn replace_value(text: &str, path: &str, value: &str) -> Option<String> {
    let position = LocationIndex::build(text).value(path)?;
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
    Some(format!(
        "{}{}{}",
        &text[..start + column],
        value,
        &text[start + column + old_len..]
    ))
}

/// A value to write under a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A text cell.
    Text(&'a RichText),
    /// A one-word scalar (an evaluation letter).
    Word(&'a str),
}

/// Sets `key` of the yearly row `row` (its index in goal `goal`'s `years`,
/// the goal's index in the file's `goals`) to `value`: the key's lines are
/// replaced when it is there, else it is inserted after the row's keys that
/// come before it in `order` (the row's keys as the sheet declares them,
/// `year` first).
pub fn set_year_key(
    text: &str,
    goal: usize,
    row: usize,
    key: &str,
    value: &Value,
    order: &[&str],
) -> Option<String> {
    let block_row = block_style_row(text, goal, row)?;
    let text = block_row.as_str();
    let index = LocationIndex::build(text);
    let lines: Vec<&str> = text.lines().collect();
    let entry = format!("goals[{goal}].years[{row}]");
    let year_key = index.key(&format!("{entry}.year"))?;
    let indent = year_key.column - 1;
    let rendered = render(key, value, indent);
    if let Some(at) = index.key(&format!("{entry}.{key}")) {
        let line = lines.get(at.line - 1)?;
        // The first key of a row carries the row's `- `; keep it.
        let key_start = line.char_indices().nth(at.column - 1)?.0;
        let end = block_end(&lines, at.line, at.column - 1);
        let start = line_start(text, at.line);
        let stop = line_start(text, end + 1);
        let mut out = String::with_capacity(text.len() + rendered.len());
        out.push_str(&text[..start]);
        out.push_str(&line[..key_start]);
        out.push_str(rendered.trim_start_matches(' '));
        out.push_str(&text[stop.min(text.len())..]);
        return Some(out);
    }
    let position = order.iter().position(|k| *k == key)?;
    let previous = order[..position]
        .iter()
        .rev()
        .find_map(|k| index.key(&format!("{entry}.{k}")))?;
    let after = block_end(&lines, previous.line, previous.column - 1);
    Some(insert_after(text, after, &rendered))
}

/// Sets `key: value` in the mapping at `map` (a path such as
/// `goals[0].indicators[1].actual`), replacing the key's value when it is
/// there; when the mapping is missing, it is added as `name:` (the last
/// segment of `map`) at the end of its parent mapping. A mapping written in
/// flow style (`{ R3: 135 }`) is rewritten one key a line first.
pub fn set_map_entry(text: &str, map: &str, key: &str, value: &str) -> Option<String> {
    let index = LocationIndex::build(text);
    let entry = format!("{map}.{key}");
    if index.value(&entry).is_some() {
        return replace_value(text, &entry, value);
    }
    let lines: Vec<&str> = text.lines().collect();
    match index.value(map) {
        Some(at) => {
            let line = lines.get(at.line - 1)?;
            let start = line
                .char_indices()
                .nth(at.column - 1)
                .map_or(line.len(), |(i, _)| i);
            let key_at = index.key(map)?;
            let indent = key_at.column - 1;
            if line[start..].starts_with('{') {
                // Flow style: the whole mapping again, one key a line.
                let document: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
                let mut node = &document;
                for part in map.split('.') {
                    let (name, rest) = part.split_once('[').unwrap_or((part, ""));
                    node = node.get(name)?;
                    for index in rest.split('[').filter(|i| !i.is_empty()) {
                        node = node.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
                    }
                }
                let pad = " ".repeat(indent + 2);
                let mut block = format!(
                    "{}:
",
                    line[..start].trim_end().trim_end_matches(':')
                );
                if let serde_yaml::Value::Mapping(entries) = node {
                    for (k, v) in entries {
                        let k = serde_yaml::to_string(k).ok()?;
                        let v = serde_yaml::to_string(v).ok()?;
                        block += &format!("{pad}{}: {}\n", k.trim(), v.trim());
                    }
                }
                block += &format!("{pad}{key}: {value}\n");
                let from = line_start(text, at.line);
                let to = line_start(text, at.line + 1).min(text.len());
                return Some(format!("{}{block}{}", &text[..from], &text[to..]));
            }
            // Block style: after the mapping's last line.
            let end = block_end(&lines, key_at.line, indent);
            Some(insert_after(
                text,
                end,
                &format!("{}{key}: {value}\n", " ".repeat(indent + 2)),
            ))
        }
        None => {
            let (parent, name) = map.rsplit_once('.')?;
            let parent_at = index.value(parent)?;
            // The parent's keys stand where its first line's key does (after
            // its `- ` when it is an item of a list).
            let first = lines.get(parent_at.line - 1)?;
            let indent = indentation(first);
            let column = if first[indent..].starts_with("- ") {
                indent + 2
            } else {
                indent
            };
            let end = block_end(&lines, parent_at.line, column.saturating_sub(1));
            let pad = " ".repeat(column);
            Some(insert_after(
                text,
                end,
                &format!("{pad}{name}:\n{pad}  {key}: {value}\n"),
            ))
        }
    }
}

/// `text` with the yearly row `row` of goal `goal` in block style: a row
/// written in flow style (`- { year: R6, activities: … }`) is rewritten as
/// one key a line, so that a key can be set or added in it.
fn block_style_row(text: &str, goal: usize, row: usize) -> Option<String> {
    let at = LocationIndex::build(text).key(&format!("goals[{goal}].years[{row}].year"))?;
    let lines: Vec<&str> = text.lines().collect();
    let line = lines.get(at.line - 1)?;
    let start = line.char_indices().nth(at.column - 1)?.0;
    if !line[..start].trim_end().ends_with('{') {
        return Some(text.to_owned());
    }
    let document: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let entry = document.get("goals")?.get(goal)?.get("years")?.get(row)?;
    let dash = line[..start].rfind('-')?;
    let end = block_end(&lines, at.line, dash);
    let pad = " ".repeat(dash);
    let mut block = String::new();
    for (i, entry_line) in serde_yaml::to_string(entry).ok()?.lines().enumerate() {
        let lead = if i == 0 { "- " } else { "  " };
        block += &format!("{pad}{lead}{entry_line}\n");
    }
    let from = line_start(text, at.line);
    let to = line_start(text, end + 1).min(text.len());
    Some(format!("{}{block}{}", &text[..from], &text[to..]))
}

/// `text` with `insertion` (whole lines) after its 1-based line `line`.
fn insert_after(text: &str, line: usize, insertion: &str) -> String {
    let at = line_start(text, line + 1);
    let mut out = String::with_capacity(text.len() + insertion.len() + 1);
    out.push_str(&text[..at]);
    if at > 0 && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(insertion);
    out.push_str(&text[at..]);
    out
}

/// `key: value` as lines of YAML indented by `indent` spaces: a scalar on
/// the key's line, several lines as a literal block, several blocks as a
/// list of blocks.
pub fn render(key: &str, value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let text = match value {
        Value::Word(word) => return format!("{pad}{key}: {}\n", scalar(word, false)),
        Value::Text(text) => text,
    };
    let blocks = text.blocks();
    let mut out = format!("{pad}{key}:");
    match blocks.as_slice() {
        [] => out += " ''\n",
        [Block::Paragraph(p) | Block::Tagged(TaggedBlock::Paragraph(p))] => {
            out += &paragraph(p, indent + 2);
        }
        blocks => {
            out.push('\n');
            let item = format!("{pad}  - ");
            let deeper = " ".repeat(indent + 6);
            for block in blocks {
                out += &item;
                match block {
                    Block::Paragraph(p) | Block::Tagged(TaggedBlock::Paragraph(p)) => {
                        out += paragraph(p, indent + 4).trim_start_matches(' ');
                    }
                    Block::Tagged(TaggedBlock::Heading(h)) => {
                        out += &format!("heading: {}\n", scalar(h, false));
                    }
                    Block::Tagged(TaggedBlock::List(items)) => {
                        out += "list:\n";
                        for entry in items {
                            out += &format!("{deeper}- {}\n", scalar(entry, false));
                        }
                    }
                    Block::Tagged(TaggedBlock::Table(rows)) => {
                        out += "table:\n";
                        for row in rows {
                            let cells: Vec<String> = row.iter().map(|c| scalar(c, true)).collect();
                            out += &format!("{deeper}- [{}]\n", cells.join(", "));
                        }
                    }
                }
            }
        }
    }
    out
}

/// A paragraph after a key or a `- `: on the same line when it is one line,
/// else a literal block (`|-`) whose lines are indented by `indent`.
fn paragraph(text: &str, indent: usize) -> String {
    let literal_ok = text.contains('\n')
        && text
            .split('\n')
            .all(|line| !line.starts_with([' ', '\t']) && !line.ends_with([' ', '\t']))
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if !literal_ok {
        return format!(" {}\n", scalar(text, false));
    }
    let pad = " ".repeat(indent);
    let mut out = String::from(" |-\n");
    for line in text.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            out += &format!("{pad}{line}\n");
        }
    }
    out
}

/// A string as a YAML scalar: plain when YAML reads it back as the same
/// string, else double-quoted (JSON's escapes are YAML's). `flow` is for a
/// scalar inside `[ ]`.
pub fn scalar(text: &str, flow: bool) -> String {
    let risky_start = text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ', '\t',
    ]);
    let risky_inside = text.contains(": ")
        || text.contains(" #")
        || text.ends_with([':', ' ', '\t'])
        || text.chars().any(char::is_control)
        || (flow && text.contains([',', '[', ']', '{', '}']));
    // A plain scalar YAML would read as something else (a number, a bool,
    // null, a date) is quoted too.
    let reads_as_other = serde_yaml::from_str::<serde_yaml::Value>(text)
        .map(|value| value != serde_yaml::Value::String(text.to_owned()))
        .unwrap_or(true);
    if text.is_empty() || risky_start || risky_inside || reads_as_other {
        serde_json::to_string(text).expect("a string serialises")
    } else {
        text.to_owned()
    }
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

    const KEYS: &[&str] = &[
        "year",
        "activities",
        "results",
        "challenges",
        "evaluation",
        "remarks",
    ];

    const ROW: &str = "goals:\n  - no: 1\n    years:\n      - year: R1  # this year\n        activities: 予定\n        results: |-\n          古い一行目\n          古い二行目\n        # the committee's\n        remarks: 特になし\n";

    fn text(yaml: &str) -> RichText {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_field_is_replaced_keeping_the_rest() {
        let new = text(
            "- 段落\n- list: [甲, 'a: b']\n- heading: 研修会\n- table: [[x, '1,2'], ['', y]]\n",
        );
        let out = set_year_key(ROW, 0, 0, "results", &Value::Text(&new), KEYS).unwrap();
        assert_eq!(
            out,
            "goals:\n  - no: 1\n    years:\n      - year: R1  # this year\n        activities: 予定\n        results:\n          - 段落\n          - list:\n              - 甲\n              - \"a: b\"\n          - heading: 研修会\n          - table:\n              - [x, \"1,2\"]\n              - [\"\", y]\n        # the committee's\n        remarks: 特になし\n"
        );
        let back: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
        let results: RichText =
            serde_yaml::from_value(back["goals"][0]["years"][0]["results"].clone()).unwrap();
        assert_eq!(results, new);
    }

    #[test]
    fn a_missing_field_goes_after_the_keys_before_it() {
        let out = set_year_key(ROW, 0, 0, "evaluation", &Value::Word("B"), KEYS).unwrap();
        assert!(
            out.contains(
                "          古い二行目\n        evaluation: B\n        # the committee's\n"
            ),
            "{out}"
        );
        let lines = RichText::Plain("一行目\n二行目".into());
        let out = set_year_key(ROW, 0, 0, "challenges", &Value::Text(&lines), KEYS).unwrap();
        assert!(
            out.contains(
                "古い二行目\n        challenges: |-\n          一行目\n          二行目\n"
            ),
            "{out}"
        );
        let number = text("'2020'");
        let out = set_year_key(ROW, 0, 0, "activities", &Value::Text(&number), KEYS).unwrap();
        assert!(out.contains("        activities: \"2020\"\n"), "{out}");
    }

    #[test]
    fn a_row_in_flow_style_is_rewritten_one_key_a_line() {
        let text = "goals:\n  - no: 1\n    years:\n      - { year: R5, evaluation: A }\n      - { year: R6, activities: 続ける }\n";
        let out = set_year_key(text, 0, 1, "evaluation", &Value::Word("X"), KEYS).unwrap();
        assert_eq!(
            out,
            "goals:\n  - no: 1\n    years:\n      - { year: R5, evaluation: A }\n      - year: R6\n        activities: 続ける\n        evaluation: X\n"
        );
    }

    #[test]
    fn a_map_entry_is_set_added_or_its_map_made() {
        let text = "goals:\n  - no: 1\n    indicators:\n      - name: 人数\n        actual:\n          R3: 10  # 初年度\n      - name: 件数\n        actual: { R3: 5 }\n      - name: 回数\n";
        let out = set_map_entry(text, "goals[0].indicators[0].actual", "R3", "12").unwrap();
        assert!(out.contains("          R3: 12  # 初年度\n"), "{out}");
        let out = set_map_entry(text, "goals[0].indicators[0].actual", "R4", "15").unwrap();
        assert!(
            out.contains("          R3: 10  # 初年度\n          R4: 15\n"),
            "{out}"
        );
        let out = set_map_entry(text, "goals[0].indicators[1].actual", "R4", "6").unwrap();
        assert!(
            out.contains("        actual:\n          R3: 5\n          R4: 6\n"),
            "{out}"
        );
        let out = set_map_entry(text, "goals[0].indicators[2].actual", "R3", "1").unwrap();
        assert!(
            out.ends_with("      - name: 回数\n        actual:\n          R3: 1\n"),
            "{out}"
        );
        let back: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
        assert_eq!(
            back["goals"][0]["indicators"][2]["actual"]["R3"],
            serde_yaml::Value::from(1)
        );
    }

    #[test]
    fn a_value_is_replaced_in_place() {
        let text = "plan:\n  period: { from: H28, to: H32 } # five years\n";
        let out = replace_value(text, "plan.period.to", "R3").unwrap();
        assert_eq!(out, "plan:\n  period: { from: H28, to: R3 } # five years\n");
    }
}
