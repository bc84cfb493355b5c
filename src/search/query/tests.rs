use std::path::Path;
use std::sync::Arc;

use chrono::TimeZone;

use super::*;
use crate::model::{ClaimConflict, Verdict};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

fn parse(text: &str) -> Result<Query, QueryError> {
    Query::parse(text, &RatingScale::default(), now())
}

fn error(text: &str) -> QueryError {
    parse(text).expect_err(text)
}

fn claim(id: &str, claimant: &str, path: &str) -> Claim {
    let mut claim = crate::search::tests::claim(id, 1, "an assertion");
    claim.claimant = claimant.into();
    claim.origin.path = Arc::from(Path::new(path));
    claim
}

fn verdict(rating: &str, by: &str, days_ago: i64) -> Option<Box<Verdict>> {
    Some(Box::new(Verdict {
        rating: rating.into(),
        note: None,
        by: Some(by.into()),
        at: Some(now() - TimeDelta::days(days_ago)),
        review: None,
    }))
}

/// Four claims that differ in every field.
fn claims() -> Vec<Claim> {
    let mut derek = claim(
        "derek",
        "Derek O’Brien, Trinamool Congress MP",
        "claims/health/cowin.yaml",
    );
    derek.date = NaiveDate::from_ymd_opt(2023, 6, 15);
    derek.tags = vec!["cowin".into(), "data-breach".into()];
    derek.verdict = verdict("false", "Priya Sharma", 2);

    let ministry = claim("ministry", "Union Health Ministry", "claims/elections.yaml");
    let mut ministry = Claim {
        date: NaiveDate::from_ymd_opt(2023, 6, 12),
        tags: vec!["aadhaar".into()],
        verdict: verdict("misleading", "Asha", 30),
        ..ministry
    };
    ministry.verdict.as_mut().unwrap().at =
        Some(Utc.with_ymd_and_hms(2026, 10, 29, 23, 0, 0).unwrap());

    let mut conflicted = claim("conflicted", "Some O'Brien", "claims/elections.yaml");
    conflicted.conflict = Some(Box::new(ClaimConflict {
        hunks: Vec::new(),
        ours: None,
        theirs: None,
        base: None,
    }));

    let mut old = claim("old", "Ångström", "archive/2022.yaml");
    old.date = NaiveDate::from_ymd_opt(2022, 12, 31);
    old.verdict = verdict("true", "priyanka", 400);
    vec![derek, ministry, conflicted, old]
}

/// The claims the field terms of `text` let through.
fn passing(text: &str) -> Vec<String> {
    let query = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    claims()
        .into_iter()
        .filter(|claim| query.matches(claim))
        .map(|claim| claim.id.to_string())
        .collect()
}

#[test]
fn by_matches_names_from_the_start_of_a_word_ignoring_case_and_accents() {
    assert_eq!(passing("by:priya"), ["derek", "old"]);
    assert_eq!(passing("by:sharma"), ["derek"]);
    assert_eq!(passing("by:\"priya sh\""), ["derek"]);
    assert_eq!(passing("by:PRÍYA"), ["derek", "old"]);
    assert!(passing("by:iya").is_empty());
    assert!(passing("by:\"sharma priya\"").is_empty(), "words in order");
}

#[test]
fn rating_is_one_of_the_scale_or_untagged() {
    assert_eq!(passing("rating:false"), ["derek"]);
    assert_eq!(passing("rating:FALSE"), ["derek"]);
    assert_eq!(passing("rating:untagged"), ["conflicted"]);
    assert_eq!(passing("rating:mostly-true"), Vec::<String>::new());
}

#[test]
fn is_takes_tagged_untagged_and_conflicted() {
    assert_eq!(passing("is:tagged"), ["derek", "ministry", "old"]);
    assert_eq!(passing("is:untagged"), ["conflicted"]);
    assert_eq!(passing("is:Conflicted"), ["conflicted"]);
}

