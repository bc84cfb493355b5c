//! The audit trail read from git: a repository the test builds commit by commit, by three
//! authors, with a rename of the claim's file and a move of the claim to another file; the
//! history must list exactly the verdict changes the test committed.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use claimdesk::history::{HistoryError, changed_since, history};
use claimdesk::model::RatingScale;
use claimdesk::store::Cache;
use support::git;

const BINARY: &str = env!("CARGO_BIN_EXE_claimdesk");

/// A claim's YAML, with a verdict when `rating` is given.
fn claim(id: &str, verdict: Option<(&str, &str)>) -> String {
    let mut text = format!("  - id: {id}\n    assertion: Said {id}.\n    claimant: Someone\n");
    if let Some((rating, note)) = verdict {
        text.push_str(&format!(
            "    verdict:\n      rating: {rating}\n      note: {note}\n"
        ));
    }
    text
}

fn claims_file(claims: &[String]) -> String {
    format!("claims:\n{}", claims.concat())
}

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        git(dir.path(), &["init", "-q", "-b", "main"]);
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("make folders");
        fs::write(path, text).expect("write a claim file");
    }

    /// Commits everything as `author` and returns the commit's id.
    fn commit(&self, author: &str, message: &str) -> String {
        git(self.root(), &["add", "-A"]);
        let name = format!("user.name={author}");
        let email = format!("user.email={}@desk.example", author.to_lowercase());
        git(
            self.root(),
            &["-c", &name, "-c", &email, "commit", "-q", "-m", message],
        );
        git(self.root(), &["rev-parse", "HEAD"]).trim().to_string()
    }

    fn write_and_commit(&self, author: &str, path: &str, text: &str) -> String {
        self.write(path, text);
        self.commit(author, &format!("{author} edits {path}"))
    }
}

/// One change as the test committed it.
struct Committed {
    commit: String,
    author: &'static str,
    before: Option<&'static str>,
    after: Option<&'static str>,
    note: Option<&'static str>,
    path: &'static str,
}

/// The desk's history: c1 is tagged by Bob, its file renamed by Carol, re-rated by Alice,
/// moved to another file by Bob, re-rated by Carol, untagged by Alice; c2 changes in between.
fn build_history(desk: &Desk) -> Vec<Committed> {
    let c2 = claim("c2", None);
    desk.write(
        "desk/a.yaml",
        &claims_file(&[claim("c1", None), c2.clone()]),
    );
    desk.commit("Alice", "Two claims");
    let tagged = desk.write_and_commit(
        "Bob",
        "desk/a.yaml",
        &claims_file(&[claim("c1", Some(("false", "No record of it"))), c2.clone()]),
    );
    git(desk.root(), &["mv", "desk/a.yaml", "desk/renamed.yaml"]);
    desk.commit("Carol", "Rename the file");
    let one_record = Some(("mostly-false", "One record found"));
    let rerated = desk.write_and_commit(
        "Alice",
        "desk/renamed.yaml",
        &claims_file(&[claim("c1", one_record), c2.clone()]),
    );
    desk.write("desk/renamed.yaml", &claims_file(&[c2]));
    desk.write(
        "other/b.yaml",
        &claims_file(&[claim("b1", None), claim("c1", one_record)]),
    );
    desk.commit("Bob", "Move c1 to the other file");
    desk.write_and_commit(
        "Carol",
        "desk/renamed.yaml",
        &claims_file(&[claim("c2", Some(("true", "Checked")))]),
    );
    let rated_true = desk.write_and_commit(
        "Carol",
        "other/b.yaml",
        &claims_file(&[
            claim("b1", None),
            claim("c1", Some(("true", "Both records found"))),
        ]),
    );
    let untagged = desk.write_and_commit(
        "Alice",
        "other/b.yaml",
        &claims_file(&[claim("b1", None), claim("c1", None)]),
    );
    let committed = |commit, author, before, after, note, path| Committed {
        commit,
        author,
        before,
        after,
        note,
        path,
    };
    vec![
        committed(
            tagged,
            "Bob",
            None,
            Some("false"),
            Some("No record of it"),
            "desk/a.yaml",
        ),
        committed(
            rerated,
            "Alice",
            Some("false"),
            Some("mostly-false"),
            Some("One record found"),
            "desk/renamed.yaml",
        ),
        committed(
            rated_true,
            "Carol",
            Some("mostly-false"),
            Some("true"),
            Some("Both records found"),
            "other/b.yaml",
        ),
        committed(untagged, "Alice", Some("true"), None, None, "other/b.yaml"),
    ]
}

fn assert_history_matches(desk: &Desk, cache: Option<&Cache>, expected: &[Committed]) {
    let changes = history(desk.root(), "c1", &RatingScale::default(), cache).expect("history");
    let rating = |audited: &claimdesk::history::Audited| {
        audited.verdict.as_ref().map(|v| v.rating.to_string())
    };
    let found: Vec<_> = changes
        .iter()
        .map(|c| {
            (
                c.commit.clone(),
                c.author.clone(),
                rating(&c.before),
                rating(&c.after),
                c.after.verdict.as_ref().and_then(|v| v.note.clone()),
                c.path.clone(),
            )
        })
        .collect();
    let wanted: Vec<_> = expected
        .iter()
        .map(|e| {
            (
                e.commit.clone(),
                e.author.to_string(),
                e.before.map(str::to_string),
                e.after.map(str::to_string),
                e.note.map(str::to_string),
                PathBuf::from(e.path),
            )
        })
        .collect();
    assert_eq!(found, wanted);
}

