//! Format-preserving verdict writes: only the claim's `verdict:` block changes, every other
//! byte of the file stays as it was.

use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::os::unix::fs::{MetadataExt, fchown};
use std::path::{Path, PathBuf};

use thiserror::Error;
use xxhash_rust::xxh3::xxh3_128;

use super::conflict::first_conflict;
use super::load::VERDICT_KEYS;
use super::load::{MAX_FILE_BYTES, open_without_blocking, parse_timestamp, read_capped};
use super::lock::lock;
use super::temporary;
use super::tree::{self, Node, NodeKind};
use super::yaml_text::{block_value, inline};
use super::{
    LONE_CARRIAGE_RETURN, io_words, line_col, line_start, lone_carriage_return, next_line_start,
};
use crate::model::{Review, ReviewState, Verdict};
use chrono::{DateTime, Utc};

/// Set (or, with `verdict: None`, remove) the verdict of claim `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictChange {
    pub id: String,
    pub verdict: Option<Verdict>,
    /// When `Some`, the verdict currently on disk must equal this, or the write is refused:
    /// someone else changed it since it was read, and their change must not be overwritten.
    pub expect: Option<Option<Verdict>>,
}

/// Why a verdict could not be written. The file is untouched in every case.
#[derive(Debug, Error)]
pub enum WriteError {
    // The I/O error is in the message, in plain words, and deliberately not a `source`:
    // printed as a cause too, it would say the same thing twice.
    #[error(
        "{}: cannot write: {}; check the file's and its folder's permissions and the free disk space",
        path.display(),
        io_words(error)
    )]
    Io { path: PathBuf, error: io::Error },
    #[error("{}:{source}", path.display())]
    Edit { path: PathBuf, source: EditError },
    #[error(
        "{}: the file kept changing while claimdesk wrote it ({ATTEMPTS} tries), so nothing was \
         written; wait until the program changing it (an editor, git) is done, then try again",
        path.display()
    )]
    KeepsChanging { path: PathBuf },
}

impl WriteError {
    /// The message, followed by `; {retry}` when the write was refused because the file no
    /// longer holds what was read (the claim renamed or removed, its verdict changed): reading
    /// it again may let the write through, and only the caller knows how its user does that
    /// (the dashboard reloads; a command is run again).
    pub fn message_with_retry(&self, retry: &str) -> String {
        let stale = matches!(
            self,
            WriteError::Edit {
                source: EditError::NotFound { .. } | EditError::Changed { .. },
                ..
            }
        );
        if stale {
            format!("{self}; {retry}")
        } else {
            self.to_string()
        }
    }
}

/// How many times a write reads, edits and checks a file that other programs keep changing
/// before it gives up.
const ATTEMPTS: usize = 5;

/// Why the text of a claim file could not be edited; its `Display` continues a `path:` prefix.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("{line}:{col}: the file does not parse ({message}); fix it, then tag again")]
    Unparseable {
        line: usize,
        col: usize,
        message: String,
    },
    #[error(" no claim with id `{id}` (renamed or removed on disk?)")]
    NotFound { id: String },
    #[error(
        "{line}:1: id `{id}` appears more than once in this file; give each claim its own id first"
    )]
    Ambiguous { line: usize, id: String },
    #[error(
        "{line}:{col}: the verdict of `{id}` shares an anchor or alias with other nodes; edit it by hand"
    )]
    Shared { line: usize, col: usize, id: String },
    #[error("{line}:1: the verdict of `{id}` was changed on disk since it was loaded")]
    Changed { line: usize, id: String },
    #[error(
        "{line}:{col}: claim `{id}` has a shape claimdesk cannot edit safely ({why}); edit it by hand"
    )]
    Unsupported {
        line: usize,
        col: usize,
        id: String,
        why: &'static str,
    },
    #[error(
        "{line}:1: the file has an unresolved merge conflict; resolve it first (`claimdesk resolve ID --ours|--theirs`), then tag again"
    )]
    UnresolvedConflict { line: usize },
    #[error(" the file changed since this was written, so it cannot be taken back exactly")]
    ChangedSince,
    #[error("{line}:{col}: claim `{id}` has no merge conflict to resolve")]
    NoConflict { line: usize, col: usize, id: String },
    #[error("{line}:1: {what}; resolve it in your editor")]
    ConflictNeedsEditor { line: usize, what: String },
}

