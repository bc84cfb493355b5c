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

use std::ops::{Range, RangeInclusive};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::matcher::WordMatcher;
use super::typo::Typos;
use super::words::{fold, fold_each, words};
use crate::hash::FastMap;

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

    /// How many distinct words it holds.
    #[cfg(test)]
    pub fn words(&self) -> usize {
        self.word_ends.len()
    }

    /// This segment with only the words within some of `reaches` (and their claims): all a
    /// one-off search for those words needs, a small part of the vocabulary to merge.
    pub fn within_reach(&self, reaches: &[Reach]) -> Self {
        let mut kept = Self {
            claims: self.claims,
            ..Self::default()
        };
        for (word, postings) in self.entries() {
            if reaches.iter().any(|reach| reach.reaches(word)) {
                let bytes = self.postings.0.get(postings).unwrap_or_default();
                kept.push_word(word, |kept| kept.0.extend_from_slice(bytes));
            }
        }
        kept
    }

    /// Appends a word, and its claims with `push_postings`.
    fn push_word(&mut self, word: &str, push_postings: impl FnOnce(&mut Postings)) {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.text.push_str(word);
        self.word_ends.push(offset(self.text.len()));
        push_postings(&mut self.postings);
        self.posting_ends.push(offset(self.postings.len()));
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
    ids: FastMap<Box<str>, u32>,
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
        let lower = fold(word);
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
        let mut segment = Segment {
            claims: self.claims,
            ..Segment::default()
        };
        for (word, postings) in self.words.iter().zip(&self.postings) {
            segment.push_word(word, |segment| segment.push(postings));
        }
        segment
    }
}

/// Segments in claim order over one vocabulary: a query is matched against each distinct word
/// once, however many files it occurs in.
#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    ids: FastMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Word ids by first character, so a query scans only the words it can match from the start.
    by_first_char: FastMap<char, Vec<u32>>,
    segments: Vec<Placed>,
    claims: usize,
}

/// A segment in the index, with its words as the vocabulary's ids.
#[derive(Debug, Clone)]
struct Placed {
    segment: Arc<Segment>,
    vocabulary_ids: Vec<u32>,
}

/// Query words are matched folded, like the vocabulary.
pub(super) fn query_words(query: &str) -> Vec<String> {
    words(query).map(|(_, w)| fold(w)).collect()
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
        let placed = self.place(segment);
        self.claims += placed.segment.claims;
        self.segments.push(placed);
    }

    /// Drops the segments that hold exactly the claims `range`, moving the claims after them
    /// down; `false` (and nothing changed) when segments do not start and end there.
    pub fn remove(&mut self, range: Range<usize>) -> bool {
        self.replace(range, None)
    }

    /// Puts `segment` (or nothing) in place of the segments that hold exactly the claims
    /// `range`; `false` (and nothing changed) when segments do not start and end there.
    pub fn replace(&mut self, range: Range<usize>, segment: Option<Arc<Segment>>) -> bool {
        let Some(held) = self.segments_holding(&range) else {
            return false;
        };
        let placed = segment.map(|segment| self.place(segment));
        let added = placed.as_ref().map_or(0, |p| p.segment.claims);
        self.claims = self.claims - range.len() + added;
        self.segments.splice(held, placed);
        true
    }

    /// Where in `segments` the ones holding exactly the claims `range` are.
    fn segments_holding(&self, range: &Range<usize>) -> Option<RangeInclusive<usize>> {
        let mut start = 0;
        let mut first = None;
        for (i, placed) in self.segments.iter().enumerate() {
            if start == range.start {
                first = Some(i);
            }
            start += placed.segment.claims;
            if let Some(first) = first.filter(|_| start >= range.end) {
                return (start == range.end).then_some(first..=i);
            }
        }
        None
    }

    fn place(&mut self, segment: Arc<Segment>) -> Placed {
        let vocabulary_ids = segment
            .entries()
            .map(|(word, _)| self.vocabulary_id(word))
            .collect();
        Placed {
            segment,
            vocabulary_ids,
        }
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

    /// Vocabulary words `query_word` matches, with scores above zero: only words within its
    /// [`Reach`] are measured.
    fn matching_words(&self, query_word: &str, matcher: &dyn WordMatcher) -> Vec<(u32, i64)> {
        let reach = Reach::new(query_word);
        let starting_with = |c: Option<char>| {
            c.and_then(|c| self.by_first_char.get(&c))
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        let mut found: Vec<(u32, i64)> = starting_with(reach.first)
            .iter()
            .filter_map(|&id| {
                let word = &self.words[id as usize];
                if !reach.long_enough(word) {
                    return None;
                }
                let score = match matcher.score(word, query_word) {
                    Some(score) => score.max(1),
                    None => reach.typos.as_ref()?.score(word, matcher)?,
                };
                Some((id, score))
            })
            .collect();
        if let Some(typos) = &reach.typos {
            for &id in starting_with(reach.swapped_first) {
                let word = &self.words[id as usize];
                if !reach.long_enough(word) {
                    continue;
                }
                if let Some(score) = typos.score(word, matcher) {
                    found.push((id, score));
                }
            }
        }
        if let Some(part) = reach.part {
            for (id, word) in self.words.iter().enumerate() {
                // Words with the query's first letter were scored above.
                if word.contains(part) && !reach.starts(word) {
                    // A part of a word ranks below a match from its start.
                    let score = matcher.score(word, query_word).unwrap_or(1);
                    found.push((id as u32, (score / 2).max(1)));
                }
            }
        }
        found
    }
}

/// The vocabulary words a query word is measured against: those as long as it at least (the
/// matcher finds its letters in order, and a typo is a letter changed or two swapped, never
/// one left out) that start with its first letter or, for typos from four letters on, with
/// its second (the first two swapped); and from three letters on, those holding it. No word
/// outside can match it, so a one-off search may leave them out of the index
/// ([`Segment::within_reach`]).
pub struct Reach<'q> {
    first: Option<char>,
    swapped_first: Option<char>,
    part: Option<&'q str>,
    typos: Option<Typos>,
    chars: usize,
}

