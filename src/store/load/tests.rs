use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use super::*;
use crate::store::Severity;

const PATH: &str = "desk/claims.yaml";

fn load(text: &str) -> LoadedFile {
    load_bytes(text.as_bytes())
}

fn load_bytes(bytes: &[u8]) -> LoadedFile {
    load_text(Path::new(PATH), bytes, &RatingScale::default())
}

/// The file's one problem, checked to be where and what it should be.
#[track_caller]
fn assert_one_problem(
    file: &LoadedFile,
    severity: Severity,
    (line, col): (usize, usize),
    message: &str,
) {
    let [problem] = &file.problems[..] else {
        panic!("expected one problem, got {:#?}", file.problems);
    };
    assert_eq!(problem.path, Path::new(PATH));
    assert_eq!(problem.severity, severity, "{problem}");
    assert_eq!((problem.line, problem.col), (line, col), "{problem}");
    assert!(
        problem.message.contains(message),
        "`{}` should contain `{message}`",
        problem.message
    );
}

fn ids(claims: &[Claim]) -> Vec<&str> {
    claims.iter().map(|c| c.id.as_str()).collect()
}

/// Block-style claims `a0`, `a1`, ... shaped like the sample's: every field, three rebuttals.
fn generated_claims(count: usize) -> String {
    let mut text = String::from("# generated\nclaims:\n");
    for i in 0..count {
        write!(
            text,
            "  - id: a{i}\n    assertion: >-\n      claim number {i}, long enough\n      to fold\n    \
             claimant: Person {i}\n    date: 2023-06-15\n    source:\n      name: Paper\n      \
             url: https://example.org/{i}\n      quote: q\n    rebuttals:\n"
        )
        .unwrap();
        for by in ["Ministry", "Agency", "Minister"] {
            write!(
                text,
                "      - by: {by}\n        text: \"no: it is not\"\n        date: 2023-06-16\n"
            )
            .unwrap();
        }
        write!(
            text,
            "    tags: [a, b, c, d]\n    verdict:\n      rating: \"false\"\n      note: n\n      \
             by: me\n      at: 2026-11-27T09:00:00Z\n"
        )
        .unwrap();
    }
    text
}

const GOOD: &str = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n";

#[test]
fn a_valid_claim_loads_with_every_field_and_its_location() {
    let file = load(
        "# c\nclaims:\n  - id: a.b_c-1\n    assertion: >-\n      one\n      two\n    \
         claimant: Asha\n    date: 2023-06-15\n    source: {name: Paper, url: u, quote: q}\n    \
         rebuttals:\n      - by: B\n        text: t\n        date: 2023-06-16\n    \
         tags: [x, y]\n    verdict:\n      rating: \"false\"\n      note: n\n      by: me\n      \
         at: 2026-11-27T10:30:00Z\n",
    );
    assert_eq!(file.kind, FileKind::Claims);
    assert_eq!(file.problems, []);
    let [claim] = &file.claims[..] else {
        panic!("{:#?}", file.claims)
    };
    assert_eq!(claim.id, "a.b_c-1");
    assert_eq!(claim.assertion, "one two");
    assert_eq!(claim.date, NaiveDate::from_ymd_opt(2023, 6, 15));
    assert_eq!(claim.source.as_ref().unwrap().quote.as_deref(), Some("q"));
    assert_eq!(
        claim.rebuttals[0].date,
        NaiveDate::from_ymd_opt(2023, 6, 16)
    );
    assert_eq!(claim.tags, ["x", "y"]);
    let verdict = claim.verdict.as_ref().unwrap();
    assert_eq!(verdict.rating, "false");
    assert_eq!(verdict.at, parse_timestamp("2026-11-27T10:30:00Z"));
    assert_eq!((claim.origin.line, claim.origin.col), (3, 9));
    assert_eq!(&*claim.origin.path, Path::new(PATH));
}

/// The address of the desk's published fact check, which ClaimReview markup needs as its `url`.
#[test]
fn a_claim_may_give_the_url_of_its_published_review() {
    let file = load(
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    \
         review_url: https://desk.example/checks/a\n  - id: b\n    assertion: y\n    claimant: d\n",
    );
    assert_eq!(file.problems, []);
    let urls: Vec<_> = file
        .claims
        .iter()
        .map(|c| c.review_url.as_deref())
        .collect();
    assert_eq!(urls, [Some("https://desk.example/checks/a"), None]);
}