#[test]
fn tag_claimant_and_file_match_words_of_the_field() {
    assert_eq!(passing("tag:aadhaar"), ["ministry"]);
    assert_eq!(passing("tag:breach"), ["derek"], "a word inside a tag");
    assert!(passing("tag:reach").is_empty());
    assert_eq!(passing("claimant:\"Derek O’Brien\""), ["derek"]);
    assert_eq!(passing("claimant:“o’brien”"), ["derek", "conflicted"]);
    assert_eq!(passing("claimant:O'Brien"), ["derek", "conflicted"]);
    assert_eq!(passing("claimant:angstrom"), ["old"]);
    assert_eq!(passing("file:health"), ["derek"]);
    assert_eq!(passing("file:claims/health"), ["derek"]);
    assert_eq!(passing("file:elections.yaml"), ["ministry", "conflicted"]);
    assert_eq!(passing("file:2022"), ["old"]);
}

#[test]
fn date_takes_a_year_a_month_or_a_day_and_compares() {
    assert_eq!(passing("date:2023"), ["derek", "ministry"]);
    assert_eq!(passing("date:2023-06"), ["derek", "ministry"]);
    assert_eq!(passing("date:2023-06-15"), ["derek"]);
    assert_eq!(passing("date:>2023-06-12"), ["derek"]);
    assert_eq!(passing("date:>=2023-06-12"), ["derek", "ministry"]);
    assert_eq!(passing("date:<2023"), ["old"]);
    assert_eq!(passing("date:<=2023-06-12"), ["ministry", "old"]);
    // A month as a bound is all of it: after June is from July on.
    assert!(passing("date:>2023-06").is_empty());
    assert_eq!(passing("date:<=2023-06"), ["derek", "ministry", "old"]);
}

#[test]
fn at_takes_dates_in_utc_and_ages_from_now() {
    assert_eq!(passing("at:<7d"), ["derek"]);
    assert_eq!(passing("at:<=2d"), ["derek"]);
    assert_eq!(
        passing("at:<48h"),
        Vec::<String>::new(),
        "exactly 48 hours ago"
    );
    assert_eq!(passing("at:>2w"), ["ministry", "old"]);
    assert_eq!(passing("at:>=60w"), Vec::<String>::new());
    assert_eq!(passing("at:>=50w"), ["old"]);
    assert_eq!(
        passing("at:2026-10-29"),
        ["ministry"],
        "23:00 UTC is that day"
    );
    assert_eq!(passing("at:>=2026-11"), ["derek"]);
    assert_eq!(passing("at:2025"), ["old"]);
}

#[test]
fn relative_times_count_from_the_time_set_last() {
    let mut query = parse("at:<7d").unwrap();
    let derek = &claims()[0];
    assert!(query.matches(derek));
    query.set_now(now() + TimeDelta::days(10));
    assert!(!query.matches(derek));
}

#[test]
fn a_minus_leaves_out_what_the_term_matches() {
    assert_eq!(passing("-rating:true"), ["derek", "ministry", "conflicted"]);
    assert_eq!(passing("-by:priya"), ["ministry", "conflicted"]);
    assert_eq!(passing("-is:tagged"), ["conflicted"]);
    assert_eq!(passing("-date:2023"), ["conflicted", "old"], "undated too");
    assert_eq!(
        passing("-rating:false -rating:misleading"),
        ["conflicted", "old"]
    );
}

#[test]
fn a_field_twice_is_either_and_different_fields_are_all() {
    assert_eq!(
        passing("rating:false rating:misleading"),
        ["derek", "ministry"]
    );
    assert_eq!(
        passing("rating:false rating:untagged"),
        ["derek", "conflicted"]
    );
    assert_eq!(passing("rating:false by:asha"), Vec::<String>::new());
    assert_eq!(passing("file:elections is:tagged"), ["ministry"]);
    assert_eq!(passing("date:2023-06-15 date:2022"), ["derek", "old"]);
}

#[test]
fn comparisons_always_hold_so_two_make_a_range() {
    assert_eq!(passing("date:>=2023-06-01 date:<2023-06-13"), ["ministry"]);
    assert_eq!(passing("date:2023 date:<2023-06-13"), ["ministry"]);
    assert_eq!(passing("at:<60d at:>7d"), ["ministry"]);
}

