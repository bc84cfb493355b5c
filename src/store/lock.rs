//! An advisory lock on a claim file for the length of a read-modify-write.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Held while a verdict is written; dropping it releases the lock.
pub struct FileLock {
    pub file: File,
}

/// Locks `path` exclusively, waiting for other claimdesk processes.
///
/// Writers replace the file by renaming a new one over it, so a waiter may wake up holding the
/// lock of a file that is no longer at `path`. It then tries again on the file that is.
///
/// The file is opened for writing (though only read) so that a read-only file is refused: the
/// rename would replace it regardless of its permissions.
///
/// Only a regular file is locked: opened without blocking, a named pipe or a device (say a
/// link to `/dev/zero` put where a claim file was) is refused before anything reads it.
pub fn lock(path: &Path) -> io::Result<FileLock> {
    loop {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file (a pipe or a device); claim files are plain files",
            ));
        }
        file.lock()?;
        let locked = file.metadata()?;
        let current = std::fs::metadata(path)?;
        if locked.ino() == current.ino() && locked.dev() == current.dev() {
            return Ok(FileLock { file });
        }
    }
}
