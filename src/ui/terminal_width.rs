//! Drawing each cluster as wide as the terminal draws it.
//!
//! ratatui lays cells out with `unicode-width`, which gives an Indic spacing vowel sign
//! (general category Mc, such as Devanagari `ि` U+093F or Bengali `ে` U+09C7) one column, and the
//! few spacing signs that extend a grapheme (Bengali `া` U+09BE, Tamil `ா` U+0BBE) none.
//! Terminals disagree with it and with each other: tmux 3.3 and xterm give every Mc one column,
//! terminals that shape clusters give them none. Where the terminal's cursor and ratatui's part
//! ways, later writes land on top of earlier ones: vowel signs vanish and stray marks stay.
//!
//! So the dashboard asks the terminal at start-up how it draws the two kinds of sign (the
//! [`MarkWidths`], probed by the `tui`) and makes the screen match it in two steps:
//! 1. Text is laid out with each cluster taking the larger of the two widths ([`cells`]); a
//!    cluster the terminal draws wider than ratatui counts is followed by [`PAD`] cells
//!    ([`padded`]), so that nothing else is laid out where the cluster will be drawn.
//! 2. After rendering, [`match_terminal`] gives each such cell the terminal's width, so that
//!    ratatui moves the cursor past it exactly. A cluster the terminal draws narrower is
//!    followed by a blank cell: never a lost or misplaced code point.
//!
//! The widths belong to the terminal of the thread that draws, set once by the `tui` (and by a
//! test for itself): every text function would otherwise need them as an argument.

use std::borrow::Cow;
use std::cell::Cell as ThreadCell;
use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// How many columns the terminal gives an Indic spacing sign after its consonant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkWidths {
    /// A spacing sign that `unicode-width` counts as one column (Bengali `ি` U+09BF).
    pub spacing: u8,
    /// A spacing sign that extends its grapheme, which `unicode-width` counts as none
    /// (Bengali `া` U+09BE).
    pub extending: u8,
}

impl MarkWidths {
    /// What ratatui counts: nothing to correct.
    pub const UNICODE_WIDTH: Self = Self {
        spacing: 1,
        extending: 0,
    };
    /// The clusters the `tui` prints to measure how the terminal draws each kind of sign: a
    /// consonant with a spacing sign, then with an extending one.
    pub const PROBES: [&str; 2] = ["\u{995}\u{9BF}", "\u{995}\u{9BE}"];

    /// The widths from the columns the terminal's cursor moved for each of [`Self::PROBES`];
    /// `None` when the answers make no sense for a terminal (and nothing can be corrected).
    pub fn from_probes(columns: [u16; 2]) -> Option<Self> {
        let sign = |columns: u16| {
            u8::try_from(columns.checked_sub(1)?)
                .ok()
                .filter(|&w| w <= 1)
        };
        Some(Self {
            spacing: sign(columns[0])?,
            extending: sign(columns[1])?,
        })
    }

    /// Columns the terminal draws `cluster` in.
    fn terminal_width(self, cluster: &str) -> usize {
        let counted = buffer_width(cluster);
        if self == Self::UNICODE_WIDTH || cluster.is_ascii() {
            return counted;
        }
        let mut width = counted as isize;
        for c in cluster.chars() {
            if c.general_category() == GeneralCategory::SpacingMark {
                width += match c.width() {
                    Some(0) => isize::from(self.extending),
                    _ => isize::from(self.spacing) - 1,
                };
            }
        }
        width.max(0) as usize
    }
}

impl Default for MarkWidths {
    fn default() -> Self {
        Self::UNICODE_WIDTH
    }
}

thread_local! {
    static MARK_WIDTHS: ThreadCell<MarkWidths> = const { ThreadCell::new(MarkWidths::UNICODE_WIDTH) };
}

/// Draws this thread's frames for a terminal with `widths`.
pub fn set_mark_widths(widths: MarkWidths) {
    MARK_WIDTHS.set(widths);
}

