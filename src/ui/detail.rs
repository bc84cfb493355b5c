//! The detail of the selected claim, top to bottom as a reader takes it in: the assertion,
//! its source, the rebuttals, the verdict. Text is wrapped here, so the scroll range is known,
//! and what the search's words match is marked, as in the list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph};

use super::hyperlinks::UrlPiece;
use super::text::{self, side_by_side, wrapped_lines};
use super::theme::Theme;
use crate::app::{App, Focus};
use crate::model::{
    Claim, ClaimConflict, ConflictHunk, ConflictSide, RatingScale, Rebuttal, Review, ReviewState,
    Source, Verdict,
};
use crate::search::{Query, highlight};
use crate::web::WebUrl;

/// Between the sides of a merge conflict.
const GUTTER: &str = " │ ";

/// Draws the detail; returns where the pieces of its web urls are, to be made links.
pub fn render(app: &App, frame: &mut Frame, area: Rect) -> Vec<UrlPiece> {
    let mut block = block(app);
    let inner = block.inner(area);
    let Some(claim) = app.selected_claim() else {
        frame.render_widget(block, area);
        return Vec::new();
    };
    let parts = Parts::new(claim, inner, app);
    let scroll = app.detail_scroll.min(parts.max_scroll());
    if parts.max_scroll() > 0 {
        let more = scroll_hint(scroll, parts.max_scroll());
        block = block.title_bottom(Line::from(Span::styled(more, app.theme.dim())).right_aligned());
    }
    frame.render_widget(block, area);
    let pieces = parts.url_pieces(scroll);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(parts.body.lines).scroll((scroll, 0)),
        parts.area,
    );
    pieces
}

/// Where the reader is in text that does not fit: `↓ more`, `↑↓`, `↑ top`.
fn scroll_hint(scroll: usize, max: usize) -> &'static str {
    match (scroll, scroll >= max) {
        (0, _) => " ↓ more ",
        (_, false) => " ↑↓ more ",
        (_, true) => " ↑ end ",
    }
}

/// Visible body lines and the largest useful scroll offset for the selected claim.
pub fn scroll_bounds(app: &App, area: Rect) -> (usize, usize) {
    let inner = block(app).inner(area);
    match app.selected_claim() {
        Some(claim) => {
            let parts = Parts::new(claim, inner, app);
            (usize::from(parts.area.height), parts.max_scroll())
        }
        None => (usize::from(inner.height), 0),
    }
}

fn block(app: &App) -> Block<'static> {
    let theme = app.theme;
    let focused = app.focus == Focus::Detail;
    let title = app
        .selected_claim()
        .map_or_else(String::new, |c| format!(" {} ", text::shown(&c.id)));
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        })
        .title(title)
        .padding(Padding::horizontal(1))
}

/// How the detail draws: the theme, the rating scale's badges, and the query whose matches
/// it marks.
#[derive(Clone, Copy)]
struct Look<'a> {
    theme: Theme,
    scale: &'a RatingScale,
    query: &'a Query,
}

impl<'a> Look<'a> {
    fn of(app: &'a App) -> Self {
        Self {
            theme: app.theme,
            scale: &app.scale,
            query: &app.filter.query,
        }
    }

    /// Text the search looks in, wrapped in `style`, with what the query matches marked.
    fn searched(self, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
        let marked = |line: &str| highlight(line, self.query);
        text::marked_lines(text, width, marked, style, self.theme.matched())
    }
}

/// The detail laid out for one width: wrapped lines and where they go.
struct Parts {
    body: Body,
    area: Rect,
}

impl Parts {
    fn new(claim: &Claim, area: Rect, app: &App) -> Self {
        let body = body_lines(claim, usize::from(area.width), Look::of(app));
        Self { body, area }
    }

    fn max_scroll(&self) -> usize {
        self.body
            .lines
            .len()
            .saturating_sub(usize::from(self.area.height))
    }

    /// Where the pieces of web urls are on screen with the text scrolled by `scroll` lines.
    fn url_pieces(&self, scroll: usize) -> Vec<UrlPiece> {
        let rows = scroll..scroll + usize::from(self.area.height);
        self.body
            .url_lines
            .iter()
            .filter(|(line, ..)| rows.contains(line))
            .filter_map(|(line, url, id)| {
                let y = self.area.y + u16::try_from(line - scroll).ok()?;
                let text = self.body.lines[*line].to_string();
                UrlPiece::new(self.area.x, y, &text, url, *id)
            })
            .collect()
    }
}

/// The detail's lines, and which of them show a piece of a web url.
#[derive(Default)]
struct Body {
    lines: Vec<Line<'static>>,
    /// Each line that shows a piece of a web url: its index, the url, and the url's number in
    /// the claim.
    url_lines: Vec<(usize, WebUrl, usize)>,
    urls: usize,
}

impl Body {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    fn extend(&mut self, lines: impl IntoIterator<Item = Line<'static>>) {
        self.lines.extend(lines);
    }

