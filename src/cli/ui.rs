//! What the command line says on stderr: notes and progress unless
//! `--quiet`, a progress bar only on a terminal, one summary line at the end.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

pub struct Ui {
    quiet: bool,
    start: Instant,
}

impl Ui {
    pub fn new(quiet: bool) -> Ui {
        Ui {
            quiet,
            start: Instant::now(),
        }
    }

    /// A note, a warning or a line of progress: printed unless `--quiet`.
    pub fn say(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// A bar for multi-document work, drawn only when a person watches.
    pub fn progress(&self, total: usize) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        ProgressBar::new(total as u64).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .expect("the template is valid"),
        )
    }

    /// The closing line: documents, pages and seconds since the start.
    pub fn done(&self, documents: usize, pages: usize) {
        self.say(format_args!(
            "done: {documents} document(s), {pages} page(s) in {:.1} s",
            self.start.elapsed().as_secs_f64()
        ));
    }
}
