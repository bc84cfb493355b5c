use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::*;
use crate::model::{Claim, RatingScale};
use crate::store::load_text;

mod expectations;
mod filesystem;
mod properties;
mod recheck;

fn at() -> DateTime<Utc> {
    "2026-11-27T10:30:00Z".parse().unwrap()
}

fn verdict(rating: &str, note: Option<&str>) -> Verdict {
    Verdict {
        rating: rating.into(),
        note: note.map(Into::into),
        by: Some("asha".into()),
        at: Some(at()),
        review: None,
    }
}

fn change(id: &str, verdict: Option<Verdict>) -> VerdictChange {
    VerdictChange {
        id: id.into(),
        verdict,
        expect: None,
    }
}

#[track_caller]
fn edit(text: &str, id: &str, verdict: Option<Verdict>) -> String {
    match edit_verdict(text, &change(id, verdict)) {
        Ok(edited) => edited,
        Err(e) => panic!("edit refused: {e}\n{text}"),
    }
}

/// The claims of `text`, read the way the dashboard reads them; the file must be clean.
#[track_caller]
fn claims(text: &str) -> Vec<Claim> {
    let file = load_text(
        Path::new("c.yaml"),
        text.as_bytes(),
        &RatingScale::default(),
    );
    assert_eq!(file.problems, [], "{text}");
    file.claims
}

#[track_caller]
fn verdict_of_claim(text: &str, id: &str) -> Option<Verdict> {
    claims(text)
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no claim {id}"))
        .verdict
        .map(|v| *v)
}

const TWO: &str = "\
claims:
  - id: a
    assertion: x # why
    claimant: c

  # next
  - id: b
    assertion: y
    claimant: c
";

#[test]
fn set_inserts_a_block_at_the_claims_end_indented_like_its_siblings() {
    let edited = edit(TWO, "a", Some(verdict("false", Some("one\ntwo"))));
    assert_eq!(
        edited,
        "\
claims:
  - id: a
    assertion: x # why
    claimant: c
    verdict:
      rating: \"false\"
      note: |-
        one
        two
      by: asha
      at: \"2026-11-27T10:30:00Z\"

  # next
  - id: b
    assertion: y
    claimant: c
"
    );
    assert_eq!(
        verdict_of_claim(&edited, "a"),
        Some(verdict("false", Some("one\ntwo")))
    );
}

#[test]
fn set_follows_the_files_own_indentation() {
    let text =
        "claims:\n- id: a\n  assertion: x\n  claimant: c\n- id: b\n  assertion: x\n  claimant: c\n";
    let edited = edit(text, "a", Some(verdict("unproven", None)));
    assert_eq!(
        edited,
        "claims:\n- id: a\n  assertion: x\n  claimant: c\n  verdict:\n    rating: unproven\n    \
         by: asha\n    at: \"2026-11-27T10:30:00Z\"\n- id: b\n  assertion: x\n  claimant: c\n"
    );
}

#[test]
fn set_after_a_block_scalar_lands_after_its_content() {
    // Clipped: the blank lines after the scalar are not content and stay where they are.
    let text = "claims:\n  - id: a\n    claimant: c\n    assertion: |\n      x\n\n\n  - id: b\n    \
                assertion: x\n    claimant: c\n";
    let edited = edit(text, "a", Some(verdict("true", None)));
    assert_eq!(
        edited,
        "claims:\n  - id: a\n    claimant: c\n    assertion: |\n      x\n    verdict:\n      \
         rating: \"true\"\n      by: asha\n      at: \"2026-11-27T10:30:00Z\"\n\n\n  - id: b\n    \
         assertion: x\n    claimant: c\n"
    );
    // Kept (`|+`): the blank lines are content, so the verdict goes after them.
    let text = text.replace("|\n", "|+\n");
    let edited = edit(&text, "a", Some(verdict("true", None)));
    assert_eq!(claims(&edited)[0].assertion, "x\n\n\n");
    assert!(edited.contains("      x\n\n\n    verdict:\n"), "{edited}");
    assert_eq!(edit(&edited, "a", None), text);
}

