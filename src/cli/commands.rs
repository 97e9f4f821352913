//! One function per subcommand: resolve the flags, call the library, report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use indicatif::ProgressBar;
use welfare_sheets::LoadError;
use welfare_sheets::data::{Dataset, load_dataset};
use welfare_sheets::documents::archive::{ArchiveDocument, archive_plan, make_archive};
use welfare_sheets::documents::booklet::make_booklet;
use welfare_sheets::documents::output::write_atomically;
use welfare_sheets::documents::packet::{PacketRequest, make_packet};
use welfare_sheets::documents::summary::Summary;
use welfare_sheets::typeset::coverage::SystemFonts;
use welfare_sheets::typeset::fit::{SheetFit, fit_diagnostics};
use welfare_sheets::typeset::world::SheetWorld;
use welfare_sheets::workflow::check::{CheckOptions, prepare};

use crate::cli::args::{
    ArchiveArgs, BookletArgs, BuildArgs, CheckArgs, Cli, Command, DataArgs, EjectArgs,
    EjectDocument, NewYearArgs, PreviewArgs, SheetsArgs, SummaryArgs, SummaryFormat, WatchArgs,
};
use crate::cli::ui::Ui;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ui = Ui::new(cli.quiet);
    // With no subcommand at all, welfare-sheets behaves as `build`.
    let command = match cli.command {
        Some(command) => command,
        None => Cli::parse_from(["welfare-sheets", "build"])
            .command
            .expect("build is a command"),
    };
    match command {
        Command::Sheets(args) => sheets(args, &ui),
        Command::Build(args) => build(args, &ui),
        Command::Summary(args) => summary(args),
        Command::Booklet(args) => booklet(args, &ui),
        Command::Archive(args) => archive(args, &ui),
        Command::Check(args) => check(args),
        Command::Schema => schema(),
        Command::Eject(args) => eject(args, &ui),
        Command::Preview(args) => preview(args, &ui),
        Command::NewYear(args) => new_year(args, &ui),
        Command::Watch(args) => watch(args, &ui),
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
fn open(data: &DataArgs, ui: &Ui) -> Result<(Dataset, SheetWorld)> {
    let prepared = prepare(&data.data, &data.font_paths, &system_fonts(data))?;
    for diagnostic in &prepared.diagnostics {
        ui.say(diagnostic);
    }
    Ok((prepared.dataset, prepared.world))
}

/// What the fitting of the sheets reports: the same notes and warnings as
/// `check` gives.
fn report_fits(dataset: &Dataset, fits: &[SheetFit], ui: &Ui) {
    for diagnostic in fit_diagnostics(dataset, fits) {
        ui.say(diagnostic);
    }
}

fn sheets(args: SheetsArgs, ui: &Ui) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let request = PacketRequest {
        year: args.year,
        goals: args.goals,
        ..PacketRequest::default()
    };
    let packet = make_packet(&mut world, &dataset, &request)?;
    for warning in &packet.rendered.warnings {
        ui.say(warning);
    }
    report_fits(&dataset, &packet.rendered.fits, ui);
    write_atomically(&args.output, &packet.pdf)?;
    let pages = packet.rendered.document.pages().len();
    ui.say(format_args!(
        "wrote {} ({} for {}, {pages} pages)",
        args.output.display(),
        dataset.plan.packet_label,
        packet.year.prose(),
    ));
    ui.done(1, pages);
    Ok(ExitCode::SUCCESS)
}

/// Moves `bar` on by one finished document.
fn advance(bar: &ProgressBar) -> impl Fn(&str) + '_ {
    move |name| {
        bar.set_message(name.to_owned());
        bar.inc(1);
    }
}

