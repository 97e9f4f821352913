//! Writing outputs atomically: a temporary file in the target's folder, then
//! a rename, so a failed run never leaves a partial file or replaces a good
//! one; several files all or none.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::messages;

/// An output that could not be written. It names the file the clerk asked
/// for (never the temporary file) and says why in the clerk's words.
#[derive(Debug)]
pub struct WriteError {
    /// The file, or the folder that could not be created for it.
    pub path: PathBuf,
    /// Whether creating the folder failed.
    pub folder: bool,
    pub source: io::Error,
}

impl WriteError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        messages::io_hint(&self.source)
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.folder {
            f.write_str(&messages::cannot_create_folder(&self.path, &self.source))
        } else {
            f.write_str(&messages::cannot_write(&self.path, &self.source))
        }
    }
}

// The io::Error stays out of `source()`: its English text must not reach the
// clerk through an error chain.
impl std::error::Error for WriteError {}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let temp = stage(path, bytes)?;
    commit(path, temp)
}

/// Writes several files, all or none: every file is written in full to a
/// temporary file beside it first, and only when all of them are does each
/// replace its file. A failure while staging leaves every file as it was.
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let staged = files
        .iter()
        .map(|(path, bytes)| stage(path, bytes))
        .collect::<Result<Vec<_>, _>>()?;
    for ((path, _), temp) in files.iter().zip(staged) {
        commit(path, temp)?;
    }
    Ok(())
}

/// `bytes` in a synced temporary file in `path`'s folder.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, WriteError> {
    let fail = |source: io::Error| WriteError {
        path: path.to_owned(),
        folder: false,
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_owned(),
        folder: true,
        source,
    })?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(fail)?;
    // A temporary file is private (0600); the output should read like any other file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    Ok(temp)
}

/// Puts a staged file in `path`'s place.
fn commit(path: &Path, temp: tempfile::NamedTempFile) -> Result<(), WriteError> {
    temp.persist(path).map_err(|err| WriteError {
        path: path.to_owned(),
        folder: false,
        source: err.error,
    })?;
    Ok(())
}