#[test]
fn change_replaces_the_existing_block_only() {
    let text = "\
claims:
  - id: a
    verdict:
      rating: mostly-true
      note: >-
        long
        text
      by: sample

    assertion: x
    claimant: c
";
    let edited = edit(text, "a", Some(verdict("pants-on-fire", Some("a: b #c"))));
    assert_eq!(
        edited,
        "\
claims:
  - id: a
    verdict:
      rating: pants-on-fire
      note: \"a: b #c\"
      by: asha
      at: \"2026-11-27T10:30:00Z\"

    assertion: x
    claimant: c
"
    );
}

#[test]
fn change_a_flow_verdict_in_a_block_claim() {
    let text = "claims:\n  - id: a\n    assertion: x\n    verdict: {rating: \"true\"} # old\n    claimant: c\n";
    let edited = edit(text, "a", Some(verdict("half-true", None)));
    assert_eq!(
        edited,
        "claims:\n  - id: a\n    assertion: x\n    verdict:\n      rating: half-true\n      \
         by: asha\n      at: \"2026-11-27T10:30:00Z\"\n    claimant: c\n"
    );
}

#[test]
fn remove_takes_out_the_block_and_nothing_else() {
    let text = "\
claims:
  - id: a
    assertion: x
    verdict:
      rating: \"true\"
      note: |
        kept
        lines
    # about the claimant
    claimant: c
  - id: b
    assertion: x
    claimant: c
";
    assert_eq!(
        edit(text, "a", None),
        "\
claims:
  - id: a
    assertion: x
    # about the claimant
    claimant: c
  - id: b
    assertion: x
    claimant: c
"
    );
}

#[test]
fn remove_a_verdict_written_first_moves_the_next_key_up() {
    let text =
        "claims:\n  - verdict: {rating: \"true\"}\n    id: a\n    assertion: x\n    claimant: c\n";
    assert_eq!(
        edit(text, "a", None),
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n"
    );
    let text = "claims:\n  - verdict:\n      rating: \"true\"\n    id: a\n    assertion: x\n    claimant: c\n";
    let replaced = edit(text, "a", Some(verdict("false", None)));
    assert_eq!(
        replaced,
        "claims:\n  - verdict:\n      rating: \"false\"\n      by: asha\n      \
         at: \"2026-11-27T10:30:00Z\"\n    id: a\n    assertion: x\n    claimant: c\n"
    );
}

#[test]
fn remove_without_a_verdict_changes_nothing() {
    assert_eq!(edit(TWO, "b", None), TWO);
}

const RICH: &str = "\
# Desk file: comments, blank lines, odd key order, every quoting style.

