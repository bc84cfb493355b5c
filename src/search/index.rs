//! A word index that keeps fuzzy search instant at archive scale.
//!
//! Fuzzy-matching a query against every claim's full text costs hundreds of milliseconds at
//! 100,000 claims (see the README's Performance section), so the matcher runs against the
//! corpus *vocabulary* instead: every distinct lowercase word, with the claims it occurs in.
//! A query word matches a vocabulary word when it fuzzy-matches it from the word's first
//! letter (`tlgrm` finds "telegram") or, from three letters on, is a part of it (`gram`
//! finds "telegram"). A claim matches when every query word matches one of its words.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::matcher::WordMatcher;
use crate::hash::FnvMap;

/// Claim positions are stored as `u32`: four billion claims is beyond any archive.
type ClaimIndex = u32;

/// The words of a run of claims (one file's), each with the claims it occurs in, counted from
/// the run's first claim. Built on the loader's threads and kept in the warm-start cache, so
/// the interface thread only adds it ([`WordIndex::add`]); a file that changes replaces its
/// own segment and nothing else.
///
/// Flat: all words in one string and all postings in one list, so that reading a segment from
/// the cache makes four allocations, not two a word.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The lowercase words, each once, one after the other; `word_ends` says where each ends.
    text: String,
    word_ends: Vec<u32>,
    /// Claims each word occurs in, ascending, without repeats; `posting_ends` says where
    /// each word's end.
    postings: Postings,
    posting_ends: Vec<u32>,
    claims: usize,
}

/// Claim numbers, each as its distance from the one before in LEB128 (one byte for most), as
/// one run of bytes: a third of the size of `u32`s, and read from the cache in one copy, not
/// number by number. They are decoded only for the words a query matches.
#[derive(Debug, Default, Clone, PartialEq)]
struct Postings(Vec<u8>);

impl Postings {
    /// Appends one word's claims (ascending).
    fn push(&mut self, claims: &[ClaimIndex]) {
        let mut previous = 0;
        for &claim in claims {
            let mut delta = claim - previous;
            previous = claim;
            while delta >= 0x80 {
                self.0.push((delta & 0x7f) as u8 | 0x80);
                delta >>= 7;
            }
            self.0.push(delta as u8);
        }
    }

    /// The claims whose bytes are `range`; nothing for a range that is not in the run (a
    /// damaged cache entry).
    fn claims(&self, range: Range<usize>) -> impl Iterator<Item = ClaimIndex> {
        let mut bytes = self.0.get(range).unwrap_or_default().iter();
        let mut previous: ClaimIndex = 0;
        std::iter::from_fn(move || {
            let mut delta: ClaimIndex = 0;
            for shift in (0..32).step_by(7) {
                let byte = *bytes.next()?;
                delta |= ClaimIndex::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    break;
                }
            }
            previous = previous.saturating_add(delta);
            Some(previous)
        })
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

impl Serialize for Postings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Postings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Postings;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Postings, E> {
                Ok(Postings(bytes.to_vec()))
            }

            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Postings, E> {
                Ok(Postings(bytes))
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

impl Segment {
    /// Indexes claims given as their searchable texts, in order.
    pub fn new<'t, T: IntoIterator<Item = &'t str>>(claims: impl IntoIterator<Item = T>) -> Self {
        let mut builder = SegmentBuilder::default();
        for texts in claims {
            builder.push(texts);
        }
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.claims
    }

    pub fn is_empty(&self) -> bool {
        self.claims == 0
    }

    /// Each word with (the bytes of) the claims it occurs in.
    fn entries(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        let word_starts = std::iter::once(0).chain(self.word_ends.iter().copied());
        let posting_starts = std::iter::once(0).chain(self.posting_ends.iter().copied());
        let words = word_starts.zip(&self.word_ends);
        let postings = posting_starts.zip(&self.posting_ends);
        words.zip(postings).map(|((start, &end), (from, &to))| {
            let word = self
                .text
                .get(start as usize..end as usize)
                .unwrap_or_default();
            (word, from as usize..to as usize)
        })
    }
}

#[derive(Default)]
struct SegmentBuilder {
    /// Every spelling seen (and its lowercase) to its word.
    ids: FnvMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    postings: Vec<Vec<ClaimIndex>>,
    claims: usize,
}

impl SegmentBuilder {
    /// Adds the next claim, given all its searchable text.
    fn push<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) {
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

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let lower = word.to_lowercase();
        if let Some(&id) = self.ids.get(lower.as_str()) {
            // Remember the original spelling too, so the next lookup is a single hash.
            self.ids.insert(word.into(), id);
            return id;
        }
        let id = self.words.len() as u32;
        if lower != word {
            self.ids.insert(word.into(), id);
        }
        let lower: Box<str> = lower.into();
        self.ids.insert(lower.clone(), id);
        self.words.push(lower);
        self.postings.push(Vec::new());
        id
    }

    fn finish(self) -> Segment {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut segment = Segment {
            claims: self.claims,
            ..Segment::default()
        };
        for (word, postings) in self.words.iter().zip(&self.postings) {
            segment.text.push_str(word);
            segment.word_ends.push(offset(segment.text.len()));
            segment.postings.push(postings);
            segment.posting_ends.push(offset(segment.postings.len()));
        }
        segment
    }
}

/// Segments in claim order over one vocabulary: a query is matched against each distinct word
/// once, however many files it occurs in.
#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    ids: FnvMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Word ids by first character, so a query scans only the words it can match from the start.
    by_first_char: FnvMap<char, Vec<u32>>,
    segments: Vec<Placed>,
    claims: usize,
}

