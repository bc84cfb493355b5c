//! The monkey test: thousands of seeded random events in a pseudo-terminal against a copy of
//! the sample desk in a git repository. Keys from the keymap, text in several scripts,
//! control characters, bracketed pastes (line breaks, `q`, escapes inside), mouse events and
//! resizes down to 1x1; sometimes the few keys that tag, clear or undo a verdict in a row, so
//! that the dashboard writes. Whenever it quits it must exit with status 0 and hand the
//! terminal back as it found it; then it is started again. At the end no run has panicked,
//! every file still validates, and `git diff` holds only verdict blocks and additions (claims
//! and rebuttals from the forms): the only things the dashboard writes.
//!
//! `CLAIMDESK_MONKEY_SEED` and `CLAIMDESK_MONKEY_EVENTS` choose the run; a failure names both
//! and the last events sent. The same seed sends the same bytes, but what the dashboard makes
//! of them also depends on timing (where a reload lands between two keys), so a seed
//! reproduces a failure most of the time, not always.

mod support;

#[path = "../fuzz/checks.rs"]
mod checks;

use std::collections::{BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::time::{Duration, Instant};

use claimdesk::keymap::{Action, BINDINGS, KeySpec};
use claimdesk::model::RatingScale;
use claimdesk::store::load_file;
use crossterm::event::KeyCode;

use support::{Dashboard, Rng, TerminalModes, claimdesk, fixture, git};

const DEFAULT_SEED: u64 = 20_261_128;
const DEFAULT_EVENTS: usize = 3_000;
/// At most this many events are sent in one write before waiting for the dashboard.
const BATCH: usize = 24;
/// The dashboard has taken in a batch once it has drawn nothing for this long (it polls its
/// input every 50 ms and draws at once).
const QUIET: Duration = Duration::from_millis(80);
/// A dashboard still drawing after this long is stuck in a loop.
const STILL_DRAWING: Duration = Duration::from_secs(20);
/// How many of the last events a failure lists.
const REMEMBERED: usize = 40;

/// What a terminal mode looks like in the raw output: switched on, switched off. The
/// dashboard turns on the first three always, the mouse modes with `--mouse`.
const MODES: &[(&str, &str, &str)] = &[
    ("the alternate screen", "\x1b[?1049h", "\x1b[?1049l"),
    ("the hidden cursor", "\x1b[?25l", "\x1b[?25h"),
    ("bracketed paste", "\x1b[?2004h", "\x1b[?2004l"),
    ("mouse capture", "\x1b[?1000h", "\x1b[?1000l"),
    ("SGR mouse reports", "\x1b[?1006h", "\x1b[?1006l"),
];

/// Pieces of typed text: letters that are keys on the main screen, punctuation, and text in
/// other scripts, combining marks, emoji sequences, bidi controls and a BOM.
const TEXT: &[&str] = &[
    "a",
    "e",
    "j",
    "k",
    "n",
    "N",
    "s",
    "u",
    "v",
    "x",
    "g",
    "G",
    "r",
    "f",
    "m",
    "1",
    "5",
    "9",
    " ",
    ".",
    "-",
    ":",
    "#",
    "'",
    "\"",
    "/",
    "?",
    "!",
    "é",
    "ß",
    "İ",
    "मंत्री",
    "ক্লেম",
    "中文",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "\u{301}",
    "\u{200f}",
    "\u{202e}",
    "\u{feff}",
    "q",
];

/// Pieces of pasted text: line breaks as terminals send them, keys that must stay text, and
/// escape sequences that must stay inert.
const PASTED: &[&str] = &[
    "no leak shown",
    "q",
    "u",
    "v5",
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b[31m",
    "\x07",
    "\x08",
    "\x7f",
    "\x00",
    "मंत्री",
    "😀",
    "verdict: {rating: true}",
    "- id: injected",
    "\x1b[A",
];

/// Terminal sizes as (rows, columns): tiny ones, common ones and very wide or tall ones.
const SIZES: &[(u16, u16)] = &[
    (1, 1),
    (3, 10),
    (24, 80),
    (40, 120),
    (10, 40),
    (60, 200),
    (5, 5),
    (50, 2),
];

/// One thing the monkey does.
enum Event {
    /// Bytes as the terminal sends them for keys, text, pastes and mouse events.
    Input(String),
    Resize {
        rows: u16,
        cols: u16,
    },
}

struct Monkey {
    seed: u64,
    rng: Rng,
    /// Every key the keymap binds, except those that quit (the monkey quits less often).
    keys: Vec<KeySpec>,
    quit_keys: Vec<KeySpec>,
    sent: usize,
    sessions: usize,
    recent: VecDeque<String>,
}

impl Monkey {
    fn new(seed: u64) -> Self {
        let quits = |quit: bool| -> Vec<KeySpec> {
            let mut keys: Vec<KeySpec> = Vec::new();
            for binding in BINDINGS
                .iter()
                .filter(|b| (b.action == Action::Quit) == quit)
            {
                for key in binding.keys {
                    if !keys.contains(key) {
                        keys.push(*key);
                    }
                }
            }
            keys
        };
        let quit_keys = quits(true);
        let keys = quits(false)
            .into_iter()
            .filter(|k| !quit_keys.contains(k))
            .collect();
        Self {
            seed,
            rng: Rng(seed),
            keys,
            quit_keys,
            sent: 0,
            sessions: 0,
            recent: VecDeque::new(),
        }
    }

    /// Where the run is and how to run it again, for failure messages.
    fn context(&self) -> String {
        let mut text = format!(
            "monkey seed {seed}, {sent} events sent, session {sessions}; rerun with \
             CLAIMDESK_MONKEY_SEED={seed} CLAIMDESK_MONKEY_EVENTS={sent} cargo test --test monkey\n\
             the last events:",
            seed = self.seed,
            sent = self.sent,
            sessions = self.sessions,
        );
        for event in &self.recent {
            let _ = write!(text, "\n  {event}");
        }
        text
    }

    fn remember(&mut self, event: String) {
        if self.recent.len() == REMEMBERED {
            self.recent.pop_front();
        }
        self.recent.push_back(event);
        self.sent += 1;
    }

    fn event(&mut self) -> Event {
        let rng = &mut self.rng;
        let input = match rng.below(1000) {
            0..450 => {
                let key = *rng.pick(&self.keys);
                key_bytes(key, rng)
            }
            450..600 => rng.text(TEXT, 8),
            600..700 => rng
                .pick(&[
                    "\r", "\x1b", "\t", "\x1b[Z", "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\x7f",
                    "\x1b[3~", "\x1bOP",
                ])
                .to_string(),
            // Control characters, Ctrl-C (which quits) and Escape (named above) aside.
            700..750 => {
                char::from(*rng.pick(&[1_u8, 2, 4, 8, 10, 11, 12, 15, 18, 21, 23, 26, 31, 127]))
                    .to_string()
            }
            750..810 => {
                let text = if rng.below(20) == 0 {
                    "a long pasted note ".repeat(200)
                } else {
                    rng.text(PASTED, 30)
                };
                format!("\x1b[200~{text}\x1b[201~")
            }
            810..850 => {
                let button = rng.pick(&[0, 2, 32, 64, 65]);
                let (x, y) = (1 + rng.below(130), 1 + rng.below(45));
                let end = rng.pick(&["M", "m"]);
                format!("\x1b[<{button};{x};{y}{end}")
            }
            850..880 => {
                let (rows, cols) = if rng.below(2) == 0 {
                    *rng.pick(SIZES)
                } else {
                    (1 + rng.below(70) as u16, 1 + rng.below(250) as u16)
                };
                return Event::Resize { rows, cols };
            }
            880..884 => {
                let key = *rng.pick(&self.quit_keys);
                key_bytes(key, rng)
            }
            // The keys that write, in a row: tag with a note, clear and confirm, undo, redo.
            _ => match rng.below(4) {
                0 => {
                    let digit = 1 + rng.below(9);
                    let note = rng.text(TEXT, 12);
                    format!("v{digit}{note}\r")
                }
                1 => "xy".to_string(),
                2 => "u".to_string(),
                _ => "\x12".to_string(),
            },
        };
        Event::Input(input)
    }

    /// The next few events, up to `events` in all: the bytes to send at once, then a resize
    /// if one came up. A lone Escape ends a batch too: followed by more bytes, it would read as
    /// Alt plus a key.
    fn batch(&mut self, events: usize) -> (String, Option<(u16, u16)>) {
        let mut batch = String::new();
        for _ in 0..1 + self.rng.below(BATCH) {
            if self.sent == events {
                break;
            }
            match self.event() {
                Event::Input(input) => {
                    self.remember(format!("{input:?}"));
                    batch.push_str(&input);
                    if input == "\x1b" {
                        break;
                    }
                }
                Event::Resize { rows, cols } => {
                    self.remember(format!("resize to {rows}x{cols}"));
                    return (batch, Some((rows, cols)));
                }
            }
        }
        (batch, None)
    }

    /// Whether this session has the mouse on: every other one.
    fn mouse(&self) -> bool {
        self.sessions.is_multiple_of(2)
    }

    /// Opens the dashboard on the desk, every other time with the mouse on, and waits until it
    /// shows every claim.
    fn open(&mut self, dir: &Path) -> Dashboard {
        self.sessions += 1;
        let mut args = vec!["data/", "--by", "monkey"];
        if self.mouse() {
            args.push("--mouse");
        }
        // `e` opens the editor: one that exits at once.
        let env = [("EDITOR", "true"), ("VISUAL", "true")];
        let dashboard = Dashboard::open_with_env(dir, &args, &env);
        dashboard.wait_for_text("Claims 6/6");
        dashboard
    }

    /// The dashboard has exited: with status 0, without a panic, and the terminal as it was.
    fn check_exit(&self, dashboard: &Dashboard, status: portable_pty::ExitStatus) {
        dashboard.wait_for_output_end();
        let output = dashboard.output();
        let context = self.context();
        assert!(
            status.success(),
            "claimdesk exited with {status:?}\n{context}"
        );
        let shown = String::from_utf8_lossy(&output);
        assert!(
            !shown.contains("panicked"),
            "claimdesk panicked:\n{}\n{context}",
            tail(&shown)
        );
        for (mode, on, off) in MODES {
            let (on, off) = (rfind(&output, on), rfind(&output, off));
            assert!(
                on.is_none() || off > on,
                "{mode} was left on at exit\n{context}"
            );
        }
        // The scan above sees the modes the dashboard turns on, or it proves nothing.
        for (mode, on, _) in &MODES[..if self.mouse() { 5 } else { 3 }] {
            assert!(
                rfind(&output, on).is_some(),
                "{mode} was never switched on\n{context}"
            );
        }
        let modes = dashboard.modes();
        assert_eq!(
            modes,
            TerminalModes::SHELL,
            "the terminal is not left as the shell had it\n{context}"
        );
    }
}

/// The bytes a terminal sends for `key`.
fn key_bytes(key: KeySpec, rng: &mut Rng) -> String {
    match key {
        KeySpec::Char(c) => c.to_string(),
        KeySpec::Ctrl(c) => char::from(c as u8 & 0x1f).to_string(),
        KeySpec::Digit => (1 + rng.below(9)).to_string(),
        KeySpec::Key(code) => named_key(code).to_string(),
        KeySpec::Alt(code) => format!("\x1b{}", named_key(code)),
    }
}

fn named_key(code: KeyCode) -> &'static str {
    match code {
        KeyCode::Enter => "\r",
        KeyCode::Esc => "\x1b",
        KeyCode::Tab => "\t",
        KeyCode::Backspace => "\x7f",
        KeyCode::Up => "\x1b[A",
        KeyCode::Down => "\x1b[B",
        KeyCode::Right => "\x1b[C",
        KeyCode::Left => "\x1b[D",
        KeyCode::Home => "\x1b[H",
        KeyCode::End => "\x1b[F",
        KeyCode::PageUp => "\x1b[5~",
        KeyCode::PageDown => "\x1b[6~",
        KeyCode::Delete => "\x1b[3~",
        KeyCode::BackTab => "\x1b[Z",
        other => panic!("the monkey cannot type {other:?} yet: add its bytes here"),
    }
}

fn rfind(haystack: &[u8], needle: &str) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle.as_bytes())
}

