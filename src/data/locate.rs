//! Where each value of a YAML file stands, so that a problem found after
//! parsing can still point at its line and column.
//!
//! serde_yaml keeps no positions in the values it builds; this index is made
//! from yaml-rust2's event stream, one event at a time. The same pass guards
//! the loader against hostile files before serde_yaml sees them: it stops at
//! a nesting deeper than any dataset needs and at aliases (`*name`) that would
//! expand to more nodes than any dataset holds (the "billion laughs"), so
//! neither the index nor the parse after it can take unbounded time or memory.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Deepest nesting a dataset file may have. The deepest real path is
/// `goals[i].years[j].results[k].table[r][c]` (9 levels); the rest is slack.
pub const MAX_DEPTH: usize = 32;

/// Most nodes a file may hold once every alias is expanded. The bundled
/// dataset's largest file has about 600; a hundred thousand is far beyond
/// any real file, and serde_yaml builds that many in a few dozen MiB.
pub const MAX_EXPANDED_NODES: u64 = 100_000;

/// Keys longer than this are not indexed (no dataset key is near it): a
/// path repeats its parents' keys, so long keys would make the index grow
/// with the square of the file.
const MAX_INDEXED_KEY_BYTES: usize = 64;

/// The most bytes of paths the index keeps; past it, later values are not
/// indexed (their messages fall back to serde_yaml's own position). A real
/// file needs a few dozen KiB.
const MAX_INDEX_BYTES: usize = 8 << 20;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Why the scan stopped before the end of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanProblem {
    /// The YAML does not parse; serde_yaml will say why in more detail.
    Syntax { at: Position, message: String },
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep { at: Position },
    /// More than [`MAX_EXPANDED_NODES`] nodes, counting aliases expanded;
    /// `aliases` tells whether the file used any.
    TooManyNodes { at: Position, aliases: bool },
}

/// Positions of every value (and every mapping key) by the path serde_yaml
/// prints in its messages: `goals[0].years[3].evaluation`.
#[derive(Debug, Clone, Default)]
pub struct LocationIndex {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
    /// Set when the scan stopped early; the index holds what came before.
    pub problem: Option<ScanProblem>,
}

impl LocationIndex {
    /// Scans `text` once. Time and memory are linear in its length.
    pub fn build(text: &str) -> LocationIndex {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_token() {
                Ok((Event::StreamEnd, _)) => break,
                Ok((event, mark)) => {
                    if let Err(problem) = builder.on_event(event, mark) {
                        builder.index.problem = Some(problem);
                        break;
                    }
                }
                Err(err) => {
                    builder.index.problem = Some(ScanProblem::Syntax {
                        at: position(*err.marker()),
                        message: err.info().to_owned(),
                    });
                    break;
                }
            }
        }
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
    Sequence {
        path: String,
        next: usize,
        anchor: usize,
        nodes: u64,
    },
    Mapping {
        path: String,
        key: Option<String>,
        anchor: usize,
        nodes: u64,
    },
}

