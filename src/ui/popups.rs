//! Popups: centred over the main screen, cleared underneath, bordered.

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Wrap};

use super::theme::Theme;
use super::{list, text};
use crate::app::{App, Link, Popup, ReplaceReason, Tagging, TextInput};
use crate::history::Change;
use crate::keymap::{self, Action, BINDINGS, Context};
use crate::layout::{reader_area, reader_width};
use crate::model::{RatingScale, Verdict};
use crate::search::SYNTAX;
use crate::web::WebUrl;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(popup) = &app.popup else {
        return;
    };
    match popup {
        Popup::Help { scroll } | Popup::Problems { scroll } | Popup::History { scroll, .. } => {
            reader(app, frame, popup, *scroll)
        }
        Popup::Stats(stats) => super::stats::render(app, frame, area, stats),
        Popup::VerdictPicker { tagging, selected } => {
            verdict_picker(app, frame, area, tagging, *selected)
        }
        Popup::NoteInput {
            tagging,
            rating,
            input,
        } => note_input(app, frame, area, tagging, rating, input),
        Popup::ConfirmClear { tagging } => confirm_clear(app, frame, area, tagging),
        Popup::ConfirmReplace {
            tagging,
            verdict,
            current,
            reason,
        } => confirm_replace(
            app,
            frame,
            area,
            tagging,
            verdict.as_ref(),
            current,
            *reason,
        ),
        Popup::FilterPicker { selected } => filter_picker(app, frame, area, *selected),
        Popup::ResolveConflict { id, path, line } => {
            resolve_conflict(app, frame, area, id, path, *line)
        }
        Popup::Form(form) => super::form::render(app, frame, area, form),
        Popup::ReviewComment { tagging, input } => review_comment(app, frame, area, tagging, input),
        Popup::AssignInput { id, input, .. } => assign_input(app, frame, area, id, input),
        Popup::StatusPicker { id, selected, .. } => status_picker(app, frame, area, id, *selected),
        Popup::UrlChooser {
            id,
            links,
            selected,
        } => url_chooser(app, frame, area, id, links, *selected),
    }
}

/// A bordered box of `width` x `height` in the middle of `area`, cleared and ready to draw in.
pub(super) fn open(
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

pub(super) fn hint(text: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme.dim()))
}

fn selectable(line: Line<'static>, selected: bool, theme: Theme) -> Line<'static> {
    if selected {
        line.style(theme.selected())
    } else {
        line
    }
}

/// The number that chooses entry `i` of a picker (`1 `), blank past 9.
fn entry_number(i: usize) -> String {
    if i < 9 {
        format!("{} ", i + 1)
    } else {
        "  ".to_string()
    }
}

pub(super) fn line_count(lines: &[Line]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}

// Help and problems: long text that scrolls.

/// The text of the help, problems or history `popup`.
pub fn reader_lines(app: &App, popup: &Popup) -> Vec<Line<'static>> {
    // Inside the borders and the padding.
    let width = usize::from(reader_width(app.viewport).saturating_sub(4));
    match popup {
        Popup::Help { .. } => help_lines(app, width),
        Popup::Problems { .. } => problem_lines(app, width),
        Popup::History { id, changes, .. } => history_lines(id, changes, app.theme, width),
        _ => Vec::new(),
    }
}

/// One line a change, oldest first, under a line saying whose history it is.
fn history_lines(id: &str, changes: &[Change], theme: Theme, width: usize) -> Vec<Line<'static>> {
    let heading = if changes.is_empty() {
        format!("`{id}`: no change of its verdict in the git history")
    } else {
        format!("`{id}`: its verdict changes in the git history, oldest first")
    };
    let mut lines = vec![Line::from(Span::styled(
        text::truncate(&heading, width),
        theme.bold(),
    ))];
    lines.extend(
        changes
            .iter()
            .map(|change| Line::from(text::truncate(&change.summary_line(), width))),
    );
    lines
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
        Popup::History { .. } => " History ",
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

/// The help screen, generated from the binding table and the query parser's syntax table, so
/// it always tells the truth.
fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
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
                    format!("  {}", text::fit(&app.keymap.keys_label(binding), 14)),
                    theme.bold(),
                ),
                Span::raw(binding.description),
            ]));
        }
        if context == Context::Search {
            lines.push(Line::default());
            lines.extend(syntax_lines(theme, width));
        }
    }
    lines
}

