//! The domain model: plain data, no YAML and no screen.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// One claim a fact-checker triages: an assertion, where it appeared, who answered it, and the
/// desk's verdict once somebody has tagged one.
///
/// Short fields (ids, names, tags, ratings) are [`CompactString`]s, stored inline up to 24
/// bytes: at 100,000 claims that saves about eight allocations a claim, a quarter of the
/// memory a loaded archive takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: CompactString,
    pub assertion: String,
    pub claimant: CompactString,
    #[serde(with = "when::date")]
    pub date: Option<NaiveDate>,
    /// Boxed: most claims of an archive have one, but a claim without one then costs 8
    /// bytes, not 72, and a loaded claim stays small.
    pub source: Option<Box<Source>>,
    pub rebuttals: Vec<Rebuttal>,
    pub tags: Vec<CompactString>,
    /// Boxed: a verdict is 96 bytes, and the claims of an archive still waiting for one then
    /// cost 8 (a million small claims had gone past their memory budget).
    pub verdict: Option<Box<Verdict>>,
    /// Where the desk published its fact check of the claim: the `url` of its ClaimReview.
    /// A boxed `str`, 16 bytes: most claims of an archive never get one.
    pub review_url: Option<Box<str>>,
    /// Who has the claim and where it stands in the desk's triage; boxed, as most claims of
    /// an archive have none.
    pub workflow: Option<Box<Workflow>>,
    /// Where the claim lives on disk, for the status bar and for writing verdicts back.
    pub origin: Origin,
    /// Set when a git merge left conflict markers in the claim's lines: the claim is then
    /// the `ours` version, and this says what the other side has.
    pub conflict: Option<Box<ClaimConflict>>,
}

/// A claim's place in the desk's loop: `assignee:` and `status:` (one of the desk's
/// statuses) in the claim file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    pub assignee: Option<CompactString>,
    pub status: Option<CompactString>,
}

impl Claim {
    pub fn assignee(&self) -> Option<&str> {
        self.workflow.as_ref()?.assignee.as_deref()
    }

    pub fn status(&self) -> Option<&str> {
        self.workflow.as_ref()?.status.as_deref()
    }
}

/// A git merge conflict in a claim's lines, as it was loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimConflict {
    pub hunks: Vec<ConflictHunk>,
    /// The claim's verdict in each version (`base` with diff3 only).
    pub ours: Option<Verdict>,
    pub theirs: Option<Verdict>,
    pub base: Option<Option<Verdict>>,
}

/// One `<<<<<<<` ... `>>>>>>>` block of a merge conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictHunk {
    /// 1-based line of the `<<<<<<<` marker.
    pub line: usize,
    /// 1-based line of the `>>>>>>>` marker.
    pub end_line: usize,
    pub ours: ConflictSide,
    /// The common ancestor's lines, in diff3-style conflicts.
    pub base: Option<ConflictSide>,
    pub theirs: ConflictSide,
    /// False when the hunk reaches outside this claim: only an editor can resolve it.
    pub within_claim: bool,
}

/// One version inside a conflict hunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictSide {
    /// What git wrote after the marker (`HEAD`, a branch name), possibly empty.
    pub label: String,
    /// The side's lines, raw, line breaks included.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    pub name: Option<CompactString>,
    pub url: Option<String>,
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rebuttal {
    pub by: CompactString,
    pub text: String,
    #[serde(with = "when::date")]
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
}

/// The desk's judgement of a claim. `rating` is an id from the [`RatingScale`]. A verdict is
/// a proposal until an editor reviews it: `review` is `None` while it is pending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "VerdictFields", into = "VerdictFields")]
pub struct Verdict {
    pub rating: CompactString,
    pub note: Option<String>,
    pub by: Option<CompactString>,
    pub at: Option<DateTime<Utc>>,
    pub review: Option<Box<Review>>,
}

/// An editor's review of a verdict: recorded in the verdict block, so it travels with the
/// file through git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub state: ReviewState,
    pub by: Option<CompactString>,
    pub at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    Approved,
    ChangesRequested,
}

impl ReviewState {
    /// As the file writes it: `approved`, `changes-requested`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Approved => "approved",
            ReviewState::ChangesRequested => "changes-requested",
        }
    }
}

