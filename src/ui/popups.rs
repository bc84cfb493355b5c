//! Popups: centred over the main screen, cleared underneath, bordered.

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Wrap};

use super::theme::Theme;
use super::{list, text};
use crate::app::{App, Popup, TextInput};
use crate::keymap::{BINDINGS, Context};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(popup) = &app.popup else {
        return;
    };
    match popup {
        Popup::Help { scroll } | Popup::Problems { scroll } => reader(app, frame, popup, *scroll),
        Popup::VerdictPicker { selected } => verdict_picker(app, frame, area, *selected),
        Popup::NoteInput { rating, input } => note_input(app, frame, area, rating, input),
        Popup::ConfirmClear => confirm_clear(app, frame, area),
        Popup::FilterPicker { selected } => filter_picker(app, frame, area, *selected),
    }
}

/// A bordered box of `width` x `height` in the middle of `area`, cleared and ready to draw in.
fn open(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    height: u16,
    title: String,
    theme: Theme,
) -> Rect {
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.focused_border())
        .title(Span::styled(title, theme.bold()))
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}

fn hint(text: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme.dim()))
}

fn selectable(line: Line<'static>, selected: bool, theme: Theme) -> Line<'static> {
    if selected {
        line.style(theme.selected())
    } else {
        line
    }
}

fn line_count(lines: &[Line]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}

// Help and problems: long text that scrolls.

/// Where a popup of `lines` lines of text goes: as tall as the text, up to nearly the screen.
pub fn reader_area(viewport: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    viewport.centered(
        Constraint::Length(reader_width(viewport)),
        Constraint::Length(height.min(viewport.height.saturating_sub(2))),
    )
}

fn reader_width(viewport: Rect) -> u16 {
    viewport.width.saturating_sub(4).min(96)
}

/// The text of the help or problems `popup`.
pub fn reader_lines(app: &App, popup: &Popup) -> Vec<Line<'static>> {
    // Inside the borders and the padding.
    let width = usize::from(reader_width(app.viewport).saturating_sub(4));
    match popup {
        Popup::Help { .. } => help_lines(app.theme),
        Popup::Problems { .. } => problem_lines(app, width),
        _ => Vec::new(),
    }
}

fn reader(app: &App, frame: &mut Frame, popup: &Popup, scroll: usize) {
    let theme = app.theme;
    let lines = reader_lines(app, popup);
    let rect = reader_area(frame.area(), lines.len());
    let scrolls = lines.len() + 2 > usize::from(rect.height);
    let keys = if scrolls {
        " j/k scroll · Esc close "
    } else {
        " Esc close "
    };
    let title = match popup {
        Popup::Problems { .. } => " Problems ",
        _ => " Keys ",
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.focused_border())
        .title(Span::styled(title.to_string(), theme.bold()))
        .title_bottom(Line::from(Span::styled(keys, theme.dim())).right_aligned())
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = u16::try_from(scroll.min(max)).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The help screen, generated from the binding table so it always tells the truth.
fn help_lines(theme: Theme) -> Vec<Line<'static>> {
    let mut contexts: Vec<Context> = Vec::new();
    for binding in BINDINGS {
        if !contexts.contains(&binding.context) {
            contexts.push(binding.context);
        }
    }
    let mut lines = Vec::new();
    for context in contexts {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        let mut title = vec![Span::styled(context.title().to_string(), theme.heading())];
        if context.takes_text() {
            title.push(Span::styled("  (other keys are typed)", theme.dim()));
        }
        lines.push(Line::from(title));
        for binding in BINDINGS.iter().filter(|b| b.context == context) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}", text::fit(&binding.keys_label(), 14)),
                    theme.bold(),
                ),
                Span::raw(binding.description),
            ]));
        }
    }
    lines
}

fn problem_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut problems: Vec<_> = app.corpus.problems.iter().collect();
    problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    let mut lines = Vec::new();
    for problem in problems {
        let (severity, style) = if problem.is_error() {
            ("error", theme.error())
        } else {
            ("warning", theme.warning())
        };
        let place = format!(
            "{}:{}:{}",
            problem.path.display(),
            problem.line,
            problem.col
        );
        lines.push(Line::from(vec![
            Span::styled(place, theme.bold()),
            Span::styled(format!(" {severity}"), style),
        ]));
        lines.extend(
            text::wrap(&problem.message, width.saturating_sub(2))
                .into_iter()
                .map(|l| Line::from(format!("  {l}"))),
        );
    }
    for path in &app.corpus.skipped {
        lines.push(hint(
            &format!("{}: skipped, no top-level `claims:` list", path.display()),
            theme,
        ));
    }
    if lines.is_empty() {
        lines.push(hint("No problems: every file loaded cleanly.", theme));
    }
    lines
}