/// A segment in the index, with its words as the vocabulary's ids.
#[derive(Debug, Clone)]
struct Placed {
    segment: Arc<Segment>,
    vocabulary_ids: Vec<u32>,
}

/// The words of `text`: split at white space and punctuation, but not inside a word of any
/// script (Devanagari and Bengali signs such as the virama stay in their word).
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive(is_separator).filter_map(move |piece| {
        let word = piece.trim_end_matches(is_separator);
        let start = piece.as_ptr() as usize - text.as_ptr() as usize;
        (!word.is_empty()).then_some((start, word))
    })
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '।' | '«' | '»')
}

/// Query words are matched lowercase, like the vocabulary.
pub fn query_words(query: &str) -> Vec<String> {
    words(query).map(|(_, w)| w.to_lowercase()).collect()
}

impl WordIndex {
    pub fn len(&self) -> usize {
        self.claims
    }

    pub fn is_empty(&self) -> bool {
        self.claims == 0
    }

    /// Appends a segment: its claims come after the ones already indexed.
    pub fn add(&mut self, segment: Arc<Segment>) {
        let vocabulary_ids = segment
            .entries()
            .map(|(word, _)| self.vocabulary_id(word))
            .collect();
        self.claims += segment.claims;
        self.segments.push(Placed {
            segment,
            vocabulary_ids,
        });
    }

    /// Drops the segments that hold exactly the claims `range`, moving the claims after them
    /// down; `false` (and nothing changed) when segments do not start and end there.
    pub fn remove(&mut self, range: Range<usize>) -> bool {
        let mut start = 0;
        let mut first = None;
        for (i, placed) in self.segments.iter().enumerate() {
            if start == range.start {
                first = Some(i);
            }
            start += placed.segment.claims;
            if let Some(first) = first.filter(|_| start >= range.end) {
                if start != range.end {
                    return false;
                }
                self.segments.drain(first..=i);
                self.claims -= range.len();
                return true;
            }
        }
        false
    }

    /// The segments, for tests that check which ones a change replaced.
    #[cfg(test)]
    pub fn segments(&self) -> impl Iterator<Item = &Arc<Segment>> {
        self.segments.iter().map(|placed| &placed.segment)
    }