/// Writes laid-out documents, each atomically, once all of them exist.
fn write_all(outputs: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    for (path, pdf) in outputs {
        write_atomically(path, pdf).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn build(args: BuildArgs, ui: &Ui) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let mut documents = if args.archive {
        archive_plan(&dataset, true)
    } else {
        Vec::new()
    };
    let bar = ui.progress(2 + documents.len());
    // Everything is laid out before anything is written: a failure part-way
    // leaves every earlier output as it was.
    bar.set_message("資料8");
    let packet = make_packet(&mut world, &dataset, &PacketRequest::default())?;
    bar.inc(1);
    report_fits(&dataset, &packet.rendered.fits, ui);
    // The year's booklet is made once, even when the archive holds it too.
    let booklet = ArchiveDocument::Booklet(packet.year);
    let archived = documents.contains(&booklet);
    if !archived {
        documents.insert(0, booklet.clone());
    }
    let mut pages = packet.rendered.document.pages().len();
    let mut outputs = vec![(
        args.out_dir
            .join(format!("{}-sheets.pdf", packet.year.file_label())),
        packet.pdf,
    )];
    let archive_dir = args.out_dir.join("archive");
    for file in make_archive(&mut world, &dataset, &documents, &advance(&bar))? {
        pages += file.pages;
        if file.path == booklet.path() {
            outputs.push((args.out_dir.join(&file.path), file.pdf.clone()));
            if !archived {
                continue;
            }
        }
        outputs.push((archive_dir.join(file.path), file.pdf));
    }
    bar.finish_and_clear();
    write_all(&outputs)?;
    ui.say(format_args!(
        "wrote {} file(s) into {}",
        outputs.len(),
        args.out_dir.display()
    ));
    ui.done(outputs.len(), pages);
    Ok(ExitCode::SUCCESS)
}

fn archive(args: ArchiveArgs, ui: &Ui) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let documents = archive_plan(&dataset, args.split);
    let bar = ui.progress(documents.len());
    let files = make_archive(&mut world, &dataset, &documents, &advance(&bar))?;
    bar.finish_and_clear();
    let outputs: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|file| (args.out_dir.join(&file.path), file.pdf.clone()))
        .collect();
    write_all(&outputs)?;
    ui.say(format_args!(
        "wrote {} file(s) into {}",
        files.len(),
        args.out_dir.display()
    ));
    ui.done(files.len(), files.iter().map(|f| f.pages).sum());
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

fn booklet(args: BookletArgs, ui: &Ui) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let booklet = make_booklet(&mut world, &dataset, args.year)?;
    report_fits(&dataset, &booklet.rendered.fits, ui);
    let path = args.output.unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-booklet.pdf", booklet.year.file_label()))
    });
    write_atomically(&path, &booklet.pdf)?;
    let pages = booklet.rendered.document.pages().len();
    ui.say(format_args!("wrote {} ({pages} pages)", path.display()));
    ui.done(1, pages);
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let report = welfare_sheets::workflow::check::check(&CheckOptions {
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
    std::io::stdout().write_all(welfare_sheets::data::schema::schema_text().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn eject(args: EjectArgs, ui: &Ui) -> Result<ExitCode> {
    let dataset = load_dataset(&args.data.data)?;
    let document = match args.document {
        EjectDocument::Sheets => welfare_sheets::workflow::eject::EjectedDocument::Sheets,
        EjectDocument::Booklet => welfare_sheets::workflow::eject::EjectedDocument::Booklet,
    };
    welfare_sheets::workflow::eject::eject(&args.dir, &dataset, args.year, document)?;
    let dir = args.dir.display();
    ui.say(format_args!(
        "wrote a Typst project into {dir}; compile it with\n  typst compile --ignore-system-fonts --font-path {dir}/fonts --root {dir} {dir}/main.typ out.pdf"
    ));
    Ok(ExitCode::SUCCESS)
}

fn preview(args: PreviewArgs, ui: &Ui) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let request = PacketRequest {
        year: args.year,
        goals: vec![args.goal],
        ..PacketRequest::default()
    };
    let (_, rendered) =
        welfare_sheets::documents::packet::layout_packet(&mut world, &dataset, &request)?;
    let png = welfare_sheets::typeset::render::export_png(&rendered.document, 0, args.dpi)
        .context("the sheet could not be drawn as PNG")?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from("out").join(format!("goal-{:02}.png", args.goal)));
    write_atomically(&path, &png)?;
    ui.say(format_args!("wrote {}", path.display()));
    ui.done(1, 1);
    Ok(ExitCode::SUCCESS)
}

fn new_year(args: NewYearArgs, ui: &Ui) -> Result<ExitCode> {
    let done = welfare_sheets::workflow::new_year::new_year(&args.data, args.extend)?;
    for file in &done.changed_files {
        ui.say(format_args!("updated {}", file.display()));
    }
    ui.say(format_args!(
        "added {} ({}) to every goal{}",
        done.year.prose(),
        done.year.row_label(),
        if done.extended {
            "; the plan period now ends there"
        } else {
            ""
        }
    ));
    Ok(ExitCode::SUCCESS)
}

fn watch(args: WatchArgs, ui: &Ui) -> Result<ExitCode> {
    let session = welfare_sheets::workflow::watch::WatchSession::new(
        args.data.data,
        args.output.clone(),
        args.templates,
        &args.data.font_paths,
    );
    ui.say(format_args!(
        "watching; the packet goes to {}",
        args.output.display()
    ));
    session.run(|changed, cycle| {
        for path in changed {
            ui.say(format_args!("changed: {}", path.display()));
        }
        match cycle {
            welfare_sheets::workflow::watch::Cycle::Written { pages, elapsed } => ui.say(
                format_args!("rendered {pages} pages in {} ms", elapsed.as_millis()),
            ),
            welfare_sheets::workflow::watch::Cycle::Failed { message } => {
                eprintln!("{message}\nkept the last good {}", args.output.display())
            }
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