impl<'q> Reach<'q> {
    /// The reach of `query_word`, folded as the vocabulary is.
    pub fn new(query_word: &'q str) -> Self {
        let typos = Typos::new(query_word);
        let chars = query_word.chars().count();
        Self {
            first: query_word.chars().next(),
            swapped_first: typos.as_ref().and_then(Typos::swapped_first),
            part: (chars >= 3).then_some(query_word),
            typos,
            chars,
        }
    }

    /// Whether `word` starts with the query word's first letter.
    fn starts(&self, word: &str) -> bool {
        word.chars().next().is_some_and(|c| Some(c) == self.first)
    }

    /// Whether `word` has as many letters as the query word: a shorter one cannot match it
    /// from its start. Counted from the bytes when they say enough.
    fn long_enough(&self, word: &str) -> bool {
        word.len() >= self.chars && (word.is_ascii() || word.chars().count() >= self.chars)
    }

    pub fn reaches(&self, word: &str) -> bool {
        let first = word.chars().next();
        first.is_some()
            && (first == self.first || first == self.swapped_first)
            && self.long_enough(word)
            || self.part.is_some_and(|part| word.contains(part))
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
    use proptest::prelude::*;

    use super::super::matcher::Skim;
    use super::*;

    proptest! {
        /// The rule `Reach` leaves words out by: a word shorter than the query word neither
        /// matches it nor is it with a typo.
        #[test]
        fn a_word_shorter_than_the_query_word_never_matches_it(
            word in "[a-eé]{0,6}",
            query in "[a-eé]{1,9}",
        ) {
            prop_assume!(word.chars().count() < query.chars().count());
            let matcher = Skim::default();
            prop_assert_eq!(matcher.score(&word, &query), None);
            let typo = Typos::new(&query).and_then(|typos| typos.score(&word, &matcher));
            prop_assert_eq!(typo, None);
        }
    }

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
    fn replacing_segments_keeps_the_claims_around_them_in_place() {
        let mut index = index(&["data leaked", "telegram data"]);
        index.add(segment(&["safe portal"]));
        index.add(segment(&["data bot"]));
        assert!(
            !index.replace(1..3, Some(segment(&["x", "y"]))),
            "starts mid-segment"
        );
        assert!(index.replace(2..3, Some(segment(&["forged portal"]))));
        assert_eq!(hits(&index, "forged"), [2]);
        assert_eq!(hits(&index, "bot"), [3]);
        // Two segments become one.
        assert!(index.replace(0..3, Some(segment(&["a", "b", "c bot"]))));
        assert_eq!(index.segments().count(), 2);
        assert_eq!(hits(&index, "bot"), [2, 3]);
        assert_eq!(hits(&index, "forged"), Vec::<usize>::new());
        assert_eq!(index.len(), 4);
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
