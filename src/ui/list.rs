//! The claim list: one row per visible claim, never more.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::text;
use super::theme::{BADGE_WIDTH, Theme};
use crate::app::{App, Focus};
use crate::inert::inert;
use crate::search::{Filter, Query, highlight};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let focused = app.focus == Focus::List;
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        })
        .title(title(app));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.view.is_empty() {
        let message = Paragraph::new(empty_message(app))
            .style(theme.dim())
            .wrap(Wrap { trim: true });
        frame.render_widget(message, inner.inner(ratatui::layout::Margin::new(1, 1)));
        return;
    }
    let rows = usize::from(inner.height);
    let offset = app.list_offset.min(app.view.len().saturating_sub(rows));
    let visible = &app.view[offset..app.view.len().min(offset + rows)];
    let claims = app.claims();
    let columns = Columns::fit(
        usize::from(inner.width),
        visible
            .iter()
            .map(|&i| text::width(&claims[i].id))
            .max()
            .unwrap_or(0),
    );
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .map(|(row, &i)| {
            let line = columns.row(&claims[i], &app.filter.query, theme);
            if offset + row == app.selected {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn title(app: &App) -> Line<'static> {
    let mut parts = vec![format!(" Claims {}/{}", app.view.len(), app.claims().len())];
    if !app.filter.query.is_empty() {
        parts.push(format!("filter: \"{}\"", inert(app.filter.query.text())));
    }
    if app.filter.filters_verdicts() || app.filter.conflicted {
        parts.push(format!("rating: {}", verdicts_shown(&app.filter)));
    }
    parts.push(format!("sort: {} ", app.sort.label()));
    Line::from(parts.join(" · "))
}

/// The verdicts the filter lets through: `false, untagged`, or `all`.
pub fn verdicts_shown(filter: &Filter) -> String {
    let mut verdicts: Vec<&str> = filter.ratings.iter().map(String::as_str).collect();
    if filter.untagged {
        verdicts.push("untagged");
    }
    match (verdicts.is_empty(), filter.conflicted) {
        (true, false) => "all".to_string(),
        (true, true) => "merge conflicts".to_string(),
        (false, false) => verdicts.join(", "),
        (false, true) => format!("merge conflicts: {}", verdicts.join(", ")),
    }
}

fn empty_message(app: &App) -> String {
    if app.loading.is_some() {
        return "Loading…".to_string();
    }
    if !app.claims().is_empty() {
        return "No claims match. Esc clears the search; f changes the verdict filter.".to_string();
    }
    let paths: Vec<String> = app.paths.iter().map(|p| p.display().to_string()).collect();
    format!(
        "No claims found under {}. claimdesk reads *.yaml files with a top-level `claims:` list.",
        paths.join(", ")
    )
}

/// Narrower than these, rows leave the claimant or the id out (the detail shows both) so
/// that the assertion keeps enough room to be recognised.
const CLAIMANT_MIN_WIDTH: usize = 70;
const ID_MIN_WIDTH: usize = 48;

/// Column widths of a row: badge, id, assertion, claimant.
struct Columns {
    id: usize,
    assertion: usize,
    claimant: usize,
}

impl Columns {
    fn fit(width: usize, longest_id: usize) -> Self {
        let id = if width >= ID_MIN_WIDTH {
            longest_id.min(width / 4)
        } else {
            0
        };
        let claimant = if width >= CLAIMANT_MIN_WIDTH {
            (width / 5).min(24)
        } else {
            0
        };
        // A space after the badge and after each shown column but the last.
        let gaps = 1 + usize::from(id > 0) + usize::from(claimant > 0);
        let assertion = width.saturating_sub(BADGE_WIDTH + id + claimant + gaps);
        Self {
            id,
            assertion,
            claimant,
        }
    }

    fn row(&self, claim: &crate::model::Claim, query: &Query, theme: Theme) -> Line<'static> {
        let badge = match (&claim.conflict, &claim.verdict) {
            (Some(_), _) => theme.conflict_badge(),
            (None, verdict) => theme.badge(verdict.as_ref().map(|v| v.rating.as_str())),
        };
        let mut spans = vec![badge, Span::raw(" ")];
        if self.id > 0 {
            spans.extend(cell(&claim.id, self.id, query, theme.dim(), theme));
            spans.push(Span::raw(" "));
        }
        spans.extend(cell(
            &claim.assertion,
            self.assertion,
            query,
            Style::new(),
            theme,
        ));
        if self.claimant > 0 {
            spans.push(Span::raw(" "));
            spans.extend(cell(
                &claim.claimant,
                self.claimant,
                query,
                theme.dim(),
                theme,
            ));
        }
        Line::from(spans)
    }
}

/// `value` fitted to exactly `width` columns, with the characters `query` matches marked.
fn cell(
    value: &str,
    width: usize,
    query: &Query,
    style: Style,
    theme: Theme,
) -> Vec<Span<'static>> {
    // Folded YAML can leave newlines in a value; a row is one line, and a long value is read
    // only as far as the cell shows. Inert before matching, so that the marked positions are
    // those of the text shown.
    let value = text::one_line_prefix(value, width);
    let value = inert(&value);
    let mut spans = text::marked_spans(
        &value,
        width,
        &highlight(&value, query),
        style,
        theme.matched(),
    );
    let used: usize = spans.iter().map(|s| s.width()).sum();
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans
}
