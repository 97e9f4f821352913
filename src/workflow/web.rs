//! `web`: the year's web edition, a folder ready to upload: the pages, their
//! text companions, the style sheet, and the packet and booklet PDFs they
//! link to, laid out first and written all or nothing.

use std::path::{Path, PathBuf};

use crate::data::era::FiscalYear;
use crate::data::{Dataset, Diagnostic};
use crate::documents::archive::booklet_name;
use crate::documents::booklet::make_booklet;
use crate::documents::failure::{Failure, Outcome};
use crate::documents::output::write_all_atomically;
use crate::documents::packet::{PacketRequest, make_packet};
use crate::documents::web::{WebEdition, WebPdf, WebPdfs, make_web};
use crate::messages;
use crate::typeset::coverage::SystemFonts;
use crate::typeset::fit::{SheetFit, fit_diagnostics};
use crate::typeset::memo::Cache;
use crate::workflow::build::packet_path;
use crate::workflow::check::prepare_year;

/// What `web` was asked.
#[derive(Debug, Clone)]
pub struct WebOptions {
    pub data: PathBuf,
    /// The web folder (`out/web`).
    pub out_dir: PathBuf,
    /// The year to report (default: the latest with results).
    pub year: Option<FiscalYear>,
    pub font_dirs: Vec<PathBuf>,
    pub system_fonts: SystemFonts,
    pub cache: Cache,
    /// Have shrunk sheets measure their fields for the report.
    pub measure_fields: bool,
}

/// What `web` made.
#[derive(Debug)]
pub struct WebBuilt {
    pub year: FiscalYear,
    pub dir: PathBuf,
    /// HTML pages written.
    pub pages: usize,
    /// Files written, the PDFs among them.
    pub files: usize,
    /// Pages of the two PDFs.
    pub pdf_pages: usize,
    /// Notes and warnings of the data, and a half-collected year's.
    pub diagnostics: Vec<Diagnostic>,
    /// The fitting's, as `build` reports them.
    pub fit_diagnostics: Vec<Diagnostic>,
    pub fits: Vec<SheetFit>,
    /// Typst's warnings about the templates, formatted.
    pub warnings: Vec<String>,
}

/// The web edition with its files in `dir`, from the year's PDFs as made
/// (bytes and pages), named as `build` names them.
pub fn web_outputs(
    dataset: &Dataset,
    year: FiscalYear,
    packet: (&[u8], usize),
    booklet: (&[u8], usize),
    dir: &Path,
) -> Outcome<WebEdition> {
    let packet_name = packet_path(Path::new(""), year)
        .to_string_lossy()
        .into_owned();
    let pdfs = WebPdfs {
        packet: WebPdf {
            name: packet_name,
            bytes: packet.0.to_vec(),
            pages: packet.1,
        },
        booklet: WebPdf {
            name: booklet_name(year),
            bytes: booklet.0.to_vec(),
            pages: booklet.1,
        },
    };
    let edition = make_web(dataset, year, pdfs)?;
    Ok(WebEdition {
        files: edition
            .files
            .into_iter()
            .map(|(path, bytes)| (dir.join(path), bytes))
            .collect(),
        pages: edition.pages,
    })
}

/// Makes the year's packet and booklet, then the pages, and writes them all.
pub fn web(options: &WebOptions) -> Outcome<WebBuilt> {
    let not_written = |failure: Failure| failure.not_written(messages::web_not_written());
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
    let request = PacketRequest {
        year: Some(year),
        measure_fields: options.measure_fields,
        ..PacketRequest::default()
    };
    let packet = make_packet(&mut world, &dataset, &request).map_err(not_written)?;
    let booklet = make_booklet(&mut world, &dataset, Some(year)).map_err(not_written)?;
    let packet_pages = packet.rendered.document.pages().len();
    let booklet_pages = booklet.rendered.document.pages().len();
    let edition = web_outputs(
        &dataset,
        year,
        (&packet.pdf, packet_pages),
        (&booklet.pdf, booklet_pages),
        &options.out_dir,
    )
    .map_err(not_written)?;
    write_all_atomically(&edition.files).map_err(|err| not_written(err.into()))?;
    Ok(WebBuilt {
        year,
        dir: options.out_dir.clone(),
        pages: edition.pages,
        files: edition.files.len(),
        pdf_pages: packet_pages + booklet_pages,
        diagnostics,
        fit_diagnostics: fit_diagnostics(&dataset, &packet.rendered.fits),
        fits: packet.rendered.fits,
        warnings: packet.rendered.warnings,
    })
}
