//! One function per subcommand: resolve the flags, call the library, report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use welfare_sheets::LoadError;
use welfare_sheets::archive::make_archive;
use welfare_sheets::booklet::make_booklet;
use welfare_sheets::check::{CheckOptions, prepare};
use welfare_sheets::coverage::SystemFonts;
use welfare_sheets::load::{Dataset, load_dataset};
use welfare_sheets::output::write_atomically;
use welfare_sheets::packet::{PacketRequest, make_packet};
use welfare_sheets::render::SheetFit;
use welfare_sheets::summary::Summary;
use welfare_sheets::world::SheetWorld;

use crate::args::{
    ArchiveArgs, BookletArgs, BuildArgs, CheckArgs, Cli, Command, DataArgs, EjectArgs,
    EjectDocument, NewYearArgs, PreviewArgs, SheetsArgs, SummaryArgs, SummaryFormat, WatchArgs,
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
        Command::Booklet(args) => booklet(args),
        Command::Archive(args) => archive(args),
        Command::Check(args) => check(args),
        Command::Schema => schema(),
        Command::Eject(args) => eject(args),
        Command::Preview(args) => preview(args),
        Command::NewYear(args) => new_year(args),
        Command::Watch(args) => watch(args),
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
    // Everything is laid out before anything is written: a failure part-way
    // leaves every earlier output as it was.
    let packet = make_packet(&mut world, &dataset, &PacketRequest::default())?;
    report_fits(&packet.rendered.fits);
    let booklet = make_booklet(&mut world, &dataset, Some(packet.year))?;
    let mut outputs = vec![
        (
            args.out_dir
                .join(format!("{}-sheets.pdf", packet.year.file_label())),
            packet.pdf,
        ),
        (
            args.out_dir
                .join(format!("{}-booklet.pdf", booklet.year.file_label())),
            booklet.pdf,
        ),
    ];
    if args.archive {
        let archive_dir = args.out_dir.join("archive");
        for file in make_archive(&mut world, &dataset, true)? {
            outputs.push((archive_dir.join(file.path), file.pdf));
        }
    }
    for (path, pdf) in &outputs {
        write_atomically(path, pdf).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "wrote {} file(s) into {}",
        outputs.len(),
        args.out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn archive(args: ArchiveArgs) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data)?;
    let files = make_archive(&mut world, &dataset, args.split)?;
    for file in &files {
        let path = args.out_dir.join(&file.path);
        write_atomically(&path, &file.pdf)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "wrote {} file(s) into {}",
        files.len(),
        args.out_dir.display()
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

fn booklet(args: BookletArgs) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data)?;
    let booklet = make_booklet(&mut world, &dataset, args.year)?;
    report_fits(&booklet.rendered.fits);
    let path = args.output.unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-booklet.pdf", booklet.year.file_label()))
    });
    write_atomically(&path, &booklet.pdf)?;
    eprintln!(
        "wrote {} ({} pages)",
        path.display(),
        booklet.rendered.document.pages().len()
    );
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

fn eject(args: EjectArgs) -> Result<ExitCode> {
    let dataset = load_dataset(&args.data.data)?;
    let document = match args.document {
        EjectDocument::Sheets => welfare_sheets::eject::EjectedDocument::Sheets,
        EjectDocument::Booklet => welfare_sheets::eject::EjectedDocument::Booklet,
    };
    welfare_sheets::eject::eject(&args.dir, &dataset, args.year, document)?;
    let dir = args.dir.display();
    eprintln!("wrote a Typst project into {dir}; compile it with");
    eprintln!(
        "  typst compile --ignore-system-fonts --font-path {dir}/fonts --root {dir} {dir}/main.typ out.pdf"
    );
    Ok(ExitCode::SUCCESS)
}

fn preview(args: PreviewArgs) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data)?;
    let request = PacketRequest {
        year: args.year,
        goals: vec![args.goal],
    };
    let (_, rendered) = welfare_sheets::packet::layout_packet(&mut world, &dataset, &request)?;
    let png = welfare_sheets::render::export_png(&rendered.document, 0, args.dpi)
        .context("the sheet could not be drawn as PNG")?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from("out").join(format!("goal-{:02}.png", args.goal)));
    write_atomically(&path, &png)?;
    eprintln!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn new_year(args: NewYearArgs) -> Result<ExitCode> {
    let done = welfare_sheets::new_year::new_year(&args.data, args.extend)?;
    for file in &done.changed_files {
        eprintln!("updated {}", file.display());
    }
    eprintln!(
        "added {} ({}) to every goal{}",
        done.year.prose(),
        done.year.row_label(),
        if done.extended {
            "; the plan period now ends there"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn watch(args: WatchArgs) -> Result<ExitCode> {
    let session = welfare_sheets::watch::WatchSession::new(
        args.data.data,
        args.output.clone(),
        args.templates,
        &args.data.font_paths,
    );
    eprintln!("watching; the packet goes to {}", args.output.display());
    session.run(|changed, cycle| {
        for path in changed {
            eprintln!("changed: {}", path.display());
        }
        match cycle {
            welfare_sheets::watch::Cycle::Written { pages, elapsed } => {
                eprintln!("rendered {pages} pages in {} ms", elapsed.as_millis())
            }
            welfare_sheets::watch::Cycle::Failed { message } => {
                eprintln!("{message}\nkept the last good {}", args.output.display())
            }
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
