//! The fit memo: how each sheet was fitted, remembered from run to run.
//!
//! Fitting a sheet (the template's search for the largest body size at
//! which it fits its page) lays its body out two to four times; most sheets
//! of a packet are the same from one run to the next. The memo records, for
//! each sheet, the size the fitting chose and whether it continued overleaf,
//! under a key that hashes everything that decides it: the program's and
//! Typst's versions, the templates, the fonts, the document's main template
//! and the sheet's own view (with the frame and the plan's year strip). A
//! sheet whose key is known is laid out once, at that size; the template
//! reads these as `/fits.json` and falls back to fitting for a size it does
//! not have. The pages are the same either way (a test compares the bytes).
//!
//! The memo is one file, `fits-v1.json`, in the program's cache folder
//! ([`Cache`]). A run reads it once; after each document that taught it
//! something, it reads the file again, adds what it learnt to what another
//! run may have written meanwhile, and replaces the file at once (a
//! temporary file renamed over it), so two runs at the same time never
//! leave half a file. A file that cannot be read, is not JSON or is not a
//! memo is ignored with a note, and replaced by the next save. A cache
//! folder that cannot be written costs only the speed-up.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::data::Diagnostic;
use crate::messages;
use crate::typeset::fit::SheetFit;

/// The environment variable naming the cache folder, over the platform's.
pub const CACHE_ENV: &str = "WELFARE_SHEETS_CACHE";

/// The memo's file in the cache folder; its name changes with its format.
pub const MEMO_FILE: &str = "fits-v1.json";

/// What the file says it is.
const FORMAT: &str = "welfare-sheets fit memo 1";

/// The sheets remembered at most: a 1,000-goal plan's sheets in four years,
/// in the packet and in the booklet, twice over.
const CAPACITY: usize = 16_000;

/// Where a run keeps its fit memo.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cache {
    /// `WELFARE_SHEETS_CACHE`, else the platform's cache folder
    /// (`%LOCALAPPDATA%\welfare-sheets` on Windows, `~/.cache/welfare-sheets`
    /// on Linux, `~/Library/Caches/welfare-sheets` on macOS).
    #[default]
    Default,
    /// In this folder.
    At(PathBuf),
    /// Nowhere: every sheet is fitted (`--no-cache`).
    Off,
}

impl Cache {
    /// The folder, or `None` when the run keeps no memo.
    pub fn dir(&self) -> Option<PathBuf> {
        match self {
            Cache::Off => None,
            Cache::At(dir) => Some(dir.clone()),
            Cache::Default => std::env::var_os(CACHE_ENV)
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from)
                .or_else(|| dirs::cache_dir().map(|dir| dir.join("welfare-sheets"))),
        }
    }
}

/// A sheet's key: the SHA-256 of everything that decides its fitting, in
/// hex, as the file holds it.
pub type Key = String;

/// The fitting of one sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fitted {
    /// The body size, in points (one of the template's `body-sizes`).
    size: f64,
    follow_on: bool,
    /// Pages it took.
    pages: usize,
}

/// One line of the file.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    size: f64,
    #[serde(rename = "follow-on")]
    follow_on: bool,
    pages: usize,
}

#[derive(Serialize, Deserialize)]
struct MemoFile {
    format: String,
    /// The most recently used first.
    fits: Vec<Entry>,
}

/// What a sheet's entry in `/fits.json` tells the template.
#[derive(Serialize)]
struct Hint {
    size: f64,
    #[serde(rename = "follow-on")]
    follow_on: bool,
}

/// The memo of a run (or of a `watch` session).
#[derive(Debug, Default)]
pub struct FitMemo {
    /// The file, when the run keeps a memo.
    file: Option<PathBuf>,
    known: HashMap<Key, Fitted>,
    /// The keys this run used or learnt, in that order: they go first in
    /// the file, so that the least recently used leave it first.
    used: Vec<Key>,
    used_set: HashSet<Key>,
    /// Whether the run learnt something the file does not have.
    unsaved: bool,
}

/// Why a memo file was not used.
enum Unusable {
    Missing,
    Unreadable(std::io::Error),
    Corrupt,
    Foreign,
}

fn read_file(path: &Path) -> Result<Vec<(Key, Fitted)>, Unusable> {
    let bytes = std::fs::read(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => Unusable::Missing,
        _ => Unusable::Unreadable(err),
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| Unusable::Corrupt)?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Unusable::Foreign);
    }
    let file: MemoFile = serde_json::from_value(value).map_err(|_| Unusable::Corrupt)?;
    Ok(file
        .fits
        .into_iter()
        .map(|entry| {
            let fitted = Fitted {
                size: entry.size,
                follow_on: entry.follow_on,
                pages: entry.pages,
            };
            (entry.key, fitted)
        })
        .collect())
}

