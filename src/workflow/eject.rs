//! A standalone Typst project of a document: the same templates, data and
//! fonts, so that the official typst CLI (or any Typst editor) lays out the
//! same pages as welfare-sheets.

use std::path::Path;

use anyhow::Result;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::documents::attachment;
use crate::documents::booklet::booklet_data;
use crate::documents::output::write_atomically;
use crate::typeset::fonts;
use crate::typeset::{sheet_data, templates};

/// Which document the project lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EjectedDocument {
    Sheets,
    Booklet,
}

/// Writes `main.typ`, the templates, `data.json`, `dataset.yaml` and the
/// fonts under `dir/fonts`. Compile it with
/// `typst compile --ignore-system-fonts --font-path DIR/fonts --root DIR DIR/main.typ out.pdf`.
pub fn eject(
    dir: &Path,
    dataset: &Dataset,
    year: Option<FiscalYear>,
    document: EjectedDocument,
) -> Result<()> {
    let year = dataset.report_year(year)?;
    let (main, data) = match document {
        EjectedDocument::Sheets => (
            templates::SHEETS_MAIN,
            serde_json::to_vec_pretty(&sheet_data::packet(dataset, year, &[], false))?,
        ),
        EjectedDocument::Booklet => (
            templates::BOOKLET_MAIN,
            serde_json::to_vec_pretty(&booklet_data(dataset, year)?)?,
        ),
    };
    let write = |name: &str, bytes: &[u8]| write_atomically(&dir.join(name), bytes);
    for (path, text) in templates::FILES {
        write(path.trim_start_matches('/'), text.as_bytes())?;
    }
    let main_text = templates::get(main).expect("main templates are embedded");
    write("main.typ", main_text.as_bytes())?;
    write(templates::DATA_PATH.trim_start_matches('/'), &data)?;
    write(
        templates::SOURCE_PATH.trim_start_matches('/'),
        &attachment::dataset_yaml(dataset),
    )?;
    for (name, bytes) in fonts::BUNDLED_FILES {
        write(&format!("fonts/{name}"), bytes)?;
    }
    write("fonts/OFL.txt", fonts::LICENCE.as_bytes())?;
    Ok(())
}
