//! Reading the command line: clap's parse, with its English errors told in
//! Japanese (the help and version texts are already Japanese, see
//! [`super::args::command`]).

use std::process::ExitCode;

use clap::FromArgMatches;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use welfare_sheets::messages;

use super::args::{Cli, command};

/// The parsed command line, or the exit code after clap printed the help or
/// the version, or after an error was told.
pub fn parse() -> Result<Cli, ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = command()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|err| match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("{}", messages::error_line(&explain(&err)));
            eprintln!(
                "{}",
                messages::hint_line(&messages::see_help(&invoked(&args)))
            );
            ExitCode::from(2)
        }
    })
}

/// The command the mistake was made in (`welfare-sheets sheets`), for the
/// hint that points at its help.
fn invoked(args: &[std::ffi::OsString]) -> String {
    let names: Vec<String> = command()
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    match args
        .iter()
        .skip(1)
        .filter_map(|arg| arg.to_str())
        .find(|arg| names.iter().any(|name| name == arg))
    {
        Some(sub) => format!("welfare-sheets {sub}"),
        None => "welfare-sheets".to_owned(),
    }
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(texts) => Some(texts.join(" / ")),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        ContextValue::StyledStrs(texts) => Some(
            texts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(texts)) => texts.clone(),
        Some(ContextValue::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    }
}

/// The flag as the clerk typed it, without clap's `<VALUE>` placeholder.
fn flag(err: &clap::Error) -> String {
    context(err, ContextKind::InvalidArg)
        .map(|arg| arg.split([' ', '=']).next().unwrap_or(&arg).to_owned())
        .unwrap_or_default()
}

/// What went wrong, in Japanese, from the parts clap recorded.
fn explain(err: &clap::Error) -> String {
    let suggestion = context(err, ContextKind::SuggestedArg)
        .or_else(|| context(err, ContextKind::SuggestedSubcommand))
        .map(|s| format!(" {}", messages::did_you_mean_flag(&s)))
        .unwrap_or_default();
    match err.kind() {
        ErrorKind::UnknownArgument => messages::unknown_option(&flag(err)) + &suggestion,
        ErrorKind::InvalidSubcommand => {
            messages::unknown_command(
                &context(err, ContextKind::InvalidSubcommand).unwrap_or_default(),
            ) + &suggestion
        }
        ErrorKind::InvalidValue => messages::invalid_option_value(
            &flag(err),
            &context(err, ContextKind::InvalidValue).unwrap_or_default(),
            &strings(err, ContextKind::ValidValue),
        ),
        ErrorKind::ValueValidation => {
            // Our own value types (a fiscal year) explain themselves in
            // Japanese; a number does not.
            match std::error::Error::source(err)
                .map(ToString::to_string)
                .filter(|why| !why.is_ascii())
            {
                Some(why) => messages::option_value_unreadable(&flag(err), &why),
                None => messages::invalid_option_value(
                    &flag(err),
                    &context(err, ContextKind::InvalidValue).unwrap_or_default(),
                    &[],
                ),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            messages::option_missing(&strings(err, ContextKind::InvalidArg).join("、"))
        }
        ErrorKind::InvalidUtf8 | ErrorKind::NoEquals | ErrorKind::WrongNumberOfValues => {
            messages::option_needs_value(&flag(err))
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            match context(err, ContextKind::PriorArg) {
                Some(prior) if prior.split(' ').next() == Some(flag(err).as_str()) => {
                    messages::option_twice(&flag(err))
                }
                Some(prior) => messages::options_conflict(&flag(err), &prior),
                None => messages::option_twice(&flag(err)),
            }
        }
        _ => messages::command_line_unreadable().to_owned(),
    }
}
