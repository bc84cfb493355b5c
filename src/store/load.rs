//! Loading claim files: typed values and their locations from the [`tree`](super::tree) in one
//! parse for a plain file (see `streaming`), with serde-saphyr reading the rest and explaining
//! what is wrong with a file.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use chrono::{DateTime, NaiveDate, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use super::tree::{self, Node, NodeKind, SyntaxError};
use super::{
    Cache, LONE_CARRIAGE_RETURN, Problem, conflict, discover, io_words, line_col, line_start,
    lone_carriage_return, next_line_start,
};
use crate::hash::FastMap;
use crate::model::{
    Claim, Origin, RatingScale, Rebuttal, Review, ReviewState, Source, Verdict, Workflow,
    is_valid_id,
};
use crate::suggest::typo_distance;

/// Larger files are refused rather than read: a claim file this big is a mistake (or an attack).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

const CLAIM_KEYS: &[&str] = &[
    "id",
    "assertion",
    "claimant",
    "date",
    "source",
    "rebuttals",
    "tags",
    "verdict",
    "review_url",
    "assignee",
    "status",
];
const SOURCE_KEYS: &[&str] = &["name", "url", "quote"];
const REBUTTAL_KEYS: &[&str] = &["by", "text", "date", "url"];
/// The keys of a verdict block, in the order the writer puts them.
pub(super) const VERDICT_KEYS: &[&str] = &[
    "rating",
    "note",
    "by",
    "at",
    "review",
    "reviewed_by",
    "reviewed_at",
    "review_comment",
];

/// Whether a YAML file turned out to hold claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Claims,
    /// Valid YAML without a top-level `claims:` list (a CI config, say): skipped, and reported.
    NotClaimFile,
}

/// What one file yielded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub kind: FileKind,
    pub claims: Vec<Claim>,
    pub problems: Vec<Problem>,
}

/// Everything loaded from the paths the user named.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub claims: Vec<Claim>,
    pub problems: Vec<Problem>,
    /// Files that held claims (or were meant to and failed).
    pub claim_files: usize,
    /// YAML files without a `claims:` list.
    pub skipped: Vec<PathBuf>,
    /// Where each id was first defined, to report duplicates across files.
    ids: FastMap<CompactString, (Arc<Path>, usize)>,
    /// The bytes of all files to come, until the first is added.
    expected_bytes: Option<u64>,
}

/// No claim takes fewer bytes of its file (`- {id: a, assertion: b, claimant: c}`, squeezed).
const MIN_CLAIM_BYTES: u64 = 32;

impl Corpus {
    /// An empty corpus, with the problems found before any file was read (by discovery).
    pub fn with_problems(problems: Vec<Problem>) -> Self {
        Self {
            problems,
            ..Self::default()
        }
    }

    /// An empty corpus that `files` will be added to: see [`Corpus::expect_bytes`].
    pub fn for_files(problems: Vec<Problem>, files: &[PathBuf]) -> Self {
        let mut corpus = Self::with_problems(problems);
        corpus.expect_bytes(total_bytes(files));
        corpus
    }

