//! Pointing at a value: from a serde-style path (`goals[3].years[2].results`)
//! to its line and column in the file, and to the goal, year and field it
//! is on the sheet.
//!
//! A field is named by one source: a declared field by its label in the
//! sheet, every other key by its title in the JSON Schema (which the
//! model's doc comments give), found by walking the schema along the path.

use serde_json::Value as Json;

use crate::data::dataset::SourceFile;
use crate::data::diagnostic::{Diagnostic, SheetPlace};
use crate::data::locate::Position;
use crate::data::schema;
use crate::data::sheet::{Kind, Sheet};

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
pub(super) fn point_at(
    diagnostic: &mut Diagnostic,
    source: &SourceFile,
    path: &str,
    at_key: bool,
    labels: Labels,
) {
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
    diagnostic.place = sheet_place(source, path, labels);
}

/// Names fields by their labels: a declared field by its sheet's label,
/// any other key by its schema title.
#[derive(Clone, Copy)]
pub struct Labels<'a> {
    sheet: &'a Sheet,
}

/// Where a walk along a path stands.
#[derive(Clone, Copy)]
enum Node<'s> {
    Schema(&'s Json),
    Goal,
    Year,
}

impl<'a> Labels<'a> {
    pub fn new(sheet: &'a Sheet) -> Labels<'a> {
        Labels { sheet }
    }

    /// The label of the last key of `path` and of its first key after the
    /// goal or year it is in: `内容と成果`, `関係取組・事業（事業名）`,
    /// `計画（名前）`. `path` is relative to a file (`goals[0].…`) or, with
    /// `in_goal`, to a goal (`years[2].results`).
    pub fn field(&self, path: &str, in_goal: bool) -> Option<String> {
        let root = schema::static_schema();
        let mut node = if in_goal {
            Node::Goal
        } else {
            Node::Schema(root)
        };
        let mut labels: Vec<String> = Vec::new();
        for segment in segments(path) {
            node = match (segment, node) {
                (Segment::Index(_), Node::Schema(schema)) => {
                    let item = items(root, schema);
                    // A goal's or a row's fields are named afresh.
                    match item.and_then(|i| definition_name(root, i)) {
                        Some("Goal") => {
                            labels.clear();
                            Node::Goal
                        }
                        Some("YearEntry") => {
                            labels.clear();
                            Node::Year
                        }
                        _ => Node::Schema(item?),
                    }
                }
                (Segment::Index(_), _) => return None,
                (Segment::Key(key), Node::Goal | Node::Year) => {
                    let declared = match node {
                        Node::Goal => self.sheet.goal_field(&key),
                        _ => self.sheet.column(&key),
                    };
                    match declared {
                        Some(field) => {
                            labels.push(field.label.clone());
                            Node::Schema(kind_schema(root, field.kind)?)
                        }
                        None => {
                            let name = if matches!(node, Node::Goal) {
                                "Goal"
                            } else {
                                "YearEntry"
                            };
                            let (child, title) = property(root, &root["definitions"][name], &key)?;
                            labels.extend(title);
                            Node::Schema(child)
                        }
                    }
                }
                (Segment::Key(key), Node::Schema(schema)) => {
                    let (child, title) = property(root, schema, &key)?;
                    labels.extend(title);
                    Node::Schema(child)
                }
            };
        }
        match labels.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [first, .., last] if first == last => Some(first.clone()),
            [first, .., last] => Some(format!("{first}（{last}）")),
        }
    }

    /// The key a Japanese label names, when one does (`評価` → `evaluation`),
    /// among the keys allowed at `path` (a goal's, a row's, or `None` for
    /// any): for a clerk who wrote the label as the key.
    pub fn key_for_label(&self, label: &str, row: Option<bool>) -> Option<String> {
        let label = label.trim();
        let goal = self.sheet.fields.iter().filter(|_| row != Some(true));
        let columns = self
            .sheet
            .years
            .columns
            .iter()
            .filter(|_| row != Some(false));
        if let Some(field) = goal.chain(columns).find(|f| f.label == label) {
            return Some(field.key.clone());
        }
        let root = schema::static_schema();
        let names: &[&str] = match row {
            Some(true) => &["YearEntry"],
            Some(false) => &["Goal"],
            None => &["Goal", "YearEntry", "Plan"],
        };
        names.iter().find_map(|name| {
            let properties = root["definitions"][*name]["properties"].as_object()?;
            properties.iter().find_map(|(key, schema)| {
                let title = schema["title"]
                    .as_str()
                    .or_else(|| resolve(root, schema)["title"].as_str())?;
                (title == label).then(|| key.clone())
            })
        })
    }

    /// The label of a key allowed at `path`, for a suggestion.
    pub fn of_key(&self, parent: &str, key: &str, in_goal: bool) -> Option<String> {
        let path = if parent.is_empty() || parent == "." {
            key.to_owned()
        } else {
            format!("{parent}.{key}")
        };
        let full = self.field(&path, in_goal)?;
        // Only the key's own label, not its context.
        Some(match full.rsplit_once('（') {
            Some((_, last)) => last.trim_end_matches('）').to_owned(),
            None => full,
        })
    }
}