/// A verdict block as the file holds it: the review's fields sit beside the verdict's own
/// (`review: approved`, `reviewed_by:`, `reviewed_at:`, `review_comment:`), so a review is a
/// few lines of `git diff` in the block it judges.
#[derive(Serialize, Deserialize)]
struct VerdictFields {
    rating: CompactString,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    by: Option<CompactString>,
    #[serde(default, with = "when::instant")]
    at: Option<DateTime<Utc>>,
    // Every field is always serialised: the warm-start cache's format has no field names.
    #[serde(default)]
    review: Option<ReviewState>,
    #[serde(default)]
    reviewed_by: Option<CompactString>,
    #[serde(default, with = "when::instant")]
    reviewed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    review_comment: Option<String>,
}

impl From<VerdictFields> for Verdict {
    fn from(fields: VerdictFields) -> Self {
        let review = fields.review.map(|state| {
            Box::new(Review {
                state,
                by: fields.reviewed_by,
                at: fields.reviewed_at,
                comment: fields.review_comment,
            })
        });
        Self {
            rating: fields.rating,
            note: fields.note,
            by: fields.by,
            at: fields.at,
            review,
        }
    }
}

impl From<Verdict> for VerdictFields {
    fn from(verdict: Verdict) -> Self {
        let review = verdict.review;
        Self {
            rating: verdict.rating,
            note: verdict.note,
            by: verdict.by,
            at: verdict.at,
            review: review.as_ref().map(|r| r.state),
            reviewed_by: review.as_ref().and_then(|r| r.by.clone()),
            reviewed_at: review.as_ref().and_then(|r| r.at),
            review_comment: review.and_then(|r| r.comment),
        }
    }
}

impl Claim {
    /// True when only the verdict or the position in the file differ: what a tag write (ours
    /// or a colleague's) changes. Of the verdict, search looks at the note only.
    pub fn same_but_verdict(&self, other: &Claim) -> bool {
        self.id == other.id
            && self.assertion == other.assertion
            && self.claimant == other.claimant
            && self.date == other.date
            && self.source == other.source
            && self.rebuttals == other.rebuttals
            && self.tags == other.tags
            && self.review_url == other.review_url
            && self.conflict == other.conflict
    }
}

/// What claims without a verdict are called, in messages and where a rating can be named
/// (`list --rating untagged`).
pub const UNTAGGED: &str = "untagged";

/// How messages name a verdict: `RATING by NAME`, `RATING` when nobody signed it, or
/// [`UNTAGGED`].
pub fn describe_verdict(verdict: Option<&Verdict>) -> String {
    match verdict {
        Some(Verdict {
            rating,
            by: Some(by),
            ..
        }) => format!("{rating} by {by}"),
        Some(verdict) => verdict.rating.to_string(),
        None => UNTAGGED.to_string(),
    }
}

/// Where a claim was read from: the position of its `id` value (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    #[serde(with = "shared_path")]
    pub path: Arc<Path>,
    pub line: usize,
    pub col: usize,
}

/// Paths as plain strings in JSON output and the load cache.
mod shared_path {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(path: &Arc<Path>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&path.to_string_lossy())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Path>, D::Error> {
        PathBuf::deserialize(d).map(Arc::from)
    }
}

/// Dates and times as text where people read them (JSON: `2023-06-15`, RFC 3339) and as
/// numbers in the load cache, where parsing them back from text took a tenth of a warm start.
mod when {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub mod date {
        use chrono::{Datelike, NaiveDate};

        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                date.serialize(s)
            } else {
                date.map(|d| d.num_days_from_ce()).serialize(s)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            if d.is_human_readable() {
                return Option::deserialize(d);
            }
            let days = Option::<i32>::deserialize(d)?;
            let date = |days| NaiveDate::from_num_days_from_ce_opt(days);
            days.map(|days| date(days).ok_or_else(|| D::Error::custom("a date out of range")))
                .transpose()
        }
    }

    pub mod instant {
        use chrono::{DateTime, Utc};

        use super::*;

        pub fn serialize<S: Serializer>(
            at: &Option<DateTime<Utc>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                at.serialize(s)
            } else {
                at.map(|at| (at.timestamp(), at.timestamp_subsec_nanos()))
                    .serialize(s)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            if d.is_human_readable() {
                return Option::deserialize(d);
            }
            let parts = Option::<(i64, u32)>::deserialize(d)?;
            parts
                .map(|(seconds, nanos)| {
                    DateTime::from_timestamp(seconds, nanos)
                        .ok_or_else(|| D::Error::custom("a time out of range"))
                })
                .transpose()
        }
    }
}

