//! The Typst `World` of welfare-sheets: it serves the embedded templates,
//! the data as `/data.json` and the fonts, and nothing else.

use std::collections::HashMap;
use std::path::Path;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use crate::{fonts, templates};

/// A closed world: templates and fonts compiled into the binary, plus the
/// data of the document being made.
pub struct SheetWorld {
    /// Typst's standard library; built once, the same for every compilation.
    library: LazyHash<Library>,
    /// Bundled fonts first, then fonts from `--font-path`, loaded on first use.
    fonts: FontStore,
    /// The parsed templates; parsed once, kept so comemo can reuse their layout.
    sources: HashMap<FileId, Source>,
    /// The id of `/data.json`.
    data_id: FileId,
    /// The data the templates read; replaced between documents or watch cycles.
    data: Bytes,
    /// The main file of the document being compiled.
    main: FileId,
    /// What `datetime.today()` returns: fixed so that builds are reproducible.
    today: Option<Datetime>,
}

fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("embedded template paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl SheetWorld {
    /// A world with the bundled fonts and those found in `font_dirs`.
    pub fn new(font_dirs: &[impl AsRef<Path>]) -> SheetWorld {
        let sources = templates::FILES
            .iter()
            .map(|(path, text)| {
                let id = project_file(path);
                (id, Source::new(id, (*text).to_owned()))
            })
            .collect();
        SheetWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts: fonts::store(font_dirs),
            sources,
            data_id: project_file(templates::DATA_PATH),
            data: Bytes::new(b"{}".to_vec()),
            main: project_file(templates::SHEETS_MAIN),
            today: None,
        }
    }

    /// Sets the document to compile: its main template and its data.
    pub fn set_document(&mut self, main: &str, data: Vec<u8>) {
        self.main = project_file(main);
        self.data = Bytes::new(data);
    }

    /// Fixes the date `datetime.today()` gives.
    pub fn set_today(&mut self, today: Option<Datetime>) {
        self.today = today;
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
                "welfare-sheets serves only its embedded templates and {} ({} is refused)",
                templates::DATA_PATH,
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
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        match self.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_owned())),
            None => Err(self.refuse(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

impl typst_kit::diagnostics::DiagnosticWorld for SheetWorld {
    fn name(&self, id: FileId) -> String {
        SheetWorld::name(self, id)
    }
}
