//! Fuzzy search, the query language, verdict filters and sort orders over loaded claims. The
//! matcher is an implementation detail: callers see [`Query`], [`Filter`], [`Sort`],
//! [`SearchIndex`] and [`highlight`] (and [`WordMatcher`] with the default [`Skim`], only to
//! measure another matcher against it).

mod index;
mod matcher;
mod query;
mod typo;
mod words;

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use compact_str::CompactString;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Claim, RatingScale};
use crate::store::{Cache, Corpus, LoadProgress, LoadedFile, discover, load_file, load_in_order};
use index::{Reach, Segment, WordIndex};
pub use matcher::{Skim, WordMatcher};
pub use query::{Problem, Query, QueryError, SYNTAX};

/// What the user narrowed the claims down to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// The search box's query, parsed (it keeps the text as typed): its free text ranks the
    /// claims by the word index, its fields filter them. Empty matches everything.
    pub query: Query,
    /// Ratings to keep. With `untagged`, combined with OR; both empty means no verdict filter.
    pub ratings: BTreeSet<String>,
    /// Keep claims without a verdict.
    pub untagged: bool,
    /// Keep only claims with an unresolved git merge conflict.
    pub conflicted: bool,
}

impl Filter {
    pub fn filters_verdicts(&self) -> bool {
        self.untagged || !self.ratings.is_empty()
    }

    /// True when every claim passes: no verdict filter and no query (so nothing left out).
    fn keeps_all(&self) -> bool {
        !self.conflicted && !self.filters_verdicts() && self.query.is_empty()
    }

    /// Whether `claim` passes the verdict filter and the query's fields (the word index
    /// matches its free text).
    fn passes(&self, claim: &Claim) -> bool {
        self.passes_verdict_filter(claim) && self.query.matches(claim)
    }

    fn passes_verdict_filter(&self, claim: &Claim) -> bool {
        if self.conflicted && claim.conflict.is_none() {
            return false;
        }
        if !self.filters_verdicts() {
            return true;
        }
        match &claim.verdict {
            None => self.untagged,
            Some(verdict) => self.ratings.contains(verdict.rating.as_str()),
        }
    }
}

/// The order of the list when no query ranks it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sort {
    /// As written: by file, then by line.
    #[default]
    FileOrder,
    /// Newest claim first; undated claims last.
    Date,
    /// In the order of the rating scale; untagged claims last.
    Rating,
    /// Most recently tagged first; untagged claims last.
    RecentlyTagged,
}

impl Sort {
    /// The next order, for a key that cycles through them all.
    pub fn next(self) -> Self {
        match self {
            Sort::FileOrder => Sort::Date,
            Sort::Date => Sort::Rating,
            Sort::Rating => Sort::RecentlyTagged,
            Sort::RecentlyTagged => Sort::FileOrder,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::FileOrder => "file order",
            Sort::Date => "date",
            Sort::Rating => "rating",
            Sort::RecentlyTagged => "recently tagged",
        }
    }
}

/// What a query is matched against: a word index over every claim's searchable text, a
/// segment per file over one vocabulary (the `index` module), plus the claims' file order,
/// for listing and for breaking ties.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    words: WordIndex,
    /// Claim positions sorted by file, then line; empty when claims were added since.
    file_order: Vec<u32>,
    /// Each claim's place in `file_order`.
    place: Vec<u32>,
}

impl SearchIndex {
    /// Indexes `claims`, a segment per file (per part of a large file), in parallel.
    pub fn new(claims: &[Claim]) -> Self {
        let runs: Vec<Range<usize>> = file_runs(claims)
            .into_iter()
            .flat_map(|run| {
                let chunks = run.clone().step_by(SEGMENT_CLAIMS);
                chunks.map(move |start| start..(start + SEGMENT_CLAIMS).min(run.end))
            })
            .collect();
        let segments: Vec<FileWords> = runs
            .into_par_iter()
            .map(|run| FileWords::new(&claims[run]))
            .collect();
        let mut index = Self::default();
        for segment in segments {
            index.add(segment);
        }
        index
    }