/// A write as it reached the disk: the bytes it replaced and where, and hashes of the whole
/// file before and after, so that it can be undone (or redone) byte for byte while nobody
/// else has touched the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    start: usize,
    removed: String,
    inserted: String,
    hash_before: u128,
    hash_after: u128,
    /// The file's other names (hard links) when it was written; see [`Written::other_links`].
    other_links: u64,
}

impl Written {
    pub(super) fn between(before: &str, after: &str, other_links: u64) -> Self {
        let prefix = common_prefix(before, after);
        let suffix = common_suffix(&before[prefix..], &after[prefix..]);
        Self {
            start: prefix,
            removed: before[prefix..before.len() - suffix].to_string(),
            inserted: after[prefix..after.len() - suffix].to_string(),
            hash_before: xxh3_128(before.as_bytes()),
            hash_after: xxh3_128(after.as_bytes()),
            other_links,
        }
    }

    /// The same write, taken back (not yet made, so it has split no links).
    pub fn reversed(&self) -> Self {
        Self {
            start: self.start,
            removed: self.inserted.clone(),
            inserted: self.removed.clone(),
            hash_before: self.hash_after,
            hash_after: self.hash_before,
            other_links: 0,
        }
    }

    /// How many other names (hard links) the file had. The write replaced this name's file
    /// with a new one, as git does, so they keep the text from before it.
    pub fn other_links(&self) -> u64 {
        self.other_links
    }

    /// What a message about this write should add so that nobody is surprised by the other
    /// links: ` (it was hard-linked: ...)`, or nothing.
    pub fn links_note(&self) -> String {
        hard_link_note(self.other_links)
    }

    /// `text` with this write applied, when `text` is exactly what the write started from.
    pub fn replay_on(&self, text: &str) -> Option<String> {
        let end = self.start + self.removed.len();
        let matches = xxh3_128(text.as_bytes()) == self.hash_before
            && text.get(self.start..end) == Some(self.removed.as_str());
        matches.then(|| [&text[..self.start], &self.inserted, &text[end..]].concat())
    }
}

/// Byte length of the longest common prefix, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Byte length of the longest common suffix, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) {
        n -= 1;
    }
    n
}

/// Applies `change` to the file at `path`, safely (see [`rewrite_locked`]). `Ok(None)` when
/// the file already said what `change` asks for.
pub fn apply_verdict_change(
    path: &Path,
    change: &VerdictChange,
) -> Result<Option<Written>, WriteError> {
    rewrite_locked(path, |text| edit_verdict(text, change))
}

/// Replays `written` (a write or its reverse, for redo and undo) byte for byte when the file
/// is exactly as that write left it or found it; otherwise, when someone changed the file
/// since, falls back to `change` in the writer's own layout.
pub fn replay_verdict_change(
    path: &Path,
    written: &Written,
    change: &VerdictChange,
) -> Result<Option<Written>, WriteError> {
    rewrite_locked(path, |text| match written.replay_on(text) {
        Some(exact) => Ok(exact),
        None => edit_verdict(text, change),
    })
}

/// Rewrites the file at `path` with `edit`, safely: under an advisory lock, on the file's
/// current text (so others' edits since loading survive), via a temporary file in the same
/// folder that is synced and renamed over the original with the original's permissions (and
/// owner and group, as far as this process may set them). Through a symlink, the link's final
/// target is written and the link kept. On any error the file is untouched. Every write
/// claimdesk makes goes through here.
///
/// Programs that do not take the lock (an editor, `git pull`) may still write the file while
/// the edit is made: just before the rename the file is checked again, and when it changed,
/// it is read again and `edit` runs again on its new text (up to five times; then the write
/// fails with [`WriteError::KeepsChanging`]).
pub fn rewrite_locked(
    path: &Path,
    edit: impl FnMut(&str) -> Result<String, EditError>,
) -> Result<Option<Written>, WriteError> {
    rewrite_locked_observed(path, edit, |_| {})
}

