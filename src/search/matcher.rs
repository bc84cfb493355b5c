//! The fuzzy matcher behind the word index, behind a trait so it can be swapped.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Scores one vocabulary word against one query word, both folded: lowercase, without the
/// accents of Latin, Greek and Cyrillic letters. Called for words that start with the query's
/// first letter, for words the query is a part of, and to score typos (the word's start spelt
/// right as the query).
pub trait WordMatcher: Sync {
    /// `None` when the word does not match.
    fn score(&self, word: &str, query: &str) -> Option<i64>;
    /// Char indices of `word` that `query` matched.
    fn positions(&self, word: &str, query: &str) -> Option<Vec<usize>>;
}

/// fuzzy-matcher's skim algorithm (the design card's choice).
#[derive(Default)]
pub struct Skim(SkimMatcherV2);

impl WordMatcher for Skim {
    fn score(&self, word: &str, query: &str) -> Option<i64> {
        self.0.fuzzy_match(word, query)
    }

    fn positions(&self, word: &str, query: &str) -> Option<Vec<usize>> {
        self.0
            .fuzzy_indices(word, query)
            .map(|(_, indices)| indices)
    }
}
