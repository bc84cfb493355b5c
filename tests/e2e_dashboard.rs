//! The real binary in a pseudo-terminal: what a user types, what the screen shows, and what
//! ends up on disk.

mod support;

use std::path::Path;

use claimdesk::loader::TEST_GATE;
use claimdesk::model::RatingScale;
use claimdesk::store::load_file;

use support::{Dashboard, ENTER, TerminalModes, claimdesk, fixture, git, make_fifo};

fn rating_on_disk(path: &Path, id: &str) -> Option<String> {
    let file = load_file(path, &RatingScale::default());
    let claim = file.claims.into_iter().find(|c| c.id == id)?;
    claim.verdict.map(|v| v.rating.to_string())
}

#[test]
fn search_read_and_tag_a_claim_then_only_its_verdict_changes_on_disk() {
    let (dir, file) = fixture();
    let mut dashboard = Dashboard::open(dir.path(), &["data/", "--by", "tester"]);
    dashboard.wait_for_text("Claims 6/6");

    dashboard.send("/available online");
    dashboard.wait_for_text("Claims 1/6");
    dashboard.send(ENTER);
    let screen = dashboard.wait_for_text("Rebuttals (3)");
    assert!(
        screen.contains("data from the CoWIN portal, which was launched"),
        "assertion:\n{screen}"
    );
    assert!(
        screen.contains("News report, 2023-06-15"),
        "source:\n{screen}"
    );
    assert!(
        screen.contains("Rajeev Chandrasekhar"),
        "rebuttal:\n{screen}"
    );

    dashboard.send("v");
    dashboard.wait_for_text("1-8 or ↑↓ Enter");
    dashboard.send("5");
    dashboard.wait_for_text("Note for FALSE");
    dashboard.send("no such leak is shown in the report");
    dashboard.send(ENTER);
    dashboard.wait_for_text("verdict saved to data/cowin-2023-06.yaml");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());

    let numstat = git(dir.path(), &["diff", "--numstat"]);
    let counts: Vec<&str> = numstat.split_whitespace().collect();
    assert_eq!(counts[1], "0", "nothing deleted: {numstat}");
    let diff = git(dir.path(), &["diff", "--unified=0"]);
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(added.len(), 5, "{diff}");
    assert_eq!(added[0], "+    verdict:");
    assert_eq!(added[1], "+      rating: \"false\"");
    assert_eq!(added[2], "+      note: no such leak is shown in the report");
    assert_eq!(added[3], "+      by: tester");
    assert!(added[4].starts_with("+      at: "), "{diff}");
    // The block lands at the end of the tagged claim, right after its tags.
    let hunk = diff.lines().find(|l| l.starts_with("@@")).unwrap();
    // `@@ -62,0 +63,5 @@`: the added lines start at line 63 of the new file.
    let start: usize = hunk
        .split_whitespace()
        .find_map(|token| token.strip_prefix('+'))
        .and_then(|range| range.split(',').next())
        .and_then(|line| line.parse().ok())
        .expect("hunk start");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.lines().nth(start - 2),
        Some("    tags: [cowin, data-breach, telegram]")
    );
}

#[test]
fn a_verdict_written_by_someone_else_shows_up_and_both_survive() {
    let (dir, file) = fixture();
    let mut dashboard = Dashboard::open(dir.path(), &["data/", "--by", "tester"]);
    dashboard.wait_for_text("Claims 6/6");

    colleague_tags(
        dir.path(),
        "obrien-threat-to-government-organs",
        "misleading",
        "other",
    );
    dashboard.wait_for_text("MISLEADING");

    dashboard.send("/iceberg");
    dashboard.wait_for_text("Claims 1/6");
    dashboard.send(ENTER);
    dashboard.send("v8");
    dashboard.wait_for_text("Note for UNPROVEN");
    dashboard.send(ENTER);
    dashboard.wait_for_text("verdict saved");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());

    assert_eq!(
        rating_on_disk(&file, "obrien-threat-to-government-organs").as_deref(),
        Some("misleading")
    );
    assert_eq!(
        rating_on_disk(&file, "obrien-tip-of-the-iceberg").as_deref(),
        Some("unproven")
    );
}

