//! The stats panel (`%`): the claims in view by rating in a bar chart coloured by the scale,
//! by review, status, assignee and tag in columns, and verdicts per day in a sparkline.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline};

use super::popups::{hint, open};
use super::text;
use super::theme::Theme;
use crate::app::App;
use crate::model::{RatingScale, UNTAGGED};
use crate::stats::{Count, Stats, WEEKS};

/// The panel's size at most; smaller screens get all of theirs but a margin.
const MAX_WIDTH: u16 = 110;
const MAX_HEIGHT: u16 = 34;
/// The widest bar of the rating chart: a badge's label.
const MAX_BAR_WIDTH: u16 = crate::model::MAX_LABEL_WIDTH as u16;
/// Rows of each column of counts, heading included.
const COLUMN_ROWS: u16 = 8;

pub fn render(app: &App, frame: &mut Frame, area: Rect, stats: &Stats) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let height = area.height.saturating_sub(2).min(MAX_HEIGHT);
    let inner = open(frame, area, width, height, " Stats ".to_string(), theme);
    let [summary, chart, columns, sparkline, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(4),
        Constraint::Length(COLUMN_ROWS + 1),
        Constraint::Length(5),
        Constraint::Length(1),
    ])
    .areas(inner);
    let heading = format!(
        "{} claims in view · {} verdicts in the last {WEEKS} weeks",
        stats.claims,
        stats.recent_verdicts()
    );
    let heading = Span::styled(
        text::truncate(&heading, usize::from(inner.width)),
        theme.bold(),
    );
    frame.render_widget(Paragraph::new(Line::from(heading)), summary);
    rating_chart(frame, chart, stats, &app.scale, theme);
    count_columns(frame, columns, stats, theme);
    verdicts_per_day(frame, sparkline, stats, theme);
    frame.render_widget(Paragraph::new(hint("Esc close", theme)), keys);
}

/// One bar a rating, in the scale's colours, labelled as its badges are.
fn rating_chart(frame: &mut Frame, area: Rect, stats: &Stats, scale: &RatingScale, theme: Theme) {
    let bars: Vec<Bar> = stats
        .ratings
        .iter()
        .map(|count| {
            let rating = count.name.as_deref().unwrap_or(UNTAGGED);
            let (label, bar, value) = if rating == UNTAGGED {
                (UNTAGGED.to_string(), theme.dim(), theme.bold())
            } else {
                let label = text::shown(&scale.label(rating));
                let badge = theme.rating(rating, scale);
                (label, theme.rating_bar(rating, scale), badge)
            };
            Bar::default()
                .value(u64::try_from(count.claims).unwrap_or(u64::MAX))
                .label(Line::from(label))
                .style(bar)
                .value_style(value)
        })
        .collect();
    let count = u16::try_from(bars.len()).unwrap_or(u16::MAX).max(1);
    let bar_width = ((area.width + 1) / count)
        .saturating_sub(1)
        .clamp(1, MAX_BAR_WIDTH);
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1);
    frame.render_widget(chart, area);
}

/// Review states, statuses, assignees and tags side by side, most first where the desk gives
/// no order; as many rows as fit.
fn count_columns(frame: &mut Frame, area: Rect, stats: &Stats, theme: Theme) {
    let columns = [
        ("Review", "", &stats.reviews),
        ("Status", "no status", &stats.statuses),
        ("Assignee", "unassigned", &stats.assignees),
        ("Tag", "no tags", &stats.tags),
    ];
    let areas = Layout::horizontal([Constraint::Fill(1); 4])
        .spacing(2)
        .split(area.inner(ratatui::layout::Margin::new(0, 1)));
    for ((heading, none, counts), &column) in columns.into_iter().zip(areas.iter()) {
        let lines = count_lines(heading, none, counts, usize::from(column.width), theme);
        frame.render_widget(Paragraph::new(lines), column);
    }
}

/// A heading, then `name  count` a row, the counts flush right in `width` columns.
fn count_lines(
    heading: &str,
    none: &str,
    counts: &[Count],
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        text::truncate(heading, width),
        theme.heading(),
    ))];
    lines.extend(counts.iter().map(|count| {
        let claims = count.claims.to_string();
        let name_width = width.saturating_sub(claims.len() + 1);
        let name = text::fit(count.name.as_deref().unwrap_or(none), name_width);
        let row = format!("{name} {claims}");
        Line::from(text::truncate(&row, width))
    }));
    lines
}

/// A sparkline of verdicts per day, each day stretched to fill the width, the first and the
/// last day under it.
fn verdicts_per_day(frame: &mut Frame, area: Rect, stats: &Stats, theme: Theme) {
    let [heading, chart, days] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = format!("Verdicts per day (UTC), the last {WEEKS} weeks");
    let title = Span::styled(
        text::truncate(&title, usize::from(area.width)),
        theme.heading(),
    );
    frame.render_widget(Paragraph::new(Line::from(title)), heading);
    let day_count = stats.verdicts_per_day.len().max(1);
    let columns_a_day = (usize::from(chart.width) / day_count).max(1);
    let data: Vec<u64> = stats
        .verdicts_per_day
        .iter()
        .flat_map(|day| {
            let verdicts = u64::try_from(day.verdicts).unwrap_or(u64::MAX);
            std::iter::repeat_n(verdicts, columns_a_day)
        })
        .collect();
    let sparkline = Sparkline::default().data(&data).style(theme.heading());
    frame.render_widget(sparkline, chart);
    if let (Some(first), Some(last)) = (
        stats.verdicts_per_day.first(),
        stats.verdicts_per_day.last(),
    ) {
        let drawn = usize::from(chart.width).min(data.len());
        let first = first.day.to_string();
        let last = last.day.to_string();
        let gap = drawn.saturating_sub(first.len() + last.len());
        let under = format!("{first}{}{last}", " ".repeat(gap));
        let under = text::truncate(&under, usize::from(days.width));
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(under, theme.dim()))),
            days,
        );
    }
}