    /// Says that files of `bytes` bytes in all will be added, in any order: the first one's
    /// claims per byte say how many all of them likely hold, and room is made for those at
    /// once, so that the largest lists of a load are not copied (and held twice) each time
    /// they double. Room never written costs address space, not memory.
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.expected_bytes = (bytes > 0).then_some(bytes);
    }

    /// How many claims all files likely hold, judged by the first one's, `claims` in `path`;
    /// `None` after the first file.
    fn likely_claims(&mut self, claims: usize, path: &Path) -> Option<usize> {
        // A file without claims (not a claim file, or one that failed) says nothing.
        if claims == 0 {
            return None;
        }
        let total = self.expected_bytes.take()?;
        let first = fs::metadata(path).map_or(0, |meta| meta.len());
        let likely = (claims as u64).saturating_mul(total) / first.max(1);
        usize::try_from(likely.min(total / MIN_CLAIM_BYTES)).ok()
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    /// Adds one file's results, keeping ids unique across files: a later duplicate is reported
    /// (naming both places) and left out, so tagging by id is never ambiguous.
    pub fn add(&mut self, file: LoadedFile) {
        let likely = self.likely_claims(file.claims.len(), &file.path);
        match file.kind {
            FileKind::NotClaimFile => self.skipped.push(file.path),
            FileKind::Claims => self.claim_files += 1,
        }
        self.problems.extend(file.problems);
        let mut claims = file.claims;
        self.ids.reserve(likely.unwrap_or(claims.len()));
        claims.retain(|claim| {
            if let Some((path, line)) = self.ids.get(&claim.id) {
                self.problems.push(Problem::error(
                    &claim.origin.path,
                    claim.origin.line,
                    claim.origin.col,
                    format!(
                        "duplicate id `{}`: also defined at {}:{line}; give one of them a new id",
                        claim.id,
                        path.display()
                    ),
                ));
                return false;
            }
            self.ids.insert(
                claim.id.clone(),
                (Arc::clone(&claim.origin.path), claim.origin.line),
            );
            true
        });
        // The first file's claims are taken as they are, with room made after them: a file
        // of a million claims is not copied into a second list of a million.
        if self.claims.is_empty() {
            self.claims = claims;
        } else {
            self.claims.append(&mut claims);
        }
        if let Some(likely) = likely {
            self.claims
                .reserve_exact(likely.saturating_sub(self.claims.len()));
        }
    }

    /// Takes a new load of a file that holds the same claims (the same ids, in the same
    /// order) in place: the claims keep their positions, so whatever indexes them by position
    /// stays valid, and a change to one file costs that file, not the claims after it. Gives
    /// the file back when claims were added, removed, renamed or reordered.
    pub fn update_in_place(&mut self, file: LoadedFile) -> Result<InPlace, LoadedFile> {
        let positions = self.claims_of(&file.path);
        let same_claims = positions.len() == file.claims.len()
            && positions
                .clone()
                .zip(&file.claims)
                .all(|(i, new)| self.claims[i].id == new.id);
        if !same_claims {
            return Err(file);
        }
        let (mut verdicts, mut edited) = (0, 0);
        for (i, claim) in positions.clone().zip(file.claims) {
            if let Some(first) = self.ids.get_mut(&claim.id)
                && first.0.as_os_str() == claim.origin.path.as_os_str()
            {
                first.1 = claim.origin.line;
            }
            let old = &self.claims[i];
            verdicts += usize::from(old.verdict != claim.verdict);
            edited += usize::from(!old.same_but_verdict(&claim));
            self.claims[i] = claim;
        }
        self.problems.retain(|p| p.path != file.path);
        self.problems.extend(file.problems);
        Ok(InPlace {
            claims: positions,
            verdicts,
            edited,
        })
    }

    /// Forgets the claims, problems and ids that came from `path` (of the given kind), before
    /// the file is loaded again or after it disappeared. Returns where its claims were: a
    /// file's claims are added together, so they sit together.
    pub fn forget(&mut self, path: &Path, kind: FileKind) -> Range<usize> {
        match kind {
            FileKind::Claims => self.claim_files = self.claim_files.saturating_sub(1),
            FileKind::NotClaimFile => self.skipped.retain(|p| p != path),
        }
        let range = self.claims_of(path);
        for claim in self.claims.drain(range.clone()) {
            // Only the ids this file defined: a duplicate it held was left out, and its first
            // definition (in another file) stays.
            if self
                .ids
                .get(&claim.id)
                .is_some_and(|(first, _)| first.as_os_str() == path.as_os_str())
            {
                self.ids.remove(&claim.id);
            }
        }
        debug_assert!(
            !self
                .claims
                .iter()
                .any(|c| c.origin.path.as_os_str() == path.as_os_str()),
            "a file's claims sit together"
        );
        self.problems.retain(|p| p.path != path);
        range
    }

    /// Where the claims of `path` are: a file's claims are added together, so they sit
    /// together. Paths are compared as strings, not component by component, which would cost
    /// a loaded archive's every claim.
    pub fn claims_of(&self, path: &Path) -> Range<usize> {
        let from_path = |c: &Claim| c.origin.path.as_os_str() == path.as_os_str();
        let start = self.claims.iter().position(from_path).unwrap_or(0);
        let len = self.claims[start..]
            .iter()
            .take_while(|c| from_path(c))
            .count();
        start..start + len
    }
}

/// The bytes `files` hold (those that can be read), for [`Corpus::expect_bytes`].
pub fn total_bytes(files: &[PathBuf]) -> u64 {
    let size = |path: &PathBuf| fs::metadata(path).map_or(0, |meta| meta.len());
    files.iter().map(size).sum()
}

/// What [`Corpus::update_in_place`] did: where the file's claims are, and how many of them
/// changed their verdict, and anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InPlace {
    pub claims: Range<usize>,
    pub verdicts: usize,
    pub edited: usize,
}

/// Hears how a load goes, for progress bars and for showing claims as their files finish.
pub trait LoadProgress: Sync {
    fn started(&self, _files: usize) {}
    fn file_loaded(&self, _file: &LoadedFile) {}
}

