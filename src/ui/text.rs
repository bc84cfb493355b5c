//! Measuring, wrapping and truncating text by display width (CJK and emoji take two columns).
//!
//! Each of these makes its text inert first ([`crate::inert`]): control, escape and bidi
//! characters are measured and shown as the visible escapes they become.
//!
//! Text is cut only between grapheme clusters: a Devanagari or Bengali consonant keeps its
//! vowel signs and virama, which a cut between chars would leave stranded in a cell of their
//! own (drawn as debris by many terminals).
//!
//! Widths are the terminal's ([`terminal_width`]): text is measured before it is padded for
//! the terminal, and every function here returns it padded, ready for the screen.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::terminal_width::{self, padded};
use crate::inert::inert;

/// Columns `text` (not yet padded) takes on the screen.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        return text.width();
    }
    text.graphemes(true).map(terminal_width::cells).sum()
}

/// Text from a file, ready for the screen: inert, and padded for the terminal.
pub fn shown(text: &str) -> String {
    pad_owned(inert(text).into_owned())
}

/// Columns [`shown`] text takes.
pub fn shown_width(text: &str) -> usize {
    width(&inert(text))
}

/// `text` padded for the terminal, reusing it when it needs no padding.
fn pad_owned(text: String) -> String {
    match padded(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(padded) => padded,
    }
}

/// `text` cut to `max` columns, ending in `…` when something was cut. Reads only as much of
/// `text` as fits, however long it is.
pub fn truncate(text: &str, max: usize) -> String {
    cut(text, max, true).0
}

/// [`truncate`], padded for the terminal or not, and the columns it takes.
fn cut(text: &str, max: usize, pad: bool) -> (String, usize) {
    let mut out = String::new();
    let mut used = 0;
    // The clusters that fit in `max - 1` columns end where the ellipsis would go.
    let mut cut_at = None;
    for cluster in text.graphemes(true) {
        let shown = inert(cluster);
        let w = width(&shown);
        if used + w > max.saturating_sub(1) && cut_at.is_none() {
            cut_at = Some((out.len(), used));
        }
        if used + w > max {
            let (at, kept) = cut_at.unwrap_or((out.len(), used));
            out.truncate(at);
            if max == 0 {
                return (out, 0);
            }
            out.push('…');
            return (out, kept + 1);
        }
        if pad {
            out.push_str(&padded(&shown));
        } else {
            out.push_str(&shown);
        }
        used += w;
    }
    (out, used)
}

/// The end of `text` that fits in `max` columns, after a `…` when something was cut: for
/// paths, whose end says the most. As in the file: [`fit_parts`] makes it ready to show.
pub fn truncate_start(text: &str, max: usize) -> String {
    if shown_width(text) <= max {
        return text.to_string();
    }
    let mut start = text.len();
    let mut used = 1;
    for (at, cluster) in text.grapheme_indices(true).rev() {
        used += shown_width(cluster);
        if used > max {
            break;
        }
        start = at;
    }
    format!("…{}", &text[start..])
}

/// Parts of one line of text (as in the file) in their styles, shown in at most `max`
/// columns: what does not fit is cut, and the last part shown ends in `…`.
pub fn fit_parts(parts: Vec<(String, Style)>, max: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut left = max;
    for (part, style) in parts {
        let (shown, used) = cut(&part, left, true);
        let was_cut = used < shown_width(&part) || (left == 0 && !part.is_empty());
        spans.push(Span::styled(shown, style));
        left -= used.min(left);
        if was_cut {
            break;
        }
    }
    Line::from(spans)
}

/// `text` truncated or padded with spaces to exactly `columns` columns.
pub fn fit(text: &str, columns: usize) -> String {
    let (mut out, used) = cut(text, columns, true);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

/// Word-wraps `text` (whitespace collapsed) into lines of at most `max` columns; words longer
/// than a line are split.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_inert(text, max).into_iter().map(pad_owned).collect()
}

/// [`wrap`], inert but not yet padded for the terminal: for text marked after wrapping.
fn wrap_inert(text: &str, max: usize) -> Vec<String> {
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
    wrap_lines_inert(text, max)
        .into_iter()
        .map(pad_owned)
        .collect()
}

/// [`wrap_lines`], inert but not yet padded for the terminal.
fn wrap_lines_inert(text: &str, max: usize) -> Vec<String> {
    let shown = prefix(text, FIELD_LIMIT);
    let wrap = wrap_inert;
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
    // Counted in columns: Indic text has more chars than columns, CJK fewer.
    let mut used = 0;
    for word in text.split_whitespace() {
        if used > columns {
            break;
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        let word = prefix(word, columns.saturating_mul(4) + 4);
        line.push_str(word);
        used += width(word);
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
    // Marked before it is padded, so the marks fall on the chars they name.
    wrap_lines_inert(text, max)
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
    let (text, _) = cut(text, max, false);
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
            spans.push(Span::styled(pad_owned(std::mem::take(&mut run)), style));
        }
        run_marked = is_marked;
        run.push_str(cluster);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            pad_owned(run),
            if run_marked { mark } else { style },
        ));
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
    fn a_cell_can_tell_that_a_long_indic_value_was_cut() {
        // Tamil has more chars than columns: the prefix must be counted in columns.
        let value = "தடுப்பூசி போட்டவர்களின் தகவல்கள் கசிந்தன";
        assert_eq!(width(value), 33);
        let prefix = one_line_prefix(value, 30);
        assert!(width(&prefix) > 30, "{prefix}");
        assert!(truncate(&prefix, 30).ends_with('…'));
    }

    #[test]
    fn paths_keep_their_end_and_lines_their_start() {
        assert_eq!(truncate_start("claims/2023/cowin.yaml", 12), "…/cowin.yaml");
        assert_eq!(truncate_start("cowin.yaml", 12), "cowin.yaml");
        let parts = vec![
            ("data/x.yaml:3".to_string(), Style::new()),
            (" · ".to_string(), Style::new()),
            ("verdict saved to data/x.yaml".to_string(), Style::new()),
        ];
        let line = fit_parts(parts.clone(), 30);
        assert_eq!(line.to_string(), "data/x.yaml:3 · verdict saved…");
        assert_eq!(line.width(), 30);
        assert_eq!(fit_parts(parts, 80).to_string().chars().last(), Some('l'));
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
