//! The welfare-sheets command line: parses arguments and hands them to the
//! library, which does the work.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", cli::commands::describe(&err));
            ExitCode::FAILURE
        }
    }
}
