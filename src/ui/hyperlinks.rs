//! OSC 8 hyperlinks over the urls of the detail, on terminals known to show them: a url cut
//! at the detail's width still opens whole, and a click opens it where the terminal's own url
//! detection would see only the first piece.
//!
//! ratatui keeps one cluster a cell and redraws only the cells that changed, while a link
//! belongs to the text printed between its opening and its closing sequence. So, after
//! everything else is drawn, each row of a url becomes one cell: the first cell holds the
//! opening sequence, the row's piece of the url and the closing sequence, with the piece's
//! width forced ([`CellDiffOption::ForcedWidth`]) so that ratatui moves the cursor past it
//! exactly, and the cells it covers hold [`COVERED`]. The piece is then printed (and linked)
//! whole or not at all. Only a row that still shows its piece of the url, cell for cell, is
//! linked: a popup drawn over part of it keeps its cells.
//!
//! Links are only made from web urls in printable ASCII ([`WebUrl`]), so nothing from a file
//! can end the sequence early or act on the terminal; a url in other characters stays text.

use std::cell::Cell as ThreadCell;
use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};

use crate::web::WebUrl;

thread_local! {
    static ENABLED: ThreadCell<bool> = const { ThreadCell::new(false) };
}

/// Draws this thread's frames with hyperlinks or without (the default).
pub fn set_hyperlinks(enabled: bool) {
    ENABLED.set(enabled);
}

pub(super) fn enabled() -> bool {
    ENABLED.get()
}

/// Whether the terminal that the environment (`var` reads a variable) describes shows OSC 8
/// links. `CLAIMDESK_HYPERLINKS=1` or `0` decides; otherwise only terminals known to show
/// them, and never inside tmux or screen, whose versions before tmux 3.4 drop the sequence
/// (while the outer terminal's variables are still set).
pub fn supported(var: impl Fn(&str) -> Option<String>) -> bool {
    match var("CLAIMDESK_HYPERLINKS").as_deref() {
        Some("1") => return true,
        Some("0") => return false,
        _ => {}
    }
    let term = var("TERM").unwrap_or_default();
    let multiplexed = var("TMUX").is_some()
        || var("STY").is_some()
        || term.starts_with("tmux")
        || term.starts_with("screen");
    if multiplexed {
        return false;
    }
    let vte = var("VTE_VERSION").and_then(|v| v.trim().parse::<u32>().ok());
    matches!(
        var("TERM_PROGRAM").as_deref(),
        Some("iTerm.app" | "WezTerm" | "vscode" | "ghostty")
    ) || vte.is_some_and(|version| version >= 5000)
        || var("KITTY_WINDOW_ID").is_some()
        || var("WT_SESSION").is_some()
}

/// What the cells covered by a linked piece hold: no text ever leaves a cell empty, so the next
/// frame redraws each of them, whatever it puts there.
pub const COVERED: &str = "";

/// A piece of a url drawn on one row, from column `x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPiece {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: WebUrl,
    /// Tells the urls of a claim apart: the pieces of one url share it, so a terminal
    /// highlights them together.
    pub id: usize,
}

impl UrlPiece {
    /// `piece` of `url` (the url's `id`-th of its claim) at `x, y`, when the url can be a link.
    pub fn new(x: u16, y: u16, piece: &str, url: &WebUrl, id: usize) -> Option<Self> {
        let printable = |text: &str| text.bytes().all(|b| b.is_ascii_graphic());
        (printable(url.as_str()) && printable(piece) && !piece.is_empty()).then(|| Self {
            x,
            y,
            text: piece.to_string(),
            url: url.clone(),
            id,
        })
    }
}

/// Makes each of `pieces` that `buffer` still shows a link to its url.
pub fn link(buffer: &mut Buffer, pieces: &[UrlPiece]) {
    for piece in pieces {
        if !shows(buffer, piece) {
            continue;
        }
        let Some(width) = u16::try_from(piece.text.len())
            .ok()
            .and_then(NonZeroU16::new)
        else {
            continue;
        };
        let first = &mut buffer[(piece.x, piece.y)];
        first.set_symbol(&format!(
            "\x1b]8;id=claimdesk-url-{};{}\x1b\\{}\x1b]8;;\x1b\\",
            piece.id, piece.url, piece.text
        ));
        first.diff_option = CellDiffOption::ForcedWidth(width);
        for x in piece.x + 1..piece.x + width.get() {
            buffer[(x, piece.y)].set_symbol(COVERED);
        }
    }
}

