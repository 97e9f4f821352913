//! Reads back what a finished PDF says about itself: the tool that made it,
//! the PDF/A and PDF/UA parts it claims, and the files embedded in it.
//!
//! Every packet this program writes carries the YAML it was made from as an
//! embedded file (`dataset.yaml`, `/AFRelationship /Source`), so a PDF that
//! has been mailed around can be turned back into its data, and a PDF can be
//! checked without outside tools. This module is the reading half of that
//! promise. The input may be anything a user points us at (another program's
//! PDF, a truncated download, a file that is not a PDF at all), so every
//! failure is an error value and nothing here panics on bad input.
//!
//! The parsing is done by `hayro-syntax`, because typst already compiles it
//! for us, so reading costs no new dependency. It gives us the
//! cross-reference table (it also repairs broken ones), indirect objects,
//! name unescaping (`#2F` becomes `/`) and stream filters. XMP is read with
//! `roxmltree` for the same reason (typst already uses it). XMP properties are
//! looked up by namespace URI, not by prefix, because XMP lets a writer
//! choose any prefix.

use std::collections::HashSet;
use std::fmt;

use hayro_syntax::object::{Array, Dict, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::{LoadPdfError, Pdf};

/// What a PDF says about itself, as far as this program cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfFacts {
    /// The making tool: the Info dictionary's `/Creator`, or the XMP
    /// `xmp:CreatorTool` when there is no Info entry (PDF 2.0 drops the
    /// Info dictionary, so XMP may be the only record).
    pub creator: Option<String>,
    /// The Info dictionary's `/Producer`, or the XMP `pdf:Producer`.
    pub producer: Option<String>,
    /// The claimed PDF/A part and conformance level from the XMP
    /// `pdfaid:part` and `pdfaid:conformance`, such as `(3, "A")`. The level
    /// is empty when only the part is given, as PDF/A-4 allows.
    pub pdfa: Option<(u8, String)>,
    /// The claimed PDF/UA part from the XMP `pdfuaid:part`.
    pub pdfua: Option<u8>,
    /// Every embedded file reachable from the catalog: the
    /// `/Names /EmbeddedFiles` name tree first (in tree order), then the
    /// `/AF` array, without listing a file twice.
    pub attachments: Vec<Attachment>,
}

/// One embedded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name from the file specification's `/UF`, else `/F`, else the
    /// name tree key; empty when there is none of these.
    pub name: String,
    /// The `/AFRelationship` of the file specification, such as `Source`.
    pub relationship: Option<String>,
    /// The `/Subtype` of the embedded file stream, that is its MIME type,
    /// such as `application/yaml`.
    pub mime: Option<String>,
    /// The file contents, with the stream filters undone.
    pub bytes: Vec<u8>,
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfReadError {
    /// There is no `%PDF-` header near the start, so this is some other kind
    /// of file and there is nothing to repair.
    NotAPdf,
    /// It starts like a PDF but its structure could not be read; the text
    /// says what was unreadable.
    Damaged(String),
}

impl fmt::Display for PdfReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAPdf => f.write_str("not a PDF file (no %PDF- header)"),
            Self::Damaged(what) => write!(f, "damaged PDF file: {what}"),
        }
    }
}

impl std::error::Error for PdfReadError {}

