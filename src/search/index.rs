//! A word index that keeps fuzzy search instant at archive scale.
//!
//! Fuzzy-matching a query against every claim's full text costs hundreds of milliseconds at
//! 100,000 claims (see the README's Performance section), so the matcher runs against the
//! corpus *vocabulary* instead: every distinct word, folded (lowercase, accents dropped; see
//! [`words`](super::words)), with the claims it occurs in. A query word matches a vocabulary
//! word when it fuzzy-matches it from the word's first letter (`tlgrm` finds "telegram"), or,
//! from three letters on, is a part of it (`gram` finds "telegram"), or, from four letters
//! on, is its start with a typo (`telegarm` finds "telegram"; see [`typo`](super::typo)).
//! A claim matches when every query word matches one of its words.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::matcher::WordMatcher;
use super::typo::Typos;
use super::words::{fold, fold_each, words};

/// FNV-1a. Words are short and indexing hashes millions of them, where SipHash's defence
/// against crafted keys buys nothing (the claims are the desk's own files).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Claim positions are stored as `u32`: four billion claims is beyond any archive.
type ClaimIndex = u32;

#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    ids: FnvMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Claims each word occurs in, ascending, without repeats.
    postings: Vec<Vec<ClaimIndex>>,
    /// Word ids by first character, so a query scans only the words it can match from the start.
    by_first_char: FnvMap<char, Vec<u32>>,
    claims: usize,
}

/// Query words are matched folded, like the vocabulary.
pub fn query_words(query: &str) -> Vec<String> {
    words(query).map(|(_, w)| fold(w)).collect()
}

impl WordIndex {
    pub fn len(&self) -> usize {
        self.claims
    }

    pub fn is_empty(&self) -> bool {
        self.claims == 0
    }

    /// Adds the next claim (it gets position `len()`), given all its searchable text.
    pub fn push<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) {
        let claim = self.claims as ClaimIndex;
        self.claims += 1;
        for text in texts {
            for (_, word) in words(text) {
                let id = self.word_id(word);
                let postings = &mut self.postings[id as usize];
                // Claims arrive in order, so a repeat can only be the last entry.
                if postings.last() != Some(&claim) {
                    postings.push(claim);
                }
            }
        }
    }

    /// Appends the claims of `other` (indexed on their own, on another thread) after these.
    pub fn merge(&mut self, other: WordIndex) {
        let offset = self.claims as ClaimIndex;
        for (word, postings) in other.words.into_iter().zip(other.postings) {
            let shifted = postings.iter().map(|&claim| claim + offset);
            match self.ids.get(&word) {
                Some(&id) => self.postings[id as usize].extend(shifted),
                None => {
                    let id = self.new_word(word);
                    self.postings[id as usize] = shifted.collect();
                }
            }
        }
        self.claims += other.claims;
    }

    /// Drops the lookup tables that only [`push`](Self::push) and searching need, for an index
    /// that will only be merged into another: dropping them here saves the merging thread
    /// from freeing them.
    pub fn for_merging(self) -> WordIndex {
        WordIndex {
            words: self.words,
            postings: self.postings,
            claims: self.claims,
            ..WordIndex::default()
        }
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let lower = fold(word);
        if let Some(&id) = self.ids.get(lower.as_str()) {
            // Remember the original spelling too, so the next lookup is a single hash.
            self.ids.insert(word.into(), id);
            return id;
        }
        if lower != word {
            let id = self.words.len() as u32;
            self.ids.insert(word.into(), id);
        }
        self.new_word(lower.into())
    }

    /// Adds a folded word the index does not have yet.
    fn new_word(&mut self, lower: Box<str>) -> u32 {
        let id = self.words.len() as u32;
        if let Some(first) = lower.chars().next() {
            self.by_first_char.entry(first).or_default().push(id);
        }
        self.ids.insert(lower.clone(), id);
        self.words.push(lower);
        self.postings.push(Vec::new());
        id
    }

    /// Scores of the claims matching every word of `query` (higher is better), as
    /// `(claim position, score)` in claim order. `None` when the query has no words.
    pub fn search(&self, query: &str, matcher: &dyn WordMatcher) -> Option<Vec<(usize, i64)>> {
        let query_words = query_words(query);
        if query_words.is_empty() {
            return None;
        }
        let mut total = vec![0_i64; self.claims];
        let mut matched = vec![0_u16; self.claims];
        let mut best = vec![0_i64; self.claims];
        for (round, query_word) in query_words.iter().enumerate() {
            let round = round as u16;
            best.iter_mut().for_each(|b| *b = 0);
            for (word, score) in self.matching_words(query_word, matcher) {
                for &claim in &self.postings[word as usize] {
                    let claim = claim as usize;
                    // Only claims that matched every earlier query word can still match.
                    if matched[claim] == round && score > best[claim] {
                        best[claim] = score;
                    }
                }
            }
            for claim in 0..self.claims {
                if matched[claim] == round && best[claim] > 0 {
                    matched[claim] += 1;
                    total[claim] += best[claim];
                }
            }
        }
        let all = query_words.len() as u16;
        Some(
            (0..self.claims)
                .filter(|&claim| matched[claim] == all)
                .map(|claim| (claim, total[claim]))
                .collect(),
        )
    }

    /// Vocabulary words `query_word` matches, with scores above zero.
    fn matching_words(&self, query_word: &str, matcher: &dyn WordMatcher) -> Vec<(u32, i64)> {
        let first = query_word.chars().next();
        let starting_with = |c: Option<char>| {
            c.and_then(|c| self.by_first_char.get(&c))
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        let typos = Typos::new(query_word);
        let mut found: Vec<(u32, i64)> = starting_with(first)
            .iter()
            .filter_map(|&id| {
                let word = &self.words[id as usize];
                let score = match matcher.score(word, query_word) {
                    Some(score) => score.max(1),
                    None => typos.as_ref()?.score(word, matcher)?,
                };
                Some((id, score))
            })
            .collect();
        if let Some(typos) = &typos {
            for &id in starting_with(typos.swapped_first()) {
                if let Some(score) = typos.score(&self.words[id as usize], matcher) {
                    found.push((id, score));
                }
            }
        }
        if query_word.chars().count() >= 3 {
            for (id, word) in self.words.iter().enumerate() {
                let id = id as u32;
                // Words with the query's first letter were scored above.
                if word.contains(query_word) && !word.starts_with(first.unwrap_or_default()) {
                    // A part of a word ranks below a match from its start.
                    let score = matcher.score(word, query_word).unwrap_or(1);
                    found.push((id, (score / 2).max(1)));
                }
            }
        }
        found
    }
}

