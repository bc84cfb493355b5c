//! One table of queries, run through `claimdesk list --query Q --format ids` (the real binary)
//! and typed into the dashboard's search box: both must list the same claims in the same
//! order, and refuse the same queries with the same message.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{SecondsFormat, TimeDelta, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use tempfile::TempDir;

use claimdesk::app::{App, Message};
use claimdesk::model::RatingScale;
use claimdesk::search::IndexedFile;
use claimdesk::store::load_file;
use claimdesk::ui::Theme;

/// What a query must give: these ids in this order, or an error with this message.
enum Expected {
    Ids(&'static [&'static str]),
    Error(&'static str),
}

use Expected::{Error, Ids};

const FIELDS: &str = "fields: by: rating: is: tag: assignee: status: claimant: file: date: at:";

/// The shared table. Files are listed by path: `elections.yaml`, then `health.yaml`.
const TABLE: &[(&str, Expected)] = &[
    (
        "",
        Ids(&[
            "rally-voter-rolls",
            "evm-tampering",
            "vaccine-data-leak",
            "portal-is-safe",
            "aadhaar-lookup",
        ]),
    ),
    ("telegram", Ids(&["vaccine-data-leak", "aadhaar-lookup"])),
    ("screenshot", Ids(&["vaccine-data-leak"])),
    ("bot -aadhaar", Ids(&["vaccine-data-leak"])),
    ("deja file:elections", Ids(&["evm-tampering"])),
    ("by:priya", Ids(&["rally-voter-rolls", "vaccine-data-leak"])),
    ("rating:false", Ids(&["vaccine-data-leak"])),
    (
        "rating:false rating:misleading",
        Ids(&["vaccine-data-leak", "aadhaar-lookup"]),
    ),
    ("is:untagged", Ids(&["evm-tampering", "portal-is-safe"])),
    (
        "is:tagged -rating:true",
        Ids(&["vaccine-data-leak", "aadhaar-lookup"]),
    ),
    ("tag:aadhaar", Ids(&["aadhaar-lookup"])),
    (
        "claimant:\"Derek O’Brien\"",
        Ids(&["rally-voter-rolls", "vaccine-data-leak"]),
    ),
    (
        "file:health",
        Ids(&["vaccine-data-leak", "portal-is-safe", "aadhaar-lookup"]),
    ),
    (
        "date:2023-06",
        Ids(&["vaccine-data-leak", "portal-is-safe", "aadhaar-lookup"]),
    ),
    (
        "date:>=2023-06-13",
        Ids(&["rally-voter-rolls", "vaccine-data-leak"]),
    ),
    ("-date:2023", Ids(&["rally-voter-rolls", "evm-tampering"])),
    ("at:<7d", Ids(&["vaccine-data-leak"])),
    ("at:>2w", Ids(&["rally-voter-rolls", "aadhaar-lookup"])),
    ("data rating:false by:PRIYA", Ids(&["vaccine-data-leak"])),
    ("bye:priya", Error("unknown field `bye:` at 1; ")),
    (
        "date:2023-13",
        Error("`2023-13` is not a date at 6; dates: "),
    ),
    (
        "leak rating:fals",
        Error("unknown rating `fals` at 13; ratings: "),
    ),
];