/// No progress reporting.
impl LoadProgress for () {}

/// Loads every claim file under `paths`, files in parallel (through `cache` when given),
/// results in a stable order.
pub fn load_paths(
    paths: &[PathBuf],
    scale: &RatingScale,
    cache: Option<&Cache>,
    progress: &dyn LoadProgress,
) -> Corpus {
    let (files, problems) = discover(paths);
    progress.started(files.len());
    let mut corpus = Corpus::for_files(problems, &files);
    load_in_order(
        &files,
        |path| {
            let file = load_one(path, scale, cache);
            progress.file_loaded(&file);
            file
        },
        |file| corpus.add(file),
    );
    corpus
}

/// Runs `load` on every file on rayon's threads, and hands each result to `take` on this
/// thread, in the files' order, as soon as it and every file before it are done. Taking
/// results while later files load keeps this thread's part of the work off the end of the
/// load, and frees each file's own copy of its claims while the threads that made them can
/// still reuse the memory: the threads take files in order, so few results ever wait.
pub fn load_in_order<T: Send>(
    files: &[PathBuf],
    load: impl Fn(&Path) -> T + Sync,
    mut take: impl FnMut(T),
) {
    let next = AtomicUsize::new(0);
    // Borrowed, so that only references go to the loading threads.
    let (load, next) = (&load, &next);
    let (sender, results) = mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            rayon::broadcast(|_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if sender.send((i, load(path))).is_err() {
                        break;
                    }
                }
            });
            // Dropping the last sender ends the loop below.
            drop(sender);
        });
        let mut waiting = BTreeMap::new();
        let mut wanted = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&wanted) {
                take(result);
                wanted += 1;
            }
        }
    });
}

/// Loads one file, through the warm-start cache when there is one.
pub fn load_one(path: &Path, scale: &RatingScale, cache: Option<&Cache>) -> LoadedFile {
    match cache {
        Some(cache) => cache.load(path, scale),
        None => load_file(path, scale),
    }
}

/// Reads and loads one file. I/O failures become problems like any other.
pub fn load_file(path: &Path, scale: &RatingScale) -> LoadedFile {
    match read_claim_file(path) {
        Ok(bytes) => load_text(path, &bytes, scale),
        Err(problem) => LoadedFile::failed(path, problem),
    }
}

/// The bytes of a claim file, refusing files too large to be one and anything but a regular
/// file. The file is opened without blocking (a named pipe put in its place since it was found
/// would otherwise hang the open) and its size is capped while reading, not taken on trust
/// from its metadata.
pub(super) fn read_claim_file(path: &Path) -> Result<Vec<u8>, Problem> {
    let cannot_read = |e: std::io::Error| {
        let words = io_words(&e);
        Problem::error(
            path,
            1,
            1,
            format!("cannot read the file: {words}; check its permissions"),
        )
    };
    let file = open_without_blocking(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(discover::not_a_regular_file(path, meta.file_type()));
    }
    // The size on record refuses a large file unread; the cap below holds if it grows.
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(Problem::error(path, 1, 1, too_large_message()));
    }
    match read_capped(file, MAX_FILE_BYTES, meta.len()) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Problem::error(path, 1, 1, too_large_message())),
        Err(e) => Err(cannot_read(e)),
    }
}

pub(super) fn open_without_blocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Everything `reader` holds, or `None` when that is more than `cap` bytes (having read no
/// more than one byte past it). `expected` (the size on record) sizes the buffer, so that a
/// large file is not copied again each time the buffer doubles.
pub(super) fn read_capped(
    reader: impl Read,
    cap: usize,
    expected: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    let room = usize::try_from(expected).unwrap_or(cap).min(cap);
    let mut bytes = Vec::with_capacity(room + 1);
    reader.take(cap as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= cap).then_some(bytes))
}

