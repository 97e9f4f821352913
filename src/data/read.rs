//! Reading a dataset's files: which files, their bytes, their text.
//!
//! A file is refused above [`MAX_FILE_BYTES`] and in any encoding other
//! than UTF-8, with a message that says how to fix it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::data::diagnostic::{Diagnostic, LoadError};
use crate::data::locate::Position;
use crate::messages;

/// The largest data file read: a goal file is about 10 KB, so a megabyte is
/// a hundred times the largest real one, and small enough that parsing it
/// costs milliseconds and a few MiB whatever it holds.
pub const MAX_FILE_BYTES: usize = 1 << 20;

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The dataset's files in a stable order: the path itself, or every YAML
/// file below a folder (hidden entries skipped), sorted by path.
pub(super) fn dataset_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let metadata = fs::metadata(path).map_err(|err| {
        Diagnostic::error(messages::data_unreadable(path, &err))
            .in_file(path)
            .with_hint(messages::data_unreadable_hint())
    })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    let mut pending = vec![path.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir)
            .map_err(|err| Diagnostic::error(messages::folder_unreadable(&err)).in_file(&dir))?;
        for entry in entries.flatten() {
            let entry_path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            // Symbolic links to folders are not followed: a link loop
            // would never end.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                pending.push(entry_path);
            } else if is_yaml(&entry_path) {
                files.push(entry_path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::error(messages::no_yaml_files())
            .in_file(path)
            .into());
    }
    Ok(files)
}

/// Reads a file's bytes, refusing one too large to be a data file without
/// reading it whole.
pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let unreadable = |err: std::io::Error| {
        LoadError::from(Diagnostic::error(messages::file_unreadable(&err)).in_file(path))
    };
    let file = fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// The text of a data file. A UTF-8 byte-order mark is dropped and CRLF line
/// ends are fine (YAML reads them as line breaks). Any other encoding is
/// refused with a message that says which it looks like and how to fix it:
/// Excel and older Notepad save Shift_JIS (CP932) by default. We refuse
/// rather than convert, so that every file in the dataset stays in the one
/// encoding editors, diffs and the JSON Schema support expect.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(
            Diagnostic::error(messages::file_too_large(MAX_FILE_BYTES / 1024))
                .in_file(path)
                .with_hint(messages::file_too_large_hint())
                .into(),
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(messages::encoding_utf16())
            .in_file(path)
            .with_hint(messages::save_as_utf8_hint())
            .into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(err) => {
            let offset = err.valid_up_to();
            let line_start = bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[offset..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| offset + i);
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            let sjis = encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some();
            let (message, decoder) = if sjis {
                (messages::encoding_shift_jis(), encoding_rs::SHIFT_JIS)
            } else {
                (messages::encoding_unknown(), encoding_rs::WINDOWS_1252)
            };
            // Show the line as the clerk sees it in their editor.
            let (shown, _, _) = decoder.decode(&bytes[line_start..line_end]);
            let shown = shown.trim_end_matches('\r').to_owned();
            let (prefix, _, _) = decoder.decode(&bytes[line_start..offset]);
            let column = prefix.chars().count() + 1;
            let mut diagnostic = Diagnostic::error(message)
                .in_file(path)
                .with_hint(messages::save_as_utf8_hint());
            diagnostic.position = Some(Position { line, column });
            diagnostic.source_line = Some(shown);
            Err(diagnostic.into())
        }
    }
}