#[test]
fn history_follows_the_claim_across_a_rename_and_a_move_by_three_authors() {
    let desk = Desk::new();
    let expected = build_history(&desk);
    assert_history_matches(&desk, None, &expected);
}

#[test]
fn a_warm_history_from_the_cache_is_the_same() {
    let desk = Desk::new();
    let expected = build_history(&desk);
    let cache_dir = tempfile::tempdir().expect("cache folder");
    let cache = Cache::at(cache_dir.path().to_path_buf());
    assert_history_matches(&desk, Some(&cache), &expected);
    let kept = fs::read_dir(cache_dir.path())
        .expect("the cache was written")
        .count();
    assert!(kept > 0);
    assert_history_matches(&desk, Some(&cache), &expected);
}

#[test]
fn history_of_an_unknown_claim_says_so() {
    let desk = Desk::new();
    build_history(&desk);
    let error = history(desk.root(), "nope", &RatingScale::default(), None).unwrap_err();
    assert!(matches!(error, HistoryError::UnknownClaim(_)), "{error}");
}

#[test]
fn the_history_command_prints_a_table_and_json() {
    let desk = Desk::new();
    let expected = build_history(&desk);
    let table = support::claimdesk(desk.root(), &["history", "c1"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].contains(&expected[0].commit[..10]), "{table}");
    assert!(
        lines[0].contains("Bob: untagged -> false  No record of it"),
        "{table}"
    );
    assert!(lines[3].contains("Alice: true -> untagged"), "{table}");
    let json = support::claimdesk(desk.root(), &["history", "c1", "--format", "json", "other"]);
    let changes: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(changes.as_array().map(Vec::len), Some(4));
    assert_eq!(changes[1]["author"], "Alice");
    assert_eq!(changes[1]["before"]["verdict"]["rating"], "false");
    assert_eq!(changes[1]["after"]["verdict"]["rating"], "mostly-false");
    assert_eq!(changes[2]["path"], "other/b.yaml");
}

/// `claimdesk ARGS` in `dir`, expected to fail with exit code 1, git looking for a repository
/// no higher than `dir`: its standard error.
fn failing(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(BINARY)
        .args(args)
        .current_dir(dir)
        .env("CLAIMDESK_CONFIG", "")
        .env("CLAIMDESK_STATE_DIR", "")
        .env("CLAIMDESK_CACHE_DIR", "")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .output()
        .expect("run claimdesk");
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stderr).expect("UTF-8")
}

#[test]
fn no_repository_gives_a_clear_message() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let stderr = failing(dir.path(), &["history", "c1"]);
    assert!(stderr.contains("is not in a git repository"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn a_shallow_clone_gives_a_clear_message() {
    let desk = Desk::new();
    build_history(&desk);
    let clones = tempfile::tempdir().expect("temporary folder");
    let source = format!("file://{}", desk.root().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &source, "shallow"],
    );
    let stderr = failing(&clones.path().join("shallow"), &["history", "c1"]);
    assert!(stderr.contains("shallow clone"), "{stderr}");
    assert!(stderr.contains("git fetch --unshallow"), "{stderr}");
}

#[test]
fn changed_since_lists_the_claims_whose_verdict_differs() {
    let desk = Desk::new();
    build_history(&desk);
    let scale = RatingScale::default();
    let changed = |revision| {
        changed_since(desk.root(), revision, &scale, None)
            .expect("changed since")
            .into_iter()
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
    };
    assert!(changed("HEAD").is_empty());
    // Since HEAD~2, c1 was re-rated and then untagged: from mostly-false to none.
    assert_eq!(changed("HEAD~2"), ["c1"]);
    // Since HEAD~3 (before c2's tag) c2 changed too; a move alone is no change.
    assert_eq!(changed("HEAD~3"), ["c1", "c2"]);
    // An uncommitted edit and a new untracked file with a tagged claim count.
    desk.write(
        "other/b.yaml",
        &claims_file(&[claim("b1", Some(("false", "x"))), claim("c1", None)]),
    );
    desk.write(
        "new.yaml",
        &claims_file(&[claim("n1", Some(("true", "y")))]),
    );
    assert_eq!(changed("HEAD"), ["b1", "n1"]);
    let error = changed_since(desk.root(), "ORIG_HEAD", &scale, None).unwrap_err();
    assert!(
        error.to_string().contains("git sets it on a pull"),
        "{error}"
    );
}

#[test]
fn list_changed_since_keeps_the_claims_changed_since_the_revision_or_the_last_pull() {
    let desk = Desk::new();
    build_history(&desk);
    let ids = |args: &[&str]| {
        let mut ids: Vec<String> = support::claimdesk(desk.root(), args)
            .lines()
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    };
    let since = ["list", "--format", "ids", "--changed-since", "HEAD~3"];
    assert_eq!(ids(&since), ["c1", "c2"]);
    // Filters combine: of those, the untagged ones.
    assert_eq!(ids(&[&since[..], &["--untagged"]].concat()), ["c1"]);
    let stderr = failing(desk.root(), &["list", "--changed-since"]);
    assert!(stderr.contains("no revision `ORIG_HEAD`"), "{stderr}");
    // What `git pull` leaves behind: ORIG_HEAD where the branch was.
    git(desk.root(), &["update-ref", "ORIG_HEAD", "HEAD~2"]);
    assert_eq!(ids(&["list", "--format", "ids", "--changed-since"]), ["c1"]);
}
