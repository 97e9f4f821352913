//! Problems in a dataset, told the way a clerk can act on them: the file,
//! line and column, the goal, year and field by its label on the sheet.

use std::fmt;
use std::path::PathBuf;

use crate::locate::Position;

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
            parts.push(field.clone());
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

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            position: None,
            source_line: None,
            place: SheetPlace::default(),
            message: message.into(),
            hint: None,
        }
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
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{severity}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(pos) = self.position {
                write!(f, ":{}:{}", pos.line, pos.column)?;
            }
            f.write_str(": ")?;
        }
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        f.write_str(&self.message)?;
        if let (Some(line), Some(pos)) = (&self.source_line, self.position) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let marker_indent: String = line
                .chars()
                .take(pos.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{number} | {line}\n{pad} | {marker_indent}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
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

impl From<Diagnostic> for LoadError {
    fn from(diagnostic: Diagnostic) -> LoadError {
        LoadError {
            diagnostics: vec![diagnostic],
        }
    }
}