fn mark_widths() -> MarkWidths {
    MARK_WIDTHS.get()
}

/// What fills the cells a cluster is drawn over but ratatui did not count: a no-break space,
/// so that ratatui's wrapping never breaks a line between a cluster and its padding.
pub const PAD: char = '\u{A0}';

/// Columns ratatui gives `cluster`.
fn buffer_width(cluster: &str) -> usize {
    usize::from(cluster.cell_width())
}

/// Columns `cluster` takes on this thread's terminal: the larger of what ratatui counts and
/// what the terminal draws.
pub fn cells(cluster: &str) -> usize {
    let counted = buffer_width(cluster);
    if cluster.is_ascii() {
        return counted;
    }
    counted.max(mark_widths().terminal_width(cluster))
}

/// `text` with [`PAD`] after each cluster the terminal draws wider than ratatui counts.
pub fn padded(text: &str) -> Cow<'_, str> {
    let widths = mark_widths();
    if widths == MarkWidths::UNICODE_WIDTH || text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    for (at, cluster) in text.grapheme_indices(true) {
        let extra = widths
            .terminal_width(cluster)
            .saturating_sub(buffer_width(cluster));
        if extra > 0 || out.is_some() {
            let out = out.get_or_insert_with(|| text[..at].to_string());
            out.push_str(cluster);
            out.extend(std::iter::repeat_n(PAD, extra));
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Gives each cell of `buffer` that holds a cluster wider than one column, or one that this
/// thread's terminal draws at another width than ratatui counts, the width the terminal
/// draws it at, so that ratatui's cursor follows the terminal's.
///
/// The cells such a cluster is drawn over are marked with [`PAD`]: a terminal may keep a sign
/// in a cell of its own (tmux does), which ratatui, counting the cell as covered and blank,
/// would never clear when the cluster goes. Marked, it differs from the blank that replaces it.
pub fn match_terminal(buffer: &mut Buffer) {
    let widths = mark_widths();
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buffer[(x, y)];
            let counted = usize::from(cell.cell_width()).max(1);
            if cell.diff_option != CellDiffOption::Skip && !cell.symbol().is_ascii() {
                let drawn = widths.terminal_width(cell.symbol());
                if counted > 1 || drawn != counted {
                    fit_cell(buffer, x, y, counted, drawn);
                }
            }
            x = x.saturating_add(counted as u16);
        }
    }
}

