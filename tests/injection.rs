//! Text from claim files (and from the command line) is data, never terminal commands: every
//! output path of every command is checked on its bytes for raw escapes, C1 controls and bidi
//! overrides, and for the visible form the text is shown in instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

use claimdesk::inert::is_hazard;

/// The name of a claim file that itself holds an escape sequence (clear screen).
const HOSTILE_NAME: &str = "x\x1b[2J\u{202e}lmay.yaml";

/// Claims whose every text field tries to act on the terminal.
const HOSTILE_CLAIMS: &str = include_str!("fixtures/hostile.yaml");

struct Desk {
    root: TempDir,
}

impl Desk {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let claims = root.path().join("claims");
        fs::create_dir(&claims).unwrap();
        fs::write(claims.join(HOSTILE_NAME), HOSTILE_CLAIMS).unwrap();
        Self { root }
    }

    fn dir(&self) -> PathBuf {
        self.root.path().join("claims")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .env("CLAIMDESK_CONFIG", "")
            .env("CLAIMDESK_STATE_DIR", "")
            .env("CLAIMDESK_CACHE_DIR", self.root.path().join("cache"))
            .args(args)
            .arg(self.dir())
            .output()
            .unwrap()
    }
}

/// Fails when `bytes` hold a hazard other than the line feed that ends each line.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| is_hazard(c) && c != '\n')
        .collect();
    assert!(
        raw.is_empty(),
        "{what} printed raw hazards {raw:?} in:\n{text:?}"
    );
}

fn assert_all_inert(what: &str, output: &Output) {
    assert_inert(&format!("{what} (stdout)"), &output.stdout);
    assert_inert(&format!("{what} (stderr)"), &output.stderr);
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_shows_hostile_ids_keys_and_file_names_as_text() {
    let desk = Desk::new();
    let output = desk.run(&["validate"]);
    assert_all_inert("validate", &output);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("x\\u{1b}[2J\\u{202e}lmay.yaml:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("malformed id `bad\\u{1b}]0;id\\u{7}`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("unknown key `\\u{1b}[31munknown`"),
        "{stdout}"
    );
}

#[test]
fn list_table_shows_every_field_inert_and_aligned() {
    let desk = Desk::new();
    let output = desk.run(&["list"]);
    assert_all_inert("list", &output);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("\\u{1b}]0;pwned"), "{stdout}");
    // Load problems go to stderr, their file names inert too.
    assert!(text(&output.stderr).contains("x\\u{1b}[2J"));
}

#[test]
fn list_json_escapes_del_c1_and_bidi_and_keeps_the_values() {
    let desk = Desk::new();
    let output = desk.run(&["list", "--format", "json"]);
    assert_all_inert("list --format json", &output);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let assertion = json[0]["assertion"].as_str().unwrap();
    assert!(assertion.contains("\u{9b}31m csi \u{7f} del \u{202e}reversed"));
    assert_eq!(json[0]["verdict"]["by"], "\u{202e}eve");
}

#[test]
fn list_ids_is_inert() {
    let desk = Desk::new();
    let output = desk.run(&["list", "--format", "ids"]);
    assert_all_inert("list --format ids", &output);
    assert_eq!(text(&output.stdout), "hostile-claim\nquiet-claim\n");
}

#[test]
fn export_in_every_format_is_inert_and_json_keeps_the_values() {
    let desk = Desk::new();
    for format in ["claimreview", "json", "csv"] {
        let output = desk.run(&[
            "export",
            "--format",
            format,
            "--organisation",
            "\u{1b}[2Jdesk",
        ]);
        assert!(
            output.status.success(),
            "{format}: {}",
            text(&output.stderr)
        );
        assert_all_inert(&format!("export --format {format}"), &output);
    }

    let markup = desk.run(&[
        "export",
        "--format",
        "claimreview",
        "--organisation",
        "\u{9b}desk",
    ]);
    let markup: serde_json::Value = serde_json::from_slice(&markup.stdout).unwrap();
    assert_eq!(markup[0]["author"]["name"], "\u{9b}desk");
    assert!(
        markup[0]["claimReviewed"]
            .as_str()
            .unwrap()
            .contains("\u{9b}31m csi \u{7f} del \u{202e}reversed")
    );

    // A CSV cell shows its controls as text, line breaks kept.
    let csv = desk.run(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(&csv.stdout[..]);
    let row = reader.records().next().unwrap().unwrap();
    assert!(
        row[5].starts_with("\\u{1b}]0;pwned\\u{7} title"),
        "{:?}",
        &row[5]
    );
    assert_eq!(&row[7], "line one\nline two \\u{1b}[31mred");
}

#[test]
fn tag_messages_and_errors_are_inert() {
    let desk = Desk::new();

    let unknown = desk.run(&["tag", "no\x1b]0;such\x07", "false"]);
    assert!(!unknown.status.success());
    assert_all_inert("tag with an unknown id", &unknown);
    assert!(text(&unknown.stderr).contains("no\\u{1b}]0;such\\u{7}"));

    let theirs = desk.run(&["tag", "--by", "me", "hostile-claim", "true"]);
    assert!(!theirs.status.success());
    assert_all_inert("tag over someone else's verdict", &theirs);
    assert!(text(&theirs.stderr).contains("\\u{202e}eve's verdict"));

    let saved = desk.run(&["tag", "--by", "me", "quiet-claim", "true"]);
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    assert_all_inert("tag", &saved);
    assert!(text(&saved.stdout).contains("lmay.yaml"));

    let removed = desk.run(&["untag", "quiet-claim"]);
    assert!(removed.status.success(), "{}", text(&removed.stderr));
    assert_all_inert("untag", &removed);
}

#[test]
fn a_path_that_does_not_exist_is_named_inert() {
    let desk = Desk::new();
    let output = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .env("CLAIMDESK_CONFIG", "")
        .env("CLAIMDESK_STATE_DIR", "")
        .env("CLAIMDESK_CACHE_DIR", desk.root.path().join("cache"))
        .args(["validate"])
        .arg(Path::new("missing\x1b]52;c;eA==\x07.yaml"))
        .output()
        .unwrap();
    assert_all_inert("validate of a missing path", &output);
    // A usage error, said on stderr.
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("missing\\u{1b}]52"));
}

/// `text` without the colour sequences (`ESC [ ... m`) a program adds itself.
fn without_colours(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("\x1b[") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(end) if after[end..].starts_with('m') => rest = &after[end + 1..],
            _ => {
                out.push_str(&rest[start..start + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn argument_errors_do_not_echo_escapes() {
    // Forced colours, as on a terminal: clap then passes what it echoes through unstripped.
    let output = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .env("CLICOLOR_FORCE", "1")
        .args(["list", "--format", "\x1b]0;pwned\x07"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = without_colours(&text(&output.stderr));
    assert_inert("an argument error", stderr.as_bytes());
    assert!(stderr.contains("\\u{1b}]0;pwned"), "{stderr}");
}