#[test]
fn yaml_syntax_error_is_located() {
    let file = load("claims:\n  - id: a\n    assertion: \"x\n    claimant: c\n");
    assert_one_problem(
        &file,
        Severity::Error,
        (3, 16),
        "YAML syntax error: unclosed quote",
    );
    assert!(file.claims.is_empty());
}

#[test]
fn missing_required_field_points_at_the_claim() {
    for field in ["id", "assertion", "claimant"] {
        let mut text = String::from("claims:\n  - id: ok\n    assertion: x\n    claimant: c\n\n");
        text.push_str("  - tags: [t]\n");
        for (key, value) in [("id", "b"), ("assertion", "y"), ("claimant", "d")] {
            if key != field {
                writeln!(text, "    {key}: {value}").unwrap();
            }
        }
        text.push_str("    date: 2023-06-15\n");
        let file = load(&text);
        // serde-saphyr alone would point at `date:`, the claim's last key.
        assert_one_problem(
            &file,
            Severity::Error,
            (6, 5),
            &format!("missing field `{field}`"),
        );
    }
}

#[test]
fn missing_field_in_a_rebuttal_points_at_the_rebuttal() {
    let file = load(
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    rebuttals:\n      \
         - text: t\n        date: 2023-06-15\n",
    );
    assert_one_problem(&file, Severity::Error, (6, 9), "missing field `by`");
}

#[test]
fn bad_date_is_our_located_error_and_the_claim_still_loads() {
    let file = load(&format!("{GOOD}    date: yesterday\n"));
    assert_one_problem(
        &file,
        Severity::Error,
        (5, 11),
        "`date: yesterday` is not a date: write it as YYYY-MM-DD",
    );
    assert_eq!(ids(&file.claims), ["a"]);
    assert_eq!(file.claims[0].date, None);
}

#[test]
fn date_of_the_wrong_type_is_located() {
    let file = load(&format!("{GOOD}    date: [1]\n"));
    assert_one_problem(&file, Severity::Error, (5, 11), "expected string");
    assert!(file.problems[0].message.ends_with("; fix this"));
}

#[test]
fn bad_timestamp_is_located() {
    let file = load(&format!(
        "{GOOD}    verdict:\n      rating: unproven\n      at: soon\n"
    ));
    assert_one_problem(
        &file,
        Severity::Error,
        (7, 11),
        "`at: soon` is not a timestamp",
    );
}

#[test]
fn unknown_rating_names_the_scale() {
    let file = load(&format!("{GOOD}    verdict:\n      rating: fake\n"));
    assert_one_problem(
        &file,
        Severity::Error,
        (6, 15),
        "unknown rating `fake`: use one of true, mostly-true, half-true, mostly-false, false, \
         pants-on-fire, misleading, unproven",
    );
    assert_eq!(ids(&file.claims), ["a"]);
    assert_eq!(file.claims[0].verdict, None);
}

#[test]
fn unquoted_boolean_rating_reads_as_the_rating() {
    let file = load(&format!("{GOOD}    verdict:\n      rating: false\n"));
    assert_eq!(file.problems, []);
    assert_eq!(file.claims[0].verdict.as_ref().unwrap().rating, "false");
}

#[test]
fn malformed_id_is_located_and_the_claim_left_out() {
    let file = load(
        "claims:\n  - id: Bad Id\n    assertion: x\n    claimant: c\n  - id: b\n    \
         assertion: x\n    claimant: c\n",
    );
    assert_one_problem(
        &file,
        Severity::Error,
        (2, 9),
        "malformed id `Bad Id`: use lowercase letters",
    );
    assert_eq!(ids(&file.claims), ["b"]);
}

#[test]
fn unknown_keys_warn_with_a_suggestion_everywhere() {
    let file = load(
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    rebutals: []\n    \
         source: {name: n, urll: u}\n    rebuttals:\n      - by: b\n        txt: t\n        \
         text: t\n    verdict: {rating: \"true\", not: n}\n    colour: red\n",
    );
    let found: Vec<_> = file
        .problems
        .iter()
        .map(|p| (p.severity, p.line, p.col, p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Severity::Warning,
                5,
                5,
                "unknown key `rebutals` in claim, ignored; did you mean `rebuttals`?"
            ),
            (
                Severity::Warning,
                12,
                5,
                "unknown key `colour` in claim, ignored; known keys: id, assertion, claimant, \
                 date, source, rebuttals, tags, verdict, review_url, assignee, status"
            ),
            (
                Severity::Warning,
                6,
                23,
                "unknown key `urll` in source, ignored; did you mean `url`?"
            ),
            (
                Severity::Warning,
                9,
                9,
                "unknown key `txt` in rebuttal, ignored; did you mean `text`?"
            ),
            (
                Severity::Warning,
                11,
                31,
                "unknown key `not` in verdict, ignored; did you mean `note`?"
            ),
        ]
    );
    // Warnings do not drop anything.
    assert_eq!(file.claims[0].verdict.as_ref().unwrap().rating, "true");
}

