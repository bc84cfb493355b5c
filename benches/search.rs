//! Search as the user types: every keystroke re-ranks the whole corpus.
//!
//! `search/typing` runs the dashboard's search (a word index) once per prefix of a query, so
//! its time divided by the query's length is the cost of one keystroke; `search/keystroke`
//! times each prefix on its own on the largest corpus, for the median and the slowest
//! keystroke. Both run with fuzzy-matcher (the dashboard's) and with nucleo-matcher behind the
//! index's `WordMatcher`, and the bench first prints which of the search's hard cases each
//! matcher finds. `matcher/full-scan` is the naive design the index replaced: fuzzy-matching
//! every claim's whole text.

mod support;

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use claimdesk::model::{Claim, RatingScale};
use claimdesk::search::{Filter, Query, SearchIndex, Skim, Sort, WordMatcher};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

const QUERIES: [(&str, &str); 3] = [
    ("ascii", "telegram bot"),
    ("typo", "teelgram bot"),
    ("devanagari", "मंत्री ने"),
];

/// nucleo-matcher behind the index's trait. Its matcher keeps scratch space, so it sits behind
/// a lock (a search runs on one thread, so the lock is never contended).
struct Nucleo(Mutex<Scratch>);

struct Scratch {
    matcher: Matcher,
    word: Vec<char>,
    query: Vec<char>,
    indices: Vec<u32>,
}

impl Default for Nucleo {
    fn default() -> Self {
        let mut config = Config::DEFAULT;
        // The index folds case and accents itself.
        config.ignore_case = false;
        config.normalize = false;
        Self(Mutex::new(Scratch {
            matcher: Matcher::new(config),
            word: Vec::new(),
            query: Vec::new(),
            indices: Vec::new(),
        }))
    }
}

/// `text` for nucleo, char by char: nucleo's own `Utf32Str::new` keeps only the first char of
/// each grapheme, which drops Devanagari vowel signs (`मंत्री` would match `मत`) and gives
/// positions in graphemes, not chars.
fn utf32<'a>(text: &'a str, chars: &'a mut Vec<char>) -> Utf32Str<'a> {
    if text.is_ascii() {
        return Utf32Str::Ascii(text.as_bytes());
    }
    chars.clear();
    chars.extend(text.chars());
    Utf32Str::Unicode(chars)
}

impl WordMatcher for Nucleo {
    fn score(&self, word: &str, query: &str) -> Option<i64> {
        let mut scratch = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Scratch {
            matcher,
            word: word_chars,
            query: query_chars,
            ..
        } = &mut *scratch;
        let (word, query) = (utf32(word, word_chars), utf32(query, query_chars));
        matcher.fuzzy_match(word, query).map(i64::from)
    }

    fn positions(&self, word: &str, query: &str) -> Option<Vec<usize>> {
        let mut scratch = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Scratch {
            matcher,
            word: word_chars,
            query: query_chars,
            indices,
        } = &mut *scratch;
        let (word, query) = (utf32(word, word_chars), utf32(query, query_chars));
        indices.clear();
        matcher.fuzzy_indices(word, query, indices)?;
        Some(indices.iter().map(|&i| i as usize).collect())
    }
}