/// `schema` with its `$ref` followed.
fn resolve<'s>(root: &'s Json, schema: &'s Json) -> &'s Json {
    match schema["$ref"].as_str() {
        Some(reference) => reference
            .strip_prefix("#/definitions/")
            .map_or(schema, |name| &root["definitions"][name]),
        None => match schema["allOf"].as_array().map(Vec::as_slice) {
            Some([one]) => resolve(root, one),
            _ => schema,
        },
    }
}

/// The definition `schema` refers to, by name.
fn definition_name<'s>(root: &'s Json, schema: &'s Json) -> Option<&'s str> {
    let reference = match schema["$ref"].as_str() {
        Some(reference) => reference,
        None => schema["allOf"][0]["$ref"].as_str()?,
    };
    let name = reference.strip_prefix("#/definitions/")?;
    root["definitions"].get(name).map(|_| name)
}

/// The schema of the items of an array schema (looked for in its branches).
fn items<'s>(root: &'s Json, schema: &'s Json) -> Option<&'s Json> {
    let schema = resolve(root, schema);
    if let Some(items) = schema.get("items") {
        return Some(items);
    }
    branches(schema).find_map(|branch| items(root, branch))
}

fn branches(schema: &Json) -> impl Iterator<Item = &Json> {
    ["anyOf", "oneOf", "allOf"]
        .into_iter()
        .filter_map(|k| schema[k].as_array())
        .flatten()
}

/// The schema of property `key` of an object schema and its title (a
/// one-key branch of an enum carries the title of the key it names).
fn property<'s>(root: &'s Json, schema: &'s Json, key: &str) -> Option<(&'s Json, Option<String>)> {
    let schema = resolve(root, schema);
    if let Some(child) = schema["properties"].get(key) {
        let title = child["title"]
            .as_str()
            .or_else(|| resolve(root, child)["title"].as_str())
            .or_else(|| {
                (schema["properties"].as_object()?.len() == 1)
                    .then(|| schema["title"].as_str())
                    .flatten()
            })
            .map(str::to_owned);
        return Some((child, title));
    }
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        return Some((values, None));
    }
    branches(schema).find_map(|branch| property(root, branch, key))
}

/// The schema of the values a field of `kind` holds.
fn kind_schema(root: &Json, kind: Kind) -> Option<&Json> {
    let name = match kind {
        Kind::Text => "RichText",
        Kind::Schedule => "Schedule",
        Kind::Programmes => "Programmes",
        Kind::Derived => "Judged",
        Kind::Number => "Number",
        _ => "Evaluation",
    };
    root["definitions"].get(name)
}

/// Reads the goal number, year and field that `path` points into, looking
/// the number and year up in the file itself as written (it may not fit
/// the model, or not even parse past a slip): the word at the position the
/// location index has for the goal's `no` and the row's `year`.
pub(super) fn sheet_place(source: &SourceFile, path: &str, labels: Labels) -> SheetPlace {
    let word_at = |path: &str| -> Option<String> {
        let at = source.index.value(path)?;
        let line = source.line(at.line)?;
        let word: String = line
            .chars()
            .skip(at.column - 1)
            .skip_while(|c| *c == '"' || *c == '\'')
            .take_while(|c| !c.is_whitespace() && !"#,}\"'".contains(*c))
            .collect();
        (!word.is_empty()).then_some(word)
    };
    let mut place = SheetPlace::default();
    let mut walked = String::new();
    let mut parent_key: Option<String> = None;
    for segment in segments(path) {
        match segment {
            Segment::Key(key) => {
                if !walked.is_empty() {
                    walked.push('.');
                }
                walked += &key;
                parent_key = Some(key);
            }
            Segment::Index(i) => {
                walked += &format!("[{i}]");
                match parent_key.as_deref() {
                    Some("goals") => {
                        place.goal = word_at(&format!("{walked}.no")).and_then(|w| w.parse().ok());
                    }
                    Some("years") => place.year = word_at(&format!("{walked}.year")),
                    _ => {}
                }
                parent_key = None;
            }
        }
    }
    place.field = labels.field(path, false);
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
        let labels = Labels::new(Sheet::default_sheet());
        let place = sheet_place(&source, "goals[0].years[0].evaluation", labels);
        assert_eq!(place.to_string(), "実施目標 No.7 / R1 / 評価");
    }

    #[test]
    fn labels_are_the_declared_labels_and_the_schema_titles() {
        let labels = Labels::new(Sheet::default_sheet());
        let at = |path| labels.field(path, false);
        assert_eq!(
            at("goals[0].years[2].results[1].list[0]").as_deref(),
            Some("内容と成果（箇条書き）")
        );
        assert_eq!(
            at("goals[0].programmes.city[0].name").as_deref(),
            Some("関係取組・事業（事業名）")
        );
        assert_eq!(
            at("plan.structure[0].name").as_deref(),
            Some("計画（名前）")
        );
        assert_eq!(
            at("goals[0].schedule.segments[1].from").as_deref(),
            Some("年次計画（開始年度）")
        );
        assert_eq!(at("goals[0].no").as_deref(), Some("実施目標 No."));
        assert_eq!(
            labels.key_for_label("評価", Some(true)).as_deref(),
            Some("evaluation")
        );
        assert_eq!(
            labels.key_for_label("年度", Some(true)).as_deref(),
            Some("year")
        );
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
