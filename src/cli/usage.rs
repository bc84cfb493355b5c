//! Mistakes in how claimdesk was called, found before anything is loaded: they exit with
//! code 2, as clap's own usage errors do.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use clap::CommandFactory;
use thiserror::Error;

use super::Cli;
use crate::suggest::{closest, did_you_mean};

/// A usage error: the words of the message, which `main` prints after `claimdesk: `.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Refuses a run whose paths name something that does not exist: a typing mistake, which
/// loading would otherwise report as one problem among others (and `list` would then list
/// nothing, successfully).
pub fn check_paths(cli: &Cli) -> Result<(), UsageError> {
    let paths = cli.paths();
    let Some(missing) = paths.iter().find(|path| does_not_exist(path)) else {
        return Ok(());
    };
    let mut message = format!("no such file or folder: {}", missing.display());
    // `claimdesk lsit` is the dashboard on a path `lsit`, but a command was meant.
    if cli.command.is_none()
        && paths.first() == Some(missing)
        && let Some(guess) = mistyped_command(missing)
    {
        message.push_str("; ");
        message.push_str(&guess);
    }
    Err(UsageError(message))
}

/// `did you mean `list`?` when `path` is a slip away from the name of a command.
fn mistyped_command(path: &Path) -> Option<String> {
    let word = path.to_str()?;
    let cli = Cli::command();
    let commands = cli.get_subcommands().map(clap::Command::get_name);
    did_you_mean(&closest(word, commands, 1))
}

/// Whether nothing is at `path`. Other failures to look (permission denied, say) are left to
/// the loader, which reports them with the file's other problems.
fn does_not_exist(path: &Path) -> bool {
    fs::metadata(path)
        .is_err_and(|e| matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory))
}
