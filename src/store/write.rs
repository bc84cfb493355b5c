//! Format-preserving verdict writes: only the claim's `verdict:` block changes, every other
//! byte of the file stays as it was.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::lock::lock;
use super::tree::{self, Node, NodeKind};
use super::yaml_text::{block_value, inline};
use crate::model::Verdict;

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
    #[error("{}: cannot write: {source}; check the file's permissions and free disk space", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{source}", path.display())]
    Edit { path: PathBuf, source: EditError },
}

/// Why the text of a claim file could not be edited; its `Display` continues a `path:` prefix.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("{line}:{col}: the file does not parse ({message}); fix it, then tag again")]
    Unparseable {
        line: usize,
        col: usize,
        message: String,
    },
    #[error(" no claim with id `{id}` (renamed or removed on disk?); reload and try again")]
    NotFound { id: String },
    #[error("{line}:1: id `{id}` appears more than once in this file; give each claim its own id first")]
    Ambiguous { line: usize, id: String },
    #[error("{line}:{col}: the verdict of `{id}` shares an anchor or alias with other nodes; edit it by hand")]
    Shared { line: usize, col: usize, id: String },
    #[error("{line}:1: the verdict of `{id}` was changed on disk since it was loaded; reload to see it, then tag again")]
    Changed { line: usize, id: String },
    #[error("{line}:{col}: claim `{id}` has a shape claimdesk cannot edit safely ({why}); edit it by hand")]
    Unsupported {
        line: usize,
        col: usize,
        id: String,
        why: &'static str,
    },
}

/// Applies `change` to the file at `path`, safely: under an advisory lock, on the file's
/// current text (so others' edits since loading survive), via a temporary file in the same
/// folder that is synced and renamed over the original with the original's permissions.
/// On any error the file is untouched.
pub fn apply_verdict_change(path: &Path, change: &VerdictChange) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let guard = lock(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    (&guard.file).read_to_end(&mut bytes).map_err(io_error)?;
    let text = String::from_utf8(bytes).map_err(|e| WriteError::Edit {
        path: path.to_path_buf(),
        source: EditError::Unparseable {
            line: 1,
            col: 1,
            message: format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        },
    })?;
    let edited = edit_verdict(&text, change).map_err(|source| WriteError::Edit {
        path: path.to_path_buf(),
        source,
    })?;
    if edited == text {
        return Ok(());
    }
    let permissions = guard.file.metadata().map_err(io_error)?.permissions();
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".claimdesk-")
        .tempfile_in(folder)
        .map_err(io_error)?;
    temp.write_all(edited.as_bytes()).map_err(io_error)?;
    temp.as_file().set_permissions(permissions).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    temp.persist(path).map_err(|e| io_error(e.error))?;
    // Make the rename itself durable.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    drop(guard);
    Ok(())
}

/// The text of a claim file after `change`: pure, no I/O. Everything outside the claim's
/// verdict is byte-identical, and the result is re-parsed to prove it says what was meant.
pub fn edit_verdict(text: &str, change: &VerdictChange) -> Result<String, EditError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
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
        && current.map(|(_, v)| verdict_of(v)) != expected.clone().map(|v| Some(render_fields(&v)))
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
    verify(&documents, &edited[bom.len()..], change)?;
    Ok(edited)
}

fn parse(body: &str) -> Result<Vec<Node>, EditError> {
    tree::parse(body).map_err(|e| {
EditError::Unparseable {
        line: e.line,
        col: e.col,
        message: e.message,
    }
    })
}

fn claims_with_id<'a>(documents: &'a [Node], id: &str) -> Vec<&'a Node> {
    documents
        .iter()
        .filter_map(|doc| doc.get("claims"))
        .flat_map(Node::items)
        .filter(|claim| claim.get("id").and_then(Node::as_str) == Some(id))
        .collect()
}

fn find_claim<'a>(documents: &'a [Node], id: &str) -> Result<&'a Node, EditError> {
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
    let mut fields = vec![("rating", verdict.rating.clone())];
    if let Some(note) = &verdict.note {
        fields.push(("note", note.clone()));
    }
    if let Some(by) = &verdict.by {
        fields.push(("by", by.clone()));
    }
    if let Some(at) = verdict.at {
        fields.push(("at", at.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
    }
    fields
}

/// A verdict node as (key, scalar) pairs, or `None` when it is not a mapping of scalars.
fn verdict_of(node: &Node) -> Option<Vec<(&'static str, String)>> {
    let mut fields = Vec::new();
    for name in ["rating", "note", "by", "at"] {
        if let Some(value) = node.get(name) {
            fields.push((name, value.as_str()?.to_string()));
        }
    }
    (node.entries().len() == fields.len()).then_some(fields)
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Offset just past the line break of the line holding `offset` (or the end of the text).
fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1)
}

fn block_verdict(verdict: &Verdict, indent: usize, eol: &str) -> String {
    let child = " ".repeat(indent + 2);
    let mut out = format!("verdict:{eol}");
    for (key, value) in render_fields(verdict) {
        let value = if key == "note" {
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

type Edit = (std::ops::Range<usize>, String);

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
            let end = next_line_start(body, value.end);
            let end_with_eol = if end == body.len() && !body.ends_with('\n') {
                None
            } else {
                Some(end)
            };
            let starts_line = body[line_start(body, key.start)..key.start].trim().is_empty();
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
            let at = next_line_start(body, claim.end);
            let mut text = String::new();
            if at == body.len() && !body.ends_with('\n') {
                text.push_str(eol);
            }
            text.push_str(&" ".repeat(indent));
            text.push_str(&block_verdict(v, indent, eol));
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
                (key.start..value.end + trailing + 1 + spaces, String::new())
            } else {
                let before = body[..key.start].trim_end();
                let comma = before.strip_suffix(',').map_or(key.start, str::len);
                (comma..value.end, String::new())
            }
        }
        (None, Some(v)) => {
            let last = claim.entries().last().map_or(claim.start + 1, |(_, v)| v.end);
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
fn verify(before: &[Node], edited: &str, change: &VerdictChange) -> Result<(), EditError> {
    let after = parse(edited)?;
    let claim = find_claim(&after, &change.id)?;
    let old_claim = find_claim(before, &change.id)?;
    let verdict_ok = claim.get("verdict").map(verdict_of) == change.verdict.as_ref().map(|v| Some(render_fields(v)));
    let others_ok = same_outside_verdict(old_claim, claim)
        && claim_ids(before) == claim_ids(&after);
    if verdict_ok && others_ok {
        Ok(())
    } else {
        Err(unsupported(old_claim, "the edit would not read back as written"))
    }
}

fn claim_ids(documents: &[Node]) -> Vec<Option<&str>> {
    documents
        .iter()
        .filter_map(|doc| doc.get("claims"))
        .flat_map(Node::items)
        .map(|claim| claim.get("id").and_then(Node::as_str))
        .collect()
}

fn same_outside_verdict(a: &Node, b: &Node) -> bool {
    let others = |n: &Node| -> Vec<(Node, Node)> {
        n.entries()
            .iter()
            .filter(|(k, _)| k.as_str() != Some("verdict"))
            .cloned()
            .collect()
    };
    let (a, b) = (others(a), others(b));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|((ka, va), (kb, vb))| same_value(ka, kb) && same_value(va, vb))
}

/// Structural equality that ignores where the nodes are.
fn same_value(a: &Node, b: &Node) -> bool {
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