claims:
  # first
  - claimant: 'Asha ''the'' Reporter'   # single-quoted
    id: a
    assertion: \"double: quoted # not a comment\"
    source: {name: Paper, url: \"https://x.org/?a=1#f\"}

    tags: [x, 'y', \"z\"]


  - id: b
    date: 2023-06-15
    assertion: >-
      folded
      text
    claimant: मंत्री
    rebuttals:
      - {by: Ministry, text: 'no'}
      - by: Agency
        text: |
          literal
    # trailing comment of b

  - {id: c, assertion: flow, claimant: c}
# the end
";

#[test]
fn everything_outside_the_verdict_is_byte_identical() {
    for (id, inserted_after) in [
        ("a", "    tags: [x, 'y', \"z\"]\n"),
        ("b", "          literal\n"),
    ] {
        let edited = edit(RICH, id, Some(verdict("misleading", None)));
        let block = "    verdict:\n      rating: misleading\n      by: asha\n      \
                     at: \"2026-11-27T10:30:00Z\"\n";
        let expected = RICH.replacen(inserted_after, &format!("{inserted_after}{block}"), 1);
        assert_eq!(edited, expected, "claim {id}");
        assert_eq!(edit(&edited, id, None), RICH, "claim {id}");
    }
}

#[test]
fn a_flow_claim_gets_a_flow_verdict() {
    let edited = edit(RICH, "c", Some(verdict("false", Some("multi\nline"))));
    assert_eq!(
        edited,
        RICH.replace(
            "claimant: c}",
            "claimant: c, verdict: {rating: \"false\", note: \"multi\\nline\", by: asha, \
             at: \"2026-11-27T10:30:00Z\"}}"
        )
    );
    assert_eq!(
        verdict_of_claim(&edited, "c"),
        Some(verdict("false", Some("multi\nline")))
    );
    assert_eq!(edit(&edited, "c", None), RICH);
}

#[test]
fn removing_a_flow_verdict_takes_one_comma_with_it() {
    let first = "claims:\n  - {verdict: {rating: x}, id: a, assertion: y, claimant: z}\n";
    let middle = "claims:\n  - {id: a, verdict: {rating: x}, assertion: y, claimant: z}\n";
    let last = "claims:\n  - {id: a, assertion: y, claimant: z, verdict: {rating: x}}\n";
    let multi_line =
        "claims:\n  - {id: a,\n     assertion: y,\n     verdict: {rating: x},\n     claimant: z}\n";
    assert_eq!(
        edit(first, "a", None),
        "claims:\n  - {id: a, assertion: y, claimant: z}\n"
    );
    assert_eq!(
        edit(middle, "a", None),
        "claims:\n  - {id: a, assertion: y, claimant: z}\n"
    );
    assert_eq!(
        edit(last, "a", None),
        "claims:\n  - {id: a, assertion: y, claimant: z}\n"
    );
    assert_eq!(
        edit(multi_line, "a", None),
        "claims:\n  - {id: a,\n     assertion: y,\n     claimant: z}\n"
    );
}

#[test]
fn crlf_stays_crlf_and_the_bom_stays() {
    let text = "\u{feff}claims:\r\n  - id: a\r\n    assertion: x\r\n    claimant: c\r\n";
    let edited = edit(text, "a", Some(verdict("false", Some("one\ntwo\n"))));
    assert_eq!(
        edited,
        "\u{feff}claims:\r\n  - id: a\r\n    assertion: x\r\n    claimant: c\r\n    verdict:\r\n      \
         rating: \"false\"\r\n      note: |\r\n        one\r\n        two\r\n      by: asha\r\n      \
         at: \"2026-11-27T10:30:00Z\"\r\n"
    );
    assert_eq!(
        verdict_of_claim(&edited, "a"),
        Some(verdict("false", Some("one\ntwo\n")))
    );
    assert_eq!(edit(&edited, "a", None), text);
}

#[test]
fn multi_document_files_keep_their_other_documents() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n---\n# second\nclaims:\n  \
                - id: b\n    assertion: y\n    claimant: c\n...\n---\nother: 1\n";
    let edited = edit(text, "b", Some(verdict("false", None)));
    assert_eq!(
        edited,
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n---\n# second\nclaims:\n  \
         - id: b\n    assertion: y\n    claimant: c\n    verdict:\n      rating: \"false\"\n      \
         by: asha\n      at: \"2026-11-27T10:30:00Z\"\n...\n---\nother: 1\n"
    );
    assert_eq!(edit(&edited, "b", None), text);
}

#[test]
fn a_file_without_a_final_line_break_keeps_it_that_way() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c";
    let edited = edit(text, "a", Some(verdict("true", None)));
    assert_eq!(
        edited,
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    verdict:\n      \
         rating: \"true\"\n      by: asha\n      at: \"2026-11-27T10:30:00Z\""
    );
    let changed = edit(&edited, "a", Some(verdict("false", None)));
    assert!(
        changed.ends_with("at: \"2026-11-27T10:30:00Z\""),
        "{changed}"
    );
    assert_eq!(edit(&edited, "a", None), text);
}

