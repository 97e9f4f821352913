//! What ends a command: its cause, typed (the data's problems, a file that
//! could not be written, a layout Typst refused), and what the run did not
//! write. The library's commands return it; the command line prints it.

use std::fmt;

use crate::data::{Diagnostic, LoadError};
use crate::documents::output::WriteError;
use crate::messages;
use crate::typeset::render::RenderError;

/// Why a command stopped.
#[derive(Debug)]
pub enum Cause {
    /// Problems with the data or the inputs, each at its place.
    Invalid(Vec<Diagnostic>),
    /// A file could not be written.
    Write(WriteError),
    /// Typst refused a document (a template's matter).
    Render(RenderError),
    /// Anything else, in the clerk's words.
    Other(String),
}

/// A command that stopped: why, and what it did not write (said last).
#[derive(Debug)]
pub struct Failure {
    pub cause: Cause,
    /// 「PDF は作っていません（前の PDF はそのまま）」: what the run leaves as
    /// it was, when it writes anything at all.
    pub not_written: Option<String>,
}

impl Failure {
    pub fn new(cause: Cause) -> Failure {
        Failure {
            cause,
            not_written: None,
        }
    }

    /// The same failure, saying what was not written.
    pub fn not_written(mut self, line: impl Into<String>) -> Failure {
        self.not_written = Some(line.into());
        self
    }

    /// The problems with the data, when that is the cause.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match &self.cause {
            Cause::Invalid(diagnostics) => diagnostics,
            _ => &[],
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            Cause::Invalid(diagnostics) => {
                for (i, diagnostic) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{diagnostic}")?;
                }
            }
            Cause::Write(err) => write!(
                f,
                "{}\n{}",
                messages::error_line(&err.to_string()),
                messages::hint_line(err.hint())
            )?,
            Cause::Render(err) => f.write_str(&messages::error_line(&err.to_string()))?,
            Cause::Other(message) => f.write_str(&messages::error_line(message))?,
        }
        if let Some(line) = &self.not_written {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl From<LoadError> for Failure {
    fn from(err: LoadError) -> Failure {
        Failure::new(Cause::Invalid(err.diagnostics))
    }
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Failure {
        Failure::new(Cause::Invalid(vec![diagnostic]))
    }
}

impl From<WriteError> for Failure {
    fn from(err: WriteError) -> Failure {
        Failure::new(Cause::Write(err))
    }
}

impl From<RenderError> for Failure {
    fn from(err: RenderError) -> Failure {
        Failure::new(Cause::Render(err))
    }
}

impl From<rust_xlsxwriter::XlsxError> for Failure {
    fn from(err: rust_xlsxwriter::XlsxError) -> Failure {
        Failure::new(Cause::Other(messages::workbook_failed(&err.to_string())))
    }
}

/// The result of a command of the library.
pub type Outcome<T> = Result<T, Failure>;