impl Frame {
    fn nodes(&mut self) -> &mut u64 {
        match self {
            Frame::Sequence { nodes, .. } | Frame::Mapping { nodes, .. } => nodes,
        }
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    index: LocationIndex,
    /// Expanded size of each anchored node, by anchor id.
    anchored: HashMap<usize, u64>,
    /// Nodes in the file so far, aliases expanded.
    total: u64,
    /// Whether an alias was met.
    aliases: bool,
    /// Bytes of paths stored in the index so far.
    stored: usize,
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

impl Builder {
    fn too_many(&self, mark: Marker) -> ScanProblem {
        ScanProblem::TooManyNodes {
            at: position(mark),
            aliases: self.aliases,
        }
    }

    /// Counts `nodes` more nodes in every open collection and in the file.
    fn count(&mut self, nodes: u64, mark: Marker) -> Result<(), ScanProblem> {
        self.total = self.total.saturating_add(nodes);
        if self.total > MAX_EXPANDED_NODES {
            return Err(self.too_many(mark));
        }
        if let Some(frame) = self.stack.last_mut() {
            *frame.nodes() = frame.nodes().saturating_add(nodes);
        }
        Ok(())
    }

    fn on_event(&mut self, event: Event, mark: Marker) -> Result<(), ScanProblem> {
        let (anchor, opens) = match &event {
            Event::Scalar(_, _, anchor, _) => (*anchor, false),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => (*anchor, true),
            Event::Alias(id) => {
                self.aliases = true;
                let size = self.anchored.get(id).copied().unwrap_or(1);
                self.count(size, mark)?;
                (0, false)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(mut frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (anchor, nodes) = match &mut frame {
                    Frame::Sequence { anchor, nodes, .. }
                    | Frame::Mapping { anchor, nodes, .. } => (*anchor, *nodes),
                };
                if anchor != 0 {
                    self.anchored.insert(anchor, nodes);
                }
                // The parent holds the closed node and everything in it.
                if let Some(parent) = self.stack.last_mut() {
                    *parent.nodes() = parent.nodes().saturating_add(nodes);
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        if opens && self.stack.len() >= MAX_DEPTH {
            return Err(ScanProblem::TooDeep { at: position(mark) });
        }
        if !opens {
            // A scalar (or an alias, counted above) is one node.
            if !matches!(event, Event::Alias(_)) {
                self.count(1, mark)?;
                if anchor != 0 {
                    self.anchored.insert(anchor, 1);
                }
            }
        } else {
            self.total = self.total.saturating_add(1);
            if self.total > MAX_EXPANDED_NODES {
                return Err(self.too_many(mark));
            }
        }

        let path = match self.stack.last_mut() {
            None => ".".to_owned(),
            Some(Frame::Sequence { path, next, .. }) => {
                *next += 1;
                format!("{path}[{}]", *next - 1)
            }
            Some(Frame::Mapping { path, key, .. }) => match key.take() {
                Some(key) => child(path, &key),
                None => {
                    // This node is a key: remember it and where it stands.
                    let name = match &event {
                        Event::Scalar(value, ..) if value.len() <= MAX_INDEXED_KEY_BYTES => {
                            value.clone()
                        }
                        _ => "?".to_owned(),
                    };
                    let full = child(path, &name);
                    if self.stored + full.len() <= MAX_INDEX_BYTES {
                        self.stored += full.len();
                        self.index.keys.entry(full).or_insert(position(mark));
                    }
                    *key = Some(name);
                    if opens {
                        self.stack.push(Frame::Mapping {
                            path: "?".into(),
                            key: None,
                            anchor,
                            nodes: 1,
                        });
                    }
                    return Ok(());
                }
            },
        };
        if self.stored + path.len() <= MAX_INDEX_BYTES {
            self.stored += path.len();
            self.index
                .values
                .entry(path.clone())
                .or_insert(position(mark));
        }
        match event {
            Event::SequenceStart(..) => self.stack.push(Frame::Sequence {
                path,
                next: 0,
                anchor,
                nodes: 1,
            }),
            Event::MappingStart(..) => self.stack.push(Frame::Mapping {
                path,
                key: None,
                anchor,
                nodes: 1,
            }),
            _ => {}
        }
        Ok(())
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
        assert_eq!(index.problem, None);
    }

    #[test]
    fn deep_nesting_stops_the_scan_where_it_gets_too_deep() {
        let text = format!("goals: {}", "[".repeat(200));
        let index = LocationIndex::build(&text);
        match index.problem {
            Some(ScanProblem::TooDeep { at }) => {
                assert_eq!(at.line, 1);
                assert_eq!(at.column, 8 + MAX_DEPTH - 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn aliases_are_counted_expanded() {
        // Ten levels of ten aliases each: 10^10 nodes once expanded.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let prev = format!("*a{}", level - 1);
            let items = [prev.as_str(); 10].join(", ");
            text += &format!("a{level}: &a{level} [{items}]\n");
        }
        let index = LocationIndex::build(&text);
        assert!(
            matches!(
                index.problem,
                Some(ScanProblem::TooManyNodes { aliases: true, .. })
            ),
            "{:?}",
            index.problem
        );
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let text = "a: &x [1, 2, 3]\nb: [*x, *x]\n";
        let index = LocationIndex::build(text);
        assert_eq!(index.problem, None);
        assert_eq!(index.value("b[1]"), Some(Position { line: 2, column: 9 }));
    }
}
