//! The headless commands as a script or CI job runs them: exit codes, output, files on disk.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cowin-2023-06.yaml");
/// A claim of the sample without a verdict, and one with.
const UNRATED: &str = "cowin-portal-completely-safe";
const RATED: &str = "cowin-data-via-telegram-bot";

/// A scratch folder for claim files, with the warm-start cache kept beside it (never the
/// user's own cache).
struct Desk {
    root: TempDir,
}

impl Desk {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("claims")).unwrap();
        Self { root }
    }

    /// A desk holding a copy of the shipped sample.
    fn with_sample() -> Self {
        let desk = Self::new();
        fs::copy(SAMPLE, desk.file("cowin.yaml")).unwrap();
        desk
    }

    fn dir(&self) -> PathBuf {
        self.root.path().join("claims")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir().join(name)
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.file(name)).unwrap()
    }

    fn claimdesk(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
        command
            .env("CLAIMDESK_CONFIG", "")
            .env("CLAIMDESK_STATE_DIR", "")
            .env("CLAIMDESK_CACHE_DIR", self.root.path().join("cache"));
        command
    }

    /// `claimdesk ARGS... FOLDER`, the desk's folder last, as every command takes it.
    fn run(&self, args: &[&str]) -> std::process::Output {
        self.claimdesk()
            .args(args)
            .arg(self.dir())
            .output()
            .unwrap()
    }

    fn validate(&self) -> std::process::Output {
        self.run(&["validate"])
    }
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The lines of `after` that are not in `before`, when `before`'s lines all appear in `after`
/// in order (a pure insertion, as `git diff` would show it).
fn inserted_lines<'a>(before: &str, after: &'a str) -> Vec<&'a str> {
    let mut old = before.lines().peekable();
    let mut added = Vec::new();
    for line in after.lines() {
        if old.peek() == Some(&line) {
            old.next();
        } else {
            added.push(line);
        }
    }
    assert_eq!(old.next(), None, "a line of the original is gone");
    added
}

#[test]
fn validate_accepts_the_shipped_sample() {
    let desk = Desk::new();
    let output = desk
        .claimdesk()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "data/"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "6 claims in 1 file, 0 errors, 0 warnings\n"
    );
}

#[test]
fn validate_reports_each_problem_with_its_place_and_fails() {
    let desk = Desk::new();
    fs::write(
        desk.file("bad.yaml"),
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    date: yesterday\n    \
         rebutals: []\n",
    )
    .unwrap();
    fs::copy(SAMPLE, desk.file("good.yaml")).unwrap();
    let output = desk.validate();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let bad = desk.file("bad.yaml").display().to_string();
    assert_eq!(
        stdout(&output),
        format!(
            "{bad}:5:11: error: `date: yesterday` is not a date: write it as YYYY-MM-DD, like \
             2023-06-15\n{bad}:6:5: warning: unknown key `rebutals` in claim, ignored; did you \
             mean `rebuttals`?\n7 claims in 2 files, 1 error, 1 warning\n"
        )
    );
}

/// `validate` and `list` show the loader's problems as they are: in words for the command
/// line, with no "reload" (a dashboard key), and still at their file, line and column.
#[test]
fn load_problems_on_the_command_line_never_say_reload() {
    let desk = Desk::new();
    fs::write(
        desk.file("syntax.yaml"),
        "claims:\n  - id: a\n    assertion: [x\n",
    )
    .unwrap();
    fs::write(
        desk.file("types.yaml"),
        "claims:\n  - id: b\n    assertion: x\n    claimant: c\n    date: [1]\n",
    )
    .unwrap();
    let output = desk.validate();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let problems = stdout(&output);
    let syntax = desk.file("syntax.yaml").display().to_string();
    let types = desk.file("types.yaml").display().to_string();
    assert!(problems.contains(&format!("{syntax}:")), "{problems}");
    assert!(
        problems.contains(&format!("{types}:5:11: error: ")),
        "{problems}"
    );
    assert!(problems.contains("; fix the YAML\n"), "{problems}");
    assert!(problems.contains("; fix this\n"), "{problems}");
    let listed = desk.run(&["list"]);
    for shown in [problems, stderr(&listed)] {
        assert!(!shown.contains("reload"), "{shown}");
    }
}

#[test]
fn validate_with_warnings_only_succeeds() {
    let desk = Desk::new();
    fs::write(
        desk.file("c.yaml"),
        "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    colour: red\n",
    )
    .unwrap();
    let output = desk.validate();
    assert!(output.status.success());
    assert!(stdout(&output).ends_with("1 claim in 1 file, 0 errors, 1 warning\n"));
}

#[test]
fn tag_writes_only_the_verdict_block() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let output = desk.run(&[
        "tag",
        UNRATED,
        "false",
        "--by",
        "asha",
        "--note",
        "Contradicted: see the bot",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{UNRATED}: verdict saved to {}\n",
            desk.file("cowin.yaml").display()
        )
    );
    let after = desk.read("cowin.yaml");
    let added = inserted_lines(&before, &after);
    assert_eq!(added.len(), 5, "{added:#?}");
    assert_eq!(
        added[..4],
        [
            "    verdict:",
            "      rating: \"false\"",
            "      note: \"Contradicted: see the bot\"",
            "      by: asha",
        ]
    );
    assert!(added[4].starts_with("      at: \""), "{}", added[4]);
    // Right after the claim's last line.
    let tags = "    tags: [cowin, data-security, government-statement]\n    verdict:\n";
    assert!(after.contains(tags));

    let output = desk.validate();
    assert!(output.status.success(), "{}", stdout(&output));
}

#[test]
fn tag_refuses_an_unknown_rating_and_names_the_scale() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let output = desk.run(&["tag", UNRATED, "fake", "--by", "asha"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("unknown rating `fake`"), "{message}");
    assert!(
        message.contains(
            "true, mostly-true, half-true, mostly-false, false, pants-on-fire, misleading, unproven"
        ),
        "{message}"
    );
    assert_eq!(desk.read("cowin.yaml"), before);
}

