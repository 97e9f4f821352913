//! Stage 5, the command line: clap's flags (in Japanese) resolved into calls
//! to the library, and what the run prints. Holds no logic of its own.

pub mod args;
pub mod commands;
pub mod parse;
pub mod ui;