/// The cell at `x, y`, laid out over `counted` columns, drawn by the terminal over `drawn`.
fn fit_cell(buffer: &mut Buffer, x: u16, y: u16, counted: usize, drawn: usize) {
    let right = buffer.area.right();
    let column = |i: usize| x.saturating_add(i as u16);
    // Wider: only over the padding laid out for it; text laid out without padding keeps
    // ratatui's width rather than be drawn over its neighbour.
    let padded = (counted..drawn)
        .all(|i| column(i) < right && buffer[(column(i), y)].symbol().starts_with(PAD));
    if drawn > counted && !padded {
        return;
    }
    let cell = &mut buffer[(x, y)];
    if drawn == 0 {
        // A sign with no consonant before it (text that starts with one) would be drawn on
        // top of whatever is left of it: it gets a space of its own to sit on.
        let symbol = format!(" {}", cell.symbol());
        cell.set_symbol(&symbol);
    }
    let drawn = drawn.max(1);
    cell.diff_option =
        CellDiffOption::ForcedWidth(NonZeroU16::new(drawn as u16).unwrap_or(NonZeroU16::MIN));
    for i in 1..drawn {
        if column(i) < right {
            buffer[(column(i), y)].set_char(PAD);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    /// tmux 3.3 and xterm: every spacing sign takes a column of its own.
    const PER_CODE_POINT: MarkWidths = MarkWidths {
        spacing: 1,
        extending: 1,
    };
    /// Terminals that shape clusters: a consonant and its signs take the consonant's column.
    const SHAPED: MarkWidths = MarkWidths {
        spacing: 0,
        extending: 0,
    };

    #[test]
    fn the_probes_answers_become_widths() {
        assert_eq!(
            MarkWidths::from_probes([2, 1]),
            Some(MarkWidths::UNICODE_WIDTH)
        );
        assert_eq!(MarkWidths::from_probes([2, 2]), Some(PER_CODE_POINT));
        assert_eq!(MarkWidths::from_probes([1, 1]), Some(SHAPED));
        assert_eq!(MarkWidths::from_probes([0, 1]), None);
        assert_eq!(MarkWidths::from_probes([5, 1]), None);
    }

    #[test]
    fn terminals_draw_signs_at_their_own_widths() {
        // কা: KA + AA (extending); টি: TTA + I (spacing); से: SA + E (non-spacing, Mn).
        let widths =
            |w: MarkWidths| ["কা", "টি", "से", "a", "中"].map(|cluster| w.terminal_width(cluster));
        assert_eq!(widths(MarkWidths::UNICODE_WIDTH), [1, 2, 1, 1, 2]);
        assert_eq!(widths(PER_CODE_POINT), [2, 2, 1, 1, 2]);
        assert_eq!(widths(SHAPED), [1, 1, 1, 1, 2]);
    }

    #[test]
    fn text_is_padded_where_the_terminal_draws_wider() {
        set_mark_widths(PER_CODE_POINT);
        assert_eq!(padded("নাগরিক"), "না\u{A0}গরিক");
        assert_eq!(cells("না"), 2);
        assert!(matches!(padded("plain"), Cow::Borrowed(_)));
        set_mark_widths(SHAPED);
        assert!(matches!(padded("নাগরিক"), Cow::Borrowed(_)));
        assert_eq!(cells("রি"), 2, "laid out as ratatui counts");
    }

    fn forced(buffer: &Buffer, x: u16) -> Option<u16> {
        match buffer[(x, 0)].diff_option {
            CellDiffOption::ForcedWidth(w) => Some(w.get()),
            _ => None,
        }
    }

    #[test]
    fn cells_get_the_width_the_terminal_draws() {
        set_mark_widths(PER_CODE_POINT);
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer.set_string(0, 0, padded("নাগ"), ratatui::style::Style::new());
        match_terminal(&mut buffer);
        assert_eq!(forced(&buffer, 0), Some(2), "না is drawn over its padding");
        assert_eq!(forced(&buffer, 2), None);

        set_mark_widths(SHAPED);
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer.set_string(0, 0, "রিক", ratatui::style::Style::new());
        match_terminal(&mut buffer);
        assert_eq!(
            forced(&buffer, 0),
            Some(1),
            "রি leaves a blank cell after it"
        );
        assert_eq!(buffer[(1, 0)].symbol(), " ");
        assert_eq!(buffer[(2, 0)].symbol(), "ক");
    }

    #[test]
    fn an_unpadded_wide_cluster_keeps_its_neighbour() {
        set_mark_widths(PER_CODE_POINT);
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "নাগ", ratatui::style::Style::new());
        match_terminal(&mut buffer);
        assert_eq!(forced(&buffer, 0), None);
        assert_eq!(buffer[(1, 0)].symbol(), "গ");
    }

    #[test]
    fn cells_a_cluster_is_drawn_over_are_marked_so_they_are_cleared_when_it_goes() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "ही", ratatui::style::Style::new());
        match_terminal(&mut buffer);
        assert_eq!(forced(&buffer, 0), Some(2));
        assert_eq!(buffer[(1, 0)].symbol(), PAD.to_string());
    }

    #[test]
    fn a_sign_without_its_consonant_gets_a_cell_of_its_own() {
        set_mark_widths(SHAPED);
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "\u{9BF}", ratatui::style::Style::new());
        match_terminal(&mut buffer);
        assert_eq!(buffer[(0, 0)].symbol(), " \u{9BF}");
        assert_eq!(forced(&buffer, 0), Some(1));
    }
}