fn too_large_message() -> String {
    format!(
        "file is above the {} MiB limit for a claim file; split it into smaller files",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

impl LoadedFile {
    pub(super) fn failed(path: &Path, problem: Problem) -> Self {
        Self {
            path: path.to_path_buf(),
            kind: FileKind::Claims,
            claims: Vec::new(),
            problems: vec![problem],
        }
    }
}

/// Loads claims from the bytes of a file named `path`.
pub fn load_text(path: &Path, bytes: &[u8], scale: &RatingScale) -> LoadedFile {
    let text = match check_text(path, bytes) {
        Ok(text) => text,
        Err(problem) => return LoadedFile::failed(path, problem),
    };
    match conflict::hunks(text) {
        Ok(hunks) if hunks.is_empty() => Loader::new(path, text, scale).load(),
        Ok(hunks) => conflict::load_conflicted(path, text, &hunks, scale),
        Err(malformed) => LoadedFile::failed(path, malformed.problem(path)),
    }
}

/// [`load_text`] as the whole-file reading alone does it, never claim by claim: for the fuzz
/// target and tests that check both readings agree.
#[doc(hidden)]
pub fn load_text_whole(path: &Path, bytes: &[u8], scale: &RatingScale) -> LoadedFile {
    match check_text(path, bytes) {
        Ok(text) if conflict::hunks(text).is_ok_and(|hunks| hunks.is_empty()) => {
            Loader::new(path, text, scale).load_whole()
        }
        _ => load_text(path, bytes, scale),
    }
}

/// The checks that come before parsing: each gives a clearer message than a parser would.
fn check_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Problem::error(path, 1, 1, too_large_message()));
    }
    if let Some(encoding) = wide_encoding(bytes) {
        return Err(Problem::error(
            path,
            1,
            1,
            format!(
                "the file is {encoding} text: save it as UTF-8 (most editors: \"Save with \
                 encoding\"; or `iconv -f {encoding} -t UTF-8`)"
            ),
        ));
    }
    // `contains` searches bytes many at a time; the position is only wanted for a message.
    if bytes.contains(&0)
        && let Some(nul) = bytes.iter().position(|&b| b == 0)
    {
        // Measured on the lossy text itself: replacing invalid bytes changes byte offsets.
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        let (line, col) = line_col(&prefix, prefix.len());
        return Err(Problem::error(
            path,
            line,
            col,
            "binary file (NUL byte): claim files are UTF-8 text; remove it or rename it away from .yaml",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, col) = line_col(prefix, valid);
        Problem::error(
            path,
            line,
            col,
            "file is not valid UTF-8: save it as UTF-8 (most editors: \"Save with encoding\")",
        )
    })?;
    if let Some(offset) = lone_carriage_return(text) {
        let (line, col) = line_col(text, offset);
        return Err(Problem::error(path, line, col, LONE_CARRIAGE_RETURN));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problem::error(
            path,
            1,
            1,
            "empty file: a claim file needs a top-level `claims:` list; add claims or delete the file",
        ));
    }
    Ok(text)
}

/// `UTF-16` or `UTF-32` when `bytes` look like text in one of them: by its byte-order mark,
/// or else by the zero bytes around the first character (YAML starts with ASCII).
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    let starts = |prefix: &[u8]| bytes.starts_with(prefix);
    if starts(&[0xff, 0xfe, 0, 0]) || starts(&[0, 0, 0xfe, 0xff]) {
        return Some("UTF-32");
    }
    if starts(&[0xff, 0xfe]) || starts(&[0xfe, 0xff]) {
        return Some("UTF-16");
    }
    match bytes {
        [a, 0, 0, 0, ..] | [0, 0, 0, a, ..] if *a != 0 => Some("UTF-32"),
        [a, 0, ..] | [0, a, ..] if *a != 0 => Some("UTF-16"),
        _ => None,
    }
}

// The typed shape serde-saphyr fills in. Strings stay strings here so that dates, ids and
// ratings can be checked with a located message of our own.
#[derive(Deserialize)]
struct RawDocument {
    claims: Option<Vec<RawClaim>>,
}

#[derive(Deserialize)]
struct RawClaim {
    id: CompactString,
    assertion: String,
    claimant: CompactString,
    date: Option<String>,
    source: Option<RawSource>,
    rebuttals: Option<Vec<RawRebuttal>>,
    tags: Option<Vec<CompactString>>,
    verdict: Option<RawVerdict>,
    review_url: Option<String>,
    assignee: Option<CompactString>,
    status: Option<CompactString>,
}

#[derive(Deserialize)]
struct RawSource {
    name: Option<CompactString>,
    url: Option<String>,
    quote: Option<String>,
}

