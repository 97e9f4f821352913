//! `check`: everything that can be wrong with a dataset, found without
//! writing anything. The writing commands run the same steps first
//! ([`prepare`]) and refuse to write when it finds an error.
//!
//! Steps: load and validate ([`crate::data::load`]), glyph coverage
//! ([`crate::typeset::coverage`]), then a full layout of the packet to see which
//! sheets had to shrink (a note) or continue on a follow-on page (a warning).

use std::path::{Path, PathBuf};

use crate::data::diagnostic::{Diagnostic, LoadError, Severity};
use crate::data::era::FiscalYear;
use crate::data::{Dataset, load_dataset};
use crate::documents::failure::{Cause, Outcome};
use crate::documents::packet::{PacketRequest, make_packet};
use crate::messages;
use crate::typeset::coverage::{self, SystemFonts};
use crate::typeset::fit::fit_diagnostics;
use crate::typeset::memo::Cache;
use crate::typeset::world::SheetWorld;

/// A dataset that loaded and whose every character can be drawn, with the
/// world to lay it out in (given any installed font it needs).
pub struct Prepared {
    pub dataset: Dataset,
    pub world: SheetWorld,
    /// Notes and warnings found so far (no errors: those end in `Err`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the dataset at `data` and checks its characters against the fonts.
/// Every problem found is in the error; notes and warnings are kept in
/// [`Prepared::diagnostics`] on success.
/// The world keeps its fittings in the memo `cache` names.
pub fn prepare(
    data: &Path,
    font_dirs: &[PathBuf],
    system: &SystemFonts,
    cache: &Cache,
) -> Result<Prepared, LoadError> {
    let dataset = load_dataset(data)?;
    let coverage = coverage::check(&dataset, font_dirs, system);
    let mut diagnostics = dataset.notes.clone();
    diagnostics.extend(coverage.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(LoadError { diagnostics });
    }
    let mut world = SheetWorld::with_font_files(font_dirs, &coverage.fallback_files);
    diagnostics.extend(world.open_fit_memo(cache));
    Ok(Prepared {
        dataset,
        world,
        diagnostics,
    })
}

/// [`prepare`] for a run that reports one year: that year (`year`, else
/// the latest with results), with the warning when it is half collected.
pub fn prepare_year(
    data: &Path,
    font_dirs: &[PathBuf],
    system: &SystemFonts,
    cache: &Cache,
    year: Option<FiscalYear>,
) -> Outcome<(Prepared, FiscalYear)> {
    let mut prepared = prepare(data, font_dirs, system, cache)?;
    let year = prepared.dataset.report_year(year)?;
    let half_collected = incomplete_year(&prepared.dataset, year);
    prepared.diagnostics.extend(half_collected);
    Ok((prepared, year))
}

/// What `check` was asked.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub data: PathBuf,
    /// The reporting year to lay the packet out for (default: as `sheets`).
    pub year: Option<FiscalYear>,
    pub font_dirs: Vec<PathBuf>,
    pub system_fonts: SystemFonts,
    pub cache: Cache,
}

/// Everything `check` found, in the order found.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Pages the packet took, when it could be laid out.
    pub pages: Option<usize>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether the dataset passes: no errors, and with `strict` no warnings.
    pub fn passes(&self, strict: bool) -> bool {
        self.count(Severity::Error) == 0 && !(strict && self.count(Severity::Warning) > 0)
    }

    /// The closing line: how many of each.
    pub fn summary(&self) -> String {
        messages::check_summary(
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Note),
            self.pages,
        )
    }
}

/// Runs every check on the dataset; writes nothing.
pub fn check(options: &CheckOptions) -> Report {
    let mut report = Report::default();
    let Prepared {
        dataset,
        mut world,
        diagnostics,
    } = match prepare(
        &options.data,
        &options.font_dirs,
        &options.system_fonts,
        &options.cache,
    ) {
        Ok(prepared) => prepared,
        Err(err) => {
            report.diagnostics = err.diagnostics;
            return report;
        }
    };
    report.diagnostics = diagnostics;

    let year = match dataset.report_year(options.year) {
        Ok(year) => year,
        Err(outside) => {
            report.diagnostics.extend(outside.diagnostics);
            return report;
        }
    };
    report.diagnostics.extend(incomplete_year(&dataset, year));
    let request = PacketRequest {
        year: options.year,
        measure_fields: true,
        ..PacketRequest::default()
    };
    match make_packet(&mut world, &dataset, &request) {
        Ok(packet) => {
            for warning in &packet.rendered.warnings {
                report
                    .diagnostics
                    .push(Diagnostic::warning(messages::layout_warning(
                        warning.trim(),
                    )));
            }
            report
                .diagnostics
                .extend(fit_diagnostics(&dataset, &packet.rendered.fits));
            report.pages = Some(packet.rendered.document.pages().len());
        }
        Err(failure) => match failure.cause {
            Cause::Invalid(diagnostics) => report.diagnostics.extend(diagnostics),
            _ => report.diagnostics.push(Diagnostic::error(
                failure
                    .to_string()
                    .trim_start_matches(messages::severity_error())
                    .trim_start_matches(':')
                    .trim()
                    .to_owned(),
            )),
        },
    }
    report
}

/// A warning when the packet of `year` would print goals without their
/// results: the year is half collected.
pub fn incomplete_year(
    dataset: &Dataset,
    year: crate::data::era::FiscalYear,
) -> Option<Diagnostic> {
    let gaps = dataset.incomplete(year);
    // No goal reports the year: a packet of plans, not a half-collected one.
    if gaps.is_empty()
        || gaps.len() == dataset.goals.len() && !dataset.reported_years().contains(&year)
    {
        return None;
    }
    let previous = Some(year.prev()).filter(|y| dataset.reported_years().contains(y));
    Some(
        Diagnostic::warning(messages::year_half_collected(
            &year.prose(),
            gaps.len(),
            dataset.goals.len(),
            &gaps,
        ))
        .with_hint(messages::year_half_collected_hint(
            previous.map(|y| y.row_label()).as_deref(),
        )),
    )
}