// Tagging.

fn title_for(app: &App, what: &str) -> String {
    let id = app.selected_claim().map_or("", |c| c.id.as_str());
    format!(" {what} · {} ", text::truncate(id, 40))
}

fn verdict_picker(app: &App, frame: &mut Frame, area: Rect, selected: usize) {
    let theme = app.theme;
    let current = app
        .selected_claim()
        .and_then(|c| c.verdict.as_ref())
        .map(|v| v.rating.as_str());
    let mut lines: Vec<Line> = app
        .scale
        .ratings()
        .iter()
        .enumerate()
        .map(|(i, rating)| {
            let number = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".to_string()
            };
            let mut spans = vec![
                Span::styled(number, theme.dim()),
                Span::styled(format!(" {}", text::fit(rating, 16)), theme.rating(rating)),
            ];
            if current == Some(rating.as_str()) {
                spans.push(Span::styled("current", theme.dim()));
            }
            selectable(Line::from(spans), i == selected, theme)
        })
        .collect();
    lines.push(Line::default());
    lines.push(hint("1-9 or ↑↓ Enter · Esc cancel", theme));
    let inner = open(
        frame,
        area,
        46,
        line_count(&lines) + 2,
        title_for(app, "Verdict"),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn note_input(app: &App, frame: &mut Frame, area: Rect, rating: &str, input: &TextInput) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(76);
    let title = title_for(app, &format!("Note for {}", rating.to_uppercase()));
    let inner = open(frame, area, width, 5, title, theme);
    let field_width = usize::from(inner.width.saturating_sub(1));
    // Scroll the text sideways so the cursor stays in view.
    let chars: Vec<char> = input.text.chars().collect();
    let mut start = 0;
    while text::width(&chars[start..input.cursor].iter().collect::<String>()) > field_width {
        start += 1;
    }
    let visible: String = chars[start..].iter().collect();
    let lines = vec![
        Line::from(Span::raw(text::truncate(&visible, field_width + 1))),
        Line::default(),
        hint("Enter saves to the file · Esc cancels the tagging", theme),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
    let before: String = chars[start..input.cursor].iter().collect();
    let x = inner.x + u16::try_from(text::width(&before)).unwrap_or(0);
    frame.set_cursor_position(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}

fn confirm_clear(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let path = app
        .selected_claim()
        .map(|c| c.origin.path.display().to_string())
        .unwrap_or_default();
    let lines = vec![
        Line::from("Remove this claim's verdict?"),
        hint(
            &format!("It is removed from {path} at once; u undoes it."),
            theme,
        ),
        Line::default(),
        Line::from(vec![
            Span::styled("y", theme.bold()),
            Span::raw(" remove   "),
            Span::styled("n", theme.bold()),
            Span::raw(" keep"),
        ]),
    ];
    let inner = open(
        frame,
        area,
        60,
        line_count(&lines) + 2,
        title_for(app, "Clear verdict"),
        theme,
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn filter_picker(app: &App, frame: &mut Frame, area: Rect, selected: usize) {
    let theme = app.theme;
    let filter = &app.filter;
    let check = |on: bool| if on { "[x] " } else { "[ ] " };
    let mut entries = vec![Line::from(vec![
        Span::raw(check(filter.untagged)),
        Span::styled("untagged", theme.dim()),
    ])];
    entries.extend(app.scale.ratings().iter().map(|rating| {
        Line::from(vec![
            Span::raw(check(filter.ratings.contains(rating))),
            Span::styled(rating.clone(), theme.rating(rating)),
        ])
    }));
    let mut lines: Vec<Line> = entries
        .into_iter()
        .enumerate()
        .map(|(i, line)| selectable(line, i == selected, theme))
        .collect();
    lines.push(Line::default());
    lines.push(hint("Space toggles · Esc closes", theme));
    let title = format!(
        " Show: {} ",
        text::truncate(&list::verdicts_shown(filter), 26)
    );
    let inner = open(frame, area, 38, line_count(&lines) + 2, title, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}
