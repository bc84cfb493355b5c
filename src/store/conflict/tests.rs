use super::*;
use crate::model::Verdict;
use crate::store::{LoadedFile, VerdictChange, edit_verdict, load_text};

const PATH: &str = "desk/elections.yaml";

/// Both sides tagged `rally-voter-rolls` (lines 10-16); the claims around it are untouched.
const TAGGED_TWICE: &str = "\
# the desk's claims
claims:
  - id: turnout
    assertion: first
    claimant: c
  - id: rally-voter-rolls
    assertion: rolls
    claimant: c
    verdict:
<<<<<<< HEAD
      rating: mostly-false
      by: alice
=======
      rating: misleading
      by: bob
>>>>>>> fix-rolls
  - id: booths
    assertion: third
    claimant: c
";

/// The conflict line of [`TAGGED_TWICE`] for `rally-voter-rolls`, as `validate` prints it.
const ROLLS_PROBLEM: &str = "desk/elections.yaml:10:1: error: conflict in claim \
    `rally-voter-rolls`: ours mostly-false by alice, theirs misleading by bob; pick one with \
    `claimdesk resolve rally-voter-rolls --ours|--theirs` or in the dashboard";

fn load(text: &str) -> LoadedFile {
    load_text(Path::new(PATH), text.as_bytes(), &RatingScale::default())
}

fn ids(file: &LoadedFile) -> Vec<&str> {
    file.claims.iter().map(|c| c.id.as_str()).collect()
}

fn messages(file: &LoadedFile) -> Vec<String> {
    file.problems.iter().map(ToString::to_string).collect()
}

fn claim<'f>(file: &'f LoadedFile, id: &str) -> &'f Claim {
    claim_in(file, id).unwrap_or_else(|| panic!("no claim {id} in {:#?}", file.claims))
}

fn conflict<'f>(file: &'f LoadedFile, id: &str) -> &'f ClaimConflict {
    claim(file, id)
        .conflict
        .as_deref()
        .unwrap_or_else(|| panic!("{id} is not conflicted"))
}

fn rating(verdict: Option<&Verdict>) -> Option<&str> {
    verdict.map(|v| v.rating.as_str())
}

#[track_caller]
fn resolve(text: &str, id: &str, pick: Pick) -> (String, Resolved) {
    resolve_text(text, id, pick).unwrap_or_else(|e| panic!("not resolved: {e}"))
}

/// `text` with its lines `from..=to` (1-based) replaced by `lines`.
fn replace_lines(text: &str, from: usize, to: usize, lines: &str) -> String {
    let all: Vec<&str> = text.split_inclusive('\n').collect();
    [
        all[..from - 1].concat(),
        lines.to_string(),
        all[to..].concat(),
    ]
    .concat()
}

#[test]
fn merge_style_hunks_have_their_lines_labels_and_sides() {
    let hunks = hunks(TAGGED_TWICE).unwrap();
    let [hunk] = &hunks[..] else {
        panic!("{hunks:#?}")
    };
    assert_eq!((hunk.line, hunk.end_line), (10, 16));
    let model = hunk.model(TAGGED_TWICE, true);
    assert_eq!(model.ours.label, "HEAD");
    assert_eq!(
        model.ours.text,
        "      rating: mostly-false\n      by: alice\n"
    );
    assert_eq!(model.theirs.label, "fix-rolls");
    assert_eq!(
        model.theirs.text,
        "      rating: misleading\n      by: bob\n"
    );
    assert_eq!(model.base, None);
}

#[test]
fn diff3_hunks_have_the_base_between_ours_and_theirs() {
    let text = TAGGED_TWICE.replace(
        "=======\n",
        "||||||| merged common ancestors\n      rating: unproven\n=======\n",
    );
    let hunks = hunks(&text).unwrap();
    let model = hunks[0].model(&text, true);
    assert_eq!((hunks[0].line, hunks[0].end_line), (10, 18));
    assert_eq!(
        model.ours.text,
        "      rating: mostly-false\n      by: alice\n"
    );
    let base = model.base.unwrap();
    assert_eq!(base.label, "merged common ancestors");
    assert_eq!(base.text, "      rating: unproven\n");
    assert_eq!(
        model.theirs.text,
        "      rating: misleading\n      by: bob\n"
    );

    let file = load(&text);
    let conflict = conflict(&file, "rally-voter-rolls");
    assert_eq!(
        conflict.base.as_ref().map(|base| rating(base.as_ref())),
        Some(Some("unproven"))
    );
    // Without a verdict in the base, the base version is known to be untagged.
    let untagged_base = text.replace("      rating: unproven\n", "");
    let file = load(&untagged_base);
    assert_eq!(conflict_base(&file), Some(None));
}

