//! `verify`: that an archived PDF is still the one that was made.
//!
//! For each PDF (named, or found in a folder or an archive): it claims
//! PDF/A and carries its source; made again from that source by this
//! program, it comes out byte for byte the same (a PDF made by another
//! version says which, and is not remade); and it matches the checksum list
//! (`SHA256SUMS`) beside it, when there is one. Every file listed there must
//! be there too. Nothing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::data::load::load_dataset_from_str;
use crate::data::{Diagnostic, LoadError};
use crate::documents::archive::{CHECKSUMS, sha256_hex};
use crate::documents::attachment::{self, FILE_NAME};
use crate::documents::booklet::make_booklet;
use crate::documents::failure::Outcome;
use crate::documents::output;
use crate::documents::packet::{PacketRequest, goals_of, make_packet};
use crate::documents::pdf_read::{PdfReadError, read_pdf};
use crate::messages;
use crate::typeset::world::SheetWorld;

/// What one PDF turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Everything holds: PDF/A, its source, remade the same, the checksum.
    Holds,
    /// Made by another version of welfare-sheets (named): the other checks
    /// hold, remaking is not tried.
    OtherVersion(String),
    /// What is wrong with it, each in the clerk's words.
    Fails(Vec<String>),
}

/// One PDF and its verdict, or a file a checksum list names that is missing.
#[derive(Debug, Clone)]
pub struct Checked {
    pub path: PathBuf,
    pub verdict: Verdict,
}

/// One PDF to check and the folder it was found in the search of (`None`
/// for a PDF named itself). Checksum lists are looked for from the PDF's
/// folder up to that folder, or up to the top for a named PDF.
struct Found {
    path: PathBuf,
    root: Option<PathBuf>,
}

/// Every PDF under `paths` (files, or folders searched below), in order.
fn pdfs(paths: &[PathBuf]) -> Result<Vec<Found>, LoadError> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut pending = vec![path.clone()];
            while let Some(dir) = pending.pop() {
                for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let entry_path = entry.path();
                    if entry.file_type().is_ok_and(|t| t.is_dir()) {
                        pending.push(entry_path);
                    } else if entry_path
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
                    {
                        found.push(Found {
                            path: entry_path,
                            root: Some(path.clone()),
                        });
                    }
                }
            }
        } else if path.is_file() {
            found.push(Found {
                path: path.clone(),
                root: None,
            });
        } else {
            problems.push(
                Diagnostic::error(messages::verify_missing(&output::shown_path(path)))
                    .in_file(path),
            );
        }
    }
    if found.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::error(messages::verify_nothing_found()));
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    Ok(found)
}

/// The checksum lists in the folders from each PDF's up to its root, each
/// read into digest by the path it names.
fn checksum_lists(found: &[Found]) -> BTreeMap<PathBuf, BTreeMap<PathBuf, String>> {
    let mut lists = BTreeMap::new();
    for pdf in found {
        for folder in pdf.path.ancestors().skip(1) {
            let list = folder.join(CHECKSUMS);
            if !lists.contains_key(folder) && list.is_file() {
                let text = std::fs::read_to_string(&list).unwrap_or_default();
                lists.insert(folder.to_owned(), read_checksums(folder, &text));
            }
            if pdf.root.as_deref() == Some(folder) {
                break;
            }
        }
    }
    lists
}

/// A list as `sha256sum` writes it: digest, two spaces (or a space and `*`
/// for binary mode), the path relative to the list's folder.
fn read_checksums(folder: &Path, text: &str) -> BTreeMap<PathBuf, String> {
    text.lines()
        .filter_map(|line| {
            let (digest, name) = line.split_once("  ").or_else(|| line.split_once(" *"))?;
            Some((folder.join(name.trim()), digest.trim().to_ascii_lowercase()))
        })
        .collect()
}

/// This program's name and version, as a PDF it made names its creator.
fn this_version() -> String {
    format!("welfare-sheets {}", env!("CARGO_PKG_VERSION"))
}

