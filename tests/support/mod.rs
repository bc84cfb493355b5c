//! The real binary in a pseudo-terminal, shared by the PTY tests: what a user types, what the
//! screen shows, the raw bytes the dashboard wrote, and a desk in a git repository so that
//! `git diff` shows what ended up on disk.

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub mod tmux;

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;
pub const TIMEOUT: Duration = Duration::from_secs(15);
pub const POLL: Duration = Duration::from_millis(20);
const BINARY: &str = env!("CARGO_BIN_EXE_claimdesk");
pub const ENTER: &str = "\r";

/// The dashboard running in a pseudo-terminal, its output fed to a terminal emulator and
/// kept as raw bytes.
pub struct Dashboard {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Signalled (with the screen's lock) each time output has reached the screen.
    drawn: Arc<Condvar>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Set once the terminal's output has ended: everything the dashboard wrote has been read.
    output_ended: Arc<AtomicBool>,
    /// Shared with the output thread, which answers the dashboard's questions to the terminal.
    keyboard: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    // Dropping the master end would hang up the terminal under the dashboard.
    master: Box<dyn MasterPty + Send>,
}

impl Dashboard {
    pub fn open(dir: &Path, args: &[&str]) -> Self {
        Self::open_with_env(dir, args, &[])
    }

    pub fn open_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::open_program(Path::new(BINARY), dir, args, env)
    }