#[test]
fn duplicate_ids_are_reported_within_a_file_and_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.yaml");
    let second = dir.path().join("b.yaml");
    fs::write(
        &first,
        "claims:\n  - id: x\n    assertion: 1\n    claimant: c\n  - id: x\n    assertion: 2\n    \
         claimant: c\n",
    )
    .unwrap();
    fs::write(
        &second,
        "# other desk\nclaims:\n  - id: y\n    assertion: 3\n    claimant: c\n  - id: x\n    \
         assertion: 4\n    claimant: c\n",
    )
    .unwrap();
    let corpus = load_paths(
        &[dir.path().to_path_buf()],
        &RatingScale::default(),
        None,
        &(),
    );
    let assertions: Vec<_> = corpus.claims.iter().map(|c| c.assertion.as_str()).collect();
    assert_eq!(assertions, ["1", "3"], "the first definition wins");
    let found: Vec<_> = corpus
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.line, p.col, p.message.clone()))
        .collect();
    let message = |line| {
        format!(
            "duplicate id `x`: also defined at {}:{line}; give one of them a new id",
            first.display()
        )
    };
    assert_eq!(
        found,
        [
            (first.clone(), 5, 9, message(2)),
            (second.clone(), 6, 9, message(2))
        ]
    );
    assert_eq!(corpus.errors(), 2);
}

/// A merge conflict in one claim leaves the file's other claims (and that one) loaded.
#[test]
fn a_merge_conflict_hides_none_of_the_files_claims() {
    let file = load(
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n  - id: b\n<<<<<<< HEAD\n    \
         assertion: ours\n=======\n    assertion: theirs\n>>>>>>> other\n    claimant: c\n  \
         - id: c\n    assertion: z\n    claimant: c\n",
    );
    assert_eq!(ids(&file.claims), ["a", "b", "c"]);
    assert_eq!(file.claims[1].assertion, "ours");
    assert_one_problem(
        &file,
        Severity::Error,
        (6, 1),
        "conflict in claim `b`: ours and theirs differ in assertion",
    );
}

#[test]
fn a_separator_line_alone_is_not_a_merge_conflict() {
    let file = load(&format!("{GOOD}    # =======\n"));
    assert_eq!(file.problems, []);
    let file = load("claims: []\n=======\n");
    assert!(!file.problems[0].message.contains("merge conflict"));
}

#[test]
fn empty_and_blank_files_say_so() {
    for text in ["", "\n  \n", "\u{feff}"] {
        let file = load(text);
        assert_one_problem(&file, Severity::Error, (1, 1), "empty file");
        assert_eq!(
            file.kind,
            FileKind::Claims,
            "an empty .yaml is reported, not skipped"
        );
    }
}

#[test]
fn comment_only_file_is_not_a_claim_file() {
    let file = load("# just notes\n");
    assert_eq!(file.kind, FileKind::NotClaimFile);
}

#[test]
fn non_utf8_is_located_at_the_bad_byte() {
    let file = load_bytes(b"claims:\n  - id: a\n    assertion: caf\xe9 au lait\n");
    assert_one_problem(&file, Severity::Error, (3, 19), "file is not valid UTF-8");
}

#[test]
fn binary_file_is_located_at_the_nul_byte() {
    let file = load_bytes(b"claims:\n  x\0y\n");
    assert_one_problem(&file, Severity::Error, (2, 4), "binary file (NUL byte)");
    // Invalid UTF-8 before the NUL must not shift the position (a PNG header, say).
    let file = load_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_one_problem(&file, Severity::Error, (3, 1), "binary file (NUL byte)");
}

#[test]
fn file_above_the_size_limit_is_refused_unread() {
    let mut bytes = vec![b'#'; MAX_FILE_BYTES + 1];
    bytes[..8].copy_from_slice(b"claims:\n");
    let file = load_bytes(&bytes);
    assert_one_problem(&file, Severity::Error, (1, 1), "above the 64 MiB limit");
}

#[test]
fn file_above_the_size_limit_on_disk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let file = fs::File::create(&path).unwrap();
    // Sparse: costs no disk space.
    file.set_len(MAX_FILE_BYTES as u64 + 1).unwrap();
    let loaded = load_file(&path, &RatingScale::default());
    let [problem] = &loaded.problems[..] else {
        panic!("{:#?}", loaded.problems)
    };
    assert_eq!(problem.path, path);
    assert!(
        problem.message.contains("above the 64 MiB limit"),
        "{problem}"
    );
}