#[test]
fn tag_refuses_an_unknown_id() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let output = desk.run(&["tag", "no-such-claim", "false", "--by", "asha"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no claim with id `no-such-claim`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(desk.read("cowin.yaml"), before);
}

#[test]
fn an_unknown_id_suggests_the_closest_ids() {
    let desk = Desk::new();
    let mut text = String::from("claims:\n");
    for id in [
        "budget-2024",
        "rally-metro-line",
        "rally-metro-lines",
        "rally-metro-lane",
        "rally-metro-lime",
    ] {
        text.push_str(&format!(
            "  - id: {id}\n    assertion: x\n    claimant: y\n"
        ));
    }
    fs::write(desk.file("rally.yaml"), &text).unwrap();
    let dir = desk.dir().display().to_string();
    for command in [
        &["tag", "ID", "false", "--by", "asha"][..],
        &["untag", "ID"],
        &["resolve", "ID", "--ours"],
    ] {
        let run = |id: &str| {
            let args: Vec<&str> = command
                .iter()
                .map(|&a| if a == "ID" { id } else { a })
                .collect();
            desk.run(&args)
        };
        let output = run("rally-metro-lin");
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "claimdesk: error: no claim with id `rally-metro-lin` in {dir}; did you mean \
                 `rally-metro-line`, `rally-metro-lines` or `rally-metro-lane`?\n"
            ),
            "{command:?}"
        );
        let output = run("budget-2042");
        assert!(
            stderr(&output).ends_with("; did you mean `budget-2024`?\n"),
            "{command:?}: {}",
            stderr(&output)
        );
        // Nothing close: where to find the ids instead.
        let output = run("turnout-record");
        assert_eq!(
            stderr(&output),
            format!(
                "claimdesk: error: no claim with id `turnout-record` in {dir}; `claimdesk list \
                 --format ids` lists the ids\n"
            ),
            "{command:?}"
        );
    }
    assert_eq!(desk.read("rally.yaml"), text);
}

/// True when permission bits bind this process: root (as in many CI containers) writes anyway.
fn permissions_enforced(read_only_dir: &Path) -> bool {
    let probe = read_only_dir.join("probe");
    if fs::write(&probe, "").is_ok() {
        fs::remove_file(probe).unwrap();
        eprintln!("note: permissions are not enforced for this user (root?); skipping the check");
        return false;
    }
    true
}

#[test]
fn tag_in_a_read_only_folder_fails_and_leaves_the_file_alone() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    fs::set_permissions(desk.dir(), fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = permissions_enforced(&desk.dir());
    let output = desk.run(&["tag", UNRATED, "false", "--by", "asha"]);
    fs::set_permissions(desk.dir(), fs::Permissions::from_mode(0o755)).unwrap();
    if enforced {
        assert!(!output.status.success());
        let message = stderr(&output);
        assert!(message.contains("cannot write"), "{message}");
        assert!(message.contains("permissions"), "{message}");
        assert_eq!(desk.read("cowin.yaml"), before);
        let entries: Vec<_> = fs::read_dir(desk.dir()).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temporary file left behind");
    }
}

#[test]
fn untag_after_tag_restores_the_original_bytes() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    desk.claimdesk()
        .args([
            "tag",
            UNRATED,
            "misleading",
            "--by",
            "asha",
            "--note",
            "two\nlines",
        ])
        .arg(desk.dir())
        .assert()
        .success();
    assert_ne!(desk.read("cowin.yaml"), before);
    let output = desk.run(&["untag", UNRATED]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{UNRATED}: verdict removed from {}\n",
            desk.file("cowin.yaml").display()
        )
    );
    assert_eq!(desk.read("cowin.yaml"), before);
}

#[test]
fn untag_removes_an_existing_verdict_block() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    desk.claimdesk()
        .args(["untag", RATED])
        .arg(desk.dir())
        .assert()
        .success();
    let after = desk.read("cowin.yaml");
    let removed = inserted_lines(&after, &before);
    assert_eq!(removed[0], "    verdict:");
    assert_eq!(removed.len(), 10, "{removed:#?}");
    assert!(removed[1..].iter().all(|l| l.starts_with("      ")));
    let output = desk.validate();
    assert!(output.status.success(), "{}", stdout(&output));
}

#[test]
fn untag_of_a_claim_without_a_verdict_says_so_and_writes_nothing() {
    let desk = Desk::with_sample();
    let before = fs::read(desk.file("cowin.yaml")).unwrap();
    let modified = fs::metadata(desk.file("cowin.yaml"))
        .unwrap()
        .modified()
        .unwrap();
    let output = desk.run(&["untag", UNRATED]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("`{UNRATED}` has no verdict; nothing to remove\n")
    );
    assert_eq!(fs::read(desk.file("cowin.yaml")).unwrap(), before);
    assert_eq!(
        fs::metadata(desk.file("cowin.yaml"))
            .unwrap()
            .modified()
            .unwrap(),
        modified,
        "the file is not even rewritten"
    );
}

/// Refused as a usage error: exit code 2, `message` alone on stderr, nothing on stdout.
fn assert_usage_error(output: &std::process::Output, message: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert_eq!(stderr(output), format!("claimdesk: {message}\n"));
    assert_eq!(stdout(output), "");
}

/// The commands that read claim files, with the arguments each needs before its paths; the
/// empty one opens the dashboard.
const EVERY_READER: [&[&str]; 8] = [
    &["list"],
    &["stats"],
    &["export", "--format", "csv"],
    &["validate"],
    &["tag", UNRATED, "false", "--by", "asha"],
    &["untag", RATED],
    &["resolve", RATED, "--ours"],
    &[],
];

#[test]
fn a_path_that_does_not_exist_is_a_usage_error_for_every_command() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let missing = desk.root.path().join("no-such-folder");
    for args in EVERY_READER {
        let output = desk
            .claimdesk()
            .args(args)
            .arg(desk.dir())
            .arg(&missing)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        eprintln!("claimdesk {args:?}");
        assert_usage_error(
            &output,
            &format!("no such file or folder: {}", missing.display()),
        );
    }
    assert_eq!(desk.read("cowin.yaml"), before);
}

/// `claimdesk lsit x` reads as the dashboard on the paths `lsit` and `x`: when the first
/// of them does not exist and is a slip away from a command, the error guesses the command.
#[test]
fn a_mistyped_command_gets_a_guess_not_the_dashboard() {
    let desk = Desk::new();
    // Run in the desk's folder, bounded in time: a dashboard that opened would wait.
    let run = |args: &[&str]| {
        desk.claimdesk()
            .current_dir(desk.dir())
            .args(args)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap()
    };
    for (typed, meant) in [
        ("lsit", "list"),
        ("valdate", "validate"),
        ("untga", "untag"),
    ] {
        assert_usage_error(
            &run(&[typed, "x"]),
            &format!("no such file or folder: {typed}; did you mean `{meant}`?"),
        );
    }
    // Far from every command, or not where a command goes: no guess.
    for args in [&["folder"][..], &[".", "lsit"]] {
        let missing = args.last().unwrap();
        assert_usage_error(&run(args), &format!("no such file or folder: {missing}"));
    }
}

/// A script (here: stdin from /dev/null, stdout a pipe) that opens the dashboard gets told
/// what to use instead, not the OS's error about the terminal it could not open.
#[test]
fn the_dashboard_without_a_terminal_points_to_the_commands() {
    let desk = Desk::with_sample();
    let output = desk
        .claimdesk()
        .arg(desk.dir())
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert_usage_error(
        &output,
        "the dashboard needs a terminal; for scripts use `claimdesk list` and the other \
         commands (`claimdesk --help`)",
    );
}

