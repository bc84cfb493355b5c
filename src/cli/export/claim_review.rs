//! Verdicts as schema.org ClaimReview markup (JSON-LD), the form search engines read, checked
//! against the properties Google requires of it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::model::{Claim, RatingScale, Verdict};
use crate::store::Problem;

/// One ClaimReview object, its properties in the order Google's documentation shows them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    claim_reviewed: &'a str,
    item_reviewed: ReviewedClaim<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent<'a>>,
    review_rating: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<DateTime<Utc>>,
}

/// The claim reviewed: who said it, when, and where it appeared.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewedClaim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Agent<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<CreativeWork<'a>>,
}

#[derive(Debug, Serialize)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: AgentKind,
    name: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
enum AgentKind {
    Person,
    Organization,
}

#[derive(Debug, Serialize)]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

/// The verdict: its place on the scale's numeric meter when it has one, and always its name,
/// which is what search results show.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating_value: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    best_rating: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worst_rating: Option<u8>,
    alternate_name: String,
}

/// The markup of the tagged claims among `claims`, and a problem at each claim whose markup
/// lacks a property Google requires (an error with `strict`, else a warning). A claim in a
/// merge conflict is left out, and said so: its verdict is not settled.
pub fn claim_reviews<'a>(
    claims: &[&'a Claim],
    scale: &RatingScale,
    organisation: Option<&'a str>,
    strict: bool,
) -> serde_json::Result<(Vec<ClaimReview<'a>>, Vec<Problem>)> {
    let problem = |claim: &Claim, message: String| {
        let (path, line, col) = (&claim.origin.path, claim.origin.line, claim.origin.col);
        if strict {
            Problem::error(path, line, col, message)
        } else {
            Problem::warning(path, line, col, message)
        }
    };
    let mut reviews = Vec::new();
    let mut problems = Vec::new();
    for claim in claims {
        let Some(verdict) = &claim.verdict else {
            continue;
        };
        if claim.conflict.is_some() {
            let message = format!(
                "claim `{}` has a merge conflict: left out of the ClaimReview markup; resolve \
                 it first",
                claim.id
            );
            problems.push(problem(claim, message));
            continue;
        }
        let review = claim_review(claim, verdict, scale, organisation);
        // Checked on the JSON as it is written, so that what is checked is what is published.
        let lacks = lacking(&serde_json::to_value(&review)?);
        if !lacks.is_empty() {
            let message = format!("ClaimReview of `{}` lacks {}", claim.id, lacks.join(", "));
            problems.push(problem(claim, message));
        }
        reviews.push(review);
    }
    Ok((reviews, problems))
}

fn claim_review<'a>(
    claim: &'a Claim,
    verdict: &Verdict,
    scale: &RatingScale,
    organisation: Option<&'a str>,
) -> ClaimReview<'a> {
    let value = scale.claim_review_value(&verdict.rating);
    let source = claim.source.as_deref();
    let appearance = source
        .filter(|source| source.url.is_some() || source.name.is_some())
        .map(|source| CreativeWork {
            kind: "CreativeWork",
            url: source.url.as_deref(),
            name: source.name.as_deref(),
        });
    ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        url: claim.review_url.as_deref(),
        claim_reviewed: claim.assertion.trim(),
        item_reviewed: ReviewedClaim {
            kind: "Claim",
            author: Agent {
                kind: claimant_kind(&claim.claimant),
                name: &claim.claimant,
            },
            date_published: claim.date,
            appearance,
        },
        author: organisation.map(|name| Agent {
            kind: AgentKind::Organization,
            name,
        }),
        review_rating: Rating {
            kind: "Rating",
            rating_value: value.map(|v| v.value),
            best_rating: value.map(|v| v.best),
            worst_rating: value.map(|v| v.worst),
            alternate_name: scale.name(&verdict.rating),
        },
        date_published: verdict.at,
    }
}

