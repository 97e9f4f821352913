//! The welfare-sheets command line: parses arguments and hands them to the
//! library, which does the work.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::parse::parse() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let pause = args.pause;
    let code = match cli::commands::run(args) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    };
    if pause {
        cli::ui::wait_for_enter();
    }
    code
}