/// The desk's rating scale: the desk file's (`.claimdesk.yaml`, read by [`crate::desk`]), or
/// the default one. It is data, not code: nothing else names a rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingScale {
    ratings: Vec<Rating>,
    /// The ends of the scale's numeric meter, when any rating has a place on it.
    meter: Option<Meter>,
}

/// One rating of a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// What verdicts write as `rating:`.
    pub id: String,
    /// The short label its badge shows, at most [`MAX_LABEL_WIDTH`] columns.
    pub label: String,
    /// Its badge's background; `None` for bold text alone.
    pub colour: Option<Colour>,
    /// What it means, in one line, for the picker.
    pub description: Option<String>,
    /// Its place on the scale's numeric meter, for ClaimReview markup; `None` for a rating
    /// that judges something other than how true a claim is.
    pub value: Option<u8>,
}

/// The ends of a scale's numeric meter, as ClaimReview's `bestRating` and `worstRating`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meter {
    pub best: u8,
    pub worst: u8,
}

/// The widest label a badge shows whole, in columns (`MISLEADING`).
pub const MAX_LABEL_WIDTH: usize = 10;

/// A badge colour: one of the 16 ANSI colours, which light and dark terminals both show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

/// Each colour with the name the desk file gives it.
const COLOUR_NAMES: [(Colour, &str); 16] = [
    (Colour::Black, "black"),
    (Colour::Red, "red"),
    (Colour::Green, "green"),
    (Colour::Yellow, "yellow"),
    (Colour::Blue, "blue"),
    (Colour::Magenta, "magenta"),
    (Colour::Cyan, "cyan"),
    (Colour::Gray, "gray"),
    (Colour::DarkGray, "dark-gray"),
    (Colour::LightRed, "light-red"),
    (Colour::LightGreen, "light-green"),
    (Colour::LightYellow, "light-yellow"),
    (Colour::LightBlue, "light-blue"),
    (Colour::LightMagenta, "light-magenta"),
    (Colour::LightCyan, "light-cyan"),
    (Colour::White, "white"),
];

impl Colour {
    /// The colour a desk file names (`light-red`; `grey` for `gray` too).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.replace("grey", "gray");
        COLOUR_NAMES
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(colour, _)| *colour)
    }

    pub fn name(self) -> &'static str {
        COLOUR_NAMES
            .iter()
            .find(|(colour, _)| *colour == self)
            .map_or("", |(_, name)| name)
    }

    /// Every name, for messages: `black, red, ...`.
    pub fn names() -> String {
        COLOUR_NAMES.map(|(_, name)| name).join(", ")
    }
}

/// One rating of the default scale: its id, the short label its badge shows, its colour, what
/// it means (for the picker), and its place on PolitiFact's numeric meter, for ClaimReview
/// markup.
struct DefaultRating {
    id: &'static str,
    label: &'static str,
    colour: Colour,
    meaning: &'static str,
    /// From 6 (`true`) down to 1 (`pants-on-fire`); `None` for the ratings that judge
    /// something other than how true a claim is, and so have no place on the meter.
    meter: Option<u8>,
}

