//! The yearly archive: one booklet per fiscal year that has results, and
//! optionally one PDF per goal per year.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Result;

use crate::booklet::make_booklet;
use crate::era::FiscalYear;
use crate::load::Dataset;
use crate::packet::{PacketRequest, make_packet};
use crate::world::SheetWorld;

/// One file of the archive: its path relative to the archive folder.
pub struct ArchiveFile {
    pub path: PathBuf,
    pub pdf: Vec<u8>,
}

/// Every fiscal year for which some goal reports results, in order.
pub fn reported_years(dataset: &Dataset) -> Vec<FiscalYear> {
    let years: BTreeSet<FiscalYear> = dataset
        .goals
        .iter()
        .flat_map(|goal| &goal.years)
        .filter(|entry| entry.has_results())
        .map(|entry| entry.year)
        .collect();
    years.into_iter().collect()
}

/// File name of a year's booklet: `2019-R1-booklet.pdf`.
pub fn booklet_name(year: FiscalYear) -> String {
    format!("{}-booklet.pdf", year.file_label())
}

/// File name of one goal's sheet for a year: `2019-R1/goal-05.pdf`.
pub fn goal_name(year: FiscalYear, no: u32) -> PathBuf {
    PathBuf::from(year.file_label()).join(format!("goal-{no:02}.pdf"))
}

/// Lays out the archive. Nothing is written here: the caller writes each
/// file atomically only once all of them were made.
pub fn make_archive(
    world: &mut SheetWorld,
    dataset: &Dataset,
    split: bool,
) -> Result<Vec<ArchiveFile>> {
    let mut files = Vec::new();
    for year in reported_years(dataset) {
        let booklet = make_booklet(world, dataset, Some(year))?;
        files.push(ArchiveFile {
            path: booklet_name(year).into(),
            pdf: booklet.pdf,
        });
        if split {
            for goal in &dataset.goals {
                let request = PacketRequest {
                    year: Some(year),
                    goals: vec![goal.no],
                };
                files.push(ArchiveFile {
                    path: goal_name(year, goal.no),
                    pdf: make_packet(world, dataset, &request)?.pdf,
                });
            }
        }
    }
    Ok(files)
}
