//! Adding to a claim file: new claims at the end of its `claims:` list, a rebuttal at the end
//! of a claim's `rebuttals:`. As with verdicts, every byte already in the file stays as it was;
//! the new text follows the file's own layout (block or flow lists, indentation, line endings,
//! byte order mark), and the edited file is read again to prove that it holds exactly what
//! was there plus what was added.

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::replace::NEW_FILE_MODE;
use super::tree::{Node, NodeKind};
use super::write::{Written, find_claim, parse, rewrite_locked};
use super::yaml_text::{block_value, inline};
use super::{EditError, line_start, next_line_start};
use super::{WriteError, temporary};
use crate::model::{Claim, Origin, RatingScale, Rebuttal, Source};
use crate::store::load_text;

/// A claim to add, as the user wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewClaim {
    pub id: String,
    pub assertion: String,
    pub claimant: String,
    pub date: Option<NaiveDate>,
    pub source: Option<Source>,
    pub tags: Vec<String>,
    pub rebuttals: Vec<Rebuttal>,
}

/// Adds `claims` to the claim file at `path`, safely (see [`rewrite_locked`]); a file that
/// does not exist yet is made, never over one that appears meanwhile.
pub fn add_claims(path: &Path, claims: &[NewClaim]) -> Result<Option<Written>, WriteError> {
    if path.exists() {
        return rewrite_locked(path, |text| edit_add_claims(text, claims));
    }
    let io_error = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let text = new_file(claims);
    let mut temp = temporary::create(folder, NEW_FILE_MODE).map_err(io_error)?;
    temp.write_all(text.as_bytes()).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(Some(Written::between("", &text, 0))),
        // Made by someone else since: added to theirs.
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
            rewrite_locked(path, |text| edit_add_claims(text, claims))
        }
        Err(e) => Err(io_error(e.error)),
    }
}

/// Adds `rebuttal` to claim `id` in the file at `path`, safely (see [`rewrite_locked`]).
pub fn add_rebuttal(
    path: &Path,
    id: &str,
    rebuttal: &Rebuttal,
) -> Result<Option<Written>, WriteError> {
    rewrite_locked(path, |text| edit_add_rebuttal(text, id, rebuttal))
}

/// The text of a new claim file holding `claims`.
pub fn new_file(claims: &[NewClaim]) -> String {
    let mut text = String::from("claims:\n");
    for claim in claims {
        text.push_str(&block_item(&claim_fields(claim), 2, 4, "\n"));
    }
    text
}

/// The text of a claim file after `claims` are added at the end of its `claims:` list: pure,
/// no I/O.
pub fn edit_add_claims(text: &str, new_claims: &[NewClaim]) -> Result<String, EditError> {
    let (bom, body) = split_bom(text);
    let documents = parse(body)?;
    let Some(root) = documents.first() else {
        return Ok(format!("{bom}{body}{}", new_file(new_claims)));
    };
    let Some((key, list)) = root.entry("claims") else {
        return Err(unparseable(
            root,
            "the file has no top-level `claims:` list",
        ));
    };
    let eol = eol_of(body);
    let items: Vec<Vec<(&str, Field)>> = new_claims.iter().map(claim_fields).collect();
    let (range, insert) = append_to_list(body, key, list, &items, eol)?;
    let edited = splice(bom, body, range, &insert);
    check_reads_back(root, text, &edited, |claims| {
        claims.extend(new_claims.iter().map(as_claim))
    })?;
    Ok(edited)
}

/// The text of a claim file after `rebuttal` is added at the end of the rebuttals of claim
/// `id` (a `rebuttals:` list is made when the claim has none): pure, no I/O.
pub fn edit_add_rebuttal(text: &str, id: &str, rebuttal: &Rebuttal) -> Result<String, EditError> {
    let (bom, body) = split_bom(text);
    let documents = parse(body)?;
    let claim = find_claim(&documents, id)?;
    if claim.shares_nodes() {
        let why = "it shares an anchor or alias with other nodes";
        return Err(unsupported(claim, id, why));
    }
    let eol = eol_of(body);
    let item = rebuttal_fields(rebuttal);
    let (range, insert) = match claim.entry("rebuttals") {
        Some((key, list)) => append_to_list(body, key, list, std::slice::from_ref(&item), eol)?,
        None if claim.is_flow() => {
            let last = claim
                .entries()
                .last()
                .map_or(claim.start + 1, |(_, v)| v.end);
            let list = format!("[{}]", flow_mapping(&item));
            (last..last, format!(", rebuttals: {list}"))
        }
        None => at_point(
            new_block_list(body, claim, &item, eol)
                .ok_or_else(|| unsupported(claim, id, "not a mapping"))?,
        ),
    };
    let edited = splice(bom, body, range, &insert);
    let root = documents.first().unwrap_or(claim);
    check_reads_back(root, text, &edited, |claims| {
        if let Some(target) = claims.iter_mut().find(|c| c.id == id) {
            target.rebuttals.push(rebuttal.clone());
        }
    })?;
    Ok(edited)
}