fn conflict_base(file: &LoadedFile) -> Option<Option<Verdict>> {
    conflict(file, "rally-voter-rolls").base.clone()
}

#[test]
fn markers_are_exactly_seven_characters_at_the_start_of_a_line() {
    for not_a_marker in ["  <<<<<<< x", "<<<<<<<< x", "<<<<<<<x", "# <<<<<<< x"] {
        let text = format!("{not_a_marker}\n=======\n>>>>>>> y\n");
        assert_eq!(hunks(&text), Ok(Vec::new()), "{not_a_marker}");
    }
    let bare = hunks("<<<<<<<\na\n=======\n>>>>>>>").unwrap();
    assert_eq!(bare.len(), 1);
    assert_eq!((bare[0].ours.label, bare[0].theirs.label), ("", ""));
}

#[test]
fn markers_out_of_order_are_reported_and_nothing_is_guessed() {
    let unclosed = TAGGED_TWICE.replace(">>>>>>> fix-rolls\n", "");
    assert_eq!(
        hunks(&unclosed).unwrap_err(),
        Malformed {
            line: 10,
            what: "a `<<<<<<<` without its `>>>>>>>`"
        }
    );
    let early_end = TAGGED_TWICE.replace("=======\n", ">>>>>>> x\n");
    let file = load(&early_end);
    assert_eq!(file.claims, []);
    assert_eq!(
        messages(&file),
        [
            "desk/elections.yaml:13:1: error: merge conflict markers out of order (a `>>>>>>>` \
          before its `=======`); resolve it in your editor"
        ]
    );
}

#[test]
fn views_keep_every_line_number_and_line_break() {
    let crlf = TAGGED_TWICE.replace('\n', "\r\n");
    let hunks = hunks(&crlf).unwrap();
    for (version, kept) in [
        (Version::Ours, 11..13),
        (Version::Theirs, 14..16),
        // Merge-style hunks have no base: all their lines are blank in its view.
        (Version::Base, 0..0),
    ] {
        let view = view(&crlf, &hunks, version);
        let original: Vec<&str> = crlf.split_inclusive('\n').collect();
        let lines: Vec<&str> = view.split_inclusive('\n').collect();
        assert_eq!(lines.len(), original.len(), "{version:?}");
        for (number, (line, original)) in (1..).zip(lines.iter().zip(&original)) {
            let blanked = (10..=16).contains(&number) && !kept.contains(&number);
            let expected = if blanked { "\r\n" } else { original };
            assert_eq!(line, &expected, "{version:?}, line {number}");
        }
    }
    let file = load(&crlf);
    let conflict = conflict(&file, "rally-voter-rolls");
    assert_eq!(
        conflict.hunks[0].theirs.text,
        "      rating: misleading\r\n      by: bob\r\n"
    );
    assert_eq!(claim(&file, "booths").origin.line, 17);
}

#[test]
fn a_conflicted_claim_loads_as_ours_with_both_sides() {
    let file = load(TAGGED_TWICE);
    assert_eq!(ids(&file), ["turnout", "rally-voter-rolls", "booths"]);
    assert_eq!(claim(&file, "turnout").conflict, None);
    assert_eq!(claim(&file, "booths").conflict, None);
    let rolls = claim(&file, "rally-voter-rolls");
    assert_eq!(rating(rolls.verdict.as_deref()), Some("mostly-false"));
    let conflict = conflict(&file, "rally-voter-rolls");
    assert_eq!(conflict.ours.as_ref(), rolls.verdict.as_deref());
    assert_eq!(rating(conflict.theirs.as_ref()), Some("misleading"));
    assert_eq!(
        conflict.theirs.as_ref().and_then(|v| v.by.as_deref()),
        Some("bob")
    );
    assert_eq!(conflict.base, None, "no base without diff3");
    let [hunk] = &conflict.hunks[..] else {
        panic!("{:#?}", conflict.hunks)
    };
    assert_eq!(
        (hunk.line, hunk.end_line, hunk.within_claim),
        (10, 16, true)
    );
    assert_eq!(messages(&file), [ROLLS_PROBLEM]);
}

#[test]
fn equal_verdicts_name_the_fields_that_differ() {
    let text = "claims:\n  - id: a\n<<<<<<< HEAD\n    assertion: ours\n    tags: [x]\n\
                =======\n    assertion: theirs\n    tags: [y]\n>>>>>>> b\n    claimant: c\n";
    let file = load(text);
    assert_eq!(
        file.problems[0].message,
        "conflict in claim `a`: ours and theirs differ in assertion, tags; pick one with \
         `claimdesk resolve a --ours|--theirs` or in the dashboard"
    );
}