#[test]
fn a_claim_file_added_and_removed_by_someone_else_comes_and_goes() {
    let (dir, _) = fixture();
    let mut dashboard = Dashboard::open(dir.path(), &["data/"]);
    dashboard.wait_for_text("Claims 6/6");
    let added = dir.path().join("data/added.yaml");
    let text =
        "claims:\n  - id: added-claim\n    assertion: a claim someone added\n    claimant: c\n";
    std::fs::write(&added, text).unwrap();
    dashboard.wait_for_text("Claims 7/7");
    std::fs::remove_file(&added).unwrap();
    dashboard.wait_for_text("Claims 6/6");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());
}

fn verdict_on_disk(path: &Path, id: &str) -> Option<claimdesk::model::Verdict> {
    let file = load_file(path, &RatingScale::default());
    file.claims
        .into_iter()
        .find(|c| c.id == id)?
        .verdict
        .map(|v| *v)
}

/// `claimdesk tag ID RATING --by BY --note "from the desk" data/`, as a colleague at another
/// terminal would run it.
fn colleague_tags(dir: &Path, id: &str, rating: &str, by: &str) {
    let args = [
        "tag",
        id,
        rating,
        "--by",
        by,
        "--note",
        "from the desk",
        "data/",
    ];
    claimdesk(dir, &args);
}

#[test]
fn a_colleagues_verdict_tagged_while_the_picker_is_open_stays_until_the_user_confirms() {
    let (dir, file) = fixture();
    let id = "cowin-data-available-online";
    let mut dashboard = Dashboard::open(dir.path(), &["data/", "--by", "tester"]);
    dashboard.wait_for_text("Claims 6/6");
    dashboard.send("v");
    dashboard.wait_for_text("1-8 or ↑↓ Enter");
    colleague_tags(dir.path(), id, "pants-on-fire", "erin");
    // The dashboard notices the change behind the picker.
    dashboard.wait_for_text("PANTS FIRE");
    dashboard.send("5");
    dashboard.wait_for_text("Note for FALSE");
    dashboard.send(ENTER);
    let screen = dashboard.wait_for_text("The verdict changed on disk since you began");
    assert!(screen.contains("PANTS FIRE  by erin"), "{screen}");
    assert!(
        screen.contains("from the desk"),
        "the note is shown:\n{screen}"
    );
    assert_eq!(
        verdict_on_disk(&file, id)
            .map(|v| v.rating.to_string())
            .as_deref(),
        Some("pants-on-fire"),
        "nothing is written before the user answers"
    );
    dashboard.send("y");
    dashboard.wait_for_text("verdict saved to");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());
    let verdict = verdict_on_disk(&file, id).expect("a verdict");
    assert_eq!(verdict.rating, "false");
    assert_eq!(verdict.by.as_deref(), Some("tester"));
}

#[test]
fn a_bracketed_paste_into_the_note_is_text_and_runs_no_keys() {
    let (dir, file) = fixture();
    let id = "cowin-data-available-online";
    let before = std::fs::read_to_string(&file).unwrap();
    let mut dashboard = Dashboard::open(dir.path(), &["data/", "--by", "tester"]);
    dashboard.wait_for_text("Claims 6/6");
    dashboard.send("v5");
    dashboard.wait_for_text("Note for FALSE");
    let pasted = "undo this, quit: u q\nand j k\nthird line";
    // Terminals send a paste's line breaks as carriage returns.
    dashboard.send(&format!("\x1b[200~{}\x1b[201~", pasted.replace('\n', "\r")));
    dashboard.wait_for_text("third line");
    dashboard.send(ENTER);
    dashboard.wait_for_text("verdict saved to");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());

    let verdict = verdict_on_disk(&file, id).expect("a verdict");
    assert_eq!(verdict.note.as_deref(), Some(pasted));
    // Nothing else changed: the file is the old one plus this claim's verdict block.
    let after = std::fs::read_to_string(&file).unwrap();
    let diff = git(dir.path(), &["diff", "--unified=0"]);
    let removed = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .count();
    assert_eq!(removed, 0, "{diff}");
    assert_eq!(after.lines().count(), before.lines().count() + 8, "{diff}");
    assert!(diff.contains("+      note: |-\n+        undo this, quit: u q\n+        and j k\n+        third line\n"), "{diff}");
}

