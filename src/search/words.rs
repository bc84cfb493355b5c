//! Text into words, and words into the form the index keeps: lowercase, with the accents of
//! Latin, Greek and Cyrillic letters folded away (`déjà` is kept as `deja`), so a query finds
//! a word whether or not either was typed with its accents.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// The words of `text` with their byte offsets: split at white space and punctuation, and a
/// text with a script written without spaces (or emoji) also at Unicode word boundaries
/// (UAX #29), so that its phrases are not one word. UAX #29 has no dictionary: Chinese splits
/// into single ideographs and Thai into single letters with their marks. Indic signs such as
/// the virama stay in their word.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let runs = runs(text);
    if may_hold_several_words(text) {
        let segmented = runs.flat_map(|(start, run)| {
            let pieces = run.split_word_bound_indices();
            // What lies between words here (emoji, symbols) is not a word.
            let words = pieces.filter(|(_, piece)| piece.chars().any(char::is_alphanumeric));
            words.map(move |(at, word)| (start + at, word))
        });
        Words::Segmented(segmented)
    } else {
        Words::Runs(runs)
    }
}

/// Runs of text between separators, with their byte offsets. An ASCII byte is told apart by a
/// table, and only other chars are decoded: splitting by chars was a fifth of indexing.
fn runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            let (separator, len) = char_at(text, at)?;
            if !separator {
                break at;
            }
            at += len;
        };
        while let Some((false, len)) = char_at(text, at) {
            at += len;
        }
        Some((start, &text[start..at]))
    })
}

/// Whether the char at byte `at` of `text` is a separator, and its length; `None` at the end.
fn char_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((ASCII_SEPARATORS[usize::from(byte)], 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((is_separator(c), c.len_utf8()))
}

/// [`is_separator`] for each ASCII byte.
const ASCII_SEPARATORS: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        let c = byte as u8 as char;
        table[byte] = c.is_ascii_whitespace() || c.is_ascii_punctuation() || byte == 0x0b;
        byte += 1;
    }
    table
};

/// Scripts before Thai in Unicode's order (Latin, Greek, Cyrillic, Hebrew, Arabic, the scripts
/// of India and Sri Lanka) are written with spaces between words, so a text of them needs no
/// segmenter; Thai, Chinese, Japanese, emoji and most symbols come after. Decided once a text:
/// testing every run instead made indexing 100,000 claims a quarter slower.
fn may_hold_several_words(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    // Found from the bytes, decoding only such chars: in UTF-8 they start with a byte above
    // 0xE0, or 0xE0 then 0xB8 or more (Devanagari, say, is 0xE0 then 0xA4 or 0xA5).
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        let next = bytes.get(at + 1).copied().unwrap_or_default();
        let from_thai_on = byte > 0xE0 || (byte == 0xE0 && next >= 0xB8);
        let char_there = || text.get(at..).and_then(|rest| rest.chars().next());
        from_thai_on && char_there().is_some_and(|c| !is_separator(c))
    })
}

/// The runs of a text as they are, or split further into words.
enum Words<R, S> {
    Runs(R),
    Segmented(S),
}

impl<'t, R, S> Iterator for Words<R, S>
where
    R: Iterator<Item = (usize, &'t str)>,
    S: Iterator<Item = (usize, &'t str)>,
{
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Words::Runs(runs) => runs.next(),
            Words::Segmented(words) => words.next(),
        }
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '।' | '«' | '»')
}

/// `word` as the index keeps it (see [`fold_each`]).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(word.len());
    fold_each(word, |_, c| folded.push(c));
    folded
}