#[test]
fn every_command_explains_itself() {
    let desk = Desk::new();
    for (command, purpose) in [
        ("validate", "Check claim files"),
        ("tag", "Set the verdict of one claim"),
        ("untag", "Remove the verdict of one claim"),
        ("list", "List claims"),
        ("export", "Export verdicts as ClaimReview markup"),
    ] {
        let output = desk.claimdesk().args([command, "--help"]).output().unwrap();
        assert!(output.status.success(), "{command}");
        let help = stdout(&output);
        assert!(help.starts_with(purpose), "{command}: {help}");
        assert!(
            help.contains(&format!("Usage: claimdesk {command}")),
            "{help}"
        );
    }
}

/// The cache is shared by every folder a command runs from: a claim found through it must be
/// written where this run finds it, whatever spelling filled the cache.
#[test]
fn tag_from_another_folder_after_a_cached_list_writes_the_right_file() {
    let desk = Desk::with_sample();
    // A file of the same name one folder up, which a stale relative path would hit.
    fs::copy(SAMPLE, desk.root.path().join("cowin.yaml")).unwrap();
    let decoy = fs::read_to_string(desk.root.path().join("cowin.yaml")).unwrap();
    desk.claimdesk()
        .current_dir(desk.root.path())
        .args(["list", "--format", "ids", "claims/"])
        .assert()
        .success();
    let output = desk
        .claimdesk()
        .current_dir(desk.dir())
        .args(["tag", UNRATED, "false", "--by", "asha", "."])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("{UNRATED}: verdict saved to ./cowin.yaml\n")
    );
    assert!(desk.read("cowin.yaml").contains("rating: \"false\""));
    let up = fs::read_to_string(desk.root.path().join("cowin.yaml")).unwrap();
    assert_eq!(up, decoy, "the file one folder up is untouched");

    // `validate` from inside the folder names the files as they are spelt from there.
    let output = desk
        .claimdesk()
        .current_dir(desk.dir())
        .args(["list", "--format", "json", "."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json[0]["origin"]["path"], "./cowin.yaml");
}