    /// Indexes claims appended after the ones already indexed.
    pub fn extend(&mut self, claims: &[Claim]) {
        self.add(FileWords::new(claims));
    }

    /// Appends claims indexed elsewhere (see [`FileWords`]), cheaper than indexing them here.
    pub fn add(&mut self, words: FileWords) {
        if !words.is_empty() {
            self.words.add(Arc::new(words.0));
            self.file_order.clear();
        }
    }

    /// Forgets the claims at `range` (a file's, as they were added), moving the claims after
    /// them down; `false`, with nothing changed, when they were not added as a whole: then
    /// the index must be built again.
    pub fn remove(&mut self, range: Range<usize>) -> bool {
        let removed = self.words.remove(range);
        if removed {
            self.file_order.clear();
        }
        removed
    }

    /// Indexes anew the claims at `range`, which `words` indexes (their verdict notes changed,
    /// and the notes are searched); `false`, with nothing changed, when they were not added as
    /// a whole: then the index must be built again.
    pub fn replace(&mut self, range: Range<usize>, words: FileWords) -> bool {
        if words.len() != range.len() {
            return false;
        }
        words.is_empty() || self.words.replace(range, Some(Arc::new(words.0)))
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The segments, in claim order: a test can tell which ones a change replaced.
    #[cfg(test)]
    pub(crate) fn segments(&self) -> Vec<Arc<index::Segment>> {
        self.words.segments().cloned().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Indices into `claims` (which this index was built from) of the claims passing `filter`:
    /// with a query, best match first (ties in file order); without one, in `sort` order.
    pub fn filter_and_rank(
        &mut self,
        claims: &[Claim],
        filter: &Filter,
        sort: Sort,
        scale: &RatingScale,
    ) -> Vec<usize> {
        self.filter_and_rank_with(claims, filter, sort, scale, &Skim::default())
    }

    /// [`filter_and_rank`](Self::filter_and_rank) with another matcher, for the benches that
    /// compare matchers.
    pub fn filter_and_rank_with(
        &mut self,
        claims: &[Claim],
        filter: &Filter,
        sort: Sort,
        scale: &RatingScale,
        matcher: &dyn WordMatcher,
    ) -> Vec<usize> {
        self.sort_by_file(claims);
        let found = self.words.search(filter.query.words(), matcher);
        let excluded = self.found_by_any(filter.query.excluded_words(), matcher);
        debug_assert!(
            !filter.query.searches_words() || claims.len() == self.len(),
            "index is out of date"
        );
        // Nothing to filter by: no claim needs to be read (at 100,000 claims, reading each
        // was most of relisting after one file changed).
        let keeps_all = filter.keeps_all();
        let passes = |i: usize| {
            i < claims.len()
                && (keeps_all
                    || !excluded.get(i).is_some_and(|&out| out) && filter.passes(&claims[i]))
        };
        match found {
            None => {
                let mut shown: Vec<usize> = self
                    .file_order
                    .iter()
                    .map(|&i| i as usize)
                    .filter(|&i| passes(i))
                    .collect();
                sort_claims(&mut shown, claims, sort, scale);
                shown
            }
            Some(found) => {
                let mut scored: Vec<(usize, i64)> =
                    found.into_iter().filter(|&(i, _)| passes(i)).collect();
                scored.sort_unstable_by_key(|&(i, score)| (Reverse(score), self.place[i]));
                scored.into_iter().map(|(i, _)| i).collect()
            }
        }
    }

    /// Which claims any of `texts` finds (by position; empty when there are no `texts`).
    fn found_by_any(&self, texts: &[String], matcher: &dyn WordMatcher) -> Vec<bool> {
        let mut found = Vec::new();
        for text in texts {
            let Some(claims) = self.words.search(text, matcher) else {
                continue;
            };
            found.resize(self.len(), false);
            for (claim, _) in claims {
                found[claim] = true;
            }
        }
        found
    }

    /// Claims arrive in the order their files finish loading; the list shows them by file.
    /// A file's claims sit together, so this orders runs of claims (one per file), not claims:
    /// it runs after every batch of loaded files and must stay cheap at 100,000 claims.
    fn sort_by_file(&mut self, claims: &[Claim]) {
        if self.file_order.len() == claims.len() {
            return;
        }
        let mut runs = file_runs(claims);
        runs.sort_by(|a, b| {
            let (a, b) = (&claims[a.start].origin, &claims[b.start].origin);
            (&a.path, a.line).cmp(&(&b.path, b.line))
        });
        let mut order: Vec<u32> = Vec::with_capacity(claims.len());
        for run in runs {
            let start = order.len();
            order.extend(run.map(|i| i as u32));
            let run = &mut order[start..];
            if !run.is_sorted_by_key(|&i| claims[i as usize].origin.line) {
                run.sort_by_key(|&i| claims[i as usize].origin.line);
            }
        }
        self.place = vec![0; claims.len()];
        for (place, &claim) in order.iter().enumerate() {
            self.place[claim as usize] = place as u32;
        }
        self.file_order = order;
    }
}

/// Claims a segment of [`SearchIndex::new`] holds at most, so that one large file is still
/// indexed on every core.
const SEGMENT_CLAIMS: usize = 4096;

/// The runs of consecutive claims from one file.
fn file_runs(claims: &[Claim]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if Arc::ptr_eq(&claims[run.start].origin.path, &claim.origin.path) => {
                run.end = i + 1;
            }
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// One file's claims indexed on their own, so the work can run on the loader's threads (or
/// come from the warm-start cache) and the dashboard only adds the result
/// ([`SearchIndex::add`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileWords(Segment);

impl FileWords {
    /// The name its cache entries are kept under: a change to how claims are indexed must
    /// change it, so that no entry indexed the old way is used.
    const CACHED_AS: &str = "words-4";

    pub fn new(claims: &[Claim]) -> Self {
        Self(Segment::new(claims.iter().map(searchable_text)))
    }

    /// How many claims were indexed.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A loaded file with its claims already indexed for search: work the loader's threads do (or
/// the cache remembers), so that the interface thread only adds it.
#[derive(Debug)]
pub struct IndexedFile {
    pub file: LoadedFile,
    pub words: FileWords,
}

impl IndexedFile {
    pub fn new(file: LoadedFile) -> Self {
        let words = FileWords::new(&file.claims);
        Self { file, words }
    }

    /// Loads and indexes `path`, both from the cache when it has them.
    pub fn load(path: &Path, scale: &RatingScale, cache: Option<&Cache>) -> Self {
        match cache {
            Some(cache) => {
                let (file, words) = cache.load_with(path, scale, FileWords::CACHED_AS, |file| {
                    FileWords::new(&file.claims)
                });
                Self { file, words }
            }
            None => Self::new(load_file(path, scale)),
        }
    }
}

/// Adds loaded files to `corpus` and their words to `index`, in step. Claims the corpus leaves
/// out (duplicate ids) make a file's words not fit: its kept claims are indexed here instead.
pub fn add_files(corpus: &mut Corpus, index: &mut SearchIndex, files: Vec<IndexedFile>) {
    for IndexedFile { file, words } in files {
        let before = corpus.claims.len();
        corpus.add(file);
        let added = &corpus.claims[before..];
        if added.len() == words.len() {
            index.add(words);
        } else {
            index.extend(added);
        }
    }
}

/// Loads and indexes every claim file under `paths` for one search, `query`'s: what
/// `list --query` searches. Files are loaded in parallel (through `cache` when given) and
/// taken in a stable order.
///
/// Each file keeps only the words within reach of the query's words (see `index::Reach`),
/// pruned on the loading threads, so the calling thread merges a small part of the
/// vocabulary; the index then answers `query` as the whole one would, and nothing else.
pub fn load_indexed(
    paths: &[PathBuf],
    scale: &RatingScale,
    cache: Option<&Cache>,
    progress: &dyn LoadProgress,
    query: &Query,
) -> (Corpus, SearchIndex) {
    let texts =
        std::iter::once(query.words()).chain(query.excluded_words().iter().map(String::as_str));
    let searched: Vec<String> = texts.flat_map(index::query_words).collect();
    let reaches: Vec<Reach> = searched.iter().map(|word| Reach::new(word)).collect();
    let (paths, problems) = discover(paths);
    progress.started(paths.len());
    let mut corpus = Corpus::for_files(problems, &paths);
    let mut index = SearchIndex::default();
    load_in_order(
        &paths,
        |path| {
            let mut file = IndexedFile::load(path, scale, cache);
            file.words = FileWords(file.words.0.within_reach(&reaches));
            progress.file_loaded(&file.file);
            file
        },
        |file| add_files(&mut corpus, &mut index, vec![file]),
    );
    (corpus, index)
}

/// [`SearchIndex::filter_and_rank`] for a one-off query, building the index on the way.
pub fn filter_and_rank(
    claims: &[Claim],
    filter: &Filter,
    sort: Sort,
    scale: &RatingScale,
) -> Vec<usize> {
    // Listing without free text needs the file order only, not the words.
    let mut index = if filter.query.searches_words() {
        SearchIndex::new(claims)
    } else {
        SearchIndex::default()
    };
    index.filter_and_rank(claims, filter, sort, scale)
}

/// Sorted char indices of `text` that the free text of `query` matches, for highlighting.
pub fn highlight(text: &str, query: &Query) -> Vec<usize> {
    index::highlight(text, query.words(), &Skim::default())
}

/// Everything a user might remember about a claim.
fn searchable_text(claim: &Claim) -> impl Iterator<Item = &str> {
    let source = claim
        .source
        .iter()
        .flat_map(|s| [s.name.as_deref(), s.quote.as_deref()])
        .flatten();
    let rebuttals = claim
        .rebuttals
        .iter()
        .flat_map(|r| [r.by.as_str(), r.text.as_str()]);
    let note = claim.verdict.as_ref().and_then(|v| v.note.as_deref());
    [claim.id.as_str(), &claim.assertion, &claim.claimant]
        .into_iter()
        .chain(source)
        .chain(rebuttals)
        .chain(claim.tags.iter().map(CompactString::as_str))
        .chain(note)
}

/// Sorts stably, so claims equal under `sort` stay in file order.
fn sort_claims(indices: &mut [usize], claims: &[Claim], sort: Sort, scale: &RatingScale) {
    match sort {
        Sort::FileOrder => {}
        Sort::Date => indices.sort_by_key(|&i| Reverse(claims[i].date)),
        Sort::Rating => indices.sort_by_key(|&i| {
            let rating = claims[i].verdict.as_ref().map(|v| v.rating.as_str());
            // `None` sorts after every rank: untagged claims go last.
            rating.map_or(usize::MAX, |r| scale.rank(r).unwrap_or(usize::MAX - 1))
        }),
        Sort::RecentlyTagged => {
            indices.sort_by_key(|&i| Reverse(claims[i].verdict.as_ref().and_then(|v| v.at)))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::model::{Origin, Rebuttal, Source, Verdict};

    /// A claim of `a.yaml` without a date, source, rebuttals, tags or verdict.
    pub(super) fn claim(id: &str, line: usize, assertion: &str) -> Claim {
        Claim {
            id: id.into(),
            assertion: assertion.into(),
            claimant: "Someone".into(),
            date: None,
            source: None,
            rebuttals: Vec::new(),
            tags: Vec::new(),
            verdict: None,
            review_url: None,
            origin: Origin {
                path: Arc::from(Path::new("a.yaml")),
                line,
                col: 7,
            },
            conflict: None,
            workflow: None,
        }
    }

    fn rated(mut claim: Claim, rating: &str, hour: u32) -> Claim {
        claim.verdict = Some(Box::new(Verdict {
            rating: rating.into(),
            note: None,
            by: None,
            at: Some(Utc.with_ymd_and_hms(2026, 1, 1, hour, 0, 0).unwrap()),
            review: None,
        }));
        claim
    }

    fn sample() -> Vec<Claim> {
        let mut dated = claim("dated", 3, "the moon is made of cheese");
        dated.date = NaiveDate::from_ymd_opt(2023, 6, 15);
        vec![
            rated(
                claim("first", 1, "vaccine data leaked on telegram"),
                "false",
                9,
            ),
            claim("second", 2, "portal is completely safe"),
            dated,
            rated(claim("fourth", 4, "a telegram bot served data"), "true", 11),
        ]
    }

    /// What `list --query` finds, from each file's words pruned to the query's reach, is
    /// what the whole index finds, in the same order, for every kind of match.
    #[test]
    fn an_index_loaded_for_one_query_answers_it_as_the_whole_index_does() {
        let dir = tempfile::tempdir().unwrap();
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cowin-2023-06.yaml");
        std::fs::copy(sample, dir.path().join("cowin.yaml")).unwrap();
        let more = "claims:\n  - id: m1\n    assertion: मंत्री ने कहा, déjà vu on Telegram\n    \
                    claimant: 部长说电报机器人\n  - id: m2\n    assertion: ข่าววัคซีนปลอม, a teelgram \
                    leak\n    claimant: X\n";
        std::fs::write(dir.path().join("more.yaml"), more).unwrap();
        let scale = RatingScale::default();
        let paths = [dir.path().to_path_buf()];
        let cache = Cache::at(dir.path().join("cache"));
        // Without a cache; the cache filled; the words read back from it.
        let caches = [None, Some(&cache), Some(&cache)];
        for query in [
            "telegram",
            "telegarm bot",
            "etlegram",
            "gram",
            "deja",
            "मंत्री",
            "电报",
            "วัคซีน",
            "health minister",
            "data -telegram",
            "cowin -xyzzy",
            "vacc",
            "no-such-word",
        ] {
            let filter = searching(query);
            for cache in caches {
                let (corpus, mut pruned) = load_indexed(&paths, &scale, cache, &(), &filter.query);
                let claims = &corpus.claims;
                let found = pruned.filter_and_rank(claims, &filter, Sort::FileOrder, &scale);
                let whole = filter_and_rank(claims, &filter, Sort::FileOrder, &scale);
                assert_eq!(ids(claims, &found), ids(claims, &whole), "{query}");
                let words = |index: &SearchIndex| -> usize {
                    index.segments().iter().map(|s| s.words()).sum()
                };
                assert!(words(&pruned) < words(&SearchIndex::new(claims)), "{query}");
            }
        }
    }

    /// A filter by `query` alone.
    fn searching(query: &str) -> Filter {
        let query = Query::parse(query, &RatingScale::default(), Utc::now());
        Filter {
            query: query.expect("a valid query"),
            ..Filter::default()
        }
    }

    fn ids(claims: &[Claim], indices: &[usize]) -> Vec<String> {
        indices.iter().map(|&i| claims[i].id.to_string()).collect()
    }

    fn run(claims: &[Claim], filter: &Filter, sort: Sort) -> Vec<String> {
        ids(
            claims,
            &filter_and_rank(claims, filter, sort, &RatingScale::default()),
        )
    }

    #[test]
    fn empty_filter_keeps_everything_in_file_order() {
        let claims = sample();
        let all = run(&claims, &Filter::default(), Sort::FileOrder);
        assert_eq!(all, ["first", "second", "dated", "fourth"]);
    }

    #[test]
    fn file_order_follows_origin_not_load_order() {
        let mut claims = sample();
        claims.reverse();
        let all = run(&claims, &Filter::default(), Sort::FileOrder);
        assert_eq!(all, ["first", "second", "dated", "fourth"]);
    }

    #[test]
    fn query_keeps_only_matches() {
        let claims = sample();
        let filter = searching("telegram");
        let mut found = run(&claims, &filter, Sort::FileOrder);
        found.sort();
        assert_eq!(found, ["first", "fourth"]);
    }

    #[test]
    fn query_matches_rebuttals_sources_and_tags() {
        let mut claims = sample();
        claims[1].rebuttals.push(Rebuttal {
            by: "Health Ministry".into(),
            text: "without any basis".into(),
            date: None,
            url: None,
        });
        claims[2].source = Some(Box::new(Source {
            name: Some("India Today".into()),
            url: None,
            quote: None,
        }));
        claims[3].tags.push("aadhaar".into());
        for (query, id) in [
            ("ministry", "second"),
            ("india today", "dated"),
            ("aadhaar", "fourth"),
        ] {
            let filter = searching(query);
            assert_eq!(
                run(&claims, &filter, Sort::FileOrder),
                [id],
                "query {query}"
            );
        }
    }

    #[test]
    fn better_matches_rank_first_and_ties_keep_file_order() {
        let claims = vec![
            claim("inside", 1, "hotelegrams"),
            claim("exact", 2, "telegram"),
            claim("exact-too", 3, "telegram"),
        ];
        let filter = searching("telegram");
        let found = run(&claims, &filter, Sort::FileOrder);
        assert_eq!(found[..2], ["exact", "exact-too"]);
    }

    #[test]
    fn queries_ignore_case() {
        let claims = sample();
        for query in ["moon", "MOON", "Moon"] {
            let filter = searching(query);
            assert_eq!(run(&claims, &filter, Sort::FileOrder), ["dated"], "{query}");
        }
    }

    #[test]
    fn verdict_filter_combines_ratings_and_untagged_with_or() {
        let claims = sample();
        let falses = Filter {
            ratings: BTreeSet::from(["false".to_string()]),
            ..Filter::default()
        };
        assert_eq!(run(&claims, &falses, Sort::FileOrder), ["first"]);
        let untagged_or_true = Filter {
            ratings: BTreeSet::from(["true".to_string()]),
            untagged: true,
            ..Filter::default()
        };
        assert_eq!(
            run(&claims, &untagged_or_true, Sort::FileOrder),
            ["second", "dated", "fourth"]
        );
    }

    #[test]
    fn sorts_put_missing_values_last() {
        let claims = sample();
        let all = Filter::default();
        assert_eq!(
            run(&claims, &all, Sort::Date),
            ["dated", "first", "second", "fourth"]
        );
        assert_eq!(
            run(&claims, &all, Sort::Rating),
            ["fourth", "first", "second", "dated"]
        );
        assert_eq!(
            run(&claims, &all, Sort::RecentlyTagged),
            ["fourth", "first", "second", "dated"]
        );
    }

    #[test]
    fn sort_cycles_through_every_order() {
        let mut sort = Sort::FileOrder;
        for _ in 0..4 {
            sort = sort.next();
        }
        assert_eq!(sort, Sort::FileOrder);
    }

    #[test]
    fn letters_scattered_across_a_long_text_do_not_match() {
        let claims = vec![
            claim(
                "scattered",
                1,
                "the election results were fudged by a large margin",
            ),
            claim("whole", 2, "a telegram bot served the data"),
        ];
        let filter = searching("telegram");
        assert_eq!(run(&claims, &filter, Sort::FileOrder), ["whole"]);
    }

    #[test]
    fn every_word_of_the_query_must_match() {
        let claims = sample();
        let both = searching("telegram bot");
        assert_eq!(run(&claims, &both, Sort::FileOrder), ["fourth"]);
    }

    #[test]
    fn typos_and_word_head_abbreviations_still_match() {
        let claims = sample();
        for query in ["telgram", "cheese", "tlgrm", "chs"] {
            let filter = searching(query);
            assert!(
                !run(&claims, &filter, Sort::FileOrder).is_empty(),
                "{query}"
            );
        }
    }

    #[test]
    fn highlight_gives_char_indices() {
        assert_eq!(
            highlight("Ünï telegram", &searching("tele").query),
            [4, 5, 6, 7]
        );
        assert_eq!(
            highlight("bot on telegram", &searching("tele bot").query),
            [0, 1, 2, 7, 8, 9, 10]
        );
        assert!(highlight("abc", &searching("z").query).is_empty());
        assert!(highlight("abc", &searching("").query).is_empty());
    }

    #[test]
    fn claims_loaded_out_of_order_are_listed_by_file_then_line() {
        let mut later = claim("later", 1, "x");
        later.origin.path = Arc::from(Path::new("b.yaml"));
        let claims = vec![later, claim("second", 2, "y"), claim("first", 1, "z")];
        assert_eq!(
            run(&claims, &Filter::default(), Sort::FileOrder),
            ["first", "second", "later"]
        );
    }

    #[test]
    fn fields_filter_and_free_text_ranks_within_them() {
        let claims = sample();
        assert_eq!(
            run(&claims, &searching("telegram rating:true"), Sort::FileOrder),
            ["fourth"]
        );
        // Fields alone list in the sort's order, as an empty query does.
        assert_eq!(
            run(&claims, &searching("is:tagged"), Sort::RecentlyTagged),
            ["fourth", "first"]
        );
        assert_eq!(
            run(&claims, &searching("-is:tagged"), Sort::Date),
            ["dated", "second"]
        );
    }

    #[test]
    fn a_minus_word_leaves_out_exactly_what_the_word_finds() {
        let claims = sample();
        let found = run(&claims, &searching("telegram"), Sort::FileOrder);
        let left = run(&claims, &searching("-telegram"), Sort::FileOrder);
        assert_eq!(found, ["first", "fourth"]);
        assert_eq!(left, ["second", "dated"]);
        assert_eq!(
            run(&claims, &searching("telegram -bot"), Sort::FileOrder),
            ["first"]
        );
    }

    #[test]
    fn the_verdict_filter_and_the_query_must_both_pass() {
        let claims = sample();
        let filter = Filter {
            ratings: BTreeSet::from(["false".to_string()]),
            ..searching("telegram")
        };
        assert_eq!(run(&claims, &filter, Sort::FileOrder), ["first"]);
        let filter = Filter {
            untagged: true,
            ..searching("is:tagged")
        };
        assert!(run(&claims, &filter, Sort::FileOrder).is_empty());
    }

    #[test]
    fn free_text_finds_verdict_notes_and_a_replaced_segment_finds_new_ones() {
        let mut claims = sample();
        claims[0].verdict.as_mut().unwrap().note = Some("forged screenshot".into());
        assert_eq!(
            run(&claims, &searching("screenshot"), Sort::FileOrder),
            ["first"]
        );
        let scale = RatingScale::default();
        let mut index = SearchIndex::new(&claims);
        claims[3].verdict.as_mut().unwrap().note = Some("a second screenshot".into());
        let found = |index: &mut SearchIndex| {
            index.filter_and_rank(&claims, &searching("screenshot"), Sort::FileOrder, &scale)
        };
        assert_eq!(found(&mut index), [0], "the index is as it was built");
        assert!(
            !index.replace(0..3, FileWords::new(&claims)),
            "not 3 claims"
        );
        assert!(index.replace(0..4, FileWords::new(&claims)));
        assert_eq!(found(&mut index), [0, 3]);
    }

    #[test]
    fn extending_the_index_matches_rebuilding_it() {
        let claims = sample();
        let mut index = SearchIndex::new(&claims[..2]);
        index.extend(&claims[2..]);
        let filter = searching("cheese");
        let scale = RatingScale::default();
        assert_eq!(
            index.filter_and_rank(&claims, &filter, Sort::FileOrder, &scale),
            [2]
        );
    }
}
