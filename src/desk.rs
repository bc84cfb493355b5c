//! The desk's settings, shared through git: `.claimdesk.yaml` at the root of the claims
//! repository holds the desk's rating scale, its organisation's name, its triage statuses and
//! whether an editor may approve their own verdict. Nothing in here knows about the screen.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::{Location, MessageFormatter, Spanned, UserMessageFormatter};
use thiserror::Error;
use unicode_width::UnicodeWidthStr;

use crate::model::{Colour, MAX_LABEL_WIDTH, Meter, Rating, RatingScale, UNTAGGED, is_valid_id};
pub use crate::store::DESK_FILE;
use crate::store::{Problem, io_words};

/// The desk file, in messages.
const DESK_FILE_WORDS: &str = "the desk file";

/// The triage statuses of a desk whose file names none, the first for new claims.
pub const DEFAULT_STATUSES: [&str; 4] = ["new", "in-progress", "needs-review", "done"];

/// The desk's settings: its file's, or the defaults where it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub scale: RatingScale,
    /// The desk's name, the `author` of exported ClaimReview markup.
    pub organisation: Option<String>,
    statuses: Vec<String>,
    /// May an editor approve a verdict they tagged themselves?
    pub allow_self_approval: bool,
}

impl Default for Desk {
    fn default() -> Self {
        Self {
            scale: RatingScale::default(),
            organisation: None,
            statuses: DEFAULT_STATUSES.map(String::from).to_vec(),
            allow_self_approval: false,
        }
    }
}

/// A settings file (the desk's, or the user's) that cannot be used, located like a compiler
/// diagnostic.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("{}: cannot read {file}: {}", path.display(), io_words(source))]
    Unreadable {
        path: PathBuf,
        /// What the file is, for the message: "the desk file".
        file: &'static str,
        source: io::Error,
    },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
}

/// A desk file that cannot be used.
pub type DeskError = SettingsError;

impl SettingsError {
    /// The file at `path` could not be read.
    pub(crate) fn unreadable(path: &Path, file: &'static str, source: io::Error) -> Self {
        Self::Unreadable {
            path: path.to_path_buf(),
            file,
            source,
        }
    }

    /// What is wrong with the file at `path`, and where.
    pub(crate) fn invalid(path: &Path, (at, message): Located) -> Self {
        let (line, col) = line_col(at);
        Self::Invalid {
            path: path.to_path_buf(),
            line,
            col,
            message,
        }
    }

    /// The error as a problem of the dashboard's problems list.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Unreadable { path, file, source } => Problem::error(
                path,
                1,
                1,
                format!("cannot read {file}: {}", io_words(source)),
            ),
            Self::Invalid {
                path,
                line,
                col,
                message,
            } => Problem::error(path, *line, *col, message.clone()),
        }
    }
}

/// The desk file nearest to the opened `paths` (walking up from each, the first path's
/// first), read; `None` when there is none.
pub fn find(paths: &[PathBuf]) -> Result<Option<Desk>, DeskError> {
    locate(paths).map(|file| Desk::load(&file)).transpose()
}

/// The desk file nearest to the opened `paths`, as [`find`] looks for it.
pub fn locate(paths: &[PathBuf]) -> Option<PathBuf> {
    paths.iter().find_map(|path| nearest_desk_file(path))
}

/// The first `.claimdesk.yaml` in `path`'s folder (or `path` itself, a folder) and above.
fn nearest_desk_file(path: &Path) -> Option<PathBuf> {
    let path = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .ok()?;
    let start = if path.is_dir() {
        path.as_path()
    } else {
        path.parent()?
    };
    start
        .ancestors()
        .map(|folder| folder.join(DESK_FILE))
        .find(|file| file.is_file())
}

impl Desk {
    /// Reads the desk file at `path`.
    pub fn load(path: &Path) -> Result<Self, DeskError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| DeskError::unreadable(path, DESK_FILE_WORDS, source))?;
        Self::parse(path, &text)
    }

    /// The desk that `text`, the desk file at `path`, sets out. Every key is optional: what
    /// it leaves out keeps its default.
    pub fn parse(path: &Path, text: &str) -> Result<Self, DeskError> {
        let invalid = |at: Location, message: String| DeskError::invalid(path, (at, message));
        let raw: RawDesk = from_yaml(text, DESK_FILE_WORDS).map_err(|(at, m)| invalid(at, m))?;
        let mut desk = Self::default();
        if let Some(scale) = raw.scale {
            desk.scale = scale.value.check().map_err(|(at, m)| invalid(at, m))?;
        }
        desk.organisation = raw
            .organisation
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty());
        if let Some(statuses) = raw.statuses {
            desk.statuses = check_statuses(statuses).map_err(|(at, m)| invalid(at, m))?;
        }
        desk.allow_self_approval = raw.allow_self_approval;
        Ok(desk)
    }

    /// The triage statuses a claim can have, the first for new claims.
    pub fn statuses(&self) -> &[String] {
        &self.statuses
    }
}

