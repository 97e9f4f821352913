//! One function per subcommand: resolve the flags, call the library, report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use indicatif::ProgressBar;
use welfare_sheets::data::diagnostic::Severity;
use welfare_sheets::data::{Dataset, load_dataset};
use welfare_sheets::documents::archive::{ArchiveDocument, archive_plan, make_archive};
use welfare_sheets::documents::booklet::make_booklet;
use welfare_sheets::documents::output::{write_all_atomically, write_atomically};
use welfare_sheets::documents::packet::{PacketRequest, make_packet};
use welfare_sheets::documents::summary::Summary;
use welfare_sheets::messages;
use welfare_sheets::typeset::coverage::SystemFonts;
use welfare_sheets::typeset::fit::{SheetFit, fit_diagnostics};
use welfare_sheets::typeset::world::SheetWorld;
use welfare_sheets::workflow::check::{CheckOptions, prepare};

use crate::cli::args::{
    ArchiveArgs, BookletArgs, BuildArgs, CheckArgs, Cli, Command, DataArgs, EjectArgs,
    EjectDocument, FormsArgs, FormsBy, ImportArgs, InitArgs, NewYearArgs, PreviewArgs, SheetsArgs,
    StatusArgs, SummaryArgs, SummaryFormat, WatchArgs,
};
use crate::cli::ui::{Ui, Verbosity};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let ui = Ui::new(verbosity);
    // With no subcommand at all, welfare-sheets behaves as `build`.
    let command = cli.command.unwrap_or_else(|| {
        Command::Build(BuildArgs {
            data: DataArgs {
                data: PathBuf::from("data"),
                font_paths: Vec::new(),
                no_system_fonts: false,
            },
            out_dir: PathBuf::from("out"),
            archive: false,
        })
    });
    match command {
        Command::Build(args) => build(args, &ui),
        Command::Sheets(args) => sheets(args, &ui),
        Command::Booklet(args) => booklet(args, &ui),
        Command::Archive(args) => archive(args, &ui),
        Command::Check(args) => check(args),
        Command::Summary(args) => summary(args),
        Command::Preview(args) => preview(args, &ui),
        Command::NewYear(args) => new_year(args, &ui),
        Command::Init(args) => init(args, &ui),
        Command::Forms(args) => forms(args, &ui),
        Command::Import(args) => import(args, &ui),
        Command::Status(args) => status(args),
        Command::Watch(args) => watch(args, &ui),
        Command::Schema => schema(),
        Command::Eject(args) => eject(args, &ui),
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
    ui.diagnostics(&prepared.diagnostics);
    Ok((prepared.dataset, prepared.world))
}

/// What the fitting of the sheets reports: the same notes and warnings as
/// `check` gives. A sheet continued overleaf is a warning and always told;
/// the shrunk sheets are one line unless `--verbose`.
fn report_fits(dataset: &Dataset, fits: &[SheetFit], ui: &Ui) {
    let diagnostics = fit_diagnostics(dataset, fits);
    for diagnostic in &diagnostics {
        if diagnostic.severity != Severity::Note || ui.verbose() {
            ui.say(diagnostic);
        }
    }
    if ui.verbose() {
        return;
    }
    let shrunk: Vec<&SheetFit> = fits
        .iter()
        .filter(|fit| fit.shrunk() && fit.follow_on_pages() == 0)
        .collect();
    let Some(smallest) = shrunk.iter().map(|fit| fit.size).min_by(f64::total_cmp) else {
        return;
    };
    let at_smallest: Vec<u32> = shrunk
        .iter()
        .filter(|fit| fit.size == smallest)
        .map(|fit| fit.no)
        .collect();
    ui.say(messages::shrunk_summary(
        shrunk.len(),
        smallest,
        &at_smallest,
    ));
}

fn sheets(args: SheetsArgs, ui: &Ui) -> Result<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let request = PacketRequest {
        year: args.year,
        goals: args.goals,
        measure_fields: ui.verbose(),
        ..PacketRequest::default()
    };
    let packet = make_packet(&mut world, &dataset, &request)?;
    report_warnings(&packet.rendered.warnings, ui);
    report_fits(&dataset, &packet.rendered.fits, ui);
    write_atomically(&args.output, &packet.pdf)?;
    let pages = packet.rendered.document.pages().len();
    ui.say(messages::wrote_packet(
        &args.output,
        &dataset.plan.packet_label,
        &packet.year.prose(),
        pages,
    ));
    ui.done(1, Some(pages));
    Ok(ExitCode::SUCCESS)
}

/// Typst's warnings about the templates (a developer's matter), in full.
fn report_warnings(warnings: &[String], ui: &Ui) {
    for warning in warnings {
        ui.say(messages::layout_warning(warning));
    }
}

