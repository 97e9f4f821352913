//! A standalone Typst project of a document: the same templates, data and
//! fonts, so that the official typst CLI (or any Typst editor) lays out the
//! same pages as welfare-sheets.

use std::path::Path;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::documents::attachment;
use crate::documents::booklet::booklet_view;
use crate::documents::failure::Outcome;
use crate::documents::output::write_all_atomically;
use crate::typeset::{fonts, templates};
use crate::view;

/// Which document the project lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EjectedDocument {
    Sheets,
    Booklet,
}

/// Writes `main.typ`, the templates, `data.json`, `fits.json`, `dataset.yaml` and the
/// fonts under `dir/fonts`. Compile it with
/// `typst compile --features a11y-extras --ignore-system-fonts --font-path DIR/fonts --root DIR DIR/main.typ out.pdf`.
pub fn eject(
    dir: &Path,
    dataset: &Dataset,
    year: Option<FiscalYear>,
    document: EjectedDocument,
) -> Outcome<()> {
    let year = dataset.report_year(year)?;
    let (main, data) = match document {
        EjectedDocument::Sheets => (
            templates::SHEETS_MAIN,
            serde_json::to_vec_pretty(&view::packet(dataset, year, &[], false)),
        ),
        EjectedDocument::Booklet => (
            templates::BOOKLET_MAIN,
            serde_json::to_vec_pretty(&booklet_view(dataset, year)?),
        ),
    };
    let data = data.expect("the view serialises");
    let mut files: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| files.push((dir.join(name), bytes));
    for (path, text) in templates::FILES {
        add(path.trim_start_matches('/'), text.as_bytes().to_vec());
    }
    let main_text = templates::get(main).expect("main templates are embedded");
    add("main.typ", main_text.as_bytes().to_vec());
    add(templates::DATA_PATH.trim_start_matches('/'), data);
    // No fitting remembered: the CLI fits every sheet.
    add(templates::FITS_PATH.trim_start_matches('/'), b"{}".to_vec());
    add(
        templates::SOURCE_PATH.trim_start_matches('/'),
        attachment::dataset_yaml(
            dataset,
            match document {
                EjectedDocument::Sheets => "sheets",
                EjectedDocument::Booklet => "booklet",
            },
            year,
            crate::documents::reproducible::printed_issue_date(dataset, year)?,
        ),
    );
    for (name, bytes) in fonts::BUNDLED_FILES {
        add(&format!("fonts/{name}"), bytes.to_vec());
    }
    add("fonts/OFL.txt", fonts::LICENCE.as_bytes().to_vec());
    write_all_atomically(&files)?;
    Ok(())
}
