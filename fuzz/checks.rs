//! What each fuzz target checks, in one place. The fuzz targets (`fuzz/fuzz_targets/`) run
//! these on generated inputs; `tests/fuzz_corpus.rs` replays the saved corpus and every
//! crash through them on stable Rust, so an input that once failed stays a regression test.
//!
//! Included by path (`#[path = "../checks.rs"] mod checks;`), not shared as a crate: the main
//! crate's tests need no fuzzing dependency and the fuzz crate no test harness.

// Each includer uses only some of these.
#![allow(dead_code)]

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use chrono::DateTime;
use claimdesk::model::{Claim, RatingScale, Verdict, is_valid_id};
use claimdesk::search::{Filter, Query, Sort, filter_and_rank, highlight};
use claimdesk::store::tree::{self, Node};
use claimdesk::store::{LoadedFile, VerdictChange, edit_verdict, load_text, load_text_whole};

/// The name every fuzzed file is loaded under.
const PATH: &str = "fuzz.yaml";

/// What a load may yield, per byte of file and in all: problem messages quote the file and
/// add a sentence of advice, but a file must never make the loader produce output (or do
/// work) that grows faster than the file does. The base allows for the loader's budgets,
/// which let even a small file replay aliases into a megabyte of text.
const YIELD_PER_BYTE: usize = 64;
const YIELD_BASE: usize = 2 * 1024 * 1024;

fn load(bytes: &[u8]) -> LoadedFile {
    load_text(Path::new(PATH), bytes, &RatingScale::default())
}

/// `load`: any bytes load into claims and located problems, never a panic, and what comes
/// out is sane and bounded by the size of what went in.
pub fn check_load(bytes: &[u8]) {
    let file = load(bytes);
    let text = String::from_utf8_lossy(bytes);
    // The YAML parser also counts a lone `\r` as a line break; the rest of the loader counts
    // only `\n`. A position must exist in one of the two readings.
    let lines: Vec<&str> = text.split('\n').collect();
    let yaml_text = text.replace("\r\n", "\n");
    let yaml_lines: Vec<&str> = yaml_text.split(['\n', '\r']).collect();
    let exists = |line, col| within(&lines, line, col) || within(&yaml_lines, line, col);
    for problem in &file.problems {
        assert_eq!(problem.path, Path::new(PATH), "{problem}");
        assert!(!problem.message.is_empty(), "{problem:?}");
        assert!(
            exists(problem.line, problem.col),
            "{problem}: not a position in the file ({} lines)",
            lines.len()
        );
    }
    for claim in &file.claims {
        assert!(
            is_valid_id(&claim.id),
            "claim loaded with id {:?}",
            claim.id
        );
        assert!(*claim.origin.path == *Path::new(PATH));
        assert!(
            exists(claim.origin.line, claim.origin.col),
            "claim `{}` placed at {}:{}, not a position in the file",
            claim.id,
            claim.origin.line,
            claim.origin.col
        );
    }
    // A plain file is read claim by claim; whatever the file, that must find exactly what
    // reading it whole finds.
    let whole = load_text_whole(Path::new(PATH), bytes, &RatingScale::default());
    assert_eq!(
        file.claims, whole.claims,
        "claim by claim and whole differ in claims"
    );
    assert_eq!(
        file.problems, whole.problems,
        "claim by claim and whole differ in problems"
    );
    let yielded: usize = file.problems.iter().map(|p| p.message.len()).sum::<usize>()
        + file.claims.iter().map(claim_size).sum::<usize>();
    assert!(
        yielded <= YIELD_PER_BYTE * bytes.len() + YIELD_BASE,
        "{} bytes loaded into {yielded} bytes of claims and problems",
        bytes.len()
    );
}

/// Whether 1-based `line` and `col` (in characters) point into `lines` or just past a line's end.
fn within(lines: &[&str], line: usize, col: usize) -> bool {
    line >= 1 && line <= lines.len() && col >= 1 && col <= lines[line - 1].chars().count() + 1
}

/// Bytes of text a claim holds.
fn claim_size(claim: &Claim) -> usize {
    let source = claim.source.iter().flat_map(|s| {
        [s.name.as_deref(), s.url.as_deref(), s.quote.as_deref()]
            .into_iter()
            .flatten()
    });
    let rebuttals = claim
        .rebuttals
        .iter()
        .flat_map(|r| [r.by.as_str(), &r.text, r.url.as_deref().unwrap_or_default()]);
    let verdict = claim.verdict.iter().flat_map(|v| {
        [
            v.rating.as_str(),
            v.note.as_deref().unwrap_or_default(),
            v.by.as_deref().unwrap_or_default(),
        ]
    });
    [claim.id.as_str(), &claim.assertion, &claim.claimant]
        .into_iter()
        .chain(claim.review_url.as_deref())
        .chain(source)
        .chain(rebuttals)
        .chain(verdict)
        .chain(claim.tags.iter().map(|t| t.as_str()))
        .map(str::len)
        .sum()
}

