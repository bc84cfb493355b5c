//! Text from claim files is data, never terminal commands.
//!
//! A claim id, an assertion or a file name may hold `ESC ] 52` (writes the clipboard),
//! `ESC [ 2J` (clears the screen), a C1 control such as U+009B (a one-character CSI on many
//! terminals), or a bidi override that makes the rest of a line read backwards. Every output
//! path of the program, the dashboard, the tables, the JSON and every error, passes such text
//! through this module, so there is one definition of what is shown and how.
//!
//! The visible form is one and the same everywhere: the Rust escape, `\u{1b}` for ESC,
//! `\u{9b}` for CSI, `\u{202e}` for RIGHT-TO-LEFT OVERRIDE, with the short `\n`, `\r` and `\t`
//! for the three line-layout controls. It is plain ASCII, so no cut of it (a table clipping a
//! column, the dashboard truncating a line) can leave half an escape behind.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would act on a terminal rather than be shown: C0 and C1 controls, DEL, and
/// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_hazard(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` for one line of output: every hazard, line breaks and tabs included, in its
/// visible form.
pub fn inert(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// `text` for output that keeps its own lines (a note, a paragraph in the dashboard): like
/// [`inert`], but line feeds and tabs pass through.
pub fn inert_multiline(text: &str) -> Cow<'_, str> {
    escape(text, |c| matches!(c, '\n' | '\t'))
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |c: char| is_hazard(c) && !keep(c);
    let Some(first) = text.find(needs) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            c if !needs(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// JSON as serde_json writes it, with DEL, the C1 controls and the bidi controls also
/// escaped (`\u009b`); serde_json escapes only C0. The value a parser reads is unchanged.
///
/// Those characters can only occur inside JSON strings (the syntax around them is ASCII),
/// so escaping them wherever they appear is exact. C0 is left alone: serde_json already
/// escaped it inside strings, and outside them it is the layout of pretty output.
pub fn json_escape_hazards(json: &str) -> Cow<'_, str> {
    let hazard = |c: char| u32::from(c) >= 0x7f && is_hazard(c);
    let Some(first) = json.find(hazard) else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 16);
    out.push_str(&json[..first]);
    for c in json[first..].chars() {
        if hazard(c) {
            // Every such character is in the Basic Multilingual Plane: four digits.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        let text = "CoWIN data “leaked” — कोविन, 漢字 and emoji 🙂";
        assert!(matches!(inert(text), Cow::Borrowed(t) if t == text));
        assert!(matches!(inert_multiline("a\nb\tc"), Cow::Borrowed(_)));
        assert!(matches!(json_escape_hazards("[\"ok\"]"), Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_commands_become_visible_text() {
        let hostile = "id\x1b]0;pwned\x07\x1b[2J\u{9b}31m\u{7f}";
        assert_eq!(
            inert(hostile),
            "id\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}31m\\u{7f}"
        );
    }

    #[test]
    fn bidi_overrides_and_isolates_are_neutralised_but_marks_are_kept() {
        assert_eq!(inert("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        // Right-to-left marks are ordinary punctuation in Arabic and Hebrew text.
        assert_eq!(inert("\u{200f}שלום"), "\u{200f}שלום");
    }

    #[test]
    fn one_line_shows_breaks_and_multiline_keeps_them() {
        assert_eq!(inert("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(inert_multiline("a\nb\r\tc\x1b"), "a\nb\\r\tc\\u{1b}");
    }

    #[test]
    fn nothing_inert_leaves_holds_a_hazard() {
        let every_hazard: String = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_hazard(c))
            .collect();
        assert!(!inert(&every_hazard).contains(is_hazard));
        assert!(
            !inert_multiline(&every_hazard).contains(|c| is_hazard(c) && c != '\n' && c != '\t')
        );
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_hazards() {
        let value = serde_json::json!({ "id": "x\u{7f}\u{9b}\u{202e}\x1b" });
        let json = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_escape_hazards(&json);
        assert!(!safe.contains(|c| is_hazard(c) && c != '\n'), "{safe}");
        assert!(safe.contains("\\u007f\\u009b\\u202e\\u001b"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
