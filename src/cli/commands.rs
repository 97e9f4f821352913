//! One function per subcommand: resolve the flags into the library's
//! options, run the library's command, tell what it did. No logic of the
//! work lives here.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::ProgressBar;
use welfare_sheets::data::diagnostic::Severity;
use welfare_sheets::data::era::FiscalYear;
use welfare_sheets::data::{Diagnostic, load_dataset};
use welfare_sheets::documents::archive::{CHECKSUMS, archive_plan, checksums, make_archive};
use welfare_sheets::documents::booklet::make_booklet;
use welfare_sheets::documents::failure::{Cause, Failure, Outcome};
use welfare_sheets::documents::form::Grouping;
use welfare_sheets::documents::output::{shown_path, write_all_atomically, write_atomically};
use welfare_sheets::documents::packet::{PacketRequest, make_packet};
use welfare_sheets::documents::summary;
use welfare_sheets::messages;
use welfare_sheets::typeset::coverage::SystemFonts;
use welfare_sheets::typeset::fit::{SheetFit, fit_diagnostics};
use welfare_sheets::typeset::memo::Cache;
use welfare_sheets::view::summary::Summary;
use welfare_sheets::workflow::build::{BuildOptions, Progress, build as build_all};
use welfare_sheets::workflow::check::{CheckOptions, prepare};
use welfare_sheets::workflow::forms::{FormsOptions, forms as make_forms};
use welfare_sheets::workflow::import::{FormState, ImportOptions, import as import_forms};
use welfare_sheets::workflow::init::{InitOptions, init as init_plan};
use welfare_sheets::workflow::status::{ReturnState, StatusOptions, status as collect_status};
use welfare_sheets::workflow::verify::{Verdict, verify as verify_pdfs};
use welfare_sheets::workflow::web::{WebOptions, web as web_edition};

use crate::cli::args::{
    ArchiveArgs, BookletArgs, BuildArgs, CheckArgs, Cli, Command, DataArgs, DatasetArgs, EjectArgs,
    EjectDocument, FormsArgs, FormsBy, ImportArgs, InitArgs, NewYearArgs, PreviewArgs, SchemaArgs,
    SheetsArgs, StatusArgs, SummaryArgs, SummaryFormat, VerifyArgs, WatchArgs, WebArgs,
};
use crate::cli::ui::{Ui, Verbosity};

pub fn run(cli: Cli) -> Outcome<ExitCode> {
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
                no_cache: false,
            },
            out_dir: PathBuf::from("out"),
            year: None,
            archive: false,
            web: false,
        })
    });
    match command {
        Command::Build(args) => build(args, &ui),
        Command::Sheets(args) => sheets(args, &ui),
        Command::Booklet(args) => booklet(args, &ui),
        Command::Web(args) => web(args, &ui),
        Command::Archive(args) => archive(args, &ui),
        Command::Verify(args) => verify(args, &ui),
        Command::Check(args) => check(args, &ui),
        Command::Summary(args) => summary(args),
        Command::Preview(args) => preview(args, &ui),
        Command::NewYear(args) => new_year(args, &ui),
        Command::Init(args) => init(args, &ui),
        Command::Forms(args) => forms(args, &ui),
        Command::Import(args) => import(args, &ui),
        Command::Status(args) => status(args),
        Command::Watch(args) => watch(args, &ui),
        Command::Schema(args) => schema(args),
        Command::Sheet(args) => sheet(args),
        Command::Eject(args) => eject(args, &ui),
    }
}