/// What is wrong with a settings file's value, and where.
pub(crate) type Located = (Location, String);

/// The 1-based line and column of `at` (an unknown place is the file's start).
pub(crate) fn line_col(at: Location) -> (usize, usize) {
    ((at.line() as usize).max(1), (at.column() as usize).max(1))
}

/// The settings `text` (a desk or user file, named `file` in messages) holds: an empty file
/// holds the defaults. Unknown keys and values of the wrong type are located errors.
pub(crate) fn from_yaml<T: DeserializeOwned + Default>(
    text: &str,
    file: &str,
) -> Result<T, Located> {
    let raw: Option<T> = serde_saphyr::from_str(text).map_err(|e| {
        let at = e.location().unwrap_or(Location::UNKNOWN);
        let words = UserMessageFormatter.format_message(e.without_snippet());
        (at, format!("{words}; fix this in {file}"))
    })?;
    Ok(raw.unwrap_or_default())
}

/// The colour named `name`, or a located error listing the names.
pub(crate) fn check_colour(name: &Spanned<String>) -> Result<Colour, Located> {
    Colour::from_name(&name.value).ok_or_else(|| {
        (
            name.referenced,
            format!(
                "unknown colour `{}`: use one of {}",
                name.value,
                Colour::names()
            ),
        )
    })
}

// The shapes serde-saphyr fills in: strings stay strings, and carry their place, so that ids,
// labels and colours get located messages of our own.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDesk {
    #[serde(alias = "organization")]
    organisation: Option<String>,
    scale: Option<Spanned<RawScale>>,
    statuses: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    allow_self_approval: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    best: Option<Spanned<u8>>,
    worst: Option<Spanned<u8>>,
    ratings: Spanned<Vec<Spanned<RawRating>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRating {
    id: Spanned<String>,
    label: Option<Spanned<String>>,
    #[serde(alias = "color")]
    colour: Option<Spanned<String>>,
    description: Option<String>,
    value: Option<Spanned<u8>>,
}

impl RawScale {
    fn check(self) -> Result<RatingScale, Located> {
        let meter = self.meter()?;
        if self.ratings.value.is_empty() {
            return Err((
                self.ratings.referenced,
                "the scale has no ratings: list at least one under `ratings:`".to_string(),
            ));
        }
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut ratings = Vec::new();
        for rating in self.ratings.value {
            let rating = rating.value.check(meter)?;
            if let Some(first) = seen.get(&rating.id.value) {
                return Err((
                    rating.id.referenced,
                    format!(
                        "rating `{}` is already on the scale (line {}): give each rating an id \
                         of its own",
                        rating.id.value,
                        first.line()
                    ),
                ));
            }
            seen.insert(rating.id.value.clone(), rating.id.referenced);
            ratings.push(rating.rating);
        }
        Ok(RatingScale::new(ratings, meter))
    }

    /// The ends of the meter: both or neither.
    fn meter(&self) -> Result<Option<Meter>, Located> {
        match (&self.best, &self.worst) {
            (None, None) => Ok(None),
            (Some(best), Some(worst)) if best.value == worst.value => Err((
                worst.referenced,
                format!(
                    "`best` and `worst` are both {}: a meter needs two ends",
                    best.value
                ),
            )),
            (Some(best), Some(worst)) => Ok(Some(Meter {
                best: best.value,
                worst: worst.value,
            })),
            (Some(end), None) | (None, Some(end)) => Err((
                end.referenced,
                "the meter needs both ends: give the scale `best` and `worst`, or neither"
                    .to_string(),
            )),
        }
    }
}

/// A rating as checked, with its id's place for the duplicates check.
struct CheckedRating {
    id: Spanned<String>,
    rating: Rating,
}