/// The dashboard on the fixture in `dir` with `$VISUAL` a shell script of `body` and the
/// options `extra`, its claims listed.
fn with_fake_editor(dir: &Path, body: &str, extra: &[&str]) -> Dashboard {
    let script = dir.join("fake-editor");
    std::fs::write(&script, format!("#!/bin/sh\n{body}")).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&script, mode).unwrap();
    let mut args = vec!["data/", "--by", "tester"];
    args.extend(extra);
    let dashboard = Dashboard::open_with_env(dir, &args, &[("VISUAL", script.to_str().unwrap())]);
    dashboard.wait_for_text("Claims 6/6");
    dashboard
}

#[test]
fn e_hands_the_terminal_to_the_editor_at_the_claim_and_shows_its_edit_after() {
    let (dir, file) = fixture();
    // An "editor" that records its arguments, waits for a line as a real one waits for keys,
    // and rewrites an assertion, as a user would.
    let mut dashboard = with_fake_editor(
        dir.path(),
        "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/editor-args\"\n\
         printf 'fake editor ready\\n'\nIFS= read -r line\n\
         sed -i 's/A deep-rooted conspiracy/An edited conspiracy/' \"$2\"\n",
        &["--mouse"],
    );
    let dashboards = dashboard.modes();
    assert_eq!(
        dashboards,
        TerminalModes {
            alternate_screen: true,
            cursor_hidden: true,
            bracketed_paste: true,
            mouse_reports: true,
            raw: true,
        }
    );
    dashboard.send("jje");
    dashboard.wait_for_text("fake editor ready");
    assert_eq!(
        dashboard.modes(),
        TerminalModes::SHELL,
        "the editor gets the terminal as the shell had it"
    );
    dashboard.send(ENTER);
    dashboard.wait_for_text("back from the editor");
    let screen = dashboard.wait_for_text("An edited conspiracy");
    assert!(
        screen.contains("Claims 6/6"),
        "the dashboard is drawn again:\n{screen}"
    );
    assert_eq!(dashboard.modes(), dashboards, "and takes its modes back");
    let args = std::fs::read_to_string(dir.path().join("editor-args")).unwrap();
    let line = load_file(&file, &RatingScale::default())
        .claims
        .iter()
        .find(|c| c.id == "obrien-deep-rooted-conspiracy")
        .map(|c| c.origin.line)
        .expect("the claim");
    assert_eq!(args, format!("+{line}\ndata/cowin-2023-06.yaml\n"));
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());
}

#[test]
fn the_first_frame_comes_while_files_load_and_q_quits_before_they_are_done() {
    let (dir, _) = fixture();
    let gate = dir.path().join("load-gate");
    make_fifo(&gate);
    // The loader waits for the gate to open, which it never does: every frame below is drawn,
    // and every key answered, while files load.
    let mut dashboard = Dashboard::open_with_env(
        dir.path(),
        &["data/"],
        &[(TEST_GATE, gate.to_str().unwrap())],
    );
    let screen = dashboard.wait_for("a frame while files load", |s| {
        s.contains("loading 0/1 files")
    });
    assert!(screen.contains("Loading…"), "{screen}");
    dashboard.send("?");
    let screen = dashboard.wait_for_text("Main screen");
    assert!(screen.contains("loading 0/1 files"), "{screen}");
    dashboard.send("\x1b");
    dashboard.wait_for("the help closed", |s| !s.contains("Main screen"));
    dashboard.send("q");
    let status = dashboard.wait_for_exit();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_editor_gets_every_key_typed_into_it() {
    let (dir, _) = fixture();
    // An "editor" that reads a line from the terminal, as a real one reads its keys, and keeps
    // it. Any key the dashboard read meanwhile would be missing from the line.
    let mut dashboard = with_fake_editor(
        dir.path(),
        "printf 'fake editor ready\\n'\nIFS= read -r line\n\
         printf '%s' \"$line\" > \"$(dirname \"$0\")/typed\"\n",
        &[],
    );
    dashboard.send("e");
    dashboard.wait_for_text("fake editor ready");
    // Keys the dashboard would act on: moves, a search, quit.
    let typed = "jjk/q?x";
    for key in typed.chars() {
        dashboard.send(&key.to_string());
    }
    dashboard.send(ENTER);
    dashboard.wait_for_text("back from the editor");
    let line = std::fs::read_to_string(dir.path().join("typed")).unwrap();
    assert_eq!(line, typed);
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());
}

