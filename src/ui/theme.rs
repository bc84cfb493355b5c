//! Colours and text styles. Only the 16 ANSI colours, so light and dark terminals both read;
//! with colour off (`NO_COLOR`) meaning is carried by bold, dim and reversed video alone.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::text;
use crate::model::{Colour, MAX_LABEL_WIDTH, RatingScale, ReviewState, Verdict};

/// Columns a verdict badge takes in the list: the longest label a scale may have
/// (`MISLEADING`) with a space either side.
pub const BADGE_WIDTH: usize = MAX_LABEL_WIDTH + 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
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

    /// A rating's badge colours: the background the scale gives it and a foreground that
    /// reads on it. Ratings without a colour, and every rating without colour, are bold
    /// text alone.
    pub fn rating(self, rating: &str, scale: &RatingScale) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match scale.colour(rating) {
            Some(colour) if self.color => {
                let (background, foreground) = badge_colours(colour);
                style.bg(background).fg(foreground)
            }
            _ => style,
        }
    }

    /// A rating's colour as the foreground, for its bar in a chart; nothing without colour.
    pub fn rating_bar(self, rating: &str, scale: &RatingScale) -> Style {
        match scale.colour(rating) {
            Some(colour) => self.fg(badge_colours(colour).0),
            None => Style::new(),
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
                self.rating(rating, scale),
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
            self.rating(rating, scale),
        )
    }
}

/// A badge's background in `colour`, and the foreground that reads on it: black on the light
/// colours, white on the dark ones.
fn badge_colours(colour: Colour) -> (Color, Color) {
    let background = match colour {
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
    };
    let dark = matches!(
        colour,
        Colour::Black | Colour::Red | Colour::Blue | Colour::Magenta | Colour::DarkGray
    );
    let foreground = if dark { Color::White } else { Color::Black };
    (background, foreground)
}