/// The end of a long output.
fn tail(text: &str) -> &str {
    let mut start = text.len().saturating_sub(4000);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

fn from_env<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value} is not a number")),
        Err(_) => default,
    }
}

#[test]
fn random_keys_pastes_and_resizes_leave_a_sane_terminal_and_only_verdicts_changed() {
    let seed = from_env("CLAIMDESK_MONKEY_SEED", DEFAULT_SEED);
    let events = from_env("CLAIMDESK_MONKEY_EVENTS", DEFAULT_EVENTS);
    eprintln!("monkey: seed {seed}, {events} events");
    let started = Instant::now();
    let (desk, _) = fixture();
    let mut monkey = Monkey::new(seed);
    let mut dashboard = monkey.open(desk.path());
    // How many batches changed the files: the dashboard wrote (or undid) something.
    let (mut state, mut writes) = (desk_state(desk.path()), 0);
    while monkey.sent < events {
        let (batch, resize) = monkey.batch(events);
        dashboard.send(&batch);
        if let Some((rows, cols)) = resize {
            dashboard.resize(rows, cols);
        }
        let settled = dashboard.settle(QUIET, STILL_DRAWING);
        assert!(
            settled,
            "still drawing after {STILL_DRAWING:?}\n{}",
            monkey.context()
        );
        let now = desk_state(desk.path());
        writes += usize::from(now != state);
        state = now;
        if let Some(status) = dashboard.exited() {
            monkey.check_exit(&dashboard, status);
            dashboard = monkey.open(desk.path());
        }
    }
    // Ctrl-C quits from every screen.
    dashboard.send("\x03");
    let status = dashboard.wait_for_exit();
    monkey.check_exit(&dashboard, status);
    drop(dashboard);
    let changed = check_desk(desk.path(), &monkey.context());
    eprintln!(
        "monkey: {} events in {} sessions, {:.1} s; {writes} batches wrote, \
         {changed} lines differ at the end",
        monkey.sent,
        monkey.sessions,
        started.elapsed().as_secs_f64()
    );
}

