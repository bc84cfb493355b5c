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

pub fn main_areas(area: Rect) -> MainAreas {
    let [body, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
    MainAreas {
        list,
        detail,
        status,
    }
}

/// Claim rows visible in the list.
pub fn list_rows(viewport: Rect) -> usize {
    usize::from(main_areas(viewport).list.height.saturating_sub(2))
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