/// The points of a write that [`rewrite_locked_observed`] reports.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteStep {
    /// The edited text is in the synced temporary file; the file is about to be checked again.
    TempReady,
    /// The file was read again for the check (when it is unchanged, the rename comes next:
    /// in between, a change by a program that ignores the lock would go unseen).
    Rechecked,
    /// The temporary file was renamed over the file.
    Renamed,
}

/// [`rewrite_locked`], calling `observe` at each [`WriteStep`]: for tests that play another
/// program writing at a given moment, and for benches that time the steps.
#[doc(hidden)]
pub fn rewrite_locked_observed(
    path: &Path,
    mut edit: impl FnMut(&str) -> Result<String, EditError>,
    mut observe: impl FnMut(WriteStep),
) -> Result<Option<Written>, WriteError> {
    let io_error = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    // Through symlinks: the file written (and locked, so that every spelling of it waits for
    // the others) is the links' final target, and the links stay links.
    let target = fs::canonicalize(path).map_err(io_error)?;
    // The target's own folder, so that the rename replaces the target.
    let folder = target.parent().unwrap_or(Path::new("/"));
    temporary::remove_stale_temporaries(folder);
    for _ in 0..ATTEMPTS {
        // Locked again on every attempt: a file renamed in meanwhile is another file.
        let guard = lock(&target).map_err(io_error)?;
        // Taken before the read, so that a write during the read shows at the check.
        let read = guard.file.metadata().map_err(io_error)?;
        let bytes = read_claim_bytes(&guard.file).map_err(io_error)?;
        let text = String::from_utf8(bytes).map_err(|e| WriteError::Edit {
            path: path.to_path_buf(),
            source: EditError::Unparseable {
                line: 1,
                col: 1,
                message: format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            },
        })?;
        let edited = edit(&text).map_err(|source| WriteError::Edit {
            path: path.to_path_buf(),
            source,
        })?;
        if edited == text {
            return Ok(None);
        }
        // Private until it has the file's own mode, below.
        let mut temp = temporary::create(folder, 0o600).map_err(io_error)?;
        temp.write_all(edited.as_bytes()).map_err(io_error)?;
        // Owner first: a change of owner may clear the set-id bits that the mode then restores.
        keep_owner(temp.as_file(), &read).map_err(io_error)?;
        temp.as_file()
            .set_permissions(read.permissions())
            .map_err(io_error)?;
        temp.as_file().sync_all().map_err(io_error)?;
        observe(WriteStep::TempReady);
        let now = fs::metadata(&target).map_err(io_error)?;
        let bytes_now = read_claim_bytes(&open_without_blocking(&target).map_err(io_error)?)
            .map_err(io_error)?;
        // From here to the rename, a change by a program that ignores the lock goes unseen.
        observe(WriteStep::Rechecked);
        // Changed without the lock: the temporary file goes, and the edit is made again. The
        // bytes are compared whole: a rewrite of the same size within one tick of the clock
        // shows only there.
        if stamp(&now) != stamp(&read) || bytes_now != text.as_bytes() {
            continue;
        }
        temp.persist(&target).map_err(|e| io_error(e.error))?;
        observe(WriteStep::Renamed);
        // Make the rename itself durable.
        if let Ok(dir) = fs::File::open(folder) {
            let _ = dir.sync_all();
        }
        drop(guard);
        let other_links = read.nlink().saturating_sub(1);
        return Ok(Some(Written::between(&text, &edited, other_links)));
    }
    Err(WriteError::KeepsChanging {
        path: path.to_path_buf(),
    })
}

/// What a message about a write should add when the file had `other_links` other names (hard
/// links), which keep the text from before: ` (it was hard-linked: ...)`, or nothing.
pub fn hard_link_note(other_links: u64) -> String {
    match other_links {
        0 => String::new(),
        1 => " (it was hard-linked: its other link keeps the old text)".to_string(),
        n => format!(" (it was hard-linked: its {n} other links keep the old text)"),
    }
}

