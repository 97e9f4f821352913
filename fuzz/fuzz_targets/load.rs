//! Load + validate + glyph coverage over arbitrary bytes: the bytes are a
//! goal file beside the bundled plan, and also a dataset file of their own.
//! No input may panic, hang or grow without bound; every error must format.

#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use welfare_sheets::typeset::coverage::{self, SystemFonts};
use welfare_sheets::data::load::load_dataset_from_bytes;

const PLAN: &[u8] = include_bytes!("../../data/plan.yaml");

fn run(files: Vec<(PathBuf, Vec<u8>)>) {
    match load_dataset_from_bytes(Path::new("fuzz"), files) {
        Ok(dataset) => {
            let found = coverage::check(&dataset, &[], &SystemFonts::Off);
            for diagnostic in &found.diagnostics {
                let _ = diagnostic.to_string();
            }
        }
        Err(err) => {
            assert!(err.error_count() > 0, "an error without an error: {err}");
            let _ = err.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    run(vec![
        (PathBuf::from("plan.yaml"), PLAN.to_vec()),
        (PathBuf::from("goals/fuzz.yaml"), data.to_vec()),
    ]);
    run(vec![(PathBuf::from("fuzz.yaml"), data.to_vec())]);
});