/// The query language, an example and its meaning a row, from [`SYNTAX`].
fn syntax_lines(theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled("Search queries", theme.heading()),
        Span::styled("  (also claimdesk list --query)", theme.dim()),
    ])];
    let column = SYNTAX.iter().map(|(example, _)| text::width(example));
    let column = column.max().unwrap_or(0);
    for (example, meaning) in SYNTAX {
        let meaning = text::wrap(meaning, width.saturating_sub(column + 4));
        for (i, part) in meaning.into_iter().enumerate() {
            let example = if i == 0 { example } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("  {}  ", text::fit(example, column)), theme.bold()),
                Span::raw(part),
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
            text::shown(&problem.path.display().to_string()),
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
            &format!(
                "{}: skipped, no top-level `claims:` list",
                text::shown(&path.display().to_string())
            ),
            theme,
        ));
    }
    if lines.is_empty() {
        lines.push(hint("No problems: every file loaded cleanly.", theme));
    } else {
        // The problems say what to fix, in words the commands print too; how the dashboard
        // reads a fixed file is said here, once.
        lines.push(Line::default());
        let reload = app.keymap.key_for(Context::Main, Action::Reload);
        lines.push(hint(
            &format!("A file is read again when saved; {reload} reloads every file."),
            theme,
        ));
    }
    lines
}

// Tagging.

fn title_for(tagging: &Tagging, what: &str) -> String {
    format!(" {what} · {} ", text::truncate(&tagging.id, 40))
}

/// Keys of `context` as hint lines of at most `width` columns: `Enter save · Esc cancel`.
pub(super) fn key_hint(
    context: Context,
    actions: &[(Action, &str)],
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines: Vec<String> = vec![String::new()];
    for &(action, what) in actions {
        let part = format!("{} {what}", keymap::key_for(context, action));
        let line = lines.last_mut().expect("one line at least");
        if line.is_empty() {
            line.push_str(&part);
        } else if text::width(line) + 3 + text::width(&part) <= width {
            line.push_str(" · ");
            line.push_str(&part);
        } else {
            lines.push(part);
        }
    }
    lines.iter().map(|l| hint(l, theme)).collect()
}

fn verdict_picker(app: &App, frame: &mut Frame, area: Rect, tagging: &Tagging, selected: usize) {
    let theme = app.theme;
    let current = tagging.seen.as_ref().map(|v| v.rating.as_str());
    let mut lines: Vec<Line> = app
        .scale
        .ids()
        .enumerate()
        .map(|(i, rating)| {
            let mut spans = vec![
                Span::styled(entry_number(i), theme.dim()),
                theme.badge(Some(rating), &app.scale),
            ];
            if let Some(meaning) = app.scale.meaning(rating) {
                spans.push(Span::raw(format!(" {meaning}")));
            }
            if current == Some(rating) {
                spans.push(Span::styled(" (current)", theme.dim()));
            }
            selectable(Line::from(spans), i == selected, theme)
        })
        .collect();
    lines.push(Line::default());
    let numbers = app.scale.ratings().len().min(9);
    lines.push(hint(
        &format!("1-{numbers} or ↑↓ Enter · Esc cancel"),
        theme,
    ));
    let inner = open(
        frame,
        area,
        80,
        line_count(&lines) + 2,
        title_for(tagging, "Verdict"),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The rows of `input` to show, at most `max_rows` of `width` columns, scrolled so that the
/// cursor shows (down to its line, and sideways along it); and where the cursor is among
/// them (row, column).
pub(super) fn input_rows(
    input: &TextInput,
    width: usize,
    max_rows: usize,
) -> (Vec<String>, (usize, usize)) {
    let (cursor_row, cursor_col) = input.cursor_row_col();
    let rows: Vec<&str> = input.text.split('\n').collect();
    let first = (cursor_row + 1).saturating_sub(max_rows);
    let shown = rows.len().clamp(1, max_rows);
    let mut cursor_x = 0;
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(first).take(shown) {
        let chars: Vec<char> = row.chars().collect();
        let mut start = 0;
        if i == cursor_row {
            let before = |start: usize| {
                text::shown_width(&chars[start..cursor_col].iter().collect::<String>())
            };
            while before(start) >= width {
                start += 1;
            }
            cursor_x = before(start);
        }
        let visible: String = chars[start..].iter().collect();
        out.push(text::truncate(&visible, width + 1));
    }
    (out, (cursor_row - first, cursor_x))
}

/// Who the claim goes to: one line, the user's name to start with.
fn assign_input(app: &App, frame: &mut Frame, area: Rect, id: &str, input: &TextInput) {
    let prompt = Prompt {
        width: 60,
        hint: "Assign to (empty: nobody)",
        rows: 1,
        keys: &[(Action::Confirm, "assign"), (Action::Cancel, "cancel")],
        title: format!(" Assign · {} ", text::truncate(id, 40)),
    };
    prompt.render(app, frame, area, input);
}

/// A popup asking for text: a hint, the input, its keys.
struct Prompt {
    width: u16,
    hint: &'static str,
    /// Rows of the input shown at most.
    rows: usize,
    keys: &'static [(Action, &'static str)],
    title: String,
}