#[test]
fn a_claim_only_theirs_has_loads_marked_as_deleted_by_ours() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n<<<<<<< HEAD\n=======\n  \
                - id: b\n    assertion: changed\n    claimant: c\n>>>>>>> other\n";
    let file = load(text);
    assert_eq!(ids(&file), ["a", "b"]);
    let conflict = conflict(&file, "b");
    assert_eq!(
        (conflict.ours.clone(), conflict.theirs.clone()),
        (None, None)
    );
    assert!(
        file.problems[0]
            .message
            .starts_with("conflict in claim `b`: ours deletes the claim, theirs untagged;"),
        "{}",
        file.problems[0]
    );
    let (kept_ours, _) = resolve(text, "b", Pick::Ours);
    assert_eq!(
        kept_ours,
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n"
    );
}

/// `a` ends and `b` starts inside one hunk.
const ACROSS_TWO: &str = "\
claims:
  - id: a
    assertion: x
<<<<<<< HEAD
    claimant: c
  - id: b
    assertion: y
=======
    claimant: d
  - id: b
    assertion: z
>>>>>>> other
    claimant: e
";

#[test]
fn a_hunk_across_two_claims_marks_both_and_needs_an_editor() {
    let file = load(ACROSS_TWO);
    assert_eq!(ids(&file), ["a", "b"]);
    for id in ["a", "b"] {
        let hunks = &conflict(&file, id).hunks;
        assert_eq!(hunks.len(), 1);
        assert!(!hunks[0].within_claim, "{id}");
    }
    assert_eq!(
        messages(&file),
        [
            "desk/elections.yaml:4:1: error: merge conflict at lines 4-12 spans claims `a`, `b`; \
          resolve it in your editor"
        ]
    );
    assert_eq!(
        resolve_text(ACROSS_TWO, "b", Pick::Theirs).unwrap_err(),
        EditError::ConflictNeedsEditor {
            line: 4,
            what: "merge conflict at lines 4-12 spans claims `a`, `b`".into()
        }
    );
}

#[test]
fn a_hunk_in_the_header_leaves_the_claims_alone() {
    let text = "<<<<<<< HEAD\n# ours\ndesk: one\n=======\ndesk: two\n>>>>>>> other\nclaims:\n  \
                - id: a\n    assertion: x\n    claimant: c\n";
    let file = load(text);
    assert_eq!(ids(&file), ["a"]);
    assert_eq!(file.claims[0].conflict, None);
    assert_eq!(
        messages(&file),
        [
            "desk/elections.yaml:1:1: error: merge conflict at lines 1-6 is outside any claim; \
          resolve it in your editor"
        ]
    );
}

#[test]
fn a_hunk_reaching_past_its_claim_into_the_header_needs_an_editor() {
    let text = "<<<<<<< HEAD\nclaims:\n  - id: a\n=======\nclaims:\n  - id: a\n>>>>>>> other\n    \
                assertion: x\n    claimant: c\n";
    let file = load(text);
    assert!(!conflict(&file, "a").hunks[0].within_claim);
    assert_eq!(
        messages(&file),
        [
            "desk/elections.yaml:1:1: error: merge conflict at lines 1-7 reaches outside claim \
          `a`; resolve it in your editor"
        ]
    );
}

#[test]
fn a_side_that_does_not_parse_loads_nothing() {
    let text = TAGGED_TWICE.replace("      by: bob\n", "      by: [bob\n");
    let file = load(&text);
    assert_eq!(file.claims, []);
    let messages = messages(&file);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert_eq!(
        messages[0],
        "desk/elections.yaml:10:1: error: merge conflict at lines 10-16: their version does not \
         parse, so no claim of this file was loaded; resolve it in your editor"
    );
    assert!(
        messages[1].contains("error: YAML syntax error"),
        "{}",
        messages[1]
    );
}

/// [`TAGGED_TWICE`] with `booths` conflicted too (lines 18-22).
fn two_conflicts() -> String {
    TAGGED_TWICE.replace(
        "    assertion: third\n",
        "<<<<<<< HEAD\n    assertion: third\n=======\n    assertion: 3rd\n>>>>>>> fix-rolls\n",
    )
}

