//! The annual booklet: cover, contents, the plan's structure, the summary of
//! evaluations, then the year's sheets — one PDF per reported fiscal year.

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::documents::failure::Outcome;
use crate::documents::{attachment, reproducible};
use crate::typeset::render::{self, Rendered};
use crate::typeset::templates;
use crate::typeset::world::SheetWorld;
use crate::view;

/// A laid-out booklet and its PDF.
pub struct Booklet {
    pub year: FiscalYear,
    pub rendered: Rendered,
    pub pdf: Vec<u8>,
}

/// The booklet's view for `year`, with its date of issue.
pub fn booklet_view(dataset: &Dataset, year: FiscalYear) -> Outcome<view::booklet::BookletView> {
    let issued = reproducible::issue_date(dataset.plan.issued.get(&year).copied())?
        .and_then(reproducible::calendar_date)
        .map(|date| date.prose());
    Ok(view::booklet::booklet(dataset, year, issued))
}

/// Lays out the booklet of `year` (default: the latest with results).
pub fn make_booklet(
    world: &mut SheetWorld,
    dataset: &Dataset,
    year: Option<FiscalYear>,
) -> Outcome<Booklet> {
    let year = dataset.report_year(year)?;
    let data = booklet_view(dataset, year)?;
    let source = attachment::dataset_yaml(
        dataset,
        "booklet",
        year,
        reproducible::printed_issue_date(dataset, year)?,
    );
    let sheets = view::sheet::layout_inputs(&data.frame, &data.plan.strip_years, &data.goals);
    let rendered = render::compile(
        world,
        templates::BOOKLET_MAIN,
        serde_json::to_vec(&data).expect("the view serialises"),
        source,
        &sheets,
    )?;
    let export = reproducible::export_options(dataset, "booklet", year)?;
    let pdf = render::export_pdf(world, &rendered.document, &export)?;
    Ok(Booklet {
        year,
        rendered,
        pdf,
    })
}
