use super::*;

fn claim(id: &str) -> NewClaim {
    NewClaim {
        id: id.to_string(),
        assertion: "The portal leaked: every record".to_string(),
        claimant: "Derek O’Brien".to_string(),
        date: NaiveDate::from_ymd_opt(2023, 6, 15),
        source: Some(Source {
            name: Some("News report".into()),
            url: Some("https://example.org/a?b=1#c".to_string()),
            quote: Some("line one\nline two".to_string()),
        }),
        tags: vec!["cowin".to_string(), "data-breach".to_string()],
        rebuttals: Vec::new(),
    }
}

fn rebuttal() -> Rebuttal {
    Rebuttal {
        by: "Union Health Ministry".into(),
        text: "It is clarified that all such reports are without any basis.".to_string(),
        date: NaiveDate::from_ymd_opt(2023, 6, 12),
        url: None,
    }
}

const BLOCK: &str = "# desk file\nclaims:\n  # first\n  - id: a\n    assertion: x\n    claimant: y\n    note_like: |\n      kept\n\n  - id: b\n    assertion: \"quoted\"\n    claimant: z\n    verdict:\n      rating: \"false\"\n# trailing comment\n";

#[test]
fn a_claim_is_added_at_the_end_of_a_block_list_in_its_layout() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: y\n";
    let edited = edit_add_claims(text, &[claim("new-one")]).unwrap();
    assert!(
        edited.starts_with(text),
        "nothing before changes:\n{edited}"
    );
    assert_eq!(
        &edited[text.len()..],
        "  - id: new-one\n    assertion: \"The portal leaked: every record\"\n    claimant: Derek O’Brien\n    date: 2023-06-15\n    source:\n      name: News report\n      url: https://example.org/a?b=1#c\n      quote: |-\n        line one\n        line two\n    tags: [cowin, data-breach]\n"
    );
}

#[test]
fn a_claim_follows_the_files_own_indentation() {
    let text = "claims:\n- id: a\n  assertion: x\n  claimant: y\n";
    let edited = edit_add_claims(text, &[claim("new")]).unwrap();
    assert!(
        edited[text.len()..].starts_with("- id: new\n  assertion:"),
        "{edited}"
    );
    let wide = "claims:\n    -   id: a\n        assertion: x\n        claimant: y\n";
    let edited = edit_add_claims(wide, &[claim("new")]).unwrap();
    assert!(
        edited[wide.len()..].starts_with("    -   id: new\n        assertion:"),
        "{edited}"
    );
}

#[test]
fn comments_blank_lines_and_crlf_bom_survive() {
    let edited = edit_add_claims(BLOCK, &[claim("c")]).unwrap();
    assert!(edited.starts_with(BLOCK.trim_end_matches("# trailing comment\n")));
    assert!(edited.ends_with("# trailing comment\n"), "{edited}");
    let crlf = format!("\u{feff}{}", BLOCK.replace('\n', "\r\n"));
    let edited = edit_add_claims(&crlf, &[claim("c")]).unwrap();
    assert!(edited.starts_with('\u{feff}'));
    assert!(
        !edited.replace("\r\n", "").contains('\n'),
        "CRLF only:\n{edited:?}"
    );
}

#[test]
fn a_file_without_a_final_line_break_keeps_it_that_way() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: y";
    let edited = edit_add_claims(text, &[claim("new")]).unwrap();
    assert!(edited.starts_with(text));
    assert!(!edited.ends_with('\n'), "{edited:?}");
}

#[test]
fn flow_lists_and_empty_lists_get_flow_items() {
    let text = "claims: [{id: a, assertion: x, claimant: y}]\n";
    let edited = edit_add_claims(text, &[claim("new")]).unwrap();
    assert!(edited.starts_with("claims: [{id: a, assertion: x, claimant: y}, {id: new, assertion: \"The portal leaked: every record\""), "{edited}");
    let lines = "claims: [\n  {id: a, assertion: x, claimant: y}\n]\n";
    let edited = edit_add_claims(lines, &[claim("new")]).unwrap();
    assert!(edited.contains("claimant: y},\n  {id: new,"), "{edited}");
    let empty = "claims: []\n";
    let edited = edit_add_claims(empty, &[claim("new")]).unwrap();
    assert!(
        edited.starts_with("claims:\n  - id: new\n    assertion:"),
        "{edited}"
    );
    let inside = "claims:\n  - {id: a, assertion: x, claimant: y, rebuttals: []}\n";
    let edited = edit_add_rebuttal(inside, "a", &rebuttal()).unwrap();
    assert!(
        edited.contains("rebuttals: [{by: Union Health Ministry,"),
        "{edited}"
    );
    let null = "claims:\n";
    let edited = edit_add_claims(null, &[claim("new")]).unwrap();
    assert!(
        edited.starts_with("claims:\n  - id: new\n    assertion:"),
        "{edited}"
    );
}

#[test]
fn a_file_that_does_not_parse_or_has_no_claims_list_is_left_alone() {
    assert!(matches!(
        edit_add_claims("claims: [\n", &[claim("new")]),
        Err(EditError::Unparseable { .. })
    ));
    assert!(matches!(
        edit_add_claims("other: 1\n", &[claim("new")]),
        Err(EditError::Unparseable { line: 1, .. })
    ));
}

#[test]
fn a_rebuttal_is_added_to_the_claims_list_or_makes_one_before_the_verdict() {
    let edited = edit_add_rebuttal(BLOCK, "b", &rebuttal()).unwrap();
    assert!(
        edited.contains("    claimant: z\n    rebuttals:\n      - by: Union Health Ministry\n        text: It is clarified that all such reports are without any basis.\n        date: 2023-06-12\n    verdict:\n"),
        "{edited}"
    );
    let again = edit_add_rebuttal(&edited, "b", &rebuttal()).unwrap();
    assert_eq!(
        again.matches("- by: Union Health Ministry").count(),
        2,
        "{again}"
    );
    let edited = edit_add_rebuttal(BLOCK, "a", &rebuttal()).unwrap();
    assert!(
        edited.contains("      kept\n    rebuttals:\n      - by:"),
        "{edited}"
    );
    assert!(
        edited.contains("\n\n  - id: b"),
        "the blank line stays between claims"
    );
}

#[test]
fn a_rebuttal_in_a_flow_claim_stays_flow() {
    let text = "claims:\n  - {id: a, assertion: x, claimant: y}\n";
    let edited = edit_add_rebuttal(text, "a", &rebuttal()).unwrap();
    assert_eq!(
        edited,
        "claims:\n  - {id: a, assertion: x, claimant: y, rebuttals: [{by: Union Health Ministry, text: It is clarified that all such reports are without any basis., date: 2023-06-12}]}\n"
    );
    let unknown = edit_add_rebuttal(text, "zz", &rebuttal());
    assert!(matches!(unknown, Err(EditError::NotFound { .. })));
}

#[test]
fn a_new_file_holds_the_claims() {
    let text = new_file(&[claim("new")]);
    let loaded = load_text(
        Path::new("new.yaml"),
        text.as_bytes(),
        &RatingScale::default(),
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.claims.len(), 1);
    assert_eq!(
        loaded.claims[0].source.as_ref().unwrap().quote.as_deref(),
        Some("line one\nline two")
    );
}