fn matchers() -> [(&'static str, Box<dyn WordMatcher>); 2] {
    [
        ("fuzzy-matcher", Box::new(Skim::default())),
        ("nucleo-matcher", Box::new(Nucleo::default())),
    ]
}

fn load(root: PathBuf) -> Vec<Claim> {
    claimdesk::store::load_paths(&[root], &RatingScale::default(), None, &()).claims
}

/// Loaded claims and their index, searched as the dashboard searches them.
struct Desk {
    claims: Vec<Claim>,
    index: SearchIndex,
    scale: RatingScale,
}

impl Desk {
    fn new(claims: Vec<Claim>) -> Self {
        let index = SearchIndex::new(&claims);
        let scale = RatingScale::default();
        Self {
            claims,
            index,
            scale,
        }
    }

    fn generated(count: usize) -> Self {
        Self::new(load(support::generate(count).root))
    }

    fn search(&mut self, query: &str, matcher: &dyn WordMatcher) -> Vec<usize> {
        let query = Query::parse(query, &self.scale, Utc::now()).expect("a query of words");
        let filter = Filter {
            query,
            ..Filter::default()
        };
        let (claims, scale) = (&self.claims, &self.scale);
        (self.index).filter_and_rank_with(claims, &filter, Sort::FileOrder, scale, matcher)
    }
}

fn prefixes(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    (1..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

// In both groups the two matchers run back to back on each query, so that a machine busy
// with other work weighs on them alike.

fn typing(c: &mut Criterion) {
    let mut group = c.benchmark_group("search/typing");
    group.sample_size(20);
    let matchers = matchers();
    for &count in support::sizes() {
        let mut desk = Desk::generated(count);
        for (script, text) in QUERIES {
            let prefixes = prefixes(text);
            group.throughput(Throughput::Elements(prefixes.len() as u64));
            for (name, matcher) in &matchers {
                let id = BenchmarkId::new(format!("{name}/{script}"), support::label(count));
                group.bench_function(id, |b| {
                    b.iter(|| {
                        for prefix in &prefixes {
                            desk.search(prefix, &**matcher);
                        }
                    })
                });
            }
        }
    }
    group.finish();
}

/// Each keystroke of the Latin queries on its own, on the largest corpus: the budget is for
/// the median keystroke and the slowest one, which a total hides.
fn keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("search/keystroke");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    let Some(&count) = support::sizes().last() else {
        return;
    };
    let mut desk = Desk::generated(count);
    let matchers = matchers();
    for (script, text) in &QUERIES[..2] {
        for prefix in prefixes(text) {
            for (name, matcher) in &matchers {
                let id = BenchmarkId::new(
                    format!("{name}/{script}/{}", support::label(count)),
                    // Quoted: the prefix that ends in a space is a keystroke of its own.
                    format!("{prefix:?}"),
                );
                group.bench_function(id, |b| b.iter(|| desk.search(&prefix, &**matcher)));
            }
        }
    }
    group.finish();
}

/// Claims for the hard cases of search: a typo, an accent, a word inside a phrase of a script
/// written without spaces, and decoys that share letters with the word but are not it. Ids are
/// searched too, so none holds a query's word.
const HARD_CASES_YAML: &str = r#"claims:
  - id: leak
    assertion: Vaccine data leaked on Telegram
    claimant: A post
  - id: edit
    assertion: The telecast was edited
    claimant: A post
  - id: accented
    assertion: "Déjà vu: the same photo, again"
    claimant: A post
  - id: unaccented
    assertion: An old deja vu
    claimant: A post
  - id: zh
    assertion: 疫苗数据在电报上泄露
    claimant: A post
  - id: zh-apart
    assertion: 电视台报道了疫苗
    claimant: A post
  - id: th
    assertion: ข่าวปลอมเรื่องวัคซีนโควิด
    claimant: A post
  - id: th-apart
    assertion: วันนี้คนซีด
    claimant: A post
  - id: hi
    assertion: मंत्री ने कहा
    claimant: A post
  - id: hi-apart
    assertion: मत दो
    claimant: A post
"#;

/// (case, query, the claim it must find)
const HARD_CASES: [(&str, &str, &str); 8] = [
    ("transposed letters", "telegarm", "leak"),
    ("transposed letters", "teelgram", "leak"),
    ("letters left out", "tlgrm", "leak"),
    ("accent folded", "deja", "accented"),
    ("accent folded, the other way", "déjà", "unaccented"),
    (
        "Chinese word inside a phrase (电报, Telegram)",
        "电报",
        "zh",
    ),
    ("Thai word inside a phrase (วัคซีน, vaccine)", "วัคซีน", "th"),
    ("Devanagari word (मंत्री, minister)", "मंत्री", "hi"),
];

/// Prints, for each hard case, where each matcher lists the claim the query must find, and
/// how many claims it lists.
fn hard_cases() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("hard.yaml"), HARD_CASES_YAML).expect("write claims");
    let mut desk = Desk::new(load(dir.path().to_path_buf()));
    let matchers = matchers();
    println!("| case | query | {} | {} |", matchers[0].0, matchers[1].0);
    println!("| --- | --- | --- | --- |");
    for (case, text, expected) in HARD_CASES {
        let cells: Vec<String> = matchers
            .iter()
            .map(|(_, matcher)| {
                let shown = desk.search(text, &**matcher);
                let rank = shown.iter().position(|&i| desk.claims[i].id == expected);
                match rank {
                    Some(rank) => format!("found, #{} of {} listed", rank + 1, shown.len()),
                    None => format!("missed ({} listed)", shown.len()),
                }
            })
            .collect();
        println!("| {case} | `{text}` | {} | {} |", cells[0], cells[1]);
    }
}

/// Each claim's text as one string, the naive haystack.
fn haystacks(claims: &[Claim]) -> Vec<String> {
    claims
        .iter()
        .map(|claim| {
            let mut text = format!("{} {} {}", claim.id, claim.assertion, claim.claimant);
            for rebuttal in &claim.rebuttals {
                text.push(' ');
                text.push_str(&rebuttal.text);
            }
            text
        })
        .collect()
}

fn full_scan(c: &mut Criterion) {
    let mut group = c.benchmark_group("matcher/full-scan");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &count in support::sizes() {
        let haystacks = haystacks(&load(support::generate(count).root));
        let utf32: Vec<Utf32String> = haystacks.iter().map(|h| h.as_str().into()).collect();
        for (script, query) in [QUERIES[0], QUERIES[2]] {
            let word = query.split(' ').next().unwrap_or(query);
            let skim = SkimMatcherV2::default().smart_case();
            let id = BenchmarkId::new(format!("fuzzy-matcher/{script}"), support::label(count));
            group.bench_function(id, |b| {
                b.iter(|| {
                    haystacks
                        .iter()
                        .filter(|h| skim.fuzzy_match(h, word).is_some())
                        .count()
                })
            });
            let mut matcher = Matcher::new(Config::DEFAULT);
            let pattern = Pattern::parse(word, CaseMatching::Smart, Normalization::Smart);
            let id = BenchmarkId::new(format!("nucleo-matcher/{script}"), support::label(count));
            group.bench_function(id, |b| {
                b.iter(|| {
                    utf32
                        .iter()
                        .filter(|h| pattern.score(h.slice(..), &mut matcher).is_some())
                        .count()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, typing, keystroke, full_scan);

fn main() {
    hard_cases();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