/// Reads the creator, the PDF/A and PDF/UA claims and the embedded files of
/// the PDF in `bytes`.
///
/// A missing or unparsable XMP packet is not an error: such a file simply
/// claims no PDF/A or PDF/UA part. An embedded file that is listed but whose
/// stream cannot be read or decoded is an error, because a caller that wants
/// the data back must not mistake a broken file for an absent one.
///
/// The parsing runs on a thread of its own with a stack sized to the input.
/// hayro-syntax parses nested arrays and dictionaries recursively, about 80
/// bytes of stack per level, so a file of a few hundred kilobytes of `[`
/// would overflow an ordinary stack and abort the whole process, which no
/// error handling can catch. Every level takes at least one input byte, so
/// 128 bytes of stack per input byte always suffice (for inputs up to
/// 8 MiB; the stack is capped at 1 GiB); the memory is only reserved, and is
/// touched only if the nesting really is that deep. The thread also turns a
/// panic inside hayro-syntax, should one remain, into an error (the panic
/// message is still printed).
///
/// Streams are decoded whole, as hayro offers no size cap; deflate expands
/// at most about a thousandfold, which bounds the memory a hostile file can
/// make us use. Each embedded file is decoded once however often it is
/// listed.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfFacts, PdfReadError> {
    if !has_pdf_header(bytes) {
        return Err(PdfReadError::NotAPdf);
    }
    let stack = bytes
        .len()
        .saturating_mul(STACK_PER_INPUT_BYTE)
        .clamp(MIN_PARSER_STACK, MAX_PARSER_STACK);
    std::thread::scope(|scope| {
        let parser = std::thread::Builder::new()
            .name("pdf-read".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, || read_facts(bytes));
        match parser {
            Ok(parser) => parser.join().unwrap_or_else(|_| {
                Err(PdfReadError::Damaged(
                    "the PDF parser (hayro-syntax) panicked on it".to_owned(),
                ))
            }),
            // Out of threads or address space: reading on this thread's
            // stack still works for every ordinary file.
            Err(_) => read_facts(bytes),
        }
    })
}

/// Stack reserved per input byte for the parser thread: hayro-syntax needs
/// about 80 bytes per nesting level (measured, optimised build), and a level
/// needs at least one byte of input.
const STACK_PER_INPUT_BYTE: usize = 128;

/// The parser thread's stack for small inputs; Rust's default for threads.
const MIN_PARSER_STACK: usize = 2 << 20;

/// The largest stack reserved, enough for any nesting in files up to 8 MiB;
/// beyond that only absurd nesting (millions of levels) is unprotected.
const MAX_PARSER_STACK: usize = 1 << 30;

/// [`read_pdf`] after the header check, on the parser thread.
fn read_facts(bytes: &[u8]) -> Result<PdfFacts, PdfReadError> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|error| {
        PdfReadError::Damaged(match error {
            LoadPdfError::Decryption(why) => {
                format!("it is encrypted and cannot be opened ({why:?})")
            }
            LoadPdfError::Invalid => {
                "no readable cross-reference table, catalog or page tree".to_owned()
            }
        })
    })?;
    let xref = pdf.xref();
    let catalog = xref
        .get::<Dict<'_>>(xref.root_id())
        .ok_or_else(|| PdfReadError::Damaged("the document catalog is unreadable".to_owned()))?;

    let xmp = catalog
        .get::<Stream<'_>>(b"Metadata")
        .and_then(|stream| stream.decoded().ok())
        .map(|packet| Xmp::parse(&packet))
        .unwrap_or_default();
    let info = pdf.metadata();
    let info_text = |raw: &Option<Vec<u8>>| {
        raw.as_deref()
            .map(decode_text_string)
            .filter(|text| !text.is_empty())
    };

    Ok(PdfFacts {
        creator: info_text(&info.creator).or(xmp.creator_tool),
        producer: info_text(&info.producer).or(xmp.producer),
        pdfa: xmp
            .pdfa_part
            .map(|part| (part, xmp.pdfa_conformance.unwrap_or_default())),
        pdfua: xmp.pdfua_part,
        attachments: attachments(&catalog)?,
    })
}

/// Whether `%PDF-` occurs in the first 1024 bytes, where readers accept it
/// (some writers put junk before it). Without this check hayro's repair
/// mode would happily "recover" objects from arbitrary files.
fn has_pdf_header(bytes: &[u8]) -> bool {
    bytes
        .get(..1024)
        .unwrap_or(bytes)
        .windows(5)
        .any(|window| window == b"%PDF-")
}