#[test]
fn c_and_capital_r_add_a_claim_and_a_rebuttal_and_git_diff_shows_only_added_lines() {
    let (dir, _file) = fixture();
    let mut dashboard = Dashboard::open(dir.path(), &["data/", "--by", "tester"]);
    dashboard.wait_for_text("Claims 6/6");
    dashboard.send("c");
    dashboard.wait_for_text("New claim");
    dashboard.send("A rally drew a million people");
    dashboard.send(ENTER);
    dashboard.send("Asha Rao");
    // Ctrl-S saves from any field.
    dashboard.send("\x13");
    dashboard.wait_for_text("claim `rao-rally-drew-million-people` added");
    dashboard.wait_for_text("Claims 7/7");
    dashboard.send("R");
    dashboard.wait_for_text("Rebuttal to rao-rally");
    dashboard.send("Police counted forty thousand.");
    dashboard.send("\x13");
    dashboard.wait_for_text("a rebuttal to `rao-rally-drew-million-people` added");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());

    let numstat = git(dir.path(), &["diff", "--numstat"]);
    let counts: Vec<&str> = numstat.split_whitespace().collect();
    assert_eq!(counts[1], "0", "nothing removed: {numstat}");
    let diff = git(dir.path(), &["diff", "--unified=0"]);
    assert!(
        diff.contains("+  - id: rao-rally-drew-million-people\n"),
        "{diff}"
    );
    assert!(diff.contains("+      - by: tester\n"), "{diff}");
    claimdesk(dir.path(), &["validate", "data/"]);
}

#[test]
fn a_checker_tags_an_editor_approves_and_git_diff_shows_only_the_verdict_block() {
    let (dir, file) = fixture();
    let id = "cowin-portal-completely-safe";
    // Each works with their own settings file: a name and a role, no --by.
    let settings = |name: &str, role: &str| {
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, format!("name: {name}\nrole: {role}\n")).unwrap();
        path
    };
    let (checker_file, editor_file) =
        (settings("checker", "checker"), settings("editor", "editor"));
    let open_as = |file: &std::path::Path| {
        let file = file.to_str().unwrap();
        Dashboard::open_with_env(dir.path(), &["data/"], &[("CLAIMDESK_CONFIG", file)])
    };
    let mut checker = open_as(&checker_file);
    checker.wait_for_text("Claims 6/6");
    checker.send("G");
    checker.wait_for_text(&format!(" {id} "));
    checker.send("v5");
    checker.wait_for_text("Note for FALSE");
    checker.send("no basis for the leak claim");
    checker.send(ENTER);
    checker.wait_for_text("verdict saved to");
    // A checker proposes; only editors review.
    checker.send("a");
    checker.wait_for_text("only editors review");
    checker.send("q");
    assert!(checker.wait_for_exit().success());

    let mut editor = open_as(&editor_file);
    editor.wait_for_text("Claims 6/6");
    editor.send("G");
    editor.wait_for_text("Review: pending");
    editor.send("a");
    editor.wait_for_text("verdict approved in");
    editor.wait_for_text("Review: approved by editor");
    editor.send("q");
    assert!(editor.wait_for_exit().success());

    let verdict = load_file(&file, &RatingScale::default())
        .claims
        .into_iter()
        .find(|c| c.id == id)
        .and_then(|c| c.verdict)
        .expect("a verdict");
    assert_eq!(verdict.by.as_deref(), Some("checker"));
    let review = verdict.review.expect("a review");
    assert_eq!(review.by.as_deref(), Some("editor"));
    // Every changed line is a line of the claim's verdict block (its fields, six spaces in).
    let diff = git(dir.path(), &["diff", "--unified=0"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert!(!changed.is_empty());
    assert!(
        changed
            .iter()
            .all(|l| l[1..].starts_with("    verdict:") || l[1..].starts_with("      ")),
        "{diff}"
    );
}
