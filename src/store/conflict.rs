//! Git merge conflicts in claim files.
//!
//! A conflicted file is read as two versions, ours and theirs: the file with the marker lines
//! and the other side's lines left empty, so that every line keeps its number in both. A claim
//! no conflict touches loads as usual; a claim a conflict falls in loads as ours, carrying both
//! sides; and such a conflict can be resolved by id, keeping one side.

use std::ops::{Range, RangeInclusive};
use std::path::Path;

use thiserror::Error;

use super::Problem;
use super::load::{FileKind, LoadedFile, Loader, syntax_problem};
use super::tree::{self, Node, SyntaxError};
use super::write::{EditError, WriteError, rewrite_locked, same_value};
use crate::model::{
    Claim, ClaimConflict, ConflictHunk, ConflictSide, RatingScale, describe_verdict,
};

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The branch that was checked out (`<<<<<<<`, usually `HEAD`).
    Ours,
    /// The branch being merged in (`>>>>>>>`).
    Theirs,
}

/// What [`resolve_conflict`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resolved {
    /// Conflict hunks replaced by the chosen side.
    pub hunks: usize,
    /// Conflict hunks still in the file (in other claims).
    pub left_in_file: usize,
    /// The file's other names (hard links), which keep the text from before; see
    /// [`hard_link_note`](super::hard_link_note).
    pub other_links: u64,
}

/// Resolves the merge conflict in claim `id` of the file at `path` by keeping `pick`'s lines,
/// safely (see [`rewrite_locked`]). Only the claim's hunks change, markers included.
pub fn resolve_conflict(path: &Path, id: &str, pick: Pick) -> Result<Resolved, WriteError> {
    let mut resolved = Resolved::default();
    let written = rewrite_locked(path, |text| {
        let (edited, done) = resolve_text(text, id, pick)?;
        resolved = done;
        Ok(edited)
    })?;
    resolved.other_links = written.map_or(0, |w| w.other_links());
    Ok(resolved)
}

/// A version of a conflicted file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    Ours,
    /// The common ancestor, in diff3-style conflicts.
    Base,
    Theirs,
}

impl From<Pick> for Version {
    fn from(pick: Pick) -> Self {
        match pick {
            Pick::Ours => Self::Ours,
            Pick::Theirs => Self::Theirs,
        }
    }
}

/// One version's section of a hunk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part<'a> {
    /// What follows the section's marker (`HEAD`, a branch name), possibly empty.
    label: &'a str,
    /// The section's lines, without its marker line.
    bytes: Range<usize>,
    /// Their 1-based numbers.
    lines: Range<usize>,
}

/// One conflict (`<<<<<<<` to `>>>>>>>`) as it sits in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hunk<'a> {
    /// From the start of the `<<<<<<<` line to past the `>>>>>>>` line's break.
    bytes: Range<usize>,
    /// 1-based lines of the `<<<<<<<` and `>>>>>>>` markers.
    line: usize,
    end_line: usize,
    ours: Part<'a>,
    base: Option<Part<'a>>,
    theirs: Part<'a>,
}

impl<'a> Hunk<'a> {
    fn part(&self, version: Version) -> Option<&Part<'a>> {
        match version {
            Version::Ours => Some(&self.ours),
            Version::Base => self.base.as_ref(),
            Version::Theirs => Some(&self.theirs),
        }
    }

    fn lines(&self) -> RangeInclusive<usize> {
        self.line..=self.end_line
    }

    fn model(&self, text: &str, within_claim: bool) -> ConflictHunk {
        let side = |part: &Part| ConflictSide {
            label: part.label.to_string(),
            text: text[part.bytes.clone()].to_string(),
        };
        ConflictHunk {
            line: self.line,
            end_line: self.end_line,
            ours: side(&self.ours),
            base: self.base.as_ref().map(side),
            theirs: side(&self.theirs),
            within_claim,
        }
    }
}

/// Conflict markers that do not pair up: the file cannot be split into its versions.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("merge conflict markers out of order ({what})")]
pub(super) struct Malformed {
    line: usize,
    what: &'static str,
}

