//! Rendering: a pure function of the [`App`]. Only visible rows are ever built, so the cost of
//! a frame does not grow with the number of claims.

mod detail;
mod form;
mod hyperlinks;
mod list;
mod popups;
mod stats;
mod status;
mod terminal_width;
// Also the command line's tables: cut and padded by display width, between clusters.
pub(crate) mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{App, Popup};
use crate::layout::{MIN_HEIGHT, MIN_WIDTH, main_areas, reader_area};
pub use hyperlinks::{set_hyperlinks, supported as hyperlinks_supported};
pub use terminal_width::{MarkWidths, set_mark_widths};
pub use theme::Theme;

/// Lines of claim text visible in the detail, and how far it can scroll.
pub fn detail_scroll_bounds(app: &App) -> (usize, usize) {
    detail::scroll_bounds(app, main_areas(app.viewport, app.zoomed).detail)
}

/// Lines visible in the help or problems `popup`, and how far it can scroll.
pub fn reader_scroll_bounds(app: &App, popup: &Popup) -> (usize, usize) {
    let lines = popups::reader_lines(app, popup).len();
    let rows = usize::from(reader_area(app.viewport, lines).height.saturating_sub(2));
    (rows, lines.saturating_sub(rows))
}

pub fn render(app: &App, frame: &mut Frame) {
    let url_pieces = render_widgets(app, frame);
    terminal_width::match_terminal(frame.buffer_mut());
    // Last: a link takes over the cells of its row, which must be final by then.
    if hyperlinks::enabled() {
        hyperlinks::link(frame.buffer_mut(), &url_pieces);
    }
}

/// Draws the screen; returns where the detail's web urls are.
fn render_widgets(app: &App, frame: &mut Frame) -> Vec<hyperlinks::UrlPiece> {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let message = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
        let middle = area.centered_vertically(Constraint::Length(1));
        frame.render_widget(Paragraph::new(Line::from(message).centered()), middle);
        return Vec::new();
    }
    let areas = main_areas(area, app.zoomed);
    if !app.zoomed {
        list::render(app, frame, areas.list);
    }
    let url_pieces = detail::render(app, frame, areas.detail);
    status::render(app, frame, areas.status);
    popups::render(app, frame, area);
    url_pieces
}

#[cfg(test)]
mod tests;