    /// `url` on lines of its own, cut only where a line ends, so that nothing but the width
    /// breaks it.
    fn url(&mut self, url: &str, width: usize, theme: Theme) {
        let web = WebUrl::parse(url);
        let id = self.urls;
        self.urls += 1;
        for line in wrapped_lines(url, width, theme.dim()) {
            if let Some(web) = &web {
                self.url_lines.push((self.lines.len(), web.clone(), id));
            }
            self.lines.push(line);
        }
    }
}

fn heading(label: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(label.to_string(), theme.heading()))
}

fn none_recorded(theme: Theme) -> Line<'static> {
    Line::from(Span::styled("none recorded", theme.dim()))
}

fn body_lines(claim: &Claim, width: usize, look: Look) -> Body {
    let theme = look.theme;
    let mut lines = Body::default();
    if let Some(conflict) = &claim.conflict {
        lines.extend(conflict_lines(conflict, width, theme, look.scale));
        lines.push(Line::default());
    }
    lines.push(heading("Assertion", theme));
    lines.extend(look.searched(&claim.assertion, width, theme.bold()));
    let mut said = claim.claimant.clone();
    if let Some(date) = claim.date {
        said.push_str(&format!(" · {date}"));
    }
    lines.extend(look.searched(&format!("— {said}"), width, theme.dim()));
    let workflow: Vec<String> = [
        claim.assignee().map(|a| format!("assigned to {a}")),
        claim.status().map(|s| format!("status: {s}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !workflow.is_empty() {
        lines.extend(wrapped_lines(&workflow.join(" · "), width, theme.bold()));
    }
    if !claim.tags.is_empty() {
        let tags: Vec<String> = claim.tags.iter().map(|t| format!("#{t}")).collect();
        lines.extend(look.searched(&tags.join(" "), width, theme.dim()));
    }
    lines.push(Line::default());
    source_lines(claim.source.as_deref(), width, look, &mut lines);
    lines.push(Line::default());
    rebuttal_lines(&claim.rebuttals, width, look, &mut lines);
    lines.push(Line::default());
    lines.extend(verdict_lines(claim.verdict.as_deref(), width, look));
    lines
}

/// The versions of a conflicted claim side by side (stacked when narrow): each side's
/// verdict with who and when, then its raw lines from the conflict.
fn conflict_lines(
    conflict: &ClaimConflict,
    width: usize,
    theme: Theme,
    scale: &RatingScale,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled("Merge conflict", theme.error()))];
    lines.extend(wrapped_lines(
        "m resolves it: keep ours, keep theirs, or edit",
        width,
        theme.dim(),
    ));
    for hunk in conflict.hunks.iter().filter(|h| !h.within_claim) {
        lines.extend(wrapped_lines(
            &format!(
                "The conflict at lines {}-{} reaches outside this claim: resolve it in the editor (e).",
                hunk.line, hunk.end_line
            ),
            width,
            theme.warning(),
        ));
    }
    let mut sides = vec![(
        "ours",
        Some(&conflict.ours),
        side_texts(conflict, |h| Some(&h.ours)),
    )];
    if let Some(base) = &conflict.base {
        sides.push((
            "base",
            Some(base),
            side_texts(conflict, |h| h.base.as_ref()),
        ));
    }
    sides.push((
        "theirs",
        Some(&conflict.theirs),
        side_texts(conflict, |h| Some(&h.theirs)),
    ));
    let count = sides.len();
    let gutter_width = text::width(GUTTER);
    let column = (width.saturating_sub(gutter_width * (count - 1))) / count;
    let columns = column >= 24;
    let column_width = if columns { column } else { width };
    let mut blocks: Vec<Vec<Line<'static>>> = sides
        .into_iter()
        .map(|(name, verdict, (label, text))| {
            let mut block = vec![Line::from(vec![
                Span::styled(name.to_string(), theme.heading()),
                Span::styled(format!(" {label}"), theme.dim()),
            ])];
            block.extend(side_verdict(
                verdict.and_then(Option::as_ref),
                column_width,
                theme,
                scale,
            ));
            for raw in text.lines() {
                let raw = text::truncate(raw, column_width);
                block.push(Line::from(Span::styled(raw, theme.dim())));
            }
            block
        })
        .collect();
    if columns {
        let mut joined = blocks.remove(0);
        let mut joined_width = column;
        for block in blocks {
            let gutter = Span::styled(GUTTER, theme.border());
            joined = side_by_side(joined, block, joined_width, gutter);
            joined_width += gutter_width + column;
        }
        lines.extend(joined);
    } else {
        for (i, block) in blocks.into_iter().enumerate() {
            if i > 0 {
                lines.push(Line::default());
            }
            lines.extend(block);
        }
    }
    lines
}