impl Malformed {
    pub(super) fn problem(&self, path: &Path) -> Problem {
        Problem::error(
            path,
            self.line,
            1,
            format!("{self}; resolve it in your editor"),
        )
    }
}

impl From<Malformed> for EditError {
    fn from(malformed: Malformed) -> Self {
        EditError::ConflictNeedsEditor {
            line: malformed.line,
            what: malformed.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Start,
    Base,
    Middle,
    End,
}

const MARKERS: [(Marker, &str); 4] = [
    (Marker::Start, "<<<<<<<"),
    (Marker::Base, "|||||||"),
    (Marker::Middle, "======="),
    (Marker::End, ">>>>>>>"),
];

/// The marker `line` is, with its label: a marker starts its line, is exactly seven
/// characters, and is followed by a space or the end of the line.
fn marker(line: &str) -> Option<(Marker, &str)> {
    let content = without_break(line);
    MARKERS.iter().find_map(|&(marker, chars)| {
        let rest = content.strip_prefix(chars)?;
        let label = if rest.is_empty() {
            rest
        } else {
            rest.strip_prefix(' ')?
        };
        Some((marker, label))
    })
}

/// `line` without its line break (`\n` or `\r\n`).
fn without_break(line: &str) -> &str {
    line.strip_suffix('\n')
        .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l))
}

/// The byte ranges of the lines of `text[range]`, line breaks included.
fn lines(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = range.start;
    text[range].split_inclusive('\n').map(move |line| {
        let start = at;
        at += line.len();
        start..at
    })
}

/// A marker line as found.
struct Seen<'a> {
    line: usize,
    bytes: Range<usize>,
    label: &'a str,
}

/// The conflict hunks of `text`, in order; empty for a file without conflicts.
pub(super) fn hunks(text: &str) -> Result<Vec<Hunk<'_>>, Malformed> {
    let mut hunks = Vec::new();
    // The usual file has no opener, and costs one substring search.
    if !text.contains("<<<<<<<") {
        return Ok(hunks);
    }
    let (mut start, mut base, mut middle): (Option<Seen>, Option<Seen>, Option<Seen>) =
        (None, None, None);
    for (i, bytes) in lines(text, 0..text.len()).enumerate() {
        let Some((marker, label)) = marker(&text[bytes.clone()]) else {
            continue;
        };
        let line = i + 1;
        let out_of_order = |what| Err(Malformed { line, what });
        let seen = Seen { line, bytes, label };
        match marker {
            Marker::Start if start.is_some() => {
                return out_of_order("a `<<<<<<<` inside another conflict");
            }
            Marker::Start => start = Some(seen),
            // A stray marker outside a conflict is left for the YAML parser to report.
            _ if start.is_none() => {}
            Marker::Base if middle.is_some() => return out_of_order("a `|||||||` after `=======`"),
            Marker::Base if base.is_some() => return out_of_order("a second `|||||||`"),
            Marker::Base => base = Some(seen),
            Marker::Middle if middle.is_some() => return out_of_order("a second `=======`"),
            Marker::Middle => middle = Some(seen),
            Marker::End => {
                let (Some(open), Some(middle)) = (start.take(), middle.take()) else {
                    return out_of_order("a `>>>>>>>` before its `=======`");
                };
                hunks.push(hunk(open, base.take(), middle, seen));
            }
        }
    }
    match start {
        Some(open) => Err(Malformed {
            line: open.line,
            what: "a `<<<<<<<` without its `>>>>>>>`",
        }),
        None => Ok(hunks),
    }
}

fn hunk<'a>(open: Seen<'a>, base: Option<Seen<'a>>, middle: Seen<'a>, end: Seen<'a>) -> Hunk<'a> {
    let part = |from: &Seen<'a>, to: &Seen| Part {
        label: from.label,
        bytes: from.bytes.end..to.bytes.start,
        lines: from.line + 1..to.line,
    };
    let ours = part(&open, base.as_ref().unwrap_or(&middle));
    let theirs = Part {
        label: end.label,
        ..part(&middle, &end)
    };
    Hunk {
        bytes: open.bytes.start..end.bytes.end,
        line: open.line,
        end_line: end.line,
        ours,
        base: base.as_ref().map(|b| part(b, &middle)),
        theirs,
    }
}