#[derive(Deserialize)]
struct RawRebuttal {
    by: CompactString,
    text: String,
    date: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct RawVerdict {
    pub(super) rating: CompactString,
    pub(super) note: Option<String>,
    pub(super) by: Option<CompactString>,
    pub(super) at: Option<String>,
    pub(super) review: Option<String>,
    pub(super) reviewed_by: Option<CompactString>,
    pub(super) reviewed_at: Option<String>,
    pub(super) review_comment: Option<String>,
}

/// serde-saphyr options for files of `len` bytes: the default budget stops near 4,600 claims,
/// so node and event limits grow with the file, while alias expansion stays bounded by the
/// size of the file itself (an alias bomb cannot grow past it).
pub(super) fn saphyr_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    let scaled = len.saturating_mul(2).max(1_000_000);
    budget.max_events = scaled;
    budget.max_nodes = scaled;
    budget.max_total_scalar_bytes = scaled;
    budget.max_recorded_anchor_events = scaled.min(1_000_000);
    // The located tree, parsed first, already refuses a file whose aliases replay more than
    // its size warrants (`tree::parse`); sharing one source among many claims is fine.
    budget.enforce_alias_anchor_ratio = false;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = len.saturating_mul(4).max(200_000);
    options
}

/// Parses typed documents (`documents` is the located tree of the same text); `Err` carries a
/// located problem.
pub(super) fn parse_typed<T: for<'de> Deserialize<'de>>(
    path: &Path,
    text: &str,
    documents: &[Node],
) -> Result<Vec<T>, Problem> {
    let options = saphyr_options(text.len());
    let result = if documents.len() == 1 {
        serde_saphyr::from_str_with_options::<T>(text, options).map(|doc| vec![doc])
    } else {
        serde_saphyr::from_str_multiple_with_options::<T, Vec<T>>(text, options)
    };
    result.map_err(|e| typed_problem(path, &e, documents, Excerpt::default()))
}

/// Where a text given to serde-saphyr starts in its file, when it is a part of the file.
#[derive(Default, Clone, Copy)]
struct Excerpt {
    lines_before: usize,
    bytes_before: usize,
}

/// A serde-saphyr error as a located problem in the file.
fn typed_problem(
    path: &Path,
    e: &serde_saphyr::Error,
    documents: &[Node],
    excerpt: Excerpt,
) -> Problem {
    let (mut line, mut col) = e.location().map_or((1, 1), |l| {
        (
            l.line() as usize + excerpt.lines_before,
            l.column() as usize,
        )
    });
    // serde-saphyr places a missing key after the mapping's last key; the mapping's own
    // start is where the reader looks for it.
    if let serde_saphyr::Error::SerdeMissingField { location, .. } = e.without_snippet()
        && let Some(offset) = location.span().byte_offset()
        && let Some(mapping) = documents
            .iter()
            .find_map(|d| mapping_at(d, offset as usize + excerpt.bytes_before))
    {
        (line, col) = (mapping.line, mapping.col);
    }
    Problem::error(path, line, col, authors_message(e))
}

/// A serde-saphyr error in the words of someone writing claims, with what to do: its own
/// wording speaks to Rust programmers ("use Option<String>", "set DuplicateKeyPolicy in
/// Options", "budget breached: ScalarBytes { .. }").
///
/// The formatter gives the message without the positions (an alias error carries up to
/// three) that `Display` appends; the position is printed in front of it instead. Quoted text
/// in it is shown inert where the problem is printed (`Problem`'s `Display`).
fn authors_message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    const SPLIT: &str = "split its claims into several files";
    const ALIASES: &str = "aliases (`*name`) here repeat more than a claim file needs; write the \
                           repeated parts out, or split the file";
    let e = match e.without_snippet() {
        E::AliasError { error, .. } => error.without_snippet(),
        e => e,
    };
    match e {
        E::NullIntoString { .. } => {
            "empty (null) where text is needed: write the text, or remove the key if it is \
             optional"
                .to_string()
        }
        E::DuplicateMappingKey { key: Some(key), .. } => {
            format!("`{key}` appears twice in this mapping: keep one of them")
        }
        E::DuplicateMappingKey { key: None, .. } => {
            "a key appears twice in this mapping: keep one of them".to_string()
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => ALIASES.to_string(),
        E::Budget { breach, .. } => match breach {
            B::Events { events: n } | B::Nodes { nodes: n } => {
                format!("{n} YAML values are more than claimdesk reads from one file; {SPLIT}")
            }
            B::ScalarBytes {
                total_scalar_bytes: bytes,
            } => format!(
                "{} MiB of text is more than claimdesk reads from one file; {SPLIT}",
                bytes / (1024 * 1024)
            ),
            B::Depth { depth } => format!(
                "values nested {depth} levels deep (a claim needs about 5): flatten them, or \
                 rename this file away from .yaml if it is not a claim file"
            ),
            B::Documents { documents } => format!(
                "{documents} YAML documents (`---`) in one file; a claim file has one: {SPLIT}"
            ),
            B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => {
                ALIASES.to_string()
            }
            _ => format!("this file is too large or too complex for one claim file; {SPLIT}"),
        },
        e => format!("{}; fix this", UserMessageFormatter.format_message(e)),
    }
}