fn cache(data: &DataArgs) -> Cache {
    if data.no_cache {
        Cache::Off
    } else {
        Cache::Default
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
fn open(
    data: &DataArgs,
    ui: &Ui,
) -> Outcome<(
    welfare_sheets::data::Dataset,
    welfare_sheets::typeset::world::SheetWorld,
)> {
    let prepared = prepare(
        &data.data,
        &data.font_paths,
        &system_fonts(data),
        &cache(data),
    )
    .map_err(|err| Failure::from(err).not_written(messages::build_not_written()))?;
    ui.diagnostics(&prepared.diagnostics);
    Ok((prepared.dataset, prepared.world))
}

/// The shrunk sheets as one line, unless `--verbose` told each of them.
fn report_shrunk(fits: &[SheetFit], ui: &Ui) {
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

/// What the fitting of the sheets reports: the same notes and warnings as
/// `check` gives. A sheet continued overleaf is a warning and always told;
/// the shrunk sheets (the notes) are one line unless `--verbose`.
fn report_fits(diagnostics: &[Diagnostic], fits: &[SheetFit], ui: &Ui) {
    for diagnostic in diagnostics {
        if diagnostic.severity != Severity::Note || ui.verbose() {
            ui.say(diagnostic);
        }
    }
    report_shrunk(fits, ui);
}

/// Typst's warnings about the templates (a developer's matter), in full.
fn report_warnings(warnings: &[String], ui: &Ui) {
    for warning in warnings {
        ui.say(messages::layout_warning(warning));
    }
}

fn sheets(args: SheetsArgs, ui: &Ui) -> Outcome<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let request = PacketRequest {
        year: args.year,
        goals: args.goals,
        measure_fields: ui.verbose(),
        ..PacketRequest::default()
    };
    let not_written = |failure: Failure| failure.not_written(messages::build_not_written());
    let packet = make_packet(&mut world, &dataset, &request).map_err(not_written)?;
    if let Some(gaps) = welfare_sheets::workflow::check::incomplete_year(&dataset, packet.year) {
        ui.say(gaps);
    }
    report_warnings(&packet.rendered.warnings, ui);
    report_fits(
        &fit_diagnostics(&dataset, &packet.rendered.fits),
        &packet.rendered.fits,
        ui,
    );
    write_atomically(&args.output, &packet.pdf).map_err(|err| not_written(err.into()))?;
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

/// A bar for a run of several documents, moved on by the library's progress.
fn follow(bar: &ProgressBar) -> impl FnMut(Progress) + '_ {
    move |progress| match progress {
        Progress::Total(total) => bar.set_length(total as u64),
        Progress::Made(name) => {
            bar.set_message(name);
            bar.inc(1);
        }
    }
}

fn build(args: BuildArgs, ui: &Ui) -> Outcome<ExitCode> {
    let options = BuildOptions {
        data: args.data.data.clone(),
        out_dir: args.out_dir.clone(),
        year: args.year,
        archive: args.archive,
        web: args.web,
        font_dirs: args.data.font_paths.clone(),
        system_fonts: system_fonts(&args.data),
        cache: cache(&args.data),
        measure_fields: ui.verbose(),
    };
    let bar = ui.progress(0);
    let built = build_all(&options, &mut follow(&bar));
    bar.finish_and_clear();
    let built = built?;
    ui.diagnostics(&built.diagnostics);
    report_warnings(&built.warnings, ui);
    report_fits(&built.fit_diagnostics, &built.fits, ui);
    let year = built.year.prose();
    ui.say(messages::wrote_packet(
        &built.packet.path,
        &built.packet_label,
        &year,
        built.packet.pages,
    ));
    ui.say(messages::wrote_booklet(
        &built.booklet.path,
        &year,
        built.booklet.pages,
    ));
    if let Some((dir, files, _)) = &built.archive {
        ui.say(messages::wrote_archive(dir, *files));
    }
    if let Some((dir, pages)) = &built.web {
        ui.say(messages::wrote_web(dir, *pages));
    }
    ui.done(built.files, Some(built.pages));
    Ok(ExitCode::SUCCESS)
}

fn web(args: WebArgs, ui: &Ui) -> Outcome<ExitCode> {
    let built = web_edition(&WebOptions {
        data: args.data.data.clone(),
        out_dir: args.out_dir.clone(),
        year: args.year,
        font_dirs: args.data.font_paths.clone(),
        system_fonts: system_fonts(&args.data),
        cache: cache(&args.data),
        measure_fields: ui.verbose(),
    })?;
    ui.diagnostics(&built.diagnostics);
    report_warnings(&built.warnings, ui);
    report_fits(&built.fit_diagnostics, &built.fits, ui);
    ui.say(messages::wrote_web(&built.dir, built.pages));
    ui.done(built.files, Some(built.pdf_pages));
    Ok(ExitCode::SUCCESS)
}

fn archive(args: ArchiveArgs, ui: &Ui) -> Outcome<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let documents = archive_plan(&dataset, args.split);
    let bar = ui.progress(documents.len());
    let not_written = |failure: Failure| failure.not_written(messages::build_not_written());
    let files = make_archive(&mut world, &dataset, &documents, &mut |name| {
        bar.set_message(name.to_owned());
        bar.inc(1);
    })
    .map_err(not_written);
    bar.finish_and_clear();
    let files = files?;
    let pdfs: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|file| (file.path.clone(), file.pdf.clone()))
        .collect();
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = pdfs
        .iter()
        .map(|(path, pdf)| (args.out_dir.join(path), pdf.clone()))
        .collect();
    outputs.push((args.out_dir.join(CHECKSUMS), checksums(&pdfs).into_bytes()));
    write_all_atomically(&outputs).map_err(|err| not_written(err.into()))?;
    ui.say(messages::wrote_archive(&args.out_dir, files.len()));
    ui.done(outputs.len(), Some(files.iter().map(|f| f.pages).sum()));
    Ok(ExitCode::SUCCESS)
}

