//! Making new claims and rebuttals from what a user typed: a readable id, dates and urls read
//! the way the claim file wants them. Shared by the dashboard's forms, `add`, `rebut` and
//! `import`, so that a claim entered any way looks the same in the file.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::model::is_valid_id;

/// Words that say nothing of which claim it is.
const FILLER: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
];
/// Words of the assertion an id takes at most, and its length at most.
const ID_WORDS: usize = 4;
const ID_MAX_LEN: usize = 48;

/// A readable id for a claim no other claim has: the claimant's last name and the first
/// telling words of the assertion (`obrien-deep-rooted-conspiracy`), accents dropped; a
/// number is added when `taken` says the id exists (`-2`, `-3`). Text without Latin letters
/// (Hindi, Bengali) gives `claim-DATE`.
pub fn new_id(
    claimant: &str,
    assertion: &str,
    date: Option<NaiveDate>,
    taken: impl Fn(&str) -> bool,
) -> String {
    // The name, not the title after it: "Derek O’Brien, Trinamool Congress MP".
    let name = claimant.split([',', '(']).next().unwrap_or(claimant);
    let claimant_word = ascii_words(name).pop();
    let assertion_words = ascii_words(assertion)
        .into_iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .take(ID_WORDS);
    let words: Vec<String> = claimant_word.into_iter().chain(assertion_words).collect();
    let mut base = words.join("-");
    if base.len() > ID_MAX_LEN {
        let cut = base[..ID_MAX_LEN].rfind('-').unwrap_or(ID_MAX_LEN);
        base.truncate(cut);
    }
    if base.is_empty() {
        let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
        base = format!("claim-{date}");
    }
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// The words of `text` in lower-case ASCII, accents dropped (`O’Brien` → `obrien`).
fn ascii_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect();
    folded
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A date as the claim file writes it, `YYYY-MM-DD`, with a message saying so otherwise.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a date: write it as YYYY-MM-DD", text.trim()))
}

/// An id the user chose, refused with the rule when it breaks it.
pub fn check_id(id: &str) -> Result<(), String> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not an id: use lowercase letters, digits, `.`, `_` and `-`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none_taken(_: &str) -> bool {
        false
    }

    #[test]
    fn ids_come_from_the_claimant_and_the_telling_words_of_the_assertion() {
        let id = new_id(
            "Derek O’Brien, Trinamool Congress MP",
            "A deep-rooted conspiracy is at work",
            None,
            none_taken,
        );
        assert_eq!(id, "obrien-deep-rooted-conspiracy-work");
        let id = new_id("Zoë", "Déjà vu à São Paulo", None, none_taken);
        assert_eq!(id, "zoe-deja-vu-sao-paulo");
        assert!(check_id(&id).is_ok());
    }

    #[test]
    fn a_taken_id_gets_a_number_and_scripts_without_latin_letters_a_date() {
        let taken = |id: &str| matches!(id, "asha-leak" | "asha-leak-2");
        assert_eq!(new_id("Asha", "the leak", None, taken), "asha-leak-3");
        let date = NaiveDate::from_ymd_opt(2023, 6, 12);
        assert_eq!(
            new_id("विपक्षी नेता", "डेटा लीक हुआ है", date, none_taken),
            "claim-2023-06-12"
        );
    }

    #[test]
    fn long_ids_are_cut_at_a_word() {
        let id = new_id(
            "Someone",
            "extraordinarily lengthy wordings everywhere imaginable",
            None,
            none_taken,
        );
        assert!(id.len() <= ID_MAX_LEN, "{id}");
        assert!(!id.ends_with('-'), "{id}");
    }

    #[test]
    fn dates_and_ids_say_how_they_are_written() {
        assert_eq!(
            parse_date(" 2023-06-15 "),
            NaiveDate::from_ymd_opt(2023, 6, 15).ok_or(String::new())
        );
        assert!(parse_date("15/06/2023").unwrap_err().contains("YYYY-MM-DD"));
        assert!(check_id("Bad Id").unwrap_err().contains("lowercase"));
    }
}