/// The default scale (PolitiFact's meter, plus the two ratings desks add most): green for
/// true through cyan, yellow and light red to red and magenta for the false end; blue for
/// misleading, grey for unproven.
///
/// The labels are of a width and tell the ratings apart at a glance: `MOST TRUE` and
/// `MOST FALSE` differ in the word that matters, where `MOSTLY-T`/`MOSTLY-F` did not.
const DEFAULT_RATINGS: [DefaultRating; 8] = [
    DefaultRating {
        id: "true",
        label: "TRUE",
        colour: Colour::Green,
        meaning: "Accurate, and nothing significant is missing",
        meter: Some(6),
    },
    DefaultRating {
        id: "mostly-true",
        label: "MOST TRUE",
        colour: Colour::Cyan,
        meaning: "Accurate, but needs clarification or more context",
        meter: Some(5),
    },
    DefaultRating {
        id: "half-true",
        label: "HALF TRUE",
        colour: Colour::Yellow,
        meaning: "Partly accurate; leaves out important details",
        meter: Some(4),
    },
    DefaultRating {
        id: "mostly-false",
        label: "MOST FALSE",
        colour: Colour::LightRed,
        meaning: "Holds a grain of truth but ignores critical facts",
        meter: Some(3),
    },
    DefaultRating {
        id: "false",
        label: "FALSE",
        colour: Colour::Red,
        meaning: "Not accurate",
        meter: Some(2),
    },
    DefaultRating {
        id: "pants-on-fire",
        label: "PANTS FIRE",
        colour: Colour::Magenta,
        meaning: "Not accurate, and a ridiculous claim",
        meter: Some(1),
    },
    // Misleading facts can each be true, and unproven is no judgement of truth at all:
    // neither sits between two steps of the meter.
    DefaultRating {
        id: "misleading",
        label: "MISLEADING",
        colour: Colour::Blue,
        meaning: "Accurate facts arranged to give a false impression",
        meter: None,
    },
    DefaultRating {
        id: "unproven",
        label: "UNPROVEN",
        colour: Colour::DarkGray,
        meaning: "The evidence neither proves nor disproves it",
        meter: None,
    },
];

/// The ends of the default scale's numeric meter.
const DEFAULT_METER: Meter = Meter { best: 6, worst: 1 };

/// A rating as a number on a scale, as ClaimReview's `reviewRating` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingValue {
    pub value: u8,
    pub best: u8,
    pub worst: u8,
}

impl Default for RatingScale {
    fn default() -> Self {
        let ratings = DEFAULT_RATINGS.map(|default| Rating {
            id: default.id.to_string(),
            label: default.label.to_string(),
            colour: Some(default.colour),
            description: Some(default.meaning.to_string()),
            value: default.meter,
        });
        Self::new(ratings.to_vec(), Some(DEFAULT_METER))
    }
}

impl Rating {
    /// The label a rating without one of its own shows: its id in capitals, `SATIRE`.
    pub fn label_from_id(id: &str) -> String {
        id.replace('-', " ").to_uppercase()
    }
}

impl RatingScale {
    /// A scale of `ratings`, in order from one end to the other; `meter` holds the ends of
    /// their values. The desk module checks a desk's scale before it makes one.
    pub fn new(ratings: Vec<Rating>, meter: Option<Meter>) -> Self {
        Self { ratings, meter }
    }

    pub fn ratings(&self) -> &[Rating] {
        &self.ratings
    }

    /// Shows `rating` in `colour` (a user's theme); a rating not on the scale is left be.
    pub fn recolour(&mut self, rating: &str, colour: Colour) {
        if let Some(rating) = self.ratings.iter_mut().find(|r| r.id == rating) {
            rating.colour = Some(colour);
        }
    }

