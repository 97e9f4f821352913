//! `check`: everything that can be wrong with a dataset, found without
//! writing anything. The writing commands run the same steps first
//! ([`prepare`]) and refuse to write when it finds an error.
//!
//! Steps: load and validate ([`crate::load`]), glyph coverage
//! ([`crate::coverage`]), then a full layout of the packet to see which
//! sheets had to shrink (a note) or continue on a follow-on page (a warning).

use std::path::{Path, PathBuf};

use crate::coverage::{self, SystemFonts};
use crate::diagnostic::{Diagnostic, LoadError, Severity};
use crate::era::FiscalYear;
use crate::load::{Dataset, load_dataset};
use crate::model::{Block, Goal, RichText, TaggedBlock};
use crate::packet::{self, PacketRequest, make_packet};
use crate::render::SheetFit;
use crate::world::SheetWorld;

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
pub fn prepare(
    data: &Path,
    font_dirs: &[PathBuf],
    system: &SystemFonts,
) -> Result<Prepared, LoadError> {
    let dataset = load_dataset(data)?;
    let coverage = coverage::check(&dataset, font_dirs, system);
    let mut diagnostics = dataset.notes.clone();
    diagnostics.extend(coverage.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(LoadError { diagnostics });
    }
    let world = SheetWorld::with_font_files(font_dirs, &coverage.fallback_files);
    Ok(Prepared {
        dataset,
        world,
        diagnostics,
    })
}

/// What `check` was asked.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub data: PathBuf,
    /// The reporting year to lay the packet out for (default: as `sheets`).
    pub year: Option<FiscalYear>,
    pub font_dirs: Vec<PathBuf>,
    pub system_fonts: SystemFonts,
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
        let counts = format!(
            "エラー {} 件、警告 {} 件、注意 {} 件",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Note)
        );
        match self.pages {
            Some(pages) => format!("check: {counts}（{pages} ページ）"),
            None => format!("check: {counts}"),
        }
    }
}

/// Runs every check on the dataset; writes nothing.
pub fn check(options: &CheckOptions) -> Report {
    let mut report = Report::default();
    let Prepared {
        dataset,
        mut world,
        diagnostics,
    } = match prepare(&options.data, &options.font_dirs, &options.system_fonts) {
        Ok(prepared) => prepared,
        Err(err) => {
            report.diagnostics = err.diagnostics;
            return report;
        }
    };
    report.diagnostics = diagnostics;

    let period = dataset.plan.period;
    if let Some(year) = options.year.filter(|y| !period.contains(*y)) {
        report.diagnostics.push(
            Diagnostic::error(format!(
                "--year の {}（{}）は計画期間（{}〜{}）の外です",
                year.prose(),
                year.western(),
                period.from.prose(),
                period.to.prose()
            ))
            .with_hint("計画期間の中の年度を指定してください"),
        );
        return report;
    }
    let request = PacketRequest {
        year: options.year,
        ..PacketRequest::default()
    };
    let year = match packet::report_year(&dataset, options.year) {
        Ok(year) => year,
        Err(err) => {
            report
                .diagnostics
                .push(Diagnostic::error(format!("{err:#}")));
            return report;
        }
    };
    match make_packet(&mut world, &dataset, &request) {
        Ok(packet) => {
            for warning in &packet.rendered.warnings {
                report.diagnostics.push(Diagnostic::warning(format!(
                    "組版の警告: {}",
                    warning.trim()
                )));
            }
            report
                .diagnostics
                .extend(fit_diagnostics(&dataset, &packet.rendered.fits, year));
            report.pages = Some(packet.rendered.document.pages().len());
        }
        Err(err) => report.diagnostics.push(Diagnostic::error(format!(
            "シートを組めませんでした: {err:#}"
        ))),
    }
    report
}

/// A note for each sheet set below the normal size, a warning for each one
/// that needed follow-on pages; each names the goal and points at the field
/// that takes the most room (most likely what to shorten).
pub fn fit_diagnostics(dataset: &Dataset, fits: &[SheetFit], year: FiscalYear) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for fit in fits {
        if !fit.shrunk() && fit.follow_on_pages() == 0 {
            continue;
        }
        let Some(goal_index) = dataset.goals.iter().position(|g| g.no == fit.no) else {
            continue;
        };
        let goal = &dataset.goals[goal_index];
        let culprit = largest_field(goal, year, fit.normal_size);
        let mut diagnostic = match &culprit {
            Some(field) => dataset.locate(goal_index, &field.path),
            None => dataset.locate(goal_index, ""),
        };
        // The place prefix names the goal and the field; the message says
        // why that field.
        let widest = culprit
            .as_ref()
            .map(|field| {
                format!(
                    "（いちばん場所を取っているのがこの欄で、{} pt で約 {} 行）",
                    fit.normal_size,
                    field.lines.round() as u64
                )
            })
            .unwrap_or_default();
        if fit.follow_on_pages() > 0 {
            diagnostic.severity = Severity::Warning;
            diagnostic.message = format!(
                "{} pt まで縮めても 1 枚に収まらず、続きのページが {} 枚つきます{widest}",
                fit.size,
                fit.follow_on_pages()
            );
            diagnostic.hint =
                Some("文章を短くするか、別の年度や欄に分けると 1 枚に収まります".into());
        } else {
            diagnostic.severity = Severity::Note;
            diagnostic.message = format!(
                "1 枚に収めるため本文を {} pt から {} pt に縮めました{widest}",
                fit.normal_size, fit.size
            );
        }
        out.push(diagnostic);
    }
    out
}