fn verify(args: VerifyArgs, ui: &Ui) -> Outcome<ExitCode> {
    let bar = ui.progress(0);
    let checked = verify_pdfs(&args.paths, &mut |path| {
        bar.set_message(shown_path(path));
        bar.tick();
    });
    bar.finish_and_clear();
    let checked = checked?;
    let mut stdout = std::io::stdout().lock();
    let mut fails = 0;
    for pdf in &checked {
        let path = shown_path(&pdf.path);
        let line = match &pdf.verdict {
            Verdict::Holds if !ui.verbose() => continue,
            Verdict::Holds => messages::verify_holds(&path),
            Verdict::OtherVersion(creator) => messages::verify_other_version(&path, creator),
            Verdict::Fails(wrong) => {
                fails += 1;
                let mut lines = vec![messages::verify_fails(&path)];
                lines.extend(wrong.iter().map(|why| format!("  {why}")));
                lines.join("\n")
            }
        };
        let _ = writeln!(stdout, "{line}");
    }
    let _ = writeln!(
        stdout,
        "{}",
        messages::verify_summary(checked.len() - fails, fails)
    );
    Ok(if fails == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn summary(args: SummaryArgs) -> Outcome<ExitCode> {
    let dataset = load_dataset(&args.data.data)?;
    let text = if args.indicators {
        summary::indicators_csv(&dataset)
    } else if args.changes {
        // Against the year before the one reported (default: the latest
        // with results).
        let summary = Summary::new(&dataset, Some(dataset.report_year(args.year)?));
        match args.format {
            SummaryFormat::Csv => summary::movements_csv(&summary),
            SummaryFormat::Markdown => summary::movements_markdown(&summary),
        }
    } else {
        // The same year check as every other command.
        let until = match args.year {
            Some(year) => Some(dataset.report_year(Some(year))?),
            None => None,
        };
        let summary = Summary::new(&dataset, until);
        match args.format {
            SummaryFormat::Csv => summary::to_csv(&summary),
            SummaryFormat::Markdown => summary::to_markdown(&summary),
        }
    };
    let mut stdout = std::io::stdout().lock();
    if args.bom && args.format == SummaryFormat::Csv {
        let _ = stdout.write_all("\u{feff}".as_bytes());
    }
    let _ = stdout.write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn booklet(args: BookletArgs, ui: &Ui) -> Outcome<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let not_written = |failure: Failure| failure.not_written(messages::build_not_written());
    let booklet = make_booklet(&mut world, &dataset, args.year).map_err(not_written)?;
    report_warnings(&booklet.rendered.warnings, ui);
    report_fits(
        &fit_diagnostics(&dataset, &booklet.rendered.fits),
        &booklet.rendered.fits,
        ui,
    );
    let path = args.output.unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-booklet.pdf", booklet.year.file_label()))
    });
    write_atomically(&path, &booklet.pdf).map_err(|err| not_written(err.into()))?;
    let pages = booklet.rendered.document.pages().len();
    ui.say(messages::wrote_booklet(&path, &booklet.year.prose(), pages));
    ui.done(1, Some(pages));
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs, ui: &Ui) -> Outcome<ExitCode> {
    let report = welfare_sheets::workflow::check::check(&CheckOptions {
        data: args.data.data.clone(),
        year: args.year,
        font_dirs: args.data.font_paths.clone(),
        system_fonts: system_fonts(&args.data),
        cache: cache(&args.data),
    });
    ui.diagnostics(&report.diagnostics);
    ui.say(report.summary());
    Ok(if report.passes(args.strict) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn schema(args: SchemaArgs) -> Outcome<ExitCode> {
    let text = match &args.data {
        Some(data) => {
            let dataset = load_dataset(data)?;
            welfare_sheets::data::schema::schema_text(dataset.sheet(), Some(&dataset.plan))
        }
        None => welfare_sheets::data::schema::schema_text(
            welfare_sheets::data::sheet::Sheet::default_sheet(),
            None,
        ),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn sheet(args: DatasetArgs) -> Outcome<ExitCode> {
    let dataset = load_dataset(&args.data)?;
    let text = match &dataset.sheet {
        // The declaration as the clerk wrote it, comments and all.
        Some((_, file)) => dataset.sources[*file].text.clone(),
        None => welfare_sheets::data::sheet::DEFAULT_TEXT.to_owned(),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn eject(args: EjectArgs, ui: &Ui) -> Outcome<ExitCode> {
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

fn preview(args: PreviewArgs, ui: &Ui) -> Outcome<ExitCode> {
    let (dataset, mut world) = open(&args.data, ui)?;
    let request = PacketRequest {
        year: args.year,
        goals: vec![args.goal],
        ..PacketRequest::default()
    };
    let (_, rendered) =
        welfare_sheets::documents::packet::layout_packet(&mut world, &dataset, &request)?;
    let png = welfare_sheets::typeset::render::export_png(&rendered.document, 0, args.dpi)
        .ok_or_else(|| Failure::new(Cause::Other(messages::png_failed().to_owned())))?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from("out").join(format!("goal-{:02}.png", args.goal)));
    write_atomically(&path, &png)?;
    ui.say(messages::wrote_file(&path));
    ui.done(1, Some(1));
    Ok(ExitCode::SUCCESS)
}

fn new_year(args: NewYearArgs, ui: &Ui) -> Outcome<ExitCode> {
    let done = welfare_sheets::workflow::new_year::new_year(&args.data, args.extend)?;
    if done.changed_files.is_empty() {
        ui.say(messages::year_rows_exist(
            &done.year.prose(),
            &done.year.row_label(),
        ));
        ui.say(messages::year_rows_exist_next());
        return Ok(ExitCode::SUCCESS);
    }
    if ui.verbose() {
        for file in &done.changed_files {
            ui.say(messages::updated_file(file));
        }
    }
    let goals = load_dataset(&args.data).map_or(0, |d| d.goals.len());
    ui.say(messages::year_added(
        &done.year.prose(),
        &done.year.row_label(),
        goals.saturating_sub(done.already),
        done.already,
        done.extended,
    ));
    ui.done(done.changed_files.len(), None);
    Ok(ExitCode::SUCCESS)
}

fn init(args: InitArgs, ui: &Ui) -> Outcome<ExitCode> {
    // `--from` is the first year, or the folder of the plan this one follows.
    let previous = args
        .from
        .as_deref()
        .map(PathBuf::from)
        .filter(|path| path.exists());
    let (from, to) = match &previous {
        Some(data) => {
            let period = load_dataset(data)?.plan.period;
            let length = period.to.western() - period.from.western();
            let from = period.to.next();
            let to = args
                .to
                .unwrap_or(FiscalYear::from_western(from.western() + length));
            (from, to)
        }
        None => {
            let from = match args.from.as_deref() {
                Some(text) => text.parse::<FiscalYear>().map_err(|err| {
                    Failure::from(
                        Diagnostic::error(err.to_string()).with_hint(messages::init_from_hint()),
                    )
                })?,
                None => FiscalYear::from_western(2021),
            };
            (
                from,
                args.to
                    .unwrap_or(FiscalYear::from_western(from.western() + 4)),
            )
        }
    };
    let written = init_plan(&InitOptions {
        dir: args.dir.clone(),
        from,
        to,
        previous: previous.clone(),
    })?;
    if ui.verbose() {
        for file in &written {
            ui.say(messages::wrote_file(file));
        }
    }
    ui.say(messages::init_done(&args.dir, &from.prose(), &to.prose()));
    ui.say(messages::init_next(&args.dir));
    Ok(ExitCode::SUCCESS)
}

fn watch(args: WatchArgs, ui: &Ui) -> Outcome<ExitCode> {
    let (session, note) = welfare_sheets::workflow::watch::WatchSession::new(
        args.data.data.clone(),
        args.output.clone(),
        args.templates,
        &args.data.font_paths,
        system_fonts(&args.data),
        &cache(&args.data),
    );
    ui.diagnostics(note.as_slice());
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

fn forms(args: FormsArgs, ui: &Ui) -> Outcome<ExitCode> {
    let written = make_forms(&FormsOptions {
        data: args.data.clone(),
        year: args.year,
        out_dir: args.out_dir.clone(),
        by: args.by.map(|by| match by {
            FormsBy::Owner => Grouping::Owner,
            FormsBy::Goal => Grouping::Goal,
        }),
        remarks: args.remarks,
        replace: args.replace,
    })?;
    if args.remarks {
        if let Some((path, file)) = written.files.first() {
            ui.say(messages::remarks_form_written(
                path,
                file.goals.len(),
                &written.year.prose(),
            ));
        }
        ui.done(written.files.len(), None);
        return Ok(ExitCode::SUCCESS);
    }
    if ui.verbose() {
        for (path, file) in &written.files {
            ui.say(messages::form_written(path, &file.goals));
        }
    }
    ui.say(messages::forms_written(
        &args.out_dir,
        written.files.len(),
        written.goals,
        &written.year.prose(),
    ));
    ui.done(written.files.len(), None);
    Ok(ExitCode::SUCCESS)
}

fn import(args: ImportArgs, ui: &Ui) -> Outcome<ExitCode> {
    let imported = import_forms(&ImportOptions {
        paths: args.paths,
        data: args.data.clone(),
        dry_run: args.dry_run,
        force: args.force,
        year: args.year,
    })?;
    // What was typed where nothing is read, and files that are no form:
    // always told, so that nothing a section wrote goes unseen.
    ui.diagnostics_all(&imported.unread);
    ui.diagnostics(&imported.notes);
    let imported_count = imported
        .skipped
        .iter()
        .filter(|(_, s)| *s == FormState::Imported)
        .count();
    let skipped = messages::import_skipped(imported_count, imported.skipped.len() - imported_count);
    if !skipped.is_empty() {
        ui.say(skipped);
    }
    if imported.changes.is_empty() {
        ui.say(messages::import_nothing(imported.forms));
        return Ok(ExitCode::SUCCESS);
    }
    let dataset = load_dataset(&args.data)?;
    let mut goal = None;
    for change in &imported.changes {
        if goal != Some(change.goal) {
            goal = Some(change.goal);
            let name = dataset
                .goals
                .iter()
                .find(|g| g.no == change.goal)
                .map(|g| dataset.goal_name(g))
                .unwrap_or_default();
            ui.say(messages::import_goal_heading(change.goal, &name));
        }
        ui.say(messages::import_change(
            &change.label,
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
    if let Some(backup) = &imported.backup {
        ui.say(messages::import_backup(backup));
    }
    Ok(ExitCode::SUCCESS)
}

fn status(args: StatusArgs) -> Outcome<ExitCode> {
    let status = collect_status(&StatusOptions {
        data: args.data,
        year: args.year,
        forms: args.forms.clone(),
    })?;
    let mut out = vec![messages::status_heading(
        &status.year.prose(),
        status.complete_goals(),
        status.total,
    )];
    for owner in &status.owners {
        out.push(messages::status_owner(
            owner.owner.as_deref(),
            owner.goals,
            owner.missing.len(),
        ));
        for missing in &owner.missing {
            let fields: Vec<&str> = missing.fields.iter().map(String::as_str).collect();
            out.push(messages::status_missing(
                missing.no,
                &missing.content,
                &fields,
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
                ReturnState::Form(FormState::Imported) => messages::status_form_imported(&name),
                ReturnState::Form(FormState::Waiting(n)) => {
                    messages::status_form_waiting(&name, *n)
                }
                ReturnState::Form(FormState::Blank) => messages::status_form_blank(&name),
                ReturnState::Form(FormState::Stale(fields)) => {
                    messages::status_form_refused(&name, &messages::status_stale(fields.len()))
                }
                ReturnState::Form(FormState::Invalid(cells)) => {
                    messages::status_form_refused(&name, &messages::status_invalid(*cells))
                }
                ReturnState::Form(FormState::OtherYear { form, .. }) => {
                    messages::status_form_other_year(&name, &form.prose())
                }
                ReturnState::Form(FormState::OtherPlan(plan)) => {
                    messages::status_form_refused(&name, &messages::form_other_plan(plan))
                }
                ReturnState::NotReturned => {
                    messages::status_form_not_returned(&form.name, &form.goals)
                }
                ReturnState::NotAForm => messages::status_form_not_a_form(&name),
                ReturnState::Unreadable(why) => messages::status_form_unreadable(&name, why),
            });
        }
    }
    let mut stdout = std::io::stdout().lock();
    for line in out {
        let _ = writeln!(stdout, "{line}");
    }
    Ok(if status.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