/// A value as the writer puts it in the file.
#[derive(Debug, Clone)]
enum Field {
    Text(String),
    /// Dates stay plain (`2023-06-15`), as the format asks.
    Date(NaiveDate),
    /// A flow list of plain words: `[cowin, data-breach]`.
    Words(Vec<String>),
    Mapping(Vec<(&'static str, Field)>),
    List(Vec<Vec<(&'static str, Field)>>),
}

fn claim_fields(claim: &NewClaim) -> Vec<(&'static str, Field)> {
    let mut fields = vec![
        ("id", Field::Text(claim.id.clone())),
        ("assertion", Field::Text(claim.assertion.clone())),
        ("claimant", Field::Text(claim.claimant.clone())),
    ];
    if let Some(date) = claim.date {
        fields.push(("date", Field::Date(date)));
    }
    if let Some(source) = &claim.source {
        let mut source_fields = Vec::new();
        let parts = [
            ("name", source.name.as_deref()),
            ("url", source.url.as_deref()),
            ("quote", source.quote.as_deref()),
        ];
        for (key, value) in parts {
            if let Some(value) = value {
                source_fields.push((key, Field::Text(value.to_string())));
            }
        }
        if !source_fields.is_empty() {
            fields.push(("source", Field::Mapping(source_fields)));
        }
    }
    if !claim.rebuttals.is_empty() {
        let list = claim.rebuttals.iter().map(rebuttal_fields).collect();
        fields.push(("rebuttals", Field::List(list)));
    }
    if !claim.tags.is_empty() {
        fields.push(("tags", Field::Words(claim.tags.clone())));
    }
    fields
}

fn rebuttal_fields(rebuttal: &Rebuttal) -> Vec<(&'static str, Field)> {
    let mut fields = vec![
        ("by", Field::Text(rebuttal.by.to_string())),
        ("text", Field::Text(rebuttal.text.clone())),
    ];
    if let Some(date) = rebuttal.date {
        fields.push(("date", Field::Date(date)));
    }
    if let Some(url) = &rebuttal.url {
        fields.push(("url", Field::Text(url.clone())));
    }
    fields
}

/// The claim the loader should read back for `new`.
fn as_claim(new: &NewClaim) -> Claim {
    Claim {
        id: new.id.as_str().into(),
        assertion: new.assertion.clone(),
        claimant: new.claimant.as_str().into(),
        date: new.date,
        source: new.source.clone().map(Box::new),
        rebuttals: new.rebuttals.clone(),
        tags: new.tags.iter().map(|t| t.as_str().into()).collect(),
        verdict: None,
        review_url: None,
        origin: Origin {
            path: Arc::from(Path::new("")),
            line: 0,
            col: 0,
        },
        conflict: None,
        workflow: None,
    }
}

/// What to replace (most often an empty range: where to insert), and with what, to add
/// `items` at the end of the list `list` (the value of `key`), in the list's own layout.
fn append_to_list(
    body: &str,
    key: &Node,
    list: &Node,
    items: &[Vec<(&'static str, Field)>],
    eol: &str,
) -> Result<(Range<usize>, String), EditError> {
    match (&list.kind, list.items().last()) {
        (NodeKind::Sequence(..), Some(last)) if list.is_flow() => {
            // On a line of its own when the last item is: one item a line, as written.
            let own_line = body[line_start(body, last.start)..last.start]
                .trim()
                .is_empty();
            let indent = last.col - 1;
            let separator = if own_line {
                format!(",{eol}{}", " ".repeat(indent))
            } else {
                ", ".to_string()
            };
            let text: Vec<String> = items.iter().map(|i| flow_mapping(i)).collect();
            Ok((
                last.end..last.end,
                format!("{separator}{}", text.join(&separator)),
            ))
        }
        (NodeKind::Sequence(..), Some(last)) => {
            let first = &list.items()[0];
            let dash_indent = dash_column(body, first).unwrap_or(key.col - 1);
            let key_indent = first
                .entries()
                .first()
                .map_or(dash_indent + 2, |(k, _)| k.col - 1);
            let at = past_block(body, last.end, dash_indent);
            let text: String = items
                .iter()
                .map(|item| block_item(item, dash_indent, key_indent, eol))
                .collect();
            Ok(at_point(terminated(body, at, text, eol)))
        }
        (NodeKind::Sequence(..), None) if inside_flow(body, key) => {
            // `[]` inside a flow mapping: the items go between the brackets.
            let text: Vec<String> = items.iter().map(|i| flow_mapping(i)).collect();
            Ok((list.start + 1..list.start + 1, text.join(", ")))
        }
        (NodeKind::Sequence(..), None) => {
            // `key: []` on a line of its own: the brackets make way for a block list.
            let dash_indent = key.col - 1 + 2;
            let text: String = items
                .iter()
                .map(|item| block_item(item, dash_indent, dash_indent + 2, eol))
                .collect();
            let text = text.strip_suffix(eol).unwrap_or(&text);
            // From just past the colon, so no space is left at the end of the key's line.
            let colon = body[key.end..list.start]
                .find(':')
                .map_or(list.start, |i| key.end + i + 1);
            Ok((colon..list.end, format!("{eol}{text}")))
        }
        _ if list.is_null() => {
            let dash_indent = key.col - 1 + 2;
            let text: String = items
                .iter()
                .map(|item| block_item(item, dash_indent, dash_indent + 2, eol))
                .collect();
            // On the lines after the key (and whatever null it was written with).
            let at = next_line_start(body, list.end.max(key.end));
            Ok(at_point(terminated(body, at, text, eol)))
        }
        _ => Err(unparseable(list, "the list to add to is not a list")),
    }
}

/// A `rebuttals:` list with `item`, as the last key of block claim `claim` (before its
/// verdict, which stays last).
fn new_block_list(
    body: &str,
    claim: &Node,
    item: &[(&'static str, Field)],
    eol: &str,
) -> Option<(usize, String)> {
    let (first_key, _) = claim.entries().first()?;
    let indent = first_key.col - 1;
    let text = block_entry("rebuttals", &Field::List(vec![item.to_vec()]), indent, eol);
    let at = match claim.entry("verdict") {
        Some((verdict_key, _)) if line_start(body, verdict_key.start) > claim.start => {
            line_start(body, verdict_key.start)
        }
        _ => past_block(body, claim.end, indent),
    };
    Some(terminated(body, at, text, eol))
}

/// An insertion as the replacement of an empty range.
fn at_point((at, text): (usize, String)) -> (Range<usize>, String) {
    (at..at, text)
}

/// True when `key` sits inside a flow mapping (`{id: a, rebuttals: []}`), where a block list
/// cannot go.
fn inside_flow(body: &str, key: &Node) -> bool {
    !body[line_start(body, key.start)..key.start]
        .trim_start_matches([' ', '-'])
        .is_empty()
}

/// `text` to insert at `at`, ending the file the way it ended: in a file without a final line
/// break, the break moves in front of the new text.
fn terminated(body: &str, at: usize, mut text: String, eol: &str) -> (usize, String) {
    if at == body.len() && !body.ends_with('\n') {
        text.truncate(text.len() - eol.len());
        text.insert_str(0, eol);
    }
    (at, text)
}

/// Past the block ending at `end`: its line, and the comment and blank lines nested deeper
/// than `indent` that follow (a block scalar above would read them as its text).
fn past_block(body: &str, end: usize, indent: usize) -> usize {
    let mut at = next_line_start(body, end);
    let mut past = at;
    while at < body.len() {
        let next = next_line_start(body, at);
        let line = &body[at..next];
        let content = line.trim_start_matches(' ');
        let nested = line.len() - content.len() > indent;
        if nested && (content.starts_with('#') || content.trim().is_empty()) {
            past = next;
        } else if !line.trim().is_empty() {
            break;
        }
        at = next;
    }
    past
}

/// The column of the `-` in front of block list item `item`.
fn dash_column(body: &str, item: &Node) -> Option<usize> {
    let line = &body[line_start(body, item.start)..item.start];
    line.rfind('-')
}

/// A block list item: `- key: value` at `dash_indent`, the other keys at `key_indent`.
fn block_item(
    fields: &[(&'static str, Field)],
    dash_indent: usize,
    key_indent: usize,
    eol: &str,
) -> String {
    let mut out = String::new();
    for (i, (key, value)) in fields.iter().enumerate() {
        let entry = block_entry(key, value, key_indent, eol);
        if i == 0 {
            let gap = key_indent.saturating_sub(dash_indent + 1).max(1);
            out.push_str(&" ".repeat(dash_indent));
            out.push('-');
            out.push_str(&" ".repeat(gap));
            out.push_str(entry.trim_start_matches(' '));
        } else {
            out.push_str(&entry);
        }
    }
    out
}

/// `key: value` at `indent`, with its line break; nested blocks two columns deeper.
fn block_entry(key: &str, value: &Field, indent: usize, eol: &str) -> String {
    let lead = " ".repeat(indent);
    match value {
        Field::Text(text) => format!("{lead}{key}: {}{eol}", block_value(text, indent, eol)),
        Field::Date(date) => format!("{lead}{key}: {date}{eol}"),
        Field::Words(words) => format!("{lead}{key}: {}{eol}", flow_words(words)),
        Field::Mapping(fields) => {
            let mut out = format!("{lead}{key}:{eol}");
            for (child, value) in fields {
                out.push_str(&block_entry(child, value, indent + 2, eol));
            }
            out
        }
        Field::List(items) => {
            let mut out = format!("{lead}{key}:{eol}");
            for item in items {
                out.push_str(&block_item(item, indent + 2, indent + 4, eol));
            }
            out
        }
    }
}

/// `{key: value, ...}` on one line.
fn flow_mapping(fields: &[(&'static str, Field)]) -> String {
    let entries: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{key}: {}", flow_value(value)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

fn flow_value(value: &Field) -> String {
    match value {
        Field::Text(text) => inline(text),
        Field::Date(date) => date.to_string(),
        Field::Words(words) => flow_words(words),
        Field::Mapping(fields) => flow_mapping(fields),
        Field::List(items) => {
            let items: Vec<String> = items.iter().map(|i| flow_mapping(i)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

fn flow_words(words: &[String]) -> String {
    let words: Vec<String> = words.iter().map(|w| inline(w)).collect();
    format!("[{}]", words.join(", "))
}

pub(super) fn split_bom(text: &str) -> (&str, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    }
}

fn eol_of(body: &str) -> &'static str {
    if body.contains("\r\n") { "\r\n" } else { "\n" }
}

fn splice(bom: &str, body: &str, range: Range<usize>, insert: &str) -> String {
    let mut edited = String::with_capacity(bom.len() + body.len() + insert.len());
    edited.push_str(bom);
    edited.push_str(&body[..range.start]);
    edited.push_str(insert);
    edited.push_str(&body[range.end..]);
    edited
}

/// Refuses an edit whose file (`edited`, made from `text`) does not read back as the claims
/// of `text` changed by `expect` (every claim as it was, plus what was added), or has more
/// problems than `text` had.
pub(super) fn check_reads_back(
    near: &Node,
    text: &str,
    edited: &str,
    expect: impl FnOnce(&mut Vec<Claim>),
) -> Result<(), EditError> {
    let scale = RatingScale::default();
    let before = load_text(Path::new("before.yaml"), text.as_bytes(), &scale);
    let after = load_text(Path::new("after.yaml"), edited.as_bytes(), &scale);
    let mut expected = before.claims;
    expect(&mut expected);
    let same = expected.len() == after.claims.len()
        && expected
            .iter()
            .zip(&after.claims)
            .all(|(a, b)| same_content(a, b));
    if same && after.problems.len() <= before.problems.len() {
        Ok(())
    } else {
        let why = "the addition would not read back as written";
        Err(unsupported(near, "", why))
    }
}

/// Equal but for where the claim is: the lines after an addition move down.
fn same_content(a: &Claim, b: &Claim) -> bool {
    let mut b = b.clone();
    b.origin = a.origin.clone();
    *a == b
}

fn unparseable(node: &Node, message: &str) -> EditError {
    EditError::Unparseable {
        line: node.line,
        col: node.col,
        message: message.to_string(),
    }
}

fn unsupported(node: &Node, id: &str, why: &'static str) -> EditError {
    EditError::Unsupported {
        line: node.line,
        col: node.col,
        id: id.to_string(),
        why,
    }
}

#[cfg(test)]
mod tests;