/// The innermost mapping under `node` that holds byte `offset`.
fn mapping_at<'n, 'a>(node: &'n Node<'a>, offset: usize) -> Option<&'n Node<'a>> {
    if offset < node.start || offset > node.end {
        return None;
    }
    let inner = match &node.kind {
        NodeKind::Mapping(entries, _) => entries.iter().find_map(|(_, v)| mapping_at(v, offset)),
        NodeKind::Sequence(items, _) => items.iter().find_map(|item| mapping_at(item, offset)),
        NodeKind::Scalar(..) | NodeKind::Alias => None,
    };
    inner.or(matches!(node.kind, NodeKind::Mapping(..)).then_some(node))
}

/// Where a claim's parts are, for the messages about them: its located tree, or, for a claim
/// read straight from the parser's events, no more than where its id is (`streaming`: any
/// problem there sends the file to the located reading, which says where it is).
pub(super) trait Whereabouts: Copy {
    /// 1-based line and column.
    fn line_col(self) -> (usize, usize);
    /// Where the value of `key` is, when this is a mapping holding it.
    fn get(self, key: &str) -> Option<Self>;
    /// Where each item of a list is, in order.
    fn items(self) -> impl Iterator<Item = Self>;
    /// Each key of a mapping, and where it is.
    fn each_key(self, each: impl FnMut(&str, Self));
}

impl Whereabouts for &Node<'_> {
    fn line_col(self) -> (usize, usize) {
        (self.line, self.col)
    }

    fn get(self, key: &str) -> Option<Self> {
        Node::get(self, key)
    }

    fn items(self) -> impl Iterator<Item = Self> {
        Node::items(self).iter()
    }

    fn each_key(self, mut each: impl FnMut(&str, Self)) {
        for (key, _) in self.entries() {
            each(key.as_str().unwrap_or_default(), key);
        }
    }
}

pub(super) struct Loader<'a> {
    path: &'a Path,
    shared_path: Arc<Path>,
    text: &'a str,
    scale: &'a RatingScale,
    problems: Vec<Problem>,
}

impl<'a> Loader<'a> {
    pub(super) fn new(path: &'a Path, text: &'a str, scale: &'a RatingScale) -> Self {
        Self {
            path,
            shared_path: Arc::from(path),
            text,
            scale,
            problems: Vec::new(),
        }
    }

    fn result(self, kind: FileKind, claims: Vec<Claim>) -> LoadedFile {
        LoadedFile {
            path: self.path.to_path_buf(),
            kind,
            claims,
            problems: self.problems,
        }
    }

    fn error(&mut self, at: impl Whereabouts, message: impl Into<String>) {
        let (line, col) = at.line_col();
        self.problems
            .push(Problem::error(self.path, line, col, message));
    }

    fn warning(&mut self, at: impl Whereabouts, message: impl Into<String>) {
        let (line, col) = at.line_col();
        self.problems
            .push(Problem::warning(self.path, line, col, message));
    }

    pub(super) fn load(mut self) -> LoadedFile {
        if !streaming::may_have_anchors(self.text)
            && let Some(claims) = self.load_streaming()
        {
            return self.result(FileKind::Claims, claims);
        }
        self.load_whole()
    }

    /// Reads the whole file's located tree, then its typed claims: the way every file can be
    /// read, and the one that explains what is wrong with a file.
    fn load_whole(mut self) -> LoadedFile {
        let documents = match tree::parse(self.text) {
            Ok(documents) => documents,
            Err(e) => {
                self.problems.push(syntax_problem(self.path, &e));
                return self.result(FileKind::Claims, Vec::new());
            }
        };
        let claim_lists: Vec<&Node> = documents.iter().filter_map(|d| d.get("claims")).collect();
        if claim_lists.is_empty() {
            self.warn_near_miss(&documents);
            return self.result(FileKind::NotClaimFile, Vec::new());
        }
        for list in &claim_lists {
            if list.items().is_empty() && !matches!(list.kind, NodeKind::Sequence(..)) {
                self.error(*list, "`claims` must be a list of claims (`- id: ...`)");
            }
        }
        let raw = match parse_typed::<RawDocument>(self.path, self.text, &documents) {
            Ok(raw) => raw,
            Err(problem) => {
                // One claim that does not fit the format must not hide the file's others.
                let items: Vec<&Node> = claim_lists.iter().flat_map(|l| l.items()).collect();
                let (claims, located) = self
                    .claims_one_by_one(&items, &documents)
                    .unwrap_or_default();
                if !located {
                    self.problems.push(problem);
                }
                return self.result(FileKind::Claims, claims);
            }
        };
        let located = claim_lists.iter().flat_map(|list| list.items());
        let typed = raw
            .into_iter()
            .flat_map(|doc| doc.claims.unwrap_or_default());
        let claims = typed
            .zip(located)
            .filter_map(|(raw, node)| self.claim(raw, node))
            .collect();
        self.result(FileKind::Claims, claims)
    }