#[test]
fn alias_bomb_is_a_clear_error_not_a_hang() {
    let mut text = String::from("lol: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9 {
        let refs = vec![format!("*l{}", level - 1); 9].join(", ");
        writeln!(text, "l{level}: &l{level} [{refs}]").unwrap();
    }
    text.push_str("claims:\n  - id: a\n    assertion: x\n    claimant: c\n    tags: *l8\n");
    let file = load(&text);
    let [problem] = &file.problems[..] else {
        panic!("{:#?}", file.problems)
    };
    assert!(problem.is_error());
    assert!(
        problem
            .message
            .starts_with("aliases (`*name`) up to here would repeat"),
        "{problem}"
    );
    // Only our position, in front: none of serde-saphyr's appended ones.
    assert!(!problem.message.contains("line"), "{problem}");
    assert!(file.claims.is_empty());
}

#[test]
fn a_claim_typo_skips_the_file_with_a_hint() {
    let file = load("claim:\n  - id: a\n    assertion: x\n    claimant: c\n");
    assert_eq!(file.kind, FileKind::NotClaimFile);
    assert_one_problem(
        &file,
        Severity::Warning,
        (1, 1),
        "`claim:` is not `claims:`, so this file was skipped",
    );
}

#[test]
fn other_yaml_is_skipped_silently() {
    let file = load(
        "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      \
         - run: cargo test\n",
    );
    assert_eq!(file.kind, FileKind::NotClaimFile);
    assert_eq!(file.problems, []);
    assert!(file.claims.is_empty());
}

#[test]
fn claims_that_are_not_a_list_are_an_error() {
    let file = load("claims:\n  a: 1\n");
    assert_eq!(file.kind, FileKind::Claims);
    assert!(file.problems.iter().all(Problem::is_error));
    assert_eq!(
        (file.problems[0].line, file.problems[0].col),
        (2, 3),
        "{:#?}",
        file.problems
    );
    assert!(file.problems[0].message.contains("must be a list"));
}

#[test]
fn bom_and_crlf_load_with_the_right_positions() {
    let file = load(
        "\u{feff}# c\r\nclaims:\r\n  - id: a\r\n    assertion: >-\r\n      one\r\n      two\r\n    \
         claimant: c\r\n    date: nope\r\n  - id: b\r\n    assertion: |\r\n      l1\r\n      l2\r\n    \
         claimant: c\r\n",
    );
    assert_one_problem(
        &file,
        Severity::Error,
        (8, 11),
        "`date: nope` is not a date",
    );
    assert_eq!(ids(&file.claims), ["a", "b"]);
    assert_eq!(file.claims[0].assertion, "one two");
    assert_eq!(file.claims[1].assertion, "l1\nl2\n");
    let at: Vec<_> = file
        .claims
        .iter()
        .map(|c| (c.origin.line, c.origin.col))
        .collect();
    assert_eq!(at, [(3, 9), (9, 9)]);
    // A BOM on the first line does not count as a column.
    let file = load("\u{feff}claims: [{id: a, assertion: x, claimant: c, date: x}]\n");
    assert_one_problem(&file, Severity::Error, (1, 51), "not a date");
}

#[test]
fn every_document_of_a_multi_document_file_loads() {
    let file = load(
        "name: not claims\n---\nclaims:\n  - id: a\n    assertion: x\n    claimant: c\n...\n---\n\
         claims:\n  - id: b\n    assertion: y\n    claimant: c\n    date: nope\n",
    );
    assert_eq!(file.kind, FileKind::Claims);
    assert_eq!(ids(&file.claims), ["a", "b"]);
    assert_eq!(file.claims[1].assertion, "y");
    assert_eq!(
        (file.claims[1].origin.line, file.claims[1].origin.col),
        (10, 9)
    );
    assert_one_problem(
        &file,
        Severity::Error,
        (13, 11),
        "`date: nope` is not a date",
    );
}

#[test]
fn a_large_valid_file_loads_completely() {
    let text = generated_claims(6_000);
    // The point of our budget: serde-saphyr's default one refuses a file this size.
    assert!(serde_saphyr::from_str::<RawDocument>(&text).is_err());
    let file = load(&text);
    assert_eq!(file.problems, []);
    assert_eq!(file.claims.len(), 6_000);
    let last = file.claims.last().unwrap();
    assert_eq!(last.id, "a5999");
    assert_eq!(last.rebuttals[0].text, "no: it is not");
}

