//! The form for a new claim or a rebuttal: one row a field (more for the focused field's
//! lines), its label beside it, the reason a save was refused, and the form's keys.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popups::{hint, input_rows, key_hint, line_count, open};
use super::text;
use crate::app::App;
use crate::app::form::{Form, FormKind};
use crate::keymap::{Action, Context};

/// Columns of the labels, `assertion` and a space.
const LABEL_WIDTH: usize = 11;
/// Rows the focused field shows at most; the others show their first line.
const FOCUSED_ROWS: usize = 4;

pub fn render(app: &App, frame: &mut Frame, area: Rect, form: &Form) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(90);
    let value_width = usize::from(width.saturating_sub(4)).saturating_sub(LABEL_WIDTH + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let mark = if field.name.required() { "*" } else { " " };
        let label = text::fit(&format!("{}{mark}", field.name.label()), LABEL_WIDTH);
        let focused = i == form.focused;
        let label_style = if focused {
            theme.heading()
        } else {
            theme.dim()
        };
        let rows = if focused {
            let (rows, (row, x)) = input_rows(&field.input, value_width, FOCUSED_ROWS);
            cursor = Some((line_count(&lines) + row as u16, x));
            rows
        } else {
            // The first line, and an ellipsis when there is more.
            let first = field.input.text.lines().next().unwrap_or_default();
            let more = field.input.text.contains('\n');
            let shown = if more {
                format!("{first} …")
            } else {
                first.to_string()
            };
            vec![text::truncate(&shown, value_width)]
        };
        for (row, value) in rows.into_iter().enumerate() {
            let label = if row == 0 {
                label.clone()
            } else {
                " ".repeat(LABEL_WIDTH)
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{label} "), label_style),
                Span::raw(value),
            ]));
        }
    }
    lines.push(Line::default());
    if let Some(error) = &form.error {
        lines.push(Line::from(Span::styled(text::shown(error), theme.error())));
    }
    let mut keys = vec![
        (Action::Confirm, "next"),
        (Action::Save, "save"),
        (Action::NewLine, "new line"),
    ];
    if form.kind == FormKind::Claim {
        keys.push((Action::NextFile, "next file"));
    }
    keys.push((Action::Cancel, "cancel"));
    let text_width = usize::from(width.saturating_sub(4));
    lines.extend(key_hint(Context::Form, &keys, text_width, theme));
    lines.push(hint(
        "* needed · the file is written at once; u undoes it",
        theme,
    ));
    let title = match &form.kind {
        FormKind::Claim => " New claim ".to_string(),
        FormKind::Rebuttal { id, .. } => format!(" Rebuttal to {} ", text::truncate(id, 40)),
    };
    let inner = open(frame, area, width, line_count(&lines) + 2, title, theme);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((row, x)) = cursor {
        let x = inner.x + u16::try_from(LABEL_WIDTH + 1 + x).unwrap_or(0);
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            (inner.y + row).min(inner.bottom().saturating_sub(1)),
        ));
    }
}