/// The text as `version` has it: the marker lines and the other versions' lines become empty
/// lines (keeping their line breaks), so every line keeps its number.
fn view(text: &str, hunks: &[Hunk], version: Version) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for hunk in hunks {
        out.push_str(&text[at..hunk.bytes.start]);
        let kept = hunk.part(version).map_or(0..0, |part| part.bytes.clone());
        for line in lines(text, hunk.bytes.clone()) {
            let line_text = &text[line.clone()];
            if kept.contains(&line.start) {
                out.push_str(line_text);
            } else {
                out.push_str(&line_text[without_break(line_text).len()..]);
            }
        }
        at = hunk.bytes.end;
    }
    out.push_str(&text[at..]);
    out
}

/// 1-based line numbers of byte offsets.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = text.match_indices('\n').map(|(i, _)| i + 1);
        Self(std::iter::once(0).chain(starts).collect())
    }

    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

/// A claim of one version of the file and the lines it covers there.
struct Span<'n, 'a> {
    id: &'n str,
    node: &'n Node<'a>,
    /// From its `- ` line to its last line.
    lines: RangeInclusive<usize>,
}

fn spans<'n, 'a>(text: &str, documents: &'n [Node<'a>]) -> Vec<Span<'n, 'a>> {
    let index = LineIndex::new(text);
    documents
        .iter()
        .filter_map(|doc| doc.get("claims"))
        .flat_map(Node::items)
        .filter_map(|item| {
            let id = item.get("id")?.as_str()?;
            // A block item's mapping starts after its dash, which may sit on a line above.
            let before = text[..item.start].trim_end();
            let first = match before.strip_suffix('-') {
                Some(dash) => index.line_of(dash.len()),
                None => item.line,
            };
            Some(Span {
                id,
                node: item,
                lines: first..=index.line_of(item.end),
            })
        })
        .collect()
}

fn overlaps(a: &RangeInclusive<usize>, b: &RangeInclusive<usize>) -> bool {
    a.start() <= b.end() && b.start() <= a.end()
}

/// What a hunk touches: the ids of the claims it overlaps in either version, and whether it
/// lies within the one claim (every line of each side that is not blank or a comment is
/// inside the claim's lines in that version).
struct Reach<'n> {
    ids: Vec<&'n str>,
    within: bool,
}

impl Reach<'_> {
    /// Why only an editor can resolve `hunk`, when that is so.
    fn editor_only(&self, hunk: &Hunk) -> Option<String> {
        if self.within {
            return None;
        }
        let place = match &self.ids[..] {
            [] => "is outside any claim".to_string(),
            [id] => format!("reaches outside claim `{id}`"),
            ids => {
                let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
                format!("spans claims {}", ids.join(", "))
            }
        };
        Some(format!(
            "merge conflict at lines {}-{} {place}",
            hunk.line, hunk.end_line
        ))
    }
}

fn reaches<'n>(
    text: &str,
    hunks: &[Hunk],
    ours: &[Span<'n, '_>],
    theirs: &[Span<'n, '_>],
) -> Vec<Reach<'n>> {
    hunks
        .iter()
        .map(|hunk| {
            let sides = [(&hunk.ours, ours), (&hunk.theirs, theirs)];
            let lines = hunk.lines();
            let mut ids: Vec<&str> = Vec::new();
            for span in touching(ours, &lines).chain(touching(theirs, &lines)) {
                if !ids.contains(&span.id) {
                    ids.push(span.id);
                }
            }
            let within = match ids[..] {
                [id] => sides.into_iter().all(|(part, spans)| {
                    let span = touching(spans, &lines).find(|span| span.id == id);
                    content_lines(text, part)
                        .all(|line| span.is_some_and(|span| span.lines.contains(&line)))
                }),
                _ => false,
            };
            Reach { ids, within }
        })
        .collect()
}

fn touching<'s, 'n, 'a>(
    spans: &'s [Span<'n, 'a>],
    lines: &RangeInclusive<usize>,
) -> impl Iterator<Item = &'s Span<'n, 'a>> {
    spans
        .iter()
        .filter(move |span| overlaps(&span.lines, lines))
}