#[test]
fn scalars_yaml_would_misread_are_quoted() {
    for rating in [
        "false",
        "true",
        "yes",
        "No",
        "null",
        "~",
        "42",
        "3.5",
        "2023-06-15",
        "0x1F",
    ] {
        let edited = edit(TWO, "a", Some(verdict(rating, None)));
        assert!(
            edited.contains(&format!("      rating: \"{rating}\"\n")),
            "{rating}: {edited}"
        );
        let docs = tree::parse(&edited).unwrap();
        let claim = &docs[0].get("claims").unwrap().items()[0];
        let written = claim.get("verdict").unwrap().get("rating").unwrap();
        assert_eq!(written.as_str(), Some(rating));
    }
    for rating in ["mostly-true", "pants-on-fire"] {
        let edited = edit(TWO, "a", Some(verdict(rating, None)));
        assert!(
            edited.contains(&format!("      rating: {rating}\n")),
            "{edited}"
        );
    }
}

#[test]
fn notes_are_quoted_or_block_scalars_as_needed_and_read_back_exactly() {
    let cases = [
        ("plain words", "note: plain words\n"),
        ("a: b", "note: \"a: b\"\n"),
        ("issue#3", "note: issue#3\n"),
        ("see it #3", "note: \"see it #3\"\n"),
        ("- not a list", "note: \"- not a list\"\n"),
        ("*not an alias", "note: \"*not an alias\"\n"),
        ("'quoted'", "note: \"'quoted'\"\n"),
        ("say \"hi\"", "note: say \"hi\"\n"),
        ("\"hi\" he said", "note: \"\\\"hi\\\" he said\"\n"),
        ("trailing ", "note: \"trailing \"\n"),
        ("one\ntwo", "note: |-\n        one\n        two\n"),
        ("one\n\ntwo\n", "note: |\n        one\n\n        two\n"),
        // `|+` would also keep the blank lines that follow the block in the file.
        ("one\ntwo\n\n", "note: \"one\\ntwo\\n\\n\"\n"),
        (" lead\nx", "note: \" lead\\nx\"\n"),
        ("\nx", "note: \"\\nx\"\n"),
        ("मंत्री: हाँ", "note: \"मंत्री: हाँ\"\n"),
    ];
    for (note, written) in cases {
        let edited = edit(TWO, "a", Some(verdict("false", Some(note))));
        assert!(
            edited.contains(&format!("      {written}")),
            "{note:?}: {edited}"
        );
        assert_eq!(
            verdict_of_claim(&edited, "a"),
            Some(verdict("false", Some(note))),
            "{note:?}"
        );
    }
}

#[test]
fn removing_a_verdict_takes_the_comments_nested_in_it() {
    // Left behind under the literal above, `# why` would become part of the claimant.
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: |\n      c\n    verdict:\n      \
                rating: \"true\"\n\n      # why\n\n  - id: b\n    assertion: x\n    claimant: c\n";
    let removed = edit(text, "a", None);
    assert_eq!(
        removed,
        "claims:\n  - id: a\n    assertion: x\n    claimant: |\n      c\n\n  - id: b\n    \
         assertion: x\n    claimant: c\n"
    );
    assert_eq!(claims(&removed)[0].claimant, "c\n");
}

#[test]
fn a_long_comment_on_the_verdicts_last_line_goes_with_it() {
    let text = "claims:\n- id: a\n  verdict:\n    rating: \"true\"  # a rather long comment \
                that runs on and on, longer than everything before it\n";
    assert_eq!(edit(text, "a", None), "claims:\n- id: a\n");
    assert_eq!(
        edit(text, "a", Some(verdict("false", None))),
        "claims:\n- id: a\n  verdict:\n    rating: \"false\"\n    by: asha\n    \
         at: \"2026-11-27T10:30:00Z\"\n"
    );
}

#[test]
fn a_verdict_goes_after_the_comments_nested_under_the_claims_last_key() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n      # about c\n  \
                - id: b\n    assertion: x\n    claimant: c\n";
    let edited = edit(
        text,
        "a",
        Some(Verdict {
            rating: "false".into(),
            note: Some("one\ntwo".into()),
            by: None,
            at: None,
            review: None,
        }),
    );
    assert_eq!(
        edited,
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n      # about c\n    verdict:\n      \
         rating: \"false\"\n      note: |-\n        one\n        two\n  - id: b\n    assertion: x\n    \
         claimant: c\n"
    );
    assert_eq!(edit(&edited, "a", None), text);
}