/// Moves `bar` on by one finished document.
fn advance(bar: &ProgressBar) -> impl Fn(&str) + '_ {
    move |name| {
        bar.set_message(name.to_owned());
        bar.inc(1);
    }
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
    bar.set_message(messages::progress_packet());
    let request = PacketRequest {
        measure_fields: ui.verbose(),
        ..PacketRequest::default()
    };
    let packet = make_packet(&mut world, &dataset, &request)?;
    bar.inc(1);
    // The year's booklet is made once, even when the archive holds it too.
    let booklet = ArchiveDocument::Booklet(packet.year);
    let archived = documents.contains(&booklet);
    if !archived {
        documents.insert(0, booklet.clone());
    }
    let packet_pages = packet.rendered.document.pages().len();
    let packet_path = args
        .out_dir
        .join(format!("{}-sheets.pdf", packet.year.file_label()));
    let mut outputs = vec![(packet_path.clone(), packet.pdf)];
    let archive_dir = args.out_dir.join("archive");
    let booklet_path = args.out_dir.join(booklet.path());
    let (mut pages, mut booklet_pages, mut archive_files) = (packet_pages, 0, 0);
    for file in make_archive(&mut world, &dataset, &documents, &advance(&bar))? {
        pages += file.pages;
        if file.path == booklet.path() {
            booklet_pages = file.pages;
            outputs.push((booklet_path.clone(), file.pdf.clone()));
            if !archived {
                continue;
            }
        }
        archive_files += 1;
        outputs.push((archive_dir.join(file.path), file.pdf));
    }
    bar.finish_and_clear();
    report_warnings(&packet.rendered.warnings, ui);
    report_fits(&dataset, &packet.rendered.fits, ui);
    write_all_atomically(&outputs)?;
    let year = packet.year.prose();
    ui.say(messages::wrote_packet(
        &packet_path,
        &dataset.plan.packet_label,
        &year,
        packet_pages,
    ));
    ui.say(messages::wrote_booklet(&booklet_path, &year, booklet_pages));
    if args.archive {
        ui.say(messages::wrote_archive(&archive_dir, archive_files));
    }
    ui.done(outputs.len(), Some(pages));
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
    write_all_atomically(&outputs)?;
    ui.say(messages::wrote_archive(&args.out_dir, files.len()));
    ui.done(files.len(), Some(files.iter().map(|f| f.pages).sum()));
    Ok(ExitCode::SUCCESS)
}

fn summary(args: SummaryArgs) -> Result<ExitCode> {
    let dataset = load_dataset(&args.data.data)?;
    let text = if args.changes {
        // Against the year before the one reported (default: the latest
        // with results).
        let summary = Summary::new(&dataset, Some(dataset.report_year(args.year)?));
        match args.format {
            SummaryFormat::Csv => summary.movements_csv(),
            SummaryFormat::Markdown => summary.movements_markdown(),
        }
    } else {
        let summary = Summary::new(&dataset, args.year);
        match args.format {
            SummaryFormat::Csv => summary.to_csv(),
            SummaryFormat::Markdown => summary.to_markdown(),
        }
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
    report_warnings(&booklet.rendered.warnings, ui);
    report_fits(&dataset, &booklet.rendered.fits, ui);
    let path = args.output.unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-booklet.pdf", booklet.year.file_label()))
    });
    write_atomically(&path, &booklet.pdf)?;
    let pages = booklet.rendered.document.pages().len();
    ui.say(messages::wrote_booklet(&path, &booklet.year.prose(), pages));
    ui.done(1, Some(pages));
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
    ui.say(messages::ejected(&args.dir));
    ui.say(messages::ejected_how());
    ui.say(messages::ejected_command(&args.dir));
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
        .ok_or_else(|| anyhow!(messages::png_failed()))?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from("out").join(format!("goal-{:02}.png", args.goal)));
    write_atomically(&path, &png)?;
    ui.say(messages::wrote_file(&path));
    ui.done(1, Some(1));
    Ok(ExitCode::SUCCESS)
}

fn new_year(args: NewYearArgs, ui: &Ui) -> Result<ExitCode> {
    let done = welfare_sheets::workflow::new_year::new_year(&args.data, args.extend)?;
    if ui.verbose() {
        for file in &done.changed_files {
            ui.say(messages::updated_file(file));
        }
    }
    ui.say(messages::year_added(
        &done.year.prose(),
        &done.year.row_label(),
        done.extended,
    ));
    ui.done(done.changed_files.len(), None);
    Ok(ExitCode::SUCCESS)
}

fn init(args: InitArgs, ui: &Ui) -> Result<ExitCode> {
    let written = welfare_sheets::workflow::init::init(&args.dir, args.from, args.to)?;
    if ui.verbose() {
        for file in &written {
            ui.say(messages::wrote_file(file));
        }
    }
    ui.say(messages::init_done(&args.dir));
    ui.say(messages::init_next(&args.dir));
    Ok(ExitCode::SUCCESS)
}