#[test]
fn one_bad_file_never_stops_the_others() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "claims:\n  - id: [\n").unwrap();
    fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    fs::write(dir.path().join("ci.yml"), "on: push\n").unwrap();
    let corpus = load_paths(
        &[dir.path().to_path_buf()],
        &RatingScale::default(),
        None,
        &(),
    );
    assert_eq!(ids(&corpus.claims), ["a"]);
    let [problem] = &corpus.problems[..] else {
        panic!("{:#?}", corpus.problems)
    };
    assert_eq!(problem.path, dir.path().join("bad.yaml"));
    assert_eq!(corpus.claim_files, 2);
    assert_eq!(corpus.skipped, [dir.path().join("ci.yml")]);
}

#[test]
fn a_reload_that_kept_the_ids_updates_the_claims_in_place() {
    let mut corpus = Corpus::default();
    let two = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n  - id: b\n    assertion: y\n    claimant: c\n";
    corpus.add(load(two));
    let tagged = two.replace(
        "    claimant: c\n  - id: b",
        "    claimant: c\n    verdict:\n      rating: \"false\"\n  - id: b",
    );
    let in_place = |claims, verdicts, edited| InPlace {
        claims,
        verdicts,
        edited,
    };
    assert_eq!(
        corpus.update_in_place(load(&tagged)).ok(),
        Some(in_place(0..2, 1, 0)),
        "in place, one verdict changed"
    );
    assert_eq!(ids(&corpus.claims), ["a", "b"]);
    assert_eq!(corpus.claims[0].verdict.as_ref().unwrap().rating, "false");
    // `b` moved down two lines in the file.
    assert_eq!(corpus.claims[1].origin.line, 7);

    // An edited assertion keeps the claim where it is too: one file's change costs that
    // file, not the claims after it.
    let rewritten = tagged.replace("assertion: y", "assertion: z");
    assert_eq!(
        corpus.update_in_place(load(&rewritten)).ok(),
        Some(in_place(0..2, 0, 1))
    );
    assert_eq!(corpus.claims[1].assertion, "z");

    let renamed = rewritten.replace("id: b", "id: b2");
    assert!(
        corpus.update_in_place(load(&renamed)).is_err(),
        "an id changed: the caller must reload the file"
    );
    assert_eq!(corpus.claims[1].id, "b");
}

#[test]
fn a_claim_of_the_wrong_shape_does_not_hide_the_others() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n  - id: b\n    assertion: y\n    claimant: c\n    date: [1]\n  - id: c\n    assertion: z\n    claimant: c\n";
    let file = load(text);
    assert_eq!(ids(&file.claims), ["a", "c"]);
    assert_one_problem(&file, Severity::Error, (8, 11), "expected string scalar");
}

#[test]
fn a_claim_missing_a_field_among_others_is_reported_at_its_mapping() {
    let text =
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n  - id: b\n    assertion: y\n";
    let file = load(text);
    assert_eq!(ids(&file.claims), ["a"]);
    assert_one_problem(&file, Severity::Error, (5, 5), "missing field `claimant`");
}

#[test]
fn reading_stops_one_byte_past_the_cap_even_from_an_endless_source() {
    assert_eq!(
        super::read_capped(std::io::repeat(b'#'), 1024, 10).unwrap(),
        None
    );
    let exact = super::read_capped(&b"claims: []"[..], 10, 1 << 40).unwrap();
    assert_eq!(exact.as_deref(), Some(&b"claims: []"[..]));
}

#[test]
fn a_named_pipe_in_place_of_a_file_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipe.yaml");
    crate::store::make_fifo(&path);
    // As if the pipe replaced a file after discovery: the read itself must refuse it.
    let loaded = load_file(&path, &RatingScale::default());
    let [problem] = &loaded.problems[..] else {
        panic!("{:#?}", loaded.problems)
    };
    assert!(problem.message.contains("it is a named pipe"), "{problem}");
}

/// Words from serde-saphyr's own vocabulary that mean nothing to someone writing claims.
const LIBRARY_WORDING: &[&str] = &[
    "Option<",
    "DuplicateKeyPolicy",
    "Options",
    "budget breached",
    "{ ",
    "deserialize",
];

#[track_caller]
fn assert_in_authors_words(file: &LoadedFile, expected: &str) {
    let [problem] = &file.problems[..] else {
        panic!("expected one problem, got {:#?}", file.problems);
    };
    for words in LIBRARY_WORDING {
        assert!(!problem.message.contains(words), "{words:?} in {problem}");
    }
    assert!(problem.message.contains(expected), "{problem}");
}

