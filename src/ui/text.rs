//! Measuring, wrapping and truncating text by display width (CJK and emoji take two columns).
//!
//! Each of these makes its text inert first ([`crate::inert`]): control, escape and bidi
//! characters are measured and shown as the visible escapes they become.
//!
//! Text is cut only between grapheme clusters: a Devanagari or Bengali consonant keeps its
//! vowel signs and virama, which a cut between chars would leave stranded in a cell of their
//! own (drawn as debris by many terminals).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::inert::inert;

pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to `max` columns, ending in `…` when something was cut. Reads only as much of
/// `text` as fits, however long it is.
pub fn truncate(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    // The clusters that fit in `max - 1` columns end where the ellipsis would go.
    let mut cut_at = None;
    for cluster in text.graphemes(true) {
        let shown = inert(cluster);
        let w = width(&shown);
        if used + w > max.saturating_sub(1) && cut_at.is_none() {
            cut_at = Some(out.len());
        }
        if used + w > max {
            out.truncate(cut_at.unwrap_or(out.len()));
            if max > 0 {
                out.push('…');
            }
            return out;
        }
        out.push_str(&shown);
        used += w;
    }
    out
}

/// `text` truncated or padded with spaces to exactly `columns` columns.
pub fn fit(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let pad = columns.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Word-wraps `text` (whitespace collapsed) into lines of at most `max` columns; words longer
/// than a line are split.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let word = inert(word);
        let word_width = width(&word);
        let gap = usize::from(!line.is_empty());
        if used + gap + word_width <= max {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(&word);
            used += gap + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        // Only a word longer than a line is taken apart, between clusters.
        for cluster in word.graphemes(true) {
            let w = width(cluster);
            if used + w > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push_str(cluster);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Like [`wrap`], but each line break of `text` starts a new line (a blank line stays blank):
/// for notes written on several lines. A field longer than [`FIELD_LIMIT`] is wrapped up to
/// there and ends with a line saying it was cut.
pub fn wrap_lines(text: &str, max: usize) -> Vec<String> {
    let shown = prefix(text, FIELD_LIMIT);
    let mut lines: Vec<String> = shown.split('\n').flat_map(|line| wrap(line, max)).collect();
    if shown.len() < text.len() {
        let marker = format!(
            "[… cut: this field is {} KB; the first {} KB are shown, e opens the file]",
            text.len() / 1024,
            FIELD_LIMIT / 1024
        );
        lines.extend(wrap(&marker, max));
    }
    lines
}

/// At most the first `bytes` bytes of `text`, cut on a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Bytes of a field the dashboard shows: more than anyone reads on screen, few enough that a
/// frame stays fast when a file holds a megabyte in one field.
pub const FIELD_LIMIT: usize = 64 * 1024;

/// The first words of `text` on one line (whitespace collapsed), as many as `columns` can
/// show and one more, so that a cell can tell it was cut: reads no further than that.
pub fn one_line_prefix(text: &str, columns: usize) -> String {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        if line.chars().count() > columns {
            break;
        }
        line.push_str(prefix(word, columns.saturating_mul(4) + 4));
    }
    line
}

/// Wrapped `text` as lines in `style`.
pub fn wrapped_lines(text: &str, max: usize, style: Style) -> Vec<Line<'static>> {
    wrap_lines(text, max)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

/// Like [`wrapped_lines`], with the chars `marked` picks in each line (char indices) in `mark`.
/// Lines are marked one by one, on the text shown: a line break falls between words, and
/// matches are found within a word.
pub fn marked_lines(
    text: &str,
    max: usize,
    marked: impl Fn(&str) -> Vec<usize>,
    style: Style,
    mark: Style,
) -> Vec<Line<'static>> {
    wrap_lines(text, max)
        .into_iter()
        .map(|line| Line::from(marked_spans(&line, max, &marked(&line), style, mark)))
        .collect()
}

/// `text` cut to `max` columns as spans, the chars at `marked` (char indices) in `mark`.
pub fn marked_spans(
    text: &str,
    max: usize,
    marked: &[usize],
    style: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    let text = truncate(text, max);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut first_char = 0;
    for cluster in text.graphemes(true) {
        let chars = cluster.chars().count();
        // A cluster is marked when any of its chars is: styles never split a cluster.
        let is_marked = (first_char..first_char + chars).any(|i| marked.binary_search(&i).is_ok());
        first_char += chars;
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { mark } else { style };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push_str(cluster);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { mark } else { style }));
    }
    spans
}

/// Two columns of lines merged row by row, the left padded to `left_width`, with `separator`
/// between them.
pub fn side_by_side(
    left: Vec<Line<'static>>,
    right: Vec<Line<'static>>,
    left_width: usize,
    separator: Span<'static>,
) -> Vec<Line<'static>> {
    let rows = left.len().max(right.len());
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    (0..rows)
        .map(|_| {
            let mut line = left.next().unwrap_or_default();
            let pad = left_width.saturating_sub(line.width());
            line.spans.push(Span::raw(" ".repeat(pad)));
            line.spans.push(separator.clone());
            line.spans.extend(right.next().unwrap_or_default().spans);
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_with_an_ellipsis_by_display_width() {
        assert_eq!(truncate("telegram", 8), "telegram");
        assert_eq!(truncate("telegram", 5), "tele…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn never_cuts_inside_a_grapheme_cluster() {
        // "मंत्री" is two clusters: म + ं (1 column) and त + ् + र + ी (3 columns).
        let word = "मंत्री";
        assert_eq!(truncate(&format!("{word}{word}"), 5), format!("{word}…"));
        assert_eq!(truncate(&format!("{word}{word}"), 4), "मं…");
        let spans = marked_spans(word, 10, &[1], Style::new(), Style::new().bold());
        let texts: Vec<_> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["मं", "त्री"]);
        assert!(wrap("সরকার", 2).iter().all(|l| !l.starts_with('\u{9be}')));
    }

    #[test]
    fn wraps_words_and_splits_long_ones() {
        assert_eq!(
            wrap("the data was  available\nonline", 10),
            ["the data", "was", "available", "online"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn marks_runs_of_matched_chars() {
        let plain = Style::new();
        let mark = Style::new().bold();
        let spans = marked_spans("telegram", 20, &[0, 1, 4], plain, mark);
        let texts: Vec<_> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["te", "le", "g", "ram"]);
        assert_eq!(spans[0].style, mark);
        assert_eq!(spans[1].style, plain);
    }
}