impl Prompt {
    fn render(self, app: &App, frame: &mut Frame, area: Rect, input: &TextInput) {
        let theme = app.theme;
        let width = area.width.saturating_sub(4).min(self.width);
        let text_width = usize::from(width.saturating_sub(4));
        let mut lines = vec![hint(self.hint, theme)];
        let field_top = line_count(&lines);
        let (rows, (row, cursor_x)) = input_rows(input, text_width, self.rows);
        lines.extend(rows.into_iter().map(Line::from));
        lines.push(Line::default());
        lines.extend(key_hint(Context::NoteInput, self.keys, text_width, theme));
        let inner = open(
            frame,
            area,
            width,
            line_count(&lines) + 2,
            self.title,
            theme,
        );
        frame.render_widget(Paragraph::new(lines), inner);
        let x = inner.x + u16::try_from(cursor_x).unwrap_or(0);
        let y = inner.y + field_top + u16::try_from(row).unwrap_or(0);
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            y.min(inner.bottom().saturating_sub(1)),
        ));
    }
}

/// The desk's triage statuses, numbered, the claim's own marked.
fn status_picker(app: &App, frame: &mut Frame, area: Rect, id: &str, selected: usize) {
    let theme = app.theme;
    let current = app
        .claims()
        .iter()
        .find(|c| c.id == id)
        .and_then(|c| c.status());
    let mut lines: Vec<Line> = app
        .statuses
        .iter()
        .enumerate()
        .map(|(i, status)| {
            let mut spans = vec![
                Span::styled(entry_number(i), theme.dim()),
                Span::raw(text::shown(status)),
            ];
            if current == Some(status.as_str()) {
                spans.push(Span::styled(" (current)", theme.dim()));
            }
            selectable(Line::from(spans), i == selected, theme)
        })
        .collect();
    lines.push(Line::default());
    let numbers = app.statuses.len().clamp(1, 9);
    lines.push(hint(
        &format!("1-{numbers} or ↑↓ Enter · Esc cancel"),
        theme,
    ));
    let title = format!(" Status · {} ", text::truncate(id, 40));
    let inner = open(frame, area, 46, line_count(&lines) + 2, title, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The comment an editor sends a verdict back with.
fn review_comment(app: &App, frame: &mut Frame, area: Rect, tagging: &Tagging, input: &TextInput) {
    let prompt = Prompt {
        width: 76,
        hint: "What should change? (the checker sees it in the verdict)",
        rows: NOTE_ROWS,
        keys: &[
            (Action::Confirm, "send back"),
            (Action::NewLine, "new line"),
            (Action::Cancel, "cancel"),
        ],
        title: title_for(tagging, "Request changes"),
    };
    prompt.render(app, frame, area, input);
}

/// Rows of note text shown at most; the view follows the cursor.
const NOTE_ROWS: usize = 6;
/// Rows of the current note shown above the input.
const OLD_NOTE_ROWS: usize = 3;

fn note_input(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    tagging: &Tagging,
    rating: &str,
    input: &TextInput,
) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(76);
    let text_width = usize::from(width.saturating_sub(4));
    let mut lines = Vec::new();
    if let Some(Verdict {
        note: Some(note),
        by,
        ..
    }) = &tagging.seen
    {
        let by = by
            .as_deref()
            .map(|b| format!(" by {}", text::shown(b)))
            .unwrap_or_default();
        lines.push(hint(&format!("Current note{by}:"), theme));
        let mut old = text::wrap_lines(note, text_width.saturating_sub(2));
        if old.len() > OLD_NOTE_ROWS {
            old.truncate(OLD_NOTE_ROWS);
            old[OLD_NOTE_ROWS - 1].push_str(" …");
        }
        lines.extend(old.into_iter().map(|l| hint(&format!("  {l}"), theme)));
        lines.push(Line::default());
    }
    let field_top = line_count(&lines);
    let (rows, (row, cursor_x)) = input_rows(input, text_width, NOTE_ROWS);
    lines.extend(rows.into_iter().map(Line::from));
    lines.push(Line::default());
    let context = Context::NoteInput;
    let mut keys = vec![(Action::Confirm, "save"), (Action::NewLine, "new line")];
    if tagging.seen.as_ref().is_some_and(|v| v.note.is_some()) {
        keys.push((Action::TakeOverNote, "take over the note"));
    }
    keys.push((Action::Cancel, "cancel"));
    lines.extend(key_hint(context, &keys, text_width, theme));
    let title = title_for(tagging, &format!("Note for {}", rating.to_uppercase()));
    let inner = open(frame, area, width, line_count(&lines) + 2, title, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let row = u16::try_from(row).unwrap_or(0);
    let x = inner.x + u16::try_from(cursor_x).unwrap_or(0);
    frame.set_cursor_position(Position::new(
        x.min(inner.right().saturating_sub(1)),
        (inner.y + field_top + row).min(inner.bottom().saturating_sub(1)),
    ));
}

/// A verdict as a few lines: the badge with who and when, then its note.
fn verdict_summary(
    verdict: &Option<Verdict>,
    width: usize,
    theme: Theme,
    scale: &RatingScale,
) -> Vec<Line<'static>> {
    let Some(v) = verdict else {
        return vec![hint("  no verdict (untagged)", theme)];
    };
    let mut who = String::new();
    if let Some(by) = &v.by {
        who.push_str(&format!(" by {}", text::shown(by)));
    }
    if let Some(at) = v.at {
        who.push_str(&format!(", {}", at.format("%Y-%m-%d %H:%M UTC")));
    }
    let mut lines = vec![Line::from(vec![
        Span::raw("  "),
        theme.rating_badge(&v.rating, scale),
        Span::styled(who, theme.dim()),
    ])];
    if let Some(note) = &v.note {
        let mut note = text::wrap_lines(note, width.saturating_sub(4));
        if note.len() > OLD_NOTE_ROWS {
            note.truncate(OLD_NOTE_ROWS);
            note[OLD_NOTE_ROWS - 1].push_str(" …");
        }
        lines.extend(note.into_iter().map(|l| Line::from(format!("    {l}"))));
    }
    lines
}

fn yes_no(yes: &str, no: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled("y", theme.bold()),
        Span::raw(format!(" {yes}   ")),
        Span::styled("n", theme.bold()),
        Span::raw(format!(" {no}")),
    ])
}