/// The bytes of a claim file, refused past the size limit of a claim file (a file growing
/// without end is not read to its end).
fn read_claim_bytes(file: &fs::File) -> io::Result<Vec<u8>> {
    let expected = file.metadata().map_or(0, |meta| meta.len());
    read_capped(file, MAX_FILE_BYTES, expected)?.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            "the file is above the size limit of a claim file",
        )
    })
}

/// What shows that a file was written or replaced: its device and inode (another file renamed
/// over it), size and modification time.
fn stamp(m: &fs::Metadata) -> (u64, u64, u64, i64, i64) {
    (m.dev(), m.ino(), m.len(), m.mtime(), m.mtime_nsec())
}

/// Gives `temp` the owner and group of the `original` file, as far as this process may: only
/// root can give a file away, but any user can set a group they are in. What it may not do is
/// left as it is (the file then belongs to whoever wrote it, as with an editor's save).
fn keep_owner(temp: &fs::File, original: &fs::Metadata) -> io::Result<()> {
    let (uid, gid) = (original.uid(), original.gid());
    let mine = temp.metadata()?;
    if (mine.uid(), mine.gid()) == (uid, gid) {
        return Ok(());
    }
    // EPERM, or EINVAL for an id this user namespace cannot map.
    let not_allowed = |e: &io::Error| {
        matches!(
            e.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::InvalidInput
        )
    };
    match fchown(temp, Some(uid), Some(gid)) {
        Err(e) if not_allowed(&e) => match fchown(temp, None, Some(gid)) {
            Err(e) if not_allowed(&e) => Ok(()),
            group_only => group_only,
        },
        both => both,
    }
}

/// The text of a claim file after `change`: pure, no I/O. Everything outside the claim's
/// verdict is byte-identical, and the result is re-parsed to prove it says what was meant.
pub fn edit_verdict(text: &str, change: &VerdictChange) -> Result<String, EditError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    // Markers may parse as YAML of some other shape: never edit around them.
    if let Some(line) = first_conflict(body) {
        return Err(EditError::UnresolvedConflict { line });
    }
    let documents = parse(body)?;
    let claim = find_claim(&documents, &change.id)?;
    let id = change.id.clone();
    if claim.anchored {
        let (line, col) = (claim.line, claim.col);
        return Err(EditError::Shared { line, col, id });
    }
    let current = claim.entry("verdict");
    if let Some((key, value)) = current
        && (key.shares_nodes() || value.shares_nodes())
    {
        let (line, col) = (value.line, value.col);
        return Err(EditError::Shared { line, col, id });
    }
    if let Some(expected) = &change.expect
        && current.and_then(|(_, v)| typed_verdict(v)) != *expected
    {
        let line = claim.line;
        return Err(EditError::Changed { line, id });
    }
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let (range, replacement) = if claim.is_flow() {
        flow_edit(body, claim, current, change.verdict.as_ref())
    } else {
        block_edit(body, claim, current, change.verdict.as_ref(), eol)?
    };
    let mut edited = String::with_capacity(text.len() + replacement.len());
    edited.push_str(bom);
    edited.push_str(&body[..range.start]);
    edited.push_str(&replacement);
    edited.push_str(&body[range.end..]);
    let edit_end = range.start + replacement.len();
    // Where the claim ends in the edited text: shifted when it ends after the edit, and no
    // further than the edit's end when the edit took its last line (a trailing comment, say).
    let claim_end = if claim.end >= range.end {
        claim.end - range.end + edit_end
    } else {
        claim.end.min(edit_end)
    };
    verify(
        claim,
        &documents,
        &edited[bom.len()..],
        line_start(body, claim.start)..edit_end.max(claim_end),
        change,
    )?;
    Ok(edited)
}

pub(super) fn parse(body: &str) -> Result<Vec<Node<'_>>, EditError> {
    if let Some(offset) = lone_carriage_return(body) {
        let (line, col) = line_col(body, offset);
        return Err(EditError::Unparseable {
            line,
            col,
            message: LONE_CARRIAGE_RETURN.to_string(),
        });
    }
    tree::parse(body).map_err(|e| EditError::Unparseable {
        line: e.line,
        col: e.col,
        message: e.message,
    })
}