/// Google's required properties of a ClaimReview (with the desk's organisation as `author`,
/// which Google recommends), as JSON pointers, each with what to do when it is missing.
const REQUIRED: [(&str, &str); 4] = [
    (
        "/claimReviewed",
        "`claimReviewed` (the claim's assertion is empty)",
    ),
    (
        "/reviewRating/alternateName",
        "`reviewRating.alternateName` (the rating has no name)",
    ),
    (
        "/url",
        "`url` (add `review_url:` to the claim: the address of the published fact check)",
    ),
    (
        "/author/name",
        "`author` (set `organisation:` in the desk file, or pass --organisation NAME)",
    ),
];

/// What `review` lacks of the [`REQUIRED`] properties, in words; a `url` must also be a web
/// address, for Google to take it.
fn lacking(review: &Value) -> Vec<String> {
    let present = |pointer| {
        review
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|text| !text.trim().is_empty())
    };
    let mut lacks: Vec<String> = REQUIRED
        .iter()
        .filter(|(pointer, _)| !present(pointer))
        .map(|(_, what)| what.to_string())
        .collect();
    if let Some(url) = review.pointer("/url").and_then(Value::as_str)
        && !is_web_address(url)
    {
        lacks.push(format!("a web address as `url` (`{url}` is none)"));
    }
    lacks
}

fn is_web_address(url: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    })
}

/// Words that make a claimant an organisation rather than a person.
const ORGANISATION_WORDS: &[&str] = &[
    "agency",
    "army",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "channel",
    "commission",
    "committee",
    "company",
    "congress",
    "corporation",
    "council",
    "court",
    "department",
    "foundation",
    "government",
    "inc",
    "institute",
    "ltd",
    "ministry",
    "news",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "times",
    "university",
];