/// The XMP properties we report, each `None` when absent.
#[derive(Default)]
struct Xmp {
    creator_tool: Option<String>,
    producer: Option<String>,
    pdfa_part: Option<u8>,
    pdfa_conformance: Option<String>,
    pdfua_part: Option<u8>,
}

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XMP_BASIC: &str = "http://ns.adobe.com/xap/1.0/";
const ADOBE_PDF: &str = "http://ns.adobe.com/pdf/1.3/";
const PDFA_ID: &str = "http://www.aiim.org/pdfa/ns/id/";
const PDFUA_ID: &str = "http://www.aiim.org/pdfua/ns/id/";

impl Xmp {
    /// Reads the properties out of an XMP packet; a packet that is not UTF-8
    /// or not well-formed XML yields no properties. roxmltree refuses DTDs by
    /// default, which shuts out entity-expansion bombs.
    fn parse(packet: &[u8]) -> Self {
        let Ok(text) = std::str::from_utf8(packet) else {
            return Self::default();
        };
        let Ok(doc) = roxmltree::Document::parse(text) else {
            return Self::default();
        };
        let number = |ns, local| xmp_property(&doc, ns, local).and_then(|v| v.parse().ok());
        Self {
            creator_tool: xmp_property(&doc, XMP_BASIC, "CreatorTool"),
            producer: xmp_property(&doc, ADOBE_PDF, "Producer"),
            pdfa_part: number(PDFA_ID, "part"),
            pdfa_conformance: xmp_property(&doc, PDFA_ID, "conformance"),
            pdfua_part: number(PDFUA_ID, "part"),
        }
    }
}

/// Finds a simple XMP property in any `rdf:Description`, written either as a
/// child element or in the attribute shorthand RDF allows, trimmed.
fn xmp_property(doc: &roxmltree::Document<'_>, ns: &str, local: &str) -> Option<String> {
    doc.descendants()
        .filter(|node| node.has_tag_name((RDF, "Description")))
        .find_map(|description| {
            description.attribute((ns, local)).or_else(|| {
                description
                    .children()
                    .find(|child| child.has_tag_name((ns, local)))
                    .and_then(|child| child.text())
            })
        })
        .map(|value| value.trim().to_owned())
}

/// Collects the embedded files from the name tree and then from `/AF`.
///
/// PDF/A-3 requires a file to appear in both places, and they normally
/// point at the same file specification, so a file is reported once: files
/// are keyed on their embedded file stream, which is always an indirect
/// object and therefore has a stable identity.
fn attachments(catalog: &Dict<'_>) -> Result<Vec<Attachment>, PdfReadError> {
    let mut specs = name_tree_file_specs(catalog);
    if let Some(af) = catalog.get::<Array<'_>>(b"AF") {
        specs.extend(dicts(&af).map(|spec| (None, spec)));
    }
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for (key, spec) in specs {
        if let Some(attachment) = embedded_file(&spec, key, &mut seen)? {
            found.push(attachment);
        }
    }
    Ok(found)
}

/// Walks the `/Names /EmbeddedFiles` name tree and returns each leaf's key
/// (decoded) with its file specification, in tree order.
///
/// The walk keeps its own stack, so a deep tree cannot overflow the call
/// stack. hayro will not resolve an object while resolving that same object,
/// so cycles end by themselves; but subtrees shared by several parents could
/// multiply the work exponentially, so a node reached through a reference
/// is walked only once. hayro resolves references while iterating and does
/// not say whether a kid was one, so a node is known by its object number
/// (`Dict::obj_id`); a kid written directly inside its parent (the
/// specification forbids it, but it parses) reports its parent's number,
/// and is recognised instead by its bytes lying inside the parent's. Such a
/// kid is always walked: it is part of its parent, walked once already.
fn name_tree_file_specs<'a>(catalog: &Dict<'a>) -> Vec<(Option<String>, Dict<'a>)> {
    let Some(root) = catalog
        .get::<Dict<'_>>(b"Names")
        .and_then(|names| names.get::<Dict<'_>>(b"EmbeddedFiles"))
    else {
        return Vec::new();
    };
    let mut walked: HashSet<ObjectIdentifier> = root.obj_id().into_iter().collect();
    let mut pending = vec![root];
    let mut specs = Vec::new();
    while let Some(node) = pending.pop() {
        if let Some(names) = node.get::<Array<'_>>(b"Names") {
            let mut items = names.iter::<Object<'_>>();
            while let (Some(key), Some(value)) = (items.next(), items.next()) {
                if let Some(spec) = value.into_dict() {
                    let key = key.into_string().map(|key| decode_text_string(&key));
                    specs.push((key, spec));
                }
            }
        }
        if let Some(kids) = node.get::<Array<'_>>(b"Kids") {
            let kids: Vec<_> = dicts(&kids)
                .filter(|kid| {
                    lies_inside(kid, &node) || kid.obj_id().is_some_and(|id| walked.insert(id))
                })
                .collect();
            // The stack pops from the end, so push in reverse to visit the
            // kids left to right and keep the tree's (sorted) order.
            pending.extend(kids.into_iter().rev());
        }
    }
    specs
}