/// Numbers of the lines of `part` that are neither blank nor comments.
fn content_lines<'t>(text: &'t str, part: &Part) -> impl Iterator<Item = usize> + 't {
    lines(text, part.bytes.clone())
        .zip(part.lines.clone())
        .filter(|(bytes, _)| {
            let line = text[bytes.clone()].trim();
            !line.is_empty() && !line.starts_with('#')
        })
        .map(|(_, number)| number)
}

/// Loads a file with merge conflicts (`hunks`, of `text`): every claim from our version, each
/// claim a conflict touches marked with both sides (a claim only theirs has, too), and a
/// problem for each conflict saying how to resolve it.
pub(super) fn load_conflicted(
    path: &Path,
    text: &str,
    hunks: &[Hunk],
    scale: &RatingScale,
) -> LoadedFile {
    let ours_text = view(text, hunks, Version::Ours);
    let theirs_text = view(text, hunks, Version::Theirs);
    let (ours_documents, theirs_documents) =
        match (tree::parse(&ours_text), tree::parse(&theirs_text)) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            (ours, theirs) => return unparseable(path, hunks, ours.err(), theirs.err()),
        };
    let ours_spans = spans(&ours_text, &ours_documents);
    let theirs_spans = spans(&theirs_text, &theirs_documents);
    let reaches = reaches(text, hunks, &ours_spans, &theirs_spans);

    let ours = Loader::new(path, &ours_text, scale).load();
    let theirs = Loader::new(path, &theirs_text, scale).load();
    if ours.kind == FileKind::NotClaimFile && theirs.kind == FileKind::NotClaimFile {
        // Some other YAML file, skipped like one without conflicts.
        return ours;
    }
    let base = hunks
        .iter()
        .all(|hunk| hunk.base.is_some())
        .then(|| view(text, hunks, Version::Base))
        .filter(|base| tree::parse(base).is_ok())
        .map(|base| Loader::new(path, &base, scale).load());

    let touched = |id: &str| -> Vec<usize> {
        (0..hunks.len())
            .filter(|&i| reaches[i].ids.contains(&id))
            .collect()
    };
    let theirs_only: Vec<&Claim> = theirs
        .claims
        .iter()
        .filter(|c| !touched(&c.id).is_empty() && claim_in(&ours, &c.id).is_none())
        .collect();
    let mut problems: Vec<Problem> = ours
        .problems
        .iter()
        .chain(&theirs.problems)
        .cloned()
        .collect();
    let mut claims = Vec::with_capacity(ours.claims.len() + theirs_only.len());
    for claim in ours.claims.iter().chain(theirs_only.iter().copied()) {
        let mut claim = claim.clone();
        let indexes = touched(&claim.id);
        if !indexes.is_empty() {
            let (ours_claim, theirs_claim) =
                (claim_in(&ours, &claim.id), claim_in(&theirs, &claim.id));
            if indexes.iter().all(|&i| reaches[i].within) {
                let sides = describe_sides(ours_claim, theirs_claim);
                let id = &claim.id;
                problems.push(Problem::error(
                    path,
                    hunks[indexes[0]].line,
                    1,
                    format!(
                        "conflict in claim `{id}`: {sides}; pick one with `claimdesk resolve {id} --ours|--theirs` or in the dashboard"
                    ),
                ));
            }
            let verdict = |claim: Option<&Claim>| claim.and_then(|c| c.verdict.as_deref().cloned());
            claim.conflict = Some(Box::new(ClaimConflict {
                hunks: indexes
                    .iter()
                    .map(|&i| hunks[i].model(text, reaches[i].within))
                    .collect(),
                ours: verdict(ours_claim),
                theirs: verdict(theirs_claim),
                base: base.as_ref().map(|base| verdict(claim_in(base, &claim.id))),
            }));
        }
        claims.push(claim);
    }
    if !theirs_only.is_empty() {
        claims.sort_by_key(|c| (c.origin.line, c.origin.col));
    }
    for (hunk, reach) in hunks.iter().zip(&reaches) {
        if let Some(what) = reach.editor_only(hunk) {
            problems.push(Problem::error(
                path,
                hunk.line,
                1,
                format!("{what}; resolve it in your editor"),
            ));
        }
    }
    // A problem outside the conflicts is in both versions: it is reported once.
    problems.sort_by(|a, b| (a.line, a.col, &a.message).cmp(&(b.line, b.col, &b.message)));
    problems.dedup();
    LoadedFile {
        path: path.to_path_buf(),
        kind: FileKind::Claims,
        claims,
        problems,
    }
}