impl RawRating {
    fn check(self, meter: Option<Meter>) -> Result<CheckedRating, Located> {
        let id = &self.id;
        if !is_valid_id(&id.value) || id.value == UNTAGGED {
            let why = if id.value == UNTAGGED {
                "names claims without a verdict"
            } else {
                "is not an id: use lowercase letters, digits, `.`, `_` and `-`"
            };
            return Err((
                id.referenced,
                format!("rating id `{}` {why}; choose another", id.value),
            ));
        }
        let label = match self.label {
            Some(label) => check_label(label)?,
            None => Rating::label_from_id(&id.value),
        };
        let colour = match self.colour {
            Some(name) => Some(check_colour(&name)?),
            None => None,
        };
        let value = match (self.value, meter) {
            (None, _) => None,
            (Some(value), None) => {
                return Err((
                    value.referenced,
                    "a value needs the meter's ends: give the scale `best` and `worst`".to_string(),
                ));
            }
            (Some(value), Some(Meter { best, worst })) => {
                if value.value < best.min(worst) || value.value > best.max(worst) {
                    return Err((
                        value.referenced,
                        format!(
                            "value {} is off the meter, which runs from {worst} (worst) to \
                             {best} (best)",
                            value.value
                        ),
                    ));
                }
                Some(value.value)
            }
        };
        let description = self
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty());
        Ok(CheckedRating {
            rating: Rating {
                id: id.value.clone(),
                label,
                colour,
                description,
                value,
            },
            id: self.id,
        })
    }
}

fn check_label(label: Spanned<String>) -> Result<String, Located> {
    let text = label.value.trim();
    let width = text.width();
    if text.is_empty() || width > MAX_LABEL_WIDTH || text.chars().any(char::is_control) {
        return Err((
            label.referenced,
            format!(
                "label `{text}` does not fit a badge: give it 1 to {MAX_LABEL_WIDTH} columns \
                 of text on one line"
            ),
        ));
    }
    Ok(text.to_string())
}

fn check_statuses(statuses: Spanned<Vec<Spanned<String>>>) -> Result<Vec<String>, Located> {
    if statuses.value.is_empty() {
        return Err((
            statuses.referenced,
            "no statuses: list at least one, the first for new claims".to_string(),
        ));
    }
    let mut checked: Vec<String> = Vec::new();
    for status in statuses.value {
        if !is_valid_id(&status.value) {
            return Err((
                status.referenced,
                format!(
                    "status `{}` is not an id: use lowercase letters, digits, `.`, `_` and `-`",
                    status.value
                ),
            ));
        }
        if checked.contains(&status.value) {
            return Err((
                status.referenced,
                format!("status `{}` is listed twice: keep one", status.value),
            ));
        }
        checked.push(status.value);
    }
    Ok(checked)
}

/// The desk file `claimdesk init` writes: the default desk, every key written out and
/// explained.
pub fn default_desk_file() -> String {
    let desk = Desk::default();
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let mut file = String::from(
        "# The desk's settings, shared through git by everyone who opens these claims:\n\
         # claimdesk reads the nearest .claimdesk.yaml at or above the claim files it opens.\n\
         # Every key is optional; one left out keeps its default.\n\
         \n\
         # The desk's name: the `author` of exported ClaimReview markup (`claimdesk export`).\n\
         organisation:\n\
         \n\
         # The rating scale, from one end to the other (the order the dashboard sorts by).\n\
         # Each rating: `id` (what verdicts write as `rating:`), `label` (its badge, at most\n",
    );
    file.push_str(&format!(
        "# {MAX_LABEL_WIDTH} columns), `colour` (its badge's: {}),\n",
        Colour::names()
    ));
    file.push_str(
        "# `description` (one line, for the picker) and `value` (its place on the meter from\n\
         # `worst` to `best`, for ClaimReview's reviewRating; left out for a rating that judges\n\
         # something other than how true a claim is).\n\
         scale:\n",
    );
    let scale = &desk.scale;
    if let Some(Meter { best, worst }) = scale.meter() {
        file.push_str(&format!("  best: {best}\n  worst: {worst}\n"));
    }
    file.push_str("  ratings:\n");
    for rating in scale.ratings() {
        file.push_str(&format!("    - id: {}\n", quoted(&rating.id)));
        file.push_str(&format!("      label: {}\n", quoted(&rating.label)));
        if let Some(colour) = rating.colour {
            file.push_str(&format!("      colour: {}\n", colour.name()));
        }
        if let Some(description) = &rating.description {
            file.push_str(&format!("      description: {}\n", quoted(description)));
        }
        if let Some(value) = rating.value {
            file.push_str(&format!("      value: {value}\n"));
        }
    }
    file.push_str(&format!(
        "\n# Triage statuses a claim can have, the first for new claims.\n\
         statuses: [{}]\n\
         \n\
         # May an editor approve a verdict they tagged themselves?\n\
         allow_self_approval: {}\n",
        desk.statuses().join(", "),
        desk.allow_self_approval
    ));
    file
}

#[cfg(test)]
pub(crate) mod tests;
