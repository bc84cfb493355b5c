//! Colours and text styles. Only the 16 ANSI colours, so light and dark terminals both read;
//! with colour off (`NO_COLOR`) meaning is carried by bold, dim and reversed video alone.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::text;
use crate::model::{RatingScale, ReviewState, Verdict};

/// Columns a verdict badge takes in the list: the longest label of the default scale
/// (`MISLEADING`) with a space either side.
pub const BADGE_WIDTH: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to something non-empty (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Characters a search query matched.
    pub fn matched(self) -> Style {
        let style = self.fg(Color::Yellow).add_modifier(Modifier::BOLD);
        if self.color {
            style
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Border of the pane that has the keyboard.
    pub fn focused_border(self) -> Style {
        if self.color {
            self.fg(Color::Cyan)
        } else {
            self.bold()
        }
    }

    pub fn border(self) -> Style {
        self.dim()
    }

    /// A rating's badge colours: a background of its own for each rating of the default scale
    /// (green for true through cyan, yellow and light red to red and magenta for the false
    /// end; blue for misleading, grey for unproven) and a foreground that reads on it. Ratings
    /// outside the default scale, and every rating without colour, are bold text alone.
    pub fn rating(self, rating: &str) -> Style {
        let colors = match rating {
            "true" => Some((Color::Green, Color::Black)),
            "mostly-true" => Some((Color::Cyan, Color::Black)),
            "half-true" => Some((Color::Yellow, Color::Black)),
            "mostly-false" => Some((Color::LightRed, Color::Black)),
            "false" => Some((Color::Red, Color::White)),
            "pants-on-fire" => Some((Color::Magenta, Color::White)),
            "misleading" => Some((Color::Blue, Color::White)),
            "unproven" => Some((Color::DarkGray, Color::White)),
            _ => None,
        };
        let style = Style::new().add_modifier(Modifier::BOLD);
        match colors {
            Some((background, foreground)) if self.color => style.bg(background).fg(foreground),
            _ => style,
        }
    }

    /// The badge of a claim with an unresolved merge conflict, in place of its verdict's.
    pub fn conflict_badge(self) -> Span<'static> {
        let style = self.error().add_modifier(Modifier::REVERSED);
        Span::styled(text::fit(" CONFLICT", BADGE_WIDTH), style)
    }

    /// The list's fixed-width verdict badge: ` MOST FALSE `, or a dim ` untagged `.
    pub fn badge(self, rating: Option<&str>, scale: &RatingScale) -> Span<'static> {
        match rating {
            Some(rating) => Span::styled(
                text::fit(&format!(" {}", scale.label(rating)), BADGE_WIDTH),
                self.rating(rating),
            ),
            None => Span::styled(text::fit(" untagged", BADGE_WIDTH), self.dim()),
        }
    }

    /// A verdict's badge in the list, its last column marking the review: `✓` approved, `✗`
    /// changes requested, `?` awaiting review.
    pub fn verdict_badge(self, verdict: Option<&Verdict>, scale: &RatingScale) -> Span<'static> {
        let mut badge = self.badge(verdict.map(|v| v.rating.as_str()), scale);
        if let Some(verdict) = verdict {
            let mark = match verdict.review.as_ref().map(|r| r.state) {
                Some(ReviewState::Approved) => '✓',
                Some(ReviewState::ChangesRequested) => '✗',
                None => '?',
            };
            let mut text = badge.content.into_owned();
            text.pop();
            text.push(mark);
            badge.content = text.into();
        }
        badge
    }

    /// A rating's badge as wide as its label, for running text: ` MOST FALSE `.
    pub fn rating_badge(self, rating: &str, scale: &RatingScale) -> Span<'static> {
        Span::styled(
            format!(" {} ", text::shown(&scale.label(rating))),
            self.rating(rating),
        )
    }
}
