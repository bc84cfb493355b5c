//! Typo tolerance: a query word that fuzzy-matches nothing still finds a vocabulary word whose
//! start it is, but for a letter swapped with the next or a wrong letter (`telegarm` and
//! `teelgram` find "telegram"): the optimal string alignment distance, without insertions
//! and deletions. A missing letter is a fuzzy match already (`telgram`); an extra one is not
//! forgiven, or a word typed past its end (`icebergx`) would still find the word.
//!
//! The query is measured against the *start* of the word, as it is typed: `teelg` already
//! finds "telegram", so the list does not empty while a misspelt word is half typed.

use super::matcher::WordMatcher;

/// One query word, ready to be measured against many vocabulary words.
pub struct Typos {
    query: Vec<char>,
    /// The most edits a match may need.
    allowed: usize,
}

impl Typos {
    /// `None` for words of fewer than 4 letters: one letter off a short word is too many
    /// words. Longer words may be two letters off from 8 letters on.
    pub fn new(query: &str) -> Option<Self> {
        let query: Vec<char> = query.chars().collect();
        let allowed = match query.len() {
            0..4 => return None,
            4..8 => 1,
            _ => 2,
        };
        Some(Self { query, allowed })
    }

    /// The first letter of the words that start with the query's first two letters swapped
    /// (`etlegram`), which are worth measuring too; `None` when the two are the same.
    pub fn swapped_first(&self) -> Option<char> {
        let (first, second) = (self.query[0], self.query[1]);
        (first != second).then_some(second)
    }

    /// How many edits turn the query into the start of `word`, if within the allowance. The
    /// first letter must be right or swapped with the second: a typo there is rare, and
    /// allowing it would measure every word of the vocabulary.
    pub fn edits(&self, word: &str) -> Option<usize> {
        let query = &self.query;
        let mut letters = word.chars().peekable();
        let mut edits = 0;
        let mut i = 0;
        while i < query.len() {
            let letter = letters.next()?;
            if letter != query[i] {
                let swapped =
                    query.get(i + 1) == Some(&letter) && letters.peek() == Some(&query[i]);
                edits += 1;
                if (i == 0 && !swapped) || edits > self.allowed {
                    return None;
                }
                // Without insertions and deletions, taking a swap where there is one is
                // never worse: the two letters would otherwise be two substitutions.
                if swapped {
                    letters.next();
                    i += 1;
                }
            }
            i += 1;
        }
        Some(edits)
    }

    /// The score of a match, below the fuzzy match of the word's start spelt right: a quarter
    /// of it for one edit, a sixth for two.
    pub fn score(&self, word: &str, matcher: &dyn WordMatcher) -> Option<i64> {
        let edits = self.edits(word)?;
        let len = self.query.len();
        let end = word
            .char_indices()
            .nth(len)
            .map_or(word.len(), |(at, _)| at);
        let spelt_right = matcher.score(word, &word[..end]).unwrap_or(1);
        Some((spelt_right / (2 * (edits as i64 + 1))).max(1))
    }

    /// Char indices of `word` that the query stands for.
    pub fn positions(&self, word: &str) -> Option<Vec<usize>> {
        self.edits(word)?;
        Some((0..self.query.len()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::matcher::Skim;
    use super::*;

    fn edits(query: &str, word: &str) -> Option<usize> {
        Typos::new(query)?.edits(word)
    }

    #[test]
    fn a_swapped_or_wrong_letter_is_one_edit() {
        assert_eq!(edits("telegarm", "telegram"), Some(1));
        assert_eq!(edits("teelgram", "telegram"), Some(1));
        assert_eq!(edits("telegrem", "telegram"), Some(1));
        assert_eq!(edits("etlegram", "telegram"), Some(1));
        assert_eq!(edits("date", "data"), Some(1));
    }

    #[test]
    fn a_misspelt_start_finds_the_word_as_it_is_typed() {
        assert_eq!(edits("teel", "telegram"), Some(1));
        assert_eq!(edits("telegar", "telegram"), Some(1));
    }

    #[test]
    fn an_extra_letter_is_not_forgiven() {
        assert_eq!(edits("telegramm", "telegram"), None);
        assert_eq!(edits("icebergx", "iceberg"), None);
    }

    #[test]
    fn longer_words_may_be_two_letters_off_shorter_ones_one() {
        assert_eq!(edits("tleegarm", "telegram"), Some(2));
        assert_eq!(edits("mniitser", "minister"), Some(2));
        assert_eq!(edits("mniitse", "minister"), None);
        assert_eq!(edits("dtaa", "data"), Some(1));
        assert_eq!(edits("dtae", "data"), None);
    }

    #[test]
    fn short_words_and_wrong_first_letters_get_no_typo_matches() {
        assert_eq!(edits("dta", "data"), None);
        assert_eq!(edits("pelegram", "telegram"), None);
        assert_eq!(edits("tleegram", "pelegram"), None);
    }

    #[test]
    fn counts_letters_not_bytes() {
        assert_eq!(edits("मंत्रा", "मंत्री"), Some(1));
        assert_eq!(edits("γεια", "γαια"), Some(1));
    }

    #[test]
    fn scores_below_the_word_spelt_right() {
        let matcher = Skim::default();
        let right = matcher.score("telegram", "telegram").unwrap();
        let one = Typos::new("telegarm").unwrap().score("telegram", &matcher);
        let two = Typos::new("tleegarm").unwrap().score("telegram", &matcher);
        assert!(one.unwrap() < right / 2 && two.unwrap() < one.unwrap());
    }
}
