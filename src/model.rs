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
    pub verdict: Option<Verdict>,
    /// Where the desk published its fact check of the claim: the `url` of its ClaimReview.
    /// A boxed `str`, 16 bytes: most claims of an archive never get one.
    pub review_url: Option<Box<str>>,
    /// Where the claim lives on disk, for the status bar and for writing verdicts back.
    pub origin: Origin,
    /// Set when a git merge left conflict markers in the claim's lines: the claim is then
    /// the `ours` version, and this says what the other side has.
    pub conflict: Option<Box<ClaimConflict>>,
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

/// The desk's rating scale. It is data, not code, so a desk can configure its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingScale {
    ratings: Vec<String>,
}

/// One rating of the default scale: its id, the short label its badge shows, what it means
/// (for the picker), and its place on PolitiFact's numeric meter, for ClaimReview markup.
struct DefaultRating {
    id: &'static str,
    label: &'static str,
    meaning: &'static str,
    /// From 6 (`true`) down to 1 (`pants-on-fire`); `None` for the ratings that judge
    /// something other than how true a claim is, and so have no place on the meter.
    meter: Option<u8>,
}

/// The default scale (PolitiFact's meter, plus the two ratings desks add most).
///
/// The labels are of a width and tell the ratings apart at a glance: `MOST TRUE` and
/// `MOST FALSE` differ in the word that matters, where `MOSTLY-T`/`MOSTLY-F` did not.
const DEFAULT_RATINGS: [DefaultRating; 8] = [
    DefaultRating {
        id: "true",
        label: "TRUE",
        meaning: "Accurate, and nothing significant is missing",
        meter: Some(6),
    },
    DefaultRating {
        id: "mostly-true",
        label: "MOST TRUE",
        meaning: "Accurate, but needs clarification or more context",
        meter: Some(5),
    },
    DefaultRating {
        id: "half-true",
        label: "HALF TRUE",
        meaning: "Partly accurate; leaves out important details",
        meter: Some(4),
    },
    DefaultRating {
        id: "mostly-false",
        label: "MOST FALSE",
        meaning: "Holds a grain of truth but ignores critical facts",
        meter: Some(3),
    },
    DefaultRating {
        id: "false",
        label: "FALSE",
        meaning: "Not accurate",
        meter: Some(2),
    },
    DefaultRating {
        id: "pants-on-fire",
        label: "PANTS FIRE",
        meaning: "Not accurate, and a ridiculous claim",
        meter: Some(1),
    },
    // Misleading facts can each be true, and unproven is no judgement of truth at all:
    // neither sits between two steps of the meter.
    DefaultRating {
        id: "misleading",
        label: "MISLEADING",
        meaning: "Accurate facts arranged to give a false impression",
        meter: None,
    },
    DefaultRating {
        id: "unproven",
        label: "UNPROVEN",
        meaning: "The evidence neither proves nor disproves it",
        meter: None,
    },
];

/// The ends of the default scale's numeric meter.
const METER_BEST: u8 = 6;
const METER_WORST: u8 = 1;

/// A rating as a number on a scale, as ClaimReview's `reviewRating` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingValue {
    pub value: u8,
    pub best: u8,
    pub worst: u8,
}

impl Default for RatingScale {
    fn default() -> Self {
        Self::new(DEFAULT_RATINGS.map(|r| r.id.to_string()).to_vec())
    }
}

impl RatingScale {
    pub fn new(ratings: Vec<String>) -> Self {
        Self { ratings }
    }

    pub fn ratings(&self) -> &[String] {
        &self.ratings
    }

    pub fn contains(&self, rating: &str) -> bool {
        self.ratings.iter().any(|r| r == rating)
    }

    /// Position on the scale, for sorting by rating.
    pub fn rank(&self, rating: &str) -> Option<usize> {
        self.ratings.iter().position(|r| r == rating)
    }

    pub fn describe(&self) -> String {
        self.ratings.join(", ")
    }

    /// The short upper-case label a badge shows: the default scale's own, or the rating's
    /// name in capitals.
    pub fn label(&self, rating: &str) -> String {
        match default_rating(rating) {
            Some(default) => default.label.to_string(),
            None => rating.replace('-', " ").to_uppercase(),
        }
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
    pub fn meaning(&self, rating: &str) -> Option<&'static str> {
        default_rating(rating).map(|default| default.meaning)
    }

    /// `rating` on the scale's numeric meter (PolitiFact's: `true` 6 down to `pants-on-fire`
    /// 1), for ClaimReview markup; `None` for a rating with no place on it (`misleading`,
    /// `unproven`, and any rating the default scale does not know).
    pub fn claim_review_value(&self, rating: &str) -> Option<RatingValue> {
        let value = default_rating(rating)?.meter?;
        Some(RatingValue {
            value,
            best: METER_BEST,
            worst: METER_WORST,
        })
    }
}

fn default_rating(rating: &str) -> Option<&'static DefaultRating> {
    DEFAULT_RATINGS.iter().find(|default| default.id == rating)
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
            .ratings()
            .iter()
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
        let names: Vec<_> = scale.ratings().iter().map(|r| scale.name(r)).collect();
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
