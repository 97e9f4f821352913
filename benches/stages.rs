//! Where a packet's time goes, stage by stage (for `bench.sh`): loading and
//! checking the data, the layout with every sheet fitted (an empty fit
//! memo), the layout at the sizes remembered (a filled memo), and the PDF
//! export. Each stage is timed `RUNS` times, comemo's cache emptied before
//! each layout, and the medians printed as one Markdown table row.
//!
//!     cargo bench --bench stages -- DATA [RUNS]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use welfare_sheets::documents::packet::{PacketRequest, layout_packet};
use welfare_sheets::documents::reproducible::export_options;
use welfare_sheets::typeset::coverage::SystemFonts;
use welfare_sheets::typeset::memo::Cache;
use welfare_sheets::typeset::render::export_pdf;
use welfare_sheets::workflow::check::prepare;

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let data = PathBuf::from(args.next().expect("usage: stages DATA [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(3, |n| n.parse().expect("RUNS is a number"));
    let memo = tempfile::tempdir().expect("a temporary folder");
    let (mut loading, mut fitted, mut remembered, mut export) = (vec![], vec![], vec![], vec![]);
    let mut goals = 0;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(memo.path());
        for (cache_is_warm, layouts) in [(false, &mut fitted), (true, &mut remembered)] {
            let start = Instant::now();
            let mut prepared = prepare(
                &data,
                &[] as &[PathBuf],
                &SystemFonts::Off,
                &Cache::At(memo.path().to_owned()),
            )
            .unwrap_or_else(|err| panic!("{err}"));
            if cache_is_warm {
                loading.push(start.elapsed());
            }
            goals = prepared.dataset.goals.len();
            typst::comemo::evict(0);
            let start = Instant::now();
            let (year, rendered) = layout_packet(
                &mut prepared.world,
                &prepared.dataset,
                &PacketRequest::default(),
            )
            .unwrap_or_else(|err| panic!("{err}"));
            layouts.push(start.elapsed());
            if cache_is_warm {
                let options = export_options(&prepared.dataset, "sheets", year).expect("a date");
                let start = Instant::now();
                export_pdf(&prepared.world, &rendered.document, &options).expect("PDF/A");
                export.push(start.elapsed());
            }
        }
    }
    let (fitted, remembered, export) = (median(fitted), median(remembered), median(export));
    println!(
        "| {goals} | {:.0} | {remembered:.0} | {:.0} | {export:.0} | {:.1} |",
        median(loading),
        fitted - remembered,
        (remembered + export) / goals as f64,
    );
}