/// Gives `emit` the chars of `word` lowercased and with the accents of Latin, Greek and
/// Cyrillic letters dropped, each with the index of the char of `word` it comes from
/// (lowercasing `İ` gives two chars, and a dropped accent none), so a match can be shown on
/// the original.
pub fn fold_each(word: &str, mut emit: impl FnMut(usize, char)) {
    // Whether the last letter was Latin, Greek or Cyrillic: marks after it are accents.
    // Marks after any other letter (an Indic vowel sign, a virama) are part of the word.
    let mut accented = false;
    for (i, c) in word.chars().enumerate() {
        for lower in c.to_lowercase() {
            let mut keep = |c: char| {
                if accented && is_combining_mark(c) {
                    return;
                }
                accented = is_accented_script(c);
                // Both sigmas are one letter; `Σ` lowercases to either.
                emit(i, if c == 'ς' { 'σ' } else { c });
            };
            // Decomposing only these scripts keeps, say, Hangul syllables whole.
            if is_accented_script(lower) && !lower.is_ascii() {
                decompose_canonical(lower, &mut keep);
            } else {
                keep(lower);
            }
        }
    }
}

/// Latin (from ASCII to Latin Extended-B, and Latin Extended Additional), Greek and Cyrillic.
fn is_accented_script(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{24F}' | '\u{370}'..='\u{52F}' | '\u{1E00}'..='\u{1FFF}')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_ascii_table_is_the_separator_rule() {
        for byte in 0..128_u8 {
            let c = char::from(byte);
            assert_eq!(
                ASCII_SEPARATORS[usize::from(byte)],
                is_separator(c),
                "{c:?}"
            );
        }
    }

    proptest! {
        /// Runs are the text split at separators, as splitting char by char gives them.
        #[test]
        fn runs_are_the_text_between_separators(text in "(\\PC|[ \t\n\x0b.,—“…।]){0,40}") {
            let by_chars: Vec<(usize, &str)> = text
                .split_inclusive(is_separator)
                .filter_map(|piece| {
                    let run = piece.trim_end_matches(is_separator);
                    let start = piece.as_ptr() as usize - text.as_ptr() as usize;
                    (!run.is_empty()).then_some((start, run))
                })
                .collect();
            prop_assert_eq!(runs(&text).collect::<Vec<_>>(), by_chars);
        }
    }

    fn split(text: &str) -> Vec<&str> {
        words(text).map(|(_, w)| w).collect()
    }

    #[test]
    fn splits_at_spaces_and_punctuation_but_keeps_indic_words_whole() {
        assert_eq!(
            split("CoWIN's data—leaked, “मंत्री” ने"),
            ["CoWIN", "s", "data", "leaked", "मंत्री", "ने"]
        );
        assert_eq!(split("தமிழ் মন্ত্রী"), ["தமிழ்", "মন্ত্রী"]);
    }

    #[test]
    fn splits_chinese_and_thai_phrases_into_words() {
        assert_eq!(
            split("疫苗数据在电报上"),
            ["疫", "苗", "数", "据", "在", "电", "报", "上"]
        );
        // Thai letters with their vowel and tone marks.
        assert_eq!(split("ข่าววัคซีน"), ["ข่", "า", "ว", "วั", "ค", "ซี", "น"]);
    }

    #[test]
    fn emoji_and_symbols_are_not_words_and_offsets_are_bytes() {
        let found: Vec<_> = words("héllo😀wörld ✓ 3.14").collect();
        assert_eq!(found, [(0, "héllo"), (10, "wörld"), (21, "3"), (23, "14")]);
        // Segmenting keeps Indic words whole too.
        assert_eq!(split("मंत्री ने 👍"), ["मंत्री", "ने"]);
    }

    #[test]
    fn folds_case_and_latin_greek_and_cyrillic_accents() {
        assert_eq!(fold("Déjà"), "deja");
        // A decomposed accent (e and a combining acute) folds the same way.
        assert_eq!(fold("de\u{301}ja\u{300}"), "deja");
        assert_eq!(fold("ΆΘΗΝΑ"), fold("αθηνα"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn keeps_indic_signs_and_other_scripts_as_they_are() {
        for word in ["मंत्री", "মন্ত্রী", "தமிழ்", "วัคซีน", "한국어", "電報"]
        {
            assert_eq!(fold(word), word);
        }
    }

    #[test]
    fn folding_knows_which_char_each_char_comes_from() {
        let mut sources = Vec::new();
        fold_each("İe\u{301}x", |i, _| sources.push(i));
        assert_eq!(sources, [0, 1, 3]);
    }
}