fn claims_with_id<'n, 'a>(documents: &'n [Node<'a>], id: &str) -> Vec<&'n Node<'a>> {
    documents
        .iter()
        .filter_map(|doc| doc.get("claims"))
        .flat_map(Node::items)
        .filter(|claim| claim.get("id").and_then(Node::as_str) == Some(id))
        .collect()
}

pub(super) fn find_claim<'n, 'a>(
    documents: &'n [Node<'a>],
    id: &str,
) -> Result<&'n Node<'a>, EditError> {
    match claims_with_id(documents, id)[..] {
        [claim] => Ok(claim),
        [] => Err(EditError::NotFound { id: id.into() }),
        [_, second, ..] => Err(EditError::Ambiguous {
            line: second.line,
            id: id.into(),
        }),
    }
}

/// The fields claimdesk writes, in order, as the strings they must read back as.
fn render_fields(verdict: &Verdict) -> Vec<(&'static str, String)> {
    let time = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut fields = vec![("rating", verdict.rating.to_string())];
    if let Some(note) = &verdict.note {
        fields.push(("note", note.clone()));
    }
    if let Some(by) = &verdict.by {
        fields.push(("by", by.to_string()));
    }
    if let Some(at) = verdict.at {
        fields.push(("at", time(at)));
    }
    if let Some(review) = &verdict.review {
        fields.push(("review", review.state.as_str().to_string()));
        if let Some(by) = &review.by {
            fields.push(("reviewed_by", by.to_string()));
        }
        if let Some(at) = review.at {
            fields.push(("reviewed_at", time(at)));
        }
        if let Some(comment) = &review.comment {
            fields.push(("review_comment", comment.clone()));
        }
    }
    fields
}

/// A verdict node as the loader reads it: the null forms (`verdict: ~`, a bare `verdict:`)
/// are no verdict, a null field is an absent one, `at` is compared as an instant (offsets and
/// fractions of a second as written), and keys the loader ignores are ignored here too. The
/// "changed on disk" check compares these values, never the text, so a verdict written by
/// hand in any shape can be re-tagged.
fn typed_verdict(node: &Node) -> Option<Verdict> {
    let field = |name| {
        node.get(name)
            .filter(|v| !v.is_null())
            .and_then(Node::as_str)
    };
    let state = match field("review") {
        Some("approved") => Some(ReviewState::Approved),
        Some("changes-requested") => Some(ReviewState::ChangesRequested),
        _ => None,
    };
    Some(Verdict {
        rating: field("rating")?.into(),
        note: field("note").map(str::to_string),
        by: field("by").map(Into::into),
        at: field("at").and_then(parse_timestamp),
        review: state.map(|state| {
            Box::new(Review {
                state,
                by: field("reviewed_by").map(Into::into),
                at: field("reviewed_at").and_then(parse_timestamp),
                comment: field("review_comment").map(str::to_string),
            })
        }),
    })
}

/// A verdict node as (key, scalar) pairs, or `None` when it is not a mapping of scalars.
fn verdict_of(node: &Node) -> Option<Vec<(&'static str, String)>> {
    let mut fields = Vec::new();
    for &name in VERDICT_KEYS {
        if let Some(value) = node.get(name) {
            fields.push((name, value.as_str()?.to_string()));
        }
    }
    (node.entries().len() == fields.len()).then_some(fields)
}

/// Offset past the comment lines and lines of spaces indented deeper than `indent` that follow
/// line start `from` (with the blank lines among them). They belong to the block above: left
/// behind, or with a verdict put before them, they would sit under a block scalar and read as
/// its text. (Spaces that end the file without a line break stay: a verdict after them would
/// end their line, and a `|+` scalar above would keep it as a blank line.)
fn past_nested_lines(text: &str, from: usize, indent: usize) -> usize {
    let (mut end, mut at) = (from, from);
    while at < text.len() {
        let next = next_line_start(text, at);
        let line = &text[at..next];
        let content = line.trim_start_matches(' ');
        let nested = line.len() - content.len() > indent;
        let spaces = content.trim().is_empty() && line.ends_with('\n');
        if nested && (content.starts_with('#') || spaces) {
            end = next;
        } else if !line.trim().is_empty() {
            break;
        }
        at = next;
    }
    end
}