/// Whether `buffer` shows `piece`, a char a cell, in one style, as drawn by a widget.
fn shows(buffer: &Buffer, piece: &UrlPiece) -> bool {
    let area = buffer.area;
    let end = usize::from(piece.x) + piece.text.len();
    if !area.contains((piece.x, piece.y).into()) || end > usize::from(area.right()) {
        return false;
    }
    let style = buffer[(piece.x, piece.y)].style();
    piece.text.char_indices().all(|(i, c)| {
        let cell = &buffer[(piece.x + i as u16, piece.y)];
        cell.diff_option == CellDiffOption::None
            && cell.style() == style
            && cell.symbol().len() == 1
            && cell.symbol().starts_with(c)
    })
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    fn env<'a>(vars: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn known_terminals_get_links_multiplexers_none_and_the_override_decides() {
        for yes in [
            &[("TERM_PROGRAM", "iTerm.app")][..],
            &[("TERM_PROGRAM", "WezTerm")],
            &[("TERM_PROGRAM", "vscode")],
            &[("TERM_PROGRAM", "ghostty")],
            &[("VTE_VERSION", "6800")],
            &[("KITTY_WINDOW_ID", "1")],
            &[("WT_SESSION", "abc")],
            &[
                ("TMUX", "/tmp/tmux-0/default,1,0"),
                ("CLAIMDESK_HYPERLINKS", "1"),
            ],
        ] {
            assert!(supported(env(yes)), "{yes:?}");
        }
        for no in [
            &[][..],
            &[("TERM", "xterm-256color")],
            &[("TERM_PROGRAM", "Apple_Terminal")],
            &[("VTE_VERSION", "4803")],
            &[
                ("KITTY_WINDOW_ID", "1"),
                ("TMUX", "/tmp/tmux-0/default,1,0"),
            ],
            &[("VTE_VERSION", "6800"), ("TERM", "screen-256color")],
            &[("WT_SESSION", "abc"), ("STY", "1234.pts-0")],
            &[("TERM_PROGRAM", "vscode"), ("CLAIMDESK_HYPERLINKS", "0")],
        ] {
            assert!(!supported(env(no)), "{no:?}");
        }
    }

    fn url() -> WebUrl {
        WebUrl::parse("https://example.org/a-long/path").unwrap()
    }

    #[test]
    fn only_printable_ascii_makes_a_link() {
        assert!(UrlPiece::new(0, 0, "https://example.org/a-long", &url(), 0).is_some());
        let hindi = WebUrl::parse("https://hi.wikipedia.org/wiki/कोविन").unwrap();
        assert!(UrlPiece::new(0, 0, "https://hi.wikipedia.org/wiki/", &hindi, 0).is_none());
        assert!(UrlPiece::new(0, 0, "", &url(), 0).is_none());
    }

    #[test]
    fn a_shown_piece_becomes_one_cell_that_prints_the_link_whole() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 2));
        buffer.set_string(2, 1, "https://example.org/a-long", Style::new().dim());
        buffer.set_string(28, 1, "│", Style::new());
        let piece = UrlPiece::new(2, 1, "https://example.org/a-long", &url(), 3).unwrap();
        link(&mut buffer, &[piece]);
        let first = &buffer[(2, 1)];
        assert_eq!(
            first.symbol(),
            "\x1b]8;id=claimdesk-url-3;https://example.org/a-long/path\x1b\\\
             https://example.org/a-long\x1b]8;;\x1b\\"
        );
        assert_eq!(
            first.diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(26).unwrap())
        );
        assert!((3..28).all(|x| buffer[(x, 1)].symbol() == COVERED));
        assert_eq!(buffer[(28, 1)].symbol(), "│", "the border stays");
        assert_eq!(buffer[(1, 1)].symbol(), " ");
    }

    #[test]
    fn a_piece_partly_covered_by_a_popup_stays_text() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 1));
        buffer.set_string(0, 0, "https://example.org/a-long", Style::new());
        buffer.set_string(10, 0, "╭──╮", Style::new().bold());
        let before = buffer.clone();
        let piece = UrlPiece::new(0, 0, "https://example.org/a-long", &url(), 0).unwrap();
        link(&mut buffer, std::slice::from_ref(&piece));
        assert_eq!(buffer, before);
        // Restyled in part is drawn over too.
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 1));
        buffer.set_string(0, 0, "https://example.org/a-long", Style::new());
        buffer.set_style(Rect::new(5, 0, 2, 1), Style::new().reversed());
        let before = buffer.clone();
        link(&mut buffer, &[piece]);
        assert_eq!(buffer, before);
    }

    #[test]
    fn a_piece_past_the_edge_stays_text() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer.set_string(0, 0, "https://ex", Style::new());
        let before = buffer.clone();
        let piece = UrlPiece::new(0, 0, "https://example.org", &url(), 0).unwrap();
        link(&mut buffer, &[piece]);
        assert_eq!(buffer, before);
    }
}
