//! The claim list: one row per visible claim, never more.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::text;
use super::theme::{BADGE_WIDTH, Theme};
use crate::app::{App, Focus};
use crate::inert::inert;
use crate::layout::LIST_HEADER_ROWS;
use crate::model::Claim;
use crate::search::{Filter, Query, Sort, highlight};

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
    let [header, rows_area] =
        Layout::vertical([Constraint::Length(LIST_HEADER_ROWS), Constraint::Fill(1)]).areas(inner);
    let rows = usize::from(rows_area.height);
    let offset = app.list_offset.min(app.view.len().saturating_sub(rows));
    let visible = &app.view[offset..app.view.len().min(offset + rows)];
    let claims = app.claims();
    let longest_claimant = visible
        .iter()
        .map(|&i| text::width(&text::one_line_prefix(&claims[i].claimant, CLAIMANT_MAX)))
        .max()
        .unwrap_or(0);
    let columns = Columns::fit(
        usize::from(inner.width),
        app.longest_id,
        longest_claimant,
        app.sort == Sort::Date,
    );
    frame.render_widget(Paragraph::new(columns.header(app, theme)), header);
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .map(|(row, &i)| {
            let line = columns.row(&claims[i], app, theme);
            if offset + row == app.selected {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

fn title(app: &App) -> Line<'static> {
    let mut parts = vec![format!(" Claims {}/{}", app.view.len(), app.claims().len())];
    // Who verdicts are tagged as comes right after the count: a narrow title cuts what
    // follows, and a cut name could pass for another person's.
    if let Some(name) = &app.reviewer {
        parts.push(format!("as {}", text::shown(name)));
    }
    if !app.filter.query.is_empty() {
        parts.push(format!(
            "filter: \"{}\"",
            text::shown(app.filter.query.text())
        ));
    }
    if app.filter.filters_verdicts() || app.filter.conflicted {
        parts.push(format!("rating: {}", verdicts_shown(&app.filter)));
    }
    parts.push(format!("sort: {}", app.sort_label()));
    Line::from(format!("{} ", parts.join(" · ")))
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

/// The assertion keeps at least this many columns before an id is shown whole...
const ASSERTION_MIN_WIDTH: usize = 20;
/// ...and at least this many before the claimant or the date get any.
const ASSERTION_WITH_EXTRAS_MIN_WIDTH: usize = 32;
/// An id is cut to no fewer columns than this, however narrow the list.
const ID_MIN_WIDTH: usize = 16;
const CLAIMANT_MAX: usize = 24;
const ID: &str = "ID";
const CLAIMANT: &str = "CLAIMANT";
const DATE_WIDTH: usize = "2023-06-15".len();

/// Column widths of a row: badge, id, assertion, claimant, date; a column of width 0 is not
/// shown. Widths come from the content: the id column is as wide as the longest id in the
/// list (up to a share of the row), the claimant column as the longest claimant shown.
#[derive(Debug, PartialEq, Eq)]
struct Columns {
    id: usize,
    assertion: usize,
    claimant: usize,
    date: usize,
}

impl Columns {
    /// The columns of a row `width` wide. The id comes before the claimant (the detail shows
    /// both, but only the id tells claims of one claimant apart); sorted by date, the date
    /// comes before the claimant too.
    fn fit(width: usize, longest_id: usize, longest_claimant: usize, by_date: bool) -> Self {
        let room = width.saturating_sub(BADGE_WIDTH + 2 + ASSERTION_MIN_WIDTH);
        // Never narrower than its header.
        let id = longest_id.max(ID.len()).min(room.max(ID_MIN_WIDTH));
        // A space after the badge and before each column after the assertion.
        let mut left = width.saturating_sub(BADGE_WIDTH + 1 + id + usize::from(id > 0));
        let mut take = |wanted: usize| {
            // The column and the space before it.
            let fits = wanted > 0 && left > ASSERTION_WITH_EXTRAS_MIN_WIDTH + wanted;
            if fits {
                left -= wanted + 1;
            }
            if fits { wanted } else { 0 }
        };
        let claimant_wanted = longest_claimant.max(CLAIMANT.len()).min(CLAIMANT_MAX);
        let (date, claimant) = if by_date {
            let date = take(DATE_WIDTH);
            (date, take(claimant_wanted))
        } else {
            let claimant = take(claimant_wanted);
            (take(DATE_WIDTH), claimant)
        };
        Self {
            id,
            assertion: left,
            claimant,
            date,
        }
    }

    /// Column names over the rows; the sort column's shows the direction (`↓` as sorted,
    /// `↑` reversed).
    fn header(&self, app: &App, theme: Theme) -> Line<'static> {
        let arrow = if app.sort_reversed { " ↑" } else { " ↓" };
        let name = |name: &str, sorted: bool| {
            if sorted {
                format!("{name}{arrow}")
            } else {
                name.to_string()
            }
        };
        let verdict = match app.sort {
            Sort::RecentlyTagged => name("TAGGED", true),
            sort => name("VERDICT", sort == Sort::Rating),
        };
        let mut cells = vec![text::fit(&format!(" {verdict}"), BADGE_WIDTH)];
        if self.id > 0 {
            cells.push(text::fit(ID, self.id));
        }
        cells.push(text::fit("ASSERTION", self.assertion));
        if self.claimant > 0 {
            cells.push(text::fit(CLAIMANT, self.claimant));
        }
        if self.date > 0 {
            cells.push(text::fit(&name("DATE", app.sort == Sort::Date), self.date));
        }
        Line::from(Span::styled(cells.join(" "), theme.heading()))
    }

    fn row(&self, claim: &Claim, app: &App, theme: Theme) -> Line<'static> {
        let query = &app.filter.query;
        let badge = match (&claim.conflict, &claim.verdict) {
            (Some(_), _) => theme.conflict_badge(),
            (None, verdict) => theme.verdict_badge(verdict.as_deref(), &app.scale),
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
        if self.date > 0 {
            let date = claim.date.map_or_else(String::new, |d| d.to_string());
            spans.push(Span::styled(
                format!(" {}", text::fit(&date, self.date)),
                theme.dim(),
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
