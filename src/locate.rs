//! Where each value of a YAML file stands, so that a problem found after
//! parsing can still point at its line and column.
//!
//! serde_yaml keeps no positions in the values it builds; this index is made
//! from yaml-rust2's event stream only when a message needs a location.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Positions of every value (and every mapping key) by the path serde_yaml
/// prints in its messages: `goals[0].years[3].evaluation`.
#[derive(Debug, Default)]
pub struct LocationIndex {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
}

impl LocationIndex {
    pub fn build(text: &str) -> LocationIndex {
        let mut builder = Builder::default();
        // A file that does not parse keeps whatever was indexed before the error.
        let _ = Parser::new_from_str(text).load(&mut builder, false);
        builder.index
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Position> {
        self.values.get(path).copied()
    }

    /// Where the key that names `path` stands (for unknown or misspelt keys).
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied()
    }
}

enum Frame {
    Sequence { path: String, next: usize },
    Mapping { path: String, key: Option<String> },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    index: LocationIndex,
}

fn child(parent: &str, key: &str) -> String {
    if parent == "." {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if is_node {
            let path = match self.stack.last_mut() {
                None => ".".to_owned(),
                Some(Frame::Sequence { path, next }) => {
                    *next += 1;
                    format!("{path}[{}]", *next - 1)
                }
                Some(Frame::Mapping { path, key }) => match key.take() {
                    Some(key) => child(path, &key),
                    None => {
                        // This node is a key: remember it and where it stands.
                        let name = match &event {
                            Event::Scalar(value, ..) => value.clone(),
                            _ => "?".to_owned(),
                        };
                        let full = child(path, &name);
                        self.index.keys.entry(full).or_insert(position(mark));
                        *key = Some(name);
                        if let Event::SequenceStart(..) | Event::MappingStart(..) = event {
                            self.stack.push(Frame::Mapping {
                                path: "?".into(),
                                key: None,
                            });
                        }
                        return;
                    }
                },
            };
            self.index
                .values
                .entry(path.clone())
                .or_insert(position(mark));
            match event {
                Event::SequenceStart(..) => self.stack.push(Frame::Sequence { path, next: 0 }),
                Event::MappingStart(..) => self.stack.push(Frame::Mapping { path, key: None }),
                _ => {}
            }
        } else if let Event::SequenceEnd | Event::MappingEnd = event {
            self.stack.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_keys_by_serde_yaml_path() {
        let text = "goals:\n  - no: 5\n    years:\n      - year: R1\n        evaluation: E\n";
        let index = LocationIndex::build(text);
        assert_eq!(
            index.value("goals[0].years[0].evaluation"),
            Some(Position {
                line: 5,
                column: 21
            })
        );
        assert_eq!(
            index.key("goals[0].years[0].evaluation"),
            Some(Position { line: 5, column: 9 })
        );
        assert_eq!(
            index.value("goals[0].no"),
            Some(Position { line: 2, column: 9 })
        );
    }
}