/// Whether a claimant is a person or an organisation, which the claim file does not say: an
/// organisation when its name (before any comma or bracket, so that "Derek O'Brien,
/// Trinamool Congress MP" is a person) holds one of the [`ORGANISATION_WORDS`].
fn claimant_kind(claimant: &str) -> AgentKind {
    let name = claimant
        .split([',', '(', '[', ';'])
        .next()
        .unwrap_or(claimant)
        .to_lowercase();
    let is_organisation = name
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| ORGANISATION_WORDS.contains(&word));
    if is_organisation {
        AgentKind::Organization
    } else {
        AgentKind::Person
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::store::load_text;

    const ONE_OF_EACH: &str = "claims:
  - id: full
    assertion: >-
      The bot returns vaccination records
      for any phone number.
    claimant: Union Health Ministry
    date: 2023-06-12
    source: {name: India Today, url: https://example.org/story}
    review_url: https://desk.example/checks/full
    verdict: {rating: mostly-true, by: asha, at: 2026-11-27T09:00:00Z}
  - id: misleading-one
    assertion: x
    claimant: Derek O’Brien, Trinamool Congress MP
    verdict: {rating: misleading}
  - id: untagged
    assertion: y
    claimant: z
";

    /// The markup of the claims of `text` and the problems found making it.
    fn reviews(text: &str, organisation: Option<&str>, strict: bool) -> (Vec<Value>, Vec<Problem>) {
        let file = load_text(
            Path::new("c.yaml"),
            text.as_bytes(),
            &RatingScale::default(),
        );
        let claims: Vec<&Claim> = file.claims.iter().collect();
        let scale = RatingScale::default();
        let (reviews, problems) = claim_reviews(&claims, &scale, organisation, strict).unwrap();
        let json = reviews.iter().map(|r| serde_json::to_value(r).unwrap());
        (json.collect(), problems)
    }

    #[test]
    fn a_complete_claim_maps_to_every_property() {
        let (reviews, problems) = reviews(ONE_OF_EACH, Some("Sample Desk"), false);
        let expected = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://desk.example/checks/full",
            "claimReviewed": "The bot returns vaccination records for any phone number.",
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": "Union Health Ministry"},
                "datePublished": "2023-06-12",
                "appearance": {
                    "@type": "CreativeWork",
                    "url": "https://example.org/story",
                    "name": "India Today"
                }
            },
            "author": {"@type": "Organization", "name": "Sample Desk"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 5,
                "bestRating": 6,
                "worstRating": 1,
                "alternateName": "Mostly true"
            },
            "datePublished": "2026-11-27T09:00:00Z"
        });
        assert_eq!(reviews[0], expected);
        // Only the second claim lacks anything; the untagged one has no markup.
        assert_eq!(reviews.len(), 2);
        let [problem] = &problems[..] else {
            panic!("{problems:#?}")
        };
        assert_eq!(problem.line, 11, "{problem}");
    }

    #[test]
    fn a_rating_off_the_meter_keeps_its_name_and_drops_the_numbers() {
        let (reviews, _) = reviews(ONE_OF_EACH, Some("Sample Desk"), false);
        let rating = &reviews[1]["reviewRating"];
        assert_eq!(
            *rating,
            serde_json::json!({"@type": "Rating", "alternateName": "Misleading"})
        );
        assert_eq!(reviews[1]["itemReviewed"]["author"]["@type"], "Person");
        assert!(reviews[1]["itemReviewed"].get("appearance").is_none());
        assert!(reviews[1].get("datePublished").is_none());
    }

    #[test]
    fn each_claim_is_told_what_its_markup_lacks() {
        let (_, problems) = reviews(ONE_OF_EACH, None, false);
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "ClaimReview of `full` lacks `author` (set `organisation:` in the desk file, \
                 or pass --organisation NAME)",
                "ClaimReview of `misleading-one` lacks `url` (add `review_url:` to the claim: \
                 the address of the published fact check), `author` (set `organisation:` in \
                 the desk file, or pass --organisation NAME)",
            ]
        );
        assert!(problems.iter().all(|p| !p.is_error()));
    }

    #[test]
    fn strict_makes_what_is_lacking_an_error() {
        let (_, problems) = reviews(ONE_OF_EACH, None, true);
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(Problem::is_error));
    }

    #[test]
    fn an_empty_assertion_or_a_url_that_is_no_web_address_is_named() {
        let text = "claims:\n  - id: a\n    assertion: \" \"\n    claimant: c\n    \
                    review_url: desk.example/a\n    verdict: {rating: \"false\"}\n";
        let (_, problems) = reviews(text, Some("D"), false);
        assert_eq!(
            problems[0].message,
            "ClaimReview of `a` lacks `claimReviewed` (the claim's assertion is empty), a web \
             address as `url` (`desk.example/a` is none)"
        );
    }

    #[test]
    fn a_conflicted_verdict_is_left_out_and_said_so() {
        let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n<<<<<<< HEAD\n    \
                    verdict: {rating: \"false\"}\n=======\n    verdict: {rating: \"true\"}\n\
                    >>>>>>> theirs\n";
        let (reviews, problems) = reviews(text, Some("D"), false);
        assert!(reviews.is_empty());
        assert_eq!(
            problems[0].message,
            "claim `a` has a merge conflict: left out of the ClaimReview markup; resolve it first"
        );
    }

    #[test]
    fn claimants_are_people_unless_their_name_says_organisation() {
        let kinds = [
            ("Derek O’Brien, Trinamool Congress MP", AgentKind::Person),
            ("Union Health Ministry", AgentKind::Organization),
            (
                "Union Health Ministry, citing CERT-In",
                AgentKind::Organization,
            ),
            (
                "Certain Twitter users (unnamed; as described by the Union Health Ministry)",
                AgentKind::Person,
            ),
            ("Indian National Congress", AgentKind::Organization),
            ("Some people (unnamed in the report)", AgentKind::Person),
        ];
        for (claimant, kind) in kinds {
            assert_eq!(claimant_kind(claimant), kind, "{claimant}");
        }
    }
}
