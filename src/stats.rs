//! Counts over a set of claims, for `claimdesk stats` and the dashboard's stats panel: by
//! rating, review state, triage status, assignee and tag, and verdicts per day. Plain data:
//! it knows neither the terminal nor the screen.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::{Claim, RatingScale, ReviewState, UNTAGGED};

/// How many weeks back verdicts per day are counted, today included.
pub const WEEKS: usize = 4;

/// The days verdicts are counted on.
const DAYS: usize = WEEKS * 7;

/// The counts over a set of claims. Every list is in the order it is shown in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// How many claims were counted.
    pub claims: usize,
    /// Claims per rating: the scale's ratings in its order, then [`UNTAGGED`] for claims
    /// without a verdict, zeros included. (Loading drops ratings off the scale.)
    pub ratings: Vec<Count>,
    /// Verdicts per review state: pending (no review yet), approved, changes requested.
    pub reviews: Vec<Count>,
    /// Claims per triage status: the desk's statuses in its order (zeros included), then
    /// statuses off the desk's list by name, then claims without one (`name: null`).
    pub statuses: Vec<Count>,
    /// Claims per assignee, most first; claims without one last (`name: null`).
    pub assignees: Vec<Count>,
    /// Claims per tag, most first; claims without tags last (`name: null`).
    pub tags: Vec<Count>,
    /// Verdicts per UTC day of their `at`, for the [`WEEKS`] weeks ending today, oldest
    /// first; every day is listed.
    pub verdicts_per_day: Vec<DayCount>,
}

/// How many claims have one value (`None`: have none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: Option<String>,
    pub claims: usize,
}

/// How many verdicts were given on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub day: NaiveDate,
    pub verdicts: usize,
}

/// What [`Stats::reviews`] calls verdicts no editor has reviewed yet.
pub const PENDING: &str = "pending";

impl Stats {
    /// Counts `claims` against the desk's `scale` and `statuses`, with verdicts per day for
    /// the weeks that end on `today` (a UTC day).
    pub fn of<'a>(
        claims: impl IntoIterator<Item = &'a Claim>,
        scale: &RatingScale,
        statuses: &[String],
        today: NaiveDate,
    ) -> Self {
        let first_day = today - Days::new(DAYS as u64 - 1);
        let rating_ids = scale.ratings().iter().map(|r| r.id.as_str());
        let mut ratings = Tally::listing(rating_ids.chain([UNTAGGED]));
        let mut reviews = Tally::listing([
            PENDING,
            ReviewState::Approved.as_str(),
            ReviewState::ChangesRequested.as_str(),
        ]);
        let mut status_tally = Tally::listing(statuses.iter().map(String::as_str));
        let mut assignees = Tally::default();
        let mut tags = Tally::default();
        let mut per_day = [0; DAYS];
        let mut count = 0;
        for claim in claims {
            count += 1;
            match &claim.verdict {
                Some(verdict) => {
                    ratings.add(Some(&verdict.rating));
                    let review = verdict.review.as_ref().map(|r| r.state);
                    reviews.add(Some(review.map_or(PENDING, ReviewState::as_str)));
                    let day = verdict.at.map(|at| at.date_naive());
                    let index = day
                        .filter(|day| (first_day..=today).contains(day))
                        .and_then(|day| usize::try_from((day - first_day).num_days()).ok());
                    if let Some(slot) = index.and_then(|i| per_day.get_mut(i)) {
                        *slot += 1;
                    }
                }
                None => ratings.add(Some(UNTAGGED)),
            }
            status_tally.add(claim.status());
            assignees.add(claim.assignee());
            if claim.tags.is_empty() {
                tags.add(None);
            }
            for tag in &claim.tags {
                tags.add(Some(tag));
            }
        }
        let verdicts_per_day = first_day
            .iter_days()
            .zip(per_day)
            .map(|(day, verdicts)| DayCount { day, verdicts })
            .collect();
        Self {
            claims: count,
            ratings: ratings.in_listed_order(),
            reviews: reviews.in_listed_order(),
            statuses: status_tally.in_listed_order(),
            assignees: assignees.most_first(),
            tags: tags.most_first(),
            verdicts_per_day,
        }
    }

    /// Verdicts counted per day, in all.
    pub fn recent_verdicts(&self) -> usize {
        self.verdicts_per_day.iter().map(|d| d.verdicts).sum()
    }
}

/// Counts per name: names listed up front keep their place (and their zeros), the others
/// follow.
#[derive(Default)]
struct Tally {
    listed: Vec<(String, usize)>,
    others: BTreeMap<String, usize>,
    none: usize,
}

