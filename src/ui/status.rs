//! The bottom line: where you are, what just happened, and the keys that matter most.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

use super::text;
use crate::app::{App, Tone};
use crate::inert::inert;
use crate::keymap::{Action, BINDINGS, Context};

/// The keys the status bar advertises, with a word for each.
const HINTS: &[(Action, &str)] = &[
    (Action::Search, "search"),
    (Action::Tag, "verdict"),
    (Action::ShowHelp, "help"),
    (Action::Quit, "quit"),
];

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    if let Some(input) = &app.search {
        let mut spans = vec![
            Span::styled("/", theme.heading()),
            Span::raw(inert(&input.text).into_owned()),
        ];
        if let Some(error) = &app.query_error {
            let error = inert(&error.to_string()).into_owned();
            spans.push(Span::styled(format!("  {error}"), theme.error()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        let before: String = input.text.chars().take(input.cursor).collect();
        let x = area.x + u16::try_from(1 + text::width(&inert(&before))).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    // A message needs the room more than the hints do.
    let hints = if app.status.is_some() {
        Line::default()
    } else {
        hints(app)
    };
    let hints_width = u16::try_from(hints.width()).unwrap_or(u16::MAX);
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(hints_width)]).areas(area);
    let left = match app.loading {
        Some(progress) => {
            let [gauge, rest] = Layout::horizontal([Constraint::Length(34), Constraint::Fill(1)])
                .spacing(2)
                .areas(left);
            let ratio = if progress.total == 0 {
                0.0
            } else {
                progress.done as f64 / progress.total as f64
            };
            let label = format!("loading {}/{} files ", progress.done, progress.total);
            let widget = LineGauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(label)
                .filled_style(theme.heading())
                .unfilled_style(theme.dim());
            frame.render_widget(widget, gauge);
            rest
        }
        None => left,
    };
    frame.render_widget(Paragraph::new(position(app)), left);
    frame.render_widget(Paragraph::new(hints).right_aligned(), right);
}

/// `data/x.yaml:42 · 3/6 · ⚠ 2 problems (!) · verdict saved to data/x.yaml`
fn position(app: &App) -> Line<'static> {
    let theme = app.theme;
    let separator = || Span::styled(" · ", theme.dim());
    let mut spans = Vec::new();
    if let Some(claim) = app.selected_claim() {
        let origin = &claim.origin;
        spans.push(Span::raw(format!(
            "{}:{}",
            inert(&origin.path.display().to_string()),
            origin.line
        )));
        spans.push(separator());
        spans.push(Span::styled(
            format!("{}/{}", app.selected + 1, app.view.len()),
            theme.dim(),
        ));
    }
    let problems = app.corpus.problems.len();
    if problems > 0 {
        if !spans.is_empty() {
            spans.push(separator());
        }
        let noun = if problems == 1 { "problem" } else { "problems" };
        spans.push(Span::styled(
            format!("⚠ {problems} {noun} (!)"),
            theme.warning(),
        ));
    }
    if let Some(status) = &app.status {
        if !spans.is_empty() {
            spans.push(separator());
        }
        let style = match status.tone {
            Tone::Info => theme.bold(),
            Tone::Error => theme.error(),
        };
        spans.push(Span::styled(inert(&status.text).into_owned(), style));
    }
    Line::from(spans)
}

fn hints(app: &App) -> Line<'static> {
    let theme = app.theme;
    let mut spans = Vec::new();
    for &(action, word) in HINTS {
        let key = BINDINGS
            .iter()
            .find(|b| b.action == action && b.context == Context::Main)
            .and_then(|b| b.keys.first());
        if let Some(key) = key {
            spans.push(Span::styled(format!("  {key}"), theme.bold()));
            spans.push(Span::styled(format!(" {word}"), theme.dim()));
        }
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}
