//! Mistakes in how claimdesk was called, found before anything is loaded: they exit with
//! code 2, as clap's own usage errors do.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use thiserror::Error;

use super::Cli;

/// A usage error: the words of the message, which `main` prints after `claimdesk: `.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Refuses a run whose paths name something that does not exist: a typing mistake, which
/// loading would otherwise report as one problem among others (and `list` would then list
/// nothing, successfully).
pub fn check_paths(cli: &Cli) -> Result<(), UsageError> {
    match cli.paths().iter().find(|path| does_not_exist(path)) {
        Some(missing) => Err(UsageError(format!(
            "no such file or folder: {}",
            missing.display()
        ))),
        None => Ok(()),
    }
}

/// Whether nothing is at `path`. Other failures to look (permission denied, say) are left to
/// the loader, which reports them with the file's other problems.
fn does_not_exist(path: &Path) -> bool {
    fs::metadata(path)
        .is_err_and(|e| matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory))
}