#[test]
fn a_null_field_is_named_in_the_authors_words() {
    let file = load_bytes(b"claims:\n  - id: x\n    assertion: ~\n    claimant: c\n");
    assert_in_authors_words(&file, "empty (null)");
}

#[test]
fn a_duplicate_key_is_named_in_the_authors_words() {
    let file =
        load_bytes(b"claims:\n  - id: y\n    assertion: a\n    claimant: c\n    claimant: d\n");
    assert_in_authors_words(&file, "`claimant` appears twice");
}

#[test]
fn aliases_padded_with_comments_are_refused_by_what_they_replay_not_the_file_size() {
    // A megabyte of comments used to buy a megabyte of alias replay: it buys nothing now.
    let mut text = "# padding\n".repeat(100_000);
    text.push_str(&format!("l0: &l0 [{}]\n", vec!["x"; 1000].join(",")));
    text.push_str(&format!("l1: [{}]\n", vec!["*l0"; 200].join(",")));
    text.push_str("claims: []\n");
    let file = load_bytes(text.as_bytes());
    assert_in_authors_words(&file, "aliases (`*name`) up to here would repeat");
    let [problem] = &file.problems[..] else {
        unreachable!()
    };
    assert_eq!(problem.line, 100_002, "{problem}");
}

#[test]
fn a_claim_file_sharing_a_source_by_alias_loads() {
    let mut text = String::from("claims:\n");
    for i in 0..300 {
        let source = if i == 0 {
            "&report {name: News report, quote: the quote}"
        } else {
            "*report"
        };
        text.push_str(&format!(
            "  - id: c{i}\n    assertion: a\n    claimant: c\n    source: {source}\n"
        ));
    }
    let file = load_bytes(text.as_bytes());
    assert!(file.problems.is_empty(), "{:#?}", file.problems);
    assert_eq!(file.claims.len(), 300);
}

#[test]
fn utf16_and_utf32_files_are_named_with_what_to_do() {
    let text = "claims:\n  - id: u\n    assertion: a\n    claimant: c\n";
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let utf32le: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    let utf32be: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    let with_bom = |bom: &[u8], body: &[u8]| [bom, body].concat();
    for (bytes, encoding) in [
        (with_bom(&[0xff, 0xfe], &utf16le), "UTF-16"),
        (utf16le.clone(), "UTF-16"),
        (with_bom(&[0xfe, 0xff], &utf16be), "UTF-16"),
        (utf16be.clone(), "UTF-16"),
        (with_bom(&[0xff, 0xfe, 0, 0], &utf32le), "UTF-32"),
        (utf32le.clone(), "UTF-32"),
        (with_bom(&[0, 0, 0xfe, 0xff], &utf32be), "UTF-32"),
        (utf32be.clone(), "UTF-32"),
    ] {
        let file = load_bytes(&bytes);
        assert_one_problem(
            &file,
            Severity::Error,
            (1, 1),
            &format!("the file is {encoding} text: save it as UTF-8"),
        );
    }
}

#[test]
fn dates_must_be_written_as_yyyy_mm_dd_with_a_real_month_and_day() {
    for (date, accepted) in [
        ("2023-06-15", true),
        ("\"2023-06-15\"", true),
        ("2024-02-29", true),
        ("2023-6-5", false),
        ("2023-06-5", false),
        ("23-06-15", false),
        ("+2023-06-15", false),
        ("2023-13-01", false),
        ("2023-02-30", false),
        ("2023-02-29", false),
        ("2023-06-15x", false),
    ] {
        let text =
            format!("claims:\n  - id: d\n    assertion: a\n    claimant: c\n    date: {date}\n");
        let file = load(&text);
        assert_eq!(
            file.problems.is_empty(),
            accepted,
            "{date}: {:#?}",
            file.problems
        );
        if !accepted {
            assert!(file.problems[0].message.contains("write it as YYYY-MM-DD"));
        }
    }
}

