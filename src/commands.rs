//! One function per subcommand: resolve the flags, call the library, report.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use welfare_sheets::LoadError;
use welfare_sheets::check::{CheckOptions, prepare};
use welfare_sheets::coverage::SystemFonts;
use welfare_sheets::load::{Dataset, load_dataset};
use welfare_sheets::output::write_atomically;
use welfare_sheets::packet::{PacketRequest, make_packet};
use welfare_sheets::render::SheetFit;
use welfare_sheets::summary::Summary;
use welfare_sheets::world::SheetWorld;

use crate::args::{
    BuildArgs, CheckArgs, Cli, Command, DataArgs, SheetsArgs, SummaryArgs, SummaryFormat,
};

pub fn run(cli: Cli) -> Result<ExitCode> {
    // With no subcommand at all, welfare-sheets behaves as `build`.
    let command = match cli.command {
        Some(command) => command,
        None => Cli::parse_from(["welfare-sheets", "build"])
            .command
            .expect("build is a command"),
    };
    match command {
        Command::Sheets(args) => sheets(args),
        Command::Build(args) => build(args),
        Command::Summary(args) => summary(args),
        Command::Check(args) => check(args),
        Command::Schema => schema(),
    }
}

/// The message for an error that ends the run.
pub fn describe(err: &anyhow::Error) -> String {
    match err.downcast_ref::<LoadError>() {
        Some(load) => load.to_string(),
        None => format!("error: {err:#}"),
    }
}

fn system_fonts(data: &DataArgs) -> SystemFonts {
    if data.no_system_fonts {
        SystemFonts::Off
    } else {
        SystemFonts::Installed
    }
}

/// Loads the dataset and checks that every character can be drawn (the
/// checks of `check` that come before layout); any error ends the run before
/// anything is written.
fn open(data: &DataArgs) -> Result<(Dataset, SheetWorld)> {
    let prepared = prepare(&data.data, &data.font_paths, &system_fonts(data))?;
    for diagnostic in &prepared.diagnostics {
        eprintln!("{diagnostic}");
    }
    Ok((prepared.dataset, prepared.world))
}

fn report_fits(fits: &[SheetFit]) {
    for fit in fits {
        if fit.follow_on_pages() > 0 {
            eprintln!(
                "warning: 実施目標 No.{} does not fit one page even at {} pt: continued on {} follow-on page(s)",
                fit.no,
                fit.size,
                fit.follow_on_pages()
            );
        } else if fit.shrunk() {
            eprintln!(
                "note: 実施目標 No.{} shrunk from {} pt to {} pt to fit its page",
                fit.no, fit.normal_size, fit.size
            );
        }
    }
}

fn sheets(args: SheetsArgs) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data)?;
    let request = PacketRequest {
        year: args.year,
        goals: args.goals,
    };
    let packet = make_packet(&mut world, &dataset, &request)?;
    for warning in &packet.rendered.warnings {
        eprintln!("{warning}");
    }
    report_fits(&packet.rendered.fits);
    write_atomically(&args.output, &packet.pdf)?;
    eprintln!(
        "wrote {} ({} for {}, {} pages)",
        args.output.display(),
        dataset.plan.packet_label,
        packet.year.prose(),
        packet.rendered.document.pages().len()
    );
    Ok(ExitCode::SUCCESS)
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data)?;
    let packet = make_packet(&mut world, &dataset, &PacketRequest::default())?;
    report_fits(&packet.rendered.fits);
    let path = args
        .out_dir
        .join(format!("{}-sheets.pdf", packet.year.file_label()));
    write_atomically(&path, &packet.pdf).context("writing the packet")?;
    eprintln!(
        "wrote {} ({} pages)",
        path.display(),
        packet.rendered.document.pages().len()
    );
    Ok(ExitCode::SUCCESS)
}

fn summary(args: SummaryArgs) -> Result<ExitCode> {
    let dataset = load_dataset(&args.data.data)?;
    let summary = Summary::new(&dataset, args.year);
    let text = match args.format {
        SummaryFormat::Csv => summary.to_csv(),
        SummaryFormat::Markdown => summary.to_markdown(),
    };
    let mut stdout = std::io::stdout().lock();
    if args.bom && args.format == SummaryFormat::Csv {
        stdout.write_all("\u{feff}".as_bytes())?;
    }
    stdout.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let report = welfare_sheets::check::check(&CheckOptions {
        data: args.data.data.clone(),
        year: args.year,
        font_dirs: args.data.font_paths.clone(),
        system_fonts: system_fonts(&args.data),
    });
    for diagnostic in &report.diagnostics {
        eprintln!("{diagnostic}");
    }
    eprintln!("{}", report.summary());
    Ok(if report.passes(args.strict) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn schema() -> Result<ExitCode> {
    std::io::stdout().write_all(welfare_sheets::schema::schema_text().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
