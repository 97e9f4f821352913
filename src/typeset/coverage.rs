//! Whether every character of the data can be drawn, checked before layout.
//!
//! Typst draws a character no font has as an empty box ("tofu") and goes
//! on; a clerk would only notice on paper. So each text field's characters
//! are looked up in the bundled fonts' coverage first. A character they lack
//! is looked for in the fonts of `--font-path` and then among the installed
//! system fonts (found with fontdb); the one that has it is named, and a
//! system font is handed to the Typst world so that the sheet really uses
//! it. A character no font has is an error: it would print as tofu.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use typst::text::FontInfo;

use crate::data::Dataset;
use crate::data::diagnostic::Diagnostic;
use crate::data::text::text_fields;
use crate::messages;
use crate::typeset::fonts;

/// Where to look for fonts beyond the bundled ones and `--font-path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SystemFonts {
    /// The fonts installed on this machine (fontdb's system search).
    Installed,
    /// Only these folders (tests use this to stand in for a machine).
    Dirs(Vec<PathBuf>),
    /// None at all.
    Off,
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Coverage {
    /// One per character and field: an error when no font has it, a note
    /// or warning naming the font that will draw it.
    pub diagnostics: Vec<Diagnostic>,
    /// Installed font files the world must be given (see
    /// [`crate::typeset::world::SheetWorld::with_font_files`]).
    pub fallback_files: Vec<PathBuf>,
}

