//! `build`: the year's packet and booklet, with `--archive` the whole
//! archive and with `--web` the web edition, laid out together and written
//! all or nothing.
//!
//! Everything is laid out before anything is written; the files are then
//! written at once ([`write_all_atomically`]), so a failure part-way leaves
//! every earlier output as it was, and the failure says so.

use std::path::{Path, PathBuf};

use crate::data::Diagnostic;
use crate::data::era::FiscalYear;
use crate::documents::archive::{ArchiveDocument, archive_plan, checksums, make_archive};
use crate::documents::failure::{Failure, Outcome};
use crate::documents::output::write_all_atomically;
use crate::documents::packet::{PacketRequest, make_packet};
use crate::messages;
use crate::typeset::coverage::SystemFonts;
use crate::typeset::fit::SheetFit;
use crate::typeset::memo::Cache;
use crate::workflow::check::prepare_year;
use crate::workflow::web::web_outputs;

/// What `build` was asked.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub data: PathBuf,
    pub out_dir: PathBuf,
    /// The year to report (default: the latest with results).
    pub year: Option<FiscalYear>,
    /// Also the archive, into `out_dir/archive`.
    pub archive: bool,
    /// Also the web edition, into `out_dir/web`, from the PDFs made.
    pub web: bool,
    pub font_dirs: Vec<PathBuf>,
    pub system_fonts: SystemFonts,
    pub cache: Cache,
    /// Have shrunk sheets measure their fields for the report.
    pub measure_fields: bool,
}

/// One file a build wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub pages: usize,
}

/// What `build` made.
#[derive(Debug)]
pub struct Built {
    pub year: FiscalYear,
    /// The plan's packet label (資料 8), as the closing lines name it.
    pub packet_label: String,
    pub packet: Written,
    pub booklet: Written,
    /// The archive's folder, its files and its checksum list, when asked.
    pub archive: Option<(PathBuf, usize, PathBuf)>,
    /// The web edition's folder and its HTML pages, when asked.
    pub web: Option<(PathBuf, usize)>,
    /// Notes and warnings of the data, and a half-collected year's.
    pub diagnostics: Vec<Diagnostic>,
    /// The fitting's: a note per shrunk sheet, a warning per sheet
    /// continued overleaf (see [`crate::typeset::fit::fit_diagnostics`]).
    pub fit_diagnostics: Vec<Diagnostic>,
    /// How each sheet of the packet was fitted.
    pub fits: Vec<SheetFit>,
    /// Typst's warnings about the templates, formatted.
    pub warnings: Vec<String>,
    pub files: usize,
    pub pages: usize,
}

/// The path of the year's packet in `out_dir`: `2019-R1-sheets.pdf`.
pub fn packet_path(out_dir: &Path, year: FiscalYear) -> PathBuf {
    out_dir.join(format!("{}-sheets.pdf", year.file_label()))
}

/// Builds; `progress` hears the number of documents to make, then the name
/// of each one made.
pub fn build(options: &BuildOptions, progress: &mut dyn FnMut(Progress)) -> Outcome<Built> {
    let not_written = |failure: Failure| failure.not_written(messages::build_not_written());
    let (prepared, year) = prepare_year(
        &options.data,
        &options.font_dirs,
        &options.system_fonts,
        &options.cache,
        options.year,
    )
    .map_err(not_written)?;
    let (dataset, mut world) = (prepared.dataset, prepared.world);
    let diagnostics = prepared.diagnostics;
    let mut documents = if options.archive {
        archive_plan(&dataset, true)
    } else {
        Vec::new()
    };
    // The year's booklet is made once, even when the archive holds it too.
    let booklet = ArchiveDocument::Booklet(year);
    let archived = documents.contains(&booklet);
    if !archived {
        documents.insert(0, booklet.clone());
    }
    progress(Progress::Total(1 + documents.len()));
    let request = PacketRequest {
        year: Some(year),
        measure_fields: options.measure_fields,
        ..PacketRequest::default()
    };
    let packet = make_packet(&mut world, &dataset, &request).map_err(not_written)?;
    progress(Progress::Made(messages::progress_packet().to_owned()));
    let fit_diagnostics = crate::typeset::fit::fit_diagnostics(&dataset, &packet.rendered.fits);
    let packet_written = Written {
        path: packet_path(&options.out_dir, year),
        pages: packet.rendered.document.pages().len(),
    };
    let mut outputs = vec![(packet_written.path.clone(), packet.pdf)];
    let archive_dir = options.out_dir.join("archive");
    let mut booklet_written = Written {
        path: options.out_dir.join(booklet.path()),
        pages: 0,
    };
    let mut pages = packet_written.pages;
    let mut archive_files = Vec::new();
    let files = make_archive(&mut world, &dataset, &documents, &mut |name| {
        progress(Progress::Made(name.to_owned()))
    })
    .map_err(not_written)?;
    for file in files {
        pages += file.pages;
        if file.path == booklet.path() {
            booklet_written.pages = file.pages;
            outputs.push((booklet_written.path.clone(), file.pdf.clone()));
            if !archived {
                continue;
            }
        }
        archive_files.push((file.path.clone(), file.pdf.clone()));
        outputs.push((archive_dir.join(file.path), file.pdf));
    }
    let web = if options.web {
        let dir = options.out_dir.join("web");
        // The PDFs as they are written beside: the packet first, then the booklet.
        let pdf = |path: &Path| {
            outputs
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, pdf)| pdf.as_slice())
                .unwrap_or_default()
        };
        let edition = web_outputs(
            &dataset,
            year,
            (pdf(&packet_written.path), packet_written.pages),
            (pdf(&booklet_written.path), booklet_written.pages),
            &dir,
        )
        .map_err(not_written)?;
        outputs.extend(edition.files);
        Some((dir, edition.pages))
    } else {
        None
    };
    let archive = if options.archive {
        let sums = archive_dir.join(crate::documents::archive::CHECKSUMS);
        let list = checksums(&archive_files);
        outputs.push((sums.clone(), list.into_bytes()));
        Some((archive_dir, archive_files.len(), sums))
    } else {
        None
    };
    write_all_atomically(&outputs).map_err(|err| not_written(err.into()))?;
    Ok(Built {
        year,
        packet_label: dataset.plan.packet_label.clone(),
        packet: packet_written,
        booklet: booklet_written,
        archive,
        web,
        diagnostics,
        fit_diagnostics,
        fits: packet.rendered.fits,
        warnings: packet.rendered.warnings,
        files: outputs.len(),
        pages,
    })
}

/// How far a long run has got.
#[derive(Debug, Clone)]
pub enum Progress {
    /// How many documents there are to make.
    Total(usize),
    /// One more was made (its name).
    Made(String),
}