fn block_verdict(verdict: &Verdict, indent: usize, eol: &str) -> String {
    let child = " ".repeat(indent + 2);
    let mut out = format!("verdict:{eol}");
    for (key, value) in render_fields(verdict) {
        let value = if matches!(key, "note" | "review_comment") {
            block_value(&value, indent + 2, eol)
        } else {
            inline(&value)
        };
        out.push_str(&format!("{child}{key}: {value}{eol}"));
    }
    out
}

fn flow_verdict(verdict: &Verdict) -> String {
    let fields: Vec<String> = render_fields(verdict)
        .into_iter()
        .map(|(key, value)| format!("{key}: {}", inline(&value)))
        .collect();
    format!("verdict: {{{}}}", fields.join(", "))
}

type Edit = (Range<usize>, String);

fn block_edit(
    body: &str,
    claim: &Node,
    current: Option<&(Node, Node)>,
    verdict: Option<&Verdict>,
    eol: &str,
) -> Result<Edit, EditError> {
    let Some((first_key, _)) = claim.entries().first() else {
        return Err(unsupported(claim, "not a mapping"));
    };
    let indent = first_key.col - 1;
    match current {
        Some((key, value)) => {
            let end = past_nested_lines(body, next_line_start(body, value.end), indent);
            let end_with_eol = if end == body.len() && !body.ends_with('\n') {
                None
            } else {
                Some(end)
            };
            let starts_line = body[line_start(body, key.start)..key.start]
                .trim()
                .is_empty();
            let start = if starts_line {
                line_start(body, key.start)
            } else {
                key.start
            };
            let replacement = match verdict {
                Some(v) => {
                    let lead = &body[start..key.start];
                    let mut text = format!("{lead}{}", block_verdict(v, indent, eol));
                    if end_with_eol.is_none() {
                        text.truncate(text.len() - eol.len());
                    }
                    text
                }
                // At the end of a file without a final line break, the break before the
                // verdict goes too, so the file still ends the way it did.
                None if starts_line && end_with_eol.is_none() => {
                    let before = body[..start].strip_suffix('\n').unwrap_or(&body[..start]);
                    let before = before.strip_suffix('\r').unwrap_or(before);
                    return Ok((before.len()..end, String::new()));
                }
                None if starts_line => String::new(),
                None => {
                    // `- verdict: ...` as an item's first key: the next key moves up to the dash.
                    let next = claim
                        .entries()
                        .iter()
                        .map(|(k, _)| k.start)
                        .find(|&s| s > value.end);
                    let Some(next) = next else {
                        return Err(unsupported(claim, "verdict is its only key"));
                    };
                    return Ok((key.start..next, String::new()));
                }
            };
            Ok((start..end, replacement))
        }
        None => {
            let Some(v) = verdict else {
                return Ok((0..0, String::new()));
            };
            let at = past_nested_lines(body, next_line_start(body, claim.end), indent);
            // A file without a final line break keeps it that way: the break moves in front.
            let unterminated = at == body.len() && !body.ends_with('\n');
            let mut text = String::new();
            if unterminated {
                text.push_str(eol);
            }
            text.push_str(&" ".repeat(indent));
            text.push_str(&block_verdict(v, indent, eol));
            if unterminated {
                text.truncate(text.len() - eol.len());
            }
            Ok((at..at, text))
        }
    }
}

fn flow_edit(
    body: &str,
    claim: &Node,
    current: Option<&(Node, Node)>,
    verdict: Option<&Verdict>,
) -> Edit {
    match (current, verdict) {
        (Some((key, value)), Some(v)) => (key.start..value.end, flow_verdict(v)),
        (Some((key, value)), None) => {
            // Take the verdict out together with one separating comma.
            let after = &body[value.end..];
            let trailing = after.len() - after.trim_start().len();
            if after[trailing..].starts_with(',') {
                let rest = &after[trailing + 1..];
                let spaces = rest.len() - rest.trim_start_matches(' ').len();
                let end = value.end + trailing + 1 + spaces;
                // An entry on a line of its own goes with its line.
                let start = line_start(body, key.start);
                if body[start..key.start].trim().is_empty() && body[end..].starts_with(['\r', '\n'])
                {
                    return (start..next_line_start(body, end), String::new());
                }
                (key.start..end, String::new())
            } else {
                let before = body[..key.start].trim_end();
                let comma = before.strip_suffix(',').map_or(key.start, str::len);
                (comma..value.end, String::new())
            }
        }
        (None, Some(v)) => {
            let last = claim
                .entries()
                .last()
                .map_or(claim.start + 1, |(_, v)| v.end);
            (last..last, format!(", {}", flow_verdict(v)))
        }
        (None, None) => (0..0, String::new()),
    }
}

