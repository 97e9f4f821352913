//! Compiling a document with the embedded Typst engine, reading back how each
//! sheet was fitted, and exporting PDF and PNG.

use std::fmt;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst_kit::diagnostics::{DiagnosticFormat, emit, termcolor::NoColor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::messages;
use crate::typeset::fit::{self, SheetFit};
use crate::typeset::world::SheetWorld;
use crate::typeset::{join, memo, templates};

/// A laid-out document and what the layout reported.
pub struct Rendered {
    pub document: PagedDocument,
    pub fits: Vec<SheetFit>,
    /// Typst's warnings, formatted.
    pub warnings: Vec<String>,
}

/// Typst refused the document; the diagnostics say why.
#[derive(Debug, Clone)]
pub struct RenderError {
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&messages::layout_failed(&self.message))
    }
}

impl std::error::Error for RenderError {}

fn format_diagnostics(world: &SheetWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = NoColor::new(Vec::new());
    if emit(&mut out, world, diagnostics, DiagnosticFormat::Human).is_err() {
        return diagnostics
            .iter()
            .map(|d| d.message.to_string())
            .collect::<Vec<_>>()
            .join("\n");
    }
    String::from_utf8_lossy(&out.into_inner())
        .trim_end()
        .to_owned()
}

/// The sheets of a document, for the fit memo: each one's goal No. and
/// its layout input ([`crate::view::sheet::layout_inputs`]).
pub type SheetInputs = Vec<(u32, Vec<u8>)>;

/// Compiles the template `main` over `data` (the JSON it reads from
/// `/data.json`) and `source` (the dataset it attaches, `/dataset.yaml`).
/// The `sheets` known to the world's fit memo are laid out at the size
/// remembered; the others are fitted, and the memo learns them.
pub fn compile(
    world: &mut SheetWorld,
    main: &str,
    data: Vec<u8>,
    source: Vec<u8>,
    sheets: &[(u32, Vec<u8>)],
) -> Result<Rendered, RenderError> {
    let keys = if world.fit_memo().is_on() {
        memo::keys(&world.layout_fingerprint(main), sheets)
    } else {
        Vec::new()
    };
    let fitted = world.fit_memo().hints(&keys);
    world.set_document(
        main,
        vec![
            (templates::DATA_PATH, data),
            (templates::SOURCE_PATH, source),
            (templates::FITS_PATH, fitted),
        ],
    );
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&*world);
    let document = output.map_err(|errors| RenderError {
        message: format_diagnostics(world, &errors),
    })?;
    let warnings = warnings
        .iter()
        .map(|w| format_diagnostics(world, std::slice::from_ref(w)))
        .collect();
    let fits = fit::sheet_fits(&document);
    world.fit_memo().learn(&keys, &fits);
    world.fit_memo().save();
    Ok(Rendered {
        document,
        fits,
        warnings,
    })
}

/// Compiles `main` over each of `parts` (the JSON of consecutive parts of
/// one document, with their sheets) with the same `source`, and joins the
/// pages.
///
/// comemo keeps every layout of a compilation until it ends, megabytes a
/// sheet; emptying its cache between parts bounds the memory a large
/// document needs by the size of a part.
pub fn compile_in_parts(
    world: &mut SheetWorld,
    main: &str,
    parts: Vec<(Vec<u8>, SheetInputs)>,
    source: Vec<u8>,
) -> Result<Rendered, RenderError> {
    if parts.len() == 1 {
        let (data, sheets) = parts.into_iter().next().expect("one part");
        return compile(world, main, data, source, &sheets);
    }
    let mut joiner = join::Joiner::new();
    let mut warnings = Vec::new();
    for (data, sheets) in parts {
        let rendered = compile(world, main, data, source.clone(), &sheets)?;
        joiner.push(rendered.document);
        warnings.extend(rendered.warnings);
        typst::comemo::evict(0);
        return_freed_memory();
    }
    let document = joiner.finish();
    let fits = fit::sheet_fits(&document);
    Ok(Rendered {
        document,
        fits,
        warnings,
    })
}

/// Hands memory freed by the cache back to the system, so that the next
/// part reuses less fragmented memory and the peak stays lower.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: glibc's malloc_trim only releases free heap pages.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// PDF export options shared by every document we write.
pub struct ExportOptions {
    /// A stable name of the document (e.g. `welfare-sheets/booklet/2019`),
    /// hashed into the PDF's identifier so that rebuilds are identical.
    pub ident: String,
    /// The creation date: PDF/A needs one; it comes from the data or
    /// `SOURCE_DATE_EPOCH`, never from the clock.
    pub timestamp: Timestamp,
}

/// The standards every PDF we write claims and typst-pdf checks at export:
/// PDF/A-3a (archival, tagged, attachments allowed) with PDF/UA-1.
pub fn standards() -> PdfStandards {
    PdfStandards::new(&[PdfStandard::A_3a, PdfStandard::Ua_1])
        .expect("PDF/A-3a and PDF/UA-1 are compatible")
}

pub fn export_pdf(
    world: &SheetWorld,
    document: &PagedDocument,
    options: &ExportOptions,
) -> Result<Vec<u8>, RenderError> {
    let pdf_options = PdfOptions {
        ident: Smart::Custom(options.ident.clone()),
        creator: Smart::Custom(Some(format!(
            "welfare-sheets {}",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(options.timestamp),
        standards: standards(),
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &pdf_options).map_err(|errors| RenderError {
        message: format_diagnostics(world, &errors),
    })
}

/// One page as PNG at `dpi`.
pub fn export_png(document: &PagedDocument, page: usize, dpi: f32) -> Option<Vec<u8>> {
    let page = document.pages().get(page)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(dpi) / 72.0),
        ..Default::default()
    };
    typst_render::render(page, &options).encode_png().ok()
}

/// The text a page shows, in layout order (what a reader would extract).
pub fn page_text(page: &typst_layout::Page) -> String {
    fn walk(frame: &typst::layout::Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(group) => walk(&group.frame, out),
                typst::layout::FrameItem::Text(text) => out.push_str(&text.text),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(&page.frame, &mut out);
    out
}