    /// Loads each claim of a block list on its own, when the file as a whole did not load: the
    /// claims that fit load, and each one that does not is reported where it is wrong (then
    /// the flag is true). `None` when the list is not laid out one item per `- `, or the file
    /// uses anchors.
    fn claims_one_by_one(
        &mut self,
        items: &[&Node],
        documents: &[Node],
    ) -> Option<(Vec<Claim>, bool)> {
        // An excerpt cannot see anchors defined elsewhere in the file.
        if documents.iter().any(Node::shares_nodes) {
            return None;
        }
        let text = self.text;
        let mut excerpts = Vec::with_capacity(items.len());
        for item in items {
            let start = line_start(text, item.start);
            let dash = text[start..item.start].find('-')?;
            if text[start..item.start].trim() != "-" {
                return None;
            }
            // The item's lines with its dash blanked out: a mapping at the same columns.
            let mut excerpt = text[start..next_line_start(text, item.end)].to_string();
            excerpt.replace_range(dash..dash + 1, " ");
            excerpts.push((start, excerpt));
        }
        let mut claims = Vec::new();
        let mut located = false;
        for (item, (start, excerpt)) in items.iter().zip(excerpts) {
            let options = saphyr_options(excerpt.len());
            match serde_saphyr::from_str_with_options::<RawClaim>(&excerpt, options) {
                Ok(raw) => claims.extend(self.claim(raw, *item)),
                Err(e) => {
                    let excerpt = Excerpt {
                        lines_before: item.line - 1,
                        bytes_before: start,
                    };
                    let problem = typed_problem(self.path, &e, documents, excerpt);
                    self.problems.push(problem);
                    located = true;
                }
            }
        }
        Some((claims, located))
    }

    /// A YAML file with a key like `claim:` is almost certainly a claim file with a typo.
    fn warn_near_miss(&mut self, documents: &[Node]) {
        for doc in documents {
            for (key, _) in doc.entries() {
                if let Some(name) = key.as_str()
                    && name != "claims"
                    && typo_distance(name, "claims") <= 2
                {
                    self.warning(
                        key,
                        format!(
                            "`{name}:` is not `claims:`, so this file was skipped; rename the key to load its claims"
                        ),
                    );
                }
            }
        }
    }

    fn check_keys<W: Whereabouts>(&mut self, node: W, allowed: &[&str], what: &str) {
        node.each_key(|name, key| {
            if allowed.contains(&name) {
                return;
            }
            let hint = allowed
                .iter()
                .find(|a| typo_distance(name, a) <= 2)
                .map(|a| format!("did you mean `{a}`?"))
                .unwrap_or_else(|| format!("known keys: {}", allowed.join(", ")));
            self.warning(
                key,
                format!("unknown key `{name}` in {what}, ignored; {hint}"),
            );
        });
    }

