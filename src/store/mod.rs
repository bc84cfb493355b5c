//! Reading claim files (with located problems) and writing verdicts back without disturbing
//! anything else in the file. Nothing in here knows about the screen.

mod append;
mod cache;
mod conflict;
mod discover;
mod field;
mod load;
mod lock;
mod replace;
mod temporary;
pub mod tree;
mod write;
mod yaml_text;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::inert::inert;

pub use append::{
    NewClaim, add_claims, add_rebuttal, edit_add_claims, edit_add_rebuttal, new_file,
};
pub use cache::Cache;
pub use conflict::{Pick, Resolved, resolve_conflict};
pub use discover::{DESK_FILE, discover, is_yaml_name, walks_into};
pub use field::{ClaimField, edit_claim_field, set_claim_field};
pub use load::{
    Corpus, FileKind, InPlace, LoadProgress, LoadedFile, MAX_FILE_BYTES, load_file, load_in_order,
    load_one, load_paths, load_text, load_text_whole, total_bytes,
};
pub use replace::{link_target, replace_file};
pub use temporary::remove_stale_temporaries;
pub use write::{
    EditError, VerdictChange, WriteError, WriteStep, Written, apply_verdict_change, edit_verdict,
    hard_link_note, replay_verdict_change, rewrite_locked, rewrite_locked_observed,
};

/// How serious a [`Problem`] is: errors make `validate` fail, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One thing wrong with a claim file, located like a compiler diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Problem {
    pub fn error(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, line, col, message)
    }

    pub fn warning(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, line, col, message)
    }

    fn new(
        severity: Severity,
        path: &Path,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            inert(&self.path.display().to_string()),
            self.line,
            self.col,
            inert(&self.message)
        )
    }
}

/// An I/O error in plain words: without the OS's error number or the temporary paths that
/// libraries add (the message it goes in names the file itself).
pub(crate) fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind as Kind;
    let words = match error.kind() {
        Kind::PermissionDenied => "permission denied",
        Kind::NotFound => "no such file or folder",
        Kind::StorageFull => "the disk is full",
        Kind::ReadOnlyFilesystem => "the file system is read-only",
        Kind::QuotaExceeded => "the disk quota is used up",
        Kind::IsADirectory => "it is a folder",
        Kind::NotADirectory => "a part of the path is not a folder",
        // Errors claimdesk makes itself are already in words.
        Kind::InvalidInput | Kind::FileTooLarge | Kind::Other => return error.to_string(),
        _ => match error.raw_os_error() {
            Some(code) => {
                let text = std::io::Error::from_raw_os_error(code).to_string();
                return text
                    .split(" (os error")
                    .next()
                    .unwrap_or(&text)
                    .to_lowercase();
            }
            None => return error.to_string(),
        },
    };
    words.to_string()
}

/// The offset of the first carriage return not followed by a line feed (classic Mac line
/// endings). YAML reads one as a line break and every other line count here does not, so
/// such a file is refused, by the loader and by the writer, rather than misplaced.
pub(crate) fn lone_carriage_return(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.match_indices('\r')
        .map(|(i, _)| i)
        .find(|&i| bytes.get(i + 1) != Some(&b'\n'))
}

/// What to say about a lone carriage return.
pub(crate) const LONE_CARRIAGE_RETURN: &str = "a carriage return without a line feed (an old Mac \
     line ending): save the file with LF or CRLF line endings";

/// A named pipe at `path`, for tests of what the reader and the writer do with one.
#[cfg(test)]
pub(crate) fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("a path without NUL");
    // SAFETY: `name` is a valid C string for the length of the call.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// Offset of the start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Offset just past the line break of the line holding `offset` (or the end of the text).
fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// 1-based line and column of byte `offset` in `text`, the column counted in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}