/// Char indices in `text` that the words of `query` match, by the same rule as the index.
pub fn highlight(text: &str, query: &str, matcher: &dyn WordMatcher) -> Vec<usize> {
    let query_words = query_words(query);
    if query_words.is_empty() {
        return Vec::new();
    }
    let typos: Vec<Option<Typos>> = query_words.iter().map(|q| Typos::new(q)).collect();
    let mut marked = Vec::new();
    for (start, word) in words(text) {
        // Folding changes the length (`İ` lowercases to `i` and a combining dot, and accents
        // are dropped): each char of `folded` maps back to the char of `word` it comes from.
        let mut folded = String::with_capacity(word.len());
        let mut source = Vec::new();
        fold_each(word, |i, c| {
            folded.push(c);
            source.push(i);
        });
        let char_start = text[..start].chars().count();
        let word_chars = word.chars().count();
        for (query_word, typos) in query_words.iter().zip(&typos) {
            let anchored = folded.chars().next() == query_word.chars().next();
            let positions = anchored
                .then(|| matcher.positions(&folded, query_word))
                .flatten()
                .or_else(|| {
                    let part = query_word.chars().count() >= 3;
                    part.then(|| substring_positions(&folded, query_word))
                        .flatten()
                })
                .or_else(|| typos.as_ref()?.positions(&folded));
            if let Some(positions) = positions {
                for p in positions {
                    // A matched char marks every char it was folded from, accents included.
                    let Some(&from) = source.get(p) else { continue };
                    let to = source
                        .get(p + 1)
                        .map_or(word_chars, |&next| next.max(from + 1));
                    marked.extend((from..to).map(|i| char_start + i));
                }
                break;
            }
        }
    }
    marked.sort_unstable();
    marked.dedup();
    marked
}

fn substring_positions(word: &str, part: &str) -> Option<Vec<usize>> {
    let byte = word.find(part)?;
    let first = word[..byte].chars().count();
    Some((first..first + part.chars().count()).collect())
}

#[cfg(test)]
mod tests {
    use super::super::matcher::Skim;
    use super::*;

    fn index(texts: &[&str]) -> WordIndex {
        let mut index = WordIndex::default();
        for text in texts {
            index.push([*text]);
        }
        index
    }

    fn hits(index: &WordIndex, query: &str) -> Vec<usize> {
        let found = index.search(query, &Skim::default()).unwrap_or_default();
        found.into_iter().map(|(claim, _)| claim).collect()
    }

    #[test]
    fn matches_fuzzily_from_the_start_of_a_word_and_parts_from_three_letters() {
        let index = index(&["Data leaked on Telegram", "Portal is safe", "A diagram"]);
        assert_eq!(hits(&index, "tlgrm"), [0]);
        assert_eq!(hits(&index, "TELEGRAM"), [0]);
        assert_eq!(hits(&index, "gram"), [0, 2]);
        assert_eq!(hits(&index, "ra"), Vec::<usize>::new());
        assert_eq!(hits(&index, "xyz"), Vec::<usize>::new());
    }

    #[test]
    fn every_query_word_must_match() {
        let index = index(&["data leaked on telegram", "data is safe", "telegram bot"]);
        assert_eq!(hits(&index, "data tel"), [0]);
        assert_eq!(hits(&index, "tel"), [0, 2]);
    }

    #[test]
    fn whole_words_score_above_parts_of_words() {
        let index = index(&["a diagram", "gram flour"]);
        let found = index.search("gram", &Skim::default()).unwrap();
        assert!(found[1].1 > found[0].1, "{found:?}");
    }