    /// The claim `raw` says, checked, with a located problem for each thing wrong in it;
    /// `None` when it cannot be loaded at all.
    fn claim<W: Whereabouts>(&mut self, raw: RawClaim, node: W) -> Option<Claim> {
        self.check_keys(node, CLAIM_KEYS, "claim");
        let id_node = node.get("id").unwrap_or(node);
        let (line, col) = id_node.line_col();
        if !is_valid_id(&raw.id) {
            self.error(
                id_node,
                format!(
                    "malformed id `{}`: use lowercase letters, digits, `.`, `_` and `-` only",
                    raw.id
                ),
            );
            return None;
        }
        if raw.assertion.trim().is_empty() {
            self.error(
                node.get("assertion").unwrap_or(node),
                "empty assertion: write what was claimed",
            );
        }
        let date = self.date(raw.date.as_deref(), node.get("date"));
        let source = raw.source.map(|s| {
            if let Some(n) = node.get("source") {
                self.check_keys(n, SOURCE_KEYS, "source");
            }
            Source {
                name: s.name,
                url: s.url,
                quote: s.quote,
            }
        });
        let rebuttal_nodes = node.get("rebuttals").into_iter().flat_map(W::items);
        let mut rebuttals: Vec<Rebuttal> = raw
            .rebuttals
            .unwrap_or_default()
            .into_iter()
            .zip(rebuttal_nodes)
            .map(|(r, n)| {
                self.check_keys(n, REBUTTAL_KEYS, "rebuttal");
                Rebuttal {
                    date: self.date(r.date.as_deref(), n.get("date")),
                    by: r.by,
                    text: r.text,
                    url: r.url,
                }
            })
            .collect();
        // Lists read straight from events grew as they were read: the corpus keeps them
        // for as long as it runs, at their length.
        rebuttals.shrink_to_fit();
        let mut tags = raw.tags.unwrap_or_default();
        tags.shrink_to_fit();
        let verdict = match (raw.verdict, node.get("verdict")) {
            (Some(v), Some(n)) => self.verdict(v, n),
            _ => None,
        };
        Some(Claim {
            id: raw.id,
            assertion: raw.assertion,
            claimant: raw.claimant,
            date,
            source: source.map(Box::new),
            rebuttals,
            tags,
            verdict: verdict.map(Box::new),
            review_url: raw.review_url.map(String::into_boxed_str),
            workflow: (raw.assignee.is_some() || raw.status.is_some()).then(|| {
                Box::new(Workflow {
                    assignee: raw.assignee,
                    status: raw.status,
                })
            }),
            origin: Origin {
                path: Arc::clone(&self.shared_path),
                line,
                col,
            },
            conflict: None,
        })
    }

    fn verdict(&mut self, raw: RawVerdict, node: impl Whereabouts) -> Option<Verdict> {
        self.check_keys(node, VERDICT_KEYS, "verdict");
        let at = self.timestamp(raw.at.as_deref(), node.get("at"), "at");
        if !self.scale.contains(&raw.rating) {
            self.error(
                node.get("rating").unwrap_or(node),
                format!(
                    "unknown rating `{}`: use one of {}",
                    raw.rating,
                    self.scale.describe()
                ),
            );
            return None;
        }
        let review = match raw.review.as_deref() {
            None => None,
            Some(state) => {
                let state = match state {
                    "approved" => Some(ReviewState::Approved),
                    "changes-requested" => Some(ReviewState::ChangesRequested),
                    other => {
                        self.error(
                            node.get("review").unwrap_or(node),
                            format!(
                                "unknown review `{other}`: use approved or changes-requested \
                                 (no review: the verdict awaits one)"
                            ),
                        );
                        None
                    }
                };
                let at = self.timestamp(
                    raw.reviewed_at.as_deref(),
                    node.get("reviewed_at"),
                    "reviewed_at",
                );
                state.map(|state| {
                    Box::new(Review {
                        state,
                        by: raw.reviewed_by,
                        at,
                        comment: raw.review_comment,
                    })
                })
            }
        };
        Some(Verdict {
            rating: raw.rating,
            note: raw.note,
            by: raw.by,
            at,
            review,
        })
    }

    /// The time `text` (the value of `key`, at `node`) says, or an error saying how to write
    /// one.
    fn timestamp(
        &mut self,
        text: Option<&str>,
        node: Option<impl Whereabouts>,
        key: &str,
    ) -> Option<DateTime<Utc>> {
        let (text, node) = (text?, node?);
        let at = parse_timestamp(text);
        if at.is_none() {
            self.error(
                node,
                format!(
                    "`{key}: {text}` is not a timestamp: write RFC 3339 in UTC, like 2026-11-27T10:30:00Z"
                ),
            );
        }
        at
    }

    fn date(&mut self, text: Option<&str>, node: Option<impl Whereabouts>) -> Option<NaiveDate> {
        let (text, node) = (text?, node?);
        // chrono alone would take `2023-6-5` and `+2023-06-15`: the format is exact.
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        // Read from the digits: parsing with a format string parses the format every time.
        let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
        let ymd = || {
            let year = i32::try_from(number(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
        };
        let date = shaped.then(ymd).flatten();
        match date {
            Some(date) => Some(date),
            None => {
                self.error(
                    node,
                    format!(
                        "`date: {text}` is not a date: write it as YYYY-MM-DD, like 2023-06-15"
                    ),
                );
                None
            }
        }
    }
}

/// A YAML syntax error of the file at `path`.
pub(super) fn syntax_problem(path: &Path, e: &SyntaxError) -> Problem {
    let message = if e.over_limit {
        e.message.clone()
    } else {
        format!("YAML syntax error: {}; fix the YAML", e.message)
    };
    Problem::error(path, e.line, e.col, message)
}

pub(super) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

mod streaming;

#[cfg(test)]
mod tests;