fn claim_in<'f>(file: &'f LoadedFile, id: &str) -> Option<&'f Claim> {
    file.claims.iter().find(|claim| claim.id == id)
}

/// How the two versions of a claim differ, for the conflict's message: their verdicts, or
/// when those read the same, the fields that differ.
fn describe_sides(ours: Option<&Claim>, theirs: Option<&Claim>) -> String {
    let side = |claim: Option<&Claim>| {
        claim.map_or_else(
            || "deletes the claim".to_string(),
            |c| describe_verdict(c.verdict.as_deref()),
        )
    };
    let (ours_side, theirs_side) = (side(ours), side(theirs));
    match (ours, theirs) {
        (Some(a), Some(b)) if ours_side == theirs_side => {
            let (va, vb) = (a.verdict.as_ref(), b.verdict.as_ref());
            let differ: Vec<&str> = [
                ("assertion", a.assertion == b.assertion),
                ("claimant", a.claimant == b.claimant),
                ("date", a.date == b.date),
                ("source", a.source == b.source),
                ("rebuttals", a.rebuttals == b.rebuttals),
                ("tags", a.tags == b.tags),
                ("review_url", a.review_url == b.review_url),
                ("assignee or status", a.workflow == b.workflow),
                ("verdict.note", va.map(|v| &v.note) == vb.map(|v| &v.note)),
                ("verdict.at", va.map(|v| v.at) == vb.map(|v| v.at)),
            ]
            .into_iter()
            .filter(|(_, same)| !same)
            .map(|(field, _)| field)
            .collect();
            if differ.is_empty() {
                "ours and theirs differ only in comments or layout".to_string()
            } else {
                format!("ours and theirs differ in {}", differ.join(", "))
            }
        }
        _ => format!("ours {ours_side}, theirs {theirs_side}"),
    }
}

/// A conflicted file whose ours or theirs version does not parse: each conflict and the
/// syntax errors are reported, and no claim is loaded (which version of a claim it holds
/// cannot be told).
fn unparseable(
    path: &Path,
    hunks: &[Hunk],
    ours: Option<SyntaxError>,
    theirs: Option<SyntaxError>,
) -> LoadedFile {
    let which = match (&ours, &theirs) {
        (Some(_), Some(_)) => "neither our nor their version parses",
        (Some(_), None) => "our version does not parse",
        _ => "their version does not parse",
    };
    let mut problems: Vec<Problem> = hunks
        .iter()
        .map(|hunk| {
            Problem::error(
                path,
                hunk.line,
                1,
                format!(
                    "merge conflict at lines {}-{}: {which}, so no claim of this file was loaded; resolve it in your editor",
                    hunk.line, hunk.end_line
                ),
            )
        })
        .collect();
    for error in ours.into_iter().chain(theirs) {
        let problem = syntax_problem(path, &error);
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    }
    LoadedFile {
        path: path.to_path_buf(),
        kind: FileKind::Claims,
        claims: Vec::new(),
        problems,
    }
}

/// The line of the first merge conflict in `text`, when it has one.
pub(super) fn first_conflict(text: &str) -> Option<usize> {
    match hunks(text) {
        Ok(hunks) => hunks.first().map(|hunk| hunk.line),
        Err(malformed) => Some(malformed.line),
    }
}

