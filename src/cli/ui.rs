//! What the command line says on stderr. A normal run says only what needs
//! attention and what was written; `--verbose` adds every note, `--quiet`
//! leaves only errors. A progress bar is drawn only on a terminal.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use welfare_sheets::data::Diagnostic;
use welfare_sheets::data::diagnostic::Severity;
use welfare_sheets::messages;

/// Waits until the person at the console presses Enter, so that a window a
/// double-click opened stays until its messages are read; returns at once
/// when nobody can answer (input closed or not a console).
pub fn wait_for_enter() {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return;
    }
    eprintln!();
    eprintln!("{}", messages::press_enter_to_close());
    let mut line = String::new();
    let _ = stdin.read_line(&mut line);
}

/// How much a run says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

pub struct Ui {
    verbosity: Verbosity,
    start: Instant,
}

impl Ui {
    pub fn new(verbosity: Verbosity) -> Ui {
        Ui {
            verbosity,
            start: Instant::now(),
        }
    }

    pub fn verbose(&self) -> bool {
        self.verbosity == Verbosity::Verbose
    }

    /// A line of what was done: printed unless `--quiet`.
    pub fn say(&self, message: impl std::fmt::Display) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("{message}");
        }
    }

    /// Diagnostics found along the way: errors always, warnings in full
    /// (unless `--quiet`), notes in full with `--verbose` and otherwise as
    /// one line that says how many there are.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let notes = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .count();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => eprintln!("{diagnostic}"),
                Severity::Note if !self.verbose() => {}
                _ => self.say(diagnostic),
            }
        }
        if notes > 0 && !self.verbose() {
            self.say(messages::notes_held_back(notes));
        }
    }

    /// Diagnostics each of which a person must see (what a section typed
    /// where nothing is read): all of them, unless `--quiet`.
    pub fn diagnostics_all(&self, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            self.say(diagnostic);
        }
    }

    /// A bar for multi-document work, drawn only when a person watches.
    pub fn progress(&self, total: usize) -> ProgressBar {
        if self.verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        ProgressBar::new(total as u64).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .expect("the template is valid"),
        )
    }

    /// The closing line: files, pages (of documents) and seconds since the start.
    pub fn done(&self, files: usize, pages: Option<usize>) {
        self.say(messages::done(
            files,
            pages,
            self.start.elapsed().as_secs_f64(),
        ));
    }
}