impl Tally {
    fn listing<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            listed: names
                .into_iter()
                .map(|name| (name.to_string(), 0))
                .collect(),
            ..Self::default()
        }
    }

    fn add(&mut self, name: Option<&str>) {
        let Some(name) = name else {
            self.none += 1;
            return;
        };
        match self.listed.iter_mut().find(|(listed, _)| listed == name) {
            Some((_, count)) => *count += 1,
            None => *self.others.entry(name.to_string()).or_default() += 1,
        }
    }

    /// The listed names in their order, then the others by name, then "none" if any.
    fn in_listed_order(self) -> Vec<Count> {
        let none = self.none_count();
        self.listed
            .into_iter()
            .chain(self.others)
            .map(|(name, claims)| Count {
                name: Some(name),
                claims,
            })
            .chain(none)
            .collect()
    }

    /// Every name, most claims first (ties by name), then "none" if any.
    fn most_first(self) -> Vec<Count> {
        let none = self.none_count();
        let mut named: Vec<(String, usize)> = self.listed.into_iter().chain(self.others).collect();
        named.sort_by(|(a, a_claims), (b, b_claims)| b_claims.cmp(a_claims).then(a.cmp(b)));
        named
            .into_iter()
            .map(|(name, claims)| Count {
                name: Some(name),
                claims,
            })
            .chain(none)
            .collect()
    }

    fn none_count(&self) -> Option<Count> {
        (self.none > 0).then_some(Count {
            name: None,
            claims: self.none,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::store::load_text;

    const CLAIMS: &str = "claims:
  - id: a
    assertion: x
    claimant: y
    tags: [cowin, leak]
    assignee: priya
    status: in-progress
    verdict:
      rating: 'false'
      at: 2026-11-27T23:59:59Z
      review: approved
  - id: b
    assertion: x
    claimant: y
    tags: [cowin]
    status: archived
    verdict:
      rating: misleading
      at: 2026-10-01T09:00:00Z
  - id: c
    assertion: x
    claimant: y
    assignee: priya
    verdict:
      rating: 'false'
      at: 2026-11-01T00:00:00Z
      review: changes-requested
  - id: d
    assertion: x
    claimant: y
";

    fn stats() -> Stats {
        let scale = RatingScale::default();
        let file = load_text(Path::new("t.yaml"), CLAIMS.as_bytes(), &scale);
        let statuses = ["new".to_string(), "in-progress".to_string()];
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
        Stats::of(&file.claims, &scale, &statuses, today)
    }

    fn counts(counts: &[Count]) -> Vec<(Option<&str>, usize)> {
        counts
            .iter()
            .map(|c| (c.name.as_deref(), c.claims))
            .collect()
    }

    #[test]
    fn ratings_follow_the_scale_then_untagged() {
        let stats = stats();
        assert_eq!(stats.claims, 4);
        let scale = RatingScale::default();
        let ids: Vec<&str> = scale.ratings().iter().map(|r| r.id.as_str()).collect();
        let ratings = counts(&stats.ratings);
        let named: Vec<&str> = ratings.iter().filter_map(|(name, _)| *name).collect();
        assert_eq!(named, [ids.as_slice(), &[UNTAGGED]].concat());
        assert_eq!(ratings[0], (Some("true"), 0));
        assert!(ratings.contains(&(Some("false"), 2)));
        assert!(ratings.contains(&(Some("misleading"), 1)));
        assert_eq!(ratings.last(), Some(&(Some(UNTAGGED), 1)));
    }

    #[test]
    fn reviews_count_verdicts_and_no_review_is_pending() {
        assert_eq!(
            counts(&stats().reviews),
            [
                (Some("pending"), 1),
                (Some("approved"), 1),
                (Some("changes-requested"), 1)
            ]
        );
    }

    #[test]
    fn statuses_keep_the_desks_order_and_assignees_and_tags_go_most_first() {
        let stats = stats();
        assert_eq!(
            counts(&stats.statuses),
            [
                (Some("new"), 0),
                (Some("in-progress"), 1),
                (Some("archived"), 1),
                (None, 2)
            ]
        );
        assert_eq!(counts(&stats.assignees), [(Some("priya"), 2), (None, 2)]);
        assert_eq!(
            counts(&stats.tags),
            [(Some("cowin"), 2), (Some("leak"), 1), (None, 2)]
        );
    }

    #[test]
    fn verdicts_per_day_cover_four_weeks_to_today_in_utc_days() {
        let stats = stats();
        let days = &stats.verdicts_per_day;
        assert_eq!(days.len(), 28);
        assert_eq!(
            days[0].day,
            NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date")
        );
        assert_eq!(days[0].verdicts, 1);
        assert_eq!(
            days[26].verdicts, 1,
            "the last second of the 27th is the 27th"
        );
        assert_eq!(
            days[27].day,
            NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date")
        );
        // October's verdict is older than four weeks.
        assert_eq!(stats.recent_verdicts(), 2);
    }
}