#[test]
fn resolving_replaces_only_the_claims_hunk_by_the_chosen_side() {
    let text = two_conflicts();
    let (theirs, resolved) = resolve(&text, "rally-voter-rolls", Pick::Theirs);
    let expected = replace_lines(&text, 10, 16, "      rating: misleading\n      by: bob\n");
    assert_eq!(theirs, expected);
    assert_eq!(
        resolved,
        Resolved {
            hunks: 1,
            left_in_file: 1,
            other_links: 0
        }
    );
    let (ours, _) = resolve(&text, "rally-voter-rolls", Pick::Ours);
    let expected = replace_lines(
        &text,
        10,
        16,
        "      rating: mostly-false\n      by: alice\n",
    );
    assert_eq!(ours, expected);

    let file = load(&theirs);
    assert_eq!(claim(&file, "rally-voter-rolls").conflict, None);
    assert_eq!(
        rating(claim(&file, "rally-voter-rolls").verdict.as_deref()),
        Some("misleading")
    );
    assert_eq!(conflict(&file, "booths").hunks[0].line, 13);

    let (clean, resolved) = resolve(&theirs, "booths", Pick::Ours);
    assert_eq!(resolved.left_in_file, 0);
    assert_eq!(load(&clean).problems, []);
}

#[test]
fn resolving_keeps_crlf_and_a_bom() {
    let text = format!("\u{feff}{}", TAGGED_TWICE.replace('\n', "\r\n"));
    let (resolved, _) = resolve(&text, "rally-voter-rolls", Pick::Theirs);
    let expected = replace_lines(
        &text,
        10,
        16,
        "      rating: misleading\r\n      by: bob\r\n",
    );
    assert_eq!(resolved, expected);
    assert!(resolved.starts_with('\u{feff}'));
}

#[test]
fn resolving_a_claim_without_a_conflict_is_refused() {
    assert_eq!(
        resolve_text(TAGGED_TWICE, "turnout", Pick::Ours).unwrap_err(),
        EditError::NoConflict {
            line: 3,
            col: 5,
            id: "turnout".into()
        }
    );
    assert_eq!(
        resolve_text(TAGGED_TWICE, "nowhere", Pick::Ours).unwrap_err(),
        EditError::NotFound {
            id: "nowhere".into()
        }
    );
}

#[test]
fn resolving_a_hard_linked_file_counts_its_other_links() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.yaml");
    std::fs::write(&path, TAGGED_TWICE).unwrap();
    std::fs::hard_link(&path, dir.path().join("other.yaml")).unwrap();
    let resolved = resolve_conflict(&path, "rally-voter-rolls", Pick::Ours).unwrap();
    assert_eq!(resolved.other_links, 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("other.yaml")).unwrap(),
        TAGGED_TWICE
    );
}

#[test]
fn resolving_on_disk_rewrites_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.yaml");
    std::fs::write(&path, TAGGED_TWICE).unwrap();
    let resolved = resolve_conflict(&path, "rally-voter-rolls", Pick::Ours).unwrap();
    assert_eq!(resolved.left_in_file, 0);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        resolve(TAGGED_TWICE, "rally-voter-rolls", Pick::Ours).0
    );
    let error = resolve_conflict(&path, "rally-voter-rolls", Pick::Ours).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("has no merge conflict to resolve"),
        "{error}"
    );
}

#[test]
fn a_verdict_is_never_written_into_a_conflicted_file() {
    let change = VerdictChange {
        id: "turnout".into(),
        verdict: None,
        expect: None,
    };
    assert_eq!(
        edit_verdict(TAGGED_TWICE, &change),
        Err(EditError::UnresolvedConflict { line: 10 })
    );
}

#[test]
fn a_resolution_must_read_as_the_chosen_side() {
    let id = "rally-voter-rolls";
    let hunks = hunks(TAGGED_TWICE).unwrap();
    let theirs = view(TAGGED_TWICE, &hunks, Version::Theirs);
    let documents = tree::parse(&theirs).unwrap();
    let before = spans(&theirs, &documents);
    let (resolved, _) = resolve(TAGGED_TWICE, id, Pick::Theirs);
    let reads_as_theirs =
        |text: &str, left: &[&str]| reads_as(text, Version::Theirs, &before, id, left);
    assert!(reads_as_theirs(&resolved, &[]));
    assert!(!reads_as_theirs(&resolved.replace("bob", "eve"), &[]));
    assert!(!reads_as_theirs(
        &resolved.replace("id: booths", "id: kiosks"),
        &[]
    ));
    let hunk = "<<<<<<< a\n=======\n>>>>>>> b\n";
    assert!(!reads_as_theirs(&resolved, &[hunk]), "a hunk left is gone");
}

#[test]
fn problems_of_either_version_are_reported_once() {
    let text = TAGGED_TWICE
        .replace("rating: misleading", "rating: fake")
        .replace(
            "    assertion: first\n",
            "    assertion: first\n    colour: red\n",
        );
    let file = load(&text);
    let messages = messages(&file);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].starts_with("desk/elections.yaml:5:5: warning: unknown key `colour`"));
    assert!(messages[1].starts_with("desk/elections.yaml:11:1: error: conflict in claim"));
    assert!(messages[2].starts_with("desk/elections.yaml:15:15: error: unknown rating `fake`"));
}