/// The text of a claim file with the conflict in claim `id` resolved by keeping `pick`'s
/// lines: pure, no I/O. Every byte outside the claim's hunks stays, and the result is checked
/// to read as that side's claim.
pub(super) fn resolve_text(
    text: &str,
    id: &str,
    pick: Pick,
) -> Result<(String, Resolved), EditError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let hunks = hunks(body)?;
    let ours_text = view(body, &hunks, Version::Ours);
    let theirs_text = view(body, &hunks, Version::Theirs);
    let ours_documents = parse_version(&ours_text, &hunks, "our")?;
    let theirs_documents = parse_version(&theirs_text, &hunks, "their")?;
    let ours_spans = spans(&ours_text, &ours_documents);
    let theirs_spans = spans(&theirs_text, &theirs_documents);
    let reaches = reaches(body, &hunks, &ours_spans, &theirs_spans);

    let mine: Vec<usize> = (0..hunks.len())
        .filter(|&i| reaches[i].ids.contains(&id))
        .collect();
    let Some(&first) = mine.first() else {
        let span = ours_spans.iter().chain(&theirs_spans).find(|s| s.id == id);
        return Err(match span {
            Some(span) => EditError::NoConflict {
                line: span.node.line,
                col: span.node.col,
                id: id.into(),
            },
            None => EditError::NotFound { id: id.into() },
        });
    };
    if let Some((line, what)) = mine
        .iter()
        .find_map(|&i| Some((hunks[i].line, reaches[i].editor_only(&hunks[i])?)))
    {
        return Err(EditError::ConflictNeedsEditor { line, what });
    }
    let version = Version::from(pick);
    let mut edited = String::with_capacity(text.len());
    edited.push_str(bom);
    let mut at = 0;
    for hunk in mine.iter().map(|&i| &hunks[i]) {
        edited.push_str(&body[at..hunk.bytes.start]);
        if let Some(part) = hunk.part(version) {
            edited.push_str(&body[part.bytes.clone()]);
        }
        at = hunk.bytes.end;
    }
    edited.push_str(&body[at..]);

    let left: Vec<&str> = (0..hunks.len())
        .filter(|i| !mine.contains(i))
        .map(|i| &body[hunks[i].bytes.clone()])
        .collect();
    let chosen = match pick {
        Pick::Ours => &ours_spans,
        Pick::Theirs => &theirs_spans,
    };
    if !reads_as(&edited[bom.len()..], version, chosen, id, &left) {
        return Err(EditError::Unsupported {
            line: hunks[first].line,
            col: 1,
            id: id.into(),
            why: "the resolved claim would not read back as that side's",
        });
    }
    let resolved = Resolved {
        hunks: mine.len(),
        left_in_file: left.len(),
        other_links: 0,
    };
    Ok((edited, resolved))
}

fn parse_version<'a>(
    text: &'a str,
    hunks: &[Hunk],
    whose: &str,
) -> Result<Vec<Node<'a>>, EditError> {
    tree::parse(text).map_err(|e| EditError::ConflictNeedsEditor {
        line: hunks.first().map_or(e.line, |hunk| hunk.line),
        what: format!(
            "{whose} version of the file does not parse at line {}, column {} ({})",
            e.line, e.col, e.message
        ),
    })
}

/// True when `resolved` still holds exactly the hunks `left`, and its `version` has the same
/// claims as `before` (that version of the file before resolving), claim `id` identical and
/// out of every conflict.
fn reads_as(resolved: &str, version: Version, before: &[Span], id: &str, left: &[&str]) -> bool {
    let Ok(hunks) = hunks(resolved) else {
        return false;
    };
    let kept: Vec<&str> = hunks
        .iter()
        .map(|hunk| &resolved[hunk.bytes.clone()])
        .collect();
    if kept != left {
        return false;
    }
    let text = view(resolved, &hunks, version);
    let Ok(documents) = tree::parse(&text) else {
        return false;
    };
    let after = spans(&text, &documents);
    let old = before.iter().filter(|span| span.id == id);
    let new = after.iter().filter(|span| span.id == id);
    before
        .iter()
        .map(|span| span.id)
        .eq(after.iter().map(|span| span.id))
        && old.zip(new).all(|(old, new)| {
            same_value(old.node, new.node)
                && !hunks.iter().any(|hunk| overlaps(&new.lines, &hunk.lines()))
        })
}

#[cfg(test)]
mod tests;
