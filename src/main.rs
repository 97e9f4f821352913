//! The welfare-sheets command line: parses arguments and hands them to the
//! library, which does the work.

mod args;
mod commands;
mod ui;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", commands::describe(&err));
            ExitCode::FAILURE
        }
    }
}
