//! Rendering: a pure function of the [`App`]. Only visible rows are ever built, so the cost of
//! a frame does not grow with the number of claims.

mod detail;
mod list;
mod popups;
mod status;
mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{App, Popup};
pub use theme::Theme;

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

/// Lines of claim text visible in the detail, and how far it can scroll.
pub fn detail_scroll_bounds(app: &App) -> (usize, usize) {
    detail::scroll_bounds(app, main_areas(app.viewport).detail)
}

/// Lines visible in the help or problems `popup`, and how far it can scroll.
pub fn reader_scroll_bounds(app: &App, popup: &Popup) -> (usize, usize) {
    let lines = popups::reader_lines(app, popup).len();
    let rows = usize::from(
        popups::reader_area(app.viewport, lines)
            .height
            .saturating_sub(2),
    );
    (rows, lines.saturating_sub(rows))
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let message = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
        let middle = area.centered_vertically(Constraint::Length(1));
        frame.render_widget(Paragraph::new(Line::from(message).centered()), middle);
        return;
    }
    let areas = main_areas(area);
    list::render(app, frame, areas.list);
    detail::render(app, frame, areas.detail);
    status::render(app, frame, areas.status);
    popups::render(app, frame, area);
}

#[cfg(test)]
mod tests;