    /// `program` (a build of claimdesk, another one than this test's for a comparison) in a
    /// pseudo-terminal.
    pub fn open_program(program: &Path, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system()
            .openpty(size(ROWS, COLS))
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.cwd(dir);
        command.env("TERM", "xterm-256color");
        // No user file: the tests never read the settings of whoever runs them.
        command.env("CLAIMDESK_CONFIG", "");
        command.env("CLAIMDESK_STATE_DIR", "");
        command.env("CLAIMDESK_CACHE_DIR", "");
        command.env_remove("NO_COLOR");
        // Whatever terminal runs the tests, the dashboard draws for the emulator: no links
        // unless a test asks for them.
        command.env("CLAIMDESK_HYPERLINKS", "0");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("start claimdesk");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let keyboard = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(ROWS),
            nonzero(COLS),
            0,
        )));
        let drawn = Arc::new(Condvar::new());
        let output = Arc::new(Mutex::new(Vec::new()));
        let output_ended = Arc::new(AtomicBool::new(false));
        let (feed, signal, log, ended, answers) = (
            Arc::clone(&screen),
            Arc::clone(&drawn),
            Arc::clone(&output),
            Arc::clone(&output_ended),
            Arc::clone(&keyboard),
        );
        // Keep draining the output, or the dashboard blocks on a full terminal buffer.
        thread::spawn(move || {
            let mut buffer = [0; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                // One lock order everywhere: the screen, then the log.
                let mut screen = feed.lock().unwrap();
                process_answering(&mut screen, &buffer[..n], &answers);
                log.lock().unwrap().extend_from_slice(&buffer[..n]);
                signal.notify_all();
            }
            ended.store(true, Ordering::SeqCst);
            signal.notify_all();
        });
        Self {
            screen,
            drawn,
            output,
            output_ended,
            keyboard,
            child,
            master: pty.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Runs `look` on the terminal emulator's state.
    pub fn with_screen<T>(&self, look: impl FnOnce(&vt100::Screen) -> T) -> T {
        look(self.screen.lock().unwrap().screen())
    }

    /// Every byte the dashboard has written to the terminal so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn output_len(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Waits until the screen satisfies `ready` and has stopped changing, and returns it.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

    /// Waits until the screen satisfies `ready`, looking each time output arrives rather than
    /// at intervals, and returns when it first did: for timing what the dashboard draws.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> Instant {
        let deadline = Instant::now() + TIMEOUT;
        let mut screen = self.screen.lock().unwrap();
        loop {
            if ready(screen.screen()) {
                return Instant::now();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero() && !self.output_ended.load(Ordering::SeqCst),
                "no {what}; the screen shows:\n{}",
                screen.screen().contents()
            );
            screen = self.drawn.wait_timeout(screen, left).unwrap().0;
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Waits until the dashboard has written nothing for `quiet` (it has taken in what it was
    /// sent and drawn the result) or has exited. False when it was still writing at the
    /// deadline.
    pub fn settle(&mut self, quiet: Duration, deadline: Duration) -> bool {
        let deadline = Instant::now() + deadline;
        let mut seen = self.output_len();
        let mut since = Instant::now();
        loop {
            thread::sleep(POLL);
            let now = self.output_len();
            if now != seen {
                (seen, since) = (now, Instant::now());
            } else if since.elapsed() >= quiet || self.exited().is_some() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.send_bytes(keys.as_bytes());
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        // A dashboard that has just exited no longer reads: what it was sent is lost.
        let mut keyboard = self.keyboard.lock().unwrap();
        let _ = keyboard.write_all(bytes);
        let _ = keyboard.flush();
    }

    /// Resizes the terminal, as a user dragging the window's corner.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // The emulator first, so that what the dashboard draws for the new size lands in it.
        let mut screen = self.screen.lock().unwrap();
        screen.set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(size(rows, cols))
            .expect("resize the pty");
    }

    /// The dashboard's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child has a pid")
    }

    /// The exit status, once the dashboard has exited.
    pub fn exited(&mut self) -> Option<portable_pty::ExitStatus> {
        self.child.try_wait().expect("exit status")
    }

    pub fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.exited() {
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

    /// Waits until the terminal's output has ended (the dashboard has exited and everything it
    /// wrote has been read), so that the screen and the raw output are final.
    pub fn wait_for_output_end(&self) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.output_ended.load(Ordering::SeqCst) {
            assert!(
                Instant::now() < deadline,
                "the terminal's output did not end:\n{}",
                self.contents()
            );
            thread::sleep(POLL);
        }
    }

    /// The terminal's modes now.
    pub fn modes(&self) -> TerminalModes {
        let stty = self.stty();
        let settings: Vec<&str> = stty.split([' ', ';', '\n']).collect();
        let line_editing = settings.contains(&"icanon") && settings.contains(&"echo");
        let raw = settings.contains(&"-icanon") && settings.contains(&"-echo");
        assert!(line_editing != raw, "half raw:\n{stty}");
        self.with_screen(|screen| TerminalModes {
            alternate_screen: screen.alternate_screen(),
            cursor_hidden: screen.hide_cursor(),
            bracketed_paste: screen.bracketed_paste(),
            mouse_reports: screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None,
            raw,
        })
    }

    /// The terminal's line settings as `stty -a` prints them (`icanon`, `-echo`, ...).
    pub fn stty(&self) -> String {
        let tty = self.master.tty_name().expect("the pty's name");
        let output = Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(&tty)
            .output()
            .expect("run stty");
        assert!(
            output.status.success(),
            "stty -F {}: {}",
            tty.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

/// The terminal's modes as a program left them, from the emulator and the pseudo-terminal's
/// line settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalModes {
    pub alternate_screen: bool,
    pub cursor_hidden: bool,
    pub bracketed_paste: bool,
    pub mouse_reports: bool,
    /// Line editing and echo off, as a full-screen program wants them.
    pub raw: bool,
}

impl TerminalModes {
    /// As a shell (or an editor, when it starts) finds the terminal.
    pub const SHELL: Self = Self {
        alternate_screen: false,
        cursor_hidden: false,
        bracketed_paste: false,
        mouse_reports: false,
        raw: false,
    };
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// Feeds `output` to `screen`, answering each cursor position request (`CSI 6n`, which the
/// dashboard sends at start-up to learn how the terminal draws text) as a terminal does: with
/// where the cursor is once everything before the request is drawn.
fn process_answering(
    screen: &mut vt100::Parser,
    mut output: &[u8],
    answers: &Mutex<Box<dyn Write + Send>>,
) {
    const REQUEST: &[u8] = b"\x1b[6n";
    while let Some(at) = output.windows(REQUEST.len()).position(|w| w == REQUEST) {
        let (before, after) = output.split_at(at + REQUEST.len());
        screen.process(before);
        let (row, col) = screen.screen().cursor_position();
        let mut answers = answers.lock().unwrap();
        let _ = write!(answers, "\x1b[{};{}R", row + 1, col + 1);
        let _ = answers.flush();
        output = after;
    }
    screen.process(output);
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

pub fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal has rows and columns")
}

/// A git repository holding a copy of `data/`, committed, so `git diff` shows every write;
/// and the path of the sample file in it.
pub fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in std::fs::read_dir(samples).expect("read data/") {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
        }
    }
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

/// A named pipe at `path`.
pub fn make_fifo(path: &Path) {
    run(Command::new("mkfifo").arg(path));
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    run(Command::new("git").args(args).current_dir(dir))
}

/// `claimdesk ARGS` in `dir`, as a script or a colleague at another terminal runs it (without
/// the cache); it must succeed.
pub fn claimdesk(dir: &Path, args: &[&str]) -> String {
    run(Command::new(BINARY)
        .args(args)
        .current_dir(dir)
        .env("CLAIMDESK_CONFIG", "")
        .env("CLAIMDESK_STATE_DIR", "")
        .env("CLAIMDESK_CACHE_DIR", ""))
}

/// Runs `command`, asserts that it succeeded, and returns what it printed.
fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// SplitMix64: a tiny seeded generator, the same on every machine, so that a randomised test
/// (the monkey, the crash test) makes the same choices on every run and a failure replays.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Up to `most` (at least one) pieces, joined.
    pub fn text(&mut self, pieces: &[&str], most: usize) -> String {
        let count = 1 + self.below(most);
        (0..count).map(|_| *self.pick(pieces)).collect()
    }
}
