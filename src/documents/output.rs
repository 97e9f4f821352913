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
/// temporary file beside it first; only when all of them are does each
/// replace its file, the file it replaces kept aside until all are in
/// place. A failure at any step puts every file back as it was.
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let staged = files
        .iter()
        .map(|(path, bytes)| stage(path, bytes))
        .collect::<Result<Vec<_>, _>>()?;
    // The files already in place, with what each replaced.
    let mut placed: Vec<(&Path, Option<tempfile::TempPath>)> = Vec::new();
    for ((path, _), temp) in files.iter().zip(staged) {
        let result = set_aside(path).and_then(|old| match commit(path, temp) {
            Ok(()) => Ok(old),
            Err(err) => {
                restore(path, old);
                Err(err)
            }
        });
        match result {
            Ok(old) => placed.push((path, old)),
            Err(err) => {
                for (path, old) in placed.into_iter().rev() {
                    restore(path, old);
                }
                return Err(err);
            }
        }
    }
    // Every file is in place: what they replaced goes (the paths drop).
    Ok(())
}

/// Moves the file at `path`, if any, to a temporary name beside it.
fn set_aside(path: &Path) -> Result<Option<tempfile::TempPath>, WriteError> {
    if !path.exists() {
        return Ok(None);
    }
    let fail = |source: io::Error| WriteError {
        path: path.to_owned(),
        folder: false,
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(".welfare-sheets-old-")
        .tempfile_in(dir)
        .map_err(fail)?
        .into_temp_path();
    std::fs::rename(path, &aside).map_err(fail)?;
    Ok(Some(aside))
}

/// Puts back what `path` held before (or removes what was put there).
fn restore(path: &Path, old: Option<tempfile::TempPath>) {
    match old {
        // Best effort: the rename back is the same move that just worked.
        Some(old) => {
            let _ = std::fs::rename(&old, path);
        }
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `path` as a clerk can find it: absolute, without `.` steps.
pub fn shown_path(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

/// Copies `files` (files of the dataset at `data`) into a new folder
/// `控え/<date and time>/` beside the dataset, keeping their paths below
/// it, before they are changed; returns the folder.
pub fn keep_copies<'a>(
    data: &Path,
    files: impl Iterator<Item = &'a Path>,
) -> Result<PathBuf, WriteError> {
    let root = if data.is_dir() {
        data.to_owned()
    } else {
        data.parent().map(Path::to_owned).unwrap_or_default()
    };
    let beside = root
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned);
    let stamp = {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        stamp(seconds)
    };
    let mut dir = beside.join(messages::backup_folder()).join(&stamp);
    let mut n = 1;
    while dir.exists() {
        n += 1;
        dir = beside
            .join(messages::backup_folder())
            .join(format!("{stamp}-{n}"));
    }
    let name = root.file_name().map(PathBuf::from).unwrap_or_default();
    for file in files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        let copy = dir.join(&name).join(relative);
        let bytes = std::fs::read(file).map_err(|source| WriteError {
            path: file.to_owned(),
            folder: false,
            source,
        })?;
        write_atomically(&copy, &bytes)?;
    }
    Ok(dir)
}

/// `20261201-103000` for a time in seconds since 1970 (UTC); the plain
/// seconds for a time no calendar of ours holds.
fn stamp(seconds: u64) -> String {
    let civil = i64::try_from(seconds)
        .ok()
        .and_then(|s| crate::documents::reproducible::datetime_from_epoch(s).ok());
    let part = |p: Option<u8>| p.unwrap_or_default();
    match civil {
        Some(t) => format!(
            "{:04}{:02}{:02}-{:02}{:02}{:02}",
            t.year().unwrap_or_default(),
            part(t.month()),
            part(t.day()),
            part(t.hour()),
            part(t.minute()),
            part(t.second())
        ),
        None => seconds.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_the_utc_date_and_time() {
        assert_eq!(stamp(0), "19700101-000000");
        assert_eq!(stamp(1_764_585_000), "20251201-103000");
    }

    #[test]
    fn a_failed_write_of_several_files_puts_every_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.pdf");
        std::fs::write(&first, b"old a").unwrap();
        // A folder where the second file should go cannot be replaced.
        let second = dir.path().join("b.pdf");
        std::fs::create_dir(&second).unwrap();
        std::fs::write(second.join("inside"), b"x").unwrap();
        let result = write_all_atomically(&[
            (first.clone(), b"new a".to_vec()),
            (second.clone(), b"new b".to_vec()),
        ]);
        assert!(result.is_err());
        assert_eq!(std::fs::read(&first).unwrap(), b"old a");
        assert!(second.is_dir());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }
}