    fn vocabulary_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        if let Some(first) = word.chars().next() {
            self.by_first_char.entry(first).or_default().push(id);
        }
        self.ids.insert(word.into(), id);
        self.words.push(word.into());
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
            let mut scores = vec![0_i64; self.words.len()];
            for (word, score) in self.matching_words(query_word, matcher) {
                scores[word as usize] = score;
            }
            let mut base = 0;
            for placed in &self.segments {
                let postings = placed.vocabulary_ids.iter().zip(placed.segment.entries());
                for (&word, (_, bytes)) in postings {
                    let score = scores[word as usize];
                    if score == 0 {
                        continue;
                    }
                    // A damaged cache entry must not point past its own claims.
                    let claims = placed.segment.postings.claims(bytes);
                    let claims = claims.take_while(|&c| (c as usize) < placed.segment.claims);
                    for claim in claims {
                        let claim = base + claim as usize;
                        // Only claims that matched every earlier query word can still match.
                        if matched[claim] == round && score > best[claim] {
                            best[claim] = score;
                        }
                    }
                }
                base += placed.segment.claims;
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
        let anchored = first
            .and_then(|c| self.by_first_char.get(&c))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut found: Vec<(u32, i64)> = anchored
            .iter()
            .filter_map(|&id| {
                let score = matcher.score(&self.words[id as usize], query_word)?;
                Some((id, score.max(1)))
            })
            .collect();
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
    let mut marked = Vec::new();
    for (start, word) in words(text) {
        let lower = word.to_lowercase();
        // Lowercase can be longer (`İ` becomes `i` and a combining dot): each char of `lower`
        // maps back to the char of `word` it comes from.
        let source: Vec<usize> = word
            .chars()
            .enumerate()
            .flat_map(|(i, c)| std::iter::repeat_n(i, c.to_lowercase().count()))
            .collect();
        let char_start = text[..start].chars().count();
        for query_word in &query_words {
            let anchored = lower.chars().next() == query_word.chars().next();
            let positions = if anchored {
                matcher.positions(&lower, query_word)
            } else if query_word.chars().count() >= 3 {
                substring_positions(&lower, query_word)
            } else {
                None
            };
            if let Some(positions) = positions {
                let in_word = positions.into_iter().filter_map(|p| source.get(p));
                marked.extend(in_word.map(|&i| char_start + i));
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

    fn segment(texts: &[&str]) -> Arc<Segment> {
        Arc::new(Segment::new(texts.iter().map(|text| [*text])))
    }

    fn index(texts: &[&str]) -> WordIndex {
        let mut index = WordIndex::default();
        index.add(segment(texts));
        index
    }

    fn hits(index: &WordIndex, query: &str) -> Vec<usize> {
        let found = index.search(query, &Skim::default()).unwrap_or_default();
        found.into_iter().map(|(claim, _)| claim).collect()
    }

    #[test]
    fn splits_words_at_spaces_and_punctuation_but_keeps_indic_words_whole() {
        let found: Vec<_> = words("CoWIN's data—leaked, “मंत्री” ने")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(found, ["CoWIN", "s", "data", "leaked", "मंत्री", "ने"]);
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
    fn segments_find_what_one_index_of_everything_finds() {
        let texts = ["data leaked", "Telegram data", "safe portal", "data bot"];
        let whole = index(&texts);
        let mut parts = index(&texts[..2]);
        parts.add(segment(&texts[2..3]));
        parts.add(segment(&texts[3..]));
        for query in ["data", "tel", "portal bot", "xyz"] {
            assert_eq!(hits(&parts, query), hits(&whole, query), "{query}");
        }
        assert_eq!(parts.len(), 4);
    }

    #[test]
    fn postings_read_back_as_written_and_a_damaged_run_reads_as_nothing() {
        let claims = [0, 1, 127, 128, 300, 70_000, 3_000_000, u32::MAX];
        let mut postings = Postings::default();
        postings.push(&claims[..3]);
        let first = postings.len();
        postings.push(&claims[3..]);
        let read: Vec<u32> = postings.claims(0..first).collect();
        assert_eq!(read, claims[..3]);
        let read: Vec<u32> = postings.claims(first..postings.len()).collect();
        assert_eq!(read, claims[3..]);
        assert_eq!(postings.claims(first..postings.len() + 9).count(), 0);
        let bytes = postcard::to_allocvec(&postings).unwrap();
        assert_eq!(postcard::from_bytes::<Postings>(&bytes).unwrap(), postings);
    }

    #[test]
    fn removing_a_segment_moves_the_claims_after_it_down() {
        let mut index = index(&["data leaked", "telegram data"]);
        index.add(segment(&["safe portal"]));
        index.add(segment(&["data bot"]));
        assert!(!index.remove(1..2), "no segment holds exactly claim 1");
        assert!(index.remove(2..3));
        assert_eq!(hits(&index, "data"), [0, 1, 2]);
        assert_eq!(hits(&index, "portal"), Vec::<usize>::new());
        assert_eq!(index.len(), 3);
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
}