#[test]
fn a_literal_ending_in_a_line_of_spaces_is_replaced_whole() {
    let spaced = Verdict {
        rating: "true".into(),
        note: Some("one\n ".into()),
        by: None,
        at: None,
        review: None,
    };
    let text = "claims:\n- id: a\n  assertion: x\n  claimant: c\n";
    let edited = edit(text, "a", Some(spaced.clone()));
    assert_eq!(verdict_of_claim(&edited, "a"), Some(spaced.clone()));
    assert_eq!(edit(&edited, "a", Some(spaced)), edited);
    assert_eq!(edit(&edited, "a", None), text);
}

#[test]
fn a_kept_note_written_last_does_not_swallow_the_blank_lines_after_it() {
    let keep = Verdict {
        rating: "false".into(),
        note: Some("one\n\n".into()),
        by: None,
        at: None,
        review: None,
    };
    let edited = edit(TWO, "a", Some(keep.clone()));
    assert_eq!(verdict_of_claim(&edited, "a"), Some(keep));
    assert_eq!(edit(&edited, "a", None), TWO);
}

fn refused(text: &str, change: &VerdictChange) -> EditError {
    match edit_verdict(text, change) {
        Ok(edited) => panic!("should refuse, wrote:\n{edited}"),
        Err(e) => e,
    }
}