fn watch(args: WatchArgs, ui: &Ui) -> Result<ExitCode> {
    let session = welfare_sheets::workflow::watch::WatchSession::new(
        args.data.data,
        args.output.clone(),
        args.templates,
        &args.data.font_paths,
    );
    ui.say(messages::watching(&args.output));
    session.run(|changed, cycle| {
        for path in changed {
            ui.say(messages::changed_file(path));
        }
        match cycle {
            welfare_sheets::workflow::watch::Cycle::Written { pages, elapsed } => {
                ui.say(messages::rerendered(*pages, elapsed.as_millis()))
            }
            welfare_sheets::workflow::watch::Cycle::Failed { message } => {
                eprintln!("{message}\n{}", messages::kept_last_good(&args.output))
            }
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn forms(args: FormsArgs, ui: &Ui) -> Result<ExitCode> {
    use welfare_sheets::documents::form::{Grouping, make_forms, make_remarks_form};
    let dataset = load_dataset(&args.data)?;
    if args.remarks {
        // The committee reviews the year reported.
        let year = dataset.report_year(args.year)?;
        let file = make_remarks_form(&dataset, year)?;
        let path = args.out_dir.join(&file.name);
        write_atomically(&path, &file.bytes)?;
        ui.say(messages::remarks_form_written(
            &path,
            file.goals.len(),
            &year.prose(),
        ));
        ui.done(1, None);
        return Ok(ExitCode::SUCCESS);
    }
    let year = match args.year {
        Some(year) => dataset.report_year(Some(year))?,
        None => dataset.collecting_year(),
    };
    let period = dataset.plan.period;
    if !period.contains(year) {
        return Err(anyhow!(messages::forms_year_outside_period(
            &year.prose(),
            &period.from.prose(),
            &period.to.prose()
        )));
    }
    let grouping = match args.by {
        Some(FormsBy::Owner) => Grouping::Owner,
        Some(FormsBy::Goal) => Grouping::Goal,
        None => Grouping::default_for(&dataset),
    };
    let files = make_forms(&dataset, year, grouping)?;
    let outputs: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|file| (args.out_dir.join(&file.name), file.bytes.clone()))
        .collect();
    write_all_atomically(&outputs)?;
    if ui.verbose() {
        for (file, (path, _)) in files.iter().zip(&outputs) {
            ui.say(messages::form_written(path, &file.goals));
        }
    }
    ui.say(messages::forms_written(
        &args.out_dir,
        files.len(),
        dataset.goals.len(),
        &year.prose(),
    ));
    ui.done(files.len(), None);
    Ok(ExitCode::SUCCESS)
}

fn import(args: ImportArgs, ui: &Ui) -> Result<ExitCode> {
    use welfare_sheets::workflow::import::{ImportOptions, import};
    let imported = import(&ImportOptions {
        paths: args.paths,
        data: args.data.clone(),
        dry_run: args.dry_run,
        force: args.force,
    })?;
    ui.diagnostics(&imported.notes);
    if imported.changes.is_empty() {
        ui.say(messages::import_nothing(imported.forms));
        return Ok(ExitCode::SUCCESS);
    }
    let dataset = load_dataset(&args.data)?;
    let mut goal = None;
    for change in &imported.changes {
        if goal != Some(change.goal) {
            goal = Some(change.goal);
            let content = dataset
                .goals
                .iter()
                .find(|g| g.no == change.goal)
                .map(|g| {
                    g.content
                        .plain_text()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            ui.say(messages::import_goal_heading(change.goal, &content));
        }
        ui.say(messages::import_change(
            &change.field.label(),
            &change.old,
            &change.new,
        ));
    }
    let goals = {
        let mut goals: Vec<u32> = imported.changes.iter().map(|c| c.goal).collect();
        goals.dedup();
        goals.len()
    };
    ui.say(messages::import_summary(
        imported.forms,
        goals,
        imported.changes.len(),
        imported.files_written.len(),
        args.dry_run,
    ));
    Ok(ExitCode::SUCCESS)
}

fn status(args: StatusArgs) -> Result<ExitCode> {
    use welfare_sheets::workflow::status::{FormState, StatusOptions, status};
    let status = status(&StatusOptions {
        data: args.data,
        year: args.year,
        forms: args.forms.clone(),
    })?;
    let complete = status.total
        - status
            .owners
            .iter()
            .flat_map(|o| o.missing.iter().map(|m| m.no))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
    let mut out = vec![messages::status_heading(
        &status.year.prose(),
        complete,
        status.total,
    )];
    for owner in &status.owners {
        out.push(messages::status_owner(
            owner.owner.as_deref(),
            owner.goals,
            owner.missing.len(),
        ));
        for missing in &owner.missing {
            out.push(messages::status_missing(
                missing.no,
                &missing.content,
                &missing.fields,
            ));
        }
    }
    if let (Some(forms), Some(dir)) = (&status.forms, &args.forms) {
        out.push(messages::status_forms_heading(dir));
        for form in forms {
            let name = form
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map_or(form.name.clone(), |n| n.to_string_lossy().into_owned());
            out.push(match &form.state {
                FormState::Imported => messages::status_form_imported(&name),
                FormState::Waiting(n) => messages::status_form_waiting(&name, *n),
                FormState::Blank => messages::status_form_blank(&name),
                FormState::NotReturned => {
                    messages::status_form_not_returned(&form.name, &form.goals)
                }
                FormState::Unreadable(why) => messages::status_form_unreadable(&name, why),
            });
        }
    }
    let mut stdout = std::io::stdout().lock();
    for line in out {
        writeln!(stdout, "{line}")?;
    }
    Ok(if status.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
