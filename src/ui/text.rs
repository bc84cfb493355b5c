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

/// `text` cut to `max` columns, ending in `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let text = inert(text);
    if width(&text) <= max {
        return text.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in text.graphemes(true) {
        let w = width(cluster);
        if used + w + 1 > max {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    if max > 0 {
        out.push('…');
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
    for word in text.split_whitespace() {
        let word = inert(word);
        let word = word.as_ref();
        let needed = if line.is_empty() { 0 } else { 1 } + width(word);
        if !line.is_empty() && width(&line) + needed > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        for cluster in word.graphemes(true) {
            if width(&line) + width(cluster) > max {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(cluster);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Like [`wrap`], but each line break of `text` starts a new line (a blank line stays blank):
/// for notes written on several lines.
pub fn wrap_lines(text: &str, max: usize) -> Vec<String> {
    text.split('\n').flat_map(|line| wrap(line, max)).collect()
}

/// Wrapped `text` as lines in `style`.
pub fn wrapped_lines(text: &str, max: usize, style: Style) -> Vec<Line<'static>> {
    wrap_lines(text, max)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
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
