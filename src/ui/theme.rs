//! Colours and text styles. Only the 16 ANSI colours, so light and dark terminals both read;
//! with colour off (`NO_COLOR`) meaning is carried by bold, dim and reversed video alone.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::text;

/// Columns a verdict badge takes in the list.
pub const BADGE_WIDTH: usize = 10;

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

    /// A rating in its colour; ratings outside the default scale keep the terminal's colour.
    pub fn rating(self, rating: &str) -> Style {
        let color = match rating {
            "true" | "mostly-true" => Some(Color::Green),
            "half-true" | "misleading" => Some(Color::Yellow),
            "mostly-false" => Some(Color::LightRed),
            "false" => Some(Color::Red),
            "pants-on-fire" => Some(Color::Magenta),
            "unproven" => Some(Color::Gray),
            _ => None,
        };
        color
            .map_or(Style::new(), |c| self.fg(c))
            .add_modifier(Modifier::BOLD)
    }

    /// The badge of a claim with an unresolved merge conflict, in place of its verdict's.
    pub fn conflict_badge(self) -> Span<'static> {
        let style = self.error().add_modifier(Modifier::REVERSED);
        Span::styled(text::fit("CONFLICT", BADGE_WIDTH), style)
    }

    /// The fixed-width verdict badge: `FALSE     `, `MOSTLY-T  `, or a dim `untagged  `.
    pub fn badge(self, rating: Option<&str>) -> Span<'static> {
        match rating {
            Some(rating) => Span::styled(
                text::fit(&badge_label(rating), BADGE_WIDTH),
                self.rating(rating),
            ),
            None => Span::styled(text::fit("untagged", BADGE_WIDTH), self.dim()),
        }
    }
}

/// Short upper-case label that fits a badge: the scale's long names are abbreviated.
fn badge_label(rating: &str) -> String {
    let label = match rating {
        "mostly-true" => "MOSTLY-T",
        "mostly-false" => "MOSTLY-F",
        "pants-on-fire" => "PANTS-FIRE",
        other => return other.to_uppercase().chars().take(BADGE_WIDTH).collect(),
    };
    label.to_string()
}
