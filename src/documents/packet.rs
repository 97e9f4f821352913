//! The 資料8 packet: a dataset and a reporting year in, a PDF out.

use crate::data::era::FiscalYear;
use crate::data::{Dataset, Diagnostic, LoadError};
use crate::documents::failure::Outcome;
use crate::documents::{attachment, reproducible};
use crate::messages;
use crate::typeset::render::{self, Rendered};
use crate::typeset::templates;
use crate::typeset::world::SheetWorld;
use crate::view;

/// What to put in the packet.
#[derive(Debug, Clone, Default)]
pub struct PacketRequest {
    /// The fiscal year being reported; default: the latest with results.
    pub year: Option<FiscalYear>,
    /// Only these goals (by No.); empty: all of them.
    pub goals: Vec<u32>,
    /// Lay the packet out this many goals at a time (default: see
    /// [`ONE_PIECE_GOALS`]).
    pub goals_per_part: Option<usize>,
    /// Have every shrunk sheet measure its fields for the fitting report
    /// (see [`crate::typeset::fit`]); costs a layout per field.
    pub measure_fields: bool,
}

/// A packet of up to this many goals is laid out in one piece, so that
/// `watch` reuses all of the last layout; a larger one in parts of
/// [`GOALS_PER_PART`] goals, which bounds its memory (see
/// [`render::compile_in_parts`]) but starts each layout afresh.
pub const ONE_PIECE_GOALS: usize = 32;

/// Goals laid out together in each part of a large packet: the layout
/// caches of this many sheets are in flight at once.
pub const GOALS_PER_PART: usize = 8;

/// A laid-out packet and its PDF.
pub struct Packet {
    pub year: FiscalYear,
    pub rendered: Rendered,
    pub pdf: Vec<u8>,
}

/// The document a packet of `goals` is: each selection of goals is one of
/// its own (`sheets`, `sheets/[5, 14]`).
pub fn document(goals: &[u32]) -> String {
    match goals {
        [] => "sheets".to_owned(),
        goals => format!("sheets/{goals:?}"),
    }
}

/// The goals a packet's document name selects (see [`document`]); `None`
/// for a name that is no packet's.
pub fn goals_of(name: &str) -> Option<Vec<u32>> {
    let rest = name.strip_prefix("sheets")?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let list = rest.strip_prefix("/[")?.strip_suffix(']')?;
    list.split(',').map(|n| n.trim().parse().ok()).collect()
}

/// Lays the packet out, without exporting it (for previews and checks).
pub fn layout_packet(
    world: &mut SheetWorld,
    dataset: &Dataset,
    request: &PacketRequest,
) -> Outcome<(FiscalYear, Rendered)> {
    let year = dataset.report_year(request.year)?;
    let missing: Vec<u32> = request
        .goals
        .iter()
        .copied()
        .filter(|no| !dataset.goals.iter().any(|g| g.no == *no))
        .collect();
    if !missing.is_empty() {
        return Err(LoadError::from(
            Diagnostic::error(messages::no_such_goals(&missing))
                .with_hint(messages::no_such_goals_hint()),
        )
        .into());
    }
    let data = view::packet(dataset, year, &request.goals, request.measure_fields);
    let goals_per_part = request
        .goals_per_part
        .unwrap_or(if data.goals.len() <= ONE_PIECE_GOALS {
            ONE_PIECE_GOALS
        } else {
            GOALS_PER_PART
        });
    let parts = data
        .into_parts(goals_per_part)
        .iter()
        .map(|part| {
            let sheets =
                view::sheet::layout_inputs(&part.frame, &part.plan.strip_years, &part.goals);
            (
                serde_json::to_vec(part).expect("the view serialises"),
                sheets,
            )
        })
        .collect();
    let source = attachment::dataset_yaml(
        dataset,
        &document(&request.goals),
        year,
        reproducible::printed_issue_date(dataset, year)?,
    );
    let rendered = render::compile_in_parts(world, templates::SHEETS_MAIN, parts, source)?;
    Ok((year, rendered))
}

/// Lays out the packet and exports it as an archival PDF with the dataset
/// attached.
pub fn make_packet(
    world: &mut SheetWorld,
    dataset: &Dataset,
    request: &PacketRequest,
) -> Outcome<Packet> {
    let (year, rendered) = layout_packet(world, dataset, request)?;
    let export = reproducible::export_options(dataset, &document(&request.goals), year)?;
    let pdf = render::export_pdf(world, &rendered.document, &export)?;
    Ok(Packet {
        year,
        rendered,
        pdf,
    })
}