/// Makes the document `source` says it made, from it; its PDF bytes.
fn remake(world: &mut SheetWorld, source: &str) -> Result<Vec<u8>, String> {
    let (name, year) =
        attachment::document_of(source).ok_or_else(|| messages::verify_no_document().to_owned())?;
    let dataset = load_dataset_from_str(FILE_NAME, source)
        .map_err(|err| messages::verify_source_unreadable(err.error_count()))?;
    let made = if name == "booklet" {
        make_booklet(world, &dataset, Some(year)).map(|b| b.pdf)
    } else {
        let goals = goals_of(&name).ok_or_else(|| messages::verify_no_document().to_owned())?;
        let request = PacketRequest {
            year: Some(year),
            goals,
            ..PacketRequest::default()
        };
        make_packet(world, &dataset, &request).map(|p| p.pdf)
    };
    made.map_err(|failure| messages::verify_remake_failed(&failure.to_string()))
}

/// The verdict on one PDF's bytes (`listed`: its digest in a checksum list).
fn check(world: &mut SheetWorld, bytes: &[u8], listed: Option<&String>) -> Verdict {
    let facts = match read_pdf(bytes) {
        Ok(facts) => facts,
        Err(PdfReadError::NotAPdf) => {
            return Verdict::Fails(vec![messages::verify_not_a_pdf().to_owned()]);
        }
        Err(PdfReadError::Damaged(_)) => {
            return Verdict::Fails(vec![messages::verify_damaged().to_owned()]);
        }
    };
    let mut wrong = Vec::new();
    if let Some(digest) = listed
        && *digest != sha256_hex(bytes)
    {
        wrong.push(messages::verify_checksum_differs().to_owned());
    }
    if !matches!(&facts.pdfa, Some((3, level)) if level == "A") {
        wrong.push(messages::verify_not_pdfa().to_owned());
    }
    let source = facts
        .attachments
        .iter()
        .find(|a| a.name == FILE_NAME && a.relationship.as_deref() == Some("Source"));
    let Some(source) = source else {
        wrong.push(messages::verify_no_source().to_owned());
        return Verdict::Fails(wrong);
    };
    let creator = facts.creator.unwrap_or_default();
    if !creator.starts_with("welfare-sheets ") {
        wrong.push(messages::verify_foreign(&creator));
        return Verdict::Fails(wrong);
    }
    if creator != this_version() {
        return if wrong.is_empty() {
            Verdict::OtherVersion(creator)
        } else {
            Verdict::Fails(wrong)
        };
    }
    let Ok(text) = std::str::from_utf8(&source.bytes) else {
        wrong.push(messages::verify_source_unreadable(1));
        return Verdict::Fails(wrong);
    };
    match remake(world, text) {
        Ok(made) if made == bytes => {}
        Ok(_) => wrong.push(messages::verify_remade_differs().to_owned()),
        Err(why) => wrong.push(why),
    }
    if wrong.is_empty() {
        Verdict::Holds
    } else {
        Verdict::Fails(wrong)
    }
}

/// Verifies every PDF under `paths`; `progress` hears each one checked.
pub fn verify(paths: &[PathBuf], progress: &mut dyn FnMut(&Path)) -> Outcome<Vec<Checked>> {
    let found = pdfs(paths)?;
    let lists = checksum_lists(&found);
    let listed: BTreeMap<&PathBuf, &String> =
        lists.values().flat_map(|entries| entries.iter()).collect();
    let mut world = SheetWorld::new(&[] as &[&Path]);
    let mut checked = Vec::new();
    for Found { path, .. } in &found {
        let verdict = match std::fs::read(path) {
            Ok(bytes) => check(&mut world, &bytes, listed.get(path).copied()),
            Err(err) => Verdict::Fails(vec![messages::file_unreadable(&err)]),
        };
        progress(path);
        checked.push(Checked {
            path: path.clone(),
            verdict,
        });
        // What the PDFs of one archive share stays cached for the next
        // (as when `build --archive` made them); what is older goes.
        typst::comemo::evict(10);
    }
    // Only a folder searched whole must hold everything its lists name.
    let searched: Vec<&Path> = found.iter().filter_map(|f| f.root.as_deref()).collect();
    for (path, _) in listed {
        if !path.exists() && searched.iter().any(|root| path.starts_with(root)) {
            checked.push(Checked {
                path: path.clone(),
                verdict: Verdict::Fails(vec![messages::verify_listed_missing().to_owned()]),
            });
        }
    }
    Ok(checked)
}
