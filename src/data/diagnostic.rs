//! Problems in a dataset, told the way a clerk can act on them: the file,
//! line and column, the goal, year and field by its label on the sheet.

use std::fmt;
use std::path::PathBuf;

use crate::data::locate::Position;
use crate::messages;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// Which cell of which sheet a problem concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetPlace {
    /// 実施目標 No.
    pub goal: Option<u32>,
    /// The row label of the year (28, R1, …).
    pub year: Option<String>,
    /// The field's Japanese sheet label (評価, 内容と成果, …).
    pub field: Option<String>,
}

impl SheetPlace {
    pub fn is_empty(&self) -> bool {
        self.goal.is_none() && self.year.is_none() && self.field.is_none()
    }
}

impl fmt::Display for SheetPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(goal) = self.goal {
            parts.push(format!("実施目標 No.{goal}"));
        }
        if let Some(year) = &self.year {
            parts.push(year.clone());
        }
        if let Some(field) = &self.field {
            // "実施目標 No.5 / 実施目標 No." would say the same thing twice.
            if !(self.goal.is_some() && field == "実施目標 No.") {
                parts.push(field.clone());
            }
        }
        f.write_str(&parts.join(" / "))
    }
}

/// One problem, with as much of its location as is known.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    /// The offending source line, for the marker under it.
    pub source_line: Option<String>,
    pub place: SheetPlace,
    pub message: String,
    pub hint: Option<String>,
}

impl Severity {
    /// As printed before the message: エラー, 警告, 注意.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => messages::severity_error(),
            Severity::Warning => messages::severity_warning(),
            Severity::Note => messages::severity_note(),
        }
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: None,
            position: None,
            source_line: None,
            place: SheetPlace::default(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message)
    }

    /// Something the clerk should look at; fails `check --strict`.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message)
    }

    /// For information: what was done on the clerk's behalf.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, message)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match self.position {
            Some(pos) => format!("{}:{}:{}", file.display(), pos.line, pos.column),
            None => file.display().to_string(),
        })
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.severity.word())?;
        if let Some(location) = self.location() {
            write!(f, "{location}: ")?;
        }
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        f.write_str(&self.message)?;
        if let (Some(line), Some(pos)) = (&self.source_line, self.position) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let (line, column) = excerpt(line, pos.column);
            // Wide characters take two columns in a terminal; the marker
            // stands under the character all the same.
            let marker_indent: String = line
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| match c {
                    '\t' => "\t",
                    c if is_wide(c) => "  ",
                    _ => " ",
                })
                .collect();
            write!(f, "\n{pad} |\n{number} | {line}\n{pad} | {marker_indent}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n{}", messages::hint_line(hint))?;
        }
        Ok(())
    }
}

/// At most this many characters of a source line are shown.
const EXCERPT_CHARS: usize = 100;

/// The part of `line` around `column` that is shown, and the column in it:
/// a very long line (a pasted paragraph, a hostile file) is cut to a window.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= EXCERPT_CHARS {
        return (line.to_owned(), column);
    }
    let start = column
        .saturating_sub(EXCERPT_CHARS / 2)
        .min(count.saturating_sub(EXCERPT_CHARS));
    let mut shown: String = line.chars().skip(start).take(EXCERPT_CHARS).collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + EXCERPT_CHARS < count {
        shown.push('…');
    }
    (shown, column)
}

/// Whether a terminal shows `c` two columns wide (CJK and full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Every problem found in one pass over a dataset.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// How many diagnostics are errors (the rest are warnings and notes).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl From<Diagnostic> for LoadError {
    fn from(diagnostic: Diagnostic) -> LoadError {
        LoadError {
            diagnostics: vec![diagnostic],
        }
    }
}
