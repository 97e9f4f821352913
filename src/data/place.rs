//! Pointing at a value: from a serde-style path (`goals[3].years[2].results`)
//! to its line and column in the file, and to the goal, year and field it
//! is on the sheet.

use crate::data::dataset::SourceFile;
use crate::data::diagnostic::{Diagnostic, SheetPlace};
use crate::data::locate::Position;
use crate::data::model::field_label;

pub(super) fn goal_path(index: usize, relative_path: &str) -> String {
    if relative_path.is_empty() {
        format!("goals[{index}]")
    } else {
        format!("goals[{index}].{relative_path}")
    }
}

/// The first `needle` in `text` at or after `start`.
pub(super) fn find_after(text: &str, start: Position, needle: &str) -> Option<Position> {
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if number + 1 == start.line {
            let column_offset: usize = line
                .chars()
                .take(start.column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            offset += column_offset;
            break;
        }
        offset += line.len();
    }
    let found = offset + text.get(offset..)?.find(needle)?;
    let before = &text[..found];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..found].chars().count() + 1;
    Some(Position { line, column })
}

#[derive(Debug)]
pub(super) enum Segment {
    Key(String),
    Index(usize),
}

pub(super) fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push(Segment::Key(rest[..i].to_owned()));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(n) = stripped[..end].parse() {
                    out.push(Segment::Index(n));
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else {
            out.push(Segment::Key(rest.to_owned()));
        }
    }
    out
}

pub(super) fn value_position(source: &SourceFile, path: &str) -> Option<Position> {
    source.index.value(path).or_else(|| source.index.key(path))
}

/// Fills in the position, source line and sheet place of `path` in `source`.
pub(super) fn point_at(diagnostic: &mut Diagnostic, source: &SourceFile, path: &str, at_key: bool) {
    if diagnostic.position.is_none() {
        diagnostic.position = if at_key {
            source.index.key(path).or_else(|| source.index.value(path))
        } else {
            value_position(source, path)
        };
    }
    if let Some(pos) = diagnostic.position {
        diagnostic.source_line = source.line(pos.line).map(str::to_owned);
    }
    diagnostic.place = sheet_place(source, path);
}

/// The sheet label of a field path's keys: `内容と成果`, `関係取組・事業（事業名）`.
pub(super) fn field_name(keys: &[&str]) -> Option<String> {
    let labels: Vec<&str> = keys.iter().filter_map(|k| field_label(k)).collect();
    match labels.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [first, .., last] => Some(format!("{first}（{last}）")),
    }
}

/// Reads the goal number, year and field that `path` points into, looking
/// the number and year up in the file itself (it may not fit the model).
/// Only called for a file whose scan found nothing hostile in it.
pub(super) fn sheet_place(source: &SourceFile, path: &str) -> SheetPlace {
    let value: Option<serde_yaml::Value> = if source.index.problem.is_none() {
        serde_yaml::from_str(&source.text).ok()
    } else {
        None
    };
    let mut place = SheetPlace::default();
    let mut node = value.as_ref();
    let mut field_keys: Vec<String> = Vec::new();
    let mut parent_key: Option<String> = None;
    for segment in segments(path) {
        match segment {
            Segment::Key(key) => {
                node = node.and_then(|n| n.get(key.as_str()));
                if !matches!(key.as_str(), "goals" | "years") {
                    field_keys.push(key.clone());
                }
                parent_key = Some(key);
            }
            Segment::Index(i) => {
                node = node.and_then(|n| n.get(i));
                match parent_key.as_deref() {
                    Some("goals") => {
                        field_keys.clear();
                        place.goal = node
                            .and_then(|n| n.get("no"))
                            .and_then(serde_yaml::Value::as_u64)
                            .and_then(|n| u32::try_from(n).ok());
                    }
                    Some("years") => {
                        field_keys.clear();
                        place.year = node.and_then(|n| n.get("year")).and_then(|y| match y {
                            serde_yaml::Value::String(s) => Some(s.clone()),
                            serde_yaml::Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        });
                    }
                    _ => {}
                }
                parent_key = None;
            }
        }
    }
    let keys: Vec<&str> = field_keys.iter().map(String::as_str).collect();
    place.field = field_name(&keys);
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_indices() {
        let parts = segments("goals[3].years[2].evaluation");
        assert_eq!(
            format!("{parts:?}"),
            r#"[Key("goals"), Index(3), Key("years"), Index(2), Key("evaluation")]"#
        );
    }

    #[test]
    fn sheet_place_reads_goal_number_and_year_from_the_file() {
        let text = "goals:\n  - no: 7\n    years:\n      - year: R1\n        evaluation: E\n";
        let source = SourceFile::new("x.yaml", text.to_owned());
        let place = sheet_place(&source, "goals[0].years[0].evaluation");
        assert_eq!(place.to_string(), "実施目標 No.7 / R1 / 評価");
    }

    #[test]
    fn find_after_counts_columns_in_characters() {
        let text = "a: 1\nb: 吉田𠮷野\n";
        let start = Position { line: 2, column: 4 };
        assert_eq!(
            find_after(text, start, "𠮷"),
            Some(Position { line: 2, column: 6 })
        );
        assert_eq!(find_after(text, start, "a"), None);
    }
}