    #[test]
    fn matches_devanagari_and_bengali() {
        let index = index(&["मंत्री ने कहा", "সরকার দাবি করেছে", "minister"]);
        assert_eq!(hits(&index, "मंत्री"), [0]);
        assert_eq!(hits(&index, "সরকার"), [1]);
    }

    #[test]
    fn swapped_and_wrong_letters_still_find_the_word() {
        let index = index(&["Data leaked on Telegram", "Portal is safe"]);
        for query in [
            "telegarm", "teelgram", "telegrem", "etlegram", "teelg", "potral",
        ] {
            assert_eq!(hits(&index, query).len(), 1, "{query}");
        }
        // Every query word must still match, typos or not.
        assert_eq!(hits(&index, "telegarm portal"), Vec::<usize>::new());
    }

    #[test]
    fn short_words_get_no_typo_matches() {
        let index = index(&["a bot", "data"]);
        assert_eq!(hits(&index, "bto"), Vec::<usize>::new());
        assert_eq!(hits(&index, "dtaa"), [1]);
    }

    #[test]
    fn typos_rank_below_words_spelt_as_typed() {
        let index = index(&["a date", "database"]);
        let found = index.search("data", &Skim::default()).unwrap();
        assert_eq!(found.len(), 2);
        assert!(found[1].1 > found[0].1, "{found:?}");
    }

    #[test]
    fn accents_fold_in_the_text_and_in_the_query() {
        let index = index(&["Déjà vu at the café", "deja vu", "ΑΘΗΝΑ", "Ёлка"]);
        assert_eq!(hits(&index, "deja"), [0, 1]);
        assert_eq!(hits(&index, "déjà"), [0, 1]);
        assert_eq!(hits(&index, "CAFE"), [0]);
        assert_eq!(hits(&index, "αθήνα"), [2]);
        assert_eq!(hits(&index, "ёлка"), [3]);
        assert_eq!(hits(&index, "елка"), [3]);
    }

    #[test]
    fn finds_chinese_and_thai_words_inside_phrases() {
        let index = index(&["疫苗数据在电报上泄露", "ข่าวปลอมเรื่องวัคซีน", "电视"]);
        assert_eq!(hits(&index, "电报"), [0]);
        assert_eq!(hits(&index, "数据"), [0]);
        assert_eq!(hits(&index, "วัคซีน"), [1]);
        assert_eq!(hits(&index, "ปลอม"), [1]);
    }

    #[test]
    fn merging_indexes_equals_indexing_everything_in_one() {
        let texts = ["data leaked", "Telegram data", "safe portal", "data bot"];
        let whole = index(&texts);
        let mut merged = index(&texts[..2]);
        merged.merge(index(&texts[2..]));
        for query in ["data", "tel", "portal bot", "xyz"] {
            assert_eq!(hits(&merged, query), hits(&whole, query), "{query}");
        }
        assert_eq!(merged.len(), 4);
    }

    #[test]
    fn an_empty_query_is_no_search() {
        assert!(index(&["x"]).search("  ", &Skim::default()).is_none());
    }

    #[test]
    fn highlight_marks_the_matched_characters() {
        let matcher = Skim::default();
        assert_eq!(highlight("on Telegram now", "tele", &matcher), [3, 4, 5, 6]);
        assert_eq!(highlight("a diagram", "gram", &matcher), [5, 6, 7, 8]);
        assert!(highlight("nothing here", "zz", &matcher).is_empty());
    }

    #[test]
    fn highlight_marks_characters_of_the_text_when_lowercase_is_longer() {
        // `İ` lowercases to two characters, `i` and a combining dot (found by the `query` fuzz
        // check).
        let matcher = Skim::default();
        assert_eq!(highlight("AİB", "aib", &matcher), [0, 1, 2]);
        assert_eq!(
            highlight("İstanbul", "İstanbul", &matcher),
            (0..8).collect::<Vec<_>>()
        );
        assert_eq!(highlight("İİ bul", "bul", &matcher), [3, 4, 5]);
    }

    #[test]
    fn highlight_marks_the_original_characters_of_folded_words() {
        let matcher = Skim::default();
        assert_eq!(highlight("Déjà vu", "deja", &matcher), [0, 1, 2, 3]);
        assert_eq!(highlight("deja vu", "déjà", &matcher), [0, 1, 2, 3]);
        // A decomposed accent is marked with its letter.
        assert_eq!(highlight("de\u{301}ja", "dej", &matcher), [0, 1, 2, 3]);
        assert_eq!(
            highlight("on Telegram", "telegarm", &matcher),
            (3..11).collect::<Vec<_>>()
        );
        assert_eq!(
            highlight("a Telegram bot", "teelg", &matcher),
            [2, 3, 4, 5, 6]
        );
        assert_eq!(highlight("在电报上", "电报", &matcher), [1, 2]);
        assert_eq!(highlight("मंत्री ने", "मंत्री", &matcher), [0, 1, 2, 3, 4, 5]);
    }
}