/// The dictionaries in `array`, references resolved, other items skipped.
///
/// A reference to a missing object or an unreadable item ends the array,
/// because hayro's checked iterator cannot step past one. (`raw_iter`
/// could, but it unwraps, and panics on items its own validation let
/// through, which damaged files do produce.)
fn dicts<'a>(array: &Array<'a>) -> impl Iterator<Item = Dict<'a>> {
    array.iter::<Object<'_>>().filter_map(Object::into_dict)
}

/// Whether `inner`'s bytes lie strictly inside `outer`'s, which means it was
/// written directly in `outer` rather than fetched through a reference.
fn lies_inside(inner: &Dict<'_>, outer: &Dict<'_>) -> bool {
    let inner = inner.data().as_ptr_range();
    let outer = outer.data().as_ptr_range();
    outer.start <= inner.start && inner.end <= outer.end && inner != outer
}

/// The file specification keys for a file, preferred first: `/UF` is the
/// Unicode name (PDF 1.7), `/F` the older byte-string one. The `/EF`
/// dictionary uses the same keys for the stream.
const FILE_KEYS: [&[u8]; 2] = [b"UF", b"F"];

/// Turns a file specification into an attachment.
///
/// Returns `None` for a specification without `/EF` (it names an external
/// file, nothing is embedded) and for a file already in `seen`.
fn embedded_file(
    spec: &Dict<'_>,
    key: Option<String>,
    seen: &mut HashSet<ObjectIdentifier>,
) -> Result<Option<Attachment>, PdfReadError> {
    let Some(ef) = spec.get::<Dict<'_>>(b"EF") else {
        return Ok(None);
    };
    let name = FILE_KEYS
        .into_iter()
        .find_map(|k| spec.get::<hayro_syntax::object::String<'_>>(k))
        .map(|name| decode_text_string(&name))
        .or(key)
        .unwrap_or_default();
    let stream = FILE_KEYS
        .into_iter()
        .find_map(|k| ef.get::<Stream<'_>>(k))
        .ok_or_else(|| {
            PdfReadError::Damaged(format!(
                "the stream of embedded file {name:?} is unreadable"
            ))
        })?;
    if !seen.insert(stream.obj_id()) {
        return Ok(None);
    }
    let bytes = stream.decoded().map_err(|why| {
        PdfReadError::Damaged(format!(
            "embedded file {name:?} cannot be decoded ({why:?})"
        ))
    })?;
    Ok(Some(Attachment {
        relationship: spec
            .get::<Name<'_>>(b"AFRelationship")
            .map(|n| name_text(&n)),
        mime: stream
            .dict()
            .get::<Name<'_>>(b"Subtype")
            .map(|n| name_text(&n)),
        bytes: bytes.into_owned(),
        name,
    }))
}

/// A PDF name as text. hayro has already undone `#xx` escapes, so
/// `/application#2Fyaml` arrives as `application/yaml`; names are UTF-8 by
/// convention, and anything else is shown with replacement characters.
fn name_text(name: &Name<'_>) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// Decodes a PDF text string (ISO 32000-2, 7.9.2.2): UTF-16BE after a
/// `FE FF` byte order mark, UTF-8 after `EF BB BF` (PDF 2.0), otherwise
/// PDFDocEncoding.
///
/// In the Unicode forms, text between two U+001B characters is a language
/// tag rather than content, so it is dropped. Invalid sequences become
/// U+FFFD so that a bad name still reads as something.
fn decode_text_string(raw: &[u8]) -> String {
    let unicode = if let Some(utf16) = raw.strip_prefix(b"\xFE\xFF") {
        let units = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Some(utf8) = raw.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        return raw.iter().map(|&byte| pdf_doc_char(byte)).collect();
    };
    let mut in_language_tag = false;
    unicode
        .chars()
        .filter(|&c| {
            if c == '\u{1B}' {
                in_language_tag = !in_language_tag;
                return false;
            }
            !in_language_tag
        })
        .collect()
}

/// One PDFDocEncoding byte as a character (ISO 32000-2, Table D.2, with the
/// 0x8A errata). It equals Latin-1 except in 0x18–0x1F and 0x80–0xA0; the
/// three undefined codes become U+FFFD.
fn pdf_doc_char(byte: u8) -> char {
    match byte {
        0x18 => '\u{02D8}',
        0x19 => '\u{02C7}',
        0x1A => '\u{02C6}',
        0x1B => '\u{02D9}',
        0x1C => '\u{02DD}',
        0x1D => '\u{02DB}',
        0x1E => '\u{02DA}',
        0x1F => '\u{02DC}',
        0x80 => '\u{2022}',
        0x81 => '\u{2020}',
        0x82 => '\u{2021}',
        0x83 => '\u{2026}',
        0x84 => '\u{2014}',
        0x85 => '\u{2013}',
        0x86 => '\u{0192}',
        0x87 => '\u{2044}',
        0x88 => '\u{2039}',
        0x89 => '\u{203A}',
        0x8A => '\u{2212}',
        0x8B => '\u{2030}',
        0x8C => '\u{201E}',
        0x8D => '\u{201C}',
        0x8E => '\u{201D}',
        0x8F => '\u{2018}',
        0x90 => '\u{2019}',
        0x91 => '\u{201A}',
        0x92 => '\u{2122}',
        0x93 => '\u{FB01}',
        0x94 => '\u{FB02}',
        0x95 => '\u{0141}',
        0x96 => '\u{0152}',
        0x97 => '\u{0160}',
        0x98 => '\u{0178}',
        0x99 => '\u{017D}',
        0x9A => '\u{0131}',
        0x9B => '\u{0142}',
        0x9C => '\u{0153}',
        0x9D => '\u{0161}',
        0x9E => '\u{017E}',
        0xA0 => '\u{20AC}',
        0x7F | 0x9F | 0xAD => char::REPLACEMENT_CHARACTER,
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic xorshift generator: reproducible "random" damage
    /// without a dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, bound: usize) -> usize {
            usize::try_from(self.next() % bound as u64).expect("below a usize bound")
        }

        fn bytes(&mut self, len: usize) -> Vec<u8> {
            (0..len).map(|_| self.next().to_le_bytes()[0]).collect()
        }
    }

    /// Writes a PDF from object bodies (the first is object 1) with a correct
    /// cross-reference table, so a test states exactly the structure it needs.
    fn build_pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n%\x80\x80\x80\x80\n".to_vec();
        let mut offsets = Vec::new();
        for (index, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n", index + 1).as_bytes());
            pdf.extend(body);
            pdf.extend(b"\nendobj\n");
        }
        let size = objects.len() + 1;
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for offset in offsets {
            pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend(
            format!("trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend(data);
        body.extend(b"\nendstream");
        body
    }

    /// A zlib stream of one stored (uncompressed) deflate block: genuine
    /// `/FlateDecode` data without a compressor.
    fn zlib_stored(data: &[u8]) -> Vec<u8> {
        let len = u16::try_from(data.len()).expect("one stored block holds 64 KiB");
        let mut out = vec![0x78, 0x01, 0x01];
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(data);
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in data {
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }
        out.extend(((b << 16) | a).to_be_bytes());
        out
    }

    /// A PDF text string in UTF-16BE with byte order mark, as hex.
    fn utf16_hex(text: &str) -> String {
        let mut hex = "<FEFF".to_owned();
        for unit in text.encode_utf16() {
            hex.push_str(&format!("{unit:04X}"));
        }
        hex + ">"
    }

    const CATALOG: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";
    const PAGES: &[u8] = b"<< /Type /Pages /Kids [] /Count 0 >>";

    /// A PDF exercising the awkward parts: a name tree with `/Kids`, a cycle
    /// and a dangling reference, a non-dictionary value, a file both in the
    /// tree and in `/AF`, one only in `/AF`, three filters, three kinds of
    /// name, and XMP with unusual prefixes and the attribute shorthand.
    fn awkward_pdf() -> Vec<u8> {
        let xmp = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:id="http://www.aiim.org/pdfa/ns/id/" id:part="2" id:conformance="B"/>
<rdf:Description rdf:about="" xmlns:t="http://ns.adobe.com/xap/1.0/" xmlns:p="http://ns.adobe.com/pdf/1.3/">
<t:CreatorTool> Tool &amp; Co </t:CreatorTool><p:Producer>prod</p:Producer></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        build_pdf(
            &[
                b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> \
                  /AF [5 0 R 9 0 R] /Metadata 11 0 R >>"
                    .to_vec(),
                PAGES.to_vec(),
                // A direct kid (forbidden, but it parses) that refers back
                // up, a cycle to itself, and a dangling reference.
                b"<< /Kids [4 0 R << /Names [(d-key) 12 0 R] /Kids [3 0 R] >> 3 0 R 99 0 R] >>"
                    .to_vec(),
                b"<< /Limits [(a) (z)] /Names [(a-key) 5 0 R (b-key) 7 0 R (c-key) 42] >>".to_vec(),
                format!(
                    "<< /Type /Filespec /F (data.yaml) /UF {} /AFRelationship /Source \
                     /EF << /F 6 0 R /UF 6 0 R >> >>",
                    utf16_hex("資料 \u{1F600}.yaml")
                )
                .into_bytes(),
                stream(
                    "/Type /EmbeddedFile /Subtype /application#2Fyaml /Filter /FlateDecode",
                    &zlib_stored(b"# test\nplan: x\n"),
                ),
                b"<< /Type /Filespec /EF << /F 8 0 R >> >>".to_vec(),
                stream("/Type /EmbeddedFile", b"plain"),
                b"<< /Type /Filespec /F (caf\\351 \\200.txt) /AFRelationship /Data \
                  /EF << /F 10 0 R >> >>"
                    .to_vec(),
                stream(
                    "/Type /EmbeddedFile /Subtype /text#2Fplain /Filter /ASCIIHexDecode",
                    b"68 69 0A>",
                ),
                stream("/Type /Metadata /Subtype /XML", xmp.as_bytes()),
                b"<< /Type /Filespec /UF (d.txt) /EF << /UF 13 0 R >> >>".to_vec(),
                stream("/Type /EmbeddedFile", b"d"),
            ],
            "/Root 1 0 R",
        )
    }

    #[test]
    fn a_bare_pdf_has_no_facts() {
        let pdf = build_pdf(&[CATALOG.to_vec(), PAGES.to_vec()], "/Root 1 0 R");
        let facts = read_pdf(&pdf).expect("readable");
        assert_eq!(
            facts,
            PdfFacts {
                creator: None,
                producer: None,
                pdfa: None,
                pdfua: None,
                attachments: Vec::new(),
            }
        );
    }

    #[test]
    fn info_dictionary_wins_over_xmp_and_is_decoded() {
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmp:CreatorTool="from xmp"><pdfuaid:part>2</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let info = format!(
            "<< /Creator {} /Producer (\\223nal \\2102) >>",
            utf16_hex("\u{1B}ja\u{1B}防府 welfare-sheets")
        );
        let pdf = build_pdf(
            &[
                b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>".to_vec(),
                PAGES.to_vec(),
                info.into_bytes(),
                stream("/Type /Metadata /Subtype /XML", xmp.as_bytes()),
            ],
            "/Root 1 0 R /Info 3 0 R",
        );
        let facts = read_pdf(&pdf).expect("readable");
        assert_eq!(facts.creator.as_deref(), Some("防府 welfare-sheets"));
        assert_eq!(facts.producer.as_deref(), Some("\u{FB01}nal \u{2039}2"));
        assert_eq!(facts.pdfua, Some(2));
        assert_eq!(facts.pdfa, None);
    }

    #[test]
    fn awkward_structure_is_read_in_order_without_duplicates() {
        let facts = read_pdf(&awkward_pdf()).expect("readable");
        assert_eq!(facts.creator.as_deref(), Some("Tool & Co"));
        assert_eq!(facts.producer.as_deref(), Some("prod"));
        assert_eq!(facts.pdfa, Some((2, "B".to_owned())));
        assert_eq!(facts.pdfua, None);
        let expected = [
            (
                "資料 \u{1F600}.yaml",
                Some("Source"),
                Some("application/yaml"),
                &b"# test\nplan: x\n"[..],
            ),
            ("b-key", None, None, b"plain"),
            ("d.txt", None, None, b"d"),
            ("café •.txt", Some("Data"), Some("text/plain"), b"hi\n"),
        ];
        assert_eq!(facts.attachments.len(), expected.len());
        for (got, (name, relationship, mime, bytes)) in facts.attachments.iter().zip(expected) {
            assert_eq!(got.name, name);
            assert_eq!(got.relationship.as_deref(), relationship, "{name}");
            assert_eq!(got.mime.as_deref(), mime, "{name}");
            assert_eq!(got.bytes, bytes, "{name}");
        }
    }

    #[test]
    fn an_unreadable_embedded_file_is_an_error_not_an_absence() {
        let broken_streams: [&[u8]; 2] = [b"<< /F 99 0 R >>", b"<< /F 4 0 R >>"];
        for ef in broken_streams {
            let mut spec = b"<< /Type /Filespec /F (x.bin) /EF ".to_vec();
            spec.extend(ef);
            spec.extend(b" >>");
            let pdf = build_pdf(
                &[
                    b"<< /Type /Catalog /Pages 2 0 R /AF [3 0 R] >>".to_vec(),
                    PAGES.to_vec(),
                    spec,
                    stream("/Type /EmbeddedFile /Filter /ASCII85Decode", b"\xff\xfe~>"),
                ],
                "/Root 1 0 R",
            );
            assert!(
                matches!(read_pdf(&pdf), Err(PdfReadError::Damaged(_))),
                "{}",
                String::from_utf8_lossy(ef)
            );
        }
    }

    #[test]
    fn a_file_specification_without_ef_embeds_nothing() {
        let pdf = build_pdf(
            &[
                b"<< /Type /Catalog /Pages 2 0 R /AF [3 0 R] >>".to_vec(),
                PAGES.to_vec(),
                b"<< /Type /Filespec /F (elsewhere.pdf) >>".to_vec(),
            ],
            "/Root 1 0 R",
        );
        assert_eq!(read_pdf(&pdf).expect("readable").attachments, []);
    }

    #[test]
    fn other_files_are_not_pdfs() {
        let mut rng = Rng(0x5EED);
        for bytes in [Vec::new(), b"hello".to_vec(), rng.bytes(4096)] {
            assert_eq!(read_pdf(&bytes), Err(PdfReadError::NotAPdf));
        }
        let mut header_only = b"%PDF-1.7\n".to_vec();
        assert!(matches!(
            read_pdf(&header_only),
            Err(PdfReadError::Damaged(_))
        ));
        header_only.extend(rng.bytes(4096));
        assert!(matches!(
            read_pdf(&header_only),
            Err(PdfReadError::Damaged(_))
        ));
    }

    #[test]
    fn text_strings_decode_in_all_three_encodings() {
        assert_eq!(
            decode_text_string(b"\xFE\xFF\x00A\xD8\x3D\xDE\x00"),
            "A\u{1F600}"
        );
        // A lone surrogate and an odd trailing byte do not stop decoding.
        assert_eq!(
            decode_text_string(b"\xFE\xFF\xD8\x00\x00B\x00"),
            "\u{FFFD}B"
        );
        assert_eq!(
            decode_text_string(b"\xEF\xBB\xBF\x1Ben\x1Bok \xE2\x80\xA2"),
            "ok \u{2022}"
        );
        assert_eq!(
            decode_text_string(b"\x18\x80\x8A\xA0\xAD\xE9"),
            "\u{02D8}\u{2022}\u{2212}\u{20AC}\u{FFFD}é"
        );
        assert_eq!(decode_text_string(b""), "");
    }

    #[test]
    fn shared_subtrees_are_walked_once() {
        // Each level's two kids are the same node: 2^60 paths to the leaf.
        const LEVELS: usize = 60;
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>".to_vec(),
            PAGES.to_vec(),
        ];
        for level in 0..LEVELS {
            let kid = level + 4;
            objects.push(format!("<< /Kids [{kid} 0 R {kid} 0 R] >>").into_bytes());
        }
        let (spec, file) = (LEVELS + 4, LEVELS + 5);
        objects.push(format!("<< /Names [(leaf) {spec} 0 R] >>").into_bytes());
        objects.push(format!("<< /UF (leaf.txt) /EF << /F {file} 0 R >> >>").into_bytes());
        objects.push(stream("/Type /EmbeddedFile", b"leaf"));
        let facts = read_pdf(&build_pdf(&objects, "/Root 1 0 R")).expect("readable");
        assert_eq!(facts.attachments.len(), 1);
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        // Far deeper than the 2 MiB test thread's stack could parse.
        const DEPTH: usize = 300_000;
        let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
        let dicts = format!("{}1{}", "<</A ".repeat(DEPTH), ">>".repeat(DEPTH));
        for nested in [arrays, dicts] {
            let catalog = format!(
                "<< /Type /Catalog /Pages 2 0 R /AF {nested} \
                 /Names << /EmbeddedFiles << /Names {nested} /Kids {nested} >> >> >>"
            );
            let pdf = build_pdf(&[catalog.into_bytes(), PAGES.to_vec()], "/Root 1 0 R");
            assert_eq!(
                read_pdf(&pdf).map(|facts| facts.attachments),
                Ok(Vec::new())
            );
        }
    }

    /// Reads every damaged variant and counts the ones still readable. Not
    /// panicking is the point; which variants stay readable is up to the
    /// damage and to hayro's repair.
    fn survive_all(variants: impl Iterator<Item = Vec<u8>>) -> usize {
        variants
            .map(|bytes| read_pdf(&bytes))
            .filter(Result::is_ok)
            .count()
    }

    /// Replaces a few bytes at random places, sometimes with PDF syntax
    /// characters so that the parser, not just the header check, is hit.
    fn mutate(original: &[u8], rng: &mut Rng) -> Vec<u8> {
        const SYNTAX: &[u8] = b"<>[]()/%R 0123456789obj\n\\#";
        let mut bytes = original.to_vec();
        for _ in 0..=rng.below(8) {
            let at = rng.below(bytes.len());
            bytes[at] = if rng.next().is_multiple_of(2) {
                SYNTAX[rng.below(SYNTAX.len())]
            } else {
                rng.bytes(1)[0]
            };
        }
        bytes
    }

    #[test]
    fn hand_built_pdf_survives_truncation_and_corruption() {
        let pdf = awkward_pdf();
        let whole = read_pdf(&pdf).expect("the undamaged file reads");
        assert_eq!(whole.attachments.len(), 4);
        survive_all((0..pdf.len()).map(|len| pdf[..len].to_vec()));
        let mut rng = Rng(0xC0FFEE);
        let readable = survive_all((0..5000).map(|_| mutate(&pdf, &mut rng)));
        // Some damage must get past the header check into the parser.
        assert!(readable > 0);
    }
}