    /// The ratings' ids, in scale order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ratings.iter().map(|r| r.id.as_str())
    }

    pub fn meter(&self) -> Option<Meter> {
        self.meter
    }

    pub fn get(&self, rating: &str) -> Option<&Rating> {
        self.ratings.iter().find(|r| r.id == rating)
    }

    pub fn contains(&self, rating: &str) -> bool {
        self.get(rating).is_some()
    }

    /// Position on the scale, for sorting by rating.
    pub fn rank(&self, rating: &str) -> Option<usize> {
        self.ratings.iter().position(|r| r.id == rating)
    }

    pub fn describe(&self) -> String {
        self.ids().collect::<Vec<_>>().join(", ")
    }

    /// The short upper-case label a badge shows: the scale's own, or, for a rating off the
    /// scale, its id in capitals.
    pub fn label(&self, rating: &str) -> String {
        match self.get(rating) {
            Some(known) => known.label.clone(),
            None => Rating::label_from_id(rating),
        }
    }

    /// The colour of `rating`'s badge, when the scale gives it one.
    pub fn colour(&self, rating: &str) -> Option<Colour> {
        self.get(rating)?.colour
    }

    /// The rating as readers read it in a published fact check: `mostly-true` is
    /// "Mostly true", `pants-on-fire` "Pants on fire".
    pub fn name(&self, rating: &str) -> String {
        let words = rating.replace('-', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// What `rating` means, in one line, when the scale says.
    pub fn meaning(&self, rating: &str) -> Option<&str> {
        self.get(rating)?.description.as_deref()
    }

    /// `rating` on the scale's numeric meter (the default scale's is PolitiFact's: `true` 6
    /// down to `pants-on-fire` 1), for ClaimReview markup; `None` for a rating with no place
    /// on it (`misleading`, `unproven`, and any rating off the scale).
    pub fn claim_review_value(&self, rating: &str) -> Option<RatingValue> {
        let value = self.get(rating)?.value?;
        let Meter { best, worst } = self.meter?;
        Some(RatingValue { value, best, worst })
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_text_in_json_and_numbers_in_the_cache() {
        let at = DateTime::parse_from_rfc3339("2026-11-27T10:30:00.25Z").unwrap();
        let verdict = Verdict {
            rating: "false".into(),
            note: None,
            by: None,
            at: Some(at.with_timezone(&Utc)),
            review: None,
        };
        let rebuttal = Rebuttal {
            by: "x".into(),
            text: "y".into(),
            date: NaiveDate::from_ymd_opt(2023, 6, 15),
            url: None,
        };
        let json = serde_json::to_string(&(&verdict, &rebuttal)).unwrap();
        assert!(json.contains("\"2026-11-27T10:30:00.250Z\""), "{json}");
        assert!(json.contains("\"2023-06-15\""), "{json}");
        let bytes = postcard::to_allocvec(&(&verdict, &rebuttal)).unwrap();
        assert!(bytes.len() < 34, "{bytes:?}");
        let back: (Verdict, Rebuttal) = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, (verdict, rebuttal));
    }

    use super::*;

    #[test]
    fn ids_are_lowercase_ascii_with_dots_dashes_underscores() {
        assert!(is_valid_id("cowin-data.on_telegram-2"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("CoWIN"));
        assert!(!is_valid_id("has space"));
        assert!(!is_valid_id("ümlaut"));
    }

    #[test]
    fn verdicts_are_described_with_who_tagged_them() {
        let mut verdict = Verdict {
            rating: "misleading".into(),
            note: Some("n".into()),
            by: Some("bob".into()),
            at: None,
            review: None,
        };
        assert_eq!(describe_verdict(Some(&verdict)), "misleading by bob");
        verdict.by = None;
        assert_eq!(describe_verdict(Some(&verdict)), "misleading");
        assert_eq!(describe_verdict(None), "untagged");
    }

    #[test]
    fn the_truth_meter_runs_from_true_6_to_pants_on_fire_1() {
        let scale = RatingScale::default();
        let values: Vec<_> = scale
            .ids()
            .map(|rating| scale.claim_review_value(rating).map(|v| v.value))
            .collect();
        let on_the_meter = [6, 5, 4, 3, 2, 1].map(Some);
        assert_eq!(values[..6], on_the_meter);
        // Judgements of something other than truth have no number; a desk's own rating
        // neither, until the desk gives it one.
        assert_eq!(values[6..], [None, None]);
        assert_eq!(scale.claim_review_value("satire"), None);
        let ends = scale
            .claim_review_value("half-true")
            .map(|v| (v.best, v.worst));
        assert_eq!(ends, Some((6, 1)));
    }

    #[test]
    fn ratings_have_names_for_readers() {
        let scale = RatingScale::default();
        let names: Vec<_> = scale.ids().map(|r| scale.name(r)).collect();
        assert_eq!(
            names,
            [
                "True",
                "Mostly true",
                "Half true",
                "Mostly false",
                "False",
                "Pants on fire",
                "Misleading",
                "Unproven"
            ]
        );
        assert_eq!(scale.name(""), "");
    }

    #[test]
    fn default_scale_ranks_in_order() {
        let scale = RatingScale::default();
        assert_eq!(scale.rank("true"), Some(0));
        assert_eq!(scale.rank("unproven"), Some(7));
        assert!(!scale.contains("fake"));
    }
}