fn unsupported(claim: &Node, why: &'static str) -> EditError {
    let (line, col) = (claim.line, claim.col);
    let id = claim
        .get("id")
        .and_then(Node::as_str)
        .unwrap_or_default()
        .to_string();
    EditError::Unsupported { line, col, id, why }
}

/// Re-parses the edited text and checks that it differs from the original only in the
/// verdict of the edited claim, and that the verdict reads back exactly as meant.
///
/// A claim that is an item of a block list (the usual layout) starts its own line, so its lines
/// (`region`, in the edited text) parse on their own: checking just those keeps a write to a
/// large file cheap. Bytes outside the region are untouched by construction.
fn verify(
    old_claim: &Node<'_>,
    before: &[Node<'_>],
    edited: &str,
    region: Range<usize>,
    change: &VerdictChange,
) -> Result<(), EditError> {
    let owns_its_lines = edited[region.start..old_claim.start].trim() == "-";
    let mut fragment_end = if edited[..region.end].ends_with('\n') {
        region.end
    } else {
        next_line_start(edited, region.end)
    };
    // Blank and comment lines after the claim are read as text by a block scalar that ends
    // it (`|+` keeps blank lines, deeper `#` lines are content): they are part of the check.
    while fragment_end < edited.len() {
        let next = next_line_start(edited, fragment_end);
        let line = edited[fragment_end..next].trim();
        if !line.is_empty() && !line.starts_with('#') {
            break;
        }
        fragment_end = next;
    }
    let fragment = &edited[region.start..fragment_end];
    let check = |claim: &Node<'_>| {
        claim.get("verdict").map(verdict_of)
            == change.verdict.as_ref().map(|v| Some(render_fields(v)))
            && same_outside_verdict(old_claim, claim)
    };
    let fragment_claim = |documents: &[Node<'_>]| -> bool {
        matches!(documents, [doc] if doc.items().len() == 1 && check(&doc.items()[0]))
    };
    let ok = if owns_its_lines {
        tree::parse(fragment).is_ok_and(|documents| fragment_claim(&documents))
    } else {
        let after = parse(edited)?;
        claim_ids(before) == claim_ids(&after) && check(find_claim(&after, &change.id)?)
    };
    if ok {
        Ok(())
    } else {
        Err(unsupported(
            old_claim,
            "the edit would not read back as written",
        ))
    }
}

fn claim_ids<'n>(documents: &'n [Node<'_>]) -> Vec<Option<&'n str>> {
    documents
        .iter()
        .filter_map(|doc| doc.get("claims"))
        .flat_map(Node::items)
        .map(|claim| claim.get("id").and_then(Node::as_str))
        .collect()
}

fn same_outside_verdict<'n, 'a>(a: &'n Node<'a>, b: &'n Node<'a>) -> bool {
    let others = |n: &'n Node<'a>| -> Vec<&'n (Node<'a>, Node<'a>)> {
        n.entries()
            .iter()
            .filter(|(k, _)| k.as_str() != Some("verdict"))
            .collect()
    };
    let (a, b) = (others(a), others(b));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|((ka, va), (kb, vb))| same_value(ka, kb) && same_value(va, vb))
}

/// Structural equality that ignores where the nodes are.
pub(super) fn same_value(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(x, _), NodeKind::Scalar(y, _)) => x == y,
        (NodeKind::Alias, NodeKind::Alias) => true,
        (NodeKind::Sequence(x, _), NodeKind::Sequence(y, _)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (NodeKind::Mapping(x, _), NodeKind::Mapping(y, _)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| same_value(kx, ky) && same_value(vx, vy))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