#[test]
fn free_text_and_field_terms_are_told_apart() {
    let query = parse("leak by:priya \"data bot\" -telegram -\"tip off\" 10:30 :x").unwrap();
    assert_eq!(query.words(), "leak data bot 10:30 :x");
    assert_eq!(query.excluded_words(), ["telegram", "tip off"]);
    assert_eq!(query.clauses.len(), 1);
    assert!(query.searches_words());
    assert_eq!(
        query.text(),
        "leak by:priya \"data bot\" -telegram -\"tip off\" 10:30 :x"
    );
}

#[test]
fn quotes_keep_spaces_and_make_a_value_of_a_field_like_word() {
    let query = parse("claimant:\"Derek O’Brien\" \"by:priya\"").unwrap();
    assert_eq!(query.words(), "by:priya");
    let Clause::AnyOf(tests) = &query.clauses[0] else {
        panic!("{:?}", query.clauses);
    };
    let expected = Phrase(vec!["derek".into(), "o".into(), "brien".into()]);
    assert_eq!(tests, &[Test::Claimant(expected)]);
    // Typographic quotes, as a phone or a word processor types them.
    assert_eq!(
        parse("claimant:“Derek O’Brien”").unwrap().clauses,
        query.clauses
    );
}

#[test]
fn field_names_ignore_case_and_a_lone_minus_is_nothing() {
    assert_eq!(passing("BY:priya IS:tagged"), ["derek", "old"]);
    let query = parse("- leak -").unwrap();
    assert_eq!(query.words(), "- leak -");
    assert!(query.excluded_words().is_empty());
}

#[test]
fn fields_alone_search_no_words() {
    let query = parse("rating:false is:tagged").unwrap();
    assert!(!query.searches_words());
    assert!(!query.is_empty());
    assert!(parse("  ").unwrap().is_empty());
}

#[test]
fn an_unknown_field_is_named_with_its_place_and_the_fields() {
    assert_eq!(
        error("bye:priya").to_string(),
        "unknown field `bye:` at 1; fields: by: rating: is: tag: assignee: status: claimant: file: date: at:"
    );
    let negated = error("leak -rated:false");
    assert_eq!(negated.problem, Problem::UnknownField("rated".into()));
    assert_eq!(negated.at, 7, "the name, after the minus");
}

#[test]
fn positions_count_characters_not_bytes() {
    assert_eq!(error("मंत्री bye:x").at, 8);
    assert_eq!(error("“ó” is:x").at, 8);
}

#[test]
fn a_field_without_a_value_says_how_one_looks() {
    let missing = error("leak by:");
    assert_eq!(missing.at, 9);
    assert!(
        missing.to_string().starts_with(
            "`by:` needs a value with letters or digits, as in by:priya at 9; fields: by:"
        ),
        "{missing}"
    );
    assert_eq!(error("by:\"\"").problem, missing.problem);
    assert_eq!(error("by:---").problem, missing.problem);
    assert!(matches!(
        error("rating:").problem,
        Problem::MissingValue {
            field: "rating",
            ..
        }
    ));
    assert!(matches!(
        error("date:").problem,
        Problem::MissingValue { field: "date", .. }
    ));
}

#[test]
fn an_unknown_rating_lists_the_scale() {
    let wrong = error("rating:fals");
    assert_eq!(wrong.at, 8);
    assert_eq!(
        wrong.to_string(),
        "unknown rating `fals` at 8; ratings: true mostly-true half-true mostly-false false \
         pants-on-fire misleading unproven untagged; fields: by: rating: is: tag: assignee: status: claimant: file: \
         date: at:"
    );
}

#[test]
fn an_unknown_state_lists_the_states() {
    let wrong = error("is:done");
    assert_eq!(wrong.problem, Problem::UnknownState("done".into()));
    assert!(
        wrong.to_string().contains(
            "is: takes tagged, untagged, conflicted, pending, approved or changes-requested"
        ),
        "{wrong}"
    );
}