/// A desk of two files whose claims differ in every field; verdict times are counted back
/// from now, so that `at:<7d` has a margin of days either way.
fn desk() -> TempDir {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("claims");
    fs::create_dir(&dir).unwrap();
    let ago =
        |days: i64| (Utc::now() - TimeDelta::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let health = format!(
        "claims:
  - id: vaccine-data-leak
    assertion: Vaccine data of every citizen leaked on a Telegram bot
    claimant: Derek O’Brien, Trinamool Congress MP
    date: 2023-06-15
    tags: [cowin, data-breach]
    verdict:
      rating: \"false\"
      note: The bot served previously stolen data; no forged screenshot was found
      by: Priya Sharma
      at: {}
  - id: portal-is-safe
    assertion: The CoWIN portal is completely safe
    claimant: Union Health Ministry
    date: 2023-06-12
    tags: [cowin, government-statement]
  - id: aadhaar-lookup
    assertion: A bot returned Aadhaar numbers for any phone number
    claimant: Certain Twitter users
    date: 2023-06-12
    tags: [aadhaar, telegram]
    verdict:
      rating: misleading
      note: The lookup was never shown to work
      by: Asha Rao
      at: {}
",
        ago(2),
        ago(30)
    );
    let elections = format!(
        "claims:
  - id: rally-voter-rolls
    assertion: Voter rolls in the district were padded with 40,000 names
    claimant: Derek O'Brien
    date: 2024-04-02
    tags: [elections, voter-rolls]
    verdict:
      rating: \"true\"
      by: priya
      at: {}
  - id: evm-tampering
    assertion: Déjà vu — the machines were tampered with again
    claimant: Anonymous post
    tags: [elections, evm]
",
        ago(400)
    );
    fs::write(dir.join("health.yaml"), health).unwrap();
    fs::write(dir.join("elections.yaml"), elections).unwrap();
    root
}

/// `claimdesk list --query QUERY --format ids`: the ids, or the exit code and standard error.
fn list(root: &Path, query: &str) -> Result<Vec<String>, (Option<i32>, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .env("CLAIMDESK_CONFIG", "")
        .env("CLAIMDESK_STATE_DIR", "")
        .env("CLAIMDESK_CACHE_DIR", root.join("cache"))
        .args(["list", "--query", query, "--format", "ids"])
        .arg(root.join("claims"))
        .output()
        .unwrap();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        return Err((output.status.code(), stderr));
    }
    let ids = String::from_utf8(output.stdout).unwrap();
    Ok(ids.lines().map(String::from).collect())
}

/// The dashboard over the desk's files, loaded as the event loop loads them.
fn dashboard(root: &Path) -> App {
    let mut paths: Vec<PathBuf> = fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let mut app = App::new(paths.clone(), Some("tester".into()), Theme { color: false });
    let mut send = |message| assert!(app.update(message).is_none());
    send(Message::Resize {
        width: 120,
        height: 40,
    });
    send(Message::LoadingStarted {
        files: paths.len(),
        bytes: 0,
        problems: Vec::new(),
    });
    // The files arrive in the order they finish loading: here, the reverse of the list's.
    for path in paths.iter().rev() {
        let file = load_file(path, &RatingScale::default());
        send(Message::FilesLoaded(vec![IndexedFile::new(file)]));
    }
    send(Message::LoadFinished);
    app
}

/// Types `/QUERY` into the dashboard's search box, key by key, then Enter: the ids listed, or
/// the error the search line shows.
fn search(app: &mut App, query: &str) -> Result<Vec<String>, String> {
    let mut press = |code| assert!(app.update(Message::Key(KeyEvent::from(code))).is_none());
    press(KeyCode::Esc);
    for c in std::iter::once('/').chain(query.chars()) {
        press(KeyCode::Char(c));
    }
    press(KeyCode::Enter);
    if let Some(error) = &app.query_error {
        return Err(error.to_string());
    }
    assert!(app.search.is_none(), "Enter keeps a query that parses");
    let claims = app.claims();
    Ok(app.view.iter().map(|&i| claims[i].id.to_string()).collect())
}

#[test]
fn list_and_the_dashboard_give_the_same_ids_for_the_same_query() {
    let root = desk();
    let mut app = dashboard(root.path());
    for (query, expected) in TABLE {
        let listed = list(root.path(), query);
        let shown = search(&mut app, query);
        match expected {
            Ids(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                assert_eq!(listed, Ok(ids.clone()), "list --query {query:?}");
                assert_eq!(shown, Ok(ids), "the dashboard, /{query}");
            }
            Error(start) => {
                let Err(shown) = shown else {
                    panic!("the dashboard took {query:?}: {shown:?}");
                };
                assert!(shown.starts_with(start), "{query:?}: {shown}");
                assert!(shown.ends_with(FIELDS), "{query:?}: {shown}");
                let Err((code, stderr)) = listed else {
                    panic!("list took {query:?}: {listed:?}");
                };
                assert_eq!(code, Some(2), "{query:?}: {stderr}");
                assert_eq!(stderr, format!("claimdesk: error: bad --query: {shown}\n"));
            }
        }
    }
}