/// A hash of every claim file's bytes.
fn desk_state(dir: &Path) -> u64 {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("data"))
        .expect("read the desk")
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

/// Every file validates, nothing but claim files is in the folder, and every change is
/// in a verdict block or an addition (a claim or a rebuttal the forms wrote): outside the
/// verdict blocks the old text's lines are all still there, in order, and the lines `git
/// diff` removes are verdict lines (or an empty `[]` list a first rebuttal replaced).
/// Returns how many lines changed.
fn check_desk(dir: &Path, context: &str) -> usize {
    claimdesk(dir, &["validate", "data/"]);
    let status = git(dir, &["status", "--porcelain", "--untracked-files=all"]);
    for line in status.lines() {
        // A claim file a form made is new, and validated with the others above.
        let new_claim_file =
            line.starts_with("?? ") && (line.ends_with(".yaml") || line.ends_with(".yml"));
        assert!(
            line.starts_with(" M ") || new_claim_file,
            "left behind: {line}\n{context}"
        );
    }
    let mut changed = 0;
    for path in git(dir, &["diff", "--name-only"]).lines() {
        let file = load_file(&dir.join(path), &RatingScale::default());
        assert!(file.problems.is_empty(), "{:?}\n{context}", file.problems);
        let before = git(dir, &["show", &format!("HEAD:{path}")]);
        let after = std::fs::read_to_string(dir.join(path)).unwrap();
        let all = |_: &str| true;
        let outside = |text: &str| {
            checks::without_verdict_blocks(text, all)
                .expect("the file parses")
                .replace(
                    ": []
", ":
",
                )
        };
        let (kept, now) = (outside(&before), outside(&after));
        let mut now_lines = now.lines();
        assert!(
            kept.lines().all(|line| now_lines.any(|l| l == line)),
            "{path} changed outside its verdict blocks and additions\n{context}"
        );
        // Added lines are verdict lines or additions, which the text check above covers.
        let old = verdict_lines(&before);
        let before_lines: Vec<&str> = before.lines().collect();
        let diff = git(dir, &["diff", "--unified=0", "--", path]);
        for hunk in diff.lines().filter(|line| line.starts_with("@@")) {
            let (removed, added) = hunk_lines(hunk);
            changed += removed.len() + added.len();
            let empty_list = |line: &usize| before_lines[line - 1].ends_with(": []");
            assert!(
                removed
                    .iter()
                    .all(|line| old.contains(line) || empty_list(line)),
                "{path}: {hunk} changes lines outside verdict blocks:\n{diff}\n{context}"
            );
        }
    }
    changed
}

/// The 1-based numbers of the lines that verdict blocks of `text` touch.
fn verdict_lines(text: &str) -> BTreeSet<usize> {
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let blocks = checks::verdict_blocks(text, |_| true).expect("the file parses");
    blocks
        .into_iter()
        .filter(|block| !block.is_empty())
        .flat_map(|block| line_of(block.start)..=line_of(block.end - 1))
        .collect()
}

/// The old and new line numbers a `@@ -a,n +b,m @@` hunk header covers.
fn hunk_lines(header: &str) -> (Vec<usize>, Vec<usize>) {
    let mut sides = header.split_whitespace().skip(1).take(2).map(|side| {
        let mut numbers = side[1..].split(',').map(|n| n.parse::<usize>().unwrap());
        let start = numbers.next().unwrap();
        let count = numbers.next().unwrap_or(1);
        (start..start + count).collect::<Vec<_>>()
    });
    (sides.next().unwrap(), sides.next().unwrap())
}