/// The one-claim-at-a-time reading finds exactly what the whole-file reading finds.
#[test]
fn reading_claim_by_claim_gives_what_reading_the_whole_file_gives() {
    let sample = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/cowin-2023-06.yaml"
    ))
    .unwrap();
    let texts = [
        sample.as_str(),
        // Warnings and errors on single claims: unknown keys, a malformed id, a bad date, an
        // unknown rating, a duplicate id within the file.
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    colour: red\n  - id: Bad Id\n    \
         assertion: x\n    claimant: c\n  - id: d\n    assertion: x\n    claimant: c\n    date: \
         2023-6-5\n    verdict: {rating: maybe}\n  - id: a\n    assertion: y\n    claimant: c\n",
        // Keys around the list, flow style, CRLF and a BOM.
        "\u{feff}title: desk\r\nclaims: [{id: f, assertion: x, claimant: c, tags: [t]}]\r\nmore: 1\r\n",
        "claims: []\n",
        // Plain scalars YAML 1.1 would type are text; quoted, block and null forms; keys
        // nested in an ignored value.
        "claims:\n  - id: '7'\n    assertion: |\n      true\n    claimant: 0x10\n    date: ~\n    \
         tags: [yes, .nan, \"\"]\n    extra: {a: [1, {b: 2}]}\n    source: {name: null, url: ''}\n",
    ];
    for text in texts {
        let scale = RatingScale::default();
        let mut streaming =
            Loader::new(Path::new(PATH), text.trim_start_matches('\u{feff}'), &scale);
        let claims = streaming
            .load_streaming()
            .unwrap_or_else(|| panic!("read claim by claim: {text}"));
        let streamed = streaming.result(FileKind::Claims, claims);
        let whole =
            Loader::new(Path::new(PATH), text.trim_start_matches('\u{feff}'), &scale).load_whole();
        assert_eq!(streamed.claims, whole.claims, "{text}");
        assert_eq!(streamed.problems, whole.problems, "{text}");
    }
}

/// Claims read straight from the parser's events are exactly those the whole-file reading
/// gives, placed at the same ids; a file with anything to report is read through its located
/// tree instead, which says where.
#[test]
fn a_plain_file_with_nothing_to_report_is_read_straight_from_the_events() {
    let scale = RatingScale::default();
    let sample = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/cowin-2023-06.yaml"
    ))
    .unwrap();
    let generated = generated_claims(20);
    let flow = "title: desk\nclaims: [{id: f, assertion: \"x\\ty\", claimant: c, tags: [t]}]\n";
    for text in [sample.as_str(), generated.as_str(), flow] {
        let mut straight = Loader::new(Path::new(PATH), text, &scale);
        let claims = straight
            .load_plain(Loader::read_straight)
            .unwrap_or_else(|| panic!("not read straight: {text}"));
        let whole = Loader::new(Path::new(PATH), text, &scale).load_whole();
        assert!(straight.problems.is_empty());
        assert!(!claims.is_empty());
        assert_eq!(claims, whole.claims, "{text}");
        let origins = |claims: &[Claim]| -> Vec<(usize, usize)> {
            claims
                .iter()
                .map(|c| (c.origin.line, c.origin.col))
                .collect()
        };
        assert_eq!(origins(&claims), origins(&whole.claims));
    }
    let claim = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n";
    for extra in [
        "    colour: red\n",
        "    date: 2023-6-5\n",
        "    verdict: {rating: maybe}\n",
        "    verdict: {rating: true, at: yesterday}\n",
        "    source: {name: n, page: 4}\n",
        "    rebuttals: [{by: b, text: t, date: soon}]\n",
    ] {
        let text = format!("{claim}{extra}");
        let mut loader = Loader::new(Path::new(PATH), &text, &scale);
        assert!(loader.load_plain(Loader::read_straight).is_none(), "{text}");
        assert!(loader.problems.is_empty(), "{text}: nothing kept");
        let located = Loader::new(Path::new(PATH), &text, &scale).load_streaming();
        assert!(located.is_some(), "{text}");
    }
    let bad_id = "claims:\n  - id: Bad Id\n    assertion: x\n    claimant: c\n";
    let mut loader = Loader::new(Path::new(PATH), bad_id, &scale);
    assert!(loader.load_plain(Loader::read_straight).is_none());
}

/// Lists are read item by item, grown as they go; a claim keeps them at their length (a
/// hundred thousand claims with room for a fourth tag and rebuttal took 12 MB more).
#[test]
fn a_claims_lists_take_no_more_memory_than_their_items() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    tags: [one, two, three]\n    \
                rebuttals:\n      - {by: b, text: t}\n      - {by: b, text: u}\n      - {by: b, text: v}\n";
    let file = load(text);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let claim = &file.claims[0];
    assert_eq!((claim.tags.len(), claim.tags.capacity()), (3, 3));
    assert_eq!((claim.rebuttals.len(), claim.rebuttals.capacity()), (3, 3));
}