/// A `write` input: a claim file, then (after a NUL byte, which no claim file holds) the
/// choices: which claim, which rating (one past the scale: remove the verdict), whether to
/// stamp a time, then the note and, after another NUL, who tags. A plain claim file is an
/// input too: its first claim gets the first rating.
struct WriteCase<'a> {
    text: &'a [u8],
    claim: usize,
    rating: usize,
    at: Option<i64>,
    note: Option<String>,
    by: Option<String>,
}

impl<'a> WriteCase<'a> {
    fn parse(bytes: &'a [u8]) -> Self {
        let (text, choices) = match bytes.iter().position(|&b| b == 0) {
            Some(nul) => (&bytes[..nul], &bytes[nul + 1..]),
            None => (bytes, &[][..]),
        };
        let byte = |i: usize| choices.get(i).copied().unwrap_or_default();
        let rest = choices.get(3..).unwrap_or_default();
        let (note, by) = match rest.iter().position(|&b| b == 0) {
            Some(nul) => (&rest[..nul], Some(&rest[nul + 1..])),
            None => (rest, None),
        };
        let text_of = |b: &[u8]| (!b.is_empty()).then(|| String::from_utf8_lossy(b).into_owned());
        Self {
            text,
            claim: byte(0).into(),
            rating: byte(1).into(),
            // Whole seconds from 2000 on, as the writer stores them.
            at: (byte(2) != 0).then(|| 946_684_800 + i64::from(byte(2)) * 7_919_993),
            note: text_of(note),
            by: by.and_then(text_of),
        }
    }

    fn verdict(&self, scale: &RatingScale) -> Option<Verdict> {
        let ratings = scale.ratings();
        let rating = ratings.get(self.rating % (ratings.len() + 1))?;
        Some(Verdict {
            rating: rating.id.as_str().into(),
            note: self.note.clone(),
            by: self.by.as_deref().map(Into::into),
            at: self.at.and_then(|s| DateTime::from_timestamp(s, 0)),
            review: None,
        })
    }
}

/// `write`: on a file that loads at least one claim, setting or removing one's verdict (as
/// `claimdesk tag` and `untag` do, expecting the verdict they loaded) either refuses or gives
/// a file that loads the same claims with that one's new verdict, and differs from the old
/// file only in that claim's verdict block (see [`verdict_blocks`]).
pub fn check_write(bytes: &[u8]) {
    let case = WriteCase::parse(bytes);
    let Ok(before) = std::str::from_utf8(case.text) else {
        return; // The writer refuses what is not UTF-8 before it gets this far.
    };
    let loaded = load(case.text);
    if loaded.claims.is_empty() {
        return;
    }
    let scale = RatingScale::default();
    let claim = &loaded.claims[case.claim % loaded.claims.len()];
    let change = VerdictChange {
        id: claim.id.to_string(),
        verdict: case.verdict(&scale),
        expect: Some(claim.verdict.as_deref().cloned()),
    };
    let Ok(after) = edit_verdict(before, &change) else {
        return; // Refusing is always allowed; the file is then left as it was.
    };
    let reloaded = load(after.as_bytes());
    assert_eq!(
        reloaded.claims.len(),
        loaded.claims.len(),
        "claims lost or gained; the file after:\n{after}"
    );
    for (old, new) in loaded.claims.iter().zip(&reloaded.claims) {
        assert!(old.same_but_verdict(new), "{old:?}\nbecame\n{new:?}");
        let verdict = if old.id == claim.id {
            change.verdict.as_ref()
        } else {
            old.verdict.as_deref()
        };
        assert_eq!(
            new.verdict.as_deref(),
            verdict,
            "verdict of `{}`; the file after:\n{after}",
            old.id
        );
    }
    for problem in &reloaded.problems {
        assert!(
            loaded.problems.iter().any(|p| p.message == problem.message),
            "the write brought a new problem: {problem}; the file after:\n{after}"
        );
    }
    let is_target = |id: &str| id == claim.id;
    assert_eq!(
        without_verdict_blocks(before, is_target),
        without_verdict_blocks(&after, is_target),
        "bytes outside the verdict of `{}` changed; the file after:\n{after}",
        claim.id
    );
}

/// `text` without the verdict blocks of the claims whose id `wanted` accepts; `None` when the
/// text does not parse.
pub fn without_verdict_blocks(text: &str, wanted: impl Fn(&str) -> bool) -> Option<String> {
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for block in verdict_blocks(text, wanted)? {
        if block.start > from {
            kept.push_str(&text[from..block.start]);
        }
        from = from.max(block.end);
    }
    kept.push_str(&text[from..]);
    Some(kept)
}

