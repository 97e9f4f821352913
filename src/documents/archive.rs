//! The yearly archive: one booklet per fiscal year that has results, and
//! optionally one PDF per goal per year.

use std::path::PathBuf;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::documents::booklet::make_booklet;
use crate::documents::failure::Outcome;
use crate::documents::packet::{PacketRequest, make_packet};
use crate::typeset::world::SheetWorld;

/// One document of the archive, before it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveDocument {
    /// The booklet of a fiscal year.
    Booklet(FiscalYear),
    /// One goal's sheet as reported in a fiscal year.
    Goal(FiscalYear, u32),
}

impl ArchiveDocument {
    /// Its path in the archive folder: `2019-R1-booklet.pdf`,
    /// `2019-R1/goal-05.pdf`.
    pub fn path(&self) -> PathBuf {
        match self {
            ArchiveDocument::Booklet(year) => booklet_name(*year).into(),
            ArchiveDocument::Goal(year, no) => {
                PathBuf::from(year.file_label()).join(format!("goal-{no:02}.pdf"))
            }
        }
    }
}

/// One file of the archive, made.
pub struct ArchiveFile {
    pub path: PathBuf,
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// File name of a year's booklet: `2019-R1-booklet.pdf`.
pub fn booklet_name(year: FiscalYear) -> String {
    format!("{}-booklet.pdf", year.file_label())
}

/// The documents of the archive, in the order they are made.
pub fn archive_plan(dataset: &Dataset, split: bool) -> Vec<ArchiveDocument> {
    let mut documents = Vec::new();
    for year in dataset.reported_years() {
        documents.push(ArchiveDocument::Booklet(year));
        if split {
            documents.extend(
                dataset
                    .goals
                    .iter()
                    .map(|goal| ArchiveDocument::Goal(year, goal.no)),
            );
        }
    }
    documents
}

/// The checksum list written beside the archive's files.
pub const CHECKSUMS: &str = "SHA256SUMS";

/// The SHA-256 of each file, as `sha256sum` writes them (and `sha256sum -c`
/// reads them): the digest in hex, two spaces, the path relative to the
/// list, with `/` between folders whatever the system.
pub fn checksums(files: &[(PathBuf, Vec<u8>)]) -> String {
    let mut sorted: Vec<&(PathBuf, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .into_iter()
        .map(|(path, bytes)| {
            let hex = sha256_hex(bytes);
            let path: Vec<String> = path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("{hex}  {}\n", path.join("/"))
        })
        .collect()
}

/// The SHA-256 of `bytes` in lower-case hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

/// Lays out and exports `documents` with one World, so that Typst's cache
/// serves what they share. Nothing is written here: the caller writes the
/// files only once all of them exist. `progress` hears each finished path.
pub fn make_archive(
    world: &mut SheetWorld,
    dataset: &Dataset,
    documents: &[ArchiveDocument],
    progress: &mut dyn FnMut(&str),
) -> Outcome<Vec<ArchiveFile>> {
    let mut files = Vec::with_capacity(documents.len());
    for document in documents {
        let (pdf, pages) = match document {
            ArchiveDocument::Booklet(year) => {
                let booklet = make_booklet(world, dataset, Some(*year))?;
                (booklet.pdf, booklet.rendered.document.pages().len())
            }
            ArchiveDocument::Goal(year, no) => {
                let request = PacketRequest {
                    year: Some(*year),
                    goals: vec![*no],
                    ..PacketRequest::default()
                };
                let packet = make_packet(world, dataset, &request)?;
                (packet.pdf, packet.rendered.document.pages().len())
            }
        };
        let path = document.path();
        progress(&path.display().to_string());
        files.push(ArchiveFile { path, pdf, pages });
    }
    Ok(files)
}
