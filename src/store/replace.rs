//! Writing a whole file at once (an export), through the same temporary files as verdict
//! writes: a reader of the file finds the old text or the new, never a part.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::temporary;

/// The mode of a new file before the umask, as editors and shells create files.
pub(super) const NEW_FILE_MODE: u32 = 0o666;

/// Replaces the file at `path` with `bytes`, or creates it: the bytes go to a temporary file in
/// the same folder, are synced, and the temporary file is renamed over `path`. A file reached
/// through a symlink is written where the link points, and the link is kept; an existing file
/// keeps its mode. On an error the file is as it was.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = link_target(path)?;
    // The target's own folder, so that the rename replaces the target.
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let existing = fs::metadata(&target).ok();
    let mut temp = temporary::create(folder, NEW_FILE_MODE)?;
    temp.write_all(bytes)?;
    if let Some(existing) = existing {
        temp.as_file().set_permissions(existing.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Where `path` leads through symlinks: the file itself when it exists, else `path` as given
/// (a new file, or a link to nothing, which the rename replaces).
pub fn link_target(path: &Path) -> io::Result<PathBuf> {
    match fs::canonicalize(path) {
        Ok(target) => Ok(target),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_file_is_created_whole_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        replace_file(&path, b"a,b\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"a,b\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.csv"]);
        // As any new file: readable by others unless the umask says otherwise, never 0600.
        assert_ne!(mode(&path), 0o600);
    }

    #[test]
    fn an_existing_file_keeps_its_mode_and_a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("latest.json");
        symlink(&path, &link).unwrap();
        replace_file(&link, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let error = replace_file(dir.path(), b"x").unwrap_err();
        assert!(dir.path().is_dir(), "{error}");
    }
}