/// A field and the lines it takes, estimated.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSize {
    /// Relative to the goal, as [`Dataset::locate`] takes it.
    pub path: String,
    pub lines: f64,
}

/// Usable widths of the sheet's text cells in points (cell width less the
/// 3 pt inset on each side), as `templates/lib.typ` lays them out on the
/// 277 mm body: the plan block's wide cells, the programme columns and the
/// yearly table's columns. Only used to tell which field is largest.
const PT_PER_MM: f64 = 72.0 / 25.4;
const WIDE_CELL: f64 = 253.0 * PT_PER_MM - 6.0;
const PROGRAMME_CELL: f64 = 115.0 * PT_PER_MM - 6.0;
const ACTIVITIES_CELL: f64 = 48.0 * PT_PER_MM - 6.0;
const RESULTS_CELL: f64 = 133.0 * PT_PER_MM - 6.0;
const CHALLENGES_CELL: f64 = 52.0 * PT_PER_MM - 6.0;
const REMARKS_CELL: f64 = 26.0 * PT_PER_MM - 6.0;

/// The printed width of `text` in ems: full-width characters one em,
/// others half.
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if (c as u32) < 0x2E80 && !matches!(c, '\u{2010}'..='\u{25FF}') {
                0.5
            } else {
                1.0
            }
        })
        .sum()
}

/// Lines a paragraph of `text` takes in a cell `width` points wide at `size`.
fn lines_of(text: &str, width: f64, size: f64) -> f64 {
    let per_line = (width / size).max(1.0);
    text.split('\n')
        .map(|line| (ems(line) / per_line).ceil().max(1.0))
        .sum()
}

fn rich_lines(text: &RichText, width: f64, size: f64) -> f64 {
    text.blocks()
        .iter()
        .map(|block| match block {
            Block::Paragraph(s) | Block::Tagged(TaggedBlock::Paragraph(s)) => {
                lines_of(s, width, size)
            }
            Block::Tagged(TaggedBlock::Heading(s)) => lines_of(&format!("【{s}】"), width, size),
            Block::Tagged(TaggedBlock::List(items)) => items
                .iter()
                .map(|item| lines_of(item, width - size, size))
                .sum(),
            Block::Tagged(TaggedBlock::Table(rows)) => {
                let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
                rows.iter()
                    .map(|row| {
                        row.iter()
                            .map(|cell| lines_of(cell, width / columns - 4.0, size))
                            .fold(1.0, f64::max)
                    })
                    .sum()
            }
        })
        .sum()
}

/// The field of `goal` that takes the most lines on the sheet for `year`,
/// at body size `size`.
pub fn largest_field(goal: &Goal, year: FiscalYear, size: f64) -> Option<FieldSize> {
    let mut sizes = vec![
        (
            "content".to_owned(),
            rich_lines(&goal.content, WIDE_CELL, size),
        ),
        (
            "target".to_owned(),
            rich_lines(&goal.target, WIDE_CELL, size),
        ),
        ("notes".to_owned(), rich_lines(&goal.notes, WIDE_CELL, size)),
        (
            "direction".to_owned(),
            rich_lines(&goal.direction, WIDE_CELL, size),
        ),
        (
            "programmes.city".to_owned(),
            goal.programmes
                .city
                .iter()
                .map(|p| {
                    lines_of(
                        &format!("{}〔{}〕", p.name, p.sections.join("、")),
                        PROGRAMME_CELL,
                        size,
                    )
                })
                .sum(),
        ),
        (
            "programmes.council".to_owned(),
            goal.programmes
                .council
                .iter()
                .map(|p| lines_of(p, PROGRAMME_CELL, size))
                .sum(),
        ),
    ];
    for (y, entry) in goal.years.iter().enumerate() {
        if entry.year > year.next() {
            continue;
        }
        let plan_only = entry.year > year;
        sizes.push((
            format!("years[{y}].activities"),
            rich_lines(&entry.activities, ACTIVITIES_CELL, size),
        ));
        if plan_only {
            continue;
        }
        for (key, text, width) in [
            ("results", &entry.results, RESULTS_CELL),
            ("challenges", &entry.challenges, CHALLENGES_CELL),
            ("remarks", &entry.remarks, REMARKS_CELL),
        ] {
            sizes.push((format!("years[{y}].{key}"), rich_lines(text, width, size)));
        }
    }
    sizes
        .into_iter()
        .filter(|(_, lines)| *lines > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(path, lines)| FieldSize { path, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_columns_take_more_lines_for_the_same_text() {
        let text = "あ".repeat(200);
        assert!(lines_of(&text, REMARKS_CELL, 9.0) > lines_of(&text, RESULTS_CELL, 9.0));
        assert_eq!(lines_of("", RESULTS_CELL, 9.0), 1.0);
        assert_eq!(lines_of("a\nb", RESULTS_CELL, 9.0), 2.0);
    }
}