/// Characters that are never drawn by themselves, so no font needs them:
/// controls and line breaks, zero-width joiners and spaces, variation
/// selectors (a font without the variant draws the base character), the BOM.
fn needs_no_glyph(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// Checks every text of `dataset` against the fonts.
pub fn check(dataset: &Dataset, font_dirs: &[PathBuf], system: &SystemFonts) -> Coverage {
    let bundled = fonts::bundled();
    // `Coverage::contains` walks a font's ranges one by one, thousands of
    // them for kanji: list each font's characters once, in order, and
    // search that. A dataset repeats a few thousand distinct characters a
    // hundred thousand times: each is looked up once.
    let charsets: Vec<Vec<u32>> = bundled
        .iter()
        .map(|(_, info)| info.coverage.iter().collect())
        .collect();
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut covered = |c: char| {
        *known.entry(c).or_insert_with(|| {
            charsets
                .iter()
                .any(|chars| chars.binary_search(&(c as u32)).is_ok())
        })
    };

    // Every missing character with the fields it is in, in order.
    let mut missing: BTreeMap<char, Vec<(usize, usize)>> = BTreeMap::new();
    let fields = text_fields(
        &dataset.plan,
        dataset.sheet.as_ref().map(|(sheet, _)| sheet),
        &dataset.goals,
    );
    for (f, field) in fields.iter().enumerate() {
        let mut seen_here = Vec::new();
        for c in field.text.chars() {
            if needs_no_glyph(c) || c == ' ' || covered(c) {
                continue;
            }
            match seen_here.iter_mut().find(|(ch, _)| *ch == c) {
                Some((_, count)) => *count += 1,
                None => seen_here.push((c, 1)),
            }
        }
        for (c, count) in seen_here {
            missing.entry(c).or_default().push((f, count));
        }
    }
    let mut coverage = Coverage::default();
    if missing.is_empty() {
        return coverage;
    }

    let user = FontIndex::from_dirs(font_dirs);
    let installed = match system {
        SystemFonts::Installed => FontIndex::installed(),
        SystemFonts::Dirs(dirs) => FontIndex::from_dirs(dirs),
        SystemFonts::Off => FontIndex::default(),
    };
    for (c, places) in missing {
        let (severity_note, found) = match user.find(c) {
            Some(found) => (true, Some(found)),
            None => (false, installed.find(c)),
        };
        for (f, count) in places {
            let field = &fields[f];
            let needle = c.to_string();
            let mut diagnostic = dataset.locate_owned_text(field.owner, &field.path, &needle);
            let more = messages::glyph_count_in_field(count);
            let code = format!("U+{:04X}", c as u32);
            match &found {
                None => {
                    diagnostic.message = messages::glyph_missing(c, &code, &more);
                    diagnostic.hint = Some(messages::glyph_missing_hint().into());
                }
                Some(font) if severity_note => {
                    diagnostic.severity = crate::data::diagnostic::Severity::Note;
                    diagnostic.message =
                        messages::glyph_from_font_path(c, &code, &more, &font.family);
                }
                Some(font) => {
                    diagnostic.severity = crate::data::diagnostic::Severity::Warning;
                    diagnostic.message =
                        messages::glyph_from_installed(c, &code, &more, &font.family, &font.path);
                    diagnostic.hint = Some(messages::glyph_from_installed_hint().into());
                    if !coverage.fallback_files.contains(&font.path) {
                        coverage.fallback_files.push(font.path.clone());
                    }
                }
            }
            coverage.diagnostics.push(diagnostic);
        }
    }
    // In the order of the files, as the clerk reads them.
    coverage
        .diagnostics
        .sort_by_key(|d| (d.file.clone(), d.position.map(|p| (p.line, p.column))));
    coverage
}

/// A font that has a character.
#[derive(Debug, Clone)]
struct FoundFont {
    family: String,
    path: PathBuf,
}

/// The faces of some fonts, with their coverage read when first needed.
#[derive(Default)]
struct FontIndex {
    /// Path, face index in the file, family name.
    faces: Vec<(PathBuf, u32, String)>,
    infos: std::cell::RefCell<BTreeMap<usize, Option<FontInfo>>>,
}

impl FontIndex {
    fn from_db(db: fontdb::Database) -> FontIndex {
        let mut faces: Vec<(bool, u16, PathBuf, u32, String)> = db
            .faces()
            .filter_map(|face| {
                let path = match &face.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
                    fontdb::Source::Binary(_) => return None,
                };
                let family = face
                    .families
                    .first()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_else(|| face.post_script_name.clone());
                let slanted = face.style != fontdb::Style::Normal;
                let off_regular = face.weight.0.abs_diff(400);
                Some((slanted, off_regular, path.clone(), face.index, family))
            })
            .collect();
        // A stable choice whatever order the folders list their files in;
        // upright regular faces first, as body text is set in them.
        faces.sort();
        FontIndex {
            faces: faces
                .into_iter()
                .map(|(_, _, path, index, family)| (path, index, family))
                .collect(),
            infos: Default::default(),
        }
    }

    fn from_dirs(dirs: &[impl AsRef<Path>]) -> FontIndex {
        if dirs.is_empty() {
            return FontIndex::default();
        }
        let mut db = fontdb::Database::new();
        for dir in dirs {
            db.load_fonts_dir(dir);
        }
        FontIndex::from_db(db)
    }

    fn installed() -> FontIndex {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        FontIndex::from_db(db)
    }

    fn find(&self, c: char) -> Option<FoundFont> {
        let mut infos = self.infos.borrow_mut();
        for (i, (path, index, family)) in self.faces.iter().enumerate() {
            let info = infos.entry(i).or_insert_with(|| {
                let data = std::fs::read(path).ok()?;
                FontInfo::new(&data, *index)
            });
            if info
                .as_ref()
                .is_some_and(|info| info.coverage.contains(c as u32))
            {
                return Some(FoundFont {
                    family: family.clone(),
                    path: path.clone(),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joiners_and_selectors_need_no_glyph() {
        for c in ['\u{200D}', '\u{FE0F}', '\u{E0100}', '\n', '\t'] {
            assert!(needs_no_glyph(c), "{c:?}");
        }
        for c in ['吉', 'A', '𠮷'] {
            assert!(!needs_no_glyph(c), "{c:?}");
        }
    }
}
