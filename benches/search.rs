//! Search as the user types: every keystroke re-ranks the whole corpus.
//!
//! `search/typing` runs the dashboard's search (a word index, matched with fuzzy-matcher) once
//! per prefix of a query, so its time divided by the query's length is the cost of one
//! keystroke. `matcher/full-scan` is the naive design it replaced: fuzzy-matching every claim's
//! whole text, with fuzzy-matcher (the design card's choice) and with nucleo-matcher.

mod support;

use std::time::Duration;

use claimdesk::model::{Claim, RatingScale};
use claimdesk::search::{Filter, SearchIndex, Sort};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

const QUERIES: [(&str, &str); 2] = [("ascii", "telegram bot"), ("devanagari", "मंत्री ने")];

fn claims(count: usize) -> Vec<Claim> {
    let corpus = support::generate(count);
    let paths = [corpus.root.clone()];
    claimdesk::store::load_paths(&paths, &RatingScale::default(), None, &()).claims
}

fn prefixes(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    (1..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

fn typing(c: &mut Criterion) {
    let scale = RatingScale::default();
    let mut group = c.benchmark_group("search/typing");
    group.sample_size(20);
    for &count in support::sizes() {
        let claims = claims(count);
        let mut index = SearchIndex::new(&claims);
        for (script, query) in QUERIES {
            let filters: Vec<Filter> = prefixes(query)
                .into_iter()
                .map(|query| Filter {
                    query,
                    ..Filter::default()
                })
                .collect();
            group.throughput(Throughput::Elements(filters.len() as u64));
            let id = BenchmarkId::new(script, support::label(count));
            group.bench_function(id, |b| {
                b.iter(|| {
                    for filter in &filters {
                        index.filter_and_rank(&claims, filter, Sort::FileOrder, &scale);
                    }
                })
            });
        }
    }
    group.finish();
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
        let haystacks = haystacks(&claims(count));
        let utf32: Vec<Utf32String> = haystacks.iter().map(|h| h.as_str().into()).collect();
        for (script, query) in QUERIES {
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

criterion_group!(benches, typing, full_scan);
criterion_main!(benches);