#[test]
fn refuses_an_unparseable_file() {
    let error = refused(
        "claims:\n  - id: a\n    assertion: [x\n",
        &change("a", Some(verdict("false", None))),
    );
    let EditError::Unparseable { line, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!(line, 3);
}

#[test]
fn refuses_a_missing_id() {
    assert_eq!(
        refused(TWO, &change("zzz", Some(verdict("false", None)))),
        EditError::NotFound { id: "zzz".into() }
    );
}

#[test]
fn refuses_an_ambiguous_id() {
    let text = "claims:\n  - id: a\n    assertion: x\n  - id: a\n    assertion: y\n";
    assert_eq!(
        refused(text, &change("a", Some(verdict("false", None)))),
        EditError::Ambiguous {
            line: 4,
            id: "a".into()
        }
    );
}

#[test]
fn refuses_verdicts_shared_through_anchors_and_aliases() {
    let alias = "base: &v {rating: \"true\"}\nclaims:\n  - id: a\n    verdict: *v\n";
    let anchor =
        "claims:\n  - id: a\n    verdict: &v {rating: \"true\"}\n  - id: b\n    verdict: *v\n";
    let inner =
        "claims:\n  - id: a\n    verdict:\n      rating: &r \"true\"\n  - id: b\n    tags: [*r]\n";
    let cases = [(alias, 4, 14), (anchor, 3, 14), (inner, 4, 7)];
    for (text, line, col) in cases {
        for verdict in [None, Some(verdict("false", None))] {
            let error = refused(text, &change("a", verdict));
            let EditError::Shared {
                line: l,
                col: c,
                id,
            } = error
            else {
                panic!("{error:?}")
            };
            assert_eq!((l, id.as_str()), (line, "a"), "{text}");
            assert!(c >= col, "{text}: col {c}");
        }
    }
}

#[test]
fn refuses_when_the_verdict_changed_since_it_was_read() {
    let on_disk = edit(TWO, "a", Some(verdict("true", None)));
    let stale = VerdictChange {
        id: "a".into(),
        verdict: Some(verdict("false", None)),
        expect: Some(None),
    };
    assert_eq!(
        refused(&on_disk, &stale),
        EditError::Changed {
            line: 2,
            id: "a".into()
        }
    );
    let fresh = VerdictChange {
        expect: Some(Some(verdict("true", None))),
        ..stale
    };
    let edited = edit_verdict(&on_disk, &fresh).unwrap();
    assert_eq!(verdict_of_claim(&edited, "a"), Some(verdict("false", None)));
}

// On-disk writes.

fn folder_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A folder holding `claims.yaml` with the text [`TWO`], and that file's path.
fn two_on_disk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.yaml");
    fs::write(&path, TWO).unwrap();
    (dir, path)
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn apply_writes_keeps_permissions_and_leaves_no_temp_files() {
    let (dir, path) = two_on_disk();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    apply_verdict_change(&path, &change("b", Some(verdict("false", None)))).unwrap();
    let written = fs::read_to_string(&path).unwrap();
    assert_eq!(written, edit(TWO, "b", Some(verdict("false", None))));
    assert_eq!(mode(&path), 0o640);
    assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
}

#[test]
fn apply_refusal_leaves_file_and_folder_untouched() {
    let (dir, path) = two_on_disk();
    let error =
        apply_verdict_change(&path, &change("zzz", Some(verdict("false", None)))).unwrap_err();
    assert!(
        matches!(&error, WriteError::Edit { path: p, source: EditError::NotFound { .. } } if *p == path),
        "{error:?}"
    );
    assert!(error.to_string().starts_with(&path.display().to_string()));
    assert_eq!(fs::read_to_string(&path).unwrap(), TWO);
    assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
    let missing = dir.path().join("gone.yaml");
    let error = apply_verdict_change(&missing, &change("a", None)).unwrap_err();
    assert!(matches!(error, WriteError::Io { .. }), "{error:?}");
}

/// True when the permission bits are enforced for this process (they are not for root).
fn permissions_enforced(dir: &Path) -> bool {
    let probe = dir.join("probe");
    match fs::write(&probe, "") {
        Ok(()) => {
            fs::remove_file(probe).unwrap();
            eprintln!("note: running with permission bits not enforced (root?); skipping");
            false
        }
        Err(_) => true,
    }
}

#[test]
fn apply_in_a_read_only_folder_is_an_io_error_and_changes_nothing() {
    let (dir, path) = two_on_disk();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = permissions_enforced(dir.path());
    let result = apply_verdict_change(&path, &change("a", Some(verdict("false", None))));
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    if enforced {
        let error = result.unwrap_err();
        assert!(matches!(error, WriteError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("check the file's permissions"));
        assert_eq!(fs::read_to_string(&path).unwrap(), TWO);
        assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
    }
}

#[test]
fn apply_to_a_read_only_file_is_an_io_error_and_changes_nothing() {
    let (dir, path) = two_on_disk();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    // Root may write to a read-only file; then there is nothing to check.
    let enforced = fs::OpenOptions::new().write(true).open(&path).is_err();
    let result = apply_verdict_change(&path, &change("a", Some(verdict("false", None))));
    if enforced {
        let error = result.unwrap_err();
        assert!(matches!(error, WriteError::Io { .. }), "{error:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), TWO);
        assert_eq!(mode(&path), 0o444);
        assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
    } else {
        eprintln!("note: running with permission bits not enforced (root?); skipping");
    }
}

#[test]
fn a_review_is_written_in_the_verdict_block_and_reads_back() {
    let proposed = verdict("false", Some("no such leak"));
    let tagged = edit(TWO, "a", Some(proposed.clone()));
    let reviewed = Verdict {
        review: Some(Box::new(crate::model::Review {
            state: crate::model::ReviewState::ChangesRequested,
            by: Some("editor".into()),
            at: Some(at()),
            comment: Some("cite the minister\nand the date".to_string()),
        })),
        ..proposed
    };
    let edited = edit(&tagged, "a", Some(reviewed.clone()));
    assert!(
        edited.contains(
            "      review: changes-requested\n      reviewed_by: editor\n      reviewed_at: \"2026-11-27T10:30:00Z\"\n      review_comment: |-\n        cite the minister\n        and the date\n"
        ),
        "{edited}"
    );
    assert_eq!(verdict_of_claim(&edited, "a"), Some(reviewed));
}

#[test]
fn an_unknown_review_state_is_a_located_error() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    verdict:\n      rating: \"false\"\n      review: maybe\n";
    let file = load_text(
        Path::new("c.yaml"),
        text.as_bytes(),
        &RatingScale::default(),
    );
    let problem = &file.problems[0];
    assert_eq!((problem.line, problem.col), (7, 15), "{problem}");
    assert!(
        problem.message.contains("approved or changes-requested"),
        "{problem}"
    );
}