#[test]
fn tag_over_someone_elses_verdict_needs_replace() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let output = desk.run(&["tag", RATED, "false", "--by", "asha"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "`{RATED}` already has sample's verdict `mostly-true`"
        )),
        "{message}"
    );
    assert!(message.contains("pass --replace"), "{message}");
    assert_eq!(desk.read("cowin.yaml"), before, "nothing written");

    let output = desk.run(&["tag", RATED, "false", "--by", "asha", "--replace"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(desk.read("cowin.yaml").contains("      by: asha\n"));
    // One's own verdict is re-tagged without --replace.
    let output = desk.run(&["tag", RATED, "half-true", "--by", "asha"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        desk.read("cowin.yaml")
            .contains("      rating: half-true\n")
    );
}

#[test]
fn list_query_forgives_a_swapped_letter_and_accents() {
    let desk = Desk::with_sample();
    let extra = "claims:\n  - id: deja-vu\n    assertion: \"Déjà vu: the same photo\"\n    claimant: A post\n";
    fs::write(desk.file("extra.yaml"), extra).unwrap();
    let ids = |query: &str| stdout(&desk.run(&["list", "--query", query, "--format", "ids"]));
    assert_eq!(ids("teelgram bot"), ids("telegram bot"));
    assert!(ids("teelgram bot").lines().any(|id| id == RATED));
    // `deja` also finds "details" in a verdict note, by a wrong letter: below the match.
    assert_eq!(ids("deja").lines().next(), Some("deja-vu"));
    assert_eq!(ids("DÉJÀ VU"), "deja-vu\n");
}

/// `validate` on a desk holding `extra` beside a good claim file: it must finish, name each
/// extra path once as skipped, and still load the good file.
fn assert_skipped_and_the_rest_loads(desk: &Desk, extra: &[PathBuf], what: &str) {
    let output = desk
        .claimdesk()
        .arg("validate")
        .arg(desk.dir())
        .args(extra)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let stdout = stdout(&output);
    assert!(
        stdout.ends_with("6 claims in 1 file, 0 errors, 4 warnings\n"),
        "{stdout}{}",
        stderr(&output)
    );
    assert!(output.status.success(), "warnings only: {stdout}");
    assert!(
        stdout.contains(&format!("{what}: skipped")),
        "names the kind: {stdout}"
    );
}

#[test]
fn fifos_devices_and_links_to_them_are_skipped_not_read() {
    let desk = Desk::with_sample();
    let fifo = desk.file("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", desk.file("zero.yaml")).unwrap();
    std::os::unix::fs::symlink(&fifo, desk.file("to-pipe.yml")).unwrap();
    // A device named on the command line is refused the same way.
    assert_skipped_and_the_rest_loads(&desk, &[PathBuf::from("/dev/zero")], "not a regular file");
}

#[test]
fn tag_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let desk = Desk::new();
    let shared = desk.root.path().join("shared");
    fs::create_dir(&shared).unwrap();
    let target = shared.join("cowin.yaml");
    fs::copy(SAMPLE, &target).unwrap();
    let before = fs::read_to_string(&target).unwrap();
    std::os::unix::fs::symlink("../shared/cowin.yaml", desk.file("cowin.yaml")).unwrap();

    let output = desk.run(&["tag", UNRATED, "false", "--by", "asha"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let link = fs::symlink_metadata(desk.file("cowin.yaml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let after = fs::read_to_string(&target).unwrap();
    assert_eq!(inserted_lines(&before, &after)[0], "    verdict:");
    assert_eq!(fs::read_dir(desk.dir()).unwrap().count(), 1);
    assert_eq!(fs::read_dir(&shared).unwrap().count(), 1);
}

/// `claimdesk ARGS... FOLDER` run as uid 1234 (group 1234, and in group 5678), or `None`, with a
/// note, when this process cannot switch users (it is not root, or `setpriv` is missing).
fn run_as_another_user(desk: &Desk, args: &[&str]) -> Option<std::process::Output> {
    let setpriv = |program: &str| {
        let mut command = std::process::Command::new("setpriv");
        command.args([
            "--reuid", "1234", "--regid", "1234", "--groups", "5678", program,
        ]);
        command
    };
    if !setpriv("true").status().is_ok_and(|s| s.success()) {
        eprintln!("note: cannot run as another user (not root, or no setpriv); skipping");
        return None;
    }
    let output = setpriv(env!("CARGO_BIN_EXE_claimdesk"))
        .args(args)
        .arg(desk.dir())
        .env("CLAIMDESK_CONFIG", "")
        .env("CLAIMDESK_STATE_DIR", "")
        .env("CLAIMDESK_CACHE_DIR", "")
        .output()
        .unwrap();
    Some(output)
}

/// A user who may not give files away still keeps the file's group when they are in it.
#[test]
fn tag_by_another_user_keeps_the_group_they_share_with_the_file() {
    let desk = Desk::with_sample();
    let path = desk.file("cowin.yaml");
    fs::set_permissions(desk.root.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(desk.dir(), fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    if std::os::unix::fs::chown(&path, Some(999), Some(5678)).is_err() {
        eprintln!("note: cannot give the file away (not root?); skipping");
        return;
    }
    let Some(output) = run_as_another_user(&desk, &["tag", UNRATED, "false", "--by", "asha"])
    else {
        return;
    };
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(desk.read("cowin.yaml").contains("rating: \"false\""));
    let meta = fs::metadata(&path).unwrap();
    // The owner cannot be kept by uid 1234; the group and the mode are.
    assert_eq!((meta.uid(), meta.gid()), (1234, 5678));
    assert_eq!(meta.mode() & 0o7777, 0o664);

    // A group they are not in cannot be kept either: the write still happens.
    std::os::unix::fs::chown(&path, Some(999), Some(4321)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    let output = run_as_another_user(&desk, &["untag", UNRATED]).unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!desk.read("cowin.yaml").contains("rating: \"false\""));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1234, 1234));
    assert_eq!(meta.mode() & 0o7777, 0o666);
}

#[test]
fn tag_of_a_hard_linked_file_says_the_other_link_keeps_the_old_text() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    // The other name lives outside the desk, or its claims would load twice.
    let other = desk.root.path().join("elsewhere.yaml");
    fs::hard_link(desk.file("cowin.yaml"), &other).unwrap();

    let output = desk.run(&["tag", UNRATED, "false", "--by", "asha"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{UNRATED}: verdict saved to {} (it was hard-linked: its other link keeps the old \
             text)\n",
            desk.file("cowin.yaml").display()
        )
    );
    assert_eq!(fs::read_to_string(&other).unwrap(), before);
    assert_ne!(desk.read("cowin.yaml"), before);
}

/// A process id that no running process has.
fn dead_pid() -> u32 {
    (999_999..)
        .find(|pid| !Path::new(&format!("/proc/{pid}")).exists())
        .unwrap()
}

/// A write killed between its temporary file and the rename leaves a full copy of the file.
/// Loading never takes such a file for a claim file, and removes it once its process is gone.
#[test]
fn leftovers_of_a_crashed_write_are_never_loaded_and_are_removed_on_load() {
    let desk = Desk::with_sample();
    let crashed = format!(".claimdesk-{}-xyz.tmp", dead_pid());
    let running = format!(".claimdesk-{}-abc.tmp", std::process::id());
    for name in [&crashed, &running] {
        fs::copy(SAMPLE, desk.file(name)).unwrap();
    }
    let output = desk.validate();
    assert!(output.status.success(), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "6 claims in 1 file, 0 errors, 0 warnings\n"
    );
    assert_eq!(stderr(&output), "");
    let mut names: Vec<_> = fs::read_dir(desk.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [running.as_str(), "cowin.yaml"]);
}

/// An I/O error says what went wrong in plain words and names the claim file once: not the
/// temporary file, not the OS's error code, not the same cause twice.
#[test]
fn a_write_refused_by_the_folder_names_the_file_once_in_plain_words() {
    let desk = Desk::with_sample();
    let path = desk.file("cowin.yaml");
    fs::set_permissions(desk.root.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // The file may be written, its folder may not (no room for the temporary file).
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(desk.dir(), fs::Permissions::from_mode(0o555)).unwrap();
    let Some(output) = run_as_another_user(&desk, &["tag", UNRATED, "false", "--by", "asha"])
    else {
        return;
    };
    fs::set_permissions(desk.dir(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!output.status.success());
    let stderr = stderr(&output);
    assert_eq!(stderr.matches("cowin.yaml").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("ermission denied").count(), 1, "{stderr}");
    for leak in [".claimdesk-", "os error", "at path"] {
        assert!(!stderr.contains(leak), "{leak:?} in {stderr}");
    }
    assert!(stderr.contains("permission denied"), "{stderr}");
}

#[test]
fn a_piped_list_table_takes_its_width_from_columns() {
    let desk = Desk::with_sample();
    let widest = |columns: &str| {
        let output = desk
            .claimdesk()
            .env("COLUMNS", columns)
            .args(["list"])
            .arg(desk.dir())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap()
    };
    assert!(widest("60") <= 60);
    assert!(widest("200") > 100, "a wide terminal gets long assertions");
    assert!(widest("not a number") <= 100, "falls back to 100 columns");
}

/// The lines `after` has that `before` does not, when `after` is `before` with lines added.
fn only_lines_added(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let kept = old.iter().filter(|l| new.contains(l)).count();
    assert_eq!(kept, old.len(), "a line changed:\n{before}\n---\n{after}");
    new.iter()
        .filter(|l| !old.contains(l))
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn add_appends_a_claim_in_the_files_style_and_prints_its_id() {
    let layouts = [
        (
            "block.yaml",
            "claims:\n  - id: a\n    assertion: x\n    claimant: y\n".to_string(),
        ),
        (
            "flow.yaml",
            "claims:\n  - {id: a, assertion: x, claimant: y}\n".to_string(),
        ),
        (
            "crlf.yaml",
            "\u{feff}claims:\r\n  - id: a\r\n    assertion: x\r\n    claimant: y\r\n".to_string(),
        ),
    ];
    for (name, before) in layouts {
        let desk = Desk::new();
        fs::write(desk.file(name), &before).unwrap();
        let output = desk
            .claimdesk()
            .args([
                "add",
                "--assertion",
                "डेटा लीक हुआ है: पूरी तरह",
                "--claimant",
                "Derek O’Brien",
            ])
            .args([
                "--date",
                "2023-06-15",
                "--url",
                "https://example.org/x",
                "--tag",
                "cowin",
            ])
            .arg("--into")
            .arg(desk.file(name))
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert_eq!(stdout(&output), "obrien\n", "{name}: the id is printed");
        let after = desk.read(name);
        let added = only_lines_added(&before, &after);
        assert!(!added.is_empty(), "{name}");
        if name == "crlf.yaml" {
            assert!(after.starts_with('\u{feff}'));
            assert!(added.iter().all(|l| l.ends_with("\r\n")), "{added:?}");
        }
        let validate = desk.validate();
        assert!(validate.status.success(), "{name}: {}", stdout(&validate));
        assert!(stdout(&validate).contains("2 claims in 1 file, 0 errors, 0 warnings"));
    }
}

#[test]
fn add_makes_a_new_file_and_refuses_a_taken_id() {
    let desk = Desk::with_sample();
    let into = desk.file("new.yaml");
    let add = |id: &str| {
        desk.claimdesk()
            .args([
                "add",
                "--assertion",
                "A rally crowd of a million",
                "--claimant",
                "A party",
            ])
            .args(["--id", id, "--into"])
            .arg(&into)
            .output()
            .unwrap()
    };
    let output = add("rally-crowd");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&desk.validate()).contains("7 claims in 2 files, 0 errors"));
    let taken = add(RATED);
    assert_eq!(taken.status.code(), Some(1));
    assert!(
        stderr(&taken).contains("is taken by the claim at"),
        "{}",
        stderr(&taken)
    );
    let bad = add("Bad Id");
    assert!(stderr(&bad).contains("lowercase"), "{}", stderr(&bad));
}

#[test]
fn rebut_adds_a_rebuttal_and_only_its_lines() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let output = desk.run(&[
        "rebut",
        UNRATED,
        "--by",
        "CERT-In",
        "--text",
        "No breach: the data\nwas old.",
        "--date",
        "2023-06-13",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = desk.read("cowin.yaml");
    let added = only_lines_added(&before, &after);
    assert!(
        added.iter().any(|l| l.contains("- by: CERT-In")),
        "{added:?}"
    );
    assert!(desk.validate().status.success());
    let unknown = desk.run(&["rebut", "no-such-claim", "--by", "x", "--text", "y"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(desk.read("cowin.yaml"), after, "nothing written");
}

#[test]
fn import_adds_fact_checks_once_and_they_validate() {
    let desk = Desk::with_sample();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let import = |file: &str| {
        desk.claimdesk()
            .arg("import")
            .arg(fixtures.join(file))
            .arg("--into")
            .arg(desk.file("imported.yaml"))
            .output()
            .unwrap()
    };
    let first = import("factcheck-tools.json");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).starts_with("imported 2 claims into"),
        "{}",
        stdout(&first)
    );
    let second = import("claimreview.jsonld");
    assert!(
        stdout(&second).starts_with("imported 1 claim into"),
        "{}",
        stdout(&second)
    );
    let text = desk.read("imported.yaml");
    assert!(
        text.contains("कोविन पोर्टल से टीका लगवाने वालों का डेटा लीक हुआ"),
        "{text}"
    );
    assert!(text.contains("by: hindi.factcheck.example"), "{text}");
    assert!(
        text.contains("url: https://news.example/bn/cowin"),
        "{text}"
    );
    let validate = desk.validate();
    assert!(validate.status.success(), "{}", stdout(&validate));
    assert!(stdout(&validate).contains("9 claims in 2 files, 0 errors, 0 warnings"));

    let again = import("factcheck-tools.json");
    assert!(
        stdout(&again).starts_with("imported 0 claims"),
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains("2 already there"));
    assert_eq!(
        desk.read("imported.yaml"),
        text,
        "a second import adds nothing"
    );
}

#[test]
fn a_malformed_import_names_the_place_and_writes_nothing() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let bad = desk.root.path().join("bad.json");
    let import = |json: &str| {
        fs::write(&bad, json).unwrap();
        desk.claimdesk()
            .arg("import")
            .arg(&bad)
            .arg("--into")
            .arg(desk.file("cowin.yaml"))
            .output()
            .unwrap()
    };
    let output = import(r#"{"claims": [{"text": "ok"}, {"text": 7}]}"#);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("$.claims[1].text: expected text; nothing was imported"),
        "{}",
        stderr(&output)
    );
    let output = import("{\"claims\": [");
    assert!(
        stderr(&output).contains("bad.json:1:"),
        "{}",
        stderr(&output)
    );
    assert_eq!(desk.read("cowin.yaml"), before);
}

#[test]
fn rebut_on_flow_and_crlf_files_keeps_their_style_and_validates() {
    let layouts = [
        (
            "flow.yaml",
            "claims:\n  - {id: a, assertion: x, claimant: y}\n".to_string(),
        ),
        (
            "crlf.yaml",
            "\u{feff}claims:\r\n  - id: a\r\n    assertion: x\r\n    claimant: y\r\n".to_string(),
        ),
    ];
    for (name, before) in layouts {
        let desk = Desk::new();
        fs::write(desk.file(name), &before).unwrap();
        let output = desk.run(&["rebut", "a", "--by", "CERT-In", "--text", "Old data."]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let after = desk.read(name);
        if name == "flow.yaml" {
            assert_eq!(
                after,
                "claims:\n  - {id: a, assertion: x, claimant: y, rebuttals: [{by: CERT-In, text: Old data.}]}\n"
            );
        } else {
            assert!(after.starts_with('\u{feff}'));
            let added = only_lines_added(&before, &after);
            assert!(added.iter().all(|l| l.ends_with("\r\n")), "{added:?}");
        }
        assert!(desk.validate().status.success(), "{name}");
    }
}

/// The sample's tagged claims, each given the address of its published fact check.
const PUBLISHED: [&str; 2] = [RATED, "obrien-deep-rooted-conspiracy"];

/// A desk holding the sample, its tagged claims published at `https://desk.example/ID`.
fn desk_with_published_sample() -> Desk {
    let desk = Desk::with_sample();
    let mut text = desk.read("cowin.yaml");
    for id in PUBLISHED {
        let claim = format!("  - id: {id}\n");
        let published = format!("{claim}    review_url: https://desk.example/{id}\n");
        assert!(text.contains(&claim), "{id}");
        text = text.replace(&claim, &published);
    }
    fs::write(desk.file("cowin.yaml"), text).unwrap();
    desk
}

#[test]
fn export_claimreview_of_the_sample_matches_the_golden_markup() {
    let desk = Desk::with_sample();
    let output = desk.run(&[
        "export",
        "--format",
        "claimreview",
        "--organisation",
        "Sample Desk",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn every_claimreview_object_parses_and_carries_googles_required_properties() {
    let desk = desk_with_published_sample();
    // The organisation from the environment, as a desk sets it once.
    let output = desk
        .claimdesk()
        .env("CLAIMDESK_ORGANISATION", "Sample Desk")
        .args(["export", "--format", "claimreview", "--strict"])
        .arg(desk.dir())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "nothing lacking, nothing said");
    let markup: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let objects = markup.as_array().unwrap();
    assert_eq!(
        objects.len(),
        PUBLISHED.len(),
        "one object per tagged verdict"
    );
    let text = |object: &serde_json::Value, pointer: &str| {
        let value = object.pointer(pointer).and_then(|v| v.as_str());
        assert!(
            value.is_some_and(|v| !v.trim().is_empty()),
            "{pointer} in {object:#}"
        );
        value.unwrap_or_default().to_string()
    };
    for (object, id) in objects.iter().zip(PUBLISHED) {
        assert_eq!(text(object, "/@context"), "https://schema.org");
        assert_eq!(text(object, "/@type"), "ClaimReview");
        text(object, "/claimReviewed");
        text(object, "/reviewRating/alternateName");
        assert_eq!(text(object, "/url"), format!("https://desk.example/{id}"));
        assert_eq!(text(object, "/author/name"), "Sample Desk");
        assert_eq!(text(object, "/itemReviewed/@type"), "Claim");
        let rating = &object["reviewRating"];
        if let Some(value) = rating.get("ratingValue") {
            let (worst, best) = (&rating["worstRating"], &rating["bestRating"]);
            assert!(worst.as_u64() <= value.as_u64() && value.as_u64() <= best.as_u64());
        }
    }
}

#[test]
fn export_names_what_each_claim_lacks_and_strict_writes_nothing() {
    let desk = Desk::with_sample();
    let site = desk.root.path().join("site.json");
    let site_arg = site.to_str().unwrap();

    let strict = desk.run(&[
        "export",
        "--format",
        "claimreview",
        "--strict",
        "--out",
        site_arg,
    ]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    let said = stderr(&strict);
    for id in PUBLISHED {
        let line = said
            .lines()
            .find(|line| line.contains(&format!("ClaimReview of `{id}` lacks")))
            .unwrap_or_else(|| panic!("{id} in {said}"));
        assert!(line.contains(": error: "), "{line}");
        assert!(
            line.contains("`url` (add `review_url:` to the claim"),
            "{line}"
        );
        assert!(
            line.contains("`author` (set `organisation:` in the desk file, or pass --organisation"),
            "{line}"
        );
    }
    assert!(
        said.ends_with("(above): 2 of 2; nothing written\n"),
        "{said}"
    );
    assert!(!site.exists());

    let lenient = desk.run(&["export", "--format", "claimreview", "--out", site_arg]);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains(": warning: ClaimReview of"));
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&site).unwrap()).unwrap();
    assert_eq!(written.as_array().map(Vec::len), Some(2));
}

#[test]
fn export_csv_read_back_with_the_csv_crate_matches_the_claims() {
    let desk = desk_with_published_sample();
    let output = desk.run(&["export", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "id,file,line,claimant,date,assertion,rating,note,by,at,tags,source_url,review_url"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let path = desk.file("cowin.yaml");
    let scale = claimdesk::model::RatingScale::default();
    let claims = claimdesk::store::load_file(&path, &scale).claims;
    assert_eq!(rows.len(), claims.len());
    for (row, claim) in rows.iter().zip(&claims) {
        let cell = |column: &str| {
            let at = header.iter().position(|name| name == column).unwrap();
            row.get(at).unwrap().to_string()
        };
        let text = |value: Option<&str>| value.unwrap_or_default().to_string();
        let verdict = claim.verdict.as_ref();
        assert_eq!(cell("id"), claim.id);
        assert_eq!(cell("file"), path.display().to_string());
        assert_eq!(cell("line"), claim.origin.line.to_string());
        assert_eq!(cell("claimant"), claim.claimant);
        assert_eq!(
            cell("date"),
            text(claim.date.map(|d| d.to_string()).as_deref())
        );
        assert_eq!(cell("assertion"), claim.assertion);
        assert_eq!(cell("rating"), text(verdict.map(|v| v.rating.as_str())));
        assert_eq!(cell("note"), text(verdict.and_then(|v| v.note.as_deref())));
        assert_eq!(cell("by"), text(verdict.and_then(|v| v.by.as_deref())));
        let at = verdict.and_then(|v| v.at);
        assert_eq!(cell("at").parse().ok(), at, "{}", cell("at"));
        let tags: Vec<&str> = claim.tags.iter().map(|t| t.as_str()).collect();
        assert_eq!(cell("tags"), tags.join("; "));
        let source_url = claim.source.as_ref().and_then(|s| s.url.as_deref());
        assert_eq!(cell("source_url"), text(source_url));
        assert_eq!(cell("review_url"), text(claim.review_url.as_deref()));
    }
    assert!(
        rows.iter()
            .any(|row| row.iter().any(|cell| cell.contains("desk.example")))
    );
}

#[test]
fn export_takes_lists_filters_and_its_json_is_lists() {
    let desk = Desk::with_sample();
    for filters in [
        &[][..],
        &["--query", "telegram bot"],
        &["--rating", "unproven", "--rating", "mostly-true"],
        &["--untagged"],
    ] {
        let run = |args: &[&str]| {
            let output = desk.run(&[args, filters].concat());
            assert!(
                output.status.success(),
                "{args:?} {filters:?}: {}",
                stderr(&output)
            );
            stdout(&output)
        };
        assert_eq!(
            run(&["export", "--format", "json"]),
            run(&["list", "--format", "json"]),
            "{filters:?}"
        );
        let csv = run(&["export", "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let ids: Vec<String> = reader
            .records()
            .map(|row| row.unwrap()[0].to_string())
            .collect();
        let listed = run(&["list", "--format", "ids"]);
        assert_eq!(ids, listed.lines().collect::<Vec<_>>(), "{filters:?}");
    }
}

#[test]
fn export_out_replaces_its_file_at_once_and_never_a_claim_file() {
    use std::os::unix::fs::symlink;

    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let out = desk.root.path().join("claims.csv");
    fs::write(&out, "old\n").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
    let written = desk.run(&["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    assert_eq!(
        stdout(&written),
        format!("exported 6 claims to {}\n", out.display())
    );
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("id,file,line,")
    );
    assert_eq!(fs::metadata(&out).unwrap().mode() & 0o777, 0o640);

    let link = desk.root.path().join("latest.json");
    symlink(desk.file("cowin.yaml"), &link).unwrap();
    let named = desk.file("named.claims");
    fs::copy(SAMPLE, &named).unwrap();
    let refused = |out: &Path, message: &str| {
        let output = desk
            .claimdesk()
            .args(["export", "--format", "json", "--out"])
            .arg(out)
            .arg(desk.dir())
            .arg(&named)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
        assert_eq!(stdout(&output), "");
    };
    refused(
        &desk.file("cowin.yaml"),
        "a .yaml or .yml file is where claims live",
    );
    refused(
        &desk.file("new.yml"),
        "a .yaml or .yml file is where claims live",
    );
    refused(&link, "it links to");
    refused(&named, "it is one of the claim files being exported");
    assert_eq!(desk.read("cowin.yaml"), before);
    assert!(!desk.file("new.yml").exists());
    assert_eq!(fs::read(&named).unwrap(), fs::read(SAMPLE).unwrap());
}

#[test]
fn strict_is_for_claimreview_only() {
    let desk = Desk::with_sample();
    assert_usage_error(
        &desk.run(&["export", "--format", "csv", "--strict"]),
        "`--strict` checks ClaimReview markup: use it with `--format claimreview`",
    );
}

#[test]
fn review_approves_or_sends_back_a_verdict_but_never_ones_own() {
    let desk = Desk::with_sample();
    let own = desk.run(&["review", RATED, "--approve", "--by", "sample"]);
    assert_eq!(own.status.code(), Some(1));
    assert!(
        stderr(&own).contains("is your own verdict"),
        "{}",
        stderr(&own)
    );
    let none = desk.run(&["review", UNRATED, "--approve", "--by", "ed"]);
    assert!(
        stderr(&none).contains("has no verdict to review"),
        "{}",
        stderr(&none)
    );
    let before = desk.read("cowin.yaml");
    let sent_back = desk.run(&[
        "review",
        RATED,
        "--request-changes",
        "--comment",
        "cite the minister",
        "--by",
        "ed",
    ]);
    assert!(sent_back.status.success(), "{}", stderr(&sent_back));
    let after = desk.read("cowin.yaml");
    // Only the verdict block is written again (its fields, six spaces in).
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    assert!(
        removed.iter().all(|l| l.starts_with("      ")),
        "{removed:?}"
    );
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert!(
        added.contains(&"      review: changes-requested"),
        "{added:?}"
    );
    assert!(
        added.contains(&"      review_comment: cite the minister"),
        "{added:?}"
    );
    assert!(desk.validate().status.success());
    let neither = desk.run(&["review", RATED, "--by", "ed"]);
    assert_eq!(
        neither.status.code(),
        Some(2),
        "--approve or --request-changes"
    );
}

/// The five-rating desk file of the tests, with its organisation and meter.
const FIVE_RATINGS: &str = include_str!("fixtures/desk/five-ratings.yaml");

impl Desk {
    /// The desk file at the root, above the claims folder.
    fn desk_file(&self) -> PathBuf {
        self.root.path().join(".claimdesk.yaml")
    }
}

/// A desk of its own scale: `a` untagged, `b` rated `wrong`, `c` rated `true` (which the desk's
/// scale does not have).
fn five_rating_desk() -> Desk {
    let desk = Desk::new();
    fs::write(desk.desk_file(), FIVE_RATINGS).unwrap();
    fs::write(
        desk.file("c.yaml"),
        "claims:\n  - id: a\n    assertion: x\n    claimant: y\n    review_url: https://e.org/a\n  \
         - id: b\n    assertion: x\n    claimant: y\n    verdict:\n      rating: wrong\n  \
         - id: c\n    assertion: x\n    claimant: y\n    verdict:\n      rating: \"true\"\n",
    )
    .unwrap();
    desk
}

#[test]
fn a_desk_scale_of_five_ratings_is_what_validate_checks_ratings_against() {
    let desk = five_rating_desk();
    let output = desk.validate();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{}:15:15: error: unknown rating `true`: use one of correct, partly, wrong, satire, \
             no-evidence\n3 claims in 1 file, 1 error, 0 warnings\n",
            desk.file("c.yaml").display()
        )
    );
}

#[test]
fn a_desk_scale_of_five_ratings_is_what_tag_list_and_export_take() {
    let desk = five_rating_desk();
    let refused = desk.run(&["tag", "a", "half-true", "--by", "asha"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(
            "unknown rating `half-true`: use one of correct, partly, wrong, satire, no-evidence"
        ),
        "{}",
        stderr(&refused)
    );
    let tagged = desk.run(&["tag", "a", "correct", "--by", "asha"]);
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    assert!(desk.read("c.yaml").contains("rating: correct"));
    let listed = desk.run(&["list", "--rating", "correct", "--format", "ids"]);
    assert_eq!(stdout(&listed), "a\n", "{}", stderr(&listed));
    let unknown = desk.run(&["list", "--rating", "mostly-true"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("correct, partly, wrong, satire, no-evidence"));
    // The organisation and the meter come from the desk file.
    let export = desk
        .claimdesk()
        .env_remove("CLAIMDESK_ORGANISATION")
        .args(["export", "--format", "claimreview", "--rating", "correct"])
        .arg(desk.dir())
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    let markup: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let review = &markup[0];
    assert_eq!(review["author"]["name"], "Example Fact Check");
    let rating = &review["reviewRating"];
    assert_eq!(
        (
            &rating["ratingValue"],
            &rating["bestRating"],
            &rating["worstRating"]
        ),
        (&5.into(), &5.into(), &1.into())
    );
    assert_eq!(rating["alternateName"], "Correct");
}

#[test]
fn a_bad_desk_file_fails_the_commands_with_its_place() {
    let desk = five_rating_desk();
    fs::write(desk.desk_file(), "scale:\n  ratings: []\n").unwrap();
    for command in [
        &["validate"][..],
        &["list"],
        &["tag", "a", "correct", "--by", "asha"],
    ] {
        let output = desk.run(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "claimdesk: error: {}:2:12: the scale has no ratings: list at least one under \
                 `ratings:`\n",
                desk.desk_file().display()
            ),
            "{command:?}"
        );
    }
}

#[test]
fn init_writes_a_desk_that_validates_and_never_overwrites() {
    let desk = Desk::new();
    let folder = desk.root.path().join("new");
    let init = || desk.claimdesk().arg("init").arg(&folder).output().unwrap();
    let output = init();
    assert!(output.status.success(), "{}", stderr(&output));
    let validated = desk
        .claimdesk()
        .arg("validate")
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&validated),
        "1 claim in 1 file, 0 errors, 0 warnings\n",
        "{}",
        stderr(&validated)
    );
    let written = fs::read_to_string(folder.join(".claimdesk.yaml")).unwrap();
    fs::write(folder.join(".claimdesk.yaml"), "# ours\n").unwrap();
    let again = init();
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("is there already"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        fs::read_to_string(folder.join(".claimdesk.yaml")).unwrap(),
        "# ours\n"
    );
    assert!(written.contains("allow_self_approval: false"), "{written}");
}

#[test]
fn assign_and_status_set_one_line_each_and_status_takes_the_desks_statuses() {
    let desk = Desk::with_sample();
    let before = desk.read("cowin.yaml");
    let assigned = desk.run(&["assign", UNRATED, "Priya Sharma"]);
    assert!(assigned.status.success(), "{}", stderr(&assigned));
    let status = desk.run(&["status", UNRATED, "in-progress"]);
    assert!(status.status.success(), "{}", stderr(&status));
    let after = desk.read("cowin.yaml");
    assert_eq!(
        only_lines_added(&before, &after),
        ["    assignee: Priya Sharma\n", "    status: in-progress\n"]
    );
    let unknown = desk.run(&["status", UNRATED, "finished"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("use one of new, in-progress, needs-review, done"),
        "{}",
        stderr(&unknown)
    );
    let listed = desk.run(&[
        "list",
        "--query",
        "assignee:priya status:in-progress",
        "--format",
        "ids",
    ]);
    assert_eq!(
        stdout(&listed),
        format!("{UNRATED}\n"),
        "{}",
        stderr(&listed)
    );
    let cleared = desk.run(&["assign", UNRATED, ""]);
    assert!(cleared.status.success());
    assert!(!desk.read("cowin.yaml").contains("assignee:"));
    assert!(desk.validate().status.success());
}

/// `stats --format json` over the sample, with an assignee, a status and a review added,
/// against counts the test makes itself from `list --format json`.
#[test]
fn stats_json_counts_what_list_lists() {
    use std::collections::BTreeMap;

    use serde_json::Value;

    let desk = Desk::with_sample();
    for args in [
        &["assign", RATED, "priya"][..],
        &["status", RATED, "in-progress"],
        &["status", UNRATED, "done"],
        &["review", RATED, "--approve", "--by", "ed"],
    ] {
        let output = desk.run(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    let listed = desk.run(&["list", "--format", "json"]);
    let claims: Vec<Value> = serde_json::from_str(&stdout(&listed)).unwrap();
    let output = desk.run(&["stats", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let today = chrono::Utc::now().date_naive();

    // What the test counts: claims per value of a field, `None` for claims without one.
    let tally = |value: &dyn Fn(&Value) -> Vec<Option<String>>| {
        let mut counts = BTreeMap::<Option<String>, u64>::new();
        for claim in &claims {
            for name in value(claim) {
                *counts.entry(name).or_default() += 1;
            }
        }
        counts
    };
    // What the command counted, zeros left out (it lists every rating and status).
    let counted = |key: &str| {
        stats[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["claims"].as_u64() != Some(0))
            .map(|c| {
                (
                    c["name"].as_str().map(String::from),
                    c["claims"].as_u64().unwrap(),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    let text = |value: &Value| value.as_str().map(String::from);

    assert_eq!(stats["claims"], claims.len());
    let ratings = tally(&|c| vec![text(&c["verdict"]["rating"]).or(Some("untagged".into()))]);
    assert_eq!(counted("ratings"), ratings);
    let reviews = tally(&|c| match &c["verdict"] {
        Value::Null => vec![],
        verdict => vec![text(&verdict["review"]).or(Some("pending".into()))],
    });
    assert_eq!(counted("reviews"), reviews);
    assert_eq!(
        counted("statuses"),
        tally(&|c| vec![text(&c["workflow"]["status"])])
    );
    assert_eq!(
        counted("assignees"),
        tally(&|c| vec![text(&c["workflow"]["assignee"])])
    );
    let tags = tally(&|c| {
        let tags = c["tags"].as_array().unwrap();
        if tags.is_empty() {
            vec![None]
        } else {
            tags.iter().map(text).collect()
        }
    });
    assert_eq!(counted("tags"), tags);
    assert_eq!(reviews.get(&Some("approved".into())), Some(&1));

    let days = stats["verdicts_per_day"].as_array().unwrap();
    assert_eq!(days.len(), 28);
    assert_eq!(days.last().unwrap()["day"], today.to_string());
    let first_day = days[0]["day"].as_str().unwrap().to_string();
    let per_day = tally(&|c| {
        let at = text(&c["verdict"]["at"]).unwrap_or_default();
        let day = at.get(..10).unwrap_or_default().to_string();
        let recent = !day.is_empty() && day >= first_day && day <= today.to_string();
        if recent { vec![Some(day)] } else { vec![] }
    });
    let counted_days = days
        .iter()
        .filter(|d| d["verdicts"].as_u64() != Some(0))
        .map(|d| (text(&d["day"]), d["verdicts"].as_u64().unwrap()))
        .collect::<BTreeMap<_, _>>();
    assert_eq!(counted_days, per_day);
}

#[test]
fn stats_table_lines_up_the_counts() {
    let desk = Desk::with_sample();
    let output = desk.run(&["stats"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(table.starts_with("6 claims;"), "{table}");
    let rows: Vec<&str> = table.lines().skip(2).filter(|l| !l.is_empty()).collect();
    let width = rows[0].len();
    assert!(rows.iter().all(|row| row.len() == width), "{table}");
    assert!(rows.contains(&"RATING                  CLAIMS"), "{table}");
    assert!(
        table.contains("\nuntagged                     4\n"),
        "{table}"
    );
}

#[test]
fn config_prints_each_setting_with_its_source_and_the_name_tags_verdicts() {
    let desk = Desk::with_sample();
    let file = desk.root.path().join("config.yaml");
    fs::write(
        &file,
        "name: priya\nrole: editor\ntheme:\n  colours:\n    false: magenta\n",
    )
    .unwrap();
    let output = desk
        .claimdesk()
        .env("CLAIMDESK_CONFIG", &file)
        .env_remove("CLAIMDESK_NAME")
        .args(["config", "--mouse"])
        .arg(desk.dir())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    let line = |key: &str| {
        printed
            .lines()
            .find(|line| line.split_whitespace().next() == Some(key))
            .unwrap_or_else(|| panic!("no {key} in {printed}"))
            .to_string()
    };
    let from_file = format!("user file {}", file.display());
    assert!(
        line("name").contains("priya") && line("name").ends_with(&from_file),
        "{printed}"
    );
    assert!(line("role").ends_with(&from_file), "{printed}");
    assert!(line("mouse").ends_with("flag --mouse"), "{printed}");
    assert!(line("theme.colours.false").contains("magenta"), "{printed}");
    assert!(
        line("theme.colours.true").ends_with("built-in"),
        "{printed}"
    );

    let environment = desk
        .claimdesk()
        .env("CLAIMDESK_CONFIG", &file)
        .env("CLAIMDESK_NAME", "asha")
        .args(["config"])
        .arg(desk.dir())
        .output()
        .unwrap();
    assert!(stdout(&environment).contains("environment $CLAIMDESK_NAME"));

    let tagged = desk
        .claimdesk()
        .env("CLAIMDESK_CONFIG", &file)
        .env_remove("CLAIMDESK_NAME")
        .args(["tag", "cowin-data-available-online", "false"])
        .arg(desk.dir())
        .output()
        .unwrap();
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    assert!(desk.read("cowin.yaml").contains("by: priya"));
}

#[test]
fn a_broken_user_file_is_an_error_naming_its_place() {
    let desk = Desk::with_sample();
    let file = desk.root.path().join("config.yaml");
    fs::write(&file, "name: priya\nmose: true\n").unwrap();
    let output = desk
        .claimdesk()
        .env("CLAIMDESK_CONFIG", &file)
        .args(["config"])
        .arg(desk.dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{}:2:1: unknown field `mose`", file.display())),
        "{message}"
    );
    assert!(
        message.contains("fix this in your settings file"),
        "{message}"
    );
}
