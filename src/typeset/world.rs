//! The Typst `World` of welfare-sheets: it serves the embedded templates,
//! the data as `/data.json` and the fonts, and nothing else.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use crate::data::Diagnostic;
use crate::typeset::memo::{Cache, FitMemo};
use crate::typeset::{fonts, templates};

/// A closed world: templates and fonts compiled into the binary, plus the
/// data of the document being made.
pub struct SheetWorld {
    /// Typst's standard library; built once, the same for every compilation.
    library: LazyHash<Library>,
    /// Bundled fonts first, then fonts from `--font-path`, loaded on first use.
    fonts: FontStore,
    /// The parsed templates; parsed once, kept so comemo can reuse their layout.
    sources: HashMap<FileId, Source>,
    /// The document's inputs by id: `/data.json` and the attached source;
    /// replaced between documents or watch cycles.
    inputs: HashMap<FileId, Bytes>,
    /// The main file of the document being compiled.
    main: FileId,
    /// How sheets were fitted in earlier runs (off unless opened).
    fit_memo: FitMemo,
}

fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("embedded template paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl SheetWorld {
    /// A world with the bundled fonts and those found in `font_dirs`.
    pub fn new(font_dirs: &[impl AsRef<Path>]) -> SheetWorld {
        SheetWorld::with_font_files(font_dirs, &[] as &[&Path])
    }

    /// Like [`SheetWorld::new`], plus single font files (system fonts found
    /// to draw characters the bundled fonts lack).
    pub fn with_font_files(
        font_dirs: &[impl AsRef<Path>],
        font_files: &[impl AsRef<Path>],
    ) -> SheetWorld {
        let sources = templates::FILES
            .iter()
            .map(|(path, text)| {
                let id = project_file(path);
                (id, Source::new(id, (*text).to_owned()))
            })
            .collect();
        SheetWorld {
            // a11y-extras gives `pdf.header-cell`: the 年度 cells head
            // their rows for a screen reader, as the column headings do.
            library: LazyHash::new(
                Library::builder()
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            fonts: fonts::store(font_dirs, font_files),
            sources,
            inputs: HashMap::new(),
            main: project_file(templates::SHEETS_MAIN),
            fit_memo: FitMemo::off(),
        }
    }

    /// Keeps the fittings of this world's documents in the memo `cache`
    /// names; a memo file that cannot be used gives a note.
    pub fn open_fit_memo(&mut self, cache: &Cache) -> Option<Diagnostic> {
        let (memo, note) = FitMemo::open(cache);
        self.fit_memo = memo;
        note
    }

    /// Starts afresh with other fonts (comemo's cache of the old ones is of
    /// no use), keeping the fit memo.
    pub fn change_fonts(&mut self, font_dirs: &[PathBuf], font_files: &[PathBuf]) {
        *self = SheetWorld {
            fit_memo: std::mem::take(&mut self.fit_memo),
            ..SheetWorld::with_font_files(font_dirs, font_files)
        };
    }

    pub fn fit_memo(&mut self) -> &mut FitMemo {
        &mut self.fit_memo
    }

    /// What decides the fitting of every sheet of a document with main
    /// template `main`, besides the sheet's own data: the program's and
    /// Typst's versions, every template's text and the fonts.
    pub fn layout_fingerprint(&self, main: &str) -> Sha256 {
        let mut hasher = Sha256::new();
        hasher.update(concat!("welfare-sheets ", env!("CARGO_PKG_VERSION"), "\0"));
        hasher.update(typst::utils::version().raw());
        hasher.update(main);
        let mut sources: Vec<(String, &Source)> = self
            .sources
            .values()
            .map(|source| (source.id().vpath().get_with_slash().to_owned(), source))
            .collect();
        sources.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, source) in sources {
            hasher.update(path);
            hasher.update((source.text().len() as u64).to_le_bytes());
            hasher.update(source.text());
        }
        hasher.update(typst::utils::hash128(self.fonts.book()).to_le_bytes());
        hasher
    }

    /// Sets the document to compile: its main template and its inputs, by
    /// virtual path (one of [`templates::INPUT_PATHS`]).
    /// `/fits.json` is `{}` unless given.
    pub fn set_document(&mut self, main: &str, inputs: Vec<(&str, Vec<u8>)>) {
        self.main = project_file(main);
        let no_fits = (templates::FITS_PATH, b"{}".to_vec());
        self.inputs = std::iter::once(no_fits)
            .chain(inputs)
            .map(|(path, bytes)| {
                assert!(
                    templates::INPUT_PATHS.contains(&path),
                    "{path} is not a declared input"
                );
                (project_file(path), Bytes::new(bytes))
            })
            .collect();
    }

    /// Replaces embedded templates by the files of the same name in `dir`
    /// (template work with `watch --templates`); the others stay embedded.
    /// Returns the templates that changed.
    pub fn load_templates_from(&mut self, dir: &Path) -> std::io::Result<Vec<&'static str>> {
        let mut changed = Vec::new();
        for (path, _) in templates::FILES {
            let file = dir.join(path.trim_start_matches('/'));
            if !file.exists() {
                continue;
            }
            let text = std::fs::read_to_string(&file)?;
            let source = self
                .sources
                .get_mut(&project_file(path))
                .expect("every template has a source");
            if source.text() != text {
                // Replacing keeps the parse incremental and comemo's cache warm.
                source.replace(&text);
                changed.push(*path);
            }
        }
        Ok(changed)
    }

    /// Compiles `text` as the main file (`/custom.typ`) instead of an
    /// embedded template: for a custom template, and for the tests that
    /// prove the sandbox. It sees the same closed world as the templates do
    /// (they can be imported, nothing else can be read).
    pub fn set_main_source(&mut self, text: &str) {
        let id = project_file("/custom.typ");
        self.sources.insert(id, Source::new(id, text.to_owned()));
        self.main = id;
    }

    /// A readable name for a file id, for diagnostics.
    pub fn name(&self, id: FileId) -> String {
        id.vpath().get_with_slash().to_owned()
    }

    fn refuse(&self, id: FileId) -> FileError {
        if let VirtualRoot::Package(spec) = id.root() {
            return FileError::Package(PackageError::Other(Some(
                format!("welfare-sheets loads no packages ({spec} is refused)").into(),
            )));
        }
        FileError::Other(Some(
            format!(
                "welfare-sheets serves only its embedded templates and the data ({} is refused)",
                id.vpath().get_with_slash()
            )
            .into(),
        ))
    }
}

impl World for SheetWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| self.refuse(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.inputs.get(&id) {
            return Ok(bytes.clone());
        }
        match self.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_owned())),
            None => Err(self.refuse(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// No template asks for today's date: documents carry the date the data
    /// gives, so that rebuilds are identical.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

impl typst_kit::diagnostics::DiagnosticWorld for SheetWorld {
    fn name(&self, id: FileId) -> String {
        SheetWorld::name(self, id)
    }
}