#[test]
fn a_bad_date_says_how_dates_are_written_and_lists_the_fields() {
    for bad in [
        "date:2023-13",
        "date:2023-02-30",
        "date:23",
        "date:2023-6",
        "date:<7d",
        "date:>=",
        "date:2023-06-15-1",
        "date:2023/06",
    ] {
        let wrong = error(bad);
        assert!(
            matches!(wrong.problem, Problem::BadDate(_)),
            "{bad}: {wrong}"
        );
        assert_eq!(wrong.at, 6, "{bad}");
        let message = wrong.to_string();
        assert!(
            message.contains("dates: 2023, 2023-06, 2023-06-15"),
            "{message}"
        );
        assert!(
            message.ends_with(
                "fields: by: rating: is: tag: assignee: status: claimant: file: date: at:"
            ),
            "{message}"
        );
    }
}

#[test]
fn a_bad_time_says_how_dates_and_ages_are_written() {
    for bad in [
        "at:yesterday",
        "at:<7m",
        "at:<d",
        "at:<-7d",
        "at:<99999999999999999999d",
        "at:<9223372036854775807w",
    ] {
        let wrong = error(bad);
        assert!(
            matches!(wrong.problem, Problem::BadTime(_)),
            "{bad}: {wrong}"
        );
        assert!(wrong.to_string().contains("ages: at:<7d"), "{wrong}");
    }
    let bare = error("at:7d");
    assert_eq!(bare.problem, Problem::AgeWithoutComparison("7d".into()));
    assert!(
        bare.to_string()
            .starts_with("the age `7d` needs < or > at 4; ages:"),
        "{bare}"
    );
}

#[test]
fn an_unclosed_quote_is_found_where_it_opens() {
    let open = error("leak claimant:\"Derek O’Brien");
    assert_eq!(open.problem, Problem::UnclosedQuote);
    assert_eq!(open.at, 15);
    assert_eq!(error("“leak").at, 1);
}

#[test]
fn odd_text_is_parsed_or_refused_never_a_panic() {
    for text in [
        "\"",
        "”",
        "“”",
        "-",
        "--",
        "-\"",
        "by:\"",
        ":",
        "a:",
        "-:",
        "by:-",
        "at:<",
        "at:>=",
        "is:",
        "\u{0}:x",
        "by:\u{1b}[2J",
        "ü:x",
        "date:-",
        "at:<7é",
        "at:<é",
    ] {
        if let Err(error) = parse(text) {
            let places = 1..=text.chars().count() + 1;
            assert!(places.contains(&error.at), "{text:?}: {error}");
        }
    }
}

#[test]
fn syntax_documents_every_field_and_every_example_parses() {
    for field in FIELDS {
        let term = format!("{}:", field.name());
        assert!(
            SYNTAX.iter().any(|(example, _)| example
                .split_whitespace()
                .any(|t| t.trim_start_matches('-').starts_with(&term))),
            "`{term}` is not in SYNTAX"
        );
        assert!(!field.example().is_empty());
    }
    for (example, _) in SYNTAX {
        assert!(parse(example).is_ok(), "{example}: {:?}", parse(example));
    }
}

#[test]
fn is_finds_the_review_state_of_verdicts() {
    use crate::model::{Review, ReviewState};
    let mut pending = claim("p", "x", "a.yaml");
    pending.verdict = verdict("false", "asha", 1);
    let mut approved = pending.clone();
    approved.verdict.as_mut().unwrap().review = Some(Box::new(Review {
        state: ReviewState::Approved,
        by: Some("ed".into()),
        at: None,
        comment: None,
    }));
    let untagged = claim("u", "x", "a.yaml");
    let holds = |query: &str, claim: &Claim| parse(query).unwrap().matches(claim);
    assert!(holds("is:pending", &pending) && !holds("is:pending", &approved));
    assert!(
        !holds("is:pending", &untagged),
        "an untagged claim awaits a verdict, not a review"
    );
    assert!(holds("is:approved", &approved) && !holds("is:changes-requested", &approved));
}
