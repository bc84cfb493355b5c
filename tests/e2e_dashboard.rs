//! The real binary in a pseudo-terminal: what a user types, what the screen shows, and what
//! ends up on disk.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use claimdesk::model::RatingScale;
use claimdesk::store::load_file;

const ROWS: u16 = 40;
const COLS: u16 = 120;
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(20);
const BINARY: &str = env!("CARGO_BIN_EXE_claimdesk");

/// The dashboard running in a pseudo-terminal, its output fed to a terminal emulator.
struct Dashboard {
    screen: Arc<Mutex<vt100::Parser>>,
    keyboard: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    // Dropping the master end would hang up the terminal under the dashboard.
    _master: Box<dyn MasterPty + Send>,
}

impl Dashboard {
    fn open(dir: &Path, args: &[&str]) -> Self {
        Self::open_with_env(dir, args, &[])
    }

    fn open_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(BINARY);
        command.args(args);
        command.cwd(dir);
        command.env("TERM", "xterm-256color");
        command.env("CLAIMDESK_CACHE_DIR", "");
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("start claimdesk");
        drop(pty.slave);
        let mut output = pty.master.try_clone_reader().expect("pty reader");
        let keyboard = pty.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(ROWS),
            nonzero(COLS),
            0,
        )));
        let feed = Arc::clone(&screen);
        // Keep draining the output, or the dashboard blocks on a full terminal buffer.
        thread::spawn(move || {
            let mut buffer = [0; 8192];
            while let Ok(n) = output.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buffer[..n]);
            }
        });
        Self {
            screen,
            keyboard,
            child,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ready` and has stopped changing, and returns it.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        let mut previous = String::new();
        loop {
            let screen = self.contents();
            if ready(&screen) && screen == previous {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen shows:\n{screen}"
            );
            previous = screen;
            thread::sleep(POLL);
        }
    }

    fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text))
    }

    fn send(&mut self, keys: &str) {
        self.keyboard.write_all(keys.as_bytes()).expect("type");
        self.keyboard.flush().expect("flush keys");
    }

    fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("exit status") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "claimdesk did not exit:\n{}",
                self.contents()
            );
            thread::sleep(POLL);
        }
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

const ENTER: &str = "\r";

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal has rows and columns")
}

/// A git repository holding a copy of `data/`, committed, so `git diff` shows every write.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cowin-2023-06.yaml");
    std::fs::copy(sample, data.join("cowin-2023-06.yaml")).unwrap();
    for args in [
        &["init", "-q"][..],
        &["config", "user.name", "Test"],
        &["config", "user.email", "test@example.com"],
        &["add", "."],
        &["commit", "-q", "-m", "claims"],
    ] {
        git(dir.path(), args);
    }
    let file = data.join("cowin-2023-06.yaml");
    (dir, file)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

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
    dashboard.wait_for_text("1-9 or ↑↓ Enter");
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

    let other = Command::new(BINARY)
        .args([
            "tag",
            "obrien-threat-to-government-organs",
            "misleading",
            "--by",
            "other",
            "data/",
        ])
        .current_dir(dir.path())
        .env("CLAIMDESK_CACHE_DIR", "")
        .output()
        .expect("run claimdesk tag");
    assert!(
        other.status.success(),
        "{}",
        String::from_utf8_lossy(&other.stderr)
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

fn verdict_on_disk(path: &Path, id: &str) -> Option<claimdesk::model::Verdict> {
    let file = load_file(path, &RatingScale::default());
    file.claims.into_iter().find(|c| c.id == id)?.verdict
}

/// `claimdesk tag ID RATING --by BY data/`, as a colleague at another terminal would run it.
fn colleague_tags(dir: &Path, id: &str, rating: &str, by: &str) {
    let output = Command::new(BINARY)
        .args([
            "tag",
            id,
            rating,
            "--by",
            by,
            "--note",
            "from the desk",
            "data/",
        ])
        .current_dir(dir)
        .env("CLAIMDESK_CACHE_DIR", "")
        .output()
        .expect("run claimdesk tag");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_colleagues_verdict_tagged_while_the_picker_is_open_stays_until_the_user_confirms() {
    let (dir, file) = fixture();
    let id = "cowin-data-available-online";
    let mut dashboard = Dashboard::open(dir.path(), &["data/", "--by", "tester"]);
    dashboard.wait_for_text("Claims 6/6");
    dashboard.send("v");
    dashboard.wait_for_text("1-9 or ↑↓ Enter");
    colleague_tags(dir.path(), id, "pants-on-fire", "erin");
    // The dashboard notices the change behind the picker.
    dashboard.wait_for_text("PANTS-ON");
    dashboard.send("5");
    dashboard.wait_for_text("Note for FALSE");
    dashboard.send(ENTER);
    let screen = dashboard.wait_for_text("The verdict changed on disk since you began");
    assert!(screen.contains("PANTS-ON-FIRE by erin"), "{screen}");
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

#[test]
fn e_hands_the_terminal_to_the_editor_at_the_claim_and_shows_its_edit_after() {
    let (dir, file) = fixture();
    // An "editor" that records its arguments and rewrites an assertion, as a user would.
    let script = dir.path().join("fake-editor");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/editor-args\"\n\
         sed -i 's/A deep-rooted conspiracy/An edited conspiracy/' \"$2\"\n",
    )
    .unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&script, mode).unwrap();
    let mut dashboard = Dashboard::open_with_env(
        dir.path(),
        &["data/", "--by", "tester"],
        &[("VISUAL", script.to_str().unwrap())],
    );
    dashboard.wait_for_text("Claims 6/6");
    dashboard.send("jje");
    dashboard.wait_for_text("back from the editor");
    let screen = dashboard.wait_for_text("An edited conspiracy");
    assert!(
        screen.contains("Claims 6/6"),
        "the dashboard is drawn again:\n{screen}"
    );
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
