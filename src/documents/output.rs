//! Writing outputs atomically: a temporary file in the target's folder, then
//! a rename, so a failed run never leaves a partial file or replaces a good one.

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
    temp.persist(path).map_err(|err| fail(err.error))?;
    Ok(())
}
