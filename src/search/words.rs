//! Text into words: split at white space and punctuation, and at Unicode word boundaries where
//! a script is written without spaces.

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

/// Runs of text between separators, with their byte offsets.
fn runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive(is_separator).filter_map(move |piece| {
        let run = piece.trim_end_matches(is_separator);
        let start = piece.as_ptr() as usize - text.as_ptr() as usize;
        (!run.is_empty()).then_some((start, run))
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
