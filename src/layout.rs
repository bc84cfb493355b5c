//! Where things go on the screen: pure geometry from the terminal's size. The app pages and
//! places mouse clicks with it and the renderer draws into it, so neither asks the other.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this size the layout cannot be drawn sensibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Where the parts of the main screen go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MainAreas {
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
}

/// The widest the detail gets: a comfortable line to read. Beyond it the list takes the room,
/// for whole ids and more columns.
const DETAIL_MAX_WIDTH: u16 = 96;

/// The list's share of the width: half on a narrow terminal, where the detail needs its room,
/// a little more from 100 columns, so that ids fit whole.
fn list_width(width: u16) -> u16 {
    let share = if width < 100 {
        width / 2
    } else {
        width * 55 / 100
    };
    share.max(width.saturating_sub(DETAIL_MAX_WIDTH))
}

/// The main screen's areas; `zoomed`, the detail takes the list's room too.
pub fn main_areas(area: Rect, zoomed: bool) -> MainAreas {
    let [body, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let list_width = if zoomed { 0 } else { list_width(body.width) };
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(body);
    MainAreas {
        list,
        detail,
        status,
    }
}

/// Rows at the top of the list's inside that are not claims: the column headers.
pub const LIST_HEADER_ROWS: u16 = 1;

/// Claim rows visible in the list.
pub fn list_rows(viewport: Rect) -> usize {
    let list = main_areas(viewport, false).list;
    usize::from(list.height.saturating_sub(2 + LIST_HEADER_ROWS))
}

/// Where a popup of `lines` lines of text goes: as tall as the text, up to nearly the screen.
pub fn reader_area(viewport: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    viewport.centered(
        Constraint::Length(reader_width(viewport)),
        Constraint::Length(height.min(viewport.height.saturating_sub(2))),
    )
}

/// The width of the help and problems popups.
pub fn reader_width(viewport: Rect) -> u16 {
    viewport.width.saturating_sub(4).min(96)
}
