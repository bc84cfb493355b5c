//! The bottom line: where you are, what just happened, and the keys that matter most.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

use super::text;
use crate::app::{App, Tone};
use crate::keymap::{Action, BINDINGS, Context};

/// The keys the status bar advertises where the keyboard is, with a word for each: what a
/// user most needs next there (`?` lists every key).
fn hints_for(context: Context) -> &'static [(Action, &'static str)] {
    match context {
        Context::Detail => &[
            (Action::Down, "scroll"),
            (Action::Zoom, "zoom"),
            (Action::FocusList, "list"),
            (Action::Tag, "verdict"),
            (Action::ShowHelp, "help"),
        ],
        // The picker shows the numbers that exist itself.
        Context::VerdictPicker => &[
            (Action::Down, "next"),
            (Action::Confirm, "choose"),
            (Action::Cancel, "cancel"),
        ],
        Context::NoteInput => &[
            (Action::Confirm, "save"),
            (Action::NewLine, "new line"),
            (Action::Cancel, "cancel"),
        ],
        Context::FilterPicker => &[(Action::Toggle, "show/hide"), (Action::Cancel, "close")],
        Context::Confirm => &[(Action::Confirm, "yes"), (Action::Cancel, "no")],
        Context::Resolve => &[
            (Action::KeepOurs, "ours"),
            (Action::KeepTheirs, "theirs"),
            (Action::Cancel, "later"),
        ],
        Context::Reader => &[(Action::Down, "scroll"), (Action::Cancel, "close")],
        Context::Form => &[
            (Action::Save, "save"),
            (Action::Down, "next field"),
            (Action::Cancel, "cancel"),
        ],
        // The chooser shows its numbers itself.
        Context::UrlChooser => &[
            (Action::Down, "next"),
            (Action::Confirm, "open"),
            (Action::Cancel, "cancel"),
        ],
        _ => &[
            (Action::Search, "search"),
            (Action::Tag, "verdict"),
            (Action::Zoom, "read"),
            (Action::ShowHelp, "help"),
            (Action::Quit, "quit"),
        ],
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    if let Some(input) = &app.search {
        let mut spans = vec![
            Span::styled("/", theme.heading()),
            Span::raw(text::shown(&input.text)),
        ];
        if let Some(error) = &app.query_error {
            spans.push(Span::styled(
                format!("  {}", text::shown(&error.to_string())),
                theme.error(),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        let before: String = input.text.chars().take(input.cursor).collect();
        let x = area.x + u16::try_from(1 + text::shown_width(&before)).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    // Where you are and what just happened come first; the hints take the room left, as
    // many of them as fit.
    let position = position(app);
    let position_width: usize = position.iter().map(|(t, _)| text::shown_width(t)).sum();
    let room = usize::from(area.width).saturating_sub(position_width + 2);
    let hints = hints(app, room);
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
    let position = text::fit_parts(position, usize::from(left.width));
    frame.render_widget(Paragraph::new(position), left);
    frame.render_widget(Paragraph::new(hints).right_aligned(), right);
}

/// `data/x.yaml:42 · 3/6 · ⚠ 2 problems (!) · verdict saved to data/x.yaml`, as parts of
/// text (as in the files) in their styles.
fn position(app: &App) -> Vec<(String, Style)> {
    let theme = app.theme;
    let separator = || (" · ".to_string(), theme.dim());
    let mut parts = Vec::new();
    if let Some(claim) = app.selected_claim() {
        let origin = &claim.origin;
        // The file's name and line stay readable on a narrow screen: its folders go first.
        let path = origin.path.display().to_string();
        let place = format!(
            "{}:{}",
            text::truncate_start(&path, PATH_MAX_WIDTH),
            origin.line
        );
        parts.push((place, Style::new()));
        parts.push(separator());
        parts.push((
            format!("{}/{}", app.selected + 1, app.view.len()),
            theme.dim(),
        ));
    }
    let problems = app.corpus.problems.len();
    if problems > 0 {
        if !parts.is_empty() {
            parts.push(separator());
        }
        let noun = if problems == 1 { "problem" } else { "problems" };
        parts.push((format!("⚠ {problems} {noun} (!)"), theme.warning()));
    }
    if let Some(status) = &app.status {
        if !parts.is_empty() {
            parts.push(separator());
        }
        let style = match status.tone {
            Tone::Info => theme.bold(),
            Tone::Error => theme.error(),
        };
        parts.push((status.text.clone(), style));
    }
    parts
}

/// The hints of the pane or popup that has the keyboard that fit in `room` columns.
fn hints(app: &App, room: usize) -> Line<'static> {
    let theme = app.theme;
    let contexts = app.contexts();
    let Some(&context) = contexts.get(1) else {
        return Line::default();
    };
    let mut spans = Vec::new();
    let mut used = 1;
    for &(action, word) in hints_for(context) {
        let key = contexts.iter().find_map(|&c| {
            BINDINGS
                .iter()
                .find(|b| b.action == action && b.context == c)
                .and_then(|b| app.keymap.keys(b).first().copied())
        });
        let Some(key) = key else { continue };
        let (key, word) = (format!("  {key}"), format!(" {word}"));
        used += text::width(&key) + text::width(&word);
        if used > room {
            break;
        }
        spans.push(Span::styled(key, theme.bold()));
        spans.push(Span::styled(word, theme.dim()));
    }
    if !spans.is_empty() {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// Columns a file's path takes at most in the status bar, before its line number.
const PATH_MAX_WIDTH: usize = 40;