/// The label git gave one side, and that side's lines over every hunk of the claim.
fn side_texts(
    conflict: &ClaimConflict,
    side: impl Fn(&ConflictHunk) -> Option<&ConflictSide>,
) -> (String, String) {
    let sides: Vec<&ConflictSide> = conflict.hunks.iter().filter_map(side).collect();
    let label = sides.first().map_or(String::new(), |s| s.label.clone());
    let text: String = sides.iter().map(|s| s.text.as_str()).collect();
    // The claim's own indentation tells nothing here and takes a narrow column's room.
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let dedented = text
        .lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n");
    (label, dedented)
}

/// One side's verdict in a line or two: `MISLEADING by bob · 2026-11-27 16:00 UTC`.
fn side_verdict(
    verdict: Option<&Verdict>,
    width: usize,
    theme: Theme,
    scale: &RatingScale,
) -> Vec<Line<'static>> {
    let Some(verdict) = verdict else {
        return vec![Line::from(Span::styled("untagged", theme.dim()))];
    };
    let who = who_and_when(verdict);
    let mut lines = vec![Line::from(theme.rating_badge(&verdict.rating, scale))];
    if !who.is_empty() {
        lines.extend(wrapped_lines(&who, width, theme.dim()));
    }
    lines
}

fn source_lines(source: Option<&Source>, width: usize, look: Look, lines: &mut Body) {
    let theme = look.theme;
    lines.push(heading("Source", theme));
    let Some(source) = source else {
        lines.push(none_recorded(theme));
        return;
    };
    if let Some(name) = &source.name {
        lines.extend(look.searched(name, width, theme.bold()));
    }
    if let Some(quote) = &source.quote {
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        lines.extend(look.searched(&format!("“{}”", quote.trim()), width, italic));
    }
    if let Some(url) = &source.url {
        lines.url(url, width, theme);
    }
}

fn rebuttal_lines(rebuttals: &[Rebuttal], width: usize, look: Look, lines: &mut Body) {
    let theme = look.theme;
    lines.push(heading(&format!("Rebuttals ({})", rebuttals.len()), theme));
    if rebuttals.is_empty() {
        lines.push(none_recorded(theme));
    }
    for (i, rebuttal) in rebuttals.iter().enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        lines.extend(look.searched(&rebuttal.by, width, theme.bold()));
        if let Some(date) = rebuttal.date {
            lines.push(Line::from(Span::styled(date.to_string(), theme.dim())));
        }
        lines.extend(look.searched(&rebuttal.text, width, Style::new()));
        if let Some(url) = &rebuttal.url {
            lines.url(url, width, theme);
        }
    }
}

/// `by asha · 2026-11-27 10:30 UTC`, as far as the verdict says: as in the file, for the
/// text functions to make it ready for the screen.
fn who_and_when(verdict: &Verdict) -> String {
    let mut who = Vec::new();
    if let Some(by) = &verdict.by {
        who.push(format!("by {by}"));
    }
    if let Some(at) = verdict.at {
        who.push(at.format("%Y-%m-%d %H:%M UTC").to_string());
    }
    who.join(" · ")
}

fn verdict_lines(verdict: Option<&Verdict>, width: usize, look: Look) -> Vec<Line<'static>> {
    let (theme, scale) = (look.theme, look.scale);
    let mut lines = vec![heading("Verdict", theme)];
    let Some(verdict) = verdict else {
        lines.push(Line::from(Span::styled(
            "untagged · v tags a verdict",
            theme.dim(),
        )));
        return lines;
    };
    let who = who_and_when(verdict);
    let mut first = vec![theme.rating_badge(&verdict.rating, scale)];
    if !who.is_empty() {
        first.push(Span::styled(
            format!("  {}", text::shown(&who)),
            theme.dim(),
        ));
    }
    lines.push(Line::from(first));
    if let Some(note) = &verdict.note {
        lines.extend(look.searched(note, width, Style::new()));
    }
    lines.extend(review_lines(verdict.review.as_deref(), width, theme));
    lines
}

/// `Review: approved by ed · 2026-11-28 10:00 UTC`, and the editor's comment; or that the
/// verdict awaits a review.
fn review_lines(review: Option<&Review>, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let Some(review) = review else {
        let hint = "Review: pending · a approves, C requests changes";
        return vec![Line::from(Span::styled(hint, theme.dim()))];
    };
    let (state, style) = match review.state {
        ReviewState::Approved => ("approved", theme.bold()),
        ReviewState::ChangesRequested => ("changes requested", theme.warning()),
    };
    let mut who = String::new();
    if let Some(by) = &review.by {
        who.push_str(&format!(" by {by}"));
    }
    if let Some(at) = review.at {
        who.push_str(&format!(" · {}", at.format("%Y-%m-%d %H:%M UTC")));
    }
    let mut lines = vec![Line::from(vec![
        Span::styled("Review: ", theme.heading()),
        Span::styled(state, style),
        Span::styled(text::shown(&who), theme.dim()),
    ])];
    if let Some(comment) = &review.comment {
        lines.extend(wrapped_lines(comment, width, Style::new()));
    }
    lines
}