#[test]
fn files_off_the_plain_shape_are_read_whole() {
    let scale = RatingScale::default();
    for text in [
        "claims:\n  - &a {id: a, assertion: x, claimant: c}\n",
        "claims:\n  - id: a\n    assertion: x\n---\nclaims: []\n",
        "claim:\n  - id: a\n",
        "claims: 5\n",
        "claims:\n  - id: a\n    assertion: [x]\n    claimant: c\n",
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n  - id: b\n    assertion: x\n",
        // What serde-saphyr reads otherwise, or refuses: a second list, a key twice, a merge
        // key, a tag, a null key.
        "claims: []\nclaims: []\n",
        "a: 1\nclaims: []\na: 2\n",
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    <<: {date: 2023-06-15}\n",
        "claims:\n  - id: a\n    assertion: !!str x\n    claimant: c\n",
        "!desk\nclaims: []\n",
        "claims: []\n~: 1\n",
    ] {
        let shaped = !super::streaming::may_have_anchors(text)
            && Loader::new(Path::new(PATH), text, &scale)
                .load_streaming()
                .is_some();
        assert!(!shaped, "read claim by claim: {text}");
    }
}

#[test]
fn a_lone_carriage_return_is_refused_where_it_is() {
    // YAML would read it as a line break, every other tool (and claimdesk's positions) not:
    // classic Mac line endings are refused before parsing, at the carriage return.
    for (text, at) in [
        (
            "claims:\n  - id: a\n    assertion: x\r    claimant: c\n",
            (3, 17),
        ),
        ("c\n<<<<<<< \r\r\n=======\n>>>>>>>\n#\r\r i", (2, 9)),
        ("claims: []\r", (1, 11)),
    ] {
        let file = load(text);
        assert_one_problem(
            &file,
            Severity::Error,
            at,
            "carriage return without a line feed",
        );
    }
    // CRLF is fine.
    let file = load("claims:\r\n  - id: a\r\n    assertion: x\r\n    claimant: c\r\n");
    assert!(file.problems.is_empty(), "{:#?}", file.problems);
}

#[test]
fn files_are_taken_in_their_order_whichever_finishes_first() {
    let files: Vec<PathBuf> = (0..64)
        .map(|i| PathBuf::from(format!("{i}.yaml")))
        .collect();
    // Even files wait until the file after them is done: results arrive out of order.
    let done: Vec<std::sync::atomic::AtomicBool> = files.iter().map(|_| false.into()).collect();
    let mut taken = Vec::new();
    load_in_order(
        &files,
        |path| {
            let i: usize = path
                .to_string_lossy()
                .trim_end_matches(".yaml")
                .parse()
                .unwrap();
            if i.is_multiple_of(2) && rayon::current_num_threads() > 1 {
                while !done[i + 1].load(Ordering::Acquire) {
                    std::thread::yield_now();
                }
            }
            done[i].store(true, Ordering::Release);
            i
        },
        |i| taken.push(i),
    );
    assert_eq!(taken, (0..64).collect::<Vec<_>>());
}

#[test]
fn a_corpus_makes_room_for_all_files_from_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = generated_claims(10);
    let files: Vec<PathBuf> = (0..4)
        .map(|i| {
            let path = dir.path().join(format!("{i}.yaml"));
            fs::write(&path, text.replace("id: a", &format!("id: f{i}-a"))).unwrap();
            path
        })
        .collect();
    let mut corpus = Corpus::for_files(Vec::new(), &files);
    corpus.add(load_file(&files[0], &RatingScale::default()));
    assert_eq!(corpus.claims.len(), 10);
    assert!(
        corpus.claims.capacity() >= 40,
        "{}",
        corpus.claims.capacity()
    );
}

/// The dashboard's files arrive in any order, and some hold no claims: room is made from the
/// first that holds claims, by its own size.
#[test]
fn a_corpus_makes_room_from_whichever_file_with_claims_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.yaml");
    let large = dir.path().join("large.yaml");
    let other = dir.path().join("other.yaml");
    fs::write(&small, generated_claims(10)).unwrap();
    fs::write(&large, generated_claims(30).replace("id: a", "id: b")).unwrap();
    fs::write(&other, "title: not claims\n").unwrap();
    let files = [small.clone(), large.clone(), other.clone()];
    let mut corpus = Corpus::default();
    corpus.expect_bytes(total_bytes(&files));
    corpus.add(load_file(&other, &RatingScale::default()));
    corpus.add(load_file(&large, &RatingScale::default()));
    assert_eq!(corpus.claims.len(), 30);
    assert!(
        corpus.claims.capacity() >= 40,
        "{}",
        corpus.claims.capacity()
    );
}