impl FitMemo {
    /// A memo that remembers nothing and writes nothing.
    pub fn off() -> FitMemo {
        FitMemo::default()
    }

    /// Opens the memo `cache` names. A file that is there but cannot be
    /// used gives a note; the memo then starts empty.
    pub fn open(cache: &Cache) -> (FitMemo, Option<Diagnostic>) {
        let Some(dir) = cache.dir() else {
            return (FitMemo::off(), None);
        };
        let file = dir.join(MEMO_FILE);
        let mut memo = FitMemo {
            file: Some(file.clone()),
            ..FitMemo::default()
        };
        let note = match read_file(&file) {
            Ok(entries) => {
                memo.known.extend(entries);
                None
            }
            Err(Unusable::Missing) => None,
            Err(Unusable::Unreadable(err)) => Some(messages::memo_unreadable(&file, &err)),
            Err(Unusable::Corrupt) => Some(messages::memo_corrupt(&file)),
            Err(Unusable::Foreign) => Some(messages::memo_foreign(&file)),
        };
        (memo, note.map(Diagnostic::note))
    }

    /// Whether the run keeps a memo.
    pub fn is_on(&self) -> bool {
        self.file.is_some()
    }

    /// `/fits.json` for sheets with these keys: the remembered fitting of
    /// each one known, by goal No.
    pub fn hints(&mut self, keys: &[(u32, Key)]) -> Vec<u8> {
        let mut hints = BTreeMap::new();
        for (no, key) in keys {
            if let Some(fitted) = self.known.get(key) {
                hints.insert(
                    no.to_string(),
                    Hint {
                        size: fitted.size,
                        follow_on: fitted.follow_on,
                    },
                );
                self.touch(key);
            }
        }
        serde_json::to_vec(&hints).expect("hints serialise")
    }

    fn touch(&mut self, key: &Key) {
        if self.used_set.insert(key.clone()) {
            self.used.push(key.clone());
        }
    }

    /// Records how the sheets with these keys were fitted.
    /// Without a memo there are no keys, and nothing to learn.
    pub fn learn(&mut self, keys: &[(u32, Key)], fits: &[SheetFit]) {
        for (no, key) in keys {
            let Some(fit) = fits.iter().find(|fit| fit.no == *no) else {
                continue;
            };
            let fitted = Fitted {
                size: fit.size,
                follow_on: fit.follow_on,
                pages: fit.pages,
            };
            if self.known.insert(key.clone(), fitted) != Some(fitted) {
                self.unsaved = true;
            }
            self.touch(key);
        }
    }

    /// Writes what the run learnt, merged with the file as it is now. Does
    /// nothing when there is nothing new; a folder that cannot be written
    /// leaves the memo unsaved (the next run fits again).
    pub fn save(&mut self) {
        let Some(file) = self.file.clone() else {
            return;
        };
        if !self.unsaved {
            return;
        }
        // Another run may have saved since this one read the file.
        let on_disk = read_file(&file).unwrap_or_default();
        let mut written = HashSet::new();
        let mut fits = Vec::new();
        let mut add = |key: &Key, fitted: &Fitted| {
            if fits.len() < CAPACITY && written.insert(key.clone()) {
                fits.push(Entry {
                    key: key.clone(),
                    size: fitted.size,
                    follow_on: fitted.follow_on,
                    pages: fitted.pages,
                });
            }
        };
        for key in &self.used {
            add(key, &self.known[key]);
        }
        for (key, fitted) in &on_disk {
            add(key, fitted);
        }
        for (key, fitted) in &self.known {
            add(key, fitted);
        }
        let memo = MemoFile {
            format: FORMAT.to_owned(),
            fits,
        };
        let bytes = serde_json::to_vec(&memo).expect("the memo serialises");
        if replace_file(&file, &bytes).is_ok() {
            self.unsaved = false;
        }
    }
}

/// Replaces `file` by `bytes` in one step: a temporary file in the same
/// folder, renamed over it.
fn replace_file(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().expect("the memo file is in a folder");
    std::fs::create_dir_all(dir)?;
    let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.persist(file).map_err(|err| err.error)?;
    Ok(())
}

/// Hashes what decides a sheet's fitting: `document` (what every sheet of
/// the document shares: versions, templates, fonts, main template), then
/// each sheet's own layout input.
pub fn keys(document: &Sha256, sheets: &[(u32, Vec<u8>)]) -> Vec<(u32, Key)> {
    sheets
        .iter()
        .map(|(no, input)| {
            let mut hasher = document.clone();
            hasher.update((input.len() as u64).to_le_bytes());
            hasher.update(input);
            (*no, format!("{:x}", hasher.finalize()))
        })
        .collect()
}