fn confirm_clear(app: &App, frame: &mut Frame, area: Rect, tagging: &Tagging) {
    let theme = app.theme;
    let question = match &tagging.seen {
        Some(Verdict {
            rating,
            by: Some(by),
            ..
        }) => {
            format!("Remove {}'s {}?", text::shown(by), rating.to_uppercase())
        }
        _ => "Remove this claim's verdict?".to_string(),
    };
    let mut lines = vec![Line::from(question)];
    lines.extend(verdict_summary(&tagging.seen, 56, theme, &app.scale));
    lines.push(hint(
        &format!(
            "It is removed from {} at once; u undoes it.",
            text::shown(&tagging.path.display().to_string())
        ),
        theme,
    ));
    lines.push(Line::default());
    lines.push(yes_no("remove", "keep", theme));
    let inner = open(
        frame,
        area,
        60,
        line_count(&lines) + 2,
        title_for(tagging, "Clear verdict"),
        theme,
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn confirm_replace(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    tagging: &Tagging,
    verdict: Option<&Verdict>,
    current: &Option<Verdict>,
    reason: ReplaceReason,
) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(70);
    let yours = match verdict {
        Some(v) => format!("your {}", v.rating.to_uppercase()),
        None => "no verdict".to_string(),
    };
    let (title, mut lines) = match reason {
        ReplaceReason::ChangedOnDisk => (
            "Changed on disk",
            vec![Line::from(
                "The verdict changed on disk since you began; it is now:",
            )],
        ),
        ReplaceReason::SomeoneElses => {
            let theirs = current.as_ref().map_or(String::new(), |v| {
                let by = v.by.as_deref().unwrap_or("someone");
                format!("{}'s {}", text::shown(by), v.rating.to_uppercase())
            });
            (
                "Someone else's verdict",
                vec![Line::from(format!("Replace {theirs} with {yours}?"))],
            )
        }
    };
    lines.extend(verdict_summary(
        current,
        usize::from(width.saturating_sub(4)),
        theme,
        &app.scale,
    ));
    lines.push(Line::default());
    if reason == ReplaceReason::ChangedOnDisk {
        lines.push(Line::from(format!("Replace it with {yours}?")));
    }
    lines.push(yes_no("replace", "keep what is on disk", theme));
    let inner = open(
        frame,
        area,
        width,
        line_count(&lines) + 2,
        title_for(tagging, title),
        theme,
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn resolve_conflict(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    id: &str,
    path: &std::path::Path,
    line: usize,
) {
    let theme = app.theme;
    let context = Context::Resolve;
    let choice = |action, what: &str| {
        Line::from(vec![
            Span::styled(
                format!("{:>3} ", keymap::key_for(context, action)),
                theme.bold(),
            ),
            Span::raw(what.to_string()),
        ])
    };
    let lines = vec![
        Line::from(format!(
            "Merge conflict at {}:{line}",
            text::shown(&path.display().to_string())
        )),
        hint("Only this claim's conflict lines change.", theme),
        Line::default(),
        choice(Action::KeepOurs, "keep ours"),
        choice(Action::KeepTheirs, "keep theirs"),
        choice(Action::OpenEditor, "open the conflict in $EDITOR"),
        choice(Action::Cancel, "decide later"),
    ];
    let title = format!(" Resolve · {} ", text::truncate(id, 40));
    let inner = open(frame, area, 64, line_count(&lines) + 2, title, theme);
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
    entries.extend(app.scale.ids().map(|rating| {
        Line::from(vec![
            Span::raw(check(filter.ratings.contains(rating))),
            theme.rating_badge(rating, &app.scale),
        ])
    }));
    entries.push(Line::from(vec![
        Span::raw(check(filter.conflicted)),
        Span::styled("merge conflicts only", theme.error()),
    ]));
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

/// A claim's urls, numbered, each under whose it is; one that is not http or https says that
/// it will not be opened.
fn url_chooser(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    id: &str,
    links: &[Link],
    selected: usize,
) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(90);
    let text_width = usize::from(width.saturating_sub(4));
    let mut lines = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let mut label = vec![
            Span::styled(entry_number(i), theme.dim()),
            Span::styled(
                text::truncate(&link.whose, text_width.saturating_sub(2)),
                theme.bold(),
            ),
        ];
        if WebUrl::parse(&link.url).is_none() {
            label.push(Span::styled(
                "  not http or https: not opened",
                theme.warning(),
            ));
        }
        let url = Line::from(vec![
            Span::raw("  "),
            Span::styled(
                text::truncate(&link.url, text_width.saturating_sub(2)),
                theme.dim(),
            ),
        ]);
        lines.push(selectable(Line::from(label), i == selected, theme));
        lines.push(selectable(url, i == selected, theme));
    }
    lines.push(Line::default());
    let numbers = links.len().min(9);
    lines.push(hint(
        &format!("1-{numbers} or ↑↓ Enter · Esc cancel"),
        theme,
    ));
    let title = format!(" Open a url · {} ", text::truncate(id, 40));
    let inner = open(frame, area, width, line_count(&lines) + 2, title, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}
