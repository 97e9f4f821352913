//! Fonts: the bundled BIZ UD faces, always there, plus any a user adds.

use std::path::Path;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontPath, FontStore};

/// The bundled fonts (SIL OFL 1.1, see fonts/OFL.txt).
const BUNDLED: &[&[u8]] = &[
    include_bytes!("../fonts/BIZUDMincho-Regular.ttf"),
    include_bytes!("../fonts/BIZUDGothic-Regular.ttf"),
    include_bytes!("../fonts/BIZUDGothic-Bold.ttf"),
];

/// The family the templates set body text in.
pub const BODY_FAMILY: &str = "BIZ UDMincho";
/// The family of labels and headings.
pub const LABEL_FAMILY: &str = "BIZ UDGothic";

/// The bundled fonts, parsed once per process: building a font's info walks
/// its whole character map, which costs milliseconds per CJK face.
pub fn bundled() -> &'static [(Font, FontInfo)] {
    static FONTS: OnceLock<Vec<(Font, FontInfo)>> = OnceLock::new();
    FONTS.get_or_init(|| {
        BUNDLED
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .map(|font| {
                let info = font.info().clone();
                (font, info)
            })
            .collect()
    })
}

/// A font store with the bundled fonts first, then the fonts found in
/// `extra_dirs` (loaded lazily, when a page first needs them).
pub fn store(extra_dirs: &[impl AsRef<Path>]) -> FontStore {
    let mut store = FontStore::new();
    store.extend(bundled().iter().cloned());
    if extra_dirs.is_empty() {
        return store;
    }
    let mut db = fontdb::Database::new();
    for dir in extra_dirs {
        db.load_fonts_dir(dir);
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