/// Byte ranges, in order, of the verdict blocks of the claims whose id `wanted` accepts: what
/// the writer may replace. In a block mapping, the `verdict` entry from the start of its line
/// (from the key, when an item's dash shares the line, up to the next key) through the end
/// of its value and the comment lines and lines of spaces indented under it (a block scalar
/// above would read them as its text), with the line break before it when it ends a file
/// that has no final line break. In a flow mapping, the entry with the comma that separates
/// it from the one before (the one after, when it comes first). `None` when `text` does not
/// parse.
pub fn verdict_blocks(text: &str, wanted: impl Fn(&str) -> bool) -> Option<Vec<Range<usize>>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let documents = tree::parse(body).ok()?;
    let claims = documents
        .iter()
        .filter_map(|doc| doc.get("claims"))
        .flat_map(Node::items)
        .filter(|claim| claim.get("id").and_then(Node::as_str).is_some_and(&wanted));
    let mut blocks = Vec::new();
    for claim in claims {
        let entries = claim.entries();
        for (i, (key, value)) in entries.iter().enumerate() {
            if key.as_str() != Some("verdict") {
                continue;
            }
            let next_key = entries.get(i + 1).map(|(k, _)| k.start);
            let block = if claim.is_flow() {
                match i.checked_sub(1) {
                    Some(previous) => entries[previous].1.end..value.end,
                    None => key.start..next_key.unwrap_or(value.end),
                }
            } else {
                block_entry(body, key, value, next_key, entries[0].0.col - 1)
            };
            blocks.push(block.start + bom..block.end + bom);
        }
    }
    Some(blocks)
}

/// The lines of a `verdict` entry of a block mapping whose keys sit at column `indent`.
fn block_entry(
    body: &str,
    key: &Node,
    value: &Node,
    next_key: Option<usize>,
    indent: usize,
) -> Range<usize> {
    let line = body[..key.start].rfind('\n').map_or(0, |i| i + 1);
    if !body[line..key.start].trim().is_empty() {
        // `- verdict: ...`: the next key takes its place after the dash.
        return key.start..next_key.unwrap_or(value.end);
    }
    let mut end = body[value.end..]
        .find('\n')
        .map_or(body.len(), |i| value.end + i + 1);
    let mut blank_from = end;
    for next in body[end..].split_inclusive('\n') {
        let content = next.trim_start_matches(' ');
        let nested = next.len() - content.len() > indent;
        if nested && (content.starts_with('#') || content.trim().is_empty() && next.ends_with('\n'))
        {
            end = blank_from + next.len();
        } else if !next.trim().is_empty() {
            break;
        }
        blank_from += next.len();
    }
    let mut start = line;
    if end == body.len() && !body.ends_with('\n') {
        let before = body[..start].strip_suffix('\n').unwrap_or(&body[..start]);
        start = before.strip_suffix('\r').unwrap_or(before).len();
    }
    start..end
}

/// The sample desk, loaded once.
fn sample_claims() -> &'static [Claim] {
    static CLAIMS: OnceLock<Vec<Claim>> = OnceLock::new();
    CLAIMS.get_or_init(|| {
        let bytes = include_bytes!("../data/cowin-2023-06.yaml");
        let file = load(bytes);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        file.claims
    })
}

/// `query`: any text is a search query or is refused at a place inside it; as a query over
/// the sample claims it ranks a subset of them, in every sort order, and highlights only
/// characters that exist, in order, once each; in the claims' text and in arbitrary text (the
/// query itself).
pub fn check_query(bytes: &[u8]) {
    let query = String::from_utf8_lossy(bytes);
    let claims = sample_claims();
    let scale = RatingScale::default();
    let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    let parsed = match Query::parse(&query, &scale, now) {
        Ok(parsed) => parsed,
        Err(error) => {
            let places = 1..=query.chars().count() + 1;
            assert!(places.contains(&error.at), "{query:?}: {error}");
            return;
        }
    };
    let filter = Filter {
        query: parsed,
        ..Filter::default()
    };
    for sort in [Sort::FileOrder, Sort::Rating] {
        let shown = filter_and_rank(claims, &filter, sort, &scale);
        let mut unique = shown.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), shown.len(), "a claim listed twice: {shown:?}");
        assert!(shown.iter().all(|&i| i < claims.len()), "{shown:?}");
    }
    let texts = claims.iter().flat_map(|claim| {
        let rebuttals = claim.rebuttals.iter().map(|r| r.text.as_str());
        [claim.id.as_str(), &claim.assertion, &claim.claimant]
            .into_iter()
            .chain(rebuttals)
    });
    for text in texts.chain([&*query]) {
        let marked = highlight(text, &filter.query);
        let chars = text.chars().count();
        assert!(
            marked.is_sorted() && marked.windows(2).all(|w| w[0] != w[1]),
            "highlight of {query:?} in {text:?}: {marked:?} not sorted or repeated"
        );
        assert!(
            marked.iter().all(|&i| i < chars),
            "highlight of {query:?} in {text:?} ({chars} chars): {marked:?}"
        );
    }
}
