//! Fonts: the bundled BIZ UD faces, always there, plus any a user adds.

use std::path::Path;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontPath, FontStore};

/// The bundled fonts by file name (SIL OFL 1.1, see [`LICENCE`]).
pub const BUNDLED_FILES: &[(&str, &[u8])] = &[
    (
        "BIZUDMincho-Regular.ttf",
        include_bytes!("../../fonts/BIZUDMincho-Regular.ttf"),
    ),
    (
        "BIZUDGothic-Regular.ttf",
        include_bytes!("../../fonts/BIZUDGothic-Regular.ttf"),
    ),
    (
        "BIZUDGothic-Bold.ttf",
        include_bytes!("../../fonts/BIZUDGothic-Bold.ttf"),
    ),
];

/// The bundled fonts' licence, travelling with them wherever they go.
pub const LICENCE: &str = include_str!("../../fonts/OFL.txt");

/// The bundled fonts, parsed once per process: building a font's info walks
/// its whole character map, which costs milliseconds per CJK face.
pub fn bundled() -> &'static [(Font, FontInfo)] {
    static FONTS: OnceLock<Vec<(Font, FontInfo)>> = OnceLock::new();
    FONTS.get_or_init(|| {
        BUNDLED_FILES
            .iter()
            .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
            .map(|font| {
                let info = font.info().clone();
                (font, info)
            })
            .collect()
    })
}

/// A font store with the bundled fonts first, then the fonts found in
/// `extra_dirs`, then the single font files `extra_files` (the installed
/// fonts that [`crate::typeset::coverage`] found for characters the others lack);
/// the added ones load lazily, when a page first needs them.
pub fn store(extra_dirs: &[impl AsRef<Path>], extra_files: &[impl AsRef<Path>]) -> FontStore {
    let mut store = FontStore::new();
    store.extend(bundled().iter().cloned());
    if extra_dirs.is_empty() && extra_files.is_empty() {
        return store;
    }
    let mut db = fontdb::Database::new();
    for dir in extra_dirs {
        db.load_fonts_dir(dir);
    }
    for file in extra_files {
        // An unreadable file only means its characters stay uncovered,
        // which `check` reports.
        let _ = db.load_font_file(file);
    }
    for face in db.faces() {
        let path = match &face.source {
            fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
            fontdb::Source::Binary(_) => continue,
        };
        let info = db.with_face_data(face.id, FontInfo::new);
        if let Some(Some(info)) = info {
            store.push((
                FontPath {
                    path: path.clone(),
                    index: face.index,
                },
                info,
            ));
        }
    }
    store
}
