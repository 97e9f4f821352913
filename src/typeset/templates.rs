//! The Typst templates, embedded in the binary.

/// Every template file the World serves, by its virtual path.
pub const FILES: &[(&str, &str)] = &[
    ("/styles.typ", include_str!("../../templates/styles.typ")),
    ("/lib.typ", include_str!("../../templates/lib.typ")),
    ("/sheets.typ", include_str!("../../templates/sheets.typ")),
    ("/booklet.typ", include_str!("../../templates/booklet.typ")),
];

/// The virtual path of the data the templates read with `json()`.
pub const DATA_PATH: &str = "/data.json";

/// The virtual path of the dataset attached to archival PDFs.
pub const SOURCE_PATH: &str = "/dataset.yaml";

/// The virtual path of the fittings remembered from earlier runs (see
/// [`crate::typeset::memo`]); `{}` when none are.
pub const FITS_PATH: &str = "/fits.json";

/// The only non-template paths a document may read.
pub const INPUT_PATHS: &[&str] = &[DATA_PATH, SOURCE_PATH, FITS_PATH];

/// The main file of the 資料8 packet.
pub const SHEETS_MAIN: &str = "/sheets.typ";

/// The main file of the annual booklet.
pub const BOOKLET_MAIN: &str = "/booklet.typ";

pub fn get(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}
